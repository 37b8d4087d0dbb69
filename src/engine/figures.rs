//! Key figures, found in the text itself when the index is built: money amounts
//! (number, scale, currency), percentages ("il 24%", "about 2%"), multiples
//! ("quasi cinque volte", "il doppio"), capacities ("4,5 gigawatt", "1 GW"),
//! counts ("700 milioni di utenti", "40,000 construction jobs"), dates, years and
//! periods ("fino agli anni Trenta", "five years"), in Italian and English.
//!
//! Each figure keeps its sentence, whether the article states it as fact or
//! reports it as under discussion, and a label in both languages saying what it
//! measures and whose it is — `Contract — Oracle, OpenAI`. What it measures is
//! the noun the number qualifies or the nearest telling word of its clause
//! ([`measure`], a general table, and the general vocabulary for the things
//! counts count); whose it is, the companies its clause names ([`names`]).
//! Nothing here is fitted to one article.
//!
//! By job, each module importing only those below it: `amount` reads money and
//! numbers; `figure` is the [`Figure`] and its kinds; `status` tells stated from
//! reported; `find` finds a sentence's numbers and their kinds; `measure` and
//! `label` say what a figure measures, `names` whose it is; `rank` orders an
//! article's figures by how much they carry the news; `group` lists them by
//! article. This file reads a story's figures with them ([`extract`]).

mod amount;
mod figure;
mod find;
mod group;
mod label;
mod measure;
mod names;
pub mod rank;
mod status;

use super::corpus::{Passage, PassageKind};
use super::lexicon::Lexicon;

pub use self::amount::{Amount, amounts, amounts_in_question, counts_in_words};
pub(crate) use self::amount::{currency_of, number_word};
pub use self::figure::{Figure, Kind, Quantity, Status};
use self::find::found_in;
pub use self::find::{mentions_time, periods};
pub use self::group::{ArticleFigures, by_article, in_text_order, newest_first};
use self::label::{label, what};
pub use self::measure::{TABLE as MEASURE_TABLE, VALUATION, measures_in, topic_of};
use self::status::{clause, status};

/// The version of how figures, and each passage's facts, are read: an index
/// read by another version is rebuilt (its `figures.json` and facts would be
/// stale).
pub const EXTRACTION_VERSION: u32 = 13;

/// A figure as its sentence alone tells it: where it is, its kind, value,
/// clause, what it measures and whether it is stated; everything but whose it
/// is, which [`extract_from`] reads from the names across the articles. Found
/// once per passage, when it is indexed, and stored with the index.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    start: usize,
    end: usize,
    kind: Kind,
    /// The amount in dollars, as the bits of the `f64` (exact through JSON).
    usd: Option<u64>,
    clause: (usize, usize),
    en: String,
    it: String,
    status: Status,
}

/// The figures of passage `p` as its sentence alone tells them.
pub fn findings(p: &Passage) -> Vec<Finding> {
    // A byline's date is when the article was written, not one of its figures.
    if p.kind == PassageKind::Byline {
        return Vec::new();
    }
    let text = &p.text;
    found_in(text, p.lang)
        .into_iter()
        .map(|f| {
            let span = clause(text, f.start);
            let (en, it) = what(text, p.lang, &f, span);
            Finding {
                start: f.start,
                end: f.end,
                kind: f.kind,
                usd: f.usd.map(f64::to_bits),
                clause: span,
                en,
                it,
                status: status(text, f.start),
            }
        })
        .collect()
}

/// Extracts the key figures of the passages, in text order. The lexicon's
/// stopwords tell a sentence's first word from a name.
pub fn extract(passages: &[Passage], lexicon: &Lexicon) -> Vec<Figure> {
    let found: Vec<Vec<Finding>> = passages.iter().map(findings).collect();
    extract_from(passages, &found, lexicon)
}

