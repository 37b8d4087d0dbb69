//! Key figures, found in the text itself when the index is built: money amounts
//! (number, scale, currency), percentages ("il 24%", "about 2%"), multiples
//! ("quasi cinque volte", "il doppio"), capacities ("4,5 gigawatt", "1 GW"),
//! counts ("700 milioni di utenti", "40,000 construction jobs"), dates, years and
//! periods ("fino agli anni Trenta", "five years"), in Italian and English.
//!
//! Each figure keeps its sentence, whether the article states it as fact or
//! reports it as under discussion, and a label in both languages saying what it
//! measures and whose it is — `Contract — Oracle, OpenAI`. What it measures is
//! the noun the number qualifies or the nearest telling word of its clause
//! ([`measure`], a general table, and the general vocabulary for the things
//! counts count); whose it is, the companies its clause names ([`names`]).
//! Nothing here is fitted to one article.

mod measure;
mod names;
pub mod rank;

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::corpus::Passage;
use super::lexicon::Lexicon;
use super::text::{Lang, Word, fold, words};

pub use self::measure::{TABLE as MEASURE_TABLE, VALUATION, topic_of};

/// The version of how figures are read: an index whose figures were read by
/// another version is rebuilt (its `figures.json` would be stale).
pub const EXTRACTION_VERSION: u32 = 3;

/// Whether the article states a figure or only reports it as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Under discussion, hypothetical, or attributed ("secondo…", conditional mood).
    Reported,
    Fact,
}

/// What kind of number a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An amount of money: "10 miliardi di dollari", "$38 billion".
    Money,
    /// "27%", "il 24 per cento", "two to three percentage points".
    Percent,
    /// How many times something else: "quasi cinque volte", "il doppio", "twice".
    Multiple,
    /// Energy or computing capacity: "10 gigawatt", "500 MW".
    Capacity,
    /// A number of things, with the thing: "700 milioni di utenti".
    Count,
    /// A span of time or a year: "fino agli anni Trenta", "five years", "2027".
    Period,
    /// A day: "17 dicembre 2025".
    Date,
}

/// One key figure of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What it measures and whose it is: `Deal — Amazon, OpenAI`.
    pub label: String,
    /// The same in Italian: `Accordo — Amazon, OpenAI`.
    pub label_it: String,
    /// As written in the article: "10 miliardi di dollari".
    pub value: String,
    /// The amount in US dollars, when the article gives one in dollars.
    pub usd: Option<f64>,
    pub kind: Kind,
    pub status: Status,
    /// The sentence it comes from, verbatim.
    pub text: String,
    pub doc: String,
    pub date: Option<String>,
    pub paragraph: u32,
}

impl Figure {
    /// What it measures: its label before the companies (`Deal`).
    pub fn measure(&self) -> &str {
        self.label
            .split_once(" — ")
            .map_or(self.label.as_str(), |(what, _)| what)
    }

    /// Whose it is: the companies its label names (`["Amazon", "OpenAI"]`).
    pub fn companies(&self) -> Vec<&str> {
        self.label
            .split_once(" — ")
            .map(|(_, names)| names.split(", ").collect())
            .unwrap_or_default()
    }

    /// Its value as numbers, for telling whether two figures of the same thing
    /// agree: a money amount as its value and currency ("10 miliardi di
    /// dollari" and "$10 billion" agree), any other figure as the numbers it is
    /// written with, scaled by its scale words ("700 milioni", "1.5 GW"). `None`
    /// when it is written in words only ("quasi cinque volte"): such a value
    /// cannot be compared.
    pub fn quantity(&self) -> Option<Quantity> {
        if self.kind == Kind::Money {
            let found = amounts(&self.value);
            let first = found.first()?;
            return Some(Quantity {
                numbers: found.iter().map(|a| a.value).collect(),
                unit: first.currency,
            });
        }
        let ws = words(&self.value);
        let scale: f64 = ws
            .iter()
            .map(|w| match w.folded.as_str() {
                "gw" | "gigawatt" | "gigawatts" => 1e3,
                other => scale_of(other).unwrap_or(1.0),
            })
            .product();
        let numbers: Vec<f64> = NUMBER
            .find_iter(&self.value)
            .filter_map(|m| parse_number(m.as_str(), false))
            .map(|n| n * scale)
            .collect();
        (!numbers.is_empty()).then_some(Quantity { numbers, unit: None })
    }
}

/// A figure's value as numbers ([`Figure::quantity`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub numbers: Vec<f64>,
    /// The currency of a money amount.
    pub unit: Option<&'static str>,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?").expect("number pattern compiles")
});

/// A money amount found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub start: usize,
    pub end: usize,
    /// The value in units of its currency.
    pub value: f64,
    /// `USD`, `EUR`, `GBP`, `JPY`, or `None` when the text names no currency.
    pub currency: Option<&'static str>,
}

impl Amount {
    /// The token the index stores for this amount, whatever its currency or wording:
    /// "$10B", "10 billion" and "10 miliardi" all give `amt10000000000`.
    pub fn token(&self) -> String {
        format!("amt{:.0}", self.value)
    }
}

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<pre>US\$|\$|€|£|\bUSD\s?|\bEUR\s?)?
        (?P<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)
        (?:
            \s*(?P<scale>mila\s+miliardi|miliardi|miliardo|milioni|milione|trilioni|bilioni|trillions?|billions?|millions?|thousand)\b
          | (?P<short>bn|mld|mln|b|m|k)\b
        )?
        (?:\s+(?:di\s+)?(?P<cur>dollari|dollaro|dollars?|euro|euros|usd|eur|sterline|pounds?|yen)\b)?
        ",
    )
    .expect("money pattern compiles")
});

/// Finds the money amounts in `text`. A bare number is not money: it needs a
/// currency or a scale word ("10 miliardi", "$38B", "400 billion dollars").
pub fn amounts(text: &str) -> Vec<Amount> {
    MONEY.captures_iter(text).filter_map(|caps| amount(&caps)).collect()
}

