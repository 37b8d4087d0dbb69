//! Embeds as plain data: a [`Card`] is built by pure functions from what
//! [`render`] makes of an answer, kept inside Discord's limits, and only then
//! turned into serenity's `CreateEmbed`. The reply's words are render's: the bot
//! adds the layout (title, footer, fields), never its own version of the text.

use serenity::all::{CreateEmbed, CreateEmbedFooter};

use crate::engine::figures::rank::SHOWN;
use crate::engine::{ArticleFigures, Figure, Lang, Source, Summary};
use crate::render::{self, fit, limits};

use super::locale::phrases;

/// Colours: answered, refused, neutral.
pub const ANSWERED: u32 = 0x0058_65F2;
pub const REFUSED: u32 = 0x0099_AAB5;
pub const NEUTRAL: u32 = 0x00F2_A900;

/// An embed's text, within Discord's limits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    pub title: String,
    pub description: String,
    pub fields: Vec<(String, String)>,
    pub footer: Option<String>,
    pub colour: u32,
}

impl Card {
    /// Characters Discord counts towards the 6,000 of a message's embeds.
    pub fn len(&self) -> usize {
        let count = |s: &str| s.chars().count();
        count(&self.title)
            + count(&self.description)
            + self.footer.as_deref().map_or(0, count)
            + self.fields.iter().map(|(n, v)| count(n) + count(v)).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every part is within its limit and the whole within 6,000.
    pub fn fits(&self) -> bool {
        let count = |s: &str| s.chars().count();
        count(&self.title) <= limits::EMBED_TITLE
            && count(&self.description) <= limits::EMBED_DESCRIPTION
            && self.footer.as_deref().is_none_or(|f| count(f) <= limits::FOOTER)
            && self.fields.len() <= limits::FIELDS
            && self
                .fields
                .iter()
                .all(|(n, v)| count(n) <= limits::FIELD_NAME && count(v) <= limits::FIELD_VALUE)
            && self.len() <= limits::EMBED_TOTAL
    }

    /// Trims title, footer and description (in that order of priority kept) so
    /// the card fits; fields are the caller's to budget with [`Card::room`].
    fn fitted(mut self) -> Card {
        self.title = fit(&self.title, limits::EMBED_TITLE);
        self.footer = self.footer.map(|f| fit(&f, limits::FOOTER));
        let others = self.len() - self.description.chars().count();
        let room = limits::EMBED_TOTAL
            .saturating_sub(others)
            .min(limits::EMBED_DESCRIPTION);
        self.description = fit(&self.description, room);
        self
    }

    /// Characters still free for fields.
    fn room(&self) -> usize {
        limits::EMBED_TOTAL.saturating_sub(self.len())
    }

    pub fn embed(&self) -> CreateEmbed {
        let mut embed = CreateEmbed::new().colour(self.colour);
        if !self.title.is_empty() {
            embed = embed.title(&self.title);
        }
        if !self.description.is_empty() {
            embed = embed.description(&self.description);
        }
        for (name, value) in &self.fields {
            embed = embed.field(name, value, false);
        }
        if let Some(footer) = &self.footer {
            embed = embed.footer(CreateEmbedFooter::new(footer));
        }
        embed
    }
}

fn built(lang: Lang, built_at: &str) -> String {
    format!("{} {built_at}", phrases(lang).index_built)
}

/// The reply to a question: render's answer and quote, the citation and the
/// index build time in the footer; a refusal adds what can be asked instead.
pub fn answer(reply: &render::Reply, lang: Lang, built_at: &str) -> Card {
    let footer = match &reply.citation {
        Some(citation) => format!("{citation} · {}", built(lang, built_at)),
        None => built(lang, built_at),
    };
    let description = if reply.answered && !reply.earlier.is_empty() {
        // The earlier values follow the quote; the citation is the footer.
        format!("{}\n\n{}", reply.description, reply.earlier.join("\n"))
    } else if reply.answered || reply.small_talk {
        reply.description.clone()
    } else {
        format!("{}\n\n{}", reply.description, phrases(lang).refusal_hint)
    };
    Card {
        title: reply.title.clone(),
        description,
        fields: Vec::new(),
        footer: Some(footer),
        colour: match (reply.answered, reply.small_talk) {
            (true, _) => ANSWERED,
            (false, true) => NEUTRAL,
            (false, false) => REFUSED,
        },
    }
    .fitted()
}

/// The passages after the first, for the "More passages" button.
pub fn more(reply: &render::Reply, lang: Lang) -> Card {
    let p = phrases(lang);
    let description = if reply.more.is_empty() {
        p.no_more_passages.to_owned()
    } else {
        reply.more.join("\n\n")
    };
    Card {
        title: p.more_passages.to_owned(),
        description,
        fields: Vec::new(),
        footer: None,
        colour: NEUTRAL,
    }
    .fitted()
}

fn figure_source(f: &Figure, lang: Lang) -> String {
    let paragraph = match lang {
        Lang::En => "paragraph",
        Lang::It => "paragrafo",
    };
    match &f.date {
        Some(date) => format!("{} · {date} · {paragraph} {}", f.doc, f.paragraph),
        None => format!("{} · {paragraph} {}", f.doc, f.paragraph),
    }
}

/// The key figures, most important first, as fields (line, then its sentence and
/// source): the first [`SHOWN`], or as many as fit; the footer says how many more
/// there are and when the index was built.
pub fn figures(figures: &[Figure], lang: Lang, built_at: &str) -> Card {
    figures_card(figures, lang, built_at, SHOWN)
}

/// An article's figures after its key ones (the first [`SHOWN`]), as many as
/// fit, titled with the article: what its "More figures" button shows.
pub fn more_figures(group: &ArticleFigures, lang: Lang, built_at: &str) -> Card {
    let rest = group.figures.get(SHOWN..).unwrap_or_default();
    let mut card = figures_card(rest, lang, built_at, limits::FIELDS);
    card.title = fit(
        &format!("{} — {}", phrases(lang).figures_title, render::article_heading(group)),
        limits::EMBED_TITLE,
    );
    card
}

/// The first `most` of `figures` as fields, or as many as fit.
fn figures_card(figures: &[Figure], lang: Lang, built_at: &str, most: usize) -> Card {
    let p = phrases(lang);
    let mut card = Card {
        title: p.figures_title.to_owned(),
        description: if figures.is_empty() {
            render::figures_text(figures, lang)
        } else {
            String::new()
        },
        fields: Vec::new(),
        footer: Some(built(lang, built_at)),
        colour: NEUTRAL,
    }
    .fitted();
    // Room for the "N more" note the footer may need.
    let reserve = 40;
    let mut shown = 0;
    for f in figures {
        let name = fit(&render::figure_line(f, lang), limits::FIELD_NAME);
        let value = fit(
            &format!("> {}\n— {}", render::escape(&f.text), figure_source(f, lang)),
            limits::FIELD_VALUE,
        );
        let size = name.chars().count() + value.chars().count();
        if shown == most || card.fields.len() == limits::FIELDS || size + reserve > card.room() {
            break;
        }
        card.fields.push((name, value));
        shown += 1;
    }
    if shown < figures.len() {
        let footer = format!(
            "+{} {} · {}",
            figures.len() - shown,
            p.more_figures,
            built(lang, built_at)
        );
        card.footer = Some(footer);
    }
    card
}

/// About how many figures the all-articles reply shows, shared among the
/// articles so the older ones are not crowded out: with quotes cut to
/// [`GROUPED_QUOTE`], about what Discord's 6,000 characters hold.
const GROUPED_SHOWN: usize = 20;
/// The fewest figures an article shows in the all-articles reply.
const GROUPED_MIN: usize = 2;
/// A quoted sentence in the all-articles reply is cut to this many characters.
const GROUPED_QUOTE: usize = 220;
/// Room kept for the last embed's footer.
const FOOTER_RESERVE: usize = 120;

/// One article's figures: as [`figures`], titled with the article and its date.
pub fn article_figures(group: &ArticleFigures, lang: Lang, built_at: &str) -> Card {
    let mut card = figures(&group.figures, lang, built_at);
    card.title = fit(
        &format!("{} — {}", phrases(lang).figures_title, render::article_heading(group)),
        limits::EMBED_TITLE,
    );
    card
}

/// The figures of every article, one embed per article (newest first), titled
/// with the article and its date, within Discord's limits for one message (ten
/// embeds, 6,000 characters in all). The last footer says how many figures did
/// not fit and how to see one article's.
pub fn figure_groups(groups: &[ArticleFigures], lang: Lang, built_at: &str) -> Vec<Card> {
    let p = phrases(lang);
    if groups.is_empty() {
        return vec![figures(&[], lang, built_at)];
    }
    let total: usize = groups.iter().map(|g| g.figures.len()).sum();
    let per_article = (GROUPED_SHOWN / groups.len()).clamp(GROUPED_MIN, SHOWN);
    let quote = if groups.len() == 1 {
        limits::FIELD_VALUE
    } else {
        GROUPED_QUOTE
    };
    let paragraph = match lang {
        Lang::En => "paragraph",
        Lang::It => "paragrafo",
    };
    let mut cards: Vec<Card> = Vec::new();
    let mut used = 0;
    let mut shown = 0;
    for g in groups.iter().take(limits::EMBEDS) {
        let title = fit(&render::article_heading(g), limits::EMBED_TITLE);
        let mut size = title.chars().count();
        let mut card = Card {
            title,
            colour: NEUTRAL,
            ..Card::default()
        };
        for f in g.figures.iter().take(per_article) {
            let name = fit(&render::figure_line(f, lang), limits::FIELD_NAME);
            let sentence = fit(&render::escape(&f.text), quote.min(limits::FIELD_VALUE - 40));
            let value = format!("> {sentence}\n— {paragraph} {}", f.paragraph);
            let field = name.chars().count() + value.chars().count();
            if card.fields.len() == limits::FIELDS || used + size + field + FOOTER_RESERVE > limits::EMBED_TOTAL {
                break;
            }
            card.fields.push((name, value));
            size += field;
            shown += 1;
        }
        if card.fields.is_empty() {
            break;
        }
        used += size;
        cards.push(card);
    }
    let footer = if shown < total {
        format!("+{} {} · {}", total - shown, p.more_by_article, built(lang, built_at))
    } else {
        built(lang, built_at)
    };
    if let Some(last) = cards.last_mut() {
        last.footer = Some(footer);
    }
    cards
}

/// One figure: its line, its sentence, where it comes from.
pub fn figure(f: &Figure, lang: Lang, built_at: &str) -> Card {
    Card {
        title: match lang {
            Lang::En => f.label.clone(),
            Lang::It => f.label_it.clone(),
        },
        description: format!("{}\n> {}", render::figure_line(f, lang), render::escape(&f.text)),
        fields: Vec::new(),
        footer: Some(format!("{} · {}", figure_source(f, lang), built(lang, built_at))),
        colour: NEUTRAL,
    }
    .fitted()
}

/// The indexed articles, each with its date, language and passage count: one
/// field each, or one line each when there are more than an embed's fields.
pub fn sources(sources: &[Source], lang: Lang, built_at: &str) -> Card {
    let p = phrases(lang);
    let mut card = Card {
        title: p.sources_title.to_owned(),
        description: String::new(),
        fields: Vec::new(),
        footer: Some(built(lang, built_at)),
        colour: NEUTRAL,
    };
    let about = |s: &Source| match &s.date {
        Some(date) => format!("{date} · {} · {} {}", s.lang.code(), s.passages, p.passages),
        None => format!("{} · {} {}", s.lang.code(), s.passages, p.passages),
    };
    if sources.len() <= limits::FIELDS {
        for s in sources {
            let name = fit(&render::escape(s.name()), limits::FIELD_NAME);
            let value = about(s);
            if name.chars().count() + value.chars().count() > card.room() {
                break;
            }
            card.fields.push((name, value));
        }
        return card;
    }
    let lines: Vec<String> = sources
        .iter()
        .map(|s| format!("**{}** — {}", render::escape(s.name()), about(s)))
        .collect();
    // Whole lines only, and a count of those left out.
    let room = limits::EMBED_DESCRIPTION.min(card.room()) - FOOTER_RESERVE;
    let mut kept: Vec<&str> = Vec::new();
    let mut size = 0;
    for line in &lines {
        size += line.chars().count() + 1;
        if size > room {
            break;
        }
        kept.push(line);
    }
    let mut description = kept.join("\n");
    if kept.len() < lines.len() {
        description = format!("{description}\n+{} {}", lines.len() - kept.len(), p.more_articles);
    }
    card.description = description;
    card
}

/// One article in short, headed `heading` ("New article"): its title, then
/// date, language and source on one line, its first sentences and its key
/// figures, in `lang`'s words around the article's own.
pub fn article(heading: &str, summary: &Summary, lang: Lang) -> Card {
    let p = phrases(lang);
    let mut about = vec![format!("{}: {}", p.language, summary.lang.name_in(lang))];
    if let Some(date) = &summary.date {
        about.insert(0, format!("{}: {date}", p.date));
    }
    if let Some(source) = &summary.source {
        about.push(format!("{}: {}", p.source, render::escape(source)));
    }
    let opening = render::escape(&summary.opening.join(" "));
    let mut card = Card {
        title: format!("{heading}: {}", render::escape(&summary.title)),
        description: format!("{}\n\n{opening}", about.join(" · ")),
        fields: Vec::new(),
        footer: None,
        colour: NEUTRAL,
    }
    .fitted();
    if !summary.figures.is_empty() {
        let lines: Vec<String> = summary.figures.iter().map(|f| render::figure_line(f, lang)).collect();
        let value = fit(
            &lines.join("\n"),
            limits::FIELD_VALUE.min(card.room().saturating_sub(40)),
        );
        if !value.is_empty() {
            card.fields.push((p.figures_title.to_owned(), value));
        }
    }
    card
}

/// [`article`] as an embed, linked to the article's page when it has one:
/// `/add`'s preview and the announcement of a new article.
pub fn article_embed(heading: &str, summary: &Summary, lang: Lang) -> CreateEmbed {
    let embed = article(heading, summary, lang).embed();
    match summary.url.as_deref().filter(|u| u.starts_with("http")) {
        Some(url) => embed.url(url),
        None => embed,
    }
}

/// `/help`.
pub fn help(lang: Lang) -> Card {
    let p = phrases(lang);
    Card {
        title: p.help_title.to_owned(),
        description: p.help.to_owned(),
        fields: Vec::new(),
        footer: None,
        colour: NEUTRAL,
    }
    .fitted()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Kind, Status};

