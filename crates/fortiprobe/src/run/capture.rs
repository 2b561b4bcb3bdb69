//! Where a step's captured value comes from: a JSON pointer into the
//! answer's body (through one array by `*`, the first element whose fields
//! equal the capture's `where`), or a response header. A header that is a
//! URL on the target's own origin (an absolute `Location`, as older Django
//! sends it) is kept as its path and query, so a later step can use it as
//! its `path`; a URL elsewhere is kept whole, and a step that uses it is
//! refused for leading to another host.

use serde_json::Value;

use crate::check::fields::same_value;
use crate::client::http::Exchange;
use crate::client::link::target_of;
use crate::suite::case::{CaptureFrom, CaptureSpec};
use crate::vars::Scope;

/// The value `spec` names in the answer (`doc` is its body as judged),
/// `None` when there is none (or it is null).
pub(super) fn value(
    spec: &CaptureSpec,
    doc: &Value,
    ex: &Exchange,
    base: &url::Url,
    scope: &Scope,
) -> Option<Value> {
    let found = match &spec.from {
        CaptureFrom::Header(name) => ex.header(name).map(|h| Value::from(local(h, base))),
        CaptureFrom::Body(at) if spec.where_.is_empty() => doc.pointer(at).cloned(),
        CaptureFrom::Body(at) => element(doc, at, spec, scope),
    };
    found.filter(|v| !v.is_null())
}

/// Why `spec` found nothing in the answer to `request`, in plain terms:
/// a listing with no object, a field or header the answer did not have.
pub(super) fn why_none(spec: &CaptureSpec, doc: &Value, ex: &Exchange, request: &str) -> String {
    let answered = format!("the answer to {request} ({})", ex.status);
    match &spec.from {
        CaptureFrom::Header(name) => format!("{answered} has no `{name}` header"),
        CaptureFrom::Body(at) => {
            let array = at.split_once("/*").map_or_else(
                || {
                    at.rsplit_once('/')
                        .map_or("", |(a, _)| a)
                        .trim_end_matches("/0")
                },
                |(a, _)| a,
            );
            let list = if array.is_empty() {
                None
            } else {
                doc.pointer(array).and_then(Value::as_array)
            };
            match list {
                Some(l) if l.is_empty() => format!(
                    "{request} listed no object (an empty listing at {array}), so there is no {}",
                    place(spec)
                ),
                Some(_) if !spec.where_.is_empty() => {
                    format!("no object {request} listed has {}", place(spec))
                }
                _ if ex.body.trim_ascii().is_empty() => {
                    format!(
                        "{answered} had an empty body, so there is no {}",
                        place(spec)
                    )
                }
                _ => format!("{answered} has no {} (or it is null)", place(spec)),
            }
        }
    }
}

/// Where the value was looked for, for a finding.
pub(super) fn place(spec: &CaptureSpec) -> String {
    match &spec.from {
        CaptureFrom::Body(at) if spec.where_.is_empty() => at.clone(),
        CaptureFrom::Body(at) => {
            let fields: Vec<String> = spec
                .where_
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            format!("{at} where {}", fields.join(" and "))
        }
        CaptureFrom::Header(name) => format!("header {name}"),
    }
}

/// `text` as a path on the target when it is an absolute URL on the
/// target's origin; as it is otherwise.
fn local(text: &str, base: &url::Url) -> String {
    match url::Url::parse(text) {
        Ok(u) if u.origin() == base.origin() => target_of(&u),
        _ => text.to_string(),
    }
}

