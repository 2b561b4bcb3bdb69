//! What changed between two baseline documents, as data: one `Change` per
//! JSON pointer (added, removed, retyped, or a new value), each with the
//! pattern it belongs to (array positions as `*`) and the step it came in.
//! A case document's exchanges are paired by their step, not by position:
//! a case that stopped early lost its later steps, it did not change them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

/// One change at one pointer of a case document.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where, in the document: the index of an exchange is its index in
    /// the document before, or after for an exchange that only it holds.
    pub pointer: String,
    /// The same pointer with every array position as `*`, and an
    /// exchange's position as `*` too: what repeats over objects and cases.
    pub pattern: String,
    /// The step (or check) of the exchange the change is in.
    pub step: Option<String>,
    /// The outermost listed element the change is in, inside a body: its
    /// identity (`resource_uri`, then `serial`) or, without one, its position.
    pub element: Option<Element>,
    pub what: What,
}

/// A listed element a change is in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Element {
    Identity(String),
    Position(usize),
}

/// The change itself.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    Added(Value),
    Removed(Value),
    /// The value changed its JSON type.
    Retyped(Value, Value),
    /// The value changed, its type did not.
    Changed(Value, Value),
}

/// A JSON value's type, as JSON Schema names it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value as compact JSON, cut after 80 characters.
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

impl What {
    /// What happened, without the values: `added`, `removed`, `retyped
    /// boolean → string`, `changed`.
    pub fn verb(&self) -> String {
        match self {
            What::Added(_) => "added".into(),
            What::Removed(_) => "removed".into(),
            What::Retyped(a, b) => format!("retyped {} → {}", kind(a), kind(b)),
            What::Changed(..) => "changed".into(),
        }
    }

    /// The values: `added 1`, `removed (was 1)`, `false → "false"`.
    pub fn values(&self) -> String {
        match self {
            What::Added(v) => format!("added {}", short(v)),
            What::Removed(v) => format!("removed (was {})", short(v)),
            What::Retyped(a, b) | What::Changed(a, b) => format!("{} → {}", short(a), short(b)),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        match &self.what {
            What::Retyped(a, b) => write!(
                f,
                "{at}: retyped {} → {} ({} → {})",
                kind(a),
                kind(b),
                short(a),
                short(b)
            ),
            w => write!(f, "{at}: {}", w.values()),
        }
    }
}

/// The name an exchange is paired by: its step, or its check.
fn exchange_key(e: &Value) -> String {
    ["step", "check"]
        .iter()
        .find_map(|k| e.get(k).and_then(Value::as_str))
        .map_or_else(|| e.to_string(), str::to_string)
}

fn identity(v: &Value) -> Option<String> {
    crate::product::DEFAULT_IDENTITY
        .iter()
        .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_string))
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Where a walk is: the pointer, its pattern, and what it is inside.
#[derive(Clone)]
struct At {
    pointer: String,
    pattern: String,
    step: Option<String>,
    in_body: bool,
    element: Option<Element>,
}

impl At {
    fn key(&self, k: &str) -> At {
        let k = escape(k);
        At {
            pointer: format!("{}/{k}", self.pointer),
            pattern: format!("{}/{k}", self.pattern),
            ..self.clone()
        }
    }

    /// An array's element `i`, whose values are `a` and `b`.
    fn index(&self, i: usize, a: Option<&Value>, b: Option<&Value>) -> At {
        let element = match &self.element {
            Some(e) => Some(e.clone()),
            None if self.in_body => Some(
                a.and_then(identity)
                    .or_else(|| b.and_then(identity))
                    .map_or(Element::Position(i), Element::Identity),
            ),
            None => None,
        };
        At {
            pointer: format!("{}/{i}", self.pointer),
            pattern: format!("{}/*", self.pattern),
            element,
            ..self.clone()
        }
    }

    fn push(&self, what: What, out: &mut Vec<Change>) {
        out.push(Change {
            pointer: self.pointer.clone(),
            pattern: self.pattern.clone(),
            step: self.step.clone(),
            element: self.element.clone(),
            what,
        });
    }
}

