//! Ranking: what each candidate sentence says of the question, as the signals
//! the fitted ranker ([`super::model`]) scores.

use crate::engine::corpus::{Passage, PassageKind};
use crate::engine::figures;
use crate::engine::lexicon::Cue;
use crate::engine::text::{fold, folded, words};

use super::Snapshot;
use super::expand::Concept;
use super::model::{F, Features};
use super::question::{Parsed, asks_number};
use super::signals::attributes;
use super::time;

/// A candidate sentence as ranking scored it.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) pid: usize,
    /// The share of the question's weight it says (its own sentence, or nearby).
    pub(super) coverage: f32,
    /// The ranker's score.
    pub(super) score: f32,
    pub(super) features: Features,
}

/// Half the question: the signal `qualified` marks a candidate that says at
/// least this share of it, with its names and of the kind asked.
pub(super) const HALF: f32 = 0.5;
/// Candidates whose coverage is within this of the best are the ones among
/// which the newest article is preferred (the signal `newest_match`).
const CLOSE_COVERAGE: f32 = 0.15;
/// A match in the sentence's paragraph (or section heading) counts this much.
const CONTEXT_WEIGHT: f32 = 0.5;
/// A concept found in only one of the sentence and its translation counts this much:
/// found in both, the match does not hang on one translator's choice of word.
const ONE_LANGUAGE_WEIGHT: f32 = 0.85;
/// A concept found only in the other language's text, when the sentence's text
/// in the question's own language does not say it ("building" meets
/// "sviluppatori", whose translation says "developers"): the dictionary's guess
/// weighs less than the translator's word.
const BRIDGED_WEIGHT: f32 = 0.6;
/// A word near in meaning to the question's, not its own or a translation
/// ("holds" for "own"), counts this much.
const NEAR_WEIGHT: f32 = 0.5;
/// The most text between a word and the name it belongs to ("Amazon shares",
/// "azioni del gruppo"): a space and a short glue word.
const OWNER_GAP: usize = 6;
/// A match in the heading of the sentence's section counts this much: a heading
/// says what its section is about.
const HEADING_WEIGHT: f32 = 0.75;
/// A name found only in the lead sentence of the sentence's article counts this
/// much: the article is about it, the sentence does not say it again.
const LEAD_NAME_WEIGHT: f32 = 0.75;
/// How many words before the unit its number may stand ("700 milioni di utenti").
const UNIT_REACH: usize = 3;

