//! Live seeds: the watcher rebuilds the index while questions are answered,
//! and a broken seed file keeps the previous index serving.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dealbot::engine::{Engine, Reload};
use dealbot::watch::SeedWatcher;

/// How long to wait before failing. Speed is measured by the soak benchmark and
/// printed here, not asserted: shared CI machines are too noisy for timed assertions.
const DEADLINE: Duration = Duration::from_secs(15);

const DEAL_QUESTION: &str = "Quanto vale l'accordo tra Amazon e OpenAI?";
const NEW_ARTICLE: &str = " date 2025-12-20 Oracle spenderebbe 7 miliardi di dollari in nuovi data center.";
const NEW_QUESTION: &str = "Quanto spenderebbe Oracle?";

fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let repo_seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(repo_seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
    }
    let index = dir.path().join("index");
    (dir, seeds, index)
}

/// Writes `name` in `seeds` whole: a hidden temporary file, then a rename.
fn add_seed(seeds: &Path, name: &str, bytes: &[u8]) {
    let tmp = seeds.join(format!(".{name}.part"));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, seeds.join(name)).unwrap();
}

fn has_oracle_figure(engine: &Engine) -> bool {
    engine.figures().iter().any(|f| f.value.contains("7 miliardi"))
}

#[test]
fn an_article_added_while_questions_are_answered_is_answered_within_two_seconds() {
    let (_dir, seeds, index) = workspace();
    let engine = Arc::new(Engine::open(&seeds, &index).unwrap());
    assert!(!has_oracle_figure(&engine));
    let _watcher = SeedWatcher::start(Arc::clone(&engine)).unwrap();

    // Askers keep asking through the rebuild: every answer must still come.
    let stop = Arc::new(AtomicBool::new(false));
    let refused = Arc::new(AtomicUsize::new(0));
    let asked = Arc::new(AtomicUsize::new(0));
    let askers: Vec<_> = (0..2)
        .map(|_| {
            let (engine, stop, refused, asked) = (
                Arc::clone(&engine),
                Arc::clone(&stop),
                Arc::clone(&refused),
                Arc::clone(&asked),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if !engine.answer(DEAL_QUESTION).answered {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                    asked.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    let added = Instant::now();
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    while !has_oracle_figure(&engine) && added.elapsed() < DEADLINE {
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = added.elapsed();
    stop.store(true, Ordering::Relaxed);
    for asker in askers {
        asker.join().unwrap();
    }

    assert!(has_oracle_figure(&engine), "the new figure never appeared");
    eprintln!("the new article was answered {took:?} after it was written");
    let answer = engine.answer(NEW_QUESTION);
    assert!(answer.answered, "{answer:?}");
    assert!(answer.answer.unwrap_or_default().contains("7 miliardi"));
    assert!(asked.load(Ordering::Relaxed) > 0);
    assert_eq!(refused.load(Ordering::Relaxed), 0, "an answer was lost during the swap");
}

#[test]
fn a_bad_seed_file_keeps_the_previous_index_serving_and_names_the_file() {
    let (_dir, seeds, index) = workspace();
    let engine = Engine::open(&seeds, &index).unwrap();
    let before = engine.snapshot();
    add_seed(&seeds, "broken.txt", b"Amazon \xff\xfe investe");
    match dealbot::watch::reload(&engine, "test").unwrap() {
        Reload::Kept { new_errors, current } => {
            assert!(new_errors.iter().any(|e| e.contains("broken.txt")), "{new_errors:?}");
            assert!(Arc::ptr_eq(&current, &before));
        }
        Reload::Swapped(_) => panic!("a broken seed replaced the index"),
    }
    assert!(
        Arc::ptr_eq(&engine.snapshot(), &before),
        "the previous snapshot keeps serving"
    );
    assert!(engine.answer(DEAL_QUESTION).answered);

    // A restart opens the index that was serving, not the rejected build.
    drop(engine);
    std::fs::remove_file(seeds.join("broken.txt")).unwrap();
    let reopened = Engine::open(&seeds, &index).unwrap();
    assert_eq!(reopened.snapshot().built_at, before.built_at);

    // Once the file is fixed, the same path swaps the new index in.
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    assert!(matches!(
        dealbot::watch::reload(&reopened, "test").unwrap(),
        Reload::Swapped(_)
    ));
    assert!(has_oracle_figure(&reopened));
}

#[test]
fn the_watcher_ignores_a_broken_file_and_picks_up_its_fix() {
    let (_dir, seeds, index) = workspace();
    let engine = Arc::new(Engine::open(&seeds, &index).unwrap());
    let before = engine.snapshot();
    let _watcher = SeedWatcher::start(Arc::clone(&engine)).unwrap();
    add_seed(&seeds, "2025-12-20-oracle.txt", b"Oracle \xff spenderebbe");
    // Give the watcher time to see it and (rightly) keep the old index.
    std::thread::sleep(dealbot::watch::DEBOUNCE * 4);
    assert!(Arc::ptr_eq(&engine.snapshot(), &before));
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    let deadline = Instant::now() + DEADLINE;
    while !has_oracle_figure(&engine) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(has_oracle_figure(&engine), "the fixed file was never indexed");
}

fn outcome(reload: Option<&dealbot::error::Result<Reload>>) -> String {
    match reload {
        None => "no answer: the rebuild thread stopped".to_owned(),
        Some(Err(e)) => format!("an error: {e:#}"),
        Some(Ok(Reload::Swapped(_))) => "a swapped index".to_owned(),
        Some(Ok(Reload::Kept { new_errors, .. })) => format!("the index kept: {new_errors:?}"),
    }
}

#[test]
fn reindex_rebuilds_on_the_watcher_thread_and_says_when_it_has_stopped() {
    let (_dir, seeds, index) = workspace();
    let engine = Arc::new(Engine::open(&seeds, &index).unwrap());
    let watcher = SeedWatcher::start(Arc::clone(&engine)).unwrap();
    let reindexer = watcher.reindexer();
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();

    // Written without the watcher seeing it settle: /reindex picks it up now.
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    match runtime.block_on(reindexer.reindex()) {
        Some(Ok(Reload::Swapped(snapshot))) => {
            assert!(snapshot.figures.iter().any(|f| f.value.contains("7 miliardi")));
            assert!(
                Arc::ptr_eq(&snapshot, &engine.snapshot()),
                "the rebuild is the one serving"
            );
        }
        other => panic!("expected a swapped index, got {}", outcome(other.as_ref())),
    }
    assert!(engine.answer(NEW_QUESTION).answered);

    // A broken file: the rebuild is refused and says which file.
    add_seed(&seeds, "2025-12-21-broken.txt", b"Oracle \xff spenderebbe");
    match runtime.block_on(reindexer.reindex()) {
        Some(Ok(Reload::Kept { new_errors, .. })) => {
            assert!(
                new_errors.iter().any(|e| e.contains("2025-12-21-broken.txt")),
                "{new_errors:?}"
            );
        }
        other => panic!("expected the index kept, got {}", outcome(other.as_ref())),
    }

    drop(watcher);
    assert!(
        runtime.block_on(reindexer.reindex()).is_none(),
        "a reindex after the rebuild thread stopped must say so"
    );
}

#[test]
fn the_watcher_rebuilds_nothing_for_a_change_already_taken_in_but_reindex_rebuilds() {
    let (_dir, seeds, index) = workspace();
    let engine = Engine::open(&seeds, &index).unwrap();
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    // `/add` takes the new file in; the watcher's event for it comes after.
    let Reload::Swapped(added) = engine.reload_if_healthy().unwrap() else {
        panic!("the new article is taken in");
    };
    assert!(has_oracle_figure(&engine));
    let Reload::Swapped(after) = engine.reload_changed().unwrap() else {
        panic!("nothing changed, nothing kept back");
    };
    assert!(Arc::ptr_eq(&added, &after), "the watcher rebuilt an unchanged index");
    let Reload::Swapped(rebuilt) = engine.reload_if_healthy().unwrap() else {
        panic!("/reindex rebuilds");
    };
    assert!(
        !Arc::ptr_eq(&added, &rebuilt),
        "/reindex rebuilds even when nothing changed"
    );
    assert!(engine.answer(NEW_QUESTION).answered);
}

#[test]
fn an_article_another_process_indexed_is_served_by_the_running_engine() {
    let (_dir, seeds, index) = workspace();
    let running = Engine::open(&seeds, &index).unwrap();
    // `dealbot add` beside the running bot: it writes the file, indexes it and
    // publishes the index before the running engine's watcher wakes up.
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    let other = Engine::open(&seeds, &index).unwrap();
    assert!(has_oracle_figure(&other));
    assert!(!has_oracle_figure(&running));

    let Reload::Swapped(served) = running.reload_changed().unwrap() else {
        panic!("the published index is healthy");
    };
    assert_eq!(
        served.generation,
        other.snapshot().generation,
        "the published generation is served as it is"
    );
    assert!(has_oracle_figure(&running));
    assert!(running.answer(NEW_QUESTION).answered);
}

#[test]
fn a_reload_waits_while_another_process_writes_the_index_then_serves_what_it_published() {
    let (_dir, seeds, index) = workspace();
    let running = Arc::new(Engine::open(&seeds, &index).unwrap());
    // `dealbot add` beside the bot holds the index while it writes it: the
    // watcher's reload must not build beside it (publishing removes older
    // generations, a half-built one included).
    let other = dealbot::engine::index::writing(&index).unwrap();
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    let (tx, rx) = std::sync::mpsc::channel();
    let reloading = Arc::clone(&running);
    let watcher = std::thread::spawn(move || tx.send(reloading.reload_changed().map(|_| ())).unwrap());
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        rx.try_recv().is_err(),
        "the reload went ahead while another process held the index"
    );
    drop(other);
    rx.recv_timeout(DEADLINE)
        .expect("the reload ends once the index is free")
        .unwrap();
    watcher.join().unwrap();
    assert!(has_oracle_figure(&running));
    let generations = std::fs::read_dir(&index)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(generations, 1, "one generation published, the older removed");
}

#[test]
fn add_takes_its_article_in_and_rebuilds_nothing_when_the_watcher_took_it_in_first() {
    let (_dir, seeds, index) = workspace();
    let engine = Arc::new(Engine::open(&seeds, &index).unwrap());
    let watcher = SeedWatcher::start(Arc::clone(&engine)).unwrap();
    let reindexer = watcher.reindexer();
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();

    // What /add does after writing the file: the article is served on return.
    add_seed(&seeds, "2025-12-20-oracle.txt", NEW_ARTICLE.as_bytes());
    let Some(Ok(Reload::Swapped(added))) = runtime.block_on(reindexer.take_in()) else {
        panic!("the new article is taken in");
    };
    assert!(added.figures.iter().any(|f| f.value.contains("7 miliardi")));
    assert!(engine.answer(NEW_QUESTION).answered);
    // Asked again with nothing new (the watcher got there first): nothing is
    // rebuilt, where /reindex rebuilds whole.
    let Some(Ok(Reload::Swapped(again))) = runtime.block_on(reindexer.take_in()) else {
        panic!("nothing changed, nothing kept back");
    };
    assert!(Arc::ptr_eq(&added, &again), "an unchanged index was rebuilt");
    drop(watcher);
    assert!(runtime.block_on(reindexer.take_in()).is_none());
}
