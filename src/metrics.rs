//! What dealbot counts, named in one place: every metric is `dealbot_*`, recorded
//! through the `metrics` facade and exposed by `metrics-exporter-prometheus` at
//! `GET /metrics` ([`crate::http`]). Without [`install`] the calls cost nothing.
//!
//! | metric | type | labels |
//! | --- | --- | --- |
//! | `dealbot_questions_total` | counter | `outcome` (answered, refused, small_talk), `front` ([`Front`]) |
//! | `dealbot_answer_seconds` | histogram | — |
//! | `dealbot_index_passages` | gauge | — |
//! | `dealbot_index_built_timestamp_seconds` | gauge | — |
//! | `dealbot_index_reloads_total` | counter | `result` (swapped, kept, failed) |
//! | `dealbot_gateway_reconnects_total` | counter | — |
//! | `dealbot_commands_total` | counter | `command` |
//! | `dealbot_feedback_total` | counter | `vote` (up, down) |

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::engine::Snapshot;

pub const QUESTIONS: &str = "dealbot_questions_total";
pub const ANSWER_SECONDS: &str = "dealbot_answer_seconds";
pub const INDEX_PASSAGES: &str = "dealbot_index_passages";
pub const INDEX_BUILT: &str = "dealbot_index_built_timestamp_seconds";
pub const INDEX_RELOADS: &str = "dealbot_index_reloads_total";
pub const GATEWAY_RECONNECTS: &str = "dealbot_gateway_reconnects_total";
pub const COMMANDS: &str = "dealbot_commands_total";
/// Counted by the feedback buttons, label `vote` = `up` or `down`.
pub const FEEDBACK: &str = "dealbot_feedback_total";

/// Where a question came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    Mention,
    Channel,
    Slash,
    ContextMenu,
    Console,
    Dm,
    Reply,
    /// "Post publicly" on a private answer.
    Button,
}

impl Front {
    pub fn label(self) -> &'static str {
        match self {
            Front::Mention => "mention",
            Front::Channel => "channel",
            Front::Slash => "slash",
            Front::ContextMenu => "context_menu",
            Front::Console => "console",
            Front::Dm => "dm",
            Front::Reply => "reply",
            Front::Button => "button",
        }
    }
}

/// Installs the Prometheus recorder for the process (once; later calls return
/// the same handle) and describes the metrics.
pub fn install() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    metrics_exporter_prometheus::Matcher::Full(ANSWER_SECONDS.to_owned()),
                    &[
                        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
                    ],
                )
                .expect("the bucket list is not empty")
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is installed; /metrics will be empty");
            }
            describe();
            handle
        })
        .clone()
}

fn describe() {
    metrics::describe_counter!(QUESTIONS, "Questions answered or refused, by front");
    metrics::describe_histogram!(ANSWER_SECONDS, metrics::Unit::Seconds, "Time the engine took to answer");
    metrics::describe_gauge!(INDEX_PASSAGES, "Passages in the index serving answers");
    metrics::describe_gauge!(
        INDEX_BUILT,
        metrics::Unit::Seconds,
        "When the serving index was built, unix seconds"
    );
    metrics::describe_counter!(INDEX_RELOADS, "Index rebuilds (watcher and /reindex), by result");
    metrics::describe_counter!(
        GATEWAY_RECONNECTS,
        "Gateway sessions resumed or identified after the first"
    );
    metrics::describe_counter!(COMMANDS, "Commands invoked, by name");
    metrics::describe_counter!(FEEDBACK, "Feedback button clicks, by vote");
}

/// What became of a message sent to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    Refused,
    /// A greeting, thanks or "help": neither an answer nor a refusal.
    SmallTalk,
}

impl Outcome {
    pub fn of(answer: &crate::engine::Answer) -> Outcome {
        if answer.answered {
            Outcome::Answered
        } else if answer.kind == Some(crate::engine::MessageKind::SmallTalk) {
            Outcome::SmallTalk
        } else {
            Outcome::Refused
        }
    }

    fn label(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Refused => "refused",
            Outcome::SmallTalk => "small_talk",
        }
    }
}

/// Counts one question.
pub fn question(front: Front, outcome: Outcome) {
    metrics::counter!(QUESTIONS, "outcome" => outcome.label(), "front" => front.label()).increment(1);
}

/// Records how long the engine took to answer.
pub fn answer_time(elapsed: Duration) {
    metrics::histogram!(ANSWER_SECONDS).record(elapsed.as_secs_f64());
}

/// Sets the index gauges from the snapshot that serves answers now.
pub fn index(snapshot: &Snapshot) {
    #[expect(clippy::cast_precision_loss, reason = "a passage count far below 2^52")]
    metrics::gauge!(INDEX_PASSAGES).set(snapshot.passages.len() as f64);
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&snapshot.built_at) {
        #[expect(clippy::cast_precision_loss, reason = "unix seconds fit in f64 exactly")]
        metrics::gauge!(INDEX_BUILT).set(at.timestamp() as f64);
    }
}

/// Counts one index reload by its result.
pub fn reload(result: &'static str) {
    metrics::counter!(INDEX_RELOADS, "result" => result).increment(1);
}

/// Counts a gateway session after the first (a reconnect).
pub fn gateway_reconnect() {
    metrics::counter!(GATEWAY_RECONNECTS).increment(1);
}

/// Counts one command invocation.
pub fn command(name: &str) {
    metrics::counter!(COMMANDS, "command" => name.to_owned()).increment(1);
}

/// Counts one feedback click (`up` true for 👍), for the feedback buttons.
pub fn feedback(up: bool) {
    metrics::counter!(FEEDBACK, "vote" => if up { "up" } else { "down" }).increment(1);
}
