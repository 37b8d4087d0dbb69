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
//! send; [`bot`] is the Discord front (serenity + poise), glue only.
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
pub mod check;
pub mod config;
pub mod engine;
pub mod error;
pub mod render;
