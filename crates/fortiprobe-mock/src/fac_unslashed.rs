//! FortiAuthenticator paths without their trailing slash. The fortitokens
//! page documents `DELETE /api/v1/fortitokens/[id]` without one, every
//! other example has one. By default the mock serves both forms alike; with
//! `MockOptions::fac_unslashed_redirect` it answers as Django's
//! `CommonMiddleware` does with `APPEND_SLASH` (the default) when only the
//! slashed path is routed: a 301 (`HttpResponsePermanentRedirect`) to the
//! path with the slash and the same query, before any authentication. For
//! DELETE Django redirects in every version and every mode: only POST (and,
//! later, PUT and PATCH) raise a RuntimeError instead, and only with DEBUG
//! on (docs/unslashed-delete.md has the sources).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::fac;
use super::faults::Fault;
use super::reply;
use super::MockState;

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route("/api/v1/fortitokens", get(list))
        .route("/api/v1/fortitokens/{id}", get(detail).delete(delete))
}

/// The 301 to the slashed path, when the mock answers unslashed paths so.
fn redirect(state: &MockState, uri: &Uri) -> Option<Response> {
    let other_host = state.has(Fault::FacUnslashedRedirectOtherHost);
    if !state.options().fac_unslashed_redirect && !other_host {
        return None;
    }
    let mut location = format!("{}/", uri.path());
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    if other_host {
        location = format!("https://fac.invalid{location}");
    }
    let mut response = reply::bytes_with_type(
        StatusCode::MOVED_PERMANENTLY,
        Vec::new(),
        "text/html; charset=utf-8",
    );
    let value = HeaderValue::from_str(&location).ok()?;
    response.headers_mut().insert(header::LOCATION, value);
    Some(response)
}

async fn list(
    State(state): State<MockState>,
    uri: Uri,
    headers: HeaderMap,
    query: RawQuery,
) -> Response {
    match redirect(&state, &uri) {
        Some(moved) => moved,
        None => fac::list(State(state), headers, query).await,
    }
}

async fn detail(
    State(state): State<MockState>,
    uri: Uri,
    headers: HeaderMap,
    query: RawQuery,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    match redirect(&state, &uri) {
        Some(moved) => moved,
        None => fac::detail(State(state), headers, query, path).await,
    }
}

async fn delete(
    State(state): State<MockState>,
    uri: Uri,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    if state.has(Fault::FacUnslashedDelete404) {
        return reply::empty(StatusCode::NOT_FOUND);
    }
    match redirect(&state, &uri) {
        Some(moved) => moved,
        None => fac::delete(State(state), headers, path).await,
    }
}