/// [`extract`] from each passage's [`findings`] (`found[i]` of `passages[i]`):
/// only whose each figure is is read here, from the names of all the passages.
pub fn extract_from(passages: &[Passage], found: &[Vec<Finding>], lexicon: &Lexicon) -> Vec<Figure> {
    let cast = names::Cast::of(passages, lexicon);
    let mut out = Vec::new();
    for (pid, (p, found)) in passages.iter().zip(found).enumerate() {
        for f in found {
            // Names inside a count are what it counts ("Nvidia GPUs"): they count.
            let inside = if f.kind == Kind::Count {
                (f.start, f.start)
            } else {
                (f.start, f.end)
            };
            let names = cast.parties(pid, f.clause, inside);
            out.push(Figure {
                label: label(&f.en, &names),
                label_it: label(&f.it, &names),
                value: p.text[f.start..f.end].to_owned(),
                usd: f.usd.map(f64::from_bits),
                kind: f.kind,
                status: f.status,
                text: p.text.clone(),
                doc: p.doc.clone(),
                date: p.date.clone(),
                paragraph: p.paragraph,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::Lang;

    fn extract_(passages: &[Passage]) -> Vec<Figure> {
        extract(passages, &Lexicon::shipped())
    }

    fn usd(text: &str) -> Vec<f64> {
        amounts(text).iter().map(|a| a.value).collect()
    }

    /// Passages of one article, one sentence each, in `lang`.
    fn article(doc: &str, date: Option<&str>, lang: Lang, sentences: &[&str]) -> Vec<Passage> {
        sentences
            .iter()
            .enumerate()
            .map(|(i, text)| Passage {
                doc: doc.to_owned(),
                title: None,
                date: date.map(str::to_owned),
                author: None,
                kind: PassageKind::Body,
                lead_in: None,
                paragraph: 1,
                sentence: u32::try_from(i).unwrap(),
                section: None,
                section_translation: None,
                lang,
                text: (*text).to_owned(),
                translation: None,
            })
            .collect()
    }

    /// The one figure of `kind` in `sentences`.
    fn figure(lang: Lang, sentences: &[&str], kind: Kind) -> Figure {
        let all = extract_(&article("a", None, lang, sentences));
        let mut of_kind = all.iter().filter(|f| f.kind == kind);
        let found = of_kind
            .next()
            .unwrap_or_else(|| panic!("no {kind:?} in {all:#?}"))
            .clone();
        assert!(of_kind.next().is_none(), "more than one {kind:?} in {all:#?}");
        found
    }

    #[test]
    fn amounts_are_read_in_both_languages_and_all_forms() {
        assert_eq!(usd("un accordo da 10 miliardi di dollari"), [10e9]);
        assert_eq!(usd("a $10B deal"), [10e9]);
        assert_eq!(usd("a $10 billion deal"), [10e9]);
        assert_eq!(usd("10 billion dollars"), [10e9]);
        assert_eq!(usd("1,5 miliardi di euro"), [1.5e9]);
        assert_eq!(usd("$1.5bn"), [1.5e9]);
        assert_eq!(usd("$212mn and $1tn"), [212e6, 1e12]);
        assert_eq!(usd("€300 milioni"), [300e6]);
        assert_eq!(usd("10.000 dollari"), [10_000.0]);
    }

    #[test]
    fn bare_numbers_and_years_are_not_money() {
        assert!(amounts("nel 2030 ci sono 3 partner").is_empty());
    }

    #[test]
    fn a_question_may_give_an_amount_in_words_with_its_scale() {
        let usd = |q: &str| amounts_in_question(q).iter().map(|a| a.value).collect::<Vec<_>>();
        assert_eq!(usd("put ten billion dollars into OpenAI"), [10e9]);
        assert_eq!(usd("dieci miliardi o 38 miliardi?"), [10e9, 38e9]);
        assert_eq!(usd("un miliardo di dollari"), [1e9]);
        assert!(amounts_in_question("un accordo fino agli anni Trenta, per cento motivi").is_empty());
        assert!(amounts_in_question("ten partners, $ ten").is_empty());
        assert!(
            amounts("dieci miliardi").is_empty(),
            "sentences keep the digits-only reading"
        );
    }

    #[test]
    fn the_currency_is_recorded() {
        assert_eq!(amounts("10 miliardi di dollari")[0].currency, Some("USD"));
        assert_eq!(amounts("10 miliardi di euro")[0].currency, Some("EUR"));
        assert_eq!(amounts("900 miliardi di yen")[0].currency, Some("JPY"));
        assert_eq!(amounts("10 miliardi")[0].currency, None);
    }

    #[test]
    fn the_same_amount_gives_the_same_token_in_any_wording() {
        let a = amounts("10 miliardi di dollari")[0].token();
        assert_eq!(a, amounts("$10B")[0].token());
        assert_eq!(a, amounts("10 billion")[0].token());
    }

    #[test]
    fn periods_include_decades_in_words() {
        let text = "detiene i diritti esclusivi su questi fino agli anni Trenta.";
        let p = periods(text);
        assert_eq!(&text[p[0].0..p[0].1], "fino agli anni Trenta");
        assert!(mentions_time("until the 2030s"));
        assert!(mentions_time("fino ad oggi"));
        assert!(!mentions_time("chip proprietari Trainium"));
    }

    #[test]
    fn the_conditional_mood_marks_a_figure_as_reported() {
        assert_eq!(
            status("L’accordo spingerebbe la valutazione oltre 500 miliardi.", 40),
            Status::Reported
        );
        assert_eq!(
            status("OpenAI prevede già di spendere 38 miliardi di dollari.", 40),
            Status::Fact
        );
    }

    #[test]
    fn a_report_in_another_clause_does_not_taint_a_fact() {
        let s = "L’accordo non permetterebbe nulla, poiché Microsoft detiene i diritti fino agli anni Trenta.";
        let at = s.find("fino").unwrap();
        assert_eq!(status(s, at), Status::Fact);
    }

    #[test]
    fn a_contract_amount_is_labelled_a_contract_of_both_companies() {
        let f = figure(
            Lang::It,
            &["Stellantis ha firmato con Leonardo un contratto da 2 miliardi di euro per la fornitura di radar."],
            Kind::Money,
        );
        assert_eq!(f.label, "Contract — Stellantis, Leonardo");
        assert_eq!(f.label_it, "Contratto — Stellantis, Leonardo");
        assert_eq!(f.value, "2 miliardi di euro");
        assert_eq!(f.usd, None, "euros are not dollars");
        let f = figure(
            Lang::En,
            &["Siemens signed a contract worth $3 billion with Deutsche Bahn to build new trains."],
            Kind::Money,
        );
        assert_eq!(f.label, "Contract — Siemens, Deutsche Bahn");
        assert_eq!(f.label_it, "Contratto — Siemens, Deutsche Bahn");
        assert_eq!(f.usd, Some(3e9));
    }

    #[test]
    fn a_round_that_values_a_company_gives_its_valuation() {
        let all = extract_(&article(
            "a",
            None,
            Lang::En,
            &["Helix has raised $300 million in a round that values the Oslo-based start-up at $4.5 billion."],
        ));
        let labels: Vec<(&str, &str)> = all.iter().map(|f| (f.value.as_str(), f.label.as_str())).collect();
        assert_eq!(
            labels,
            [
                ("$300 million", "Funding — Helix"),
                ("$4.5 billion", "Valuation — Helix")
            ]
        );
    }

    #[test]
    fn a_percentage_says_what_it_is_a_share_of() {
        let f = figure(
            Lang::It,
            &["Enel detiene una quota del 18 per cento nella rete spagnola."],
            Kind::Percent,
        );
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Stake — Enel", "Quota — Enel")
        );
        assert_eq!(f.value, "18 per cento");
        let f = figure(
            Lang::En,
            &["Shares of Nokia fell about 12% after the results."],
            Kind::Percent,
        );
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Shares — Nokia", "Azioni — Nokia")
        );
        assert_eq!(f.value, "about 12%");
        let f = figure(Lang::It, &["Il titolo Campari è salito di circa il 7%."], Kind::Percent);
        assert_eq!(f.value, "circa il 7%");
        assert_eq!(f.label, "Shares — Campari");
        let f = figure(
            Lang::It,
            &[
                "Con l'operazione Unipol porta la sua partecipazione complessiva al 22%, e il suo investimento a 4 miliardi.",
            ],
            Kind::Percent,
        );
        assert_eq!((f.value.as_str(), f.label.as_str()), ("22%", "Stake — Unipol"));
        let f = figure(
            Lang::It,
            &[
                "Con l'operazione Unipol porta la sua partecipazione complessiva al 22%, e il suo investimento a 4 miliardi.",
            ],
            Kind::Money,
        );
        assert_eq!(f.label_it, "Investimento — Unipol", "the noun before its adjective");
    }

    #[test]
    fn a_multiple_says_what_grew() {
        let f = figure(
            Lang::It,
            &["I ricavi di Ferrari sono cresciuti di quasi tre volte in un decennio."],
            Kind::Multiple,
        );
        assert_eq!(f.value, "quasi tre volte");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Revenue — Ferrari", "Ricavi — Ferrari")
        );
        let f = figure(
            Lang::En,
            &["Spotify said its revenue is now 2.5 times what it was."],
            Kind::Multiple,
        );
        assert_eq!(f.value, "2.5 times");
        assert_eq!(f.label, "Revenue — Spotify");
        let f = figure(
            Lang::It,
            &["La valutazione di Satispay è più del doppio di un anno fa."],
            Kind::Multiple,
        );
        assert_eq!(f.value, "più del doppio");
        assert_eq!(f.label_it, "Valutazione — Satispay");
    }

    #[test]
    fn a_capacity_is_energy_or_compute_in_either_language() {
        let f = figure(
            Lang::It,
            &["Terna installerà 800 megawatt di nuovi impianti in Sardegna."],
            Kind::Capacity,
        );
        assert_eq!(f.value, "800 megawatt");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Capacity — Terna", "Capacità — Terna")
        );
        let f = figure(
            Lang::En,
            &["Iberdrola will add roughly 1.5 GW to the grid."],
            Kind::Capacity,
        );
        assert_eq!(f.value, "roughly 1.5 GW");
        assert_eq!(f.label, "Capacity — Iberdrola");
        let f = figure(Lang::It, &["Il campus userà 3,2 gigawatt."], Kind::Capacity);
        assert_eq!(f.value, "3,2 gigawatt");
    }

    #[test]
    fn a_count_is_labelled_by_what_it_counts_in_both_languages() {
        let f = figure(
            Lang::It,
            &["Poste Italiane conta ormai 12 milioni di clienti digitali."],
            Kind::Count,
        );
        assert_eq!(f.value, "12 milioni di clienti");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Customers — Poste Italiane", "Clienti — Poste Italiane")
        );
        let f = figure(
            Lang::En,
            &["Netflix now has 300 million paying subscribers."],
            Kind::Count,
        );
        assert_eq!(f.value, "300 million paying subscribers");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Subscribers — Netflix", "Abbonati — Netflix")
        );
        // A thing the table lacks is translated with the general vocabulary.
        let f = figure(
            Lang::En,
            &["Vestas will build 40 new factories in Poland."],
            Kind::Count,
        );
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("Factories — Vestas", "Fabbriche — Vestas")
        );
        let f = figure(
            Lang::En,
            &["Tesla hired thousands of engineers last year."],
            Kind::Count,
        );
        assert_eq!(f.value, "thousands of engineers");
        let f = figure(
            Lang::En,
            &["Meta will rent tens of thousands of AMD GPUs from Oracle."],
            Kind::Count,
        );
        assert_eq!(f.value, "tens of thousands of AMD GPUs");
        assert_eq!(
            (f.label.as_str(), f.label_it.as_str()),
            ("GPUs — Meta, AMD, Oracle", "GPU — Meta, AMD, Oracle")
        );
        let f = figure(Lang::It, &["Il piano prevede 25.000 abitazioni."], Kind::Count);
        assert_eq!((f.label.as_str(), f.label_it.as_str()), ("Homes", "Abitazioni"));
    }

    #[test]
    fn references_years_and_durations_are_not_counts() {
        for (lang, text) in [
            (Lang::It, "Le due società hanno firmato nel 2024 uno dei tre accordi."),
            (Lang::En, "The two companies met in 2019 and agreed one of the terms."),
        ] {
            let all = extract_(&article("a", None, lang, &[text]));
            assert!(all.iter().all(|f| f.kind != Kind::Count), "{all:#?}");
        }
        let f = figure(Lang::En, &["Fiat agreed a seven-year lease."], Kind::Period);
        assert_eq!((f.value.as_str(), f.label.as_str()), ("seven-year", "Lease — Fiat"));
    }

    #[test]
    fn a_product_does_not_stand_in_for_the_companies_of_its_sentence() {
        let f = figure(
            Lang::It,
            &[
                "Il gruppo Vortex ha firmato con Helio un contratto: secondo il Corriere, l’azienda di Nimbus riceverà circa 1 miliardo di dollari.",
            ],
            Kind::Money,
        );
        assert_eq!(f.label, "Contract — Vortex, Helio");
        let f = figure(
            Lang::En,
            &["Nimbus, the chatbot, now has 90 million users."],
            Kind::Count,
        );
        assert_eq!(f.label, "Users — Nimbus", "a product alone is named");
    }

    #[test]
    fn the_company_is_read_as_the_company_named_before() {
        let passages = article(
            "a",
            None,
            Lang::En,
            &[
                "Rheinmetall reported record orders.",
                "The company expects to hire 2,000 engineers next year.",
            ],
        );
        let f = extract_(&passages).into_iter().find(|f| f.kind == Kind::Count).unwrap();
        assert_eq!(f.label, "Engineers — Rheinmetall");
        assert_eq!(f.label_it, "Ingegneri — Rheinmetall");
    }

    #[test]
    fn people_and_newspapers_are_not_parties() {
        let f = figure(
            Lang::En,
            &["Chief executive Anna Rossi said that Brembo expects revenue of $4 billion, Reuters reported."],
            Kind::Money,
        );
        assert_eq!(f.label, "Revenue — Brembo");
    }

    #[test]
    fn figures_are_grouped_by_article_newest_first() {
        let mut passages = article(
            "old",
            Some("2024-01-05"),
            Lang::It,
            &["Eni investirà 3 miliardi di euro."],
        );
        passages.extend(article("undated", None, Lang::En, &["Shell will invest $2 billion."]));
        passages.extend(article(
            "new",
            Some("2025-06-30"),
            Lang::En,
            &["BP sold 5% of its shares.", "BP hired 300 engineers."],
        ));
        for p in &mut passages[2..] {
            p.title = Some("BP's year".to_owned());
        }
        let groups = by_article(&extract_(&passages), &passages);
        let docs: Vec<&str> = groups.iter().map(|g| g.doc.as_str()).collect();
        assert_eq!(docs, ["new", "old", "undated"]);
        assert_eq!(groups[0].name(), "BP's year");
        assert_eq!(groups[0].date.as_deref(), Some("2025-06-30"));
        assert_eq!(groups[0].lang, Lang::En);
        assert_eq!(groups[0].figures.len(), 2);
        assert_eq!(groups[1].name(), "old");
        assert_eq!(groups[1].lang, Lang::It);
        assert!(groups.iter().all(|g| g.figures.iter().all(|f| f.doc == g.doc)));
    }

    /// The label of the figure whose value is `value`.
    fn label_of(figures: &[Figure], value: &str) -> String {
        figures
            .iter()
            .find(|f| f.value == value)
            .unwrap_or_else(|| panic!("no {value} in {figures:#?}"))
            .label
            .clone()
    }

    #[test]
    fn a_sentence_naming_no_company_is_about_the_articles_main_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &[
                "Kestrel Robotics agreed to buy Lumen for $4bn on Monday.",
                "Kestrel Robotics will keep Lumen's plant in Leeds.",
                "Revenue rose 12% to $900 million in the quarter.",
            ],
        ));
        assert_eq!(label_of(&figures, "$900 million"), "Revenue — Kestrel Robotics");
    }

    #[test]
    fn a_sentence_naming_only_what_nothing_marks_a_company_is_about_the_main_company_first() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &[
                "Kestrel ha raccolto nuovi fondi per il suo modello linguistico.",
                "Kestrel ha chiuso il round con tre investitori.",
                "La Serie B vale 85 milioni di euro.",
            ],
        ));
        let label = label_of(&figures, "85 milioni di euro");
        assert!(label.contains(" — Kestrel"), "{label}");
    }

    #[test]
    fn a_name_written_capitalized_inside_sentences_is_a_name_whatever_its_ending() {
        // "Boeing" ends as an English gerund and strips to an Italian word
        // ("boe"); written capitalized inside a sentence, it is a name, and
        // the company of the article.
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &[
                "Boeing delivered 160 commercial aircraft in the third quarter.",
                "The planemaker handed over 121 of its 737 MAX jets between July and September.",
                "In the first nine months of the year Boeing delivered 440 aircraft.",
                // "at Boeing sites": the sites are the place, not Boeing.
                "About 3,200 machinists stopped work at Boeing sites in St. Louis.",
            ],
        ));
        for value in ["160 commercial aircraft", "440 aircraft"] {
            let label = label_of(&figures, value);
            assert!(label.contains(" — Boeing"), "{label}");
        }
    }

    #[test]
    fn a_company_that_leads_a_round_is_not_the_company_raising_it() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &[
                "Kestrel is raising money for its new data center in Ohio.",
                "Kestrel wants the round closed by October.",
                "The round combines $7.5bn of equity with $2.5bn of debt and is being led by the \
                 New York investment firm Harbor Ridge Capital.",
            ],
        ));
        let label = label_of(&figures, "$7.5bn");
        assert!(label.contains(" — Kestrel"), "{label}");
    }

    #[test]
    fn the_main_company_is_the_company_the_article_names_not_the_place_it_names_most() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &[
                "Retenova, l'operatore di telecomunicazioni con sede a Torino, costruirà un data center vicino a Catania.",
                "Il campus di Catania costerà 300 milioni di euro.",
                "Catania ospiterà anche un centro di ricerca, e il sito di Catania darà lavoro a 90 persone.",
                "Retenova, la società guidata da Paolo Ferraresi, ha chiuso il 2025 in utile.",
            ],
        ));
        let label = label_of(&figures, "300 milioni di euro");
        assert!(label.contains(" — Retenova"), "{label}");
    }

    #[test]
    fn a_sentence_opening_inside_a_passage_opens_no_name_and_a_plural_s_apostrophe_is_inside_one() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &["Kestrel Foundry, lo Stato sale al 15%. In Ohio la prima fabbrica slitta al 2032"],
        ));
        let label = label_of(&figures, "15%");
        assert!(!label.contains("In Ohio"), "{label}");
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &["The Ontario Teachers' Pension Plan led a $600 million round in Kestrel."],
        ));
        let label = label_of(&figures, "$600 million");
        assert!(label.contains("Ontario Teachers' Pension Plan"), "{label}");
    }

    #[test]
    fn a_sentence_opening_with_a_gerund_names_no_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &[
                "Kestrel ha firmato un accordo con Lumen.",
                "Sommando le due offerte, l'accordo vale 5 miliardi di dollari.",
            ],
        ));
        let label = label_of(&figures, "5 miliardi di dollari");
        assert!(!label.contains("Sommando"), "{label}");
        assert_eq!(label, "Value — Kestrel");
    }

    #[test]
    fn a_sentence_opening_with_a_plural_verb_names_no_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &[
                "Kestrel ha chiuso un nuovo round.",
                "Partecipano i fondi esistenti, che valutano la società 120 milioni di euro.",
            ],
        ));
        let label = label_of(&figures, "120 milioni di euro");
        assert!(!label.contains("Partecipano"), "{label}");
    }

    #[test]
    fn a_byline_names_a_person_not_the_figures_company() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &["By Jane Whitfield | AWS revenue grew 20% in the quarter, Amazon said."],
        ));
        let label = label_of(&figures, "20%");
        assert!(!label.contains("Whitfield") && !label.contains("By"), "{label}");
        assert!(label.contains("AWS"), "{label}");
        // A headline run into its byline: the name after "TPUs By" is the writer's.
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &["Kestrel bets on Google TPUs By Tom Reed | July 24, 2025 Kestrel has raised $2.5 billion."],
        ));
        let label = label_of(&figures, "$2.5 billion");
        assert!(!label.contains("Reed"), "{label}");
        // An Italian headline run into "di" and the writer, then a dateline.
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &["Kestrel, la quota sale al 15% di Giulia Moretti — Milano, 21 gennaio 2026"],
        ));
        let label = label_of(&figures, "15%");
        assert!(!label.contains("Moretti"), "{label}");
    }

    #[test]
    fn a_capitalized_common_word_is_no_company_and_an_acronym_names_with_one() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::It,
            &[
                "Kestrel ha chiuso il semestre con utile e ricavi in crescita.",
                "I numeri chiave: - Utile netto: 724 milioni di euro - Ricavi: 7,5 miliardi di euro",
                "L'AI Act prevede sanzioni fino a 35 milioni di euro.",
            ],
        ));
        let label = label_of(&figures, "724 milioni di euro");
        assert!(label.ends_with(" — Kestrel"), "{label}");
        assert!(
            label_of(&figures, "35 milioni di euro").contains("AI Act"),
            "{figures:#?}"
        );
    }

    #[test]
    fn a_sentence_opening_with_the_is_no_company_named_the() {
        let figures = extract_(&article(
            "a",
            None,
            Lang::En,
            &[
                "Kestrel raised $10bn, The Maple Ledger reported.",
                "The round includes $2bn of debt.",
            ],
        ));
        assert_eq!(label_of(&figures, "$2bn"), "Debt — Kestrel");
    }
}
