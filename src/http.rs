//! The operator's HTTP endpoints, on `[http] listen` (off when absent):
//! `GET /healthz` (the process is alive: 200), `GET /readyz` (200 when the
//! gateway is connected and the index loaded, else 503 with
//! `{"ready":false,"reason":"…"}`), `GET /metrics` (Prometheus text, rendered
//! by `metrics-exporter-prometheus`; see [`crate::metrics`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusHandle;
use tokio::net::TcpListener;

/// What `/readyz` reports: set by the fronts as things happen.
#[derive(Debug)]
pub struct Health {
    /// `false` for the console, which has no gateway.
    needs_gateway: bool,
    gateway: AtomicBool,
    index: AtomicBool,
}

impl Health {
    /// The bot's health: not ready until the gateway connects.
    pub fn bot() -> Arc<Health> {
        Arc::new(Health {
            needs_gateway: true,
            gateway: AtomicBool::new(false),
            index: AtomicBool::new(false),
        })
    }

    /// The console's health: ready as soon as the index is loaded.
    pub fn console() -> Arc<Health> {
        Arc::new(Health {
            needs_gateway: false,
            gateway: AtomicBool::new(false),
            index: AtomicBool::new(false),
        })
    }

    pub fn set_gateway(&self, connected: bool) {
        self.gateway.store(connected, Ordering::SeqCst);
    }

    pub fn set_index(&self, loaded: bool) {
        self.index.store(loaded, Ordering::SeqCst);
    }

    /// `Ok` when ready, else why not.
    pub fn ready(&self) -> Result<(), &'static str> {
        if !self.index.load(Ordering::SeqCst) {
            Err("index not loaded")
        } else if self.needs_gateway && !self.gateway.load(Ordering::SeqCst) {
            Err("gateway not connected")
        } else {
            Ok(())
        }
    }
}

#[derive(Clone)]
struct AppState {
    health: Arc<Health>,
    metrics: PrometheusHandle,
}

/// The endpoints' router.
pub fn router(health: Arc<Health>, metrics: PrometheusHandle) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .with_state(AppState { health, metrics })
}

/// How often histogram samples are folded into their buckets between scrapes.
const UPKEEP: Duration = Duration::from_secs(5);

/// Serves the endpoints on `listener` until the task is dropped or aborted.
pub async fn serve(listener: TcpListener, health: Arc<Health>) -> std::io::Result<()> {
    let handle = crate::metrics::install();
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "health and metrics listening");
    }
    // The recorder keeps every histogram sample until upkeep folds them into
    // buckets: without it, a bot nobody scrapes grows with every answer.
    let upkeep = {
        let handle = handle.clone();
        async move {
            loop {
                tokio::time::sleep(UPKEEP).await;
                handle.run_upkeep();
            }
        }
    };
    tokio::select! {
        served = axum::serve(listener, router(health, handle)) => served,
        () = upkeep => Ok(()),
    }
}

async fn healthz() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"alive":true}"#,
    )
        .into_response()
}

async fn readyz(State(state): State<AppState>) -> Response {
    let (status, body) = match state.health.ready() {
        Ok(()) => (StatusCode::OK, serde_json::json!({"ready": true})),
        Err(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({"ready": false, "reason": reason}),
        ),
    };
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    state.metrics.run_upkeep();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}
