//! Running the bot for real, on the wire: live seeds while the bot answers, and
//! the health and metrics endpoints scraped over HTTP on loopback. The bot is
//! `dealbot::bot::run_serving` against the Discord-compatible server in
//! `support::discord`; every wait has a deadline.

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use dealbot::config::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use support::discord::{Discord, InteractionSpec, MessageSpec, Request};

const WAIT: Duration = Duration::from_secs(10);
const DEAL_QUESTION: &str = "Quanto vale l'accordo tra Amazon e OpenAI?";
const NEW_ARTICLE: &str = " date 2025-12-20 Oracle spenderebbe 7 miliardi di dollari in nuovi data center.";

/// A running bot, its server and its HTTP address. Dropping it stops the bot.
struct Bot {
    discord: Discord,
    http: SocketAddr,
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
    /// Starts the bot on `config`'s corpus with the endpoints on a free loopback
    /// port, and waits until it has registered its commands.
    async fn ready(discord: Discord, config: Config) -> Bot {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let http = listener.local_addr().expect("local address");
        let (stop, task) = support::spawn_bot(config, Some(listener)).await;
        support::wait_ready(&discord).await;
        Bot {
            discord,
            http,
            stop: Some(stop),
            task,
        }
    }

    async fn reply_to(&self, id: u64) -> Request {
        let id_text = id.to_string();
        self.discord
            .expect(
                &format!("reply to message {id}"),
                move |r| {
                    r.method == "POST"
                        && r.route.ends_with("/messages")
                        && r.json["message_reference"]["message_id"].as_str() == Some(id_text.as_str())
                },
                WAIT,
            )
            .await
    }

