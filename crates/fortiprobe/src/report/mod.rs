//! What a run leaves behind for CI pipelines and people: the outcome of
//! every trial that ran, as JUnit XML (`--junit`, in `junit`), as a JSON
//! report (`--json`, in `json`), as one self-contained HTML page
//! (`--html`, in `html`), as the final summary grouped by product and
//! endpoint (`summary`), as text (`text`: libtest's failure message), and
//! a failing case's exchanges for the terminal (`--verbose`, in
//! `verbose`). `outcome` holds how a case ended as values (its verdict,
//! the steps of a failure and their findings), which every writer renders
//! and none parses; `har` the exchanges as an HTTP Archive (`--har`);
//! this module the records they are written from;
//! `exchange` the record of one request and answer, `curl` the command
//! line that reproduces it. Pure: records in, text out. Every text here
//! has already been scrubbed of secrets by the runner (an `ExchangeRecord`
//! scrubs what it is made from), and URLs lose any user information.

use std::collections::BTreeMap;
use std::time::Duration;

pub mod capture;
pub mod collect;
pub mod curl;
pub mod event;
mod evidence;
pub mod exchange;
pub mod fold;
mod har;
mod html;
mod json;
mod junit;
pub mod outcome;
mod pretty;
mod summary;
pub mod text;
mod verbose;
pub mod wire;

pub use capture::Capture;
pub use collect::Collector;
pub use curl::Credentials;
pub use event::{CaseKey, Event, Listener, Sighting};
pub use exchange::{Answer, ExchangeLog, ExchangeRecord, Received, Sent, ShownBody};
pub use har::har;
pub use html::html;
pub use json::json_report;
pub use junit::junit;
pub use outcome::{CaseInfo, Failure, StepReport, Verdict};
pub use summary::summary;
pub use verbose::verbose;

/// One trial that ran.
#[derive(Debug, Clone)]
pub struct TrialRecord {
    pub case: CaseInfo,
    pub verdict: Verdict,
    pub duration: Duration,
    /// Requests the trial sent (every attempt counts) and body bytes received.
    pub requests: u64,
    pub bytes: u64,
    /// Its exchanges, in order, steps and cleanup alike (bounded), for
    /// `--verbose`, `--html` and `--json`; empty when not recorded.
    pub exchanges: ExchangeLog,
    /// What a `--baseline` comparison found changed (the text of
    /// `baseline::compare`, scrubbed), when it found something.
    pub changes: Option<String>,
}

impl TrialRecord {
    /// A record of `case` with `verdict` and nothing else.
    pub fn new(case: CaseInfo, verdict: Verdict) -> TrialRecord {
        TrialRecord {
            case,
            verdict,
            duration: Duration::ZERO,
            requests: 0,
            bytes: 0,
            exchanges: ExchangeLog::new(),
            changes: None,
        }
    }

    /// `product/endpoint/case`.
    pub fn name(&self) -> &str {
        &self.case.name
    }

    pub(crate) fn parts(&self) -> (&str, &str, &str) {
        self.case.parts()
    }

    /// The exchanges (their `number`) a finding of the failure was judged
    /// on, with how many findings name each.
    pub fn flagged(&self) -> BTreeMap<usize, usize> {
        let mut n = BTreeMap::new();
        if let Verdict::Fail(f) = &self.verdict {
            for x in f.findings().filter_map(|f| f.exchange) {
                *n.entry(x).or_insert(0) += 1;
            }
        }
        n
    }

    pub(crate) fn group(&self) -> String {
        let (p, e, _) = self.parts();
        format!("{p}/{e}")
    }
}

/// A known deviation met in the run, with the cases that met it.
#[derive(Debug, Clone)]
pub struct DeviationMet {
    pub id: String,
    pub summary: String,
    pub evidence: String,
    pub cases: Vec<String>,
    /// The case whose answer showed it first in this run, and where and
    /// what the target sent there.
    pub seen: Option<(String, Sighting)>,
}

/// Everything a report says about a run besides the trials.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub targets: BTreeMap<String, String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub duration: Duration,
    /// The framework-behaviour cases ran (`--framework`).
    pub framework: bool,
    /// Known deviations failed their cases (`--deny-deviations`).
    pub deny_deviations: bool,
    pub allow_destructive: bool,
    pub deviations: Vec<DeviationMet>,
    /// Products that could not be reached at all: nothing ran (exit 3).
    pub unreachable: Vec<Unreachable>,
    /// Requests the whole run sent (every attempt counts: the cases', and
    /// the first probe of each product before them) and body bytes received.
    pub requests: u64,
    pub bytes: u64,
    /// The longest chain of cases that had to follow one another
    /// (`run::critical`); `None` when no case ran.
    pub critical_path: Option<CriticalPath>,
}

/// The longest chain of cases of a run that had to follow one another
/// under its locks, each a chain of requests: what the run could not go
/// below with any number of cases at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CriticalPath {
    /// The chain's cases' time under their locks, added up.
    pub duration: Duration,
    /// The requests they sent.
    pub requests: u64,
    /// The cases, first to last.
    pub cases: Vec<String>,
    /// The other bound: the time the busiest product's slots (or the
    /// run's, under `--test-threads`) were taken.
    pub capacity: Capacity,
}

