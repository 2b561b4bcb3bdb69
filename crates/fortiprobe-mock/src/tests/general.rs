//! Behaviour shared by every route: unknown paths, oversized and malformed
//! bodies, strange input that must not crash the server, and shutdown.

use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::super::{spawn, MockOptions};
use super::Mock;

#[tokio::test]
async fn unknown_paths_are_404() {
    let mock = Mock::default().await;
    for path in [
        "/",
        "/api/v2/",
        "/api/v1",
        "/api/v1/users/",
        "/fpc/api/auth/",
        "/api/v1/token/temp/a/b",
        "/api/v1/fortitokens/1/2/",
    ] {
        let answer = mock.send(mock.fac(Method::GET, path)).await;
        assert_eq!(answer.status, 404, "{path}");
    }
}

/// Sends only the head of a request announcing a body of `length` bytes and
/// returns the status line.
async fn status_line_for_announced_body(mock: &Mock, path: &str, length: usize) -> String {
    let mut stream = tokio::net::TcpStream::connect(mock.running.addr())
        .await
        .expect("connects");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("writes");
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("answers in time")
        .expect("reads");
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn bodies_over_one_mib_are_413() {
    let mock = Mock::default().await;
    for path in ["/api/v1/login", "/fpc/api/auth/tokenlogin/"] {
        let line = status_line_for_announced_body(&mock, path, (1 << 20) + 1).await;
        assert!(line.contains(" 413 "), "{path}: {line}");
    }
    // A body of exactly the limit is read (and refused as JSON, not as size).
    let mut body = String::from("{\"client_id\": \"");
    body.push_str(&"a".repeat((1 << 20) - body.len() - 2));
    body.push_str("\"}");
    assert_eq!(body.len(), 1 << 20);
    let answer = mock
        .send(mock.request(Method::POST, "/api/v1/login").body(body))
        .await;
    assert_eq!(answer.status, 400);
    // Chunked bodies over the limit too.
    let line =
        status_line_for_chunked_body(&mock, "/fpc/api/auth/tokenlogin/", (1 << 20) + 10).await;
    assert!(line.contains(" 413 "), "{line}");
}

/// Sends a chunked body of `length` spaces and returns the status line.
async fn status_line_for_chunked_body(mock: &Mock, path: &str, length: usize) -> String {
    let stream = tokio::net::TcpStream::connect(mock.running.addr())
        .await
        .expect("connects");
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let writer = tokio::spawn(async move {
        write.write_all(head.as_bytes()).await?;
        let mut left = length;
        while left > 0 {
            let n = left.min(64 * 1024);
            left -= n;
            write.write_all(format!("{n:x}\r\n").as_bytes()).await?;
            write.write_all(&vec![b' '; n]).await?;
            write.write_all(b"\r\n").await?;
        }
        write.write_all(b"0\r\n\r\n").await
    });
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), read.read(&mut buf))
        .await
        .expect("answers in time")
        .expect("reads");
    writer.abort();
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn malformed_json_is_a_json_400_everywhere() {
    let mock = Mock::default().await;
    let token = mock.ftc_token().await;
    for (path, request) in [
        ("/api/v1/login", mock.request(Method::POST, "/api/v1/login")),
        (
            "/api/v1/token/temp",
            mock.request(Method::POST, "/api/v1/token/temp")
                .bearer_auth(&token),
        ),
        (
            "/fpc/api/auth/tokenlogin/",
            mock.request(Method::POST, "/fpc/api/auth/tokenlogin/"),
        ),
    ] {
        for raw in ["", "{", "not json", "{\"a\": }", "\u{0}\u{1}"] {
            let answer = mock
                .send(request.try_clone().expect("clonable").body(raw))
                .await;
            assert_eq!(answer.status, 400, "{path} {raw:?}");
            assert_eq!(answer.content_type(), Some("application/json"), "{path}");
            assert!(answer.json().is_object());
        }
        let bytes = mock
            .send(
                request
                    .try_clone()
                    .expect("clonable")
                    .body(vec![0xff, 0xfe, b'{']),
            )
            .await;
        assert_eq!(bytes.status, 400, "{path}");
    }
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let running = spawn(MockOptions::default(), 0).await.expect("binds");
    let addr = running.addr();
    assert_eq!(running.url(), format!("http://127.0.0.1:{}", addr.port()));
    let http = reqwest::Client::new();
    let answer = http
        .get(format!("{}/api/v1/fortitokens/", running.url()))
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status().as_u16(), 401);
    drop(answer);
    running.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
