//! A Discord-compatible server for the wire tests: REST under `/api/v10` and a
//! plain `ws://` gateway, both on 127.0.0.1 with ports the system picks.
//!
//! The real serenity client (through `discord.proxy`) talks to it exactly as it
//! would talk to Discord. The server records every REST request and every frame
//! the client sends; a test drives the gateway (dispatches, reconnects,
//! invalidated sessions, close codes, dropped connections) and waits — always
//! with a deadline — for what the bot sends back.
//!
//! Payload shapes follow serenity 0.12.5's models: a dispatch whose `d` lacks a
//! field serenity requires is silently turned into `Event::Unknown`, so the
//! builders here fill every required field.

#![allow(dead_code, reason = "each test binary uses a different part of the server")]

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// The bot's user id, which is also its application id (as for every new Discord app).
pub const BOT_ID: u64 = 1_100_000_000_000_000_001;
pub const APP_ID: u64 = BOT_ID;
pub const BOT_NAME: &str = "dealbot";
pub const GUILD_ID: u64 = 1_100_000_000_000_000_100;
/// A text channel of [`GUILD_ID`].
pub const CHANNEL_ID: u64 = 1_100_000_000_000_000_200;
/// The DM channel between [`USER_ID`] and the bot.
pub const DM_CHANNEL_ID: u64 = 1_100_000_000_000_000_300;
/// A public thread in [`CHANNEL_ID`].
pub const THREAD_ID: u64 = 1_100_000_000_000_000_210;
/// A second text channel of the guild.
pub const OTHER_CHANNEL_ID: u64 = 1_100_000_000_000_000_220;
/// An ordinary member: no permissions beyond reading and writing.
pub const USER_ID: u64 = 1_100_000_000_000_000_400;
/// The guild's owner, an administrator.
pub const ADMIN_ID: u64 = 1_100_000_000_000_000_500;
/// Another bot in the guild.
pub const OTHER_BOT_ID: u64 = 1_100_000_000_000_000_600;
/// `@everyone`'s role id is the guild id.
pub const EVERYONE_ROLE_ID: u64 = GUILD_ID;

/// Permission bits: view channel, send messages, read history, use application commands.
pub const MEMBER_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31);
/// Administrator plus everything an ordinary member has.
pub const ADMIN_PERMISSIONS: u64 = MEMBER_PERMISSIONS | (1 << 3) | (1 << 5);

/// The gateway's heartbeat interval, short so that a broken connection shows soon.
pub const HEARTBEAT_INTERVAL_MS: u64 = 2_000;

const TIMESTAMP: &str = "2025-12-17T10:00:00.000000+00:00";

/// A fresh snowflake, increasing, unique in the process.
pub fn snowflake() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1_200_000_000_000_000_000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A file sent in a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field, `files[0]` for serenity.
    pub field: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A REST request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    /// Arrival order, from 0.
    pub index: usize,
    pub method: String,
    /// The path without `/api/v10`, e.g. `/channels/1/messages`.
    pub route: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    /// The JSON body, or multipart's `payload_json`; `Null` when there is none.
    pub json: Value,
    pub files: Vec<Upload>,
    /// The status the server answered with.
    pub status: u16,
    /// The JSON the server answered with (`Null` when none), e.g. the message a
    /// `POST /channels/*/messages` created, with its id.
    pub response: Value,
    /// When the whole request had arrived.
    pub at: std::time::Instant,
}

impl Request {
    pub fn is(&self, method: &str, route: &str) -> bool {
        self.method == method && self.route == route
    }

    /// A reply posted in `channel`.
    pub fn is_channel_message(&self, channel: u64) -> bool {
        self.is("POST", &format!("/channels/{channel}/messages"))
    }

    /// The response to the interaction `id`.
    pub fn is_callback(&self, id: u64) -> bool {
        self.method == "POST"
            && self.route.starts_with(&format!("/interactions/{id}/"))
            && self.route.ends_with("/callback")
    }

