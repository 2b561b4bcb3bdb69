//! A tastypie list over rendered JSON objects, for the provisioning
//! resources (local users, user groups, memberships): `limit`/`offset`
//! (defaults and clamping as `fac_query` reads them), the filters a resource
//! allows with their Django lookups (`exact`, `iexact`, `contains`,
//! `icontains`, `in`), values read as tastypie reads them (`true`/`True`),
//! and the envelope with `next`/`previous` links that keep the filters and
//! the format. Fortitokens keep their own reader (`fac_query`).

use axum::http::HeaderMap;
use serde_json::{json, Value};

use super::fac_query::{self, Format, QueryError};

/// A Django lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    Exact,
    Iexact,
    Contains,
    Icontains,
    In,
}

impl Lookup {
    fn parse(name: Option<&str>) -> Option<Lookup> {
        Some(match name {
            None | Some("exact") => Lookup::Exact,
            Some("iexact") => Lookup::Iexact,
            Some("contains") => Lookup::Contains,
            Some("icontains") => Lookup::Icontains,
            Some("in") => Lookup::In,
            Some(_) => return None,
        })
    }
}

/// How a field's value compares with the text of a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string field.
    Text,
    /// A boolean field: `true`/`True`/`1` and `false`/`False`/`0`.
    Bool,
    /// A URI field filtered by the id it ends with (`group=15`).
    UriId,
}

/// One filterable field of a resource and its allowed lookups.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FilterSpec {
    pub(crate) field: &'static str,
    pub(crate) kind: Kind,
    pub(crate) lookups: &'static [Lookup],
}

/// A resource's list: its path, the fields its objects have, which of them
/// filter and how.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Listing {
    pub(crate) path: &'static str,
    pub(crate) fields: &'static [&'static str],
    pub(crate) filters: &'static [FilterSpec],
}

/// One parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    pub(crate) field: &'static str,
    kind: Kind,
    pub(crate) lookup: Lookup,
    /// The values (several for `in`).
    values: Vec<String>,
}

/// A parsed list request.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    path: &'static str,
    pub(crate) format: Format,
    pub(crate) limit: u64,
    pub(crate) offset: u64,
    pub(crate) filters: Vec<Filter>,
    /// Raw `key=value` pieces of the filters, sorted by key, for links.
    filter_pieces: Vec<String>,
    format_piece: Option<String>,
}

/// Tastypie's `string_to_python` for booleans, plus Django's `1`/`0`.
pub(crate) fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "1" => Some(true),
        "false" | "False" | "0" => Some(false),
        _ => None,
    }
}

/// Reads the query string of a list request for `listing`.
pub(crate) fn parse(
    listing: &Listing,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Result<Query, QueryError> {
    let raw = raw.unwrap_or("");
    let format = fac_query::parse_format(Some(raw), headers)?;
    let mut limit = fac_query::DEFAULT_LIMIT;
    let mut offset = 0;
    let mut filters: Vec<Filter> = Vec::new();
    let mut filter_pieces = Vec::new();
    let mut format_piece = None;
    for piece in raw.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = url::form_urlencoded::parse(piece.as_bytes())
            .next()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .unwrap_or_default();
        match key.as_str() {
            "limit" => limit = fac_query::parse_limit(&value)?,
            "offset" => offset = fac_query::parse_offset(&value)?,
            "format" if !value.is_empty() => format_piece = Some(piece.to_string()),
            _ => {
                if let Some(filter) = parse_filter(listing, &key, &value)? {
                    // Repeated `__in` parameters add up, as tastypie's getlist does.
                    let repeated = filters.iter_mut().find(|f| {
                        f.lookup == Lookup::In
                            && filter.lookup == Lookup::In
                            && f.field == filter.field
                    });
                    match repeated {
                        Some(same) => same.values.extend(filter.values),
                        None => filters.push(filter),
                    }
                    filter_pieces.push((key, piece.to_string()));
                }
            }
        }
    }
    filter_pieces.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Query {
        path: listing.path,
        format,
        limit,
        offset,
        filters,
        filter_pieces: filter_pieces.into_iter().map(|(_, raw)| raw).collect(),
        format_piece,
    })
}

