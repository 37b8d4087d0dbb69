//! The knowledge-gap report: what people asked that the articles do not answer,
//! and how they rated the answers they got, in an embedded `SQLite` file.
//!
//! Shared by the console, the `dealbot gaps` command and the bot (which calls it
//! from blocking threads: every call here is synchronous and short). Nothing here
//! knows about Discord.
//!
//! Questions are stored normalized ([`normalize`]: lowercase, accents folded,
//! whitespace collapsed), so "Chi è il CEO?" and "chi e il  ceo?" count as one.
//! Each write is one transaction that updates the per-question totals and appends
//! one row to `events`, so the totals always equal the events they summarize.
//! The file is in WAL mode with `synchronous = FULL`: a crash mid-write loses at
//! most the transaction in flight, never the file. User ids are stored only when
//! `gaps.store_user_ids` is on.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::engine::text::fold;
use crate::engine::{Lang, smalltalk};
use crate::error::{Error, Result};

/// Where a question came from: the same fronts the metrics count.
pub use crate::metrics::Front;

/// A 👍 or a 👎 on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    Up,
    Down,
}

impl Vote {
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Up => "up",
            Vote::Down => "down",
        }
    }
}

/// A question the engine refused, with how often and when it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Normalized.
    pub question: String,
    pub count: u64,
    pub first_seen: String,
    pub last_seen: String,
}

/// An answered question with its votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// Normalized.
    pub question: String,
    /// The answer's first line as it was when last rated.
    pub answer: String,
    pub up: u64,
    pub down: u64,
    pub last_seen: String,
}

/// What `dealbot gaps` and `/gaps` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Most asked first.
    pub unanswered: Vec<Gap>,
    /// Most disliked first; only answers with at least one 👎.
    pub worst_rated: Vec<Rating>,
}

impl Report {
    /// The report as plain text (no Markdown), in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (unanswered, none, worst, no_votes) = match lang {
            Lang::En => (
                "Most asked unanswered questions",
                "No refused questions yet.",
                "Worst rated answers",
                "No answer has a 👎 yet.",
            ),
            Lang::It => (
                "Domande senza risposta più frequenti",
                "Ancora nessuna domanda rifiutata.",
                "Risposte valutate peggio",
                "Ancora nessuna risposta con un 👎.",
            ),
        };
        let mut out = format!("{unanswered}:\n");
        if self.unanswered.is_empty() {
            out.push_str(none);
            out.push('\n');
        }
        for g in &self.unanswered {
            let _ = writeln!(
                out,
                "{:>4}× {}  ({} … {})",
                g.count,
                g.question,
                day(&g.first_seen),
                day(&g.last_seen)
            );
        }
        let _ = write!(out, "\n{worst}:\n");
        if self.worst_rated.is_empty() {
            out.push_str(no_votes);
            out.push('\n');
        }
        for r in &self.worst_rated {
            let _ = writeln!(out, "  👎 {} 👍 {}  {}\n      → {}", r.down, r.up, r.question, r.answer);
        }
        out
    }
}

