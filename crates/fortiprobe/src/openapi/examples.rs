//! Request examples taken from the cases' requests, so that a tool such as
//! Schemathesis can walk the happy paths. Only requests the cases expect
//! to succeed (a 2xx, not marked `invalid`) give examples. Their
//! `${references}` are filled from `Values` (a target's fixtures and
//! credentials, when the caller has them: the reference mock's demo
//! values in the tests), else from the request schema's own example of
//! that field; built-ins get fixed values (a fixed UUID, instants in
//! 2099), so the document stays the same on every render. A request
//! whose references cannot all be filled gives no example.

use serde_json::{Map, Value};

use super::fill::{fill, Lookup, Values};
use super::paths::{status_keys, Operation};
use crate::suite::Suite;

/// `v` with its references filled; a top-level field that cannot be
/// filled takes the schema example's value of that field.
fn fill_value(v: &Value, values: Lookup<'_>, example: Option<&Value>) -> Option<Value> {
    match v {
        Value::String(s) => fill(s, values).map(Value::String),
        Value::Array(a) => a.iter().map(|x| fill_value(x, values, None)).collect(),
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                let filled = fill_value(x, values, None)
                    .or_else(|| example.and_then(|e| e.get(k)).cloned())?;
                out.insert(k.clone(), filled);
            }
            Some(Value::Object(out))
        }
        other => Some(other.clone()),
    }
}

/// The `examples` of an operation's JSON request body, by case name.
pub(crate) fn request_bodies(
    suite: &Suite,
    op: &Operation,
    values: Values<'_>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for u in &op.uses {
        let r = &u.step.request;
        let succeeds = status_keys(u.step.expect.status.as_ref())
            .iter()
            .any(|k| k.starts_with('2'));
        let Some(body) = r.json.as_ref().filter(|_| succeeds && r.invalid.is_none()) else {
            continue;
        };
        let example = r
            .schema
            .as_deref()
            .and_then(|s| suite.schemas.document(s))
            .and_then(|d| d.get("examples"))
            .and_then(Value::as_array)
            .and_then(|a| a.first());
        let product = u.case.product;
        let lookup = |name: &str| values(product, name);
        let Some(value) = fill_value(body, &lookup, example) else {
            continue;
        };
        if out.values().any(|e| e["value"] == value) {
            continue;
        }
        let mut e = Map::new();
        e.insert("summary".into(), Value::String(u.case.spec.summary.clone()));
        e.insert("value".into(), value);
        out.insert(u.case.spec.name.clone(), Value::Object(e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_filled_from_values_then_built_ins() {
        let values = |n: &str| (n == "user").then(|| "u-1".to_string());
        assert_eq!(fill("${user}/x", &values).as_deref(), Some("u-1/x"));
        assert_eq!(
            fill("${time:+1h}", &values).as_deref(),
            Some("2099-01-01T01:00:00Z")
        );
        assert_eq!(
            fill("a-${uuid}", &values).as_deref(),
            Some("a-00000000-0000-4000-8000-000000000000")
        );
        assert_eq!(fill("${nope}", &values), None);
        let body = serde_json::json!({"user_id": "${nope}", "n": 5});
        let example = serde_json::json!({"user_id": "from-schema"});
        assert_eq!(
            fill_value(&body, &values, Some(&example)),
            Some(serde_json::json!({"user_id": "from-schema", "n": 5}))
        );
        assert_eq!(fill_value(&body, &values, None), None);
    }
}
