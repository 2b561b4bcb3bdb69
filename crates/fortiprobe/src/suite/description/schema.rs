//! The JSON Schemas a description gives, generated so that the guide's
//! tables are written down once: an object as answers show it, the list
//! of them, and the create and PATCH requests (a single document's PATCH
//! too, where the guide lists one). They join `schemas/` under
//! `<product>/resources/<resource>.<part>.json` and are checked and
//! compiled like the hand-written ones.
//!
//! Readings made here, the same for every resource: an answer may show an
//! optional text field as `""` when it is not set (the 6.6.0 *General
//! filters* example object does); a field added after the resource
//! (`introduced`) is never required in an answer, since older firmware does
//! not have it; extra properties are allowed everywhere (firmware adds
//! fields); `resource_uri` is the resource's path, an id and a slash.

use serde_json::{json, Map, Value};

use super::model::{Field, FieldType, Kind};
use super::ResourceDescription;
use crate::suite::case::Method;
use crate::suite::schemas::ID_BASE;

/// `<product>/resources/<resource>.<part>.json`.
pub(super) fn path(d: &ResourceDescription, part: &str) -> String {
    format!(
        "{}/resources/{}.{part}.json",
        d.product_dir, d.head.resource
    )
}

/// The schema file `part` of `d`: (path under `schemas/`, text).
fn document(d: &ResourceDescription, part: &str, title: String, body: Value) -> (String, String) {
    let rel = path(d, part);
    let mut doc = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{ID_BASE}{rel}"),
        "title": title,
        "description": format!(
            "Generated from {} (the resource description; its sources are the guide's pages it names). Do not edit: edit the description.",
            d.rel
        ),
    });
    if let (Value::Object(doc), Value::Object(body)) = (&mut doc, body) {
        doc.extend(body);
    }
    (rel, serde_json::to_string_pretty(&doc).unwrap_or_default())
}

/// Every schema file of `d`: (path under `schemas/`, text).
pub(super) fn files(d: &ResourceDescription, all: &[ResourceDescription]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |part: &str, title: String, body: Value| out.push(document(d, part, title, body));
    let title = &d.head.title;
    match d.head.kind {
        Kind::Collection => {
            let example = example_object(d, all);
            let mut one = object(d, all);
            one["examples"] = json!([example]);
            add("object", format!("{title}: one object"), one);
            add(
                "list",
                format!("{title}: the list"),
                json!({
                    "$ref": "../list-envelope.json",
                    "properties": {"objects": {"items": {"$ref": format!("{}.object.json", d.head.resource)}}},
                    "examples": [{"meta": {"limit": 20, "next": null, "offset": 0, "previous": null,
                        "total_count": 1}, "objects": [example]}],
                }),
            );
            add(
                "create",
                format!("{title}: a create request"),
                request(d, all, true),
            );
            add(
                "patch",
                format!("{title}: a PATCH or PUT request"),
                request(d, all, false),
            );
            add(
                "query",
                format!("{title}: the query of a list request"),
                query(d),
            );
        }
        Kind::Single => {
            let one = object(d, all);
            add(
                "object",
                format!("{title}: the document"),
                json!({"anyOf": [one.clone(), {
                    "$ref": "../list-envelope.json",
                    "properties": {"objects": {"items": one}},
                }]}),
            );
            // A documented write of the document (the guide lists PATCH
            // for `/snmpgeneral/`): every writable field, none required.
            if d.body
                .methods
                .iter()
                .any(|m| matches!(m.method, Method::Put | Method::Patch))
            {
                add(
                    "patch",
                    format!("{title}: a PATCH or PUT request"),
                    request(d, all, false),
                );
            }
        }
        Kind::Action => {
            add(
                "create",
                format!("{title}: a request"),
                request(d, all, true),
            );
        }
    }
    out
}

/// An object as an answer may show it: the example create's values, the
/// URI and id 1 (for readers and the OpenAPI export).
fn example_object(d: &ResourceDescription, all: &[ResourceDescription]) -> Value {
    let mut o = d
        .body
        .example
        .as_ref()
        .map(|e| sample(&e.create, all))
        .unwrap_or_default();
    o.insert("id".into(), json!(1));
    o.insert("resource_uri".into(), json!(format!("{}1/", d.head.path)));
    Value::Object(o)
}

