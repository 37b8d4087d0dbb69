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

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use super::schema::Analyzers;
use super::text::{Lang, fold};

/// The vocabulary files, by domain. Add a file here and to `vocabulary/`.
pub const FILES: [(&str, &str); 4] = [
    ("general", include_str!("vocabulary/general.tsv")),
    ("finance", include_str!("vocabulary/finance.tsv")),
    ("technology", include_str!("vocabulary/technology.tsv")),
    ("common", include_str!("vocabulary/common.tsv")),
];

/// The stems of a word or phrase in one language, as the index has them.
pub type Stems = Vec<String>;

/// A bilingual dictionary keyed by stems, read both ways.
///
/// Each distinct stem sequence of a language is kept once, with a number; a
/// translation is the number of the other language's sequence, so the ~16,000
/// pairs cost no copy of their stems. Keys are short stems, hashed with `FxHash`
/// (no attacker chooses them: the vocabulary is compiled in).
#[derive(Debug, Default)]
pub struct Dictionary {
    /// Per language (Italian, English): each entry's stems, by entry number.
    entries: [Vec<Stems>; 2],
    /// Per language: an entry's stems (space-joined) → its number.
    keys: [FxHashMap<String, u32>; 2],
    /// Per language, by entry number: the other language's entries that translate it.
    translations: [Vec<Vec<u32>>; 2],
    /// The longest key, in stems: how many question words a phrase may span.
    longest: usize,
    /// Per language: the first stem of every key of two stems or more.
    phrase_starts: [FxHashSet<String>; 2],
    /// Per language: each single word of the pairs, folded, as written → the
    /// first link of its list in `word_links`: the other language's entries its
    /// own pairs give. A stem is shared by words of other meanings ("milano" and
    /// "mila" are both "mil"); the word itself tells a name from them. Kept as
    /// lists in one vector, and borrowing the shipped words, so that building
    /// them adds no allocation per word to start-up.
    words: [FxHashMap<Cow<'static, str>, u32>; 2],
    /// The links of `words`' lists: (the other language's entry, the next link
    /// or [`NO_LINK`]), the newest first.
    word_links: Vec<(u32, u32)>,
}

/// The end of a list of `word_links`.
const NO_LINK: u32 = u32::MAX;

/// The slot of a language in the dictionary's pairs of tables.
fn slot(lang: Lang) -> usize {
    match lang {
        Lang::It => 0,
        Lang::En => 1,
    }
}

impl Dictionary {
    /// The dictionary compiled into the binary. A form that stands in several
    /// pairs is stemmed once (most do: one word, several senses).
    pub fn shipped(analyzers: &mut Analyzers) -> Dictionary {
        let mut dictionary = Dictionary::default();
        // Per language: a form as written → its entry (`None`: it has no stems).
        let mut memo: [FxHashMap<&str, Option<u32>>; 2] = Default::default();
        let mut entry_of = |dictionary: &mut Dictionary, analyzers: &mut Analyzers, lang: Lang, form: &'static str| {
            *memo[slot(lang)]
                .entry(form)
                .or_insert_with(|| dictionary.entry(lang, stems_of(analyzers, lang, form)))
        };
        for (it, en) in shipped_pairs() {
            // Identical on both sides, the pair adds nothing the index lacks.
            if fold_eq(it, en) {
                continue;
            }
            let (it_form, en_form) = (it, en);
            let it = entry_of(&mut dictionary, analyzers, Lang::It, it);
            let en = entry_of(&mut dictionary, analyzers, Lang::En, en);
            if let (Some(it), Some(en)) = (it, en) {
                dictionary.link(it, en);
                dictionary.note_words((folded_static(it_form), it), (folded_static(en_form), en));
            }
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
        // Identical on both sides, the pair adds nothing the index lacks.
        if fold_eq(it, en) {
            return;
        }
        let (it_form, en_form) = (it, en);
        let it = self.entry(Lang::It, stems_of(analyzers, Lang::It, it));
        let en = self.entry(Lang::En, stems_of(analyzers, Lang::En, en));
        if let (Some(it), Some(en)) = (it, en) {
            self.link(it, en);
            self.note_words((Cow::Owned(fold(it_form)), it), (Cow::Owned(fold(en_form)), en));
        }
    }

