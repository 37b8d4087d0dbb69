//! The bot on the Discord wire protocol: `dealbot::bot::run_until`, the real
//! serenity and poise client, against the Discord-compatible server in
//! `support::discord` on loopback. Every wait has a deadline.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use dealbot::config::{Config, ShardConfig, Token};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use support::discord::{
    APP_ID, CHANNEL_ID, DM_CHANNEL_ID, Discord, GUILD_ID, InteractionSpec, MessageSpec, OTHER_BOT_ID, OTHER_CHANNEL_ID,
    Request, THREAD_ID, USER_ID, bot_message, bot_user, snowflake, user,
};

/// How long a reply may take before a test fails (generous: CI machines are shared).
const WAIT: Duration = Duration::from_secs(10);
/// How long to keep listening for something that must not arrive.
const QUIET: Duration = Duration::from_millis(400);

const DEAL_QUESTION: &str = "Quanto vale l'accordo tra Amazon e OpenAI?";
const DEAL_ANSWER: &str = "10 miliardi";

/// A running bot and the server it talks to. Dropping it stops the bot.
struct Bot {
    discord: Discord,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        // A request the server has no route for is a request Discord would not
        // have understood either (or a route the server must learn).
        let unknown = self.discord.requests_matching(|r| r.status == 404);
        assert!(
            unknown.is_empty() || std::thread::panicking(),
            "requests to unknown routes:\n{}",
            self.discord.describe_requests()
        );
    }
}

impl Bot {
    /// Starts the server and `dealbot::bot::run_until` against it.
    async fn start(configure: impl FnOnce(&mut Config)) -> Bot {
        Self::start_on(Discord::start().await, configure).await
    }

    /// Starts `dealbot::bot::run_until` against a server already set up.
    async fn start_on(discord: Discord, configure: impl FnOnce(&mut Config)) -> Bot {
        let mut config = support::config(&discord);
        configure(&mut config);
        let (stop, task) = support::spawn_bot(config, None).await;
        Bot {
            discord,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Starts the bot and waits until it is connected and has registered its commands.
    async fn ready() -> Bot {
        Self::ready_with(|_| {}).await
    }

    async fn ready_with(configure: impl FnOnce(&mut Config)) -> Bot {
        let bot = Self::start(configure).await;
        support::wait_ready(&bot.discord).await;
        bot
    }

    /// Starts the bot on a copy of the seeds with more articles, which `add`
    /// writes into the folder, and waits until it is ready. The folders live
    /// as long as what is returned first.
    async fn ready_with_articles(add: impl FnOnce(&std::path::Path)) -> ((tempfile::TempDir, tempfile::TempDir), Bot) {
        let seeds = tempfile::tempdir().expect("seeds tempdir");
        support::copy_seeds(seeds.path());
        add(seeds.path());
        let index = tempfile::tempdir().expect("index tempdir");
        let (seeds_dir, index_dir) = (seeds.path().to_owned(), index.path().to_owned());
        let bot = Bot::ready_with(move |config| {
            config.seeds_dir = seeds_dir;
            config.index_dir = index_dir;
        })
        .await;
        ((seeds, index), bot)
    }

    /// Stops the bot as a signal would and returns what `run` returned.
    async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = self.task.take().expect("running");
        tokio::time::timeout(WAIT, task)
            .await
            .expect("the bot stops within the deadline")
            .expect("the bot task does not panic")
    }

    /// Dispatches a message; returns its JSON.
    fn say(&self, spec: &MessageSpec) -> Value {
        let message = spec.json();
        self.discord.dispatch("MESSAGE_CREATE", message.clone());
        message
    }

    /// Dispatches an interaction.
    fn interact(&self, interaction: Value) {
        self.discord.dispatch("INTERACTION_CREATE", interaction);
    }

    /// The reply to message `id`, waiting for it.
    async fn reply_to(&self, id: u64) -> Request {
        self.discord
            .expect(&format!("reply to message {id}"), replies_to(id), WAIT)
            .await
    }

    /// The response to interaction `spec` (the callback).
    async fn callback(&self, spec: &InteractionSpec) -> Request {
        let id = spec.id;
        self.discord
            .expect(
                &format!("callback for interaction {id}"),
                move |r| r.is_callback(id),
                WAIT,
            )
            .await
    }

    /// What interaction `spec` finally shows: the callback's message, or after a
    /// deferral (type 5) the edit of the original response.
    async fn final_response(&self, spec: &InteractionSpec) -> (Request, Request) {
        let callback = self.callback(spec).await;
        if callback.json["type"] == 5 {
            let token = spec.token.clone();
            let edit = self
                .discord
                .expect(
                    &format!("the response to a deferred {}", spec.id),
                    move |r| r.is_webhook(&token) && matches!(r.method.as_str(), "PATCH" | "POST"),
                    WAIT,
                )
                .await;
            (callback, edit)
        } else {
            (callback.clone(), callback)
        }
    }
}

/// A `POST /channels/*/messages` whose `message_reference` points at message `id`.
fn replies_to(id: u64) -> impl Fn(&Request) -> bool {
    let id = id.to_string();
    move |r| {
        r.method == "POST"
            && r.route.starts_with("/channels/")
            && r.route.ends_with("/messages")
            && r.json["message_reference"]["message_id"].as_str() == Some(id.as_str())
    }
}

fn posts_in(channel: u64) -> impl Fn(&Request) -> bool {
    move |r| r.is_channel_message(channel)
}

/// A message body that can ping nobody: no parse targets, no users, no roles,
/// and the replied-to author not pinged.
fn assert_pings_nobody(body: &Value) {
    let allowed = &body["allowed_mentions"];
    assert!(allowed.is_object(), "allowed_mentions missing: {body}");
    assert_eq!(allowed["parse"], json!([]), "{allowed}");
    for key in ["users", "roles"] {
        assert!(
            allowed.get(key).is_none_or(|v| v == &json!([])),
            "allowed_mentions.{key} must be empty: {allowed}"
        );
    }
    assert_ne!(allowed["replied_user"], json!(true), "{allowed}");
}

/// Discord's limits on a message body: 2,000 characters of content, 4,096 of
/// embed description, 256 of title, 25 fields of 256/1,024, 2,048 of footer,
/// 6,000 in all the embeds; and balanced `**` in every text.
fn assert_within_discord_limits(body: &Value) {
    let count = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    assert!(count(&body["content"]) <= 2_000, "content too long: {body}");
    let mut total = 0;
    for embed in body["embeds"].as_array().into_iter().flatten() {
        assert!(count(&embed["title"]) <= 256, "title too long: {embed}");
        assert!(count(&embed["description"]) <= 4_096, "description too long");
        assert!(count(&embed["footer"]["text"]) <= 2_048, "footer too long");
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25, "{} fields", fields.len());
        total += count(&embed["title"]) + count(&embed["description"]) + count(&embed["footer"]["text"]);
        for field in &fields {
            assert!(
                count(&field["name"]) <= 256 && count(&field["value"]) <= 1_024,
                "{field}"
            );
            total += count(&field["name"]) + count(&field["value"]);
        }
    }
    assert!(total <= 6_000, "{total} characters of embeds");
    let text = support::discord::visible_text(body);
    for line in text.lines() {
        assert_eq!(line.matches("**").count() % 2, 0, "unbalanced bold in {line:?}");
    }
}

