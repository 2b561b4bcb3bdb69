//! Judging an answer: `check::exchange`, with the findings a known
//! deviation explains accepted (and recorded) unless `--deny-deviations`; and the
//! policy that decides whether a case can run here at all.

use super::Runner;
use crate::check::{self, Finding};
use crate::client::http::Exchange;
use crate::suite::case::{Basis, Expect, StatusSpec};
use crate::suite::Case;
use crate::vars::Scope;

impl Runner {
    /// `check::exchange`, with the findings a known deviation explains taken
    /// out and the deviation recorded against the case: listed in the
    /// summary, and, with `--deny-deviations`, failing the case once (`met_by`).
    /// Either way the rest of the answer is judged as if the deviation were
    /// not there, so one deviation masks nothing else.
    pub(super) fn judge(
        &self,
        case: &Case,
        ex: &Exchange,
        expect: &Expect,
        scope: &Scope,
    ) -> Vec<Finding> {
        // Departures of the body a deviation explains are judged before
        // the findings are bounded (`check::bound`), so none is counted.
        let explained_ids = std::cell::RefCell::new(Vec::new());
        let explained = |at: &str| {
            let id = check::deviation::explains(&self.suite.deviations, case.product, ex, at);
            id.map(|id| explained_ids.borrow_mut().push(id)).is_some()
        };
        let findings = check::exchange_explained(
            ex,
            expect,
            &self.suite.schemas,
            scope,
            &*self.redactor,
            &explained,
        );
        let (rest, mut met) =
            check::deviation::sort(&self.suite.deviations, case.product, findings, ex);
        for id in explained_ids.into_inner() {
            if !met.contains(&id) {
                met.push(id);
            }
        }
        if !met.is_empty() {
            if let Ok(mut m) = self.met.lock() {
                for id in met {
                    m.entry(id).or_default().insert(case.id());
                }
            }
        }
        rest
    }

    /// With `--deny-deviations`, the known deviations the case's answers
    /// showed, one finding each.
    pub(super) fn strict_findings(&self, case: &Case) -> Vec<Finding> {
        if !self.options.deny_deviations {
            return Vec::new();
        }
        let id = case.id();
        let met = self.met.lock().map(|m| m.clone()).unwrap_or_default();
        met.into_iter()
            .filter(|(_, cases)| cases.contains(&id))
            .map(|(dev, _)| {
                let summary = self
                    .suite
                    .deviations
                    .list
                    .iter()
                    .find(|d| d.id == dev)
                    .map_or(String::new(), |d| d.summary.clone());
                Finding::new(
                    "known deviation",
                    "the documented behaviour (--deny-deviations)",
                    format!("{dev}: {summary}"),
                )
            })
            .collect()
    }

    /// A listing page: 200, JSON, `schema`, known deviations applied.
    pub(super) fn judge_page(&self, case: &Case, ex: &Exchange, schema: &str) -> Vec<Finding> {
        let expect = Expect {
            status: Some(StatusSpec::One(200)),
            schema: Some(schema.to_string()),
            content_type: Some("application/json".into()),
            ..Default::default()
        };
        self.judge(case, ex, &expect, &Scope::new(ex.sent_at))
    }

    /// Why the case cannot run here, if it cannot.
    pub fn ignore_reason(&self, case: &Case) -> Option<String> {
        let Some(run) = self.products.get(&case.product) else {
            return Some(format!(
                "{} is not configured in the target file",
                case.product.key()
            ));
        };
        let missing: Vec<&str> = case
            .spec
            .fixtures
            .iter()
            .filter(|f| !run.session.target.fixtures.contains_key(*f))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Some(format!(
                "needs fixture {} under {}.fixtures in the target file",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                case.product.key()
            ));
        }
        if case.spec.destructive && !self.options.allow_destructive {
            return Some(
                "destructive (makes a lasting change): run with --allow-destructive".into(),
            );
        }
        if case.spec.basis == Basis::Framework && !self.options.framework {
            return Some(
                "framework behaviour the vendor docs do not promise: run with --framework".into(),
            );
        }
        None
    }
}
