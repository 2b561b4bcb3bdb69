//! Bounds in time and what an interruption leaves: a target that drops
//! connections or stalls TLS is unreachable within the connect timeout, a
//! 429 storm ends within the wait budget, a listing that never ends stops
//! at the page bound, and SIGTERM or SIGHUP clean up like Ctrl-C, every
//! cleanup step included, saying what is left behind and how to find it.

use crate::support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fortiprobe::client::http::{Client, ClientOptions, Outgoing, Retry, Tally, TransportError};
use fortiprobe::config::Target;
use fortiprobe::run::{RunOptions, Runner, Verdict};
use fortiprobe_mock::MockOptions;
use support::hostile::{self, Reply};

fn get(url: &str) -> Outgoing {
    Outgoing {
        method: "GET",
        url: url::Url::parse(url).unwrap(),
        headers: vec![],
        body: None,
    }
}

/// A listener whose accept queue is full: the kernel drops further SYNs,
/// as a firewall that silently drops packets does.
fn full_backlog() -> (tokio::net::TcpListener, Vec<std::net::TcpStream>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    // Fill the queue; later connections are not answered.
    for _ in 0..4 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => held.push(s),
            Err(_) => break,
        }
    }
    (listener, held)
}

fn fac_target(url: &str) -> Target {
    let yaml = format!(
        "fortiauthenticator:\n  url: {url}\n  username: admin\n  api_key: not-a-real-key-1234\n"
    );
    Target::parse("t.yaml", &yaml, std::path::Path::new("."), &|_| None).expect("target")
}

#[tokio::test]
async fn dropped_syns_are_unreachable_after_the_connect_timeout() {
    let (listener, _held) = full_backlog();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let options = RunOptions {
        connect_timeout: Duration::from_secs(1),
        ..RunOptions::default()
    };
    let runner = Runner::new(support::suite(), &fac_target(&url), options).unwrap();
    let started = Instant::now();
    let unreachable = runner.probe().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(unreachable.len(), 1, "{unreachable:?}");
    let e = &unreachable[0].1;
    assert!(e.is_unreachable(), "{e}");
    assert!(e.to_string().contains("connect timeout"), "{e}");
}

#[tokio::test]
async fn a_stalled_tls_handshake_is_a_tls_failure() {
    // Accepts connections and never says a word: the handshake stalls.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let url = format!("https://{addr}/");
    let options = RunOptions {
        connect_timeout: Duration::from_secs(1),
        ..RunOptions::default()
    };
    let runner = Runner::new(support::suite(), &fac_target(&url), options).unwrap();
    let started = Instant::now();
    let unreachable = runner.probe().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(unreachable.len(), 1);
    match &unreachable[0].1 {
        TransportError::Tls { detail, .. } => {
            assert!(
                detail.contains("TLS handshake did not complete"),
                "{detail}"
            )
        }
        other => panic!("expected a TLS failure, got {other}"),
    }
}

#[tokio::test]
async fn a_429_storm_ends_within_the_wait_budget() {
    let url = hostile::serve(|_| {
        hostile::http(
            "429 Too Many Requests\r\nRetry-After: 2",
            "application/json",
            b"{}",
        )
    })
    .await;
    let client = Client::new(&ClientOptions {
        retry: Retry {
            on_429: 3,
            max_wait: Duration::from_secs(3),
            on_transport: 0,
        },
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
        max_body: 1 << 20,
        ..ClientOptions::default()
    })
    .unwrap();
    let started = Instant::now();
    let ex = client
        .send(get(&format!("{url}/x")), &Tally::default())
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(ex.status, 429);
    // One wait of 2 s fits the 3 s budget; a second would not.
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(4),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_listing_that_never_ends_stops_at_the_page_bound() {
    let url = hostile::serve(|req| {
        let offset: u64 = req
            .split_once("offset=")
            .and_then(|(_, r)| r.split(['&', ' ']).next())
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        let body = format!(
            r#"{{"meta": {{"limit": 1000, "offset": {offset}, "total_count": 1000000000, "next": "/api/v1/fortitokens/?format=json&limit=1000&offset={}", "previous": null}},
               "objects": [{{"serial": "S{offset}", "type": "ftm", "status": "new", "resource_uri": "/api/v1/fortitokens/{offset}/"}}]}}"#,
            offset + 1000
        );
        hostile::http("200 OK", "application/json", body.as_bytes())
    })
    .await;
    let options = RunOptions {
        max_pages: 25,
        allow_destructive: false,
        ..RunOptions::default()
    };
    let runner = Runner::new(support::suite(), &fac_target(&format!("{url}/")), options).unwrap();
    let case = runner
        .suite
        .cases
        .iter()
        .find(|c| c.id() == "fortiauthenticator/fortitokens_pagination/walk_limit_1000")
        .unwrap();
    let started = Instant::now();
    let verdict = runner.run_case(case).await;
    assert!(started.elapsed() < Duration::from_secs(20));
    match verdict {
        Verdict::Fail(f) => assert!(
            f.findings()
                .any(|x| x.at.ends_with("/meta/next") && x.actual.contains("more than 25 pages")),
            "{f:?}"
        ),
        other => panic!("{other:?}"),
    }
}