/// The option `[{name, type: 3, value}]` list of a slash command.
fn string_option(name: &str, value: &str) -> Value {
    json!({"name": name, "type": 3, "value": value})
}

fn bool_option(name: &str, value: bool) -> Value {
    json!({"name": name, "type": 5, "value": value})
}

/// The custom ids of the buttons in a message body.
fn custom_ids(body: &Value) -> Vec<String> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_owned))
        .collect()
}

fn is_ephemeral(data: &Value) -> bool {
    data["flags"].as_u64().is_some_and(|f| f & 64 != 0)
}

// ----- connecting -----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_identifies_and_registers_its_commands_in_the_guild_with_italian_localizations() {
    let bot = Bot::ready().await;
    let d = &bot.discord;

    let connect = d
        .frames()
        .into_iter()
        .find(|f| f.value.get("connect").is_some())
        .expect("a connection");
    assert!(
        connect.value["connect"].as_str().unwrap().contains("v=10"),
        "{:?}",
        connect.value
    );
    let identify = &d.identifies()[0];
    assert!(
        identify["token"].as_str().is_some_and(|t| t.ends_with("test-token")),
        "{identify}"
    );
    assert_eq!(identify["shard"], json!([0, 1]));
    let intents = identify["intents"].as_u64().unwrap();
    let (guilds, guild_messages, direct_messages, message_content) = (1, 1 << 9, 1 << 12, 1 << 15);
    assert_eq!(
        intents & (guilds | guild_messages | direct_messages),
        guilds | guild_messages | direct_messages
    );
    assert_eq!(
        intents & message_content,
        0,
        "MESSAGE_CONTENT is privileged: only with answer channels"
    );

    let route = format!("/applications/{APP_ID}/guilds/{GUILD_ID}/commands");
    let commands = d.commands(&route).expect("guild commands registered");
    assert!(
        d.requests_matching(|r| r.is("PUT", &format!("/applications/{APP_ID}/commands")))
            .is_empty(),
        "a guild is configured: nothing registered globally"
    );
    let by_name: HashMap<&str, &Value> = commands
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c))
        .collect();
    for (name, italian) in [
        ("ask", "chiedi"),
        ("figures", "cifre"),
        ("figure", "cifra"),
        ("sources", "fonti"),
        ("help", "aiuto"),
        ("reindex", "reindicizza"),
    ] {
        let command = by_name
            .get(name)
            .unwrap_or_else(|| panic!("no command {name} in {commands}"));
        assert_eq!(command["name_localizations"]["it"], italian, "{command}");
        if command["type"] == 1 {
            assert!(!command["description"].as_str().unwrap().is_empty(), "{command}");
            assert!(command["description_localizations"]["it"].is_string(), "{command}");
        }
    }
    let context_menu = by_name.get("Ask about this message").expect("the context menu command");
    assert_eq!(context_menu["type"], 3, "a message command: {context_menu}");
    assert_eq!(by_name["reindex"]["default_member_permissions"], "32");
    let ask_options = by_name["ask"]["options"].as_array().unwrap();
    let question = ask_options
        .iter()
        .find(|o| o["name"] == "question")
        .expect("ask question");
    assert_eq!(question["name_localizations"]["it"], "domanda");
    assert_eq!(question["required"], true);
    let figure_name = &by_name["figure"]["options"][0];
    assert_eq!(figure_name["autocomplete"], true, "{figure_name}");

    let unknown: Vec<Request> = d.requests_matching(|r| r.status == 404);
    assert!(
        unknown.is_empty(),
        "requests the server does not know:\n{}",
        d.describe_requests()
    );
}

/// poise 0.7.1 leaves context-menu localizations out (its own TODO); the bot adds them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_context_menu_command_is_registered_with_its_italian_name() {
    let bot = Bot::ready().await;
    let route = format!("/applications/{APP_ID}/guilds/{GUILD_ID}/commands");
    let commands = bot.discord.commands(&route).expect("guild commands registered");
    let context_menu = commands
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == 3)
        .expect("a message command");
    assert_eq!(
        context_menu["name_localizations"]["it"], "Chiedi su questo messaggio",
        "{context_menu}"
    );
}

// ----- questions in channels -----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_gets_a_reply_quoting_the_article() {
    let bot = Bot::ready().await;
    let question = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&question);

    let reply = bot.reply_to(question.id).await;
    assert_eq!(reply.route, format!("/channels/{CHANNEL_ID}/messages"));
    assert_eq!(reply.json["message_reference"]["message_id"], question.id.to_string());
    assert_pings_nobody(&reply.json);
    assert_within_discord_limits(&reply.json);
    let embed = &reply.json["embeds"][0];
    let description = embed["description"].as_str().expect("an embed with a description");
    assert!(description.contains(DEAL_ANSWER), "{description}");
    assert!(description.contains("**"), "matched terms are bold: {description}");
    let footer = embed["footer"]["text"].as_str().expect("a footer");
    assert!(
        footer.contains("paragrafo"),
        "the citation is in the asker's language: {footer}"
    );
    assert!(footer.contains("indice del"), "{footer}");
}

