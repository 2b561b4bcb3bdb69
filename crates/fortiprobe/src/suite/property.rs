//! The `check:` of a case, parsed: which kind of property check it names
//! (pagination, filter, same answer, removed), the list endpoint it talks
//! to, and its filter conditions. Pure data and its parsing; the judgements are in
//! `check`, the requests in `probe`.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::Value;

pub use super::pick::Pick;
use crate::product::{ListRules, DEFAULT_IDENTITY};

pub use super::against::Against;

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
    /// `?format=json` and another way of asking (`Against`) give the same
    /// answer, in the format that way asks for.
    SameAnswer(SameAnswer),
    /// The case's steps removed one object: a fresh walk of the listing is
    /// the listing as it was before the case's first step, less that object.
    Removed(Removed),
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
    /// How the second request asks.
    pub against: Against,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub listing: Listing,
    /// The identity of the object the steps removed (may reference `${...}`).
    pub object: String,
}

/// The list endpoint a property check talks to.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// Path of the list endpoint, e.g. `/api/v1/fortitokens/`.
    pub path: String,
    /// Schema (under `schemas/`) every page must satisfy.
    pub schema: String,
    /// Fields that identify an object, the first present one wins
    /// (`identity:` in the check; `resource_uri`, then `serial`, by default).
    pub identity: Vec<String>,
    /// The product's page sizes (default and maximum `limit`).
    pub rules: ListRules,
}

/// One filter parameter: `field` or `field__lookup`, and where its value comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The query parameter as sent, e.g. `serial__iexact`.
    pub param: String,
    pub field: String,
    pub lookup: Lookup,
    pub source: Source,
    /// How the listed value is read before it is compared.
    pub read: Read,
    /// How several values of `__in` are sent.
    pub syntax: Syntax,
}

/// How an `__in` filter sends several values. The guide's *Filtering query
/// results* page writes the parameter once per value
/// (`?name__in=John&name__in=Bill`); tastypie also splits one value on
/// commas ([framework]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// `f__in=a&f__in=b`, as the guide writes it.
    #[default]
    Repeated,
    /// `f__in=a,b`.
    Comma,
}

/// Django's lookups, as tastypie passes them to the ORM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Exact,
    Iexact,
    /// The listed value holds the given text (case matters).
    Contains,
    /// The listed value holds the given text, case ignored.
    Icontains,
    /// The listed value starts with the given text (case matters).
    Startswith,
    /// The listed value starts with the given text, case ignored.
    Istartswith,
    /// The listed value equals one of the values given (several, in the
    /// condition's `syntax`).
    In,
}

impl Lookup {
    /// What an object's value must be, in words (for findings).
    pub fn describe(self) -> &'static str {
        match self {
            Lookup::Exact => "equal to",
            Lookup::Iexact => "equal ignoring case to",
            Lookup::Contains => "containing",
            Lookup::Icontains => "containing, ignoring case,",
            Lookup::Startswith => "starting with",
            Lookup::Istartswith => "starting, ignoring case, with",
            Lookup::In => "equal to one of",
        }
    }
}

