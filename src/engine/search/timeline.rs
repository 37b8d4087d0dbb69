//! The story as a timeline: when articles give different values over time for
//! the same thing (talks at $10 billion, then a raised offer), the answer comes
//! from the newest article and lists the earlier values, each with its date.
//!
//! Two figures are of the same thing when they are of the same kind, measure
//! the same thing (the noun their labels start with: `Deal`, `Valuation`) and
//! belong to the same companies (the names their labels end with). The test is
//! strict on purpose: almost every article of a story names its main company,
//! so sharing one company of two, or a measure of the same topic (a deal and a
//! contract), pairs amounts that are not the same thing. A figure without a
//! company or a measure ("Amount — xAI": the sentence says only that it is
//! money), or whose value is written in words only, is never paired; nor is
//! a change ("shares rose 1%"), which each article reports on its own news.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::engine::corpus::Passage;
use crate::engine::figures::{Figure, Kind, Quantity};
use crate::engine::lexicon::Cue;
use crate::engine::text::{Lang, fold, words};

use super::question::Parsed;
use super::words::WORDS;

/// At most this many earlier values are listed under an answer: the newest of
/// them matter most, and a reply must stay short.
const MAX_EARLIER: usize = 3;

/// An earlier value of what an answer's figure measures, from an older article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Earlier {
    /// What it measures and whose it is: `Deal — Amazon, OpenAI`.
    pub label: String,
    /// The same in Italian.
    pub label_it: String,
    /// As the older article writes it: "10 miliardi di dollari".
    pub value: String,
    /// The amount in US dollars, when the article gives one in dollars.
    pub usd: Option<f64>,
    /// The sentence it comes from, verbatim.
    pub text: String,
    pub doc: String,
    pub title: Option<String>,
    pub date: String,
    pub paragraph: u32,
    /// The language of `text`.
    pub lang: Lang,
}

/// Which figures each passage gives, and where each figure is, built once per index.
#[derive(Default)]
pub(super) struct Timeline {
    /// Per passage: the figures of its sentence that can be paired, in text order.
    of_passage: Vec<Vec<usize>>,
    /// Per figure: its passage, when it can be paired.
    passage_of: Vec<Option<usize>>,
    /// Per figure: its value as numbers, when it can be paired.
    quantity: Vec<Option<Quantity>>,
    /// Per figure that can be paired: its index in `same`.
    thing_of: Vec<Option<usize>>,
    /// The figures that can be paired, grouped by what they measure and whose it
    /// is ([`same_thing`]), each group in figure order: found once per index,
    /// where comparing a figure with every other took milliseconds per answer at
    /// 100,000 passages.
    same: Vec<Vec<usize>>,
}

/// The kinds of figure whose values can change over time and be compared.
fn comparable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Money | Kind::Percent | Kind::Multiple | Kind::Capacity | Kind::Count
    )
}

/// How many words before a figure a verb of change makes it a change.
const CHANGE_REACH: usize = 4;

/// Whether a figure says how much something changed ("shares rose about 1%",
/// "il titolo è salito di circa il 2,5%") rather than what it is: each article
/// reports its own move, on its own news, so two moves are two events, not one
/// value revised. "Rose *to* $13 billion" gives a value, and is not a change.
fn is_change(f: &Figure) -> bool {
    let Some(at) = f.text.find(&f.value) else {
        return false;
    };
    let before = words(&f.text[..at]);
    let near = &before[before.len().saturating_sub(CHANGE_REACH)..];
    let Some(verb) = near
        .iter()
        .rposition(|w| WORDS.change.all.iter().any(|s| w.folded.starts_with(s)))
    else {
        return false;
    };
    !near[verb + 1..]
        .iter()
        .any(|w| matches!(w.folded.as_str(), "to" | "a" | "at" | "fino" | "quota"))
}

/// What a figure measures and whose it is, as [`same_thing`] compares it: its
/// kind, its measure (folded) and its companies (folded, sorted, each once).
/// `None` for a figure that is never paired: of a kind that does not change
/// over time, or without a company.
#[derive(PartialEq, Eq, Hash)]
struct Thing {
    kind: Kind,
    measure: String,
    companies: Vec<String>,
}

impl Thing {
    fn of(f: &Figure) -> Option<Thing> {
        let mut companies: Vec<String> = f.companies().into_iter().map(fold).collect();
        companies.sort_unstable();
        companies.dedup();
        (comparable(f.kind) && f.measured() && !companies.is_empty()).then(|| Thing {
            kind: f.kind,
            measure: fold(f.measure()),
            companies,
        })
    }
}

