//! How fast the engine answers and builds, on the article and on a generated corpus.
//!
//! * `answer/article`, `answer/generated`: [`Engine::answer`] over the evaluation
//!   questions (`tests/dev.jsonl`, `tests/questions.jsonl`), one question per
//!   iteration in turn; criterion reports the time per question.
//! * Before each of those, a percentile printout: every question answered once to
//!   warm up, then `DEALBOT_BENCH_CALLS` (20,000) calls timed one by one with
//!   [`Instant`], and p50, p90, p99, p99.9 and the maximum printed to stdout, with
//!   the slowest questions.
//! * `build/dictionary`: loading the general Italian↔English dictionary (every
//!   pair stemmed both ways), which each engine does once at start.
//! * `build/article`: [`Engine::open`] on a fresh index of the article. The
//!   generated corpus is built once and its time printed (criterion would need ten
//!   builds); opening it again over the built index is timed too.
//!
//! The generated corpus is `DEALBOT_BENCH_PASSAGES` (100,000) sentences in articles
//! of the seeds' file format — an inline ` date` header, headings, paragraphs, an
//! aligned `.en.txt` — written into a temporary folder beside the real article, so
//! the questions still have their answers, now among many distractors that share
//! their words. `DEALBOT_BENCH_PASSAGES=0` skips it.
//!
//! ```text
//! cargo bench --bench engine
//! DEALBOT_BENCH_PASSAGES=10000 DEALBOT_BENCH_CALLS=2000 cargo bench --bench engine
//! ```

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dealbot::engine::schema::Analyzers;
use dealbot::engine::{Dictionary, Engine, Lexicon};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
const QUESTION_FILES: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/dev.jsonl"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/questions.jsonl"),
];

/// Whether this is a real benchmark run (`cargo bench`) rather than `cargo test --benches`.
fn benching() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn env_usize(name: &str, default: usize) -> usize {
    let default = if benching() { default } else { default.min(2_000) };
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// The evaluation questions, in file order.
fn questions() -> Vec<String> {
    let mut out = Vec::new();
    for file in QUESTION_FILES {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}: {e}"));
            out.push(value["q"].as_str().expect("every question has \"q\"").to_owned());
        }
    }
    assert!(!out.is_empty(), "no questions");
    out
}

fn temp_dir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("a temporary directory")
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Answers every question once, then `calls` more in turn, each timed; prints the
/// percentiles and the slowest questions.
fn percentiles(label: &str, engine: &Engine, questions: &[String], calls: usize) {
    let answered = questions.iter().filter(|q| engine.answer(q).answered).count();
    let mut times: Vec<(Duration, usize)> = Vec::with_capacity(calls);
    for i in 0..calls {
        let q = i % questions.len();
        let start = Instant::now();
        black_box(engine.answer(black_box(&questions[q])));
        times.push((start.elapsed(), q));
    }
    let mut per_question: Vec<Vec<Duration>> = vec![Vec::new(); questions.len()];
    for &(t, q) in &times {
        per_question[q].push(t);
    }
    times.sort_unstable();
    let at = |p: f64| {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "a rank among at most millions of calls"
        )]
        let rank = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len());
        micros(times[rank - 1].0)
    };
    let total: Duration = times.iter().map(|t| t.0).sum();
    let count = u32::try_from(times.len()).unwrap_or(u32::MAX).max(1);
    let mut out = format!(
        "{label}: {calls} calls over {} questions ({answered} answered): p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs, \
         p99.9 {:.1} µs, max {:.1} µs, mean {:.1} µs",
        questions.len(),
        at(0.50),
        at(0.90),
        at(0.99),
        at(0.999),
        micros(times.last().map_or(Duration::ZERO, |t| t.0)),
        micros(total / count),
    );
    let mut medians: Vec<(Duration, usize)> = per_question
        .iter_mut()
        .enumerate()
        .filter(|(_, ts)| !ts.is_empty())
        .map(|(q, ts)| {
            ts.sort_unstable();
            (ts[ts.len() / 2], q)
        })
        .collect();
    medians.sort_unstable_by(|a, b| b.cmp(a));
    for &(t, q) in medians.iter().take(3) {
        let _ = write!(out, "\n  slow: {:.1} µs median  {:?}", micros(t), questions[q]);
    }
    println!("{out}");
}

/// Criterion's time per question, cycling through the questions.
fn bench_answers(c: &mut Criterion, name: &str, engine: &Engine, questions: &[String]) {
    let mut group = c.benchmark_group("answer");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    group.bench_function(name, |b| {
        let mut i = 0;
        b.iter(|| {
            let q = &questions[i % questions.len()];
            i += 1;
            engine.answer(black_box(q))
        });
    });
    group.finish();
}

