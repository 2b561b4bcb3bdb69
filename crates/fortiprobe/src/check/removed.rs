//! A listing before and after one object was removed: that object is gone,
//! every other one is still listed, and `total_count` dropped by exactly
//! one ([FAC 6.5.5: FortiTokens], DELETE one FortiToken: "only that token is gone", issue
//! 12). Objects are compared by their identity (`Record::key`).

use std::borrow::Borrow;
use std::collections::HashMap;

use super::record::Record;
use super::Finding;

/// Objects named in one finding before "and N more".
const EXAMPLES: usize = 5;

/// The listing after the steps, read page by page against the objects
/// listed before: nothing of the pages after is held but which objects
/// before were seen again (one hash-table entry per object listed before,
/// about 30 bytes, not a second listing).
pub struct Comparison<'a, R> {
    before: &'a [R],
    /// Each identity listed before: whether the pages after list it.
    seen: HashMap<&'a str, bool>,
    gone: &'a str,
    /// Where the removed object is still listed: page, name.
    still: Option<(usize, String)>,
}

impl<'a, R: Borrow<Record>> Comparison<'a, R> {
    /// `before`: every object listed before; `gone`: the identity removed.
    pub fn new(before: &'a [R], gone: &'a str) -> Self {
        let seen = before.iter().map(|r| (&*r.borrow().key, false)).collect();
        Comparison {
            before,
            seen,
            gone,
            still: None,
        }
    }

    /// One page of the listing after, its objects' records.
    pub fn page<'r>(&mut self, n: usize, records: impl IntoIterator<Item = &'r Record>) {
        for r in records {
            if &*r.key == self.gone && self.still.is_none() {
                self.still = Some((n, r.name()));
            }
            if let Some(seen) = self.seen.get_mut(&*r.key) {
                *seen = true;
            }
        }
    }

    /// The findings once the walk after is complete: `before_total` and
    /// `after_total` the `total_count` of each listing.
    pub fn findings(self, before_total: u64, after_total: u64) -> Vec<Finding> {
        let gone = self.gone;
        let mut out = Vec::new();
        if !self.seen.contains_key(gone) {
            out.push(Finding::new(
                "listing before the steps",
                format!("the object {gone:?} the steps removed"),
                format!(
                    "{} objects, none of them {gone:?}: the case did not remove what it says",
                    self.before.len()
                ),
            ));
        }
        if let Some((page, name)) = &self.still {
            out.push(Finding::new(
                format!("page {page} /objects"),
                format!("no object {gone:?} (it was removed)"),
                format!("{name} still listed"),
            ));
        }
        let lost: Vec<&Record> = self
            .before
            .iter()
            .map(Borrow::borrow)
            .filter(|r| &*r.key != gone && self.seen.get(&*r.key) == Some(&false))
            .collect();
        if !lost.is_empty() {
            let mut shown: Vec<String> = lost.iter().take(EXAMPLES).map(|r| r.name()).collect();
            if lost.len() > shown.len() {
                shown.push(format!("and {} more", lost.len() - shown.len()));
            }
            out.push(Finding::new(
                "/objects",
                "every other object still listed (only the removed one is gone)",
                format!("{} objects gone as well: {}", lost.len(), shown.join(", ")),
            ));
        }
        if after_total.checked_add(1) != Some(before_total) {
            out.push(Finding::new(
                "/meta/total_count",
                format!(
                    "{} (total_count {before_total} before, less the one removed)",
                    before_total.saturating_sub(1)
                ),
                after_total.to_string(),
            ));
        }
        out
    }
}

/// `before` (every object listed before, `before_total` its `total_count`)
/// against `after` (a complete walk afterwards, `after_total` its first
/// page's `total_count`), `gone` the identity of the object removed.
#[cfg(test)]
pub fn only_removed<R: Borrow<Record>>(
    before: &[R],
    before_total: u64,
    after: &[(usize, Record)],
    after_total: u64,
    gone: &str,
) -> Vec<Finding> {
    let mut c = Comparison::new(before, gone);
    for (n, r) in after {
        c.page(*n, [r]);
    }
    c.findings(before_total, after_total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(key: &str) -> Record {
        Record {
            key: key.into(),
            fields: [("serial".to_string(), format!("S{key}"))]
                .into_iter()
                .collect(),
        }
    }

    fn walk(keys: &[&str]) -> Vec<(usize, Record)> {
        keys.iter().map(|k| (1, rec(k))).collect()
    }

    #[test]
    fn passes_when_exactly_the_removed_object_is_gone() {
        let before = vec![rec("/1/"), rec("/2/"), rec("/3/")];
        assert_eq!(
            only_removed(&before, 3, &walk(&["/1/", "/3/"]), 2, "/2/"),
            vec![]
        );
    }

    #[test]
    fn catches_the_object_still_listed_a_neighbour_gone_and_a_wrong_count() {
        let before = vec![rec("/1/"), rec("/2/"), rec("/3/")];
        let still = only_removed(&before, 3, &walk(&["/1/", "/2/", "/3/"]), 3, "/2/");
        assert_eq!(still.len(), 2, "{still:?}");
        assert!(still[0].actual.contains("still listed"));
        let neighbour = only_removed(&before, 3, &walk(&["/1/"]), 1, "/2/");
        assert_eq!(neighbour.len(), 2, "{neighbour:?}");
        assert!(neighbour[0].actual.contains("S/3/"), "{neighbour:?}");
        let count = only_removed(&before, 3, &walk(&["/1/", "/3/"]), 3, "/2/");
        assert_eq!(count.len(), 1);
        assert_eq!(count[0].at, "/meta/total_count");
    }

    #[test]
    fn an_object_the_listing_never_held_is_a_finding() {
        // Nothing changed: the object named was never there, and the count
        // did not drop.
        let before = vec![rec("/1/")];
        let f = only_removed(&before, 1, &walk(&["/1/"]), 1, "/9/");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].actual.contains("did not remove"), "{f:?}");
        assert_eq!(f[1].at, "/meta/total_count");
    }

    #[test]
    fn pages_compared_as_they_come_say_where_the_removed_object_still_is() {
        let before = vec![rec("/1/"), rec("/2/"), rec("/3/"), rec("/4/")];
        let mut c = Comparison::new(&before, "/3/");
        c.page(1, &[rec("/1/"), rec("/2/")]);
        c.page(2, &[rec("/3/")]);
        let f = c.findings(4, 3);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].at, "page 2 /objects");
        assert!(
            f[1].actual
                .contains("1 objects gone as well: serial \"S/4/\""),
            "{f:?}"
        );
    }
}
