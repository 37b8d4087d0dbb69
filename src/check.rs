//! `dealbot check`: the preflight an operator (or systemd's `ExecStartPre`) runs
//! before starting the bot. It validates, in order, the configuration, the seeds,
//! the index and the presence of a token, and reports one [`Check`] for each.
//!
//! The token is looked up exactly as the bot would, and only where it came from
//! is reported: its value never reaches a message.

use std::fmt;
use std::path::Path;

use crate::config::Config;
use crate::engine::Engine;
use crate::engine::corpus::{load_articles, seed_files};

/// How one check went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok(String),
    /// Worth knowing, but the bot can run.
    Warning(String),
    /// The bot cannot run as configured.
    Failed(String),
    /// Not run, because a check it depends on failed.
    NotChecked(String),
}

/// One line of the report: what was checked and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub outcome: Outcome,
}

impl Check {
    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed(_))
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Ok(detail) => write!(f, "{}: {detail}", self.name),
            Outcome::Warning(detail) => write!(f, "{}: {detail} (warning)", self.name),
            Outcome::Failed(detail) => write!(f, "{}: FAILED: {detail}", self.name),
            Outcome::NotChecked(why) => write!(f, "{}: not checked: {why}", self.name),
        }
    }
}

/// An error with its causes on one line, as `main` prints errors.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Runs every check for the configuration at `config_path`. With `require_token`,
/// a missing token fails instead of warning. Checks that depend on a failed one
/// are reported as not run.
pub fn run(config_path: &Path, require_token: bool) -> Vec<Check> {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            let not_run = |name| Check {
                name,
                outcome: Outcome::NotChecked("the configuration is invalid".to_owned()),
            };
            return vec![
                Check {
                    name: "config",
                    outcome: Outcome::Failed(chain(&e)),
                },
                not_run("seeds"),
                not_run("index"),
                not_run("token"),
            ];
        }
    };
    let mut checks = vec![Check {
        name: "config",
        outcome: Outcome::Ok(format!("ok ({})", config.path.display())),
    }];
    let seeds = seeds(&config.seeds_dir);
    let seeds_usable = !seeds.failed();
    checks.push(seeds);
    checks.push(if seeds_usable {
        index(&config)
    } else {
        Check {
            name: "index",
            outcome: Outcome::NotChecked("the seeds are not usable".to_owned()),
        }
    });
    checks.push(token(&config, require_token));
    checks
}

/// Every seed file must be readable and parse; every bad one is named.
fn seeds(dir: &Path) -> Check {
    let name = "seeds";
    let files = match seed_files(dir) {
        Ok(files) => files,
        Err(e) => {
            return Check {
                name,
                outcome: Outcome::Failed(chain(&e)),
            };
        }
    };
    let corpus = match load_articles(dir) {
        Ok(corpus) => corpus,
        Err(e) => {
            return Check {
                name,
                outcome: Outcome::Failed(chain(&e)),
            };
        }
    };
    if !corpus.errors.is_empty() {
        let reasons: Vec<String> = corpus.errors.iter().map(|e| chain(e)).collect();
        return Check {
            name,
            outcome: Outcome::Failed(format!("{} bad file(s): {}", reasons.len(), reasons.join("; "))),
        };
    }
    if corpus.articles.is_empty() {
        return Check {
            name,
            outcome: Outcome::Failed(format!(
                "no articles in {} (NAME.txt, Italian or English, with an optional translation NAME.en.txt or NAME.it.txt)",
                dir.display()
            )),
        };
    }
    let summary = format!(
        "{} article(s) in {} files, {} passages, in {}",
        corpus.articles.len(),
        files.len(),
        corpus.passages().count(),
        dir.display()
    );
    let outcome = if corpus.warnings.is_empty() {
        Outcome::Ok(format!("ok, {summary}"))
    } else {
        Outcome::Warning(format!("{summary}; {}", corpus.warnings.join("; ")))
    };
    Check { name, outcome }
}

/// Opens the index as the bot would, building it when it is missing or stale.
fn index(config: &Config) -> Check {
    let name = "index";
    match Engine::open(&config.seeds_dir, &config.index_dir) {
        Ok(engine) => {
            let snapshot = engine.snapshot();
            let outcome = if snapshot.passages.is_empty() {
                Outcome::Failed(format!("no passages in {}", config.index_dir.display()))
            } else {
                Outcome::Ok(format!(
                    "ok, {} passages, {} figures, built {}, in {}",
                    snapshot.passages.len(),
                    snapshot.figures.len(),
                    snapshot.built_at,
                    config.index_dir.display()
                ))
            };
            Check { name, outcome }
        }
        Err(e) => Check {
            name,
            outcome: Outcome::Failed(chain(&e)),
        },
    }
}

/// Where the token would come from and whether it has a token's shape, never
/// what it is.
fn token(config: &Config, require_token: bool) -> Check {
    let name = "token";
    let from_env = std::env::var("DISCORD_TOKEN").is_ok_and(|t| !t.trim().is_empty());
    let source = if from_env {
        "DISCORD_TOKEN".to_owned()
    } else {
        format!(
            "token_file {}",
            config
                .discord
                .token_file
                .as_deref()
                .map_or_else(String::new, |p| p.display().to_string())
        )
    };
    let outcome = match config.token() {
        // serenity's own test of a token's shape (three non-empty parts separated by
        // dots), the one its client applies: a pasted client secret, application id
        // or placeholder fails here rather than at the gateway.
        Ok(Some(token)) => match serenity::utils::token::validate(token.expose()) {
            Ok(()) => Outcome::Ok(format!("present (from {source})")),
            Err(_) => Outcome::Failed(format!(
                "malformed (from {source}): a bot token is three parts separated by dots; copy it from the Developer Portal → Bot → Reset Token"
            )),
        },
        Ok(None) => {
            let detail = "missing — the bot would start the console (set DISCORD_TOKEN or discord.token_file)";
            if require_token {
                Outcome::Failed(detail.to_owned())
            } else {
                Outcome::Warning(detail.to_owned())
            }
        }
        // Reading the token file failed: the message names the file, not its content.
        Err(e) => Outcome::Failed(chain(&e)),
    };
    Check { name, outcome }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_line_names_the_check_and_marks_failures_and_warnings() {
        let line = |outcome| Check { name: "seeds", outcome }.to_string();
        assert_eq!(line(Outcome::Ok("ok".into())), "seeds: ok");
        assert_eq!(line(Outcome::Warning("thin".into())), "seeds: thin (warning)");
        assert_eq!(line(Outcome::Failed("gone".into())), "seeds: FAILED: gone");
        assert_eq!(line(Outcome::NotChecked("why".into())), "seeds: not checked: why");
    }
}
