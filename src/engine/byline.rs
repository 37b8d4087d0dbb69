//! The lines of a news page around its text that say who wrote it, where and
//! when: the byline under the headline ("di Anna Bianchi — Roma, 3 marzo 2026",
//! "By Tom Reed | March 3, 2026") and the dateline that opens the first
//! paragraph ("SAN DIEGO — Qualcomm has agreed…"). Dates written in words, in
//! either language, are read as `YYYY-MM-DD`. The words (byline openers, name
//! joiners, months) are data in `anatomy.toml`.

use super::anatomy::anatomy;
use super::text::{Word, words};

/// What a byline says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    /// The author, or the authors as written ("Anna Bianchi e Marco Rossi").
    pub author: Option<String>,
    /// Where the article was written from ("Milano").
    pub place: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// The longest line read as a byline: longer is a sentence.
const MAX_BYLINE_CHARS: usize = 160;

/// The marks between a byline's name and its place or date. A comma may also
/// part names ("By X, Y and Z"): it is tried after them.
const SEPARATORS: &[&str] = &["—", "–", "|", "·", " - "];

/// Reads `line` as a byline: an opener ("di", "By") and a name, then after a
/// dash, bar or comma the place and the date; or a line that is only a date.
/// A line that does not fit is not a byline.
pub fn byline(line: &str) -> Option<Byline> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_BYLINE_CHARS || line.ends_with(['.', '!', '?', ':', ';']) {
        return None;
    }
    if let Some((start, end, date)) = find_date(line)
        && line[..start].trim().is_empty()
        && line[end..].trim().is_empty()
    {
        return Some(Byline {
            date: Some(date),
            ..Byline::default()
        });
    }
    let ws = words(line);
    let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
    let opener = anatomy().byline_opener(&folded);
    // The opener is the line's first words, and the name begins with a capital.
    if opener == 0 || ws.len() <= opener || !ws[opener].is_capitalized() {
        return None;
    }
    let rest = &line[ws[opener].start..];
    let at_separator = SEPARATORS
        .iter()
        .filter_map(|s| rest.find(s).map(|at| (at, s.len())))
        .min();
    let at_comma = rest.find(',').map(|at| (at, 1));
    // The names end at a dash or bar, else they are the whole rest, else
    // they end at a comma ("di Anna Bianchi e Marco Rossi, Roma").
    [at_separator, Some((rest.len(), 0)), at_comma]
        .into_iter()
        .flatten()
        .find_map(|(at, len)| {
            let author = names_of(&rest[..at])?;
            let (place, date) = place_and_date(&rest[at + len..])?;
            Some(Byline {
                author: Some(author),
                place,
                date,
            })
        })
}

/// `text` as one or more persons' names, as written: capitalized words, with
/// particles ("de", "van") and joiners ("e", "and") between them. No digits.
/// Commas part names only in a list that ends with a joiner ("X, Y and Z").
fn names_of(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches(',').trim();
    let data = anatomy();
    let listed = text
        .rsplit(',')
        .next()
        .is_some_and(|last| words(last).iter().any(|w| data.is_joiner(&w.folded)));
    if text.contains(',') && !listed {
        return None;
    }
    let ws = words(text);
    let fits = !ws.is_empty()
        && ws.len() <= 10
        && ws.iter().all(|w| {
            !w.raw.chars().any(|c| c.is_ascii_digit())
                && (w.is_capitalized() || data.is_particle(&w.folded) || data.is_joiner(&w.folded))
        })
        && ws.first().is_some_and(Word::is_capitalized)
        && ws.last().is_some_and(Word::is_capitalized);
    let only_marks = text
        .chars()
        .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '.' | '\'' | '’' | '-' | '&' | ','));
    (fits && only_marks).then(|| text.to_owned())
}

