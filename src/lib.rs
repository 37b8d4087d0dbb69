//! dealbot answers questions about a news story — in Italian or English — by
//! quoting the articles, and refuses what they do not say.
//!
//! ```text
//! seeds/*.txt ──corpus──▶ passages ──index──▶ tantivy index/ ──search──▶ Answer / Figures
//!                                                              │
//!         CLI (ask, figures, index, console) ◀─────────────────┤
//!         Discord front (serenity + poise) ◀───────────────────┘
//! ```
//!
//! [`engine`] is the whole of the retrieval and knows nothing about Discord;
//! [`render`] turns an [`engine::Answer`] into the text both the console and the bot
//! send; [`gaps`] records what the engine refused and how answers were rated, for
//! the console, the `dealbot gaps` report and the bot alike; [`bot`] is the Discord
//! front (serenity + poise), glue only; [`money`] writes amounts and [`chart`] draws
//! the key figures' chart, for the `figures` command and the bot alike. [`watch`] rebuilds the index live when
//! `seeds/` changes; [`http`] serves health and [`metrics`] to operators.
//!
//! ```no_run
//! use std::path::Path;
//! let engine = dealbot::engine::Engine::open(Path::new("seeds"), Path::new("index"))?;
//! let answer = engine.answer("Quanto vale l'accordo tra Amazon e OpenAI?");
//! assert!(answer.answered);
//! println!("{}", dealbot::render::text(&answer));
//! # Ok::<(), dealbot::error::Error>(())
//! ```

pub mod bot;
pub mod chart;
pub mod check;
pub mod config;
pub mod decode;
pub mod engine;
pub mod error;
pub mod fit;
pub mod gaps;
pub mod http;
pub mod ingest;
pub mod memory;
pub mod metrics;
pub mod money;
pub mod render;
pub mod watch;
