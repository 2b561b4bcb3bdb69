//! A walk's objects judged together: every expected object exactly once,
//! nothing else, as many as `total_count`, and every object satisfying the
//! filters.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use super::pick::Bound;
use super::record::Record;
use super::Finding;

/// Objects named in one finding before "and N more".
const EXAMPLES: usize = 5;

fn examples<'a>(items: impl Iterator<Item = String> + 'a, n: usize) -> String {
    let mut shown: Vec<String> = items.take(EXAMPLES).collect();
    if n > shown.len() {
        shown.push(format!("and {} more", n - shown.len()));
    }
    shown.join(", ")
}

/// The pages of a walk together (`walked`: page number and object, in
/// order) hold every object of `expected` exactly once and nothing else,
/// and `total_count` (the first page's) is the number of objects.
pub fn exactly_once<R: Borrow<Record>>(
    walked: &[(usize, Record)],
    expected: &[R],
    total: u64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut dups = Vec::new();
    let first_page = first_pages(walked, &mut dups);
    out.extend(listed("every object exactly once", "repeated", dups));
    let want: HashSet<&str> = expected.iter().map(|r| &*r.borrow().key).collect();
    let missing = expected
        .iter()
        .map(|r| r.borrow())
        .filter(|r| !first_page.contains_key(&*r.key))
        .map(Record::name)
        .collect();
    out.extend(listed(
        "every matching object of the full listing",
        "never appeared",
        missing,
    ));
    let extra = strangers(walked.iter().map(|(_, r)| r), &want);
    out.extend(listed(
        "only matching objects of the full listing",
        "others",
        extra,
    ));
    if walked.len() as u64 != total {
        out.push(Finding::new(
            "/meta/total_count",
            format!("the number of objects the pages held ({})", walked.len()),
            total.to_string(),
        ));
    }
    out
}

/// The sampled windows of a walk (each: the offset of its first page, and
/// page number and object in order) against the expected objects in the
/// full listing's order: inside each window no object twice, every object
/// one of `expected`, the objects at each position those the full listing
/// holds there (pagination by offset assumes one stable order, whatever
/// the page size), and `total_count` the number of expected objects. What
/// lies between the windows is not seen: the full walk at the largest page
/// size answers for the whole listing.
pub fn sampled<R: Borrow<Record>>(
    windows: &[(u64, &[(usize, Record)])],
    expected: &[R],
    total: u64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut dups = Vec::new();
    for (_, window) in windows {
        first_pages(window, &mut dups);
    }
    let clean = dups.is_empty();
    out.extend(listed(
        "every object exactly once (within each run of consecutive pages walked)",
        "repeated",
        dups,
    ));
    let want: HashSet<&str> = expected.iter().map(|r| &*r.borrow().key).collect();
    let extra = strangers(
        windows.iter().flat_map(|(_, w)| w.iter().map(|(_, r)| r)),
        &want,
    );
    let clean = clean && extra.is_empty();
    out.extend(listed(
        "only matching objects of the full listing",
        "others",
        extra,
    ));
    if clean {
        out.extend(positions(windows, expected));
    }
    if expected.len() as u64 != total {
        out.push(Finding::new(
            "/meta/total_count",
            format!(
                "the number of matching objects in the full listing ({})",
                expected.len()
            ),
            total.to_string(),
        ));
    }
    out
}

/// Each window's objects are those the full listing holds at the same
/// positions, in the same order.
fn positions<R: Borrow<Record>>(
    windows: &[(u64, &[(usize, Record)])],
    expected: &[R],
) -> Vec<Finding> {
    let mut wrong = Vec::new();
    for (offset, window) in windows {
        for (i, (page, r)) in window.iter().enumerate() {
            let at = usize::try_from(*offset)
                .unwrap_or(usize::MAX)
                .saturating_add(i);
            let there = expected.get(at).map(|e| &*e.borrow().key);
            if there != Some(&*r.key) {
                wrong.push(format!(
                    "{} on page {page} at position {} where the full listing has {}",
                    r.name(),
                    at + 1,
                    expected
                        .get(at)
                        .map_or("nothing".to_string(), |e| e.borrow().name())
                ));
            }
        }
    }
    listed(
        "at each position the object the full listing holds there (one stable order)",
        "out of place",
        wrong,
    )
    .into_iter()
    .collect()
}

/// The page each object of `walked` first appeared on; each repeat, named
/// with both pages, goes to `dups`.
fn first_pages<'a>(
    walked: &'a [(usize, Record)],
    dups: &mut Vec<String>,
) -> HashMap<&'a str, usize> {
    let mut first_page: HashMap<&str, usize> = HashMap::with_capacity(walked.len());
    for (page, r) in walked {
        if let Some(p) = first_page.insert(&r.key, *page) {
            dups.push(format!("{} on page {p} and again on page {page}", r.name()));
        }
    }
    first_page
}

/// The names of the objects not in `want`, each once.
fn strangers<'a>(records: impl Iterator<Item = &'a Record>, want: &HashSet<&str>) -> Vec<String> {
    let mut seen = HashSet::new();
    records
        .filter(|r| !want.contains(&*r.key) && seen.insert(&*r.key))
        .map(Record::name)
        .collect()
}

/// A finding on the pages listing `items` (`"N what: a, b, … and M more"`),
/// none when there are no items.
fn listed(expected: &str, what: &str, items: Vec<String>) -> Option<Finding> {
    if items.is_empty() {
        return None;
    }
    let n = items.len();
    Some(Finding::new(
        "pages",
        expected,
        format!("{n} {what}: {}", examples(items.into_iter(), n)),
    ))
}

