//! The discovery answers tastypie gives for every resource:
//! `GET /api/v1/` lists each as `{name: {list_endpoint, schema}}`
//! (`Api.top_level`, which asks for no credentials; `?fullschema=true`
//! inlines each schema), and `GET /api/v1/<name>/schema/` describes one
//! (`Resource.build_schema`: allowed methods, default format and limit,
//! every field with its type and flags, the filtering), both built from
//! the declarations and bent by the schema and index faults.

use serde_json::{json, Map, Value};

use super::declare::{Field, Kind, Method, Resource, Shape};
use super::query::{boolean, pieces, DEFAULT_LIMIT};
use crate::faults::kind::RuleKind;
use crate::MockState;

/// The methods a resource allows on its list URI and its detail URI.
pub(crate) fn methods(res: &Resource) -> (&'static [Method], &'static [Method]) {
    match res.shape {
        Shape::Collection => (res.list_methods, res.detail_methods),
        Shape::Single | Shape::Action => (res.list_methods, &[]),
    }
}

/// `GET /api/v1/`: every resource not hidden by a fault, by name.
pub(crate) fn index<'r>(
    state: &MockState,
    resources: impl Iterator<Item = &'r Resource>,
    query: Option<&str>,
) -> Value {
    let pieces = pieces(query.unwrap_or(""));
    let full = pieces
        .iter()
        .rfind(|p| p.key == "fullschema")
        .and_then(|p| boolean(&p.value))
        .unwrap_or(false);
    let mut listed: Vec<&Resource> = resources
        .filter(|r| !state.broken(r.name, RuleKind::NotInIndex, ""))
        .collect();
    listed.sort_by_key(|r| r.name);
    let mut index = Map::new();
    for res in listed {
        let schema = if full {
            schema(state, res)
        } else {
            Value::from(format!("/api/v1/{}/schema/", res.name))
        };
        index.insert(
            res.name.to_string(),
            json!({ "list_endpoint": res.list_path(), "schema": schema }),
        );
    }
    Value::Object(index)
}

/// `GET /api/v1/<name>/schema/`.
pub(crate) fn schema(state: &MockState, res: &Resource) -> Value {
    let broken = |kind, field: &str| state.broken(res.name, kind, field);
    let (list, detail) = methods(res);
    let named = |methods: &[Method], uri: &str| -> Vec<&'static str> {
        methods
            .iter()
            .filter(|m| {
                !broken(
                    RuleKind::SchemaMethodMissing,
                    &format!("{}-{uri}", m.lower()),
                )
            })
            .map(|m| m.lower())
            .collect()
    };
    let mut fields = Map::new();
    if res.shape == Shape::Collection {
        if res.shows_id {
            fields.insert("id".into(), describe_id());
        }
        fields.insert("resource_uri".into(), describe_uri());
    }
    for field in res.fields.iter().filter(|f| !f.write_only && !f.internal) {
        if !broken(RuleKind::SchemaLacksField, field.name) {
            fields.insert(field.name.to_string(), describe(field));
        }
    }
    let mut filtering = Map::new();
    for f in res.filtering {
        let lookups: Vec<&str> = if broken(RuleKind::SchemaLookupsNarrowed, f.field) {
            vec!["exact"]
        } else {
            f.lookups.iter().map(|l| l.name()).collect()
        };
        filtering.insert(f.field.to_string(), json!(lookups));
    }
    let mut doc = json!({
        "allowed_detail_http_methods": named(detail, "detail"),
        "allowed_list_http_methods": named(list, "list"),
        "default_format": "application/json",
        "default_limit": DEFAULT_LIMIT,
        "fields": fields,
    });
    if !filtering.is_empty() {
        doc["filtering"] = Value::Object(filtering);
    }
    doc
}

/// One field as `build_schema` describes it.
fn describe(field: &Field) -> Value {
    let mut value = json!({
        "blank": false,
        "default": "No default provided.",
        "help_text": help(field),
        "nullable": field.nullable,
        "primary_key": false,
        "readonly": field.readonly,
        "type": field.kind.schema_type(),
        "unique": field.unique,
        "verbose_name": field.name.replace('_', " "),
    });
    if let (Kind::Link(to) | Kind::Links(to), Some(map)) = (field.kind, value.as_object_mut()) {
        let related = if matches!(field.kind, Kind::Links(_)) {
            "to_many"
        } else {
            "to_one"
        };
        map.insert("related_type".into(), Value::from(related));
        map.insert(
            "related_schema".into(),
            Value::from(format!("/api/v1/{to}/schema/")),
        );
    }
    value
}

/// The declared help, else tastypie's default for the field's type.
fn help(field: &Field) -> &'static str {
    if !field.help.is_empty() {
        return field.help;
    }
    match field.kind {
        Kind::Text => "Unicode string data. Ex: \"Hello World\"",
        Kind::Integer | Kind::Id(_) => "Integer data. Ex: 2673",
        Kind::Boolean => "Boolean data. Ex: True",
        Kind::DateTime => "A date & time as a string. Ex: \"2010-11-10T03:07:43\"",
        Kind::Link(_) => "A single related resource. Can be either a URI or set of nested resource data.",
        Kind::Links(_) => "Many related resources. Can be either a list of URIs or list of individually nested resource data.",
        Kind::Json => "A dictionary of data. Ex: {'price': 26.73, 'name': 'Daniel'}",
    }
}

fn describe_id() -> Value {
    json!({
        "blank": true,
        "default": "",
        "help_text": "Integer data. Ex: 2673",
        "nullable": false,
        "primary_key": true,
        "readonly": false,
        "type": "integer",
        "unique": true,
        "verbose_name": "ID",
    })
}

fn describe_uri() -> Value {
    json!({
        "blank": false,
        "default": "No default provided.",
        "help_text": "Unicode string data. Ex: \"Hello World\"",
        "nullable": false,
        "primary_key": false,
        "readonly": true,
        "type": "string",
        "unique": false,
        "verbose_name": "resource uri",
    })
}
