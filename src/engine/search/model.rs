//! The fitted part of answering: how a candidate's signals combine into its
//! score, and where answering turns into refusing.
//!
//! Ranking computes, for every candidate sentence, a [`Features`] vector of the
//! signals the engine has (how much of the question it covers and how, whether
//! it is the kind of answer asked, its names, its place in its article, its
//! article's date…). Two linear models read them:
//!
//! - the **ranker** scores each candidate, `w · x`; the best score is quoted.
//!   It is fitted as a softmax over each question's candidates (a listwise
//!   learning-to-rank loss): the sentences that hold the expected answer should
//!   take the probability mass.
//! - the **gate** decides whether the best candidate answers at all: a logistic
//!   model over the best candidate's features, its score and its lead over the
//!   next. It is fitted on the questions where the choice matters: those whose
//!   best candidate is right (answer) and those the articles do not answer
//!   (refuse).
//!
//! The numbers live in `model.toml` beside this file, written by `dealbot fit`
//! (see docs/ACCURACY.md), which also prints the scores the fitted model
//! reaches on each story set left out of its fitting. Features are code; their
//! weights are data.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// The shipped model, fitted by `dealbot fit`.
pub const SHIPPED_MODEL: &str = include_str!("model.toml");
/// The prior the fit starts from and is pulled back towards: the hand-set
/// rules, as a model.
pub const PRIOR_MODEL: &str = include_str!("prior.toml");

/// The name of every feature, in the order of [`Features`]' values.
/// Defines [`F`], one variant per signal, and [`FEATURES`], their names in
/// the same order (the names `model.toml` uses).
macro_rules! features {
    ($($variant:ident = $name:literal,)*) => {
        /// A signal of a candidate, an index into [`Features`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum F {
            $($variant,)*
        }

        /// The name of every signal, in the order of [`F`].
        pub const FEATURES: &[&str] = &[$($name,)*];
    };
}

features! {
    Coverage = "coverage",
    CoverageOwn = "coverage_own",
    CoverageBridged = "coverage_bridged",
    CoverageNear = "coverage_near",
    CoverageContext = "coverage_context",
    NamesOk = "names_ok",
    NamesMissing = "names_missing",
    Fits = "fits",
    Bm25 = "bm25",
    LeadNames = "lead_names",
    LeadParagraph = "lead_paragraph",
    Topic = "topic",
    Unit = "unit",
    Negation = "negation",
    Duration = "duration",
    MoreThanNames = "more_than_names",
    Newest = "newest",
    TimeMatch = "time_match",
    Bullet = "bullet",
    Title = "title",
    Byline = "byline",
    Position = "position",
    Length = "length",
    FocusSaid = "focus_said",
    FocusMissing = "focus_missing",
    HeaviestMissing = "heaviest_missing",
    Proximity = "proximity",
    NamesOthers = "names_others",
    ArticleCoverage = "article_coverage",
    NewestMatch = "newest_match",
    Eligible = "eligible",
    Qualified = "qualified",
    NameNearby = "name_nearby",
    FocusUnsaid = "focus_unsaid",
    SourceMissing = "source_missing",
    OnlyNames = "only_names",
    Attributes = "attributes",
    Cause = "cause",
    OtherLanguage = "other_language",
    NewestCovering = "newest_covering",
}

/// Each feature counts twice: once for every question, and once more, as
/// `strict_NAME`, only for a question after a fact (how much, when, who),
/// whose answer must say it in one sentence: the two kinds weigh the same
/// signals differently, and a linear model learns that only through such a copy.
pub const STRICT: &str = "strict_";

/// Every weight's name: [`FEATURES`], then each with [`STRICT`] before it.
pub fn names() -> Vec<String> {
    (FEATURES.iter().map(|n| (*n).to_owned()))
        .chain(FEATURES.iter().map(|n| format!("{STRICT}{n}")))
        .collect()
}

/// The gate's weights' names: the ranker's, then [`GATE_EXTRA`].
fn gate_names() -> Vec<String> {
    names()
        .into_iter()
        .chain(GATE_EXTRA.iter().map(|n| (*n).to_owned()))
        .collect()
}

/// The features of the best candidate the gate reads besides the ranker's own.
pub const GATE_EXTRA: [&str; 5] = ["score", "margin", "unseen_share", "concepts", "names_asked"];

/// One candidate's signals, each named in [`FEATURES`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features(pub [f32; 2 * FEATURES.len()]);

impl Default for Features {
    fn default() -> Features {
        Features([0.0; 2 * FEATURES.len()])
    }
}

