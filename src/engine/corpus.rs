//! The articles as files: `seeds/NAME.txt` in Italian or English (told from its
//! text, or by front matter `lang:`), with an optional translation into the other
//! language beside it (`NAME.en.txt` for an Italian article, `NAME.it.txt` for an
//! English one) aligned paragraph by paragraph. Each sentence becomes a
//! [`Passage`], the unit the index stores and the answers quote.
//!
//! An article file looks like real input: optional front matter between `---`
//! lines (`title`, `source`, `url`, `date`, `lang`, `author`), an inline
//! ` date YYYY-MM-DD` header before the first sentence, paragraphs separated by
//! blank lines, and section headings as short lines without final punctuation.
//! A pasted news page has more parts, read here too: a headline (the first line,
//! alone, without final punctuation), a byline under it ("di Anna Bianchi —
//! Roma, 3 marzo 2026", [`super::byline`]), a dateline opening the first
//! paragraph ("SAN DIEGO —", not quoted), and bullet lists after a lead-in line,
//! each item its own passage.
//!
//! Numbering: body paragraphs count from 1 (the lead), as they always have; the
//! headline and the byline are paragraph 0, sentences 0 and 1 (the byline is
//! sentence 0 when there is no headline). A bullet list's items belong to the
//! paragraph of the block they are in, numbered after its prose sentences.
//!
//! A file in another encoding than UTF-8 (Windows-1252, ISO-8859-1) is decoded
//! ([`crate::decode`]), not skipped.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::byline::{Byline, byline, date_of_name, dateline};
use super::text::{Lang, detect, sentences};
use crate::error::{Error, Result};

/// One article, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The file name without `.txt`: the article's id in answers and citations.
    pub doc: String,
    /// Front matter `title:`, else the headline.
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// `YYYY-MM-DD`: front matter `date:`, else the inline ` date` header, else
    /// the byline's date, else the file name's `YYYY-MM-DD-` prefix.
    pub date: Option<String>,
    /// Front matter `author:`, else the byline's name(s), as written.
    pub author: Option<String>,
    /// Where it was written from: the dateline's place ("SAN DIEGO"), else the
    /// byline's ("Milano").
    pub place: Option<String>,
    /// The language of the text: front matter `lang:`, else told from the text.
    pub lang: Lang,
    /// For an article in neither Italian nor English, the language it seems to
    /// be in; it is still indexed, read as the closer of the two.
    pub foreign: Option<String>,
    pub passages: Vec<Passage>,
}

/// What part of the page a passage is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    /// A sentence of a paragraph.
    #[default]
    Body,
    /// One item of a bulleted or numbered list, without its marker.
    Bullet,
    /// The headline written above the text (paragraph 0).
    Title,
    /// The byline under the headline, as written (paragraph 0): it answers who
    /// wrote the article.
    Byline,
}

/// One sentence of an article, with what is needed to cite it and show its context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    pub doc: String,
    pub title: Option<String>,
    pub date: Option<String>,
    /// The article's author, as its byline or front matter gives it.
    #[serde(default)]
    pub author: Option<String>,
    /// What part of the page this is; sentences of paragraphs are `Body`.
    #[serde(default)]
    pub kind: PassageKind,
    /// For a bullet: the sentence right before its list ("I conti in sintesi:"),
    /// which says what the items are.
    #[serde(default)]
    pub lead_in: Option<String>,
    /// 1-based number of the paragraph in the article (headings are not
    /// counted); 0 for the headline and the byline.
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
pub(crate) fn is_translation(path: &Path) -> bool {
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
    Ok(load_files(seed_files(dir)?))
}

/// Loads the articles among `paths` (seed files, sorted), as [`load_articles`]
/// does for a whole folder: what an index updated for a few files reads.
pub fn load_files(paths: impl IntoIterator<Item = PathBuf>) -> Corpus {
    let mut corpus = Corpus::default();
    for path in paths {
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
    corpus
}

pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::ReadFile {
        path: path.to_owned(),
        source,
    })?;
    // A file saved in Windows-1252 or ISO-8859-1 is read, not skipped.
    Ok(crate::decode::text(&bytes, None))
}

