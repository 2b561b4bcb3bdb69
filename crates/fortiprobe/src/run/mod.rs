//! Runs cases against a target: the `Runner` holds what the cases of one
//! run share (the products' sessions and locks, the known deviations met,
//! the reference listings, the cleanups still owed); `case` runs one case
//! step by step and always runs its cleanup. The outcome is a `Verdict`;
//! findings are values, never errors.

mod capture;
mod case;
mod drive;
mod index;
mod interrupt;
mod judge;
mod record;
mod shared_walk;
mod step;
mod text;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::RwLock;

use crate::client::capture::{recorded, Recorder};
use crate::client::http::{
    counted, ClientOptions, Large, RateLimiter, Retry, Stop, Tally, TransportError,
};
use crate::client::Session;
use crate::config::Target;
use crate::redact::Redactor;
use crate::suite::{Case, Product, Suite};
use crate::vars::Scope;

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
}

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
            max_pages: crate::client::walker::DEFAULT_MAX_PAGES,
            exhaustive: false,
        }
    }
}

/// A baseline folder (absolute) and whether this run records or compares.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub dir: std::path::PathBuf,
    pub record: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// Could not run here (product or fixture not configured, not allowed); the reason.
    Ignored(String),
    /// The report: what was sent, what came back, what was wrong.
    Fail(String),
}

/// One configured product in a run: its session and its lock.
pub struct ProductRun {
    pub(crate) session: Session,
    /// Exclusive cases (destructive, stateful) write-lock; the rest read-lock.
    lock: RwLock<()>,
}

