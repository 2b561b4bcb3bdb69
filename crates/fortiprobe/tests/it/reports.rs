//! The reports for CI: JUnit XML checked against a JUnit XML schema by an
//! independent validator (Python's xmlschema, against the Jenkins/Surefire
//! junit-10.xsd vendored in tests/data), the JSON report against its
//! published schema (docs/json-report.schema.json), and the grouped
//! summary (libtest's `--format json`: tests/cli_conventions.rs).

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fortiprobe(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(args)
        .output()
        .expect("runs")
}

fn out_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fortiprobe-reports-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("dir");
    d
}

/// Validates `xml` with xmlschema; `false` when the validator is not
/// installed here (a failure in CI, where .ci/run installs it).
fn xsd_valid(xml: &Path) -> bool {
    let xsd = support::crate_dir().join("tests/data/junit-10.xsd");
    let script = format!(
        "import xmlschema; xmlschema.XMLSchema({:?}).validate({:?})",
        xsd.display().to_string(),
        xml.display().to_string()
    );
    let o = Command::new("python3").args(["-c", &script]).output();
    match o {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            if err.contains("No module named 'xmlschema'") {
                support::tool_missing("Python's xmlschema", "pip install xmlschema==3.4.3");
                return false;
            }
            panic!("{} is not valid JUnit XML:\n{err}", xml.display());
        }
        Err(e) => {
            support::tool_missing("python3", &format!("cannot run it: {e}"));
            false
        }
    }
}

/// How `report` breaks docs/json-report.schema.json (formats asserted).
fn schema_errors(report: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(support::project().join("docs/json-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the report schema compiles");
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Hand-made records with exchanges (an answer, a body cut short, no
/// answer at all), and a run where a product was unreachable: the JSON
/// report keeps its schema, and the JUnit report stays valid.
#[test]
fn reports_with_exchanges_and_unreachable_products_keep_their_formats() {
    use fortiprobe::check::Finding;
    use fortiprobe::report::{
        self, CaseInfo, Credentials, ExchangeLog, ExchangeRecord, Failure, Received, RunInfo, Sent,
        StepReport, TrialRecord, Unreachable, Verdict,
    };
    use std::time::Duration;
    let url = url::Url::parse("https://fac.example.net/api/v1/fortitokens/?limit=2").unwrap();
    let headers = vec![("Authorization".to_string(), "Basic c2VjcmV0".to_string())];
    let sent = Sent {
        method: "GET",
        url: &url,
        headers: &headers,
        body: None,
    };
    let big = "x".repeat(10_000);
    let mut exchanges = ExchangeLog::new();
    for (label, answer) in [
        (
            "step 1 of 3",
            Ok(Received {
                status: 200,
                headers: &[],
                body: b"{}" as &[u8],
            }),
        ),
        (
            "step 2 of 3",
            Ok(Received {
                status: 200,
                headers: &[],
                body: big.as_bytes(),
            }),
        ),
        ("step 3 of 3", Err("timed out after 30 s".to_string())),
    ] {
        exchanges.push(ExchangeRecord::new(
            label,
            sent,
            answer,
            Duration::from_millis(5),
            Credentials::Configured,
            &|t: &str| t.to_string(),
        ));
    }
    let case = CaseInfo {
        name: "fortiauthenticator/fortitokens_list/list_default".into(),
        kind: "exchange".into(),
        basis: "doc",
        summary: "lists tokens".into(),
        ..CaseInfo::default()
    };
    let mut step = StepReport::new(
        "step 1 of 3",
        "GET /api/v1/fortitokens/?limit=2 → 500 in 5 ms",
    );
    step.add(Finding::new("status", "200", "500"));
    let mut on_page = Finding::new("/objects", "an array", "null")
        .on_page(2, "/api/v1/fortitokens/?limit=2&offset=2");
    on_page.exchange = Some(1);
    step.add(on_page);
    step.left_out = 3;
    let mut failure = Failure::default();
    failure.push(step);
    let mut record = TrialRecord::new(case, Verdict::Fail(failure));
    record.duration = Duration::from_millis(15);
    record.exchanges = exchanges;
    record.changes = Some("what changed: /status".into());
    let records = vec![record];
    let mut info = RunInfo {
        targets: [(
            "fortiauthenticator".to_string(),
            "https://fac.example.net/".to_string(),
        )]
        .into_iter()
        .collect(),
        started_at: chrono::Utc::now(),
        duration: Duration::from_millis(20),
        framework: false,
        deny_deviations: false,
        allow_destructive: false,
        deviations: vec![],
        unreachable: vec![],
        requests: 0,
        bytes: 0,
        critical_path: Some(report::CriticalPath {
            duration: Duration::from_millis(15),
            requests: 4,
            cases: vec!["fortiauthenticator/fortitokens_list/list_default".into()],
            capacity: report::Capacity {
                duration: Duration::from_millis(3),
                product: Some("fortiauthenticator".into()),
                requests: 4,
                slots: 6,
            },
        }),
    };
    let v = report::json_report(&records, &info);
    let errors = schema_errors(&v);
    assert!(errors.is_empty(), "{errors:?}");
    let findings = &v["cases"][0]["steps"][0]["findings"];
    assert_eq!(findings[0]["at"], "status");
    assert_eq!(findings[1]["page"]["number"], 2);
    assert_eq!(findings[1]["exchange"], 1);
    assert_eq!(v["cases"][0]["findings_left_out"], 3);
    let exchanges = v["cases"][0]["exchanges"].as_array().expect("exchanges");
    assert_eq!(exchanges.len(), 3);
    assert_eq!(exchanges[1]["response"]["body"]["cut_from"], 10_000);
    assert_eq!(exchanges[2]["no_answer"], "timed out after 30 s");
    assert_eq!(exchanges[0]["request"]["headers"][0][1], "Basic [redacted]");
    assert!(!v.to_string().contains("c2VjcmV0"), "the credential leaked");

    info.unreachable.push(Unreachable {
        product: "fortiauthenticator".into(),
        reason: "cannot connect to fac.example.net:443: connection refused".into(),
    });
    let v = report::json_report(&[], &info);
    let errors = schema_errors(&v);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["unreachable"][0]["product"], "fortiauthenticator");
    assert_eq!(v["summary"]["total"], 0);
    let dir = out_dir("unreachable");
    let junit = dir.join("junit.xml");
    std::fs::write(&junit, report::junit(&[], &info)).unwrap();
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<error type=\"unreachable\" message=\"fortiauthenticator is unreachable: cannot connect"), "{xml}");
    xsd_valid(&junit);
}

