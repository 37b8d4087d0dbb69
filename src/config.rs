//! `config.toml`: one strict file (unknown keys are errors naming the key and
//! the file), paths relative to the file, secrets only from the environment.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The whole configuration, with paths already resolved against the file's folder.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the file was read from (or would have been).
    pub path: PathBuf,
    pub seeds_dir: PathBuf,
    pub index_dir: PathBuf,
    pub log: LogConfig,
    pub discord: DiscordConfig,
    pub http: HttpConfig,
    pub gaps: GapsConfig,
    pub ingest: IngestConfig,
}

/// The `[ingest]` table: how `dealbot add` and `/add` fetch a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestConfig {
    /// Hosts fetched even though they are private or local (as written in the
    /// URL: `"127.0.0.1"`, `"intranet.example"`); every other host must resolve
    /// to a public address.
    #[serde(default)]
    pub allow_hosts: Vec<String>,
    /// The largest page body read, in bytes; a larger one is refused.
    #[serde(default = "default_max_bytes")]
    pub max_bytes: u64,
    /// The longest a fetch may take, redirects and body included, in seconds.
    #[serde(default = "default_timeout_seconds")]
    pub timeout_seconds: u64,
}

/// 5 MB: a long news page with its markup is well under 2 MB.
fn default_max_bytes() -> u64 {
    5_000_000
}

fn default_timeout_seconds() -> u64 {
    20
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            allow_hosts: Vec::new(),
            max_bytes: default_max_bytes(),
            timeout_seconds: default_timeout_seconds(),
        }
    }
}

/// The `[gaps]` table: the knowledge-gap database, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapsConfig {
    /// The `SQLite` file; by default `gaps.sqlite3` beside the index folder.
    pub database: PathBuf,
    /// Store who refused questions and voted (off: no user ids at all).
    pub store_user_ids: bool,
}

impl GapsConfig {
    /// The defaults for an index in `index_dir`.
    pub fn beside(index_dir: &Path) -> GapsConfig {
        GapsConfig {
            database: index_dir.parent().unwrap_or(Path::new("")).join("gaps.sqlite3"),
            store_user_ids: false,
        }
    }
}

/// The `[gaps]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGapsConfig {
    #[serde(default)]
    database: Option<PathBuf>,
    #[serde(default)]
    store_user_ids: bool,
}

/// The `[http]` table: health and metrics endpoints, off unless `listen` is set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Where `/healthz`, `/readyz` and `/metrics` listen, e.g. `"127.0.0.1:9464"`
    /// (port 0: any free port, logged at startup).
    #[serde(default)]
    pub listen: Option<std::net::SocketAddr>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `plain` (default) or `json`.
    #[serde(default)]
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Plain,
    Json,
}

/// The `[discord]` table. The token itself is never stored here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    /// A file holding the token (for deployments that mount secrets as files).
    #[serde(default)]
    pub token_file: Option<PathBuf>,
    /// Register commands in this guild only (instant); globally when absent.
    #[serde(default)]
    pub guild_id: Option<u64>,
    /// Channels where every message is answered (needs the `MESSAGE_CONTENT` intent).
    #[serde(default)]
    pub answer_channels: Vec<u64>,
    /// Seconds a user waits between two questions.
    #[serde(default = "default_cooldown")]
    pub cooldown_seconds: u64,
    /// Base URL of a Discord-compatible REST server (tests, HTTP proxies).
    #[serde(default)]
    pub proxy: Option<String>,
    /// Gateway sharding: how many shards in all, and which this process runs.
    #[serde(default)]
    pub shards: Option<ShardConfig>,
    /// Where each newly indexed article is announced (none: not announced).
    #[serde(default)]
    pub announce_channel: Option<u64>,
    /// A role whose members may `/add` and `/remove` articles besides those with
    /// Manage Server (the server's integration settings must show them the commands).
    #[serde(default)]
    pub manage_role: Option<u64>,
}

fn default_cooldown() -> u64 {
    3
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            token_file: None,
            guild_id: None,
            answer_channels: Vec::new(),
            cooldown_seconds: default_cooldown(),
            proxy: None,
            shards: None,
            announce_channel: None,
            manage_role: None,
        }
    }
}

/// `shards = { total = 4, first = 0, last = 1 }`: this process runs shards 0 and 1 of 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardConfig {
    pub total: u32,
    pub first: u32,
    pub last: u32,
}

/// The file as written; paths are still relative.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default = "default_seeds")]
    seeds_dir: PathBuf,
    #[serde(default = "default_index")]
    index_dir: PathBuf,
    #[serde(default)]
    log: LogConfig,
    #[serde(default)]
    discord: DiscordConfig,
    #[serde(default)]
    http: HttpConfig,
    #[serde(default)]
    gaps: RawGapsConfig,
    #[serde(default)]
    ingest: IngestConfig,
}

fn default_seeds() -> PathBuf {
    PathBuf::from("seeds")
}

fn default_index() -> PathBuf {
    PathBuf::from("index")
}

