//! Words and sentences: the small pieces of text handling that the corpus, the
//! index and the search share, so a word is cut and folded the same way everywhere.

use serde::{Deserialize, Serialize};

use super::anatomy::anatomy;

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

/// The other spellings of an English word (folded): British "centres",
/// "labour", "licence", "organised", "analyse", "catalogue", "travelled" and
/// their American forms, each way. The articles of a story mix the two.
pub fn english_spellings(word: &str) -> Vec<String> {
    /// (British, American) endings, each read both ways; the ending must
    /// follow at least three letters ("our" is no "or").
    const ENDINGS: [(&str, &str); 14] = [
        ("tre", "ter"),
        ("tres", "ters"),
        ("our", "or"),
        ("ours", "ors"),
        ("ence", "ense"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("isation", "ization"),
        ("yse", "yze"),
        ("ogue", "og"),
        ("lled", "led"),
        ("lling", "ling"),
    ];
    let mut out = Vec::new();
    for (british, american) in ENDINGS {
        for (from, to) in [(british, american), (american, british)] {
            if let Some(stem) = word.strip_suffix(from)
                && stem.chars().count() >= 3
            {
                out.push(format!("{stem}{to}"));
            }
        }
    }
    out
}

/// The infinitives an Italian verb form of the present (folded) may be of:
/// "apre" → "aprire", "chiudono" → "chiudere". The stemmer keeps a short
/// verb's forms apart ("apr", "aprir"), so the dictionary says which it is.
pub fn italian_infinitives(word: &str) -> Vec<String> {
    /// Endings of the third person, singular and plural.
    const ENDINGS: [&str; 4] = ["ano", "ono", "a", "e"];
    let Some(stem) = ENDINGS.iter().find_map(|e| word.strip_suffix(e)) else {
        return Vec::new();
    };
    if stem.chars().count() < 2 {
        return Vec::new();
    }
    ["are", "ere", "ire"].iter().map(|e| format!("{stem}{e}")).collect()
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

/// Splits a paragraph into sentences: a `.`, `!`, `?` or `…` (and any closing quotes)
/// followed by a space and a capital letter, a digit or an opening quote. Decimal
/// points, initials (`J. K.`), dotted abbreviations (`U.S.`, `p.m.`) and the
/// abbreviations of `anatomy.toml` (`Inc.`, `dott.`; `No.` before a number) do
/// not split, nor does a full stop inside a quotation that closes later in the
/// paragraph: `“A. B.” said C.` is one sentence, so a quote keeps its attribution.
pub fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let quotes = quotations(&chars);
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
            let next = chars.get(k).map(|&(_, n)| n);
            let starts_next = next
                .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '«' | '\'' | '('));
            let inside_quote = quotes.iter().any(|&(open, close)| open < i && close >= j);
            let abbreviated =
                c == '.' && ends_with_abbreviation(&paragraph[start..pos], next.is_some_and(|n| n.is_ascii_digit()));
            if k > j && starts_next && !inside_quote && !abbreviated {
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

/// The quotations of a paragraph that open and close in it, as the positions
/// (in `chars`) of their opening and closing marks. Curly quotes and guillemets
/// say which way they face; a straight `"` opens after a space or at the start,
/// and closes otherwise. A quotation left open is not one: the paragraph then
/// splits as if it had no quote.
fn quotations(chars: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (i, &(_, c)) in chars.iter().enumerate() {
        let closing = match c {
            '“' => {
                open.push(('”', i));
                continue;
            }
            '«' => {
                open.push(('»', i));
                continue;
            }
            '"' if i == 0 || chars[i - 1].1.is_whitespace() || matches!(chars[i - 1].1, '(' | '[' | '—' | '–') => {
                open.push(('"', i));
                continue;
            }
            '”' | '»' | '"' => c,
            _ => continue,
        };
        if let Some(at) = open.iter().rposition(|&(close, _)| close == closing) {
            spans.push((open[at].1, i));
            open.truncate(at);
        }
    }
    spans
}

/// Whether the text before a full stop ends with a word the stop does not end
/// a sentence after: a capital initial, a dotted abbreviation (`U.S`, `p.m`),
/// or one of the data's abbreviations (some only before a number).
fn ends_with_abbreviation(before: &str, number_follows: bool) -> bool {
    let last = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let single_letter = last.chars().count() == 1 && last.chars().all(char::is_alphabetic);
    let single_initial = single_letter && last.chars().all(char::is_uppercase);
    // "U.S", "p.m", "S.p.A": one letter after another one-letter word and a stop.
    let dotted = single_letter && {
        let rest = &before[..before.len() - last.len()];
        rest.strip_suffix('.').is_some_and(|r| {
            let mut previous = r.chars().rev();
            previous.next().is_some_and(char::is_alphabetic) && !previous.next().is_some_and(char::is_alphanumeric)
        })
    };
    let word = fold(last);
    let data = anatomy();
    single_initial
        || dotted
        || data.is_abbreviation(&word)
        || (number_follows && data.is_abbreviation_before_number(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_have_their_other_spelling() {
        for (british, american) in [
            ("centres", "centers"),
            ("labour", "labor"),
            ("licence", "license"),
            ("organised", "organized"),
            ("analyse", "analyze"),
            ("catalogue", "catalog"),
            ("travelled", "traveled"),
        ] {
            assert!(english_spellings(british).contains(&american.to_owned()), "{british}");
            assert!(english_spellings(american).contains(&british.to_owned()), "{american}");
        }
        assert!(english_spellings("four").is_empty());
    }

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
    fn names_prices_and_titles_with_full_stops_stay_in_their_sentence() {
        let s = sentences(
            "Apple Inc. paid $1.84 a share to Mr. Reed and Dr. Lee of Acme Corp. and Foo Ltd. in St. Louis at 4 p.m. on the U.S. market. It was the No. 1 deal.",
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[1], "It was the No. 1 deal.");
    }

    #[test]
    fn a_full_stop_after_an_abbreviation_for_numbers_ends_a_sentence_without_one() {
        assert_eq!(sentences("He said no. Then he left."), ["He said no.", "Then he left."]);
    }

    #[test]
    fn a_quote_over_two_sentences_stays_with_its_attribution() {
        let s = sentences(
            "“This is not a bailout. It is a partnership,” said Dana Whitfield. «Andremo avanti. Senza fretta», ha detto. Fine.",
        );
        assert_eq!(
            s,
            [
                "“This is not a bailout. It is a partnership,” said Dana Whitfield.",
                "«Andremo avanti. Senza fretta», ha detto.",
                "Fine."
            ]
        );
    }

    #[test]
    fn straight_quotes_split_after_they_close_and_an_unclosed_quote_does_not_hold() {
        let s = sentences(r#""We will win," said Reed, who leads at Meta. "Our centers never stop." Fine."#);
        assert_eq!(s.len(), 3, "{s:?}");
        let s = sentences("“Uno. Due. Tre.");
        assert_eq!(s, ["“Uno.", "Due.", "Tre."]);
    }

    #[test]
    fn an_italian_verb_form_gives_the_infinitives_it_may_be_of() {
        assert_eq!(italian_infinitives("apre"), ["aprare", "aprere", "aprire"]);
        assert_eq!(italian_infinitives("chiudono")[1], "chiudere");
        assert!(italian_infinitives("va").is_empty());
    }

    #[test]
    fn a_sentence_without_final_punctuation_is_kept() {
        assert_eq!(sentences("  senza punto  "), ["senza punto"]);
        assert!(sentences("   ").is_empty());
    }
}
