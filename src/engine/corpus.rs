//! The articles as files: `seeds/NAME.txt` in Italian or English (told from its
//! text, or by front matter `lang:`), with an optional translation into the other
//! language beside it (`NAME.en.txt` for an Italian article, `NAME.it.txt` for an
//! English one) aligned paragraph by paragraph. Each sentence becomes a
//! [`Passage`], the unit the index stores and the answers quote.
//!
//! An article file looks like real input: optional front matter between `---`
//! lines (`title`, `source`, `url`, `date`, `lang`), an inline ` date YYYY-MM-DD` header
//! before the first sentence, paragraphs separated by blank lines, and section
//! headings as short lines without final punctuation.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::text::{Lang, detect, sentences};
use crate::error::{Error, Result};

/// One article, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The file name without `.txt`: the article's id in answers and citations.
    pub doc: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// `YYYY-MM-DD`, from the front matter or the inline header.
    pub date: Option<String>,
    /// The language of the text: front matter `lang:`, else told from the text.
    pub lang: Lang,
    /// For an article in neither Italian nor English, the language it seems to
    /// be in; it is still indexed, read as the closer of the two.
    pub foreign: Option<String>,
    pub passages: Vec<Passage>,
}

/// One sentence of an article, with what is needed to cite it and show its context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    pub doc: String,
    pub title: Option<String>,
    pub date: Option<String>,
    /// 1-based number of the paragraph in the article (headings are not counted).
    pub paragraph: u32,
    /// 0-based position of the sentence in its paragraph.
    pub sentence: u32,
    /// The heading of the section the paragraph is in, if any.
    pub section: Option<String>,
    /// That heading in the translation.
    #[serde(default)]
    pub section_translation: Option<String>,
    /// The language of `text`; a translation is in the other one.
    #[serde(default = "italian")]
    pub lang: Lang,
    /// The original sentence, verbatim.
    pub text: String,
    /// The aligned sentence of the translation, when the article has one (or the
    /// paragraph, when the sentences do not pair up).
    pub translation: Option<String>,
}

fn italian() -> Lang {
    Lang::It
}

/// What loading a seeds folder gives: the articles that could be read, and an error
/// for every file that could not (each naming the file).
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub errors: Vec<Error>,
    /// Files indexed with a caveat (an article in neither language), each naming its file.
    pub warnings: Vec<String>,
}

impl Corpus {
    pub fn passages(&self) -> impl Iterator<Item = &Passage> {
        self.articles.iter().flat_map(|a| a.passages.iter())
    }
}

/// The files of a seeds folder that matter, sorted: articles and their translations.
pub fn seed_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::ListSeeds {
        path: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    Ok(files)
}

/// Where the translation of an article in `lang` would be: `NAME.en.txt` beside
/// an Italian `NAME.txt`, `NAME.it.txt` beside an English one.
fn translation_path(article: &Path, lang: Lang) -> PathBuf {
    article.with_extension(format!("{}.txt", lang.other().code()))
}

/// `NAME.en.txt` or `NAME.it.txt` beside a `NAME.txt`: a translation, not an article.
fn is_translation(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    [".en.txt", ".it.txt"]
        .iter()
        .filter_map(|suffix| name.strip_suffix(suffix))
        .any(|stem| path.with_file_name(format!("{stem}.txt")).is_file())
}

/// Loads every article in `dir`. A file that cannot be used is reported in
/// [`Corpus::errors`] and the others are still loaded.
pub fn load_articles(dir: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for path in seed_files(dir)? {
        if is_translation(&path) {
            continue;
        }
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(e) => {
                corpus.errors.push(e);
                continue;
            }
        };
        let doc = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        match parse_article(&doc, &path, &text) {
            Ok(mut article) => {
                if let Some(language) = &article.foreign {
                    corpus.warnings.push(format!(
                        "{}: written in {language}, not Italian or English; indexed as {}, answers may miss it",
                        path.display(),
                        article.lang.name_in(Lang::En)
                    ));
                }
                let translation_file = translation_path(&path, article.lang);
                let translation = if translation_file.exists() {
                    match read_text(&translation_file) {
                        Ok(t) => Some(t),
                        Err(e) => {
                            corpus.errors.push(e);
                            None
                        }
                    }
                } else {
                    None
                };
                if let Some(translation) = translation
                    && let Err(e) = align(&mut article, &translation_file, &text, &translation)
                {
                    corpus.errors.push(e);
                }
                corpus.articles.push(article);
            }
            Err(e) => corpus.errors.push(e),
        }
    }
    Ok(corpus)
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::ReadFile {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        valid_up_to: e.utf8_error().valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A block of text between blank lines.
#[derive(Debug, PartialEq)]
enum Block {
    Heading(String),
    Paragraph(String),
}

/// The metadata a file may carry before its text.
#[derive(Debug, Default, PartialEq)]
struct Header {
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    date: Option<String>,
    lang: Option<Lang>,
}

/// Splits off front matter and the inline date header, and cuts the rest into blocks.
fn parse_blocks(text: &str) -> (Header, Vec<Block>) {
    let mut header = Header::default();
    let mut body = text.trim_start();
    if let Some(rest) = body.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---")
    {
        for line in rest[..end].lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().trim_matches('"').to_owned();
            if value.is_empty() {
                continue;
            }
            match key.trim().to_ascii_lowercase().as_str() {
                "title" => header.title = Some(value),
                "source" => header.source = Some(value),
                "url" => header.url = Some(value),
                "date" if is_iso_date(&value) => header.date = Some(value),
                "lang" | "language" => header.lang = Lang::from_code(&value),
                _ => {}
            }
        }
        body = rest[end + 4..].trim_start_matches(|c| c != '\n').trim_start();
    }
    if let Some(rest) = body.strip_prefix("date ")
        && let Some(date) = rest.get(..10)
        && is_iso_date(date)
    {
        header.date.get_or_insert_with(|| date.to_owned());
        body = rest[10..].trim_start();
    }
    let mut blocks = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in body.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !lines.is_empty() {
                blocks.push(block(&lines));
                lines.clear();
            }
        } else {
            lines.push(line.trim());
        }
    }
    (header, blocks)
}

