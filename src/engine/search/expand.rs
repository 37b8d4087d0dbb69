//! Expansion and translation: the terms a question word searches for, in both languages, through the lexicon, the general dictionary and cognates.

use crate::engine::dictionary::cognate_key;
use crate::engine::lexicon::{Cue, Lexicon};
use crate::engine::schema::Analyzers;
use crate::engine::text::Lang;

use super::Snapshot;

/// An ordinary word the articles never use weighs this much of a word they use once:
/// it may be a paraphrase ("reach", "role"), or the very thing they do not cover.
const UNKNOWN_WORD_WEIGHT: f32 = 0.6;
/// An ordinary word of the general dictionary the articles never use weighs this
/// much of a word they use once: less than an unknown word, since a paraphrase
/// ("handing over", "mettere in campo") is made of such words.
const ORDINARY_WORD_WEIGHT: f32 = 0.3;

/// A word near in meaning ([`Snapshot::near_for`]) is searched with this boost:
/// a way through another language's word may change the meaning.
const NEAR_BOOST: f32 = 0.5;
/// A word is near another when the dictionary reaches it from this many of the
/// other's translations: one way through may be another sense of a word
/// ("board" → "salire" → "climb"), two ways agree on the meaning.
const NEAR_PATHS: usize = 2;

impl Snapshot {
    /// "Who reported the talks?", "Secondo chi …?": the one to name is a source,
    /// so the answer is the sentence that says who reported. Returns the ids of
    /// the reporting concept, added to `concepts` when the question has no word of it.
    pub(super) fn source(
        &self,
        lexicon: &Lexicon,
        analyzers: &mut Analyzers,
        cues: &[Cue],
        concepts: &mut Vec<Concept>,
    ) -> Option<Vec<u32>> {
        if !(cues.contains(&Cue::Who) && cues.contains(&Cue::Reported)) {
            return None;
        }
        let stemmed = Stemmed::new(analyzers, REPORTED);
        let (terms, ids, amountish) = self.terms_for(lexicon, analyzers, REPORTED, &stemmed, Lang::En, false);
        if ids.is_empty() {
            return None;
        }
        if !concepts.iter().any(|c| c.ids == ids) {
            concepts.push(Concept {
                focus: false,
                weight: self.weight(&ids, Rarity::Unknown),
                terms,
                ids: ids.clone(),
                near: Vec::new(),
                owner: Vec::new(),
                amountish,
                topic: None,
                name: false,
                unknown_name: false,
                setting: false,
                acronym: None,
                time: false,
            });
        }
        Some(ids)
    }

