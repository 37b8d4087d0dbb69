//! The `dealbot` binary as a user runs it: `ask`, `figures`, `index`, the console,
//! and configuration errors.

#[path = "support/cli.rs"]
mod cli;

use std::process::Output;

use cli::{config, dealbot};

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn ask_json_answers_each_stdin_line_in_order_with_the_documented_fields() {
    let (_dir, config) = config();
    let questions = "Quanto vale l'accordo tra Amazon e OpenAI?\nWhat is the capital of Australia?\n\nWhich chips would OpenAI use?\n";
    let out = stdout(&dealbot(&config, &["ask", "--json"], questions));
    let answers: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), 4, "one line per question, the empty one included");
    assert_eq!(answers[0]["question"], "Quanto vale l'accordo tra Amazon e OpenAI?");
    assert_eq!(answers[0]["lang"], "it");
    assert_eq!(answers[0]["answered"], true);
    let passage = &answers[0]["passages"][0];
    assert!(passage["text"].as_str().unwrap().contains("10 miliardi di dollari"));
    assert_eq!(passage["date"], "2025-12-17");
    assert_eq!(passage["paragraph"], 1);
    assert!(passage["doc"].is_string() && passage["score"].is_number());
    assert!(passage["translation"].as_str().unwrap().contains("$10 billion"));
    assert!(passage.get("title").is_some());
    assert_eq!(answers[1]["answered"], false);
    assert_eq!(answers[1]["answer"], serde_json::Value::Null);
    assert_eq!(answers[2]["answered"], false);
    assert_eq!(answers[3]["lang"], "en");
}

#[test]
fn ask_takes_the_question_as_arguments_and_prints_the_reply() {
    let (_dir, config) = config();
    let out = stdout(&dealbot(
        &config,
        &["ask", "Why", "can't", "Amazon", "sell", "OpenAI's", "models?"],
        "",
    ));
    assert!(out.contains("Microsoft"), "{out}");
    assert!(out.contains("2025-12-17"), "the citation: {out}");
}

#[test]
fn figures_json_lists_the_story_figures_in_dollars() {
    let (_dir, config) = config();
    let out = stdout(&dealbot(&config, &["figures", "--json"], ""));
    let figures: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    for usd in [10e9, 500e9, 38e9, 400e9] {
        let f = figures.iter().find(|f| f["usd"].as_f64() == Some(usd)).unwrap();
        for key in ["label", "value", "status", "text", "doc", "date"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    assert!(
        figures
            .iter()
            .any(|f| f["value"] == "fino agli anni Trenta" && f["usd"].is_null())
    );
}

#[test]
fn index_rebuilds_and_says_what_it_indexed() {
    let (_dir, config) = config();
    let out = stdout(&dealbot(&config, &["index"], ""));
    assert!(out.contains("13 passages") && out.contains("5 figures"), "{out}");
}

#[test]
fn without_a_token_the_console_chats_and_says_so_first() {
    let (_dir, config) = config();
    let out = stdout(&dealbot(&config, &[], "Quali chip fornirebbe Amazon a OpenAI?\n"));
    let first = out.lines().next().unwrap();
    assert!(first.contains("console") && first.contains("DISCORD_TOKEN"), "{first}");
    assert!(out.contains("Trainium"), "{out}");
}

#[test]
fn an_unknown_config_key_is_an_error_naming_key_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "seeds_dirr = \"seeds\"\n").unwrap();
    let out = dealbot(&path, &["figures"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("seeds_dirr") && err.contains("bad.toml"), "{err}");
}
