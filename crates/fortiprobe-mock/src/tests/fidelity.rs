//! The behaviours of issue-12 fidelity and issue-14 scale: XML as tastypie
//! renders it, the resource index and schema, unslashed paths, the data
//! variants (error bodies, FortiPortal tokens and status), TTL sums, the
//! temporary-token DELETE, latency, the request counter, the listing's
//! indexes and the faults that show only deep in the listing.

use reqwest::Method;
use serde_json::{json, Value};

use super::super::faults::Fault;
use super::super::{ErrorBodies, MockOptions};
use super::Mock;

const LIST: &str = "/api/v1/fortitokens/";

fn with(f: impl FnOnce(&mut MockOptions)) -> MockOptions {
    let mut opts = MockOptions::default();
    f(&mut opts);
    opts
}

fn fault(fault: Fault, tokens: usize) -> MockOptions {
    with(|o| {
        o.faults.insert(fault);
        o.tokens = tokens;
    })
}

#[tokio::test]
async fn xml_is_what_tastypie_renders() {
    let mock = Mock::default().await;
    let answer = mock.fac_get(&format!("{LIST}?format=xml&limit=2")).await;
    assert_eq!(
        answer.content_type(),
        Some("application/xml; charset=utf-8")
    );
    let text = answer.text();
    assert!(
        text.starts_with("<?xml version='1.0' encoding='utf-8'?>\n<response><meta type=\"hash\"><limit type=\"integer\">2</limit><next>"),
        "{text}"
    );
    assert!(text.contains("<previous type=\"null\"/>"), "{text}");
    assert!(
        text.contains("<objects type=\"list\"><object><last_used_at"),
        "{text}"
    );
    assert!(
        text.contains("<locked type=\"boolean\">False</locked>"),
        "{text}"
    );
    assert!(text.ends_with("</objects></response>"), "{text}");
    // Keys sorted as tastypie sorts children, whatever the JSON key order.
    let object = &text[text.find("<object>").unwrap_or(0)..];
    let tags: Vec<&str> = [
        "<last_used_at",
        "<license>",
        "<locked",
        "<resource_uri>",
        "<serial>",
        "<status>",
        "<type>",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = tags
        .iter()
        .map(|t| object.find(t).unwrap_or(usize::MAX))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{positions:?} in {object}"
    );
    // The same objects and meta as the JSON answer.
    let json_answer = mock
        .fac_get(&format!("{LIST}?format=json&limit=2"))
        .await
        .json();
    for object in json_answer["objects"].as_array().into_iter().flatten() {
        let serial = object["serial"].as_str().unwrap_or_default();
        assert!(
            text.contains(&format!("<serial>{serial}</serial>")),
            "{serial}"
        );
    }
    let total = &json_answer["meta"]["total_count"];
    assert!(text.contains(&format!(
        "<total_count type=\"integer\">{total}</total_count>"
    )));
}

#[tokio::test]
async fn format_wins_over_accept_and_accept_alone_chooses() {
    let mock = Mock::default().await;
    let ask = |query: &str, accept: &str| {
        mock.send(
            mock.fac(Method::GET, &format!("{LIST}{query}"))
                .header("Accept", accept),
        )
    };
    let xml = ask("", "application/xml").await;
    assert!(xml.text().starts_with("<?xml"), "Accept alone chooses XML");
    let json = ask("?format=json", "application/xml").await;
    assert_eq!(json.content_type(), Some("application/json"));
    json.json();
}

