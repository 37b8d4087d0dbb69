//! Conversations: a follow-up read with the turns before it.
//!
//! People reply to an answer rather than ask a self-contained question: "e chi
//! l'ha riportato?", "what about Oracle?", "and how long will it last?". A
//! question is read against the earlier turns by what it names:
//!
//! - **Its own subject and its own ask** ("Quanto ha investito ASML in Mistral?"):
//!   a fresh question, read alone.
//! - **A subject and nothing else** ("what about Oracle?", "e quello di AMD?"):
//!   the earlier question asked again of the new subject, the new name put where
//!   an earlier one stood ("Quanto vale il contratto tra AMD e `OpenAI`?").
//! - **No subject** ("who reported it?", "quanto vale?"): the earlier question's
//!   names are added (and its topic words, when the follow-up has none of its
//!   own), and a sentence of the article the last answer quoted is preferred. When
//!   that reading finds nothing, the follow-up alone is tried in that article only.
//!
//! A name is a word the articles write as a name, or a capitalized word neither
//! the articles, the lexicon nor the general dictionary know ("Tesla"). The
//! answer says what the question was taken to be ([`Answer::taken_as`]); the turn
//! to remember for the next question is the question as read.

use crate::engine::corpus::Passage;
use crate::engine::lexicon::{Cue, Lexicon};
use crate::engine::smalltalk;
use crate::engine::text::{Lang, Word, fold};

use super::expand::Stemmed;
use super::rank::Candidate;
use super::words::WORDS;
use super::{Answer, MessageKind, Snapshot, off_topic};

/// One earlier exchange of a conversation, as the next question sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Turn {
    /// The question as it was read: a follow-up with what it took from before.
    pub question: String,
    /// The article its answer quoted; `None` when it was refused.
    pub doc: Option<String>,
}

/// How many earlier turns a follow-up is read against, newest first.
pub const MAX_TURNS: usize = 3;

/// Example questions a small-talk reply offers.
const EXAMPLES: usize = 2;

/// A question's words sorted into names and content.
struct Reading<'q> {
    text: &'q str,
    words: Vec<Word<'q>>,
    /// Runs of consecutive name words ("Blue Owl"), as word index ranges.
    names: Vec<std::ops::Range<usize>>,
    /// Words that say what is asked about, besides names, cue words and stopwords.
    content: Vec<usize>,
    /// Words asking a share ("che *quota*", "what *stake*"): what the question is
    /// about, though read as what it asks.
    shares: Vec<usize>,
    /// Content words marked as the one something belongs to ("the foundation*'s*",
    /// "quello *di* X"): a subject, like a name.
    owners: Vec<usize>,
    /// The kinds of answer it asks for ("how much", "quanto vale", "who").
    cues: Vec<Cue>,
}

impl Reading<'_> {
    fn span(&self, run: &std::ops::Range<usize>) -> &str {
        &self.text[self.words[run.start].start..self.words[run.end - 1].end]
    }

    fn names(&self) -> Vec<&str> {
        self.names.iter().map(|r| self.span(r)).collect()
    }

    /// The words of its names, folded.
    fn folded_names(&self) -> Vec<String> {
        (self.names.iter())
            .flat_map(|run| self.words[run.clone()].iter().map(|w| w.folded.clone()))
            .collect()
    }

    /// Its topic, to carry to a follow-up with none: the content words and the
    /// share asked ("Che quota ha Microsoft?" → "and what's that worth?").
    fn topic(&self) -> Vec<&str> {
        let mut at: Vec<usize> = self.content.iter().chain(&self.shares).copied().collect();
        at.sort_unstable();
        at.into_iter().map(|i| self.words[i].raw).collect()
    }
}

