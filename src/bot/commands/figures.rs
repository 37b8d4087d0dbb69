//! `/figures`: every key figure, and a chart of the dollar amounts.

use anyhow::Context as _;
use serenity::all::CreateAttachment;

use super::{Context, Error};
use crate::bot::{card, chart, locale};

/// The story's key figures, with a chart of the amounts in dollars.
#[poise::command(
    slash_command,
    name_localized("it", "cifre"),
    description_localized("it", "Le cifre chiave della notizia, con un grafico degli importi in dollari.")
)]
pub async fn figures(ctx: Context<'_>) -> Result<(), Error> {
    // Drawing the chart takes milliseconds, not microseconds: acknowledge first.
    ctx.defer().await?;
    let lang = locale::lang(ctx.locale());
    let engine = &ctx.data().engine;
    let snapshot = engine.snapshot();
    let figures = snapshot.figures.clone();
    let card = card::figures(&figures, lang, &snapshot.built_at);
    let png = tokio::task::spawn_blocking(move || chart::usd_chart(&figures, lang))
        .await
        .context("the chart task failed")??;
    let mut embed = card.embed();
    let mut reply = poise::CreateReply::default();
    if let Some(png) = png {
        embed = embed.image(format!("attachment://{}", chart::FILE_NAME));
        reply = reply.attachment(CreateAttachment::bytes(png, chart::FILE_NAME));
    }
    ctx.send(reply.embed(embed)).await?;
    Ok(())
}
