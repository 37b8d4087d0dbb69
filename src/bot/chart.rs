//! The `/figures` chart: one horizontal bar per amount in US dollars, drawn in
//! process with plotters and encoded as PNG. The font (`DejaVu Sans`, `Bitstream Vera`
//! licence in `fonts/LICENSE-DejaVu`) is compiled into the binary: nothing is read
//! or fetched at run time.

use std::sync::OnceLock;

use anyhow::{Context as _, anyhow};
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use crate::engine::{ArticleFigures, Figure, Lang, Status};
use crate::render::human_usd;

const FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

const WIDTH: u32 = 900;
const ROW: u32 = 56;
const TOP: u32 = 64;
const LABEL_WIDTH: u32 = 300;
/// Room right of the longest bar for its value.
const VALUE_WIDTH: u32 = 170;

/// The file name the embed refers to as `attachment://figures.png`.
pub const FILE_NAME: &str = "figures.png";

fn register() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    if *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok()) {
        Ok(())
    } else {
        Err(anyhow!("the shipped font is unreadable"))
    }
}

/// `text` cut to `max` characters, with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
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

/// The same chart for many articles: each article's amounts under its heading
/// (name and date), newest article first. One article needs no heading.
pub fn usd_chart_by_article(groups: &[ArticleFigures], lang: Lang) -> anyhow::Result<Option<Vec<u8>>> {
    let charted: Vec<&ArticleFigures> = groups
        .iter()
        .filter(|g| g.figures.iter().any(|f| f.usd.is_some_and(|v| v > 0.0)))
        .collect();
    let mut rows = Vec::new();
    for g in &charted {
        if charted.len() > 1 {
            rows.push(Row::Heading(crate::render::article_heading(g)));
        }
        rows.extend(
            g.figures
                .iter()
                .filter(|f| f.usd.is_some_and(|v| v > 0.0))
                .map(Row::Bar),
        );
    }
    chart(&rows, lang)
}

fn chart(rows: &[Row<'_>], lang: Lang) -> anyhow::Result<Option<Vec<u8>>> {
    if !rows.iter().any(|r| matches!(r, Row::Bar(_))) {
        return Ok(None);
    }
    register()?;
    let count = u32::try_from(rows.len()).context("too many figures to chart")?;
    let height = TOP + count * ROW + 40;
    let mut pixels = vec![0_u8; (WIDTH * height * 3) as usize];
    draw(&mut pixels, height, rows, lang).map_err(|e| anyhow!("cannot draw the chart: {e}"))?;
    encode(&pixels, WIDTH, height).map(Some)
}

fn draw(pixels: &mut [u8], height: u32, rows: &[Row<'_>], lang: Lang) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(pixels, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let title = match lang {
        Lang::En => "Key figures in US dollars",
        Lang::It => "Cifre chiave in dollari USA",
    };
    root.draw(&Text::new(title, (20, 18), (FAMILY, 26).into_font().color(&BLACK)))?;
    let max = rows
        .iter()
        .filter_map(|r| match r {
            Row::Bar(f) => f.usd,
            Row::Heading(_) => None,
        })
        .fold(0.0_f64, f64::max);
    let span = f64::from(WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20);
    let heading_font = (FAMILY, 19).into_font().color(&BLACK);
    let label_font = (FAMILY, 17).into_font().color(&BLACK);
    let value_font = (FAMILY, 17).into_font().color(&RGBColor(60, 60, 60));
    for (i, row) in rows.iter().enumerate() {
        let top = i32::try_from(TOP + u32::try_from(i)? * ROW)?;
        let f = match row {
            Row::Heading(heading) => {
                root.draw(&Text::new(shorten(heading, 80), (20, top + 24), heading_font.clone()))?;
                continue;
            }
            Row::Bar(f) => f,
        };
        let usd = f.usd.unwrap_or_default();
        let x0 = i32::try_from(LABEL_WIDTH)?;
        #[expect(clippy::cast_possible_truncation, reason = "a bar is at most `span` pixels long")]
        let length = ((usd / max) * span).round().max(2.0) as i32;
        let colour = match f.status {
            Status::Fact => RGBColor(88, 101, 242),
            Status::Reported => RGBColor(242, 169, 0),
        };
        let label = match lang {
            Lang::En => &f.label,
            Lang::It => &f.label_it,
        };
        root.draw(&Text::new(shorten(label, 30), (20, top + 15), label_font.clone()))?;
        root.draw(&Rectangle::new(
            [(x0, top + 6), (x0 + length, top + 40)],
            colour.filled(),
        ))?;
        let value = format!("${}", human_usd(usd, crate::engine::Lang::En));
        root.draw(&Text::new(value, (x0 + length + 10, top + 15), value_font.clone()))?;
    }
    let legend = match lang {
        Lang::En => "blue: stated as fact · amber: reported, under discussion",
        Lang::It => "blu: dato come fatto · ambra: riportato, in discussione",
    };
    let bottom = i32::try_from(height)? - 30;
    root.draw(&Text::new(legend, (20, bottom), value_font))?;
    root.present()?;
    Ok(())
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

    fn figure(label: &str, usd: Option<f64>, status: Status) -> Figure {
        Figure {
            label: label.to_owned(),
            label_it: label.to_owned(),
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

    #[test]
    fn the_chart_is_a_png_with_one_row_per_dollar_amount() {
        let figures = [
            figure("Deal — OpenAI", Some(10e9), Status::Reported),
            figure(
                "Valuation — OpenAI, a label far too long to fit",
                Some(500e9),
                Status::Fact,
            ),
            figure("Exclusive rights", None, Status::Fact),
        ];
        let png = usd_chart(&figures, Lang::It).unwrap().unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width then height, big-endian.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), WIDTH);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), TOP + 2 * ROW + 40);
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
        let height = |png: &[u8]| u32::from_be_bytes(png[20..24].try_into().unwrap());
        let two = [
            group("a", vec![figure("Deal — A", Some(1e9), Status::Fact)]),
            group(
                "b",
                vec![
                    figure("Deal — B", Some(2e9), Status::Fact),
                    figure("Rights", None, Status::Fact),
                ],
            ),
            group("c", vec![figure("Rights", None, Status::Fact)]),
        ];
        let png = usd_chart_by_article(&two, Lang::En).unwrap().unwrap();
        assert_eq!(
            height(&png),
            TOP + 4 * ROW + 40,
            "two headings, two bars; no row for an article without dollars"
        );
        let png = usd_chart_by_article(&two[1..], Lang::En).unwrap().unwrap();
        assert_eq!(height(&png), TOP + ROW + 40, "one article needs no heading");
    }

    #[test]
    fn no_dollar_amounts_means_no_chart() {
        let figures = [figure("Exclusive rights", None, Status::Fact)];
        assert!(usd_chart(&figures, Lang::En).unwrap().is_none());
    }

    #[test]
    fn shorten_marks_the_cut() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