    /// A follow-up or an edit of the original response, for the interaction token `token`.
    pub fn is_webhook(&self, token: &str) -> bool {
        self.route.starts_with(&format!("/webhooks/{APP_ID}/{token}"))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every piece of text a user would read: content, embed titles, descriptions,
    /// fields and footers, and for an interaction callback the same inside `data`.
    pub fn text(&self) -> String {
        let body = if self.json.get("data").is_some_and(Value::is_object) {
            &self.json["data"]
        } else {
            &self.json
        };
        visible_text(body)
    }
}

/// The text a user would read in a message body (content and embeds).
pub fn visible_text(body: &Value) -> String {
    let mut out = String::new();
    let mut push = |v: &Value| {
        if let Some(s) = v.as_str() {
            out.push_str(s);
            out.push('\n');
        }
    };
    push(&body["content"]);
    for embed in body["embeds"].as_array().into_iter().flatten() {
        push(&embed["title"]);
        push(&embed["description"]);
        for field in embed["fields"].as_array().into_iter().flatten() {
            push(&field["name"]);
            push(&field["value"]);
        }
        push(&embed["footer"]["text"]);
    }
    out
}

/// What the server sends down a gateway connection.
enum Outgoing {
    Text(String),
    Close(u16, String),
    /// Drop the TCP connection without a close frame.
    Drop,
}

/// A gateway session: what Resume replays from.
struct Session {
    shard: [u32; 2],
    seq: u64,
    /// False once op 9 `d: false` invalidated it: a Resume of it is refused.
    valid: bool,
    /// Every dispatch of the session, `{op, s, t, d}`, in order.
    log: Vec<Value>,
    /// The connection the session lives on now, if any.
    conn: Option<(u64, mpsc::UnboundedSender<Outgoing>)>,
}

#[derive(Default)]
struct Gateway {
    sessions: HashMap<String, Session>,
    /// The latest session of each shard.
    current: HashMap<u32, String>,
    next_session: u64,
    next_conn: u64,
    /// Answer Identify with this close code instead of READY.
    reject_identify: Option<u16>,
}

/// A frame the client sent, or a connection it opened.
#[derive(Debug, Clone)]
pub struct Frame {
    pub conn: u64,
    /// The JSON the client sent; for a new connection `{"connect": uri}`.
    pub value: Value,
}

impl Frame {
    pub fn op(&self) -> Option<u64> {
        self.value["op"].as_u64()
    }
}

#[derive(Default)]
struct Records {
    requests: Vec<Request>,
    frames: Vec<Frame>,
    /// PUT command arrays, by route.
    commands: HashMap<String, Value>,
}

struct State {
    ws_url: String,
    gateway: Mutex<Gateway>,
    records: Mutex<Records>,
    /// Bumped whenever something is recorded; waiters watch it.
    changed: watch::Sender<u64>,
}

impl State {
    fn gateway(&self) -> MutexGuard<'_, Gateway> {
        self.gateway.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn records(&self) -> MutexGuard<'_, Records> {
        self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }
}

/// The server. Dropping it stops accepting connections.
pub struct Discord {
    /// `http://127.0.0.1:PORT`: what `discord.proxy` is set to.
    pub url: String,
    /// `ws://127.0.0.1:PORT`: what `GET /gateway` answers.
    pub ws_url: String,
    state: Arc<State>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Discord {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        for session in self.state.gateway().sessions.values_mut() {
            if let Some((_, tx)) = session.conn.take() {
                let _ = tx.send(Outgoing::Drop);
            }
        }
    }
}

impl Discord {
    /// Starts the REST server and the gateway on loopback.
    pub async fn start() -> Discord {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("bind rest");
        let ws = TcpListener::bind("127.0.0.1:0").await.expect("bind gateway");
        let url = format!("http://{}", rest.local_addr().expect("rest addr"));
        let ws_url = format!("ws://{}", ws.local_addr().expect("gateway addr"));
        let state = Arc::new(State {
            ws_url: ws_url.clone(),
            gateway: Mutex::new(Gateway::default()),
            records: Mutex::new(Records::default()),
            changed: watch::channel(0).0,
        });
        let rest_task = tokio::spawn(serve_rest(rest, Arc::clone(&state)));
        let ws_task = tokio::spawn(serve_gateway(ws, Arc::clone(&state)));
        Discord {
            url,
            ws_url,
            state,
            tasks: vec![rest_task, ws_task],
        }
    }

    /// From now on, answer Identify with a close frame carrying `code` (4004: bad token).
    pub fn reject_identify_with(&self, code: u16) {
        self.state.gateway().reject_identify = Some(code);
    }

    // ----- what the client sent -----

    /// Forgets the requests and frames recorded so far (a long benchmark would
    /// otherwise measure the server's memory as much as the bot's).
    pub fn clear_records(&self) {
        let mut records = self.state.records();
        records.requests.clear();
        records.frames.clear();
    }

    /// Takes the REST requests and frames recorded so far, leaving none: a long run
    /// counts replies as they come without missing one between reading and clearing.
    pub fn take_records(&self) -> (Vec<Request>, Vec<Frame>) {
        let mut records = self.state.records();
        (
            std::mem::take(&mut records.requests),
            std::mem::take(&mut records.frames),
        )
    }

    /// Forgets the dispatches every session keeps for Resume replays. Only for
    /// when the client has received them all (every question so far answered):
    /// a long run would otherwise measure the log's memory as much as the bot's.
    pub fn forget_dispatch_log(&self) {
        for session in self.state.gateway().sessions.values_mut() {
            session.log.clear();
        }
    }

