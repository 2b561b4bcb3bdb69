//! A curl command line that sends a recorded request again, as Hurl's
//! `--curl` and Schemathesis' "Reproduce with" give one. Credentials never
//! appear in it: the configured ones become environment variables, named
//! as in the README (`-u "$FAC_USER:$FAC_API_KEY"` for FortiAuthenticator,
//! `Bearer $FTC_ACCESS_TOKEN` for FortiToken Cloud with the login that
//! gives it, `Token $FPC_TOKEN` for FortiPortal with the tokenlogin that
//! gives it), and every other text passes through the run's scrub first.
//! Words are single-quoted for a POSIX shell (`'\''` for a quote).

use base64::Engine as _;
use serde_json::Value;

use super::wire::{Sent, BODY_LIMIT};
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

/// How the configured credentials of an `Authorization` scheme are given
/// in a command line: the curl option, and the commands that set its
/// variable (none for Basic). The product knowledge of this module.
fn configured(scheme: &str, url: &url::Url) -> (String, Vec<String>) {
    let at = |path: &str| {
        url.join(path)
            .map_or_else(|_| path.to_string(), |u| u.to_string())
    };
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => (r#"-u "$FAC_USER:$FAC_API_KEY""#.into(), vec![]),
        "bearer" => (
            r#"-H "Authorization: Bearer $FTC_ACCESS_TOKEN""#.into(),
            vec![
                "# FTC_ACCESS_TOKEN: the access_token of FortiToken Cloud's login (needs jq)".into(),
                format!(
                    r#"FTC_ACCESS_TOKEN=$(curl -sS {} -H 'Content-Type: application/json' --data-raw '{{"client_id":"'"$FTC_CLIENT_ID"'","client_secret":"'"$FTC_CLIENT_SECRET"'"}}' | jq -r .access_token)"#,
                    quote(&at("/api/v1/login"))
                ),
            ],
        ),
        "token" => (
            r#"-H "Authorization: Token $FPC_TOKEN""#.into(),
            vec![
                "# FPC_TOKEN: a FortiPortal token from tokenlogin (needs jq); log it out afterwards with".into(),
                format!(
                    r#"#   curl -sS -X POST {} -H "Authorization: Token $FPC_TOKEN""#,
                    quote(&at("/fpc/api/auth/tokenlogout/"))
                ),
                format!(
                    r#"FPC_TOKEN=$(curl -sS {} -H 'Content-Type: application/json' --data-raw '{{"username":"'"$FPC_USER"'","password":"'"$FPC_PASSWORD"'","ttl_minutes":5}}' | jq -r .token)"#,
                    quote(&at("/fpc/api/auth/tokenlogin/"))
                ),
            ],
        ),
        _ => (
            format!(r#"-H "Authorization: {} $AUTHORIZATION""#, quote_inner(scheme)),
            vec!["# AUTHORIZATION: the credential the target expects after the scheme".into()],
        ),
    }
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

/// `text` as one shell word: as is when it holds only characters no
/// shell treats specially, else in single quotes.
pub fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Text to go inside double quotes: `\`, `"`, `$` and `` ` `` escaped.
fn quote_inner(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The command line (with any commands that set its variables before it,
/// and comments) that sends `sent` again.
pub fn command(sent: Sent<'_>, credentials: Credentials, scrub: &dyn Fn(&str) -> String) -> String {
    // Without user information, here and in the commands that get a token.
    let mut public = sent.url.clone();
    let _ = public.set_username("");
    let _ = public.set_password(None);
    let url = public.to_string();
    let mut before: Vec<String> = Vec::new();
    let mut args: Vec<String> = vec!["curl -sS -i".into()];
    let has_body = sent.body.is_some_and(|b| !b.is_empty());
    if sent.method != "GET" && !(sent.method == "POST" && has_body) {
        args.push(format!("-X {}", quote(sent.method)));
    }
    args.push(quote(&scrub(&url)));
    for (name, value) in sent.headers {
        if name.eq_ignore_ascii_case("authorization") {
            args.push(authorization(
                value,
                credentials,
                &public,
                scrub,
                &mut before,
            ));
        } else {
            args.push(format!("-H {}", quote(&scrub(&format!("{name}: {value}")))));
        }
    }
    if let Some(body) = sent.body.filter(|b| !b.is_empty()) {
        args.push(data(body, scrub, &mut before));
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
) -> String {
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if credentials == Credentials::Configured {
        let (option, setup) = configured(scheme, url);
        before.extend(setup);
        return option;
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        if let Some(pair) = decoded.filter(|p| p.contains(':')) {
            return format!("-u {}", quote(&scrub(&pair)));
        }
    }
    format!("-H {}", quote(&scrub(&format!("Authorization: {value}"))))
}

/// `--data-raw` with the body, its redacted JSON fields replaced by
/// environment variables; a body too large or not UTF-8 is read from a
/// file the user provides, with a comment saying so.
fn data(body: &[u8], scrub: &dyn Fn(&str) -> String, before: &mut Vec<String>) -> String {
    let text = match std::str::from_utf8(body) {
        Ok(t) if t.len() <= BODY_LIMIT => scrub(t),
        _ => {
            before.push(format!(
                "# body.bin: the request body ({} bytes, not shown here)",
                body.len()
            ));
            return "--data-binary @body.bin".into();
        }
    };
    if !text.contains(MASK) {
        return format!("--data-raw {}", quote(&text));
    }
    let Ok(mut doc) = serde_json::from_str::<Value>(&text) else {
        return format!("--data-raw {}", quote(&text));
    };
    // Each redacted field becomes a marker, the marker a spliced variable.
    const MARK: char = '\u{e000}';
    fn mark(v: &mut Value, field: &str) {
        match v {
            Value::String(s) if s == MASK => *s = format!("{MARK}{}{MARK}", body_variable(field)),
            Value::Object(m) => m.iter_mut().for_each(|(k, x)| mark(x, k)),
            Value::Array(a) => a.iter_mut().for_each(|x| mark(x, field)),
            _ => {}
        }
    }
    mark(&mut doc, "");
    let compact = serde_json::to_string(&doc).unwrap_or_default();
    let mut word = String::new();
    for (i, part) in compact.split(MARK).enumerate() {
        if i % 2 == 1 {
            word.push_str(&format!("\"${part}\""));
        } else if !part.is_empty() {
            word.push_str(&format!("'{}'", part.replace('\'', r"'\''")));
        }
    }
    format!("--data-raw {word}")
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

    /// Runs `line` in sh with `curl` and `jq` stubbed to print their
    /// arguments one per line, with the variables set.
    fn sh_args(line: &str) -> String {
        let script = format!(
            "curl() {{ for a in \"$@\"; do printf '%s\\n' \"$a\"; done; }}\njq() {{ cat >/dev/null; echo TOKEN; }}\n{line}"
        );
        let out = std::process::Command::new("sh")
            .args(["-c", &script])
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
        assert_eq!(quote("GET"), "GET");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b$c`d\\"), "'a b$c`d\\'");
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
}
