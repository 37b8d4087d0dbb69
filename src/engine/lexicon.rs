//! Loads the bilingual lexicon, `lexicon.toml` beside this file: stopwords,
//! question cues and concepts. The words are data; this module only indexes them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use super::text::{Lang, fold, words};
use crate::error::{Error, Result};

/// The lexicon shipped with dealbot.
pub const DEFAULT_LEXICON: &str = include_str!("lexicon.toml");

/// A cue phrase, as folded words.
pub type Phrase = Vec<String>;

/// What kind of answer a question asks for, read from its cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Amount,
    Worth,
    Percent,
    /// "What stake", "che quota": a share, which a percentage gives or what it is
    /// worth ("a stake valued at about $130 billion"). Read as [`Cue::Percent`]
    /// with that allowance.
    Stake,
    /// Not read from the lexicon: "worth" with no topic named asks for a valuation.
    Valuation,
    Count,
    When,
    Who,
    Published,
    /// "How old", "quanto è vecchio": the article's date when the question
    /// names nothing else, an age otherwise.
    Age,
    /// Reporting words: with `When`, a question about the article's date.
    Reported,
    About,
    Said,
    Where,
    /// "What can't Amazon do", "i limiti dell'accordo": a sentence that says
    /// what is not so is preferred.
    Negation,
    /// "Who wrote the article", "chi firma l'articolo": the byline answers.
    Author,
    /// "Why", "perché", "come mai": a sentence that gives a cause is preferred.
    Why,
}

/// Words that mean the same thing, per language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    #[serde(default)]
    pub it: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
    /// Money words: a sentence that gives an amount matches them.
    #[serde(default)]
    pub amount: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    stopwords: RawStopwords,
    cues: RawCues,
    #[serde(default)]
    concept: Vec<Concept>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStopwords {
    it: Vec<String>,
    en: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    amount: Vec<String>,
    worth: Vec<String>,
    percent: Vec<String>,
    stake: Vec<String>,
    count: Vec<String>,
    not_amount: Vec<String>,
    not_where: Vec<String>,
    not_said: Vec<String>,
    when: Vec<String>,
    who: Vec<String>,
    published: Vec<String>,
    age: Vec<String>,
    reported: Vec<String>,
    about: Vec<String>,
    said: Vec<String>,
    negation: Vec<String>,
    author: Vec<String>,
    why: Vec<String>,
    /// Words a sentence gives a cause or a purpose with ("because", "per via di").
    causal: Vec<String>,
    #[serde(rename = "where")]
    where_: Vec<String>,
}

/// The lexicon, ready for look-ups by folded word.
#[derive(Debug)]
pub struct Lexicon {
    stop_it: HashSet<String>,
    stop_en: HashSet<String>,
    cues: Vec<(Cue, Phrase)>,
    /// Per word: the indices in `cues` of the phrases it starts.
    cues_by_first_word: HashMap<String, Vec<usize>>,
    not_amount: Vec<Phrase>,
    not_where: Vec<Phrase>,
    not_said: Vec<Phrase>,
    causal: Vec<Phrase>,
    pub concepts: Vec<Concept>,
    by_word: HashMap<String, Vec<usize>>,
}

fn phrase(text: &str) -> Phrase {
    words(text).into_iter().map(|w| w.folded).collect()
}

