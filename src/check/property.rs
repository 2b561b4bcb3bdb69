//! Property checks: kinds of check that hold for any conformant target,
//! named by a case with its parameters (`check: {kind: ..., ...}`).
//!
//! This module is pure: it parses a case's `check`, picks filter values
//! from a listing, and judges pages and walks that `probe` fetched. The
//! expectations come from the docs (api-notes "Pagination and filtering")
//! and from the target's own full listing, never from any fixed data.

use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::{Finding, Scrub};

/// `limit` when the request gives none (api-notes, Pagination [doc]).
pub const DEFAULT_LIMIT: u64 = 20;
/// The documented maximum `limit` (api-notes, Pagination [doc]).
pub const MAX_LIMIT: u64 = 1000;
/// Objects named in one finding before "and N more".
const EXAMPLES: usize = 5;

/// A parsed property check.
#[derive(Debug, Clone, PartialEq)]
pub enum Property {
    /// Walk a listing following `next` verbatim with one `limit` (and
    /// optional filters): every page's `meta` echoes its request, links are
    /// right, and the pages hold the listing's objects exactly once.
    Pagination(Pagination),
    /// Filter a listing: the answer is exactly the matching subset of the
    /// full listing, and `total_count` is its size.
    Filter(Filter),
    /// `?format=json` and `Accept: application/json` give the same answer.
    SameAnswer(SameAnswer),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub listing: Listing,
    /// `None`: no `limit` parameter (the default page size).
    pub limit: Option<u64>,
    pub filters: Vec<Condition>,
    /// `previous` must be a link on every page whose offset is at least the
    /// limit (tastypie's rule, [framework]).
    pub previous_required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub listing: Listing,
    pub filters: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SameAnswer {
    pub listing: Listing,
    pub limit: u64,
    /// Object fields left out of the comparison (values that change between
    /// two requests on a live appliance, such as `last_used_at`).
    pub ignore: Vec<String>,
}

/// The list endpoint a property check talks to.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Listing {
    /// Path of the list endpoint, e.g. `/api/v1/fortitokens/`.
    pub path: String,
    /// Schema (under `schemas/`) every page must satisfy.
    pub schema: String,
}

/// One filter parameter: `field` or `field__lookup`, and where its value comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The query parameter as sent, e.g. `serial__iexact`.
    pub param: String,
    pub field: String,
    pub lookup: Lookup,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Exact,
    Iexact,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A value given in the case (may reference `${...}`).
    Value(String),
    /// A value taken from the target's own listing.
    Pick(Pick),
}

/// How a value is taken from the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The value as listed.
    AsIs,
    /// The value with the case of every letter changed (for `__iexact`).
    SwapCase,
    /// The value without its last character (a proper prefix).
    ProperPrefix,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Raw {
    Pagination {
        path: String,
        schema: String,
        limit: Value,
        #[serde(default, rename = "where")]
        filters: Vec<RawCondition>,
        #[serde(default)]
        previous_required: bool,
    },
    Filter {
        path: String,
        schema: String,
        #[serde(rename = "where")]
        filters: Vec<RawCondition>,
    },
    SameAnswer {
        path: String,
        schema: String,
        limit: u64,
        #[serde(default)]
        ignore: Vec<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    param: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    pick: Option<Pick>,
}

const KINDS: &str = "pagination, filter, same_answer";

impl Property {
    /// Parses a case's `check`; `known` are the names `${...}` may use.
    pub fn parse(v: &Value, known: &BTreeSet<String>) -> Result<Property, String> {
        let kind = v.get("kind").and_then(Value::as_str);
        let raw: Raw = serde_path_to_error::deserialize(v).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            let hint = if kind.is_none() {
                format!(" (a check needs `kind`: one of {KINDS})")
            } else {
                String::new()
            };
            if path == "." || path.is_empty() {
                format!("{inner}{hint}")
            } else {
                format!("at `{path}`: {inner}{hint}")
            }
        })?;
        let listing = |path: String, schema: String| -> Result<Listing, String> {
            if !path.starts_with('/') || path.contains('?') {
                return Err(format!(
                    "`path` {path:?} must start with `/` and have no query"
                ));
            }
            Ok(Listing { path, schema })
        };
        let conditions = |raw: Vec<RawCondition>| -> Result<Vec<Condition>, String> {
            let mut seen = BTreeSet::new();
            raw.into_iter()
                .map(|c| {
                    if !seen.insert(c.param.clone()) {
                        return Err(format!("`where` names `{}` twice", c.param));
                    }
                    Condition::new(c, known)
                })
                .collect()
        };
        match raw {
            Raw::Pagination {
                path,
                schema,
                limit,
                filters,
                previous_required,
            } => {
                let limit = match &limit {
                    Value::String(s) if s == "default" => None,
                    Value::Number(n) if n.as_u64().is_some_and(|l| (1..=MAX_LIMIT).contains(&l)) => {
                        n.as_u64()
                    }
                    other => {
                        return Err(format!(
                            "`limit` must be `default` or a whole number from 1 to {MAX_LIMIT}, not {other}"
                        ))
                    }
                };
                Ok(Property::Pagination(Pagination {
                    listing: listing(path, schema)?,
                    limit,
                    filters: conditions(filters)?,
                    previous_required,
                }))
            }
            Raw::Filter {
                path,
                schema,
                filters,
            } => {
                if filters.is_empty() {
                    return Err("a filter check needs at least one condition in `where`".into());
                }
                Ok(Property::Filter(Filter {
                    listing: listing(path, schema)?,
                    filters: conditions(filters)?,
                }))
            }
            Raw::SameAnswer {
                path,
                schema,
                limit,
                ignore,
            } => {
                if !(1..=MAX_LIMIT).contains(&limit) {
                    return Err(format!("`limit` must be from 1 to {MAX_LIMIT}"));
                }
                Ok(Property::SameAnswer(SameAnswer {
                    listing: listing(path, schema)?,
                    limit,
                    ignore,
                }))
            }
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Property::Pagination(_) => "pagination",
            Property::Filter(_) => "filter",
            Property::SameAnswer(_) => "same answer",
        }
    }

    /// The parameters, in a few words (for the case catalogue).
    pub fn describe(&self) -> String {
        let filters = |f: &[Condition]| -> String {
            f.iter()
                .map(|c| match &c.source {
                    Source::Value(v) => format!("{}={v}", c.param),
                    Source::Pick(Pick::AsIs) => format!("{}=<listed>", c.param),
                    Source::Pick(Pick::SwapCase) => format!("{}=<listed, case changed>", c.param),
                    Source::Pick(Pick::ProperPrefix) => {
                        format!("{}=<proper prefix of listed>", c.param)
                    }
                })
                .collect::<Vec<_>>()
                .join("&")
        };
        match self {
            Property::Pagination(p) => {
                let mut s = match p.limit {
                    Some(l) => format!("walk with limit={l}"),
                    None => "walk with no limit".to_string(),
                };
                if !p.filters.is_empty() {
                    s.push_str(&format!(" and {}", filters(&p.filters)));
                }
                if p.previous_required {
                    s.push_str("; previous required past the first page");
                }
                s
            }
            Property::Filter(f) => format!("filter {}", filters(&f.filters)),
            Property::SameAnswer(a) if a.ignore.is_empty() => {
                format!("limit={}, format=json against Accept", a.limit)
            }
            Property::SameAnswer(a) => format!(
                "limit={}, format=json against Accept, ignoring {}",
                a.limit,
                a.ignore.join(", ")
            ),
        }
    }

    pub fn listing(&self) -> &Listing {
        match self {
            Property::Pagination(p) => &p.listing,
            Property::Filter(f) => &f.listing,
            Property::SameAnswer(s) => &s.listing,
        }
    }

    /// The schema the pages must satisfy.
    pub fn schema(&self) -> &str {
        &self.listing().schema
    }
}

