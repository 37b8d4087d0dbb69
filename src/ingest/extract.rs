//! A news page's article, without the page around it. `dom_smoothie` (a port of
//! Firefox's readability.js) finds the article's element and strips what
//! readability strips — navigation, cookie banners, share bars, related links,
//! comments, scripts; this module writes what is left as the corpus reads text
//! (paragraphs between blank lines, headings as short lines, list items as
//! `- ` lines) and reads the metadata: title, date, author, site, canonical URL
//! and language.

use dom_query::{Document, NodeRef};
use reqwest::Url;

use super::FrontMatter;
use crate::engine::Lang;

/// A page's article and its metadata.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub front: FrontMatter,
    /// Paragraphs, headings and lists, separated by blank lines.
    pub body: String,
}

/// Elements that are never the article's text, even inside it: forms and
/// buttons (share bars, newsletter boxes), embedded frames, figures (their
/// captions describe pictures), navigation and asides.
const NOT_TEXT: [&str; 14] = [
    "script", "style", "noscript", "template", "form", "button", "iframe", "nav", "aside", "figure", "svg", "select",
    "footer", "header",
];

/// Elements whose text is one block of the article.
const BLOCKS: [&str; 3] = ["p", "blockquote", "pre"];

/// Extracts the article of `html`, fetched from `url` (relative links in its
/// metadata are read against it). Never fails: a page readability finds no
/// article in gives what text its body has, and the caller's length check
/// refuses it.
pub fn html(html: &str, url: Option<&Url>) -> Extracted {
    let document = Document::from(html);
    let metadata = Metadata::of(&document);
    // Advertisements go first: readability turns their boxes into plain
    // paragraphs, without the class that told them apart.
    let cleaned = Document::from(html);
    for node in cleaned.select("[class], [id]").nodes() {
        if is_advertisement(node) || is_page_furniture(node) {
            node.remove_from_parent();
        }
    }
    let readable = dom_smoothie::Readability::with_document(cleaned, url.map(Url::as_str), None)
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (body, readable_title, readable_lang, readable) = match readable {
        Some(article) => (
            blocks(&Document::from(article.content.as_ref())),
            Some(article.title).filter(|t| !t.trim().is_empty()),
            article.lang,
            Some((article.byline, article.site_name, article.published_time, article.url)),
        ),
        None => (blocks(&document), None, None, None),
    };
    let (byline, site, published, ld_url) = readable.unwrap_or_default();
    let title = metadata.title.or(readable_title);
    let date = published
        .as_deref()
        .and_then(iso_date)
        .or_else(|| metadata.dates.iter().find_map(|d| iso_date(d)));
    let canonical = metadata
        .canonical
        .or(ld_url)
        .and_then(|u| match url {
            Some(base) => base.join(&u).ok().map(String::from),
            None => Url::parse(&u).ok().map(String::from),
        })
        .or_else(|| url.map(|u| without_fragment(u.clone())));
    let body = body.join("\n\n");
    let lang = language(&body, metadata.lang.as_deref().or(readable_lang.as_deref()));
    Extracted {
        front: FrontMatter {
            title: title.map(|t| clean(&t)),
            source: site.or(metadata.site).map(|s| clean(&s)),
            url: canonical,
            date,
            lang,
            author: byline
                .map(|b| without_by(&clean(&b)).to_owned())
                .filter(|b| !b.is_empty() && b.split_whitespace().count() <= 8),
        },
        body,
    }
}

/// What a page's head says about it, beyond readability's reading.
#[derive(Debug, Default)]
struct Metadata {
    /// `og:title`, else nothing (readability's title is the fallback): a
    /// `<title>` carries the site's name too.
    title: Option<String>,
    site: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
    /// Publication dates, most telling first: `<meta>` then `<time datetime>`.
    dates: Vec<String>,
}

