//! An answer against its JSON Schema, in memory bounded whatever the
//! answer: the validator (jsonschema) collects every error at once, a few
//! hundred bytes each, and a page of a million wrong objects has millions.
//!
//! An answer of at most `SEARCHED` values is validated whole: its first
//! `bound::LISTED` departures are listed and the others counted. A larger
//! one is checked whole for whether it conforms and for its first
//! departure (neither collects errors); the others listed come from a copy
//! of its first `SEARCHED` values (in document order), and only those at
//! a value the copy holds whole: the schemas of `schemas/` judge a value
//! by itself and its descendants, so those are departures of the answer
//! itself. A suite whose schemas judge a value by its siblings (`if`,
//! `dependentSchemas`, `unevaluated*`) lists the first departure only.

use std::collections::HashSet;

use serde_json::Value;

use super::bound::{Bounded, Explained, LISTED};
use super::{Finding, Scrub};
use crate::suite::schemas::Violation;
use crate::suite::Schemas;

/// The most values of an answer searched for departures.
pub const SEARCHED: usize = 10_000;

/// Keywords by which a schema judges a value by what lies beside it.
const BY_SIBLINGS: [&str; 6] = [
    "if",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
];

/// The departures of `doc` from schema `rel`, bounded (see the module),
/// but for those a known deviation explains (`explained`).
pub fn findings(
    schemas: &Schemas,
    rel: &str,
    doc: &Value,
    scrub: &dyn Scrub,
    explained: Explained<'_>,
) -> Vec<Finding> {
    // Most answers conform: that is known without counting or copying.
    if schemas.conforms(rel, doc) {
        return Vec::new();
    }
    let expected = format!("what {rel} allows");
    let finding = |v: Violation| {
        let at = if v.at.is_empty() { "/".into() } else { v.at };
        Finding::new(at, expected.clone(), shorten(&scrub.scrub(&v.message)))
    };
    let mut bounded = Bounded::new(explained);
    let Some(pruned) = prune(doc, SEARCHED) else {
        for v in schemas.violations(rel, doc) {
            bounded.push(&v.at.clone(), || finding(v));
        }
        return bounded.finish("/", &expected, false);
    };
    let Some(first) = schemas.first_violation(rel, doc) else {
        return Vec::new();
    };
    let seen = (first.at.clone(), first.message.clone());
    bounded.push(&seen.0, || finding(first));
    if !by_siblings(schemas) {
        for v in schemas.violations(rel, &pruned.doc) {
            if !pruned.cut.contains(&v.at) && (&v.at, &v.message) != (&seen.0, &seen.1) {
                bounded.push(&v.at.clone(), || finding(v));
            }
        }
    }
    let mut out = bounded.finish("/", &expected, true);
    if out.len() <= LISTED {
        out.push(Finding::new(
            "/",
            format!(
                "{expected} (departures are listed from the first {SEARCHED} values of an answer)"
            ),
            "perhaps more departures past them, not listed",
        ));
    }
    out
}

/// A message of at most about 300 characters: a validator's message
/// starts with the value (which may be the whole answer) and ends with
/// what is wrong with it, so its middle goes.
fn shorten(message: &str) -> String {
    let chars = message.chars().count();
    if chars <= 300 {
        return message.to_string();
    }
    let head: String = message.chars().take(120).collect();
    let tail: String = message.chars().skip(chars - 150).collect();
    format!("{head}… ({} characters) …{tail}", chars - 270)
}

/// Whether a schema of the suite judges a value by its siblings.
fn by_siblings(schemas: &Schemas) -> bool {
    fn uses(v: &Value) -> bool {
        match v {
            Value::Object(m) => m
                .iter()
                .any(|(k, x)| BY_SIBLINGS.contains(&k.as_str()) || uses(x)),
            Value::Array(a) => a.iter().any(uses),
            _ => false,
        }
    }
    schemas
        .names()
        .filter_map(|n| schemas.document(n))
        .any(uses)
}

/// A copy of a document's first values, and the pointers of the values
/// it does not hold whole.
struct Pruned {
    doc: Value,
    cut: HashSet<String>,
}

/// `None` when `doc` holds at most `budget` values; else its first
/// `budget` values in document order.
fn prune(doc: &Value, budget: usize) -> Option<Pruned> {
    if count(doc, budget + 1) <= budget {
        return None;
    }
    let mut left = budget;
    let mut cut = HashSet::new();
    let doc = copy(doc, "", &mut left, &mut cut);
    Some(Pruned { doc, cut })
}

/// The values of `v`, counted up to `max`.
fn count(v: &Value, max: usize) -> usize {
    fn within<'v>(children: impl Iterator<Item = &'v Value>, max: usize) -> usize {
        let mut n = 1;
        for c in children {
            if n >= max {
                break;
            }
            n += count(c, max - n);
        }
        n
    }
    match v {
        Value::Array(a) => within(a.iter(), max),
        Value::Object(m) => within(m.values(), max),
        _ => 1,
    }
}

