//! The general Italian↔English dictionary: how a question in one language finds
//! the sentences of an article in the other when no translation is beside it.
//!
//! The entries are data, not code: `src/engine/vocabulary/*.tsv`, one pair a line
//! (`italiano<TAB>english`), compiled into the binary. They are general news,
//! business, finance and technology vocabulary, written for dealbot and not
//! fitted to any article; docs/GUIDE.md says how to extend them. Both sides go
//! through the index's own analyzers, so a question's inflected word finds its
//! entry by stem ("incassa" and "incassare" are one key) and its translation is
//! a stem of the other language's field.
//!
//! Beside the dictionary, [`cognate_key`] matches the many words the two
//! languages share by shape (contratto/contract, analisti/analysts,
//! infrastrutture/infrastructure) without any entry.

use std::collections::HashMap;

use super::schema::Analyzers;
use super::text::Lang;

/// The vocabulary files, by domain. Add a file here and to `vocabulary/`.
const FILES: [(&str, &str); 4] = [
    ("general", include_str!("vocabulary/general.tsv")),
    ("finance", include_str!("vocabulary/finance.tsv")),
    ("technology", include_str!("vocabulary/technology.tsv")),
    ("common", include_str!("vocabulary/common.tsv")),
];

/// The stems of a word or phrase in one language, as the index has them.
pub type Stems = Vec<String>;

/// A bilingual dictionary keyed by stems, read both ways.
#[derive(Debug, Default)]
pub struct Dictionary {
    /// Italian stems (space-joined) → the English stems of each translation.
    it_en: HashMap<String, Vec<Stems>>,
    /// English stems (space-joined) → the Italian stems of each translation.
    en_it: HashMap<String, Vec<Stems>>,
    /// The longest key, in stems: how many question words a phrase may span.
    longest: usize,
}

impl Dictionary {
    /// The dictionary compiled into the binary. A word that stands in several
    /// pairs is stemmed once (most do: one word, several senses).
    pub fn shipped(analyzers: &mut Analyzers) -> Dictionary {
        let mut dictionary = Dictionary::default();
        let mut memo: HashMap<(Lang, &str), Stems> = HashMap::new();
        let mut stems = |analyzers: &mut Analyzers, lang: Lang, text: &'static str| -> Stems {
            memo.entry((lang, text))
                .or_insert_with(|| stems_of(analyzers, lang, text))
                .clone()
        };
        for (it, en) in shipped_pairs() {
            let pair = (stems(analyzers, Lang::It, it), stems(analyzers, Lang::En, en));
            dictionary.insert(it, en, pair);
        }
        dictionary
    }

    /// Adds the pairs of a TSV text: `italiano<TAB>english` a line, `#` comments.
    /// A line that is not a pair is passed over.
    pub fn add_tsv(&mut self, analyzers: &mut Analyzers, text: &str) {
        for (it, en) in pairs(text) {
            self.add(analyzers, it, en);
        }
    }

    /// Adds one pair, both ways.
    pub fn add(&mut self, analyzers: &mut Analyzers, it: &str, en: &str) {
        let pair = (stems_of(analyzers, Lang::It, it), stems_of(analyzers, Lang::En, en));
        self.insert(it, en, pair);
    }

    /// Adds one pair, both ways, given the stems of each side.
    fn insert(&mut self, it: &str, en: &str, (it_stems, en_stems): (Stems, Stems)) {
        // Identical on both sides, the pair adds nothing the index lacks.
        if it_stems.is_empty() || en_stems.is_empty() || fold_eq(it, en) {
            return;
        }
        self.longest = self.longest.max(it_stems.len()).max(en_stems.len());
        push_unique(self.it_en.entry(it_stems.join(" ")).or_default(), en_stems.clone());
        push_unique(self.en_it.entry(en_stems.join(" ")).or_default(), it_stems);
    }

    /// The translations of a stem sequence of `from` (space-joined), as stems of
    /// the other language.
    pub fn translations(&self, from: Lang, key: &str) -> &[Stems] {
        let map = match from {
            Lang::It => &self.it_en,
            Lang::En => &self.en_it,
        };
        map.get(key).map_or(&[], Vec::as_slice)
    }

    /// How many stems the longest entry has.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// How many keys there are, both ways.
    pub fn len(&self) -> usize {
        self.it_en.len() + self.en_it.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The stems of a word or phrase in `lang`, as the index has them.
fn stems_of(analyzers: &mut Analyzers, lang: Lang, text: &str) -> Stems {
    analyzers.stems(lang, text).into_iter().map(|s| s.text).collect()
}

/// The pairs of a TSV text, as written: `(italiano, english)`.
fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        line.split_once('\t').map(|(it, en)| (it.trim(), en.trim()))
    })
}

/// Every pair of the shipped vocabulary as written, `(italiano, english)`, file
/// by file: the words themselves, for what needs a word and not a stem (the
/// labels of key figures).
pub fn shipped_pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().flat_map(|(_, text)| pairs(text))
}

