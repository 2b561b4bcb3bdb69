//! Field assertions: one `FieldCheck` against a JSON document. A `*` in
//! the pointer stands for every element of an array (or every value of an
//! object), and the assertion must hold for each.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::bound::{self, Bounded, Explained};
use super::{Finding, Scrub};
use crate::suite::case::FieldCheck;
use crate::vars::{self, Scope};

/// Every node `pointer` names, with its concrete pointer; `None` where the
/// path does not exist. A wildcard over an empty array names nothing.
pub fn select<'a>(doc: &'a Value, pointer: &str) -> Vec<(String, Option<&'a Value>)> {
    let mut current: Vec<(String, Option<&Value>)> = vec![(String::new(), Some(doc))];
    if pointer.is_empty() {
        return current;
    }
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let mut next = Vec::new();
        for (path, node) in current {
            match (node, token.as_str()) {
                (Some(Value::Array(items)), "*") => {
                    for (i, item) in items.iter().enumerate() {
                        next.push((format!("{path}/{i}"), Some(item)));
                    }
                }
                (Some(Value::Object(map)), "*") => {
                    for (k, item) in map {
                        next.push((
                            format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                            Some(item),
                        ));
                    }
                }
                (Some(Value::Array(items)), t) => {
                    let child = t.parse::<usize>().ok().and_then(|i| items.get(i));
                    next.push((format!("{path}/{raw}"), child));
                }
                (Some(Value::Object(map)), t) => next.push((format!("{path}/{raw}"), map.get(t))),
                (_, _) => next.push((format!("{path}/{raw}"), None)),
            }
        }
        current = next;
    }
    current
}

/// Compares JSON values, treating numbers by value (20 == 20.0).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

/// Parses an ISO-8601 / RFC 3339 date-time with a zone.
pub fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// A value as JSON for a finding: at most 200 characters, secrets masked
/// before it is shortened.
pub fn show(v: Option<&Value>, scrub: &dyn Scrub) -> String {
    match v {
        None => "nothing (absent)".into(),
        Some(v) => match super::excerpt::cut(&v.to_string(), 200, scrub) {
            (s, true) => format!("{s}…"),
            (s, false) => s,
        },
    }
}

/// Whether `f` holds on any body that is not JSON at all: it only says that
/// a field is absent (`absent: true`) or is not some value (`not_equals`,
/// which an absent field passes too), and a body that is not JSON holds no
/// field. Such assertions need no JSON body (an error answer may be empty,
/// text or HTML where the docs give no shape); every other one does.
pub fn holds_without_json(f: &FieldCheck) -> bool {
    let only_negative = f.equals.is_none()
        && f.one_of.is_none()
        && f.contains.is_none()
        && f.is_null.is_none()
        && f.matches.is_none()
        && f.same_instant.is_none()
        && f.after_request.is_none()
        && f.length.is_none()
        && f.max_length.is_none();
    only_negative && (f.absent == Some(true) || (f.absent.is_none() && f.not_equals.is_some()))
}

/// One assertion against `doc`; `sent_at` anchors `after_request`; values
/// shown in findings pass through `scrub`.
pub fn check(
    doc: &Value,
    f: &FieldCheck,
    scope: &Scope,
    sent_at: DateTime<Utc>,
    scrub: &dyn Scrub,
) -> Vec<Finding> {
    check_explained(doc, f, scope, sent_at, scrub, bound::NONE)
}

/// `check`, leaving out the departures a known deviation explains.
pub fn check_explained(
    doc: &Value,
    f: &FieldCheck,
    scope: &Scope,
    sent_at: DateTime<Utc>,
    scrub: &dyn Scrub,
    explained: Explained<'_>,
) -> Vec<Finding> {
    let at = At {
        scope,
        sent_at,
        root_is_scalar: !matches!(doc, Value::Object(_) | Value::Array(_)),
    };
    let mut out = Bounded::new(explained);
    for (path, node) in select(doc, &f.at) {
        let mut expected = value_rules(f, node, &at);
        expected.extend(presence_rules(f, node, &at));
        expected.extend(time_rules(f, node, &at));
        for e in expected {
            out.push(&path, || Finding::new(path.clone(), e, show(node, scrub)));
        }
        for e in length_rules(f, node) {
            out.push(&path, || Finding::new(path.clone(), e, count(node, scrub)));
        }
    }
    out.finish(&f.at, "the same of every value it names", false)
}

/// What the rules of one field check are judged against, beside the node.
struct At<'a> {
    scope: &'a Scope,
    sent_at: DateTime<Utc>,
    /// The document is not an object or array: every pointer is missing.
    root_is_scalar: bool,
}

impl At<'_> {
    fn resolve(&self, v: &Value) -> Value {
        self.scope.substitute_value(v).unwrap_or_else(|_| v.clone())
    }
}

