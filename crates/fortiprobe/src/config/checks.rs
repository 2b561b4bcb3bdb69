//! Checks of a target section that serde cannot make without showing the
//! values: the kind of each key and every unknown key, the URL (no user
//! information, nothing after the host) and the strength of each secret.
//! No message here holds a value of the file: only keys, kinds of value,
//! and the public part of a URL (scheme, host, port).

use std::sync::OnceLock;

use serde_json::Value;

use crate::suite::Product;

/// What a key of a product section holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Flag,
    Fixtures,
}

const KEYS: &[(&str, Kind)] = &[
    ("url", Kind::Text),
    ("username", Kind::Text),
    ("api_key", Kind::Text),
    ("client_id", Kind::Text),
    ("client_secret", Kind::Text),
    ("password", Kind::Text),
    ("insecure_tls", Kind::Flag),
    ("ca_cert", Kind::Text),
    ("client_cert", Kind::Text),
    ("client_key", Kind::Text),
    ("fixtures", Kind::Fixtures),
];

/// The shortest secret fortiprobe accepts: a shorter one cannot be masked
/// in its output without masking ordinary text (and is weak anyway).
pub const MIN_SECRET: usize = 8;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A key of a section that is unknown or holds the wrong kind of value.
pub struct Problem {
    /// Pointer below the section.
    pub at: String,
    pub message: String,
    pub unknown: bool,
    /// For an unknown key, the known key it is likely a misspelling of.
    pub suggestion: Option<&'static str>,
}

/// Every key of a section that is unknown or holds the wrong kind of value.
pub fn shape(section: &Value) -> Vec<Problem> {
    let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
    let Some(map) = section.as_object() else {
        return vec![Problem {
            at: String::new(),
            message: format!(
                "a product section is a mapping with {}, not {}",
                names.join(", "),
                kind(section)
            ),
            unknown: false,
            suggestion: None,
        }];
    };
    let mut out = Vec::new();
    let mut push = |at: String, message: String, suggestion: Option<Option<&'static str>>| {
        out.push(Problem {
            at,
            message,
            unknown: suggestion.is_some(),
            suggestion: suggestion.flatten(),
        })
    };
    for (key, v) in map {
        let Some((_, want)) = KEYS.iter().find(|(k, _)| k == key) else {
            let likely = crate::yaml::closest(key, &names);
            let hint = likely
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            let message = format!(
                "unknown key `{key}`, expected one of {}{hint}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            push(key.clone(), message, Some(likely));
            continue;
        };
        match (want, v) {
            (Kind::Text, Value::String(_)) | (Kind::Flag, Value::Bool(_)) => {}
            (Kind::Text, _) => push(
                key.clone(),
                format!(
                    "`{key}` must be a string, not {}; put it in quotes",
                    kind(v)
                ),
                None,
            ),
            (Kind::Flag, _) => push(
                key.clone(),
                format!("`{key}` is true or false, not {}", kind(v)),
                None,
            ),
            (Kind::Fixtures, Value::Object(m)) => {
                for (name, x) in m.iter().filter(|(_, x)| !x.is_string()) {
                    push(
                        format!("{key}/{name}"),
                        format!(
                            "fixture `{name}` must be a string, not {}; put it in quotes",
                            kind(x)
                        ),
                        None,
                    );
                }
            }
            (Kind::Fixtures, _) => push(
                key.clone(),
                format!(
                    "`{key}` is a mapping of fixture names to values, not {}",
                    kind(v)
                ),
                None,
            ),
        }
    }
    out
}

/// The section without its unknown keys (reported by `shape`).
pub fn without_unknown(mut section: Value) -> Value {
    if let Some(map) = section.as_object_mut() {
        map.retain(|k, _| KEYS.iter().any(|(n, _)| n == k));
    }
    section
}

/// The product's base URL; the message of a bad one shows at most the
/// scheme, host and port, never user information, a path or a query.
pub fn url(text: &str) -> Result<url::Url, String> {
    let example = "like https://fac.example.net:443";
    let u = match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        _ => {
            return Err(format!(
                "`url` is not an http(s) URL with a host ({example})"
            ))
        }
    };
    let origin = u.origin().ascii_serialization();
    if !u.username().is_empty() || u.password().is_some() {
        return Err(format!(
            "`url` holds a user name or password (user:password@host), which fortiprobe refuses: it would be sent with every request and could reach the output; give `url: {origin}` and the credentials under their own keys"
        ));
    }
    if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
        return Err(format!(
            "`url` has a path, query or fragment after the host; give only scheme, host and port (`url: {origin}`)"
        ));
    }
    Ok(u)
}

