//! Live seeds: the one path that rebuilds the index while answers are served
//! ([`reload`]), and the one thread that runs it ([`SeedWatcher`]) when a file
//! in `seeds/` changes and when `/reindex`, `/add` or `/remove` asks
//! ([`Reindexer`]).
//!
//! The watcher is a `notify` watcher feeding one std thread (the engine is
//! synchronous, and the console has no runtime): events are gathered until
//! the folder has been quiet for [`DEBOUNCE`], then the index is rebuilt once.
//! A build whose seeds have new errors is thrown away and the serving snapshot
//! stays ([`Engine::reload_if_healthy`]); the log names the file at fault.
//! When only some files changed, only their articles are indexed again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::oneshot;

use crate::engine::{Engine, Reload};
use crate::error::Result;
use crate::metrics;

/// How long the seeds folder must be quiet before the index is rebuilt: an
/// editor's save or a copy is several events.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Rebuilds the index, swaps it in when healthy, logs what happened and
/// updates the metrics. `trigger` says who asked (`reindex`).
pub fn reload(engine: &Engine, trigger: &'static str) -> Result<Reload> {
    logged(engine, engine.reload_if_healthy(), trigger)
}

/// What the watcher does when a seed changes: [`reload`], except that nothing
/// is rebuilt when no seed changed since the published generation.
fn reload_changed(engine: &Engine) -> Result<Reload> {
    logged(engine, engine.reload_changed(), "watcher")
}

/// Logs and counts the `outcome` of a rebuild `trigger` asked for.
fn logged(engine: &Engine, outcome: Result<Reload>, trigger: &'static str) -> Result<Reload> {
    // A rebuild frees megabytes at once, whatever its outcome.
    crate::memory::release();
    match outcome {
        Ok(Reload::Swapped(snapshot)) => {
            engine.prepare_suggestions();
            metrics::reload("swapped");
            metrics::index(&snapshot);
            for e in &snapshot.errors {
                tracing::warn!(error = %e, "seed file still skipped");
            }
            tracing::info!(
                trigger,
                passages = snapshot.passages.len(),
                figures = snapshot.figures.len(),
                skipped = snapshot.errors.len(),
                built_at = %snapshot.built_at,
                "index reloaded"
            );
            Ok(Reload::Swapped(snapshot))
        }
        Ok(Reload::Kept { current, new_errors }) => {
            metrics::reload("kept");
            for e in &new_errors {
                tracing::error!(trigger, error = %e, "bad seed file: the previous index keeps serving");
            }
            Ok(Reload::Kept { current, new_errors })
        }
        Err(e) => {
            metrics::reload("failed");
            tracing::error!(trigger, error = %format!("{e:#}"), "cannot rebuild the index: the previous one keeps serving");
            Err(e)
        }
    }
}

/// What the rebuild thread is asked to do.
enum Message {
    /// A change in the seeds folder (from the notify watcher).
    Changed(notify::Result<notify::Event>),
    /// `/reindex`: rebuild now and say how it went.
    Reindex(oneshot::Sender<Result<Reload>>),
    /// `/add`, `/remove`: take in the seeds' change now, as the watcher would
    /// once they are quiet, and say how it went.
    TakeIn(oneshot::Sender<Result<Reload>>),
    Stop,
}

/// The one thread that rebuilds the index — when a file in `seeds/` changes
/// and when [`Reindexer::reindex`] asks — and the notify watcher feeding it.
/// Dropping it stops the watcher and joins the thread, which may be finishing a
/// rebuild.
///
/// One long-lived thread, rather than one per rebuild: a rebuild fills
/// per-thread caches (the regex engines' lazy DFAs, a malloc arena), and a new
/// thread each time would leave a new set behind, up to eight (measured with
/// the soak; see [`crate::memory`]).
pub struct SeedWatcher {
    watcher: Option<RecommendedWatcher>,
    tx: mpsc::Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

/// Asks the rebuild thread of a [`SeedWatcher`] for a rebuild; cheap to clone.
#[derive(Clone)]
pub struct Reindexer(mpsc::Sender<Message>);

impl Reindexer {
    /// Rebuilds the index on the rebuild thread and waits for it: the same
    /// [`reload`] as a change in the seeds. `None` when the thread has stopped
    /// (the bot is shutting down).
    pub async fn reindex(&self) -> Option<Result<Reload>> {
        let (done, result) = oneshot::channel();
        self.0.send(Message::Reindex(done)).ok()?;
        result.await.ok()
    }

