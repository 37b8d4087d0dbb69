//! The `/figures` chart: one horizontal bar per amount in US dollars, with its
//! label and amount in the reader's language, drawn in process and encoded as PNG.
//!
//! Text is laid out here with `ab_glyph`, glyph by glyph at fractional positions
//! with the font's advances, side bearings and kerning, and wrapped on spaces to
//! the width it has: no label is cut. (plotters' text drawing, used before, lost
//! each glyph's side bearing and rounded every pen position, which spaced letters
//! oddly: "billi on".) The font (`DejaVu Sans`, `Bitstream Vera` licence in
//! `fonts/LICENSE-DejaVu`) is compiled into the binary: nothing is read or fetched
//! at run time, and the same figures always give the same pixels.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, GlyphId, PxScale, ScaleFont as _, point};
use anyhow::{Context as _, anyhow};

use crate::engine::figures::rank::SHOWN;
use crate::engine::{ArticleFigures, Figure, Lang, Status};
use crate::money::human_dollars;

const FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// Discord shows an embed's image about 400 to 550 pixels wide: 800 pixels
/// with 20-pixel text keep labels at 10 pixels or more there.
const WIDTH: u32 = 800;
/// Left and right margins, and the gap between the label column and the bars.
const MARGIN: f32 = 20.0;
/// The label column, left of the bars; labels wrap within it.
const LABEL_WIDTH: f32 = 320.0;
/// Room between a bar's end and its amount.
const GAP: f32 = 10.0;
const BAR_HEIGHT: f32 = 34.0;
/// Space above and below a bar row's content.
const ROW_PADDING: f32 = 11.0;
/// Space above a heading and below it.
const HEADING_PADDING: f32 = 12.0;

const TITLE_SIZE: f32 = 28.0;
const HEADING_SIZE: f32 = 22.0;
const TEXT_SIZE: f32 = 20.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;

type Rgb = [u8; 3];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const GREY: Rgb = [60, 60, 60];
const FACT: Rgb = [88, 101, 242];
const REPORTED: Rgb = [242, 169, 0];
/// The line above an article's heading.
const RULE: Rgb = [215, 215, 215];

/// The file name the embed refers to as `attachment://figures.png`.
pub const FILE_NAME: &str = "figures.png";

fn font() -> anyhow::Result<&'static FontRef<'static>> {
    static FONT_REF: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT_REF
        .get_or_init(|| FontRef::try_from_slice(FONT).ok())
        .as_ref()
        .ok_or_else(|| anyhow!("the shipped font is unreadable"))
}

/// Text set in the shipped font at one size.
#[derive(Clone, Copy)]
struct Face {
    font: &'static FontRef<'static>,
    size: f32,
}

impl Face {
    fn new(font: &'static FontRef<'static>, size: f32) -> Self {
        Face { font, size }
    }

