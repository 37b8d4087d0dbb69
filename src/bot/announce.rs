//! Announces each newly indexed article in `discord.announce_channel`, once.
//!
//! One path whatever brought the article in (`/add`, a file dropped into
//! `seeds/` and seen by the watcher, `/reindex`): the announcer watches the
//! engine's serving snapshot and, whenever a new one is swapped in, posts the
//! articles it has that no snapshot before it had. The articles indexed when
//! the bot starts are known, not news.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ChannelId, CreateMessage, Http};

use super::card;
use super::locale::phrases;
use crate::engine::{Engine, Snapshot};

/// How often the serving snapshot is compared with the last one seen: a
/// pointer comparison, so cheap; an announcement follows a swap within it.
const POLL: Duration = Duration::from_millis(250);

/// The articles of `snapshot`, by file name.
fn docs(snapshot: &Snapshot) -> HashSet<String> {
    snapshot.passages.iter().map(|p| p.doc.clone()).collect()
}

/// The articles of `now` not among `known`, in the order they were indexed.
fn new_articles(known: &HashSet<String>, now: &Snapshot) -> Vec<String> {
    let mut seen = HashSet::new();
    (now.passages.iter())
        .map(|p| p.doc.as_str())
        .filter(|doc| !known.contains(*doc) && seen.insert(*doc))
        .map(str::to_owned)
        .collect()
}

/// Posts each article `engine` indexes from now on in `channel`, until aborted.
pub async fn run(engine: Arc<Engine>, http: Arc<Http>, channel: ChannelId) {
    let mut last = engine.snapshot();
    let mut known = docs(&last);
    loop {
        tokio::time::sleep(POLL).await;
        let now = engine.snapshot();
        if Arc::ptr_eq(&now, &last) {
            continue;
        }
        for doc in new_articles(&known, &now) {
            post(&engine, &http, channel, &doc).await;
        }
        // An article removed and added again later is news again.
        known = docs(&now);
        last = now;
    }
}

async fn post(engine: &Engine, http: &Http, channel: ChannelId, doc: &str) {
    let summary = match engine.summary(doc) {
        Ok(summary) => summary,
        Err(e) => {
            tracing::warn!(doc, error = %e, "cannot read a new article to announce it");
            return;
        }
    };
    // The article's own language for the words around it: an Italian
    // article is announced in Italian.
    let lang = summary.lang;
    let embed = card::article_embed(phrases(lang).new_article, &summary, lang);
    let message = CreateMessage::new().embed(embed).allowed_mentions(super::no_pings());
    match channel.send_message(http, message).await {
        Ok(_) => tracing::info!(doc, channel = %channel, "new article announced"),
        Err(e) => tracing::warn!(doc, channel = %channel, error = %e, "cannot announce a new article"),
    }
}
