//! FortiAuthenticator `/auth/` and `/realmauth/` as their "Behavior of the
//! API" lists it, the lockout policy, and the resources declared in one
//! step each (RADIUS, TACACS+, MAC, SSO, system): served from their
//! declarations alone.

use reqwest::Method;
use serde_json::{json, Value};

use super::super::faults::Fault;
use super::super::MockOptions;
use super::{Answer, Mock};

async fn post(mock: &Mock, path: &str, body: Value) -> Answer {
    mock.send(mock.fac(Method::POST, path).json(&body)).await
}

async fn auth(mock: &Mock, body: Value) -> u16 {
    post(mock, "/api/v1/auth/", body).await.status
}

#[tokio::test]
async fn auth_follows_the_behavior_of_the_api() {
    let mock = Mock::default().await;
    let c = mock.creds().clone();
    let (user, pass) = (c.fac_auth_username.as_str(), c.fac_auth_password.as_str());
    assert!(!user.is_empty());
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        200
    );
    // Either password or token_code needs to be specified.
    assert_eq!(auth(&mock, json!({"username": user})).await, 400);
    assert_eq!(
        auth(
            &mock,
            json!({"username": user, "password": "", "token_code": ""})
        )
        .await,
        400
    );
    assert_eq!(auth(&mock, json!({"password": pass})).await, 400);
    // A user without two-factor authentication fails with any token code.
    assert_eq!(
        auth(&mock, json!({"username": user, "token_code": "123456"})).await,
        401
    );
    assert_eq!(
        auth(
            &mock,
            json!({"username": user, "password": pass, "token_code": "123456"})
        )
        .await,
        401
    );
    // A success starts the count of failures again.
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        200
    );
    // An unknown user fails.
    assert_eq!(
        auth(&mock, json!({"username": "nobody-here", "password": pass})).await,
        401
    );
    // A wrong password fails; the right one still works (one failure < 3).
    assert_eq!(
        auth(
            &mock,
            json!({"username": user, "password": "wrong-password"})
        )
        .await,
        401
    );
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        200
    );
    // Only POST: other methods are 405; and credentials are needed.
    let get = mock.send(mock.fac(Method::GET, "/api/v1/auth/")).await;
    assert_eq!(get.status, 405);
    let anonymous = mock
        .send(
            mock.request(Method::POST, "/api/v1/auth/")
                .json(&json!({"username": user, "password": pass})),
        )
        .await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn three_failures_lock_the_account_for_the_policy_period() {
    let mock = Mock::default().await;
    let c = mock.creds().clone();
    let (user, pass) = (c.fac_auth_username.clone(), c.fac_auth_password.clone());
    for _ in 0..3 {
        assert_eq!(
            auth(
                &mock,
                json!({"username": user, "password": "wrong-password"})
            )
            .await,
            401
        );
    }
    // Locked: the right password fails, and the account shows disabled.
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        401
    );
    let encoded: String = url::form_urlencoded::byte_serialize(user.as_bytes()).collect();
    let listed = mock
        .fac_get(&format!("/api/v1/localusers/?username={encoded}"))
        .await
        .json();
    assert_eq!(listed["objects"][0]["active"], false);
    assert_eq!(listed["objects"][0]["reason"], 2);
    // The policy's period (60 s) passes on the mock's clock.
    mock.running
        .state()
        .advance_clock(std::time::Duration::from_secs(61));
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        200
    );
    // With lockouts off, failures lock nothing.
    let policy = mock
        .send(
            mock.fac(Method::PATCH, "/api/v1/userlockoutpolicy/")
                .json(&json!({"failed_login_lockout": false})),
        )
        .await;
    assert_eq!(policy.status, 202, "{}", policy.text());
    for _ in 0..5 {
        auth(
            &mock,
            json!({"username": user, "password": "wrong-password"}),
        )
        .await;
    }
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        200
    );
    let mock = Mock::start(MockOptions {
        faults: [Fault::from_name("fac-auth-lockout-ignored").expect("a fault")].into(),
        ..MockOptions::default()
    })
    .await;
    for _ in 0..5 {
        auth(
            &mock,
            json!({"username": user, "password": "wrong-password"}),
        )
        .await;
    }
    assert_eq!(
        auth(&mock, json!({"username": user, "password": pass})).await,
        200
    );
}

#[tokio::test]
async fn realmauth_needs_a_configured_realm() {
    let mock = Mock::default().await;
    let c = mock.creds().clone();
    let body = |realm: &str, password: &str| json!({"username": c.fac_auth_username, "realm": realm, "password": password});
    let realm = c.fac_auth_realm.as_str();
    let pass = c.fac_auth_password.as_str();
    let status = |b| async { post(&mock, "/api/v1/realmauth/", b).await.status };
    assert_eq!(status(body(realm, pass)).await, 200);
    assert_eq!(status(body("no-such-realm", pass)).await, 400);
    assert_eq!(
        status(json!({"username": c.fac_auth_username, "password": pass})).await,
        400
    );
    assert_eq!(status(body(realm, "wrong-password")).await, 401);
}