#[tokio::test]
async fn the_index_lists_fortitokens_and_the_schema_agrees_with_the_docs() {
    let mock = Mock::default().await;
    let index = mock.fac_get("/api/v1/?format=json").await;
    assert_eq!(index.status, 200);
    assert_eq!(
        index.json()["fortitokens"],
        json!({"list_endpoint": "/api/v1/fortitokens/", "schema": "/api/v1/fortitokens/schema/"})
    );
    // The index asks for no credentials (tastypie's top_level); the schema does.
    assert_eq!(
        mock.send(mock.request(Method::GET, "/api/v1/"))
            .await
            .status,
        200
    );
    let schema_path = "/api/v1/fortitokens/schema/";
    assert_eq!(
        mock.send(mock.request(Method::GET, schema_path))
            .await
            .status,
        401
    );
    let schema = mock.fac_get(schema_path).await.json();
    assert_eq!(schema["allowed_list_http_methods"], json!(["get"]));
    assert_eq!(
        schema["allowed_detail_http_methods"],
        json!(["get", "delete"])
    );
    assert_eq!(schema["default_limit"], 20);
    assert_eq!(schema["filtering"]["serial"], json!(["exact", "iexact"]));
    for (field, kind) in [
        ("serial", "string"),
        ("type", "string"),
        ("status", "string"),
        ("locked", "boolean"),
        ("license", "string"),
        ("last_used_at", "datetime"),
    ] {
        assert_eq!(schema["fields"][field]["type"], kind, "{field}");
    }
    assert_eq!(schema["fields"]["last_used_at"]["readonly"], true);
    let xml = mock
        .fac_get(&format!("{schema_path}?format=xml"))
        .await
        .text();
    assert!(xml.contains("<filtering type=\"hash\">"), "{xml}");
    assert!(
        xml.contains("<serial type=\"list\"><value>exact</value><value>iexact</value></serial>"),
        "{xml}"
    );
}

#[tokio::test]
async fn the_schema_faults_each_break_one_rule() {
    for (f, pointer, bad) in [
        (Fault::FacSchemaLacksSerial, "/fields/serial", Value::Null),
        (
            Fault::FacSchemaSerialExactOnly,
            "/filtering/serial",
            json!(["exact"]),
        ),
        (
            Fault::FacSchemaListNoGet,
            "/allowed_list_http_methods",
            json!([]),
        ),
        (
            Fault::FacSchemaDetailNoDelete,
            "/allowed_detail_http_methods",
            json!(["get"]),
        ),
    ] {
        let mock = Mock::start(fault(f, 10)).await;
        let schema = mock.fac_get("/api/v1/fortitokens/schema/").await.json();
        assert_eq!(
            schema.pointer(pointer).cloned().unwrap_or(Value::Null),
            bad,
            "{f:?}"
        );
    }
    let mock = Mock::start(fault(Fault::FacIndexLacksFortitokens, 10)).await;
    let index = mock.fac_get("/api/v1/").await.json();
    assert!(index.get("fortitokens").is_none(), "{index}");
    assert!(index.get("localusers").is_some(), "{index}");
}

#[tokio::test]
async fn the_unslashed_delete_is_204_or_a_301_to_the_slashed_path() {
    let mock = Mock::default().await;
    let answer = mock
        .send(mock.fac(Method::DELETE, "/api/v1/fortitokens/3"))
        .await;
    assert_eq!(answer.status, 204);
    assert_eq!(mock.fac_get("/api/v1/fortitokens/3/").await.status, 404);

    let mut mock = Mock::start(with(|o| o.fac_unslashed_redirect = true)).await;
    // A client that shows the redirect instead of following it.
    mock.http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for (method, path, location) in [
        (
            Method::DELETE,
            "/api/v1/fortitokens/3",
            "/api/v1/fortitokens/3/",
        ),
        (
            Method::GET,
            "/api/v1/fortitokens?limit=2",
            "/api/v1/fortitokens/?limit=2",
        ),
        (
            Method::GET,
            "/api/v1/fortitokens/schema",
            "/api/v1/fortitokens/schema/",
        ),
    ] {
        // Django's APPEND_SLASH answers before authentication.
        let answer = mock.send(mock.request(method, path)).await;
        assert_eq!(answer.status, 301, "{path}");
        let got = answer.headers.get("location").and_then(|v| v.to_str().ok());
        assert_eq!(got, Some(location), "{path}");
    }
    assert_eq!(
        mock.fac_get("/api/v1/fortitokens/3/").await.status,
        200,
        "nothing deleted"
    );
    let answer = mock
        .send(mock.fac(Method::DELETE, "/api/v1/fortitokens/3/"))
        .await;
    assert_eq!(answer.status, 204);
}