/// `equals`, `not_equals`, `one_of`, `contains`, `matches`: what was
/// expected, for each rule the node breaks.
fn value_rules(f: &FieldCheck, node: Option<&Value>, at: &At<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(want) = &f.equals {
        let want = at.resolve(want);
        if !node.is_some_and(|n| same_value(n, &want)) {
            out.push(want.to_string());
        }
    }
    if let Some(want) = &f.not_equals {
        let want = at.resolve(want);
        if node.is_some_and(|n| same_value(n, &want)) {
            out.push(format!("anything but {want}"));
        }
    }
    if let Some(list) = &f.one_of {
        let list: Vec<Value> = list.iter().map(|v| at.resolve(v)).collect();
        if !node.is_some_and(|n| list.iter().any(|w| same_value(n, w))) {
            out.push(format!("one of {}", Value::Array(list)));
        }
    }
    if let Some(want) = &f.contains {
        let want = at.resolve(want);
        let held = node
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(|item| same_value(item, &want)));
        if !held {
            out.push(format!("an array holding {want}"));
        }
    }
    if let Some(re) = &f.matches {
        let ok = match (node, regex::Regex::new(re)) {
            (Some(Value::String(s)), Ok(r)) => r.is_match(s),
            _ => false,
        };
        if !ok {
            out.push(format!("a string matching /{re}/"));
        }
    }
    out
}

/// `absent` and `is_null`.
fn presence_rules(f: &FieldCheck, node: Option<&Value>, at: &At<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(absent) = f.absent {
        let missing = node.is_none() || at.root_is_scalar;
        if absent && !missing {
            out.push("nothing (absent)".into());
        } else if !absent && missing {
            out.push("a value (present)".into());
        }
    }
    if let Some(null) = f.is_null {
        match node {
            Some(Value::Null) if null => {}
            Some(v) if !null && !v.is_null() => {}
            _ => out.push(if null {
                "null".into()
            } else {
                "a value that is not null".into()
            }),
        }
    }
    out
}

/// `same_instant` and `after_request` (with its `tolerance`).
fn time_rules(f: &FieldCheck, node: Option<&Value>, at: &At<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let got = node.and_then(Value::as_str).and_then(instant);
    if let Some(want) = &f.same_instant {
        let want_text = at.scope.substitute(want).unwrap_or_else(|_| want.clone());
        match (instant(&want_text), got) {
            (Some(w), Some(g)) if w == g => {}
            (w, _) => out.push(format!(
                "a date-time for the instant {}",
                w.map_or(want_text.clone(), vars::rfc3339)
            )),
        }
    }
    if let Some(after) = &f.after_request {
        let span = vars::parse_duration(after).unwrap_or_default();
        let tol = f
            .tolerance
            .as_deref()
            .and_then(vars::parse_duration)
            .unwrap_or(chrono::Duration::minutes(2));
        let target = at.sent_at.checked_add_signed(span).unwrap_or(at.sent_at);
        match got {
            Some(g) if (g - target).abs() <= tol => {}
            Some(g) => out.push(format!(
                "an ISO-8601 time about {after} after the request ({}, ± {}s); it is {}s off",
                vars::rfc3339(target),
                tol.num_seconds(),
                (g - target).num_seconds()
            )),
            None => out.push(format!(
                "an ISO-8601 date-time with zone, about {after} after the request"
            )),
        }
    }
    out
}

/// `length` and `max_length` of an array.
fn length_rules(f: &FieldCheck, node: Option<&Value>) -> Vec<String> {
    let len = node.and_then(Value::as_array).map(Vec::len);
    let mut out = Vec::new();
    if let Some(n) = f.length {
        if len != Some(n) {
            out.push(format!("an array of {n}"));
        }
    }
    if let Some(n) = f.max_length {
        if len.is_none_or(|l| l > n) {
            out.push(format!("an array of at most {n}"));
        }
    }
    out
}

