//! `fortiprobe openapi`: an OpenAPI 3.1 document of the three APIs as the
//! suite knows them, built from `schemas/` and `cases/` alone.
//!
//! Paths and methods are those the cases' requests use. A path segment
//! that is a number or a `${reference}` becomes a path parameter; a path
//! that is one captured value (`${uri}`, a token's `resource_uri`) is
//! templated from the documented example of the captured field. Request
//! bodies, query parameters and responses come from the steps' `schema:`
//! and `expect`. Every schema of `schemas/` goes under
//! `components/schemas`, its `$ref`s rewritten to point there.
//!
//! The document describes what the cases exercise, not the whole product
//! APIs. It is a pure function of the suite and deterministic: maps are
//! built from sorted keys, and schema files keep their own key order.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::suite::case::{Auth, BodyKind, Method, Request, StatusSpec, Step};
use crate::suite::schemas::ID_BASE;
use crate::suite::{Case, Product, Suite};
use crate::vars;

/// The JSON Schema dialect of every schema in the document.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The document as pretty-printed JSON, ending with a newline.
pub fn render(suite: &Suite) -> String {
    let mut text = serde_json::to_string_pretty(&document(suite)).unwrap_or_default();
    text.push('\n');
    text
}

/// The name of a schema file under `components/schemas`:
/// `fortiauthenticator/fortitokens-list.json` -> `fortiauthenticator_fortitokens-list`.
pub fn component_name(rel: &str) -> String {
    let stem = rel.strip_suffix(".json").unwrap_or(rel);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn component_ref(rel: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{}", component_name(rel))})
}

/// One path parameter of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParam {
    pub name: String,
    /// What the cases put there, as Markdown (`` `987654321` ``, `` `${temp_token_user}` ``).
    pub seen: BTreeSet<String>,
}

/// The OpenAPI path template of a request path: numeric segments and
/// `${reference}` segments become parameters. `names` maps a reference to
/// the parameter name (see [`reference_names`]); others are `id`.
pub fn template(path: &str, names: &BTreeMap<String, String>) -> (String, Vec<PathParam>) {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut params: Vec<PathParam> = Vec::new();
    let mut out = Vec::new();
    for seg in path.split('/') {
        let refs = vars::references(seg);
        let is_param =
            !refs.is_empty() || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()));
        if !is_param {
            out.push(seg.to_string());
            continue;
        }
        let base = match refs.as_slice() {
            [one] if seg == format!("${{{one}}}") => {
                names.get(*one).cloned().unwrap_or_else(|| "id".into())
            }
            _ => "id".into(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while params.iter().any(|p| p.name == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        out.push(format!("{{{name}}}"));
        params.push(PathParam {
            name,
            seen: BTreeSet::from([format!("`{seg}`")]),
        });
    }
    (out.join("/"), params)
}

/// For each `${name}` that some request of `product` sends as the whole
/// value of a top-level body field, that field's name (`temp_token_user`
/// -> `user_id`): the parameter a path segment `${name}` stands for. When
/// several fields carry it, the first in name order wins.
pub fn reference_names(cases: &[&Case]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for case in cases {
        for step in steps(case) {
            let Some(Value::Object(body)) = &step.request.json else {
                continue;
            };
            for (field, v) in body {
                let Some(s) = v.as_str() else { continue };
                if let [one] = vars::references(s).as_slice() {
                    if s == format!("${{{one}}}") && !field.is_empty() {
                        let e = out.entry(one.to_string()).or_insert_with(|| field.clone());
                        if field < e {
                            *e = field.clone();
                        }
                    }
                }
            }
        }
    }
    out
}

fn steps(case: &Case) -> impl Iterator<Item = &Step> {
    case.spec.steps.iter().chain(case.spec.cleanup.iter())
}

/// The path a request goes to, with a path that is one captured value
/// replaced by the documented example of the field it was captured from:
/// `${uri}` captured at `/objects/0/resource_uri` of an answer checked
/// against `fortitokens-list.json` is that schema's example value there,
/// `/api/v1/fortitokens/1/`, with a note of where the value comes from.
/// `None` when no example shows it.
fn concrete_path(
    suite: &Suite,
    case: &Case,
    request: &Request,
) -> Option<(String, Option<String>)> {
    let refs = vars::references(&request.path);
    let whole = match refs.as_slice() {
        [one] if request.path == format!("${{{one}}}") => *one,
        _ => return Some((request.path.clone(), None)),
    };
    for step in steps(case) {
        let Some(capture) = step.capture.get(whole) else {
            continue;
        };
        let Some(schema) = step
            .expect
            .schema
            .as_deref()
            .and_then(|s| suite.schemas.document(s))
        else {
            continue;
        };
        let at = capture.spec().at;
        let examples = schema.get("examples").and_then(Value::as_array);
        for example in examples.into_iter().flatten() {
            if let Some(p) = example.pointer(&at).and_then(Value::as_str) {
                if p.starts_with('/') {
                    let note = format!("`{}` (captured at `{at}`, e.g. `{p}`)", request.path);
                    return Some((p.to_string(), Some(note)));
                }
            }
        }
    }
    None
}

/// One request of one case, on its way into an operation.
struct Use<'a> {
    case: &'a Case,
    step: &'a Step,
}

