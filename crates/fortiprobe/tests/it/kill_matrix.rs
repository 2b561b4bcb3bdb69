//! The suite proves its own checks: against the reference mock with each
//! fault of the catalogue, every case named to catch the fault fails. The
//! whole matrix (every fault × every case, `fortiprobe kill-matrix`) is not
//! run here; `cargo test` runs each fault's catchers and a sample of its
//! other cells, and compares them with the committed KILL-MATRIX.md, whose
//! fault rows, catchers and case list must be today's (see
//! `killmatrix::Committed::rerender`). Its cost grows with the faults by
//! about three case runs each (catchers and sample; BENCHMARKS.md).

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use fortiprobe::killmatrix::{self, Committed, FaultRun, Plan, Scope};
use fortiprobe::run::Verdict;
use fortiprobe_mock::catalogue::required;
use fortiprobe_mock::faults::{Fault, FAULTS};

/// Cells of the matrix outside the catchers checked per fault, drawn by
/// the fault's name from this seed (the same every run).
const SAMPLE: usize = 2;
const SEED: u64 = 25;

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
    assert_eq!(
        table.len(),
        required().len(),
        "catchers.yaml names only faults"
    );
    for f in required() {
        assert_eq!(Fault::from_name(f.name), Ok(f.fault));
        assert_eq!(f.fault.name(), f.name);
    }
    assert!(Fault::from_name("fac-next-nul")
        .unwrap_err()
        .contains("fac-next-null"));
}

fn cases() -> Vec<String> {
    support::suite().cases.iter().map(|c| c.id()).collect()
}

fn committed() -> (String, Committed) {
    let text =
        std::fs::read_to_string(support::project().join("KILL-MATRIX.md")).expect("KILL-MATRIX.md");
    let parsed = Committed::parse(&text, &cases());
    (text, parsed)
}

const REGENERATE: &str =
    "run `cargo run --release -- kill-matrix --markdown > KILL-MATRIX.md` (the whole matrix)";

/// KILL-MATRIX.md names today's faults (in the catalogue's order, with
/// what each breaks), marks today's catchers and lists today's cases: the
/// file, rendered again from its own cells, is the file.
#[test]
fn the_committed_matrix_names_todays_faults_catchers_and_cases() {
    let (text, parsed) = committed();
    let table = killmatrix::catchers().expect("catchers.yaml");
    let again = parsed.rerender(&table, &cases()).unwrap_or_else(|| {
        panic!("KILL-MATRIX.md names a fault the catalogue lacks: {REGENERATE}")
    });
    if again != text {
        let diff = similar::TextDiff::from_lines(&text, &again)
            .unified_diff()
            .header(
                "KILL-MATRIX.md",
                "its cells with today's faults, catchers and cases",
            )
            .to_string();
        panic!("KILL-MATRIX.md is out of date: {REGENERATE}\n{diff}");
    }
    assert_eq!(parsed.rows.len(), required().len());
}

