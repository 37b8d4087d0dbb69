//! What the bot remembers of its conversations, so a follow-up is read with
//! the turns before it: in memory only, bounded in size and in time, and
//! nothing of it is ever written to disk.
//!
//! - **Reply chains.** Each answer the bot sends is remembered, by the id of the
//!   question it replies to (a public `/ask` answer, which replies to no message,
//!   by the id of its interaction: ids are snowflakes, unique across kinds),
//!   with the turns that led to it (up to [`MAX_TURNS`]).
//!   A message that replies to that answer continues that conversation, whoever
//!   sends it: the reply names the answer it follows.
//! - **DMs and threads.** The last exchange of each user in each DM or thread is
//!   remembered for [`RECENT_TTL`]: a follow-up there without a reply continues it.
//!   It is kept per (channel, user), so no one inherits another's conversation
//!   and nothing crosses channels.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serenity::all::{ChannelId, MessageId, UserId};

use crate::engine::Turn;
use crate::engine::search::MAX_TURNS;

/// How long an answer can be replied to as a conversation.
pub const REPLY_TTL: Duration = Duration::from_secs(30 * 60);
/// How long the last exchange in a DM or a thread is continued without a reply.
pub const RECENT_TTL: Duration = Duration::from_secs(5 * 60);
/// At most this many answers, and this many (channel, user) pairs, remembered.
pub const CAPACITY: usize = 4096;

/// One answer the bot sent, with the conversation up to it.
#[derive(Debug, Clone)]
struct Exchange {
    /// Oldest first, this answer's turn last.
    turns: Vec<Turn>,
    channel: ChannelId,
    at: Instant,
}

/// The bot's memory of its recent answers.
#[derive(Debug, Default)]
pub struct Conversations {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    answers: HashMap<MessageId, Exchange>,
    /// The last answer to each user in each DM or thread.
    latest: HashMap<(ChannelId, UserId), (MessageId, Instant)>,
}

impl Conversations {
    pub fn new() -> Self {
        Self::default()
    }

    /// The turns before a question that replies to the bot's answer to the
    /// message `answer` in `channel`: that answer's conversation, if it is
    /// remembered and recent.
    pub fn after_reply(&self, channel: ChannelId, answer: MessageId, now: Instant) -> Option<Vec<Turn>> {
        let inner = self.inner.lock().expect("conversations poisoned");
        let exchange = inner.answers.get(&answer)?;
        (exchange.channel == channel && now.duration_since(exchange.at) <= REPLY_TTL).then(|| exchange.turns.clone())
    }

    /// The turns of `user`'s recent conversation in `channel` (a DM or a
    /// thread), if the last answer there is recent.
    pub fn recent(&self, channel: ChannelId, user: UserId, now: Instant) -> Option<Vec<Turn>> {
        let inner = self.inner.lock().expect("conversations poisoned");
        let &(answer, at) = inner.latest.get(&(channel, user))?;
        if now.duration_since(at) > RECENT_TTL {
            return None;
        }
        inner.answers.get(&answer).map(|e| e.turns.clone())
    }

    /// Whether `user` has a recent conversation in `channel`.
    pub fn has_recent(&self, channel: ChannelId, user: UserId, now: Instant) -> bool {
        self.recent(channel, user, now).is_some()
    }

    /// Remembers the answer to the message `answer` of `user` in `channel`: the
    /// turn it answered, following `earlier`.
    pub fn remember(
        &self,
        answer: MessageId,
        channel: ChannelId,
        user: UserId,
        mut earlier: Vec<Turn>,
        turn: Turn,
        now: Instant,
    ) {
        earlier.push(turn);
        let keep = earlier.len().saturating_sub(MAX_TURNS);
        earlier.drain(..keep);
        let mut inner = self.inner.lock().expect("conversations poisoned");
        if inner.answers.len() >= CAPACITY {
            forget_oldest(&mut inner.answers, |e| e.at, now, REPLY_TTL);
        }
        inner.answers.insert(
            answer,
            Exchange {
                turns: earlier,
                channel,
                at: now,
            },
        );
        if inner.latest.len() >= CAPACITY {
            forget_oldest(&mut inner.latest, |&(_, at)| at, now, RECENT_TTL);
        }
        inner.latest.insert((channel, user), (answer, now));
    }

