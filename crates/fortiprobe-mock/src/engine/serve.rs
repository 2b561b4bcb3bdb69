//! Every FortiAuthenticator request under `/api/v1/`, as tastypie
//! dispatches one: the path names the index, a resource's list, its
//! `schema/` or one object; a path without its trailing slash is answered
//! 301 to the slashed one when the mock plays Django's `APPEND_SLASH`
//! (`MockOptions::fac_unslashed_redirect`, before anything else, as
//! `CommonMiddleware` does), else served as the slashed one
//! (`TASTYPIE_ALLOW_MISSING_SLASH`); a method the resource does not allow
//! is 405 with `Allow` before authentication (tastypie's `method_check`
//! comes before `is_authenticated`); then the credentials; then the
//! resource's handler (`collection.rs`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;

use super::declaration::Declaration;
use super::declare::{Method, Resource, Shape};
use super::query::format_of;
use super::render::{self, Root};
use super::request::Request;
use super::{auth, collection, schema};
use crate::faults::kind::{Fault, RuleKind};
use crate::{reply, MockState};

/// What a path under `/api/v1/` names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Index,
    List,
    Schema,
    /// One object, by the id segment as given.
    Detail(String),
}

/// A parsed path: the resource (none for the index), the place, and
/// whether it ended with a slash.
struct Target {
    decl: Option<&'static Declaration>,
    place: Place,
    slashed: bool,
}

fn parse(declarations: &'static [Declaration], path: &str) -> Option<Target> {
    let rest = path.strip_prefix("/api/v1/")?;
    if rest.is_empty() {
        return Some(Target {
            decl: None,
            place: Place::Index,
            slashed: true,
        });
    }
    let slashed = rest.ends_with('/');
    let trimmed = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = trimmed.split('/');
    let name = segments.next()?;
    let decl = declarations.iter().find(|d| d.resource.name == name)?;
    let place = match (segments.next(), segments.next()) {
        (None, _) => Place::List,
        (Some("schema"), None) => Place::Schema,
        (Some(id), None) if !id.is_empty() => Place::Detail(id.to_string()),
        _ => return None,
    };
    Some(Target {
        decl: Some(decl),
        place,
        slashed,
    })
}

/// The handler of every path under `/api/v1/` that no other product owns.
pub(crate) async fn serve(
    State(state): State<MockState>,
    method: axum::http::Method,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(target) = parse(state.resources(), uri.path()) else {
        return render::not_found();
    };
    let Some(decl) = target.decl else {
        return index(&state, &method, &headers, query.as_deref());
    };
    let res = &decl.resource;
    if !target.slashed {
        if let Some(answer) = unslashed(&state, res, &target.place, &method, &uri) {
            return answer;
        }
    }
    let allowed = allowed(res, &target.place);
    let allow = allowed
        .iter()
        .map(|m| m.upper())
        .collect::<Vec<_>>()
        .join(",");
    let method = match known(&method) {
        Some(m) => m,
        None if method == axum::http::Method::OPTIONS => {
            return reply::with_allow(reply::empty(StatusCode::OK), &allow);
        }
        None => return render::not_allowed(&allow),
    };
    let form = format!("{}-{}", method.lower(), uri_form(&target.place));
    if !allowed.contains(&method) && !state.broken(res.name, RuleKind::MethodAccepted, &form) {
        return render::not_allowed(&allow);
    }
    if !auth::authorized(&state, &headers) {
        return render::unauthorized();
    }
    let request = Request {
        state: &state,
        decl,
        res,
        headers: &headers,
        query: query.as_deref(),
    };
    match target.place {
        Place::Index => render::not_found(),
        Place::Schema => answer_schema(&request),
        Place::List => collection::on_list(&request, method, body).await,
        Place::Detail(id) => collection::on_detail(&request, method, &id, body),
    }
}

/// GET/HEAD/POST/PUT/PATCH/DELETE as a declared method.
fn known(method: &axum::http::Method) -> Option<Method> {
    Some(match *method {
        axum::http::Method::GET | axum::http::Method::HEAD => Method::Get,
        axum::http::Method::POST => Method::Post,
        axum::http::Method::PUT => Method::Put,
        axum::http::Method::PATCH => Method::Patch,
        axum::http::Method::DELETE => Method::Delete,
        _ => return None,
    })
}

fn uri_form(place: &Place) -> &'static str {
    match place {
        Place::Detail(_) => "detail",
        Place::Schema => "schema",
        Place::List | Place::Index => "list",
    }
}

/// The methods a place allows.
fn allowed(res: &Resource, place: &Place) -> &'static [Method] {
    let (list, detail) = schema::methods(res);
    match place {
        Place::List => list,
        Place::Detail(_) if res.shape == Shape::Collection => detail,
        Place::Schema => &[Method::Get],
        Place::Detail(_) | Place::Index => &[],
    }
}

/// `GET /api/v1/`, which asks for no credentials.
fn index(
    state: &MockState,
    method: &axum::http::Method,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Response {
    if known(method) != Some(Method::Get) {
        return render::not_allowed("GET");
    }
    match format_of(query, headers) {
        Ok(format) => render::render(
            StatusCode::OK,
            &schema::index(state, state.resources().iter().map(|d| &d.resource), query),
            format,
            Root::Response,
        ),
        Err(error) => render::bad_request(&error.to_string()),
    }
}

fn answer_schema(request: &Request) -> Response {
    match format_of(request.query, request.headers) {
        Ok(format) => render::render(
            StatusCode::OK,
            &schema::schema(request.state, request.res),
            format,
            Root::Response,
        ),
        Err(error) => render::bad_request(&error.to_string()),
    }
}

/// The answer to a path without its trailing slash, when it is not served
/// as the slashed one: 404 for a documented unslashed URI a fault refuses,
/// or Django's 301 to the slashed path with the same query.
fn unslashed(
    state: &MockState,
    res: &Resource,
    place: &Place,
    method: &axum::http::Method,
    uri: &Uri,
) -> Option<Response> {
    if let (Place::Detail(_), Some(m)) = (place, known(method)) {
        let form = format!("{}-detail-unslashed", m.lower());
        if state.broken(res.name, RuleKind::UriRefused, &form) {
            return Some(render::not_found());
        }
    }
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
