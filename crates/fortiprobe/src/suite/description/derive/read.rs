//! Reads of a described resource: the list envelope (by `format` and by
//! `Accept`), the default page size, one object by its URI in each
//! documented form, no credentials, pagination walks and the XML answer;
//! the document of a single resource; and a GET refused where the guide
//! allows none.

use serde_json::json;

use super::{basis, case, cite, general, get, step, Gen};
use crate::suite::case::{Basis, Method};
use crate::suite::description::model::{FieldType, Kind, MethodFact};

pub(super) fn cases(g: &mut Gen) {
    match g.d.head.kind {
        Kind::Collection => collection(g),
        Kind::Single => single(g),
        Kind::Action => action(g),
    }
}

/// The documented row of `method` at the list URI (`detail` false) or a
/// detail URI, with its index in `methods`.
pub(super) fn fact<'a>(
    g: &Gen<'a>,
    method: Method,
    detail: bool,
) -> Option<(usize, &'a MethodFact)> {
    g.d.body
        .methods
        .iter()
        .enumerate()
        .find(|(_, m)| m.method == method && m.uri.contains("[id]") == detail)
}

fn collection(g: &mut Gen) {
    let Some((i, list)) = fact(g, Method::Get, false) else {
        return;
    };
    let at = format!("/methods/{i}");
    let d = g.d;
    let path = d.head.path.clone();
    let schema = d.schema_path("list");
    let src = format!(
        "{}; {}; {}",
        cite(d, &list.source),
        general::GENERAL_FILTERS,
        general::FILTERING
    );
    let b = basis(&[list.basis]);
    let title = &d.head.title;
    g.tag("list_format_json", &super::uri_rule(list), None);
    tag_answers(g, "list_format_json");
    g.add(
        &at,
        case(
            "list_format_json",
            format!("GET {path}?format=json answers {}, application/json, the list envelope of {title} (every object as the description's fields say)", list.status),
            b,
            src.clone(),
            json!({"steps": [step(get(&path, &[]), json!({
                "status": list.status, "content_type": "application/json", "schema": schema,
                "fields": [{"at": "/meta/offset", "equals": 0}, {"at": "/meta/previous", "is_null": true}]}))]}),
        ),
    );
    g.add(
        &at,
        case(
            "list_accept_json",
            format!("Accept: application/json without `format` answers {} with the JSON list of {title}", list.status),
            b,
            src.clone(),
            json!({"steps": [step(json!({"path": path, "headers": {"Accept": "application/json"}}), json!({
                "status": list.status, "content_type": "application/json", "schema": schema}))]}),
        ),
    );
    g.add(
        &at,
        case(
            "list_default_limit_is_20",
            "without `limit`, a page holds at most 20 objects and meta.limit is 20".into(),
            b,
            src.clone(),
            json!({"steps": [step(get(&path, &[]), json!({"status": list.status, "schema": schema,
                "fields": [{"at": "/meta/limit", "equals": 20}, {"at": "/objects", "max_length": 20}]}))]}),
        ),
    );
    g.add(
        &at,
        case(
            "no_credentials_is_401",
            "a request without credentials is refused with 401".into(),
            "doc",
            general::CODES.to_string(),
            json!({"steps": [step(json!({"path": path, "query": [{"format": "json"}], "auth": "none"}),
                json!({"status": 401, "fields": [{"at": "/objects", "absent": true}]}))]}),
        ),
    );
    walks(g, &at, b, &src);
    g.add(
        &at,
        case(
            "format_xml_gives_the_same_answer_in_xml",
            "?format=xml answers application/xml, a document that reads (docs/xml-mapping.md) as the ?format=json answer: the same objects and meta".into(),
            b,
            format!("{src}; docs/xml-mapping.md"),
            json!({"check": {"kind": "same_answer", "path": path, "schema": schema, "limit": 2, "against": "format_xml"}}),
        ),
    );
    detail(g, &schema);
    parameters(g, &schema);
}

/// Walks at a small limit and at the default one.
fn walks(g: &mut Gen, at: &str, b: &str, src: &str) {
    let path = g.d.head.path.clone();
    let schema = g.d.schema_path("list");
    for (name, limit, what) in [
        (
            "walk_limit_7",
            json!(7),
            "limit=7: following meta.next, every object exactly once, links right on every page",
        ),
        (
            "walk_default_limit",
            json!("default"),
            "no limit: pages of 20, every object exactly once, links right",
        ),
    ] {
        g.add(
            at,
            case(
                name,
                what.into(),
                b,
                src.to_string(),
                json!({"check": {
                "kind": "pagination", "path": path, "schema": schema, "limit": limit}}),
            ),
        );
    }
}

