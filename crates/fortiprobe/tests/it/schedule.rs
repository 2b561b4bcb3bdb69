//! How a run schedules its cases, seen from the binary: `--fail-fast` and
//! `--max-failures N` stop starting cases once enough have failed (the
//! cases not begun end ignored, saying why; a case that created something
//! still cleans up; the reports are still written), and the run's critical
//! path is in the JSON report (valid against its schema) and the summary.

use crate::support;

use std::process::{Command, Output};

use serde_json::Value;

fn fortiprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(args)
        .output()
        .expect("fortiprobe runs")
}

/// Runs fortiprobe with `args` and `--json`: its output and the report.
fn run_json(name: &str, args: &[&str]) -> (Output, Value) {
    let path = std::env::temp_dir().join(format!(
        "fortiprobe-schedule-{}-{name}.json",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--json", path.to_str().unwrap()]);
    let o = fortiprobe(&all);
    let report = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", text(&o)));
    let _ = std::fs::remove_file(&path);
    (o, report)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn schema_errors(report: &Value) -> Vec<String> {
    let path = support::project().join("docs/json-report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the report schema compiles");
    validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The cases of a report with their outcome and reason, in report order.
fn cases(report: &Value) -> Vec<(String, String, String)> {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["outcome"].as_str().unwrap().to_string(),
                c["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn failed(report: &Value) -> Vec<String> {
    cases(report)
        .into_iter()
        .filter(|(_, outcome, _)| outcome == "failed")
        .map(|(name, _, _)| name)
        .collect()
}

fn not_run(report: &Value, flag: &str) -> Vec<String> {
    cases(report)
        .into_iter()
        .filter(|(_, outcome, reason)| {
            outcome == "ignored" && reason.starts_with("not run: ") && reason.contains(flag)
        })
        .map(|(name, _, _)| name)
        .collect()
}

/// A mock whose POST of a user answers 200: the FortiAuthenticator cases
/// that create one fail. With `--fail-fast`, one at a time, the first of
/// them fails, cleans up what it created, and every case after it is not
/// run; without it, a later case fails too, so the flag changed what ran.
#[test]
fn fail_fast_stops_after_the_first_failure_and_the_failed_case_still_cleans_up() {
    let args = [
        "run",
        "--fault",
        "fac-users-post-200",
        "--test-threads",
        "1",
        "fortiauthenticator/",
    ];
    let (all, whole) = run_json("all", &args);
    assert_eq!(all.status.code(), Some(101), "{}", text(&all));
    assert!(failed(&whole).len() >= 2, "{:?}", failed(&whole));

    let mut fast_args = args.to_vec();
    fast_args.push("--fail-fast");
    let (o, report) = run_json("fast", &fast_args);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(101), "{said}");
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    let failures = failed(&report);
    assert_eq!(failures, [failed(&whole)[0].clone()], "{said}");
    assert_eq!(report["summary"]["failed"], 1);
    // The failed case created a user: its cleanup ran, and deleted it
    // (the JSON report records a failed case's exchanges).
    let first = &failures[0];
    let case = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == first.as_str())
        .unwrap();
    let deleted = case["exchanges"].as_array().is_some_and(|all| {
        all.iter().any(|e| {
            e["label"]
                .as_str()
                .unwrap_or_default()
                .starts_with("cleanup")
                && e["request"]["method"] == "DELETE"
                && e["response"]["status"] == 204
        })
    });
    assert!(deleted, "no cleanup DELETE answered 204: {case:#}\n{said}");
    assert!(!said.contains("LEFT BEHIND"), "{said}");
    // Every case after it in the run's order (the order of libtest's
    // lines, one at a time) was not run, saying why; none before it was.
    let order: Vec<&str> = said
        .lines()
        .filter_map(|l| {
            l.strip_prefix("test ")?
                .split_whitespace()
                .find(|w| w.contains('/'))
        })
        .collect();
    let at = order.iter().position(|n| n == first).unwrap();
    let stopped = not_run(&report, "--fail-fast");
    assert_eq!(stopped.len(), order.len() - at - 1, "{said}");
    for name in &order[at + 1..] {
        assert!(stopped.iter().any(|s| s == name), "{name} ran: {said}");
    }
    // The summary says the reason once, with the number of cases.
    let once = format!(
        "  {} case(s) not run: the run stopped at its first failed case (--fail-fast)",
        stopped.len()
    );
    assert_eq!(
        said.matches("the run stopped at its first").count(),
        1 + stopped.len(),
        "{said}"
    );
    assert!(said.contains(&once), "{said}");
}

/// A mock whose `next` links skip a page: every pagination walk fails.
/// `--max-failures 2` one at a time lets exactly two fail; with the
/// default number at once, the cases already running finish (so two or
/// more fail) and the others are not run; the reports are written both ways.
#[test]
fn max_failures_lets_n_cases_fail_then_starts_no_more() {
    let (o, report) = run_json(
        "max-one",
        &[
            "run",
            "--fault",
            "fac-next-skips",
            "--max-failures",
            "2",
            "--test-threads",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(101), "{}", text(&o));
    assert_eq!(failed(&report).len(), 2, "{}", text(&o));
    assert!(!not_run(&report, "--max-failures 2").is_empty());

    let (o, report) = run_json(
        "max-many",
        &["run", "--fault", "fac-next-skips", "--max-failures", "2"],
    );
    let said = text(&o);
    assert_eq!(o.status.code(), Some(101), "{said}");
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    let (failures, stopped) = (failed(&report), not_run(&report, "--max-failures 2"));
    assert!(failures.len() >= 2, "{said}");
    assert!(!stopped.is_empty(), "{said}");
    let total = report["summary"]["total"].as_u64().unwrap() as usize;
    assert_eq!(cases(&report).len(), total);
}

/// A whole run's critical path: in the JSON report (its own top-level
/// property, valid against the schema) and in the summary; its cases are
/// cases that ran, its requests no more than the run's.
#[test]
fn the_critical_path_is_reported() {
    let (o, report) = run_json("path", &["run"]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    let path = &report["critical_path"];
    let chain: Vec<&str> = path["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(!chain.is_empty());
    let ran: Vec<String> = cases(&report)
        .into_iter()
        .filter(|(_, outcome, _)| outcome == "passed")
        .map(|(name, _, _)| name)
        .collect();
    for c in &chain {
        assert!(ran.iter().any(|r| r == c), "{c} did not run");
    }
    let requests = path["requests"].as_u64().unwrap();
    assert!(requests >= chain.len() as u64);
    assert!(requests <= report["summary"]["requests"].as_u64().unwrap());
    assert!(path["duration_s"].as_f64().unwrap() <= report["duration_s"].as_f64().unwrap());
    assert!(said.contains("critical path: "), "{said}");
}
