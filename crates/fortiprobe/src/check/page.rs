//! One listing page judged on its own: `meta.limit`/`meta.offset` echo the
//! request, the page holds no more than its limit, and `next`/`previous`
//! are right for its place in the listing.

use serde_json::Value;

use super::fields::show;
use super::link::Link;
use super::record::Record;
use super::{Finding, Scrub};
use crate::product::ListRules;

/// One page as fetched: the request's path and query, and the answer's
/// `meta` and objects.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path and query as requested, for messages.
    pub target: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub meta: Value,
    pub records: Vec<Record>,
    /// The listing's page sizes (default and maximum `limit`).
    pub rules: ListRules,
}

impl Page {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `offset` asked for (0 when none).
    pub fn requested_offset(&self) -> Option<u64> {
        match self.param("offset") {
            None => Some(0),
            Some(o) => o.parse().ok(),
        }
    }

    /// The `limit` asked for, as the docs define it: the default (20) when
    /// none; `None` for a value outside 1..=max (1000), where the docs
    /// promise only "at most the maximum".
    pub fn requested_limit(&self) -> Option<u64> {
        match self.param("limit") {
            None => Some(self.rules.default_limit),
            Some(l) => l
                .parse::<u64>()
                .ok()
                .filter(|l| (1..=self.rules.max_limit).contains(l)),
        }
    }

    pub fn total_count(&self) -> Option<u64> {
        self.meta.get("total_count").and_then(Value::as_u64)
    }
}

/// `meta.limit` and `meta.offset` echo the request, and the page holds no
/// more objects than its limit (at most 1000 whatever was asked).
pub fn echo(page: &Page, scrub: &dyn Scrub) -> Vec<Finding> {
    let mut out = Vec::new();
    let limit = page.requested_limit();
    if let Some(l) = limit {
        if page.meta.get("limit").and_then(Value::as_u64) != Some(l) {
            let why = if page.param("limit").is_some() {
                "the requested limit"
            } else {
                "the default limit, none being asked"
            };
            out.push(Finding::new(
                "/meta/limit",
                format!("{l} ({why})"),
                show(page.meta.get("limit"), scrub),
            ));
        }
    }
    if let Some(o) = page.requested_offset() {
        if page.meta.get("offset").and_then(Value::as_u64) != Some(o) {
            out.push(Finding::new(
                "/meta/offset",
                format!("{o} (the requested offset)"),
                show(page.meta.get("offset"), scrub),
            ));
        }
    }
    let cap = limit.unwrap_or(page.rules.max_limit);
    if page.records.len() as u64 > cap {
        out.push(Finding::new(
            "/objects",
            format!("at most {cap} objects"),
            format!("{} objects", page.records.len()),
        ));
    }
    out
}

/// A page before the end holds as many objects as its limit, and the last
/// one the rest: a page at offset `o` with limit `l` holds the objects
/// `o .. min(o + l, total_count)` (docs/api-notes.md §4 [doc]: `limit`,
/// `offset`, `total_count`). Fewer means objects that no page shows; more
/// is `echo`'s finding. Judged where a walk does not see every page.
pub fn fill(page: &Page, total: u64) -> Vec<Finding> {
    let (Some(offset), Some(limit)) = (page.requested_offset(), page.requested_limit()) else {
        return Vec::new();
    };
    let want = total.saturating_sub(offset).min(limit);
    let held = page.records.len() as u64;
    let what = match held.cmp(&want) {
        std::cmp::Ordering::Equal => return Vec::new(),
        std::cmp::Ordering::Less => format!(
            "{held}: {} that no page shows",
            plural(want - held, "object")
        ),
        // More than the limit is `echo`'s finding.
        std::cmp::Ordering::Greater if held > limit => return Vec::new(),
        std::cmp::Ordering::Greater => format!(
            "{held}: {} past the end total_count sets",
            plural(held - want, "object")
        ),
    };
    vec![Finding::new(
        "/objects",
        format!("{want} objects (offset {offset}, limit {limit}, total_count {total})"),
        what,
    )]
}

