//! The Discord front: serenity for the connection, poise for the commands, and
//! nothing else — every answer comes from [`Engine`], every reply text from
//! [`crate::render`], exactly as the console prints it.
//!
//! # Contract (what the wire tests and operators can rely on)
//!
//! **Connection.** All REST goes to `discord.proxy` when it is set (or env
//! `DEALBOT_DISCORD_PROXY`), with serenity's ratelimiter off (serenity ignores the
//! proxy otherwise). [`run`] first asks that base for `GET /api/v10/gateway` and
//! fails if it cannot, so the bot never falls back to discord.com. Shards:
//! `discord.shards = { total, first, last }` runs shards `first..=last` of `total`
//! (Identify carries `[shard, total]`); without it, one shard (`[0, 1]`) via
//! `GET /gateway`, never `/gateway/bot`. Intents: `GUILDS`, `GUILD_MESSAGES`,
//! `DIRECT_MESSAGES`, plus `MESSAGE_CONTENT` only when `discord.answer_channels`
//! is non-empty. A rejected token (close 4004) makes [`run`] return an error whose
//! one line starts with "Discord rejected the bot token".
//!
//! **Messages.** A message is a question when its author is not a bot (any bot,
//! this one included; webhooks too) and it is a DM, or mentions the bot
//! (`<@id>` / `<@!id>`), or replies to one of the bot's messages, or is in one of
//! `discord.answer_channels`. The question is the text without Discord markup
//! (every `<@…>`, `<#…>`, `<:emoji:…>`, `<t:…>` removed). The reply is
//! `POST /channels/{channel}/messages` with `message_reference` to the question,
//! `allowed_mentions = {"parse": [], "users": [], "roles": [], "replied_user": false}`,
//! one embed (title, description = `render::reply(&answer).description`, footer =
//! `"{citation} · index built {built_at}"` / Italian `"… · indice del {built_at}"`;
//! a refusal's description is render's message plus a hint naming `/figures`,
//! `/sources`, `/help`), and, when there are other passages, one button
//! "More passages" / "Altri passaggi" with custom id `dealbot:more:<key>`.
//! A question that is only a mention gets a short bilingual "ask me about…" reply
//! (content, no embed); an empty reply to the bot (no ping, so Discord withheld its
//! text) a bilingual "reply with the ping on" line; an empty message in an answer
//! channel nothing.
//!
//! **Buttons** (see [`custom_id`]): `dealbot:more:<key>` answers the click with an
//! ephemeral embed of the other passages (interaction response type 4, flags 64);
//! `dealbot:public:<key>` answers with a public message (type 4, no flags): content
//! `> {question}`, the answer embed, and the "More passages" button. An unknown or
//! evicted key gets an ephemeral "ask again" line. Ids not starting `dealbot:` are ignored.
//! Every answer carries 👍 (`dealbot:up:<key>`) and 👎 (`dealbot:down:<key>`): a click
//! is recorded in the knowledge-gap database ([`crate::gaps`]) and thanked ephemerally.
//! A refusal is recorded there too and, when the question is close to what the
//! articles cover, carries up to 3 "did you mean" buttons (`dealbot:suggest:<key>`,
//! label = the question): a click answers that question like "Post publicly" (ephemeral
//! when the refusal was).
//!
//! `/gaps` (`/lacune`): like `/reindex`, Manage Guild only and checked again; ephemeral,
//! the most asked unanswered questions and the worst rated answers.
//!
//! **Commands** (English name / Italian localization; options likewise):
//! - `/ask question [private]` (`/chiedi domanda [privato]`): the answer embed;
//!   with `private: true` ephemeral, with buttons "More passages" (if any) and
//!   "Post publicly" (`dealbot:public:<key>`).
//! - `/figures` (`/cifre`): deferred, then one embed an article with a field per key
//!   figure, six at most (`render::figure_line` / its sentence), a "More figures"
//!   button (`dealbot:figures:<key>`, ephemeral, the rest) for each article with more
//!   (at most five), and, when some are in US dollars, the image
//!   `attachment://figures.png` (a PNG sent as a multipart attachment).
//! - `/figure name` (`/cifra nome`): autocomplete offers up to 25 choices, each
//!   `"{label}: {value}"` cut to 100 characters (name = value); an unknown name gets an
//!   ephemeral "No figure matches …" listing the known ones.
//! - `/sources` (`/fonti`): one field per article: date and passage count.
//! - `/help` (`/aiuto`): ephemeral.
//! - message context menu "Ask about this message" ("Chiedi su questo messaggio"):
//!   like `/ask private:true` on the message's text.
//! - `/reindex` (`/reindicizza`): guild only (`contexts: [0]`), `default_member_permissions` = Manage Guild (32)
//!   and checked again from the interaction's `member.permissions` (Manage Guild or
//!   Administrator; missing permissions count as no); others get an ephemeral refusal.
//!   Deferred ephemeral, rebuilt on a blocking thread, swapped in live.
//!
//! Commands are registered on the first READY, in `discord.guild_id` when set
//! (`PUT /applications/{app}/guilds/{guild}/commands`), globally otherwise.
//! Replies to commands follow the interaction's `locale` (`it…` → Italian).
//!
//! **Cooldown.** `discord.cooldown_seconds` per user (0 = off) applies to questions:
//! messages, `/ask`, the context menu. Commands get an ephemeral notice; channel
//! messages get one reply notice per cooldown window, then silence until it ends.
//! Tests that send many questions from one user should set it to 0.
//!
//! **Errors.** A failing command is logged in full (tracing) and the user sees one
//! short ephemeral line.

