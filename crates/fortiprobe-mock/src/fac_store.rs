//! The tokens of one FortiAuthenticator and the indexes that answer a page
//! at a cost independent of the listing's size: each token keeps its rank
//! (its place in the listing order, fixed at start), and every filterable
//! value (type, status, license, serial as is and in lower case) maps to
//! the ranks of the live tokens holding it, ascending. A one-filter page is
//! then a slice of one list; several filters scan the shortest list once
//! and keep the result for the following pages (a few such results are
//! kept, oldest dropped first). A DELETE takes the token out of every list.

use std::collections::HashMap;

use super::data::{Token, TokenStatus};
use super::fac_query::{Field, Filter};

/// Results of several-filter queries kept at most.
const MEMO_SIZE: usize = 32;

/// The tokens of one FortiAuthenticator.
#[derive(Debug)]
pub(crate) struct FacStore {
    /// Indexed by `id - 1`; `None` once deleted.
    slots: Vec<Option<Token>>,
    /// Live slots in listing order (by id, or by serial [seen]).
    order: Vec<usize>,
    /// Deleted tokens still counted in `total_count` (fault `FacDeleteCountUnchanged`).
    pub(crate) ghosts: u64,
    /// Rank -> slot.
    slot_of_rank: Vec<usize>,
    /// Slot -> rank.
    rank_of_slot: Vec<u32>,
    /// Field key -> value -> live ranks, ascending.
    by_value: HashMap<Key, HashMap<String, Vec<u32>>>,
    /// Several-filter queries: canonical text -> live ranks, ascending.
    memo: Vec<(String, Vec<u32>)>,
}

/// Which index a filter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Type,
    Status,
    License,
    Serial,
    SerialLower,
}

const KEYS: [Key; 5] = [
    Key::Type,
    Key::Status,
    Key::License,
    Key::Serial,
    Key::SerialLower,
];

fn value_of(token: &Token, key: Key) -> String {
    match key {
        Key::Type => token.kind.as_str().to_string(),
        Key::Status => token.status.as_str().to_string(),
        Key::License => token.license.clone(),
        Key::Serial => token.serial.clone(),
        Key::SerialLower => token.serial.to_lowercase(),
    }
}

/// The index and the value a filter looks up.
fn lookup(filter: &Filter) -> (Key, String) {
    match (filter.field, filter.ignore_case) {
        (Field::Serial, true) => (Key::SerialLower, filter.value.to_lowercase()),
        (Field::Serial, false) => (Key::Serial, filter.value.clone()),
        (Field::Type, _) => (Key::Type, filter.value.clone()),
        (Field::Status, _) => (Key::Status, filter.value.clone()),
        (Field::License, _) => (Key::License, filter.value.clone()),
    }
}

impl FacStore {
    pub(crate) fn new(tokens: Vec<Token>, by_serial: bool) -> FacStore {
        let mut order: Vec<usize> = (0..tokens.len()).collect();
        if by_serial {
            order.sort_by(|&a, &b| tokens[a].serial.cmp(&tokens[b].serial));
        }
        let mut rank_of_slot = vec![0u32; tokens.len()];
        let mut by_value: HashMap<Key, HashMap<String, Vec<u32>>> = HashMap::new();
        for (rank, &slot) in order.iter().enumerate() {
            let rank = u32::try_from(rank).unwrap_or(u32::MAX);
            rank_of_slot[slot] = rank;
            for key in KEYS {
                by_value
                    .entry(key)
                    .or_default()
                    .entry(value_of(&tokens[slot], key))
                    .or_default()
                    .push(rank);
            }
        }
        FacStore {
            slots: tokens.into_iter().map(Some).collect(),
            slot_of_rank: order.clone(),
            order,
            ghosts: 0,
            rank_of_slot,
            by_value,
            memo: Vec::new(),
        }
    }

    pub(crate) fn slot(&self, id: u64) -> Option<&Token> {
        let index = usize::try_from(id.checked_sub(1)?).ok()?;
        self.slots.get(index)?.as_ref()
    }

    /// Removes the token from the store and every index; `false` when it
    /// does not exist (any more).
    pub(crate) fn delete(&mut self, id: u64) -> bool {
        let Some(index) = id.checked_sub(1).and_then(|i| usize::try_from(i).ok()) else {
            return false;
        };
        let Some(token) = self.slots.get_mut(index).and_then(Option::take) else {
            return false;
        };
        // Keep `order` to live tokens only: an unfiltered page is then a slice.
        self.order.retain(|&i| i != index);
        let rank = self.rank_of_slot[index];
        for key in KEYS {
            if let Some(ranks) = self
                .by_value
                .get_mut(&key)
                .and_then(|values| values.get_mut(&value_of(&token, key)))
            {
                remove_rank(ranks, rank);
            }
        }
        for (_, ranks) in &mut self.memo {
            remove_rank(ranks, rank);
        }
        true
    }

    /// The live token with `serial`.
    pub(crate) fn token(&self, serial: &str) -> Option<&Token> {
        let rank = *self.ranks(Key::Serial, serial).first()?;
        self.token_at(rank)
    }

