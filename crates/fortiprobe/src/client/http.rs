//! The only place that touches reqwest: turns an outgoing request into an
//! `Exchange` (what was sent, what came back, how long it took) or a
//! `TransportError` that says what happened on the wire. It decides nothing
//! about pass or fail.

use std::time::{Duration, Instant};

use chrono::Utc;

pub use super::observe::{Observer, Tally};
pub use super::request::{Exchange, Outgoing, TransportError};

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
/// honoured (its `Retry-After`, within a budget); a connection that could
/// not be made is tried again; a GET whose connection broke is tried again.
/// A timeout, or any answer other than 429, is never retried. So one
/// request takes at most `(on_transport + 1) × timeout`, plus the backoff
/// between tries (0.4 s, 0.8 s, …), plus `max_wait` of `Retry-After`.
#[derive(Debug, Clone)]
pub struct Retry {
    pub on_429: u32,
    /// The longest one request waits for `Retry-After` in all; a 429 whose
    /// wait does not fit in what is left is the answer (`--max-wait`).
    pub max_wait: Duration,
    pub on_transport: u32,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            on_429: 3,
            max_wait: Duration::from_secs(120),
            on_transport: 2,
        }
    }
}

/// A run that is stopping (interrupted): from then on no request waits for
/// a `--rate` slot, and no wait (`Retry-After`, backoff) goes past the
/// deadline the interruption set; a wait under way when it comes ends
/// then.
#[derive(Debug, Default)]
pub struct Stop {
    deadline: std::sync::OnceLock<tokio::time::Instant>,
    stopping: tokio::sync::Notify,
}

impl Stop {
    /// Stops the run: waits end at `deadline`, and the waits under way now.
    pub fn set(&self, deadline: tokio::time::Instant) {
        let _ = self.deadline.set(deadline);
        self.stopping.notify_waiters();
    }

    /// Resolves once the run is stopping.
    async fn stopped(&self) {
        let notified = self.stopping.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if self.deadline().is_none() {
            notified.await;
        }
    }

    /// Sleeps `d`, or until the run stops; whether it slept it all.
    async fn sleep(&self, d: Duration) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(d) => true,
            _ = self.stopped() => false,
        }
    }

    pub fn deadline(&self) -> Option<tokio::time::Instant> {
        self.deadline.get().copied()
    }

    /// Whether a wait of `d` from now ends before the deadline (always,
    /// when the run is not stopping).
    fn allows(&self, d: Duration) -> bool {
        self.deadline()
            .is_none_or(|end| tokio::time::Instant::now() + d <= end)
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
    /// Set when the run stops: waits are cut short.
    pub stop: Option<std::sync::Arc<Stop>>,
    /// One large answer in memory at a time across the run (see [`Large`]).
    pub large: Option<std::sync::Arc<Large>>,
    /// Connect without any proxy from the environment (`HTTP_PROXY` and
    /// friends): set for loopback targets such as the embedded mock, which
    /// no proxy can reach.
    pub direct: bool,
}

#[derive(Debug, Clone)]
pub struct Client {
    inner: reqwest::Client,
    max_body: usize,
    timeout: Duration,
    retry: Retry,
    rate: Option<std::sync::Arc<RateLimiter>>,
    stop: std::sync::Arc<Stop>,
    connect_timeout: Duration,
    large: Option<std::sync::Arc<Large>>,
}

/// A body grows past this many bytes: it is a large answer.
pub const LARGE_BODY: usize = 1 << 20;