    /// Keeps, for each side of a pair that is a single word (folded), the other
    /// side's entry.
    fn note_words(&mut self, (it, it_entry): (Cow<'static, str>, u32), (en, en_entry): (Cow<'static, str>, u32)) {
        for (lang, form, other) in [(Lang::It, it, en_entry), (Lang::En, en, it_entry)] {
            if form.contains(char::is_whitespace) {
                continue;
            }
            let next = u32::try_from(self.word_links.len()).expect("fewer than 4 billion pairs");
            let head = self.words[slot(lang)].entry(form).or_insert(NO_LINK);
            if links(&self.word_links, *head).all(|id| id != other) {
                self.word_links.push((other, *head));
                *head = next;
            }
        }
    }

    /// The translations of the word `word` (folded) of `from` by its own pairs
    /// only, not by those of other words of its stem, in the order their pairs
    /// were added; `None` when it is in no pair itself.
    pub fn word_translations(&self, from: Lang, word: &str) -> Option<impl Iterator<Item = &[String]>> {
        let to = &self.entries[slot(from.other())];
        let mut ids: Vec<u32> = links(&self.word_links, *self.words[slot(from)].get(word)?).collect();
        ids.reverse();
        Some(ids.into_iter().map(|id| to[id as usize].as_slice()))
    }

    /// Whether `word` (folded) is itself a word of a pair of `from`.
    pub fn has_word(&self, from: Lang, word: &str) -> bool {
        self.words[slot(from)].contains_key(word)
    }

    /// The number of the entry of `lang` with these stems, added if new; `None`
    /// for no stems (a form of stopwords only).
    fn entry(&mut self, lang: Lang, stems: Stems) -> Option<u32> {
        if stems.is_empty() {
            return None;
        }
        let lang = slot(lang);
        let key = stems.join(" ");
        if let Some(&id) = self.keys[lang].get(&key) {
            return Some(id);
        }
        let id = u32::try_from(self.entries[lang].len()).expect("fewer than 4 billion entries");
        self.keys[lang].insert(key, id);
        if stems.len() > 1 {
            self.phrase_starts[lang].insert(stems[0].clone());
        }
        self.entries[lang].push(stems);
        self.translations[lang].push(Vec::new());
        Some(id)
    }

    /// Makes an Italian entry and an English one translations of each other.
    fn link(&mut self, it: u32, en: u32) {
        let (it_len, en_len) = (self.entries[0][it as usize].len(), self.entries[1][en as usize].len());
        self.longest = self.longest.max(it_len).max(en_len);
        push_unique(&mut self.translations[0][it as usize], en);
        push_unique(&mut self.translations[1][en as usize], it);
    }

    /// The translations of a stem sequence of `from` (space-joined), as stems of
    /// the other language, in the order their pairs were added.
    pub fn translations(&self, from: Lang, key: &str) -> impl Iterator<Item = &[String]> {
        let to = &self.entries[slot(from.other())];
        let ids = (self.keys[slot(from)].get(key)).map_or(&[][..], |&id| &self.translations[slot(from)][id as usize]);
        ids.iter().map(|&id| to[id as usize].as_slice())
    }

    /// Whether a stem sequence of `from` (space-joined) has any translation.
    pub fn translates(&self, from: Lang, key: &str) -> bool {
        self.translations(from, key).next().is_some()
    }

    /// Whether some key of two stems or more starts with `stem`.
    pub fn starts_phrase(&self, from: Lang, stem: &str) -> bool {
        self.phrase_starts[slot(from)].contains(stem)
    }

