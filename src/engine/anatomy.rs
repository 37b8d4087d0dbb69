//! How a news page is written, as data: the abbreviations that do not end a
//! sentence, the words that open a byline and join its names, and the month
//! names, per language, in `anatomy.toml` beside this file. The sentence
//! splitter ([`super::text`]) and the byline reader ([`super::byline`]) read
//! them from here; this module only indexes them, and imports nothing of the
//! engine, so both can use it.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;

/// The data shipped with dealbot; part of the index fingerprint, so an index
/// is rebuilt when it changes.
pub const ANATOMY: &str = include_str!("anatomy.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    it: RawLanguage,
    en: RawLanguage,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    abbreviations: Vec<String>,
    before_number: Vec<String>,
    byline: Vec<String>,
    joiners: Vec<String>,
    particles: Vec<String>,
    months: Vec<Vec<String>>,
    ordinals: Vec<Vec<String>>,
    quarter: Vec<String>,
    half: Vec<String>,
}

/// The words of `anatomy.toml`, both languages together: an article in one
/// language quotes names and bylines written in the other.
#[derive(Debug)]
pub struct Anatomy {
    abbreviations: HashSet<String>,
    before_number: HashSet<String>,
    /// Byline openers as word sequences ("a cura di" is three words).
    byline: Vec<Vec<String>>,
    joiners: HashSet<String>,
    particles: HashSet<String>,
    /// Each month's names, with its number (1 = January).
    months: Vec<(String, u32)>,
    /// Each month's full name (the first the file gives), with its number.
    full_months: Vec<(String, u32)>,
    /// Each ordinal's forms, with its number (1 = first).
    ordinals: Vec<(String, u32)>,
    quarter: HashSet<String>,
    half: HashSet<String>,
}

impl Anatomy {
    fn parse(text: &str) -> Result<Anatomy, toml::de::Error> {
        let raw: Raw = toml::from_str(text)?;
        let mut anatomy = Anatomy {
            abbreviations: HashSet::default(),
            before_number: HashSet::default(),
            byline: Vec::new(),
            joiners: HashSet::default(),
            particles: HashSet::default(),
            months: Vec::new(),
            full_months: Vec::new(),
            ordinals: Vec::new(),
            quarter: HashSet::default(),
            half: HashSet::default(),
        };
        for lang in [raw.it, raw.en] {
            anatomy.abbreviations.extend(lang.abbreviations);
            anatomy.before_number.extend(lang.before_number);
            anatomy.byline.extend(
                lang.byline
                    .iter()
                    .map(|b| b.split_whitespace().map(str::to_owned).collect()),
            );
            anatomy.joiners.extend(lang.joiners);
            anatomy.particles.extend(lang.particles);
            for (n, names) in (1..).zip(lang.months) {
                anatomy.full_months.extend(names.first().map(|name| (name.clone(), n)));
                anatomy.months.extend(names.into_iter().map(|name| (name, n)));
            }
            for (n, forms) in (1..).zip(lang.ordinals) {
                anatomy.ordinals.extend(forms.into_iter().map(|form| (form, n)));
            }
            anatomy.quarter.extend(lang.quarter);
            anatomy.half.extend(lang.half);
        }
        // The longest opener first: "a cura di" before "di".
        anatomy.byline.sort_by_key(|b| std::cmp::Reverse(b.len()));
        Ok(anatomy)
    }