/// An object as answers show it.
fn object(d: &ResourceDescription, all: &[ResourceDescription]) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    if d.head.kind == Kind::Collection {
        props.insert(
            "resource_uri".into(),
            json!({"type": "string", "pattern": uri_pattern(&d.head.path)}),
        );
        props.insert("id".into(), json!({"type": "integer", "minimum": 0}));
        required.push(json!("resource_uri"));
    }
    for (name, f) in &d.body.fields {
        props.insert(name.clone(), field(f, all, true));
        if f.required && !f.optional_in_answer && f.introduced.is_none() {
            required.push(json!(name));
        }
    }
    json!({"type": "object", "required": required, "properties": props})
}

/// A request: every field a request may set; `create` adds the required.
fn request(d: &ResourceDescription, all: &[ResourceDescription], create: bool) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for (name, f) in &d.body.fields {
        if f.readonly {
            // 'Read only': a request does not set it.
            props.insert(name.clone(), Value::Bool(false));
            continue;
        }
        props.insert(name.clone(), field(f, all, false));
        if create && f.required {
            required.push(json!(name));
        }
    }
    let mut out = json!({"type": "object", "required": required, "properties": props});
    if create && !d.body.rules.is_empty() {
        // Each cross-field rule: when these fields have these values, those are required.
        let rules: Vec<Value> = d
            .body
            .rules
            .iter()
            .map(|r| {
                if !r.one_of.is_empty() {
                    return either(&r.one_of, r.exclusive);
                }
                let when: Map<String, Value> = r
                    .when
                    .iter()
                    .map(|(k, v)| (k.clone(), json!({"const": v})))
                    .collect();
                json!({"if": {"properties": when, "required": r.when.keys().collect::<Vec<_>>()},
                       "then": {"required": r.require}})
            })
            .collect();
        out["allOf"] = Value::Array(rules);
    }
    out
}

/// An either-or rule: one of `fields` given with a value other than
/// `null` (`anyOf`), or exactly one (`oneOf`) when it is `exclusive`.
fn either(fields: &[String], exclusive: bool) -> Value {
    let given: Vec<Value> = fields
        .iter()
        .map(|f| json!({"required": [f], "properties": {f: {"not": {"type": "null"}}}}))
        .collect();
    if exclusive {
        json!({"oneOf": given})
    } else {
        json!({"anyOf": given})
    }
}

/// The query of a GET of the list, as an object of strings: the general
/// parameters ('Filtering query results'), each filter with each of its
/// lookups, each documented parameter. Other parameters are strings.
fn query(d: &ResourceDescription) -> Value {
    let digits = json!({"type": "string", "pattern": "^[0-9]+$"});
    let mut props = Map::new();
    props.insert(
        "format".into(),
        json!({"type": "string", "enum": ["json", "xml"]}),
    );
    props.insert("limit".into(), digits.clone());
    props.insert("offset".into(), digits.clone());
    props.insert("order_by".into(), json!({"type": "string"}));
    // A boolean in the spellings tastypie and Django's `BooleanField` read
    // (`true`/`True`, `1`/`0`: [framework]), as the derived filter cases send them.
    let boolean = json!({"type": "string", "enum": ["true", "false", "True", "False", "1", "0"]});
    for (name, f) in &d.body.filters {
        let is_boolean = d.field(name).is_some_and(|f| f.kind == FieldType::Boolean);
        let is_id = d.field(name).is_some_and(|f| f.kind == FieldType::Id);
        let one = match f.value {
            super::model::FilterValue::Id => digits.clone(),
            super::model::FilterValue::AsListed if is_id => digits.clone(),
            super::model::FilterValue::AsListed if is_boolean => boolean.clone(),
            super::model::FilterValue::AsListed => json!({"type": "string"}),
        };
        for lookup in &f.lookups {
            let schema = match (lookup.as_str(), f.value) {
                // One id per parameter, or several comma-joined.
                ("in", super::model::FilterValue::Id) => {
                    json!({"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$"})
                }
                _ => one.clone(),
            };
            if lookup == "exact" {
                props.insert(name.clone(), schema.clone());
            }
            props.insert(format!("{name}__{lookup}"), schema);
        }
    }
    for (name, p) in &d.body.parameters {
        let schema = match p.kind {
            FieldType::Boolean => boolean.clone(),
            _ => json!({"type": "string"}),
        };
        props.insert(name.clone(), schema);
    }
    json!({"type": "object", "properties": props, "additionalProperties": {"type": "string"}})
}

