//! The one place where tantivy field names and analyzers live.
//!
//! Each passage is one document. The Italian sentence is searched through an
//! Italian analyzer, its English translation through an English one, the section
//! heading through both, and money amounts through a normalized token
//! (`amt10000000000`) so "$10B" finds "10 miliardi di dollari". The same field
//! holds the kinds of answer a passage can give (`kind:number`, `kind:time`, …),
//! so a question of amount or date only draws candidates that can answer it. The whole passage
//! is stored as JSON beside them.

use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TokenizerManager,
};

use super::lexicon::Lexicon;
use super::text::Lang;

pub const ITALIAN: &str = "dealbot_it";
pub const ENGLISH: &str = "dealbot_en";

/// Bumped whenever the schema or the analyzers change, so old indexes are rebuilt.
pub const SCHEMA_VERSION: u32 = 9;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The passage's position in the snapshot (a fast field).
    pub pid: Field,
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
        text_it: builder.add_text_field("text_it", analyzed(ITALIAN)),
        text_en: builder.add_text_field("text_en", analyzed(ENGLISH)),
        section: builder.add_text_field("section", analyzed(ITALIAN)),
        section_en: builder.add_text_field("section_en", analyzed(ENGLISH)),
        amounts: builder.add_text_field("amounts", STRING),
        stored: builder.add_text_field("passage", STORED),
    };
    (builder.build(), fields)
}

/// The analyzer for one language: words, lowercase, no accents, no stopwords, stems.
pub fn analyzer(lang: Lang, lexicon: &Lexicon) -> TextAnalyzer {
    let stopwords = lexicon.stopwords(lang).iter().cloned().collect::<Vec<_>>();
    let stemmer = Stemmer::new(match lang {
        Lang::It => Language::Italian,
        Lang::En => Language::English,
    });
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(stopwords))
        .filter(stemmer)
        .build()
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