    /// Whether a full stop after `word` (folded) never ends a sentence.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(word)
    }

    /// Whether a full stop after `word` (folded) does not end a sentence when a
    /// number follows ("No. 1").
    pub fn is_abbreviation_before_number(&self, word: &str) -> bool {
        self.before_number.contains(word)
    }

    /// How many of `words` (folded) open a byline: 0 when they do not.
    pub fn byline_opener(&self, words: &[&str]) -> usize {
        self.byline
            .iter()
            .find(|opener| opener.len() <= words.len() && opener.iter().zip(words).all(|(a, b)| a == b))
            .map_or(0, Vec::len)
    }

    /// Whether `word` (folded) joins two authors' names.
    pub fn is_joiner(&self, word: &str) -> bool {
        self.joiners.contains(word)
    }

    /// Whether `word` (folded) is a lowercase word inside a name.
    pub fn is_particle(&self, word: &str) -> bool {
        self.particles.contains(word)
    }

    /// The number of the month `word` (folded) names, 1 for January.
    pub fn month(&self, word: &str) -> Option<u32> {
        self.months.iter().find(|(name, _)| name == word).map(|&(_, n)| n)
    }

    /// The month a question's word (folded) names: only a month's full name,
    /// for a short form is a word too ("set", "mar"), and not one that is
    /// also among the stopwords `is_word` knows (English "may").
    pub fn month_in_question(&self, word: &str, is_word: impl Fn(&str) -> bool) -> Option<u32> {
        self.full_months
            .iter()
            .find(|(name, _)| name == word && !is_word(name))
            .map(|&(_, n)| n)
    }

    /// The months a part of the year names, as a range: "Q2", "H1", or an
    /// ordinal and a quarter or a half ("secondo trimestre", "first half"),
    /// read from `words` (folded) at `at`. Returns the range and how many
    /// words name it.
    pub fn part_of_year(&self, words: &[&str], at: usize) -> Option<((u32, u32), usize)> {
        let word = *words.get(at)?;
        let numbered = |prefix: char, most: u32| {
            word.strip_prefix(prefix)
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| (1..=most).contains(n))
        };
        if let Some(q) = numbered('q', 4) {
            return Some(((q * 3 - 2, q * 3), 1));
        }
        if let Some(h) = numbered('h', 2) {
            return Some(((h * 6 - 5, h * 6), 1));
        }
        let (_, n) = self.ordinals.iter().find(|(form, _)| form == word)?;
        let part = *words.get(at + 1)?;
        if self.quarter.contains(part) && *n <= 4 {
            Some(((n * 3 - 2, n * 3), 2))
        } else if self.half.contains(part) && *n <= 2 {
            Some(((n * 6 - 5, n * 6), 2))
        } else {
            None
        }
    }
}

/// The shipped data, read once. A test parses it, so a broken file fails the
/// build's tests rather than a start-up.
pub fn anatomy() -> &'static Anatomy {
    static ANATOMY_DATA: LazyLock<Anatomy> =
        LazyLock::new(|| Anatomy::parse(ANATOMY).expect("anatomy.toml parses (tested)"));
    &ANATOMY_DATA
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_anatomy_parses_and_knows_both_languages() {
        let a = Anatomy::parse(ANATOMY).unwrap();
        assert!(a.is_abbreviation("dott") && a.is_abbreviation("inc"));
        assert!(a.is_abbreviation_before_number("no") && !a.is_abbreviation("no"));
        assert_eq!(
            (a.month("gennaio"), a.month("march"), a.month("sept")),
            (Some(1), Some(3), Some(9))
        );
        assert_eq!(a.byline_opener(&["a", "cura", "di", "anna"]), 3);
        assert_eq!(a.byline_opener(&["by", "tom"]), 1);
        assert_eq!(a.byline_opener(&["secondo", "anna"]), 0);
        assert!(a.is_joiner("and") && a.is_particle("van"));
        assert_eq!(a.part_of_year(&["nel", "secondo", "trimestre"], 1), Some(((4, 6), 2)));
        assert_eq!(a.part_of_year(&["third", "quarter"], 0), Some(((7, 9), 2)));
        assert_eq!(a.part_of_year(&["first", "half"], 0), Some(((1, 6), 2)));
        assert_eq!(a.part_of_year(&["q4"], 0), Some(((10, 12), 1)));
        assert_eq!(a.part_of_year(&["h2"], 0), Some(((7, 12), 1)));
        assert_eq!(a.part_of_year(&["q5"], 0), None);
        assert_eq!(a.part_of_year(&["third", "half"], 0), None);
        assert_eq!(a.part_of_year(&["second", "round"], 0), None);
    }
}
