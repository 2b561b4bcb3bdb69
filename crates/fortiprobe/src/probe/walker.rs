//! The one listing walker: follows `meta.next` verbatim from a first page,
//! judging every page on the way, and keeps of each object only its
//! identity and the fields a check needs. Step walks (`walk: true`), the
//! reference listing and the property checks all walk through here, with
//! the same stop rules:
//!
//! - `next` is null: the end of the listing (the walk is complete);
//! - a page fails its judgement (status, content type, schema), is not
//!   JSON, has no `objects` array, or its `next` is neither a path nor null;
//! - `next` leads off the target, or to a page already fetched (a loop);
//! - a page with no objects still has a `next`;
//! - more objects than `total_count` allows plus one maximum page;
//! - `MAX_FINDINGS` findings, or the page bound (`Plan::max_pages`).
//!
//! Pages come through `page::Pages`, the one trait for fetching them, and
//! are read there (`page`); errors stay typed (`FetchError`) until they
//! become a finding.
//!
//! A walk is either full (every page) or sampled (`Budget::Sampled`):
//! windows of consecutive pages at the start, spread over the listing and at
//! the end. A window after the first is reached by taking the last `next`
//! link the target gave, already judged, and setting its `offset` to the
//! window's first page; inside a window `next` is followed verbatim, so
//! links are still judged across page boundaries.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;
use url::Url;

use super::page::read_page;
pub use super::page::{at_page, fetch_failed, fetch_page, judged_on, listing_page, Keep, Pages};
use crate::check::fields::show;
use crate::check::link::Link;
use crate::check::page::{self, Page};
use crate::check::record::Record;
use crate::check::Finding;
use crate::client::link::{join_link, target_of};
use crate::client::request::{Exchange, FetchError};
use crate::product::ListRules;
use crate::suite::case::Expect;

/// A walk stops after this many findings: enough to say what is wrong.
pub const MAX_FINDINGS: usize = 40;

/// The pages a walk may fetch unless told otherwise (`--max-pages`): a
/// million objects at the largest page size, whatever the target claims.
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// How many pages a walk fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Every page, from the first to the last.
    Full,
    /// A sample of windows; every page when the listing is no longer than
    /// the sample would be.
    Sampled(Sample),
}

/// Windows of a sampled walk: `edge` pages at the start and at the end,
/// `windows` windows of `window` pages spread evenly in between, turned
/// by a phase drawn from `seed` (`check::window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub edge: usize,
    pub windows: usize,
    pub window: usize,
    /// Where the middle windows sit: the run's seed mixed with the walk's
    /// own (its listing and page size), so walks of one run differ.
    pub seed: u64,
}

impl Sample {
    /// The default budget of walks at small page sizes (documented in
    /// ARCHITECTURE.md): 5 + 3 × 3 + 5 = 19 pages at most.
    pub const SMALL_PAGES: Sample = Sample {
        edge: 5,
        windows: 3,
        window: 3,
        seed: 0,
    };
    /// The default budget of filtered walks at the largest page size:
    /// 2 + 2 × 2 + 2 = 8 pages at most.
    pub const LARGE_PAGES: Sample = Sample {
        edge: 2,
        windows: 2,
        window: 2,
        seed: 0,
    };

    /// The most pages the sample fetches.
    pub fn pages(&self) -> usize {
        self.edge * 2 + self.windows * self.window
    }

    /// The sample's shape, for `check::window`.
    pub fn layout(&self) -> crate::check::window::Layout {
        crate::check::window::Layout {
            edge: self.edge as u64,
            windows: self.windows as u64,
            window: self.window as u64,
        }
    }

    /// This sample with its windows turned by `seed`.
    pub fn seeded(self, seed: u64) -> Sample {
        Sample { seed, ..self }
    }
}