/// Whether `a` and `b` measure the same thing for the same companies: same kind,
/// same measure, and the same companies (folded, in any order). The timeline
/// groups figures by [`Thing`] once; this is the test's view of that relation.
#[cfg(test)]
fn same_thing(a: &Figure, b: &Figure) -> bool {
    Thing::of(a).is_some_and(|thing| Some(thing) == Thing::of(b))
}

impl Timeline {
    pub(super) fn build(passages: &[Passage], figures: &[Figure]) -> Timeline {
        let mut at: HashMap<(&str, u32, &str), usize> = HashMap::default();
        for (pid, p) in passages.iter().enumerate() {
            at.entry((p.doc.as_str(), p.paragraph, p.text.as_str())).or_insert(pid);
        }
        let mut timeline = Timeline {
            of_passage: vec![Vec::new(); passages.len()],
            passage_of: vec![None; figures.len()],
            quantity: vec![None; figures.len()],
            thing_of: vec![None; figures.len()],
            same: Vec::new(),
        };
        let mut things: HashMap<Thing, usize> = HashMap::default();
        for (i, f) in figures.iter().enumerate() {
            let quantity = f.quantity();
            let pid = at.get(&(f.doc.as_str(), f.paragraph, f.text.as_str())).copied();
            if let (Some(pid), Some(quantity), Some(_)) = (pid, quantity, &f.date)
                && let Some(thing) = Thing::of(f)
                && !is_change(f)
            {
                timeline.of_passage[pid].push(i);
                timeline.passage_of[i] = Some(pid);
                timeline.quantity[i] = Some(quantity);
                let next = timeline.same.len();
                let group = *things.entry(thing).or_insert(next);
                if group == next {
                    timeline.same.push(Vec::new());
                }
                timeline.same[group].push(i);
                timeline.thing_of[i] = Some(group);
            }
        }
        timeline
    }

    /// For the answer passage `pid` to `parsed`: the passage of the newest
    /// article that gives a different value of the same thing as one of its
    /// figures (or `pid` itself when it is the newest), and the values older
    /// articles gave, newest first. Only figures of the kind the question asks
    /// for count; of a question that asks no number, those of a measure it
    /// names ("kelvar debt"); nothing when it does neither.
    pub(super) fn of(
        &self,
        figures: &[Figure],
        passages: &[Passage],
        parsed: &Parsed,
        pid: usize,
    ) -> (usize, Vec<Earlier>) {
        let (kinds, measures) = match asked_kinds(parsed) {
            Some(kinds) => (kinds, None),
            // A question that asks no number but names what a figure measures
            // ("coreweave total debt latest?") asks that figure, of any kind.
            None => match measures_named(parsed) {
                named if !named.is_empty() => (NUMBERS.to_vec(), Some(named)),
                _ => return (pid, Vec::new()),
            },
        };
        let Some(own) = self.of_passage.get(pid) else {
            return (pid, Vec::new());
        };
        // A figure of the kind asked first ("how many data centres": a count
        // before a capacity), then about what the question names first ("quanto
        // vale l'accordo" → the deal), then in text order.
        let mut own: Vec<usize> = own
            .iter()
            .copied()
            .filter(|&i| kinds.contains(&figures[i].kind))
            .filter(|&i| measures.as_ref().is_none_or(|m| m.contains(&figures[i].measure())))
            .collect();
        own.sort_by_key(|&i| {
            let topic = crate::engine::figures::topic_of(&fold(figures[i].measure()));
            let kind = kinds.iter().position(|&k| k == figures[i].kind);
            (kind, !topic.is_some_and(|t| parsed.topics.contains(&t)))
        });
        // The answer is of the first kind asked that the sentence gives: its
        // other figures ("with roughly 470 MW" after "33 data centers") are
        // not what was asked.
        if let Some(&first) = own.first() {
            let kind = figures[first].kind;
            own.retain(|&i| figures[i].kind == kind);
        }
        for i in own {
            let Some(group) = self.thing_of[i] else {
                continue;
            };
            let mut same = self.same[group].clone();
            if !same
                .iter()
                .any(|&j| figures[j].doc != figures[i].doc && self.quantity[j] != self.quantity[i])
            {
                continue;
            }
            // Newest article first; within the article, the figure the answer
            // quotes, then text order.
            same.sort_by(|&a, &b| {
                figures[b]
                    .date
                    .cmp(&figures[a].date)
                    .then_with(|| (a != i).cmp(&(b != i)))
            });
            let newest = same[0];
            let newest_date = &figures[newest].date;
            let mut seen: Vec<&Quantity> = Vec::new();
            let mut earlier = Vec::new();
            for &j in &same {
                let quantity = self.quantity[j].as_ref().expect("paired figures have a quantity");
                if figures[j].date >= *newest_date
                    || self.quantity[j] == self.quantity[newest]
                    || seen.contains(&quantity)
                {
                    continue;
                }
                seen.push(quantity);
                let f = &figures[j];
                let p = &passages[self.passage_of[j].expect("paired figures have a passage")];
                earlier.push(Earlier {
                    label: f.label.clone(),
                    label_it: f.label_it.clone(),
                    value: f.value.clone(),
                    usd: f.usd,
                    text: f.text.clone(),
                    doc: f.doc.clone(),
                    title: p.title.clone(),
                    date: f.date.clone().unwrap_or_default(),
                    paragraph: f.paragraph,
                    lang: p.lang,
                });
                if earlier.len() == MAX_EARLIER {
                    break;
                }
            }
            if earlier.is_empty() {
                continue;
            }
            let top = self.passage_of[newest].expect("paired figures have a passage");
            return (top, earlier);
        }
        (pid, Vec::new())
    }
}