impl Features {
    pub fn set(&mut self, f: F, value: f32) {
        self.0[f as usize] = value;
    }

    pub fn get(&self, f: F) -> f32 {
        self.0[f as usize]
    }

    /// Fills the `strict_` copies: the features again for a question after a
    /// fact, zeros for any other.
    pub fn for_question(&mut self, strict: bool) {
        let n = FEATURES.len();
        for k in 0..n {
            self.0[n + k] = if strict { self.0[k] } else { 0.0 };
        }
    }
}

/// What the gate reads of a question besides its best candidate.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QuestionSignals {
    /// The share of the question's weight the articles never say.
    pub unseen_share: f32,
    /// How many concepts the question has.
    pub concepts: f32,
    /// How many names it asks about.
    pub names_asked: f32,
}

/// The ranker's and the gate's weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// How the model was fitted and what it scored: kept with the numbers.
    #[serde(default)]
    pub fitted: String,
    pub rank: Weights,
    pub gate: Weights,
}

/// Named weights and a bias; a feature the file does not name weighs 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub bias: f32,
    pub weights: std::collections::BTreeMap<String, f32>,
}

impl Weights {
    fn dense(&self, names: &[String]) -> Vec<f32> {
        names
            .iter()
            .map(|n| self.weights.get(n).copied().unwrap_or(0.0))
            .collect()
    }
}

/// A model ready to score: its weights in feature order.
#[derive(Debug, Clone)]
pub struct Scorer {
    rank: Vec<f32>,
    rank_bias: f32,
    gate: Vec<f32>,
    gate_bias: f32,
}

impl Model {
    /// The shipped model. It is checked by a unit test, so it always parses.
    pub fn shipped() -> Model {
        Model::parse(SHIPPED_MODEL).expect("src/engine/search/model.toml parses")
    }

    pub fn parse(text: &str) -> Result<Model, String> {
        let model: Model = toml::from_str(text).map_err(|e| e.to_string())?;
        let known = |n: &String, names: &[String]| names.contains(n);
        let (rank_names, gate_names) = (names(), gate_names());
        if let Some(n) = model.rank.weights.keys().find(|n| !known(n, &rank_names)) {
            return Err(format!("unknown ranking feature {n:?}"));
        }
        if let Some(n) = model.gate.weights.keys().find(|n| !known(n, &gate_names)) {
            return Err(format!("unknown gate feature {n:?}"));
        }
        Ok(model)
    }

    pub fn scorer(&self) -> Scorer {
        Scorer {
            rank: self.rank.dense(&names()),
            rank_bias: self.rank.bias,
            gate: self.gate.dense(&gate_names()),
            gate_bias: self.gate.bias,
        }
    }

    /// The model as the TOML file `dealbot fit` writes.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for line in self.fitted.lines() {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("# Written by `dealbot fit`; see src/engine/search/model.rs.\n\n");
        out.push_str(&toml::to_string(self).unwrap_or_default());
        out
    }
}

impl Scorer {
    /// A candidate's ranking score.
    pub fn score(&self, x: &Features) -> f32 {
        self.rank_bias + dot(&self.rank, &x.0)
    }

    /// The probability that the best candidate, scored `score`, `margin` ahead
    /// of the next, answers the question right.
    pub fn answers(&self, x: &Features, score: f32, margin: f32, q: QuestionSignals) -> f32 {
        let z = self.gate_bias + dot(&self.gate, &gate_row(x, score, margin, q));
        sigmoid(z)
    }
}

/// The gate's input: the best candidate's features, then [`GATE_EXTRA`].
pub fn gate_row(x: &Features, score: f32, margin: f32, q: QuestionSignals) -> Vec<f32> {
    let mut row = x.0.to_vec();
    row.extend([score, margin, q.unseen_share, q.concepts, q.names_asked]);
    row
}

