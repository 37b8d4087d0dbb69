//! The soak: the `dealbot` binary, as an operator runs it, on the loopback
//! Discord server for 50,000 questions from 1,000 users in 50 channels, sent in
//! bursts, with the gateway disturbed every 5,000 questions (op 7 reconnect,
//! dropped TCP connection, op 9 resumable, in turn) and an admin `/reindex`
//! twice during the run. It checks that every question gets exactly one reply
//! (replies counted per message id) and that the bot's resident memory at the
//! end is within 10 % of that after the first 5,000, and reports the reply
//! latency percentiles. It exits non-zero when a check fails.
//!
//! The bot is a child process, so the memory read from `/proc/PID/status` is the
//! bot's alone, not this server's, and with the allocator settings `main` makes.
//!
//! Bounded: `DEALBOT_SOAK_QUESTIONS` (default 50,000) questions, and it gives up
//! after 10 minutes. Loopback only.
//!
//! `cargo bench --bench soak`

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use support::discord::{self, CHANNEL_ID, Discord, Frame, InteractionSpec, MessageSpec, Request, USER_ID, user};
use support::memory_mib;

const DEFAULT_QUESTIONS: usize = 50_000;
const USERS: usize = 1_000;
const CHANNELS: usize = 50;
/// Questions dispatched at once before waiting for their replies.
const BURST: usize = 100;
/// A gateway disturbance after every this many questions.
const DISTURB_EVERY: usize = 5_000;
/// The whole run gives up after this long.
const TIME_LIMIT: Duration = Duration::from_secs(600);
/// How long a burst may wait for its replies before they count as lost.
const WAIT: Duration = Duration::from_secs(30);
/// After the last reply, how long to wait for late (doubled) ones.
const QUIET: Duration = Duration::from_secs(2);

const QUESTIONS: [&str; 6] = [
    "Quanto vale l'accordo tra Amazon e OpenAI?",
    "How much is the Amazon OpenAI deal worth?",
    "OpenAI userà i chip Trainium?",
    "What does the deal include besides the cash?",
    "What is the capital of Australia?",
    "Chi guida Amazon Web Services?",
];

#[derive(Clone, Copy, Debug)]
enum Disturbance {
    Reconnect,
    DropConnection,
    InvalidateResumable,
}

impl Disturbance {
    fn nth(n: usize) -> Disturbance {
        [
            Disturbance::Reconnect,
            Disturbance::DropConnection,
            Disturbance::InvalidateResumable,
        ][n % 3]
    }

    fn apply(self, discord: &Discord) {
        match self {
            Disturbance::Reconnect => discord.request_reconnect(0),
            Disturbance::DropConnection => discord.drop_connection(0),
            Disturbance::InvalidateResumable => discord.invalidate_session(0, true),
        }
    }
}

