//! The client layer: the only place that sends requests. A `Session` is one
//! configured product (its target, its connection pool, its credentials);
//! `http` is the only code that touches reqwest; `walker` is the one
//! listing walker; `redirect` follows one redirect by hand, for a request
//! that opts in. Nothing here decides pass or fail: pages are judged
//! through the `walker::Pages` trait the runner implements. Every request a
//! session sends goes to the task's `capture::Recorder` when reports ask
//! for exchanges.

pub mod auth;
pub mod capture;
pub mod http;
pub mod link;
pub mod redirect;
pub mod walker;

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::config::ProductTarget;
use crate::product::Product;
use crate::redact::Redactor;
use crate::suite::case::Auth;
use capture::Kind;
use http::{Client, ClientOptions, Exchange, Outgoing, TransportError};

/// One configured product: where it is, how to reach it, how to log in.
pub struct Session {
    pub product: Product,
    pub target: ProductTarget,
    http: Client,
    /// The bearer token of a product that logs in, once per run.
    bearer: OnceCell<Result<String, String>>,
    redactor: Arc<Redactor>,
}

impl Session {
    /// The product's session; `options` without the TLS files, which are
    /// read here from the target. Registers the product's secret with
    /// `redactor`.
    pub fn new(
        product: Product,
        target: &ProductTarget,
        options: ClientOptions,
        redactor: Arc<Redactor>,
    ) -> Result<Session, TransportError> {
        let d = product.describe();
        if let Some(secret) = target.credential(d.secret) {
            redactor.add(secret, target.credential(d.user));
        }
        // Secret fixtures (a password the auth cases send) are masked too.
        for f in d.fixtures.iter().filter(|f| f.secret) {
            if let Some(v) = target.fixtures.get(f.name) {
                redactor.add(v, None);
            }
        }
        let read = |p: &Option<std::path::PathBuf>| -> Result<Option<Vec<u8>>, TransportError> {
            p.as_ref()
                .map(|p| {
                    std::fs::read(p).map_err(|e| {
                        TransportError::Setup(format!("cannot read {}: {e}", p.display()))
                    })
                })
                .transpose()
        };
        let mut identity = read(&target.client_cert)?;
        if let (Some(id), Some(key)) = (&mut identity, read(&target.client_key)?) {
            id.push(b'\n');
            id.extend_from_slice(&key);
        }
        let http = Client::new(&ClientOptions {
            insecure_tls: target.insecure_tls,
            ca_cert: read(&target.ca_cert)?,
            client_identity: identity,
            direct: options.direct || is_loopback(&target.url),
            ..options
        })?;
        Ok(Session {
            product,
            target: target.clone(),
            http,
            bearer: OnceCell::new(),
            redactor,
        })
    }

    /// Sends a request as it is (throttled and retried as the client allows).
    pub async fn send(&self, out: Outgoing) -> Result<Exchange, TransportError> {
        self.send_as(Kind::Request, None, out).await
    }

    /// Sends `out`; hands a copy of it and its answer to the task's
    /// recorder when there is one.
    async fn send_as(
        &self,
        kind: Kind,
        auth: Option<Auth>,
        out: Outgoing,
    ) -> Result<Exchange, TransportError> {
        if !capture::recording() {
            return self.http.send(out).await;
        }
        let started = std::time::Instant::now();
        let result = self.http.send(out.clone()).await;
        let answer = match &result {
            Ok(ex) => Ok(ex.clone()),
            Err(e) => Err(e.to_string()),
        };
        let elapsed = match &result {
            Ok(ex) => ex.elapsed,
            Err(_) => started.elapsed(),
        };
        capture::record(kind, out, answer, elapsed, auth);
        result
    }

    /// One try of a request, no retry: the reachability probe. A stalled
    /// TLS handshake is told apart from a connection that never came.
    pub async fn probe(&self, out: Outgoing) -> Result<Exchange, TransportError> {
        self.http.try_once(out).await
    }

    /// A GET of `url` with `auth` and `extra` headers.
    pub async fn get(
        &self,
        url: url::Url,
        auth: Auth,
        extra: &[(String, String)],
    ) -> Result<Exchange, String> {
        let mut headers = self.auth_headers(auth).await?;
        headers.extend(extra.iter().cloned());
        let out = Outgoing {
            method: "GET",
            url,
            headers,
            body: None,
        };
        self.send_as(Kind::Page, Some(auth), out)
            .await
            .map_err(|e| e.to_string())
    }

    /// Sends the product's login request (see `auth`).
    async fn send_login(&self, out: Outgoing) -> Result<Exchange, TransportError> {
        self.send_as(Kind::Login, None, out).await
    }
}

/// Whether `url` names this machine (127.0.0.0/8, ::1 or `localhost`):
/// requests to it never go through a proxy from the environment.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
