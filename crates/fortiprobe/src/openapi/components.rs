//! `components/schemas`: every schema of `schemas/` that the document
//! uses, under a name made from its path, with `$id` and `$schema`
//! dropped and its `$ref`s rewritten to point inside the document.
//! Schemas nothing refers to are left out.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::suite::schemas::ID_BASE;
use crate::suite::Suite;

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

pub(crate) fn component_ref(rel: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{}", component_name(rel))})
}

pub(crate) fn suite_names(suite: &Suite) -> BTreeSet<String> {
    suite.schemas.names().map(str::to_string).collect()
}

/// A schema of `schemas/` as a component: `$id` and `$schema` dropped,
/// `$ref`s to our schemas pointing into `components/schemas`.
pub(crate) fn component_schema(rel: &str, doc: &Value, suite: &Suite) -> Value {
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

pub(crate) fn rewrite_ref(r: &str, rel: &str, known: &BTreeSet<String>, self_name: &str) -> String {
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

/// The components of every schema of the suite that `doc` (the document
/// without its components) refers to, directly or through other schemas.
pub(crate) fn referenced(suite: &Suite, doc: &Value) -> Map<String, Value> {
    let all: Map<String, Value> = suite
        .schemas
        .names()
        .filter_map(|rel| {
            let schema = suite.schemas.document(rel)?;
            Some((component_name(rel), component_schema(rel, schema, suite)))
        })
        .collect();
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    refs_into(doc, &mut queue);
    while let Some(name) = queue.pop() {
        if !all.contains_key(&name) || !wanted.insert(name.clone()) {
            continue;
        }
        refs_into(&all[&name], &mut queue);
    }
    all.into_iter()
        .filter(|(k, _)| wanted.contains(k))
        .collect()
}

/// The component names that `$ref`s in `v` point to.
fn refs_into(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => {
                        if let Some(rest) = r.strip_prefix("#/components/schemas/") {
                            let name = rest.split('/').next().unwrap_or(rest);
                            out.push(name.replace("~1", "/").replace("~0", "~"));
                        }
                    }
                    _ => refs_into(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs_into(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn references_are_followed_through_components() {
        let doc = json!({"paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/a_b/properties/c"}}}}}}}}});
        let mut out = Vec::new();
        refs_into(&doc, &mut out);
        assert_eq!(out, ["a_b"]);
    }
}