fn dot(w: &[f32], x: &[f32]) -> f32 {
    w.iter().zip(x).map(|(w, x)| w * x).sum()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// One question's candidates for fitting: their features, and which hold the answer.
#[derive(Debug, Clone)]
pub struct Example {
    pub candidates: Vec<(Features, bool)>,
    pub signals: QuestionSignals,
    /// Whether the question has an answer in the articles at all.
    pub answerable: bool,
    /// The question and each candidate's sentence, to show what a model got wrong.
    pub question: String,
    pub texts: Vec<String>,
}

/// How `model` does on `examples`: of the answerable questions, how many have
/// a right candidate and how many put one first; how often the gate answers
/// right, answers wrong and refuses.
pub fn diagnose(examples: &[Example], model: &Model) -> String {
    let scorer = model.scorer();
    let (mut answerable, mut recall, mut first, mut right, mut wrong, mut refused_ok, mut refused_bad) =
        (0, 0, 0, 0, 0, 0, 0);
    for e in examples {
        let mut ordered: Vec<(f32, &(Features, bool))> = e.candidates.iter().map(|c| (scorer.score(&c.0), c)).collect();
        ordered.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top_right = ordered.first().is_some_and(|s| s.1.1);
        if e.answerable {
            answerable += 1;
            recall += usize::from(e.candidates.iter().any(|c| c.1));
            first += usize::from(top_right);
        }
        let answers = ordered.first().is_some_and(|&(score, best)| {
            let margin = ordered.get(1).map_or(1.0, |s| score - s.0);
            scorer.answers(&best.0, score, margin, e.signals) >= 0.5
        });
        match (answers, e.answerable && top_right) {
            (true, true) => right += 1,
            (true, false) => wrong += 1,
            (false, false) => refused_ok += 1,
            (false, true) => refused_bad += 1,
        }
        if std::env::var_os("DEALBOT_FIT_MISSES").is_some() && e.answerable && !top_right {
            let show = |x: &Features| {
                names()
                    .iter()
                    .zip(x.0)
                    .filter(|(_, v)| *v != 0.0)
                    .map(|(n, v)| format!("{n}={v:.2}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let at = |i: usize| {
                e.candidates
                    .iter()
                    .position(|c| std::ptr::eq(c, ordered[i].1))
                    .unwrap_or(0)
            };
            eprintln!("MISS {:?}", e.question);
            if let Some(first) = ordered.first() {
                eprintln!(
                    "  top  {:.2} {:?}\n       {}",
                    first.0,
                    e.texts[at(0)],
                    show(&first.1.0)
                );
            }
            if let Some(k) = ordered.iter().position(|s| s.1.1) {
                eprintln!(
                    "  right#{k} {:.2} {:?}\n       {}",
                    ordered[k].0,
                    e.texts[at(k)],
                    show(&ordered[k].1.0)
                );
            }
        }
    }
    format!(
        "answerable {answerable}: a right candidate {recall}, first {first}; answered right {right}, wrong {wrong}; refused rightly {refused_ok}, wrongly {refused_bad}"
    )
}

/// Whether `texts` hold one of `expect`, as the evaluation compares them:
/// case, curly apostrophes and no-break spaces aside.
pub fn holds_expected<'a>(texts: impl IntoIterator<Item = &'a str>, expect: &[String]) -> bool {
    let norm = |s: &str| s.replace('\u{2019}', "'").replace('\u{a0}', " ").to_lowercase();
    let hay: Vec<String> = texts.into_iter().map(norm).collect();
    expect
        .iter()
        .map(|e| norm(e))
        .any(|e| hay.iter().any(|h| h.contains(&e)))
}

/// How hard each fit is pulled back towards the prior's weights, in examples'
/// worth (the losses are sums over examples): chosen among 3, 10, 30 and 100
/// by the leave-one-story-set-out score (docs/ACCURACY.md).
pub const PRIOR_STRENGTH: f64 = 10.0;
/// Gradient steps of each fit (Adam; the losses are convex).
const STEPS: usize = 1500;
const LEARNING_RATE: f64 = 0.05;

/// Fits the ranker, then the gate on the ranker's best candidates.
#[expect(
    clippy::many_single_char_names,
    reason = "a fit's usual names: weights w, features x, label y, sizes n and m"
)]
pub fn fit(examples: &[Example], fitted: String, strength: f64) -> Model {
    let prior = Model::parse(PRIOR_MODEL).expect("src/engine/search/prior.toml parses (tested)");
    let n = 2 * FEATURES.len();
    // The ranker: softmax over each answerable question's candidates, maximising
    // the probability of the right ones.
    let rankable: Vec<&Example> = examples
        .iter()
        .filter(|e| e.answerable && e.candidates.iter().any(|c| c.1) && e.candidates.iter().any(|c| !c.1))
        .collect();
    let (scale, shift) = standardize(rankable.iter().flat_map(|e| e.candidates.iter().map(|c| &c.0.0[..])), n);
    let start: Vec<f64> = (prior.rank.dense(&names()).iter().zip(&scale))
        .map(|(w, s)| f64::from(*w) * s)
        .collect();
    let w = adam(&start, strength, |w, grad| {
        let mut loss = 0.0;
        for e in &rankable {
            let scores: Vec<f64> = (e.candidates.iter())
                .map(|c| dot64(w, &c.0.0, &scale, &shift))
                .collect();
            let max = scores.iter().copied().fold(f64::MIN, f64::max);
            let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
            let all: f64 = exp.iter().sum();
            let right: f64 = exp.iter().zip(&e.candidates).filter(|(_, c)| c.1).map(|(x, _)| x).sum();
            loss -= (right / all).ln();
            for ((x, c), _) in exp.iter().zip(&e.candidates).zip(&scores) {
                // d(-log(right/all))/ds_i = p_i - [i right] * x_i/right
                let p = x / all - if c.1 { x / right } else { 0.0 };
                for (k, g) in grad.iter_mut().enumerate() {
                    *g += p * (f64::from(c.0.0[k]) - shift[k]) / scale[k];
                }
            }
        }
        loss / f64::from(u32::try_from(rankable.len().max(1)).unwrap_or(u32::MAX))
    });
    let rank = unstandardize(&w, &scale, &shift, &names(), 0.0);
    let scorer = Model {
        fitted: String::new(),
        rank: rank.clone(),
        gate: Weights::default(),
    }
    .scorer();
    // The gate, from each question's best candidate: answering scores when that
    // candidate is right, refusing when the question has no answer. When the
    // question has one but the best candidate is wrong, answering and refusing
    // score alike (nothing), so such a question teaches the gate nothing.
    let rows: Vec<(Vec<f32>, bool)> = examples
        .iter()
        .filter_map(|e| {
            let mut ordered: Vec<(f32, &(Features, bool))> =
                e.candidates.iter().map(|c| (scorer.score(&c.0), c)).collect();
            ordered.sort_by(|a, b| b.0.total_cmp(&a.0));
            let (score, best) = *ordered.first()?;
            let margin = ordered.get(1).map_or(1.0, |s| score - s.0);
            let row = gate_row(&best.0, score, margin, e.signals);
            match (e.answerable, best.1) {
                (true, true) => Some((row, true)),
                (false, _) => Some((row, false)),
                (true, false) => None,
            }
        })
        .collect();
    let names = gate_names();
    let m = names.len();
    let (scale, shift) = standardize(rows.iter().map(|r| &r.0[..]), m);
    let raw = prior.gate.dense(&names);
    let mut start: Vec<f64> = raw.iter().zip(&scale).map(|(w, s)| f64::from(*w) * s).collect();
    start.push(f64::from(prior.gate.bias) + raw.iter().zip(&shift).map(|(w, m)| f64::from(*w) * m).sum::<f64>());
    let w = adam(&start, strength, |w, grad| {
        let mut loss = 0.0;
        for (x, y) in &rows {
            let z = w[m] + dot64(&w[..m], x, &scale, &shift);
            let p = 1.0 / (1.0 + (-z).exp());
            let y = f64::from(u8::from(*y));
            loss -= y * p.max(1e-12).ln() + (1.0 - y) * (1.0 - p).max(1e-12).ln();
            for (k, g) in grad.iter_mut().take(m).enumerate() {
                *g += (p - y) * (f64::from(x[k]) - shift[k]) / scale[k];
            }
            grad[m] += p - y;
        }
        loss / f64::from(u32::try_from(rows.len().max(1)).unwrap_or(u32::MAX))
    });
    let gate = unstandardize(&w[..m], &scale, &shift, &names, w[m]);
    Model { fitted, rank, gate }
}

