//! One case run: its steps in order until one has findings, its property
//! check, then its cleanup whatever happened. The state of the run is this
//! type's, so each phase reads top to bottom.

use serde_json::{json, Value};

use super::interrupt::InFlight;
use super::step::{StepLog, Unresolved};
use super::{ProductRun, Runner, Verdict};
use crate::suite::case::{Auth, Step};
use crate::suite::Case;
use crate::vars::Scope;

pub(super) struct CaseRun<'a> {
    pub(super) runner: &'a Runner,
    pub(super) case: &'a Case,
    pub(super) run: &'a ProductRun,
    pub(super) scope: Scope,
    /// Steps with findings (and the property check's), for the report.
    logs: Vec<StepLog>,
    /// Every exchange as the baseline keeps it.
    records: Vec<Value>,
    failed: bool,
    ignored: Option<String>,
    /// Where the case is in the suite, for the cleanup registry (cases
    /// with cleanup only).
    index: Option<usize>,
    /// The case's values are in the cleanup registry.
    registered: bool,
    /// A step was sent (cleanup has something to undo).
    sent: bool,
}

impl<'a> CaseRun<'a> {
    pub(super) fn new(runner: &'a Runner, case: &'a Case, run: &'a ProductRun) -> CaseRun<'a> {
        let mut scope = Scope::new(chrono::Utc::now());
        let target = &run.session.target;
        for (k, v) in target.credentials.iter().chain(&target.fixtures) {
            scope.set(k, Value::String(v.clone()));
        }
        let index = (!case.spec.cleanup.is_empty())
            .then(|| {
                let id = case.id();
                runner.suite.cases.iter().position(|c| c.id() == id)
            })
            .flatten();
        CaseRun {
            runner,
            case,
            run,
            scope,
            logs: Vec::new(),
            records: Vec::new(),
            failed: false,
            ignored: None,
            index,
            registered: false,
            sent: false,
        }
    }

    /// The steps, in order, until one has findings or cannot be built.
    pub(super) async fn steps(&mut self) {
        let total = self.case.spec.steps.len();
        for (i, step) in self.case.spec.steps.iter().enumerate() {
            if self.skipped(step) {
                continue;
            }
            let label = if total > 1 {
                format!("step {} of {total}", i + 1)
            } else {
                "request".to_string()
            };
            let Some(_flight) = InFlight::start(self.runner) else {
                self.ignored = Some("the run was interrupted".into());
                return;
            };
            let result = self
                .runner
                .step(self.case, self.run, step, &mut self.scope, label)
                .await;
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
                    self.ignored = Some(format!(
                        "the target gave no `{name}` to go on with (an earlier answer lacked it)"
                    ));
                    return;
                }
            }
        }
    }

    /// The property check, if the case has one and its steps went well.
    pub(super) async fn property(&mut self) {
        let Some(p) = &self.case.property else {
            return;
        };
        if self.failed || self.ignored.is_some() {
            return;
        }
        let driver = super::drive::CaseDriver {
            runner: self.runner,
            case: self.case,
            run: self.run,
        };
        let label = format!("check {}", p.kind());
        let checked = crate::probe::run(&driver, p, &self.scope);
        match crate::client::capture::labelled(&label, Auth::Default, checked).await {
            crate::probe::Outcome::Checked { line, findings } => {
                self.records.push(json!({
                    "check": p.kind(),
                    "line": line,
                    "findings": findings.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
                }));
                if !findings.is_empty() {
                    self.failed = true;
                    self.logs.push(StepLog {
                        label: format!("check {}", p.kind()),
                        line,
                        findings,
                        record: None,
                    });
                }
            }
            crate::probe::Outcome::Ignored(reason) => self.ignored = Some(reason),
        }
    }

    /// The cleanup steps, whatever happened once a step was sent, unless an
    /// interruption claimed them (took them from the registry to run them
    /// itself).
    pub(super) async fn cleanup(&mut self) {
        let _flight = InFlight::always(self.runner);
        if !self.sent {
            // No step was sent (an interruption came first): nothing to undo.
            return;
        }
        if self.registered && self.runner.taken_by_interrupt(&self.case.id()) {
            return;
        }
        let _cleaning = super::interrupt::Cleaning::start(self.runner, &self.case.id());
        for (i, step) in self.case.spec.cleanup.iter().enumerate() {
            if self.skipped(step) {
                continue;
            }
            let label = format!("cleanup {}", i + 1);
            let result = self
                .runner
                .step(self.case, self.run, step, &mut self.scope, label)
                .await;
            let Ok(mut log) = result else {
                continue;
            };
            self.records.extend(log.record.take());
            if !log.findings.is_empty() {
                if let Some(name) = &step.if_captured {
                    log.label = format!(
                        "{} failed: the target may still hold what `{name}` names",
                        log.label
                    );
                }
                let why = super::interrupt::findings_text(&log.findings);
                self.runner
                    .note_left_behind(self.case, step, &self.scope, &why);
                self.failed = true;
                self.logs.push(log);
            }
        }
    }

    /// The verdict, its text redacted, and the baseline records.
    pub(super) fn finish(mut self) -> (Verdict, Vec<Value>) {
        let strict = self.runner.strict_findings(self.case);
        if !strict.is_empty() {
            self.failed = true;
            self.logs.push(StepLog {
                label: "known deviations (--deny-deviations)".into(),
                line: "the answers show a listed deviation from the docs".into(),
                findings: strict,
                record: None,
            });
        }
        let scrub = |t: &str| self.runner.redactor.scrub(t);
        let verdict = if self.failed {
            Verdict::Fail(scrub(&super::text::report(self.case, &self.logs)))
        } else if let Some(reason) = &self.ignored {
            Verdict::Ignored(scrub(reason))
        } else {
            Verdict::Pass
        };
        (verdict, self.records)
    }

    /// A step that needs a capture the target did not give is skipped.
    fn skipped(&self, step: &Step) -> bool {
        step.if_captured
            .as_ref()
            .is_some_and(|n| self.scope.get(n).is_none())
    }

    /// Keeps a step's record, and its log when it has findings; whether it had.
    fn keep(&mut self, mut log: StepLog) -> bool {
        self.records.extend(log.record.take());
        let bad = !log.findings.is_empty();
        self.logs.push(log);
        bad
    }

    /// Puts the case's values so far in the cleanup registry.
    fn register(&mut self) {
        if self.case.spec.cleanup.is_empty() {
            return;
        }
        if let Some(index) = self.index {
            self.runner.register(&self.case.id(), index, &self.scope);
            self.registered = true;
        }
    }
}
