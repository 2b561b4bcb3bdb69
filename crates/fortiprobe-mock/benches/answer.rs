//! The mock's own cost per answer: requests driven straight into its router
//! (`tower::ServiceExt::oneshot`, no socket, no client), on one thread.
//! `cargo bench -p fortiprobe-mock --bench answer`; prints the median
//! microseconds per answer of each request over interleaved rounds (a batch
//! of each per round), so a busy moment falls on all of them. Not part of
//! `cargo test`.

// Tests and benches unwrap freely: a failure there should be loud.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Method, Request};
use base64::Engine as _;
use fortiprobe_mock::{app, MockOptions, MockState};
use tower::ServiceExt as _;

const BATCH: usize = 200;
const ROUNDS: usize = 21;

/// What each round sends: a name, a method, a path, a body.
const REQUESTS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "tokens page of 20",
        "GET",
        "/api/v1/fortitokens/?format=json",
        None,
    ),
    (
        "tokens filtered",
        "GET",
        "/api/v1/fortitokens/?format=json&type=ftm&status=available",
        None,
    ),
    (
        "tokens page XML",
        "GET",
        "/api/v1/fortitokens/?format=xml",
        None,
    ),
    ("users page", "GET", "/api/v1/localusers/?format=json", None),
    (
        "user detail",
        "GET",
        "/api/v1/localusers/1/?format=json",
        None,
    ),
    (
        "memberships filtered",
        "GET",
        "/api/v1/localgroup-memberships/?format=json&group=1",
        None,
    ),
    (
        "groups page",
        "GET",
        "/api/v1/usergroups/?format=json",
        None,
    ),
    ("index", "GET", "/api/v1/?format=json", None),
    (
        "user PATCH",
        "PATCH",
        "/api/v1/localusers/1/",
        Some(r#"{"first_name": "Bench"}"#),
    ),
];

fn main() {
    let state = MockState::new(&MockOptions::default());
    let c = state.credentials();
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", c.fac_username, c.fac_api_key))
    );
    let router = app(state);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let one = |method: &str, path: &str, body: Option<&str>| {
        let request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path)
            .header(header::AUTHORIZATION, &auth)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
            .unwrap();
        let router = router.clone();
        rt.block_on(async move {
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
                .await
                .unwrap();
            assert!(status.is_success(), "{method} {path}: {status}");
            bytes.len()
        })
    };
    for (_, method, path, body) in REQUESTS {
        for _ in 0..50 {
            one(method, path, *body);
        }
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); REQUESTS.len()];
    for round in 0..ROUNDS {
        for k in 0..REQUESTS.len() {
            // Alternate the order from round to round.
            let k = if round % 2 == 0 {
                k
            } else {
                REQUESTS.len() - 1 - k
            };
            let (_, method, path, body) = REQUESTS[k];
            let start = Instant::now();
            for _ in 0..BATCH {
                one(method, path, body);
            }
            times[k].push(start.elapsed().as_secs_f64() * 1e6 / BATCH as f64);
        }
    }
    for (k, (name, _, path, _)) in REQUESTS.iter().enumerate() {
        let t = &mut times[k];
        t.sort_by(f64::total_cmp);
        println!(
            "{name:<22} {:>8.1} µs (quartiles {:.1}–{:.1})  {path}",
            t[t.len() / 2],
            t[t.len() / 4],
            t[3 * t.len() / 4]
        );
    }
}
