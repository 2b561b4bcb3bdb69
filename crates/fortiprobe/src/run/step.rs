//! One step: resolve its references, build the request, check it against
//! its request schema, send it, judge the answer (a walk for `walk: true`),
//! keep its captures and its baseline record.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::Value;

use super::context::Context;
use super::{ProductRun, StepReport};
use crate::check::{self, Finding};
use crate::client::http::Outgoing;
use crate::client::link::{join_link, target_of};
use crate::client::observe::Part;
use crate::suite::case::{Request, Step};
use crate::vars::Scope;

/// What a step found, and its record for a baseline.
pub(super) struct StepLog {
    pub report: StepReport,
    /// The exchange, for baselines (normalised body; no timings, no secrets).
    pub record: Option<Value>,
}

impl StepLog {
    fn new(label: String, line: String) -> StepLog {
        StepLog {
            report: StepReport::new(label, line),
            record: None,
        }
    }
}

/// Why a request could not be built.
enum Build {
    /// A reference with no value (an optional capture the target did not give).
    Missing(String),
    /// Credentials or the URL could not be made (a login failed, a bad path).
    Auth(String),
    /// The body would make the appliance reach a person (`contact`).
    Refused(String),
}

/// A reference that could not be resolved while building a request.
pub(super) enum Unresolved {
    /// An optional capture that the target did not give: the case cannot go on here.
    Missing(String),
}

/// A step whose credentials could not be made: one finding, no request.
fn auth_failed(label: String, r: &Request, message: String) -> StepLog {
    let mut log = StepLog::new(label, format!("{} {}", r.method.as_str(), r.path));
    log.report.add(Finding::new(
        "authentication",
        "credentials to send",
        message,
    ));
    log
}

/// A step whose body `contact` refuses: one finding, no request.
fn refused(label: String, r: &Request, message: String) -> StepLog {
    let mut log = StepLog::new(label, format!("{} {}", r.method.as_str(), r.path));
    log.report.add(Finding::new(
        "request body",
        "a request that reaches no one (not sent)",
        message,
    ));
    log
}

