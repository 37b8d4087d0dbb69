//! Building and opening the tantivy index in `index_dir`.
//!
//! The folder holds `manifest.json` and one generation folder with the tantivy
//! files and the extracted figures. The manifest records a hash of every seed
//! file (and of the lexicon and schema version), so an index is rebuilt by itself
//! when the seeds change. A new generation is written beside the old one and the
//! manifest is replaced atomically: a crash mid-build leaves the old index intact,
//! and a missing or corrupt index is rebuilt, never a crash.
//!
//! When only some seed files changed (the manifest keeps each file's hash), the
//! new generation is the old one with those articles' documents deleted and
//! added again ([`update_unpublished`]): its tantivy files are hard links to
//! the old generation's (tantivy never rewrites a segment file), so the old
//! generation stays whole for the snapshot serving from it. What is derived
//! from one passage alone (its [`PassageFacts`]) is stored per passage and
//! found only for the new ones; the figures, which read names across the
//! articles, are extracted again over all passages. The result is the index a
//! full build gives, passage for passage and figure for figure.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, doc};

use super::corpus::{Corpus, Passage, load_articles, load_files, seed_files};
use super::figures::{EXTRACTION_VERSION, Figure, Finding, amounts, extract_from, findings};
use super::lexicon::{DEFAULT_LEXICON, Lexicon};
use super::schema::{Analyzers, Fields, SCHEMA_VERSION, register, schema};
use super::search::{Loaded, PassageFacts};
use crate::error::{Error, Result};

const MANIFEST: &str = "manifest.json";
/// The lock file of [`Writing`].
const WRITING: &str = ".writing.lock";
const FIGURES: &str = "figures.json";
const FACTS: &str = "facts.json";

/// Above this share of the seed files changed, the index is built whole
/// rather than updated: an update deletes and adds each changed article.
const UPDATE_AT_MOST: f64 = 0.5;

/// What `manifest.json` says about the index beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// The generation folder holding the tantivy files.
    pub generation: String,
    /// The hash of the seeds, the lexicon and the schema version.
    pub fingerprint: String,
    /// The hash of what the index is read with besides the seeds (the
    /// schema version, the lexicon and the other data): an index with another
    /// is built whole, never updated.
    #[serde(default)]
    pub data: String,
    /// The id the next passage added to the index gets.
    #[serde(default)]
    pub next_id: u64,
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
    /// The passages, article by article in the order of their files.
    pub passages: Vec<Passage>,
    /// Per passage: its id in the index (the `pid` fast field).
    pub ids: Vec<u64>,
    /// Per passage: what the search reads of it alone.
    pub(crate) facts: Vec<PassageFacts>,
    /// Per passage: its figures as it alone tells them.
    pub findings: Vec<Vec<Finding>>,
    pub figures: Vec<Figure>,
    pub manifest: Manifest,
}

impl Opened {
    /// What the search reads of it.
    pub fn loaded(self) -> Loaded {
        Loaded {
            reader: self.reader,
            fields: self.fields,
            passages: self.passages,
            ids: self.ids,
            facts: self.facts,
            figures: self.figures,
            generation: self.manifest.generation,
            built_at: self.manifest.built_at,
            errors: self.manifest.errors,
            warnings: self.manifest.warnings,
        }
    }
}