impl Condition {
    fn new(c: RawCondition, known: &BTreeSet<String>) -> Result<Condition, String> {
        let (field, lookup) = match c.param.split_once("__") {
            None => (c.param.clone(), Lookup::Exact),
            Some((f, "exact")) => (f.to_string(), Lookup::Exact),
            Some((f, "iexact")) => (f.to_string(), Lookup::Iexact),
            Some((_, other)) => {
                return Err(format!(
                    "`{}`: lookup `{other}` is not one the docs define for these filters (exact, iexact)",
                    c.param
                ))
            }
        };
        if field.is_empty()
            || !field
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        {
            return Err(format!("`{}` is not a field name", c.param));
        }
        let source = match (c.value, c.pick) {
            (Some(v), None) => {
                for r in crate::vars::references(&v) {
                    let base = crate::vars::arithmetic(r).map_or(r, |(b, _)| b);
                    if !known.contains(base) && !crate::vars::is_builtin(base) {
                        return Err(format!("`{}`: unknown reference `${{{r}}}`", c.param));
                    }
                }
                Source::Value(v)
            }
            (None, Some(p)) => Source::Pick(p),
            _ => {
                return Err(format!(
                    "`{}` needs exactly one of `value` (given) or `pick` (as_is, swap_case, proper_prefix: taken from the target's listing)",
                    c.param
                ))
            }
        };
        Ok(Condition {
            param: c.param,
            field,
            lookup,
            source,
        })
    }
}

/// A condition with its value decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub param: String,
    pub field: String,
    pub lookup: Lookup,
    pub value: String,
}

impl Bound {
    /// Django's lookups: `exact` compares strings, `iexact` compares them
    /// upper-cased (PostgreSQL's `UPPER(a) = UPPER(b)`).
    pub fn matches(&self, r: &Record) -> bool {
        match (r.fields.get(&self.field), self.lookup) {
            (Some(v), Lookup::Exact) => v == self.value,
            (Some(v), Lookup::Iexact) => v.to_uppercase() == self.value.to_uppercase(),
            (None, _) => false,
        }
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.param, self.value)
    }
}

/// What a property check keeps of one listed object: its identity and the
/// fields it filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `resource_uri` (unique per object), else `serial`, else the object's JSON.
    pub key: Box<str>,
    /// Field values as strings (non-string scalars as their JSON text); a
    /// field that is absent or null is left out.
    pub fields: Fields,
}

/// A few named values, kept small: a walk of 100,000 objects keeps one of
/// these per object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields(Vec<(Box<str>, Box<str>)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| &**k == name).map(|(_, v)| &**v)
    }

    pub fn insert(&mut self, name: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| &**k == name) {
            Some((_, v)) => *v = value.into(),
            None => self.0.push((name.into(), value.into())),
        }
    }
}

impl FromIterator<(String, String)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut f = Fields::default();
        for (k, v) in iter {
            f.insert(&k, &v);
        }
        f.0.shrink_to_fit();
        f
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }
}

impl Record {
    pub fn from_object(obj: &Value, fields: &BTreeSet<String>) -> Record {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        let key = ["resource_uri", "serial"]
            .iter()
            .find_map(|k| obj.get(k).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| obj.to_string());
        let fields = fields
            .iter()
            .filter_map(|f| obj.get(f).and_then(text).map(|v| (f.clone(), v)))
            .collect();
        Record {
            key: key.into(),
            fields,
        }
    }

    /// How the object is named in messages.
    pub fn name(&self) -> String {
        match self.fields.get("serial") {
            Some(s) => format!("serial {s:?} ({})", self.key),
            None => self.key.to_string(),
        }
    }
}

/// The fields a check needs kept from each object.
pub fn needed_fields(conditions: &[Condition]) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = conditions.iter().map(|c| c.field.clone()).collect();
    out.insert("serial".into());
    out
}