    /// Every REST request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.state.records().requests.clone()
    }

    /// The REST requests matching `pred`.
    pub fn requests_matching(&self, pred: impl Fn(&Request) -> bool) -> Vec<Request> {
        self.state
            .records()
            .requests
            .iter()
            .filter(|r| pred(r))
            .cloned()
            .collect()
    }

    /// Every gateway frame (and connection) so far.
    pub fn frames(&self) -> Vec<Frame> {
        self.state.records().frames.clone()
    }

    /// The last command array PUT on `route` (`/applications/{app}/guilds/{g}/commands`).
    pub fn commands(&self, route: &str) -> Option<Value> {
        self.state.records().commands.get(route).cloned()
    }

    /// Waits until `found` returns `Some` over the records, or `timeout` passes.
    async fn wait_until<T>(&self, timeout: Duration, mut found: impl FnMut(&Records) -> Option<T>) -> Option<T> {
        let deadline = Instant::now() + timeout;
        let mut rx = self.state.changed.subscribe();
        loop {
            if let Some(t) = found(&self.state.records()) {
                return Some(t);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return found(&self.state.records()),
            }
        }
    }

    /// The first request matching `pred`, waiting up to `timeout` for it.
    pub async fn wait_for(&self, pred: impl Fn(&Request) -> bool, timeout: Duration) -> Option<Request> {
        self.wait_until(timeout, |r| r.requests.iter().find(|q| pred(q)).cloned())
            .await
    }

    /// The first request matching `pred`; panics, listing what did arrive, after `timeout`.
    pub async fn expect(&self, what: &str, pred: impl Fn(&Request) -> bool, timeout: Duration) -> Request {
        match self.wait_for(pred, timeout).await {
            Some(r) => r,
            None => panic!(
                "no {what} within {timeout:?}; requests were:\n{}",
                self.describe_requests()
            ),
        }
    }

    /// Waits until `n` requests match `pred` (or `timeout` passes) and returns all that match.
    pub async fn wait_for_count(&self, n: usize, pred: impl Fn(&Request) -> bool, timeout: Duration) -> Vec<Request> {
        let matching = |r: &Records| r.requests.iter().filter(|q| pred(q)).cloned().collect::<Vec<_>>();
        self.wait_until(timeout, |r| Some(matching(r)).filter(|m| m.len() >= n))
            .await
            .unwrap_or_else(|| matching(&self.state.records()))
    }

    /// The first gateway frame matching `pred`, waiting up to `timeout`.
    pub async fn wait_for_frame(&self, pred: impl Fn(&Frame) -> bool, timeout: Duration) -> Option<Frame> {
        self.wait_until(timeout, |r| r.frames.iter().find(|f| pred(f)).cloned())
            .await
    }

    /// Waits until `n` frames match `pred` and returns them; fewer if `timeout` passes.
    pub async fn wait_for_frames(&self, n: usize, pred: impl Fn(&Frame) -> bool, timeout: Duration) -> Vec<Frame> {
        let matching = |r: &Records| r.frames.iter().filter(|f| pred(f)).cloned().collect::<Vec<_>>();
        self.wait_until(timeout, |r| Some(matching(r)).filter(|m| m.len() >= n))
            .await
            .unwrap_or_else(|| matching(&self.state.records()))
    }

    /// The Identify payloads so far (op 2 frames' `d`).
    pub fn identifies(&self) -> Vec<Value> {
        self.frames()
            .into_iter()
            .filter(|f| f.op() == Some(2))
            .map(|f| f.value["d"].clone())
            .collect()
    }

    /// One line per request, for failure messages.
    pub fn describe_requests(&self) -> String {
        self.requests()
            .iter()
            .map(|r| {
                format!(
                    "  {} {} {}?{} {}",
                    r.status,
                    r.method,
                    r.route,
                    r.query,
                    truncate(&r.json.to_string(), 300)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Waits until shard `shard` has a live session that has been sent READY.
    pub async fn wait_ready(&self, shard: u32, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut rx = self.state.changed.subscribe();
        loop {
            if self.is_connected(shard) {
                return true;
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return self.is_connected(shard),
            }
        }
    }

    /// Whether shard `shard`'s current session is on a live connection.
    pub fn is_connected(&self, shard: u32) -> bool {
        let gateway = self.state.gateway();
        gateway
            .current
            .get(&shard)
            .and_then(|id| gateway.sessions.get(id))
            .is_some_and(|s| s.conn.is_some())
    }

    // ----- driving the gateway -----

    /// Dispatches event `t` with data `d` to shard 0; returns its sequence number.
    pub fn dispatch(&self, t: &str, d: Value) -> u64 {
        self.dispatch_to(0, t, d)
    }

    /// Dispatches event `t` to shard `shard`'s current session. When the session
    /// has no connection right now, the event waits in the session's log and a
    /// Resume replays it — as Discord does.
    pub fn dispatch_to(&self, shard: u32, t: &str, d: Value) -> u64 {
        let mut gateway = self.state.gateway();
        let id = gateway
            .current
            .get(&shard)
            .cloned()
            .unwrap_or_else(|| panic!("shard {shard} has no session: wait_ready first"));
        let session = gateway.sessions.get_mut(&id).expect("current session exists");
        push_dispatch(session, t, d)
    }

    /// Sends `payload` as is on shard `shard`'s connection (op 7, op 9, anything).
    pub fn send_raw(&self, shard: u32, payload: &Value) {
        self.send_to(shard, Outgoing::Text(payload.to_string()));
    }

    /// op 7: the client should reconnect and resume.
    pub fn request_reconnect(&self, shard: u32) {
        self.send_raw(shard, &json!({"op": 7, "d": null}));
    }

    /// op 9: the session is invalid; `resumable` is its `d`.
    pub fn invalidate_session(&self, shard: u32, resumable: bool) {
        if !resumable {
            // Discord forgets the session: a later Resume of it is refused.
            let mut gateway = self.state.gateway();
            if let Some(id) = gateway.current.get(&shard).cloned()
                && let Some(session) = gateway.sessions.get_mut(&id)
            {
                session.valid = false;
            }
        }
        self.send_raw(shard, &json!({"op": 9, "d": resumable}));
    }

    /// Closes shard `shard`'s connection with a close frame carrying `code`.
    pub fn close(&self, shard: u32, code: u16) {
        self.send_to(shard, Outgoing::Close(code, format!("test close {code}")));
    }

    /// Drops shard `shard`'s TCP connection without a close frame.
    pub fn drop_connection(&self, shard: u32) {
        self.send_to(shard, Outgoing::Drop);
    }

    fn send_to(&self, shard: u32, out: Outgoing) {
        let gateway = self.state.gateway();
        let conn = gateway
            .current
            .get(&shard)
            .and_then(|id| gateway.sessions.get(id))
            .and_then(|s| s.conn.as_ref())
            .unwrap_or_else(|| panic!("shard {shard} has no live connection"));
        let _ = conn.1.send(out);
    }
}

fn truncate(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

fn push_dispatch(session: &mut Session, t: &str, d: Value) -> u64 {
    session.seq += 1;
    let mut payload = json!({"op": 0, "s": session.seq, "t": t});
    payload["d"] = d;
    if let Some((_, tx)) = &session.conn {
        let _ = tx.send(Outgoing::Text(payload.to_string()));
    }
    session.log.push(payload);
    session.seq
}

// ----- payload builders -----

/// A user object.
pub fn user(id: u64, username: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": username,
        "global_name": null,
        "discriminator": "0",
        "avatar": null,
        "bot": bot,
        "public_flags": 0,
    })
}

pub fn bot_user() -> Value {
    user(BOT_ID, BOT_NAME, true)
}

/// A guild member: `user` with the fields serenity requires, and the member's
/// permissions as interactions carry them.
pub fn member(user: &Value, permissions: u64) -> Value {
    json!({
        "user": user,
        "nick": null,
        "avatar": null,
        "roles": [],
        "joined_at": TIMESTAMP,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": permissions.to_string(),
        "communication_disabled_until": null,
    })
}

/// A member's partial form inside `MESSAGE_CREATE` (no `user`).
fn message_member() -> Value {
    json!({
        "roles": [],
        "joined_at": TIMESTAMP,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
    })
}

/// What a test message looks like: who says what, where.
#[derive(Debug, Clone)]
pub struct MessageSpec {
    pub id: u64,
    pub channel_id: u64,
    /// `None` for a DM.
    pub guild_id: Option<u64>,
    pub author: Value,
    pub content: String,
    pub mentions: Vec<Value>,
    /// The message this one replies to.
    pub referenced: Option<Value>,
}

impl MessageSpec {
    /// `content` from [`USER_ID`] in [`CHANNEL_ID`].
    pub fn new(content: &str) -> MessageSpec {
        MessageSpec {
            id: snowflake(),
            channel_id: CHANNEL_ID,
            guild_id: Some(GUILD_ID),
            author: user(USER_ID, "asker", false),
            content: content.to_owned(),
            mentions: Vec::new(),
            referenced: None,
        }
    }

    /// `<@bot> question`, with the bot in `mentions` as Discord sends it.
    pub fn mention(question: &str) -> MessageSpec {
        let mut spec = MessageSpec::new(&format!("<@{BOT_ID}> {question}"));
        spec.mentions.push(bot_user());
        spec
    }

    /// A DM from [`USER_ID`].
    pub fn dm(content: &str) -> MessageSpec {
        let mut spec = MessageSpec::new(content);
        spec.channel_id = DM_CHANNEL_ID;
        spec.guild_id = None;
        spec
    }

    pub fn author(mut self, author: Value) -> MessageSpec {
        self.author = author;
        self
    }

    pub fn json(&self) -> Value {
        let mut m = json!({
            "id": self.id.to_string(),
            "channel_id": self.channel_id.to_string(),
            "author": self.author,
            "content": self.content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": self.mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": 0,
            "flags": 0,
            "nonce": self.id.to_string(),
        });
        if let Some(guild) = self.guild_id {
            m["guild_id"] = json!(guild.to_string());
            if self.author["bot"] != json!(true) || self.author["id"] != json!(BOT_ID.to_string()) {
                m["member"] = message_member();
            }
        }
        if let Some(referenced) = &self.referenced {
            m["type"] = json!(19);
            m["message_reference"] = json!({
                "message_id": referenced["id"],
                "channel_id": referenced["channel_id"],
                "guild_id": self.guild_id.map(|g| g.to_string()),
            });
            m["referenced_message"] = referenced.clone();
        }
        m
    }
}

/// A message the bot itself sent, as Discord would return it, for replies and buttons.
pub fn bot_message(id: u64, channel_id: u64, body: &Value) -> Value {
    message_from(id, channel_id, &bot_user(), body, &[])
}

/// A full Message object from a create/edit body.
fn message_from(id: u64, channel_id: u64, author: &Value, body: &Value, files: &[Upload]) -> Value {
    let attachments: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let filename = f.filename.clone().unwrap_or_else(|| format!("file{i}"));
            json!({
                "id": snowflake().to_string(),
                "filename": filename,
                "size": f.bytes.len(),
                "url": format!("https://cdn.invalid/attachments/{filename}"),
                "proxy_url": format!("https://media.invalid/attachments/{filename}"),
                "content_type": f.content_type,
            })
        })
        .collect();
    let mut m = json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": body["content"].as_str().unwrap_or_default(),
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": body["tts"].as_bool().unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments,
        "embeds": body.get("embeds").filter(|e| e.is_array()).cloned().unwrap_or_else(|| json!([])),
        "components": body.get("components").filter(|e| e.is_array()).cloned().unwrap_or_else(|| json!([])),
        "pinned": false,
        "type": 0,
        "flags": body["flags"].as_u64().unwrap_or(0),
    });
    if let Some(reference) = body.get("message_reference").filter(|r| r.is_object()) {
        m["type"] = json!(19);
        m["message_reference"] = reference.clone();
    }
    m
}