/// An English article dropped into `seeds/` with no translation, asked about in
/// Italian: the reply quotes the English sentence as written and says it is in
/// English (nothing is translated).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_italian_question_about_an_english_article_quotes_it_in_english() {
    let (_dirs, bot) = Bot::ready_with_articles(|seeds| {
        std::fs::write(
            seeds.join("2026-01-15-northwind-openai.txt"),
            " date 2026-01-15 Northwind Cloud and OpenAI have signed a three-year agreement worth $12 billion for computing capacity in Europe.\n\nJane Okafor, the chief executive of Northwind Cloud, said the contract is the largest in the company's history.\n",
        )
        .expect("write the English article");
    })
    .await;
    let question = MessageSpec::mention("Chi è il CEO di Northwind Cloud?");
    bot.say(&question);

    let reply = bot.reply_to(question.id).await;
    assert_pings_nobody(&reply.json);
    assert_within_discord_limits(&reply.json);
    let embed = &reply.json["embeds"][0];
    let description = embed["description"].as_str().expect("an embed with a description");
    assert!(description.contains("Jane Okafor"), "{description}");
    assert!(
        description.contains("chief executive"),
        "quoted as written: {description}"
    );
    let whole = reply.json.to_string();
    assert!(
        whole.contains("in inglese"),
        "the citation says the quote is in English: {whole}"
    );
    assert!(whole.contains("2026-01-15"), "the citation dates the article: {whole}");
}

/// A pasted news page with a headline, a byline and a bulleted list of figures:
/// a question one item answers is answered with that item alone, without its
/// marker and without the rest of the list; the headline is the citation's name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bullet_item_answers_on_its_own() {
    let (_dirs, bot) = Bot::ready_with_articles(|seeds| {
        std::fs::write(
            seeds.join("2026-05-04-kestrel-results.txt"),
            "Kestrel posts record quarter as cloud sales climb\n\
             By Ana Ruiz | May 4, 2026\n\n\
             Kestrel reported its strongest quarter yet on Monday, lifted by demand for its cloud services.\n\n\
             The results at a glance:\n\
             - revenue: $4.2 billion, up 18%\n\
             - operating margin: 21%\n\
             - data centers in operation: 37\n",
        )
        .expect("write the article");
    })
    .await;
    let question = MessageSpec::mention("What was Kestrel's operating margin?");
    bot.say(&question);

    let reply = bot.reply_to(question.id).await;
    assert_pings_nobody(&reply.json);
    assert_within_discord_limits(&reply.json);
    let whole = reply.json.to_string();
    assert!(whole.contains("21%"), "the item's figure: {whole}");
    assert!(!whole.contains("4.2 billion"), "not the whole list: {whole}");
    assert!(!whole.contains("- operating"), "without its marker: {whole}");
    assert!(
        whole.contains("Kestrel posts record quarter as cloud sales climb"),
        "the headline names the article: {whole}"
    );
}

