//! The reference mock: one axum server that implements the FortiAuthenticator
//! fortitokens API, FortiToken Cloud's login and temporary tokens, and
//! FortiPortal's token login/logout as the vendor documents them ([doc]
//! first, the web framework's defaults where the docs are silent). It is a
//! second, independent reading of the docs: it never reads `schemas/` or
//! `cases/`, and as a crate of its own it cannot use anything of the suite.
//!
//! Codemap: `data` generates the seeded tokens and FortiToken Cloud users,
//! `clock` is the injectable time source, `reply` holds shared body/answer
//! helpers; `engine` is one tastypie-like engine that serves every
//! FortiAuthenticator resource `fac` declares (`fac/<resource>.rs`, each
//! in the guide's words); `ftc` and `fpc` own the other two products;
//! `faults` is the catalogue (by product, and one fault per declared rule);
//! `error_bodies` re-dresses error answers for the data variants, `meter`
//! counts requests and delays answers, `wire_faults` breaks answers on the
//! wire; `tls` serves HTTPS with a certificate made at start.

pub mod catalogue;
mod clock;
mod data;
mod engine;
mod error_bodies;
mod fac;
pub mod faults;
mod fpc;
mod ftc;
mod meter;
mod reply;
#[cfg(test)]
mod tests;
mod tls;
mod wire_faults;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use clock::Clock;
use engine::{Db, Declaration};
use faults::{Fault, RuleFault, RuleKind};
use fpc::FpcStore;
use ftc::FtcStore;

/// How the mock's data looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockOptions {
    /// Data generation seed.
    pub seed: u64,
    /// Number of FortiAuthenticator tokens.
    pub tokens: usize,
    /// Order of keys in each fortitoken object.
    pub key_order: KeyOrder,
    /// Add an undocumented field to every token object and to the FTC and
    /// FPC success answers (newer firmware does).
    pub extra_field: bool,
    /// Serials with lower-case letters mixed in.
    pub mixed_case_serials: bool,
    /// The [seen] shapes of a real appliance.
    pub seen_shapes: bool,
    /// Faults switched on (see `faults`): each breaks one documented behaviour.
    pub faults: std::collections::BTreeSet<faults::Fault>,
    /// Serve HTTPS with a self-signed certificate made at start (see
    /// `RunningMock::ca_cert_pem`).
    pub tls: bool,
    /// FortiToken Cloud's trial rate limit: at most this many requests to
    /// its routes in any window of this length, then 429 with `Retry-After`
    /// ([doc]: 60 in 5 minutes). `None`: no limit.
    pub rate_limit: Option<(u32, std::time::Duration)>,
    /// Every answer is sent this much later (tokio's timer; zero: at once).
    pub latency: std::time::Duration,
    /// How error answers (4xx) of all three products carry their message.
    pub error_bodies: ErrorBodies,
    /// FortiPortal tokens of 40 letters and digits instead of 64 hex
    /// characters (the docs give no format, only one example).
    pub fpc_token_40: bool,
    /// FortiPortal's tokenlogin answers 201 instead of 200 (its status is
    /// not documented).
    pub fpc_login_201: bool,
    /// FortiAuthenticator paths without their trailing slash answer 301 to
    /// the slashed path, as Django's APPEND_SLASH does, instead of being
    /// served as they are.
    pub fac_unslashed_redirect: bool,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            seed: 1,
            tokens: 60,
            key_order: KeyOrder::Documented,
            extra_field: false,
            mixed_case_serials: false,
            seen_shapes: false,
            faults: std::collections::BTreeSet::new(),
            tls: false,
            rate_limit: None,
            latency: std::time::Duration::ZERO,
            error_bodies: ErrorBodies::Native,
            fpc_token_40: false,
            fpc_login_201: false,
            fac_unslashed_redirect: false,
        }
    }
}

/// How error answers carry their message (`MockOptions::error_bodies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorBodies {
    /// Each product's own: JSON, or nothing for FortiAuthenticator's 401/404.
    #[default]
    Native,
    /// No body at all.
    Empty,
    /// `text/plain` with the message.
    Text,
    /// An HTML error page with the message.
    Html,
}

/// Order of the keys in each fortitoken object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyOrder {
    /// `resource_uri, serial, type, status, locked, license, last_used_at`.
    #[default]
    Documented,
    Alphabetical,
    Reversed,
}

