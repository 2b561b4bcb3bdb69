//! The cleanups a run owes, a part of the run of its own (`Cleanups`): a
//! case with cleanup puts a copy of itself and its values here after each
//! step (`owe`); its own cleanup takes them out again (`settle`) and is
//! named while it runs (`Cleaning`); an interruption takes every entry left
//! and cleans up instead (`Runner::interrupt`). Keyed by the case run's
//! key, never by its name; its locks cannot poison, so a panic elsewhere
//! loses no cleanup owed. And how a cleanup step's end reads: cleaned up,
//! LEFT BEHIND (with the command that does it by hand), NOT CHECKED.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use super::Runner;
use crate::check::Finding;
use crate::client::http::Stop;
use crate::client::link::join_link;
use crate::lock::Lock;
use crate::product::AuthScheme;
use crate::report::event::{CaseKey, Cleaned};
use crate::suite::case::Step;
use crate::suite::Case;
use crate::vars::Scope;

#[derive(Default)]
pub(super) struct Cleanups {
    pub(super) owed: Lock<BTreeMap<CaseKey, Owed>>,
    /// Case runs cleaning up after themselves right now, by name (an
    /// interruption's report waits for their word instead of saying
    /// nothing is left).
    pub(super) cleaning: Lock<BTreeMap<CaseKey, String>>,
    /// Set on interruption: no new step starts.
    pub(super) stopping: AtomicBool,
    /// Steps on the wire right now.
    pub(super) in_flight: AtomicUsize,
    /// Cleanup steps the cases ran themselves once the run was stopping
    /// that did not clean up (LEFT BEHIND or NOT CHECKED, told as they
    /// ended): the interruption's last word counts them.
    pub(super) undone_while_stopping: AtomicUsize,
    /// Set on interruption: the clients cut their waits short.
    pub(super) stop: Arc<Stop>,
}

/// What a case's cleanup needs: the case and its values so far.
pub(super) struct Owed {
    pub(super) case: Case,
    pub(super) scope: Scope,
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

    /// Takes the case run `key` out to clean up after itself, named
    /// (`name`) as cleaning up while the guard lives; `None` when an
    /// interruption had taken it already (and runs its cleanup). Named
    /// before it is taken out, so that an interruption looking in between
    /// finds it in one of the two.
    pub(super) fn settle(&self, key: CaseKey, name: String) -> Option<Cleaning<'_>> {
        self.cleaning.lock().insert(key, name);
        let guard = Cleaning(self, key);
        let taken = self.owed.lock().remove(&key).is_none();
        (!taken).then_some(guard)
    }

    /// Names the case run `key` (`name`) as cleaning up after itself
    /// while the guard lives.
    pub(super) fn cleaning(&self, key: CaseKey, name: String) -> Cleaning<'_> {
        self.cleaning.lock().insert(key, name);
        Cleaning(self, key)
    }

    /// Counts a cleanup step a case ran itself that did not clean up, if
    /// the run is stopping.
    pub(super) fn undone(&self) {
        if self.stopping() {
            self.undone_while_stopping.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Whether the run is stopping (interrupted).
    pub(super) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// A case running its own cleanup, named while it lives.
pub(super) struct Cleaning<'a>(&'a Cleanups, CaseKey);

impl Drop for Cleaning<'_> {
    fn drop(&mut self) {
        self.0.cleaning.lock().remove(&self.1);
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
        if cleanups.stopping() {
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
    /// The curl command that does by hand what a FortiAuthenticator
    /// cleanup step could not; none for a lookup (GET), or where the
    /// credentials cannot be given again (a FortiPortal token is masked).
    pub(super) fn by_hand(&self, case: &Case, step: &Step, scope: &Scope) -> Option<String> {
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
}

/// `id: METHOD path` of a cleanup step, its references resolved where they can be.
pub(super) fn what(id: &str, step: &Step, scope: &Scope) -> String {
    let path = scope
        .substitute(&step.request.path)
        .unwrap_or_else(|_| step.request.path.clone());
    format!("{id}: {} {path}", step.request.method.as_str())
}

/// The line of a cleanup step that could not do its work, and what it
/// means: LEFT BEHIND (what, why, the step's `left_behind` hint: who, since
/// when, what to do; the command that does it by hand), or NOT CHECKED for
/// a step that only looks for what is left (a GET without a hint): it
/// could not look, which does not mean something is left.
pub(super) fn undone(
    id: &str,
    step: &Step,
    scope: &Scope,
    why: &str,
    by_hand: Option<String>,
) -> (Cleaned, String) {
    let what = what(id, step, scope);
    if step.left_behind.is_none() && step.request.method.as_str() == "GET" {
        return (
            Cleaned::NotChecked,
            format!(
                "NOT CHECKED {what}: {why}; whether the case left something there could not be seen"
            ),
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
    (
        Cleaned::LeftBehind,
        format!("LEFT BEHIND {what}: {why}{hint}{by_hand}"),
    )
}

pub(super) fn findings_text(f: &[Finding]) -> String {
    f.iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Source, Suite};

    fn case() -> Case {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let case = suite
            .cases
            .iter()
            .find(|c| !c.spec.cleanup.is_empty())
            .expect("a case with cleanup");
        case.clone()
    }

    #[test]
    fn a_case_settling_its_cleanup_is_always_in_one_of_the_two_registers() {
        let c = Cleanups::default();
        let case = case();
        let key = CaseKey(1);
        c.owe(key, &case, &Scope::new(chrono::Utc::now()));
        let guard = c.settle(key, case.id()).expect("not taken");
        // Out of the owed register, and named as cleaning up: an
        // interruption looking now finds it.
        assert!(c.owed.lock().is_empty());
        assert_eq!(c.cleaning.lock().get(&key), Some(&case.id()));
        drop(guard);
        assert!(c.cleaning.lock().is_empty());
    }

    #[test]
    fn a_cleanup_the_interruption_took_is_not_run_twice_nor_left_named() {
        let c = Cleanups::default();
        let case = case();
        let key = CaseKey(2);
        c.owe(key, &case, &Scope::new(chrono::Utc::now()));
        let taken = std::mem::take(&mut *c.owed.lock());
        assert_eq!(taken.len(), 1);
        assert!(c.settle(key, case.id()).is_none());
        assert!(c.cleaning.lock().is_empty());
    }

    #[test]
    fn only_cleanups_undone_after_the_interruption_are_counted() {
        let c = Cleanups::default();
        c.undone();
        assert_eq!(c.undone_while_stopping.load(Ordering::SeqCst), 0);
        c.stopping.store(true, Ordering::SeqCst);
        c.undone();
        c.undone();
        assert_eq!(c.undone_while_stopping.load(Ordering::SeqCst), 2);
    }
}
