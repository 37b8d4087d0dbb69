//! `/gaps`: the knowledge-gap report for server managers: the most asked
//! questions the articles do not answer, and the worst rated answers.

use std::sync::Arc;

use anyhow::Context as _;

use super::reindex::may_reindex;
use super::{Context, Error};
use crate::bot::locale;
use crate::engine::Lang;
use crate::render::{fit, limits};

/// How many of each the report lists.
const LIMIT: usize = 10;

/// The questions the articles do not answer, and the worst rated answers (Manage Server).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    name_localized("it", "lacune"),
    description_localized(
        "it",
        "Le domande senza risposta più frequenti e le risposte valutate peggio (Gestisci server)."
    )
)]
pub async fn gaps(ctx: Context<'_>) -> Result<(), Error> {
    let lang = locale::lang(ctx.locale());
    let denied = match lang {
        Lang::En => "Only members with the Manage Server permission can see the knowledge-gap report.",
        Lang::It => "Solo chi ha il permesso Gestisci server può vedere il rapporto sulle lacune.",
    };
    let guild_only = match lang {
        Lang::En => "The knowledge-gap report is shown in a server, not a DM.",
        Lang::It => "Il rapporto sulle lacune si vede da un server, non in un messaggio diretto.",
    };
    // default_member_permissions only hides the command; check again, as /reindex does.
    let refusal = match ctx {
        _ if ctx.guild_id().is_none() => Some(guild_only),
        poise::Context::Application(app)
            if may_reindex(app.interaction.member.as_ref().and_then(|m| m.permissions)) =>
        {
            None
        }
        _ => Some(denied),
    };
    if let Some(refusal) = refusal {
        ctx.send(poise::CreateReply::default().content(refusal).ephemeral(true))
            .await?;
        return Ok(());
    }
    let gaps = Arc::clone(&ctx.data().gaps);
    let report = tokio::task::spawn_blocking(move || gaps.report(LIMIT))
        .await
        .context("the gaps report task failed")?
        .context("cannot read the gaps database")?;
    // A code block keeps the columns and shows the questions verbatim (no Markdown, no pings).
    let body = fit(&report.text(lang).replace('`', "'"), limits::CONTENT - 8);
    let text = format!("```\n{body}\n```");
    ctx.send(poise::CreateReply::default().content(text).ephemeral(true))
        .await?;
    Ok(())
}
