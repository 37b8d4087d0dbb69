//! Answering a question: from chat text to an [`Answer`] that quotes the articles.
//!
//! 1. The question is cut into words, its language told by its stopwords, and its
//!    cues read ("how much" wants a number, "quando" a date).
//! 2. Each remaining word becomes a *concept*: the word itself, corrected when it is
//!    a typo of a known word, widened with the lexicon's equivalents in both
//!    languages. Money amounts become one normalized token.
//! 3. tantivy ranks passages with BM25 over the concepts' terms (Italian stems in the
//!    Italian text, English stems in the translation). Questions never reach
//!    tantivy's query parser: `:` `"` `-` are just words here.
//! 4. The candidates are re-ranked by how much of the question they cover, weighted
//!    by how rare each concept is, counting the sentence's own paragraph at half.
//!    The answer is given only when the best candidate covers enough of the
//!    question, answers the kind of question asked, mentions the names it asks
//!    about, and the question names nothing the articles never mention.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::corpus::Passage;
use super::dictionary::{Dictionary, cognate_key};
use super::figures::{self, Figure, Kind, amounts, amounts_in_question, mentions_time, periods};
use super::index::Opened;
use super::lexicon::{Cue, Lexicon};
use super::schema::{Analyzers, Fields};
use super::spell::Speller;
use super::text::{Lang, Word, fold, words};

/// A question's answer, or the honest refusal to give one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    /// The language the question was asked in, and so of the reply.
    pub lang: Lang,
    pub answered: bool,
    /// The answer in the asker's language: the quoted sentence, or its aligned
    /// translation for an English question. `None` when refused.
    pub answer: Option<String>,
    /// Up to three passages, best first (empty when refused).
    pub passages: Vec<Hit>,
    /// What to tell the asker when the question is refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// When the index that gave this answer was built (RFC 3339).
    pub built_at: String,
}

/// A passage as an answer quotes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub doc: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub paragraph: u32,
    pub section: Option<String>,
    /// The language of `text` (a translation is in the other).
    pub lang: Lang,
    /// The original sentence, verbatim.
    pub text: String,
    pub translation: Option<String>,
    pub score: f32,
    /// Byte ranges of `text` that match the question.
    pub marks: Vec<[usize; 2]>,
    /// Byte ranges of `translation` that match the question.
    pub translation_marks: Vec<[usize; 2]>,
}

/// How much of the question (by weight) the best passage must cover.
const MIN_COVERAGE: f32 = 0.5;
/// The share a question of money must reach, without its money words, to be
/// answered by a sentence that says it in words rather than give a figure.
const IN_WORDS_COVERAGE: f32 = 0.75;
/// A match in the sentence's paragraph (or section heading) counts this much.
const CONTEXT_WEIGHT: f32 = 0.5;
/// A concept found in only one of the sentence and its translation counts this much:
/// found in both, the match does not hang on one translator's choice of word.
const ONE_LANGUAGE_WEIGHT: f32 = 0.85;
/// A match in the heading of the sentence's section counts this much: a heading
/// says what its section is about.
const HEADING_WEIGHT: f32 = 0.75;
/// For a question of amount, a preference for the sentence whose figure is about what
/// the question is about ("quanto vale l'*accordo*" → the deal, not the valuation).
const TOPIC_BONUS: f32 = 0.15;
/// A name found only in the lead sentence of the sentence's article counts this
/// much: the article is about it, the sentence does not say it again.
const LEAD_NAME_WEIGHT: f32 = 0.75;
/// The word that names what is asked for weighs this many times its rarity.
const FOCUS_WEIGHT: f32 = 2.0;
/// A preference for a sentence of the article whose lead sentence names the
/// companies asked about (the article about them): at most this much.
const ARTICLE_BONUS: f32 = 0.1;
/// A preference for the sentence that counts the unit a question of count asks
/// about ("quanti gigawatt": "6 gigawatt", not "decine di miliardi").
const UNIT_BONUS: f32 = 0.2;
/// How many words before the unit its number may stand ("700 milioni di utenti").
const UNIT_REACH: usize = 3;
/// A small preference for the lead paragraph, where news puts its main facts.
const LEAD_BONUS: f32 = 0.02;
/// A preference, among equals, for a sentence that says what is not so, when the
/// question asks what cannot be done or the limits of something.
const NEGATION_BONUS: f32 = 0.15;
/// An ordinary word the articles never use weighs this much of a word they use once:
/// it may be a paraphrase ("reach", "role"), or the very thing they do not cover.
const UNKNOWN_WORD_WEIGHT: f32 = 0.6;
/// An ordinary word of the general dictionary the articles never use weighs this
/// much of a word they use once: less than an unknown word, since a paraphrase
/// ("handing over", "mettere in campo") is made of such words.
const ORDINARY_WORD_WEIGHT: f32 = 0.3;
/// Candidates fetched from tantivy before re-ranking.
const CANDIDATES: usize = 40;
/// Longest question read; the rest is ignored (a chat message is far shorter).
const MAX_WORDS: usize = 64;

/// Everything the search needs besides tantivy, built once per index.
pub struct Snapshot {
    searcher: Searcher,
    pids: Vec<Column<u64>>,
    fields: Fields,
    analyzers: Analyzers,
    pub passages: Vec<Passage>,
    pub figures: Vec<Figure>,
    pub built_at: String,
    /// Files that could not be indexed, each message naming its file.
    pub errors: Vec<String>,
    /// Files indexed with a caveat, each message naming its file.
    pub warnings: Vec<String>,
    vocab: Vocabulary,
    /// The general Italian↔English dictionary, shared by every snapshot.
    dictionary: Arc<Dictionary>,
    /// The answerable "did you mean" questions, computed once per snapshot.
    pub(crate) suggestions: Vec<super::suggest::Candidate>,
}

/// Term ids for stems, per field, and which passages hold them.
#[derive(Default)]
struct Vocabulary {
    it: HashMap<String, u32>,
    en: HashMap<String, u32>,
    amounts: HashMap<String, u32>,
    df: Vec<u32>,
    /// Per term: the language of its field (`None` for amounts).
    lang: Vec<Option<Lang>>,
    /// Per term: its stem (or amount token).
    stem: Vec<String>,
    /// Per lexicon concept: the (language, stem, id) of its forms the articles use.
    concept_terms: Vec<Vec<(Lang, String, u32)>>,
    /// Per passage: (term id, start, end) of the sentence's and the translation's
    /// stems, for marking matched words without stemming again.
    marks_text: Vec<Vec<(u32, usize, usize)>>,
    marks_translation: Vec<Vec<(u32, usize, usize)>>,
    /// Cognate key ([`cognate_key`]) → the terms of each language with that shape.
    cognates: HashMap<(Lang, String), Vec<u32>>,
    /// Per passage: its terms, sorted.
    own: Vec<Vec<u32>>,
    /// Per passage: the index of its paragraph's terms in `context`.
    context_of: Vec<usize>,
    context: Vec<Vec<u32>>,
    /// Per passage: the folded names it mentions.
    names: Vec<HashSet<String>>,
    /// Per passage: it gives an amount or a count (not just a year).
    numeric: Vec<bool>,
    /// Per passage: it gives a money amount.
    money: Vec<bool>,
    /// Per passage: it counts something (a number that is neither money nor a date).
    counted: Vec<bool>,
    /// Per paragraph (as `context`): the terms of its section heading.
    headings: Vec<Vec<u32>>,
    /// Every term some heading has.
    in_headings: HashSet<u32>,
    /// Per passage: the topics of its money figures (`Deal`, `Valuation`, …).
    topics: Vec<Vec<&'static str>>,
    /// Per passage: it gives a date, a year or a period.
    timed: Vec<bool>,
    /// Per passage: it gives a span of time ("seven-year", "cinque anni").
    lasting: Vec<bool>,
    /// Per passage: it names a company as "the company" ("l'azienda").
    anaphoric: Vec<bool>,
    /// Per passage: it says that something is not so ("non permetterebbe").
    negated: Vec<bool>,
    /// Folded names the articles mention anywhere.
    all_names: HashSet<String>,
    it_words: HashSet<String>,
    en_words: HashSet<String>,
    speller: Speller,
}

