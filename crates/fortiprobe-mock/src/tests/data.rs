//! The generated data and its variants (`MockOptions`): shapes of token
//! objects in doc mode, key orders, the extra field, mixed-case serials, the
//! [seen] shapes, sizes from 0 to 100 000 and determinism.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{json, Value};

use super::super::{data, KeyOrder, MockOptions, MockState};
use super::Mock;

const DOCUMENTED: [&str; 7] = [
    "resource_uri",
    "serial",
    "type",
    "status",
    "locked",
    "license",
    "last_used_at",
];

fn opts(f: impl FnOnce(&mut MockOptions)) -> MockOptions {
    let mut o = MockOptions::default();
    f(&mut o);
    o
}

#[tokio::test]
async fn doc_mode_objects() {
    let mock = Mock::default().await;
    let all = mock.fac_all("limit=1000").await;
    assert_eq!(all.len(), 60);
    for object in &all {
        assert_eq!(super::keys(object), DOCUMENTED);
        let serial = object["serial"].as_str().unwrap_or_default();
        assert_eq!(serial.len(), 16, "{serial}");
        assert!(
            serial.starts_with("FTKMOB") || serial.starts_with("FTK200"),
            "{serial}"
        );
        assert!(object["locked"].is_boolean());
        assert!(
            object["license"].as_str().is_some_and(|l| !l.is_empty()),
            "{object}"
        );
        match &object["last_used_at"] {
            Value::Null => {}
            Value::String(at) => {
                assert!(at.ends_with('Z'), "{at}");
                assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
            }
            other => panic!("last_used_at {other}"),
        }
    }
    let has = |f: &dyn Fn(&Value) -> bool| all.iter().any(f);
    for status in ["new", "available", "pending", "assigned"] {
        assert!(has(&|o| o["status"] == status), "{status}");
    }
    assert!(has(&|o| o["type"] == "ftk") && has(&|o| o["type"] == "ftm"));
    assert!(has(&|o| o["status"] == "available" && o["locked"] == true));
    assert!(has(&|o| o["last_used_at"].is_null()));
    let licenses: HashSet<&str> = all.iter().filter_map(|o| o["license"].as_str()).collect();
    assert!(licenses.len() >= 3, "{licenses:?}");
    let serials: HashSet<String> = all
        .iter()
        .filter_map(|o| o["serial"].as_str())
        .map(str::to_uppercase)
        .collect();
    assert_eq!(serials.len(), 60);
}

#[tokio::test]
async fn key_orders() {
    for (order, expected) in [
        (KeyOrder::Documented, DOCUMENTED.to_vec()),
        (KeyOrder::Alphabetical, {
            let mut keys = DOCUMENTED.to_vec();
            keys.sort_unstable();
            keys
        }),
        (
            KeyOrder::Reversed,
            DOCUMENTED.iter().rev().copied().collect(),
        ),
    ] {
        let mock = Mock::start(opts(|o| o.key_order = order)).await;
        let body = mock.fac_get("/api/v1/fortitokens/").await.json();
        for object in body["objects"].as_array().into_iter().flatten() {
            assert_eq!(super::keys(object), expected, "{order:?}");
        }
        assert_eq!(
            super::keys(&mock.fac_get("/api/v1/fortitokens/3/").await.json()),
            expected
        );
    }
}

#[tokio::test]
async fn extra_field_everywhere() {
    let mock = Mock::start(opts(|o| o.extra_field = true)).await;
    let body = mock.fac_get("/api/v1/fortitokens/?limit=1000").await.json();
    let objects = body["objects"].as_array().cloned().unwrap_or_default();
    assert_eq!(objects.len(), 60);
    for object in &objects {
        assert!(object["x_firmware_note"].is_string(), "{object}");
        assert_eq!(super::keys(object).len(), 8);
    }
    assert!(mock.fac_get("/api/v1/fortitokens/2/").await.json()["x_firmware_note"].is_string());
    let creds = mock.creds().clone();
    let login = mock
        .send(mock.request(Method::POST, "/api/v1/login").json(&json!({
            "client_id": creds.ftc_client_id, "client_secret": creds.ftc_client_secret
        })))
        .await;
    assert!(login.json()["x_firmware_note"].is_string());
    let token = mock.ftc_token().await;
    let temp = mock
        .ftc_temp(&token, &json!({ "user_id": creds.ftc_temp_token_user }))
        .await;
    assert_eq!(temp.status, 201);
    assert!(temp.json()["x_firmware_note"].is_string());
    let fpc = mock.fpc_login(&mock.fpc_body(json!({}))).await;
    assert_eq!(fpc.status, 200);
    assert!(fpc.json()["x_firmware_note"].is_string());
}

#[tokio::test]
async fn mixed_case_serials() {
    let mock = Mock::start(opts(|o| {
        o.mixed_case_serials = true;
        o.tokens = 1500;
    }))
    .await;
    let all = mock.fac_all("limit=1000").await;
    assert_eq!(all.len(), 1500);
    let serials: Vec<&str> = all.iter().filter_map(|o| o["serial"].as_str()).collect();
    let mixed = serials
        .iter()
        .filter(|s| {
            s.bytes().any(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b.is_ascii_uppercase())
        })
        .count();
    assert!(mixed > 1000, "{mixed} mixed-case serials");
    let folded: HashSet<String> = serials.iter().map(|s| s.to_uppercase()).collect();
    assert_eq!(folded.len(), 1500);
    let serial = serials
        .iter()
        .find(|s| s.bytes().any(|b| b.is_ascii_lowercase()))
        .copied()
        .unwrap_or_default();
    let upper = serial.to_uppercase();
    let exact = mock
        .fac_get(&format!("/api/v1/fortitokens/?serial={upper}"))
        .await
        .json();
    assert_eq!(exact["meta"]["total_count"], 0);
    let iexact = mock
        .fac_get(&format!("/api/v1/fortitokens/?serial__iexact={upper}"))
        .await
        .json();
    assert_eq!(iexact["meta"]["total_count"], 1);
    assert_eq!(iexact["objects"][0]["serial"], serial);
}