pub mod announce;
pub mod card;
mod commands;
pub mod conversation;
pub mod cooldown;
pub mod custom_id;
mod handlers;
pub mod health;
pub mod invite;
pub mod locale;
pub mod recent;

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serenity::all::{
    ButtonStyle, ChannelId, Client, ClientBuilder, CreateActionRow, CreateAllowedMentions, CreateButton, GatewayError,
    GatewayIntents, GuildId, Http, HttpBuilder, MessageId, RoleId, UserId,
};
use tokio::sync::Semaphore;

use crate::config::{Config, DiscordConfig, Token};
use crate::engine::{Engine, Lang, MessageKind, Turn};
use crate::gaps::Gaps;
use crate::metrics::Front;
use crate::render;
use crate::watch::Reindexer;

use self::card::Card;
use self::conversation::Conversations;
use self::cooldown::Cooldown;
use self::custom_id::{Action, Pending};
use self::recent::Recent;

/// Errors inside commands and handlers: logged in full, shown as one short line.
pub type Error = anyhow::Error;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// How many questions the buttons remember.
const PENDING_QUESTIONS: usize = 4096;
/// How many previews of `/add` wait for their "Add it" at most.
const PENDING_DRAFTS: usize = 64;
/// How many (answer, member) votes are remembered to count each member once.
const REMEMBERED_VOTES: usize = 65_536;
/// How long shutdown waits for replies already being sent.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// More events than can ever be in flight at once; shutdown takes them all.
const DRAIN_PERMITS: u32 = u32::MAX;

/// The bot's state, built once from the configuration on the first READY.
pub struct Data {
    pub engine: Arc<Engine>,
    /// `/reindex` rebuilds on the seeds watcher's thread, the one that rebuilds.
    pub reindexer: Reindexer,
    /// This bot's user, from READY.
    pub bot_id: UserId,
    pub answer_channels: HashSet<ChannelId>,
    pub cooldown: Cooldown,
    pub pending: Pending,
    /// Who rated which answer, so each member's 👍/👎 counts once. In memory
    /// only, for the most recent votes: user ids never reach the database unless
    /// `gaps.store_user_ids` asks, and after a restart a member could vote once
    /// more on an older answer.
    pub votes: Recent<(MessageId, UserId), ()>,
    /// The knowledge-gap database; use it from blocking threads only.
    pub gaps: Arc<Gaps>,
    /// The recent answers' conversations, for follow-ups (memory only).
    pub conversations: Conversations,
    /// Articles `/add` previewed, waiting for "Add it" (memory only).
    pub drafts: Recent<String, commands::PendingDraft>,
    /// Fetches what `/add` is given, through the address guard; the refusal
    /// when the HTTP client could not be built.
    pub fetcher: Result<crate::ingest::Fetcher, crate::ingest::Refusal>,
    /// The largest article `/add` reads (`ingest.max_bytes`).
    pub max_bytes: u64,
    /// The role that may add and remove articles besides Manage Server.
    pub manage_role: Option<RoleId>,
}

