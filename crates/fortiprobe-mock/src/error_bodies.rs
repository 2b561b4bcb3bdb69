//! The data variants of error answers (`MockOptions::error_bodies`): every
//! 4xx answer of the three products, whatever its own body, is re-sent
//! with no body, as `text/plain` with its message, or as an HTML page. The
//! docs give no error body shape for these answers (docs/api-notes.md §2, §7, §8), so each
//! variant is as conformant as the products' own bodies; only the status
//! and the other headers (`WWW-Authenticate`, `Retry-After`) stay.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use super::{ErrorBodies, MockState};

/// Error bodies are small; anything longer is cut to this.
const READ_LIMIT: usize = 64 * 1024;

/// Re-dresses a 4xx answer as the option says.
pub(crate) async fn dress(
    State(state): State<MockState>,
    request: Request,
    next: Next,
) -> Response {
    let style = state.options().error_bodies;
    let response = next.run(request).await;
    if style == ErrorBodies::Native || !response.status().is_client_error() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, READ_LIMIT)
        .await
        .unwrap_or_default();
    let message = message(parts.status, &bytes);
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let (body, content_type) = match style {
        ErrorBodies::Native | ErrorBodies::Empty => (Body::empty(), None),
        ErrorBodies::Text => (Body::from(message), Some("text/plain; charset=utf-8")),
        ErrorBodies::Html => (
            Body::from(page(parts.status, &message)),
            Some("text/html; charset=utf-8"),
        ),
    };
    if let Some(content_type) = content_type {
        parts
            .headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    Response::from_parts(parts, body)
}

/// The human message of an error body: its `error` or `detail` string, else
/// every string in it (`field: message` for a field's errors), else the
/// status's reason phrase.
pub(crate) fn message(status: StatusCode, body: &Bytes) -> String {
    let reason = status.canonical_reason().unwrap_or("Error").to_string();
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        let text = String::from_utf8_lossy(body).trim().to_string();
        return if text.is_empty() { reason } else { text };
    };
    for key in ["error", "detail"] {
        if let Some(Value::String(text)) = value.get(key) {
            return text.clone();
        }
    }
    let mut lines = Vec::new();
    collect(&value, "", &mut lines);
    if lines.is_empty() {
        reason
    } else {
        lines.join("; ")
    }
}

fn collect(value: &Value, field: &str, out: &mut Vec<String>) {
    match value {
        Value::String(text) if field.is_empty() || field == "non_field_errors" => {
            out.push(text.clone())
        }
        Value::String(text) => out.push(format!("{field}: {text}")),
        Value::Array(items) => items.iter().for_each(|v| collect(v, field, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| collect(v, k, out)),
        _ => {}
    }
}

/// A small HTML error page, as a web server or framework shows one.
fn page(status: StatusCode, message: &str) -> String {
    let reason = status.canonical_reason().unwrap_or("Error");
    let code = status.as_u16();
    format!(
        "<!DOCTYPE html>\n<html><head><title>{code} {reason}</title></head>\n<body><h1>{reason}</h1><p>{}</p></body></html>\n",
        escape(message)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