    /// The terms a question word searches for: its own stems in both languages and
    /// those of every lexicon concept it belongs to, as far as the articles use them.
    /// `stemmed` is the word's stems ([`Stemmed::new`] of `surface`).
    /// Returns (field, stem, boost) to search, their vocabulary ids (sorted), and
    /// whether the word is about money.
    pub(super) fn terms_for(
        &self,
        lexicon: &Lexicon,
        analyzers: &mut Analyzers,
        surface: &str,
        stemmed: &Stemmed,
        asked: Lang,
        name: bool,
    ) -> (Vec<(tantivy::schema::Field, String, f32)>, Vec<u32>, bool) {
        let mut found: Vec<(Lang, &str, u32)> = Vec::new();
        for lang in [Lang::It, Lang::En] {
            let stems = stemmed.stems(lang);
            // English plurals the stemmer keeps apart ("GPUs" stays "gpus"): a
            // word also finds its form with or without a final "s".
            let plural: Vec<String> = if lang == Lang::En && stems.len() == 1 {
                let other = match surface.strip_suffix('s') {
                    Some(singular) => singular.to_owned(),
                    None => format!("{surface}s"),
                };
                // Not when that form is a word of its own ("new", "news").
                (analyzers.stems(lang, &other).into_iter().map(|s| s.text))
                    .filter(|stem| stems.contains(stem) || !self.dictionary.translates(lang, stem))
                    .collect()
            } else {
                Vec::new()
            };
            // The other spelling of an English word the articles write only that
            // way ("data centres" for their "data centers").
            let spelled: Vec<String> =
                if lang == Lang::En && stems.iter().any(|stem| self.vocab.lookup(lang, stem).is_none()) {
                    (crate::engine::text::english_spellings(surface).iter())
                        .flat_map(|other| analyzers.stems(lang, other))
                        .map(|s| s.text)
                        .filter(|stem| self.vocab.lookup(lang, stem).is_some())
                        .collect()
                } else {
                    Vec::new()
                };
            for stem in stems.iter().chain(&plural).chain(&spelled) {
                if let Some(id) = self.vocab.lookup(lang, stem) {
                    found.push((lang, &self.vocab.stem[id as usize], id));
                }
                // The same word in the other language's shape (contratto/contract).
                let cognates = cognate_key(stem).and_then(|key| self.vocab.cognates.get(&(lang.other(), key)));
                for &id in cognates.into_iter().flatten() {
                    found.push((lang.other(), &self.vocab.stem[id as usize], id));
                }
            }
            // Its translations, as far as the articles use them; a phrase's every
            // word must be there ("chief executive").
            // Translated from the question's language only: read as the other, an
            // English word can be an Italian one of another meaning ("capital").
            if lang != asked {
                continue;
            }
            // A word the dictionary has is translated by its own pairs, not by
            // every pair of its stem, which may be another word's ("Milano"
            // stems as "mila", a thousand, does); an inflected form by its
            // stem's. A name the dictionary does not have is not translated.
            let translations: Vec<&[String]> = match self.dictionary.word_translations(lang, surface) {
                Some(own) => own.collect(),
                None if name => Vec::new(),
                None => self.dictionary.translations(lang, stemmed.key(lang)).collect(),
            };
            for translation in translations {
                let ids: Option<Vec<u32>> = translation
                    .iter()
                    .map(|stem| self.vocab.lookup(lang.other(), stem))
                    .collect();
                for (stem, id) in translation.iter().zip(ids.into_iter().flatten()) {
                    found.push((lang.other(), stem, id));
                }
            }
        }
        let mut amountish = false;
        for &c in lexicon.concepts_of(surface) {
            amountish |= lexicon.concepts[c].amount;
            found.extend(
                self.vocab.concept_terms[c]
                    .iter()
                    .map(|(lang, stem, id)| (*lang, stem.as_str(), *id)),
            );
        }
        let mut terms = Vec::new();
        let mut ids = Vec::new();
        for (lang, stem, id) in found {
            if !ids.contains(&id) {
                ids.push(id);
                if self.vocab.in_headings.contains(&id) {
                    terms.push((self.fields.section(lang), stem.to_owned(), 0.5));
                }
                terms.push((self.fields.text(lang), stem.to_owned(), 1.0));
            }
        }
        ids.sort_unstable();
        (terms, ids, amountish)
    }

    /// Words near in meaning to a question word, in its own language: those the
    /// dictionary reaches back from at least [`NEAR_PATHS`] of its translations
    /// ("own" → "possedere", "detenere" → "hold"; "azioni" → "shares", "stock" →
    /// "titolo"), as far as the articles use them and `ids` (the word's own
    /// terms) does not have them. A word the articles never use (`ids` empty)
    /// also takes the phrases its translations reach back ("cfo" → "direttore
    /// finanziario" → "chief financial officer"): that is all a sentence of
    /// theirs can say of it. Returns terms to search, at [`NEAR_BOOST`],
    /// and their ids, sorted. A name the dictionary does not have has none, as
    /// it has no translation ([`Snapshot::terms_for`]).
    pub(super) fn near_for(
        &self,
        surface: &str,
        stemmed: &Stemmed,
        asked: Lang,
        ids: &[u32],
        name: bool,
    ) -> (Vec<(tantivy::schema::Field, String, f32)>, Vec<u32>) {
        if name && !self.dictionary.has_word(asked, surface) {
            return (Vec::new(), Vec::new());
        }
        // (id, stem, translations it is reached from)
        let mut reached: Vec<(u32, &str, usize)> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for translation in self.dictionary.translations(asked, stemmed.key(asked)) {
            let key = translation.join(" ");
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let key = seen.last().expect("just pushed");
            let mut this: Vec<u32> = Vec::new();
            for back in self.dictionary.translations(asked.other(), key) {
                // A word the articles never use may be their phrase's short form
                // ("cfo": "chief financial officer"), every word of it theirs.
                if back.len() > 1 && !ids.is_empty() {
                    continue;
                }
                let Some(found) = back
                    .iter()
                    .map(|stem| self.vocab.lookup(asked, stem).map(|id| (id, stem.as_str())))
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                // A phrase counts as two ways through: its words together
                // leave the word no other sense.
                let ways = if back.len() > 1 { NEAR_PATHS } else { 1 };
                for (id, stem) in found {
                    if ids.contains(&id) || this.contains(&id) {
                        continue;
                    }
                    this.push(id);
                    match reached.iter_mut().find(|r| r.0 == id) {
                        Some(r) => r.2 += ways,
                        None => reached.push((id, stem, ways)),
                    }
                }
            }
        }
        let mut terms = Vec::new();
        let mut near = Vec::new();
        for (id, stem, paths) in reached {
            if paths >= NEAR_PATHS {
                near.push(id);
                terms.push((self.fields.text(asked), stem.to_owned(), NEAR_BOOST));
            }
        }
        near.sort_unstable();
        (terms, near)
    }

