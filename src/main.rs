//! The `dealbot` command line: `ask`, `figures`, `index`, `add`, `remove`, `invite`, `gaps`, and with no
//! subcommand the bot (with a token) or the console chat (without one).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use dealbot::config::{Config, LogFormat};
use dealbot::engine::{Engine, Lang, MessageKind, Turn, figures};
use dealbot::gaps::Gaps;
use dealbot::ingest;
use dealbot::metrics::Front;
use dealbot::render;

#[derive(Parser)]
#[command(
    name = "dealbot",
    version,
    about = "Answers questions about the Amazon–OpenAI deal story, quoting the articles"
)]
struct Cli {
    /// The configuration file.
    #[arg(long, global = true, default_value = "config.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Answer one question, or one per line of standard input.
    Ask {
        /// Write JSON, one object per question.
        #[arg(long)]
        json: bool,
        /// Answer with this model file instead of the shipped one (what `dealbot
        /// fit --out` writes), to compare models.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// The question; without it, questions are read from standard input.
        question: Vec<String>,
    },
    /// List the key figures of every article, newest article first.
    Figures {
        /// Write JSON: an array of articles, each with its figures.
        #[arg(long)]
        json: bool,
        /// The reader's language for labels, amounts and the chart: `en` or `it`.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Also write the `/figures` chart of the amounts in dollars to this PNG file.
        #[arg(long, value_name = "FILE")]
        chart: Option<PathBuf>,
        /// List every figure of each article, not only its six most important.
        #[arg(long)]
        all: bool,
        /// Write each figure's ranking signs as JSON, in text order, for
        /// `benches/fit_figures.py` to refit the ranking weights.
        #[arg(long, hide = true)]
        signs: bool,
    },
    /// Rebuild the index from the seeds.
    Index,
    /// Add an article from a link or a file: print its preview, then write it
    /// into the seeds as NAME.txt and index it.
    Add {
        /// An http(s) link to the article, or a .txt, .md or .html file.
        source: String,
        /// Print the preview only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Move an article (and its translation) out of the seeds into removed/
    /// beside them, and reindex.
    Remove {
        /// The article's file name, with or without `.txt`.
        name: String,
    },
    /// Print the URL that adds the bot to a server.
    Invite {
        /// The application id (Developer Portal → General Information); without it,
        /// it is looked up with the bot token.
        #[arg(long)]
        application_id: Option<u64>,
    },
    /// List the most asked questions the articles do not answer, and the worst rated answers.
    Gaps {
        #[arg(long)]
        json: bool,
        /// How many of each to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Fit the ranker and the refusal gate on story sets, print each set's score
    /// when left out of the fitting, and write the model fitted on all of them.
    Fit {
        /// Story set folders: articles with questions.jsonl (and followups.jsonl),
        /// each left out of the fitting in turn and scored.
        #[arg(required = true)]
        sets: Vec<PathBuf>,
        /// More training data, never left out: a set folder, or a question file
        /// about the seed articles alone.
        #[arg(long = "with", value_name = "SET")]
        with: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "src/engine/search/model.toml")]
        out: PathBuf,
        /// Only score the sets left out; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// How hard the fit is pulled back towards the hand-set rules (prior.toml).
        #[arg(long, default_value_t = dealbot::engine::search::model::PRIOR_STRENGTH)]
        prior_strength: f64,
    },
    /// Check the configuration, the seeds, the index and the token (never printed),
    /// one line each; exits non-zero with the reasons when the bot could not run.
    Check {
        /// Fail, rather than warn, when no token is configured.
        #[arg(long)]
        require_token: bool,
    },
}

