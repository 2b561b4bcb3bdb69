//! A curl command line that sends a recorded request again, as Hurl's
//! `--curl` and Schemathesis' "Reproduce with" give one. Credentials never
//! appear in it: the configured ones become environment variables, named
//! as in the README (`-u "$FAC_USER:$FAC_API_KEY"` for FortiAuthenticator,
//! `Bearer $FTC_ACCESS_TOKEN` for FortiToken Cloud with the login that
//! gives it, `Token $FPC_TOKEN` for FortiPortal with the tokenlogin that
//! gives it), and every other text passes through the run's scrub first.
//! Every word of every line, comments included, is made by
//! `escape::shell` from literal text and variable names: what a target
//! put in a URL, a header or a body reads back as that text, never as
//! shell syntax.

use base64::Engine as _;
use serde_json::Value;

use super::wire::{Sent, BODY_LIMIT};
use crate::escape::{self, Part};
use crate::redact::MASK;

/// Which credentials a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// The target's configured credentials, or a token obtained with them:
    /// environment variables in the command line.
    Configured,
    /// Made up for the target to refuse (a wrong key, a user that does not
    /// exist, a token never issued): shown as sent, scrubbed all the same.
    MadeUp,
}

/// One shell word of `parts`; a text holding a NUL (no argument can) is
/// given without its NUL bytes, and `lost` says so.
fn word(parts: &[Part<'_>], lost: &mut bool) -> String {
    if let Some(w) = escape::shell(parts) {
        return w;
    }
    *lost = true;
    let kept: Vec<Vec<u8>> = parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.iter().copied().filter(|b| *b != 0).collect(),
            Part::Var(_) => Vec::new(),
        })
        .collect();
    let parts: Vec<Part<'_>> = parts
        .iter()
        .zip(&kept)
        .map(|(p, k)| match p {
            Part::Text(_) => Part::Text(k),
            var => *var,
        })
        .collect();
    escape::shell(&parts).unwrap_or_else(|| "''".into())
}

/// One shell word of a text.
fn text(t: &str, lost: &mut bool) -> String {
    word(&[Part::text(t)], lost)
}

/// `{"client_id":"$FTC_CLIENT_ID","client_secret":"$FTC_CLIENT_SECRET"}`
/// and the like: a JSON object of string fields, each from a variable.
fn json_of_variables(fields: &[(&str, &'static str)], tail: &str) -> Vec<Segment> {
    let mut out = vec![Segment::Text("{".into())];
    for (i, (field, var)) in fields.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        out.push(Segment::Text(format!("{comma}\"{field}\":\"")));
        out.push(Segment::Var((*var).to_string()));
        out.push(Segment::Text("\"".into()));
    }
    out.push(Segment::Text(format!("{tail}}}")));
    out
}

/// How the configured credentials of an `Authorization` scheme are given
/// in a command line: the curl option, and the commands that set its
/// variable (none for Basic). The product knowledge of this module.
fn configured(scheme: &str, url: &url::Url, lost: &mut bool) -> (String, Vec<String>) {
    let mut at = |path: &str| {
        text(
            &url.join(path)
                .map_or_else(|_| path.to_string(), |u| u.to_string()),
            lost,
        )
    };
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => {
            let pair = [
                Part::Var("FAC_USER"),
                Part::text(":"),
                Part::Var("FAC_API_KEY"),
            ];
            (format!("-u {}", word(&pair, &mut false)), vec![])
        }
        "bearer" => {
            let body = json_of_variables(
                &[
                    ("client_id", "FTC_CLIENT_ID"),
                    ("client_secret", "FTC_CLIENT_SECRET"),
                ],
                "",
            );
            (
                header_with("Authorization: Bearer ", "FTC_ACCESS_TOKEN"),
                vec![
                    "# FTC_ACCESS_TOKEN: the access_token of FortiToken Cloud's login (needs jq)"
                        .into(),
                    login(
                        "FTC_ACCESS_TOKEN",
                        &at("/api/v1/login"),
                        &body,
                        ".access_token",
                    ),
                ],
            )
        }
        "token" => {
            let header = header_with("Authorization: Token ", "FPC_TOKEN");
            let body = json_of_variables(
                &[("username", "FPC_USER"), ("password", "FPC_PASSWORD")],
                ",\"ttl_minutes\":5",
            );
            let logout = at("/fpc/api/auth/tokenlogout/");
            (
                header.clone(),
                vec![
                    "# FPC_TOKEN: a FortiPortal token from tokenlogin (needs jq); log it out afterwards with".into(),
                    format!("#   curl -sS -X POST {logout} {header}"),
                    login("FPC_TOKEN", &at("/fpc/api/auth/tokenlogin/"), &body, ".token"),
                ],
            )
        }
        _ => {
            let parts = [
                Part::text("Authorization: "),
                Part::text(scheme),
                Part::text(" "),
                Part::Var("AUTHORIZATION"),
            ];
            (
                format!("-H {}", word(&parts, lost)),
                vec!["# AUTHORIZATION: the credential the target expects after the scheme".into()],
            )
        }
    }
}

