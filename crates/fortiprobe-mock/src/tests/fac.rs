//! FortiAuthenticator fortitokens: authentication, pagination, filters,
//! formats, one token, DELETE.

use reqwest::Method;
use serde_json::Value;

use super::super::MockOptions;
use super::Mock;

const LIST: &str = "/api/v1/fortitokens/";

#[tokio::test]
async fn every_route_needs_the_right_basic_credentials() {
    let mock = Mock::default().await;
    let creds = mock.creds().clone();
    let routes = [
        (Method::GET, "/api/v1/fortitokens/"),
        (Method::GET, "/api/v1/fortitokens"),
        (Method::GET, "/api/v1/fortitokens/?format=xml"),
        (Method::GET, "/api/v1/fortitokens/1/"),
        (Method::GET, "/api/v1/fortitokens/1"),
        (Method::DELETE, "/api/v1/fortitokens/1/"),
        (Method::DELETE, "/api/v1/fortitokens/1"),
    ];
    for (method, path) in routes {
        let attempts = [
            mock.request(method.clone(), path),
            mock.request(method.clone(), path)
                .basic_auth(&creds.fac_username, Some("wrong")),
            mock.request(method.clone(), path)
                .basic_auth("nobody", Some(&creds.fac_api_key)),
            mock.request(method.clone(), path)
                .basic_auth(&creds.fac_username, None::<&str>),
            mock.request(method.clone(), path)
                .bearer_auth(&creds.fac_api_key),
            mock.request(method.clone(), path)
                .header("Authorization", "Basic !!!not-base64"),
        ];
        for attempt in attempts {
            let answer = mock.send(attempt).await;
            assert_eq!(answer.status, 401, "{method} {path}");
            assert!(answer.body.is_empty(), "{method} {path}: {}", answer.text());
        }
    }
    // The token survived every refused DELETE.
    assert_eq!(mock.fac_get("/api/v1/fortitokens/1/").await.status, 200);
}

