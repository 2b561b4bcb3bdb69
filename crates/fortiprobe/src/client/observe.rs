//! Who is told about a request, and what it is sent for: every request a
//! `Session` sends names its `Part` (the part of a case sending it, with
//! which credentials, and the `Observer` of that case). The client counts
//! each attempt and the bytes received in the observer's `Tally`, tells it
//! of them, and, when it records exchanges, hands it each request with
//! what came back. Nothing here is shown as it is: the observer (the
//! runner's tap of one case) scrubs and bounds what it keeps. No value
//! travels any other way (no task-local, no global).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::request::{Exchange, Outgoing, TransportError};
use crate::suite::case::Auth;

/// What kind of request of a case an exchange was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A step's (or cleanup step's) own request.
    Request,
    /// A page fetched by a walk or a property check (`Session::get`).
    Page,
    /// The product's login, made once per run for its bearer token.
    Login,
}

/// One request and what came of it, as sent (credentials included: the
/// observer scrubs it).
#[derive(Debug)]
pub struct Captured {
    pub kind: Kind,
    /// The label of the part of the case that sent it (`step 2 of 3`,
    /// `cleanup 1`, `check pagination`), empty outside any.
    pub within: String,
    pub sent: Outgoing,
    /// The answer, or what happened on the wire instead.
    pub answer: Result<Exchange, TransportError>,
    pub elapsed: Duration,
    /// The request carried the configured credentials (or a token obtained
    /// with them), not made-up ones the target must refuse.
    pub configured: bool,
}

/// Requests sent (each attempt counts), body bytes received, and the large
/// answers held right now (see `http::Large`): one case's, or the run's
/// outside any case.
#[derive(Debug, Default)]
pub struct Tally {
    requests: AtomicU64,
    bytes: AtomicU64,
    /// Shared with the permits of the large answers held (which may
    /// outlive the case that read them).
    large_held: Arc<AtomicUsize>,
}

impl Tally {
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub(super) fn large_held(&self) -> &Arc<AtomicUsize> {
        &self.large_held
    }

    pub(super) fn sent(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn received(&self, n: u64) {
        self.bytes.fetch_add(n, Ordering::Relaxed);
    }
}

/// Who is told about the requests of one case (or of the run, outside any).
pub trait Observer: Send + Sync {
    /// What the client counts: requests, bytes, large answers held.
    fn tally(&self) -> &Tally;
    /// One attempt went on the wire (after the tally counted it).
    fn sent(&self) {}
    /// One attempt's body bytes arrived (after the tally counted them).
    fn received(&self, _bytes: u64) {}
    /// Whether the case's exchanges are recorded (else none is cloned).
    fn records(&self) -> bool {
        false
    }
    /// One exchange of the case; its number among the case's exchanges.
    fn exchange(&self, _exchange: Captured) -> Option<usize> {
        None
    }
}

/// A tally told nothing more: requests are counted, nothing is recorded.
impl Observer for Tally {
    fn tally(&self) -> &Tally {
        self
    }
}

/// What a request is sent for: the part of a case (its label), the
/// credentials of that part, and who is told.
#[derive(Clone, Copy)]
pub struct Part<'a> {
    /// `step 2 of 3`, `cleanup 1`, `check pagination`; empty outside a case.
    pub label: &'a str,
    pub auth: Auth,
    pub observer: &'a dyn Observer,
}

impl<'a> Part<'a> {
    /// A part outside any case, told to `observer`.
    pub fn outside(observer: &'a dyn Observer) -> Part<'a> {
        Part {
            label: "",
            auth: Auth::Default,
            observer,
        }
    }

    /// Whether the request carried the configured credentials.
    pub(super) fn configured(&self, kind: Kind) -> bool {
        match kind {
            Kind::Login => true,
            Kind::Page => self.auth == Auth::Default,
            Kind::Request => matches!(self.auth, Auth::Default | Auth::None),
        }
    }
}
