//! Filter values taken from the target's own listing: a condition's value
//! decided (`Bound`), Django's lookups applied to a record (booleans and
//! numbers read as the framework reads the filter's text), and the choice
//! of values that can tell a working filter from a broken one.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::record::{Record, Scalar};
use crate::suite::property::{Condition, Lookup, Pick, Read, Source, Syntax};

/// A condition with its value decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub param: String,
    pub field: String,
    pub lookup: Lookup,
    pub read: Read,
    /// The value as the check reads it: several values of `__in` joined by
    /// commas (none of them holds one).
    pub value: String,
    pub syntax: Syntax,
}

impl Bound {
    /// The query parameters the condition sends: one, or one per value of
    /// an `__in` sent as the guide writes it (`f__in=a&f__in=b`).
    pub fn params(&self) -> Vec<(String, String)> {
        match (self.lookup, self.syntax) {
            (Lookup::In, Syntax::Repeated) => self
                .wanted()
                .map(|w| (self.param.clone(), w.to_string()))
                .collect(),
            _ => vec![(self.param.clone(), self.value.clone())],
        }
    }

    /// Django's lookups: `exact` compares strings, `iexact` compares them
    /// upper-cased (PostgreSQL's `UPPER(a) = UPPER(b)`), `contains` and
    /// `icontains` look for the text inside (`LIKE`, `UPPER(..) LIKE
    /// UPPER(..)`), `in` is `exact` against each comma-separated value
    /// (tastypie splits `__in` on commas). A boolean field compares the
    /// filter's text as tastypie and Django read it (`true`, `True`, `1`,
    /// `t`), a number field as a number.
    pub fn matches(&self, r: &Record) -> bool {
        let Some(actual) = r.fields.value(&self.field) else {
            return false;
        };
        let Some(actual) = read(actual, self.read) else {
            return false;
        };
        self.wanted().any(|w| compare(self.lookup, &actual, w))
    }

    /// The values given: several for `__in`.
    fn wanted(&self) -> impl Iterator<Item = &str> {
        let several = self.lookup == Lookup::In;
        self.value
            .split(move |c| several && c == ',')
            .filter(move |w| !several || !w.is_empty())
    }

    /// What every object of the filtered answer must be, in words.
    pub fn expectation(&self) -> String {
        let of = match self.read {
            Read::AsListed => "",
            Read::UriId => " (the id its URI ends with)",
        };
        format!("{} {:?}{of}", self.lookup.describe(), self.value)
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .params()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        write!(f, "{}", parts.join("&"))
    }
}

/// The listed value as the filter compares it: as listed, or the id at the
/// end of a URI (a number when it is all digits).
fn read(v: Scalar<'_>, how: Read) -> Option<Scalar<'_>> {
    match how {
        Read::AsListed => Some(v),
        Read::UriId => {
            let Scalar::Text(uri) = v else {
                return None;
            };
            let id = uri.trim_end_matches('/').rsplit('/').next()?;
            if id.is_empty() {
                return None;
            }
            Some(if id.bytes().all(|b| b.is_ascii_digit()) {
                Scalar::Number(id)
            } else {
                Scalar::Text(id)
            })
        }
    }
}

/// A filter's text read as a boolean: tastypie's `string_to_python`
/// (`true`, `True`, `false`, `False`), then Django's `BooleanField`
/// (`t`, `1`, `f`, `0`). Anything else is refused by the framework.
pub fn framework_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "t" | "1" => Some(true),
        "false" | "False" | "f" | "0" => Some(false),
        _ => None,
    }
}

