//! Fetching a page the way a careful browser would, bounded: a connect and a
//! total time-out, at most [`MAX_REDIRECTS`] redirects, a size cap enforced
//! while the body streams in, and only HTML or plain text. Every address is
//! vetted by [`super::guard`], on the first request and on each redirect hop.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::Resolve;
use reqwest::header::CONTENT_TYPE;

use super::Refusal;
use super::guard::{Guard, GuardedResolver, SystemResolver};
use crate::config::IngestConfig;

/// The most redirects followed: enough for http → https → www → the article,
/// with room to spare; more is a loop or a tracker chain.
pub const MAX_REDIRECTS: usize = 5;

/// The longest wait for a connection, within the total time-out.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The media types read: web pages and plain text. Anything else (a PDF, an
/// image, a video, JSON) is refused before its body is read.
const HTML_TYPES: [&str; 2] = ["text/html", "application/xhtml+xml"];
const TEXT_TYPES: [&str; 2] = ["text/plain", "text/markdown"];

/// A fetched page: where it ended up after redirects, its type and its bytes.
#[derive(Debug, Clone)]
pub struct Page {
    /// The final URL, after redirects.
    pub url: Url,
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Page {
    /// Whether the body is HTML (by its type, or its first bytes when it has none).
    pub fn is_html(&self) -> bool {
        if let Some(media) = self.media_type() {
            return HTML_TYPES.contains(&media.as_str());
        }
        let start = String::from_utf8_lossy(&self.body[..self.body.len().min(512)]).to_ascii_lowercase();
        start.contains("<html") || start.contains("<!doctype html")
    }

    /// The charset the header declares.
    pub fn charset(&self) -> Option<&str> {
        self.content_type.as_deref().and_then(crate::decode::charset_of)
    }

    fn media_type(&self) -> Option<String> {
        self.content_type.as_deref().map(media_type)
    }
}

/// `text/html; charset=utf-8` → `text/html`.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// What says whether a body is read: the `Content-Type` a web page is sent
/// with, or, for an uploaded file whose name already says, its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judge {
    ContentType,
    Bytes,
}

/// An HTTP client for articles: one per program, cheap to share.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    guard: Arc<Guard>,
    max_bytes: u64,
    timeout: Duration,
}

impl Fetcher {
    /// A fetcher resolving names with the system's resolver.
    pub fn new(config: &IngestConfig) -> Result<Fetcher, Refusal> {
        Fetcher::with_resolver(config, Arc::new(SystemResolver))
    }

    /// A fetcher resolving names with `resolver` (tests give one that answers
    /// private addresses); whatever it answers is vetted before any connection.
    pub fn with_resolver(config: &IngestConfig, resolver: Arc<dyn Resolve>) -> Result<Fetcher, Refusal> {
        let guard = Arc::new(Guard::new(&config.allow_hosts));
        let timeout = Duration::from_secs(config.timeout_seconds.max(1));
        let redirect_guard = Arc::clone(&guard);
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                return attempt.error(Refusal::TooManyRedirects(MAX_REDIRECTS));
            }
            match redirect_guard.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(refusal) => attempt.error(refusal),
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(concat!("dealbot/", env!("CARGO_PKG_VERSION"), " (news article reader)"))
            // A proxy would resolve names itself, out of the guard's sight.
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver::new(Arc::clone(&guard), resolver)))
            .redirect(policy)
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .build()
            .map_err(|e| Refusal::Unreachable(format!("cannot start the HTTP client: {e}")))?;
        Ok(Fetcher {
            client,
            guard,
            max_bytes: config.max_bytes,
            timeout,
        })
    }

    /// Fetches `url`: refused when the guard, the type, the size, the status
    /// or the clock says so; nothing is sent to a refused address.
    pub async fn fetch(&self, url: &str) -> Result<Page, Refusal> {
        self.fetch_as(url, Judge::ContentType).await
    }

    /// Fetches an uploaded file at `url` (Discord's CDN) as [`Fetcher::fetch`]
    /// does, except that its name, not the type the server gives it, says what
    /// it is: a `.md` may come as `application/octet-stream`. Its bytes must
    /// still be text (no PDF renamed `.txt`).
    pub async fn fetch_file(&self, url: &str) -> Result<Page, Refusal> {
        self.fetch_as(url, Judge::Bytes).await
    }

    async fn fetch_as(&self, url: &str, judge: Judge) -> Result<Page, Refusal> {
        let url = Url::parse(url.trim()).map_err(|_| Refusal::BadUrl(url.to_owned()))?;
        self.guard.check_url(&url)?;
        // reqwest's time-out covers the body too; this one is the promise.
        match tokio::time::timeout(self.timeout, self.fetch_checked(url, judge)).await {
            Ok(result) => result,
            Err(_) => Err(Refusal::Timeout(self.timeout.as_secs())),
        }
    }

    async fn fetch_checked(&self, url: Url, judge: Judge) -> Result<Page, Refusal> {
        let mut response = self.client.get(url).send().await.map_err(|e| self.refusal(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Refusal::Status(status.to_string()));
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if let Some(ct) = content_type.as_ref().filter(|_| judge == Judge::ContentType) {
            let media = media_type(ct);
            if !HTML_TYPES.contains(&media.as_str()) && !TEXT_TYPES.contains(&media.as_str()) {
                return Err(Refusal::NotText(media));
            }
        }
        if response.content_length().is_some_and(|n| n > self.max_bytes) {
            return Err(Refusal::TooLarge(self.max_bytes));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.refusal(&e))? {
            if (body.len() + chunk.len()) as u64 > self.max_bytes {
                // Dropping the response closes the connection: the rest is never read.
                return Err(Refusal::TooLarge(self.max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        if (content_type.is_none() || judge == Judge::Bytes) && !looks_like_text(&body) {
            return Err(Refusal::NotText("an unnamed binary type".to_owned()));
        }
        Ok(Page {
            url: response.url().clone(),
            content_type,
            body,
        })
    }

    /// The refusal a failed request stands for: the guard's own, found in the
    /// error's chain, else what kind of failure it was.
    fn refusal(&self, error: &reqwest::Error) -> Refusal {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = source {
            if let Some(refusal) = e.downcast_ref::<Refusal>() {
                return refusal.clone();
            }
            source = e.source();
        }
        tracing::info!(error = %format!("{error:#}"), "fetch failed");
        if error.is_timeout() {
            Refusal::Timeout(self.timeout.as_secs())
        } else if error.is_redirect() {
            Refusal::TooManyRedirects(MAX_REDIRECTS)
        } else if error.is_connect() {
            Refusal::Unreachable("the connection failed".to_owned())
        } else {
            Refusal::Unreachable("the connection broke off".to_owned())
        }
    }
}

/// Whether an untyped body is text: no NUL byte and no PDF signature in its
/// first kilobyte (binary formats have NULs early; text never does).
fn looks_like_text(body: &[u8]) -> bool {
    let start = &body[..body.len().min(1024)];
    !start.starts_with(b"%PDF") && !start.contains(&0)
}
