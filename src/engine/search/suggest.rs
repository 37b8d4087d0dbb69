//! "Did you mean": questions the engine can answer, offered when it refuses one
//! that is close to what the articles cover.
//!
//! Candidates are written from the articles' key figures (label and kind) and
//! section headings, in both languages, from a few templates each. Every candidate
//! is put to the engine once per snapshot and kept only if it is answered, so a
//! suggestion is never one the engine would then refuse. At question time the
//! refused question's words are matched against each candidate's words (its own
//! and those of the passage that answers it), weighted by how few candidates share
//! them; a question that shares nothing gets no suggestion.

use std::collections::{HashMap, HashSet};

use super::Snapshot;
use crate::engine::figures::{Figure, Kind};
use crate::engine::lexicon::Lexicon;
use crate::engine::text::{Lang, words};

/// At most this many answerable questions are kept to suggest from.
const MAX_CANDIDATES: usize = 500;

/// At most this many suggestions for one refusal.
pub const MAX_SUGGESTIONS: usize = 3;

/// A question the engine answers, with the words it is about.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub lang: Lang,
    pub question: String,
    /// The article whose sentence answers it.
    pub doc: String,
    /// Word keys (see [`key`]) of the question and of the passage that answers it.
    keys: HashSet<String>,
}

/// A word's key: folded, a plural `s` dropped, cut to five characters, so that
/// "chips" meets "chip" and "accordo" meets "accordi".
fn key(folded: &str) -> String {
    let word = if folded.chars().count() > 4 {
        folded.strip_suffix('s').unwrap_or(folded)
    } else {
        folded
    };
    word.chars().take(5).collect()
}

/// The keys of the content words of `text`.
fn keys(lexicon: &Lexicon, text: &str) -> HashSet<String> {
    words(text)
        .into_iter()
        .filter(|w| w.folded.chars().count() >= 3 && !lexicon.is_stopword(&w.folded))
        .map(|w| key(&w.folded))
        .collect()
}

/// `Deal — Amazon, OpenAI` → `("deal", ["Amazon", "OpenAI"])`.
fn split_label(label: &str) -> (String, Vec<String>) {
    let (topic, names) = label.split_once('—').unwrap_or((label, ""));
    let names = names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    (topic.trim().to_lowercase(), names)
}

fn join(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The Italian definite article and noun: "l'accordo", "la spesa", "i diritti esclusivi".
fn with_article(noun: &str) -> String {
    let first = noun.chars().next().unwrap_or('x');
    let head = noun.split_whitespace().next().unwrap_or(noun);
    if "aeiouàèéìòù".contains(first) {
        if head.ends_with('i') {
            format!("gli {noun}")
        } else {
            format!("l'{noun}")
        }
    } else if head.ends_with('i') {
        format!("i {noun}")
    } else if head.ends_with('a') || head.ends_with("ione") {
        format!("la {noun}")
    } else {
        format!("il {noun}")
    }
}

/// "Quanti" or "quante" for a plural noun: feminine plurals end in -e, and
/// nouns in -ione are feminine ("quante azioni", "quanti utenti").
fn how_many(noun: &str) -> &'static str {
    let head = noun.split_whitespace().next().unwrap_or(noun);
    if head.ends_with('e') || head.ends_with("ioni") {
        "Quante"
    } else {
        "Quanti"
    }
}

