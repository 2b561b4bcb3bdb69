//! The whole suite against the reference mock, in several data variants:
//! it must pass on every one, since each is a conformant target.

use crate::support;

use fortiprobe::run::Verdict;
use fortiprobe_mock::{ErrorBodies, KeyOrder, MockOptions};
use support::*;

async fn passes(opts: MockOptions) -> Vec<(String, Verdict)> {
    let m = start_mock(opts).await;
    let results = run_all(&mock_target(&m), everything()).await;
    let failed = failures(&results);
    assert!(
        failed.is_empty(),
        "{} case(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    m.shutdown().await;
    results
}

fn ignored(results: &[(String, Verdict)]) -> Vec<&str> {
    results
        .iter()
        .filter(|(_, v)| matches!(v, Verdict::Ignored(_)))
        .map(|(n, _)| n.as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_data_passes_every_case() {
    let results = passes(MockOptions::default()).await;
    assert!(results.len() >= 40, "only {} cases", results.len());
    // A described resource the mock does not serve yet (its index does not
    // list it) ignores its cases, as an older firmware would: nothing else
    // is ignored against the mock with every fixture.
    let other: Vec<&(String, Verdict)> = results
        .iter()
        .filter(|(_, v)| match v {
            Verdict::Ignored(why) => !why.contains("resource index (GET /api/v1/) does not list"),
            _ => false,
        })
        .collect();
    assert!(
        other.is_empty(),
        "nothing but cases of resources the mock does not serve is ignored: {other:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_tokens_passes_and_ignores_what_needs_a_token() {
    let results = passes(MockOptions {
        tokens: 0,
        ..MockOptions::default()
    })
    .await;
    let ig = ignored(&results);
    assert!(
        ig.contains(&"fortiauthenticator/fortitokens_filters/filter_serial"),
        "{ig:?}"
    );
    assert!(
        ig.contains(&"fortiauthenticator/fortitokens_delete/delete_token"),
        "{ig:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn few_tokens_pass() {
    passes(MockOptions {
        tokens: 3,
        seed: 42,
        ..MockOptions::default()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_1000_tokens_pass() {
    passes(MockOptions {
        tokens: 1500,
        seed: 9,
        ..MockOptions::default()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_key_order_extra_fields_and_mixed_case_pass() {
    for key_order in [KeyOrder::Alphabetical, KeyOrder::Reversed] {
        passes(MockOptions {
            key_order,
            extra_field: true,
            mixed_case_serials: true,
            seed: 5,
            ..MockOptions::default()
        })
        .await;
    }
}

/// Error answers with no body, as text/plain or as an HTML page: the docs
/// give no error body shape, so each is conformant (issue 12).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_bodies_empty_text_or_html_pass() {
    for error_bodies in [ErrorBodies::Empty, ErrorBodies::Text, ErrorBodies::Html] {
        passes(MockOptions {
            error_bodies,
            ..MockOptions::default()
        })
        .await;
    }
}

/// FortiPortal tokens of 40 letters and digits (the docs give one 64-hex
/// example, no format) and a tokenlogin answered 201 (its status is not
/// documented) are conformant.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_40_character_token_and_a_201_tokenlogin_pass() {
    passes(MockOptions {
        fpc_token_40: true,
        ..MockOptions::default()
    })
    .await;
    passes(MockOptions {
        fpc_login_201: true,
        ..MockOptions::default()
    })
    .await;
}

/// Every request a case sent, told as events: method, origin and path, status (0: no answer).
#[derive(Default)]
struct Sent(std::sync::Mutex<Vec<(String, url::Url, u16)>>);

impl fortiprobe::report::Listener for Sent {
    fn event(&self, e: &fortiprobe::report::Event) {
        let fortiprobe::report::Event::ExchangeRecorded { record, .. } = e else {
            return;
        };
        let url = url::Url::parse(&format!("{}{}", record.origin, record.target)).expect("url");
        if let Ok(mut v) = self.0.lock() {
            v.push((record.method.clone(), url, record.status().unwrap_or(0)));
        }
    }
}

/// `delete_token` run alone against `opts`, with every request it sent.
async fn delete_token_against(opts: MockOptions) -> (Verdict, Vec<(String, url::Url, u16)>) {
    let m = start_mock(opts).await;
    let sent = std::sync::Arc::new(Sent::default());
    let options = fortiprobe::run::RunOptions {
        exchanges: true,
        ..everything()
    };
    let runner = fortiprobe::run::Runner::new(suite(), &mock_target(&m), options)
        .expect("runner")
        .listened_by(sent.clone());
    let case = runner
        .suite
        .cases
        .iter()
        .find(|c| c.id() == "fortiauthenticator/fortitokens_delete/delete_token")
        .expect("the delete_token case");
    let report = runner.run_case_report(case).await;
    m.shutdown().await;
    let log = sent.0.lock().map(|v| v.clone()).unwrap_or_default();
    (report.verdict, log)
}

/// The DELETEs of a log: (path, status).
fn deletes(log: &[(String, url::Url, u16)]) -> Vec<(String, u16)> {
    log.iter()
        .filter(|(m, _, _)| m == "DELETE")
        .map(|(_, u, s)| (u.path().to_string(), *s))
        .collect()
}

/// The documented DELETE URI has no trailing slash; a target may answer it
/// with a 301 to the slashed path (Django's APPEND_SLASH). The whole suite
/// passes such a target, and `delete_token` is seen to go through the
/// redirect: the unslashed DELETE answered 301, the same DELETE sent once
/// to the slashed path answered 204, the second DELETE 301 then 404. A
/// suite that did not follow the redirect, or deleted through the slashed
/// URI, fails here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unslashed_paths_answered_by_301_pass() {
    let redirecting = || MockOptions {
        fac_unslashed_redirect: true,
        ..MockOptions::default()
    };
    let results = passes(redirecting()).await;
    assert!(ignored(&results).is_empty(), "{:?}", ignored(&results));
    let (verdict, log) = delete_token_against(redirecting()).await;
    assert!(matches!(verdict, Verdict::Pass), "{verdict:?}");
    let d = deletes(&log);
    assert_eq!(d.len(), 4, "{d:?}");
    let (unslashed, slashed) = (&d[0].0, format!("{}/", d[0].0));
    assert!(!unslashed.ends_with('/'), "{d:?}");
    assert_eq!(d[0], (unslashed.clone(), 301), "{d:?}");
    assert_eq!(d[1], (slashed.clone(), 204), "{d:?}");
    assert_eq!(d[2], (unslashed.clone(), 301), "{d:?}");
    assert_eq!(d[3], (slashed, 404), "{d:?}");
    // Served directly (the mock's default): 204, then 404, no redirect.
    let (verdict, log) = delete_token_against(MockOptions::default()).await;
    assert!(matches!(verdict, Verdict::Pass), "{verdict:?}");
    let d = deletes(&log);
    assert_eq!(
        d.iter().map(|x| x.1).collect::<Vec<_>>(),
        [204, 404],
        "{d:?}"
    );
    assert!(d.iter().all(|(p, _)| !p.ends_with('/')), "{d:?}");
}

/// A 301 to another host is a failure, and nothing is sent there: no
/// request of the case leaves the target's origin (credentials never
/// follow a redirect to another host).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_host_fails_and_is_not_followed() {
    let mut opts = MockOptions::default();
    opts.faults
        .insert(fortiprobe_mock::faults::Fault::FacUnslashedRedirectOtherHost);
    let (verdict, log) = delete_token_against(opts).await;
    let Verdict::Fail(f) = verdict else {
        panic!("delete_token passed a redirect to another host: {verdict:?}");
    };
    assert!(
        f.findings()
            .any(|x| x.at == "header location" && x.expected.contains("own origin")),
        "{f:?}"
    );
    let origins: std::collections::BTreeSet<String> = log
        .iter()
        .map(|(_, u, _)| u.origin().ascii_serialization())
        .collect();
    assert_eq!(origins.len(), 1, "{origins:?}");
    assert!(
        !origins.iter().any(|o| o.contains("fac.invalid")),
        "{origins:?}"
    );
}

/// The `DELETE 204 with text/html` deviation explains that answer only:
/// a JSON listing sent as text/html fails without --deny-deviations too, and the
/// deviation is not counted as met by it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_listing_as_text_html_fails_without_strict() {
    let mut opts = MockOptions {
        seen_shapes: true,
        ..MockOptions::default()
    };
    opts.faults
        .insert(fortiprobe_mock::faults::Fault::FacListTextHtml);
    let m = start_mock(opts).await;
    let runner = fortiprobe::run::Runner::new(
        suite(),
        &mock_target(&m),
        fortiprobe::run::RunOptions::default(),
    )
    .expect("runner");
    let case = runner
        .suite
        .cases
        .iter()
        .find(|c| c.id() == "fortiauthenticator/fortitokens/list_format_json")
        .expect("the list_format_json case");
    let verdict = runner.run_case(case).await;
    let Verdict::Fail(f) = verdict else {
        panic!("a JSON listing as text/html passed: {verdict:?}");
    };
    assert!(f.findings().any(|x| x.at == "header content-type"), "{f:?}");
    let met = runner.deviations_met();
    assert!(!met.contains_key("fac_delete_204_text_html"), "{met:?}");
    m.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_permission_destructive_and_framework_cases_are_ignored_with_reasons() {
    let m = start_mock(MockOptions::default()).await;
    let results = run_all(&mock_target(&m), fortiprobe::run::RunOptions::default()).await;
    assert!(failures(&results).is_empty(), "{:?}", failures(&results));
    let reason = |name: &str| match results.iter().find(|(n, _)| n == name) {
        Some((_, Verdict::Ignored(r))) => r.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert!(reason("fortiauthenticator/fortitokens_delete/delete_token")
        .contains("--allow-destructive"));
    assert!(
        reason("fortitoken_cloud/token_temp/email_without_expiry").contains("--allow-destructive")
    );
    assert!(reason("fortiauthenticator/fortitokens/list_offset_past_end").contains("--framework"));
    m.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unconfigured_product_and_missing_fixture_are_ignored_never_failed() {
    let m = start_mock(MockOptions::default()).await;
    let mut target = mock_target(&m);
    target
        .products
        .remove(&fortiprobe::suite::Product::Fortiportal);
    if let Some(ftc) = target
        .products
        .get_mut(&fortiprobe::suite::Product::FortitokenCloud)
    {
        ftc.fixtures.remove("disabled_user");
    }
    let results = run_all(&target, everything()).await;
    assert!(failures(&results).is_empty(), "{:?}", failures(&results));
    for (name, v) in &results {
        if name.starts_with("fortiportal/") {
            assert!(
                matches!(v, Verdict::Ignored(r) if r.contains("not configured")),
                "{name}: {v:?}"
            );
        }
    }
    let disabled = results
        .iter()
        .find(|(n, _)| n == "fortitoken_cloud/token_temp/disabled_user_is_400");
    assert!(
        matches!(disabled, Some((_, Verdict::Ignored(r))) if r.contains("disabled_user")),
        "{disabled:?}"
    );
    m.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_checked_against_their_schema_before_sending() {
    let text = r#"product: fortiportal
endpoint: e
cases:
  - name: breaks_schema_unannounced
    summary: a request that breaks its schema without saying so
    steps:
      - request:
          method: POST
          path: /fpc/api/auth/tokenlogin/
          json: {username: "${username}", password: "${password}", ttl_days: 31}
          schema: fortiportal/tokenlogin-request.json
        expect: {status: 4xx}
  - name: valid_but_marked_invalid
    summary: a valid request marked invalid does not test what it says
    steps:
      - request:
          method: POST
          path: /fpc/api/auth/tokenlogin/
          json: {username: "${username}", password: "wrong", ttl_days: 3}
          schema: fortiportal/tokenlogin-request.json
          invalid: ttl_days above 30
        expect: {status: 4xx}
"#;
    let dir = suite_dir("reqschema", &[("a.yaml", text)]);
    let suite = std::sync::Arc::new(
        fortiprobe::suite::Suite::load(fortiprobe::suite::Source::Dir(&dir), &[]).expect("loads"),
    );
    let m = start_mock(MockOptions::default()).await;
    let runner = fortiprobe::run::Runner::new(suite.clone(), &mock_target(&m), everything())
        .expect("runner");
    // The cases of this file (the schemas' resource descriptions derive
    // cases of their own, which pass).
    for case in suite.cases.iter().filter(|c| c.origin.contains("a.yaml")) {
        match runner.run_case(case).await {
            Verdict::Fail(f) => {
                assert!(
                    f.findings().any(|x| x.at == "request (before sending)"),
                    "{f:?}"
                );
                assert!(
                    f.steps.iter().all(|s| !s.line.contains(" → ")),
                    "nothing was sent: {f:?}"
                );
            }
            other => panic!("{}: {other:?}", case.id()),
        }
    }
    m.shutdown().await;
}

/// The shapes seen on real appliances pass as known deviations by default,
/// are listed as met, and fail with --deny-deviations (alone or in --strict).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seen_shapes_pass_as_known_deviations_and_fail_when_strict() {
    let m = start_mock(MockOptions {
        seen_shapes: true,
        ..MockOptions::default()
    })
    .await;
    let target = mock_target(&m);
    let lenient = fortiprobe::run::RunOptions {
        allow_destructive: true,
        ..fortiprobe::run::RunOptions::default()
    };
    let runner = std::sync::Arc::new(
        fortiprobe::run::Runner::new(suite(), &target, lenient).expect("runner"),
    );
    for case in &runner.suite.cases {
        let v = runner.run_case(case).await;
        assert!(!matches!(v, Verdict::Fail(_)), "{}: {v:?}", case.id());
    }
    let met = runner.deviations_met();
    assert!(met.contains_key("fac_last_used_at_na"), "{met:?}");
    assert!(met.contains_key("fac_last_used_at_without_zone"), "{met:?}");
    m.shutdown().await;
    // --framework alone: the framework cases run, and the deviations are still accepted.
    let m = start_mock(MockOptions {
        seen_shapes: true,
        ..MockOptions::default()
    })
    .await;
    let framework_only = fortiprobe::run::RunOptions {
        allow_destructive: true,
        framework: true,
        ..fortiprobe::run::RunOptions::default()
    };
    let results = run_all(&mock_target(&m), framework_only).await;
    assert!(failures(&results).is_empty(), "{:?}", failures(&results));
    assert!(
        results
            .iter()
            .all(|(_, v)| !matches!(v, Verdict::Ignored(_))),
        "with --framework and --allow-destructive every case runs"
    );
    m.shutdown().await;
    // --deny-deviations alone: the deviations fail, the framework cases stay ignored.
    let m = start_mock(MockOptions {
        seen_shapes: true,
        ..MockOptions::default()
    })
    .await;
    let deny_only = fortiprobe::run::RunOptions {
        allow_destructive: true,
        deny_deviations: true,
        ..fortiprobe::run::RunOptions::default()
    };
    let results = run_all(&mock_target(&m), deny_only).await;
    assert!(failures(&results)
        .iter()
        .any(|f| f.contains("last_used_at") && f.contains("known deviation")));
    let ignored: Vec<&String> = results
        .iter()
        .filter(|(_, v)| matches!(v, Verdict::Ignored(r) if r.contains("--framework")))
        .map(|(n, _)| n)
        .collect();
    assert!(
        !ignored.is_empty(),
        "the framework cases run without --framework"
    );
    m.shutdown().await;
    // A fresh mock: the first pass deleted its deletable token.
    let m = start_mock(MockOptions {
        seen_shapes: true,
        ..MockOptions::default()
    })
    .await;
    let results = run_all(&mock_target(&m), everything()).await;
    let failed = failures(&results);
    assert!(!failed.is_empty());
    let odd: Vec<&String> = failed
        .iter()
        .filter(|f| !(f.contains("last_used_at") && f.contains("known deviation")))
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
    m.shutdown().await;
}
