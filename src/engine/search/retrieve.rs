//! Retrieval: the question's concepts as one tantivy query, filtered by the kind of answer it asks for.
//!
//! At scale a concept's words can be in most passages ("accordo", "deal"), and
//! tantivy scores every passage that matches a query of dis-max clauses: its
//! block-WAND prunes only a plain sum of terms. So when a question that asks for
//! a kind of answer (an amount, a date) has such common terms, the best
//! candidates are looked for first among the passages of that kind that have one
//! of its other terms, scored by the same query. A passage with common
//! terms only can score at most what their best postings give ([`CommonTerms`]);
//! when the last of those candidates scores more than that, no such passage could
//! have entered, and the candidates are tantivy's own, scores and order alike.
//! Otherwise the whole query runs as before.

use rustc_hash::FxHashMap as HashMap;

use tantivy::collector::{Collector, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED, Term};

use crate::engine::lexicon::Cue;

use super::Snapshot;
use super::question::Parsed;
use super::signals::{KIND_COUNT, KIND_NUMBER, KIND_SAID, KIND_TIME};

/// Candidates fetched from tantivy before re-ranking.
const CANDIDATES: usize = 40;

/// The dis-max tie breaker: a concept scores its best term and this share of the others.
const TIE_BREAKER: Score = 0.3;

/// A term is common when at least this share of the passages has it (and at
/// least [`COMMON_MIN_PASSAGES`]): at 100,000 generated passages that is a
/// concept's everyday words ("accordo", "deal", "Amazon"), which tantivy would
/// otherwise score in tens of thousands of passages per question.
const COMMON_SHARE: u64 = 20;

/// Below this many passages a term is never common: over a few articles every
/// term is cheap to score, and the plain query runs alone.
const COMMON_MIN_PASSAGES: u64 = 1_000;

/// How much the bound of the common terms is raised before it is compared with
/// the candidates' last score: the bound and the scores are sums of `f32`, and a
/// rounding error must never let a passage that would have entered be skipped.
const BOUND_SLACK: Score = 1e-3;

/// A posting as BM25 sees it: its passage's field norm id and the term's frequency there.
type Peak = (u8, u32);

/// The common terms of an index, each with its peak: the posting where it scores
/// highest (BM25's term-frequency factor is highest there, whatever the term's
/// weight), so that its bound is a score it really reaches, as Lucene keeps its
/// "impacts". Found once per index, from the postings of the common terms only.
#[derive(Debug, Default)]
pub(super) struct CommonTerms {
    /// Each common term's peak and how many passages have it.
    peaks: HashMap<Term, (Peak, u64)>,
}

