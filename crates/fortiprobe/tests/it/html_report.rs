//! The HTML report (`--html`) from hand-made records: parsed by an HTML5
//! parser (html5ever, through scraper) and checked for its content, its
//! escaping, its self-containment and the absence of secrets; then loaded
//! by a real browser (headless Chromium) that must render it to a PNG.

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use fortiprobe::check::Finding;
use fortiprobe::report::{
    self, CaseInfo, Credentials, DeviationMet, ExchangeRecord, Failure, Received, RunInfo, Sent,
    StepReport, TrialRecord, Unreachable, Verdict,
};
use scraper::{ElementRef, Html, Selector};

const SECRET: &str = "Zq9-api-key-never-shown";
const TOKEN: &str = "8f2c0d1e9b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";

fn scrub(text: &str) -> String {
    text.replace(SECRET, "[redacted]")
        .replace(TOKEN, "[redacted]")
}

fn info() -> RunInfo {
    RunInfo {
        targets: BTreeMap::from([
            (
                "fortiauthenticator".to_string(),
                "https://fac.example.net/".to_string(),
            ),
            (
                "fortiportal".to_string(),
                "https://fpc.example.net/".to_string(),
            ),
        ]),
        started_at: chrono::Utc::now(),
        duration: Duration::from_millis(2345),
        framework: false,
        deny_deviations: false,
        allow_destructive: false,
        deviations: vec![DeviationMet {
            id: "fac-last-used-at-na".into(),
            summary: "last_used_at is \"N/A\" for a token never used".into(),
            evidence: "seen on FortiAuthenticator 6.4".into(),
            cases: vec!["fortiauthenticator/fortitokens_list/list_default".into()],
            seen: Some((
                "fortiauthenticator/fortitokens_list/list_default".into(),
                report::Sighting {
                    at: "/objects/1/last_used_at".into(),
                    value: "\"N/A\"".into(),
                    request: "GET /api/v1/fortitokens/?limit=2".into(),
                    exchange: Some(0),
                },
            )),
        }],
        unreachable: vec![],
        requests: 0,
        bytes: 0,
        critical_path: None,
    }
}

fn record(name: &str, verdict: Verdict) -> TrialRecord {
    let case = CaseInfo {
        name: name.into(),
        kind: "exchange".into(),
        basis: "doc",
        summary: format!("what {name} checks"),
        origin: "cases/fortiportal/tokens.yaml:10".into(),
        ..CaseInfo::default()
    };
    let mut r = TrialRecord::new(case, verdict);
    r.duration = Duration::from_millis(7);
    r.requests = 3;
    r.bytes = 2048;
    r
}

/// A FortiPortal logout whose answer carries markup and, before
/// redaction, the token in its body.
fn hostile_exchange() -> ExchangeRecord {
    let url = url::Url::parse("https://spuser:pw@fpc.example.net/fpc/api/auth/tokenlogout/")
        .expect("url");
    let headers = vec![("Authorization".to_string(), format!("Token {TOKEN}"))];
    let body = format!("<html><script>alert('pwned')</script><p>token {TOKEN} & more</p></html>");
    ExchangeRecord::new(
        "step 2 of 3",
        Sent {
            method: "POST",
            url: &url,
            headers: &headers,
            body: None,
        },
        Ok(Received {
            status: 500,
            headers: &[("content-type".into(), "text/html".into())],
            body: body.as_bytes(),
        }),
        Duration::from_millis(4),
        Credentials::Configured,
        &scrub,
    )
}

fn fac_exchange() -> ExchangeRecord {
    let url = url::Url::parse("https://fac.example.net/api/v1/fortitokens/?limit=2").expect("url");
    let headers = vec![(
        "Authorization".to_string(),
        format!("Basic {}", base64_pair("apiadmin", SECRET)),
    )];
    ExchangeRecord::new(
        "request",
        Sent {
            method: "GET",
            url: &url,
            headers: &headers,
            body: None,
        },
        Ok(Received {
            status: 200,
            headers: &[("content-type".into(), "application/json".into())],
            body: br#"{"meta": {"limit": 2}, "objects": []}"#,
        }),
        Duration::from_millis(2),
        Credentials::Configured,
        &|t: &str| scrub(t).replace(&base64_pair("apiadmin", SECRET), "[redacted]"),
    )
}

fn base64_pair(user: &str, key: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{key}"))
}

