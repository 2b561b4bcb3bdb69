//! What a description must be beyond its shape: every fact names a source
//! the description lists, every field a fact names exists, restrictions
//! fit their field's type, URIs are the resource's own, and (across
//! descriptions) every related resource is described. Each error names
//! the line of the fact.

use std::collections::BTreeSet;

use serde_json::Value;

use super::model::{Derive, Field, FieldType, FilterValue, Kind, Sources, LOOKUPS};
use super::ResourceDescription;
use crate::suite::case::Method;
use crate::yaml::LoadError;

/// The problems of one description on its own.
pub(super) fn one(d: &ResourceDescription) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let mut err = |at: &str, m: String| errors.push(d.doc.error(at, m));
    head(d, &mut err);
    sources(d, &mut err);
    for (name, f) in &d.body.fields {
        let written = d.head.kind == Kind::Collection && d.allows(Method::Post, false);
        field(name, f, written, &mut err);
    }
    rules(d, &mut err);
    methods(d, &mut err);
    filters(d, &mut err);
    example(d, &mut err);
    links(d, &mut err);
    errors
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn head(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    let h = &d.head;
    if h.resource.is_empty()
        || !h
            .resource
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        err(
            "/resource",
            format!(
                "`{}` is not a resource name as the index lists it (lower-case letters, digits, `-`)",
                h.resource
            ),
        );
    }
    if !h.path.starts_with('/') || !h.path.ends_with('/') || h.path.contains(['?', '[']) {
        err(
            "/path",
            format!(
                "`{}` is the resource's URI, like /api/v1/localusers/ (a slash at each end, no query)",
                h.path
            ),
        );
    }
    if !is_version(&h.introduced.version) {
        err(
            "/introduced/version",
            format!(
                "`{}` is not a firmware version like 6.4.1",
                h.introduced.version
            ),
        );
    }
    let writes = d.derives(Derive::Writes) && h.kind == Kind::Collection;
    if writes && d.allows(Method::Post, false) && d.body.example.is_none() {
        err(
            "/methods",
            "a resource that allows POST needs an `example` (a valid create) for its writes; or leave `writes` out of `derive`".into(),
        );
    }
    if h.derive.is_some() != h.derive_note.is_some() {
        err(
            "/derive",
            "`derive` (the kinds of cases derived) goes with `derive_note` (why the others are not)".into(),
        );
    }
}

fn is_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn sources(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    for (key, page) in &d.body.sources {
        let at = format!("/sources/{}", escape(key));
        if !is_version(&page.guide) {
            err(
                &format!("{at}/guide"),
                format!("`{}` is not a guide version like 6.5.6", page.guide),
            );
        }
        if !page.url.starts_with("https://docs.fortinet.com/document/") {
            err(
                &format!("{at}/url"),
                "a source is a page of the vendor's documentation: https://docs.fortinet.com/document/...".into(),
            );
        }
    }
    let mut cite = |at: String, s: &Sources| {
        for k in s.keys() {
            if !d.body.sources.contains_key(k) {
                let keys: Vec<&str> = d.body.sources.keys().map(String::as_str).collect();
                let hint = crate::yaml::closest(k, &keys)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                err(
                    &at,
                    format!("source `{k}` is not one of the description's `sources`{hint}"),
                );
            }
        }
    };
    cite("/introduced/source".into(), &d.head.introduced.source);
    for (n, f) in &d.body.fields {
        cite(format!("/fields/{}/source", escape(n)), &f.source);
    }
    for (i, r) in d.body.rules.iter().enumerate() {
        cite(format!("/rules/{i}/source"), &r.source);
    }
    for (i, m) in d.body.methods.iter().enumerate() {
        cite(format!("/methods/{i}/source"), &m.source);
    }
    for (n, f) in &d.body.filters {
        cite(format!("/filters/{}/source", escape(n)), &f.source);
    }
    for (n, p) in &d.body.parameters {
        cite(format!("/parameters/{}/source", escape(n)), &p.source);
    }
    for (i, r) in d.body.reflections.iter().enumerate() {
        cite(format!("/reflections/{i}/source"), &r.source);
    }
    for (i, m) in d.body.mirrors.iter().enumerate() {
        cite(format!("/mirrors/{i}/source"), &m.source);
    }
}

