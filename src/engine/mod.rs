//! The answer engine: articles in, quoted answers and key figures out.
//!
//! Nothing here knows about Discord or tokio; the console, the command line and
//! the bot are thin fronts over [`Engine::answer`]. The engine is synchronous and
//! answers in microseconds, so fronts may call it directly.

pub mod anatomy;
pub mod byline;
pub mod corpus;
pub mod dictionary;
pub mod figures;
pub mod index;
pub mod lexicon;
pub mod schema;
pub mod search;
pub mod smalltalk;
pub mod spell;
pub mod summary;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

pub use self::corpus::{Article, Passage};
pub use self::dictionary::Dictionary;
pub use self::figures::{ArticleFigures, Figure, Kind, Status};
pub use self::lexicon::Lexicon;
pub use self::search::model::Model;
pub use self::search::{Answer, Earlier, Hit, MessageKind, Snapshot, Turn};
pub use self::summary::Summary;
pub use self::text::Lang;
use crate::error::Result;

/// An indexed article, as `/sources` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Source {
    pub doc: String,
    pub title: Option<String>,
    pub date: Option<String>,
    /// The language the article is written in.
    pub lang: Lang,
    pub passages: usize,
}

impl Source {
    /// How the article is named to readers: its title, else its file name.
    pub fn name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.doc)
    }
}

/// The engine: a lexicon and the current index snapshot, swapped whole on reindex.
pub struct Engine {
    seeds_dir: PathBuf,
    index_dir: PathBuf,
    lexicon: Lexicon,
    dictionary: Arc<Dictionary>,
    /// The fitted ranker and gate every snapshot answers with.
    model: Model,
    current: ArcSwap<Snapshot>,
    /// One rebuild at a time: the watcher and `/reindex` may ask together, and
    /// each build removes the generations before it.
    rebuilding: Mutex<()>,
}

/// What [`Engine::reload_if_healthy`] did.
pub enum Reload {
    /// The new snapshot answers from now on (for [`Engine::reload_changed`]
    /// with no seed changed, the one serving already).
    Swapped(Arc<Snapshot>),
    /// The seeds have errors the serving snapshot did not have: it keeps
    /// serving, and the new build was thrown away.
    Kept {
        current: Arc<Snapshot>,
        /// The new errors, each naming its file.
        new_errors: Vec<String>,
    },
}

impl Engine {
    /// Opens the index for `seeds_dir` in `index_dir`, building it if it is
    /// missing, stale or unreadable.
    pub fn open(seeds_dir: &Path, index_dir: &Path) -> Result<Engine> {
        Self::with(seeds_dir, index_dir, index::open_or_build, Model::shipped())
    }

    /// [`Engine::open`] with another model than the shipped one (what `dealbot
    /// fit` scores the models it fits with).
    pub fn open_with_model(seeds_dir: &Path, index_dir: &Path, model: Model) -> Result<Engine> {
        Self::with(seeds_dir, index_dir, index::open_or_build, model)
    }

    /// Rebuilds the index for `seeds_dir` in `index_dir`, whatever its state, and
    /// opens it (what `dealbot index` does: one build, not an open then a rebuild).
    pub fn rebuild(seeds_dir: &Path, index_dir: &Path) -> Result<Engine> {
        Self::with(seeds_dir, index_dir, index::build, Model::shipped())
    }

    fn with(
        seeds_dir: &Path,
        index_dir: &Path,
        open: fn(&Path, &Path, &Lexicon) -> Result<index::Opened>,
        model: Model,
    ) -> Result<Engine> {
        let lexicon = Lexicon::shipped();
        let dictionary = Arc::new(Dictionary::shipped(&mut schema::Analyzers::new(&lexicon)));
        let opened = open(seeds_dir, index_dir, &lexicon)?;
        let snapshot = Snapshot::new(opened.loaded(), &lexicon, Arc::clone(&dictionary), &model)?;
        Ok(Engine {
            seeds_dir: seeds_dir.to_owned(),
            index_dir: index_dir.to_owned(),
            lexicon,
            dictionary,
            model,
            current: ArcSwap::from_pointee(snapshot),
            rebuilding: Mutex::new(()),
        })
    }

    /// Answers a question from the current snapshot. Never fails and never panics
    /// on any input: what it cannot answer, it refuses.
    pub fn answer(&self, question: &str) -> Answer {
        self.current.load().answer(&self.lexicon, question)
    }