fn records() -> Vec<TrialRecord> {
    let mut passed = record(
        "fortiauthenticator/fortitokens_list/list_default",
        Verdict::Pass,
    );
    passed.exchanges.push(fac_exchange());
    let mut step = StepReport::new(
        "step 2 of 3",
        "POST /fpc/api/auth/tokenlogout/ → 500 in 4 ms",
    );
    let mut finding = Finding::new("status", "200", "500");
    finding.exchange = Some(0);
    step.add(finding);
    let mut failure = Failure::default();
    failure.push(step);
    let mut failed = record("fortiportal/tokens/login_logout", Verdict::Fail(failure));
    failed.exchanges.push(hostile_exchange());
    failed.changes = Some("  what changed:\n    /exchanges/1/status: 200 → 500".into());
    let ignored = record(
        "fortiportal/tokens/login_without_ttl",
        Verdict::Ignored(
            "destructive (makes a lasting change): run with --allow-destructive".into(),
        ),
    );
    let mut list = vec![passed, failed, ignored];
    list.sort_by(|a, b| a.case.name.cmp(&b.case.name));
    list
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let s = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    doc.select(&s).collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect()
}

fn page() -> (String, Html) {
    let page = report::html(&records(), &info());
    let doc = Html::parse_document(&page);
    (page, doc)
}

#[test]
fn the_html_report_is_self_contained_and_holds_no_secret() {
    let (page, doc) = page();
    assert!(!page.contains(SECRET), "the API key leaked");
    assert!(!page.contains(TOKEN), "the token leaked");
    assert!(!page.contains(&base64_pair("apiadmin", SECRET)));
    assert!(!page.contains("spuser:pw"), "user information leaked");
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    // Self-contained: no script, no external resource of any kind.
    assert!(select(&doc, "script").is_empty(), "a <script> element");
    for css in ["link", "img", "iframe", "object", "embed", "[src]", "base"] {
        assert!(select(&doc, css).is_empty(), "an element {css}");
    }
    for a in select(&doc, "a") {
        let href = a.value().attr("href").unwrap_or("");
        assert!(href.starts_with('#'), "a link out of the page: {href}");
        let target = &href[1..];
        assert_eq!(
            select(&doc, &format!("[id=\"{target}\"]")).len(),
            1,
            "a link to nothing: {href}"
        );
    }
    assert_eq!(select(&doc, "style").len(), 1);
}

#[test]
fn the_html_report_summarises_by_product_and_endpoint() {
    let (_, doc) = page();
    // The summary by product and endpoint, with the counts.
    let rows: Vec<Vec<String>> = select(&doc, "table.summary tbody tr")
        .iter()
        .map(|tr| {
            tr.children()
                .filter_map(ElementRef::wrap)
                .map(|td| text(&td))
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            [
                "fortiauthenticator",
                "fortitokens_list",
                "1",
                "0",
                "0",
                "3",
                "7 ms"
            ],
            ["fortiportal", "tokens", "0", "1", "1", "6", "14 ms"],
        ]
    );
    let totals = text(&select(&doc, "table.summary tfoot tr")[0]);
    assert_eq!(totals, "all 3 cases111921 ms");
    let case = text(&select(&doc, "details.case .meta")[0]);
    assert!(case.ends_with("3 requests, 2.0 KiB received"), "{case}");
    assert!(text(&select(&doc, ".verdict")[0]).contains("FAILED: 1 of 3 cases failed"));
    // Ignored cases with their reasons, deviations met, baseline changes.
    let ignored: Vec<String> = select(&doc, "#ignored tbody tr").iter().map(text).collect();
    assert_eq!(
        ignored,
        ["fortiportal/tokens/login_without_ttldestructive (makes a lasting change): run with --allow-destructive"]
    );
    let deviation = text(&select(&doc, "#deviations tbody tr")[0]);
    assert!(deviation.contains("fac-last-used-at-na"), "{deviation}");
    assert!(deviation.contains("last_used_at is \"N/A\""), "{deviation}");
    assert!(
        deviation.contains("\"N/A\" at /objects/1/last_used_at in exchange 1 of fortiauthenticator/fortitokens_list/list_default"),
        "the value the target sent, where: {deviation}"
    );
    let changes = text(&select(&doc, "#changes pre")[0]);
    assert!(
        changes.contains("/exchanges/1/status: 200 → 500"),
        "{changes}"
    );
}

