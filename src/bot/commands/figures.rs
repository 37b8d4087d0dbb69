//! `/figures`: the key figures of every article, newest first, and a chart of
//! the dollar amounts; `/figures article:` one article's, picked with autocomplete.

use anyhow::Context as _;
use serenity::all::{
    AutocompleteChoice, ButtonStyle, CreateActionRow, CreateAttachment, CreateAutocompleteResponse, CreateButton,
};

use super::{Context, Error};
use crate::bot::custom_id::{self, Action, Pending};
use crate::bot::locale::{self, phrases};
use crate::bot::{BUTTON_LABEL, card};
use crate::chart;
use crate::engine::figures::rank::SHOWN;
use crate::engine::{ArticleFigures, Lang, Source};
use crate::render::{fit, limits};

/// Discord's limits on autocomplete.
const MAX_CHOICES: usize = 25;
const MAX_CHOICE_CHARS: usize = 100;

/// How an article is offered: its name and date, at most 100 characters.
pub fn choice_name(s: &Source) -> String {
    let full = match &s.date {
        Some(date) => format!("{} · {date}", s.name()),
        None => s.name().to_owned(),
    };
    if full.chars().count() <= MAX_CHOICE_CHARS {
        return full;
    }
    let mut cut: String = full.chars().take(MAX_CHOICE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// What a choice sends back: the article's file name, cut to Discord's 100
/// characters (a cut one is still found by [`find`]).
pub fn choice_value(s: &Source) -> String {
    s.doc.chars().take(MAX_CHOICE_CHARS).collect()
}

/// The articles matching what the user has typed so far (in the name, date or
/// file name, case-insensitive), in the order given (newest first), at most 25.
pub fn choices<'a>(sources: &'a [Source], partial: &str) -> Vec<&'a Source> {
    let partial = partial.trim().to_lowercase();
    sources
        .iter()
        .filter(|s| choice_name(s).to_lowercase().contains(&partial) || s.doc.to_lowercase().contains(&partial))
        .take(MAX_CHOICES)
        .collect()
}

/// The article a typed name means: its file name or title exactly, else the
/// first whose file name starts with it (a cut choice value), else the first
/// whose name or file name contains it (case-insensitive).
pub fn find<'a>(sources: &'a [Source], name: &str) -> Option<&'a Source> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let lower = name.to_lowercase();
    sources
        .iter()
        .find(|s| s.doc == name || s.title.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(name)))
        .or_else(|| sources.iter().find(|s| s.doc.starts_with(name)))
        .or_else(|| {
            sources
                .iter()
                .find(|s| choice_name(s).to_lowercase().contains(&lower) || s.doc.to_lowercase().contains(&lower))
        })
}

#[expect(clippy::unused_async, reason = "poise calls autocomplete functions as async")]
async fn autocomplete_article(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let sources = ctx.data().engine.sources();
    let choices = choices(&sources, partial)
        .into_iter()
        .map(|s| AutocompleteChoice::new(choice_name(s), choice_value(s)))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// The key figures of every article, newest first, with a chart of the amounts in dollars.
#[poise::command(
    slash_command,
    name_localized("it", "cifre"),
    description_localized(
        "it",
        "Le cifre chiave di ogni articolo, dal più recente, con un grafico degli importi in dollari."
    )
)]
pub async fn figures(
    ctx: Context<'_>,
    #[description = "Only this article's figures (start typing to see the articles)"]
    #[name_localized("it", "articolo")]
    #[description_localized("it", "Solo le cifre di questo articolo (inizia a scrivere per vederli)")]
    #[autocomplete = "autocomplete_article"]
    article: Option<String>,
) -> Result<(), Error> {
    let lang = locale::lang(ctx.locale());
    let engine = &ctx.data().engine;
    let built_at = engine.snapshot().built_at.clone();
    let mut groups = engine.figures_by_article();
    if let Some(name) = article {
        let sources = engine.sources();
        let p = phrases(lang);
        let Some(source) = find(&sources, &name) else {
            let known: Vec<String> = sources.iter().map(|s| format!("- {}", choice_name(s))).collect();
            let text = format!(
                "{} \"{}\". {}:\n{}",
                p.no_such_article,
                crate::render::escape(&name),
                p.known_articles,
                known.join("\n")
            );
            let reply = poise::CreateReply::default()
                .content(fit(&text, limits::CONTENT))
                .ephemeral(true);
            ctx.send(reply).await?;
            return Ok(());
        };
        groups.retain(|g| g.doc == source.doc);
        if groups.is_empty() {
            let text = format!("{} {}.", p.no_figures_in, crate::render::escape(&choice_name(source)));
            ctx.send(poise::CreateReply::default().content(text).ephemeral(true))
                .await?;
            return Ok(());
        }
    }
    // Drawing the chart takes milliseconds, not microseconds: acknowledge first.
    ctx.defer().await?;
    let cards = match groups.as_slice() {
        [one] => vec![card::article_figures(one, lang, &built_at)],
        all => card::figure_groups(all, lang, &built_at),
    };
    let buttons = more_buttons(&groups[..cards.len().min(groups.len())], lang, &ctx.data().pending);
    let png = chart_of(groups, lang).await?;
    let mut reply = poise::CreateReply::default();
    if !buttons.is_empty() {
        reply = reply.components(vec![CreateActionRow::Buttons(buttons)]);
    }
    for (i, c) in cards.iter().enumerate() {
        let mut embed = c.embed();
        if i == 0 && png.is_some() {
            embed = embed.image(format!("attachment://{}", chart::FILE_NAME));
        }
        reply = reply.embed(embed);
    }
    if let Some(png) = png {
        reply = reply.attachment(CreateAttachment::bytes(png, chart::FILE_NAME));
    }
    ctx.send(reply).await?;
    Ok(())
}

