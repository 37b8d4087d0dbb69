//! The knowledge-gap report and "did you mean" on the Discord wire: the real
//! bot against the Discord-compatible server in `support::discord`.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dealbot::config::Config;
use dealbot::gaps::Gaps;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use support::discord::{CHANNEL_ID, Discord, InteractionSpec, MessageSpec, Request, USER_ID, bot_message, user};

const WAIT: Duration = Duration::from_secs(10);
const DEAL_QUESTION: &str = "Quanto vale l'accordo tra Amazon e OpenAI?";
/// Refused, but about names the articles cover.
const NEAR_QUESTION: &str = "Who is the CEO of Amazon?";

/// A running bot with its own gaps database. Dropping it stops the bot.
struct Bot {
    discord: Discord,
    database: PathBuf,
    _dir: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Drop for Bot {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Bot {
    async fn ready() -> Bot {
        let discord = Discord::start().await;
        let dir = tempfile::tempdir().unwrap();
        let mut config: Config = support::config(&discord);
        config.gaps.database = dir.path().join("gaps.sqlite3");
        let database = config.gaps.database.clone();
        let (stop, task) = support::spawn_bot(config, None).await;
        support::wait_ready(&discord).await;
        Bot {
            discord,
            database,
            _dir: dir,
            _stop: stop,
            task,
        }
    }

    async fn ask(&self, question: &str) -> Request {
        let spec = MessageSpec::mention(question);
        self.discord.dispatch("MESSAGE_CREATE", spec.json());
        let id = spec.id.to_string();
        self.discord
            .expect(
                "the reply",
                move |r| {
                    r.is_channel_message(CHANNEL_ID) && r.json["message_reference"]["message_id"].as_str() == Some(&id)
                },
                WAIT,
            )
            .await
    }

    async fn callback(&self, spec: &InteractionSpec) -> Request {
        let id = spec.id;
        self.discord
            .expect("the callback", move |r| r.is_callback(id), WAIT)
            .await
    }

    /// Polls the database until `check` holds, with a deadline.
    async fn until_db(&self, what: &str, check: impl Fn(&Gaps) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let gaps = Gaps::open(&self.database, false).unwrap();
            if check(&gaps) {
                return;
            }
            assert!(Instant::now() < deadline, "never happened: {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn buttons(body: &Value) -> Vec<Value> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn custom_ids(body: &Value, prefix: &str) -> Vec<String> {
    buttons(body)
        .iter()
        .filter_map(|b| b["custom_id"].as_str())
        .filter(|id| id.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thumbs_down_on_an_answer_is_recorded_in_the_gaps_database() {
    let bot = Bot::ready().await;
    let reply = bot.ask(DEAL_QUESTION).await;
    let down = custom_ids(&reply.json, "dealbot:down:");
    assert_eq!(down.len(), 1, "a 👎 button: {}", reply.json);
    assert_eq!(
        custom_ids(&reply.json, "dealbot:up:").len(),
        1,
        "a 👍 button: {}",
        reply.json
    );
    let posted = bot_message(support::discord::snowflake(), CHANNEL_ID, &reply.json);
    let click = InteractionSpec::new();
    bot.discord
        .dispatch("INTERACTION_CREATE", click.button(&down[0], &posted));
    let callback = bot.callback(&click).await;
    assert_eq!(callback.json["type"], 4, "{}", callback.json);
    assert_ne!(
        callback.json["data"]["flags"].as_u64().unwrap_or(0) & 64,
        0,
        "thanks are ephemeral"
    );
    bot.until_db("the 👎 row", |gaps| {
        let report = gaps.report(10).unwrap();
        report.worst_rated.first().is_some_and(|r| {
            r.question == dealbot::gaps::normalize(DEAL_QUESTION) && r.down == 1 && r.answer.contains("10 miliardi")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_member_rates_an_answer_once() {
    let bot = Bot::ready().await;
    let reply = bot.ask(DEAL_QUESTION).await;
    let (up, down) = (
        custom_ids(&reply.json, "dealbot:up:"),
        custom_ids(&reply.json, "dealbot:down:"),
    );
    let posted = bot_message(support::discord::snowflake(), CHANNEL_ID, &reply.json);
    // One member clicks 👎, 👎 again, then 👍; another member 👎: two votes.
    let mut other = InteractionSpec::new();
    other.user = user(USER_ID + 1, "another", false);
    let clicks = [
        (InteractionSpec::new(), &down[0], true),
        (InteractionSpec::new(), &down[0], false),
        (InteractionSpec::new(), &up[0], false),
        (other, &down[0], true),
    ];
    for (click, button, counted) in clicks {
        bot.discord
            .dispatch("INTERACTION_CREATE", click.button(button, &posted));
        let callback = bot.callback(&click).await;
        let text = callback.json["data"]["content"].as_str().unwrap_or_default().to_owned();
        assert_eq!(!text.contains("already"), counted, "{text}");
        assert_ne!(
            callback.json["data"]["flags"].as_u64().unwrap_or(0) & 64,
            0,
            "ephemeral"
        );
    }
    // Each counted vote is written before its thanks is sent: the database has settled.
    let report = Gaps::open(&bot.database, false).unwrap().report(10).unwrap();
    let rating = &report.worst_rated[0];
    assert_eq!((rating.up, rating.down), (0, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_question_offers_suggestions_and_clicking_one_answers_it() {
    let bot = Bot::ready().await;
    let reply = bot.ask(NEAR_QUESTION).await;
    assert!(
        custom_ids(&reply.json, "dealbot:up:").is_empty(),
        "no votes on a refusal: {}",
        reply.json
    );
    let suggestions = custom_ids(&reply.json, "dealbot:suggest:");
    assert!(
        (1..=3).contains(&suggestions.len()),
        "1 to 3 suggestions: {}",
        reply.json
    );
    for b in buttons(&reply.json) {
        assert!(b["label"].as_str().is_none_or(|l| l.chars().count() <= 80), "{b}");
    }
    bot.until_db("the refusal row", |gaps| gaps.refusals_of(NEAR_QUESTION).unwrap() == 1)
        .await;

    let posted = bot_message(support::discord::snowflake(), CHANNEL_ID, &reply.json);
    let click = InteractionSpec::new();
    bot.discord
        .dispatch("INTERACTION_CREATE", click.button(&suggestions[0], &posted));
    let callback = bot.callback(&click).await;
    assert_eq!(callback.json["type"], 4, "{}", callback.json);
    let title = callback.json["data"]["embeds"][0]["title"].as_str().unwrap_or_default();
    assert_eq!(
        title, "From the articles",
        "the suggestion is answered: {}",
        callback.json
    );
    assert_eq!(
        custom_ids(&callback.json["data"], "dealbot:up:").len(),
        1,
        "{}",
        callback.json
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_off_topic_question_gets_no_suggestions() {
    let bot = Bot::ready().await;
    let reply = bot.ask("What is the capital of Australia?").await;
    assert!(custom_ids(&reply.json, "dealbot:suggest:").is_empty(), "{}", reply.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gaps_is_refused_to_a_member_and_shown_to_an_admin() {
    let bot = Bot::ready().await;
    let registered = bot.discord.commands("/applications").or_else(|| {
        bot.discord
            .requests_matching(|r| r.method == "PUT" && r.route.ends_with("/commands"))
            .first()
            .map(|r| r.json.clone())
    });
    let gaps_command = registered
        .and_then(|all| {
            all.as_array()
                .and_then(|a| a.iter().find(|c| c["name"] == "gaps").cloned())
        })
        .expect("/gaps is registered");
    assert_eq!(gaps_command["default_member_permissions"], "32");

    bot.ask(NEAR_QUESTION).await;
    bot.until_db("the refusal row", |gaps| gaps.refusals_of(NEAR_QUESTION).unwrap() == 1)
        .await;

    let member = InteractionSpec::new();
    bot.discord
        .dispatch("INTERACTION_CREATE", member.command("gaps", &json!([])));
    let callback = bot.callback(&member).await;
    assert!(callback.text().contains("Manage Server"), "{}", callback.text());
    assert!(!callback.text().contains("ceo"), "{}", callback.text());

    let admin = InteractionSpec::new().admin();
    bot.discord
        .dispatch("INTERACTION_CREATE", admin.command("gaps", &json!([])));
    let callback = bot.callback(&admin).await;
    assert_ne!(
        callback.json["data"]["flags"].as_u64().unwrap_or(0) & 64,
        0,
        "ephemeral"
    );
    assert!(
        callback.text().contains("1× who is the ceo of amazon?"),
        "{}",
        callback.text()
    );
}