    /// Answers `question` as the next turn of a conversation (see
    /// [`Snapshot::answer_in_context`]): the answer, and the turn to remember
    /// for the next question (none for small talk).
    pub fn answer_in_context(&self, question: &str, earlier: &[Turn]) -> (Answer, Option<Turn>) {
        self.current.load().answer_in_context(&self.lexicon, question, earlier)
    }

    /// Answers `question` as asked right after the questions `after`, oldest
    /// first, each of them read in the context of those before it, as the bot
    /// would have answered them (what `ask --json` does with `"after"`).
    pub fn answer_after(&self, question: &str, after: &[String]) -> Answer {
        let mut turns: Vec<Turn> = Vec::new();
        for earlier in after {
            if let (_, Some(turn)) = self.answer_in_context(earlier, &turns) {
                turns.push(turn);
            }
        }
        self.answer_in_context(question, &turns).0
    }

    /// For fitting the model: `question`'s candidates with their features,
    /// marked right by `expect` (see [`Snapshot::example`]).
    pub fn example(&self, question: &str, expect: Option<&[String]>) -> Option<search::model::Example> {
        self.current.load().example(&self.lexicon, question, expect)
    }

    /// Up to three questions close to a refused `question` that the current
    /// snapshot answers, in `lang`, closest first; none when it shares nothing
    /// with the articles.
    pub fn suggestions(&self, question: &str, lang: Lang) -> Vec<String> {
        search::suggest::rank(
            self.current.load().suggestions(&self.lexicon),
            &self.lexicon,
            question,
            lang,
        )
    }

    /// Finds the current snapshot's "did you mean" questions now, rather than
    /// at the first refusal or greeting that needs them (the rebuild thread
    /// does it after each swap, off the path of answers).
    pub fn prepare_suggestions(&self) {
        self.current.load().suggestions(&self.lexicon);
    }

    /// The snapshot answers are served from now. Answers already running keep
    /// the snapshot they started with.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// The folder of seed articles this engine indexes.
    pub fn seeds_dir(&self) -> &Path {
        &self.seeds_dir
    }

    /// The summary of the seed article `doc` (its file name without `.txt`).
    pub fn summary(&self, doc: &str) -> Result<Summary> {
        Summary::of_seed(&self.seeds_dir, doc, &self.lexicon)
    }

    /// Rebuilds the index from the seeds and swaps it in live, whatever errors
    /// the seeds have (the files that cannot be used are skipped).
    pub fn reindex(&self) -> Result<Arc<Snapshot>> {
        let _one = self
            .rebuilding
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let opened = index::build(&self.seeds_dir, &self.index_dir, &self.lexicon)?;
        let snapshot = Arc::new(self.snapshot_of(opened)?);
        self.current.store(Arc::clone(&snapshot));
        Ok(snapshot)
    }

    /// The snapshot that answers from the generation `opened`.
    fn snapshot_of(&self, opened: index::Opened) -> tantivy::Result<Snapshot> {
        Snapshot::new(
            opened.loaded(),
            &self.lexicon,
            Arc::clone(&self.dictionary),
            &self.model,
        )
    }

    /// Brings the index up to date with the seeds and swaps it in live only
    /// when the new generation is at least as healthy as the snapshot serving
    /// now: a seed error the current snapshot did not have (a half-written or
    /// broken file) keeps the current snapshot serving and the new generation
    /// unpublished. A build that fails outright leaves everything as it was.
    /// Answers already running finish on the snapshot they started with.
    ///
    /// When only some seed files changed since the published generation, only
    /// their articles are indexed again ([`index::update_unpublished`]); the
    /// answers are those a full rebuild would give.
    pub fn reload_if_healthy(&self) -> Result<Reload> {
        self.reload(true)
    }

    /// [`Engine::reload_if_healthy`] for the seeds watcher: when no seed file
    /// changed since the published generation (a change already taken in by
    /// `/add` or `/reindex`), nothing is rebuilt and the serving snapshot stays;
    /// when that generation is not the one serving (`dealbot add` indexed the
    /// change from another process), it is opened and served as it is.
    pub fn reload_changed(&self) -> Result<Reload> {
        self.reload(false)
    }