/// What changed between two documents, in pointer order. Two case
/// documents (`{outcome, exchanges}`) have their exchanges paired by step.
pub fn changes(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    let top = At {
        pointer: String::new(),
        pattern: String::new(),
        step: None,
        in_body: false,
        element: None,
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let at = top.key(k);
                match (x.get(k), y.get(k)) {
                    (Some(Value::Array(u)), Some(Value::Array(v))) if k == "exchanges" => {
                        exchanges(&at, u, v, &mut out)
                    }
                    (Some(u), Some(v)) => walk(&at, u, v, &mut out),
                    (Some(u), None) => at.push(What::Removed(u.clone()), &mut out),
                    (None, Some(v)) => at.push(What::Added(v.clone()), &mut out),
                    (None, None) => {}
                }
            }
        }
        _ => walk(&top, a, b, &mut out),
    }
    out
}

/// The exchanges of two case documents, paired by step.
fn exchanges(at: &At, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    use similar::DiffOp;
    let ka: Vec<String> = a.iter().map(exchange_key).collect();
    let kb: Vec<String> = b.iter().map(exchange_key).collect();
    let exchange = |i: usize, key: &str| At {
        pointer: format!("{}/{i}", at.pointer),
        pattern: format!("{}/*", at.pattern),
        step: Some(key.to_string()),
        in_body: false,
        element: None,
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for n in 0..len {
                    let (i, j) = (old_index + n, new_index + n);
                    let here = exchange(i, &ka[i]);
                    exchange_fields(&here, &a[i], &b[j], out);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for i in old_index..old_index + old_len {
                    exchange(i, &ka[i]).push(What::Removed(a[i].clone()), out);
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for j in new_index..new_index + new_len {
                    exchange(j, &kb[j]).push(What::Added(b[j].clone()), out);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for i in old_index..old_index + old_len {
                    exchange(i, &ka[i]).push(What::Removed(a[i].clone()), out);
                }
                for j in new_index..new_index + new_len {
                    exchange(j, &kb[j]).push(What::Added(b[j].clone()), out);
                }
            }
        }
    }
}

/// Two paired exchanges: their fields, the body walked as a body.
fn exchange_fields(at: &At, a: &Value, b: &Value, out: &mut Vec<Change>) {
    let (Value::Object(x), Value::Object(y)) = (a, b) else {
        return walk(at, a, b, out);
    };
    let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    for k in keys {
        let mut here = at.key(k);
        here.in_body = k == "body";
        match (x.get(k), y.get(k)) {
            (Some(u), Some(v)) => walk(&here, u, v, out),
            (Some(u), None) => here.push(What::Removed(u.clone()), out),
            (None, Some(v)) => here.push(What::Added(v.clone()), out),
            (None, None) => {}
        }
    }
}

fn walk(at: &At, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let here = at.key(k);
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => walk(&here, u, v, out),
                    (Some(u), None) => here.push(What::Removed(u.clone()), out),
                    (None, Some(v)) => here.push(What::Added(v.clone()), out),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, u, v) in pairs(x, y) {
                let here = at.index(i, u, v);
                match (u, v) {
                    (Some(u), Some(v)) => walk(&here, u, v, out),
                    (Some(u), None) => here.push(What::Removed(u.clone()), out),
                    (None, Some(v)) => here.push(What::Added(v.clone()), out),
                    (None, None) => {}
                }
            }
        }
        _ if a == b => {}
        _ if kind(a) != kind(b) => at.push(What::Retyped(a.clone(), b.clone()), out),
        _ => at.push(What::Changed(a.clone(), b.clone()), out),
    }
}

/// An element of an array before and after, at an index (before's, or
/// after's for an element only after holds).
type Pair<'v> = (usize, Option<&'v Value>, Option<&'v Value>);

