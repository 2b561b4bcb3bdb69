//! One stored value of one field, kept small (a table may hold 100,000
//! tokens): text owned or static, a boolean, an integer, a time, the id of
//! a linked object, or any JSON. A cell renders to the JSON the answer
//! shows, and gives the text a filter compares (`key`).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::declare::{Field, Initial, Kind};

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Text(Box<str>),
    /// Text the declaration or the seed owns (`ftm`, `available`).
    Static(&'static str),
    Time(DateTime<Utc>),
    /// The id of an object of the field's linked resource.
    Link(u64),
    Json(Box<Value>),
}

impl Cell {
    pub(crate) fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell's text, when it is text.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            Cell::Static(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Cell::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn as_link(&self) -> Option<u64> {
        match self {
            Cell::Link(id) => Some(*id),
            _ => None,
        }
    }

    /// The JSON an answer shows; links become the linked object's URI.
    pub(crate) fn to_json(&self, field: &Field) -> Value {
        match (self, field.kind) {
            (Cell::Null, _) => Value::Null,
            (Cell::Bool(b), _) => Value::from(*b),
            (Cell::Int(n), _) => Value::from(*n),
            (Cell::Text(s), _) => Value::from(&**s),
            (Cell::Static(s), _) => Value::from(*s),
            (Cell::Time(t), _) => Value::from(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            (Cell::Link(id), Kind::Link(to)) => Value::from(format!("/api/v1/{to}/{id}/")),
            (Cell::Link(id), _) => Value::from(*id),
            (Cell::Json(v), _) => (**v).clone(),
        }
    }

    /// The text a filter compares with: the text, `true`/`false`, the
    /// number, the linked object's id; `None` for null and JSON.
    pub(crate) fn key(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Text(s) => Some(Cow::Borrowed(s)),
            Cell::Static(s) => Some(Cow::Borrowed(s)),
            Cell::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Cell::Int(n) => Some(Cow::Owned(n.to_string())),
            Cell::Link(id) => Some(Cow::Owned(id.to_string())),
            Cell::Time(t) => Some(Cow::Owned(
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            )),
            Cell::Null | Cell::Json(_) => None,
        }
    }

    /// A seed's JSON value as the field's cell, unchecked.
    pub(crate) fn from_json(field: &Field, value: &Value) -> Cell {
        match (value, field.kind) {
            (Value::Null, _) => Cell::Null,
            (Value::Bool(b), _) => Cell::Bool(*b),
            (Value::Number(n), _) => n.as_i64().map_or(Cell::Null, Cell::Int),
            (Value::String(s), Kind::DateTime) => chrono::DateTime::parse_from_rfc3339(s)
                .map_or(Cell::Null, |t| Cell::Time(t.with_timezone(&Utc))),
            (Value::String(s), _) => Cell::text(s),
            (other, _) => Cell::Json(Box::new(other.clone())),
        }
    }

    /// The value of a field a create does not give.
    pub(crate) fn initial(field: &Field) -> Cell {
        match (field.initial, field.kind) {
            (Initial::Blank, Kind::Text) => Cell::Static(""),
            (Initial::Blank, _) | (Initial::Null, _) => Cell::Null,
            (Initial::Bool(b), _) => Cell::Bool(b),
            (Initial::Int(n), _) => Cell::Int(n),
            (Initial::Text(s), _) => Cell::Static(s),
        }
    }
}
