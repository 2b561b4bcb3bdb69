//! The fault catalogue: unique names, the rule faults derived from the
//! declarations named systematically with their structured fields, and a
//! derived fault that breaks what it says on a served mock.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::json;

use super::super::catalogue;
use super::super::faults::{Fault, RuleKind, FAULTS};
use super::super::MockOptions;
use super::Mock;

#[test]
fn names_are_unique_and_rule_faults_carry_their_parts() {
    let all: Vec<_> = catalogue::all().collect();
    let names: BTreeSet<&str> = all.iter().map(|i| i.name).collect();
    assert_eq!(names.len(), all.len(), "fault names are unique");
    for info in &all {
        assert!(!info.name.contains("unnamed"), "{}", info.name);
        assert_eq!(Fault::from_name(info.name), Ok(info.fault), "{}", info.name);
        if let Fault::Rule(r) = info.fault {
            assert_eq!(info.resource, Some(r.resource), "{}", info.name);
            assert_eq!(info.rule, Some(r.kind), "{}", info.name);
            assert_eq!(info.field, r.field, "{}", info.name);
        }
    }
    let derived = catalogue::required()[FAULTS.len()..]
        .iter()
        .chain(catalogue::pending());
    for info in derived {
        let Fault::Rule(r) = info.fault else {
            panic!("{} is derived, so a rule fault", info.name);
        };
        let expected = match r.field {
            Some(field) => format!("fac-{}-{}-{field}", r.resource, r.kind.name()),
            None => format!("fac-{}-{}", r.resource, r.kind.name()),
        };
        assert_eq!(info.name, expected);
        assert!(
            !FAULTS.iter().any(|f| f.fault == info.fault),
            "{}",
            info.name
        );
    }
    // The older names stay, with their parts.
    let old = Fault::FacMembershipsInFirstValueOnly.info();
    assert_eq!(old.name, "fac-memberships-in-first-value-only");
    assert_eq!(
        (old.resource, old.rule, old.field),
        (
            Some("localgroup-memberships"),
            Some(RuleKind::InCommaIgnored),
            None
        )
    );
}

#[test]
fn every_declared_rule_has_its_fault() {
    let pending: BTreeSet<&str> = catalogue::pending().iter().map(|i| i.name).collect();
    for name in [
        "fac-localusers-max-length-unchecked-city",
        "fac-localusers-cross-field-unchecked-token_auth",
        "fac-localusers-choices-unchecked-token_type",
        "fac-localusers-in-repeat-ignored-username",
        "fac-localusers-create-not-listed",
        "fac-localusers-relation-not-reflected-user_groups",
        "fac-usergroups-relation-not-reflected-users",
        "fac-localgroup-memberships-uri-refused-delete-detail-unslashed",
        "fac-localgroup-memberships-related-uri-unchecked-user",
        "fac-fortitokens-method-accepted-post-list",
    ] {
        let known = catalogue::all().any(|f| f.name == name);
        assert!(known, "{name} is not in the catalogue");
    }
    // A rule the old catalogue names keeps its old name only.
    assert!(!pending.contains("fac-fortitokens-delete-keeps"));
    assert!(!pending.contains("fac-fortitokens-iexact-as-exact-serial"));
    let old = Fault::from_name("fac-iexact-case-sensitive").map(|f| f.info().rule);
    assert_eq!(old, Ok(Some(RuleKind::IexactAsExact)));
}

/// `promoted.rs` names derived faults only, each once; required and
/// pending faults are apart, and together the whole catalogue.
#[test]
fn promoted_faults_are_derived_and_leave_pending() {
    let promoted: Vec<&str> = catalogue::promoted().collect();
    let unique: BTreeSet<&str> = promoted.iter().copied().collect();
    assert_eq!(unique.len(), promoted.len(), "promoted.rs repeats a name");
    let required = catalogue::required();
    let named = required[..FAULTS.len()].iter().zip(FAULTS);
    assert!(named.into_iter().all(|(a, b)| a.fault == b.fault));
    for name in &promoted {
        assert!(
            required[FAULTS.len()..].iter().any(|i| i.name == *name),
            "promoted.rs: `{name}` is not a derived fault (`fortiprobe faults` lists them)"
        );
        assert!(!catalogue::pending().iter().any(|i| i.name == *name));
    }
    assert_eq!(required.len(), FAULTS.len() + promoted.len());
    let all: BTreeSet<&str> = catalogue::all().map(|i| i.name).collect();
    assert_eq!(all.len(), required.len() + catalogue::pending().len());
}