/// The most buttons one row holds.
const ROW_BUTTONS: usize = 5;

/// A "More figures" button for each shown article with figures beyond its key
/// ones (at most five, one row), named with the article when there are several.
fn more_buttons(shown: &[ArticleFigures], lang: Lang, pending: &Pending) -> Vec<CreateButton> {
    let label = phrases(lang).more_figures_button;
    shown
        .iter()
        .filter(|g| g.figures.len() > SHOWN)
        .take(ROW_BUTTONS)
        .map(|g| {
            let text = if shown.len() == 1 {
                label.to_owned()
            } else {
                format!("{label}: {}", g.name())
            };
            CreateButton::new(custom_id::encode(Action::Figures, &pending.insert(&g.doc)))
                .label(fit(&text, BUTTON_LABEL))
                .style(ButtonStyle::Secondary)
        })
        .collect()
}

/// The chart of the groups' dollar amounts, drawn off the async threads.
async fn chart_of(groups: Vec<ArticleFigures>, lang: Lang) -> Result<Option<Vec<u8>>, Error> {
    let png = tokio::task::spawn_blocking(move || chart::usd_chart_by_article(&groups, lang))
        .await
        .context("the chart task failed")??;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(doc: &str, title: Option<&str>) -> Source {
        Source {
            doc: doc.to_owned(),
            title: title.map(str::to_owned),
            date: Some("2025-10-06".to_owned()),
            lang: Lang::It,
            passages: 9,
        }
    }

    #[test]
    fn autocomplete_offers_at_most_25_articles_of_at_most_100_characters() {
        let many: Vec<Source> = (0..40)
            .map(|i| source(&format!("{i}-{}", "x".repeat(200)), None))
            .collect();
        let offered = choices(&many, "");
        assert_eq!(offered.len(), 25);
        assert!(offered.iter().all(|s| choice_name(s).chars().count() <= 100));
        assert!(offered.iter().all(|s| choice_value(s).chars().count() <= 100));
        // A value cut to 100 characters still finds its article.
        assert_eq!(find(&many, &choice_value(&many[7])).unwrap().doc, many[7].doc);
    }

    #[test]
    fn an_article_is_found_by_title_file_name_or_part_of_either() {
        let sources = [
            source("2025-10-06-amd", Some("AMD e OpenAI")),
            source("2025-11-03-aws", None),
        ];
        assert_eq!(choices(&sources, "aws").len(), 1);
        assert_eq!(choice_name(&sources[0]), "AMD e OpenAI · 2025-10-06");
        assert_eq!(find(&sources, "amd e openai").unwrap().doc, "2025-10-06-amd");
        assert_eq!(find(&sources, "2025-11-03-aws").unwrap().doc, "2025-11-03-aws");
        assert_eq!(find(&sources, "AWS").unwrap().doc, "2025-11-03-aws");
        assert!(find(&sources, "pizza").is_none());
        assert!(find(&sources, " ").is_none());
    }
}
