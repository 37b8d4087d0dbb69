//! Adding articles from the web and from files, as a moderator does: pages
//! built the way news sites build them, served from 127.0.0.1 inside the
//! test, fetched by the library and by `dealbot add`. Private and metadata
//! addresses are tested through a resolver that answers them, never by
//! connecting: nothing here leaves 127.0.0.0/8.

#[path = "support/cli.rs"]
#[allow(
    dead_code,
    reason = "the shared config() points at the repository's seeds; these tests need their own"
)]
mod cli;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use dealbot::config::IngestConfig;
use dealbot::ingest::{Draft, Fetcher, Refusal, store};
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

const ITALIAN: &[u8] = include_bytes!("pages/valdora-solvento.html");
const ENGLISH: &[u8] = include_bytes!("pages/northwind-keldar.html");
const PAYWALL: &[u8] = include_bytes!("pages/paywall.html");
const MARKDOWN: &[u8] = include_bytes!("pages/brevik-orrin.md");
const WINDOWS_1252: &[u8] = include_bytes!("pages/lumetra-ardenza.windows-1252.html");

/// The body `/big` streams: ten times the configured cap.
const BIG_BYTES: usize = 50_000_000;
const CHUNK: usize = 64 * 1024;

/// A news site on 127.0.0.1, and a second server on 127.0.0.2 that no fetch
/// may reach. Each counts the requests it got, by path.
struct Site {
    addr: SocketAddr,
    forbidden: SocketAddr,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    forbidden_hits: Arc<AtomicUsize>,
    /// Bytes of `/big` handed to the connection.
    big_sent: Arc<AtomicUsize>,
}

