//! Interruption and the cleanups still owed. A case with cleanup puts its
//! values in a registry after each step; its own cleanup takes them out. On
//! interruption no new step starts, the steps on the wire are waited for (at
//! most one request timeout), and every case still in the registry is
//! cleaned up by the interruption instead. After all trials, a case that
//! stopped short (a panic) is cleaned up the same way.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::Runner;
use crate::vars::Scope;

/// A step on the wire, counted while it lives.
pub(super) struct InFlight<'a>(&'a Runner);

impl<'a> InFlight<'a> {
    /// Counts a step in flight, unless the run is stopping. Counted before
    /// looking at `stopping`: `interrupt` sets `stopping` before it waits
    /// for none in flight, so a step either sees the interruption or is
    /// waited for.
    pub(super) fn start(runner: &'a Runner) -> Option<InFlight<'a>> {
        let flight = InFlight::always(runner);
        if runner.stopping.load(Ordering::SeqCst) {
            return None;
        }
        Some(flight)
    }

    /// Counts a step in flight whatever happens (cleanup).
    pub(super) fn always(runner: &'a Runner) -> InFlight<'a> {
        runner.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(runner)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Runner {
    /// Records a case's values so far: what its cleanup would need.
    pub(super) fn register(&self, id: &str, index: usize, scope: &Scope) {
        if let Ok(mut m) = self.pending.lock() {
            m.insert(id.to_string(), (index, scope.clone()));
        }
    }

    /// Takes a case out of the registry; `true` when an interruption had
    /// taken it already (and runs its cleanup).
    pub(super) fn taken_by_interrupt(&self, id: &str) -> bool {
        self.pending
            .lock()
            .map(|mut m| m.remove(id).is_none())
            .unwrap_or(false)
    }

    /// On interruption: stops new steps, waits (at most one request
    /// timeout) for those on the wire, then runs the cleanup of every case
    /// that had started one. Returns one line per case: cleaned up, or what
    /// was left behind.
    pub async fn interrupt(&self) -> Vec<String> {
        self.stopping.store(true, Ordering::SeqCst);
        let deadline = tokio::time::Instant::now() + self.options.timeout;
        while self.in_flight.load(Ordering::SeqCst) > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let pending: Vec<(String, (usize, Scope))> = match self.pending.lock() {
            Ok(mut m) => std::mem::take(&mut *m).into_iter().collect(),
            Err(_) => Vec::new(),
        };
        let mut out = Vec::new();
        for (id, (index, mut scope)) in pending {
            let case = &self.suite.cases[index];
            let Some(run) = self.products.get(&case.product) else {
                continue;
            };
            for (i, step) in case.spec.cleanup.iter().enumerate() {
                let Some(name) = &step.if_captured else {
                    continue;
                };
                if scope.get(name).is_none() {
                    continue;
                }
                let what = format!(
                    "{id}: `{name}` ({} {})",
                    step.request.method.as_str(),
                    step.request.path
                );
                match self
                    .step(case, run, step, &mut scope, format!("cleanup {}", i + 1))
                    .await
                {
                    Ok(log) if log.findings.is_empty() => {
                        out.push(format!("cleaned up {what}"));
                    }
                    Ok(log) => out.push(format!(
                        "LEFT BEHIND {what}: {}",
                        log.findings
                            .iter()
                            .map(|f| f.to_string())
                            .collect::<Vec<_>>()
                            .join("; ")
                    )),
                    Err(_) => out.push(format!("LEFT BEHIND {what}: its value was not captured")),
                }
            }
        }
        if out.is_empty() {
            out.push("nothing left to clean up: the running cases had cleaned up".into());
        }
        out.into_iter().map(|l| self.redactor.scrub(&l)).collect()
    }

    /// After all trials: runs the cleanup a case could not run itself (it
    /// panicked between obtaining something and cleaning up). One line per
    /// case; empty when every case cleaned up after itself.
    pub async fn leftovers(&self) -> Vec<String> {
        let any = self.pending.lock().map(|m| !m.is_empty()).unwrap_or(false);
        if !any {
            return Vec::new();
        }
        self.interrupt().await
    }

    /// Whether the run was interrupted.
    pub fn interrupted(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}
