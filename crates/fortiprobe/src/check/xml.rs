//! FortiAuthenticator's XML answers read back into the JSON document the
//! same request gives with `format=json`, by the mapping of
//! docs/xml-mapping.md ("Reading"): django-tastypie's `to_etree` rendering,
//! read as its `from_etree` reads it. The root is `<response>` (a listing,
//! the index, a schema) or `<object>` (one object); an element is read by
//! its `type` attribute (`hash`, `list`, `integer`, `float`, `boolean`,
//! `null`, none for a string), `object` and `objects` elements by their tag.
//! Pure: text in, a document or what is wrong (with where) out.

use serde_json::{Map, Number, Value};

use super::{Finding, Scrub};
use crate::exchange::Exchange;

/// Deeper than this, a document is not one tastypie writes for these APIs.
const MAX_DEPTH: usize = 64;

/// The most XML nodes (elements, texts, comments) one answer is read as:
/// twice `exchange::MAX_JSON_VALUES`, an element and its text for each
/// value; a tree of them takes under 100 MB.
pub const MAX_XML_NODES: u32 = 1_000_000;

/// The JSON document an XML answer stands for, or why it stands for none:
/// not well-formed XML, nested deeper than `MAX_DEPTH` (seen before the
/// tree is built), more than `MAX_XML_NODES` nodes, another root, a `type`
/// tastypie does not write, a value its `type` cannot hold, an object with
/// a key twice.
pub fn to_json(text: &str) -> Result<Value, String> {
    if let Some(line) = deeper_than(text, MAX_DEPTH + 1) {
        return Err(format!(
            "elements nested deeper than {MAX_DEPTH} (at line {line}), which tastypie does not write"
        ));
    }
    let options = roxmltree::ParsingOptions {
        nodes_limit: MAX_XML_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => {
            format!(
                "more than {MAX_XML_NODES} XML nodes in one answer, which fortiprobe does not read"
            )
        }
        e => format!("not well-formed XML: {e}"),
    })?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "response" | "object" => object(root, "", 0),
        other => Err(format!(
            "the root element is <{other}>, not <response> or <object>"
        )),
    }
}

/// The line where elements first nest deeper than `max`, read without
/// building a tree (memory in proportion to nothing): `<name` opens an
/// element unless it ends with `/>`, `</` closes one; comments, CDATA,
/// processing instructions and declarations open none. `None` for a
/// document within `max`, or one that is not XML (the parser says why).
fn deeper_than(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut i) = (0usize, 1usize, 0usize);
    let skip_to = |from: usize, end: &str| {
        text.get(from..)
            .and_then(|t| t.find(end))
            .map_or(bytes.len(), |j| from + j + end.len())
    };
    while i < bytes.len() {
        let next = match bytes[i] {
            b'<' if text[i..].starts_with("<!--") => skip_to(i, "-->"),
            b'<' if text[i..].starts_with("<![CDATA[") => skip_to(i, "]]>"),
            b'<' if text[i..].starts_with("<?") => skip_to(i, "?>"),
            b'<' if text[i..].starts_with("<!") => skip_to(i, ">"),
            b'<' if text[i..].starts_with("</") => {
                depth = depth.saturating_sub(1);
                skip_to(i, ">")
            }
            b'<' => {
                let end = tag_end(bytes, i);
                if bytes.get(end.saturating_sub(2)) != Some(&b'/') {
                    depth += 1;
                    if depth > max {
                        return Some(line);
                    }
                }
                end
            }
            _ => i + 1,
        };
        line += bytes[i..next].iter().filter(|b| **b == b'\n').count();
        i = next;
    }
    None
}

