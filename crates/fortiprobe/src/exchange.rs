//! One request and its answer, as data: what `client` produces and what
//! `check` judges. It lives below both, so neither needs the other.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// One request and its answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: &'static str,
    /// Path and query, as sent (for messages; secrets are redacted at output).
    pub target: String,
    pub status: u16,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub sent_at: DateTime<Utc>,
    pub elapsed: Duration,
    /// The body parsed once, on first use.
    pub parsed: std::sync::OnceLock<Result<Value, String>>,
    /// For a large body: the run's permit for it, held as long as the
    /// exchange lives (`client::http::Large`); `None` for the others.
    pub large: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
    /// Its number among its case's exchanges, when they are recorded:
    /// what a finding judged on it refers to.
    pub recorded: Option<usize>,
}

/// The most JSON values one answer is read as: a listing page of the
/// largest size (1000 objects) holds a few tens of thousands. Parsed, each
/// value takes 32 to about 130 bytes, so an answer under the body cap
/// (32 MiB of `0,`: 16 million values) is never held as a document.
pub const MAX_JSON_VALUES: usize = 500_000;

impl Exchange {
    /// The body as JSON, parsed once (see `json`); a body of more than
    /// `MAX_JSON_VALUES` values is not parsed, and the error says so.
    pub fn json_ref(&self) -> Result<&Value, &str> {
        self.parsed
            .get_or_init(|| {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    return Ok(Value::Null);
                }
                // The count is at most one more than the body's length
                // (each byte adds one at most): a shorter body cannot hold
                // too many, and is not counted.
                if self.body.len() >= MAX_JSON_VALUES && json_values(&self.body) > MAX_JSON_VALUES {
                    return Err(format!(
                        "more than {MAX_JSON_VALUES} JSON values in one answer, which fortiprobe does not read as a document"
                    ));
                }
                // Valid UTF-8 is checked once for the whole body, not string
                // by string (an eighth of the parse); a body that is not
                // UTF-8 is parsed as bytes, for the parser's own message.
                match std::str::from_utf8(&self.body) {
                    Ok(text) => serde_json::from_str(text),
                    Err(_) => serde_json::from_slice(&self.body),
                }
                .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON: `Ok(Null)` for an empty body, `Err` with the parse
    /// problem for bytes that are not JSON.
    pub fn json(&self) -> Result<Value, String> {
        self.json_ref().cloned().map_err(str::to_string)
    }
}

/// How many values the JSON text `body` holds, counted without parsing
/// it (exact for valid JSON): one for the first value, one for each `[`
/// and `{` that is not empty, and one for each `,`, outside strings.
fn json_values(body: &[u8]) -> usize {
    let mut count = 1;
    let mut in_string = false;
    let mut escaped = false;
    let mut opened = false;
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        if opened && matches!(b, b']' | b'}') {
            count -= 1;
        }
        opened = false;
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                count += 1;
                opened = true;
            }
            b',' => count += 1,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &[u8]) -> Exchange {
        Exchange {
            method: "GET",
            target: "/".into(),
            status: 200,
            headers: Vec::new(),
            body: body.to_vec(),
            sent_at: chrono::Utc::now(),
            elapsed: Duration::ZERO,
            parsed: std::sync::OnceLock::new(),
            large: None,
            recorded: None,
        }
    }

    #[test]
    fn values_are_counted_outside_strings() {
        assert_eq!(json_values(b"0"), 1);
        assert_eq!(json_values(b"[0,0,0]"), 4);
        assert_eq!(json_values(br#"{"a":0,"b":[1,2]}"#), 5);
        assert_eq!(json_values(br#"["a,[{", "\",{"]"#), 3);
        assert_eq!(json_values(br#"[{}, [ ], {"a": {}}]"#), 5);
    }

    #[test]
    fn a_count_is_at_most_one_more_than_the_length() {
        for body in [
            &b""[..],
            b"0",
            b",,,,",
            b"[[[[",
            b"[],{},[,]",
            b"\"a,b\",[1,[2,{\"c\":3}]]",
            b"{{{,,,]]]",
        ] {
            assert!(json_values(body) <= body.len() + 1, "{body:?}");
        }
    }

    #[test]
    fn a_body_that_is_not_utf8_gets_the_parsers_message() {
        let ex = answer(b"{\"a\": \"\xff\"}");
        let e = ex.json_ref().unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn an_answer_of_too_many_values_is_not_parsed() {
        let mut body = b"[".to_vec();
        body.extend(std::iter::repeat_n(b"0,".as_slice(), MAX_JSON_VALUES).flatten());
        body.extend_from_slice(b"0]");
        let e = answer(&body).json_ref().unwrap_err().to_string();
        assert!(e.contains("more than 500000 JSON values"), "{e}");
        body.drain(1..5);
        assert!(answer(&body).json_ref().is_ok());
    }
}
