//! A declared resource as the engine serves it: its `Resource` (the data
//! of `declare.rs`) and its `Hooks`, the functions for what no table of the
//! guide states (the seeded rows, a FortiToken's status following its
//! assignment, the [seen] shapes, `/auth/`'s answer). Also how the
//! declarations' seeds become the tables (`seeded`).

use axum::response::Response;
use serde_json::{Map, Value};

use super::cell::Cell;
use super::change::Change;
use super::db::Db;
use super::declare::Resource;
use super::table::Row;
use crate::MockState;

/// A resource and its functions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Declaration {
    pub(crate) resource: Resource,
    pub(crate) hooks: Hooks,
}

impl Declaration {
    /// A resource whose only hook is its rows at start.
    pub(crate) const fn seeded(
        resource: Resource,
        seed: fn(&Seeds) -> Vec<Vec<Cell>>,
    ) -> Declaration {
        Declaration {
            resource,
            hooks: Hooks {
                seed,
                ..Hooks::NONE
            },
        }
    }
}

/// What the declarations' seeds are made from.
pub(crate) struct Seeds<'a> {
    pub(crate) opts: &'a crate::MockOptions,
    /// The FortiTokens, in creation order.
    pub(crate) tokens: &'a [crate::data::Token],
}

/// Checks and effects across resources of a write.
pub(crate) type WriteHook = fn(&mut Change) -> Result<(), String>;
/// Effects of a delete on other resources.
pub(crate) type DeleteHook = fn(&MockState, &mut Db, &Row);
/// Object variants after rendering (the [seen] shapes, values other
/// tables decide).
pub(crate) type ShapeHook = fn(&MockState, &Db, &Row, &mut Map<String, Value>);
/// The answer of an action resource's POST (`/auth/`).
pub(crate) type Action = fn(&MockState, &mut Db, &Map<String, Value>) -> Response;

/// What a declaration adds to the engine, as functions.
#[derive(Clone, Copy)]
pub(crate) struct Hooks {
    /// The rows at start, each in field order (`row` helps).
    pub(crate) seed: fn(&Seeds) -> Vec<Vec<Cell>>,
    /// What a write's given values mean beyond their fields (a name that
    /// stands for a link), after the field checks and before the rules;
    /// no effects (`Err`: the 400's message).
    pub(crate) prepare: Option<WriteHook>,
    /// Checks and effects across resources before a write is stored, last
    /// (`Err`: the 400's message).
    pub(crate) write: Option<WriteHook>,
    /// Effects of a delete on other resources.
    pub(crate) delete: Option<DeleteHook>,
    /// Object variants after rendering.
    pub(crate) shape: Option<ShapeHook>,
    /// The answer of an `Action` resource.
    pub(crate) action: Option<Action>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks").finish_non_exhaustive()
    }
}

fn no_rows(_: &Seeds) -> Vec<Vec<Cell>> {
    Vec::new()
}

impl Hooks {
    pub(crate) const NONE: Hooks = Hooks {
        seed: no_rows,
        prepare: None,
        write: None,
        delete: None,
        shape: None,
        action: None,
    };
}

/// Every declaration's table with its seeded rows, listed by id, or by the
/// declared field with the [seen] shapes.
pub(crate) fn seeded(declarations: &'static [Declaration], seeds: &Seeds) -> Db {
    Db::new(
        declarations
            .iter()
            .map(|d| {
                let res = &d.resource;
                let order_by = res
                    .seen_order
                    .filter(|_| seeds.opts.seen_shapes)
                    .and_then(|name| res.field(name).map(|(at, _)| at));
                (res, (d.hooks.seed)(seeds), order_by)
            })
            .collect(),
    )
}

/// Seeded rows given as data: per row, `(field, cell)` pairs over the
/// fields' initial values; a link cell names the linked row by its place
/// (ids count from 1 in seed order).
pub(crate) type Rows = &'static [&'static [(&'static str, Cell)]];

/// The rows `data` gives for `res` (a declaration's `seed: |_| rows(..)`).
pub(crate) fn rows(res: &Resource, data: Rows) -> Vec<Vec<Cell>> {
    data.iter()
        .map(|values| row(res, values.to_vec()))
        .collect()
}

/// A seeded row of `res`: every field at its initial value, then `values`
/// by name.
pub(crate) fn row(res: &Resource, values: Vec<(&str, Cell)>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = res.fields.iter().map(Cell::initial).collect();
    for (name, value) in values {
        if let Some((at, _)) = res.field(name) {
            cells[at] = value;
        }
    }
    cells
}
