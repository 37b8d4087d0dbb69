//! `/ask`: a question, answered like a mention, optionally privately first.

use serenity::all::MessageId;

use super::{Context, Error, may_ask};
use crate::bot::{locale, prepare};
use crate::metrics::Front;

/// Ask about the story; the bot quotes the best passages.
#[poise::command(
    slash_command,
    name_localized("it", "chiedi"),
    description_localized("it", "Chiedi della notizia; il bot cita i passaggi migliori.")
)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, in Italian or English"]
    #[name_localized("it", "domanda")]
    #[description_localized("it", "La tua domanda, in italiano o in inglese")]
    #[max_length = 1000]
    question: String,
    #[description = "Only you see the answer (you can then post it)"]
    #[name_localized("it", "privato")]
    #[description_localized("it", "Solo tu vedi la risposta (poi puoi pubblicarla)")]
    private: Option<bool>,
) -> Result<(), Error> {
    if !may_ask(ctx).await? {
        return Ok(());
    }
    send_answer(ctx, &question, private.unwrap_or(false), Front::Slash).await
}

/// Replies with the answer to `question`: public, or ephemeral with a "Post publicly" button.
pub(super) async fn send_answer(ctx: Context<'_>, question: &str, private: bool, front: Front) -> Result<(), Error> {
    let ui = locale::lang(ctx.locale());
    let prepared = prepare(ctx.data(), question, Some(ui), private, front, ctx.author().id);
    crate::metrics::question(front, prepared.outcome);
    let reply = poise::CreateReply::default()
        .embed(prepared.card.embed())
        .components(prepared.components)
        .ephemeral(private);
    // A public answer can be replied to, as a mention's answer can. It replies
    // to no message of the asker's: Discord marks it with the interaction's id
    // (`interaction_metadata`), by which it is remembered, before it is out.
    if let (false, Some(turn)) = (private, prepared.turn) {
        ctx.data().conversations.remember(
            MessageId::new(ctx.id()),
            ctx.channel_id(),
            ctx.author().id,
            Vec::new(),
            turn,
            std::time::Instant::now(),
        );
    }
    ctx.send(reply).await?;
    Ok(())
}
