//! The objects of one resource and the indexes that answer a filtered page
//! at a cost independent of the listing's size. Each live row has a rank,
//! its place in the listing order (by id, or by a field with the [seen]
//! shapes); for every stored field a filter compares exactly, each value
//! maps to the ranks of the live rows holding it, ascending (and in lower
//! case for `iexact`). A page of one such filter is a slice of one list;
//! other queries are scanned once and kept for the following pages (a few
//! results are kept, oldest dropped first, all dropped on any write).

use std::collections::HashMap;

use super::cell::Cell;
use super::declare::{Lookup, Resource};

/// Results of scanned queries kept at most.
const MEMO_SIZE: usize = 32;

/// One object: its id and a cell per declared field (derived fields hold
/// `Cell::Null`).
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) id: u64,
    pub(crate) cells: Box<[Cell]>,
}

impl Row {
    pub(crate) fn cell(&self, at: usize) -> &Cell {
        self.cells.get(at).unwrap_or(&Cell::Null)
    }
}

type Index = HashMap<Box<str>, Vec<u32>>;

/// The rows of one resource.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) res: &'static Resource,
    /// Indexed by `id - 1`; `None` once deleted.
    slots: Vec<Option<Row>>,
    /// Live slots in listing order.
    order: Vec<u32>,
    /// Slot -> rank.
    rank_of: Vec<u32>,
    /// Rank -> slot.
    slot_at: Vec<u32>,
    /// Per field: value -> live ranks (exact), and in lower case (iexact).
    exact: Vec<Option<Index>>,
    folded: Vec<Option<Index>>,
    memo: Vec<(String, Vec<u32>)>,
    /// Deleted rows still counted in `total_count` (a fault).
    pub(crate) ghosts: u64,
    /// The field the listing is ordered by (`None`: by id).
    order_by: Option<usize>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Table {
    pub(crate) fn new(
        res: &'static Resource,
        rows: Vec<Vec<Cell>>,
        order_by: Option<usize>,
    ) -> Table {
        let slots = rows
            .into_iter()
            .zip(1u64..)
            .map(|(cells, id)| {
                Some(Row {
                    id,
                    cells: cells.into_boxed_slice(),
                })
            })
            .collect();
        let mut table = Table {
            res,
            slots,
            order: Vec::new(),
            rank_of: Vec::new(),
            slot_at: Vec::new(),
            exact: Vec::new(),
            folded: Vec::new(),
            memo: Vec::new(),
            ghosts: 0,
            order_by,
        };
        table.rebuild();
        table
    }

    /// Ranks every live row again and rebuilds every index.
    fn rebuild(&mut self) {
        let mut order: Vec<u32> = (0..self.slots.len())
            .filter(|&s| self.slots[s].is_some())
            .map(to_u32)
            .collect();
        if let Some(at) = self.order_by {
            let key = |s: &u32| {
                self.slots[*s as usize]
                    .as_ref()
                    .and_then(|r| r.cell(at).key().map(|k| k.into_owned()))
            };
            order.sort_by_cached_key(key);
        }
        self.rank_of = vec![u32::MAX; self.slots.len()];
        for (rank, &slot) in order.iter().enumerate() {
            self.rank_of[slot as usize] = to_u32(rank);
        }
        self.slot_at = order.clone();
        self.order = order;
        let fields = self.res.fields.len();
        self.exact = (0..fields).map(|_| None).collect();
        self.folded = (0..fields).map(|_| None).collect();
        for (at, field) in self.res.fields.iter().enumerate() {
            let Some(filtering) = self.res.filtering(field.name) else {
                continue;
            };
            if !field.stored() {
                continue;
            }
            let wants = |l: Lookup| filtering.lookups.contains(&l);
            if wants(Lookup::Exact) || wants(Lookup::In) {
                self.exact[at] = Some(Index::new());
            }
            if wants(Lookup::Iexact) {
                self.folded[at] = Some(Index::new());
            }
        }
        let live: Vec<u32> = self.order.clone();
        for slot in live {
            let rank = self.rank_of[slot as usize];
            self.index_slot(slot, rank, true);
        }
        self.memo.clear();
    }

    /// Adds the row in `slot` to every index (or takes it out).
    fn index_slot(&mut self, slot: u32, rank: u32, add: bool) {
        let Some(row) = self.slots.get(slot as usize).and_then(Option::as_ref) else {
            return;
        };
        let keys: Vec<(usize, String)> = row
            .cells
            .iter()
            .enumerate()
            .filter_map(|(at, c)| c.key().map(|k| (at, k.into_owned())))
            .collect();
        for (at, key) in keys {
            let folded = key.to_lowercase();
            for (index, key) in [(&mut self.exact, key), (&mut self.folded, folded)] {
                let Some(map) = index.get_mut(at).and_then(Option::as_mut) else {
                    continue;
                };
                let ranks = map.entry(key.into_boxed_str()).or_default();
                match (ranks.binary_search(&rank), add) {
                    (Err(pos), true) => ranks.insert(pos, rank),
                    (Ok(pos), false) => {
                        ranks.remove(pos);
                    }
                    _ => {}
                }
            }
        }
    }

    pub(crate) fn get(&self, id: u64) -> Option<&Row> {
        let slot = usize::try_from(id.checked_sub(1)?).ok()?;
        self.slots.get(slot)?.as_ref()
    }

    /// Live rows in listing order.
    pub(crate) fn live(&self) -> impl Iterator<Item = &Row> {
        self.order
            .iter()
            .filter_map(|&s| self.slots.get(s as usize).and_then(Option::as_ref))
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Live ranks, ascending.
    pub(crate) fn ranks(&self) -> Vec<u32> {
        self.order
            .iter()
            .map(|&s| self.rank_of[s as usize])
            .collect()
    }

    pub(crate) fn row_at(&self, rank: u32) -> Option<&Row> {
        let slot = *self.slot_at.get(rank as usize)?;
        self.slots.get(slot as usize)?.as_ref()
    }

    pub(crate) fn rank(&self, id: u64) -> Option<u32> {
        let slot = usize::try_from(id.checked_sub(1)?).ok()?;
        self.slots.get(slot)?.as_ref()?;
        self.rank_of.get(slot).copied()
    }

    /// The ranks holding `key` in field `at`, if that field is indexed.
    pub(crate) fn indexed(&self, at: usize, key: &str, folded: bool) -> Option<&[u32]> {
        let index = if folded { &self.folded } else { &self.exact };
        let map = index.get(at)?.as_ref()?;
        Some(map.get(key).map_or(&[][..], Vec::as_slice))
    }

    /// The unfiltered page at `offset`, at most `limit` rows.
    pub(crate) fn slice(&self, offset: u64, limit: u64) -> Vec<&Row> {
        let start = clamp(offset, self.order.len());
        let end = clamp(offset.saturating_add(limit), self.order.len());
        self.order[start..end]
            .iter()
            .filter_map(|&s| self.slots.get(s as usize).and_then(Option::as_ref))
            .collect()
    }

    pub(crate) fn memo(&self, key: &str) -> Option<&[u32]> {
        self.memo
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| r.as_slice())
    }

    /// Drops every kept result (another table changed what they read).
    pub(crate) fn forget(&mut self) {
        self.memo.clear();
    }

    pub(crate) fn keep(&mut self, key: String, ranks: Vec<u32>) {
        if self.memo.len() >= MEMO_SIZE {
            self.memo.remove(0);
        }
        self.memo.push((key, ranks));
    }

    /// Adds a row; its id is the next never used.
    pub(crate) fn insert(&mut self, cells: Vec<Cell>) -> u64 {
        let slot = self.slots.len();
        let id = slot as u64 + 1;
        self.slots.push(Some(Row {
            id,
            cells: cells.into_boxed_slice(),
        }));
        if self.order_by.is_some() {
            self.rebuild();
            return id;
        }
        let rank = to_u32(self.slot_at.len());
        self.rank_of.push(rank);
        self.slot_at.push(to_u32(slot));
        self.order.push(to_u32(slot));
        self.index_slot(to_u32(slot), rank, true);
        self.memo.clear();
        id
    }

    /// Replaces the cells of row `id`; `false` when it does not exist.
    pub(crate) fn replace(&mut self, id: u64, cells: Vec<Cell>) -> bool {
        let Some(rank) = self.rank(id) else {
            return false;
        };
        let slot = to_u32((id - 1) as usize);
        self.index_slot(slot, rank, false);
        if let Some(row) = self.slots.get_mut(slot as usize).and_then(Option::as_mut) {
            row.cells = cells.into_boxed_slice();
        }
        if self.order_by.is_some() {
            self.rebuild();
        } else {
            self.index_slot(slot, rank, true);
            self.memo.clear();
        }
        true
    }

    /// Takes row `id` out of the table and every index.
    pub(crate) fn remove(&mut self, id: u64) -> Option<Row> {
        let rank = self.rank(id)?;
        let slot = to_u32((id - 1) as usize);
        self.index_slot(slot, rank, false);
        let row = self.slots.get_mut(slot as usize)?.take()?;
        // `order` holds live rows only: an unfiltered page stays a slice.
        self.order.retain(|&s| s != slot);
        self.memo.clear();
        Some(row)
    }

    /// The id of the live row listed right after row `id` (right before
    /// it when it is the last).
    pub(crate) fn next_after(&self, id: u64) -> Option<u64> {
        let slot = to_u32(usize::try_from(id.checked_sub(1)?).ok()?);
        let at = self.order.iter().position(|&s| s == slot)?;
        let next = match self.order.get(at + 1) {
            Some(&next) => next,
            None => *self.order.get(at.checked_sub(1)?)?,
        };
        self.slots.get(next as usize)?.as_ref().map(|r| r.id)
    }
}

fn clamp(n: u64, len: usize) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).min(len)
}