/// Just past the `>` that ends the start tag at `at` (quoted attribute
/// values may hold a `>`).
fn tag_end(bytes: &[u8], at: usize) -> usize {
    let mut quote = None;
    for (j, &b) in bytes.iter().enumerate().skip(at + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return j + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// An answer that must be XML: 200, `Content-Type: application/xml`, a
/// body that reads as a document. The document, or what is wrong.
pub fn answer(ex: &Exchange, scrub: &dyn Scrub) -> Result<Value, Vec<Finding>> {
    let mut out = Vec::new();
    if let Some(f) = super::status(ex.status, &crate::suite::case::StatusSpec::One(200)) {
        return Err(vec![f]);
    }
    let got = ex.header("content-type");
    let media = got.and_then(|g| g.split(';').next()).map(str::trim);
    if !media.is_some_and(|m| m.eq_ignore_ascii_case("application/xml")) {
        out.push(Finding::new(
            "header content-type",
            "`application/xml`",
            got.map_or("no Content-Type header".to_string(), |g| format!("`{g}`")),
        ));
    }
    let text = std::str::from_utf8(&ex.body).map_err(|e| e.to_string());
    match text.and_then(to_json) {
        Ok(doc) if out.is_empty() => return Ok(doc),
        Ok(_) => {}
        Err(e) => out.push(Finding::new(
            "body",
            "an XML document as tastypie writes it (docs/xml-mapping.md)",
            format!("{} ({e})", super::describe_body(&ex.body, scrub)),
        )),
    }
    Err(out)
}

/// The exchange with its XML body replaced by the JSON document it reads
/// as, so that it is judged as the JSON answer would be (status, schema,
/// known deviations).
pub fn as_json(ex: &Exchange, doc: Value) -> Exchange {
    let mut headers: Vec<(String, String)> = ex
        .headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
        .cloned()
        .collect();
    headers.push(("content-type".into(), "application/json".into()));
    let parsed = std::sync::OnceLock::new();
    let body = serde_json::to_vec(&doc).unwrap_or_default();
    let _ = parsed.set(Ok(doc));
    Exchange {
        method: ex.method,
        target: ex.target.clone(),
        status: ex.status,
        headers,
        body,
        sent_at: ex.sent_at,
        elapsed: ex.elapsed,
        parsed,
        large: ex.large.clone(),
        recorded: ex.recorded,
    }
}

/// One element read by its `type` (or its tag); `at` is the JSON pointer of
/// the value it becomes, for messages.
fn read(e: roxmltree::Node<'_, '_>, at: &str, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("at {at}: elements nested deeper than {MAX_DEPTH}"));
    }
    let tag = e.tag_name().name();
    let kind = e.attribute("type");
    match kind {
        Some("hash") => return object(e, at, depth),
        None if tag == "object" => return object(e, at, depth),
        Some("list") => return list(e, at, depth),
        None if tag == "objects" => return list(e, at, depth),
        _ => {}
    }
    if let Some(child) = e.children().find(|c| c.is_element()) {
        return Err(format!(
            "at {at}: <{tag}> is a scalar (type {}) but holds the element <{}>",
            kind.unwrap_or("string"),
            child.tag_name().name()
        ));
    }
    let text: String = e.children().filter_map(|c| c.text()).collect();
    let number = |n: Option<Number>, what: &str| {
        n.map(Value::Number)
            .ok_or_else(|| format!("at {at}: <{tag} type=\"{what}\"> holds {text:?}"))
    };
    match kind {
        None | Some("string") => Ok(Value::String(text)),
        Some("integer") => number(integer(&text), "integer"),
        Some("float") => number(
            text.trim()
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64),
            "float",
        ),
        Some("boolean") => Ok(Value::Bool(text == "True")),
        Some("null") => Ok(Value::Null),
        Some(other) => Err(format!(
            "at {at}: <{tag}> has type {other:?}, not one tastypie writes (hash, list, integer, float, boolean, null, or none for a string)"
        )),
    }
}

fn integer(text: &str) -> Option<Number> {
    let t = text.trim();
    t.parse::<i64>()
        .map(Number::from)
        .ok()
        .or_else(|| t.parse::<u64>().ok().map(Number::from))
}

/// An object: one key per child element, its tag.
fn object(e: roxmltree::Node<'_, '_>, at: &str, depth: usize) -> Result<Value, String> {
    let mut map = Map::new();
    for child in e.children().filter(|c| c.is_element()) {
        let key = child.tag_name().name();
        let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
        if map.contains_key(key) {
            return Err(format!(
                "at {here}: <{}> holds <{key}> twice (an object has each key once)",
                e.tag_name().name()
            ));
        }
        map.insert(key.to_string(), read(child, &here, depth + 1)?);
    }
    Ok(Value::Object(map))
}

