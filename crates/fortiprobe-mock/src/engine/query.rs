//! The query string of a list request, read the way tastypie reads it: the
//! format (`format` wins over `Accept`), `limit`/`offset` with their
//! defaults and clamping, and the filters the resource allows, each a
//! `Filter` (field, lookup, values) bent by the rule faults the caller
//! names. `in` takes its values both ways tastypie does (comma-separated,
//! and repeated parameters, `QueryDict.getlist`); any other filter takes
//! the last value given for its key (`QueryDict.items`).

use axum::http::{header, HeaderMap};

use super::declare::{Field, Kind, Lookup, Resource};
use crate::faults::kind::RuleKind;

/// Page size when the client does not ask for one [doc].
pub(crate) const DEFAULT_LIMIT: u64 = 20;
/// Largest page; `limit=0` and anything bigger are clamped to it [framework].
pub(crate) const MAX_LIMIT: u64 = 1000;

/// Rendering of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

/// A request refused with 400 and `{"error": message}` (tastypie's texts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum QueryError {
    #[error("Unsupported format '{0}'. Use 'json' or 'xml'.")]
    Format(String),
    #[error("Invalid limit '{0}' provided. Please provide a positive integer.")]
    Limit(String),
    #[error("Invalid offset '{0}' provided. Please provide a positive integer >= 0.")]
    Offset(String),
    #[error("The '{0}' field does not allow filtering.")]
    NotFilterable(String),
    #[error("'{lookup}' is not an allowed filter on the '{field}' field.")]
    Lookup { field: String, lookup: String },
    #[error("The '{0}' field does not support relations.")]
    Relation(String),
    #[error("Lookups are not allowed more than one level deep on the '{0}' field.")]
    Deep(String),
    #[error("Invalid resource lookup data provided (mismatched type).")]
    Mismatched,
    #[error("{0}: '{1}' is not a boolean")]
    Boolean(String, String),
}

/// One `key=value` piece of a query string: decoded and as given.
pub(crate) struct Piece<'a> {
    pub(crate) key: String,
    pub(crate) value: String,
    pub(crate) raw: &'a str,
}

pub(crate) fn pieces(query: &str) -> Vec<Piece<'_>> {
    query
        .split('&')
        .filter(|raw| !raw.is_empty())
        .map(|raw| {
            let (key, value) = url::form_urlencoded::parse(raw.as_bytes())
                .next()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .unwrap_or_default();
            Piece { key, value, raw }
        })
        .collect()
}

/// The last value given for `name`.
pub(crate) fn last<'p>(pieces: &'p [Piece<'_>], name: &str) -> Option<&'p Piece<'p>> {
    pieces.iter().rfind(|p| p.key == name)
}

/// The last `format` parameter; an empty one counts as absent, as Django's
/// `GET.get('format')` is then falsy.
fn format_piece<'p>(pieces: &'p [Piece<'p>]) -> Option<&'p Piece<'p>> {
    last(pieces, "format").filter(|p| !p.value.is_empty())
}

/// The format of a request: `format` wins; else the best of JSON/XML in
/// `Accept`; else JSON.
pub(crate) fn format_of(query: Option<&str>, headers: &HeaderMap) -> Result<Format, QueryError> {
    let pieces = pieces(query.unwrap_or(""));
    negotiate(format_piece(&pieces).map(|p| p.value.as_str()), headers)
}

/// The format `Accept` alone asks for.
pub(crate) fn accepted(headers: &HeaderMap) -> Format {
    negotiate(None, headers).unwrap_or(Format::Json)
}

fn negotiate(format: Option<&str>, headers: &HeaderMap) -> Result<Format, QueryError> {
    if let Some(format) = format {
        return match format {
            "json" => Ok(Format::Json),
            "xml" => Ok(Format::Xml),
            other => Err(QueryError::Format(other.to_string())),
        };
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut best: Option<(f32, Format)> = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let format = match media.as_str() {
            "application/json" => Format::Json,
            "application/xml" | "text/xml" => Format::Xml,
            _ => continue,
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, format));
        }
    }
    Ok(best.map_or(Format::Json, |(_, f)| f))
}