/// `VAR=$(curl -sS URL -H 'Content-Type: application/json' --data-raw BODY | jq -r FIELD)`:
/// the login that sets a token's variable (`url` a word already).
fn login(var: &str, url: &str, body: &[Segment], field: &str) -> String {
    format!(
        "{var}=$(curl -sS {url} -H {} --data-raw {} | jq -r {field})",
        text("Content-Type: application/json", &mut false),
        segments_word(body, &mut false)
    )
}

/// `-H "Authorization: Bearer $FTC_ACCESS_TOKEN"` and the like.
fn header_with(prefix: &str, var: &str) -> String {
    format!(
        "-H {}",
        word(&[Part::text(prefix), Part::Var(var)], &mut false)
    )
}

/// The environment variable for a redacted value of a JSON body field.
fn body_variable(field: &str) -> String {
    match field {
        "client_secret" => "FTC_CLIENT_SECRET".into(),
        "client_id" => "FTC_CLIENT_ID".into(),
        "password" => "FPC_PASSWORD".into(),
        "api_key" => "FAC_API_KEY".into(),
        "access_token" => "FTC_ACCESS_TOKEN".into(),
        "token" => "FPC_TOKEN".into(),
        other => {
            let name: String = other
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("SECRET_{name}")
        }
    }
}

/// One line that sends a FortiAuthenticator request by hand (what a
/// failed cleanup step could not do), its credentials from `FAC_USER` and
/// `FAC_API_KEY`.
pub fn by_hand(
    method: &str,
    url: &url::Url,
    body: Option<&[u8]>,
    scrub: &dyn Fn(&str) -> String,
) -> String {
    let mut headers = vec![("Authorization".to_string(), "Basic -".to_string())];
    if body.is_some() {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    let sent = Sent {
        method,
        url,
        headers: &headers,
        body,
    };
    // No word holds a line break (`escape::shell` writes it as `$'\x0a'`).
    command(sent, Credentials::Configured, scrub).replace(" \\\n  ", " ")
}

/// The command line (with any commands that set its variables before it,
/// and comments) that sends `sent` again.
pub fn command(sent: Sent<'_>, credentials: Credentials, scrub: &dyn Fn(&str) -> String) -> String {
    // Without user information, here and in the commands that get a token.
    let mut public = sent.url.clone();
    let _ = public.set_username("");
    let _ = public.set_password(None);
    let url = public.to_string();
    let mut lost = false;
    let mut before: Vec<String> = Vec::new();
    let mut args: Vec<String> = vec!["curl -sS -i".into()];
    let has_body = sent.body.is_some_and(|b| !b.is_empty());
    if sent.method != "GET" && !(sent.method == "POST" && has_body) {
        args.push(format!("-X {}", text(sent.method, &mut lost)));
    }
    args.push(text(&scrub(&url), &mut lost));
    for (name, value) in sent.headers {
        if name.eq_ignore_ascii_case("authorization") {
            args.push(authorization(
                value,
                credentials,
                &public,
                scrub,
                &mut before,
                &mut lost,
            ));
        } else {
            args.push(format!(
                "-H {}",
                text(&scrub(&format!("{name}: {value}")), &mut lost)
            ));
        }
    }
    if let Some(body) = sent.body.filter(|b| !b.is_empty()) {
        args.push(data(body, scrub, &mut before));
    }
    if lost {
        before.push(
            "# NUL bytes of this request are left out: no shell argument can hold one".into(),
        );
    }
    let mut out = before.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&args.join(" \\\n  "));
    out
}