/// What to walk and how.
pub struct Plan<'a> {
    pub start: Url,
    /// What every page's answer must be.
    pub expect: &'a Expect,
    /// Extra request headers (e.g. `Accept`).
    pub headers: &'a [(String, String)],
    /// Identity fields of the listing's objects, the first present wins.
    pub identity: &'a [String],
    /// Fields kept of every object.
    pub fields: &'a BTreeSet<String>,
    pub rules: ListRules,
    /// Judge every page's `meta` on the way: the echoes, the links, the
    /// same `total_count` on every page, full pages before the last.
    pub judge_meta: bool,
    /// `previous` must be a link wherever offset minus limit is not negative.
    pub previous_required: bool,
    pub budget: Budget,
    /// The most pages the walk may fetch.
    pub max_pages: usize,
    /// Keep each object's record in the walk's windows. Without, objects
    /// are only counted: a walk whose caller reads every page through its
    /// `visit` holds one page at a time.
    pub keep: bool,
}

/// Consecutive pages of a walk.
#[derive(Debug, Clone, Default)]
pub struct Window {
    /// The requested offset of the window's first page.
    pub offset: u64,
    /// Each object with the number of the page that held it, in order
    /// (none when the plan does not `keep` them).
    pub records: Vec<(usize, Record)>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// One window for a full walk, several for a sampled one.
    pub windows: Vec<Window>,
    /// The first page's `total_count`.
    pub total: Option<u64>,
    /// Pages fetched.
    pub fetched: usize,
    /// Objects listed on the pages read (kept or not).
    pub listed: usize,
    pub findings: Vec<Finding>,
    /// The last page (whose `next` is null) was reached.
    pub complete: bool,
    /// Why a page could not be had, when that ended the walk (a timeout
    /// is not a refused connection, nor a login that failed).
    pub failed: Option<FetchError>,
    /// A page could not be had or judged, or a stop rule ended the walk.
    pub stopped: bool,
    /// Windows were sampled: not every page was fetched.
    pub sampled: bool,
    /// `previous` links worth following: page number, the position of the
    /// page's first object among the objects listed (in `records()` when
    /// they are kept), the link (the second page's and the last one's).
    pub previous: Vec<(usize, usize, String)>,
}

impl Walk {
    /// Every object kept, window after window.
    pub fn records(&self) -> impl Iterator<Item = &(usize, Record)> {
        self.windows.iter().flat_map(|w| w.records.iter())
    }

    /// Objects listed on the pages read, kept or not.
    pub fn objects(&self) -> usize {
        self.listed
    }
}

/// Called with every page's number, the request's path and query, the
/// parsed answer and the page's records (for checks of the step that asked
/// for the walk, or a caller that reads the records as they come).
pub type Visit<'v> = &'v mut (dyn FnMut(usize, &str, &Value, &[Record]) -> Vec<Finding> + Send);

/// Walks `plan`, starting with `first` when the caller already holds the
/// first page's answer.
pub async fn walk<P: Pages>(
    pages: &P,
    plan: &Plan<'_>,
    first: Option<&Exchange>,
    visit: Option<Visit<'_>>,
) -> Walk {
    let mut w = Walker {
        pages,
        plan,
        visit,
        walk: Walk::default(),
        seen: HashSet::new(),
        last_next: None,
        limit: plan.rules.default_limit,
    };
    w.run(first).await;
    w.walk
}

struct Walker<'a, 'v, P> {
    pages: &'a P,
    plan: &'a Plan<'a>,
    visit: Option<Visit<'v>>,
    walk: Walk,
    /// Links already followed.
    seen: HashSet<String>,
    /// The last `next` the target gave, for jumps to later windows.
    last_next: Option<String>,
    /// The page size the walk asked for.
    limit: u64,
}

/// How one window ended.
enum End {
    /// The last page of the listing.
    Last,
    /// The window is full; the listing goes on.
    Full,
    /// Something stopped the walk.
    Stop,
}

impl<P: Pages> Walker<'_, '_, P> {
    async fn run(&mut self, first: Option<&Exchange>) {
        let start = self.plan.start.clone();
        let first_len = match self.plan.budget {
            Budget::Full => usize::MAX,
            Budget::Sampled(s) => s.edge.max(1),
        };
        self.walk.windows.push(Window::default());
        let end = self.window(start, first, first_len).await;
        let Some(total) = self.walk.total else {
            return;
        };
        if !matches!(end, End::Full) {
            return;
        }
        let Some(plan) = later_windows(self.plan.budget, total, self.limit) else {
            // The sample would not be shorter than the listing: walk on.
            let url = match self.next_url() {
                Some(u) => u,
                None => return,
            };
            self.window(url, None, usize::MAX).await;
            return;
        };
        self.walk.sampled = true;
        for (offset, len) in plan {
            let Some(url) = self.jump(offset) else {
                return;
            };
            self.walk.windows.push(Window {
                offset,
                records: Vec::new(),
            });
            match self.window(url, None, len).await {
                End::Full => {}
                End::Last | End::Stop => return,
            }
        }
    }

