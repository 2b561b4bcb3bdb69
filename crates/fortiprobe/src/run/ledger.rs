//! The ledger of the known deviations met in a run: for each deviation of
//! `deviations.yaml` that explained findings of an answer, the cases whose
//! answers showed it. With `--strict` a case fails once for each it met
//! (`Context::strict_findings`); the reports list them from the events
//! (`Event::DeviationMet`). Its lock cannot poison, so a panic elsewhere
//! loses no entry.

use std::collections::{BTreeMap, BTreeSet};

use crate::lock::Lock;

#[derive(Default)]
pub(super) struct Ledger(Lock<BTreeMap<String, BTreeSet<String>>>);

impl Ledger {
    /// Deviation `id` explained an answer of the case named `case`.
    pub(super) fn note(&self, id: &str, case: &str) {
        self.0
            .lock()
            .entry(id.to_string())
            .or_default()
            .insert(case.to_string());
    }

    /// The deviations the case named `case` met, in id order.
    pub(super) fn met_by(&self, case: &str) -> Vec<String> {
        self.0
            .lock()
            .iter()
            .filter(|(_, cases)| cases.contains(case))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Every deviation met, with the cases that met it.
    pub(super) fn all(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.0.lock().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deviation_is_met_by_the_cases_that_showed_it() {
        let l = Ledger::default();
        l.note("b", "p/e/one");
        l.note("a", "p/e/two");
        l.note("a", "p/e/one");
        assert_eq!(l.met_by("p/e/one"), ["a", "b"]);
        assert_eq!(l.met_by("p/e/three"), Vec::<String>::new());
        assert_eq!(l.all()["a"].len(), 2);
    }
}
