//! Adding an article to the story: a link or a file in, `seeds/NAME.txt` out.
//! The command line (`dealbot add`, `dealbot remove`) and the Discord front
//! (`/add`, `/remove`) are thin callers of this module.
//!
//! ```text
//! URL ──fetch (guard)──▶ Page ──decode, extract──▶ Draft ──preview──▶ moderator
//! file ──decode (extract if HTML)──────────────────▶ Draft ──store──▶ seeds/NAME.txt
//! ```
//!
//! [`fetch`] gets a page safely ([`guard`] refuses private and local
//! addresses), [`crate::decode`] turns its bytes into text, [`extract`] keeps
//! the article's paragraphs and metadata, [`Draft`] is the seed file to be,
//! read back through the corpus exactly as the index will read it, [`preview`]
//! shows it, and [`store`] writes or removes it. Whatever goes wrong is a
//! [`Refusal`], one sentence for the moderator. The index is not this
//! module's: the caller reindexes after [`store::save`] and [`store::remove`].

pub mod extract;
pub mod fetch;
pub mod guard;
pub mod preview;
pub mod store;

use std::fmt::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::engine::Lang;
use crate::engine::corpus::{Article, PassageKind, parse_article};
use crate::engine::text::fold;

pub use self::fetch::{Fetcher, Page};
pub use self::preview::Preview;

/// Why an article was not added, as one sentence a moderator can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("“{0}” is not a link or a file dealbot can read.")]
    BadUrl(String),
    #[error("Only http and https links can be added, not {0}: links.")]
    Scheme(String),
    #[error("{host} is a {kind} address ({address}), which dealbot does not fetch unless ingest.allow_hosts lists it.")]
    Blocked {
        host: String,
        address: IpAddr,
        kind: &'static str,
    },
    #[error("The name {0} could not be resolved to an address.")]
    Unresolved(String),
    #[error("The site could not be reached ({0}).")]
    Unreachable(String),
    #[error("The site did not send the page within {0} seconds.")]
    Timeout(u64),
    #[error("The link redirects more than {0} times; give the article's own address.")]
    TooManyRedirects(usize),
    #[error("The site answered {0}, not the page.")]
    Status(String),
    #[error("The link gives {0}, not a web page or text; only HTML and plain text can be added.")]
    NotText(String),
    #[error("The page is larger than {0} bytes, the most dealbot reads (ingest.max_bytes).")]
    TooLarge(u64),
    #[error("Only .txt, .md and .html files can be added, not {0}.")]
    FileType(String),
    #[error(
        "The page has only {words} words of article text in {paragraphs} paragraph(s), too little for an article (a paywall or a cookie wall?); dealbot needs {MIN_WORDS} words in {MIN_PARAGRAPHS} paragraphs."
    )]
    TooLittleText { words: usize, paragraphs: usize },
    #[error("This article is already in the story, as {0}.")]
    Duplicate(String),
    #[error("No article named {0} is in the seeds folder.")]
    UnknownArticle(String),
    #[error("The article could not be saved ({0}).")]
    Storage(String),
    #[error("The file could not be read ({0}).")]
    ReadFile(String),
    #[error("Something went wrong inside dealbot ({0}); the details are in its log.")]
    Internal(String),
}

