//! Tests of the mock, driven over real HTTP: each test spawns its own mock on
//! 127.0.0.1:0 and talks to it with reqwest, so the server around the router
//! is tested too (tests/it/fuzz.rs drives the router alone, with tower's
//! `oneshot`). `Mock` and `Answer` are the one helper every test goes through.

mod data;
mod fac;
mod fac_auth;
mod fac_groups;
mod fac_users;
mod faults;
mod fidelity;
mod fpc;
mod ftc;
mod general;
mod tls;
mod xml_mapping;

use reqwest::{Method, RequestBuilder};
use serde_json::Value;

use super::{spawn, Credentials, MockOptions, RunningMock};

/// A running mock and a client for it.
pub(super) struct Mock {
    pub(super) running: RunningMock,
    pub(super) http: reqwest::Client,
}

/// What came back: status, headers and the whole body.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: reqwest::header::HeaderMap,
    pub(super) body: Vec<u8>,
}

impl Answer {
    pub(super) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub(super) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(super) fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }
}

impl Mock {
    pub(super) async fn start(opts: MockOptions) -> Mock {
        let running = spawn(opts, 0).await.expect("mock binds");
        Mock {
            running,
            http: reqwest::Client::new(),
        }
    }

    pub(super) async fn default() -> Mock {
        Mock::start(MockOptions::default()).await
    }

    pub(super) fn creds(&self) -> &Credentials {
        self.running.credentials()
    }

    pub(super) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.running.url(), path))
    }

    pub(super) async fn send(&self, request: RequestBuilder) -> Answer {
        let response = request.send().await.expect("request reaches the mock");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("body").to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    /// A FortiAuthenticator request with the right Basic credentials.
    pub(super) fn fac(&self, method: Method, path: &str) -> RequestBuilder {
        let creds = self.creds();
        self.request(method, path)
            .basic_auth(&creds.fac_username, Some(&creds.fac_api_key))
    }

    pub(super) async fn fac_get(&self, path: &str) -> Answer {
        self.send(self.fac(Method::GET, path)).await
    }

    /// All objects of the list with `query`, following `next` until null.
    pub(super) async fn fac_all(&self, query: &str) -> Vec<Value> {
        let mut objects = Vec::new();
        let mut path = format!("/api/v1/fortitokens/?{query}");
        for _ in 0..10_000 {
            let answer = self.fac_get(&path).await;
            assert_eq!(answer.status, 200, "{path}: {}", answer.text());
            let body = answer.json();
            objects.extend(body["objects"].as_array().cloned().unwrap_or_default());
            match body["meta"]["next"].as_str() {
                Some(next) => path = next.to_string(),
                None => return objects,
            }
        }
        panic!("next never became null");
    }

    /// A fresh FortiToken Cloud access token.
    pub(super) async fn ftc_token(&self) -> String {
        let creds = self.creds();
        let body = serde_json::json!({
            "client_id": creds.ftc_client_id,
            "client_secret": creds.ftc_client_secret,
        });
        let answer = self
            .send(self.request(Method::POST, "/api/v1/login").json(&body))
            .await;
        assert_eq!(answer.status, 201, "{}", answer.text());
        answer.json()["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    pub(super) async fn ftc_temp(&self, token: &str, body: &Value) -> Answer {
        self.send(
            self.request(Method::POST, "/api/v1/token/temp")
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub(super) async fn fpc_login(&self, body: &Value) -> Answer {
        self.send(
            self.request(Method::POST, "/fpc/api/auth/tokenlogin/")
                .json(body),
        )
        .await
    }

    /// The admin's credentials plus `extra` fields.
    pub(super) fn fpc_body(&self, extra: Value) -> Value {
        let creds = self.creds();
        let mut body = serde_json::json!({
            "username": creds.fpc_username,
            "password": creds.fpc_password,
        });
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        body
    }

    pub(super) async fn fpc_logout(&self, token: &str) -> Answer {
        self.send(
            self.request(Method::POST, "/fpc/api/auth/tokenlogout/")
                .header("Authorization", format!("Token {token}")),
        )
        .await
    }
}

/// Sends all requests at once (one task each) and returns their statuses.
pub(super) async fn statuses_concurrently(requests: Vec<RequestBuilder>) -> Vec<u16> {
    let handles: Vec<_> = requests
        .into_iter()
        .map(|request| {
            tokio::spawn(async move { request.send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    let mut statuses = Vec::with_capacity(handles.len());
    for handle in handles {
        let status = handle
            .await
            .expect("task finishes")
            .expect("request reaches the mock");
        statuses.push(status);
    }
    statuses
}

/// Keys of a JSON object in order.
pub(super) fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}