/// An article's canonical URL (its front matter's) and the text of its
/// paragraphs and list items, without its headline, byline or headings: what
/// tells one article from another whatever its metadata. Read without
/// detecting the language, so that a new article is compared with every seed
/// quickly.
pub fn url_and_body(text: &str) -> (Option<String>, String) {
    let (header, blocks) = parse_blocks(text);
    let mut body = String::new();
    for block in blocks {
        if let Block::Paragraph(segments) = block {
            for Segment::Prose(t) | Segment::Bullet(t) in segments {
                body.push_str(&t);
                body.push('\n');
            }
        }
    }
    (header.url, body)
}

/// A block of text between blank lines, read for what it is on the page.
#[derive(Debug, PartialEq)]
enum Block {
    /// The headline above the text.
    Title(String),
    /// The byline, as written.
    Byline(String),
    Heading(String),
    /// A paragraph's prose and list items, in order.
    Paragraph(Vec<Segment>),
}

/// A run of a paragraph: prose (one or more sentences) or one list item.
#[derive(Debug, PartialEq)]
enum Segment {
    Prose(String),
    Bullet(String),
}

/// The metadata a file may carry before its text, and what its headline,
/// byline and dateline say.
#[derive(Debug, Default, PartialEq)]
struct Header {
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    date: Option<String>,
    lang: Option<Lang>,
    author: Option<String>,
    place: Option<String>,
}

/// The longest line read as a headline.
const MAX_HEADLINE_CHARS: usize = 200;

/// The fewest words a headline has: a one- or two-word first line is a
/// section heading ("Key figures").
const MIN_HEADLINE_WORDS: usize = 3;

/// Splits off front matter and the inline date header, reads the headline,
/// byline and dateline, and cuts the rest into blocks.
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
                "author" | "by" | "autore" => header.author = Some(value),
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
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in body.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !lines.is_empty() {
                groups.push(std::mem::take(&mut lines));
            }
        } else {
            lines.push(line.trim_end());
        }
    }
    let mut blocks = Vec::new();
    let mut groups = std::collections::VecDeque::from(groups);
    // The headline: the first line, alone in its block above another block,
    // or above a byline, when the front matter gives no title.
    let headline = groups.front().is_some_and(|first| {
        is_headline(first[0])
            && first
                .get(1)
                .map_or(groups.len() > 1, |&second| byline(second).is_some())
    });
    if header.title.is_none() && headline {
        let title = take_first_line(&mut groups);
        header.title = Some(title.clone());
        blocks.push(Block::Title(title));
    }
    // The byline: under the headline, or the page's first line.
    if let Some(read) = groups.front().and_then(|first| byline(first[0])) {
        let Byline { author, place, date } = read;
        header.author = header.author.take().or(author);
        header.place = place;
        header.date = header.date.take().or(date);
        blocks.push(Block::Byline(take_first_line(&mut groups)));
    }
    let mut first_paragraph = true;
    for lines in groups {
        let mut block = block(&lines);
        if let Block::Paragraph(segments) = &mut block {
            if std::mem::take(&mut first_paragraph)
                && let Some(Segment::Prose(lead)) = segments.first_mut()
                && let Some((place, text)) = dateline(lead)
            {
                header.place = Some(place.to_owned());
                *lead = text.to_owned();
            }
            // A list whose items are set apart by blank lines is still one list.
            if segments.iter().all(|s| matches!(s, Segment::Bullet(_)))
                && let Some(Block::Paragraph(previous)) = blocks.last_mut()
                && matches!(previous.last(), Some(Segment::Bullet(_)))
            {
                previous.append(segments);
                continue;
            }
        }
        blocks.push(block);
    }
    (header, blocks)
}

/// Takes the first line of the first group, and the group when it was its only line.
fn take_first_line(groups: &mut std::collections::VecDeque<Vec<&str>>) -> String {
    let first = groups.front_mut().expect("a first group");
    let line = first.remove(0).trim().to_owned();
    if first.is_empty() {
        groups.pop_front();
    }
    line
}

