//! `/sources`: the articles the answers quote.

use super::{Context, Error};
use crate::bot::{card, locale};

/// The indexed articles, with their date and passage count.
#[poise::command(
    slash_command,
    name_localized("it", "fonti"),
    description_localized("it", "Gli articoli indicizzati, con data e numero di passaggi.")
)]
pub async fn sources(ctx: Context<'_>) -> Result<(), Error> {
    let engine = &ctx.data().engine;
    let built_at = engine.snapshot().built_at.clone();
    let card = card::sources(&engine.sources(), locale::lang(ctx.locale()), &built_at);
    ctx.send(poise::CreateReply::default().embed(card.embed())).await?;
    Ok(())
}
