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

/// The figures of `figures --json`, whose articles each carry theirs.
fn figures_of(articles: &[serde_json::Value]) -> Vec<serde_json::Value> {
    articles
        .iter()
        .flat_map(|a| a["figures"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn figures_json_lists_the_story_figures_in_dollars() {
    let (_dir, config) = config();
    let out = stdout(&dealbot(&config, &["figures", "--json"], ""));
    let articles: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let figures = figures_of(&articles);
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
fn figures_in_italian_reads_italian_labels_and_amounts_and_writes_the_chart() {
    let (dir, config) = config();
    let chart = dir.path().join("chart.png");
    let chart_arg = chart.to_str().unwrap();
    let out = stdout(&dealbot(
        &config,
        &["figures", "--lang", "it", "--chart", chart_arg],
        "",
    ));
    assert!(out.contains("Accordo — Amazon, OpenAI"), "{out}");
    assert!(out.contains("(10 miliardi di dollari)"), "{out}");
    assert!(!out.contains("($10 billion)"), "{out}");
    let png = std::fs::read(&chart).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");

    let out = stdout(&dealbot(&config, &["figures"], ""));
    assert!(
        out.contains("Deal — Amazon, OpenAI") && out.contains("($10 billion)"),
        "{out}"
    );
    let out = dealbot(&config, &["figures", "--lang", "fr"], "");
    assert!(!out.status.success());
}

#[test]
fn figures_json_groups_any_articles_figures_by_article_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    std::fs::write(
        seeds.join("2025-05-02-terna.txt"),
        "---\ntitle: Terna e Enel, il piano per la rete\ndate: 2025-05-02\n---\n\
         Terna ha firmato con Enel un contratto da 3 miliardi di euro per nuove linee elettriche. \
         Enel detiene una quota del 12 per cento nella nuova società.\n\n\
         Il piano prevede 800 megawatt di nuova capacità in Sicilia, quasi tre volte quella di oggi. \
         La rete servirà 2 milioni di famiglie.\n",
    )
    .unwrap();
    std::fs::write(
        seeds.join("2025-06-10-vestas.txt"),
        " date 2025-06-10 Vestas agreed a $2 billion contract with Orsted to supply 300 turbines. \
         The turbines add 1.2 GW of capacity. Vestas shares rose 7% on the news, and orders have doubled in a year.\n",
    )
    .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "seeds_dir = \"seeds\"\nindex_dir = \"index\"\n").unwrap();
    let out = stdout(&dealbot(&config, &["figures", "--json"], ""));
    let articles: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let heads: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|a| {
            (
                a["doc"].as_str().unwrap(),
                a["date"].as_str().unwrap(),
                a["lang"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        heads,
        [
            ("2025-06-10-vestas", "2025-06-10", "en"),
            ("2025-05-02-terna", "2025-05-02", "it")
        ],
        "newest first, each with its date and language"
    );
    assert_eq!(articles[0]["title"], serde_json::Value::Null);
    assert_eq!(articles[1]["title"], "Terna e Enel, il piano per la rete");
    let figures = figures_of(&articles);
    let find = |value: &str| {
        figures
            .iter()
            .find(|f| f["value"].as_str().unwrap().contains(value))
            .unwrap_or_else(|| panic!("no figure {value} in {figures:#?}"))
    };
    for (value, kind, label, doc, date) in [
        (
            "12 per cento",
            "percent",
            "Stake — Enel",
            "2025-05-02-terna",
            "2025-05-02",
        ),
        (
            "quasi tre volte",
            "multiple",
            "Capacity",
            "2025-05-02-terna",
            "2025-05-02",
        ),
        ("800 megawatt", "capacity", "Capacity", "2025-05-02-terna", "2025-05-02"),
        (
            "2 milioni di famiglie",
            "count",
            "Families",
            "2025-05-02-terna",
            "2025-05-02",
        ),
        ("7%", "percent", "Shares — Vestas", "2025-06-10-vestas", "2025-06-10"),
        ("doubled", "multiple", "Orders", "2025-06-10-vestas", "2025-06-10"),
        ("1.2 GW", "capacity", "Capacity", "2025-06-10-vestas", "2025-06-10"),
        (
            "300 turbines",
            "count",
            "Turbines — Vestas, Orsted",
            "2025-06-10-vestas",
            "2025-06-10",
        ),
        (
            "$2 billion",
            "money",
            "Contract — Vestas, Orsted",
            "2025-06-10-vestas",
            "2025-06-10",
        ),
    ] {
        let f = find(value);
        assert_eq!(f["kind"], kind, "{f}");
        assert!(f["label"].as_str().unwrap().starts_with(label), "{f}");
        assert_eq!((f["doc"].as_str(), f["date"].as_str()), (Some(doc), Some(date)), "{f}");
    }
    assert_eq!(find("$2 billion")["usd"], 2e9);
    assert!(find("3 miliardi di euro")["usd"].is_null(), "euros are not dollars");
    assert!(find("12 per cento")["usd"].is_null());
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

/// A config file over the repository's seeds and the two Halvorsen articles of
/// `tests/timeline/` (talks at $4 billion, then a raised offer of $5.5 billion).
fn timeline_config() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["seeds", "tests/timeline"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "seeds_dir = \"seeds\"\nindex_dir = \"index\"\n").unwrap();
    (dir, config)
}

#[test]
fn ask_json_gives_the_earlier_values_only_when_an_older_article_differs() {
    let (_dir, config) = timeline_config();
    let questions =
        "How much is the deal between Halvorsen and Brightwater worth?\nQuanto vale l'accordo tra Amazon e OpenAI?\n";
    let out = stdout(&dealbot(&config, &["ask", "--json"], questions));
    let answers: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers[0]["passages"][0]["date"], "2026-03-10", "{}", answers[0]);
    let earlier = answers[0]["earlier"].as_array().expect("an earlier list");
    assert_eq!(earlier.len(), 1, "{}", answers[0]);
    assert_eq!(earlier[0]["value"], "$4 billion");
    assert_eq!(earlier[0]["usd"], 4e9);
    assert_eq!(earlier[0]["date"], "2026-02-02");
    assert_eq!(earlier[0]["title"], "Halvorsen in talks to buy Brightwater Robotics");
    assert_eq!(earlier[0]["doc"], "2026-02-02-halvorsen-brightwater-talks");
    assert_eq!(earlier[0]["lang"], "en");
    assert!(
        earlier[0]["text"]
            .as_str()
            .unwrap()
            .contains("in talks to buy Brightwater")
    );
    assert!(earlier[0]["label"].as_str().unwrap().contains("Halvorsen"));
    assert_eq!(answers[1]["answered"], true);
    assert!(
        answers[1].get("earlier").is_none(),
        "left out when empty: {}",
        answers[1]
    );
}

#[test]
fn ask_prints_the_earlier_value_after_the_citation() {
    let (_dir, config) = timeline_config();
    let out = stdout(&dealbot(
        &config,
        &["ask", "Quanto vale l'accordo tra Halvorsen e Brightwater?"],
        "",
    ));
    let citation = out
        .find("— Halvorsen raises its offer for Brightwater · 2026-03-10")
        .expect(&out);
    let earlier = out
        .find("In precedenza: 4 miliardi di dollari — 2026-02-02, Halvorsen in talks to buy Brightwater Robotics")
        .expect(&out);
    assert!(citation < earlier, "{out}");
}
