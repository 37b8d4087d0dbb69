//! `dealbot check` as an operator runs it: one line per check, a non-zero exit
//! with the reasons when the bot could not run, and never the token.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SECRET: &str = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gsecret.do-not-print-this-token";

/// A deployment folder: `config.toml` (with `extra` appended), a copy of the
/// repository's seeds and room for the index.
fn setup(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), seeds.join(entry.file_name())).unwrap();
    }
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("seeds_dir = \"seeds\"\nindex_dir = \"index\"\n{extra}"),
    )
    .unwrap();
    (dir, config)
}

fn check(config: &Path, args: &[&str], token: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dealbot"));
    command
        .arg("--config")
        .arg(config)
        .arg("check")
        .args(args)
        .env_remove("DISCORD_TOKEN")
        .env_remove("DEALBOT_DISCORD_PROXY")
        // The most talkative logging: the token must not show even there.
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null());
    if let Some(token) = token {
        command.env("DISCORD_TOKEN", token);
    }
    command.output().unwrap()
}

/// Standard output and error together, after asserting the token is in neither.
fn both(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (name, s) in [("stdout", &stdout), ("stderr", &stderr)] {
        assert!(!s.contains(SECRET), "the token leaked to {name}: {s}");
        assert!(!s.contains("do-not-print"), "part of the token leaked to {name}: {s}");
    }
    format!("{stdout}{stderr}")
}

fn line<'a>(text: &'a str, check: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("{check}: ")))
        .unwrap_or_else(|| panic!("no `{check}:` line in:\n{text}"))
}

#[test]
fn a_good_setup_with_a_token_passes_every_check_and_names_where_the_token_comes_from() {
    let (dir, config) = setup("");
    let out = check(&config, &["--require-token"], Some(SECRET));
    let text = both(&out);
    assert!(out.status.success(), "{text}");
    assert!(line(&text, "config").contains("ok"), "{text}");
    assert!(line(&text, "seeds").contains("ok, 1 article(s)"), "{text}");
    let index = line(&text, "index");
    assert!(
        index.starts_with("index: ok, ") && index.contains(" passages"),
        "{text}"
    );
    assert_eq!(line(&text, "token"), "token: present (from DISCORD_TOKEN)");
    assert!(
        dir.path().join("index").join("manifest.json").exists(),
        "the index was built"
    );
}

#[test]
fn a_token_file_is_reported_by_its_path_never_its_content() {
    let (dir, config) = setup("[discord]\ntoken_file = \"token\"\n");
    std::fs::write(dir.path().join("token"), format!("{SECRET}\n")).unwrap();
    let out = check(&config, &["--require-token"], None);
    let text = both(&out);
    assert!(out.status.success(), "{text}");
    let token = line(&text, "token");
    assert!(token.starts_with("token: present (from token_file "), "{text}");
    assert!(
        token.contains(&dir.path().join("token").display().to_string()),
        "{text}"
    );
}

#[test]
fn a_missing_token_is_a_warning_unless_required() {
    let (_dir, config) = setup("");
    let out = check(&config, &[], None);
    let text = both(&out);
    assert!(out.status.success(), "a missing token alone is not a failure: {text}");
    let token = line(&text, "token");
    assert!(
        token.contains("missing — the bot would start the console") && token.ends_with("(warning)"),
        "{text}"
    );

    let out = check(&config, &["--require-token"], None);
    let text = both(&out);
    assert!(!out.status.success(), "{text}");
    assert!(line(&text, "token").starts_with("token: FAILED: missing"), "{text}");
    assert!(text.contains("dealbot check: failed: token"), "{text}");
}

#[test]
fn an_unreadable_token_file_fails_naming_the_file() {
    let (_dir, config) = setup("[discord]\ntoken_file = \"no-such-token\"\n");
    let out = check(&config, &[], Some(""));
    let text = both(&out);
    assert!(!out.status.success(), "{text}");
    let token = line(&text, "token");
    assert!(
        token.starts_with("token: FAILED: ") && token.contains("no-such-token"),
        "{text}"
    );
}