    /// Each glyph of `text` with its pen position, starting at 0: the advance
    /// of the glyph before it plus the kerning of the pair.
    fn layout(self, text: &str) -> Vec<(GlyphId, f32)> {
        let scaled = self.font.as_scaled(PxScale::from(self.size));
        let mut caret = 0.0;
        let mut prev: Option<GlyphId> = None;
        let mut out = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            out.push((id, caret));
            caret += scaled.h_advance(id);
            prev = Some(id);
        }
        out
    }

    fn width(self, text: &str) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(self.size));
        self.layout(text)
            .last()
            .map_or(0.0, |(id, x)| x + scaled.h_advance(*id))
    }

    fn ascent(self) -> f32 {
        self.font.as_scaled(PxScale::from(self.size)).ascent()
    }

    fn line_height(self) -> f32 {
        (self.size * LEADING).round()
    }

    /// `text` in lines no wider than `max`, broken at spaces; a word wider than
    /// a line on its own is broken between letters.
    fn wrap(self, text: &str, max: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(&line) > max && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// An RGB image being drawn.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Self {
        Canvas {
            width,
            height,
            pixels: WHITE.repeat((width * height) as usize),
        }
    }

    /// Mixes `colour` into the pixel at (x, y) by `coverage` (0 to 1); outside
    /// the image, nothing.
    fn blend(&mut self, x: i32, y: i32, colour: Rgb, coverage: f32) {
        let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) else {
            return;
        };
        if x >= self.width || y >= self.height {
            return;
        }
        let at = ((y * self.width + x) * 3) as usize;
        let coverage = coverage.clamp(0.0, 1.0);
        for (channel, &c) in self.pixels[at..at + 3].iter_mut().zip(&colour) {
            let mixed = f32::from(*channel) * (1.0 - coverage) + f32::from(c) * coverage;
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a mix of two bytes is within 0..=255"
            )]
            let mixed = mixed.round() as u8;
            *channel = mixed;
        }
    }

    fn fill(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, colour: Rgb) {
        #[expect(clippy::cast_possible_truncation, reason = "coordinates are within the image")]
        let (x0, y0, x1, y1) = (
            x0.round() as i32,
            y0.round() as i32,
            x1.round() as i32,
            y1.round() as i32,
        );
        for y in y0..y1 {
            for x in x0..x1 {
                self.blend(x, y, colour, 1.0);
            }
        }
    }

    /// One line of text, its baseline at `baseline` and its pen starting at `x`.
    fn text(&mut self, face: Face, x: f32, baseline: f32, text: &str, colour: Rgb) {
        for (id, pen) in face.layout(text) {
            let glyph = id.with_scale_and_position(PxScale::from(face.size), point(x + pen, baseline));
            if let Some(outline) = face.font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                #[expect(clippy::cast_possible_truncation, reason = "pixel bounds are whole numbers")]
                let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
                outline.draw(|gx, gy, coverage| {
                    #[expect(clippy::cast_possible_wrap, reason = "a glyph is a few dozen pixels")]
                    self.blend(left + gx as i32, top + gy as i32, colour, coverage);
                });
            }
        }
    }

    /// Lines of text, the first baseline at `top` plus the face's ascent.
    fn lines(&mut self, face: Face, x: f32, top: f32, lines: &[String], colour: Rgb) {
        let mut baseline = top + face.ascent();
        for line in lines {
            self.text(face, x, baseline, line, colour);
            baseline += face.line_height();
        }
    }
}

/// A row of the chart: an article's heading, or one amount.
enum Row<'a> {
    Heading(String),
    Bar(&'a Figure),
}

/// A PNG bar chart of the figures given in US dollars, or `None` when there are none.
pub fn usd_chart(figures: &[Figure], lang: Lang) -> anyhow::Result<Option<Vec<u8>>> {
    let rows: Vec<Row<'_>> = figures
        .iter()
        .filter(|f| f.usd.is_some_and(|v| v > 0.0))
        .map(Row::Bar)
        .collect();
    chart(&rows, lang)
}

/// The most bars a chart of the story draws: twelve rows stay readable at
/// Discord's embed width.
pub const MAX_BARS: usize = 12;

/// The bars of the story's chart: from each article's key figures (its first
/// [`SHOWN`], most important first), newest article first, the amounts in
/// dollars, each subject (what it measures, for a company its label names) once
/// with its newest value, at most [`MAX_BARS`]; by article, in the order given.
pub fn story_bars(groups: &[ArticleFigures]) -> Vec<(&ArticleFigures, Vec<&Figure>)> {
    let mut subjects: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut bars = 0;
    let mut out = Vec::new();
    for g in groups {
        let mut here = Vec::new();
        for f in g.figures.iter().take(SHOWN) {
            if bars == MAX_BARS {
                break;
            }
            if !f.usd.is_some_and(|v| v > 0.0) {
                continue;
            }
            // The same measure of a company already charted: an older value.
            let companies = f.companies();
            if subjects
                .iter()
                .any(|(m, cs)| *m == f.measure() && (cs.is_empty() || cs.iter().any(|c| companies.contains(c))))
            {
                continue;
            }
            subjects.push((f.measure(), companies));
            here.push(f);
            bars += 1;
        }
        if !here.is_empty() {
            out.push((g, here));
        }
    }
    out
}

/// The same chart for the story: [`story_bars`], each article's under its
/// heading (name and date), newest article first. One article needs no heading.
pub fn usd_chart_by_article(groups: &[ArticleFigures], lang: Lang) -> anyhow::Result<Option<Vec<u8>>> {
    let charted = story_bars(groups);
    let mut rows = Vec::new();
    for (g, bars) in &charted {
        if charted.len() > 1 {
            rows.push(Row::Heading(crate::render::article_heading(g)));
        }
        rows.extend(bars.iter().map(|f| Row::Bar(f)));
    }
    chart(&rows, lang)
}

/// A row laid out: its lines of text and its height.
enum Placed {
    Heading { lines: Vec<String>, height: f32 },
    Bar(Bar),
}

