//! FortiToken Cloud: login, bearer tokens and their expiry, temporary tokens
//! with every documented branch, and their deletion.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use super::super::ftc::messages;
use super::super::MockOptions;
use super::Mock;

#[tokio::test]
async fn login_answers_201_with_an_access_token() {
    let mock = Mock::default().await;
    let creds = mock.creds().clone();
    let login = |body: Value| mock.send(mock.request(Method::POST, "/api/v1/login").json(&body));
    let ok =
        login(json!({"client_id": creds.ftc_client_id, "client_secret": creds.ftc_client_secret}))
            .await;
    assert_eq!(ok.status, 201);
    assert_eq!(ok.content_type(), Some("application/json"));
    let body = ok.json();
    assert_eq!(super::keys(&body), ["access_token", "expires_in"]);
    assert_eq!(body["expires_in"], 3600);
    assert!(body["access_token"].as_str().is_some_and(|t| t.len() >= 20));

    let wrong = login(json!({"client_id": creds.ftc_client_id, "client_secret": "nope"})).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.json()["error"].is_string());
    let unknown = login(json!({"client_id": "someone-else", "client_secret": "nope"})).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.json()["error"].is_string());
    for body in [
        json!({"client_id": creds.ftc_client_id}),
        json!({}),
        json!([]),
        json!({"client_id": 5, "client_secret": "x"}),
    ] {
        let answer = login(body.clone()).await;
        assert_eq!(answer.status, 400, "{body}");
        assert!(answer.json()["error"].is_string());
    }
    let malformed = mock
        .send(
            mock.request(Method::POST, "/api/v1/login")
                .body("{\"client_id\": "),
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert!(malformed.json()["error"].is_string());
    let get = mock.send(mock.request(Method::GET, "/api/v1/login")).await;
    assert_eq!(get.status, 405);
}

#[tokio::test]
async fn temp_token_needs_a_live_bearer_token() {
    let mock = Mock::default().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    let body = json!({ "user_id": user });
    let none = mock
        .send(mock.request(Method::POST, "/api/v1/token/temp").json(&body))
        .await;
    assert_eq!(none.status, 401);
    assert!(none.json()["error"].is_string());
    assert_eq!(mock.ftc_temp("not-a-token", &body).await.status, 401);
    let basic = mock
        .send(
            mock.request(Method::POST, "/api/v1/token/temp")
                .basic_auth("a", Some("b"))
                .json(&body),
        )
        .await;
    assert_eq!(basic.status, 401);
    let delete = mock
        .send(mock.request(Method::DELETE, &format!("/api/v1/token/temp/{user}")))
        .await;
    assert_eq!(delete.status, 401);

    let token = mock.ftc_token().await;
    assert_eq!(mock.ftc_temp(&token, &body).await.status, 201);
    mock.running
        .state()
        .advance_clock(Duration::from_secs(3599));
    assert_eq!(mock.ftc_temp(&token, &body).await.status, 201);
    mock.running.state().advance_clock(Duration::from_secs(2));
    let expired = mock.ftc_temp(&token, &body).await;
    assert_eq!(expired.status, 401);
    assert!(expired.json()["error"].is_string());
    let fresh = mock.ftc_token().await;
    assert_eq!(mock.ftc_temp(&fresh, &body).await.status, 201);
}

#[tokio::test]
async fn temp_token_answer_has_the_documented_fields() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    let answer = mock
        .ftc_temp(&token, &json!({ "user_id": user, "auth_method": "Email" }))
        .await;
    assert_eq!(answer.status, 201);
    assert_eq!(answer.content_type(), Some("application/json"));
    let body = answer.json();
    assert_eq!(
        super::keys(&body),
        [
            "sn",
            "expired_at",
            "auth_method",
            "user_id",
            "username",
            "realm_id",
            "realm_name"
        ]
    );
    let sn = body["sn"].as_str().unwrap_or_default();
    assert_eq!(sn.len(), 16);
    assert!(sn.starts_with("TMP"));
    assert!(
        sn[3..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "{sn}"
    );
    assert_eq!(body["expired_at"], Value::Null);
    assert_eq!(body["auth_method"], "Email");
    assert_eq!(body["user_id"], user.as_str());
    assert_eq!(body["username"], "alice");
    assert!(body["realm_name"].as_str().is_some_and(|r| r.contains('-')));
    assert_eq!(body["realm_id"].as_str().map(str::len), Some(36));
    // Default auth method, SMS, and distinct serials.
    let default = mock
        .ftc_temp(&token, &json!({ "user_id": user }))
        .await
        .json();
    assert_eq!(default["auth_method"], "Email");
    assert_ne!(default["sn"], body["sn"]);
    let sms = mock
        .ftc_temp(
            &token,
            &json!({ "user_id": user, "auth_method": "SMS", "expired_at": null }),
        )
        .await;
    assert_eq!(sms.status, 201);
    assert_eq!(sms.json()["auth_method"], "SMS");
}