    /// The autocomplete choices offered for `/figure` when `typed` is typed.
    async fn figure_choices(&self, typed: &str) -> Vec<String> {
        let spec = InteractionSpec::new();
        self.discord
            .dispatch("INTERACTION_CREATE", spec.autocomplete("figure", "name", typed));
        let id = spec.id;
        let callback = self
            .discord
            .expect("autocomplete callback", move |r| r.is_callback(id), WAIT)
            .await;
        callback.json["data"]["choices"]
            .as_array()
            .map(|c| c.iter().filter_map(|c| c["name"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// `GET path` on the bot's HTTP endpoints: (status, body).
    async fn get(&self, path: &str) -> (u16, String) {
        http_get(self.http, path).await
    }

    /// Polls `GET /readyz` until its status is `status`; returns the last body.
    async fn readyz_becomes(&self, status: u16) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let (got, body) = self.get("/readyz").await;
            if got == status {
                return body;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "/readyz stayed {got} ({body}), expected {status}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// A minimal HTTP/1.1 GET over loopback (the test's own client, not the bot's code).
async fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("receive");
        String::from_utf8(raw).expect("utf-8 response")
    };
    let text = tokio::time::timeout(WAIT, exchange).await.expect("HTTP answer in time");
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_owned())
}

/// The value of the sample `name{…}` whose labels include every one of `labels`.
fn sample(metrics: &str, name: &str, labels: &[&str]) -> Option<f64> {
    metrics
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with(['{', ' ']))
        .find(|l| labels.iter().all(|label| l.contains(label)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

fn add_seed(seeds: &Path, name: &str, text: &str) {
    let tmp = seeds.join(format!(".{name}.part"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, seeds.join(name)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_added_while_the_bot_answers_shows_up_in_figure_autocomplete() {
    let corpus = support::fresh_corpus();
    let discord = Discord::start().await;
    let mut config = support::config(&discord);
    config.seeds_dir = corpus.seeds().to_owned();
    config.index_dir = corpus.index();
    let bot = Bot::ready(discord, config).await;
    assert!(bot.figure_choices("7 miliardi").await.is_empty());

    // Questions keep coming while the article lands; each gets its answer.
    let mut asked = Vec::new();
    for i in 0..10 {
        if i == 3 {
            add_seed(corpus.seeds(), "2025-12-20-oracle.txt", NEW_ARTICLE);
        }
        let spec = MessageSpec::mention(DEAL_QUESTION);
        bot.discord.dispatch("MESSAGE_CREATE", spec.json());
        asked.push(spec.id);
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    for id in asked {
        let reply = bot.reply_to(id).await;
        assert!(reply.text().contains("10 miliardi"), "{}", reply.text());
    }

    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let choices = bot.figure_choices("7 miliardi").await;
        if choices.iter().any(|c| c.contains("7 miliardi")) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the new figure never showed: {choices:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_article_is_announced_once_in_the_announce_channel_without_pings() {
    const ANNOUNCE: u64 = 4_242_424_242;
    let corpus = support::fresh_corpus();
    let discord = Discord::start().await;
    let mut config = support::config(&discord);
    config.seeds_dir = corpus.seeds().to_owned();
    config.index_dir = corpus.index();
    config.discord.announce_channel = Some(ANNOUNCE);
    let bot = Bot::ready(discord, config).await;

    let article = "---\ntitle: Oracle @everyone punta sui data center\nsource: Il Quotidiano\nurl: https://example.org/oracle\ndate: 2025-12-20\n---\n\
                   Oracle spenderebbe 7 miliardi di dollari in nuovi data center in Texas.\n\n\
                   L'azienda prevede di aprirli entro il 2027.\n";
    add_seed(corpus.seeds(), "2025-12-20-oracle.txt", article);
    let post = bot
        .discord
        .expect("the announcement", |r| r.is_channel_message(ANNOUNCE), WAIT)
        .await;
    let embed = &post.json["embeds"][0];
    let title = embed["title"].as_str().unwrap();
    assert!(title.starts_with("Nuovo articolo: Oracle"), "{title}");
    assert!(!title.contains("@everyone"), "{title}");
    assert_eq!(embed["url"], "https://example.org/oracle");
    let description = embed["description"].as_str().unwrap();
    assert!(
        description.starts_with("Data: 2025-12-20 · Lingua: italiano · Fonte: Il Quotidiano"),
        "{description}"
    );
    assert!(description.contains("Oracle spenderebbe 7 miliardi"), "{description}");
    assert_eq!(embed["fields"][0]["name"], "Cifre chiave");
    assert!(
        embed["fields"][0]["value"].as_str().unwrap().contains("7 miliardi"),
        "{embed}"
    );
    assert_eq!(post.json["allowed_mentions"]["parse"], json!([]), "{}", post.json);

    // A rebuild that brings nothing new announces nothing; the seed articles
    // indexed before the bot started never were.
    let admin = InteractionSpec::new().admin();
    bot.discord
        .dispatch("INTERACTION_CREATE", admin.command("reindex", &json!([])));
    bot.discord
        .expect("the reindex reply", |r| r.is_webhook(&admin.token), WAIT)
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let posts = bot.discord.requests_matching(|r| r.is_channel_message(ANNOUNCE));
    assert_eq!(posts.len(), 1, "{}", bot.discord.describe_requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_metrics_are_served_over_http() {
    let discord = Discord::start().await;
    let config = support::config(&discord);
    let bot = Bot::ready(discord, config).await;

    let (status, body) = bot.get("/healthz").await;
    assert_eq!(status, 200, "{body}");
    let body = bot.readyz_becomes(200).await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!({"ready": true}));

    // One answered and one refused question, a greeting, and a command.
    let answered = MessageSpec::mention(DEAL_QUESTION);
    bot.discord.dispatch("MESSAGE_CREATE", answered.json());
    bot.reply_to(answered.id).await;
    let refused = MessageSpec::mention("Che tempo fa domani a Torino?");
    bot.discord.dispatch("MESSAGE_CREATE", refused.json());
    bot.reply_to(refused.id).await;
    let greeting = MessageSpec::mention("ciao!");
    bot.discord.dispatch("MESSAGE_CREATE", greeting.json());
    bot.reply_to(greeting.id).await;
    let sources = InteractionSpec::new();
    bot.discord
        .dispatch("INTERACTION_CREATE", sources.command("sources", &json!([])));
    let id = sources.id;
    bot.discord
        .expect("/sources callback", move |r| r.is_callback(id), WAIT)
        .await;

    let (status, metrics) = bot.get("/metrics").await;
    assert_eq!(status, 200);
    let count = |labels: &[&str]| sample(&metrics, "dealbot_questions_total", labels).unwrap_or(0.0);
    assert!(
        count(&["outcome=\"answered\"", "front=\"mention\""]) >= 1.0,
        "{metrics}"
    );
    let once = |n: f64| (n - 1.0).abs() < 0.5;
    assert!(once(count(&["outcome=\"refused\"", "front=\"mention\""])), "{metrics}");
    // A greeting is neither an answer nor a refusal.
    assert!(
        once(count(&["outcome=\"small_talk\"", "front=\"mention\""])),
        "{metrics}"
    );
    assert!(
        sample(&metrics, "dealbot_commands_total", &["command=\"sources\""]).unwrap_or(0.0) >= 1.0,
        "{metrics}"
    );
    assert!(
        sample(&metrics, "dealbot_answer_seconds_count", &[]).unwrap_or(0.0) >= 2.0,
        "{metrics}"
    );
    assert!(metrics.contains("# TYPE dealbot_answer_seconds histogram"), "{metrics}");
    assert!(
        sample(&metrics, "dealbot_index_passages", &[]).unwrap_or(0.0) > 0.0,
        "{metrics}"
    );
    assert!(
        sample(&metrics, "dealbot_index_built_timestamp_seconds", &[]).unwrap_or(0.0) > 1.7e9,
        "{metrics}"
    );

    // The gateway closes and the session cannot be resumed nor identified again.
    bot.discord.reject_identify_with(4000);
    bot.discord.close(0, 4009);
    let body = bot.readyz_becomes(503).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"ready": false, "reason": "gateway not connected"})
    );
    assert_eq!(bot.get("/healthz").await.0, 200, "the process is still alive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_session_counts_as_a_gateway_reconnect() {
    let discord = Discord::start().await;
    let config = support::config(&discord);
    let bot = Bot::ready(discord, config).await;
    bot.readyz_becomes(200).await;
    let before = {
        let (_, metrics) = bot.get("/metrics").await;
        sample(&metrics, "dealbot_gateway_reconnects_total", &[]).unwrap_or(0.0)
    };
    bot.discord.request_reconnect(0);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let (_, metrics) = bot.get("/metrics").await;
        let now = sample(&metrics, "dealbot_gateway_reconnects_total", &[]).unwrap_or(0.0);
        if now > before {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no reconnect counted:\n{metrics}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    bot.readyz_becomes(200).await;
}