impl Vocabulary {
    /// Everything the search knows about the passages, computed once per index.
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the passages fills every per-passage table together"
    )]
    fn build(passages: &[Passage], lexicon: &Lexicon, analyzers: &mut Analyzers) -> Vocabulary {
        let mut vocab = Vocabulary::default();
        let mut paragraphs: HashMap<(&str, u32), usize> = HashMap::new();
        for p in passages {
            let mut own = Vec::new();
            let mut stems_of = |lang: Lang, text: &str, own: &mut Vec<u32>| {
                let mut marks = Vec::new();
                for s in analyzers.stems(lang, text) {
                    let id = vocab.id(Some(lang), &s.text);
                    own.push(id);
                    marks.push((id, s.start, s.end));
                }
                marks
            };
            let marks_text = stems_of(p.lang, &p.text, &mut own);
            let marks_translation = p
                .translation
                .as_deref()
                .map(|t| stems_of(p.lang.other(), t, &mut own))
                .unwrap_or_default();
            vocab.marks_text.push(marks_text);
            vocab.marks_translation.push(marks_translation);
            for a in amounts(&p.text) {
                own.push(vocab.id(None, &a.token()));
            }
            own.sort_unstable();
            own.dedup();
            for &t in &own {
                vocab.df[t as usize] += 1;
            }
            let next = vocab.context.len();
            let ctx = *paragraphs.entry((p.doc.as_str(), p.paragraph)).or_insert(next);
            if ctx == next {
                let mut heading = Vec::new();
                for (lang, text) in [(p.lang, &p.section), (p.lang.other(), &p.section_translation)] {
                    for stem in text.iter().flat_map(|t| analyzers.stems(lang, t)) {
                        heading.push(vocab.id(Some(lang), &stem.text));
                    }
                }
                heading.sort_unstable();
                heading.dedup();
                vocab.in_headings.extend(&heading);
                vocab.context.push(Vec::new());
                vocab.headings.push(heading);
            }
            vocab.context[ctx].extend(&own);
            vocab.context_of.push(ctx);
            vocab.own.push(own);
            let names: HashSet<String> = names_in(&p.text)
                .chain(p.translation.iter().flat_map(|t| names_in(t)))
                .collect();
            vocab.all_names.extend(names.iter().cloned());
            // The same kinds the index stores, from the one definition.
            let kinds = answer_kinds(p);
            vocab.numeric.push(kinds.contains(&KIND_NUMBER));
            vocab.counted.push(kinds.contains(&KIND_COUNT));
            let texts = || std::iter::once(p.text.as_str()).chain(p.translation.as_deref());
            vocab.timed.push(texts().any(says_when));
            vocab.lasting.push(texts().any(mentions_duration));
            let texts = || std::iter::once(p.text.as_str()).chain(p.translation.as_deref());
            vocab.money.push(texts().any(|t| !amounts(t).is_empty()));
            vocab.anaphoric.push(
                refers_back(&p.text, &ANAPHORS_IT)
                    || p.translation.as_deref().is_some_and(|t| refers_back(t, &ANAPHORS_EN)),
            );
            vocab.negated.push(texts().any(says_not));
            vocab.names.push(names);
            let (original, translated) = match p.lang {
                Lang::It => (&mut vocab.it_words, &mut vocab.en_words),
                Lang::En => (&mut vocab.en_words, &mut vocab.it_words),
            };
            for w in words(&p.text)
                .into_iter()
                .chain(p.section.iter().flat_map(|s| words(s)))
            {
                vocab.speller.add(&w.folded, true);
                original.insert(w.folded);
            }
            for w in p.translation.iter().flat_map(|t| words(t)) {
                vocab.speller.add(&w.folded, true);
                translated.insert(w.folded);
            }
        }
        for ctx in &mut vocab.context {
            ctx.sort_unstable();
            ctx.dedup();
        }
        for (lang, terms) in [(Lang::It, &vocab.it), (Lang::En, &vocab.en)] {
            for (stem, &id) in terms {
                if let Some(key) = cognate_key(stem) {
                    vocab.cognates.entry((lang, key)).or_default().push(id);
                }
            }
        }
        for w in lexicon.words() {
            if !lexicon.is_stopword(w) {
                vocab.speller.add(w, false);
            }
        }
        for concept in &lexicon.concepts {
            let mut terms = Vec::new();
            for (lang, forms) in [(Lang::It, &concept.it), (Lang::En, &concept.en)] {
                for stem in forms.iter().flat_map(|f| analyzers.stems(lang, f)) {
                    if let Some(id) = vocab.lookup(lang, &stem.text) {
                        terms.push((lang, stem.text, id));
                    }
                }
            }
            vocab.concept_terms.push(terms);
        }
        vocab
    }

    fn id(&mut self, lang: Option<Lang>, stem: &str) -> u32 {
        let map = match lang {
            Some(Lang::It) => &mut self.it,
            Some(Lang::En) => &mut self.en,
            None => &mut self.amounts,
        };
        if let Some(&id) = map.get(stem) {
            return id;
        }
        let id = u32::try_from(self.df.len()).expect("fewer than 4 billion terms");
        map.insert(stem.to_owned(), id);
        self.df.push(0);
        self.lang.push(lang);
        self.stem.push(stem.to_owned());
        id
    }

    fn lookup(&self, lang: Lang, stem: &str) -> Option<u32> {
        match lang {
            Lang::It => self.it.get(stem),
            Lang::En => self.en.get(stem),
        }
        .copied()
    }

    fn idf(&self, df: u32) -> f32 {
        #[expect(clippy::cast_precision_loss, reason = "document counts far below 2^23 are exact")]
        let (n, df) = (self.own.len() as f32, df as f32);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

/// A place: a capitalized name after a preposition of place ("in Texas", "nel Lazio").
static PLACE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(?:in|nel|nella|negli|nei|at|near|presso|vicino a)\s+\p{Lu}").expect("place pattern compiles")
});

/// The kinds of answer a passage can give, as the index stores them.
pub(super) fn answer_kinds(p: &Passage) -> Vec<&'static str> {
    let texts = || std::iter::once(p.text.as_str()).chain(p.translation.as_deref());
    let mut kinds = Vec::new();
    if texts().any(is_numeric) {
        kinds.push(KIND_NUMBER);
    }
    if texts().any(counts_something) {
        kinds.push(KIND_COUNT);
    }
    if texts().any(|t| says_when(t) || mentions_duration(t)) {
        kinds.push(KIND_TIME);
    }
    if texts().any(speaks) {
        kinds.push(KIND_SAID);
    }
    kinds
}

const KIND_NUMBER: &str = "kind:number";
const KIND_COUNT: &str = "kind:count";
const KIND_TIME: &str = "kind:time";
const KIND_SAID: &str = "kind:said";

/// A span of time: "seven-year", "in un periodo di cinque anni", "for 20 years",
/// "pluriennale".
static DURATION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?xi)
        \b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|
           un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|dodici|quindici|venti|trenta)
          [\s-]+(?:years?|months?|weeks?|days?|decades?|anni|anno|mesi|mese|settimane|giorni|decenni)\b
        | \b(?:pluriennale|pluriennali|multi-?year|multiyear)\b",
    )
    .expect("duration pattern compiles")
});

/// The beginnings of words of paying, costing, spending and earning in both
/// languages ("cost" alone: "costruire" builds): a question of amount with one
/// of them is answered by money only.
const MONEY_WORDS: [&str; 28] = [
    "pag", "costa", "costo", "costi", "coster", "costs", "spes", "spend", "spent", "prezz", "price", "pay", "paid",
    "soldi", "money", "dollar", "euro", "fattur", "incass", "ricav", "revenue", "earn", "guadagn", "affitt", "rent",
    "fee", "tariff", "salar",
];

