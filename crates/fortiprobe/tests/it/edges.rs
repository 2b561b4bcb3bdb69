//! The edges of a run (issue 24): a standard output closed while a case
//! runs, and signals before the first case, during the reachability
//! probes. Each stops the run the documented way.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::hostile::{self, Reply};

/// A FortiAuthenticator that answers every request after `wait` (POSTs
/// with 201 and a `Location`, lists empty) and logs each request line.
fn slow_fac(rt: &tokio::runtime::Runtime, wait: Duration, log: Arc<Mutex<Vec<String>>>) -> String {
    rt.block_on(hostile::serve(move |req| {
        let first = req.lines().next().unwrap_or_default().to_string();
        log.lock().unwrap().push(first.clone());
        let head = if first.starts_with("POST ") {
            let kind = first.split('/').nth(3).unwrap_or("x");
            format!("201 Created\r\nLocation: /api/v1/{kind}/7/")
        } else {
            "200 OK".to_string()
        };
        let body = if first.starts_with("GET /api/v1/") && first.contains('?') {
            r#"{"meta": {"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 0}, "objects": []}"#
        } else {
            ""
        };
        let Reply::Raw(bytes) = hostile::http(&head, "application/json", body.as_bytes()) else {
            unreachable!()
        };
        if first.starts_with("GET / ") {
            Reply::Raw(bytes)
        } else {
            Reply::Delayed(wait, bytes)
        }
    }))
}

fn target(dir: &std::path::Path, url: &str) -> std::path::PathBuf {
    let path = dir.join("target.yaml");
    std::fs::write(
        &path,
        format!("fortiauthenticator:\n  url: {url}\n  username: admin\n  api_key: a-long-api-key-0123\n"),
    )
    .unwrap();
    path
}

/// `fortiprobe run | head -c N` where the reader goes while a case waits
/// for an answer, between two lines of output: no new step starts, and
/// the run ends with 141 without waiting for a write to fail (which would
/// come only when the case ends, all its steps sent).
#[test]
fn a_stdout_closed_between_two_lines_stops_new_steps_at_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let url = slow_fac(&rt, Duration::from_millis(1500), Arc::clone(&log));
    let dir = tempfile::tempdir().unwrap();
    let config = target(dir.path(), &url);
    let mut child = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args([
            "run",
            "--config",
            config.to_str().unwrap(),
            "--allow-destructive",
        ])
        // One case at a time: libtest writes a case's name as it starts.
        .args([
            "--test-threads",
            "1",
            "--exact",
            "fortiauthenticator/usergroups/create_read_update_delete",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut out = child.stdout.take().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 256];
        // The case's line is written (without its outcome) as it starts.
        while !String::from_utf8_lossy(&seen).contains("usergroups/create_read_update_delete ... ")
        {
            let n = out.read(&mut buf).unwrap();
            assert!(n > 0, "{}", String::from_utf8_lossy(&seen));
            seen.extend_from_slice(&buf[..n]);
        }
        // The reader goes here, while the case's first request waits for its answer.
    }
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(141), "{err}");
    assert!(err.contains("standard output was closed"), "{err}");
    // The close came while the case waited for its first answers (the
    // index, or the POST): its later steps (the list by name, the object
    // read back) never started; only its cleanup may have run.
    let log = log.lock().unwrap();
    assert!(
        !log.iter()
            .any(
                |l| (l.starts_with("GET /api/v1/usergroups/?") && l.contains("name=fortiprobe-"))
                    || l.starts_with("GET /api/v1/usergroups/7/")
            ),
        "a step started after standard output was closed: {log:#?}\n{err}"
    );
}

/// SIGINT, SIGTERM or SIGHUP while the first probes wait for a target that
/// is slow to answer: the run says it was interrupted before any case (there is
/// nothing to clean up) and ends with 128 + the signal's number.
#[test]
fn a_signal_during_the_first_probes_ends_the_run_with_its_code() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for (sig, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = Arc::clone(&log);
        let url = rt.block_on(hostile::serve(move |req| {
            seen.lock()
                .unwrap()
                .push(req.lines().next().unwrap_or_default().to_string());
            Reply::Hang
        }));
        let dir = tempfile::tempdir().unwrap();
        let config = target(dir.path(), &url);
        let child = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
            .args([
                "run",
                "--config",
                config.to_str().unwrap(),
                "--timeout",
                "20",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while log.lock().unwrap().is_empty() {
            assert!(started.elapsed() < Duration::from_secs(20), "no probe came");
            std::thread::sleep(Duration::from_millis(20));
        }
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "SIG{sig}: {err}");
        assert!(err.contains(&format!("interrupted (SIG{sig})")), "{err}");
        assert!(err.contains("before any case"), "{err}");
    }
}