/// Two numbers' texts denote the same number (`5`, `05`, `5.0`).
fn same_number(listed: &str, given: &str) -> bool {
    match (listed.parse::<i128>(), given.trim().parse::<i128>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => match (listed.parse::<f64>(), given.trim().parse::<f64>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
    }
}

fn compare(lookup: Lookup, actual: &Scalar, wanted: &str) -> bool {
    let equality = matches!(lookup, Lookup::Exact | Lookup::In);
    match actual {
        Scalar::Bool(b) if equality => framework_bool(wanted) == Some(*b),
        Scalar::Number(n) if equality => same_number(n, wanted),
        other => {
            let a = other.text();
            match lookup {
                Lookup::Exact | Lookup::In => a == wanted,
                Lookup::Iexact => a.to_uppercase() == wanted.to_uppercase(),
                Lookup::Contains => a.contains(wanted),
                Lookup::Icontains => a.to_uppercase().contains(&wanted.to_uppercase()),
                Lookup::Startswith => a.starts_with(wanted),
                Lookup::Istartswith => a.to_uppercase().starts_with(&wanted.to_uppercase()),
            }
        }
    }
}

/// A fingerprint of a value or a combination of values. Counting by
/// fingerprint keeps a few bytes per distinct value, not the values (a
/// listing of 100,000 unique serials held 44 MB of combinations); the
/// value is read again from the first object that gives it. Two values
/// sharing a fingerprint (odds about n²/2⁶⁵ for n distinct values) would
/// only merge their counts, changing which value is tried first: the
/// chosen one is still judged by `discriminates` and matched against the
/// listing by its own text.
fn fingerprint<T: Hash + ?Sized>(v: &T) -> u64 {
    // SipHash with fixed keys: the same listing picks the same values.
    let mut h = std::hash::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// How often each distinct value (or combination) occurs: its fingerprint,
/// the count and the position of the first object that gives it, most
/// frequent first (the first listed on a tie).
type Ranked = Vec<(u64, usize, usize)>;

fn rank(counts: HashMap<u64, (usize, usize)>) -> Ranked {
    let mut ranked: Ranked = counts.into_iter().map(|(k, (n, p))| (k, n, p)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    ranked
}

/// A field's listed values (as read), most frequent first.
struct Values<'r, R> {
    ranked: Ranked,
    counts: HashMap<u64, usize>,
    reference: &'r [R],
}

impl<R: Borrow<Record>> Values<'_, R> {
    fn of<'r>(reference: &'r [R], c: &Condition) -> Values<'r, R> {
        let mut counts: HashMap<u64, (usize, usize)> = HashMap::new();
        for (pos, r) in reference.iter().map(Borrow::borrow).enumerate() {
            if let Some(v) = value_of(r, c) {
                counts.entry(fingerprint(&v)).or_insert((0, pos)).0 += 1;
            }
        }
        let ranked = rank(counts);
        Values {
            counts: ranked.iter().map(|&(k, n, _)| (k, n)).collect(),
            ranked,
            reference,
        }
    }

    /// `v` and another listed value of `c`, comma-joined: the most frequent
    /// other one that leaves some object out (so an ignored filter shows),
    /// else the most frequent other one. Values holding a comma cannot be
    /// sent to `__in`.
    fn several(&self, v: &str, c: &Condition) -> Option<String> {
        if v.contains(',') {
            return None;
        }
        let key = fingerprint(v);
        let own = self.counts.get(&key).copied().unwrap_or(0);
        let total = self.reference.len();
        let others = || {
            self.ranked
                .iter()
                .filter(move |(k, _, _)| *k != key)
                .filter_map(|&(_, n, pos)| {
                    let w = value_of(self.reference[pos].borrow(), c)?;
                    (!w.contains(',')).then_some((w, n))
                })
        };
        let (w, _) = others()
            .find(|(_, n)| own + n < total)
            .or_else(|| others().next())?;
        Some(format!("{v},{w}"))
    }
}

/// The non-empty listed value of `c`'s field, as the filter reads it.
fn value_of(r: &Record, c: &Condition) -> Option<String> {
    let v = read(r.fields.value(&c.field)?, c.read)?;
    let t = v.text();
    (!t.is_empty()).then(|| t.to_string())
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
    let picks: Vec<Picked> = conditions
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
        let best = best_combination(conditions, &picks, &chosen, reference)?;
        for ((i, _, _), v) in picks.iter().zip(best) {
            chosen[*i] = Some(v);
        }
    }
    conditions
        .iter()
        .zip(chosen)
        .map(|(c, v)| {
            v.map(|value| bound(c, value))
                .ok_or_else(|| format!("no value for `{}`", c.param))
        })
        .collect()
}