fn field(name: &str, f: &Field, written: bool, err: &mut impl FnMut(&str, String)) {
    let at = format!("/fields/{}", escape(name));
    if !crate::suite::property::is_field_name(name) {
        err(
            &at,
            format!("`{name}` is not a field name (lower-case letters, digits, `_`)"),
        );
    }
    let related = matches!(f.kind, FieldType::Uri | FieldType::Uris);
    // An id may name an object of a resource no description covers (an
    // LDAP user): `of` is optional there.
    if (related && f.of.is_none()) || (f.of.is_some() && !related && f.kind != FieldType::Id) {
        err(
            &at,
            "`of` (the related resource) goes with the types `uri` and `uris` (and may with `id`), and only with them"
                .into(),
        );
    }
    // Where nothing is written (system information, read-only policies),
    // `required` says what an answer holds; elsewhere what a create needs.
    if f.readonly && f.required && written {
        err(
            &at,
            "a read-only field cannot be required in a request".into(),
        );
    }
    restrictions(&at, f, err);
    invalid_values(&at, f, err);
}

/// Each restriction fits the field's type and is well formed.
fn restrictions(at: &str, f: &Field, err: &mut impl FnMut(&str, String)) {
    let textual = f.kind == FieldType::String;
    for k in f.keywords() {
        let fits = match k {
            "minimum" | "maximum" => f.kind == FieldType::Integer,
            "enum" => matches!(f.kind, FieldType::String | FieldType::Integer),
            _ => textual,
        };
        if !fits {
            err(
                &format!("{at}/{k}"),
                format!("`{k}` does not apply to a field of this type"),
            );
        }
    }
    if let Some(p) = &f.pattern {
        if let Err(e) = regex::Regex::new(p) {
            err(
                &format!("{at}/pattern"),
                format!("not a regular expression: {e}"),
            );
        }
    }
    if f.enumeration.as_ref().is_some_and(Vec::is_empty) {
        err(
            &format!("{at}/enum"),
            "`enum` lists at least one value".into(),
        );
    }
    if let Some(v) = &f.introduced {
        if !is_version(v) {
            err(
                &format!("{at}/introduced"),
                format!("`{v}` is not a firmware version like 6.4.1"),
            );
        }
    }
}

/// Each invalid value names a restriction of its field, and a case once.
fn invalid_values(at: &str, f: &Field, err: &mut impl FnMut(&str, String)) {
    let own = f.keywords();
    let mut names = BTreeSet::new();
    for (i, inv) in f.invalid.iter().enumerate() {
        if !own.contains(&inv.breaks.as_str()) {
            err(
                &format!("{at}/invalid/{i}/breaks"),
                format!(
                    "`{}` is not a restriction of this field (it has: {})",
                    inv.breaks,
                    own.join(", ")
                ),
            );
        }
        if !crate::suite::property::is_field_name(&inv.name) || !names.insert(&inv.name) {
            err(
                &format!("{at}/invalid/{i}/name"),
                format!(
                    "`{}` names one invalid value: lower-case letters, digits, `_`, once",
                    inv.name
                ),
            );
        }
    }
}

fn known_field(d: &ResourceDescription, at: &str, name: &str, err: &mut impl FnMut(&str, String)) {
    if d.field(name).is_none() {
        let names: Vec<&str> = d.body.fields.iter().map(|(n, _)| n.as_str()).collect();
        let hint = crate::yaml::closest(name, &names)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        err(
            at,
            format!("`{name}` is not a field of the description{hint}"),
        );
    }
}

