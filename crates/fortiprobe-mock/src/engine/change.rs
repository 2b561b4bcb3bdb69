//! A write being checked: what was given, the row as it will be stored,
//! the relations it writes, and the tables around it. `write.rs` fills it
//! field by field; a declaration's hooks read and change it.

use serde_json::{Map, Value};

use super::cell::Cell;
use super::db::Db;
use super::declare::Resource;
use crate::faults::kind::RuleKind;
use crate::MockState;

/// A write being checked: what was given, the row as it will be stored,
/// and the relations it writes. Hooks read and change it.
pub(crate) struct Change<'a> {
    pub(crate) state: &'a MockState,
    pub(crate) db: &'a mut Db,
    pub(crate) res: &'static Resource,
    /// The object's id; `None` while creating.
    pub(crate) id: Option<u64>,
    /// The row before the change (`None` while creating).
    pub(crate) before: Option<Vec<Cell>>,
    pub(crate) given: &'a Map<String, Value>,
    /// The row as it will be stored.
    pub(crate) cells: Vec<Cell>,
    /// Relations written: a `Through` field and the ids it names.
    pub(crate) links: Vec<(usize, Vec<u64>)>,
}

impl Change<'_> {
    pub(crate) fn get(&self, name: &str) -> &Cell {
        self.res
            .field(name)
            .and_then(|(at, _)| self.cells.get(at))
            .unwrap_or(&Cell::Null)
    }

    pub(crate) fn set(&mut self, name: &str, cell: Cell) {
        if let Some((at, _)) = self.res.field(name) {
            self.cells[at] = cell;
        }
    }

    /// The value before the change (`Null` while creating).
    pub(crate) fn was(&self, name: &str) -> &Cell {
        match (&self.before, self.res.field(name)) {
            (Some(before), Some((at, _))) => before.get(at).unwrap_or(&Cell::Null),
            _ => &Cell::Null,
        }
    }

    pub(crate) fn broken(&self, kind: RuleKind, field: &str) -> bool {
        self.state.broken(self.res.name, kind, field)
    }
}