/// How an interaction comes: who, where, in which language.
#[derive(Debug, Clone)]
pub struct InteractionSpec {
    pub id: u64,
    pub token: String,
    pub channel_id: u64,
    /// `None` for a DM.
    pub guild_id: Option<u64>,
    pub user: Value,
    pub permissions: u64,
    pub locale: String,
}

impl InteractionSpec {
    /// From [`USER_ID`] in [`CHANNEL_ID`], locale `en-US`.
    pub fn new() -> InteractionSpec {
        let id = snowflake();
        InteractionSpec {
            id,
            token: format!("interaction-token-{id}"),
            channel_id: CHANNEL_ID,
            guild_id: Some(GUILD_ID),
            user: user(USER_ID, "asker", false),
            permissions: MEMBER_PERMISSIONS,
            locale: "en-US".to_owned(),
        }
    }

    pub fn locale(mut self, locale: &str) -> InteractionSpec {
        locale.clone_into(&mut self.locale);
        self
    }

    /// From the guild's administrator.
    pub fn admin(mut self) -> InteractionSpec {
        self.user = user(ADMIN_ID, "admin", false);
        self.permissions = ADMIN_PERMISSIONS;
        self
    }

    /// The fields every interaction type shares.
    fn base(&self, kind: u8, data: &Value) -> Value {
        let mut i = json!({
            "id": self.id.to_string(),
            "application_id": APP_ID.to_string(),
            "type": kind,
            "data": data,
            "channel_id": self.channel_id.to_string(),
            "channel": {"id": self.channel_id.to_string(), "type": u8::from(self.guild_id.is_none())},
            "token": self.token,
            "version": 1,
            "app_permissions": MEMBER_PERMISSIONS.to_string(),
            "locale": self.locale,
            "entitlements": [],
            "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
            "context": u8::from(self.guild_id.is_none()),
            "attachment_size_limit": 10_485_760,
        });
        match self.guild_id {
            Some(guild) => {
                i["guild_id"] = json!(guild.to_string());
                i["guild_locale"] = json!("it");
                i["member"] = member(&self.user, self.permissions);
            }
            None => i["user"] = self.user.clone(),
        }
        i
    }