    /// The URL of `next` as the target gave it last.
    fn next_url(&mut self) -> Option<Url> {
        let next = self.last_next.clone()?;
        self.follow(&next)
    }

    /// The last `next` link with its offset set to `offset`.
    fn jump(&mut self, offset: u64) -> Option<Url> {
        let next = self.last_next.clone()?;
        let link = Link::parse(&next).ok()?;
        self.follow(&link.with_offset(offset))
    }

    /// The URL of a link, unless it leaves the target or was followed before.
    fn follow(&mut self, link: &str) -> Option<Url> {
        let n = self.walk.fetched;
        if !self.seen.insert(link.to_string()) {
            self.stop(
                n,
                format!("{link:?} again: following next would loop; stopped"),
            );
            return None;
        }
        match join_link(self.pages.base(), link) {
            Ok(u) => Some(u),
            Err(e) => {
                self.walk.stopped = true;
                if !self.plan.judge_meta {
                    self.walk.findings.push(Finding::new(
                        format!("page {n} /meta/next"),
                        "a path without scheme or host",
                        e,
                    ));
                }
                None
            }
        }
    }

    fn stop(&mut self, n: usize, why: String) {
        self.walk.stopped = true;
        self.walk.findings.push(Finding::new(
            format!("page {n} /meta/next"),
            "a walk that ends",
            why,
        ));
    }