/// Hashes the seed files: names and contents, plus the schema version and the
/// data the index is read with (the lexicon; the anatomy data, which cuts the
/// articles into passages; the measure table and the vocabulary, which label
/// the figures stored beside it).
fn fingerprint(seeds_dir: &Path) -> Result<(String, Vec<SeedFile>)> {
    let data = data_fingerprint();
    let mut all = Sha256::new();
    all.update(data.as_bytes());
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

/// The hash of what the index is read with besides the seeds.
fn data_fingerprint() -> String {
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
    format!("{:x}", all.finalize())
}

fn index_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Index {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The right to write the index folder, held while a generation is built and
/// published: one process at a time (the bot's seeds watcher, and `dealbot
/// add` run beside it). Publishing removes the older generations, which
/// would pull another writer's generation from under it. Released when
/// dropped, or when the process ends however it ends.
pub struct Writing(#[expect(dead_code, reason = "held for its lock")] std::fs::File);

/// Waits for the right to write `index_dir` (created if missing).
pub fn writing(index_dir: &Path) -> Result<Writing> {
    let path = index_dir.join(WRITING);
    let file = std::fs::create_dir_all(index_dir)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
        })
        .and_then(|file| file.lock().map(|()| file))
        .map_err(|source| Error::WriteFile { path, source })?;
    Ok(Writing(file))
}

/// Opens the index in `index_dir`, building it first when it is missing, stale
/// (the seeds changed: updated for the files that changed, when few did) or
/// unreadable.
pub fn open_or_build(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Opened> {
    let _writing = writing(index_dir)?;
    let (fingerprint, files) = fingerprint(seeds_dir)?;
    match read_manifest(index_dir) {
        Some(manifest) if manifest.fingerprint == fingerprint && manifest.schema_version == SCHEMA_VERSION => {
            match open(index_dir, manifest, lexicon) {
                Ok(opened) => return Ok(opened),
                Err(e) => tracing::warn!(error = %e, "index unreadable, rebuilding"),
            }
        }
        Some(manifest) => {
            tracing::info!(index = %index_dir.display(), "seeds changed, updating the index");
            match update(seeds_dir, index_dir, lexicon, manifest, &fingerprint, &files) {
                Ok(Some(opened)) => {
                    publish(index_dir, &opened.manifest)?;
                    return Ok(opened);
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "cannot update the index, rebuilding it"),
            }
        }
        None => tracing::info!(index = %index_dir.display(), "no index yet, building it"),
    }
    let opened = build_with(seeds_dir, index_dir, lexicon, fingerprint, files)?;
    publish(index_dir, &opened.manifest)?;
    Ok(opened)
}

/// The published generation of `manifest` ([`Updated::Unchanged`]'s), opened
/// as it is: what another process (`dealbot add` beside a running bot) published.
pub fn open_published(index_dir: &Path, manifest: Manifest, lexicon: &Lexicon) -> Result<Opened> {
    open(index_dir, manifest, lexicon)
}

/// Rebuilds the index from the seeds, whatever state it is in, and publishes it.
pub fn build(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Opened> {
    let _writing = writing(index_dir)?;
    let opened = build_unpublished(seeds_dir, index_dir, lexicon)?;
    publish(index_dir, &opened.manifest)?;
    Ok(opened)
}

/// Builds a new generation from the seeds without publishing it: the manifest
/// still names the previous one, so a restart opens that. The caller decides
/// with [`publish`] or [`discard`], holding [`writing`] throughout.
pub fn build_unpublished(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Opened> {
    let (fingerprint, files) = fingerprint(seeds_dir)?;
    build_with(seeds_dir, index_dir, lexicon, fingerprint, files)
}

/// What [`update_unpublished`] made.
pub enum Updated {
    /// The seeds are those of the published generation, whose manifest this
    /// is: nothing to index (another process may have published it:
    /// [`open_published`]).
    Unchanged(Manifest),
    /// A new generation, with the files that changed (added, changed or removed, by name).
    Updated { opened: Opened, changed: Vec<String> },
    /// A new generation built whole (the index could not be updated).
    Built(Opened),
}

/// A new generation for the seeds as they are now, without publishing it (as
/// [`build_unpublished`]): the published one updated for the files that
/// changed when it can be, else built whole. The caller holds [`writing`].
pub fn update_unpublished(seeds_dir: &Path, index_dir: &Path, lexicon: &Lexicon) -> Result<Updated> {
    let (fingerprint, files) = fingerprint(seeds_dir)?;
    if let Some(manifest) = read_manifest(index_dir) {
        if manifest.fingerprint == fingerprint && manifest.schema_version == SCHEMA_VERSION {
            return Ok(Updated::Unchanged(manifest));
        }
        let changed = changed_files(&manifest, &files);
        match update(seeds_dir, index_dir, lexicon, manifest, &fingerprint, &files) {
            Ok(Some(opened)) => return Ok(Updated::Updated { opened, changed }),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot update the index, building it whole"),
        }
    }
    build_with(seeds_dir, index_dir, lexicon, fingerprint, files).map(Updated::Built)
}

/// The names of the seed files added, changed or removed since `manifest`.
fn changed_files(manifest: &Manifest, files: &[SeedFile]) -> Vec<String> {
    let before: std::collections::HashMap<&str, &str> = manifest
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.sha256.as_str()))
        .collect();
    let now: std::collections::HashSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let mut changed: Vec<String> = files
        .iter()
        .filter(|f| before.get(f.name.as_str()) != Some(&f.sha256.as_str()))
        .map(|f| f.name.clone())
        .chain(
            manifest
                .files
                .iter()
                .filter(|f| !now.contains(f.name.as_str()))
                .map(|f| f.name.clone()),
        )
        .collect();
    changed.sort();
    changed
}

/// The published generation in `manifest` updated for the seed files that
/// changed since, as a new generation: `None` when it cannot be (another
/// schema or data, too many files changed).
fn update(
    seeds_dir: &Path,
    index_dir: &Path,
    lexicon: &Lexicon,
    manifest: Manifest,
    fingerprint: &str,
    files: &[SeedFile],
) -> Result<Option<Opened>> {
    if manifest.schema_version != SCHEMA_VERSION || manifest.data != data_fingerprint() {
        return Ok(None);
    }
    let changed = changed_files(&manifest, files);
    #[expect(clippy::cast_precision_loss, reason = "counts of files")]
    if changed.is_empty() || changed.len() as f64 > UPDATE_AT_MOST * files.len().max(1) as f64 {
        return Ok(None);
    }
    let docs = articles_of(&changed);
    let base = open(index_dir, manifest, lexicon)?;
    let paths: Vec<PathBuf> = docs
        .iter()
        .map(|d| seeds_dir.join(format!("{d}.txt")))
        .filter(|p| p.is_file())
        .collect();
    let corpus = load_files(paths);
    log_skipped(&corpus);

    let generation = new_generation();
    let dir = index_dir.join(&generation);
    link_generation(&index_dir.join(&base.manifest.generation), &dir)?;
    let index = Index::open_in_dir(&dir)?;
    register(index.tokenizers(), lexicon);
    let fields = base.fields;
    let writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
    let gone: std::collections::HashSet<&str> = docs.iter().map(String::as_str).collect();
    let deleted = base.passages.iter().any(|p| gone.contains(p.doc.as_str()));
    for d in &docs {
        writer.delete_term(tantivy::Term::from_field_text(fields.doc, d));
    }
    // The passages of the unchanged articles, then the new ones, each with its
    // id, facts and findings.
    let mut analyzers = Analyzers::new(lexicon);
    let mut next_id = base.manifest.next_id;
    let mut rows: Vec<(u64, Passage, PassageFacts, Vec<Finding>)> = base
        .ids
        .into_iter()
        .zip(base.passages)
        .zip(base.facts)
        .zip(base.findings)
        .filter(|(((_, p), _), _)| !gone.contains(p.doc.as_str()))
        .map(|(((id, p), f), g)| (id, p, f, g))
        .collect();
    for p in corpus.passages() {
        writer.add_document(document(&fields, next_id, p))?;
        rows.push((
            next_id,
            p.clone(),
            PassageFacts::of(p, lexicon, &mut analyzers),
            findings(p),
        ));
        next_id += 1;
    }
    // Article by article in the order of their files, as a full build has them.
    rows.sort_by(|a, b| file_order(&a.1.doc, &b.1.doc).then(a.0.cmp(&b.0)));
    let mut ids = Vec::with_capacity(rows.len());
    let mut passages = Vec::with_capacity(rows.len());
    let mut facts = Vec::with_capacity(rows.len());
    let mut found = Vec::with_capacity(rows.len());
    for (id, p, f, g) in rows {
        ids.push(id);
        passages.push(p);
        facts.push(f);
        found.push(g);
    }
    // Whose each figure is, read over all the passages again, on another core
    // while the index commits and the facts are written.
    let (figures, written) = std::thread::scope(|s| {
        let figures = s.spawn(|| extract_from(&passages, &found, lexicon));
        let written = commit(writer, &index, deleted).and_then(|()| write_facts(&dir, &ids, &facts, &found));
        let figures = figures.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (figures, written)
    });
    written?;
    write_json(&dir.join(FIGURES), &figures)?;
    let errors = corpus.errors.iter().map(|e| format!("{e:#}")).collect();
    let errors = still_true(base.manifest.errors, errors, seeds_dir, &docs);
    let warnings = still_true(base.manifest.warnings, corpus.warnings, seeds_dir, &docs);
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        generation: generation.clone(),
        fingerprint: fingerprint.to_owned(),
        data: base.manifest.data,
        next_id,
        files: files.to_vec(),
        built_at: now_rfc3339(),
        passages: passages.len(),
        errors,
        warnings,
    };
    tracing::info!(passages = passages.len(), figures = figures.len(), files = ?changed, generation = %generation, "index updated");
    let reader = reader(&index)?;
    Ok(Some(Opened {
        index,
        reader,
        fields,
        passages,
        ids,
        facts,
        findings: found,
        figures,
        manifest,
    }))
}

/// The messages (errors, warnings) of an updated index: the earlier ones about
/// files of articles not read again, and the new ones, in order.
fn still_true(earlier: Vec<String>, new: Vec<String>, seeds_dir: &Path, docs: &[String]) -> Vec<String> {
    let touched: Vec<String> = docs
        .iter()
        .flat_map(|d| [format!("{d}.txt"), format!("{d}.en.txt"), format!("{d}.it.txt")])
        .map(|n| seeds_dir.join(n).display().to_string())
        .collect();
    let mut out: Vec<String> = earlier
        .into_iter()
        .filter(|m| !touched.iter().any(|t| m.starts_with(t.as_str())))
        .chain(new)
        .collect();
    out.sort();
    out
}

/// Commits `writer`'s changes. Deleted documents still count in tantivy's term
/// statistics until their segment is merged: when some were, the segments are
/// merged into one, so the scores are those of a full build.
fn commit(mut writer: tantivy::IndexWriter, index: &Index, deleted: bool) -> Result<()> {
    writer.commit()?;
    if deleted {
        let segments = index.searchable_segment_ids()?;
        if !segments.is_empty() {
            writer.merge(&segments).wait()?;
        }
    }
    writer.wait_merging_threads()?;
    Ok(())
}

/// The articles changed files belong to: NAME.txt's, or NAME.en.txt's own
/// and NAME.txt's (a translation, or an article of its own when alone).
fn articles_of(changed: &[String]) -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    for name in changed {
        let stem = name.strip_suffix(".txt").unwrap_or(name);
        docs.push(stem.to_owned());
        if let Some(article) = stem.strip_suffix(".en").or_else(|| stem.strip_suffix(".it")) {
            docs.push(article.to_owned());
        }
    }
    docs.sort();
    docs.dedup();
    docs
}