fn main() -> ExitCode {
    dealbot::memory::tune();
    let cli = Cli::parse();
    if let Some(Command::Check { require_token }) = cli.command {
        return check(&cli.config, require_token);
    }
    let config = match Config::load(&cli.config) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("dealbot: {e:#}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    match run(cli.command, &config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dealbot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn,dealbot=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log.format {
        LogFormat::Plain => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn open(config: &Config) -> anyhow::Result<Engine> {
    Engine::open(&config.seeds_dir, &config.index_dir)
        .with_context(|| format!("cannot open the index for {}", config.seeds_dir.display()))
}

/// The engine answering with the model in `path` (what `dealbot fit --out` writes).
fn open_with_model(config: &Config, path: &std::path::Path) -> anyhow::Result<Engine> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let model = dealbot::engine::Model::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(Engine::open_with_model(&config.seeds_dir, &config.index_dir, model)?)
}

fn run(command: Option<Command>, config: &Config) -> anyhow::Result<()> {
    match command {
        Some(Command::Fit {
            sets,
            with,
            out,
            dry_run,
            prior_strength,
        }) => fit(config, &sets, &with, &out, dry_run, prior_strength),
        Some(Command::Ask { json, model, question }) => {
            let engine = match model {
                Some(path) => open_with_model(config, &path)?,
                None => open(config)?,
            };
            ask(engine, json, &question.join(" "))
        }
        Some(Command::Figures {
            json,
            lang,
            chart,
            all,
            signs,
        }) => {
            let engine = open(config)?;
            if signs {
                return figure_signs(&engine);
            }
            let mut groups = engine.figures_by_article();
            if let Some(path) = chart {
                let png = dealbot::chart::usd_chart_by_article(&groups, lang)?
                    .context("no amounts in US dollars to chart")?;
                std::fs::write(&path, png).with_context(|| format!("cannot write {}", path.display()))?;
            }
            if !all {
                for g in &mut groups {
                    g.figures.truncate(figures::rank::SHOWN);
                }
            }
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &groups)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", render::figure_groups_text(&groups, lang))?;
            }
            Ok(())
        }
        Some(Command::Index) => {
            let engine = Engine::rebuild(&config.seeds_dir, &config.index_dir)
                .with_context(|| format!("cannot index {}", config.seeds_dir.display()))?;
            let snapshot = engine.snapshot();
            for e in &snapshot.errors {
                eprintln!("dealbot: skipped: {e}");
            }
            for w in &snapshot.warnings {
                eprintln!("dealbot: warning: {w}");
            }
            println!(
                "indexed {} passages and {} figures at {}",
                snapshot.passages.len(),
                snapshot.figures.len(),
                snapshot.built_at
            );
            Ok(())
        }
        Some(Command::Add { source, dry_run }) => add(config, &source, dry_run),
        Some(Command::Remove { name }) => remove(config, &name),
        Some(Command::Invite { application_id }) => {
            let id = match application_id {
                Some(0) => anyhow::bail!("--application-id must not be 0"),
                Some(id) => serenity::all::ApplicationId::new(id),
                None => {
                    let Some(token) = config.token()? else {
                        anyhow::bail!("pass --application-id, or set DISCORD_TOKEN to look it up");
                    };
                    runtime()?.block_on(dealbot::bot::invite::application_id(config, &token))?
                }
            };
            println!("{}", dealbot::bot::invite::url(id));
            Ok(())
        }
        Some(Command::Gaps { json, limit }) => {
            let report = open_gaps(config)?.report(limit)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", report.text(Lang::En))?;
            }
            Ok(())
        }
        Some(Command::Check { .. }) => unreachable!("check runs before the configuration is loaded"),
        None => match config.token()? {
            Some(token) => {
                let engine = Arc::new(open(config)?);
                runtime()?.block_on(dealbot::bot::run(config, engine, token))
            }
            None => console(config, &Arc::new(open(config)?), &open_gaps(config)?),
        },
    }
}

/// `dealbot add`: the preview, then (unless a dry run) the seed file and the index.
fn add(config: &Config, source: &str, dry_run: bool) -> anyhow::Result<()> {
    let fetcher = ingest::Fetcher::new(&config.ingest)?;
    let draft = runtime()?.block_on(ingest::draft(&ingest::Input::parse(source), &fetcher))?;
    let mut out = std::io::stdout().lock();
    write!(out, "{}", draft.preview().render())?;
    if dry_run {
        ingest::store::check_new(&config.seeds_dir, &draft)?;
        writeln!(out, "\ndry run: nothing written")?;
        return Ok(());
    }
    let path = ingest::store::save(&config.seeds_dir, &draft)?;
    // Opening the engine rebuilds the index, for the seeds have changed.
    let engine = open(config)?;
    let snapshot = engine.snapshot();
    let name = path.display().to_string();
    if let Some(error) = snapshot.errors.iter().find(|e| e.contains(&name)) {
        anyhow::bail!("{name} was written but not indexed: {error}");
    }
    writeln!(out, "\nadded {name}; {} article(s) indexed", engine.sources().len())?;
    Ok(())
}