fn dot64(w: &[f64], x: &[f32], scale: &[f64], shift: &[f64]) -> f64 {
    (w.iter().zip(x).zip(scale.iter().zip(shift)))
        .map(|((w, x), (s, m))| w * (f64::from(*x) - m) / s)
        .sum()
}

/// Each feature's spread and mean, so the steps treat every feature alike.
fn standardize<'a>(rows: impl Iterator<Item = &'a [f32]>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut sum, mut sq, mut count) = (vec![0.0; n], vec![0.0; n], 0.0);
    for row in rows {
        for k in 0..n {
            let v = f64::from(row[k]);
            sum[k] += v;
            sq[k] += v * v;
        }
        count += 1.0;
    }
    let count: f64 = f64::max(count, 1.0);
    let shift: Vec<f64> = sum.iter().map(|s| s / count).collect();
    let scale = (sq.iter().zip(&shift))
        .map(|(q, m)| (q / count - m * m).max(0.0).sqrt())
        .map(|s| if s < 1e-6 { 1.0 } else { s })
        .collect();
    (scale, shift)
}

/// Weights on standardized features back to weights on the raw ones.
fn unstandardize(w: &[f64], scale: &[f64], shift: &[f64], names: &[String], bias: f64) -> Weights {
    let mut out = Weights {
        bias: 0.0,
        weights: std::collections::BTreeMap::new(),
    };
    let mut b = bias;
    for (k, name) in names.iter().enumerate() {
        let raw = w[k] / scale[k];
        b -= raw * shift[k];
        #[expect(clippy::cast_possible_truncation, reason = "weights are stored as f32")]
        out.weights.insert(name.clone(), (raw as f32 * 1e4).round() / 1e4);
    }
    #[expect(clippy::cast_possible_truncation, reason = "weights are stored as f32")]
    {
        out.bias = (b as f32 * 1e4).round() / 1e4;
    }
    out
}

