//! Which of an article's figures carry its news: each figure's signs — in the
//! headline or the lead, repeated, about the article's main companies, stated
//! or reported, an old value recalled, a share-price move, its kind — weighed by
//! the fitted weights of `ranking.toml`, most important first, no value twice for
//! the same company. Signs any news article gives; nothing here knows an article.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::amount::{NUMBER, amounts, parse_number};
use super::figure::{Figure, Kind, Status};
use crate::engine::corpus::Passage;
use crate::engine::text::{Lang, fold, words};

/// How many figures an article's key-figures box shows unless all are asked for.
pub const SHOWN: usize = 6;

/// The weights and cue words of `ranking.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ranking {
    weights: Weights,
    recall: Words,
    share_price: Words,
    filler: Words,
}

/// One number per sign of [`Signs`]; see `ranking.toml` for what each means.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub title: f64,
    pub lead: f64,
    pub late: f64,
    pub repeats: f64,
    pub main_subject: f64,
    pub no_company: f64,
    pub reported: f64,
    pub recalled: f64,
    pub share_move: f64,
    pub quote: f64,
    pub money: f64,
    pub percent: f64,
    pub count: f64,
    pub capacity: f64,
    pub multiple: f64,
    pub time: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    en: Vec<String>,
    it: Vec<String>,
}

impl Words {
    fn has(&self, lang: Lang, folded: &str) -> bool {
        match lang {
            Lang::En => &self.en,
            Lang::It => &self.it,
        }
        .iter()
        .any(|w| fold(w) == folded)
    }
}

static RANKING: LazyLock<Ranking> = LazyLock::new(|| {
    toml::from_str(include_str!("ranking.toml")).expect("ranking.toml is valid (a unit test parses it)")
});

/// What a figure shows of its importance, each sign in 0..=1 (the kinds are one-hot).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Signs {
    pub title: f64,
    pub lead: f64,
    pub late: f64,
    pub repeats: f64,
    pub main_subject: f64,
    pub no_company: f64,
    pub reported: f64,
    pub recalled: f64,
    pub share_move: f64,
    pub quote: f64,
    pub money: f64,
    pub percent: f64,
    pub count: f64,
    pub capacity: f64,
    pub multiple: f64,
    pub time: f64,
}

fn flag(b: bool) -> f64 {
    f64::from(u8::from(b))
}

impl Signs {
    /// The figure's score under `w`.
    pub fn score(&self, w: &Weights) -> f64 {
        self.title * w.title
            + self.lead * w.lead
            + self.late * w.late
            + self.repeats * w.repeats
            + self.main_subject * w.main_subject
            + self.no_company * w.no_company
            + self.reported * w.reported
            + self.recalled * w.recalled
            + self.share_move * w.share_move
            + self.quote * w.quote
            + self.money * w.money
            + self.percent * w.percent
            + self.count * w.count
            + self.capacity * w.capacity
            + self.multiple * w.multiple
            + self.time * w.time
    }
}

/// A figure's value as something to compare: its dollars, else its numbers
/// (folded), so "$10bn" and "10 miliardi di dollari" are one value.
fn value_key(f: &Figure) -> String {
    if let Some(usd) = f.usd {
        return format!("usd{usd:.0}");
    }
    match f.quantity() {
        Some(q) => {
            let numbers: Vec<String> = q.numbers.iter().map(|n| format!("{n}")).collect();
            format!("{:?}{}{}", f.kind, q.unit.unwrap_or_default(), numbers.join("/"))
        }
        None => fold(&f.value),
    }
}

/// A figure's value, as [`same_figure`] compares it.
pub fn value_of(f: &Figure) -> String {
    value_key(f)
}

/// The same figure twice: the same value for the same company (their labels
/// share a company, or one of them names none). One article's same amount of
/// money is one figure whatever its labels say (a list of key numbers repeats
/// the text's amounts with headings for names).
pub fn same_figure(a: &Figure, b: &Figure) -> bool {
    let (ca, cb) = (a.companies(), b.companies());
    value_key(a) == value_key(b)
        && (a.usd.is_some() || ca.is_empty() || cb.is_empty() || ca.iter().any(|c| cb.contains(c)))
}

/// The numbers a text writes, as [`value_key`]s would compare them: its amounts'
/// values and its plain numbers.
fn numbers_in(text: &str) -> HashSet<String> {
    let mut out: HashSet<String> = amounts(text).iter().map(|a| format!("{:.0}", a.value)).collect();
    out.extend(
        NUMBER
            .find_iter(text)
            .filter_map(|m| parse_number(m.as_str(), false))
            .map(|n| format!("{n}")),
    );
    out
}

/// The numbers of a figure, as [`numbers_in`] writes them.
fn numbers_of(f: &Figure) -> HashSet<String> {
    if f.kind == Kind::Money {
        return amounts(&f.value).iter().map(|a| format!("{:.0}", a.value)).collect();
    }
    f.quantity()
        .map(|q| q.numbers.iter().map(|n| format!("{n}")).collect())
        .unwrap_or_default()
}

