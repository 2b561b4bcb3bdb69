//! How FortiAuthenticator answers look on the wire: JSON with Python's
//! separators (as Django's encoder writes it) as `application/json`, or
//! XML (`xml.rs`) as `application/xml; charset=utf-8`, the content types
//! tastypie's `build_content_type` gives and the guide shows; and the
//! answers every resource shares (400 with `{"error": ...}`, 401, 404,
//! 405 with `Allow`, 201 with `Location`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::query::Format;
pub(crate) use super::xml::Root;
use crate::reply;

/// An answer with `value` rendered in `format`, `root` at the top of XML.
pub(crate) fn render(status: StatusCode, value: &Value, format: Format, root: Root) -> Response {
    match format {
        Format::Json => reply::bytes_with_type(status, python_json(value), "application/json"),
        Format::Xml => reply::bytes_with_type(
            status,
            super::xml::document(value, root).into_bytes(),
            "application/xml; charset=utf-8",
        ),
    }
}

/// XML without the scalars' `type` attributes (fault `xml-untyped`).
pub(crate) fn untyped_xml(status: StatusCode, value: &Value) -> Response {
    let mut text = super::xml::document(value, Root::Response);
    for kind in ["integer", "float", "boolean", "null"] {
        text = text.replace(&format!(" type=\"{kind}\""), "");
    }
    reply::bytes_with_type(status, text.into_bytes(), "application/xml; charset=utf-8")
}

/// 400 with `{"error": message}` ([framework] shape, [seen] on FAC 8.0).
pub(crate) fn bad_request(message: &str) -> Response {
    let body = json!({ "error": message });
    render(StatusCode::BAD_REQUEST, &body, Format::Json, Root::Response)
}

/// 401 with an empty body [framework].
pub(crate) fn unauthorized() -> Response {
    reply::with_header(
        reply::empty(StatusCode::UNAUTHORIZED),
        header::WWW_AUTHENTICATE,
        "Basic Realm=\"django-tastypie\"",
    )
}

/// 404 with an empty body [framework].
pub(crate) fn not_found() -> Response {
    reply::empty(StatusCode::NOT_FOUND)
}

/// 405 with the allowed methods in `Allow` (tastypie's `method_check`;
/// tastypie also writes them in the body, which the mock leaves empty).
pub(crate) fn not_allowed(allow: &str) -> Response {
    let mut response = reply::empty(StatusCode::METHOD_NOT_ALLOWED);
    if let Ok(value) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// 200 with an empty tastypie listing (an action served a GET it does not
/// allow, under a fault).
pub(crate) fn empty_list() -> Response {
    let body = json!({
        "meta": {"limit": 20, "next": null, "offset": 0, "previous": null, "total_count": 0},
        "objects": [],
    });
    render(StatusCode::OK, &body, Format::Json, Root::Response)
}

/// 201 with no body and `Location` naming the new object [framework].
pub(crate) fn created(location: Option<&str>) -> Response {
    let mut response = reply::empty(StatusCode::CREATED);
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The JSON bytes an answer carries.
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

/// `, ` before every element or key but the first (Python's separator).
fn separate<W: ?Sized + std::io::Write>(writer: &mut W, first: bool) -> std::io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        separate(writer, first)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        separate(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

/// An answer in JSON, tastypie's way (for hooks).
pub(crate) fn answer(status: StatusCode, value: &Value) -> Response {
    render(status, value, Format::Json, Root::Response)
}
