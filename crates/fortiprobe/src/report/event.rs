//! One stream of run events, nextest's way: the runner tells what happens
//! as it happens (a case started, a request went out, an exchange was
//! recorded, a finding, a cleanup done or left behind, a case finished),
//! and every reporter is a `Listener` of that stream and nothing else: the
//! progress line, and the `Collector` from which the summary and the
//! JSON, JUnit and HTML reports are written. A new output is a new
//! listener, never a new channel.
//!
//! Events of one case come in order; events of cases that run at once
//! interleave. A listener is called on the thread that emits, while the
//! case waits: it must be quick and must not block on the runner.

use std::sync::Arc;
use std::time::Duration;

use super::exchange::ExchangeRecord;
use super::outcome::{CaseInfo, Verdict};
use crate::check::Finding;

/// Where a known deviation showed in an answer and what the target sent
/// there: the JSON pointer (or `header <name>`), the value (scrubbed,
/// shortened), the request and the exchange it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub at: String,
    pub value: String,
    /// `GET /api/v1/fortitokens/?limit=20`
    pub request: String,
    /// The exchange's `number` among its case's, when recorded.
    pub exchange: Option<usize>,
}

impl std::fmt::Display for Sighting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {} in ", self.value, self.at)?;
        match self.exchange {
            Some(n) => write!(f, "exchange {} ({})", n + 1, self.request),
            None => write!(f, "the answer to {}", self.request),
        }
    }
}

/// A case run within one run: the key its events carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseKey(pub u64);

/// Something that happened in a run.
#[derive(Debug, Clone)]
pub enum Event {
    /// A case began (before it waits for its product's lock).
    CaseStarted { key: CaseKey, case: CaseInfo },
    /// One attempt of a request went on the wire; `case` is `None` for a
    /// request outside any case (a first probe, an interruption's cleanup).
    RequestSent { case: Option<CaseKey> },
    /// An attempt's body bytes arrived.
    BytesReceived { case: Option<CaseKey>, bytes: u64 },
    /// One exchange of a case, scrubbed and bounded (only when exchanges
    /// are recorded: `-v`, `--html`, `--json`).
    ExchangeRecorded {
        case: CaseKey,
        record: ExchangeRecord,
    },
    /// A part of a case found something (each finding the case keeps).
    Finding {
        case: CaseKey,
        /// The label of the part: `step 2 of 3`, `check pagination`.
        step: String,
        finding: Finding,
    },
    /// A known deviation explained findings of an answer judged for the
    /// case named `case` (`product/endpoint/case`).
    DeviationMet {
        case: String,
        id: String,
        /// Where it showed first in the answer, and what was sent.
        seen: Sighting,
    },
    /// A cleanup step ran: `line` says what was cleaned up, what is left on
    /// the target and how to remove it by hand (`LEFT BEHIND ...`), or
    /// what could not be looked at (`NOT CHECKED ...`). `case` is `None`
    /// for the cleanups an interruption (or the end of the run) made for a
    /// case.
    Cleanup {
        case: Option<CaseKey>,
        line: String,
        outcome: Cleaned,
    },
    /// A case ended: its verdict, its time, what a `--baseline`
    /// comparison found changed.
    CaseFinished {
        key: CaseKey,
        verdict: Verdict,
        duration: Duration,
        changes: Option<String>,
    },
}

/// What one cleanup step came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaned {
    Done,
    /// Something is left on the target.
    LeftBehind,
    /// A step that looks for what is left could not look.
    NotChecked,
}

/// A consumer of the stream.
pub trait Listener: Send + Sync {
    fn event(&self, event: &Event);
}

/// Listens to nothing (a run nobody reports on: the kill matrix, tests).
pub struct Nobody;

impl Listener for Nobody {
    fn event(&self, _: &Event) {}
}

/// Every event to each listener, in order.
pub struct Fanout(pub Vec<Arc<dyn Listener>>);

impl Listener for Fanout {
    fn event(&self, event: &Event) {
        for l in &self.0 {
            l.event(event);
        }
    }
}