impl Lexicon {
    pub fn parse(text: &str) -> Result<Lexicon> {
        let raw: RawLexicon = toml::from_str(text).map_err(|e| Error::Lexicon(e.to_string()))?;
        let fold_all = |ws: Vec<String>| ws.iter().map(|w| fold(w)).collect::<HashSet<_>>();
        let mut cues = Vec::new();
        for (cue, list) in [
            (Cue::Amount, raw.cues.amount),
            (Cue::Worth, raw.cues.worth),
            (Cue::Percent, raw.cues.percent),
            (Cue::Stake, raw.cues.stake),
            (Cue::Count, raw.cues.count),
            (Cue::When, raw.cues.when),
            (Cue::Who, raw.cues.who),
            (Cue::Published, raw.cues.published),
            (Cue::Age, raw.cues.age),
            (Cue::Reported, raw.cues.reported),
            (Cue::About, raw.cues.about),
            (Cue::Said, raw.cues.said),
            (Cue::Where, raw.cues.where_),
            (Cue::Negation, raw.cues.negation),
            (Cue::Author, raw.cues.author),
            (Cue::Why, raw.cues.why),
        ] {
            cues.extend(list.iter().map(|p| (cue, phrase(p))).filter(|(_, p)| !p.is_empty()));
        }
        // Longest phrases first, so "how much" wins over a shorter cue inside it.
        cues.sort_by_key(|(_, p)| std::cmp::Reverse(p.len()));
        let mut cues_by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
        for (k, (_, p)) in cues.iter().enumerate() {
            cues_by_first_word.entry(p[0].clone()).or_default().push(k);
        }
        let mut concepts = raw.concept;
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, concept) in concepts.iter_mut().enumerate() {
            for form in concept.it.iter_mut().chain(concept.en.iter_mut()) {
                *form = phrase(form).join(" ");
                let ids = by_word.entry(form.clone()).or_default();
                if !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
        Ok(Lexicon {
            stop_it: fold_all(raw.stopwords.it),
            stop_en: fold_all(raw.stopwords.en),
            cues,
            cues_by_first_word,
            not_amount: raw.cues.not_amount.iter().map(|p| phrase(p)).collect(),
            not_where: raw.cues.not_where.iter().map(|p| phrase(p)).collect(),
            not_said: raw.cues.not_said.iter().map(|p| phrase(p)).collect(),
            causal: raw.cues.causal.iter().map(|p| phrase(p)).collect(),
            concepts,
            by_word,
        })
    }

    /// Whether `text` gives a cause or a purpose: it has one of the causal
    /// phrases ("because", "a causa di", "in order to").
    pub fn gives_cause(&self, text: &str) -> bool {
        let folded: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
        let folded: Vec<&str> = folded.iter().map(String::as_str).collect();
        self.causal.iter().any(|p| !find_all(&folded, p).is_empty())
    }

    /// The lexicon shipped in the crate.
    pub fn shipped() -> Lexicon {
        Lexicon::parse(DEFAULT_LEXICON).expect("the shipped lexicon parses (tested)")
    }

    pub fn stopwords(&self, lang: Lang) -> &HashSet<String> {
        match lang {
            Lang::It => &self.stop_it,
            Lang::En => &self.stop_en,
        }
    }

    pub fn is_stopword(&self, folded: &str) -> bool {
        self.stop_it.contains(folded) || self.stop_en.contains(folded)
    }

    /// The stopword `folded` is, typed with two letters swapped ("teh", "waht")
    /// or a double letter typed once ("wil", "vorà"), if it can be only one
    /// ("hwo" could be "how" or "who": none).
    pub fn mistyped_stopword(&self, folded: &str) -> Option<String> {
        let chars: Vec<char> = folded.chars().collect();
        if chars.len() < 3 || self.is_stopword(folded) {
            return None;
        }
        let swapped = (0..chars.len() - 1).map(|i| {
            let mut word = chars.clone();
            word.swap(i, i + 1);
            word
        });
        let doubled = (0..chars.len()).map(|i| {
            let mut word = chars.clone();
            word.insert(i, chars[i]);
            word
        });
        let mut found = swapped.chain(doubled).filter_map(|word| {
            let word: String = word.iter().collect();
            (word != folded && self.is_stopword(&word)).then_some(word)
        });
        let first = found.next()?;
        found.all(|other| other == first).then_some(first)
    }

    /// The stopword `folded` is with its last vowel cut off before an
    /// apostrophe ("com'è" → "come", "dov'è" → "dove"), if it can be only one.
    pub fn elided_stopword(&self, folded: &str) -> Option<String> {
        let mut found = ['e', 'o', 'a', 'i']
            .into_iter()
            .map(|v| format!("{folded}{v}"))
            .filter(|word| self.is_stopword(word));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The concepts a folded word, or two words joined by a space, belong to.
    pub fn concepts_of(&self, folded: &str) -> &[usize] {
        self.by_word.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Every word the lexicon knows, for spelling correction.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.by_word.keys().map(String::as_str)
    }

    /// Finds the cues in a question's folded words. Returns the cues and, for each
    /// word, the cue it belongs to.
    pub fn cues(&self, folded: &[&str]) -> (Vec<Cue>, Vec<Option<Cue>>) {
        let mut used = vec![None; folded.len()];
        let mut found = Vec::new();
        let mut blocked = vec![false; folded.len()];
        for p in &self.not_amount {
            for start in find_all(folded, p) {
                blocked[start..start + p.len()].iter_mut().for_each(|b| *b = true);
            }
        }
        let mut claimed: Vec<std::ops::Range<usize>> = Vec::new();
        // Every cue phrase in the question, through the phrases each word starts,
        // then taken in the order of `self.cues` (longest first), as if each
        // phrase were looked for in turn.
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for (start, w) in folded.iter().enumerate() {
            for &k in self.cues_by_first_word.get(*w).into_iter().flatten() {
                let p = &self.cues[k].1;
                let end = start + p.len();
                if end <= folded.len() && folded[start..end].iter().zip(p).all(|(a, b)| *a == b) {
                    matches.push((k, start));
                }
            }
        }
        matches.sort_unstable();
        for (k, start) in matches {
            let (cue, p) = &self.cues[k];
            let span = start..start + p.len();
            if matches!(cue, Cue::Amount | Cue::Percent | Cue::Stake | Cue::Count)
                && blocked[span.clone()].iter().any(|&b| b)
            {
                continue;
            }
            if used[span.clone()].iter().any(Option::is_some) {
                // The very phrase another cue claimed gives this cue too
                // ("what date": when, and the article's date).
                if claimed.contains(&span) && !found.contains(cue) {
                    found.push(*cue);
                }
                continue;
            }
            used[span.clone()].iter_mut().for_each(|u| *u = Some(*cue));
            claimed.push(span);
            if !found.contains(cue) {
                found.push(*cue);
            }
        }
        for (phrases, cue) in [(&self.not_where, Cue::Where), (&self.not_said, Cue::Said)] {
            if phrases.iter().any(|p| !find_all(folded, p).is_empty()) {
                found.retain(|c| *c != cue);
            }
        }
        (found, used)
    }
}

fn find_all(haystack: &[&str], needle: &[String]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| haystack[i..i + needle.len()].iter().zip(needle).all(|(a, b)| *a == b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicon_parses() {
        let lexicon = Lexicon::shipped();
        assert!(lexicon.is_stopword("della"));
        assert!(lexicon.is_stopword("the"));
        assert_eq!(lexicon.mistyped_stopword("teh").as_deref(), Some("the"));
        assert_eq!(lexicon.mistyped_stopword("waht").as_deref(), Some("what"));
        assert_eq!(lexicon.mistyped_stopword("wil").as_deref(), Some("will"));
        assert_eq!(lexicon.mistyped_stopword("hwo"), None, "how or who");
        assert_eq!(lexicon.mistyped_stopword("the"), None);
        assert_eq!(lexicon.mistyped_stopword("chips"), None);
        assert_eq!(lexicon.elided_stopword("com").as_deref(), Some("come"));
        assert_eq!(lexicon.elided_stopword("dov").as_deref(), Some("dove"));
        assert!(!lexicon.concepts_of("intesa").is_empty());
        assert_eq!(lexicon.concepts_of("intesa"), lexicon.concepts_of("deal"));
    }

    #[test]
    fn cues_find_the_longest_phrase_and_mark_its_words() {
        let lexicon = Lexicon::shipped();
        let (cues, used) = lexicon.cues(&["how", "much", "is", "the", "deal"]);
        assert_eq!(cues, [Cue::Amount]);
        assert_eq!(used, [Some(Cue::Amount), Some(Cue::Amount), None, None, None]);
    }

    #[test]
    fn quanto_tempo_and_how_much_time_ask_when_as_how_long_does() {
        let lexicon = Lexicon::shipped();
        for question in [
            &["how", "long", "does", "it", "have"][..],
            &["how", "much", "time", "does", "it", "have"],
            &["quanto", "tempo", "ha"],
        ] {
            let (cues, used) = lexicon.cues(question);
            assert_eq!(cues, [Cue::When], "{question:?}");
            assert!(
                used.iter().flatten().count() >= 2,
                "{question:?}: the phrase is the cue, no word of it a concept"
            );
        }
    }

    #[test]
    fn secondo_quanto_is_not_a_question_of_amount() {
        let lexicon = Lexicon::shipped();
        let (cues, _) = lexicon.cues(&["secondo", "quanto", "riporta", "il", "ft"]);
        assert!(!cues.contains(&Cue::Amount));
    }
}