#[tokio::test]
async fn error_bodies_come_empty_as_text_or_as_html_with_the_same_status_and_headers() {
    for (style, content_type) in [
        (ErrorBodies::Empty, None),
        (ErrorBodies::Text, Some("text/plain; charset=utf-8")),
        (ErrorBodies::Html, Some("text/html; charset=utf-8")),
    ] {
        let mock = Mock::start(with(|o| o.error_bodies = style)).await;
        let fac = mock.send(mock.request(Method::GET, LIST)).await;
        assert_eq!(fac.status, 401);
        assert!(fac.headers.contains_key("www-authenticate"), "{style:?}");
        let token = mock.ftc_token().await;
        let missing = json!({"user_id": "00000000-0000-4000-8000-000000000000"});
        let ftc = mock.ftc_temp(&token, &missing).await;
        assert_eq!(ftc.status, 404);
        let fpc = mock.fpc_logout("never-issued").await;
        assert_eq!(fpc.status, 401);
        for answer in [&fac, &ftc, &fpc] {
            assert_eq!(answer.content_type(), content_type, "{style:?}");
            match style {
                ErrorBodies::Empty => assert!(answer.body.is_empty()),
                ErrorBodies::Text => assert!(!answer.text().starts_with('{'), "{}", answer.text()),
                _ => assert!(
                    answer.text().starts_with("<!DOCTYPE html>"),
                    "{}",
                    answer.text()
                ),
            }
        }
        if style == ErrorBodies::Text {
            assert_eq!(ftc.text(), "User does not exist.");
            assert_eq!(fpc.text(), "Invalid token.");
        }
        // Success answers keep their JSON.
        assert_eq!(mock.fac_get(LIST).await.json()["meta"]["offset"], 0);
    }
}

#[tokio::test]
async fn fortiportal_variants_40_character_tokens_and_201() {
    let mock = Mock::start(with(|o| {
        o.fpc_token_40 = true;
        o.fpc_login_201 = true;
    }))
    .await;
    let answer = mock
        .fpc_login(&mock.fpc_body(json!({"ttl_minutes": 5})))
        .await;
    assert_eq!(answer.status, 201);
    let token = answer.json()["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(token.len(), 40);
    assert!(token.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(mock.fpc_logout(&token).await.status, 204);
}

#[tokio::test]
async fn ttls_given_together_add_up() {
    let mock = Mock::default().await;
    let before = mock.running.state().clock().now();
    let body = mock.fpc_body(json!({"ttl_days": 1, "ttl_hours": 2, "ttl_minutes": 3}));
    let answer = mock.fpc_login(&body).await.json();
    let after = mock.running.state().clock().now();
    let expiry =
        chrono::DateTime::parse_from_rfc3339(answer["expiry"].as_str().unwrap_or_default())
            .expect("expiry is RFC 3339");
    let span =
        chrono::Duration::days(1) + chrono::Duration::hours(2) + chrono::Duration::minutes(3);
    assert!(
        expiry >= before + span && expiry <= after + span,
        "{expiry}"
    );
    let token = answer["token"].as_str().unwrap_or_default().to_string();
    // The token still lives a day and two hours later, and not after the sum.
    mock.running
        .state()
        .advance_clock(std::time::Duration::from_secs(26 * 3600 + 60));
    assert_eq!(mock.fpc_login(&mock.fpc_body(json!({}))).await.status, 403);
    mock.running
        .state()
        .advance_clock(std::time::Duration::from_secs(180));
    let fresh = mock
        .fpc_login(&mock.fpc_body(json!({"ttl_minutes": 1})))
        .await;
    assert_eq!(fresh.status, 200, "the summed TTL is over");
    assert_eq!(mock.fpc_logout(&token).await.status, 401);

    let mock = Mock::start(fault(Fault::FpcTtlNotSummed, 10)).await;
    let answer = mock
        .fpc_login(&mock.fpc_body(json!({"ttl_days": 1, "ttl_hours": 2})))
        .await
        .json();
    let expiry =
        chrono::DateTime::parse_from_rfc3339(answer["expiry"].as_str().unwrap_or_default())
            .expect("expiry");
    let now = mock.running.state().clock().now();
    assert!(
        expiry < now + chrono::Duration::hours(25),
        "only the days count: {expiry}"
    );
}

#[tokio::test]
async fn temp_tokens_without_or_with_a_wrong_auth_method() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    let answer = mock.ftc_temp(&token, &json!({"user_id": user})).await;
    assert_eq!(answer.status, 201);
    assert_eq!(answer.json()["auth_method"], "Email");
    for method in [json!("Voice"), json!("email"), json!(3)] {
        let answer = mock
            .ftc_temp(&token, &json!({"user_id": user, "auth_method": method}))
            .await;
        assert_eq!(answer.status, 400, "{method}");
    }
    let mock = Mock::start(fault(Fault::FtcTempAnyMethodAccepted, 10)).await;
    let token = mock.ftc_token().await;
    let answer = mock
        .ftc_temp(&token, &json!({"user_id": user, "auth_method": "Voice"}))
        .await;
    assert_eq!(
        (answer.status, answer.json()["auth_method"].clone()),
        (201, json!("Voice"))
    );
}

#[tokio::test]
async fn temp_token_delete_is_204_404_or_401() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    let user = mock.creds().ftc_temp_token_user.clone();
    let path = format!("/api/v1/token/temp/{user}");
    assert_eq!(
        mock.ftc_temp(&token, &json!({"user_id": user}))
            .await
            .status,
        201
    );
    assert_eq!(
        mock.send(mock.request(Method::DELETE, &path)).await.status,
        401
    );
    let deleted = mock
        .send(mock.request(Method::DELETE, &path).bearer_auth(&token))
        .await;
    assert_eq!((deleted.status, deleted.body.len()), (204, 0));
    let unknown = "/api/v1/token/temp/00000000-0000-4000-8000-000000000000";
    let answer = mock
        .send(mock.request(Method::DELETE, unknown).bearer_auth(&token))
        .await;
    assert_eq!(answer.status, 404);
    for (f, status) in [
        (Fault::FtcTempDeleteUnknown204, 204),
        (Fault::FtcTempDeleteNoBearerAccepted, 404),
    ] {
        let mock = Mock::start(fault(f, 10)).await;
        let token = mock.ftc_token().await;
        let request = mock.request(Method::DELETE, unknown);
        let request = if f == Fault::FtcTempDeleteNoBearerAccepted {
            request
        } else {
            request.bearer_auth(&token)
        };
        assert_eq!(mock.send(request).await.status, status, "{f:?}");
    }
}

