//! Button custom ids and the questions they stand for.
//!
//! Discord gives a button at most 100 characters of `custom_id`, too few for a
//! question, so a button carries a key instead:
//!
//! ```text
//! dealbot:more:<key>     "More passages": the other passages, ephemeral to whoever clicks
//! dealbot:public:<key>   "Post publicly": the answer re-posted in the channel
//! dealbot:up:<key>       👍 on an answer: recorded in the knowledge-gap database
//! dealbot:down:<key>     👎 on an answer: likewise
//! dealbot:suggest:<key>  a "did you mean" question on a refusal: answers it
//! dealbot:figures:<key>  "More figures" under an article's key figures: the rest of
//!                        its figures, ephemeral to whoever clicks (the key stands
//!                        for the article's file name)
//! dealbot:confirm:<key>  "Add it" under `/add`'s preview: writes and indexes the
//!                        article (the key stands for the draft, in `Data::drafts`)
//! dealbot:cancel:<key>   "Cancel" under the same preview: forgets the draft
//! ```
//!
//! `<key>` is 16 lowercase hex digits, the first 8 bytes of the SHA-256 of the
//! question, so the same question always gets the same key. [`Pending`] maps keys
//! back to questions; it is bounded (oldest first out), and a click on a key it no
//! longer holds (evicted, or the bot restarted) gets a polite "ask again".
//! Answers are not stored: the engine answers again in microseconds, from the
//! index as it is at the click.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::recent::Recent;

/// What a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    More,
    Public,
    Up,
    Down,
    Suggest,
    /// The figures of an article beyond its key ones.
    Figures,
    /// Adds the article `/add` previewed.
    Confirm,
    /// Drops it.
    Cancel,
}

const PREFIX: &str = "dealbot:";

impl Action {
    fn word(self) -> &'static str {
        match self {
            Action::More => "more",
            Action::Public => "public",
            Action::Up => "up",
            Action::Down => "down",
            Action::Suggest => "suggest",
            Action::Figures => "figures",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
        }
    }
}

/// The key of `question`: 16 hex digits.
pub fn key(question: &str) -> String {
    let digest = Sha256::digest(question.as_bytes());
    let mut key = String::with_capacity(16);
    for b in &digest[..8] {
        let _ = write!(key, "{b:02x}");
    }
    key
}

/// `dealbot:<action>:<key>`.
pub fn encode(action: Action, key: &str) -> String {
    format!("{PREFIX}{}:{key}", action.word())
}

/// The action and key of a custom id, or `None` when it is not one of ours.
pub fn decode(custom_id: &str) -> Option<(Action, &str)> {
    let rest = custom_id.strip_prefix(PREFIX)?;
    let (word, key) = rest.split_once(':')?;
    let action = match word {
        "more" => Action::More,
        "public" => Action::Public,
        "up" => Action::Up,
        "down" => Action::Down,
        "suggest" => Action::Suggest,
        "figures" => Action::Figures,
        "confirm" => Action::Confirm,
        "cancel" => Action::Cancel,
        _ => return None,
    };
    let valid = key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then_some((action, key))
}

/// Questions by key, at most `capacity` of them.
#[derive(Debug)]
pub struct Pending(Recent<String, String>);

impl Pending {
    pub fn new(capacity: usize) -> Self {
        Pending(Recent::new(capacity))
    }

    /// Remembers `question` and returns its key.
    pub fn insert(&self, question: &str) -> String {
        let key = key(question);
        self.0.insert(key.clone(), question.to_owned());
        key
    }

    /// The question behind `key`, if it is still remembered.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.get(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_id_round_trips_and_fits_in_100_characters() {
        let long = "quanto ".repeat(500);
        for action in [
            Action::More,
            Action::Public,
            Action::Up,
            Action::Down,
            Action::Suggest,
            Action::Figures,
            Action::Confirm,
            Action::Cancel,
        ] {
            let id = encode(action, &key(&long));
            assert!(id.len() <= 100, "{id}");
            assert_eq!(decode(&id), Some((action, key(&long).as_str())));
        }
        assert_eq!(
            encode(Action::More, "0123456789abcdef"),
            "dealbot:more:0123456789abcdef"
        );
    }

    #[test]
    fn foreign_or_malformed_custom_ids_are_not_ours() {
        assert_eq!(decode("other:more:0123456789abcdef"), None);
        assert_eq!(decode("dealbot:delete:0123456789abcdef"), None);
        assert_eq!(decode("dealbot:more:xyz"), None);
        assert_eq!(decode("dealbot:more"), None);
    }

    #[test]
    fn the_same_question_gets_the_same_key() {
        assert_eq!(key("a"), key("a"));
        assert_ne!(key("a"), key("b"));
    }

    #[test]
    fn pending_forgets_the_oldest_question_first() {
        let pending = Pending::new(2);
        let a = pending.insert("a");
        let b = pending.insert("b");
        assert_eq!(pending.insert("a"), a);
        let c = pending.insert("c");
        assert_eq!(pending.len(), 2);
        assert_eq!(pending.get(&a), None);
        assert_eq!(pending.get(&b).as_deref(), Some("b"));
        assert_eq!(pending.get(&c).as_deref(), Some("c"));
    }
}
