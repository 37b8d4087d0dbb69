//! What a sentence says, read from its text: a number, a count, a span of time, a season, a speaker, a source, a negation, a name.

use crate::engine::corpus::Passage;
use crate::engine::figures;
use crate::engine::figures::{amounts, mentions_time, periods};
use crate::engine::text::{Word, words};

use super::words::WORDS;

/// A place: a capitalized name after a preposition of place ("in Texas", "nel
/// Lazio", "a Torino", "al Tecnopolo"), a district or a bearing ("zona
/// Ostiense", "a nord di Helsinki"), or before "-based" ("an Amsterdam-based
/// company").
pub(super) static PLACE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?x)
        \b(?:in|nel|nella|negli|nei|at|near|presso|vicino\ a|a|ad|al|alla|allo)\s+\p{Lu}
        | \b(?:zona|quartiere|district|neighbourhood|neighborhood)\s+(?:di\s+)?\p{Lu}
        | \b(?:nord|sud|est|ovest|north|south|east|west)\s+(?:di|of)\s+\p{Lu}
        | \p{Lu}\p{L}*-based\b",
    )
    .expect("place pattern compiles")
});

/// The kinds of answer a passage can give, as the index stores them.
pub(crate) fn answer_kinds(p: &Passage) -> Vec<&'static str> {
    let texts = || std::iter::once(p.text.as_str()).chain(p.translation.as_deref());
    let mut kinds = Vec::new();
    if texts().any(is_numeric) {
        kinds.push(KIND_NUMBER);
    }
    if texts().any(counts_something) {
        kinds.push(KIND_COUNT);
    }
    if texts().any(|t| says_when(t) || mentions_duration(t)) {
        kinds.push(KIND_TIME);
    }
    if texts().any(speaks) {
        kinds.push(KIND_SAID);
    }
    kinds
}

pub(super) const KIND_NUMBER: &str = "kind:number";
pub(super) const KIND_COUNT: &str = "kind:count";
pub(super) const KIND_TIME: &str = "kind:time";
pub(super) const KIND_SAID: &str = "kind:said";

/// A span of time: "seven-year", "in un periodo di cinque anni", "for 20 years",
/// "pluriennale".
pub(super) static DURATION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?xi)
        \b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|
           un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|dodici|quindici|venti|trenta)
          [\s-]+(?:years?|months?|weeks?|days?|decades?|anni|anno|mesi|mese|settimane|giorni|decenni)\b
        | \b(?:pluriennale|pluriennali|multi-?year|multiyear)\b",
    )
    .expect("duration pattern compiles")
});

/// Whether a question asks how long something lasts.
pub(super) fn asks_duration(folded: &[&str]) -> bool {
    folded.windows(2).any(|w| {
        matches!(
            (w[0], w[1]),
            ("how", "long")
                | ("much", "time")
                | ("quanto", "dura" | "durera" | "tempo")
                | ("quanti", "anni" | "mesi")
                | ("many", "years" | "months")
        )
    }) || folded
        .iter()
        .any(|w| matches!(*w, "last" | "lasts" | "durata" | "durera" | "dura"))
}

/// Whether a text gives a span of time, which answers "how long" as a date does.
pub(super) fn mentions_duration(text: &str) -> bool {
    DURATION.is_match(text)
}

/// A season ("next spring", "entro l'estate"): a time, as a month is.
pub(super) static SEASON: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:spring|summer|autumn|winter|primavera|estate|autunno|inverno)\b")
        .expect("season pattern compiles")
});

/// "Up to now" ("fino ad oggi", "to date", "so far"): how long something has
/// lasted, not when anything happens.
static UP_TO_NOW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:fino (?:ad|a) oggi|ad oggi|finora|to date|so far|up to now|until now)\b")
        .expect("up-to-now pattern compiles")
});

/// Whether a text says when: a date, a year, a period, or a season.
pub(super) fn says_when(text: &str) -> bool {
    let text = UP_TO_NOW.replace_all(text, "");
    mentions_time(&text) || SEASON.is_match(&text)
}

/// Whether a sentence names who does something without a name: a passive agent
/// ("verified by an independent panel of experts", "approvato da parte del
/// consiglio"), which answers "who".
pub(super) fn names_an_agent(text: &str) -> bool {
    let lower = text.to_lowercase();
    WORDS.agents.all.iter().any(|a| lower.contains(a))
}

