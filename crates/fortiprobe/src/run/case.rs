//! One case run: its steps in order until one has findings, its property
//! check, then its cleanup whatever happened. The state of the run is this
//! type's, so each phase reads top to bottom.

use serde_json::{json, Value};

use super::cleanup::{findings_text, undone, what, InFlight};
use super::context::Context;
use super::step::{StepLog, Unresolved};
use super::{Failure, StepReport, Verdict};
use crate::report::event::{Cleaned, Event};
use crate::suite::case::{Auth, Step};
use crate::vars::Scope;

pub(super) struct CaseRun<'a> {
    cx: &'a Context<'a>,
    scope: Scope,
    /// Steps with findings (and the property check's), for the verdict.
    failure: Failure,
    /// Every exchange as the baseline keeps it.
    records: Vec<Value>,
    failed: bool,
    ignored: Option<String>,
    /// The case's values are in the cleanup registry.
    registered: bool,
    /// A step was sent (cleanup has something to undo).
    sent: bool,
}

impl<'a> CaseRun<'a> {
    pub(super) fn new(cx: &'a Context<'a>) -> CaseRun<'a> {
        CaseRun {
            cx,
            scope: Scope::over(&cx.run.known, chrono::Utc::now()),
            failure: Failure::default(),
            records: Vec::new(),
            failed: false,
            ignored: None,
            registered: false,
            sent: false,
        }
    }

    /// The steps, in order, until one has findings or cannot be built.
    pub(super) async fn steps(&mut self) {
        let total = self.cx.case.spec.steps.len();
        for (i, step) in self.cx.case.spec.steps.iter().enumerate() {
            if self.skipped(step) {
                continue;
            }
            let label = if total > 1 {
                format!("step {} of {total}", i + 1)
            } else {
                "request".to_string()
            };
            let Some(_flight) = InFlight::start(&self.cx.runner.cleanups) else {
                self.ignored = Some("the run was interrupted".into());
                return;
            };
            let result = self.cx.step(step, &mut self.scope, label).await;
            self.sent = true;
            self.register();
            match result {
                Ok(log) => {
                    if self.keep(log) {
                        self.failed = true;
                        return;
                    }
                }
                Err(Unresolved::Missing(name)) => {
                    self.ignored = Some(self.scope.why_missing(&name));
                    return;
                }
            }
        }
    }

    /// The property check, if the case has one and its steps went well.
    pub(super) async fn property(&mut self) {
        let Some(p) = &self.cx.case.property else {
            return;
        };
        if self.failed || self.ignored.is_some() {
            return;
        }
        let label = format!("check {}", p.kind());
        let pages = self.cx.pages(&label, Auth::Default, &self.scope);
        let probe = self.cx.probe(&pages);
        match crate::probe::run(&probe, p, &self.scope).await {
            crate::probe::Outcome::Checked { line, findings } => {
                self.records.push(json!({
                    "check": p.kind(),
                    "line": line,
                    "findings": findings.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
                }));
                if !findings.is_empty() {
                    self.failed = true;
                    let mut report = StepReport::new(label.clone(), line);
                    report.add_all(findings);
                    self.push(report);
                }
            }
            crate::probe::Outcome::Ignored(reason) => self.ignored = Some(reason),
        }
    }

    /// The cleanup steps, whatever happened once a step was sent, unless an
    /// interruption claimed them (took them from the registry to run them
    /// itself).
    pub(super) async fn cleanup(&mut self) {
        let _flight = InFlight::always(&self.cx.runner.cleanups);
        if !self.sent {
            // No step was sent (an interruption came first): nothing to undo.
            return;
        }
        let runner = self.cx.runner;
        let cleanups = &runner.cleanups;
        let _cleaning = match self.cx.tap.key() {
            Some(key) if self.registered => match cleanups.settle(key, self.cx.case.id()) {
                Some(guard) => Some(guard),
                None => return, // the interruption took it
            },
            Some(key) => Some(cleanups.cleaning(key, self.cx.case.id())),
            None => None,
        };
        for (i, step) in self.cx.case.spec.cleanup.iter().enumerate() {
            if self.skipped(step) {
                continue;
            }
            let label = format!("cleanup {}", i + 1);
            let result = self.cx.step(step, &mut self.scope, label).await;
            let Ok(mut log) = result else {
                continue;
            };
            self.records.extend(log.record.take());
            if !log.report.found() {
                let what = what(&self.cx.case.id(), step, &self.scope);
                self.tell_cleanup(format!("cleaned up {what}"), Cleaned::Done);
            } else {
                if let Some(name) = &step.if_captured {
                    log.report.label = format!(
                        "{} failed: the target may still hold what `{name}` names",
                        log.report.label
                    );
                }
                let why = findings_text(&log.report.findings);
                let by_hand = self.cx.runner.by_hand(self.cx.case, step, &self.scope);
                let (outcome, line) = undone(&self.cx.case.id(), step, &self.scope, &why, by_hand);
                self.cx.runner.cleanups.undone();
                self.tell_cleanup(line, outcome);
                self.failed = true;
                self.push(log.report);
            }
        }
    }

    /// The verdict, its texts redacted, and the baseline records.
    pub(super) fn finish(mut self) -> (Verdict, Vec<Value>) {
        let strict = self.cx.strict_findings();
        if !strict.is_empty() {
            self.failed = true;
            let mut report = StepReport::new(
                "known deviations (--deny-deviations)",
                "the answers show a listed deviation from the docs",
            );
            report.add_all(strict);
            self.push(report);
        }
        let scrub = |t: &str| self.cx.runner.redactor.scrub(t);
        let verdict = if self.failed {
            let mut failure = std::mem::take(&mut self.failure);
            failure.scrub(&scrub);
            Verdict::Fail(failure)
        } else if let Some(reason) = &self.ignored {
            Verdict::Ignored(scrub(reason))
        } else {
            Verdict::Pass
        };
        (verdict, self.records)
    }

    /// A step whose condition is unmet (it needs a capture the target did
    /// not give, or one it gave makes it needless) is skipped.
    fn skipped(&self, step: &Step) -> bool {
        step.skipped(|n| self.scope.get(n).is_some())
            || (step.unless_passed && !self.failed && self.ignored.is_none())
    }

    /// Keeps a step's record, and its report when it has findings; whether it had.
    fn keep(&mut self, mut log: StepLog) -> bool {
        self.records.extend(log.record.take());
        let bad = log.report.found();
        if bad {
            self.push(log.report);
        }
        bad
    }

    /// Keeps a part's report in the failure (scrubbed, within the case's
    /// bound), telling each finding kept.
    fn push(&mut self, report: StepReport) {
        let scrub = |t: &str| self.cx.runner.redactor.scrub(t);
        let mut one = Failure::default();
        one.push(report);
        one.scrub(&scrub);
        let Some(report) = one.steps.pop() else {
            return;
        };
        self.failure.push(report);
        let (Some(kept), Some(case)) = (self.failure.steps.last(), self.cx.tap.key()) else {
            return;
        };
        for f in &kept.findings {
            self.cx.tap.tell(Event::Finding {
                case,
                step: kept.label.clone(),
                finding: f.clone(),
            });
        }
    }

    /// Tells what a cleanup step of the case did (scrubbed).
    fn tell_cleanup(&self, line: String, outcome: Cleaned) {
        self.cx.tap.tell(Event::Cleanup {
            case: self.cx.tap.key(),
            line: self.cx.runner.redactor.scrub(&line),
            outcome,
        });
    }

    /// Puts the case's values so far in the cleanup registry.
    fn register(&mut self) {
        let (case, Some(key)) = (self.cx.case, self.cx.tap.key()) else {
            return;
        };
        if !case.spec.cleanup.is_empty() {
            self.cx.runner.cleanups.owe(key, case, &self.scope);
            self.registered = true;
        }
    }
}
