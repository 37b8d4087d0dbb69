//! How a person writes an amount of money, for every front: the console, the
//! `figures` command, the bot's cards and the chart. Presentation, so not in the
//! engine, which reads amounts (`engine::figures::amounts`) but does not write them.

use crate::engine::Lang;

/// `10000000000.0` → `10 billion` (`10 miliardi` in Italian): how a person
/// writes an amount, for every front. Italian takes a decimal comma, a
/// thousands point and the singular of one ("1,5 miliardi", "1 miliardo"), and
/// counts past a thousand billion in billions ("4.000 miliardi"), as its press does.
pub fn human_usd(v: f64, lang: Lang) -> String {
    // (scale, one, many): the word after 1 and after any other number.
    let scales: &[(f64, &str, &str)] = match lang {
        Lang::En => &[
            (1e12, "trillion", "trillion"),
            (1e9, "billion", "billion"),
            (1e6, "million", "million"),
        ],
        Lang::It => &[(1e9, "miliardo", "miliardi"), (1e6, "milione", "milioni")],
    };
    let Some(&(scale, one, many)) = scales.iter().find(|(s, _, _)| v >= *s) else {
        return grouped(v.round(), lang);
    };
    let n = v / scale;
    let whole = (n - n.round()).abs() < 1e-9;
    let number = if whole {
        grouped(n.round(), lang)
    } else if lang == Lang::It {
        format!("{n:.1}").replace('.', ",")
    } else {
        format!("{n:.1}")
    };
    if whole && (n - 1.0).abs() < 1e-9 {
        format!("{number} {one}")
    } else {
        format!("{number} {many}")
    }
}

/// A whole number with its thousands marked: `12,500` in English, `12.500` in Italian.
fn grouped(v: f64, lang: Lang) -> String {
    let digits = format!("{v:.0}");
    let mark = match lang {
        Lang::En => ',',
        Lang::It => '.',
    };
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(mark);
        }
        out.push(d);
    }
    out
}

/// An amount in US dollars as a reader of `lang` writes it: `$10 billion`,
/// `10 miliardi di dollari`.
pub fn human_dollars(v: f64, lang: Lang) -> String {
    let amount = human_usd(v, lang);
    match lang {
        Lang::En => format!("${amount}"),
        // "di" after a scale word ("10 miliardi di dollari"), not after a plain number.
        Lang::It if amount.ends_with(|c: char| c.is_ascii_digit()) => format!("{amount} dollari"),
        Lang::It => format!("{amount} di dollari"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_usd_reads_like_a_person_writes() {
        assert_eq!(human_usd(10e9, Lang::En), "10 billion");
        assert_eq!(human_usd(1.5e9, Lang::En), "1.5 billion");
        assert_eq!(human_usd(38e9, Lang::It), "38 miliardi");
        assert_eq!(human_usd(1.5e9, Lang::It), "1,5 miliardi");
        assert_eq!(human_usd(1e9, Lang::It), "1 miliardo");
        assert_eq!(human_usd(1e6, Lang::It), "1 milione");
        assert_eq!(human_usd(1e12, Lang::It), "1.000 miliardi");
        assert_eq!(human_usd(4e12, Lang::It), "4.000 miliardi");
        assert_eq!(human_usd(1e12, Lang::En), "1 trillion");
        assert_eq!(human_usd(12_500.0, Lang::En), "12,500");
        assert_eq!(human_usd(12_500.0, Lang::It), "12.500");
        assert_eq!(human_usd(950.0, Lang::It), "950");
    }

    #[test]
    fn dollars_are_written_in_the_readers_language() {
        assert_eq!(human_dollars(10e9, Lang::En), "$10 billion");
        assert_eq!(human_dollars(10e9, Lang::It), "10 miliardi di dollari");
        assert_eq!(human_dollars(1e9, Lang::It), "1 miliardo di dollari");
        assert_eq!(human_dollars(2.5e6, Lang::It), "2,5 milioni di dollari");
        assert_eq!(human_dollars(12_500.0, Lang::It), "12.500 dollari");
        assert_eq!(human_dollars(12_500.0, Lang::En), "$12,500");
    }
}
