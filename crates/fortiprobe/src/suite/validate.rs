//! Checks of one parsed case that serde cannot do: names, schema paths,
//! JSON pointers, status sets, regular expressions, durations, and that
//! every `${name}` can resolve when the case runs.

use std::collections::BTreeSet;

use crate::suite::case::{Expect, FieldCheck, Request, StatusSpec, Step};
use crate::suite::property::Property;
use crate::suite::{Case, Schemas};
use crate::vars;
use crate::yaml::{LoadError, Located};

pub(super) fn case(doc: &Located, at: &str, case: &mut Case, schemas: &Schemas) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let mut err = |p: &str, m: String| errors.push(doc.error(&format!("{at}{p}"), m));
    let spec = &case.spec;
    if spec.name.is_empty()
        || !spec
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        err(
            "/name",
            format!(
                "case name `{}` must be lower-case letters, digits and `_`",
                spec.name
            ),
        );
    }
    if spec.summary.trim().is_empty() {
        err("/summary", "`summary` must say what the case checks".into());
    }
    if spec.steps.is_empty() && spec.check.is_none() {
        err("", "a case needs `steps` or a `check`".into());
    }
    let mut known: BTreeSet<String> = spec.fixtures.iter().cloned().collect();
    known.extend(case.product.credentials().iter().map(|s| s.to_string()));
    for (i, step) in spec.steps.iter().enumerate() {
        if step.left_behind.is_some() {
            err(
                &format!("/steps/{i}/left_behind"),
                "`left_behind` says what a cleanup step leaves when it cannot run: it belongs to `cleanup` steps".into(),
            );
        }
        if step.unless_passed {
            err(
                &format!("/steps/{i}/unless_passed"),
                "`unless_passed` skips a cleanup step when the case's steps passed: it belongs to `cleanup` steps".into(),
            );
        }
        step_errors(&format!("/steps/{i}"), step, &known, schemas, &mut err);
        known.extend(step.capture.keys().cloned());
    }
    for (i, step) in spec.cleanup.iter().enumerate() {
        step_errors(&format!("/cleanup/{i}"), step, &known, schemas, &mut err);
        known.extend(step.capture.keys().cloned());
    }
    // What a request may make an appliance send to a person (`contact`).
    let bodies = spec.steps.iter().map(|s| ("steps", s)).enumerate();
    let cleanups = spec.cleanup.iter().map(|s| ("cleanup", s)).enumerate();
    for (i, (list, step)) in bodies.chain(cleanups) {
        let refused = step
            .request
            .json
            .as_ref()
            .and_then(|j| crate::contact::at_load(j, &spec.fixtures));
        if let Some(why) = refused {
            err(&format!("/{list}/{i}/request/json"), why);
        }
    }
    if let Some(check) = &spec.check {
        match Property::parse(check, &known, case.product.describe().list) {
            Ok(p) => {
                if !schemas.contains(p.schema()) {
                    err("/check/schema", unknown_schema(p.schema(), schemas));
                }
                case.property = Some(p)
            }
            Err(m) => err("/check", m),
        }
    }
    errors
}

fn step_errors(
    at: &str,
    step: &Step,
    known: &BTreeSet<String>,
    schemas: &Schemas,
    err: &mut impl FnMut(&str, String),
) {
    let mut refs = request_refs(step);
    request_errors(at, &step.request, schemas, err);
    expect_errors(
        &format!("{at}/expect"),
        &step.expect,
        schemas,
        &mut refs,
        err,
    );
    for (name, c) in &step.capture {
        if let Some(problem) = c.problem() {
            err(&format!("{at}/capture/{name}"), problem);
        }
        for v in c.spec().where_.values() {
            vars::references_in_value(v, &mut refs);
        }
    }
    reference_errors(at, &refs, known, err);
}

/// The `${...}` names a step's condition, left-behind text and request use.
fn request_refs(step: &Step) -> Vec<String> {
    let r = &step.request;
    let mut refs = Vec::new();
    refs.extend(step.if_captured.iter().cloned());
    refs.extend(step.unless_captured.iter().cloned());
    if let Some(h) = &step.left_behind {
        refs.extend(vars::references(h).into_iter().map(str::to_string));
    }
    refs.extend(vars::references(&r.path).into_iter().map(str::to_string));
    for q in &r.query {
        refs.extend(vars::references(&q.value).into_iter().map(str::to_string));
    }
    for v in r.headers.values() {
        refs.extend(vars::references(v).into_iter().map(str::to_string));
    }
    if let Some(j) = &r.json {
        vars::references_in_value(j, &mut refs);
    }
    refs
}

/// The request's path, body and schema.
fn request_errors(at: &str, r: &Request, schemas: &Schemas, err: &mut impl FnMut(&str, String)) {
    if !r.path.starts_with('/') && !r.path.starts_with("${") {
        err(
            &format!("{at}/request/path"),
            format!("path `{}` must start with `/`", r.path),
        );
    }
    if r.json.is_some() && r.raw_body.is_some() {
        err(
            &format!("{at}/request"),
            "give `json` or `raw_body`, not both".into(),
        );
    }
    if r.json.is_some() && r.schema.is_none() {
        err(
            &format!("{at}/request"),
            "a request with a `json` body names the `schema` it must satisfy".into(),
        );
    }
    if let Some(s) = &r.schema {
        if !schemas.contains(s) {
            err(&format!("{at}/request/schema"), unknown_schema(s, schemas));
        }
    } else if r.invalid.is_some() {
        err(
            &format!("{at}/request/invalid"),
            "`invalid` needs the `schema` the request breaks".into(),
        );
    }
}

