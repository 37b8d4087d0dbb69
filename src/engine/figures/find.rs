//! Where the numbers of a sentence are and what kind each is: percentages,
//! multiples, capacities, counts with the thing they count, dates and periods.

use std::sync::LazyLock;

use regex::Regex;

use super::amount::{amounts, currency_of, number_word, parse_number, round_many, scale_of};
use super::figure::Kind;
use super::names;
use super::status::clause;
use crate::engine::text::{Lang, Word, fold, words};

/// A number in digits (with separators) or in words, for the patterns below.
pub(super) const NUM: &str = r"(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|quindici|venti|trenta|quaranta|cinquanta|cento)\b)";

/// How a range joins two numbers: "4% and 5%", "two to three", "4 e 5".
pub(super) const RANGE: &str = r"(?:\s*[-–]\s*|\s+(?:and|to|or|e|o|a)\s+)";

pub(super) static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?:\s?%|\s+(?:per\s?cento|percento|per\s+cent|percent|percentage\s+points?|punti\s+percentuali)\b)";
    Regex::new(&format!(r"(?i)(?:{NUM}(?:{unit})?{RANGE})?{NUM}{unit}")).expect("percent pattern compiles")
});

pub(super) static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{NUM}{RANGE})?{NUM}\s+(?:times|volte)\b|\b(?:twice|thrice|doubled|tripled|quadrupled|raddoppiat[oaie]|triplicat[oaie]|quadruplicat[oaie])\b|\b(?:più\s+del|oltre\s+il|il|al|del|dal|nel)\s+(?:doppio|triplo|quadruplo)\b"
    ))
    .expect("multiple pattern compiles")
});

pub(super) static CAPACITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?i:{NUM}){RANGE})?(?i:{NUM})\s*-?\s*(?:(?i:gigawatts?|megawatts?|terawatts?|kilowatts?|gigawattora|exaflops?|petaflops?|teraflops?)\b|(?:GW|MW|TW|kW|GWh|MWh|TWh|kWh)\b)"
    ))
    .expect("capacity pattern compiles")
});

pub(super) static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){NUM}(?:\s+|-)(?:years?|anni|months?|mesi|weeks?|settimane|days?|giorni|decades?|decenni|quarters?|trimestri)\b"
    ))
    .expect("duration pattern compiles")
});

/// "Numero di GPU", "the number of users": what a bare number nearby counts.
pub(super) static NUMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:numero|number)\s+(?:di|dei|degli|delle|of)\s+(?:(?:grandi|piccoli|nuovi|big|large|small|new|active|attivi)\s+)?(\w+)")
        .expect("number-of pattern compiles")
});

pub(super) static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?:(?:fino|entro|dal|da|nel|negli|until|through|by|since|into|in)\s+)?(?:(?:a|ad)\s+)?
        (?:(?:agli|ai|al|il|gli|i|the)\s+)?
        (?:
            anni\s+(?:venti|trenta|quaranta|cinquanta|sessanta|settanta|ottanta|novanta|duemila|\d0)\b
          | (?:19|20)\d0s\b
          | (?:twenties|thirties|forties|fifties)\b
          | \d{1,2}\s+(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+(?:19|20)\d{2}\b
          | (?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2},?\s+(?:19|20)\d{2}\b
          | (?:19|20)\d{2}\b
        )",
    )
    .expect("period pattern compiles")
});

pub(super) static RELATIVE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:oggi|ieri|domani|today|yesterday|tomorrow|to date|finora|attualmente|currently|(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|january|february|march|april|june|july|august|september|october|november|december))\b")
        .expect("time pattern compiles")
});

/// Dates, years and periods in `text`, as byte ranges.
pub fn periods(text: &str) -> Vec<(usize, usize)> {
    PERIOD.find_iter(text).map(|m| (m.start(), m.end())).collect()
}

/// Whether `text` says when: a date, a year, a period, or words like "oggi".
pub fn mentions_time(text: &str) -> bool {
    PERIOD.is_match(text) || RELATIVE_TIME.is_match(text)
}

