//! Checks of a description that need its compiled schemas: its example
//! create and PATCH are valid requests, and every value its cases send to
//! be refused breaks the request schema at its own field and nowhere else
//! (a case that broke two things, or none, would not test what it says).

use serde_json::{Map, Value};

use super::derive::invalid::breakings;
use super::model::Kind;
use super::schema::{sample, uris};
use super::ResourceDescription;
use crate::suite::Schemas;
use crate::yaml::LoadError;

pub fn verify(all: &[ResourceDescription], schemas: &Schemas) -> Vec<LoadError> {
    let mut errors = Vec::new();
    for d in all.iter().filter(|d| d.head.kind == Kind::Collection) {
        let Some(e) = &d.body.example else {
            continue;
        };
        let create_schema = d.schema_path("create");
        let create = sample(&e.create, all);
        let mut err = |at: &str, m: String| errors.push(d.doc.error(at, m));
        for (at, schema, value) in [
            (
                "/example/create",
                create_schema.clone(),
                Some(create.clone()),
            ),
            (
                "/example/patch",
                d.schema_path("patch"),
                e.patch.as_ref().map(|p| sample(p, all)),
            ),
        ] {
            let Some(value) = value else { continue };
            let v = schemas.violations(&schema, &Value::Object(value));
            if !v.is_empty() {
                err(
                    at,
                    format!(
                        "the example is not a valid request by the description's own fields: {}",
                        shown(&v)
                    ),
                );
            }
        }
        for (name, f) in d.body.fields.iter().filter(|(_, f)| !f.readonly) {
            for (case, why, change, _) in breakings(d, name, f) {
                let mut body = create.clone();
                apply(&mut body, &change, all);
                let v = schemas.violations(&create_schema, &Value::Object(body));
                let own = format!("/{name}");
                let elsewhere: Vec<_> = v
                    .iter()
                    .filter(|x| {
                        !x.at.is_empty() && x.at != own && !x.at.starts_with(&format!("{own}/"))
                    })
                    .cloned()
                    .collect();
                if v.is_empty() {
                    err(&format!("/fields/{name}"), format!("`{case}` ({why}) sends a value the field's restrictions allow: give one in `invalid` that breaks them"));
                } else if !elsewhere.is_empty() {
                    err(
                        &format!("/fields/{name}"),
                        format!(
                            "`{case}` ({why}) breaks more than `{name}`: {}",
                            shown(&elsewhere)
                        ),
                    );
                }
            }
        }
        for (i, r) in d.body.rules.iter().enumerate() {
            let mut body = create.clone();
            let mut change = r.with.clone();
            change.extend(r.when.clone());
            for k in r.require.iter().chain(&r.one_of) {
                change.insert(k.clone(), Value::Null);
            }
            apply(&mut body, &change, all);
            if schemas
                .violations(&create_schema, &Value::Object(body))
                .is_empty()
            {
                err(&format!("/rules/{i}"), format!("rule `{}`: the example with `when` and `with` and without `require` (or any of `one_of`) is still a valid request", r.name));
            }
        }
    }
    errors
}

fn apply(body: &mut Map<String, Value>, change: &Map<String, Value>, all: &[ResourceDescription]) {
    for (k, v) in change {
        if v.is_null() {
            body.remove(k);
        } else {
            body.insert(k.clone(), uris(v.clone(), all));
        }
    }
}

fn shown(v: &[crate::suite::schemas::Violation]) -> String {
    v.iter()
        .map(|x| {
            format!(
                "{}: {}",
                if x.at.is_empty() { "/" } else { &x.at },
                x.message
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
