//! FortiAuthenticator `/api/v1/usergroups/` (list with `name` exact and
//! `return_members`, one group, POST, PATCH adding users, DELETE) and
//! `/api/v1/localgroup-memberships/` (list with the documented filters on
//! `group`, `user`, `group_name`, `username`, one membership, POST, DELETE),
//! as the 6.0 to 6.6 REST API Solution Guide documents them
//! (docs/api-notes-fac.md §4-5).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use super::data_prov::UserGroup;
use super::fac::{authorized, unauthorized};
use super::fac_list::{self, Filter, FilterSpec, Kind, Listing, Lookup};
use super::fac_prov::{answer, id_in, GROUPS_PATH, MEMBERSHIPS_PATH, USERS_PATH};
use super::fac_query;
use super::fac_render::Root;
use super::fac_users::object_body;
use super::faults::Fault;
use super::MockState;

const GROUPS: Listing = Listing {
    path: GROUPS_PATH,
    fields: &["id", "resource_uri", "name", "users", "password_policy"],
    filters: &[FilterSpec {
        field: "name",
        kind: Kind::Text,
        lookups: &[Lookup::Exact],
    }],
};

const TEXT: &[Lookup] = &[
    Lookup::Exact,
    Lookup::Iexact,
    Lookup::Contains,
    Lookup::Icontains,
    Lookup::In,
];

const MEMBERSHIPS: Listing = Listing {
    path: MEMBERSHIPS_PATH,
    fields: &[
        "id",
        "resource_uri",
        "group",
        "user",
        "group_name",
        "username",
    ],
    filters: &[
        FilterSpec {
            field: "group",
            kind: Kind::UriId,
            lookups: &[Lookup::Exact, Lookup::In],
        },
        FilterSpec {
            field: "user",
            kind: Kind::UriId,
            lookups: &[Lookup::Exact, Lookup::In],
        },
        FilterSpec {
            field: "group_name",
            kind: Kind::Text,
            lookups: TEXT,
        },
        FilterSpec {
            field: "username",
            kind: Kind::Text,
            lookups: TEXT,
        },
    ],
};

/// Largest group name [doc, User groups 6.0.0/6.4.4].
const NAME_MAX: usize = 50;

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route(GROUPS_PATH, get(groups).post(create_group))
        .route("/api/v1/usergroups", get(groups).post(create_group))
        .route(
            "/api/v1/usergroups/{id}/",
            get(group).patch(add_users).delete(remove_group),
        )
        .route(
            "/api/v1/usergroups/{id}",
            get(group).patch(add_users).delete(remove_group),
        )
        .route(MEMBERSHIPS_PATH, get(memberships).post(create_membership))
        .route(
            "/api/v1/localgroup-memberships",
            get(memberships).post(create_membership),
        )
        .route(
            "/api/v1/localgroup-memberships/{id}/",
            get(membership).delete(remove_membership),
        )
        .route(
            "/api/v1/localgroup-memberships/{id}",
            get(membership).delete(remove_membership),
        )
}

/// `return_members`: members are left out for a false value [doc: 'Boolean
/// to disable return of members'], read as tastypie reads booleans; a
/// value that is no boolean does not validate: 400 [doc, general codes].
fn members(raw: Option<&str>) -> Result<bool, String> {
    match url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .filter(|(k, _)| k == "return_members")
        .last()
    {
        None => Ok(true),
        Some((_, v)) => {
            fac_list::boolean(&v).ok_or_else(|| format!("return_members: '{v}' is not a boolean"))
        }
    }
}

