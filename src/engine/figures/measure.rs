//! What a figure measures, in words: the noun its label starts with.
//!
//! Two sources, both general. [`MEASURES`] is a table of what business and
//! technology news measures with numbers (a deal, a stake, revenue, shares,
//! users, capacity…), each with its Italian and English words and its label in
//! both languages; a figure takes the measure its clause names nearest to it. A
//! count names its own thing ("700 milioni di *utenti*"): a thing in the table
//! takes the table's label, any other is translated with the general
//! Italian-English vocabulary the search uses (`src/engine/vocabulary/`), read
//! here as words rather than stems.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use super::super::dictionary;
use super::super::text::{Lang, fold};

/// A thing figures measure.
pub struct Measure {
    /// Folded words that name it, in either language, each a phrase of one
    /// or more words: `invest*` is a prefix.
    pub words: Vec<Vec<&'static str>>,
    pub en: &'static str,
    pub it: &'static str,
    /// Whether an amount of money can measure it (a stake can, users cannot).
    pub money: bool,
    /// The search's topic for it: a question that names the topic prefers a
    /// sentence whose money figure measures it.
    pub topic: Option<&'static str>,
}

/// The topic of a money figure that tells what something is worth.
pub const VALUATION: &str = "Valuation";

/// The measures, as data (see the file's header).
pub const TABLE: &str = include_str!("measures.txt");

/// What figures measure, in table order.
pub static MEASURES: LazyLock<Vec<Measure>> = LazyLock::new(|| {
    TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let [en, it, money, topic, words] = cells[..] else {
                panic!("a measure has five cells: {line}");
            };
            Measure {
                words: words.split(',').map(|w| w.split_whitespace().collect()).collect(),
                en,
                it,
                money: money == "money",
                topic: (topic != "-").then_some(topic),
            }
        })
        .collect()
});

/// Whether a table word (`invest*`, `deal`) names the folded word.
fn matches(pattern: &str, folded: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => folded.starts_with(prefix),
        None => folded == pattern,
    }
}

/// The measure a run of folded words starts with, and how many words it takes:
/// "market value of" gives Market value and 2.
pub fn measure_at(folded: &[&str]) -> Option<(&'static Measure, usize)> {
    let first = folded.first()?.bytes().next()?;
    BY_FIRST_BYTE.get(&first)?.iter().find_map(|&(m, w)| {
        let (m, parts) = (&MEASURES[m], &MEASURES[m].words[w]);
        let fits = parts.len() <= folded.len() && parts.iter().zip(folded).all(|(p, f)| matches(p, f));
        fits.then_some((m, parts.len()))
    })
}

/// The table's phrases (measure, phrase) by the first byte of their first word,
/// in table order: a word is compared only with the phrases that can name it
/// (every question word is looked up here, for its topic).
static BY_FIRST_BYTE: LazyLock<HashMap<u8, Vec<(usize, usize)>>> = LazyLock::new(|| {
    let mut by_byte: HashMap<u8, Vec<(usize, usize)>> = HashMap::default();
    for (m, measure) in MEASURES.iter().enumerate() {
        for (w, parts) in measure.words.iter().enumerate() {
            if let Some(&byte) = parts.first().and_then(|p| p.as_bytes().first()) {
                by_byte.entry(byte).or_default().push((m, w));
            }
        }
    }
    by_byte
});

/// The measures a run of folded words names, in order: each word is read as
/// the start of a phrase of the table ("portafoglio ordini", "debt").
pub fn measures_in<'w>(folded: &'w [&'w str]) -> impl Iterator<Item = &'static Measure> + 'w {
    (0..folded.len()).filter_map(|i| measure_at(&folded[i..]).map(|(m, _)| m))
}

/// The search topic a folded word or phrase names, if any ("accordo", "contract"
/// → Deal; "spenderà" → Spending).
pub fn topic_of(folded: &str) -> Option<&'static str> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    measures_in(&words).find_map(|m| m.topic)
}

/// The label of a count of `noun` (as written, in `lang`): a measure of the
/// table keeps its label, any other thing is translated with the vocabulary,
/// and a word it lacks is kept as written in both languages.
pub fn count_label(noun: &str, lang: Lang) -> (String, String) {
    let folded = fold(noun);
    if let Some((m, _)) = measure_at(&[folded.as_str()]) {
        return (m.en.to_owned(), m.it.to_owned());
    }
    if is_acronym(noun) {
        // GPU, TPUs: the same letters in both, with an English plural.
        let bare = noun.strip_suffix('s').unwrap_or(noun);
        return (format!("{bare}s"), bare.to_owned());
    }
    let written = match lang {
        Lang::En => plural_en(&noun.to_lowercase()),
        Lang::It => noun.to_lowercase(),
    };
    // A translation of the singular is put in the plural; one found for the
    // plural as written already is.
    let translated = GLOSSARY.translate(&folded, lang);
    let (en, it) = match (lang, translated) {
        (Lang::It, Some((en, singular))) => (if singular { plural_en(&en) } else { en }, written),
        (Lang::En, Some((it, singular))) => (written, if singular { plural_it(&it) } else { it }),
        (_, None) => (written.clone(), written),
    };
    (capitalize(&en), capitalize(&it))
}

/// Whether a folded word is in the general vocabulary of `lang`: a
/// capitalized word that opens a sentence and is in it ("Shares", "Durante")
/// is an ordinary word, not a name.
pub fn is_vocabulary_word(folded: &str, lang: Lang) -> bool {
    match lang {
        Lang::It => GLOSSARY.it_en.contains_key(folded),
        Lang::En => GLOSSARY.en_it.contains_key(folded),
    }
}