/// A non-negative integer; `None` when `text` is not one. Integers too big
/// for `u64` saturate (Python would take them as they are).
fn non_negative(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u64>().unwrap_or(u64::MAX))
}

/// `limit`: a non-negative integer; 0 and anything above the maximum give
/// the maximum [framework].
pub(crate) fn parse_limit(text: &str) -> Result<u64, QueryError> {
    match non_negative(text) {
        Some(0) => Ok(MAX_LIMIT),
        Some(n) => Ok(n.min(MAX_LIMIT)),
        None => Err(QueryError::Limit(text.to_string())),
    }
}

/// `offset`: a non-negative integer.
pub(crate) fn parse_offset(text: &str) -> Result<u64, QueryError> {
    non_negative(text).ok_or_else(|| QueryError::Offset(text.to_string()))
}

/// Tastypie's `string_to_python` for booleans, plus Django's `1`/`0`.
pub(crate) fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "1" | "t" => Some(true),
        "false" | "False" | "0" | "f" => Some(false),
        _ => None,
    }
}

/// One filter of a list query, as the engine applies it.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    /// The field's place in the declaration.
    pub(crate) at: usize,
    pub(crate) field: &'static Field,
    pub(crate) lookup: Lookup,
    /// The values, in the form `Cell::key` gives (`true`, an id).
    pub(crate) values: Vec<String>,
    /// The values as given (a boolean read literally, fault `boolean-literal`).
    pub(crate) literal: bool,
}

impl Filter {
    /// Canonical text of the filter, to key kept results.
    pub(crate) fn canonical(&self) -> String {
        let mut values = self.values.clone();
        values.sort();
        format!(
            "{}__{}{}={}",
            self.field.name,
            self.lookup.name(),
            if self.literal { "!" } else { "" },
            values.join("\u{1}")
        )
    }

    /// Whether the text `key` of a cell passes (`None`: a null cell).
    pub(crate) fn passes(&self, key: Option<&str>) -> bool {
        let Some(key) = key else {
            return self.values.iter().any(|v| is_none(v)) && self.lookup == Lookup::Exact;
        };
        self.values.iter().any(|v| compare(self.lookup, key, v))
    }
}

fn is_none(text: &str) -> bool {
    matches!(text, "None" | "none" | "nil")
}

fn compare(lookup: Lookup, actual: &str, wanted: &str) -> bool {
    let lower = |s: &str| s.to_lowercase();
    match lookup {
        Lookup::Exact | Lookup::In => actual == wanted,
        Lookup::Iexact => lower(actual) == lower(wanted),
        Lookup::Contains => actual.contains(wanted),
        Lookup::Icontains => lower(actual).contains(&lower(wanted)),
        Lookup::Startswith => actual.starts_with(wanted),
        Lookup::Istartswith => lower(actual).starts_with(&lower(wanted)),
        Lookup::Endswith => actual.ends_with(wanted),
        Lookup::Iendswith => lower(actual).ends_with(&lower(wanted)),
    }
}

/// Django's lookups that tastypie recognises at the end of a key (any
/// other ending is read as a relation).
const DJANGO_LOOKUPS: &[&str] = &[
    "exact",
    "iexact",
    "contains",
    "icontains",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "range",
    "isnull",
    "regex",
    "iregex",
];

/// A parsed list request.
#[derive(Debug, Clone)]
pub(crate) struct ListQuery {
    pub(crate) format: Format,
    /// The limit used (after defaulting and clamping).
    pub(crate) limit: u64,
    pub(crate) offset: u64,
    pub(crate) filters: Vec<Filter>,
    /// Several filters combine with OR (fault `filters-ored`).
    pub(crate) ored: bool,
    /// Raw `key=value` pieces of the filters and parameters, sorted by key.
    pub(crate) pieces: Vec<String>,
    /// Raw `format=...` piece as given, if any.
    pub(crate) format_piece: Option<String>,
    pub(crate) path: String,
}

impl ListQuery {
    /// Whether the request named its format (`format=`), rather than `Accept`.
    pub(crate) fn format_given(&self) -> bool {
        self.format_piece.is_some()
    }
}