/// The elements of two arrays paired: by identity when every element of
/// both is an object with one, each once (a listing that gained or lost an
/// object shows that object, not every later one shifted); by position
/// otherwise.
fn pairs<'v>(x: &'v [Value], y: &'v [Value]) -> Vec<Pair<'v>> {
    let ids = |a: &'v [Value]| -> Option<BTreeMap<String, (usize, &'v Value)>> {
        let mut m = BTreeMap::new();
        for (i, v) in a.iter().enumerate() {
            if m.insert(identity(v)?, (i, v)).is_some() {
                return None;
            }
        }
        Some(m)
    };
    if let (false, Some(a), Some(b)) = (x.is_empty() && y.is_empty(), ids(x), ids(y)) {
        let mut out: Vec<Pair<'v>> = x
            .iter()
            .enumerate()
            .map(|(i, u)| {
                (
                    i,
                    Some(u),
                    identity(u).and_then(|id| b.get(&id)).map(|p| p.1),
                )
            })
            .collect();
        out.extend(
            y.iter()
                .enumerate()
                .filter(|(_, v)| identity(v).is_some_and(|id| !a.contains_key(&id)))
                .map(|(j, v)| (j, None, Some(v))),
        );
        return out;
    }
    (0..x.len().max(y.len()))
        .map(|i| (i, x.get(i), y.get(i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(a: &Value, b: &Value) -> Vec<String> {
        changes(a, b).iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn exchanges_pair_by_step_so_a_case_that_stopped_early_loses_steps() {
        let a = json!({"outcome": "passed", "exchanges": [
            {"step": "step 1 of 2", "status": 200},
            {"step": "step 2 of 2", "status": 204},
            {"step": "cleanup 1", "status": 204}]});
        let b = json!({"outcome": "failed", "exchanges": [
            {"step": "step 1 of 2", "status": 400},
            {"step": "cleanup 1", "status": 204}]});
        let c = changes(&a, &b);
        let got: Vec<String> = c.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            got,
            [
                "/exchanges/0/status: 200 → 400",
                "/exchanges/1: removed (was {\"step\":\"step 2 of 2\",\"status\":204})",
                "/outcome: \"passed\" → \"failed\""
            ]
        );
        assert_eq!(c[0].pattern, "/exchanges/*/status");
        assert_eq!(c[1].step.as_deref(), Some("step 2 of 2"));
    }

    #[test]
    fn listed_objects_pair_by_identity_not_position() {
        let t = |uri: &str, locked: Value| json!({"resource_uri": uri, "locked": locked});
        let a = json!({"exchanges": [{"step": "request", "body": {"objects": [
            t("/t/1/", json!(false)), t("/t/2/", json!(true)), t("/t/3/", json!(false))]}}]});
        let b = json!({"exchanges": [{"step": "request", "body": {"objects": [
            t("/t/1/", json!("false")), t("/t/3/", json!(false)), t("/t/4/", json!(true))]}}]});
        let c = changes(&a, &b);
        let got: Vec<String> = c.iter().map(|c| c.to_string()).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with("/exchanges/0/body/objects/0/locked: retyped boolean → string"));
        assert!(got[1].starts_with("/exchanges/0/body/objects/1: removed"));
        assert!(got[2].starts_with("/exchanges/0/body/objects/2: added"));
        assert_eq!(c[0].pattern, "/exchanges/*/body/objects/*/locked");
        assert_eq!(c[0].element, Some(Element::Identity("/t/1/".into())));
        assert_eq!(c[2].element, Some(Element::Identity("/t/4/".into())));
    }

    #[test]
    fn arrays_without_identities_pair_by_position() {
        let got = lines(&json!({"a": [1, 2, 3]}), &json!({"a": [1, "2"]}));
        assert_eq!(
            got,
            [
                "/a/1: retyped number → string (2 → \"2\")",
                "/a/2: removed (was 3)"
            ]
        );
    }

    #[test]
    fn a_retyped_root_is_named_slash() {
        assert_eq!(
            lines(&json!(1), &json!("1")),
            ["/: retyped number → string (1 → \"1\")"]
        );
    }
}