/// The kinds of figure that are numbers a newer article may update.
const NUMBERS: [Kind; 5] = [Kind::Money, Kind::Percent, Kind::Multiple, Kind::Capacity, Kind::Count];

/// The measures of the figures table the question's words name ("debt",
/// "portafoglio ordini"), by their English label.
fn measures_named(parsed: &Parsed) -> Vec<&'static str> {
    let words: Vec<&str> = parsed.folded.iter().map(String::as_str).collect();
    crate::engine::figures::measures_in(&words).map(|m| m.en).collect()
}

/// The kinds of figure a question asks for, or `None` when it asks for no number.
fn asked_kinds(parsed: &Parsed) -> Option<Vec<Kind>> {
    let cues = &parsed.cues;
    if cues.contains(&Cue::Percent) {
        return Some(vec![Kind::Percent]);
    }
    if parsed.asks_money || cues.iter().any(|c| matches!(c, Cue::Worth | Cue::Valuation)) {
        return Some(vec![Kind::Money]);
    }
    if cues.contains(&Cue::Count) {
        return Some(vec![Kind::Count, Kind::Capacity]);
    }
    if cues.contains(&Cue::Amount) || parsed.concepts.iter().any(|c| c.amountish) {
        return Some(vec![Kind::Money, Kind::Capacity, Kind::Multiple]);
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::engine::Engine;
    use crate::engine::figures::Status;

    /// The repository's seed and the two Halvorsen articles of `tests/timeline/`
    /// (talks at $4 billion on 2026-02-02, a raised offer of $5.5 billion on
    /// 2026-03-10), indexed in a temporary folder.
    fn engine() -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["seeds", "tests/timeline"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
                }
            }
        }
        let engine = Engine::open(&seeds, &dir.path().join("index")).unwrap();
        (dir, engine)
    }

    #[test]
    fn a_raised_value_is_answered_from_the_newest_article_with_the_earlier_one_and_its_date() {
        let (_dir, engine) = engine();
        for question in [
            "How much is the deal between Halvorsen and Brightwater worth?",
            "How much were the Halvorsen Brightwater talks worth?",
            "Quanto vale l'accordo tra Halvorsen e Brightwater?",
        ] {
            let answer = engine.answer(question);
            assert!(answer.answered, "{question}");
            let top = &answer.passages[0];
            assert!(top.text.contains("$5.5 billion"), "{question}: {}", top.text);
            assert_eq!(top.date.as_deref(), Some("2026-03-10"), "{question}");
            assert_eq!(answer.earlier.len(), 1, "{question}: {:?}", answer.earlier);
            let earlier = &answer.earlier[0];
            assert_eq!(earlier.value, "$4 billion");
            assert_eq!(earlier.usd, Some(4e9));
            assert_eq!(earlier.date, "2026-02-02");
            assert_eq!(
                earlier.title.as_deref(),
                Some("Halvorsen in talks to buy Brightwater Robotics")
            );
            assert!(earlier.text.starts_with("Halvorsen is in talks"), "{}", earlier.text);
            assert_eq!(earlier.lang, Lang::En);
        }
    }

    #[test]
    fn figures_of_other_companies_or_other_measures_get_no_earlier_values() {
        let (_dir, engine) = engine();
        for (question, expected) in [
            // Another deal of one of the two companies, in the newest article.
            ("How much did Kaldera pay for Brightwater's drone unit?", "$600 million"),
            // Shares of the other company, in the newest article.
            ("How much did Brightwater shares rise?", "12%"),
            // The seed's deal, between other companies.
            ("Quanto vale l'accordo tra Amazon e OpenAI?", "10 miliardi"),
        ] {
            let answer = engine.answer(question);
            assert!(answer.answered, "{question}");
            assert!(
                answer.passages[0].text.contains(expected),
                "{question}: {}",
                answer.passages[0].text
            );
            assert!(answer.earlier.is_empty(), "{question}: {:?}", answer.earlier);
        }
        // A question that asks for no number gets no timeline.
        let answer = engine.answer("Who approached Brightwater's largest shareholders?");
        assert!(answer.earlier.is_empty(), "{:?}", answer.earlier);
    }

    fn figure(label: &str, kind: Kind, value: &str) -> Figure {
        Figure {
            label: label.to_owned(),
            label_it: label.to_owned(),
            value: value.to_owned(),
            usd: None,
            kind,
            status: Status::Fact,
            text: String::new(),
            doc: String::new(),
            date: Some("2026-01-01".to_owned()),
            paragraph: 1,
        }
    }

    #[test]
    fn the_same_thing_is_the_same_kind_measure_and_companies() {
        let deal = figure("Deal — Halvorsen, Brightwater", Kind::Money, "$4 billion");
        assert!(same_thing(
            &deal,
            &figure("Deal — Brightwater, Halvorsen", Kind::Money, "$5.5 billion")
        ));
        for other in [
            // One company shared of two.
            figure("Deal — Brightwater, Kaldera", Kind::Money, "$600 million"),
            figure("Deal — Halvorsen", Kind::Money, "$5 billion"),
            // Another measure of the same topic.
            figure("Contract — Halvorsen, Brightwater", Kind::Money, "$5 billion"),
            figure("Acquisition — Halvorsen, Brightwater", Kind::Money, "$5 billion"),
            // Another kind.
            figure("Deal — Halvorsen, Brightwater", Kind::Percent, "12%"),
        ] {
            assert!(!same_thing(&deal, &other), "{} paired", other.label);
        }
        // Without a company, nothing says whose it is.
        let bare = figure("Deal", Kind::Money, "$4 billion");
        assert!(!same_thing(&bare, &bare.clone()));
        // An amount whose sentence says not what it measures ("burning $1bn a
        // month", "hardware bill: about $19bn") may be anything.
        let amount = figure("Amount — xAI", Kind::Money, "$1bn");
        assert!(!same_thing(&amount, &figure("Amount — xAI", Kind::Money, "$19bn")));
        // A date is not a value that changes.
        let date = figure("Date — Halvorsen", Kind::Date, "2026");
        assert!(!same_thing(&date, &date.clone()));
    }

    #[test]
    fn a_move_is_a_change_and_a_level_is_a_value() {
        let f = |text: &str, value: &str| Figure {
            text: text.to_owned(),
            ..figure("Shares — Alphabet", Kind::Percent, value)
        };
        assert!(is_change(&f(
            "Alphabet shares rose about 1% on the report.",
            "about 1%"
        )));
        assert!(is_change(&f(
            "Il titolo Alphabet è salito di circa il 2,5% nelle contrattazioni.",
            "circa il 2,5%"
        )));
        assert!(!is_change(&f("The deal is now worth $5.5 billion.", "$5.5 billion")));
        assert!(!is_change(&f("Its revenue rose to $13 billion.", "$13 billion")));
        assert!(!is_change(&f(
            "Microsoft holds a stake of about 27% in OpenAI.",
            "about 27%"
        )));
    }

    #[test]
    fn values_agree_across_languages_and_wordings() {
        let q = |kind, value| figure("Deal — A, B", kind, value).quantity();
        assert_eq!(q(Kind::Money, "10 miliardi di dollari"), q(Kind::Money, "$10 billion"));
        assert_ne!(q(Kind::Money, "$10 billion"), q(Kind::Money, "€10 billion"));
        assert_ne!(q(Kind::Money, "$4 billion"), q(Kind::Money, "$5.5 billion"));
        assert_eq!(q(Kind::Percent, "about 27%"), q(Kind::Percent, "il 27%"));
        assert_eq!(q(Kind::Capacity, "1 GW"), q(Kind::Capacity, "1.000 MW"));
        assert_eq!(
            q(Kind::Count, "700 milioni di utenti"),
            q(Kind::Count, "700 million users")
        );
        assert_eq!(q(Kind::Multiple, "quasi cinque volte"), None);
    }
}