/// Whether a text quotes someone or says what they said or thought.
pub(super) fn speaks(text: &str) -> bool {
    text.contains(['"', '“', '«']) || WORDS.expressed.all.iter().any(|w| text.contains(w))
}

/// Whether a sentence says whom it reports ("secondo il Wall Street Journal",
/// "according to the report"): it answers "who reported it".
pub(super) fn attributes(text: &str) -> bool {
    let lower = text.to_lowercase();
    WORDS.attribution.all.iter().any(|w| lower.contains(w))
}

/// Whether a text gives an amount or a count: money, or a number in digits that
/// is not a date ("two companies" counts, but answers no question of amount).
pub(super) fn is_numeric(text: &str) -> bool {
    !amounts(text).is_empty() || counts_in_digits(text) || money_in_words(text)
}

/// Whether a text gives money in words, with no figure: "decine di miliardi di
/// dollari", "billions of dollars", "un miliardo di euro".
pub(super) fn money_in_words(text: &str) -> bool {
    let ws = words(text);
    ws.iter().enumerate().any(|(i, w)| {
        figures::counts_in_words(&w.folded)
            && ws[i + 1..]
                .iter()
                .take(2)
                .any(|w| figures::currency_of(&w.folded).is_some())
    })
}

/// Whether a text has a number in digits that is neither money nor part of a date.
pub(super) fn counts_in_digits(text: &str) -> bool {
    counts(text, false)
}

/// Whether a text has a number that is neither money nor part of a date: in
/// digits, or in words ("seven-year", "cinque anni", "decine di milioni").
pub(super) fn counts_something(text: &str) -> bool {
    counts(text, true)
}

pub(super) fn counts(text: &str, in_words: bool) -> bool {
    // Money is not a count; "700 milioni di utenti", with no currency, is.
    let spans: Vec<(usize, usize)> = periods(text)
        .into_iter()
        .chain(
            amounts(text)
                .iter()
                .filter(|a| a.currency.is_some())
                .map(|a| (a.start, a.end)),
        )
        .collect();
    let ws = words(text);
    // "un miliardo di dollari" is money the amount pattern reads only in digits.
    let of_money = |i: usize| {
        ws[i + 1..]
            .iter()
            .take(2)
            .any(|w| figures::currency_of(&w.folded).is_some())
    };
    ws.iter().enumerate().any(|(i, w)| {
        (w.raw.chars().all(|c| c.is_ascii_digit()) || in_words && figures::counts_in_words(&w.folded) && !of_money(i))
            && !spans.iter().any(|&(s, e)| w.start >= s && w.end <= e)
    })
}

/// Whether a sentence says that something is not so: "non", "not", "never", but
/// not "non solo" / "not only", which adds rather than denies.
pub(super) fn says_not(text: &str) -> bool {
    let ws = words(text);
    ws.iter().enumerate().any(|(i, w)| {
        matches!(w.folded.as_str(), "non" | "not" | "never" | "mai")
            && !ws
                .get(i + 1)
                .is_some_and(|next| matches!(next.folded.as_str(), "solo" | "soltanto" | "only" | "just"))
    })
}

/// Whether a sentence says "the company" before naming any company itself: then
/// it means one named before the sentence ("L’azienda ha già stretto accordi …").
/// After a name it means that name ("la valutazione di X … della società").
pub(super) fn refers_back(text: &str, anaphors: &[&str]) -> bool {
    anaphors
        .iter()
        .filter_map(|a| text.find(a))
        .min()
        .is_some_and(|at| names_in(&text[..at]).next().is_none())
}