fn transform(value: &str, pick: Pick) -> Option<String> {
    match pick {
        Pick::AsIs => (!value.is_empty()).then(|| value.to_string()),
        Pick::SwapCase => {
            // ASCII only: databases fold other letters differently.
            if !value.is_ascii() {
                return None;
            }
            let swapped: String = value
                .chars()
                .map(|c| {
                    if c.is_ascii_uppercase() {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect();
            (swapped != value).then_some(swapped)
        }
        Pick::ProperPrefix => {
            let n = value.chars().count();
            (n >= 2).then(|| value.chars().take(n - 1).collect())
        }
    }
}

/// Picked combinations tried before giving up on the data.
const CANDIDATES: usize = 50;

/// Whether filtering with `bound` can show a broken filter: the matching
/// subset is smaller than the listing (an ignored filter would show), and
/// with several conditions AND differs from OR.
pub fn discriminates(bound: &[Bound], reference: &[Record]) -> bool {
    let and = reference
        .iter()
        .filter(|r| bound.iter().all(|b| b.matches(r)))
        .count();
    if and >= reference.len() {
        return false;
    }
    bound.len() < 2
        || reference
            .iter()
            .filter(|r| bound.iter().any(|b| b.matches(r)))
            .count()
            > and
}

/// Decides the values of `conditions` from the target's full listing:
/// given values are used as they are (`resolved` holds them, substituted);
/// picked ones come from the listed object whose combination of picked
/// values is the most frequent (the first such object on a tie), so that
/// the filtered answer is as large as the data allows, among those that
/// `discriminates`. `Err` says why no object can serve.
pub fn bind(
    conditions: &[Condition],
    resolved: &[Option<String>],
    reference: &[Record],
) -> Result<Vec<Bound>, String> {
    let picks: Vec<(usize, &Condition, Pick)> = conditions
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.source {
            Source::Pick(p) => Some((i, c, p)),
            Source::Value(_) => None,
        })
        .collect();
    let mut chosen: Vec<Option<String>> = resolved.to_vec();
    chosen.resize(conditions.len(), None);
    if !picks.is_empty() {
        let mut counts: HashMap<Vec<String>, (usize, usize)> = HashMap::new();
        for (pos, r) in reference.iter().enumerate() {
            let combo: Option<Vec<String>> = picks
                .iter()
                .map(|(_, c, p)| r.fields.get(&c.field).and_then(|v| transform(v, *p)))
                .collect();
            if let Some(combo) = combo {
                let e = counts.entry(combo).or_insert((0, pos));
                e.0 += 1;
            }
        }
        if counts.is_empty() {
            if reference.is_empty() {
                return Err("the target's full listing is empty: no value to filter on".into());
            }
            let what: Vec<String> = picks
                .iter()
                .map(|(_, c, p)| match p {
                    Pick::AsIs => format!("a non-empty `{}`", c.field),
                    Pick::SwapCase => format!("a `{}` with a letter in it", c.field),
                    Pick::ProperPrefix => {
                        format!("a `{}` of two or more characters", c.field)
                    }
                })
                .collect();
            return Err(format!(
                "the target lists no object with {} to filter on",
                what.join(" and ")
            ));
        }
        // The most frequent combination first (the first listed on a tie),
        // but only one that can tell a working filter from a broken one.
        let mut ranked: Vec<(Vec<String>, (usize, usize))> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        let bound_with = |combo: &[String]| -> Vec<Bound> {
            let mut values = chosen.clone();
            for ((i, _, _), v) in picks.iter().zip(combo) {
                values[*i] = Some(v.clone());
            }
            conditions
                .iter()
                .zip(values)
                .filter_map(|(c, v)| {
                    v.map(|value| Bound {
                        param: c.param.clone(),
                        field: c.field.clone(),
                        lookup: c.lookup,
                        value,
                    })
                })
                .collect()
        };
        let found = ranked
            .iter()
            .take(CANDIDATES)
            .find(|(combo, _)| discriminates(&bound_with(combo), reference));
        let Some((best, _)) = found else {
            let example = bound_with(&ranked[0].0)
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join("&");
            return Err(format!(
                "the target's listing cannot tell a working filter from a broken one here: \
                 for every value tried (e.g. {example}) the answer would be the whole listing{}",
                if conditions.len() > 1 {
                    ", or the same whether the filters are AND-ed or OR-ed"
                } else {
                    ""
                }
            ));
        };
        for ((i, _, _), v) in picks.iter().zip(best) {
            chosen[*i] = Some(v.clone());
        }
    }
    conditions
        .iter()
        .zip(chosen)
        .map(|(c, v)| {
            v.map(|value| Bound {
                param: c.param.clone(),
                field: c.field.clone(),
                lookup: c.lookup,
                value,
            })
            .ok_or_else(|| format!("no value for `{}`", c.param))
        })
        .collect()
}

/// One page as fetched: the request's path and query, and the answer's
/// `meta` and objects.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path and query as requested, for messages.
    pub target: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub meta: Value,
    pub records: Vec<Record>,
}

impl Page {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `offset` asked for (0 when none).
    pub fn requested_offset(&self) -> Option<u64> {
        match self.param("offset") {
            None => Some(0),
            Some(o) => o.parse().ok(),
        }
    }

    /// The `limit` asked for, as the docs define it: 20 when none; `None`
    /// for a value outside 1..=1000, where the docs promise only "at most 1000".
    pub fn requested_limit(&self) -> Option<u64> {
        match self.param("limit") {
            None => Some(DEFAULT_LIMIT),
            Some(l) => l
                .parse::<u64>()
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l)),
        }
    }

    pub fn total_count(&self) -> Option<u64> {
        self.meta.get("total_count").and_then(Value::as_u64)
    }
}

/// `meta.limit` and `meta.offset` echo the request, and the page holds no
/// more objects than its limit (at most 1000 whatever was asked).
pub fn echo(page: &Page, scrub: &dyn Scrub) -> Vec<Finding> {
    let mut out = Vec::new();
    let limit = page.requested_limit();
    if let Some(l) = limit {
        if page.meta.get("limit").and_then(Value::as_u64) != Some(l) {
            let why = if page.param("limit").is_some() {
                "the requested limit"
            } else {
                "the default limit, none being asked"
            };
            out.push(Finding::new(
                "/meta/limit",
                format!("{l} ({why})"),
                super::fields::show(page.meta.get("limit"), scrub),
            ));
        }
    }
    if let Some(o) = page.requested_offset() {
        if page.meta.get("offset").and_then(Value::as_u64) != Some(o) {
            out.push(Finding::new(
                "/meta/offset",
                format!("{o} (the requested offset)"),
                super::fields::show(page.meta.get("offset"), scrub),
            ));
        }
    }
    let cap = limit.unwrap_or(MAX_LIMIT);
    if page.records.len() as u64 > cap {
        out.push(Finding::new(
            "/objects",
            format!("at most {cap} objects"),
            format!("{} objects", page.records.len()),
        ));
    }
    out
}

/// A link of `meta` (`next` or `previous`) taken apart.
struct Link {
    path: String,
    query: Vec<(String, String)>,
}

fn parse_link(text: &str) -> Result<Link, String> {
    if !text.starts_with('/') || text.starts_with("//") || text.contains('\\') {
        return Err("a path without scheme or host".into());
    }
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    Ok(Link {
        path: path.to_string(),
        query: url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    })
}