/// How a listed value is read before it is compared with the filter's
/// text. Booleans and numbers are always compared as the framework reads
/// the filter's text (`true`, `True`, `1`; `05` is 5), whatever is chosen here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Read {
    /// The value as listed.
    #[default]
    AsListed,
    /// The listed value is a resource URI; the filter compares the id it
    /// ends with (a related field filtered by the related object's key,
    /// `group=15` for `"/api/v1/usergroups/15/"`).
    UriId,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A value given in the case (may reference `${...}`).
    Value(String),
    /// A value taken from the target's own listing.
    Pick(Pick),
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Raw {
    Pagination {
        path: String,
        schema: String,
        #[serde(default)]
        identity: Option<Vec<String>>,
        limit: Value,
        #[serde(default, rename = "where")]
        filters: Vec<RawCondition>,
        #[serde(default)]
        previous_required: bool,
    },
    Filter {
        path: String,
        schema: String,
        #[serde(default)]
        identity: Option<Vec<String>>,
        #[serde(rename = "where")]
        filters: Vec<RawCondition>,
    },
    SameAnswer {
        path: String,
        schema: String,
        #[serde(default)]
        identity: Option<Vec<String>>,
        limit: u64,
        #[serde(default)]
        ignore: Vec<String>,
        #[serde(default)]
        against: Against,
    },
    Removed {
        path: String,
        schema: String,
        #[serde(default)]
        identity: Option<Vec<String>>,
        object: String,
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
    #[serde(default)]
    read: Read,
    #[serde(default)]
    syntax: Option<Syntax>,
}

const KINDS: &str = "pagination, filter, same_answer, removed";

/// The check as its raw shape; an error names where in the check it is.
fn deserialize_raw(v: &Value) -> Result<Raw, String> {
    let kind = v.get("kind").and_then(Value::as_str);
    serde_path_to_error::deserialize(v).map_err(|e| {
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
    })
}

/// The listing a check reads: a path without query, and the identity
/// fields (the product's default when the check names none).
fn checked_listing(
    path: String,
    schema: String,
    identity: Option<Vec<String>>,
    rules: ListRules,
) -> Result<Listing, String> {
    if !path.starts_with('/') || path.contains('?') {
        return Err(format!(
            "`path` {path:?} must start with `/` and have no query"
        ));
    }
    let identity = match identity {
        None => DEFAULT_IDENTITY.iter().map(|s| s.to_string()).collect(),
        Some(list) if list.is_empty() || list.iter().any(|f| !is_field_name(f)) => {
            return Err(
                "`identity` lists the field names that identify an object, first present wins"
                    .into(),
            )
        }
        Some(list) => list,
    };
    Ok(Listing {
        path,
        schema,
        identity,
        rules,
    })
}

/// The `where` conditions, each parameter named once.
fn conditions(raw: Vec<RawCondition>, known: &BTreeSet<String>) -> Result<Vec<Condition>, String> {
    let mut seen = BTreeSet::new();
    raw.into_iter()
        .map(|c| {
            if !seen.insert(c.param.clone()) {
                return Err(format!("`where` names `{}` twice", c.param));
            }
            Condition::parse(c, known)
        })
        .collect()
}

/// A pagination check's `limit`: `default` (none sent) or 1 to `max`.
fn pagination_limit(limit: &Value, max: u64) -> Result<Option<u64>, String> {
    match limit {
        Value::String(s) if s == "default" => Ok(None),
        Value::Number(n) if n.as_u64().is_some_and(|l| (1..=max).contains(&l)) => Ok(n.as_u64()),
        other => Err(format!(
            "`limit` must be `default` or a whole number from 1 to {max}, not {other}"
        )),
    }
}

impl Property {
    /// Parses a case's `check`; `known` are the names `${...}` may use,
    /// `rules` the product's page sizes (`None`: it has no list endpoint).
    pub fn parse(
        v: &Value,
        known: &BTreeSet<String>,
        rules: Option<ListRules>,
    ) -> Result<Property, String> {
        let Some(rules) = rules else {
            return Err("this product has no list endpoint for a property check".into());
        };
        let max = rules.max_limit;
        let listing = |path, schema, identity| checked_listing(path, schema, identity, rules);
        match deserialize_raw(v)? {
            Raw::Pagination {
                path,
                schema,
                identity,
                limit,
                filters,
                previous_required,
            } => {
                let limit = pagination_limit(&limit, max)?;
                Ok(Property::Pagination(Pagination {
                    listing: listing(path, schema, identity)?,
                    limit,
                    filters: conditions(filters, known)?,
                    previous_required,
                }))
            }
            Raw::Filter {
                path,
                schema,
                identity,
                filters,
            } => {
                if filters.is_empty() {
                    return Err("a filter check needs at least one condition in `where`".into());
                }
                Ok(Property::Filter(Filter {
                    listing: listing(path, schema, identity)?,
                    filters: conditions(filters, known)?,
                }))
            }
            Raw::SameAnswer {
                path,
                schema,
                identity,
                limit,
                ignore,
                against,
            } => {
                if !(1..=max).contains(&limit) {
                    return Err(format!("`limit` must be from 1 to {max}"));
                }
                Ok(Property::SameAnswer(SameAnswer {
                    listing: listing(path, schema, identity)?,
                    limit,
                    ignore,
                    against,
                }))
            }
            Raw::Removed {
                path,
                schema,
                identity,
                object,
            } => {
                check_references("object", &object, known)?;
                Ok(Property::Removed(Removed {
                    listing: listing(path, schema, identity)?,
                    object,
                }))
            }
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Property::Pagination(_) => "pagination",
            Property::Filter(_) => "filter",
            Property::SameAnswer(_) => "same answer",
            Property::Removed(_) => "removed",
        }
    }

    /// The parameters, in a few words (for the case catalogue).
    pub fn describe(&self) -> String {
        let filters = |f: &[Condition]| -> String {
            f.iter()
                .map(|c| {
                    let value = match &c.source {
                        Source::Value(v) => v.clone(),
                        Source::Pick(p) => p.describe().to_string(),
                    };
                    let shown = match (c.lookup, c.syntax) {
                        (Lookup::In, Syntax::Repeated) => {
                            format!("{p}=<one> and {p}=<other> of {value}", p = c.param)
                        }
                        (Lookup::In, Syntax::Comma) => format!("{}={value}, comma-joined", c.param),
                        _ => format!("{}={value}", c.param),
                    };
                    match c.read {
                        Read::AsListed => shown,
                        Read::UriId => format!("{shown} (id of the URI)"),
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
            Property::SameAnswer(a) => {
                let mut s = format!(
                    "limit={}, ?format=json against {}",
                    a.limit,
                    a.against.describe()
                );
                if a.against.answers_xml() {
                    s.push_str(" (XML read by docs/xml-mapping.md)");
                }
                if !a.ignore.is_empty() {
                    s.push_str(&format!(", ignoring {}", a.ignore.join(", ")));
                }
                s
            }
            Property::Removed(r) => format!(
                "the listing before the steps less {}, walked afresh",
                r.object
            ),
        }
    }

    pub fn listing(&self) -> &Listing {
        match self {
            Property::Pagination(p) => &p.listing,
            Property::Filter(f) => &f.listing,
            Property::SameAnswer(s) => &s.listing,
            Property::Removed(r) => &r.listing,
        }
    }

    /// The filter conditions (none for kinds without filters).
    pub fn filters(&self) -> &[Condition] {
        match self {
            Property::Pagination(w) => &w.filters,
            Property::Filter(f) => &f.filters,
            Property::SameAnswer(_) | Property::Removed(_) => &[],
        }
    }

    /// The listing whose reference must be taken before the case's first
    /// step (the check compares it with the listing after the steps).
    pub fn listing_before(&self) -> Option<&Listing> {
        match self {
            Property::Removed(r) => Some(&r.listing),
            _ => None,
        }
    }

    /// The listing, to give it the identity its case file declares.
    pub fn listing_mut(&mut self) -> &mut Listing {
        match self {
            Property::Pagination(p) => &mut p.listing,
            Property::Filter(f) => &mut f.listing,
            Property::SameAnswer(s) => &mut s.listing,
            Property::Removed(r) => &mut r.listing,
        }
    }

    /// The schema the pages must satisfy.
    pub fn schema(&self) -> &str {
        &self.listing().schema
    }
}

impl Condition {
    fn parse(c: RawCondition, known: &BTreeSet<String>) -> Result<Condition, String> {
        let source = match (c.value, c.pick) {
            (Some(v), None) => {
                for r in crate::vars::references(&v) {
                    let base = crate::vars::captured(r);
                    if !known.contains(base) && !crate::vars::is_builtin(base) {
                        return Err(format!("`{}`: unknown reference `${{{r}}}`", c.param));
                    }
                }
                Source::Value(v)
            }
            (None, Some(p)) => Source::Pick(p),
            _ => {
                return Err(format!(
                    "`{}` needs exactly one of `value` (given) or `pick` ({}: taken from the target's listing)",
                    c.param,
                    Pick::NAMES
                ))
            }
        };
        let mut condition = Condition::new(&c.param, source)?;
        condition.read = c.read;
        if let Some(syntax) = c.syntax {
            if condition.lookup != Lookup::In {
                return Err(format!(
                    "`{}`: `syntax` says how `__in` sends several values; this is no `__in`",
                    c.param
                ));
            }
            condition.syntax = syntax;
        }
        Ok(condition)
    }

    /// The condition on query parameter `param` (`field` or
    /// `field__lookup`) with its value from `source`, the listed value
    /// read as listed.
    pub fn new(param: &str, source: Source) -> Result<Condition, String> {
        let (field, lookup) = match param.split_once("__") {
            None => (param.to_string(), Lookup::Exact),
            Some((f, "exact")) => (f.to_string(), Lookup::Exact),
            Some((f, "iexact")) => (f.to_string(), Lookup::Iexact),
            Some((f, "contains")) => (f.to_string(), Lookup::Contains),
            Some((f, "icontains")) => (f.to_string(), Lookup::Icontains),
            Some((f, "startswith")) => (f.to_string(), Lookup::Startswith),
            Some((f, "istartswith")) => (f.to_string(), Lookup::Istartswith),
            Some((f, "in")) => (f.to_string(), Lookup::In),
            Some((_, other)) => {
                return Err(format!(
                    "`{param}`: lookup `{other}` is not one the docs define for these filters (exact, iexact, contains, icontains, startswith, istartswith, in)"
                ))
            }
        };
        if !is_field_name(&field) {
            return Err(format!("`{param}` is not a field name"));
        }
        if source == Source::Pick(Pick::Several) && lookup != Lookup::In {
            return Err(format!(
                "`{param}`: `pick: several` gives two values, which only `__in` reads as several"
            ));
        }
        Ok(Condition {
            param: param.to_string(),
            field,
            lookup,
            source,
            read: Read::AsListed,
            syntax: Syntax::default(),
        })
    }
}

/// Every `${...}` in `text` names a value the case can have.
fn check_references(what: &str, text: &str, known: &BTreeSet<String>) -> Result<(), String> {
    for r in crate::vars::references(text) {
        let base = crate::vars::captured(r);
        if !known.contains(base) && !crate::vars::is_builtin(base) {
            return Err(format!("`{what}`: unknown reference `${{{r}}}`"));
        }
    }
    Ok(())
}

pub(crate) fn is_field_name(f: &str) -> bool {
    !f.is_empty()
        && f.chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RULES: Option<ListRules> = Some(ListRules {
        default_limit: 20,
        max_limit: 1000,
    });

    #[test]
    fn parses_each_kind_and_rejects_bad_parameters() {
        let known = BTreeSet::new();
        let p = Property::parse(
            &json!({"kind": "pagination", "path": "/api/v1/fortitokens/", "schema": "s.json", "limit": 7,
                    "where": [{"param": "status", "pick": "as_is"}]}),
            &known,
            RULES,
        )
        .unwrap();
        assert_eq!(p.kind(), "pagination");
        let Property::Pagination(w) = p else { panic!() };
        assert_eq!(w.limit, Some(7));
        assert_eq!(w.filters[0].source, Source::Pick(Pick::AsIs));
        let p = Property::parse(
            &json!({"kind": "pagination", "path": "/x/", "schema": "s.json", "limit": "default"}),
            &known,
            RULES,
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
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "serial__regex", "value": "F"}]}),
                "regex",
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
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "name", "pick": "several"}]}),
                "__in",
            ),
            (
                json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [{"param": "group", "pick": "as_is", "read": "uri"}]}),
                "uri_id",
            ),
        ] {
            let e = Property::parse(&bad, &known, RULES).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn parses_the_django_lookups_and_the_uri_id_reading() {
        let known = BTreeSet::new();
        let p = Property::parse(
            &json!({"kind": "filter", "path": "/x/", "schema": "s", "where": [
                {"param": "group_name__contains", "pick": "proper_substring"},
                {"param": "username__icontains", "pick": "swap_case_substring"},
                {"param": "group__in", "pick": "several", "read": "uri_id"},
                {"param": "user", "value": "7", "read": "uri_id"}]}),
            &known,
            RULES,
        )
        .unwrap();
        let Property::Filter(f) = &p else { panic!() };
        let lookups: Vec<Lookup> = f.filters.iter().map(|c| c.lookup).collect();
        assert_eq!(
            lookups,
            [
                Lookup::Contains,
                Lookup::Icontains,
                Lookup::In,
                Lookup::Exact
            ]
        );
        assert_eq!(f.filters[2].read, Read::UriId);
        assert_eq!(f.filters[0].read, Read::AsListed);
        assert!(p
            .describe()
            .contains("group__in=<one> and group__in=<other> of <two listed> (id of the URI)"));
    }
}
