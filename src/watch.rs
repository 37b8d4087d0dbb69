//! Live seeds: the one path that rebuilds the index while answers are served
//! ([`reload`], used by the watcher and by `/reindex`), and the watcher that
//! calls it when a file in `seeds/` changes ([`SeedWatcher`]).
//!
//! The watcher is a `notify` watcher and one std thread (the engine is
//! synchronous, and the console has no runtime): events are gathered until
//! the folder has been quiet for [`DEBOUNCE`], then the index is rebuilt once.
//! A build whose seeds have new errors is thrown away and the serving snapshot
//! stays ([`Engine::reload_if_healthy`]); the log names the file at fault.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::engine::{Engine, Reload};
use crate::error::Result;
use crate::metrics;

/// How long the seeds folder must be quiet before the index is rebuilt: an
/// editor's save or a copy is several events.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Rebuilds the index, swaps it in when healthy, logs what happened and
/// updates the metrics. `trigger` says who asked (`watcher`, `reindex`).
pub fn reload(engine: &Engine, trigger: &'static str) -> Result<Reload> {
    let outcome = engine.reload_if_healthy();
    // A rebuild frees megabytes at once, whatever its outcome.
    crate::memory::release();
    match outcome {
        Ok(Reload::Swapped(snapshot)) => {
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

/// Watches a seeds folder and reloads the engine when it changes. Dropping it
/// stops the watcher and joins its thread.
pub struct SeedWatcher {
    watcher: Option<RecommendedWatcher>,
    thread: Option<JoinHandle<()>>,
}

impl SeedWatcher {
    /// Starts watching `engine`'s seeds folder.
    pub fn start(engine: Arc<Engine>) -> notify::Result<SeedWatcher> {
        let dir = engine.seeds_dir().to_owned();
        let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(&dir, RecursiveMode::NonRecursive)?;
        let thread = std::thread::Builder::new()
            .name("seed-watcher".into())
            .spawn(move || watch_loop(&engine, &rx))
            .map_err(notify::Error::io)?;
        tracing::info!(seeds = %dir.display(), "watching the seeds");
        Ok(SeedWatcher {
            watcher: Some(watcher),
            thread: Some(thread),
        })
    }
}

impl Drop for SeedWatcher {
    fn drop(&mut self) {
        // Dropping the notify watcher closes the channel, which ends the loop.
        drop(self.watcher.take());
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

fn watch_loop(engine: &Engine, rx: &mpsc::Receiver<notify::Result<notify::Event>>) {
    loop {
        // Wait for a first change to a seed.
        let mut changed: Vec<PathBuf> = Vec::new();
        match rx.recv() {
            Ok(Ok(event)) if concerns_a_seed(&event) => changed.extend(event.paths),
            Ok(Ok(_)) => continue,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "seed watcher error");
                continue;
            }
            Err(_) => return,
        }
        // Then until the folder is quiet.
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Ok(event)) if concerns_a_seed(&event) => changed.extend(event.paths),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        changed.sort();
        changed.dedup();
        tracing::info!(files = ?changed, "seeds changed, rebuilding the index");
        // Errors are logged and counted by `reload`; the old index keeps serving.
        let _ = reload(engine, "watcher");
    }
}