impl Snapshot {
    /// Answers `question` as the next turn of a conversation whose earlier
    /// turns are `earlier`, oldest first (only the last [`MAX_TURNS`] count).
    /// Returns the answer and the turn to remember for the next question; small
    /// talk returns none, so it leaves the conversation as it was.
    pub fn answer_in_context(&self, lexicon: &Lexicon, question: &str, earlier: &[Turn]) -> (Answer, Option<Turn>) {
        if let Some(small_talk) = self.small_talk(lexicon, question) {
            return (small_talk, None);
        }
        let earlier = &earlier[earlier.len().saturating_sub(MAX_TURNS)..];
        let alone = || {
            let answer = self.answer(lexicon, question);
            let turn = turn(question.to_owned(), &answer);
            (answer, Some(turn))
        };
        if earlier.is_empty() {
            return alone();
        }
        let now = self.reading(lexicon, question);
        let readings: Vec<Reading<'_>> = earlier
            .iter()
            .rev()
            .map(|t| self.reading(lexicon, &t.question))
            .collect();
        let named = readings.iter().find(|r| !r.names.is_empty());
        // Whose: "and the foundation's?" names a new subject as a name does.
        let mut now = now;
        if now.names.is_empty() && !now.owners.is_empty() && now.owners.len() == now.content.len() {
            now.names = now.owners.iter().map(|&i| i..i + 1).collect();
            now.content.clear();
        }
        let last_doc = earlier.last().and_then(|t| t.doc.as_deref());
        match (now.names.is_empty(), now.content.is_empty()) {
            // Its own subject and its own ask: a fresh question, read as if
            // asked alone (the newest article that answers it, not the one the
            // last answer happened to quote).
            (false, false) => alone(),
            // A subject and a kind of answer of its own ("Quanto vale OpenAI?"
            // after "How much is Amazon investing in OpenAI?"): read alone, not
            // as the earlier question of the new subject.
            (false, true) => match named {
                Some(before) if now.cues.is_empty() || now.cues == before.cues => self.swapped(lexicon, &now, before),
                _ => alone(),
            },
            (true, asks_nothing) => {
                let parsed = self.parse(lexicon, &mut self.analyzers.clone(), question);
                // About something else altogether ("how much does the government
                // spend on healthcare?"), or about the article itself ("how old
                // is this article?"): nothing to take from before.
                if off_topic(&parsed) || asks_nothing && parsed.cues.contains(&Cue::Published) {
                    alone()
                } else {
                    self.inherited(lexicon, &now, named, readings.first(), last_doc)
                        .unwrap_or_else(alone)
                }
            }
        }
    }

    /// "What about Oracle?": the earlier question asked of the new subject, the
    /// new name in place of each earlier one in turn; the first reading answered.
    fn swapped(&self, lexicon: &Lexicon, now: &Reading<'_>, before: &Reading<'_>) -> (Answer, Option<Turn>) {
        let and = match self.reading_lang(lexicon, now) {
            Lang::En => " and ",
            Lang::It => " e ",
        };
        let new = now.names().join(and);
        let replaced = |keep_others: bool, at: usize| {
            let mut out = String::new();
            let mut from = 0;
            for (k, run) in before.names.iter().enumerate() {
                let (start, end) = (before.words[run.start].start, before.words[run.end - 1].end);
                if k == at {
                    out.push_str(&before.text[from..start]);
                    out.push_str(&new);
                    from = end;
                } else if !keep_others {
                    out.push_str(&before.text[from..start]);
                    from = end;
                }
            }
            out.push_str(&before.text[from..]);
            out
        };
        // The new name in place of each earlier one; then alone, the others dropped.
        let mut variants: Vec<String> = (0..before.names.len()).map(|at| replaced(true, at)).collect();
        if before.names.len() > 1 {
            variants.push(replaced(false, 0));
        }
        let new_folded = now.folded_names();
        let names_new = |answer: &Answer| {
            answer.passages.first().is_some_and(|h| {
                let text = folded_with_translation(&h.text, h.translation.as_deref());
                new_folded.iter().all(|w| text.contains(w.as_str()))
            })
        };
        let mut first: Option<(Answer, String)> = None;
        for variant in variants {
            let answer = self.answer(lexicon, &variant);
            if answer.answered && names_new(&answer) {
                return finish(answer, now.text, variant.clone(), variant);
            }
            first.get_or_insert((answer, variant));
        }
        // No sentence found says the new subject: what is said of another is
        // not an answer about it ("e quelle di OpenAI?" after AMD's shares).
        let (answer, variant) = first.expect("an earlier question with names has a variant");
        finish(self.refused(&variant, answer.lang), now.text, variant.clone(), variant)
    }