/// Two articles on one deal, the talks at $4 billion and then a raised offer:
/// asked by mention in Italian and by `/ask` in English, the reply quotes the
/// newest article and shows the earlier value with its date and article.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_that_changed_is_answered_from_the_newest_article_with_the_earlier_one_dated() {
    let (_dirs, bot) = Bot::ready_with_articles(|seeds| {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/timeline");
        for entry in std::fs::read_dir(&fixtures).expect("read tests/timeline") {
            let path = entry.expect("fixture entry").path();
            std::fs::copy(&path, seeds.join(path.file_name().expect("a file name"))).expect("copy fixture");
        }
    })
    .await;

    let question = MessageSpec::mention("Quanto vale l'accordo tra Halvorsen e Brightwater?");
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    assert_pings_nobody(&reply.json);
    assert_within_discord_limits(&reply.json);
    let embed = &reply.json["embeds"][0];
    let description = embed["description"].as_str().expect("an embed with a description");
    assert!(description.contains("5.5 billion"), "the newest value: {description}");
    assert!(
        description.contains(
            "In precedenza: 4 miliardi di dollari — 2026-02-02, Halvorsen in talks to buy Brightwater Robotics"
        ),
        "the earlier value, dated: {description}"
    );
    let footer = embed["footer"]["text"].as_str().expect("a footer");
    assert!(footer.contains("2026-03-10"), "cites the newest article: {footer}");

    let spec = InteractionSpec::new();
    bot.interact(spec.command(
        "ask",
        &json!([string_option(
            "question",
            "How much is the deal between Halvorsen and Brightwater worth?"
        )]),
    ));
    let (_, response) = bot.final_response(&spec).await;
    let data = if response.json.get("data").is_some() {
        &response.json["data"]
    } else {
        &response.json
    };
    assert_pings_nobody(data);
    assert_within_discord_limits(data);
    let text = response.text();
    assert!(text.contains("5.5 billion"), "{text}");
    assert!(
        text.contains("Earlier: $4 billion — 2026-02-02, Halvorsen in talks to buy Brightwater Robotics"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_from_bots_and_messages_not_addressed_to_the_bot_get_no_reply() {
    let bot = Bot::ready().await;
    let from_other_bot = MessageSpec::mention(DEAL_QUESTION).author(user(OTHER_BOT_ID, "otherbot", true));
    let from_itself = MessageSpec::mention(DEAL_QUESTION).author(bot_user());
    let not_addressed = MessageSpec::new(DEAL_QUESTION);
    bot.say(&from_other_bot);
    bot.say(&from_itself);
    bot.say(&not_addressed);
    // A question that is answered: once its reply is in, the others had their chance.
    let sentinel = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&sentinel);
    bot.reply_to(sentinel.id).await;
    tokio::time::sleep(QUIET).await;
    let posts = bot.discord.requests_matching(posts_in(CHANNEL_ID));
    assert_eq!(
        posts.len(),
        1,
        "only the sentinel is answered:\n{}",
        bot.discord.describe_requests()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_direct_message_is_answered_without_a_mention() {
    let bot = Bot::ready().await;
    let question = MessageSpec::dm("How much is the Amazon OpenAI deal worth?");
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    assert_eq!(reply.route, format!("/channels/{DM_CHANNEL_ID}/messages"));
    assert_pings_nobody(&reply.json);
    let text = reply.text();
    assert!(text.contains("10 billion") || text.contains(DEAL_ANSWER), "{text}");
    let footer = reply.json["embeds"][0]["footer"]["text"].as_str().unwrap_or_default();
    assert!(
        footer.contains("paragraph"),
        "an English question gets an English citation: {footer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_the_bots_message_is_a_question() {
    let bot = Bot::ready().await;
    let earlier = bot_message(
        support::discord::snowflake(),
        CHANNEL_ID,
        &json!({"content": "earlier answer"}),
    );
    let mut question = MessageSpec::new(DEAL_QUESTION);
    question.referenced = Some(earlier);
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    assert!(reply.text().contains(DEAL_ANSWER), "{}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_outside_the_articles_is_refused_politely_with_a_hint() {
    let bot = Bot::ready().await;
    let question = MessageSpec::mention("Chi ha vinto il campionato di calcio nel 1982?");
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    let text = reply.text();
    assert!(text.contains("Non è negli articoli"), "refused, in Italian: {text}");
    assert!(text.contains("/cifre"), "a refusal says what can be asked: {text}");
    assert!(!text.contains("paragrafo"), "a refusal cites nothing: {text}");
    assert_pings_nobody(&reply.json);
}

// ----- slash commands -----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_publicly_in_the_interaction_locale() {
    let bot = Bot::ready().await;
    let spec = InteractionSpec::new().locale("it");
    bot.interact(spec.command("ask", &json!([string_option("question", DEAL_QUESTION)])));
    let (_, response) = bot.final_response(&spec).await;
    let data = if response.json.get("data").is_some() {
        &response.json["data"]
    } else {
        &response.json
    };
    assert!(!is_ephemeral(data), "a plain /ask is public: {data}");
    assert!(response.text().contains(DEAL_ANSWER), "{}", response.text());
    assert_pings_nobody(data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_ask_is_ephemeral_and_post_publicly_reposts_it_in_the_channel() {
    let bot = Bot::ready().await;
    let spec = InteractionSpec::new();
    bot.interact(spec.command(
        "ask",
        &json!([string_option("question", DEAL_QUESTION), bool_option("private", true)]),
    ));
    let callback = bot.callback(&spec).await;
    assert_eq!(callback.json["type"], 4, "{}", callback.json);
    let data = &callback.json["data"];
    assert!(is_ephemeral(data), "private: flags 64: {data}");
    assert!(callback.text().contains(DEAL_ANSWER), "{}", callback.text());
    let public = custom_ids(data)
        .into_iter()
        .find(|id| id.starts_with("dealbot:public:"))
        .unwrap_or_else(|| panic!("a Post publicly button: {data}"));
    let labels = data["components"].to_string();
    assert!(labels.contains("Post publicly"), "{labels}");

    let ephemeral = bot_message(support::discord::snowflake(), CHANNEL_ID, data);
    let click = InteractionSpec::new();
    bot.interact(click.button(&public, &ephemeral));
    let repost = bot.callback(&click).await;
    assert_eq!(repost.json["type"], 4, "{}", repost.json);
    let repost_data = &repost.json["data"];
    assert!(!is_ephemeral(repost_data), "the repost is public: {repost_data}");
    assert!(
        repost.text().contains(DEAL_QUESTION),
        "the repost quotes the question: {}",
        repost.text()
    );
    assert!(repost.text().contains(DEAL_ANSWER), "{}", repost.text());
    assert_pings_nobody(repost_data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_come_as_embed_fields_with_a_png_chart_attached() {
    let bot = Bot::ready().await;
    let spec = InteractionSpec::new();
    let sent = std::time::Instant::now();
    bot.interact(spec.command("figures", &json!([])));
    let (callback, response) = bot.final_response(&spec).await;
    let answered_in = callback.at.duration_since(sent);
    // Discord drops an interaction not answered in 3 s: the bot answers or defers
    // at once by design; the time is printed, not asserted (noisy CI machines).
    assert!(
        matches!(callback.json["type"].as_u64(), Some(4 | 5)),
        "{}",
        callback.json
    );
    eprintln!("/figures answered in {answered_in:?}");
    let body = if response.json.get("data").is_some() {
        &response.json["data"]
    } else {
        &response.json
    };
    let embed = &body["embeds"][0];
    let fields = embed["fields"].as_array().expect("figures as fields");
    assert!(!fields.is_empty() && fields.len() <= 25, "{embed}");
    assert!(response.text().contains("10"), "{}", response.text());
    assert_eq!(embed["image"]["url"], "attachment://figures.png", "{embed}");
    let png = response
        .files
        .iter()
        .find(|f| f.filename.as_deref() == Some("figures.png"))
        .unwrap_or_else(|| {
            panic!(
                "figures.png uploaded: {:?}",
                response.files.iter().map(|f| &f.filename).collect::<Vec<_>>()
            )
        });
    assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG magic bytes");
    assert!(png.bytes.len() > 1_000, "a real chart, {} bytes", png.bytes.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_articles_figures_are_picked_with_autocomplete() {
    let bot = Bot::ready().await;
    let typed = InteractionSpec::new();
    bot.interact(typed.autocomplete("figures", "article", "2025"));
    let callback = bot.callback(&typed).await;
    assert_eq!(callback.json["type"], 8, "autocomplete result: {}", callback.json);
    let choices = callback.json["data"]["choices"].as_array().expect("choices").clone();
    assert!(!choices.is_empty() && choices.len() <= 25, "{choices:?}");
    let value = choices[0]["value"].as_str().unwrap();
    assert!(
        choices[0]["name"].as_str().unwrap().contains("2025-12-17"),
        "{choices:?}"
    );

    let pick = InteractionSpec::new();
    bot.interact(pick.command("figures", &json!([string_option("article", value)])));
    let (_, response) = bot.final_response(&pick).await;
    let body = if response.json.get("data").is_some() {
        &response.json["data"]
    } else {
        &response.json
    };
    let embeds = body["embeds"].as_array().expect("embeds");
    assert_eq!(embeds.len(), 1, "one article, one embed");
    assert!(embeds[0]["title"].as_str().unwrap().contains("2025-12-17"), "{body}");
    assert!(!embeds[0]["fields"].as_array().unwrap().is_empty(), "{body}");

    let unknown = InteractionSpec::new();
    bot.interact(unknown.command("figures", &json!([string_option("article", "zzzz nothing like it")])));
    let (callback, response) = bot.final_response(&unknown).await;
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(response.text().contains("No article matches"), "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_articles_key_figures_come_six_with_a_button_for_the_rest() {
    let (_dirs, bot) = Bot::ready_with_articles(|seeds| {
        std::fs::write(
            seeds.join("2026-03-01-kestrel-lumen.txt"),
            "Kestrel agreed to buy Lumen for $4bn in cash on Monday.\n\n\
             Kestrel will pay $25 a share, a 30% premium, and take on $600 million of debt.\n\n\
             Lumen had revenue of $900 million last year and employs 2,000 people in 12 countries.\n\n\
             Kestrel expects $150 million of savings a year by 2028 and will spend $1bn on new plants.\n\n\
             Kestrel shares rose 7% and Lumen shares jumped 25% on the news.\n",
        )
        .unwrap();
    })
    .await;
    let pick = InteractionSpec::new();
    bot.interact(pick.command(
        "figures",
        &json!([string_option("article", "2026-03-01-kestrel-lumen")]),
    ));
    let (_, response) = bot.final_response(&pick).await;
    let body = if response.json.get("data").is_some() {
        &response.json["data"]
    } else {
        &response.json
    };
    let fields = body["embeds"][0]["fields"].as_array().expect("fields").len();
    assert_eq!(fields, 6, "the six key figures: {body}");
    let more = custom_ids(body)
        .into_iter()
        .find(|id| id.starts_with("dealbot:figures:"))
        .unwrap_or_else(|| panic!("a More figures button: {body}"));

    let posted = bot_message(support::discord::snowflake(), CHANNEL_ID, body);
    let click = InteractionSpec::new();
    bot.interact(click.button(&more, &posted));
    let callback = bot.callback(&click).await;
    assert_eq!(callback.json["type"], 4, "{}", callback.json);
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    let embed = &callback.json["data"]["embeds"][0];
    assert!(embed["title"].as_str().unwrap().contains("kestrel-lumen"), "{embed}");
    assert!(
        !embed["fields"].as_array().unwrap().is_empty(),
        "the other figures: {embed}"
    );
    assert_within_discord_limits(&callback.json["data"]);
    assert_pings_nobody(&callback.json["data"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figure_autocomplete_offers_at_most_25_short_choices_and_a_choice_answers() {
    let bot = Bot::ready().await;
    let spec = InteractionSpec::new();
    bot.interact(spec.autocomplete("figure", "name", ""));
    let callback = bot.callback(&spec).await;
    assert_eq!(callback.json["type"], 8, "autocomplete result: {}", callback.json);
    let choices = callback.json["data"]["choices"].as_array().expect("choices").clone();
    assert!(!choices.is_empty() && choices.len() <= 25, "{} choices", choices.len());
    for choice in &choices {
        assert!(choice["name"].as_str().unwrap().chars().count() <= 100, "{choice}");
        assert!(choice["value"].as_str().unwrap().chars().count() <= 100, "{choice}");
    }

    let typed = InteractionSpec::new();
    bot.interact(typed.autocomplete("figure", "name", "miliardi"));
    let narrowed = bot.callback(&typed).await;
    let narrowed = narrowed.json["data"]["choices"].as_array().expect("choices").clone();
    assert!(!narrowed.is_empty() && narrowed.len() <= choices.len(), "{narrowed:?}");

    let pick = InteractionSpec::new();
    let value = choices[0]["value"].as_str().unwrap();
    bot.interact(pick.command("figure", &json!([string_option("name", value)])));
    let (_, response) = bot.final_response(&pick).await;
    assert!(!response.text().trim().is_empty(), "{}", response.json);

    let unknown = InteractionSpec::new();
    bot.interact(unknown.command("figure", &json!([string_option("name", "zzzz nothing like it")])));
    let (_, response) = bot.final_response(&unknown).await;
    assert!(response.text().contains("No figure matches"), "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_context_menu_answers_about_the_message_privately() {
    let bot = Bot::ready().await;
    let target = MessageSpec::new(DEAL_QUESTION).json();
    let spec = InteractionSpec::new();
    bot.interact(spec.message_command("Ask about this message", &target));
    let (callback, response) = bot.final_response(&spec).await;
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(response.text().contains(DEAL_ANSWER), "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_is_refused_to_a_member_without_manage_server() {
    let bot = Bot::ready().await;
    let spec = InteractionSpec::new();
    bot.interact(spec.command("reindex", &json!([])));
    let (callback, response) = bot.final_response(&spec).await;
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(response.text().contains("Manage Server"), "{}", response.text());
    assert!(!response.text().contains("Index rebuilt"), "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_and_help_answer() {
    let bot = Bot::ready().await;
    let sources = InteractionSpec::new().locale("it");
    bot.interact(sources.command("sources", &json!([])));
    let (_, response) = bot.final_response(&sources).await;
    assert!(response.text().contains("Fonti"), "{}", response.text());
    let help = InteractionSpec::new();
    bot.interact(help.command("help", &json!([])));
    let (callback, response) = bot.final_response(&help).await;
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(response.text().contains("/figures"), "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_without_a_question_gets_a_bilingual_prompt() {
    let bot = Bot::ready().await;
    let question = MessageSpec::mention("");
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    let content = reply.json["content"].as_str().unwrap_or_default();
    assert!(content.contains("Ask me") && content.contains("/help"), "{content}");
    assert_pings_nobody(&reply.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_very_long_question_gets_a_reply_within_discord_limits() {
    let bot = Bot::ready().await;
    let long = format!(
        "{DEAL_QUESTION} {}",
        "accordo Amazon OpenAI miliardi chip cloud ".repeat(90)
    );
    let question = MessageSpec::mention(&long);
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    assert_within_discord_limits(&reply.json);
    assert_pings_nobody(&reply.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_passages_shows_the_other_passages_to_whoever_clicks() {
    let bot = Bot::ready().await;
    let question = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    let more = custom_ids(&reply.json)
        .into_iter()
        .find(|id| id.starts_with("dealbot:more:"))
        .unwrap_or_else(|| panic!("a More passages button: {}", reply.json));
    let posted = bot_message(support::discord::snowflake(), CHANNEL_ID, &reply.json);
    let click = InteractionSpec::new().locale("it");
    bot.interact(click.button(&more, &posted));
    let callback = bot.callback(&click).await;
    assert_eq!(callback.json["type"], 4, "{}", callback.json);
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    let text = callback.text();
    assert!(!text.trim().is_empty(), "{}", callback.json);
    assert_within_discord_limits(&callback.json["data"]);
    assert_pings_nobody(&callback.json["data"]);

    let stale = InteractionSpec::new();
    bot.interact(stale.button("dealbot:more:0123456789abcdef", &posted));
    let callback = bot.callback(&stale).await;
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(callback.text().contains("expired"), "{}", callback.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_channels_request_message_content_and_answer_without_a_mention() {
    let bot = Bot::ready_with(|config| config.discord.answer_channels = vec![CHANNEL_ID]).await;
    let intents = bot.discord.identifies()[0]["intents"].as_u64().unwrap();
    assert_ne!(intents & (1 << 15), 0, "MESSAGE_CONTENT requested for answer channels");
    let question = MessageSpec::new(DEAL_QUESTION);
    bot.say(&question);
    let reply = bot.reply_to(question.id).await;
    assert!(reply.text().contains(DEAL_ANSWER), "{}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_in_cooldown_gets_one_notice_and_others_are_still_answered() {
    let bot = Bot::ready_with(|config| config.discord.cooldown_seconds = 60).await;
    let first = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&first);
    bot.reply_to(first.id).await;
    let second = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&second);
    let notice = bot.reply_to(second.id).await;
    let content = notice.json["content"].as_str().unwrap_or_default();
    assert!(
        content.contains("Un attimo di pazienza"),
        "a notice in the asker's language: {content}"
    );
    assert!(
        notice.json["embeds"].as_array().is_none_or(Vec::is_empty),
        "no answer: {}",
        notice.json
    );
    let third = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&third);
    let other = MessageSpec::mention(DEAL_QUESTION).author(user(USER_ID + 1, "other", false));
    bot.say(&other);
    bot.reply_to(other.id).await;
    tokio::time::sleep(QUIET).await;
    assert!(
        bot.discord.requests_matching(replies_to(third.id)).is_empty(),
        "one notice per window, then silence"
    );

    let ask = InteractionSpec::new();
    bot.interact(ask.command("ask", &json!([string_option("question", DEAL_QUESTION)])));
    let (callback, response) = bot.final_response(&ask).await;
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(response.text().contains("Slow down"), "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_guild_the_commands_are_registered_globally() {
    let bot = Bot::start(|config| config.discord.guild_id = None).await;
    let route = format!("/applications/{APP_ID}/commands");
    let put = bot
        .discord
        .expect("global registration", |r| r.is("PUT", &route), WAIT)
        .await;
    assert!(put.json.as_array().is_some_and(|c| c.len() >= 7), "{}", put.json);
    assert!(
        bot.discord
            .requests_matching(|r| r.method == "PUT" && r.route.contains("/guilds/"))
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_reindex_rebuilds_the_index_live() {
    let corpus = tokio::task::spawn_blocking(support::fresh_corpus).await.unwrap();
    let (seeds, index) = (corpus.seeds().to_owned(), corpus.index());
    let bot = Bot::ready_with(move |config| {
        config.seeds_dir = seeds;
        config.index_dir = index;
    })
    .await;
    let spec = InteractionSpec::new().admin();
    let sent = std::time::Instant::now();
    bot.interact(spec.command("reindex", &json!([])));
    let callback = bot.callback(&spec).await;
    let deferred_in = callback.at.duration_since(sent);
    eprintln!("/reindex deferred in {deferred_in:?}");
    assert_eq!(callback.json["type"], 5, "deferred: {}", callback.json);
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    // A question asked while the index is rebuilt is answered all the same.
    let question = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&question);
    let (_, done) = bot.final_response(&spec).await;
    assert!(done.text().contains("Index rebuilt"), "{}", done.text());
    assert!(bot.reply_to(question.id).await.text().contains(DEAL_ANSWER));
    let after = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&after);
    assert!(bot.reply_to(after.id).await.text().contains(DEAL_ANSWER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_in_a_direct_message_is_refused() {
    let bot = Bot::ready().await;
    let mut spec = InteractionSpec::new().admin();
    spec.guild_id = None;
    spec.channel_id = DM_CHANNEL_ID;
    bot.interact(spec.command("reindex", &json!([])));
    let (callback, response) = bot.final_response(&spec).await;
    assert_eq!(callback.json["type"], 4, "{}", callback.json);
    assert!(is_ephemeral(&callback.json["data"]), "{}", callback.json);
    assert!(response.text().contains("DM"), "{}", response.text());
    assert_pings_nobody(&callback.json["data"]);
}

// ----- the connection -----

/// Dispatches a question before, during and after `disturb`, and checks each is
/// answered exactly once after the bot resumed.
async fn questions_around(bot: &Bot, disturb: impl FnOnce(&Discord), resumed: impl AsyncFnOnce(&Discord)) {
    let d = &bot.discord;
    let before = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&before);
    bot.reply_to(before.id).await;
    disturb(d);
    let during = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&during);
    resumed(d).await;
    let after = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&after);
    for spec in [&before, &during, &after] {
        bot.reply_to(spec.id).await;
    }
    tokio::time::sleep(QUIET).await;
    for spec in [&before, &during, &after] {
        let n = d.requests_matching(replies_to(spec.id)).len();
        assert_eq!(
            n,
            1,
            "message {} answered {n} times:\n{}",
            spec.id,
            d.describe_requests()
        );
    }
}

async fn resumed(d: &Discord) {
    let resume = d
        .wait_for_frame(|f| f.op() == Some(6), WAIT)
        .await
        .expect("a Resume (op 6)");
    assert!(resume.value["d"]["session_id"].is_string(), "{:?}", resume.value);
    assert!(d.wait_ready(0, WAIT).await);
    assert_eq!(d.identifies().len(), 1, "resumed, not identified again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_op7_reconnect_the_bot_resumes_and_answers_each_message_once() {
    let bot = Bot::ready().await;
    questions_around(&bot, |d| d.request_reconnect(0), resumed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_resumable_op9_the_bot_resumes_and_answers_each_message_once() {
    let bot = Bot::ready().await;
    questions_around(&bot, |d| d.invalidate_session(0, true), resumed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_dropped_connection_the_bot_resumes_and_answers_each_message_once() {
    let bot = Bot::ready().await;
    questions_around(&bot, |d| d.drop_connection(0), resumed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_close_4000_the_bot_resumes_and_answers_each_message_once() {
    let bot = Bot::ready().await;
    questions_around(&bot, |d| d.close(0, 4000), resumed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_non_resumable_op9_the_bot_identifies_again_and_keeps_answering() {
    let bot = Bot::ready().await;
    let d = &bot.discord;
    let before = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&before);
    bot.reply_to(before.id).await;
    d.invalidate_session(0, false);
    // serenity waits about 5 s before identifying again.
    let identifies = d
        .wait_for_frames(2, |f| f.op() == Some(2), Duration::from_secs(15))
        .await;
    assert_eq!(identifies.len(), 2, "a fresh Identify after op 9 d:false");
    assert!(d.wait_ready(0, WAIT).await);
    let after = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&after);
    bot.reply_to(after.id).await;
    tokio::time::sleep(QUIET).await;
    assert_eq!(d.requests_matching(replies_to(before.id)).len(), 1);
    assert_eq!(d.requests_matching(replies_to(after.id)).len(), 1);
    let registrations = d.requests_matching(|r| r.method == "PUT" && r.route.ends_with("/commands"));
    assert_eq!(
        registrations.len(),
        1,
        "commands are registered once, not on every READY"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_questions_at_once_get_two_hundred_correct_replies() {
    let bot = Bot::ready().await;
    let engine = tokio::task::spawn_blocking(support::engine).await.unwrap();
    let questions = [
        DEAL_QUESTION,
        "How much is the Amazon OpenAI deal worth?",
        "OpenAI userà i chip Trainium?",
        "What does the deal include besides the cash?",
        "valutazione openai",
    ];
    let expected: Vec<String> = questions
        .iter()
        .map(|q| dealbot::render::reply(&engine.answer(q)).description)
        .collect();
    let mut sent = Vec::new();
    for (i, q) in (0..200_u64).zip((0..questions.len()).cycle()) {
        // Different askers, so no cooldown could apply.
        let spec = MessageSpec::mention(questions[q]).author(user(USER_ID + 10_000 + i, "asker", false));
        bot.say(&spec);
        sent.push((spec.id, q));
    }
    bot.discord
        .wait_for_count(200, posts_in(CHANNEL_ID), Duration::from_secs(30))
        .await;
    tokio::time::sleep(QUIET).await;
    let replies = bot.discord.requests_matching(posts_in(CHANNEL_ID));
    assert_eq!(replies.len(), 200, "200 replies, none lost or doubled");
    let mut by_question: HashMap<String, &Request> = HashMap::new();
    for reply in &replies {
        let id = reply.json["message_reference"]["message_id"]
            .as_str()
            .expect("a reply")
            .to_owned();
        assert!(
            by_question.insert(id.clone(), reply).is_none(),
            "message {id} answered twice"
        );
    }
    for (id, q) in sent {
        let reply = by_question
            .get(&id.to_string())
            .unwrap_or_else(|| panic!("message {id} not answered"));
        let description = reply.json["embeds"][0]["description"].as_str().unwrap_or_default();
        let want: String = expected[q].chars().take(120).collect();
        assert!(
            description.starts_with(&want),
            "question {:?}: got {description:?}, want {want:?}…",
            questions[q]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_shard_range_identifies_each_shard_with_its_id_and_the_total() {
    let bot = Bot::start(|config| {
        config.discord.shards = Some(ShardConfig {
            total: 4,
            first: 1,
            last: 2,
        });
    })
    .await;
    let d = &bot.discord;
    // serenity starts shards 5 s apart; a loaded 2-core machine may take longer.
    let identifies = d
        .wait_for_frames(2, |f| f.op() == Some(2), Duration::from_secs(30))
        .await;
    let mut shards: Vec<Value> = identifies.iter().map(|f| f.value["d"]["shard"].clone()).collect();
    shards.sort_by_key(|s| s[0].as_u64());
    assert_eq!(shards, vec![json!([1, 4]), json!([2, 4])]);
    assert!(d.wait_ready(2, WAIT).await);
    tokio::time::sleep(QUIET).await;
    assert_eq!(d.identifies().len(), 2, "exactly the configured shards, no more");
    // A message on shard 2 is answered.
    let question = MessageSpec::mention(DEAL_QUESTION);
    d.dispatch_to(2, "MESSAGE_CREATE", question.json());
    bot.reply_to(question.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_ends_run_with_a_clear_error() {
    let discord = Discord::start().await;
    discord.reject_identify_with(4004);
    let mut bot = Bot::start_on(discord, |_| {}).await;
    let task = bot.task.take().expect("running");
    let result = tokio::time::timeout(WAIT, task)
        .await
        .expect("run returns within the deadline")
        .expect("no panic");
    let error = result.expect_err("a rejected token is an error");
    let message = format!("{error:#}");
    assert!(message.contains("rejected the bot token"), "{message}");
    assert!(!message.contains("test-token"), "the token is never shown: {message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_without_a_gateway_is_an_error_not_a_fallback_to_discord() {
    let discord = Discord::start().await;
    let corpus = support::corpus();
    let mut config = Config::with_dirs(corpus.seeds(), corpus.index());
    // Nothing listens there.
    config.discord.proxy = Some(format!("{}/nothing-here", discord.url));
    let engine = tokio::task::spawn_blocking(support::engine).await.unwrap();
    let result = tokio::time::timeout(
        WAIT,
        dealbot::bot::run_until(&config, engine, Token::new("test-token"), std::future::pending()),
    )
    .await
    .expect("run returns within the deadline");
    let message = format!("{:#}", result.expect_err("no gateway URL is an error"));
    assert!(message.contains("gateway"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_bot_returns_ok() {
    let bot = Bot::ready().await;
    let question = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&question);
    bot.reply_to(question.id).await;
    bot.stop().await.expect("a clean shutdown");
}

// ----- conversations -----

/// A second article beside the seed, for conversations that cross articles.
const NORTHWIND: &str = " date 2026-01-15 Northwind Cloud and OpenAI have signed a three-year agreement worth $12 billion for computing capacity in Europe.\n\nJane Okafor, the chief executive of Northwind Cloud, said the contract is the largest in the company's history.\n\nThe Northwind Cloud agreement was first reported by Reuters.\n";

/// The bot over the seed and [`NORTHWIND`]; the folders live as long as the bot.
async fn conversation_bot() -> (Bot, tempfile::TempDir, tempfile::TempDir) {
    let seeds = tempfile::tempdir().expect("seeds tempdir");
    support::copy_seeds(seeds.path());
    std::fs::write(seeds.path().join("2026-01-15-northwind-openai.txt"), NORTHWIND).expect("write the article");
    let index = tempfile::tempdir().expect("index tempdir");
    let (seeds_dir, index_dir) = (seeds.path().to_owned(), index.path().to_owned());
    let bot = Bot::ready_with(move |config| {
        config.seeds_dir = seeds_dir;
        config.index_dir = index_dir;
    })
    .await;
    (bot, seeds, index)
}

/// The bot's reply to `question` as a message a user can reply to.
fn posted(reply: &Request, channel: u64) -> Value {
    let id = reply.response["id"].as_str().expect("the created message has an id");
    bot_message(id.parse().expect("a snowflake"), channel, &reply.json)
}

/// A message from `author` in `channel` that replies to `to`.
fn reply_with(content: &str, to: &Value) -> MessageSpec {
    let mut spec = MessageSpec::new(content);
    spec.referenced = Some(to.clone());
    spec
}

fn in_channel(mut spec: MessageSpec, channel: u64) -> MessageSpec {
    spec.channel_id = channel;
    spec
}

/// A follow-up whose words alone ask nothing the articles answer.
const HOW_MUCH: &str = "e quanto vale?";
const WHO_REPORTED: &str = "Chi ha riportato la notizia dell'accordo tra Amazon e OpenAI?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_chain_of_three_turns_follows_the_conversation_across_two_articles() {
    let (bot, _seeds, _index) = conversation_bot().await;
    let first = MessageSpec::mention(DEAL_QUESTION);
    bot.say(&first);
    let answer = bot.reply_to(first.id).await;
    assert!(answer.text().contains(DEAL_ANSWER), "{}", answer.text());

    let second = reply_with("e chi l'ha riportato?", &posted(&answer, CHANNEL_ID));
    bot.say(&second);
    let answer = bot.reply_to(second.id).await;
    let text = answer.text();
    assert!(
        text.contains("Financial Times"),
        "the source of the deal it was asked about: {text}"
    );
    assert!(text.contains("Intendo:"), "says how the follow-up was read: {text}");
    assert_within_discord_limits(&answer.json);
    assert_pings_nobody(&answer.json);

    let third = reply_with("e per Northwind Cloud?", &posted(&answer, CHANNEL_ID));
    bot.say(&third);
    let answer = bot.reply_to(third.id).await;
    let text = answer.text();
    assert!(text.contains("Reuters"), "the same ask of the other article: {text}");
    assert!(text.contains("Northwind Cloud"), "{text}");
    assert!(text.contains("2026-01-15"), "cites the other article: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_a_public_ask_answer_continues_its_conversation() {
    let (bot, _seeds, _index) = conversation_bot().await;
    let spec = InteractionSpec::new().locale("it");
    bot.interact(spec.command("ask", &json!([string_option("question", DEAL_QUESTION)])));
    let (_, response) = bot.final_response(&spec).await;
    assert!(response.text().contains(DEAL_ANSWER), "{}", response.text());
    let data = if response.json.get("data").is_some() {
        &response.json["data"]
    } else {
        &response.json
    };
    // The answer replies to no message of the asker's; Discord marks it with
    // the interaction it answers.
    let mut answer = bot_message(snowflake(), CHANNEL_ID, data);
    assert!(answer.get("message_reference").is_none(), "{answer}");
    answer["interaction_metadata"] = json!({
        "id": spec.id.to_string(),
        "type": 2,
        "user": user(USER_ID, "asker", false),
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
    });

    let follow_up = reply_with("e chi l'ha riportato?", &answer);
    bot.say(&follow_up);
    let reply = bot.reply_to(follow_up.id).await;
    let text = reply.text();
    assert!(
        text.contains("Financial Times"),
        "the source of the deal /ask answered: {text}"
    );
    assert!(text.contains("Intendo:"), "says how the follow-up was read: {text}");
    assert_pings_nobody(&reply.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_in_a_thread_continues_the_askers_last_exchange_there() {
    let bot = Bot::ready().await;
    let first = in_channel(MessageSpec::mention(WHO_REPORTED), THREAD_ID);
    bot.say(&first);
    let answer = bot.reply_to(first.id).await;
    assert!(answer.text().contains("Financial Times"), "{}", answer.text());

    let follow_up = in_channel(MessageSpec::mention(HOW_MUCH), THREAD_ID);
    bot.say(&follow_up);
    let answer = bot.reply_to(follow_up.id).await;
    assert_eq!(answer.route, format!("/channels/{THREAD_ID}/messages"));
    let text = answer.text();
    assert!(
        text.contains(DEAL_ANSWER),
        "read with the thread's last exchange: {text}"
    );
    assert!(text.contains("Intendo:"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_in_a_dm_continues_the_conversation() {
    let bot = Bot::ready().await;
    let first = MessageSpec::dm(WHO_REPORTED);
    bot.say(&first);
    let answer = bot.reply_to(first.id).await;
    assert!(answer.text().contains("Financial Times"), "{}", answer.text());

    let follow_up = MessageSpec::dm(HOW_MUCH);
    bot.say(&follow_up);
    let answer = bot.reply_to(follow_up.id).await;
    assert!(answer.text().contains(DEAL_ANSWER), "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_greeting_gets_a_friendly_reply_with_example_questions_not_a_refusal() {
    let bot = Bot::ready().await;
    let hello = MessageSpec::mention("ciao!");
    bot.say(&hello);
    let reply = bot.reply_to(hello.id).await;
    let text = reply.text();
    assert!(text.contains("Ciao!"), "in the asker's language: {text}");
    assert!(!text.contains("Non è negli articoli"), "not the refusal: {text}");
    assert_eq!(text.matches('“').count(), 2, "two example questions: {text}");
    assert!(
        custom_ids(&reply.json).is_empty(),
        "no votes, no suggestions: {}",
        reply.json
    );
    assert_pings_nobody(&reply.json);

    let thanks = MessageSpec::mention("thanks!");
    bot.say(&thanks);
    let text = bot.reply_to(thanks.id).await.text();
    assert!(text.contains("You're welcome"), "in the asker's language: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_does_not_leak_to_other_users_or_channels() {
    let bot = Bot::ready().await;
    let first = in_channel(MessageSpec::mention(WHO_REPORTED), THREAD_ID);
    bot.say(&first);
    assert!(bot.reply_to(first.id).await.text().contains("Financial Times"));

    // Another member in the same thread: no context of theirs.
    let other = user(USER_ID + 1, "someone", false);
    let theirs = in_channel(MessageSpec::mention(HOW_MUCH), THREAD_ID).author(other);
    bot.say(&theirs);
    let text = bot.reply_to(theirs.id).await.text();
    assert!(
        text.contains("Non è negli articoli"),
        "another user's follow-up: {text}"
    );

    // The same asker in another channel, and in an ordinary channel after asking there.
    let elsewhere = in_channel(MessageSpec::mention(HOW_MUCH), OTHER_CHANNEL_ID);
    bot.say(&elsewhere);
    let text = bot.reply_to(elsewhere.id).await.text();
    assert!(text.contains("Non è negli articoli"), "another channel: {text}");

    let asked = MessageSpec::mention(WHO_REPORTED);
    bot.say(&asked);
    bot.reply_to(asked.id).await;
    let again = MessageSpec::mention(HOW_MUCH);
    bot.say(&again);
    let text = bot.reply_to(again.id).await.text();
    assert!(
        text.contains("Non è negli articoli"),
        "in a channel, only a reply continues a conversation: {text}"
    );
}