    /// Takes in a change of the seeds that `/add` or `/remove` just made, on
    /// the rebuild thread, and waits for it: only the changed article is
    /// indexed, and nothing is rebuilt when the watcher took it in first.
    /// `None` when the thread has stopped.
    pub async fn take_in(&self) -> Option<Result<Reload>> {
        let (done, result) = oneshot::channel();
        self.0.send(Message::TakeIn(done)).ok()?;
        result.await.ok()
    }
}

impl SeedWatcher {
    /// Starts the rebuild thread for `engine`, and watches its seeds folder.
    /// When the folder cannot be watched, the error is logged and
    /// [`Reindexer::reindex`] still works.
    pub fn start(engine: Arc<Engine>) -> std::io::Result<SeedWatcher> {
        let dir = engine.seeds_dir().to_owned();
        let (tx, rx) = mpsc::channel::<Message>();
        let thread = std::thread::Builder::new()
            .name("index-rebuild".into())
            .spawn(move || rebuild_loop(&engine, &rx))?;
        let changes = tx.clone();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = changes.send(Message::Changed(event));
        })
        .and_then(|mut watcher| watcher.watch(&dir, RecursiveMode::NonRecursive).map(|()| watcher));
        let watcher = match watcher {
            Ok(watcher) => {
                tracing::info!(seeds = %dir.display(), "watching the seeds");
                Some(watcher)
            }
            Err(e) => {
                tracing::error!(error = %e, seeds = %dir.display(), "cannot watch the seeds; /reindex still works");
                None
            }
        };
        Ok(SeedWatcher {
            watcher,
            tx,
            thread: Some(thread),
        })
    }

    /// A handle for `/reindex`.
    pub fn reindexer(&self) -> Reindexer {
        Reindexer(self.tx.clone())
    }
}

impl Drop for SeedWatcher {
    fn drop(&mut self) {
        drop(self.watcher.take());
        let _ = self.tx.send(Message::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Whether an event concerns a seed (an article or its translation). Editors'
/// swap and backup files are not seeds.
fn concerns_a_seed(event: &notify::Event) -> bool {
    !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(|p| is_seed(p))
}

fn is_seed(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    !hidden && path.extension().is_some_and(|e| e == "txt")
}

fn rebuild_loop(engine: &Engine, rx: &mpsc::Receiver<Message>) {
    engine.prepare_suggestions();
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        // While seeds are changing, wait until the folder has been quiet for
        // DEBOUNCE; otherwise until the next message.
        let message = if changed.is_empty() {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            rx.recv_timeout(DEBOUNCE)
        };
        match message {
            Ok(Message::Changed(Ok(event))) => {
                if concerns_a_seed(&event) {
                    changed.extend(event.paths);
                }
            }
            Ok(Message::Changed(Err(e))) => tracing::warn!(error = %e, "seed watcher error"),
            // Not held back by a change still settling: that one rebuilds again once quiet.
            Ok(Message::Reindex(done)) => {
                let _ = done.send(reload(engine, "reindex"));
            }
            Ok(Message::TakeIn(done)) => {
                let _ = done.send(logged(engine, engine.reload_changed(), "add or remove"));
            }
            Err(RecvTimeoutError::Timeout) => {
                changed.sort();
                changed.dedup();
                tracing::info!(files = ?changed, "seeds changed, rebuilding the index");
                changed.clear();
                // Errors are logged and counted by `reload`; the old index keeps serving.
                let _ = reload_changed(engine);
            }
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