/// Reads the query string of a list request of `res`; `broken` says
/// whether a rule fault of `res` is on.
pub(crate) fn parse_list(
    res: &'static Resource,
    raw: Option<&str>,
    headers: &HeaderMap,
    broken: &dyn Fn(RuleKind, &str) -> bool,
) -> Result<ListQuery, QueryError> {
    let raw = raw.unwrap_or("");
    let pieces = pieces(raw);
    let given_format = format_piece(&pieces);
    let format = negotiate(given_format.map(|p| p.value.as_str()), headers)?;
    let format_piece = given_format.map(|p| p.raw.to_string());
    let limit = match last(&pieces, "limit") {
        Some(p) => parse_limit(&p.value)?,
        None => DEFAULT_LIMIT,
    };
    let offset = match last(&pieces, "offset") {
        Some(p) => parse_offset(&p.value)?,
        None => 0,
    };
    let mut filters: Vec<Filter> = Vec::new();
    let mut kept: Vec<(&str, &str)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for piece in &pieces {
        if matches!(piece.key.as_str(), "limit" | "offset" | "format") {
            continue;
        }
        if res.params.iter().any(|p| p.name == piece.key) {
            kept.push((piece.key.as_str(), piece.raw));
            continue;
        }
        let Some((at, field, lookup)) = parse_key(res, &piece.key)? else {
            continue;
        };
        kept.push((piece.key.as_str(), piece.raw));
        if seen.contains(&piece.key.as_str()) {
            continue;
        }
        seen.push(piece.key.as_str());
        let given: Vec<&str> = pieces
            .iter()
            .filter(|p| p.key == piece.key)
            .map(|p| p.value.as_str())
            .collect();
        let filter = values(field, at, lookup, &given, broken)?;
        if let Some(filter) = bend(filter, broken) {
            filters.push(filter);
        }
    }
    // Sorting by key reproduces the doc's link (`?status=...&type=...`).
    kept.sort_by(|a, b| a.0.cmp(b.0));
    Ok(ListQuery {
        format,
        limit,
        offset,
        ored: filters.len() > 1 && broken(RuleKind::FiltersOred, ""),
        filters,
        pieces: kept.into_iter().map(|(_, raw)| raw.to_string()).collect(),
        format_piece,
        path: res.list_path(),
    })
}

/// A query key read as a filter of `res`: `Ok(None)` when it names no
/// field (ignored, as tastypie does), an error when the field or lookup
/// is not allowed.
fn parse_key(
    res: &'static Resource,
    key: &str,
) -> Result<Option<(usize, &'static Field, Lookup)>, QueryError> {
    let mut bits: Vec<&str> = key.split("__").collect();
    let name = bits.remove(0);
    let Some((at, field)) = res.field(name) else {
        // Fields every object shows but no declaration lists.
        if name == "resource_uri" || (name == "id" && res.shows_id) {
            return Err(QueryError::NotFilterable(name.to_string()));
        }
        return Ok(None);
    };
    if field.write_only || field.internal {
        return Ok(None);
    }
    let Some(filtering) = res.filtering(name) else {
        return Err(QueryError::NotFilterable(name.to_string()));
    };
    let lookup_name = match bits.last() {
        Some(last) if DJANGO_LOOKUPS.contains(last) => bits.pop().unwrap_or("exact"),
        _ => "exact",
    };
    if !bits.is_empty() {
        return Err(match field.kind {
            Kind::Link(_) | Kind::Links(_) => QueryError::Deep(name.to_string()),
            _ => QueryError::Relation(name.to_string()),
        });
    }
    let refused = || QueryError::Lookup {
        field: name.to_string(),
        lookup: lookup_name.to_string(),
    };
    let lookup = Lookup::parse(lookup_name).ok_or_else(refused)?;
    if !filtering.lookups.contains(&lookup) {
        return Err(refused());
    }
    Ok(Some((at, field, lookup)))
}

