//! The bot on the Discord wire protocol: the real serenity client against the
//! Discord-compatible server in `support::discord`, on loopback.

mod support;

use std::time::Duration;

use serenity::all::{ClientBuilder, Context, CreateMessage, EventHandler, GatewayIntents, Message};
use serenity::async_trait;
use tokio::task::JoinHandle;

use support::discord::{CHANNEL_ID, Discord, MessageSpec, Request};

const WAIT: Duration = Duration::from_secs(10);

struct Echo;

#[async_trait]
impl EventHandler for Echo {
    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot {
            return;
        }
        let _ = msg
            .channel_id
            .send_message(&ctx.http, CreateMessage::new().content(format!("echo {}", msg.content)))
            .await;
    }
}

struct Bot {
    discord: Discord,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

async fn start_echo(shards: Option<(u32, u32, u32)>) -> Bot {
    let discord = Discord::start().await;
    let http = serenity::http::HttpBuilder::new("test-token")
        .proxy(discord.url.clone())
        .ratelimiter_disabled(true)
        .build();
    let mut client =
        ClientBuilder::new_with_http(http, GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES)
            .event_handler(Echo)
            .await
            .expect("client");
    let task = tokio::spawn(async move {
        match shards {
            Some((first, last, total)) => client.start_shard_range(first..last, total).await?,
            None => client.start().await?,
        }
        Ok(())
    });
    Bot {
        discord,
        task: Some(task),
    }
}

fn echo_of(text: &'static str) -> impl Fn(&Request) -> bool {
    move |r| r.is_channel_message(CHANNEL_ID) && r.json["content"] == format!("echo {text}")
}

async fn assert_each_answered_once(discord: &Discord, texts: &[&'static str]) {
    for text in texts {
        discord.expect(&format!("reply to {text}"), echo_of(text), WAIT).await;
    }
    // Let any duplicate arrive before counting.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for text in texts {
        let n = discord.requests_matching(echo_of(text)).len();
        assert_eq!(n, 1, "{text} answered {n} times:\n{}", discord.describe_requests());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_serenity_client_speaks_with_the_server() {
    let bot = start_echo(None).await;
    assert!(bot.discord.wait_ready(0, WAIT).await);
    bot.discord.dispatch("MESSAGE_CREATE", MessageSpec::new("hello").json());
    assert_each_answered_once(&bot.discord, &["hello"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn op7_resumes() {
    let bot = start_echo(None).await;
    let d = &bot.discord;
    assert!(d.wait_ready(0, WAIT).await);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("before").json());
    d.request_reconnect(0);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("during").json());
    d.wait_for_frame(|f| f.op() == Some(6), WAIT).await.expect("resume");
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("after").json());
    assert_each_answered_once(d, &["before", "during", "after"]).await;
    assert_eq!(d.identifies().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_resumes() {
    let bot = start_echo(None).await;
    let d = &bot.discord;
    assert!(d.wait_ready(0, WAIT).await);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("before").json());
    d.drop_connection(0);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("during").json());
    d.wait_for_frame(|f| f.op() == Some(6), WAIT).await.expect("resume");
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("after").json());
    assert_each_answered_once(d, &["before", "during", "after"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn op9_true_resumes() {
    let bot = start_echo(None).await;
    let d = &bot.discord;
    assert!(d.wait_ready(0, WAIT).await);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("before").json());
    d.invalidate_session(0, true);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("during").json());
    d.wait_for_frame(|f| f.op() == Some(6), WAIT).await.expect("resume");
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("after").json());
    assert_each_answered_once(d, &["before", "during", "after"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn op9_false_reidentifies() {
    let bot = start_echo(None).await;
    let d = &bot.discord;
    assert!(d.wait_ready(0, WAIT).await);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("before").json());
    d.expect("before", echo_of("before"), WAIT).await;
    d.invalidate_session(0, false);
    let ids = d
        .wait_for_frames(2, |f| f.op() == Some(2), Duration::from_secs(15))
        .await;
    assert_eq!(ids.len(), 2);
    assert!(d.wait_ready(0, WAIT).await);
    d.dispatch("MESSAGE_CREATE", MessageSpec::new("after").json());
    assert_each_answered_once(d, &["before", "after"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_4004() {
    let mut bot = start_echo(None).await;
    bot.discord.reject_identify_with(4004);
    let result = tokio::time::timeout(WAIT, bot.task.take().unwrap()).await;
    println!("{result:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards() {
    let bot = start_echo(Some((1, 2, 4))).await;
    let ids = bot
        .discord
        .wait_for_frames(2, |f| f.op() == Some(2), Duration::from_secs(15))
        .await;
    println!(
        "{:?}",
        ids.iter().map(|f| f.value["d"]["shard"].clone()).collect::<Vec<_>>()
    );
}
