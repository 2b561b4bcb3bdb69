//! The envelope of one page of a listing: which window of the listing a
//! page shows, and its `meta` (`limit`, `offset`, `total_count`, `next`,
//! `previous`), with links that keep the filters and the format, each bent
//! by its pagination faults, including those that show only deep in a
//! large listing. `next` is null exactly when the page reaches the end
//! [doc]; `previous` whenever `offset - limit < 0` [framework: tastypie's
//! `Paginator.get_previous`].

use serde_json::{json, Value};

use super::query::{ListQuery, DEFAULT_LIMIT};
use crate::faults::kind::RuleKind;

/// Offset past which fault `pages-overlap-deep` shows.
const OVERLAP_FROM: u64 = 3000;
/// Offset past which fault `next-skips-deep` shows.
const SKIP_FROM: u64 = 2000;
/// The page (1-based) whose `next` fault `next-loses-filters-page-5` breaks.
const LOSING_PAGE: u64 = 5;

/// Order of the parameters in `next`/`previous` links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkOrder {
    /// Filters, `offset`, `limit`, then `format` (the doc's example).
    Documented,
    /// `limit`, `offset`, filters, then `format` (newer firmware) [seen].
    LimitFirst,
}

/// What a page's envelope is made of.
pub(crate) struct Envelope<'q> {
    pub(crate) query: &'q ListQuery,
    pub(crate) order: LinkOrder,
    pub(crate) broken: &'q dyn Fn(RuleKind) -> bool,
}

impl Envelope<'_> {
    /// The offset and size of the window the page shows.
    pub(crate) fn window(&self) -> (u64, u64) {
        let b = self.broken;
        let mut limit = self.query.limit;
        let mut offset = self.query.offset;
        if b(RuleKind::LimitIgnored) {
            limit = DEFAULT_LIMIT;
        }
        if b(RuleKind::OffsetIgnored) {
            offset = 0;
        }
        if b(RuleKind::PagesOverlap) {
            offset = offset.saturating_sub(1);
        }
        if offset > OVERLAP_FROM && b(RuleKind::PagesOverlapDeep) {
            offset -= 1;
        }
        (offset, limit)
    }

    /// `meta` for a page of `shown` objects out of `total` (`ghosts`:
    /// deleted objects a fault still counts).
    pub(crate) fn meta(&self, total: u64, ghosts: u64, shown: usize) -> Value {
        let b = self.broken;
        let q = self.query;
        let counted = total + ghosts;
        let mut total_count = Value::from(counted);
        if b(RuleKind::TotalCountOffByOne) {
            total_count = Value::from(counted + 1);
        }
        if q.offset > 0 && b(RuleKind::TotalCountChanges) {
            total_count = Value::from(counted + 1);
        }
        if b(RuleKind::TotalCountIsPageSize) {
            total_count = Value::from(shown);
        }
        if b(RuleKind::TotalCountString) {
            total_count = Value::from(total_count.to_string());
        }
        let limit = if b(RuleKind::LimitNotEchoed) {
            DEFAULT_LIMIT
        } else {
            q.limit
        };
        let offset = if b(RuleKind::OffsetNotEchoed) {
            0
        } else {
            q.offset
        };
        let mut meta = json!({
            "limit": limit,
            "next": self.next(total),
            "offset": offset,
            "previous": self.previous(),
            "total_count": total_count,
        });
        if b(RuleKind::NoTotalCount) {
            if let Some(m) = meta.as_object_mut() {
                m.remove("total_count");
            }
        }
        meta
    }

    fn next(&self, total: u64) -> Option<String> {
        let b = self.broken;
        let q = self.query;
        let end = q.offset.saturating_add(q.limit);
        let mut next = (end < total).then(|| self.link(end, true, true));
        if b(RuleKind::NextNull) {
            next = None;
        }
        if b(RuleKind::NextOnLastPage) && next.is_none() && total > 0 {
            next = Some(self.link(end, true, true));
        }
        next.as_ref()?;
        let fifth = q.limit > 0 && q.offset == (LOSING_PAGE - 1).saturating_mul(q.limit);
        let loses = fifth && b(RuleKind::NextLosesFiltersPage5);
        let keep_filters = !(loses || b(RuleKind::NextLosesFilters));
        let keep_format = !b(RuleKind::NextLosesFormat);
        let mut at = end;
        if b(RuleKind::NextOverlaps) {
            at = at.saturating_sub(1);
        }
        if b(RuleKind::NextSkips) || (end > SKIP_FROM && b(RuleKind::NextSkipsDeep)) {
            at = at.saturating_add(1);
        }
        let mut link = self.link(at, keep_filters, keep_format);
        if b(RuleKind::NextAbsolute) {
            link = format!("https://fac.invalid{link}");
        }
        if b(RuleKind::NextOtherHost) {
            link = format!("//fac.invalid{link}");
        }
        Some(link)
    }

    fn previous(&self) -> Option<String> {
        let b = self.broken;
        let q = self.query;
        let end = q.offset.saturating_add(q.limit);
        let mut previous = q
            .offset
            .checked_sub(q.limit)
            .map(|at| self.link(at, true, true));
        if q.offset == 0 && b(RuleKind::PreviousOnFirstPage) {
            previous = Some(self.link(0, true, true));
        }
        if b(RuleKind::PreviousNull) {
            previous = None;
        }
        if q.offset > 0 && b(RuleKind::PreviousForward) {
            previous = Some(self.link(end, true, true));
        }
        previous
    }

    /// A link to `offset`, with or without the filter and `format`
    /// parameters (faults drop them).
    fn link(&self, offset: u64, filters: bool, format: bool) -> String {
        let q = self.query;
        let paging = match self.order {
            LinkOrder::Documented => [format!("offset={offset}"), format!("limit={}", q.limit)],
            LinkOrder::LimitFirst => [format!("limit={}", q.limit), format!("offset={offset}")],
        };
        let mut parts: Vec<&str> = Vec::with_capacity(q.pieces.len() + 3);
        let kept: &[String] = if filters { &q.pieces } else { &[] };
        let kept = kept.iter().map(String::as_str);
        match self.order {
            LinkOrder::Documented => {
                parts.extend(kept);
                parts.extend(paging.iter().map(String::as_str));
            }
            LinkOrder::LimitFirst => {
                parts.extend(paging.iter().map(String::as_str));
                parts.extend(kept);
            }
        }
        if format {
            parts.extend(q.format_piece.as_deref());
        }
        format!("{}?{}", q.path, parts.join("&"))
    }
}
