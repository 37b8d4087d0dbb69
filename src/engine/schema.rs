//! The one place where tantivy field names and analyzers live.
//!
//! Each passage is one document. The Italian sentence is searched through an
//! Italian analyzer, its English translation through an English one, the section
//! heading through both, and money amounts through a normalized token
//! (`amt10000000000`) so "$10B" finds "10 miliardi di dollari". The same field
//! holds the kinds of answer a passage can give (`kind:number`, `kind:time`, …),
//! so a question of amount or date only draws candidates that can answer it. The whole passage
//! is stored as JSON beside them.

use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

use super::lexicon::Lexicon;
use super::text::{Lang, folded};

pub const ITALIAN: &str = "dealbot_it";
pub const ENGLISH: &str = "dealbot_en";

/// Bumped whenever the schema, the analyzers or the reading of an article (its
/// language; 13: its headline, byline, dateline, bullets and sentences) change,
/// so old indexes are rebuilt; 14: the article's name indexed (an article is
/// replaced or removed by it), each passage's facts stored beside the index;
/// 15: four more facts (said, agent, place, percentage) and its length.
pub const SCHEMA_VERSION: u32 = 15;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The passage's id in the index (a fast field): its position in the
    /// snapshot when the index was built whole; a passage added later gets
    /// the next free id, and the snapshot maps ids to positions.
    pub pid: Field,
    /// The article's name (its file name without `.txt`), for removing or
    /// replacing its passages when only its file changed.
    pub doc: Field,
    pub text_it: Field,
    pub text_en: Field,
    pub section: Field,
    pub section_en: Field,
    pub amounts: Field,
    /// The passage as JSON.
    pub stored: Field,
}

impl Fields {
    /// The field searched for a language's stems.
    pub fn text(&self, lang: Lang) -> Field {
        match lang {
            Lang::It => self.text_it,
            Lang::En => self.text_en,
        }
    }

    /// The field of section headings in a language.
    pub fn section(&self, lang: Lang) -> Field {
        match lang {
            Lang::It => self.section,
            Lang::En => self.section_en,
        }
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analyzed = |name: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(name)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let fields = Fields {
        pid: builder.add_u64_field("pid", FAST | STORED),
        doc: builder.add_text_field("doc", STRING),
        text_it: builder.add_text_field("text_it", analyzed(ITALIAN)),
        text_en: builder.add_text_field("text_en", analyzed(ENGLISH)),
        section: builder.add_text_field("section", analyzed(ITALIAN)),
        section_en: builder.add_text_field("section_en", analyzed(ENGLISH)),
        amounts: builder.add_text_field("amounts", STRING),
        stored: builder.add_text_field("passage", STORED),
    };
    (builder.build(), fields)
}

/// The analyzer for one language: words, lowercase, no stopwords, stems, no accents.
///
/// The stemmer sees the accents and folding comes after it: an Italian future
/// ends in one, and "installerà" stems as "installare" does ("install"), where
/// its folded "installera" would stem to "installer".
pub fn analyzer(lang: Lang, lexicon: &Lexicon) -> TextAnalyzer {
    let stemmer = Stemmer::new(match lang {
        Lang::It => Language::Italian,
        Lang::En => Language::English,
    });
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWords(Arc::new(lexicon.stopwords(lang).clone())))
        .filter(stemmer)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Drops the stopwords, compared without accents ("perché" is "perche"), and
/// keeps the accents of the other words for the stemmer.
#[derive(Clone)]
struct StopWords(Arc<HashSet<String>>);

impl TokenFilter for StopWords {
    type Tokenizer<T: Tokenizer> = StopWordsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StopWordsFilter<T> {
        StopWordsFilter { words: self.0, inner }
    }
}

#[derive(Clone)]
struct StopWordsFilter<T> {
    words: Arc<HashSet<String>>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StopWordsFilter<T> {
    type TokenStream<'a> = StopWordsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopWordsStream {
            words: &self.words,
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

struct StopWordsStream<'a, T> {
    words: &'a HashSet<String>,
    tail: T,
    buffer: String,
}

impl<T: TokenStream> TokenStream for StopWordsStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            self.buffer.clear();
            self.buffer.extend(folded(&self.tail.token().text));
            if !self.words.contains(&self.buffer) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Registers both analyzers under the names the schema uses.
pub fn register(tokenizers: &TokenizerManager, lexicon: &Lexicon) {
    tokenizers.register(ITALIAN, analyzer(Lang::It, lexicon));
    tokenizers.register(ENGLISH, analyzer(Lang::En, lexicon));
}

/// A term of a passage or a question: its stem, and where it stands in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Both analyzers, for stemming outside tantivy (questions, highlights).
#[derive(Clone)]
pub struct Analyzers {
    it: TextAnalyzer,
    en: TextAnalyzer,
}

impl Analyzers {
    pub fn new(lexicon: &Lexicon) -> Self {
        Analyzers {
            it: analyzer(Lang::It, lexicon),
            en: analyzer(Lang::En, lexicon),
        }
    }

    /// The stems of `text` as the index sees them in `lang`'s field.
    pub fn stems(&mut self, lang: Lang, text: &str) -> Vec<Stem> {
        let analyzer = match lang {
            Lang::It => &mut self.it,
            Lang::En => &mut self.en,
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push(Stem {
                text: t.text.clone(),
                start: t.offset_from,
                end: t.offset_to,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(lang: Lang, text: &str) -> Vec<String> {
        Analyzers::new(&Lexicon::shipped())
            .stems(lang, text)
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn the_stemmer_sees_the_accents_and_the_index_does_not() {
        // A future and an infinitive are one verb; folded first, the future was "installer".
        assert_eq!(stems(Lang::It, "installerà"), stems(Lang::It, "installare"));
        assert_eq!(stems(Lang::It, "investirà"), stems(Lang::It, "investire"));
        // No accent is left in a term, and stopwords go with or without theirs.
        assert_eq!(stems(Lang::It, "Società"), ["societ"]);
        assert!(stems(Lang::It, "perché più già È").is_empty());
        assert_eq!(stems(Lang::En, "café deals"), ["cafe", "deal"]);
    }
}