impl Refusal {
    /// The sentence in `lang`: a moderator whose Discord speaks Italian reads it in Italian.
    pub fn in_lang(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Refusal::BadUrl(s) => format!("«{s}» non è un link né un file che dealbot sappia leggere."),
            Refusal::Scheme(s) => format!("Si possono aggiungere solo link http e https, non link {s}:."),
            Refusal::Blocked { host, address, kind } => format!(
                "{host} è un indirizzo {} ({address}), che dealbot non legge se ingest.allow_hosts non lo elenca.",
                kind_in_italian(kind)
            ),
            Refusal::Unresolved(s) => format!("Il nome {s} non corrisponde a nessun indirizzo."),
            Refusal::Unreachable(s) => format!("Il sito non è raggiungibile ({s})."),
            Refusal::Timeout(n) => format!("Il sito non ha inviato la pagina entro {n} secondi."),
            Refusal::TooManyRedirects(n) => {
                format!("Il link rimanda altrove più di {n} volte: usa l'indirizzo dell'articolo stesso.")
            }
            Refusal::Status(s) => format!("Il sito ha risposto {s}, non con la pagina."),
            Refusal::NotText(s) => format!(
                "Il link dà {s}, non una pagina web o un testo: si possono aggiungere solo HTML e testo semplice."
            ),
            Refusal::TooLarge(n) => {
                format!("La pagina supera i {n} byte, il massimo che dealbot legge (ingest.max_bytes).")
            }
            Refusal::FileType(s) => format!("Si possono aggiungere solo file .txt, .md e .html, non {s}."),
            Refusal::TooLittleText { words, paragraphs } => format!(
                "La pagina ha solo {words} parole di testo in {paragraphs} paragrafi, troppo poco per un articolo \
                 (un paywall o un avviso sui cookie?): a dealbot servono {MIN_WORDS} parole in {MIN_PARAGRAPHS} paragrafi."
            ),
            Refusal::Duplicate(s) => format!("Questo articolo è già nella storia, come {s}."),
            Refusal::UnknownArticle(s) => format!("Nella cartella dei seed non c'è nessun articolo di nome {s}."),
            Refusal::Storage(s) => format!("Non è stato possibile salvare l'articolo ({s})."),
            Refusal::ReadFile(s) => format!("Non è stato possibile leggere il file ({s})."),
            Refusal::Internal(s) => {
                format!("Qualcosa non ha funzionato dentro dealbot ({s}); i dettagli sono nel suo log.")
            }
        }
    }
}

/// The kind of address [`guard::not_public`] names, in Italian.
fn kind_in_italian(kind: &str) -> &str {
    match kind {
        "cloud metadata" => "di metadati cloud",
        "unspecified" => "non specificato",
        "loopback" => "di loopback",
        "private" => "privato",
        "shared (carrier-grade NAT)" => "condiviso (NAT dell'operatore)",
        "reserved" => "riservato",
        other => other,
    }
}

/// The fewest words of article text a page must have: a real news item, even
/// a brief, runs past 100 words, while a paywall stub (a standfirst and
/// "subscribe to read on") or a cookie wall stays around 30–70. A general
/// threshold, not one page's: no question can be answered from less.
pub const MIN_WORDS: usize = 80;

/// The fewest paragraphs: one block of text is a teaser or a notice, not an
/// article.
pub const MIN_PARAGRAPHS: usize = 2;

/// The metadata a seed file carries in front matter, in the syntax the corpus
/// reads (`key: value` lines between `---` lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The site or publication.
    pub source: Option<String>,
    /// The article's canonical URL: what recognizes it when it is added again.
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub lang: Option<Lang>,
    pub author: Option<String>,
}

impl FrontMatter {
    fn is_empty(&self) -> bool {
        *self == FrontMatter::default()
    }

    /// The `---` block, or nothing when there is no field to write.
    fn text(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = String::from("---\n");
        let fields = [
            ("title", self.title.as_deref()),
            ("source", self.source.as_deref()),
            ("url", self.url.as_deref()),
            ("date", self.date.as_deref()),
            ("lang", self.lang.map(Lang::code)),
            ("author", self.author.as_deref()),
        ];
        for (key, value) in fields {
            // One line per field: a newline in a title would end the field early.
            if let Some(value) = value.map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                && !value.is_empty()
            {
                let _ = writeln!(out, "{key}: {value}");
            }
        }
        out.push_str("---\n");
        out
    }
}

/// An article about to be added: the seed file's text, its name, and the
/// article as the corpus reads that text (what the index will hold).
#[derive(Debug, Clone)]
pub struct Draft {
    name: String,
    text: String,
    article: Article,
}

impl Draft {
    /// A draft of `body` (paragraphs separated by blank lines) under `front`,
    /// refused when it has too little article text.
    pub fn new(front: &FrontMatter, body: &str) -> Result<Draft, Refusal> {
        let text = format!("{}{}\n", front.text(), body.trim());
        let parsed = parse_article("draft", Path::new("draft.txt"), &text).ok();
        let (words, paragraphs) = parsed.as_ref().map_or((0, 0), article_size);
        let Some(mut article) = parsed.filter(|_| words >= MIN_WORDS && paragraphs >= MIN_PARAGRAPHS) else {
            return Err(Refusal::TooLittleText { words, paragraphs });
        };
        let name = name_of(article.date.as_deref(), article.title.as_deref().unwrap_or("article"));
        article.doc.clone_from(&name);
        for p in &mut article.passages {
            p.doc.clone_from(&name);
        }
        Ok(Draft { name, text, article })
    }

