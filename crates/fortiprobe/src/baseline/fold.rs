//! Changes that repeat over objects, steps and cases folded into one
//! `Fold` each: the product, where in the document (`Site`: a JSON-pointer
//! pattern inside a body, a field of an exchange, the outcome), what
//! happened (`retyped boolean → string`, `200 → 404`), how often and in
//! which cases, and one example. `Fold::covers` says which unfolded change
//! a fold stands for, so a test can hold that none is lost.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::change::{Change, Element, What};

/// Where in a case document a change is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Site {
    /// Inside an answer's JSON body: the pattern from the body's root.
    Body(String),
    /// A field of an exchange: `status`, `content_type`, `request`, `line`.
    Field(String),
    /// A whole exchange: a step sent or no longer sent.
    Exchange,
    /// A check's findings.
    Findings,
    /// The case's outcome.
    Outcome,
    /// Anywhere else (a document not shaped as a case's): the pattern.
    Other(String),
}

impl Site {
    /// The site of a change's pattern in a case document.
    pub fn of(pattern: &str) -> Site {
        if pattern == "/outcome" {
            return Site::Outcome;
        }
        let Some(rest) = pattern.strip_prefix("/exchanges/*") else {
            return Site::Other(pattern.to_string());
        };
        if rest.is_empty() {
            return Site::Exchange;
        }
        if let Some(body) = rest.strip_prefix("/body") {
            if body.is_empty() || body.starts_with('/') {
                return Site::Body(body.to_string());
            }
        }
        if rest == "/findings" || rest.starts_with("/findings/") {
            return Site::Findings;
        }
        match rest.strip_prefix('/') {
            Some(field) if !field.contains('/') => Site::Field(field.to_string()),
            _ => Site::Other(pattern.to_string()),
        }
    }

    /// What the site is called in a report: a pattern or a field name.
    pub fn subject(&self) -> String {
        match self {
            Site::Body(p) if p.is_empty() => "the whole body".into(),
            Site::Body(p) | Site::Other(p) => p.clone(),
            Site::Field(f) => f.clone(),
            Site::Exchange => "requests".into(),
            Site::Findings => "findings".into(),
            Site::Outcome => "outcome".into(),
        }
    }
}

/// What a change did, as folding groups it: the values for a status or
/// an outcome (each transition is its own line), the kind of change
/// elsewhere.
pub fn signature(site: &Site, what: &What) -> String {
    match (site, what) {
        (Site::Outcome, What::Changed(a, b)) => {
            format!(
                "{} → {}",
                a.as_str().unwrap_or("?"),
                b.as_str().unwrap_or("?")
            )
        }
        (Site::Field(f), What::Changed(a, b)) if f == "status" => format!("{a} → {b}"),
        (Site::Exchange, What::Removed(_)) => "sent before, not after".into(),
        (Site::Exchange, What::Added(_)) => "sent after, not before".into(),
        (_, w) => w.verb(),
    }
}

/// One changed case: its trial name (`product/endpoint/case`), both
/// documents and what changed between them.
#[derive(Debug, Clone)]
pub struct CaseDiff {
    pub trial: String,
    pub before: Value,
    pub after: Value,
    pub changes: Vec<Change>,
}

impl CaseDiff {
    pub fn product(&self) -> &str {
        self.trial.split('/').next().unwrap_or("")
    }

    /// `product/endpoint`.
    pub fn group(&self) -> &str {
        self.trial.rsplit_once('/').map_or("", |(g, _)| g)
    }
}

/// Changes of one kind at one site of one product, over every case.
#[derive(Debug, Clone)]
pub struct Fold {
    pub product: String,
    pub site: Site,
    pub signature: String,
    /// The trials it happened in.
    pub cases: BTreeSet<String>,
    /// How many unfolded changes it stands for.
    pub times: usize,
    /// For a pattern with a `*` in a body: how many distinct elements at
    /// its first `*` changed, of how many the changed cases list there.
    pub elements: Option<(usize, usize)>,
    /// For whole exchanges: the steps.
    pub steps: BTreeSet<String>,
    /// The first change folded, and its trial.
    pub example: (String, Change),
}

impl Fold {
    /// Whether this fold stands for `change` of `trial`.
    pub fn covers(&self, trial: &str, change: &Change) -> bool {
        let site = Site::of(&change.pattern);
        trial.split('/').next() == Some(self.product.as_str())
            && self.cases.contains(trial)
            && signature(&site, &change.what) == self.signature
            && site == self.site
    }

