//! From an [`Answer`] to the words people read. The console prints [`text`], the bot
//! sends [`Reply`] parts in an embed: the same sentences, the same marks, the same
//! citation. Everything here keeps within Discord's limits and pings no one.

use crate::engine::{Answer, ArticleFigures, Earlier, Figure, Hit, Lang, MessageKind, Status};
pub use crate::money::{human_dollars, human_usd};

/// Discord's limits, in characters.
pub mod limits {
    pub const CONTENT: usize = 2000;
    pub const EMBED_DESCRIPTION: usize = 4096;
    pub const EMBED_TITLE: usize = 256;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FIELDS: usize = 25;
    pub const FOOTER: usize = 2048;
    /// Embeds in one message.
    pub const EMBEDS: usize = 10;
    pub const EMBED_TOTAL: usize = 6000;
}

/// A reply, in parts an embed can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub title: String,
    /// The answer and the quoted sentence, Markdown.
    pub description: String,
    /// Where the quote comes from: article, date, paragraph.
    pub citation: Option<String>,
    /// The other passages, each rendered like the first.
    pub more: Vec<String>,
    /// Earlier values of the answer's figure, one line each, newest first:
    /// "Earlier: $4 billion — 2026-02-02, Halvorsen in talks to buy Brightwater".
    /// Shown after the quote and its citation.
    pub earlier: Vec<String>,
    pub answered: bool,
    /// A reply to small talk (a greeting, thanks, "help"): neither an answer
    /// nor a refusal.
    pub small_talk: bool,
}

/// Escapes Discord Markdown and defuses mentions in text we quote.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '*' | '_' | '~' | '`' | '|' | '>' | '<' | '#' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
        if c == '@' {
            // A zero-width space after `@` keeps "@everyone" from being a mention.
            out.push('\u{200B}');
        }
    }
    out
}

/// `text` with the byte ranges in `marks` in bold, everything escaped.
pub fn mark(text: &str, marks: &[[usize; 2]]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    let mut marks = marks.to_vec();
    marks.sort_unstable();
    for [start, end] in marks {
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&escape(&text[at..start]));
        out.push_str("**");
        out.push_str(&escape(&text[start..end]));
        out.push_str("**");
        at = end;
    }
    out.push_str(&escape(&text[at..]));
    // Adjacent marks read better as one run: "**10** **miliardi**" → "**10 miliardi**".
    out.replace("** **", " ")
}

fn citation(hit: &Hit, lang: Lang) -> String {
    let name = hit.title.as_deref().unwrap_or(&hit.doc);
    let paragraph = match lang {
        Lang::En => "paragraph",
        Lang::It => "paragrafo",
    };
    let mut out = format!("{} · {paragraph} {}", dated(name, hit.date.as_deref()), hit.paragraph);
    // A quote in the other language says which it is in: it is never translated.
    if hit.lang != lang {
        out.push_str(" · in ");
        out.push_str(hit.lang.name_in(lang));
    }
    out
}

/// One passage: the answer line in the asker's language, then the original quoted.
fn passage(hit: &Hit, lang: Lang, answer_line: Option<&str>) -> String {
    let quote = format!("> {}", mark(&hit.text, &hit.marks));
    let line = match (answer_line, lang, &hit.translation) {
        (Some(a), _, Some(t)) if a == t => Some(mark(t, &hit.translation_marks)),
        (Some(a), _, _) if a == hit.text => None,
        (Some(a), _, _) => Some(escape(a)),
        (None, _, Some(t)) if hit.lang != lang => Some(mark(t, &hit.translation_marks)),
        (None, _, _) => None,
    };
    match line {
        Some(line) => format!("{line}\n{quote}"),
        None => quote,
    }
}

/// The line that says what a follow-up was taken to mean, in `lang`.
pub fn taken_as(taken_as: &str, lang: Lang) -> String {
    let lead = match lang {
        Lang::En => "Taking it as:",
        Lang::It => "Intendo:",
    };
    format!("*{lead} {}*", escape(taken_as))
}