/// Whether a question asks how long something lasts.
fn asks_duration(folded: &[&str]) -> bool {
    folded.windows(2).any(|w| {
        matches!(
            (w[0], w[1]),
            ("how", "long")
                | ("quanto", "dura" | "durera" | "tempo")
                | ("quanti", "anni" | "mesi")
                | ("many", "years" | "months")
        )
    }) || folded
        .iter()
        .any(|w| matches!(*w, "last" | "lasts" | "durata" | "durera" | "dura"))
}

/// Whether a text gives a span of time, which answers "how long" as a date does.
fn mentions_duration(text: &str) -> bool {
    DURATION.is_match(text)
}

/// A season ("next spring", "entro l'estate"): a time, as a month is.
static SEASON: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:spring|summer|autumn|winter|primavera|estate|autunno|inverno)\b")
        .expect("season pattern compiles")
});

/// Whether a text says when: a date, a year, a period, or a season.
fn says_when(text: &str) -> bool {
    mentions_time(text) || SEASON.is_match(text)
}

/// Whether a sentence names who does something without a name: a passive agent
/// ("verified by an independent panel of experts", "approvato da parte del
/// consiglio"), which answers "who".
fn names_an_agent(text: &str) -> bool {
    let lower = text.to_lowercase();
    AGENTS.iter().any(|a| lower.contains(a))
}

/// How a sentence introduces a passive agent.
const AGENTS: [&str; 5] = [" by an ", " by a ", " by the ", " da parte d", " by its "];

/// Whether a text quotes someone or says what they said or thought.
fn speaks(text: &str) -> bool {
    text.contains(['"', '“', '«']) || EXPRESSED.iter().any(|w| text.contains(w))
}

/// Whether a sentence says whom it reports ("secondo il Wall Street Journal",
/// "according to the report"): it answers "who reported it".
fn attributes(text: &str) -> bool {
    let lower = text.to_lowercase();
    ATTRIBUTION.iter().any(|w| lower.contains(w))
}

/// Words that attribute what a sentence says to a source.
const ATTRIBUTION: [&str; 12] = [
    "secondo ",
    "stando a",
    "riportato da",
    "riporta ",
    "scrive ",
    "rivelato da",
    "according to",
    "reported by",
    "citing ",
    "writes ",
    "reports ",
    "first reported",
];

/// Whether a text gives an amount or a count: money, or a number in digits that
/// is not a date ("two companies" counts, but answers no question of amount).
fn is_numeric(text: &str) -> bool {
    !amounts(text).is_empty() || counts_in_digits(text)
}

/// Whether a text has a number in digits that is neither money nor part of a date.
fn counts_in_digits(text: &str) -> bool {
    counts(text, false)
}

/// Whether a text has a number that is neither money nor part of a date: in
/// digits, or in words ("seven-year", "cinque anni", "decine di milioni").
fn counts_something(text: &str) -> bool {
    counts(text, true)
}

fn counts(text: &str, in_words: bool) -> bool {
    // Money is not a count; "700 milioni di utenti", with no currency, is.
    let spans: Vec<(usize, usize)> = periods(text)
        .into_iter()
        .chain(
            amounts(text)
                .iter()
                .filter(|a| a.currency.is_some())
                .map(|a| (a.start, a.end)),
        )
        .collect();
    words(text).iter().any(|w| {
        (w.raw.chars().all(|c| c.is_ascii_digit()) || in_words && figures::counts_in_words(&w.folded))
            && !spans.iter().any(|&(s, e)| w.start >= s && w.end <= e)
    })
}

/// Whether a sentence says that something is not so: "non", "not", "never", but
/// not "non solo" / "not only", which adds rather than denies.
fn says_not(text: &str) -> bool {
    let ws = words(text);
    ws.iter().enumerate().any(|(i, w)| {
        matches!(w.folded.as_str(), "non" | "not" | "never" | "mai")
            && !ws
                .get(i + 1)
                .is_some_and(|next| matches!(next.folded.as_str(), "solo" | "soltanto" | "only" | "just"))
    })
}

/// Whether a sentence says "the company" before naming any company itself: then
/// it means one named before the sentence ("L’azienda ha già stretto accordi …").
/// After a name it means that name ("la valutazione di X … della società").
fn refers_back(text: &str, anaphors: &[&str]) -> bool {
    anaphors
        .iter()
        .filter_map(|a| text.find(a))
        .min()
        .is_some_and(|at| names_in(&text[..at]).next().is_none())
}

/// Names in a sentence: capitalized words that do not open it.
fn names_in(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text)
        .into_iter()
        .skip(1)
        .filter(|w| w.is_capitalized() && w.raw.chars().count() > 1)
        .map(|w| w.folded)
}

impl Snapshot {
    pub fn new(opened: Opened, lexicon: &Lexicon, dictionary: Arc<Dictionary>) -> tantivy::Result<Snapshot> {
        let searcher = opened.reader.searcher();
        let pids = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("pid"))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut analyzers = Analyzers::new(lexicon);
        let mut vocab = Vocabulary::build(&opened.passages, lexicon, &mut analyzers);
        // The topics of each sentence's money figures, grouped once (not passages × figures).
        let mut topics: HashMap<(&str, &str), Vec<&'static str>> = HashMap::new();
        for f in opened.figures.iter().filter(|f| f.kind == Kind::Money) {
            if let Some(topic) = figures::topic_of(&fold(f.label.split(" — ").next().unwrap_or_default())) {
                topics.entry((f.doc.as_str(), f.text.as_str())).or_default().push(topic);
            }
        }
        vocab.topics = opened
            .passages
            .iter()
            .map(|p| {
                topics
                    .get(&(p.doc.as_str(), p.text.as_str()))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        let mut snapshot = Snapshot {
            searcher,
            pids,
            fields: opened.fields,
            analyzers,
            passages: opened.passages,
            figures: opened.figures,
            built_at: opened.manifest.built_at,
            errors: opened.manifest.errors,
            warnings: opened.manifest.warnings,
            vocab,
            dictionary,
            suggestions: Vec::new(),
        };
        snapshot.suggestions = super::suggest::candidates(&snapshot, lexicon);
        Ok(snapshot)
    }

    /// Answers `question`. Never fails: anything it cannot answer is refused.
    pub fn answer(&self, lexicon: &Lexicon, question: &str) -> Answer {
        let mut analyzers = self.analyzers.clone();
        let mut parsed = self.parse(lexicon, &mut analyzers, question);
        let refuse = |lang| Answer {
            question: question.to_owned(),
            lang,
            answered: false,
            answer: None,
            passages: Vec::new(),
            message: Some(self.refusal(lang)),
            built_at: self.built_at.clone(),
        };
        // "When was it written" and "when was it reported" ask the article's
        // date; "who wrote it" does not.
        // An article's date does not answer when something *will* be reported.
        let when = parsed.cues.contains(&Cue::When);
        let reported =
            parsed.cues.contains(&Cue::Reported) && !parsed.folded.iter().any(|w| FUTURE.contains(&w.as_str()));
        let about_the_article = (parsed.cues.contains(&Cue::Published)
            || (when && (parsed.concepts.is_empty() || reported)))
            && !parsed.cues.contains(&Cue::Who);
        if about_the_article && parsed.concepts.iter().all(Concept::known) {
            return self.published(&parsed, question);
        }
        if parsed.cues.contains(&Cue::About) && parsed.concepts.iter().all(Concept::known) && !self.passages.is_empty()
        {
            let lead = self.lead_passage();
            return self.answered(&parsed, question, vec![(lead, 1.0)]);
        }
        if parsed.concepts.is_empty() || parsed.concepts.iter().any(|c| c.unknown_name) {
            return refuse(parsed.lang);
        }
        let mut ranked = self.rank(&parsed);
        if ranked.first().is_none_or(|r| r.1 < MIN_COVERAGE) && parsed.concepts.iter().any(|c| c.amountish) {
            // "How much money has OpenAI lost?": no sentence gives the figure, but
            // one may say it in words ("losses greater than the revenue"). Asked
            // without its money words, the question must then be covered well.
            if parsed.cues.iter().copied().any(asks_number) && parsed.concepts.iter().any(|c| !c.amountish) {
                parsed.cues.retain(|&c| !asks_number(c));
                parsed.concepts.retain(|c| !c.amountish);
                ranked = self.rank(&parsed);
                ranked.retain(|r| r.1 >= IN_WORDS_COVERAGE);
            }
        }
        if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug!(lang = parsed.lang.code(), cues = ?parsed.cues, concepts = ?parsed.concepts, "question read");
            for &(pid, coverage, score) in ranked.iter().take(5) {
                tracing::debug!(pid, coverage, score, text = %self.passages[pid].text, "candidate");
            }
        }
        match ranked.first() {
            Some(&(_, coverage, _)) if coverage >= MIN_COVERAGE => {
                let hits = ranked.iter().take(3).map(|&(pid, _, score)| (pid, score)).collect();
                self.answered(&parsed, question, hits)
            }
            _ => refuse(parsed.lang),
        }
    }

