//! `fortiprobe run`: the suite against the target (or the embedded mock),
//! with libtest's output, the reports, the summary, and signals (SIGINT,
//! SIGTERM, SIGHUP) answered by cleaning up what the running cases created.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::args::RunArgs;
use super::out;
use crate::config::Target;
use crate::error::Error;
use crate::mock;
use crate::report::{DeviationMet, RunInfo, TrialRecord};
use crate::run::{Baseline, RunOptions, Runner};

/// The target of a run and what keeps it alive: the embedded mock and its
/// certificate's folder, when there is no target file.
struct Setup {
    target: Target,
    mock: Option<mock::RunningMock>,
    _ca_dir: Option<tempfile::TempDir>,
}

pub(super) fn run(args: RunArgs, rt: &tokio::runtime::Runtime) -> Result<(), Error> {
    let suite = Arc::new(args.suite.load()?);
    let baseline = baseline(&args)?;
    let mut libtest = args.libtest.clone();
    if baseline.is_some() {
        // One case at a time, in order: the same documents on every run.
        libtest.test_threads = Some(1);
    }
    let mut options = RunOptions {
        rate: args.rate,
        retry: crate::client::http::Retry {
            on_transport: args.retries,
            ..Default::default()
        },
        baseline,
        allow_destructive: args.allow_destructive,
        strict: args.strict,
        timeout: Duration::from_secs(args.timeout),
        exhaustive: args.exhaustive,
        max_pages: args.max_pages,
        ..RunOptions::default()
    };
    let setup = setup(&args, rt, &mut options)?;
    let runner = Arc::new(
        Runner::new(suite, &setup.target, options)
            .map_err(|e| Error::Usage(vec![e.to_string()]))?,
    );
    if !libtest.list {
        reachable(&runner, rt)?;
    }
    let signals = super::signals::watch(&runner, rt);
    let records = Arc::new(Mutex::new(Vec::new()));
    let trials = crate::trial::trials(&runner, rt.handle(), &records);
    let started_at = chrono::Utc::now();
    let started = std::time::Instant::now();
    let conclusion = libtest_mimic::run(&libtest, trials);
    let interrupted = signals.finish(&runner, rt);
    for line in rt.block_on(runner.leftovers()) {
        eprintln!("fortiprobe: {line}");
    }
    let mut records = records.lock().map(|r| r.clone()).unwrap_or_default();
    records.sort_by(|a, b| a.name.cmp(&b.name));
    let info = info(&runner, &args, started_at, started.elapsed());
    let problems = write_reports(&args, &records, &info);
    if !libtest.list {
        summary(&libtest, &conclusion, &records, &info);
    }
    if let Some(m) = setup.mock {
        rt.block_on(m.shutdown());
    }
    if let Some(e) = interrupted {
        for p in problems {
            eprintln!("fortiprobe: {p}");
        }
        return Err(e);
    }
    if conclusion.has_failed() {
        Err(Error::Failed {
            trials: conclusion.num_failed,
            also: problems,
        })
    } else if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(problems))
    }
}

/// `--baseline DIR` made absolute, checked to exist unless recording.
fn baseline(args: &RunArgs) -> Result<Option<Baseline>, Error> {
    let Some(dir) = &args.baseline else {
        return Ok(None);
    };
    let dir = std::path::absolute(dir)
        .map_err(|e| Error::Usage(vec![format!("--baseline {}: {e}", dir.display())]))?;
    if !args.record && !dir.is_dir() {
        return Err(Error::Usage(vec![format!(
            "--baseline {}: no such folder; record one first with --record",
            dir.display()
        )]));
    }
    Ok(Some(Baseline {
        dir,
        record: args.record,
    }))
}

