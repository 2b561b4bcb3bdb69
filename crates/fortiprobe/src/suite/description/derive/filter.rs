//! Filters of a described resource on the target's own data: each
//! documented lookup of each filter, `in` in each syntax, both ways (the
//! answer holds every matching object of the full listing and no other);
//! boolean fields in the spellings the framework reads; a lookup the
//! guide does not allow refused; two filters together; a walk that keeps
//! its filter.

use serde_json::{json, Value};

use super::{basis, case, cite, general, get, step, Gen};
use crate::suite::case::Basis;
use crate::suite::description::model::{FieldType, FilterFact, FilterValue};

/// Lookups tried, in this order, as the one the guide does not allow.
const REFUSED_ORDER: [&str; 6] = [
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "in",
];

pub(super) fn cases(g: &mut Gen) {
    if g.d.body.filters.is_empty() {
        return;
    }
    let filters = g.d.body.filters.clone();
    for (name, f) in &filters {
        let kind = g.d.field(name).map_or(FieldType::String, |x| x.kind);
        let at = format!("/filters/{}", name.replace('~', "~0").replace('/', "~1"));
        for lookup in &f.lookups {
            for c in lookup_cases(g, name, f, kind, lookup) {
                tag(g, name, f, kind, &c);
                let c = g.later_fields(c, [name.as_str()]);
                g.add(&at, c);
            }
        }
        // Which lookups a filter refuses is known only where the guide lists them.
        if kind == FieldType::String && f.basis == Basis::Doc {
            if let Some(c) = refused(g, name, f) {
                g.add(&at, c);
            }
        }
    }
    combined(g, &filters);
}

/// The rule a filter case checks, by its name: the filter itself (its
/// plain form), a lookup, a syntax of `in`, the spellings of a boolean.
fn tag(g: &mut Gen, name: &str, f: &FilterFact, kind: FieldType, c: &Value) {
    let case_name = c["name"].as_str().unwrap_or_default().to_string();
    let stem = match f.value {
        FilterValue::Id => format!("filter_{name}_id"),
        FilterValue::AsListed => format!("filter_{name}"),
    };
    let Some(rest) = case_name.strip_prefix(&stem) else {
        return;
    };
    let rule = match (rest, kind) {
        ("", _) | ("_true", FieldType::Boolean) => Some("filter".to_string()),
        ("_true_capitalised" | "_1" | "_0", _) => Some("boolean".into()),
        ("_in", _) => Some("in:repeated".into()),
        ("_in_comma_joined", _) => Some("in:comma".into()),
        ("_iexact_case_changed", _) => Some("lookup:iexact".into()),
        (r, _) if ["_contains", "_icontains", "_startswith", "_istartswith"].contains(&r) => {
            Some(format!("lookup:{}", &r[1..]))
        }
        _ => None,
    };
    if let Some(rule) = rule {
        g.tag(&case_name, &rule, Some(name));
    }
}

/// A filter check case: `where` holds its conditions.
fn check(g: &Gen, conditions: Value) -> Value {
    json!({"check": {"kind": "filter", "path": g.d.head.path, "schema": g.d.schema_path("list"),
        "where": conditions}})
}

fn condition(param: &str, pick: &str, f: &FilterFact) -> Value {
    let mut c = json!({"param": param, "pick": pick});
    if f.value == FilterValue::Id {
        c["read"] = json!("uri_id");
    }
    c
}

/// The cases of one lookup of one filter.
fn lookup_cases(g: &Gen, name: &str, f: &FilterFact, kind: FieldType, lookup: &str) -> Vec<Value> {
    let src = cite(g.d, &f.source);
    let b = basis(&[f.basis]);
    let id = f.value == FilterValue::Id;
    let stem = if id {
        format!("filter_{name}_id")
    } else {
        format!("filter_{name}")
    };
    let (listed, of) = if id {
        (
            format!("<the id a listed `{name}` URI ends with>"),
            format!("`{name}` URI ends with that id"),
        )
    } else {
        (
            "<a listed value>".to_string(),
            format!("`{name}` equals it"),
        )
    };
    let one = |case_name: String, summary: String, basis: &str, source: String, cond: Value| {
        case(&case_name, summary, basis, source, check(g, json!([cond])))
    };
    match (lookup, kind) {
        ("exact", FieldType::Boolean) => booleans(g, name, f),
        ("exact", _) => {
            let mut out = vec![
                one(stem.clone(), format!("{name}={listed} answers exactly the objects whose {of}"), b, src.clone(), condition(name, "as_is", f)),
                one(format!("{stem}_exact"), format!("{name}__exact={listed} answers exactly the objects whose {of}"), b, src.clone(), condition(&format!("{name}__exact"), "as_is", f)),
            ];
            if kind == FieldType::String && !id {
                out.push(one(format!("{stem}_exact_prefix"), format!("{name}__exact=<a proper prefix of a listed value> answers only objects whose {name} is exactly that prefix (usually none)"), b, src, condition(&format!("{name}__exact"), "proper_prefix", f)));
            }
            out
        }
        ("iexact", _) => vec![one(format!("{stem}_iexact_case_changed"), format!("{name}__iexact=<a listed value, the case of its letters changed> answers exactly the objects whose {name} equals it ignoring case"), b, src, condition(&format!("{name}__iexact"), "swap_case", f))],
        ("contains", _) => vec![one(format!("{stem}_contains"), format!("{name}__contains=<a listed value without its first and last character> answers exactly the objects whose {name} holds it"), b, src, condition(&format!("{name}__contains"), "proper_substring", f))],
        ("icontains", _) => vec![one(format!("{stem}_icontains"), format!("{name}__icontains=<that inner part, case changed> answers exactly the objects whose {name} holds it ignoring case"), b, src, condition(&format!("{name}__icontains"), "swap_case_substring", f))],
        ("startswith", _) => vec![one(format!("{stem}_startswith"), format!("{name}__startswith=<a proper prefix of a listed value> answers exactly the objects whose {name} starts with it"), b, src, condition(&format!("{name}__startswith"), "proper_prefix", f))],
        ("istartswith", _) => vec![one(format!("{stem}_istartswith"), format!("{name}__istartswith=<a proper prefix, case changed> answers exactly the objects whose {name} starts with it ignoring case"), b, src, condition(&format!("{name}__istartswith"), "swap_case_prefix", f))],
        ("in", _) => {
            let param = format!("{name}__in");
            let mut repeated = condition(&param, "several", f);
            repeated["syntax"] = json!("repeated");
            let mut comma = condition(&param, "several", f);
            comma["syntax"] = json!("comma");
            vec![
                one(format!("{stem}_in"), format!("{param}={listed} and {param}=<another> (the parameter once per value, as the guide writes `in`) answers exactly the objects whose {} is one of them", of.trim_end_matches(" equals it").trim_end_matches(" ends with that id")), b, format!("{src}; {}", general::FILTERING), repeated),
                one(format!("{stem}_in_comma_joined"), format!("{param}={listed},<another> (comma-joined, which tastypie also reads) answers exactly the objects whose {} is one of them", of.trim_end_matches(" equals it").trim_end_matches(" ends with that id")), "framework", format!("{src}; tastypie splits an `__in` value on commas [framework]"), comma),
            ]
        }
        _ => Vec::new(),
    }
}