/// The reply to an answer.
pub fn reply(answer: &Answer) -> Reply {
    let lang = answer.lang;
    // A follow-up read with earlier turns says how it was read, first.
    let read_as = |description: String| match &answer.taken_as {
        Some(t) => format!("{}\n{description}", taken_as(t, lang)),
        None => description,
    };
    if answer.kind == Some(MessageKind::SmallTalk) {
        return Reply {
            title: "dealbot".to_owned(),
            description: escape(answer.message.as_deref().unwrap_or_default()),
            citation: None,
            more: Vec::new(),
            earlier: Vec::new(),
            answered: false,
            small_talk: true,
        };
    }
    let Some(top) = answer.passages.first().filter(|_| answer.answered) else {
        return Reply {
            title: match lang {
                Lang::En => "Not in the articles".to_owned(),
                Lang::It => "Non è negli articoli".to_owned(),
            },
            description: read_as(escape(answer.message.as_deref().unwrap_or_default())),
            citation: None,
            more: Vec::new(),
            earlier: Vec::new(),
            answered: false,
            small_talk: false,
        };
    };
    let description = read_as(passage(top, lang, answer.answer.as_deref()));
    let more = answer.passages[1..]
        .iter()
        .map(|h| format!("{}\n— {}", passage(h, lang, None), citation(h, lang)))
        .collect();
    Reply {
        title: match lang {
            Lang::En => "From the articles".to_owned(),
            Lang::It => "Dagli articoli".to_owned(),
        },
        description: fit(&description, limits::EMBED_DESCRIPTION),
        citation: Some(citation(top, lang)),
        more,
        earlier: answer.earlier.iter().map(|e| earlier_line(e, lang)).collect(),
        answered: true,
        small_talk: false,
    }
}

/// One earlier value in the asker's language: "Earlier: $4 billion —
/// 2026-02-02, Halvorsen in talks" ("In precedenza: 4 miliardi di dollari — …").
/// A dollar amount is written as the asker writes amounts; any other value as
/// the article wrote it.
pub fn earlier_line(e: &Earlier, lang: Lang) -> String {
    let head = match lang {
        Lang::En => "Earlier",
        Lang::It => "In precedenza",
    };
    let value = match (e.usd, lang) {
        (Some(usd), Lang::En) => format!("${}", human_usd(usd, lang)),
        (Some(usd), Lang::It) => format!("{} di dollari", human_usd(usd, lang)),
        (None, _) => e.value.clone(),
    };
    let name = e.title.as_deref().unwrap_or(&e.doc);
    format!("{head}: {} — {}, {}", escape(&value), e.date, escape(name))
}

/// The reply as plain text: what the console prints and what a text-only message says.
pub fn text(answer: &Answer) -> String {
    let r = reply(answer);
    let mut text = match &r.citation {
        Some(c) => format!("{}\n— {c}", r.description),
        None => r.description,
    };
    for line in &r.earlier {
        text.push('\n');
        text.push_str(line);
    }
    fit(&text, limits::CONTENT)
}

/// Cuts `text` to at most `limit` characters, at a sentence (or line, or word)
/// boundary, closing any `**` left open and ending with "…".
pub fn fit(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let budget = limit.saturating_sub(3);
    let cut = text.char_indices().nth(budget).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let boundary = [". ", "! ", "? ", ".\n", "\n"]
        .iter()
        .filter_map(|b| head.rfind(b).map(|i| i + b.len().min(1)))
        .max()
        .filter(|&i| i > budget / 2)
        .or_else(|| head.rfind(' '))
        .unwrap_or(cut);
    let mut out = head[..boundary].trim_end().to_owned();
    // A backslash at the end would escape what we add.
    while out.ends_with('\\') {
        out.pop();
    }
    if out.matches("**").count() % 2 == 1 {
        out.push_str("**");
    }
    out.push('…');
    out
}

/// A figure in one line: label, value, status.
pub fn figure_line(f: &Figure, lang: Lang) -> String {
    let status = match (f.status, lang) {
        (Status::Reported, Lang::En) => "reported",
        (Status::Fact, Lang::En) => "fact",
        (Status::Reported, Lang::It) => "ipotesi riportata",
        (Status::Fact, Lang::It) => "fatto",
    };
    let usd = f
        .usd
        .map(|v| format!(" ({})", human_dollars(v, lang)))
        .unwrap_or_default();
    let label = match lang {
        Lang::En => &f.label,
        Lang::It => &f.label_it,
    };
    format!("{}: {}{usd} [{status}]", escape(label), escape(&f.value))
}

