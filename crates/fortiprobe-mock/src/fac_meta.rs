//! FortiAuthenticator's discovery answers, as django-tastypie gives them:
//! `GET /api/v1/` lists every resource as `{name: {list_endpoint, schema}}`
//! (tastypie's `Api.top_level`, which asks for no credentials), and
//! `GET /api/v1/fortitokens/schema/` describes the resource
//! (`Resource.build_schema`: allowed methods, default format and limit,
//! every field with its type, and the filtering). The fields are those of
//! FortiAuthenticator 6.4.1 and later (docs/api-notes.md §6: fields per version); the
//! help texts are the docs' "Other restrictions" column.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::fac;
use super::fac_query;
use super::fac_render::{self, Root};
use super::faults::Fault;
use super::MockState;

/// The resources `GET /api/v1/` lists; a resource added to the mock adds
/// its name here (its list is `/api/v1/<name>/`, its schema
/// `/api/v1/<name>/schema/`).
pub(crate) const RESOURCES: &[&str] = &[
    "fortitokens",
    "localgroup-memberships",
    "localusers",
    "usergroups",
];

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route("/api/v1/", get(index))
        .route("/api/v1/fortitokens/schema/", get(fortitokens_schema))
}

/// Renders `value` in the format the request asks for (400 on an unknown one).
fn answer(query: Option<&str>, headers: &HeaderMap, value: &Value) -> Response {
    match fac_query::parse_format(query, headers) {
        Ok(format) => fac_render::render(StatusCode::OK, value, format, Root::Response),
        Err(error) => fac::bad_request(&error),
    }
}

async fn index(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let mut resources = Map::new();
    for &name in RESOURCES {
        if name == "fortitokens" && state.has(Fault::FacIndexLacksFortitokens) {
            continue;
        }
        if name == "localgroup-memberships" && state.has(Fault::FacIndexLacksMemberships) {
            continue;
        }
        resources.insert(
            name.to_string(),
            json!({
                "list_endpoint": format!("/api/v1/{name}/"),
                "schema": format!("/api/v1/{name}/schema/"),
            }),
        );
    }
    answer(query.as_deref(), &headers, &Value::Object(resources))
}

async fn fortitokens_schema(
    State(state): State<MockState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if !fac::authorized(&state, &headers) {
        return fac::unauthorized();
    }
    answer(query.as_deref(), &headers, &schema(&state))
}

/// One field as `build_schema` describes it.
fn field(kind: &str, help_text: &str, nullable: bool, readonly: bool, unique: bool) -> Value {
    json!({
        "blank": false,
        "default": "No default provided.",
        "help_text": help_text,
        "nullable": nullable,
        "primary_key": false,
        "readonly": readonly,
        "type": kind,
        "unique": unique,
    })
}

/// The schema of `/api/v1/fortitokens/`, bent by the schema faults.
fn schema(state: &MockState) -> Value {
    let fields = schema_fields(state);
    let serial_lookups = if state.has(Fault::FacSchemaSerialExactOnly) {
        json!(["exact"])
    } else {
        json!(["exact", "iexact"])
    };
    let list_methods = if state.has(Fault::FacSchemaListNoGet) {
        json!([])
    } else {
        json!(["get"])
    };
    let detail_methods = if state.has(Fault::FacSchemaDetailNoDelete) {
        json!(["get"])
    } else {
        json!(["get", "delete"])
    };
    json!({
        "allowed_detail_http_methods": detail_methods,
        "allowed_list_http_methods": list_methods,
        "default_format": "application/json",
        "default_limit": fac_query::DEFAULT_LIMIT,
        "fields": fields,
        "filtering": {
            "license": ["exact"],
            "serial": serial_lookups,
            "status": ["exact"],
            "type": ["exact"],
        },
    })
}

/// The token's fields as the schema describes them (the documented ones).
fn schema_fields(state: &MockState) -> Map<String, Value> {
    let mut fields = Map::new();
    let mut add = |name: &str, value: Value| {
        let mut value = value;
        if let Some(map) = value.as_object_mut() {
            map.insert("verbose_name".into(), Value::from(name.replace('_', " ")));
        }
        fields.insert(name.to_string(), value);
    };
    add(
        "last_used_at",
        field(
            "datetime",
            "ISO-8601 formatted time in UTC.",
            true,
            true,
            false,
        ),
    );
    add(
        "license",
        field(
            "string",
            "The license under which the FortiToken was activated",
            false,
            false,
            false,
        ),
    );
    add(
        "locked",
        field("boolean", "true or false", false, false, false),
    );
    add(
        "resource_uri",
        field(
            "string",
            "Unicode string data. Ex: \"Hello World\"",
            false,
            true,
            false,
        ),
    );
    if !state.has(Fault::FacSchemaLacksSerial) {
        add(
            "serial",
            field("string", "Serial number", false, false, true),
        );
    }
    add(
        "status",
        field(
            "string",
            "One of new, available, pending, assigned",
            false,
            false,
            false,
        ),
    );
    add(
        "type",
        field("string", "Either ftk or ftm", false, false, false),
    );
    fields
}
