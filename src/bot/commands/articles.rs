//! `/add` and `/remove`: a moderator grows or trims the story from Discord.
//!
//! `/add url:` or `/add file:` reads the article ([`crate::ingest`]: the link is
//! fetched through the address guard, the file through the same guarded
//! fetcher from Discord's CDN), and answers with a preview (title, date,
//! language, source, first sentences, key figures) and two buttons. "Add it"
//! writes `seeds/NAME.txt` and rebuilds the index on the watcher's thread, the
//! one path every change takes; the announcer then posts the article in
//! `discord.announce_channel`. "Cancel" forgets the draft. `/remove article:`
//! moves an article's files to `removed/` and rebuilds. Every refusal is one
//! sentence, ephemeral to the moderator.

use serenity::all::{
    Attachment, AutocompleteChoice, ButtonStyle, ComponentInteraction, CreateActionRow, CreateAutocompleteResponse,
    CreateButton, CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse, Member, RoleId,
    UserId,
};

use super::reindex::may_reindex;
use super::{Context, Error};
use crate::bot::custom_id::{self, Action};
use crate::bot::locale::{self, phrases};
use crate::bot::{Data, card, no_pings};
use crate::engine::Reload;
use crate::ingest::{self, Draft, Input, Refusal, store};
use crate::render::{fit, limits};

/// Discord's limits on autocomplete.
const MAX_CHOICES: usize = 25;
const MAX_CHOICE_CHARS: usize = 100;

/// A draft waiting for its moderator's "Add it".
#[derive(Clone)]
pub struct PendingDraft {
    pub draft: Draft,
    pub by: UserId,
}

/// Whether `member` may add and remove articles: Manage Server (or
/// administrator), or the role `discord.manage_role` names.
pub fn may_change_articles(member: Option<&Member>, role: Option<RoleId>) -> bool {
    member.is_some_and(|m| may_reindex(m.permissions) || role.is_some_and(|r| m.roles.contains(&r)))
}

/// The member behind a slash command, when it is one (not in a DM).
fn member<'a>(ctx: &'a Context<'_>) -> Option<&'a Member> {
    match ctx {
        poise::Context::Application(app) => app.interaction.member.as_deref(),
        poise::Context::Prefix(_) => None,
    }
}

/// Answers the moderator alone.
async fn tell(ctx: Context<'_>, text: &str) -> Result<(), Error> {
    ctx.send(
        poise::CreateReply::default()
            .content(fit(text, limits::CONTENT))
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// Reads the article a link or an attached file gives.
async fn read(data: &Data, url: Option<&str>, file: Option<&Attachment>) -> Result<Draft, Refusal> {
    let fetcher = data.fetcher.as_ref().map_err(Clone::clone)?;
    match (url, file) {
        (Some(url), _) => ingest::draft(&Input::Url(url.to_owned()), fetcher).await,
        (None, Some(file)) => {
            // Checked before any byte is fetched; the fetcher checks again as it reads.
            if u64::from(file.size) > data.max_bytes {
                return Err(Refusal::TooLarge(data.max_bytes));
            }
            let page = fetcher.fetch_file(&file.url).await?;
            Draft::from_file(&file.filename, &page.body)
        }
        (None, None) => Err(Refusal::BadUrl(String::new())),
    }
}

/// Add an article to the story, from a link or a file (Manage Server).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    name_localized("it", "aggiungi"),
    description_localized("it", "Aggiunge un articolo alla storia, da un link o da un file (Gestisci server).")
)]
pub async fn add(
    ctx: Context<'_>,
    #[description = "The article's address (http or https)"]
    #[description_localized("it", "L'indirizzo dell'articolo (http o https)")]
    url: Option<String>,
    #[description = "The article as a .txt, .md or .html file"]
    #[name_localized("it", "file")]
    #[description_localized("it", "L'articolo come file .txt, .md o .html")]
    file: Option<Attachment>,
) -> Result<(), Error> {
    let ui = locale::lang(ctx.locale());
    let p = phrases(ui);
    let data = ctx.data();
    if !may_change_articles(member(&ctx), data.manage_role) {
        return tell(ctx, p.articles_denied).await;
    }
    let url = url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    if url.is_some() == file.is_some() {
        return tell(ctx, p.add_usage).await;
    }
    // Fetching and reading may take seconds; Discord waits for a deferral.
    ctx.defer_ephemeral().await?;
    let draft = match read(data, url, file.as_ref()).await {
        Ok(draft) => draft,
        Err(refusal) => return tell(ctx, &refusal.in_lang(ui)).await,
    };
    let seeds = data.engine.seeds_dir().to_owned();
    let checked = {
        let draft = draft.clone();
        tokio::task::spawn_blocking(move || store::check_new(&seeds, &draft)).await?
    };
    if let Err(refusal) = checked {
        return tell(ctx, &refusal.in_lang(ui)).await;
    }
    tracing::info!(user = %ctx.author().id, name = draft.name(), "article previewed for /add");
    let embed = card::article_embed(p.preview, &draft.preview().summary, ui);
    let key = custom_id::key(&format!("{}:{}", ctx.author().id, draft.text()));
    data.drafts.insert(
        key.clone(),
        PendingDraft {
            draft,
            by: ctx.author().id,
        },
    );
    let buttons = CreateActionRow::Buttons(vec![
        CreateButton::new(custom_id::encode(Action::Confirm, &key))
            .label(p.confirm_add)
            .style(ButtonStyle::Success),
        CreateButton::new(custom_id::encode(Action::Cancel, &key))
            .label(p.cancel_add)
            .style(ButtonStyle::Secondary),
    ]);
    ctx.send(
        poise::CreateReply::default()
            .embed(embed)
            .components(vec![buttons])
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// A click on "Add it" or "Cancel" under a preview of `/add`.
pub async fn on_click(
    ctx: &serenity::all::Context,
    data: &Data,
    click: &ComponentInteraction,
    action: Action,
    key: &str,
) -> Result<(), Error> {
    let ui = locale::lang(Some(&click.locale));
    let p = phrases(ui);
    let update = |text: &str| {
        CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new()
                .content(fit(text, limits::CONTENT))
                .embeds(Vec::new())
                .components(Vec::new())
                .allowed_mentions(no_pings()),
        )
    };
    let refuse = |text: &str| {
        CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .content(text)
                .ephemeral(true)
                .allowed_mentions(no_pings()),
        )
    };
    let Some(pending) = data.drafts.get(key) else {
        click.create_response(&ctx.http, update(p.expired)).await?;
        return Ok(());
    };
    if pending.by != click.user.id || !may_change_articles(click.member.as_ref(), data.manage_role) {
        click.create_response(&ctx.http, refuse(p.not_your_preview)).await?;
        return Ok(());
    }
    // Of two clicks at once, one adds the article.
    let Some(pending) = data.drafts.take(key) else {
        click.create_response(&ctx.http, update(p.expired)).await?;
        return Ok(());
    };
    if action == Action::Cancel {
        click.create_response(&ctx.http, update(p.add_cancelled)).await?;
        return Ok(());
    }
    // Writing and indexing may take longer than Discord waits for an answer.
    click
        .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let seeds = data.engine.seeds_dir().to_owned();
    let draft = pending.draft;
    let saved = tokio::task::spawn_blocking(move || store::save(&seeds, &draft)).await?;
    let text = match saved {
        Err(refusal) => refusal.in_lang(ui),
        Ok(path) => {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            tracing::info!(user = %click.user.id, file = %name, "article added with /add");
            if take_in(data).await {
                format!("{} `{name}`.", p.added)
            } else {
                p.not_indexed.to_owned()
            }
        }
    };
    click
        .edit_response(
            &ctx.http,
            EditInteractionResponse::new()
                .content(fit(&text, limits::CONTENT))
                .embeds(Vec::new())
                .components(Vec::new())
                .allowed_mentions(no_pings()),
        )
        .await?;
    Ok(())
}