/// An array: its child elements in order, their tags carry no key.
fn list(e: roxmltree::Node<'_, '_>, at: &str, depth: usize) -> Result<Value, String> {
    e.children()
        .filter(|c| c.is_element())
        .enumerate()
        .map(|(i, c)| read(c, &format!("{at}/{i}"), depth + 1))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LISTING: &str = "<?xml version='1.0' encoding='utf-8'?>\n<response><meta type=\"hash\"><limit type=\"integer\">2</limit><next>/api/v1/fortitokens/?offset=2&amp;limit=2&amp;format=xml</next><offset type=\"integer\">0</offset><previous type=\"null\"/><total_count type=\"integer\">3</total_count></meta><objects type=\"list\"><object><last_used_at type=\"null\"/><license></license><locked type=\"boolean\">False</locked><resource_uri>/api/v1/fortitokens/1/</resource_uri><serial>FTK1</serial><status>available</status><type>ftk</type></object><object><license/><locked type=\"boolean\">True</locked><resource_uri>/api/v1/fortitokens/2/</resource_uri><serial>FTK2</serial><status>new</status><type>ftm</type></object></objects></response>";

    #[test]
    fn a_listing_reads_as_its_json_document() {
        assert_eq!(
            to_json(LISTING).unwrap(),
            json!({
                "meta": {"limit": 2, "next": "/api/v1/fortitokens/?offset=2&limit=2&format=xml",
                         "offset": 0, "previous": null, "total_count": 3},
                "objects": [
                    {"last_used_at": null, "license": "", "locked": false,
                     "resource_uri": "/api/v1/fortitokens/1/", "serial": "FTK1", "status": "available", "type": "ftk"},
                    {"license": "", "locked": true,
                     "resource_uri": "/api/v1/fortitokens/2/", "serial": "FTK2", "status": "new", "type": "ftm"}
                ]
            })
        );
    }

    #[test]
    fn one_object_nested_hashes_lists_values_and_floats() {
        let doc = "<object><fields type=\"hash\"><serial type=\"hash\"><nullable type=\"boolean\">False</nullable></serial></fields><allowed type=\"list\"><value>get</value><value>delete</value></allowed><nested type=\"list\"><objects><value type=\"integer\">1</value></objects><object type=\"hash\"><a type=\"float\">2.5</a></object></nested><big type=\"integer\">18446744073709551615</big></object>";
        assert_eq!(
            to_json(doc).unwrap(),
            json!({"fields": {"serial": {"nullable": false}}, "allowed": ["get", "delete"],
                   "nested": [[1], {"a": 2.5}], "big": 18446744073709551615u64})
        );
    }

    #[test]
    fn untyped_scalars_read_as_strings_so_they_differ_from_the_json() {
        let untyped = LISTING
            .replace(" type=\"integer\"", "")
            .replace(" type=\"boolean\"", "");
        let doc = to_json(&untyped).unwrap();
        assert_eq!(doc["meta"]["limit"], json!("2"));
        assert_eq!(doc["objects"][0]["locked"], json!("False"));
    }

    #[test]
    fn what_is_not_tastypie_xml_says_where_and_why() {
        for (bad, says) in [
            ("{\"meta\": {}}", "well-formed"),
            ("<response><meta type=\"hash\">", "well-formed"),
            ("<html><body/></html>", "<html>"),
            (
                "<response><limit type=\"integer\">twenty</limit></response>",
                "at /limit",
            ),
            (
                "<response><a type=\"float\">x</a></response>",
                "type=\"float\"",
            ),
            ("<response><a type=\"date\">x</a></response>", "\"date\""),
            ("<response><a>1</a><a>2</a></response>", "twice"),
            (
                "<response><serial>F<b>1</b></serial></response>",
                "holds the element <b>",
            ),
            (
                "<!DOCTYPE response [<!ENTITY x \"y\">]><response/>",
                "well-formed",
            ),
        ] {
            let e = to_json(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let deep = format!(
            "<response>{}{}</response>",
            "<a type=\"hash\">".repeat(70),
            "</a>".repeat(70)
        );
        assert!(to_json(&deep).unwrap_err().contains("deeper"));
    }

    #[test]
    fn depth_is_read_before_a_tree_is_built() {
        assert_eq!(deeper_than("<a><b/><c x='>'><d/></c></a>", 2), None);
        assert_eq!(deeper_than("<a>\n<b>\n<c>", 2), Some(3));
        assert_eq!(
            deeper_than("<a><!-- <b><c> --><![CDATA[<b><c>]]><?p <b>?></a>", 1),
            None
        );
        // 4.8 million levels (33 MB, under the body cap): refused at once.
        let levels = 4_800_000;
        let deep = format!(
            "<response>{}{}</response>",
            "<a>".repeat(levels),
            "</a>".repeat(levels)
        );
        let e = to_json(&deep).unwrap_err();
        assert!(e.contains("nested deeper than 64 (at line 1)"), "{e}");
        let wide = format!(
            "<response>{}</response>",
            "<a/>".repeat(MAX_XML_NODES as usize)
        );
        let e = to_json(&wide).unwrap_err();
        assert!(e.contains("more than 1000000 XML nodes"), "{e}");
    }

    #[test]
    fn an_index_answer_reads() {
        // The resource index (REST API Solution Guide, General API usage,
        // `GET /api/v1/?format=xml`), one resource of it.
        let doc = "<?xml version='1.0' encoding='utf-8'?>\n<response><fortitokens type=\"hash\"><list_endpoint>/api/v1/fortitokens/</list_endpoint><schema>/api/v1/fortitokens/schema/</schema></fortitokens></response>";
        assert_eq!(
            to_json(doc).unwrap(),
            json!({"fortitokens": {"list_endpoint": "/api/v1/fortitokens/", "schema": "/api/v1/fortitokens/schema/"}})
        );
    }
}