fn fortiprobe_in_background(config: &std::path::Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(["run", "--config", config.to_str().unwrap()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn temp_file(name: &str, body: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fortiprobe-bounds-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("target.yaml");
    std::fs::write(&path, body).unwrap();
    path
}

fn signal(child: &std::process::Child, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

/// SIGTERM and SIGHUP, sent while a FortiPortal token is held, log it out
/// before the process ends with 128 + the signal's number.
#[test]
fn sigterm_and_sighup_clean_up_like_ctrl_c() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for (sig, code) in [("TERM", 143), ("HUP", 129)] {
        let m = rt
            .block_on(fortiprobe_mock::spawn(MockOptions::default(), 0))
            .unwrap();
        let c = m.credentials().clone();
        let yaml = format!(
            "fortiportal:\n  url: {}\n  username: {}\n  password: {}\n",
            m.url(),
            c.fpc_username,
            c.fpc_password
        );
        let path = temp_file(sig, &yaml);
        // At 0.5 requests a second: probe at 0 s, login at 2 s, logout at 4 s.
        let child = fortiprobe_in_background(
            &path,
            &[
                "--rate",
                "0.5",
                "--exact",
                "fortiportal/tokens/login_without_ttl_expiry_is_null",
            ],
        );
        std::thread::sleep(Duration::from_millis(3000));
        signal(&child, sig);
        let o = child.wait_with_output().unwrap();
        let t = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(code), "SIG{sig}: {t}");
        assert!(t.contains(&format!("interrupted (SIG{sig})")), "{t}");
        assert!(!t.contains("LEFT BEHIND"), "{t}");
        assert!(!t.contains(&c.fpc_password), "{t}");
        // The token had no TTL: a new login succeeds only if it was logged out.
        let status = rt.block_on(async {
            reqwest::Client::new()
                .post(format!("{}/fpc/api/auth/tokenlogin/", m.url()))
                .json(&serde_json::json!({"username": c.fpc_username, "password": c.fpc_password, "ttl_minutes": 1}))
                .send()
                .await
                .unwrap()
                .status()
        });
        assert!(
            status.is_success(),
            "SIG{sig}: the token was left behind ({status}): {t}"
        );
    }
}

/// A cleanup that fails during an interruption says what is left, for
/// whom and since when, and never the token itself.
#[test]
fn a_cleanup_that_fails_on_interruption_says_how_to_find_what_is_left() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let token = "0123456789abcdef0123456789abcdef";
    let url = rt.block_on(hostile::serve(move |req| {
        if req.starts_with("POST /fpc/api/auth/tokenlogin/") {
            let body = format!(r#"{{"expiry": null, "token": "{token}"}}"#);
            hostile::http("200 OK", "application/json", body.as_bytes())
        } else if req.starts_with("POST /fpc/api/auth/tokenlogout/") {
            hostile::http("500 Internal Server Error", "text/plain", b"no")
        } else if req.starts_with("GET / ") {
            hostile::http("200 OK", "text/plain", b"")
        } else {
            Reply::Hang
        }
    }));
    let yaml = format!(
        "fortiportal:\n  url: {url}\n  username: portal-admin\n  password: a-long-pw-value-1\n"
    );
    let path = temp_file("left", &yaml);
    let child = fortiprobe_in_background(
        &path,
        &[
            "--rate",
            "0.5",
            "--exact",
            "fortiportal/tokens/login_without_ttl_expiry_is_null",
        ],
    );
    std::thread::sleep(Duration::from_millis(3000));
    signal(&child, "TERM");
    let o = child.wait_with_output().unwrap();
    let t = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(143), "{t}");
    assert!(t.contains("LEFT BEHIND fortiportal/tokens/login_without_ttl_expiry_is_null: POST /fpc/api/auth/tokenlogout/"), "{t}");
    assert!(
        t.contains("a FortiPortal API token of admin `portal-admin`, issued after 20"),
        "{t}"
    );
    assert!(!t.contains(token) && !t.contains(&token[..12]), "{t}");
}

/// A large answer is read on only while its case holds the run's one
/// permit for large answers: two cases never hold two large bodies (and
/// their parsed JSON) at once; one case may (a walk, two pages compared).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_large_answer_in_memory_at_a_time() {
    use fortiprobe::client::http::Large;
    use std::sync::Arc;
    let big = vec![b' '; 3 << 20];
    let url = hostile::serve(move |_| {
        let mut body = b"{\"objects\": []".to_vec();
        body.extend_from_slice(&big);
        body.push(b'}');
        hostile::http("200 OK", "application/json", &body)
    })
    .await;
    let client = Arc::new(
        Client::new(&ClientOptions {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
            max_body: 16 << 20,
            large: Some(Arc::new(Large::default())),
            ..ClientOptions::default()
        })
        .unwrap(),
    );
    let one = Arc::new(Tally::default());
    let first = client.send(get(&format!("{url}/a")), &*one).await.unwrap();
    // The same case reads a second large answer while holding the first.
    let again = client.send(get(&format!("{url}/b")), &*one).await.unwrap();
    drop(again);
    // Another case waits for the first to let go.
    let other = Arc::clone(&client);
    let url2 = url.clone();
    let second = tokio::spawn(async move {
        let started = Instant::now();
        let ex = other
            .send(get(&format!("{url2}/c")), &Tally::default())
            .await;
        (ex.map(|e| e.status), started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        !second.is_finished(),
        "the second case read its large answer while the first held one"
    );
    drop(first);
    let (status, took) = second.await.unwrap();
    assert_eq!(
        status,
        Ok(200),
        "the wait is not the target's time: no timeout"
    );
    assert!(took >= Duration::from_millis(600), "{took:?}");
}

fn fortiprobe_output(config: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(["run", "--config", config.to_str().unwrap()])
        .args(args)
        .output()
        .expect("fortiprobe runs");
    let t = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code(), t)
}

/// `--connect-timeout` bounds how long a target that drops SYNs is waited
/// for before the run ends with exit 3.
#[test]
fn connect_timeout_flag_bounds_an_unanswered_connect() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (listener, _held) = rt.block_on(async { full_backlog() });
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let yaml = format!(
        "fortiauthenticator:\n  url: {url}\n  username: admin\n  api_key: not-a-real-key-1234\n"
    );
    let path = temp_file("connect-timeout", &yaml);
    let started = Instant::now();
    let (code, t) = fortiprobe_output(&path, &["--connect-timeout", "1", "--retries", "0"]);
    let took = started.elapsed();
    assert_eq!(code, Some(3), "{t}");
    assert!(t.contains("connect timeout"), "{t}");
    // The default (10 s) would not be over yet.
    assert!(took < Duration::from_secs(8), "{took:?}: {t}");
}

