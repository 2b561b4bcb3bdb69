//! Sampled walks rotate (issue 21): a run draws the middle windows of its
//! sampled walks from a seed it prints, `--seed N` fetches the same pages
//! again, and another seed fetches others.

use std::collections::BTreeSet;
use std::process::Command;

const CASE: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_7";

/// The pages (`offset`s) the case's walk fetched, and what the run printed
/// on stderr.
fn offsets(seed: Option<&str>, dir: &std::path::Path, name: &str) -> (BTreeSet<u64>, String) {
    let report = dir.join(format!("{name}.json"));
    let mut args = vec![
        "run",
        "--exact",
        CASE,
        "--mock-tokens",
        "2000",
        "--json",
        report.to_str().unwrap(),
    ];
    if let Some(s) = seed {
        args.extend(["--seed", s]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(&args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let mut found = BTreeSet::new();
    let mut stack = vec![&doc];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(t) = m.get("target").and_then(|t| t.as_str()) {
                    let offset = url::Url::parse(&format!("http://x{t}"))
                        .unwrap()
                        .query_pairs()
                        .find(|(k, _)| k == "offset")
                        .and_then(|(_, v)| v.parse().ok());
                    if t.contains("limit=7") {
                        found.insert(offset.unwrap_or(0));
                    }
                }
                stack.extend(m.values());
            }
            serde_json::Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    (found, stderr)
}

#[test]
fn a_seed_repeats_the_pages_of_a_sampled_walk_and_another_seed_turns_them() {
    let dir = std::env::temp_dir().join(format!("fortiprobe-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, err) = offsets(Some("1"), &dir, "a");
    assert!(err.contains("seed 1 "), "the seed is printed: {err}");
    // 2000 tokens at 7 a page: 286 pages, 19 of them sampled.
    assert_eq!(a.len(), 19, "{a:?}");
    let (again, _) = offsets(Some("1"), &dir, "again");
    assert_eq!(a, again, "the same seed, the same pages");
    let (other, _) = offsets(Some("2"), &dir, "other");
    assert_eq!(other.len(), 19);
    assert_ne!(a, other, "another seed, other middle pages");
    let edges = |s: &BTreeSet<u64>| -> BTreeSet<u64> {
        s.iter()
            .copied()
            .filter(|o| *o < 35 || *o >= 1960)
            .collect()
    };
    assert_eq!(
        edges(&a),
        edges(&other),
        "the first and last pages every time"
    );
    let (drawn, err) = offsets(None, &dir, "drawn");
    assert_eq!(drawn.len(), 19);
    let seed = err
        .split("seed ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("a drawn seed is printed")
        .to_string();
    let (repeated, _) = offsets(Some(&seed), &dir, "repeated");
    assert_eq!(drawn, repeated, "the printed seed repeats the run");
    let _ = std::fs::remove_dir_all(&dir);
}