/// What `next` and `previous` share: a path to the same listing that keeps
/// the request's filter and `format` parameters and its limit. `Err` when
/// the text is not a path at all. `at` is `/meta/next` or `/meta/previous`.
fn common_link_checks(
    at: &str,
    text: &str,
    page: &Page,
    want: &[(String, String)],
    limit: Option<u64>,
    out: &mut Vec<Finding>,
) -> Option<Link> {
    let link = match Link::parse(text) {
        Ok(l) => l,
        Err(e) => {
            out.push(Finding::new(at, e, format!("{text:?}")));
            return None;
        }
    };
    if link.path != page.path {
        out.push(Finding::new(
            at,
            format!("a link to the same listing {}", page.path),
            format!("{text:?}"),
        ));
    }
    let lost = missing_params(&link, want);
    if !lost.is_empty() {
        out.push(Finding::new(
            at,
            format!("a link that keeps {}", lost.join("&")),
            format!("{text:?}"),
        ));
    }
    if let Some(l) = limit {
        if link.limit(page.rules.default_limit) != Some(l) {
            out.push(Finding::new(
                at,
                format!("a link that keeps limit {l}"),
                format!("{text:?}"),
            ));
        }
    }
    Some(link)
}

/// The request's parameters a link must keep: all but `limit` and `offset`.
fn kept_params(page: &Page) -> Vec<(String, String)> {
    page.query
        .iter()
        .filter(|(k, _)| k != "limit" && k != "offset")
        .cloned()
        .collect()
}

fn missing_params(link: &Link, want: &[(String, String)]) -> Vec<String> {
    want.iter()
        .filter(|w| !link.query.contains(w))
        .map(|(k, v)| format!("{k}={v}"))
        .collect()
}

/// `next` and `previous` of one page, given the listing's `total_count`:
/// `next` is null exactly on the last page, otherwise a path to the same
/// listing that keeps every filter and `format` parameter and the limit
/// and starts where this page ends; `previous` is null on the first page
/// and, where present, keeps the parameters and starts before this page.
pub fn links(page: &Page, total: u64, previous_required: bool, scrub: &dyn Scrub) -> Vec<Finding> {
    let Some(offset) = page.requested_offset() else {
        return Vec::new();
    };
    let at = Where {
        page,
        offset,
        limit: page
            .meta
            .get("limit")
            .and_then(Value::as_u64)
            .or(page.requested_limit()),
        want: kept_params(page),
    };
    let mut out = next_link(&at, total, scrub);
    out.extend(previous_link(&at, previous_required));
    out
}

/// A page as its links are judged: its requested offset, its limit (as
/// echoed, else as requested) and the parameters its links must keep.
struct Where<'a> {
    page: &'a Page,
    offset: u64,
    limit: Option<u64>,
    want: Vec<(String, String)>,
}

/// `meta.next`: null exactly on the last page, else a link that keeps the
/// parameters and starts at offset + limit.
fn next_link(at: &Where<'_>, total: u64, scrub: &dyn Scrub) -> Vec<Finding> {
    let (page, offset, limit, want) = (at.page, at.offset, at.limit, &at.want);
    let mut out = Vec::new();
    let shown = page.records.len() as u64;
    let remaining = total.saturating_sub(offset.saturating_add(shown));
    match page.meta.get("next") {
        Some(Value::Null) | None if remaining > 0 => out.push(Finding::new(
            "/meta/next",
            format!("a link to the next page ({remaining} of {total} objects come after this page)"),
            show(page.meta.get("next"), scrub),
        )),
        Some(Value::Null) => {}
        None => out.push(Finding::new("/meta/next", "null on the last page", "nothing (absent)")),
        Some(Value::String(s)) if remaining == 0 => out.push(Finding::new(
            "/meta/next",
            format!("null: this is the last page (offset {offset}, {shown} objects, total_count {total})"),
            format!("{s:?}"),
        )),
        Some(Value::String(s)) => {
            let link = common_link_checks("/meta/next", s, page, want, limit, &mut out);
            if let (Some(link), Some(l)) = (link, limit) {
                let end = offset.saturating_add(l);
                let next_offset = link.offset();
                if next_offset != Some(end) {
                    let what = match next_offset {
                        Some(n) if n < end => format!(
                            "{s:?}, which overlaps this page by {}",
                            plural(end - n, "object")
                        ),
                        Some(n) => format!("{s:?}, which skips {}", plural(n - end, "object")),
                        None => format!("{s:?}, with no usable offset"),
                    };
                    out.push(Finding::new(
                        "/meta/next",
                        format!("a link to offset {end} (this page's offset {offset} + limit {l})"),
                        what,
                    ));
                }
            }
        }
        Some(other) => out.push(Finding::new("/meta/next", "a path or null", other.to_string())),
    }
    out
}