    /// "Who reported it?": the follow-up with the earlier names (and topic, when
    /// it has none of its own), preferring the article of the last answer. `None`
    /// when there is nothing to take from before.
    fn inherited(
        &self,
        lexicon: &Lexicon,
        now: &Reading<'_>,
        named: Option<&Reading<'_>>,
        newest: Option<&Reading<'_>>,
        doc: Option<&str>,
    ) -> Option<(Answer, Option<Turn>)> {
        let mut added: Vec<&str> = named.map(Reading::names).unwrap_or_default();
        if now.content.is_empty() {
            // The topic of the turn that gave the names, else of the newest.
            let topic = named
                .filter(|r| !r.content.is_empty() || !r.shares.is_empty())
                .or(newest)
                .map(Reading::topic)
                .unwrap_or_default();
            added.extend(topic);
        }
        if added.is_empty() && doc.is_none() {
            return None;
        }
        let question = now.text.trim();
        let reading = if added.is_empty() {
            question.to_owned()
        } else {
            format!("{question} {}", added.join(" "))
        };
        let shown = |what: &str| format!("{} ({what})", plain(question));
        let in_article = |answer: &Answer, doc: &str| {
            let hit = answer.passages.first().filter(|h| answer.answered && h.doc == doc)?;
            Some(hit.title.clone().unwrap_or_else(|| doc.to_owned()))
        };
        // A follow-up that says what it asks: first in the conversation's article,
        // by its own words (the earlier names would weigh for any sentence there).
        let subject = named.map(Reading::folded_names).unwrap_or_default();
        if let Some(doc) = doc.filter(|_| !now.content.is_empty()) {
            let alone = self.answer_preferring(lexicon, question, Some(Prefer { doc, subject: &subject }));
            if let Some(article) = in_article(&alone, doc) {
                return Some(finish_as(alone, now.text, Some(shown(&article)), reading));
            }
        }
        let answer = self.answer_preferring(lexicon, &reading, doc.map(Prefer::doc));
        let elsewhere = doc.is_some_and(|d| in_article(&answer, d).is_none());
        if answer.answered && !elsewhere || doc.is_none() {
            let taken_as = if added.is_empty() {
                None
            } else {
                Some(shown(&added.join(", ")))
            };
            return Some(finish_as(answer, now.text, taken_as, reading));
        }
        // Nothing with those names in that article: the follow-up alone there,
        // else what the names found elsewhere.
        let doc = doc.expect("checked above");
        let alone = self.answer_preferring(lexicon, question, Some(Prefer { doc, subject: &subject }));
        if let Some(article) = in_article(&alone, doc) {
            return Some(finish_as(alone, now.text, Some(shown(&article)), reading));
        }
        let taken_as = (!added.is_empty()).then(|| shown(&added.join(", ")));
        Some(finish_as(answer, now.text, taken_as, reading))
    }

    /// A question's words sorted into names and content words.
    fn reading<'q>(&self, lexicon: &Lexicon, question: &'q str) -> Reading<'q> {
        let words = self.question_words(lexicon, question);
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        let (cues, in_cue) = lexicon.cues(&folded);
        let mut analyzers = self.analyzers.clone();
        let mut names: Vec<std::ops::Range<usize>> = Vec::new();
        let mut content = Vec::new();
        let mut shares = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let f = w.folded.as_str();
            if lexicon.is_stopword(f) || WORDS.connectives.has(f) {
                continue;
            }
            let mut ordinary =
                || !lexicon.concepts_of(f).is_empty() || self.in_dictionary(&Stemmed::new(&mut analyzers, f));
            let capital = w.is_capitalized() || w.has_inner_capital();
            // A name the articles write, or a capitalized word nobody knows;
            // written in lowercase, a name that is also a word is the word.
            let name = if self.vocab.all_names.contains(f) {
                capital || !ordinary()
            } else {
                capital && !self.vocab.speller.contains(f) && !ordinary()
            };
            if name {
                match names.last_mut() {
                    Some(run) if run.end == i => run.end = i + 1,
                    _ => names.push(i..i + 1),
                }
            } else if in_cue[i].is_none() && f.chars().count() > 1 {
                content.push(i);
            } else if matches!(in_cue[i], Some(Cue::Percent | Cue::Stake)) {
                shares.push(i);
            }
        }
        // "X's", "quello/quella/quelli/quelle di X": X is whose the thing asked is.
        let owners = content
            .iter()
            .copied()
            .filter(|&i| {
                let next = words.get(i + 1).map(|w| w.folded.as_str());
                let before: Vec<&str> = words[..i].iter().rev().take(3).map(|w| w.folded.as_str()).collect();
                next == Some("s") && question[words[i].end..].starts_with(['\'', '’'])
                    || before.get(1).is_some_and(|w| WORDS.pronouns.has(w))
                        && before.first().is_some_and(|w| WORDS.owner_glue.has(w))
                    || before.get(2).is_some_and(|w| WORDS.pronouns.has(w))
                        && before.get(1) == Some(&"di")
                        && WORDS.articles.it.contains(&before[0])
            })
            .collect();
        Reading {
            text: question,
            words,
            names,
            content,
            shares,
            owners,
            cues,
        }
    }

    fn reading_lang(&self, lexicon: &Lexicon, r: &Reading<'_>) -> Lang {
        let folded: Vec<&str> = r.words.iter().map(|w| w.folded.as_str()).collect();
        self.language(lexicon, &folded, r.text)
    }

    /// The reply to small talk, with example questions from the articles;
    /// `None` when `question` is a question.
    pub(super) fn small_talk(&self, lexicon: &Lexicon, question: &str) -> Option<Answer> {
        let (social, lang) = smalltalk::read(question)?;
        let examples = super::suggest::examples(self.suggestions(lexicon), lang, EXAMPLES);
        Some(Answer {
            question: question.to_owned(),
            lang,
            answered: false,
            answer: None,
            passages: Vec::new(),
            message: Some(smalltalk::reply(social, lang, &examples)),
            built_at: self.built_at.clone(),
            taken_as: None,
            kind: Some(MessageKind::SmallTalk),
            earlier: Vec::new(),
        })
    }
}