/// `/objects/*/serial` with `where: {locked: false}`: the `serial` of the
/// first element of `/objects` whose `locked` is false.
fn element(doc: &Value, at: &str, spec: &CaptureSpec, scope: &Scope) -> Option<Value> {
    let (array, rest) = at.split_once("/*")?;
    let wanted: Vec<(&String, Value)> = spec
        .where_
        .iter()
        .map(|(k, v)| scope.substitute_value(v).ok().map(|v| (k, v)))
        .collect::<Option<_>>()?;
    doc.pointer(array)?
        .as_array()?
        .iter()
        .find(|e| {
            wanted
                .iter()
                .all(|(k, v)| e.get(k.as_str()).is_some_and(|x| same_value(x, v)))
        })
        .and_then(|e| e.pointer(rest).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::case::Capture;
    use serde_json::json;

    fn exchange(headers: &[(&str, &str)]) -> Exchange {
        Exchange {
            method: "POST",
            target: "/api/v1/localusers/".into(),
            status: 201,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
            sent_at: chrono::Utc::now(),
            elapsed: std::time::Duration::ZERO,
            parsed: Default::default(),
            large: None,
            recorded: None,
        }
    }

    fn spec(json: &str) -> CaptureSpec {
        serde_json::from_str::<Capture>(json).unwrap().spec()
    }

    #[test]
    fn a_location_on_the_target_is_kept_as_its_path() {
        let base = url::Url::parse("https://fac.example:8443/").unwrap();
        let scope = Scope::new(chrono::Utc::now());
        let location = spec(r#"{"header": "Location"}"#);
        let got = |h: &str| {
            value(
                &location,
                &Value::Null,
                &exchange(&[("location", h)]),
                &base,
                &scope,
            )
        };
        assert_eq!(
            got("/api/v1/localusers/7/"),
            Some(json!("/api/v1/localusers/7/"))
        );
        assert_eq!(
            got("https://fac.example:8443/api/v1/localusers/7/"),
            Some(json!("/api/v1/localusers/7/"))
        );
        assert_eq!(
            got("https://elsewhere.example/api/v1/localusers/7/"),
            Some(json!("https://elsewhere.example/api/v1/localusers/7/")),
            "kept whole: the step that uses it is refused"
        );
        assert_eq!(
            value(&location, &Value::Null, &exchange(&[]), &base, &scope),
            None
        );
        assert_eq!(place(&location), "header Location");
    }

    #[test]
    fn where_takes_the_first_element_whose_fields_match() {
        let base = url::Url::parse("https://fac.example/").unwrap();
        let mut scope = Scope::new(chrono::Utc::now());
        scope.set("name", json!("C"));
        let doc = json!({"objects": [
            {"serial": "A", "locked": true, "n": 1},
            {"serial": "B", "locked": false, "n": 2.0},
            {"serial": "C", "locked": false, "n": 2}]});
        let ex = exchange(&[]);
        let pick = |json: &str| value(&spec(json), &doc, &ex, &base, &scope);
        assert_eq!(
            pick(r#"{"at": "/objects/*/serial", "where": {"locked": false}}"#),
            Some(json!("B"))
        );
        assert_eq!(
            pick(r#"{"at": "/objects/*/serial", "where": {"n": 2}}"#),
            Some(json!("B")),
            "numbers by value"
        );
        assert_eq!(
            pick(r#"{"at": "/objects/*/serial", "where": {"locked": false, "serial": "C"}}"#),
            Some(json!("C"))
        );
        assert_eq!(
            pick(r#"{"at": "/objects/*/n", "where": {"serial": "${name}"}}"#),
            Some(json!(2))
        );
        assert_eq!(
            pick(r#"{"at": "/objects/*/serial", "where": {"locked": "false"}}"#),
            None
        );
        assert_eq!(
            pick(r#"{"at": "/objects/*/serial", "where": {"serial": "${nope}"}}"#),
            None
        );
        assert_eq!(
            pick(r#"{"at": "/missing/*/serial", "where": {"locked": false}}"#),
            None
        );
        assert_eq!(
            place(&spec(
                r#"{"at": "/objects/*/serial", "where": {"locked": false}}"#
            )),
            "/objects/*/serial where locked = false"
        );
    }

    #[test]
    fn what_was_missing_is_said_in_plain_terms() {
        let ex = exchange(&[]);
        let req = "GET /api/v1/localusers/?username=x";
        let serial = spec(r#"{"at": "/objects/0/username"}"#);
        let empty = json!({"meta": {"total_count": 0}, "objects": []});
        assert_eq!(
            why_none(&serial, &empty, &ex, req),
            "GET /api/v1/localusers/?username=x listed no object (an empty listing at /objects), so there is no /objects/0/username"
        );
        let star = spec(r#"{"at": "/objects/*/id", "where": {"username": "x"}}"#);
        let other = json!({"objects": [{"username": "y", "id": 1}]});
        assert_eq!(
            why_none(&star, &other, &ex, req),
            "no object GET /api/v1/localusers/?username=x listed has /objects/*/id where username = \"x\""
        );
        assert_eq!(
            why_none(
                &spec(r#"{"header": "Location"}"#),
                &Value::Null,
                &ex,
                "POST /x"
            ),
            "the answer to POST /x (201) has no `Location` header"
        );
        assert_eq!(
            why_none(&spec(r#"{"at": "/id"}"#), &Value::Null, &ex, "POST /x"),
            "the answer to POST /x (201) had an empty body, so there is no /id"
        );
        let mut scope = Scope::new(chrono::Utc::now());
        assert!(scope
            .why_missing("user")
            .ends_with("no answer of this case gave one"));
        scope.miss("user", "why".into());
        assert_eq!(scope.why_missing("user"), "no `user` to go on with: why");
    }
}
