//! The mock's time source. Every expiry decision (FortiToken Cloud access
//! tokens, FortiPortal API tokens) asks this clock, never `Utc::now()`
//! directly, so tests can move time forward without sleeping. A clock is the
//! system time plus a shared offset; clones share the offset.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

/// System time shifted by an offset that only ever grows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The current instant as the mock sees it.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Moves the mock's time forward by `by` (saturating at a few centuries).
    pub(crate) fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        // Keep well inside chrono's range whatever the caller asks for.
        let cap: i64 = 300 * 365 * 24 * 3600 * 1000;
        let _ = self
            .offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |cur| {
                Some(cur.saturating_add(ms).min(cap))
            });
    }
}
