//! One fault per documented rule of every declared FortiAuthenticator
//! resource, derived from the declarations (`crate::fac::RESOURCES`), so
//! the catalogue grows with them: each field restriction unchecked
//! (required, max length, pattern, format, choices, range, unique), a
//! read-only field written, a related URI that names nothing accepted, each
//! rule across fields unchecked, each filter ignored, each lookup read as
//! exact, each syntax of `in` ignored, a boolean filter read literally, a
//! create not listed, a relation not shown on the other side, a DELETE
//! that keeps, a documented URI form refused, each method the guide does
//! not allow accepted (but POST to an object, which tastypie never serves),
//! a documented parameter refused; in answers, a field with documented
//! choices given another value, a boolean given as text. Named
//! `fac-<resource>-<kind>[-<field>]`; a fault the named catalogue
//! (`FAULTS`) already holds under an older name keeps that name
//! (`catalogue::pending()` leaves those out).

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};

use crate::engine::declare::{Field, Kind, Lookup, Method, Resource, Shape, Source, ThroughWrite};
use crate::fac::RESOURCES;
use crate::faults::{f, Fault, FaultInfo, RuleFault, RuleKind};

static DERIVED: LazyLock<Vec<FaultInfo>> =
    LazyLock::new(|| RESOURCES.iter().flat_map(|d| derive(&d.resource)).collect());

/// Every derived fault (those the named catalogue holds included).
pub(super) fn derived() -> &'static [FaultInfo] {
    &DERIVED
}

/// A fault from its parts, for a rule fault no declaration derives.
pub(super) fn undeclared(fault: Fault) -> &'static FaultInfo {
    static MADE: LazyLock<Mutex<BTreeMap<Fault, &'static FaultInfo>>> =
        LazyLock::new(|| Mutex::new(BTreeMap::new()));
    let mut made = MADE.lock().unwrap_or_else(|p| p.into_inner());
    made.entry(fault).or_insert_with(|| {
        let info = match fault {
            Fault::Rule(r) => info(r, format!("{} of {} broken", r.kind.name(), r.resource)),
            other => f(other, "unknown", "a fault no catalogue names"),
        };
        Box::leak(Box::new(info))
    })
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The systematic name of a rule fault.
fn name(r: RuleFault) -> String {
    match r.field {
        Some(field) => format!("fac-{}-{}-{field}", r.resource, r.kind.name()),
        None => format!("fac-{}-{}", r.resource, r.kind.name()),
    }
}

fn info(r: RuleFault, about: String) -> FaultInfo {
    f(Fault::Rule(r), leak(name(r)), leak(about))
}

/// Every rule of `res`, as faults.
fn derive(res: &'static Resource) -> Vec<FaultInfo> {
    let mut out = Vec::new();
    let mut add = |kind: RuleKind, field: Option<&'static str>, about: String| {
        let about = format!("{about} (the rule: {})", res.page);
        out.push(info(RuleFault::new(res.name, kind, field), about));
    };
    let list = format!("/{}/", res.name);
    let writes = writes(res);
    for field in res.fields.iter().filter(|f| !f.internal) {
        if writes {
            field_rules(&mut add, &list, field);
        }
        answer_rules(&mut add, res, field);
        if let Source::Through { .. } = field.source {
            add(
                RuleKind::RelationNotReflected,
                Some(field.name),
                format!(
                    "`{}` of {list} objects does not show relations made since start",
                    field.name
                ),
            );
        }
    }
    for rule in res.rules.iter().filter(|_| writes) {
        add(
            RuleKind::CrossFieldUnchecked,
            Some(rule.name),
            format!(
                "writes to {list} skip the documented rule of `{}` across fields",
                rule.name
            ),
        );
    }
    for either in res.either.iter().filter(|_| writes) {
        let names = either.fields.join("`, `");
        add(
            RuleKind::EitherUnchecked,
            Some(either.first()),
            format!("a create to {list} that gives none of `{names}` is taken"),
        );
        if either.exclusive {
            add(
                RuleKind::EitherBothAccepted,
                Some(either.first()),
                format!("a write to {list} that sets more than one of `{names}` is taken"),
            );
        }
    }
    for filtering in res.filtering {
        filter_rules(&mut add, res, &list, filtering.field, filtering.lookups);
    }
    for param in res.params {
        add(
            RuleKind::ParamRefused,
            Some(param.name),
            format!(
                "GET {list} with the documented parameter `{}` answers 400",
                param.name
            ),
        );
    }
    for behaviour in res.behaviours {
        add(
            behaviour.kind,
            None,
            format!("POST {list}: {}", behaviour.about),
        );
    }
    collection_rules(&mut add, res, &list);
    action_rules(&mut add, res, &list);
    out
}