/// The place and the date after a byline's name: "Milano, 21 gennaio 2026",
/// "March 10, 2026". The place is the capitalized words before the date;
/// words after the date, or a lowercase word, mean the line is a sentence.
fn place_and_date(tail: &str) -> Option<(Option<String>, Option<String>)> {
    let (before, date) = match find_date(tail) {
        Some((start, end, date)) => {
            if !words(&tail[end..]).is_empty() {
                return None;
            }
            (&tail[..start], Some(date))
        }
        None => (tail, None),
    };
    let place = before
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || ",—–|·-".contains(c));
    let ws = words(place);
    if ws.len() > 4
        || ws
            .iter()
            .any(|w| !w.is_capitalized() || w.raw.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Some(((!ws.is_empty()).then(|| place.to_owned()), date))
}

/// The first date written in `text` ("21 gennaio 2026", "March 10, 2026",
/// "10 March 2026", "2026-03-10"): its byte span and `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<(usize, usize, String)> {
    let ws = words(text);
    let data = anatomy();
    let number = |i: usize, digits: std::ops::RangeInclusive<usize>| {
        ws.get(i)
            .filter(|w| digits.contains(&w.raw.len()) && w.raw.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|w| w.raw.parse::<u32>().ok())
    };
    for i in 0..ws.len() {
        // 2026-03-10
        if let (Some(y), Some(m), Some(d)) = (number(i, 4..=4), number(i + 1, 2..=2), number(i + 2, 2..=2))
            && &text[ws[i].end..ws[i + 1].start] == "-"
            && &text[ws[i + 1].end..ws[i + 2].start] == "-"
            && let Some(iso) = iso(y, m, d)
        {
            return Some((ws[i].start, ws[i + 2].end, iso));
        }
        // 21 gennaio 2026, 10 March 2026
        if let (Some(d), Some(m), Some(y)) = (
            number(i, 1..=2),
            ws.get(i + 1).and_then(|w| data.month(&w.folded)),
            number(i + 2, 4..=4),
        ) && let Some(iso) = iso(y, m, d)
        {
            return Some((ws[i].start, ws[i + 2].end, iso));
        }
        // March 10, 2026
        if let (Some(m), Some(d), Some(y)) = (
            ws.get(i).and_then(|w| data.month(&w.folded)),
            number(i + 1, 1..=2),
            number(i + 2, 4..=4),
        ) && let Some(iso) = iso(y, m, d)
        {
            return Some((ws[i].start, ws[i + 2].end, iso));
        }
    }
    None
}

fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The longest dateline read: "SAN DIEGO, March 10 (Reuters)".
const MAX_DATELINE_CHARS: usize = 60;

/// Splits the dateline off the start of a paragraph: a place in capitals,
/// perhaps a comma and a date, then a dash, before the first sentence
/// ("SAN DIEGO — Qualcomm has agreed…"). Gives the place as written and the
/// text after the dash.
pub fn dateline(paragraph: &str) -> Option<(&str, &str)> {
    let (at, len) = ["—", "–", " -- ", " - "]
        .iter()
        .filter_map(|d| paragraph.find(d).map(|at| (at, d.len())))
        .min()?;
    let prefix = paragraph[..at].trim();
    let text = paragraph[at + len..].trim_start();
    if prefix.chars().count() > MAX_DATELINE_CHARS
        || !text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“«".contains(c))
    {
        return None;
    }
    let (place, after) = prefix.split_once(',').unwrap_or((prefix, ""));
    let place = place.trim();
    let ws = words(place);
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = !ws.is_empty()
        && ws.len() <= 4
        && letters >= 3
        && place.chars().all(|c| !c.is_lowercase() && !c.is_ascii_digit())
        && place
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '.' | '\'' | '’' | '-'));
    // After a comma, a short date or agency: "March 3", "(Reuters)".
    let after_plain = words(after).len() <= 5 && !after.contains(['.', '!', '?', ':', ';', ',']);
    (capitals && after_plain).then_some((place, text))
}

