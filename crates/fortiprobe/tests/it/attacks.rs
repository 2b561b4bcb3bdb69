//! A target that answers what an attacker chooses (issue 24), on loopback:
//! escape sequences in every value, header and body (the terminal's title,
//! its clipboard through OSC 52, a cleared screen and scrollback, C1 and
//! bidi controls), and `Location`s that try to break out of a shell
//! word. Nothing of it may reach a terminal raw, and no printed command
//! line may run anything but curl.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::hostile;

/// What the target puts in every value it controls.
const EVIL: &str = "\u{1b}]0;PWNED-TITLE\u{7}\u{1b}]2;PWNED-TITLE\u{1b}\\\u{1b}kPWNED-NAME\u{1b}\\\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]52;p;cHduZWQ=\u{7}\u{9d}0;PWNED-C1\u{9c}\u{1b}[2J\u{1b}[3J\u{1b}c\u{202e}dessap\u{202c}\u{7f}";

/// The API key of the target file (the target echoes it into Locations,
/// so the request bodies that carry them have a field to redact).
const KEY: &str = "hostile-test-key-0123";

/// A FortiAuthenticator that lists one token whose every field is `EVIL`,
/// puts `EVIL` in a header of every answer and in every error body, and
/// answers each POST with a `Location` built to break a shell word.
fn evil_fac(rt: &tokio::runtime::Runtime, flag: &Path) -> String {
    // The flag's path with each `/` written as bash's `$'\057'`: a run
    // would still touch it, and the URIs that carry it stay one segment, as
    // a resource URI's pattern asks (a request that breaks its schema is not
    // sent, so no curl line would carry it).
    let flag = flag.display().to_string().replace('/', "$'\\057'");
    rt.block_on(hostile::serve(move |req| {
        let first = req.lines().next().unwrap_or_default().to_string();
        // HTTP refuses C0 controls in a header, not the bytes of C1 or bidi ones.
        let header = "X-Evil: \u{9b}2J\u{9d}0;PWNED-HDR\u{9c}\u{202e}";
        let answer = |status: &str, extra: &str, body: String| {
            hostile::http(
                &format!("{status}\r\n{header}{extra}"),
                "application/json",
                body.as_bytes(),
            )
        };
        let evil = serde_json::to_string(EVIL).unwrap();
        if first.starts_with("GET / ") {
            return answer("200 OK", "", String::new());
        }
        if first.starts_with("GET /api/v1/ ") || first.starts_with("GET /api/v1/?") {
            let body = r#"{"fortitokens": {}, "localusers": {}, "usergroups": {}, "localgroup-memberships": {}}"#;
            return answer("200 OK", "", body.to_string());
        }
        if first.starts_with("GET /api/v1/fortitokens/?") {
            let body = format!(
                r#"{{"meta": {{"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 1}}, "objects": [{{"resource_uri": "/api/v1/fortitokens/1/", "serial": "FTKMOB0000000001", "type": "ftm", "status": "available", "license": {evil}, "locked": false}}]}}"#
            );
            return answer("200 OK", "", body);
        }
        let kind = first.split('/').nth(3).unwrap_or("x");
        let evil_uri =
            format!("/api/v1/{kind}/7{KEY}\u{e000}'\"$(touch {flag})\"'\u{e000}`touch {flag}`/");
        if first.starts_with("POST /api/v1/") {
            return answer("201 Created", &format!("\r\nLocation: {evil_uri}"), String::new());
        }
        if first.starts_with("GET /api/v1/fortitokens/1/") {
            let body = format!(
                r#"{{"resource_uri": "/api/v1/fortitokens/1/", "serial": "FTKMOB0000000001", "type": "ftm", "status": "available", "license": {evil}, "locked": false}}"#
            );
            return answer("200 OK", "", body);
        }
        if first.starts_with("GET /api/v1/localgroup-memberships/?") {
            let body = r#"{"meta": {"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 0}, "objects": []}"#;
            return answer("200 OK", "", body.to_string());
        }
        // A user or group looked up by its name is listed at that URI too, so
        // a case that finds what it made by name sends it on (a membership).
        if first.starts_with("GET /api/v1/localusers/?") || first.starts_with("GET /api/v1/usergroups/?") {
            let target = first.split(' ').nth(1).unwrap_or_default();
            let name = target.split(['?', '&']).find_map(|p| {
                ["username=", "name=", "username__exact=", "name__exact="]
                    .iter()
                    .find_map(|k| p.strip_prefix(k))
            });
            if let Some(name) = name {
                let object = serde_json::json!({"resource_uri": evil_uri, "username": name, "name": name});
                let body = format!(
                    r#"{{"meta": {{"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 1}}, "objects": [{object}]}}"#
                );
                return answer("200 OK", "", body);
            }
        }
        answer("404 Not Found", "", format!(r#"{{"error": {evil}}}"#))
    }))
}

fn target_file(dir: &Path, url: &str) -> PathBuf {
    let path = dir.join("target.yaml");
    std::fs::write(
        &path,
        // The token the target lists, named so that the provisioning flow runs
        // and puts the Locations it is answered into a membership's body.
        format!("fortiauthenticator:\n  url: {url}\n  username: admin\n  api_key: {KEY}\n  fixtures:\n    assignable_token_serial: FTKMOB0000000001\n"),
    )
    .unwrap();
    path
}

fn run_args(target: &Path, dir: &Path) -> Vec<String> {
    [
        "run",
        "--config",
        target.to_str().unwrap(),
        "-vv",
        "--allow-destructive",
        "--timeout",
        "5",
        "--json",
        dir.join("run.json").to_str().unwrap(),
        "--html",
        dir.join("run.html").to_str().unwrap(),
        "fortiauthenticator/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Characters that would drive a terminal, where they are in `text`.
fn controls(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| *c != '\n' && *c != '\t' && fortiprobe::escape::is_control(*c))
        .collect()
}

/// Everything fortiprobe writes, on stdout and stderr, over a run against
/// the target: not one control character but line feeds and tabs, and the
/// target's text shown by its codes.
#[test]
fn no_escape_sequence_reaches_the_output() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("ran");
    let url = evil_fac(&rt, &flag);
    let target = target_file(dir.path(), &url);
    let o = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(run_args(&target, dir.path()))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(101), "{out}{err}");
    for (what, text) in [("stdout", &out), ("stderr", &err)] {
        let found = controls(text);
        assert!(
            found.is_empty(),
            "{what}: {} control characters reach the terminal, first at {:?}: {:?}",
            found.len(),
            found[0],
            &text[found[0].0.saturating_sub(80)..(found[0].0 + 40).min(text.len())]
        );
    }
    // The target's text is shown, by its codes, where it went: an ignore
    // reason, findings, a header and a body of -vv.
    assert!(out.contains(r"license=\x1b]0;PWNED-TITLE\x07"), "{out}");
    assert!(
        out.contains(r"x-evil: \u009b2J\u009d0;PWNED-HDR\u009c\u202e"),
        "{out}"
    );
    assert!(out.contains(r"\u202edessap\u202c"), "{out}");
    assert!(!flag.exists());
}

/// Every curl line of the JSON report (the same lines `-v` and the HTML
/// report show), run by bash with curl and jq standing in: the commands
/// run are curl and jq, and the `Location`s that tried to break out of
/// their quotes are data in the arguments.
#[test]
fn no_curl_line_runs_a_command() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("ran");
    let url = evil_fac(&rt, &flag);
    let target = target_file(dir.path(), &url);
    let o = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(run_args(&target, dir.path()))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(101));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("run.json")).unwrap())
            .unwrap();
    let mut lines = Vec::new();
    collect_curl(&report, &mut lines);
    assert!(lines.len() > 20, "{}", lines.len());
    let attacked: Vec<&String> = lines.iter().filter(|l| l.contains("touch")).collect();
    assert!(
        attacked.len() >= 3,
        "the Locations reached no curl line: {lines:#?}"
    );
    let mut sent_bodies = 0;
    for line in &lines {
        let script = format!(
            "curl() {{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }}\njq() {{ cat >/dev/null; echo TOKEN; }}\n{line}\n"
        );
        let o = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &script])
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("FAC_USER", "admin")
            .env("FAC_API_KEY", KEY)
            .output()
            .unwrap();
        assert!(o.status.success(), "{line}");
        let args: Vec<String> = String::from_utf8_lossy(&o.stdout)
            .split('\0')
            .map(str::to_string)
            .collect();
        // A body that carries a Location (a membership's user or group):
        // read back as the text the target sent, its key masked.
        if let Some(body) = args
            .iter()
            .find(|a| a.starts_with('{') && a.contains("touch"))
        {
            assert!(
                body.contains("/7[redacted]\u{e000}'\\\"$(touch "),
                "{line}\n{body}"
            );
            sent_bodies += 1;
        }
    }
    assert!(sent_bodies > 0, "no membership body among {attacked:#?}");
    assert!(!flag.exists(), "a curl line ran a command");
}

