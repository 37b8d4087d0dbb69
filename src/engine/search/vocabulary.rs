//! What the search knows about the passages: term ids per language, and per passage the kinds of answer it can give, computed once per index.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use crate::engine::corpus::Passage;
use crate::engine::dictionary::cognate_key;
use crate::engine::figures::{self, amounts};
use crate::engine::lexicon::Lexicon;
use crate::engine::schema::Analyzers;
use crate::engine::spell::Speller;
use crate::engine::text::{Lang, Word, words};

use super::signals::{
    KIND_COUNT, KIND_NUMBER, KIND_SAID, PLACE, acronyms_in, answer_kinds, mentions_duration, money_in_words,
    names_an_agent, names_in, refers_back, says_not, says_when,
};
use super::words::WORDS;

/// Term ids for stems, per field, and which passages hold them.
#[derive(Default)]
pub(super) struct Vocabulary {
    pub(super) it: HashMap<String, u32>,
    pub(super) en: HashMap<String, u32>,
    pub(super) amounts: HashMap<String, u32>,
    pub(super) df: Vec<u32>,
    /// Per term: the language of its field (`None` for amounts).
    pub(super) lang: Vec<Option<Lang>>,
    /// Per term: its stem (or amount token).
    pub(super) stem: Vec<String>,
    /// Per lexicon concept: the (language, stem, id) of its forms the articles use.
    pub(super) concept_terms: Vec<Vec<(Lang, String, u32)>>,
    /// Per passage: (term id, start, end) of the sentence's and the translation's
    /// stems, for marking matched words without stemming again.
    pub(super) marks_text: Vec<Vec<(u32, usize, usize)>>,
    pub(super) marks_translation: Vec<Vec<(u32, usize, usize)>>,
    /// Per passage: where the sentence and its translation give an amount
    /// (start, end), marked whole in an answer to a question of amount.
    pub(super) amounts_text: Vec<Vec<[usize; 2]>>,
    pub(super) amounts_translation: Vec<Vec<[usize; 2]>>,
    /// Cognate key ([`cognate_key`]) → the terms of each language with that shape.
    pub(super) cognates: HashMap<(Lang, String), Vec<u32>>,
    /// Per passage: its terms, sorted.
    pub(super) own: Vec<Vec<u32>>,
    /// Per passage: the first passage of its article (its lead sentence).
    pub(super) lead: Vec<usize>,
    /// Per passage: the number of its article in `article_own`.
    pub(super) article_of: Vec<u32>,
    /// Per article: every term id any of its passages has, sorted.
    pub(super) article_own: Vec<Vec<u32>>,
    /// The newest article's lead sentence (dates sort as text; the last on a tie).
    pub(super) newest_lead: usize,
    /// Per passage: the index of its paragraph's terms in `context`.
    pub(super) context_of: Vec<usize>,
    pub(super) context: Vec<Vec<u32>>,
    /// Per passage: the folded names it mentions.
    pub(super) names: Vec<HashSet<String>>,
    /// Per passage: it gives an amount or a count (not just a year).
    pub(super) numeric: Vec<bool>,
    /// Per passage: it gives a money amount.
    pub(super) money: Vec<bool>,
    /// Per passage: it counts something (a number that is neither money nor a date).
    pub(super) counted: Vec<bool>,
    /// Per paragraph (as `context`): the terms of its section heading.
    pub(super) headings: Vec<Vec<u32>>,
    /// Every term some heading has.
    pub(super) in_headings: HashSet<u32>,
    /// Per passage: the topics of its money figures (`Deal`, `Valuation`, …).
    pub(super) topics: Vec<Vec<&'static str>>,
    /// Per passage: it gives a date, a year or a period.
    pub(super) timed: Vec<bool>,
    /// Per passage: it gives a span of time ("seven-year", "cinque anni").
    pub(super) lasting: Vec<bool>,
    /// Per passage: it names a company as "the company" ("l'azienda").
    pub(super) anaphoric: Vec<bool>,
    /// Per passage: it says that something is not so ("non permetterebbe").
    pub(super) negated: Vec<bool>,
    /// Per passage: whether it gives a cause or a purpose (the lexicon's causal phrases).
    pub(super) causal: Vec<bool>,
    /// Per passage: it quotes or reports what someone said.
    pub(super) said: Vec<bool>,
    /// Per passage: it names someone who acts (a person, a firm, an office).
    pub(super) agent: Vec<bool>,
    /// Per passage: it names a place.
    pub(super) place: Vec<bool>,
    /// Per passage: it gives a percentage.
    pub(super) percent: Vec<bool>,
    /// Per passage: its sentence's words, counted up to 80.
    pub(super) length: Vec<u8>,
    /// The currencies the articles give money in ("USD", "EUR").
    pub(super) currencies: HashSet<&'static str>,
    /// Folded names the articles mention anywhere.
    pub(super) all_names: HashSet<String>,
    /// Folded words the articles write as acronyms ("agi", "tsmc").
    pub(super) acronyms: HashSet<String>,
    pub(super) it_words: HashSet<String>,
    pub(super) en_words: HashSet<String>,
    /// How the articles write a word that has accents, by its folded form
    /// ("installera" → "installerà"): the stemmer needs them.
    pub(super) accented: HashMap<String, String>,
    pub(super) speller: Speller,
}