/// GPU, TPUs, CPUs: capitals, with at most a plural `s`.
fn is_acronym(word: &str) -> bool {
    let bare = word.strip_suffix('s').unwrap_or(word);
    bare.chars().count() >= 2 && bare.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An English noun in the plural: "user" → "users", "facility" → "facilities".
fn plural_en(phrase: &str) -> String {
    let (head, last) = phrase.rsplit_once(' ').map_or(("", phrase), |(h, l)| (h, l));
    let plural = if (last.ends_with('s') && !last.ends_with("ss"))
        || matches!(last, "people" | "staff" | "children" | "men" | "women")
    {
        last.to_owned()
    } else if let Some(stem) = last.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| last.ends_with(e)) {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    if head.is_empty() {
        plural
    } else {
        format!("{head} {plural}")
    }
}

/// An Italian noun in the plural, on its first word: "utente" → "utenti",
/// "posto di lavoro" → "posti di lavoro"; foreign words ("chip") stay as they are.
fn plural_it(phrase: &str) -> String {
    let (first, rest) = phrase.split_once(' ').map_or((phrase, ""), |(f, r)| (f, r));
    let plural = if let Some(stem) = first.strip_suffix("ca") {
        format!("{stem}che")
    } else if let Some(stem) = first.strip_suffix("ga") {
        format!("{stem}ghe")
    } else if let Some(stem) = first.strip_suffix('a') {
        format!("{stem}e")
    } else if let Some(stem) = first.strip_suffix(['o', 'e']) {
        format!("{stem}i")
    } else {
        first.to_owned()
    };
    if rest.is_empty() {
        plural
    } else {
        format!("{plural} {rest}")
    }
}

/// The shipped vocabulary as words, both ways, for the things counts count.
struct Glossary {
    it_en: HashMap<String, Vec<(&'static str, u32)>>,
    en_it: HashMap<String, Vec<(&'static str, u32)>>,
}

static GLOSSARY: LazyLock<Glossary> = LazyLock::new(Glossary::shipped);

impl Glossary {
    fn shipped() -> Glossary {
        let mut glossary = Glossary {
            it_en: HashMap::default(),
            en_it: HashMap::default(),
        };
        for (it, en) in dictionary::shipped_pairs() {
            vote(&mut glossary.it_en, fold(it), en);
            vote(&mut glossary.en_it, fold(en), it);
        }
        glossary
    }

    /// The commonest translation of a folded noun of `from`, and whether it
    /// translates its singular: the dictionary (singular) forms are tried
    /// first, then the word as written.
    fn translate(&self, folded: &str, from: Lang) -> Option<(String, bool)> {
        let map = match from {
            Lang::It => &self.it_en,
            Lang::En => &self.en_it,
        };
        let mut forms: Vec<(String, bool)> = singulars(folded, from).into_iter().map(|s| (s, true)).collect();
        let written_singular = match from {
            // "people" is a plural without an "s".
            Lang::En => !super::find::is_plural_en(folded, folded),
            Lang::It => !folded.ends_with(['i', 'e']),
        };
        forms.push((folded.to_owned(), written_singular));
        forms.into_iter().find_map(|(form, singular)| {
            // Most files agree first; among equals, the first written.
            let mut best: Option<(&'static str, u32)> = None;
            for &(t, votes) in map.get(&form)? {
                if best.is_none_or(|(_, most)| votes > most) {
                    best = Some((t, votes));
                }
            }
            best.map(|(t, _)| (t.to_owned(), singular))
        })
    }
}

fn vote(map: &mut HashMap<String, Vec<(&'static str, u32)>>, key: String, translation: &'static str) {
    let list = map.entry(key).or_default();
    match list.iter_mut().find(|(t, _)| *t == translation) {
        Some((_, votes)) => *votes += 1,
        None => list.push((translation, 1)),
    }
}

/// The forms a plural noun may have in a dictionary: its singulars ("utenti" → utente, utento; "facilities" → facility).
fn singulars(folded: &str, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    match lang {
        Lang::En => {
            if let Some(stem) = folded.strip_suffix("ies") {
                push(format!("{stem}y"));
            }
            if let Some(stem) = folded.strip_suffix("es") {
                push(stem.to_owned());
            }
            if let Some(stem) = folded.strip_suffix('s') {
                push(stem.to_owned());
            }
        }
        Lang::It => {
            if let Some(stem) = folded.strip_suffix("chi") {
                push(format!("{stem}co"));
            }
            if let Some(stem) = folded.strip_suffix("ghi") {
                push(format!("{stem}go"));
            }
            if let Some(stem) = folded.strip_suffix("che") {
                push(format!("{stem}ca"));
            }
            if let Some(stem) = folded.strip_suffix('i') {
                push(format!("{stem}o"));
                push(format!("{stem}e"));
            }
            if let Some(stem) = folded.strip_suffix('e') {
                push(format!("{stem}a"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_s_label_is_a_plural_in_both_languages() {
        assert_eq!(
            count_label("people", Lang::En),
            ("People".to_owned(), "Persone".to_owned())
        );
        assert_eq!(
            count_label("customers", Lang::En),
            ("Customers".to_owned(), "Clienti".to_owned())
        );
        assert_eq!(
            count_label("dipendenti", Lang::It),
            ("Employees".to_owned(), "Dipendenti".to_owned())
        );
        assert_eq!(count_label("GPUs", Lang::En), ("GPUs".to_owned(), "GPU".to_owned()));
    }
}