    /// Whether the general dictionary has the word `stemmed` is in either language.
    pub(super) fn in_dictionary(&self, stemmed: &Stemmed) -> bool {
        [Lang::It, Lang::En]
            .into_iter()
            .any(|lang| !stemmed.stems(lang).is_empty() && self.dictionary.translates(lang, stemmed.key(lang)))
    }

    /// A concept's weight: the inverse document frequency of its most common term.
    /// A name the articles never mention weighs like a term found nowhere; an
    /// ordinary word they never use, a fraction of a term found once.
    pub(super) fn weight(&self, ids: &[u32], rarity: Rarity) -> f32 {
        match (ids.iter().map(|&id| self.vocab.df[id as usize]).max(), rarity) {
            (Some(df), _) => self.vocab.idf(df),
            (None, Rarity::Absent) => self.vocab.idf(0),
            (None, Rarity::Unknown) => self.vocab.idf(1) * UNKNOWN_WORD_WEIGHT,
            (None, Rarity::Ordinary) => self.vocab.idf(1) * ORDINARY_WORD_WEIGHT,
        }
    }
}

/// A question word's stems in each language, and their space-joined dictionary
/// key: taken once per word, for the dictionary check and for the expansion.
pub(super) struct Stemmed {
    /// Italian, then English.
    stems: [Vec<String>; 2],
    keys: [String; 2],
}

impl Stemmed {
    pub(super) fn new(analyzers: &mut Analyzers, word: &str) -> Stemmed {
        let stems: [Vec<String>; 2] =
            [Lang::It, Lang::En].map(|lang| analyzers.stems(lang, word).into_iter().map(|s| s.text).collect());
        let keys = [0, 1].map(|i: usize| stems[i].join(" "));
        Stemmed { stems, keys }
    }

    fn slot(lang: Lang) -> usize {
        match lang {
            Lang::It => 0,
            Lang::En => 1,
        }
    }

    pub(super) fn stems(&self, lang: Lang) -> &[String] {
        &self.stems[Self::slot(lang)]
    }

    /// The stems joined by spaces, as the dictionary keys its entries.
    pub(super) fn key(&self, lang: Lang) -> &str {
        &self.keys[Self::slot(lang)]
    }
}

/// A word of the lexicon's reporting concept ("riportato", "source", …).
pub(super) const REPORTED: &str = "reported";

/// How much a question word the articles never use weighs against an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rarity {
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
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts about one word (money, name, focus, unknown name), not states"
)]
pub(super) struct Concept {
    /// (field, stem, boost) to search.
    pub(super) terms: Vec<(tantivy::schema::Field, String, f32)>,
    /// The vocabulary ids of those terms, sorted (empty: the articles never say it).
    pub(super) ids: Vec<u32>,
    /// Words near in meaning, in the question's language ("own" → "hold"),
    /// sorted: a sentence that says one of them says the concept in part.
    pub(super) near: Vec<u32>,
    /// The ids of the name whose thing this is ("*Microsoft* shares", "azioni
    /// *AMD*", "*Oracle's* contract"); empty when the question says no owner.
    pub(super) owner: Vec<u32>,
    /// Money words ("cifra", "dollars"): any sentence giving an amount matches them.
    pub(super) amountish: bool,
    /// The figure topic the word names, if any ("accordo" → Deal).
    pub(super) topic: Option<&'static str>,
    pub(super) weight: f32,
    /// A name the articles mention: the answer's paragraph must mention it too.
    pub(super) name: bool,
    /// The thing asked for ("*which* newspaper"): an answer's paragraph must say it.
    pub(super) focus: bool,
    /// Looks like a name, or names a currency, that the articles never mention:
    /// the question is not theirs (an acronym, unless a sentence spells it out).
    pub(super) unknown_name: bool,
    /// Sets the scene ("worth *after the deal*"): not what the question asks about.
    pub(super) setting: bool,
    /// Written as an acronym ("AGI", "IP"): its letters, folded. A sentence that
    /// spells it out ("artificial general intelligence") says it.
    pub(super) acronym: Option<String>,
    /// Names a time no article writes as such ("q2"): a sentence or article of
    /// that time says it.
    pub(super) time: bool,
}

impl Concept {
    pub(super) fn known(&self) -> bool {
        !self.ids.is_empty()
    }
}