/// Allows no mention at all, and does not ping the author of a replied-to message.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new().replied_user(false)
}

/// The gateway intents the configuration needs.
pub fn intents(discord: &DiscordConfig) -> GatewayIntents {
    let mut intents = GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if !discord.answer_channels.is_empty() {
        intents |= GatewayIntents::MESSAGE_CONTENT;
    }
    intents
}

/// The REST client: through `discord.proxy` when set (with the ratelimiter off,
/// which serenity requires for the proxy to be used at all).
pub(crate) fn http(config: &Config, token: &Token) -> Http {
    let builder = HttpBuilder::new(token.expose());
    match &config.discord.proxy {
        Some(base) => builder
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true)
            .build(),
        None => builder.build(),
    }
}

/// Discord's limit on a button label, in characters.
pub(crate) const BUTTON_LABEL: usize = 80;

/// Runs `write` on the gaps database on a blocking thread, without waiting; a
/// failure is logged (the report is a side job: it never blocks a reply).
pub(crate) fn record(data: &Data, write: impl FnOnce(&Gaps) -> crate::error::Result<()> + Send + 'static) {
    let gaps = Arc::clone(&data.gaps);
    tokio::task::spawn_blocking(move || {
        if let Err(e) = write(&gaps) {
            tracing::error!(error = %format!("{e:#}"), "cannot write to the gaps database");
        }
    });
}

/// An answer ready to send: the embed and its buttons.
pub(crate) struct Prepared {
    pub card: Card,
    pub components: Vec<CreateActionRow>,
    pub lang: Lang,
    /// Answered, refused or small talk: for the metrics.
    pub outcome: crate::metrics::Outcome,
    /// The turn to remember for a follow-up; none for small talk.
    pub turn: Option<Turn>,
}

/// Answers `question` (its Discord markup removed) and lays it out. `ui` is the language of the buttons
/// (the interaction's locale; `None`: the question's language); `public_button`
/// adds "Post publicly".
pub(crate) fn prepare(
    data: &Data,
    question: &str,
    ui: Option<Lang>,
    public_button: bool,
    front: Front,
    user: UserId,
) -> Prepared {
    prepare_in_context(data, question, &[], ui, public_button, front, user)
}

/// [`prepare`] for the next turn of a conversation whose earlier turns are `earlier`.
pub(crate) fn prepare_in_context(
    data: &Data,
    question: &str,
    earlier: &[Turn],
    ui: Option<Lang>,
    public_button: bool,
    front: Front,
    user: UserId,
) -> Prepared {
    let question = &handlers::question_text(question);
    let started = std::time::Instant::now();
    let (answer, turn) = data.engine.answer_in_context(question, earlier);
    crate::metrics::answer_time(started.elapsed());
    // The buttons re-ask the question as it was read, context included.
    let question = &turn.as_ref().map_or_else(|| question.clone(), |t| t.question.clone());
    let small_talk = answer.kind == Some(MessageKind::SmallTalk);
    let mut suggestions = Vec::new();
    if !answer.answered && !question.is_empty() && !small_talk {
        let (q, lang, user) = (question.clone(), answer.lang, user.get());
        record(data, move |gaps| gaps.record_refusal(&q, lang, front, Some(user)));
        suggestions = data.engine.suggestions(question, answer.lang);
    }
    let reply = render::reply(&answer);
    let card = card::answer(&reply, answer.lang, &answer.built_at);
    let ui = ui.unwrap_or(answer.lang);
    let mut buttons = Vec::new();
    for s in &suggestions {
        buttons.push(
            CreateButton::new(custom_id::encode(Action::Suggest, &data.pending.insert(s)))
                .label(render::fit(s, BUTTON_LABEL))
                .style(ButtonStyle::Primary),
        );
    }
    if !reply.more.is_empty() || public_button || answer.answered {
        let key = data.pending.insert(question);
        if !reply.more.is_empty() {
            buttons.push(
                CreateButton::new(custom_id::encode(Action::More, &key))
                    .label(locale::phrases(ui).more_passages)
                    .style(ButtonStyle::Secondary),
            );
        }
        if public_button {
            buttons.push(
                CreateButton::new(custom_id::encode(Action::Public, &key))
                    .label(locale::phrases(ui).post_publicly)
                    .style(ButtonStyle::Primary),
            );
        }
        if answer.answered {
            for (action, emoji) in [(Action::Up, '👍'), (Action::Down, '👎')] {
                buttons.push(
                    CreateButton::new(custom_id::encode(action, &key))
                        .emoji(emoji)
                        .style(ButtonStyle::Secondary),
                );
            }
        }
    }
    let components = if buttons.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    };
    Prepared {
        card,
        components,
        lang: answer.lang,
        outcome: crate::metrics::Outcome::of(&answer),
        turn,
    }
}