    /// Sets the status of the live token with `serial` (its assignment to a
    /// local user, `fac_users`), keeping the status index right.
    pub(crate) fn set_status(&mut self, serial: &str, status: TokenStatus) {
        let Some(&rank) = self.ranks(Key::Serial, serial).first() else {
            return;
        };
        let Some(slot) = self.slot_of_rank.get(rank as usize).copied() else {
            return;
        };
        let Some(token) = self.slots.get_mut(slot).and_then(Option::as_mut) else {
            return;
        };
        let old = std::mem::replace(&mut token.status, status);
        if old == status {
            return;
        }
        let statuses = self.by_value.entry(Key::Status).or_default();
        if let Some(ranks) = statuses.get_mut(old.as_str()) {
            remove_rank(ranks, rank);
        }
        let ranks = statuses.entry(status.as_str().to_string()).or_default();
        if let Err(at) = ranks.binary_search(&rank) {
            ranks.insert(at, rank);
        }
        // Kept results of several filters may have changed.
        self.memo.clear();
    }

    fn ranks(&self, key: Key, value: &str) -> &[u32] {
        self.by_value
            .get(&key)
            .and_then(|values| values.get(value))
            .map_or(&[], Vec::as_slice)
    }

    /// The id of the live token listed right after token `id` (right before
    /// it when it is the last).
    pub(crate) fn next_after(&self, id: u64) -> Option<u64> {
        let slot = usize::try_from(id.checked_sub(1)?).ok()?;
        let at = self.order.iter().position(|&s| s == slot)?;
        // The one before when the token is the last (a fixture often is).
        let next = match self.order.get(at + 1) {
            Some(&next) => next,
            None => *self.order.get(at.checked_sub(1)?)?,
        };
        self.slots.get(next)?.as_ref().map(|t| t.id)
    }

    /// Live tokens in listing order.
    pub(crate) fn listed(&self) -> impl Iterator<Item = &Token> {
        self.order
            .iter()
            .filter_map(|&i| self.slots.get(i).and_then(Option::as_ref))
    }

    /// The unfiltered page at `offset`, at most `limit` tokens.
    pub(crate) fn slice(&self, offset: u64, limit: u64) -> Vec<&Token> {
        let start = clamp(offset, self.order.len());
        let end = clamp(offset.saturating_add(limit), self.order.len());
        self.order[start..end]
            .iter()
            .filter_map(|&i| self.slots.get(i).and_then(Option::as_ref))
            .collect()
    }

    /// The page of tokens matching every filter (Django's exact/iexact, as
    /// `Filter::matches` reads them) and how many match in all.
    pub(crate) fn filtered(
        &mut self,
        filters: &[Filter],
        offset: u64,
        limit: u64,
    ) -> (u64, Vec<&Token>) {
        let ranks: &[u32] = match filters {
            [] => return (self.order.len() as u64, self.slice(offset, limit)),
            [one] => {
                let (key, value) = lookup(one);
                self.by_value
                    .get(&key)
                    .and_then(|values| values.get(&value))
                    .map_or(&[][..], Vec::as_slice)
            }
            several => {
                let at = self.memo_entry(several);
                &self.memo[at].1
            }
        };
        let start = clamp(offset, ranks.len());
        let end = clamp(offset.saturating_add(limit), ranks.len());
        let page = ranks[start..end]
            .iter()
            .filter_map(|&rank| self.token_at(rank))
            .collect();
        (ranks.len() as u64, page)
    }

    fn token_at(&self, rank: u32) -> Option<&Token> {
        let slot = *self.slot_of_rank.get(usize::try_from(rank).ok()?)?;
        self.slots.get(slot)?.as_ref()
    }

    /// Where the result of `filters` is kept, computed from the shortest
    /// index list when it is not kept yet.
    fn memo_entry(&mut self, filters: &[Filter]) -> usize {
        let mut parts: Vec<String> = filters
            .iter()
            .map(|f| {
                let (key, value) = lookup(f);
                format!("{key:?}={value}")
            })
            .collect();
        parts.sort();
        let text = parts.join("\u{0}");
        if let Some(at) = self.memo.iter().position(|(t, _)| *t == text) {
            return at;
        }
        let empty = Vec::new();
        let shortest = filters
            .iter()
            .map(|f| {
                let (key, value) = lookup(f);
                self.by_value
                    .get(&key)
                    .and_then(|values| values.get(&value))
                    .unwrap_or(&empty)
            })
            .min_by_key(|ranks| ranks.len())
            .unwrap_or(&empty);
        let ranks: Vec<u32> = shortest
            .iter()
            .copied()
            .filter(|&rank| {
                self.token_at(rank)
                    .is_some_and(|t| filters.iter().all(|f| f.matches(t)))
            })
            .collect();
        if self.memo.len() >= MEMO_SIZE {
            self.memo.remove(0);
        }
        self.memo.push((text, ranks));
        self.memo.len() - 1
    }
}

fn clamp(n: u64, len: usize) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).min(len)
}

fn remove_rank(ranks: &mut Vec<u32>, rank: u32) {
    if let Ok(at) = ranks.binary_search(&rank) {
        ranks.remove(at);
    }
}