    /// A draft of a fetched page: HTML is extracted, plain text taken as it is.
    pub fn from_page(page: &Page) -> Result<Draft, Refusal> {
        if page.is_html() {
            let html = crate::decode::html(&page.body, page.charset());
            let extracted = extract::html(&html, Some(&page.url));
            Draft::new(&extracted.front, &extracted.body)
        } else {
            let text = crate::decode::text(&page.body, page.charset());
            Draft::from_text(&text, Some(page.url.as_str()))
        }
    }

    /// A draft of an uploaded file: `.html`/`.htm` is extracted, `.txt` and
    /// `.md` taken as they are (with their front matter, if any).
    pub fn from_file(file_name: &str, bytes: &[u8]) -> Result<Draft, Refusal> {
        let extension = Path::new(file_name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("html" | "htm" | "xhtml") => {
                let extracted = extract::html(&crate::decode::html(bytes, None), None);
                Draft::new(&extracted.front, &extracted.body)
            }
            Some("txt") => Draft::from_text(&crate::decode::text(bytes, None), None),
            Some("md" | "markdown") => Draft::from_text(&extract::markdown(&crate::decode::text(bytes, None)), None),
            _ => Err(Refusal::FileType(file_name.to_owned())),
        }
    }

    /// Plain text as it is; front matter is added (the language, the URL it
    /// came from) only when the text has none of its own.
    fn from_text(text: &str, url: Option<&str>) -> Result<Draft, Refusal> {
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.starts_with("---\n") {
            return Draft::new(&FrontMatter::default(), text);
        }
        let lang = parse_article("draft", Path::new("draft.txt"), text)
            .ok()
            .map(|a| a.lang);
        let front = FrontMatter {
            url: url.map(str::to_owned),
            lang,
            ..FrontMatter::default()
        };
        Draft::new(&front, text)
    }

    /// The seed file's name without `.txt`: `YYYY-MM-DD-slug-of-the-title`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The seed file's text, front matter included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The article as the corpus reads the seed file.
    pub fn article(&self) -> &Article {
        &self.article
    }

    /// What the moderator sees before confirming.
    pub fn preview(&self) -> Preview {
        Preview::of(self)
    }
}

/// Words of article text (body sentences and list items) and paragraphs.
fn article_size(article: &Article) -> (usize, usize) {
    let body = article
        .passages
        .iter()
        .filter(|p| matches!(p.kind, PassageKind::Body | PassageKind::Bullet));
    let words = body.clone().map(|p| p.text.split_whitespace().count()).sum();
    let mut paragraphs: Vec<u32> = body.map(|p| p.paragraph).collect();
    paragraphs.dedup();
    (words, paragraphs.len())
}

/// The longest slug of a title in a file name, cut at a word.
const MAX_SLUG_CHARS: usize = 60;

/// `2026-03-03-openai-raises-40-billion`: the date, then the title's words
/// folded to ASCII letters and digits.
pub fn name_of(date: Option<&str>, title: &str) -> String {
    let mut slug = String::new();
    for word in fold(title).split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if slug.len() + word.len() + 1 > MAX_SLUG_CHARS {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        slug.push_str("article");
    }
    match date {
        Some(date) => format!("{date}-{slug}"),
        None => slug,
    }
}

/// What `dealbot add` was given: a link or a file.
pub enum Input {
    Url(String),
    File(PathBuf),
}

impl Input {
    /// A link when it has a scheme (`https://…`, also one that will be
    /// refused, like `ftp://…`), else a file path.
    pub fn parse(arg: &str) -> Input {
        if arg.contains("://") {
            Input::Url(arg.to_owned())
        } else {
            Input::File(PathBuf::from(arg))
        }
    }
}

/// Reads `input` into a draft: fetches a link with `fetcher`, reads a file.
/// The Discord front calls this, then [`Draft::preview`] and
/// [`store::check_new`]; on Confirm, [`store::save`] (blocking file work: call
/// it from `spawn_blocking`) and a reindex.
pub async fn draft(input: &Input, fetcher: &Fetcher) -> Result<Draft, Refusal> {
    match input {
        Input::Url(url) => {
            let page = fetcher.fetch(url).await?;
            blocking(move || Draft::from_page(&page)).await
        }
        Input::File(path) => {
            let bytes = tokio::fs::read(path)
                .await
                .map_err(|e| Refusal::ReadFile(format!("{}: {e}", path.display())))?;
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            blocking(move || Draft::from_file(&name, &bytes)).await
        }
    }
}