/// What a run could not go below with its slots, however its cases were
/// ordered: the time its cases held the slots of one product (or of the
/// run), divided by the slots: its requests over the slots, times the
/// mean time a request took.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Capacity {
    pub duration: Duration,
    /// The product whose slots bound it (`None`: the run's, `--test-threads`).
    pub product: Option<String>,
    /// The requests its cases sent.
    pub requests: u64,
    /// How many of them could be in flight at once.
    pub slots: usize,
}

impl RunInfo {
    /// Requests sent outside any case (the first probe of each product,
    /// the cleanup of a case that stopped short).
    pub fn requests_outside_cases(&self, records: &[TrialRecord]) -> u64 {
        let cases: u64 = records.iter().map(|r| r.requests).sum();
        self.requests.saturating_sub(cases)
    }
}

/// `1234 B`, `12.3 KiB`, `4.5 MiB`, `1.2 GiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A configured product that could not be reached, and why (scrubbed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    /// `fortiauthenticator`, `fortitoken_cloud` or `fortiportal`.
    pub product: String,
    pub reason: String,
}

/// A URL without user information (never a secret in a report).
pub fn public_url(url: &url::Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}

pub(crate) fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

#[derive(Default)]
pub(crate) struct Counts {
    pub(crate) tests: usize,
    pub(crate) failures: usize,
    pub(crate) skipped: usize,
    pub(crate) time: Duration,
}

pub(crate) fn counts<'a>(records: impl Iterator<Item = &'a TrialRecord>) -> Counts {
    let mut c = Counts::default();
    for r in records {
        c.tests += 1;
        c.time += r.duration;
        match r.verdict {
            Verdict::Fail(_) => c.failures += 1,
            Verdict::Ignored(_) => c.skipped += 1,
            Verdict::Pass => {}
        }
    }
    c
}

/// The records by `product/endpoint`, in name order.
pub(crate) fn groups(records: &[TrialRecord]) -> BTreeMap<String, Vec<&TrialRecord>> {
    let mut groups: BTreeMap<String, Vec<&TrialRecord>> = BTreeMap::new();
    for r in records {
        groups.entry(r.group()).or_default().push(r);
    }
    groups
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// A secret the fixtures' scrub knows.
    pub const SECRET: &str = "s3cr3t-api-key";

    pub fn scrub(t: &str) -> String {
        t.replace(SECRET, crate::redact::MASK)
    }

    /// A GET of the FortiToken listing with Basic credentials holding
    /// `SECRET`, answered 200 with `body`.
    pub fn exchange_record(label: &str, body: &str) -> ExchangeRecord {
        let url = url::Url::parse("https://admin:pw@fac.example/api/v1/fortitokens/?limit=2")
            .expect("url");
        let headers = vec![("Authorization".to_string(), format!("Basic {SECRET}"))];
        ExchangeRecord::new(
            label,
            Sent {
                method: "GET",
                url: &url,
                headers: &headers,
                body: None,
            },
            Ok(Received {
                status: 200,
                headers: &[("content-type".into(), "application/json".into())],
                body: body.as_bytes(),
            }),
            Duration::from_millis(3),
            Credentials::Configured,
            &scrub,
        )
    }

    pub fn info() -> RunInfo {
        RunInfo {
            targets: [(
                "fortiauthenticator".to_string(),
                "https://fac.example/".to_string(),
            )]
            .into_iter()
            .collect(),
            started_at: chrono::Utc::now(),
            duration: Duration::from_millis(1234),
            framework: false,
            deny_deviations: false,
            allow_destructive: false,
            deviations: vec![],
            unreachable: vec![],
            requests: 0,
            bytes: 0,
            critical_path: None,
        }
    }

    pub fn case(name: &str) -> CaseInfo {
        CaseInfo {
            name: name.into(),
            kind: "exchange".into(),
            basis: "doc",
            summary: "what it checks".into(),
            origin: "cases/x.yaml:3".into(),
            ..CaseInfo::default()
        }
    }

    pub fn rec(name: &str, verdict: Verdict) -> TrialRecord {
        let mut r = TrialRecord::new(case(name), verdict);
        r.duration = Duration::from_millis(12);
        r
    }

    /// A failure of one step with one finding per `(at, expected, actual)`.
    pub fn failed(findings: &[(&str, &str, &str)]) -> Verdict {
        let mut step = StepReport::new("request", "GET /api/v1/x/ → 500 in 3 ms");
        step.add_all(
            findings
                .iter()
                .map(|(a, e, g)| crate::check::Finding::new(*a, *e, *g)),
        );
        let mut f = Failure::default();
        f.push(step);
        Verdict::Fail(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn urls_lose_user_information() {
        let u = url::Url::parse("https://admin:s3cret@fac.example:8443/x").unwrap();
        assert_eq!(public_url(&u), "https://fac.example:8443/x");
    }
}
