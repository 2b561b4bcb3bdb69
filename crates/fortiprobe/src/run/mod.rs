//! Runs cases against a target. The `Runner` holds what the cases of one
//! run share, each part a value of its own: the products' sessions and
//! locks, the reference listings (`probe::References`), the resource
//! indexes (`index`), the ledger of known deviations met (`ledger`), the
//! cleanups owed (`cleanup::Cleanups`; `interrupt` runs them when stopped). A case runs with a `Context` (the
//! runner, the case, its product's session, its `tap` on the event stream),
//! step by step (`case`), and always runs its cleanup. What happens is told
//! to the run's listener (`report::event`); the outcome is a `Verdict`;
//! findings are values, never errors.

mod capture;
mod case;
mod cleanup;
mod context;
pub mod critical;
mod index;
mod interrupt;
mod judge;
mod ledger;
pub mod locks;
mod pages;
mod record;
pub mod schedule;
mod shared_walk;
mod step;
mod tap;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::client::http::{ClientOptions, Large, RateLimiter, Retry, TransportError};
use crate::client::Session;
use crate::config::Target;
use crate::probe::References;
use crate::redact::Redactor;
use crate::report::event::{CaseKey, Event, Listener, Nobody};
use crate::report::{CaseInfo, ExchangeLog};
use crate::suite::{Case, Product, Suite};
use cleanup::Cleanups;
use context::Context;
use ledger::Ledger;
use serde_json::Value;
use tap::Tap;

/// What the user allowed and asked for.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Record each case's normalised exchanges to, or compare them with, a baseline.
    pub baseline: Option<Baseline>,
    pub allow_destructive: bool,
    /// Run the cases of framework behaviour the docs do not promise (`--framework`).
    pub framework: bool,
    /// Fail the known deviations a case meets (`--deny-deviations`).
    pub deny_deviations: bool,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body: usize,
    /// Requests per second across the run (`--rate`); `None`: as fast as answered.
    pub rate: Option<f64>,
    pub retry: Retry,
    /// The most pages any walk may fetch (`--max-pages`).
    pub max_pages: usize,
    /// Walk every page at every limit instead of a sample (`--exhaustive`).
    pub exhaustive: bool,
    /// Where sampled walks put their middle windows (`--seed`; a run of
    /// the command line draws one and prints it).
    pub seed: u64,
    /// Record every case's exchanges and tell them as events (for `-v`,
    /// `--html`, `--json`).
    pub exchanges: bool,
    /// Cases of one product that run at once, so its requests in flight
    /// (`--jobs`); `None`: `DEFAULT_JOBS`, or one with `rate`.
    pub jobs: Option<usize>,
    /// Cases that run at once in all (`--test-threads`); `None`: each
    /// product's bound only.
    pub cases_at_once: Option<usize>,
    /// Failed cases after which the cases not yet begun are not run
    /// (`--max-failures`, `--fail-fast`).
    pub max_failures: Option<schedule::MaxFailures>,
}

/// Requests in flight to one product by default (`--jobs` changes it):
/// what a web browser opens to one host, so the load of one administrator
/// whose browser loads a page of the appliance's GUI (README, *Speed*).
/// A case sends one request at a time, so it is also the cases of one
/// product that run at once.
pub const DEFAULT_JOBS: usize = 6;

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            baseline: None,
            allow_destructive: false,
            framework: false,
            deny_deviations: false,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body: 32 * 1024 * 1024,
            rate: None,
            retry: Retry::default(),
            max_pages: crate::probe::walker::DEFAULT_MAX_PAGES,
            exhaustive: false,
            seed: 0,
            exchanges: false,
            jobs: None,
            cases_at_once: None,
            max_failures: None,
        }
    }
}

/// A baseline folder (absolute) and whether this run records or compares.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub dir: std::path::PathBuf,
    pub record: bool,
}

pub use crate::report::{Failure, StepReport, Verdict};

/// One configured product in a run: its session, and what each of its
/// cases' scopes starts with (the target section's credentials and
/// fixtures).
pub struct ProductRun {
    pub(crate) session: Session,
    pub(crate) known: crate::vars::Known,
}

/// Everything the cases of one run share, each part a value of its own:
/// the products' sessions and locks, the reference listings, the resource
/// indexes, the ledger of known deviations met, the cleanups owed.
pub struct Runner {
    pub suite: Arc<Suite>,
    pub options: RunOptions,
    pub redactor: Arc<Redactor>,
    products: BTreeMap<Product, ProductRun>,
    /// Which cases may overlap, in what order, how many at once (`locks`).
    pub locks: locks::Locks,
    /// Each listing's reference, fetched once and shared until a
    /// destructive case of its product changes the listing.
    references: References,
    /// Each resource index the cases name, fetched once (see `index`).
    indexes: index::Indexes,
    /// The known deviations met, and by which cases.
    ledger: Ledger,
    /// Cases with cleanup that have started and not yet cleaned up, and
    /// whether the run is stopping: what an interrupted run must undo.
    cleanups: Cleanups,
    /// Keep each exchange's baseline record (a baseline run, or documents asked for).
    recording_on: AtomicBool,
    /// Who is told what happens (`report::event`).
    listener: Arc<dyn Listener>,
    /// The key of the next case run.
    next_key: AtomicU64,
    /// Cases whose steps or checks failed so far (`failed`).
    failed: AtomicUsize,
}