async fn post(mock: &Mock, body: serde_json::Value) -> super::Answer {
    mock.send(mock.fac(Method::POST, "/api/v1/localusers/").json(&body))
        .await
}

/// A mock with the derived fault `name` on.
async fn with(name: &str) -> Mock {
    let fault = Fault::from_name(name).expect("a fault");
    Mock::start(MockOptions {
        faults: [fault].into(),
        ..MockOptions::default()
    })
    .await
}

#[tokio::test]
async fn derived_faults_break_what_they_name() {
    let long_city = json!({"username": "c1", "city": "x".repeat(41)});
    let mock = with("fac-localusers-max-length-unchecked-city").await;
    assert_eq!(post(&mock, long_city.clone()).await.status, 201);
    let long_state = json!({"username": "c2", "state": "x".repeat(41)});
    assert_eq!(
        post(&mock, long_state).await.status,
        400,
        "other fields still checked"
    );
    assert_eq!(post(&Mock::default().await, long_city).await.status, 400);

    let mock = with("fac-localusers-create-not-listed").await;
    let created = post(&mock, json!({"username": "hidden"})).await;
    assert_eq!(created.status, 201);
    let location = created.headers["location"].to_str().unwrap().to_string();
    assert_eq!(mock.fac_get(&location).await.status, 200);
    let listed = mock
        .fac_get("/api/v1/localusers/?username=hidden")
        .await
        .json();
    assert_eq!(listed["meta"]["total_count"], 0);

    let mock = with("fac-fortitokens-method-accepted-post-list").await;
    let answer = mock
        .send(mock.fac(Method::POST, "/api/v1/fortitokens/").json(&json!({
            "serial": "FTKMOB0000000001", "type": "ftm", "status": "new", "license": "x"
        })))
        .await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    let normal = Mock::default().await;
    assert_eq!(
        normal
            .send(normal.fac(Method::POST, "/api/v1/fortitokens/"))
            .await
            .status,
        405
    );
}

