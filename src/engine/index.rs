//! Building and opening the tantivy index in `index_dir`.
//!
//! The folder holds `manifest.json` and one generation folder with the tantivy
//! files and the extracted figures. The manifest records a hash of every seed
//! file (and of the lexicon and schema version), so an index is rebuilt by itself
//! when the seeds change. A new generation is written beside the old one and the
//! manifest is replaced atomically: a crash mid-build leaves the old index intact,
//! and a missing or corrupt index is rebuilt, never a crash.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, doc};

use super::corpus::{Passage, load_articles, seed_files};
use super::figures::{EXTRACTION_VERSION, Figure, amounts, extract};
use super::lexicon::{DEFAULT_LEXICON, Lexicon};
use super::schema::{Fields, SCHEMA_VERSION, register, schema};
use crate::error::{Error, Result};

const MANIFEST: &str = "manifest.json";
const FIGURES: &str = "figures.json";

/// What `manifest.json` says about the index beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// The generation folder holding the tantivy files.
    pub generation: String,
    /// The hash of the seeds, the lexicon and the schema version.
    pub fingerprint: String,
    pub files: Vec<SeedFile>,
    /// When the index was built, RFC 3339 in UTC.
    pub built_at: String,
    pub passages: usize,
    /// Files that could not be indexed, with the reason.
    #[serde(default)]
    pub errors: Vec<String>,
    /// Files indexed with a caveat (an article in neither language), with the reason.
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeedFile {
    pub name: String,
    pub sha256: String,
}

/// An opened index: the tantivy reader and everything loaded from it.
pub struct Opened {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub passages: Vec<Passage>,
    pub figures: Vec<Figure>,
    pub manifest: Manifest,
}

/// Hashes the seed files: names and contents, plus the schema version and the
/// data the index is read with (the lexicon; the anatomy data, which cuts the
/// articles into passages; the measure table and the vocabulary, which label
/// the figures stored beside it).
fn fingerprint(seeds_dir: &Path) -> Result<(String, Vec<SeedFile>)> {
    let mut all = Sha256::new();
    all.update(SCHEMA_VERSION.to_le_bytes());
    all.update(EXTRACTION_VERSION.to_le_bytes());
    all.update(env!("CARGO_PKG_VERSION").as_bytes());
    all.update(DEFAULT_LEXICON.as_bytes());
    all.update(super::anatomy::ANATOMY.as_bytes());
    all.update(super::figures::MEASURE_TABLE.as_bytes());
    for (_, text) in super::dictionary::FILES {
        all.update(text.as_bytes());
    }
    let mut files = Vec::new();
    for path in seed_files(seeds_dir)? {
        let bytes = std::fs::read(&path).map_err(|source| Error::ReadFile {
            path: path.clone(),
            source,
        })?;
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let sha = format!("{:x}", Sha256::digest(&bytes));
        all.update(name.as_bytes());
        all.update([0]);
        all.update(sha.as_bytes());
        files.push(SeedFile { name, sha256: sha });
    }
    Ok((format!("{:x}", all.finalize()), files))
}

