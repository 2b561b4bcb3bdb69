//! Capturing a case's exchanges for the reports (`--verbose`, `--html`,
//! `--json`): while a `Recorder` is set for a task (`recorded`), every
//! request a `Session` sends in it (steps, cleanup, walk and check pages,
//! the product's login) is handed to the recorder with what came back and
//! where in the case it was sent (`labelled`). Without a recorder nothing
//! is cloned or kept. The recorder (the report layer's `Capture`) scrubs
//! and bounds what it keeps; nothing here is shown as it is.

use std::sync::Arc;
use std::time::Duration;

use super::http::{Exchange, Outgoing};
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
/// recorder scrubs it).
#[derive(Debug)]
pub struct Captured {
    pub kind: Kind,
    /// The label of the part of the case that sent it (`step 2 of 3`,
    /// `cleanup 1`, `check pagination`), empty outside any.
    pub within: String,
    pub sent: Outgoing,
    /// The answer, or what happened on the wire instead.
    pub answer: Result<Exchange, String>,
    pub elapsed: Duration,
    /// The request carried the configured credentials (or a token obtained
    /// with them), not made-up ones the target must refuse.
    pub configured: bool,
}

/// Where a case's exchanges go.
pub trait Recorder: Send + Sync {
    fn record(&self, exchange: Captured);
}

/// The part of a case that is sending, and with which credentials.
#[derive(Debug, Clone)]
struct Label {
    text: String,
    auth: Auth,
}

tokio::task_local! {
    static RECORDER: Arc<dyn Recorder>;
    static LABEL: Label;
}

/// Runs `f` with every request it sends through a `Session` handed to `recorder`.
pub async fn recorded<F: std::future::Future>(recorder: Arc<dyn Recorder>, f: F) -> F::Output {
    RECORDER.scope(recorder, f).await
}

/// Runs `f` as the part of the case called `label`, sending with `auth`
/// (only noted when exchanges are recorded).
pub async fn labelled<F: std::future::Future>(label: &str, auth: Auth, f: F) -> F::Output {
    if !recording() {
        return f.await;
    }
    let label = Label {
        text: label.to_string(),
        auth,
    };
    LABEL.scope(label, f).await
}

/// Whether the current task records its exchanges.
pub fn recording() -> bool {
    RECORDER.try_with(|_| ()).is_ok()
}

/// Hands one exchange to the task's recorder, if it has one. `auth` is
/// the credentials of a page fetch; a step's request and the login take
/// the label's.
pub(super) fn record(
    kind: Kind,
    sent: Outgoing,
    answer: Result<Exchange, String>,
    elapsed: Duration,
    auth: Option<Auth>,
) {
    let (within, label_auth) = LABEL
        .try_with(|l| (l.text.clone(), l.auth))
        .unwrap_or((String::new(), Auth::Default));
    let configured = match kind {
        Kind::Login => true,
        Kind::Page => auth.unwrap_or(label_auth) == Auth::Default,
        Kind::Request => matches!(label_auth, Auth::Default | Auth::None),
    };
    let captured = Captured {
        kind,
        within,
        sent,
        answer,
        elapsed,
        configured,
    };
    let _ = RECORDER.try_with(|r| r.record(captured));
}
