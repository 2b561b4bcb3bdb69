//! FortiAuthenticator's resource index `GET /api/v1/`: one entry per
//! resource the mock serves, `{name: {"list_endpoint", "schema"}}`
//! ('General API usage' example, 6.0.4 [doc]). The table below is the one
//! place to add a resource.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::fac::{authorized, unauthorized};
use super::fac_prov::answer;
use super::fac_query;
use super::faults::Fault;
use super::MockState;

/// The resources the mock serves, by the name the index gives them.
const RESOURCES: [&str; 4] = [
    "fortitokens",
    "localgroup-memberships",
    "localusers",
    "usergroups",
];

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route("/api/v1/", get(index))
        .route("/api/v1", get(index))
}

async fn index(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    if !authorized(&state, &headers) {
        return unauthorized();
    }
    let format = match fac_query::parse_format(q.as_deref(), &headers) {
        Ok(format) => format,
        Err(e) => return answer::bad_request(&e.to_string()),
    };
    let mut body = Map::new();
    for name in RESOURCES {
        if name == "localgroup-memberships" && state.has(Fault::FacIndexLacksMemberships) {
            continue;
        }
        body.insert(
            name.to_string(),
            json!({
                "list_endpoint": format!("/api/v1/{name}/"),
                "schema": format!("/api/v1/{name}/schema/"),
            }),
        );
    }
    answer::ok(&Value::Object(body), format, "response")
}