    /// Candidates that can answer, as (passage, coverage, score), best first.
    fn rank(&self, parsed: &Parsed) -> Vec<(usize, f32, f32)> {
        let total: f32 = parsed.concepts.iter().map(|c| c.weight).sum();
        let mut candidates = self.search(parsed);
        tracing::debug!(candidates = ?candidates, "retrieved");
        let max_bm25 = candidates.iter().map(|c| c.1).fold(f32::MIN_POSITIVE, f32::max);
        // A question after a fact (how much, when, who) must find the names it asks
        // about in the sentence that gives the fact; others may find them nearby.
        let numeric = parsed.cues.iter().copied().any(asks_number);
        let strict = numeric || parsed.cues.iter().any(|c| matches!(c, Cue::When | Cue::Who));
        let context_weight = if strict { 0.0 } else { CONTEXT_WEIGHT };
        // "Who leads Microsoft?": a sentence that only names the companies asked
        // about says nothing of what is asked of them, when the articles have words
        // for it (a word they never use, as "role", asks nothing they could say).
        let asks_more = parsed.concepts.iter().any(|c| !c.name && c.known());
        let mut ranked = Vec::new();
        for (pid, bm25) in candidates.drain(..) {
            if !self.fits(parsed, pid) {
                tracing::trace!(pid, "not the kind of answer asked for");
                continue;
            }
            let own = &self.vocab.own[pid];
            let context = &self.vocab.context[self.vocab.context_of[pid]];
            let mut covered = 0.0;
            let mut names_ok = true;
            let mut names_missing = 0;
            // Whether the passage says anything the question asks besides names.
            let mut more_than_names = false;
            let passage = &self.passages[pid];
            let translated = passage.translation.is_some();
            // The lead stands in for one party of a question about two or more
            // ("Nvidia and OpenAI"), and for the one company of a question that
            // asks no figure ("When was Mistral founded?") or whose sentence
            // names no one else; a question of amount about one company must
            // find it in a sentence that names another ("Quanto vale Amazon?"
            // is not OpenAI's valuation). Never for a sentence whose "the
            // company" is the one the sentence before named.
            let names_others = self.vocab.names[pid].iter().any(|n| !parsed.folded.contains(n));
            let parties = parsed.concepts.iter().filter(|c| c.name).count() >= 2 || !numeric || !names_others;
            for c in &parsed.concepts {
                let before = covered;
                // Whether the sentence says it, and whether its translation does.
                let (mut original, mut translation) = (false, false);
                for id in c.ids.iter().filter(|id| own.binary_search(id).is_ok()) {
                    match self.vocab.lang[*id as usize] {
                        Some(lang) if lang == passage.lang => original = true,
                        Some(_) => translation = true,
                        None => (original, translation) = (true, true),
                    }
                }
                if c.amountish && strict && self.vocab.money[pid] {
                    (original, translation) = (true, true);
                }
                // "Which newspaper reported it": a sentence that attributes
                // ("secondo il Wall Street Journal") says the reporting.
                if parsed.source.as_ref() == Some(&c.ids) && attributes(&passage.text) {
                    (original, translation) = (true, true);
                }
                let heading = &self.vocab.headings[self.vocab.context_of[pid]];
                if original && (translation || !translated) {
                    covered += c.weight;
                } else if original || translation {
                    covered += c.weight * ONE_LANGUAGE_WEIGHT;
                } else if strict && c.name && self.refers_back_to(pid, c) {
                    covered += c.weight;
                } else if let Some(lead) = self
                    .in_lead(pid, c)
                    .filter(|_| c.name && parties && !self.vocab.anaphoric[pid])
                {
                    // A company the article's lead names is what the article is
                    // about: its later paragraphs need not name it again (the lead
                    // paragraph itself is read as any paragraph is).
                    covered += c.weight * lead;
                } else if !strict && c.ids.iter().any(|id| heading.binary_search(id).is_ok()) {
                    covered += c.weight * HEADING_WEIGHT;
                } else if c.ids.iter().any(|id| context.binary_search(id).is_ok()) {
                    // A question of amount may take a word from the sentence
                    // next to the one that gives the figure ("how much would
                    // Amazon invest": the 10 billion, then "a massive
                    // investment"); who did what must be said in one sentence.
                    let next_door = numeric && !c.name && self.beside(pid, c);
                    covered += c.weight * if next_door { CONTEXT_WEIGHT } else { context_weight };
                    names_ok &= !(c.name && strict);
                } else {
                    names_ok &= !(c.name && strict);
                    names_missing += usize::from(c.name);
                }
                more_than_names |= !c.name && covered > before;
                // The source asked for must be in the sentence itself.
                names_ok &=
                    original || translation || parsed.source.as_ref() != Some(&c.ids) || attributes(&passage.text);
            }
            // A sentence of the kind asked for (an amount, a share, a count) says
            // more than the names: what is asked of them.
            names_ok &= more_than_names || !asks_more || numeric || parsed.cues.contains(&Cue::Said);
            // Every company the question names must be in the passage's paragraph:
            // otherwise it is about someone else ("What is Amazon's revenue?"), or
            // about one of them without the other ("Is Softbank investing in Amazon?").
            tracing::trace!(pid, names_ok, names_missing, "names checked");
            if names_ok && names_missing == 0 {
                let coverage = covered / total;
                let score = coverage + 0.1 * bm25 / max_bm25 + self.preference(parsed, pid);
                ranked.push((pid, coverage, score));
            }
        }
        ranked.sort_by(|a, b| b.2.total_cmp(&a.2));
        ranked
    }

    /// The preferences among sentences that cover a question alike: the article
    /// whose lead names the companies asked about, the lead paragraph, the figure
    /// about the topic asked, the number of the unit counted, a denial for a
    /// question of limits. Each is named, with its size, at the top of the file.
    fn preference(&self, parsed: &Parsed, pid: usize) -> f32 {
        let names: f32 = parsed.concepts.iter().filter(|c| c.name).map(|c| c.weight).sum();
        let article: f32 = (parsed.concepts.iter())
            .filter(|c| c.name && self.in_lead(pid, c) == Some(LEAD_NAME_WEIGHT))
            .map(|c| c.weight)
            .sum();
        let bonus = |yes: bool, size: f32| if yes { size } else { 0.0 };
        ARTICLE_BONUS * article / names.max(f32::MIN_POSITIVE)
            + bonus(self.passages[pid].paragraph == 1, LEAD_BONUS)
            + bonus(
                parsed.topics.iter().any(|t| self.vocab.topics[pid].contains(t)),
                TOPIC_BONUS,
            )
            + bonus(
                !parsed.counted.is_empty() && self.counts_unit(pid, &parsed.counted),
                UNIT_BONUS,
            )
            + bonus(
                parsed.cues.contains(&Cue::Negation) && self.vocab.negated[pid],
                NEGATION_BONUS,
            )
    }

