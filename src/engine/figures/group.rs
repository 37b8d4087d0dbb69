//! The figures of each article, newest article first, each most important
//! first: what `figures`, the cards and the chart list.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde::Serialize;

use super::figure::Figure;
use super::rank;
use crate::engine::corpus::Passage;
use crate::engine::text::Lang;

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
/// An article with no date of its own is dated by its file name when that starts
/// with one (`YYYY-MM-DD-slug.txt`, as the seeds are named).
pub fn newest_first(a: (Option<&str>, &str), b: (Option<&str>, &str)) -> Ordering {
    match (a.0.or_else(|| date_of_name(a.1)), b.0.or_else(|| date_of_name(b.1))) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.1.cmp(b.1))
}

/// The `YYYY-MM-DD` a file name starts with, if it does.
fn date_of_name(doc: &str) -> Option<&str> {
    let date = doc.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(date)
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

    #[test]
    fn an_undated_article_is_dated_by_its_file_name() {
        let mut docs = [
            (None, "2025-06-03-meta"),
            (Some("2025-12-17"), "amazon-openai"),
            (None, "2026-02-10-meta"),
            (None, "notes"),
        ];
        docs.sort_by(|a, b| newest_first(*a, *b));
        let order: Vec<&str> = docs.iter().map(|d| d.1).collect();
        assert_eq!(order, ["2026-02-10-meta", "amazon-openai", "2025-06-03-meta", "notes"]);
    }
}
