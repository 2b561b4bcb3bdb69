//! The only place that touches reqwest: turns an outgoing request into an
//! `Exchange` (what was sent, what came back, how long it took) or a
//! `TransportError` that says what happened on the wire. It decides nothing
//! about pass or fail.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Spaces requests out to at most `per_second` a second, across every
/// client that shares it (`--rate`).
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next: tokio::sync::Mutex<Option<tokio::time::Instant>>,
}

impl RateLimiter {
    pub fn new(per_second: f64) -> RateLimiter {
        RateLimiter {
            interval: Duration::from_secs_f64(1.0 / per_second.max(0.001)),
            next: tokio::sync::Mutex::new(None),
        }
    }

    /// Waits for this request's slot.
    pub async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let now = tokio::time::Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// How a client retries: only what cannot be a wrong answer. A 429 is
/// honoured (its `Retry-After`, bounded); a connection that could not be
/// made is tried again; a GET whose connection broke is tried again. A
/// timeout, or any answer other than 429, is never retried.
#[derive(Debug, Clone)]
pub struct Retry {
    pub on_429: u32,
    /// The longest `Retry-After` honoured; a longer one is the answer.
    pub max_wait: Duration,
    pub on_transport: u32,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            on_429: 3,
            max_wait: Duration::from_secs(300),
            on_transport: 2,
        }
    }
}

/// TLS and limits for one product's connections.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    pub retry: Retry,
    pub rate: Option<std::sync::Arc<RateLimiter>>,
    pub insecure_tls: bool,
    /// PEM bundle of extra trusted roots.
    pub ca_cert: Option<Vec<u8>>,
    /// PEM with the client certificate and its private key.
    pub client_identity: Option<Vec<u8>>,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_body: usize,
}

#[derive(Debug, Clone)]
pub struct Client {
    inner: reqwest::Client,
    max_body: usize,
    timeout: Duration,
    retry: Retry,
    rate: Option<std::sync::Arc<RateLimiter>>,
}

/// A request ready to go on the wire.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub method: &'static str,
    pub url: url::Url,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

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

/// What went wrong on the wire; each says what happened, never a secret.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TransportError {
    #[error("cannot connect to {host}: {detail}")]
    Connect { host: String, detail: String },
    #[error("TLS failure with {host}: {detail}")]
    Tls { host: String, detail: String },
    #[error("no complete answer from {host} within {secs} s (timeout)")]
    Timeout { host: String, secs: u64 },
    #[error("the answer from {host} is larger than the {limit} byte cap; stopped reading")]
    TooLarge { host: String, limit: usize },
    #[error("the connection to {host} failed before the answer was complete: {detail}")]
    Broken { host: String, detail: String },
    #[error("bad client setup: {0}")]
    Setup(String),
}

impl TransportError {
    /// The target could not be reached at all (as opposed to a bad answer).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            TransportError::Connect { .. } | TransportError::Tls { .. }
        )
    }
}

impl Client {
    pub fn new(opts: &ClientOptions) -> Result<Client, TransportError> {
        let mut b = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(30))
            .user_agent(concat!("fortiprobe/", env!("CARGO_PKG_VERSION")))
            .danger_accept_invalid_certs(opts.insecure_tls);
        if let Some(pem) = &opts.ca_cert {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                TransportError::Setup(format!("ca_cert is not a PEM certificate bundle: {e}"))
            })?;
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        if let Some(pem) = &opts.client_identity {
            let id = reqwest::Identity::from_pem(pem).map_err(|e| {
                TransportError::Setup(format!(
                    "client certificate and key are not usable PEM: {e}"
                ))
            })?;
            b = b.identity(id);
        }
        let inner = b.build().map_err(|e| TransportError::Setup(chain(&e)))?;
        Ok(Client {
            inner,
            max_body: opts.max_body,
            timeout: opts.timeout,
            retry: opts.retry.clone(),
            rate: opts.rate.clone(),
        })
    }

    /// Sends `out`, throttled by `--rate`, retried as `Retry` allows.
    pub async fn send(&self, out: Outgoing) -> Result<Exchange, TransportError> {
        let (mut on_429, mut on_transport) = (0u32, 0u32);
        loop {
            if let Some(rate) = &self.rate {
                rate.wait().await;
            }
            let result = self.send_once(out.clone()).await;
            match &result {
                Ok(ex) if ex.status == 429 && on_429 < self.retry.on_429 => {
                    let wait = retry_after(ex).unwrap_or(Duration::from_secs(1 << on_429));
                    if wait > self.retry.max_wait {
                        return result;
                    }
                    on_429 += 1;
                    tokio::time::sleep(wait).await;
                }
                Err(TransportError::Connect { .. }) if on_transport < self.retry.on_transport => {
                    on_transport += 1;
                    tokio::time::sleep(Duration::from_millis(200 << on_transport)).await;
                }
                Err(TransportError::Broken { .. })
                    if out.method == "GET" && on_transport < self.retry.on_transport =>
                {
                    on_transport += 1;
                    tokio::time::sleep(Duration::from_millis(200 << on_transport)).await;
                }
                _ => return result,
            }
        }
    }

    async fn send_once(&self, out: Outgoing) -> Result<Exchange, TransportError> {
        let host = host_of(&out.url);
        let target = super::link::target_of(&out.url);
        let method = reqwest::Method::from_bytes(out.method.as_bytes())
            .map_err(|e| TransportError::Setup(e.to_string()))?;
        let mut req = self.inner.request(method, out.url.clone());
        for (k, v) in &out.headers {
            req = req.header(k, v);
        }
        if let Some(body) = out.body {
            req = req.body(body);
        }
        let sent_at = Utc::now();
        let started = Instant::now();
        let mut resp = req
            .send()
            .await
            .map_err(|e| classify(&e, &host, self.timeout))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        if resp
            .content_length()
            .is_some_and(|n| n > self.max_body as u64)
        {
            return Err(TransportError::TooLarge {
                host,
                limit: self.max_body,
            });
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_body {
                        return Err(TransportError::TooLarge {
                            host,
                            limit: self.max_body,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(classify(&e, &host, self.timeout)),
            }
        }
        Ok(Exchange {
            method: out.method,
            target,
            status,
            headers,
            body,
            sent_at,
            elapsed: started.elapsed(),
            parsed: std::sync::OnceLock::new(),
        })
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(ex: &Exchange) -> Option<Duration> {
    let v = ex.header("retry-after")?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let left = at.with_timezone(&Utc) - Utc::now();
    Some(left.to_std().unwrap_or(Duration::ZERO))
}

fn host_of(url: &url::Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.as_str().to_string(),
    }
}

/// The error and its causes on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts.join(": ")
}

fn classify(e: &reqwest::Error, host: &str, timeout: Duration) -> TransportError {
    let detail = chain(e);
    let host = host.to_string();
    if e.is_timeout() {
        return TransportError::Timeout {
            host,
            secs: timeout.as_secs().max(1),
        };
    }
    let lower = detail.to_ascii_lowercase();
    let tls = [
        "certificate",
        "tls",
        "handshake",
        "ssl",
        "unknownissuer",
        "alert",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if e.is_connect() {
        if tls {
            return TransportError::Tls { host, detail };
        }
        return TransportError::Connect { host, detail };
    }
    if tls && !e.is_body() {
        return TransportError::Tls { host, detail };
    }
    TransportError::Broken { host, detail }
}