    /// Whether the sentence before or after `pid`, in the same paragraph, says `c`.
    fn beside(&self, pid: usize, c: &Concept) -> bool {
        let p = &self.passages[pid];
        [pid.checked_sub(1), Some(pid + 1)]
            .into_iter()
            .flatten()
            .filter(|&n| {
                self.passages
                    .get(n)
                    .is_some_and(|q| q.doc == p.doc && q.paragraph == p.paragraph)
            })
            .any(|n| self.says(n, c))
    }

    /// How much the lead of passage `pid`'s article, which names what the article
    /// is about, says `c`: [`LEAD_NAME_WEIGHT`] in its first sentence,
    /// [`CONTEXT_WEIGHT`] in the rest of its first paragraph, else nothing.
    fn in_lead(&self, pid: usize, c: &Concept) -> Option<f32> {
        let doc = &self.passages[pid].doc;
        let lead = (0..=pid)
            .rev()
            .take_while(|&i| self.passages[i].doc == *doc)
            .last()
            .unwrap_or(pid);
        let paragraph = &self.vocab.context[self.vocab.context_of[lead]];
        if self.says(lead, c) {
            Some(LEAD_NAME_WEIGHT)
        } else if c.ids.iter().any(|id| paragraph.binary_search(id).is_ok()) {
            Some(CONTEXT_WEIGHT)
        } else {
            None
        }
    }

    /// Whether passage `pid` gives a number right before a word of `unit` ("6
    /// gigawatt", "700 milioni di utenti", "seven-year").
    fn counts_unit(&self, pid: usize, unit: &[u32]) -> bool {
        let p = &self.passages[pid];
        let in_text = |text: &str, marks: &[(u32, usize, usize)]| {
            let ws = words(text);
            marks
                .iter()
                .filter(|(id, _, _)| unit.contains(id))
                .any(|&(_, start, _)| {
                    ws.iter().position(|w| w.start == start).is_some_and(|i| {
                        ws[i.saturating_sub(UNIT_REACH)..i].iter().any(|w| {
                            w.raw.chars().next().is_some_and(|c| c.is_ascii_digit())
                                || figures::counts_in_words(&w.folded)
                        })
                    })
                })
        };
        in_text(&p.text, &self.vocab.marks_text[pid])
            || p.translation
                .as_deref()
                .is_some_and(|t| in_text(t, &self.vocab.marks_translation[pid]))
    }

    /// Whether passage `pid` itself has a word of `c`.
    fn says(&self, pid: usize, c: &Concept) -> bool {
        c.ids.iter().any(|id| self.vocab.own[pid].binary_search(id).is_ok())
    }

    /// Whether passage `pid` names the company `c` by "the company" ("l'azienda")
    /// right after a sentence that names it, as "The company has already struck
    /// very similar deals … including AMD" follows a sentence on the company.
    fn refers_back_to(&self, pid: usize, c: &Concept) -> bool {
        self.vocab.anaphoric[pid]
            && pid > 0
            && self.passages[pid - 1].doc == self.passages[pid].doc
            && self.says(pid - 1, c)
    }

    /// Whether a passage is the kind of answer the question's cues ask for.
    fn fits(&self, parsed: &Parsed, pid: usize) -> bool {
        let p = &self.passages[pid];
        let both = |f: &dyn Fn(&str) -> bool| f(&p.text) || p.translation.as_deref().is_some_and(f);
        parsed.cues.iter().all(|cue| match cue {
            // "How much does X pay", "what is it worth": money, not a share or a count.
            Cue::Amount => self.vocab.numeric[pid] && (!parsed.asks_money || self.vocab.money[pid]),
            Cue::Worth => self.vocab.money[pid] || parsed.cues.contains(&Cue::Percent),
            Cue::Percent => both(&|t: &str| t.contains('%') || t.contains("per cento") || t.contains("percent")),
            Cue::Valuation => self.vocab.topics[pid].contains(&figures::VALUATION),
            Cue::Count => self.vocab.counted[pid],
            Cue::When => self.vocab.timed[pid] || (parsed.asks_duration && self.vocab.lasting[pid]),
            Cue::Who => self.vocab.names[pid].iter().any(|n| !parsed.folded.contains(n)) || both(&names_an_agent),
            Cue::Said => both(&speaks),
            Cue::Where => both(&|t: &str| PLACE.is_match(t)),
            Cue::Published | Cue::Reported | Cue::About | Cue::Negation => true,
        })
    }