/// A value of an answer outside what its field's documented type or
/// choices allow: a text field with choices given another value, a
/// boolean given as the text `"true"` or `"false"` (the engine bends every
/// answer's objects, `engine::request::bend`).
fn answer_rules(
    add: &mut dyn FnMut(RuleKind, Option<&'static str>, String),
    res: &Resource,
    field: &'static Field,
) {
    if res.shape == Shape::Action || field.write_only {
        return;
    }
    let (n, what) = (field.name, format!("/{}/", res.name));
    let what = match res.shape {
        Shape::Single => format!("the {what} document"),
        _ => format!("{what} objects"),
    };
    if field.kind == Kind::Text && !field.choices.is_empty() {
        add(
            RuleKind::OutOfEnum,
            Some(n),
            format!("`{n}` of {what} is a value outside its documented choices"),
        );
    }
    if field.kind == Kind::Boolean {
        add(
            RuleKind::BooleanAsString,
            Some(n),
            format!("`{n}` of {what} is the text \"true\" or \"false\", not a boolean"),
        );
    }
}

/// An action (`/auth/`): each required field unchecked, and a GET (the one
/// method the guide does not list that is safe to send) served.
fn action_rules(
    add: &mut dyn FnMut(RuleKind, Option<&'static str>, String),
    res: &Resource,
    list: &str,
) {
    if res.shape != Shape::Action {
        return;
    }
    for field in res.fields.iter().filter(|f| f.required && !f.readonly) {
        add(
            RuleKind::RequiredUnchecked,
            Some(field.name),
            format!(
                "POST {list} without `{}` (required) is not a 400",
                field.name
            ),
        );
    }
    if !res.list_methods.contains(&Method::Get) {
        add(
            RuleKind::MethodAccepted,
            Some("get-list"),
            format!(
                "GET {list}, which the guide does not allow, is served (200, an empty listing)"
            ),
        );
    }
}

fn writes(res: &Resource) -> bool {
    let changes = |m: &Method| matches!(m, Method::Post | Method::Put | Method::Patch);
    res.shape != Shape::Action
        && (res.list_methods.iter().any(changes) || res.detail_methods.iter().any(changes))
}

fn field_rules(
    add: &mut dyn FnMut(RuleKind, Option<&'static str>, String),
    list: &str,
    field: &'static Field,
) {
    let name = Some(field.name);
    let n = field.name;
    let writable = !field.readonly;
    if field.required && writable {
        add(
            RuleKind::RequiredUnchecked,
            name,
            format!("a write to {list} without `{n}` (required) is stored"),
        );
    }
    if let Some(max) = field.max_length {
        add(
            RuleKind::MaxLengthUnchecked,
            name,
            format!("a write to {list} with `{n}` longer than {max} characters is stored"),
        );
    }
    if field.pattern.is_some() {
        add(
            RuleKind::PatternUnchecked,
            name,
            format!("a write to {list} with `{n}` outside its documented characters is stored"),
        );
    }
    if let Some(format) = field.format {
        add(
            RuleKind::FormatUnchecked,
            name,
            format!(
                "a write to {list} with `{n}` not in its documented form ({format:?}) is stored"
            ),
        );
    }
    if !field.choices.is_empty() && writable {
        add(
            RuleKind::ChoicesUnchecked,
            name,
            format!(
                "a write to {list} with `{n}` not one of {} is stored",
                field.choices.join(", ")
            ),
        );
    }
    if let Some((low, high)) = field.range {
        add(
            RuleKind::RangeUnchecked,
            name,
            format!("a write to {list} with `{n}` outside {low} to {high} is stored"),
        );
    }
    if field.unique && field.stored() {
        add(
            RuleKind::UniqueUnchecked,
            name,
            format!("a write to {list} with the `{n}` of another object is stored"),
        );
    }
    relation_rules(add, list, field);
}

/// A read-only field written, a related URI that names nothing accepted.
fn relation_rules(
    add: &mut dyn FnMut(RuleKind, Option<&'static str>, String),
    list: &str,
    field: &'static Field,
) {
    let name = Some(field.name);
    let n = field.name;
    let writable = !field.readonly;
    let through = matches!(field.source, Source::Through { .. });
    if field.readonly && (field.stored() || through) && field.kind != Kind::Json {
        add(
            RuleKind::ReadonlyWritten,
            name,
            format!("a write to {list} changes the read-only `{n}`"),
        );
    }
    let linked = match (field.kind, field.source) {
        (Kind::Link(_) | Kind::Id(_), Source::Stored) => writable,
        (Kind::Links(_), Source::Through { write, .. }) => write != ThroughWrite::No,
        _ => false,
    };
    if linked {
        add(
            RuleKind::RelatedUriUnchecked,
            name,
            match field.kind {
                Kind::Id(_) => {
                    format!("a write to {list} whose `{n}` is an id that names no object is stored")
                }
                _ => {
                    format!("a write to {list} whose `{n}` is a URI that names no object is stored")
                }
            },
        );
    }
}

fn filter_rules(
    add: &mut dyn FnMut(RuleKind, Option<&'static str>, String),
    res: &Resource,
    list: &str,
    field: &'static str,
    lookups: &[Lookup],
) {
    let name = Some(field);
    add(
        RuleKind::FilterIgnored,
        name,
        format!("the {list} `{field}` filter (every lookup) is ignored"),
    );
    for lookup in lookups {
        let kind = match lookup {
            Lookup::Exact => continue,
            Lookup::Iexact => RuleKind::IexactAsExact,
            Lookup::Contains => RuleKind::ContainsAsExact,
            Lookup::Icontains => RuleKind::IcontainsAsExact,
            Lookup::Startswith => RuleKind::StartswithAsExact,
            Lookup::Istartswith => RuleKind::IstartswithAsExact,
            Lookup::Endswith => RuleKind::EndswithAsExact,
            Lookup::Iendswith => RuleKind::IendswithAsExact,
            Lookup::In => {
                add(
                    RuleKind::InCommaIgnored,
                    name,
                    format!(
                        "`{field}__in` on {list} reads only the first of comma-separated values"
                    ),
                );
                add(
                    RuleKind::InRepeatIgnored,
                    name,
                    format!("`{field}__in` on {list} reads only the last of repeated parameters"),
                );
                continue;
            }
        };
        add(
            kind,
            name,
            format!("`{field}__{}` on {list} matches as `exact`", lookup.name()),
        );
    }
    let boolean = res
        .field(field)
        .is_some_and(|(_, f)| f.kind == Kind::Boolean);
    if boolean {
        add(
            RuleKind::BooleanLiteral,
            name,
            format!("the {list} `{field}` filter matches only the text true/false, not True or 1"),
        );
    }
}

fn collection_rules(
    add: &mut dyn FnMut(RuleKind, Option<&'static str>, String),
    res: &Resource,
    list: &str,
) {
    if res.shape != Shape::Collection {
        return;
    }
    if res.list_methods.contains(&Method::Post) {
        add(
            RuleKind::CreateNotListed,
            None,
            format!("objects created by POST {list} are missing from its listing"),
        );
    }
    if res.detail_methods.contains(&Method::Delete) {
        add(
            RuleKind::DeleteKeeps,
            None,
            format!("DELETE of a {list} object answers 204 but the object stays"),
        );
    }
    for method in res.unslashed {
        let form = leak(format!("{}-detail-unslashed", method.lower()));
        add(
            RuleKind::UriRefused,
            Some(form),
            format!(
                "{} {list}[id] (the documented URI, no trailing slash) answers 404",
                method.upper()
            ),
        );
    }
    for (uri, allowed) in [("list", res.list_methods), ("detail", res.detail_methods)] {
        // tastypie has no POST to an object (501 even where allowed): a
        // fault cannot serve one, so none is derived.
        let servable = |m: &&Method| !(uri == "detail" && **m == Method::Post);
        for method in Method::ALL
            .iter()
            .filter(|m| !allowed.contains(m))
            .filter(servable)
        {
            let form = leak(format!("{}-{uri}", method.lower()));
            add(
                RuleKind::MethodAccepted,
                Some(form),
                format!(
                    "{} on the {uri} URI of {list}, which the guide does not allow, is served",
                    method.upper()
                ),
            );
        }
    }
}