/// A condition whose value is picked: its position, itself, how to pick.
type Picked<'a> = (usize, &'a Condition, Pick);

fn bound(c: &Condition, value: String) -> Bound {
    Bound {
        param: c.param.clone(),
        field: c.field.clone(),
        lookup: c.lookup,
        read: c.read,
        value,
        syntax: c.syntax,
    }
}

/// The picked values of the most frequent combination that `discriminates`
/// (the first listed on a tie), among the `CANDIDATES` most frequent.
fn best_combination(
    conditions: &[Condition],
    picks: &[Picked],
    chosen: &[Option<String>],
    reference: &[impl Borrow<Record>],
) -> Result<Vec<String>, String> {
    let combos = Combinations::of(picks, reference);
    if combos.ranked.is_empty() {
        return Err(nothing_to_pick(picks, reference.is_empty()));
    }
    // The most frequent combination first (the first listed on a tie),
    // but only one that can tell a working filter from a broken one.
    let ranked: Vec<Vec<String>> = combos
        .ranked
        .iter()
        .take(CANDIDATES)
        .filter_map(|&(_, _, pos)| combos.combination(picks, reference[pos].borrow()))
        .collect();
    let bound_with = |combo: &[String]| -> Vec<Bound> {
        let mut values = chosen.to_vec();
        for ((i, _, _), v) in picks.iter().zip(combo) {
            values[*i] = Some(v.clone());
        }
        conditions
            .iter()
            .zip(values)
            .filter_map(|(c, v)| v.map(|value| bound(c, value)))
            .collect()
    };
    let found = ranked
        .iter()
        .find(|combo| discriminates(&bound_with(combo), reference));
    match found {
        Some(best) => Ok(best.clone()),
        None => Err(cannot_discriminate(
            &bound_with(ranked.first().map_or(&[][..], |c| &c[..])),
            conditions.len(),
        )),
    }
}

/// Each combination of picked values the listing offers, ranked (see
/// [`Ranked`]), and how to read a combination from an object.
struct Combinations<'r, R> {
    ranked: Ranked,
    several: Vec<Option<Values<'r, R>>>,
}

