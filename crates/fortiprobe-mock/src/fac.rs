//! FortiAuthenticator `/api/v1/fortitokens/`: HTTP Basic authentication
//! with `admin_name:api_key`, the paginated and filterable list, one token
//! by id, and DELETE. Query reading lives in `fac_query`, wire shapes in
//! `fac_render`; this module owns the token store and the request flow.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use base64::Engine;
use serde_json::{json, Value};

use super::data::Token;
use super::fac_page;
use super::fac_query::{self, Field, Format, ListQuery, QueryError};
use super::fac_render::{self, Root, Shape};
pub(crate) use super::fac_store::FacStore;
use super::faults::Fault;
use super::reply;
use super::wire_faults;
use super::MockState;

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route("/api/v1/fortitokens/", get(list))
        .route("/api/v1/fortitokens/{id}/", get(detail).delete(delete))
        .merge(super::fac_unslashed::routes())
}

/// Whether the request carries the right `username:api_key` [doc].
pub(crate) fn authorized(state: &MockState, headers: &HeaderMap) -> bool {
    let Some((scheme, encoded)) = reply::authorization(headers) else {
        return state.has(Fault::FacNoAuthAccepted);
    };
    if scheme != "basic" {
        return false;
    }
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.as_bytes()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    let creds = state.creds();
    match text.split_once(':') {
        Some(_) if state.has(Fault::FacAnyUserAccepted) => true,
        Some((user, _)) if state.has(Fault::FacWrongKeyAccepted) => user == creds.fac_username,
        Some((user, key)) => user == creds.fac_username && key == creds.fac_api_key,
        None => false,
    }
}

/// 401 with an empty body [framework].
pub(crate) fn unauthorized() -> Response {
    reply::with_header(
        reply::empty(StatusCode::UNAUTHORIZED),
        header::WWW_AUTHENTICATE,
        "Basic Realm=\"django-tastypie\"",
    )
}

/// 400 with `{"error": message}` [seen].
pub(crate) fn bad_request(error: &QueryError) -> Response {
    let body = json!({ "error": error.to_string() });
    fac_render::render(StatusCode::BAD_REQUEST, &body, Format::Json, Root::Response)
}

fn shape(state: &MockState) -> Shape {
    let opts = state.options();
    Shape {
        key_order: opts.key_order,
        extra_field: opts.extra_field,
        seen: opts.seen_shapes,
    }
}

pub(crate) async fn list(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    if state.has(Fault::FacListHangs) {
        wire_faults::hang().await;
    }
    let mut query = match parse_list(&state, query.as_deref(), &headers) {
        Ok(query) => query,
        Err(error) => return bad_request(&error),
    };
    query.format = bend_format(&state, &query, &headers);
    if !query.format_given() && state.has(Fault::FacAcceptIgnoresLimit) {
        query.limit = fac_query::DEFAULT_LIMIT;
    }
    let body = list_body(&state, &query);
    let status = if state.has(Fault::FacListStatus201) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    if query.format == Format::Xml && state.has(Fault::FacXmlUntyped) {
        return fac_render::untyped_xml(status, &body);
    }
    let mut response = fac_render::render(status, &body, query.format, Root::Response);
    if query.format == Format::Json {
        for fault in WIRE {
            if state.has(fault) {
                let bytes = fac_render::json_bytes(&body);
                if let Some(bent) = wire_faults::bend(fault, bytes) {
                    return bent;
                }
            }
        }
        if state.has(Fault::FacListTextHtml) {
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/html; charset=utf-8"),
            );
        }
    }
    response
}

/// The format of the answer, as bent by the format faults.
fn bend_format(state: &MockState, query: &ListQuery, headers: &HeaderMap) -> Format {
    let by_accept = fac_query::parse_format(None, headers).unwrap_or(Format::Json);
    match (query.format_given(), query.format) {
        (false, Format::Json) if state.has(Fault::FacAcceptGivesXml) => Format::Xml,
        (false, Format::Xml) if state.has(Fault::FacAcceptXmlGivesJson) => Format::Json,
        (true, Format::Xml) if state.has(Fault::FacXmlGivesJson) => Format::Json,
        (true, Format::Json)
            if by_accept == Format::Xml && state.has(Fault::FacAcceptWinsOverFormat) =>
        {
            Format::Xml
        }
        (_, format) => format,
    }
}

/// The transport faults of the list.
const WIRE: [Fault; 6] = [
    Fault::FacListTrickles,
    Fault::FacListClosesMidAnswer,
    Fault::FacListNotJson,
    Fault::FacListTruncatedJson,
    Fault::FacListHtmlError,
    Fault::FacListHuge,
];

