//! Shared helpers of the integration tests: the embedded suite, a runner
//! over a target, the reference mock's target, and a hostile server.
#![allow(dead_code)]

pub mod hostile;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use fortiprobe::config::Target;
use fortiprobe::run::{Failure, RunOptions, Runner, Verdict};
use fortiprobe::suite::{Source, Suite};
use fortiprobe_mock::{self as mock, MockOptions, RunningMock};

pub fn suite() -> Arc<Suite> {
    static SUITE: OnceLock<Arc<Suite>> = OnceLock::new();
    SUITE
        .get_or_init(|| match Suite::load(Source::Embedded, &[]) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("the embedded suite does not load: {e:?}"),
        })
        .clone()
}

/// Every case of the suite against `target`, as (trial name, verdict), sorted.
pub async fn run_all(target: &Target, options: RunOptions) -> Vec<(String, Verdict)> {
    let runner = Arc::new(Runner::new(suite(), target, options).expect("runner"));
    let mut tasks = Vec::new();
    for i in 0..runner.suite.cases.len() {
        let r = Arc::clone(&runner);
        tasks.push(tokio::spawn(async move {
            let case = &r.suite.cases[i];
            (case.id(), r.run_case(case).await)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("case task"));
    }
    out
}

pub async fn start_mock(opts: MockOptions) -> RunningMock {
    mock::spawn(opts, 0).await.expect("mock starts")
}

pub fn mock_target(m: &RunningMock) -> Target {
    fortiprobe::embedded::mock_target(&m.url(), m.credentials())
}

pub fn everything() -> RunOptions {
    RunOptions {
        allow_destructive: true,
        framework: true,
        deny_deviations: true,
        ..RunOptions::default()
    }
}

/// The failures of a run, rendered for an assertion message.
pub fn failures(results: &[(String, Verdict)]) -> Vec<String> {
    results
        .iter()
        .filter_map(|(n, v)| match v {
            Verdict::Fail(f) => Some(format!("{n}:\n{}", findings_text(f))),
            _ => None,
        })
        .collect()
}

/// Every finding of a failure as the text report shows it, one a line,
/// after the step it belongs to; then what a baseline said.
pub fn findings_text(f: &Failure) -> String {
    let mut out = String::new();
    for s in &f.steps {
        out.push_str(&format!("  {}: {}\n", s.label, s.line));
        for x in &s.findings {
            out.push_str(&format!("    {x}\n"));
        }
    }
    if let Some(b) = &f.baseline {
        out.push_str(b);
    }
    out
}

/// The repository's root: `schemas/`, `cases/`, `snapshots/`, `docs/` and
/// the generated documents live there.
pub fn project() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        crate_dir()
            .join("../..")
            .canonicalize()
            .expect("the repository root")
    })
}

/// This crate's folder (`crates/fortiprobe`): its `src/` and `tests/data/`.
pub fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A suite folder in the temp dir: the project's schemas plus the given case files.
pub fn suite_dir(name: &str, case_files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fortiprobe-suite-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let copy = |from: &Path, to: &Path| {
        let mut stack = vec![from.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("read") {
                let p = e.expect("entry").path();
                let rel = p.strip_prefix(from).expect("under");
                if p.is_dir() {
                    stack.push(p.clone());
                    std::fs::create_dir_all(to.join(rel)).expect("mkdir");
                } else {
                    std::fs::copy(&p, to.join(rel)).expect("copy");
                }
            }
        }
    };
    std::fs::create_dir_all(dir.join("schemas")).expect("mkdir");
    std::fs::create_dir_all(dir.join("cases")).expect("mkdir");
    copy(&project().join("schemas"), &dir.join("schemas"));
    for (name, text) in case_files {
        std::fs::write(dir.join("cases").join(name), text).expect("write");
    }
    dir
}

/// Whether this runs in CI: `CI` set to anything but empty, `0` or `false`
/// (`.ci/run` runs with `CI=true`).
pub fn in_ci() -> bool {
    matches!(std::env::var("CI").as_deref(), Ok(v) if !v.is_empty() && v != "0" && v != "false")
}

/// A test needs an external tool that is not installed. In CI that is a
/// failure (`.ci/run` installs every such tool, so a missing one means the
/// check did not happen); elsewhere the test skips, saying so on stderr.
pub fn tool_missing(what: &str, install: &str) {
    if in_ci() {
        panic!("{what} is needed in CI and is missing ({install}; .ci/run installs it)");
    }
    eprintln!(
        "SKIPPED: {what} is not installed here ({install}; .ci/run installs it); with CI=true this test fails instead"
    );
}
