//! What a figure is: its kind, whether it is stated or reported, its label,
//! value and sentence, and its value as numbers for comparing two figures.

use serde::{Deserialize, Serialize};

use super::amount::{NUMBER, amounts, parse_number, scale_of};
use crate::engine::text::words;

/// Whether the article states a figure or only reports it as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Under discussion, hypothetical, or attributed ("secondo…", conditional mood).
    Reported,
    Fact,
}

/// What kind of number a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An amount of money: "10 miliardi di dollari", "$38 billion".
    Money,
    /// "27%", "il 24 per cento", "two to three percentage points".
    Percent,
    /// How many times something else: "quasi cinque volte", "il doppio", "twice".
    Multiple,
    /// Energy or computing capacity: "10 gigawatt", "500 MW".
    Capacity,
    /// A number of things, with the thing: "700 milioni di utenti".
    Count,
    /// A span of time or a year: "fino agli anni Trenta", "five years", "2027".
    Period,
    /// A day: "17 dicembre 2025".
    Date,
}

/// One key figure of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What it measures and whose it is: `Deal — Amazon, OpenAI`.
    pub label: String,
    /// The same in Italian: `Accordo — Amazon, OpenAI`.
    pub label_it: String,
    /// As written in the article: "10 miliardi di dollari".
    pub value: String,
    /// The amount in US dollars, when the article gives one in dollars.
    pub usd: Option<f64>,
    pub kind: Kind,
    pub status: Status,
    /// The sentence it comes from, verbatim.
    pub text: String,
    pub doc: String,
    pub date: Option<String>,
    pub paragraph: u32,
}

impl Figure {
    /// What it measures: its label before the companies (`Deal`).
    pub fn measure(&self) -> &str {
        self.label
            .split_once(" — ")
            .map_or(self.label.as_str(), |(what, _)| what)
    }

    /// Whether its sentence says what it measures: "Amount — xAI" says only
    /// that it is money. A capacity is a capacity whatever it powers.
    pub fn measured(&self) -> bool {
        self.kind == Kind::Capacity || self.measure() != super::label::unmeasured(self.kind).0
    }

    /// Whose it is: the companies its label names (`["Amazon", "OpenAI"]`).
    pub fn companies(&self) -> Vec<&str> {
        self.label
            .split_once(" — ")
            .map(|(_, names)| names.split(", ").collect())
            .unwrap_or_default()
    }

    /// Its value as numbers, for telling whether two figures of the same thing
    /// agree: a money amount as its value and currency ("10 miliardi di
    /// dollari" and "$10 billion" agree), any other figure as the numbers it is
    /// written with, scaled by its scale words ("700 milioni", "1.5 GW"). `None`
    /// when it is written in words only ("quasi cinque volte"): such a value
    /// cannot be compared.
    pub fn quantity(&self) -> Option<Quantity> {
        if self.kind == Kind::Money {
            let found = amounts(&self.value);
            let first = found.first()?;
            return Some(Quantity {
                numbers: found.iter().map(|a| a.value).collect(),
                unit: first.currency,
            });
        }
        let ws = words(&self.value);
        let scale: f64 = ws
            .iter()
            .map(|w| match w.folded.as_str() {
                "gw" | "gigawatt" | "gigawatts" => 1e3,
                other => scale_of(other).unwrap_or(1.0),
            })
            .product();
        let numbers: Vec<f64> = NUMBER
            .find_iter(&self.value)
            .filter_map(|m| parse_number(m.as_str(), false))
            .map(|n| n * scale)
            .collect();
        (!numbers.is_empty()).then_some(Quantity { numbers, unit: None })
    }
}

/// A figure's value as numbers ([`Figure::quantity`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub numbers: Vec<f64>,
    /// The currency of a money amount.
    pub unit: Option<&'static str>,
}
