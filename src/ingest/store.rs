//! Writing a draft into `seeds/` and taking an article out of it.
//!
//! A seed file appears whole or not at all: it is written as a hidden
//! `.NAME.txt.part` (which neither the corpus nor the watcher reads), synced,
//! and linked to its name, which fails rather than overwrite; any error
//! removes the part file. A removed article's files move to `removed/` beside
//! `seeds/`, so a removal can be undone by moving them back.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Draft, Refusal};
use crate::engine::corpus::{is_translation, read_text, seed_files, url_and_body};

/// Writes `draft` as `seeds_dir/NAME.txt` unless the same article is there
/// already (same canonical URL, or the same text); returns the file written.
/// A name taken by another article gets a `-2`, `-3`… suffix.
pub fn save(seeds_dir: &Path, draft: &Draft) -> Result<PathBuf, Refusal> {
    check_new(seeds_dir, draft)?;
    let mut n = 1;
    loop {
        let name = if n == 1 {
            draft.name().to_owned()
        } else {
            format!("{}-{n}", draft.name())
        };
        let path = seeds_dir.join(format!("{name}.txt"));
        match write_new(&path, draft.text()) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(Refusal::Storage(format!("{}: {e}", path.display()))),
        }
    }
}

/// Writes `text` to a new file at `path`, atomically: a part file beside it,
/// synced, then hard-linked to `path` (which fails if `path` exists).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let part = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create_new(&part)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        match std::fs::hard_link(&part, path) {
            // A file system without hard links: a rename, after looking
            // (two adds of one name in the same instant are not a case here).
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists && !path.exists() => std::fs::rename(&part, path),
            linked => linked,
        }
    })();
    let _ = std::fs::remove_file(&part);
    written
}

/// Refuses `draft` when `seeds_dir` already holds the same article (same
/// canonical URL or same text), naming its file: for a preview to say so
/// before the moderator confirms.
pub fn check_new(seeds_dir: &Path, draft: &Draft) -> Result<(), Refusal> {
    match duplicate_of(seeds_dir, draft.text())? {
        Some(existing) => Err(Refusal::Duplicate(existing)),
        None => Ok(()),
    }
}

/// The seed file already holding the same article as the seed text `text`:
/// the same canonical URL, or the same words in its body. A seed that cannot
/// be read is no duplicate (the index reports it).
fn duplicate_of(seeds_dir: &Path, text: &str) -> Result<Option<String>, Refusal> {
    let (url, body) = url_and_body(text);
    let url = url.as_deref().map(normal_url);
    let words = words_hash(&body);
    let files = seed_files(seeds_dir).map_err(|e| Refusal::Storage(format!("{e:#}")))?;
    Ok(files
        .into_iter()
        .filter(|path| !is_translation(path))
        .find(|path| {
            read_text(path).is_ok_and(|seed| {
                let (seed_url, seed_body) = url_and_body(&seed);
                (url.is_some() && seed_url.as_deref().map(normal_url) == url) || words_hash(&seed_body) == words
            })
        })
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned())))
}

/// A URL compared without its scheme, fragment, `www.` and final slash.
fn normal_url(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_ascii_lowercase()
}

/// A hash of the words of `body`, lowercase, without punctuation: the same
/// text is recognized whatever its spacing or quotes.
fn words_hash(body: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    for word in body.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        hash.update(word.to_lowercase().as_bytes());
        hash.update(b" ");
    }
    hash.finalize().into()
}

/// Moves article `name` (`NAME` or `NAME.txt`) and its translation out of
/// `seeds_dir` into `removed/` beside it; returns where the files went.
pub fn remove(seeds_dir: &Path, name: &str) -> Result<Vec<PathBuf>, Refusal> {
    let name = name.trim();
    let stem = name.strip_suffix(".txt").unwrap_or(name);
    if stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\']) {
        return Err(Refusal::UnknownArticle(name.to_owned()));
    }
    let article = seeds_dir.join(format!("{stem}.txt"));
    if !article.is_file() {
        return Err(Refusal::UnknownArticle(stem.to_owned()));
    }
    let removed = seeds_dir.parent().unwrap_or(Path::new("")).join("removed");
    std::fs::create_dir_all(&removed).map_err(|e| Refusal::Storage(format!("{}: {e}", removed.display())))?;
    let mut moved = Vec::new();
    for file in [
        format!("{stem}.txt"),
        format!("{stem}.en.txt"),
        format!("{stem}.it.txt"),
    ] {
        let from = seeds_dir.join(&file);
        if !from.is_file() {
            continue;
        }
        let to = free_name(&removed, &file);
        std::fs::rename(&from, &to).map_err(|e| Refusal::Storage(format!("{}: {e}", from.display())))?;
        moved.push(to);
    }
    Ok(moved)
}

/// `dir/file`, or `dir/file.2`, `.3`… when an article of that name was removed before.
fn free_name(dir: &Path, file: &str) -> PathBuf {
    let mut path = dir.join(file);
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{file}.{n}"));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::FrontMatter;

    fn draft(url: &str, words: &str) -> Draft {
        let front = FrontMatter {
            title: Some("Amazon e OpenAI trattano".into()),
            url: Some(url.into()),
            date: Some("2026-03-03".into()),
            ..FrontMatter::default()
        };
        Draft::new(&front, &format!("{}\n\n{}", words.repeat(10), words.repeat(10))).unwrap()
    }

    #[test]
    fn a_draft_is_written_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        let d = draft("https://example.org/a", "Le due società trattano un accordo. ");
        let path = save(&seeds, &d).unwrap();
        assert_eq!(path, seeds.join("2026-03-03-amazon-e-openai-trattano.txt"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), d.text());
        assert_eq!(std::fs::read_dir(&seeds).unwrap().count(), 1, "no part file left");
        let other = draft("https://example.org/b", "Un altro testo, con altre parole. ");
        assert_eq!(
            save(&seeds, &other).unwrap(),
            seeds.join("2026-03-03-amazon-e-openai-trattano-2.txt")
        );
    }

    #[test]
    fn the_same_url_or_the_same_text_is_recognized_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().to_owned();
        save(
            &seeds,
            &draft("https://www.example.org/a#top", "Le due società trattano un accordo. "),
        )
        .unwrap();
        let same_url = draft("http://example.org/a/", "Un altro testo, con altre parole. ");
        assert_eq!(
            save(&seeds, &same_url).unwrap_err(),
            Refusal::Duplicate("2026-03-03-amazon-e-openai-trattano.txt".into())
        );
        let same_text = draft("https://elsewhere.example/x", "Le due società  trattano un “accordo”. ");
        assert!(matches!(save(&seeds, &same_text), Err(Refusal::Duplicate(_))));
    }

    #[test]
    fn removing_moves_the_article_and_its_translation_beside_seeds() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        std::fs::write(seeds.join("a.txt"), "Testo.").unwrap();
        std::fs::write(seeds.join("a.en.txt"), "Text.").unwrap();
        std::fs::write(seeds.join("ab.txt"), "Altro.").unwrap();
        let moved = remove(&seeds, "a").unwrap();
        assert_eq!(
            moved,
            [dir.path().join("removed/a.txt"), dir.path().join("removed/a.en.txt")]
        );
        assert!(seeds.join("ab.txt").exists() && !seeds.join("a.txt").exists());
        assert_eq!(
            remove(&seeds, "a.txt").unwrap_err(),
            Refusal::UnknownArticle("a".into())
        );
        assert!(matches!(remove(&seeds, "../seeds/ab"), Err(Refusal::UnknownArticle(_))));
    }
}