/// `dealbot remove`: the article's files out of the seeds, and the index rebuilt.
fn remove(config: &Config, name: &str) -> anyhow::Result<()> {
    let moved = ingest::store::remove(&config.seeds_dir, name)?;
    let engine = open(config)?;
    for path in &moved {
        println!("moved to {}", path.display());
    }
    println!("{} article(s) indexed", engine.sources().len());
    Ok(())
}

/// Every article's figures in text order, each with its ranking signs and the
/// key that tells a figure shown twice.
fn figure_signs(engine: &Engine) -> anyhow::Result<()> {
    let snapshot = engine.snapshot();
    let articles: Vec<serde_json::Value> = figures::in_text_order(&snapshot.figures, &snapshot.passages)
        .into_iter()
        .map(|g| {
            let own: Vec<&dealbot::engine::Passage> = snapshot.passages.iter().filter(|p| p.doc == g.doc).collect();
            let signs = figures::rank::signs(&g.figures, &own);
            let figures: Vec<serde_json::Value> = g
                .figures
                .iter()
                .zip(signs)
                .map(|(f, s)| {
                    serde_json::json!({
                        "label": f.label, "label_it": f.label_it, "value": f.value, "usd": f.usd,
                        "same": figures::rank::value_of(f), "companies": f.companies(), "signs": s,
                    })
                })
                .collect();
            serde_json::json!({ "doc": g.doc, "figures": figures })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &articles)?;
    writeln!(out)?;
    Ok(())
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "en" => Ok(Lang::En),
        "it" => Ok(Lang::It),
        _ => Err("expected `en` or `it`".to_owned()),
    }
}

fn open_gaps(config: &Config) -> anyhow::Result<Gaps> {
    Gaps::open(&config.gaps.database, config.gaps.store_user_ids)
        .with_context(|| format!("cannot open {}", config.gaps.database.display()))
}