/// The `YYYY-MM-DD` a file name starts with ("2026-02-10-meta-nucleare").
pub fn date_of_name(name: &str) -> Option<String> {
    let date = name.get(..10)?;
    let rest = &name[10..];
    let (start, end, iso) = find_date(date)?;
    (start == 0 && end == 10 && (rest.is_empty() || rest.starts_with(['-', '_', '.', ' ']))).then_some(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_italian_byline_gives_the_author_the_place_and_the_date() {
        let b = byline("di Giulia Moretti — Milano, 21 gennaio 2026").unwrap();
        assert_eq!(b.author.as_deref(), Some("Giulia Moretti"));
        assert_eq!(b.place.as_deref(), Some("Milano"));
        assert_eq!(b.date.as_deref(), Some("2026-01-21"));
    }

    #[test]
    fn an_english_byline_gives_the_author_and_the_date() {
        let b = byline("By Sarah Lindholm | March 10, 2026").unwrap();
        assert_eq!(b.author.as_deref(), Some("Sarah Lindholm"));
        assert_eq!((b.place, b.date.as_deref()), (None, Some("2026-03-10")));
    }

    #[test]
    fn a_byline_may_name_two_authors_and_no_date() {
        let b = byline("By Tom Reed and Ana de la Cruz").unwrap();
        assert_eq!(b.author.as_deref(), Some("Tom Reed and Ana de la Cruz"));
        assert_eq!(b.date, None);
        let b = byline("a cura di Anna Bianchi e Marco Rossi, Roma").unwrap();
        assert_eq!(b.author.as_deref(), Some("Anna Bianchi e Marco Rossi"));
        assert_eq!(b.place.as_deref(), Some("Roma"));
        let b = byline("By Tom Reed, Ana Cruz and Li Wei | March 3, 2026").unwrap();
        assert_eq!(b.author.as_deref(), Some("Tom Reed, Ana Cruz and Li Wei"));
        assert_eq!(b.date.as_deref(), Some("2026-03-03"));
        let b = byline("By Tom Reed, Washington").unwrap();
        assert_eq!(
            (b.author.as_deref(), b.place.as_deref()),
            (Some("Tom Reed"), Some("Washington"))
        );
    }

    #[test]
    fn a_sentence_or_a_heading_is_not_a_byline() {
        assert_eq!(byline("di questo passo il piano slitta"), None);
        assert_eq!(byline("By the end of the year, Intel will decide."), None);
        assert_eq!(byline("Key figures"), None);
        assert_eq!(
            byline("Di Maio — Roma, 3 marzo 2026 il governo ha deciso di rinviare tutto"),
            None
        );
    }

    #[test]
    fn a_line_that_is_only_a_date_is_a_byline_without_author() {
        let b = byline("10 March 2026").unwrap();
        assert_eq!((b.author, b.date.as_deref()), (None, Some("2026-03-10")));
    }

    #[test]
    fn a_dateline_in_capitals_is_split_off_the_first_sentence() {
        assert_eq!(
            dateline("SAN DIEGO — Qualcomm has agreed to buy Lumora."),
            Some(("SAN DIEGO", "Qualcomm has agreed to buy Lumora."))
        );
        assert_eq!(dateline("MILANO – Il gruppo chiude.").map(|d| d.0), Some("MILANO"));
        assert_eq!(
            dateline("WASHINGTON, March 3 — The rule.").map(|d| d.0),
            Some("WASHINGTON")
        );
        assert_eq!(dateline("Qualcomm — the chip giant — agreed."), None);
        assert_eq!(dateline("Il piano — dice il ministro — slitta."), None);
    }

    #[test]
    fn a_file_name_starting_with_a_date_gives_it() {
        assert_eq!(
            date_of_name("2026-02-10-meta-secondo-accordo").as_deref(),
            Some("2026-02-10")
        );
        assert_eq!(date_of_name("2026-02-10").as_deref(), Some("2026-02-10"));
        assert_eq!(date_of_name("amazon-openai"), None);
        assert_eq!(date_of_name("2026-02-101-x"), None);
    }

    #[test]
    fn dates_in_words_are_read_in_both_languages() {
        assert_eq!(
            find_date("Roma, 3 marzo 2026").map(|d| d.2).as_deref(),
            Some("2026-03-03")
        );
        assert_eq!(find_date("Sept. 9, 2025").map(|d| d.2).as_deref(), Some("2025-09-09"));
    }
}