/// The order of two articles as their files sort (`NAME.txt`), which is the
/// order a full build reads them in.
fn file_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().chain(*b".txt").cmp(b.bytes().chain(*b".txt"))
}

/// A new generation folder holding hard links to `from`'s files: tantivy never
/// rewrites a file, it writes new ones and replaces `meta.json` by renaming,
/// so the old generation stays as it was.
fn link_generation(from: &Path, to: &Path) -> Result<()> {
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::WriteFile { path, source }
    };
    std::fs::create_dir_all(to).map_err(write_error(to))?;
    let entries = std::fs::read_dir(from).map_err(|source| Error::ReadFile {
        path: from.to_owned(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        // The lock files are the writer's own; the derived files are written anew.
        if name_str.ends_with(".lock") || name_str == FIGURES || name_str == FACTS {
            continue;
        }
        let target = to.join(&name);
        if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target).map_err(write_error(&target))?;
        }
    }
    Ok(())
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

fn new_generation() -> String {
    format!(
        "gen-{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
        std::process::id()
    )
}

fn log_skipped(corpus: &Corpus) {
    for e in &corpus.errors {
        tracing::error!(error = %e, "seed file skipped");
    }
    for w in &corpus.warnings {
        tracing::warn!(warning = %w, "seed file indexed with a caveat");
    }
}