fn fortiprobe_run(config: &std::path::Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(["run", "--config", config.to_str().unwrap()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn kill(child: &std::process::Child, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Waits until `log` holds a line starting with `what`.
fn wait_for(log: &Mutex<Vec<String>>, what: &str) {
    let started = Instant::now();
    while !log.lock().unwrap().iter().any(|l| l.starts_with(what)) {
        assert!(started.elapsed() < Duration::from_secs(30), "no {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A second signal while the cleanup waits for a target that does not
/// answer ends the process at once (not after the request timeout), with
/// 128 + its number, saying what may be left.
#[test]
fn a_second_signal_during_the_cleanup_ends_the_process_at_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&log);
    let url = rt.block_on(hostile::serve(move |req| {
        let first = req.lines().next().unwrap_or_default().to_string();
        seen.lock().unwrap().push(first.clone());
        if first.starts_with("POST /fpc/api/auth/tokenlogin/") {
            hostile::http(
                "200 OK",
                "application/json",
                br#"{"expiry": null, "token": "0123456789abcdef0123456789abcdef"}"#,
            )
        } else if first.starts_with("GET / ") {
            hostile::http("200 OK", "text/plain", b"")
        } else {
            Reply::Hang
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("target.yaml");
    std::fs::write(
        &config,
        format!(
            "fortiportal:\n  url: {url}\n  username: portal-admin\n  password: a-long-pw-value-1\n"
        ),
    )
    .unwrap();
    let child = fortiprobe_run(
        &config,
        &[
            "--timeout",
            "30",
            "--exact",
            "fortiportal/tokens/login_without_ttl_expiry_is_null",
        ],
    );
    wait_for(&log, "POST /fpc/api/auth/tokenlogin/");
    std::thread::sleep(Duration::from_millis(300));
    kill(&child, "TERM");
    wait_for(&log, "POST /fpc/api/auth/tokenlogout/");
    std::thread::sleep(Duration::from_millis(300));
    let again = Instant::now();
    kill(&child, "TERM");
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        again.elapsed() < Duration::from_secs(10),
        "{:?}: {err}",
        again.elapsed()
    );
    assert_eq!(o.status.code(), Some(143), "{err}");
    assert!(err.contains("SIGTERM again: stopping now"), "{err}");
}

/// An interruption cuts a `Retry-After` wait short: a target that asks
/// for 100 s is left after at most twice the request timeout, and the run
/// ends with 130.
#[test]
fn an_interruption_cuts_a_long_retry_after_wait_short() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&log);
    let url = rt.block_on(hostile::serve(move |req| {
        let first = req.lines().next().unwrap_or_default().to_string();
        seen.lock().unwrap().push(first.clone());
        if first.starts_with("GET / ") {
            return hostile::http("200 OK", "text/plain", b"");
        }
        hostile::http(
            "429 Too Many Requests\r\nRetry-After: 100",
            "application/json",
            b"{}",
        )
    }));
    let dir = tempfile::tempdir().unwrap();
    let config = target(dir.path(), &url);
    let child = fortiprobe_run(
        &config,
        &[
            "--timeout",
            "2",
            "--max-wait",
            "300",
            "--exact",
            "fortiauthenticator/fortitokens/list_format_json",
        ],
    );
    wait_for(&log, "GET /api/v1/fortitokens/");
    std::thread::sleep(Duration::from_millis(300));
    let interrupted = Instant::now();
    kill(&child, "INT");
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    // Twice the timeout (4 s), and room for a loaded machine; not 100 s.
    assert!(
        interrupted.elapsed() < Duration::from_secs(20),
        "{:?}: {err}",
        interrupted.elapsed()
    );
}