    fn reply(description: String, more: Vec<String>) -> render::Reply {
        render::Reply {
            title: "Dagli articoli".to_owned(),
            description,
            citation: Some("articolo · 2025-12-17 · paragrafo 1".to_owned()),
            more,
            earlier: vec![],
            answered: true,
            small_talk: false,
        }
    }

    fn figure(n: usize) -> Figure {
        Figure {
            label: format!("Deal {n} — OpenAI"),
            label_it: format!("Accordo {n} — OpenAI"),
            value: "10 miliardi di dollari".to_owned(),
            usd: Some(10e9),
            kind: Kind::Money,
            status: Status::Reported,
            text: "Amazon e OpenAI stanno discutendo un accordo da 10 miliardi di dollari. ".repeat(20),
            doc: "articolo".to_owned(),
            date: Some("2025-12-17".to_owned()),
            paragraph: 1,
        }
    }

    #[test]
    fn an_answer_card_has_the_citation_and_build_time_in_the_footer() {
        let card = answer(
            &reply("**10 miliardi**".to_owned(), vec![]),
            Lang::It,
            "2025-12-17T10:00:00Z",
        );
        assert_eq!(card.description, "**10 miliardi**");
        assert_eq!(
            card.footer.as_deref(),
            Some("articolo · 2025-12-17 · paragrafo 1 · indice del 2025-12-17T10:00:00Z")
        );
        assert!(card.fits());
    }

