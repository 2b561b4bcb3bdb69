//! The only place that touches libtest-mimic: every case becomes a trial
//! named `product/endpoint/case`, sorted, with its kind, run on the one
//! shared tokio runtime. Each trial that runs leaves a `TrialRecord` for
//! the reports: its outcome, what it cost (requests, bytes), and, when a
//! report asks for them, its exchanges (`Options::exchanges`); with
//! `--verbose` a failing trial's message ends with them. A `Watch` (the
//! progress line) is told when each trial starts and just before it
//! returns to libtest, which then prints the trial's line.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use libtest_mimic::{Completion, Failed, Trial};

use crate::report::{Capture, Detail, Outcome, TrialRecord};
use crate::run::{Runner, Verdict};
use crate::suite::case::Basis;

/// Told when each trial starts and ends.
pub trait Watch: Send + Sync {
    fn started(&self, name: &str);
    /// Just before the trial returns to libtest.
    fn finished(&self, name: &str);
}

/// What the trials keep and show beyond their outcome.
#[derive(Clone, Default)]
pub struct Options {
    /// Record each case's exchanges (for `--verbose`, `--html`, `--json`).
    pub exchanges: bool,
    /// A failing trial's message ends with its exchanges (`--verbose`).
    pub verbose: bool,
    pub watch: Option<Arc<dyn Watch>>,
}

/// The trials of a run, in the order a run takes the cases
/// (`Suite::in_run_order`: sorted, destructive cases last).
pub fn trials(
    runner: &Arc<Runner>,
    rt: &tokio::runtime::Handle,
    records: &Arc<Mutex<Vec<TrialRecord>>>,
    options: &Options,
) -> Vec<Trial> {
    runner
        .suite
        .in_run_order()
        .map(|(index, case)| {
            let kind = if case.spec.destructive {
                format!("{} destructive", case.kind())
            } else {
                case.kind().to_string()
            };
            let runner = Arc::clone(runner);
            let rt = rt.clone();
            let records = Arc::clone(records);
            let options = options.clone();
            let record_kind = kind.clone();
            Trial::ignorable_test(shown(&case.id()), move || {
                let name = shown(&runner.suite.cases[index].id());
                if let Some(w) = &options.watch {
                    w.started(&name);
                }
                let case = &runner.suite.cases[index];
                let (record, result) = guarded(case, &record_kind, &runner.redactor, || {
                    run(&runner, &rt, index, record_kind.clone(), &options)
                });
                if let Ok(mut list) = records.lock() {
                    list.push(record);
                }
                if let Some(w) = &options.watch {
                    w.finished(&name);
                }
                result
            })
            .with_kind(kind)
        })
        .collect()
}

/// Runs `f`; if it panics (a bug in fortiprobe), the trial fails saying
/// so, and its record still reaches the reports (`--json`, `--junit`,
/// `--html`). Cleanups the case owed run after the trials
/// (`Runner::leftovers`).
fn guarded(
    case: &crate::suite::Case,
    kind: &str,
    scrub: &crate::redact::Redactor,
    f: impl FnOnce() -> (TrialRecord, Result<Completion, Failed>),
) -> (TrialRecord, Result<Completion, Failed>) {
    let started = Instant::now();
    let payload = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(done) => return done,
        Err(p) => p,
    };
    let what = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    let text = format!(
        "fortiprobe panicked while running this case (a bug in fortiprobe, please report it): {}",
        scrub.scrub(what)
    );
    let record = TrialRecord {
        name: case.id(),
        kind: kind.to_string(),
        basis: basis(case.spec.basis),
        destructive: case.spec.destructive,
        outcome: Outcome::Failed(text.clone()),
        duration: started.elapsed(),
        requests: 0,
        bytes: 0,
        detail: Detail::default(),
    };
    (record, Err(Failed::from(shown(&text))))
}

fn basis(b: Basis) -> &'static str {
    match b {
        Basis::Doc => "doc",
        Basis::Framework => "framework",
    }
}

/// Runs the case at `index`: its record and what libtest is told.
fn run(
    runner: &Runner,
    rt: &tokio::runtime::Handle,
    index: usize,
    kind: String,
    options: &Options,
) -> (TrialRecord, Result<Completion, Failed>) {
    let case = &runner.suite.cases[index];
    let started = Instant::now();
    let capture = options
        .exchanges
        .then(|| Arc::new(Capture::new(Arc::clone(&runner.redactor))));
    let recorder = capture
        .clone()
        .map(|c| c as Arc<dyn crate::client::capture::Recorder>);
    let report = rt.block_on(runner.run_case_report(case, recorder));
    let outcome = match &report.verdict {
        Verdict::Pass => Outcome::Passed,
        Verdict::Ignored(r) => Outcome::Ignored(r.clone()),
        Verdict::Fail(r) => Outcome::Failed(r.clone()),
    };
    let record = TrialRecord {
        name: case.id(),
        kind,
        basis: basis(case.spec.basis),
        destructive: case.spec.destructive,
        outcome,
        duration: started.elapsed(),
        requests: report.requests,
        bytes: report.bytes,
        detail: Detail {
            summary: case.spec.summary.clone(),
            exchanges: capture.map(|c| c.finish()).unwrap_or_default(),
            changes: report.changes,
        },
    };
    let result = match report.verdict {
        Verdict::Pass => Ok(Completion::Completed),
        Verdict::Ignored(reason) => Ok(Completion::ignored_with(shown(&reason))),
        Verdict::Fail(text) if options.verbose => Err(Failed::from(shown(&format!(
            "{text}\n{}",
            crate::report::verbose(&record)
        )))),
        Verdict::Fail(text) => Err(Failed::from(shown(&text))),
    };
    (record, result)
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
    fn a_panicking_case_fails_and_keeps_its_record() {
        let suite = crate::suite::Suite::load(crate::suite::Source::Embedded, &[]).expect("suite");
        let case = &suite.cases[0];
        let redactor = crate::redact::Redactor::new();
        redactor.add("a-secret-value-123", None);
        let (record, result) = guarded(case, "test", &redactor, || {
            panic!("boom near a-secret-value-123")
        });
        assert_eq!(record.name, case.id());
        let Outcome::Failed(text) = &record.outcome else {
            panic!("{:?}", record.outcome)
        };
        assert!(text.contains("panicked") && text.contains("boom"), "{text}");
        assert!(!text.contains("a-secret-value-123"), "{text}");
        assert!(result.is_err());
        let (record, result) = guarded(case, "test", &redactor, || {
            (record.clone(), Ok(Completion::Completed))
        });
        assert!(result.is_ok() && matches!(record.outcome, Outcome::Failed(_)));
    }
}