/// The tantivy document of passage `p`, with id `id`.
fn document(fields: &Fields, id: u64, p: &Passage) -> TantivyDocument {
    // Each text through the analyzer of its own language.
    let mut document = doc!(
        fields.pid => id,
        fields.doc => p.doc.as_str(),
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
    document
}

fn build_with(
    seeds_dir: &Path,
    index_dir: &Path,
    lexicon: &Lexicon,
    fingerprint: String,
    files: Vec<SeedFile>,
) -> Result<Opened> {
    let corpus = load_articles(seeds_dir)?;
    log_skipped(&corpus);
    let passages: Vec<Passage> = corpus.passages().cloned().collect();
    let generation = new_generation();
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
        writer.add_document(document(&fields, pid as u64, p))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let found: Vec<Vec<Finding>> = passages.iter().map(findings).collect();
    let figures = extract_from(&passages, &found, lexicon);
    write_json(&dir.join(FIGURES), &figures)?;
    let mut analyzers = Analyzers::new(lexicon);
    let facts: Vec<PassageFacts> = passages
        .iter()
        .map(|p| PassageFacts::of(p, lexicon, &mut analyzers))
        .collect();
    let ids: Vec<u64> = (0..passages.len() as u64).collect();
    write_facts(&dir, &ids, &facts, &found)?;
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        generation: generation.clone(),
        fingerprint,
        data: data_fingerprint(),
        next_id: passages.len() as u64,
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
        ids,
        facts,
        findings: found,
        figures,
        manifest,
    })
}

