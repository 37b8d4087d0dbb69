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
