//! FortiPortal: token login with its one-token rule and TTL bounds, logout,
//! and expiry on the injectable clock.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use super::Mock;

fn is_token(value: &Value) -> bool {
    value.as_str().is_some_and(|t| {
        t.len() == 64
            && t.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[tokio::test]
async fn login_logout_cycle() {
    let mock = Mock::default().await;
    let first = mock.fpc_login(&mock.fpc_body(json!({}))).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.content_type(), Some("application/json"));
    let body = first.json();
    assert_eq!(super::keys(&body), ["expiry", "token"]);
    assert_eq!(body["expiry"], Value::Null);
    assert!(is_token(&body["token"]), "{body}");
    let token = body["token"].as_str().unwrap_or_default().to_string();

    let second = mock
        .fpc_login(&mock.fpc_body(json!({ "ttl_hours": 1 })))
        .await;
    assert_eq!(second.status, 403);
    assert_eq!(
        second.json(),
        json!({ "error": "Maximum amount of tokens allowed per user exceeded." })
    );

    let out = mock.fpc_logout(&token).await;
    assert_eq!(out.status, 204);
    assert!(out.body.is_empty());
    let again = mock.fpc_logout(&token).await;
    assert_eq!(again.status, 401);
    assert_eq!(again.json(), json!({ "detail": "Invalid token." }));

    let third = mock.fpc_login(&mock.fpc_body(json!({}))).await;
    assert_eq!(third.status, 200);
    assert_ne!(third.json()["token"], token.as_str());
}

#[tokio::test]
async fn bad_credentials_issue_no_token() {
    let mock = Mock::default().await;
    let c = mock.creds().clone();
    for body in [
        json!({ "username": c.fpc_username, "password": "wrong" }),
        json!({ "username": "nobody", "password": c.fpc_password }),
        json!({ "username": c.fpc_username.to_uppercase(), "password": c.fpc_password }),
    ] {
        let answer = mock.fpc_login(&body).await;
        assert_eq!(answer.status, 400, "{body}");
        assert_eq!(
            answer.json(),
            json!({ "non_field_errors": ["Unable to log in with provided credentials."] })
        );
    }
    for (body, field) in [
        (json!({ "password": c.fpc_password }), "username"),
        (json!({ "username": c.fpc_username }), "password"),
        (
            json!({ "username": c.fpc_username, "password": null }),
            "password",
        ),
        (
            json!({ "username": "", "password": c.fpc_password }),
            "username",
        ),
    ] {
        let answer = mock.fpc_login(&body).await;
        assert_eq!(answer.status, 400, "{body}");
        assert!(answer.json()[field].is_array(), "{body}: {}", answer.text());
    }
    for raw in ["{not json", "[]", "\"text\""] {
        let answer = mock
            .send(
                mock.request(Method::POST, "/fpc/api/auth/tokenlogin/")
                    .body(raw),
            )
            .await;
        assert_eq!(answer.status, 400, "{raw}");
        assert_eq!(answer.content_type(), Some("application/json"));
    }
    assert_eq!(mock.fpc_login(&mock.fpc_body(json!({}))).await.status, 200);
}

#[tokio::test]
async fn ttl_bounds() {
    let mock = Mock::default().await;
    for (field, bad) in [
        ("ttl_days", json!(31)),
        ("ttl_hours", json!(24)),
        ("ttl_minutes", json!(60)),
        ("ttl_days", json!(-1)),
        ("ttl_minutes", json!("5")),
        ("ttl_hours", json!(1.5)),
        ("ttl_days", json!(true)),
        ("ttl_days", json!(1e30)),
    ] {
        let answer = mock.fpc_login(&mock.fpc_body(json!({ field: bad }))).await;
        assert_eq!(answer.status, 400, "{field}={bad}");
        let body = answer.json();
        assert!(body[field][0].is_string(), "{field}={bad}: {body}");
    }
    let over = mock
        .fpc_login(&mock.fpc_body(json!({ "ttl_days": 31 })))
        .await;
    assert_eq!(
        over.json(),
        json!({ "ttl_days": ["Ensure this value is less than or equal to 30."] })
    );
    // None of those issued a token; the maxima are accepted.
    let before = Utc::now();
    let max = mock
        .fpc_login(&mock.fpc_body(json!({ "ttl_days": 30, "ttl_hours": 23, "ttl_minutes": 59 })))
        .await;
    assert_eq!(max.status, 200, "{}", max.text());
    let expiry = max.json()["expiry"]
        .as_str()
        .map(DateTime::parse_from_rfc3339);
    let expiry = expiry
        .and_then(Result::ok)
        .expect("expiry is ISO-8601 with an offset");
    let expected = before
        + chrono::Duration::days(30)
        + chrono::Duration::hours(23)
        + chrono::Duration::minutes(59);
    let drift = (expiry.with_timezone(&Utc) - expected).num_seconds().abs();
    assert!(drift < 60, "expiry {expiry} vs {expected}");
}

#[tokio::test]
async fn zero_ttls_mean_no_expiry() {
    let mock = Mock::default().await;
    let answer = mock
        .fpc_login(&mock.fpc_body(json!({ "ttl_days": 0, "ttl_hours": 0, "ttl_minutes": 0 })))
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["expiry"], Value::Null);
    // Such a token never expires on its own.
    mock.running
        .state()
        .advance_clock(Duration::from_secs(400 * 24 * 3600));
    assert_eq!(mock.fpc_login(&mock.fpc_body(json!({}))).await.status, 403);
}

#[tokio::test]
async fn an_expired_token_no_longer_counts() {
    let mock = Mock::default().await;
    let answer = mock
        .fpc_login(&mock.fpc_body(json!({ "ttl_minutes": 5 })))
        .await;
    assert_eq!(answer.status, 200);
    let old = answer.json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    mock.running
        .state()
        .advance_clock(Duration::from_secs(4 * 60));
    assert_eq!(mock.fpc_login(&mock.fpc_body(json!({}))).await.status, 403);
    mock.running
        .state()
        .advance_clock(Duration::from_secs(2 * 60));
    let logout = mock.fpc_logout(&old).await;
    assert_eq!(logout.status, 401);
    assert_eq!(logout.json(), json!({ "detail": "Invalid token." }));
    let fresh = mock.fpc_login(&mock.fpc_body(json!({}))).await;
    assert_eq!(fresh.status, 200);
}

#[tokio::test]
async fn logout_needs_a_token() {
    let mock = Mock::default().await;
    let path = "/fpc/api/auth/tokenlogout/";
    let missing = mock.send(mock.request(Method::POST, path)).await;
    assert_eq!(missing.status, 401);
    assert_eq!(
        missing.json(),
        json!({ "detail": "Authentication credentials were not provided." })
    );
    let token = mock.fpc_login(&mock.fpc_body(json!({}))).await.json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let bearer = mock
        .send(mock.request(Method::POST, path).bearer_auth(&token))
        .await;
    assert_eq!(bearer.status, 401);
    let unknown = mock.fpc_logout(&"0".repeat(64)).await;
    assert_eq!(unknown.status, 401);
    assert_eq!(unknown.json(), json!({ "detail": "Invalid token." }));
    let get = mock.send(mock.request(Method::GET, path)).await;
    assert_eq!(get.status, 405);
    assert_eq!(
        mock.send(mock.request(Method::GET, "/fpc/api/auth/tokenlogin/"))
            .await
            .status,
        405
    );
    // The real token still works after all that.
    assert_eq!(mock.fpc_logout(&token).await.status, 204);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_yield_one_token() {
    let mock = Mock::default().await;
    let body = mock.fpc_body(json!({}));
    let requests = (0..200)
        .map(|_| {
            mock.request(Method::POST, "/fpc/api/auth/tokenlogin/")
                .json(&body)
        })
        .collect();
    let statuses = super::statuses_concurrently(requests).await;
    let ok = statuses.iter().filter(|&&s| s == 200).count();
    let refused = statuses.iter().filter(|&&s| s == 403).count();
    assert_eq!((ok, refused), (1, 199), "{statuses:?}");
}