/// A first line that can be a headline: long enough, not a list item, and
/// without final punctuation (an inner ". " is fine: "Intel sale al 15%. In
/// Ohio la fabbrica slitta").
fn is_headline(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= MAX_HEADLINE_CHARS
        && line.split_whitespace().count() >= MIN_HEADLINE_WORDS
        && bullet(line).is_none()
        && !ends_a_sentence(line)
}

/// Whether `text` ends with a sentence's punctuation, perhaps inside closing quotes.
fn ends_a_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '»', '”', '’', ')'])
        .ends_with(['.', '!', '?', '…', ':', ';', ','])
}

/// The item of a list line without its marker: "- ", "* ", "• ", "– ", "1. ", "1) ".
fn bullet(line: &str) -> Option<&str> {
    let line = line.trim_start();
    for marker in ["- ", "* ", "• ", "– ", "— ", "· "] {
        if let Some(item) = line.strip_prefix(marker) {
            return Some(item.trim()).filter(|i| !i.is_empty());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(item.trim()).filter(|i| !i.is_empty());
        }
    }
    None
}

/// Reads a block's lines: a heading (one short line without final
/// punctuation), or a paragraph of prose and list items. A line indented
/// under an item continues it; any other line is prose.
fn block(lines: &[&str]) -> Block {
    if let [line] = lines {
        let text = line.trim();
        let is_heading = text.chars().count() <= 100
            && text.split_whitespace().count() <= 12
            && bullet(text).is_none()
            && !text.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '»', '”']);
        if is_heading {
            return Block::Heading(text.to_owned());
        }
    }
    let mut segments: Vec<Segment> = Vec::new();
    for line in lines {
        let indented = line.starts_with(char::is_whitespace);
        match (bullet(line), segments.last_mut()) {
            (Some(item), _) => segments.push(Segment::Bullet(item.to_owned())),
            (None, Some(Segment::Bullet(item))) if indented => {
                item.push(' ');
                item.push_str(line.trim());
            }
            (None, Some(Segment::Prose(prose))) => {
                prose.push(' ');
                prose.push_str(line.trim());
            }
            (None, _) => segments.push(Segment::Prose(line.trim().to_owned())),
        }
    }
    Block::Paragraph(segments)
}