/// Minimises `loss` (which adds its gradient to the second argument) with Adam,
/// starting from the prior's weights `start` and pulled back towards them.
#[expect(
    clippy::many_single_char_names,
    reason = "Adam's usual names: weights w, moments m and v, gradient g, step t"
)]
fn adam(start: &[f64], strength: f64, loss: impl Fn(&[f64], &mut [f64]) -> f64) -> Vec<f64> {
    let n = start.len();
    let (mut w, mut m, mut v) = (start.to_vec(), vec![0.0; n], vec![0.0; n]);
    let (b1, b2) = (0.9_f64, 0.999_f64);
    let mut grad = vec![0.0; n];
    for step in 1..=STEPS {
        grad.fill(0.0);
        loss(&w, &mut grad);
        for k in 0..n {
            let g = grad[k] + strength * (w[k] - start[k]);
            m[k] = b1 * m[k] + (1.0 - b1) * g;
            v[k] = b2 * v[k] + (1.0 - b2) * g * g;
            #[expect(
                clippy::cast_possible_wrap,
                clippy::cast_possible_truncation,
                reason = "a step count"
            )]
            let t = step as i32;
            let mh = m[k] / (1.0 - b1.powi(t));
            let vh = v[k] / (1.0 - b2.powi(t));
            w[k] -= LEARNING_RATE * mh / (vh.sqrt() + 1e-8);
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_and_the_prior_parse_and_name_only_known_features() {
        let model = Model::shipped();
        assert!(!model.rank.weights.is_empty());
        assert!(Model::parse(PRIOR_MODEL).unwrap().gate.weights.contains_key("coverage"));
        assert!(
            Model::parse("[rank]\nbias = 0\n[rank.weights]\nnonsense = 1\n[gate]\nbias = 0\n[gate.weights]\n").is_err()
        );
    }

    #[test]
    fn fitting_learns_that_the_covering_candidate_is_right_and_when_to_refuse() {
        // Coverage tells the right candidate; questions whose best candidate
        // covers little must be refused.
        let candidate = |coverage: f32, right: bool| {
            let mut x = Features::default();
            x.set(F::Coverage, coverage);
            x.set(F::Bm25, 0.5);
            x.set(F::NamesOk, 1.0);
            x.set(F::Fits, 1.0);
            (x, right)
        };
        let mut examples = Vec::new();
        for i in 0..40_u8 {
            let high = 0.7 + 0.01 * f32::from(i);
            examples.push(Example {
                candidates: vec![candidate(high, true), candidate(0.3, false), candidate(0.2, false)],
                signals: QuestionSignals::default(),
                answerable: true,
                question: String::new(),
                texts: Vec::new(),
            });
            examples.push(Example {
                candidates: vec![candidate(0.25, false), candidate(0.1, false)],
                signals: QuestionSignals::default(),
                answerable: false,
                question: String::new(),
                texts: Vec::new(),
            });
        }
        // Barely held by the prior: what is tested is what the data teaches.
        let model = fit(&examples, "test".into(), 0.01);
        let scorer = model.scorer();
        assert!(model.rank.weights["coverage"] > 0.0, "{model:?}");
        let (good, poor) = (candidate(0.9, true).0, candidate(0.25, false).0);
        assert!(scorer.score(&good) > scorer.score(&poor));
        let q = QuestionSignals::default();
        assert!(scorer.answers(&good, scorer.score(&good), 1.0, q) > 0.5);
        assert!(scorer.answers(&poor, scorer.score(&poor), 1.0, q) < 0.5);
    }
}