/// The nearest-rank `p`th percentile (`p` in 1..=1000, per mille) of sorted durations.
fn permille(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(1000);
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The id of the message a reply answers, if `r` is a reply.
fn replied_to(r: &Request) -> Option<u64> {
    if r.method == "POST" && r.route.starts_with("/channels/") && r.route.ends_with("/messages") {
        r.json["message_reference"]["message_id"].as_str()?.parse().ok()
    } else {
        None
    }
}

/// A `/reindex` in flight: its interaction and when it was sent.
struct Reindex {
    spec: InteractionSpec,
    sent: Instant,
    deferred: bool,
}

/// Everything counted over the run.
struct Tally {
    /// Replies per question id; every question sent has an entry.
    replies: HashMap<u64, u32>,
    /// The burst waiting for its replies: id → (sent, sent while reconnecting).
    waiting: HashMap<u64, (Instant, bool)>,
    latencies: Vec<Duration>,
    steady_latencies: Vec<Duration>,
    reindex: Option<Reindex>,
    reindex_times: Vec<Duration>,
    reindex_failures: Vec<String>,
    identifies: usize,
    resumes: usize,
    strays: usize,
}

impl Tally {
    fn take(&mut self, discord: &Discord) {
        let (requests, frames) = discord.take_records();
        for r in &requests {
            self.request(r);
        }
        self.frames(&frames);
    }

    fn request(&mut self, r: &Request) {
        if let Some(id) = replied_to(r) {
            match self.replies.get_mut(&id) {
                Some(n) => *n += 1,
                None => self.strays += 1,
            }
            if let Some((sent, reconnecting)) = self.waiting.remove(&id) {
                let latency = r.at.saturating_duration_since(sent);
                self.latencies.push(latency);
                if !reconnecting {
                    self.steady_latencies.push(latency);
                }
            }
            return;
        }
        let Some(reindex) = &mut self.reindex else {
            return;
        };
        if r.is_callback(reindex.spec.id) {
            reindex.deferred = true;
        } else if r.is_webhook(&reindex.spec.token) && matches!(r.method.as_str(), "PATCH" | "POST") {
            let text = r.text();
            if text.contains("Index rebuilt") {
                self.reindex_times.push(r.at.saturating_duration_since(reindex.sent));
            } else {
                self.reindex_failures.push(text);
            }
            self.reindex = None;
        }
    }

    fn frames(&mut self, frames: &[Frame]) {
        self.identifies += frames.iter().filter(|f| f.op() == Some(2)).count();
        self.resumes += frames.iter().filter(|f| f.op() == Some(6)).count();
    }
}

fn questions() -> usize {
    std::env::var("DEALBOT_SOAK_QUESTIONS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_QUESTIONS)
}

/// The bot, a child process (killed when dropped), and its metrics address.
struct Bot {
    child: Child,
    /// For `/proc/PID/status`.
    pid: String,
    http: SocketAddr,
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Bot {
    /// Starts the bot in `dir` (a copy of the repository's seeds, its own index
    /// and config, `[http]` on) against the server at `proxy`. The binary is the
    /// one cargo built, or `DEALBOT_SOAK_BIN` (another build, to compare).
    fn start(dir: &Path, proxy: &str) -> Bot {
        let seeds = dir.join("seeds");
        std::fs::create_dir(&seeds).expect("seeds folder");
        support::copy_seeds(&seeds);
        // A free loopback port for the bot's endpoints.
        let http = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let config = dir.join("config.toml");
        std::fs::write(
            &config,
            format!(
                "seeds_dir = \"seeds\"\nindex_dir = \"index\"\n\n[discord]\nguild_id = {}\ncooldown_seconds = 0\n\n[http]\nlisten = \"{http}\"\n",
                discord::GUILD_ID
            ),
        )
        .expect("write config.toml");
        let binary = std::env::var_os("DEALBOT_SOAK_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_dealbot").into());
        let child = Command::new(&binary)
            .arg("--config")
            .arg(&config)
            .env("DISCORD_TOKEN", "soak-token")
            .env("DEALBOT_DISCORD_PROXY", proxy)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        Bot {
            pid: child.id().to_string(),
            child,
            http,
        }
    }

    /// The sum of the bot's `dealbot_questions_total` counters, from `/metrics`.
    async fn questions_counted(&self) -> Option<u64> {
        let mut stream = tokio::net::TcpStream::connect(self.http).await.ok()?;
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: dealbot\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await.ok()?;
        Some(
            response
                .lines()
                .filter(|l| l.starts_with("dealbot_questions_total{"))
                .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
                .sum(),
        )
    }
}

fn main() -> ExitCode {
    let total = questions();
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let discord = Discord::start().await;
        let bot = Bot::start(dir.path(), &discord.url);
        discord
            .wait_for(|r| r.method == "PUT" && r.route.ends_with("/commands"), WAIT)
            .await
            .expect("the bot registers its commands");
        assert!(discord.wait_ready(0, WAIT).await, "the bot connects");
        soak(&discord, &bot, total).await
    })
}

