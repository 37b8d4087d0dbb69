//! Running the `dealbot` binary as a user does, for the command-line test
//! binaries (`#[path]`-included: they need none of the Discord server).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A config file pointing at the repository's seeds, a temporary index and the
/// default gaps database (beside the index).
pub fn config() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!("seeds_dir = {:?}\nindex_dir = \"index\"\n", seeds.display().to_string()),
    )
    .unwrap();
    (dir, path)
}

/// Runs `dealbot --config CONFIG ARGS…` with `stdin`, no token, and waits for it.
pub fn dealbot(config: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dealbot"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("DISCORD_TOKEN")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}