    /// A slash command (type 2) `name` with `options` (`[{name, type, value}]`).
    pub fn command(&self, name: &str, options: &Value) -> Value {
        self.base(
            2,
            &json!({"id": command_id(name).to_string(), "name": name, "type": 1, "options": options}),
        )
    }

    /// An autocomplete request (type 4) for `name`, the option `option` being typed as `typed`.
    pub fn autocomplete(&self, name: &str, option: &str, typed: &str) -> Value {
        self.base(
            4,
            &json!({
                "id": command_id(name).to_string(),
                "name": name,
                "type": 1,
                "options": [{"name": option, "type": 3, "value": typed, "focused": true}],
            }),
        )
    }

    /// A message context-menu command (type 2, command type 3) on `target`.
    pub fn message_command(&self, name: &str, target: &Value) -> Value {
        let target_id = target["id"].as_str().expect("target message id").to_owned();
        self.base(
            2,
            &json!({
                "id": command_id(name).to_string(),
                "name": name,
                "type": 3,
                "target_id": target_id,
                "resolved": {"messages": {target_id.clone(): target}},
            }),
        )
    }

    /// A button press (type 3) with `custom_id` on `message`.
    pub fn button(&self, custom_id: &str, message: &Value) -> Value {
        let mut i = self.base(3, &json!({"custom_id": custom_id, "component_type": 2}));
        i["message"] = message.clone();
        i
    }
}

impl Default for InteractionSpec {
    fn default() -> Self {
        InteractionSpec::new()
    }
}