/// A paragraph's passages in order: each prose sentence, each list item.
fn units(segments: &[Segment]) -> Vec<(PassageKind, &str)> {
    segments
        .iter()
        .flat_map(|segment| match segment {
            Segment::Prose(p) => sentences(p).into_iter().map(|s| (PassageKind::Body, s)).collect(),
            Segment::Bullet(b) => vec![(PassageKind::Bullet, b.as_str())],
        })
        .collect()
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
        .flat_map(|b| match b {
            Block::Title(t) | Block::Byline(t) | Block::Heading(t) => vec![t.as_str()],
            Block::Paragraph(segments) => segments
                .iter()
                .map(|s| match s {
                    Segment::Prose(t) | Segment::Bullet(t) => t.as_str(),
                })
                .collect(),
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
        date: header.date.or_else(|| date_of_name(doc)),
        author: header.author,
        place: header.place,
        lang,
        foreign,
        passages: Vec::new(),
    };
    let passage = |paragraph: u32, sentence: u32, kind: PassageKind, text: &str| Passage {
        doc: article.doc.clone(),
        title: article.title.clone(),
        date: article.date.clone(),
        author: article.author.clone(),
        kind,
        lead_in: None,
        paragraph,
        sentence,
        section: None,
        section_translation: None,
        lang,
        text: text.to_owned(),
        translation: None,
    };
    let mut passages = Vec::new();
    let mut section = None;
    let mut paragraph = 0;
    // The sentence just read, in this section: the lead-in of a list after it.
    let mut last_sentence: Option<&str> = None;
    let mut top = 0;
    for block in &blocks {
        match block {
            Block::Title(t) | Block::Byline(t) => {
                let kind = if matches!(block, Block::Title(_)) {
                    PassageKind::Title
                } else {
                    PassageKind::Byline
                };
                passages.push(passage(0, top, kind, t));
                top += 1;
            }
            Block::Heading(h) => {
                section = Some(h.clone());
                last_sentence = None;
            }
            Block::Paragraph(segments) => {
                paragraph += 1;
                let mut lead_in = None;
                for (i, (kind, text)) in (0u32..).zip(units(segments)) {
                    let mut p = passage(paragraph, i, kind, text);
                    p.section.clone_from(&section);
                    if kind == PassageKind::Bullet {
                        if lead_in.is_none() {
                            lead_in = last_sentence.map(str::to_owned);
                        }
                        p.lead_in.clone_from(&lead_in);
                    } else {
                        lead_in = None;
                        last_sentence = Some(text);
                    }
                    passages.push(p);
                }
            }
        }
    }
    article.passages = passages;
    if article.passages.is_empty() {
        return Err(Error::EmptyArticle { path: path.to_owned() });
    }
    Ok(article)
}

/// Gives each passage its translated sentence. The translation must have the same
/// blocks (headline, byline, headings and paragraphs) in the same order; sentences
/// and list items pair one to one where their counts agree, otherwise each
/// passage gets the whole paragraph.
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
    // Each paragraph's translated passages, with the translated heading of its
    // section; paragraph 0 holds the headline and the byline.
    let mut paragraphs: Vec<(Vec<&str>, Option<&str>)> = vec![(Vec::new(), None)];
    let mut heading = None;
    for (n, (original, translated)) in original_blocks.iter().zip(&translated_blocks).enumerate() {
        match (original, translated) {
            (Block::Paragraph(_), Block::Paragraph(translated)) => {
                paragraphs.push((units(translated).into_iter().map(|(_, t)| t).collect(), heading));
            }
            (Block::Heading(_), Block::Heading(translated)) => heading = Some(translated.as_str()),
            (Block::Title(_), Block::Title(translated)) | (Block::Byline(_), Block::Byline(translated)) => {
                paragraphs[0].0.push(translated.as_str());
            }
            _ => {
                return Err(misaligned(format!(
                    "block {} is a {} in the article and a {} in the translation",
                    n + 1,
                    block_name(original),
                    block_name(translated)
                )));
            }
        }
    }
    for (number, (translated, heading)) in (0u32..).zip(paragraphs) {
        let passages: Vec<&mut Passage> = article.passages.iter_mut().filter(|p| p.paragraph == number).collect();
        let paired = translated.len() == passages.len();
        for (i, passage) in passages.into_iter().enumerate() {
            passage.section_translation = heading.map(str::to_owned);
            passage.translation = Some(if paired {
                translated[i].to_owned()
            } else {
                translated.join(" ")
            });
        }
    }
    Ok(())
}

