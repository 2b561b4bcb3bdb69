//! A step with `walk: true`: its answer is the first page of a listing,
//! and the walker follows `next` to the end. Every page must meet the
//! step's status, content type and schema; field checks on `/objects/...`
//! apply to every page as it comes. The step's answer, for its other field
//! checks, captures and baseline, is `{"pages": n, "total_count": t}`, with
//! every object under `objects` only when a baseline is recorded.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::context::Context;
use super::ProductRun;
use crate::check::record::Record;
use crate::check::{fields, Finding};
use crate::client::http::Exchange;
use crate::probe::walker::{self, Budget, Plan};
use crate::product::{DEFAULT_IDENTITY, TASTYPIE_LIST};
use crate::suite::case::Step;
use crate::vars::Scope;

impl Context<'_> {
    /// Follows `meta.next` from the step's first page to the end; the
    /// pages are fetched for the part `label` of the case.
    pub(super) async fn walk_step(
        &self,
        first: &Exchange,
        step: &Step,
        scope: &Scope,
        label: &str,
    ) -> Result<Value, Vec<Finding>> {
        let (case, run) = (self.case, self.run);
        let mut expect = step.expect.clone();
        let (per_object, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut expect.fields)
            .into_iter()
            .partition(|f| f.at.starts_with("/objects/"));
        let headers = headers(step, scope);
        let pages = self.pages(label, step.request.auth, scope);
        let identity: Vec<String> = DEFAULT_IDENTITY.iter().map(|s| s.to_string()).collect();
        let rules = case.product.describe().list.unwrap_or(TASTYPIE_LIST);
        let plan = Plan {
            start: first_url(run, first),
            expect: &expect,
            headers: &headers,
            identity: &identity,
            fields: &BTreeSet::new(),
            rules,
            judge_meta: false,
            previous_required: false,
            budget: Budget::Full,
            max_pages: self.runner.options.max_pages,
            // The step's checks read every page through `visit`.
            keep: false,
        };
        let recording = self.runner.recording();
        let mut objects = Vec::new();
        let mut visit = |_: usize, _: &str, body: &Value, _: &[Record]| -> Vec<Finding> {
            let out = per_object
                .iter()
                .flat_map(|f| fields::check(body, f, scope, first.sent_at, &*self.runner.redactor))
                .collect();
            if recording {
                if let Some(list) = body.get("objects").and_then(Value::as_array) {
                    objects.extend(list.iter().cloned());
                }
            }
            out
        };
        let w = walker::walk(&pages, &plan, Some(first), Some(&mut visit)).await;
        if !w.findings.is_empty() {
            return Err(w.findings);
        }
        let mut doc = json!({"pages": w.fetched, "total_count": w.total});
        if recording {
            doc["objects"] = Value::Array(objects);
        }
        let findings: Vec<Finding> = rest
            .iter()
            .flat_map(|f| fields::check(&doc, f, scope, first.sent_at, &*self.runner.redactor))
            .collect();
        if findings.is_empty() {
            Ok(doc)
        } else {
            Err(findings)
        }
    }
}

/// The step's request headers, their references resolved.
fn headers(step: &Step, scope: &Scope) -> Vec<(String, String)> {
    step.request
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), scope.substitute(v).unwrap_or_else(|_| v.clone())))
        .collect()
}

/// The URL of the step's first page, as sent.
fn first_url(run: &ProductRun, first: &Exchange) -> url::Url {
    let base = &run.session.target.url;
    crate::client::link::join_link(base, &first.target).unwrap_or_else(|_| base.clone())
}