fn index_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Index {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// Opens the index in `index_dir`, building it first when it is missing, stale
/// (the seeds changed) or unreadable.
pub fn open_or_build(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Opened> {
    let (fingerprint, files) = fingerprint(seeds_dir)?;
    match read_manifest(index_dir) {
        Some(manifest) if manifest.fingerprint == fingerprint && manifest.schema_version == SCHEMA_VERSION => {
            match open(index_dir, manifest, lexicon) {
                Ok(opened) => return Ok(opened),
                Err(e) => tracing::warn!(error = %e, "index unreadable, rebuilding"),
            }
        }
        Some(_) => tracing::info!(index = %index_dir.display(), "seeds changed, rebuilding the index"),
        None => tracing::info!(index = %index_dir.display(), "no index yet, building it"),
    }
    let opened = build_with(seeds_dir, index_dir, lexicon, fingerprint, files)?;
    publish(index_dir, &opened.manifest)?;
    Ok(opened)
}

/// Rebuilds the index from the seeds, whatever state it is in, and publishes it.
pub fn build(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Opened> {
    let opened = build_unpublished(seeds_dir, index_dir, lexicon)?;
    publish(index_dir, &opened.manifest)?;
    Ok(opened)
}

/// Builds a new generation from the seeds without publishing it: the manifest
/// still names the previous one, so a restart opens that. The caller decides
/// with [`publish`] or [`discard`].
pub fn build_unpublished(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Opened> {
    let (fingerprint, files) = fingerprint(seeds_dir)?;
    build_with(seeds_dir, index_dir, lexicon, fingerprint, files)
}

/// Makes `manifest`'s generation the one a restart opens (atomic rename) and
/// removes the generations before it.
pub fn publish(index_dir: &Path, manifest: &Manifest) -> Result<()> {
    let tmp = index_dir.join(format!("{MANIFEST}.{}.tmp", std::process::id()));
    write_json(&tmp, manifest)?;
    std::fs::rename(&tmp, index_dir.join(MANIFEST)).map_err(|source| Error::WriteFile {
        path: index_dir.join(MANIFEST),
        source,
    })?;
    remove_old_generations(index_dir, &manifest.generation);
    Ok(())
}

/// Removes a generation that was built but not published. Best effort.
pub fn discard(index_dir: &Path, manifest: &Manifest) {
    let _ = std::fs::remove_dir_all(index_dir.join(&manifest.generation));
}

fn read_manifest(index_dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(index_dir.join(MANIFEST)).ok()?;
    serde_json::from_str(&text).ok()
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn build_with(
    seeds_dir: &Path,
    index_dir: &Path,
    lexicon: &Lexicon,
    fingerprint: String,
    files: Vec<SeedFile>,
) -> Result<Opened> {
    let corpus = load_articles(seeds_dir)?;
    for e in &corpus.errors {
        tracing::error!(error = %e, "seed file skipped");
    }
    for w in &corpus.warnings {
        tracing::warn!(warning = %w, "seed file indexed with a caveat");
    }
    let passages: Vec<Passage> = corpus.passages().cloned().collect();
    let generation = format!(
        "gen-{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
        std::process::id()
    );
    let dir = index_dir.join(&generation);
    std::fs::create_dir_all(&dir).map_err(|source| Error::WriteFile {
        path: dir.clone(),
        source,
    })?;
    let (schema, fields) = schema();
    let index = Index::create_in_dir(&dir, schema)?;
    register(index.tokenizers(), lexicon);
    let mut writer = index.writer_with_num_threads(1, 100_000_000)?;
    for (pid, p) in passages.iter().enumerate() {
        // Each text through the analyzer of its own language.
        let mut document = doc!(
            fields.pid => pid as u64,
            fields.text(p.lang) => p.text.as_str(),
            fields.stored => serde_json::to_string(p).expect("a passage serializes"),
        );
        if let Some(t) = &p.translation {
            document.add_text(fields.text(p.lang.other()), t);
        }
        if let Some(s) = &p.section {
            document.add_text(fields.section(p.lang), s);
        }
        if let Some(s) = &p.section_translation {
            document.add_text(fields.section(p.lang.other()), s);
        }
        for a in amounts(&p.text)
            .iter()
            .chain(p.translation.as_deref().map(amounts).unwrap_or_default().iter())
        {
            document.add_text(fields.amounts, a.token());
        }
        for flag in super::search::answer_kinds(p) {
            document.add_text(fields.amounts, flag);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let figures = extract(&passages, lexicon);
    write_json(&dir.join(FIGURES), &figures)?;
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        generation: generation.clone(),
        fingerprint,
        files,
        built_at: now_rfc3339(),
        passages: passages.len(),
        errors: corpus.errors.iter().map(|e| format!("{e:#}")).collect(),
        warnings: corpus.warnings,
    };
    tracing::info!(passages = passages.len(), figures = figures.len(), generation = %generation, "index built");
    let reader = reader(&index)?;
    Ok(Opened {
        index,
        reader,
        fields,
        passages,
        figures,
        manifest,
    })
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("plain data serializes");
    std::fs::write(path, text).map_err(|source| Error::WriteFile {
        path: path.to_owned(),
        source,
    })
}

/// Removes earlier generations. Best effort: a generation another process still has
/// open stays readable (its files are mapped), and a failure only leaves litter.
fn remove_old_generations(index_dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(index_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("gen-") && name.as_ref() < keep {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn reader(index: &Index) -> Result<IndexReader> {
    Ok(index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?)
}

fn open(index_dir: &Path, manifest: Manifest, lexicon: &Lexicon) -> Result<Opened> {
    let dir: PathBuf = index_dir.join(&manifest.generation);
    let index = Index::open_in_dir(&dir)?;
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(index_error(&dir, "schema differs from this version's"));
    }
    register(index.tokenizers(), lexicon);
    let reader = reader(&index)?;
    let searcher = reader.searcher();
    let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    if total != manifest.passages {
        return Err(index_error(
            &dir,
            format!("{total} documents, the manifest says {}", manifest.passages),
        ));
    }
    let mut slots: Vec<Option<Passage>> = vec![None; total];
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let store = segment.get_store_reader(1).map_err(tantivy::TantivyError::from)?;
        for doc_id in segment.doc_ids_alive() {
            let document: TantivyDocument = store.get(doc_id)?;
            let pid = document.get_first(fields.pid).and_then(|v| v.as_u64());
            let json = document.get_first(fields.stored).and_then(|v| v.as_str());
            let (Some(pid), Some(json)) = (pid, json) else {
                return Err(index_error(
                    &dir,
                    format!("document {doc_id} of segment {ord} lacks its passage"),
                ));
            };
            let passage: Passage = serde_json::from_str(json).map_err(|e| index_error(&dir, e.to_string()))?;
            let slot = usize::try_from(pid).ok().and_then(|i| slots.get_mut(i));
            match slot {
                Some(slot @ None) => *slot = Some(passage),
                _ => return Err(index_error(&dir, format!("passage id {pid} out of place"))),
            }
        }
    }
    let passages: Vec<Passage> = slots
        .into_iter()
        .map(|p| p.expect("every slot filled: counts match"))
        .collect();
    let figures_path = dir.join(FIGURES);
    let figures_text = std::fs::read_to_string(&figures_path).map_err(|source| Error::ReadFile {
        path: figures_path.clone(),
        source,
    })?;
    let figures = serde_json::from_str(&figures_text).map_err(|e| index_error(&figures_path, e.to_string()))?;
    Ok(Opened {
        index,
        reader,
        fields,
        passages,
        figures,
        manifest,
    })
}