async fn groups(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    if state.has(Fault::FacGroupsReturnMembersRefused)
        && q.as_deref().unwrap_or("").contains("return_members")
    {
        return answer::bad_request("return_members is not a field");
    }
    let query = match fac_list::parse(&GROUPS, q.as_deref(), &headers) {
        Ok(query) => query,
        Err(e) => return answer::bad_request(&e.to_string()),
    };
    let with_members = match members(q.as_deref()) {
        Ok(with) => with,
        Err(message) => return answer::bad_request(&message),
    };
    let matching: Vec<Value> = {
        let store = state.prov();
        store
            .groups
            .values()
            .map(|g| store.group_object(g, with_members, state.options().extra_field))
            .filter(|o| {
                state.has(Fault::FacGroupsNameFilterIgnored)
                    || query.filters.iter().all(|f| f.matches(o))
            })
            .collect()
    };
    answer::ok(&query.page(matching), query.format, Root::Response)
}

async fn group(
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
    let with_members = match members(q.as_deref()) {
        Ok(with) => with,
        Err(message) => return answer::bad_request(&message),
    };
    let store = state.prov();
    let found =
        id_in(&format!("{GROUPS_PATH}{id}/"), GROUPS_PATH).and_then(|id| store.groups.get(&id));
    match found {
        Some(g) => answer::ok(
            &store.group_object(g, with_members, state.options().extra_field),
            format,
            Root::Object,
        ),
        None => answer::not_found(),
    }
}

/// User ids of a `users` list of local user URIs.
fn user_ids(state: &MockState, list: Option<&Value>) -> Result<Vec<u64>, String> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    let uris = list
        .as_array()
        .ok_or("users: a list of local user URIs is required")?;
    let store = state.prov();
    uris.iter()
        .map(|uri| {
            uri.as_str()
                .and_then(|u| id_in(u, USERS_PATH))
                .filter(|id| store.users.contains_key(id))
                .ok_or_else(|| format!("users: {uri} is not a local user URI"))
        })
        .collect()
}

async fn create_group(
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
    let name = match given.get("name").and_then(Value::as_str) {
        None | Some("") if !state.has(Fault::FacGroupsNameRequiredUnchecked) => {
            return answer::bad_request("name: This field is required.")
        }
        None => String::new(),
        Some(n)
            if n.chars().count() > NAME_MAX && !state.has(Fault::FacGroupsNameTooLongAccepted) =>
        {
            return answer::bad_request("name: at most 50 characters")
        }
        Some(n) => n.to_string(),
    };
    let policy = match given.get("password_policy") {
        None | Some(Value::Null) => "default".to_string(),
        Some(Value::String(p)) => p.clone(),
        Some(_) => return answer::bad_request("password_policy: a string is required"),
    };
    let users = match user_ids(&state, given.get("users")) {
        Ok(users) => users,
        Err(message) => return answer::bad_request(&message),
    };
    let mut store = state.prov();
    if store.groups.values().any(|g| g.name == name) {
        return answer::bad_request("name: a group with this name already exists");
    }
    let id = store.take_group_id();
    store.groups.insert(
        id,
        UserGroup {
            id,
            name,
            password_policy: policy,
        },
    );
    for user in users {
        store.add_membership(user, id);
    }
    answer::created(&format!("{GROUPS_PATH}{id}/"))
}

/// PATCH: 'Add users to a user group' [doc].
async fn add_users(
    State(state): State<MockState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let Some(id) = id_in(&format!("{GROUPS_PATH}{id}/"), GROUPS_PATH) else {
        return answer::not_found();
    };
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return answer::bad_request(&message),
    };
    let users = match user_ids(&state, given.get("users")) {
        Ok(users) => users,
        Err(message) => return answer::bad_request(&message),
    };
    let mut store = state.prov();
    if !store.groups.contains_key(&id) {
        return answer::not_found();
    }
    for user in users {
        store.add_membership(user, id);
    }
    let object = store
        .groups
        .get(&id)
        .map(|g| store.group_object(g, true, state.options().extra_field));
    answer::accepted(&object.unwrap_or(Value::Null))
}

async fn remove_group(
    State(state): State<MockState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let keeps = state.has(Fault::FacGroupsDeleteKeeps);
    let removed = id_in(&format!("{GROUPS_PATH}{id}/"), GROUPS_PATH).is_some_and(|id| {
        let mut store = state.prov();
        if keeps {
            store.groups.contains_key(&id)
        } else {
            store.remove_group(id)
        }
    });
    if removed {
        answer::no_content()
    } else {
        answer::not_found()
    }
}

