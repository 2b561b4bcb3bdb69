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
use super::fac_query::{self, Field, Format, LinkOrder, ListQuery, QueryError};
use super::fac_render::{self, Shape};
use super::faults::Fault;
use super::reply;
use super::wire_faults;
use super::MockState;

/// The tokens of one FortiAuthenticator.
#[derive(Debug)]
pub(crate) struct FacStore {
    /// Indexed by `id - 1`; `None` once deleted.
    slots: Vec<Option<Token>>,
    /// Listing order as indices into `slots` (by id, or by serial [seen]).
    order: Vec<usize>,
    /// Deleted tokens still counted in `total_count` (fault `FacDeleteCountUnchanged`).
    ghosts: u64,
}

impl FacStore {
    pub(crate) fn new(tokens: Vec<Token>, by_serial: bool) -> FacStore {
        let mut order: Vec<usize> = (0..tokens.len()).collect();
        if by_serial {
            order.sort_by(|&a, &b| tokens[a].serial.cmp(&tokens[b].serial));
        }
        FacStore {
            slots: tokens.into_iter().map(Some).collect(),
            order,
            ghosts: 0,
        }
    }

    fn slot(&self, id: u64) -> Option<&Token> {
        let index = usize::try_from(id.checked_sub(1)?).ok()?;
        self.slots.get(index)?.as_ref()
    }

    /// Removes the token; `false` when it does not exist (any more).
    fn delete(&mut self, id: u64) -> bool {
        let Some(index) = id.checked_sub(1).and_then(|i| usize::try_from(i).ok()) else {
            return false;
        };
        let deleted = self
            .slots
            .get_mut(index)
            .is_some_and(|slot| slot.take().is_some());
        if deleted {
            // Keep `order` to live tokens only: an unfiltered page is then a slice.
            self.order.retain(|&i| i != index);
        }
        deleted
    }

    /// The live token with `serial`, for its assignment to a local user
    /// (`fac_users`).
    pub(crate) fn token_mut(&mut self, serial: &str) -> Option<&mut Token> {
        self.slots.iter_mut().flatten().find(|t| t.serial == serial)
    }

    /// Live tokens in listing order.
    fn listed(&self) -> impl Iterator<Item = &Token> {
        self.order
            .iter()
            .filter_map(|&i| self.slots.get(i).and_then(Option::as_ref))
    }
}

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route("/api/v1/fortitokens/", get(list))
        .route("/api/v1/fortitokens", get(list))
        .route("/api/v1/fortitokens/{id}/", get(detail).delete(delete))
        .route("/api/v1/fortitokens/{id}", get(detail).delete(delete))
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
fn bad_request(error: &QueryError) -> Response {
    let body = json!({ "error": error.to_string() });
    fac_render::render(StatusCode::BAD_REQUEST, &body, Format::Json, "response")
}

fn shape(state: &MockState) -> Shape {
    let opts = state.options();
    Shape {
        key_order: opts.key_order,
        extra_field: opts.extra_field,
        seen: opts.seen_shapes,
    }
}