/// The article's main companies: those its headline names, and those named
/// (as figures' companies) at least half as often as the most named one.
fn main_companies(figures: &[Figure], passages: &[&Passage]) -> HashSet<String> {
    let names: HashSet<&str> = figures.iter().flat_map(Figure::companies).collect();
    let text: String = passages.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    let counts: HashMap<&str, usize> = names.iter().map(|n| (*n, text.matches(n).count())).collect();
    let most = counts.values().copied().max().unwrap_or(0);
    let title = passages.iter().find_map(|p| p.title.as_deref()).unwrap_or_default();
    counts
        .iter()
        .filter(|(n, c)| (most > 0 && 2 * **c >= most) || title.contains(**n))
        .map(|(n, _)| (*n).to_owned())
        .collect()
}

/// Whether the value at byte `at` of `sentence` is an old value the sentence
/// recalls: a recall word ("dal", "from", "than") among the two words before
/// it, articles and approximations skipped; or it stands in brackets after
/// another figure ("62% (70% a novembre)").
fn recalled(sentence: &str, at: usize, lang: Lang) -> bool {
    let r = &*RANKING;
    let before = &sentence[..at];
    let trimmed = before.trim_end();
    if trimmed.ends_with('(')
        && trimmed[..trimmed.len() - 1]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit() || c == '%')
    {
        return true;
    }
    let ws = words(before);
    let telling: Vec<&str> = ws
        .iter()
        .rev()
        .map(|w| w.folded.as_str())
        .filter(|w| !r.filler.has(lang, w))
        .take(2)
        .collect();
    telling.iter().enumerate().any(|(i, w)| {
        // "more than 3 billion users" is no comparison with an old value.
        let comparative = *w == "than"
            && ws
                .iter()
                .rev()
                .map(|w| w.folded.as_str())
                .skip_while(|v| *v != "than")
                .nth(1)
                .is_some_and(|v| matches!(v, "more" | "less" | "fewer" | "rather"));
        !comparative && r.recall.has(lang, w) && (i == 0 || !telling[0].chars().any(|c| c.is_ascii_digit()))
    })
}

/// The signs of every figure of one article (`figures`, all of its figures;
/// `passages`, its passages).
pub fn signs(figures: &[Figure], passages: &[&Passage]) -> Vec<Signs> {
    let r = &*RANKING;
    let main = main_companies(figures, passages);
    let title = passages.iter().find_map(|p| p.title.as_deref()).unwrap_or_default();
    let in_title = numbers_in(title);
    let last_paragraph = passages.iter().map(|p| p.paragraph).max().unwrap_or(1).max(2);
    // How many sentences write each number.
    let mut sentences_with: HashMap<String, HashSet<&str>> = HashMap::new();
    for p in passages {
        for n in numbers_in(&p.text) {
            sentences_with.entry(n).or_default().insert(p.text.as_str());
        }
    }
    figures
        .iter()
        .map(|f| {
            let lang = passages.iter().find(|p| p.text == f.text).map_or(Lang::En, |p| p.lang);
            let numbers = numbers_of(f);
            let repeats = numbers
                .iter()
                .filter_map(|n| sentences_with.get(n))
                .map(HashSet::len)
                .max()
                .unwrap_or(1)
                .saturating_sub(1);
            let at = f.text.find(&f.value).unwrap_or(0);
            let companies = f.companies();
            let sentence = words(&f.text);
            let kind = |k: Kind| flag(f.kind == k);
            Signs {
                title: flag(numbers.iter().any(|n| in_title.contains(n) && n.len() > 1)),
                lead: flag(f.paragraph <= 1),
                late: f64::from(f.paragraph.saturating_sub(1)) / f64::from(last_paragraph - 1),
                #[expect(clippy::cast_precision_loss, reason = "a handful of sentences")]
                repeats: repeats.min(3) as f64 / 3.0,
                main_subject: flag(companies.first().is_some_and(|c| main.contains(*c))),
                no_company: flag(companies.is_empty()),
                reported: flag(f.status == Status::Reported),
                recalled: flag(recalled(&f.text, at, lang)),
                share_move: flag(
                    f.kind == Kind::Percent && sentence.iter().any(|w| r.share_price.has(lang, &w.folded)),
                ),
                quote: flag(f.text.trim_start().starts_with(['“', '"', '«'])),
                money: kind(Kind::Money),
                percent: kind(Kind::Percent),
                count: kind(Kind::Count),
                capacity: kind(Kind::Capacity),
                multiple: kind(Kind::Multiple),
                time: flag(matches!(f.kind, Kind::Period | Kind::Date)),
            }
        })
        .collect()
}

/// The shipped weights.
pub fn weights() -> Weights {
    RANKING.weights
}