/// What a client needs to talk to this mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub fac_username: String,
    pub fac_api_key: String,
    pub ftc_client_id: String,
    pub ftc_client_secret: String,
    pub fpc_username: String,
    pub fpc_password: String,
    /// Serial of a token that exists and may be deleted ("" when `tokens` is 0).
    pub fac_deletable_token_serial: String,
    /// Serial of an unlocked available token, not the deletable one, that a
    /// case may give to a user it creates ("" when there is none).
    pub fac_assignable_token_serial: String,
    /// Active FTM/FTK user with a valid mobile number.
    pub ftc_temp_token_user: String,
    /// User whose auth method is not FTM/FTK.
    pub ftc_non_token_user: String,
    /// FTM/FTK user with an invalid mobile number.
    pub ftc_invalid_mobile_user: String,
    /// User who may not get a temporary token.
    pub ftc_disabled_user: String,
    /// FTM/FTK user for whom SMS temporary tokens are not allowed.
    pub ftc_sms_disallowed_user: String,
    /// A FortiAuthenticator local user (not an administrator) whose
    /// password `/auth/` validates: the guide documents no way to set one.
    pub fac_auth_username: String,
    pub fac_auth_password: String,
    /// The realm that user belongs to, for `/realmauth/`.
    pub fac_auth_realm: String,
    /// A RADIUS policy and a TACACS+ policy (names; configured on the
    /// appliance, never through the API) a case may attach its own client
    /// to, for `/radiuspolicyclient/` and `/tacpluspolicyclient/`.
    pub fac_radius_policy: String,
    pub fac_tacplus_policy: String,
}

/// The mock's shared state; cheap to clone (one `Arc`).
#[derive(Debug, Clone)]
pub struct MockState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    options: MockOptions,
    credentials: Credentials,
    clock: Clock,
    /// The FortiAuthenticator resources served.
    resources: &'static [Declaration],
    /// Their objects.
    db: Mutex<Db>,
    ftc: Mutex<FtcStore>,
    fpc: Mutex<FpcStore>,
    requests: meter::Counter,
}

/// Locks a store; a poisoned lock is still usable (no handler panics while
/// holding one, and the data stays consistent between statements).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MockState {
    /// Generates the data for `opts`.
    pub fn new(opts: &MockOptions) -> MockState {
        let dataset = data::generate(opts);
        let user_id = |name: &str| {
            dataset
                .users
                .iter()
                .find(|u| u.username == name)
                .map(|u| u.id.clone())
                .unwrap_or_default()
        };
        let (fac_auth_username, fac_auth_password, fac_auth_realm) =
            fac::auth_fixture(opts.seed, &dataset.tokens);
        let credentials = Credentials {
            fac_username: "admin".to_string(),
            fac_api_key: "Xq7bN2kLm9PzR4vT8wYc3HdJ6fGa1ZuE5oKiSn0B".to_string(),
            ftc_client_id: "fortiprobe-mock-client".to_string(),
            ftc_client_secret: "9f3c2a7e5b1d4680ae2c7b9d1f3e5a70".to_string(),
            fpc_username: "spuser".to_string(),
            fpc_password: "Mock-Portal-Pass-2024".to_string(),
            fac_deletable_token_serial: dataset.deletable_serial.clone(),
            fac_assignable_token_serial: dataset.assignable_serial.clone(),
            ftc_temp_token_user: user_id(data::TEMP_TOKEN_USER),
            ftc_non_token_user: user_id(data::NON_TOKEN_USER),
            ftc_invalid_mobile_user: user_id(data::INVALID_MOBILE_USER),
            ftc_disabled_user: user_id(data::DISABLED_USER),
            ftc_sms_disallowed_user: user_id(data::SMS_DISALLOWED_USER),
            fac_auth_username,
            fac_auth_password,
            fac_auth_realm,
            fac_radius_policy: fac::POLICY_FIXTURE.to_string(),
            fac_tacplus_policy: fac::POLICY_FIXTURE.to_string(),
        };
        MockState {
            inner: Arc::new(Inner {
                options: opts.clone(),
                credentials,
                clock: Clock::default(),
                resources: fac::RESOURCES,
                db: Mutex::new(engine::seeded(
                    fac::RESOURCES,
                    &engine::Seeds {
                        opts,
                        tokens: &dataset.tokens,
                    },
                )),
                ftc: Mutex::new(FtcStore::new(dataset.users)),
                fpc: Mutex::new(FpcStore::new()),
                requests: meter::Counter::default(),
            }),
        }
    }

    /// A copy of the credentials and fixtures.
    pub fn credentials(&self) -> Credentials {
        self.inner.credentials.clone()
    }

    /// Moves the mock's clock forward (expiry of FTC access tokens and FPC
    /// API tokens); time never goes back.
    pub fn advance_clock(&self, by: std::time::Duration) {
        self.inner.clock.advance(by);
    }

    pub(crate) fn creds(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// Whether `fault` is switched on.
    pub(crate) fn has(&self, fault: Fault) -> bool {
        self.inner.options.faults.contains(&fault)
    }

    /// Whether any fault is switched on.
    pub(crate) fn any_fault(&self) -> bool {
        !self.inner.options.faults.is_empty()
    }

    /// Whether the rule of kind `kind` of FortiAuthenticator resource
    /// `resource` is broken for `field` ("" for a rule of no field): a fault
    /// names it for that field, or for every field.
    pub(crate) fn broken(&self, resource: &'static str, kind: RuleKind, field: &str) -> bool {
        let faults = &self.inner.options.faults;
        if faults.is_empty() {
            return false;
        }
        faults.iter().any(|f| match f {
            Fault::Rule(RuleFault {
                resource: r,
                kind: k,
                field: named,
            }) => *r == resource && *k == kind && named.is_none_or(|n| n == field),
            _ => false,
        })
    }

    pub(crate) fn options(&self) -> &MockOptions {
        &self.inner.options
    }

    /// Requests received so far, whatever their answer.
    pub fn requests(&self) -> u64 {
        self.inner.requests.get()
    }

    pub(crate) fn counter(&self) -> &meter::Counter {
        &self.inner.requests
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub(crate) fn resources(&self) -> &'static [Declaration] {
        self.inner.resources
    }

    pub(crate) fn db(&self) -> MutexGuard<'_, Db> {
        lock(&self.inner.db)
    }

    pub(crate) fn ftc(&self) -> MutexGuard<'_, FtcStore> {
        lock(&self.inner.ftc)
    }

    pub(crate) fn fpc(&self) -> MutexGuard<'_, FpcStore> {
        lock(&self.inner.fpc)
    }
}

