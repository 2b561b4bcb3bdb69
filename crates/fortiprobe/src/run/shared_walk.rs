//! A walk step that asks exactly what a listing's reference walk asks (GET
//! the listing with `format=json` and the largest `limit`, the product's
//! own credentials, no other header) is answered from the run's reference
//! instead of walking the whole listing again: its pages were fetched the
//! same way and judged the same way (200, JSON, the listing's schema). Its
//! per-object checks must be on identity fields (strings the reference
//! keeps as they are); any other walk step walks for itself.

use serde_json::{json, Map, Value};

use super::context::Context;
use crate::check::{fields, Finding};
use crate::probe::walker;
use crate::suite::case::{Auth, Method, StatusSpec, Step};
use crate::suite::property::Listing;
use crate::vars::Scope;

impl Context<'_> {
    /// The listing whose reference answers `step`, if one does.
    pub(super) fn shared_listing(&self, step: &Step) -> Option<&Listing> {
        let case = self.case;
        let r = &step.request;
        if !r.walk
            || r.method != Method::Get
            || r.auth != Auth::Default
            || !r.headers.is_empty()
            || !step.capture.is_empty()
        {
            return None;
        }
        let listing = self
            .runner
            .suite
            .cases
            .iter()
            .filter(|c| c.product == case.product)
            .filter_map(|c| c.property.as_ref())
            .map(|p| p.listing())
            .find(|l| l.path == r.path)?;
        let max = listing.rules.max_limit.to_string();
        let mut query: Vec<(&str, &str)> = r
            .query
            .iter()
            .map(|q| (q.name.as_str(), q.value.as_str()))
            .collect();
        query.sort();
        let e = &step.expect;
        let same_request = query == [("format", "json"), ("limit", max.as_str())];
        let same_judgement = matches!(e.status, Some(StatusSpec::One(200)))
            && e.schema.as_deref().is_none_or(|s| s == listing.schema)
            && e.content_type
                .as_deref()
                .is_none_or(|t| t.eq_ignore_ascii_case("application/json"))
            && e.body.is_none();
        let on_identity = e.fields.iter().all(|f| {
            f.at.strip_prefix("/objects/*/")
                .is_some_and(|field| listing.identity.iter().any(|i| i == field))
        });
        (same_request && same_judgement && on_identity).then_some(listing)
    }

    /// The step's answer from the reference: `{"pages", "total_count"}`,
    /// or the findings of its pages and of its per-object checks.
    pub(super) async fn walk_from_reference(
        &self,
        step: &Step,
        listing: &Listing,
        scope: &Scope,
        label: &str,
    ) -> Result<Value, Vec<Finding>> {
        let pages = self.pages(label, Auth::Default, scope);
        let reference = self.probe(&pages).reference(listing).await;
        let walk = &reference.walk;
        if walk.stopped || !walk.complete {
            return Err(walk.findings.clone());
        }
        // Page by page, as a walk step judges its pages: a document of the
        // whole listing would hold every object at once (92 MB at 100,000).
        let sent_at = chrono::Utc::now();
        let target = format!("{} and on by next", reference.start);
        let mut findings = Vec::new();
        let mut records = reference.walk.records().peekable();
        while let Some(&&(n, _)) = records.peek() {
            let mut objects = Vec::new();
            while let Some((_, r)) = records.next_if(|(m, _)| *m == n) {
                let mut o = Map::new();
                for field in &listing.identity {
                    if let Some(v) = r.fields.get(field) {
                        o.insert(field.clone(), Value::from(v));
                    }
                }
                objects.push(Value::Object(o));
            }
            let doc = json!({"objects": objects});
            let f: Vec<Finding> = step
                .expect
                .fields
                .iter()
                .flat_map(|f| fields::check(&doc, f, scope, sent_at, &*self.runner.redactor))
                .collect();
            findings.extend(walker::at_page(n, &target, f));
            if findings.len() >= walker::MAX_FINDINGS && records.peek().is_some() {
                // As a walked step stops following next.
                findings.push(Finding::new(
                    format!("page {n} ({target})"),
                    "every object checked",
                    format!(
                        "{} findings so far; the pages after page {n} were not checked",
                        findings.len()
                    ),
                ));
                break;
            }
        }
        if !findings.is_empty() {
            return Err(findings);
        }
        Ok(json!({"pages": walk.fetched, "total_count": walk.total}))
    }
}