async fn memberships(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let query = match fac_list::parse(&MEMBERSHIPS, q.as_deref(), &headers) {
        Ok(query) => query,
        Err(e) => return answer::bad_request(&e.to_string()),
    };
    let filters: Vec<Filter> = query
        .filters
        .iter()
        .filter_map(|f| bent(&state, f))
        .collect();
    let matching: Vec<Value> = {
        let store = state.prov();
        store
            .memberships
            .values()
            .map(|m| store.membership_object(m, state.options().extra_field))
            .filter(|o| filters.iter().all(|f| f.matches(o)))
            .collect()
    };
    answer::ok(&query.page(matching), query.format, Root::Response)
}

/// A memberships filter as the faults bend it; `None`: ignored.
fn bent(state: &MockState, f: &Filter) -> Option<Filter> {
    let ignored = match f.field {
        "username" => state.has(Fault::FacMembershipsUsernameFilterIgnored),
        "group_name" => state.has(Fault::FacMembershipsGroupNameFilterIgnored),
        "group" => state.has(Fault::FacMembershipsGroupFilterIgnored),
        "user" => state.has(Fault::FacMembershipsUserFilterIgnored),
        _ => false,
    };
    if ignored {
        return None;
    }
    Some(match f.lookup {
        Lookup::Contains if state.has(Fault::FacMembershipsContainsIsExact) => {
            f.with_lookup(Lookup::Exact)
        }
        Lookup::Icontains if state.has(Fault::FacMembershipsIcontainsCaseSensitive) => {
            f.with_lookup(Lookup::Contains)
        }
        Lookup::In if state.has(Fault::FacMembershipsInFirstValueOnly) => f.first_value_only(),
        _ => f.clone(),
    })
}

async fn membership(
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
    let found = id_in(&format!("{MEMBERSHIPS_PATH}{id}/"), MEMBERSHIPS_PATH)
        .and_then(|id| store.memberships.get(&id));
    match found {
        Some(m) => answer::ok(
            &store.membership_object(m, state.options().extra_field),
            format,
            Root::Object,
        ),
        None => answer::not_found(),
    }
}

async fn create_membership(
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
    let mut store = state.prov();
    let uri = |name: &str, base: &str| {
        given
            .get(name)
            .and_then(Value::as_str)
            .and_then(|u| id_in(u, base))
    };
    let group = uri("group", GROUPS_PATH).filter(|id| store.groups.contains_key(id));
    let user = uri("user", USERS_PATH).filter(|id| store.users.contains_key(id));
    let user = match user {
        None if state.has(Fault::FacMembershipsMissingUserAccepted)
            && !given.contains_key("user") =>
        {
            store.users.keys().next().copied()
        }
        other => other,
    };
    let group = match group {
        None if state.has(Fault::FacMembershipsMissingGroupAccepted)
            && !given.contains_key("group") =>
        {
            store.groups.keys().next().copied()
        }
        other => other,
    };
    let (Some(group), Some(user)) = (group, user) else {
        return answer::bad_request(
            "group and user: an existing user group URI and local user URI are required",
        );
    };
    match store.add_membership(user, group) {
        Some(id) => answer::created(&format!("{MEMBERSHIPS_PATH}{id}/")),
        None => answer::bad_request("this user is already a member of this group"),
    }
}

async fn remove_membership(
    State(state): State<MockState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let keeps = state.has(Fault::FacMembershipsDeleteKeeps);
    let removed = id_in(&format!("{MEMBERSHIPS_PATH}{id}/"), MEMBERSHIPS_PATH).is_some_and(|id| {
        let mut store = state.prov();
        if keeps {
            store.memberships.contains_key(&id)
        } else {
            store.memberships.remove(&id).is_some()
        }
    });
    if removed {
        answer::no_content()
    } else {
        answer::not_found()
    }
}