/// The money amounts in a question: as [`amounts`], and numbers in words with
/// their scale ("ten billion dollars", "dieci miliardi"). A word scan, not a
/// pattern: a pattern that may start at any letter costs every answer its
/// prefilter (measured: `dealbot ask` 15 % slower over 10,000 questions).
pub fn amounts_in_question(text: &str) -> Vec<Amount> {
    let mut out = amounts(text);
    let ws = words(text);
    for (i, w) in ws.iter().enumerate() {
        let (Some(number), Some(scale)) = (number_word(&w.folded), ws.get(i + 1).and_then(|s| scale_of(&s.folded)))
        else {
            continue;
        };
        let mut end = ws[i + 1].end;
        let mut currency = None;
        let after = ws.get(i + 2).filter(|d| d.folded == "di").map_or(i + 2, |_| i + 3);
        if let Some(c) = ws.get(after).and_then(|c| currency_of(&c.folded)) {
            currency = Some(c);
            end = ws[after].end;
        }
        out.push(Amount {
            start: w.start,
            end,
            value: number * scale,
            currency,
        });
    }
    out.sort_by_key(|a| a.start);
    out
}

/// The multiplier of a scale word ("miliardi", "billion"), if it is one.
fn scale_of(folded: &str) -> Option<f64> {
    match folded {
        "trilioni" | "bilioni" | "trillion" | "trillions" => Some(1e12),
        "miliardi" | "miliardo" | "billion" | "billions" => Some(1e9),
        "milioni" | "milione" | "million" | "millions" => Some(1e6),
        _ => None,
    }
}

/// The currency a word names ("dollari", "euros"), if any.
pub(crate) fn currency_of(folded: &str) -> Option<&'static str> {
    match folded {
        "dollari" | "dollaro" | "dollar" | "dollars" | "usd" => Some("USD"),
        "euro" | "euros" | "eur" => Some("EUR"),
        "sterline" | "pound" | "pounds" => Some("GBP"),
        "yen" => Some("JPY"),
        _ => None,
    }
}

/// The amount one match of [`MONEY`] gives, if it is money.
fn amount(caps: &regex::Captures<'_>) -> Option<Amount> {
    let pre = caps.name("pre").map(|m| m.as_str().trim().to_ascii_uppercase());
    let scale_word = caps
        .name("scale")
        .or_else(|| caps.name("short"))
        .map(|m| fold(m.as_str()));
    let cur = caps.name("cur").map(|m| fold(m.as_str()));
    if pre.is_none() && scale_word.is_none() && cur.is_none() {
        return None;
    }
    let has_scale = scale_word.is_some();
    let number = parse_number(&caps["num"], has_scale)?;
    let scale = match scale_word
        .as_deref()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        Some(s) => scale_of(&s).unwrap_or(match s.as_str() {
            "mila miliardi" => 1e12,
            "bn" | "mld" | "b" => 1e9,
            "mln" | "m" => 1e6,
            "thousand" | "k" => 1e3,
            _ => 1.0,
        }),
        None => 1.0,
    };
    // Dollars if the symbol or the word says so, then euros, then pounds, then yen.
    let symbol = match pre.as_deref() {
        Some("$" | "US$" | "USD") => Some("USD"),
        Some("€" | "EUR") => Some("EUR"),
        Some("£") => Some("GBP"),
        _ => None,
    };
    let named = [symbol, cur.as_deref().and_then(currency_of)];
    let currency = ["USD", "EUR", "GBP", "JPY"]
        .into_iter()
        .find(|c| named.contains(&Some(*c)));
    let whole = caps.get(0).expect("a match has group 0");
    Some(Amount {
        start: whole.start(),
        end: whole.as_str().trim_end().len() + whole.start(),
        value: number * scale,
        currency,
    })
}

/// Reads "10", "1,5", "1.5", "10.000" and "1,000,000": a separator followed by
/// exactly three digits groups thousands unless a scale word follows ("1.500 miliardi"
/// is still read as thousands; "1,5 miliardi" as a decimal).
fn parse_number(s: &str, _has_scale: bool) -> Option<f64> {
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    let plain = if groups.len() == 1 {
        s.to_owned()
    } else if groups[1..].iter().all(|g| g.len() == 3) {
        groups.concat()
    } else {
        let (int, frac) = groups.split_at(groups.len() - 1);
        format!("{}.{}", int.concat(), frac[0])
    };
    plain.parse().ok()
}

/// Whether a word is a count in words: a number from two up ("seven", "cinque";
/// "one"/"uno" are as often articles), or a round many ("dozens", "decine",
/// "hundreds", "migliaia", "millions").
pub fn counts_in_words(folded: &str) -> bool {
    number_word(folded).is_some_and(|n| n >= 2.0) || round_many(folded)
}

/// "Hundreds", "migliaia", "un milione di TPU": a count without a number.
fn round_many(folded: &str) -> bool {
    matches!(
        folded,
        "thousand"
            | "million"
            | "billion"
            | "mille"
            | "migliaio"
            | "milione"
            | "miliardo"
            | "dozen"
            | "dozens"
            | "tens"
            | "hundreds"
            | "thousands"
            | "millions"
            | "billions"
            | "dozzina"
            | "dozzine"
            | "decine"
            | "centinaia"
            | "migliaia"
            | "milioni"
            | "miliardi"
    )
}

/// The value of a number written as a word, in English or Italian.
pub(crate) fn number_word(folded: &str) -> Option<f64> {
    let n = match folded {
        "one" | "uno" | "un" | "una" => 1.0,
        "two" | "due" => 2.0,
        "three" | "tre" => 3.0,
        "four" | "quattro" => 4.0,
        "five" | "cinque" => 5.0,
        "six" | "sei" => 6.0,
        "seven" | "sette" => 7.0,
        "eight" | "otto" => 8.0,
        "nine" | "nove" => 9.0,
        "ten" | "dieci" => 10.0,
        "eleven" | "undici" => 11.0,
        "twelve" | "dodici" => 12.0,
        "fifteen" | "quindici" => 15.0,
        "twenty" | "venti" => 20.0,
        "thirty" | "trenta" => 30.0,
        "forty" | "quaranta" => 40.0,
        "fifty" | "cinquanta" => 50.0,
        "hundred" | "cento" => 100.0,
        _ => return None,
    };
    Some(n)
}