/// The figures as plain text, one per paragraph with its sentence.
pub fn figures_text(figures: &[Figure], lang: Lang) -> String {
    if figures.is_empty() {
        return match lang {
            Lang::En => "No key figures in the articles yet.".to_owned(),
            Lang::It => "Ancora nessuna cifra chiave negli articoli.".to_owned(),
        };
    }
    figures
        .iter()
        .map(|f| format!("{}\n> {}", figure_line(f, lang), escape(&f.text)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// How an article is headed where its figures are listed: its title (else its
/// file name) and its date.
pub fn article_heading(group: &ArticleFigures) -> String {
    dated(group.name(), group.date.as_deref())
}

/// An article's name and its date, the date said once: an untitled article's
/// file name that starts with its date ("2026-04-01-kestrel-lumen") loses it.
fn dated(name: &str, date: Option<&str>) -> String {
    match date {
        Some(date) if name == date => date.to_owned(),
        Some(date) => {
            let name = name
                .strip_prefix(date)
                .and_then(|rest| rest.strip_prefix(['-', '_', ' ']))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(name);
            format!("{name} · {date}")
        }
        None => name.to_owned(),
    }
}

/// The figures of many articles as plain text: each article headed by its name
/// and date, newest first, its figures beneath with their sentences.
pub fn figure_groups_text(groups: &[ArticleFigures], lang: Lang) -> String {
    if groups.is_empty() {
        return figures_text(&[], lang);
    }
    groups
        .iter()
        .map(|g| {
            format!(
                "**{}**\n\n{}",
                escape(&article_heading(g)),
                figures_text(&g.figures, lang)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untitled_article_says_its_date_once() {
        assert_eq!(
            dated("2026-04-01-kestrel-lumen", Some("2026-04-01")),
            "kestrel-lumen · 2026-04-01"
        );
        assert_eq!(
            dated("Kestrel buys Lumen", Some("2026-04-01")),
            "Kestrel buys Lumen · 2026-04-01"
        );
        assert_eq!(dated("2026-04-01", Some("2026-04-01")), "2026-04-01");
        assert_eq!(dated("kestrel-lumen", None), "kestrel-lumen");
    }

    #[test]
    fn marks_are_bold_and_adjacent_marks_merge() {
        let t = "un accordo da 10 miliardi";
        assert_eq!(
            mark(t, &[[3, 10], [14, 16], [17, 25]]),
            "un **accordo** da **10 miliardi**"
        );
    }

    #[test]
    fn markdown_and_mentions_in_quotes_are_defused() {
        let e = escape("*x* @everyone <@123>");
        assert!(e.starts_with("\\*x\\*"));
        assert!(!e.contains("@everyone"));
        assert!(e.contains("\\<@\u{200B}123\\>"));
    }

    #[test]
    fn fit_cuts_at_a_sentence_and_balances_bold() {
        let text = format!("**Prima frase. {}**", "parola ".repeat(400));
        let out = fit(&text, 100);
        assert!(out.chars().count() <= 100, "{}", out.chars().count());
        assert_eq!(out.matches("**").count() % 2, 0);
        assert!(out.ends_with('…'));
    }

    #[test]
    fn grouped_figures_are_headed_by_their_article_and_date() {
        let figure = |doc: &str| Figure {
            label: "Stake — Enel".to_owned(),
            label_it: "Quota — Enel".to_owned(),
            value: "18%".to_owned(),
            usd: None,
            kind: crate::engine::Kind::Percent,
            status: Status::Fact,
            text: "Enel holds 18%.".to_owned(),
            doc: doc.to_owned(),
            date: None,
            paragraph: 2,
        };
        let groups = [
            ArticleFigures {
                doc: "enel".to_owned(),
                title: Some("Enel's *stake*".to_owned()),
                date: Some("2025-01-02".to_owned()),
                lang: Lang::En,
                figures: vec![figure("enel")],
            },
            ArticleFigures {
                doc: "old-file".to_owned(),
                title: None,
                date: None,
                lang: Lang::It,
                figures: vec![figure("old-file")],
            },
        ];
        let text = figure_groups_text(&groups, Lang::It);
        assert!(
            text.starts_with("**Enel's \\*stake\\* · 2025-01-02**\n\nQuota — Enel: 18% [fatto]\n> Enel holds 18%."),
            "{text}"
        );
        assert!(text.contains("\n\n**old-file**\n\n"), "{text}");
        assert!(figure_groups_text(&[], Lang::En).contains("No key figures"));
    }

    #[test]
    fn an_earlier_value_is_one_line_in_the_askers_language_and_pings_nobody() {
        let mut earlier = Earlier {
            label: "Deal — Halvorsen, Brightwater".to_owned(),
            label_it: "Accordo — Halvorsen, Brightwater".to_owned(),
            value: "$4 billion".to_owned(),
            usd: Some(4e9),
            text: "Halvorsen is in talks to buy Brightwater in a deal worth $4 billion.".to_owned(),
            doc: "2026-02-02-halvorsen".to_owned(),
            title: Some("Talks @everyone".to_owned()),
            date: "2026-02-02".to_owned(),
            paragraph: 1,
            lang: Lang::En,
        };
        assert_eq!(
            earlier_line(&earlier, Lang::En),
            "Earlier: $4 billion — 2026-02-02, Talks @\u{200B}everyone"
        );
        assert!(earlier_line(&earlier, Lang::It).starts_with("In precedenza: 4 miliardi di dollari — 2026-02-02, "));
        earlier.usd = None;
        earlier.value = "4 miliardi di euro".to_owned();
        assert!(earlier_line(&earlier, Lang::En).starts_with("Earlier: 4 miliardi di euro — "));
    }

    #[test]
    fn fit_leaves_short_text_alone() {
        assert_eq!(fit("breve", 10), "breve");
    }
}