/// Everything the cases of one run share.
pub struct Runner {
    pub suite: Arc<Suite>,
    pub options: RunOptions,
    pub redactor: Arc<Redactor>,
    products: BTreeMap<Product, ProductRun>,
    /// Known deviations met: id -> the cases that met it.
    met: Mutex<BTreeMap<String, BTreeSet<String>>>,
    /// Fields each listing's reference keeps: what every property check of
    /// the suite on that listing needs.
    reference_fields: BTreeMap<(Product, String), BTreeSet<String>>,
    /// Each listing's reference, fetched once and shared until a
    /// destructive case of its product changes the listing.
    references: Mutex<BTreeMap<drive::ReferenceKey, drive::ReferenceCell>>,
    /// Each resource index the cases name, fetched once (see `index`).
    indexes: index::Indexes,
    /// Cases with cleanup that have started and not yet cleaned up, with
    /// their values so far: what an interrupted run must still undo.
    pending: Mutex<BTreeMap<String, (usize, Scope)>>,
    /// Set on interruption: no new step starts.
    stopping: AtomicBool,
    /// Steps on the wire right now.
    in_flight: AtomicUsize,
    /// Keep each exchange's baseline record (a baseline run, or documents asked for).
    recording_on: AtomicBool,
    /// Every request of the run and the bytes received.
    tally: Arc<Tally>,
    /// Set on interruption: the clients cut their waits short.
    stop: Arc<Stop>,
    /// What failed cleanups left on the target, one line each.
    left: Mutex<Vec<String>>,
    /// Cases running their own cleanup right now (an interruption's
    /// report waits for their word instead of saying nothing is left).
    cleaning: Mutex<BTreeSet<String>>,
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
        let tally = Arc::new(Tally::default());
        let stop = Arc::new(Stop::default());
        let large = Arc::new(Large::default());
        let mut products = BTreeMap::new();
        for (product, t) in &target.products {
            let client = ClientOptions {
                retry: options.retry.clone(),
                rate: rate.clone(),
                connect_timeout: options.connect_timeout,
                timeout: options.timeout,
                max_body: options.max_body,
                tally: Some(Arc::clone(&tally)),
                stop: Some(Arc::clone(&stop)),
                large: Some(Arc::clone(&large)),
                ..ClientOptions::default()
            };
            let session = Session::new(*product, t, client, Arc::clone(&redactor))?;
            products.insert(
                *product,
                ProductRun {
                    session,
                    lock: RwLock::new(()),
                },
            );
        }
        let reference_fields = drive::reference_fields(&suite);
        Ok(Runner {
            suite,
            options,
            redactor,
            products,
            met: Mutex::new(BTreeMap::new()),
            reference_fields,
            references: Mutex::new(BTreeMap::new()),
            indexes: index::Indexes::default(),
            pending: Mutex::new(BTreeMap::new()),
            stopping: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            recording_on: AtomicBool::new(recording),
            tally,
            stop,
            left: Mutex::new(Vec::new()),
            cleaning: Mutex::new(BTreeSet::new()),
        })
    }

    /// The known deviations met so far, each with the cases that met it.
    pub fn deviations_met(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.met.lock().map(|m| m.clone()).unwrap_or_default()
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
        let mut out = Vec::new();
        for (p, run) in &self.products {
            let req = crate::client::http::Outgoing {
                method: "GET",
                url: run.session.target.url.clone(),
                headers: vec![],
                body: None,
            };
            if let Err(e) = run.session.probe(req).await {
                if e.is_unreachable() {
                    out.push((*p, e));
                }
            }
        }
        out
    }

    /// Runs the case; with a baseline, records or compares its document.
    pub async fn run_case(&self, case: &Case) -> Verdict {
        let (verdict, records) = self.run_case_records(case).await;
        self.baseline(case, verdict, records).0
    }

    /// Runs the case, counts what it sent and received, and hands each of
    /// its exchanges to `recorder` when there is one.
    pub async fn run_case_report(
        &self,
        case: &Case,
        recorder: Option<Arc<dyn Recorder>>,
    ) -> CaseReport {
        let tally = Arc::new(Tally::default());
        let run = async {
            let (verdict, records) = self.run_case_records(case).await;
            self.baseline(case, verdict, records)
        };
        let counted = counted(Arc::clone(&tally), run);
        let (verdict, changes) = match recorder {
            Some(r) => recorded(r, counted).await,
            None => counted.await,
        };
        CaseReport {
            verdict,
            requests: tally.requests(),
            bytes: tally.bytes(),
            changes,
        }
    }

    /// Requests sent over the whole run so far (every attempt counts) and
    /// body bytes received.
    pub fn requests(&self) -> (u64, u64) {
        (self.tally.requests(), self.tally.bytes())
    }

    /// Runs the case and gives its baseline document as well (`None` when ignored).
    pub async fn run_case_document(&self, case: &Case) -> (Verdict, Option<String>) {
        self.recording_on
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let (verdict, records) = self.run_case_records(case).await;
        let doc = self.document(&verdict, records);
        (verdict, doc)
    }

    async fn run_case_records(&self, case: &Case) -> (Verdict, Vec<Value>) {
        if let Some(reason) = self.ignore_reason(case) {
            return (Verdict::Ignored(reason), Vec::new());
        }
        if let Some(reason) = self.index_reason(case).await {
            return (Verdict::Ignored(reason), Vec::new());
        }
        let Some(run) = self.products.get(&case.product) else {
            return (
                Verdict::Ignored("product not configured".into()),
                Vec::new(),
            );
        };
        let _held = run.hold(case.exclusive()).await;
        let mut c = case::CaseRun::new(self, case, run);
        c.steps().await;
        c.property().await;
        c.cleanup().await;
        if case.spec.destructive {
            // The listing may have changed: the next check fetches it anew.
            self.forget_references(case.product);
        }
        c.finish()
    }
}

/// A product's lock, held for a case: shared or exclusive.
enum Held<'a> {
    Shared(#[allow(dead_code)] tokio::sync::RwLockReadGuard<'a, ()>),
    Exclusive(#[allow(dead_code)] tokio::sync::RwLockWriteGuard<'a, ()>),
}

impl ProductRun {
    async fn hold(&self, exclusive: bool) -> Held<'_> {
        if exclusive {
            Held::Exclusive(self.lock.write().await)
        } else {
            Held::Shared(self.lock.read().await)
        }
    }
}
