//! The engine features the provisioning resources needed (issue 17), end
//! to end: a target whose resource index lacks a resource ignores that
//! resource's cases (and runs them when the index cannot be read); cases
//! that create objects leave nothing behind, through the `Location` they
//! capture or, without one, through the lookup by name; an interruption
//! in the middle of the provisioning flow cleans up too; a `--cases`
//! folder brings its own schemas; a case file's `identity` reaches walks
//! and baselines; every list schema shares the one list envelope.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use fortiprobe::run::{Runner, Verdict};
use fortiprobe::suite::property::Property;
use fortiprobe::suite::{Source, Suite};
use fortiprobe_mock::faults::Fault;
use fortiprobe_mock::{MockOptions, RunningMock};
use serde_json::Value;
use support::*;

/// Every object of a FortiAuthenticator listing of the mock (limit 1000, following next).
async fn listed(m: &RunningMock, path: &str) -> Vec<Value> {
    let c = m.credentials();
    let client = reqwest::Client::new();
    let mut next = Some(format!("{path}?format=json&limit=1000"));
    let mut out = Vec::new();
    while let Some(p) = next {
        let page: Value = client
            .get(format!("{}{p}", m.url()))
            .basic_auth(&c.fac_username, Some(&c.fac_api_key))
            .send()
            .await
            .expect("mock answers")
            .json()
            .await
            .expect("JSON");
        out.extend(page["objects"].as_array().cloned().unwrap_or_default());
        next = page["meta"]["next"].as_str().map(str::to_string);
    }
    out
}

/// The users, groups and memberships the suite's cases named (`fortiprobe-*`)
/// that the mock still holds, and the tokens that are not as they were.
async fn leftovers(m: &RunningMock, tokens_before: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, field) in [
        ("/api/v1/localusers/", "username"),
        ("/api/v1/usergroups/", "name"),
        ("/api/v1/localgroup-memberships/", "group_name"),
    ] {
        for o in listed(m, path).await {
            if o[field]
                .as_str()
                .is_some_and(|n| n.starts_with("fortiprobe"))
            {
                out.push(format!("{path}: {o}"));
            }
        }
    }
    // Every token still there has the status it had (the destructive
    // fortitokens case deletes one token: that one is gone).
    let status = |t: &Value| (t["serial"].to_string(), t["status"].to_string());
    let was: Vec<(String, String)> = tokens_before.iter().map(status).collect();
    for t in listed(m, "/api/v1/fortitokens/").await {
        if !was.contains(&status(&t)) {
            out.push(format!("a FortiToken changed: {t}"));
        }
    }
    out
}

fn verdict<'a>(results: &'a [(String, Verdict)], id: &str) -> &'a Verdict {
    &results
        .iter()
        .find(|(n, _)| n == id)
        .unwrap_or_else(|| panic!("no case {id}"))
        .1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_whose_index_lacks_a_resource_ignores_its_cases_with_the_reason() {
    let m = start_mock(MockOptions {
        faults: [Fault::FacIndexLacksMemberships].into(),
        ..MockOptions::default()
    })
    .await;
    let results = run_all(&mock_target(&m), everything()).await;
    let memberships: Vec<&(String, Verdict)> = results
        .iter()
        .filter(|(n, _)| n.starts_with("fortiauthenticator/localgroup_memberships/"))
        .collect();
    assert!(memberships.len() > 20, "{}", memberships.len());
    for (n, v) in memberships
        .iter()
        .copied()
        .chain(results.iter().filter(|(n, _)| {
            n.ends_with("/index_memberships_list_endpoint_answers")
                || n.ends_with("/assign_and_free_a_fortitoken")
        }))
    {
        match v {
            Verdict::Ignored(why) => assert!(
                why.contains("GET /api/v1/")
                    && why.contains("does not list `localgroup-memberships`"),
                "{n}: {why}"
            ),
            other => panic!("{n} should be ignored, is {other:?}"),
        }
    }
    assert!(matches!(
        verdict(
            &results,
            "fortiauthenticator/resource_index/index_lists_localgroup_memberships"
        ),
        Verdict::Fail(_)
    ));
    let failed: Vec<&String> = results
        .iter()
        .filter(|(_, v)| matches!(v, Verdict::Fail(_)))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        failed,
        ["fortiauthenticator/resource_index/index_lists_localgroup_memberships"],
        "only the index case fails"
    );
    // The other provisioning cases still run.
    assert_eq!(
        verdict(
            &results,
            "fortiauthenticator/localusers/create_read_update_delete"
        ),
        &Verdict::Pass
    );
    m.shutdown().await;
}

