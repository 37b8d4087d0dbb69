//! A bounded memory of the most recent entries, the oldest forgotten first: the
//! questions behind buttons ([`super::custom_id::Pending`]) and who rated which
//! answer ([`super::Data::votes`]).

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Mutex;

/// At most `capacity` entries, by key.
#[derive(Debug)]
pub struct Recent<K, V> {
    capacity: usize,
    inner: Mutex<Inner<K, V>>,
}

#[derive(Debug)]
struct Inner<K, V> {
    entries: HashMap<K, V>,
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V: Clone> Recent<K, V> {
    pub fn new(capacity: usize) -> Self {
        Recent {
            capacity: capacity.max(1),
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                order: VecDeque::new(),
            }),
        }
    }

    /// Remembers `value` under `key`, forgetting the oldest entry when full.
    /// Returns `false`, and changes nothing, when `key` is already remembered.
    pub fn insert(&self, key: K, value: V) -> bool {
        let mut inner = self.inner.lock().expect("recent entries poisoned");
        if inner.entries.contains_key(&key) {
            return false;
        }
        while inner.order.len() >= self.capacity {
            if let Some(old) = inner.order.pop_front() {
                inner.entries.remove(&old);
            }
        }
        inner.entries.insert(key.clone(), value);
        inner.order.push_back(key);
        true
    }

    /// The value under `key`, if it is still remembered.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.inner
            .lock()
            .expect("recent entries poisoned")
            .entries
            .get(key)
            .cloned()
    }

    /// Takes the value under `key` out: of two callers at once, one gets it.
    pub fn take<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut inner = self.inner.lock().expect("recent entries poisoned");
        let value = inner.entries.remove(key)?;
        inner.order.retain(|k| k.borrow() != key);
        Some(value)
    }

    pub fn len(&self) -> usize {
        self.inner.lock().expect("recent entries poisoned").entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use serenity::all::{MessageId, UserId};

    use super::*;

    #[test]
    fn a_user_votes_once_per_answer() {
        let votes = Recent::new(10);
        let (answer, other_answer) = (MessageId::new(1), MessageId::new(2));
        let (member, other_member) = (UserId::new(7), UserId::new(8));
        assert!(votes.insert((answer, member), ()));
        assert!(!votes.insert((answer, member), ()));
        assert!(votes.insert((answer, other_member), ()));
        assert!(votes.insert((other_answer, member), ()));
    }

    #[test]
    fn the_oldest_votes_are_forgotten_first() {
        let votes = Recent::new(2);
        let member = UserId::new(7);
        for message in 1..=3 {
            assert!(votes.insert((MessageId::new(message), member), ()));
        }
        assert!(votes.insert((MessageId::new(1), member), ()), "forgotten");
        assert!(!votes.insert((MessageId::new(3), member), ()), "still remembered");
    }
}