#[tokio::test]
async fn latency_delays_every_answer_without_blocking_others() {
    let latency = std::time::Duration::from_millis(150);
    let mock = Mock::start(with(|o| o.latency = latency)).await;
    let started = std::time::Instant::now();
    let requests: Vec<_> = (0..4).map(|_| mock.fac(Method::GET, LIST)).collect();
    let statuses = super::statuses_concurrently(requests).await;
    let took = started.elapsed();
    assert_eq!(statuses, vec![200; 4]);
    assert!(took >= latency, "{took:?}");
    assert!(took < latency * 3, "the four waited together: {took:?}");
}

#[tokio::test]
async fn every_request_is_counted_whatever_its_answer() {
    let mock = Mock::default().await;
    assert_eq!(mock.running.requests(), 0);
    mock.fac_get(LIST).await;
    mock.send(mock.request(Method::GET, LIST)).await;
    mock.send(mock.request(Method::GET, "/no/such/path")).await;
    mock.fpc_logout("x").await;
    assert_eq!(mock.running.requests(), 4);
}

#[tokio::test]
async fn indexed_pages_are_the_scanned_pages_before_and_after_deletes() {
    let mock = Mock::start(with(|o| o.tokens = 300)).await;
    let all = mock.fac_all("format=json&limit=1000").await;
    let queries = [
        "status=available",
        "type=ftk&status=assigned",
        "type=ftm&status=available&license=FTMTRIALNOREGIST",
    ];
    for round in 0..2 {
        for query in queries {
            let want: Vec<&Value> = all
                .iter()
                .filter(|o| {
                    query.split('&').all(|kv| {
                        let (k, v) = kv.split_once('=').unwrap_or_default();
                        o[k] == v
                    })
                })
                .filter(|o| mock_alive(o, round))
                .collect();
            let got = mock.fac_all(&format!("{query}&limit=7")).await;
            assert_eq!(
                got.iter().collect::<Vec<_>>(),
                want,
                "{query}, round {round}"
            );
        }
        // Delete every fifth token, then the pages must follow.
        for (i, object) in all
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 == 0 && round == 0)
        {
            let uri = object["resource_uri"].as_str().unwrap_or_default();
            assert_eq!(
                mock.send(mock.fac(Method::DELETE, uri)).await.status,
                204,
                "{i}"
            );
        }
    }
    let serial = all[1]["serial"].as_str().unwrap_or_default();
    let page = mock
        .fac_get(&format!("{LIST}?serial__iexact={}", serial.to_lowercase()))
        .await
        .json();
    assert_eq!(page["objects"][0]["serial"], serial);
}