/// A number found in a sentence, before it is labelled.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) usd: Option<f64>,
    /// For a count, the thing it counts, as written.
    pub(super) counts: Option<String>,
    /// A length of time rather than a point in it.
    pub(super) duration: bool,
}

impl Found {
    fn new(start: usize, end: usize, kind: Kind) -> Found {
        Found {
            start,
            end,
            kind,
            usd: None,
            counts: None,
            duration: false,
        }
    }
}

/// Words that put a number at about its value: kept with percentages, multiples,
/// capacities and counts, whose meaning they change ("quasi cinque volte").
pub(super) const APPROXIMATE: &[&[&str]] = &[
    &["more", "than"],
    &["less", "than"],
    &["up", "to"],
    &["at", "least"],
    &["just", "over"],
    &["just", "under"],
    &["piu", "di"],
    &["piu", "del"],
    &["piu", "che"],
    &["meno", "di"],
    &["fino", "a"],
    &["intorno", "al"],
    &["intorno", "a"],
    &["between"],
    &["tra"],
    &["fra"],
    &["about"],
    &["around"],
    &["roughly"],
    &["almost"],
    &["nearly"],
    &["over"],
    &["some"],
    &["circa"],
    &["quasi"],
    &["oltre"],
    &["almeno"],
    &["ben"],
];

/// Where a figure starting at `start` starts with the words before it that
/// approximate it ("circa il 24%", "about 2%", "quasi cinque volte").
pub(super) fn with_approximation(text: &str, start: usize) -> usize {
    let before = words(&text[..start]);
    let n = before.len();
    // An Italian article may come between ("circa il 24%", "oltre l'11%").
    if n >= 2
        && matches!(before[n - 1].folded.as_str(), "il" | "l" | "lo")
        && matches!(text[before[n - 1].end..start].trim(), "" | "’" | "'")
        && let Some(len) = approximation_ending(&before[..n - 1], text, before[n - 1].start)
    {
        return before[n - 1 - len].start;
    }
    approximation_ending(&before, text, start).map_or(start, |len| before[n - len].start)
}