fn article(c: &mut Criterion) {
    let questions = questions();
    let index = temp_dir("bench-article-index-");
    let seeds = Path::new(SEEDS);
    let engine = Engine::open(seeds, index.path()).expect("the engine opens on the article");
    percentiles("article", &engine, &questions, env_usize("DEALBOT_BENCH_CALLS", 20_000));
    bench_answers(c, "article", &engine, &questions);

    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    let lexicon = Lexicon::shipped();
    group.bench_function("dictionary", |b| {
        b.iter(|| Dictionary::shipped(&mut Analyzers::new(&lexicon)));
    });
    group.bench_function("article", |b| {
        b.iter_batched(
            || temp_dir("bench-build-"),
            |dir| Engine::open(seeds, dir.path()).expect("the article builds"),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn generated(c: &mut Criterion) {
    let passages = env_usize("DEALBOT_BENCH_PASSAGES", 100_000);
    if passages == 0 {
        return;
    }
    let seeds = temp_dir("bench-generated-seeds-");
    let index = temp_dir("bench-generated-index-");
    let start = Instant::now();
    let written = generate(seeds.path(), passages);
    for file in dealbot::engine::corpus::seed_files(Path::new(SEEDS)).expect("the seeds list") {
        let name = file.file_name().expect("a file name");
        std::fs::copy(&file, seeds.path().join(name)).expect("the article copies");
    }
    println!(
        "generated: {written} passages in {} articles written in {:.2} s",
        written.div_ceil(PASSAGES_PER_ARTICLE),
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let engine = Engine::open(seeds.path(), index.path()).expect("the generated corpus builds");
    let built = start.elapsed();
    let snapshot = engine.snapshot();
    assert!(
        snapshot.errors.is_empty(),
        "generated files rejected: {:?}",
        snapshot.errors
    );
    println!(
        "generated: build (load, index, snapshot) of {} passages: {:.2} s",
        snapshot.passages.len(),
        built.as_secs_f64()
    );
    drop(snapshot);
    drop(engine);
    let start = Instant::now();
    let engine = Engine::open(seeds.path(), index.path()).expect("the generated index opens");
    println!(
        "generated: open of the built index: {:.2} s",
        start.elapsed().as_secs_f64()
    );

    let questions = questions();
    percentiles(
        "generated",
        &engine,
        &questions,
        env_usize("DEALBOT_BENCH_CALLS", 20_000),
    );
    bench_answers(c, "generated", &engine, &questions);
}

/// Sentences per paragraph and paragraphs per article in the generated corpus.
const PASSAGES_PER_ARTICLE: usize = 200;

/// A small deterministic generator (`SplitMix64`), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).expect("a small bound")).expect("below a usize")
    }

    /// An index below `n`, small ones far likelier: words in text are Zipf-like.
    fn skewed(&mut self, n: usize) -> usize {
        #[expect(clippy::cast_precision_loss, reason = "53 random bits and a short list's length")]
        let i = ((self.next() >> 11) as f64 / (1u64 << 53) as f64).powi(3) * n as f64;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "the value is in 0..n"
        )]
        let i = i as usize;
        i.min(n - 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Words in both languages, the same meaning at the same index.
const WORDS: &[(&str, &str)] = &[
    ("accordo", "deal"),
    ("mercato", "market"),
    ("investimento", "investment"),
    ("società", "company"),
    ("intelligenza", "intelligence"),
    ("artificiale", "artificial"),
    ("chip", "chips"),
    ("cloud", "cloud"),
    ("server", "servers"),
    ("modelli", "models"),
    ("piattaforma", "platform"),
    ("valutazione", "valuation"),
    ("crescita", "growth"),
    ("ricavi", "revenue"),
    ("perdite", "losses"),
    ("investitori", "investors"),
    ("trattative", "negotiations"),
    ("intesa", "agreement"),
    ("settore", "sector"),
    ("tecnologia", "technology"),
    ("sviluppatori", "developers"),
    ("clienti", "customers"),
    ("energia", "energy"),
    ("data", "data"),
    ("center", "centers"),
    ("capacità", "capacity"),
    ("calcolo", "computing"),
    ("diritti", "rights"),
    ("esclusivi", "exclusive"),
    ("bolla", "bubble"),
    ("sostenibilità", "sustainability"),
    ("concorrenza", "competition"),
    ("governo", "government"),
    ("regole", "rules"),
    ("europea", "European"),
    ("americana", "American"),
    ("azioni", "shares"),
    ("borsa", "stock market"),
    ("quota", "stake"),
    ("fondi", "funds"),
    ("prestito", "loan"),
    ("debito", "debt"),
    ("contratto", "contract"),
    ("fornitura", "supply"),
    ("noleggio", "rental"),
    ("espansione", "expansion"),
    ("strategia", "strategy"),
    ("dirigenti", "executives"),
    ("amministratore", "chief executive"),
    ("ricerca", "research"),
    ("laboratorio", "laboratory"),
    ("progetto", "project"),
    ("rete", "network"),
    ("utenti", "users"),
    ("abbonamenti", "subscriptions"),
    ("pubblicità", "advertising"),
    ("marketplace", "marketplace"),
    ("negozi", "shops"),
    ("prodotti", "products"),
    ("prezzi", "prices"),
    ("costi", "costs"),
    ("margini", "margins"),
    ("trimestre", "quarter"),
    ("anno", "year"),
    ("previsioni", "forecasts"),
    ("analisti", "analysts"),
    ("rischio", "risk"),
    ("fiducia", "confidence"),
    ("entusiasmo", "enthusiasm"),
    ("domanda", "demand"),
    ("offerta", "offer"),
    ("partnership", "partnership"),
    ("alleanza", "alliance"),
    ("acquisizione", "acquisition"),
    ("fusione", "merger"),
    ("antitrust", "antitrust"),
    ("autorità", "authority"),
    ("indagine", "investigation"),
    ("sanzione", "fine"),
    ("brevetti", "patents"),
    ("software", "software"),
    ("hardware", "hardware"),
    ("processori", "processors"),
    ("memoria", "memory"),
    ("sicurezza", "security"),
    ("privacy", "privacy"),
    ("lavoratori", "workers"),
    ("assunzioni", "hiring"),
    ("licenziamenti", "layoffs"),
    ("stipendi", "salaries"),
    ("fabbrica", "factory"),
    ("produzione", "production"),
    ("esportazioni", "exports"),
    ("dazi", "tariffs"),
    ("Cina", "China"),
    ("Europa", "Europe"),
    ("Italia", "Italy"),
    ("Stati Uniti", "United States"),
    ("Giappone", "Japan"),
    ("India", "India"),
];

const COMPANIES: &[&str] = &[
    "Amazon",
    "OpenAI",
    "Microsoft",
    "Google",
    "Anthropic",
    "Nvidia",
    "Oracle",
    "SoftBank",
    "Meta",
    "Apple",
    "Intel",
    "AMD",
    "Tesla",
    "Samsung",
    "IBM",
    "Netflix",
    "Alibaba",
    "Baidu",
    "Tencent",
    "Mistral",
    "Stellantis",
    "Enel",
    "Eni",
    "Leonardo",
    "Pirelli",
];

const SOURCES: &[(&str, &str)] = &[
    ("il Financial Times", "the Financial Times"),
    ("il Wall Street Journal", "the Wall Street Journal"),
    ("Bloomberg", "Bloomberg"),
    ("Reuters", "Reuters"),
    ("il Sole 24 Ore", "Il Sole 24 Ore"),
    ("fonti vicine al dossier", "sources close to the matter"),
];

const SYLLABLES: &[&str] = &[
    "ve", "lo", "ra", "tek", "mar", "in", "do", "qui", "nex", "sol", "ta", "vi", "cor", "al", "pha", "zen", "tri",
    "ko", "lu", "mi", "no", "sta", "gen", "xa", "byt", "ion", "or", "ex", "ca", "dia",
];

/// Synthetic company names, so the corpus has names the questions never ask about.
fn names(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let mut name = String::new();
            for _ in 0..2 + rng.below(2) {
                name.push_str(rng.pick::<&str>(SYLLABLES));
            }
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect()
}

/// One aligned sentence pair.
struct Pair {
    it: String,
    en: String,
}

struct Writer<'a> {
    rng: Rng,
    names: &'a [String],
}

impl Writer<'_> {
    fn company(&mut self) -> String {
        if self.rng.below(3) == 0 {
            COMPANIES[self.rng.skewed(COMPANIES.len())].to_owned()
        } else {
            self.names[self.rng.skewed(self.names.len())].clone()
        }
    }

    fn word(&mut self) -> (&'static str, &'static str) {
        WORDS[self.rng.skewed(WORDS.len())]
    }

    /// "12 miliardi di dollari" and "$12 billion", or decimals, millions, euros.
    fn amount(&mut self) -> (String, String) {
        let whole = 1 + self.rng.below(999);
        let (it_n, en_n) = if self.rng.below(4) == 0 {
            let tenth = 1 + self.rng.below(9);
            (format!("{whole},{tenth}"), format!("{whole}.{tenth}"))
        } else {
            (whole.to_string(), whole.to_string())
        };
        let (it_scale, en_scale) = *self.rng.pick(&[("miliardi", "billion"), ("milioni", "million")]);
        let (it_cur, en_cur) = *self.rng.pick(&[("dollari", "$"), ("euro", "€")]);
        (
            format!("{it_n} {it_scale} di {it_cur}"),
            format!("{en_cur}{en_n} {en_scale}"),
        )
    }

    fn year(&mut self) -> usize {
        2020 + self.rng.below(15)
    }

    fn sentence(&mut self) -> Pair {
        let (a, b) = (self.company(), self.company());
        let (w1, w2, w3) = (self.word(), self.word(), self.word());
        let (amount_it, amount_en) = self.amount();
        let year = self.year();
        let (source_it, source_en) = *self.rng.pick(SOURCES);
        let (it, en) = match self.rng.below(8) {
            0 => (
                format!(
                    "{a} e {b} stanno discutendo un accordo da {amount_it} sul {} nel settore {}.",
                    w1.0, w2.0
                ),
                format!(
                    "{a} and {b} are discussing a {amount_en} deal on {} in the {} sector.",
                    w1.1, w2.1
                ),
            ),
            1 => (
                format!("Secondo {source_it}, {a} investirebbe {amount_it} in {b} entro il {year}."),
                format!("According to {source_en}, {a} would invest {amount_en} in {b} by {year}."),
            ),
            2 => (
                format!(
                    "La valutazione di {a} supererebbe la soglia dei {amount_it} grazie a {}.",
                    w1.0
                ),
                format!(
                    "{a}'s valuation would exceed the {amount_en} threshold thanks to {}.",
                    w1.1
                ),
            ),
            3 => (
                format!("{a} prevede di spendere {amount_it} nel noleggio di {} da {b}.", w1.0),
                format!("{a} plans to spend {amount_en} renting {} from {b}.", w1.1),
            ),
            4 => (
                format!(
                    "Gli investitori temono che {} e {} di {a} non siano sostenibili nel {year}.",
                    w1.0, w2.0
                ),
                format!(
                    "Investors fear that {a}'s {} and {} are not sustainable in {year}.",
                    w1.1, w2.1
                ),
            ),
            5 => (
                format!("{b} detiene i diritti esclusivi su {} e {} fino al {year}.", w1.0, w2.0),
                format!("{b} holds the exclusive rights to {} and {} until {year}.", w1.1, w2.1),
            ),
            6 => (
                format!("Tuttavia {a} non commenta {}, {} e {} di {b}.", w1.0, w2.0, w3.0),
                format!("However {a} does not comment on {b}'s {}, {} and {}.", w1.1, w2.1, w3.1),
            ),
            _ => (
                format!("Il {} di {a} cresce con {} e {} per {amount_it}.", w1.0, w2.0, w3.0),
                format!("{a}'s {} grows with {} and {} for {amount_en}.", w1.1, w2.1, w3.1),
            ),
        };
        Pair { it, en }
    }

    fn heading(&mut self) -> Pair {
        let a = self.company();
        let (w1, w2) = (self.word(), self.word());
        Pair {
            it: format!("{a} punta su {} e {}", w1.0, w2.0),
            en: format!("{a} bets on {} and {}", w1.1, w2.1),
        }
    }
}

/// Writes articles totalling `passages` sentences into `dir`; returns how many.
fn generate(dir: &Path, passages: usize) -> usize {
    let mut rng = Rng(0x00de_a1b0);
    let names = names(&mut rng, 2_000);
    let mut writer = Writer { rng, names: &names };
    let mut written = 0;
    let mut n = 0;
    while written < passages {
        let target = PASSAGES_PER_ARTICLE.min(passages - written);
        let (mut it, mut en) = (String::new(), String::new());
        let day = 1 + writer.rng.below(28);
        let month = 1 + writer.rng.below(12);
        if n % 3 == 0 {
            let title = writer.heading();
            let _ = write!(it, "---\ntitle: {}\nsource: Bench\n---\n", title.it);
        }
        let _ = write!(it, " date 2025-{month:02}-{day:02} ");
        let mut in_article = 0;
        let mut paragraphs = 0;
        while in_article < target {
            if paragraphs > 0 && paragraphs % 4 == 0 {
                let h = writer.heading();
                let _ = write!(it, "\n\n{}\n\n", h.it);
                let _ = write!(en, "\n\n{}\n\n", h.en);
            } else if paragraphs > 0 {
                it.push_str("\n\n");
                en.push_str("\n\n");
            }
            let sentences = (3 + writer.rng.below(4)).min(target - in_article);
            for s in 0..sentences {
                let pair = writer.sentence();
                if s > 0 {
                    it.push(' ');
                    en.push(' ');
                }
                it.push_str(&pair.it);
                en.push_str(&pair.en);
            }
            in_article += sentences;
            paragraphs += 1;
        }
        let name: PathBuf = dir.join(format!("gen-{n:05}"));
        std::fs::write(name.with_extension("txt"), it).expect("an article writes");
        std::fs::write(name.with_extension("en.txt"), en).expect("a translation writes");
        written += in_article;
        n += 1;
    }
    written
}

criterion_group!(benches, article, generated);
criterion_main!(benches);