/// A Discord bot token. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The secret itself, for the one place that hands it to Discord.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Config {
    /// Reads `path`. A missing file is allowed only for the default path, so a
    /// fresh checkout runs with defaults; an explicit missing file is an error.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(source) if source.kind() == std::io::ErrorKind::NotFound && path == Path::new("config.toml") => {
                String::new()
            }
            Err(source) => {
                return Err(Error::ReadFile {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        Self::parse(&text, path)
    }

    /// Parses configuration text as if it had been read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_owned(),
            message: e.message().to_owned(),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let mut discord = raw.discord;
        discord.token_file = discord.token_file.map(resolve);
        if let Some(shards) = discord.shards
            && (shards.total == 0 || shards.first > shards.last || shards.last >= shards.total)
        {
            return Err(Error::Config {
                path: path.to_owned(),
                message: format!(
                    "discord.shards: need first <= last < total, got first = {}, last = {}, total = {}",
                    shards.first, shards.last, shards.total
                ),
            });
        }
        if let Ok(proxy) = std::env::var("DEALBOT_DISCORD_PROXY")
            && !proxy.is_empty()
        {
            discord.proxy = Some(proxy);
        }
        let index_dir = resolve(raw.index_dir);
        let gaps = GapsConfig {
            database: raw
                .gaps
                .database
                .map_or_else(|| GapsConfig::beside(&index_dir).database, resolve),
            store_user_ids: raw.gaps.store_user_ids,
        };
        Ok(Config {
            path: path.to_owned(),
            seeds_dir: resolve(raw.seeds_dir),
            index_dir,
            log: raw.log,
            discord,
            http: raw.http,
            gaps,
            ingest: raw.ingest,
        })
    }

    /// A configuration for `seeds` and `index` with every other setting at its default.
    pub fn with_dirs(seeds_dir: impl Into<PathBuf>, index_dir: impl Into<PathBuf>) -> Config {
        let index_dir = index_dir.into();
        Config {
            path: PathBuf::from("config.toml"),
            seeds_dir: seeds_dir.into(),
            gaps: GapsConfig::beside(&index_dir),
            index_dir,
            log: LogConfig::default(),
            discord: DiscordConfig::default(),
            http: HttpConfig::default(),
            ingest: IngestConfig::default(),
        }
    }

    /// The bot token: `DISCORD_TOKEN`, else `discord.token_file`; `None` means console mode.
    pub fn token(&self) -> Result<Option<Token>> {
        if let Ok(token) = std::env::var("DISCORD_TOKEN") {
            let token = token.trim();
            if !token.is_empty() {
                return Ok(Some(Token::new(token)));
            }
        }
        let Some(file) = &self.discord.token_file else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(file).map_err(|source| Error::ReadFile {
            path: file.clone(),
            source,
        })?;
        let token = text.trim();
        Ok((!token.is_empty()).then(|| Token::new(token)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_config_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
        let config = Config::load(&path).unwrap();
        assert!(config.seeds_dir.ends_with("seeds"));
        assert!(config.index_dir.ends_with("index"));
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_the_key_and_the_file() {
        let err = Config::parse("seeds_dri = \"x\"\n", Path::new("/etc/dealbot.toml")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("seeds_dri"), "{message}");
        assert!(message.contains("/etc/dealbot.toml"), "{message}");
    }

    #[test]
    fn an_unknown_discord_key_is_an_error() {
        let err = Config::parse("[discord]\ntoken = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("token"), "{err}");
    }

    #[test]
    fn paths_are_relative_to_the_config_file() {
        let config = Config::parse("seeds_dir = \"articles\"\n", Path::new("/srv/bot/config.toml")).unwrap();
        assert_eq!(config.seeds_dir, Path::new("/srv/bot/articles"));
        assert_eq!(config.index_dir, Path::new("/srv/bot/index"));
    }

    #[test]
    fn the_gaps_database_defaults_to_beside_the_index_and_is_relative_to_the_file() {
        let config = Config::parse("index_dir = \"data/index\"\n", Path::new("/srv/bot/config.toml")).unwrap();
        assert_eq!(config.gaps.database, Path::new("/srv/bot/data/gaps.sqlite3"));
        assert!(!config.gaps.store_user_ids);
        let text = "[gaps]\ndatabase = \"db/g.sqlite3\"\nstore_user_ids = true\n";
        let config = Config::parse(text, Path::new("/srv/bot/config.toml")).unwrap();
        assert_eq!(config.gaps.database, Path::new("/srv/bot/db/g.sqlite3"));
        assert!(config.gaps.store_user_ids);
        let err = Config::parse("[gaps]\npath = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("path"), "{err}");
    }

    #[test]
    fn a_shard_range_outside_the_total_is_rejected() {
        let text = "[discord]\nshards = { total = 2, first = 1, last = 2 }\n";
        assert!(Config::parse(text, Path::new("c.toml")).is_err());
    }

    #[test]
    fn http_is_off_by_default_and_listens_where_asked() {
        assert!(Config::parse("", Path::new("c.toml")).unwrap().http.listen.is_none());
        let config = Config::parse("[http]\nlisten = \"127.0.0.1:9464\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(config.http.listen, Some("127.0.0.1:9464".parse().unwrap()));
        let err = Config::parse("[http]\nport = 9464\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("port"), "{err}");
    }

    #[test]
    fn ingest_defaults_to_no_allowed_hosts_and_reads_its_keys() {
        let config = Config::parse("", Path::new("c.toml")).unwrap();
        assert_eq!(config.ingest, IngestConfig::default());
        let text = "[ingest]\nallow_hosts = [\"127.0.0.1\"]\nmax_bytes = 1000\ntimeout_seconds = 3\n";
        let config = Config::parse(text, Path::new("c.toml")).unwrap();
        assert_eq!(config.ingest.allow_hosts, ["127.0.0.1"]);
        assert_eq!((config.ingest.max_bytes, config.ingest.timeout_seconds), (1000, 3));
        let err = Config::parse("[ingest]\nallow = []\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("allow"), "{err}");
    }

    #[test]
    fn the_token_never_shows_in_debug_or_display() {
        let token = Token::new("secret-value");
        assert!(!format!("{token:?}").contains("secret"));
        assert!(!format!("{token}").contains("secret"));
    }
}