    /// BM25 over the concepts' terms: (passage, score), best first.
    fn search(&self, parsed: &Parsed) -> Vec<(usize, f32)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for c in &parsed.concepts {
            let mut terms: Vec<Box<dyn Query>> = Vec::new();
            for (field, text, boost) in &c.terms {
                let term = Term::from_field_text(*field, text);
                let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                terms.push(if (*boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(query, *boost))
                } else {
                    query
                });
            }
            if !terms.is_empty() {
                clauses.push((
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(terms, 0.3)),
                ));
            }
        }
        if clauses.is_empty() {
            return Vec::new();
        }
        // A question after an amount, a count or a date draws its candidates only
        // from passages that give one: at scale, the best words alone could fill
        // every candidate slot with sentences that cannot answer.
        for cue in &parsed.cues {
            let kind = match cue {
                Cue::Amount | Cue::Worth => KIND_NUMBER,
                Cue::Count => KIND_COUNT,
                Cue::When => KIND_TIME,
                Cue::Said => KIND_SAID,
                _ => continue,
            };
            let term = Term::from_field_text(self.fields.amounts, kind);
            let must = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(must), 0.0))));
        }
        let query = BooleanQuery::new(clauses);
        let Ok(top) = self
            .searcher
            .search(&query, &TopDocs::with_limit(CANDIDATES).order_by_score())
        else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(score, address)| {
                let pid = self.pids.get(address.segment_ord as usize)?.first(address.doc_id)?;
                Some((usize::try_from(pid).ok()?, score))
            })
            .collect()
    }

    fn lead_passage(&self) -> usize {
        // The newest article's first sentence (dates sort as text).
        (0..self.passages.len())
            .filter(|&i| i == 0 || self.passages[i].doc != self.passages[i - 1].doc)
            .max_by(|&a, &b| self.passages[a].date.cmp(&self.passages[b].date))
            .unwrap_or(0)
    }

    fn published(&self, parsed: &Parsed, question: &str) -> Answer {
        // The article the rest of the question points at, or the newest.
        let pid = if parsed.concepts.is_empty() {
            None
        } else {
            // Any sentence of the article will do: none has to give a date.
            let article = Parsed {
                asks_duration: false,
                counted: Vec::new(),
                asks_money: false,
                cues: (parsed.cues.iter().copied())
                    .filter(|c| !matches!(c, Cue::When | Cue::Published | Cue::Reported))
                    .collect(),
                topics: Vec::new(),
                concepts: parsed.concepts.clone(),
                source: None,
                lang: parsed.lang,
                folded: parsed.folded.clone(),
            };
            self.rank(&article).first().map(|&(pid, _, _)| pid)
        };
        let Some(pid) = pid.or_else(|| (!self.passages.is_empty()).then(|| self.lead_passage())) else {
            return Answer {
                question: question.to_owned(),
                lang: parsed.lang,
                answered: false,
                answer: None,
                passages: Vec::new(),
                message: Some(self.refusal(parsed.lang)),
                built_at: self.built_at.clone(),
            };
        };
        let lead = (0..=pid)
            .rev()
            .take_while(|&i| self.passages[i].doc == self.passages[pid].doc)
            .last()
            .unwrap_or(pid);
        let p = &self.passages[lead];
        let name = p.title.clone().unwrap_or_else(|| p.doc.clone());
        let text = match (&p.date, parsed.lang) {
            (Some(date), Lang::En) => format!("The article “{name}” was published on {date}."),
            (Some(date), Lang::It) => format!("L’articolo «{name}» è stato pubblicato il {date}."),
            (None, Lang::En) => format!("The article “{name}” does not give its date."),
            (None, Lang::It) => format!("L’articolo «{name}» non riporta la data."),
        };
        let mut answer = self.answered(parsed, question, vec![(lead, 1.0)]);
        answer.answered = p.date.is_some();
        answer.answer = Some(text);
        answer
    }

    fn answered(&self, parsed: &Parsed, question: &str, hits: Vec<(usize, f32)>) -> Answer {
        let ids: HashSet<u32> = parsed.concepts.iter().flat_map(|c| c.ids.iter().copied()).collect();
        let mark_amounts = parsed.cues.contains(&Cue::Amount) || parsed.concepts.iter().any(|c| c.amountish);
        let hits: Vec<Hit> = hits
            .into_iter()
            .map(|(pid, score)| {
                let p = &self.passages[pid];
                let marks = |stems: &[(u32, usize, usize)], text: &str| {
                    let mut marks: Vec<[usize; 2]> = stems
                        .iter()
                        .filter(|(id, _, _)| ids.contains(id))
                        .map(|&(_, start, end)| [start, end])
                        .collect();
                    // For a question of amount, the amount is the answer: mark it whole.
                    if mark_amounts {
                        let money = amounts(text);
                        marks.retain(|m| !money.iter().any(|x| m[0] < x.end && x.start < m[1]));
                        marks.extend(money.iter().map(|x| [x.start, x.end]));
                        marks.sort_unstable();
                    }
                    marks
                };
                Hit {
                    doc: p.doc.clone(),
                    title: p.title.clone(),
                    date: p.date.clone(),
                    paragraph: p.paragraph,
                    section: p.section.clone(),
                    text: p.text.clone(),
                    translation: p.translation.clone(),
                    score,
                    lang: p.lang,
                    marks: marks(&self.vocab.marks_text[pid], &p.text),
                    translation_marks: p
                        .translation
                        .as_deref()
                        .map(|t| marks(&self.vocab.marks_translation[pid], t))
                        .unwrap_or_default(),
                }
            })
            .collect();
        // In the asker's language where the article has it; else the original.
        let top = &hits[0];
        let answer = if top.lang == parsed.lang {
            top.text.clone()
        } else {
            top.translation.clone().unwrap_or_else(|| top.text.clone())
        };
        Answer {
            question: question.to_owned(),
            lang: parsed.lang,
            answered: true,
            answer: Some(answer),
            passages: hits,
            message: None,
            built_at: self.built_at.clone(),
        }
    }

    /// The polite refusal, with what can be asked instead.
    pub fn refusal(&self, lang: Lang) -> String {
        let topics: Vec<String> = self
            .figures
            .iter()
            .filter(|f| f.usd.is_some() || f.kind != super::figures::Kind::Money)
            .take(5)
            .map(|f| match (lang, f.usd) {
                (Lang::En, Some(usd)) => format!("{} (${})", f.label, figures::human_usd(usd, Lang::En)),
                (Lang::En, None) => format!("{} ({})", f.label, f.value),
                (Lang::It, _) => format!("{} ({})", f.label_it, f.value),
            })
            .collect();
        let topics = if topics.is_empty() {
            String::new()
        } else {
            format!(" {}.", topics.join("; "))
        };
        match lang {
            Lang::En => format!(
                "Sorry, that is not in the articles, so I won't guess. I can answer questions about what they report, for example:{topics}"
            ),
            Lang::It => format!(
                "Mi dispiace, questo non è negli articoli e non tiro a indovinare. Posso rispondere su ciò che riportano, per esempio:{topics}"
            ),
        }
    }

    /// Reads a question into its language, cues and concepts.
    #[expect(
        clippy::too_many_lines,
        reason = "a question is read word by word in one loop; splitting it would thread its state through helpers"
    )]
    fn parse(&self, lexicon: &Lexicon, analyzers: &mut Analyzers, question: &str) -> Parsed {
        let ws = self.question_words(lexicon, question);
        let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        let lang = self.language(lexicon, &folded, question);
        let (mut cues, in_cue) = lexicon.cues(&folded);
        // "what % of …" asks a share, though "%" is no word.
        if question.contains('%') && !cues.contains(&Cue::Percent) {
            cues.push(Cue::Percent);
        }
        let used = not_searched(lexicon, &in_cue, &folded);
        let money = amounts_in_question(question);
        let focus = focus_of(&folded);
        // "Quanti *gigawatt*": the unit a question of count counts.
        let mut counted: Vec<u32> = Vec::new();
        let mut concepts: Vec<Concept> = Vec::new();
        for a in &money {
            let token = a.token();
            let ids: Vec<u32> = self.vocab.amounts.get(&token).copied().into_iter().collect();
            let weight = self.weight(&ids, Rarity::Unknown);
            concepts.push(Concept {
                terms: vec![(self.fields.amounts, token, 2.0)],
                ids,
                amountish: false,
                topic: None,
                weight,
                name: false,
                unknown_name: false,
            });
        }
        let mut skip = false;
        let mut previous_word: Option<usize> = None;
        for (i, w) in ws.iter().enumerate() {
            let addressed = question[..w.start].ends_with('@');
            let pair = ws
                .get(i + 1)
                .filter(|_| !used.get(i + 1).copied().unwrap_or(true))
                .map(|next| format!("{} {}", w.folded, next.folded));
            // A pair the lexicon knows counts even when it starts with a stopword ("più di").
            let known_pair = pair.as_ref().is_some_and(|p| !lexicon.concepts_of(p).is_empty());
            if std::mem::take(&mut skip)
                || addressed
                || used[i]
                || (lexicon.is_stopword(&w.folded) && !known_pair)
                || money.iter().any(|a| w.start >= a.start && w.end <= a.end)
            {
                continue;
            }
            // A word of the general dictionary is a word, not a typo to correct.
            let in_dictionary = self.in_dictionary(analyzers, &w.folded);
            let known = |s: &str| {
                (in_dictionary && s == w.folded) || self.vocab.speller.contains(s) || !lexicon.concepts_of(s).is_empty()
            };
            let surface = if let Some(pair) = pair.filter(|p| !lexicon.concepts_of(p).is_empty()) {
                skip = true;
                pair
            } else if known(&w.folded) {
                w.folded.clone()
            } else {
                self.vocab
                    .speller
                    .correct(&w.folded)
                    .map_or_else(|| w.folded.clone(), str::to_owned)
            };
            if lexicon.is_stopword(&surface) {
                continue;
            }
            let (terms, ids, amountish) = self.terms_for(lexicon, analyzers, &surface, lang);
            // Two words in a row that mean one thing ("intelligenza artificiale") count once.
            let describes_answer = in_cue[i].is_some() || i > 0 && in_cue[i - 1].is_some();
            // One meaning said twice ("broke the news", "la notizia riportata")
            // counts once.
            if !ids.is_empty()
                && !describes_answer
                && (concepts.iter().any(|c| c.ids == ids)
                    || concepts.last().is_some_and(|c| c.ids == ids) && previous_word == Some(i.wrapping_sub(1)))
            {
                previous_word = Some(i);
                continue;
            }
            previous_word = Some(i);
            // "worth *after the deal*", "varrebbe *dopo l'accordo*": a topic the
            // question sets the scene with is not the topic it asks the amount of.
            let setting = ws[..i]
                .iter()
                .rev()
                .map(|w| w.folded.as_str())
                .find(|w| !ARTICLES.contains(w))
                .is_some_and(|w| SETTING.contains(&w));
            let is_name = self.vocab.all_names.contains(&surface);
            // A capital letter marks a name except on the first word, which any
            // sentence capitalizes (a capital inside a word, as in "iPhone", even
            // there); a number the articles never give weighs like one.
            let first = i == 0;
            let unseen =
                ids.is_empty() && !self.vocab.speller.contains(&surface) && lexicon.concepts_of(&surface).is_empty();
            let unknown_name = unseen && (w.is_capitalized() && !first || w.has_inner_capital());
            // A word the lexicon knows and the articles never use is not in them.
            let absent = ids.is_empty() && !lexicon.concepts_of(&surface).is_empty();
            let heavy = unknown_name || absent || (unseen && w.folded.chars().any(|c| c.is_ascii_digit()));
            let rarity = if heavy {
                Rarity::Absent
            } else if unseen && in_dictionary {
                Rarity::Ordinary
            } else {
                Rarity::Unknown
            };
            // The thing asked for ("*which* newspaper", "*quanti* sussidi") weighs
            // more: an answer that does not say it answers something else.
            let focused = focus == Some(i) && !is_name && !w.is_capitalized();
            if focused && cues.contains(&Cue::Count) {
                counted.clone_from(&ids);
            }
            let focus = if focused { FOCUS_WEIGHT } else { 1.0 };
            concepts.push(Concept {
                weight: self.weight(&ids, rarity) * focus,
                unknown_name,
                name: is_name && !ids.is_empty(),
                terms,
                ids,
                amountish,
                topic: topic_of(lexicon, &surface).filter(|_| !setting),
            });
        }
        let source = self.source(lexicon, analyzers, &cues, &mut concepts);
        let keywords = folded.iter().all(|w| !lexicon.is_stopword(w));
        let topics = settle_cues(&mut cues, &concepts, keywords);
        Parsed {
            lang,
            asks_duration: asks_duration(&folded),
            counted,
            asks_money: folded
                .iter()
                .any(|w| *w == "cost" || MONEY_WORDS.iter().any(|m| w.starts_with(m))),
            cues,
            topics,
            concepts,
            source,
            folded: folded.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// A question's first [`MAX_WORDS`] words, with a stopword typed with two
    /// letters swapped ("waht is", "teh deal") put right before the cues are
    /// read. Words the articles or the lexicon know stay as they are.
    fn question_words<'q>(&self, lexicon: &Lexicon, question: &'q str) -> Vec<Word<'q>> {
        let mut ws: Vec<Word<'q>> = words(question).into_iter().take(MAX_WORDS).collect();
        for w in &mut ws {
            let unknown = !self.vocab.speller.contains(&w.folded) && lexicon.concepts_of(&w.folded).is_empty();
            if let Some(stopword) = unknown.then(|| lexicon.unswapped_stopword(&w.folded)).flatten() {
                w.folded = stopword;
            }
        }
        ws
    }

    /// "Who reported the talks?", "Secondo chi …?": the one to name is a source,
    /// so the answer is the sentence that says who reported. Returns the ids of
    /// the reporting concept, added to `concepts` when the question has no word of it.
    fn source(
        &self,
        lexicon: &Lexicon,
        analyzers: &mut Analyzers,
        cues: &[Cue],
        concepts: &mut Vec<Concept>,
    ) -> Option<Vec<u32>> {
        if !(cues.contains(&Cue::Who) && cues.contains(&Cue::Reported)) {
            return None;
        }
        let (terms, ids, amountish) = self.terms_for(lexicon, analyzers, REPORTED, Lang::En);
        if ids.is_empty() {
            return None;
        }
        if !concepts.iter().any(|c| c.ids == ids) {
            concepts.push(Concept {
                weight: self.weight(&ids, Rarity::Unknown),
                terms,
                ids: ids.clone(),
                amountish,
                topic: None,
                name: false,
                unknown_name: false,
            });
        }
        Some(ids)
    }

    /// The terms a question word searches for: its own stems in both languages and
    /// those of every lexicon concept it belongs to, as far as the articles use them.
    /// Returns (field, stem, boost) to search, their vocabulary ids (sorted), and
    /// whether the word is about money.
    fn terms_for(
        &self,
        lexicon: &Lexicon,
        analyzers: &mut Analyzers,
        surface: &str,
        asked: Lang,
    ) -> (Vec<(tantivy::schema::Field, String, f32)>, Vec<u32>, bool) {
        let mut found: Vec<(Lang, String, u32)> = Vec::new();
        for lang in [Lang::It, Lang::En] {
            let stems: Vec<String> = analyzers.stems(lang, surface).into_iter().map(|s| s.text).collect();
            // English plurals the stemmer keeps apart ("GPUs" stays "gpus"): a
            // word also finds its form with or without a final "s".
            let plural = (lang == Lang::En && stems.len() == 1)
                .then(|| match surface.strip_suffix('s') {
                    Some(singular) => singular.to_owned(),
                    None => format!("{surface}s"),
                })
                .map(|other| analyzers.stems(lang, &other).into_iter().map(|s| s.text));
            for stem in stems.iter().cloned().chain(plural.into_iter().flatten()) {
                if let Some(id) = self.vocab.lookup(lang, &stem) {
                    found.push((lang, stem.clone(), id));
                }
                // The same word in the other language's shape (contratto/contract).
                let cognates = cognate_key(&stem).and_then(|key| self.vocab.cognates.get(&(lang.other(), key)));
                for &id in cognates.into_iter().flatten() {
                    found.push((lang.other(), self.vocab.stem[id as usize].clone(), id));
                }
            }
            // Its translations, as far as the articles use them; a phrase's every
            // word must be there ("chief executive").
            // Translated from the question's language only: read as the other, an
            // English word can be an Italian one of another meaning ("capital").
            let key = if lang == asked { stems.join(" ") } else { String::new() };
            for translation in self.dictionary.translations(lang, &key) {
                let ids: Option<Vec<u32>> = translation
                    .iter()
                    .map(|stem| self.vocab.lookup(lang.other(), stem))
                    .collect();
                for (stem, id) in translation.iter().zip(ids.into_iter().flatten()) {
                    found.push((lang.other(), stem.clone(), id));
                }
            }
        }
        let mut amountish = false;
        for &c in lexicon.concepts_of(surface) {
            amountish |= lexicon.concepts[c].amount;
            found.extend(self.vocab.concept_terms[c].iter().cloned());
        }
        let mut terms = Vec::new();
        let mut ids = Vec::new();
        for (lang, stem, id) in found {
            if !ids.contains(&id) {
                ids.push(id);
                if self.vocab.in_headings.contains(&id) {
                    terms.push((self.fields.section(lang), stem.clone(), 0.5));
                }
                terms.push((self.fields.text(lang), stem, 1.0));
            }
        }
        ids.sort_unstable();
        (terms, ids, amountish)
    }

    /// Whether the general dictionary has `word` in either language.
    fn in_dictionary(&self, analyzers: &mut Analyzers, word: &str) -> bool {
        [Lang::It, Lang::En].into_iter().any(|lang| {
            let stems: Vec<String> = analyzers.stems(lang, word).into_iter().map(|s| s.text).collect();
            !stems.is_empty() && !self.dictionary.translations(lang, &stems.join(" ")).is_empty()
        })
    }

    /// A concept's weight: the inverse document frequency of its most common term.
    /// A name the articles never mention weighs like a term found nowhere; an
    /// ordinary word they never use, a fraction of a term found once.
    fn weight(&self, ids: &[u32], rarity: Rarity) -> f32 {
        match (ids.iter().map(|&id| self.vocab.df[id as usize]).max(), rarity) {
            (Some(df), _) => self.vocab.idf(df),
            (None, Rarity::Absent) => self.vocab.idf(0),
            (None, Rarity::Unknown) => self.vocab.idf(1) * UNKNOWN_WORD_WEIGHT,
            (None, Rarity::Ordinary) => self.vocab.idf(1) * ORDINARY_WORD_WEIGHT,
        }
    }

    fn language(&self, lexicon: &Lexicon, folded: &[&str], question: &str) -> Lang {
        let count = |lang| folded.iter().filter(|w| lexicon.stopwords(lang).contains(**w)).count();
        let (it, en) = (count(Lang::It), count(Lang::En));
        if it != en {
            return if it > en { Lang::It } else { Lang::En };
        }
        if question.chars().any(|c| matches!(c, 'à' | 'è' | 'é' | 'ì' | 'ò' | 'ù')) {
            return Lang::It;
        }
        let only = |mine: &HashSet<String>, theirs: &HashSet<String>| {
            folded
                .iter()
                .filter(|w| mine.contains(**w) && !theirs.contains(**w))
                .count()
        };
        if only(&self.vocab.it_words, &self.vocab.en_words) > only(&self.vocab.en_words, &self.vocab.it_words) {
            Lang::It
        } else {
            Lang::En
        }
    }
}

