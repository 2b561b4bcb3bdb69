//! How a run schedules its cases, seen from the binary: `--fail-fast` and
//! `--max-failures N` stop starting cases once enough have failed (the
//! cases not begun end ignored, saying why; a case that created something
//! still cleans up; the reports are still written), and the run's critical
//! path (each of its cases waited for the one before: their footprints
//! conflict) and capacity bound are in the JSON report (valid against its
//! schema) and the summary.

use crate::support;

use fortiprobe::suite::touch::Relations;
use fortiprobe::suite::{Source, Suite};

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
    // Each case of the chain waited for the one before it: their
    // footprints conflict (one writes what the other reads or writes).
    let suite = Suite::load(Source::Embedded, &[]).expect("suite");
    let relations = Relations::of(&suite.descriptions);
    let footprint = |id: &str| {
        let case = suite.cases.iter().find(|c| c.id() == id).expect("a case");
        case.footprint(&relations)
    };
    for pair in chain.windows(2) {
        let (a, b) = (footprint(pair[0]), footprint(pair[1]));
        assert!(a.conflicts(&b), "{} then {}: no conflict", pair[0], pair[1]);
    }
    // The capacity bound: the busiest product's requests over its slots.
    let cap = &report["capacity_bound"];
    let product = cap["product"].as_str().expect("a product");
    let of_product: u64 = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["product"] == product && c["outcome"] != "ignored")
        .map(|c| c["requests"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(cap["requests"].as_u64(), Some(of_product), "{cap}");
    assert_eq!(cap["slots"].as_u64(), Some(6), "{cap}");
    assert!(cap["duration_s"].as_f64().unwrap() <= report["duration_s"].as_f64().unwrap());
    let bound_by = report["bound_by"].as_str().expect("bound_by");
    let larger = if cap["duration_s"].as_f64() > path["duration_s"].as_f64() {
        "capacity_bound"
    } else {
        "critical_path"
    };
    assert_eq!(bound_by, larger);
    assert!(said.contains("capacity bound: "), "{said}");
}

/// Two writers of one listing that keep to objects of their own (the MAC
/// groups' round trip and its `Location` case: each finds its group by
/// its name, counts nothing) overlap: the run's critical path holds one of
/// them. Two that judge "creates nothing" by the listing's count (a name
/// too long, a name left out: the name cannot find what they made) follow
/// one another: it holds both.
#[test]
fn writers_on_their_own_objects_overlap_and_counting_writers_follow_one_another() {
    let chain = |filter: &str| {
        let (o, report) = run_json(
            &format!("own-{}", filter.replace('/', "-")),
            &["run", "--allow-destructive", "--framework", filter],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let ran = cases(&report)
            .into_iter()
            .filter(|(_, outcome, _)| outcome == "passed")
            .count();
        let chain: Vec<String> = report["critical_path"]["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        (ran, chain)
    };
    let (ran, own) = chain("fortiauthenticator/macgroups/create_");
    assert_eq!(ran, 2, "{own:?}");
    assert_eq!(own.len(), 1, "{own:?}");
    let (ran, counting) = chain("fortiauthenticator/macgroups/invalid_");
    assert_eq!(ran, 2, "{counting:?}");
    assert_eq!(counting.len(), 2, "{counting:?}");
}

/// The requests a run sends for one case, from its `--har` file: (label,
/// method, path with query).
fn sent(name: &str, args: &[&str]) -> (Output, Vec<(String, String, String)>) {
    let path = std::env::temp_dir().join(format!(
        "fortiprobe-schedule-{}-{name}.har",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--har", path.to_str().unwrap()]);
    let o = fortiprobe(&all);
    let har: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
        .unwrap_or_else(|e| panic!("no HAR ({e}): {}", text(&o)));
    let entries = har["log"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let requests = entries
        .iter()
        .map(|e| {
            let label = e["comment"].as_str().unwrap_or_default();
            let label = label.split(": ").nth(1).unwrap_or_default().to_string();
            let url = e["request"]["url"].as_str().unwrap_or_default();
            let at = url.find("/api/").unwrap_or(0);
            let method = e["request"]["method"].as_str().unwrap_or_default();
            (label, method.to_string(), url[at..].to_string())
        })
        .collect();
    (o, requests)
}

/// A refused create looks for what it may have made only when it did not
/// pass: against a conformant mock it sends no cleanup request; against
/// one that accepts the create, it deletes the user by its `Location` and
/// looks for it by name (nothing is left behind).
#[test]
fn a_refused_create_looks_for_a_leftover_only_when_it_did_not_pass() {
    let case = "fortiauthenticator/localusers/invalid_city_too_long_is_400";
    let (o, passing) = sent("passing", &["run", "--exact", case]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!passing.is_empty());
    assert!(
        passing
            .iter()
            .all(|(label, _, _)| !label.starts_with("cleanup")),
        "{passing:?}"
    );
    let fault = "fac-localusers-max-length-unchecked-city";
    let (o, failing) = sent("failing", &["run", "--fault", fault, "--exact", case]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(101), "{said}");
    let cleanup: Vec<(&str, &str)> = failing
        .iter()
        .filter(|(label, _, _)| label.starts_with("cleanup"))
        .map(|(_, m, p)| (m.as_str(), p.as_str()))
        .collect();
    assert!(cleanup.iter().any(|(m, _)| *m == "DELETE"), "{cleanup:?}");
    assert!(
        cleanup
            .iter()
            .any(|(m, p)| *m == "GET" && p.contains("username=")),
        "{cleanup:?}"
    );
    assert!(!said.contains("LEFT BEHIND"), "{said}");
}
