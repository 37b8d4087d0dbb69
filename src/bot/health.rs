//! The gateway's side of `/readyz` and the reconnect count.
//!
//! serenity reports no event when a shard loses its connection (a shard that
//! re-identifies is restarted, and its stage changes happen between the points
//! where serenity dispatches stage updates), but its shard manager keeps every
//! runner's stage, reset to `Disconnected` on a restart. So readiness polls the
//! manager ([`watch_shards`]): connected means every shard this process runs is
//! `Connected`. READY and RESUMED, which reach event handlers, count reconnects.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serenity::all::{ConnectionStage, Context, EventHandler, Ready, ResumedEvent, ShardManager};

use crate::http::Health;
use crate::metrics;

/// How often readiness looks at the shards.
const POLL: Duration = Duration::from_millis(100);

/// Keeps `health`'s gateway flag current until the task is aborted.
pub async fn watch_shards(manager: Arc<ShardManager>, health: Arc<Health>, shards: u32) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut was = false;
    loop {
        tick.tick().await;
        let connected = {
            let runners = manager.runners.lock().await;
            runners
                .values()
                .filter(|r| r.stage == ConnectionStage::Connected)
                .count()
        };
        let now = u32::try_from(connected).unwrap_or(u32::MAX) >= shards.max(1);
        if now != was {
            tracing::info!(connected = now, "gateway readiness changed");
            was = now;
        }
        health.set_gateway(now);
    }
}

/// Counts sessions: each shard's first READY is the connection, any later
/// READY or RESUMED a reconnect.
pub struct SessionCounter {
    shards: u32,
    sessions: AtomicU64,
}

impl SessionCounter {
    /// For a process that runs `shards` shards.
    pub fn new(shards: u32) -> SessionCounter {
        SessionCounter {
            shards: shards.max(1),
            sessions: AtomicU64::new(0),
        }
    }

    fn session(&self) {
        if self.sessions.fetch_add(1, Ordering::SeqCst) >= u64::from(self.shards) {
            metrics::gateway_reconnect();
        }
    }
}

#[serenity::async_trait]
impl EventHandler for SessionCounter {
    async fn ready(&self, _ctx: Context, _ready: Ready) {
        self.session();
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        self.session();
    }
}
