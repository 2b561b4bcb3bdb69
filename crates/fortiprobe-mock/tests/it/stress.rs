//! The reference mock under stress, over real HTTP on loopback: many
//! concurrent requests racing for the same one-time outcome (the FortiPortal
//! admin's one token, deleting one FortiToken, creating one local user or
//! one group membership), every route without credentials (the
//! provisioning resources included), and malformed or oversized bodies on
//! every POST route.

use std::time::Duration;

use fortiprobe_mock::{spawn, MockOptions, RunningMock};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A mock with default data and a client for it.
struct Mock {
    running: RunningMock,
    http: reqwest::Client,
}

impl Mock {
    async fn start() -> Mock {
        Mock {
            running: spawn(MockOptions::default(), 0).await.expect("mock binds"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("client"),
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.running.url()))
    }

    fn fac(&self, method: Method, path: &str) -> RequestBuilder {
        let c = self.running.credentials();
        self.request(method, path)
            .basic_auth(&c.fac_username, Some(&c.fac_api_key))
    }

    async fn ftc_token(&self) -> String {
        let c = self.running.credentials();
        let body = json!({"client_id": c.ftc_client_id, "client_secret": c.ftc_client_secret});
        let (status, body) = answer(self.request(Method::POST, "/api/v1/login").json(&body)).await;
        assert_eq!(status, 201, "{body}");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    fn fpc_credentials(&self) -> Value {
        let c = self.running.credentials();
        json!({"username": c.fpc_username, "password": c.fpc_password})
    }
}

/// Status and body (JSON, or the text as a JSON string, or null if empty).
async fn answer(request: RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("the whole body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::from(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, body)
}

/// Sends every request at once, one task each; the answers in order.
/// Sends `requests` (50 of one change) at once: exactly one is answered
/// `won`, every other one `lost`.
async fn exactly_one_wins(requests: Vec<RequestBuilder>, won: u16, lost: u16) {
    let n = requests.len();
    let statuses: Vec<u16> = all_at_once(requests)
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == won).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == lost).count(),
        n - 1,
        "{statuses:?}"
    );
}

