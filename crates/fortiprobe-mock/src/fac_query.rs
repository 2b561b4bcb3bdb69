//! The query string of the FortiAuthenticator list endpoint, read the way
//! tastypie reads it: the output format (`format` wins over `Accept`),
//! `limit`/`offset` with their defaults and clamping, the allowed filters,
//! and the `next`/`previous` links that carry the filters and the format.
//! Each rule is one small function so that a fault can later bend it alone.

use axum::http::{header, HeaderMap};

use super::data::Token;

/// Page size when the client does not ask for one [doc].
pub(crate) const DEFAULT_LIMIT: u64 = 20;
/// Largest page; `limit=0` and anything bigger are clamped to it [framework].
pub(crate) const MAX_LIMIT: u64 = 1000;
/// Path used in `next`/`previous` links.
pub(crate) const LIST_PATH: &str = "/api/v1/fortitokens/";

/// Rendering of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

/// A request the list endpoint refuses with 400 and `{"error": message}`.
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
    #[error("Lookups are not allowed more than one level deep on the '{0}' field.")]
    Deep(String),
    #[error("Invalid resource lookup data provided (mismatched type).")]
    Mismatched,
}

/// A filterable field of a fortitoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Serial,
    Type,
    Status,
    License,
}

/// One filter: `field` compared with `value`, case-sensitively or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    pub(crate) field: Field,
    pub(crate) ignore_case: bool,
    pub(crate) value: String,
}

impl Filter {
    pub(crate) fn matches(&self, token: &Token) -> bool {
        let actual = match self.field {
            Field::Serial => token.serial.as_str(),
            Field::Type => token.kind.as_str(),
            Field::Status => token.status.as_str(),
            Field::License => token.license.as_str(),
        };
        if self.ignore_case {
            actual.to_lowercase() == self.value.to_lowercase()
        } else {
            actual == self.value
        }
    }
}

/// A parsed list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub(crate) format: Format,
    /// The limit actually used (after defaulting and clamping).
    pub(crate) limit: u64,
    pub(crate) offset: u64,
    pub(crate) filters: Vec<Filter>,
    /// Raw `key=value` pieces of the filters, as given, sorted by key.
    filter_pieces: Vec<String>,
    /// Raw `format=...` piece as given, if any.
    format_piece: Option<String>,
}

/// Order of the parameters in `next`/`previous` links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkOrder {
    /// Filters, `offset`, `limit`, then `format` (the doc's example).
    Documented,
    /// `limit`, `offset`, filters, then `format` (newer firmware) [seen].
    LimitFirst,
}

/// One `key=value` piece of a query string: decoded key and value, and the
/// raw text as given.
struct Piece<'a> {
    key: String,
    value: String,
    raw: &'a str,
}

fn pieces(query: &str) -> Vec<Piece<'_>> {
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

/// Parses the query string of a list request.
pub(crate) fn parse_list(
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<ListQuery, QueryError> {
    let pieces = pieces(query.unwrap_or(""));
    let format_piece = format_piece(&pieces);
    let format = negotiate(format_piece.map(|p| p.value.as_str()), headers)?;
    let limit = match pieces.iter().rfind(|p| p.key == "limit") {
        Some(p) => parse_limit(&p.value)?,
        None => DEFAULT_LIMIT,
    };
    let offset = match pieces.iter().rfind(|p| p.key == "offset") {
        Some(p) => parse_offset(&p.value)?,
        None => 0,
    };
    let mut filters = Vec::new();
    let mut filter_pieces: Vec<(&str, &str)> = Vec::new();
    for piece in &pieces {
        if let Some(filter) = parse_filter(&piece.key, &piece.value)? {
            filters.push(filter);
            filter_pieces.push((piece.key.as_str(), piece.raw));
        }
    }
    // Sorting by key reproduces the doc's link (`?status=...&type=...`).
    filter_pieces.sort_by(|a, b| a.0.cmp(b.0));
    Ok(ListQuery {
        format,
        limit,
        offset,
        filters,
        filter_pieces: filter_pieces
            .into_iter()
            .map(|(_, raw)| raw.to_string())
            .collect(),
        format_piece: format_piece.map(|p| p.raw.to_string()),
    })
}

/// Parses only the format of a request (detail endpoint).
pub(crate) fn parse_format(query: Option<&str>, headers: &HeaderMap) -> Result<Format, QueryError> {
    let pieces = pieces(query.unwrap_or(""));
    let format = format_piece(&pieces);
    negotiate(format.map(|p| p.value.as_str()), headers)
}

/// The last `format` parameter; an empty one counts as absent, as Django's
/// `GET.get('format')` is then falsy.
fn format_piece<'q, 'p>(pieces: &'p [Piece<'q>]) -> Option<&'p Piece<'q>> {
    pieces
        .iter()
        .rfind(|p| p.key == "format")
        .filter(|p| !p.value.is_empty())
}