#[test]
fn every_bad_seed_file_is_named_and_the_check_fails() {
    let (dir, config) = setup("");
    let seeds = dir.path().join("seeds");
    std::fs::write(seeds.join("short.txt"), "Uno.\n\nDue.\n").unwrap();
    std::fs::write(seeds.join("short.en.txt"), "One.\n").unwrap();
    std::fs::write(seeds.join("blank.txt"), "\n\n").unwrap();
    let out = check(&config, &[], Some(SECRET));
    let text = both(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let seeds_line = line(&text, "seeds");
    assert!(seeds_line.starts_with("seeds: FAILED: 2 bad file(s)"), "{text}");
    assert!(
        seeds_line.contains("short.en.txt") && seeds_line.contains("does not align"),
        "{text}"
    );
    assert!(seeds_line.contains("blank.txt"), "{text}");
    assert!(line(&text, "index").contains("not checked"), "{text}");
    assert_eq!(line(&text, "token"), "token: present (from DISCORD_TOKEN)");
    assert!(text.contains("dealbot check: failed: seeds\n"), "{text}");
}

#[test]
fn a_missing_seeds_folder_fails_naming_it() {
    let (_dir, config) = setup("");
    std::fs::write(&config, "seeds_dir = \"nowhere\"\n").unwrap();
    let out = check(&config, &[], None);
    let text = both(&out);
    assert!(!out.status.success(), "{text}");
    assert!(line(&text, "seeds").contains("nowhere"), "{text}");
}

#[test]
fn an_invalid_config_fails_naming_the_key_and_still_reports_every_check() {
    let (_dir, config) = setup("[discord]\ntoken = \"x\"\n");
    let out = check(&config, &[], Some(SECRET));
    let text = both(&out);
    assert!(!out.status.success(), "{text}");
    let config_line = line(&text, "config");
    assert!(
        config_line.starts_with("config: FAILED: ") && config_line.contains("token"),
        "{text}"
    );
    for name in ["seeds", "index", "token"] {
        assert!(line(&text, name).contains("not checked"), "{text}");
    }
    assert!(text.contains("dealbot check: failed: config\n"), "{text}");
}

#[test]
fn an_explicit_config_file_that_does_not_exist_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = check(&dir.path().join("missing.toml"), &[], None);
    let text = both(&out);
    assert!(!out.status.success(), "{text}");
    assert!(line(&text, "config").contains("missing.toml"), "{text}");
}

#[test]
fn a_malformed_token_fails_as_malformed_and_is_never_printed() {
    let (dir, config) = setup("");
    for bad in ["bad", "do-not-print.only-two", "do-not-print..empty-middle"] {
        let out = check(&config, &[], Some(bad));
        let text = both(&out);
        assert!(!out.status.success(), "{bad}: {text}");
        let token = line(&text, "token");
        assert!(
            token.starts_with("token: FAILED: malformed (from DISCORD_TOKEN)"),
            "{bad}: {text}"
        );
        assert!(!token.contains(bad), "the token was printed: {text}");
        assert!(text.contains("dealbot check: failed: token\n"), "{text}");
    }

    // From a file, the file is named and its content is not.
    let file = dir.path().join("token");
    std::fs::write(&file, "do-not-print-a-client-secret\n").unwrap();
    std::fs::write(
        &config,
        "seeds_dir = \"seeds\"\nindex_dir = \"index\"\n[discord]\ntoken_file = \"token\"\n",
    )
    .unwrap();
    let out = check(&config, &[], None);
    let text = both(&out);
    assert!(!out.status.success(), "{text}");
    let token = line(&text, "token");
    assert!(
        token.starts_with("token: FAILED: malformed (from token_file "),
        "{text}"
    );
    assert!(token.contains(&file.display().to_string()), "{text}");
}