    /// The counts: `in 60 of 60 objects, 213 times in 8 cases`; `cases`
    /// false leaves out the cases (a report of one case).
    pub fn counts(&self, cases: bool) -> String {
        let mut parts = Vec::new();
        if let Some((n, m)) = self.elements {
            parts.push(format!(
                "in {} of {} listed objects",
                thousands(n),
                thousands(m)
            ));
        }
        let n = self.cases.len();
        let plural = |n: usize, one: &str, many: &str| {
            format!("{} {}", thousands(n), if n == 1 { one } else { many })
        };
        match (cases, self.times == n) {
            (true, true) => parts.push(format!("in {}", plural(n, "case", "cases"))),
            (true, false) => parts.push(format!(
                "{} in {}",
                plural(self.times, "time", "times"),
                plural(n, "case", "cases")
            )),
            (false, _) if self.times > 1 => parts.push(plural(self.times, "time", "times")),
            (false, _) => {}
        }
        if !self.steps.is_empty() {
            let steps: Vec<&str> = self.steps.iter().map(String::as_str).take(6).collect();
            let more = self.steps.len().saturating_sub(steps.len());
            let mut s = format!("steps {}", steps.join(", "));
            if more > 0 {
                s.push_str(&format!(" and {more} more"));
            }
            parts.push(s);
        }
        parts.join(", ")
    }
}

/// The order folds are read in: what the API answers first (bodies,
/// statuses and other fields), then what the suite made of it.
fn rank(site: &Site) -> u8 {
    match site {
        Site::Body(_) => 0,
        Site::Field(f) if f == "status" => 1,
        Site::Field(_) => 2,
        Site::Other(_) => 3,
        Site::Exchange => 4,
        Site::Findings => 5,
        Site::Outcome => 6,
    }
}

/// Folds the changes of every case.
pub fn fold(cases: &[CaseDiff]) -> Vec<Fold> {
    let mut folds: BTreeMap<(String, Site, String), Fold> = BTreeMap::new();
    let mut elements: BTreeMap<(String, Site, String), BTreeSet<String>> = BTreeMap::new();
    for c in cases {
        for ch in &c.changes {
            let site = Site::of(&ch.pattern);
            let sig = signature(&site, &ch.what);
            let key = (c.product().to_string(), site.clone(), sig.clone());
            let f = folds.entry(key.clone()).or_insert_with(|| Fold {
                product: c.product().to_string(),
                site: site.clone(),
                signature: sig,
                cases: BTreeSet::new(),
                times: 0,
                elements: None,
                steps: BTreeSet::new(),
                example: (c.trial.clone(), ch.clone()),
            });
            f.cases.insert(c.trial.clone());
            f.times += 1;
            if site == Site::Exchange {
                f.steps.extend(ch.step.clone());
            }
            if let Some(e) = &ch.element {
                let step = ch.step.as_deref().unwrap_or("");
                elements
                    .entry(key)
                    .or_default()
                    .insert(element_key(e, &c.trial, step));
            }
        }
    }
    let by_trial: BTreeMap<&str, &CaseDiff> = cases.iter().map(|c| (c.trial.as_str(), c)).collect();
    let mut out: Vec<Fold> = folds
        .into_iter()
        .map(|(key, mut f)| {
            if let (Site::Body(p), Some(changed)) = (&f.site, elements.get(&key)) {
                let docs = f
                    .cases
                    .iter()
                    .filter_map(|t| by_trial.get(t.as_str()).copied());
                f.elements = listed(p, docs).map(|m| (changed.len(), m.max(changed.len())));
            }
            f
        })
        .collect();
    out.sort_by(|a, b| {
        (
            &a.product,
            rank(&a.site),
            std::cmp::Reverse(a.cases.len()),
            &a.site,
        )
            .cmp(&(
                &b.product,
                rank(&b.site),
                std::cmp::Reverse(b.cases.len()),
                &b.site,
            ))
    });
    out
}

/// An element's key for counting: its identity, or where it is listed.
fn element_key(e: &Element, trial: &str, step: &str) -> String {
    match e {
        Element::Identity(id) => format!("id {id}"),
        Element::Position(i) => format!("at {trial} {step} {i}"),
    }
}

/// How many distinct elements the cases' documents (both sides) list at
/// the first `*` of `pattern` that hold the rest of it; `None` when the
/// pattern has no `*`.
fn listed<'a>(pattern: &str, cases: impl Iterator<Item = &'a CaseDiff>) -> Option<usize> {
    let (prefix, rest) = pattern.split_once("/*")?;
    let prefix: Vec<&str> = prefix.split('/').skip(1).collect();
    let rest: Vec<&str> = rest.split('/').skip(1).collect();
    let mut seen = BTreeSet::new();
    for c in cases {
        for doc in [&c.before, &c.after] {
            let exchanges = doc.get("exchanges").and_then(Value::as_array);
            for e in exchanges.into_iter().flatten() {
                let step = e.get("step").or_else(|| e.get("check"));
                let step = step.and_then(Value::as_str).unwrap_or("");
                let Some(Value::Array(items)) = e.get("body").and_then(|b| at(b, &prefix)) else {
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    if holds(item, &rest) {
                        let id = crate::product::DEFAULT_IDENTITY
                            .iter()
                            .find_map(|k| item.get(k).and_then(Value::as_str));
                        let e = id.map_or(Element::Position(i), |s| Element::Identity(s.into()));
                        seen.insert(element_key(&e, &c.trial, step));
                    }
                }
            }
        }
    }
    Some(seen.len())
}

fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// The value at a pointer without `*`, given as segments.
fn at<'v>(v: &'v Value, segs: &[&str]) -> Option<&'v Value> {
    segs.iter().try_fold(v, |v, s| match v {
        Value::Object(m) => m.get(&unescape(s)),
        Value::Array(a) => s.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// Whether `v` holds the path `segs`, where `*` is any element of an array.
fn holds(v: &Value, segs: &[&str]) -> bool {
    let Some((head, rest)) = segs.split_first() else {
        return true;
    };
    match v {
        Value::Array(a) if *head == "*" => a.iter().any(|x| holds(x, rest)),
        Value::Object(m) => m.get(&unescape(head)).is_some_and(|x| holds(x, rest)),
        _ => false,
    }
}

/// `1488` as `1,488`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::change::changes;
    use serde_json::json;

    fn listing(locked: &[Value]) -> Value {
        let objects: Vec<Value> = locked
            .iter()
            .enumerate()
            .map(|(i, l)| json!({"resource_uri": format!("/t/{i}/"), "locked": l}))
            .collect();
        json!({"outcome": "passed", "exchanges": [{"step": "request", "status": 200,
            "body": {"meta": {"total_count": objects.len()}, "objects": objects}}]})
    }

    fn case(trial: &str, before: Value, after: Value) -> CaseDiff {
        CaseDiff {
            trial: trial.into(),
            changes: changes(&before, &after),
            before,
            after,
        }
    }

    #[test]
    fn a_change_repeated_over_objects_and_cases_is_one_fold() {
        let before = listing(&[json!(false), json!(true), json!(false)]);
        let mut after = listing(&[json!("false"), json!("true"), json!(false)]);
        after["exchanges"][0]["status"] = json!(500);
        let cases = [
            case("fac/tokens/a", before.clone(), after.clone()),
            case("fac/tokens/b", before.clone(), after.clone()),
            case("fac/other/c", before, after),
        ];
        let folds = fold(&cases);
        assert_eq!(folds.len(), 2, "{folds:#?}");
        let locked = &folds[0];
        assert_eq!(locked.site, Site::Body("/objects/*/locked".into()));
        assert_eq!(locked.signature, "retyped boolean → string");
        assert_eq!(locked.times, 6);
        assert_eq!(locked.cases.len(), 3);
        assert_eq!(locked.elements, Some((2, 3)));
        assert_eq!(
            locked.counts(true),
            "in 2 of 3 listed objects, 6 times in 3 cases"
        );
        assert_eq!(folds[1].signature, "200 → 500");
        for c in &cases {
            for ch in &c.changes {
                assert_eq!(folds.iter().filter(|f| f.covers(&c.trial, ch)).count(), 1);
            }
        }
    }

    #[test]
    fn folds_keep_products_and_transitions_apart() {
        let a = json!({"outcome": "passed", "exchanges": [{"step": "request", "status": 200}]});
        let b = json!({"outcome": "failed", "exchanges": [{"step": "request", "status": 404}]});
        let c = json!({"outcome": "failed", "exchanges": [{"step": "request", "status": 400}]});
        let folds = fold(&[
            case("fac/x/one", a.clone(), b.clone()),
            case("fpc/x/two", a.clone(), b),
            case("fac/x/three", a, c),
        ]);
        let sigs: Vec<(String, String)> = folds
            .iter()
            .map(|f| (f.product.clone(), f.signature.clone()))
            .collect();
        assert_eq!(
            sigs,
            [
                ("fac".into(), "200 → 400".into()),
                ("fac".into(), "200 → 404".into()),
                ("fac".into(), "passed → failed".into()),
                ("fpc".into(), "200 → 404".into()),
                ("fpc".into(), "passed → failed".into()),
            ]
        );
    }

    #[test]
    fn sites_of_a_case_document() {
        assert_eq!(Site::of("/outcome"), Site::Outcome);
        assert_eq!(Site::of("/exchanges/*"), Site::Exchange);
        assert_eq!(Site::of("/exchanges/*/body"), Site::Body(String::new()));
        assert_eq!(
            Site::of("/exchanges/*/body/a/*/b"),
            Site::Body("/a/*/b".into())
        );
        assert_eq!(Site::of("/exchanges/*/bodyx"), Site::Field("bodyx".into()));
        assert_eq!(Site::of("/exchanges/*/findings/*"), Site::Findings);
        assert_eq!(
            Site::of("/exchanges/*/status"),
            Site::Field("status".into())
        );
        assert_eq!(Site::of("/x/y"), Site::Other("/x/y".into()));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1488), "1,488");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
