//! Answering a question: from chat text to an [`Answer`] that quotes the articles.
//!
//! The stages, one file each:
//!
//! 1. [`question`]: the question is cut into words, its language told by its
//!    stopwords, and its cues read ("how much" wants a number, "quando" a date).
//!    Each remaining word becomes a *concept*; money amounts become one token.
//! 2. [`expand`]: a concept's terms, in both languages: its own stems, the
//!    lexicon's equivalents, the general dictionary's translations and stem
//!    cognates, as far as the articles use them. A typo of a known word is corrected.
//! 3. [`retrieve`]: tantivy ranks passages with BM25 over the concepts' terms,
//!    each text in its own language's stems, filtered by the kind of answer asked.
//!    Questions never reach tantivy's query parser: `:` `"` `-` are just words here.
//! 4. [`rank`]: the candidates are re-ranked by how much of the question they
//!    cover, weighted by how rare each concept is, counting the sentence's own
//!    paragraph at half, and kept only when they answer the kind of question asked.
//! 5. Here: the answer is given only when the best candidate covers enough of the
//!    question, mentions the names it asks about, and the question names nothing
//!    the articles never mention; otherwise the polite refusal.
//!
//! [`vocabulary`] holds what the search knows about the passages, computed once
//! per index; [`signals`] reads what a sentence says (a number, a count, a span of
//! time, a speaker, a source).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use tantivy::Searcher;
use tantivy::columnar::Column;

use super::corpus::{Passage, PassageKind};
use super::dictionary::Dictionary;
use super::figures::{self, Figure, Kind};
use super::lexicon::{Cue, Lexicon};
use super::schema::{Analyzers, Fields};
use super::text::{Lang, fold};

pub use self::context::{MAX_TURNS, Turn};
pub(super) use self::signals::answer_kinds;
pub(crate) use self::vocabulary::PassageFacts;
use self::{
    expand::Concept,
    model::Scorer,
    question::{Parsed, asks_number},
    rank::Candidate,
    timeline::Timeline,
    vocabulary::Vocabulary,
    words::WORDS,
};

mod context;
mod expand;
pub mod model;
mod question;
mod rank;
mod retrieve;
mod signals;
pub mod suggest;
mod time;
mod timeline;
mod vocabulary;
mod words;

pub use self::timeline::Earlier;

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
    /// Earlier values of the figure the answer gives, from older articles,
    /// newest first: the story as a timeline (empty, and left out of JSON, when
    /// no older article gives a different value of the same thing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Earlier>,
    /// When the index that gave this answer was built (RFC 3339).
    pub built_at: String,
    /// What a follow-up was taken to mean, when earlier turns of the
    /// conversation were used to read it (see [`Snapshot::answer_in_context`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_as: Option<String>,
    /// What kind of message this answers, when it is not a question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MessageKind>,
}

/// A message that is not a question about the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A greeting, thanks, "help", "who are you": answered with a friendly
    /// line and two example questions, never refused, never a knowledge gap.
    SmallTalk,
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

/// How much of the question (by weight) a sentence of a conversation's article
/// must cover for the conversation to stay with that article.
const MIN_COVERAGE: f32 = 0.5;
/// The share a question of money must reach, without its money words, to be
/// answered by a sentence that says it in words rather than give a figure.
const IN_WORDS_COVERAGE: f32 = 0.75;

/// Everything the search needs besides tantivy, built once per index.
pub struct Snapshot {
    searcher: Searcher,
    pids: Vec<Column<u64>>,
    /// Per passage id in the index: the passage's position in `passages`
    /// (`u32::MAX` for an id no passage has any more).
    positions: Vec<u32>,
    fields: Fields,
    analyzers: Analyzers,
    pub passages: Vec<Passage>,
    pub figures: Vec<Figure>,
    /// The index generation (folder) it was read from.
    pub generation: String,
    pub built_at: String,
    /// Files that could not be indexed, each message naming its file.
    pub errors: Vec<String>,
    /// Files indexed with a caveat, each message naming its file.
    pub warnings: Vec<String>,
    vocab: Vocabulary,
    /// Which figures each passage gives, for answering from the newest article.
    timeline: Timeline,
    /// The general Italian↔English dictionary, shared by every snapshot.
    dictionary: Arc<Dictionary>,
    /// The answerable "did you mean" questions, computed once per snapshot,
    /// when first needed: each is answered to be kept, which over 1,001
    /// articles took a tenth of the start-up ([`Snapshot::suggestions`]).
    suggestions: OnceLock<Vec<suggest::Candidate>>,
    /// The terms most passages have, for finding the candidates without scoring them all.
    common: retrieve::CommonTerms,
    /// The fitted ranker and gate.
    model: Scorer,
}

