//! FortiAuthenticator local users: authentication on every route, the
//! list and its filters, one user, POST with each documented restriction,
//! PATCH, DELETE, and FortiToken assignment moving the token's status.

use reqwest::Method;
use serde_json::{json, Value};

use super::super::faults::Fault;
use super::super::MockOptions;
use super::Mock;

const USERS: &str = "/api/v1/localusers/";

/// Every object of a provisioning list, following `next`.
pub(super) async fn all(mock: &Mock, path: &str) -> Vec<Value> {
    let mut objects = Vec::new();
    let mut path = path.to_string();
    for _ in 0..1000 {
        let answer = mock.fac_get(&path).await;
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

pub(super) async fn post(mock: &Mock, path: &str, body: Value) -> super::Answer {
    mock.send(mock.fac(Method::POST, path).json(&body)).await
}

async fn patch(mock: &Mock, path: &str, body: Value) -> super::Answer {
    mock.send(mock.fac(Method::PATCH, path).json(&body)).await
}

#[tokio::test]
async fn every_provisioning_route_needs_credentials() {
    let mock = Mock::default().await;
    let routes = [
        (Method::GET, USERS),
        (Method::GET, "/api/v1/localusers/1/"),
        (Method::POST, USERS),
        (Method::PATCH, "/api/v1/localusers/1/"),
        (Method::DELETE, "/api/v1/localusers/1/"),
        (Method::GET, "/api/v1/usergroups/"),
        (Method::POST, "/api/v1/usergroups/"),
        (Method::DELETE, "/api/v1/usergroups/1/"),
        (Method::GET, "/api/v1/localgroup-memberships/"),
        (Method::POST, "/api/v1/localgroup-memberships/"),
        (Method::DELETE, "/api/v1/localgroup-memberships/1/"),
    ];
    for (method, path) in routes {
        let creds = mock.creds().clone();
        for attempt in [
            mock.request(method.clone(), path)
                .json(&json!({"username": "x"})),
            mock.request(method.clone(), path)
                .basic_auth(&creds.fac_username, Some("wrong"))
                .json(&json!({})),
        ] {
            let answer = mock.send(attempt).await;
            assert_eq!(answer.status, 401, "{method} {path}");
            assert!(answer.body.is_empty(), "{method} {path}");
        }
    }
    assert_eq!(mock.fac_get("/api/v1/localusers/1/").await.status, 200);
}

#[tokio::test]
async fn the_index_lists_each_served_resource() {
    let mock = Mock::default().await;
    let answer = mock.fac_get("/api/v1/?format=json").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type(), Some("application/json"));
    let body = answer.json();
    for name in [
        "fortitokens",
        "localusers",
        "usergroups",
        "localgroup-memberships",
    ] {
        assert_eq!(body[name]["list_endpoint"], format!("/api/v1/{name}/"));
        assert_eq!(body[name]["schema"], format!("/api/v1/{name}/schema/"));
        let list = mock.fac_get(&format!("/api/v1/{name}/")).await;
        assert_eq!(list.status, 200, "{name}");
    }
    let xml = mock.fac_get("/api/v1/?format=xml").await;
    assert_eq!(xml.content_type(), Some("application/xml; charset=utf-8"));
    let mock = Mock::start(MockOptions {
        faults: [Fault::FacIndexLacksMemberships].into(),
        ..MockOptions::default()
    })
    .await;
    let body = mock.fac_get("/api/v1/").await.json();
    assert!(body.get("localgroup-memberships").is_none());
}

#[tokio::test]
async fn the_user_list_pages_and_every_user_is_found_by_its_uri() {
    let mock = Mock::default().await;
    let first = mock.fac_get(USERS).await.json();
    assert_eq!(first["meta"]["limit"], 20);
    assert_eq!(first["meta"]["offset"], 0);
    assert_eq!(
        first["meta"]["next"],
        "/api/v1/localusers/?offset=20&limit=20"
    );
    let total = first["meta"]["total_count"].as_u64().unwrap();
    assert!(total >= 30, "{total}");
    let users = all(&mock, "/api/v1/localusers/?limit=7&format=json").await;
    assert_eq!(users.len() as u64, total);
    for user in &users {
        let uri = user["resource_uri"].as_str().unwrap();
        assert_eq!(uri, format!("/api/v1/localusers/{}/", user["id"]));
        let one = mock.fac_get(uri).await;
        assert_eq!(one.status, 200);
        assert_eq!(&one.json(), user);
        for group in user["user_groups"].as_array().unwrap() {
            assert!(group.as_str().unwrap().starts_with("/api/v1/usergroups/"));
        }
    }
    assert!(users.iter().any(|u| u["token_auth"] == true));
    assert_eq!(mock.fac_get("/api/v1/localusers/99999/").await.status, 404);
    assert_eq!(mock.fac_get("/api/v1/localusers/x/").await.status, 404);
}

#[tokio::test]
async fn user_filters_use_their_lookups_and_refuse_others() {
    let mock = Mock::default().await;
    let users = all(&mock, USERS).await;
    let name = users[3]["username"].as_str().unwrap().to_string();
    let count = |q: &str| {
        let q = q.to_string();
        let mock = &mock;
        async move { all(mock, &format!("{USERS}?{q}")).await }
    };
    let exact = count(&format!("username={}", urlencode(&name))).await;
    assert_eq!(exact.len(), 1);
    assert_eq!(
        count(&format!(
            "username__exact={}",
            urlencode(&name.to_uppercase())
        ))
        .await
        .len(),
        usize::from(name == name.to_uppercase())
    );
    assert_eq!(
        count(&format!(
            "username__iexact={}",
            urlencode(&name.to_uppercase())
        ))
        .await
        .len(),
        1
    );
    let part = &name[1..name.len() - 1];
    let contains = count(&format!("username__contains={}", urlencode(part))).await;
    assert!(contains
        .iter()
        .all(|u| u["username"].as_str().unwrap().contains(part)));
    assert!(contains.iter().any(|u| u["username"] == name.as_str()));
    let icontains = count(&format!(
        "username__icontains={}",
        urlencode(&part.to_uppercase())
    ))
    .await;
    assert!(icontains.len() >= contains.len());
    let two = format!(
        "{},{}",
        urlencode(&name),
        urlencode(users[5]["username"].as_str().unwrap())
    );
    assert_eq!(count(&format!("username__in={two}")).await.len(), 2);
    let active = users.iter().filter(|u| u["active"] == true).count();
    for value in ["true", "True", "1"] {
        assert_eq!(
            count(&format!("active={value}")).await.len(),
            active,
            "{value}"
        );
    }
    assert_eq!(count("active=False").await.len(), users.len() - active);
    for refused in [
        "active=maybe",
        "city=x",
        "username__startswith=a",
        "email__contains=a",
        "username__a__b=1",
    ] {
        let answer = mock.fac_get(&format!("{USERS}?{refused}")).await;
        assert_eq!(answer.status, 400, "{refused}");
        assert!(answer.json()["error"].is_string(), "{refused}");
    }
    assert_eq!(
        mock.fac_get(&format!("{USERS}?not_a_field=1")).await.status,
        200
    );
    let next = mock
        .fac_get(&format!("{USERS}?active=true&limit=2&format=json"))
        .await
        .json();
    assert_eq!(
        next["meta"]["next"],
        "/api/v1/localusers/?active=true&offset=2&limit=2&format=json"
    );
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn post_creates_a_user_and_answers_201_with_its_location() {
    let mock = Mock::default().await;
    let before = mock.fac_get(USERS).await.json()["meta"]["total_count"].clone();
    let answer = post(&mock, USERS, json!({
        "username": "new.user+vpn@example.com", "email": "n@example.com", "mobile_number": "+46-701234567",
        "country": "SE", "first_name": "N", "active": false, "user_groups": ["/api/v1/usergroups/1/"],
    })).await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    assert!(answer.body.is_empty());
    let location = answer.headers["location"].to_str().unwrap().to_string();
    let user = mock.fac_get(&location).await.json();
    assert_eq!(user["username"], "new.user+vpn@example.com");
    assert_eq!(user["active"], false);
    // `user_groups` is read-only since 6.2.1 ("See usergroups or
    // localgroup-memberships to make relations"): given, it is ignored.
    assert_eq!(user["user_groups"], json!([]));
    let after = mock.fac_get(USERS).await.json()["meta"]["total_count"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before.as_u64().unwrap() + 1);
    // The same name again is refused.
    assert_eq!(
        post(
            &mock,
            USERS,
            json!({"username": "new.user+vpn@example.com"})
        )
        .await
        .status,
        400
    );
}

#[tokio::test]
async fn each_documented_restriction_is_a_400() {
    let mock = Mock::default().await;
    let long = |n: usize| "a".repeat(n);
    let refused = [
        json!({}),
        json!({"username": ""}),
        json!({"username": "has space"}),
        json!({"username": "bad!name"}),
        json!({"username": long(254)}),
        json!({"username": "u1", "mobile_number": "+46701234567"}),
        json!({"username": "u2", "mobile_number": "070-1234567"}),
        json!({"username": "u3", "mobile_number": "+46-7012345678901234567890"}),
        json!({"username": "u4", "country": "XX"}),
        json!({"username": "u5", "country": "swe"}),
        json!({"username": "u6", "email": "not-an-address"}),
        json!({"username": "u7", "first_name": long(31)}),
        json!({"username": "u8", "last_name": long(31)}),
        json!({"username": "u9", "address": long(81)}),
        json!({"username": "u10", "city": long(41)}),
        json!({"username": "u11", "state": long(41)}),
        json!({"username": "u12", "custom1": long(256)}),
        json!({"username": "u13", "phone_number": long(26)}),
        json!({"username": "u14", "active": "yes"}),
        json!({"username": "u16", "token_auth": true}),
        json!({"username": "u18", "token_auth": true, "token_type": "ftm", "token_serial": "NOSUCHSERIAL"}),
        json!({"username": "u19", "token_auth": true, "token_type": "email"}),
        json!({"username": "u20", "token_auth": true, "token_type": "sms", "email": "a@example.com"}),
        json!({"username": "u21", "token_auth": true, "token_type": "dual", "email": "a@example.com"}),
        json!({"username": "u22", "token_auth": true, "token_type": "fido"}),
        json!({"username": "u23", "reason": 9}),
        json!({"username": "u24", "ftm_act_method": "sms"}),
    ];
    let total = mock.fac_get(USERS).await.json()["meta"]["total_count"].clone();
    for body in refused {
        let answer = post(&mock, USERS, body.clone()).await;
        assert_eq!(answer.status, 400, "{body}");
        assert!(answer.json()["error"].is_string(), "{body}");
    }
    assert_eq!(
        mock.fac_get(USERS).await.json()["meta"]["total_count"],
        total
    );
    for body in [
        json!({"username": long(253)}),
        // Read-only (6.2.1 on): ignored, even when it names nothing.
        json!({"username": "u15", "user_groups": ["/api/v1/usergroups/9999/"]}),
        json!({"username": "u25", "token_auth": true, "token_type": "email", "email": "e@example.com"}),
        json!({"username": "u26", "token_auth": true, "token_type": "dual", "email": "e@example.com", "mobile_number": "+46-701234567"}),
        json!({"username": "ok", "first_name": long(30), "mobile_number": "+1-5551234", "country": "", "email": ""}),
    ] {
        assert_eq!(post(&mock, USERS, body.clone()).await.status, 201, "{body}");
    }
    assert_eq!(
        mock.send(mock.fac(Method::POST, USERS).body("{not json"))
            .await
            .status,
        400
    );
    assert_eq!(post(&mock, USERS, json!([1])).await.status, 400);
}

#[tokio::test]
async fn faults_lift_the_restrictions_one_at_a_time() {
    for (fault, body) in [
        (
            Fault::FacUsersUsernameAlphabetUnchecked,
            json!({"username": "has space"}),
        ),
        (
            Fault::FacUsersMobileUnchecked,
            json!({"username": "m", "mobile_number": "+46701234567"}),
        ),
        (
            Fault::FacUsersCountryUnchecked,
            json!({"username": "c", "country": "XX"}),
        ),
        (
            Fault::FacUsersMaxLengthUnchecked,
            json!({"username": "f", "first_name": "a".repeat(31)}),
        ),
    ] {
        let mock = Mock::start(MockOptions {
            faults: [fault].into(),
            ..MockOptions::default()
        })
        .await;
        assert_eq!(
            post(&mock, USERS, body.clone()).await.status,
            201,
            "{fault:?}"
        );
        let normal = Mock::default().await;
        assert_eq!(post(&normal, USERS, body).await.status, 400, "{fault:?}");
    }
    let mock = Mock::start(MockOptions {
        faults: [Fault::FacUsersPost200].into(),
        ..MockOptions::default()
    })
    .await;
    assert_eq!(
        post(&mock, USERS, json!({"username": "p"})).await.status,
        200
    );
}

#[tokio::test]
async fn patch_answers_202_with_the_user_and_delete_204() {
    let mock = Mock::default().await;
    let answer = patch(
        &mock,
        "/api/v1/localusers/2/",
        json!({"first_name": "Changed"}),
    )
    .await;
    assert_eq!(answer.status, 202);
    let user = answer.json();
    assert_eq!(user["first_name"], "Changed");
    assert_eq!(mock.fac_get("/api/v1/localusers/2/").await.json(), user);
    assert_eq!(
        patch(
            &mock,
            "/api/v1/localusers/2/",
            json!({"mobile_number": "0701"})
        )
        .await
        .status,
        400
    );
    assert_eq!(
        patch(&mock, "/api/v1/localusers/99999/", json!({}))
            .await
            .status,
        404
    );
    let delete = mock
        .send(mock.fac(Method::DELETE, "/api/v1/localusers/2/"))
        .await;
    assert_eq!(delete.status, 204);
    assert!(delete.body.is_empty());
    assert_eq!(mock.fac_get("/api/v1/localusers/2/").await.status, 404);
    assert!(all(&mock, "/api/v1/localgroup-memberships/?user=2")
        .await
        .is_empty());
    assert_eq!(
        mock.send(mock.fac(Method::DELETE, "/api/v1/localusers/2/"))
            .await
            .status,
        404
    );
    let mock = Mock::start(MockOptions {
        faults: [Fault::FacUsersPatchEmpty].into(),
        ..MockOptions::default()
    })
    .await;
    let answer = patch(&mock, "/api/v1/localusers/2/", json!({"first_name": "X"})).await;
    assert_eq!((answer.status, answer.body.is_empty()), (202, true));
}

#[tokio::test]
async fn assigning_a_token_makes_it_assigned_and_taking_it_away_available() {
    let mock = Mock::default().await;
    let token = &mock
        .fac_get("/api/v1/fortitokens/?status=available&limit=1")
        .await
        .json()["objects"][0];
    let (serial, kind, uri) = (
        token["serial"].as_str().unwrap(),
        token["type"].as_str().unwrap(),
        token["resource_uri"].as_str().unwrap(),
    );
    assert_eq!(
        post(&mock, USERS, json!({"username": "holder"}))
            .await
            .status,
        201
    );
    let holder = all(&mock, "/api/v1/localusers/?username=holder").await[0]["resource_uri"]
        .as_str()
        .unwrap()
        .to_string();
    let other_kind = if kind == "ftm" { "ftk" } else { "ftm" };
    let wrong = patch(
        &mock,
        &holder,
        json!({"token_auth": true, "token_type": other_kind, "token_serial": serial}),
    )
    .await;
    assert_eq!(wrong.status, 400);
    let answer = patch(
        &mock,
        &holder,
        json!({"token_auth": true, "token_type": kind, "token_serial": serial}),
    )
    .await;
    assert_eq!(answer.status, 202, "{}", answer.text());
    assert_eq!(answer.json()["token_serial"], serial);
    assert_eq!(mock.fac_get(uri).await.json()["status"], "assigned");
    // Nobody else can take it now.
    assert_eq!(post(&mock, USERS, json!({"username": "second", "token_auth": true, "token_type": kind, "token_serial": serial})).await.status, 400);
    let freed = patch(
        &mock,
        &holder,
        json!({"token_auth": false, "token_serial": ""}),
    )
    .await
    .json();
    assert_eq!(
        (
            freed["token_auth"].clone(),
            freed["token_serial"].clone(),
            freed["token_type"].clone()
        ),
        (json!(false), json!(""), Value::Null)
    );
    assert_eq!(mock.fac_get(uri).await.json()["status"], "available");
    // Deleting the holder frees it as well.
    patch(
        &mock,
        &holder,
        json!({"token_auth": true, "token_type": kind, "token_serial": serial}),
    )
    .await;
    assert_eq!(
        mock.send(mock.fac(Method::DELETE, &holder)).await.status,
        204
    );
    assert_eq!(mock.fac_get(uri).await.json()["status"], "available");
    let mock = Mock::start(MockOptions {
        faults: [Fault::FacUsersTokenStaysAvailable].into(),
        ..MockOptions::default()
    })
    .await;
    post(
        &mock,
        USERS,
        json!({"username": "h", "token_auth": true, "token_type": kind, "token_serial": serial}),
    )
    .await;
    assert_eq!(mock.fac_get(uri).await.json()["status"], "available");
}

#[tokio::test]
async fn a_user_given_no_serial_gets_the_next_available_token() {
    // "If token_type is ftm, or ftk, and this is not present or blank, the
    // next available token will be assigned." (Local users, 6.0.0 to 6.2.1)
    let mock = Mock::default().await;
    let created = post(
        &mock,
        USERS,
        json!({"username": "auto", "token_auth": true, "token_type": "ftm"}),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let location = created.headers["location"].to_str().unwrap().to_string();
    let user = mock.fac_get(&location).await.json();
    let serial = user["token_serial"].as_str().unwrap().to_string();
    assert!(!serial.is_empty(), "{user}");
    let token = &mock
        .fac_get(&format!("/api/v1/fortitokens/?serial={serial}"))
        .await
        .json()["objects"][0];
    assert_eq!(
        (token["type"].as_str(), token["status"].as_str()),
        (Some("ftm"), Some("assigned"))
    );
    assert_eq!(token["locked"], false);
}