#[test]
fn junit_and_json_reports_are_valid_and_say_what_happened() {
    let dir = out_dir("both");
    let (junit, json) = (dir.join("junit.xml"), dir.join("report.json"));
    let o = fortiprobe(&[
        "run",
        "--fault",
        "fac-next-loses-filters",
        "--junit",
        junit.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(101),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let xml = std::fs::read_to_string(&junit).expect("junit written");
    assert!(
        xml.contains("<testsuite name=\"fortiauthenticator/fortitokens_pagination\""),
        "{xml}"
    );
    assert!(
        xml.contains("<failure type=\"pagination\" message=\"at page 1"),
        "{xml}"
    );
    assert!(
        xml.contains("<skipped message=\"framework behaviour"),
        "{xml}"
    );
    xsd_valid(&junit);

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("JSON");
    let errors = schema_errors(&report);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(report["summary"]["failed"], 2);
    let failed: Vec<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "failed")
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        failed,
        [
            "fortiauthenticator/fortitokens_pagination/walk_limit_2_status_filter",
            "fortiauthenticator/fortitokens_pagination/walk_limit_3_type_and_status_filter"
        ]
    );
    // Each finding is an object; the walks' findings name their page.
    for c in report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "failed")
    {
        let findings: Vec<&serde_json::Value> = c["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .flat_map(|s| s["findings"].as_array().expect("findings"))
            .collect();
        assert!(!findings.is_empty(), "{c}");
        assert!(
            findings.iter().all(|f| f["at"].is_string()
                && f["expected"].is_string()
                && f["actual"].is_string()),
            "{c}"
        );
        assert!(
            findings
                .iter()
                .any(|f| f["page"]["number"].as_u64().is_some_and(|n| n >= 1)
                    && f["page"]["request"]
                        .as_str()
                        .is_some_and(|r| r.contains("status="))),
            "{c}"
        );
    }
}

