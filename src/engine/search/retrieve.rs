//! Retrieval: the question's concepts as one tantivy query, filtered by the kind of answer it asks for.

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::engine::lexicon::Cue;

use super::Snapshot;
use super::question::Parsed;
use super::signals::{KIND_COUNT, KIND_NUMBER, KIND_SAID, KIND_TIME};

/// Candidates fetched from tantivy before re-ranking.
const CANDIDATES: usize = 40;

impl Snapshot {
    /// BM25 over the concepts' terms: (passage, score), best first.
    pub(super) fn search(&self, parsed: &Parsed) -> Vec<(usize, f32)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for c in &parsed.concepts {
            let mut terms: Vec<Box<dyn Query>> = Vec::new();
            for (field, text, boost) in &c.terms {
                let term = Term::from_field_text(*field, text);
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
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(terms, 0.3)),
                ));
            }
        }
        if clauses.is_empty() {
            return Vec::new();
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
        let query = BooleanQuery::new(clauses);
        let Ok(top) = self
            .searcher
            .search(&query, &TopDocs::with_limit(CANDIDATES).order_by_score())
        else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(score, address)| {
                let pid = self.pids.get(address.segment_ord as usize)?.first(address.doc_id)?;
                Some((usize::try_from(pid).ok()?, score))
            })
            .collect()
    }
}
