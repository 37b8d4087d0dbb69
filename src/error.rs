//! The engine's error type: every variant names what it was working on, so a
//! message read in a log points straight at the file or setting at fault.

use std::path::PathBuf;

/// Everything the engine and the configuration can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}")]
    ReadFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} has no text")]
    EmptyArticle { path: PathBuf },
    #[error(
        "{path} does not align with its article: {reason} (the translation must have the same paragraphs and headings, in order)"
    )]
    Misaligned { path: PathBuf, reason: String },
    #[error("cannot list the seeds folder {path}")]
    ListSeeds {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid configuration in {path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error("cannot parse the lexicon: {0}")]
    Lexicon(String),
    #[error("index in {path}: {message}")]
    Index { path: PathBuf, message: String },
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("knowledge-gap database {path}")]
    Gaps {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot write {path}")]
    WriteFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
