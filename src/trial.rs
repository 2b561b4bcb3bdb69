//! The only place that touches libtest-mimic: every case becomes a trial
//! named `product/endpoint/case`, sorted, with its kind, run on the one
//! shared tokio runtime. Each trial that runs leaves a `TrialRecord` for
//! the reports.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use libtest_mimic::{Completion, Failed, Trial};

use crate::report::{Detail, Outcome, TrialRecord};
use crate::run::{Runner, Verdict};
use crate::suite::case::Basis;

/// The trials of a run, in the suite's (sorted) order.
pub fn trials(
    runner: &Arc<Runner>,
    rt: &tokio::runtime::Handle,
    records: &Arc<Mutex<Vec<TrialRecord>>>,
) -> Vec<Trial> {
    runner
        .suite
        .cases
        .iter()
        .enumerate()
        .map(|(index, case)| {
            let kind = if case.spec.destructive {
                format!("{} destructive", case.kind())
            } else {
                case.kind().to_string()
            };
            let runner = Arc::clone(runner);
            let rt = rt.clone();
            let records = Arc::clone(records);
            let record_kind = kind.clone();
            Trial::ignorable_test(case.id(), move || {
                let case = &runner.suite.cases[index];
                let started = Instant::now();
                let report = rt.block_on(runner.run_case_report(case));
                let verdict = report.verdict;
                let outcome = match &verdict {
                    Verdict::Pass => Outcome::Passed,
                    Verdict::Ignored(r) => Outcome::Ignored(r.clone()),
                    Verdict::Fail(r) => Outcome::Failed(r.clone()),
                };
                if let Ok(mut list) = records.lock() {
                    list.push(TrialRecord {
                        name: case.id(),
                        kind: record_kind.clone(),
                        basis: match case.spec.basis {
                            Basis::Doc => "doc",
                            Basis::Framework => "framework",
                        },
                        destructive: case.spec.destructive,
                        outcome,
                        duration: started.elapsed(),
                        requests: report.requests,
                        bytes: report.bytes,
                        detail: Detail {
                            summary: case.spec.summary.clone(),
                            ..Detail::default()
                        },
                    });
                }
                match verdict {
                    Verdict::Pass => Ok(Completion::Completed),
                    Verdict::Ignored(reason) => Ok(Completion::ignored_with(reason)),
                    Verdict::Fail(report) => Err(Failed::from(report)),
                }
            })
            .with_kind(kind)
        })
        .collect()
}
