//! The slash and context-menu commands, one per file; [`all`] lists them. Each
//! command's doc comment is its English description; the Italian one is beside it.

mod articles;
mod ask;
mod ask_message;
mod figure;
mod figures;
mod gaps;
mod help;
mod reindex;
mod sources;

use std::time::Instant;

use serenity::all::{Command, CreateCommand, GuildId};

pub use self::articles::{PendingDraft, on_click as on_add_click};

use super::cooldown::{self, Verdict};
use super::locale::{self, phrases};
use super::{Context, Data, Error, handlers, no_pings};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::ask(),
        figures::figures(),
        figure::figure(),
        sources::sources(),
        help::help(),
        ask_message::ask_about_message(),
        reindex::reindex(),
        articles::add(),
        articles::remove(),
        gaps::gaps(),
    ]
}

/// The framework's options: our commands, no pings anywhere, our error
/// handler, no prefix commands, and no extra REST calls at startup.
pub fn options() -> poise::FrameworkOptions<Data, Error> {
    poise::FrameworkOptions {
        commands: all(),
        on_error: |error| Box::pin(handlers::on_error(error)),
        event_handler: |framework, event| Box::pin(handlers::on_event(framework, event)),
        pre_command: |ctx| Box::pin(async move { crate::metrics::command(&ctx.command().qualified_name) }),
        allowed_mentions: Some(no_pings()),
        // Owners are not used; fetching them would cost a REST call at startup.
        initialize_owners: false,
        prefix_options: poise::PrefixFrameworkOptions {
            // Mentions are questions, not prefix commands.
            mention_as_prefix: false,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The registration payload. poise leaves context-menu names unlocalized, so
/// their `name_localized` pairs are added here.
pub fn application_commands(commands: &[poise::Command<Data, Error>]) -> Vec<CreateCommand> {
    let mut out = Vec::new();
    for command in commands {
        if let Some(slash) = command.create_as_slash_command() {
            out.push(slash);
        }
        if let Some(mut menu) = command.create_as_context_menu_command() {
            for (locale, name) in command.name_localizations.iter() {
                menu = menu.name_localized(locale.as_ref(), name.as_ref());
            }
            out.push(menu);
        }
    }
    out
}

/// Registers the commands in `guild` (instant) or globally. A failure is logged
/// and the bot keeps answering messages.
pub async fn register(ctx: &serenity::all::Context, commands: &[poise::Command<Data, Error>], guild: Option<GuildId>) {
    let payload = application_commands(commands);
    let count = payload.len();
    let result = match guild {
        Some(guild) => guild.set_commands(ctx, payload).await.map(drop),
        None => Command::set_global_commands(ctx, payload).await.map(drop),
    };
    match result {
        Ok(()) => tracing::info!(commands = count, guild = ?guild.map(GuildId::get), "commands registered"),
        Err(e) => tracing::error!(error = %e, "cannot register the commands"),
    }
}

/// Checks the author's cooldown; when they must wait, tells them (ephemeral)
/// and returns `false`.
async fn may_ask(ctx: Context<'_>) -> Result<bool, Error> {
    match ctx.data().cooldown.check(ctx.author().id, Instant::now()) {
        Verdict::Go => Ok(true),
        Verdict::Wait { remaining, .. } => {
            let lang = locale::lang(ctx.locale());
            let text = format!("{} {} s.", phrases(lang).cooldown, cooldown::seconds(remaining));
            ctx.send(poise::CreateReply::default().content(text).ephemeral(true))
                .await?;
            Ok(false)
        }
    }
}