/// What a snapshot is read from: the index's reader and what indexing stored
/// beside it (the index module opens it; the search only reads it).
pub struct Loaded {
    pub reader: tantivy::IndexReader,
    pub fields: Fields,
    /// The passages, article by article in the order of their files.
    pub passages: Vec<Passage>,
    /// Per passage: its id in the index (the `pid` fast field).
    pub ids: Vec<u64>,
    /// Per passage: what the search reads of it alone.
    pub(crate) facts: Vec<PassageFacts>,
    pub figures: Vec<Figure>,
    /// The index generation (folder) it was read from.
    pub generation: String,
    pub built_at: String,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

impl Snapshot {
    pub fn new(
        opened: Loaded,
        lexicon: &Lexicon,
        dictionary: Arc<Dictionary>,
        model: &model::Model,
    ) -> tantivy::Result<Snapshot> {
        let searcher = opened.reader.searcher();
        let pids = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("pid"))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let fields = opened.fields;
        let slot = |id: u64| usize::try_from(id).expect("passage ids fit in memory");
        let mut positions = vec![u32::MAX; opened.ids.iter().max().map_or(0, |&id| slot(id) + 1)];
        for (position, &id) in opened.ids.iter().enumerate() {
            positions[slot(id)] = u32::try_from(position).expect("fewer than 4 billion passages");
        }
        let common = retrieve::CommonTerms::find(
            &searcher,
            &[Lang::It, Lang::En]
                .map(|lang| [fields.text(lang), fields.section(lang)])
                .concat(),
        )?;
        let mut analyzers = Analyzers::new(lexicon);
        // Which figures each passage gives is read beside the vocabulary, on
        // another core: both read every passage.
        let (mut vocab, timeline) = std::thread::scope(|s| {
            let timeline = s.spawn(|| Timeline::build(&opened.passages, &opened.figures));
            let vocab = Vocabulary::build(&opened.passages, &opened.facts, lexicon, &mut analyzers);
            let timeline = timeline.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (vocab, timeline)
        });
        // The topics of each sentence's money figures, grouped once (not passages × figures).
        let mut topics: HashMap<(&str, &str), Vec<&'static str>> = HashMap::default();
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
        let snapshot = Snapshot {
            searcher,
            pids,
            positions,
            fields,
            analyzers,
            passages: opened.passages,
            figures: opened.figures,
            generation: opened.generation,
            built_at: opened.built_at,
            errors: opened.errors,
            warnings: opened.warnings,
            vocab,
            timeline,
            dictionary,
            suggestions: OnceLock::new(),
            common,
            model: model.scorer(),
        };
        Ok(snapshot)
    }

