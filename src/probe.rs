//! Drives property checks: sends the requests a property needs (walks of
//! the full listing and of filtered listings, pairs of equivalent requests)
//! and hands the answers to the pure checks in `check::property`.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;
use url::Url;

use crate::check::property::{self as prop, Bound, Page, Property, Record, Source};
use crate::check::Finding;
use crate::run::{join_link, ProductRun, Runner};
use crate::suite::Case;
use crate::vars::Scope;

/// What a property check came to.
pub enum Outcome {
    /// What was done (one line for the report) and what was wrong.
    Checked {
        line: String,
        findings: Vec<Finding>,
    },
    /// The target's data does not allow the check (the reason).
    Ignored(String),
}

/// A walk stops after this many findings: enough to say what is wrong.
const MAX_FINDINGS: usize = 40;
/// The full listing is walked by pages of 1000 up to this many pages (ten
/// million tokens), whatever the target claims.
const REFERENCE_PAGES: usize = 10_000;

struct Ctx<'a> {
    runner: &'a Runner,
    run: &'a ProductRun,
    case: &'a Case,
    listing: &'a prop::Listing,
    previous_required: bool,
}

/// The pages of one walk, following `next` verbatim.
struct Walk {
    /// Each object with the number of the page that held it, in order.
    records: Vec<(usize, Record)>,
    /// The first page's `total_count`.
    total: Option<u64>,
    pages: usize,
    findings: Vec<Finding>,
    /// The walk reached a page whose `next` is null.
    complete: bool,
    /// `previous` links to follow: page number, index of the page's first
    /// object in `records`, the link. The second page's and the last one's.
    previous: Vec<(usize, usize, String)>,
}

pub async fn run(
    runner: &Runner,
    run: &ProductRun,
    case: &Case,
    p: &Property,
    scope: &Scope,
) -> Outcome {
    let ctx = Ctx {
        runner,
        run,
        case,
        listing: p.listing(),
        previous_required: matches!(p, Property::Pagination(w) if w.previous_required),
    };
    match p {
        Property::Pagination(w) => {
            let resolved = match resolve(&w.filters, scope) {
                Ok(r) => r,
                Err(o) => return o,
            };
            ctx.listing_check(w.limit, &w.filters, &resolved, true)
                .await
        }
        Property::Filter(f) => {
            let resolved = match resolve(&f.filters, scope) {
                Ok(r) => r,
                Err(o) => return o,
            };
            ctx.listing_check(Some(prop::MAX_LIMIT), &f.filters, &resolved, false)
                .await
        }
        Property::SameAnswer(s) => ctx.same_answer(s.limit, &s.ignore).await,
    }
}

/// The values given in the case, substituted.
fn resolve(conds: &[prop::Condition], scope: &Scope) -> Result<Vec<Option<String>>, Outcome> {
    conds
        .iter()
        .map(|c| match &c.source {
            Source::Value(v) => scope.substitute(v).map(Some).map_err(|name| {
                Outcome::Ignored(format!(
                    "the target gave no `{name}` to filter on (an earlier answer lacked it)"
                ))
            }),
            Source::Pick(_) => Ok(None),
        })
        .collect()
}

fn at_page(n: usize, target: &str, mut f: Vec<Finding>) -> Vec<Finding> {
    for x in &mut f {
        x.at = format!("page {n} ({target}) {}", x.at);
    }
    f
}

