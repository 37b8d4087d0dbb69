//! Arbitrary bytes, read as the fronts read chat text (lossy UTF-8), asked of the
//! engine: it must answer or refuse without panicking, quote only the article's
//! own sentences, and render a reply that fits a Discord message and pings no one.
//!
//! The engine is opened once, on the repository's `seeds/`, with its index in this
//! project's `target/` (rebuilt when the seeds change).

#![no_main]

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use dealbot::engine::Engine;
use dealbot::render;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    engine: Engine,
    sentences: HashSet<String>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = Engine::open(&here.join("../../seeds"), &here.join("target/fuzz-index")).expect("the engine opens");
    let sentences = engine.snapshot().passages.iter().map(|p| p.text.clone()).collect();
    Fixture { engine, sentences }
});

fuzz_target!(|data: &[u8]| {
    let question = String::from_utf8_lossy(data);
    let fixture = &*FIXTURE;
    let answer = fixture.engine.answer(&question);
    if answer.answered {
        assert!(
            answer.answer.as_deref().is_some_and(|a| !a.trim().is_empty()),
            "{answer:?}"
        );
        assert!(!answer.passages.is_empty(), "{answer:?}");
    }
    for hit in &answer.passages {
        assert!(
            fixture.sentences.contains(&hit.text),
            "not a sentence of the article: {hit:?}"
        );
    }
    let text = render::text(&answer);
    assert!(
        text.chars().count() <= render::limits::CONTENT,
        "{} characters",
        text.chars().count()
    );
    assert!(!text.contains("@everyone") && !text.contains("@here"), "{text:?}");
});
