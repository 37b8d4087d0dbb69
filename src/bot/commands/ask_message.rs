//! "Ask about this message": a message's text as the question. Works without the
//! `MESSAGE_CONTENT` intent: Discord sends the message with the interaction.

use serenity::all::Message;

use super::{Context, Error, may_ask};
use crate::bot::handlers;
use crate::bot::locale::{self, phrases};

/// Ask the bot about this message's text.
#[poise::command(
    context_menu_command = "Ask about this message",
    name_localized("it", "Chiedi su questo messaggio")
)]
pub async fn ask_about_message(ctx: Context<'_>, message: Message) -> Result<(), Error> {
    let question = handlers::question_text(&message.content);
    if question.is_empty() {
        let lang = locale::lang(ctx.locale());
        let reply = poise::CreateReply::default()
            .content(phrases(lang).empty_message)
            .ephemeral(true);
        ctx.send(reply).await?;
        return Ok(());
    }
    if !may_ask(ctx).await? {
        return Ok(());
    }
    super::ask::send_answer(ctx, &question, true, crate::gaps::Front::ContextMenu).await
}