#[tokio::test]
async fn a_token_only_user_fails_with_a_password_and_derived_faults_lift_each_behaviour() {
    let mock = Mock::default().await;
    let created = post(
        &mock,
        "/api/v1/localusers/",
        json!({"username": "token-only"}),
    )
    .await;
    assert_eq!(created.status, 201);
    assert_eq!(
        auth(
            &mock,
            json!({"username": "token-only", "password": "anything-1"})
        )
        .await,
        401
    );
    for (fault, body) in [
        (
            "fac-auth-unknown-user-accepted",
            json!({"username": "ghost", "password": "x-x-x-x"}),
        ),
        (
            "fac-auth-credentials-missing-accepted",
            json!({"username": "ghost"}),
        ),
    ] {
        let broken = Mock::start(MockOptions {
            faults: [Fault::from_name(fault).expect("a fault")].into(),
            ..MockOptions::default()
        })
        .await;
        assert_ne!(
            auth(&broken, body.clone()).await,
            auth(&mock, body).await,
            "{fault}"
        );
    }
}

#[tokio::test]
async fn declared_resources_serve_their_tables() {
    let mock = Mock::default().await;
    let index = mock.fac_get("/api/v1/").await.json();
    for name in [
        "auth",
        "realmauth",
        "radiusclients",
        "radiuspolicies",
        "radiuspolicyclient",
        "tacplusclients",
        "macdevices",
        "macgroups",
        "macgroup-memberships",
        "ssogroup",
        "fgtgroupfilter",
        "systeminfo",
        "userlockoutpolicy",
        "syslogservers",
        "fortitokenmobilelicenses",
    ] {
        assert_eq!(
            index[name]["list_endpoint"],
            format!("/api/v1/{name}/"),
            "{name}"
        );
        let schema = mock.fac_get(&format!("/api/v1/{name}/schema/")).await;
        assert_eq!(schema.status, 200, "{name}");
    }
    let client = json!({"name": "nas-1", "address": "192.0.2.0/24", "secret": "Sh4red-Secret"});
    let created = post(&mock, "/api/v1/radiusclients/", client).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let bad = json!({"name": "nas-2", "address": "not an address", "secret": "x"});
    assert_eq!(post(&mock, "/api/v1/radiusclients/", bad).await.status, 400);
    // An association names its policy and client by name.
    let by_name = json!({"policy_name": "vpn-users", "client_name": "nas-1"});
    let assoc = post(&mock, "/api/v1/radiuspolicyclient/", by_name).await;
    assert_eq!(assoc.status, 201, "{}", assoc.text());
    let location = assoc.headers["location"].to_str().unwrap().to_string();
    let one = mock.fac_get(&location).await.json();
    assert_eq!(
        (one["policy_name"].as_str(), one["client_name"].as_str()),
        (Some("vpn-users"), Some("nas-1"))
    );
    assert_eq!(
        post(
            &mock,
            "/api/v1/radiuspolicyclient/",
            json!({"client_name": "nas-1"})
        )
        .await
        .status,
        400
    );
    // MAC devices, groups and their associations, shown on the group.
    let device = post(
        &mock,
        "/api/v1/macdevices/",
        json!({"name": "printer", "address": "00:11:22:33:44:55"}),
    )
    .await;
    assert_eq!(device.status, 201, "{}", device.text());
    assert_eq!(
        post(
            &mock,
            "/api/v1/macdevices/",
            json!({"name": "x", "address": "00:11"})
        )
        .await
        .status,
        400
    );
    let group = post(&mock, "/api/v1/macgroups/", json!({"name": "printers"})).await;
    let (device, group) = (
        device.headers["location"].to_str().unwrap().to_string(),
        group.headers["location"].to_str().unwrap().to_string(),
    );
    let assoc = post(
        &mock,
        "/api/v1/macgroup-memberships/",
        json!({"group": group, "device": device}),
    )
    .await;
    assert_eq!(assoc.status, 201, "{}", assoc.text());
    assert_eq!(
        mock.fac_get(&group).await.json()["devices"],
        json!([device])
    );
    let info = mock.fac_get("/api/v1/systeminfo/").await.json();
    assert!(info["sn"].is_string() && info["users_usage_detail"]["used"].as_u64() > Some(0));
    assert!(info.get("resource_uri").is_none());
    let licenses = mock
        .fac_get("/api/v1/fortitokenmobilelicenses/")
        .await
        .json();
    assert!(licenses["total_ftm"].as_u64() >= licenses["available_ftm"].as_u64());
    // SSO groups: DELETE on the list deletes them all.
    let gone = mock
        .send(mock.fac(Method::DELETE, "/api/v1/ssogroup/"))
        .await;
    assert_eq!(gone.status, 204);
    assert_eq!(
        mock.fac_get("/api/v1/ssogroup/").await.json()["meta"]["total_count"],
        0
    );
}
