//! Events outside commands: questions in channels, button clicks, and the one
//! place errors end up ([`on_error`]).

use std::sync::LazyLock;
use std::time::Instant;

use regex::Regex;
use serenity::all::{
    Channel, ChannelId, ChannelType, ComponentInteraction, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateMessage, FullEvent, Interaction, Message, MessageId, MessageInteractionMetadata, MessageReference,
    MessageType,
};

use super::cooldown::{self, Verdict};
use super::custom_id::{self, Action};
use super::locale::{self, phrases};
use super::{Data, Error, card, no_pings, prepare, prepare_in_context};
use crate::engine::{Lang, Turn};
use crate::gaps::Vote;
use crate::metrics::Front;
use crate::render::{self, fit, limits};

/// poise's event handler: everything that is not a command.
pub async fn on_event(framework: poise::FrameworkContext<'_, Data, Error>, event: &FullEvent) -> Result<(), Error> {
    let ctx = framework.serenity_context;
    let data = framework.user_data;
    match event {
        FullEvent::Ready { data_about_bot: ready } => {
            tracing::info!(
                user = %ready.user.name,
                guilds = ready.guilds.len(),
                shard = ?ready.shard.map(|s| (s.id.0, s.total)),
                "connected"
            );
            Ok(())
        }
        FullEvent::Message { new_message } => on_message(ctx, data, new_message).await,
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(click),
        } => on_click(ctx, data, click).await,
        _ => Ok(()),
    }
}

/// Why a message is a question for the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressed {
    DirectMessage,
    Mention,
    ReplyToBot,
    AnswerChannel,
}

impl Addressed {
    /// The front a question came through, for the metrics.
    pub fn front(self) -> crate::metrics::Front {
        use crate::metrics::Front;
        match self {
            Addressed::DirectMessage => Front::Dm,
            Addressed::Mention => Front::Mention,
            Addressed::ReplyToBot => Front::Reply,
            Addressed::AnswerChannel => Front::Channel,
        }
    }
}

/// Discord's markup tokens: user, role and channel mentions, custom emoji, timestamps.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?)>").expect("valid markup pattern")
});