fn day(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

/// A question as the report counts it: lowercase, accents folded, whitespace collapsed.
pub fn normalize(question: &str) -> String {
    question.split_whitespace().map(fold).collect::<Vec<_>>().join(" ")
}

/// Longest question stored, in characters (a Discord message is at most 2,000).
const MAX_QUESTION: usize = 1000;

fn clip(text: &str) -> String {
    text.chars().take(MAX_QUESTION).collect()
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS refusals (
    question   TEXT PRIMARY KEY,
    lang       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ratings (
    question   TEXT PRIMARY KEY,
    answer     TEXT NOT NULL,
    up         INTEGER NOT NULL DEFAULT 0,
    down       INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
-- One row per refusal or vote: what the totals above summarize.
CREATE TABLE IF NOT EXISTS events (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,   -- 'refused', 'up', 'down'
    question TEXT NOT NULL,
    front    TEXT NOT NULL,
    user_id  INTEGER,         -- NULL unless gaps.store_user_ids
    at       TEXT NOT NULL
);
";

/// The knowledge-gap database. One connection, behind a mutex: calls are short
/// and never held across an `.await` (the bot calls from blocking threads).
pub struct Gaps {
    path: PathBuf,
    store_user_ids: bool,
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Gaps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gaps").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Gaps {
    /// Opens (creating if needed) the database at `path`, in WAL mode.
    pub fn open(path: &Path, store_user_ids: bool) -> Result<Gaps> {
        let err = |source| Error::Gaps {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::WriteFile {
                path: dir.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(err)?;
        // Other processes (a `dealbot gaps` while the bot runs) may hold the lock briefly.
        conn.busy_timeout(Duration::from_secs(5)).map_err(err)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "the gaps database is not in WAL mode");
        }
        conn.execute_batch("PRAGMA synchronous = FULL;").map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(Gaps {
            path: path.to_owned(),
            store_user_ids,
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> Error {
        Error::Gaps {
            path: self.path.clone(),
            source,
        }
    }

    fn user(&self, user: Option<u64>) -> Option<i64> {
        user.filter(|_| self.store_user_ids)
            .map(|u| i64::from_ne_bytes(u.to_ne_bytes()))
    }

    /// Counts one refusal of `question`.
    /// Small talk ("ciao", "thanks!") is no gap in the articles: it is not recorded.
    pub fn record_refusal(&self, question: &str, lang: Lang, front: Front, user: Option<u64>) -> Result<()> {
        let question = clip(&normalize(question));
        if question.is_empty() || smalltalk::read(&question).is_some() {
            return Ok(());
        }
        let now = now();
        let user = self.user(user);
        let mut conn = self.conn.lock().expect("gaps connection poisoned");
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        tx.execute(
            "INSERT INTO refusals (question, lang, count, first_seen, last_seen) VALUES (?1, ?2, 1, ?3, ?3)
             ON CONFLICT(question) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen",
            params![question, lang.code(), now],
        )
        .map_err(|e| self.err(e))?;
        tx.execute(
            "INSERT INTO events (kind, question, front, user_id, at) VALUES ('refused', ?1, ?2, ?3, ?4)",
            params![question, front.label(), user, now],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))
    }

    /// Counts one vote on the answer `answer` to `question`.
    pub fn record_vote(&self, question: &str, answer: &str, vote: Vote, front: Front, user: Option<u64>) -> Result<()> {
        let question = clip(&normalize(question));
        let answer = clip(answer);
        let now = now();
        let user = self.user(user);
        let (up, down) = match vote {
            Vote::Up => (1, 0),
            Vote::Down => (0, 1),
        };
        let mut conn = self.conn.lock().expect("gaps connection poisoned");
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        tx.execute(
            "INSERT INTO ratings (question, answer, up, down, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT(question) DO UPDATE SET answer = excluded.answer, up = up + excluded.up,
                 down = down + excluded.down, last_seen = excluded.last_seen",
            params![question, answer, up, down, now],
        )
        .map_err(|e| self.err(e))?;
        tx.execute(
            "INSERT INTO events (kind, question, front, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![vote.as_str(), question, front.label(), user, now],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))
    }

    /// The `limit` most asked unanswered questions and the `limit` worst rated answers.
    pub fn report(&self, limit: usize) -> Result<Report> {
        let wanted = limit;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let conn = self.conn.lock().expect("gaps connection poisoned");
        let unanswered = conn
            .prepare(
                "SELECT question, count, first_seen, last_seen FROM refusals
                 ORDER BY count DESC, last_seen DESC, question",
            )
            .and_then(|mut s| {
                // Small talk recorded before it was told apart is left out.
                s.query_map([], |r| {
                    Ok(Gap {
                        question: r.get(0)?,
                        count: r.get(1)?,
                        first_seen: r.get(2)?,
                        last_seen: r.get(3)?,
                    })
                })?
                .filter(|g| g.as_ref().is_err() || g.as_ref().is_ok_and(|g| smalltalk::read(&g.question).is_none()))
                .take(wanted)
                .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(|e| self.err(e))?;
        let worst_rated = conn
            .prepare(
                "SELECT question, answer, up, down, last_seen FROM ratings WHERE down > 0
                 ORDER BY down - up DESC, down DESC, last_seen DESC, question LIMIT ?1",
            )
            .and_then(|mut s| {
                s.query_map([limit], |r| {
                    Ok(Rating {
                        question: r.get(0)?,
                        answer: r.get(1)?,
                        up: r.get(2)?,
                        down: r.get(3)?,
                        last_seen: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(|e| self.err(e))?;
        Ok(Report {
            unanswered,
            worst_rated,
        })
    }

    /// How many refusals of `question` (normalized here) are counted.
    pub fn refusals_of(&self, question: &str) -> Result<u64> {
        let conn = self.conn.lock().expect("gaps connection poisoned");
        conn.query_row(
            "SELECT count FROM refusals WHERE question = ?1",
            [normalize(question)],
            |r| r.get(0),
        )
        .optional()
        .map(Option::unwrap_or_default)
        .map_err(|e| self.err(e))
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_lowercases_folds_accents_and_collapses_whitespace() {
        assert_eq!(normalize("  Chi è   il\tCEO? "), "chi e il ceo?");
        assert_eq!(normalize("PERCHÉ"), "perche");
    }

    #[test]
    fn refusals_of_the_same_question_count_together() {
        let dir = tempfile::tempdir().unwrap();
        let gaps = Gaps::open(&dir.path().join("g.sqlite3"), false).unwrap();
        gaps.record_refusal("Chi è il CEO?", Lang::It, Front::Console, Some(7))
            .unwrap();
        gaps.record_refusal("chi e il  ceo?", Lang::It, Front::Slash, None)
            .unwrap();
        gaps.record_refusal("Weather?", Lang::En, Front::Mention, None).unwrap();
        let report = gaps.report(10).unwrap();
        assert_eq!(report.unanswered[0].question, "chi e il ceo?");
        assert_eq!(report.unanswered[0].count, 2);
        assert_eq!(report.unanswered.len(), 2);
        assert_eq!(gaps.refusals_of("CHI È IL CEO?").unwrap(), 2);
    }

    #[test]
    fn user_ids_are_stored_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        for (store, expected) in [(false, None), (true, Some(42_i64))] {
            let path = dir.path().join(format!("{store}.sqlite3"));
            let gaps = Gaps::open(&path, store).unwrap();
            gaps.record_vote("q", "a", Vote::Down, Front::Button, Some(42)).unwrap();
            let conn = gaps.conn.lock().unwrap();
            let user: Option<i64> = conn.query_row("SELECT user_id FROM events", [], |r| r.get(0)).unwrap();
            assert_eq!(user, expected);
        }
    }

    #[test]
    fn the_worst_rated_answers_come_first_and_liked_ones_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let gaps = Gaps::open(&dir.path().join("g.sqlite3"), false).unwrap();
        gaps.record_vote("good", "yes", Vote::Up, Front::Button, None).unwrap();
        gaps.record_vote("bad", "no", Vote::Down, Front::Button, None).unwrap();
        gaps.record_vote("bad", "no", Vote::Down, Front::Button, None).unwrap();
        gaps.record_vote("meh", "so so", Vote::Down, Front::Button, None)
            .unwrap();
        let report = gaps.report(10).unwrap();
        let order: Vec<&str> = report.worst_rated.iter().map(|r| r.question.as_str()).collect();
        assert_eq!(order, ["bad", "meh"]);
        assert_eq!(report.worst_rated[0].down, 2);
        assert!(report.text(Lang::En).contains("bad"));
    }

    #[test]
    fn the_database_is_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let gaps = Gaps::open(&dir.path().join("g.sqlite3"), false).unwrap();
        let conn = gaps.conn.lock().unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}