/// Sends the request and follows the one redirect a step may ask for;
/// `None` when no answer came (the finding is in `log`).
async fn send(
    run: &ProductRun,
    r: &Request,
    (out, part): (Outgoing, &Part<'_>),
    log: &mut StepLog,
) -> Option<crate::client::http::Exchange> {
    let again = r.redirect.map(|_| out.clone());
    let ex = match run.session.send(out, part).await {
        Ok(ex) => ex,
        Err(e) => {
            log.report
                .add(Finding::new("transport", "an HTTP answer", e.to_string()));
            return None;
        }
    };
    match crate::client::redirect::follow_once(&run.session, again, ex, part).await {
        Ok((ex, hop)) => {
            log.report.line.push_str(&hop);
            Some(ex)
        }
        Err(f) => {
            log.report.add(f);
            None
        }
    }
}

impl Context<'_> {
    /// Builds, checks, sends and judges one step; keeps its captures. Its
    /// exchanges (the login it may need, its walk's pages) are recorded
    /// under `label` when reports ask for them.
    pub(super) async fn step(
        &self,
        step: &Step,
        scope: &mut Scope,
        label: String,
    ) -> Result<StepLog, Unresolved> {
        let r = &step.request;
        let within = label.clone();
        let part = self.part(&within, r.auth);
        self.reference_before(&within).await;
        let (out, sent_body) = match build(self.run, r, scope, &part).await {
            Ok(built) => built,
            Err(Build::Missing(name)) => return Err(Unresolved::Missing(name)),
            Err(Build::Auth(message)) => return Ok(auth_failed(label, r, message)),
            Err(Build::Refused(message)) => return Ok(refused(label, r, message)),
        };
        // A secret the request carries (a RADIUS client's `secret`) is masked
        // before anything of the exchange is shown.
        if let Some(body) = &sent_body {
            self.runner.redactor.add_fields(body);
        }
        let request_line = format!("{} {}", r.method.as_str(), target_of(&out.url));
        let mut log = StepLog::new(label, request_line.clone());
        if let Err(f) = self.request_schema(r, &out, sent_body.as_ref()) {
            log.report.add(f);
            return Ok(log);
        }
        if let Some(listing) = self.shared_listing(step) {
            // Exactly the reference walk: answered from the run's reference.
            match self
                .walk_from_reference(step, listing, scope, &within)
                .await
            {
                Ok(_) => log.report.line.push_str(" (the run's reference listing)"),
                Err(f) => log.report.add_all(f),
            }
            return Ok(log);
        }
        let Some(ex) = send(self.run, r, (out, &part), &mut log).await else {
            return Ok(log);
        };
        self.register_secrets(step, &ex, &self.run.session.target.url, scope);
        let _ = write!(
            log.report.line,
            " → {} in {} ms",
            ex.status,
            ex.elapsed.as_millis()
        );
        let Some(doc) = self.answer_doc(step, scope, &ex, &mut log).await else {
            return Ok(log);
        };
        if self.runner.recording() {
            log.record = Some(self.record(&log.report.label, &request_line, &ex, &doc));
        }
        let base = &self.run.session.target.url;
        let mut missing = Vec::new();
        self.capture(step, &doc, (&ex, base), scope, &mut missing);
        log.report.add_all(missing);
        Ok(log)
    }

    /// A case whose check compares the listing after its steps with the one
    /// before: the reference, fetched before the first step changes it.
    async fn reference_before(&self, label: &str) {
        let property = self.case.property.as_ref();
        if let Some(listing) = property.and_then(|p| p.listing_before()) {
            // Boxed: the walk's future is deep, and a step's need not be.
            let scope = Scope::new(chrono::Utc::now());
            let pages = self.pages(label, crate::suite::case::Auth::Default, &scope);
            Box::pin(self.probe(&pages).reference(listing)).await;
        }
    }

    /// The document a step's captures read: the walk's (a walk step) or the
    /// answer's JSON, judged against the step's expectation on the way.
    /// `None` when the walk failed (its findings are in `log`).
    async fn answer_doc<'a>(
        &self,
        step: &Step,
        scope: &mut Scope,
        ex: &'a crate::client::http::Exchange,
        log: &mut StepLog,
    ) -> Option<Cow<'a, Value>> {
        const NULL: Value = Value::Null;
        if step.request.walk {
            let label = log.report.label.clone();
            match self.walk_step(ex, step, scope, &label).await {
                Ok(d) => Some(Cow::Owned(d)),
                Err(f) => {
                    log.report.add_all(f);
                    None
                }
            }
        } else {
            log.report.add_all(self.judge(ex, &step.expect, scope));
            Some(Cow::Borrowed(ex.json_ref().unwrap_or(&NULL)))
        }
    }

    /// Tokens are secrets from the moment they arrive, before any excerpt
    /// of the answer is made: every `sn`, `token` and `access_token` field,
    /// and every capture marked secret.
    fn register_secrets(
        &self,
        step: &Step,
        ex: &crate::client::http::Exchange,
        base: &url::Url,
        scope: &Scope,
    ) {
        let doc = ex.json_ref().unwrap_or(&Value::Null);
        self.runner.redactor.add_fields(doc);
        for c in step.capture.values() {
            let spec = c.spec();
            let value = super::capture::value(&spec, doc, ex, base, scope);
            if let (true, Some(s)) = (spec.secret, value.as_ref().and_then(Value::as_str)) {
                self.runner.redactor.add(s, None);
            }
        }
    }

    /// Keeps the step's captures from the answer `doc`.
    fn capture(
        &self,
        step: &Step,
        doc: &Value,
        (ex, base): (&crate::client::http::Exchange, &url::Url),
        scope: &mut Scope,
        findings: &mut Vec<Finding>,
    ) {
        for (name, c) in &step.capture {
            let spec = c.spec();
            let found = super::capture::value(&spec, doc, ex, base, scope);
            match found.as_ref() {
                Some(v) => {
                    if spec.secret {
                        if let Some(s) = v.as_str() {
                            self.runner.redactor.add(s, None);
                        }
                    }
                    scope.set(name, v.clone());
                }
                _ if spec.optional => {
                    let request = format!("{} {}", ex.method, ex.target);
                    let why = super::capture::why_none(&spec, doc, ex, &request);
                    scope.miss(name, self.runner.redactor.scrub(&why));
                }
                found => findings.push(Finding::new(
                    super::capture::place(&spec),
                    format!("a value to capture as `{name}`"),
                    check::fields::show(found, &*self.runner.redactor),
                )),
            }
        }
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
        let v = self.runner.suite.schemas.violations(rel, &doc);
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
}

/// The request of a step, its references resolved, with its credentials.
async fn build(
    run: &ProductRun,
    r: &Request,
    scope: &Scope,
    part: &Part<'_>,
) -> Result<(Outgoing, Option<Value>), Build> {
    let path = r.shape_path(scope.substitute(&r.path).map_err(Build::Missing)?);
    let mut url = join_link(&run.session.target.url, &path).map_err(Build::Auth)?;
    if !r.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for q in &r.query {
            pairs.append_pair(
                &q.name,
                &scope.substitute(&q.value).map_err(Build::Missing)?,
            );
        }
    }
    let mut headers = run.session.auth_headers(part).await.map_err(Build::Auth)?;
    for (k, v) in &r.headers {
        headers.push((k.clone(), scope.substitute(v).map_err(Build::Missing)?));
    }
    let mut json_body = None;
    let body = if let Some(j) = &r.json {
        let v = scope.substitute_value(j).map_err(Build::Missing)?;
        let assignable = scope.get(crate::contact::ASSIGNABLE_TOKEN);
        if let Some(why) = crate::contact::at_send(&v, assignable.as_ref().and_then(Value::as_str))
        {
            return Err(Build::Refused(why));
        }
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
