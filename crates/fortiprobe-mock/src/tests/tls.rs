//! HTTPS: the certificate made at start is trusted by a client that is
//! given its PEM and by no one else, plain HTTP to the port gets no answer,
//! and shutdown is as quick as without TLS.

use std::time::{Duration, Instant};

use super::super::{spawn, MockOptions, RunningMock};

async fn tls_mock() -> RunningMock {
    spawn(
        MockOptions {
            tls: true,
            ..MockOptions::default()
        },
        0,
    )
    .await
    .expect("mock binds")
}

fn trusting(mock: &RunningMock) -> reqwest::Client {
    let pem = mock.ca_cert_pem().expect("a certificate with TLS on");
    let cert = reqwest::Certificate::from_pem(pem.as_bytes()).expect("PEM parses");
    reqwest::Client::builder()
        .add_root_certificate(cert)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// The error and all its sources, one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[tokio::test]
async fn without_tls_there_is_no_certificate() {
    let mock = spawn(MockOptions::default(), 0).await.expect("binds");
    assert_eq!(mock.ca_cert_pem(), None);
    assert!(mock.url().starts_with("http://127.0.0.1:"));
}

#[tokio::test]
async fn a_client_trusting_the_certificate_gets_answers() {
    let mock = tls_mock().await;
    assert_eq!(
        mock.url(),
        format!("https://127.0.0.1:{}", mock.addr().port())
    );
    let pem = mock.ca_cert_pem().expect("pem");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let http = trusting(&mock);
    let creds = mock.credentials().clone();
    let answer = http
        .get(format!("{}/api/v1/fortitokens/?format=json", mock.url()))
        .basic_auth(&creds.fac_username, Some(&creds.fac_api_key))
        .send()
        .await
        .expect("answers over TLS");
    assert_eq!(answer.status().as_u16(), 200);
    let body: serde_json::Value = answer.json().await.expect("JSON");
    assert!(body["objects"].is_array());
    // `localhost` is in the certificate too.
    let answer = http
        .get(format!(
            "https://localhost:{}/api/v1/fortitokens/?format=json",
            mock.addr().port()
        ))
        .basic_auth(&creds.fac_username, Some(&creds.fac_api_key))
        .send()
        .await
        .expect("answers for localhost");
    assert_eq!(answer.status().as_u16(), 200);
}

#[tokio::test]
async fn each_start_makes_its_own_certificate() {
    let (a, b) = (tls_mock().await, tls_mock().await);
    assert_ne!(a.ca_cert_pem(), b.ca_cert_pem());
    // One mock's certificate does not vouch for the other.
    let error = trusting(&a)
        .get(format!("{}/api/v1/fortitokens/", b.url()))
        .send()
        .await
        .expect_err("b is not trusted");
    assert!(error.is_connect(), "{}", chain(&error));
}

#[tokio::test]
async fn a_client_not_trusting_it_fails_the_handshake() {
    let mock = tls_mock().await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let error = http
        .get(format!("{}/api/v1/fortitokens/?format=json", mock.url()))
        .send()
        .await
        .expect_err("an unknown issuer is refused");
    let text = chain(&error);
    assert!(error.is_connect(), "{text}");
    assert!(text.contains("certificate"), "{text}");
}

#[tokio::test]
async fn plain_http_to_the_tls_port_gets_no_answer() {
    let mock = tls_mock().await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let started = Instant::now();
    let result = http
        .get(format!(
            "http://127.0.0.1:{}/api/v1/fortitokens/",
            mock.addr().port()
        ))
        .send()
        .await;
    assert!(result.is_err(), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once"
    );
    // The server still serves TLS clients afterwards.
    let answer = trusting(&mock)
        .get(format!("{}/api/v1/fortitokens/", mock.url()))
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status().as_u16(), 401);
}

#[tokio::test]
async fn shutdown_with_tls_is_quick_even_with_idle_and_silent_connections() {
    let mock = tls_mock().await;
    let addr = mock.addr();
    let http = trusting(&mock);
    // An idle keep-alive connection in the client's pool.
    let answer = http
        .get(format!("{}/api/v1/fortitokens/", mock.url()))
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status().as_u16(), 401);
    drop(answer);
    // A connection that never starts its handshake.
    let _silent = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let started = Instant::now();
    mock.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
