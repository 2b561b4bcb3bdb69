//! A case's tap on the event stream: the `client::Observer` of its
//! requests (each attempt and the bytes received told as events, counted
//! in its tally; its exchanges numbered, recorded and told once settled,
//! when the run records them), and the one place the case tells the run's
//! listener anything. A tap without a case (`Tap::outside`) tells the
//! requests of the run outside any case: a first probe, the cleanups an
//! interruption makes.

use crate::client::observe::{Captured, Observer, Tally};
use crate::redact::Redactor;
use crate::report::event::{CaseKey, Event, Listener};
use crate::report::{Capture, ExchangeLog};

pub(crate) struct Tap<'a> {
    /// `None` outside any case.
    key: Option<CaseKey>,
    listener: &'a dyn Listener,
    tally: Tally,
    /// When the run records exchanges.
    capture: Option<Capture>,
}

impl<'a> Tap<'a> {
    /// The tap of case `key`; it records exchanges when `records` (scrubbed
    /// by `redactor`).
    pub(crate) fn case(
        key: CaseKey,
        listener: &'a dyn Listener,
        records: Option<&std::sync::Arc<Redactor>>,
    ) -> Tap<'a> {
        Tap {
            key: Some(key),
            listener,
            tally: Tally::default(),
            capture: records.map(|r| Capture::new(std::sync::Arc::clone(r))),
        }
    }

    /// The tap of the run's requests outside any case.
    pub(crate) fn outside(listener: &'a dyn Listener) -> Tap<'a> {
        Tap {
            key: None,
            listener,
            tally: Tally::default(),
            capture: None,
        }
    }

    pub(crate) fn key(&self) -> Option<CaseKey> {
        self.key
    }

    /// Tells the run's listener.
    pub(crate) fn tell(&self, event: Event) {
        self.listener.event(&event);
    }

    /// The case's exchanges (the last one told now); empty when none were
    /// recorded.
    pub(crate) fn finish(&self) -> ExchangeLog {
        let Some(c) = &self.capture else {
            return ExchangeLog::new();
        };
        let (last, log) = c.finish();
        self.told(last);
        log
    }

    fn told(&self, record: Option<crate::report::ExchangeRecord>) {
        if let (Some(record), Some(case)) = (record, self.key) {
            self.tell(Event::ExchangeRecorded { case, record });
        }
    }
}

impl Observer for Tap<'_> {
    fn tally(&self) -> &Tally {
        &self.tally
    }

    fn sent(&self) {
        self.tell(Event::RequestSent { case: self.key });
    }

    fn received(&self, bytes: u64) {
        self.tell(Event::BytesReceived {
            case: self.key,
            bytes,
        });
    }

    fn records(&self) -> bool {
        self.capture.is_some()
    }

    fn exchange(&self, exchange: Captured) -> Option<usize> {
        let c = self.capture.as_ref()?;
        let (number, settled) = c.record(exchange);
        self.told(settled);
        Some(number)
    }
}
