//! Spelling correction for question words, against the words the articles and
//! the lexicon actually contain: a symmetric-delete index (as `SymSpell` does), so
//! a look-up costs a few hash probes whatever the size of the vocabulary.

use rustc_hash::FxHashMap as HashMap;

/// The known words and, for each word with one letter deleted, the words it came from.
#[derive(Debug, Default)]
pub struct Speller {
    words: Vec<String>,
    frequency: Vec<u32>,
    /// Whether the articles themselves use the word (not only the lexicon).
    in_text: Vec<bool>,
    deletes: HashMap<String, Vec<u32>>,
    known: HashMap<String, u32>,
}

/// Words shorter than this are not known to the speller.
const MIN_LEN: usize = 4;

/// Words shorter than this are never corrected: too many real words are one letter
/// apart from each other ("chap" is not a typo of "chip").
const MIN_CORRECTED_LEN: usize = 5;

fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    })
}

impl Speller {
    /// Adds a folded word, counting how often it occurs. `in_text` says whether the
    /// articles use it; words only the lexicon knows are corrected to only from long
    /// words, where two edits still leave little doubt.
    pub fn add(&mut self, word: &str, in_text: bool) {
        if word.chars().count() < MIN_LEN || word.chars().any(|c| c.is_ascii_digit()) {
            return;
        }
        if let Some(&id) = self.known.get(word) {
            self.frequency[id as usize] += 1;
            self.in_text[id as usize] |= in_text;
            return;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
        self.words.push(word.to_owned());
        self.frequency.push(1);
        self.in_text.push(in_text);
        self.known.insert(word.to_owned(), id);
        for d in deletions(word) {
            self.deletes.entry(d).or_default().push(id);
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.known.contains_key(word)
    }

    /// The closest known word to an unknown `word`: one edit away for words of up
    /// to seven letters, two for longer ones; the most frequent on a tie.
    pub fn correct(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < MIN_CORRECTED_LEN || self.contains(word) || len > 40 {
            return None;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let mut candidates: Vec<u32> = Vec::new();
        if let Some(ids) = self.deletes.get(word) {
            candidates.extend(ids);
        }
        for d in deletions(word) {
            if let Some(&id) = self.known.get(&d) {
                candidates.push(id);
            }
            if let Some(ids) = self.deletes.get(&d) {
                candidates.extend(ids);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter_map(|id| {
                let candidate = &self.words[id as usize];
                let d = distance(word, candidate);
                let trusted = self.in_text[id as usize] || len >= 8;
                (d <= max && trusted).then_some((d, std::cmp::Reverse(self.frequency[id as usize]), candidate))
            })
            .min()
            .map(|(_, _, w)| w.as_str())
    }
}

/// Edit distance with adjacent transpositions (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speller() -> Speller {
        let mut s = Speller::default();
        for w in [
            "accordo",
            "amazon",
            "valutazione",
            "trainium",
            "microsoft",
            "investitori",
            "chip",
        ] {
            s.add(w, true);
        }
        s.add("react", false);
        s.add("profitable", false);
        s
    }

    #[test]
    fn typos_are_corrected_to_known_words() {
        let s = speller();
        assert_eq!(s.correct("acordo"), Some("accordo"));
        assert_eq!(s.correct("amazn"), Some("amazon"));
        assert_eq!(s.correct("valutazone"), Some("valutazione"));
        assert_eq!(s.correct("trainuim"), Some("trainium"));
        assert_eq!(s.correct("microsfot"), Some("microsoft"));
        assert_eq!(s.correct("investitor"), Some("investitori"));
    }

    #[test]
    fn unrelated_and_short_words_are_left_alone() {
        let s = speller();
        assert_eq!(s.correct("google"), None);
        assert_eq!(s.correct("anthropic"), None);
        assert_eq!(s.correct("chap"), None);
        assert_eq!(s.correct("amazon"), None);
    }

    #[test]
    fn short_words_are_corrected_only_to_words_of_the_articles() {
        let s = speller();
        assert_eq!(s.correct("reach"), None, "not to the lexicon's \"react\"");
        assert_eq!(s.correct("profitabel"), Some("profitable"));
    }

    #[test]
    fn distance_counts_transpositions_as_one_edit() {
        assert_eq!(distance("trainuim", "trainium"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("", "abc"), 3);
    }
}
