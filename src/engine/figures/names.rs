//! Whose a figure is: the companies around it, the subject first.
//!
//! Names are runs of capitalized words. What each name is — a company, a
//! person, a newspaper, a place, a product — is told from how the articles
//! write it anywhere, with the conventions of news writing in both languages:
//! a person comes with a role ("Lisa Su, presidente", "chief Sam Altman"), a
//! source with "secondo" or "reported", a company with its shares, officers or
//! legal form ("azioni Oracle", "Microsoft shares", "Inc"), a product with the
//! thing it is ("chip Trainium", "a version of Gemini") or as the company it
//! stands for ("l'azienda di Gemini", "the Gemini maker"). A name with no such
//! sign is kept as a company. "The company", "il gruppo texano" and "le due
//! società" are read as the companies named before them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::super::corpus::{Passage, PassageKind};
use super::super::lexicon::Lexicon;
use super::super::text::{Lang, Word, fold, words};

/// What a name is, as far as the articles tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Company,
    Person,
    Source,
    Place,
    Product,
    /// A common word written with a capital ("Utile netto:" in a list, "Serie
    /// A"), which the articles also write in lowercase and nothing marks as a
    /// company: no one's name.
    Word,
    /// No sign either way: kept as a company.
    Unknown,
}

impl Role {
    fn is_party(self) -> bool {
        matches!(self, Role::Company | Role::Unknown)
    }
}

/// A name in a sentence.
#[derive(Debug, Clone)]
pub struct Name {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub role: Role,
    /// Written here as the company behind a product ("l'azienda di Gemini"):
    /// it names no company itself, but says one is meant.
    pub stands_in: bool,
    /// The agent of a passive ("led by the investment firm Harbor Ridge
    /// Capital", "guidato da CDP"): it does something to what the sentence
    /// is about, which is another.
    pub agent: bool,
}

/// "The company", "le due società": a company named before, or several.
#[derive(Debug, Clone, Copy)]
struct Anaphor {
    at: usize,
    plural: bool,
}

/// The names and anaphors of every passage, with what each name is.
pub struct Cast {
    names: Vec<Vec<Name>>,
    anaphors: Vec<Vec<Anaphor>>,
    /// Each passage's article's lead sentence, as a passage index.
    leads: Vec<usize>,
    /// Each passage's article's main company: the one it names most.
    main: Vec<Option<String>>,
}

/// The most names a label lists.
const MAX_NAMES: usize = 3;

/// Capitalized words that are not names of anyone: technology and economic
/// acronyms, calendar words, demonyms, markets.
static NOT_NAMES: Listed = Listed::words(
    "ai agi ia gpu gpus cpu cpus tpu tpus ceo ceos cfo cto coo ipo us usa uk eu ue pil gdp etf borsa \
     monday tuesday wednesday thursday friday saturday sunday january february march april may june july \
     august september october november december american americans european chinese japanese french \
     german italian british dutch korean taiwanese indian canadian russian arab belgian spanish swiss \
     swedish irish israeli internet qualcuno \
     nessuno ognuno ciascuno someone everyone nobody anyone ebitda ebit capex opex eps kw mw gw tw kwh mwh \
     gwh twh flop flops",
);

