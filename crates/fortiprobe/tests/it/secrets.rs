//! Every common form of every secret, in every output. A hostile target
//! echoes the configured secrets, and the tokens it issues, back in each
//! form: in bodies, in headers and in field values, placed to straddle the
//! 120-character cut of body excerpts and the 200-character cut of field
//! values. The test then greps stdout, stderr (with `-vv`: every case's
//! exchanges and curl lines), `--junit`, `--json`, `--html`, `--har`,
//! libtest's `--format json`, the baseline snapshots (recorded and compared)
//! and `fortiprobe diff` for every form of every secret, whole or in part
//! (any 8-character piece; 12 for hex and base64 forms).
//!
//! The forms are computed here, independently of `src/redact`: a second
//! reading of what "every common encoding" means.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use base64::Engine as _;
use support::hostile::{self, Reply};

/// The configured secrets: every character class an encoder treats apart
/// (`~`, space, `+`, `/`, `=`, HTML and JSON specials, non-ASCII).
const API_KEY: &str = "Ky~0f the<Admin>&\"q'/+=";
const CLIENT_SECRET: &str = "cl!ent-Sëcret(x)*é:1 ~";
const PASSWORD: &str = "p@ss\\w0rd%42;#{ü} +";
/// What the target issues: an FTC access token, a FortiPortal token and a
/// temporary token's `sn` (header-safe: they travel back in headers).
const ACCESS_TOKEN: &str = "ftc-Acc3ss~Tok en/+=&<x>";
const PORTAL_TOKEN: &str = "fpc-T0k3n~with space+/=&<b>q'x";
const TEMP_SN: &str = "ftc-SN~0042 x+/=&<i>'sn";

/// One form of a secret: what the target sends, and what must not be seen.
#[derive(Clone, Debug)]
struct Form {
    secret: &'static str,
    name: String,
    echo: String,
    needle: String,
}

fn hex(b: &[u8], upper: bool) -> String {
    b.iter()
        .map(|x| {
            if upper {
                format!("{x:02X}")
            } else {
                format!("{x:02x}")
            }
        })
        .collect()
}

/// Percent-encoding: bytes for which `keep` holds stay, the rest are `%XX`.
fn pct(s: &str, keep: impl Fn(u8) -> bool, upper: bool, plus: bool) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if plus && b == b' ' {
            out.push('+');
        } else if b.is_ascii() && keep(b) {
            out.push(b as char);
        } else if upper {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

fn html_name(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "amp",
        '<' => "lt",
        '>' => "gt",
        '"' => "quot",
        '\'' => "apos",
        '/' => "sol",
        '=' => "equals",
        '+' => "plus",
        '!' => "excl",
        '(' => "lpar",
        ')' => "rpar",
        '*' => "ast",
        ':' => "colon",
        ';' => "semi",
        '#' => "num",
        '{' => "lcub",
        '}' => "rcub",
        '@' => "commat",
        '%' => "percnt",
        '\\' => "bsol",
        _ => return None,
    })
}

fn json_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn json_u(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{u:04x}"));
        }
    }
    out
}

/// Base64 of the secret inside a longer base64 string: `k` bytes before
/// it; only the characters that depend on the secret alone.
fn b64_inside(s: &str, k: usize) -> (String, String) {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut bytes = b"\xfb\xff"[..k].to_vec();
    bytes.extend_from_slice(s.as_bytes());
    bytes.extend_from_slice(b"\xfe\xfd\xfc");
    let echo = b64.encode(&bytes);
    let first = (8 * k).div_ceil(6);
    let last = (8 * (k + s.len())) / 6;
    (echo.clone(), echo[first..last].to_string())
}