/// `meta.previous`: null on the first page, else a link that keeps the
/// parameters and goes back (required where offset minus limit is not
/// negative only under `previous_required`).
fn previous_link(at: &Where<'_>, previous_required: bool) -> Vec<Finding> {
    let (page, offset, limit, want) = (at.page, at.offset, at.limit, &at.want);
    let mut out = Vec::new();
    match page.meta.get("previous") {
        Some(Value::Null) if previous_required && limit.is_some_and(|l| offset >= l) => {
            out.push(Finding::new(
                "/meta/previous",
                "a link to the page before (offset minus limit is not negative) [framework]",
                "null",
            ))
        }
        Some(Value::Null) => {}
        None => out.push(Finding::new(
            "/meta/previous",
            "a path or null",
            "nothing (absent)",
        )),
        Some(Value::String(s)) if offset == 0 => out.push(Finding::new(
            "/meta/previous",
            "null on the first page (offset 0)",
            format!("{s:?}"),
        )),
        Some(Value::String(s)) => {
            let link = common_link_checks("/meta/previous", s, page, want, limit, &mut out);
            if link.is_some_and(|l| l.offset().is_none_or(|p| p >= offset)) {
                out.push(Finding::new(
                    "/meta/previous",
                    format!("a link to a page that starts before this one (offset {offset})"),
                    format!("{s:?}"),
                ));
            }
        }
        Some(other) => out.push(Finding::new(
            "/meta/previous",
            "a path or null",
            other.to_string(),
        )),
    }
    out
}