/// A stable command id for a name.
fn command_id(name: &str) -> u64 {
    let hash = name
        .bytes()
        .fold(0_u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    1_150_000_000_000_000_000 + hash % 1_000_000_000
}

fn role(id: u64, name: &str, permissions: u64, position: u16) -> Value {
    json!({
        "id": id.to_string(),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions.to_string(),
        "managed": false,
        "mentionable": false,
        "flags": 0,
    })
}

fn text_channel() -> Value {
    json!({
        "id": CHANNEL_ID.to_string(),
        "type": 0,
        "guild_id": GUILD_ID.to_string(),
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "parent_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    })
}

/// A public thread (type 11) under [`CHANNEL_ID`].
fn thread_channel() -> Value {
    json!({
        "id": THREAD_ID.to_string(),
        "type": 11,
        "guild_id": GUILD_ID.to_string(),
        "name": "deal talk",
        "parent_id": CHANNEL_ID.to_string(),
        "owner_id": USER_ID.to_string(),
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
        "message_count": 1,
        "member_count": 1,
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 1440,
            "archive_timestamp": TIMESTAMP,
            "locked": false,
        },
    })
}

fn other_channel() -> Value {
    let mut channel = text_channel();
    channel["id"] = json!(OTHER_CHANNEL_ID.to_string());
    channel["name"] = json!("random");
    channel["position"] = json!(1);
    channel
}

fn dm_channel() -> Value {
    json!({
        "id": DM_CHANNEL_ID.to_string(),
        "type": 1,
        "last_message_id": null,
        "recipients": [user(USER_ID, "asker", false)],
    })
}

/// `GUILD_CREATE`'s `d`: the guild with its channel, roles and the bot as a member.
pub fn guild_create() -> Value {
    let mut admin = member(&user(ADMIN_ID, "admin", false), ADMIN_PERMISSIONS);
    admin["roles"] = json!([(EVERYONE_ROLE_ID + 1).to_string()]);
    let mut guild = json!({
        "id": GUILD_ID.to_string(),
        "name": "Deal watchers",
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": ADMIN_ID.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [
            role(EVERYONE_ROLE_ID, "@everyone", MEMBER_PERMISSIONS, 0),
            role(EVERYONE_ROLE_ID + 1, "admins", ADMIN_PERMISSIONS, 1),
        ],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "it",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
    });
    // The fields only GUILD_CREATE carries (split in two for `json!`'s recursion limit).
    let extra = json!({
        "joined_at": TIMESTAMP,
        "large": false,
        "unavailable": false,
        "member_count": 3,
        "voice_states": [],
        "members": [
            member(&bot_user(), MEMBER_PERMISSIONS),
            member(&user(USER_ID, "asker", false), MEMBER_PERMISSIONS),
            admin,
        ],
        "channels": [text_channel()],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "incidents_data": null,
    });
    if let (Some(guild), Some(extra)) = (guild.as_object_mut(), extra.as_object()) {
        guild.extend(extra.clone());
    }
    guild
}

fn application() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": BOT_NAME,
        "icon": null,
        "description": "answers questions about the story",
        "bot_public": true,
        "bot_require_code_grant": false,
        "owner": user(ADMIN_ID, "admin", false),
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "team": null,
        "flags": 0,
        "bot": bot_user(),
    })
}

fn ready(session_id: &str, shard: [u32; 2], ws_url: &str) -> Value {
    json!({
        "v": 10,
        "user": {
            "id": BOT_ID.to_string(),
            "username": BOT_NAME,
            "discriminator": "0",
            "global_name": null,
            "avatar": null,
            "bot": true,
            "verified": true,
            "mfa_enabled": false,
            "flags": 0,
        },
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": session_id,
        "resume_gateway_url": ws_url,
        "shard": shard,
        "application": {"id": APP_ID.to_string(), "flags": 0},
        "private_channels": [],
        "presences": [],
        "relationships": [],
    })
}

// ----- REST -----

type Response = hyper::Response<Full<Bytes>>;