impl Link {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Link {
    /// `limit` of the link, 20 when it gives none; `None` when unreadable.
    fn limit(&self) -> Option<u64> {
        self.param("limit")
            .map_or(Some(DEFAULT_LIMIT), |l| l.parse().ok())
    }

    /// `offset` of the link, 0 when it gives none; `None` when unreadable.
    fn offset(&self) -> Option<u64> {
        self.param("offset").map_or(Some(0), |o| o.parse().ok())
    }
}

/// What `next` and `previous` share: a path to the same listing that keeps
/// the request's filter and `format` parameters and its limit. `Err` when
/// the text is not a path at all. `at` is `/meta/next` or `/meta/previous`.
fn common_link_checks(
    at: &str,
    text: &str,
    page: &Page,
    want: &[(String, String)],
    limit: Option<u64>,
    out: &mut Vec<Finding>,
) -> Option<Link> {
    let link = match parse_link(text) {
        Ok(l) => l,
        Err(e) => {
            out.push(Finding::new(at, e, format!("{text:?}")));
            return None;
        }
    };
    if link.path != page.path {
        out.push(Finding::new(
            at,
            format!("a link to the same listing {}", page.path),
            format!("{text:?}"),
        ));
    }
    let lost = missing_params(&link, want);
    if !lost.is_empty() {
        out.push(Finding::new(
            at,
            format!("a link that keeps {}", lost.join("&")),
            format!("{text:?}"),
        ));
    }
    if let Some(l) = limit {
        if link.limit() != Some(l) {
            out.push(Finding::new(
                at,
                format!("a link that keeps limit {l}"),
                format!("{text:?}"),
            ));
        }
    }
    Some(link)
}

/// The request's parameters a link must keep: all but `limit` and `offset`.
fn kept_params(page: &Page) -> Vec<(String, String)> {
    page.query
        .iter()
        .filter(|(k, _)| k != "limit" && k != "offset")
        .cloned()
        .collect()
}

fn missing_params(link: &Link, want: &[(String, String)]) -> Vec<String> {
    want.iter()
        .filter(|w| !link.query.contains(w))
        .map(|(k, v)| format!("{k}={v}"))
        .collect()
}

/// `next` and `previous` of one page, given the listing's `total_count`:
/// `next` is null exactly on the last page, otherwise a path to the same
/// listing that keeps every filter and `format` parameter and the limit
/// and starts where this page ends; `previous` is null on the first page
/// and, where present, keeps the parameters and starts before this page.
pub fn links(page: &Page, total: u64, previous_required: bool, scrub: &dyn Scrub) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(offset) = page.requested_offset() else {
        return out;
    };
    let limit = page
        .meta
        .get("limit")
        .and_then(Value::as_u64)
        .or(page.requested_limit());
    let shown = page.records.len() as u64;
    let remaining = total.saturating_sub(offset.saturating_add(shown));
    let want = kept_params(page);
    match page.meta.get("next") {
        Some(Value::Null) | None if remaining > 0 => out.push(Finding::new(
            "/meta/next",
            format!("a link to the next page ({remaining} of {total} objects come after this page)"),
            super::fields::show(page.meta.get("next"), scrub),
        )),
        Some(Value::Null) => {}
        None => out.push(Finding::new("/meta/next", "null on the last page", "nothing (absent)")),
        Some(Value::String(s)) if remaining == 0 => out.push(Finding::new(
            "/meta/next",
            format!("null: this is the last page (offset {offset}, {shown} objects, total_count {total})"),
            format!("{s:?}"),
        )),
        Some(Value::String(s)) => {
            let link = common_link_checks("/meta/next", s, page, &want, limit, &mut out);
            if let (Some(link), Some(l)) = (link, limit) {
                let end = offset.saturating_add(l);
                let next_offset = link.offset();
                if next_offset != Some(end) {
                    let what = match next_offset {
                        Some(n) if n < end => format!(
                            "{s:?}, which overlaps this page by {}",
                            plural(end - n, "object")
                        ),
                        Some(n) => format!("{s:?}, which skips {}", plural(n - end, "object")),
                        None => format!("{s:?}, with no usable offset"),
                    };
                    out.push(Finding::new(
                        "/meta/next",
                        format!("a link to offset {end} (this page's offset {offset} + limit {l})"),
                        what,
                    ));
                }
            }
        }
        Some(other) => out.push(Finding::new("/meta/next", "a path or null", other.to_string())),
    }
    match page.meta.get("previous") {
        Some(Value::Null) if previous_required && limit.is_some_and(|l| offset >= l) => {
            out.push(Finding::new(
                "/meta/previous",
                "a link to the page before (offset minus limit is not negative) [framework]",
                "null",
            ))
        }
        Some(Value::Null) => {}
        None => out.push(Finding::new(
            "/meta/previous",
            "a path or null",
            "nothing (absent)",
        )),
        Some(Value::String(s)) if offset == 0 => out.push(Finding::new(
            "/meta/previous",
            "null on the first page (offset 0)",
            format!("{s:?}"),
        )),
        Some(Value::String(s)) => {
            let link = common_link_checks("/meta/previous", s, page, &want, limit, &mut out);
            if link.is_some_and(|l| l.offset().is_none_or(|p| p >= offset)) {
                out.push(Finding::new(
                    "/meta/previous",
                    format!("a link to a page that starts before this one (offset {offset})"),
                    format!("{s:?}"),
                ));
            }
        }
        Some(other) => out.push(Finding::new(
            "/meta/previous",
            "a path or null",
            other.to_string(),
        )),
    }
    out
}

fn plural(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn examples<'a>(items: impl Iterator<Item = String> + 'a, n: usize) -> String {
    let mut shown: Vec<String> = items.take(EXAMPLES).collect();
    if n > shown.len() {
        shown.push(format!("and {} more", n - shown.len()));
    }
    shown.join(", ")
}

