//! What a run leaves behind for CI pipelines and people: the outcome of
//! every trial that ran, as JUnit XML (`--junit`), as a JSON report
//! (`--json`), and as the final summary grouped by product and endpoint.
//! Pure: records in, text out. Every text here has already been scrubbed
//! of secrets by the runner, and URLs lose any user information.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{json, Value};

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
    fn parts(&self) -> (&str, &str, &str) {
        let mut it = self.name.splitn(3, '/');
        (
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
        )
    }

    fn group(&self) -> String {
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

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    skipped: usize,
    time: Duration,
}

fn counts<'a>(records: impl Iterator<Item = &'a TrialRecord>) -> Counts {
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

/// JUnit XML as Jenkins and GitLab read it: one `testsuite` per product
/// and endpoint, one `testcase` per trial (classname `product.endpoint`),
/// a failure carrying the report, a skipped case its reason, timings.
pub fn junit(records: &[TrialRecord], info: &RunInfo) -> String {
    let mut groups: BTreeMap<String, Vec<&TrialRecord>> = BTreeMap::new();
    for r in records {
        groups.entry(r.group()).or_default().push(r);
    }
    let all = counts(records.iter());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"fortiprobe\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{}\">",
        all.tests,
        all.failures,
        secs(info.duration)
    );
    let timestamp = info.started_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    for (group, rs) in &groups {
        let c = counts(rs.iter().copied());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\" timestamp=\"{timestamp}\">",
            xml_escape(group),
            c.tests,
            c.failures,
            c.skipped,
            secs(c.time)
        );
        let product = group.split('/').next().unwrap_or("");
        if let Some(url) = info.targets.get(product) {
            let _ = writeln!(
                out,
                "    <properties>\n      <property name=\"target\" value=\"{}\"/>\n    </properties>",
                xml_escape(url)
            );
        }
        for r in rs {
            let (_, _, case) = r.parts();
            let classname = group.replace('/', ".");
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
                xml_escape(case),
                xml_escape(&classname),
                secs(r.duration)
            );
            match &r.outcome {
                Outcome::Passed => {
                    let _ = writeln!(out, "{open}/>");
                }
                Outcome::Failed(report) => {
                    let first = report
                        .lines()
                        .find(|l| l.trim_start().starts_with("at "))
                        .or_else(|| report.lines().next())
                        .unwrap_or("failed")
                        .trim();
                    let _ = writeln!(
                        out,
                        "{open}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                        xml_escape(&r.kind),
                        xml_escape(first),
                        xml_escape(report)
                    );
                }
                Outcome::Ignored(reason) => {
                    let _ = writeln!(
                        out,
                        "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                        xml_escape(reason)
                    );
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The machine-readable report.
pub fn json_report(records: &[TrialRecord], info: &RunInfo) -> Value {
    let all = counts(records.iter());
    let cases: Vec<Value> = records
        .iter()
        .map(|r| {
            let (p, e, c) = r.parts();
            let mut v = json!({
                "name": r.name,
                "product": p,
                "endpoint": e,
                "case": c,
                "kind": r.kind,
                "basis": r.basis,
                "destructive": r.destructive,
                "duration_s": r.duration.as_secs_f64(),
            });
            match &r.outcome {
                Outcome::Passed => v["outcome"] = json!("passed"),
                Outcome::Failed(report) => {
                    v["outcome"] = json!("failed");
                    v["findings"] = json!(report
                        .lines()
                        .map(str::trim)
                        .filter(|l| l.starts_with("at "))
                        .collect::<Vec<_>>());
                    v["report"] = json!(report);
                }
                Outcome::Ignored(reason) => {
                    v["outcome"] = json!("ignored");
                    v["reason"] = json!(reason);
                }
            }
            v
        })
        .collect();
    json!({
        "fortiprobe": env!("CARGO_PKG_VERSION"),
        "started_at": info.started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "duration_s": info.duration.as_secs_f64(),
        "targets": info.targets,
        "options": {"strict": info.strict, "allow_destructive": info.allow_destructive},
        "summary": {
            "total": all.tests,
            "passed": all.tests - all.failures - all.skipped,
            "failed": all.failures,
            "ignored": all.skipped,
        },
        "known_deviations": info.deviations.iter().map(|d| json!({
            "id": d.id, "summary": d.summary, "evidence": d.evidence, "cases": d.cases,
        })).collect::<Vec<_>>(),
        "cases": cases,
    })
}

/// The final summary: per product and endpoint, the ignored cases with
/// their reasons, the known deviations met.
pub fn summary(records: &[TrialRecord], info: &RunInfo) -> String {
    let mut groups: BTreeMap<String, Vec<&TrialRecord>> = BTreeMap::new();
    for r in records {
        groups.entry(r.group()).or_default().push(r);
    }
    let mut out = String::from("\nsummary by product and endpoint:\n");
    let width = groups.keys().map(String::len).max().unwrap_or(0);
    for (g, rs) in &groups {
        let c = counts(rs.iter().copied());
        let _ = writeln!(
            out,
            "  {g:<width$}  {:>3} passed, {:>2} failed, {:>2} ignored",
            c.tests - c.failures - c.skipped,
            c.failures,
            c.skipped
        );
    }
    let failed: Vec<&TrialRecord> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "failed:");
        for r in failed {
            let _ = writeln!(out, "  {}", r.name);
        }
    }
    let ignored: Vec<(&str, &str)> = records
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Ignored(why) => Some((r.name.as_str(), why.as_str())),
            _ => None,
        })
        .collect();
    if !ignored.is_empty() {
        let _ = writeln!(out, "ignored:");
        for (n, why) in ignored {
            let _ = writeln!(out, "  {n}: {why}");
        }
    }
    if !info.deviations.is_empty() {
        let _ = writeln!(out, "known deviations met (accepted; --strict fails them):");
        for d in &info.deviations {
            let _ = writeln!(
                out,
                "  {}: {} ({} case(s); evidence: {})",
                d.id,
                d.summary,
                d.cases.len(),
                d.evidence
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> RunInfo {
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

    fn rec(name: &str, outcome: Outcome) -> TrialRecord {
        TrialRecord {
            name: name.into(),
            kind: "exchange".into(),
            basis: "doc",
            destructive: false,
            outcome,
            duration: Duration::from_millis(12),
        }
    }

    #[test]
    fn junit_carries_failures_reasons_and_escapes() {
        let x = junit(
            &[
                rec("fortiauthenticator/fortitokens/a", Outcome::Passed),
                rec(
                    "fortiauthenticator/fortitokens/b",
                    Outcome::Failed("summary\n    at /x: expected <1>, got \"2\" & \u{1}".into()),
                ),
                rec(
                    "fortiportal/tokens/c",
                    Outcome::Ignored("not configured".into()),
                ),
            ],
            &info(),
        );
        assert!(
            x.contains(
                "<testsuite name=\"fortiauthenticator/fortitokens\" tests=\"2\" failures=\"1\""
            ),
            "{x}"
        );
        assert!(
            x.contains("message=\"at /x: expected &lt;1&gt;, got &quot;2&quot; &amp; \\u{1}\""),
            "{x}"
        );
        assert!(x.contains("<skipped message=\"not configured\"/>"), "{x}");
        assert!(
            x.contains("classname=\"fortiauthenticator.fortitokens\""),
            "{x}"
        );
        assert!(x.contains("time=\"0.012\""), "{x}");
    }

    #[test]
    fn the_json_report_counts_and_lists_findings() {
        let v = json_report(
            &[
                rec("p/e/a", Outcome::Passed),
                rec(
                    "p/e/b",
                    Outcome::Failed("s\n  step\n    at /x: expected 1, got 2".into()),
                ),
            ],
            &info(),
        );
        assert_eq!(v["summary"]["failed"], 1);
        assert_eq!(v["summary"]["passed"], 1);
        assert_eq!(v["cases"][1]["findings"][0], "at /x: expected 1, got 2");
        assert_eq!(v["fortiprobe"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn urls_lose_user_information() {
        let u = url::Url::parse("https://admin:s3cret@fac.example:8443/x").unwrap();
        assert_eq!(public_url(&u), "https://fac.example:8443/x");
    }
}