/// `format` wins; else the best of JSON/XML in `Accept`; else JSON.
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

/// Fields of a fortitoken object that exist but cannot be filtered on.
const UNFILTERABLE: [&str; 3] = ["locked", "last_used_at", "resource_uri"];

/// Reads one query parameter as a filter: `Ok(None)` when it is not a field
/// of the resource (ignored), an error when the field or lookup is not allowed.
pub(crate) fn parse_filter(key: &str, value: &str) -> Result<Option<Filter>, QueryError> {
    let mut bits = key.split("__");
    let name = bits.next().unwrap_or("");
    let lookup = bits.next();
    let deeper = bits.next().is_some();
    let field = match name {
        "serial" => Field::Serial,
        "type" => Field::Type,
        "status" => Field::Status,
        "license" => Field::License,
        other if UNFILTERABLE.contains(&other) => {
            return Err(QueryError::NotFilterable(other.to_string()))
        }
        _ => return Ok(None),
    };
    if deeper {
        return Err(QueryError::Deep(name.to_string()));
    }
    let ignore_case = match (field, lookup) {
        (_, None | Some("exact")) => false,
        (Field::Serial, Some("iexact")) => true,
        (_, Some(lookup)) => {
            return Err(QueryError::Lookup {
                field: name.to_string(),
                lookup: lookup.to_string(),
            })
        }
    };
    Ok(Some(Filter {
        field,
        ignore_case,
        value: value.to_string(),
    }))
}

impl ListQuery {
    /// `next`: null exactly when this page reaches the end [doc].
    pub(crate) fn next(&self, total: u64, order: LinkOrder) -> Option<String> {
        let next_offset = self.offset.saturating_add(self.limit);
        if next_offset >= total {
            return None;
        }
        Some(self.link(next_offset, order))
    }

    /// `previous`: null whenever `offset - limit < 0` [framework].
    pub(crate) fn previous(&self, order: LinkOrder) -> Option<String> {
        let previous_offset = self.offset.checked_sub(self.limit)?;
        Some(self.link(previous_offset, order))
    }

    fn link(&self, offset: u64, order: LinkOrder) -> String {
        self.link_keeping(offset, order, true, true)
    }

    /// A link to `offset`, with or without the filter and `format`
    /// parameters (faults drop them).
    pub(crate) fn link_keeping(
        &self,
        offset: u64,
        order: LinkOrder,
        filters: bool,
        format: bool,
    ) -> String {
        let paging = match order {
            LinkOrder::Documented => [format!("offset={offset}"), format!("limit={}", self.limit)],
            LinkOrder::LimitFirst => [format!("limit={}", self.limit), format!("offset={offset}")],
        };
        let mut parts: Vec<&str> = Vec::with_capacity(self.filter_pieces.len() + 3);
        let kept: &[String] = if filters { &self.filter_pieces } else { &[] };
        let filters = kept.iter().map(String::as_str);
        match order {
            LinkOrder::Documented => {
                parts.extend(filters);
                parts.extend(paging.iter().map(String::as_str));
            }
            LinkOrder::LimitFirst => {
                parts.extend(paging.iter().map(String::as_str));
                parts.extend(filters);
            }
        }
        if format {
            parts.extend(self.format_piece.as_deref());
        }
        format!("{LIST_PATH}?{}", parts.join("&"))
    }

    /// Whether the request named its format (`format=`), rather than `Accept`.
    pub(crate) fn format_given(&self) -> bool {
        self.format_piece.is_some()
    }
}