/// Writes each passage's facts and findings with its id, in the passages' order.
fn write_facts(dir: &Path, ids: &[u64], facts: &[PassageFacts], found: &[Vec<Finding>]) -> Result<()> {
    let rows: Vec<(u64, &PassageFacts, &Vec<Finding>)> = ids
        .iter()
        .zip(facts)
        .zip(found)
        .map(|((id, f), g)| (*id, f, g))
        .collect();
    let path = dir.join(FACTS);
    let text = serde_json::to_string(&rows).expect("plain data serializes");
    std::fs::write(&path, text).map_err(|source| Error::WriteFile { path, source })
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
    let mut rows: Vec<(u64, Passage)> = Vec::with_capacity(total);
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
            rows.push((pid, passage));
        }
    }
    rows.sort_by(|a, b| file_order(&a.1.doc, &b.1.doc).then(a.0.cmp(&b.0)));
    let (ids, passages): (Vec<u64>, Vec<Passage>) = rows.into_iter().unzip();
    let facts_path = dir.join(FACTS);
    let facts_text = std::fs::read_to_string(&facts_path).map_err(|source| Error::ReadFile {
        path: facts_path.clone(),
        source,
    })?;
    let rows: Vec<(u64, PassageFacts, Vec<Finding>)> =
        serde_json::from_str(&facts_text).map_err(|e| index_error(&facts_path, e.to_string()))?;
    if !rows.iter().map(|(id, _, _)| *id).eq(ids.iter().copied()) {
        return Err(index_error(&facts_path, "the facts are not those of the passages"));
    }
    let (facts, findings): (Vec<PassageFacts>, Vec<Vec<Finding>>) = rows.into_iter().map(|(_, f, g)| (f, g)).unzip();
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
        ids,
        facts,
        findings,
        figures,
        manifest,
    })
}