/// The question in a message: its text without Discord's markup (the bot's
/// mention, other mentions, custom emoji, timestamps), whitespace collapsed.
/// The engine reads words; `<@123>` would be a name the articles never mention
/// and turn a good question into a refusal.
pub fn question_text(content: &str) -> String {
    MARKUP
        .replace_all(content, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn addressed(msg: &Message, data: &Data) -> Option<Addressed> {
    let mentions = msg.mentions.iter().any(|u| u.id == data.bot_id)
        || msg.content.contains(&format!("<@{}>", data.bot_id))
        || msg.content.contains(&format!("<@!{}>", data.bot_id));
    if msg.guild_id.is_none() {
        Some(Addressed::DirectMessage)
    } else if mentions {
        Some(Addressed::Mention)
    } else if msg
        .referenced_message
        .as_ref()
        .is_some_and(|m| m.author.id == data.bot_id)
    {
        Some(Addressed::ReplyToBot)
    } else if data.answer_channels.contains(&msg.channel_id) {
        Some(Addressed::AnswerChannel)
    } else {
        None
    }
}

async fn on_message(ctx: &serenity::all::Context, data: &Data, msg: &Message) -> Result<(), Error> {
    if msg.author.bot || msg.webhook_id.is_some() || msg.author.id == data.bot_id {
        return Ok(());
    }
    if !matches!(msg.kind, MessageType::Regular | MessageType::InlineReply) {
        return Ok(());
    }
    let Some(why) = addressed(msg, data) else {
        return Ok(());
    };
    let question = question_text(&msg.content);
    // If the question is deleted before the answer lands, post the answer anyway.
    let reference = MessageReference::from(msg).fail_if_not_exists(false);
    let reply = CreateMessage::new()
        .reference_message(reference)
        .allowed_mentions(no_pings());
    if question.is_empty() && why == Addressed::AnswerChannel {
        // A picture or a sticker in an answer channel: nothing to answer.
        return Ok(());
    }
    let now = Instant::now();
    // A follow-up's conversation, and the turn to remember once the answer is sent.
    let mut follow_up: Option<(Vec<Turn>, Turn)> = None;
    let reply = match data.cooldown.check(msg.author.id, now) {
        Verdict::Go if question.is_empty() && why == Addressed::ReplyToBot => reply.content(format!(
            "{}\n{}",
            locale::EN.unreadable_reply,
            locale::IT.unreadable_reply
        )),
        Verdict::Go if question.is_empty() => {
            reply.content(format!("{}\n{}", locale::EN.empty_question, locale::IT.empty_question))
        }
        Verdict::Go => {
            let front = why.front();
            let earlier = earlier_turns(ctx, data, msg, now).await;
            let prepared = prepare_in_context(data, &question, &earlier, None, false, front, msg.author.id);
            crate::metrics::question(front, prepared.outcome);
            tracing::debug!(channel = %msg.channel_id, why = ?why, lang = prepared.lang.code(), turns = earlier.len(), "answering a message");
            follow_up = prepared.turn.map(|turn| (earlier, turn));
            reply.embed(prepared.card.embed()).components(prepared.components)
        }
        Verdict::Wait { remaining, notify } => {
            if !notify {
                return Ok(());
            }
            let lang = data.engine.answer(&question).lang;
            reply.content(format!(
                "{} {} s.",
                phrases(lang).cooldown,
                cooldown::seconds(remaining)
            ))
        }
    };
    // Remembered by the question's id, which the answer replies to, before the
    // answer is out: a follow-up can come as soon as it is.
    if let Some((earlier, turn)) = follow_up {
        data.conversations
            .remember(msg.id, msg.channel_id, msg.author.id, earlier, turn, now);
    }
    msg.channel_id.send_message(&ctx.http, reply).await?;
    Ok(())
}

/// The conversation a message continues: the answer it replies to, else the
/// asker's recent exchange in this DM or thread; none in a channel without a reply.
async fn earlier_turns(ctx: &serenity::all::Context, data: &Data, msg: &Message, now: Instant) -> Vec<Turn> {
    let memory = &data.conversations;
    if let Some(answer) = msg.referenced_message.as_ref().filter(|m| m.author.id == data.bot_id) {
        // The bot's answers to messages reply to their question, by which they
        // are remembered; an answer to a command replies to nothing and is
        // remembered by its interaction's id.
        let key = (answer.message_reference.as_ref())
            .and_then(|r| r.message_id)
            .or_else(|| match answer.interaction_metadata.as_deref() {
                Some(MessageInteractionMetadata::Command(command)) => Some(MessageId::new(command.id.get())),
                _ => None,
            });
        return key
            .and_then(|key| memory.after_reply(msg.channel_id, key, now))
            .unwrap_or_default();
    }
    if msg.guild_id.is_none()
        || memory.has_recent(msg.channel_id, msg.author.id, now) && is_thread(ctx, msg.channel_id).await
    {
        return memory.recent(msg.channel_id, msg.author.id, now).unwrap_or_default();
    }
    Vec::new()
}

/// Whether `channel` is a thread (from the cache, else one REST lookup).
async fn is_thread(ctx: &serenity::all::Context, channel: ChannelId) -> bool {
    match channel.to_channel(ctx).await {
        Ok(Channel::Guild(c)) => {
            c.thread_metadata.is_some()
                || matches!(
                    c.kind,
                    ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
                )
        }
        Ok(_) => false,
        Err(e) => {
            tracing::debug!(channel = %channel, error = %e, "cannot tell whether a channel is a thread");
            false
        }
    }
}

async fn on_click(ctx: &serenity::all::Context, data: &Data, click: &ComponentInteraction) -> Result<(), Error> {
    let Some((action, key)) = custom_id::decode(&click.data.custom_id) else {
        return Ok(());
    };
    if matches!(action, Action::Confirm | Action::Cancel) {
        return super::commands::on_add_click(ctx, data, click, action, key).await;
    }
    let ui = locale::lang(Some(&click.locale));
    let message = CreateInteractionResponseMessage::new().allowed_mentions(no_pings());
    let message = match data.pending.get(key) {
        None => message.content(phrases(ui).expired).ephemeral(true),
        Some(question) => match action {
            // Handled above: their keys stand for drafts, not questions.
            Action::Confirm | Action::Cancel => message.content(phrases(ui).expired).ephemeral(true),
            Action::Figures => {
                // The key stands for the article's file name.
                let built_at = data.engine.snapshot().built_at.clone();
                match data.engine.figures_by_article().iter().find(|g| g.doc == question) {
                    Some(group) => message
                        .embed(card::more_figures(group, ui, &built_at).embed())
                        .ephemeral(true),
                    None => message.content(phrases(ui).expired).ephemeral(true),
                }
            }
            Action::More => {
                let answer = data.engine.answer(&question);
                let more = card::more(&render::reply(&answer), answer.lang);
                message.embed(more.embed()).ephemeral(true)
            }
            Action::Public | Action::Suggest => {
                let prepared = prepare(data, &question, Some(ui), false, Front::Button, click.user.id);
                crate::metrics::question(Front::Button, prepared.outcome);
                // A suggestion under an ephemeral refusal is answered ephemerally too.
                let private = action == Action::Suggest
                    && click
                        .message
                        .flags
                        .is_some_and(|f| f.contains(serenity::all::MessageFlags::EPHEMERAL));
                message
                    .content(fit(&format!("> {}", render::escape(&question)), limits::CONTENT))
                    .embed(prepared.card.embed())
                    .components(prepared.components)
                    .ephemeral(private)
            }
            Action::Up | Action::Down if !data.votes.insert((click.message.id, click.user.id), ()) => {
                let already = match ui {
                    Lang::En => "You have already rated this answer.",
                    Lang::It => "Hai già valutato questa risposta.",
                };
                message.content(already).ephemeral(true)
            }
            Action::Up | Action::Down => {
                let vote = if action == Action::Up { Vote::Up } else { Vote::Down };
                crate::metrics::feedback(vote == Vote::Up);
                let answer = data.engine.answer(&question);
                let text = answer.answer.unwrap_or_default();
                let (gaps, user) = (std::sync::Arc::clone(&data.gaps), click.user.id.get());
                tokio::task::spawn_blocking(move || {
                    gaps.record_vote(&question, &text, vote, Front::Button, Some(user))
                })
                .await??;
                let thanks = match ui {
                    Lang::En => "Thanks for the feedback.",
                    Lang::It => "Grazie del riscontro.",
                };
                message.content(thanks).ephemeral(true)
            }
        },
    };
    click
        .create_response(&ctx.http, CreateInteractionResponse::Message(message))
        .await?;
    Ok(())
}

/// Users see one short line; the logs get everything.
pub async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Setup { error, .. } => {
            tracing::error!(error = %format!("{error:#}"), "setup failed");
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!(event = event.snake_case_name(), error = %format!("{error:#}"), "event handler failed");
        }
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(
                command = %ctx.command().qualified_name,
                user = %ctx.author().id,
                error = %format!("{error:#}"),
                "command failed"
            );
            apologize(ctx).await;
        }
        poise::FrameworkError::CommandPanic { payload, ctx, .. } => {
            tracing::error!(
                command = %ctx.command().qualified_name,
                panic = payload.as_deref().unwrap_or("unknown"),
                "command panicked"
            );
            apologize(ctx).await;
        }
        poise::FrameworkError::GuildOnly { ctx, .. } => {
            // poise's own message is English only; ours follows the user's language.
            let lang: Lang = locale::lang(ctx.locale());
            let reply = poise::CreateReply::default()
                .content(phrases(lang).reindex_guild_only)
                .ephemeral(true)
                .allowed_mentions(no_pings());
            if let Err(e) = ctx.send(reply).await {
                tracing::error!(error = %e, "cannot tell the user a command is for servers only");
            }
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "cannot report an error to the user");
            }
        }
    }
}

async fn apologize(ctx: super::Context<'_>) {
    let lang: Lang = locale::lang(ctx.locale());
    let reply = poise::CreateReply::default()
        .content(phrases(lang).internal_error)
        .ephemeral(true)
        .allowed_mentions(no_pings());
    if let Err(e) = ctx.send(reply).await {
        tracing::error!(error = %e, "cannot tell the user about an error");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_emoji_and_timestamps_are_removed_from_the_question() {
        assert_eq!(question_text("<@42> quanto vale?"), "quanto vale?");
        assert_eq!(question_text("quanto <@!42>  vale?"), "quanto vale?");
        assert_eq!(
            question_text("<@&7> <#8> how much <:deal:9><a:x:10> <t:1700000000:R>?"),
            "how much ?"
        );
        assert_eq!(question_text("<@42>"), "");
        assert_eq!(question_text("a < b > c"), "a < b > c");
    }
}