/// The values of one filter, from every parameter given for its key.
fn values(
    field: &'static Field,
    at: usize,
    lookup: Lookup,
    given: &[&str],
    broken: &dyn Fn(RuleKind, &str) -> bool,
) -> Result<Filter, QueryError> {
    let name = field.name;
    let values: Vec<String> = if lookup == Lookup::In {
        let params: &[&str] = if broken(RuleKind::InRepeatIgnored, name) {
            &given[given.len().saturating_sub(1)..]
        } else {
            given
        };
        let comma = !broken(RuleKind::InCommaIgnored, name);
        // An empty value names nothing: for ids and numbers it is no
        // number (400 below), for text it matches only an empty text.
        params
            .iter()
            .flat_map(|p| {
                let parts: Vec<&str> = p.split(',').collect();
                let take = if comma { parts.len() } else { 1 };
                parts.into_iter().take(take).map(str::to_string)
            })
            .collect()
    } else {
        given.last().map(|v| v.to_string()).into_iter().collect()
    };
    let literal = field.kind == Kind::Boolean && broken(RuleKind::BooleanLiteral, name);
    let values = values
        .into_iter()
        .map(|v| normalise(field, v, literal))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Filter {
        at,
        field,
        lookup,
        values,
        literal,
    })
}

/// A value in the form `Cell::key` gives, or 400 when the field's type
/// cannot read it.
fn normalise(field: &'static Field, value: String, literal: bool) -> Result<String, QueryError> {
    if is_none(&value) && field.nullable {
        return Ok(value);
    }
    match field.kind {
        Kind::Boolean if literal => Ok(value),
        Kind::Boolean => match boolean(&value) {
            Some(b) => Ok(b.to_string()),
            // Django's BooleanField refuses the value: a ValidationError, 400.
            None => Err(QueryError::Boolean(field.name.to_string(), value)),
        },
        // The id or number goes to an integer column: Django's `int()`
        // fails, which tastypie answers 400.
        Kind::Integer | Kind::Link(_) | Kind::Links(_) | Kind::Id(_) => number(&value),
        _ => Ok(value),
    }
}

/// An integer as `Cell::key` writes it (`007` is `7`); digits too many for
/// any id stay digits (they match nothing).
fn number(value: &str) -> Result<String, QueryError> {
    let text = value.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QueryError::Mismatched);
    }
    let trimmed = digits.trim_start_matches('0');
    Ok(match (sign, trimmed) {
        (_, "") => "0".to_string(),
        (sign, digits) => format!("{sign}{digits}"),
    })
}

/// The filter as the rule faults bend it; `None`: ignored.
fn bend(mut f: Filter, broken: &dyn Fn(RuleKind, &str) -> bool) -> Option<Filter> {
    let name = f.field.name;
    if broken(RuleKind::FilterIgnored, name) {
        return None;
    }
    if !f.field.choices.is_empty()
        && f.values
            .iter()
            .any(|v| !f.field.choices.contains(&v.as_str()))
        && broken(RuleKind::UnknownValueListsAll, name)
    {
        return None;
    }
    let as_exact = |kind: RuleKind| broken(kind, name);
    f.lookup = match f.lookup {
        Lookup::Exact if broken(RuleKind::ExactIgnoresCase, name) => Lookup::Iexact,
        Lookup::Exact if broken(RuleKind::ExactAsStartswith, name) => Lookup::Startswith,
        Lookup::Iexact if as_exact(RuleKind::IexactAsExact) => Lookup::Exact,
        Lookup::Contains if as_exact(RuleKind::ContainsAsExact) => Lookup::Exact,
        Lookup::Icontains if as_exact(RuleKind::IcontainsAsExact) => Lookup::Exact,
        Lookup::Icontains if as_exact(RuleKind::IcontainsCaseSensitive) => Lookup::Contains,
        Lookup::Startswith if as_exact(RuleKind::StartswithAsExact) => Lookup::Exact,
        Lookup::Istartswith if as_exact(RuleKind::IstartswithAsExact) => Lookup::Exact,
        Lookup::Endswith if as_exact(RuleKind::EndswithAsExact) => Lookup::Exact,
        Lookup::Iendswith if as_exact(RuleKind::IendswithAsExact) => Lookup::Exact,
        other => other,
    };
    Some(f)
}