/// The initials of each run of two or more capitalized words, the way a name
/// is shortened: "Taiwan Semiconductor Manufacturing Co." is TSMC, "Amazon Web
/// Services" AWS, "Securities and Exchange Commission" SEC (a lowercase "and",
/// "of", "di" between capitals belongs to the run). Folded.
pub(super) fn acronyms_in(text: &str) -> Vec<String> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut run = String::new();
    let mut capitals = 0;
    let mut last_end = None;
    for (i, w) in ws.iter().enumerate() {
        let adjacent = last_end.is_some_and(|end: usize| text[end..w.start].chars().all(|c| c == ' ' || c == '.'));
        // "and" joins only what goes on as a name of two words or more
        // ("Securities and Exchange Commission", not "Oracle and Amazon").
        let capital = |k: usize| ws.get(k).is_some_and(Word::is_capitalized);
        let joins = match w.folded.as_str() {
            "and" | "e" | "&" => capital(i + 1) && capital(i + 2),
            f => WORDS.name_joiners.has(f) && capital(i + 1),
        };
        if w.is_capitalized() && (adjacent || capitals == 0) {
            run.extend(w.folded.chars().next());
            capitals += 1;
            last_end = Some(w.end);
            continue;
        }
        if joins && adjacent && capitals > 0 {
            // "Amazon Web Services and OpenAI": the run before the joiner may be
            // the name.
            if capitals >= 2 {
                out.push(run.clone());
            }
            last_end = Some(w.end);
            continue;
        }
        if capitals >= 2 {
            out.push(std::mem::take(&mut run));
        }
        run.clear();
        capitals = 0;
        last_end = None;
        if w.is_capitalized() {
            run.extend(w.folded.chars().next());
            capitals = 1;
            last_end = Some(w.end);
        }
    }
    if capitals >= 2 {
        out.push(run);
    }
    out
}

/// Names in a sentence: capitalized words that do not open it.
pub(super) fn names_in(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text)
        .into_iter()
        .skip(1)
        .filter(|w| w.is_capitalized() && w.raw.chars().count() > 1)
        .map(|w| w.folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_of_how_much_time_asks_how_long() {
        for question in [
            &["how", "long"][..],
            &["how", "much", "time"],
            &["quanto", "tempo", "ha"],
        ] {
            assert!(asks_duration(question), "{question:?}");
        }
        assert!(!asks_duration(&["how", "much", "money"]));
    }

    #[test]
    fn initials_of_capitalized_runs_are_read_as_names() {
        assert_eq!(
            acronyms_in("Taiwan Semiconductor Manufacturing Co. plans to invest in the United States."),
            ["tsmc", "us"]
        );
        assert_eq!(acronyms_in("Amazon Web Services and OpenAI signed"), ["aws"]);
        assert_eq!(acronyms_in("the Securities and Exchange Commission said"), ["sec"]);
        // A comma ends a run; one capital is no run.
        assert!(acronyms_in("Nvidia, Oracle and Amazon").is_empty());
    }

    #[test]
    fn a_place_is_named_after_a_preposition_a_district_or_a_bearing_or_before_based() {
        for text in [
            "Nvidia is building a campus in Texas.",
            "Retenova, l'operatore con sede a Torino, ha presentato il piano.",
            "Il supercomputer Leonardo è al Tecnopolo di Bologna.",
            "Gli uffici saranno in zona Ostiense.",
            "Mäntsälä, circa 60 chilometri a nord di Helsinki.",
            "the Livingston, New Jersey-based company",
        ] {
            assert!(PLACE.is_match(text), "{text}");
        }
        for text in [
            "Le azioni sono salite al 12%.",
            "The company raised $2bn from investors.",
            "a dollar-based contract",
        ] {
            assert!(!PLACE.is_match(text), "{text}");
        }
    }

    #[test]
    fn up_to_now_is_no_time_a_thing_happens() {
        assert!(!says_when("fino ad oggi l'azienda continua a registrare perdite"));
        assert!(!says_when("to date, the company keeps recording losses"));
        assert!(!says_when("so far it has spent heavily"));
        assert!(says_when("l'accordo è stato annunciato oggi"));
        assert!(says_when("to date, the deal is expected to close in 2027"));
    }

    #[test]
    fn money_in_words_is_money() {
        assert!(money_in_words(
            "l'intesa porterà ricavi per decine di miliardi di dollari"
        ));
        assert!(money_in_words("spending billions of dollars on chips"));
        assert!(is_numeric("tens of billions of dollars in revenue"));
        assert!(!money_in_words("decine di milioni di utenti"), "a count of people");
        assert!(!money_in_words("the dollar fell"));
    }

    #[test]
    fn a_scale_word_counts_what_follows_it() {
        assert!(counts_something(
            "un accordo che le darà accesso fino a un milione di TPU"
        ));
        assert!(
            !counts_something("un investimento da un miliardo di dollari"),
            "money is not a count"
        );
    }
}
