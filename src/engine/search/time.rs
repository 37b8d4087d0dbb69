//! Time in questions and articles: the month, quarter or year a question points
//! at ("in March", "a febbraio", "Q1", "nel 2025"), and how new each article is
//! among the candidates, so a question with no time gets the newest value.

use crate::engine::anatomy::anatomy;

/// The time a question names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct When {
    year: Option<u32>,
    /// The months it covers, as a range (a quarter is three).
    months: Option<(u32, u32)>,
}

/// The time a question's folded words name, if any; `is_stopword` tells the
/// words that are no month in a question ("may").
pub(super) fn asked(folded: &[&str], is_stopword: impl Fn(&str) -> bool) -> Option<When> {
    let mut when = When {
        year: None,
        months: None,
    };
    let mut at = 0;
    while at < folded.len() {
        let w = folded[at];
        if let Some((months, len)) = anatomy().part_of_year(folded, at) {
            when.months = Some(months);
            at += len;
            continue;
        }
        if let Some(m) = anatomy().month_in_question(w, &is_stopword) {
            when.months = Some((m, m));
        } else if let Ok(y) = w.parse::<u32>()
            && (1990..=2100).contains(&y)
        {
            when.year = Some(y);
        }
        at += 1;
    }
    (when.year.is_some() || when.months.is_some()).then_some(when)
}

/// Whether a question's word (folded) names a time by itself: a month, a part
/// of the year ("q2"), a year.
pub(super) fn names_time(word: &str) -> bool {
    asked(&[word], |_| false).is_some()
}

impl When {
    /// Whether an article of `date` (`YYYY-MM-DD`), or the sentence `text`,
    /// is of this time.
    pub(super) fn matches(self, date: Option<&str>, text: &str) -> bool {
        let dated = date.and_then(|d| Some((d.get(..4)?.parse::<u32>().ok()?, d.get(5..7)?.parse::<u32>().ok()?)));
        let year_of_date = dated.is_some_and(|(y, _)| self.year.is_none_or(|want| want == y));
        let month_of_date = dated.is_some_and(|(_, m)| self.months.is_none_or(|(a, b)| (a..=b).contains(&m)));
        (year_of_date && month_of_date) || self.named_in(date, text)
    }

    /// Whether the sentence `text`, of an article of `date`, names this time
    /// itself ("in March", "nel 2025", "in the second quarter"), the year left
    /// to its article's date.
    pub(super) fn named_in(self, date: Option<&str>, text: &str) -> bool {
        let year_of_date = date
            .and_then(|d| d.get(..4)?.parse::<u32>().ok())
            .is_some_and(|y| self.year.is_none_or(|want| want == y));
        let folded = crate::engine::text::fold(text);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // The article's date gives the year of a month or a quarter the
        // sentence names; a year asked alone the sentence must name itself.
        let year = self
            .year
            .is_none_or(|y| year_of_date && self.months.is_some() || words.contains(&y.to_string().as_str()));
        let month = self.months.is_none_or(|(a, b)| {
            (0..words.len()).any(|at| {
                let month = anatomy().month_in_question(words[at], |_| false).map(|m| (m, m));
                // A part of the year holds the months asked; a month is among them.
                match anatomy().part_of_year(&words, at) {
                    Some(((c, d), _)) => c <= a && b <= d,
                    None => month.is_some_and(|(m, _)| (a..=b).contains(&m)),
                }
            })
        });
        year && month
    }
}

/// The distinct dates of a question's candidates, to say how new each is.
pub(super) struct Dates<'a>(Vec<&'a str>);

impl<'a> Dates<'a> {
    pub(super) fn of(dates: impl Iterator<Item = Option<&'a str>>) -> Dates<'a> {
        let mut all: Vec<&str> = dates.flatten().collect();
        all.sort_unstable();
        all.dedup();
        Dates(all)
    }

    /// 1 for the newest article among the candidates, 0 for the oldest, ½ for
    /// an undated one or when all share one date.
    pub(super) fn newness(&self, date: Option<&str>) -> f32 {
        let Some(at) = date.and_then(|d| self.0.binary_search(&d).ok()) else {
            return 0.5;
        };
        if self.0.len() < 2 {
            return 0.5;
        }
        #[expect(clippy::cast_precision_loss, reason = "a count of articles")]
        let newness = at as f32 / (self.0.len() - 1) as f32;
        newness
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked_in(q: &str) -> Option<When> {
        let folded = crate::engine::text::fold(q);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        asked(&words, |w| w == "may")
    }

    #[test]
    fn a_question_names_a_month_a_quarter_or_a_year() {
        let march = asked_in("what did they say in March?").unwrap();
        assert!(march.matches(Some("2026-03-10"), ""));
        assert!(!march.matches(Some("2026-02-10"), ""));
        let febbraio = asked_in("quanto valeva a febbraio 2026?").unwrap();
        assert!(febbraio.matches(Some("2026-02-24"), ""));
        assert!(!febbraio.matches(Some("2025-02-24"), ""));
        let q1 = asked_in("revenue in Q1").unwrap();
        assert!(q1.matches(Some("2026-02-01"), "") && !q1.matches(Some("2026-04-01"), ""));
        let year = asked_in("nel 2025?").unwrap();
        assert!(year.matches(None, "Le consegne inizieranno nel 2025."));
        let third = asked_in("quanto ha fatturato nel terzo trimestre 2025?").unwrap();
        assert_eq!(third, asked_in("revenue in Q3 2025").unwrap());
        assert!(third.matches(Some("2025-10-23"), "Nel terzo trimestre i ricavi sono saliti."));
        assert!(third.matches(None, "Revenue for the third quarter of 2025 rose."));
        assert!(!third.matches(Some("2024-10-23"), "Nel terzo trimestre i ricavi sono saliti."));
        assert!(!third.matches(Some("2025-10-23"), "Nel secondo trimestre i ricavi sono saliti."));
        assert!(
            !third.named_in(Some("2025-08-01"), "Revenue rose 12%."),
            "an article of the time, not a sentence of it"
        );
        assert!(!year.named_in(Some("2025-08-01"), "Revenue rose 12%."));
        assert!(year.named_in(Some("2026-08-01"), "Revenue rose 12% in 2025."));
        let june = asked_in("cosa è successo a giugno 2026").unwrap();
        assert!(june.matches(Some("2026-08-01"), "In the second quarter, the loss narrowed."));
        assert_eq!(asked_in("how much is it now?"), None);
        assert_eq!(asked_in("may it grow?"), None);
    }

    #[test]
    fn the_newest_candidate_article_is_the_newest() {
        let dates = Dates::of([Some("2026-01-01"), None, Some("2026-03-01"), Some("2026-02-01")].into_iter());
        assert!((dates.newness(Some("2026-03-01")) - 1.0).abs() < 1e-6);
        assert!(dates.newness(Some("2026-01-01")).abs() < 1e-6);
        assert!((dates.newness(None) - 0.5).abs() < 1e-6);
    }
}