#[tokio::test]
async fn default_list_is_the_first_page_of_twenty() {
    let mock = Mock::default().await;
    let answer = mock.fac_get(LIST).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type(), Some("application/json"));
    let body = answer.json();
    assert_eq!(super::keys(&body), ["meta", "objects"]);
    assert_eq!(
        body["meta"],
        serde_json::json!({
            "limit": 20, "next": "/api/v1/fortitokens/?offset=20&limit=20",
            "offset": 0, "previous": null, "total_count": 60
        })
    );
    let uris: Vec<&str> = body["objects"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| o["resource_uri"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let expected: Vec<String> = (1..=20)
        .map(|i| format!("/api/v1/fortitokens/{i}/"))
        .collect();
    assert_eq!(uris, expected);
    // Without the trailing slash: the same answer.
    assert_eq!(mock.fac_get("/api/v1/fortitokens").await.json(), body);
}

#[tokio::test]
async fn next_link_has_the_doc_shape() {
    let mock = Mock::default().await;
    let body = mock
        .fac_get("/api/v1/fortitokens/?format=json&type=ftm&status=available&limit=1")
        .await
        .json();
    assert_eq!(
        body["meta"]["next"],
        "/api/v1/fortitokens/?status=available&type=ftm&offset=1&limit=1&format=json"
    );
    assert_eq!(body["meta"]["previous"], Value::Null);
    assert_eq!(body["objects"][0]["resource_uri"], "/api/v1/fortitokens/1/");
    // Ignored parameters are not carried; raw filter values are.
    let body = mock
        .fac_get("/api/v1/fortitokens/?foo=bar&username=x&license=FTMTRIALNOREGIST&limit=1")
        .await
        .json();
    assert_eq!(
        body["meta"]["next"],
        "/api/v1/fortitokens/?license=FTMTRIALNOREGIST&offset=1&limit=1"
    );
}

#[tokio::test]
async fn following_next_visits_every_token_once_in_id_order() {
    let mock = Mock::default().await;
    let objects = mock.fac_all("limit=7").await;
    let uris: Vec<String> = objects
        .iter()
        .filter_map(|o| o["resource_uri"].as_str().map(str::to_string))
        .collect();
    let expected: Vec<String> = (1..=60)
        .map(|i| format!("/api/v1/fortitokens/{i}/"))
        .collect();
    assert_eq!(uris, expected);
    // The filtered walk agrees with the filter's total_count.
    let ftm = mock.fac_all("type=ftm&limit=3&format=json").await;
    let total =
        mock.fac_get("/api/v1/fortitokens/?type=ftm").await.json()["meta"]["total_count"].clone();
    assert_eq!(Value::from(ftm.len()), total);
}

#[tokio::test]
async fn previous_is_null_until_a_whole_page_fits_before() {
    let mock = Mock::default().await;
    let meta = |body: Value| body["meta"].clone();
    let m = meta(
        mock.fac_get("/api/v1/fortitokens/?offset=10&limit=20")
            .await
            .json(),
    );
    assert_eq!(m["previous"], Value::Null);
    assert_eq!(m["next"], "/api/v1/fortitokens/?offset=30&limit=20");
    let m = meta(
        mock.fac_get("/api/v1/fortitokens/?offset=40&limit=20")
            .await
            .json(),
    );
    assert_eq!(m["previous"], "/api/v1/fortitokens/?offset=20&limit=20");
    assert_eq!(m["next"], Value::Null);
    let m = meta(
        mock.fac_get("/api/v1/fortitokens/?offset=20&limit=20")
            .await
            .json(),
    );
    assert_eq!(m["previous"], "/api/v1/fortitokens/?offset=0&limit=20");
}

#[tokio::test]
async fn limit_is_clamped_to_a_thousand() {
    let mock = Mock::start(MockOptions {
        tokens: 1500,
        ..MockOptions::default()
    })
    .await;
    for limit in ["0", "1001", "5000", "99999999999999999999999"] {
        let body = mock.fac_get(&format!("{LIST}?limit={limit}")).await.json();
        assert_eq!(body["meta"]["limit"], 1000, "limit={limit}");
        assert_eq!(body["objects"].as_array().map(Vec::len), Some(1000));
        assert_eq!(
            body["meta"]["next"],
            "/api/v1/fortitokens/?offset=1000&limit=1000"
        );
    }
    let body = mock
        .fac_get(&format!("{LIST}?limit=1000&offset=1000"))
        .await
        .json();
    assert_eq!(body["objects"].as_array().map(Vec::len), Some(500));
    assert_eq!(body["meta"]["next"], Value::Null);
    assert_eq!(
        body["meta"]["previous"],
        "/api/v1/fortitokens/?offset=0&limit=1000"
    );
}

#[tokio::test]
async fn bad_limit_or_offset_is_a_400_with_an_error() {
    let mock = Mock::default().await;
    for query in [
        "limit=abc",
        "limit=-1",
        "limit=",
        "limit=1.5",
        "offset=-5",
        "offset=x",
        "offset=",
    ] {
        let answer = mock.fac_get(&format!("{LIST}?{query}")).await;
        assert_eq!(answer.status, 400, "{query}");
        assert_eq!(answer.content_type(), Some("application/json"));
        assert!(answer.json()["error"].is_string(), "{query}");
    }
}

#[tokio::test]
async fn offset_past_the_end_is_an_empty_page() {
    let mock = Mock::default().await;
    let answer = mock.fac_get(&format!("{LIST}?offset=500")).await;
    assert_eq!(answer.status, 200);
    let body = answer.json();
    assert_eq!(body["objects"], serde_json::json!([]));
    assert_eq!(body["meta"]["total_count"], 60);
    assert_eq!(body["meta"]["next"], Value::Null);
    assert_eq!(body["meta"]["offset"], 500);
}

/// Objects of one unpaginated (limit 1000) filtered list.
async fn filtered(mock: &Mock, query: &str) -> Vec<Value> {
    let answer = mock.fac_get(&format!("{LIST}?limit=1000&{query}")).await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.text());
    let body = answer.json();
    let objects = body["objects"].as_array().cloned().unwrap_or_default();
    assert_eq!(body["meta"]["total_count"], objects.len(), "{query}");
    objects
}

#[tokio::test]
async fn each_filter_selects_exactly_its_tokens() {
    let mock = Mock::default().await;
    let all = filtered(&mock, "").await;
    assert_eq!(all.len(), 60);
    let count = |field: &str, value: &str| all.iter().filter(|o| o[field] == value).count();
    for (field, values) in [
        ("type", &["ftk", "ftm"][..]),
        ("status", &["new", "available", "pending", "assigned"][..]),
        ("license", &["FTMTRIALNOREGIST"][..]),
    ] {
        for value in values {
            let expected = count(field, value);
            assert!(expected > 0, "{field}={value} present in the data");
            for key in [field.to_string(), format!("{field}__exact")] {
                let got = filtered(&mock, &format!("{key}={value}")).await;
                assert_eq!(got.len(), expected, "{key}={value}");
                assert!(got.iter().all(|o| o[field] == *value));
            }
        }
    }
    assert_eq!(count("license", "FTMTRIALNOREGIST"), 2);
    // AND of several filters.
    let both = filtered(&mock, "type=ftm&status=available").await;
    let expected = all
        .iter()
        .filter(|o| o["type"] == "ftm" && o["status"] == "available")
        .count();
    assert_eq!(both.len(), expected);
    // Unknown values match nothing; values are case-sensitive.
    assert!(filtered(&mock, "type=xyz").await.is_empty());
    assert!(filtered(&mock, "type=FTM").await.is_empty());
    assert!(filtered(&mock, "status=").await.is_empty());
}

