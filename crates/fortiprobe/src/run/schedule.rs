//! When the cases of a run start: all at once, each as a task of its own
//! on the run's runtime, in the run's order (`Suite::in_run_order`), each
//! held back by its lock and its product's slots (`locks`). So the run's
//! pace is the targets' (their answer times and how many requests each
//! takes at once), not the number of threads that wait for the results.
//! The locks are asked for in the run's order before any case starts, so
//! readers and writers of a product follow one another in the same order
//! on every run. With one case at a time in all, the cases run one after
//! another in the run's order.
//!
//! A case is begun (`Runner::begin`: the progress line and the reports
//! see it start) once it holds its lock and slots, and run through the
//! runner's one entry point (`Runner::run_begun`); its end is told by
//! whoever waits for it (`wait`, the trial), just before libtest prints
//! its line. After `--max-failures` failed cases (`--fail-fast`: one),
//! the cases not yet begun end ignored, saying why; the cases running
//! finish, their cleanup included.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::oneshot;

use super::{CaseReport, Runner, Verdict};
use crate::lock::Lock;
use crate::report::event::CaseKey;
use crate::report::outcome::NOT_RUN;
use crate::report::{CaseInfo, ExchangeLog, Failure};

/// A case run by the schedule, its end not yet told.
pub struct Begun {
    pub key: CaseKey,
    pub report: CaseReport,
    pub started: Instant,
}

/// How many failed cases stop a run (`--max-failures`, `--fail-fast`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxFailures {
    pub count: usize,
    /// Given as `--fail-fast` (said so in the reason).
    pub fail_fast: bool,
}

/// What each started case will give.
pub struct Schedule {
    results: BTreeMap<usize, Lock<Option<oneshot::Receiver<Begun>>>>,
}

/// The cases that failed so far (`Runner::failed`, and those that
/// panicked), against the most the run allows.
struct Failures {
    max: Option<MaxFailures>,
    panicked: AtomicUsize,
}

impl Failures {
    /// Why a case not yet begun is not run, once enough cases failed.
    fn stopped(&self, runner: &Runner) -> Option<String> {
        let max = self.max?;
        let seen = runner.failed() + self.panicked.load(Ordering::SeqCst);
        // The same words for every case not run, whatever number had
        // failed by then (the cases already running go on and may fail
        // too): the summary says them once.
        (seen >= max.count).then(|| {
            if max.fail_fast {
                format!("{NOT_RUN} at its first failed case (--fail-fast)")
            } else {
                format!(
                    "{NOT_RUN} after {n} failed cases (--max-failures {n})",
                    n = max.count
                )
            }
        })
    }
}

impl Schedule {
    /// Starts the cases at `cases` (indexes into the suite's cases, in the
    /// run's order) on `rt`; `one_at_a_time`: each after the one before
    /// has ended.
    pub fn start(
        runner: &Arc<Runner>,
        rt: &tokio::runtime::Handle,
        cases: &[usize],
        one_at_a_time: bool,
    ) -> Schedule {
        for &i in cases {
            let case = &runner.suite.cases[i];
            // A case ignored whatever the target says takes no place.
            if runner.ignore_reason(case).is_none() {
                runner.locks.issue(case);
            }
        }
        let failures = Arc::new(Failures {
            max: runner.options.max_failures,
            panicked: AtomicUsize::new(0),
        });
        let mut results = BTreeMap::new();
        let mut senders = Vec::new();
        for &i in cases {
            let (tx, rx) = oneshot::channel();
            results.insert(i, Lock::new(Some(rx)));
            senders.push((i, tx));
        }
        let one = {
            let runner = Arc::clone(runner);
            move |i: usize, tx: oneshot::Sender<Begun>| {
                let (runner, failures) = (Arc::clone(&runner), Arc::clone(&failures));
                async move {
                    let begun = run(runner, i, &failures).await;
                    let _ = tx.send(begun);
                }
            }
        };
        if one_at_a_time {
            rt.spawn(async move {
                for (i, tx) in senders {
                    one(i, tx).await;
                }
            });
        } else {
            for (i, tx) in senders {
                rt.spawn(one(i, tx));
            }
        }
        Schedule { results }
    }

    /// Waits for the case at `index`; `None` when it was not started (or
    /// its result was already taken).
    pub fn wait(&self, rt: &tokio::runtime::Handle, index: usize) -> Option<Begun> {
        let rx = self.results.get(&index)?.lock().take()?;
        rt.block_on(rx).ok()
    }
}

/// Runs the case at `index` once it may: its lock and slots (none for a
/// case ignored whatever the target says), then the case, unless enough
/// cases failed before.
async fn run(runner: Arc<Runner>, index: usize, failures: &Failures) -> Begun {
    let case = &runner.suite.cases[index];
    if runner.ignore_reason(case).is_none() {
        runner.locks.admit(case).await;
    }
    let started = Instant::now();
    let key = runner.begin(CaseInfo::of(case));
    let report = match failures.stopped(&runner) {
        Some(reason) => report(Verdict::Ignored(reason)),
        None => {
            let inner = Arc::clone(&runner);
            let task = tokio::spawn(async move {
                let case = &inner.suite.cases[index];
                inner.run_begun(key, case).await
            });
            task.await.unwrap_or_else(|e| {
                failures.panicked.fetch_add(1, Ordering::SeqCst);
                panicked(&runner, e)
            })
        }
    };
    runner.locks.release(case).await;
    Begun {
        key,
        report,
        started,
    }
}

/// A case whose task panicked (a bug in fortiprobe): it fails saying so
/// (scrubbed); the cleanup it owed runs after the trials
/// (`Runner::leftovers`).
fn panicked(runner: &Runner, e: tokio::task::JoinError) -> CaseReport {
    let text = match e.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into()),
        Err(_) => "its task was cancelled".into(),
    };
    report(Verdict::Fail(Failure {
        panic: Some(runner.redactor.scrub(&text)),
        ..Failure::default()
    }))
}

/// A report of a case that sent nothing.
fn report(verdict: Verdict) -> CaseReport {
    CaseReport {
        verdict,
        requests: 0,
        bytes: 0,
        changes: None,
        exchanges: ExchangeLog::new(),
    }
}