/// A case's verdict with what it cost.
#[derive(Debug, Clone)]
pub struct CaseReport {
    pub verdict: Verdict,
    /// Requests the case sent (every attempt counts) and body bytes received.
    pub requests: u64,
    pub bytes: u64,
    /// What the comparison with `--baseline` found changed (scrubbed).
    pub changes: Option<String>,
    /// Its exchanges, when the run records them (`RunOptions::exchanges`).
    pub exchanges: ExchangeLog,
}

impl Runner {
    pub fn new(
        suite: Arc<Suite>,
        target: &Target,
        options: RunOptions,
    ) -> Result<Runner, TransportError> {
        let redactor = Arc::new(Redactor::new());
        let recording = options.baseline.is_some();
        let rate = options.rate.map(|r| Arc::new(RateLimiter::new(r)));
        let cleanups = Cleanups::default();
        let large = Arc::new(Large::default());
        let mut products = BTreeMap::new();
        for (product, t) in &target.products {
            let client = ClientOptions {
                retry: options.retry.clone(),
                rate: rate.clone(),
                connect_timeout: options.connect_timeout,
                timeout: options.timeout,
                max_body: options.max_body,
                stop: Some(Arc::clone(&cleanups.stop)),
                large: Some(Arc::clone(&large)),
                ..ClientOptions::default()
            };
            let known = t
                .credentials
                .iter()
                .chain(&t.fixtures)
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let session = Session::new(*product, t, client, Arc::clone(&redactor))?;
            products.insert(
                *product,
                ProductRun {
                    session,
                    known: Arc::new(known),
                },
            );
        }
        Ok(Runner {
            locks: locks::Locks::new(
                &slots(&options, target),
                crate::suite::touch::Relations::of(&suite.descriptions),
            ),
            references: References::new(&suite),
            suite,
            options,
            redactor,
            products,
            indexes: index::Indexes::default(),
            ledger: Ledger::default(),
            cleanups,
            recording_on: AtomicBool::new(recording),
            listener: Arc::new(Nobody),
            next_key: AtomicU64::new(0),
            failed: AtomicUsize::new(0),
        })
    }

    /// The runner, telling `listener` what happens from now on.
    pub fn listened_by(mut self, listener: Arc<dyn Listener>) -> Runner {
        self.listener = listener;
        self
    }

    /// The known deviations met so far, each with the cases that met it.
    pub fn deviations_met(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.ledger.all()
    }

    /// Each configured product's base URL, without user information.
    pub fn targets(&self) -> BTreeMap<String, String> {
        self.products
            .iter()
            .map(|(p, r)| {
                (
                    p.key().to_string(),
                    crate::report::public_url(&r.session.target.url),
                )
            })
            .collect()
    }

    pub fn configured(&self, p: Product) -> bool {
        self.products.contains_key(&p)
    }

    /// Sends a plain GET to each configured product's base URL: a product
    /// that cannot be connected to at all is returned with the reason.
    pub async fn probe(&self) -> Vec<(Product, TransportError)> {
        self.probe_only(&|_| true).await
    }

    /// `probe` for the products `wanted` says (those of the cases a run takes).
    pub async fn probe_only(
        &self,
        wanted: &(dyn Fn(Product) -> bool + Sync),
    ) -> Vec<(Product, TransportError)> {
        let tap = Tap::outside(&*self.listener);
        let mut out = Vec::new();
        for (p, run) in self.products.iter().filter(|(p, _)| wanted(**p)) {
            let req = crate::client::http::Outgoing {
                method: "GET",
                url: run.session.target.url.clone(),
                headers: vec![],
                body: None,
            };
            if let Err(e) = run.session.probe(req, &tap).await {
                if e.is_unreachable() {
                    out.push((*p, e));
                }
            }
        }
        out
    }

    /// Runs the case; with a baseline, records or compares its document.
    pub async fn run_case(&self, case: &Case) -> Verdict {
        self.run_case_report(case).await.verdict
    }

    /// Runs the case from its start to its end, telling the listener.
    pub async fn run_case_report(&self, case: &Case) -> CaseReport {
        let started = Instant::now();
        let key = self.begin(CaseInfo::of(case));
        let report = self.run_begun(key, case).await;
        self.end(key, &report, started.elapsed());
        report
    }

    /// Tells the listener a case begins; its key.
    pub fn begin(&self, case: CaseInfo) -> CaseKey {
        let key = CaseKey(self.next_key.fetch_add(1, Ordering::Relaxed));
        self.listener.event(&Event::CaseStarted { key, case });
        key
    }