    /// Fetches up to `len` pages from `url`, following `next` verbatim.
    async fn window(&mut self, mut url: Url, mut first: Option<&Exchange>, len: usize) -> End {
        let mut fetched = 0usize;
        loop {
            let n = self.page_number(&url);
            let page = match self.fetch(url, first.take(), n).await {
                Some(p) => p,
                None => return End::Stop,
            };
            fetched += 1;
            let next = match page.meta.get("next") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Null) | None => None,
                Some(_) => {
                    // Judged by the schema and `links`; the walk cannot go on.
                    self.walk.stopped = true;
                    self.keep(n, page);
                    return End::Stop;
                }
            };
            let empty = page.records.is_empty();
            self.keep(n, page);
            let Some(next) = next else {
                self.walk.complete = true;
                return End::Last;
            };
            self.last_next = Some(next.clone());
            if let Some(why) = self.limit_reached(&next, empty) {
                self.stop(n, why);
                return End::Stop;
            }
            if fetched >= len {
                return End::Full;
            }
            url = match self.follow(&next) {
                Some(u) => u,
                None => return End::Stop,
            };
        }
    }

    /// Why the walk must stop before following `next`, if it must.
    fn limit_reached(&self, next: &str, empty: bool) -> Option<String> {
        let w = &self.walk;
        if empty {
            return Some(format!("{next:?} after a page with no objects; stopped"));
        }
        if w.fetched >= self.plan.max_pages {
            return Some(format!(
                "more than {} pages, more than the listing can fill; stopped",
                self.plan.max_pages
            ));
        }
        if w.findings.len() >= MAX_FINDINGS {
            return Some(format!(
                "{} findings so far; stopped following next",
                w.findings.len()
            ));
        }
        let held = self.walk.objects() as u64;
        if let Some(t) = w.total {
            if held > t.saturating_add(self.plan.rules.max_limit) {
                return Some(format!(
                    "{held} objects so far, more than total_count {t} allows; stopped"
                ));
            }
        }
        None
    }

    /// The page's number in the listing (1 for offset 0), from the offset
    /// asked for; the running count when the URL gives none.
    fn page_number(&self, url: &Url) -> usize {
        let offset = url
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, v)| v.parse::<u64>().ok());
        match offset {
            Some(o) if self.walk.sampled => {
                usize::try_from(o / self.limit.max(1)).map_or(usize::MAX, |p| p.saturating_add(1))
            }
            _ => self.walk.fetched + 1,
        }
    }

    /// Fetches and judges one page; `None` when the walk cannot go on.
    async fn fetch(&mut self, url: Url, held: Option<&Exchange>, n: usize) -> Option<Page> {
        let target = target_of(&url);
        self.walk.fetched += 1;
        let ex = match held {
            Some(ex) => std::borrow::Cow::Borrowed(ex),
            None => match self.pages.get(url.clone(), self.plan.headers).await {
                Ok(ex) => std::borrow::Cow::Owned(ex),
                Err(e) => {
                    self.fail(n, &target, vec![fetch_failed(&e)]);
                    self.walk.failed = Some(e);
                    return None;
                }
            },
        };
        let keep = Keep {
            identity: self.plan.identity,
            fields: self.plan.fields,
            rules: self.plan.rules,
        };
        // Every finding of this page names its exchange.
        let recorded = ex.recorded;
        let page = match read_page(self.pages, &url, &ex, &keep, self.plan.expect) {
            Ok(page) => {
                if let (Some(visit), Ok(body)) = (self.visit.as_mut(), ex.json_ref()) {
                    let f = visit(n, &target, body, &page.records);
                    self.at_page(n, &target, judged_on(f, recorded));
                }
                page
            }
            Err(f) => {
                self.fail(n, &target, judged_on(f, recorded));
                return None;
            }
        };
        if self.walk.fetched == 1 {
            self.walk.total = page.total_count();
            self.limit = page.requested_limit().unwrap_or(self.plan.rules.max_limit);
        }
        if self.plan.judge_meta {
            let f = self.judge_meta(&page);
            self.at_page(n, &target, judged_on(f, recorded));
        }
        Some(page)
    }

    /// The page's `meta` for its place in the listing.
    fn judge_meta(&self, page: &Page) -> Vec<Finding> {
        let scrub = self.pages.scrub();
        let mut f = Vec::new();
        let total = page.total_count();
        if self.walk.fetched > 1 && total != self.walk.total {
            f.push(Finding::new(
                "/meta/total_count",
                format!(
                    "{} (the same total_count on every page)",
                    show(self.walk.total.map(Value::from).as_ref(), scrub)
                ),
                show(page.meta.get("total_count"), scrub),
            ));
        }
        f.extend(page::echo(page, scrub));
        if let Some(t) = self.walk.total {
            f.extend(page::links(page, t, self.plan.previous_required, scrub));
            if self.walk.sampled {
                f.extend(page::fill(page, t));
            }
        }
        f
    }

    /// Keeps the page's records (and its `previous` link) in the current window.
    fn keep(&mut self, n: usize, page: Page) {
        let position = self.walk.objects();
        if let Some(Value::String(prev)) = page.meta.get("previous") {
            if page.requested_offset().is_some_and(|o| o > 0) {
                let entry = (n, position, prev.clone());
                if self.walk.previous.len() < 2 {
                    self.walk.previous.push(entry);
                } else {
                    self.walk.previous[1] = entry;
                }
            }
        }
        self.walk.listed += page.records.len();
        if !self.plan.keep {
            return;
        }
        if let Some(w) = self.walk.windows.last_mut() {
            w.records.extend(page.records.into_iter().map(|r| (n, r)));
        }
    }

    fn at_page(&mut self, n: usize, target: &str, f: Vec<Finding>) {
        self.walk.findings.extend(at_page(n, target, f));
    }

    /// The page could not be had or judged: the walk ends here.
    fn fail(&mut self, n: usize, target: &str, f: Vec<Finding>) {
        self.walk.stopped = true;
        self.at_page(n, target, f);
    }
}