/// What the search reads of one passage by itself, whatever the other passages
/// say: its stems, amounts, names, words and signals. Finding them is most of
/// the work of reading an index (the signals are regular expressions over every
/// sentence: 85 % of the start-up over 1,001 articles), so they are found once,
/// when the passage is indexed, stored beside it in the generation
/// ([`crate::engine::index`]), and only put together per snapshot
/// ([`Vocabulary::build`]). An article added later brings its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PassageFacts {
    /// The stems of the sentence, in its language, with their byte ranges.
    stems: Tokens,
    /// The stems of the translation, in the other language.
    #[serde(default, skip_serializing_if = "Tokens::is_empty")]
    stems_translation: Tokens,
    /// The index tokens of the sentence's amounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    amounts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    amount_spans: Vec<[usize; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    amount_spans_translation: Vec<[usize; 2]>,
    /// The currencies the texts name or give amounts in ("USD").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    currencies: Vec<String>,
    /// Folded words written as acronyms, in either text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    acronyms: Vec<String>,
    /// The folded names the texts mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    names: Vec<String>,
    /// The initialisms of the texts' runs of capitalized words, each with the language of its text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    spelled_out: Vec<(Lang, String)>,
    /// Folded words of the sentence and its heading, in order.
    words: Tokens,
    /// The same of the translation.
    #[serde(default, skip_serializing_if = "Tokens::is_empty")]
    words_translation: Tokens,
    /// How the words with accents are written (lowercase), by their number
    /// in `words` then `words_translation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    accented: Vec<(usize, String)>,
    /// The signals, one bit each ([`Flag`]).
    flags: u16,
    /// Its sentence's words, counted up to 80.
    length: u8,
}

/// Words or stems, joined by spaces (none has one), with their byte ranges
/// (`[start, end, start, end, …]`) when kept: a passage's thousands of them
/// stored as two values, which read back several times faster than a list of
/// tuples (facts.json is most of what a start-up reads).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Tokens {
    text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    spans: Vec<usize>,
}

impl Tokens {
    fn push(&mut self, token: &str, span: Option<(usize, usize)>) {
        if !self.text.is_empty() || !self.spans.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(token);
        if let Some((start, end)) = span {
            self.spans.extend([start, end]);
        }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty() && self.spans.is_empty()
    }

    /// The tokens, in order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        (!self.is_empty()).then(|| self.text.split(' ')).into_iter().flatten()
    }

    /// The tokens with their byte ranges.
    fn with_spans(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.iter()
            .zip(self.spans.chunks_exact(2))
            .map(|(t, s)| (t, s[0], s[1]))
    }
}

