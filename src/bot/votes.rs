//! One 👍/👎 per user per answer, so a member clicking again does not tip the
//! ratings in `/gaps`.
//!
//! Who voted on what is kept in memory only, for the most recent votes: user ids
//! never reach the database unless `gaps.store_user_ids` asks. A restart forgets
//! them, so a member could vote once more on an answer from before it.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

use serenity::all::{MessageId, UserId};

/// The votes remembered, at most `capacity`, oldest forgotten first.
#[derive(Debug)]
pub struct Votes {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    cast: HashSet<(MessageId, UserId)>,
    order: VecDeque<(MessageId, UserId)>,
}

impl Votes {
    pub fn new(capacity: usize) -> Self {
        Votes {
            capacity: capacity.max(1),
            inner: Mutex::default(),
        }
    }

    /// Records that `user` rated the answer in `message`: `true` the first time,
    /// `false` when they already had.
    pub fn first(&self, message: MessageId, user: UserId) -> bool {
        let mut inner = self.inner.lock().expect("votes poisoned");
        if !inner.cast.insert((message, user)) {
            return false;
        }
        inner.order.push_back((message, user));
        while inner.order.len() > self.capacity {
            if let Some(old) = inner.order.pop_front() {
                inner.cast.remove(&old);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_votes_once_per_answer() {
        let votes = Votes::new(10);
        let (answer, other_answer) = (MessageId::new(1), MessageId::new(2));
        let (member, other_member) = (UserId::new(7), UserId::new(8));
        assert!(votes.first(answer, member));
        assert!(!votes.first(answer, member));
        assert!(votes.first(answer, other_member));
        assert!(votes.first(other_answer, member));
    }

    #[test]
    fn the_oldest_votes_are_forgotten_first() {
        let votes = Votes::new(2);
        let member = UserId::new(7);
        for message in 1..=3 {
            assert!(votes.first(MessageId::new(message), member));
        }
        assert!(votes.first(MessageId::new(1), member), "forgotten");
        assert!(!votes.first(MessageId::new(3), member), "still remembered");
    }
}