#[tokio::test]
async fn expired_at_is_read_and_rendered_in_utc() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    for (given, rendered) in [
        ("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z"),
        ("2026-12-01T12:00:00+02:00", "2026-12-01T10:00:00Z"),
        ("2026-12-01 10:00:00", "2026-12-01T10:00:00Z"),
        ("2026-12-01T10:00:00.5Z", "2026-12-01T10:00:00.500Z"),
    ] {
        let answer = mock
            .ftc_temp(&token, &json!({ "user_id": user, "expired_at": given }))
            .await;
        assert_eq!(answer.status, 201, "{given}");
        assert_eq!(answer.json()["expired_at"], rendered, "{given}");
    }
    for bad in [
        json!("tomorrow"),
        json!("2026-13-01T10:00:00Z"),
        json!(""),
        json!(12345),
        json!(true),
    ] {
        let answer = mock
            .ftc_temp(&token, &json!({ "user_id": user, "expired_at": bad }))
            .await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(answer.json()["error"], messages::INVALID_DATE, "{bad}");
    }
}

#[tokio::test]
async fn every_documented_refusal() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let c = mock.creds().clone();
    let cases = [
        (&c.ftc_disabled_user, "Email", 400, Some(messages::DISABLED)),
        (&c.ftc_disabled_user, "SMS", 400, Some(messages::DISABLED)),
        (
            &c.ftc_non_token_user,
            "Email",
            400,
            Some(messages::NOT_TOKEN_USER),
        ),
        (
            &c.ftc_sms_disallowed_user,
            "SMS",
            400,
            Some(messages::SMS_NOT_ALLOWED),
        ),
        (&c.ftc_sms_disallowed_user, "Email", 201, None),
        (
            &c.ftc_invalid_mobile_user,
            "SMS",
            400,
            Some(messages::INVALID_MOBILE),
        ),
        (&c.ftc_invalid_mobile_user, "Email", 201, None),
    ];
    for (user, method, status, message) in cases {
        let answer = mock
            .ftc_temp(&token, &json!({ "user_id": user, "auth_method": method }))
            .await;
        assert_eq!(answer.status, status, "{user} {method}: {}", answer.text());
        if let Some(message) = message {
            assert_eq!(answer.json(), json!({ "error": message }));
        }
    }
    for user in ["12345678-abcd-4bcd-8234-0123456789ab", "not-a-uuid", ""] {
        let answer = mock.ftc_temp(&token, &json!({ "user_id": user })).await;
        assert_eq!(answer.status, 404, "{user}");
        assert_eq!(answer.json(), json!({ "error": messages::NO_USER }));
    }
    let user = &c.ftc_temp_token_user;
    for body in [
        json!({}),
        json!({"user_id": null}),
        json!({"user_id": 7}),
        json!({"user_id": user, "auth_method": "email"}),
        json!({"user_id": user, "auth_method": 1}),
        json!("x"),
    ] {
        let answer = mock.ftc_temp(&token, &body).await;
        assert_eq!(answer.status, 400, "{body}");
        assert!(answer.json()["error"].is_string());
    }
    let malformed = mock
        .send(
            mock.request(Method::POST, "/api/v1/token/temp")
                .bearer_auth(&token)
                .body("{oops"),
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert!(malformed.json()["error"].is_string());
}

