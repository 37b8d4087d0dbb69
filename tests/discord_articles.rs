//! Growing the story from Discord, on the wire: `/add` with its preview and
//! "Add it", the announcement in the announce channel, `/remove` with
//! autocomplete, and the refusals. The bot runs against the Discord-compatible
//! server in `support::discord`; the articles come from a small web server the
//! tests start on 127.0.0.1 (listed in `ingest.allow_hosts`). Nothing is sent
//! beyond 127.0.0.0/8.

mod support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use support::discord::{CHANNEL_ID, Discord, InteractionSpec, MessageSpec, Request, bot_message, snowflake};

const WAIT: Duration = Duration::from_secs(20);
const ANNOUNCE: u64 = 4_343_434_343;
const QUESTION: &str = "Quanto paga Valdora Energia per la quota di Solvento?";

/// Serves the pages of `tests/pages/` and a few others on 127.0.0.1 until dropped.
struct Site {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Site {
    async fn start() -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = vec![0_u8; 4096];
                    let n = stream.read(&mut request).await.unwrap_or(0);
                    let request = String::from_utf8_lossy(&request[..n]);
                    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let (kind, body) = page(&path);
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(&body).await;
                });
            }
        });
        Site { addr, task }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// What the site serves at `path`: its content type and body.
fn page(path: &str) -> (&'static str, Vec<u8>) {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    match path {
        "/economia/valdora-solvento" => (
            "text/html; charset=utf-8",
            std::fs::read(pages.join("valdora-solvento.html")).expect("page"),
        ),
        "/report.pdf" => ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec()),
        "/attachments/oracle.txt" => (
            "text/plain; charset=utf-8",
            "---\ntitle: Oracle punta 7 miliardi sui data center del Texas\ndate: 2026-03-09\n---\n\
             Oracle spenderà 7 miliardi di dollari per costruire tre nuovi data center in Texas entro il 2028, \
             ha annunciato la società. I centri ospiteranno i server affittati da OpenAI e da altri clienti \
             dell'intelligenza artificiale.\n\n\
             Il primo data center, vicino ad Abilene, aprirà nella primavera del 2027 e darà lavoro a circa \
             1.200 persone. Gli altri due seguiranno nel 2028. Secondo gli analisti, l'investimento rafforza \
             la posizione di Oracle nel mercato del cloud per l'intelligenza artificiale, dove la società \
             compete con Amazon, Microsoft e Google per i contratti dei grandi laboratori.\n"
                .as_bytes()
                .to_vec(),
        ),
        _ => ("text/html", b"<html><body>Not here.</body></html>".to_vec()),
    }
}

/// A running bot on seeds of its own. Dropping it stops the bot.
struct Bot {
    discord: Discord,
    seeds: tempfile::TempDir,
    _index: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Drop for Bot {
    fn drop(&mut self) {
        drop(self.stop.take());
        self.task.abort();
    }
}

impl Bot {
    async fn ready() -> Bot {
        let seeds = tempfile::tempdir().expect("seeds tempdir");
        support::copy_seeds(seeds.path());
        let index = tempfile::tempdir().expect("index tempdir");
        let discord = Discord::start().await;
        let mut config = support::config(&discord);
        config.seeds_dir = seeds.path().to_owned();
        config.index_dir = index.path().join("index");
        config.discord.announce_channel = Some(ANNOUNCE);
        config.ingest.allow_hosts = vec!["127.0.0.1".to_owned()];
        let (stop, task) = support::spawn_bot(config, None).await;
        support::wait_ready(&discord).await;
        Bot {
            discord,
            seeds,
            _index: index,
            stop: Some(stop),
            task,
        }
    }

    fn seeds(&self) -> PathBuf {
        self.seeds.path().to_owned()
    }

    /// What interaction `spec` finally shows: after a deferral, the edit.
    async fn final_response(&self, spec: &InteractionSpec) -> Request {
        let id = spec.id;
        let callback = self
            .discord
            .expect(&format!("callback {id}"), move |r| r.is_callback(id), WAIT)
            .await;
        if !matches!(callback.json["type"].as_u64(), Some(5 | 6)) {
            return callback;
        }
        let token = spec.token.clone();
        self.discord
            .expect(
                &format!("the response to the deferred {id}"),
                move |r| r.is_webhook(&token) && matches!(r.method.as_str(), "PATCH" | "POST"),
                WAIT,
            )
            .await
    }