/// Memory in proportion to one answer, not to answers × threads: a body
/// that grows past [`LARGE_BODY`] is read on only once its case holds the
/// run's one permit for large answers, and the permit goes with the
/// exchange (its bytes and its parsed JSON) until that is dropped. A case
/// that holds it already reads on (a walk, two pages compared); a wait for
/// it is not counted in the request's timeout and lasts at most one
/// timeout, after which the answer is read anyway.
#[derive(Debug)]
pub struct Large {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Default for Large {
    fn default() -> Self {
        Large {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }
}

/// The permit of a large answer, held by its exchange.
#[derive(Debug)]
pub struct LargeAnswer {
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
    /// The case's count of large answers held, lowered when this goes.
    held: std::sync::Weak<std::sync::atomic::AtomicUsize>,
}

impl Drop for LargeAnswer {
    fn drop(&mut self) {
        if let Some(h) = self.held.upgrade() {
            h.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

impl Large {
    /// The permit for one more large answer of the case whose tally is
    /// `case`; waits at most `within` for another case's large answer to go.
    async fn take(&self, within: Duration, case: &Tally) -> LargeAnswer {
        let held = case.large_held();
        let permit = if held.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            None
        } else {
            let wait = std::sync::Arc::clone(&self.permits).acquire_owned();
            tokio::time::timeout(within, wait)
                .await
                .ok()
                .and_then(Result::ok)
        };
        held.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        LargeAnswer {
            _permit: permit,
            held: std::sync::Arc::downgrade(held),
        }
    }
}

impl Client {
    pub fn new(opts: &ClientOptions) -> Result<Client, TransportError> {
        let mut b = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(30))
            .user_agent(concat!("fortiprobe/", env!("CARGO_PKG_VERSION")))
            .danger_accept_invalid_certs(opts.insecure_tls);
        if opts.direct {
            b = b.no_proxy();
        }
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
            stop: opts.stop.clone().unwrap_or_default(),
            connect_timeout: opts.connect_timeout,
            large: opts.large.clone(),
        })
    }

    /// Sends `out`, throttled by `--rate`, retried as `Retry` allows; each
    /// attempt and the bytes received are counted for `observer`.
    pub async fn send(
        &self,
        out: Outgoing,
        observer: &dyn Observer,
    ) -> Result<Exchange, TransportError> {
        let (mut on_429, mut on_transport) = (0u32, 0u32);
        let mut waited = Duration::ZERO;
        loop {
            if let Some(rate) = &self.rate {
                tokio::select! {
                    _ = rate.wait() => {}
                    _ = self.stop.stopped() => {}
                }
            }
            let result = self.send_once(out.clone(), observer).await;
            let pause = match &result {
                Ok(ex) if ex.status == 429 && on_429 < self.retry.on_429 => {
                    let wait = retry_after(ex).unwrap_or(Duration::from_secs(1 << on_429));
                    if waited + wait > self.retry.max_wait || !self.stop.allows(wait) {
                        return result;
                    }
                    on_429 += 1;
                    waited += wait;
                    wait
                }
                Err(TransportError::Connect { .. }) if on_transport < self.retry.on_transport => {
                    on_transport += 1;
                    Duration::from_millis(200 << on_transport)
                }
                Err(TransportError::Broken { .. })
                    if out.method == "GET" && on_transport < self.retry.on_transport =>
                {
                    on_transport += 1;
                    Duration::from_millis(200 << on_transport)
                }
                _ => return result,
            };
            if !self.stop.allows(pause) || !self.stop.sleep(pause).await {
                return result;
            }
        }
    }

    /// One try, no retry: the reachability probe of a run.
    pub async fn try_once(
        &self,
        out: Outgoing,
        observer: &dyn Observer,
    ) -> Result<Exchange, TransportError> {
        if let Some(rate) = &self.rate {
            rate.wait().await;
        }
        let host = host_of(&out.url);
        match self.send_once(out.clone(), observer).await {
            Err(TransportError::Connect { detail, .. }) if detail.contains("(connect timeout)") => {
                // The connection timed out: TCP itself, or a TLS handshake that stalled?
                Err(stalled(&out.url, &host, self.connect_timeout, detail).await)
            }
            other => other,
        }
    }