/// `--max-wait` is the budget of 429 waits per request: with 0, a 429
/// asking for a 2 s wait is the answer at once and nothing is sent again.
#[test]
fn max_wait_flag_is_the_429_wait_budget() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&sent);
    let url = rt.block_on(hostile::serve(move |req| {
        if req.starts_with("GET / ") {
            return hostile::http("200 OK", "text/plain", b"");
        }
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        hostile::http(
            "429 Too Many Requests\r\nRetry-After: 2",
            "application/json",
            b"{}",
        )
    }));
    let yaml = format!(
        "fortiauthenticator:\n  url: {url}/\n  username: admin\n  api_key: not-a-real-key-1234\n"
    );
    let path = temp_file("max-wait", &yaml);
    let case = "fortiauthenticator/fortitokens/no_credentials_is_401";
    let (code, t) = fortiprobe_output(&path, &["--max-wait", "0", "--exact", case]);
    assert_eq!(code, Some(101), "{t}");
    assert!(t.contains("429"), "{t}");
    assert_eq!(sent.load(std::sync::atomic::Ordering::SeqCst), 1, "{t}");
    sent.store(0, std::sync::atomic::Ordering::SeqCst);
    let (code, t) = fortiprobe_output(&path, &["--max-wait", "3", "--exact", case]);
    assert_eq!(code, Some(101), "{t}");
    // One wait of 2 s fits a budget of 3 s, a second would not.
    assert_eq!(sent.load(std::sync::atomic::Ordering::SeqCst), 2, "{t}");
}

/// `fortiprobe run | head -1`: the reader goes away; fortiprobe stops as
/// on an interruption, cleans up, prints no panic, and ends with 141.
#[test]
fn a_closed_stdout_stops_the_run_quietly_with_141() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(["run", "--test-threads", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::BufRead as _;
        let out = child.stdout.take().unwrap();
        let mut first = String::new();
        std::io::BufReader::new(out).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader goes away here.
    }
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(141), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("LEFT BEHIND"), "{err}");
    assert!(err.contains("standard output was closed"), "{err}");
}