/// "III", "XIV": a roman numeral (a chapter, a title's part), no one's name.
fn is_roman_numeral(raw: &str) -> bool {
    raw.chars().count() >= 2 && raw.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// A gerund ("Mettendo", "Adding"): a verb, which a sentence may open with,
/// capitalized there and nowhere a name.
fn is_gerund(folded: &str, lang: Lang) -> bool {
    let n = folded.chars().count();
    n > 5
        && match lang {
            Lang::It => folded.ends_with("ando") || folded.ends_with("endo"),
            Lang::En => folded.ends_with("ing"),
        }
}

/// A list of folded words (space-separated) or phrases (comma-separated), read
/// into a set the first time it is asked: names are read over every passage.
struct Listed {
    text: &'static str,
    phrases: bool,
    set: OnceLock<FxHashSet<&'static str>>,
}

impl Listed {
    const fn words(text: &'static str) -> Listed {
        Listed {
            text,
            phrases: false,
            set: OnceLock::new(),
        }
    }

    const fn phrases(text: &'static str) -> Listed {
        Listed {
            text,
            phrases: true,
            set: OnceLock::new(),
        }
    }

    /// Whether `folded` is one of the list's words or phrases.
    fn has(&self, folded: &str) -> bool {
        self.set
            .get_or_init(|| {
                if self.phrases {
                    self.text.split(',').map(str::trim).collect()
                } else {
                    self.text.split_whitespace().collect()
                }
            })
            .contains(folded)
    }
}

/// A folded word and the dictionary forms it may be an inflection of:
/// "fondata" → fondato, fondare; "partecipano" → partecipare; "signed" → sign.
fn forms(folded: &str) -> Vec<String> {
    let mut out = vec![folded.to_owned()];
    if let Some(stem) = folded.strip_suffix(['a', 'e', 'i', 'o']) {
        for end in ["o", "e", "a", "are", "ere", "ire"] {
            out.push(format!("{stem}{end}"));
        }
        if let Some(root) = stem
            .strip_suffix("at")
            .or_else(|| stem.strip_suffix("it"))
            .or_else(|| stem.strip_suffix("ut"))
        {
            out.extend(["are", "ire", "ere"].iter().map(|e| format!("{root}{e}")));
        }
    }
    // The third person plural: "partecipano" → partecipare, "vendono" →
    // vendere, "offrono" → offrire.
    if let Some(root) = folded.strip_suffix("ano") {
        out.push(format!("{root}are"));
    }
    if let Some(root) = folded.strip_suffix("ono") {
        out.extend(["ere", "ire"].iter().map(|e| format!("{root}{e}")));
    }
    for suffix in ["s", "es", "ed", "d", "ing"] {
        if let Some(stem) = folded.strip_suffix(suffix) {
            out.push(stem.to_owned());
        }
    }
    out
}

/// Roles of people, in both languages.
static ROLES: Listed = Listed::words(
    "ceo cfo coo cto chief officer executive chairman chairwoman chair president presidente \
     presidentessa founder cofounder fondatore fondatrice cofondatore cofondatrice direttore direttrice \
     amministratore amministratrice delegato delegata finanziario finanziaria analyst analista ministro \
     minister senator senatore secretary segretario governor governatore mr mrs ms boss manager creator \
     creatore creatrice",
);

/// What a company is called in general, in both languages.
static COMPANY_NOUNS: Listed = Listed::words(
    "company companies firm firms group giant maker chipmaker startup manufacturer producer provider \
     bank lender investor fund operator carrier retailer conglomerate societa azienda aziende gruppo \
     colosso gigante produttore fornitore banca fondo operatore compagnia multinazionale",
);

/// What a product is called in general: "chip Trainium", "Gemini models".
static PRODUCT_NOUNS: Listed = Listed::words(
    "model models modello modelli chatbot assistant assistente app application applicazione platform \
     piattaforma project progetto campus chip chips processor processors processore processori gpu gpus \
     tpu generation generazione software headset device dispositivo smartphone browser cloud servers \
     server family famiglia series serie brand marchio product prodotto sistema sistemi centre center \
     site sito",
);

/// Product nouns a company's name also stands before ("Nvidia GPUs", "sistemi
/// Nvidia"): no sign of a product there.
static HARDWARE: Listed =
    Listed::words("chip chips processor processors processore processori gpu gpus tpu servers server sistema sistemi");

/// The last word of a company's legal or usual name.
static COMPANY_SUFFIXES: Listed = Listed::words(
    "inc corp corporation co ltd limited group platforms holdings holding capital partners technologies \
     pbc spa ag sa plc llc gmbh bank services investments ventures labs systems motors airlines \
     semiconductor foundation",
);

/// After a company's name, or its possessive: "Microsoft shares", "TSMC's chairman".
static COMPANY_AFTER: Listed = Listed::words(
    "shares share stock stocks chief ceo cfo chairman founder cofounder board executives investors \
     shareholders revenue revenues profit profits valuation earnings",
);

/// Right before a company's name: "azioni Oracle", "il titolo AMD".
static COMPANY_BEFORE: Listed = Listed::words("azioni titolo titoli gruppo societa azienda colosso banca startup");

/// Before "di/of" and a company's name: "amministratore delegato di Nvidia".
static COMPANY_OF: Listed = Listed::words(
    "vertici board management consiglio shares azioni stock titolo capitale azionista azionisti \
     shareholders shareholder",
);

/// Verbs only a company (or a person) does with money, by stem: "Nvidia
/// investirà", "Google pays".
const BUSINESS_VERBS: &str = "invest firm sign annunc announc acquist acquis acquir vend sold sell pay pag commit impegn agree \
     raccog raise ced spend stanz buy bought own hold deti control fornisc suppl launch lanc hire assum";

/// Words between a name and its verb: "Oracle *ha* firmato", "Nvidia *will* invest".
static AUXILIARIES: Listed = Listed::words(
    "ha hanno has have had will would is was si e sta stanno aveva avrebbe could may might already gia \
     also anche plans intends prevede",
);

/// Before a name that stands for a company through its product: "l'azienda di
/// Gemini", "the maker of Gemini".
static STAND_IN_OF: Listed = Listed::words(
    "azienda societa startup compagnia produttore creatore creatrice sviluppatore sviluppatrice casa \
     madre gruppo maker makers creator developer owner parent",
);

/// The verb before a product whose company is meant: "che sviluppa Claude".
static STAND_IN_VERBS: Listed = Listed::words("sviluppa produce makes develops built created owns runs behind");

/// After a product whose company is meant: "the Gemini maker".
static STAND_IN_AFTER: Listed = Listed::words("maker makers developer creator owner parent");

/// Before a source's name: "riportato dal Financial Times".
static REPORTED: Listed = Listed::words(
    "reported riportato riportata riportate anticipata anticipato rivelato rivelata scritto cited citato \
     citata",
);

/// After a source's name: "Bloomberg News reported".
static REPORTS: Listed =
    Listed::words("reported reports reporting riporta riportano riferisce scrive writes wrote rivela reveals citing");

/// Before a leader's name: "guidato da Masayoshi Son", "led by".
static LED: Listed =
    Listed::words("led guidato guidata guidati creata creato created founded fondata fondato headed diretto diretta");

/// Prepositions of place.
static LOCATIVE: Listed = Listed::words("in negli nel nella nello nei at near across throughout");

/// Before "in": the name after it is where money goes, not a place ("a stake in
/// Nvidia", "5 miliardi di dollari in Intel").
const NOT_A_PLACE_BEFORE: &str = "stake stakes quota partecipazione shares azioni dollari dollars euro billion miliardi million \
     milioni trillion position posizione holding exposure investment investimento investimenti invest \
     investire investito invested investing";

static ARTICLES: Listed = Listed::words("the a an il lo la l i gli le un una uno");

/// Places, by their folded names in either language: countries, regions and the
/// cities business news names most. General geography, not any article's.
static PLACES: Listed = Listed::phrases(
    "italy, italia, united states, stati uniti, america, europe, europa, china, cina, japan, giappone, \
     taiwan, korea, corea, south korea, corea del sud, india, germany, germania, france, francia, spain, \
     spagna, united kingdom, regno unito, britain, gran bretagna, netherlands, paesi bassi, olanda, \
     switzerland, svizzera, canada, mexico, messico, brazil, brasile, russia, ukraine, ucraina, israel, \
     israele, saudi arabia, arabia saudita, united arab emirates, emirati arabi uniti, qatar, singapore, \
     australia, ireland, irlanda, sweden, svezia, norway, norvegia, finland, finlandia, denmark, \
     danimarca, poland, polonia, austria, belgium, belgio, portugal, portogallo, greece, grecia, turkey, \
     turchia, egypt, egitto, south africa, sudafrica, indonesia, vietnam, thailand, malaysia, malesia, \
     philippines, filippine, argentina, chile, alabama, alaska, arizona, arkansas, california, colorado, \
     connecticut, delaware, florida, georgia, hawaii, idaho, illinois, indiana, iowa, kansas, kentucky, \
     louisiana, maine, maryland, massachusetts, michigan, minnesota, mississippi, missouri, montana, \
     nebraska, nevada, new hampshire, new jersey, new mexico, new york, north carolina, north dakota, \
     ohio, oklahoma, oregon, pennsylvania, rhode island, south carolina, south dakota, tennessee, texas, \
     utah, vermont, virginia, washington, west virginia, wisconsin, wyoming, san francisco, los angeles, \
     seattle, boston, chicago, silicon valley, wall street, london, londra, paris, parigi, berlin, \
     berlino, milan, milano, rome, roma, madrid, amsterdam, brussels, bruxelles, frankfurt, francoforte, \
     zurich, zurigo, geneva, ginevra, tokyo, beijing, pechino, shanghai, shenzhen, hong kong, seoul, \
     taipei, mumbai, bangalore, dubai, abu dhabi, riyadh, tel aviv, sydney, toronto, mountain view, \
     redmond, cupertino, santa clara, palo alto, menlo park, white house, casa bianca, phoenix, dallas, \
     austin, houston, atlanta, miami, denver, piazza affari, nasdaq",
);

/// A name's surroundings, folded: words before it (nearest first, articles
/// skipped) and after it.
struct Around<'a> {
    before: Vec<&'a str>,
    after: Vec<&'a str>,
    /// A comma right after the name: what follows may be in apposition.
    comma: bool,
    /// "Microsoft's": `after` starts past the `s`.
    possessive: bool,
    /// The word after the name ends its clause ("Bloomberg reported.") or
    /// opens what was said ("reported that"): a newspaper's way, where a
    /// company reports something ("reported record orders").
    closes: bool,
    /// The word right after the name, as written, when only a space stands
    /// between them: a lowercase one is a noun the name modifies ("at Boeing
    /// sites").
    next: &'a str,
    /// The word right before the name, articles included, folded.
    previous: &'a str,
    /// The word a hyphen joins to the name, folded: "based" in "an
    /// Oslo-based start-up".
    joined: &'a str,
}