    /// How many stems the longest entry has.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// How many keys there are, both ways.
    pub fn len(&self) -> usize {
        (self.translations.iter().flatten()).filter(|t| !t.is_empty()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The entries of a list of `word_links` from `link`, newest first.
fn links(word_links: &[(u32, u32)], mut link: u32) -> impl Iterator<Item = u32> + '_ {
    std::iter::from_fn(move || {
        let &(id, next) = word_links.get(link as usize)?;
        link = next;
        Some(id)
    })
}

/// A shipped word folded, borrowed when folding leaves it as it is (most are
/// written in lowercase without accents).
fn folded_static(form: &'static str) -> Cow<'static, str> {
    if form.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(form)
    } else {
        Cow::Owned(fold(form))
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

fn push_unique(list: &mut Vec<u32>, id: u32) {
    if !list.contains(&id) {
        list.push(id);
    }
}

/// Whether two forms are the same word once folded (lowercase, no accents).
fn fold_eq(a: &str, b: &str) -> bool {
    super::text::folded(a).eq(super::text::folded(b))
}

/// The shortest stem a cognate key is made of: shorter ones match by chance.
const MIN_COGNATE: usize = 5;

/// The spellings that differ regularly between the languages, and their common form.
const COGNATE_SPELLINGS: [(&str, &str); 9] = [
    ("ph", "f"),
    ("th", "t"),
    ("ch", "c"),
    ("ct", "t"),
    ("y", "i"),
    ("k", "c"),
    ("x", "s"),
    ("z", "t"),
    ("j", "i"),
];

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
    // In this order, each over the result of the one before; most stems have
    // none of them, and are not copied for each.
    let mut s = stem.to_owned();
    for (from, to) in COGNATE_SPELLINGS {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
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
        assert!(dictionary.translations(Lang::It, &key).any(|t| t.join(" ") == revenue));
        let key = stems(&mut analyzers, Lang::En, "shares");
        let azioni = stems(&mut analyzers, Lang::It, "azioni");
        assert!(dictionary.translations(Lang::En, &key).any(|t| t.join(" ") == azioni));
    }

    #[test]
    fn a_word_has_its_own_translations_apart_from_those_of_its_stem() {
        let mut analyzers = Analyzers::new(&Lexicon::shipped());
        let mut dictionary = Dictionary::default();
        dictionary.add(&mut analyzers, "mila", "thousand");
        dictionary.add(&mut analyzers, "milano", "milan");
        let key = stems(&mut analyzers, Lang::It, "milano");
        assert_eq!(key, stems(&mut analyzers, Lang::It, "mila"), "one stem for both");
        let joined = |t: &[String]| t.join(" ");
        let by_stem: Vec<String> = dictionary.translations(Lang::It, &key).map(joined).collect();
        assert_eq!(by_stem.len(), 2, "{by_stem:?}");
        let own: Vec<String> = dictionary
            .word_translations(Lang::It, "milano")
            .unwrap()
            .map(joined)
            .collect();
        assert_eq!(own, [stems(&mut analyzers, Lang::En, "milan")]);
        assert!(dictionary.word_translations(Lang::It, "roma").is_none());
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
            let has = |from, key: &str, want: &str| dictionary.translations(from, key).any(|t| t.join(" ") == want);
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
        assert_eq!(dictionary.translations(Lang::It, &key).count(), 1);
        assert_eq!(dictionary.longest(), 2);
        assert!(!dictionary.translates(Lang::It, "nonesuch"));
    }

    #[test]
    fn forms_with_the_same_stems_are_one_entry_and_identical_pairs_add_nothing() {
        let mut analyzers = Analyzers::new(&Lexicon::shipped());
        let mut dictionary = Dictionary::default();
        dictionary.add_tsv(&mut analyzers, "incassa\tcollects\nincassare\tcollect\nradio\tRadio\n");
        let incassare = stems(&mut analyzers, Lang::It, "incassare");
        assert_eq!(stems(&mut analyzers, Lang::It, "incassa"), incassare);
        let collect = stems(&mut analyzers, Lang::En, "collect");
        let translations: Vec<String> = dictionary
            .translations(Lang::It, &incassare)
            .map(|t| t.join(" "))
            .collect();
        assert_eq!(translations, std::slice::from_ref(&collect));
        assert_eq!(dictionary.translations(Lang::En, &collect).count(), 1);
        let radio = stems(&mut analyzers, Lang::It, "radio");
        assert!(!dictionary.translates(Lang::It, &radio));
        assert_eq!(dictionary.len(), 2);
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