/// One article's figures, most important first under `weights`, each value
/// once per company (the first, most important, kept); ties keep text order.
pub fn rank(figures: Vec<Figure>, passages: &[&Passage], weights: &Weights) -> Vec<Figure> {
    let signs = signs(&figures, passages);
    let mut scored: Vec<(f64, Figure)> = signs.iter().map(|s| s.score(weights)).zip(figures).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<Figure> = Vec::with_capacity(scored.len());
    for (_, f) in scored {
        if !out.iter().any(|kept| same_figure(kept, &f)) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{by_article, extract};
    use super::*;
    use crate::engine::lexicon::Lexicon;

    /// An article of one sentence a paragraph, in `lang`.
    fn article(lang: Lang, paragraphs: &[&str]) -> Vec<Passage> {
        paragraphs
            .iter()
            .zip(1..)
            .map(|(text, paragraph)| Passage {
                doc: "2026-01-01-kestrel-lumen".to_owned(),
                title: None,
                date: Some("2026-01-01".to_owned()),
                paragraph,
                sentence: 0,
                section: None,
                section_translation: None,
                lang,
                text: (*text).to_owned(),
                translation: None,
                author: None,
                kind: crate::engine::corpus::PassageKind::Body,
                lead_in: None,
            })
            .collect()
    }

    /// The article's figures, most important first, as `value (label)`.
    fn ranked(lang: Lang, paragraphs: &[&str]) -> Vec<String> {
        let passages = article(lang, paragraphs);
        let figures = extract(&passages, &Lexicon::shipped());
        by_article(&figures, &passages)
            .remove(0)
            .figures
            .iter()
            .map(|f| format!("{} ({})", f.value, f.label))
            .collect()
    }

    fn position(ranked: &[String], value: &str) -> usize {
        ranked
            .iter()
            .position(|f| f.starts_with(&format!("{value} (")))
            .unwrap_or_else(|| panic!("no {value} in {ranked:#?}"))
    }

    #[test]
    fn the_ranking_weights_file_parses_and_weighs_dates_below_amounts() {
        let w = weights();
        assert!(w.time < w.money, "{w:?}");
        assert!(w.recalled < 0.0 && w.share_move < 0.0, "{w:?}");
        assert!(RANKING.recall.has(Lang::It, "dal") && RANKING.recall.has(Lang::En, "from"));
    }

    #[test]
    fn a_recalled_old_value_ranks_below_the_new_one() {
        let en = ranked(
            Lang::En,
            &["Kestrel raised its stake in Lumen to 15% from 10% on Monday, the company said."],
        );
        assert!(position(&en, "15%") < position(&en, "10%"), "{en:#?}");
        let it = ranked(
            Lang::It,
            &["Kestrel porta la sua quota in Lumen al 15% dal 10% di agosto."],
        );
        assert!(position(&it, "15%") < position(&it, "10%"), "{it:#?}");
    }

    #[test]
    fn the_old_value_is_told_by_the_words_before_it_not_by_more_than() {
        let s = "Kestrel now has more than 300 customers, up from 120 customers a year ago.";
        assert!(!recalled(s, s.find("300").unwrap(), Lang::En));
        assert!(recalled(s, s.find("120").unwrap(), Lang::En));
        let it = "La valutazione sale a 90 miliardi, contro gli 85 miliardi di agosto.";
        assert!(!recalled(it, it.find("90").unwrap(), Lang::It));
        assert!(recalled(it, it.find("85").unwrap(), Lang::It));
        let bracket = "quota di Kestrel: 62% (70% a novembre)";
        assert!(recalled(bracket, bracket.find("70%").unwrap(), Lang::It));
    }

    #[test]
    fn a_share_price_move_ranks_below_other_percentages() {
        let r = ranked(
            Lang::En,
            &[
                "Kestrel agreed to buy Lumen for $4bn in cash, the company said.",
                "Kestrel shares rose 7% in early trading on Tuesday.",
                "Lumen's sales grew 12% last year.",
            ],
        );
        assert_eq!(position(&r, "$4bn"), 0, "{r:#?}");
        assert!(position(&r, "7%") > position(&r, "12%"), "{r:#?}");
    }

    #[test]
    fn an_amount_the_article_repeats_ranks_above_one_said_once() {
        let r = ranked(
            Lang::En,
            &[
                "Kestrel said on Monday it would invest in new plants.",
                "Kestrel will spend $2bn on a plant in Ohio and $300 million on a lab in Texas.",
                "The $2bn plant is the largest Kestrel has built.",
            ],
        );
        assert!(position(&r, "$2bn") < position(&r, "$300 million"), "{r:#?}");
    }

    #[test]
    fn the_same_value_for_the_same_company_is_listed_once() {
        let r = ranked(
            Lang::En,
            &[
                "Kestrel will buy Lumen for $4bn.",
                "The $4bn price values Lumen at 11 times its sales, Kestrel said.",
            ],
        );
        assert_eq!(r.iter().filter(|f| f.starts_with("$4bn")).count(), 1, "{r:#?}");
    }
}