/// The pages of a walk together (`walked`: page number and object, in
/// order) hold every object of `expected` exactly once and nothing else,
/// and `total_count` (the first page's) is the number of objects.
pub fn exactly_once<R: Borrow<Record>>(
    walked: &[(usize, Record)],
    expected: &[R],
    total: u64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut first_page: HashMap<&str, usize> = HashMap::with_capacity(walked.len());
    let mut dups = Vec::new();
    for (page, r) in walked {
        if let Some(p) = first_page.insert(&r.key, *page) {
            dups.push(format!("{} on page {p} and again on page {page}", r.name()));
        }
    }
    if !dups.is_empty() {
        out.push(Finding::new(
            "pages",
            "every object exactly once",
            format!(
                "{} repeated: {}",
                dups.len(),
                examples(dups.iter().cloned(), dups.len())
            ),
        ));
    }
    let expected: Vec<&Record> = expected.iter().map(|r| r.borrow()).collect();
    let want: HashSet<&str> = expected.iter().map(|r| &*r.key).collect();
    let missing: Vec<&Record> = expected
        .iter()
        .copied()
        .filter(|r| !first_page.contains_key(&*r.key))
        .collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            "pages",
            "every matching object of the full listing",
            format!(
                "{} never appeared: {}",
                missing.len(),
                examples(missing.iter().map(|r| r.name()), missing.len())
            ),
        ));
    }
    let mut extra_seen = HashSet::new();
    let extra: Vec<&Record> = walked
        .iter()
        .map(|(_, r)| r)
        .filter(|r| !want.contains(&*r.key) && extra_seen.insert(&*r.key))
        .collect();
    if !extra.is_empty() {
        out.push(Finding::new(
            "pages",
            "only matching objects of the full listing",
            format!(
                "{} others: {}",
                extra.len(),
                examples(extra.iter().map(|r| r.name()), extra.len())
            ),
        ));
    }
    if walked.len() as u64 != total {
        out.push(Finding::new(
            "/meta/total_count",
            format!("the number of objects the pages held ({})", walked.len()),
            total.to_string(),
        ));
    }
    out
}

/// Every object satisfies every filter.
pub fn satisfies<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    filters: &[Bound],
) -> Vec<Finding> {
    let records: Vec<&Record> = records.into_iter().collect();
    let mut out = Vec::new();
    for b in filters {
        let bad: Vec<&Record> = records.iter().copied().filter(|r| !b.matches(r)).collect();
        if !bad.is_empty() {
            out.push(Finding::new(
                format!("/objects/*/{}", b.field),
                format!(
                    "{} {:?} in every object (filter {b})",
                    if b.lookup == Lookup::Iexact {
                        "equal ignoring case to"
                    } else {
                        "equal to"
                    },
                    b.value
                ),
                format!(
                    "{} objects that do not match: {}",
                    bad.len(),
                    examples(
                        bad.iter().map(|r| format!(
                            "{} with {}",
                            r.name(),
                            r.fields
                                .get(&b.field)
                                .map_or("no value".to_string(), |v| format!("{v:?}"))
                        )),
                        bad.len()
                    )
                ),
            ));
        }
    }
    out
}

/// A link's path and its parameters as a set.
type NormLink = (String, BTreeSet<(String, String)>);

