//! Findings in proportion to the answer, never to its number of errors: a
//! check that could find one thing wrong per object (a field assertion
//! over `/objects/*`, a schema) keeps the first `LISTED` findings, and
//! counts the others without building them; one more finding says how
//! many were not listed.

use super::Finding;

/// How many findings of one check of one answer are listed.
pub const LISTED: usize = 20;

/// The findings of one check, bounded.
#[derive(Debug, Default)]
pub struct Bounded {
    listed: Vec<Finding>,
    more: usize,
}

impl Bounded {
    /// Adds a finding, built only when it is listed.
    pub fn push(&mut self, finding: impl FnOnce() -> Finding) {
        if self.listed.len() < LISTED {
            self.listed.push(finding());
        } else {
            self.more += 1;
        }
    }

    /// Whether another finding would be counted, not listed.
    pub fn full(&self) -> bool {
        self.listed.len() >= LISTED
    }

    /// Counts findings that were not built.
    pub fn count(&mut self, n: usize) {
        self.more += n;
    }

    /// The listed findings, and one at `at` saying how many more there
    /// were (`at_least`: the count is a lower bound).
    pub fn finish(self, at: &str, what: &str, at_least: bool) -> Vec<Finding> {
        let mut out = self.listed;
        if self.more > 0 {
            let many = if at_least { "at least " } else { "" };
            out.push(Finding::new(
                at,
                format!("{what} (the first {LISTED} departures are listed)"),
                format!("{many}{} more, not listed", self.more),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_bound_findings_are_counted_not_built() {
        let mut b = Bounded::default();
        let mut built = 0;
        for i in 0..1000 {
            b.push(|| {
                built += 1;
                Finding::new(format!("/objects/{i}"), "x", "y")
            });
        }
        assert_eq!(built, LISTED);
        let out = b.finish("/objects/*/type", "`\"ftm\"`", false);
        assert_eq!(out.len(), LISTED + 1);
        assert_eq!(
            out[LISTED].to_string(),
            "at /objects/*/type: expected `\"ftm\"` (the first 20 departures are listed), got 980 more, not listed"
        );
        let mut b = Bounded::default();
        b.push(|| Finding::new("/", "x", "y"));
        assert_eq!(b.finish("/", "x", false).len(), 1);
    }
}