/// The article a conversation is about, and the names of its subject.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prefer<'a> {
    /// The article the last answer quoted.
    pub doc: &'a str,
    /// The earlier names, folded, when the question is read without them.
    pub subject: &'a [String],
}

impl<'a> Prefer<'a> {
    pub(crate) fn doc(doc: &'a str) -> Prefer<'a> {
        Prefer { doc, subject: &[] }
    }
}

/// Moves the best-ranked passage of the preferred article that covers at least
/// `enough` of the question to the front: a conversation stays with its article
/// while the article answers. When that sentence leaves part of the question
/// unsaid, another of the article's that covers it as well goes first if it names
/// more of the conversation's subject: the question's own words do not tell them
/// apart, the subject they were asked of does. A sentence that says every word
/// stands, though it calls the subject "the group" or "the company".
pub(super) fn prefer_doc(ranked: &mut Vec<Candidate>, passages: &[Passage], prefer: Prefer<'_>, enough: f32) {
    let in_doc = |c: &Candidate| c.coverage >= enough && passages[c.pid].doc == prefer.doc;
    let Some(first) = ranked.iter().position(in_doc) else {
        return;
    };
    let best = ranked[first].coverage;
    let named = |pid: usize| {
        let text = folded_with_translation(&passages[pid].text, passages[pid].translation.as_deref());
        prefer.subject.iter().filter(|n| text.contains(n.as_str())).count()
    };
    let mut at = first;
    if !prefer.subject.is_empty() && best < 1.0 - f32::EPSILON {
        let mut most = named(ranked[first].pid);
        for (k, r) in ranked.iter().enumerate().skip(first + 1) {
            if in_doc(r) && r.coverage >= best - f32::EPSILON {
                let count = named(r.pid);
                if count > most {
                    (at, most) = (k, count);
                }
            }
        }
    }
    let chosen = ranked.remove(at);
    ranked.insert(0, chosen);
}

/// A sentence and its translation, folded, to look for folded names in.
fn folded_with_translation(text: &str, translation: Option<&str>) -> String {
    fold(&format!("{text} {}", translation.unwrap_or_default()))
}

/// The turn an answer leaves for the next question.
fn turn(question: String, answer: &Answer) -> Turn {
    Turn {
        question,
        doc: answer
            .passages
            .first()
            .filter(|_| answer.answered)
            .map(|h| h.doc.clone()),
    }
}

fn finish(answer: Answer, asked: &str, taken_as: String, reading: String) -> (Answer, Option<Turn>) {
    finish_as(answer, asked, Some(taken_as), reading)
}

/// The answer to `reading` as the answer to what was `asked`.
fn finish_as(mut answer: Answer, asked: &str, taken_as: Option<String>, reading: String) -> (Answer, Option<Turn>) {
    asked.clone_into(&mut answer.question);
    answer.taken_as = taken_as;
    let turn = turn(reading, &answer);
    (answer, Some(turn))
}

/// A follow-up as a question of its own: the joining word that opens it ("e",
/// "and", "ma", "so") dropped and its first letter capitalized.
fn plain(question: &str) -> String {
    let trimmed = question.trim();
    let rest = ["e ", "ed ", "and ", "ma ", "but ", "so ", "allora ", "then ", "poi "]
        .iter()
        .find_map(|p| {
            trimmed
                .get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| &trimmed[p.len()..])
        })
        .unwrap_or(trimmed)
        .trim_start_matches([',', ' ']);
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follow_up_reads_as_a_question_of_its_own() {
        assert_eq!(plain("e chi l'ha riportato?"), "Chi l'ha riportato?");
        assert_eq!(plain("and how long will it last?"), "How long will it last?");
        assert_eq!(plain("economia?"), "Economia?");
        assert_eq!(plain("  "), "");
    }
}
