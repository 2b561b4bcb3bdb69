//! Walks of a listing (with a limit and filters) compared with its
//! reference: pages, links, every matching object exactly once, the
//! filters, `total_count`, and where `previous` leads.

use std::collections::{BTreeSet, HashMap};

use url::Url;

use super::walker::{self, at_page, Keep, Pages, Plan, Walk};
use super::{Outcome, Probe, Reference};
use crate::check::record::{self, Record};
use crate::check::{coverage, pick, Finding};
use crate::client::link::{join_link, target_of};
use crate::suite::property::{Condition, Listing};

/// A walk to check: the listing, its limit (`None`: the default) and filters.
pub(super) struct Check<'a> {
    pub listing: &'a Listing,
    pub limit: Option<u64>,
    pub filters: &'a [Condition],
    /// The filters' given values, substituted (`None` for picked ones).
    pub resolved: &'a [Option<String>],
    /// Follow two `previous` links once the walk is right.
    pub follow_previous: bool,
    pub previous_required: bool,
}

pub(super) async fn run<P: Pages>(probe: &Probe<'_, P>, c: &Check<'_>) -> Outcome {
    let reference = probe.reference(c.listing).await;
    if c.is_reference() {
        return reference_walk(probe.pages, c, &reference).await;
    }
    if let Some(findings) = &reference.unusable {
        return Outcome::Checked {
            line: "the full listing, the reference for this check, is not usable".into(),
            findings: findings.clone(),
        };
    }
    let all: Vec<&Record> = reference.records().collect();
    let bound = match pick::bind(c.filters, c.resolved, &all) {
        Ok(b) => b,
        Err(why) => return Outcome::Ignored(why),
    };
    let expected: Vec<&Record> = all
        .iter()
        .copied()
        .filter(|r| bound.iter().all(|b| b.matches(r)))
        .collect();
    let mut params = vec![("format".to_string(), "json".to_string())];
    params.extend(bound.iter().flat_map(pick::Bound::params));
    if let Some(l) = c.limit {
        params.push(("limit".to_string(), l.to_string()));
    }
    let url = match listing_url(probe.pages, c.listing, &params) {
        Ok(u) => u,
        Err(e) => {
            return Outcome::Checked {
                line: String::new(),
                findings: vec![Finding::new("path", "a path on the target", e)],
            }
        }
    };
    let start = target_of(&url);
    let per_page = c.limit.unwrap_or(c.listing.rules.default_limit).max(1);
    let fields = record::needed_fields(c.filters);
    let pages = probe.pages;
    let expect = walker::listing_page(&c.listing.schema);
    let plan = Plan {
        start: url,
        expect: &expect,
        headers: &[],
        identity: &c.listing.identity,
        fields: &fields,
        rules: c.listing.rules,
        judge_meta: true,
        previous_required: c.previous_required,
        budget: probe.walks.budget(per_page, c.listing),
        // The walk's own bound: the pages the reference says it needs, and two more.
        max_pages: expected.len().div_ceil(per_page as usize) + 2,
        keep: true,
    };
    let w = walker::walk(pages, &plan, None, None).await;
    let mut findings = covered(&w, &expected, &bound);
    if c.follow_previous && findings.is_empty() {
        findings.extend(previous(pages, &w, &fields, c.listing).await);
    }
    let bound_text = if bound.is_empty() {
        String::new()
    } else {
        let b: Vec<String> = bound.iter().map(|b| b.to_string()).collect();
        format!(" {}", b.join(" and "))
    };
    let line = format!(
        "GET {start} and on by next: {}, {} objects; the full listing has {}, {} of them matching{bound_text}",
        pages_text(&w),
        w.objects(),
        all.len(),
        expected.len(),
    );
    Outcome::Checked { line, findings }
}

