//! The mock's XML read back by the mapping of docs/xml-mapping.md gives the
//! JSON answer of the same request: a listing (meta and objects, links but
//! for their `format`), one token, the resource index and the schema. The
//! reader here is a small one for the subset tastypie writes (elements, a
//! `type` attribute, text; no CDATA, comments or other attributes).

use serde_json::{Map, Value};

use super::Mock;

/// One element: its tag, its `type` attribute, its children and text.
#[derive(Debug, Default)]
struct Element {
    tag: String,
    kind: Option<String>,
    children: Vec<Element>,
    text: String,
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses the document into its root element; panics on anything else.
fn parse(doc: &str) -> Element {
    let body = doc
        .strip_prefix("<?xml version='1.0' encoding='utf-8'?>\n")
        .expect("tastypie's declaration");
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').expect("closed tag");
            let done = stack.pop().expect("open element");
            assert_eq!(done.tag, &after[..end], "tags nest");
            stack.last_mut().expect("parent").children.push(done);
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').expect("tag ends");
            let (head, empty) = match after[..end].strip_suffix('/') {
                Some(head) => (head, true),
                None => (&after[..end], false),
            };
            let mut parts = head.splitn(2, ' ');
            let tag = parts.next().unwrap_or_default().to_string();
            let kind = parts.next().map(|attr| {
                attr.strip_prefix("type=\"")
                    .and_then(|a| a.strip_suffix('"'))
                    .expect("only a type attribute")
                    .to_string()
            });
            let element = Element {
                tag,
                kind,
                ..Element::default()
            };
            if empty {
                stack.last_mut().expect("parent").children.push(element);
            } else {
                stack.push(element);
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            stack
                .last_mut()
                .expect("element")
                .text
                .push_str(&unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    let mut top = stack.pop().expect("document");
    assert!(stack.is_empty(), "every element closed");
    assert_eq!(top.children.len(), 1, "one root");
    top.children.remove(0)
}

/// docs/xml-mapping.md, "Reading".
fn read(e: &Element) -> Value {
    match e.kind.as_deref() {
        Some("hash") => object(e),
        None if matches!(e.tag.as_str(), "object" | "response") => object(e),
        Some("list") => Value::Array(e.children.iter().map(read).collect()),
        None if e.tag == "objects" => Value::Array(e.children.iter().map(read).collect()),
        Some("integer") => Value::from(e.text.parse::<i64>().expect("integer")),
        Some("float") => Value::from(e.text.parse::<f64>().expect("float")),
        Some("boolean") => Value::from(e.text == "True"),
        Some("null") => Value::Null,
        _ => Value::from(e.text.clone()),
    }
}

fn object(e: &Element) -> Value {
    let map: Map<String, Value> = e
        .children
        .iter()
        .map(|c| (c.tag.clone(), read(c)))
        .collect();
    Value::Object(map)
}

/// The links with their `format` parameter dropped.
fn without_format(doc: &mut Value) {
    for link in ["next", "previous"] {
        if let Some(Value::String(s)) = doc.pointer_mut(&format!("/meta/{link}")) {
            *s = s
                .split('&')
                .filter(|p| !p.starts_with("format="))
                .collect::<Vec<_>>()
                .join("&");
        }
    }
}

#[tokio::test]
async fn xml_read_by_the_documented_mapping_is_the_json_answer() {
    let mock = Mock::start(super::super::MockOptions {
        extra_field: true,
        ..super::super::MockOptions::default()
    })
    .await;
    for (path, links) in [
        (
            "/api/v1/fortitokens/?limit=3&offset=3&status=available",
            true,
        ),
        ("/api/v1/fortitokens/?limit=1000", true),
        ("/api/v1/fortitokens/2/?", false),
        ("/api/v1/?", false),
        ("/api/v1/fortitokens/schema/?", false),
    ] {
        let xml = mock.fac_get(&format!("{path}&format=xml")).await.text();
        let mut from_xml = read(&parse(&xml));
        let mut json = mock.fac_get(&format!("{path}&format=json")).await.json();
        if links {
            without_format(&mut from_xml);
            without_format(&mut json);
        }
        assert_eq!(from_xml, json, "{path}");
    }
}

#[tokio::test]
async fn untyped_xml_does_not_read_as_the_json_answer() {
    let mut opts = super::super::MockOptions::default();
    opts.faults
        .insert(super::super::faults::Fault::FacXmlUntyped);
    let mock = Mock::start(opts).await;
    let path = "/api/v1/fortitokens/?limit=2";
    let from_xml = read(&parse(
        &mock.fac_get(&format!("{path}&format=xml")).await.text(),
    ));
    assert_eq!(
        from_xml["meta"]["total_count"], "60",
        "a number read as text"
    );
    assert_eq!(
        from_xml["meta"]["previous"], "",
        "null read as an empty string"
    );
}
