//! Baselines: the reference mock's own snapshots (insta, in snapshots/),
//! stable documents on an unchanged target, a failing comparison that names
//! what changed, `fortiprobe diff`, and no secret in any written file.

use crate::support;

use std::path::{Path, PathBuf};

use base64::Engine as _;
use fortiprobe::baseline::{Format, Site};
use fortiprobe::run::{Baseline, RunOptions, Runner, Verdict};
use fortiprobe_mock::faults::Fault;
use fortiprobe_mock::MockOptions;
use support::*;

/// Every case, one at a time in name order, against a fresh mock.
async fn run_sequential(
    opts: MockOptions,
    options: RunOptions,
) -> Vec<(String, Verdict, Option<String>)> {
    let m = start_mock(opts).await;
    let runner = Runner::new(suite(), &mock_target(&m), options).expect("runner");
    let mut cases: Vec<_> = runner.suite.cases.iter().collect();
    cases.sort_by_key(|c| c.id());
    let mut out = Vec::new();
    for c in cases {
        if runner.options.baseline.is_some() {
            out.push((c.id(), runner.run_case(c).await, None));
        } else {
            let (v, doc) = runner.run_case_document(c).await;
            out.push((c.id(), v, doc));
        }
    }
    m.shutdown().await;
    out
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fortiprobe-baseline-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn with_baseline(dir: &Path, record: bool) -> RunOptions {
    RunOptions {
        baseline: Some(Baseline {
            dir: dir.to_path_buf(),
            record,
        }),
        ..everything()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_mock_matches_its_snapshots() {
    let docs = run_sequential(MockOptions::default(), everything()).await;
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(project().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (trial, _, doc) in &docs {
            let doc = doc.as_deref().expect("every case runs against the mock");
            insta::assert_snapshot!(trial.replace('/', "__"), doc);
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_target_gives_the_same_documents_twice() {
    let a = run_sequential(MockOptions::default(), everything()).await;
    let b = run_sequential(MockOptions::default(), everything()).await;
    assert_eq!(a.len(), b.len());
    for ((n, _, x), (_, _, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{n} differs between two runs");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_behaviour_fails_with_what_changed_and_nothing_else() {
    let dir = temp_dir("change");
    let rec = run_sequential(MockOptions::default(), with_baseline(&dir, true)).await;
    assert!(failures(
        &rec.iter()
            .map(|(n, v, _)| (n.clone(), v.clone()))
            .collect::<Vec<_>>()
    )
    .is_empty());
    // Unchanged: compares clean, twice.
    for _ in 0..2 {
        let same = run_sequential(MockOptions::default(), with_baseline(&dir, false)).await;
        let f = failures(
            &same
                .iter()
                .map(|(n, v, _)| (n.clone(), v.clone()))
                .collect::<Vec<_>>(),
        );
        assert!(f.is_empty(), "{}", f.join("\n"));
    }
    // One behaviour changed: only the cases that see it fail, and say what.
    let mut opts = MockOptions::default();
    opts.faults.insert(Fault::FtcTempAuthMethodWrong);
    let changed = run_sequential(opts, with_baseline(&dir, false)).await;
    let failed: Vec<&(String, Verdict, Option<String>)> = changed
        .iter()
        .filter(|(_, v, _)| matches!(v, Verdict::Fail(_)))
        .collect();
    let names: Vec<&str> = failed.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "fortitoken_cloud/token_temp/email_with_expiry",
            "fortitoken_cloud/token_temp/email_without_expiry",
            "fortitoken_cloud/token_temp/sms_with_expiry",
            "fortitoken_cloud/token_temp/without_auth_method_is_email_or_sms",
            "fortitoken_cloud/token_temp_delete/delete_held_token_is_204"
        ]
    );
    let Verdict::Fail(f) = &failed[0].1 else {
        unreachable!()
    };
    let report = f.baseline.as_deref().unwrap_or_default();
    assert!(report.contains("differs from the baseline"), "{report}");
    assert!(
        report.contains("/exchanges/0/body/auth_method: \"Email\" → \"SMS\""),
        "{report}"
    );
    assert!(
        report.contains("-        \"auth_method\": \"Email\","),
        "{report}"
    );

    // Another data variant: a different seed changes values, which the diff names.
    let dir2 = temp_dir("seed");
    run_sequential(
        MockOptions {
            extra_field: true,
            ..MockOptions::default()
        },
        with_baseline(&dir2, true),
    )
    .await;
    let diff = fortiprobe::baseline::diff_dirs(&dir, &dir2)
        .expect("diff")
        .expect("changes");
    let report = diff.render(Format::Text);
    assert!(
        report.contains("fortiauthenticator/fortitokens"),
        "{report}"
    );
    assert!(
        report.contains("/objects/*/x_firmware_note added"),
        "{report}"
    );
    let md = diff.render(Format::Markdown);
    assert!(md.starts_with("# API changes"), "{md}");
    assert!(md.contains("<details>"), "{md}");
    assert!(fortiprobe::baseline::diff_dirs(&dir, &dir)
        .unwrap()
        .is_none());

    // No secret in any written file, in any form it travels in.
    let m = start_mock(MockOptions::default()).await;
    let c = m.credentials().clone();
    m.shutdown().await;
    let b64 = base64::engine::general_purpose::STANDARD;
    let forms = [
        c.fac_api_key.clone(),
        c.ftc_client_secret.clone(),
        c.fpc_password.clone(),
        b64.encode(format!("{}:{}", c.fac_username, c.fac_api_key)),
        percent_encoding::utf8_percent_encode(&c.fpc_password, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    ];
    let hex_token = regex::Regex::new("\"token\": \"[0-9a-f]{64}\"").unwrap();
    for d in [&dir, &dir2] {
        for e in std::fs::read_dir(d).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for f in &forms {
                assert!(
                    !text.contains(f.as_str()),
                    "a secret form is in {}",
                    d.display()
                );
            }
            assert!(!hex_token.is_match(&text));
        }
    }
}

/// The firmware-gating goal of issue 23: a baseline of the reference mock
/// against a mock with two faults that each retype a field. Unfolded, the
/// Markdown diff ran to about 4,200 lines; folded it fits in 60, and every
/// unfolded change is covered by a folded line that the Markdown shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_fault_diff_folds_into_sixty_lines_and_loses_no_change() {
    let before = temp_dir("fold-before");
    let after = temp_dir("fold-after");
    run_sequential(MockOptions::default(), with_baseline(&before, true)).await;
    let mut faulty = MockOptions::default();
    faulty.faults.insert(Fault::FacLockedString);
    faulty.faults.insert(Fault::FacTotalCountString);
    run_sequential(faulty, with_baseline(&after, true)).await;
    let diff = fortiprobe::baseline::diff_dirs(&before, &after)
        .expect("diff")
        .expect("changes");
    let md = diff.render(Format::Markdown);
    assert!(
        md.lines().count() <= 60,
        "{} lines:\n{md}",
        md.lines().count()
    );

    let mut unfolded = 0;
    for case in &diff.cases {
        for change in &case.changes {
            unfolded += 1;
            let Some(i) = diff
                .folds
                .iter()
                .position(|f| f.covers(&case.trial, change))
            else {
                panic!("{} {change}: no folded line covers it", case.trial);
            };
            let numbered = format!("\n{}. ", i + 1);
            assert!(
                md.contains(&numbered),
                "fold {} is not in the Markdown",
                i + 1
            );
        }
    }
    // Each fold stands for exactly the changes it counts.
    let covered: usize = diff.folds.iter().map(|f| f.times).sum();
    assert_eq!(covered, unfolded);
    // The floor follows from the documents: every `locked` the faulty mock
    // sent as a string, for a token the same step of the baseline listed
    // with a boolean, is one change, and the locked fold counts every one.
    let step_key =
        |e: &serde_json::Value| e["step"].as_str().or(e["check"].as_str()).map(String::from);
    let mut retyped = 0;
    for c in &diff.cases {
        for after in c.after["exchanges"].as_array().into_iter().flatten() {
            let Some(before) = c.before["exchanges"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|b| step_key(b).is_some() && step_key(b) == step_key(after))
            else {
                continue;
            };
            let listed = |doc: &serde_json::Value| {
                doc["body"]["objects"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            };
            for o in listed(after).iter().filter(|o| o["locked"].is_string()) {
                let was = listed(before)
                    .into_iter()
                    .find(|b| b["resource_uri"] == o["resource_uri"]);
                if let Some(was) = was {
                    assert!(
                        was["locked"].is_boolean(),
                        "the baseline holds booleans: {was}"
                    );
                    retyped += 1;
                }
            }
        }
    }
    assert!(
        retyped > 0,
        "the faulty mock sent no string `locked` for a listed token"
    );
    let locked_times: usize = diff
        .folds
        .iter()
        .filter(|f| f.site == Site::Body("/objects/*/locked".into()))
        .map(|f| f.times)
        .sum();
    assert_eq!(locked_times, retyped);

    // The two retyped fields, each on one line with its counts and an example.
    let line = |pattern: &str| {
        md.lines()
            .find(|l| l.contains(&format!("`{pattern}` retyped")))
            .unwrap_or_else(|| panic!("no line for {pattern}:\n{md}"))
            .to_string()
    };
    let locked = line("/objects/*/locked");
    assert!(locked.contains("retyped boolean → string"), "{locked}");
    assert!(locked.contains("listed objects"), "{locked}");
    assert!(locked.contains("e.g. "), "{locked}");
    assert!(line("/meta/total_count").contains("retyped number → string"));
    let fold = diff
        .folds
        .iter()
        .find(|f| f.site == Site::Body("/objects/*/locked".into()))
        .expect("a fold for locked");
    let (changed, listed) = fold.elements.expect("counted over the listed objects");
    assert_eq!(changed, listed, "every token's locked is retyped");
    assert!(md.contains("| `fortiauthenticator/fortitokens` |"), "{md}");
    let _ = std::fs::remove_dir_all(&before);
    let _ = std::fs::remove_dir_all(&after);
}