#[tokio::test]
async fn seen_shapes() {
    let mock = Mock::start(opts(|o| o.seen_shapes = true)).await;
    let body = mock.fac_get("/api/v1/fortitokens/").await.json();
    assert_eq!(
        body["meta"]["next"],
        "/api/v1/fortitokens/?limit=20&offset=20"
    );
    let all = mock.fac_all("limit=25").await;
    assert_eq!(all.len(), 60);
    let mut sorted_keys = DOCUMENTED.to_vec();
    sorted_keys.sort_unstable();
    for object in &all {
        assert_eq!(super::keys(object), sorted_keys);
        match object["last_used_at"].as_str() {
            Some("N/A") => {}
            Some(at) => assert!(
                chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S").is_ok(),
                "{at}"
            ),
            None => panic!("last_used_at is a string: {object}"),
        }
        if object["type"] == "ftk" {
            assert_eq!(object["license"], "");
        }
    }
    assert!(all.iter().any(|o| o["last_used_at"] == "N/A"));
    let serials: Vec<&str> = all.iter().filter_map(|o| o["serial"].as_str()).collect();
    let mut sorted = serials.clone();
    sorted.sort_unstable();
    assert_eq!(serials, sorted);
    let filtered = mock
        .fac_get("/api/v1/fortitokens/?format=json&type=ftm&status=available&limit=1")
        .await
        .json();
    assert_eq!(
        filtered["meta"]["next"],
        "/api/v1/fortitokens/?limit=1&offset=1&status=available&type=ftm&format=json"
    );
    let ftk =
        mock.fac_get("/api/v1/fortitokens/?type=ftk").await.json()["meta"]["total_count"].clone();
    let blank =
        mock.fac_get("/api/v1/fortitokens/?license=").await.json()["meta"]["total_count"].clone();
    assert_eq!(ftk, blank);
    let delete = mock
        .send(mock.fac(Method::DELETE, "/api/v1/fortitokens/4/"))
        .await;
    assert_eq!(delete.status, 204);
    assert!(delete.body.is_empty());
    assert_eq!(delete.content_type(), Some("text/html; charset=utf-8"));
}

#[tokio::test]
async fn tiny_and_empty_lists() {
    let empty = Mock::start(opts(|o| o.tokens = 0)).await;
    let body = empty.fac_get("/api/v1/fortitokens/").await.json();
    assert_eq!(
        body,
        json!({"meta": {"limit": 20, "next": null, "offset": 0, "previous": null, "total_count": 0}, "objects": []})
    );
    assert_eq!(empty.creds().fac_deletable_token_serial, "");

    let three = Mock::start(opts(|o| o.tokens = 3)).await;
    let all = three.fac_all("").await;
    assert_eq!(all.len(), 3);
    assert!(all.iter().any(|o| o["type"] == "ftk") && all.iter().any(|o| o["type"] == "ftm"));
    let serial = three.creds().fac_deletable_token_serial.clone();
    assert!(all.iter().any(|o| o["serial"] == serial.as_str()));
}

#[tokio::test]
async fn a_hundred_thousand_tokens() {
    let mock = Mock::start(opts(|o| o.tokens = 100_000)).await;
    let body = mock
        .fac_get("/api/v1/fortitokens/?limit=1000&offset=99000")
        .await
        .json();
    assert_eq!(body["meta"]["total_count"], 100_000);
    assert_eq!(body["objects"].as_array().map(Vec::len), Some(1000));
    assert_eq!(body["meta"]["next"], Value::Null);
    assert_eq!(
        body["objects"][999]["resource_uri"],
        "/api/v1/fortitokens/100000/"
    );
    let serial = mock.creds().fac_deletable_token_serial.clone();
    let found = mock
        .fac_get(&format!("/api/v1/fortitokens/?serial={serial}"))
        .await
        .json();
    assert_eq!(found["meta"]["total_count"], 1);
}

#[test]
fn same_seed_same_data() {
    let a = data::generate(&MockOptions::default());
    let b = data::generate(&MockOptions::default());
    let c = data::generate(&opts(|o| o.seed = 2));
    let serials = |d: &data::Dataset| {
        d.tokens
            .iter()
            .map(|t| t.serial.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(serials(&a), serials(&b));
    assert_ne!(serials(&a), serials(&c));
    assert_eq!(a.deletable_serial, b.deletable_serial);
    assert_eq!(
        MockState::new(&MockOptions::default()).credentials(),
        MockState::new(&MockOptions::default()).credentials()
    );
    assert_ne!(
        MockState::new(&MockOptions::default())
            .credentials()
            .ftc_temp_token_user,
        MockState::new(&opts(|o| o.seed = 2))
            .credentials()
            .ftc_temp_token_user
    );
}
