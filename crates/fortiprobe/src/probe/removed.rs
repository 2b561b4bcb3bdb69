//! After a case's steps removed one object: the listing as it was before
//! the first step (the run's reference, which the runner takes before the
//! steps of a case with this check) against a fresh, complete walk of the
//! listing now, judged by `check::removed`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::walker::{self, Budget, Pages, Plan};
use super::{Outcome, Probe, Reference};
use crate::check::record::Record;
use crate::check::removed::Comparison;
use crate::check::Finding;
use crate::suite::property::Removed;
use crate::vars::Scope;

pub(super) async fn run<P: Pages>(probe: &Probe<'_, P>, r: &Removed, scope: &Scope) -> Outcome {
    let gone = match scope.substitute(&r.object) {
        Ok(g) => g,
        Err(name) => return Outcome::Ignored(scope.why_missing(&name)),
    };
    let before = probe.reference(&r.listing).await;
    if let Some(f) = &before.unusable {
        return Outcome::Checked {
            line: "the listing before the steps, the reference for this check, is not usable"
                .into(),
            findings: f.clone(),
        };
    }
    let mut url = match super::listing::listing_url(probe.pages, &r.listing, &[]) {
        Ok(u) => u,
        Err(e) => {
            return Outcome::Checked {
                line: String::new(),
                findings: vec![Finding::new("path", "a path on the target", e)],
            }
        }
    };
    url.query_pairs_mut()
        .extend_pairs(Reference::params(&r.listing));
    let start = crate::client::link::target_of(&url);
    let (after, findings) = walk_after(probe.pages, r, &before, url, &gone).await;
    let line = format!(
        "GET {start} and on by next: {} pages, {} objects, against the {} objects listed before the steps ({})",
        after.fetched,
        after.objects(),
        before.walk.objects(),
        before.start,
    );
    Outcome::Checked { line, findings }
}

/// The complete walk of the listing now from `url`, compared page by page
/// with `before` as the pages come (none is held): the walk, and the
/// findings of either.
async fn walk_after<P: Pages>(
    pages: &P,
    r: &Removed,
    before: &Reference,
    url: url::Url,
    gone: &str,
) -> (walker::Walk, Vec<Finding>) {
    let fields = BTreeSet::from(["serial".to_string()]);
    let expect = walker::listing_page(&r.listing.schema);
    let plan = Plan {
        start: url,
        expect: &expect,
        headers: &[],
        identity: &r.listing.identity,
        fields: &fields,
        rules: r.listing.rules,
        judge_meta: false,
        previous_required: false,
        budget: Budget::Full,
        // As many pages as the listing had before, and two more.
        max_pages: before
            .walk
            .objects()
            .div_ceil(r.listing.rules.max_limit.max(1) as usize)
            + 2,
        // Compared page by page as they come, not held.
        keep: false,
    };
    let held: Vec<&Record> = before.records().collect();
    let mut comparison = Comparison::new(&held, gone);
    let mut visit = |n: usize, _: &str, _: &Value, records: &[Record]| -> Vec<Finding> {
        comparison.page(n, records);
        Vec::new()
    };
    let after = walker::walk(pages, &plan, None, Some(&mut visit)).await;
    let mut findings = after.findings.clone();
    if after.complete && findings.is_empty() {
        findings.extend(comparison.findings(
            before.walk.total.unwrap_or_default(),
            after.total.unwrap_or_default(),
        ));
    } else if findings.is_empty() {
        findings.push(Finding::new(
            "walk",
            "a walk of the listing that reaches its last page",
            format!("{} pages, no last page", after.fetched),
        ));
    }
    (after, findings)
}