/// Two answers to the same listing request, one asked with `?format=json`,
/// one with `Accept: application/json`: the same objects and the same
/// `meta`, links compared as parameter sets without `format`.
pub fn same_answer(
    by_format: &Value,
    by_accept: &Value,
    ignore: &[String],
    scrub: &dyn Scrub,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let objects = |v: &Value| -> Option<Vec<Value>> {
        v.get("objects").and_then(Value::as_array).map(|list| {
            list.iter()
                .map(|o| {
                    let mut o = o.clone();
                    if let Some(m) = o.as_object_mut() {
                        for f in ignore {
                            m.remove(f);
                        }
                    }
                    o
                })
                .collect()
        })
    };
    if objects(by_format) != objects(by_accept) {
        out.push(Finding::new(
            "/objects",
            "the objects answered to ?format=json",
            format!(
                "{} with Accept: application/json, against {}",
                super::fields::show(by_accept.get("objects"), scrub),
                super::fields::show(by_format.get("objects"), scrub)
            ),
        ));
    }
    for field in ["limit", "offset", "total_count"] {
        let (a, b) = (
            by_format.pointer(&format!("/meta/{field}")),
            by_accept.pointer(&format!("/meta/{field}")),
        );
        if a != b {
            out.push(Finding::new(
                format!("/meta/{field}"),
                format!(
                    "{} (as answered to ?format=json)",
                    super::fields::show(a, scrub)
                ),
                super::fields::show(b, scrub),
            ));
        }
    }
    for link in ["next", "previous"] {
        let norm = |v: Option<&Value>| -> Option<Option<NormLink>> {
            match v {
                Some(Value::Null) => Some(None),
                Some(Value::String(s)) => parse_link(s).ok().map(|l| {
                    Some((
                        l.path,
                        l.query.into_iter().filter(|(k, _)| k != "format").collect(),
                    ))
                }),
                _ => None,
            }
        };
        let (a, b) = (
            by_format.pointer(&format!("/meta/{link}")),
            by_accept.pointer(&format!("/meta/{link}")),
        );
        if norm(a).is_none() || norm(a) != norm(b) {
            out.push(Finding::new(
                format!("/meta/{link}"),
                format!(
                    "the same link as answered to ?format=json ({}), `format` aside",
                    super::fields::show(a, scrub)
                ),
                super::fields::show(b, scrub),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::NoSecrets;
    use serde_json::json;

    fn rec(uri: u32, serial: &str, status: &str) -> Record {
        Record {
            key: format!("/api/v1/fortitokens/{uri}/").into(),
            fields: [
                ("serial".to_string(), serial.to_string()),
                ("status".to_string(), status.to_string()),
                ("type".to_string(), "ftm".to_string()),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn listing() -> Vec<Record> {
        vec![
            rec(1, "FTKMOB0001", "available"),
            rec(2, "FTKMOB0002", "assigned"),
            rec(3, "FTKMOB0003", "available"),
            rec(4, "FTK2000001", "new"),
        ]
    }

    fn page(query: &str, meta: Value, records: Vec<Record>) -> Page {
        Page {
            target: format!("/api/v1/fortitokens/?{query}"),
            path: "/api/v1/fortitokens/".into(),
            query: url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            meta,
            records,
        }
    }

    fn cond(param: &str, source: Source) -> Condition {
        let raw = RawCondition {
            param: param.into(),
            value: match &source {
                Source::Value(v) => Some(v.clone()),
                Source::Pick(_) => None,
            },
            pick: match source {
                Source::Pick(p) => Some(p),
                Source::Value(_) => None,
            },
        };
        Condition::new(raw, &BTreeSet::new()).unwrap()
    }

    fn good_meta(limit: u64, offset: u64, total: u64, next: Value, previous: Value) -> Value {
        json!({"limit": limit, "offset": offset, "total_count": total, "next": next, "previous": previous})
    }

    // --- parsing

    #[test]
    fn parses_each_kind_and_rejects_bad_parameters() {
        let known = BTreeSet::new();
        let p = Property::parse(
            &json!({"kind": "pagination", "path": "/api/v1/fortitokens/", "schema": "s.json", "limit": 7,
                    "where": [{"param": "status", "pick": "as_is"}]}),
            &known,
        )
        .unwrap();
        assert_eq!(p.kind(), "pagination");
        let Property::Pagination(w) = p else { panic!() };
        assert_eq!(w.limit, Some(7));
        assert_eq!(w.filters[0].source, Source::Pick(Pick::AsIs));
        let p = Property::parse(
            &json!({"kind": "pagination", "path": "/x/", "schema": "s.json", "limit": "default"}),
            &known,
        )
        .unwrap();
        assert!(matches!(
            p,
            Property::Pagination(Pagination { limit: None, .. })
        ));
        for (bad, says) in [
            (
                json!({"kind": "pagination", "path": "/x/", "schema": "s", "limit": 0}),
                "limit",
            ),
            (
                json!({"kind": "pagination", "path": "/x/", "schema": "s", "limit": 1001}),
                "limit",
            ),
            (
                json!({"kind": "pagination", "path": "x/", "schema": "s", "limit": 1}),
                "path",
            ),
            (
                json!({"kind": "walk", "path": "/x/", "schema": "s"}),
                "walk",
            ),
            (json!({"path": "/x/", "schema": "s"}), "kind"),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": []}),
                "at least one",
            ),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "wher": []}),
                "wher",
            ),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "serial__startswith", "value": "F"}]}),
                "startswith",
            ),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "serial", "value": "F", "pick": "as_is"}]}),
                "exactly one",
            ),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "serial", "value": "${nope}"}]}),
                "nope",
            ),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "type", "value": "ftm"}, {"param": "type", "value": "ftk"}]}),
                "twice",
            ),
        ] {
            let e = Property::parse(&bad, &known).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    // --- picking values from the listing

    #[test]
    fn picks_the_most_frequent_value_and_transforms_it() {
        let l = listing();
        let b = bind(&[cond("status", Source::Pick(Pick::AsIs))], &[None], &l).unwrap();
        assert_eq!(b[0].value, "available");
        let b = bind(
            &[cond("serial__iexact", Source::Pick(Pick::SwapCase))],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "ftkmob0001");
        let b = bind(
            &[cond("serial__exact", Source::Pick(Pick::ProperPrefix))],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "FTKMOB000");
        let two = [
            cond("type", Source::Pick(Pick::AsIs)),
            cond("status", Source::Pick(Pick::AsIs)),
        ];
        let b = bind(&two, &[None, None], &l).unwrap();
        assert_eq!(
            (b[0].value.as_str(), b[1].value.as_str()),
            ("ftm", "available")
        );
        let given = [cond("type", Source::Value("ftk".into()))];
        let b = bind(&given, &[Some("ftk".into())], &[]).unwrap();
        assert_eq!(b[0].value, "ftk");
    }

    #[test]
    fn picking_from_a_listing_without_candidates_says_why() {
        let e = bind(
            &[cond("license", Source::Pick(Pick::AsIs))],
            &[None],
            &listing(),
        )
        .unwrap_err();
        assert!(e.contains("no object with a non-empty `license`"), "{e}");
        let digits = vec![rec(1, "12345", "new")];
        let e = bind(
            &[cond("serial__iexact", Source::Pick(Pick::SwapCase))],
            &[None],
            &digits,
        )
        .unwrap_err();
        assert!(e.contains("letter"), "{e}");
    }

    #[test]
    fn picking_prefers_values_that_can_show_a_broken_filter() {
        // Three of four share a license; the fourth's can tell an ignored filter.
        let mut l = listing();
        for (i, r) in l.iter_mut().enumerate() {
            let lic = if i == 3 { "EFTM1" } else { "FTMTRIAL" };
            r.fields.insert("license", lic);
        }
        let b = bind(&[cond("license", Source::Pick(Pick::AsIs))], &[None], &l).unwrap();
        assert_eq!(b[0].value, "FTMTRIAL", "a proper subset is fine");
        for r in &mut l {
            r.fields.insert("license", "FTMTRIAL");
        }
        let e = bind(&[cond("license", Source::Pick(Pick::AsIs))], &[None], &l).unwrap_err();
        assert!(e.contains("cannot tell"), "{e}");
        // AND and OR must differ: serial and status of one token whose
        // status is unique would not show an OR.
        let two = [
            cond("serial__exact", Source::Pick(Pick::AsIs)),
            cond("status", Source::Pick(Pick::AsIs)),
        ];
        let l = listing();
        let b = bind(&two, &[None, None], &l).unwrap();
        assert_eq!(b[1].value, "available", "{b:?}");
        assert!(discriminates(&b, &l));
        let lone = vec![rec(1, "A1", "new"), rec(2, "B2", "assigned")];
        assert!(bind(&two, &[None, None], &lone).is_err());
    }

    #[test]
    fn swap_case_keeps_to_ascii() {
        assert_eq!(
            transform("FTKmob01", Pick::SwapCase).as_deref(),
            Some("ftkMOB01")
        );
        assert_eq!(transform("FTKı01", Pick::SwapCase), None);
        assert_eq!(transform("0123", Pick::SwapCase), None);
    }

    #[test]
    fn iexact_ignores_case_and_exact_does_not() {
        let r = rec(1, "FTKMOB0001", "new");
        let b = |param: &str, lookup, v: &str| Bound {
            param: param.into(),
            field: "serial".into(),
            lookup,
            value: v.into(),
        };
        assert!(b("serial__iexact", Lookup::Iexact, "ftkmob0001").matches(&r));
        assert!(!b("serial", Lookup::Exact, "ftkmob0001").matches(&r));
        assert!(!b("serial", Lookup::Exact, "FTKMOB000").matches(&r));
        assert!(b("serial", Lookup::Exact, "FTKMOB0001").matches(&r));
    }

    // --- echo

    #[test]
    fn echo_passes_a_conformant_page() {
        let p = page(
            "format=json&limit=2&offset=2",
            good_meta(
                2,
                2,
                4,
                Value::Null,
                json!("/api/v1/fortitokens/?format=json&limit=2&offset=0"),
            ),
            listing()[2..].to_vec(),
        );
        assert_eq!(echo(&p, &NoSecrets), vec![]);
        let d = page(
            "format=json",
            good_meta(20, 0, 4, Value::Null, Value::Null),
            listing(),
        );
        assert_eq!(echo(&d, &NoSecrets), vec![]);
    }

    #[test]
    fn echo_catches_a_limit_not_echoed() {
        let p = page(
            "limit=2",
            good_meta(20, 0, 4, Value::Null, Value::Null),
            listing()[..2].to_vec(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/limit");
    }

    #[test]
    fn echo_catches_a_default_limit_other_than_20() {
        let p = page(
            "format=json",
            good_meta(25, 0, 4, Value::Null, Value::Null),
            listing(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("default"), "{f:?}");
    }

    #[test]
    fn echo_catches_an_offset_not_echoed() {
        let p = page(
            "limit=2&offset=2",
            good_meta(2, 0, 4, Value::Null, json!("/api/v1/fortitokens/?limit=2")),
            listing()[2..].to_vec(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/offset");
    }

    #[test]
    fn echo_catches_a_page_larger_than_its_limit() {
        let p = page(
            "limit=2",
            good_meta(
                2,
                0,
                4,
                json!("/api/v1/fortitokens/?limit=2&offset=2"),
                Value::Null,
            ),
            listing(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/objects");
        // Above the maximum only "at most 1000" is promised.
        let many: Vec<Record> = (0..1001).map(|i| rec(i, &format!("S{i}"), "new")).collect();
        let p = page(
            "limit=5000",
            good_meta(1000, 0, 1001, Value::Null, Value::Null),
            many,
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("1000"));
    }

    // --- links

    fn first_of_two() -> Page {
        page(
            "status=available&format=json&limit=1",
            good_meta(
                1,
                0,
                2,
                json!("/api/v1/fortitokens/?format=json&status=available&offset=1&limit=1"),
                Value::Null,
            ),
            listing()[..1].to_vec(),
        )
    }

    #[test]
    fn links_pass_conformant_pages_in_any_parameter_order() {
        assert_eq!(links(&first_of_two(), 2, false, &NoSecrets), vec![]);
        let last = page(
            "format=json&status=available&offset=1&limit=1",
            good_meta(
                1,
                1,
                2,
                Value::Null,
                json!("/api/v1/fortitokens/?limit=1&status=available&format=json&offset=0"),
            ),
            listing()[2..3].to_vec(),
        );
        assert_eq!(links(&last, 2, false, &NoSecrets), vec![]);
    }

    #[test]
    fn links_catch_next_missing_before_the_end() {
        let mut p = first_of_two();
        p.meta["next"] = Value::Null;
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("1 of 2 objects come after"), "{f:?}");
    }

    #[test]
    fn links_catch_next_kept_on_the_last_page() {
        let last = page(
            "limit=1&offset=1",
            good_meta(
                1,
                1,
                2,
                json!("/api/v1/fortitokens/?limit=1&offset=2"),
                json!("/api/v1/fortitokens/?limit=1&offset=0"),
            ),
            listing()[1..2].to_vec(),
        );
        let f = links(&last, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("last page"), "{f:?}");
    }

    #[test]
    fn links_catch_next_losing_a_filter_or_format() {
        for lost in [
            "/api/v1/fortitokens/?format=json&offset=1&limit=1",
            "/api/v1/fortitokens/?status=available&offset=1&limit=1",
        ] {
            let mut p = first_of_two();
            p.meta["next"] = json!(lost);
            let f = links(&p, 2, false, &NoSecrets);
            assert_eq!(f.len(), 1, "{lost}: {f:?}");
            assert!(f[0].expected.contains("keeps"), "{f:?}");
        }
    }

    #[test]
    fn links_catch_next_that_skips_or_overlaps() {
        for (next, says) in [
            (
                "/api/v1/fortitokens/?format=json&status=available&offset=2&limit=1",
                "skips 1",
            ),
            (
                "/api/v1/fortitokens/?format=json&status=available&offset=0&limit=1",
                "overlaps",
            ),
            (
                "/api/v1/fortitokens/?format=json&status=available&offset=1&limit=2",
                "keeps limit 1",
            ),
        ] {
            let mut p = first_of_two();
            p.meta["next"] = json!(next);
            let f = links(&p, 2, false, &NoSecrets);
            assert_eq!(f.len(), 1, "{next}: {f:?}");
            assert!(
                f[0].actual.contains(says) || f[0].expected.contains(says),
                "{f:?}"
            );
        }
    }

    #[test]
    fn links_catch_next_with_host_or_to_another_listing() {
        for next in [
            "https://fac.example/api/v1/fortitokens/?format=json&status=available&offset=1&limit=1",
            "/api/v1/users/?format=json&status=available&offset=1&limit=1",
        ] {
            let mut p = first_of_two();
            p.meta["next"] = json!(next);
            let f = links(&p, 2, false, &NoSecrets);
            assert_eq!(f.len(), 1, "{next}: {f:?}");
        }
    }

    #[test]
    fn links_catch_previous_on_the_first_page() {
        let mut p = first_of_two();
        p.meta["previous"] =
            json!("/api/v1/fortitokens/?format=json&status=available&offset=0&limit=1");
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/previous");
    }

    #[test]
    fn links_catch_previous_that_does_not_go_back() {
        let p = page(
            "limit=1&offset=1",
            good_meta(
                1,
                1,
                2,
                Value::Null,
                json!("/api/v1/fortitokens/?limit=1&offset=1"),
            ),
            listing()[1..2].to_vec(),
        );
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("starts before"), "{f:?}");
    }

    #[test]
    fn links_require_previous_past_the_first_limit_only_when_asked() {
        let p = page(
            "limit=1&offset=1",
            good_meta(1, 1, 2, Value::Null, Value::Null),
            listing()[1..2].to_vec(),
        );
        assert_eq!(links(&p, 2, false, &NoSecrets), vec![]);
        let f = links(&p, 2, true, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("framework"), "{f:?}");
    }

    #[test]
    fn links_catch_previous_that_changes_the_limit() {
        let p = page(
            "limit=1&offset=1",
            good_meta(
                1,
                1,
                2,
                Value::Null,
                json!("/api/v1/fortitokens/?limit=5&offset=0"),
            ),
            listing()[1..2].to_vec(),
        );
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("keeps limit 1"), "{f:?}");
    }

    #[test]
    fn links_survive_hostile_numbers() {
        let p = page(
            "limit=1&offset=18446744073709551615",
            good_meta(
                1,
                u64::MAX,
                u64::MAX,
                json!("/api/v1/fortitokens/?limit=1&offset=18446744073709551615"),
                json!("/api/v1/fortitokens/?limit=1&offset=0"),
            ),
            listing()[..1].to_vec(),
        );
        // No panic, and the link that cannot advance is reported.
        let f = links(&p, u64::MAX, true, &NoSecrets);
        assert!(!f.is_empty());
        let q = page(
            "limit=1000",
            good_meta(
                1000,
                0,
                2,
                json!("/\\evil.example/api/v1/fortitokens/?limit=1000&offset=1000"),
                Value::Null,
            ),
            vec![],
        );
        let f = links(&q, u64::MAX, false, &NoSecrets);
        assert!(
            f.iter()
                .any(|f| f.expected.contains("without scheme or host")),
            "{f:?}"
        );
    }

    // --- exactly once

    fn walked(pages: &[&[Record]]) -> Vec<(usize, Record)> {
        pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.iter().map(move |r| (i + 1, r.clone())))
            .collect()
    }

    #[test]
    fn exactly_once_passes_a_complete_walk_in_any_order() {
        let l = listing();
        let w = walked(&[&[l[3].clone(), l[1].clone()], &[l[0].clone(), l[2].clone()]]);
        assert_eq!(exactly_once(&w, &l, 4), vec![]);
    }

    #[test]
    fn exactly_once_catches_a_repeated_object() {
        let l = listing();
        let w = walked(&[&l[..2], &l[1..]]);
        let f = exactly_once(&w, &l, 4);
        assert!(
            f.iter().any(|f| f.actual.contains("repeated")
                && f.actual.contains("page 1 and again on page 2")),
            "{f:?}"
        );
    }

    #[test]
    fn exactly_once_catches_a_skipped_object() {
        let l = listing();
        let w = walked(&[&l[..1], &l[2..]]);
        let f = exactly_once(&w, &l, 4);
        assert!(
            f.iter()
                .any(|f| f.actual.contains("never appeared") && f.actual.contains("FTKMOB0002")),
            "{f:?}"
        );
    }

    #[test]
    fn exactly_once_catches_a_wrong_total_count() {
        let l = listing();
        let w = walked(&[&l]);
        let f = exactly_once(&w, &l, 5);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/total_count");
    }

    #[test]
    fn exactly_once_catches_objects_outside_the_expected_subset() {
        let l = listing();
        let expected: Vec<Record> = l
            .iter()
            .filter(|r| r.fields.get("status") == Some("available"))
            .cloned()
            .collect();
        let w = walked(&[&l]);
        let f = exactly_once(&w, &expected, 4);
        assert!(f.iter().any(|f| f.actual.contains("2 others")), "{f:?}");
    }

    // --- filters

    #[test]
    fn satisfies_passes_matching_objects_and_catches_others() {
        let l = listing();
        let b = bind(
            &[cond("status", Source::Value("available".into()))],
            &[Some("available".into())],
            &l,
        )
        .unwrap();
        let ok: Vec<Record> = l.iter().filter(|r| b[0].matches(r)).cloned().collect();
        assert_eq!(satisfies(&ok, &b), vec![]);
        let f = satisfies(&l, &b);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].actual.starts_with("2 objects"), "{f:?}");
    }

    #[test]
    fn combined_filters_are_an_and() {
        let l = listing();
        let both = [
            cond("type", Source::Value("ftm".into())),
            cond("status", Source::Value("new".into())),
        ];
        let b = bind(&both, &[Some("ftm".into()), Some("new".into())], &l).unwrap();
        let and: Vec<Record> = l
            .iter()
            .filter(|r| b.iter().all(|c| c.matches(r)))
            .cloned()
            .collect();
        assert_eq!(and.len(), 1);
        // An OR-ed answer (every ftm token) is caught both ways.
        assert!(!satisfies(&l, &b).is_empty());
        let w = walked(&[&l]);
        assert!(!exactly_once(&w, &and, 4).is_empty());
    }

    // --- same answer

    fn answer(next: &str) -> Value {
        json!({"meta": {"limit": 2, "offset": 0, "total_count": 4, "next": next, "previous": null},
               "objects": [{"serial": "A", "type": "ftm"}, {"serial": "B", "type": "ftk"}]})
    }

    #[test]
    fn same_answer_passes_the_same_listing_with_format_aside_and_keys_reordered() {
        let a = answer("/api/v1/fortitokens/?format=json&limit=2&offset=2");
        let mut b = answer("/api/v1/fortitokens/?offset=2&limit=2");
        b["objects"][0] = json!({"type": "ftm", "serial": "A"});
        assert_eq!(same_answer(&a, &b, &[], &NoSecrets), vec![]);
    }

    #[test]
    fn same_answer_leaves_out_the_fields_it_is_told_to() {
        let mut a = answer("/api/v1/fortitokens/?format=json&limit=2&offset=2");
        let mut b = answer("/api/v1/fortitokens/?limit=2&offset=2");
        a["objects"][0]["last_used_at"] = json!("2025-01-01T00:00:00Z");
        b["objects"][0]["last_used_at"] = json!("2025-01-01T00:00:09Z");
        assert_eq!(
            same_answer(&a, &b, &["last_used_at".to_string()], &NoSecrets),
            vec![]
        );
        assert_eq!(same_answer(&a, &b, &[], &NoSecrets).len(), 1);
    }

    #[test]
    fn same_answer_catches_different_objects_or_meta() {
        let a = answer("/api/v1/fortitokens/?format=json&limit=2&offset=2");
        let mut b = answer("/api/v1/fortitokens/?limit=2&offset=2");
        b["objects"][1]["type"] = json!("ftm");
        assert_eq!(same_answer(&a, &b, &[], &NoSecrets).len(), 1);
        let mut c = answer("/api/v1/fortitokens/?limit=2&offset=2");
        c["meta"]["total_count"] = json!(3);
        assert_eq!(same_answer(&a, &c, &[], &NoSecrets).len(), 1);
        let d = answer("/api/v1/fortitokens/?limit=2&offset=3");
        assert_eq!(same_answer(&a, &d, &[], &NoSecrets).len(), 1);
    }
}