/// `fac_query::parse_list`, bent by the query faults.
fn parse_list(
    state: &MockState,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Result<ListQuery, QueryError> {
    let without = |name: &str| -> String {
        raw.unwrap_or("")
            .split('&')
            .filter(|p| p.split('=').next() != Some(name))
            .collect::<Vec<_>>()
            .join("&")
    };
    let mut query = match fac_query::parse_list(raw, headers) {
        Err(QueryError::Limit(_)) if state.has(Fault::FacBadLimitAccepted) => {
            fac_query::parse_list(Some(&without("limit")), headers)?
        }
        Err(QueryError::Offset(_)) if state.has(Fault::FacNegativeOffsetAccepted) => {
            fac_query::parse_list(Some(&without("offset")), headers)?
        }
        other => other?,
    };
    let asked: Option<u64> = raw.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .filter(|(k, _)| k == "limit")
            .last()
            .and_then(|(_, v)| v.parse().ok())
    });
    match asked {
        None if state.has(Fault::FacDefaultLimit50) => query.limit = 50,
        Some(n) if n > fac_query::MAX_LIMIT && state.has(Fault::FacLimitNotCapped) => {
            query.limit = n.min(5000)
        }
        _ => {}
    }
    Ok(query)
}

/// The faults that bend how filters match: with one on, pages are found by
/// scanning the listing through `passes` instead of by the indexes.
const FILTER_FAULTS: [Fault; 9] = [
    Fault::FacSerialFilterIgnored,
    Fault::FacTypeFilterIgnored,
    Fault::FacStatusFilterIgnored,
    Fault::FacLicenseFilterIgnored,
    Fault::FacIexactCaseSensitive,
    Fault::FacExactIsPrefix,
    Fault::FacExactIgnoresCase,
    Fault::FacFiltersOred,
    Fault::FacUnknownTypeListsAll,
];

fn bends_filters(state: &MockState) -> bool {
    FILTER_FAULTS.iter().any(|&f| state.has(f))
}

/// Whether `token` passes the query's filters, as bent by the filter faults.
fn passes(state: &MockState, query: &ListQuery, token: &Token) -> bool {
    let mut results = query.filters.iter().filter_map(|f| {
        let ignored = match f.field {
            Field::Serial => state.has(Fault::FacSerialFilterIgnored),
            Field::Type => {
                state.has(Fault::FacTypeFilterIgnored)
                    || (state.has(Fault::FacUnknownTypeListsAll)
                        && !matches!(f.value.as_str(), "ftk" | "ftm"))
            }
            Field::Status => state.has(Fault::FacStatusFilterIgnored),
            Field::License => state.has(Fault::FacLicenseFilterIgnored),
        };
        if ignored {
            return None;
        }
        if f.field != Field::Serial {
            return Some(f.matches(token));
        }
        let ignore_case = if f.ignore_case {
            !state.has(Fault::FacIexactCaseSensitive)
        } else {
            state.has(Fault::FacExactIgnoresCase)
        };
        if !ignore_case && state.has(Fault::FacExactIsPrefix) {
            return Some(token.serial.starts_with(&f.value));
        }
        if ignore_case == f.ignore_case {
            return Some(f.matches(token));
        }
        Some(if ignore_case {
            token.serial.to_lowercase() == f.value.to_lowercase()
        } else {
            token.serial == f.value
        })
    });
    if state.has(Fault::FacFiltersOred) && query.filters.len() > 1 {
        let mut any = None;
        for r in results.by_ref() {
            any = Some(any.unwrap_or(false) || r);
        }
        any.unwrap_or(true)
    } else {
        results.all(|r| r)
    }
}

/// The tastypie envelope for one page of the filtered list.
fn list_body(state: &MockState, query: &ListQuery) -> Value {
    let shape = shape(state);
    let (page_offset, page_limit) = fac_page::window(state, query);
    let (total, ghosts, mut objects) = {
        let mut store = state.fac();
        let ghosts = store.ghosts;
        let (total, tokens) = if query.filters.is_empty() || !bends_filters(state) {
            // The indexes serve the page whatever the listing's size.
            store.filtered(&query.filters, page_offset, page_limit)
        } else {
            let mut total: u64 = 0;
            let mut tokens = Vec::new();
            for token in store.listed().filter(|t| passes(state, query, t)) {
                if total >= page_offset && total - page_offset < page_limit {
                    tokens.push(token);
                }
                total += 1;
            }
            (total, tokens)
        };
        let objects: Vec<Value> = tokens
            .into_iter()
            .map(|t| {
                let mut object = fac_render::token_object(t, shape);
                if t.id == DEEP_BAD_TOKEN && state.has(Fault::FacTypeOutOfEnumDeep) {
                    object["type"] = Value::from("FTM");
                }
                object
            })
            .collect();
        (total, ghosts, objects)
    };
    for object in &mut objects {
        bend_object(state, object);
    }
    let meta = fac_page::meta(state, query, total, ghosts, objects.len(), shape.seen);
    json!({
        "meta": meta,
        "objects": objects,
    })
}

