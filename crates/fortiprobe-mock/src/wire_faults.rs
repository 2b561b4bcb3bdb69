//! Answers that break on the wire, for the transport faults: never
//! answering, trickling, closing mid-answer, bytes that are not JSON, JSON
//! cut short, an HTML error page, a body of hundreds of megabytes. Bodies
//! are streamed, so the mock's memory stays small whatever it sends.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::Response;

use super::faults::kind::RuleKind;
use super::reply;

/// Waits far longer than any client timeout.
pub(crate) async fn hang() {
    tokio::time::sleep(Duration::from_secs(3600)).await;
}

fn streamed(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    if let Ok(v) = content_type.parse() {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// The answer the transport fault of kind `kind` makes of a normal JSON
/// answer `json`, if `kind` is one.
pub(crate) fn bend(kind: RuleKind, json: Vec<u8>) -> Option<Response> {
    let json_type = "application/json";
    Some(match kind {
        RuleKind::ListTrickles => {
            let stream = futures_util::stream::unfold((json, 0usize), |(body, at)| async move {
                if at >= body.len() {
                    return None;
                }
                if at > 0 {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                let chunk = Bytes::copy_from_slice(&body[at..at + 1]);
                Some((Ok::<_, std::io::Error>(chunk), (body, at + 1)))
            });
            streamed(StatusCode::OK, json_type, Body::from_stream(stream))
        }
        RuleKind::ListClosesMidAnswer => {
            let half = Bytes::copy_from_slice(&json[..json.len() / 2]);
            let stream = futures_util::stream::iter(vec![
                Ok(half),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "fault: connection closed mid-answer",
                )),
            ]);
            streamed(StatusCode::OK, json_type, Body::from_stream(stream))
        }
        RuleKind::ListNotJson => reply::bytes_with_type(
            StatusCode::OK,
            b"meta=limit:20;objects=<none> (this is not JSON)".to_vec(),
            json_type,
        ),
        RuleKind::ListTruncatedJson => {
            reply::bytes_with_type(StatusCode::OK, json[..json.len() / 2].to_vec(), json_type)
        }
        RuleKind::ListHtmlError => reply::bytes_with_type(
            StatusCode::INTERNAL_SERVER_ERROR,
            b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Server Error (500)</h1></body></html>".to_vec(),
            "text/html; charset=utf-8",
        ),
        RuleKind::ListHuge => {
            const CHUNK: usize = 1 << 20;
            const CHUNKS: usize = 300;
            let mut first = b"{\"meta\": {}, \"objects\": [".to_vec();
            first.resize(CHUNK, b' ');
            let filler = Bytes::from(vec![b' '; CHUNK]);
            let first = Bytes::from(first);
            let stream = futures_util::stream::iter((0..CHUNKS).map(move |i| {
                Ok::<_, std::io::Error>(if i == 0 {
                    first.clone()
                } else {
                    filler.clone()
                })
            }));
            streamed(StatusCode::OK, json_type, Body::from_stream(stream))
        }
        _ => return None,
    })
}
