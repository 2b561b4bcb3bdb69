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

impl Exchange {
    /// The body as JSON, parsed once (see `json`).
    pub fn json_ref(&self) -> Result<&Value, &str> {
        self.parsed
            .get_or_init(|| {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    return Ok(Value::Null);
                }
                serde_json::from_slice(&self.body).map_err(|e| e.to_string())
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