/// Parsing a page and reading it through the corpus is CPU work (milliseconds,
/// more for a large page): off the async workers, as the engine's calls are.
async fn blocking(work: impl FnOnce() -> Result<Draft, Refusal> + Send + 'static) -> Result<Draft, Refusal> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(Refusal::Internal(format!("reading the page failed: {e}"))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_refusal_is_one_sentence_in_either_language() {
        use super::{Lang, Refusal};
        let refusals = [
            Refusal::TooLarge(5),
            Refusal::Duplicate("a.txt".into()),
            Refusal::Blocked {
                host: "x.example".into(),
                address: "10.0.0.1".parse().unwrap(),
                kind: "private",
            },
            Refusal::TooLittleText {
                words: 30,
                paragraphs: 1,
            },
        ];
        for refusal in refusals {
            assert_eq!(refusal.in_lang(Lang::En), refusal.to_string());
            let it = refusal.in_lang(Lang::It);
            assert_ne!(it, refusal.to_string());
            assert!(it.ends_with('.') && !it.contains('\n'), "{it}");
        }
        let blocked = Refusal::Blocked {
            host: "x.example".into(),
            address: "10.0.0.1".parse().unwrap(),
            kind: "private",
        };
        assert!(blocked.in_lang(Lang::It).contains("indirizzo privato"));
    }

    use super::*;

    #[test]
    fn a_name_is_the_date_and_the_folded_title() {
        assert_eq!(
            name_of(Some("2026-03-03"), "OpenAI raises $40 billion"),
            "2026-03-03-openai-raises-40-billion"
        );
        assert_eq!(
            name_of(None, "Perché l’accordo è saltato?"),
            "perche-l-accordo-e-saltato"
        );
        assert_eq!(name_of(None, "“”"), "article");
        assert!(name_of(None, &"parola ".repeat(40)).len() <= MAX_SLUG_CHARS);
    }

    #[test]
    fn front_matter_is_written_as_the_corpus_reads_it() {
        let front = FrontMatter {
            title: Some("Il titolo\nsu due righe".into()),
            url: Some("https://example.org/a".into()),
            date: Some("2026-03-03".into()),
            lang: Some(Lang::It),
            ..FrontMatter::default()
        };
        let body = "Primo paragrafo con parole. ".repeat(12) + "\n\n" + &"Secondo paragrafo. ".repeat(20);
        let draft = Draft::new(&front, &body).unwrap();
        assert!(
            draft
                .text()
                .starts_with("---\ntitle: Il titolo su due righe\nurl: https://example.org/a\n")
        );
        let a = draft.article();
        assert_eq!(a.title.as_deref(), Some("Il titolo su due righe"));
        assert_eq!((a.date.as_deref(), a.lang), (Some("2026-03-03"), Lang::It));
        assert_eq!(draft.name(), "2026-03-03-il-titolo-su-due-righe");
        assert_eq!(a.passages[0].doc, draft.name());
    }

    #[test]
    fn too_little_text_is_refused_with_its_size() {
        let err = Draft::new(&FrontMatter::default(), "Abbonati per leggere. Solo poche parole qui.").unwrap_err();
        assert_eq!(
            err,
            Refusal::TooLittleText {
                words: 7,
                paragraphs: 1
            }
        );
        assert!(err.to_string().contains("paywall"), "{err}");
    }

    #[test]
    fn a_text_file_keeps_its_headline_and_gains_its_language() {
        let text = "Amazon e OpenAI trattano un accordo da dieci miliardi\n\n".to_owned()
            + &"Le due società stanno discutendo un accordo. ".repeat(10)
            + "\n\n"
            + &"L’intesa prevede anche i chip di Amazon. ".repeat(5);
        let draft = Draft::from_file("nota.txt", text.as_bytes()).unwrap();
        assert!(draft.text().starts_with("---\nlang: it\n---\nAmazon e OpenAI"));
        assert_eq!(
            draft.article().title.as_deref(),
            Some("Amazon e OpenAI trattano un accordo da dieci miliardi")
        );
        assert!(matches!(
            Draft::from_file("a.pdf", b"%PDF-1.7"),
            Err(Refusal::FileType(_))
        ));
    }
}