    #[test]
    fn a_huge_answer_stays_within_every_limit_with_bold_balanced() {
        let long = format!("**{}**", "Una frase lunga con parole. ".repeat(1000));
        let mut r = reply(long.clone(), vec![long.clone(); 3]);
        r.title = "T".repeat(1000);
        r.citation = Some("c".repeat(3000));
        let card = answer(&r, Lang::It, "now");
        assert!(card.fits(), "{}", card.len());
        assert_eq!(card.description.matches("**").count() % 2, 0);
        let card = more(&r, Lang::En);
        assert!(card.fits(), "{}", card.len());
    }

    #[test]
    fn a_refusal_suggests_what_to_ask() {
        let r = render::Reply {
            title: "Not in the articles".to_owned(),
            description: "Sorry.".to_owned(),
            citation: None,
            more: vec![],
            earlier: vec![],
            answered: false,
            small_talk: false,
        };
        let card = answer(&r, Lang::En, "now");
        assert!(card.description.contains("/figures"));
        assert_eq!(card.colour, REFUSED);
    }

    #[test]
    fn many_long_figures_fill_the_card_without_overflowing_and_say_how_many_are_left() {
        let all: Vec<Figure> = (0..40).map(figure).collect();
        let card = figures(&all, Lang::En, "now");
        assert!(card.fits(), "{}", card.len());
        assert!(!card.fields.is_empty());
        assert!(card.fields.len() < 40);
        assert!(
            card.footer
                .unwrap()
                .starts_with(&format!("+{}", 40 - card.fields.len()))
        );
    }