/// The walk's own findings, then its objects against the expected ones:
/// by position in each window of a sampled walk, exactly once over a
/// complete one, and every object satisfying the filters.
fn covered(w: &Walk, expected: &[&Record], bound: &[pick::Bound]) -> Vec<Finding> {
    let mut findings = w.findings.clone();
    let total = w.total.unwrap_or_default();
    if w.sampled {
        let windows: Vec<(u64, &[(usize, Record)])> = w
            .windows
            .iter()
            .map(|x| (x.offset, &x.records[..]))
            .collect();
        findings.extend(coverage::sampled(&windows, expected, total));
    } else if w.complete {
        let walked = w.windows.first().map_or(&[][..], |x| &x.records[..]);
        findings.extend(coverage::exactly_once(walked, expected, total));
    }
    findings.extend(coverage::satisfies(w.records().map(|(_, r)| r), bound));
    findings
}

impl Check<'_> {
    /// The check walks exactly what the reference walks: the unfiltered
    /// listing at the largest page size.
    fn is_reference(&self) -> bool {
        self.filters.is_empty()
            && !self.previous_required
            && self.limit == Some(self.listing.rules.max_limit)
    }
}

/// "12 pages", or "17 pages, sampled" when not every page was walked.
fn pages_text(w: &Walk) -> String {
    if w.sampled {
        format!("{} pages, sampled", w.fetched)
    } else {
        format!("{} pages", w.fetched)
    }
}

/// The check whose walk is the reference itself: its pages' findings, its
/// consistency, and where its `previous` links lead.
async fn reference_walk<P: Pages>(pages: &P, c: &Check<'_>, r: &Reference) -> Outcome {
    let mut findings = r.walk.findings.clone();
    if let Some(f) = &r.unusable {
        for x in f {
            if !findings.contains(x) {
                findings.push(x.clone());
            }
        }
    }
    if c.follow_previous && findings.is_empty() {
        let fields = record::needed_fields(c.filters);
        findings.extend(previous(pages, &r.walk, &fields, c.listing).await);
    }
    let n = r.walk.objects();
    let line = format!(
        "GET {} and on by next: {}, {n} objects; this walk is the run's reference listing (every object once, as many as total_count)",
        r.start,
        pages_text(&r.walk),
    );
    Outcome::Checked { line, findings }
}

/// The listing's URL on the target with `params`.
pub(super) fn listing_url<P: Pages>(
    pages: &P,
    listing: &Listing,
    params: &[(String, String)],
) -> Result<Url, String> {
    let mut url = join_link(pages.base(), &listing.path)?;
    if !params.is_empty() {
        url.query_pairs_mut().extend_pairs(params);
    }
    Ok(url)
}

/// Each `previous` link leads to a page whose objects come before the
/// page that gave the link (positions taken from the walk itself).
async fn previous<P: Pages>(
    pages: &P,
    walk: &Walk,
    fields: &BTreeSet<String>,
    listing: &Listing,
) -> Vec<Finding> {
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (i, (_, r)) in walk.records().enumerate() {
        position.entry(&*r.key).or_insert(i);
    }
    let mut out = Vec::new();
    for (n, start, link) in &walk.previous {
        let at = format!("page {n} /meta/previous");
        let url = match join_link(pages.base(), link) {
            Ok(u) => u,
            Err(e) => {
                out.push(Finding::new(at, "a path without scheme or host", e));
                continue;
            }
        };
        let keep = Keep {
            identity: &listing.identity,
            fields,
            rules: listing.rules,
        };
        let expect = walker::listing_page(&listing.schema);
        let first = match walker::fetch_page(pages, (url, &[]), &keep, &expect).await {
            Ok((page, _)) => page.records.into_iter().next(),
            Err(f) => {
                out.extend(at_page(*n, &format!("previous {link}"), f));
                continue;
            }
        };
        match first {
            None => out.push(Finding::new(
                at,
                format!("{link:?} to lead to the objects before this page"),
                "a page with no objects",
            )),
            Some(first) => match position.get(&*first.key) {
                Some(p) if p < start => {}
                Some(p) => out.push(Finding::new(
                    at,
                    format!("{link:?} to lead to a page that starts before this one (object {} of the walk)", start + 1),
                    format!("a page starting with {}, object {} of the walk", first.name(), p + 1),
                )),
                None => out.push(Finding::new(
                    at,
                    format!("{link:?} to lead to objects of this listing"),
                    format!("a page starting with {}, which the walk never met", first.name()),
                )),
            },
        }
    }
    out
}
