//! Every declared resource's table, and what needs more than one table:
//! the value of a derived field (a relation shown on both sides, a field
//! followed through a link), an object rendered as its answer shows it,
//! rows linked through a membership resource, and cascading deletes.

use serde_json::{Map, Value};

use super::cell::Cell;
use super::declare::{Field, Kind, Resource, Shape, Source};
use super::table::{Row, Table};
use crate::faults::kind::RuleKind;
use crate::reply::EXTRA_FIELD;
use crate::{KeyOrder, MockState};

/// The tables of one FortiAuthenticator.
#[derive(Debug, Clone)]
pub(crate) struct Db {
    tables: Vec<Table>,
    /// Rows each table held at start (created rows have larger ids).
    seeded: Vec<u64>,
}

/// One table at start: its resource, its rows, the field it is listed by
/// (`None`: by id).
pub(crate) type Part = (&'static Resource, Vec<Vec<Cell>>, Option<usize>);

impl Db {
    /// A table for each resource with its rows at start, listed by id or by
    /// the field given.
    pub(crate) fn new(parts: Vec<Part>) -> Db {
        let mut tables = Vec::with_capacity(parts.len());
        let mut seeded = Vec::with_capacity(parts.len());
        for (res, rows, order_by) in parts {
            seeded.push(rows.len() as u64);
            tables.push(Table::new(res, rows, order_by));
        }
        Db { tables, seeded }
    }

    pub(crate) fn at(&self, name: &str) -> Option<usize> {
        self.tables.iter().position(|t| t.res.name == name)
    }

    pub(crate) fn table(&self, t: usize) -> &Table {
        &self.tables[t]
    }

    pub(crate) fn table_mut(&mut self, t: usize) -> &mut Table {
        &mut self.tables[t]
    }

    pub(crate) fn named(&self, name: &str) -> Option<&Table> {
        self.at(name).map(|t| &self.tables[t])
    }

    pub(crate) fn named_mut(&mut self, name: &str) -> Option<&mut Table> {
        let t = self.at(name)?;
        Some(&mut self.tables[t])
    }

    /// Whether row `id` of table `t` was created after start.
    pub(crate) fn created(&self, t: usize, id: u64) -> bool {
        id > self.seeded[t]
    }

    /// The ids `there` of the rows of `via` whose link `here` is `id`, in
    /// `via`'s order (`only_seeded`: rows created since start left out).
    fn through(&self, via: &str, here: &str, there: &str, id: u64, only_seeded: bool) -> Vec<u64> {
        let Some(t) = self.at(via) else {
            return Vec::new();
        };
        let table = &self.tables[t];
        let (Some((h, _)), Some((o, _))) = (table.res.field(here), table.res.field(there)) else {
            return Vec::new();
        };
        table
            .live()
            .filter(|r| r.cell(h).as_link() == Some(id))
            .filter(|r| !(only_seeded && self.created(t, r.id)))
            .filter_map(|r| r.cell(o).as_link())
            .collect()
    }

    /// The cell a followed field shows.
    fn follow(&self, res: &Resource, row: &Row, link: &str, field: &str) -> Cell {
        let Some((at, f)) = res.field(link) else {
            return Cell::Null;
        };
        let (Kind::Link(to), Some(id)) = (f.kind, row.cell(at).as_link()) else {
            return Cell::Null;
        };
        let Some(target) = self.named(to) else {
            return Cell::Null;
        };
        match (target.get(id), target.res.field(field)) {
            (Some(r), Some((at, _))) => r.cell(at).clone(),
            _ => Cell::Null,
        }
    }

    /// The texts a filter compares for field `at` of `row` (several for a
    /// relation shown as a list).
    pub(crate) fn keys(&self, t: usize, row: &Row, at: usize) -> Vec<String> {
        let res = self.tables[t].res;
        let Some(field) = res.fields.get(at) else {
            return Vec::new();
        };
        match field.source {
            Source::Stored => row
                .cell(at)
                .key()
                .map(|k| k.into_owned())
                .into_iter()
                .collect(),
            Source::Follow { link, field } => self
                .follow(res, row, link, field)
                .key()
                .map(|k| k.into_owned())
                .into_iter()
                .collect(),
            Source::Through {
                via, here, there, ..
            } => self
                .through(via, here, there, row.id, false)
                .into_iter()
                .map(|id| id.to_string())
                .collect(),
        }
    }

    /// The JSON a field shows.
    fn value(&self, state: &MockState, t: usize, row: &Row, at: usize, field: &Field) -> Value {
        let res = self.tables[t].res;
        match field.source {
            Source::Stored => row.cell(at).to_json(field),
            Source::Follow { link, field: f } => self.follow(res, row, link, f).to_json(field),
            Source::Through {
                via, here, there, ..
            } => {
                let hidden = state.broken(res.name, RuleKind::RelationNotReflected, field.name);
                let to = match field.kind {
                    Kind::Links(to) => to,
                    _ => res.name,
                };
                self.through(via, here, there, row.id, hidden)
                    .into_iter()
                    .map(|id| Value::from(format!("/api/v1/{to}/{id}/")))
                    .collect()
            }
        }
    }

    /// Row `row` of table `t` as its answer shows it: `id` (when the
    /// resource shows one), `resource_uri`, then every field in declared
    /// order, in the key order the mock's data asks for (the declaration's
    /// shape hook comes after, `request.rs`).
    pub(crate) fn render(&self, state: &MockState, t: usize, row: &Row) -> Map<String, Value> {
        let res = self.tables[t].res;
        let mut fields: Vec<(&str, Value)> = Vec::with_capacity(res.fields.len() + 2);
        if res.shape == Shape::Collection {
            if res.shows_id {
                fields.push(("id", Value::from(row.id)));
            }
            let mut uri = res.uri(row.id);
            if state.broken(res.name, RuleKind::ResourceUriUnslashed, "resource_uri") {
                uri.pop();
            }
            fields.push(("resource_uri", Value::from(uri)));
        }
        for (at, field) in res.fields.iter().enumerate() {
            if !field.write_only {
                fields.push((field.name, self.value(state, t, row, at, field)));
            }
        }
        let opts = state.options();
        match opts.key_order {
            KeyOrder::Documented => {}
            KeyOrder::Alphabetical => fields.sort_by(|a, b| a.0.cmp(b.0)),
            KeyOrder::Reversed => fields.reverse(),
        }
        let mut object: Map<String, Value> = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if opts.extra_field {
            object.insert(EXTRA_FIELD.0.to_string(), Value::from(EXTRA_FIELD.1));
        }
        object
    }

    /// Drops every table's kept results: a write may change what a
    /// derived field shows elsewhere.
    pub(crate) fn forget(&mut self) {
        for table in &mut self.tables {
            table.forget();
        }
    }

    /// The stored fields of `cells` as JSON, for rules across fields.
    pub(crate) fn stored_json(res: &Resource, cells: &[Cell]) -> Map<String, Value> {
        res.fields
            .iter()
            .zip(cells)
            .filter(|(f, _)| f.stored())
            .map(|(f, c)| (f.name.to_string(), c.to_json(f)))
            .collect()
    }

    /// Links object `id` to each of `others` through the rows of `via`
    /// (`here` naming `id`, `there` naming the other); `replace`: its rows
    /// not among `others` go. A pair that exists is kept once.
    pub(crate) fn link(
        &mut self,
        via: &str,
        here: &str,
        there: &str,
        id: u64,
        others: &[u64],
        replace: bool,
    ) {
        let Some(t) = self.at(via) else {
            return;
        };
        let table = &mut self.tables[t];
        let res = table.res;
        let (Some((h, _)), Some((o, _))) = (res.field(here), res.field(there)) else {
            return;
        };
        let existing: Vec<(u64, Option<u64>)> = table
            .live()
            .filter(|r| r.cell(h).as_link() == Some(id))
            .map(|r| (r.id, r.cell(o).as_link()))
            .collect();
        if replace {
            for (row, other) in &existing {
                if !other.is_some_and(|o| others.contains(&o)) {
                    table.remove(*row);
                }
            }
        }
        for &other in others {
            if existing.iter().any(|(_, o)| *o == Some(other)) {
                continue;
            }
            let mut cells: Vec<Cell> = res.fields.iter().map(Cell::initial).collect();
            cells[h] = Cell::Link(id);
            cells[o] = Cell::Link(other);
            table.insert(cells);
        }
    }

    /// Deletes, in every table, the rows whose link field names object
    /// `id` of resource `name` (Django's `on_delete=CASCADE`).
    pub(crate) fn cascade(&mut self, name: &str, id: u64) {
        for table in &mut self.tables {
            let links: Vec<usize> = table
                .res
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    f.stored() && matches!(f.kind, Kind::Link(to) | Kind::Id(to) if to == name)
                })
                .map(|(at, _)| at)
                .collect();
            if links.is_empty() {
                continue;
            }
            let doomed: Vec<u64> = table
                .live()
                .filter(|r| links.iter().any(|&at| r.cell(at).as_link() == Some(id)))
                .map(|r| r.id)
                .collect();
            for row in doomed {
                table.remove(row);
            }
        }
    }
}
