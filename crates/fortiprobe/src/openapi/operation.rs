//! One operation of the document from the requests of the cases that use
//! it: its summary, query parameters (from the request's query schema and
//! the cases' own parameters), request body with examples, the answers by
//! status (from the steps' `expect`, plus the product's refusal of
//! credentials on a secured operation, plus XML where `format=xml` may be
//! asked), and its security.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::components::{component_name, component_ref, rewrite_refs, suite_names};
use super::examples;
use super::fill::Values;
use super::paths::{status_keys, Operation};
use super::product;
use crate::suite::case::{Auth, BodyKind, Method, Request};
use crate::suite::{Product, Suite};

/// Whether a request of `product` carries credentials (right or wrong).
fn authenticates(product: Product, r: &Request) -> bool {
    let header = r
        .headers
        .keys()
        .any(|k| k.eq_ignore_ascii_case("authorization"));
    match r.auth {
        Auth::None => header,
        Auth::WrongKey | Auth::UnknownUser => true,
        // FortiPortal has no default credentials: cases add `Token` headers.
        Auth::Default => product != Product::Fortiportal || header,
    }
}

fn has_body(r: &Request) -> bool {
    r.json.is_some() || r.raw_body.is_some()
}

/// What the cases expect of one status.
#[derive(Default)]
struct Response {
    schemas: BTreeSet<String>,
    content_types: BTreeSet<String>,
    json: bool,
}

/// What the uses of an operation say, gathered.
#[derive(Default)]
struct Gathered {
    cases: BTreeSet<String>,
    query: Vec<Value>,
    query_names: BTreeSet<String>,
    body_schemas: BTreeSet<String>,
    bodies: usize,
    secured: bool,
    /// Some case sends no credentials and allows a success: the
    /// operation's credentials are optional (the docs leave it open).
    open: bool,
    responses: BTreeMap<String, Response>,
}

fn gather(suite: &Suite, op: &Operation) -> Gathered {
    let mut g = Gathered {
        cases: op.uses.iter().map(|u| u.case.id()).collect(),
        ..Gathered::default()
    };
    let mut extra_query: BTreeSet<String> = BTreeSet::new();
    for u in &op.uses {
        let r = &u.step.request;
        let keys = status_keys(u.step.expect.status.as_ref());
        let succeeds = keys.iter().any(|k| k.starts_with('2') || k == "default");
        let authenticated = authenticates(u.case.product, r);
        g.secured |= authenticated;
        g.open |= !authenticated && succeeds;
        if has_body(r) {
            g.bodies += 1;
            if let Some(s) = &r.schema {
                g.body_schemas.insert(s.clone());
            }
        } else if let Some(s) = &r.schema {
            query_parameters(suite, s, &mut g.query, &mut g.query_names);
        }
        // A parameter sent only to be refused (`name__iexact` on a field
        // that allows `exact` only) is no parameter of the operation.
        if succeeds {
            extra_query.extend(r.query.iter().map(|q| q.name.clone()));
        }
        let e = &u.step.expect;
        for key in keys {
            let resp = g.responses.entry(key).or_default();
            if e.body == Some(BodyKind::Empty) {
                continue;
            }
            // A walk's schema describes the aggregate of its pages, not an answer.
            if let Some(s) = e.schema.as_ref().filter(|_| !r.walk) {
                resp.schemas.insert(s.clone());
            }
            if let Some(ct) = &e.content_type {
                resp.content_types.insert(ct.clone());
            }
            resp.json |= e.body == Some(BodyKind::Json);
        }
    }
    gather_described(suite, op, &mut g);
    if !op.listing_cases.is_empty() {
        g.cases.extend(op.listing_cases.iter().cloned());
        let resp = g.responses.entry("200".into()).or_default();
        resp.schemas.extend(op.listing_schemas.iter().cloned());
        // Property checks read the listing with credentials.
        g.secured = true;
    }
    let products: Vec<Product> = op.products.iter().copied().collect();
    for name in extra_query {
        if g.query_names.insert(name.clone()) {
            g.query
                .push(json!({"name": name, "in": "query", "schema": {"type": "string"}}));
        }
    }
    // What the product says of a parameter wins over the query schema's
    // reading of it (FortiAuthenticator's `format`).
    for p in &mut g.query {
        let name = p["name"].as_str().unwrap_or_default().to_string();
        if let Some(schema) = product::query_schema(&products, &name) {
            p["schema"] = schema;
        }
    }
    g
}

/// What the resource descriptions add: a described collection's listing
/// takes the parameters of its derived query schema (their types, not
/// just their names); an operation the guide documents and no case uses
/// has its status, body and answer as the description gives them, with
/// credentials.
fn gather_described(suite: &Suite, op: &Operation, g: &mut Gathered) {
    for s in &op.query_schemas {
        query_parameters(suite, s, &mut g.query, &mut g.query_names);
    }
    for f in &op.facts {
        g.secured = true;
        if let Some(s) = &f.body {
            g.bodies += 1;
            g.body_schemas.insert(s.clone());
        }
        let resp = g.responses.entry(f.status.to_string()).or_default();
        resp.schemas.extend(f.answer.iter().cloned());
    }
}