impl Metadata {
    fn of(document: &Document) -> Metadata {
        let attr = |selector: &str, name: &str| {
            document
                .select(selector)
                .iter()
                .find_map(|s| s.attr(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()))
        };
        let mut dates = Vec::new();
        for selector in [
            r#"meta[property="article:published_time"]"#,
            r#"meta[itemprop="datePublished"]"#,
            r#"meta[name="date"]"#,
            r#"meta[name="pubdate"]"#,
        ] {
            dates.extend(attr(selector, "content"));
        }
        dates.extend(attr(
            "article time[datetime], time[pubdate][datetime], time[datetime]",
            "datetime",
        ));
        Metadata {
            title: attr(r#"meta[property="og:title"]"#, "content"),
            site: attr(r#"meta[property="og:site_name"]"#, "content"),
            canonical: attr(r#"link[rel="canonical"]"#, "href")
                .or_else(|| attr(r#"meta[property="og:url"]"#, "content")),
            lang: attr("html", "lang"),
            dates,
        }
    }
}

/// The article's blocks, in order: paragraphs, headings, and each list as
/// one block of `- ` lines.
fn blocks(document: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let root = document.body().unwrap_or_else(|| document.root());
    let mut loose = String::new();
    walk(&root, &mut out, &mut loose);
    flush(&mut loose, &mut out);
    out
}

fn walk(node: &NodeRef, out: &mut Vec<String>, loose: &mut String) {
    for child in node.children() {
        if child.is_text() {
            loose.push_str(&child.text());
            continue;
        }
        let Some(name) = child.node_name() else { continue };
        let name = name.to_ascii_lowercase();
        if NOT_TEXT.contains(&name.as_str()) {
            continue;
        }
        let inline = child.element_children().is_empty()
            || !child
                .element_children()
                .iter()
                .any(|c| c.node_name().is_some_and(|n| is_block(&n.to_ascii_lowercase())));
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                flush(loose, out);
                push(out, &inline_text(&child));
            }
            "ul" | "ol" => {
                flush(loose, out);
                let items: Vec<String> = child
                    .element_children()
                    .iter()
                    .filter(|li| li.node_name().is_some_and(|n| n.eq_ignore_ascii_case("li")))
                    .map(|li| clean(&inline_text(li)))
                    .filter(|t| !t.is_empty())
                    .map(|t| format!("- {t}"))
                    .collect();
                if !items.is_empty() {
                    out.push(items.join("\n"));
                }
            }
            "br" => loose.push(' '),
            _ if BLOCKS.contains(&name.as_str()) && inline => {
                flush(loose, out);
                push(out, &inline_text(&child));
            }
            _ if is_block(&name) => {
                flush(loose, out);
                walk(&child, out, loose);
                flush(loose, out);
            }
            // Inline elements (a, em, strong, span…) are part of the running text.
            _ => loose.push_str(&inline_text(&child)),
        }
    }
}

/// The text of an element, without what is never text inside it; a line
/// break or a block inside it is a space (`Secondo<br>paragrafo`).
fn inline_text(node: &NodeRef) -> String {
    let mut text = String::new();
    collect_text(node, &mut text);
    text
}

fn collect_text(node: &NodeRef, text: &mut String) {
    if node.is_text() {
        text.push_str(&node.text());
        return;
    }
    let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
    if NOT_TEXT.contains(&name.as_str()) {
        return;
    }
    let spaced = name == "br" || is_block(&name);
    if spaced {
        text.push(' ');
    }
    for child in node.children() {
        collect_text(&child, text);
    }
    if spaced {
        text.push(' ');
    }
}

/// Words of a class or id that mark an advertisement's box ("ad-slot",
/// "adv-box", "sponsored"): the convention ad servers and page templates
/// share, which readability's own filters read too.
const ADVERTISEMENT: [&str; 8] = [
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "sponsor",
    "sponsored",
];

fn is_advertisement(node: &NodeRef) -> bool {
    named_with(node, &ADVERTISEMENT)
}

/// Whether a word of `node`'s class or id (split at anything not a letter or
/// digit: "adv-box", "newsletterSignup" is one word) is one of `words`.
fn named_with(node: &NodeRef, words: &[&str]) -> bool {
    let names = [node.attr("class"), node.attr("id")];
    names.iter().flatten().any(|value| {
        value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| words.contains(&word.to_ascii_lowercase().as_str()))
    })
}

/// Words of a class or id that mark a box of the page around the article —
/// a newsletter sign-up, a share bar, related links, comments — in the
/// conventions of page templates (readability's "unlikely candidates" read
/// the same way).
const FURNITURE: [&str; 12] = [
    "newsletter",
    "signup",
    "subscribe",
    "subscription",
    "promo",
    "share",
    "sharing",
    "social",
    "related",
    "comments",
    "disqus",
    "paywall",
];

/// The most words a box of [`FURNITURE`] has: a class like "social-share"
/// on the article's own wrapper must not take the article with it.
const FURNITURE_WORDS: usize = 60;

fn is_page_furniture(node: &NodeRef) -> bool {
    named_with(node, &FURNITURE) && node.text().split_whitespace().count() <= FURNITURE_WORDS
}

/// A byline without its leading "By" or "di": the names alone.
fn without_by(byline: &str) -> &str {
    ["By ", "by ", "BY ", "Di ", "di ", "DI "]
        .iter()
        .find_map(|by| byline.strip_prefix(by))
        .unwrap_or(byline)
        .trim()
}

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
        || matches!(
            name,
            "div"
                | "section"
                | "article"
                | "main"
                | "ul"
                | "ol"
                | "li"
                | "table"
                | "tr"
                | "td"
                | "dl"
                | "dd"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
        )
        || NOT_TEXT.contains(&name)
}

/// Ends a run of text outside paragraphs, headings and lists: it is the
/// article's only when it reads as prose, ending as a sentence does. What
/// else sits loose in a page's markup is labels — a kicker, "Advertisement",
/// "Copy link" — not text.
fn flush(loose: &mut String, out: &mut Vec<String>) {
    let text = clean(loose);
    if text
        .trim_end_matches(['"', '\'', '»', '”', '’', ')'])
        .ends_with(['.', '!', '?', '…'])
    {
        out.push(text);
    }
    loose.clear();
}

fn push(out: &mut Vec<String>, text: &str) {
    let text = clean(text);
    if !text.is_empty() {
        out.push(text);
    }
}

/// Whitespace collapsed to single spaces; a block's text is one line.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2026-03-03T08:15:00+01:00` → `2026-03-03`: the date as the page wrote it
/// (the newsroom's day, not UTC's).
fn iso_date(value: &str) -> Option<String> {
    let date = value.trim().get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then(|| date.to_owned())
}

/// The article's language: told from its text when whatlang is sure (a
/// page's `lang` attribute is often the site template's), else the page's
/// `<html lang>`. Only Italian and English are written as front matter; an
/// article in another language is left to the corpus, which indexes it with
/// a warning.
fn language(text: &str, declared: Option<&str>) -> Option<Lang> {
    if let Some(info) = whatlang::detect(text).filter(whatlang::Info::is_reliable) {
        return match info.lang() {
            whatlang::Lang::Ita => Some(Lang::It),
            whatlang::Lang::Eng => Some(Lang::En),
            _ => None,
        };
    }
    declared
        .and_then(|code| Lang::from_code(code.split(['-', '_']).next().unwrap_or(code)))
        .or_else(|| (!text.trim().is_empty()).then(|| crate::engine::text::detect(text).lang))
}

fn without_fragment(mut url: Url) -> String {
    url.set_fragment(None);
    url.into()
}

/// Markdown as the corpus reads text: `#` headings as plain lines, `*`/`+`
/// list markers as `- `, links as their words, emphasis marks dropped.
pub fn markdown(text: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("a valid regex"));
    static EMPHASIS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(\*\*|__|\*|`)").expect("a valid regex"));
    let mut out = String::with_capacity(text.len());
    let mut in_front_matter = text.starts_with("---\n");
    for (n, line) in text.lines().enumerate() {
        if in_front_matter {
            out.push_str(line);
            out.push('\n');
            in_front_matter = n == 0 || line.trim() != "---";
            continue;
        }
        let trimmed = line.trim_start();
        let line = if let Some(heading) = trimmed.strip_prefix('#') {
            heading.trim_start_matches('#').trim().to_owned()
        } else if let Some(item) = trimmed.strip_prefix("* ").or_else(|| trimmed.strip_prefix("+ ")) {
            format!("- {item}")
        } else {
            line.to_owned()
        };
        let line = LINK.replace_all(&line, "$1");
        out.push_str(&EMPHASIS.replace_all(&line, ""));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_and_lists_become_blocks() {
        let doc = Document::from(
            "<body><div><p>Primo <a href='#'>paragrafo</a>.</p><h2>Un titolo</h2>\
             <p>Secondo<br>paragrafo.</p><ul><li>uno</li><li> due </li></ul>\
             <div>Testo sciolto <em>in un div</em>.</div><div><span>Pubblicità</span></div><figure><figcaption>foto</figcaption></figure></div></body>",
        );
        assert_eq!(
            blocks(&doc),
            [
                "Primo paragrafo.",
                "Un titolo",
                "Secondo paragrafo.",
                "- uno\n- due",
                "Testo sciolto in un div."
            ]
        );
    }

    #[test]
    fn an_advertisement_s_box_is_dropped_before_readability_reads_the_page() {
        let sentence = "Il gruppo ha firmato un accordo da due miliardi con i suoi partner europei. ";
        let page = format!(
            "<html><body><article><p>{}</p><div class='adv-box'><span>Pubblicità</span></div><p>{}</p></article></body></html>",
            sentence.repeat(4),
            sentence.repeat(4)
        );
        let extracted = html(&page, None);
        assert!(!extracted.body.contains("Pubblicità"), "{}", extracted.body);
        assert_eq!(extracted.body.matches("\n\n").count(), 1, "{}", extracted.body);
    }

    #[test]
    fn a_sign_up_box_and_a_share_bar_go_but_an_article_wrapped_in_a_share_class_stays() {
        let sentence = "The group signed a two billion dollar agreement with its European partners. ";
        let page = format!(
            "<html><body><article><p>{}</p><div class='signup'>Sign up here for our daily newsletter.</div>\
             <div class='share-bar'>Share this story.</div><p>{}</p></article></body></html>",
            sentence.repeat(4),
            sentence.repeat(4)
        );
        let extracted = html(&page, None);
        assert!(!extracted.body.contains("Sign up"), "{}", extracted.body);
        assert!(!extracted.body.contains("Share this"), "{}", extracted.body);
        let wrapped = format!(
            "<html><body><div class='content social-share-enabled'><p>{}</p><p>{}</p></div></body></html>",
            sentence.repeat(6),
            sentence.repeat(6)
        );
        assert!(html(&wrapped, None).body.contains("European partners"));
    }

    #[test]
    fn a_byline_s_by_is_not_part_of_the_author() {
        assert_eq!(without_by("By Ryan Mercer and Lena Fisk"), "Ryan Mercer and Lena Fisk");
        assert_eq!(without_by("di Chiara Benedetti"), "Chiara Benedetti");
        assert_eq!(without_by("Bypass Jones"), "Bypass Jones");
    }

    #[test]
    fn dates_are_read_as_the_page_wrote_them() {
        assert_eq!(iso_date("2026-03-03T23:15:00-05:00").as_deref(), Some("2026-03-03"));
        assert_eq!(iso_date("March 3, 2026"), None);
    }

    #[test]
    fn markdown_reads_as_plain_text() {
        let md = "---\ntitle: T\n---\n# Il titolo\n\nUn [link](http://x) e **grassetto**.\n\n* voce\n";
        assert_eq!(
            markdown(md),
            "---\ntitle: T\n---\nIl titolo\n\nUn link e grassetto.\n\n- voce\n"
        );
    }
}
