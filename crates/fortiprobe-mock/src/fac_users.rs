//! FortiAuthenticator `/api/v1/localusers/`: the list with its filters,
//! one user, POST (201 and `Location`), PATCH (202 with the user) and
//! DELETE (204, freeing the user's FortiToken). The fields and the second
//! factor are checked and applied in `fac_user_fields`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};

use super::data_prov;
use super::fac::{authorized, unauthorized};
use super::fac_list::{self, FilterSpec, Kind, Listing, Lookup};
use super::fac_prov::{answer, id_in, USERS_PATH};
use super::fac_query;
use super::fac_render::Root;
use super::fac_user_fields::{apply, release};
use super::faults::Fault;
use super::{reply, MockState};

const TEXT: &[Lookup] = &[
    Lookup::Exact,
    Lookup::Iexact,
    Lookup::Contains,
    Lookup::Icontains,
    Lookup::In,
];

/// The mock's reading of the (undocumented) localusers filters.
pub(crate) const LISTING: Listing = Listing {
    path: USERS_PATH,
    fields: &[
        "id",
        "resource_uri",
        "username",
        "address",
        "city",
        "country",
        "custom1",
        "custom2",
        "custom3",
        "email",
        "first_name",
        "last_name",
        "active",
        "mobile_number",
        "phone_number",
        "state",
        "user_groups",
        "token_auth",
        "token_type",
        "token_serial",
    ],
    filters: &[
        FilterSpec {
            field: "username",
            kind: Kind::Text,
            lookups: TEXT,
        },
        FilterSpec {
            field: "email",
            kind: Kind::Text,
            lookups: &[Lookup::Exact, Lookup::Iexact],
        },
        FilterSpec {
            field: "active",
            kind: Kind::Bool,
            lookups: &[Lookup::Exact],
        },
        FilterSpec {
            field: "token_serial",
            kind: Kind::Text,
            lookups: &[Lookup::Exact],
        },
    ],
};

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route(USERS_PATH, get(list).post(create))
        .route("/api/v1/localusers", get(list).post(create))
        .route(
            "/api/v1/localusers/{id}/",
            get(detail).patch(update).delete(remove),
        )
        .route(
            "/api/v1/localusers/{id}",
            get(detail).patch(update).delete(remove),
        )
}

fn extra(state: &MockState) -> bool {
    state.options().extra_field
}

async fn list(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let query = match fac_list::parse(&LISTING, q.as_deref(), &headers) {
        Ok(query) => query,
        Err(e) => return answer::bad_request(&e.to_string()),
    };
    let matching: Vec<Value> = {
        let store = state.prov();
        store
            .users
            .values()
            .map(|u| store.user_object(u, extra(&state)))
            .filter(|o| {
                query.filters.iter().all(|f| match f.field {
                    "username" if state.has(Fault::FacUsersUsernameFilterIgnored) => true,
                    "active" if state.has(Fault::FacUsersActiveFilterLiteral) => {
                        f.matches_literally(o)
                    }
                    _ => f.matches(o),
                })
            })
            .collect()
    };
    let mut body = query.page(matching);
    if state.has(Fault::FacUsersResourceUriNoSlash) {
        if let Some(objects) = body.get_mut("objects").and_then(Value::as_array_mut) {
            for o in objects {
                if let Some(Value::String(uri)) = o.get_mut("resource_uri") {
                    uri.pop();
                }
            }
        }
    }
    answer::ok(&body, query.format, Root::Response)
}

async fn detail(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let format = match fac_query::parse_format(q.as_deref(), &headers) {
        Ok(format) => format,
        Err(e) => return answer::bad_request(&e.to_string()),
    };
    let store = state.prov();
    let user = id_in(&format!("{USERS_PATH}{id}/"), USERS_PATH).and_then(|id| store.users.get(&id));
    match user {
        Some(user) if !state.has(Fault::FacUsersDetail404) => answer::ok(
            &store.user_object(user, extra(&state)),
            format,
            Root::Object,
        ),
        _ => answer::not_found(),
    }
}

async fn create(
    State(state): State<MockState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return answer::bad_request(&message),
    };
    let username = given.get("username").and_then(Value::as_str).unwrap_or("");
    if username.is_empty() && !state.has(Fault::FacUsersUsernameRequiredUnchecked) {
        return answer::bad_request("username: This field is required.");
    }
    let mut store = state.prov();
    let mut fac = state.fac();
    let id = store.take_user_id();
    let mut user = data_prov::blank_user(id, username);
    match apply(&state, &mut store, &mut fac, &mut user, &given) {
        Ok(groups) => {
            for group in groups {
                store.add_membership(id, group);
            }
            store.users.insert(id, user);
            let location = format!("{USERS_PATH}{id}/");
            if state.has(Fault::FacUsersPost200) {
                return reply::empty(axum::http::StatusCode::OK);
            }
            if state.has(Fault::FacUsersPostNoLocation) {
                return reply::empty(axum::http::StatusCode::CREATED);
            }
            answer::created(&location)
        }
        Err(message) => answer::bad_request(&message),
    }
}

async fn update(
    State(state): State<MockState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let Some(id) = id_in(&format!("{USERS_PATH}{id}/"), USERS_PATH) else {
        return answer::not_found();
    };
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return answer::bad_request(&message),
    };
    let mut store = state.prov();
    let Some(mut user) = store.users.get(&id).cloned() else {
        return answer::not_found();
    };
    let mut fac = state.fac();
    let groups = match apply(&state, &mut store, &mut fac, &mut user, &given) {
        Ok(groups) => groups,
        Err(message) => return answer::bad_request(&message),
    };
    if given.contains_key("user_groups") {
        store.memberships.retain(|_, m| m.user != id);
        for group in groups {
            store.add_membership(id, group);
        }
    }
    if state.has(Fault::FacUsersTokenNotRecorded) {
        for key in ["token_auth", "token_type", "token_serial"] {
            if let (Some(old), Some(new)) = (
                store
                    .users
                    .get(&id)
                    .and_then(|u| u.fields.get(key))
                    .cloned(),
                user.fields.get_mut(key),
            ) {
                *new = old;
            }
        }
    }
    store.users.insert(id, user);
    if state.has(Fault::FacUsersPatchEmpty) {
        return reply::empty(axum::http::StatusCode::ACCEPTED);
    }
    let object = store
        .users
        .get(&id)
        .map(|u| store.user_object(u, extra(&state)));
    answer::accepted(&object.unwrap_or(Value::Null))
}

async fn remove(
    State(state): State<MockState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let Some(id) = id_in(&format!("{USERS_PATH}{id}/"), USERS_PATH) else {
        return answer::not_found();
    };
    let mut store = state.prov();
    if state.has(Fault::FacUsersDeleteKeeps) && store.users.contains_key(&id) {
        return answer::no_content();
    }
    let Some(user) = store.remove_user(id) else {
        return answer::not_found();
    };
    let serial = user
        .fields
        .get("token_serial")
        .and_then(Value::as_str)
        .unwrap_or("");
    release(&mut state.fac(), serial);
    answer::no_content()
}

/// The request body as a JSON object, or why not.
pub(crate) fn object_body(
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, String> {
    match reply::read_json(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(e) => Err(e.to_string()),
    }
}