async fn serve_rest(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |req| handle_rest(Arc::clone(&state), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle_rest(state: Arc<State>, req: hyper::Request<Incoming>) -> Result<Response, Infallible> {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_type = req
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = match req.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let (json, files) = if content_type.starts_with("multipart/form-data") {
        parse_multipart(&content_type, &body)
    } else if body.is_empty() {
        (Value::Null, Vec::new())
    } else {
        (serde_json::from_slice(&body).unwrap_or(Value::Null), Vec::new())
    };
    let at = std::time::Instant::now();
    let route = path.strip_prefix("/api/v10").unwrap_or(&path).to_owned();
    let (status, reply) = route_rest(&state, &method, &route, &json, &files);
    let mut records = state.records();
    let index = records.requests.len();
    records.requests.push(Request {
        index,
        method: method.as_str().to_owned(),
        route,
        query,
        headers,
        json,
        files,
        status: status.as_u16(),
        response: reply.clone().unwrap_or(Value::Null),
        at,
    });
    drop(records);
    state.bump();
    let mut response = hyper::Response::builder().status(status);
    let body = match reply {
        Some(value) => {
            response = response.header(hyper::header::CONTENT_TYPE, "application/json");
            Bytes::from(value.to_string())
        }
        None => Bytes::new(),
    };
    Ok(response.body(Full::new(body)).expect("valid response"))
}

fn not_found(method: &Method, route: &str) -> (StatusCode, Option<Value>) {
    (
        StatusCode::NOT_FOUND,
        Some(json!({"message": format!("test server: no route for {method} {route}"), "code": 0})),
    )
}

fn route_rest(
    state: &State,
    method: &Method,
    route: &str,
    json: &Value,
    files: &[Upload],
) -> (StatusCode, Option<Value>) {
    let parts: Vec<&str> = route.trim_matches('/').split('/').collect();
    let ok = |v: Value| (StatusCode::OK, Some(v));
    let no_content = (StatusCode::NO_CONTENT, None);
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["gateway"]) => ok(json!({"url": state.ws_url})),
        ("GET", ["gateway", "bot"]) => ok(json!({
            "url": state.ws_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
        })),
        ("GET", ["users", "@me"]) => ok(bot_user()),
        ("GET", ["applications", "@me"] | ["oauth2", "applications", "@me"]) => ok(application()),
        ("PUT", ["applications", _, "commands"] | ["applications", _, "guilds", _, "commands"]) => {
            let guild_id = match parts.as_slice() {
                ["applications", _, "guilds", g, _] => Some((*g).to_owned()),
                _ => None,
            };
            let commands: Vec<Value> = json
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let mut c = c.clone();
                    let name = c["name"].as_str().unwrap_or_default().to_owned();
                    c["id"] = json!(command_id(&name).to_string());
                    c["application_id"] = json!(APP_ID.to_string());
                    c["guild_id"] = json!(guild_id);
                    c["version"] = json!(snowflake().to_string());
                    if c.get("type").is_none_or(Value::is_null) {
                        c["type"] = json!(1);
                    }
                    if c.get("description").is_none_or(Value::is_null) {
                        c["description"] = json!("");
                    }
                    c
                })
                .collect();
            let commands = Value::Array(commands);
            state.records().commands.insert(route.to_owned(), commands.clone());
            ok(commands)
        }
        ("GET", ["applications", _, "commands"] | ["applications", _, "guilds", _, "commands"]) => ok(state
            .records()
            .commands
            .get(route)
            .cloned()
            .unwrap_or_else(|| json!([]))),
        ("GET", ["channels", id]) if *id == CHANNEL_ID.to_string() => ok(text_channel()),
        ("GET", ["channels", id]) if *id == DM_CHANNEL_ID.to_string() => ok(dm_channel()),
        ("GET", ["channels", id]) if *id == THREAD_ID.to_string() => ok(thread_channel()),
        ("GET", ["channels", id]) if *id == OTHER_CHANNEL_ID.to_string() => ok(other_channel()),
        ("POST", ["users", "@me", "channels"]) => ok(dm_channel()),
        ("POST", ["channels", channel, "messages"]) => {
            let channel = channel.parse().unwrap_or(0);
            ok(message_from(snowflake(), channel, &bot_user(), json, files))
        }
        ("PATCH", ["channels", channel, "messages", id]) => ok(message_from(
            id.parse().unwrap_or(0),
            channel.parse().unwrap_or(0),
            &bot_user(),
            json,
            files,
        )),
        ("POST", ["channels", _, "typing"] | ["interactions", _, _, "callback"])
        | ("DELETE", ["channels", _, "messages", _] | ["webhooks", _, _, "messages", _]) => no_content,
        ("POST", ["webhooks", _, _]) | ("PATCH" | "GET", ["webhooks", _, _, "messages", _]) => {
            ok(webhook_message(json, files))
        }
        ("GET", ["guilds", guild]) if *guild == GUILD_ID.to_string() => ok(guild_create()),
        ("GET", ["guilds", guild, "roles"]) if *guild == GUILD_ID.to_string() => ok(guild_create()["roles"].clone()),
        ("GET", ["guilds", guild, "channels"]) if *guild == GUILD_ID.to_string() => ok(json!([text_channel()])),
        ("GET", ["guilds", guild, "members", id]) if *guild == GUILD_ID.to_string() => {
            let permissions = if *id == ADMIN_ID.to_string() {
                ADMIN_PERMISSIONS
            } else {
                MEMBER_PERMISSIONS
            };
            let name = if *id == ADMIN_ID.to_string() { "admin" } else { "asker" };
            ok(member(&user(id.parse().unwrap_or(0), name, false), permissions))
        }
        _ => not_found(method, route),
    }
}

/// An interaction's response message: in the interaction's channel, by the bot.
fn webhook_message(body: &Value, files: &[Upload]) -> Value {
    message_from(snowflake(), CHANNEL_ID, &bot_user(), body, files)
}

/// Splits a `multipart/form-data` body into its `payload_json` and its files.
fn parse_multipart(content_type: &str, body: &[u8]) -> (Value, Vec<Upload>) {
    let Some(boundary) = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .next()
    else {
        return (Value::Null, Vec::new());
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut json = Value::Null;
    let mut files = Vec::new();
    for part in split_bytes(body, &delimiter).into_iter().skip(1) {
        if part.starts_with(b"--") {
            break;
        }
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let Some(header_end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..header_end]).into_owned();
        let content = &part[header_end + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let mut field = String::new();
        let mut filename = None;
        let mut part_type = None;
        for line in headers.lines() {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                field = disposition_param(line, "name").unwrap_or_default();
                filename = disposition_param(line, "filename");
            } else if lower.starts_with("content-type:") {
                part_type = Some(line["content-type:".len()..].trim().to_owned());
            }
        }
        if field == "payload_json" {
            json = serde_json::from_slice(content).unwrap_or(Value::Null);
        } else {
            files.push(Upload {
                field,
                filename,
                content_type: part_type,
                bytes: content.to_vec(),
            });
        }
    }
    (json, files)
}

fn disposition_param(line: &str, name: &str) -> Option<String> {
    line.split(';').skip(1).find_map(|p| {
        let (key, value) = p.trim().split_once('=')?;
        (key == name).then(|| value.trim_matches('"').to_owned())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut hay: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = find(hay, delimiter) {
        out.push(&hay[..at]);
        hay = &hay[at + delimiter.len()..];
    }
    out.push(hay);
    out
}

// ----- gateway -----

async fn serve_gateway(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(stream, Arc::clone(&state)));
    }
}

