//! The only place that touches libtest-mimic: every case becomes a trial
//! named `product/endpoint/case`, sorted, with its kind, run on the one
//! shared tokio runtime.

use std::sync::Arc;

use libtest_mimic::{Completion, Failed, Trial};

use crate::run::{Runner, Verdict};

/// The trials of a run, in the suite's (sorted) order.
pub fn trials(runner: &Arc<Runner>, rt: &tokio::runtime::Handle) -> Vec<Trial> {
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
            Trial::ignorable_test(case.id(), move || {
                let case = &runner.suite.cases[index];
                match rt.block_on(runner.run_case(case)) {
                    Verdict::Pass => Ok(Completion::Completed),
                    Verdict::Ignored(reason) => Ok(Completion::ignored_with(reason)),
                    Verdict::Fail(report) => Err(Failed::from(report)),
                }
            })
            .with_kind(kind)
        })
        .collect()
}