fn authorization(
    value: &str,
    credentials: Credentials,
    url: &url::Url,
    scrub: &dyn Fn(&str) -> String,
    before: &mut Vec<String>,
    lost: &mut bool,
) -> String {
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if credentials == Credentials::Configured {
        let (option, setup) = configured(scheme, url, lost);
        before.extend(setup);
        return option;
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        if let Some(pair) = decoded.filter(|p| p.contains(':')) {
            return format!("-u {}", text(&scrub(&pair), lost));
        }
    }
    format!(
        "-H {}",
        text(&scrub(&format!("Authorization: {value}")), lost)
    )
}

/// A piece of a body on the command line: JSON text, or a variable that
/// stands for a redacted value.
enum Segment {
    Text(String),
    Var(String),
}

fn segments_word(segments: &[Segment], lost: &mut bool) -> String {
    let parts: Vec<Part<'_>> = segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) => Part::text(t),
            Segment::Var(v) => Part::Var(v),
        })
        .collect();
    word(&parts, lost)
}

/// `doc` as compact JSON (as `serde_json::to_string` writes it), each
/// string that is the mask a variable named for its field.
fn json_segments(doc: &Value, field: &str, out: &mut Vec<Segment>) {
    match doc {
        Value::String(s) if s == MASK => {
            text_segment(out, "\"");
            out.push(Segment::Var(body_variable(field)));
            text_segment(out, "\"");
        }
        Value::Object(m) => {
            text_segment(out, "{");
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    text_segment(out, ",");
                }
                text_segment(out, &serde_json::to_string(k).unwrap_or_default());
                text_segment(out, ":");
                json_segments(v, k, out);
            }
            text_segment(out, "}");
        }
        Value::Array(a) => {
            text_segment(out, "[");
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    text_segment(out, ",");
                }
                json_segments(v, field, out);
            }
            text_segment(out, "]");
        }
        other => text_segment(out, &serde_json::to_string(other).unwrap_or_default()),
    }
}

fn text_segment(out: &mut Vec<Segment>, t: &str) {
    match out.last_mut() {
        Some(Segment::Text(last)) => last.push_str(t),
        _ => out.push(Segment::Text(t.to_string())),
    }
}