/// `^<path>[^/]+/$`, the path's characters escaped.
fn uri_pattern(path: &str) -> String {
    format!("^{}[^/]+/$", regex::escape(path))
}

/// One field's schema, in an answer or a request.
pub(super) fn field(f: &Field, all: &[ResourceDescription], answer: bool) -> Value {
    let mut restricted = restrictions(f, all);
    if !answer && f.required && f.kind == FieldType::String && f.min_length.is_none() {
        // A required text left blank is refused like a missing one ('This
        // field is required': Django's `CharField` without `blank`, [framework]).
        if let Value::Object(m) = &mut restricted {
            m.insert("minLength".into(), json!(1));
        }
    }
    let mut options = vec![restricted];
    let text_restricted = f.kind == FieldType::String
        && (f.pattern.is_some()
            || f.format.is_some()
            || f.enumeration.is_some()
            || f.reference.is_some()
            || f.min_length.is_some());
    if !f.required && text_restricted {
        options.push(json!({"const": ""}));
    }
    if answer && f.nullable {
        options.push(json!({"type": "null"}));
    }
    let mut out = if options.len() == 1 {
        options.remove(0)
    } else {
        json!({"anyOf": options})
    };
    if let (Some(note), Value::Object(m)) = (&f.note, &mut out) {
        m.insert("description".into(), json!(note));
    }
    out
}

/// The field's type and every restriction it carries.
fn restrictions(f: &Field, all: &[ResourceDescription]) -> Value {
    let related_path = |of: &Option<String>| {
        of.as_ref()
            .and_then(|r| all.iter().find(|d| d.head.resource == *r))
            .map(|d| d.head.path.clone())
            .unwrap_or_else(|| "/".into())
    };
    let mut m = match f.kind {
        FieldType::String => json!({"type": "string"}),
        FieldType::Boolean => json!({"type": "boolean"}),
        FieldType::Integer => json!({"type": "integer"}),
        FieldType::Object => json!({"type": "object"}),
        FieldType::Any => json!({}),
        FieldType::Uri => json!({"type": "string", "pattern": uri_pattern(&related_path(&f.of))}),
        FieldType::Uris => json!({"type": "array", "items": {
            "type": "string", "pattern": uri_pattern(&related_path(&f.of))}}),
        // "Integer/String": an id, as a number or as its digits.
        FieldType::Id => {
            json!({"type": ["integer", "string"], "minimum": 0, "pattern": "^[0-9]+$"})
        }
    };
    let Value::Object(map) = &mut m else {
        return m;
    };
    if let Some(n) = f.max_length {
        map.insert("maxLength".into(), json!(n));
    }
    if let Some(n) = f.min_length {
        map.insert("minLength".into(), json!(n));
    }
    if let Some(p) = &f.pattern {
        map.insert("pattern".into(), json!(p));
    }
    if let Some(e) = &f.enumeration {
        map.insert("enum".into(), json!(e));
    }
    if let Some(x) = &f.format {
        map.insert("format".into(), json!(x));
    }
    if let Some(n) = f.minimum {
        map.insert("minimum".into(), json!(n));
    }
    if let Some(n) = f.maximum {
        map.insert("maximum".into(), json!(n));
    }
    if let Some(r) = &f.reference {
        map.insert("$ref".into(), json!(format!("../{r}")));
    }
    m
}

/// `values` with placeholders filled and every `{create: r}` as a URI of
/// `r` (the id 1).
pub(super) fn sample(
    values: &Map<String, Value>,
    all: &[ResourceDescription],
) -> Map<String, Value> {
    let filled = super::derive::fill(&Value::Object(values.clone()), 0);
    filled
        .as_object()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, uris(v, all)))
        .collect()
}

pub(super) fn uris(v: Value, all: &[ResourceDescription]) -> Value {
    match v {
        Value::Object(m) => match m
            .get("create")
            .or_else(|| m.get("find"))
            .and_then(Value::as_str)
            .and_then(|r| all.iter().find(|d| d.head.resource == r))
        {
            Some(_) if super::model::as_id(&Value::Object(m.clone())) => json!(1),
            Some(r) => json!(format!("{}1/", r.head.path)),
            None => Value::Object(m),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(|x| uris(x, all)).collect()),
        other => other,
    }
}
