//! The suite proves its own checks: against the reference mock with each
//! fault of the catalogue, the run fails and every case named to catch the
//! fault fails; the committed KILL-MATRIX.md is what the run gives.

use crate::support;

use std::collections::BTreeSet;
use std::sync::Arc;

use fortiprobe::killmatrix::{self, FaultRun};
use fortiprobe::run::Verdict;
use fortiprobe_mock::faults::{Fault, FAULTS};

#[test]
fn the_catalogue_has_forty_faults_or_more_across_products_and_transport() {
    assert!(FAULTS.len() >= 40, "{} faults", FAULTS.len());
    let names: BTreeSet<&str> = FAULTS.iter().map(|f| f.name).collect();
    assert_eq!(names.len(), FAULTS.len(), "fault names are unique");
    for prefix in ["fac-", "ftc-", "fpc-"] {
        assert!(
            FAULTS.iter().filter(|f| f.name.starts_with(prefix)).count() >= 5,
            "few {prefix} faults"
        );
    }
    assert!(FAULTS.iter().filter(|f| f.transport).count() >= 7);
    let table = killmatrix::catchers().expect("catchers.yaml names a catcher for every fault");
    assert_eq!(table.len(), FAULTS.len(), "catchers.yaml names only faults");
    for f in FAULTS {
        assert_eq!(Fault::from_name(f.name), Ok(f.fault));
        assert_eq!(f.fault.name(), f.name);
    }
    assert!(Fault::from_name("fac-next-nul")
        .unwrap_err()
        .contains("fac-next-null"));
}

fn report(runs: &[FaultRun]) -> String {
    runs.iter()
        .filter(|r| !r.caught())
        .map(|r| {
            format!(
                "{}: failed {:?}, named but passed {:?}, unknown {:?}, error {:?}",
                r.info.name, r.failed, r.missed, r.unknown, r.error
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_is_caught_by_its_named_cases_and_the_matrix_is_current() {
    let suite = support::suite();
    let table = killmatrix::catchers().expect("catchers.yaml");
    let runs = killmatrix::run_faults(Arc::clone(&suite), &table, &[], 0).await;
    assert_eq!(runs.len(), FAULTS.len(), "every fault ran");
    let missed = report(&runs);
    assert!(missed.is_empty(), "faults not caught:\n{missed}");
    let cases: Vec<String> = suite.cases.iter().map(|c| c.id()).collect();
    let rendered = killmatrix::render(&runs, &cases, true);
    let committed =
        std::fs::read_to_string(support::project().join("KILL-MATRIX.md")).expect("KILL-MATRIX.md");
    if rendered != committed {
        let diff = similar::TextDiff::from_lines(&committed, &rendered)
            .unified_diff()
            .header("KILL-MATRIX.md", "this run")
            .to_string();
        panic!(
            "KILL-MATRIX.md is out of date: run `cargo run --release -- kill-matrix --markdown > KILL-MATRIX.md`\n{diff}"
        );
    }
}

/// A transport fault fails the cases it touches with a message saying
/// what happened on the wire, within the timeout, without a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_faults_fail_with_what_happened() {
    let suite = support::suite();
    for (fault, says) in [
        (Fault::FacListHangs, "timeout"),
        (Fault::FacListTrickles, "timeout"),
        (
            Fault::FacListClosesMidAnswer,
            "before the answer was complete",
        ),
        (Fault::FacListNotJson, "JSON"),
        (Fault::FacListTruncatedJson, "EOF"),
        (Fault::FacListHtmlError, "an HTML page"),
        (Fault::FacListHuge, "larger than the 4194304 byte cap"),
    ] {
        let info = fault.info();
        let started = std::time::Instant::now();
        let results = killmatrix::run_suite(
            Arc::clone(&suite),
            killmatrix::data_for(info, 0),
            killmatrix::run_options(true),
            8,
        )
        .await
        .expect("runs");
        let (_, verdict) = results
            .iter()
            .find(|(n, _)| n == "fortiauthenticator/fortitokens/list_format_json")
            .expect("case");
        match verdict {
            Verdict::Fail(f) => assert!(
                f.findings().any(|x| x.to_string().contains(says)),
                "{}: a finding should say {says:?}:\n{}",
                info.name,
                support::findings_text(f)
            ),
            other => panic!("{}: {other:?}", info.name),
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{} took {:?}",
            info.name,
            started.elapsed()
        );
    }
}

/// The default budget of walks catches every fault on a large listing too:
/// faults deep in the listing show only past the sampled pages' reach of a
/// small mock, and a sample must still find them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_is_caught_with_5000_tokens() {
    let suite = support::suite();
    let table = killmatrix::catchers().expect("catchers.yaml");
    let runs = killmatrix::run_faults(Arc::clone(&suite), &table, &[], 5000).await;
    assert_eq!(runs.len(), FAULTS.len(), "every fault ran");
    let missed = report(&runs);
    assert!(
        missed.is_empty(),
        "faults not caught at 5,000 tokens:\n{missed}"
    );
}