/// Whether `folded` starts with any of the space-separated `stems`.
fn starts_with_any(folded: &str, stems: &str) -> bool {
    stems.split_whitespace().any(|s| folded.starts_with(s))
}

/// The signs a name's surroundings give of what it is.
#[derive(Debug, Default, Clone, Copy)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent observations, any number of which may hold at once; `role` weighs them"
)]
struct Signs {
    person: bool,
    source: bool,
    company: bool,
    place: bool,
    product: bool,
    stands_in: bool,
}

impl Signs {
    fn or(self, o: Signs) -> Signs {
        Signs {
            person: self.person || o.person,
            source: self.source || o.source,
            company: self.company || o.company,
            place: self.place || o.place,
            product: self.product || o.product,
            stands_in: self.stands_in || o.stands_in,
        }
    }

    fn role(self) -> Role {
        if self.person {
            Role::Person
        } else if self.source {
            Role::Source
        } else if self.company {
            Role::Company
        } else if self.place {
            Role::Place
        } else if self.product || self.stands_in {
            Role::Product
        } else {
            Role::Unknown
        }
    }
}

fn signs(name: &str, around: &Around<'_>, lang: Lang) -> Signs {
    let folded = fold(name);
    let last = folded.rsplit([' ', '-', '.']).next().unwrap_or_default();
    let b = |i: usize| around.before.get(i).copied().unwrap_or_default();
    let a = |i: usize| around.after.get(i).copied().unwrap_or_default();
    // Apposition: ", the software giant", ", la piattaforma che…".
    let apposition = (around.comma && ARTICLES.has(a(0))).then(|| {
        let run: Vec<&str> = around.after[1..]
            .iter()
            .take(4)
            .copied()
            .take_while(|w| !is_function_word(w))
            .collect();
        match lang {
            Lang::It => run.first().copied(),
            Lang::En => run.last().copied(),
        }
        .unwrap_or_default()
    });
    let verb = if AUXILIARIES.has(a(0)) { a(1) } else { a(0) };
    Signs {
        person: (around.comma && around.after.iter().take(4).any(|w| ROLES.has(w)))
            || ROLES.has(b(0))
            || (matches!(b(0), "by" | "da") && LED.has(b(1))),
        source: b(0) == "secondo"
            || (b(0) == "to" && b(1) == "according")
            || (matches!(b(0), "by" | "da" | "dal" | "dalla" | "dallo" | "dai") && REPORTED.has(b(1)))
            || (!around.possessive && around.closes && REPORTS.has(a(0))),
        company: COMPANY_SUFFIXES.has(last)
            || COMPANY_AFTER.has(a(0))
            || COMPANY_BEFORE.has(b(0))
            || (matches!(b(0), "di" | "of" | "del" | "della" | "dell") && (COMPANY_OF.has(b(1)) || ROLES.has(b(1))))
            || apposition.is_some_and(|head| COMPANY_NOUNS.has(head))
            || (!around.possessive && !around.comma && starts_with_any(verb, BUSINESS_VERBS)),
        // "SAN DIEGO —": a dateline, in capitals.
        place: PLACES.has(&folded)
            || (name.contains(' ') && name.chars().all(|c| !c.is_lowercase()))
            // "an Oslo-based start-up": where it is.
            || around.joined == "based"
            // "a Catania", "ad Ancona": where, in Italian (in English, "a" is an article).
            || (lang == Lang::It && matches!(around.previous, "a" | "ad") && !starts_with_any(b(0), NOT_A_PLACE_BEFORE))
            || (LOCATIVE.has(b(0))
                && !starts_with_any(b(1), NOT_A_PLACE_BEFORE)
                // "at Boeing sites": the sites are the place, of Boeing.
                && !(lang == Lang::En && around.next.starts_with(char::is_lowercase) && !is_function_word(a(0)))),
        // A model number ("MI450", "GB200") names a product.
        product: name.chars().any(|c| c.is_ascii_digit())
            || (PRODUCT_NOUNS.has(b(0)) && !HARDWARE.has(b(0)) && lang == Lang::It)
            || (PRODUCT_NOUNS.has(b(0)) && lang == Lang::It && HARDWARE.has(b(0)) && name.contains(' '))
            || (!around.possessive && PRODUCT_NOUNS.has(a(0)) && !HARDWARE.has(a(0)))
            || (matches!(b(0), "of" | "di") && matches!(b(1), "version" | "versione" | "versions" | "versioni"))
            || matches!(
                b(0),
                "new" | "revamped" | "updated" | "nuovo" | "nuova" | "rinnovato" | "rinnovata"
            )
            || apposition.is_some_and(|head| PRODUCT_NOUNS.has(head)),
        stands_in: (matches!(b(0), "di" | "of") && STAND_IN_OF.has(b(1)))
            || STAND_IN_VERBS.has(b(0))
            || STAND_IN_AFTER.has(a(0)),
    }
}