/// Runs the bot until SIGINT/SIGTERM (graceful shutdown) or a fatal error.
pub async fn run(config: &Config, engine: Arc<Engine>, token: Token) -> anyhow::Result<()> {
    run_until(config, engine, token, shutdown_signal()).await
}

/// Runs the bot until `shutdown` completes (then shuts down gracefully, as on a
/// signal) or a fatal error. Tests use it to stop the bot without signals.
/// Serves `/healthz`, `/readyz` and `/metrics` on `http.listen` when it is set.
pub async fn run_until(
    config: &Config,
    engine: Arc<Engine>,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = match config.http.listen {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} (http.listen)"))?,
        ),
        None => None,
    };
    run_serving(config, engine, token, shutdown, listener).await
}

/// [`run_until`] with the health and metrics endpoints on `listener` (none: off),
/// whatever `http.listen` says. The seeds are watched while the bot runs.
pub async fn run_serving(
    config: &Config,
    engine: Arc<Engine>,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
    listener: Option<tokio::net::TcpListener>,
) -> anyhow::Result<()> {
    let health = crate::http::Health::bot();
    health.set_index(true);
    let server = listener.map(|listener| {
        // Installed before anything is recorded, so nothing recorded is lost.
        crate::metrics::install();
        tokio::spawn(crate::http::serve(listener, Arc::clone(&health)))
    });
    crate::metrics::index(&engine.snapshot());
    let watcher =
        crate::watch::SeedWatcher::start(Arc::clone(&engine)).context("cannot start the index rebuild thread")?;
    let result = run_gateway(config, engine, watcher.reindexer(), token, shutdown, &health).await;
    health.set_gateway(false);
    if let Some(server) = server {
        server.abort();
    }
    // Joins the rebuild thread, which may be finishing a rebuild.
    let _ = tokio::task::spawn_blocking(move || drop(watcher)).await;
    result
}

async fn run_gateway(
    config: &Config,
    engine: Arc<Engine>,
    reindexer: Reindexer,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
    health: &Arc<crate::http::Health>,
) -> anyhow::Result<()> {
    let http = http(config, &token);
    let where_ = config.discord.proxy.as_deref().unwrap_or("discord.com");
    let gateway = http
        .get_gateway()
        .await
        .with_context(|| format!("cannot get the gateway URL from {where_}"))?;
    tracing::info!(rest = where_, gateway = %gateway.url, "discord reachable");

    let gaps = {
        let (path, store) = (config.gaps.database.clone(), config.gaps.store_user_ids);
        tokio::task::spawn_blocking(move || Gaps::open(&path, store))
            .await
            .context("the gaps database task failed")?
            .with_context(|| format!("cannot open {}", config.gaps.database.display()))?
    };
    let announce_engine = Arc::clone(&engine);
    let data = DataSeed {
        engine,
        reindexer,
        gaps: Arc::new(gaps),
        answer_channels: config
            .discord
            .answer_channels
            .iter()
            .copied()
            .map(ChannelId::new)
            .collect(),
        cooldown: Duration::from_secs(config.discord.cooldown_seconds),
        fetcher: crate::ingest::Fetcher::new(&config.ingest),
        max_bytes: config.ingest.max_bytes,
        manage_role: config.discord.manage_role.map(RoleId::new),
    };
    let guild = config.discord.guild_id.map(GuildId::new);
    let framework = poise::Framework::builder()
        .options(commands::options())
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                commands::register(ctx, &framework.options().commands, guild).await;
                Ok(data.build(ready.user.id))
            })
        })
        .build();
    let drain = Arc::new(Semaphore::new(DRAIN_PERMITS as usize));
    let shards = config.discord.shards.map_or(1, |s| s.last - s.first + 1);
    let mut client = ClientBuilder::new_with_http(http, intents(&config.discord))
        .event_handler(health::SessionCounter::new(shards))
        .framework(Draining {
            inner: framework,
            drain: Arc::clone(&drain),
        })
        .await
        .context("cannot build the Discord client")?;

    // Announced by one process of a sharded bot: the one running shard 0.
    let announcing = config.discord.shards.is_none_or(|s| s.first == 0);
    let announcer = config.discord.announce_channel.filter(|_| announcing).map(|channel| {
        tokio::spawn(announce::run(
            Arc::clone(&announce_engine),
            Arc::clone(&client.http),
            ChannelId::new(channel),
        ))
    });
    let readiness = tokio::spawn(health::watch_shards(
        Arc::clone(&client.shard_manager),
        Arc::clone(health),
        shards,
    ));
    let shard_manager = Arc::clone(&client.shard_manager);
    let stopper = tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down");
        shard_manager.shutdown_all().await;
    });
    let result = start(&mut client, config).await;
    stopper.abort();
    readiness.abort();
    if let Some(announcer) = announcer {
        announcer.abort();
    }
    // Replies already being written finish before we return.
    if tokio::time::timeout(DRAIN_TIMEOUT, drain.acquire_many(DRAIN_PERMITS))
        .await
        .is_err()
    {
        tracing::warn!("some replies were still being sent at shutdown");
    }
    match result {
        Ok(()) => Ok(()),
        Err(serenity::Error::Gateway(GatewayError::InvalidAuthentication)) => Err(anyhow::anyhow!(
            "Discord rejected the bot token (gateway close 4004): check DISCORD_TOKEN"
        )),
        Err(e) => Err(e).context("the Discord connection failed"),
    }
}

