//! `/help`: what the bot does and how to ask.

use super::{Context, Error};
use crate::bot::{card, locale};

/// What the bot can do and how to ask it.
#[poise::command(
    slash_command,
    name_localized("it", "aiuto"),
    description_localized("it", "Cosa sa fare il bot e come chiedergli.")
)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let card = card::help(locale::lang(ctx.locale()));
    ctx.send(poise::CreateReply::default().embed(card.embed()).ephemeral(true))
        .await?;
    Ok(())
}
