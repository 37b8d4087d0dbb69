//! What the search knows about the passages: term ids per language, and per passage the kinds of answer it can give, computed once per index.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::engine::corpus::Passage;
use crate::engine::dictionary::cognate_key;
use crate::engine::figures::{self, amounts};
use crate::engine::lexicon::Lexicon;
use crate::engine::schema::Analyzers;
use crate::engine::spell::Speller;
use crate::engine::text::{Lang, Word, words};

use super::question::{ANAPHORS_EN, ANAPHORS_IT};
use super::signals::{
    KIND_COUNT, KIND_NUMBER, KIND_SAID, PLACE, acronyms_in, answer_kinds, mentions_duration, money_in_words,
    names_an_agent, names_in, refers_back, says_not, says_when,
};

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

impl Vocabulary {
    /// Everything the search knows about the passages, computed once per index.
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the passages fills every per-passage table together"
    )]
    pub(super) fn build(passages: &[Passage], lexicon: &Lexicon, analyzers: &mut Analyzers) -> Vocabulary {
        let mut vocab = Vocabulary::default();
        let mut paragraphs: HashMap<(&str, u32), usize> = HashMap::default();
        for p in passages {
            let mut own = Vec::new();
            let mut stems_of = |lang: Lang, text: &str, own: &mut Vec<u32>| {
                let mut marks = Vec::new();
                for s in analyzers.stems(lang, text) {
                    let id = vocab.id(Some(lang), &s.text);
                    own.push(id);
                    marks.push((id, s.start, s.end));
                }
                marks
            };
            let marks_text = stems_of(p.lang, &p.text, &mut own);
            let marks_translation = p
                .translation
                .as_deref()
                .map(|t| stems_of(p.lang.other(), t, &mut own))
                .unwrap_or_default();
            vocab.marks_text.push(marks_text);
            vocab.marks_translation.push(marks_translation);
            // Each text's amounts, found once: its terms, its marks, its money.
            let found = amounts(&p.text);
            let found_translation = p.translation.as_deref().map(amounts).unwrap_or_default();
            for a in &found {
                own.push(vocab.id(None, &a.token()));
                vocab.currencies.extend(a.currency);
            }
            let spans = |found: &[figures::Amount]| found.iter().map(|a| [a.start, a.end]).collect();
            vocab.amounts_text.push(spans(&found));
            vocab.amounts_translation.push(spans(&found_translation));
            for t in std::iter::once(&p.text).chain(&p.translation) {
                let ws = words(t);
                vocab
                    .currencies
                    .extend(ws.iter().filter_map(|w| figures::currency_of(&w.folded)));
                vocab
                    .acronyms
                    .extend(ws.into_iter().filter(Word::is_acronym).map(|w| w.folded));
            }
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
            let names: HashSet<String> = names_in(&p.text)
                .chain(p.translation.iter().flat_map(|t| names_in(t)))
                .collect();
            vocab.all_names.extend(names.iter().cloned());
            // The same kinds the index stores, from the one definition.
            let kinds = answer_kinds(p);
            vocab.numeric.push(kinds.contains(&KIND_NUMBER));
            vocab.counted.push(kinds.contains(&KIND_COUNT));
            let texts = || std::iter::once(p.text.as_str()).chain(p.translation.as_deref());
            vocab.timed.push(texts().any(says_when));
            vocab.lasting.push(texts().any(mentions_duration));
            vocab.money.push(
                gives_money(&p.text, &found, lexicon)
                    || (p.translation.as_deref()).is_some_and(|t| gives_money(t, &found_translation, lexicon)),
            );
            vocab.anaphoric.push(
                refers_back(&p.text, &ANAPHORS_IT)
                    || p.translation.as_deref().is_some_and(|t| refers_back(t, &ANAPHORS_EN)),
            );
            vocab.negated.push(texts().any(says_not));
            vocab.causal.push(texts().any(|t| lexicon.gives_cause(t)));
            vocab.said.push(kinds.contains(&KIND_SAID));
            vocab.agent.push(texts().any(names_an_agent));
            vocab.place.push(texts().any(|t| PLACE.is_match(t)));
            vocab
                .percent
                .push(texts().any(|t| t.contains('%') || t.contains("per cento") || t.contains("percent")));
            vocab
                .length
                .push(u8::try_from(p.text.split_whitespace().count().min(80)).unwrap_or(80));
            vocab.names.push(names);
            let (original, translated) = match p.lang {
                Lang::It => (&mut vocab.it_words, &mut vocab.en_words),
                Lang::En => (&mut vocab.en_words, &mut vocab.it_words),
            };
            for w in words(&p.text)
                .into_iter()
                .chain(p.section.iter().flat_map(|s| words(s)))
            {
                vocab.speller.add(&w.folded, true);
                add_accented(&mut vocab.accented, &w);
                original.insert(w.folded);
            }
            for w in p.translation.iter().flat_map(|t| words(t)) {
                vocab.speller.add(&w.folded, true);
                add_accented(&mut vocab.accented, &w);
                translated.insert(w.folded);
            }
        }
        vocab.add_acronyms(passages, analyzers);
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
    fn add_acronyms(&mut self, passages: &[Passage], analyzers: &mut Analyzers) {
        for (pid, p) in passages.iter().enumerate() {
            let texts =
                std::iter::once((p.lang, p.text.as_str())).chain(p.translation.as_deref().map(|t| (p.lang.other(), t)));
            for (lang, text) in texts {
                for acronym in acronyms_in(text) {
                    if !self.all_names.contains(&acronym) || self.names[pid].contains(&acronym) {
                        continue;
                    }
                    let ids: Vec<u32> = analyzers
                        .stems(lang, &acronym)
                        .iter()
                        .filter_map(|s| self.lookup(lang, &s.text))
                        .collect();
                    for id in ids {
                        if let Err(at) = self.own[pid].binary_search(&id) {
                            self.own[pid].insert(at, id);
                            self.df[id as usize] += 1;
                            self.context[self.context_of[pid]].push(id);
                        }
                    }
                    self.names[pid].insert(acronym);
                }
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

/// Remembers how the articles write `w` when it has accents.
fn add_accented(accented: &mut HashMap<String, String>, w: &Word<'_>) {
    if !w.raw.is_ascii() && !accented.contains_key(&w.folded) {
        accented.insert(w.folded.clone(), w.raw.to_lowercase());
    }
}