fn plural(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testdata::*;
    use crate::check::NoSecrets;
    use serde_json::json;

    #[test]
    fn echo_passes_a_conformant_page() {
        let p = page(
            "format=json&limit=2&offset=2",
            good_meta(
                2,
                2,
                4,
                Value::Null,
                json!("/api/v1/fortitokens/?format=json&limit=2&offset=0"),
            ),
            listing()[2..].to_vec(),
        );
        assert_eq!(echo(&p, &NoSecrets), vec![]);
        let d = page(
            "format=json",
            good_meta(20, 0, 4, Value::Null, Value::Null),
            listing(),
        );
        assert_eq!(echo(&d, &NoSecrets), vec![]);
    }

    #[test]
    fn echo_catches_a_limit_not_echoed() {
        let p = page(
            "limit=2",
            good_meta(20, 0, 4, Value::Null, Value::Null),
            listing()[..2].to_vec(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/limit");
    }

    #[test]
    fn echo_catches_a_default_limit_other_than_20() {
        let p = page(
            "format=json",
            good_meta(25, 0, 4, Value::Null, Value::Null),
            listing(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("default"), "{f:?}");
    }

    #[test]
    fn echo_catches_an_offset_not_echoed() {
        let p = page(
            "limit=2&offset=2",
            good_meta(2, 0, 4, Value::Null, json!("/api/v1/fortitokens/?limit=2")),
            listing()[2..].to_vec(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/offset");
    }

    #[test]
    fn echo_catches_a_page_larger_than_its_limit() {
        let p = page(
            "limit=2",
            good_meta(
                2,
                0,
                4,
                json!("/api/v1/fortitokens/?limit=2&offset=2"),
                Value::Null,
            ),
            listing(),
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/objects");
        // Above the maximum only "at most 1000" is promised.
        let many: Vec<Record> = (0..1001).map(|i| rec(i, &format!("S{i}"), "new")).collect();
        let p = page(
            "limit=5000",
            good_meta(1000, 0, 1001, Value::Null, Value::Null),
            many,
        );
        let f = echo(&p, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("1000"));
    }

    // --- links

    fn first_of_two() -> Page {
        page(
            "status=available&format=json&limit=1",
            good_meta(
                1,
                0,
                2,
                json!("/api/v1/fortitokens/?format=json&status=available&offset=1&limit=1"),
                Value::Null,
            ),
            listing()[..1].to_vec(),
        )
    }

    #[test]
    fn links_pass_conformant_pages_in_any_parameter_order() {
        assert_eq!(links(&first_of_two(), 2, false, &NoSecrets), vec![]);
        let last = page(
            "format=json&status=available&offset=1&limit=1",
            good_meta(
                1,
                1,
                2,
                Value::Null,
                json!("/api/v1/fortitokens/?limit=1&status=available&format=json&offset=0"),
            ),
            listing()[2..3].to_vec(),
        );
        assert_eq!(links(&last, 2, false, &NoSecrets), vec![]);
    }

    #[test]
    fn links_catch_next_missing_before_the_end() {
        let mut p = first_of_two();
        p.meta["next"] = Value::Null;
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("1 of 2 objects come after"), "{f:?}");
    }

    #[test]
    fn links_catch_next_kept_on_the_last_page() {
        let last = page(
            "limit=1&offset=1",
            good_meta(
                1,
                1,
                2,
                json!("/api/v1/fortitokens/?limit=1&offset=2"),
                json!("/api/v1/fortitokens/?limit=1&offset=0"),
            ),
            listing()[1..2].to_vec(),
        );
        let f = links(&last, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("last page"), "{f:?}");
    }

    #[test]
    fn links_catch_next_losing_a_filter_or_format() {
        for lost in [
            "/api/v1/fortitokens/?format=json&offset=1&limit=1",
            "/api/v1/fortitokens/?status=available&offset=1&limit=1",
        ] {
            let mut p = first_of_two();
            p.meta["next"] = json!(lost);
            let f = links(&p, 2, false, &NoSecrets);
            assert_eq!(f.len(), 1, "{lost}: {f:?}");
            assert!(f[0].expected.contains("keeps"), "{f:?}");
        }
    }

    #[test]
    fn links_catch_next_that_skips_or_overlaps() {
        for (next, says) in [
            (
                "/api/v1/fortitokens/?format=json&status=available&offset=2&limit=1",
                "skips 1",
            ),
            (
                "/api/v1/fortitokens/?format=json&status=available&offset=0&limit=1",
                "overlaps",
            ),
            (
                "/api/v1/fortitokens/?format=json&status=available&offset=1&limit=2",
                "keeps limit 1",
            ),
        ] {
            let mut p = first_of_two();
            p.meta["next"] = json!(next);
            let f = links(&p, 2, false, &NoSecrets);
            assert_eq!(f.len(), 1, "{next}: {f:?}");
            assert!(
                f[0].actual.contains(says) || f[0].expected.contains(says),
                "{f:?}"
            );
        }
    }

    #[test]
    fn links_catch_next_with_host_or_to_another_listing() {
        for next in [
            "https://fac.example/api/v1/fortitokens/?format=json&status=available&offset=1&limit=1",
            "/api/v1/users/?format=json&status=available&offset=1&limit=1",
        ] {
            let mut p = first_of_two();
            p.meta["next"] = json!(next);
            let f = links(&p, 2, false, &NoSecrets);
            assert_eq!(f.len(), 1, "{next}: {f:?}");
        }
    }

    #[test]
    fn links_catch_previous_on_the_first_page() {
        let mut p = first_of_two();
        p.meta["previous"] =
            json!("/api/v1/fortitokens/?format=json&status=available&offset=0&limit=1");
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "/meta/previous");
    }

    #[test]
    fn links_catch_previous_that_does_not_go_back() {
        let p = page(
            "limit=1&offset=1",
            good_meta(
                1,
                1,
                2,
                Value::Null,
                json!("/api/v1/fortitokens/?limit=1&offset=1"),
            ),
            listing()[1..2].to_vec(),
        );
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("starts before"), "{f:?}");
    }

    #[test]
    fn links_require_previous_past_the_first_limit_only_when_asked() {
        let p = page(
            "limit=1&offset=1",
            good_meta(1, 1, 2, Value::Null, Value::Null),
            listing()[1..2].to_vec(),
        );
        assert_eq!(links(&p, 2, false, &NoSecrets), vec![]);
        let f = links(&p, 2, true, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("framework"), "{f:?}");
    }

    #[test]
    fn links_catch_previous_that_changes_the_limit() {
        let p = page(
            "limit=1&offset=1",
            good_meta(
                1,
                1,
                2,
                Value::Null,
                json!("/api/v1/fortitokens/?limit=5&offset=0"),
            ),
            listing()[1..2].to_vec(),
        );
        let f = links(&p, 2, false, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].expected.contains("keeps limit 1"), "{f:?}");
    }

    #[test]
    fn links_survive_hostile_numbers() {
        let p = page(
            "limit=1&offset=18446744073709551615",
            good_meta(
                1,
                u64::MAX,
                u64::MAX,
                json!("/api/v1/fortitokens/?limit=1&offset=18446744073709551615"),
                json!("/api/v1/fortitokens/?limit=1&offset=0"),
            ),
            listing()[..1].to_vec(),
        );
        // No panic, and the link that cannot advance is reported.
        let f = links(&p, u64::MAX, true, &NoSecrets);
        assert!(!f.is_empty());
        let q = page(
            "limit=1000",
            good_meta(
                1000,
                0,
                2,
                json!("/\\evil.example/api/v1/fortitokens/?limit=1000&offset=1000"),
                Value::Null,
            ),
            vec![],
        );
        let f = links(&q, u64::MAX, false, &NoSecrets);
        assert!(
            f.iter()
                .any(|f| f.expected.contains("without scheme or host")),
            "{f:?}"
        );
    }
}