/// The questions to try for one figure, in `lang`, best-sounding first.
fn figure_questions(f: &Figure, lang: Lang) -> Vec<String> {
    let label = match lang {
        Lang::En => &f.label,
        Lang::It => &f.label_it,
    };
    let (topic, names) = split_label(label);
    if names.is_empty() {
        return match lang {
            Lang::En => vec![format!("What is the {topic}?")],
            Lang::It => vec![format!("Qual è {}?", with_article(&topic))],
        };
    }
    match lang {
        Lang::En => {
            let between = names.len() > 1;
            let names = join(&names, "and");
            match f.kind {
                Kind::Money if between => vec![
                    format!("How much is the {topic} between {names}?"),
                    format!("What is the {topic} between {names}?"),
                    format!("How much is the {topic} of {names}?"),
                ],
                Kind::Money => vec![
                    format!("How much is the {topic} of {names}?"),
                    format!("What is the {topic} of {names}?"),
                ],
                Kind::Period => vec![
                    format!("Until when does {names} hold the {topic}?"),
                    format!("How long does {names} have the {topic}?"),
                ],
                Kind::Date => vec![
                    format!("When is the {topic} of {names}?"),
                    format!("What is the {topic} of {names}?"),
                ],
                Kind::Percent => vec![
                    format!("What percentage is the {topic} of {names}?"),
                    format!("By how much did the {topic} of {names} move?"),
                    format!("What is the {topic} of {names}?"),
                ],
                Kind::Multiple => vec![
                    format!("How many times did the {topic} of {names} grow?"),
                    format!("What is the {topic} of {names}?"),
                ],
                Kind::Capacity => vec![
                    format!("How many gigawatts for {names}?"),
                    format!("How much {topic} for {names}?"),
                ],
                Kind::Count => vec![
                    format!("How many {topic} does {names} have?"),
                    format!("How many {topic} for {names}?"),
                ],
            }
        }
        Lang::It => {
            let between = names.len() > 1;
            let names = join(&names, "e");
            let noun = with_article(&topic);
            match f.kind {
                Kind::Money if between => vec![
                    format!("Quanto vale {noun} tra {names}?"),
                    format!("A quanto ammonta {noun} tra {names}?"),
                    format!("Qual è {noun} tra {names}?"),
                    format!("A quanto ammonta {noun} di {names}?"),
                ],
                Kind::Money => vec![
                    format!("Quanto vale {noun} di {names}?"),
                    format!("A quanto ammonta {noun} di {names}?"),
                    format!("Qual è {noun} di {names}?"),
                ],
                Kind::Period => vec![
                    format!("Fino a quando {names} ha {noun}?"),
                    format!("Per quanto tempo {names} ha {noun}?"),
                ],
                Kind::Date => vec![
                    format!("Quando è {noun} di {names}?"),
                    format!("Qual è {noun} di {names}?"),
                ],
                Kind::Percent => vec![
                    format!("Qual è la percentuale di {noun} di {names}?"),
                    format!("Di quanto è cambiato {noun} di {names}?"),
                    format!("Qual è {noun} di {names}?"),
                ],
                Kind::Multiple => vec![
                    format!("Di quante volte è cresciuto {noun} di {names}?"),
                    format!("Qual è {noun} di {names}?"),
                ],
                Kind::Capacity => vec![
                    format!("Quanti gigawatt per {names}?"),
                    format!("Quanta capacità per {names}?"),
                ],
                Kind::Count => vec![
                    format!("{} {topic} ha {names}?", how_many(&topic)),
                    format!("{} {topic} per {names}?", how_many(&topic)),
                ],
            }
        }
    }
}