/// How many words a passive's "by" may stand before the name it introduces
/// ("by the New York investment firm Harbor Ridge Capital").
const AGENT_REACH: usize = 6;

/// Whether the name at byte `start` of `text` is a passive's agent: "by" or
/// "da" before it, with only a description of it between ("led by the New
/// York investment firm Harbor Ridge Capital", "guidato dal fondo CDP").
fn is_agent(text: &str, ws: &[Word<'_>], start: usize) -> bool {
    let Some(first) = ws.iter().position(|w| w.start == start) else {
        return false;
    };
    for j in (first.saturating_sub(AGENT_REACH)..first).rev() {
        // A comma or a full stop ends the phrase.
        if text[ws[j].end..ws[j + 1].start].contains([',', '.', ';', ':']) {
            return false;
        }
        let w = ws[j].folded.as_str();
        if matches!(w, "by" | "da" | "dal" | "dalla" | "dallo" | "dai" | "dagli" | "dalle") {
            return true;
        }
        if is_function_word(w) && !ARTICLES.has(w) {
            return false;
        }
    }
    false
}

/// Function words of either language, folded: words a noun phrase stops at.
pub(super) fn is_function_word(folded: &str) -> bool {
    matches!(
        folded,
        "the"
            | "a"
            | "an"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "by"
            | "from"
            | "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "it"
            | "its"
            | "is"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "be"
            | "as"
            | "il"
            | "lo"
            | "la"
            | "l"
            | "i"
            | "gli"
            | "le"
            | "un"
            | "una"
            | "uno"
            | "di"
            | "da"
            | "del"
            | "della"
            | "dei"
            | "che"
            | "e"
            | "o"
            | "per"
            | "con"
            | "su"
            | "tra"
            | "fra"
            | "ha"
            | "hanno"
            | "sono"
            | "non"
            | "si"
            | "ne"
            | "al"
            | "alla"
            | "nel"
            | "nella"
    )
}

/// Whether word `i` of `text` opens a sentence: the first word, or one after a
/// full stop inside the passage ("… al 15%. In Ohio …"), not after an initial
/// ("J. Smith").
fn opens_sentence(text: &str, ws: &[Word<'_>], i: usize) -> bool {
    i == 0
        || text[ws[i - 1].end..ws[i].start].trim_end().ends_with(['.', '!', '?']) && ws[i - 1].raw.chars().count() > 1
}

/// The runs of capitalized words of a sentence. Its first word counts only when
/// the articles write it capitalized elsewhere too (`known`); a leading role
/// ("President Donald Trump") is cut off and marks the rest as a person.
fn runs(
    text: &str,
    ws: &[Word<'_>],
    known: &FxHashSet<String>,
    ordinary: &dyn Fn(&str) -> bool,
    stopword: &dyn Fn(&str) -> bool,
) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, usize)> = None; // (first word, last word, start)
    let is_name = |i: usize| {
        let w = &ws[i];
        let initial = w.raw.chars().count() == 1
            && text[w.end..].starts_with(['.', '-', '&'])
            && ws.get(i + 1).is_some_and(Word::is_capitalized);
        // A sentence's first word is capitalized anyway: it is a name when the
        // articles write it capitalized elsewhere too, when it is written as
        // names are (`OpenAI`, ASML), when it is no ordinary word, or when a
        // name follows it and it is no stopword ("Poste Italiane", not
        // "Secondo Reuters").
        let opening_name = || {
            // "The" is known from "The Information": still no name alone.
            (known.contains(&w.folded) && !stopword(&w.folded))
                || w.has_inner_capital()
                || (!stopword(&w.folded)
                    && ws
                        .get(i + 1)
                        .is_some_and(|n| n.is_capitalized() && text[w.end..n.start].trim().is_empty()))
                || (w.raw.chars().count() >= 2 && w.raw.chars().all(char::is_uppercase))
                || !ordinary(&w.folded)
        };
        (w.is_capitalized() || w.has_inner_capital())
            && (w.raw.chars().count() > 1 || initial)
            && (!opens_sentence(text, ws, i) || opening_name())
            && w.raw.chars().next().is_some_and(char::is_alphabetic)
    };
    for i in 0..ws.len() {
        // "Ontario Teachers' Pension Plan": a plural's apostrophe is inside the name.
        let joined = current.is_some_and(|(_, last, _)| {
            let gap = text[ws[last].end..ws[i].start].trim();
            matches!(gap, "" | "." | "-" | "&") || matches!(gap, "'" | "’") && ws[last].raw.ends_with('s')
        });
        if is_name(i) && (current.is_none() || joined) {
            current = Some(current.map_or((i, i, ws[i].start), |(f, _, s)| (f, i, s)));
            continue;
        }
        if let Some(run) = current.take() {
            out.push(run);
        }
        if is_name(i) {
            current = Some((i, i, ws[i].start));
        }
    }
    out.extend(current);
    out.into_iter()
        .filter_map(|(first, last, _)| {
            // A leading role is no part of the name, and tells who it is.
            let mut first = first;
            let mut person = false;
            loop {
                if first == last {
                    break;
                }
                let w = &ws[first];
                // A byline: "By" and a person's name ("… TPUs By Tom Reed |").
                if ROLES.has(w.folded.as_str()) || w.raw == "By" || (first == 0 && w.raw == "Di") {
                    person = true;
                } else if !NOT_NAMES.has(w.folded.as_str())
                    // "AI Act", "AI Office": an acronym before one common word names with it.
                    || (first + 1 == last
                        && [Lang::En, Lang::It]
                            .into_iter()
                            .any(|lang| super::measure::is_vocabulary_word(&ws[last].folded, lang)))
                {
                    // "GPU AMD Instinct": a common acronym before a name is no part of it.
                    break;
                }
                first += 1;
            }
            if first == 1 && matches!(ws[0].raw, "By" | "Di") {
                person = true;
            }
            // "… slitta al 2032 di Giulia Moretti — Milano, 21 gennaio 2026": a
            // byline after a headline, its dateline after a dash.
            if first > 0
                && matches!(ws[first - 1].folded.as_str(), "di" | "by")
                && text[ws[last].end..].trim_start().starts_with(['—', '–'])
            {
                person = true;
            }
            // "AMD GPUs": the chips after a maker's name are not part of it.
            let mut last = last;
            while last > first
                && matches!(
                    ws[last].folded.as_str(),
                    "gpu" | "gpus" | "cpu" | "cpus" | "tpu" | "tpus"
                )
            {
                last -= 1;
            }
            let (start, end) = (ws[first].start, ws[last].end);
            let folded = fold(&text[start..end]);
            let numeral = first == last && is_roman_numeral(ws[first].raw);
            (!numeral && !NOT_NAMES.has(folded.as_str()) && !ROLES.has(folded.as_str())).then_some((start, end, person))
        })
        .collect()
}

/// The surroundings of the name at `start..end` of `text` (cut into `ws`).
fn around<'a>(text: &str, ws: &'a [Word<'_>], start: usize, end: usize) -> Around<'a> {
    let first = ws.iter().position(|w| w.start == start).unwrap_or(0);
    let last = ws.iter().position(|w| w.end == end).unwrap_or(first);
    let tail = &text[end..];
    let possessive = tail.starts_with(['’', '\'']) && ws.get(last + 1).is_some_and(|w| w.folded == "s");
    let skip = if possessive { 2 } else { 1 };
    Around {
        before: ws[..first]
            .iter()
            .rev()
            .map(|w| w.folded.as_str())
            .filter(|w| !ARTICLES.has(w))
            .take(3)
            .collect(),
        after: ws.iter().skip(last + skip).take(5).map(|w| w.folded.as_str()).collect(),
        comma: tail.trim_start().starts_with(','),
        previous: first.checked_sub(1).map_or("", |i| ws[i].folded.as_str()),
        next: ws
            .get(last + 1)
            .filter(|next| !possessive && text.get(end..next.start) == Some(" "))
            .map_or("", |next| next.raw),
        joined: ws
            .get(last + 1)
            .filter(|next| text.get(end..next.start) == Some("-"))
            .map_or("", |next| next.folded.as_str()),
        possessive,
        closes: ws.get(last + skip).is_some_and(|next| {
            let rest = text[next.end..].trim_start();
            rest.is_empty()
                || rest.starts_with([',', '.', ';', ':'])
                || ws
                    .get(last + skip + 1)
                    .is_some_and(|w| matches!(w.folded.as_str(), "that" | "che" | "on"))
        }),
    }
}

/// How the articles write their words past each sentence's first.
struct Written {
    /// Capitalized.
    known: FxHashSet<String>,
    /// In lowercase.
    lowercase: FxHashSet<String>,
    /// Capitalized outside a headline, which may capitalize every word: a
    /// name, whatever its ending ("Boeing").
    inside: FxHashSet<String>,
}

impl Written {
    fn of(passages: &[Passage]) -> Written {
        let mut written = Written {
            known: FxHashSet::default(),
            lowercase: FxHashSet::default(),
            inside: FxHashSet::default(),
        };
        for p in passages {
            let ws = words(&p.text);
            let opening: Vec<bool> = (0..ws.len()).map(|i| opens_sentence(&p.text, &ws, i)).collect();
            let headline = p.kind == PassageKind::Title;
            for (w, opens) in ws.into_iter().zip(opening) {
                if opens {
                    continue;
                }
                if w.is_capitalized() {
                    if !headline {
                        written.inside.insert(w.folded.clone());
                    }
                    written.known.insert(w.folded);
                } else {
                    written.lowercase.insert(w.folded);
                }
            }
        }
        written
    }
}

impl Cast {
    /// Reads every name of the passages and what the articles say of it.
    pub fn of(passages: &[Passage], lexicon: &Lexicon) -> Cast {
        let Written {
            known,
            lowercase,
            inside,
        } = Written::of(passages);
        // An ordinary word: a stopword, a word of the vocabulary (or a form of
        // one: "fondata", "signed"), a word the articles write in lowercase, a
        // pronoun. A word written capitalized inside sentences is read as
        // itself, not as a form of another ("Boeing" is no gerund of "boe").
        let ordinary = |folded: &str, lang: Lang| {
            let forms = if inside.contains(folded) {
                vec![folded.to_owned()]
            } else {
                forms(folded)
            };
            lexicon.stopwords(lang).contains(folded)
                || lowercase.contains(folded)
                || is_gerund(folded, lang) && !inside.contains(folded)
                || NOT_NAMES.has(folded)
                || forms.iter().any(|f| super::measure::is_vocabulary_word(f, lang))
        };
        let mut signs_of: HashMap<String, Signs> = HashMap::new();
        // Per name: how often the articles mention it, and how often as a place.
        let mut places_of: HashMap<String, (usize, usize)> = HashMap::new();
        // Each passage's names, their roles read once every passage is read.
        let mut found: Vec<Vec<Name>> = Vec::with_capacity(passages.len());
        let mut anaphors = Vec::with_capacity(passages.len());
        for p in passages {
            let ws = words(&p.text);
            let mut here = Vec::new();
            let ordinary = |folded: &str| ordinary(folded, p.lang);
            let stopword = |folded: &str| lexicon.stopwords(p.lang).contains(folded);
            for (start, end, person) in runs(&p.text, &ws, &known, &ordinary, &stopword) {
                let name = p.text[start..end].to_owned();
                // "Funding: $20bn" in a list: a capitalized measure the articles
                // also write in lowercase is the measure, not a name.
                let folded = fold(&name);
                if !folded.contains(' ')
                    && lowercase.contains(&folded)
                    && super::measure::measure_at(&[folded.as_str()]).is_some_and(|(_, n)| n == 1)
                {
                    continue;
                }
                let around = around(&p.text, &ws, start, end);
                let mut s = signs(&name, &around, p.lang);
                s.person |= person;
                let entry = signs_of.entry(name.clone()).or_default();
                *entry = entry.or(s);
                let (seen, placed) = places_of.entry(name.clone()).or_default();
                *seen += 1;
                *placed += usize::from(s.place);
                here.push(Name {
                    start,
                    end,
                    role: Role::Unknown,
                    stands_in: s.stands_in,
                    agent: is_agent(&p.text, &ws, start),
                    text: name,
                });
            }
            found.push(here);
            anaphors.push(anaphors_in(&ws, p.lang));
        }
        // A person's surname alone is the person ("Altman" after "Sam Altman").
        let surnames: HashSet<String> = signs_of
            .iter()
            .filter(|(n, s)| s.person && n.contains(' '))
            .filter_map(|(n, _)| n.rsplit(' ').next().map(str::to_owned))
            .collect();
        let role = |name: &str| {
            let mut s = signs_of.get(name).copied().unwrap_or_default();
            // A place where at least half its mentions say so: "a Catania"
            // three times of five; not "a Micron" once of five, a dative.
            s.place &= places_of.get(name).is_some_and(|&(seen, placed)| 2 * placed >= seen);
            if !s.company && surnames.contains(name) {
                Role::Person
            } else if !s.company && !name.contains(' ') && lowercase.contains(&fold(name)) {
                Role::Word
            } else {
                s.role()
            }
        };
        let mut names = found;
        for n in names.iter_mut().flatten() {
            n.role = role(&n.text);
        }
        let mut leads = Vec::with_capacity(passages.len());
        let mut lead = 0;
        for (i, p) in passages.iter().enumerate() {
            if i == 0 || passages[i - 1].doc != p.doc {
                lead = i;
            }
            leads.push(lead);
        }
        let main = main_companies(passages, &names);
        Cast {
            names,
            anaphors,
            leads,
            main,
        }
    }

    /// The companies of a figure at `figure` in passage `pid`, whose clause is
    /// `clause`: those the clause names (the subject first); "the company" there
    /// as the company it refers to; when the clause names none, those of its
    /// sentence; a product only when no company is meant.
    pub fn parties(&self, pid: usize, clause: (usize, usize), figure: (usize, usize)) -> Vec<String> {
        let inside = |n: &&Name| n.start >= clause.0 && n.end <= clause.1 && (n.end <= figure.0 || n.start >= figure.1);
        let here: Vec<&Name> = self.names[pid].iter().filter(inside).collect();
        let anaphor = self.anaphors[pid]
            .iter()
            .find(|a| a.at >= clause.0 && a.at < clause.1)
            .copied();
        let stands_in = here.iter().any(|n| n.stands_in);
        let mut out = self.subject_first(pid, &here, anaphor, figure.0);
        if stands_in {
            out.extend(self.sentence(pid, figure));
        }
        if out.is_empty() && (anaphor.is_some() || here.iter().all(|n| !n.role.is_party() && n.role != Role::Product)) {
            out = self.sentence(pid, figure);
        }
        if out.is_empty() && (stands_in || anaphor.is_some() || !self.anaphors[pid].is_empty()) {
            let a = anaphor
                .or(self.anaphors[pid].first().copied())
                .unwrap_or(Anaphor { at: 0, plural: false });
            out = self.antecedent(pid, a);
        }
        // A sentence that names no company is about the article's main one:
        // news writes "revenue rose 4%" of the company the story is about.
        // So is one that names only what nothing marks as a company ("Serie
        // B", "Leonardo"): the main company comes first.
        let signed = |name: &String| {
            self.names[pid]
                .iter()
                .any(|n| &n.text == name && n.role == Role::Company && !n.agent)
        };
        if let Some(main) = self.main[pid]
            .as_ref()
            .filter(|m| !out.contains(m) && !out.iter().any(signed))
        {
            out.insert(0, main.clone());
        }
        if out.is_empty() {
            out = here
                .iter()
                .filter(|n| n.role == Role::Product && !n.stands_in)
                .map(|n| n.text.clone())
                .collect();
        }
        let mut seen = HashSet::new();
        out.retain(|n| seen.insert(n.clone()));
        out.truncate(MAX_NAMES);
        out
    }

    /// The companies of `names`, after the one "the company" means when it is
    /// their subject (before the figure and before any company named).
    fn subject_first(&self, pid: usize, names: &[&Name], anaphor: Option<Anaphor>, at: usize) -> Vec<String> {
        let companies: Vec<&&Name> = names.iter().filter(|n| n.role.is_party() && !n.stands_in).collect();
        let mut out = Vec::new();
        // "The two companies" before the companies themselves adds nothing.
        let any_company = !companies.is_empty();
        if let Some(a) = anaphor
            .filter(|a| a.at < at && companies.first().is_none_or(|n| a.at < n.start))
            .filter(|a| !(a.plural && any_company))
        {
            out.extend(self.antecedent(pid, a));
        }
        out.extend(companies.iter().map(|n| n.text.clone()));
        out
    }

    /// The companies of the whole sentence, but for names inside the figure
    /// ("anni Novanta").
    fn sentence(&self, pid: usize, figure: (usize, usize)) -> Vec<String> {
        let all: Vec<&Name> = self.names[pid]
            .iter()
            .filter(|n| n.end <= figure.0 || n.start >= figure.1)
            .collect();
        let anaphor = self.anaphors[pid].first().copied();
        self.subject_first(pid, &all, anaphor, figure.0)
    }

    /// The companies an anaphor refers to: for "the company", the first named
    /// before it in its sentence, else in the sentences before, else in the
    /// lead; for "the two companies", two or more named together before it.
    fn antecedent(&self, pid: usize, a: Anaphor) -> Vec<String> {
        let wanted = if a.plural { 2 } else { 1 };
        let companies = |i: usize, before: usize| -> Vec<String> {
            self.names[i]
                .iter()
                .filter(|n| n.role.is_party() && !n.stands_in && n.start < before)
                .map(|n| n.text.clone())
                .collect()
        };
        let lead = self.leads[pid];
        let mut i = pid;
        let mut before = a.at;
        loop {
            let found = companies(i, before);
            if found.len() >= wanted {
                return if a.plural { found } else { found[..1].to_vec() };
            }
            if i == lead {
                return companies(lead, usize::MAX)
                    .into_iter()
                    .take(if a.plural { MAX_NAMES } else { 1 })
                    .collect();
            }
            i -= 1;
            before = usize::MAX;
        }
    }
}

/// Each passage's article's main company: the company it names in most
/// sentences, the first named on a tie; `None` when it names none.
fn main_companies(passages: &[Passage], names: &[Vec<Name>]) -> Vec<Option<String>> {
    let mut out = Vec::with_capacity(passages.len());
    let mut start = 0;
    while start < passages.len() {
        let doc = &passages[start].doc;
        let end = passages[start..]
            .iter()
            .position(|p| &p.doc != doc)
            .map_or(passages.len(), |n| start + n);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for here in &names[start..end] {
            let mut seen = HashSet::new();
            for n in here.iter().filter(|n| n.role.is_party() && !n.stands_in) {
                if !seen.insert(n.text.as_str()) {
                    continue;
                }
                // A mention that signs the name as a company counts twice: a
                // place or a project the story keeps naming ("Catania") is
                // not what it is about.
                let weight = if n.role == Role::Company { 2 } else { 1 };
                match counts.iter_mut().find(|(t, _)| *t == n.text) {
                    Some((_, c)) => *c += weight,
                    None => counts.push((n.text.as_str(), weight)),
                }
            }
        }
        // The first of the most named: `max_by_key` keeps the last of equals.
        let main = counts
            .iter()
            .rev()
            .max_by_key(|(_, c)| *c)
            .map(|(t, _)| (*t).to_owned());
        out.extend(std::iter::repeat_n(main, end - start));
        start = end;
    }
    out
}

/// "The company", "il gruppo texano", "della società", "le due società", "both
/// companies": where a sentence names a company by what it is.
fn anaphors_in(ws: &[Word<'_>], lang: Lang) -> Vec<Anaphor> {
    const SINGULAR: &[&str] = &[
        "company",
        "firm",
        "group",
        "startup",
        "chipmaker",
        "manufacturer",
        "gruppo",
        "azienda",
        "societa",
        "compagnia",
        "colosso",
        "produttore",
        "banca",
    ];
    const PLURAL: &[&str] = &[
        "companies",
        "firms",
        "groups",
        "societa",
        "aziende",
        "gruppi",
        "parti",
        "sides",
        "parties",
    ];
    const DETERMINERS: &[&str] = &[
        "the", "il", "lo", "la", "l", "del", "della", "dello", "dell", "al", "alla", "allo", "all", "dal", "dalla",
        "dallo", "dall", "nel", "nella", "nello", "nell", "sul", "sulla", "sullo", "sull",
    ];
    let mut out = Vec::new();
    let w = |i: usize| ws.get(i).map_or("", |w| w.folded.as_str());
    for (i, word) in ws.iter().enumerate() {
        let at = word.start;
        if matches!(w(i), "both" | "entrambe" | "entrambi")
            || (matches!(w(i), "the" | "le" | "i") && matches!(w(i + 1), "two" | "due") && PLURAL.contains(&w(i + 2)))
        {
            out.push(Anaphor { at, plural: true });
        } else if DETERMINERS.contains(&w(i)) {
            // Italian puts the noun first ("il gruppo texano"); English may put a
            // word before it ("the software giant"), where "giant" needs one.
            let noun = SINGULAR.contains(&w(i + 1))
                || (lang == Lang::En
                    && !is_function_word(w(i + 1))
                    && (SINGULAR.contains(&w(i + 2)) || w(i + 2) == "giant"));
            if noun && w(i + 2) != "of" {
                out.push(Anaphor { at, plural: false });
            }
        }
    }
    out
}