/// The figure topic a question word names, itself or through a synonym
/// ("affare" is a deal as "accordo" is).
fn topic_of(lexicon: &Lexicon, surface: &str) -> Option<&'static str> {
    figures::topic_of(surface).or_else(|| lexicon.concepts_of(surface).iter().find_map(|&c| lexicon.topics[c]))
}

/// How a sentence names the company the sentence before it named.
const ANAPHORS_IT: [&str; 5] = ["l’azienda", "l'azienda", "la società", "la compagnia", "il gruppo"];
const ANAPHORS_EN: [&str; 4] = ["the company", "The company", "the firm", "The firm"];

/// Interrogative words that a noun follows to name what is asked for ("which
/// newspaper", "quanti sussidi", "how many engineers", "che generazione").
const FOCUS_OPENERS: [&str; 10] = [
    "which", "what", "many", "quale", "quali", "quanti", "quante", "quanta", "che", "whose",
];
/// How far into the question an opener may stand (later, "che" is "that").
const FOCUS_REACH: usize = 4;

/// The position of the word that names what the question asks for: the word
/// right after an interrogative opener near its start, if that is not a stopword
/// of either language (checked by the caller through the lexicon) — here, any
/// word of three letters or more.
fn focus_of(folded: &[&str]) -> Option<usize> {
    let opener = folded
        .iter()
        .take(FOCUS_REACH)
        .position(|w| FOCUS_OPENERS.contains(w))?;
    let next = opener + 1;
    folded
        .get(next)
        .filter(|w| w.chars().count() >= 3 && !FOCUS_OPENERS.contains(*w))?;
    Some(next)
}