    #[test]
    fn a_few_figures_all_show() {
        let mut few: Vec<Figure> = (0..3).map(figure).collect();
        for f in &mut few {
            f.text = "Una frase.".to_owned();
        }
        let card = figures(&few, Lang::It, "now");
        assert_eq!(card.fields.len(), 3);
        assert_eq!(card.footer.as_deref(), Some("indice del now"));
        assert!(card.fields[0].0.contains("[ipotesi riportata]"));
    }

    fn source(n: usize) -> Source {
        Source {
            doc: format!("article-{n}"),
            title: None,
            date: Some("2025-12-17".to_owned()),
            lang: Lang::It,
            passages: 13,
        }
    }

    #[test]
    fn sources_list_date_language_and_passages() {
        let mut s = source(1);
        s.title = Some("Amazon *e* OpenAI".to_owned());
        let mut english = source(2);
        english.lang = Lang::En;
        english.date = None;
        let card = sources(&[s, english], Lang::En, "now");
        assert_eq!(
            card.fields,
            vec![
                (
                    "Amazon \\*e\\* OpenAI".to_owned(),
                    "2025-12-17 · it · 13 passages".to_owned()
                ),
                ("article-2".to_owned(), "en · 13 passages".to_owned()),
            ]
        );
    }

    #[test]
    fn more_sources_than_fields_are_listed_one_a_line() {
        let many: Vec<Source> = (0..300).map(source).collect();
        let card = sources(&many, Lang::It, "now");
        assert!(card.fits(), "{}", card.len());
        assert!(card.fields.is_empty());
        assert!(
            card.description
                .starts_with("**article-0** — 2025-12-17 · it · 13 passaggi\n**article-1**")
        );
        assert!(card.description.ends_with("altri articoli"), "{}", card.description);
        let few: Vec<Source> = (0..30).map(source).collect();
        let card = sources(&few, Lang::En, "now");
        assert_eq!(card.description.lines().count(), 30, "every article when they fit");
    }