/// Each `${name}` that is not a bad time offset and is known: a capture of an
/// earlier step, a fixture, a credential or a built-in.
fn reference_errors(
    at: &str,
    refs: &[String],
    known: &BTreeSet<String>,
    err: &mut impl FnMut(&str, String),
) {
    for name in refs {
        let base = vars::captured(name);
        if let Some(Err(why)) = name.strip_prefix("time:").map(vars::offset) {
            err(
                at,
                format!("`${{{name}}}` is not a time offset like time:+1h or time:-30m: {why}"),
            );
            continue;
        }
        if !known.contains(base) && !vars::is_builtin(name) {
            let options: Vec<&str> = known.iter().map(String::as_str).collect();
            let hint = crate::yaml::closest(name, &options)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            err(
                at,
                format!(
                    "`${{{name}}}` is not a capture of an earlier step, a fixture listed in `fixtures`, a credential ({}) or a built-in (uuid, now, time:+1h){hint}",
                    known.iter().filter(|k| !k.is_empty()).cloned().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
}

fn expect_errors(
    at: &str,
    e: &Expect,
    schemas: &Schemas,
    refs: &mut Vec<String>,
    err: &mut impl FnMut(&str, String),
) {
    match &e.status {
        None => err(
            at,
            "`expect` must give a `status` (a code, a list, or a class like 4xx)".into(),
        ),
        Some(StatusSpec::One(c)) if !(100..600).contains(c) => err(
            &format!("{at}/status"),
            format!("{c} is not an HTTP status"),
        ),
        Some(StatusSpec::Set(list))
            if list.is_empty() || list.iter().any(|c| !(100..600).contains(c)) =>
        {
            err(
                &format!("{at}/status"),
                "a status list holds HTTP status codes".into(),
            )
        }
        Some(StatusSpec::Class(c))
            if !matches!(c.as_str(), "1xx" | "2xx" | "3xx" | "4xx" | "5xx") =>
        {
            err(
                &format!("{at}/status"),
                format!("`{c}` is not a status class; write 2xx, 4xx, ..."),
            )
        }
        _ => {}
    }
    if let Some(s) = &e.schema {
        if !schemas.contains(s) {
            err(&format!("{at}/schema"), unknown_schema(s, schemas));
        }
    }
    for (i, f) in e.fields.iter().enumerate() {
        field_errors(&format!("{at}/fields/{i}"), f, refs, err);
    }
}

fn field_errors(
    at: &str,
    f: &FieldCheck,
    refs: &mut Vec<String>,
    err: &mut impl FnMut(&str, String),
) {
    if !valid_pointer(&f.at) {
        err(
            &format!("{at}/at"),
            format!(
                "`{}` is not a JSON pointer (like /meta/limit or /objects/*/type)",
                f.at
            ),
        );
    }
    let count = [
        f.equals.is_some(),
        f.not_equals.is_some(),
        f.one_of.is_some(),
        f.contains.is_some(),
        f.absent.is_some(),
        f.is_null.is_some(),
        f.matches.is_some(),
        f.same_instant.is_some(),
        f.after_request.is_some(),
        f.length.is_some(),
        f.max_length.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if count != 1 {
        err(at, format!("a field check makes exactly one assertion (equals, not_equals, one_of, contains, absent, is_null, matches, same_instant, after_request, length, max_length); this one makes {count}"));
    }
    if f.tolerance.is_some() && f.after_request.is_none() {
        err(
            &format!("{at}/tolerance"),
            "`tolerance` goes with `after_request`".into(),
        );
    }
    for d in [&f.after_request, &f.tolerance].into_iter().flatten() {
        if let Err(why) = vars::duration(d) {
            err(
                at,
                format!("`{d}` is not a duration like 30d, 23h, 59m, 1d2h3m: {why}"),
            );
        }
    }
    if let Some(re) = &f.matches {
        if let Err(e) = regex::Regex::new(re) {
            err(
                &format!("{at}/matches"),
                format!("not a regular expression: {e}"),
            );
        }
    }
    for v in [&f.equals, &f.not_equals, &f.contains]
        .into_iter()
        .flatten()
    {
        vars::references_in_value(v, refs);
    }
    for v in f.one_of.iter().flatten() {
        vars::references_in_value(v, refs);
    }
    if let Some(s) = &f.same_instant {
        refs.extend(vars::references(s).into_iter().map(str::to_string));
    }
}

fn unknown_schema(s: &str, schemas: &Schemas) -> String {
    let names: Vec<&str> = schemas.names().collect();
    let hint = match crate::yaml::closest(s, &names) {
        Some(k) => format!("; did you mean `{k}`?"),
        None => {
            let folder = s.split('/').next().unwrap_or_default();
            let near: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| n.starts_with(&format!("{folder}/")))
                .collect();
            if near.is_empty() {
                format!("; the schemas are: {}", names.join(", "))
            } else {
                format!("; {folder}/ has: {}", near.join(", "))
            }
        }
    };
    format!("no schema `{s}` under schemas/{hint}")
}

pub(crate) fn valid_pointer(p: &str) -> bool {
    p.is_empty() || p.starts_with('/')
}
