//! Key figures, found in the text itself when the index is built: money amounts
//! (number, scale, currency, in Italian and English), dates, years and periods
//! such as "fino agli anni Trenta". Each figure keeps its sentence, and whether the
//! article states it as fact or reports it as under discussion.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::corpus::Passage;
use super::text::{Lang, Word, fold, words};
use std::collections::HashSet;

/// Whether the article states a figure or only reports it as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Under discussion, hypothetical, or attributed ("secondo…", conditional mood).
    Reported,
    Fact,
}

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Money,
    Period,
    Date,
}

/// One key figure of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What it is about: `Deal — Amazon, OpenAI`.
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

/// A money amount found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub start: usize,
    pub end: usize,
    /// The value in units of its currency.
    pub value: f64,
    /// `USD`, `EUR`, `GBP`, or `None` when the text names no currency.
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
        (?:\s+(?:di\s+)?(?P<cur>dollari|dollaro|dollars?|euro|euros|usd|eur|sterline|pounds?)\b)?
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
fn currency_of(folded: &str) -> Option<&'static str> {
    match folded {
        "dollari" | "dollaro" | "dollar" | "dollars" | "usd" => Some("USD"),
        "euro" | "euros" | "eur" => Some("EUR"),
        "sterline" | "pound" | "pounds" => Some("GBP"),
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
    // Dollars if the symbol or the word says so, then euros, then pounds.
    let symbol = match pre.as_deref() {
        Some("$" | "US$" | "USD") => Some("USD"),
        Some("€" | "EUR") => Some("EUR"),
        Some("£") => Some("GBP"),
        _ => None,
    };
    let named = [symbol, cur.as_deref().and_then(currency_of)];
    let currency = ["USD", "EUR", "GBP"].into_iter().find(|c| named.contains(&Some(*c)));
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
    number_word(folded).is_some_and(|n| n >= 2.0)
        || matches!(
            folded,
            "dozen"
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
fn number_word(folded: &str) -> Option<f64> {
    let n = match folded {
        "one" | "uno" | "un" => 1.0,
        "two" | "due" => 2.0,
        "three" | "tre" => 3.0,
        "four" | "quattro" => 4.0,
        "five" | "cinque" => 5.0,
        "six" | "sei" => 6.0,
        "seven" | "sette" => 7.0,
        "eight" | "otto" => 8.0,
        "nine" | "nove" => 9.0,
        "ten" | "dieci" => 10.0,
        "twenty" | "venti" => 20.0,
        "thirty" | "trenta" => 30.0,
        "forty" | "quaranta" => 40.0,
        "fifty" | "cinquanta" => 50.0,
        "hundred" | "cento" => 100.0,
        _ => return None,
    };
    Some(n)
}

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

/// `10000000000.0` → `10 billion` (`10 miliardi` in Italian): how a person
/// writes an amount, for every front.
pub fn human_usd(v: f64, lang: Lang) -> String {
    let scales = match lang {
        Lang::En => [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")],
        Lang::It => [(1e12, "mila miliardi"), (1e9, "miliardi"), (1e6, "milioni")],
    };
    let (scale, word) = scales.into_iter().find(|(s, _)| v >= *s).unwrap_or((1.0, ""));
    let n = v / scale;
    let n = if (n - n.round()).abs() < 1e-9 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    if word.is_empty() { n } else { format!("{n} {word}") }
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

/// The clause of `sentence` around byte `at`: cut at punctuation and at the words
/// that open a new clause ("poiché", "because", "ma").
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
    for w in words(sentence) {
        if matches!(
            w.folded.as_str(),
            "poiche" | "perche" | "because" | "since" | "ma" | "but" | "mentre" | "while" | "tuttavia" | "however"
        ) {
            if w.start <= at && w.start > start {
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

/// What a figure is about, by the nearest telling word in its clause.
const KINDS: &[(&[&str], Topic)] = &[
    (
        &["valutazion", "valuation", "valore", "valued", "worth"],
        ("Valuation", "Valutazione"),
    ),
    (
        &["spend", "spes", "noleggi", "rent", "cost", "affitt"],
        ("Spending", "Spesa"),
    ),
    (
        &["stanziat", "commit", "impegn", "pledg", "allocat"],
        ("Commitment", "Impegno"),
    ),
    (
        &["investiment", "invest", "finanziament", "funding"],
        ("Investment", "Investimento"),
    ),
    (&["ricav", "revenue", "fatturat"], ("Revenue", "Ricavi")),
    (&["perdit", "loss"], ("Losses", "Perdite")),
    (
        &["esclusiv", "exclusiv", "diritt", "rights"],
        ("Exclusive rights", "Diritti esclusivi"),
    ),
    (&["prezz", "price"], ("Price", "Prezzo")),
    (
        &["accord", "intes", "deal", "agreement", "partnership"],
        ("Deal", "Accordo"),
    ),
];

/// What a figure is about, in English and Italian.
type Topic = (&'static str, &'static str);

/// The topic a folded word names, if any ("accordo" → Deal, "spenderà" → Spending):
/// lets a question of amount prefer the figure it is about.
pub fn topic_of(folded: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(stems, _)| stems.iter().any(|s| folded.starts_with(s)))
        .map(|(_, (en, _))| *en)
}

/// The topic of a money figure that tells what something is worth.
pub const VALUATION: &str = "Valuation";

fn kind_label(clause: &str, at: usize, default: Topic) -> Topic {
    let mut best: Option<(usize, Topic)> = None;
    for w in words(clause) {
        for (stems, topic) in KINDS {
            if stems.iter().any(|s| w.folded.starts_with(s)) {
                let distance = w.start.abs_diff(at);
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, *topic));
                }
            }
        }
    }
    best.map_or(default, |(_, t)| t)
}

/// Names in a clause: runs of capitalized words. The sentence's first word counts
/// only when the articles write it capitalized elsewhere too (`known`).
fn names(sentence: &str, clause: (usize, usize), skip: (usize, usize), known: &HashSet<String>) -> Vec<String> {
    let ws = words(sentence);
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut last_end = 0;
    for (i, w) in ws.iter().enumerate() {
        let inside = w.start >= clause.0 && w.end <= clause.1 && !(w.start >= skip.0 && w.end <= skip.1);
        let name = inside && w.is_capitalized() && w.raw.chars().count() > 1 && (i > 0 || known.contains(&w.folded));
        let adjacent = sentence[last_end..w.start].trim().is_empty();
        if name && (current.is_empty() || adjacent) {
            current.push(w.raw);
        } else {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
            if name {
                current.push(w.raw);
            }
        }
        last_end = w.end;
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    let mut seen = Vec::new();
    out.retain(|n| {
        let fresh = !seen.contains(n);
        seen.push(n.clone());
        fresh
    });
    out
}

fn label(kind: &str, names: &[String]) -> String {
    if names.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} — {}", names.join(", "))
    }
}

/// Extracts the key figures of the passages, in text order.
pub fn extract(passages: &[Passage]) -> Vec<Figure> {
    let known: HashSet<String> = passages
        .iter()
        .flat_map(|p| words(&p.text).into_iter().skip(1))
        .filter(Word::is_capitalized)
        .map(|w| w.folded)
        .collect();
    let mut out = Vec::new();
    for p in passages {
        let text = &p.text;
        let figure = |start: usize, end: usize, kind: Kind, default: Topic, usd: Option<f64>| {
            let span = clause(text, start);
            let names = names(text, span, (start, end), &known);
            let (en, it) = kind_label(&text[span.0..span.1], start - span.0, default);
            Figure {
                label: label(en, &names),
                label_it: label(it, &names),
                value: text[start..end].to_owned(),
                usd,
                kind,
                status: status(text, start),
                text: text.clone(),
                doc: p.doc.clone(),
                date: p.date.clone(),
                paragraph: p.paragraph,
            }
        };
        let money = amounts(text);
        for a in &money {
            let usd = (a.currency == Some("USD")).then_some(a.value);
            out.push(figure(a.start, a.end, Kind::Money, ("Amount", "Importo"), usd));
        }
        for (start, end) in periods(text) {
            if money.iter().any(|a| start < a.end && a.start < end) {
                continue;
            }
            let value = text[start..end].trim();
            let is_date = value.chars().filter(char::is_ascii_digit).count() >= 4
                && !value.ends_with('s')
                && value.split_whitespace().count() >= 3;
            let kind = if is_date { Kind::Date } else { Kind::Period };
            let default = if is_date {
                ("Date", "Data")
            } else {
                ("Period", "Periodo")
            };
            out.push(figure(start, end, kind, default, None));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(text: &str) -> Vec<f64> {
        amounts(text).iter().map(|a| a.value).collect()
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
    fn human_usd_reads_like_a_person_writes() {
        assert_eq!(human_usd(10e9, Lang::En), "10 billion");
        assert_eq!(human_usd(1.5e9, Lang::En), "1.5 billion");
        assert_eq!(human_usd(38e9, Lang::It), "38 miliardi");
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
}
