//! The gateway's side of `/readyz` and the reconnect count: a plain serenity
//! event handler beside poise's framework, because shard stage changes reach
//! event handlers only.
//!
//! Connected means every shard this process runs has received READY or
//! RESUMED since its last stage change away from `Connected` (serenity reports
//! those when a shard re-identifies or cannot reach the gateway).

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serenity::all::{ConnectionStage, Context, EventHandler, Ready, ResumedEvent, ShardStageUpdateEvent};

use crate::http::Health;
use crate::metrics;

/// Watches the shards and keeps [`Health`]'s gateway flag current.
pub struct GatewayHealth {
    health: Arc<Health>,
    shards: u32,
    connected: Mutex<HashSet<u32>>,
    sessions: AtomicU64,
}

impl GatewayHealth {
    /// For a process that runs `shards` shards.
    pub fn new(health: Arc<Health>, shards: u32) -> GatewayHealth {
        GatewayHealth {
            health,
            shards: shards.max(1),
            connected: Mutex::new(HashSet::new()),
            sessions: AtomicU64::new(0),
        }
    }

    fn set(&self, shard: u32, connected: bool) {
        let mut shards = self.connected.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if connected {
            shards.insert(shard);
        } else {
            shards.remove(&shard);
        }
        let all = u32::try_from(shards.len()).unwrap_or(u32::MAX) >= self.shards;
        self.health.set_gateway(all);
    }

    fn session(&self, shard: u32) {
        // Each shard's first READY is the connection; any other is a reconnect.
        if self.sessions.fetch_add(1, Ordering::SeqCst) >= u64::from(self.shards) {
            metrics::gateway_reconnect();
        }
        self.set(shard, true);
    }
}

#[serenity::async_trait]
impl EventHandler for GatewayHealth {
    async fn ready(&self, ctx: Context, _ready: Ready) {
        self.session(ctx.shard_id.0);
    }

    async fn resume(&self, ctx: Context, _event: ResumedEvent) {
        self.session(ctx.shard_id.0);
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        if event.new != ConnectionStage::Connected {
            tracing::info!(shard = event.shard_id.0, stage = ?event.new, "gateway disconnected");
            self.set(event.shard_id.0, false);
        }
    }
}