    /// `/add` with `options`, as the administrator; the preview (or refusal).
    async fn add(&self, options: Value, resolved: Option<Value>) -> Request {
        let spec = InteractionSpec::new().admin().locale("it");
        let mut interaction = spec.command("add", &options);
        if let Some(resolved) = resolved {
            interaction["data"]["resolved"] = resolved;
        }
        self.discord.dispatch("INTERACTION_CREATE", interaction);
        self.final_response(&spec).await
    }

    /// Clicks the button `index` (0: "Add it", 1: "Cancel") of `preview`, as the administrator.
    async fn click(&self, preview: &Request, index: usize) -> Request {
        let custom_id = preview.json["components"][0]["components"][index]["custom_id"]
            .as_str()
            .expect("a button")
            .to_owned();
        let message = bot_message(snowflake(), CHANNEL_ID, &preview.json);
        let spec = InteractionSpec::new().admin().locale("it");
        self.discord
            .dispatch("INTERACTION_CREATE", spec.button(&custom_id, &message));
        self.final_response(&spec).await
    }

    async fn ask(&self, question: &str) -> String {
        let spec = MessageSpec::mention(question);
        self.discord.dispatch("MESSAGE_CREATE", spec.json());
        let id = spec.id.to_string();
        self.discord
            .expect(
                "the reply",
                move |r| {
                    r.method == "POST"
                        && r.route.ends_with("/messages")
                        && r.json["message_reference"]["message_id"].as_str() == Some(id.as_str())
                },
                WAIT,
            )
            .await
            .text()
    }
}

fn seed_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_adds_a_page_by_link_confirms_it_sees_it_announced_and_removes_it() {
    let site = Site::start().await;
    let bot = Bot::ready().await;
    let before = seed_files(&bot.seeds());
    assert!(!bot.ask(QUESTION).await.contains("Solvento per 2,4"));

    // The preview: the page's article, not its banner or comments; nothing written yet.
    let preview = bot
        .add(
            json!([{"name": "url", "type": 3, "value": site.url("/economia/valdora-solvento")}]),
            None,
        )
        .await;
    let embed = &preview.json["embeds"][0];
    let title = embed["title"].as_str().expect("a preview title");
    assert!(
        title.starts_with("Anteprima: Valdora Energia compra il 30% di Solvento"),
        "{title}"
    );
    let description = embed["description"].as_str().unwrap();
    assert!(
        description.starts_with("Data: 2026-03-04 · Lingua: italiano"),
        "{description}"
    );
    assert!(
        description.contains("Valdora Energia ha firmato un accordo"),
        "{description}"
    );
    assert!(!description.contains("cookie"), "{description}");
    assert!(
        embed["fields"][0]["value"].as_str().unwrap().contains("2,4 miliardi"),
        "{embed}"
    );
    assert_eq!(
        seed_files(&bot.seeds()),
        before,
        "nothing is written before the confirmation"
    );

    // "Add it": written, indexed, announced once, answered.
    let added = bot.click(&preview, 0).await;
    let text = added.json["content"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("Aggiunto e indicizzato come `2026-03-04-valdora"),
        "{}",
        added.json
    );
    let name = text.split('`').nth(1).unwrap().to_owned();
    assert!(bot.seeds().join(&name).is_file(), "{name}");
    let announcement = bot
        .discord
        .expect("the announcement", |r| r.is_channel_message(ANNOUNCE), WAIT)
        .await;
    let announced = announcement.json["embeds"][0]["title"].as_str().unwrap();
    assert!(announced.starts_with("Nuovo articolo: Valdora Energia"), "{announced}");
    assert_eq!(announcement.json["allowed_mentions"]["parse"], json!([]));
    let answer = bot.ask(QUESTION).await;
    assert!(answer.contains("Solvento"), "{answer}");

    // The same page again is recognized and named, in the moderator's language.
    let again = bot
        .add(
            json!([{"name": "url", "type": 3, "value": site.url("/economia/valdora-solvento")}]),
            None,
        )
        .await;
    let again = again.json["content"].as_str().unwrap_or_default();
    assert!(
        again.contains("già nella storia") && again.contains(name.trim_end_matches(".txt")),
        "{again}"
    );

    // /remove, picked with autocomplete.
    let spec = InteractionSpec::new().admin();
    bot.discord
        .dispatch("INTERACTION_CREATE", spec.autocomplete("remove", "article", "valdora"));
    let choices = bot.final_response(&spec).await;
    let doc = name.trim_end_matches(".txt");
    assert_eq!(choices.json["data"]["choices"][0]["value"], doc, "{}", choices.json);
    let spec = InteractionSpec::new().admin();
    bot.discord.dispatch(
        "INTERACTION_CREATE",
        spec.command("remove", &json!([{"name": "article", "type": 3, "value": doc}])),
    );
    let removed = bot.final_response(&spec).await;
    assert!(removed.text().contains("Removed"), "{}", removed.json);
    assert_eq!(seed_files(&bot.seeds()), before);
    assert!(bot.seeds().parent().unwrap().join("removed").join(&name).is_file());
    assert!(!bot.ask(QUESTION).await.contains("Solvento per 2,4"));
    let posts = bot.discord.requests_matching(|r| r.is_channel_message(ANNOUNCE));
    assert_eq!(posts.len(), 1, "announced once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_adds_an_attached_file_and_cancel_writes_nothing() {
    let site = Site::start().await;
    let bot = Bot::ready().await;
    let before = seed_files(&bot.seeds());
    let attachment = snowflake().to_string();
    let resolved = json!({"attachments": {attachment.clone(): {
        "id": attachment,
        "filename": "oracle.txt",
        "size": 600,
        "url": site.url("/attachments/oracle.txt"),
        "proxy_url": site.url("/attachments/oracle.txt"),
        "content_type": "text/plain; charset=utf-8",
    }}});
    let options = json!([{"name": "file", "type": 11, "value": attachment}]);

    let preview = bot.add(options.clone(), Some(resolved.clone())).await;
    let title = preview.json["embeds"][0]["title"].as_str().unwrap_or_default();
    assert!(
        title.starts_with("Anteprima: Oracle punta 7 miliardi"),
        "{}",
        preview.json
    );
    let cancelled = bot.click(&preview, 1).await;
    assert!(cancelled.text().contains("Annullato"), "{}", cancelled.json);
    assert_eq!(seed_files(&bot.seeds()), before);

    let preview = bot.add(options, Some(resolved)).await;
    let added = bot.click(&preview, 0).await;
    assert!(
        added.text().contains("2026-03-09-oracle-punta-7-miliardi"),
        "{}",
        added.json
    );
    let answer = bot.ask("Quanto spenderà Oracle per i data center in Texas?").await;
    assert!(answer.contains("7 miliardi"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_refuses_a_member_a_loopback_host_not_allowed_and_a_pdf_writing_nothing() {
    let site = Site::start().await;
    let bot = Bot::ready().await;
    let before = seed_files(&bot.seeds());

    let spec = InteractionSpec::new();
    bot.discord.dispatch(
        "INTERACTION_CREATE",
        spec.command(
            "add",
            &json!([{"name": "url", "type": 3, "value": site.url("/economia/valdora-solvento")}]),
        ),
    );
    let denied = bot.final_response(&spec).await;
    assert!(denied.text().contains("Manage Server"), "{}", denied.json);

    // 127.0.0.2 is loopback and not in allow_hosts: refused before any request.
    let port = site.addr.port();
    let refused = bot
        .add(
            json!([{"name": "url", "type": 3, "value": format!("http://127.0.0.2:{port}/x")}]),
            None,
        )
        .await;
    let text = refused.text();
    assert!(text.contains("127.0.0.2") && text.contains("allow_hosts"), "{text}");

    let pdf = bot
        .add(
            json!([{"name": "url", "type": 3, "value": site.url("/report.pdf")}]),
            None,
        )
        .await;
    assert!(pdf.text().contains("application/pdf"), "{}", pdf.json);

    let neither = bot.add(json!([]), None).await;
    assert!(neither.text().contains("url:"), "{}", neither.json);
    assert_eq!(seed_files(&bot.seeds()), before);
}