/// Whether the object is still listed after `round`'s deletes (every fifth
/// of the full listing, deleted between rounds 0 and 1).
fn mock_alive(object: &Value, round: usize) -> bool {
    let id: usize = object["resource_uri"]
        .as_str()
        .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    round == 0 || (id - 1) % 5 != 0
}

#[tokio::test]
async fn deep_faults_show_only_deep_in_the_listing() {
    let mock = Mock::start(fault(Fault::FacPagesOverlapDeep, 3100)).await;
    let mock = &mock;
    let page = |offset: u64| {
        let path = format!("{LIST}?limit=10&offset={offset}");
        async move { mock.fac_get(&path).await.json() }
    };
    let first = |v: &Value| v["objects"][0]["resource_uri"].clone();
    assert_eq!(first(&page(3000).await), json!("/api/v1/fortitokens/3001/"));
    assert_eq!(first(&page(3010).await), json!("/api/v1/fortitokens/3010/"));

    let mock = Mock::start(fault(Fault::FacTotalCountChanges, 50)).await;
    assert_eq!(
        mock.fac_get(&format!("{LIST}?limit=10")).await.json()["meta"]["total_count"],
        50
    );
    assert_eq!(
        mock.fac_get(&format!("{LIST}?limit=10&offset=10"))
            .await
            .json()["meta"]["total_count"],
        51
    );

    let mock = Mock::start(fault(Fault::FacNextLosesFiltersPage5, 300)).await;
    let mock = &mock;
    let next = |offset: u64| {
        let path = format!("{LIST}?status=available&limit=2&offset={offset}");
        async move {
            mock.fac_get(&path).await.json()["meta"]["next"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        }
    };
    assert!(next(6).await.contains("status=available"));
    assert!(!next(8).await.contains("status=available"));
    assert!(next(10).await.contains("status=available"));

    let mock = Mock::start(fault(Fault::FacTypeOutOfEnumDeep, 1600)).await;
    let deep = mock
        .fac_get(&format!("{LIST}?limit=1&offset=1499"))
        .await
        .json();
    assert_eq!(deep["objects"][0]["type"], "FTM");
    assert_ne!(
        mock.fac_get(&format!("{LIST}?limit=1&offset=1498"))
            .await
            .json()["objects"][0]["type"],
        "FTM"
    );
}

/// An integer written with a fraction of zero (`47.0`, what a JSON
/// Schema `integer` admits and Django's IntegerField takes) is the
/// integer; a real fraction is refused.
#[tokio::test]
async fn an_integer_may_be_written_with_a_zero_fraction() {
    let mock = Mock::default().await;
    let patch = |body: Value| mock.fac(Method::PATCH, "/api/v1/snmpgeneral/").json(&body);
    let whole = mock.send(patch(json!({"disk": 47.0}))).await;
    assert_eq!(whole.status, 202, "{}", whole.text());
    assert_eq!(
        mock.fac_get("/api/v1/snmpgeneral/").await.json()["disk"],
        47
    );
    let fraction = mock.send(patch(json!({"disk": 47.5}))).await;
    assert_eq!(fraction.status, 400, "{}", fraction.text());
    assert_eq!(
        mock.fac_get("/api/v1/snmpgeneral/").await.json()["disk"],
        47
    );
}
