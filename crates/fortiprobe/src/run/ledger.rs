//! The ledger of the known deviations met in a run: for each deviation of
//! `deviations.yaml` that explained findings of an answer, the cases whose
//! answers showed it. With `--strict` a case fails once for each it met
//! (`Context::strict_findings`); the reports list them from the events
//! (`Event::DeviationMet`). Its lock cannot poison, so a panic elsewhere
//! loses no entry.

use std::collections::{BTreeMap, BTreeSet};

use crate::lock::Lock;
use crate::report::Sighting;

/// Deviation id -> case -> where the case's answers first showed it.
#[derive(Default)]
pub(super) struct Ledger(Lock<BTreeMap<String, BTreeMap<String, Sighting>>>);

impl Ledger {
    /// Deviation `id` explained an answer of the case named `case`, first
    /// `seen` there (a later sighting in the same case is not kept).
    pub(super) fn note(&self, id: &str, case: &str, seen: &Sighting) {
        self.0
            .lock()
            .entry(id.to_string())
            .or_default()
            .entry(case.to_string())
            .or_insert_with(|| seen.clone());
    }

    /// The deviations the case named `case` met, in id order, each with
    /// where it showed first.
    pub(super) fn met_by(&self, case: &str) -> Vec<(String, Sighting)> {
        self.0
            .lock()
            .iter()
            .filter_map(|(id, cases)| cases.get(case).map(|s| (id.clone(), s.clone())))
            .collect()
    }

    /// Every deviation met, with the cases that met it.
    pub(super) fn all(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.0
            .lock()
            .iter()
            .map(|(id, cases)| (id.clone(), cases.keys().cloned().collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deviation_is_met_by_the_cases_that_showed_it() {
        let l = Ledger::default();
        let seen = |at: &str| Sighting {
            at: at.into(),
            value: "1".into(),
            request: "GET /x".into(),
            exchange: None,
        };
        l.note("b", "p/e/one", &seen("/b"));
        l.note("a", "p/e/two", &seen("/a"));
        l.note("a", "p/e/one", &seen("/a"));
        l.note("a", "p/e/one", &seen("/later"));
        let met = l.met_by("p/e/one");
        let ids: Vec<&str> = met.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(met[0].1.at, "/a", "the first sighting is kept");
        assert!(l.met_by("p/e/three").is_empty());
        assert_eq!(l.all()["a"].len(), 2);
    }
}