#[tokio::test]
async fn deleting_a_temp_token() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    let delete = |id: String| {
        mock.send(
            mock.request(Method::DELETE, &format!("/api/v1/token/temp/{id}"))
                .bearer_auth(&token),
        )
    };
    assert_eq!(delete(user.clone()).await.status, 404);
    assert_eq!(
        mock.ftc_temp(&token, &json!({ "user_id": user }))
            .await
            .status,
        201
    );
    let answer = delete(user.clone()).await;
    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty());
    assert_eq!(delete(user.clone()).await.status, 404);
    assert_eq!(delete("unknown".to_string()).await.status, 404);
}

#[tokio::test]
async fn fixture_users_exist_without_tokens() {
    let mock = Mock::start(MockOptions {
        tokens: 0,
        ..MockOptions::default()
    })
    .await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    assert_eq!(
        mock.ftc_temp(&token, &json!({ "user_id": user }))
            .await
            .status,
        201
    );
    let c = mock.creds();
    let ids = [
        &c.ftc_temp_token_user,
        &c.ftc_non_token_user,
        &c.ftc_invalid_mobile_user,
        &c.ftc_disabled_user,
        &c.ftc_sms_disallowed_user,
    ];
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), 5);
    assert!(ids.iter().all(|id| id.len() == 36));
}

/// The `Retry-After` of an answer, in seconds.
fn retry_after(answer: &super::Answer) -> u64 {
    answer
        .headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After in seconds: {:?}", answer.headers))
}

#[tokio::test]
async fn the_trial_rate_limit_is_429_with_retry_after_until_the_window_moves_on() {
    // The doc's figures: 60 requests in 5 minutes.
    let mock = Mock::start(MockOptions {
        rate_limit: Some((60, Duration::from_secs(300))),
        ..MockOptions::default()
    })
    .await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    mock.running.state().advance_clock(Duration::from_secs(100));
    let unknown = json!({ "user_id": "no-such-user" });
    for i in 1..60 {
        let answer = mock.ftc_temp(&token, &unknown).await;
        assert_eq!(answer.status, 404, "request {}", i + 1);
    }
    // The 61st request in the window, whatever its route.
    let refused = mock.ftc_temp(&token, &json!({ "user_id": user })).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.content_type(), Some("application/json"));
    assert!(refused.json()["error"].is_string(), "{}", refused.text());
    // The login came 100 s before the others: it leaves the window first.
    let wait = retry_after(&refused);
    assert!((199..=200).contains(&wait), "{wait}");
    let delete = mock
        .send(
            mock.request(Method::DELETE, &format!("/api/v1/token/temp/{user}"))
                .bearer_auth(&token),
        )
        .await;
    assert_eq!(delete.status, 429);
    let login = mock
        .send(mock.request(Method::POST, "/api/v1/login").json(&json!({})))
        .await;
    assert_eq!(login.status, 429);
    // The other products are not limited.
    assert_eq!(mock.fac_get("/api/v1/fortitokens/").await.status, 200);
    let fpc = mock.fpc_login(&json!({})).await;
    assert_eq!(fpc.status, 400);

    // Refused requests do not count: once the login leaves the window, one
    // more request is admitted, and then the limit is reached again.
    mock.running
        .state()
        .advance_clock(Duration::from_secs(wait));
    let answer = mock.ftc_temp(&token, &json!({ "user_id": user })).await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    let again = mock.ftc_temp(&token, &unknown).await;
    assert_eq!(again.status, 429);
    assert!(retry_after(&again) <= 100, "{}", retry_after(&again));
    // A whole window later everything is admitted again (the access token
    // still lives: ten minutes have passed on the mock's clock).
    mock.running.state().advance_clock(Duration::from_secs(300));
    for _ in 0..60 {
        assert_eq!(mock.ftc_temp(&token, &unknown).await.status, 404);
    }
}

#[tokio::test]
async fn without_a_rate_limit_nothing_is_throttled() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let unknown = json!({ "user_id": "no-such-user" });
    for _ in 0..80 {
        assert_eq!(mock.ftc_temp(&token, &unknown).await.status, 404);
    }
}

#[tokio::test]
async fn a_limit_of_zero_refuses_everything_for_the_whole_window() {
    let mock = Mock::start(MockOptions {
        rate_limit: Some((0, Duration::from_secs(90))),
        ..MockOptions::default()
    })
    .await;
    let login = mock
        .send(mock.request(Method::POST, "/api/v1/login").json(&json!({})))
        .await;
    assert_eq!(login.status, 429);
    assert_eq!(retry_after(&login), 90);
}
