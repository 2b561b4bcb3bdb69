//! How FortiAuthenticator answers look on the wire: one fortitoken object
//! with its keys in the chosen order and its values in the doc's or the
//! appliance's ([seen]) shapes, and the JSON (Python-style separators, as
//! Django's encoder writes them) or XML (`fac_xml`) rendering of a value.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::data::Token;
use super::fac_query::Format;
use super::fac_xml;
pub(crate) use super::fac_xml::Root;
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

/// An answer with `value` rendered in `format`: JSON as
/// `application/json`, XML (`fac_xml`, with `root` at its top) as
/// `application/xml; charset=utf-8`, the content types tastypie's
/// `build_content_type` gives and the FortiAuthenticator docs show.
pub(crate) fn render(status: StatusCode, value: &Value, format: Format, root: Root) -> Response {
    match format {
        Format::Json => reply::bytes_with_type(status, python_json(value), "application/json"),
        Format::Xml => reply::bytes_with_type(
            status,
            fac_xml::document(value, root).into_bytes(),
            "application/xml; charset=utf-8",
        ),
    }
}

/// XML without the scalars' `type` attributes (fault `FacXmlUntyped`).
pub(crate) fn untyped_xml(status: StatusCode, value: &Value) -> Response {
    let mut text = fac_xml::document(value, Root::Response);
    for kind in ["integer", "float", "boolean", "null"] {
        text = text.replace(&format!(" type=\"{kind}\""), "");
    }
    reply::bytes_with_type(status, text.into_bytes(), "application/xml; charset=utf-8")
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