/// The questions to try for one section heading, in `lang`.
fn heading_questions(heading: &str, lang: Lang) -> Vec<String> {
    let heading = heading.trim().trim_end_matches(['.', ':', '?', '!']);
    match lang {
        Lang::En => vec![
            format!("{heading}?"),
            format!("What do the articles say about {}?", lower_first(heading)),
        ],
        Lang::It => vec![
            format!("{heading}?"),
            format!("Cosa dicono gli articoli su: {}?", lower_first(heading)),
        ],
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep names and acronyms as written.
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => c.to_lowercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

/// Every answerable candidate of a snapshot: for each figure and heading, in each
/// language, the first of its questions the engine answers.
pub fn candidates(snapshot: &Snapshot, lexicon: &Lexicon) -> Vec<Candidate> {
    let mut groups: Vec<(Lang, Vec<String>)> = Vec::new();
    for lang in [Lang::It, Lang::En] {
        for f in &snapshot.figures {
            groups.push((lang, figure_questions(f, lang)));
        }
        let mut seen = HashSet::new();
        for p in &snapshot.passages {
            let heading = match lang {
                Lang::It => p.section.as_deref(),
                Lang::En => p.section_translation.as_deref(),
            };
            if let Some(h) = heading.filter(|h| seen.insert(h.to_owned())) {
                groups.push((lang, heading_questions(h, lang)));
            }
        }
    }
    let mut out: Vec<Candidate> = Vec::new();
    // Many figures share a label: each question is tried once, and the pool is
    // capped, so a large corpus does not pay one answer per figure at start-up.
    let mut tried: HashSet<String> = HashSet::new();
    for (lang, questions) in groups {
        if out.len() >= MAX_CANDIDATES {
            break;
        }
        for question in questions {
            if !tried.insert(question.clone()) {
                break;
            }
            let answer = snapshot.answer(lexicon, &question);
            if !answer.answered || answer.lang != lang {
                continue;
            }
            let Some(doc) = answer.passages.first().map(|h| h.doc.clone()) else {
                continue;
            };
            let mut keys = keys(lexicon, &question);
            for hit in answer.passages.iter().take(1) {
                keys.extend(self::keys(lexicon, &hit.text));
                keys.extend(hit.translation.iter().flat_map(|t| self::keys(lexicon, t)));
            }
            out.push(Candidate {
                lang,
                question,
                doc,
                keys,
            });
            break;
        }
    }
    out
}

/// Example questions the articles answer, in `lang`: up to `n`, each about
/// another article while there are others, the newest articles first.
pub fn examples(candidates: &[Candidate], lang: Lang, n: usize) -> Vec<String> {
    let pool: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.lang == lang && c.question.chars().count() <= EXAMPLE_CHARS)
        .collect();
    let mut docs: Vec<&str> = pool.iter().map(|c| c.doc.as_str()).collect();
    // Article files are named by date: newest first.
    docs.sort_unstable_by(|a, b| b.cmp(a));
    docs.dedup();
    let mut out: Vec<String> = docs
        .iter()
        .filter_map(|d| pool.iter().find(|c| c.doc == *d))
        .map(|c| c.question.clone())
        .take(n)
        .collect();
    for c in pool {
        if out.len() >= n {
            break;
        }
        if !out.contains(&c.question) {
            out.push(c.question.clone());
        }
    }
    out
}

/// The longest question offered as an example, in characters.
const EXAMPLE_CHARS: usize = 80;

/// Up to [`MAX_SUGGESTIONS`] candidates in `lang`, ranked by the weight of the
/// words they share with `question`; none when it shares nothing.
pub fn rank(candidates: &[Candidate], lexicon: &Lexicon, question: &str, lang: Lang) -> Vec<String> {
    let asked = keys(lexicon, question);
    let pool: Vec<&Candidate> = candidates.iter().filter(|c| c.lang == lang).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for c in &pool {
        for k in &c.keys {
            *df.entry(k.as_str()).or_default() += 1;
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a handful of candidates")]
    let n = pool.len() as f32;
    let normalized = crate::engine::text::fold(question.trim());
    let mut scored: Vec<(f32, usize)> = pool
        .iter()
        .enumerate()
        .filter(|(_, c)| crate::engine::text::fold(&c.question) != normalized)
        .map(|(i, c)| {
            let score: f32 = asked
                .iter()
                .filter(|k| c.keys.contains(*k))
                .map(|k| {
                    #[expect(clippy::cast_precision_loss, reason = "a handful of candidates")]
                    let df = df.get(k.as_str()).copied().unwrap_or(1) as f32;
                    (1.0 + n / df).ln()
                })
                .sum();
            (score, i)
        })
        .filter(|&(score, _)| score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, i)| pool[i].question.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_splits_into_its_topic_and_names() {
        assert_eq!(
            split_label("Deal — Amazon, OpenAI"),
            ("deal".to_owned(), vec!["Amazon".to_owned(), "OpenAI".to_owned()])
        );
        assert_eq!(join(&["A".into(), "B".into(), "C".into()], "and"), "A, B and C");
    }

    #[test]
    fn italian_nouns_get_their_article() {
        assert_eq!(with_article("accordo"), "l'accordo");
        assert_eq!(with_article("spesa"), "la spesa");
        assert_eq!(with_article("valutazione"), "la valutazione");
        assert_eq!(with_article("diritti esclusivi"), "i diritti esclusivi");
        assert_eq!(with_article("impegno"), "l'impegno");
    }

    #[test]
    fn word_keys_meet_across_plurals_and_endings() {
        assert_eq!(key("chips"), key("chip"));
        assert_eq!(key("accordo"), key("accordi"));
        assert_ne!(key("capital"), key("chip"));
    }

    fn candidate(lang: Lang, question: &str, words: &[&str]) -> Candidate {
        Candidate {
            lang,
            question: question.to_owned(),
            doc: "doc".to_owned(),
            keys: words.iter().map(|w| key(w)).collect(),
        }
    }

    #[test]
    fn ranking_prefers_the_rarer_shared_words_and_offers_nothing_off_topic() {
        let lexicon = Lexicon::shipped();
        let pool = [
            candidate(Lang::En, "How much is the deal?", &["deal", "amazon", "openai"]),
            candidate(
                Lang::En,
                "Until when does Microsoft hold the rights?",
                &["microsoft", "rights", "openai"],
            ),
            candidate(Lang::It, "Quanto vale l'accordo?", &["accordo", "amazon"]),
        ];
        let ranked = rank(&pool, &lexicon, "Does Microsoft own OpenAI?", Lang::En);
        assert_eq!(ranked[0], "Until when does Microsoft hold the rights?");
        assert!(
            !ranked.iter().any(|q| q.starts_with("Quanto")),
            "only the asker's language"
        );
        assert!(rank(&pool, &lexicon, "What is the capital of Australia?", Lang::En).is_empty());
    }
}
