//! Reading a question: its language, cues, focus and concepts.

use rustc_hash::FxHashSet as HashSet;

use crate::engine::figures;
use crate::engine::figures::amounts_in_question;
use crate::engine::lexicon::{Cue, Lexicon};
use crate::engine::schema::Analyzers;
use crate::engine::text::{Lang, Word, italian_infinitives, words};

use super::Snapshot;
use super::expand::{Concept, REPORTED, Rarity, Stemmed};
use super::signals::asks_duration;
use super::words::WORDS;

/// The word that names what is asked for weighs this many times its rarity.
const FOCUS_WEIGHT: f32 = 2.0;
/// A word that sets the scene ("*after the recapitalization*", "dopo la
/// *ristrutturazione*") weighs this much of its rarity: the question asks about
/// something else, which a sentence may give without the scene.
const SETTING_WEIGHT: f32 = 0.5;
/// The most words of a dictionary phrase a question word starts ("chief financial officer").
const PHRASE_WORDS: usize = 3;
/// Longest question read; the rest is ignored (a chat message is far shorter).
const MAX_WORDS: usize = 64;

impl Snapshot {
    /// Reads a question into its language, cues and concepts.
    #[expect(
        clippy::too_many_lines,
        reason = "a question is read word by word in one loop; splitting it would thread its state through helpers"
    )]
    pub(super) fn parse(&self, lexicon: &Lexicon, analyzers: &mut Analyzers, question: &str) -> Parsed {
        let ws = self.question_words(lexicon, question);
        let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        let lang = self.language(lexicon, &folded, question);
        let (mut cues, mut in_cue) = lexicon.cues(&folded);
        // "What stake": a share, as a percentage or as what it is worth; "what
        // percentage of the stake", a percentage only.
        let stake = cues.contains(&Cue::Stake) && !cues.contains(&Cue::Percent) && !question.contains('%');
        if let Some(at) = cues.iter().position(|c| *c == Cue::Stake) {
            if cues.contains(&Cue::Percent) {
                cues.remove(at);
            } else {
                cues[at] = Cue::Percent;
            }
        }
        for cue in in_cue.iter_mut().flatten().filter(|c| **c == Cue::Stake) {
            *cue = Cue::Percent;
        }
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
                focus: false,
                terms: vec![(self.fields.amounts, token, 2.0)],
                ids,
                near: Vec::new(),
                owner: Vec::new(),
                amountish: false,
                topic: None,
                weight,
                name: false,
                unknown_name: false,
                setting: false,
                acronym: None,
                time: false,
            });
        }
        let mut skip = 0;
        let mut previous_word: Option<usize> = None;
        // The word each concept was read from, for the owners below.
        let mut read_at: Vec<(usize, usize)> = Vec::new();
        for (i, w) in ws.iter().enumerate() {
            let addressed = question[..w.start].ends_with('@');
            let pair = ws
                .get(i + 1)
                .filter(|_| !used.get(i + 1).copied().unwrap_or(true))
                .map(|next| format!("{} {}", w.folded, next.folded));
            // A pair the lexicon knows counts even when it starts with a stopword ("più di").
            let known_pair = pair.as_ref().is_some_and(|p| !lexicon.concepts_of(p).is_empty());
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if addressed
                || used[i]
                || (lexicon.is_stopword(&w.folded) && !known_pair)
                || money.iter().any(|a| w.start >= a.start && w.end <= a.end)
            {
                continue;
            }
            // A word of the general dictionary is a word, not a typo to correct.
            let stemmed = Stemmed::new(analyzers, self.vocab.spelling(w.raw, &w.folded));
            let in_dictionary = self.in_dictionary(&stemmed);
            let known = |s: &str| {
                (in_dictionary && s == w.folded) || self.vocab.speller.contains(s) || !lexicon.concepts_of(s).is_empty()
            };
            let surface = if let Some(pair) = pair.filter(|p| !lexicon.concepts_of(p).is_empty()) {
                skip = 1;
                pair
            } else if let Some((words, phrase)) = Some(stemmed.stems(lang))
                .filter(|stems| stems.len() == 1)
                .and_then(|stems| stems.first())
                .filter(|first| self.dictionary.starts_phrase(lang, first))
                .and_then(|first| self.dictionary_phrase(analyzers, lang, first, &ws[i..], &used[i..]))
            {
                // A phrase the dictionary knows ("chief financial officer") is one word.
                skip = words - 1;
                phrase
            } else if known(&w.folded) {
                w.folded.clone()
            } else if let Some(verb) = (lang == Lang::It)
                .then(|| italian_infinitives(&w.folded))
                .into_iter()
                .flatten()
                .find(|verb| self.dictionary.has_word(Lang::It, verb))
            {
                // "apre": the verb "aprire", which the stemmer would not join to it.
                verb
            } else {
                self.vocab
                    .speller
                    .correct(&w.folded)
                    .map_or_else(|| w.folded.clone(), str::to_owned)
            };
            if lexicon.is_stopword(&surface) {
                continue;
            }
            // A pair, a phrase or a correction is another word, with stems of its own.
            let stemmed = if surface == w.folded {
                stemmed
            } else {
                Stemmed::new(analyzers, self.vocab.spelling(&surface, &surface))
            };
            let is_name = self.vocab.all_names.contains(&surface);
            let (mut terms, ids, amountish) = self.terms_for(lexicon, analyzers, &surface, &stemmed, lang, is_name);
            let (near_terms, near) = self.near_for(&surface, &stemmed, lang, &ids, is_name);
            terms.extend(near_terms);
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
                .find(|w| !WORDS.articles.has(w))
                .is_some_and(|w| WORDS.setting.has(w));
            // A capital letter marks a name except on the first word, which any
            // sentence capitalizes, unless no dictionary knows that word either
            // ("Nvidia è coinvolta?"); a capital inside a word, as in "iPhone",
            // even there. A number the articles never give weighs like a name.
            let first = i == 0;
            let unseen =
                ids.is_empty() && !self.vocab.speller.contains(&surface) && lexicon.concepts_of(&surface).is_empty();
            // A time no article writes as such ("Q2") is no name: a sentence or
            // article of that time says it.
            let time = ids.is_empty() && super::time::names_time(&w.folded);
            let unknown_name =
                unseen && !time && (w.is_capitalized() && (!first || !in_dictionary) || w.has_inner_capital());
            // An acronym, as typed or as the articles write it, may be spelled out
            // ("IP": "intellectual property"): one they never write is an unknown
            // name that only a sentence spelling it out can answer.
            let acronym = (w.is_acronym() || self.vocab.acronyms.contains(&w.folded)).then(|| w.folded.clone());
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
                // The unit by any of its words, its near synonyms too ("azioni": "titoli").
                counted = ids.iter().chain(&near).copied().collect();
            }
            // Not the kind of someone asked for ("which *chipmaker*", "which
            // *bank*"): a sentence naming them need not say what they are. A
            // source ("which *newspaper*") is named by a sentence that reports.
            let reporting = || {
                let reported = lexicon.concepts_of(REPORTED);
                lexicon.concepts_of(&surface).iter().any(|c| reported.contains(c))
            };
            let weight = if focused && (in_cue[i] != Some(Cue::Who) || reporting()) {
                FOCUS_WEIGHT
            } else if setting && !is_name {
                SETTING_WEIGHT
            } else {
                1.0
            };
            if ids.is_empty() {
                tracing::debug!(word = surface, "a word the articles never use");
            }
            read_at.push((concepts.len(), i));
            concepts.push(Concept {
                owner: Vec::new(),
                weight: self.weight(&ids, rarity) * weight,
                focus: focused,
                unknown_name,
                name: is_name && !ids.is_empty(),
                terms,
                ids,
                near,
                amountish,
                topic: topic_of(lexicon, &surface).filter(|_| !setting),
                setting: setting && !is_name,
                acronym,
                time,
            });
        }
        set_owners(&mut concepts, &read_at, question, &ws, lang, &cues);
        // "E in euro quanto fa?": money in a currency the articles never give is
        // not in them (they give no exchange rate either).
        if ws
            .iter()
            .any(|w| figures::currency_of(&w.folded).is_some_and(|c| !self.vocab.currencies.contains(c)))
        {
            concepts.push(Concept {
                terms: Vec::new(),
                ids: Vec::new(),
                near: Vec::new(),
                owner: Vec::new(),
                amountish: false,
                topic: None,
                weight: self.weight(&[], Rarity::Absent),
                name: false,
                focus: false,
                unknown_name: true,
                setting: false,
                acronym: None,
                time: false,
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
                .any(|w| *w == "cost" || WORDS.money.all.iter().any(|m| w.starts_with(m))),
            cues,
            stake,
            topics,
            concepts,
            source,
            when: super::time::asked(&folded, |w| lexicon.is_stopword(w)),
            currency: folded.iter().find_map(|w| figures::currency_of(w)),
            folded: folded.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// The longest phrase of two or more words that `words` starts with and the
    /// dictionary translates into words the articles use ("chief financial
    /// officer": "direttore finanziario"): its length in words and its folded
    /// text. `first` is the first word's stem. A word the question does not
    /// search (a cue's, a stopword) ends it.
    fn dictionary_phrase(
        &self,
        analyzers: &mut Analyzers,
        lang: Lang,
        first: &str,
        words: &[Word<'_>],
        used: &[bool],
    ) -> Option<(usize, String)> {
        let most = PHRASE_WORDS.min(self.dictionary.longest());
        let mut stems: Vec<String> = vec![first.to_owned()];
        let next = words.iter().zip(used).take(most).skip(1);
        for (w, _) in next.take_while(|(_, used)| !**used) {
            let mut stem = analyzers.stems(lang, self.vocab.spelling(w.raw, &w.folded));
            if stem.len() != 1 {
                break;
            }
            stems.push(stem.remove(0).text);
        }
        // Only where the articles say it in the other language, every word of it.
        let said = |n: usize| {
            (self.dictionary.translations(lang, &stems[..n].join(" ")))
                .any(|t| t.iter().all(|stem| self.vocab.lookup(lang.other(), stem).is_some()))
        };
        (2..=stems.len()).rev().find(|&n| said(n)).map(|n| {
            (
                n,
                words[..n]
                    .iter()
                    .map(|w| w.folded.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
    }

    /// A question's first [`MAX_WORDS`] words, with a stopword typed with two
    /// letters swapped or a double letter typed once ("waht is", "teh deal", "wil
    /// it") put right before the cues are
    /// read. Words the articles or the lexicon know stay as they are.
    pub(super) fn question_words<'q>(&self, lexicon: &Lexicon, question: &'q str) -> Vec<Word<'q>> {
        let mut ws: Vec<Word<'q>> = words(question).into_iter().take(MAX_WORDS).collect();
        for w in &mut ws {
            // "Com'è", "dov'è", "quant'è": the stopword cut short before a vowel.
            let elided = question[w.end..].starts_with(['\'', '’']) && !lexicon.is_stopword(&w.folded);
            if let Some(stopword) = elided.then(|| lexicon.elided_stopword(&w.folded)).flatten() {
                w.folded = stopword;
                continue;
            }
            let unknown = !self.vocab.speller.contains(&w.folded) && lexicon.concepts_of(&w.folded).is_empty();
            if let Some(stopword) = unknown.then(|| lexicon.mistyped_stopword(&w.folded)).flatten() {
                w.folded = stopword;
            }
        }
        ws
    }

    pub(super) fn language(&self, lexicon: &Lexicon, folded: &[&str], question: &str) -> Lang {
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
pub(super) fn topic_of(lexicon: &Lexicon, surface: &str) -> Option<&'static str> {
    figures::topic_of(surface).or_else(|| {
        (lexicon.concepts_of(surface).iter())
            .map(|&c| &lexicon.concepts[c])
            .find_map(|c| c.it.iter().chain(&c.en).find_map(|w| figures::topic_of(w)))
    })
}

/// How far into the question an opener may stand (later, "che" is "that").
pub(super) const FOCUS_REACH: usize = 4;

/// The position of the word that names what the question asks for: the word
/// right after an interrogative opener near its start (past a number), if that
/// is not a stopword of either language (checked by the caller through the
/// lexicon) — here, any word of three letters or more.
pub(super) fn focus_of(folded: &[&str]) -> Option<usize> {
    let opener = folded
        .iter()
        .take(FOCUS_REACH)
        .position(|w| WORDS.focus_openers.has(w))?;
    // "Which *two* companies": the number says how many, the noun what.
    let counts = |w: &&str| figures::number_word(w).is_some() || w.chars().all(|c| c.is_ascii_digit());
    let next = opener + 1 + usize::from(folded.get(opener + 1).is_some_and(counts));
    folded
        .get(next)
        .filter(|w| w.chars().count() >= 3 && !WORDS.focus_openers.has(w))?;
    Some(next)
}

/// Whether a cue asks for a number (an amount, a share, a count, a valuation).
pub(super) fn asks_number(cue: Cue) -> bool {
    matches!(
        cue,
        Cue::Amount | Cue::Worth | Cue::Percent | Cue::Count | Cue::Valuation
    )
}

/// Per question word, whether it is left out of the search. Cue words are, except
/// the concepts a "who" cue names ("which *newspaper*", "quali *partner*") and
/// reporting words, which find the article that reports.
pub(super) fn not_searched(lexicon: &Lexicon, in_cue: &[Option<Cue>], folded: &[&str]) -> Vec<bool> {
    in_cue
        .iter()
        .zip(folded)
        .map(|(cue, w)| {
            cue.is_some_and(|c| !matches!(c, Cue::Who | Cue::Reported) || lexicon.concepts_of(w).is_empty())
        })
        .collect()
}

/// Marks whose thing each word is: a word right after a name in English
/// ("Microsoft shares", "Microsoft's stake"), right before one in Italian ("azioni
/// AMD", "titolo di Nvidia"), or before "of" and a name ("shares of Amazon"),
/// belongs to it. Not when the question asks for a name ("who runs `SoftBank`",
/// "which bank arranged the Hyperion sale"): the name beside the thing in the
/// answer is then the one asked for.
fn set_owners(
    concepts: &mut [Concept],
    read_at: &[(usize, usize)],
    question: &str,
    ws: &[Word<'_>],
    lang: Lang,
    cues: &[Cue],
) {
    if cues.contains(&Cue::Who) || concepts.iter().any(|c| c.focus) {
        return;
    }
    let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
    // Words of one clause: no punctuation between them.
    let joined = |a: usize, b: usize| {
        let (a, b) = (a.min(b), a.max(b));
        !question[ws[a].end..ws[b].start].contains(['?', '!', '.', ',', ';', ':', '(', ')', '—'])
    };
    let name_at = |i: usize, j: usize| {
        read_at
            .iter()
            .find(|&&(_, at)| at == j)
            .map(|&(k, _)| k)
            .filter(|&k| concepts[k].name && joined(i, j))
    };
    let glue = |j: usize| folded.get(j).is_some_and(|w| WORDS.owner_glue.has(w));
    let mut owners = Vec::new();
    for &(k, i) in read_at {
        if concepts[k].name || !concepts[k].known() {
            continue;
        }
        let sides = match lang {
            Lang::En => [
                i.checked_sub(1),
                i.checked_sub(2).filter(|_| folded[i - 1] == "s"),
                Some(i + 2).filter(|_| folded.get(i + 1) == Some(&"of")),
            ],
            Lang::It => [Some(i + 1), Some(i + 2).filter(|_| glue(i + 1)), None],
        };
        if let Some(owner) = sides.into_iter().flatten().find_map(|j| name_at(i, j)) {
            owners.push((k, owner));
        }
    }
    for (k, owner) in owners {
        let ids = concepts[owner].ids.clone();
        concepts[k].owner = ids;
    }
}

/// Settles what a question of amount asks for, once its concepts are known, and
/// returns the figure topics it is about.
pub(super) fn settle_cues(cues: &mut Vec<Cue>, concepts: &[Concept], keywords: bool) -> Vec<&'static str> {
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
        // Of a thing ("quanto vale il contratto", "what is the stake worth") any
        // amount may answer; of a company alone, only its valuation, whatever
        // sets the scene ("what would OpenAI be worth after the deal").
        if topics.is_empty()
            && cues.contains(&Cue::Worth)
            && !cues.contains(&Cue::Percent)
            && concepts.iter().all(|c| c.name || c.setting)
        {
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
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    pub(super) lang: Lang,
    /// "How long", "quanto dura": a span of time answers as a date does.
    pub(super) asks_duration: bool,
    /// For a question of count, the ids of the unit it counts ("quanti
    /// *gigawatt*"): a sentence with a number right before that unit answers it.
    pub(super) counted: Vec<u32>,
    /// A question of amount about paying, costing or earning: only money answers.
    pub(super) asks_money: bool,
    pub(super) cues: Vec<Cue>,
    /// A question of share asked as "what stake": what the stake is worth answers it too.
    pub(super) stake: bool,
    /// For a question of amount: the figure topics it asks about.
    pub(super) topics: Vec<&'static str>,
    pub(super) concepts: Vec<Concept>,
    /// "Who reported it": the ids of the reporting concept, which the answer's
    /// own sentence must have.
    pub(super) source: Option<Vec<u32>>,
    pub(super) folded: Vec<String>,
    /// The time the question names ("in March", "nel 2025"), if any.
    pub(super) when: Option<super::time::When>,
    /// The currency the question asks the money in ("and in euros?",
    /// "quanti dollari"): only a sentence giving money in it answers.
    pub(super) currency: Option<&'static str>,
}

impl Parsed {
    /// The weight of all its concepts: what a candidate's coverage is a share
    /// of (never zero, so a share is always defined).
    pub(super) fn total_weight(&self) -> f32 {
        self.concepts
            .iter()
            .map(|c| c.weight)
            .sum::<f32>()
            .max(f32::MIN_POSITIVE)
    }
}

#[cfg(test)]
mod tests {
    use super::focus_of;

    #[test]
    fn the_thing_asked_for_follows_the_opener_and_any_number() {
        let focus = |q: &str| focus_of(&q.split(' ').collect::<Vec<_>>());
        assert_eq!(focus("which newspaper broke the news"), Some(1));
        assert_eq!(focus("which two companies committed 400 billion dollars"), Some(2));
        assert_eq!(focus("quali 3 aziende hanno firmato"), Some(2));
        assert_eq!(focus("who signed it"), None);
    }
}
