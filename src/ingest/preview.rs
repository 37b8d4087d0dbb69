//! What a moderator sees before an article is added: its metadata, its first
//! sentences and its key figures, all read from the draft seed file exactly as
//! the index will read it (the engine's [`Summary`], which the announcement of
//! the indexed article shows too), so the preview cannot promise what the bot
//! will not know.

use std::fmt::Write;

use super::Draft;
use crate::engine::{Lang, Lexicon, Summary};

/// An article about to be added, for the CLI to print and the bot to embed:
/// the engine's [`Summary`] of the draft (what an announcement shows once it
/// is indexed), and what a moderator checks before confirming.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// Title, date, language, source, URL, first sentences, key figures;
    /// `summary.doc` is the seed file's name without `.txt`.
    pub summary: Summary,
    pub author: Option<String>,
    /// For an article in neither Italian nor English, the language it seems to be in.
    pub foreign: Option<String>,
    /// Words of article text, and paragraphs.
    pub words: usize,
    pub paragraphs: usize,
}

impl Preview {
    pub fn of(draft: &Draft) -> Preview {
        let article = draft.article();
        let (words, paragraphs) = super::article_size(article);
        Preview {
            summary: Summary::of(article, &Lexicon::shipped()),
            author: article.author.clone(),
            foreign: article.foreign.clone(),
            words,
            paragraphs,
        }
    }

    /// The preview as plain text, for the command line.
    pub fn render(&self) -> String {
        let s = &self.summary;
        let mut out = String::new();
        let line = |out: &mut String, key: &str, value: &str| {
            let _ = writeln!(out, "{key:<9}{value}");
        };
        line(&mut out, "title", &s.title);
        line(&mut out, "date", s.date.as_deref().unwrap_or("(none)"));
        let lang = match &self.foreign {
            Some(foreign) => format!("{foreign} (indexed as {})", s.lang.code()),
            None => s.lang.code().to_owned(),
        };
        line(&mut out, "language", &lang);
        for (key, value) in [("site", &s.source), ("author", &self.author), ("url", &s.url)] {
            if let Some(value) = value {
                line(&mut out, key, value);
            }
        }
        line(
            &mut out,
            "file",
            &format!("{}.txt ({} words, {} paragraphs)", s.doc, self.words, self.paragraphs),
        );
        out.push('\n');
        for sentence in &s.opening {
            let _ = writeln!(out, "> {sentence}");
        }
        if !s.figures.is_empty() {
            out.push_str("\nKey figures:\n");
            for f in &s.figures {
                let label = match s.lang {
                    Lang::It => &f.label_it,
                    Lang::En => &f.label,
                };
                let _ = writeln!(out, "- {label}: {}", f.value);
            }
        }
        out
    }
}
