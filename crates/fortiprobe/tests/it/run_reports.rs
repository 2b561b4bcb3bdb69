//! The reports of real runs of the binary: `--html` and `--json` with the
//! exchanges of a failing case (its curl lines, no secret, tokens issued
//! during the run redacted), `-v` and `-vv`, every report written when a
//! product is unreachable (exit 3), requests counted per case adding up to
//! the run's total, and no progress line when stderr is not a terminal.

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Output};

use base64::Engine as _;
use fortiprobe_mock::{faults::Fault, MockOptions};
use scraper::{Html, Selector};

fn fortiprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(args)
        .output()
        .expect("fortiprobe runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn out_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fortiprobe-runrep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("dir");
    d
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Every form a secret could travel in.
fn forms(user: &str, secret: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    vec![
        secret.to_string(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        b64.encode(secret),
        b64.encode(format!("{user}:{secret}")),
    ]
}

/// A run against a mock with `fac-next-skips` (the pagination walks
/// fail), through a target file: the HTML report holds the failing case's
/// exchanges with their curl lines, and neither it, the JSON report nor
/// the output holds a configured secret or a token issued during the run.
#[test]
fn reports_of_a_failing_run_hold_its_exchanges_and_no_secret() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let options = MockOptions {
        faults: [Fault::from_name("fac-next-skips").expect("fault")].into(),
        ..MockOptions::default()
    };
    let m = rt.block_on(support::start_mock(options));
    let c = m.credentials().clone();
    let dir = out_dir("failing");
    let target = dir.join("target.yaml");
    let yaml = fortiprobe::embedded::mock_target_yaml(&m.url(), &c, None);
    std::fs::write(&target, yaml).expect("target file");
    let (html, json) = (dir.join("report.html"), dir.join("report.json"));
    let o = fortiprobe(&[
        "run",
        "--config",
        path(&target),
        "--allow-destructive",
        "--html",
        path(&html),
        "--json",
        path(&json),
        "-vv",
    ]);
    assert_eq!(o.status.code(), Some(101), "{}", stdout(&o));
    let html = std::fs::read_to_string(&html).expect("html written");
    let json = std::fs::read_to_string(&json).expect("json written");
    let mut everything = format!("{html}{json}{}", stdout(&o));
    everything.push_str(&String::from_utf8_lossy(&o.stderr));
    let mut secrets = forms(&c.fac_username, &c.fac_api_key);
    secrets.extend(forms(&c.ftc_client_id, &c.ftc_client_secret));
    secrets.extend(forms(&c.fpc_username, &c.fpc_password));
    for s in &secrets {
        assert!(!everything.contains(s.as_str()), "secret form {s:?} shown");
    }
    failing_case_in_html(&html);
    issued_tokens_redacted(&json);
    rt.block_on(m.shutdown());
}

fn failing_case_in_html(html: &str) {
    let doc = Html::parse_document(html);
    let sel = |css: &str| Selector::parse(css).expect("selector");
    let case = doc
        .select(&sel(
            "details.case.failed#case-fortiauthenticator-fortitokens-pagination-walk-limit-1",
        ))
        .next()
        .expect("the failing case is in the report");
    let exchanges: Vec<_> = case.select(&sel("details.exchange")).collect();
    assert!(exchanges.len() >= 3, "{} exchanges", exchanges.len());
    let first = exchanges[0].text().collect::<String>();
    assert!(
        first.contains("check pagination, request 1") && first.contains("limit=1"),
        "{first}"
    );
    let curl: Vec<String> = case
        .select(&sel("pre.curl"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(curl.len(), exchanges.len());
    assert!(
        curl[0].contains(r#"-u "$FAC_USER:$FAC_API_KEY""#) && curl[0].contains("limit=1"),
        "{}",
        curl[0]
    );
    let meta: String = case
        .select(&sel(".requests"))
        .flat_map(|e| e.text())
        .collect();
    assert!(
        meta.ends_with(" requests") && !meta.starts_with("0 "),
        "{meta}"
    );
}

/// The tokens FortiPortal's tokenlogin and FortiToken Cloud's login gave
/// arrived in answers recorded before they were known as secrets: masked.
fn issued_tokens_redacted(json: &str) {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    let exchanges: Vec<&serde_json::Value> = v["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .flat_map(|c| c["exchanges"].as_array().into_iter().flatten())
        .collect();
    let bodies = |pick: &dyn Fn(&serde_json::Value) -> bool| -> Vec<String> {
        exchanges
            .iter()
            .filter(|x| pick(x) && x["response"]["status"].as_u64().is_some_and(|s| s < 300))
            .map(|x| {
                x["response"]["body"]["text"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let logins = bodies(&|x| x["label"] == "login");
    assert!(!logins.is_empty(), "the FortiToken Cloud login is recorded");
    for b in logins {
        assert!(b.contains(r#""access_token":"[redacted]""#), "{b}");
    }
    let tokens = bodies(&|x| x["request"]["target"] == "/fpc/api/auth/tokenlogin/");
    assert!(tokens.len() > 3, "{tokens:?}");
    for b in tokens {
        assert!(b.contains(r#""token":"[redacted]""#), "{b}");
    }
}

/// `-v` shows the exchanges of the failing cases, after their reports;
/// `-vv` those of every case.
#[test]
fn verbose_shows_failing_cases_exchanges_and_vv_every_case() {
    let failing = "exchanges of fortiauthenticator/fortitokens_pagination/walk_limit_1 (";
    let passing = "exchanges of fortitoken_cloud/login/login (";
    let o = fortiprobe(&["run", "--fault", "fac-next-skips", "-v"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(101), "{out}");
    assert!(out.contains(failing), "{out}");
    assert!(!out.contains(passing), "{out}");
    let report = out
        .split("---- fortiauthenticator/fortitokens_pagination/walk_limit_1 ----")
        .nth(1)
        .expect("the failure's report");
    let (findings, exchanges) = report.split_once(failing).expect("exchanges after");
    assert!(findings.contains("/meta/next"), "{findings}");
    assert!(
        exchanges.contains("reproduce with:\n    curl -sS -i"),
        "{exchanges}"
    );
    assert!(exchanges.contains("  > Authorization: Basic [redacted]"));
    let o = fortiprobe(&["run", "--fault", "fac-next-skips", "-vv"]);
    let out = stdout(&o);
    assert!(out.contains(failing) && out.contains(passing), "{out}");
    assert!(out.contains("exchanges of the cases that did not fail (-vv):"));
    let o = fortiprobe(&["run", "--fault", "fac-next-skips"]);
    assert!(!stdout(&o).contains("exchanges of "), "none without -v");
}

/// A product that cannot be reached: exit 3, and the JUnit, JSON and HTML
/// reports are written all the same, saying why nothing ran.
#[test]
fn an_unreachable_run_writes_every_report_saying_why() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    let dir = out_dir("unreachable");
    let target = dir.join("target.yaml");
    let yaml = format!(
        "fortiportal:\n  url: http://127.0.0.1:{port}\n  username: a\n  password: unreachable-pw\n"
    );
    std::fs::write(&target, yaml).expect("target");
    let (junit, json, html) = (dir.join("j.xml"), dir.join("r.json"), dir.join("r.html"));
    let o = fortiprobe(&[
        "run",
        "--config",
        path(&target),
        "--junit",
        path(&junit),
        "--json",
        path(&json),
        "--html",
        path(&html),
    ]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let why = format!("127.0.0.1:{port}");
    let xml = std::fs::read_to_string(&junit).expect("junit written");
    assert!(
        xml.contains("type=\"unreachable\"") && xml.contains(&why),
        "{xml}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("json");
    assert!(schema_errors(&v).is_empty(), "{:#?}", schema_errors(&v));
    assert_eq!(v["unreachable"][0]["product"], "fortiportal");
    assert!(v["unreachable"][0]["reason"]
        .as_str()
        .unwrap_or("")
        .contains(&why));
    assert_eq!(v["summary"]["total"], 0);
    let page = std::fs::read_to_string(&html).expect("html written");
    assert!(
        page.contains("Nothing ran") && page.contains(&why),
        "{page}"
    );
}

/// How `report` breaks docs/json-report.schema.json (formats asserted).
fn schema_errors(report: &serde_json::Value) -> Vec<String> {
    let path = support::project().join("docs/json-report.schema.json");
    let text = std::fs::read_to_string(path).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the report schema compiles");
    validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(20)
        .collect()
}

/// The JSON report's requests, case by case plus those outside any case
/// (a first probe of each product), are the run's total, which the final
/// summary prints. (A case may send none: `walk_limit_1000` is judged on
/// the shared reference listing, fetched by whichever case needed it first.)
#[test]
fn request_counts_add_up_to_the_summary() {
    let dir = out_dir("counts");
    let json = dir.join("r.json");
    let o = fortiprobe(&["run", "--json", path(&json)]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("json");
    let errors = schema_errors(&v);
    assert!(errors.is_empty(), "{errors:#?}");
    let cases = v["cases"].as_array().expect("cases");
    let by_cases: u64 = cases
        .iter()
        .map(|c| c["requests"].as_u64().expect("n"))
        .sum();
    let total = v["summary"]["requests"].as_u64().expect("total");
    let outside = v["summary"]["requests_outside_cases"]
        .as_u64()
        .expect("outside");
    assert_eq!(by_cases + outside, total);
    assert_eq!(outside, 3, "one probe per product");
    assert!(by_cases > cases.len() as u64, "{by_cases} requests");
    for c in cases {
        assert!(c["bytes_received"].as_u64().is_some(), "{c}");
    }
    let line =
        format!("requests: {total} sent ({by_cases} by the cases, {outside} outside them), ");
    let summary = out
        .split("summary by product and endpoint:")
        .nth(1)
        .expect("summary");
    assert!(summary.contains(&line), "{summary}");
    let results: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("test result: "))
        .collect();
    assert_eq!(results.len(), 1, "one result line: {out}");
    assert!(results[0].starts_with("test result: ok."), "{out}");
}

/// With stderr not a terminal there is no progress line: no carriage
/// return, no escape sequence.
#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let o = fortiprobe(&["run", "--rate", "40", "fortiportal"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(!stdout(&o).contains('\r'));
}
