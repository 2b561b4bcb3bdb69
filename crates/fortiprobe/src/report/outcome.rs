//! How a case ended, as values every writer renders: a `Verdict`, and for
//! a failure the steps that found something, each with its request line
//! and its findings (`check::Finding`: where, expected, actual, the page of
//! a walk, the exchange). Text is one rendering of it (`text`), JSON, JUnit
//! and HTML others; none reads what another wrote.
//!
//! Findings are bounded as they are kept, not when they are shown: a step
//! keeps its first `FINDINGS_PER_STEP` and counts the rest, a case its
//! first `FINDINGS_PER_CASE`, so an answer with a million errors costs a
//! count, not a million findings in every report.

use crate::check::Finding;
use crate::suite::case::Basis;
use crate::suite::Case;

/// How the reason of a case not begun starts when the run stopped because
/// enough cases had failed (`--fail-fast`, `--max-failures`): the summary
/// says that reason once, with the number of cases.
pub const NOT_RUN: &str = "not run: the run stopped";

/// Findings a step keeps; past this it counts them.
pub const FINDINGS_PER_STEP: usize = 100;

/// Findings a case keeps over all its steps; past this it counts them.
pub const FINDINGS_PER_CASE: usize = 250;

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// Could not run here (product or fixture not configured, not allowed); the reason.
    Ignored(String),
    /// What was wrong, step by step.
    Fail(Failure),
}

impl Verdict {
    /// `passed`, `failed` or `ignored`.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Pass => "passed",
            Verdict::Fail(_) => "failed",
            Verdict::Ignored(_) => "ignored",
        }
    }
}

/// A failed case: the parts of it that found something, in order. Every
/// text in it is scrubbed of secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failure {
    /// Steps, the property check, cleanup steps and `--strict`'s known
    /// deviations, each with its findings.
    pub steps: Vec<StepReport>,
    /// What the `--baseline` comparison found changed, or why the
    /// baseline could not be written.
    pub baseline: Option<String>,
    /// fortiprobe itself failed while running the case (a bug): what it said.
    pub panic: Option<String>,
}

impl Failure {
    /// A failure that is only a baseline's change.
    pub fn baseline(text: String) -> Failure {
        Failure {
            baseline: Some(text),
            ..Failure::default()
        }
    }

    /// Every finding kept, step after step.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.steps.iter().flat_map(|s| s.findings.iter())
    }

    /// Findings found but not kept (past a step's or the case's bound).
    pub fn left_out(&self) -> usize {
        self.steps.iter().map(|s| s.left_out).sum()
    }

    /// Every text in it passed through `scrub` (the run's redaction).
    pub fn scrub(&mut self, scrub: &dyn Fn(&str) -> String) {
        let again = |t: &mut String| *t = scrub(t);
        for s in &mut self.steps {
            again(&mut s.label);
            again(&mut s.line);
            for f in &mut s.findings {
                again(&mut f.at);
                again(&mut f.expected);
                again(&mut f.actual);
                if let Some(p) = &mut f.page {
                    again(&mut p.request);
                }
            }
        }
        self.baseline
            .iter_mut()
            .chain(&mut self.panic)
            .for_each(again);
    }

    /// Adds a step's report, within the case's bound: findings past
    /// `FINDINGS_PER_CASE` are counted in the step's `left_out`.
    pub fn push(&mut self, mut step: StepReport) {
        let room = FINDINGS_PER_CASE.saturating_sub(self.findings().count());
        if step.findings.len() > room {
            step.left_out += step.findings.len() - room;
            step.findings.truncate(room);
        }
        self.steps.push(step);
    }
}

/// One part of a case and what it found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepReport {
    /// `request`, `step 2 of 3`, `check pagination`, `cleanup 1`, `known
    /// deviations (--strict)`.
    pub label: String,
    /// What was sent and what came back: `GET /api/v1/x/ → 200 in 3 ms`.
    pub line: String,
    /// The first `FINDINGS_PER_STEP` findings.
    pub findings: Vec<Finding>,
    /// Findings past those kept.
    pub left_out: usize,
}

impl StepReport {
    pub fn new(label: impl Into<String>, line: impl Into<String>) -> StepReport {
        StepReport {
            label: label.into(),
            line: line.into(),
            ..StepReport::default()
        }
    }

    /// Keeps `f`, or counts it past the bound.
    pub fn add(&mut self, f: Finding) {
        if self.findings.len() < FINDINGS_PER_STEP {
            self.findings.push(f);
        } else {
            self.left_out += 1;
        }
    }

    /// Keeps each of `fs` as `add` does.
    pub fn add_all(&mut self, fs: impl IntoIterator<Item = Finding>) {
        for f in fs {
            self.add(f);
        }
    }

    /// Whether the step found anything.
    pub fn found(&self) -> bool {
        !self.findings.is_empty() || self.left_out > 0
    }
}

/// A case as every report names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseInfo {
    /// `product/endpoint/case`.
    pub name: String,
    /// `exchange`, `sequence`, `pagination`, ... and ` destructive`.
    pub kind: String,
    /// `doc` or `framework`.
    pub basis: &'static str,
    pub destructive: bool,
    /// What the case checks.
    pub summary: String,
    /// Where it is written: `cases/fortiportal/tokens.yaml:10`.
    pub origin: String,
    /// The documentation it rests on, as the case cites it.
    pub source: Option<String>,
}

impl CaseInfo {
    pub fn of(case: &Case) -> CaseInfo {
        let kind = if case.spec.destructive {
            format!("{} destructive", case.kind())
        } else {
            case.kind().to_string()
        };
        CaseInfo {
            name: case.id(),
            kind,
            basis: match case.spec.basis {
                Basis::Doc => "doc",
                Basis::Framework => "framework",
            },
            destructive: case.spec.destructive,
            summary: case.spec.summary.clone(),
            origin: case.origin.clone(),
            source: case.spec.source.clone(),
        }
    }

    /// `(product, endpoint, case)` of the name.
    pub fn parts(&self) -> (&str, &str, &str) {
        let mut it = self.name.splitn(3, '/');
        (
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_bounded_per_step_and_per_case_as_they_are_kept() {
        let f = |i: usize| Finding::new(format!("/objects/{i}/type"), "a string", "5");
        let mut step = StepReport::new("request", "GET /x → 200 in 1 ms");
        step.add_all((0..FINDINGS_PER_STEP + 7).map(f));
        assert_eq!(step.findings.len(), FINDINGS_PER_STEP);
        assert_eq!(step.left_out, 7);
        assert!(step.found());
        let mut failure = Failure::default();
        for _ in 0..3 {
            failure.push(step.clone());
        }
        assert_eq!(failure.findings().count(), FINDINGS_PER_CASE);
        assert_eq!(
            failure.left_out(),
            3 * (FINDINGS_PER_STEP + 7) - FINDINGS_PER_CASE
        );
        assert_eq!(failure.steps[2].findings.len(), FINDINGS_PER_CASE - 200);
    }
}
