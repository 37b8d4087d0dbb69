//! What a moderator sees before an article is added: its metadata, its first
//! sentences and its key figures, all read from the draft seed file exactly as
//! the index will read it (the figures by the engine's own finder and ranker),
//! so the preview cannot promise what the bot will not know.

use std::fmt::Write;

use serde::Serialize;

use super::Draft;
use crate::engine::corpus::PassageKind;
use crate::engine::figures::{self, Figure};
use crate::engine::{Lang, Lexicon};

/// How many of the article's first sentences the preview shows.
pub const LEAD_SENTENCES: usize = 3;

/// An article about to be added, for the CLI to print and the bot to embed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    /// The seed file's name without `.txt`.
    pub name: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub lang: Lang,
    /// For an article in neither Italian nor English, the language it seems to be in.
    pub foreign: Option<String>,
    /// The site or publication.
    pub site: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// The first sentences of the text.
    pub lead: Vec<String>,
    /// The key figures, most important first (at most [`figures::rank::SHOWN`]).
    pub figures: Vec<Figure>,
    /// Words of article text, and paragraphs.
    pub words: usize,
    pub paragraphs: usize,
}

impl Preview {
    pub fn of(draft: &Draft) -> Preview {
        let article = draft.article();
        let lead = article
            .passages
            .iter()
            .filter(|p| p.kind == PassageKind::Body)
            .take(LEAD_SENTENCES)
            .map(|p| p.text.clone())
            .collect();
        let found = figures::extract(&article.passages, &Lexicon::shipped());
        let mut figures = figures::by_article(&found, &article.passages)
            .into_iter()
            .next()
            .map(|g| g.figures)
            .unwrap_or_default();
        figures.truncate(figures::rank::SHOWN);
        let (words, paragraphs) = super::article_size(article);
        Preview {
            name: draft.name().to_owned(),
            title: article.title.clone(),
            date: article.date.clone(),
            lang: article.lang,
            foreign: article.foreign.clone(),
            site: article.source.clone(),
            url: article.url.clone(),
            author: article.author.clone(),
            lead,
            figures,
            words,
            paragraphs,
        }
    }

    /// The preview as plain text, for the command line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let line = |out: &mut String, key: &str, value: &str| {
            let _ = writeln!(out, "{key:<9}{value}");
        };
        line(&mut out, "title", self.title.as_deref().unwrap_or("(none)"));
        line(&mut out, "date", self.date.as_deref().unwrap_or("(none)"));
        let lang = match &self.foreign {
            Some(foreign) => format!("{foreign} (indexed as {})", self.lang.code()),
            None => self.lang.code().to_owned(),
        };
        line(&mut out, "language", &lang);
        for (key, value) in [("site", &self.site), ("author", &self.author), ("url", &self.url)] {
            if let Some(value) = value {
                line(&mut out, key, value);
            }
        }
        line(
            &mut out,
            "file",
            &format!(
                "{}.txt ({} words, {} paragraphs)",
                self.name, self.words, self.paragraphs
            ),
        );
        out.push('\n');
        for sentence in &self.lead {
            let _ = writeln!(out, "> {sentence}");
        }
        if !self.figures.is_empty() {
            out.push_str("\nKey figures:\n");
            for f in &self.figures {
                let label = match self.lang {
                    Lang::It => &f.label_it,
                    Lang::En => &f.label,
                };
                let _ = writeln!(out, "- {label}: {}", f.value);
            }
        }
        out
    }
}