/// Takes the change in on the watcher's thread; whether it is now served.
async fn take_in(data: &Data) -> bool {
    matches!(data.reindexer.take_in().await, Some(Ok(Reload::Swapped(_))))
}

/// The articles whose title or file name holds what was typed, newest first.
pub fn article_choices(sources: &[crate::engine::Source], partial: &str) -> Vec<(String, String)> {
    let partial = partial.trim().to_lowercase();
    sources
        .iter()
        .filter(|s| s.name().to_lowercase().contains(&partial) || s.doc.to_lowercase().contains(&partial))
        .take(MAX_CHOICES)
        .map(|s| {
            let mut shown: String = s.name().chars().take(MAX_CHOICE_CHARS).collect();
            if shown.chars().count() < s.name().chars().count() {
                shown.pop();
                shown.push('…');
            }
            (shown, s.doc.clone())
        })
        .filter(|(_, doc)| doc.chars().count() <= MAX_CHOICE_CHARS)
        .collect()
}

#[expect(clippy::unused_async, reason = "poise calls autocomplete functions as async")]
async fn autocomplete_article(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let choices = article_choices(&ctx.data().engine.sources(), partial)
        .into_iter()
        .map(|(name, doc)| AutocompleteChoice::new(name, doc))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// Take an article out of the story (Manage Server).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    name_localized("it", "togli"),
    description_localized("it", "Toglie un articolo dalla storia (Gestisci server).")
)]
pub async fn remove(
    ctx: Context<'_>,
    #[description = "The article (start typing to see them)"]
    #[name_localized("it", "articolo")]
    #[description_localized("it", "L'articolo (inizia a scrivere per vederli)")]
    #[autocomplete = "autocomplete_article"]
    article: String,
) -> Result<(), Error> {
    let ui = locale::lang(ctx.locale());
    let p = phrases(ui);
    let data = ctx.data();
    if !may_change_articles(member(&ctx), data.manage_role) {
        return tell(ctx, p.articles_denied).await;
    }
    ctx.defer_ephemeral().await?;
    let seeds = data.engine.seeds_dir().to_owned();
    let doc = article.trim().to_owned();
    let removed = {
        let doc = doc.clone();
        tokio::task::spawn_blocking(move || store::remove(&seeds, &doc)).await?
    };
    let text = if let Err(refusal) = removed {
        refusal.in_lang(ui)
    } else {
        tracing::info!(user = %ctx.author().id, article = %doc, "article removed with /remove");
        if take_in(data).await {
            format!("{} `{doc}`.", p.removed)
        } else {
            p.not_indexed.to_owned()
        }
    };
    tell(ctx, &text).await
}
