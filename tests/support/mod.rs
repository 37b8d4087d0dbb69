//! What the Discord wire tests share: the Discord-compatible server and a
//! corpus built once per test binary.

#![allow(dead_code, reason = "each test binary uses a different part of the support")]

pub mod discord;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use dealbot::config::{Config, Token};
use dealbot::engine::Engine;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use self::discord::Discord;

/// The repository's seeds, copied, and an index built from them once.
pub struct Corpus {
    seeds: TempDir,
    index: TempDir,
}

impl Corpus {
    pub fn seeds(&self) -> &Path {
        self.seeds.path()
    }

    pub fn index(&self) -> PathBuf {
        self.index.path().join("index")
    }
}

/// The corpus shared by every test of the binary (the index is built on first use).
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(fresh_corpus)
}

/// Copies the repository's seed articles into the folder `to`.
pub fn copy_seeds(to: &Path) {
    let repo_seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(&repo_seeds).expect("read seeds/") {
        let entry = entry.expect("seed entry");
        if entry.file_type().expect("seed type").is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy seed");
        }
    }
}

/// A corpus of its own, for a test that rebuilds the index.
pub fn fresh_corpus() -> Corpus {
    let seeds = tempfile::tempdir().expect("seeds tempdir");
    copy_seeds(seeds.path());
    let index = tempfile::tempdir().expect("index tempdir");
    let corpus = Corpus { seeds, index };
    Engine::open(corpus.seeds(), &corpus.index()).expect("build the index");
    corpus
}

/// A line of `/proc/PROCESS/status` (`VmRSS`, `RssAnon`, `VmHWM`), in MiB;
/// `process` is a pid or `self`.
pub fn memory_mib(process: &str, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// An engine over the shared corpus.
pub fn engine() -> Arc<Engine> {
    let corpus = corpus();
    Arc::new(Engine::open(corpus.seeds(), &corpus.index()).expect("open the index"))
}

/// An engine over the corpus `config` names.
pub fn engine_for(config: &Config) -> Arc<Engine> {
    Arc::new(Engine::open(&config.seeds_dir, &config.index_dir).expect("open the index"))
}

/// A configuration pointing the bot at `discord`, registering commands in its guild.
pub fn config(discord: &Discord) -> Config {
    let corpus = corpus();
    let mut config = Config::with_dirs(corpus.seeds(), corpus.index());
    config.discord.proxy = Some(discord.url.clone());
    config.discord.guild_id = Some(discord::GUILD_ID);
    config.discord.cooldown_seconds = 0;
    // A database of its own: bots starting at once on one file wait on its lock.
    config.gaps.database = corpus
        .index()
        .with_file_name(format!("gaps-{}.sqlite3", discord::snowflake()));
    config
}

/// The longest a bot may take to register its commands and connect.
const START: Duration = Duration::from_secs(10);

/// Opens `config`'s index and runs the bot on it until the returned sender is
/// sent to or dropped: `dealbot::bot::run_until`, as `main` does, or
/// `run_serving` with the endpoints on `listener` when one is given.
pub async fn spawn_bot(
    config: Config,
    listener: Option<tokio::net::TcpListener>,
) -> (oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>) {
    let engine = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || engine_for(&config))
            .await
            .expect("engine")
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        let token = Token::new("test-token");
        match listener {
            None => dealbot::bot::run_until(&config, engine, token, shutdown).await,
            Some(listener) => dealbot::bot::run_serving(&config, engine, token, shutdown, Some(listener)).await,
        }
    });
    (stop, task)
}

/// Waits until the bot has registered its commands and shard 0 is connected,
/// then sends it the guild.
pub async fn wait_ready(discord: &Discord) {
    discord
        .expect(
            "command registration",
            |r| r.method == "PUT" && r.route.ends_with("/commands"),
            START,
        )
        .await;
    assert!(discord.wait_ready(0, START).await, "shard 0 never connected");
    discord.dispatch("GUILD_CREATE", discord::guild_create());
}