#[derive(Default)]
struct Operation<'a> {
    products: BTreeSet<Product>,
    uses: Vec<Use<'a>>,
    /// Property checks reading this listing (GET): their case ids and the
    /// schemas of the pages.
    listing_cases: BTreeSet<String>,
    listing_schemas: BTreeSet<String>,
}

#[derive(Default)]
struct PathItem<'a> {
    params: Vec<PathParam>,
    /// Method order as in [`METHODS`].
    ops: BTreeMap<usize, Operation<'a>>,
}

const METHODS: [Method; 5] = [
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Patch,
    Method::Delete,
];

/// The OpenAPI 3.1 document of the suite.
pub fn document(suite: &Suite) -> Value {
    let mut names_by_product = BTreeMap::new();
    for p in Product::ALL {
        let cases: Vec<&Case> = suite.cases.iter().filter(|c| c.product == p).collect();
        names_by_product.insert(p, reference_names(&cases));
    }
    let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
    let mut unmapped: BTreeSet<String> = BTreeSet::new();
    let mut listings: Vec<(&Case, String, String)> = Vec::new();
    for case in &suite.cases {
        let names = &names_by_product[&case.product];
        for step in steps(case) {
            let Some((concrete, note)) = concrete_path(suite, case, &step.request) else {
                unmapped.insert(format!(
                    "{} {} ({})",
                    step.request.method.as_str(),
                    step.request.path,
                    case.id()
                ));
                continue;
            };
            let (tmpl, mut params) = template(&concrete, names);
            if let Some(note) = note {
                for p in &mut params {
                    p.seen = BTreeSet::from([note.clone()]);
                }
            }
            let item = paths.entry(tmpl).or_default();
            merge_params(&mut item.params, params);
            let m = METHODS
                .iter()
                .position(|m| *m == step.request.method)
                .unwrap_or(0);
            let op = item.ops.entry(m).or_default();
            op.products.insert(case.product);
            op.uses.push(Use { case, step });
        }
        if let Some(p) = &case.property {
            let l = p.listing();
            listings.push((case, l.path.clone(), l.schema.clone()));
        }
    }
    // Property checks read a listing with GET: 200 and the listing's schema.
    for (case, path, schema) in &listings {
        let (tmpl, params) = template(path, &names_by_product[&case.product]);
        let item = paths.entry(tmpl).or_default();
        merge_params(&mut item.params, params);
        let op = item.ops.entry(0).or_default();
        op.products.insert(case.product);
        op.listing_cases.insert(case.id());
        op.listing_schemas.insert(schema.clone());
    }

    let mut out_paths = Map::new();
    let mut operation_ids = BTreeSet::new();
    for (tmpl, item) in &paths {
        let mut obj = Map::new();
        let products: BTreeSet<Product> = item
            .ops
            .values()
            .flat_map(|o| o.products.iter().copied())
            .collect();
        obj.insert(
            "servers".into(),
            Value::Array(products.iter().map(|p| server(*p)).collect()),
        );
        if !item.params.is_empty() {
            obj.insert(
                "parameters".into(),
                Value::Array(item.params.iter().map(path_param).collect()),
            );
        }
        for (m, op) in &item.ops {
            let method = METHODS[*m];
            let id = unique_id(&mut operation_ids, &op.products, method, tmpl);
            obj.insert(
                method.as_str().to_ascii_lowercase(),
                operation(suite, id, op),
            );
        }
        out_paths.insert(tmpl.clone(), Value::Object(obj));
    }

    let mut components = Map::new();
    for rel in suite.schemas.names() {
        if let Some(doc) = suite.schemas.document(rel) {
            components.insert(component_name(rel), component_schema(rel, doc, suite));
        }
    }

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.1.0"));
    doc.insert(
        "info".into(),
        json!({
            "title": "FortiAuthenticator, FortiToken Cloud and FortiPortal REST APIs (as tested by fortiprobe)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Generated by `fortiprobe openapi` from fortiprobe's schemas/ and cases/. \
It describes the endpoints, parameters, bodies and answers the conformance suite exercises, \
not the whole product APIs. `x-fortiprobe-cases` lists the cases behind each operation.",
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
        }),
    );
    doc.insert("jsonSchemaDialect".into(), json!(DIALECT));
    doc.insert(
        "servers".into(),
        Value::Array(Product::ALL.iter().map(|p| server(*p)).collect()),
    );
    doc.insert(
        "tags".into(),
        Value::Array(
            Product::ALL
                .iter()
                .map(|p| json!({"name": p.title(), "description": tag_description(*p)}))
                .collect(),
        ),
    );
    doc.insert("paths".into(), Value::Object(out_paths));
    doc.insert(
        "components".into(),
        json!({
            "schemas": Value::Object(components),
            "securitySchemes": security_schemes(),
        }),
    );
    if !unmapped.is_empty() {
        doc.insert(
            "x-fortiprobe-unmapped".into(),
            Value::Array(unmapped.into_iter().map(Value::String).collect()),
        );
    }
    Value::Object(doc)
}