impl CommonTerms {
    pub(super) fn find(searcher: &Searcher, fields: &[Field]) -> tantivy::Result<CommonTerms> {
        let mut peaks: HashMap<Term, (Peak, u64)> = HashMap::default();
        let docs = searcher.total_num_docs()?;
        // Too few passages for any term to be common: nothing to read.
        if docs < COMMON_MIN_PASSAGES {
            return Ok(CommonTerms::default());
        }
        let least = (docs / COMMON_SHARE).max(COMMON_MIN_PASSAGES);
        for &field in fields {
            // Any positive weight ranks postings as the term's own does.
            let rank = Bm25Weight::for_one_term(1, docs.max(1), average_field_norm(searcher, field)?);
            let mut by_term: HashMap<Term, u64> = HashMap::default();
            for reader in searcher.segment_readers() {
                let index = reader.inverted_index(field)?;
                let mut stream = index.terms().stream()?;
                while stream.advance() {
                    if let Ok(text) = std::str::from_utf8(stream.key()) {
                        *by_term.entry(Term::from_field_text(field, text)).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
            by_term.retain(|_, n| *n >= least);
            for reader in searcher.segment_readers() {
                let Some(norms) = reader.fieldnorms_readers().get_field(field)? else {
                    continue;
                };
                let index = reader.inverted_index(field)?;
                for (term, &passages) in &by_term {
                    let Some(mut postings) = index.read_postings(term, IndexRecordOption::WithFreqs)? else {
                        continue;
                    };
                    while postings.doc() != TERMINATED {
                        let peak = (norms.fieldnorm_id(postings.doc()), postings.term_freq());
                        let (known, _) = peaks.entry(term.clone()).or_insert((peak, passages));
                        if rank.score(peak.0, peak.1) > rank.score(known.0, known.1) {
                            *known = peak;
                        }
                        postings.advance();
                    }
                }
            }
        }
        Ok(CommonTerms { peaks })
    }
}

/// The average number of tokens of `field` per passage, as tantivy's BM25 takes it.
fn average_field_norm(searcher: &Searcher, field: Field) -> tantivy::Result<Score> {
    let tokens = searcher.total_num_tokens(field)?;
    let docs = searcher.total_num_docs()?.max(1);
    #[expect(clippy::cast_precision_loss, reason = "as tantivy's own average field norm")]
    Ok(tokens as Score / docs as Score)
}

/// A tantivy boolean query's clauses.
type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// One term of the query, as the pruned search sees it.
struct QueryTerm {
    term: Term,
    /// Which concept (dis-max clause) it scores in.
    concept: usize,
    /// For a common term: the most it gives a passage, and how many passages have it.
    common: Option<(Score, u64)>,
}

impl Snapshot {
    /// BM25 over the concepts' terms: (passage, score), best first.
    pub(super) fn search(&self, parsed: &Parsed) -> Vec<(usize, f32)> {
        let Some((clauses, query_terms)) = self.query(parsed) else {
            return Vec::new();
        };
        let pruned = self.search_skipping_common(&clauses, &query_terms);
        let top = match pruned {
            Some(top) => top,
            None => match self.searcher.search(&BooleanQuery::new(clauses), &top_docs()) {
                Ok(top) => top,
                Err(_) => return Vec::new(),
            },
        };
        top.into_iter()
            .filter_map(|(score, address)| {
                let id = self.pids.get(address.segment_ord as usize)?.first(address.doc_id)?;
                let position = *self.positions.get(usize::try_from(id).ok()?)?;
                (position != u32::MAX).then_some((position as usize, score))
            })
            .collect()
    }

    /// The query's clauses (one dis-max per concept, then the kinds of answer
    /// required) and its terms, or `None` when the question has no terms.
    fn query(&self, parsed: &Parsed) -> Option<(Clauses, Vec<QueryTerm>)> {
        let mut clauses: Clauses = Vec::new();
        let mut query_terms: Vec<QueryTerm> = Vec::new();
        for c in &parsed.concepts {
            let mut terms: Vec<Box<dyn Query>> = Vec::new();
            for (field, text, boost) in &c.terms {
                let term = Term::from_field_text(*field, text);
                query_terms.push(QueryTerm {
                    common: self.common_term_bound(&term, *boost),
                    term: term.clone(),
                    concept: clauses.len(),
                });
                let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                terms.push(if (*boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(query, *boost))
                } else {
                    query
                });
            }
            if !terms.is_empty() {
                clauses.push((
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(terms, TIE_BREAKER)),
                ));
            }
        }
        if clauses.is_empty() {
            return None;
        }
        // A question after an amount, a count or a date draws its candidates only
        // from passages that give one: at scale, the best words alone could fill
        // every candidate slot with sentences that cannot answer.
        for cue in &parsed.cues {
            let kind = match cue {
                Cue::Amount | Cue::Worth => KIND_NUMBER,
                Cue::Count => KIND_COUNT,
                Cue::When => KIND_TIME,
                Cue::Said => KIND_SAID,
                _ => continue,
            };
            let term = Term::from_field_text(self.fields.amounts, kind);
            let must = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(must), 0.0))));
        }
        Some((clauses, query_terms))
    }

    /// The query's best candidates found among the passages that have one of its
    /// terms that are not skipped, or `None` when that cannot be shown to be the
    /// whole query's result. First every common term is skipped; if the last
    /// candidate then scores no more than the common terms could give, the last
    /// score is a floor for the real one, and the most frequent common terms that
    /// together stay below it are skipped in a second try.
    fn search_skipping_common(
        &self,
        clauses: &[(Occur, Box<dyn Query>)],
        terms: &[QueryTerm],
    ) -> Option<Vec<(Score, DocAddress)>> {
        // Without a kind of answer required, tantivy's pass over the union of the
        // concepts is cheaper than any walk that seeks it passage by passage, as
        // the search below does: measured on the generated corpus of
        // `benches/engine.rs`, questions with no such filter took about 25 %
        // longer when their common terms were skipped. With one, the plain query
        // already seeks the union once per passage of that kind.
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            return None;
        }
        let mut skipped: Vec<bool> = terms.iter().map(|t| t.common.is_some()).collect();
        for _ in 0..2 {
            if !skipped.contains(&true) || !skipped.contains(&false) {
                return None;
            }
            let searched: Vec<(Occur, Box<dyn Query>)> = (terms.iter().zip(&skipped))
                .filter(|(_, skip)| !**skip)
                .map(|(t, _)| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(t.term.clone(), IndexRecordOption::Basic)),
                    )
                })
                .collect();
            let mut query: Vec<(Occur, Box<dyn Query>)> = clauses.iter().map(|(o, q)| (*o, q.box_clone())).collect();
            // Matched at no score: every candidate's sum is the plain query's.
            query.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(searched)), 0.0)),
            ));
            let found = self.searcher.search(&BooleanQuery::new(query), &top_docs()).ok()?;
            let last = match found.last() {
                Some(&(last, _)) if found.len() == CANDIDATES => last,
                _ => return None,
            };
            if last > raised(skipped_bound(terms, &skipped)) {
                return Some(found);
            }
            let mut common: Vec<usize> = (0..terms.len()).filter(|&i| terms[i].common.is_some()).collect();
            common.sort_by_key(|&i| std::cmp::Reverse(terms[i].common.map_or(0, |(_, passages)| passages)));
            skipped.fill(false);
            for i in common {
                skipped[i] = true;
                if raised(skipped_bound(terms, &skipped)) >= last {
                    skipped[i] = false;
                }
            }
        }
        None
    }

    /// The most `term`, weighted by `boost`, gives a passage, and how many
    /// passages have it, if it is a common term.
    fn common_term_bound(&self, term: &Term, boost: Score) -> Option<(Score, u64)> {
        let &((norm, freq), passages) = self.common.peaks.get(term)?;
        let weight = Bm25Weight::for_terms(&self.searcher, std::slice::from_ref(term)).ok()?;
        Some((weight.boost_by(boost).score(norm, freq), passages))
    }
}