fn block(lines: &[&str]) -> Block {
    let text = lines.join(" ");
    let is_heading = lines.len() == 1
        && text.chars().count() <= 100
        && text.split_whitespace().count() <= 12
        && !text.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '»', '”']);
    if is_heading {
        Block::Heading(text)
    } else {
        Block::Paragraph(text)
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parses an article's text; `path` only names the file in errors.
pub fn parse_article(doc: &str, path: &Path, text: &str) -> Result<Article> {
    let (header, blocks) = parse_blocks(text);
    let body: String = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) | Block::Paragraph(t) => t.as_str(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (lang, foreign) = header.lang.map_or_else(
        || {
            let detected = detect(&body);
            (detected.lang, detected.foreign)
        },
        |lang| (lang, None),
    );
    let mut article = Article {
        doc: doc.to_owned(),
        title: header.title,
        source: header.source,
        url: header.url,
        date: header.date,
        lang,
        foreign,
        passages: Vec::new(),
    };
    let mut section = None;
    let mut paragraph = 0;
    for block in blocks {
        match block {
            Block::Heading(h) => section = Some(h),
            Block::Paragraph(p) => {
                paragraph += 1;
                for (i, s) in sentences(&p).into_iter().enumerate() {
                    article.passages.push(Passage {
                        doc: article.doc.clone(),
                        title: article.title.clone(),
                        date: article.date.clone(),
                        paragraph,
                        sentence: u32::try_from(i).unwrap_or(u32::MAX),
                        section: section.clone(),
                        section_translation: None,
                        lang,
                        text: s.to_owned(),
                        translation: None,
                    });
                }
            }
        }
    }
    if article.passages.is_empty() {
        return Err(Error::EmptyArticle { path: path.to_owned() });
    }
    Ok(article)
}

/// Gives each passage its translated sentence. The translation must have the same
/// blocks (headings and paragraphs) in the same order; sentences pair one to one
/// where their counts agree, otherwise each sentence gets the whole paragraph.
fn align(article: &mut Article, path: &Path, original: &str, translation: &str) -> Result<()> {
    let (_, original_blocks) = parse_blocks(original);
    let (_, translated_blocks) = parse_blocks(translation);
    let misaligned = |reason: String| Error::Misaligned {
        path: path.to_owned(),
        reason,
    };
    if original_blocks.len() != translated_blocks.len() {
        return Err(misaligned(format!(
            "{} blocks in the translation, {} in the article",
            translated_blocks.len(),
            original_blocks.len()
        )));
    }
    // Each paragraph's translated text, with the translated heading of its section.
    let mut paragraphs = Vec::new();
    let mut heading = None;
    for (n, (original, translated)) in original_blocks.iter().zip(&translated_blocks).enumerate() {
        match (original, translated) {
            (Block::Paragraph(_), Block::Paragraph(translated)) => paragraphs.push((translated.as_str(), heading)),
            (Block::Heading(_), Block::Heading(translated)) => heading = Some(translated.as_str()),
            _ => {
                return Err(misaligned(format!(
                    "block {} is a heading in one file and a paragraph in the other",
                    n + 1
                )));
            }
        }
    }
    for (index, (paragraph, heading)) in paragraphs.into_iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let translated = sentences(paragraph);
        let passages: Vec<&mut Passage> = article.passages.iter_mut().filter(|p| p.paragraph == number).collect();
        let paired = translated.len() == passages.len();
        for (i, passage) in passages.into_iter().enumerate() {
            passage.section_translation = heading.map(str::to_owned);
            passage.translation = Some(if paired {
                translated[i].to_owned()
            } else {
                paragraph.to_owned()
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Article {
        parse_article("a", Path::new("a.txt"), text).unwrap()
    }

    #[test]
    fn the_inline_date_header_is_read_and_not_quoted() {
        let a = parse(" date 2025-12-17 Amazon e OpenAI discutono. L’intesa prevede chip.");
        assert_eq!(a.date.as_deref(), Some("2025-12-17"));
        assert_eq!(a.passages[0].text, "Amazon e OpenAI discutono.");
        assert_eq!(a.passages[1].text, "L’intesa prevede chip.");
    }

    #[test]
    fn headings_name_the_sections_and_are_not_paragraphs() {
        let a = parse("Primo paragrafo.\r\n\r\nUn titolo di sezione\r\n\r\nSecondo paragrafo. Con due frasi.");
        assert_eq!(a.passages.len(), 3);
        assert_eq!(a.passages[0].section, None);
        assert_eq!(a.passages[1].paragraph, 2);
        assert_eq!(a.passages[1].section.as_deref(), Some("Un titolo di sezione"));
        assert_eq!(a.passages[2].sentence, 1);
    }

    #[test]
    fn front_matter_gives_title_source_url_and_date() {
        let a =
            parse("---\ntitle: Il titolo\nsource: Testata\nurl: https://example.org/x\ndate: 2025-01-02\n---\nTesto.");
        assert_eq!(a.title.as_deref(), Some("Il titolo"));
        assert_eq!(a.source.as_deref(), Some("Testata"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(a.date.as_deref(), Some("2025-01-02"));
        assert_eq!(a.passages[0].text, "Testo.");
    }

    #[test]
    fn an_article_s_language_is_told_from_its_text_or_front_matter() {
        let en = parse("The two companies signed a seven-year agreement worth billions of dollars.");
        assert_eq!((en.lang, en.passages[0].lang), (Lang::En, Lang::En));
        let it = parse("Le due società hanno firmato un accordo di sette anni da miliardi di dollari.");
        assert_eq!(it.lang, Lang::It);
        let forced = parse("---\nlang: en\n---\nLe due società hanno firmato un accordo.");
        assert_eq!(forced.lang, Lang::En);
    }

    #[test]
    fn an_english_article_takes_an_italian_translation_and_a_foreign_one_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "The two companies signed a seven-year agreement worth billions of dollars.",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("a.it.txt"),
            "Le due società hanno firmato un accordo di sette anni da miliardi di dollari.",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.txt"),
            "Les deux entreprises ont signé un accord de sept ans qui vaut des milliards de dollars.",
        )
        .unwrap();
        let corpus = load_articles(dir.path()).unwrap();
        assert!(corpus.errors.is_empty(), "{:?}", corpus.errors);
        assert_eq!(corpus.articles.len(), 2, "the translation is not an article");
        let a = &corpus.articles[0];
        assert_eq!(a.lang, Lang::En);
        assert!(
            a.passages[0]
                .translation
                .as_deref()
                .unwrap()
                .starts_with("Le due società")
        );
        assert_eq!(corpus.articles[1].foreign.as_deref(), Some("French"));
        assert!(
            corpus.warnings[0].contains("b.txt") && corpus.warnings[0].contains("French"),
            "{:?}",
            corpus.warnings
        );
    }

    #[test]
    fn an_article_without_a_date_has_none() {
        assert_eq!(parse("Solo testo.").date, None);
    }

    #[test]
    fn an_empty_article_is_an_error_naming_the_file() {
        let err = parse_article("a", Path::new("seeds/a.txt"), " \n\n ").unwrap_err();
        assert!(err.to_string().contains("seeds/a.txt"), "{err}");
    }

    #[test]
    fn a_translation_pairs_sentence_by_sentence() {
        let mut a = parse("Uno. Due.\n\nTitolo\n\nTre.");
        align(
            &mut a,
            Path::new("a.en.txt"),
            "Uno. Due.\n\nTitolo\n\nTre.",
            "One. Two.\n\nTitle\n\nThree.",
        )
        .unwrap();
        let t: Vec<_> = a.passages.iter().map(|p| p.translation.as_deref().unwrap()).collect();
        assert_eq!(t, ["One.", "Two.", "Three."]);
        assert_eq!(a.passages[2].section_translation.as_deref(), Some("Title"));
    }

    #[test]
    fn a_translation_with_other_sentence_counts_gives_the_whole_paragraph() {
        let mut a = parse("Uno. Due.");
        align(&mut a, Path::new("a.en.txt"), "Uno. Due.", "One and two.").unwrap();
        assert_eq!(a.passages[1].translation.as_deref(), Some("One and two."));
    }

    #[test]
    fn a_misaligned_translation_is_an_error_naming_it() {
        let mut a = parse("Uno.\n\nDue.");
        let err = align(&mut a, Path::new("seeds/a.en.txt"), "Uno.\n\nDue.", "One.").unwrap_err();
        assert!(err.to_string().contains("seeds/a.en.txt"), "{err}");
    }
}