    async fn send_once(
        &self,
        out: Outgoing,
        observer: &dyn Observer,
    ) -> Result<Exchange, TransportError> {
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
        observer.tally().sent();
        observer.sent();
        let sent_at = Utc::now();
        let started = Instant::now();
        let mut deadline = tokio::time::Instant::now() + self.timeout;
        let mut resp = match tokio::time::timeout_at(deadline, req.send()).await {
            Err(_) => return Err(self.timed_out(&host)),
            Ok(r) => r.map_err(|e| classify(&e, &host, self.timeout, self.connect_timeout))?,
        };
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
        let mut read = 0u64;
        let body = self
            .read_body(
                &mut resp,
                &mut deadline,
                &host,
                (observer.tally(), &mut read),
            )
            .await;
        observer.tally().received(read);
        observer.received(read);
        let (body, large) = body?;
        Ok(Exchange {
            method: out.method,
            target,
            status,
            headers,
            body,
            sent_at,
            elapsed: started.elapsed(),
            parsed: std::sync::OnceLock::new(),
            large,
            recorded: None,
        })
    }

    fn timed_out(&self, host: &str) -> TransportError {
        TransportError::Timeout {
            host: host.to_string(),
            secs: self.timeout.as_secs().max(1),
        }
    }

    /// The answer's body, chunk by chunk, within `deadline` and `max_body`;
    /// past `LARGE_BODY` it waits for the run's large-answer permit (and
    /// holds it in the Exchange), the wait moving the deadline.
    async fn read_body(
        &self,
        resp: &mut reqwest::Response,
        deadline: &mut tokio::time::Instant,
        host: &str,
        (case, read): (&Tally, &mut u64),
    ) -> Result<
        (
            Vec<u8>,
            Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
        ),
        TransportError,
    > {
        let mut body = Vec::new();
        let mut large: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>> = None;
        loop {
            let chunk = match tokio::time::timeout_at(*deadline, resp.chunk()).await {
                Err(_) => return Err(self.timed_out(host)),
                Ok(Ok(Some(chunk))) => chunk,
                Ok(Ok(None)) => break,
                Ok(Err(e)) => return Err(classify(&e, host, self.timeout, self.connect_timeout)),
            };
            if body.len() + chunk.len() > self.max_body {
                return Err(TransportError::TooLarge {
                    host: host.to_string(),
                    limit: self.max_body,
                });
            }
            *read += chunk.len() as u64;
            body.extend_from_slice(&chunk);
            if let (Some(l), None) = (&self.large, &large) {
                if body.len() > LARGE_BODY {
                    // The wait for another case's large answer is not the target's time.
                    let waited = tokio::time::Instant::now();
                    large = Some(std::sync::Arc::new(l.take(self.timeout, case).await));
                    *deadline += waited.elapsed();
                }
            }
        }
        Ok((body, large))
    }
}

/// A connection that timed out: when a plain TCP connection to the host
/// succeeds, it was the TLS handshake that stalled.
async fn stalled(url: &url::Url, host: &str, within: Duration, detail: String) -> TransportError {
    let tcp = match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) if url.scheme() == "https" => {
            let h = h.trim_start_matches('[').trim_end_matches(']');
            tokio::time::timeout(within, tokio::net::TcpStream::connect((h, p)))
                .await
                .is_ok_and(|c| c.is_ok())
        }
        _ => false,
    };
    if tcp {
        TransportError::Tls {
            host: host.to_string(),
            detail: format!(
                "the TLS handshake did not complete within {} s",
                within.as_secs().max(1)
            ),
        }
    } else {
        TransportError::Connect {
            host: host.to_string(),
            detail,
        }
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

fn classify(
    e: &reqwest::Error,
    host: &str,
    timeout: Duration,
    connect_timeout: Duration,
) -> TransportError {
    let detail = chain(e);
    let host = host.to_string();
    if e.is_connect() && e.is_timeout() {
        return TransportError::Connect {
            host,
            detail: format!(
                "no connection within {} s (connect timeout)",
                connect_timeout.as_secs().max(1)
            ),
        };
    }
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