fn record_frame(state: &State, conn: u64, value: Value) {
    state.records().frames.push(Frame { conn, value });
    state.bump();
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let mut uri = String::new();
    #[expect(
        clippy::result_large_err,
        reason = "tungstenite's handshake callback returns its own response type"
    )]
    let accepted = tokio_tungstenite::accept_hdr_async(
        stream,
        |req: &tokio_tungstenite::tungstenite::handshake::server::Request,
         resp: tokio_tungstenite::tungstenite::handshake::server::Response| {
            uri = req.uri().to_string();
            Ok(resp)
        },
    )
    .await;
    let Ok(mut ws) = accepted else {
        return;
    };
    let conn = {
        let mut gateway = state.gateway();
        gateway.next_conn += 1;
        gateway.next_conn
    };
    record_frame(&state, conn, json!({"connect": uri}));
    let (tx, mut rx) = mpsc::unbounded_channel::<Outgoing>();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}});
    if ws.send(WsMessage::Text(hello.to_string())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(Outgoing::Text(text)) => {
                    if ws.send(WsMessage::Text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close(code, reason)) => {
                    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                    let _ = ws.send(WsMessage::Close(Some(frame))).await;
                    // Give the client a moment to read the close frame, then hang up.
                    let _ = tokio::time::timeout(Duration::from_secs(2), async {
                        while let Some(Ok(message)) = ws.next().await {
                            if message.is_close() {
                                break;
                            }
                        }
                    })
                    .await;
                    break;
                }
                Some(Outgoing::Drop) | None => break,
            },
            incoming = ws.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    let Ok(value) = serde_json::from_str::<Value>(&text) else {
                        continue;
                    };
                    record_frame(&state, conn, value.clone());
                    on_client_frame(&state, conn, &tx, &value);
                }
                Some(Ok(WsMessage::Binary(bytes))) => {
                    record_frame(&state, conn, json!({"binary": bytes.len()}));
                }
                Some(Ok(WsMessage::Close(frame))) => {
                    record_frame(&state, conn, json!({"close": frame.map(|f| u16::from(f.code))}));
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            },
        }
    }
    // The session outlives its connection; it just has none now.
    let mut gateway = state.gateway();
    for session in gateway.sessions.values_mut() {
        if session.conn.as_ref().is_some_and(|(c, _)| *c == conn) {
            session.conn = None;
        }
    }
    drop(gateway);
    state.bump();
}

fn on_client_frame(state: &State, conn: u64, tx: &mpsc::UnboundedSender<Outgoing>, value: &Value) {
    match value["op"].as_u64() {
        Some(1) => {
            let _ = tx.send(Outgoing::Text(json!({"op": 11}).to_string()));
        }
        Some(2) => identify(state, conn, tx, &value["d"]),
        Some(6) => resume(state, conn, tx, &value["d"]),
        _ => {}
    }
}

fn identify(state: &State, conn: u64, tx: &mpsc::UnboundedSender<Outgoing>, d: &Value) {
    let mut gateway = state.gateway();
    if let Some(code) = gateway.reject_identify {
        let _ = tx.send(Outgoing::Close(code, "Authentication failed.".to_owned()));
        return;
    }
    let shard = match d["shard"].as_array().map(Vec::as_slice) {
        Some([id, total]) => [
            u32::try_from(id.as_u64().unwrap_or(0)).unwrap_or(0),
            u32::try_from(total.as_u64().unwrap_or(1)).unwrap_or(1),
        ],
        _ => [0, 1],
    };
    gateway.next_session += 1;
    let id = format!("session-{}-{}", shard[0], gateway.next_session);
    let mut session = Session {
        shard,
        seq: 0,
        valid: true,
        log: Vec::new(),
        conn: Some((conn, tx.clone())),
    };
    push_dispatch(&mut session, "READY", ready(&id, shard, &state.ws_url));
    gateway.sessions.insert(id.clone(), session);
    gateway.current.insert(shard[0], id);
    drop(gateway);
    state.bump();
}

fn resume(state: &State, conn: u64, tx: &mpsc::UnboundedSender<Outgoing>, d: &Value) {
    let mut gateway = state.gateway();
    let id = d["session_id"].as_str().unwrap_or_default();
    let after = d["seq"].as_u64().unwrap_or(0);
    let Some(session) = gateway.sessions.get_mut(id).filter(|s| s.valid) else {
        let _ = tx.send(Outgoing::Text(json!({"op": 9, "d": false}).to_string()));
        return;
    };
    for payload in session
        .log
        .iter()
        .filter(|p| p["s"].as_u64().is_some_and(|s| s > after))
    {
        let _ = tx.send(Outgoing::Text(payload.to_string()));
    }
    session.seq += 1;
    let resumed = json!({"op": 0, "s": session.seq, "t": "RESUMED", "d": {}});
    let _ = tx.send(Outgoing::Text(resumed.to_string()));
    session.conn = Some((conn, tx.clone()));
    drop(gateway);
    state.bump();
}
