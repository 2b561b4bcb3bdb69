//! The client layer: the only place that sends requests. A `Session` is one
//! configured product (its target, its connection pool, its credentials);
//! `http` is the only code that touches reqwest; `redirect` follows one
//! redirect by hand, for a request that opts in. Nothing here decides pass
//! or fail (the listing walker, which does, is `probe::walker`). Every
//! request names what it is sent for (`observe::Part`): its case's
//! observer counts it and, when reports ask for exchanges, records it.
//! Errors stay typed (`TransportError`, `FetchError`).

pub mod auth;
pub mod http;
pub mod link;
pub mod observe;
pub mod redirect;
pub mod request;

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::config::ProductTarget;
use crate::product::Product;
use crate::redact::Redactor;
use http::{Client, ClientOptions, Exchange, Outgoing, TransportError};
use observe::{Captured, Kind, Observer, Part};
use request::FetchError;

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

    /// Sends a request as it is (throttled and retried as the client
    /// allows), for `part`.
    pub async fn send(&self, out: Outgoing, part: &Part<'_>) -> Result<Exchange, TransportError> {
        self.send_as(Kind::Request, out, part).await
    }

    /// Sends `out`; hands a copy of it and its answer to the part's
    /// observer when it records exchanges, and the answer comes back with
    /// the number the observer gave it.
    async fn send_as(
        &self,
        kind: Kind,
        out: Outgoing,
        part: &Part<'_>,
    ) -> Result<Exchange, TransportError> {
        if !part.observer.records() {
            return self.http.send(out, part.observer).await;
        }
        let started = std::time::Instant::now();
        let mut result = self.http.send(out.clone(), part.observer).await;
        let elapsed = match &result {
            Ok(ex) => ex.elapsed,
            Err(_) => started.elapsed(),
        };
        let number = part.observer.exchange(Captured {
            kind,
            within: part.label.to_string(),
            sent: out,
            answer: result.clone(),
            elapsed,
            configured: part.configured(kind),
        });
        if let Ok(ex) = &mut result {
            ex.recorded = number;
        }
        result
    }

    /// One try of a request, no retry: the reachability probe. A stalled
    /// TLS handshake is told apart from a connection that never came.
    pub async fn probe(
        &self,
        out: Outgoing,
        observer: &dyn Observer,
    ) -> Result<Exchange, TransportError> {
        self.http.try_once(out, observer).await
    }

    /// A GET of `url` with the part's credentials and `extra` headers.
    pub async fn get(
        &self,
        url: url::Url,
        extra: &[(String, String)],
        part: &Part<'_>,
    ) -> Result<Exchange, FetchError> {
        let mut headers = self
            .auth_headers(part)
            .await
            .map_err(FetchError::Credentials)?;
        headers.extend(extra.iter().cloned());
        let out = Outgoing {
            method: "GET",
            url,
            headers,
            body: None,
        };
        Ok(self.send_as(Kind::Page, out, part).await?)
    }

    /// Sends the product's login request (see `auth`).
    async fn send_login(&self, out: Outgoing, part: &Part<'_>) -> Result<Exchange, TransportError> {
        self.send_as(Kind::Login, out, part).await
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
