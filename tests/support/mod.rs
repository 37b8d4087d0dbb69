//! What the Discord wire tests share: the Discord-compatible server and a
//! corpus built once per test binary.

#![allow(dead_code, reason = "each test binary uses a different part of the support")]

pub mod discord;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use dealbot::config::Config;
use dealbot::engine::Engine;
use tempfile::TempDir;

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
    config
}