#[tokio::test]
async fn serial_filters_exact_and_iexact() {
    let mock = Mock::default().await;
    let serial = mock
        .fac_get(&format!("{LIST}?offset=5&limit=1"))
        .await
        .json()["objects"][0]["serial"]
        .as_str()
        .map(str::to_string)
        .expect("a serial");
    let lower = serial.to_lowercase();
    assert_eq!(filtered(&mock, &format!("serial={serial}")).await.len(), 1);
    assert_eq!(
        filtered(&mock, &format!("serial__exact={serial}"))
            .await
            .len(),
        1
    );
    assert!(filtered(&mock, &format!("serial={lower}")).await.is_empty());
    assert!(filtered(&mock, &format!("serial__exact={lower}"))
        .await
        .is_empty());
    let got = filtered(&mock, &format!("serial__iexact={lower}")).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["serial"], serial.as_str());
}

#[tokio::test]
async fn forbidden_filters_are_400_and_unknown_parameters_ignored() {
    let mock = Mock::default().await;
    for query in [
        "locked=true",
        "locked__exact=false",
        "last_used_at=2025-01-01T00:00:00Z",
        "resource_uri=/api/v1/fortitokens/1/",
        "serial__startswith=FTK",
        "serial__contains=MOB",
        "type__iexact=ftm",
        "status__in=new",
        "license__iexact=ftmtrialnoregist",
        "serial__exact__foo=x",
        "serial__=x",
    ] {
        let answer = mock.fac_get(&format!("{LIST}?{query}")).await;
        assert_eq!(answer.status, 400, "{query}");
        assert!(answer.json()["error"].is_string(), "{query}");
    }
    let plain = mock.fac_get(LIST).await.json();
    for query in [
        "foo=bar",
        "username=admin",
        "api_key=x",
        "order_by=serial",
        "id=3",
        "&&",
    ] {
        let answer = mock.fac_get(&format!("{LIST}?{query}")).await;
        assert_eq!(answer.status, 200, "{query}");
        assert_eq!(answer.json(), plain, "{query}");
    }
}