/// Whether a cue asks for a number (an amount, a share, a count, a valuation).
fn asks_number(cue: Cue) -> bool {
    matches!(
        cue,
        Cue::Amount | Cue::Worth | Cue::Percent | Cue::Count | Cue::Valuation
    )
}

/// Per question word, whether it is left out of the search. Cue words are, except
/// the concepts a "who" cue names ("which *newspaper*", "quali *partner*") and
/// reporting words, which find the article that reports.
fn not_searched(lexicon: &Lexicon, in_cue: &[Option<Cue>], folded: &[&str]) -> Vec<bool> {
    in_cue
        .iter()
        .zip(folded)
        .map(|(cue, w)| {
            cue.is_some_and(|c| !matches!(c, Cue::Who | Cue::Reported) || lexicon.concepts_of(w).is_empty())
        })
        .collect()
}

/// A word of the lexicon's reporting concept ("riportato", "source", …).
const REPORTED: &str = "reported";

/// What a sentence says someone said or thought without quoting them ("gli
/// investitori hanno manifestato preoccupazione", "ha descritto l'intesa come"):
/// the verbs of speech and opinion of both languages, as stems of words.
const EXPRESSED: [&str; 40] = [
    " ha detto",
    " hanno detto",
    " manifestat",
    " espress",
    " dichiar",
    " affermat",
    " descritt",
    " descrive",
    " spiegat",
    " spiegando",
    " definit",
    " sostenut",
    " sostiene",
    " aggiunt",
    " sottolinea",
    " commentat",
    " osservat",
    " avvertit",
    " ribadit",
    " said",
    " says",
    " told",
    " expressed",
    " stated",
    " voiced",
    " described",
    " explained",
    " argued",
    " called",
    " added",
    " noted",
    " commented",
    " pointed",
    " claimed",
    " warned",
    " stressed",
    " insisted",
    " praised",
    " hailed",
    " according to",
];

/// English words that put a question in the future ("when will they report").
const FUTURE: [&str; 4] = ["will", "shall", "ll", "gonna"];

/// Articles, skipped when looking at the word before another.
const ARTICLES: [&str; 12] = ["the", "a", "an", "l", "il", "lo", "la", "i", "gli", "le", "un", "una"];

/// Words that introduce the scene of a question rather than its subject.
const SETTING: [&str; 8] = ["after", "following", "with", "thanks", "dopo", "con", "grazie", "post"];

/// Settles what a question of amount asks for, once its concepts are known, and
/// returns the figure topics it is about.
fn settle_cues(cues: &mut Vec<Cue>, concepts: &[Concept], keywords: bool) -> Vec<&'static str> {
    // "How many billions" asks for money, not for a count.
    if cues.contains(&Cue::Count) && concepts.iter().any(|c| c.amountish) {
        cues.retain(|c| *c != Cue::Count);
        cues.push(Cue::Amount);
    }
    // Bare keywords with a money word ("Amazon OpenAI accordo cifra") ask for an amount.
    if keywords && cues.is_empty() && concepts.iter().any(|c| c.amountish) && concepts.iter().any(|c| !c.amountish) {
        cues.push(Cue::Amount);
    }
    // What a question of amount is about: the topics its words name; "what is it
    // worth" with no other topic asks for a valuation.
    let mut topics: Vec<&'static str> = Vec::new();
    if cues.contains(&Cue::Amount) || cues.contains(&Cue::Worth) {
        topics = concepts.iter().filter_map(|c| c.topic).collect();
        // Of a thing ("quanto vale il contratto") any amount may answer; of a
        // company alone, only its valuation.
        if topics.is_empty() && cues.contains(&Cue::Worth) && concepts.iter().all(|c| c.name) {
            // "What is X worth", of a company: only a valuation answers it.
            topics.push(figures::VALUATION);
            cues.push(Cue::Valuation);
        }
    }
    if (cues.contains(&Cue::Worth) || cues.contains(&Cue::Percent)) && !cues.contains(&Cue::Amount) {
        cues.push(Cue::Amount);
    }
    topics
}

/// A question, read.
struct Parsed {
    lang: Lang,
    /// "How long", "quanto dura": a span of time answers as a date does.
    asks_duration: bool,
    /// For a question of count, the ids of the unit it counts ("quanti
    /// *gigawatt*"): a sentence with a number right before that unit answers it.
    counted: Vec<u32>,
    /// A question of amount about paying, costing or earning: only money answers.
    asks_money: bool,
    cues: Vec<Cue>,
    /// For a question of amount: the figure topics it asks about.
    topics: Vec<&'static str>,
    concepts: Vec<Concept>,
    /// "Who reported it": the ids of the reporting concept, which the answer's
    /// own sentence must have.
    source: Option<Vec<u32>>,
    folded: Vec<String>,
}

/// How much a question word the articles never use weighs against an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rarity {
    /// A name, number or lexicon word the articles never mention: what the
    /// question asks is not theirs.
    Absent,
    /// A word neither the articles nor the general dictionary know.
    Unknown,
    /// An ordinary word of either language (it is in the general dictionary) that
    /// the articles do not use: as often a paraphrase as a new subject.
    Ordinary,
}

/// One thing the question asks about, with every term that can stand for it.
#[derive(Debug, Clone)]
struct Concept {
    /// (field, stem, boost) to search.
    terms: Vec<(tantivy::schema::Field, String, f32)>,
    /// The vocabulary ids of those terms, sorted (empty: the articles never say it).
    ids: Vec<u32>,
    /// Money words ("cifra", "dollars"): any sentence giving an amount matches them.
    amountish: bool,
    /// The figure topic the word names, if any ("accordo" → Deal).
    topic: Option<&'static str>,
    weight: f32,
    /// A name the articles mention: the answer's paragraph must mention it too.
    name: bool,
    /// Looks like a name and the articles never mention it: the question is not theirs.
    unknown_name: bool,
}

impl Concept {
    fn known(&self) -> bool {
        !self.ids.is_empty()
    }
}