/// A request and what it answers: the status, and the body when it is JSON.
async fn answer(
    mock: &Mock,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = mock.fac(method, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let a = mock.send(request).await;
    (
        a.status,
        serde_json::from_slice(&a.body).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn a_derived_fault_of_each_kind_changes_an_answer() {
    let user = |extra: serde_json::Value| {
        let mut body = json!({"username": "kind-check"});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        body
    };
    let cases: Vec<(&str, Method, &str, Option<serde_json::Value>)> = vec![
        (
            "fac-localusers-choices-unchecked-token_type",
            Method::POST,
            "/api/v1/localusers/",
            Some(user(json!({"token_type": "fido"}))),
        ),
        (
            "fac-localusers-range-unchecked-reason",
            Method::POST,
            "/api/v1/localusers/",
            Some(user(json!({"reason": 9}))),
        ),
        (
            "fac-localusers-unique-unchecked-username",
            Method::POST,
            "/api/v1/localusers/",
            Some(json!({"username": "kind-dup"})),
        ),
        (
            "fac-localusers-cross-field-unchecked-token_type",
            Method::POST,
            "/api/v1/localusers/",
            Some(user(json!({"token_auth": true, "token_type": "email"}))),
        ),
        (
            "fac-localusers-readonly-written-user_groups",
            Method::PATCH,
            "/api/v1/localusers/2/",
            Some(json!({"user_groups": ["/api/v1/usergroups/6/"]})),
        ),
        (
            "fac-localgroup-memberships-related-uri-unchecked-user",
            Method::POST,
            "/api/v1/localgroup-memberships/",
            Some(json!({"user": "/api/v1/localusers/99999/", "group": "/api/v1/usergroups/1/"})),
        ),
        (
            "fac-localusers-filter-ignored-email",
            Method::GET,
            "/api/v1/localusers/?email=nobody@example.com",
            None,
        ),
        (
            "fac-localusers-contains-as-exact-username",
            Method::GET,
            "/api/v1/localusers/?username__contains=a",
            None,
        ),
        (
            "fac-localusers-in-repeat-ignored-username",
            Method::GET,
            "/api/v1/localusers/?username__in=kind-dup&username__in=kind-x",
            None,
        ),
        (
            "fac-localgroup-memberships-in-comma-ignored-group",
            Method::GET,
            "/api/v1/localgroup-memberships/?group__in=1,2",
            None,
        ),
        (
            "fac-localgroup-memberships-uri-refused-delete-detail-unslashed",
            Method::DELETE,
            "/api/v1/localgroup-memberships/1",
            None,
        ),
        (
            "fac-localusers-method-accepted-put-detail",
            Method::PUT,
            "/api/v1/localusers/1/",
            Some(json!({"first_name": "Put"})),
        ),
        (
            "fac-groups-return-members-refused",
            Method::GET,
            "/api/v1/usergroups/?return_members=false",
            None,
        ),
        (
            "fac-macdevices-format-unchecked-address",
            Method::POST,
            "/api/v1/macdevices/",
            Some(json!({"name": "m", "address": "not-a-mac"})),
        ),
        (
            "fac-radiusclients-required-unchecked-secret",
            Method::POST,
            "/api/v1/radiusclients/",
            Some(json!({"name": "n", "address": "10.1.1.1"})),
        ),
        (
            "fac-macdevices-istartswith-as-exact-name",
            Method::GET,
            "/api/v1/macdevices/?name__istartswith=P",
            None,
        ),
    ];
    for (name, method, path, body) in cases {
        let normal = Mock::default().await;
        let broken = with(name).await;
        for mock in [&normal, &broken] {
            // Data both mocks need: a name to duplicate, a printer to find.
            post(mock, json!({"username": "kind-dup"})).await;
            mock.send(
                mock.fac(Method::POST, "/api/v1/macdevices/")
                    .json(&json!({"name": "printer", "address": "00:11:22:33:44:55"})),
            )
            .await;
        }
        let expected = answer(&normal, method.clone(), path, body.clone()).await;
        let actual = answer(&broken, method, path, body).await;
        assert_ne!(expected, actual, "{name} changes nothing");
    }
}

#[tokio::test]
async fn relations_show_on_both_sides_unless_a_fault_hides_them() {
    for (fault, shown) in [
        (None, true),
        (
            Some("fac-localusers-relation-not-reflected-user_groups"),
            false,
        ),
    ] {
        let mock = match fault {
            Some(name) => with(name).await,
            None => Mock::default().await,
        };
        let user = post(&mock, json!({"username": "member"})).await;
        let uri = user.headers["location"].to_str().unwrap().to_string();
        let membership = mock
            .send(
                mock.fac(Method::POST, "/api/v1/localgroup-memberships/")
                    .json(&json!({"user": uri, "group": "/api/v1/usergroups/6/"})),
            )
            .await;
        assert_eq!(membership.status, 201, "{}", membership.text());
        let groups = mock.fac_get(&uri).await.json()["user_groups"].clone();
        assert_eq!(
            groups == json!(["/api/v1/usergroups/6/"]),
            shown,
            "{fault:?}: {groups}"
        );
        let users = mock.fac_get("/api/v1/usergroups/6/").await.json()["users"].clone();
        assert_eq!(users, json!([uri]), "the other side is another rule");
        // Deleting the user takes the membership with it.
        assert_eq!(mock.send(mock.fac(Method::DELETE, &uri)).await.status, 204);
        assert_eq!(
            mock.fac_get("/api/v1/usergroups/6/").await.json()["users"],
            json!([])
        );
    }
}
