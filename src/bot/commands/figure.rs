//! `/figure`: one key figure with its sentence, picked with autocomplete.

use serenity::all::{AutocompleteChoice, CreateAutocompleteResponse};

use super::{Context, Error};
use crate::bot::card;
use crate::bot::locale::{self, phrases};
use crate::engine::Figure;
use crate::render::{fit, limits};

/// Discord's limits on autocomplete.
const MAX_CHOICES: usize = 25;
const MAX_CHOICE_CHARS: usize = 100;

/// How a figure is offered and typed: `"{label}: {value}"`, at most 100 characters.
pub fn choice(f: &Figure) -> String {
    let full = format!("{}: {}", f.label, f.value);
    if full.chars().count() <= MAX_CHOICE_CHARS {
        return full;
    }
    let mut cut: String = full.chars().take(MAX_CHOICE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The choices matching what the user has typed so far (case-insensitive, anywhere).
pub fn choices(figures: &[Figure], partial: &str) -> Vec<String> {
    let partial = partial.trim().to_lowercase();
    figures
        .iter()
        .map(choice)
        .filter(|c| c.to_lowercase().contains(&partial))
        .take(MAX_CHOICES)
        .collect()
}

/// The figure a typed name means: an exact choice, else the first whose choice
/// contains it (case-insensitive).
pub fn find<'a>(figures: &'a [Figure], name: &str) -> Option<&'a Figure> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let lower = name.to_lowercase();
    figures
        .iter()
        .find(|f| choice(f) == name)
        .or_else(|| figures.iter().find(|f| choice(f).to_lowercase().contains(&lower)))
}

#[expect(clippy::unused_async, reason = "poise calls autocomplete functions as async")]
async fn autocomplete_figure(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let choices = choices(&ctx.data().engine.snapshot().figures, partial)
        .into_iter()
        .map(|c| AutocompleteChoice::new(c.clone(), c))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// One key figure with the sentence it comes from.
#[poise::command(
    slash_command,
    name_localized("it", "cifra"),
    description_localized("it", "Una cifra chiave con la frase da cui viene.")
)]
pub async fn figure(
    ctx: Context<'_>,
    #[description = "The figure (start typing to see them)"]
    #[name_localized("it", "nome")]
    #[description_localized("it", "La cifra (inizia a scrivere per vederle)")]
    #[autocomplete = "autocomplete_figure"]
    name: String,
) -> Result<(), Error> {
    let lang = locale::lang(ctx.locale());
    let snapshot = ctx.data().engine.snapshot();
    let Some(found) = find(&snapshot.figures, &name) else {
        let p = phrases(lang);
        let known: Vec<String> = snapshot.figures.iter().map(|f| format!("- {}", choice(f))).collect();
        let text = format!(
            "{} \"{}\". {}:\n{}",
            p.no_such_figure,
            crate::render::escape(&name),
            p.known_figures,
            known.join("\n")
        );
        ctx.send(
            poise::CreateReply::default()
                .content(fit(&text, limits::CONTENT))
                .ephemeral(true),
        )
        .await?;
        return Ok(());
    };
    let card = card::figure(found, lang, &snapshot.built_at);
    ctx.send(poise::CreateReply::default().embed(card.embed())).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Kind, Status};

    fn figure(label: &str, value: &str) -> Figure {
        Figure {
            label: label.to_owned(),
            label_it: label.to_owned(),
            value: value.to_owned(),
            usd: None,
            kind: Kind::Money,
            status: Status::Fact,
            text: "t".to_owned(),
            doc: "d".to_owned(),
            date: None,
            paragraph: 1,
        }
    }

    #[test]
    fn autocomplete_offers_at_most_25_choices_of_at_most_100_characters() {
        let many: Vec<Figure> = (0..40)
            .map(|i| figure(&format!("Deal {i} {}", "x".repeat(200)), "1"))
            .collect();
        let offered = choices(&many, "deal");
        assert_eq!(offered.len(), 25);
        assert!(offered.iter().all(|c| c.chars().count() <= 100));
    }

    #[test]
    fn autocomplete_filters_case_insensitively() {
        let figures = [
            figure("Deal — OpenAI", "10 miliardi"),
            figure("Valuation — OpenAI", "500 miliardi"),
        ];
        assert_eq!(choices(&figures, "VALU"), vec!["Valuation — OpenAI: 500 miliardi"]);
        assert_eq!(choices(&figures, "").len(), 2);
    }

    #[test]
    fn a_typed_name_finds_its_figure_or_nothing() {
        let figures = [
            figure("Deal — OpenAI", "10 miliardi"),
            figure("Valuation — OpenAI", "500 miliardi"),
        ];
        assert_eq!(
            find(&figures, "Valuation — OpenAI: 500 miliardi").unwrap().label,
            "Valuation — OpenAI"
        );
        assert_eq!(find(&figures, "deal").unwrap().label, "Deal — OpenAI");
        assert!(find(&figures, "pizza").is_none());
        assert!(find(&figures, "  ").is_none());
    }
}