/// Why `value` cannot serve as the secret `key`, if it cannot: too short,
/// or sharing 8 characters (forwards or reversed, any case) with a word
/// fortiprobe prints itself (a field name of the APIs, a key of the target
/// file): every piece of 8 of a secret is masked, so masking would blank
/// that word out everywhere.
pub fn secret(key: &str, value: &str) -> Option<String> {
    if value.chars().count() < MIN_SECRET {
        return Some(format!(
            "`{key}` is shorter than {MIN_SECRET} characters: fortiprobe cannot keep so short a secret out of its output without masking ordinary text; use the real credential"
        ));
    }
    let lower = value.to_lowercase();
    let mut pieces: Vec<String> = crate::redact::forms::pieces(value)
        .into_iter()
        .map(|f| f.text.to_lowercase())
        .collect();
    pieces.push(lower);
    // The word is not named: it holds a piece of the secret.
    vocabulary()
        .iter()
        .any(|w| pieces.iter().any(|p| w.contains(p.as_str())))
        .then(|| {
            format!(
                "`{key}` shares 8 characters or more with a word fortiprobe prints itself (a field name of the APIs or a key of the target file): every piece of a secret is masked, which would blank that name out of every report; use the real credential"
            )
        })
}

/// Names fortiprobe prints: keys of the target file, products, the mask,
/// and every property name of the built-in schemas; lower case.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<String> = KEYS.iter().map(|(k, _)| k.to_string()).collect();
        words.extend(Product::ALL.iter().map(|p| p.key().to_string()));
        words.extend(crate::redact::SECRET_FIELDS.iter().map(|s| s.to_string()));
        words.push("redacted".into());
        for (_, text) in crate::suite::embedded_schemas() {
            if let Ok(doc) = serde_json::from_str::<Value>(text) {
                property_names(&doc, &mut words);
            }
        }
        let mut words: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        words.sort();
        words.dedup();
        words
    })
}

fn property_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get("properties") {
                out.extend(props.keys().cloned());
            }
            if let Some(Value::Array(req)) = m.get("required") {
                out.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
            }
            m.values().for_each(|x| property_names(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| property_names(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_names_keys_and_kinds_never_values() {
        let section = serde_json::json!({
            "url": "https://x", "password": 12345678, "api_key": 3.5,
            "insecure_tls": "yes", "fixtures": {"a": 42}, "pasword": "x", "usernme": "y"
        });
        let found: Vec<(String, String)> = shape(&section)
            .into_iter()
            .map(|p| (p.at, p.message))
            .collect();
        let text = format!("{found:?}");
        for value in ["12345678", "3.5", "yes", "42"] {
            assert!(!text.contains(value), "{value} shown: {text}");
        }
        assert_eq!(
            found.len(),
            6,
            "every problem, unknown keys included: {text}"
        );
        assert!(
            text.contains("`password` must be a string, not a number"),
            "{text}"
        );
        assert!(text.contains("did you mean `password`"), "{text}");
        assert!(text.contains("did you mean `username`"), "{text}");
    }

    #[test]
    fn url_refuses_user_information_and_never_shows_it() {
        let e = url("https://admin:hunter2-pass@fac.example.net:8443").unwrap_err();
        assert!(e.contains("user name or password"), "{e}");
        assert!(e.contains("https://fac.example.net:8443"), "{e}");
        assert!(!e.contains("hunter2") && !e.contains("admin"), "{e}");
        let e = url("https://fac.example.net/api?key=s3cr3t-in-query").unwrap_err();
        assert!(!e.contains("s3cr3t"), "{e}");
        let e = url("not a url s3cr3t").unwrap_err();
        assert!(!e.contains("s3cr3t"), "{e}");
        assert!(url("https://fac.example.net:8443").is_ok());
    }

    #[test]
    fn short_and_word_secrets_are_refused() {
        assert!(secret("password", "Sh0rt!")
            .unwrap()
            .contains("shorter than 8"));
        // Part of a field name of the APIs: masking it would blank the name out.
        for word in [
            "password",
            "PASSWORD",
            "access_token",
            "total_count",
            "fortiportal",
        ] {
            assert!(secret("password", word).is_some(), "{word}");
        }
        // A longer word is refused too: its pieces are masked, and
        // `password` is one of them; so is a name spelt backwards.
        assert!(secret("password", "password1").is_some());
        assert!(secret("password", "tnuoc_latot").is_some());
        assert_eq!(secret("password", "pass-1234-word"), None);
        assert_eq!(
            secret("api_key", "Xq7bN2kLm9PzR4vT8wYc3HdJ6fGa1ZuE5oKiSn0B"),
            None
        );
    }
}
