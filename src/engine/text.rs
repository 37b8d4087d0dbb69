//! Words and sentences: the small pieces of text handling that the corpus, the
//! index and the search share, so a word is cut and folded the same way everywhere.

use serde::{Deserialize, Serialize};

/// The two languages dealbot reads and answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    It,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// The language by its code (`it`, `en`), as front matter and file names give it.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" | "ita" | "italian" | "italiano" => Some(Lang::It),
            "en" | "eng" | "english" | "inglese" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other of the two languages: the one a translation is in.
    #[must_use]
    pub fn other(self) -> Lang {
        match self {
            Lang::It => Lang::En,
            Lang::En => Lang::It,
        }
    }

    /// The language's name, in `reader`'s language ("Italian", "inglese").
    pub fn name_in(self, reader: Lang) -> &'static str {
        match (self, reader) {
            (Lang::It, Lang::En) => "Italian",
            (Lang::En, Lang::En) => "English",
            (Lang::It, Lang::It) => "italiano",
            (Lang::En, Lang::It) => "inglese",
        }
    }
}

/// The language a text is written in, as far as dealbot reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The language to analyze the text in: the one detected, or for a text in
    /// neither of dealbot's languages, the closer of the two.
    pub lang: Lang,
    /// For a text in neither language: the language it seems to be in (English
    /// name, as whatlang gives it).
    pub foreign: Option<String>,
}

/// Tells the language of an article's text with whatlang (trigram statistics;
/// no data to download). Italian and English are read as such; any other
/// language is reported in [`Detected::foreign`] and read as the closer of the
/// two.
pub fn detect(text: &str) -> Detected {
    let info = whatlang::detect(text);
    // A few sentences are too little to tell among seventy languages: then
    // only Italian and English are weighed, and neither is called foreign.
    if info.as_ref().is_some_and(|i| !i.is_reliable()) {
        return Detected {
            lang: closer_of_the_two(text),
            foreign: None,
        };
    }
    match info.map(|i| i.lang()) {
        Some(whatlang::Lang::Ita) => Detected {
            lang: Lang::It,
            foreign: None,
        },
        Some(whatlang::Lang::Eng) => Detected {
            lang: Lang::En,
            foreign: None,
        },
        other => Detected {
            lang: closer_of_the_two(text),
            foreign: Some(other.map_or_else(|| "unknown".to_owned(), |l| l.eng_name().to_owned())),
        },
    }
}

/// Function words only Italian uses, and only English: a short text's
/// language is the one whose words it has more of.
const ITALIAN_WORDS: &[&str] = &[
    "il", "lo", "gli", "di", "del", "della", "dei", "delle", "che", "e", "per", "con", "un", "una", "uno", "ha",
    "hanno", "sono", "nel", "nella", "alla", "dal", "dalla", "anche", "piu", "sara", "non", "si",
];
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "will", "is", "are", "was", "were", "with", "for", "that", "its", "an", "has", "have",
    "by", "on", "from", "this", "which", "would", "it", "be", "not",
];

/// Which of Italian and English `text` is closer to: the one more of its
/// function words say, else whatlang's trigrams weighed between the two.
fn closer_of_the_two(text: &str) -> Lang {
    let (mut it, mut en) = (0, 0);
    for w in words(text) {
        it += usize::from(ITALIAN_WORDS.contains(&w.folded.as_str()));
        en += usize::from(ENGLISH_WORDS.contains(&w.folded.as_str()));
    }
    if it != en {
        return if it > en { Lang::It } else { Lang::En };
    }
    let allow = whatlang::Detector::with_allowlist(vec![whatlang::Lang::Ita, whatlang::Lang::Eng]);
    match allow.detect_lang(text) {
        Some(whatlang::Lang::Ita) => Lang::It,
        _ => Lang::En,
    }
}

/// A word of a text: where it stands, as written, and folded (lowercase, no accents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub raw: &'a str,
    pub folded: String,
}

impl Word<'_> {
    /// Written with a capital letter (`Amazon`, `AWS`), the mark of a name.
    pub fn is_capitalized(&self) -> bool {
        self.raw.chars().next().is_some_and(char::is_uppercase)
    }

    /// Written as an acronym: two to five capital letters (`AI`, `AGI`, `PBC`).
    pub fn is_acronym(&self) -> bool {
        (2..=5).contains(&self.raw.len()) && self.raw.bytes().all(|b| b.is_ascii_uppercase())
    }

    /// A capital after the first letter, as names have (`iPhone`, `OpenAI`).
    pub fn has_inner_capital(&self) -> bool {
        self.raw.chars().skip(1).any(char::is_uppercase)
    }
}

/// Cuts `text` into runs of letters and digits, as tantivy's `SimpleTokenizer` does,
/// so the positions match the index's tokens.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(word(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(word(text, s, text.len()));
    }
    out
}