/// One amount laid out: its label's lines, the amount in words, its bar.
struct Bar {
    label: Vec<String>,
    amount: String,
    usd: f64,
    status: Status,
    height: f32,
}

impl Placed {
    fn height(&self) -> f32 {
        match self {
            Placed::Heading { height, .. } | Placed::Bar(Bar { height, .. }) => *height,
        }
    }
}

/// The three sizes of text a chart uses.
#[derive(Clone, Copy)]
struct Faces {
    title: Face,
    heading: Face,
    text: Face,
}

/// The chart's own words in the reader's language: its title and what each colour means.
fn words(lang: Lang) -> (&'static str, [(Rgb, &'static str); 2]) {
    match lang {
        Lang::En => (
            "Key figures in US dollars",
            [(FACT, "stated as fact"), (REPORTED, "reported, under discussion")],
        ),
        Lang::It => (
            "Cifre chiave in dollari USA",
            [(FACT, "dato come fatto"), (REPORTED, "riportato, in discussione")],
        ),
    }
}

/// Each row's lines, wrapped to the room it has, and height.
fn place(rows: &[Row<'_>], lang: Lang, faces: Faces, full: f32) -> Vec<Placed> {
    rows.iter()
        .map(|row| match row {
            Row::Heading(text) => {
                let lines = faces.heading.wrap(text, full);
                let height = lines_height(faces.heading, lines.len()) + 2.0 * HEADING_PADDING;
                Placed::Heading { lines, height }
            }
            Row::Bar(f) => {
                let label = match lang {
                    Lang::En => &f.label,
                    Lang::It => &f.label_it,
                };
                let label = faces.text.wrap(label, LABEL_WIDTH - MARGIN - GAP);
                let usd = f.usd.unwrap_or_default();
                let height = lines_height(faces.text, label.len()).max(BAR_HEIGHT) + 2.0 * ROW_PADDING;
                Placed::Bar(Bar {
                    label,
                    amount: human_dollars(usd, lang),
                    usd,
                    status: f.status,
                    height,
                })
            }
        })
        .collect()
}

fn chart(rows: &[Row<'_>], lang: Lang) -> anyhow::Result<Option<Vec<u8>>> {
    if !rows.iter().any(|r| matches!(r, Row::Bar(_))) {
        return Ok(None);
    }
    let font = font()?;
    let faces = Faces {
        title: Face::new(font, TITLE_SIZE),
        heading: Face::new(font, HEADING_SIZE),
        text: Face::new(font, TEXT_SIZE),
    };
    let width = f32::from(u16::try_from(WIDTH)?);
    let full = width - 2.0 * MARGIN;
    let placed = place(rows, lang, faces, full);
    let (title, legend) = words(lang);
    let title_lines = faces.title.wrap(title, full);
    let title_height = lines_height(faces.title, title_lines.len());
    let body: f32 = placed.iter().map(Placed::height).sum();
    let height = MARGIN + title_height + HEADING_PADDING + body + HEADING_PADDING + faces.text.line_height() + MARGIN;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a chart is a few thousand pixels tall"
    )]
    let height = height.ceil() as u32;

    let mut canvas = Canvas::new(WIDTH, height);
    canvas.lines(faces.title, MARGIN, MARGIN, &title_lines, BLACK);
    let bars: Vec<&Bar> = placed
        .iter()
        .filter_map(|p| match p {
            Placed::Bar(bar) => Some(bar),
            Placed::Heading { .. } => None,
        })
        .collect();
    // The longest amount decides where the longest bar must stop.
    let amount_room = bars.iter().map(|b| faces.text.width(&b.amount)).fold(0.0_f32, f32::max);
    let scale = Scale {
        max: bars.iter().map(|b| b.usd).fold(0.0_f64, f64::max),
        span: width - MARGIN - LABEL_WIDTH - GAP - amount_room,
    };
    let mut top = MARGIN + title_height + HEADING_PADDING;
    for p in &placed {
        match p {
            Placed::Heading { lines, .. } => {
                canvas.fill(MARGIN, top + 2.0, width - MARGIN, top + 3.0, RULE);
                canvas.lines(faces.heading, MARGIN, top + HEADING_PADDING, lines, BLACK);
            }
            Placed::Bar(bar) => canvas.bar(faces.text, top, bar, scale),
        }
        top += p.height();
    }

    // The legend: a swatch of each colour and what it means.
    let legend_top = top + HEADING_PADDING;
    let swatch = TEXT_SIZE * 0.8;
    let swatch_top = legend_top + (faces.text.line_height() - swatch) / 2.0;
    let mut x = MARGIN;
    for (colour, meaning) in legend {
        canvas.fill(x, swatch_top, x + swatch, swatch_top + swatch, colour);
        x += swatch + 8.0;
        canvas.lines(faces.text, x, legend_top, &[meaning.to_owned()], GREY);
        x += faces.text.width(meaning) + 28.0;
    }

    encode(&canvas.pixels, WIDTH, height).map(Some)
}