fn push_unique(list: &mut Vec<Stems>, stems: Stems) {
    if !list.contains(&stems) {
        list.push(stems);
    }
}

fn fold_eq(a: &str, b: &str) -> bool {
    super::text::fold(a) == super::text::fold(b)
}

/// The shortest stem a cognate key is made of: shorter ones match by chance.
const MIN_COGNATE: usize = 5;

/// The shape a stem shares with its cognate in the other language, or `None` for
/// a stem too short to tell. The spellings that differ regularly between Italian
/// and English are brought together (ct/tt → t, ph → f, th → t, y → i, k/ch → c,
/// x → s, z → t), doubled letters are single, and final vowels go: so
/// "contratt" and "contract" are both "contrat", "analist" and "analyst" both
/// "analist", "infrastruttur" and "infrastructur" both "infrastrutur".
pub fn cognate_key(stem: &str) -> Option<String> {
    if stem.chars().count() < MIN_COGNATE || !stem.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let s = stem
        .replace("ph", "f")
        .replace("th", "t")
        .replace("ch", "c")
        .replace("ct", "t")
        .replace('y', "i")
        .replace('k', "c")
        .replace('x', "s")
        .replace('z', "t")
        .replace('j', "i");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    while out.len() > MIN_COGNATE - 1 && out.ends_with(['a', 'e', 'i', 'o', 'u']) {
        out.pop();
    }
    (out.len() >= MIN_COGNATE - 1).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Lexicon;

    fn stems(analyzers: &mut Analyzers, lang: Lang, word: &str) -> String {
        analyzers
            .stems(lang, word)
            .into_iter()
            .map(|s| s.text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_shipped_dictionary_reads_both_ways_by_stem() {
        let mut analyzers = Analyzers::new(&Lexicon::shipped());
        let dictionary = Dictionary::shipped(&mut analyzers);
        assert!(dictionary.len() > 4_000, "{} keys", dictionary.len());
        // An inflected Italian word finds its entry through its stem.
        let key = stems(&mut analyzers, Lang::It, "ricavi");
        let revenue = stems(&mut analyzers, Lang::En, "revenue");
        assert!(
            dictionary
                .translations(Lang::It, &key)
                .iter()
                .any(|t| t.join(" ") == revenue)
        );
        let key = stems(&mut analyzers, Lang::En, "shares");
        let azioni = stems(&mut analyzers, Lang::It, "azioni");
        assert!(
            dictionary
                .translations(Lang::En, &key)
                .iter()
                .any(|t| t.join(" ") == azioni)
        );
    }

    #[test]
    fn everyday_words_translate_both_ways() {
        let mut analyzers = Analyzers::new(&Lexicon::shipped());
        let dictionary = Dictionary::shipped(&mut analyzers);
        for (it, en) in [
            ("aggiuntivo", "additional"),
            ("ulteriore", "further"),
            ("nonostante", "despite"),
        ] {
            let it_key = stems(&mut analyzers, Lang::It, it);
            let en_key = stems(&mut analyzers, Lang::En, en);
            let has =
                |from, key: &str, want: &str| dictionary.translations(from, key).iter().any(|t| t.join(" ") == want);
            assert!(has(Lang::En, &en_key, &it_key), "{en} → {it}");
            assert!(has(Lang::It, &it_key, &en_key), "{it} → {en}");
        }
    }

    #[test]
    fn the_everyday_words_repeat_no_pair_of_the_domain_files() {
        let domain: std::collections::HashSet<(&str, &str)> = FILES
            .iter()
            .filter(|(name, _)| *name != "common")
            .flat_map(|(_, text)| pairs(text))
            .collect();
        let (_, common) = FILES.iter().find(|(name, _)| *name == "common").unwrap();
        let repeated: Vec<_> = pairs(common).filter(|pair| domain.contains(pair)).collect();
        assert!(repeated.is_empty(), "{repeated:?}");
    }

    #[test]
    fn a_phrase_is_one_entry_and_one_word_pairs_are_both_ways() {
        let mut analyzers = Analyzers::new(&Lexicon::shipped());
        let mut dictionary = Dictionary::default();
        dictionary.add_tsv(
            &mut analyzers,
            "# a comment\namministratore delegato\tchief executive\nnot a pair\n",
        );
        let key = stems(&mut analyzers, Lang::It, "amministratore delegato");
        assert_eq!(dictionary.translations(Lang::It, &key).len(), 1);
        assert_eq!(dictionary.longest(), 2);
        assert!(dictionary.translations(Lang::It, "nonesuch").is_empty());
    }

    #[test]
    fn cognates_share_a_key_and_short_stems_have_none() {
        let key = |w| cognate_key(w).unwrap();
        assert_eq!(key("contratt"), key("contract"));
        assert_eq!(key("analist"), key("analyst"));
        assert_eq!(key("infrastruttur"), key("infrastructur"));
        assert_eq!(key("tecnolog"), key("technolog"));
        assert_ne!(key("contratt"), key("contribut"));
        assert_eq!(cognate_key("chip"), None);
        assert_eq!(cognate_key("città"), None);
    }
}
