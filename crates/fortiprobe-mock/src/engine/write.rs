//! A create or an update, checked field by field as the declaration says
//! (type, required, read-only, nullable, max length, pattern, format,
//! choices, range, unique, related URIs), then across fields (the
//! declaration's rules), then by the resource's own hook, and only then
//! stored, relations included. Every check a rule fault names is skipped
//! while that fault is on. Read-only fields given in a body are ignored,
//! as tastypie's `full_hydrate` skips them; a field not given keeps its
//! value on an update and takes its initial value on a create.

use serde_json::{Map, Value};

use super::cell::Cell;
use super::change::Change;
use super::db::Db;
use super::declaration::Hooks;
use super::declare::{Field, Kind, Resource, Source, ThroughWrite};
use super::formats;
use crate::faults::kind::RuleKind;
use crate::MockState;

/// Creates an object of table `t`; its id, or the 400's message.
pub(crate) fn create(
    state: &MockState,
    db: &mut Db,
    (t, hooks): (usize, &Hooks),
    given: &Map<String, Value>,
) -> Result<u64, String> {
    let res = db.table(t).res;
    let cells = res.fields.iter().map(Cell::initial).collect();
    let mut change = Change {
        state,
        db,
        res,
        id: None,
        before: None,
        given,
        cells,
        links: Vec::new(),
    };
    check(&mut change, hooks)?;
    let Change { cells, links, .. } = change;
    let id = db.table_mut(t).insert(cells);
    store_links(db, res, id, links, true);
    db.forget();
    Ok(id)
}

/// Updates object `id` of table `t` (`put`: a PUT, whose relations replace
/// rather than add): `Ok(false)` when it does not exist.
pub(crate) fn update(
    state: &MockState,
    db: &mut Db,
    (t, hooks): (usize, &Hooks),
    (id, put): (u64, bool),
    given: &Map<String, Value>,
) -> Result<bool, String> {
    let res = db.table(t).res;
    let Some(row) = db.table(t).get(id) else {
        return Ok(false);
    };
    let before: Vec<Cell> = row.cells.to_vec();
    let mut change = Change {
        state,
        db,
        res,
        id: Some(id),
        before: Some(before.clone()),
        given,
        cells: before.clone(),
        links: Vec::new(),
    };
    check(&mut change, hooks)?;
    let Change {
        mut cells, links, ..
    } = change;
    for (at, field) in res.fields.iter().enumerate() {
        if state.broken(res.name, RuleKind::UpdateNotStored, field.name) {
            cells[at] = before[at].clone();
        }
    }
    db.table_mut(t).replace(id, cells);
    store_links(db, res, id, links, put);
    db.forget();
    Ok(true)
}

/// Writes the relations of object `id`; `whole`: the given members are
/// all the members (a create or a PUT), else a PATCH of an `Add` field adds.
fn store_links(db: &mut Db, res: &Resource, id: u64, links: Vec<(usize, Vec<u64>)>, whole: bool) {
    for (at, ids) in links {
        if let Source::Through {
            via,
            here,
            there,
            write,
        } = res.fields[at].source
        {
            let replace = whole || write != ThroughWrite::Add;
            db.link(via, here, there, id, &ids, replace);
        }
    }
}

/// Every check of the change, in order; the hooks where they go.
fn check(change: &mut Change, hooks: &Hooks) -> Result<(), String> {
    let res = change.res;
    for (at, field) in res.fields.iter().enumerate() {
        if field.internal {
            continue;
        }
        match field.source {
            Source::Follow { .. } => {}
            Source::Through { write, .. } => through(change, at, field, write)?,
            Source::Stored => stored(change, at, field)?,
        }
    }
    if let Some(prepare) = hooks.prepare {
        prepare(change)?;
    }
    unique(change)?;
    let object = Db::stored_json(res, &change.cells);
    either(change, &object)?;
    for rule in res.rules {
        if let Err(message) = (rule.check)(&object) {
            if !change.broken(RuleKind::CrossFieldUnchecked, rule.name) {
                return Err(message);
            }
        }
    }
    if let Some(hook) = hooks.write {
        hook(change)?;
    }
    Ok(())
}