fn parse_filter(listing: &Listing, key: &str, value: &str) -> Result<Option<Filter>, QueryError> {
    let mut bits = key.split("__");
    let name = bits.next().unwrap_or("");
    let lookup = bits.next();
    let deeper = bits.next().is_some();
    let Some(spec) = listing.filters.iter().find(|s| s.field == name) else {
        if listing.fields.contains(&name) {
            return Err(QueryError::NotFilterable(name.to_string()));
        }
        // Not a field: ignored.
        return Ok(None);
    };
    if deeper {
        return Err(QueryError::Deep(name.to_string()));
    }
    let refused = || QueryError::Lookup {
        field: name.to_string(),
        lookup: lookup.unwrap_or("exact").to_string(),
    };
    let lookup = Lookup::parse(lookup).ok_or_else(refused)?;
    if !spec.lookups.contains(&lookup) {
        return Err(refused());
    }
    let values: Vec<String> = if lookup == Lookup::In {
        value.split(',').map(str::to_string).collect()
    } else {
        vec![value.to_string()]
    };
    if spec.kind == Kind::Bool && values.iter().any(|v| boolean(v).is_none()) {
        // Django's BooleanField refuses the value: a ValidationError, 400.
        return Err(QueryError::Lookup {
            field: name.to_string(),
            lookup: format!("{value} (not a boolean)"),
        });
    }
    let id = |v: &String| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    if spec.kind == Kind::UriId && !values.iter().all(id) {
        // The id goes to an integer column: Django's `int()` fails, which
        // tastypie answers 400 (an id is a number, "e.g. group=15").
        return Err(QueryError::Mismatched);
    }
    Ok(Some(Filter {
        field: spec.field,
        kind: spec.kind,
        lookup,
        values,
    }))
}

impl Filter {
    /// Whether `object` passes this filter.
    pub(crate) fn matches(&self, object: &Value) -> bool {
        let actual = object.get(self.field);
        match self.kind {
            Kind::Bool => {
                let actual = actual.and_then(Value::as_bool);
                self.values
                    .iter()
                    .any(|v| boolean(v).is_some() && boolean(v) == actual)
            }
            Kind::UriId => {
                let id = actual
                    .and_then(Value::as_str)
                    .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
                    .unwrap_or("");
                self.values.iter().any(|v| v == id)
            }
            Kind::Text => {
                let actual = actual.and_then(Value::as_str).unwrap_or("");
                self.values
                    .iter()
                    .any(|v| text_matches(self.lookup, actual, v))
            }
        }
    }
}

/// Bent readings of a filter, for the faults that break one lookup.
impl Filter {
    /// The same values read with another lookup.
    pub(crate) fn with_lookup(&self, lookup: Lookup) -> Filter {
        Filter {
            lookup,
            ..self.clone()
        }
    }

    /// Only the first of its values.
    pub(crate) fn first_value_only(&self) -> Filter {
        Filter {
            values: self.values.iter().take(1).cloned().collect(),
            ..self.clone()
        }
    }

    /// Whether a value's text is the JSON text of the field (`true`, not `True`).
    pub(crate) fn matches_literally(&self, object: &Value) -> bool {
        let actual = object.get(self.field).map(Value::to_string);
        self.values.iter().any(|v| Some(v) == actual.as_ref())
    }
}

fn text_matches(lookup: Lookup, actual: &str, wanted: &str) -> bool {
    match lookup {
        Lookup::Exact | Lookup::In => actual == wanted,
        Lookup::Iexact => actual.to_lowercase() == wanted.to_lowercase(),
        Lookup::Contains => actual.contains(wanted),
        Lookup::Icontains => actual.to_lowercase().contains(&wanted.to_lowercase()),
    }
}

impl Query {
    /// The envelope of one page of `matching` (the objects that passed the
    /// filters, in listing order).
    pub(crate) fn page(&self, matching: Vec<Value>) -> Value {
        let total = matching.len() as u64;
        let start = usize::try_from(self.offset).unwrap_or(usize::MAX);
        let take = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let objects: Vec<Value> = matching.into_iter().skip(start).take(take).collect();
        let next_offset = self.offset.saturating_add(self.limit);
        let next = (next_offset < total).then(|| self.link(next_offset));
        let previous = self.offset.checked_sub(self.limit).map(|at| self.link(at));
        json!({
            "meta": {
                "limit": self.limit,
                "next": next,
                "offset": self.offset,
                "previous": previous,
                "total_count": total,
            },
            "objects": objects,
        })
    }

    /// Filters as given, then `offset`, `limit` and `format` (the doc's order).
    fn link(&self, offset: u64) -> String {
        let mut parts: Vec<String> = self.filter_pieces.clone();
        parts.push(format!("offset={offset}"));
        parts.push(format!("limit={}", self.limit));
        parts.extend(self.format_piece.clone());
        format!("{}?{}", self.path, parts.join("&"))
    }
}
