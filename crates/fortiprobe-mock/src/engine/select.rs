//! Which rows a filtered list shows, at the least cost: no filter is a
//! slice of the listing; one exact (or iexact) filter on an indexed field
//! is a slice of one index list; anything else (other lookups, derived
//! fields, several filters, filters OR-ed) scans the candidates once, the
//! shortest index list when an exact filter has one, and keeps the result
//! for the next pages. Created rows are left out under fault
//! `create-not-listed`.

use super::db::Db;
use super::declare::Lookup;
use super::query::{Filter, ListQuery};
use super::table::Row;

/// How many rows match, and the ids of the page's rows.
pub(crate) struct Selection {
    pub(crate) total: u64,
    pub(crate) ids: Vec<u64>,
}

/// The rows of table `t` that `query` selects, the page at `offset`.
pub(crate) fn select(
    db: &mut Db,
    t: usize,
    query: &ListQuery,
    (offset, limit): (u64, u64),
    hide_created: bool,
) -> Selection {
    let table = db.table(t);
    if query.filters.is_empty() && !hide_created {
        let ids = table.slice(offset, limit).iter().map(|r| r.id).collect();
        return Selection {
            total: table.len() as u64,
            ids,
        };
    }
    if let ([one], false, false) = (query.filters.as_slice(), query.ored, hide_created) {
        if let Some(ranks) = indexed(db, t, one) {
            return page(db, t, ranks, offset, limit);
        }
    }
    let key = memo_key(query, hide_created);
    if let Some(ranks) = db.table(t).memo(&key) {
        let ranks = ranks.to_vec();
        return page(db, t, &ranks, offset, limit);
    }
    let ranks = scan(db, t, query, hide_created);
    let selection = page(db, t, &ranks, offset, limit);
    db.table_mut(t).keep(key, ranks);
    selection
}

fn memo_key(query: &ListQuery, hide_created: bool) -> String {
    let mut parts: Vec<String> = query.filters.iter().map(Filter::canonical).collect();
    parts.sort();
    format!(
        "{}{}{}",
        if query.ored { "or:" } else { "and:" },
        if hide_created { "seeded:" } else { "" },
        parts.join("\u{0}")
    )
}

/// The ranks an index gives for one filter, if an index can serve it.
fn indexed<'d>(db: &'d Db, t: usize, filter: &Filter) -> Option<&'d [u32]> {
    if filter.literal || filter.values.len() != 1 {
        return None;
    }
    let folded = match filter.lookup {
        Lookup::Exact => false,
        Lookup::Iexact => true,
        _ => return None,
    };
    let value = &filter.values[0];
    let key = if folded {
        value.to_lowercase()
    } else {
        value.clone()
    };
    db.table(t).indexed(filter.at, &key, folded)
}

fn page(db: &Db, t: usize, ranks: &[u32], offset: u64, limit: u64) -> Selection {
    let table = db.table(t);
    let start = clamp(offset, ranks.len());
    let end = clamp(offset.saturating_add(limit), ranks.len());
    let ids = ranks[start..end]
        .iter()
        .filter_map(|&rank| table.row_at(rank).map(|r| r.id))
        .collect();
    Selection {
        total: ranks.len() as u64,
        ids,
    }
}

/// The ranks of every row that passes, scanned from the fewest candidates.
fn scan(db: &Db, t: usize, query: &ListQuery, hide_created: bool) -> Vec<u32> {
    let table = db.table(t);
    let candidates: Vec<u32> = if query.ored {
        table.ranks()
    } else {
        query
            .filters
            .iter()
            .filter_map(|f| indexed(db, t, f))
            .min_by_key(|ranks| ranks.len())
            .map_or_else(|| table.ranks(), <[u32]>::to_vec)
    };
    candidates
        .into_iter()
        .filter(|&rank| {
            table.row_at(rank).is_some_and(|row| {
                !(hide_created && db.created(t, row.id)) && passes(db, t, query, row)
            })
        })
        .collect()
}

/// Whether `row` passes the query's filters (all of them, or any when they
/// are OR-ed).
pub(crate) fn passes(db: &Db, t: usize, query: &ListQuery, row: &Row) -> bool {
    let one = |f: &Filter| {
        let keys = db.keys(t, row, f.at);
        if keys.is_empty() {
            f.passes(None)
        } else {
            keys.iter().any(|k| f.passes(Some(k)))
        }
    };
    if query.ored {
        query.filters.iter().any(one)
    } else {
        query.filters.iter().all(one)
    }
}

fn clamp(n: u64, len: usize) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).min(len)
}
