//! Money amounts read from text ("10 miliardi di dollari", "$38B"), numbers
//! in words ("dieci", "ten"), scale and currency words: parsing, no labels.

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::text::{fold, words};

pub(super) static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
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

pub(super) static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<pre>US\$|\$|€|£|\bUSD\s?|\bEUR\s?)?
        (?P<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)
        (?:
            \s*(?P<scale>mila\s+miliardi|miliardi|miliardo|milioni|milione|trilioni|bilioni|trillions?|billions?|millions?|thousand)\b
          | (?P<short>bn|tn|mld|mln|mn|b|m|k)\b
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
pub(super) fn scale_of(folded: &str) -> Option<f64> {
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
pub(super) fn amount(caps: &regex::Captures<'_>) -> Option<Amount> {
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
            "mila miliardi" | "tn" => 1e12,
            "bn" | "mld" | "b" => 1e9,
            "mln" | "mn" | "m" => 1e6,
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
pub(super) fn parse_number(s: &str, _has_scale: bool) -> Option<f64> {
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
pub(super) fn round_many(folded: &str) -> bool {
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
