//! Judging an answer: `check::exchange`, with the findings a known
//! deviation explains accepted (and recorded) unless `--deny-deviations`; and the
//! policy that decides whether a case can run here at all.

use super::context::Context;
use super::Runner;
use crate::check::{self, Finding};
use crate::client::http::Exchange;
use crate::report::event::Event;
use crate::suite::case::{Basis, Expect};
use crate::suite::Case;
use crate::vars::Scope;

impl Context<'_> {
    /// `check::exchange`, with the findings a known deviation explains taken
    /// out and the deviation recorded against the case: told, listed in the
    /// summary, and, with `--deny-deviations`, failing the case once (`met_by`).
    /// Either way the rest of the answer is judged as if the deviation were
    /// not there, so one deviation masks nothing else. Departures of the
    /// body a deviation explains are judged before the findings are bounded
    /// (`check::bound`), so none hides in a count. Each finding names the
    /// exchange it was judged on.
    pub(super) fn judge(&self, ex: &Exchange, expect: &Expect, scope: &Scope) -> Vec<Finding> {
        let runner = self.runner;
        let (suite, product) = (&runner.suite, self.case.product);
        let explained_ids = std::cell::RefCell::new(Vec::new());
        let explained = |at: &str| {
            let id = check::deviation::explains(&suite.deviations, product, ex, at);
            id.map(|id| explained_ids.borrow_mut().push(id)).is_some()
        };
        let mut findings = check::exchange_explained(
            ex,
            expect,
            &suite.schemas,
            scope,
            &*runner.redactor,
            &explained,
        );
        for f in &mut findings {
            f.exchange = ex.recorded;
        }
        let (rest, mut met) = check::deviation::sort(&suite.deviations, product, findings, ex);
        for id in explained_ids.into_inner() {
            if !met.contains(&id) {
                met.push(id);
            }
        }
        let case = self.case.id();
        for id in met {
            runner.ledger.note(&id, &case);
            self.tap.tell(Event::DeviationMet {
                case: case.clone(),
                id,
            });
        }
        rest
    }

    /// With `--deny-deviations`, the known deviations the case's answers
    /// showed, one finding each.
    pub(super) fn strict_findings(&self) -> Vec<Finding> {
        let runner = self.runner;
        if !runner.options.deny_deviations {
            return Vec::new();
        }
        runner
            .ledger
            .met_by(&self.case.id())
            .into_iter()
            .map(|dev| {
                let summary = runner
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
}

impl Runner {
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
