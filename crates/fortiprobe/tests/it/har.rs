//! `--har FILE`: a run's exchanges as HAR 1.2, valid against the HAR
//! schema (vendored in tests/data/har-schema, see its README), with an
//! entry per recorded exchange pointing at its case's page, and no secret
//! in it (the secrets test reads it too).

use crate::support;

use std::process::Command;

use serde_json::{json, Value};

/// The vendored HAR schema as one document: every `{"$ref": "x.json#"}`
/// replaced by the schema of `x.json` (the files refer to each other by
/// relative ids and hold no cycle).
fn har_schema() -> Value {
    fn load(name: &str) -> Value {
        let path = support::crate_dir()
            .join("tests/data/har-schema")
            .join(name);
        let text = std::fs::read_to_string(&path).expect("vendored HAR schema");
        let mut v: Value = serde_json::from_str(&text).expect("JSON");
        if let Some(o) = v.as_object_mut() {
            o.remove("$id");
            o.remove("$schema");
        }
        inline(&mut v);
        v
    }
    fn inline(v: &mut Value) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    let file = r.trim_end_matches('#').to_string();
                    *v = load(&file);
                    return;
                }
                o.values_mut().for_each(inline);
            }
            Value::Array(a) => a.iter_mut().for_each(inline),
            _ => {}
        }
    }
    load("har.json")
}

fn har_errors(doc: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft6)
        .should_validate_formats(true)
        .build(&har_schema())
        .expect("the HAR schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect()
}

fn run_with_har(extra: &[&str]) -> (std::process::Output, Value) {
    let dir = std::env::temp_dir().join(format!("fortiprobe-har-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("run.har");
    let mut args = vec!["run", "--har", file.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let o = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(&args)
        .output()
        .expect("runs");
    let text = std::fs::read_to_string(&file).expect("the HAR file is written");
    (
        o,
        serde_json::from_str(&text).expect("the HAR file is JSON"),
    )
}

#[test]
fn a_failing_run_gives_a_har_valid_against_the_har_schema() {
    let (o, har) = run_with_har(&[
        "--fault",
        "fac-next-loses-filters",
        "fortitokens_pagination/walk_limit_2",
    ]);
    assert_eq!(
        o.status.code(),
        Some(101),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let errors = har_errors(&har);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let log = &har["log"];
    assert_eq!(log["version"], "1.2");
    let pages = log["pages"].as_array().expect("pages");
    let entries = log["entries"].as_array().expect("entries");
    assert!(pages.len() >= 2, "one page per case that sent something");
    assert!(entries.len() > pages.len(), "{} entries", entries.len());
    let ids: Vec<&Value> = pages.iter().map(|p| &p["id"]).collect();
    for e in entries {
        assert!(ids.contains(&&e["pageref"]), "{e}");
        let url = e["request"]["url"].as_str().expect("url");
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert_eq!(
            e["request"]["headers"][0]["value"], "Basic [redacted]",
            "{e}"
        );
    }
    let filtered = entries
        .iter()
        .find(|e| {
            e["request"]["url"]
                .as_str()
                .is_some_and(|u| u.contains("status="))
        })
        .expect("the filtered walk's first page");
    let query = filtered["request"]["queryString"]
        .as_array()
        .expect("query");
    assert!(query.iter().any(|q| q["name"] == "status"), "{query:?}");
    let body: Value = serde_json::from_str(
        filtered["response"]["content"]["text"]
            .as_str()
            .expect("text"),
    )
    .expect("a whole listing page");
    assert!(body["objects"].is_array());
}

/// What a breakage is, and how to make it.
type Breakage = (&'static str, fn(&mut Value));

#[test]
fn the_har_schema_check_is_not_vacuous() {
    let (_, good) = run_with_har(&["fortiportal/tokens/login_logout_with_ttl"]);
    assert!(har_errors(&good).is_empty());
    let breakages: Vec<Breakage> = vec![
        ("no version", |h| {
            h["log"].as_object_mut().map(|o| o.remove("version"));
        }),
        ("an entry without a request", |h| {
            h["log"]["entries"][0]
                .as_object_mut()
                .map(|o| o.remove("request"));
        }),
        ("a status that is text", |h| {
            h["log"]["entries"][0]["response"]["status"] = json!("200")
        }),
        ("a start that is no date", |h| {
            h["log"]["entries"][0]["startedDateTime"] = json!("yesterday")
        }),
        ("a header without value", |h| {
            h["log"]["entries"][0]["request"]["headers"] = json!([{"name": "x"}])
        }),
    ];
    for (what, breakage) in breakages {
        let mut h = good.clone();
        breakage(&mut h);
        assert_ne!(h, good, "{what}: the breakage changed nothing");
        assert!(!har_errors(&h).is_empty(), "{what}: not rejected");
    }
}