fn block_name(block: &Block) -> &'static str {
    match block {
        Block::Title(_) => "headline",
        Block::Byline(_) => "byline",
        Block::Heading(_) => "heading",
        Block::Paragraph(_) => "paragraph",
    }
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
    fn a_windows_1252_seed_is_decoded_not_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            b"L\x92accordo vale 10 miliardi di dollari, perch\xe9 la societ\xe0 cresce.",
        )
        .unwrap();
        let corpus = load_articles(dir.path()).unwrap();
        assert!(corpus.errors.is_empty(), "{:?}", corpus.errors);
        assert_eq!(
            corpus.articles[0].passages[0].text,
            "L’accordo vale 10 miliardi di dollari, perché la società cresce."
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

    const INTEL: &str = "Intel Foundry, Washington sale al 15%. In Ohio la prima fabbrica slitta al 2032\n\
        di Giulia Moretti — Milano, 21 gennaio 2026\n\n\
        Il governo rafforza la presa su Intel Foundry. Il dipartimento salirà al 15%.\n\n\
        Come avevamo riportato, il primo pacchetto valeva 8,5 miliardi.";

    #[test]
    fn a_headline_and_a_byline_give_the_title_the_author_and_the_date() {
        let a = parse_article("2026-01-21-intel", Path::new("x.txt"), INTEL).unwrap();
        assert_eq!(
            a.title.as_deref(),
            Some("Intel Foundry, Washington sale al 15%. In Ohio la prima fabbrica slitta al 2032")
        );
        assert_eq!(a.author.as_deref(), Some("Giulia Moretti"));
        assert_eq!(a.place.as_deref(), Some("Milano"));
        assert_eq!(a.date.as_deref(), Some("2026-01-21"));
        let kinds: Vec<_> = a.passages.iter().map(|p| (p.kind, p.paragraph, p.sentence)).collect();
        assert_eq!(
            kinds[..3],
            [
                (PassageKind::Title, 0, 0),
                (PassageKind::Byline, 0, 1),
                (PassageKind::Body, 1, 0)
            ]
        );
        assert_eq!(a.passages[1].text, "di Giulia Moretti — Milano, 21 gennaio 2026");
        assert_eq!(a.passages[2].text, "Il governo rafforza la presa su Intel Foundry.");
        assert_eq!(a.passages[4].paragraph, 2, "the lead is paragraph 1, as before");
        assert!(a.passages.iter().all(|p| p.author.as_deref() == Some("Giulia Moretti")));
    }

    #[test]
    fn a_headline_alone_above_a_blank_line_is_the_title_and_front_matter_wins() {
        let a = parse("Qualcomm to buy Lumora Silicon for $2.7bn\n\nQualcomm has agreed to buy Lumora.");
        assert_eq!(a.title.as_deref(), Some("Qualcomm to buy Lumora Silicon for $2.7bn"));
        assert_eq!((a.passages[0].kind, a.passages[1].paragraph), (PassageKind::Title, 1));
        let b = parse("---\ntitle: Il titolo\n---\nUn titolo di sezione qui\n\nTesto.");
        assert_eq!(b.title.as_deref(), Some("Il titolo"));
        assert_eq!(b.passages[0].section.as_deref(), Some("Un titolo di sezione qui"));
        assert!(b.passages.iter().all(|p| p.kind == PassageKind::Body));
    }

    #[test]
    fn a_first_line_that_wraps_into_the_paragraph_is_not_a_headline() {
        let a = parse(
            "Poste Italiane ha superato la metà del percorso\nverso il cloud. Il gruppo ha spostato 780 applicazioni.",
        );
        assert_eq!(a.title, None);
        assert_eq!(
            a.passages[0].text,
            "Poste Italiane ha superato la metà del percorso verso il cloud."
        );
    }

    #[test]
    fn an_english_byline_and_a_dateline_give_the_author_the_date_and_a_clean_lead() {
        let a = parse(
            "Qualcomm to buy Belgian chip designer Lumora Silicon for $2.7bn\nBy Sarah Lindholm | March 10, 2026\n\n\
             SAN DIEGO — Qualcomm has agreed to buy Lumora Silicon. The deal is in cash.",
        );
        assert_eq!(a.author.as_deref(), Some("Sarah Lindholm"));
        assert_eq!(a.date.as_deref(), Some("2026-03-10"));
        assert_eq!(a.place.as_deref(), Some("SAN DIEGO"));
        let lead = a.passages.iter().find(|p| p.paragraph == 1).unwrap();
        assert_eq!(lead.text, "Qualcomm has agreed to buy Lumora Silicon.");
    }

    #[test]
    fn the_date_comes_from_front_matter_then_the_header_then_the_byline_then_the_file_name() {
        let byline = "Meta firma un secondo accordo nucleare\ndi Anna Bianchi — Roma, 3 marzo 2026\n\nTesto.";
        let dated = |doc: &str, text: &str| parse_article(doc, Path::new("x.txt"), text).unwrap().date;
        assert_eq!(dated("2026-02-10-meta", byline).as_deref(), Some("2026-03-03"));
        let front = format!("---\ndate: 2026-01-05\n---\n{byline}");
        assert_eq!(dated("2026-02-10-meta", &front).as_deref(), Some("2026-01-05"));
        assert_eq!(
            dated("2026-02-10-meta", " date 2026-01-06 Testo.").as_deref(),
            Some("2026-01-06")
        );
        assert_eq!(
            dated("2026-02-10-meta", "Meta firma un accordo.").as_deref(),
            Some("2026-02-10")
        );
        assert_eq!(dated("meta", "Meta firma un accordo."), None);
    }

    #[test]
    fn each_bullet_is_a_passage_of_one_paragraph_with_its_lead_in() {
        let a = parse(
            "STMicroelectronics ha chiuso il trimestre.\n\nI conti in sintesi:\n\
             - ricavi netti: 3,21 miliardi di dollari (-2,4% su base annua)\n\
             - margine lordo: 33,4%\n\nAuto ancora debole\n\nIl comparto resta debole.",
        );
        let bullets: Vec<_> = a.passages.iter().filter(|p| p.kind == PassageKind::Bullet).collect();
        assert_eq!(bullets.len(), 2);
        assert_eq!(
            bullets[0].text,
            "ricavi netti: 3,21 miliardi di dollari (-2,4% su base annua)"
        );
        assert_eq!(bullets[1].text, "margine lordo: 33,4%");
        assert_eq!(
            (bullets[0].paragraph, bullets[0].sentence, bullets[1].sentence),
            (2, 1, 2)
        );
        assert_eq!(bullets[1].lead_in.as_deref(), Some("I conti in sintesi:"));
        let last = a.passages.last().unwrap();
        assert_eq!((last.paragraph, last.lead_in.as_deref()), (3, None));
    }

    #[test]
    fn a_list_set_apart_by_blank_lines_is_one_paragraph_and_keeps_its_lead_in() {
        let a = parse(
            "Constellation said the agreement would:\n\n* keep 1,100 jobs;\n\n1. add 30 MW.\n\n• bring $13.5 million.",
        );
        let bullets: Vec<_> = a.passages.iter().filter(|p| p.kind == PassageKind::Bullet).collect();
        assert_eq!(bullets.len(), 3);
        assert!(bullets.iter().all(|b| b.paragraph == 2));
        assert!(
            bullets
                .iter()
                .all(|b| b.lead_in.as_deref() == Some("Constellation said the agreement would:"))
        );
        assert_eq!(bullets[2].text, "bring $13.5 million.");
    }

    #[test]
    fn an_indented_line_continues_its_bullet() {
        let a = parse("Le cifre:\n- ricavi in crescita\n  del 4%\n- utile stabile");
        let texts: Vec<_> = a.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Le cifre:", "ricavi in crescita del 4%", "utile stabile"]);
    }

    #[test]
    fn passages_saved_before_kinds_existed_still_read_as_body() {
        let old = r#"{"doc":"a","title":null,"date":null,"paragraph":1,"sentence":0,"section":null,"text":"Testo.","translation":null}"#;
        let p: Passage = serde_json::from_str(old).unwrap();
        assert_eq!((p.kind, p.author, p.lead_in), (PassageKind::Body, None, None));
    }

    #[test]
    fn a_translation_pairs_the_headline_the_byline_and_each_bullet() {
        let original = "Intel sale al 15% nella fonderia\ndi Giulia Moretti — Milano, 21 gennaio 2026\n\n\
                        MILANO — Il governo sale. Paga 4,5 miliardi.\n\nLe cifre:\n- quota: 15%\n- esborso: 4,5 miliardi";
        let translation = "Intel rises to 15% in the foundry\nBy Giulia Moretti — Milan, January 21, 2026\n\n\
                           MILAN — The government rises. It pays 4.5 billion.\n\nThe figures:\n- stake: 15%\n- outlay: 4.5 billion";
        let mut a = parse(original);
        align(&mut a, Path::new("a.en.txt"), original, translation).unwrap();
        let t: Vec<_> = a.passages.iter().map(|p| p.translation.as_deref().unwrap()).collect();
        assert_eq!(
            t,
            [
                "Intel rises to 15% in the foundry",
                "By Giulia Moretti — Milan, January 21, 2026",
                "The government rises.",
                "It pays 4.5 billion.",
                "The figures:",
                "stake: 15%",
                "outlay: 4.5 billion"
            ]
        );
    }
}