/// The signals of [`PassageFacts::flags`].
#[derive(Clone, Copy)]
#[repr(u16)]
enum Flag {
    Numeric = 1,
    Counted = 2,
    Timed = 4,
    Lasting = 8,
    Money = 16,
    Anaphoric = 32,
    Negated = 64,
    Causal = 128,
    Said = 256,
    Agent = 512,
    Place = 1024,
    Percent = 2048,
}

/// The signals of passage `p`, one bit each ([`Flag`]); `found` are its
/// amounts, `found_translation` its translation's.
fn flags_of(p: &Passage, found: &[figures::Amount], found_translation: &[figures::Amount], lexicon: &Lexicon) -> u16 {
    let kinds = answer_kinds(p);
    let texts = || std::iter::once(p.text.as_str()).chain(p.translation.as_deref());
    [
        (Flag::Numeric, kinds.contains(&KIND_NUMBER)),
        (Flag::Counted, kinds.contains(&KIND_COUNT)),
        (Flag::Timed, texts().any(says_when)),
        (Flag::Lasting, texts().any(mentions_duration)),
        (
            Flag::Money,
            gives_money(&p.text, found, lexicon)
                || (p.translation.as_deref()).is_some_and(|t| gives_money(t, found_translation, lexicon)),
        ),
        (
            Flag::Anaphoric,
            refers_back(&p.text, &WORDS.anaphors.it)
                || (p.translation.as_deref()).is_some_and(|t| refers_back(t, &WORDS.anaphors.en)),
        ),
        (Flag::Negated, texts().any(says_not)),
        (Flag::Causal, texts().any(|t| lexicon.gives_cause(t))),
        (Flag::Said, kinds.contains(&KIND_SAID)),
        (Flag::Agent, texts().any(names_an_agent)),
        (Flag::Place, texts().any(|t| PLACE.is_match(t))),
        (
            Flag::Percent,
            texts().any(|t| t.contains('%') || t.contains("per cento") || t.contains("percent")),
        ),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .fold(0, |bits, (flag, _)| bits | flag as u16)
}

/// The currencies an amount or a word names ([`figures::currency_of`]'s codes).
const CURRENCIES: [&str; 4] = ["USD", "EUR", "GBP", "JPY"];

impl PassageFacts {
    /// Reads `p`.
    pub(crate) fn of(p: &Passage, lexicon: &Lexicon, analyzers: &mut Analyzers) -> PassageFacts {
        let stems = |analyzers: &mut Analyzers, lang: Lang, text: &str| {
            let mut out = Tokens::default();
            for s in analyzers.stems(lang, text) {
                out.push(&s.text, Some((s.start, s.end)));
            }
            out
        };
        let found = amounts(&p.text);
        let found_translation = p.translation.as_deref().map(amounts).unwrap_or_default();
        let mut currencies: Vec<String> = found.iter().filter_map(|a| a.currency).map(str::to_owned).collect();
        let mut acronyms = Vec::new();
        for t in std::iter::once(&p.text).chain(&p.translation) {
            let ws = words(t);
            currencies.extend(
                ws.iter()
                    .filter_map(|w| figures::currency_of(&w.folded))
                    .map(str::to_owned),
            );
            acronyms.extend(ws.into_iter().filter(Word::is_acronym).map(|w| w.folded));
        }
        currencies.sort_unstable();
        currencies.dedup();
        acronyms.sort_unstable();
        acronyms.dedup();
        let mut names: Vec<String> = names_in(&p.text)
            .chain(p.translation.iter().flat_map(|t| names_in(t)))
            .collect();
        names.sort_unstable();
        names.dedup();
        let spelled_out = std::iter::once((p.lang, p.text.as_str()))
            .chain(p.translation.as_deref().map(|t| (p.lang.other(), t)))
            .flat_map(|(lang, text)| acronyms_in(text).into_iter().map(move |a| (lang, a)))
            .collect();
        let flags = flags_of(p, &found, &found_translation, lexicon);
        let mut accented = Vec::new();
        let mut spell = |ws: Vec<Word<'_>>, first: usize| {
            let mut out = Tokens::default();
            for (i, w) in ws.iter().enumerate() {
                out.push(&w.folded, None);
                if !w.raw.is_ascii() {
                    accented.push((first + i, w.raw.to_lowercase()));
                }
            }
            out
        };
        let original: Vec<Word<'_>> = words(&p.text)
            .into_iter()
            .chain(p.section.iter().flat_map(|s| words(s)))
            .collect();
        let count = original.len();
        let words_original = spell(original, 0);
        let words_translation = spell(p.translation.iter().flat_map(|t| words(t)).collect(), count);
        let spans = |found: &[figures::Amount]| found.iter().map(|a| [a.start, a.end]).collect();
        PassageFacts {
            stems: stems(analyzers, p.lang, &p.text),
            stems_translation: p
                .translation
                .as_deref()
                .map(|t| stems(analyzers, p.lang.other(), t))
                .unwrap_or_default(),
            amounts: found.iter().map(figures::Amount::token).collect(),
            amount_spans: spans(&found),
            amount_spans_translation: spans(&found_translation),
            currencies,
            acronyms,
            names,
            spelled_out,
            words: words_original,
            words_translation,
            accented,
            flags,
            length: u8::try_from(p.text.split_whitespace().count().min(80)).unwrap_or(80),
        }
    }

    fn has(&self, flag: Flag) -> bool {
        self.flags & flag as u16 != 0
    }
}

