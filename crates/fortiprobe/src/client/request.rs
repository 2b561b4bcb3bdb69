//! A request ready to go on the wire, and what can go wrong there: the
//! words the client, its observers and the runner share.

/// A request ready to go on the wire.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub method: &'static str,
    pub url: url::Url,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

pub use crate::exchange::Exchange;

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

/// Why a GET of a page could not be had: the credentials could not be
/// made (a login that failed), or what went wrong on the wire.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("{0}")]
    Credentials(String),
    #[error(transparent)]
    Transport(#[from] TransportError),
}