/// How many words at the end of `ws`, right before `next`, approximate a number.
pub(super) fn approximation_ending(ws: &[Word<'_>], text: &str, next: usize) -> Option<usize> {
    let last = ws.last()?;
    if !text[last.end..next].trim().is_empty() {
        return None;
    }
    APPROXIMATE.iter().find_map(|phrase| {
        let n = phrase.len();
        (ws.len() >= n
            && ws[ws.len() - n..]
                .iter()
                .zip(phrase.iter())
                .all(|(w, p)| w.folded == *p))
        .then_some(n)
    })
}

/// Time units: a number of them is a duration, not a count.
pub(super) fn is_time_unit(folded: &str) -> bool {
    matches!(
        folded,
        "year"
            | "years"
            | "anno"
            | "anni"
            | "month"
            | "months"
            | "mese"
            | "mesi"
            | "week"
            | "weeks"
            | "settimana"
            | "settimane"
            | "day"
            | "days"
            | "giorno"
            | "giorni"
            | "decade"
            | "decades"
            | "decennio"
            | "decenni"
            | "quarter"
            | "quarters"
            | "trimestre"
            | "trimestri"
            | "hour"
            | "hours"
            | "ora"
            | "ore"
            | "minuti"
            | "minutes"
            | "secondi"
            | "seconds"
    )
}

/// Units a number measures with that this module does not read as figures.
pub(super) fn is_other_unit(folded: &str) -> bool {
    matches!(
        folded,
        "nanometre"
            | "nanometres"
            | "nanometer"
            | "nanometers"
            | "nanometri"
            | "nanometro"
            | "nm"
            | "km"
            | "chilometri"
            | "kilometres"
            | "kilometers"
            | "miles"
            | "miglia"
            | "metri"
            | "meters"
            | "metres"
            | "acres"
            | "ettari"
            | "hectares"
            | "tons"
            | "tonnes"
            | "tonnellate"
            | "kg"
            | "chili"
            | "gradi"
            | "degrees"
            | "volte"
            | "times"
            | "percent"
            | "cento"
            | "punti"
            | "points"
            | "per"
            | "x"
    )
}

/// Words between a number and what it counts: "three *more* plants".
pub(super) fn is_quantifier(folded: &str) -> bool {
    matches!(
        folded,
        "more"
            | "additional"
            | "new"
            | "further"
            | "other"
            | "extra"
            | "piu"
            | "altri"
            | "altre"
            | "nuovi"
            | "nuove"
            | "ulteriori"
    )
}

/// Words before a number in words that make it a reference, not a count:
/// "the two companies", "le due società", "the next four years".
pub(super) fn is_determiner(folded: &str) -> bool {
    matches!(
        folded,
        "the"
            | "these"
            | "those"
            | "its"
            | "their"
            | "our"
            | "le"
            | "i"
            | "gli"
            | "queste"
            | "questi"
            | "quelle"
            | "quei"
            | "sue"
            | "suoi"
            | "loro"
            | "tutte"
            | "tutti"
            | "all"
            | "first"
            | "primi"
            | "prime"
            | "ultimi"
            | "ultime"
            | "last"
            | "next"
            | "prossimi"
            | "prossime"
            | "other"
            | "altre"
            | "altri"
            | "entrambe"
            | "dei"
            | "degli"
            | "delle"
            | "dai"
            | "dagli"
            | "dalle"
            | "ai"
            | "agli"
            | "alle"
            | "nei"
            | "negli"
            | "nelle"
            | "sui"
            | "sugli"
            | "sulle"
    )
}

/// Whether an English word is a plural noun: "jobs", "GPUs", "people".
pub(super) fn is_plural_en(raw: &str, folded: &str) -> bool {
    let acronym_plural = raw
        .strip_suffix('s')
        .is_some_and(|bare| bare.chars().count() >= 2 && bare.chars().all(|c| c.is_ascii_uppercase()));
    acronym_plural
        || matches!(folded, "people" | "staff" | "children" | "men" | "women" | "aircraft")
        || (folded.len() >= 3
            && folded.ends_with('s')
            && !folded.ends_with("ss")
            && !folded.ends_with("us")
            && !folded.ends_with("is")
            && raw.chars().next().is_some_and(char::is_alphabetic))
}

/// Whether an Italian word can be what a number counts: a noun, in the plural
/// when the number is more than one ("utenti", "azioni"); foreign nouns and
/// acronyms do not change ("chip", "partner", "GPU").
pub(super) fn is_counted_it(w: &Word<'_>, plural: bool) -> bool {
    let acronym = w.raw.chars().count() >= 2 && w.raw.chars().all(|c| c.is_ascii_uppercase());
    if acronym {
        return true;
    }
    if w.is_capitalized() || !w.raw.chars().all(char::is_alphabetic) || names_function(&w.folded) {
        return false;
    }
    !plural || !w.folded.ends_with(['o', 'a'])
}

/// Function words of either language ([`names::is_function_word`]), and the
/// words of "each year", "ogni anno", "more than this": never what a number counts.
pub(super) fn names_function(folded: &str) -> bool {
    names::is_function_word(folded)
        || matches!(
            folded,
            "than"
                | "this"
                | "degli"
                | "delle"
                | "anni"
                | "ogni"
                | "each"
                | "every"
                | "year"
                | "anno"
                | "sei"
                | "se"
                | "ci"
        )
}

/// Where a number in words or digits that starts at word `i` ends (as a word
/// index past it), with its value when one is written: "700", "40,000",
/// "quattro", "hundreds of thousands".
pub(super) fn number_at(text: &str, ws: &[Word<'_>], i: usize, lang: Lang) -> Option<(usize, Option<f64>)> {
    let w = &ws[i];
    let gap = |a: usize, b: usize| &text[ws[a].end..ws[b].start];
    if w.raw.chars().all(|c| c.is_ascii_digit()) {
        // "GPT-4", "B200": a number glued to a name is part of it.
        if i > 0 && gap(i - 1, i) == "-" {
            return None;
        }
        let mut j = i;
        while j + 1 < ws.len()
            && matches!(gap(j, j + 1), "," | ".")
            && ws[j + 1].raw.chars().all(|c| c.is_ascii_digit())
        {
            j += 1;
        }
        let value = parse_number(&text[w.start..ws[j].end], false);
        return Some((j + 1, value));
    }
    if round_many(&w.folded) {
        return Some((i + 1, None));
    }
    let value = number_word(&w.folded).or_else(|| (lang == Lang::En && w.folded == "a").then_some(1.0))?;
    let scaled = ws
        .get(i + 1)
        .is_some_and(|n| scale_of(&n.folded).is_some() || n.folded == "thousand" || n.folded == "mila");
    if value < 2.0 && !scaled {
        return None;
    }
    if !scaled && i > 0 && is_determiner(&ws[i - 1].folded) {
        return None;
    }
    Some((i + 1, Some(value)))
}

/// Counts in a sentence: a number and what it counts, in either language.
pub(super) fn counts(text: &str, lang: Lang) -> Vec<Found> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((mut j, _)) = number_at(text, &ws, i, lang) else {
            i += 1;
            continue;
        };
        // Scales and chains: "700 milioni", "hundreds of thousands of".
        loop {
            let word = ws.get(j).map(|w| w.folded.as_str());
            if word.is_some_and(|w| scale_of(w).is_some() || matches!(w, "thousand" | "thousands" | "mila")) {
                j += 1;
            } else if word.is_some_and(|w| matches!(w, "of" | "di"))
                && ws
                    .get(j + 1)
                    .is_some_and(|n| round_many(&n.folded) || n.folded == "thousands")
            {
                j += 2;
            } else if word.is_some_and(|w| matches!(w, "and" | "to" | "or" | "e" | "o"))
                && j + 1 < ws.len()
                && number_at(text, &ws, j + 1, lang).is_some()
            {
                // A range: "4 e 5 milioni".
                j = number_at(text, &ws, j + 1, lang).map_or(j + 1, |(end, _)| end);
            } else {
                break;
            }
        }
        let number_end = ws[j - 1].end;
        match counted(text, &ws, j, lang, i) {
            Some(Counted::Thing(k)) => {
                let mut f = Found::new(ws[i].start, ws[k].end, Kind::Count);
                f.counts = Some(ws[k].raw.to_owned());
                out.push(f);
                i = k + 1;
            }
            Some(Counted::Money(k)) => {
                // "Decine di miliardi di dollari", "billions of dollars": money
                // without a figure to chart (in digits, `amounts` reads it).
                if !ws[i].raw.chars().all(|c| c.is_ascii_digit()) {
                    out.push(Found::new(ws[i].start, ws[k].end, Kind::Money));
                }
                i = k + 1;
            }
            None => {
                // A bare number ("tra 4 e 5 milioni") counts what "numero di…"
                // names before it in its clause.
                let (from, _) = clause(text, ws[i].start);
                let thing = NUMBER_OF
                    .captures_iter(&text[from..ws[i].start])
                    .last()
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_owned());
                if let Some(thing) = thing.filter(|t| !names_function(&fold(t))) {
                    let mut f = Found::new(ws[i].start, number_end, Kind::Count);
                    f.counts = Some(thing);
                    out.push(f);
                }
                i = j.max(i + 1);
            }
        }
    }
    for f in &mut out {
        f.start = with_approximation(text, f.start);
    }
    out
}