/// Each documented boolean parameter, `true` and `false`: the list
/// envelope still; with `false`, the field it leaves out is absent or
/// empty in every object.
fn parameters(g: &mut Gen, schema: &str) {
    let d = g.d;
    for (name, p) in d.body.parameters.clone() {
        let at = format!("/parameters/{name}");
        let src = cite(d, &p.source);
        for flag in ["true", "false"] {
            let mut fields = Vec::new();
            let mut summary = format!("?{name}={flag} answers 200 with the list envelope");
            g.tag(&format!("{name}_{flag}"), "parameter", Some(&name));
            if let (Some(h), "false") = (&p.hides, flag) {
                fields.push(json!({"at": format!("/objects/*/{h}/0"), "absent": true}));
                summary.push_str(&format!(", no object showing a `{h}` member"));
            }
            g.add(
                &at,
                case(
                    &format!("{name}_{flag}"),
                    summary,
                    basis(&[p.basis]),
                    src.clone(),
                    json!({"steps": [step(get(&d.head.path, &[(name.as_str(), flag.into())]), json!({
                        "status": 200, "schema": schema, "fields": fields}))]}),
                ),
            );
        }
    }
}

/// One object by the `resource_uri` of the first listed, in each
/// documented form of the detail URI.
fn detail(g: &mut Gen, list_schema: &str) {
    let d = g.d;
    let forms: Vec<(usize, &MethodFact)> = d
        .body
        .methods
        .iter()
        .enumerate()
        .filter(|(_, m)| m.method == Method::Get && m.uri.contains("[id]"))
        .collect();
    for (n, (i, m)) in forms.into_iter().enumerate() {
        let slashed = m.uri.ends_with('/');
        let name = match n {
            0 => "get_one_by_resource_uri".to_string(),
            _ if slashed => "get_one_by_slashed_uri".to_string(),
            _ => "get_one_by_unslashed_uri".to_string(),
        };
        g.tag(&name, &super::uri_rule(m), None);
        let mut second = json!({"path": "${uri}", "query": [{"format": "json"}]});
        if !slashed {
            second["trailing_slash"] = json!(false);
            second["redirect"] = json!("follow_once");
        }
        g.add(
            &format!("/methods/{i}"),
            case(
                &name,
                format!(
                    "GET {} of the first listed object answers {} with that object",
                    m.uri, m.status
                ),
                basis(&[m.basis]),
                cite(d, &m.source),
                json!({"steps": [
                    {"request": get(&d.head.path, &[("limit", "1".into())]),
                     "expect": {"status": 200, "schema": list_schema},
                     "capture": {"uri": {"at": "/objects/0/resource_uri", "optional": true}}},
                    step(second, json!({"status": m.status, "content_type": "application/json",
                        "schema": d.schema_path("object"),
                        "fields": [{"at": "/resource_uri", "equals": "${uri}"}]})),
                ]}),
            ),
        );
    }
}

/// Records that case `name`, which checks answers against the
/// description's schema, checks each documented field's list (`enum`) and
/// each boolean's type.
fn tag_answers(g: &mut Gen, name: &str) {
    let d = g.d;
    for (field, f) in d.body.fields.iter().filter(|(_, f)| f.basis == Basis::Doc) {
        if f.enumeration.is_some() {
            g.tag(name, "answer:enum", Some(field));
        }
        if f.kind == FieldType::Boolean {
            g.tag(name, "answer:boolean", Some(field));
        }
    }
}

fn single(g: &mut Gen) {
    let Some((i, m)) = fact(g, Method::Get, false) else {
        return;
    };
    let d = g.d;
    let at = format!("/methods/{i}");
    let path = d.head.path.clone();
    tag_answers(g, "get_format_json");
    g.add(
        &at,
        case(
            "get_format_json",
            format!("GET {path}?format=json answers {}, application/json, the document the description's fields say", m.status),
            basis(&[m.basis]),
            cite(d, &m.source),
            json!({"steps": [step(get(&path, &[]), json!({
                "status": m.status, "content_type": "application/json", "schema": d.schema_path("object")}))]}),
        ),
    );
    g.add(
        &at,
        case(
            "no_credentials_is_401",
            "a request without credentials is refused with 401".into(),
            "doc",
            general::CODES.to_string(),
            json!({"steps": [step(json!({"path": path, "query": [{"format": "json"}], "auth": "none"}),
                json!({"status": 401}))]}),
        ),
    );
}

/// An endpoint that only takes requests: a GET, which the guide does not
/// list, is refused (it changes nothing, so it is safe to send).
fn action(g: &mut Gen) {
    let d = g.d;
    if d.allows(Method::Get, false) || d.body.methods.is_empty() {
        return;
    }
    let path = d.head.path.clone();
    let listed: Vec<String> = d
        .body
        .methods
        .iter()
        .map(|m| format!("{} {}", m.method.as_str(), m.uri))
        .collect();
    let sources = super::cite_all(d, d.body.methods.iter().map(|m| &m.source));
    g.tag("get_is_refused", "unlisted:get-list", None);
    g.add(
        "/methods",
        case(
            "get_is_refused",
            format!(
                "GET {path}, a method the guide does not list (only {}), is refused with a 4xx",
                listed.join(", ")
            ),
            "doc",
            format!("{sources}; {}", general::METHODS),
            json!({"steps": [step(get(&path, &[]), json!({"status": "4xx"}))]}),
        ),
    );
}
