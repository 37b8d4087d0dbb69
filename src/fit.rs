//! `dealbot fit`: fits the ranker and the gate ([`crate::engine::Model`]) on
//! labelled story sets, scores each set with the model fitted on the others
//! (leave one story set out), and writes the model fitted on all of them.
//!
//! A story set is a folder of articles with `questions.jsonl` (`{"q", "expect"}`,
//! `expect` a list of strings one of which the answer must hold, or null for a
//! question that must be refused) and optionally `followups.jsonl` (the same
//! with `"after"`, the questions asked before). Each set is indexed with the
//! seed articles beside it, as the evaluation does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use crate::engine::search::model::{self, Example};
use crate::engine::{Answer, Engine, Model};

/// One question of a set.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub q: String,
    pub expect: Option<Vec<String>>,
    #[serde(default)]
    pub after: Vec<String>,
}

/// A story set, indexed with the seeds.
struct Set {
    name: String,
    seeds: PathBuf,
    index: PathBuf,
    questions: Vec<Question>,
    followups: Vec<Question>,
    examples: Vec<Example>,
}

/// A set's score: right answers out of all, for its questions and its conversations.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    pub questions: (usize, usize),
    pub followups: (usize, usize),
}

/// Fits on `sets` (folders), each indexed with the articles of `seeds_dir`
/// beside it in a folder under `work`; returns the model fitted on all sets
/// and each set's score when left out.
pub fn run(
    seeds_dir: &Path,
    sets: &[PathBuf],
    always: &[PathBuf],
    work: &Path,
    strength: f64,
) -> anyhow::Result<(Model, Vec<(String, Score)>)> {
    let mut extra = Vec::new();
    for (i, path) in always.iter().enumerate() {
        let mut set = load(seeds_dir, path, &work.join(format!("with-{i}")))?;
        // Named by its path: two such sets may share a folder name ("articles").
        set.name = path.display().to_string();
        eprintln!("{} (always fitted on): {} reach ranking", set.name, set.examples.len());
        extra.push(set);
    }
    let mut loaded = Vec::new();
    for (i, dir) in sets.iter().enumerate() {
        let set = load(seeds_dir, dir, &work.join(format!("set-{i}")))?;
        eprintln!(
            "{}: {} questions, {} follow-ups, {} reach ranking",
            set.name,
            set.questions.len(),
            set.followups.len(),
            set.examples.len()
        );
        loaded.push(set);
    }
    let mut scores = Vec::new();
    for (k, held_out) in loaded.iter().enumerate() {
        let training: Vec<Example> = (loaded.iter().enumerate())
            .filter(|(i, _)| *i != k)
            .flat_map(|(_, s)| s.examples.iter().cloned())
            .chain(extra.iter().flat_map(|s| s.examples.iter().cloned()))
            .collect();
        let model = model::fit(&training, String::new(), strength);
        let ranking = model::diagnose(&held_out.examples, &model);
        eprintln!(
            "{} with the shipped model: {}",
            held_out.name,
            model::diagnose(&held_out.examples, &Model::shipped())
        );
        let score = evaluate(held_out, model)?;
        eprintln!(
            "left out {}: questions {}/{}, follow-ups {}/{}; ranking: {ranking}",
            held_out.name, score.questions.0, score.questions.1, score.followups.0, score.followups.1
        );
        scores.push((held_out.name.clone(), score));
    }
    let all: Vec<Example> = (loaded.iter().chain(&extra))
        .flat_map(|s| s.examples.iter().cloned())
        .collect();
    let names = |sets: &[Set]| sets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ");
    let mut summary = format!(
        "Fitted by `dealbot fit` (prior strength {strength}) on the story sets {} and on {} ({} questions that reach ranking).\nEach story set scored by the model fitted without it (leave one set out):",
        names(&loaded),
        names(&extra),
        all.len()
    );
    for (name, s) in &scores {
        let _ = write!(
            summary,
            "\n  {name}: questions {}/{}, follow-ups {}/{}",
            s.questions.0, s.questions.1, s.followups.0, s.followups.1
        );
    }
    Ok((model::fit(&all, summary, strength), scores))
}

/// Loads a set: a folder of articles with its questions, or a question file
/// about the seed articles alone.
fn load(seeds_dir: &Path, dir: &Path, work: &Path) -> anyhow::Result<Set> {
    let name = dir
        .file_name()
        .map_or_else(|| "set".to_owned(), |n| n.to_string_lossy().into_owned());
    let (dir, questions_file) = if dir.is_file() {
        (None, dir.to_owned())
    } else {
        (Some(dir), dir.join("questions.jsonl"))
    };
    let root = work.join(&name);
    let seeds = root.join("seeds");
    let index = root.join("index");
    if seeds.exists() {
        std::fs::remove_dir_all(&seeds).with_context(|| format!("cannot clear {}", seeds.display()))?;
    }
    std::fs::create_dir_all(&seeds).with_context(|| format!("cannot create {}", seeds.display()))?;
    for from in std::iter::once(seeds_dir).chain(dir) {
        for entry in std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                let to = seeds.join(path.file_name().unwrap_or_default());
                std::fs::copy(&path, &to).with_context(|| format!("cannot copy {}", path.display()))?;
            }
        }
    }
    let questions = read_jsonl(&questions_file)?;
    let followups = dir
        .and_then(|d| read_jsonl(&d.join("followups.jsonl")).ok())
        .unwrap_or_default();
    let engine = Engine::rebuild(&seeds, &index).with_context(|| format!("cannot index {}", seeds.display()))?;
    let examples = questions
        .iter()
        .filter(|q| q.after.is_empty())
        .filter_map(|q| engine.example(&q.q, q.expect.as_deref()))
        .collect();
    Ok(Set {
        name,
        seeds,
        index,
        questions,
        followups,
        examples,
    })
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Question>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).with_context(|| format!("{}: bad line {l}", path.display())))
        .collect()
}

/// The set's questions and follow-ups answered with `model`, scored as the evaluation does.
fn evaluate(set: &Set, model: Model) -> anyhow::Result<Score> {
    let engine = Engine::open_with_model(&set.seeds, &set.index, model)?;
    let count = |questions: &[Question]| {
        let right = questions
            .iter()
            .filter(|q| right(&engine.answer_after(&q.q, &q.after), q.expect.as_deref()))
            .count();
        (right, questions.len())
    };
    Ok(Score {
        questions: count(&set.questions),
        followups: count(&set.followups),
    })
}

/// Whether `answer` is right as the evaluation judges it: refused when nothing
/// is expected, else answered with one of `expect` in the answer, the top
/// passage's text or its date (case and apostrophes aside).
pub fn right(answer: &Answer, expect: Option<&[String]>) -> bool {
    let Some(expect) = expect else {
        return !answer.answered;
    };
    let top = answer.passages.first();
    let texts = [
        answer.answer.as_deref().unwrap_or_default(),
        top.map_or("", |h| h.text.as_str()),
        top.and_then(|h| h.date.as_deref()).unwrap_or_default(),
    ];
    answer.answered && model::holds_expected(texts, expect)
}