/// The collector of the [`CANDIDATES`] best, as tantivy orders them (by score, then address).
fn top_docs() -> impl Collector<Fruit = Vec<(Score, DocAddress)>> {
    TopDocs::with_limit(CANDIDATES).order_by_score()
}

/// The most a passage that has none of the terms searched can score: in each
/// concept, the dis-max of the skipped terms' bounds.
fn skipped_bound(terms: &[QueryTerm], skipped: &[bool]) -> Score {
    let concepts = terms.iter().map(|t| t.concept + 1).max().unwrap_or(0);
    let mut best: Vec<Score> = vec![0.0; concepts];
    let mut sum: Vec<Score> = vec![0.0; concepts];
    for (t, _) in terms.iter().zip(skipped).filter(|(_, skip)| **skip) {
        let (bound, _) = t.common.unwrap_or_default();
        best[t.concept] = best[t.concept].max(bound);
        sum[t.concept] += bound;
    }
    best.iter().zip(&sum).map(|(b, s)| b + (s - b) * TIE_BREAKER).sum()
}

/// A bound raised past any rounding of the `f32` sums it bounds.
fn raised(bound: Score) -> Score {
    bound * (1.0 + BOUND_SLACK) + BOUND_SLACK
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use tantivy::query::BooleanQuery;

    use super::top_docs;
    use crate::engine::Engine;

    #[test]
    fn skipping_common_terms_finds_the_plain_query_s_candidates_bit_for_bit() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        // "deal" in every sentence, enough of them to be common; the names rarer.
        let mut text = String::from("---\ntitle: Deals of the year\ndate: 2026-04-01\n---\n");
        for i in 0..1_500 {
            let buyer = match i % 7 {
                0 => "Kestrel",
                1 | 2 => "Ormond",
                _ => "Tallis",
            };
            let seller = if i % 11 == 0 { "Lumen" } else { "Varro" };
            let _ = write!(
                text,
                "{buyer} signed a deal with {seller} worth ${} billion in round {i}. ",
                1 + i % 97
            );
            if i % 5 == 4 {
                text.push_str("\n\n");
            }
        }
        std::fs::write(seeds.join("2026-04-01-deals.txt"), text).unwrap();
        let engine = Engine::open(&seeds, &dir.path().join("index")).unwrap();
        let snapshot = engine.snapshot();
        let mut analyzers = snapshot.analyzers.clone();
        for question in [
            "How much is the deal between Kestrel and Lumen worth?",
            "How much did Kestrel pay in the deal?",
            "Quanto vale l'accordo tra Kestrel e Varro?",
        ] {
            let parsed = snapshot.parse(&engine.lexicon, &mut analyzers, question);
            let (clauses, terms) = snapshot.query(&parsed).unwrap();
            assert!(terms.iter().any(|t| t.common.is_some()), "{question}: no common term");
            let pruned = snapshot
                .search_skipping_common(&clauses, &terms)
                .unwrap_or_else(|| panic!("{question}: the common terms were not skipped"));
            let plain = snapshot
                .searcher
                .search(&BooleanQuery::new(clauses), &top_docs())
                .unwrap();
            let bits =
                |top: &[(f32, tantivy::DocAddress)]| top.iter().map(|(s, d)| (s.to_bits(), *d)).collect::<Vec<_>>();
            assert_eq!(bits(&pruned), bits(&plain), "{question}");
        }
    }
}