/// The windows after the first one of a sampled walk, as (offset of the
/// first page, pages), or `None` when every page should be fetched (a full
/// budget, or a listing no longer than the sample): the middle windows
/// `check::window` draws from the sample's seed, then the last pages.
fn later_windows(budget: Budget, total: u64, limit: u64) -> Option<Vec<(u64, usize)>> {
    let Budget::Sampled(s) = budget else {
        return None;
    };
    let limit = limit.max(1);
    let pages = total.div_ceil(limit);
    let layout = s.layout();
    let mut out: Vec<(u64, usize)> = layout
        .middle(pages, s.seed)?
        .into_iter()
        .map(|(first, n)| (first * limit, usize::try_from(n).unwrap_or(usize::MAX)))
        .collect();
    let last = pages - layout.edge;
    // One page more than the listing should have: its end must come within.
    out.push((
        last * limit,
        usize::try_from(pages - last).unwrap_or(usize::MAX) + 1,
    ));
    Some(out)
}

/// FNV-1a of a text: a name's own part of a seed.
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The next number of a splitmix64 sequence (Steele, Lea and Flood, 2014):
/// a small generator whose numbers are the same on every platform and
/// release, so that a seed repeats a run exactly.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Scrub;
    use crate::client::request::TransportError;
    use serde_json::json;

    /// A listing of two pages whose second page never comes (a timeout),
    /// each answer numbered as a recorded exchange.
    struct Stalls {
        base: Url,
    }

    impl Pages for Stalls {
        fn base(&self) -> &Url {
            &self.base
        }

        async fn get(&self, url: Url, _: &[(String, String)]) -> Result<Exchange, FetchError> {
            if url.query().is_some_and(|q| q.contains("offset=1")) {
                return Err(FetchError::Transport(TransportError::Timeout {
                    host: "fac.example:443".into(),
                    secs: 30,
                }));
            }
            // `limit` echoes 5 for the 1 asked: a finding on this page.
            let body = json!({"meta": {"limit": 5, "offset": 0, "total_count": 2,
                "next": "/api/v1/fortitokens/?limit=1&offset=1", "previous": null},
                "objects": [{"resource_uri": "/api/v1/fortitokens/1/"}]});
            Ok(Exchange {
                method: "GET",
                target: target_of(&url),
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.to_string().into_bytes(),
                sent_at: chrono::Utc::now(),
                elapsed: std::time::Duration::ZERO,
                parsed: std::sync::OnceLock::new(),
                large: None,
                recorded: Some(7),
            })
        }

        fn judge(&self, _: &Exchange, _: &Expect) -> Vec<Finding> {
            Vec::new()
        }

        fn scrub(&self) -> &dyn Scrub {
            &crate::check::NoSecrets
        }
    }

    #[tokio::test]
    async fn a_walk_tells_a_timeout_from_other_failures_and_its_findings_name_their_page() {
        let pages = Stalls {
            base: Url::parse("https://fac.example/").expect("url"),
        };
        let identity = vec!["resource_uri".to_string()];
        let fields = BTreeSet::new();
        let expect = listing_page("fortiauthenticator/fortitokens_list.json");
        let plan = Plan {
            start: Url::parse("https://fac.example/api/v1/fortitokens/?limit=1").expect("url"),
            expect: &expect,
            headers: &[],
            identity: &identity,
            fields: &fields,
            rules: ListRules {
                default_limit: 20,
                max_limit: 1000,
            },
            judge_meta: true,
            previous_required: false,
            budget: Budget::Full,
            max_pages: 10,
            keep: true,
        };
        let w = walk(&pages, &plan, None, None).await;
        assert!(w.stopped && !w.complete);
        assert!(
            matches!(
                w.failed,
                Some(FetchError::Transport(TransportError::Timeout {
                    secs: 30,
                    ..
                }))
            ),
            "{:?}",
            w.failed
        );
        let transport = w
            .findings
            .iter()
            .find(|f| f.at == "transport")
            .expect("a transport finding");
        let page = transport.page.as_ref().expect("its page");
        assert_eq!(page.number, 2);
        assert_eq!(page.request, "/api/v1/fortitokens/?limit=1&offset=1");
        assert!(transport.actual.contains("timeout"), "{transport}");
        // The first page's finding (its wrong echo) names the exchange it
        // was judged on.
        let first: Vec<&Finding> = w
            .findings
            .iter()
            .filter(|f| f.page.as_ref().is_some_and(|p| p.number == 1))
            .collect();
        assert!(!first.is_empty(), "{:?}", w.findings);
        assert!(first.iter().all(|f| f.exchange == Some(7)), "{first:?}");
    }
}