fn word(text: &str, start: usize, end: usize) -> Word<'_> {
    let raw = &text[start..end];
    Word {
        start,
        end,
        raw,
        folded: fold(raw),
    }
}

/// Lowercases and strips the accents of Latin letters: `Perché` → `perche`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    out.extend(folded(word));
    out
}

/// The characters of [`fold`]`(word)`, for comparing without a copy.
pub fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().flat_map(char::to_lowercase).map(|c| match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    })
}

/// The months in Italian and English, January first. English "may" is left
/// out: as a verb it is far more common in a question than the month.
const MONTHS: [[&str; 2]; 12] = [
    ["gennaio", "january"],
    ["febbraio", "february"],
    ["marzo", "march"],
    ["aprile", "april"],
    ["maggio", ""],
    ["giugno", "june"],
    ["luglio", "july"],
    ["agosto", "august"],
    ["settembre", "september"],
    ["ottobre", "october"],
    ["novembre", "november"],
    ["dicembre", "december"],
];

/// The month (1–12) a folded word names, in Italian or English.
pub fn month_number(folded: &str) -> Option<u32> {
    let at = MONTHS
        .iter()
        .position(|names| !folded.is_empty() && names.contains(&folded))?;
    u32::try_from(at + 1).ok()
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "sig", "sigg", "dott", "prof", "ing", "avv", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "ecc", "inc", "corp",
    "ltd", "co", "jr", "sr", "no", "n", "pag", "p", "es", "cfr",
];

/// Splits a paragraph into sentences: a `.`, `!`, `?` or `…` (and any closing quotes)
/// followed by a space and a capital letter, a digit or an opening quote. Decimal
/// points, initials (`J. K.`) and common abbreviations do not split.
pub fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | '»' | ')' | '.' | '!' | '?') {
                j += 1;
            }
            let end = chars.get(j).map_or(paragraph.len(), |&(p, _)| p);
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let starts_next = chars.get(k).is_some_and(|&(_, n)| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '«' | '\'' | '(')
            });
            if k > j && starts_next && !(c == '.' && ends_with_abbreviation(&paragraph[start..pos])) {
                push_sentence(&mut out, &paragraph[start..end]);
                start = chars[k].0;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_sentence(&mut out, &paragraph[start..]);
    out
}

fn push_sentence<'a>(out: &mut Vec<&'a str>, sentence: &'a str) {
    let sentence = sentence.trim();
    if !sentence.is_empty() {
        out.push(sentence);
    }
}

fn ends_with_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let single_initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&fold(last).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_sentences_are_told_apart_by_their_function_words() {
        // whatlang's trigrams call this Italian, with or without an allowlist.
        let short = "Varro will build two chip plants in Ohio.\nKestrel will build a new data center next year.";
        assert_eq!(detect(short).lang, Lang::En);
        assert_eq!(detect(short).foreign, None);
        assert_eq!(detect("Varro costruirà due fabbriche di chip in Ohio.").lang, Lang::It);
    }

    #[test]
    fn words_split_elisions_and_keep_offsets() {
        let text = "dell’intelligenza, L'intesa";
        let ws = words(text);
        let folded: Vec<_> = ws.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["dell", "intelligenza", "l", "intesa"]);
        assert_eq!(&text[ws[1].start..ws[1].end], "intelligenza");
    }

    #[test]
    fn the_language_of_a_text_is_told_from_the_text() {
        let it = detect("Le due società hanno firmato un accordo che cambierà il mercato dei chip.");
        assert_eq!(
            it,
            Detected {
                lang: Lang::It,
                foreign: None
            }
        );
        let en = detect("The two companies have signed an agreement that will change the chip market.");
        assert_eq!(
            en,
            Detected {
                lang: Lang::En,
                foreign: None
            }
        );
        let fr = detect("Les deux entreprises ont signé un accord qui changera le marché des puces.");
        assert_eq!(fr.foreign.as_deref(), Some("French"));
    }

    #[test]
    fn folding_strips_accents_and_case() {
        assert_eq!(fold("Perché"), "perche");
        assert_eq!(fold("CITTÀ"), "citta");
    }

    #[test]
    fn sentences_split_on_final_punctuation_before_a_capital() {
        let s = sentences("Uno è qui. Due sono lì! Tre? «Quattro» dice.");
        assert_eq!(s, ["Uno è qui.", "Due sono lì!", "Tre?", "«Quattro» dice."]);
    }

    #[test]
    fn decimals_initials_and_abbreviations_do_not_split() {
        let s = sentences("Vale 1.5 miliardi secondo il dott. Rossi e J. K. Rowling. Fine.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn a_sentence_without_final_punctuation_is_kept() {
        assert_eq!(sentences("  senza punto  "), ["senza punto"]);
        assert!(sentences("   ").is_empty());
    }
}