fn merge_params(into: &mut Vec<PathParam>, from: Vec<PathParam>) {
    for p in from {
        match into.iter_mut().find(|q| q.name == p.name) {
            Some(q) => q.seen.extend(p.seen),
            None => into.push(p),
        }
    }
}

fn path_param(p: &PathParam) -> Value {
    let seen: Vec<&str> = p.seen.iter().map(String::as_str).collect();
    json!({
        "name": p.name,
        "in": "path",
        "required": true,
        "description": format!("In the cases: {}.", seen.join(", ")),
        "schema": {"type": "string"}
    })
}

fn unique_id(
    taken: &mut BTreeSet<String>,
    products: &BTreeSet<Product>,
    method: Method,
    tmpl: &str,
) -> String {
    let product = products.iter().next().map_or("api", |p| p.key());
    let mut slug = String::new();
    for c in tmpl.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let base = format!(
        "{product}_{}_{}",
        method.as_str().to_ascii_lowercase(),
        slug.trim_matches('_')
    );
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

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

#[derive(Default)]
struct Response {
    schemas: BTreeSet<String>,
    content_types: BTreeSet<String>,
    json: bool,
}

fn operation(suite: &Suite, id: String, op: &Operation) -> Value {
    let mut cases: BTreeSet<String> = op.uses.iter().map(|u| u.case.id()).collect();
    let mut query: Vec<Value> = Vec::new();
    let mut query_names: BTreeSet<String> = BTreeSet::new();
    let mut extra_query: BTreeSet<String> = BTreeSet::new();
    let mut body_schemas: BTreeSet<String> = BTreeSet::new();
    let mut bodies = 0;
    let mut secured = false;
    let mut responses: BTreeMap<String, Response> = BTreeMap::new();
    for u in &op.uses {
        let r = &u.step.request;
        secured |= authenticates(u.case.product, r);
        if has_body(r) {
            bodies += 1;
            if let Some(s) = &r.schema {
                body_schemas.insert(s.clone());
            }
        } else if let Some(s) = &r.schema {
            query_parameters(suite, s, &mut query, &mut query_names);
        }
        for q in &r.query {
            extra_query.insert(q.name.clone());
        }
        let e = &u.step.expect;
        let keys = match &e.status {
            Some(StatusSpec::One(c)) => vec![c.to_string()],
            Some(StatusSpec::Set(cs)) => cs.iter().map(u16::to_string).collect(),
            Some(StatusSpec::Class(c)) => vec![c.to_ascii_uppercase()],
            None => vec!["default".to_string()],
        };
        for key in keys {
            let resp = responses.entry(key).or_default();
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
    if !op.listing_cases.is_empty() {
        cases.extend(op.listing_cases.iter().cloned());
        let resp = responses.entry("200".into()).or_default();
        resp.schemas.extend(op.listing_schemas.iter().cloned());
        // Property checks read the listing with credentials.
        secured = true;
    }
    for name in extra_query {
        if query_names.insert(name.clone()) {
            query.push(json!({"name": name, "in": "query", "schema": {"type": "string"}}));
        }
    }
    let products: Vec<Product> = op.products.iter().copied().collect();
    let mut obj = Map::new();
    obj.insert(
        "tags".into(),
        Value::Array(products.iter().map(|p| json!(p.title())).collect()),
    );
    obj.insert("operationId".into(), json!(id));
    if !query.is_empty() {
        obj.insert("parameters".into(), Value::Array(query));
    }
    if bodies > 0 {
        let schema = one_or_many(&body_schemas).unwrap_or_else(|| json!({}));
        obj.insert(
            "requestBody".into(),
            json!({
                "required": bodies == op.uses.len(),
                "content": {"application/json": {"schema": schema}}
            }),
        );
    }
    let mut out_responses = Map::new();
    for (key, resp) in &responses {
        let mut r = Map::new();
        r.insert("description".into(), json!(reason(key)));
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
            r.insert("content".into(), Value::Object(content));
        }
        out_responses.insert(key.clone(), Value::Object(r));
    }
    obj.insert("responses".into(), Value::Object(out_responses));
    let security: Vec<Value> = if secured {
        products
            .iter()
            .map(|p| json!({ scheme_name(*p): [] }))
            .collect()
    } else {
        Vec::new()
    };
    obj.insert("security".into(), Value::Array(security));
    obj.insert(
        "x-fortiprobe-cases".into(),
        Value::Array(cases.into_iter().map(Value::String).collect()),
    );
    Value::Object(obj)
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

fn suite_names(suite: &Suite) -> BTreeSet<String> {
    suite.schemas.names().map(str::to_string).collect()
}

/// A schema of `schemas/` as a component: `$id` and `$schema` dropped,
/// `$ref`s to our schemas pointing into `components/schemas`.
fn component_schema(rel: &str, doc: &Value, suite: &Suite) -> Value {
    let mut v = rewrite_refs(doc, rel, &suite_names(suite), &component_name(rel));
    if let Some(o) = v.as_object_mut() {
        o.shift_remove("$id");
        o.shift_remove("$schema");
    }
    v
}

/// `$ref`s in `v` (a part of schema `rel`) rewritten: one that resolves
/// (against `rel`'s `$id`) to a schema of `known` becomes
/// `#/components/schemas/<name>` plus its pointer fragment; a local one
/// (`#/...`) becomes a pointer into `self_name`'s component. Others stay.
pub fn rewrite_refs(v: &Value, rel: &str, known: &BTreeSet<String>, self_name: &str) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| {
                    let x = match (k.as_str(), x) {
                        ("$ref", Value::String(r)) => {
                            Value::String(rewrite_ref(r, rel, known, self_name))
                        }
                        _ => rewrite_refs(x, rel, known, self_name),
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| rewrite_refs(x, rel, known, self_name))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn rewrite_ref(r: &str, rel: &str, known: &BTreeSet<String>, self_name: &str) -> String {
    if let Some(pointer) = r.strip_prefix("#/") {
        return format!("#/components/schemas/{self_name}/{pointer}");
    }
    if r == "#" {
        return format!("#/components/schemas/{self_name}");
    }
    let Ok(base) = url::Url::parse(&format!("{ID_BASE}{rel}")) else {
        return r.to_string();
    };
    let Ok(target) = base.join(r) else {
        return r.to_string();
    };
    let fragment = target.fragment().unwrap_or("").to_string();
    let mut bare = target.clone();
    bare.set_fragment(None);
    let Some(target_rel) = bare.as_str().strip_prefix(ID_BASE) else {
        return r.to_string();
    };
    if !known.contains(target_rel) {
        return r.to_string();
    }
    let name = component_name(target_rel);
    if fragment.is_empty() {
        format!("#/components/schemas/{name}")
    } else if fragment.starts_with('/') {
        format!("#/components/schemas/{name}{fragment}")
    } else {
        // A plain-name anchor: anchors stay valid in the document.
        format!("#{fragment}")
    }
}

fn scheme_name(p: Product) -> &'static str {
    match p {
        Product::Fortiauthenticator => "fortiauthenticator_basic",
        Product::FortitokenCloud => "fortitoken_cloud_bearer",
        Product::Fortiportal => "fortiportal_token",
    }
}

fn security_schemes() -> Value {
    json!({
        scheme_name(Product::Fortiauthenticator): {
            "type": "http",
            "scheme": "basic",
            "description": "HTTP Basic: an administrator's user name and their web service API key."
        },
        scheme_name(Product::FortitokenCloud): {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer <access_token>`, the `access_token` from POST /api/v1/login."
        },
        scheme_name(Product::Fortiportal): {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token <key>`: the word `Token`, a space, and the token from POST /fpc/api/auth/tokenlogin/."
        }
    })
}

fn server(p: Product) -> Value {
    let (host, what) = match p {
        Product::Fortiauthenticator => ("fac.example.net", "the FortiAuthenticator"),
        Product::FortitokenCloud => ("ftc.example.net:9696", "the FortiToken Cloud API"),
        Product::Fortiportal => ("fpc.example.net", "the FortiPortal"),
    };
    json!({
        "url": "https://{host}",
        "description": p.title(),
        "variables": {
            "host": {"default": host, "description": format!("Host name (and port) of {what}")}
        }
    })
}

fn tag_description(p: Product) -> &'static str {
    match p {
        Product::Fortiauthenticator => "FortiTokens: listing with filters and tastypie-style pagination, deleting a token (HTTP Basic with an admin's API key).",
        Product::FortitokenCloud => "Temporary tokens (Bearer token from POST /api/v1/login).",
        Product::Fortiportal => "API tokens with TTL limits and one live token per admin.",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_reference_segments_become_parameters() {
        let names = BTreeMap::from([("u".to_string(), "user_id".to_string())]);
        let (t, p) = template("/api/v1/fortitokens/987654321/", &names);
        assert_eq!(t, "/api/v1/fortitokens/{id}/");
        assert_eq!(p[0].name, "id");
        let (t, p) = template("/api/v1/token/temp/${u}", &names);
        assert_eq!(t, "/api/v1/token/temp/{user_id}");
        assert_eq!(p[0].seen, BTreeSet::from(["`${u}`".to_string()]));
        let (t, p) = template("/a/${x}/b/${y}", &BTreeMap::new());
        assert_eq!(t, "/a/{id}/b/{id_2}");
        assert_eq!(p.len(), 2);
        assert_eq!(
            template("/fpc/api/auth/tokenlogin/", &names).0,
            "/fpc/api/auth/tokenlogin/"
        );
        assert_eq!(template("/x/?a=1", &names).0, "/x/");
    }

    #[test]
    fn refs_between_schemas_point_into_components() {
        let known = BTreeSet::from(["p/item.json".to_string(), "p/list.json".to_string()]);
        let r = |s: &str| rewrite_ref(s, "p/list.json", &known, "p_list");
        assert_eq!(r("item.json"), "#/components/schemas/p_item");
        assert_eq!(
            r("item.json#/properties/a"),
            "#/components/schemas/p_item/properties/a"
        );
        assert_eq!(
            r("https://fortiprobe.invalid/schemas/p/item.json"),
            "#/components/schemas/p_item"
        );
        assert_eq!(r("#/$defs/x"), "#/components/schemas/p_list/$defs/x");
        assert_eq!(r("other.json"), "other.json");
        assert_eq!(
            r("https://example.com/x.json"),
            "https://example.com/x.json"
        );
        assert_eq!(component_name("a/b-c.json"), "a_b-c");
    }
}
