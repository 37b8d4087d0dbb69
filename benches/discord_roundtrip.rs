//! The bot's latency on the wire: `MESSAGE_CREATE` sent by the gateway → the
//! reply's `POST /channels/{id}/messages` received, on loopback, one message at a
//! time, p50 and p99 over 1,000 messages; and the resident memory of the process
//! (the bot, its index, and the test server, which forgets each request once
//! answered) while serving.
//!
//! `cargo bench --bench discord_roundtrip`

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use dealbot::config::Token;

use support::discord::{CHANNEL_ID, Discord, MessageSpec, USER_ID, user};
use support::memory_mib;

const MESSAGES: usize = 1_000;
const WARMUP: usize = 50;
const WAIT: Duration = Duration::from_secs(10);

const QUESTIONS: [&str; 4] = [
    "Quanto vale l'accordo tra Amazon e OpenAI?",
    "How much is the Amazon OpenAI deal worth?",
    "OpenAI userà i chip Trainium?",
    "What does the deal include besides the cash?",
];

/// The nearest-rank `p`th percentile (`p` in 1..=100) of sorted durations.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (p * sorted.len()).div_ceil(100);
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let engine = support::engine();
    let rss_idle = memory_mib("self", "VmRSS");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let discord = Discord::start().await;
        let config = support::config(&discord);
        let bot = tokio::spawn(async move {
            dealbot::bot::run_until(&config, engine, Token::new("bench-token"), std::future::pending()).await
        });
        discord
            .wait_for(|r| r.method == "PUT" && r.route.ends_with("/commands"), WAIT)
            .await
            .expect("the bot registers its commands");
        assert!(discord.wait_ready(0, WAIT).await, "the bot connects");
        let rss_ready = memory_mib("self", "VmRSS");

        let mut latencies = Vec::with_capacity(MESSAGES);
        for i in 0..WARMUP + MESSAGES {
            let author = user(USER_ID + 1 + (i as u64 % 97), "asker", false);
            let spec = MessageSpec::mention(QUESTIONS[i % QUESTIONS.len()]).author(author);
            let id = spec.id.to_string();
            let message = spec.json();
            let sent = Instant::now();
            discord.dispatch("MESSAGE_CREATE", message);
            let reply = discord
                .wait_for(
                    |r| {
                        r.is_channel_message(CHANNEL_ID)
                            && r.json["message_reference"]["message_id"].as_str() == Some(id.as_str())
                    },
                    WAIT,
                )
                .await
                .unwrap_or_else(|| panic!("no reply to message {i}"));
            if i >= WARMUP {
                latencies.push(reply.at.duration_since(sent));
            }
            discord.clear_records();
        }
        let rss_serving = memory_mib("self", "VmRSS");
        latencies.sort_unstable();
        let mean = latencies.iter().sum::<Duration>() / u32::try_from(latencies.len()).expect("count");
        println!("discord_roundtrip: MESSAGE_CREATE -> reply POST on loopback, {MESSAGES} messages one at a time");
        println!("  p50  {:>8.3} ms", percentile(&latencies, 50).as_secs_f64() * 1e3);
        println!("  p99  {:>8.3} ms", percentile(&latencies, 99).as_secs_f64() * 1e3);
        println!(
            "  max  {:>8.3} ms",
            latencies.last().expect("latencies").as_secs_f64() * 1e3
        );
        println!("  mean {:>8.3} ms", mean.as_secs_f64() * 1e3);
        let show = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |m| format!("{m:.1} MiB"));
        println!("resident memory of the process (bot + index + test server):");
        for (label, value) in [
            ("engine open, before connecting".to_owned(), rss_idle),
            ("connected, commands registered".to_owned(), rss_ready),
            (format!("after {MESSAGES} replies"), rss_serving),
            ("peak (VmHWM)".to_owned(), memory_mib("self", "VmHWM")),
        ] {
            println!("  {label:<32}{}", show(value));
        }
        bot.abort();
    });
}