/// A number in digits (with separators) or in words, for the patterns below.
const NUM: &str = r"(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|quindici|venti|trenta|quaranta|cinquanta|cento)\b)";

/// How a range joins two numbers: "4% and 5%", "two to three", "4 e 5".
const RANGE: &str = r"(?:\s*[-–]\s*|\s+(?:and|to|or|e|o|a)\s+)";

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?:\s?%|\s+(?:per\s?cento|percento|per\s+cent|percent|percentage\s+points?|punti\s+percentuali)\b)";
    Regex::new(&format!(r"(?i)(?:{NUM}(?:{unit})?{RANGE})?{NUM}{unit}")).expect("percent pattern compiles")
});

static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{NUM}{RANGE})?{NUM}\s+(?:times|volte)\b|\b(?:twice|thrice|doubled|tripled|quadrupled|raddoppiat[oaie]|triplicat[oaie]|quadruplicat[oaie])\b|\b(?:più\s+del|oltre\s+il|il|al|del|dal|nel)\s+(?:doppio|triplo|quadruplo)\b"
    ))
    .expect("multiple pattern compiles")
});

static CAPACITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?i:{NUM}){RANGE})?(?i:{NUM})\s*-?\s*(?:(?i:gigawatts?|megawatts?|terawatts?|kilowatts?|gigawattora|exaflops?|petaflops?|teraflops?)\b|(?:GW|MW|TW|kW|GWh|MWh|TWh|kWh)\b)"
    ))
    .expect("capacity pattern compiles")
});

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){NUM}(?:\s+|-)(?:years?|anni|months?|mesi|weeks?|settimane|days?|giorni|decades?|decenni|quarters?|trimestri)\b"
    ))
    .expect("duration pattern compiles")
});

/// "Numero di GPU", "the number of users": what a bare number nearby counts.
static NUMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:numero|number)\s+(?:di|dei|degli|delle|of)\s+(?:(?:grandi|piccoli|nuovi|big|large|small|new|active|attivi)\s+)?(\w+)")
        .expect("number-of pattern compiles")
});

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
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

static RELATIVE_TIME: LazyLock<Regex> = LazyLock::new(|| {
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

/// Words that make a clause a report rather than a statement.
const HEDGES: &[&str] = &[
    "secondo",
    "discutendo",
    "discutono",
    "discussione",
    "trattativa",
    "trattative",
    "ipotesi",
    "ipotizza",
    "potrebbe",
    "potrebbero",
    "sarebbe",
    "sarebbero",
    "avrebbe",
    "avrebbero",
    "forse",
    "according",
    "reportedly",
    "would",
    "could",
    "might",
    "may",
    "talks",
    "discussing",
    "negotiating",
    "considering",
    "potential",
    "possible",
    "possibly",
    "rumored",
    "rumoured",
    "se",
    "if",
];

/// Italian conditional mood ("prevederebbe", "spingerebbero").
fn is_conditional(folded: &str) -> bool {
    folded.len() > 6 && (folded.ends_with("rebbe") || folded.ends_with("rebbero"))
}

/// Verbs of saying: what follows their "that/che" is what was said, a clause
/// of its own (the speaker is not a party to the figure).
const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "added",
    "explained",
    "noted",
    "argued",
    "warned",
    "announced",
    "reported",
    "out",
    "detto",
    "dichiarato",
    "spiegato",
    "precisato",
    "annunciato",
    "affermato",
    "sottolineato",
    "riferito",
    "rivelato",
    "ricordato",
    "ricordano",
    "sostiene",
    "sostenuto",
    "osservato",
    "aggiunto",
    "scritto",
];

/// The clause of `sentence` around byte `at`: cut at punctuation, at the words
/// that open a new clause ("poiché", "because", "ma") and at the "that" of
/// reported speech ("has said that …").
fn clause(sentence: &str, at: usize) -> (usize, usize) {
    let mut start = 0;
    let mut end = sentence.len();
    for (i, c) in sentence.char_indices() {
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–') {
            if i < at {
                start = i + c.len_utf8();
            } else if i > at {
                end = end.min(i);
            }
        }
    }
    let ws = words(sentence);
    for (i, w) in ws.iter().enumerate() {
        let opens = matches!(
            w.folded.as_str(),
            "poiche" | "perche" | "because" | "since" | "ma" | "but" | "mentre" | "while" | "tuttavia" | "however"
        ) || (matches!(w.folded.as_str(), "that" | "che")
            && ws[i.saturating_sub(2)..i]
                .iter()
                .any(|v| SPEECH.contains(&v.folded.as_str())));
        if opens {
            // A figure may start with the word ("since 2019"): it opens no clause there.
            if w.start < at && w.start > start {
                start = w.start;
            } else if w.start > at {
                end = end.min(w.start);
            }
        }
    }
    (start, end.max(start))
}

fn status(sentence: &str, at: usize) -> Status {
    let (start, end) = clause(sentence, at);
    let reported_clause = words(&sentence[start..end])
        .iter()
        .any(|w| is_conditional(&w.folded) || HEDGES.contains(&w.folded.as_str()));
    let first = words(sentence).into_iter().next().map(|w| w.folded);
    let reported_sentence = matches!(first.as_deref(), Some("secondo" | "according" | "stando"));
    if reported_clause || reported_sentence {
        Status::Reported
    } else {
        Status::Fact
    }
}