#[expect(clippy::too_many_lines, reason = "one run, read top to bottom")]
async fn soak(discord: &Discord, bot: &Bot, total: usize) -> ExitCode {
    let mut tally = Tally {
        replies: HashMap::with_capacity(total),
        waiting: HashMap::with_capacity(BURST * 2),
        latencies: Vec::with_capacity(total),
        steady_latencies: Vec::with_capacity(total),
        reindex: None,
        reindex_times: Vec::new(),
        reindex_failures: Vec::new(),
        identifies: 0,
        resumes: 0,
        strays: 0,
    };
    // `DEALBOT_SOAK_REINDEXES` (default 2) spread evenly over the run.
    let reindexes: usize = std::env::var("DEALBOT_SOAK_REINDEXES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let reindex_at: Vec<usize> = (0..reindexes).map(|j| total * (2 * j + 1) / (2 * reindexes)).collect();
    let started = Instant::now();
    let mut rss_first = None;
    let mut disturbances = Vec::new();
    let mut checkpoints = Vec::with_capacity(total / DISTURB_EVERY + 1);
    let mut reconnecting = false;
    let mut timed_out_bursts = 0usize;
    let mut sent = 0usize;
    let mut aborted = false;
    // What connecting took (commands, the first Identify) is not counted.
    tally.take(discord);
    tally.identifies = 0;
    tally.resumes = 0;

    while sent < total {
        if started.elapsed() > TIME_LIMIT {
            aborted = true;
            break;
        }
        let n = BURST.min(total - sent);
        for q in sent..sent + n {
            let mut spec = MessageSpec::mention(QUESTIONS[q % QUESTIONS.len()]).author(user(
                USER_ID + 1 + (q % USERS) as u64,
                "asker",
                false,
            ));
            spec.channel_id = CHANNEL_ID + (q % CHANNELS) as u64;
            tally.replies.insert(spec.id, 0);
            tally.waiting.insert(spec.id, (Instant::now(), reconnecting));
            discord.dispatch("MESSAGE_CREATE", spec.json());
        }
        if reindex_at.iter().any(|&at| (sent..sent + n).contains(&at)) {
            assert!(tally.reindex.is_none(), "the previous /reindex is still running");
            let spec = InteractionSpec::new().admin();
            discord.dispatch("INTERACTION_CREATE", spec.command("reindex", &json!([])));
            tally.reindex = Some(Reindex {
                spec,
                sent: Instant::now(),
                deferred: false,
            });
        }
        sent += n;
        reconnecting = false;

        let deadline = Instant::now() + WAIT;
        loop {
            tally.take(discord);
            if tally.waiting.is_empty() {
                break;
            }
            if Instant::now() > deadline {
                timed_out_bursts += 1;
                tally.waiting.clear();
                break;
            }
            discord.wait_for(|_| true, Duration::from_millis(50)).await;
        }

        if sent.is_multiple_of(DISTURB_EVERY) && sent < total {
            let rss = memory_mib(&bot.pid, "VmRSS");
            if sent == DISTURB_EVERY {
                rss_first = rss;
            }
            checkpoints.push((sent, rss, memory_mib(&bot.pid, "RssAnon")));
            // Every question so far is answered, so the bot has received every
            // dispatch (a /reindex once deferred): the replay log can go.
            if tally.reindex.as_ref().is_none_or(|r| r.deferred) {
                discord.forget_dispatch_log();
            }
            let disturbance = Disturbance::nth(disturbances.len());
            disturbance.apply(discord);
            disturbances.push(disturbance);
            // The next burst is dispatched at once: while the bot reconnects it
            // waits in the session's log, and the Resume replays it.
            reconnecting = true;
        }
    }

    // Late replies (a doubled one would come now) and the last /reindex.
    let deadline = Instant::now() + WAIT;
    while tally.reindex.is_some() && Instant::now() < deadline {
        discord.wait_for(|_| true, Duration::from_millis(100)).await;
        tally.take(discord);
    }
    tokio::time::sleep(QUIET).await;
    tally.take(discord);
    let elapsed = started.elapsed();
    let rss_end = memory_mib(&bot.pid, "VmRSS");

    let counted = bot.questions_counted().await;
    let answered = tally.replies.values().filter(|&&n| n >= 1).count();
    let lost = tally.replies.len() - answered;
    let doubled = tally.replies.values().filter(|&&n| n > 1).count();
    tally.latencies.sort_unstable();
    tally.steady_latencies.sort_unstable();

    let asked = tally.replies.len();
    println!(
        "soak: {asked} questions from {USERS} users in {CHANNELS} channels, bursts of {BURST}, in {:.1} s ({:.0} questions/s)",
        elapsed.as_secs_f64(),
        f64::from(u32::try_from(asked).unwrap_or(u32::MAX)) / elapsed.as_secs_f64()
    );
    println!(
        "  gateway disturbances: {} ({:?}); resumes {}, new identifies {}",
        disturbances.len(),
        disturbances,
        tally.resumes,
        tally.identifies
    );
    println!(
        "  /reindex: {} of {} rebuilt ({})",
        tally.reindex_times.len(),
        reindex_at.iter().filter(|&&at| at < total).count(),
        tally
            .reindex_times
            .iter()
            .map(|d| format!("{:.0} ms", ms(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for failure in &tally.reindex_failures {
        println!("  /reindex answered without rebuilding: {failure}");
    }
    println!(
        "  replies: {answered} answered, {lost} lost, {doubled} doubled, {} to unknown messages; {timed_out_bursts} burst(s) timed out",
        tally.strays
    );
    println!(
        "  /metrics: dealbot_questions_total sums to {}",
        counted.map_or_else(|| "n/a (no answer)".to_owned(), |n| n.to_string())
    );
    println!("  reply latency (MESSAGE_CREATE dispatched -> reply POST received):");
    for (label, sorted) in [
        ("all replies", &tally.latencies),
        ("outside reconnects", &tally.steady_latencies),
    ] {
        println!(
            "    {label:<20} p50 {:>8.3} ms  p99 {:>8.3} ms  p99.9 {:>8.3} ms  max {:>8.3} ms",
            ms(permille(sorted, 500)),
            ms(permille(sorted, 990)),
            ms(permille(sorted, 999)),
            ms(sorted.last().copied().unwrap_or_default())
        );
    }
    let show = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |m| format!("{m:.1} MiB"));
    println!("  the bot's resident memory (pid {}):", bot.pid);
    println!("    after the first {DISTURB_EVERY:<6}    {}", show(rss_first));
    println!("    at the end              {}", show(rss_end));
    println!("    peak (VmHWM)            {}", show(memory_mib(&bot.pid, "VmHWM")));
    println!(
        "    every {DISTURB_EVERY}: {}",
        checkpoints
            .iter()
            .map(|(n, rss, anon)| format!("{n}: {} (anon {})", show(*rss), show(*anon)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let growth = rss_first.zip(rss_end).map(|(first, end)| (end - first) / first);
    let memory_ok = if let Some(g) = growth {
        println!(
            "    end vs first: {:+.1} % ({} 10 %)",
            g * 100.0,
            if g <= 0.10 { "within" } else { "NOT within" }
        );
        g <= 0.10
    } else {
        println!("    end vs first: n/a (fewer than {DISTURB_EVERY} questions, or no /proc)");
        true
    };

    let mut failures = Vec::new();
    if aborted {
        failures.push(format!(
            "gave up after {TIME_LIMIT:?} with {sent} of {total} questions sent"
        ));
    }
    if lost > 0 || doubled > 0 {
        failures.push(format!("{lost} lost and {doubled} doubled replies"));
    }
    if counted.is_none_or(|n| usize::try_from(n) != Ok(asked)) {
        failures.push(format!("/metrics counted {counted:?} questions, not {asked}"));
    }
    if tally.reindex_times.len() < reindex_at.iter().filter(|&&at| at < total).count() {
        failures.push("a /reindex did not complete".to_owned());
    }
    if !memory_ok {
        failures.push("resident memory grew more than 10 %".to_owned());
    }
    if failures.is_empty() {
        println!("soak: ok");
        ExitCode::SUCCESS
    } else {
        println!("soak: FAILED: {}", failures.join("; "));
        ExitCode::FAILURE
    }
}