/// The token that fault `FacTypeOutOfEnumDeep` breaks: listing position
/// 1500 (by id; ids follow the listing order but with the [seen] shapes).
const DEEP_BAD_TOKEN: u64 = 1500;

/// The field faults, applied to one rendered token object.
fn bend_object(state: &MockState, object: &mut Value) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    if state.has(Fault::FacStatusCapitalised) {
        if let Some(Value::String(s)) = map.get_mut("status") {
            let mut c = s.chars();
            *s = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
        }
    }
    if state.has(Fault::FacTypeOutOfEnum) {
        if let Some(Value::String(s)) = map.get_mut("type") {
            *s = if s == "ftm" { "mobile" } else { "hardware" }.to_string();
        }
    }
    if state.has(Fault::FacSerialMissing) {
        map.remove("serial");
    }
    if state.has(Fault::FacLockedString) {
        if let Some(v) = map.get_mut("locked") {
            *v = Value::from(v.to_string());
        }
    }
    if state.has(Fault::FacLastUsedAtOtherZone) {
        if let Some(Value::String(s)) = map.get_mut("last_used_at") {
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
                let zone = chrono::FixedOffset::east_opt(2 * 3600);
                if let Some(zone) = zone {
                    let shifted = at.with_timezone(&zone);
                    *s = shifted.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
                }
            }
        }
    }
    if state.has(Fault::FacLastUsedAtBadFormat) {
        if let Some(v) = map.get_mut("last_used_at") {
            *v = Value::from("06/05/2025 09:06");
        }
    }
    if state.has(Fault::FacResourceUriNoSlash) {
        if let Some(Value::String(s)) = map.get_mut("resource_uri") {
            s.pop();
        }
    }
}

/// The id in a detail path: decimal digits only, else no such token.
fn parse_id(path: Result<Path<String>, PathRejection>) -> Option<u64> {
    let Path(raw) = path.ok()?;
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

pub(crate) async fn detail(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let format = match fac_query::parse_format(query.as_deref(), &headers) {
        Ok(format) => format,
        Err(error) => return bad_request(&error),
    };
    let shape = shape(&state);
    let object = parse_id(path).and_then(|id| {
        state
            .fac()
            .slot(id)
            .map(|t| fac_render::token_object(t, shape))
    });
    let object = object.map(|mut o| {
        bend_object(&state, &mut o);
        o
    });
    match object {
        Some(object) => fac_render::render(StatusCode::OK, &object, format, Root::Object),
        None => reply::empty(StatusCode::NOT_FOUND),
    }
}

pub(crate) async fn delete(
    State(state): State<MockState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let id = parse_id(path);
    if state.has(Fault::FacDeleteKeeps) && id.is_some_and(|id| state.fac().slot(id).is_some()) {
        return reply::empty(StatusCode::NO_CONTENT);
    }
    let shape = shape(&state);
    let deleted = id.and_then(|id| {
        let mut store = state.fac();
        let object = store.slot(id).map(|t| fac_render::token_object(t, shape));
        let neighbour = store.next_after(id);
        if store.delete(id) {
            if let Some(next) = neighbour.filter(|_| state.has(Fault::FacDeleteTakesNeighbour)) {
                store.delete(next);
            }
            if state.has(Fault::FacDeleteCountUnchanged) {
                store.ghosts += 1;
            }
            object
        } else {
            None
        }
    });
    let Some(object) = deleted else {
        if state.has(Fault::FacDeleteMissing204) {
            return reply::empty(StatusCode::NO_CONTENT);
        }
        return reply::empty(StatusCode::NOT_FOUND);
    };
    if state.has(Fault::FacDelete200Body) {
        return fac_render::render(StatusCode::OK, &object, Format::Json, Root::Object);
    }
    if state.options().seen_shapes {
        reply::bytes_with_type(
            StatusCode::NO_CONTENT,
            Vec::new(),
            "text/html; charset=utf-8",
        )
    } else {
        reply::empty(StatusCode::NO_CONTENT)
    }
}