/// The target file's target, or the embedded mock started for the run.
fn setup(
    args: &RunArgs,
    rt: &tokio::runtime::Runtime,
    options: &mut RunOptions,
) -> Result<Setup, Error> {
    if let Some(path) = &args.config {
        let target = Target::read(path, &|name| std::env::var(name).ok())?;
        return Ok(Setup {
            target,
            mock: None,
            _ca_dir: None,
        });
    }
    let opts = args.mock.options().map_err(|e| Error::Usage(vec![e]))?;
    let started = rt.block_on(mock::spawn(opts, 0)).map_err(|e| {
        Error::Usage(vec![format!(
            "cannot start the reference mock on 127.0.0.1: {e}"
        )])
    })?;
    // The mock's state is fresh and its own: everything may run.
    options.allow_destructive = true;
    let mut target = crate::embedded::mock_target(&started.url(), started.credentials());
    let mut ca_dir = None;
    if let Some(pem) = started.ca_cert_pem() {
        let (dir, path) = crate::embedded::write_ca_cert(&pem).map_err(|e| {
            Error::Usage(vec![format!(
                "cannot write the reference mock's certificate: {e}"
            )])
        })?;
        for product in target.products.values_mut() {
            product.ca_cert = Some(path.clone());
        }
        ca_dir = Some(dir);
    }
    Ok(Setup {
        target,
        mock: Some(started),
        _ca_dir: ca_dir,
    })
}

/// A first probe of each product: exit 3 before any case when one cannot
/// be reached at all.
fn reachable(runner: &Runner, rt: &tokio::runtime::Runtime) -> Result<(), Error> {
    let unreachable = rt.block_on(runner.probe());
    if unreachable.is_empty() {
        return Ok(());
    }
    Err(Error::Unreachable(
        unreachable
            .into_iter()
            .map(|(p, e)| (p.key().to_string(), runner.redactor.scrub(&e.to_string())))
            .collect(),
    ))
}

fn info(
    runner: &Runner,
    args: &RunArgs,
    started_at: chrono::DateTime<chrono::Utc>,
    duration: Duration,
) -> RunInfo {
    RunInfo {
        targets: runner.targets(),
        started_at,
        duration,
        strict: args.strict,
        allow_destructive: runner.options.allow_destructive,
        deviations: runner
            .deviations_met()
            .into_iter()
            .map(|(id, cases)| {
                let d = runner.suite.deviations.list.iter().find(|d| d.id == id);
                DeviationMet {
                    summary: d.map_or(String::new(), |d| d.summary.clone()),
                    evidence: d.map_or(String::new(), |d| d.evidence.clone()),
                    id,
                    cases: cases.into_iter().collect(),
                }
            })
            .collect(),
        unreachable: Vec::new(),
    }
}

/// `--junit` and `--json`; what could not be written.
fn write_reports(args: &RunArgs, records: &[TrialRecord], info: &RunInfo) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(path) = &args.junit {
        if let Err(e) = std::fs::write(path, crate::report::junit(records, info)) {
            problems.push(format!(
                "cannot write the JUnit report {}: {e}",
                path.display()
            ));
        }
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&crate::report::json_report(records, info))
            .unwrap_or_default();
        if let Err(e) = std::fs::write(path, text + "\n") {
            problems.push(format!(
                "cannot write the JSON report {}: {e}",
                path.display()
            ));
        }
    }
    problems
}

/// The grouped summary, ending with libtest's summary line; on stderr
/// when stdout is libtest's JSON.
fn summary(
    libtest: &libtest_mimic::Arguments,
    conclusion: &libtest_mimic::Conclusion,
    records: &[TrialRecord],
    info: &RunInfo,
) {
    let text = format!(
        "{}\ntest result: {}. {} passed; {} failed; {} ignored; {} measured; {} filtered out; finished in {:.2}s\n",
        crate::report::summary(records, info),
        if conclusion.has_failed() { "FAILED" } else { "ok" },
        conclusion.num_passed,
        conclusion.num_failed,
        conclusion.num_ignored,
        conclusion.num_measured,
        conclusion.num_filtered_out,
        info.duration.as_secs_f64()
    );
    if matches!(libtest.format, Some(libtest_mimic::FormatSetting::Json)) {
        eprint!("{text}");
    } else {
        out(&text);
    }
}