impl Vocabulary {
    /// Everything the search knows about the passages, put together from each
    /// passage's [`PassageFacts`] (`facts[i]` of `passages[i]`).
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the passages fills every per-passage table together"
    )]
    pub(super) fn build(
        passages: &[Passage],
        facts: &[PassageFacts],
        lexicon: &Lexicon,
        analyzers: &mut Analyzers,
    ) -> Vocabulary {
        let mut vocab = Vocabulary::default();
        let mut paragraphs: HashMap<(&str, u32), usize> = HashMap::default();
        for (p, f) in passages.iter().zip(facts) {
            let mut own = Vec::new();
            let ids_of = |vocab: &mut Vocabulary, lang: Lang, stems: &Tokens, own: &mut Vec<u32>| {
                let mut marks = Vec::with_capacity(stems.spans.len() / 2);
                for (stem, start, end) in stems.with_spans() {
                    let id = vocab.id(Some(lang), stem);
                    own.push(id);
                    marks.push((id, start, end));
                }
                marks
            };
            let marks_text = ids_of(&mut vocab, p.lang, &f.stems, &mut own);
            let marks_translation = ids_of(&mut vocab, p.lang.other(), &f.stems_translation, &mut own);
            vocab.marks_text.push(marks_text);
            vocab.marks_translation.push(marks_translation);
            // Each text's amounts, found once: its terms, its marks, its money.
            for token in &f.amounts {
                own.push(vocab.id(None, token));
            }
            vocab.amounts_text.push(f.amount_spans.clone());
            vocab.amounts_translation.push(f.amount_spans_translation.clone());
            vocab.currencies.extend(
                f.currencies
                    .iter()
                    .filter_map(|c| CURRENCIES.iter().find(|k| **k == c.as_str())),
            );
            vocab.acronyms.extend(f.acronyms.iter().cloned());
            own.sort_unstable();
            own.dedup();
            for &t in &own {
                vocab.df[t as usize] += 1;
            }
            let next = vocab.context.len();
            let ctx = *paragraphs.entry((p.doc.as_str(), p.paragraph)).or_insert(next);
            if ctx == next {
                let mut heading = Vec::new();
                for (lang, text) in [(p.lang, &p.section), (p.lang.other(), &p.section_translation)] {
                    for stem in text.iter().flat_map(|t| analyzers.stems(lang, t)) {
                        heading.push(vocab.id(Some(lang), &stem.text));
                    }
                }
                heading.sort_unstable();
                heading.dedup();
                vocab.in_headings.extend(&heading);
                vocab.context.push(Vec::new());
                vocab.headings.push(heading);
            }
            vocab.context[ctx].extend(&own);
            vocab.context_of.push(ctx);
            vocab.own.push(own);
            let names: HashSet<String> = f.names.iter().cloned().collect();
            vocab.all_names.extend(names.iter().cloned());
            vocab.numeric.push(f.has(Flag::Numeric));
            vocab.counted.push(f.has(Flag::Counted));
            vocab.timed.push(f.has(Flag::Timed));
            vocab.lasting.push(f.has(Flag::Lasting));
            vocab.money.push(f.has(Flag::Money));
            vocab.anaphoric.push(f.has(Flag::Anaphoric));
            vocab.negated.push(f.has(Flag::Negated));
            vocab.causal.push(f.has(Flag::Causal));
            vocab.said.push(f.has(Flag::Said));
            vocab.agent.push(f.has(Flag::Agent));
            vocab.place.push(f.has(Flag::Place));
            vocab.percent.push(f.has(Flag::Percent));
            vocab.length.push(f.length);
            vocab.names.push(names);
            let (original, translated) = match p.lang {
                Lang::It => (&mut vocab.it_words, &mut vocab.en_words),
                Lang::En => (&mut vocab.en_words, &mut vocab.it_words),
            };
            let mut accents = f.accented.iter().peekable();
            let count = f.words.iter().count();
            for (i, folded) in f.words.iter().chain(f.words_translation.iter()).enumerate() {
                vocab.speller.add(folded, true);
                let written = accents.next_if(|(at, _)| *at == i).map(|(_, w)| w.as_str());
                add_accented(&mut vocab.accented, folded, written);
                if i < count {
                    original.insert(folded.to_owned());
                } else {
                    translated.insert(folded.to_owned());
                }
            }
        }
        vocab.add_acronyms(facts, analyzers);
        // Each article's passages stand together, its headline and byline
        // (paragraph 0) first, then its lead, the first sentence of the text.
        let mut start = 0;
        for (i, p) in passages.iter().enumerate() {
            if passages[start].doc != p.doc {
                start = i;
            }
            let lead = (start..passages.len())
                .take_while(|&n| passages[n].doc == p.doc)
                .find(|&n| passages[n].paragraph > 0)
                .unwrap_or(start);
            vocab.lead.push(lead);
        }
        for (i, p) in passages.iter().enumerate() {
            if i == 0 || passages[i - 1].doc != p.doc {
                if let Some(ids) = vocab.article_own.last_mut() {
                    ids.sort_unstable();
                    ids.dedup();
                }
                vocab.article_own.push(Vec::new());
            }
            let article = vocab.article_own.len() - 1;
            vocab.article_of.push(u32::try_from(article).unwrap_or(u32::MAX));
            vocab.article_own[article].extend_from_slice(&vocab.own[i]);
        }
        if let Some(ids) = vocab.article_own.last_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        vocab.newest_lead = (0..passages.len())
            .filter(|&i| vocab.lead[i] == i)
            .max_by(|&a, &b| passages[a].date.cmp(&passages[b].date))
            .unwrap_or(0);
        for ctx in &mut vocab.context {
            ctx.sort_unstable();
            ctx.dedup();
        }
        for (lang, terms) in [(Lang::It, &vocab.it), (Lang::En, &vocab.en)] {
            for (stem, &id) in terms {
                if let Some(key) = cognate_key(stem) {
                    vocab.cognates.entry((lang, key)).or_default().push(id);
                }
            }
        }
        for w in lexicon.words() {
            if !lexicon.is_stopword(w) {
                vocab.speller.add(w, false);
            }
        }
        for concept in &lexicon.concepts {
            let mut terms = Vec::new();
            for (lang, forms) in [(Lang::It, &concept.it), (Lang::En, &concept.en)] {
                for stem in forms.iter().flat_map(|f| analyzers.stems(lang, f)) {
                    if let Some(id) = vocab.lookup(lang, &stem.text) {
                        terms.push((lang, stem.text, id));
                    }
                }
            }
            vocab.concept_terms.push(terms);
        }
        vocab
    }

    /// A name the articles shorten elsewhere ("TSMC", "AWS") is said by the
    /// sentences that spell it out ("Taiwan Semiconductor Manufacturing Co."):
    /// each passage gets the term and the name of every initialism of its runs
    /// of capitalized words that the articles also use as a name.
    fn add_acronyms(&mut self, facts: &[PassageFacts], analyzers: &mut Analyzers) {
        for (pid, f) in facts.iter().enumerate() {
            for (lang, acronym) in &f.spelled_out {
                if !self.all_names.contains(acronym) || self.names[pid].contains(acronym) {
                    continue;
                }
                let ids: Vec<u32> = analyzers
                    .stems(*lang, acronym)
                    .iter()
                    .filter_map(|s| self.lookup(*lang, &s.text))
                    .collect();
                for id in ids {
                    if let Err(at) = self.own[pid].binary_search(&id) {
                        self.own[pid].insert(at, id);
                        self.df[id as usize] += 1;
                        self.context[self.context_of[pid]].push(id);
                    }
                }
                self.names[pid].insert(acronym.clone());
            }
        }
    }

    pub(super) fn id(&mut self, lang: Option<Lang>, stem: &str) -> u32 {
        let map = match lang {
            Some(Lang::It) => &mut self.it,
            Some(Lang::En) => &mut self.en,
            None => &mut self.amounts,
        };
        if let Some(&id) = map.get(stem) {
            return id;
        }
        let id = u32::try_from(self.df.len()).expect("fewer than 4 billion terms");
        map.insert(stem.to_owned(), id);
        self.df.push(0);
        self.lang.push(lang);
        self.stem.push(stem.to_owned());
        id
    }

    /// A question word as the stemmer should see it: with its accents, or with
    /// the articles' when it was typed without them ("installera" is read as the
    /// articles' "installerà", which stems as "installare" does).
    pub(super) fn spelling<'w>(&'w self, raw: &'w str, folded: &str) -> &'w str {
        if raw.is_ascii() {
            self.accented.get(folded).map_or(raw, String::as_str)
        } else {
            raw
        }
    }

    pub(super) fn lookup(&self, lang: Lang, stem: &str) -> Option<u32> {
        match lang {
            Lang::It => self.it.get(stem),
            Lang::En => self.en.get(stem),
        }
        .copied()
    }

    pub(super) fn idf(&self, df: u32) -> f32 {
        #[expect(clippy::cast_precision_loss, reason = "document counts far below 2^23 are exact")]
        let (n, df) = (self.own.len() as f32, df as f32);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

/// Whether `text` gives a money amount: one with a currency, or a bare amount
/// that counts nothing ("ricavandone altri 9,17 miliardi" is money; "1.2
/// trillion parameters", "mille miliardi di parametri" count parameters).
/// `found` is `text`'s [`amounts`].
fn gives_money(text: &str, found: &[figures::Amount], lexicon: &Lexicon) -> bool {
    money_in_words(text)
        || found.iter().any(|a| {
            a.currency.is_some() || {
                let after = words(&text[a.end..]);
                let mut next = after.iter().map(|w| w.folded.as_str());
                let first = next.next();
                let noun = match first {
                    Some("di" | "of" | "d") => next.next(),
                    other => other,
                };
                !noun.is_some_and(|w| w.chars().all(char::is_alphabetic) && !lexicon.is_stopword(w))
            }
        })
}

/// Remembers how the articles write `folded` when it has accents (the first way seen).
fn add_accented(accented: &mut HashMap<String, String>, folded: &str, written: Option<&str>) {
    if let Some(written) = written
        && !accented.contains_key(folded)
    {
        accented.insert(folded.to_owned(), written.to_owned());
    }
}
