//! Findings in proportion to the answer, never to its number of errors: a
//! check that could find one thing wrong per object (a field assertion
//! over `/objects/*`, a schema) keeps the first `LISTED` findings, and
//! counts the others without building them; one more finding says how
//! many were not listed. A departure a known deviation explains (judged
//! by where it is, before anything is built) is neither listed nor
//! counted: the caller records the deviation, so the bound never hides
//! an explained departure inside the count.

use super::Finding;

/// How many findings of one check of one answer are listed.
pub const LISTED: usize = 20;

/// Whether a known deviation explains a departure at a JSON pointer (and
/// records it); `NONE` for checks made without deviations.
pub type Explained<'a> = &'a dyn Fn(&str) -> bool;

/// No departure is explained.
pub const NONE: Explained<'static> = &|_| false;

/// The findings of one check, bounded.
pub struct Bounded<'a> {
    listed: Vec<Finding>,
    more: usize,
    explained: Explained<'a>,
}

impl<'a> Bounded<'a> {
    pub fn new(explained: Explained<'a>) -> Bounded<'a> {
        Bounded {
            listed: Vec::new(),
            more: 0,
            explained,
        }
    }

    /// Adds the departure at `at`, built only when it is listed; one a
    /// deviation explains is left to the deviation.
    pub fn push(&mut self, at: &str, finding: impl FnOnce() -> Finding) {
        if (self.explained)(at) {
            return;
        }
        if self.listed.len() < LISTED {
            self.listed.push(finding());
        } else {
            self.more += 1;
        }
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
        let mut b = Bounded::new(NONE);
        let mut built = 0;
        for i in 0..1000 {
            b.push(&format!("/objects/{i}"), || {
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
        let mut b = Bounded::new(NONE);
        b.push("/", || Finding::new("/", "x", "y"));
        assert_eq!(b.finish("/", "x", false).len(), 1);
    }

    #[test]
    fn explained_departures_are_neither_listed_nor_counted() {
        let explained = |at: &str| at.ends_with("/last_used_at");
        let mut b = Bounded::new(&explained);
        for i in 0..100 {
            let at = format!("/objects/{i}/last_used_at");
            b.push(&at, || Finding::new(at.clone(), "x", "y"));
        }
        b.push("/objects/0/serial", || {
            Finding::new("/objects/0/serial", "x", "y")
        });
        let out = b.finish("/", "x", false);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].at, "/objects/0/serial");
    }
}