fn collect_curl(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match x {
                    serde_json::Value::String(s) if k == "curl" => out.push(s.clone()),
                    other => collect_curl(other, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_curl(x, out)),
        _ => {}
    }
}

/// A tmux server of this test's own (its socket named for the process).
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(config: &Path, command: &str) -> Option<Tmux> {
        let socket = format!("fortiprobe-attacks-{}", std::process::id());
        let ok = Command::new("tmux")
            .args(["-L", &socket, "-f", config.to_str().unwrap()])
            .args([
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
                "-n",
                "fortiprobe-window",
            ])
            .arg(command)
            .status()
            .ok()?
            .success();
        ok.then_some(Tmux { socket })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// fortiprobe in a real terminal (tmux, set to obey every title, rename
/// and clipboard sequence an application sends) against the target: the
/// pane's title, the window's name and the paste buffers are as they
/// were, and the screen and its history still hold the whole run.
#[test]
fn a_real_terminal_is_left_untouched() {
    if Command::new("tmux").arg("-V").output().is_err() {
        crate::support::tool_missing("tmux", "apt-get install tmux");
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("ran");
    let url = evil_fac(&rt, &flag);
    let target = target_file(dir.path(), &url);
    let config = dir.path().join("tmux.conf");
    std::fs::write(
        &config,
        "set -g set-clipboard on\nset -g allow-rename on\nset -g automatic-rename off\nset -g history-limit 100000\nset -g allow-passthrough on\nset -g remain-on-exit on\n",
    )
    .unwrap();
    let done = dir.path().join("done");
    let command = format!(
        "sleep 1; {} {}; touch {}",
        env!("CARGO_BIN_EXE_fortiprobe"),
        run_args(&target, dir.path()).join(" "),
        done.display()
    );
    let Some(tmux) = Tmux::start(&config, &command) else {
        crate::support::tool_missing("a tmux server", "apt-get install tmux");
        return;
    };
    tmux.tmux(&["select-pane", "-T", "original-title"]);
    let started = Instant::now();
    while !done.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the run did not end"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        tmux.tmux(&["display", "-p", "#{pane_title}"]).trim(),
        "original-title"
    );
    assert_eq!(
        tmux.tmux(&["display", "-p", "#{window_name}"]).trim(),
        "fortiprobe-window"
    );
    assert_eq!(
        tmux.tmux(&["list-buffers"]).trim(),
        "",
        "a paste buffer was set"
    );
    let screen = tmux.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-E", "-"]);
    assert!(
        screen.contains("running "),
        "the history was cleared:\n{screen}"
    );
    assert!(screen.contains("test result: FAILED."), "{screen}");
    assert!(screen.contains(r"\x1b]0;PWNED-TITLE\x07"), "{screen}");
    assert!(!flag.exists());
}

/// The body cap (32 MiB) less a little.
const NEAR_CAP: usize = (32 << 20) - 4096;

/// Answers no larger than the body cap that break the schema everywhere,
/// or nest XML millions deep: each run, under a limit of its address
/// space, ends with findings (exit 101), never killed. The limit bounds
/// virtual memory, which is larger than what is resident (the binary,
/// thread stacks): BENCHMARKS.md has the resident peak of each.
#[test]
fn answers_under_the_body_cap_fit_in_bounded_memory() {
    let head = r#"{"meta": {"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 1}, "objects": ["#;
    let zeros = format!("{head}{}0]}}", "0,".repeat((NEAR_CAP - head.len()) / 2));
    let empties = format!("[{}{{}}]", "{},".repeat(NEAR_CAP / 3));
    let many = format!("{head}{}{{}}]}}", "{},".repeat(499_000));
    let levels = NEAR_CAP / 7;
    let deep = format!(
        "<?xml version=\"1.0\"?><response>{}{}</response>",
        "<a>".repeat(levels),
        "</a>".repeat(levels)
    );
    let cases = [
        "fortiauthenticator/fortitokens/list_limit_1000",
        "fortiauthenticator/fortitokens/format_xml_gives_the_same_answer_in_xml",
        "fortiauthenticator/fortitokens_pagination/walk_limit_1000",
    ];
    let mut all = String::new();
    for (name, body, says) in [
        ("zeros", zeros, "more than 500000 JSON values"),
        ("empty objects", empties, "more than 500000 JSON values"),
        (
            "499,000 empty objects",
            many,
            "\"resource_uri\" is a required property",
        ),
    ] {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let xml = deep.clone().into_bytes();
        let body = body.into_bytes();
        let url = rt.block_on(hostile::serve(move |req| {
            if req.starts_with("GET / ") {
                hostile::http("200 OK", "text/plain", b"")
            } else if req
                .lines()
                .next()
                .unwrap_or_default()
                .contains("format=xml")
            {
                hostile::http("200 OK", "application/xml", &xml)
            } else {
                hostile::http("200 OK", "application/json", &body)
            }
        }));
        let dir = tempfile::tempdir().unwrap();
        let target = target_file(dir.path(), &url);
        let mut out = String::new();
        for case in cases {
            let script = format!(
                "ulimit -v 900000; exec {} run --config {} --timeout 60 --exact {case}",
                env!("CARGO_BIN_EXE_fortiprobe"),
                target.display()
            );
            let o = Command::new("bash")
                .args(["-c", &script])
                // mimalloc reserves address space a gigabyte at a time.
                .env("MIMALLOC_ARENA_RESERVE", "0")
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert_eq!(o.status.code(), Some(101), "{name}, {case}: {text}");
            assert!(
                text.contains("test result: FAILED. 0 passed; 1 failed"),
                "{name}: {text}"
            );
            out.push_str(&text);
        }
        assert!(out.contains(says), "{name}: {out}");
        all.push_str(&out);
    }
    // Shown where the JSON page's findings leave room for the XML's.
    assert!(all.contains("nested deeper than 64"), "{all}");
}

/// A redirect whose `Location` carries a user name and password, on the
/// target's own origin: not followed (the client would send them as Basic
/// credentials of the target's choosing), and the case says why.
#[test]
fn a_redirect_with_user_information_is_not_followed() {
    use std::sync::{Arc, Mutex};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&seen);
    let port = Arc::new(Mutex::new(0u16));
    let at = Arc::clone(&port);
    let url = rt.block_on(hostile::serve(move |req| {
        log.lock().unwrap().push(req.to_string());
        let first = req.lines().next().unwrap_or_default();
        if first.starts_with("DELETE /api/v1/fortitokens/987654321 ") {
            let to = format!(
                "301 Moved Permanently\r\nLocation: http://evil:chosen-by-target@127.0.0.1:{}/api/v1/fortitokens/987654321/",
                at.lock().unwrap()
            );
            return hostile::http(&to, "text/html", b"");
        }
        let body = br#"{"meta": {"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 0}, "objects": []}"#;
        hostile::http("200 OK", "application/json", body)
    }));
    *port.lock().unwrap() = url.rsplit(':').next().unwrap().parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = target_file(dir.path(), &url);
    let o = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(["run", "--config", target.to_str().unwrap(), "--exact"])
        .arg("fortiauthenticator/fortitokens_delete/delete_unknown_id_is_rejected")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(101), "{out}");
    assert!(out.contains("without a user name or password"), "{out}");
    assert!(!out.contains("chosen-by-target"), "{out}");
    let seen = seen.lock().unwrap();
    let chosen = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        "evil:chosen-by-target",
    );
    assert!(seen.iter().all(|r| !r.contains(&chosen)), "{seen:#?}");
    assert_eq!(
        seen.iter().filter(|r| r.starts_with("DELETE ")).count(),
        1,
        "{seen:#?}"
    );
}