/// The declaration's either-or rules, on the object as it would be stored
/// (a field not stored, a name the prepare hook turned into a link, as the
/// request gave it): on a create one of the fields must be set, and for an
/// exclusive rule no more than one.
fn either(change: &Change, object: &Map<String, Value>) -> Result<(), String> {
    let set = |field: &str| {
        let value = object.get(field).or_else(|| change.given.get(field));
        value.is_some_and(|v| !v.is_null() && v != "")
    };
    for rule in change.res.either {
        let given = rule.fields.iter().filter(|f| set(f)).count();
        let names = rule.fields.join(" or ");
        if change.id.is_none()
            && given == 0
            && !change.broken(RuleKind::EitherUnchecked, rule.first())
        {
            return Err(format!("One of {names} fields must be specified."));
        }
        if rule.exclusive && given > 1 && !change.broken(RuleKind::EitherBothAccepted, rule.first())
        {
            return Err(format!(
                "Only one of {names} may be set; the others must be null."
            ));
        }
    }
    Ok(())
}

/// A `Through` field given: the ids of the objects its URIs name.
fn through(
    change: &mut Change,
    at: usize,
    field: &Field,
    write: ThroughWrite,
) -> Result<(), String> {
    let Some(value) = change.given.get(field.name) else {
        return Ok(());
    };
    if write == ThroughWrite::No && !change.broken(RuleKind::ReadonlyWritten, field.name) {
        return Ok(());
    }
    let Kind::Links(to) = field.kind else {
        return Ok(());
    };
    let uris = value
        .as_array()
        .ok_or_else(|| format!("{}: a list of {to} URIs is required", field.name))?;
    let mut ids = Vec::with_capacity(uris.len());
    for uri in uris {
        match linked(change.db, to, uri) {
            Ok(id) => ids.push(id),
            Err(_) if change.broken(RuleKind::RelatedUriUnchecked, field.name) => {}
            Err(message) => return Err(format!("{}: {message}", field.name)),
        }
    }
    change.links.push((at, ids));
    Ok(())
}

/// The id of the object of `to` that `uri` names, or tastypie's message.
fn linked(db: &Db, to: &str, uri: &Value) -> Result<u64, String> {
    let text = uri.as_str().unwrap_or_default();
    let id = id_in(text, &format!("/api/v1/{to}/"));
    match id {
        Some(id) if db.named(to).is_some_and(|t| t.get(id).is_some()) => Ok(id),
        _ => Err(format!(
            "Could not find the provided {to} object via resource URI '{}'.",
            uri.as_str().map_or_else(|| uri.to_string(), str::to_string)
        )),
    }
}

/// The id a related URI or id names, whether or not the object exists
/// (what a mock that does not check related objects stores).
fn dangling(field: &Field, value: &Value) -> Option<u64> {
    match field.kind {
        Kind::Link(to) => id_in(value.as_str()?, &format!("/api/v1/{to}/")),
        Kind::Id(_) => given_id(value),
        _ => None,
    }
}

/// An id given as a number or as its digits ("Integer/String").
fn given_id(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        _ => None,
    }
}

