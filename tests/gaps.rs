//! The knowledge-gap database from outside: the console records refusals,
//! `dealbot gaps` reports them (text and JSON), and the file survives a writer
//! killed mid-write.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use dealbot::engine::Lang;
use dealbot::gaps::{Front, Gaps, Vote};
use rusqlite::Connection;

use cli::config;

/// Runs the binary (see `support/cli.rs`) and asserts it succeeded.
fn dealbot(config: &Path, args: &[&str], stdin: &str) -> Output {
    let output = cli::dealbot(config, args, stdin);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

#[test]
fn console_refusals_are_counted_and_dealbot_gaps_lists_the_most_asked_first() {
    let (dir, config) = config();
    let questions = "What is the capital of Australia?\nQuanto vale l'accordo tra Amazon e OpenAI?\nwhat is the  CAPITAL of australia?\nWho won the World Cup?\n\n";
    dealbot(&config, &[], questions);
    assert!(
        dir.path().join("gaps.sqlite3").exists(),
        "the database sits beside the index"
    );

    let out = String::from_utf8(dealbot(&config, &["gaps"], "").stdout).unwrap();
    let capital = out.find("2× what is the capital of australia?").expect(&out);
    let cup = out.find("1× who won the world cup?").expect(&out);
    assert!(capital < cup, "{out}");
    assert!(
        !out.to_lowercase().contains("quanto vale"),
        "answered questions are not gaps: {out}"
    );

    let json: serde_json::Value = serde_json::from_slice(&dealbot(&config, &["gaps", "--json"], "").stdout).unwrap();
    let unanswered = json["unanswered"].as_array().unwrap();
    assert_eq!(unanswered.len(), 2);
    assert_eq!(unanswered[0]["question"], "what is the capital of australia?");
    assert_eq!(unanswered[0]["count"], 2);
    assert!(unanswered[0]["first_seen"].as_str().unwrap() <= unanswered[0]["last_seen"].as_str().unwrap());
    assert_eq!(json["worst_rated"], serde_json::json!([]));
}

#[test]
fn dealbot_gaps_lists_the_worst_rated_answers() {
    let (dir, config) = config();
    let gaps = Gaps::open(&dir.path().join("gaps.sqlite3"), false).unwrap();
    gaps.record_vote("Chi è Sam Altman?", "Il fondatore", Vote::Down, Front::Button, Some(1))
        .unwrap();
    gaps.record_vote("Quanto vale?", "10 miliardi", Vote::Up, Front::Button, None)
        .unwrap();
    drop(gaps);
    let json: serde_json::Value =
        serde_json::from_slice(&dealbot(&config, &["gaps", "--json", "--limit", "5"], "").stdout).unwrap();
    let worst = json["worst_rated"].as_array().unwrap();
    assert_eq!(worst.len(), 1, "{json}");
    assert_eq!(worst[0]["question"], "chi e sam altman?");
    assert_eq!(worst[0]["down"], 1);
}

/// The child side of the crash test: writes until it is killed. Runs only when
/// the parent test starts this binary with `DEALBOT_GAPS_WRITER` set.
#[test]
fn crash_writer_helper() {
    let Ok(path) = std::env::var("DEALBOT_GAPS_WRITER") else {
        return;
    };
    let gaps = Gaps::open(Path::new(&path), true).unwrap();
    for i in 0_u64.. {
        gaps.record_refusal(
            &format!("Question number {}", i % 50),
            Lang::En,
            Front::Console,
            Some(i),
        )
        .unwrap();
        if i % 3 == 0 {
            gaps.record_vote(&format!("answer {}", i % 7), "text", Vote::Down, Front::Button, None)
                .unwrap();
        }
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_database_survives_a_writer_killed_mid_write_and_reopens_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gaps.sqlite3");
    let mut last_events = 0;
    for round in 0..3 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_writer_helper", "--nocapture", "--test-threads", "1"])
            .env("DEALBOT_GAPS_WRITER", &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it write a while, then kill it (SIGKILL: no destructor, no checkpoint).
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let events = Connection::open(&path)
                .ok()
                .and_then(|c| {
                    c.query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0))
                        .ok()
                })
                .unwrap_or(0);
            if events > last_events + 200 || Instant::now() > deadline {
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let gaps = Gaps::open(&path, false).expect("the database reopens after a crash");
        drop(gaps);
        let conn = Connection::open(&path).unwrap();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        let events = count(&conn, "SELECT count(*) FROM events");
        assert!(
            events > last_events,
            "round {round}: the writer wrote nothing ({events})"
        );
        assert_eq!(
            count(&conn, "SELECT coalesce(sum(count), 0) FROM refusals"),
            count(&conn, "SELECT count(*) FROM events WHERE kind = 'refused'"),
            "round {round}: refusal totals match their events"
        );
        assert_eq!(
            count(&conn, "SELECT coalesce(sum(down), 0) FROM ratings"),
            count(&conn, "SELECT count(*) FROM events WHERE kind = 'down'"),
            "round {round}: vote totals match their events"
        );
        last_events = events;
    }
}

#[test]
fn greetings_and_thanks_are_not_knowledge_gaps() {
    let (dir, config) = config();
    // Through the console: small talk gets its reply and is not recorded.
    let out = dealbot(&config, &[], "ciao\nthanks!\nWho won the World Cup?\n\n");
    let console = String::from_utf8_lossy(&out.stdout);
    assert!(console.contains("Ciao!"), "{console}");
    // Recorded before small talk was told apart: left out of the report.
    let gaps = Gaps::open(&dir.path().join("gaps.sqlite3"), false).unwrap();
    gaps.record_refusal("Hi there", Lang::En, Front::Console, None).unwrap();
    let conn = Connection::open(dir.path().join("gaps.sqlite3")).unwrap();
    conn.execute(
        "INSERT INTO refusals (question, lang, count, first_seen, last_seen) VALUES ('grazie mille', 'it', 5, 'x', 'x')",
        [],
    )
    .unwrap();

    let json: serde_json::Value = serde_json::from_slice(&dealbot(&config, &["gaps", "--json"], "").stdout).unwrap();
    let listed: Vec<&str> = json["unanswered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["question"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["who won the world cup?"], "{json}");
}
