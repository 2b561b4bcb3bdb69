//! Judging an answer: `check::exchange`, with the findings a known
//! deviation explains accepted (and recorded) unless `--strict`; and the
//! policy that decides whether a case can run here at all.

use serde_json::Value;

use super::Runner;
use crate::check::{self, Finding};
use crate::client::http::Exchange;
use crate::suite::case::{Basis, Expect, StatusSpec};
use crate::suite::Case;
use crate::vars::Scope;

impl Runner {
    /// `check::exchange`, with findings a known deviation explains accepted
    /// (and recorded) unless `--strict`.
    pub(super) fn judge(
        &self,
        case: &Case,
        ex: &Exchange,
        expect: &Expect,
        scope: &Scope,
    ) -> Vec<Finding> {
        let findings = check::exchange(ex, expect, &self.suite.schemas, scope);
        if findings.is_empty() {
            return findings;
        }
        let doc = ex.json_ref().unwrap_or(&Value::Null);
        let header = |name: &str| ex.header(name).map(str::to_string);
        let (rest, met) = check::deviation::sort(
            &self.suite.deviations,
            case.product,
            findings.clone(),
            doc,
            &header,
        );
        if met.is_empty() {
            return findings;
        }
        if self.options.strict {
            let mut all: Vec<Finding> = met
                .into_iter()
                .map(|id| {
                    Finding::new("known deviation", "the documented behaviour (--strict)", id)
                })
                .collect();
            all.extend(findings);
            return all;
        }
        if let Ok(mut m) = self.met.lock() {
            for id in met {
                m.entry(id).or_default().insert(case.id());
            }
        }
        rest
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
        if case.spec.basis == Basis::Framework && !self.options.strict {
            return Some(
                "framework behaviour the vendor docs do not promise: run with --strict".into(),
            );
        }
        None
    }
}