async fn list(
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
    if !query.format_given() {
        if state.has(Fault::FacAcceptIgnoresLimit) {
            query.limit = fac_query::DEFAULT_LIMIT;
        }
        if state.has(Fault::FacAcceptGivesXml) {
            query.format = Format::Xml;
        }
    }
    let body = list_body(&state, &query);
    let status = if state.has(Fault::FacListStatus201) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut response = fac_render::render(status, &body, query.format, "response");
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
    let link_order = if shape.seen {
        LinkOrder::LimitFirst
    } else {
        LinkOrder::Documented
    };
    let mut page_limit = query.limit;
    let mut page_offset = query.offset;
    if state.has(Fault::FacLimitIgnored) {
        page_limit = fac_query::DEFAULT_LIMIT;
    }
    if state.has(Fault::FacOffsetIgnored) {
        page_offset = 0;
    }
    if state.has(Fault::FacPagesOverlap) {
        page_offset = page_offset.saturating_sub(1);
    }
    let (total, ghosts, mut objects) = {
        let store = state.fac();
        let mut total: u64 = 0;
        let mut objects = Vec::new();
        if query.filters.is_empty() {
            // No filter: the page is a slice of the live tokens, whatever their number.
            total = store.order.len() as u64;
            let start = usize::try_from(page_offset)
                .unwrap_or(usize::MAX)
                .min(store.order.len());
            let end = usize::try_from(page_limit)
                .unwrap_or(usize::MAX)
                .saturating_add(start)
                .min(store.order.len());
            for &i in &store.order[start..end] {
                if let Some(Some(token)) = store.slots.get(i) {
                    objects.push(fac_render::token_object(token, shape));
                }
            }
        } else {
            for token in store.listed().filter(|t| passes(state, query, t)) {
                if total >= page_offset && total - page_offset < page_limit {
                    objects.push(fac_render::token_object(token, shape));
                }
                total += 1;
            }
        }
        (total, store.ghosts, objects)
    };
    for object in &mut objects {
        bend_object(state, object);
    }
    let mut next = query.next(total, link_order);
    let end = query.offset.saturating_add(query.limit);
    if state.has(Fault::FacNextNull) {
        next = None;
    }
    if state.has(Fault::FacNextOnLastPage) && next.is_none() && total > 0 {
        next = Some(query.link_keeping(end, link_order, true, true));
    }
    if next.is_some() {
        let keep_filters = !state.has(Fault::FacNextLosesFilters);
        let keep_format = !state.has(Fault::FacNextLosesFormat);
        let mut at = end;
        if state.has(Fault::FacNextOverlaps) {
            at = at.saturating_sub(1);
        }
        if state.has(Fault::FacNextSkips) {
            at = at.saturating_add(1);
        }
        let mut link = query.link_keeping(at, link_order, keep_filters, keep_format);
        if state.has(Fault::FacNextAbsolute) {
            link = format!("https://fac.invalid{link}");
        }
        if state.has(Fault::FacNextOtherHost) {
            link = format!("//fac.invalid{link}");
        }
        next = Some(link);
    }
    let mut previous = query.previous(link_order);
    if query.offset == 0 && state.has(Fault::FacPreviousOnFirstPage) {
        previous = Some(query.link_keeping(0, link_order, true, true));
    }
    if state.has(Fault::FacPreviousNull) {
        previous = None;
    }
    if query.offset > 0 && state.has(Fault::FacPreviousForward) {
        previous = Some(query.link_keeping(end, link_order, true, true));
    }
    let mut total_count = Value::from(total + ghosts);
    if state.has(Fault::FacTotalCountOffByOne) {
        total_count = Value::from(total + ghosts + 1);
    }
    if state.has(Fault::FacTotalCountIsPageSize) {
        total_count = Value::from(objects.len());
    }
    if state.has(Fault::FacTotalCountString) {
        total_count = Value::from(total_count.to_string());
    }
    let mut meta = json!({
        "limit": if state.has(Fault::FacLimitNotEchoed) { fac_query::DEFAULT_LIMIT } else { query.limit },
        "next": next,
        "offset": if state.has(Fault::FacOffsetNotEchoed) { 0 } else { query.offset },
        "previous": previous,
        "total_count": total_count,
    });
    if state.has(Fault::FacListNoTotalCount) {
        if let Some(m) = meta.as_object_mut() {
            m.remove("total_count");
        }
    }
    json!({
        "meta": meta,
        "objects": objects,
    })
}

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

async fn detail(
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
        Some(object) => fac_render::render(StatusCode::OK, &object, format, "object"),
        None => reply::empty(StatusCode::NOT_FOUND),
    }
}

async fn delete(
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
        if store.delete(id) {
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
        return fac_render::render(StatusCode::OK, &object, Format::Json, "object");
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