impl<'r, R: Borrow<Record>> Combinations<'r, R> {
    fn of(picks: &[Picked], reference: &'r [R]) -> Combinations<'r, R> {
        let several = picks
            .iter()
            .map(|(_, c, p)| (*p == Pick::Several).then(|| Values::of(reference, c)))
            .collect();
        let mut combos = Combinations {
            ranked: Vec::new(),
            several,
        };
        let mut counts: HashMap<u64, (usize, usize)> = HashMap::new();
        for (pos, r) in reference.iter().map(Borrow::borrow).enumerate() {
            if let Some(combo) = combos.combination(picks, r) {
                counts.entry(fingerprint(&combo)).or_insert((0, pos)).0 += 1;
            }
        }
        combos.ranked = rank(counts);
        combos
    }

    /// The picked values `r` gives, if it gives one for every pick.
    fn combination(&self, picks: &[Picked], r: &Record) -> Option<Vec<String>> {
        picks
            .iter()
            .zip(&self.several)
            .map(|((_, c, p), values)| {
                let v = value_of(r, c)?;
                match values {
                    Some(values) => values.several(&v, c),
                    None => p.take(&v),
                }
            })
            .collect()
    }
}

/// Why no listed object gives a value for every pick.
fn nothing_to_pick(picks: &[Picked], empty: bool) -> String {
    if empty {
        return "the target's full listing is empty: no value to filter on".into();
    }
    let what: Vec<String> = picks
        .iter()
        .map(|(_, c, p)| match p {
            Pick::AsIs => format!("a non-empty `{}`", c.field),
            Pick::SwapCase => format!("a `{}` with a letter in it", c.field),
            Pick::ProperPrefix => {
                format!("a `{}` of two or more characters", c.field)
            }
            Pick::ProperSubstring => {
                format!("a `{}` of three or more characters", c.field)
            }
            Pick::SwapCaseSubstring => format!(
                "a `{}` of three or more characters with a letter between the first and the last",
                c.field
            ),
            Pick::SwapCasePrefix => format!(
                "a `{}` of two or more characters with a letter before the last",
                c.field
            ),
            Pick::Several => format!("two different values of `{}` (without a comma)", c.field),
        })
        .collect();
    format!(
        "the target lists no object with {} to filter on",
        what.join(" and ")
    )
}

/// Why no picked combination can show a broken filter, with an example.
fn cannot_discriminate(example: &[Bound], conditions: usize) -> String {
    let example = example
        .iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "the target's listing cannot tell a working filter from a broken one here: \
         for every value tried (e.g. {example}) the answer would be the whole listing{}",
        if conditions > 1 {
            ", or the same whether the filters are AND-ed or OR-ed"
        } else {
            ""
        }
    )
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
        assert_eq!(Pick::SwapCase.take("FTKmob01").as_deref(), Some("ftkMOB01"));
        assert_eq!(Pick::SwapCase.take("FTKı01"), None);
        assert_eq!(Pick::SwapCase.take("0123"), None);
    }

    #[test]
    fn iexact_ignores_case_and_exact_does_not() {
        let r = rec(1, "FTKMOB0001", "new");
        let b = |param: &str, lookup, v: &str| Bound {
            param: param.into(),
            field: "serial".into(),
            lookup,
            read: Read::AsListed,
            value: v.into(),
            syntax: Syntax::Repeated,
        };
        assert!(b("serial__iexact", Lookup::Iexact, "ftkmob0001").matches(&r));
        assert!(!b("serial", Lookup::Exact, "ftkmob0001").matches(&r));
        assert!(!b("serial", Lookup::Exact, "FTKMOB000").matches(&r));
        assert!(b("serial", Lookup::Exact, "FTKMOB0001").matches(&r));
    }

    fn member(id: u32, group: u32, group_name: &str, active: bool) -> Record {
        let mut r = Record {
            key: format!("/api/v1/localgroup-memberships/{id}/").into(),
            fields: [
                ("group_name".to_string(), group_name.to_string()),
                ("group".to_string(), format!("/api/v1/usergroups/{group}/")),
            ]
            .into_iter()
            .collect(),
        };
        r.fields.set("active", Scalar::Bool(active));
        r.fields.set("id", Scalar::Number(&id.to_string()));
        r
    }

    fn memberships() -> Vec<Record> {
        vec![
            member(1, 1, "vpn-users", true),
            member(2, 1, "vpn-users", false),
            member(3, 2, "VPN-Admins", true),
            member(4, 3, "radius_staff", true),
            member(5, 1, "vpn-users", true),
        ]
    }

    fn bound(param: &str, read: Read, value: &str) -> Bound {
        let c = Condition::new(param, Source::Value(value.into())).unwrap();
        Bound {
            param: c.param,
            field: c.field,
            lookup: c.lookup,
            read,
            value: value.into(),
            syntax: Syntax::Repeated,
        }
    }

    #[test]
    fn contains_icontains_and_in_are_djangos() {
        let r = member(1, 15, "VPN-Admins", true);
        let t = |param: &str, v: &str| bound(param, Read::AsListed, v).matches(&r);
        assert!(t("group_name__contains", "PN-Ad"));
        assert!(!t("group_name__contains", "pn-ad"), "contains keeps case");
        assert!(t("group_name__icontains", "pn-ad"));
        assert!(!t("group_name__icontains", "admins-"));
        assert!(t("group_name__in", "vpn-users,VPN-Admins"));
        assert!(!t("group_name__in", "vpn-admins,vpn-users"), "in is exact");
        assert!(!t("group_name__in", "VPN-Ad"));
        assert!(!t("group_name", "VPN-Admins,vpn-users"), "only in splits");
    }

    #[test]
    fn booleans_and_numbers_are_read_as_the_framework_reads_them() {
        let on = member(7, 15, "g", true);
        let off = member(8, 15, "g", false);
        for spelling in ["true", "True", "1", "t"] {
            let b = bound("active", Read::AsListed, spelling);
            assert!(b.matches(&on) && !b.matches(&off), "{spelling}");
        }
        for spelling in ["false", "False", "0", "f"] {
            let b = bound("active", Read::AsListed, spelling);
            assert!(!b.matches(&on) && b.matches(&off), "{spelling}");
        }
        for nonsense in ["TRUE", "yes", ""] {
            let b = bound("active", Read::AsListed, nonsense);
            assert!(!b.matches(&on) && !b.matches(&off), "{nonsense}");
        }
        assert!(bound("id", Read::AsListed, "07").matches(&on));
        assert!(bound("id__in", Read::AsListed, "3,7").matches(&on));
        assert!(!bound("id", Read::AsListed, "8").matches(&on));
    }

    #[test]
    fn uri_fields_are_filtered_by_the_id_they_end_with() {
        let r = member(1, 15, "g", true);
        assert!(bound("group", Read::UriId, "15").matches(&r));
        assert!(bound("group", Read::UriId, "015").matches(&r));
        assert!(!bound("group", Read::UriId, "1").matches(&r));
        assert!(!bound("group", Read::AsListed, "15").matches(&r));
        assert!(bound("group__in", Read::UriId, "3,15").matches(&r));
        let mut c = cond("group", Source::Pick(Pick::AsIs));
        c.read = Read::UriId;
        let b = bind(&[c], &[None], &memberships()).unwrap();
        assert_eq!(b[0].value, "1", "the id of the most frequent group");
        assert!(b[0].expectation().contains("the id its URI ends with"));
    }

    #[test]
    fn substring_picks_are_inner_parts_of_a_listed_value() {
        let l = memberships();
        let b = bind(
            &[cond(
                "group_name__contains",
                Source::Pick(Pick::ProperSubstring),
            )],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "pn-user", "neither a prefix nor the whole");
        assert!(discriminates(&b, &l));
        let b = bind(
            &[cond(
                "group_name__icontains",
                Source::Pick(Pick::SwapCaseSubstring),
            )],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "PN-USER");
        let short = vec![member(1, 1, "ab", true), member(2, 2, "xy", true)];
        let e = bind(
            &[cond(
                "group_name__contains",
                Source::Pick(Pick::ProperSubstring),
            )],
            &[None],
            &short,
        )
        .unwrap_err();
        assert!(e.contains("three or more"), "{e}");
    }

    #[test]
    fn several_picks_two_values_that_leave_objects_out() {
        let l = memberships();
        let b = bind(
            &[cond("group_name__in", Source::Pick(Pick::Several))],
            &[None],
            &l,
        )
        .unwrap();
        assert_eq!(b[0].value, "vpn-users,VPN-Admins");
        let matched = l.iter().filter(|r| b[0].matches(r)).count();
        assert_eq!(matched, 4, "both values count, one object is left out");
        // Two groups only: any two values cover everything.
        let two = vec![member(1, 1, "a1", true), member(2, 2, "b2", true)];
        let e = bind(
            &[cond("group_name__in", Source::Pick(Pick::Several))],
            &[None],
            &two,
        )
        .unwrap_err();
        assert!(e.contains("cannot tell"), "{e}");
        let one = vec![member(1, 1, "a1", true)];
        let e = bind(
            &[cond("group_name__in", Source::Pick(Pick::Several))],
            &[None],
            &one,
        )
        .unwrap_err();
        assert!(e.contains("two different values"), "{e}");
    }
}
