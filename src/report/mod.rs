//! What a run leaves behind for CI pipelines and people: the outcome of
//! every trial that ran, as JUnit XML (`--junit`, in `junit`), as a JSON
//! report (`--json`, in `json`), and as the final summary grouped by
//! product and endpoint (`summary`). This module holds the records they
//! are written from. Pure: records in, text out. Every text here has
//! already been scrubbed of secrets by the runner, and URLs lose any user
//! information.

use std::collections::BTreeMap;
use std::time::Duration;

mod json;
mod junit;
mod summary;

pub use json::json_report;
pub use junit::junit;
pub use summary::summary;

/// How one trial ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// The report (what was sent, what came back, what was wrong).
    Failed(String),
    /// Why it could not run here.
    Ignored(String),
}

/// One trial that ran.
#[derive(Debug, Clone)]
pub struct TrialRecord {
    /// `product/endpoint/case`.
    pub name: String,
    pub kind: String,
    pub basis: &'static str,
    pub destructive: bool,
    pub outcome: Outcome,
    pub duration: Duration,
}

impl TrialRecord {
    pub(crate) fn parts(&self) -> (&str, &str, &str) {
        let mut it = self.name.splitn(3, '/');
        (
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
        )
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
}

/// Everything a report says about a run besides the trials.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub targets: BTreeMap<String, String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub duration: Duration,
    pub strict: bool,
    pub allow_destructive: bool,
    pub deviations: Vec<DeviationMet>,
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
        match r.outcome {
            Outcome::Failed(_) => c.failures += 1,
            Outcome::Ignored(_) => c.skipped += 1,
            Outcome::Passed => {}
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
            strict: false,
            allow_destructive: false,
            deviations: vec![],
        }
    }

    pub fn rec(name: &str, outcome: Outcome) -> TrialRecord {
        TrialRecord {
            name: name.into(),
            kind: "exchange".into(),
            basis: "doc",
            destructive: false,
            outcome,
            duration: Duration::from_millis(12),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_user_information() {
        let u = url::Url::parse("https://admin:s3cret@fac.example:8443/x").unwrap();
        assert_eq!(public_url(&u), "https://fac.example:8443/x");
    }
}