impl Ctx<'_> {
    fn url(&self, params: &[(String, String)]) -> Result<Url, String> {
        let mut url = join_link(&self.run.target.url, &self.listing.path)?;
        if !params.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in params {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// One page: 200, JSON, the listing's schema (known deviations applied).
    async fn page(
        &self,
        url: Url,
        headers: &[(String, String)],
        fields: &BTreeSet<String>,
    ) -> Result<(Page, Value), Vec<Finding>> {
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let ex = self
            .runner
            .get(
                self.case.product,
                self.run,
                url.clone(),
                crate::suite::case::Auth::Default,
                headers,
            )
            .await
            .map_err(|e| vec![Finding::new("transport", "an HTTP answer", e)])?;
        let f = self.runner.judge_page(self.case, &ex, &self.listing.schema);
        if !f.is_empty() {
            return Err(f);
        }
        let body = ex
            .json()
            .map_err(|e| vec![Finding::new("body", "JSON", e)])?;
        let Some(objects) = body.get("objects").and_then(Value::as_array) else {
            return Err(vec![Finding::new(
                "/objects",
                "an array",
                crate::check::fields::show(body.get("objects"), &*self.runner.redactor),
            )]);
        };
        let records = objects
            .iter()
            .map(|o| Record::from_object(o, fields))
            .collect();
        let page = Page {
            target,
            path: url.path().to_string(),
            query: url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            meta: body.get("meta").cloned().unwrap_or(Value::Null),
            records,
        };
        Ok((page, body))
    }

    /// Follows `next` verbatim from `start` to the end. With `check`, every
    /// page's `meta` and links are judged on the way.
    async fn walk(
        &self,
        start: Url,
        fields: &BTreeSet<String>,
        check: bool,
        max_pages: usize,
    ) -> Walk {
        let mut w = Walk {
            records: Vec::new(),
            total: None,
            pages: 0,
            findings: Vec::new(),
            complete: false,
            previous: Vec::new(),
        };
        let mut seen = HashSet::new();
        let mut url = start;
        loop {
            w.pages += 1;
            let n = w.pages;
            let target = match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_string(),
            };
            let page = match self.page(url, &[], fields).await {
                Ok((page, _)) => page,
                Err(f) => {
                    w.findings.extend(at_page(n, &target, f));
                    return w;
                }
            };
            let total = page.total_count();
            if n == 1 {
                w.total = total;
            } else if check && total != w.total {
                w.findings.extend(at_page(
                    n,
                    &target,
                    vec![Finding::new(
                        "/meta/total_count",
                        format!(
                            "{} (the same total_count on every page)",
                            crate::check::fields::show(
                                w.total.map(Value::from).as_ref(),
                                &*self.runner.redactor
                            )
                        ),
                        crate::check::fields::show(
                            page.meta.get("total_count"),
                            &*self.runner.redactor,
                        ),
                    )],
                ));
            }
            if check {
                let mut f = prop::echo(&page, &*self.runner.redactor);
                if let Some(t) = w.total {
                    f.extend(prop::links(
                        &page,
                        t,
                        self.previous_required,
                        &*self.runner.redactor,
                    ));
                }
                w.findings.extend(at_page(n, &target, f));
            }
            if let Some(Value::String(prev)) = page.meta.get("previous") {
                if page.requested_offset().is_some_and(|o| o > 0) {
                    let entry = (n, w.records.len(), prev.clone());
                    if w.previous.len() < 2 {
                        w.previous.push(entry);
                    } else {
                        w.previous[1] = entry;
                    }
                }
            }
            let start_len = w.records.len();
            w.records.extend(page.records.into_iter().map(|r| (n, r)));
            let next = match page.meta.get("next") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => {
                    w.complete = true;
                    return w;
                }
                Some(_) => return w, // judged by the schema and `links`
            };
            let stop =
                |why: String| Finding::new(format!("page {n} /meta/next"), "a walk that ends", why);
            if w.records.len() == start_len {
                w.findings.push(stop(format!(
                    "{next:?} after a page with no objects; stopped"
                )));
                return w;
            }
            if n >= max_pages {
                w.findings.push(stop(format!(
                    "more than {max_pages} pages, more than the listing can fill; stopped"
                )));
                return w;
            }
            if w.findings.len() >= MAX_FINDINGS {
                w.findings.push(stop(format!(
                    "{} findings so far; stopped following next",
                    w.findings.len()
                )));
                return w;
            }
            if w.total
                .is_some_and(|t| w.records.len() as u64 > t.saturating_add(prop::MAX_LIMIT))
            {
                w.findings.push(stop(format!(
                    "{} objects so far, more than total_count {} allows; stopped",
                    w.records.len(),
                    w.total.unwrap_or_default()
                )));
                return w;
            }
            if !seen.insert(next.clone()) {
                w.findings.push(stop(format!(
                    "{next:?} again: following next would loop; stopped"
                )));
                return w;
            }
            url = match join_link(&self.run.target.url, &next) {
                Ok(u) => u,
                Err(e) => {
                    if !check {
                        w.findings.push(Finding::new(
                            format!("page {n} /meta/next"),
                            "a path without scheme or host",
                            e,
                        ));
                    }
                    return w;
                }
            };
        }
    }

    /// The whole listing, unfiltered, by the documented maximum page size:
    /// the reference the other walks are compared with. It must be
    /// consistent in itself (every object once, as many as `total_count`).
    async fn reference(&self, fields: &BTreeSet<String>) -> Result<Vec<Record>, Vec<Finding>> {
        let params = vec![
            ("format".to_string(), "json".to_string()),
            ("limit".to_string(), prop::MAX_LIMIT.to_string()),
        ];
        let url = self
            .url(&params)
            .map_err(|e| vec![Finding::new("path", "a path on the target", e)])?;
        let w = self.walk(url, fields, false, REFERENCE_PAGES).await;
        let label = |mut f: Vec<Finding>| {
            for x in &mut f {
                x.at = format!("full listing (limit {}): {}", prop::MAX_LIMIT, x.at);
            }
            f
        };
        if !w.findings.is_empty() || !w.complete {
            return Err(label(w.findings));
        }
        let f = {
            let mut seen = HashSet::new();
            let unique: Vec<&Record> = w
                .records
                .iter()
                .map(|(_, r)| r)
                .filter(|r| seen.insert(&*r.key))
                .collect();
            prop::exactly_once(&w.records, &unique, w.total.unwrap_or_default())
        };
        if !f.is_empty() {
            return Err(label(f));
        }
        // Consistent: every object once, so the walk itself is the listing.
        Ok(w.records.into_iter().map(|(_, r)| r).collect())
    }

    /// A walk of the listing with `limit` and `filters`, compared with the
    /// full listing: pages, links, exactly once, the filters, `total_count`.
    async fn listing_check(
        &self,
        limit: Option<u64>,
        filters: &[prop::Condition],
        resolved: &[Option<String>],
        follow_previous: bool,
    ) -> Outcome {
        let fields = prop::needed_fields(filters);
        let reference = match self.reference(&fields).await {
            Ok(r) => r,
            Err(findings) => {
                return Outcome::Checked {
                    line: "the full listing, the reference for this check, is not usable".into(),
                    findings,
                }
            }
        };
        let bound: Vec<Bound> = match prop::bind(filters, resolved, &reference) {
            Ok(b) => b,
            Err(why) => return Outcome::Ignored(why),
        };
        let expected: Vec<&Record> = reference
            .iter()
            .filter(|r| bound.iter().all(|b| b.matches(r)))
            .collect();
        let mut params = vec![("format".to_string(), "json".to_string())];
        params.extend(bound.iter().map(|b| (b.param.clone(), b.value.clone())));
        if let Some(l) = limit {
            params.push(("limit".to_string(), l.to_string()));
        }
        let url = match self.url(&params) {
            Ok(u) => u,
            Err(e) => {
                return Outcome::Checked {
                    line: String::new(),
                    findings: vec![Finding::new("path", "a path on the target", e)],
                }
            }
        };
        let start = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let per_page = limit.unwrap_or(prop::DEFAULT_LIMIT).max(1) as usize;
        let max_pages = expected.len().div_ceil(per_page) + 2;
        let w = self.walk(url, &fields, true, max_pages).await;
        let mut findings = w.findings;
        if w.complete {
            findings.extend(prop::exactly_once(
                &w.records,
                &expected,
                w.total.unwrap_or_default(),
            ));
        }
        findings.extend(prop::satisfies(w.records.iter().map(|(_, r)| r), &bound));
        if follow_previous && findings.is_empty() {
            findings.extend(self.previous(&w.records, &w.previous, &fields).await);
        }
        let line = format!(
            "GET {start} and on by next: {} pages, {} objects; the full listing has {}, {} of them matching{}",
            w.pages,
            w.records.len(),
            reference.len(),
            expected.len(),
            if bound.is_empty() {
                String::new()
            } else {
                format!(
                    " {}",
                    bound
                        .iter()
                        .map(|b| b.to_string())
                        .collect::<Vec<_>>()
                        .join(" and ")
                )
            }
        );
        Outcome::Checked { line, findings }
    }

    /// Each `previous` link leads to a page whose objects come before the
    /// page that gave the link (positions taken from the walk itself).
    async fn previous(
        &self,
        walked: &[(usize, Record)],
        links: &[(usize, usize, String)],
        fields: &BTreeSet<String>,
    ) -> Vec<Finding> {
        let mut position: HashMap<&str, usize> = HashMap::new();
        for (i, (_, r)) in walked.iter().enumerate() {
            position.entry(&*r.key).or_insert(i);
        }
        let mut out = Vec::new();
        for (n, start, link) in links {
            let at = format!("page {n} /meta/previous");
            let url = match join_link(&self.run.target.url, link) {
                Ok(u) => u,
                Err(e) => {
                    out.push(Finding::new(at, "a path without scheme or host", e));
                    continue;
                }
            };
            match self.page(url, &[], fields).await {
                Err(f) => out.extend(at_page(*n, &format!("previous {link}"), f)),
                Ok((page, _)) => match page.records.first() {
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
                },
            }
        }
        out
    }

    /// `?format=json` and `Accept: application/json` ask for the same page.
    async fn same_answer(&self, limit: u64, ignore: &[String]) -> Outcome {
        let fields = BTreeSet::from(["serial".to_string()]);
        let by_format = self.url(&[
            ("format".into(), "json".into()),
            ("limit".into(), limit.to_string()),
        ]);
        let by_accept = self.url(&[("limit".into(), limit.to_string())]);
        let (Ok(a_url), Ok(b_url)) = (by_format, by_accept) else {
            return Outcome::Checked {
                line: String::new(),
                findings: vec![Finding::new(
                    "path",
                    "a path on the target",
                    self.listing.path.clone(),
                )],
            };
        };
        let line = format!(
            "GET {}?{} against GET {}?{} with Accept: application/json",
            a_url.path(),
            a_url.query().unwrap_or_default(),
            b_url.path(),
            b_url.query().unwrap_or_default()
        );
        let a = self.page(a_url, &[], &fields).await;
        let accept = [("Accept".to_string(), "application/json".to_string())];
        let b = self.page(b_url, &accept, &fields).await;
        let findings = match (a, b) {
            (Ok((_, a)), Ok((_, b))) => prop::same_answer(&a, &b, ignore, &*self.runner.redactor),
            (a, b) => {
                let mut f = Vec::new();
                if let Err(e) = a {
                    f.extend(at_page(1, "with ?format=json", e));
                }
                if let Err(e) = b {
                    f.extend(at_page(1, "with Accept: application/json", e));
                }
                f
            }
        };
        Outcome::Checked { line, findings }
    }
}
