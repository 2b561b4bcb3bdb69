//! Interruption: no new step starts, the steps on the wire are waited for
//! (at most one request timeout), and every case still owing its cleanup
//! (`cleanup::Cleanups`) is cleaned up by the interruption instead, its
//! requests outside any case; each cleanup step's end is told
//! (`Event::Cleanup`) and returned as a line. After all trials, a case that
//! stopped short (a panic) is cleaned up the same way.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::cleanup::{findings_text, undone, what};
use super::context::Context;
use super::step::Unresolved;
use super::tap::Tap;
use super::Runner;
use crate::report::event::{Cleaned, Event};
use crate::suite::Case;
use crate::vars::Scope;

impl Runner {
    /// On interruption: stops new steps, cuts waits short (no `--rate`
    /// slot, no `Retry-After` past the deadline: twice the request timeout
    /// from now), waits at most one request timeout for the steps on the
    /// wire, then runs every cleanup step of every case that had started
    /// one, each request within its own timeout. Returns one line per
    /// cleanup, told as events as well: cleaned up, LEFT BEHIND with what
    /// to do by hand, or NOT CHECKED; and which cases are still cleaning
    /// up after themselves.
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
        let still: Vec<String> = c.cleaning.lock().values().cloned().collect();
        if !still.is_empty() {
            out.push(format!(
                "still cleaning up after itself: {}; what it cannot clean up is said when it is done",
                still.join(", ")
            ));
        } else if out.is_empty() {
            out.push(match c.undone_while_stopping.load(Ordering::SeqCst) {
                0 => "nothing left to clean up: the running cases had cleaned up".into(),
                n => format!(
                    "nothing more to clean up here: the running cases ran their own cleanup, and {n} of its steps did not clean up (LEFT BEHIND or NOT CHECKED above)"
                ),
            });
        }
        out.into_iter().map(|l| self.redactor.scrub(&l)).collect()
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
            let (outcome, line) = match cx.step(step, &mut scope, label).await {
                Ok(log) if !log.report.found() => (
                    Cleaned::Done,
                    format!("cleaned up {}", what(id, step, &scope)),
                ),
                Ok(log) => {
                    let by_hand = self.by_hand(case, step, &scope);
                    let why = findings_text(&log.report.findings);
                    undone(id, step, &scope, &why, by_hand)
                }
                Err(Unresolved::Missing(name)) => {
                    let why =
                        format!("`{name}` was not captured, so the request could not be made");
                    undone(id, step, &scope, &why, None)
                }
            };
            let line = self.redactor.scrub(&line);
            tap.tell(Event::Cleanup {
                case: None,
                line: line.clone(),
                outcome,
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
        self.cleanups.stopping()
    }
}