/// A boolean filter: `true` as JSON writes it, and the spellings Python
/// and Django's `BooleanField` read ([framework]).
fn booleans(g: &Gen, name: &str, f: &FilterFact) -> Vec<Value> {
    let src = cite(g.d, &f.source);
    [
        ("true", "true", "true (JSON's spelling)", f.basis),
        ("true_capitalised", "True", "true (Python's spelling)", Basis::Framework),
        ("1", "1", "true (Django's BooleanField reads 1)", Basis::Framework),
        ("0", "0", "false (Django's BooleanField reads 0)", Basis::Framework),
    ]
    .into_iter()
    .map(|(suffix, value, what, b)| {
        case(
            &format!("filter_{name}_{suffix}"),
            format!("{name}={value} answers exactly the objects whose `{name}` is {what}"),
            basis(&[b]),
            format!("{src}; a filter's text is read as tastypie and Django read booleans (`true`/`True`, `1`/`0`) [framework]"),
            check(g, json!([{"param": name, "value": value}])),
        )
    })
    .collect()
}

/// A lookup the guide does not list for a text filter is refused with a
/// 400, as tastypie refuses it ([framework]).
fn refused(g: &Gen, name: &str, f: &FilterFact) -> Option<Value> {
    let lookup = REFUSED_ORDER
        .iter()
        .find(|l| !f.lookups.iter().any(|x| x == *l))?;
    let param = format!("{name}__{lookup}");
    Some(case(
        &format!("{name}_{lookup}_is_400"),
        format!("{param}, a lookup the guide does not allow on `{name}` (it allows {}), is refused with 400", f.lookups.join(", ")),
        "framework",
        format!("{}; a lookup not allowed is a 400 in tastypie [framework]", cite(g.d, &f.source)),
        json!({"steps": [step(get(&g.d.head.path, &[(param.as_str(), "fortiprobe".into())]), json!({"status": 400}))]}),
    ))
}

/// The first two filters with `exact` together (AND), not two unique ones,
/// and a walk at a small page size that keeps the first one.
fn combined(g: &mut Gen, filters: &[(String, FilterFact)]) {
    let exact: Vec<&(String, FilterFact)> = filters
        .iter()
        .filter(|(n, f)| {
            f.lookups.iter().any(|l| l == "exact")
                && g.d.field(n).is_some_and(|x| x.kind != FieldType::Boolean)
        })
        .collect();
    let Some((first, f1)) = exact.first().map(|(n, f)| (n.clone(), f.clone())) else {
        return;
    };
    let at = format!("/filters/{first}");
    // Two unique fields pick out one object each: taken from one object,
    // AND and OR answer the same, so the pair could never tell them apart.
    let unique = |n: &str| g.d.field(n).is_some_and(|x| x.unique);
    let second = exact
        .iter()
        .skip(1)
        .find(|(n, _)| !(unique(&first) && unique(n)))
        .map(|(n, f)| (n.clone(), f.clone()));
    if let Some((second, f2)) = second {
        let c = case(
            &format!("filter_{first}_and_{second}"),
            format!("{first} and {second} of one listed object together (AND) answer exactly the objects matching both"),
            basis(&[f1.basis, f2.basis]),
            format!("{}; several filters combine with AND [framework]", cite(g.d, &f1.source)),
            check(g, json!([condition(&first, "as_is", &f1), condition(&second, "as_is", &f2)])),
        );
        g.add(&at, c);
    }
    let c = case(
        &format!("walk_limit_2_{first}"),
        format!("limit=2 and {first}=<the most frequent listed value>: next keeps the filter, every matching object exactly once"),
        basis(&[f1.basis]),
        format!("{}; {}", cite(g.d, &f1.source), general::FILTERING),
        json!({"check": {"kind": "pagination", "path": g.d.head.path, "schema": g.d.schema_path("list"),
            "limit": 2, "where": [condition(&first, "as_is", &f1)]}}),
    );
    g.add(&at, c);
}
