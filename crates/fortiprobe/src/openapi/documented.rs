//! The operations the resource descriptions document and no case
//! exercises (a POST, PUT or DELETE the derived cases leave alone, such
//! as a policy client's create): each method the guide lists on each URI
//! of a described resource is an operation of the document, with the
//! status the guide gives, the derived request schema as its body and
//! the product's authentication; and each described collection's
//! `schema/`, which the guide's 'Supported API methods' gives every
//! endpoint.

use std::collections::{BTreeMap, BTreeSet};

use super::paths::{shaped, Fact, Operation, PathItem, PathParam, METHODS};
use crate::suite::case::Method;
use crate::suite::description::model::Kind;
use crate::suite::{Product, Suite};

/// The shape of any resource's `schema/` answer.
const SCHEMA_ANSWER: &str = "fortiauthenticator/resource-schema.json";

/// Adds each documented method of each described resource that `paths`
/// lacks.
pub(crate) fn add<'a>(suite: &'a Suite, paths: &mut BTreeMap<String, PathItem<'a>>) {
    for d in &suite.descriptions {
        let Some(product) = Product::from_key(&d.product_dir) else {
            continue;
        };
        // 'append /schema/ to the endpoint URL' (Supported API methods
        // [doc]): each collection's schema, where no case reads it.
        if d.head.kind == Kind::Collection && suite.schemas.document(SCHEMA_ANSWER).is_some() {
            let tmpl = format!("{}schema/", d.head.path);
            let item = paths.entry(tmpl).or_default();
            if item.ops.get(&0).is_none_or(|op| op.uses.is_empty()) {
                let op: &mut Operation = item.ops.entry(0).or_default();
                op.products.insert(product);
                op.facts.push(Fact {
                    status: 200,
                    body: None,
                    answer: Some(SCHEMA_ANSWER.to_string()),
                });
            }
        }
        for m in &d.body.methods {
            let Some(index) = METHODS.iter().position(|x| *x == m.method) else {
                continue;
            };
            let tmpl = paths
                .keys()
                .find(|k| shaped(&m.uri, k))
                .cloned()
                .unwrap_or_else(|| m.uri.replace("[id]", "{id}"));
            let item = paths.entry(tmpl).or_default();
            if m.uri.contains("[id]")
                && !item.params.iter().any(|p| p.name == "id")
                && item.params.is_empty()
            {
                item.params.push(PathParam {
                    name: "id".into(),
                    seen: BTreeSet::from(["the guide's `[id]`".to_string()]),
                    values: BTreeSet::new(),
                });
            }
            if item.ops.get(&index).is_some_and(|op| !op.uses.is_empty()) {
                continue;
            }
            let detail = m.uri.contains("[id]");
            let body = match m.method {
                Method::Post if !detail && d.head.kind == Kind::Collection => {
                    Some(d.schema_path("create"))
                }
                // A collection's, or a single document's (`/snmpgeneral/`):
                // every writable field, none required.
                Method::Put | Method::Patch => Some(d.schema_path("patch")),
                _ => None,
            };
            let answer = match (m.method, d.head.kind, detail) {
                (Method::Get, Kind::Collection, false) => Some(d.schema_path("list")),
                (Method::Get, Kind::Collection, true) | (Method::Get, Kind::Single, _) => {
                    Some(d.schema_path("object"))
                }
                _ => None,
            };
            let op: &mut Operation = item.ops.entry(index).or_default();
            op.products.insert(product);
            op.facts.push(Fact {
                status: m.status,
                body: body.filter(|s| suite.schemas.document(s).is_some()),
                answer: answer.filter(|s| suite.schemas.document(s).is_some()),
            });
        }
    }
}
