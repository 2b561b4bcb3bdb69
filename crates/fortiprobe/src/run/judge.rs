//! Judging an answer: `check::exchange`, with the findings a known
//! deviation explains accepted (and recorded) unless `--deny-deviations`; and the
//! policy that decides whether a case can run here at all.

use super::context::Context;
use super::Runner;
use crate::check::{self, Finding};
use crate::client::http::Exchange;
use crate::report::event::{Event, Sighting};
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
        // Deviation id and the place it explained, in the order met.
        let explained_at = std::cell::RefCell::new(Vec::<(String, String, Option<String>)>::new());
        let explained = |at: &str| {
            let id = check::deviation::explains(&suite.deviations, product, ex, at);
            id.map(|id| explained_at.borrow_mut().push((id, at.to_string(), None)))
                .is_some()
        };
        let findings = check::exchange_explained(
            ex,
            expect,
            &suite.schemas,
            scope,
            &*runner.redactor,
            &explained,
        );
        let mut rest = Vec::new();
        for mut f in findings {
            f.exchange = ex.recorded;
            match check::deviation::explains(&suite.deviations, product, ex, &f.at) {
                Some(id) => {
                    explained_at
                        .borrow_mut()
                        .push((id, f.at.clone(), Some(f.actual.clone())))
                }
                None => rest.push(f),
            }
        }
        let case = self.case.id();
        let mut told = Vec::new();
        for (id, at, actual) in explained_at.into_inner() {
            if told.contains(&id) {
                continue;
            }
            told.push(id.clone());
            let seen = self.sighting(ex, at, actual);
            runner.ledger.note(&id, &case, &seen);
            self.tap.tell(Event::DeviationMet {
                case: case.clone(),
                id,
                seen,
            });
        }
        rest
    }

    /// Where in `ex` a deviation showed (`at`) and what the target sent
    /// there: the finding's value, or the value at that JSON pointer or
    /// header, scrubbed and shortened.
    fn sighting(&self, ex: &Exchange, at: String, actual: Option<String>) -> Sighting {
        let scrub = &*self.runner.redactor;
        let value = actual.unwrap_or_else(|| match at.strip_prefix("header ") {
            Some(name) => check::fields::show(
                ex.header(name)
                    .map(|v| serde_json::Value::String(v.to_string()))
                    .as_ref(),
                scrub,
            ),
            None => {
                let doc = ex.json_ref().ok();
                check::fields::show(doc.and_then(|d| d.pointer(&at)), scrub)
            }
        });
        Sighting {
            at: scrub.scrub(&at),
            value,
            request: scrub.scrub(&format!("{} {}", ex.method, ex.target)),
            exchange: ex.recorded,
        }
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
            .map(|(dev, seen)| {
                let summary = runner
                    .suite
                    .deviations
                    .list
                    .iter()
                    .find(|d| d.id == dev)
                    .map_or(String::new(), |d| d.summary.clone());
                let mut f = Finding::new(
                    seen.at.clone(),
                    "the documented behaviour (--deny-deviations)",
                    format!(
                        "{} in {}, the known deviation {dev}: {summary}",
                        seen.value,
                        match seen.exchange {
                            Some(n) => format!("exchange {} ({})", n + 1, seen.request),
                            None => format!("the answer to {}", seen.request),
                        }
                    ),
                );
                f.exchange = seen.exchange;
                f
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