/// How long a bar is: the largest amount spans `span` pixels.
#[derive(Clone, Copy)]
struct Scale {
    max: f64,
    span: f32,
}

impl Canvas {
    /// An amount's row, from `top`: its label centred on its bar, its amount after the bar.
    fn bar(&mut self, face: Face, top: f32, bar: &Bar, scale: Scale) {
        let middle = top + bar.height / 2.0;
        let label_top = middle - lines_height(face, bar.label.len()) / 2.0;
        self.lines(face, MARGIN, label_top, &bar.label, BLACK);
        #[expect(clippy::cast_possible_truncation, reason = "a bar is at most `span` pixels long")]
        let length = ((bar.usd / scale.max) * f64::from(scale.span)).max(2.0) as f32;
        let colour = match bar.status {
            Status::Fact => FACT,
            Status::Reported => REPORTED,
        };
        self.fill(
            LABEL_WIDTH,
            middle - BAR_HEIGHT / 2.0,
            LABEL_WIDTH + length,
            middle + BAR_HEIGHT / 2.0,
            colour,
        );
        let amount_top = middle - face.line_height() / 2.0;
        self.lines(
            face,
            LABEL_WIDTH + length + GAP,
            amount_top,
            std::slice::from_ref(&bar.amount),
            GREY,
        );
    }
}

/// The height of `n` lines, the first from its ascent to the last line's bottom.
fn lines_height(face: Face, n: usize) -> f32 {
    #[expect(clippy::cast_precision_loss, reason = "a few lines")]
    let n = n.max(1) as f32;
    face.line_height() * n
}