/// `v` copied while `left` lasts (one for each value); the pointer of
/// every value not copied whole goes into `cut`.
fn copy(v: &Value, at: &str, left: &mut usize, cut: &mut HashSet<String>) -> Value {
    *left = left.saturating_sub(1);
    let child = |key: &str, x: &Value, left: &mut usize, cut: &mut HashSet<String>| {
        let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
        let copied = copy(x, &pointer, left, cut);
        (copied, cut.contains(&pointer))
    };
    let (copied, whole) = match v {
        Value::Array(items) => {
            let mut out = Vec::new();
            let mut whole = true;
            for (i, x) in items.iter().enumerate() {
                if *left == 0 {
                    whole = false;
                    break;
                }
                let (c, partial) = child(&i.to_string(), x, left, cut);
                out.push(c);
                whole &= !partial;
            }
            (Value::Array(out), whole)
        }
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            let mut whole = true;
            for (k, x) in map {
                if *left == 0 {
                    whole = false;
                    break;
                }
                let (c, partial) = child(k, x, left, cut);
                out.insert(k.clone(), c);
                whole &= !partial;
            }
            (Value::Object(out), whole)
        }
        scalar => (scalar.clone(), true),
    };
    if !whole {
        cut.insert(at.to_string());
    }
    copied
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::NoSecrets;
    use serde_json::json;

    fn schemas() -> Schemas {
        let list = [(
            "p/list.json".to_string(),
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://fortiprobe.invalid/schemas/p/list.json","type":"object","required":["meta","objects"],"properties":{"meta":{"type":"object","required":["total_count"]},"objects":{"type":"array","maxItems":100000,"items":{"type":"object","required":["a","b"]}}}}"#
                .to_string(),
        )];
        Schemas::load("schemas/", &list).unwrap()
    }

    /// The findings of `doc` against `p/list.json`, no secret, no bound.
    fn on_list(doc: &Value) -> Vec<crate::check::Finding> {
        findings(
            &schemas(),
            "p/list.json",
            doc,
            &NoSecrets,
            crate::check::bound::NONE,
        )
    }

    #[test]
    fn a_small_answer_lists_twenty_and_counts_the_rest() {
        let doc = json!({"meta": {"total_count": 1}, "objects": vec![json!(0); 30]});
        let f = on_list(&doc);
        assert_eq!(f.len(), LISTED + 1, "{f:?}");
        assert_eq!(f[0].at, "/objects/0");
        assert_eq!(f[LISTED].actual, "10 more, not listed");
        assert!(on_list(&json!({"meta": {"total_count": 1}, "objects": []})).is_empty());
    }

    #[test]
    fn a_large_answer_is_searched_in_its_first_values() {
        // A million objects (too many), each missing two fields, and a
        // `meta` after them: the first departure is the whole answer's.
        let objects = vec![json!({}); 1_000_000];
        let doc = json!({"objects": objects, "meta": {}});
        let f = on_list(&doc);
        assert_eq!(f.len(), LISTED + 1, "{f:?}");
        assert_eq!(f[0].at, "/objects");
        assert!(
            f[0].actual.contains("has more than 100000 items"),
            "{:?}",
            f[0]
        );
        assert_eq!(f[1].at, "/objects/0");
        assert!(
            f[1..LISTED].iter().all(|x| x.at.starts_with("/objects/")),
            "{f:?}"
        );
        assert!(f[LISTED].actual.starts_with("at least "), "{:?}", f[LISTED]);
        // Only the cut `meta` breaks it: the first departure is still found.
        let mut big = vec![json!({"a": 1, "b": 2}); 50_000];
        big.push(json!(0));
        let doc = json!({"meta": {"total_count": 1}, "objects": big});
        let f = on_list(&doc);
        assert_eq!(f[0].at, "/objects/50000", "{f:?}");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[1].actual.contains("perhaps more"), "{f:?}");
        // A conforming large answer has no findings.
        let doc =
            json!({"meta": {"total_count": 1}, "objects": vec![json!({"a": 1, "b": 2}); 50_000]});
        assert!(on_list(&doc).is_empty());
    }

    #[test]
    fn a_copy_knows_what_it_holds_whole() {
        let doc = json!({"a": [1, 2, 3], "b/c": {"d": [4, 5]}, "e": 6});
        assert!(prune(&doc, 20).is_none());
        let p = prune(&doc, 8).unwrap();
        assert_eq!(p.doc, json!({"a": [1, 2, 3], "b/c": {"d": [4]}}));
        let mut cut: Vec<&str> = p.cut.iter().map(String::as_str).collect();
        cut.sort();
        assert_eq!(cut, ["", "/b~1c", "/b~1c/d"]);
    }

    #[test]
    fn messages_are_cut() {
        let doc = json!(vec![json!("x".repeat(1000)); 3]);
        let f = on_list(&doc);
        assert!(f[0].actual.chars().count() <= 320, "{}", f[0].actual);
        assert!(
            f[0].actual.ends_with("is not of type \"object\""),
            "{}",
            f[0].actual
        );
    }
}