#[test]
fn a_passing_run_gives_valid_junit_too() {
    let dir = out_dir("pass");
    let junit = dir.join("junit.xml");
    let o = fortiprobe(&["run", "--junit", junit.to_str().unwrap()]);
    assert!(o.status.success());
    let xml = std::fs::read_to_string(&junit).unwrap();
    let cases = support::suite().cases.len();
    assert_eq!(xml.matches("<testcase ").count(), cases, "{xml}");
    xsd_valid(&junit);
}

/// `--junit` alone: a failed case's `system-out` holds the exchanges
/// behind its findings with their curl lines.
#[test]
fn junit_alone_shows_the_failing_exchanges_with_curl() {
    let dir = out_dir("junit-alone");
    let junit = dir.join("junit.xml");
    let o = fortiprobe(&[
        "run",
        "--fault",
        "fpc-token-empty",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(101));
    let xml = std::fs::read_to_string(&junit).expect("written");
    let failures = xml.matches("<failure ").count();
    assert!(failures > 0, "{xml}");
    assert_eq!(xml.matches("<system-out>").count(), failures, "{xml}");
    let out = &xml[xml.find("<system-out>").expect("system-out")..];
    assert!(
        out.contains("--- exchange ") && out.contains("curl -sS"),
        "{out}"
    );
    xsd_valid(&junit);
}

/// `-q`: a character per trial, the failures, libtest's totals; no grouped
/// summary and no list of the ignored cases.
#[test]
fn quiet_prints_the_failures_and_the_totals_only() {
    let o = fortiprobe(&["run", "-q", "--fault", "fpc-token-empty"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(101), "{stdout}");
    assert!(stdout.contains("failures:"), "{stdout}");
    assert_eq!(
        stdout.matches("test result: FAILED. ").count(),
        1,
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with('s'),
        "libtest's totals last: {stdout}"
    );
    for absent in ["summary by product", "ignored:", "options:", "requests:"] {
        assert!(!stdout.contains(absent), "{absent}: {stdout}");
    }
}

#[test]
fn the_summary_is_grouped_after_the_one_libtest_line() {
    let o = fortiprobe(&["run", "--fault", "fpc-token-empty"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let results: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test result: "))
        .collect();
    assert_eq!(results.len(), 1, "libtest's result line once: {stdout}");
    assert!(results[0].starts_with("test result: FAILED. "), "{stdout}");
    assert!(
        stdout.find("test result: ") < stdout.find("summary by product and endpoint:"),
        "{stdout}"
    );
    let summary = stdout
        .split("summary by product and endpoint:")
        .nth(1)
        .expect("summary");
    assert!(summary.contains("fortiportal/tokens"), "{summary}");
    assert!(
        summary.contains("failed:\n  fortiportal/tokens/login_logout_with_ttl"),
        "{summary}"
    );
    let ignored = summary.split("\nignored:\n").nth(1).expect("ignored list");
    assert!(
        ignored.contains("\n  fortiauthenticator/fortitokens/list_offset_past_end: framework"),
        "{summary}"
    );
}

/// A report that cannot be written is not bad usage: after a passing run it
/// exits 4, after a failing run 101, and either way names the report and why.
#[test]
fn a_report_that_cannot_be_written_has_its_own_exit_code() {
    let dir = out_dir("unwritable");
    let json = dir.join("no-such-folder").join("report.json");
    let o = fortiprobe(&[
        "run",
        "--json",
        json.to_str().unwrap(),
        "fortiauthenticator/fortitokens/list_format_json",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(
        err.contains("fortiprobe: cannot write the JSON report") && err.contains("report.json"),
        "{err}"
    );
    let o = fortiprobe(&[
        "run",
        "--fault",
        "fpc-token-empty",
        "--json",
        json.to_str().unwrap(),
        "fortiportal/tokens/login_logout_with_ttl",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(101), "{err}");
    assert!(err.contains("cannot write the JSON report"), "{err}");
}
