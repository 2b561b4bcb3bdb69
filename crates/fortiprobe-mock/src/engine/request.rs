//! What every handler of a declared resource works from: the request
//! (`Request`: the state, the declaration, the headers, the query), the
//! body read as a JSON object, the documented parameters that are no
//! filters, and an object as its answer shows it: rendered by the table,
//! shaped by the declaration's hook, then bent by the value faults.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde_json::{Map, Value};

use super::db::Db;
use super::declaration::Declaration;
use super::declare::{Kind, Resource};
use super::query::{boolean, pieces};
use crate::faults::kind::RuleKind;
use crate::{reply, MockState};

/// What every handler needs of the request.
pub(crate) struct Request<'a> {
    pub(crate) state: &'a MockState,
    pub(crate) decl: &'static Declaration,
    pub(crate) res: &'static Resource,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) query: Option<&'a str>,
}

impl Request<'_> {
    pub(crate) fn broken(&self, kind: RuleKind, field: &str) -> bool {
        self.state.broken(self.res.name, kind, field)
    }
}

/// One object, rendered with its value faults.
pub(crate) fn object(req: &Request<'_>, db: &Db, t: usize, id: u64) -> Option<Value> {
    let row = db.table(t).get(id)?;
    Some(Value::Object(render(req, db, t, row)))
}

/// Row `row` of table `t` as its answer shows it.
pub(crate) fn render(
    req: &Request<'_>,
    db: &Db,
    t: usize,
    row: &super::table::Row,
) -> Map<String, Value> {
    let mut object = db.render(req.state, t, row);
    if let Some(shape) = req.decl.hooks.shape {
        shape(req.state, db, row, &mut object);
    }
    bend(req, &mut object);
    object
}

/// The documented query parameters that are no filters, checked
/// (`return_members` must read as a boolean; a fault refuses it).
pub(crate) fn params(req: &Request<'_>) -> Result<(), String> {
    let pieces = pieces(req.query.unwrap_or(""));
    for param in req.res.params {
        let Some(piece) = pieces.iter().rfind(|p| p.key == param.name) else {
            continue;
        };
        if req.broken(RuleKind::ParamRefused, param.name) {
            return Err(format!("{} is not a field", param.name));
        }
        if param.kind == Kind::Boolean && boolean(&piece.value).is_none() {
            return Err(format!(
                "{}: '{}' is not a boolean",
                param.name, piece.value
            ));
        }
    }
    Ok(())
}

/// The value of a boolean parameter (`None`: not given).
pub(crate) fn flag(query: Option<&str>, name: &str) -> Option<bool> {
    pieces(query.unwrap_or(""))
        .iter()
        .rfind(|p| p.key == name)
        .and_then(|p| boolean(&p.value))
}

/// The request body as a JSON object, or why not.
pub(crate) fn object_body(
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, String> {
    match reply::read_json(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(e) => Err(e.to_string()),
    }
}
/// The value faults of every field of an object.
pub(crate) fn bend(req: &Request<'_>, object: &mut Map<String, Value>) {
    for param in req.res.params {
        if let (Some(hidden), Some(false)) = (param.hides, flag(req.query, param.name)) {
            object.remove(hidden);
        }
    }
    if !req.state.any_fault() {
        return;
    }
    for field in req.res.fields {
        let broken = |kind| req.broken(kind, field.name);
        if broken(RuleKind::FieldMissing) {
            object.remove(field.name);
        }
        let Some(value) = object.get_mut(field.name) else {
            continue;
        };
        if broken(RuleKind::ValueCapitalised) {
            if let Value::String(s) = value {
                let mut c = s.chars();
                *s = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
            }
        }
        if broken(RuleKind::OutOfEnum) {
            if let Value::String(s) = value {
                *s = outside(s);
            }
        }
        if broken(RuleKind::BooleanAsString) {
            *value = Value::from(value.to_string());
        }
        bend_time(&broken, value);
    }
}

/// A value outside a field's choices: the fortitoken types' long names
/// (`mobile`, `hardware`), else the value with a suffix.
fn outside(value: &str) -> String {
    match value {
        "ftm" => "mobile".to_string(),
        "ftk" => "hardware".to_string(),
        other => format!("{other}-unknown"),
    }
}

fn bend_time(broken: &dyn Fn(RuleKind) -> bool, value: &mut Value) {
    if broken(RuleKind::DatetimeOtherZone) {
        if let Value::String(s) = value {
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
                if let Some(zone) = chrono::FixedOffset::east_opt(2 * 3600) {
                    let shifted = at.with_timezone(&zone);
                    *s = shifted.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
                }
            }
        }
    }
    if broken(RuleKind::DatetimeBadFormat) {
        *value = Value::from("06/05/2025 09:06");
    }
}

/// The `Content-Type` of an answer set to `text/html` (fault `list-text-html`).
pub(crate) fn as_html(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