impl Snapshot {
    /// Every candidate, scored by the fitted ranker (see [`super::model`]), best first.
    #[expect(
        clippy::too_many_lines,
        reason = "one candidate's signals are read in one pass over the question's concepts"
    )]
    pub(super) fn rank(&self, parsed: &Parsed) -> Vec<Candidate> {
        let total = parsed.total_weight();
        let mut candidates = self.search(parsed);
        // "And in euros?": the articles give no exchange rate, so only a
        // sentence that gives money in that currency answers.
        if let Some(currency) = parsed.currency {
            candidates.retain(|&(pid, _)| {
                let p = &self.passages[pid];
                std::iter::once(p.text.as_str())
                    .chain(p.translation.as_deref())
                    .any(|t| figures::amounts(t).iter().any(|a| a.currency == Some(currency)))
            });
        }
        tracing::debug!(candidates = ?candidates, "retrieved");
        let max_bm25 = candidates.iter().map(|c| c.1).fold(f32::MIN_POSITIVE, f32::max);
        // A question after a fact (how much, when, who) must find the names it asks
        // about in the sentence that gives the fact; others may find them nearby.
        let numeric = parsed.cues.iter().copied().any(asks_number);
        let strict = numeric || parsed.cues.iter().any(|c| matches!(c, Cue::When | Cue::Who));
        let context_weight = if strict { 0.0 } else { CONTEXT_WEIGHT };
        // "Who leads Microsoft?": a sentence that only names the companies asked
        // about says nothing of what is asked of them, when the articles have words
        // for it (a word they never use, as "role", asks nothing they could say).
        let asks_more = parsed.concepts.iter().any(|c| !c.name && c.known());
        let when = parsed.when;
        let dates = time::Dates::of(candidates.iter().map(|c| self.passages[c.0].date.as_deref()));
        let mut ranked = Vec::new();
        // Candidates of one article share its coverage: read once per article.
        let mut article_coverages: rustc_hash::FxHashMap<u32, f32> = rustc_hash::FxHashMap::default();
        for (pid, bm25) in candidates.drain(..) {
            let fits = self.fits(parsed, pid);
            let own = &self.vocab.own[pid];
            let context = &self.vocab.context[self.vocab.context_of[pid]];
            let (mut covered, mut own_language, mut bridged, mut near_only, mut nearby) = (0.0, 0.0, 0.0, 0.0, 0.0);
            let mut names_ok = true;
            let mut names_missing = 0;
            // Whether the passage says anything the question asks besides names.
            let mut more_than_names = false;
            // Whether the sentence itself says the thing asked for, and the
            // heaviest word of the question it does not say.
            let (mut focus, mut heaviest_missing) = (None, 0.0_f32);
            // Which of the rules of `names_ok` the sentence fails, each a signal
            // of its own: a name asked after a fact that only the paragraph says,
            // the thing asked for unsaid, the source asked for unsaid.
            let (mut name_nearby, mut focus_unsaid, mut source_missing) = (false, false, false);
            let passage = &self.passages[pid];
            let translated = passage.translation.is_some();
            // The lead stands in for one party of a question about two or more
            // ("Nvidia and OpenAI"), and for the one company of a question that
            // asks no figure ("When was Mistral founded?") or whose sentence
            // names no one else; a question of amount about one company must
            // find it in a sentence that names another ("Quanto vale Amazon?"
            // is not OpenAI's valuation). Never for a sentence whose "the
            // company" is the one the sentence before named.
            let names_others = self.vocab.names[pid].iter().any(|n| !parsed.folded.contains(n));
            let parties = parsed.concepts.iter().filter(|c| c.name).count() >= 2 || !numeric || !names_others;
            for c in &parsed.concepts {
                let before = covered;
                // Whether the sentence says it, and whether its translation does.
                let (mut original, mut translation) = (false, false);
                for id in c.ids.iter().filter(|id| own.binary_search(id).is_ok()) {
                    match self.vocab.lang[*id as usize] {
                        Some(lang) if lang == passage.lang => original = true,
                        Some(_) => translation = true,
                        None => (original, translation) = (true, true),
                    }
                }
                // "AGI": "artificial general intelligence".
                if let Some(letters) = c.acronym.as_deref() {
                    original |= spells(&passage.text, &self.vocab.marks_text[pid], letters);
                    translation |= (passage.translation.as_deref())
                        .is_some_and(|t| spells(t, &self.vocab.marks_translation[pid], letters));
                    // One the articles never write is answered where it is spelled out.
                    names_ok &= !c.unknown_name || original || translation;
                }
                // "Microsoft shares": Amazon's shares are someone else's.
                if !c.owner.is_empty() && self.owned_by_another(pid, c) {
                    (original, translation) = (false, false);
                }
                // "q2": a sentence that names the second quarter (an article
                // published then may tell of anything).
                if c.time && when.is_some_and(|w| w.named_in(passage.date.as_deref(), &passage.text)) {
                    (original, translation) = (true, true);
                }
                if c.amountish && strict && self.vocab.money[pid] {
                    (original, translation) = (true, true);
                }
                // "Which newspaper reported it": a sentence that attributes
                // ("secondo il Wall Street Journal") says the reporting.
                // So does every word of the question that says the reporting
                // ("which newspaper *broke* the *news*").
                let reporting = (parsed.source.as_ref()).is_some_and(|s| c.ids.iter().any(|id| s.contains(id)));
                if reporting && attributes(&passage.text) {
                    (original, translation) = (true, true);
                }
                let heading = &self.vocab.headings[self.vocab.context_of[pid]];
                // A word near in meaning in the question's language ("prevede" for
                // "prevista", read as "planned").
                let near = c.near.iter().any(|id| own.binary_search(id).is_ok());
                if original && (translation || !translated) {
                    covered += c.weight;
                    own_language += c.weight;
                } else if original || translation {
                    let askers = if passage.lang == parsed.lang {
                        original
                    } else {
                        translation
                    };
                    // A near word in the question's language is the translator's word too.
                    let weight = if askers || near {
                        own_language += c.weight;
                        ONE_LANGUAGE_WEIGHT
                    } else {
                        bridged += c.weight;
                        BRIDGED_WEIGHT
                    };
                    covered += c.weight * weight;
                } else if near {
                    covered += c.weight * NEAR_WEIGHT;
                    near_only += c.weight;
                } else if strict && c.name && self.refers_back_to(pid, c) {
                    covered += c.weight;
                    nearby += c.weight;
                } else if strict && self.list_says(pid, c) {
                    // "- quota di Micron: 8%" after "- quota di SK Hynix sugli
                    // ordini HBM4 di Nvidia: 62%": an item says what its list's
                    // lead-in and first item say.
                    covered += c.weight;
                    nearby += c.weight;
                } else if c.name && parties && !self.vocab.anaphoric[pid] && self.lead_says(pid, c) {
                    // A company the article's first sentence names is what the
                    // article is about: its later paragraphs need not name it
                    // again. One the rest of the lead names may be a rival
                    // ("la sfida … al predominio di Nvidia" in an article on AMD).
                    covered += c.weight * LEAD_NAME_WEIGHT;
                    nearby += c.weight;
                } else if !strict && c.ids.iter().any(|id| heading.binary_search(id).is_ok()) {
                    covered += c.weight * HEADING_WEIGHT;
                    nearby += c.weight;
                } else if c.ids.iter().any(|id| context.binary_search(id).is_ok()) {
                    // A question of amount may take a word from the sentence
                    // next to the one that gives the figure ("how much would
                    // Amazon invest": the 10 billion, then "a massive
                    // investment"); who did what must be said in one sentence.
                    let next_door = numeric && !c.name && self.beside(pid, c);
                    covered += c.weight * if next_door { CONTEXT_WEIGHT } else { context_weight };
                    nearby += c.weight;
                    names_ok &= !(c.name && strict);
                    name_nearby |= c.name && strict;
                } else {
                    names_ok &= !(c.name && strict);
                    name_nearby |= c.name && strict;
                    names_missing += usize::from(c.name);
                    // "Which generation of TPU": a paragraph that never says the
                    // thing asked for answers another question, unless it names
                    // someone the question does not ("which bank": Morgan Stanley).
                    let unsaid = c.focus && c.known() && !names_others && parsed.source.as_ref() != Some(&c.ids);
                    names_ok &= !unsaid;
                    focus_unsaid |= unsaid;
                }
                more_than_names |= !c.name && covered > before;
                let said = original || translation || near;
                if c.focus {
                    focus = Some(said);
                }
                if !said && !c.name {
                    heaviest_missing = heaviest_missing.max(c.weight);
                }
                // The source asked for must be in the sentence itself.
                let source_ok =
                    original || translation || parsed.source.as_ref() != Some(&c.ids) || attributes(&passage.text);
                names_ok &= source_ok;
                source_missing |= !source_ok;
            }
            // A sentence of the kind asked for (an amount, a share, a count) says
            // more than the names: what is asked of them.
            let only_names = !(more_than_names || !asks_more || numeric || parsed.cues.contains(&Cue::Said));
            names_ok &= !only_names;
            let names = parsed.concepts.iter().filter(|c| c.name).count();
            let mut x = Features::default();
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            x.set(F::Coverage, covered / total);
            x.set(F::CoverageOwn, own_language / total);
            x.set(F::CoverageBridged, bridged / total);
            x.set(F::CoverageNear, near_only / total);
            x.set(F::CoverageContext, nearby / total);
            x.set(F::NamesOk, flag(names_ok));
            x.set(F::NameNearby, flag(name_nearby));
            x.set(F::FocusUnsaid, flag(focus_unsaid));
            x.set(F::SourceMissing, flag(source_missing));
            x.set(F::OnlyNames, flag(only_names));
            x.set(
                F::Attributes,
                flag(parsed.source.is_some() && attributes(&passage.text)),
            );
            #[expect(clippy::cast_precision_loss, reason = "a count of names in a question")]
            let missing = names_missing as f32 / names.max(1) as f32;
            x.set(F::NamesMissing, missing);
            x.set(F::Fits, flag(fits));
            x.set(F::Bm25, bm25 / max_bm25);
            x.set(F::MoreThanNames, flag(more_than_names));
            self.preferences(parsed, pid, &mut x);
            x.set(F::FocusSaid, flag(focus == Some(true)));
            x.set(F::FocusMissing, flag(focus == Some(false)));
            x.set(F::HeaviestMissing, heaviest_missing / total);
            x.set(F::Proximity, self.proximity(parsed, pid));
            x.set(F::NamesOthers, flag(names_others));
            x.set(F::Bullet, flag(passage.kind == PassageKind::Bullet));
            // Read across languages through the dictionary alone, a sentence
            // meets fewer of the question's words than a translation would.
            x.set(F::OtherLanguage, flag(passage.lang != parsed.lang && !translated));
            x.set(F::Title, flag(passage.kind == PassageKind::Title));
            x.set(F::Byline, flag(passage.kind == PassageKind::Byline));
            // Whether it passes what a hand-set rule would ask: half the question,
            // its names, the kind of answer asked. The weight is fitted.
            let eligible = names_ok && names_missing == 0 && fits;
            x.set(F::Eligible, flag(eligible));
            x.set(F::Qualified, flag(eligible && covered / total >= HALF));
            let article = self.vocab.article_of[pid];
            let coverage = *article_coverages
                .entry(article)
                .or_insert_with(|| article_coverage(self, parsed, article, total));
            x.set(F::ArticleCoverage, coverage);
            x.set(
                F::Newest,
                if when.is_some() {
                    0.0
                } else {
                    dates.newness(passage.date.as_deref())
                },
            );
            x.set(
                F::TimeMatch,
                flag(when.is_some_and(|w| w.matches(passage.date.as_deref(), &passage.text))),
            );
            // Small counts, exact as f32.
            x.set(
                F::Position,
                f32::from(u8::try_from(passage.paragraph.min(20)).unwrap_or(20)) / 20.0,
            );
            x.set(F::Length, f32::from(self.vocab.length[pid]) / 40.0);
            tracing::trace!(pid, names_ok, names_missing, "candidate read");
            // Scored below, once its place among the other candidates is known.
            ranked.push(Candidate {
                pid,
                coverage: covered / total,
                score: 0.0,
                features: x,
            });
        }
        // The newest article among the candidates that cover the question about
        // as well as the best: what a question with no time asks for.
        let best = ranked.iter().map(|c| c.coverage).fold(0.0, f32::max);
        let close = time::Dates::of(
            (ranked.iter())
                .filter(|c| c.coverage >= best - CLOSE_COVERAGE)
                .map(|c| self.passages[c.pid].date.as_deref()),
        );
        // Whether a candidate of the kind asked, with its names, has no newer
        // such candidate that says as much of the question: with no time
        // asked, the newest article's sentence tells how things stand.
        let eligible: Vec<(Option<&str>, f32)> = (ranked.iter())
            .filter(|c| c.features.get(F::Eligible) > 0.0)
            .map(|c| (self.passages[c.pid].date.as_deref(), c.coverage))
            .collect();
        for c in &mut ranked {
            let date = self.passages[c.pid].date.as_deref();
            let newest_covering = when.is_none()
                && c.features.get(F::Eligible) > 0.0
                && !eligible.iter().any(|&(d, coverage)| d > date && coverage >= c.coverage);
            c.features
                .set(F::NewestCovering, if newest_covering { 1.0 } else { 0.0 });
            let newest = when.is_none() && c.coverage >= best - CLOSE_COVERAGE;
            c.features.set(
                F::NewestMatch,
                if newest {
                    close.newness(self.passages[c.pid].date.as_deref())
                } else {
                    0.0
                },
            );
            c.features.for_question(strict);
            c.score = self.model.score(&c.features);
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        ranked
    }

    /// How close together the question's words stand in the sentence: the
    /// share of the sentence between its first and last matched word, 1 when
    /// they stand together, 0 when fewer than two match.
    fn proximity(&self, parsed: &Parsed, pid: usize) -> f32 {
        let marks = &self.vocab.marks_text[pid];
        let matched = marks
            .iter()
            .filter(|(id, _, _)| parsed.concepts.iter().any(|c| c.ids.binary_search(id).is_ok()));
        let (mut first, mut last, mut count) = (usize::MAX, 0, 0);
        for &(_, start, end) in matched {
            first = first.min(start);
            last = last.max(end);
            count += 1;
        }
        if count < 2 {
            return 0.0;
        }
        let len = self.passages[pid].text.len().max(1);
        #[expect(clippy::cast_precision_loss, reason = "byte lengths of a sentence")]
        let spread = (last - first) as f32 / len as f32;
        1.0 - spread.min(1.0)
    }

    /// The signals that tell apart sentences that cover a question alike: the
    /// article whose lead names the companies asked about, the lead paragraph,
    /// the figure about the topic asked, the number of the unit counted, a
    /// denial for a question of limits, a span of time for a question of how long.
    pub(super) fn preferences(&self, parsed: &Parsed, pid: usize, x: &mut Features) {
        let names: f32 = parsed.concepts.iter().filter(|c| c.name).map(|c| c.weight).sum();
        let article: f32 = (parsed.concepts.iter())
            .filter(|c| c.name && self.lead_says(pid, c))
            .map(|c| c.weight)
            .sum();
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        x.set(F::LeadNames, article / names.max(f32::MIN_POSITIVE));
        x.set(F::LeadParagraph, flag(self.passages[pid].paragraph == 1));
        x.set(
            F::Topic,
            flag(parsed.topics.iter().any(|t| self.vocab.topics[pid].contains(t))),
        );
        x.set(
            F::Unit,
            flag(!parsed.counted.is_empty() && self.counts_unit(pid, &parsed.counted)),
        );
        x.set(
            F::Negation,
            flag(parsed.cues.contains(&Cue::Negation) && self.vocab.negated[pid]),
        );
        x.set(F::Duration, flag(parsed.asks_duration && self.vocab.lasting[pid]));
        x.set(
            F::Cause,
            flag(parsed.cues.contains(&Cue::Why) && self.vocab.causal[pid]),
        );
    }

    /// Whether the sentence before or after `pid`, in the same paragraph, says `c`.
    pub(super) fn beside(&self, pid: usize, c: &Concept) -> bool {
        let p = &self.passages[pid];
        [pid.checked_sub(1), Some(pid + 1)]
            .into_iter()
            .flatten()
            .filter(|&n| {
                self.passages
                    .get(n)
                    .is_some_and(|q| q.doc == p.doc && q.paragraph == p.paragraph)
            })
            .any(|n| self.says(n, c))
    }

    /// Whether the first sentence of passage `pid`'s article, which names what
    /// the article is about, says `c`.
    pub(super) fn lead_says(&self, pid: usize, c: &Concept) -> bool {
        self.says(self.vocab.lead[pid], c)
    }

    /// Whether passage `pid` gives a number right before a word of `unit` ("6
    /// gigawatt", "700 milioni di utenti", "seven-year").
    pub(super) fn counts_unit(&self, pid: usize, unit: &[u32]) -> bool {
        let p = &self.passages[pid];
        let in_text = |text: &str, marks: &[(u32, usize, usize)]| {
            let ws = words(text);
            marks
                .iter()
                .filter(|(id, _, _)| unit.contains(id))
                .any(|&(_, start, _)| {
                    ws.iter().position(|w| w.start == start).is_some_and(|i| {
                        ws[i.saturating_sub(UNIT_REACH)..i].iter().any(|w| {
                            w.raw.chars().next().is_some_and(|c| c.is_ascii_digit())
                                || figures::counts_in_words(&w.folded)
                        })
                    })
                })
        };
        in_text(&p.text, &self.vocab.marks_text[pid])
            || p.translation
                .as_deref()
                .is_some_and(|t| in_text(t, &self.vocab.marks_translation[pid]))
    }

    /// Whether passage `pid` says `c` only as another name's thing: it names
    /// the owner the question gives `c`, but every word of `c` it has stands
    /// beside another name ("*Amazon* shares … Microsoft Azure" for Microsoft's
    /// shares). A sentence that does not name the owner may still be about it
    /// ("1 gigawatt di GPU MI450" in an article on AMD).
    pub(super) fn owned_by_another(&self, pid: usize, c: &Concept) -> bool {
        if !c.owner.iter().any(|id| self.vocab.own[pid].binary_search(id).is_ok()) {
            return false;
        }
        let p = &self.passages[pid];
        let is_name = |word: &str| {
            word.chars().next().is_some_and(char::is_uppercase) && self.vocab.all_names.contains(&fold(word))
        };
        // Some(another's) when the text has a word of `c`.
        let read = |text: &str, marks: &[(u32, usize, usize)]| {
            let mut seen = false;
            for (k, &(id, start, end)) in marks.iter().enumerate() {
                if c.ids.binary_search(&id).is_err() && c.near.binary_search(&id).is_err() {
                    continue;
                }
                seen = true;
                let beside = [k.checked_sub(1), Some(k + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|n| marks.get(n))
                    .filter(|&&(_, s, e)| {
                        let gap = if s >= end { &text[end..s] } else { &text[e..start] };
                        gap.len() <= OWNER_GAP && !gap.contains([',', ';', ':', '.', '(', ')'])
                    });
                let mut another = false;
                for &(n, s, e) in beside {
                    if c.owner.contains(&n) {
                        return Some(false);
                    }
                    another |= is_name(&text[s..e]);
                }
                if !another {
                    return Some(false);
                }
            }
            seen.then_some(true)
        };
        let original = read(&p.text, &self.vocab.marks_text[pid]);
        let translation = p
            .translation
            .as_deref()
            .and_then(|t| read(t, &self.vocab.marks_translation[pid]));
        original != Some(false) && translation != Some(false) && (original.is_some() || translation.is_some())
    }

    /// Whether passage `pid` itself has a word of `c`.
    pub(super) fn says(&self, pid: usize, c: &Concept) -> bool {
        c.ids.iter().any(|id| self.vocab.own[pid].binary_search(id).is_ok())
    }

    /// Whether passage `pid` names the company `c` by "the company" ("l'azienda")
    /// right after a sentence that names it, as "The company has already struck
    /// very similar deals … including AMD" follows a sentence on the company.
    pub(super) fn refers_back_to(&self, pid: usize, c: &Concept) -> bool {
        self.vocab.anaphoric[pid]
            && pid > 0
            && self.passages[pid - 1].doc == self.passages[pid].doc
            && self.says(pid - 1, c)
    }

    /// Whether passage `pid` is an item of a bulleted list whose lead-in
    /// sentence or first item says `c`: the items after the first leave out
    /// what they share with it.
    fn list_says(&self, pid: usize, c: &Concept) -> bool {
        let p = &self.passages[pid];
        if p.kind != PassageKind::Bullet {
            return false;
        }
        let same_list = |q: &Passage| q.doc == p.doc && q.paragraph == p.paragraph && q.kind == PassageKind::Bullet;
        let first = (0..pid)
            .rev()
            .take_while(|&n| same_list(&self.passages[n]))
            .last()
            .unwrap_or(pid);
        let lead_in = first
            .checked_sub(1)
            .filter(|&n| self.passages[n].doc == p.doc && self.passages[n].kind != PassageKind::Bullet);
        std::iter::once(first)
            .chain(lead_in)
            .any(|n| n != pid && self.says(n, c))
    }

    /// Whether a passage is the kind of answer the question's cues ask for.
    pub(super) fn fits(&self, parsed: &Parsed, pid: usize) -> bool {
        let p = &self.passages[pid];
        parsed.cues.iter().all(|cue| match cue {
            // "How much does X pay", "what is it worth": money, not a share or a count.
            Cue::Amount => self.vocab.numeric[pid] && (!parsed.asks_money || self.vocab.money[pid]),
            // "How old is she": an age is a number ("41 anni").
            Cue::Age => self.vocab.numeric[pid],
            Cue::Worth => self.vocab.money[pid] || parsed.cues.contains(&Cue::Percent),
            Cue::Percent | Cue::Stake => self.vocab.percent[pid] || parsed.stake && self.vocab.money[pid],
            Cue::Valuation => self.vocab.topics[pid].contains(&figures::VALUATION),
            Cue::Count => self.vocab.counted[pid],
            Cue::When => self.vocab.timed[pid] || (parsed.asks_duration && self.vocab.lasting[pid]),
            Cue::Who => self.vocab.names[pid].iter().any(|n| !parsed.folded.contains(n)) || self.vocab.agent[pid],
            Cue::Said => self.vocab.said[pid],
            Cue::Where => self.vocab.place[pid],
            Cue::Published | Cue::Reported | Cue::About | Cue::Negation | Cue::Why => true,
            Cue::Author => p.kind == PassageKind::Byline,
        }) && (p.kind != PassageKind::Title && p.kind != PassageKind::Byline || parsed.cues.contains(&Cue::Author))
    }
}

/// The share of the question (by weight) that some sentence of `article` says:
/// how much the article is about what is asked.
fn article_coverage(snapshot: &Snapshot, parsed: &Parsed, article: u32, total: f32) -> f32 {
    let own = &snapshot.vocab.article_own[article as usize];
    let said: f32 = (parsed.concepts.iter())
        .filter(|c| c.ids.iter().any(|id| own.binary_search(id).is_ok()))
        .map(|c| c.weight)
        .sum();
    said / total
}

/// Whether `text` spells `letters` out by the initials of consecutive words
/// ("artificial general intelligence" for "agi"); `marks` are its stems'
/// positions, so stopwords do not count and no word may stand between.
fn spells(text: &str, marks: &[(u32, usize, usize)], letters: &str) -> bool {
    let letters = letters.as_bytes();
    let initial = |start: usize| folded(text.get(start..)?).next();
    let joined = |gap: Option<&str>| gap.is_some_and(|g| g.chars().all(|c| c == ' ' || c == '-'));
    !letters.is_empty()
        && marks.windows(letters.len()).any(|run| {
            run.iter()
                .zip(letters)
                .all(|(&(_, start, _), &l)| initial(start) == Some(char::from(l)))
                && run.windows(2).all(|pair| joined(text.get(pair[0].2..pair[1].1)))
        })
}

#[cfg(test)]
mod tests {
    use super::spells;
    use crate::engine::Engine;

    #[test]
    fn initials_of_consecutive_words_spell_an_acronym() {
        // (start, end) of each word, as the analyzer marks the words it keeps.
        let marks = |text: &str, kept: &[&str]| -> Vec<(u32, usize, usize)> {
            kept.iter()
                .map(|w| {
                    let at = text.find(w).unwrap();
                    (0, at, at + w.len())
                })
                .collect()
        };
        let text = "rights over intellectual property and Artificial General Intelligence";
        let kept = [
            "rights",
            "intellectual",
            "property",
            "Artificial",
            "General",
            "Intelligence",
        ];
        assert!(spells(text, &marks(text, &kept), "ip"));
        assert!(spells(text, &marks(text, &kept), "agi"));
        assert!(!spells(text, &marks(text, &kept), "ri"), "a stopword stands between");
        assert!(!spells(text, &marks(text, &kept), "pa"), "\"and\" stands between");
        assert!(!spells("", &[], "ip"));
    }

    #[test]
    fn a_thing_beside_another_name_is_that_name_s_when_the_owner_is_named_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        std::fs::write(
            seeds.join("2026-04-01-kestrel-lumen.txt"),
            "---\ntitle: Kestrel agrees to buy Lumen\ndate: 2026-04-01\n---\n\
             Kestrel agreed to buy Lumen Labs in a deal worth $2 billion.\n\n\
             Kestrel shares rose about 2% on the news.\n\n\
             Lumen shares jumped 30%, as investors bet that Kestrel would keep its budget.\n\n\
             Lumen shares had fallen 10% in the year before.\n",
        )
        .unwrap();
        let engine = Engine::open(&seeds, &dir.path().join("index")).unwrap();
        let snapshot = engine.snapshot();
        let mut analyzers = snapshot.analyzers.clone();
        let pid = |start: &str| {
            snapshot
                .passages
                .iter()
                .position(|p| p.text.starts_with(start))
                .unwrap()
        };
        for (question, lang) in [
            ("How did Kestrel shares react?", "en"),
            ("Kestrel's shares?", "en"),
            ("Come sono andate le azioni di Kestrel?", "it"),
            ("Come sono andate le azioni Kestrel?", "it"),
        ] {
            let parsed = snapshot.parse(&engine.lexicon, &mut analyzers, question);
            assert_eq!(parsed.lang.code(), lang);
            let shares = parsed
                .concepts
                .iter()
                .find(|c| !c.owner.is_empty())
                .unwrap_or_else(|| panic!("{question}: no owned concept in {:?}", parsed.concepts));
            assert!(!snapshot.owned_by_another(pid("Kestrel shares"), shares), "{question}");
            // Lumen's shares, in a sentence that names Kestrel apart from them.
            assert!(
                snapshot.owned_by_another(pid("Lumen shares jumped"), shares),
                "{question}"
            );
            // A sentence that does not name Kestrel at all may still be about it.
            assert!(
                !snapshot.owned_by_another(pid("Lumen shares had"), shares),
                "{question}"
            );
        }
        // A question that asks for a name gives its things no owner.
        let parsed = snapshot.parse(&engine.lexicon, &mut analyzers, "Who bought Kestrel shares?");
        assert!(parsed.concepts.iter().all(|c| c.owner.is_empty()));
    }
}