fn forms(secret: &'static str, user: Option<&str>) -> Vec<Form> {
    let b = secret.as_bytes();
    let std = base64::engine::general_purpose::STANDARD;
    let std_np = base64::engine::general_purpose::STANDARD_NO_PAD;
    let url = base64::engine::general_purpose::URL_SAFE;
    let url_np = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let alnum = |c: u8| c.is_ascii_alphanumeric();
    let rfc3986 = |c: u8| c.is_ascii_alphanumeric() || b"-._~".contains(&c);
    let form = |c: u8| c.is_ascii_alphanumeric() || b"*-._".contains(&c);
    let mut list: Vec<(String, String)> = vec![
        ("plain".into(), secret.into()),
        ("upper".into(), secret.to_uppercase()),
        ("lower".into(), secret.to_lowercase()),
        ("hex".into(), hex(b, false)),
        ("HEX".into(), hex(b, true)),
        ("%XX every byte".into(), pct(secret, |_| false, true, false)),
        (
            "%xx every byte".into(),
            pct(secret, |_| false, false, false),
        ),
        ("%XX non-alnum".into(), pct(secret, alnum, true, false)),
        ("%xx non-alnum".into(), pct(secret, alnum, false, false)),
        ("%XX rfc3986".into(), pct(secret, rfc3986, true, false)),
        ("%xx rfc3986".into(), pct(secret, rfc3986, false, false)),
        ("form +".into(), pct(secret, form, true, true)),
        (
            "html escaped".into(),
            secret
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;"),
        ),
        (
            "html named".into(),
            secret
                .chars()
                .map(|c| html_name(c).map_or(c.to_string(), |n| format!("&{n};")))
                .collect(),
        ),
        (
            "html decimal".into(),
            secret.chars().map(|c| format!("&#{};", c as u32)).collect(),
        ),
        (
            "html hex".into(),
            secret
                .chars()
                .map(|c| format!("&#x{:x};", c as u32))
                .collect(),
        ),
        ("json".into(), json_escape(secret)),
        ("json \\u".into(), json_u(secret)),
        ("base64".into(), std.encode(b)),
        ("base64 no padding".into(), std_np.encode(b)),
        ("base64url".into(), url.encode(b)),
        ("base64url no padding".into(), url_np.encode(b)),
    ];
    let mut out: Vec<Form> = list
        .drain(..)
        .map(|(name, text)| Form {
            secret,
            name,
            echo: text.clone(),
            needle: text,
        })
        .collect();
    for k in 0..3 {
        let (echo, needle) = b64_inside(secret, k);
        out.push(Form {
            secret,
            name: format!("base64 inside, offset {k}"),
            echo,
            needle,
        });
    }
    if let Some(u) = user {
        let basic = std.encode(format!("{u}:{secret}"));
        out.push(Form {
            secret,
            name: "Basic user:secret".into(),
            echo: basic.clone(),
            needle: basic,
        });
    }
    out
}

/// `echo` placed so that it straddles character `at` of the text.
fn straddle(echo: &str, at: usize, pad: char) -> String {
    let half = echo.chars().count() / 2;
    let lead: String = std::iter::repeat_n(pad, at.saturating_sub(half)).collect();
    format!("{lead}{echo} and so on")
}

/// A JSON string value whose JSON text puts `echo` across character `at`.
fn straddle_json(echo: &str, at: usize, pad: char) -> String {
    let escaped = json_escape(echo).chars().count();
    let lead: String = std::iter::repeat_n(pad, at.saturating_sub(1 + escaped / 2)).collect();
    format!("{lead}{echo} and so on")
}

