//! The client against a target that rate-limits, fails or hangs: a 429 is
//! honoured (Retry-After, bounded), only transport failures that cannot be
//! a wrong answer are retried, `--rate` spaces requests out.

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fortiprobe::client::http::{
    Client, ClientOptions, Outgoing, RateLimiter, Retry, Tally, TransportError,
};
use support::hostile::{self, Reply};

fn client(retry: Retry, rate: Option<f64>, timeout: Duration) -> Client {
    Client::new(&ClientOptions {
        retry,
        rate: rate.map(|r| Arc::new(RateLimiter::new(r))),
        connect_timeout: Duration::from_secs(2),
        timeout,
        max_body: 1 << 20,
        ..ClientOptions::default()
    })
    .expect("client")
}

fn get(url: &str) -> Outgoing {
    Outgoing {
        method: "GET",
        url: url::Url::parse(&format!("{url}/api/v1/fortitokens/")).unwrap(),
        headers: vec![],
        body: None,
    }
}

fn raw(head: &str, body: &str) -> Reply {
    Reply::Raw(
        format!(
            "HTTP/1.1 {head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

/// A server that answers request n (from 0) with `f(n)`, counting them.
async fn counting(
    f: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let n = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&n);
    let url = hostile::serve(move |_| f(c.fetch_add(1, Ordering::SeqCst))).await;
    (url, n)
}

#[tokio::test]
async fn a_429_is_honoured_with_its_retry_after() {
    let (url, n) = counting(|i| {
        if i == 0 {
            raw(
                "429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/json",
                "{\"error\": \"slow down\"}",
            )
        } else {
            raw("200 OK\r\nContent-Type: application/json", "{}")
        }
    })
    .await;
    let started = Instant::now();
    let ex = client(Retry::default(), None, Duration::from_secs(5))
        .send(get(&url), &Tally::default())
        .await
        .unwrap();
    assert_eq!(ex.status, 200);
    assert_eq!(n.load(Ordering::SeqCst), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_429_retry_is_bounded_and_a_long_retry_after_is_the_answer() {
    let (url, n) = counting(|_| raw("429 Too Many Requests\r\nRetry-After: 0", "")).await;
    let retry = Retry {
        on_429: 2,
        ..Retry::default()
    };
    let ex = client(retry, None, Duration::from_secs(5))
        .send(get(&url), &Tally::default())
        .await
        .unwrap();
    assert_eq!(ex.status, 429);
    assert_eq!(n.load(Ordering::SeqCst), 3, "one try and two retries");

    let (url, n) = counting(|_| raw("429 Too Many Requests\r\nRetry-After: 3600", "")).await;
    let started = Instant::now();
    let ex = client(Retry::default(), None, Duration::from_secs(5))
        .send(get(&url), &Tally::default())
        .await
        .unwrap();
    assert_eq!(ex.status, 429);
    assert_eq!(n.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_failed_expectation_or_a_timeout_is_never_retried() {
    let (url, n) = counting(|_| {
        raw(
            "500 Internal Server Error\r\nContent-Type: text/html",
            "<html></html>",
        )
    })
    .await;
    let ex = client(Retry::default(), None, Duration::from_secs(5))
        .send(get(&url), &Tally::default())
        .await
        .unwrap();
    assert_eq!(ex.status, 500);
    assert_eq!(n.load(Ordering::SeqCst), 1);

    let (url, n) = counting(|_| Reply::Hang).await;
    let started = Instant::now();
    let e = client(Retry::default(), None, Duration::from_millis(500))
        .send(get(&url), &Tally::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TransportError::Timeout { .. }), "{e}");
    assert_eq!(n.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_broken_connection_is_retried_for_a_get_only() {
    let (url, n) = counting(|_| {
        Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"meta\"".to_vec())
    })
    .await;
    let e = client(Retry::default(), None, Duration::from_secs(5))
        .send(get(&url), &Tally::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TransportError::Broken { .. }), "{e}");
    assert_eq!(
        n.load(Ordering::SeqCst),
        3,
        "a GET: one try and two retries"
    );

    let (url, n) = counting(|_| {
        Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"meta\"".to_vec())
    })
    .await;
    let mut post = get(&url);
    post.method = "POST";
    post.body = Some(b"{}".to_vec());
    let e = client(Retry::default(), None, Duration::from_secs(5))
        .send(post, &Tally::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TransportError::Broken { .. }), "{e}");
    assert_eq!(
        n.load(Ordering::SeqCst),
        1,
        "a POST may have taken effect: never again"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let e = client(Retry::default(), None, Duration::from_secs(5))
        .send(get(&format!("http://127.0.0.1:{port}")), &Tally::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TransportError::Connect { .. }), "{e}");
    assert!(e.to_string().contains(&format!("127.0.0.1:{port}")), "{e}");
    assert!(
        started.elapsed() >= Duration::from_millis(1100),
        "two retries with back-off: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_spaces_requests_out() {
    let (url, n) = counting(|_| raw("200 OK\r\nContent-Type: application/json", "{}")).await;
    let c = client(Retry::default(), Some(10.0), Duration::from_secs(5));
    let started = Instant::now();
    for _ in 0..11 {
        c.send(get(&url), &Tally::default()).await.unwrap();
    }
    assert_eq!(n.load(Ordering::SeqCst), 11);
    assert!(
        started.elapsed() >= Duration::from_millis(990),
        "{:?}",
        started.elapsed()
    );
}