async fn all_at_once(requests: Vec<RequestBuilder>) -> Vec<(u16, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| tokio::spawn(answer(r)))
        .collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.expect("the request task finishes"));
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_portal_logins_give_exactly_one_token() {
    let mock = Mock::start().await;
    let body = mock.fpc_credentials();
    let requests = (0..1000)
        .map(|_| {
            mock.request(Method::POST, "/fpc/api/auth/tokenlogin/")
                .json(&body)
        })
        .collect();
    let answers = all_at_once(requests).await;
    let won: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| matches!(status, 200 | 201))
        .map(|(_, body)| body)
        .collect();
    assert_eq!(won.len(), 1, "{:?}", &answers[..5]);
    let token = won[0]["token"].as_str().expect("a token");
    assert_eq!(token.len(), 64);
    let refused = answers.iter().filter(|(status, _)| *status == 403).count();
    assert_eq!(refused, 999);
    // The one token is the live one: logging it out frees the admin again.
    let (status, _) = answer(
        mock.request(Method::POST, "/fpc/api/auth/tokenlogout/")
            .header("Authorization", format!("Token {token}")),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = answer(
        mock.request(Method::POST, "/fpc/api/auth/tokenlogin/")
            .json(&body),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_deletes_of_one_token_give_exactly_one_204() {
    let mock = Mock::start().await;
    let (status, listing) =
        answer(mock.fac(Method::GET, "/api/v1/fortitokens/?format=json&limit=1")).await;
    assert_eq!(status, 200);
    let uri = listing["objects"][0]["resource_uri"]
        .as_str()
        .expect("a token with a resource_uri")
        .to_string();
    let total = listing["meta"]["total_count"]
        .as_u64()
        .expect("total_count");
    let requests = (0..50).map(|_| mock.fac(Method::DELETE, &uri)).collect();
    exactly_one_wins(requests, 204, 404).await;
    let (status, _) = answer(mock.fac(Method::GET, &uri)).await;
    assert_eq!(status, 404);
    let (_, listing) = answer(mock.fac(Method::GET, "/api/v1/fortitokens/?limit=1")).await;
    assert_eq!(listing["meta"]["total_count"].as_u64(), Some(total - 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_refuses_requests_without_credentials() {
    let mock = Mock::start().await;
    let c = mock.running.credentials().clone();
    let (_, listing) = answer(mock.fac(Method::GET, "/api/v1/fortitokens/?limit=1")).await;
    let uri = listing["objects"][0]["resource_uri"]
        .as_str()
        .expect("resource_uri")
        .to_string();
    let bare = uri.trim_end_matches('/').to_string();
    let user = c.ftc_temp_token_user.clone();
    let temp_body = json!({ "user_id": user });
    let wrong_basic = |m: Method, p: &str| {
        mock.request(m, p)
            .basic_auth(&c.fac_username, Some("wrong-key"))
    };
    // (what, request, statuses allowed)
    let cases: Vec<(String, RequestBuilder, &[u16])> = vec![
        (
            "FAC list".into(),
            mock.request(Method::GET, "/api/v1/fortitokens/"),
            &[401],
        ),
        (
            "FAC list, no slash".into(),
            mock.request(Method::GET, "/api/v1/fortitokens"),
            &[401],
        ),
        (
            "FAC list, format".into(),
            mock.request(Method::GET, "/api/v1/fortitokens/?format=json"),
            &[401],
        ),
        ("FAC detail".into(), mock.request(Method::GET, &uri), &[401]),
        (
            "FAC detail, no slash".into(),
            mock.request(Method::GET, &bare),
            &[401],
        ),
        (
            "FAC delete".into(),
            mock.request(Method::DELETE, &uri),
            &[401],
        ),
        (
            "FAC delete, no slash".into(),
            mock.request(Method::DELETE, &bare),
            &[401],
        ),
        (
            "FAC list, wrong key".into(),
            wrong_basic(Method::GET, "/api/v1/fortitokens/"),
            &[401],
        ),
        (
            "FAC delete, wrong key".into(),
            wrong_basic(Method::DELETE, &uri),
            &[401],
        ),
        (
            "FAC delete, bearer".into(),
            mock.request(Method::DELETE, &uri)
                .bearer_auth(&c.fac_api_key),
            &[401],
        ),
        (
            "FTC temp".into(),
            mock.request(Method::POST, "/api/v1/token/temp")
                .json(&temp_body),
            &[401],
        ),
        (
            "FTC temp, wrong bearer".into(),
            mock.request(Method::POST, "/api/v1/token/temp")
                .bearer_auth("not-a-token")
                .json(&temp_body),
            &[401],
        ),
        (
            "FTC temp, Basic".into(),
            mock.request(Method::POST, "/api/v1/token/temp")
                .basic_auth(&c.ftc_client_id, Some(&c.ftc_client_secret))
                .json(&temp_body),
            &[401],
        ),
        (
            "FTC delete temp".into(),
            mock.request(Method::DELETE, &format!("/api/v1/token/temp/{user}")),
            &[401],
        ),
        (
            "FTC delete temp, wrong bearer".into(),
            mock.request(Method::DELETE, &format!("/api/v1/token/temp/{user}"))
                .bearer_auth("not-a-token"),
            &[401],
        ),
        // The login routes take the credentials in the body [doc].
        (
            "FTC login, no credentials".into(),
            mock.request(Method::POST, "/api/v1/login").json(&json!({})),
            &[400],
        ),
        (
            "FTC login, wrong secret".into(),
            mock.request(Method::POST, "/api/v1/login")
                .json(&json!({"client_id": c.ftc_client_id, "client_secret": "wrong"})),
            &[401],
        ),
        (
            "FPC login, no credentials".into(),
            mock.request(Method::POST, "/fpc/api/auth/tokenlogin/")
                .json(&json!({})),
            &[400, 401, 403],
        ),
        (
            "FPC login, wrong password".into(),
            mock.request(Method::POST, "/fpc/api/auth/tokenlogin/")
                .json(&json!({"username": c.fpc_username, "password": "wrong"})),
            &[400, 401, 403],
        ),
        (
            "FPC logout".into(),
            mock.request(Method::POST, "/fpc/api/auth/tokenlogout/"),
            &[400, 401, 403, 404],
        ),
        (
            "FPC logout, unknown token".into(),
            mock.request(Method::POST, "/fpc/api/auth/tokenlogout/")
                .header("Authorization", format!("Token {}", "0".repeat(64))),
            &[400, 401, 403, 404],
        ),
        (
            "FPC logout, empty token".into(),
            mock.request(Method::POST, "/fpc/api/auth/tokenlogout/")
                .header("Authorization", "Token "),
            &[400, 401, 403, 404],
        ),
        (
            "FPC logout, Basic".into(),
            mock.request(Method::POST, "/fpc/api/auth/tokenlogout/")
                .basic_auth(&c.fpc_username, Some(&c.fpc_password)),
            &[400, 401, 403, 404],
        ),
    ];
    for (what, request, allowed) in cases {
        let (status, body) = answer(request).await;
        assert!(allowed.contains(&status), "{what}: {status} {body}");
    }
    // Nothing changed: the token is still there, and no temporary token was made.
    let (status, _) = answer(mock.fac(Method::GET, &uri)).await;
    assert_eq!(status, 200);
    let token = mock.ftc_token().await;
    let (status, body) = answer(
        mock.request(Method::DELETE, &format!("/api/v1/token/temp/{user}"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, 404, "{body}");
}

/// The provisioning resources (issue 17).
const PROVISIONING: [&str; 3] = [
    "/api/v1/localusers/",
    "/api/v1/usergroups/",
    "/api/v1/localgroup-memberships/",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_provisioning_route_refuses_requests_without_credentials() {
    let mock = Mock::start().await;
    let c = mock.running.credentials().clone();
    for list in PROVISIONING {
        let (status, listing) = answer(mock.fac(Method::GET, &format!("{list}?limit=1"))).await;
        assert_eq!(status, 200, "{list}: {listing}");
        let total = listing["meta"]["total_count"].as_u64();
        let uri = listing["objects"][0]["resource_uri"]
            .as_str()
            .expect("an object with a resource_uri")
            .to_string();
        let requests = [
            (Method::GET, list.to_string(), None),
            (
                Method::POST,
                list.to_string(),
                Some(json!({"username": "x", "name": "x"})),
            ),
            (Method::GET, uri.clone(), None),
            (
                Method::PATCH,
                uri.clone(),
                Some(json!({"first_name": "x", "users": []})),
            ),
            (Method::DELETE, uri.clone(), None),
        ];
        for (method, path, body) in requests {
            for wrong in [false, true] {
                let mut r = mock.request(method.clone(), &path);
                if wrong {
                    r = r.basic_auth(&c.fac_username, Some("wrong-key"));
                }
                if let Some(b) = &body {
                    r = r.json(b);
                }
                // Memberships have no PATCH (6.5.6 [doc]): the method is
                // refused before the credentials are looked at.
                let want = if method == Method::PATCH && list == PROVISIONING[2] {
                    405
                } else {
                    401
                };
                let (status, answer_body) = answer(r).await;
                assert_eq!(
                    status, want,
                    "{method} {path} (wrong key: {wrong}): {answer_body}"
                );
            }
        }
        // Nothing changed.
        let (status, _) = answer(mock.fac(Method::GET, &uri)).await;
        assert_eq!(status, 200, "{uri}");
        let (_, listing) = answer(mock.fac(Method::GET, &format!("{list}?limit=1"))).await;
        assert_eq!(listing["meta"]["total_count"].as_u64(), total, "{list}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_creates_of_one_user_or_membership_give_exactly_one_201() {
    let mock = Mock::start().await;
    let user = json!({"username": "fortiprobe-stress"});
    let requests = (0..50)
        .map(|_| mock.fac(Method::POST, PROVISIONING[0]).json(&user))
        .collect();
    exactly_one_wins(requests, 201, 400).await;
    let (_, users) = answer(mock.fac(
        Method::GET,
        "/api/v1/localusers/?username__exact=fortiprobe-stress",
    ))
    .await;
    assert_eq!(users["meta"]["total_count"].as_u64(), Some(1), "{users}");
    let user_uri = users["objects"][0]["resource_uri"]
        .as_str()
        .expect("uri")
        .to_string();
    let (status, _) = answer(
        mock.fac(Method::POST, PROVISIONING[1])
            .json(&json!({"name": "fortiprobe-stress"})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, groups) =
        answer(mock.fac(Method::GET, "/api/v1/usergroups/?name=fortiprobe-stress")).await;
    let group_uri = groups["objects"][0]["resource_uri"]
        .as_str()
        .expect("uri")
        .to_string();
    let membership = json!({"user": user_uri, "group": group_uri});
    let requests = (0..50)
        .map(|_| mock.fac(Method::POST, PROVISIONING[2]).json(&membership))
        .collect();
    exactly_one_wins(requests, 201, 400).await;
    let (_, members) = answer(mock.fac(
        Method::GET,
        "/api/v1/localgroup-memberships/?group_name=fortiprobe-stress",
    ))
    .await;
    assert_eq!(
        members["meta"]["total_count"].as_u64(),
        Some(1),
        "{members}"
    );
}

/// Every POST route, with what it needs besides its body.
fn post_routes(mock: &Mock, ftc_token: &str) -> Vec<(&'static str, RequestBuilder)> {
    vec![
        ("/api/v1/login", mock.request(Method::POST, "/api/v1/login")),
        (
            "/api/v1/token/temp",
            mock.request(Method::POST, "/api/v1/token/temp")
                .bearer_auth(ftc_token),
        ),
        (
            "/fpc/api/auth/tokenlogin/",
            mock.request(Method::POST, "/fpc/api/auth/tokenlogin/"),
        ),
        (PROVISIONING[0], mock.fac(Method::POST, PROVISIONING[0])),
        (PROVISIONING[1], mock.fac(Method::POST, PROVISIONING[1])),
        (PROVISIONING[2], mock.fac(Method::POST, PROVISIONING[2])),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_a_json_400_on_every_post_route() {
    let mock = Mock::start().await;
    let token = mock.ftc_token().await;
    let malformed: [&[u8]; 8] = [
        b"",
        b"{",
        b"}",
        b"{\"username\": }",
        b"[1, 2,]",
        b"{\"a\": 1} trailing",
        b"\xff\xfe\x00{",
        b"nul\x00l",
    ];
    for (path, request) in post_routes(&mock, &token) {
        for raw in malformed {
            let request = request
                .try_clone()
                .expect("clonable")
                .header("Content-Type", "application/json")
                .body(raw.to_vec());
            let response = request.send().await.expect("answers");
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let body: Value = response.json().await.expect("a JSON body");
            assert_eq!(status, 400, "{path} {raw:?}: {body}");
            assert_eq!(content_type, "application/json", "{path}");
            let message = body
                .as_object()
                .and_then(|m| m.values().find_map(Value::as_str));
            assert!(message.is_some_and(|m| !m.is_empty()), "{path}: {body}");
        }
    }
    // Logout takes no body: one that is not JSON changes nothing.
    let (status, _) = answer(
        mock.request(Method::POST, "/fpc/api/auth/tokenlogout/")
            .body("{"),
    )
    .await;
    assert_eq!(status, 401);
}

/// Sends a request head announcing `length` bytes of body, and no body;
/// returns the status and the body of the answer.
async fn answer_to_announced_body(
    mock: &Mock,
    path: &str,
    auth: &str,
    length: usize,
) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(mock.running.addr())
        .await
        .expect("connects");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("writes");
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("answers in time");
        match read {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
        if let Some(body) = complete_body(&raw) {
            let status = std::str::from_utf8(&raw[9..12])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let body = serde_json::from_slice(body).unwrap_or(Value::Null);
            return (status, body);
        }
    }
    panic!(
        "{path}: incomplete answer {:?}",
        String::from_utf8_lossy(&raw)
    );
}

/// The body of a complete HTTP/1.1 answer with a `Content-Length`.
fn complete_body(raw: &[u8]) -> Option<&[u8]> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))?
        .trim()
        .parse()
        .ok()?;
    raw.get(end..end + length)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_one_mib_are_413_on_every_post_route() {
    let mock = Mock::start().await;
    let token = mock.ftc_token().await;
    let bearer = format!("Authorization: Bearer {token}\r\n");
    for (path, auth) in [
        ("/api/v1/login", ""),
        ("/api/v1/token/temp", bearer.as_str()),
        ("/fpc/api/auth/tokenlogin/", ""),
        ("/fpc/api/auth/tokenlogout/", ""),
    ] {
        for length in [(1 << 20) + 1, 1 << 30, usize::MAX / 2] {
            let (status, body) = answer_to_announced_body(&mock, path, auth, length).await;
            assert_eq!(status, 413, "{path} {length}: {body}");
            assert!(body["error"].is_string(), "{path}: {body}");
        }
    }
}