/// The operation object with the id `id`.
pub(crate) fn operation(
    suite: &Suite,
    id: String,
    method: Method,
    template: &str,
    op: &Operation,
    values: Values<'_>,
) -> Value {
    let g = gather(suite, op);
    let products: Vec<Product> = op.products.iter().copied().collect();
    let mut obj = Map::new();
    obj.insert(
        "tags".into(),
        Value::Array(products.iter().map(|p| json!(p.title())).collect()),
    );
    obj.insert("summary".into(), json!(product::summary(method, template)));
    obj.insert("operationId".into(), json!(id));
    if !g.query.is_empty() {
        obj.insert("parameters".into(), Value::Array(g.query.clone()));
    }
    if g.bodies > 0 {
        let schema = one_or_many(&g.body_schemas).unwrap_or_else(|| json!({}));
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        let examples = examples::request_bodies(suite, op, values);
        if !examples.is_empty() {
            media.insert("examples".into(), Value::Object(examples));
        }
        obj.insert(
            "requestBody".into(),
            json!({
                "required": g.bodies == op.uses.len() + op.facts.len(),
                "content": {"application/json": Value::Object(media)}
            }),
        );
    }
    let formats = format_media_types(&g.query);
    obj.insert(
        "responses".into(),
        Value::Object(responses(&g, &products, &formats, template)),
    );
    let security: Vec<Value> = if g.secured {
        // `{}` first: credentials are optional where a case allows a
        // success without them.
        let open = g.open.then(|| json!({}));
        open.into_iter()
            .chain(
                products
                    .iter()
                    .map(|p| json!({ product::scheme_name(*p): [] })),
            )
            .collect()
    } else {
        Vec::new()
    };
    obj.insert("security".into(), Value::Array(security));
    obj.insert(
        "x-fortiprobe-cases".into(),
        Value::Array(g.cases.iter().cloned().map(Value::String).collect()),
    );
    Value::Object(obj)
}

/// The media types a `format` query parameter can ask for, beyond JSON.
fn format_media_types(query: &[Value]) -> Vec<&'static str> {
    query
        .iter()
        .filter(|p| p["name"] == "format")
        .flat_map(|p| p["schema"]["enum"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .filter_map(product::format_media_type)
        .filter(|t| *t != "application/json")
        .collect()
}

fn responses(
    g: &Gathered,
    products: &[Product],
    formats: &[&str],
    template: &str,
) -> Map<String, Value> {
    let mut out = Map::new();
    let mut keys: BTreeSet<String> = g.responses.keys().cloned().collect();
    let mut general: BTreeMap<&str, &str> = BTreeMap::new();
    if g.secured {
        for p in products {
            if let Some(k) = product::refused(*p) {
                general.insert(k, "Unauthorized: missing or refused credentials");
            }
        }
    }
    let detail = template.trim_end_matches('/').ends_with('}');
    for p in products {
        general.extend(product::general_errors(*p, detail));
    }
    keys.extend(general.keys().map(|k| k.to_string()));
    for key in keys {
        let mut r = Map::new();
        r.insert("description".into(), json!(reason(&key)));
        let Some(resp) = g.responses.get(&key) else {
            if let Some(text) = general.get(key.as_str()) {
                r.insert("description".into(), json!(text));
            }
            out.insert(key, Value::Object(r));
            continue;
        };
        let schema = one_or_many(&resp.schemas);
        if schema.is_some() || resp.json {
            let schema = schema.unwrap_or_else(|| json!({}));
            let mut content = Map::new();
            let types: Vec<&str> = if resp.content_types.is_empty() {
                vec!["application/json"]
            } else {
                resp.content_types.iter().map(String::as_str).collect()
            };
            for t in types {
                content.insert(t.to_string(), json!({"schema": schema.clone()}));
            }
            if key.starts_with('2') {
                for t in formats {
                    content.insert(t.to_string(), json!({}));
                }
            }
            r.insert("content".into(), Value::Object(content));
        }
        out.insert(key, Value::Object(r));
    }
    out
}

/// The properties of a query schema (an object of strings) as query parameters.
fn query_parameters(suite: &Suite, rel: &str, out: &mut Vec<Value>, names: &mut BTreeSet<String>) {
    let Some(doc) = suite.schemas.document(rel) else {
        return;
    };
    let required: BTreeSet<&str> = doc
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let Some(props) = doc.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, schema) in props {
        if !names.insert(name.clone()) {
            continue;
        }
        let mut p = Map::new();
        p.insert("name".into(), json!(name));
        p.insert("in".into(), json!("query"));
        if let Some(d) = schema.get("description") {
            p.insert("description".into(), d.clone());
        }
        if required.contains(name.as_str()) {
            p.insert("required".into(), json!(true));
        }
        let mut schema = rewrite_refs(schema, rel, &suite_names(suite), &component_name(rel));
        if let Some(o) = schema.as_object_mut() {
            o.shift_remove("description");
        }
        p.insert("schema".into(), schema);
        out.push(Value::Object(p));
    }
}

fn one_or_many(schemas: &BTreeSet<String>) -> Option<Value> {
    match schemas.len() {
        0 => None,
        1 => schemas.iter().next().map(|s| component_ref(s)),
        _ => Some(json!({"oneOf": schemas.iter().map(|s| component_ref(s)).collect::<Vec<_>>()})),
    }
}

fn reason(key: &str) -> String {
    let text = match key {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "406" => "Not Acceptable",
        "409" => "Conflict",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Content",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "1XX" => "Informational",
        "2XX" => "Success",
        "3XX" => "Redirection",
        "4XX" => "Client error",
        "5XX" => "Server error",
        "default" => "Any answer",
        _ => "",
    };
    if text.is_empty() {
        format!("Status {key}")
    } else {
        text.to_string()
    }
}
