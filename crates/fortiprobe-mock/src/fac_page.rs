//! The envelope of one page of FortiAuthenticator's listing: which window
//! of the listing a page shows, and its `meta` (`limit`, `offset`,
//! `total_count`, `next`, `previous`), each bent by its pagination faults,
//! including the faults that show only deep in the listing.

use serde_json::{json, Value};

use super::fac_query::{self, LinkOrder, ListQuery};
use super::faults::Fault;
use super::MockState;

/// Offset past which fault `FacPagesOverlapDeep` shows.
const OVERLAP_FROM: u64 = 3000;
/// Offset past which fault `FacNextSkipsDeep` shows.
const SKIP_FROM: u64 = 2000;
/// The page (1-based) whose `next` fault `FacNextLosesFiltersPage5` breaks.
const LOSING_PAGE: u64 = 5;

/// The offset and size of the window the page shows.
pub(crate) fn window(state: &MockState, query: &ListQuery) -> (u64, u64) {
    let mut limit = query.limit;
    let mut offset = query.offset;
    if state.has(Fault::FacLimitIgnored) {
        limit = fac_query::DEFAULT_LIMIT;
    }
    if state.has(Fault::FacOffsetIgnored) {
        offset = 0;
    }
    if state.has(Fault::FacPagesOverlap) {
        offset = offset.saturating_sub(1);
    }
    if offset > OVERLAP_FROM && state.has(Fault::FacPagesOverlapDeep) {
        offset -= 1;
    }
    (offset, limit)
}

/// `meta` for a page of `shown` objects out of `total` (+ `ghosts`).
pub(crate) fn meta(
    state: &MockState,
    query: &ListQuery,
    total: u64,
    ghosts: u64,
    shown: usize,
    seen: bool,
) -> Value {
    let order = if seen {
        LinkOrder::LimitFirst
    } else {
        LinkOrder::Documented
    };
    let mut total_count = Value::from(total + ghosts);
    if state.has(Fault::FacTotalCountOffByOne) {
        total_count = Value::from(total + ghosts + 1);
    }
    if query.offset > 0 && state.has(Fault::FacTotalCountChanges) {
        total_count = Value::from(total + ghosts + 1);
    }
    if state.has(Fault::FacTotalCountIsPageSize) {
        total_count = Value::from(shown);
    }
    if state.has(Fault::FacTotalCountString) {
        total_count = Value::from(total_count.to_string());
    }
    let mut meta = json!({
        "limit": if state.has(Fault::FacLimitNotEchoed) { fac_query::DEFAULT_LIMIT } else { query.limit },
        "next": next(state, query, total, order),
        "offset": if state.has(Fault::FacOffsetNotEchoed) { 0 } else { query.offset },
        "previous": previous(state, query, order),
        "total_count": total_count,
    });
    if state.has(Fault::FacListNoTotalCount) {
        if let Some(m) = meta.as_object_mut() {
            m.remove("total_count");
        }
    }
    meta
}

fn next(state: &MockState, query: &ListQuery, total: u64, order: LinkOrder) -> Option<String> {
    let end = query.offset.saturating_add(query.limit);
    let mut next = query.next(total, order);
    if state.has(Fault::FacNextNull) {
        next = None;
    }
    if state.has(Fault::FacNextOnLastPage) && next.is_none() && total > 0 {
        next = Some(query.link_keeping(end, order, true, true));
    }
    next.as_ref()?;
    let fifth = query.limit > 0 && query.offset == (LOSING_PAGE - 1).saturating_mul(query.limit);
    let loses = fifth && state.has(Fault::FacNextLosesFiltersPage5);
    let keep_filters = !(loses || state.has(Fault::FacNextLosesFilters));
    let keep_format = !state.has(Fault::FacNextLosesFormat);
    let mut at = end;
    if state.has(Fault::FacNextOverlaps) {
        at = at.saturating_sub(1);
    }
    if state.has(Fault::FacNextSkips) || (end > SKIP_FROM && state.has(Fault::FacNextSkipsDeep)) {
        at = at.saturating_add(1);
    }
    let mut link = query.link_keeping(at, order, keep_filters, keep_format);
    if state.has(Fault::FacNextAbsolute) {
        link = format!("https://fac.invalid{link}");
    }
    if state.has(Fault::FacNextOtherHost) {
        link = format!("//fac.invalid{link}");
    }
    Some(link)
}

fn previous(state: &MockState, query: &ListQuery, order: LinkOrder) -> Option<String> {
    let end = query.offset.saturating_add(query.limit);
    let mut previous = query.previous(order);
    if query.offset == 0 && state.has(Fault::FacPreviousOnFirstPage) {
        previous = Some(query.link_keeping(0, order, true, true));
    }
    if state.has(Fault::FacPreviousNull) {
        previous = None;
    }
    if query.offset > 0 && state.has(Fault::FacPreviousForward) {
        previous = Some(query.link_keeping(end, order, true, true));
    }
    previous
}