/// The id at the end of `uri` when it is a detail URI under `base`.
pub(crate) fn id_in(uri: &str, base: &str) -> Option<u64> {
    let rest = uri.strip_prefix(base)?;
    let digits = rest.strip_suffix('/').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A stored field: given (converted and checked), or missing.
fn stored(change: &mut Change, at: usize, field: &'static Field) -> Result<(), String> {
    let name = field.name;
    let creating = change.id.is_none();
    let given = change.given.get(name);
    let blank = given.is_none_or(|v| v.is_null() || v.as_str() == Some(""));
    if field.required
        && blank
        && !field.readonly
        && (creating || given.is_some())
        && !change.broken(RuleKind::RequiredUnchecked, name)
    {
        return Err(format!("{name}: This field is required."));
    }
    let Some(value) = given else {
        return Ok(());
    };
    if field.readonly && !change.broken(RuleKind::ReadonlyWritten, name) {
        return Ok(());
    }
    let cell = match convert(change.db, field, value) {
        Ok(cell) => cell,
        Err(_) if change.broken(RuleKind::TypeUnchecked, name) => {
            Cell::Json(Box::new(value.clone()))
        }
        Err(message) => match dangling(field, value) {
            Some(id) if change.broken(RuleKind::RelatedUriUnchecked, name) => Cell::Link(id),
            _ => return Err(message),
        },
    };
    restrict(change, field, &cell)?;
    change.cells[at] = cell;
    Ok(())
}

/// A given JSON value as the field's cell, or why it is not one.
fn convert(db: &Db, field: &Field, value: &Value) -> Result<Cell, String> {
    let name = field.name;
    if value.is_null() {
        return if field.nullable {
            Ok(Cell::Null)
        } else {
            Err(format!("{name}: This field may not be null."))
        };
    }
    match field.kind {
        Kind::Text => value
            .as_str()
            .map(Cell::text)
            .ok_or_else(|| format!("{name}: a string is required")),
        // Django's IntegerField takes `47.0` (and "47") as 47; JSON
        // Schema's `integer` admits it too. `47.5` is refused.
        Kind::Integer => value
            .as_i64()
            .or_else(|| value.as_f64().and_then(whole))
            .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
            .map(Cell::Int)
            .ok_or_else(|| format!("{name}: an integer is required")),
        Kind::Boolean => value
            .as_bool()
            .map(Cell::Bool)
            .ok_or_else(|| format!("{name}: a boolean is required")),
        Kind::DateTime => value
            .as_str()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| Cell::Time(t.with_timezone(&chrono::Utc)))
            .ok_or_else(|| format!("{name}: an ISO-8601 date and time is required")),
        Kind::Link(to) => linked(db, to, value)
            .map(Cell::Link)
            .map_err(|message| format!("{name}: {message}")),
        Kind::Id(to) => match given_id(value) {
            Some(id) if db.named(to).is_some_and(|t| t.get(id).is_some()) => Ok(Cell::Link(id)),
            Some(id) => Err(format!("{name}: no {to} object has the id {id}")),
            None => Err(format!("{name}: the id of a {to} object is required")),
        },
        Kind::Links(_) | Kind::Json => Ok(Cell::Json(Box::new(value.clone()))),
    }
}

/// The field's documented restrictions on a given value.
fn restrict(change: &Change, field: &Field, cell: &Cell) -> Result<(), String> {
    let name = field.name;
    let broken = |kind| change.broken(kind, name);
    if let Cell::Int(n) = cell {
        if let Some((low, high)) = field.range {
            if !(low..=high).contains(n) && !broken(RuleKind::RangeUnchecked) {
                return Err(format!("{name}: must be between {low} and {high}"));
            }
        }
    }
    let Some(text) = cell.as_str() else {
        return Ok(());
    };
    if let Some(max) = field.max_length {
        if text.chars().count() > max && !broken(RuleKind::MaxLengthUnchecked) {
            return Err(format!("{name}: at most {max} characters"));
        }
    }
    if text.is_empty() {
        return Ok(());
    }
    if let Some(pattern) = field.pattern {
        if !formats::keeps(pattern, text) && !broken(RuleKind::PatternUnchecked) {
            return Err(format!(
                "{name}: '{text}' holds characters the field does not allow"
            ));
        }
    }
    if let Some(format) = field.format {
        if !formats::fits(format, text) && !broken(RuleKind::FormatUnchecked) {
            return Err(format!("{name}: '{text}' is not valid"));
        }
    }
    if !field.choices.is_empty()
        && !field.choices.contains(&text)
        && !broken(RuleKind::ChoicesUnchecked)
    {
        return Err(format!(
            "{name}: '{text}' is not one of {}",
            field.choices.join(", ")
        ));
    }
    Ok(())
}

/// Fields that are unique, and the resource's unique pair, against the
/// other live objects.
fn unique(change: &Change) -> Result<(), String> {
    let res = change.res;
    let Some(t) = change.db.at(res.name) else {
        return Ok(());
    };
    let table = change.db.table(t);
    let others = || table.live().filter(|r| Some(r.id) != change.id);
    for (at, field) in res.fields.iter().enumerate() {
        if !field.unique || !field.stored() || change.broken(RuleKind::UniqueUnchecked, field.name)
        {
            continue;
        }
        let key = change.cells[at].key();
        if key.is_some() && others().any(|r| r.cell(at).key() == key) {
            return Err(format!(
                "{}: an object with this {} already exists",
                field.name, field.name
            ));
        }
    }
    if let Some((a, b)) = res.unique_together {
        let (Some((x, _)), Some((y, _))) = (res.field(a), res.field(b)) else {
            return Ok(());
        };
        let pair = (&change.cells[x], &change.cells[y]);
        if others().any(|r| (r.cell(x), r.cell(y)) == pair) {
            return Err(format!("{a} and {b}: this pair already exists"));
        }
    }
    Ok(())
}

/// `f` as an integer, when it is one (`47.0`) and fits.
fn whole(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}
