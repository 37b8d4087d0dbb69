//! `deploy/dealbot.service`: the systemd unit the README installs. Its contents
//! are checked everywhere; `systemd-analyze verify` runs when the tool is present.

use std::path::Path;
use std::process::Command;

fn unit() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/dealbot.service"))
        .expect("deploy/dealbot.service exists")
}

/// The values of `key` in `section`, in order (a key may repeat, as `SystemCallFilter=`).
fn values(unit: &str, section: &str, key: &str) -> Vec<String> {
    let mut current = "";
    let mut out = Vec::new();
    for line in unit.lines().map(str::trim) {
        if line.starts_with('[') && line.ends_with(']') {
            current = line;
        } else if current == format!("[{section}]")
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == key
        {
            out.push(v.trim().to_owned());
        }
    }
    out
}

fn value(unit: &str, key: &str) -> String {
    let mut all = values(unit, "Service", key);
    assert_eq!(all.len(), 1, "exactly one {key}= in [Service], found {all:?}");
    all.remove(0)
}

#[test]
fn the_unit_runs_as_a_dedicated_user_with_the_token_from_an_environment_file() {
    let unit = unit();
    assert_eq!(value(&unit, "User"), "dealbot");
    assert!(!value(&unit, "EnvironmentFile").is_empty());
    assert!(
        unit.lines()
            .all(|l| l.trim_start().starts_with('#') || !l.contains("DISCORD_TOKEN")),
        "no token in the unit itself"
    );
    assert!(!value(&unit, "WorkingDirectory").is_empty());
    assert!(value(&unit, "ExecStart").contains("dealbot"));
    assert!(
        value(&unit, "ExecStartPre").contains("check --require-token"),
        "the unit refuses to start without a token or with broken seeds"
    );
}

#[test]
fn the_unit_restarts_on_failure_and_stops_with_sigterm() {
    let unit = unit();
    assert_eq!(value(&unit, "Restart"), "on-failure");
    assert_eq!(value(&unit, "KillSignal"), "SIGTERM");
    assert_eq!(values(&unit, "Install", "WantedBy"), ["multi-user.target"]);
}

#[test]
fn the_unit_is_hardened() {
    let unit = unit();
    for (key, expected) in [
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectControlGroups", "yes"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("LockPersonality", "yes"),
        ("MemoryDenyWriteExecute", "yes"),
        ("CapabilityBoundingSet", ""),
    ] {
        assert_eq!(value(&unit, key), expected, "{key}");
    }
    assert!(values(&unit, "Service", "SystemCallFilter").contains(&"@system-service".to_owned()));
    // With ProtectSystem=strict the index folder is the one place the bot writes.
    let writable = value(&unit, "ReadWritePaths");
    let index = Path::new(&value(&unit, "WorkingDirectory")).join("index");
    assert_eq!(Path::new(&writable), index);
}

#[test]
fn systemd_analyze_verify_accepts_the_unit() {
    let found = Command::new("systemd-analyze").arg("--version").output();
    if !found.is_ok_and(|o| o.status.success()) {
        println!("systemd-analyze not found: skipping `systemd-analyze verify` (the content checks still ran)");
        return;
    }
    // verify checks that the commands exist: point them at the binary under test.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dealbot.service");
    std::fs::write(
        &path,
        unit().replace("/usr/local/bin/dealbot", env!("CARGO_BIN_EXE_dealbot")),
    )
    .unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "systemd-analyze verify failed:\n{stderr}");
    let complaints: Vec<&str> = stderr.lines().filter(|l| l.contains("dealbot.service")).collect();
    assert!(complaints.is_empty(), "systemd-analyze verify complains:\n{stderr}");
}