    fn reload(&self, whole_if_unchanged: bool) -> Result<Reload> {
        let _one = self
            .rebuilding
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another process may be writing the index (`dealbot add`): its
        // generation is published before this one reads the manifest.
        let _writing = index::writing(&self.index_dir)?;
        let opened = match index::update_unpublished(&self.seeds_dir, &self.index_dir, &self.lexicon)? {
            // Asked with nothing changed (`/reindex` to be sure): rebuilt whole, as always.
            index::Updated::Unchanged(_) if whole_if_unchanged => {
                index::build_unpublished(&self.seeds_dir, &self.index_dir, &self.lexicon)?
            }
            index::Updated::Unchanged(published) if published.generation == self.current.load().generation => {
                return Ok(Reload::Swapped(self.current.load_full()));
            }
            // Another process (`dealbot add`) indexed the change and published it: served as it is.
            index::Updated::Unchanged(published) => {
                let opened = index::open_published(&self.index_dir, published, &self.lexicon)?;
                let snapshot = Arc::new(self.snapshot_of(opened)?);
                self.current.store(Arc::clone(&snapshot));
                return Ok(Reload::Swapped(snapshot));
            }
            index::Updated::Updated { opened, .. } | index::Updated::Built(opened) => opened,
        };
        let current = self.current.load_full();
        let new_errors: Vec<String> = opened
            .manifest
            .errors
            .iter()
            .filter(|e| !current.errors.contains(e))
            .cloned()
            .collect();
        if !new_errors.is_empty() {
            index::discard(&self.index_dir, &opened.manifest);
            return Ok(Reload::Kept { current, new_errors });
        }
        let manifest = opened.manifest.clone();
        let snapshot = match self.snapshot_of(opened) {
            Ok(snapshot) => Arc::new(snapshot),
            Err(e) => {
                index::discard(&self.index_dir, &manifest);
                return Err(e.into());
            }
        };
        index::publish(&self.index_dir, &manifest)?;
        self.current.store(Arc::clone(&snapshot));
        Ok(Reload::Swapped(snapshot))
    }

    /// Indexes the article at `path`, a file already written into the seeds
    /// folder (what `/add` and `dealbot add` do after writing it): only its
    /// documents are added, and it answers as soon as this returns. A broken
    /// file is not indexed and the serving snapshot stays ([`Reload::Kept`]).
    /// Any other change in the seeds is taken in too.
    pub fn add_article(&self, path: &Path) -> Result<Reload> {
        let in_seeds = path.parent().and_then(|p| p.canonicalize().ok()) == self.seeds_dir.canonicalize().ok();
        if !in_seeds || !path.is_file() {
            return Err(crate::error::Error::Index {
                path: path.to_owned(),
                message: format!("not a file in the seeds folder {}", self.seeds_dir.display()),
            });
        }
        self.reload_if_healthy()
    }

    /// Drops the article `name` (its file name without `.txt`) from the index,
    /// once its file has left the seeds folder (what `/remove` and `dealbot
    /// remove` do after moving it out): only its documents are deleted. Any
    /// other change in the seeds is taken in too.
    pub fn remove_article(&self, name: &str) -> Result<Reload> {
        let path = self.seeds_dir.join(format!("{name}.txt"));
        if path.exists() {
            return Err(crate::error::Error::Index {
                path,
                message: "the article is still in the seeds folder".to_owned(),
            });
        }
        self.reload_if_healthy()
    }

    /// The key figures of the current snapshot.
    pub fn figures(&self) -> Vec<Figure> {
        self.current.load().figures.clone()
    }

    /// The key figures of the current snapshot by article, newest article first.
    pub fn figures_by_article(&self) -> Vec<ArticleFigures> {
        let snapshot = self.current.load();
        figures::by_article(&snapshot.figures, &snapshot.passages)
    }

    /// The indexed articles, newest first (undated last, then by file name).
    pub fn sources(&self) -> Vec<Source> {
        let snapshot = self.current.load();
        let mut out: Vec<Source> = Vec::new();
        for p in &snapshot.passages {
            match out.last_mut() {
                Some(s) if s.doc == p.doc => s.passages += 1,
                _ => out.push(Source {
                    doc: p.doc.clone(),
                    title: p.title.clone(),
                    date: p.date.clone(),
                    lang: p.lang,
                    passages: 1,
                }),
            }
        }
        out.sort_by(|a, b| figures::newest_first((a.date.as_deref(), &a.doc), (b.date.as_deref(), &b.doc)));
        out
    }
}