#[tokio::test]
async fn format_parameter_wins_over_accept() {
    let mock = Mock::default().await;
    let xml = mock.fac_get(&format!("{LIST}?format=xml&limit=2")).await;
    assert_eq!(xml.status, 200);
    assert_eq!(xml.content_type(), Some("application/xml; charset=utf-8"));
    let text = xml.text();
    assert!(text.starts_with("<?xml"), "{text}");
    assert!(text.contains("<response><meta"), "{text}");
    assert!(
        text.contains("<total_count type=\"integer\">60</total_count>"),
        "{text}"
    );
    assert!(
        text.contains("<next>/api/v1/fortitokens/?offset=2&amp;limit=2&amp;format=xml</next>"),
        "{text}"
    );
    assert_eq!(text.matches("<object>").count(), 2, "{text}");

    let by_accept = mock
        .send(
            mock.fac(Method::GET, LIST)
                .header("Accept", "application/xml"),
        )
        .await;
    assert_eq!(
        by_accept.content_type(),
        Some("application/xml; charset=utf-8")
    );
    let json_wins = mock
        .send(
            mock.fac(Method::GET, &format!("{LIST}?format=json"))
                .header("Accept", "application/xml"),
        )
        .await;
    assert_eq!(json_wins.content_type(), Some("application/json"));
    let xml_wins = mock
        .send(
            mock.fac(Method::GET, &format!("{LIST}?format=xml"))
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(
        xml_wins.content_type(),
        Some("application/xml; charset=utf-8")
    );
    let accept_json = mock
        .send(
            mock.fac(Method::GET, LIST)
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(accept_json.content_type(), Some("application/json"));
    let other = mock
        .send(mock.fac(Method::GET, LIST).header("Accept", "text/html"))
        .await;
    assert_eq!(other.content_type(), Some("application/json"));

    let empty = mock.fac_get(&format!("{LIST}?format=&limit=1")).await;
    assert_eq!(empty.content_type(), Some("application/json"));
    assert_eq!(
        empty.json()["meta"]["next"],
        "/api/v1/fortitokens/?offset=1&limit=1"
    );
    for bad in ["yaml", "jsonp", "JSON"] {
        let answer = mock.fac_get(&format!("{LIST}?format={bad}")).await;
        assert_eq!(answer.status, 400, "format={bad}");
        assert!(answer.json()["error"].is_string());
    }
}

#[tokio::test]
async fn one_token_by_id() {
    let mock = Mock::default().await;
    let first = mock.fac_get(LIST).await.json()["objects"][0].clone();
    for path in [
        "/api/v1/fortitokens/1/",
        "/api/v1/fortitokens/1",
        "/api/v1/fortitokens/01/",
    ] {
        let answer = mock.fac_get(path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.json(), first);
    }
    let xml = mock.fac_get("/api/v1/fortitokens/1/?format=xml").await;
    assert_eq!(xml.content_type(), Some("application/xml; charset=utf-8"));
    assert!(
        xml.text().contains("<object><last_used_at"),
        "{}",
        xml.text()
    );
    for path in [
        "/api/v1/fortitokens/61/",
        "/api/v1/fortitokens/0/",
        "/api/v1/fortitokens/abc/",
        "/api/v1/fortitokens/-1/",
        "/api/v1/fortitokens/%FF/",
        "/api/v1/fortitokens/99999999999999999999999/",
    ] {
        let answer = mock.fac_get(path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(answer.body.is_empty());
    }
}

/// The id of the token with `serial`, from its `resource_uri`.
async fn id_of(mock: &Mock, serial: &str) -> u64 {
    let objects = filtered(mock, &format!("serial__exact={serial}")).await;
    assert_eq!(objects.len(), 1, "{serial} exists once");
    objects[0]["resource_uri"]
        .as_str()
        .and_then(|uri| uri.trim_end_matches('/').rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .expect("an id in resource_uri")
}

#[tokio::test]
async fn delete_twice_is_204_then_404() {
    let mock = Mock::default().await;
    let serial = mock.creds().fac_deletable_token_serial.clone();
    let id = id_of(&mock, &serial).await;
    let path = format!("/api/v1/fortitokens/{id}/");
    let answer = mock.send(mock.fac(Method::DELETE, &path)).await;
    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty());
    assert_eq!(answer.content_type(), None);
    let again = mock.send(mock.fac(Method::DELETE, &path)).await;
    assert_eq!(again.status, 404);
    assert!(again.body.is_empty());
    assert_eq!(mock.fac_get(&path).await.status, 404);
    let body = mock.fac_get(LIST).await.json();
    assert_eq!(body["meta"]["total_count"], 59);
    assert!(filtered(&mock, &format!("serial={serial}"))
        .await
        .is_empty());
    // Without the trailing slash, and ids that never existed.
    let answer = mock
        .send(mock.fac(Method::DELETE, "/api/v1/fortitokens/1"))
        .await;
    assert_eq!(answer.status, 204);
    for path in [
        "/api/v1/fortitokens/1",
        "/api/v1/fortitokens/999/",
        "/api/v1/fortitokens/abc/",
    ] {
        assert_eq!(
            mock.send(mock.fac(Method::DELETE, path)).await.status,
            404,
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_deletes_of_one_token_give_one_204() {
    let mock = Mock::default().await;
    let requests = (0..50)
        .map(|_| mock.fac(Method::DELETE, "/api/v1/fortitokens/7/"))
        .collect();
    let mut statuses = super::statuses_concurrently(requests).await;
    statuses.sort_unstable();
    let ok = statuses.iter().filter(|&&s| s == 204).count();
    let missing = statuses.iter().filter(|&&s| s == 404).count();
    assert_eq!((ok, missing), (1, 49), "{statuses:?}");
}

#[tokio::test]
async fn other_methods_are_405() {
    let mock = Mock::default().await;
    for (method, path) in [
        (Method::POST, LIST),
        (Method::PUT, LIST),
        (Method::DELETE, LIST),
        (Method::PATCH, "/api/v1/fortitokens"),
        (Method::POST, "/api/v1/fortitokens/1/"),
        (Method::PUT, "/api/v1/fortitokens/1/"),
        (Method::PATCH, "/api/v1/fortitokens/1"),
    ] {
        let answer = mock.send(mock.fac(method.clone(), path)).await;
        assert_eq!(answer.status, 405, "{method} {path}");
    }
}
