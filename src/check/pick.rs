//! Filter values taken from the target's own listing: a condition's value
//! decided (`Bound`), Django's lookups applied to a record, and the choice
//! of values that can tell a working filter from a broken one.

use std::borrow::Borrow;
use std::collections::HashMap;

use super::record::Record;
use crate::suite::property::{Condition, Lookup, Pick, Source};

/// A condition with its value decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub param: String,
    pub field: String,
    pub lookup: Lookup,
    pub value: String,
}

impl Bound {
    /// Django's lookups: `exact` compares strings, `iexact` compares them
    /// upper-cased (PostgreSQL's `UPPER(a) = UPPER(b)`).
    pub fn matches(&self, r: &Record) -> bool {
        match (r.fields.get(&self.field), self.lookup) {
            (Some(v), Lookup::Exact) => v == self.value,
            (Some(v), Lookup::Iexact) => v.to_uppercase() == self.value.to_uppercase(),
            (None, _) => false,
        }
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.param, self.value)
    }
}

fn transform(value: &str, pick: Pick) -> Option<String> {
    match pick {
        Pick::AsIs => (!value.is_empty()).then(|| value.to_string()),
        Pick::SwapCase => {
            // ASCII only: databases fold other letters differently.
            if !value.is_ascii() {
                return None;
            }
            let swapped: String = value
                .chars()
                .map(|c| {
                    if c.is_ascii_uppercase() {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect();
            (swapped != value).then_some(swapped)
        }
        Pick::ProperPrefix => {
            let n = value.chars().count();
            (n >= 2).then(|| value.chars().take(n - 1).collect())
        }
    }
}

/// Picked combinations tried before giving up on the data.
const CANDIDATES: usize = 50;

/// Whether filtering with `bound` can show a broken filter: the matching
/// subset is smaller than the listing (an ignored filter would show), and
/// with several conditions AND differs from OR.
pub fn discriminates<R: Borrow<Record>>(bound: &[Bound], reference: &[R]) -> bool {
    let and = reference
        .iter()
        .map(Borrow::borrow)
        .filter(|r| bound.iter().all(|b| b.matches(r)))
        .count();
    if and >= reference.len() {
        return false;
    }
    bound.len() < 2
        || reference
            .iter()
            .map(Borrow::borrow)
            .filter(|r| bound.iter().any(|b| b.matches(r)))
            .count()
            > and
}

/// Decides the values of `conditions` from the target's full listing:
/// given values are used as they are (`resolved` holds them, substituted);
/// picked ones come from the listed object whose combination of picked
/// values is the most frequent (the first such object on a tie), so that
/// the filtered answer is as large as the data allows, among those that
/// `discriminates`. `Err` says why no object can serve.
pub fn bind(
    conditions: &[Condition],
    resolved: &[Option<String>],
    reference: &[impl Borrow<Record>],
) -> Result<Vec<Bound>, String> {
    let picks: Vec<(usize, &Condition, Pick)> = conditions
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.source {
            Source::Pick(p) => Some((i, c, p)),
            Source::Value(_) => None,
        })
        .collect();
    let mut chosen: Vec<Option<String>> = resolved.to_vec();
    chosen.resize(conditions.len(), None);
    if !picks.is_empty() {
        let mut counts: HashMap<Vec<String>, (usize, usize)> = HashMap::new();
        for (pos, r) in reference.iter().map(Borrow::borrow).enumerate() {
            let combo: Option<Vec<String>> = picks
                .iter()
                .map(|(_, c, p)| r.fields.get(&c.field).and_then(|v| transform(v, *p)))
                .collect();
            if let Some(combo) = combo {
                let e = counts.entry(combo).or_insert((0, pos));
                e.0 += 1;
            }
        }
        if counts.is_empty() {
            if reference.is_empty() {
                return Err("the target's full listing is empty: no value to filter on".into());
            }
            let what: Vec<String> = picks
                .iter()
                .map(|(_, c, p)| match p {
                    Pick::AsIs => format!("a non-empty `{}`", c.field),
                    Pick::SwapCase => format!("a `{}` with a letter in it", c.field),
                    Pick::ProperPrefix => {
                        format!("a `{}` of two or more characters", c.field)
                    }
                })
                .collect();
            return Err(format!(
                "the target lists no object with {} to filter on",
                what.join(" and ")
            ));
        }
        // The most frequent combination first (the first listed on a tie),
        // but only one that can tell a working filter from a broken one.
        let mut ranked: Vec<(Vec<String>, (usize, usize))> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        let bound_with = |combo: &[String]| -> Vec<Bound> {
            let mut values = chosen.clone();
            for ((i, _, _), v) in picks.iter().zip(combo) {
                values[*i] = Some(v.clone());
            }
            conditions
                .iter()
                .zip(values)
                .filter_map(|(c, v)| {
                    v.map(|value| Bound {
                        param: c.param.clone(),
                        field: c.field.clone(),
                        lookup: c.lookup,
                        value,
                    })
                })
                .collect()
        };
        let found = ranked
            .iter()
            .take(CANDIDATES)
            .find(|(combo, _)| discriminates(&bound_with(combo), reference));
        let Some((best, _)) = found else {
            let example = bound_with(&ranked[0].0)
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join("&");
            return Err(format!(
                "the target's listing cannot tell a working filter from a broken one here: \
                 for every value tried (e.g. {example}) the answer would be the whole listing{}",
                if conditions.len() > 1 {
                    ", or the same whether the filters are AND-ed or OR-ed"
                } else {
                    ""
                }
            ));
        };
        for ((i, _, _), v) in picks.iter().zip(best) {
            chosen[*i] = Some(v.clone());
        }
    }
    conditions
        .iter()
        .zip(chosen)
        .map(|(c, v)| {
            v.map(|value| Bound {
                param: c.param.clone(),
                field: c.field.clone(),
                lookup: c.lookup,
                value,
            })
            .ok_or_else(|| format!("no value for `{}`", c.param))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testdata::*;

    #[test]
    fn picks_the_most_frequent_value_and_transforms_it() {
        let l = listing();
        let b = bind(&[cond("status", Source::Pick(Pick::AsIs))], &[None], &l).unwrap();
        assert_eq!(b[0].value, "available");
        let b = bind(
            &[cond("serial__iexact", Source::Pick(Pick::SwapCase))],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "ftkmob0001");
        let b = bind(
            &[cond("serial__exact", Source::Pick(Pick::ProperPrefix))],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "FTKMOB000");
        let two = [
            cond("type", Source::Pick(Pick::AsIs)),
            cond("status", Source::Pick(Pick::AsIs)),
        ];
        let b = bind(&two, &[None, None], &l).unwrap();
        assert_eq!(
            (b[0].value.as_str(), b[1].value.as_str()),
            ("ftm", "available")
        );
        let given = [cond("type", Source::Value("ftk".into()))];
        let b = bind(&given, &[Some("ftk".into())], &[] as &[Record]).unwrap();
        assert_eq!(b[0].value, "ftk");
    }

    #[test]
    fn picking_from_a_listing_without_candidates_says_why() {
        let e = bind(
            &[cond("license", Source::Pick(Pick::AsIs))],
            &[None],
            &listing(),
        )
        .unwrap_err();
        assert!(e.contains("no object with a non-empty `license`"), "{e}");
        let digits = vec![rec(1, "12345", "new")];
        let e = bind(
            &[cond("serial__iexact", Source::Pick(Pick::SwapCase))],
            &[None],
            &digits,
        )
        .unwrap_err();
        assert!(e.contains("letter"), "{e}");
    }

    #[test]
    fn picking_prefers_values_that_can_show_a_broken_filter() {
        // Three of four share a license; the fourth's can tell an ignored filter.
        let mut l = listing();
        for (i, r) in l.iter_mut().enumerate() {
            let lic = if i == 3 { "EFTM1" } else { "FTMTRIAL" };
            r.fields.insert("license", lic);
        }
        let b = bind(&[cond("license", Source::Pick(Pick::AsIs))], &[None], &l).unwrap();
        assert_eq!(b[0].value, "FTMTRIAL", "a proper subset is fine");
        for r in &mut l {
            r.fields.insert("license", "FTMTRIAL");
        }
        let e = bind(&[cond("license", Source::Pick(Pick::AsIs))], &[None], &l).unwrap_err();
        assert!(e.contains("cannot tell"), "{e}");
        // AND and OR must differ: serial and status of one token whose
        // status is unique would not show an OR.
        let two = [
            cond("serial__exact", Source::Pick(Pick::AsIs)),
            cond("status", Source::Pick(Pick::AsIs)),
        ];
        let l = listing();
        let b = bind(&two, &[None, None], &l).unwrap();
        assert_eq!(b[1].value, "available", "{b:?}");
        assert!(discriminates(&b, &l));
        let lone = vec![rec(1, "A1", "new"), rec(2, "B2", "assigned")];
        assert!(bind(&two, &[None, None], &lone).is_err());
    }

    #[test]
    fn swap_case_keeps_to_ascii() {
        assert_eq!(
            transform("FTKmob01", Pick::SwapCase).as_deref(),
            Some("ftkMOB01")
        );
        assert_eq!(transform("FTKı01", Pick::SwapCase), None);
        assert_eq!(transform("0123", Pick::SwapCase), None);
    }

    #[test]
    fn iexact_ignores_case_and_exact_does_not() {
        let r = rec(1, "FTKMOB0001", "new");
        let b = |param: &str, lookup, v: &str| Bound {
            param: param.into(),
            field: "serial".into(),
            lookup,
            value: v.into(),
        };
        assert!(b("serial__iexact", Lookup::Iexact, "ftkmob0001").matches(&r));
        assert!(!b("serial", Lookup::Exact, "ftkmob0001").matches(&r));
        assert!(!b("serial", Lookup::Exact, "FTKMOB000").matches(&r));
        assert!(b("serial", Lookup::Exact, "FTKMOB0001").matches(&r));
    }
}