fn count(node: Option<&Value>, scrub: &dyn Scrub) -> String {
    match node {
        Some(Value::Array(a)) => format!("an array of {}", a.len()),
        other => show(other, scrub),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fc(text: &str) -> FieldCheck {
        serde_json::from_str(text).unwrap()
    }

    fn run(doc: &Value, f: &str) -> Vec<Finding> {
        check(
            doc,
            &fc(f),
            &Scope::new(Utc::now()),
            Utc::now(),
            &super::super::NoSecrets,
        )
    }

    #[test]
    fn wildcard_selects_every_element() {
        let doc = json!({"objects": [{"type": "ftm"}, {"type": "ftk"}]});
        let sel = select(&doc, "/objects/*/type");
        assert_eq!(sel.len(), 2);
        assert_eq!(sel[1].0, "/objects/1/type");
        let f = run(&doc, r#"{"at":"/objects/*/type","equals":"ftm"}"#);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].at, "/objects/1/type");
        assert!(run(
            &json!({"objects": []}),
            r#"{"at":"/objects/*/type","equals":"ftm"}"#
        )
        .is_empty());
    }

    #[test]
    fn equals_compares_numbers_by_value_and_fails_on_absent() {
        let doc = json!({"limit": 20});
        assert!(run(&doc, r#"{"at":"/limit","equals":20.0}"#).is_empty());
        assert_eq!(run(&doc, r#"{"at":"/limit","equals":21}"#).len(), 1);
        assert_eq!(run(&doc, r#"{"at":"/offset","equals":0}"#).len(), 1);
    }

    #[test]
    fn absent_and_null() {
        let doc = json!({"expiry": null});
        assert!(run(&doc, r#"{"at":"/token","absent":true}"#).is_empty());
        assert_eq!(run(&doc, r#"{"at":"/expiry","absent":true}"#).len(), 1);
        assert!(run(&doc, r#"{"at":"/expiry","is_null":true}"#).is_empty());
        assert_eq!(
            run(
                &json!({"expiry": "x"}),
                r#"{"at":"/expiry","is_null":true}"#
            )
            .len(),
            1
        );
        assert!(run(&json!("not an object"), r#"{"at":"/token","absent":true}"#).is_empty());
    }

    #[test]
    fn matches_and_one_of() {
        let doc = json!({"token": "ab12", "s": "Email"});
        assert!(run(&doc, r#"{"at":"/token","matches":"^[0-9a-f]+$"}"#).is_empty());
        assert_eq!(
            run(&doc, r#"{"at":"/token","matches":"^[0-9]+$"}"#).len(),
            1
        );
        assert!(run(&doc, r#"{"at":"/s","one_of":["Email","SMS"]}"#).is_empty());
        assert_eq!(run(&doc, r#"{"at":"/s","one_of":["SMS"]}"#).len(), 1);
    }

    #[test]
    fn same_instant_compares_times_not_strings() {
        let doc = json!({"t": "2026-12-01T11:00:00+01:00"});
        assert!(run(&doc, r#"{"at":"/t","same_instant":"2026-12-01T10:00:00Z"}"#).is_empty());
        assert_eq!(
            run(&doc, r#"{"at":"/t","same_instant":"2026-12-01T10:00:01Z"}"#).len(),
            1
        );
        assert_eq!(
            run(
                &json!({"t": "2026-12-01T10:00:00"}),
                r#"{"at":"/t","same_instant":"2026-12-01T10:00:00Z"}"#
            )
            .len(),
            1
        );
    }

    #[test]
    fn after_request_within_tolerance() {
        let sent = Utc::now();
        let soon = vars::rfc3339(sent + chrono::Duration::days(30));
        let doc = json!({"expiry": soon});
        let f = fc(r#"{"at":"/expiry","after_request":"30d"}"#);
        assert!(check(&doc, &f, &Scope::new(sent), sent, &super::super::NoSecrets).is_empty());
        let f = fc(r#"{"at":"/expiry","after_request":"29d"}"#);
        assert_eq!(
            check(&doc, &f, &Scope::new(sent), sent, &super::super::NoSecrets).len(),
            1
        );
    }

    #[test]
    fn contains_needs_an_array_holding_the_value() {
        let doc = json!({"m": ["get", "delete"], "n": [1, 2.0], "s": "get"});
        assert!(run(&doc, r#"{"at":"/m","contains":"delete"}"#).is_empty());
        assert!(run(&doc, r#"{"at":"/n","contains":2}"#).is_empty());
        let f = run(&doc, r#"{"at":"/m","contains":"post"}"#);
        assert_eq!(f.len(), 1);
        assert!(f[0].expected.contains("holding \"post\""), "{}", f[0]);
        assert_eq!(
            run(&doc, r#"{"at":"/s","contains":"get"}"#).len(),
            1,
            "a string is not an array"
        );
        assert_eq!(
            run(&doc, r#"{"at":"/x","contains":"get"}"#).len(),
            1,
            "absent"
        );
        assert_eq!(
            run(&json!({"m": []}), r#"{"at":"/m","contains":"get"}"#).len(),
            1
        );
    }

    #[test]
    fn only_absent_and_not_equals_hold_without_json() {
        assert!(holds_without_json(&fc(r#"{"at":"/sn","absent":true}"#)));
        assert!(!holds_without_json(&fc(r#"{"at":"/sn","absent":false}"#)));
        assert!(!holds_without_json(&fc(
            r#"{"at":"/sn","absent":true,"equals":1}"#
        )));
        assert!(holds_without_json(&fc(
            r#"{"at":"/m","not_equals":"Voice"}"#
        )));
        assert!(!holds_without_json(&fc(r#"{"at":"/m","contains":"get"}"#)));
        assert!(!holds_without_json(&fc(r#"{"at":"/t","is_null":true}"#)));
    }

    #[test]
    fn lengths() {
        let doc = json!({"objects": [1, 2, 3]});
        assert!(run(&doc, r#"{"at":"/objects","length":3}"#).is_empty());
        assert_eq!(run(&doc, r#"{"at":"/objects","max_length":2}"#).len(), 1);
    }

    #[test]
    fn a_wildcard_over_many_objects_lists_twenty_findings() {
        let doc = json!({"objects": vec![json!({"type": "x"}); 1000]});
        let f = run(&doc, r#"{"at":"/objects/*/type","equals":"ftm"}"#);
        assert_eq!(f.len(), 21, "{f:?}");
        assert_eq!(f[19].at, "/objects/19/type");
        assert_eq!(f[20].at, "/objects/*/type");
        assert_eq!(f[20].actual, "980 more, not listed");
    }
}
