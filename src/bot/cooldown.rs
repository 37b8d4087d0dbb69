//! Per-user cooldown between two questions (`discord.cooldown_seconds`; 0 turns it off).
//!
//! A user who asks too soon gets a notice, not silence: ephemeral for commands;
//! for channel messages, one reply per cooldown window (a second notice would be
//! the very noise the cooldown is there to stop).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serenity::all::UserId;

/// Whether a user may ask now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Go,
    /// Too soon. `notify` is true for the first refusal in this window.
    Wait {
        remaining: Duration,
        notify: bool,
    },
}

#[derive(Debug)]
pub struct Cooldown {
    period: Duration,
    last: Mutex<HashMap<UserId, Entry>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    at: Instant,
    notified: bool,
}

/// Past this many users, entries whose window has closed are dropped.
const PRUNE_AT: usize = 10_000;

impl Cooldown {
    pub fn new(period: Duration) -> Self {
        Cooldown {
            period,
            last: Mutex::default(),
        }
    }

    /// Checks `user` at `now` and, when they may ask, starts their next window.
    pub fn check(&self, user: UserId, now: Instant) -> Verdict {
        if self.period.is_zero() {
            return Verdict::Go;
        }
        let mut last = self.last.lock().expect("cooldown map poisoned");
        if let Some(entry) = last.get_mut(&user) {
            let elapsed = now.saturating_duration_since(entry.at);
            if elapsed < self.period {
                let notify = !entry.notified;
                entry.notified = true;
                return Verdict::Wait {
                    remaining: self.period.saturating_sub(elapsed),
                    notify,
                };
            }
        }
        if last.len() >= PRUNE_AT {
            let period = self.period;
            last.retain(|_, e| now.saturating_duration_since(e.at) < period);
        }
        last.insert(
            user,
            Entry {
                at: now,
                notified: false,
            },
        );
        Verdict::Go
    }
}

/// Whole seconds left, rounded up, at least 1.
pub fn seconds(remaining: Duration) -> u64 {
    remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_question_within_the_period_waits_and_is_notified_once() {
        let cooldown = Cooldown::new(Duration::from_secs(3));
        let user = UserId::new(7);
        let t0 = Instant::now();
        assert_eq!(cooldown.check(user, t0), Verdict::Go);
        assert_eq!(
            cooldown.check(user, t0 + Duration::from_secs(1)),
            Verdict::Wait {
                remaining: Duration::from_secs(2),
                notify: true
            }
        );
        assert!(matches!(
            cooldown.check(user, t0 + Duration::from_secs(2)),
            Verdict::Wait { notify: false, .. }
        ));
        assert_eq!(cooldown.check(user, t0 + Duration::from_secs(3)), Verdict::Go);
        assert_eq!(cooldown.check(UserId::new(8), t0), Verdict::Go);
    }

    #[test]
    fn a_zero_period_never_waits() {
        let cooldown = Cooldown::new(Duration::ZERO);
        let t0 = Instant::now();
        assert_eq!(cooldown.check(UserId::new(1), t0), Verdict::Go);
        assert_eq!(cooldown.check(UserId::new(1), t0), Verdict::Go);
    }

    #[test]
    fn seconds_round_up() {
        assert_eq!(seconds(Duration::from_millis(1500)), 2);
        assert_eq!(seconds(Duration::from_secs(2)), 2);
    }
}