    /// Runs the case begun as `key` (`begin`), telling the listener what
    /// happens, and says what came of it (its end is for the caller to
    /// tell, `end`).
    pub async fn run_begun(&self, key: CaseKey, case: &Case) -> CaseReport {
        let records = self.options.exchanges.then_some(&self.redactor);
        let tap = Tap::case(key, &*self.listener, records);
        let (verdict, records) = self.run_case_records(case, &tap).await;
        let (verdict, changes) = self.baseline(case, verdict, records);
        let exchanges = tap.finish();
        use crate::client::observe::Observer as _;
        CaseReport {
            verdict,
            requests: tap.tally().requests(),
            bytes: tap.tally().bytes(),
            changes,
            exchanges,
        }
    }

    /// Tells the listener the case begun as `key` ended.
    pub fn end(&self, key: CaseKey, report: &CaseReport, duration: Duration) {
        self.listener.event(&Event::CaseFinished {
            key,
            verdict: report.verdict.clone(),
            duration,
            changes: report.changes.clone(),
        });
    }

    /// Runs the case and gives its baseline document as well (`None` when ignored).
    pub async fn run_case_document(&self, case: &Case) -> (Verdict, Option<String>) {
        self.recording_on.store(true, Ordering::Relaxed);
        let started = Instant::now();
        let key = self.begin(CaseInfo::of(case));
        let tap = Tap::case(key, &*self.listener, None);
        let (verdict, records) = self.run_case_records(case, &tap).await;
        let doc = self.document(&verdict, records);
        let report = CaseReport {
            verdict,
            requests: 0,
            bytes: 0,
            changes: None,
            exchanges: ExchangeLog::new(),
        };
        self.end(key, &report, started.elapsed());
        (report.verdict, doc)
    }

    async fn run_case_records(&self, case: &Case, tap: &Tap<'_>) -> (Verdict, Vec<Value>) {
        if let Some(reason) = self.ignore_reason(case) {
            return (Verdict::Ignored(reason), Vec::new());
        }
        let Some(run) = self.products.get(&case.product) else {
            return (
                Verdict::Ignored("product not configured".into()),
                Vec::new(),
            );
        };
        let cx = Context {
            runner: self,
            case,
            run,
            tap,
        };
        if let Some(reason) = cx.index_reason().await {
            return (Verdict::Ignored(reason), Vec::new());
        }
        let _held = self.locks.hold(case).await;
        let mut c = case::CaseRun::new(&cx);
        c.steps().await;
        c.property().await;
        c.cleanup().await;
        if case.spec.destructive {
            // The listings it wrote may have changed: the next check
            // fetches them anew.
            self.references.forget(&self.locks.footprint(case));
        }
        let (verdict, records) = c.finish();
        if matches!(verdict, Verdict::Fail(_)) {
            // Counted before the case's lock is let go: the case after it
            // sees it (`--max-failures`).
            self.failed.fetch_add(1, Ordering::SeqCst);
        }
        (verdict, records)
    }

    /// The cases that failed so far (a baseline's comparison aside).
    pub fn failed(&self) -> usize {
        self.failed.load(Ordering::SeqCst)
    }
}

impl RunOptions {
    /// Requests in flight to each product: `--jobs`, or `DEFAULT_JOBS`
    /// (one under `--rate`: its requests are spaced out anyway, and more
    /// at once would only wait for their turn against the timeouts).
    pub fn in_flight(&self) -> usize {
        self.jobs
            .unwrap_or(if self.rate.is_some() { 1 } else { DEFAULT_JOBS })
    }
}

/// How many cases run at once: per configured product, `in_flight`; in
/// all, `--test-threads` when given.
fn slots(options: &RunOptions, target: &Target) -> locks::Slots {
    locks::Slots {
        per_product: target
            .products
            .keys()
            .map(|p| (*p, options.in_flight()))
            .collect(),
        total: options.cases_at_once,
    }
}

impl Runner {
    /// The run's critical path and capacity bound (`critical`) from each
    /// case's time under its lock and the requests each case that ran sent
    /// (`requests`, by case id: the cases it does not name are left out);
    /// `None` when no
    /// case ran.
    pub fn critical_path(
        &self,
        requests: &BTreeMap<String, u64>,
    ) -> Option<critical::CriticalPath> {
        let held = self.locks.held();
        let order: Vec<usize> = self.suite.in_run_order().map(|(i, _)| i).collect();
        let ran: Vec<critical::Ran> = self
            .locks
            .order(&self.suite, &order)
            .into_iter()
            .filter_map(|i| {
                let case = &self.suite.cases[i];
                let id = case.id();
                let took = *held.get(&id)?;
                Some(critical::Ran {
                    requests: *requests.get(&id)?,
                    footprint: self.locks.footprint(case),
                    took,
                    id,
                })
            })
            .collect();
        (!ran.is_empty()).then(|| critical::critical_path(&ran, self.locks.slots()))
    }
}
