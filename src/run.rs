//! Runs one case against a target: resolves references, builds and
//! validates each request, sends it through `http`, hands the exchange to
//! `check`, keeps captures, and always runs cleanup. The outcome is a
//! `Verdict`; findings are values, never errors.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value};
use tokio::sync::{OnceCell, RwLock};

use crate::check::{self, Finding};
use crate::config::{ProductTarget, Target};
use crate::http::{Client, ClientOptions, Exchange, Outgoing, TransportError};
use crate::redact::Redactor;
use crate::suite::case::{Auth, Basis, Request, Step};
use crate::suite::{Case, Product, Suite};
use crate::vars::Scope;

/// What the user allowed and asked for.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Record each case's normalised exchanges to, or compare them with, a baseline.
    pub baseline: Option<Baseline>,
    pub allow_destructive: bool,
    pub strict: bool,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body: usize,
    /// Requests per second across the run (`--rate`); `None`: as fast as answered.
    pub rate: Option<f64>,
    pub retry: crate::http::Retry,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            baseline: None,
            allow_destructive: false,
            strict: false,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body: 32 * 1024 * 1024,
            rate: None,
            retry: crate::http::Retry::default(),
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

pub struct ProductRun {
    pub(crate) target: ProductTarget,
    client: Client,
    /// Exclusive cases (destructive, stateful) write-lock; the rest read-lock.
    lock: RwLock<()>,
}

/// Everything the cases of one run share.
pub struct Runner {
    pub suite: Arc<Suite>,
    pub options: RunOptions,
    pub redactor: Arc<Redactor>,
    products: BTreeMap<Product, ProductRun>,
    ftc_bearer: OnceCell<Result<String, String>>,
    /// Known deviations met: id -> the cases that met it.
    met: std::sync::Mutex<BTreeMap<String, std::collections::BTreeSet<String>>>,
    /// Cases with cleanup that have started and not yet cleaned up, with
    /// their values so far: what an interrupted run must still undo.
    pending: std::sync::Mutex<BTreeMap<String, (usize, Scope)>>,
    /// Set on Ctrl-C: no new step starts.
    stopping: std::sync::atomic::AtomicBool,
    /// Steps on the wire right now.
    in_flight: std::sync::atomic::AtomicUsize,
    /// Keep each exchange's baseline record (a baseline run, or documents asked for).
    recording_on: std::sync::atomic::AtomicBool,
}

/// A step's record in the report.
struct StepLog {
    label: String,
    line: String,
    findings: Vec<Finding>,
    /// The exchange, for baselines (normalised body; no timings, no secrets).
    record: Option<Value>,
}

/// Why a request could not be built.
enum Build {
    /// A reference with no value (an optional capture the target did not give).
    Missing(String),
    /// Credentials or the URL could not be made (FortiToken Cloud login failed, a bad path).
    Auth(String),
}

/// A reference that could not be resolved while building a request.
enum Unresolved {
    /// An optional capture that the target did not give: the case cannot go on here.
    Missing(String),
}

impl Runner {
    pub fn new(
        suite: Arc<Suite>,
        target: &Target,
        options: RunOptions,
    ) -> Result<Runner, TransportError> {
        let redactor = Arc::new(Redactor::new());
        let recording = options.baseline.is_some();
        let rate = options
            .rate
            .map(|r| Arc::new(crate::http::RateLimiter::new(r)));
        let mut products = BTreeMap::new();
        for (product, t) in &target.products {
            let user = t.credential("username").or(t.credential("client_id"));
            for (name, value) in &t.credentials {
                if product.credentials().first() == Some(&name.as_str()) {
                    redactor.add(value, user);
                }
            }
            let read = |p: &Option<std::path::PathBuf>| -> Result<Option<Vec<u8>>, TransportError> {
                p.as_ref()
                    .map(|p| {
                        std::fs::read(p).map_err(|e| {
                            TransportError::Setup(format!("cannot read {}: {e}", p.display()))
                        })
                    })
                    .transpose()
            };
            let mut identity = read(&t.client_cert)?;
            if let (Some(id), Some(key)) = (&mut identity, read(&t.client_key)?) {
                id.push(b'\n');
                id.extend_from_slice(&key);
            }
            let client = Client::new(&ClientOptions {
                retry: options.retry.clone(),
                rate: rate.clone(),
                insecure_tls: t.insecure_tls,
                ca_cert: read(&t.ca_cert)?,
                client_identity: identity,
                connect_timeout: options.connect_timeout,
                timeout: options.timeout,
                max_body: options.max_body,
            })?;
            products.insert(
                *product,
                ProductRun {
                    target: t.clone(),
                    client,
                    lock: RwLock::new(()),
                },
            );
        }
        Ok(Runner {
            suite,
            options,
            redactor,
            products,
            ftc_bearer: OnceCell::new(),
            met: std::sync::Mutex::new(BTreeMap::new()),
            pending: std::sync::Mutex::new(BTreeMap::new()),
            stopping: std::sync::atomic::AtomicBool::new(false),
            in_flight: std::sync::atomic::AtomicUsize::new(0),
            recording_on: std::sync::atomic::AtomicBool::new(recording),
        })
    }