    /// The answerable "did you mean" questions, found the first time they are
    /// asked for (another thread asking meanwhile waits for them). While they
    /// are being found, the answers that test them see none, as when they
    /// were found before the snapshot served.
    pub(crate) fn suggestions(&self, lexicon: &Lexicon) -> &[suggest::Candidate] {
        thread_local! {
            static FINDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if FINDING.get() {
            return self.suggestions.get().map_or(&[], Vec::as_slice);
        }
        self.suggestions.get_or_init(|| {
            FINDING.set(true);
            let found = suggest::candidates(self, lexicon);
            FINDING.set(false);
            found
        })
    }

    /// Answers `question`. Never fails: anything it cannot answer is refused.
    pub fn answer(&self, lexicon: &Lexicon, question: &str) -> Answer {
        self.answer_preferring(lexicon, question, None)
    }

    /// Answers `question`, preferring a sentence of the article `prefer` (the
    /// one a conversation is about) when one answers well enough.
    pub(crate) fn answer_preferring(
        &self,
        lexicon: &Lexicon,
        question: &str,
        prefer: Option<context::Prefer<'_>>,
    ) -> Answer {
        match self.read(lexicon, question) {
            Read::Done(answer) => answer,
            Read::ToRank(parsed) => {
                let (parsed, ranked) = self.ranked(parsed);
                self.decide(&parsed, ranked, question, prefer)
            }
        }
    }

    /// Reads `question` as far as it can be read without choosing among
    /// candidates: small talk, a question about the article itself and one the
    /// articles cannot be about are answered or refused here.
    fn read(&self, lexicon: &Lexicon, question: &str) -> Read {
        if let Some(small_talk) = self.small_talk(lexicon, question) {
            return Read::Done(small_talk);
        }
        let mut analyzers = self.analyzers.clone();
        let parsed = self.parse(lexicon, &mut analyzers, question);
        // "When was it written" and "when was it reported" ask the article's
        // date; "who wrote it" does not.
        // An article's date does not answer when something *will* be reported.
        let when = parsed.cues.contains(&Cue::When);
        let reported = parsed.cues.contains(&Cue::Reported) && !parsed.folded.iter().any(|w| WORDS.future.has(w));
        let about_the_article = (parsed.cues.contains(&Cue::Published)
            || ((when || parsed.cues.contains(&Cue::Age)) && (parsed.concepts.is_empty() || reported)))
            && !parsed.cues.contains(&Cue::Who);
        if parsed.cues.contains(&Cue::Author) {
            return Read::Done(self.author(&parsed, question));
        }
        if about_the_article && parsed.concepts.iter().all(Concept::known) {
            return Read::Done(self.published(&parsed, question));
        }
        // "What happened?", "riassumi la notizia", "di cosa parla l'articolo su
        // Oracle?": the lead of the article the names point to, else of the
        // newest. A question that names a thing besides the news ("what happened
        // to Oracle stock") asks about that thing.
        let news = parsed.cues.contains(&Cue::Reported);
        if parsed.cues.contains(&Cue::About)
            && parsed.concepts.iter().all(|c| c.name || news && c.known())
            && !self.passages.is_empty()
        {
            let named = parsed.concepts.iter().any(|c| c.name);
            let lead = (named.then(|| self.rank(&parsed)))
                .and_then(|ranked| ranked.first().map(|c| self.vocab.lead[c.pid]))
                .unwrap_or_else(|| self.lead_passage());
            return Read::Done(self.answered(&parsed, question, vec![(lead, 1.0)]));
        }
        if parsed.concepts.is_empty() || parsed.concepts.iter().any(|c| c.unknown_name && c.acronym.is_none()) {
            return Read::Done(self.refused(question, parsed.lang));
        }
        if off_topic(&parsed) {
            return Read::Done(self.refused(question, parsed.lang));
        }
        Read::ToRank(parsed)
    }

    /// The candidates for `parsed`, best first. A question of money that no
    /// candidate answers well enough is asked again without its money words:
    /// a sentence may say it in words rather than give a figure ("how much
    /// money has it lost?": "losses greater than the revenue"); it must then
    /// cover the rest of the question well.
    fn ranked(&self, mut parsed: Parsed) -> (Parsed, Vec<Candidate>) {
        let mut ranked = self.rank(&parsed);
        if !self.gate(&parsed, &ranked)
            && parsed.concepts.iter().any(|c| c.amountish)
            && parsed.cues.iter().copied().any(asks_number)
            && parsed.concepts.iter().any(|c| !c.amountish)
        {
            let mut plain = parsed.clone();
            plain.cues.retain(|&c| !asks_number(c));
            plain.concepts.retain(|c| !c.amountish);
            let mut again = self.rank(&plain);
            again.retain(|r| r.coverage >= IN_WORDS_COVERAGE);
            if self.gate(&plain, &again) {
                (parsed, ranked) = (plain, again);
            }
        }
        if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug!(lang = parsed.lang.code(), cues = ?parsed.cues, concepts = ?parsed.concepts, "question read");
            for c in ranked.iter().take(5) {
                tracing::debug!(c.pid, c.coverage, c.score, text = %self.passages[c.pid].text, "candidate");
            }
        }
        (parsed, ranked)
    }

    /// Whether the best of `ranked` answers `parsed`, as the fitted gate judges.
    fn gate(&self, parsed: &Parsed, ranked: &[Candidate]) -> bool {
        let Some(best) = ranked.first() else {
            return false;
        };
        let margin = ranked.get(1).map_or(1.0, |next| best.score - next.score);
        self.model
            .answers(&best.features, best.score, margin, question_signals(parsed))
            >= 0.5
    }

