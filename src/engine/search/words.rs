//! The function words the search reads questions and sentences by, per
//! language, from `words.toml`: data, each list in one place, read once.

use std::sync::LazyLock;

use serde::Deserialize;

/// One list, by language; `all` is both, Italian first.
#[derive(Debug, Default)]
pub(super) struct List {
    pub(super) it: Vec<&'static str>,
    pub(super) en: Vec<&'static str>,
    pub(super) all: Vec<&'static str>,
}

impl List {
    /// Whether `word` is on the list, in either language.
    pub(super) fn has(&self, word: &str) -> bool {
        self.all.contains(&word)
    }
}

/// Every list of `words.toml`; see the file for what each is.
#[derive(Debug, Default)]
pub(super) struct Words {
    pub(super) connectives: List,
    pub(super) pronouns: List,
    pub(super) articles: List,
    pub(super) anaphors: List,
    pub(super) focus_openers: List,
    pub(super) future: List,
    pub(super) setting: List,
    pub(super) owner_glue: List,
    pub(super) money: List,
    pub(super) agents: List,
    pub(super) attribution: List,
    pub(super) name_joiners: List,
    pub(super) expressed: List,
    pub(super) change: List,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    #[serde(default)]
    it: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    connectives: RawList,
    pronouns: RawList,
    articles: RawList,
    anaphors: RawList,
    focus_openers: RawList,
    future: RawList,
    setting: RawList,
    owner_glue: RawList,
    money: RawList,
    agents: RawList,
    attribution: RawList,
    name_joiners: RawList,
    expressed: RawList,
    change: RawList,
}

const WORDS_TOML: &str = include_str!("words.toml");

/// The shipped lists. A test parses the file, so a broken one fails the tests,
/// not a start-up.
pub(super) static WORDS: LazyLock<Words> = LazyLock::new(|| parse(WORDS_TOML).expect("words.toml parses (tested)"));

fn parse(text: &str) -> Result<Words, toml::de::Error> {
    // Read once per process and kept for its life: `&'static str` lets the
    // lists be compared as the literals they replaced.
    let keep = |words: Vec<String>| -> Vec<&'static str> {
        words.into_iter().map(|w| &*Box::leak(w.into_boxed_str())).collect()
    };
    let list = |raw: RawList| {
        let (it, en) = (keep(raw.it), keep(raw.en));
        let all = it.iter().chain(&en).copied().collect();
        List { it, en, all }
    };
    let raw: RawWords = toml::from_str(text)?;
    Ok(Words {
        connectives: list(raw.connectives),
        pronouns: list(raw.pronouns),
        articles: list(raw.articles),
        anaphors: list(raw.anaphors),
        focus_openers: list(raw.focus_openers),
        future: list(raw.future),
        setting: list(raw.setting),
        owner_glue: list(raw.owner_glue),
        money: list(raw.money),
        agents: list(raw.agents),
        attribution: list(raw.attribution),
        name_joiners: list(raw.name_joiners),
        expressed: list(raw.expressed),
        change: list(raw.change),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lists_parse_and_none_is_empty() {
        let words = parse(WORDS_TOML).unwrap();
        for (name, list) in [
            ("connectives", &words.connectives),
            ("articles", &words.articles),
            ("money", &words.money),
            ("expressed", &words.expressed),
            ("change", &words.change),
        ] {
            assert!(!list.it.is_empty() && !list.en.is_empty(), "{name}");
            assert_eq!(list.all.len(), list.it.len() + list.en.len(), "{name}");
        }
        assert!(words.articles.has("il") && words.articles.has("the"));
        assert!(!words.articles.has("di"));
    }
}