impl Site {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// The site, started once per test binary on a runtime of its own (the CLI
/// tests are synchronous and run the binary while it serves).
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let forbidden = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
                let site = Site {
                    addr: main.local_addr().unwrap(),
                    forbidden: forbidden.local_addr().unwrap(),
                    hits: Arc::default(),
                    forbidden_hits: Arc::default(),
                    big_sent: Arc::default(),
                };
                let forbidden_hits = Arc::clone(&site.forbidden_hits);
                tokio::spawn(async move {
                    while let Ok((_stream, _)) = forbidden.accept().await {
                        forbidden_hits.fetch_add(1, Ordering::SeqCst);
                    }
                });
                let (hits, big_sent, forbidden_addr) =
                    (Arc::clone(&site.hits), Arc::clone(&site.big_sent), site.forbidden);
                tx.send(site).unwrap();
                loop {
                    let Ok((stream, _)) = main.accept().await else { continue };
                    let (hits, big_sent) = (Arc::clone(&hits), Arc::clone(&big_sent));
                    tokio::spawn(async move {
                        let service = service_fn(move |req| {
                            std::future::ready(Ok::<_, Infallible>(serve(&req, &hits, &big_sent, forbidden_addr)))
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        rx.recv().unwrap()
    })
}

type Response = hyper::Response<BoxBody<Bytes, Infallible>>;

fn page(content_type: &str, body: &'static [u8]) -> Response {
    hyper::Response::builder()
        .header("content-type", content_type)
        .body(Full::new(Bytes::from_static(body)).boxed())
        .unwrap()
}

fn redirect(to: &str) -> Response {
    hyper::Response::builder()
        .status(302)
        .header("location", to)
        .body(Full::new(Bytes::new()).boxed())
        .unwrap()
}

fn serve(
    req: &hyper::Request<Incoming>,
    hits: &Mutex<HashMap<String, usize>>,
    big_sent: &Arc<AtomicUsize>,
    forbidden: SocketAddr,
) -> Response {
    let path = req.uri().path().to_owned();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    match path.as_str() {
        "/it" => page("text/html; charset=utf-8", ITALIAN),
        "/en" => page("text/html; charset=UTF-8", ENGLISH),
        "/paywall" => page("text/html", PAYWALL),
        // Declared only in the page's own <meta>.
        "/cp1252" => page("text/html", WINDOWS_1252),
        // An upload as a CDN may send it: the type says nothing, the name does.
        "/notes.md" => page("application/octet-stream", MARKDOWN),
        "/renamed.txt" => page("application/octet-stream", b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n"),
        "/report.pdf" => page(
            "application/pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        ),
        // Headers, then a body that never comes.
        "/stall" => hyper::Response::builder()
            .header("content-type", "text/html")
            .body(BodyExt::boxed(StreamBody::new(futures_util::stream::pending::<
                Result<Frame<Bytes>, Infallible>,
            >())))
            .unwrap(),
        "/to-loopback" => redirect(&format!("http://127.0.0.2:{}/it", forbidden.port())),
        "/to-localhost" => redirect(&format!("http://localhost:{}/localhost-probe", forbidden.port())),
        "/big" => {
            // Streamed without a length, as a generated page is: only reading stops it.
            let chunk = Bytes::from(vec![b' '; CHUNK]);
            let big_sent = Arc::clone(big_sent);
            let stream = futures_util::stream::unfold(0usize, move |sent| {
                let chunk = chunk.clone();
                let big_sent = Arc::clone(&big_sent);
                async move {
                    (sent < BIG_BYTES).then(|| {
                        big_sent.fetch_add(CHUNK, Ordering::SeqCst);
                        (Ok::<_, Infallible>(Frame::data(chunk)), sent + CHUNK)
                    })
                }
            });
            hyper::Response::builder()
                .header("content-type", "text/html")
                .body(BodyExt::boxed(StreamBody::new(stream)))
                .unwrap()
        }
        hop if hop.starts_with("/hop/") => {
            let left: usize = hop["/hop/".len()..].parse().unwrap();
            if left == 0 {
                page("text/html; charset=utf-8", ENGLISH)
            } else {
                redirect(&format!("/hop/{}", left - 1))
            }
        }
        _ => hyper::Response::builder()
            .status(404)
            .body(Full::new(Bytes::from_static(b"not found")).boxed())
            .unwrap(),
    }
}

/// The configuration the tests fetch with: 127.0.0.1 allowed, a 5 MB cap.
fn ingest_config() -> IngestConfig {
    IngestConfig {
        allow_hosts: vec!["127.0.0.1".to_owned()],
        max_bytes: 5_000_000,
        timeout_seconds: 30,
    }
}

async fn fetch_draft(path: &str) -> Result<Draft, Refusal> {
    let fetcher = Fetcher::new(&ingest_config()).unwrap();
    Draft::from_page(&fetcher.fetch(&site().url(path)).await?)
}

/// The page's strings that are not the article: none may reach the seed file.
const ITALIAN_BOILERPLATE: [&str; 16] = [
    "Questo sito utilizza cookie",
    "Accetta tutti",
    "Finanza e Mercati",
    "Home",
    "Condividi su Facebook",
    "Copia link",
    "Pubblicità",
    "foto archivio",
    "iscriviti alla nostra newsletter",
    "Leggi anche",
    "il governo stanzia nuovi incentivi",
    "Commenti dei lettori",
    "Gianni58",
    "speriamo che le assunzioni arrivino",
    "Tutti i diritti riservati",
    "gtag",
];

const ENGLISH_BOILERPLATE: [&str; 14] = [
    "We use cookies",
    "Allow cookies",
    "Subscribe",
    "Share this",
    "Share on LinkedIn",
    "Related",
    "Keldar launches the K3 accelerator at CES",
    "thoughts on",
    "hwguy42",
    "Four years is a long time in accelerators",
    "Leave a Reply",
    "Recent Posts",
    "Memory prices climb",
    "All rights reserved",
];

/// The body of a seed file, after its front matter.
fn body(draft: &Draft) -> &str {
    let text = draft.text();
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    &text[end..]
}

#[tokio::test]
async fn an_italian_news_page_gives_its_paragraphs_title_date_and_language_and_none_of_the_page() {
    let draft = fetch_draft("/it").await.unwrap();
    let body = body(&draft);
    for paragraph in [
        "Valdora Energia ha firmato un accordo per acquistare il 30% di Solvento",
        "Secondo quanto riferito dall'amministratore delegato Marco Ferrante",
        "Valdora pagherà 1,6 miliardi in contanti alla firma",
        "I punti principali dell'intesa:\n\n- quota acquistata: 30% del capitale\n- prezzo: 2,4 miliardi di euro",
        "L'operazione dovrà ricevere il via libera dell'Antitrust europeo",
        "In Borsa il titolo Valdora ha chiuso in rialzo del 3,2%",
    ] {
        assert!(body.contains(paragraph), "missing {paragraph:?} in\n{body}");
    }
    assert!(
        body.contains("\n\nLe condizioni dell'accordo\n\n"),
        "the heading is a line of its own"
    );
    for boilerplate in ITALIAN_BOILERPLATE {
        assert!(!body.contains(boilerplate), "{boilerplate:?} in\n{body}");
    }
    let a = draft.article();
    assert_eq!(
        a.title.as_deref(),
        Some("Valdora Energia compra il 30% di Solvento per 2,4 miliardi")
    );
    assert_eq!(
        a.date.as_deref(),
        Some("2026-03-04"),
        "the JSON-LD date, as the newsroom wrote it"
    );
    assert_eq!(a.lang.code(), "it");
    assert_eq!(a.source.as_deref(), Some("Il Corriere dei Mercati"));
    assert_eq!(a.author.as_deref(), Some("Chiara Benedetti"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.corrieredeimercati.example/economia/2026/03/04/valdora-solvento-accordo")
    );
    assert_eq!(
        draft.name(),
        "2026-03-04-valdora-energia-compra-il-30-di-solvento-per-2-4-miliardi"
    );
    let bullets: Vec<&str> = a
        .passages
        .iter()
        .filter(|p| p.kind == dealbot::engine::corpus::PassageKind::Bullet)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(bullets.len(), 3, "each list item is a passage: {bullets:?}");
}

#[tokio::test]
async fn an_english_news_page_gives_its_paragraphs_and_its_metadata() {
    let draft = fetch_draft("/en").await.unwrap();
    let body = body(&draft);
    for paragraph in [
        "Northwind Cloud has agreed to buy $6 billion worth of AI accelerators from Keldar Semiconductors",
        "Under the agreement, Keldar will deliver its K3 accelerators",
        "\"We needed a second source of compute that we could count on through 2030,\"",
        "Keldar has struggled to win customers beyond its home market.",
        "Analysts at Crestline Research said the deal was worth roughly 2.5 times",
    ] {
        assert!(body.contains(paragraph), "missing {paragraph:?} in\n{body}");
    }
    for boilerplate in ENGLISH_BOILERPLATE {
        assert!(!body.contains(boilerplate), "{boilerplate:?} in\n{body}");
    }
    let a = draft.article();
    assert_eq!(
        a.title.as_deref(),
        Some("Northwind Cloud signs $6 billion chip deal with Keldar")
    );
    assert_eq!(a.date.as_deref(), Some("2026-02-18"));
    assert_eq!(a.lang.code(), "en");
    assert_eq!(a.place.as_deref(), Some("SEATTLE"), "the dateline is read off the lead");
    assert!(draft.text().contains("\nlang: en\n"), "front matter says the language");
    let preview = draft.preview();
    let summary = &preview.summary;
    assert_eq!(summary.doc, draft.name());
    assert!(
        summary.opening[0].starts_with("Northwind Cloud has agreed"),
        "{:?}",
        summary.opening
    );
    assert!(
        summary.figures.iter().any(|f| f.value == "$6 billion"),
        "{:?}",
        summary.figures
    );
    let text = preview.render();
    assert!(
        text.contains("date     2026-02-18") && text.contains("The Ledger Tech"),
        "{text}"
    );
}

#[tokio::test]
async fn a_windows_1252_page_is_decoded_by_its_meta_charset() {
    let draft = fetch_draft("/cp1252").await.unwrap();
    let a = draft.article();
    assert_eq!(
        a.title.as_deref(),
        Some("Perché Lumetra rinuncia all’offerta su Ardenza")
    );
    assert_eq!(a.date.as_deref(), Some("2026-01-27"));
    assert_eq!(a.lang.code(), "it");
    let body = body(&draft);
    assert!(
        body.contains("giudicata “troppo bassa”. La decisione è arrivata ieri"),
        "{body}"
    );
    assert!(!body.contains('\u{fffd}'), "no replacement characters: {body}");
    assert!(!body.contains("Prima pagina") && !body.contains("Beppe"), "{body}");
}

#[tokio::test]
async fn five_redirects_are_followed_and_a_sixth_is_refused() {
    let draft = fetch_draft("/hop/5").await.unwrap();
    assert_eq!(draft.article().date.as_deref(), Some("2026-02-18"));
    let before = site().hits("/hop/0");
    let err = fetch_draft("/hop/6").await.unwrap_err();
    assert_eq!(err, Refusal::TooManyRedirects(5));
    assert!(err.to_string().contains("redirects more than 5 times"), "{err}");
    assert_eq!(site().hits("/hop/0"), before, "the sixth hop is not requested");
}

#[tokio::test]
async fn a_redirect_to_a_loopback_address_that_is_not_allowed_is_refused_before_any_request() {
    let err = fetch_draft("/to-loopback").await.unwrap_err();
    assert!(
        matches!(&err, Refusal::Blocked { host, kind: "loopback", .. } if host == "127.0.0.2"),
        "{err:?}"
    );
    assert!(err.to_string().contains("127.0.0.2"), "{err}");
    let err = fetch_draft("/to-localhost").await.unwrap_err();
    assert!(
        matches!(&err, Refusal::Blocked { host, .. } if host == "localhost"),
        "{err:?}"
    );
    assert_eq!(
        site().forbidden_hits.load(Ordering::SeqCst),
        0,
        "127.0.0.2 was never connected to"
    );
}

#[tokio::test]
async fn localhost_and_127_0_0_2_are_refused_before_any_request() {
    let fetcher = Fetcher::new(&ingest_config()).unwrap();
    let port = site().addr.port();
    let err = fetcher
        .fetch(&format!("http://localhost:{port}/localhost-probe"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Refusal::Blocked { host, kind: "loopback", .. } if host == "localhost"),
        "{err:?}"
    );
    assert!(err.to_string().contains("ingest.allow_hosts"), "{err}");
    assert_eq!(
        site().hits("/localhost-probe"),
        0,
        "localhost resolves to the site, which got nothing"
    );
    let forbidden = site().forbidden.port();
    let err = fetcher
        .fetch(&format!("http://127.0.0.2:{forbidden}/it"))
        .await
        .unwrap_err();
    assert!(matches!(err, Refusal::Blocked { kind: "loopback", .. }), "{err:?}");
    let err = fetcher
        .fetch(&format!("http://[::ffff:127.0.0.2]:{forbidden}/it"))
        .await
        .unwrap_err();
    assert!(matches!(err, Refusal::Blocked { .. }), "{err:?}");
    assert_eq!(site().forbidden_hits.load(Ordering::SeqCst), 0);
}

/// A resolver that answers every name with one address, and counts the calls.
struct FakeResolver {
    answer: IpAddr,
    calls: AtomicUsize,
}

impl Resolve for FakeResolver {
    fn resolve(&self, _name: Name) -> Resolving {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let addrs: Addrs = Box::new(std::iter::once(SocketAddr::new(self.answer, site().addr.port())));
        Box::pin(async move { Ok(addrs) })
    }
}

async fn fetch_resolved(answer: &str, allow: &[&str]) -> (Result<usize, Refusal>, usize) {
    let resolver = Arc::new(FakeResolver {
        answer: answer.parse().unwrap(),
        calls: AtomicUsize::new(0),
    });
    let mut config = ingest_config();
    config.allow_hosts.extend(allow.iter().map(|h| (*h).to_owned()));
    let fetcher = Fetcher::with_resolver(&config, Arc::clone(&resolver) as Arc<dyn Resolve>).unwrap();
    let result = fetcher.fetch("http://news.example/en").await.map(|p| p.body.len());
    (result, resolver.calls.load(Ordering::SeqCst))
}

#[tokio::test]
async fn names_resolving_to_private_link_local_or_metadata_addresses_are_refused_without_connecting() {
    for (answer, kind) in [
        ("10.0.0.1", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("127.0.0.2", "loopback"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
    ] {
        let (result, calls) = fetch_resolved(answer, &[]).await;
        let err = result.unwrap_err();
        assert_eq!(calls, 1, "the name went through the resolver");
        assert_eq!(
            err,
            Refusal::Blocked {
                host: "news.example".into(),
                address: answer.parse().unwrap(),
                kind
            },
            "{answer}"
        );
        assert!(err.to_string().starts_with("news.example is a "), "{err}");
    }
    // The same resolver, the host allowed: the fetch goes through, so the
    // refusals above came from the check and not from a failed connection.
    let (result, _) = fetch_resolved("127.0.0.1", &["news.example"]).await;
    assert_eq!(result.unwrap(), ENGLISH.len());
}

#[tokio::test]
async fn a_pdf_a_50_mb_body_a_paywall_and_other_schemes_are_refused_with_a_clear_sentence() {
    let err = fetch_draft("/report.pdf").await.unwrap_err();
    assert_eq!(err, Refusal::NotText("application/pdf".into()));
    assert!(err.to_string().contains("only HTML and plain text"), "{err}");

    let err = fetch_draft("/big").await.unwrap_err();
    assert_eq!(err, Refusal::TooLarge(5_000_000));
    assert!(err.to_string().contains("larger than 5000000 bytes"), "{err}");

    let err = fetch_draft("/paywall").await.unwrap_err();
    assert!(
        matches!(err, Refusal::TooLittleText { words, .. } if words < dealbot::ingest::MIN_WORDS),
        "{err:?}"
    );
    assert!(err.to_string().contains("paywall"), "{err}");

    let fetcher = Fetcher::new(&ingest_config()).unwrap();
    let err = fetcher.fetch("ftp://127.0.0.1/article.txt").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "Only http and https links can be added, not ftp: links."
    );
    for refusal in [err, Refusal::TooLarge(1), Refusal::Duplicate("a.txt".into())] {
        let text = refusal.to_string();
        assert!(text.ends_with('.') && !text.contains('\n'), "one sentence: {text}");
    }
    // Streamed, and dropped at the cap: the server handed over far less than 50 MB.
    let sent = site().big_sent.load(Ordering::SeqCst);
    assert!(sent < BIG_BYTES / 2, "{sent} bytes of {BIG_BYTES} were sent");
}

#[tokio::test]
async fn an_uploaded_file_is_read_by_its_name_not_by_the_type_it_is_sent_with() {
    let fetcher = Fetcher::new(&ingest_config()).unwrap();
    // As a page, an octet stream is refused; as the file `notes.md`, it is the article.
    assert_eq!(
        fetcher.fetch(&site().url("/notes.md")).await.unwrap_err(),
        Refusal::NotText("application/octet-stream".into())
    );
    let page = fetcher.fetch_file(&site().url("/notes.md")).await.unwrap();
    let draft = Draft::from_file("notes.md", &page.body).unwrap();
    assert!(body(&draft).contains("Orrin Labs for $2.4 billion"), "{}", draft.text());
    assert!(
        !body(&draft).contains("**"),
        "the markdown marks are gone: {}",
        draft.text()
    );
    // A file named as text must still be text.
    let err = fetcher.fetch_file(&site().url("/renamed.txt")).await.unwrap_err();
    assert!(matches!(err, Refusal::NotText(_)), "{err:?}");
}

#[tokio::test]
async fn a_page_that_stops_sending_is_refused_at_the_time_out() {
    let config = IngestConfig {
        timeout_seconds: 1,
        ..ingest_config()
    };
    let err = Fetcher::new(&config)
        .unwrap()
        .fetch(&site().url("/stall"))
        .await
        .unwrap_err();
    assert_eq!(err, Refusal::Timeout(1));
    assert_eq!(err.to_string(), "The site did not send the page within 1 seconds.");
}

#[tokio::test]
async fn questions_on_a_fetched_page_are_answered_as_on_the_same_text_dropped_in_as_a_file() {
    let questions = [
        "How much will Northwind spend on Keldar's chips?",
        "Who is Northwind's chief executive?",
        "How much did Keldar's shares rise?",
        "How big was Keldar's order book at the end of December?",
        "How much debt does Northwind need to raise?",
    ];
    let fetched = fetch_draft("/en").await.unwrap();
    let answers = |seed: (&str, &str)| {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        std::fs::write(seeds.join(seed.0), seed.1).unwrap();
        let engine = dealbot::engine::Engine::open(&seeds, &dir.path().join("index")).unwrap();
        questions
            .iter()
            .map(|q| {
                let a = engine.answer(q);
                (a.answered, a.passages.first().map(|p| p.text.clone()))
            })
            .collect::<Vec<_>>()
    };
    let from_page = answers(("fetched.txt", fetched.text()));
    let from_file = answers(("pasted.txt", include_str!("pages/northwind-keldar.txt")));
    assert_eq!(from_page, from_file);
    assert!(
        from_page.iter().filter(|(answered, _)| *answered).count() >= 4,
        "{from_page:#?}"
    );
}

/// A seeds folder of its own with the repository's articles, and a config for it.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(repo).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), seeds.join(entry.file_name())).unwrap();
    }
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "seeds_dir = \"seeds\"\nindex_dir = \"index\"\n[ingest]\nallow_hosts = [\"127.0.0.1\"]\n",
    )
    .unwrap();
    (dir, seeds, config)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_same_article_twice_is_recognized_and_named() {
    let (_dir, seeds, _) = workspace();
    let draft = fetch_draft("/en").await.unwrap();
    let written = store::save(&seeds, &draft).unwrap();
    let name = written.file_name().unwrap().to_string_lossy().into_owned();
    // Through five redirects, the same canonical URL.
    let again = fetch_draft("/hop/5").await.unwrap();
    let err = store::save(&seeds, &again).unwrap_err();
    assert_eq!(err, Refusal::Duplicate(name.clone()));
    assert!(err.to_string().contains(&name), "{err}");
    // The same text as a file, with no URL at all.
    let file = Draft::from_file("copy.html", ENGLISH).unwrap();
    let mut text_only = file.text().replace(
        "url: https://ledgertech.example/2026/02/18/northwind-keldar-chip-deal/\n",
        "",
    );
    text_only = text_only.replace("title: ", "title: Copy of ");
    let copy = Draft::from_file("copy.txt", text_only.as_bytes()).unwrap();
    assert_eq!(store::check_new(&seeds, &copy).unwrap_err(), Refusal::Duplicate(name));
}

#[test]
fn dealbot_add_dry_run_prints_the_preview_and_writes_nothing() {
    let (_dir, seeds, config) = workspace();
    let before = listing(&seeds);
    let out = cli::dealbot(&config, &["add", &site().url("/it"), "--dry-run"], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for expected in [
        "title    Valdora Energia compra il 30% di Solvento per 2,4 miliardi",
        "date     2026-03-04",
        "language it",
        "site     Il Corriere dei Mercati",
        "> Valdora Energia ha firmato un accordo",
        "Key figures:",
        "2,4 miliardi di euro",
        "dry run: nothing written",
    ] {
        assert!(stdout.contains(expected), "{expected:?} missing in\n{stdout}");
    }
    assert_eq!(listing(&seeds), before);
}

#[test]
fn dealbot_add_writes_the_seed_and_the_bot_answers_from_it_then_remove_takes_it_out() {
    let (dir, seeds, config) = workspace();
    let name = "2026-03-04-valdora-energia-compra-il-30-di-solvento-per-2-4-miliardi";
    let out = cli::dealbot(&config, &["add", &site().url("/it")], "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains(&format!("added {}", seeds.join(format!("{name}.txt")).display())),
        "{stdout}"
    );
    let seed = std::fs::read_to_string(seeds.join(format!("{name}.txt"))).unwrap();
    assert!(
        seed.starts_with("---\ntitle: Valdora Energia compra il 30% di Solvento per 2,4 miliardi\n"),
        "{seed}"
    );
    assert!(seed.contains("\ndate: 2026-03-04\nlang: it\n"), "{seed}");
    assert!(listing(&seeds).iter().all(|f| !f.starts_with('.')), "no part file left");

    let out = cli::dealbot(&config, &["ask", "Quanto paga Valdora per il 30% di Solvento?"], "");
    let answer = String::from_utf8_lossy(&out.stdout);
    assert!(answer.contains("2,4 miliardi di euro"), "{answer}");
    assert!(answer.contains("2026-03-04"), "the citation: {answer}");

    let out = cli::dealbot(&config, &["add", &site().url("/it")], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("This article is already in the story, as {name}.txt.")),
        "{stderr}"
    );

    let out = cli::dealbot(&config, &["remove", name], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!seeds.join(format!("{name}.txt")).exists());
    assert!(dir.path().join("removed").join(format!("{name}.txt")).is_file());
    let out = cli::dealbot(&config, &["ask", "Quanto paga Valdora per il 30% di Solvento?"], "");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("2,4 miliardi"),
        "removed from the index"
    );

    let out = cli::dealbot(&config, &["remove", name], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("No article named"),
        "unknown names are refused"
    );
}

#[test]
fn dealbot_add_refusals_are_one_sentence_with_a_failing_status_and_nothing_written() {
    let (_dir, seeds, config) = workspace();
    let before = listing(&seeds);
    for (path, says) in [
        ("/paywall", "too little for an article"),
        ("/report.pdf", "not a web page or text"),
        ("/to-loopback", "is a loopback address (127.0.0.2)"),
    ] {
        let out = cli::dealbot(&config, &["add", &site().url(path)], "");
        assert_eq!(out.status.code(), Some(1), "{path}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr.lines().find(|l| l.starts_with("dealbot: ")).unwrap_or_default();
        assert!(line.contains(says), "{path}: {stderr}");
        assert!(out.stdout.is_empty(), "no preview for a refused page");
    }
    assert_eq!(listing(&seeds), before, "nothing written in seeds/");
}

#[test]
fn dealbot_add_reads_a_file_in_windows_1252() {
    let (dir, seeds, config) = workspace();
    let file = dir.path().join("nota.txt");
    let mut text = b"Lumetra rinuncia all\x92offerta su Ardenza\n\n".to_vec();
    for _ in 0..6 {
        text.extend_from_slice(
            b"Lumetra ha ritirato l\x92offerta da 780 milioni di euro perch\xe9 il prezzo era giudicato basso. ",
        );
    }
    text.extend_from_slice(b"\n\nArdenza rester\xe0 indipendente e il titolo \xe8 sceso del 9%.\n");
    std::fs::write(&file, text).unwrap();
    let out = cli::dealbot(&config, &["add", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seed = std::fs::read_to_string(seeds.join("lumetra-rinuncia-all-offerta-su-ardenza.txt")).unwrap();
    assert!(
        seed.contains("Ardenza resterà indipendente e il titolo è sceso del 9%."),
        "{seed}"
    );
    assert!(
        seed.starts_with("---\nlang: it\n---\nLumetra rinuncia all’offerta su Ardenza\n"),
        "{seed}"
    );
}
