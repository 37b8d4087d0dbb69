//! What one article is, in short: its title, date, language, source, first
//! sentences and key figures. The bot shows it when a moderator previews an
//! article to add and when it announces a newly indexed one; both are built
//! here, from the article as the corpus reads it.

use std::path::Path;

use super::corpus::{self, Article, PassageKind};
use super::figures::{self, Figure, rank::SHOWN};
use super::{Lang, Lexicon};
use crate::error::Result;

/// How many of its first sentences a summary quotes.
const OPENING_SENTENCES: usize = 2;

/// One article, in short.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The file name without `.txt`.
    pub doc: String,
    /// Its title, else its file name.
    pub title: String,
    pub date: Option<String>,
    pub lang: Lang,
    /// Where it was published (front matter `source:`).
    pub source: Option<String>,
    pub url: Option<String>,
    /// Its first sentences, as written.
    pub opening: Vec<String>,
    /// Its key figures, most newsworthy first, at most six.
    pub figures: Vec<Figure>,
}

impl Summary {
    /// The summary of a parsed article.
    pub fn of(article: &Article, lexicon: &Lexicon) -> Summary {
        let opening = (article.passages.iter())
            .filter(|p| matches!(p.kind, PassageKind::Body | PassageKind::Bullet))
            .take(OPENING_SENTENCES)
            .map(|p| p.text.clone())
            .collect();
        let found = figures::extract(&article.passages, lexicon);
        let figures = (figures::by_article(&found, &article.passages).into_iter())
            .find(|g| g.doc == article.doc)
            .map(|g| g.figures.into_iter().take(SHOWN).collect())
            .unwrap_or_default();
        Summary {
            doc: article.doc.clone(),
            title: article.title.clone().unwrap_or_else(|| article.doc.clone()),
            date: article.date.clone(),
            lang: article.lang,
            source: article.source.clone(),
            url: article.url.clone(),
            opening,
            figures,
        }
    }

    /// The summary of the seed file `doc` in `seeds_dir` (`doc.txt`).
    pub fn of_seed(seeds_dir: &Path, doc: &str, lexicon: &Lexicon) -> Result<Summary> {
        let path = seeds_dir.join(format!("{doc}.txt"));
        let text = corpus::read_text(&path)?;
        Ok(Summary::of(&corpus::parse_article(doc, &path, &text)?, lexicon))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_has_the_front_matter_the_opening_and_the_key_figures() {
        let text = "---\ntitle: OpenAI raises $40 billion\nsource: Example News\nurl: https://example.org/a\ndate: 2026-03-03\n---\n\
                    OpenAI has raised $40 billion in a round led by SoftBank. The round values the company at $300 billion.\n\n\
                    Microsoft took part too.\n";
        let article = corpus::parse_article("2026-03-03-openai", Path::new("a.txt"), text).unwrap();
        let summary = Summary::of(&article, &Lexicon::shipped());
        assert_eq!(summary.title, "OpenAI raises $40 billion");
        assert_eq!(summary.date.as_deref(), Some("2026-03-03"));
        assert_eq!(summary.source.as_deref(), Some("Example News"));
        assert_eq!(summary.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(summary.lang, Lang::En);
        assert_eq!(
            summary.opening,
            [
                "OpenAI has raised $40 billion in a round led by SoftBank.",
                "The round values the company at $300 billion."
            ]
        );
        let values: Vec<&str> = summary.figures.iter().map(|f| f.value.as_str()).collect();
        assert!(values.iter().any(|v| v.contains("40")), "{values:?}");
        assert!(values.iter().any(|v| v.contains("300")), "{values:?}");
    }
}