fn rules(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    for (i, r) in d.body.rules.iter().enumerate() {
        let at = format!("/rules/{i}");
        for name in r.when.keys().chain(r.with.keys()).chain(&r.require) {
            known_field(d, &at, name, err);
        }
        for name in &r.one_of {
            known_field(d, &at, name, err);
            if r.with.contains_key(name) {
                err(
                    &at,
                    format!("`with` gives `{name}`, a field of the rule's `one_of`"),
                );
            }
        }
        let either = !r.one_of.is_empty();
        if either && (r.one_of.len() < 2 || !r.when.is_empty() || !r.require.is_empty()) {
            err(
                &at,
                "an either-or rule names two fields or more in `one_of`, and no `when` or `require`"
                    .into(),
            );
        } else if !either && (r.require.is_empty() || r.when.is_empty()) {
            err(
                &at,
                "a rule says `when` which fields `require` which, or `one_of` which fields one is required"
                    .into(),
            );
        }
        if r.exclusive && !either {
            err(
                &format!("{at}/exclusive"),
                "`exclusive` goes with `one_of` (exactly one of its fields)".into(),
            );
        }
        if !crate::suite::property::is_field_name(&r.name) {
            err(
                &format!("{at}/name"),
                format!("`{}` is not a case name part", r.name),
            );
        }
    }
}

fn methods(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    let path = &d.head.path;
    let detail_slash = format!("{path}[id]/");
    let detail_bare = format!("{path}[id]");
    for (i, m) in d.body.methods.iter().enumerate() {
        let at = format!("/methods/{i}");
        if m.uri != *path && m.uri != detail_slash && m.uri != detail_bare {
            err(
                &format!("{at}/uri"),
                format!(
                    "`{}` is not one of this resource's URIs: {path}, {detail_slash} or {detail_bare}",
                    m.uri
                ),
            );
        }
        if !(100..600).contains(&m.status) {
            err(
                &format!("{at}/status"),
                format!("{} is not an HTTP status", m.status),
            );
        }
    }
    if d.head.kind != Kind::Action && !d.allows(Method::Get, false) {
        err(
            "/methods",
            format!("a {:?} resource documents GET {path}", d.head.kind).to_lowercase(),
        );
    }
}

fn filters(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    for (name, f) in &d.body.filters {
        let at = format!("/filters/{}", escape(name));
        known_field(d, &at, name, err);
        if f.lookups.is_empty() {
            err(
                &format!("{at}/lookups"),
                "a filter lists its lookups".into(),
            );
        }
        for l in &f.lookups {
            if !LOOKUPS.contains(&l.as_str()) {
                err(
                    &format!("{at}/lookups"),
                    format!(
                        "`{l}` is not a lookup the guide uses ({})",
                        LOOKUPS.join(", ")
                    ),
                );
            }
        }
        let uri = d
            .field(name)
            .is_some_and(|x| matches!(x.kind, FieldType::Uri | FieldType::Uris));
        if f.value == FilterValue::Id && !uri {
            err(
                &format!("{at}/value"),
                "`value: id` reads the id a URI ends with: it goes with a field of type `uri`"
                    .into(),
            );
        }
    }
}

fn example(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    let Some(e) = &d.body.example else {
        return;
    };
    for (part, map) in [
        ("create", Some(&e.create)),
        ("patch", e.patch.as_ref()),
        ("put", e.put.as_ref()),
    ] {
        for (name, _) in map.into_iter().flatten() {
            let at = format!("/example/{part}/{}", escape(name));
            known_field(d, &at, name, err);
            if d.field(name).is_some_and(|f| f.readonly) {
                err(
                    &at,
                    format!("`{name}` is read-only: a request does not set it"),
                );
            }
        }
    }
    for (name, f) in &d.body.fields {
        if f.required && !e.create.contains_key(name) {
            err(
                "/example/create",
                format!("`{name}` is required: the example create carries it"),
            );
        }
    }
    match &e.naming {
        Some(n) if !matches!(e.create.get(n), Some(Value::String(s)) if s.contains("{unique}")) => err(
            "/example/naming",
            format!("the naming field `{n}` has a string value with `{{unique}}` in the example create, so that each case names its own object"),
        ),
        _ => {}
    }
}