/// `--data-raw` with the body, its redacted JSON fields replaced by
/// environment variables; a body too large, not UTF-8 or holding a NUL is
/// read from a file the user provides, with a comment saying so.
fn data(body: &[u8], scrub: &dyn Fn(&str) -> String, before: &mut Vec<String>) -> String {
    let text = match std::str::from_utf8(body) {
        Ok(t) if t.len() <= BODY_LIMIT && !t.contains('\0') => scrub(t),
        _ => {
            before.push(format!(
                "# body.bin: the request body ({} bytes, not shown here)",
                body.len()
            ));
            return "--data-binary @body.bin".into();
        }
    };
    let mut lost = false;
    let doc = if text.contains(MASK) {
        serde_json::from_str::<Value>(&text).ok()
    } else {
        None
    };
    let Some(doc) = doc else {
        return format!("--data-raw {}", self::text(&text, &mut lost));
    };
    let mut segments = Vec::new();
    json_segments(&doc, "", &mut segments);
    format!("--data-raw {}", segments_word(&segments, &mut lost))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "Sup3r-s3cret'key";

    fn scrub(t: &str) -> String {
        let b64 = base64::engine::general_purpose::STANDARD;
        t.replace(&b64.encode(format!("admin:{SECRET}")), MASK)
            .replace(SECRET, MASK)
    }

    fn sent<'a>(
        method: &'a str,
        url: &'a url::Url,
        headers: &'a [(String, String)],
        body: Option<&'a [u8]>,
    ) -> Sent<'a> {
        Sent {
            method,
            url,
            headers,
            body,
        }
    }

    /// Runs `line` in bash with `curl` and `jq` stubbed to print their
    /// arguments one per line, with the variables set.
    fn sh_args(line: &str) -> String {
        let script = format!(
            "curl() {{ for a in \"$@\"; do printf '%s\\n' \"$a\"; done; }}\njq() {{ cat >/dev/null; echo TOKEN; }}\n{line}"
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &script])
            .env("FAC_USER", "admin")
            .env("FAC_API_KEY", "k'ey")
            .env("FPC_PASSWORD", "p w")
            .env("FTC_ACCESS_TOKEN", "tok")
            .output()
            .expect("sh runs");
        assert!(out.status.success(), "{line}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn quoting_survives_a_shell() {
        let url =
            url::Url::parse("https://fac.example/api/v1/fortitokens/?serial=it's&x=$HOME").unwrap();
        let headers = [(
            "Accept".to_string(),
            "application/json; q=\"1\"".to_string(),
        )];
        let line = command(
            sent("GET", &url, &headers, None),
            Credentials::Configured,
            &scrub,
        );
        let args = sh_args(&line);
        assert!(
            args.contains("https://fac.example/api/v1/fortitokens/?serial=it%27s&x=$HOME\n"),
            "{args}"
        );
        assert!(
            args.contains("Accept: application/json; q=\"1\"\n"),
            "{args}"
        );
    }

    #[test]
    fn no_secret_ever_appears() {
        let b64 = base64::engine::general_purpose::STANDARD;
        let url =
            url::Url::parse("https://admin:pw@fac.example:8443/api/v1/fortitokens/1/").unwrap();
        let basic = b64.encode(format!("admin:{SECRET}"));
        let headers = [("Authorization".to_string(), format!("Basic {basic}"))];
        for credentials in [Credentials::Configured, Credentials::MadeUp] {
            let line = command(sent("DELETE", &url, &headers, None), credentials, &scrub);
            assert!(!line.contains(&basic), "{line}");
            assert!(!line.contains("Sup3r"), "{line}");
            assert!(!line.contains("pw@"), "{line}");
        }
        let line = command(
            sent("DELETE", &url, &headers, None),
            Credentials::Configured,
            &scrub,
        );
        assert_eq!(
            line,
            "curl -sS -i \\\n  -X DELETE \\\n  https://fac.example:8443/api/v1/fortitokens/1/ \\\n  -u \"$FAC_USER:$FAC_API_KEY\""
        );
        assert!(sh_args(&line).contains("admin:k'ey\n"));
        // Even a secret the scrub does not know stays out of a Configured header.
        let bearer = [(
            "Authorization".to_string(),
            "Bearer unregistered-secret".to_string(),
        )];
        let line = command(
            sent("GET", &url, &bearer, None),
            Credentials::Configured,
            &scrub,
        );
        assert!(!line.contains("unregistered-secret"), "{line}");
    }

    #[test]
    fn made_up_credentials_are_shown_as_sent() {
        let b64 = base64::engine::general_purpose::STANDARD;
        let url = url::Url::parse("https://fac.example/api/v1/fortitokens/").unwrap();
        let headers = [(
            "Authorization".to_string(),
            format!("Basic {}", b64.encode("admin:fortiprobe-wrong-key-1")),
        )];
        let line = command(
            sent("GET", &url, &headers, None),
            Credentials::MadeUp,
            &scrub,
        );
        assert!(line.ends_with("-u admin:fortiprobe-wrong-key-1"), "{line}");
        let headers = [("Authorization".to_string(), "Token 0000".to_string())];
        let line = command(
            sent("GET", &url, &headers, None),
            Credentials::MadeUp,
            &scrub,
        );
        assert!(line.ends_with("-H 'Authorization: Token 0000'"), "{line}");
    }

    #[test]
    fn bearer_and_token_say_how_to_get_them() {
        let url = url::Url::parse("https://ftc.example:9696/api/v1/token/temp").unwrap();
        let headers = [
            ("Authorization".to_string(), "Bearer abc".to_string()),
            ("Content-Type".to_string(), "application/json".to_string()),
        ];
        let body = br#"{"user_id":"u-1","expired_at":"it's"}"#;
        let line = command(
            sent("POST", &url, &headers, Some(body)),
            Credentials::Configured,
            &scrub,
        );
        assert!(line.starts_with("# FTC_ACCESS_TOKEN"), "{line}");
        assert!(
            line.contains("curl -sS https://ftc.example:9696/api/v1/login -H"),
            "{line}"
        );
        assert!(line.contains("\"$FTC_CLIENT_SECRET\""), "{line}");
        assert!(
            line.contains(r#"-H "Authorization: Bearer $FTC_ACCESS_TOKEN""#),
            "{line}"
        );
        let args = sh_args(&line);
        // The login line set the variable (from the jq stub's answer).
        assert!(args.contains("Authorization: Bearer TOKEN\n"), "{args}");
        assert!(
            args.contains("{\"user_id\":\"u-1\",\"expired_at\":\"it's\"}\n"),
            "{args}"
        );
        let url = url::Url::parse("https://u:pw@fpc.example/fpc/api/auth/tokenlogout/").unwrap();
        let headers = [("Authorization".to_string(), "Token 1234abcd".to_string())];
        let line = command(
            sent("POST", &url, &headers, None),
            Credentials::Configured,
            &scrub,
        );
        assert!(line.contains("tokenlogin/"), "{line}");
        assert!(
            line.contains("#   curl -sS -X POST https://fpc.example/fpc/api/auth/tokenlogout/"),
            "{line}"
        );
        assert!(
            line.ends_with(r#"-H "Authorization: Token $FPC_TOKEN""#),
            "{line}"
        );
        assert!(!line.contains("1234abcd"), "{line}");
        assert!(!line.contains("u:pw"), "{line}");
    }

    #[test]
    fn redacted_body_fields_become_variables() {
        let url = url::Url::parse("https://fpc.example/fpc/api/auth/tokenlogin/").unwrap();
        let body = format!(r#"{{"username":"spuser","password":"{SECRET}","ttl_minutes":5}}"#);
        let line = command(
            sent("POST", &url, &[], Some(body.as_bytes())),
            Credentials::Configured,
            &scrub,
        );
        assert!(!line.contains("Sup3r"), "{line}");
        assert!(
            line.ends_with(
                r#"--data-raw '{"username":"spuser","password":"'"$FPC_PASSWORD"'","ttl_minutes":5}'"#
            ),
            "{line}"
        );
        let args = sh_args(&line);
        assert!(
            args.contains("{\"username\":\"spuser\",\"password\":\"p w\",\"ttl_minutes\":5}\n"),
            "{args}"
        );
        let big = vec![b'x'; BODY_LIMIT + 1];
        let line = command(
            sent("POST", &url, &[], Some(&big)),
            Credentials::Configured,
            &scrub,
        );
        assert!(
            line.starts_with("# body.bin: the request body (4097 bytes"),
            "{line}"
        );
        assert!(line.ends_with("--data-binary @body.bin"), "{line}");
    }

    /// The attack set of issue 24: what a target may put in a `Location`
    /// (then a request's path and body), a header or a made-up credential.
    fn attacks(flag: &str) -> Vec<String> {
        vec![
            format!("/api/v1/usergroups/7\u{e000}'\"$(touch {flag})\"'\u{e000}"),
            format!("\u{e000}'$(touch {flag})'\u{e000}"),
            format!("'$(touch {flag})'"),
            format!("\"$(touch {flag})\""),
            format!("$(touch {flag})"),
            format!("`touch {flag}`"),
            format!("x'; touch {flag}; echo '"),
            format!("x\"; touch {flag}; echo \""),
            format!("\ntouch {flag}\n"),
            format!("\r\n; touch {flag} #"),
            format!("\\'$(touch {flag})\\'"),
            format!("$'\\x27'$(touch {flag})"),
            format!("!!; touch {flag}"),
            format!("\u{e000}FAC_API_KEY\u{e000}$(touch {flag})"),
            format!("\u{1b}]0;$(touch {flag})\u{7}"),
            format!("${{IFS}}$(touch${{IFS}}{flag})"),
        ]
    }

    /// Every line of a command, run by bash with `curl` printing its
    /// arguments NUL-separated: the arguments of each call.
    fn bash_calls(line: &str) -> Vec<Vec<String>> {
        let script = format!(
            "curl() {{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; printf '\\n--\\n'; }}\njq() {{ cat >/dev/null; echo TOKEN; }}\n{line}\n"
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &script])
            .env("FAC_USER", "admin")
            .env("FAC_API_KEY", "k'ey")
            .env("SECRET_SN", "s$n")
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{line}");
        String::from_utf8_lossy(&out.stdout)
            .split("\n--\n")
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.split('\0')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_attack_set_runs_no_command() {
        let dir = tempfile::tempdir().unwrap();
        let flag = dir.path().join("ran");
        let f = flag.display().to_string();
        for attack in attacks(&f) {
            let url = url::Url::parse("https://fac.example/")
                .unwrap()
                .join(&attack)
                .unwrap();
            let headers = [
                ("X-Echo".to_string(), attack.clone()),
                (
                    "Authorization".to_string(),
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD
                            .encode(format!("{attack}:{SECRET}"))
                    ),
                ),
            ];
            let body =
                serde_json::json!({"user": attack, attack.clone(): [attack, 1], "sn": SECRET})
                    .to_string();
            for credentials in [Credentials::Configured, Credentials::MadeUp] {
                let line = command(
                    sent("PATCH", &url, &headers, Some(body.as_bytes())),
                    credentials,
                    &scrub,
                );
                let calls = bash_calls(&line);
                assert_eq!(calls.len(), 1, "{line}");
                let args = &calls[0];
                assert!(args.contains(&url.to_string()), "{line}\n{args:?}");
                assert!(
                    args.contains(&format!("X-Echo: {attack}")),
                    "{line}\n{args:?}"
                );
                let sent_body = body.replace(SECRET, "s$n");
                assert!(args.contains(&sent_body), "{line}\n{args:?}");
                if credentials == Credentials::MadeUp {
                    assert!(
                        args.contains(&format!("{attack}:{MASK}")),
                        "{line}\n{args:?}"
                    );
                } else {
                    assert!(args.contains(&"admin:k'ey".to_string()), "{line}\n{args:?}");
                }
            }
            let big = format!("{attack}{}", "x".repeat(BODY_LIMIT));
            let line = command(
                sent("POST", &url, &[], Some(big.as_bytes())),
                Credentials::Configured,
                &scrub,
            );
            assert_eq!(bash_calls(&line).len(), 1, "{line}");
        }
        assert!(!flag.exists(), "a command of the attack set ran");
    }

    #[test]
    fn a_nul_byte_is_left_out_and_said() {
        let url = url::Url::parse("https://fac.example/api/v1/x/").unwrap();
        let headers = [("X-A".to_string(), "a\0b".to_string())];
        let line = command(
            sent("GET", &url, &headers, None),
            Credentials::Configured,
            &scrub,
        );
        assert!(
            line.starts_with("# NUL bytes of this request are left out"),
            "{line}"
        );
        assert!(
            bash_calls(&line)[0].contains(&"X-A: ab".to_string()),
            "{line}"
        );
        let line = command(
            sent("POST", &url, &[], Some(b"{\"a\":\"\0\"}")),
            Credentials::Configured,
            &scrub,
        );
        assert!(line.ends_with("--data-binary @body.bin"), "{line}");
    }
}
