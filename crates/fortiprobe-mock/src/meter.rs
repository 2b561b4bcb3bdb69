//! Around every answer of the mock: the request counter (every request
//! received counts, whatever its answer; `RunningMock::requests`) and the
//! latency option (`MockOptions::latency`: the answer waits on tokio's
//! timer, so other requests go on meanwhile).

use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::MockState;

/// Requests received so far.
#[derive(Debug, Default)]
pub(crate) struct Counter(AtomicU64);

impl Counter {
    pub(crate) fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn add_one(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Counts the request, waits the configured latency, then answers.
pub(crate) async fn meter(
    State(state): State<MockState>,
    request: Request,
    next: Next,
) -> Response {
    state.counter().add_one();
    let latency = state.options().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    next.run(request).await
}
