//! The only place that touches libtest-mimic: every case becomes a trial
//! named `product/endpoint/case`, sorted, with its kind, run on the one
//! shared tokio runtime. A trial begins its case with the runner (which
//! tells the run's listener: the progress line, the reports' collector),
//! runs it, and ends it just before it returns to libtest, which then
//! prints the trial's line. libtest is told the verdict as text (with
//! `--verbose`, followed by the case's exchanges). A trial that panics (a
//! bug in fortiprobe) ends its case with a failure saying so, and the
//! cleanup the case owed runs after the trials (`Runner::leftovers`).

use std::sync::Arc;
use std::time::Instant;

use libtest_mimic::{Completion, Failed, Trial};

use crate::report::{text, CaseInfo, ExchangeLog, Failure, TrialRecord};
use crate::run::{CaseReport, Runner, Verdict};

/// The trials of a run, in the order a run takes the cases
/// (`Suite::in_run_order`: sorted, destructive cases last); with
/// `verbose`, a failing trial's message ends with its exchanges.
pub fn trials(runner: &Arc<Runner>, rt: &tokio::runtime::Handle, verbose: bool) -> Vec<Trial> {
    runner
        .suite
        .in_run_order()
        .map(|(index, case)| {
            let info = CaseInfo::of(case);
            let kind = info.kind.clone();
            let runner = Arc::clone(runner);
            let rt = rt.clone();
            Trial::ignorable_test(shown(&case.id()), move || {
                let started = Instant::now();
                let key = runner.begin(info.clone());
                let report = guarded(&runner.redactor, || {
                    rt.block_on(runner.run_begun(key, &runner.suite.cases[index]))
                });
                runner.end(key, &report, started.elapsed());
                told(info.clone(), report, verbose)
            })
            .with_kind(kind)
        })
        .chain(left_out(&runner.suite))
        .collect()
}

/// The cases a selection left unread (`Suite::left_out`), as trials that
/// libtest filters out by their names alone, so that its count of the
/// trials filtered out stays the suite's.
fn left_out(suite: &crate::suite::Suite) -> impl Iterator<Item = Trial> + '_ {
    suite.left_out.iter().map(|name| {
        Trial::test(shown(name), || {
            Err(Failed::from(
                "fortiprobe did not read this case (the filter could not select it); please report it",
            ))
        })
    })
}

/// Runs `f`; if it panics (a bug in fortiprobe), the case fails saying
/// so (scrubbed).
fn guarded(scrub: &crate::redact::Redactor, f: impl FnOnce() -> CaseReport) -> CaseReport {
    let payload = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(done) => return done,
        Err(p) => p,
    };
    let what = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    CaseReport {
        verdict: Verdict::Fail(Failure {
            panic: Some(scrub.scrub(what)),
            ..Failure::default()
        }),
        requests: 0,
        bytes: 0,
        changes: None,
        exchanges: ExchangeLog::new(),
    }
}

/// What libtest is told of a case's end.
fn told(case: CaseInfo, report: CaseReport, verbose: bool) -> Result<Completion, Failed> {
    match report.verdict {
        Verdict::Pass => Ok(Completion::Completed),
        Verdict::Ignored(reason) => Ok(Completion::ignored_with(shown(&reason))),
        Verdict::Fail(f) => {
            let mut message = text::failure(&case, &f);
            if verbose {
                let mut record = TrialRecord::new(case, Verdict::Fail(f));
                record.exchanges = report.exchanges;
                message = format!("{message}\n{}", crate::report::verbose(&record));
            }
            Err(Failed::from(shown(&message)))
        }
    }
}

/// What libtest prints (names, failure messages, ignore reasons) goes to
/// a terminal: every control character shown by its code.
fn shown(text: &str) -> String {
    crate::escape::terminal(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_case_fails_saying_so_without_its_secrets() {
        let suite = crate::suite::Suite::load(crate::suite::Source::Embedded, &[]).expect("suite");
        let case = CaseInfo::of(&suite.cases[0]);
        let redactor = crate::redact::Redactor::new();
        redactor.add("a-secret-value-123", None);
        let report = guarded(&redactor, || panic!("boom near a-secret-value-123"));
        let Verdict::Fail(f) = &report.verdict else {
            panic!("{:?}", report.verdict)
        };
        let said = f.panic.as_deref().unwrap_or_default();
        assert!(said.contains("boom"), "{said}");
        assert!(!said.contains("a-secret-value-123"), "{said}");
        let message = told(case, report, false)
            .err()
            .map(|e| format!("{e:?}"))
            .unwrap_or_default();
        assert!(
            message.contains("panicked") && message.contains("boom"),
            "{message}"
        );
        assert!(!message.contains("a-secret-value-123"), "{message}");
    }
}