/// What follows a number.
pub(super) enum Counted {
    /// The word index of the thing counted.
    Thing(usize),
    /// The word index of a currency: an amount in words.
    Money(usize),
}

/// What the number that ends before word `j` counts, if it is followed by it:
/// "di utenti", "construction jobs", "of Nvidia GPUs", "-parameter".
pub(super) fn counted(text: &str, ws: &[Word<'_>], j: usize, lang: Lang, first: usize) -> Option<Counted> {
    let next = ws.get(j)?;
    let gap = text[ws[j - 1].end..next.start].trim();
    // "150-billion-parameter", "seven-year": a compound says what it counts.
    if matches!(gap, "-" | "–") {
        return (!is_time_unit(&next.folded)
            && !is_other_unit(&next.folded)
            && next.raw.chars().all(char::is_alphabetic))
        .then_some(Counted::Thing(j));
    }
    if !gap.is_empty() {
        return None;
    }
    let plural = !matches!(ws[first].folded.as_str(), "one" | "uno" | "un" | "una" | "a") || j > first + 1;
    let mut k = j;
    if matches!(ws[k].folded.as_str(), "di" | "of" | "d") {
        k += 1;
    }
    while ws.get(k).is_some_and(|w| is_quantifier(&w.folded)) {
        k += 1;
    }
    let joined = |a: usize, b: usize| {
        let g = text[ws[a].end..ws[b].start].trim();
        g.is_empty() || g == "’" || g == "'"
    };
    if k >= ws.len() || !joined(k - 1, k) {
        return None;
    }
    if currency_of(&ws[k].folded).is_some() {
        return Some(Counted::Money(k));
    }
    if is_time_unit(&ws[k].folded) || is_other_unit(&ws[k].folded) {
        return None;
    }
    match lang {
        Lang::It => is_counted_it(&ws[k], plural).then_some(Counted::Thing(k)),
        Lang::En => {
            // The head of the noun phrase: its first plural, within four words.
            let mut h = k;
            while h < ws.len() && h < k + 4 && (h == k || joined(h - 1, h)) && !names_function(&ws[h].folded) {
                if is_plural_en(ws[h].raw, &ws[h].folded) && !is_other_unit(&ws[h].folded) {
                    return (!is_time_unit(&ws[h].folded)).then_some(Counted::Thing(h));
                }
                h += 1;
            }
            None
        }
    }
}

/// Every figure of a sentence, unlabelled, in text order. Where two readings
/// overlap the likelier wins: money with a currency, then a percentage, a
/// multiple, a capacity, a date or period, a count, and last a bare amount.
pub(super) fn found_in(text: &str, lang: Lang) -> Vec<Found> {
    let mut candidates: Vec<(u8, Found)> = Vec::new();
    for a in amounts(text) {
        let mut f = Found::new(a.start, a.end, Kind::Money);
        f.usd = (a.currency == Some("USD")).then_some(a.value);
        candidates.push((if a.currency.is_some() { 0 } else { 6 }, f));
    }
    for m in PERCENT.find_iter(text) {
        candidates.push((
            1,
            Found::new(with_approximation(text, m.start()), m.end(), Kind::Percent),
        ));
    }
    for m in MULTIPLE.find_iter(text) {
        candidates.push((
            2,
            Found::new(with_approximation(text, m.start()), m.end(), Kind::Multiple),
        ));
    }
    for m in CAPACITY.find_iter(text) {
        candidates.push((
            3,
            Found::new(with_approximation(text, m.start()), m.end(), Kind::Capacity),
        ));
    }
    for (start, end) in periods(text) {
        let value = text[start..end].trim();
        let is_date = value.chars().filter(char::is_ascii_digit).count() >= 4
            && !value.ends_with('s')
            && value.split_whitespace().count() >= 3;
        candidates.push((
            4,
            Found::new(start, end, if is_date { Kind::Date } else { Kind::Period }),
        ));
    }
    for m in DURATION.find_iter(text) {
        let mut f = Found::new(with_approximation(text, m.start()), m.end(), Kind::Period);
        f.duration = true;
        candidates.push((4, f));
    }
    for f in counts(text, lang) {
        candidates.push((5, f));
    }
    candidates.sort_by_key(|(rank, f)| (*rank, f.start));
    let mut kept: Vec<Found> = Vec::new();
    for (_, f) in candidates {
        if !kept.iter().any(|k| f.start < k.end && k.start < f.end) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.start);
    kept
}