async fn start(client: &mut Client, config: &Config) -> serenity::Result<()> {
    match config.discord.shards {
        None => client.start().await,
        Some(s) if s.first == s.last => client.start_shard(s.first, s.total).await,
        // serenity reads `range.end` as the last shard, inclusive.
        Some(s) => client.start_shard_range(s.first..s.last, s.total).await,
    }
}

/// What [`Data`] is built from, before READY tells us who we are.
struct DataSeed {
    engine: Arc<Engine>,
    reindexer: Reindexer,
    gaps: Arc<Gaps>,
    answer_channels: HashSet<ChannelId>,
    cooldown: Duration,
    fetcher: Result<crate::ingest::Fetcher, crate::ingest::Refusal>,
    max_bytes: u64,
    manage_role: Option<RoleId>,
}

impl DataSeed {
    fn build(self, bot_id: UserId) -> Data {
        Data {
            engine: self.engine,
            reindexer: self.reindexer,
            bot_id,
            answer_channels: self.answer_channels,
            cooldown: Cooldown::new(self.cooldown),
            pending: Pending::new(PENDING_QUESTIONS),
            votes: Recent::new(REMEMBERED_VOTES),
            gaps: self.gaps,
            conversations: Conversations::new(),
            drafts: Recent::new(PENDING_DRAFTS),
            fetcher: self.fetcher,
            max_bytes: self.max_bytes,
            manage_role: self.manage_role,
        }
    }
}

/// poise's framework, counting the events being handled so shutdown can wait
/// for them: each holds one permit of `drain` while it runs.
struct Draining {
    inner: poise::Framework<Data, Error>,
    drain: Arc<Semaphore>,
}

#[serenity::async_trait]
impl serenity::framework::Framework for Draining {
    async fn init(&mut self, client: &Client) {
        self.inner.init(client).await;
    }

    async fn dispatch(&self, ctx: serenity::all::Context, event: serenity::all::FullEvent) {
        let Ok(_permit) = self.drain.acquire().await else {
            return;
        };
        self.inner.dispatch(ctx, event).await;
    }
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_content_is_requested_only_for_answer_channels() {
        let mut discord = DiscordConfig::default();
        assert!(!intents(&discord).contains(GatewayIntents::MESSAGE_CONTENT));
        assert!(intents(&discord).contains(GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES));
        discord.answer_channels = vec![1];
        assert!(intents(&discord).contains(GatewayIntents::MESSAGE_CONTENT));
    }

    #[test]
    fn no_pings_allows_nothing() {
        let json = serde_json::to_value(no_pings()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"parse": [], "users": [], "roles": [], "replied_user": false})
        );
    }
}