/// A number found in a sentence, before it is labelled.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    start: usize,
    end: usize,
    kind: Kind,
    usd: Option<f64>,
    /// For a count, the thing it counts, as written.
    counts: Option<String>,
    /// A length of time rather than a point in it.
    duration: bool,
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
const APPROXIMATE: &[&[&str]] = &[
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
fn with_approximation(text: &str, start: usize) -> usize {
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
fn approximation_ending(ws: &[Word<'_>], text: &str, next: usize) -> Option<usize> {
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
fn is_time_unit(folded: &str) -> bool {
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
fn is_other_unit(folded: &str) -> bool {
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
fn is_quantifier(folded: &str) -> bool {
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
fn is_determiner(folded: &str) -> bool {
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
fn is_plural_en(raw: &str, folded: &str) -> bool {
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
fn is_counted_it(w: &Word<'_>, plural: bool) -> bool {
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
fn names_function(folded: &str) -> bool {
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
fn number_at(text: &str, ws: &[Word<'_>], i: usize, lang: Lang) -> Option<(usize, Option<f64>)> {
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
fn counts(text: &str, lang: Lang) -> Vec<Found> {
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
enum Counted {
    /// The word index of the thing counted.
    Thing(usize),
    /// The word index of a currency: an amount in words.
    Money(usize),
}

/// What the number that ends before word `j` counts, if it is followed by it:
/// "di utenti", "construction jobs", "of Nvidia GPUs", "-parameter".
fn counted(text: &str, ws: &[Word<'_>], j: usize, lang: Lang, first: usize) -> Option<Counted> {
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
fn found_in(text: &str, lang: Lang) -> Vec<Found> {
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

/// A word of a clause, for reading what a figure measures.
struct Token<'a> {
    start: usize,
    end: usize,
    folded: String,
    raw: &'a str,
}

/// Words that stand between a figure and the noun it qualifies: "un accordo
/// *da* 10 miliardi", "a stake *of about* 27%", "a deal *worth* $10 billion".
fn is_link(folded: &str) -> bool {
    matches!(
        folded,
        "da" | "di"
            | "del"
            | "della"
            | "dello"
            | "dei"
            | "degli"
            | "delle"
            | "dal"
            | "per"
            | "pari"
            | "a"
            | "al"
            | "ad"
            | "of"
            | "at"
            | "worth"
            | "valued"
            | "about"
            | "around"
            | "roughly"
            | "almost"
            | "nearly"
            | "over"
            | "more"
            | "than"
            | "less"
            | "up"
            | "to"
            | "by"
            | "circa"
            | "quasi"
            | "oltre"
            | "fino"
            | "some"
            | "an"
            | "the"
            | "il"
            | "lo"
            | "la"
            | "l"
            | "un"
            | "una"
            | "uno"
            | "additional"
            | "altri"
            | "ulteriori"
            | "remaining"
            | "restante"
            | "rimanente"
            | "total"
            | "totale"
            | "complessivi"
            | "complessivamente"
            | "piu"
            | "ben"
            | "almeno"
            | "least"
            | "just"
            | "above"
            | "below"
            | "back"
            | "sopra"
            | "sotto"
    )
}

/// The measure a run of tokens starts with, if it fits a figure of `kind`.
fn measure_in(tokens: &[Token<'_>], at: usize, kind: Kind) -> Option<&'static measure::Measure> {
    let folded: Vec<&str> = tokens[at..].iter().map(|t| t.folded.as_str()).take(4).collect();
    measure::measure_at(&folded)
        .map(|(m, _)| m)
        .filter(|m| kind != Kind::Money || m.money)
}

/// A label's noun, in English and Italian.
type Label = (String, String);

fn label_of(m: &measure::Measure) -> Label {
    (m.en.to_owned(), m.it.to_owned())
}

fn stake() -> Label {
    ("Stake".to_owned(), "Quota".to_owned())
}

/// What a figure measures, in English and Italian: the noun it qualifies, else
/// the nearest telling word of its clause, else of its sentence, else its kind.
fn what(text: &str, lang: Lang, f: &Found, clause: (usize, usize)) -> Label {
    if let Some(noun) = &f.counts {
        return measure::count_label(noun, lang);
    }
    if f.kind == Kind::Capacity {
        return ("Capacity".to_owned(), "Capacità".to_owned());
    }
    let tokens: Vec<Token<'_>> = words(text)
        .into_iter()
        .map(|w| Token {
            start: w.start,
            end: w.end,
            folded: w.folded,
            raw: w.raw,
        })
        .collect();
    // A percentage of a company's capital is a stake in it.
    if f.kind == Kind::Percent && of_capital(&tokens, f) {
        return stake();
    }
    // What a number of things has done ("il numero dei grandi clienti è
    // aumentato di sette volte") is about those things.
    if matches!(f.kind, Kind::Percent | Kind::Multiple)
        && let Some(thing) = NUMBER_OF.captures_iter(&text[..f.start]).last().and_then(|c| c.get(1))
    {
        return measure::count_label(thing.as_str(), lang);
    }
    if let Some(label) = qualified(&tokens, f, clause, lang) {
        return label;
    }
    if let Some(m) = nearest(&tokens, text.len(), f, clause) {
        return label_of(m);
    }
    let (en, it) = match f.kind {
        Kind::Money => ("Amount", "Importo"),
        Kind::Percent => ("Percentage", "Percentuale"),
        Kind::Multiple => ("Multiple", "Multiplo"),
        Kind::Period if f.duration => ("Duration", "Durata"),
        Kind::Period => ("Period", "Periodo"),
        Kind::Date => ("Date", "Data"),
        Kind::Count => ("Count", "Numero"),
        Kind::Capacity => ("Capacity", "Capacità"),
    };
    (en.to_owned(), it.to_owned())
}

/// Whether a percentage is "of the capital" (of the company, of its equity).
fn of_capital(tokens: &[Token<'_>], f: &Found) -> bool {
    let after: Vec<&str> = tokens
        .iter()
        .filter(|t| t.start >= f.end)
        .map(|t| t.folded.as_str())
        .filter(|w| !matches!(*w, "the" | "il" | "l" | "suo" | "its"))
        .take(2)
        .collect();
    matches!(
        after.first(),
        Some(&("of" | "del" | "della" | "dello" | "dell" | "dei"))
    ) && after.get(1).is_some_and(|w| {
        matches!(
            *w,
            "capitale" | "capital" | "equity" | "company" | "societa" | "azienda" | "gruppo" | "group"
        )
    })
}

/// Verbs of owning: a percentage someone owns or keeps is a stake.
fn owns(folded: &str) -> bool {
    matches!(
        folded,
        "own"
            | "owns"
            | "hold"
            | "holds"
            | "keep"
            | "keeps"
            | "retain"
            | "retains"
            | "control"
            | "controls"
            | "detiene"
            | "possiede"
            | "mantiene"
            | "controlla"
            | "conserva"
    )
}

/// The noun the figure qualifies: in English after it ("$27 billion financing
/// deal", "$1 trillion in infrastructure commitments"), in either language
/// before it over its links ("un accordo da", "a stake of about").
fn qualified(tokens: &[Token<'_>], f: &Found, clause: (usize, usize), lang: Lang) -> Option<Label> {
    let in_clause = |t: &Token<'_>| t.start >= clause.0 && t.end <= clause.1;
    let first_after = tokens.iter().position(|t| t.start >= f.end).unwrap_or(tokens.len());
    let mut after = first_after;
    while after < tokens.len() && matches!(tokens[after].folded.as_str(), "of" | "in" | "di") {
        after += 1;
    }
    let mut found = None;
    if lang == Lang::En {
        let mut k = after;
        while k < tokens.len()
            && k < after + 4
            && in_clause(&tokens[k])
            && !names_function(&tokens[k].folded)
            && !is_link(&tokens[k].folded)
        {
            if let Some(m) = measure_in(tokens, k, f.kind) {
                found = Some(m);
            }
            if tokens[k].raw.chars().next().is_some_and(char::is_uppercase) && found.is_some() {
                break;
            }
            k += 1;
        }
    } else if after < tokens.len() && in_clause(&tokens[after]) && after > first_after {
        found = measure_in(tokens, after, f.kind);
    }
    if let Some(m) = found {
        return Some(label_of(m));
    }
    let mut k = tokens.iter().rposition(|t| t.end <= f.start)?;
    // Links, and the numbers of a range before it ("of $70 billion to $72 billion").
    let skippable = |t: &Token<'_>| {
        is_link(&t.folded)
            || t.folded.chars().all(|c| c.is_ascii_digit())
            || scale_of(&t.folded).is_some()
            || currency_of(&t.folded).is_some()
    };
    while skippable(&tokens[k]) && k > 0 && in_clause(&tokens[k]) {
        k -= 1;
    }
    if !in_clause(&tokens[k]) {
        return None;
    }
    if f.kind == Kind::Percent && owns(&tokens[k].folded) {
        return Some(stake());
    }
    // Italian puts the adjective after its noun: "investimento *complessivo* a
    // 30 miliardi", "ricavi *annui* per 13 miliardi".
    if lang == Lang::It
        && k > 0
        && in_clause(&tokens[k - 1])
        && measure_in(tokens, k, f.kind).is_none()
        && tokens[k].raw.chars().all(char::is_lowercase)
        && let Some(m) = measure_in(tokens, k - 1, f.kind)
    {
        return Some(label_of(m));
    }
    // A phrase that ends here ("market value"), or a word.
    let folded: Vec<&str> = tokens[k.saturating_sub(1)..]
        .iter()
        .map(|t| t.folded.as_str())
        .take(4)
        .collect();
    measure::measure_at(&folded)
        .filter(|(_, len)| k > 0 && *len == 2)
        .map(|(m, _)| m)
        .filter(|m| f.kind != Kind::Money || m.money)
        .or_else(|| measure_in(tokens, k, f.kind))
        .map(label_of)
}

/// How many times farther a telling word after a figure counts than one before
/// it: a number mostly follows what it measures ("ricavi per 13 miliardi", "a
/// stake of 27%"), and the noun after it often belongs to the next clause
/// ("… a 30 miliardi e la sua quota a circa l'11%"). Set while reading the
/// labels of the seed, ../shared/eval/articles and tests/articles: at 1, such
/// amounts took the next clause's noun.
const AFTER_FIGURE: usize = 2;

/// The nearest telling word, in the clause and then in the sentence (of
/// `len` bytes); a link ("worth", "valued") only when nothing else tells, since
/// it says the figure is the value of a noun before it. A word after the figure
/// counts [`AFTER_FIGURE`] times as far. A date or period looks in its clause only: the
/// rest of its sentence is often about something else.
fn nearest(tokens: &[Token<'_>], len: usize, f: &Found, clause: (usize, usize)) -> Option<&'static measure::Measure> {
    let levels: &[(usize, usize, bool)] = if matches!(f.kind, Kind::Period | Kind::Date) {
        &[(clause.0, clause.1, false), (clause.0, clause.1, true)]
    } else {
        &[(clause.0, clause.1, false), (0, len, false), (0, len, true)]
    };
    // Words inside a phrase ("capital *expenditure*") belong to the phrase.
    let mut inside_phrase = vec![false; tokens.len()];
    for k in 0..tokens.len() {
        let folded: Vec<&str> = tokens[k..].iter().map(|t| t.folded.as_str()).take(4).collect();
        if let Some((_, n)) = measure::measure_at(&folded) {
            for covered in inside_phrase.iter_mut().skip(k + 1).take(n - 1) {
                *covered = true;
            }
        }
    }
    levels.iter().find_map(|&(from, to, links)| {
        tokens
            .iter()
            .enumerate()
            .filter(|(k, t)| {
                !inside_phrase[*k] && t.start >= from && t.end <= to && (t.end <= f.start || t.start >= f.end)
            })
            .filter(|(_, t)| links || !is_link(&t.folded))
            .filter_map(|(k, t)| {
                let distance = if t.end <= f.start {
                    f.start - t.end
                } else {
                    AFTER_FIGURE * (t.start - f.end)
                };
                measure_in(tokens, k, f.kind).map(|m| (distance, m))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, m)| m)
    })
}

fn label(what: &str, names: &[String]) -> String {
    if names.is_empty() {
        what.to_owned()
    } else {
        format!("{what} — {}", names.join(", "))
    }
}

/// Extracts the key figures of the passages, in text order. The lexicon's
/// stopwords tell a sentence's first word from a name.
pub fn extract(passages: &[Passage], lexicon: &Lexicon) -> Vec<Figure> {
    let cast = names::Cast::of(passages, lexicon);
    let mut out = Vec::new();
    for (pid, p) in passages.iter().enumerate() {
        let text = &p.text;
        for f in found_in(text, p.lang) {
            let span = clause(text, f.start);
            // Names inside a count are what it counts ("Nvidia GPUs"): they count.
            let inside = if f.kind == Kind::Count {
                (f.start, f.start)
            } else {
                (f.start, f.end)
            };
            let names = cast.parties(pid, span, inside);
            let (en, it) = what(text, p.lang, &f, span);
            out.push(Figure {
                label: label(&en, &names),
                label_it: label(&it, &names),
                value: text[f.start..f.end].to_owned(),
                usd: f.usd,
                kind: f.kind,
                status: status(text, f.start),
                text: text.clone(),
                doc: p.doc.clone(),
                date: p.date.clone(),
                paragraph: p.paragraph,
            });
        }
    }
    out
}

/// The figures of one article, as `figures` lists them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleFigures {
    pub doc: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub lang: Lang,
    pub figures: Vec<Figure>,
}

impl ArticleFigures {
    /// How the article is named to readers: its title, else its file name.
    pub fn name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.doc)
    }
}

/// Newest first, undated last, then by file name: the order articles are listed in.
pub fn newest_first(a: (Option<&str>, &str), b: (Option<&str>, &str)) -> Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.1.cmp(b.1))
}

/// The figures grouped by article, newest article first, each most important
/// first ([`rank`]); an article without figures is left out. Titles and
/// languages come from the article's passages.
pub fn by_article(figures: &[Figure], passages: &[Passage]) -> Vec<ArticleFigures> {
    let weights = rank::weights();
    let mut groups = in_text_order(figures, passages);
    for g in &mut groups {
        let own: Vec<&Passage> = passages.iter().filter(|p| p.doc == g.doc).collect();
        g.figures = rank::rank(std::mem::take(&mut g.figures), &own, &weights);
    }
    groups
}

/// The figures grouped by article, newest article first, each in text order.
pub fn in_text_order(figures: &[Figure], passages: &[Passage]) -> Vec<ArticleFigures> {
    let mut groups: Vec<ArticleFigures> = Vec::new();
    let mut seen = HashSet::new();
    for f in figures {
        if seen.insert(f.doc.as_str()) {
            let p = passages.iter().find(|p| p.doc == f.doc);
            groups.push(ArticleFigures {
                doc: f.doc.clone(),
                title: p.and_then(|p| p.title.clone()),
                date: f.date.clone(),
                lang: p.map_or(Lang::It, |p| p.lang),
                figures: Vec::new(),
            });
        }
        if let Some(g) = groups.iter_mut().find(|g| g.doc == f.doc) {
            g.figures.push(f.clone());
        }
    }
    groups.sort_by(|a, b| newest_first((a.date.as_deref(), &a.doc), (b.date.as_deref(), &b.doc)));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract_(passages: &[Passage]) -> Vec<Figure> {
        extract(passages, &Lexicon::shipped())
    }

    fn usd(text: &str) -> Vec<f64> {
        amounts(text).iter().map(|a| a.value).collect()
    }

    /// Passages of one article, one sentence each, in `lang`.
    fn article(doc: &str, date: Option<&str>, lang: Lang, sentences: &[&str]) -> Vec<Passage> {
        sentences
            .iter()
            .enumerate()
            .map(|(i, text)| Passage {
                doc: doc.to_owned(),
                title: None,
                date: date.map(str::to_owned),
                paragraph: 1,
                sentence: u32::try_from(i).unwrap(),
                section: None,
                section_translation: None,
                lang,
                text: (*text).to_owned(),
                translation: None,
            })
            .collect()
    }

    /// The one figure of `kind` in `sentences`.
    fn figure(lang: Lang, sentences: &[&str], kind: Kind) -> Figure {
        let all = extract_(&article("a", None, lang, sentences));
        let mut of_kind = all.iter().filter(|f| f.kind == kind);
        let found = of_kind
            .next()
            .unwrap_or_else(|| panic!("no {kind:?} in {all:#?}"))
            .clone();
        assert!(of_kind.next().is_none(), "more than one {kind:?} in {all:#?}");
        found
    }

    #[test]
    fn amounts_are_read_in_both_languages_and_all_forms() {
        assert_eq!(usd("un accordo da 10 miliardi di dollari"), [10e9]);
        assert_eq!(usd("a $10B deal"), [10e9]);
        assert_eq!(usd("a $10 billion deal"), [10e9]);
        assert_eq!(usd("10 billion dollars"), [10e9]);
        assert_eq!(usd("1,5 miliardi di euro"), [1.5e9]);
        assert_eq!(usd("$1.5bn"), [1.5e9]);
        assert_eq!(usd("€300 milioni"), [300e6]);
        assert_eq!(usd("10.000 dollari"), [10_000.0]);
    }

    #[test]
    fn bare_numbers_and_years_are_not_money() {
        assert!(amounts("nel 2030 ci sono 3 partner").is_empty());
    }

    #[test]
    fn a_question_may_give_an_amount_in_words_with_its_scale() {
        let usd = |q: &str| amounts_in_question(q).iter().map(|a| a.value).collect::<Vec<_>>();
        assert_eq!(usd("put ten billion dollars into OpenAI"), [10e9]);
        assert_eq!(usd("dieci miliardi o 38 miliardi?"), [10e9, 38e9]);
        assert_eq!(usd("un miliardo di dollari"), [1e9]);
        assert!(amounts_in_question("un accordo fino agli anni Trenta, per cento motivi").is_empty());
        assert!(amounts_in_question("ten partners, $ ten").is_empty());
        assert!(
            amounts("dieci miliardi").is_empty(),
            "sentences keep the digits-only reading"
        );
    }

    #[test]
    fn the_currency_is_recorded() {
        assert_eq!(amounts("10 miliardi di dollari")[0].currency, Some("USD"));
        assert_eq!(amounts("10 miliardi di euro")[0].currency, Some("EUR"));
        assert_eq!(amounts("900 miliardi di yen")[0].currency, Some("JPY"));
        assert_eq!(amounts("10 miliardi")[0].currency, None);
    }

    #[test]
    fn the_same_amount_gives_the_same_token_in_any_wording() {
        let a = amounts("10 miliardi di dollari")[0].token();
        assert_eq!(a, amounts("$10B")[0].token());
        assert_eq!(a, amounts("10 billion")[0].token());
    }

    #[test]
    fn periods_include_decades_in_words() {
        let text = "detiene i diritti esclusivi su questi fino agli anni Trenta.";
        let p = periods(text);
        assert_eq!(&text[p[0].0..p[0].1], "fino agli anni Trenta");
        assert!(mentions_time("until the 2030s"));
        assert!(mentions_time("fino ad oggi"));
        assert!(!mentions_time("chip proprietari Trainium"));
    }

    #[test]
    fn the_conditional_mood_marks_a_figure_as_reported() {
        assert_eq!(
            status("L’accordo spingerebbe la valutazione oltre 500 miliardi.", 40),
            Status::Reported
        );
        assert_eq!(
            status("OpenAI prevede già di spendere 38 miliardi di dollari.", 40),
            Status::Fact
        );
    }

    #[test]
    fn a_report_in_another_clause_does_not_taint_a_fact() {
        let s = "L’accordo non permetterebbe nulla, poiché Microsoft detiene i diritti fino agli anni Trenta.";
        let at = s.find("fino").unwrap();
        assert_eq!(status(s, at), Status::Fact);
    }

    #[test]
    fn a_contract_amount_is_labelled_a_contract_of_both_companies() {
        let f = figure(
            Lang::It,
            &["Stellantis ha firmato con Leonardo un contratto da 2 miliardi di euro per la fornitura di radar."],
            Kind::Money,
        );
        assert_eq!(f.label, "Contract — Stellantis, Leonardo");
        assert_eq!(f.label_it, "Contratto — Stellantis, Leonardo");
        assert_eq!(f.value, "2 miliardi di euro");
        assert_eq!(f.usd, None, "euros are not dollars");
        let f = figure(
            Lang::En,
            &["Siemens signed a contract worth $3 billion with Deutsche Bahn to build new trains."],
            Kind::Money,
        );
        assert_eq!(f.label, "Contract — Siemens, Deutsche Bahn");
        assert_eq!(f.label_it, "Contratto — Siemens, Deutsche Bahn");
        assert_eq!(f.usd, Some(3e9));
    }

    #[test]
    fn a_percentage_says_what_it_is_a_share_of() {
        let f = figure(
            Lang::It,
            &["Enel detiene una quota del 18 per cento nella rete spagnola."],
            Kind::Percent,
        );
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Stake — Enel", "Quota — Enel")
        );
        assert_eq!(f.value, "18 per cento");
        let f = figure(
            Lang::En,
            &["Shares of Nokia fell about 12% after the results."],
            Kind::Percent,
        );
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Shares — Nokia", "Azioni — Nokia")
        );
        assert_eq!(f.value, "about 12%");
        let f = figure(Lang::It, &["Il titolo Campari è salito di circa il 7%."], Kind::Percent);
        assert_eq!(f.value, "circa il 7%");
        assert_eq!(f.label, "Shares — Campari");
        let f = figure(
            Lang::It,
            &[
                "Con l'operazione Unipol porta la sua partecipazione complessiva al 22%, e il suo investimento a 4 miliardi.",
            ],
            Kind::Percent,
        );
        assert_eq!((f.value.as_str(), f.label.as_str()), ("22%", "Stake — Unipol"));
        let f = figure(
            Lang::It,
            &[
                "Con l'operazione Unipol porta la sua partecipazione complessiva al 22%, e il suo investimento a 4 miliardi.",
            ],
            Kind::Money,
        );
        assert_eq!(f.label_it, "Investimento — Unipol", "the noun before its adjective");
    }

    #[test]
    fn a_multiple_says_what_grew() {
        let f = figure(
            Lang::It,
            &["I ricavi di Ferrari sono cresciuti di quasi tre volte in un decennio."],
            Kind::Multiple,
        );
        assert_eq!(f.value, "quasi tre volte");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Revenue — Ferrari", "Ricavi — Ferrari")
        );
        let f = figure(
            Lang::En,
            &["Spotify said its revenue is now 2.5 times what it was."],
            Kind::Multiple,
        );
        assert_eq!(f.value, "2.5 times");
        assert_eq!(f.label, "Revenue — Spotify");
        let f = figure(
            Lang::It,
            &["La valutazione di Satispay è più del doppio di un anno fa."],
            Kind::Multiple,
        );
        assert_eq!(f.value, "più del doppio");
        assert_eq!(f.label_it, "Valutazione — Satispay");
    }

    #[test]
    fn a_capacity_is_energy_or_compute_in_either_language() {
        let f = figure(
            Lang::It,
            &["Terna installerà 800 megawatt di nuovi impianti in Sardegna."],
            Kind::Capacity,
        );
        assert_eq!(f.value, "800 megawatt");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Capacity — Terna", "Capacità — Terna")
        );
        let f = figure(
            Lang::En,
            &["Iberdrola will add roughly 1.5 GW to the grid."],
            Kind::Capacity,
        );
        assert_eq!(f.value, "roughly 1.5 GW");
        assert_eq!(f.label, "Capacity — Iberdrola");
        let f = figure(Lang::It, &["Il campus userà 3,2 gigawatt."], Kind::Capacity);
        assert_eq!(f.value, "3,2 gigawatt");
    }

    #[test]
    fn a_count_is_labelled_by_what_it_counts_in_both_languages() {
        let f = figure(
            Lang::It,
            &["Poste Italiane conta ormai 12 milioni di clienti digitali."],
            Kind::Count,
        );
        assert_eq!(f.value, "12 milioni di clienti");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Customers — Poste Italiane", "Clienti — Poste Italiane")
        );
        let f = figure(
            Lang::En,
            &["Netflix now has 300 million paying subscribers."],
            Kind::Count,
        );
        assert_eq!(f.value, "300 million paying subscribers");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Subscribers — Netflix", "Abbonati — Netflix")
        );
        // A thing the table lacks is translated with the general vocabulary.
        let f = figure(
            Lang::En,
            &["Vestas will build 40 new factories in Poland."],
            Kind::Count,
        );
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Factories — Vestas", "Fabbriche — Vestas")
        );
        let f = figure(
            Lang::En,
            &["Tesla hired thousands of engineers last year."],
            Kind::Count,
        );
        assert_eq!(f.value, "thousands of engineers");
        let f = figure(
            Lang::En,
            &["Meta will rent tens of thousands of AMD GPUs from Oracle."],
            Kind::Count,
        );
        assert_eq!(f.value, "tens of thousands of AMD GPUs");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("GPUs — Meta, AMD, Oracle", "GPU — Meta, AMD, Oracle")
        );
        let f = figure(Lang::It, &["Il piano prevede 25.000 abitazioni."], Kind::Count);
        assert_eq!((f.label.as_str(), f.label_it.as_str()), ("Homes", "Abitazioni"));
    }

    #[test]
    fn references_years_and_durations_are_not_counts() {
        for (lang, text) in [
            (Lang::It, "Le due società hanno firmato nel 2024 uno dei tre accordi."),
            (Lang::En, "The two companies met in 2019 and agreed one of the terms."),
        ] {
            let all = extract_(&article("a", None, lang, &[text]));
            assert!(all.iter().all(|f| f.kind != Kind::Count), "{all:#?}");
        }
        let f = figure(Lang::En, &["Fiat agreed a seven-year lease."], Kind::Period);
        assert_eq!((f.value.as_str(), f.label.as_str()), ("seven-year", "Lease — Fiat"));
    }

    #[test]
    fn a_product_does_not_stand_in_for_the_companies_of_its_sentence() {
        let f = figure(
            Lang::It,
            &[
                "Il gruppo Vortex ha firmato con Helio un contratto: secondo il Corriere, l’azienda di Nimbus riceverà circa 1 miliardo di dollari.",
            ],
            Kind::Money,
        );
        assert_eq!(f.label, "Contract — Vortex, Helio");
        let f = figure(
            Lang::En,
            &["Nimbus, the chatbot, now has 90 million users."],
            Kind::Count,
        );
        assert_eq!(f.label, "Users — Nimbus", "a product alone is named");
    }

    #[test]
    fn the_company_is_read_as_the_company_named_before() {
        let passages = article(
            "a",
            None,
            Lang::En,
            &[
                "Rheinmetall reported record orders.",
                "The company expects to hire 2,000 engineers next year.",
            ],
        );
        let f = extract_(&passages).into_iter().find(|f| f.kind == Kind::Count).unwrap();
        assert_eq!(f.label, "Engineers — Rheinmetall");
        assert_eq!(f.label_it, "Ingegneri — Rheinmetall");
    }

    #[test]
    fn people_and_newspapers_are_not_parties() {
        let f = figure(
            Lang::En,
            &["Chief executive Anna Rossi said that Brembo expects revenue of $4 billion, Reuters reported."],
            Kind::Money,
        );
        assert_eq!(f.label, "Revenue — Brembo");
    }

    #[test]
    fn figures_are_grouped_by_article_newest_first() {
        let mut passages = article(
            "old",
            Some("2024-01-05"),
            Lang::It,
            &["Eni investirà 3 miliardi di euro."],
        );
        passages.extend(article("undated", None, Lang::En, &["Shell will invest $2 billion."]));
        passages.extend(article(
            "new",
            Some("2025-06-30"),
            Lang::En,
            &["BP sold 5% of its shares.", "BP hired 300 engineers."],
        ));
        for p in &mut passages[2..] {
            p.title = Some("BP's year".to_owned());
        }
        let groups = by_article(&extract_(&passages), &passages);
        let docs: Vec<&str> = groups.iter().map(|g| g.doc.as_str()).collect();
        assert_eq!(docs, ["new", "old", "undated"]);
        assert_eq!(groups[0].name(), "BP's year");
        assert_eq!(groups[0].date.as_deref(), Some("2025-06-30"));
        assert_eq!(groups[0].lang, Lang::En);
        assert_eq!(groups[0].figures.len(), 2);
        assert_eq!(groups[1].name(), "old");
        assert_eq!(groups[1].lang, Lang::It);
        assert!(groups.iter().all(|g| g.figures.iter().all(|f| f.doc == g.doc)));
    }

    /// The label of the figure whose value is `value`.
    fn label_of(figures: &[Figure], value: &str) -> String {
        figures
            .iter()
            .find(|f| f.value == value)
            .unwrap_or_else(|| panic!("no {value} in {figures:#?}"))
            .label
            .clone()
    }

    #[test]
    fn a_sentence_naming_no_company_is_about_the_articles_main_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &[
                "Kestrel Robotics agreed to buy Lumen for $4bn on Monday.",
                "Kestrel Robotics will keep Lumen's plant in Leeds.",
                "Revenue rose 12% to $900 million in the quarter.",
            ],
        ));
        assert_eq!(label_of(&figures, "$900 million"), "Revenue — Kestrel Robotics");
    }

    #[test]
    fn a_sentence_opening_with_a_gerund_names_no_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &[
                "Kestrel ha firmato un accordo con Lumen.",
                "Sommando le due offerte, l'accordo vale 5 miliardi di dollari.",
            ],
        ));
        let label = label_of(&figures, "5 miliardi di dollari");
        assert!(!label.contains("Sommando"), "{label}");
        assert_eq!(label, "Value — Kestrel");
    }

    #[test]
    fn a_byline_names_a_person_not_the_figures_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &["By Jane Whitfield | AWS revenue grew 20% in the quarter, Amazon said."],
        ));
        let label = label_of(&figures, "20%");
        assert!(!label.contains("Whitfield") && !label.contains("By"), "{label}");
        assert!(label.contains("AWS"), "{label}");
        // A headline run into its byline: the name after "TPUs By" is the writer's.
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &["Kestrel bets on Google TPUs By Tom Reed | July 24, 2025 Kestrel has raised $2.5 billion."],
        ));
        let label = label_of(&figures, "$2.5 billion");
        assert!(!label.contains("Reed"), "{label}");
    }

    #[test]
    fn a_sentence_opening_with_the_is_no_company_named_the() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &[
                "Kestrel raised $10bn, The Maple Ledger reported.",
                "The round includes $2bn of debt.",
            ],
        ));
        assert_eq!(label_of(&figures, "$2bn"), "Debt — Kestrel");
    }
}
