//! Two answers to the same listing request, asked two ways, must agree.

use std::collections::BTreeSet;

use serde_json::Value;

use super::fields::show;
use super::{Finding, Scrub};

/// A link's path and its parameters as a set.
type NormLink = (String, BTreeSet<(String, String)>);

/// Two answers to the same listing request, one asked with `?format=json`,
/// the other asked another way (`how`, e.g. `with Accept: application/json`;
/// an XML answer already read into its JSON document): the same objects and
/// the same `meta`, links compared as parameter sets without `format`.
pub fn same_answer(
    by_format: &Value,
    by_accept: &Value,
    how: &str,
    ignore: &[String],
    scrub: &dyn Scrub,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let objects = |v: &Value| -> Option<Vec<Value>> {
        v.get("objects").and_then(Value::as_array).map(|list| {
            list.iter()
                .map(|o| {
                    let mut o = o.clone();
                    if let Some(m) = o.as_object_mut() {
                        for f in ignore {
                            m.remove(f);
                        }
                    }
                    o
                })
                .collect()
        })
    };
    if objects(by_format) != objects(by_accept) {
        out.push(Finding::new(
            "/objects",
            "the objects answered to ?format=json",
            format!(
                "{} {how}, against {}",
                show(by_accept.get("objects"), scrub),
                show(by_format.get("objects"), scrub)
            ),
        ));
    }
    for field in ["limit", "offset", "total_count"] {
        let (a, b) = (
            by_format.pointer(&format!("/meta/{field}")),
            by_accept.pointer(&format!("/meta/{field}")),
        );
        if a != b {
            out.push(Finding::new(
                format!("/meta/{field}"),
                format!("{} (as answered to ?format=json)", show(a, scrub)),
                format!("{} {how}", show(b, scrub)),
            ));
        }
    }
    for link in ["next", "previous"] {
        let norm = |v: Option<&Value>| -> Option<Option<NormLink>> {
            match v {
                Some(Value::Null) => Some(None),
                Some(Value::String(s)) => super::link::Link::parse(s).ok().map(|l| {
                    Some((
                        l.path,
                        l.query.into_iter().filter(|(k, _)| k != "format").collect(),
                    ))
                }),
                _ => None,
            }
        };
        let (a, b) = (
            by_format.pointer(&format!("/meta/{link}")),
            by_accept.pointer(&format!("/meta/{link}")),
        );
        if norm(a).is_none() || norm(a) != norm(b) {
            out.push(Finding::new(
                format!("/meta/{link}"),
                format!(
                    "the same link as answered to ?format=json ({}), `format` aside",
                    show(a, scrub)
                ),
                format!("{} {how}", show(b, scrub)),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::NoSecrets;
    use serde_json::json;

    // --- same answer

    const HOW: &str = "with Accept: application/json";

    fn answer(next: &str) -> Value {
        json!({"meta": {"limit": 2, "offset": 0, "total_count": 4, "next": next, "previous": null},
               "objects": [{"serial": "A", "type": "ftm"}, {"serial": "B", "type": "ftk"}]})
    }

    #[test]
    fn same_answer_passes_the_same_listing_with_format_aside_and_keys_reordered() {
        let a = answer("/api/v1/fortitokens/?format=json&limit=2&offset=2");
        let mut b = answer("/api/v1/fortitokens/?offset=2&limit=2");
        b["objects"][0] = json!({"type": "ftm", "serial": "A"});
        assert_eq!(same_answer(&a, &b, HOW, &[], &NoSecrets), vec![]);
    }

    #[test]
    fn same_answer_leaves_out_the_fields_it_is_told_to() {
        let mut a = answer("/api/v1/fortitokens/?format=json&limit=2&offset=2");
        let mut b = answer("/api/v1/fortitokens/?limit=2&offset=2");
        a["objects"][0]["last_used_at"] = json!("2025-01-01T00:00:00Z");
        b["objects"][0]["last_used_at"] = json!("2025-01-01T00:00:09Z");
        assert_eq!(
            same_answer(&a, &b, HOW, &["last_used_at".to_string()], &NoSecrets),
            vec![]
        );
        assert_eq!(same_answer(&a, &b, HOW, &[], &NoSecrets).len(), 1);
    }

    #[test]
    fn same_answer_catches_different_objects_or_meta() {
        let a = answer("/api/v1/fortitokens/?format=json&limit=2&offset=2");
        let mut b = answer("/api/v1/fortitokens/?limit=2&offset=2");
        b["objects"][1]["type"] = json!("ftm");
        assert_eq!(same_answer(&a, &b, HOW, &[], &NoSecrets).len(), 1);
        let mut c = answer("/api/v1/fortitokens/?limit=2&offset=2");
        c["meta"]["total_count"] = json!(3);
        assert_eq!(same_answer(&a, &c, HOW, &[], &NoSecrets).len(), 1);
        let d = answer("/api/v1/fortitokens/?limit=2&offset=3");
        assert_eq!(same_answer(&a, &d, HOW, &[], &NoSecrets).len(), 1);
    }
}
