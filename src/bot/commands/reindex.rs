//! `/reindex`: rebuild the index from the seeds and swap it in live; answers
//! already running finish on the old one. The same path, on the same thread, as
//! the seed watcher ([`crate::watch::Reindexer`]): a broken seed keeps the
//! previous index serving.

use std::fmt::Write as _;

use anyhow::Context as _;
use serenity::all::Permissions;

use super::{Context, Error};
use crate::bot::locale::{self, phrases};
use crate::engine::Reload;
use crate::render::{fit, limits};

/// Whether these resolved permissions may rebuild the index.
pub fn may_reindex(permissions: Option<Permissions>) -> bool {
    permissions.is_some_and(|p| p.manage_guild() || p.administrator())
}

/// Rebuild the index from the seed articles (Manage Server).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    name_localized("it", "reindicizza"),
    description_localized("it", "Ricostruisce l'indice dagli articoli (Gestisci server).")
)]
pub async fn reindex(ctx: Context<'_>) -> Result<(), Error> {
    let p = phrases(locale::lang(ctx.locale()));
    // default_member_permissions only hides the command; server admins can
    // override it per channel or role, so check again.
    let refusal = match ctx {
        _ if ctx.guild_id().is_none() => Some(p.reindex_guild_only),
        poise::Context::Application(app)
            if may_reindex(app.interaction.member.as_ref().and_then(|m| m.permissions)) =>
        {
            None
        }
        _ => Some(p.reindex_denied),
    };
    if let Some(refusal) = refusal {
        ctx.send(poise::CreateReply::default().content(refusal).ephemeral(true))
            .await?;
        return Ok(());
    }
    ctx.defer_ephemeral().await?;
    let reload = ctx
        .data()
        .reindexer
        .reindex()
        .await
        .context("the bot is shutting down")?
        .context("cannot rebuild the index")?;
    let text = match reload {
        Reload::Swapped(snapshot) => {
            tracing::info!(user = %ctx.author().id, "index rebuilt by /reindex");
            let mut text = format!(
                "{}: {} {} · {} {} · {}",
                p.reindexed,
                snapshot.passages.len(),
                p.passages,
                snapshot.figures.len(),
                p.figures,
                snapshot.built_at
            );
            if !snapshot.errors.is_empty() {
                let _ = write!(text, " · {} {}", snapshot.errors.len(), p.skipped);
            }
            text
        }
        Reload::Kept { new_errors, .. } => {
            let mut text = format!("{}:", p.reindex_kept);
            for e in &new_errors {
                let _ = write!(text, "\n- {e}");
            }
            fit(&text, limits::CONTENT)
        }
    };
    ctx.send(poise::CreateReply::default().content(text).ephemeral(true))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_manage_guild_or_administrator_may_reindex() {
        assert!(may_reindex(Some(Permissions::MANAGE_GUILD)));
        assert!(may_reindex(Some(Permissions::ADMINISTRATOR)));
        assert!(!may_reindex(Some(Permissions::SEND_MESSAGES)));
        assert!(!may_reindex(None));
    }
}