/// Every case the committed matrix shows failing under a fault is one the
/// fault can reach by what its catchers request: the scoped matrix
/// (`--scope reach`) runs every case that can fail.
#[test]
fn every_failure_of_the_committed_matrix_is_within_its_faults_reach() {
    let suite = support::suite();
    let (_, parsed) = committed();
    let table = killmatrix::catchers().expect("catchers.yaml");
    let mut outside = Vec::new();
    for info in required() {
        let named = &table[info.name];
        let within = killmatrix::reach(suite.cases.iter().filter(|c| named.contains(&c.id())));
        for id in parsed.failed(info.name).into_iter().flatten() {
            let Some(case) = suite.cases.iter().find(|c| &c.id() == id) else {
                continue;
            };
            if !killmatrix::can_see(case, &within) {
                outside.push(format!("{}: {id}", info.name));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "failures out of reach:\n{}",
        outside.join("\n")
    );
}

/// What went wrong in `runs`: a catcher that passed, and a sampled cell
/// that disagrees with the committed matrix.
fn wrong(runs: &[FaultRun], committed: Option<&Committed>) -> String {
    let mut out = Vec::new();
    for r in runs {
        if !r.caught() {
            out.push(format!(
                "{}: failed {:?}, named but passed {:?}, unknown {:?}, error {:?}",
                r.info.name, r.failed, r.missed, r.unknown, r.error
            ));
        }
        let Some(file) = committed.and_then(|c| c.failed(r.info.name)) else {
            continue;
        };
        for case in &r.sampled {
            let (now, then) = (r.failed.contains(case), file.contains(case));
            if now != then {
                out.push(format!(
                    "{}: {case} {} now; KILL-MATRIX.md says it {} ({REGENERATE})",
                    r.info.name,
                    if now { "fails" } else { "passes" },
                    if then { "fails" } else { "passes" },
                ));
            }
        }
    }
    out.join("\n")
}

/// Each fault's named catchers fail, and a sample of its other cells is
/// as the committed matrix says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_is_caught_by_its_named_cases_and_sampled_cells_agree() {
    let table = killmatrix::catchers().expect("catchers.yaml");
    let plan = Plan {
        scope: Scope::Catchers,
        sample: SAMPLE,
        seed: SEED,
        ..Plan::default()
    };
    let runs = killmatrix::run_faults(support::suite(), &table, &plan).await;
    assert_eq!(runs.len(), required().len(), "every fault ran");
    let (_, parsed) = committed();
    let wrong = wrong(&runs, Some(&parsed));
    assert!(wrong.is_empty(), "{wrong}");
}

/// The default budget of walks catches every fault on a large listing too:
/// faults deep in the listing show only past the sampled pages' reach of a
/// small mock, and a sample must still find them. The catchers that walk
/// the FortiToken listing (what the mock's token count makes longer) run
/// again against 5,000 tokens, where every walk below the largest page
/// size is sampled (at the default 60 tokens they walk every page).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_caught_on_the_token_listing_is_caught_with_5000_tokens() {
    let suite = support::suite();
    let table = killmatrix::catchers().expect("catchers.yaml");
    let walks_tokens = |id: &String| {
        suite.cases.iter().any(|c| {
            &c.id() == id
                && (c.property.is_some() || walks(c))
                && c.touches()
                    .iter()
                    .any(|t| t.method == "GET" && t.path == "/api/v1/fortitokens/")
        })
    };
    let listing: BTreeMap<String, Vec<String>> = table
        .iter()
        .map(|(f, named)| {
            (
                f.clone(),
                named
                    .iter()
                    .filter(|c| walks_tokens(c))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, walkers)| !walkers.is_empty())
        .collect();
    assert!(
        listing.len() >= 20,
        "{} faults on the token listing",
        listing.len()
    );
    let plan = Plan {
        scope: Scope::Catchers,
        tokens: 5000,
        only: listing.keys().cloned().collect(),
        ..Plan::default()
    };
    let runs = killmatrix::run_faults(Arc::clone(&suite), &listing, &plan).await;
    assert_eq!(runs.len(), listing.len());
    let wrong = wrong(&runs, None);
    assert!(
        wrong.is_empty(),
        "faults not caught at 5,000 tokens:\n{wrong}"
    );
}

fn walks(c: &fortiprobe::suite::Case) -> bool {
    c.spec.steps.iter().any(|s| s.request.walk)
}

/// A transport fault fails the cases it touches with a message saying
/// what happened on the wire, within the timeout, without a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_faults_fail_with_what_happened() {
    let suite = support::suite();
    let index = suite
        .cases
        .iter()
        .position(|c| c.id() == "fortiauthenticator/fortitokens/list_format_json")
        .expect("case");
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
        let verdict = killmatrix::run_alone(
            Arc::clone(&suite),
            index,
            killmatrix::data_for(info, 0),
            killmatrix::run_options(true),
        )
        .await
        .expect("runs");
        match verdict {
            Verdict::Fail(f) => assert!(
                f.findings().any(|x| x.to_string().contains(says)),
                "{}: a finding should say {says:?}:\n{}",
                info.name,
                support::findings_text(&f)
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
