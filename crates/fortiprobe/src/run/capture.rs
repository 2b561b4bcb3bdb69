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
}