/// The router of all three products; tests drive it directly.
pub fn app(state: MockState) -> Router {
    Router::new()
        .route("/api/v1/", axum::routing::any(engine::serve))
        .route("/api/v1/{*rest}", axum::routing::any(engine::serve))
        .merge(ftc::routes(&state))
        .merge(fpc::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(reply::BODY_LIMIT))
        .layer(axum::middleware::from_fn(reply::refuse_announced_oversize))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error_bodies::dress,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            meter::meter,
        ))
        .with_state(state)
}

async fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

/// A mock served in the background; dropping it stops the server too.
#[derive(Debug)]
pub struct RunningMock {
    addr: SocketAddr,
    credentials: Credentials,
    state: MockState,
    ca_cert_pem: Option<String>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningMock {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, or `https://` when serving TLS.
    pub fn url(&self) -> String {
        let scheme = if self.ca_cert_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The self-signed certificate served with TLS, as PEM, for a client
    /// to trust; `None` without TLS.
    pub fn ca_cert_pem(&self) -> Option<String> {
        self.ca_cert_pem.clone()
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Requests the mock has received so far (every one, whatever its
    /// answer), for benchmarks and tests that count a run's requests.
    pub fn requests(&self) -> u64 {
        self.state.requests()
    }

    /// The served state (to move its clock, for instance).
    pub fn state(&self) -> &MockState {
        &self.state
    }

    /// Stops accepting connections and waits (at most five seconds) for
    /// open ones to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = &mut self.task;
        if tokio::time::timeout(std::time::Duration::from_secs(5), &mut *task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}

/// Binds 127.0.0.1:port (0 = ephemeral) and serves `app` on the current
/// tokio runtime in a spawned task, over HTTPS when `opts.tls` is on.
pub async fn spawn(opts: MockOptions, port: u16) -> std::io::Result<RunningMock> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let identity = if opts.tls {
        Some(tls::identity()?)
    } else {
        None
    };
    let state = MockState::new(&opts);
    let credentials = state.credentials();
    let router = app(state.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let signal = async move {
        // A dropped sender stops the server as well.
        let _ = stopped.await;
    };
    let ca_cert_pem = identity.as_ref().map(|i| i.cert_pem.clone());
    let task = match identity {
        Some(identity) => {
            let listener = tls::TlsListener::new(listener, identity.config)?;
            tokio::spawn(async move {
                let _ = axum::serve(listener, router)
                    .with_graceful_shutdown(signal)
                    .await;
            })
        }
        None => tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(signal)
                .await;
        }),
    };
    Ok(RunningMock {
        addr,
        credentials,
        state,
        ca_cert_pem,
        stop: Some(stop),
        task,
    })
}