    /// How many answers are remembered.
    pub fn len(&self) -> usize {
        self.inner.lock().expect("conversations poisoned").answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Drops the entries older than `ttl`, and if none is, the oldest quarter.
fn forget_oldest<K: Copy + Eq + std::hash::Hash, V>(
    map: &mut HashMap<K, V>,
    at: impl Fn(&V) -> Instant,
    now: Instant,
    ttl: Duration,
) {
    map.retain(|_, v| now.duration_since(at(v)) <= ttl);
    if map.len() < CAPACITY {
        return;
    }
    let mut times: Vec<Instant> = map.values().map(&at).collect();
    times.sort_unstable();
    let cut = times[times.len() / 4];
    map.retain(|_, v| at(v) > cut);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(q: &str) -> Turn {
        Turn {
            question: q.to_owned(),
            doc: Some("doc".to_owned()),
        }
    }

    #[test]
    fn a_reply_continues_the_conversation_of_the_answer_it_replies_to() {
        let memory = Conversations::new();
        let (channel, user, now) = (ChannelId::new(1), UserId::new(7), Instant::now());
        memory.remember(MessageId::new(10), channel, user, Vec::new(), turn("first"), now);
        let earlier = memory
            .after_reply(channel, MessageId::new(10), now)
            .expect("remembered");
        memory.remember(MessageId::new(11), channel, user, earlier, turn("second"), now);
        let turns = memory
            .after_reply(channel, MessageId::new(11), now)
            .expect("remembered");
        assert_eq!(turns, vec![turn("first"), turn("second")]);
        assert!(
            memory.after_reply(ChannelId::new(2), MessageId::new(11), now).is_none(),
            "another channel"
        );
        assert!(
            memory
                .after_reply(channel, MessageId::new(11), now + REPLY_TTL + Duration::from_secs(1))
                .is_none(),
            "too old"
        );
    }

    #[test]
    fn recent_conversations_are_per_user_and_channel_and_expire() {
        let memory = Conversations::new();
        let (channel, user, now) = (ChannelId::new(1), UserId::new(7), Instant::now());
        memory.remember(MessageId::new(10), channel, user, Vec::new(), turn("first"), now);
        assert_eq!(memory.recent(channel, user, now), Some(vec![turn("first")]));
        assert!(memory.recent(channel, UserId::new(8), now).is_none(), "another user");
        assert!(memory.recent(ChannelId::new(2), user, now).is_none(), "another channel");
        assert!(
            memory
                .recent(channel, user, now + RECENT_TTL + Duration::from_secs(1))
                .is_none()
        );
    }

    #[test]
    fn a_conversation_keeps_its_last_turns_only_and_the_memory_is_bounded() {
        let memory = Conversations::new();
        let (channel, user, now) = (ChannelId::new(1), UserId::new(7), Instant::now());
        let mut earlier = Vec::new();
        for i in 0..10u64 {
            memory.remember(
                MessageId::new(100 + i),
                channel,
                user,
                earlier,
                turn(&i.to_string()),
                now,
            );
            earlier = memory.after_reply(channel, MessageId::new(100 + i), now).unwrap();
        }
        assert_eq!(earlier.len(), MAX_TURNS);
        assert_eq!(earlier.last(), Some(&turn("9")));
        for i in 0..(CAPACITY as u64 + 10) {
            let later = now + Duration::from_millis(i);
            memory.remember(
                MessageId::new(1_000 + i),
                ChannelId::new(i + 1),
                user,
                Vec::new(),
                turn("x"),
                later,
            );
        }
        assert!(memory.len() <= CAPACITY, "{}", memory.len());
    }
}