/// `dealbot check`: its own configuration loading, so a broken file is one of
/// the reported checks rather than an early exit.
fn check(config: &std::path::Path, require_token: bool) -> ExitCode {
    let checks = dealbot::check::run(config, require_token);
    for c in &checks {
        println!("{c}");
    }
    let failed: Vec<&str> = checks.iter().filter(|c| c.failed()).map(|c| c.name).collect();
    if failed.is_empty() {
        println!("dealbot check: ok");
        ExitCode::SUCCESS
    } else {
        eprintln!("dealbot check: failed: {}", failed.join(", "));
        ExitCode::FAILURE
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn fit(
    config: &Config,
    sets: &[PathBuf],
    with: &[PathBuf],
    out: &std::path::Path,
    dry_run: bool,
    strength: f64,
) -> anyhow::Result<()> {
    let work = std::env::temp_dir().join(format!("dealbot-fit-{}", std::process::id()));
    let result = dealbot::fit::run(&config.seeds_dir, sets, with, &work, strength);
    let _ = std::fs::remove_dir_all(&work);
    let (model, scores) = result?;
    let mut stdout = std::io::stdout().lock();
    let (mut right, mut all) = (0, 0);
    for (name, s) in &scores {
        writeln!(
            stdout,
            "{name} (left out): questions {}/{}, follow-ups {}/{}",
            s.questions.0, s.questions.1, s.followups.0, s.followups.1
        )?;
        right += s.questions.0 + s.followups.0;
        all += s.questions.1 + s.followups.1;
    }
    writeln!(stdout, "all left out: {right}/{all}")?;
    if !dry_run {
        std::fs::write(out, model.to_toml()).with_context(|| format!("cannot write {}", out.display()))?;
        writeln!(stdout, "model written to {}", out.display())?;
    }
    Ok(())
}

/// `dealbot ask`: the question, or each line of the input, answered. The
/// process ends after it, so the engine is not freed: freeing every passage
/// would only delay the exit (60 ms over 1,000 articles).
fn ask(engine: Engine, json: bool, question: &str) -> anyhow::Result<()> {
    let engine = std::mem::ManuallyDrop::new(engine);
    let mut out = std::io::stdout().lock();
    let mut write = |line: &str| -> anyhow::Result<()> {
        let answer = match conversation(line) {
            Some((q, after)) => engine.answer_after(&q, &after),
            None => engine.answer(line),
        };
        if json {
            serde_json::to_writer(&mut out, &answer)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}\n", render::text(&answer))?;
        }
        out.flush()?;
        Ok(())
    };
    if !question.trim().is_empty() {
        return write(question);
    }
    for line in std::io::stdin().lock().lines() {
        write(&line?)?;
    }
    Ok(())
}

/// A line of `ask` that is a conversation turn: `{"q": "...", "after": ["earlier
/// question", ...]}`. Any other line, JSON or not, is a question as it stands.
fn conversation(line: &str) -> Option<(String, Vec<String>)> {
    #[derive(serde::Deserialize)]
    struct Line {
        q: String,
        #[serde(default)]
        after: Vec<String>,
    }
    let line = line.trim();
    if !line.starts_with('{') {
        return None;
    }
    serde_json::from_str::<Line>(line).ok().map(|l| (l.q, l.after))
}

/// The console chat: the bot's replies, offline, on standard input and output.
/// The seeds are watched as in the bot, and `[http]` serves health and metrics.
fn console(config: &Config, engine: &Arc<Engine>, gaps: &Gaps) -> anyhow::Result<()> {
    let _watcher = dealbot::watch::SeedWatcher::start(Arc::clone(engine))
        .map_err(|e| tracing::error!(error = %e, "cannot start the index rebuild thread"))
        .ok();
    if let Some(addr) = config.http.listen {
        serve_http_in_background(addr)?;
    }
    dealbot::metrics::index(&engine.snapshot());
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "dealbot console: no Discord token configured (set DISCORD_TOKEN to run the bot). Ask about the story in Italian or English; an empty line or Ctrl-D quits."
    )?;
    let sources = engine.sources();
    writeln!(
        out,
        "{} article(s), {} passages indexed.",
        sources.len(),
        sources.iter().map(|s| s.passages).sum::<usize>()
    )?;
    // The session's last turns, for follow-ups; in memory only.
    let mut turns: Vec<Turn> = Vec::new();
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok(());
        }
        let question = line.trim();
        let started = std::time::Instant::now();
        let (answer, turn) = engine.answer_in_context(question, &turns);
        if let Some(turn) = turn {
            turns.push(turn);
            let keep = turns.len().saturating_sub(dealbot::engine::search::MAX_TURNS);
            turns.drain(..keep);
        }
        dealbot::metrics::answer_time(started.elapsed());
        dealbot::metrics::question(Front::Console, dealbot::metrics::Outcome::of(&answer));
        writeln!(out, "{}\n", render::text(&answer))?;
        if !answer.answered && answer.kind != Some(MessageKind::SmallTalk) {
            let suggestions = engine.suggestions(question, answer.lang);
            if !suggestions.is_empty() {
                let heading = match answer.lang {
                    Lang::En => "Did you mean:",
                    Lang::It => "Forse intendevi:",
                };
                writeln!(out, "{heading}")?;
                for s in &suggestions {
                    writeln!(out, "  - {s}")?;
                }
                writeln!(out)?;
            }
            // The report is a side job: a full disk must not stop the chat.
            if let Err(e) = gaps.record_refusal(question, answer.lang, Front::Console, None) {
                tracing::error!(error = %format!("{e:#}"), "cannot record a refused question");
            }
        }
    }
}

/// `/healthz`, `/readyz` and `/metrics` for the console, on a thread of their own.
fn serve_http_in_background(addr: std::net::SocketAddr) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .with_context(|| format!("cannot listen on {addr} (http.listen)"))?;
    dealbot::metrics::install();
    let health = dealbot::http::Health::console();
    health.set_index(true);
    std::thread::Builder::new()
        .name("http".into())
        .spawn(move || {
            if let Err(e) = runtime.block_on(dealbot::http::serve(listener, health)) {
                tracing::error!(error = %e, "the health and metrics server stopped");
            }
        })
        .context("cannot start the http thread")?;
    Ok(())
}