/// Every object satisfies every filter.
pub fn satisfies<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    filters: &[Bound],
) -> Vec<Finding> {
    let records: Vec<&Record> = records.into_iter().collect();
    let mut out = Vec::new();
    for b in filters {
        let bad: Vec<&Record> = records.iter().copied().filter(|r| !b.matches(r)).collect();
        if !bad.is_empty() {
            out.push(Finding::new(
                format!("/objects/*/{}", b.field),
                format!("{} in every object (filter {b})", b.expectation()),
                format!(
                    "{} objects that do not match: {}",
                    bad.len(),
                    examples(
                        bad.iter().map(|r| format!(
                            "{} with {}",
                            r.name(),
                            r.fields
                                .get(&b.field)
                                .map_or("no value".to_string(), |v| format!("{v:?}"))
                        )),
                        bad.len()
                    )
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::pick::bind;
    use crate::check::testdata::*;
    use crate::suite::property::Source;

    // --- exactly once

    fn walked(pages: &[&[Record]]) -> Vec<(usize, Record)> {
        pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.iter().map(move |r| (i + 1, r.clone())))
            .collect()
    }

    #[test]
    fn exactly_once_passes_a_complete_walk_in_any_order() {
        let l = listing();
        let w = walked(&[&[l[3].clone(), l[1].clone()], &[l[0].clone(), l[2].clone()]]);
        assert_eq!(exactly_once(&w, &l, 4), vec![]);
    }

    #[test]
    fn exactly_once_catches_a_repeated_object() {
        let l = listing();
        let w = walked(&[&l[..2], &l[1..]]);
        let f = exactly_once(&w, &l, 4);
        assert!(
            f.iter().any(|f| f.actual.contains("repeated")
                && f.actual.contains("page 1 and again on page 2")),
            "{f:?}"
        );
    }

    #[test]
    fn exactly_once_catches_a_skipped_object() {
        let l = listing();
        let w = walked(&[&l[..1], &l[2..]]);
        let f = exactly_once(&w, &l, 4);
        assert!(
            f.iter()
                .any(|f| f.actual.contains("never appeared") && f.actual.contains("FTKMOB0002")),
            "{f:?}"
        );
    }

    #[test]
    fn exactly_once_catches_a_wrong_total_count() {
        let l = listing();
        let w = walked(&[&l]);
        let f = exactly_once(&w, &l, 5);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/total_count");
    }

    #[test]
    fn exactly_once_catches_objects_outside_the_expected_subset() {
        let l = listing();
        let expected: Vec<Record> = l
            .iter()
            .filter(|r| r.fields.get("status") == Some("available"))
            .cloned()
            .collect();
        let w = walked(&[&l]);
        let f = exactly_once(&w, &expected, 4);
        assert!(f.iter().any(|f| f.actual.contains("2 others")), "{f:?}");
    }

    // --- filters

    #[test]
    fn satisfies_passes_matching_objects_and_catches_others() {
        let l = listing();
        let b = bind(
            &[cond("status", Source::Value("available".into()))],
            &[Some("available".into())],
            &l,
        )
        .unwrap();
        let ok: Vec<Record> = l.iter().filter(|r| b[0].matches(r)).cloned().collect();
        assert_eq!(satisfies(&ok, &b), vec![]);
        let f = satisfies(&l, &b);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].actual.starts_with("2 objects"), "{f:?}");
    }

    #[test]
    fn combined_filters_are_an_and() {
        let l = listing();
        let both = [
            cond("type", Source::Value("ftm".into())),
            cond("status", Source::Value("new".into())),
        ];
        let b = bind(&both, &[Some("ftm".into()), Some("new".into())], &l).unwrap();
        let and: Vec<Record> = l
            .iter()
            .filter(|r| b.iter().all(|c| c.matches(r)))
            .cloned()
            .collect();
        assert_eq!(and.len(), 1);
        // An OR-ed answer (every ftm token) is caught both ways.
        assert!(!satisfies(&l, &b).is_empty());
        let w = walked(&[&l]);
        assert!(!exactly_once(&w, &and, 4).is_empty());
    }

    #[test]
    fn sampled_windows_catch_repeats_strangers_and_a_wrong_total() {
        let l = listing();
        let w1: Vec<(usize, Record)> = vec![(1, l[0].clone()), (2, l[1].clone())];
        let w2: Vec<(usize, Record)> = vec![(4, l[3].clone())];
        assert!(sampled(&[(0, &w1), (3, &w2)], &l, 4).is_empty());
        let f = sampled(&[(0, &w1), (3, &w2)], &l, 5);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].at, "/meta/total_count");
        let repeated: Vec<(usize, Record)> = vec![(1, l[0].clone()), (2, l[0].clone())];
        let f = sampled(&[(0, &repeated)], &l, 4);
        assert!(
            f[0].actual.contains("on page 1 and again on page 2"),
            "{f:?}"
        );
        let stranger = vec![(1, rec(9, "OTHER", "new"))];
        let f = sampled(&[(0, &stranger)], &l, 4);
        assert!(f[0].expected.contains("only matching"), "{f:?}");
        // A window one object off: each is an object of the listing, once,
        // but not the one the listing holds at its position.
        let shifted: Vec<(usize, Record)> = vec![(2, l[1].clone()), (2, l[2].clone())];
        let f = sampled(&[(2, &shifted)], &l, 4);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].actual.contains("2 out of place"), "{f:?}");
    }
}
