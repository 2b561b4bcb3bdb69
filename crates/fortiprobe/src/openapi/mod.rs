//! `fortiprobe openapi`: an OpenAPI 3.1 document of the three APIs as the
//! suite knows them, built from `schemas/` and `cases/` alone.
//!
//! Paths and methods are those the cases' requests use (`paths`), except
//! that on a described resource's URIs they are the methods its resource
//! description lists, each of them, also where no case sends it
//! (`documented`): a case checking that an unlisted method is refused
//! makes no operation. Request
//! bodies, query parameters and responses come from the steps' `schema:`
//! and `expect` (`operation`), request examples from the requests the
//! cases expect to succeed (`examples`), `links` from the values one step
//! hands to the next and from the products' token logins (`links`). The
//! schemas of `schemas/` that the document uses go under
//! `components/schemas`, their `$ref`s rewritten to point there
//! (`components`). What the files do not say about a product (its
//! authentication, servers, the summary of each operation) is in
//! `product`.
//!
//! The document describes what the cases exercise and what the resource
//! descriptions document, not the whole product APIs. It is a pure function of the suite (and of the values given for
//! examples) and deterministic: maps are built from sorted keys, and
//! schema files keep their own key order.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::suite::{Product, Suite};

mod components;
mod documented;
mod examples;
mod fill;
mod links;
mod operation;
mod paths;
mod product;

pub use components::{component_name, rewrite_refs};
pub use fill::Values;
pub use paths::{reference_names, template, PathParam};

/// The JSON Schema dialect of every schema in the document.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The document as pretty-printed JSON, ending with a newline.
pub fn render(suite: &Suite) -> String {
    let mut text = serde_json::to_string_pretty(&document(suite)).unwrap_or_default();
    text.push('\n');
    text
}

/// The OpenAPI 3.1 document of the suite, its request examples filled
/// from the schemas' own examples.
pub fn document(suite: &Suite) -> Value {
    document_with(suite, &|_, _| None)
}

/// The document with the `${references}` of its request examples filled
/// by `values` (a target's fixtures and credentials) where it knows them.
/// Give it the values of a test target only (the reference mock's demo
/// credentials): whatever it returns is written into the document.
pub fn document_with(suite: &Suite, values: Values<'_>) -> Value {
    let (mut paths, unmapped) = paths::collect(suite);
    documented::add(suite, &mut paths);
    let mut out_paths = Map::new();
    let mut operation_ids = BTreeSet::new();
    let mut placed = Vec::new();
    for (tmpl, item) in &paths {
        let mut obj = Map::new();
        let products: BTreeSet<Product> = item
            .ops
            .values()
            .flat_map(|o| o.products.iter().copied())
            .collect();
        obj.insert(
            "servers".into(),
            Value::Array(products.iter().map(|p| product::server(*p)).collect()),
        );
        if let (false, Some(&first)) = (item.params.is_empty(), products.iter().next()) {
            obj.insert(
                "parameters".into(),
                Value::Array(
                    item.params
                        .iter()
                        .map(|p| paths::path_param(p, &|name| values(first, name)))
                        .collect(),
                ),
            );
        }
        for (m, op) in &item.ops {
            let method = paths::METHODS[*m];
            let id = paths::unique_id(&mut operation_ids, &op.products, method, tmpl);
            placed.extend(op.uses.iter().map(|u| links::Placed {
                operation_id: id.clone(),
                use_: u,
            }));
            obj.insert(
                method.as_str().to_ascii_lowercase(),
                operation::operation(suite, id, method, tmpl, op, values),
            );
        }
        out_paths.insert(tmpl.clone(), Value::Object(obj));
    }
    links::add(suite, &placed, &mut out_paths);

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.1.0"));
    doc.insert("info".into(), info());
    doc.insert("jsonSchemaDialect".into(), json!(DIALECT));
    doc.insert(
        "servers".into(),
        Value::Array(Product::ALL.iter().map(|p| product::server(*p)).collect()),
    );
    doc.insert(
        "tags".into(),
        Value::Array(
            Product::ALL
                .iter()
                .map(|p| json!({"name": p.title(), "description": product::tag_description(*p)}))
                .collect(),
        ),
    );
    doc.insert("paths".into(), Value::Object(out_paths));
    let schemas = components::referenced(suite, &Value::Object(doc.clone()));
    doc.insert(
        "components".into(),
        json!({
            "schemas": Value::Object(schemas),
            "securitySchemes": product::security_schemes(),
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

fn info() -> Value {
    json!({
        "title": "FortiAuthenticator, FortiToken Cloud and FortiPortal REST APIs (as tested by fortiprobe)",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "Generated by `fortiprobe openapi` from fortiprobe's schemas/ and cases/. \
    It describes the endpoints, parameters, bodies and answers the conformance suite exercises or its resource descriptions document, \
    not the whole product APIs. `x-fortiprobe-cases` lists the cases behind each operation; \
    request examples come from the cases' requests, links from the values one request hands to the next.",
        "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
    })
}