    /// The answer to a question that reached ranking: the best candidate, or
    /// the preferred article's, when the gate lets it answer.
    fn decide(
        &self,
        parsed: &Parsed,
        mut ranked: Vec<Candidate>,
        question: &str,
        prefer: Option<context::Prefer<'_>>,
    ) -> Answer {
        if let Some(prefer) = prefer {
            context::prefer_doc(&mut ranked, &self.passages, prefer, MIN_COVERAGE);
        }
        if !self.gate(parsed, &ranked) {
            return self.refused(question, parsed.lang);
        }
        let mut hits: Vec<(usize, f32)> = ranked.iter().take(3).map(|c| (c.pid, c.score)).collect();
        // A newer article giving another value of the answer's figure
        // answers instead; the older values are listed with their dates.
        let (top, earlier) = self.timeline.of(&self.figures, &self.passages, parsed, hits[0].0);
        if top != hits[0].0 {
            let score = ranked.iter().find(|r| r.pid == top).map_or(hits[0].1, |r| r.score);
            hits.retain(|h| h.0 != top);
            hits.insert(0, (top, score));
            hits.truncate(3);
        }
        let mut answer = self.answered(parsed, question, hits);
        answer.earlier = earlier;
        answer
    }

    /// For fitting the model: the candidates of `question` with their
    /// features, each marked right when its sentence, its translation or its
    /// date holds one of `expect` (none: the question must be refused). `None`
    /// when the question is answered or refused before ranking.
    pub fn example(&self, lexicon: &Lexicon, question: &str, expect: Option<&[String]>) -> Option<model::Example> {
        // The first ranking only: the fallback of `ranked` consults the gate
        // of the model answering, which the examples must not depend on.
        let Read::ToRank(parsed) = self.read(lexicon, question) else {
            return None;
        };
        // In passage order, not the shipped model's: the fit sums over them.
        let mut ranked = self.rank(&parsed);
        ranked.sort_by_key(|c| c.pid);
        let expect = expect.unwrap_or_default();
        let right = |pid: usize| {
            let p = &self.passages[pid];
            let texts = [
                p.text.as_str(),
                p.translation.as_deref().unwrap_or_default(),
                p.date.as_deref().unwrap_or_default(),
            ];
            model::holds_expected(texts, expect)
        };
        Some(model::Example {
            candidates: ranked.iter().map(|c| (c.features, right(c.pid))).collect(),
            signals: question_signals(&parsed),
            answerable: !expect.is_empty(),
            question: question.to_owned(),
            texts: ranked.iter().map(|c| self.passages[c.pid].text.clone()).collect(),
        })
    }

    /// The newest article's first sentence.
    fn lead_passage(&self) -> usize {
        self.vocab.newest_lead
    }

    /// A passage of the article the rest of the question points at ("when was
    /// the article on Intel published"), or the newest article's lead; none
    /// when there are no articles. `asking` are the cues that ask about the
    /// article itself, left out of the search.
    fn article_of(&self, parsed: &Parsed, asking: &[Cue]) -> Option<usize> {
        self.articles_of(parsed, asking)
            .first()
            .copied()
            .or_else(|| (!self.passages.is_empty()).then(|| self.lead_passage()))
    }

    /// A passage of the article the rest of the question points at, then one of
    /// each other article whose sentence says at least as much of it, and at
    /// least half; none when it names nothing.
    fn articles_of(&self, parsed: &Parsed, asking: &[Cue]) -> Vec<usize> {
        if parsed.concepts.is_empty() {
            Vec::new()
        } else {
            // Any sentence of the article will do: none has to give the answer.
            let article = Parsed {
                asks_duration: false,
                counted: Vec::new(),
                asks_money: false,
                cues: (parsed.cues.iter().copied()).filter(|c| !asking.contains(c)).collect(),
                stake: parsed.stake,
                topics: Vec::new(),
                concepts: parsed.concepts.clone(),
                source: None,
                lang: parsed.lang,
                folded: parsed.folded.clone(),
                when: parsed.when,
                currency: None,
            };
            let ranked = self.rank(&article);
            let first = ranked.first().map_or(0.0, |c| c.coverage);
            let mut docs: Vec<&str> = Vec::new();
            (ranked.iter().enumerate())
                .filter(|&(k, c)| k == 0 || c.coverage >= first.max(rank::HALF))
                .map(|(_, c)| c)
                .filter(|c| {
                    let doc = self.passages[c.pid].doc.as_str();
                    let new = !docs.contains(&doc);
                    docs.push(doc);
                    new
                })
                .map(|c| c.pid)
                .collect()
        }
    }

