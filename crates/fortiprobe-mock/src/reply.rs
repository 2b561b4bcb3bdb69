//! Building blocks shared by the three products: reading a request body as
//! JSON without ever letting axum answer with its plain-text rejection,
//! and building JSON or empty answers. Each product decides the shape of its
//! own error bodies; this module only classifies what went wrong.

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

/// Largest request body the mock reads; anything bigger is a 413.
pub(crate) const BODY_LIMIT: usize = 1 << 20;

/// The undocumented field newer firmware adds (`MockOptions::extra_field`).
pub(crate) const EXTRA_FIELD: (&str, &str) = ("x_firmware_note", "added by a newer firmware");

/// Why a request body could not be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BodyError {
    #[error("request body is larger than {BODY_LIMIT} bytes")]
    TooLarge,
    #[error("request body could not be read")]
    Unreadable,
    #[error("{0}")]
    Malformed(String),
}

impl BodyError {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            BodyError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::Unreadable | BodyError::Malformed(_) => StatusCode::BAD_REQUEST,
        }
    }
}

/// Parses the body as JSON, mapping every failure to a `BodyError`.
pub(crate) fn read_json(body: Result<Bytes, BytesRejection>) -> Result<Value, BodyError> {
    let bytes = match body {
        Ok(bytes) => bytes,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(BodyError::TooLarge)
        }
        Err(_) => return Err(BodyError::Unreadable),
    };
    if bytes.len() > BODY_LIMIT {
        return Err(BodyError::TooLarge);
    }
    serde_json::from_slice(&bytes).map_err(|e| BodyError::Malformed(e.to_string()))
}

/// Answers 413 at once when `Content-Length` announces more than the
/// limit, without waiting for the body; bodies without a length are cut by
/// the body limit while they are read.
pub(crate) async fn refuse_announced_oversize(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
        let error = BodyError::TooLarge;
        return json(
            error.status(),
            &serde_json::json!({ "error": error.to_string() }),
        );
    }
    next.run(request).await
}

/// A JSON answer with `Content-Type: application/json`.
pub(crate) fn json(status: StatusCode, value: &Value) -> Response {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes_with_type(status, bytes, "application/json")
}

/// An answer with the given body and content type.
pub(crate) fn bytes_with_type(
    status: StatusCode,
    body: Vec<u8>,
    content_type: &'static str,
) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// An answer with no body and no content type.
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// Adds a header to an answer.
pub(crate) fn with_header(
    mut response: Response,
    name: header::HeaderName,
    value: &'static str,
) -> Response {
    response
        .headers_mut()
        .insert(name, HeaderValue::from_static(value));
    response
}

/// Adds an `Allow` header naming `methods` (`GET,POST`).
pub(crate) fn with_allow(mut response: Response, methods: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(methods) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// The `Authorization` header split into scheme and the rest, if present
/// and readable as text.
pub(crate) fn authorization(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = match value.split_once(' ') {
        Some((scheme, rest)) => (scheme, rest.trim()),
        None => (value, ""),
    };
    Some((scheme.to_ascii_lowercase(), rest.to_string()))
}

/// A random string from `alphabet`, drawn from `rng`.
pub(crate) fn random_string(rng: &mut impl rand::Rng, alphabet: &[u8], len: usize) -> String {
    if alphabet.is_empty() {
        return String::new();
    }
    (0..len)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

/// A generator for secrets (tokens, serial numbers) that differ between runs:
/// seeded from the process's hash randomness and the wall clock, since the
/// crate's `rand` has no OS entropy source enabled.
pub(crate) fn entropy_rng() -> rand::rngs::StdRng {
    use rand::SeedableRng;
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    rand::rngs::StdRng::seed_from_u64(hasher.finish())
}