fn header_safe(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn reply(status: &str, headers: &[(&str, String)], body: &str) -> Reply {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    Reply::Raw(out.into_bytes())
}

fn json_reply(status: &str, body: &serde_json::Value) -> Reply {
    reply(
        status,
        &[("Content-Type", "application/json".into())],
        &body.to_string(),
    )
}

/// The hostile target. `/echo/text/N` and `/echo/field/N` straddle form N
/// (of the configured secrets) across the cuts; the product routes issue
/// tokens and echo every form of whatever secret the request carries.
fn answer(req: &str, forms: &[Form], captured: &[Form], variant: usize) -> Reply {
    let pad = if variant == 0 { '.' } else { ',' };
    let line = req.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    let method = parts.next().unwrap_or_default();
    let path = parts.next().unwrap_or_default();
    let all = |list: &[&Form]| -> serde_json::Value {
        list.iter()
            .map(|f| serde_json::Value::from(format!("{}: {}", f.name, f.echo)))
            .collect()
    };
    if let Some(n) = path.strip_prefix("/echo/text/") {
        let f = &forms[n.parse::<usize>().unwrap_or(0)];
        let mut headers = vec![];
        if header_safe(&f.echo) {
            headers.push(("Content-Type", format!("text/plain; echo=\"{}\"", f.echo)));
            headers.push(("WWW-Authenticate", format!("Basic realm=\"{}\"", f.echo)));
        } else {
            headers.push(("Content-Type", "text/plain".into()));
        }
        return reply("418 I'm a teapot", &headers, &straddle(&f.echo, 120, pad));
    }
    if let Some(n) = path.strip_prefix("/echo/field/") {
        let f = &forms[n.parse::<usize>().unwrap_or(0)];
        let mine: Vec<&Form> = forms.iter().filter(|g| g.secret == f.secret).collect();
        return json_reply(
            "200 OK",
            &serde_json::json!({"v": straddle_json(&f.echo, 200, pad), "all": all(&mine)}),
        );
    }
    let of = |s: &str| -> Vec<&Form> { captured.iter().filter(|f| f.secret == s).collect() };
    let joined = |list: &[&Form]| -> String {
        list.iter()
            .map(|f| f.echo.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match (method, path) {
        ("POST", "/api/v1/login") => {
            return json_reply(
                "201 Created",
                &serde_json::json!({"access_token": ACCESS_TOKEN, "expires_in": 3600}),
            )
        }
        ("POST", "/fpc/api/auth/tokenlogin/") => {
            return json_reply(
                "200 OK",
                &serde_json::json!({"token": PORTAL_TOKEN, "expiry": straddle_json(&joined(&of(PORTAL_TOKEN)), 200, pad)}),
            )
        }
        ("POST", "/api/v1/token/temp") => {
            return json_reply(
                "201 Created",
                &serde_json::json!({"sn": TEMP_SN, "expired_at": straddle_json(&joined(&of(TEMP_SN)), 200, pad), "user_id": "u", "auth_method": "Email"}),
            )
        }
        _ => {}
    }
    // Anything else: every form of every secret this request carries (the
    // configured ones always), the first one across character 120.
    let mut carried: Vec<&Form> = forms.iter().collect();
    if req.contains(ACCESS_TOKEN) {
        carried.splice(0..0, of(ACCESS_TOKEN));
    }
    if req.contains(PORTAL_TOKEN) {
        carried.splice(0..0, of(PORTAL_TOKEN));
    }
    if method == "DELETE" && path.starts_with("/api/v1/token/temp/") {
        carried.splice(0..0, of(TEMP_SN));
    }
    let first = carried.first().map_or("", |f| f.echo.as_str());
    let body = format!(
        "{}\n{}",
        straddle(first, 120, pad),
        joined(&carried[1.min(carried.len())..])
    );
    reply(
        "418 I'm a teapot",
        &[("Content-Type", "text/plain".into())],
        &body,
    )
}

/// The case file of the `/echo/` cases: one text and one field case per form.
fn echo_cases(n: usize) -> String {
    let mut out = String::from("product: fortiauthenticator\nendpoint: echo\ncases:\n");
    for i in 0..n {
        out.push_str(&format!(
            "  - name: text_{i:03}\n    summary: a body, headers and content type echoing form {i}\n    steps:\n      - request: {{method: GET, path: /echo/text/{i}}}\n        expect: {{status: 200, content_type: application/json, body: json}}\n"
        ));
        out.push_str(&format!(
            "  - name: field_{i:03}\n    summary: a field value echoing form {i}\n    steps:\n      - request: {{method: GET, path: /echo/field/{i}}}\n        expect:\n          status: 200\n          fields:\n            - {{at: /v, equals: 0}}\n"
        ));
    }
    out
}

fn fortiprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(args)
        .env("FP_KEY", API_KEY)
        .env("FP_SECRET", CLIENT_SECRET)
        .env("FP_PASS", PASSWORD)
        .output()
        .expect("fortiprobe runs")
}

/// The text of every string in a JSON document (or in JSON lines), so that
/// an escaped secret is seen as itself.
fn json_strings(text: &str) -> String {
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.push_str(k);
                out.push('\n');
                walk(x, out)
            }),
            _ => {}
        }
    }
    let mut out = String::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        walk(&v, &mut out);
    }
    for line in text.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            walk(&v, &mut out);
        }
    }
    out
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every piece of `needle` of `w` characters (the whole of a shorter one).
fn pieces(needle: &str, w: usize) -> Vec<String> {
    let chars: Vec<char> = needle.chars().collect();
    if chars.len() <= w {
        return vec![needle.to_string()];
    }
    chars.windows(w).map(|c| c.iter().collect()).collect()
}

fn window(needle: &str) -> usize {
    let b64ish = needle
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b));
    if b64ish {
        12
    } else {
        8
    }
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fortiprobe-secrets-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn read_all(path: &Path, out: &mut Vec<(String, String)>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        out.push((format!("baseline {}", f.display()), text));
    }
}