/// A one-case suite naming resource `x` in the index at /api/v1/, against
/// a server whose index answers `index` (status line and body).
async fn index_decides(index: (&'static str, &'static str)) -> Verdict {
    let url = support::hostile::serve(move |req| {
        if req.starts_with("GET /api/v1/ ") || req.starts_with("GET /api/v1/?") {
            support::hostile::http(index.0, "application/json", index.1.as_bytes())
        } else {
            support::hostile::http("200 OK", "application/json", b"{}")
        }
    })
    .await;
    let case_file = "product: fortiauthenticator\nendpoint: probe\nresource: {index: /api/v1/, names: [x]}\n\
cases:\n- name: ping\n  summary: GET /ping answers 200\n  steps:\n  - request: {path: /ping}\n    expect: {status: 200}\n";
    let dir = suite_dir("index-decides", &[("probe.yaml", case_file)]);
    let suite = Arc::new(Suite::load(Source::Dir(&dir), &[]).expect("suite loads"));
    let yaml = format!(
        "fortiauthenticator:\n  url: {url}\n  username: admin\n  api_key: k3y-0123456789abcdefghijKLMN\n"
    );
    let target =
        fortiprobe::config::Target::parse("t.yaml", &yaml, &dir, &|_| None).expect("target");
    let runner = Runner::new(suite, &target, everything()).expect("runner");
    let case = runner
        .suite
        .cases
        .iter()
        .find(|c| c.id() == "fortiauthenticator/probe/ping")
        .expect("the one case of the folder");
    let v = runner.run_case(case).await;
    let _ = std::fs::remove_dir_all(&dir);
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_decides_only_when_it_can_be_read() {
    assert_eq!(
        index_decides(("200 OK", r#"{"x": {}, "y": {}}"#)).await,
        Verdict::Pass
    );
    match index_decides(("200 OK", r#"{"y": {}}"#)).await {
        Verdict::Ignored(why) => assert!(why.contains("does not list `x`"), "{why}"),
        other => panic!("{other:?}"),
    }
    for unreadable in [
        ("500 Internal Server Error", "{}"),
        ("200 OK", "not json"),
        ("200 OK", r#"["x"]"#),
        ("404 Not Found", ""),
    ] {
        assert_eq!(
            index_decides(unreadable).await,
            Verdict::Pass,
            "an index that cannot be read ({unreadable:?}) decides nothing: the case runs"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suite_leaves_the_mock_as_it_found_it() {
    let m = start_mock(MockOptions::default()).await;
    let before = listed(&m, "/api/v1/fortitokens/").await;
    let results = run_all(&mock_target(&m), everything()).await;
    assert!(failures(&results).is_empty(), "{:#?}", failures(&results));
    assert_eq!(leftovers(&m, &before).await, Vec::<String>::new());
    m.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_location_the_cases_are_ignored_and_the_users_found_by_name_and_deleted() {
    let m = start_mock(MockOptions {
        faults: [Fault::FacUsersPostNoLocation].into(),
        ..MockOptions::default()
    })
    .await;
    let before = listed(&m, "/api/v1/fortitokens/").await;
    let results = run_all(&mock_target(&m), everything()).await;
    // Local users have no documented filter to find a new one by: without
    // a `Location` the round trip cannot go on.
    match verdict(
        &results,
        "fortiauthenticator/localusers/create_read_update_delete",
    ) {
        Verdict::Ignored(why) => assert!(why.contains("`made1`"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        verdict(
            &results,
            "fortiauthenticator/localusers/create_answers_location"
        ),
        Verdict::Fail(_)
    ));
    assert_eq!(leftovers(&m, &before).await, Vec::<String>::new());
    m.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_provisioning_flow_cleans_up_everything() {
    let m = start_mock(MockOptions {
        latency: Duration::from_millis(60),
        ..MockOptions::default()
    })
    .await;
    let before = listed(&m, "/api/v1/fortitokens/").await;
    let runner = Arc::new(Runner::new(suite(), &mock_target(&m), everything()).expect("runner"));
    let id = "fortiauthenticator/provisioning_flow/assign_and_free_a_fortitoken";
    let index = runner
        .suite
        .cases
        .iter()
        .position(|c| c.id() == id)
        .expect("the flow case");
    let r = Arc::clone(&runner);
    let task = tokio::spawn(async move { r.run_case(&r.suite.cases[index]).await });
    // Interrupt once the user holds the token: everything has been created.
    let mut held = false;
    for _ in 0..200 {
        let users = listed(&m, "/api/v1/localusers/").await;
        held = users.iter().any(|u| {
            u["username"] == "fortiprobe-assign_and_free_a_fortitoken" && u["token_auth"] == true
        });
        if held {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(held, "the flow never assigned its token");
    let lines = runner.interrupt().await;
    let verdict = task.await.expect("case task");
    assert!(
        matches!(verdict, Verdict::Ignored(_) | Verdict::Pass),
        "{verdict:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains("LEFT BEHIND")),
        "{lines:#?}"
    );
    // The case's own cleanup or the interruption's, whichever came first,
    // freed the token and deleted what the case had created.
    assert_eq!(leftovers(&m, &before).await, Vec::<String>::new());
    m.shutdown().await;
}

const MY_SCHEMA: &str = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://fortiprobe.invalid/schemas/mine/users-list.json",
  "$ref": "../fortiauthenticator/list-envelope.json",
  "properties": {"objects": {"items": {"type": "object", "required": ["username"]}}}}"#;

const MY_CASES: &str = "product: fortiauthenticator\nendpoint: my_users\nidentity: [username]\n\
cases:\n- name: walk\n  summary: walk my users\n  check:\n    kind: pagination\n    path: /api/v1/localusers/\n    schema: mine/users-list.json\n    limit: 5\n\
- name: walk_by_id\n  summary: walk my users by id\n  check:\n    kind: pagination\n    path: /api/v1/localusers/\n    schema: mine/users-list.json\n    identity: [resource_uri]\n    limit: 5\n\
- name: list\n  summary: list my users\n  steps:\n  - request: {path: /api/v1/localusers/, query: [{format: json}]}\n    expect: {status: 200, schema: mine/users-list.json}\n";

fn cases_dir(name: &str, schema: Option<(&str, &str)>) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fortiprobe-cases-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas/mine")).expect("mkdir");
    std::fs::write(dir.join("my_users.yaml"), MY_CASES).expect("write");
    if let Some((rel, text)) = schema {
        let path = dir.join("schemas").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cases_folder_brings_its_own_schemas_and_identity() {
    let dir = cases_dir("own", Some(("mine/users-list.json", MY_SCHEMA)));
    let suite = Suite::load(Source::Embedded, &[&dir]).expect("the folder loads with its schemas");
    let mine: Vec<_> = suite
        .cases
        .iter()
        .filter(|c| c.endpoint == "my_users")
        .collect();
    assert_eq!(mine.len(), 3);
    let identity = |name: &str| {
        let c = mine.iter().find(|c| c.spec.name == name).expect("case");
        match &c.property {
            Some(Property::Pagination(p)) => p.listing.identity.clone(),
            _ => panic!("not a walk"),
        }
    };
    assert_eq!(identity("walk"), ["username"], "the file's identity");
    assert_eq!(
        identity("walk_by_id"),
        ["resource_uri"],
        "the check's own wins"
    );
    let list = mine.iter().find(|c| c.spec.name == "list").expect("case");
    assert_eq!(
        list.spec.baseline.identity.as_deref(),
        Some(&["username".to_string()][..]),
        "baselines sort by it"
    );
    // And it runs against the mock.
    let m = start_mock(MockOptions::default()).await;
    let runner = Runner::new(Arc::new(suite), &mock_target(&m), everything()).expect("runner");
    for c in runner
        .suite
        .cases
        .iter()
        .filter(|c| c.endpoint == "my_users")
    {
        assert_eq!(runner.run_case(c).await, Verdict::Pass, "{}", c.id());
    }
    m.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cases_folder_may_not_replace_a_suite_schema_nor_lack_one() {
    let replacing = cases_dir(
        "replace",
        Some(("fortiauthenticator/list-envelope.json", MY_SCHEMA)),
    );
    let e = Suite::load(Source::Embedded, &[&replacing]).unwrap_err();
    let text: Vec<String> = e.iter().map(|x| x.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("fortiauthenticator/list-envelope.json")
                && t.contains("already defined")),
        "{text:#?}"
    );
    let lacking = cases_dir("lack", None);
    let e = Suite::load(Source::Embedded, &[&lacking]).unwrap_err();
    let text: Vec<String> = e.iter().map(|x| x.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("mine/users-list.json") && t.contains("my_users.yaml")),
        "{text:#?}"
    );
    let _ = std::fs::remove_dir_all(&replacing);
    let _ = std::fs::remove_dir_all(&lacking);
}

#[test]
fn every_list_schema_shares_the_one_envelope() {
    // Hand-written (`*-list.json`) and generated from a resource
    // description (`resources/*.list.json`).
    let suite = Suite::load(Source::Embedded, &[]).expect("suite");
    let mut lists = 0;
    for name in suite.schemas.names() {
        if !name.starts_with("fortiauthenticator/")
            || !(name.ends_with("-list.json") || name.ends_with(".list.json"))
        {
            continue;
        }
        lists += 1;
        let doc = suite.schemas.document(name).expect("document");
        let envelope = if name.contains("/resources/") {
            "../list-envelope.json"
        } else {
            "list-envelope.json"
        };
        assert_eq!(doc["$ref"], envelope, "{name}");
        assert!(
            doc.pointer("/properties/meta").is_none() && doc.get("required").is_none(),
            "{name} redefines the envelope instead of sharing it"
        );
    }
    assert!(lists >= 4, "{lists}");
}