fn links(d: &ResourceDescription, err: &mut impl FnMut(&str, String)) {
    let is_uri = |n: &str| {
        d.field(n)
            .is_some_and(|f| matches!(f.kind, FieldType::Uri | FieldType::Uris))
    };
    for (i, r) in d.body.reflections.iter().enumerate() {
        let at = format!("/reflections/{i}");
        if !is_uri(&r.via) {
            err(
                &format!("{at}/via"),
                format!("`{}` is not a URI field of the description", r.via),
            );
        }
        if r.holds != "self" && !is_uri(&r.holds) {
            err(
                &format!("{at}/holds"),
                format!("`{}` is `self` or a URI field of the description", r.holds),
            );
        }
    }
    for (i, m) in d.body.mirrors.iter().enumerate() {
        let at = format!("/mirrors/{i}");
        known_field(d, &format!("{at}/field"), &m.field, err);
        if !is_uri(&m.via) {
            err(
                &format!("{at}/via"),
                format!("`{}` is not a URI field of the description", m.via),
            );
        }
    }
}

/// What only the descriptions together can tell: names used once, every
/// related resource described, and the fields relations name on it.
pub(super) fn across(all: &[ResourceDescription]) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    let find = |name: &str| all.iter().find(|d| d.head.resource == name);
    for d in all {
        if !seen.insert((&d.product_dir, &d.head.resource)) {
            errors.push(d.doc.error(
                "/resource",
                format!("`{}` is described twice", d.head.resource),
            ));
        }
        let mut err = |at: &str, m: String| errors.push(d.doc.error(at, m));
        for (name, f) in &d.body.fields {
            if let Some(of) = &f.of {
                if find(of).is_none() {
                    err(
                        &format!("/fields/{}/of", escape(name)),
                        format!("`{of}` is not a described resource"),
                    );
                }
            }
        }
        for (i, r) in d.body.reflections.iter().enumerate() {
            let related = d.field(&r.via).and_then(|f| f.of.as_deref()).and_then(find);
            if related.is_some_and(|x| x.field(&r.on).is_none()) {
                err(
                    &format!("/reflections/{i}/on"),
                    format!("`{}` is not a field of the related resource", r.on),
                );
            }
        }
        for (i, m) in d.body.mirrors.iter().enumerate() {
            let related = d.field(&m.via).and_then(|f| f.of.as_deref()).and_then(find);
            if related.is_some_and(|x| x.field(&m.of).is_none()) {
                err(
                    &format!("/mirrors/{i}/of"),
                    format!("`{}` is not a field of the related resource", m.of),
                );
            }
        }
        if let Some(e) = &d.body.example {
            for (name, v) in &e.create {
                if let Some(held) = v.as_object().filter(|m| m.contains_key("find")) {
                    let r = held.get("find").and_then(Value::as_str).and_then(find);
                    let fields_ok = held
                        .get("where")
                        .and_then(Value::as_object)
                        .is_some_and(|w| w.keys().all(|k| r.is_some_and(|r| r.field(k).is_some())));
                    if r.is_none() || !fields_ok {
                        err(
                            &format!("/example/create/{}", escape(name)),
                            "`{find: r, where: {field: value}}` needs `r` described and `where` naming its fields".to_string(),
                        );
                    }
                }
                for r in super::model::made_by(v) {
                    let ok = find(r)
                        .is_some_and(|x| x.body.example.is_some() && x.allows(Method::Post, false));
                    if !ok {
                        err(
                            &format!("/example/create/{}", escape(name)),
                            format!(
                                "`{{create: {r}}}` needs `{r}` described with POST and an example"
                            ),
                        );
                    }
                }
            }
        }
    }
    errors
}
