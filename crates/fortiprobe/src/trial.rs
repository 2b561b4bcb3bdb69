//! The only place that touches libtest-mimic: every case becomes a trial
//! named `product/endpoint/case`, sorted, with its kind. The cases a run
//! takes start at once as tasks on the one shared tokio runtime, each held
//! back by its lock and its product's slots (`run::schedule`); each trial
//! waits for its case and ends it (`Runner::end`, which tells the run's
//! listener: the progress line, the reports' collector) just before it
//! returns to libtest, which then prints the trial's line: libtest's
//! threads only hand results to its printer. A case the schedule did not
//! start is begun, run and ended by its trial itself. libtest is told the
//! verdict as text (with `--verbose`, followed by the case's exchanges). A
//! case that panics (a bug in fortiprobe) fails saying so, and the cleanup
//! it owed runs after the trials (`Runner::leftovers`).

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use libtest_mimic::{Completion, Failed, Trial};

use crate::report::{text, CaseInfo, ExchangeLog, Failure, TrialRecord};
use crate::run::schedule::Schedule;
use crate::run::{CaseReport, Runner, Verdict};

/// The trials of a run, and the schedule their cases start on.
pub struct Trials {
    pub list: Vec<Trial>,
    /// The suite's case of each trial (`None`: a case left unread).
    cases: Vec<Option<usize>>,
    schedule: Arc<OnceLock<Schedule>>,
}

impl Trials {
    /// Starts the cases of the trials libtest will run (`taken`), in the
    /// run's order; one after another with `one_at_a_time`.
    pub fn start(
        &self,
        runner: &Arc<Runner>,
        rt: &tokio::runtime::Handle,
        taken: impl Fn(&Trial) -> bool,
        one_at_a_time: bool,
    ) {
        let cases: Vec<usize> = self
            .list
            .iter()
            .zip(&self.cases)
            .filter(|(t, _)| taken(t))
            .filter_map(|(_, c)| *c)
            .collect();
        let _ = self
            .schedule
            .set(Schedule::start(runner, rt, &cases, one_at_a_time));
    }
}

/// The trials of a run, in the order a run takes the cases
/// (`Suite::in_run_order`: sorted, destructive cases last); with
/// `verbose`, a failing trial's message ends with its exchanges.
pub fn trials(runner: &Arc<Runner>, rt: &tokio::runtime::Handle, verbose: bool) -> Trials {
    let schedule: Arc<OnceLock<Schedule>> = Arc::default();
    let mut cases = Vec::new();
    let mut list: Vec<Trial> = runner
        .suite
        .in_run_order()
        .map(|(index, case)| {
            cases.push(Some(index));
            let info = CaseInfo::of(case);
            let kind = info.kind.clone();
            let runner = Arc::clone(runner);
            let rt = rt.clone();
            let schedule = Arc::clone(&schedule);
            Trial::ignorable_test(shown(&case.id()), move || {
                let begun = schedule.get().and_then(|s| s.wait(&rt, index));
                let (key, report, started) = match begun {
                    Some(b) => (b.key, b.report, b.started),
                    None => {
                        let started = Instant::now();
                        let key = runner.begin(info.clone());
                        let report = guarded(&runner.redactor, || {
                            rt.block_on(runner.run_begun(key, &runner.suite.cases[index]))
                        });
                        (key, report, started)
                    }
                };
                runner.end(key, &report, started.elapsed());
                told(info.clone(), report, verbose)
            })
            .with_kind(kind)
        })
        .collect();
    for trial in left_out(&runner.suite) {
        list.push(trial);
        cases.push(None);
    }
    Trials {
        list,
        cases,
        schedule,
    }
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
