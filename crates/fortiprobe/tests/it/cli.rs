//! The binary end to end: exit codes, --list, bad target files, hostile
//! targets, and secrets that never reach the output.

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fortiprobe_mock::MockOptions;
use support::hostile::{self, Reply};

fn fortiprobe(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fortiprobe"));
    cmd.args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("fortiprobe runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn temp_file(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fortiprobe-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("target.yaml");
    std::fs::write(&path, body).expect("write");
    path
}

#[test]
fn embedded_run_passes_and_ends_with_libtest_summary() {
    // A proxy from the environment never stands between fortiprobe and a
    // loopback target (this one refuses every connection).
    let proxy = "http://127.0.0.1:9";
    let o = fortiprobe(
        &["run"],
        &[
            ("HTTP_PROXY", proxy),
            ("HTTPS_PROXY", proxy),
            ("ALL_PROXY", proxy),
            ("http_proxy", proxy),
        ],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let results: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test result: "))
        .collect();
    assert_eq!(results.len(), 1, "one result line: {stdout}");
    assert!(results[0].starts_with("test result: ok."), "{stdout}");
}

#[test]
fn list_shows_sorted_names_with_kinds_destructive_last() {
    let o = fortiprobe(&["run", "--list"], &[]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let trials: Vec<(bool, &str)> = stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(|l| {
            (
                l.contains(" destructive] "),
                l.rsplit(' ').next().unwrap_or(l),
            )
        })
        .collect();
    assert!(trials.len() >= 40, "{stdout}");
    // Every case that only reads comes before every destructive one (they
    // change the listings the others read), each group sorted by name.
    let first_destructive = trials.iter().position(|(d, _)| *d).unwrap_or(trials.len());
    assert!(first_destructive < trials.len(), "{stdout}");
    assert!(
        trials[first_destructive..].iter().all(|(d, _)| *d),
        "{stdout}"
    );
    for group in [&trials[..first_destructive], &trials[first_destructive..]] {
        let names: Vec<&str> = group.iter().map(|(_, n)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }
    assert!(
        stdout.contains(
            "[removed destructive] fortiauthenticator/fortitokens_delete/delete_token: test"
        ),
        "{stdout}"
    );
}

#[test]
fn filter_and_exact_select_trials() {
    let o = fortiprobe(
        &["run", "--exact", "fortiportal/tokens/second_login_is_403"],
        &[],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("1 passed"), "{out}");
}

#[test]
fn bad_target_file_is_exit_2_with_file_and_line_before_any_request() {
    let path = temp_file(
        "bad",
        "fortiauthenticator:\n  url: https://fac.example.net\n  username: a\n  api_kye: x\nfortiportal:\n  url: https://fpc\n  username: a\n  password: ${FORTIPROBE_TEST_UNSET_VAR}\n",
    );
    let o = fortiprobe(&["run", "--config", path.to_str().unwrap_or_default()], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("target.yaml:4:") && err.contains("did you mean `api_key`"),
        "{err}"
    );
    assert!(
        err.contains("target.yaml:8:") && err.contains("FORTIPROBE_TEST_UNSET_VAR"),
        "{err}"
    );
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("running"),
        "no trial ran"
    );
}

#[test]
fn unreachable_target_is_exit_3() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    let path = temp_file(
        "unreachable",
        &format!("fortiportal:\n  url: http://127.0.0.1:{port}\n  username: a\n  password: b-unused-pw-0481\n"),
    );
    let o = fortiprobe(&["run", "--config", path.to_str().unwrap_or_default()], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("fortiportal is unreachable") && err.contains(&port.to_string()),
        "{err}"
    );
}

#[test]
fn bad_usage_is_exit_2() {
    let o = fortiprobe(&["run", "--no-such-flag"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = fortiprobe(&["run", "--mock-key-order", "sideways"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_documents_exit_codes() {
    let o = fortiprobe(&["run", "--help"], &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "--config",
        "--allow-destructive",
        "--strict",
        "--framework",
        "--deny-deviations",
        "--timeout",
        "--exact",
        "--skip",
        "--test-threads",
        "--format",
        "101",
        "  3 ",
    ] {
        assert!(out.contains(needle), "--help lacks {needle}:\n{out}");
    }
}

/// A target that answers garbage of every kind: every case fails with a
/// message saying what came back; nothing panics; hangs end at the timeout.
#[test]
fn hostile_target_fails_cleanly_within_timeouts() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let url = rt.block_on(hostile::serve(|req| {
        if req.contains("tokenlogin") {
            hostile::http(
                "200 OK",
                "application/json",
                b"{\"token\": \"abc\", \"expiry\": ",
            )
        } else if req.contains("token/temp") {
            Reply::Hang
        } else if req.contains("login") {
            hostile::http(
                "500 Internal Server Error",
                "text/html",
                b"<!DOCTYPE html><html><body>Server Error</body></html>",
            )
        } else if req.starts_with("DELETE") {
            Reply::Raw(b"HTTP/1.1 204 No Content\r\nContent-Le".to_vec())
        } else {
            hostile::http("200 OK", "application/json", &[0xff, 0xfe, 0x00, 0x41])
        }
    }));
    let path = temp_file(
        "hostile",
        &format!(
            "fortiauthenticator:\n  url: {url}\n  username: a\n  api_key: k3y-value\n  fixtures: {{deletable_token_serial: X}}\nfortitoken_cloud:\n  url: {url}\n  client_id: c\n  client_secret: s3cret-value\n  fixtures: {{temp_token_user: u}}\nfortiportal:\n  url: {url}\n  username: a\n  password: pa55word\n"
        ),
    );
    let started = Instant::now();
    let o = fortiprobe(
        &[
            "run",
            "--config",
            path.to_str().unwrap_or_default(),
            "--timeout",
            "2",
            "--allow-destructive",
            "--test-threads",
            "4",
        ],
        &[],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(101), "{out}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    assert!(!out.contains("panicked"), "{out}");
    assert!(out.contains("0 passed"), "{out}");
    assert!(
        out.contains("timeout"),
        "a hang is reported as a timeout:\n{out}"
    );
    assert!(
        out.contains("an HTML page"),
        "an HTML error page is named:\n{out}"
    );
    assert!(out.contains("not UTF-8") || out.contains("JSON"), "{out}");
}

/// Secrets in every form they travel in never reach stdout or stderr, even
/// from a target that echoes them back in its answers.
#[test]
fn secrets_never_printed_even_when_echoed() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let url = rt.block_on(hostile::serve(|req| {
        // Echo the request body and the Authorization header first thing.
        let (head, body) = req.split_once("\r\n\r\n").unwrap_or((req, ""));
        let auth = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("authorization"))
            .unwrap_or("");
        let echo = format!("{body} {auth} {head}");
        hostile::http("418 I'm a teapot", "text/plain", echo.as_bytes())
    }));
    let secrets = [
        ("FP_KEY", "Key-0f-the-Admin+/="),
        ("FP_SECRET", "cl!ent secret&x"),
        ("FP_PASS", "p@ssw0rd:%42"),
    ];
    let path = temp_file(
        "secrets",
        &format!(
            "fortiauthenticator:\n  url: {url}\n  username: apiadmin\n  api_key: ${{FP_KEY}}\nfortitoken_cloud:\n  url: {url}\n  client_id: cid\n  client_secret: ${{FP_SECRET}}\nfortiportal:\n  url: {url}\n  username: portaladmin\n  password: ${{FP_PASS}}\n"
        ),
    );
    let reports = path.with_file_name("reports");
    let _ = std::fs::remove_dir_all(&reports);
    let (junit, json, html, baseline) = (
        reports.join("junit.xml"),
        reports.join("report.json"),
        reports.join("report.html"),
        reports.join("baseline"),
    );
    std::fs::create_dir_all(&reports).expect("reports dir");
    let o = fortiprobe(
        &[
            "run",
            "--config",
            path.to_str().unwrap_or_default(),
            "--timeout",
            "5",
            "--junit",
            junit.to_str().unwrap_or_default(),
            "--json",
            json.to_str().unwrap_or_default(),
            "--html",
            html.to_str().unwrap_or_default(),
            "-vv",
            "--baseline",
            baseline.to_str().unwrap_or_default(),
            "--record",
        ],
        &secrets,
    );
    let mut out = text(&o);
    assert_eq!(o.status.code(), Some(101), "{out}");
    // Every file written: the reports and the baseline snapshots.
    let mut files = vec![junit, json, html];
    files.extend(
        std::fs::read_dir(&baseline)
            .expect("baseline written")
            .map(|e| e.expect("entry").path()),
    );
    assert!(files.len() > 10, "{files:?}");
    for f in &files {
        out.push_str(&std::fs::read_to_string(f).expect("report written"));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    for (_, s) in secrets {
        let forms = [
            s.to_string(),
            url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>(),
            b64.encode(s),
            b64.encode(format!("apiadmin:{s}")),
            serde_json::to_string(s)
                .unwrap_or_default()
                .trim_matches('"')
                .to_string(),
        ];
        for f in forms {
            assert!(!out.contains(&f), "secret form {f:?} printed:\n{out}");
        }
    }
    assert!(
        out.contains("[redacted]"),
        "the echo was there to be redacted:\n{out}"
    );
}

/// The binary with a target file runs against a server it did not start.
#[test]
fn target_file_runs_against_a_separate_server() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let m = rt
        .block_on(fortiprobe_mock::spawn(
            MockOptions {
                seed: 3,
                ..MockOptions::default()
            },
            0,
        ))
        .expect("mock");
    let yaml = fortiprobe::embedded::mock_target_yaml(&m.url(), m.credentials(), None);
    let path = temp_file("separate", &yaml);
    let o = fortiprobe(
        &[
            "run",
            "--config",
            path.to_str().unwrap_or_default(),
            "--allow-destructive",
        ],
        &[],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("ignored (framework behaviour"), "{out}");
}

#[test]
fn the_case_catalogue_in_the_repository_is_up_to_date() {
    let o = fortiprobe(&["cases", "--markdown"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let committed = std::fs::read_to_string(support::project().join("CASES.md")).expect("CASES.md");
    assert!(
        String::from_utf8_lossy(&o.stdout) == committed,
        "CASES.md is out of date: run `cargo run -- cases --markdown > CASES.md`"
    );
    let plain = fortiprobe(&["cases"], &[]);
    let plain = text(&plain);
    for needle in [
        "fortiauthenticator/fortitokens_pagination",
        "walk_limit_7",
        "pagination · doc",
        "walk with limit=7",
        "filter serial__iexact=<listed, case changed>",
        "sequence, destructive",
    ] {
        assert!(plain.contains(needle), "{needle} missing from:\n{plain}");
    }
}

#[test]
fn baselines_record_compare_and_diff_from_any_folder() {
    let work = std::env::temp_dir().join(format!("fortiprobe-bl-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
            .current_dir(&work)
            .args(args)
            .output()
            .expect("runs")
    };
    let o = run(&["run", "--baseline", "before", "--record"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(work
        .join("before/fortiportal__tokens__token_lifecycle.snap")
        .is_file());
    let o = run(&["run", "--baseline", "before"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&[
        "run",
        "--baseline",
        "before",
        "--fault",
        "ftc-temp-200",
        "--html",
        "changes.html",
    ]);
    assert_eq!(o.status.code(), Some(101), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("differs from the baseline"), "{t}");
    assert!(t.contains("/exchanges/0/status: 201 → 200"), "{t}");
    let html = std::fs::read_to_string(work.join("changes.html")).expect("html");
    let changes = html
        .split("<section id=\"changes\">")
        .nth(1)
        .expect("the changes against the baseline");
    assert!(
        changes.contains("/exchanges/0/status: 201 → 200"),
        "{changes}"
    );
    let o = run(&[
        "run",
        "--baseline",
        "after",
        "--record",
        "--fault",
        "ftc-temp-200",
    ]);
    assert_eq!(o.status.code(), Some(101), "{}", text(&o));
    let o = run(&["diff", "before", "after"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.starts_with("API changes: before → after\n5 cases changed"),
        "{t}"
    );
    assert!(t.contains("fortitoken_cloud/token_temp"), "{t}");
    assert!(t.contains("status 201 → 200"), "{t}");
    let o = run(&["diff", "before", "after", "--html"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!page.contains("<script"), "{page}");
    let o = run(&["diff", "before", "after", "--html", "--markdown"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = run(&["diff", "before", "before"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(&["run", "--baseline", "missing"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("record one first with --record"));
}

#[test]
fn ctrl_c_logs_out_the_token_of_the_running_case_and_says_so() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let m = rt
        .block_on(fortiprobe_mock::spawn(MockOptions::default(), 0))
        .expect("mock");
    let c = m.credentials().clone();
    let yaml = format!(
        "fortiportal:\n  url: {}\n  username: {}\n  password: {}\n",
        m.url(),
        c.fpc_username,
        c.fpc_password
    );
    let path = temp_file("ctrl-c", &yaml);
    // At 0.5 requests a second: the probe at 0 s, the login at 2 s, the
    // logout at 4 s. Interrupted at 3 s, the token is held.
    let child = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args([
            "run",
            "--config",
            path.to_str().unwrap_or_default(),
            "--rate",
            "0.5",
            "--exact",
            "fortiportal/tokens/login_logout_with_ttl",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(3000));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let o = child.wait_with_output().expect("wait");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(130), "{:?} {t}", o.status);
    assert!(t.contains("interrupted (SIGINT); cleaning up"), "{t}");
    assert!(
        t.contains("cleaned up fortiportal/tokens/login_logout_with_ttl: `token`")
            || t.contains("nothing left to clean up"),
        "{t}"
    );
    assert!(!t.contains("LEFT BEHIND"), "{t}");
    assert!(!t.contains(&c.fpc_password), "{t}");
    // The one-token rule: a login succeeds only if the token was logged out.
    let status = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{}/fpc/api/auth/tokenlogin/", m.url()))
            .json(&serde_json::json!({"username": c.fpc_username, "password": c.fpc_password}))
            .send()
            .await
            .expect("login")
            .status()
            .as_u16()
    });
    assert_eq!(status, 200, "the interrupted run left a token behind");
}

fn temp_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fortiprobe-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, body) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("temp dir");
        std::fs::write(&path, body).expect("write");
    }
    dir
}

const EXTRA_CASE: &str = "product: fortiauthenticator
endpoint: my_fortitokens
about: a user's own case, added without recompiling
cases:
  - name: list_limit_3
    summary: limit=3 answers at most three objects
    steps:
      - request:
          path: /api/v1/fortitokens/
          query: [format: json, limit: 3]
          schema: fortiauthenticator/fortitokens-list-query.json
        expect:
          status: 200
          schema: fortiauthenticator/fortitokens-list.json
          fields:
            - {at: /objects, max_length: 3}
";

/// The number of case files the suite's cases come from.
fn case_files(suite: &fortiprobe::suite::Suite) -> usize {
    let files: std::collections::BTreeSet<&str> = suite
        .cases
        .iter()
        .map(|c| {
            c.origin
                .rsplit_once(':')
                .map_or(c.origin.as_str(), |(f, _)| f)
        })
        .collect();
    files.len()
}

#[test]
fn check_validates_the_suite_without_a_target() {
    let o = fortiprobe(&["check"], &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let line = out.trim_end();
    let suite = support::suite();
    assert_eq!(
        line,
        format!(
            "ok: {} schemas, {} cases in {} case files",
            suite.schemas.names().count(),
            suite.cases.len(),
            case_files(&suite)
        )
    );
    assert_eq!(line, fortiprobe::cli::check_summary(&suite));
    assert_eq!(line.lines().count(), 1, "{line}");
    let o = fortiprobe(
        &["check", "--suite", support::project().to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim_end(), line);
}

#[test]
fn extra_cases_folder_is_checked_listed_and_run() {
    let dir = temp_dir("extra-ok", &[("sub/mine.yaml", EXTRA_CASE)]);
    let d = dir.to_str().unwrap_or_default();
    let plain = fortiprobe(&["check"], &[]);
    let o = fortiprobe(&["check", "--cases", d], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let count = |o: &Output| -> usize {
        let s = String::from_utf8_lossy(&o.stdout);
        let after = s.split(", ").nth(1).unwrap_or_default();
        after
            .split(' ')
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or(0)
    };
    assert_eq!(count(&o), count(&plain) + 1, "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).ends_with(&format!(
            " in {} case files\n",
            case_files(&support::suite()) + 1
        )),
        "{}",
        text(&o)
    );

    let o = fortiprobe(&["run", "--cases", d, "--list"], &[]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        stdout.contains("[exchange] fortiauthenticator/my_fortitokens/list_limit_3: test"),
        "{stdout}"
    );
    assert!(stdout.contains("fortiportal/tokens/second_login_is_403"));

    let o = fortiprobe(
        &[
            "run",
            "--cases",
            d,
            "--exact",
            "fortiauthenticator/my_fortitokens/list_limit_3",
        ],
        &[],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("1 passed"), "{out}");
}

#[test]
fn broken_extra_case_file_is_exit_2_with_file_and_line() {
    // Two broken cases: both errors are reported, each with its line.
    let broken = EXTRA_CASE.replace("    summary:", "    sumary:")
        + "  - name: bad_status
    summary: a status that does not exist
    steps:
      - request:
          path: /api/v1/fortitokens/
        expect:
          status: 2000
";
    let dir = temp_dir(
        "extra-broken",
        &[
            ("good.yaml", &EXTRA_CASE.replace("my_fortitokens", "good")),
            ("broken.yaml", &broken),
        ],
    );
    let d = dir.to_str().unwrap_or_default();
    let o = fortiprobe(&["check", "--cases", d], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(o.stdout.is_empty(), "{}", text(&o));
    assert!(
        err.contains("broken.yaml:6:") && err.contains("did you mean `summary`"),
        "{err}"
    );
    assert!(
        err.contains("broken.yaml:23:") && err.contains("2000"),
        "{err}"
    );
    assert!(err.contains("fortiprobe check: 2 errors"), "{err}");
    assert!(!err.contains("good.yaml"), "{err}");
    let o = fortiprobe(&["run", "--cases", d, "--list"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("broken.yaml:6:"),
        "{}",
        text(&o)
    );
    let o = fortiprobe(&["check", "--cases", "/nonexistent/fortiprobe-cases"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn openapi_prints_or_writes_the_same_document() {
    let a = fortiprobe(&["openapi"], &[]);
    assert_eq!(a.status.code(), Some(0), "{}", text(&a));
    let doc: serde_json::Value = serde_json::from_slice(&a.stdout).expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    let dir = temp_dir("openapi", &[]);
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("openapi.json");
    let b = fortiprobe(
        &["openapi", "--output", file.to_str().unwrap_or_default()],
        &[],
    );
    assert_eq!(b.status.code(), Some(0), "{}", text(&b));
    assert!(b.stdout.is_empty());
    assert_eq!(std::fs::read(&file).expect("written"), a.stdout);
}

#[test]
fn embedded_run_over_tls_passes() {
    let o = fortiprobe(&["run", "--mock-tls"], &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("test result: ok."), "{out}");
}

/// `fortiprobe mock --mock-tls` prints an https URL and a target file whose
/// `ca_cert` points at the certificate it wrote; a run with that file passes.
#[test]
fn served_tls_mock_prints_a_target_file_that_trusts_it() {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(["mock", "--mock-tls"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("fortiprobe mock starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let mut in_portal = false;
    while let Some(Ok(line)) = lines.next() {
        in_portal |= line.starts_with("fortiportal:");
        let done = in_portal && line.starts_with("  password:");
        printed.push(line);
        if done {
            break;
        }
    }
    let printed = printed.join("\n");
    let yaml = printed
        .split_once("# target file")
        .map(|(_, rest)| format!("# target file{rest}\n"))
        .unwrap_or_default();
    let ca_lines: Vec<&str> = yaml
        .lines()
        .filter(|l| l.starts_with("  ca_cert: "))
        .collect();
    let urls = yaml
        .lines()
        .filter(|l| l.starts_with("  url: https://127.0.0.1:"));
    assert_eq!(urls.count(), 3, "{printed}");
    assert_eq!(ca_lines.len(), 3, "{printed}");
    let ca_path: String =
        serde_json::from_str(ca_lines[0].trim_start_matches("  ca_cert: ")).expect("quoted path");
    let pem = std::fs::read_to_string(&ca_path).expect("the certificate was written");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let path = temp_file("served-tls", &yaml);
    let o = fortiprobe(
        &[
            "run",
            "--config",
            path.to_str().unwrap_or_default(),
            "fortiportal/",
        ],
        &[],
    );
    let _ = child.kill();
    let _ = child.wait();
    // Killed, the mock could not remove its folder itself.
    if let Some(dir) = std::path::Path::new(&ca_path).parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("test result: ok."), "{out}");
    assert!(!out.contains(" 0 passed"), "{out}");
}

/// Against an HTTPS target with a certificate nobody vouched for: exit 3
/// naming the host and the TLS failure; `insecure_tls: true` gets through.
#[test]
fn an_untrusted_certificate_is_a_tls_failure_unless_insecure_tls() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let m = rt
        .block_on(fortiprobe_mock::spawn(
            MockOptions {
                tls: true,
                ..MockOptions::default()
            },
            0,
        ))
        .expect("mock");
    let c = m.credentials().clone();
    let portal = |extra: &str| {
        format!(
            "fortiportal:\n  url: {}\n  username: {}\n  password: {}\n{extra}",
            m.url(),
            c.fpc_username,
            c.fpc_password
        )
    };
    let path = temp_file("untrusted", &portal(""));
    let o = fortiprobe(&["run", "--config", path.to_str().unwrap_or_default()], &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(t.contains("TLS failure with 127.0.0.1:"), "{t}");
    assert!(t.to_ascii_lowercase().contains("certificate"), "{t}");
    let path = temp_file("insecure", &portal("  insecure_tls: true\n"));
    let o = fortiprobe(
        &[
            "run",
            "--config",
            path.to_str().unwrap_or_default(),
            "fortiportal/",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// A target file's errors name the key and what is wrong, never a value:
/// a number where a secret belongs, an invalid URL, user information in a
/// URL (refused), a secret too short or a word of the APIs (refused).
#[test]
fn target_file_errors_never_show_a_value() {
    let check = |name: &str, body: &str, envs: &[(&str, &str)], want: &[&str], secrets: &[&str]| {
        let path = temp_file(name, body);
        let o = fortiprobe(
            &["run", "--config", path.to_str().unwrap_or_default()],
            envs,
        );
        let err = text(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        for w in want {
            assert!(err.contains(w), "{name}: `{w}` missing from:\n{err}");
        }
        for s in secrets {
            assert!(!err.contains(s), "{name}: `{s}` shown:\n{err}");
        }
        assert!(!err.contains("running"), "{name}: no trial ran:\n{err}");
    };
    check(
        "types",
        "fortiauthenticator:\n  url: https://fac.example.net\n  username: a\n  api_key: 98765432109\nfortitoken_cloud:\n  url: https://ftc.example.net\n  client_id: c\n  client_secret: 1234.5678\n  fixtures: {temp_token_user: 4242424242}\nfortiportal:\n  url: https://fpc.example.net\n  username: a\n  password: 31415926535\n  insecure_tls: Zz9-flag\n",
        &[],
        &[
            "target.yaml:4: `api_key` must be a string, not a number",
            "target.yaml:8: `client_secret` must be a string, not a number",
            "target.yaml:9: fixture `temp_token_user` must be a string",
            "target.yaml:13: `password` must be a string, not a number",
            "target.yaml:14: `insecure_tls` is true or false, not a string",
        ],
        &["98765432109", "1234.5678", "4242424242", "31415926535", "Zz9-flag"],
    );
    check(
        "urls",
        "fortiauthenticator:\n  url: \"not a URL Zz9-in-url\"\n  username: a\n  api_key: ${K}\nfortitoken_cloud:\n  url: https://ftc.example.net:9696/api?key=Zz9-in-query\n  client_id: c\n  client_secret: ${K}\nfortiportal:\n  url: https://portaladmin:Zz9-in-userinfo@fpc.example.net:8443\n  username: portaladmin\n  password: ${K}\n",
        &[("K", "a-long-enough-secret")],
        &[
            "target.yaml:2: `url` is not an http(s) URL",
            "target.yaml:6: `url` has a path, query or fragment",
            "target.yaml:10: `url` holds a user name or password",
            "https://fpc.example.net:8443",
        ],
        &["Zz9", "portaladmin:"],
    );
    check(
        "weak",
        "fortiauthenticator:\n  url: https://fac.example.net\n  username: a\n  api_key: ${K}\nfortiportal:\n  url: https://fpc.example.net\n  username: a\n  password: ${P}\n",
        &[("K", "Zz9kk"), ("P", "Total_Count")],
        &[
            "target.yaml:4: `api_key` is shorter than 8 characters",
            "target.yaml:8: `password` shares 8 characters or more with a word fortiprobe prints itself",
        ],
        &["Zz9kk", "Total_Count"],
    );
}

/// Every unknown key of a target section is named, not only the first.
#[test]
fn every_unknown_key_of_a_target_section_is_named() {
    let path = temp_file(
        "unknown-keys",
        "fortiportal:\n  url: https://fpc.example.net\n  usernme: a\n  pasword: b-long-password\n  ttl: 3\n",
    );
    let o = fortiprobe(&["run", "--config", path.to_str().unwrap_or_default()], &[]);
    let err = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for (line, key) in [(3, "usernme"), (4, "pasword"), (5, "ttl")] {
        assert!(
            err.contains(&format!("target.yaml:{line}: unknown key `{key}`")),
            "{key}: {err}"
        );
    }
}

/// The binary with a deadline: a run that blocks (a FIFO read before its
/// type was checked) is killed and fails the test instead of hanging it.
fn fortiprobe_within(args: &[&str], secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("fortiprobe starts");
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let o = child.wait_with_output().expect("output");
            panic!(
                "fortiprobe {args:?} still running after {secs} s: {}",
                text(&o)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

/// A FIFO as `--config`, or in a `--cases` folder, is refused at once; so
/// is a target file over 16 MiB.
#[cfg(unix)]
#[test]
fn a_fifo_as_config_or_case_file_is_refused_not_read_forever() {
    let dir = std::env::temp_dir().join(format!("fortiprobe-test-{}-fifo", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("cases")).expect("mkdir");
    for p in [dir.join("target.yaml"), dir.join("cases").join("c.yaml")] {
        let ok = Command::new("mkfifo")
            .arg(&p)
            .status()
            .expect("mkfifo")
            .success();
        assert!(ok);
    }
    let config = dir.join("target.yaml");
    let o = fortiprobe_within(
        &["run", "--config", config.to_str().unwrap_or_default()],
        20,
    );
    let err = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("target.yaml") && err.contains("FIFO"), "{err}");
    // A target file over 16 MiB is refused by its size, unread.
    let big = dir.join("big.yaml");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(16 * 1024 * 1024 + 1))
        .expect("sparse file");
    let o = fortiprobe_within(&["run", "--config", big.to_str().unwrap_or_default()], 20);
    let err = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("big.yaml") && err.contains("over the 16 MiB"),
        "{err}"
    );
    let cases = dir.join("cases");
    let o = fortiprobe_within(
        &["check", "--cases", cases.to_str().unwrap_or_default()],
        20,
    );
    let err = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("c.yaml") && err.contains("FIFO"), "{err}");
}

/// `--strict` is two choices: running the framework-behaviour cases
/// (`--framework`) and failing known deviations (`--deny-deviations`);
/// each has its switch and the summary says which are on.
#[test]
fn framework_and_deny_deviations_are_separate_switches_and_the_summary_names_them() {
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "fortiauthenticator/fortitokens/"];
        args.extend_from_slice(extra);
        let o = fortiprobe(&args, &[]);
        assert!(o.status.success(), "{}", text(&o));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let plain = run(&[]);
    assert!(plain.contains("options: --framework off"), "{plain}");
    assert!(plain.contains("--deny-deviations off"), "{plain}");
    assert!(
        plain.contains("list_offset_past_end: framework behaviour the vendor docs do not promise: run with --framework"),
        "{plain}"
    );
    let framework = run(&["--framework"]);
    assert!(framework.contains("options: --framework on"), "{framework}");
    assert!(framework.contains("--deny-deviations off"), "{framework}");
    assert!(framework.contains("0 ignored;"), "{framework}");
    let deny = run(&["--deny-deviations"]);
    assert!(deny.contains("options: --framework off"), "{deny}");
    assert!(deny.contains("--deny-deviations on"), "{deny}");
    let strict = run(&["--strict"]);
    assert!(strict.contains("options: --framework on"), "{strict}");
    assert!(strict.contains("--deny-deviations on"), "{strict}");
}

/// `fortiprobe explain` answers offline from the binary, for a case and a
/// fault, and names the closest valid names for one it does not know.
#[test]
fn explain_names_the_rule_its_basis_and_the_vendor_pages() {
    let o = fortiprobe(&["explain", "fortitokens_filters/filter_serial_exact"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "fortiauthenticator/fortitokens_filters/filter_serial_exact",
        "What it checks:",
        "Basis:\n  doc",
        "FortiTokens (/fortitokens/)",
        "6.5.5",
        "https://docs.fortinet.com/document/fortiauthenticator/6.5.5/rest-api-solution-guide/875895",
        "docs/api-notes.md §5",
    ] {
        assert!(out.contains(needle), "{needle} missing from:\n{out}");
    }
    let o = fortiprobe(&["explain", "fpc-ttl-days-unchecked"], &[]);
    let out = text(&o);
    assert!(o.status.success() || out.contains("the closest"), "{out}");
    let o = fortiprobe(&["explain", "fac-lockd-string"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o)
            .contains("no case or fault named `fac-lockd-string`; the closest: fac-locked-string"),
        "{}",
        text(&o)
    );
}
