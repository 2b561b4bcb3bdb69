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
use super::fac_query::{self, Format, LinkOrder, ListQuery, QueryError};
use super::fac_render::{self, Shape};
use super::reply;
use super::MockState;

/// The tokens of one FortiAuthenticator.
#[derive(Debug)]
pub(crate) struct FacStore {
    /// Indexed by `id - 1`; `None` once deleted.
    slots: Vec<Option<Token>>,
    /// Listing order as indices into `slots` (by id, or by serial [seen]).
    order: Vec<usize>,
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
        match self.slots.get_mut(index) {
            Some(slot) => slot.take().is_some(),
            None => false,
        }
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
fn authorized(state: &MockState, headers: &HeaderMap) -> bool {
    let Some((scheme, encoded)) = reply::authorization(headers) else {
        return false;
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
        Some((user, key)) => user == creds.fac_username && key == creds.fac_api_key,
        None => false,
    }
}

/// 401 with an empty body [framework].
fn unauthorized() -> Response {
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
    let query = match fac_query::parse_list(query.as_deref(), &headers) {
        Ok(query) => query,
        Err(error) => return bad_request(&error),
    };
    let body = list_body(&state, &query);
    fac_render::render(StatusCode::OK, &body, query.format, "response")
}

/// The tastypie envelope for one page of the filtered list.
fn list_body(state: &MockState, query: &ListQuery) -> Value {
    let shape = shape(state);
    let link_order = if shape.seen {
        LinkOrder::LimitFirst
    } else {
        LinkOrder::Documented
    };
    let (total, objects) = {
        let store = state.fac();
        let mut total: u64 = 0;
        let mut objects = Vec::new();
        for token in store
            .listed()
            .filter(|t| query.filters.iter().all(|f| f.matches(t)))
        {
            if total >= query.offset && total - query.offset < query.limit {
                objects.push(fac_render::token_object(token, shape));
            }
            total += 1;
        }
        (total, objects)
    };
    json!({
        "meta": {
            "limit": query.limit,
            "next": query.next(total, link_order),
            "offset": query.offset,
            "previous": query.previous(link_order),
            "total_count": total,
        },
        "objects": objects,
    })
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
    let deleted = parse_id(path).is_some_and(|id| state.fac().delete(id));
    if !deleted {
        return reply::empty(StatusCode::NOT_FOUND);
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