    /// The known deviations met so far, each with the cases that met it.
    pub fn deviations_met(&self) -> BTreeMap<String, std::collections::BTreeSet<String>> {
        self.met.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// `check::exchange`, with findings a known deviation explains accepted
    /// (and recorded) unless `--strict`.
    fn judge(
        &self,
        case: &Case,
        ex: &Exchange,
        expect: &crate::suite::case::Expect,
        scope: &Scope,
    ) -> Vec<Finding> {
        let findings = check::exchange(ex, expect, &self.suite.schemas, scope, &*self.redactor);
        if findings.is_empty() {
            return findings;
        }
        let doc = ex.json_ref().unwrap_or(&Value::Null);
        let header = |name: &str| ex.header(name).map(str::to_string);
        let (rest, met) = self
            .suite
            .deviations
            .sort(case.product, findings.clone(), doc, &header);
        if met.is_empty() {
            return findings;
        }
        if self.options.strict {
            let mut all: Vec<Finding> = met
                .into_iter()
                .map(|id| {
                    Finding::new("known deviation", "the documented behaviour (--strict)", id)
                })
                .collect();
            all.extend(findings);
            return all;
        }
        if let Ok(mut m) = self.met.lock() {
            for id in met {
                m.entry(id).or_default().insert(case.id());
            }
        }
        rest
    }

    /// A GET with `auth` and `extra` headers (walks and property checks).
    pub(crate) async fn get(
        &self,
        product: Product,
        run: &ProductRun,
        url: url::Url,
        auth: Auth,
        extra: &[(String, String)],
    ) -> Result<Exchange, String> {
        let mut headers = Vec::new();
        self.auth_headers(product, run, auth, &mut headers).await?;
        headers.extend(extra.iter().cloned());
        run.client
            .send(Outgoing {
                method: "GET",
                url,
                headers,
                body: None,
            })
            .await
            .map_err(|e| e.to_string())
    }

    /// A listing page: 200, JSON, `schema`, known deviations applied.
    pub(crate) fn judge_page(&self, case: &Case, ex: &Exchange, schema: &str) -> Vec<Finding> {
        let expect = crate::suite::case::Expect {
            status: Some(crate::suite::case::StatusSpec::One(200)),
            schema: Some(schema.to_string()),
            content_type: Some("application/json".into()),
            ..Default::default()
        };
        self.judge(case, ex, &expect, &Scope::new(ex.sent_at))
    }

    /// Each configured product's base URL, without user information.
    pub fn targets(&self) -> BTreeMap<String, String> {
        self.products
            .iter()
            .map(|(p, r)| {
                (
                    p.key().to_string(),
                    crate::report::public_url(&r.target.url),
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
            let req = Outgoing {
                method: "GET",
                url: run.target.url.clone(),
                headers: vec![],
                body: None,
            };
            if let Err(e) = run.client.send(req).await {
                if e.is_unreachable() {
                    out.push((*p, e));
                }
            }
        }
        out
    }

    /// Why the case cannot run here, if it cannot.
    pub fn ignore_reason(&self, case: &Case) -> Option<String> {
        let Some(run) = self.products.get(&case.product) else {
            return Some(format!(
                "{} is not configured in the target file",
                case.product.key()
            ));
        };
        let missing: Vec<&str> = case
            .spec
            .fixtures
            .iter()
            .filter(|f| !run.target.fixtures.contains_key(*f))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Some(format!(
                "needs fixture {} under {}.fixtures in the target file",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                case.product.key()
            ));
        }
        if case.spec.destructive && !self.options.allow_destructive {
            return Some(
                "destructive (makes a lasting change): run with --allow-destructive".into(),
            );
        }
        if case.spec.basis == Basis::Framework && !self.options.strict {
            return Some(
                "framework behaviour the vendor docs do not promise: run with --strict".into(),
            );
        }
        None
    }

    /// On interruption: stops new steps, waits (at most one request
    /// timeout) for those on the wire, then runs the cleanup of every case
    /// that had started one. Returns one line per case: cleaned up, or what
    /// was left behind.
    pub async fn interrupt(&self) -> Vec<String> {
        use std::sync::atomic::Ordering;
        self.stopping.store(true, Ordering::SeqCst);
        let deadline = tokio::time::Instant::now() + self.options.timeout;
        while self.in_flight.load(Ordering::SeqCst) > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let pending: Vec<(String, (usize, Scope))> = match self.pending.lock() {
            Ok(mut m) => std::mem::take(&mut *m).into_iter().collect(),
            Err(_) => Vec::new(),
        };
        let mut out = Vec::new();
        for (id, (index, mut scope)) in pending {
            let case = &self.suite.cases[index];
            let Some(run) = self.products.get(&case.product) else {
                continue;
            };
            for (i, step) in case.spec.cleanup.iter().enumerate() {
                let Some(name) = &step.if_captured else {
                    continue;
                };
                if scope.get(name).is_none() {
                    continue;
                }
                let what = format!(
                    "{id}: `{name}` ({} {})",
                    step.request.method.as_str(),
                    step.request.path
                );
                match self
                    .step(case, run, step, &mut scope, format!("cleanup {}", i + 1))
                    .await
                {
                    Ok(log) if log.findings.is_empty() => {
                        out.push(format!("cleaned up {what}"));
                    }
                    Ok(log) => out.push(format!(
                        "LEFT BEHIND {what}: {}",
                        log.findings
                            .iter()
                            .map(|f| f.to_string())
                            .collect::<Vec<_>>()
                            .join("; ")
                    )),
                    Err(_) => out.push(format!("LEFT BEHIND {what}: its value was not captured")),
                }
            }
        }
        if out.is_empty() {
            out.push("nothing left to clean up: the running cases had cleaned up".into());
        }
        out.into_iter().map(|l| self.redactor.scrub(&l)).collect()
    }

    /// After all trials: runs the cleanup a case could not run itself (it
    /// panicked between obtaining something and cleaning up). One line per
    /// case; empty when every case cleaned up after itself.
    pub async fn leftovers(&self) -> Vec<String> {
        let any = self.pending.lock().map(|m| !m.is_empty()).unwrap_or(false);
        if !any {
            return Vec::new();
        }
        self.interrupt().await
    }

    /// Whether the run was interrupted.
    pub fn interrupted(&self) -> bool {
        self.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Runs the case; with a baseline, records or compares its document.
    pub async fn run_case(&self, case: &Case) -> Verdict {
        let (verdict, records) = self.run_case_records(case).await;
        self.baseline(case, verdict, records)
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
        let Some(run) = self.products.get(&case.product) else {
            return (
                Verdict::Ignored("product not configured".into()),
                Vec::new(),
            );
        };
        let _guard_w;
        let _guard_r;
        if case.exclusive() {
            _guard_w = run.lock.write().await;
        } else {
            _guard_r = run.lock.read().await;
        }
        let mut scope = Scope::new(chrono::Utc::now());
        for (k, v) in &run.target.credentials {
            scope.set(k, Value::String(v.clone()));
        }
        for (k, v) in &run.target.fixtures {
            scope.set(k, Value::String(v.clone()));
        }
        let mut logs = Vec::new();
        let mut records: Vec<Value> = Vec::new();
        let mut registered = false;
        // Where the case is in the suite, for `pending`: found once, not per step.
        let index = (!case.spec.cleanup.is_empty())
            .then(|| {
                let id = case.id();
                self.suite.cases.iter().position(|c| c.id() == id)
            })
            .flatten();
        let mut failed = false;
        let mut ignored = None;
        let total = case.spec.steps.len();
        for (i, step) in case.spec.steps.iter().enumerate() {
            if step
                .if_captured
                .as_ref()
                .is_some_and(|n| scope.get(n).is_none())
            {
                continue;
            }
            let label = if total > 1 {
                format!("step {} of {total}", i + 1)
            } else {
                "request".to_string()
            };
            // Counted in flight before looking at `stopping`: `interrupt` sets
            // `stopping` before it waits for none in flight, so a step either
            // sees the interruption or is waited for.
            self.in_flight
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if self.stopping.load(std::sync::atomic::Ordering::SeqCst) {
                self.in_flight
                    .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                ignored = Some("the run was interrupted".into());
                break;
            }
            let result = self.step(case, run, step, &mut scope, label).await;
            if !case.spec.cleanup.is_empty() {
                if let (Ok(mut m), Some(index)) = (self.pending.lock(), index) {
                    m.insert(case.id(), (index, scope.clone()));
                    registered = true;
                }
            }
            self.in_flight
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            match result {
                Ok(mut log) => {
                    records.extend(log.record.take());
                    let bad = !log.findings.is_empty();
                    logs.push(log);
                    if bad {
                        failed = true;
                        break;
                    }
                }
                Err(Unresolved::Missing(name)) => {
                    ignored = Some(format!(
                        "the target gave no `{name}` to go on with (an earlier answer lacked it)"
                    ));
                    break;
                }
            }
        }
        if !failed && ignored.is_none() {
            if let Some(p) = &case.property {
                match crate::probe::run(self, run, case, p, &scope).await {
                    crate::probe::Outcome::Checked { line, findings } => {
                        records.push(json!({
                            "check": p.kind(),
                            "line": line,
                            "findings": findings.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
                        }));
                        if !findings.is_empty() {
                            failed = true;
                            logs.push(StepLog {
                                label: format!("check {}", p.kind()),
                                line,
                                findings,
                                record: None,
                            });
                        }
                    }
                    crate::probe::Outcome::Ignored(reason) => ignored = Some(reason),
                }
            }
        }
        // The cleanup is this case's to run unless an interruption claimed it
        // (took it from `pending` to run it itself).
        self.in_flight
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let claimed = registered
            && self
                .pending
                .lock()
                .map(|mut m| m.remove(&case.id()).is_none())
                .unwrap_or(false);
        let cleanup: &[Step] = if claimed { &[] } else { &case.spec.cleanup };
        for (i, step) in cleanup.iter().enumerate() {
            if step
                .if_captured
                .as_ref()
                .is_some_and(|n| scope.get(n).is_none())
            {
                continue;
            }
            let label = format!("cleanup {}", i + 1);
            if let Ok(mut log) = self.step(case, run, step, &mut scope, label).await {
                records.extend(log.record.take());
                if !log.findings.is_empty() {
                    if let Some(name) = &step.if_captured {
                        log.label = format!(
                            "{} failed: the target may still hold what `{name}` names",
                            log.label
                        );
                    }
                    failed = true;
                    logs.push(log);
                }
            }
        }
        self.in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        let verdict = if failed {
            Verdict::Fail(self.redactor.scrub(&report(case, &logs)))
        } else if let Some(reason) = ignored {
            Verdict::Ignored(self.redactor.scrub(&reason))
        } else {
            Verdict::Pass
        };
        (verdict, records)
    }

    /// The case's baseline document (`None` for an ignored case): its
    /// outcome and every exchange, normalised, secrets redacted.
    pub fn document(&self, verdict: &Verdict, records: Vec<Value>) -> Option<String> {
        let outcome = match verdict {
            Verdict::Pass => "passed",
            Verdict::Fail(_) => "failed",
            Verdict::Ignored(_) => return None,
        };
        let doc = json!({"outcome": outcome, "exchanges": records});
        Some(self.redactor.scrub(&crate::baseline::render(&doc)))
    }

    /// Records the case's document, or compares it with the baseline.
    fn baseline(&self, case: &Case, verdict: Verdict, records: Vec<Value>) -> Verdict {
        let Some(b) = &self.options.baseline else {
            return verdict;
        };
        let Some(text) = self.document(&verdict, records) else {
            return verdict;
        };
        let trial = case.id();
        let problem = if b.record {
            crate::baseline::write_snapshot(&b.dir, &trial, &text)
                .err()
                .map(|e| format!("cannot write the baseline under {}: {e}", b.dir.display()))
        } else {
            crate::baseline::compare(&b.dir, &trial, &text)
        };
        match (problem, verdict) {
            (None, v) => v,
            (Some(p), Verdict::Fail(report)) => Verdict::Fail(format!(
                "{report}
{}",
                self.redactor.scrub(&p)
            )),
            (Some(p), _) => Verdict::Fail(format!(
                "{}
{}",
                case.spec.summary,
                self.redactor.scrub(&p)
            )),
        }
    }

    /// One exchange as the baseline keeps it.
    fn record(&self, case: &Case, label: &str, line: &str, ex: &Exchange, doc: &Value) -> Value {
        let body = if ex.body.is_empty() {
            Value::Null
        } else if doc.is_null() && ex.json_ref().is_err() {
            Value::from(check::describe_body(&ex.body, &*self.redactor))
        } else {
            let mut b = doc.clone();
            crate::baseline::normalise_body(&mut b, &case.spec.baseline);
            b
        };
        let mut r = json!({
            "step": label,
            "request": line,
            "status": ex.status,
            "content_type": ex.header("content-type"),
            "body": body,
        });
        if let Some(w) = ex.header("www-authenticate") {
            r["www_authenticate"] = Value::from(w);
        }
        r
    }

    /// Tokens are secrets from the moment they arrive, before any excerpt
    /// of the answer is made: every `sn`, `token` and `access_token` field,
    /// and every capture marked secret.
    fn register_secrets(&self, step: &Step, ex: &Exchange) {
        let Ok(doc) = ex.json_ref() else {
            return;
        };
        self.redactor.add_fields(doc);
        for c in step.capture.values() {
            let spec = c.spec();
            if let (true, Some(s)) = (spec.secret, doc.pointer(&spec.at).and_then(Value::as_str)) {
                self.redactor.add(s, None);
            }
        }
    }

    /// Builds, checks, sends and judges one step; keeps its captures.
    async fn step(
        &self,
        case: &Case,
        run: &ProductRun,
        step: &Step,
        scope: &mut Scope,
        label: String,
    ) -> Result<StepLog, Unresolved> {
        let r = &step.request;
        let (out, sent_body) = match self.build(case.product, run, r, scope).await {
            Ok(built) => built,
            Err(Build::Missing(name)) => return Err(Unresolved::Missing(name)),
            Err(Build::Auth(message)) => {
                return Ok(StepLog {
                    label,
                    line: format!("{} {}", r.method.as_str(), r.path),
                    findings: vec![Finding::new(
                        "authentication",
                        "credentials to send",
                        message,
                    )],
                    record: None,
                })
            }
        };
        let request_line = format!("{} {}", r.method.as_str(), target_of(&out.url));
        let mut log = StepLog {
            label,
            line: request_line.clone(),
            findings: Vec::new(),
            record: None,
        };
        if let Err(f) = self.request_schema(r, &out, sent_body.as_ref()) {
            log.findings.push(f);
            return Ok(log);
        }
        let ex = match run.client.send(out).await {
            Ok(ex) => ex,
            Err(e) => {
                log.findings
                    .push(Finding::new("transport", "an HTTP answer", e.to_string()));
                return Ok(log);
            }
        };
        self.register_secrets(step, &ex);
        let _ = write!(
            log.line,
            " → {} in {} ms",
            ex.status,
            ex.elapsed.as_millis()
        );
        const NULL: Value = Value::Null;
        let doc: std::borrow::Cow<'_, Value> = if r.walk {
            match self.walk(case, run, &ex, step, scope).await {
                Ok(d) => std::borrow::Cow::Owned(d),
                Err(mut f) => {
                    log.findings.append(&mut f);
                    return Ok(log);
                }
            }
        } else {
            log.findings = self.judge(case, &ex, &step.expect, scope);
            std::borrow::Cow::Borrowed(ex.json_ref().unwrap_or(&NULL))
        };
        if self.recording_on.load(std::sync::atomic::Ordering::Relaxed) {
            log.record = Some(self.record(case, &log.label, &request_line, &ex, &doc));
        }
        if r.walk {
            // The aggregate is already parsed: check its fields directly.
            for f in &step.expect.fields {
                log.findings.extend(check::fields::check(
                    &doc,
                    f,
                    scope,
                    ex.sent_at,
                    &*self.redactor,
                ));
            }
        }
        for (name, c) in &step.capture {
            let spec = c.spec();
            match doc.pointer(&spec.at) {
                Some(v) if !v.is_null() => {
                    if spec.secret {
                        if let Some(s) = v.as_str() {
                            self.redactor.add(s, None);
                        }
                    }
                    scope.set(name, v.clone());
                }
                _ if spec.optional => {}
                found => log.findings.push(Finding::new(
                    spec.at.clone(),
                    format!("a value to capture as `{name}`"),
                    crate::check::fields::show(found, &*self.redactor),
                )),
            }
        }
        Ok(log)
    }

    /// Follows `meta.next` from the first page to the end; every page must
    /// meet the step's status, content type and schema. Returns
    /// `{"objects": [...], "pages": n, "total_count": first page's}`.
    async fn walk(
        &self,
        case: &Case,
        run: &ProductRun,
        first: &Exchange,
        step: &Step,
        scope: &Scope,
    ) -> Result<Value, Vec<Finding>> {
        let mut page_expect = step.expect.clone();
        page_expect.fields.clear();
        let mut objects = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut ex = first.clone();
        let mut pages = 0usize;
        let mut total = Value::Null;
        loop {
            pages += 1;
            let mut f = self.judge(case, &ex, &page_expect, scope);
            if !f.is_empty() {
                for x in &mut f {
                    x.at = format!("page {pages} ({}) {}", ex.target, x.at);
                }
                return Err(f);
            }
            let body = ex
                .json()
                .map_err(|e| vec![Finding::new(format!("page {pages} body"), "JSON", e)])?;
            if pages == 1 {
                total = body
                    .pointer("/meta/total_count")
                    .cloned()
                    .unwrap_or(Value::Null);
            }
            let before = objects.len();
            match body.get("objects").and_then(Value::as_array) {
                Some(list) => objects.extend(list.iter().cloned()),
                None => {
                    return Err(vec![Finding::new(
                        format!("page {pages} /objects"),
                        "an array",
                        crate::check::fields::show(body.get("objects"), &*self.redactor),
                    )])
                }
            }
            let next = match body.pointer("/meta/next") {
                Some(Value::String(n)) => n.clone(),
                Some(Value::Null) | None => break,
                Some(other) => {
                    return Err(vec![Finding::new(
                        format!("page {pages} /meta/next"),
                        "a path or null",
                        other.to_string(),
                    )])
                }
            };
            if objects.len() == before {
                return Err(vec![Finding::new(
                    format!("page {pages} /meta/next"),
                    "null after a page with no objects",
                    format!("{next:?} (the walk would not end)"),
                )]);
            }
            if !seen.insert(next.clone()) {
                return Err(vec![Finding::new(
                    format!("page {pages} /meta/next"),
                    "a link to a page not seen yet",
                    format!("{next:?} again (the walk would loop)"),
                )]);
            }
            if pages > 100_000 {
                return Err(vec![Finding::new(
                    "walk",
                    "an end to the listing",
                    "more than 100000 pages",
                )]);
            }
            let url = join_link(&run.target.url, &next).map_err(|m| {
                vec![Finding::new(
                    format!("page {pages} /meta/next"),
                    "a path (without scheme and host) on the target",
                    m,
                )]
            })?;
            let headers: Vec<(String, String)> = step
                .request
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), scope.substitute(v).unwrap_or_else(|_| v.clone())))
                .collect();
            ex = self
                .get(case.product, run, url, step.request.auth, &headers)
                .await
                .map_err(|e| {
                    vec![Finding::new(
                        format!("page {} transport", pages + 1),
                        "an HTTP answer",
                        e,
                    )]
                })?;
        }
        Ok(json!({"objects": objects, "pages": pages, "total_count": total}))
    }

    /// The request schema: a valid request must conform, one marked
    /// `invalid` must not (else the case does not test what it says).
    fn request_schema(
        &self,
        r: &Request,
        out: &Outgoing,
        body: Option<&Value>,
    ) -> Result<(), Finding> {
        let Some(rel) = &r.schema else {
            return Ok(());
        };
        let doc = match body {
            Some(b) => b.clone(),
            None if r.raw_body.is_some() => return Ok(()),
            None => Value::Object(
                out.url
                    .query_pairs()
                    .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                    .collect(),
            ),
        };
        let v = self.suite.schemas.violations(rel, &doc);
        match (&r.invalid, v.is_empty()) {
            (None, false) => Err(Finding::new(
                "request (before sending)",
                format!("a request {rel} allows"),
                v.iter()
                    .map(|x| {
                        format!(
                            "{}: {}",
                            if x.at.is_empty() { "/" } else { &x.at },
                            x.message
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
            (Some(why), true) => Err(Finding::new(
                "request (before sending)",
                format!("a request that breaks {rel} ({why})"),
                "a valid request: the case does not test what it says",
            )),
            _ => Ok(()),
        }
    }

    async fn build(
        &self,
        product: Product,
        run: &ProductRun,
        r: &Request,
        scope: &Scope,
    ) -> Result<(Outgoing, Option<Value>), Build> {
        let path = scope.substitute(&r.path).map_err(Build::Missing)?;
        let mut url = join_link(&run.target.url, &path).map_err(Build::Auth)?;
        if !r.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for q in &r.query {
                pairs.append_pair(
                    &q.name,
                    &scope.substitute(&q.value).map_err(Build::Missing)?,
                );
            }
        }
        let mut headers = Vec::new();
        self.auth_headers(product, run, r.auth, &mut headers)
            .await
            .map_err(Build::Auth)?;
        for (k, v) in &r.headers {
            headers.push((k.clone(), scope.substitute(v).map_err(Build::Missing)?));
        }
        let mut json_body = None;
        let body = if let Some(j) = &r.json {
            let v = scope.substitute_value(j).map_err(Build::Missing)?;
            let bytes = serde_json::to_vec(&v).map_err(|e| Build::Auth(e.to_string()))?;
            json_body = Some(v);
            Some(bytes)
        } else {
            r.raw_body.as_ref().map(|raw| raw.as_bytes().to_vec())
        };
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        Ok((
            Outgoing {
                method: r.method.as_str(),
                url,
                headers,
                body,
            },
            json_body,
        ))
    }

    async fn auth_headers(
        &self,
        product: Product,
        run: &ProductRun,
        auth: Auth,
        headers: &mut Vec<(String, String)>,
    ) -> Result<(), String> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let cred = |k: &str| run.target.credential(k).unwrap_or_default().to_string();
        let value = match (product, auth) {
            (_, Auth::None) => None,
            (Product::Fortiauthenticator, Auth::Default) => Some(format!(
                "Basic {}",
                b64.encode(format!("{}:{}", cred("username"), cred("api_key")))
            )),
            (Product::Fortiauthenticator, Auth::WrongKey) => Some(format!(
                "Basic {}",
                b64.encode(format!(
                    "{}:fortiprobe-wrong-key-{}",
                    cred("username"),
                    nonce()
                ))
            )),
            (Product::Fortiauthenticator, Auth::UnknownUser) => Some(format!(
                "Basic {}",
                b64.encode(format!(
                    "fortiprobe-no-such-user-{}:fortiprobe-wrong-key",
                    nonce()
                ))
            )),
            (Product::FortitokenCloud, Auth::Default) => Some(format!(
                "Bearer {}",
                self.bearer(run)
                    .await
                    .map_err(|e| format!("bearer token: {e}"))?
            )),
            (Product::FortitokenCloud, _) => {
                Some(format!("Bearer fortiprobe-never-issued-{}", nonce()))
            }
            (Product::Fortiportal, Auth::Default) => None,
            (Product::Fortiportal, _) => Some(format!("Token {}", "0".repeat(48) + &nonce()[..16])),
        };
        if let Some(v) = value {
            headers.push(("Authorization".into(), v));
        }
        Ok(())
    }

    /// Logs in to FortiToken Cloud once per run.
    async fn bearer(&self, run: &ProductRun) -> Result<String, String> {
        self.ftc_bearer
            .get_or_init(|| async {
                let body = json!({
                    "client_id": run.target.credential("client_id").unwrap_or_default(),
                    "client_secret": run.target.credential("client_secret").unwrap_or_default(),
                });
                let url = join_link(&run.target.url, "/api/v1/login")?;
                let ex = run
                    .client
                    .send(Outgoing {
                        method: "POST",
                        url,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: serde_json::to_vec(&body).ok(),
                    })
                    .await
                    .map_err(|e| format!("login to FortiToken Cloud failed: {e}"))?;
                if let Ok(doc) = ex.json_ref() {
                    self.redactor.add_fields(doc);
                }
                let token = ex.json().ok().and_then(|v| v.get("access_token").and_then(Value::as_str).map(str::to_string));
                match (ex.status, token) {
                    (201, Some(t)) => {
                        self.redactor.add(&t, None);
                        Ok(t)
                    }
                    (s, _) => Err(format!("login to FortiToken Cloud (POST /api/v1/login) answered {s} without an access_token, {}", check::describe_body(&ex.body, &*self.redactor))),
                }
            })
            .await
            .clone()
    }
}

fn nonce() -> String {
    let n: u64 = rand::random();
    format!("{n:016x}")
}

/// `next` links and case paths are joined to the product's base URL.
/// Only a path on the target's own origin is accepted: credentials never
/// follow a link to another host (`//host`, `/\\host` and the like).
pub fn join_link(base: &url::Url, link: &str) -> Result<url::Url, String> {
    if !link.starts_with('/') || link.starts_with("//") || link.contains('\\') {
        return Err(format!("{link:?} is not a path starting with a single /"));
    }
    let joined = base.join(link).map_err(|e| format!("{link:?}: {e}"))?;
    if joined.origin() != base.origin() {
        return Err(format!(
            "{link:?} leads to another host than the target's ({})",
            base.origin().ascii_serialization()
        ));
    }
    Ok(joined)
}

fn target_of(u: &url::Url) -> String {
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

fn report(case: &Case, logs: &[StepLog]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", case.spec.summary);
    for log in logs {
        let _ = writeln!(out, "  {}: {}", log.label, log.line);
        const SHOWN: usize = 12;
        for f in log.findings.iter().take(SHOWN) {
            let _ = writeln!(out, "    {f}");
        }
        if log.findings.len() > SHOWN {
            let _ = writeln!(
                out,
                "    … and {} more findings",
                log.findings.len() - SHOWN
            );
        }
    }
    let basis = match case.spec.basis {
        Basis::Doc => "doc",
        Basis::Framework => "framework",
    };
    let _ = write!(out, "  case {} (basis: {basis}", case.origin);
    if let Some(s) = &case.spec.source {
        let _ = write!(out, "; source: {s}");
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::join_link;

    #[test]
    fn links_stay_on_the_target() {
        let base = url::Url::parse("https://fac.example:8443/").unwrap();
        let ok = join_link(&base, "/api/v1/fortitokens/?offset=20&limit=20").unwrap();
        assert_eq!(ok.host_str(), Some("fac.example"));
        assert_eq!(ok.port(), Some(8443));
        for bad in [
            "//evil.example/api/v1/fortitokens/",
            "/\\evil.example/api/v1/fortitokens/",
            "https://evil.example/api/v1/fortitokens/",
            "api/v1/fortitokens/",
        ] {
            let e = join_link(&base, bad).unwrap_err();
            assert!(e.contains(&format!("{bad:?}")), "{bad}: {e}");
        }
    }
}
