//! FortiAuthenticator user groups (`name` exact, `return_members`, POST,
//! PATCH, DELETE) and local group memberships (the documented filters,
//! POST, DELETE), and the seeded values of every declared filter.

use reqwest::Method;
use serde_json::json;

use super::super::faults::Fault;
use super::super::MockOptions;
use super::fac_users::{all, post};
use super::Mock;

const GROUPS: &str = "/api/v1/usergroups/";
const MEMBERS: &str = "/api/v1/localgroup-memberships/";

#[tokio::test]
async fn groups_list_with_and_without_members() {
    let mock = Mock::default().await;
    let groups = all(&mock, GROUPS).await;
    assert!(groups.len() >= 5);
    assert!(groups
        .iter()
        .all(|g| g["users"].is_array() && g["name"].is_string()));
    let memberships = all(&mock, MEMBERS).await;
    for g in &groups {
        let n = memberships
            .iter()
            .filter(|m| m["group"] == g["resource_uri"])
            .count();
        assert_eq!(g["users"].as_array().unwrap().len(), n);
        assert_eq!(
            &mock
                .fac_get(g["resource_uri"].as_str().unwrap())
                .await
                .json(),
            g
        );
    }
    for value in ["false", "False", "0"] {
        let without = all(&mock, &format!("{GROUPS}?return_members={value}")).await;
        assert_eq!(without.len(), groups.len());
        assert!(without.iter().all(|g| g.get("users").is_none()), "{value}");
    }
    assert!(all(&mock, &format!("{GROUPS}?return_members=true"))
        .await
        .iter()
        .all(|g| g["users"].is_array()));
    let refused = Mock::start(MockOptions {
        faults: [Fault::FacGroupsReturnMembersRefused].into(),
        ..MockOptions::default()
    })
    .await;
    assert_eq!(
        refused
            .fac_get(&format!("{GROUPS}?return_members=false"))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn groups_filter_on_name_exact_only() {
    let mock = Mock::default().await;
    let name = "VPN-Admins";
    let found = all(&mock, &format!("{GROUPS}?name={name}")).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["name"], name);
    assert_eq!(
        all(&mock, &format!("{GROUPS}?name__exact=vpn-admins"))
            .await
            .len(),
        0
    );
    for refused in [
        "name__iexact=vpn-admins",
        "name__contains=VPN",
        "name__in=a,b",
        "password_policy=default",
    ] {
        assert_eq!(
            mock.fac_get(&format!("{GROUPS}?{refused}")).await.status,
            400,
            "{refused}"
        );
    }
    let ignored = Mock::start(MockOptions {
        faults: [Fault::FacGroupsNameFilterIgnored].into(),
        ..MockOptions::default()
    })
    .await;
    assert!(all(&ignored, &format!("{GROUPS}?name={name}")).await.len() > 1);
}

#[tokio::test]
async fn groups_are_created_patched_and_deleted() {
    let mock = Mock::default().await;
    assert_eq!(post(&mock, GROUPS, json!({})).await.status, 400);
    assert_eq!(
        post(&mock, GROUPS, json!({"name": "x".repeat(51)}))
            .await
            .status,
        400
    );
    assert_eq!(
        post(
            &mock,
            GROUPS,
            json!({"name": "g", "users": ["/api/v1/localusers/99999/"]})
        )
        .await
        .status,
        400
    );
    let created = post(
        &mock,
        GROUPS,
        json!({"name": "x".repeat(50), "users": ["/api/v1/localusers/1/"]}),
    )
    .await;
    assert_eq!(created.status, 201);
    let uri = created.headers["location"].to_str().unwrap().to_string();
    assert_eq!(
        mock.fac_get(&uri).await.json()["users"],
        json!(["/api/v1/localusers/1/"])
    );
    assert_eq!(
        post(&mock, GROUPS, json!({"name": "x".repeat(50)}))
            .await
            .status,
        400
    );
    let patched = mock
        .send(
            mock.fac(Method::PATCH, &uri)
                .json(&json!({"users": ["/api/v1/localusers/2/"]})),
        )
        .await;
    assert_eq!(patched.status, 202);
    assert_eq!(patched.json()["users"].as_array().unwrap().len(), 2);
    assert_eq!(mock.send(mock.fac(Method::DELETE, &uri)).await.status, 204);
    assert_eq!(mock.fac_get(&uri).await.status, 404);
    assert_eq!(mock.send(mock.fac(Method::DELETE, &uri)).await.status, 404);
    let lax = Mock::start(MockOptions {
        faults: [Fault::FacGroupsNameTooLongAccepted].into(),
        ..MockOptions::default()
    })
    .await;
    assert_eq!(
        post(&lax, GROUPS, json!({"name": "x".repeat(51)}))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn memberships_filter_with_the_documented_lookups() {
    let mock = Mock::default().await;
    let every = all(&mock, MEMBERS).await;
    assert!(every.len() > 20);
    let m = &every[0];
    let gid = m["group"]
        .as_str()
        .unwrap()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let uid = m["user"]
        .as_str()
        .unwrap()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let by_group = all(&mock, &format!("{MEMBERS}?group={gid}")).await;
    assert_eq!(
        by_group.len(),
        every.iter().filter(|x| x["group"] == m["group"]).count()
    );
    assert!(all(&mock, &format!("{MEMBERS}?user__exact={uid}"))
        .await
        .iter()
        .all(|x| x["user"] == m["user"]));
    let both = all(
        &mock,
        &format!("{MEMBERS}?group__in={gid},99999&user={uid}"),
    )
    .await;
    assert_eq!(both.len(), 1);
    let name = m["group_name"].as_str().unwrap();
    let upper = name.to_uppercase();
    assert_eq!(
        all(&mock, &format!("{MEMBERS}?group_name__iexact={upper}"))
            .await
            .len(),
        by_group.len()
    );
    let part = &name[1..name.len() - 1];
    assert!(
        all(&mock, &format!("{MEMBERS}?group_name__contains={part}"))
            .await
            .len()
            >= by_group.len()
    );
    assert!(!all(&mock, &format!("{MEMBERS}?username__icontains=A"))
        .await
        .is_empty());
    let user = m["username"].as_str().unwrap();
    let encoded: String = url::form_urlencoded::byte_serialize(user.as_bytes()).collect();
    assert!(all(&mock, &format!("{MEMBERS}?username={encoded}"))
        .await
        .iter()
        .all(|x| x["username"] == user));
    for refused in [
        "group__iexact=1",
        "user__contains=1",
        "username__startswith=a",
        "id=1",
    ] {
        assert_eq!(
            mock.fac_get(&format!("{MEMBERS}?{refused}")).await.status,
            400,
            "{refused}"
        );
    }
    for (fault, query) in [(
        Fault::FacMembershipsUsernameFilterIgnored,
        format!("username={encoded}"),
    )] {
        let bent = Mock::start(MockOptions {
            faults: [fault].into(),
            ..MockOptions::default()
        })
        .await;
        assert_eq!(
            all(&bent, &format!("{MEMBERS}?{query}")).await.len(),
            every.len(),
            "{fault:?}"
        );
    }
}

#[tokio::test]
async fn memberships_are_created_once_and_deleted() {
    let mock = Mock::default().await;
    assert_eq!(
        post(&mock, MEMBERS, json!({"group": "/api/v1/usergroups/6/"}))
            .await
            .status,
        400
    );
    assert_eq!(
        post(&mock, MEMBERS, json!({"user": "/api/v1/localusers/1/"}))
            .await
            .status,
        400
    );
    assert_eq!(
        post(
            &mock,
            MEMBERS,
            json!({"user": "/api/v1/localusers/99999/", "group": "/api/v1/usergroups/6/"})
        )
        .await
        .status,
        400
    );
    let body = json!({"user": "/api/v1/localusers/1/", "group": "/api/v1/usergroups/6/"});
    let created = post(&mock, MEMBERS, body.clone()).await;
    assert_eq!(created.status, 201);
    let uri = created.headers["location"].to_str().unwrap().to_string();
    let one = mock.fac_get(&uri).await.json();
    assert_eq!(one["group_name"], "helpdesk");
    assert!(
        mock.fac_get("/api/v1/localusers/1/").await.json()["user_groups"]
            .as_array()
            .unwrap()
            .contains(&json!("/api/v1/usergroups/6/"))
    );
    assert_eq!(post(&mock, MEMBERS, body).await.status, 400);
    assert_eq!(mock.send(mock.fac(Method::DELETE, &uri)).await.status, 204);
    assert_eq!(mock.fac_get(&uri).await.status, 404);
    let lax = Mock::start(MockOptions {
        faults: [Fault::FacMembershipsMissingUserAccepted].into(),
        ..MockOptions::default()
    })
    .await;
    assert_eq!(
        post(&lax, MEMBERS, json!({"group": "/api/v1/usergroups/6/"}))
            .await
            .status,
        201
    );
}

/// Every declared filter has at least two values in the seeded listing, so
/// that a client can tell a working filter from one that is ignored.
#[tokio::test]
async fn each_filter_has_two_seeded_values_to_tell_it_from_the_listing() {
    use crate::engine::declare::Shape;
    let mock = Mock::default().await;
    for decl in crate::fac::RESOURCES {
        let res = &decl.resource;
        if res.shape != Shape::Collection || res.filtering.is_empty() {
            continue;
        }
        let objects = all(&mock, &res.list_path()).await;
        for filtering in res.filtering {
            let values: std::collections::BTreeSet<String> = objects
                .iter()
                .map(|o| o[filtering.field].to_string())
                .collect();
            assert!(
                values.len() >= 2,
                "{}: `{}` has the seeded values {values:?}",
                res.name,
                filtering.field
            );
        }
    }
}
