//! Interruption and the cleanups still owed. A case with cleanup puts its
//! values in the run's registry (`Cleanups`) after each step; its own
//! cleanup takes them out. On
//! interruption no new step starts, the steps on the wire are waited for (at
//! most one request timeout), and every case still in the registry is
//! cleaned up by the interruption instead. After all trials, a case that
//! stopped short (a panic) is cleaned up the same way.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::context::Context;
use super::step::Unresolved;
use super::tap::Tap;
use super::Runner;
use crate::check::Finding;
use crate::client::http::Stop;
use crate::lock::Lock;
use crate::report::event::{CaseKey, Event};
use crate::suite::case::Step;
use crate::suite::Case;
use crate::vars::Scope;

/// The cleanups a run owes, and whether it is stopping: a part of the run
/// of its own. A case with cleanup puts a copy of itself and its values
/// here after each step (`owe`); its own cleanup takes them out again
/// (`settle`); an interruption takes every entry left and cleans up
/// instead. Keyed by the case run's key, never by its name; its lock
/// cannot poison, so a panic elsewhere loses no cleanup owed.
#[derive(Default)]
pub(super) struct Cleanups {
    owed: Lock<BTreeMap<CaseKey, Owed>>,
    /// Set on interruption: no new step starts.
    stopping: AtomicBool,
    /// Steps on the wire right now.
    in_flight: AtomicUsize,
    /// Set on interruption: the clients cut their waits short.
    pub(super) stop: Arc<Stop>,
}

/// What a case's cleanup needs: the case and its values so far.
struct Owed {
    case: Case,
    scope: Scope,
}

impl Cleanups {
    /// Records the values so far of the case run `key`: what its cleanup
    /// would need.
    pub(super) fn owe(&self, key: CaseKey, case: &Case, scope: &Scope) {
        let mut owed = self.owed.lock();
        let entry = owed.entry(key).or_insert_with(|| Owed {
            case: case.clone(),
            scope: scope.clone(),
        });
        entry.scope = scope.clone();
    }

    /// Takes the case run `key` out; `true` when an interruption had taken
    /// it already (and runs its cleanup).
    pub(super) fn settle(&self, key: CaseKey) -> bool {
        self.owed.lock().remove(&key).is_none()
    }
}

/// A step on the wire, counted while it lives.
pub(super) struct InFlight<'a>(&'a Cleanups);

impl<'a> InFlight<'a> {
    /// Counts a step in flight, unless the run is stopping. Counted before
    /// looking at `stopping`: `interrupt` sets `stopping` before it waits
    /// for none in flight, so a step either sees the interruption or is
    /// waited for.
    pub(super) fn start(cleanups: &'a Cleanups) -> Option<InFlight<'a>> {
        let flight = InFlight::always(cleanups);
        if cleanups.stopping.load(Ordering::SeqCst) {
            return None;
        }
        Some(flight)
    }

    /// Counts a step in flight whatever happens (cleanup).
    pub(super) fn always(cleanups: &'a Cleanups) -> InFlight<'a> {
        cleanups.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(cleanups)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Runner {
    /// On interruption: stops new steps, cuts waits short (no `--rate`
    /// slot, no `Retry-After` past the deadline: twice the request timeout
    /// from now), waits at most one request timeout for the steps on the
    /// wire, then runs every cleanup step of every case that had started
    /// one, each request within its own timeout. Returns one line per
    /// cleanup, told as events as well: cleaned up, or LEFT BEHIND with
    /// what to do by hand.
    pub async fn interrupt(&self) -> Vec<String> {
        let c = &self.cleanups;
        c.stopping.store(true, Ordering::SeqCst);
        let now = tokio::time::Instant::now();
        c.stop.set(now + self.options.timeout * 2);
        let in_flight_until = now + self.options.timeout;
        while c.in_flight.load(Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < in_flight_until
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let owed = std::mem::take(&mut *c.owed.lock());
        let tap = Tap::outside(&*self.listener);
        let mut out = Vec::new();
        for (_, owed) in owed {
            out.extend(self.clean_up(&owed.case, owed.scope, &tap).await);
        }
        if out.is_empty() {
            out.push("nothing left to clean up: the running cases had cleaned up".into());
        }
        out
    }

    /// Every cleanup step of one case, as far as its values allow, its
    /// requests outside any case (`tap`); each line told.
    async fn clean_up(&self, case: &Case, mut scope: Scope, tap: &Tap<'_>) -> Vec<String> {
        let id = &case.id();
        let Some(run) = self.products.get(&case.product) else {
            return Vec::new();
        };
        let cx = Context {
            runner: self,
            case,
            run,
            tap,
        };
        let mut out = Vec::new();
        for (i, step) in case.spec.cleanup.iter().enumerate() {
            if let Some(name) = &step.if_captured {
                if scope.get(name).is_none() {
                    continue; // the target never gave it: nothing to undo
                }
            }
            let label = format!("cleanup {}", i + 1);
            let result = cx.step(step, &mut scope, label).await;
            let (line, left) = match result {
                Ok(log) if !log.report.found() => {
                    (format!("cleaned up {}", what(id, step, &scope)), false)
                }
                Ok(log) => (
                    left_behind(id, step, &scope, &findings_text(&log.report.findings)),
                    true,
                ),
                Err(Unresolved::Missing(name)) => (
                    left_behind(
                        id,
                        step,
                        &scope,
                        &format!("`{name}` was not captured, so the request could not be made"),
                    ),
                    true,
                ),
            };
            let line = self.redactor.scrub(&line);
            tap.tell(Event::Cleanup {
                case: None,
                line: line.clone(),
                left_behind: left,
            });
            out.push(line);
        }
        out
    }

    /// After all trials: runs the cleanup a case could not run itself (it
    /// panicked between obtaining something and cleaning up). One line
    /// each; empty when every case that started cleaned up after itself
    /// (what a case's own failed cleanup left behind was told as it
    /// happened: `Event::Cleanup`).
    pub async fn leftovers(&self) -> Vec<String> {
        if self.cleanups.owed.lock().is_empty() {
            return Vec::new();
        }
        self.interrupt()
            .await
            .into_iter()
            .map(|l| format!("after a case that stopped short: {l}"))
            .collect()
    }

    /// Whether the run was interrupted.
    pub fn interrupted(&self) -> bool {
        self.cleanups.stopping.load(Ordering::SeqCst)
    }
}

/// `id: METHOD path` of a cleanup step, its references resolved where they can be.
pub(super) fn what(id: &str, step: &Step, scope: &Scope) -> String {
    let path = scope
        .substitute(&step.request.path)
        .unwrap_or_else(|_| step.request.path.clone());
    format!("{id}: {} {path}", step.request.method.as_str())
}

/// The LEFT BEHIND line of a cleanup step that could not do its work: what,
/// why, and the step's `left_behind` hint (who, since when, what to do).
pub(super) fn left_behind(id: &str, step: &Step, scope: &Scope, why: &str) -> String {
    let hint = step
        .left_behind
        .as_ref()
        .map(|h| format!("; {}", scope.substitute(h).unwrap_or_else(|_| h.clone())))
        .unwrap_or_default();
    format!("LEFT BEHIND {}: {why}{hint}", what(id, step, scope))
}

pub(super) fn findings_text(f: &[Finding]) -> String {
    f.iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