    fn group(doc: &str, date: &str, figures: usize) -> ArticleFigures {
        ArticleFigures {
            doc: doc.to_owned(),
            title: Some(format!("Title of {doc}")),
            date: Some(date.to_owned()),
            lang: Lang::It,
            figures: (0..figures)
                .map(|n| Figure {
                    doc: doc.to_owned(),
                    ..figure(n)
                })
                .collect(),
        }
    }

    #[test]
    fn each_article_is_an_embed_titled_with_its_name_and_date() {
        let groups = [group("b", "2025-11-03", 3), group("a", "2025-09-10", 2)];
        let cards = figure_groups(&groups, Lang::En, "now");
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].title, "Title of b · 2025-11-03");
        assert_eq!(cards[1].title, "Title of a · 2025-09-10");
        assert_eq!((cards[0].fields.len(), cards[1].fields.len()), (3, 2));
        assert!(
            cards[0].fields[0].1.ends_with("— paragraph 1"),
            "{}",
            cards[0].fields[0].1
        );
        assert_eq!(cards[0].footer, None);
        assert_eq!(cards[1].footer.as_deref(), Some("index built now"));
    }

    #[test]
    fn many_articles_stay_within_one_message_and_say_what_is_left() {
        let groups: Vec<ArticleFigures> = (0..14).map(|i| group(&format!("d{i:02}"), "2025-01-01", 9)).collect();
        let cards = figure_groups(&groups, Lang::It, "now");
        assert!(cards.len() <= limits::EMBEDS);
        let total: usize = cards.iter().map(Card::len).sum();
        assert!(total <= limits::EMBED_TOTAL, "{total}");
        assert!(cards.iter().all(Card::fits));
        assert!(cards.iter().all(|c| c.fields.len() <= 2), "each article its share");
        let shown: usize = cards.iter().map(|c| c.fields.len()).sum();
        let footer = cards.last().unwrap().footer.clone().unwrap();
        assert!(footer.starts_with(&format!("+{} ", 14 * 9 - shown)), "{footer}");
        assert!(footer.contains("/cifre articolo:"), "{footer}");
    }

    #[test]
    fn an_article_card_names_date_language_source_and_stays_within_limits() {
        let summary = Summary {
            doc: "2026-03-03-a".into(),
            title: "Word ".repeat(100),
            date: Some("2026-03-03".into()),
            lang: Lang::En,
            source: Some("Example *News*".into()),
            url: None,
            opening: vec!["First @everyone sentence.".into(); 600],
            figures: (0..6).map(figure).collect(),
        };
        let card = article("New article", &summary, Lang::It);
        assert!(card.fits(), "{card:?}");
        assert!(card.title.starts_with("New article: Word Word"), "{}", card.title);
        assert!(
            card.description
                .starts_with("Data: 2026-03-03 · Lingua: inglese · Fonte: Example \\*News\\*"),
            "{}",
            card.description
        );
        assert!(!card.description.contains("@everyone"), "{}", card.description);
        assert_eq!(card.fields.len(), 1);
        assert_eq!(card.fields[0].0, "Cifre chiave");
    }

    #[test]
    fn one_articles_figures_are_titled_with_it() {
        let card = article_figures(&group("a", "2025-09-10", 2), Lang::It, "now");
        assert_eq!(card.title, "Cifre chiave — Title of a · 2025-09-10");
        assert_eq!(card.fields.len(), 2);
    }
}