fn encode(pixels: &[u8], width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let mut writer = encoder.write_header().context("cannot encode the chart")?;
    writer.write_image_data(pixels).context("cannot encode the chart")?;
    writer.finish().context("cannot encode the chart")?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Kind;

    fn figure(label: &str, label_it: &str, usd: Option<f64>, status: Status) -> Figure {
        Figure {
            label: label.to_owned(),
            label_it: label_it.to_owned(),
            value: "x".to_owned(),
            usd,
            kind: Kind::Money,
            status,
            text: "t".to_owned(),
            doc: "d".to_owned(),
            date: None,
            paragraph: 1,
        }
    }

    fn size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width then height, big-endian.
        (
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            u32::from_be_bytes(png[20..24].try_into().unwrap()),
        )
    }

    fn face() -> Face {
        Face::new(font().unwrap(), TEXT_SIZE)
    }

    #[test]
    fn the_chart_is_a_png_that_grows_by_one_row_per_dollar_amount() {
        let one = [figure(
            "Deal — OpenAI",
            "Accordo — OpenAI",
            Some(10e9),
            Status::Reported,
        )];
        let two = [
            one[0].clone(),
            figure("Valuation — OpenAI", "Valutazione — OpenAI", Some(500e9), Status::Fact),
            figure("Exclusive rights", "Diritti esclusivi", None, Status::Fact),
        ];
        let (width, short) = size(&usd_chart(&one, Lang::It).unwrap().unwrap());
        let (_, tall) = size(&usd_chart(&two, Lang::It).unwrap().unwrap());
        assert_eq!(width, WIDTH);
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a row's height")]
        let row = (lines_height(face(), 1).max(BAR_HEIGHT) + 2.0 * ROW_PADDING) as u32;
        assert!(
            (tall - short).abs_diff(row) <= 1,
            "{short} → {tall}: one row more, none for no dollars"
        );
    }

    #[test]
    fn a_long_label_wraps_onto_more_lines_and_keeps_every_word() {
        let label = "Deal — Amazon, OpenAI, Softbank, Oracle, Nvidia, Microsoft, Broadcom, AMD";
        let lines = face().wrap(label, LABEL_WIDTH - MARGIN - GAP);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| face().width(l) <= LABEL_WIDTH - MARGIN - GAP),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), label, "nothing is cut");
        let long = [figure(label, label, Some(10e9), Status::Fact)];
        let short = [figure("Deal", "Accordo", Some(10e9), Status::Fact)];
        let (_, tall) = size(&usd_chart(&long, Lang::En).unwrap().unwrap());
        let (_, low) = size(&usd_chart(&short, Lang::En).unwrap().unwrap());
        assert!(tall > low, "the wrapped label's row is taller: {tall} vs {low}");
    }

    #[test]
    fn a_word_wider_than_a_line_is_broken_between_letters() {
        let word = "x".repeat(200);
        let lines = face().wrap(&word, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn letters_are_spaced_by_the_fonts_advances_not_rounded_pen_positions() {
        // Every pen position is the sum of the advances before it: no rounding
        // drift, so "billion" is as wide as its glyphs, and "billi" + "on" as one word.
        let f = face();
        let whole = f.width("billion");
        assert!((whole - (f.width("billi") + f.width("on"))).abs() < 0.5, "{whole}");
        let pens: Vec<f32> = f.layout("billion").iter().map(|(_, x)| *x).collect();
        assert!(pens.windows(2).all(|w| w[1] > w[0]));
        assert!(
            pens.iter().any(|x| x.fract() != 0.0),
            "positions stay fractional: {pens:?}"
        );
    }

    #[test]
    fn many_articles_chart_under_their_headings() {
        let group = |doc: &str, figures: Vec<Figure>| ArticleFigures {
            doc: doc.to_owned(),
            title: None,
            date: Some("2025-01-01".to_owned()),
            lang: Lang::En,
            figures,
        };
        let two = [
            group("a", vec![figure("Deal — A", "Accordo — A", Some(1e9), Status::Fact)]),
            group(
                "b",
                vec![
                    figure("Deal — B", "Accordo — B", Some(2e9), Status::Fact),
                    figure("Rights", "Diritti", None, Status::Fact),
                ],
            ),
            group("c", vec![figure("Rights", "Diritti", None, Status::Fact)]),
        ];
        let (_, both) = size(&usd_chart_by_article(&two, Lang::En).unwrap().unwrap());
        let (_, one) = size(&usd_chart_by_article(&two[1..], Lang::En).unwrap().unwrap());
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a row's height")]
        let row = (lines_height(face(), 1).max(BAR_HEIGHT) + 2.0 * ROW_PADDING) as u32;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a heading's height"
        )]
        let heading = (lines_height(Face::new(font().unwrap(), HEADING_SIZE), 1) + 2.0 * HEADING_PADDING) as u32;
        assert!(
            (both - one).abs_diff(row + 2 * heading) <= 2,
            "two headings and one more bar; no row for an article without dollars: {one} → {both}"
        );
    }

    /// Three articles as the engine reads them, one with a label too long for
    /// its column and one amount past a trillion: the chart the fixtures hold.
    fn story() -> Vec<ArticleFigures> {
        let group = |doc: &str, title: Option<&str>, date: &str, figures: Vec<Figure>| ArticleFigures {
            doc: doc.to_owned(),
            title: title.map(str::to_owned),
            date: Some(date.to_owned()),
            lang: Lang::En,
            figures,
        };
        vec![
            group(
                "2025-12-17-amazon-openai-deal",
                Some("Amazon e OpenAI trattano un investimento da 10 miliardi"),
                "2025-12-17",
                vec![
                    figure(
                        "Deal — Amazon, OpenAI",
                        "Accordo — Amazon, OpenAI",
                        Some(10e9),
                        Status::Reported,
                    ),
                    figure(
                        "Valuation — OpenAI",
                        "Valutazione — OpenAI",
                        Some(500e9),
                        Status::Reported,
                    ),
                    figure(
                        "Exclusive rights — Microsoft",
                        "Diritti esclusivi — Microsoft",
                        None,
                        Status::Fact,
                    ),
                    figure(
                        "Commitment — Softbank, Oracle, OpenAI, Nvidia, Microsoft, Amazon Web Services",
                        "Impegno — Softbank, Oracle, OpenAI, Nvidia, Microsoft, Amazon Web Services",
                        Some(400e9),
                        Status::Fact,
                    ),
                ],
            ),
            group(
                "2025-10-28-microsoft-openai",
                None,
                "2025-10-28",
                vec![
                    figure(
                        "Stake — Microsoft, OpenAI Group PBC",
                        "Quota — Microsoft, OpenAI Group PBC",
                        Some(135e9),
                        Status::Fact,
                    ),
                    figure(
                        "Market value — Microsoft",
                        "Valore di mercato — Microsoft",
                        Some(4e12),
                        Status::Fact,
                    ),
                ],
            ),
            group(
                "2025-10-06-amd-openai",
                None,
                "2025-10-06",
                vec![
                    figure("Shares — AMD", "Azioni — AMD", Some(600.0), Status::Fact),
                    figure(
                        "Funding — OpenAI",
                        "Finanziamento — OpenAI",
                        Some(1.5e9),
                        Status::Reported,
                    ),
                ],
            ),
        ]
    }

    /// The RGB pixels and size of a PNG.
    fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(png).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    /// The chart of [`story`] matches the committed PNG pixel for pixel (a
    /// channel may differ by 2, for another platform's float rounding). After a
    /// deliberate change, look at the new PNG and bless it:
    /// `DEALBOT_BLESS=1 cargo test --lib chart`.
    #[test]
    fn the_chart_looks_as_the_committed_fixtures_in_both_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charts");
        for (lang, name) in [(Lang::En, "figures.en.png"), (Lang::It, "figures.it.png")] {
            let png = usd_chart_by_article(&story(), lang).unwrap().unwrap();
            let path = dir.join(name);
            if std::env::var_os("DEALBOT_BLESS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &png).unwrap();
                continue;
            }
            let expected =
                std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; DEALBOT_BLESS=1 writes it", path.display()));
            let (width, height, got) = pixels(&png);
            let (ew, eh, want) = pixels(&expected);
            let differing = got
                .chunks(3)
                .zip(want.chunks(3))
                .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 2))
                .count();
            if (width, height) != (ew, eh) || differing > 0 {
                let actual = std::env::temp_dir().join(format!("dealbot-{name}"));
                std::fs::write(&actual, &png).unwrap();
                panic!(
                    "{name}: {width}x{height} with {differing} pixel(s) differing from the fixture's {ew}x{eh}; \
                     this chart is in {}; if the change is meant, DEALBOT_BLESS=1 rewrites the fixture",
                    actual.display()
                );
            }
        }
    }

    #[test]
    fn no_dollar_amounts_means_no_chart() {
        let figures = [figure("Exclusive rights", "Diritti esclusivi", None, Status::Fact)];
        assert!(usd_chart(&figures, Lang::En).unwrap().is_none());
    }

    #[test]
    fn the_story_chart_draws_at_most_twelve_bars_with_each_subjects_newest_value() {
        let group = |doc: &str, date: &str, figures: Vec<Figure>| ArticleFigures {
            doc: doc.to_owned(),
            title: None,
            date: Some(date.to_owned()),
            lang: Lang::En,
            figures,
        };
        let money = |label: &str, usd: f64| figure(label, label, Some(usd), Status::Fact);
        let many = |what: &str, n: usize| -> Vec<Figure> {
            (1..=n).map(|i| money(&format!("{what} {i} — Kestrel"), 1e9)).collect()
        };
        let story = vec![
            group("new", "2026-02-01", vec![money("Funding — Kestrel", 20e9)]),
            group("middle", "2026-01-01", many("Cost", 6)),
            group(
                "old",
                "2025-12-01",
                [vec![money("Funding — Kestrel, Lumen", 10e9)], many("Debt", 9)].concat(),
            ),
            group("oldest", "2025-11-01", many("Tax", 6)),
        ];
        let bars = story_bars(&story);
        let labels: Vec<&str> = bars
            .iter()
            .flat_map(|(_, fs)| fs.iter().map(|f| f.label.as_str()))
            .collect();
        assert_eq!(labels.len(), MAX_BARS, "{labels:#?}");
        // The round's newest value only; the old article's is the same subject.
        assert_eq!(labels.iter().filter(|l| l.starts_with("Funding")).count(), 1);
        assert!(bars[0].1[0].usd == Some(20e9));
        // Each article gives at most its key figures (its first six): "old"
        // its Debts 1-5, the twelfth bar; "oldest" none.
        assert_eq!(bars[1].1.len(), SHOWN);
        assert_eq!(bars[2].1.last().unwrap().label, "Debt 5 — Kestrel");
        assert_eq!(
            bars.iter().map(|(g, _)| g.doc.as_str()).collect::<Vec<_>>(),
            ["new", "middle", "old"]
        );
    }
}