fn out_text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn no_form_of_any_secret_reaches_any_output() {
    let mut configured = forms(API_KEY, Some("apiadmin"));
    configured.extend(forms(CLIENT_SECRET, Some("fortiprobe-client")));
    configured.extend(forms(PASSWORD, Some("portaladmin")));
    let mut captured = forms(ACCESS_TOKEN, None);
    captured.extend(forms(PORTAL_TOKEN, None));
    captured.extend(forms(TEMP_SN, None));
    let variant = Arc::new(AtomicUsize::new(0));

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (f, c, v) = (configured.clone(), captured.clone(), Arc::clone(&variant));
    let url = rt.block_on(hostile::serve(move |req| {
        answer(req, &f, &c, v.load(Ordering::SeqCst))
    }));

    let work = dir("run");
    let cases = work.join("cases");
    std::fs::create_dir_all(&cases).expect("cases dir");
    std::fs::write(cases.join("echo.yaml"), echo_cases(configured.len())).expect("write");
    let fixtures = "temp_token_user: u1, non_token_user: u2, invalid_mobile_user: u3, disabled_user: u4, sms_disallowed_user: u5";
    let target = work.join("target.yaml");
    std::fs::write(
        &target,
        format!(
            "fortiauthenticator:\n  url: {url}\n  username: apiadmin\n  api_key: ${{FP_KEY}}\n  fixtures: {{deletable_token_serial: FTK1}}\nfortitoken_cloud:\n  url: {url}\n  client_id: fortiprobe-client\n  client_secret: ${{FP_SECRET}}\n  fixtures: {{{fixtures}}}\nfortiportal:\n  url: {url}\n  username: portaladmin\n  password: ${{FP_PASS}}\n"
        ),
    )
    .expect("write");
    let (junit, json, html, har, base_a, base_b) = (
        work.join("junit.xml"),
        work.join("report.json"),
        work.join("report.html"),
        work.join("run.har"),
        work.join("baseline-a"),
        work.join("baseline-b"),
    );
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let common = [
        "run".to_string(),
        "--config".into(),
        s(&target),
        "--cases".into(),
        s(&cases),
        "--timeout".into(),
        "5".into(),
    ];
    let run = |extra: &[String]| {
        let args: Vec<&str> = common.iter().chain(extra).map(String::as_str).collect();
        fortiprobe(&args)
    };
    let mut outputs: Vec<(String, String)> = Vec::new();

    // 1: text output with every exchange, --junit, --json, --html, --har, a baseline recorded.
    let o = run(&[
        "-vv".into(),
        "--junit".into(),
        s(&junit),
        "--json".into(),
        s(&json),
        "--html".into(),
        s(&html),
        "--har".into(),
        s(&har),
        "--baseline".into(),
        s(&base_a),
        "--record".into(),
    ]);
    let (stdout, stderr) = out_text(&o);
    assert_eq!(o.status.code(), Some(101), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("fortiauthenticator/echo/text_000")
            && stdout.contains("fortiportal/tokens/")
            && stdout.contains("fortitoken_cloud/token_temp/"),
        "the echo cases and the token cases ran:\n{stdout}"
    );
    assert!(
        stdout.contains("reproduce with:"),
        "-vv shows the exchanges:\n{stdout}"
    );
    outputs.push(("stdout of the text run".into(), stdout));
    outputs.push(("stderr of the text run".into(), stderr));
    for (name, path) in [
        ("--junit", &junit),
        ("--json", &json),
        ("--html", &html),
        ("--har", &har),
    ] {
        let text = std::fs::read_to_string(path).expect("report written");
        outputs.push((name.into(), text));
    }
    read_all(&base_a, &mut outputs);

    // 2: the target changes its padding; libtest's JSON, another baseline.
    variant.store(1, Ordering::SeqCst);
    let o = run(&[
        "-v".into(),
        "--format".into(),
        "json".into(),
        "--baseline".into(),
        s(&base_b),
        "--record".into(),
    ]);
    let (stdout, stderr) = out_text(&o);
    assert_eq!(o.status.code(), Some(101), "{stdout}\n{stderr}");
    assert!(stdout.starts_with('{'), "JSON lines: {stdout}");
    outputs.push(("stdout of --format json".into(), stdout));
    outputs.push(("stderr of --format json".into(), stderr));
    read_all(&base_b, &mut outputs);

    // 3: compared with the first baseline: every difference printed.
    let o = run(&["--baseline".into(), s(&base_a)]);
    let (stdout, stderr) = out_text(&o);
    assert!(stdout.contains("differs from the baseline"), "{stdout}");
    outputs.push(("stdout of the baseline comparison".into(), stdout));
    outputs.push(("stderr of the baseline comparison".into(), stderr));

    // 4: fortiprobe diff, as text and as Markdown.
    for extra in [&[][..], &["--markdown"][..]] {
        let mut args = vec!["diff".to_string(), s(&base_a), s(&base_b)];
        args.extend(extra.iter().map(|x| x.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = fortiprobe(&args);
        let (stdout, stderr) = out_text(&o);
        assert_eq!(
            o.status.code(),
            Some(1),
            "something changed:\n{stdout}{stderr}"
        );
        outputs.push((format!("fortiprobe diff {extra:?}"), stdout + &stderr));
    }

    // Every output, also decoded (JSON strings, XML text), against every
    // piece of every form of every secret: each window of each text is
    // looked up among the pieces.
    let all: Vec<&Form> = configured.iter().chain(&captured).collect();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for (i, f) in all.iter().enumerate() {
        for p in pieces(&f.needle, window(&f.needle)) {
            index.entry(p).or_insert(i);
        }
    }
    let mut leaks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut redacted = 0;
    for (name, text) in &outputs {
        redacted += text.matches("[redacted]").count();
        let decoded = format!("{text}\n{}\n{}", json_strings(text), xml_unescape(text));
        let chars: Vec<char> = decoded.chars().collect();
        let mut found: BTreeMap<usize, String> = BTreeMap::new();
        for w in [8, 12] {
            for piece in chars.windows(w) {
                let piece: String = piece.iter().collect();
                if let Some(&i) = index.get(&piece) {
                    found.entry(i).or_insert(piece);
                }
            }
        }
        for (i, piece) in found {
            let f = all[i];
            leaks
                .entry(format!("{} ({})", f.secret, f.name))
                .or_default()
                .push(format!("{name}: {piece:?}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "{} forms of secrets printed:\n{}",
        leaks.len(),
        leaks
            .iter()
            .map(|(k, v)| format!(
                "  {k}: in {} outputs, e.g.\n    {}",
                v.len(),
                v.iter().take(3).cloned().collect::<Vec<_>>().join("\n    ")
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        redacted > 200,
        "the echoes were there to be redacted ({redacted} masks)"
    );
}

/// A target that echoes a secret in part: all but its first or last
/// character, a middle piece of 8, in another case, reversed, in a body, a
/// header and a field value. No 8 characters of it, in any case, forwards
/// or backwards, reach any output.
#[test]
fn no_piece_of_a_secret_reaches_any_output() {
    const KEY: &str = "Qx7bN2kLm9PzR4vT8w";
    let reversed: String = KEY.chars().rev().collect();
    let echoes = [
        KEY[1..].to_string(),
        KEY[..17].to_string(),
        KEY[5..13].to_lowercase(),
        reversed.clone(),
        reversed[2..12].to_uppercase(),
    ];
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let body = serde_json::json!({"error": echoes.join(" / "), "objects": [{"serial": echoes[1], "license": echoes[3]}]})
        .to_string();
    let header = echoes.join(" ");
    let url = rt.block_on(hostile::serve(move |req| {
        if req.starts_with("GET / ") {
            return hostile::http("200 OK", "text/plain", b"");
        }
        reply("404 Not Found", &[("X-Echo", header.clone())], &body)
    }));
    let work = dir("pieces");
    std::fs::create_dir_all(&work).expect("dir");
    let target = work.join("target.yaml");
    std::fs::write(
        &target,
        format!("fortiauthenticator:\n  url: {url}\n  username: apiadmin\n  api_key: {KEY}\n"),
    )
    .expect("write");
    let json = work.join("report.json");
    let o = fortiprobe(&[
        "run",
        "--config",
        &target.to_string_lossy(),
        "-vv",
        "--json",
        &json.to_string_lossy(),
        "fortiauthenticator/fortitokens/",
    ]);
    let (stdout, stderr) = out_text(&o);
    assert_eq!(o.status.code(), Some(101), "{stdout}{stderr}");
    let report = std::fs::read_to_string(&json).expect("report");
    let all = format!("{stdout}\n{stderr}\n{report}\n{}", json_strings(&report)).to_lowercase();
    assert!(all.contains("[redacted]"), "{stdout}");
    for run in [KEY.to_lowercase(), reversed.to_lowercase()] {
        let chars: Vec<char> = run.chars().collect();
        for w in chars.windows(8) {
            let piece: String = w.iter().collect();
            assert!(!all.contains(&piece), "{piece:?} printed:\n{stdout}");
        }
    }
}
