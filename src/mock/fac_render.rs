//! How FortiAuthenticator answers look on the wire: one fortitoken object
//! with its keys in the chosen order and its values in the doc's or the
//! appliance's ([seen]) shapes, and the JSON (Python-style separators, as
//! Django's encoder writes them) or tastypie-like XML rendering of a value.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::data::Token;
use super::fac_query::Format;
use super::reply::{self, EXTRA_FIELD};
use super::KeyOrder;

/// How token objects are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    pub(crate) key_order: KeyOrder,
    pub(crate) extra_field: bool,
    /// The [seen] shapes of a real appliance.
    pub(crate) seen: bool,
}

/// `resource_uri` of the token with `id`.
pub(crate) fn resource_uri(id: u64) -> String {
    format!("/api/v1/fortitokens/{id}/")
}

/// One token as a JSON object, keys in the documented order first.
pub(crate) fn token_object(token: &Token, shape: Shape) -> Value {
    let last_used_at = match (token.last_used_at, shape.seen) {
        (Some(at), false) => Value::from(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        (Some(at), true) => Value::from(at.format("%Y-%m-%dT%H:%M:%S").to_string()),
        (None, false) => Value::Null,
        (None, true) => Value::from("N/A"),
    };
    let mut fields: Vec<(&str, Value)> = vec![
        ("resource_uri", Value::from(resource_uri(token.id))),
        ("serial", Value::from(token.serial.as_str())),
        ("type", Value::from(token.kind.as_str())),
        ("status", Value::from(token.status.as_str())),
        ("locked", Value::from(token.locked)),
        ("license", Value::from(token.license.as_str())),
        ("last_used_at", last_used_at),
    ];
    let order = if shape.seen {
        KeyOrder::Alphabetical
    } else {
        shape.key_order
    };
    match order {
        KeyOrder::Documented => {}
        KeyOrder::Alphabetical => fields.sort_by(|a, b| a.0.cmp(b.0)),
        KeyOrder::Reversed => fields.reverse(),
    }
    let mut object: Map<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    if shape.extra_field {
        object.insert(EXTRA_FIELD.0.to_string(), Value::from(EXTRA_FIELD.1));
    }
    Value::Object(object)
}

/// A 200 answer with `value` rendered in `format`; `root` names the XML
/// root element (`response` for lists, `object` for one object).
pub(crate) fn render(status: StatusCode, value: &Value, format: Format, root: &str) -> Response {
    match format {
        Format::Json => reply::bytes_with_type(status, python_json(value), "application/json"),
        Format::Xml => {
            reply::bytes_with_type(status, xml(value, root).into_bytes(), "application/xml")
        }
    }
}

/// The JSON bytes the list answers with.
pub(crate) fn json_bytes(value: &Value) -> Vec<u8> {
    python_json(value)
}

/// JSON with `", "` and `": "` separators, as Python's `json.dumps` writes it.
fn python_json(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    match serde::Serialize::serialize(value, &mut serializer) {
        Ok(()) => out,
        Err(_) => serde_json::to_vec(value).unwrap_or_default(),
    }
}

struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

/// Tastypie-like XML: `<response><meta>…</meta><objects type="list"><object>…`.
pub(crate) fn xml(value: &Value, root: &str) -> String {
    let mut out = String::from("<?xml version='1.0' encoding='utf-8'?>\n");
    match value {
        Value::Object(map) => {
            out.push('<');
            out.push_str(root);
            out.push('>');
            for (key, child) in map {
                xml_element(&mut out, key, child);
            }
            out.push_str("</");
            out.push_str(root);
            out.push('>');
        }
        other => xml_element(&mut out, root, other),
    }
    out
}

fn xml_element(out: &mut String, name: &str, value: &Value) {
    let name = xml_name(name);
    match value {
        Value::Null => out.push_str(&format!("<{name} type=\"null\"/>")),
        Value::Bool(b) => out.push_str(&format!(
            "<{name} type=\"boolean\">{}</{name}>",
            if *b { "True" } else { "False" }
        )),
        Value::Number(n) => {
            let kind = if n.is_f64() { "float" } else { "integer" };
            out.push_str(&format!("<{name} type=\"{kind}\">{n}</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", xml_escape(s))),
        Value::Array(items) => {
            out.push_str(&format!("<{name} type=\"list\">"));
            for item in items {
                let child = if item.is_object() { "object" } else { "value" };
                xml_element(out, child, item);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(map) => {
            let open = if name == "object" {
                String::from("<object>")
            } else {
                format!("<{name} type=\"hash\">")
            };
            out.push_str(&open);
            for (key, child) in map {
                xml_element(out, key, child);
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

/// Keys are ours and already valid names; keep only safe characters anyway.
fn xml_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    if cleaned.is_empty() {
        String::from("value")
    } else {
        cleaned
    }
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
