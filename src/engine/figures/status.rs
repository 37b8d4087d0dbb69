//! Whether a figure is stated or reported: the clause around it, hedges,
//! the conditional mood and reported speech.

use super::figure::Status;
use crate::engine::text::words;

/// Words that make a clause a report rather than a statement.
pub(super) const HEDGES: &[&str] = &[
    "secondo",
    "discutendo",
    "discutono",
    "discussione",
    "trattativa",
    "trattative",
    "ipotesi",
    "ipotizza",
    "potrebbe",
    "potrebbero",
    "sarebbe",
    "sarebbero",
    "avrebbe",
    "avrebbero",
    "forse",
    "according",
    "reportedly",
    "would",
    "could",
    "might",
    "may",
    "talks",
    "discussing",
    "negotiating",
    "considering",
    "potential",
    "possible",
    "possibly",
    "rumored",
    "rumoured",
    "se",
    "if",
];

/// Italian conditional mood ("prevederebbe", "spingerebbero").
pub(super) fn is_conditional(folded: &str) -> bool {
    folded.len() > 6 && (folded.ends_with("rebbe") || folded.ends_with("rebbero"))
}

/// Verbs of saying: what follows their "that/che" is what was said, a clause
/// of its own (the speaker is not a party to the figure).
pub(super) const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "added",
    "explained",
    "noted",
    "argued",
    "warned",
    "announced",
    "reported",
    "out",
    "detto",
    "dichiarato",
    "spiegato",
    "precisato",
    "annunciato",
    "affermato",
    "sottolineato",
    "riferito",
    "rivelato",
    "ricordato",
    "ricordano",
    "sostiene",
    "sostenuto",
    "osservato",
    "aggiunto",
    "scritto",
];

/// The clause of `sentence` around byte `at`: cut at punctuation, at the words
/// that open a new clause ("poiché", "because", "ma") and at the "that" of
/// reported speech ("has said that …").
pub(super) fn clause(sentence: &str, at: usize) -> (usize, usize) {
    let mut start = 0;
    let mut end = sentence.len();
    for (i, c) in sentence.char_indices() {
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–') {
            if i < at {
                start = i + c.len_utf8();
            } else if i > at {
                end = end.min(i);
            }
        }
    }
    let ws = words(sentence);
    for (i, w) in ws.iter().enumerate() {
        let opens = matches!(
            w.folded.as_str(),
            "poiche" | "perche" | "because" | "since" | "ma" | "but" | "mentre" | "while" | "tuttavia" | "however"
        ) || (matches!(w.folded.as_str(), "that" | "che")
            && ws[i.saturating_sub(2)..i]
                .iter()
                .any(|v| SPEECH.contains(&v.folded.as_str())));
        if opens {
            // A figure may start with the word ("since 2019"): it opens no clause there.
            if w.start < at && w.start > start {
                start = w.start;
            } else if w.start > at {
                end = end.min(w.start);
            }
        }
    }
    (start, end.max(start))
}

pub(super) fn status(sentence: &str, at: usize) -> Status {
    let (start, end) = clause(sentence, at);
    let reported_clause = words(&sentence[start..end])
        .iter()
        .any(|w| is_conditional(&w.folded) || HEDGES.contains(&w.folded.as_str()));
    let first = words(sentence).into_iter().next().map(|w| w.folded);
    let reported_sentence = matches!(first.as_deref(), Some("secondo" | "according" | "stando"));
    if reported_clause || reported_sentence {
        Status::Reported
    } else {
        Status::Fact
    }
}
