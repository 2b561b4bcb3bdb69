//! Interruption and the cleanups still owed. A case with cleanup puts its
//! values in a registry after each step; its own cleanup takes them out. On
//! interruption no new step starts, the steps on the wire are waited for (at
//! most one request timeout), and every case still in the registry is
//! cleaned up by the interruption instead. After all trials, a case that
//! stopped short (a panic) is cleaned up the same way.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::step::Unresolved;
use super::Runner;
use crate::check::Finding;
use crate::client::link::join_link;
use crate::product::AuthScheme;
use crate::suite::case::Step;
use crate::suite::Case;
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

/// A case running its own cleanup, named while it lives.
pub(super) struct Cleaning<'a>(&'a Runner, String);

impl<'a> Cleaning<'a> {
    pub(super) fn start(runner: &'a Runner, id: &str) -> Cleaning<'a> {
        if let Ok(mut c) = runner.cleaning.lock() {
            c.insert(id.to_string());
        }
        Cleaning(runner, id.to_string())
    }
}

impl Drop for Cleaning<'_> {
    fn drop(&mut self) {
        if let Ok(mut c) = self.0.cleaning.lock() {
            c.remove(&self.1);
        }
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

    /// On interruption: stops new steps, cuts waits short (no `--rate`
    /// slot, no `Retry-After` past the deadline: twice the request timeout
    /// from now), waits at most one request timeout for the steps on the
    /// wire, then runs every cleanup step of every case that had started
    /// one, each request within its own timeout. Returns one line per
    /// cleanup: cleaned up, or LEFT BEHIND with what to do by hand.
    pub async fn interrupt(&self) -> Vec<String> {
        self.stopping.store(true, Ordering::SeqCst);
        let now = tokio::time::Instant::now();
        self.stop.set(now + self.options.timeout * 2);
        let in_flight_until = now + self.options.timeout;
        while self.in_flight.load(Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < in_flight_until
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let pending: Vec<(String, (usize, Scope))> = match self.pending.lock() {
            Ok(mut m) => std::mem::take(&mut *m).into_iter().collect(),
            Err(_) => Vec::new(),
        };
        let mut out = self.take_left_behind();
        for (id, (index, scope)) in pending {
            out.extend(self.clean_up(&id, index, scope).await);
        }
        let still: Vec<String> = self
            .cleaning
            .lock()
            .map(|c| c.iter().cloned().collect())
            .unwrap_or_default();
        if !still.is_empty() {
            out.push(format!(
                "still cleaning up after itself: {}; what it cannot clean up is said when it is done",
                still.join(", ")
            ));
        } else if out.is_empty() {
            out.push("nothing left to clean up: the running cases had cleaned up".into());
        }
        out.into_iter().map(|l| self.redactor.scrub(&l)).collect()
    }

    /// Every cleanup step of one case, as far as its values allow.
    async fn clean_up(&self, id: &str, index: usize, mut scope: Scope) -> Vec<String> {
        let case = &self.suite.cases[index];
        let Some(run) = self.products.get(&case.product) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, step) in case.spec.cleanup.iter().enumerate() {
            if let Some(name) = &step.if_captured {
                if scope.get(name).is_none() {
                    continue; // the target never gave it: nothing to undo
                }
            }
            let label = format!("cleanup {}", i + 1);
            let result = self.step(case, run, step, &mut scope, label).await;
            out.push(match result {
                Ok(log) if log.findings.is_empty() => {
                    format!("cleaned up {}", what(id, step, &scope))
                }
                Ok(log) => left_behind(
                    id,
                    step,
                    &scope,
                    &findings_text(&log.findings),
                    self.by_hand(case, step, &scope),
                ),
                Err(Unresolved::Missing(name)) => left_behind(
                    id,
                    step,
                    &scope,
                    &format!("`{name}` was not captured, so the request could not be made"),
                    None,
                ),
            });
        }
        out
    }

    /// After all trials: runs the cleanup a case could not run itself (it
    /// panicked between obtaining something and cleaning up), and says what
    /// the cleanups that failed left behind. One line each; empty when every
    /// case cleaned up after itself.
    pub async fn leftovers(&self) -> Vec<String> {
        let any = self.pending.lock().map(|m| !m.is_empty()).unwrap_or(false);
        if !any {
            let left = self.take_left_behind();
            return left.into_iter().map(|l| self.redactor.scrub(&l)).collect();
        }
        self.interrupt()
            .await
            .into_iter()
            .map(|l| format!("after a case that stopped short: {l}"))
            .collect()
    }

    /// A case's own cleanup step failed: what it left behind, for the end
    /// of the run (or the interruption's report).
    pub(super) fn note_left_behind(&self, case: &Case, step: &Step, scope: &Scope, why: &str) {
        let line = left_behind(
            &case.id(),
            step,
            scope,
            why,
            self.by_hand(case, step, scope),
        );
        if let Ok(mut l) = self.left.lock() {
            l.push(line);
        }
    }

    /// The curl command that does by hand what a FortiAuthenticator
    /// cleanup step could not; none for a lookup (GET), or where the
    /// credentials cannot be given again (a FortiPortal token is masked).
    fn by_hand(&self, case: &Case, step: &Step, scope: &Scope) -> Option<String> {
        let r = &step.request;
        if !matches!(case.product.describe().auth, AuthScheme::Basic) || r.method.as_str() == "GET"
        {
            return None;
        }
        let run = self.products.get(&case.product)?;
        let path = r.shape_path(scope.substitute(&r.path).ok()?);
        let mut url = join_link(&run.session.target.url, &path).ok()?;
        for q in &r.query {
            let value = scope.substitute(&q.value).ok()?;
            url.query_pairs_mut().append_pair(&q.name, &value);
        }
        let body = match &r.json {
            Some(j) => Some(serde_json::to_vec(&scope.substitute_value(j).ok()?).ok()?),
            None => None,
        };
        let scrub = |t: &str| self.redactor.scrub(t);
        Some(crate::report::curl::by_hand(
            r.method.as_str(),
            &url,
            body.as_deref(),
            &scrub,
        ))
    }

    fn take_left_behind(&self) -> Vec<String> {
        self.left
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }

    /// Whether the run was interrupted.
    pub fn interrupted(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// `id: METHOD path` of a cleanup step, its references resolved where they can be.
fn what(id: &str, step: &Step, scope: &Scope) -> String {
    let path = scope
        .substitute(&step.request.path)
        .unwrap_or_else(|_| step.request.path.clone());
    format!("{id}: {} {path}", step.request.method.as_str())
}

/// The LEFT BEHIND line of a cleanup step that could not do its work: what,
/// why, and the step's `left_behind` hint (who, since when, what to do).
/// A step that only looks for what is left (a GET without a hint) says
/// that it could not look, not that something is left.
pub(super) fn left_behind(
    id: &str,
    step: &Step,
    scope: &Scope,
    why: &str,
    by_hand: Option<String>,
) -> String {
    let what = what(id, step, scope);
    if step.left_behind.is_none() && step.request.method.as_str() == "GET" {
        return format!(
            "NOT CHECKED {what}: {why}; whether the case left something there could not be seen"
        );
    }
    let hint = step
        .left_behind
        .as_ref()
        .map(|h| format!("; {}", scope.substitute(h).unwrap_or_else(|_| h.clone())))
        .unwrap_or_default();
    let by_hand = by_hand
        .map(|c| format!("; by hand: {c}"))
        .unwrap_or_default();
    format!("LEFT BEHIND {what}: {why}{hint}{by_hand}")
}

pub(super) fn findings_text(f: &[Finding]) -> String {
    f.iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