    /// "Who wrote the article on Intel?": the byline of the article the rest
    /// of the question points at, or of the first signed one among those it
    /// points at as well (the newest article's when it names nothing), quoted;
    /// refused when none is signed.
    fn author(&self, parsed: &Parsed, question: &str) -> Answer {
        let byline_of = |pid: usize| {
            let doc = &self.passages[pid].doc;
            (self.vocab.lead[pid].saturating_sub(2)..self.vocab.lead[pid])
                .find(|&n| self.passages[n].doc == *doc && self.passages[n].kind == PassageKind::Byline)
        };
        let articles = self.articles_of(parsed, &[Cue::Author, Cue::Who]);
        let byline = if articles.is_empty() {
            (!self.passages.is_empty())
                .then(|| self.lead_passage())
                .and_then(byline_of)
        } else {
            articles.into_iter().find_map(byline_of)
        };
        match byline {
            Some(pid) => self.answered(parsed, question, vec![(pid, 1.0)]),
            None => self.refused(question, parsed.lang),
        }
    }

    fn published(&self, parsed: &Parsed, question: &str) -> Answer {
        // The article the rest of the question points at, or the newest.
        let Some(pid) = self.article_of(parsed, &[Cue::When, Cue::Published, Cue::Age, Cue::Reported]) else {
            return self.refused(question, parsed.lang);
        };
        let lead = self.vocab.lead[pid];
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
                let marks = |stems: &[(u32, usize, usize)], money: &[[usize; 2]]| {
                    let mut marks: Vec<[usize; 2]> = stems
                        .iter()
                        .filter(|(id, _, _)| ids.contains(id))
                        .map(|&(_, start, end)| [start, end])
                        .collect();
                    // For a question of amount, the amount is the answer: mark it whole.
                    if mark_amounts {
                        marks.retain(|m| !money.iter().any(|x| m[0] < x[1] && x[0] < m[1]));
                        marks.extend_from_slice(money);
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
                    marks: marks(&self.vocab.marks_text[pid], &self.vocab.amounts_text[pid]),
                    translation_marks: p
                        .translation
                        .as_ref()
                        .map(|_| marks(&self.vocab.marks_translation[pid], &self.vocab.amounts_translation[pid]))
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
            earlier: Vec::new(),
            built_at: self.built_at.clone(),
            taken_as: None,
            kind: None,
        }
    }

    /// The answer that refuses `question`.
    pub(crate) fn refused(&self, question: &str, lang: Lang) -> Answer {
        Answer {
            question: question.to_owned(),
            lang,
            answered: false,
            answer: None,
            passages: Vec::new(),
            message: Some(self.refusal(lang)),
            earlier: Vec::new(),
            built_at: self.built_at.clone(),
            taken_as: None,
            kind: None,
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
                (Lang::En, Some(usd)) => format!("{} ({})", f.label, crate::money::human_dollars(usd, Lang::En)),
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
}

/// How far [`Snapshot::read`] got.
enum Read {
    /// Answered or refused without ranking.
    Done(Answer),
    /// The question as read, for ranking.
    ToRank(Parsed),
}

/// What the gate reads of the question itself.
fn question_signals(parsed: &Parsed) -> model::QuestionSignals {
    let total = parsed.total_weight();
    let unseen: f32 = parsed.concepts.iter().filter(|c| !c.known()).map(|c| c.weight).sum();
    #[expect(clippy::cast_precision_loss, reason = "counts of a question's words")]
    model::QuestionSignals {
        unseen_share: unseen / total,
        concepts: parsed.concepts.len() as f32,
        names_asked: parsed.concepts.iter().filter(|c| c.name).count() as f32,
    }
}

/// A question that names none of the story's companies and whose words the
/// articles mostly never use is about something else ("how much does the
/// government spend on healthcare?"), whatever one word it shares.
fn off_topic(parsed: &Parsed) -> bool {
    // Unknown names and currencies are refused on their own.
    let content: Vec<&Concept> = parsed
        .concepts
        .iter()
        .filter(|c| !c.amountish && !c.unknown_name)
        .collect();
    let unseen = content.iter().filter(|c| !c.known()).count();
    !parsed.concepts.iter().any(|c| c.name) && unseen * 2 > content.len()
}