#[test]
fn a_failing_case_shows_its_findings_exchanges_and_curl_lines() {
    let (_, doc) = page();
    // The failing case: open, with its finding, report and exchange.
    let failed = select(&doc, "details.case.failed");
    assert_eq!(failed.len(), 1);
    let case = failed[0];
    assert!(case.value().attr("open").is_some(), "a failed case is open");
    assert_eq!(
        case.value().attr("id"),
        Some("case-fortiportal-tokens-login-logout")
    );
    let inner = Html::parse_fragment(&case.html());
    let findings: Vec<String> = select(&inner, "ul.findings li").iter().map(text).collect();
    assert_eq!(findings, ["at status: expected 200, got 500 exchange 1"]);
    // Said once: no second rendering of the failure as a report.
    assert_eq!(case.html().matches("expected 200, got 500").count(), 1);
    // The finding links to its exchange, which is marked, open and links back.
    let link = select(&inner, "ul.findings li a.x")[0];
    assert_eq!(
        link.value().attr("href"),
        Some("#x-fortiportal-tokens-login-logout-1")
    );
    let marked = select(&inner, "details.exchange.flagged");
    assert_eq!(marked.len(), 1);
    assert_eq!(
        marked[0].value().attr("id"),
        Some("x-fortiportal-tokens-login-logout-1")
    );
    assert!(marked[0].value().attr("open").is_some());
    assert!(text(&marked[0]).contains("1 finding here"));
    let response = text(&select(&inner, "pre.response")[0]);
    assert!(
        response.contains("<script>alert('pwned')</script>"),
        "the body is shown as text: {response}"
    );
    assert!(response.contains("token [redacted] & more"), "{response}");
    let request = text(&select(&inner, "pre.request")[0]);
    assert!(
        request.contains("Authorization: Token [redacted]"),
        "{request}"
    );
    let curl = text(&select(&inner, "pre.curl")[0]);
    assert!(curl.contains("FPC_TOKEN=$(curl -sS"), "{curl}");
    assert!(
        curl.ends_with("-X POST \\\n  https://fpc.example.net/fpc/api/auth/tokenlogout/ \\\n  -H \"Authorization: Token $FPC_TOKEN\""),
        "{curl}"
    );

    // The passing case's curl line takes the key from the environment.
    let fac_curl: Vec<String> = select(
        &doc,
        "#case-fortiauthenticator-fortitokens-list-list-default pre.curl",
    )
    .iter()
    .map(text)
    .collect();
    assert_eq!(
        fac_curl,
        ["curl -sS -i \\\n  'https://fac.example.net/api/v1/fortitokens/?limit=2' \\\n  -u \"$FAC_USER:$FAC_API_KEY\""]
    );
}

#[test]
fn an_unreachable_target_gives_a_report_that_says_why_nothing_ran() {
    let mut i = info();
    i.deviations.clear();
    i.unreachable.push(Unreachable {
        product: "fortiauthenticator".into(),
        reason: "cannot connect to fac.example.net:443 <refused>".into(),
    });
    let page = report::html(&[], &i);
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let verdict = text(&select(&doc, ".verdict")[0]);
    assert!(verdict.starts_with("Nothing ran"), "{verdict}");
    let why = text(&select(&doc, "header ul li")[0]);
    assert_eq!(
        why,
        "fortiauthenticator is unreachable: cannot connect to fac.example.net:443 <refused>"
    );
    assert!(text(&select(&doc, "#summary")[0]).contains("No case ran."));
}

#[test]
fn chromium_renders_the_report() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        support::tool_missing("Chromium (/usr/bin/chromium)", "apt-get install chromium");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, report::html(&records(), &info())).expect("write");
    let png = dir.path().join("report.png");
    let profile = dir.path().join("profile");
    let o = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("chromium runs");
    let bytes = std::fs::read(&png).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}); chromium said:\n{}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        bytes.len() > 10_000,
        "a nearly empty picture: {} bytes",
        bytes.len()
    );
    // FORTIPROBE_KEEP_SCREENSHOT=FILE.png keeps the picture, and the page as FILE.png.html.
    if let Ok(keep) = std::env::var("FORTIPROBE_KEEP_SCREENSHOT") {
        std::fs::copy(&png, &keep).expect("copy the screenshot");
        std::fs::copy(&page, format!("{keep}.html")).expect("copy the page");
    }
}
