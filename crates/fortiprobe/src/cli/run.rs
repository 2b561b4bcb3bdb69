//! `fortiprobe run`: the suite against the target (or the embedded mock),
//! with libtest's output, the reports, the summary, and signals (SIGINT,
//! SIGTERM, SIGHUP) answered by cleaning up what the running cases created.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use super::args::RunArgs;
use super::progress;
use super::{err, out};
use crate::config::Target;
use crate::error::Error;
use crate::report::event::{Fanout, Listener};
use crate::report::{Collector, DeviationMet, RunInfo, TrialRecord, Unreachable, Verdict};
use crate::run::schedule::MaxFailures;
use crate::run::{Baseline, RunOptions, Runner};
use crate::suite::{Case, Product, Suite};
use fortiprobe_mock as mock;

/// The target of a run and what keeps it alive: the embedded mock and its
/// certificate's folder, when there is no target file.
struct Setup {
    target: Target,
    mock: Option<mock::RunningMock>,
    _ca_dir: Option<tempfile::TempDir>,
}

pub(super) fn run(args: RunArgs, rt: &tokio::runtime::Runtime) -> Result<(), Error> {
    let (suite, products) = load(&args)?;
    let mut libtest = args.trials.libtest();
    let mut options = options(&args)?;
    if options.baseline.is_some() {
        // One case at a time, in order: the same documents on every run.
        libtest.test_threads = Some(1);
    }
    concurrency(&mut libtest, &mut options, products.len());
    if !libtest.list {
        eprintln!(
            "fortiprobe: sampled walks drawn from seed {0} (--seed {0} fetches the same pages again)",
            options.seed
        );
    }
    options.exchanges = args.verbose > 0
        || args.html.is_some()
        || args.json.is_some()
        || args.har.is_some()
        || args.junit.is_some();
    let mut setup = setup(&args, rt, &mut options)?;
    if args.trials.filter.is_some() {
        // Sessions only for the products of the cases a filter takes.
        setup.target.products.retain(|p, _| products.contains(p));
    }
    let listeners = Listeners::new(&libtest);
    let runner = Arc::new(
        Runner::new(suite, &setup.target, options)
            .map_err(|e| Error::Usage(vec![e.to_string()]))?
            .listened_by(listeners.all()),
    );
    let started_at = chrono::Utc::now();
    let started = std::time::Instant::now();
    // Before the first request: a signal during the probes ends the run
    // the documented way.
    let mut signals = super::signals::watch(&runner, rt);
    if !libtest.list {
        let probed = signals
            .before_cases(rt, reachable(&runner, &products))
            .and_then(|r| r);
        if let Err(e) = probed {
            if !matches!(e, Error::Interrupted { .. }) {
                let info = info(&listeners.collector, &runner, (started_at, started));
                nothing_ran(&args, info, &e);
            }
            if let Some(m) = setup.mock {
                rt.block_on(m.shutdown());
            }
            return Err(e);
        }
    }
    signals.cases_start();
    let conclusion = run_trials(&runner, rt, &args, &libtest, &listeners);
    let interrupted = signals.finish(&runner, rt);
    let mut left = listeners.collector.left_behind();
    left.extend(rt.block_on(runner.leftovers()));
    for line in left {
        err(&format!("fortiprobe: {line}\n"));
    }
    let records = listeners.collector.records(&|t| runner.redactor.scrub(t));
    let mut info = info(&listeners.collector, &runner, (started_at, started));
    info.critical_path = critical_path(&runner, &records);
    let problems = write_reports(&args, &records, &info);
    // libtest's printer stopped (standard output closed): the records say
    // what ran.
    let conclusion = conclusion.unwrap_or_else(|| conclusion_of(&records));
    if !libtest.list {
        if args.verbose >= 2 {
            every_exchange(&libtest, &records);
        }
        summary(&libtest, &records, &info);
    }
    if let Some(m) = setup.mock {
        rt.block_on(m.shutdown());
    }
    ending(interrupted, &conclusion, problems)
}

/// How many cases run at once: `--test-threads` bounds them in all (the
/// run's options), each product's `--jobs` per product; libtest's threads
/// only wait for the cases and print them, so there are as many as cases
/// may run at once (the `products` the run uses, each `in_flight`), and
/// each line is printed as its case ends.
fn concurrency(libtest: &mut libtest_mimic::Arguments, options: &mut RunOptions, products: usize) {
    options.cases_at_once = libtest.test_threads;
    libtest.test_threads = Some(
        libtest
            .test_threads
            .unwrap_or_else(|| products.max(1) * options.in_flight()),
    );
}

/// The run's critical path, from the cases that ran (an ignored case may
/// have waited for its lock).
fn critical_path(runner: &Runner, records: &[TrialRecord]) -> Option<crate::report::CriticalPath> {
    let requests = records
        .iter()
        .filter(|r| !matches!(r.verdict, Verdict::Ignored(_)))
        .map(|r| (r.case.name.clone(), r.requests))
        .collect();
    runner.critical_path(&requests)
}

/// What ends a run that ran its trials: an interruption (the reports that
/// could not be written said first), failed trials, a report not
/// written, or nothing.
fn ending(
    interrupted: Option<Error>,
    conclusion: &libtest_mimic::Conclusion,
    problems: Vec<String>,
) -> Result<(), Error> {
    if let Some(e) = interrupted {
        for p in problems {
            err(&format!("fortiprobe: {p}\n"));
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
        Err(Error::Report(problems))
    }
}

/// A product is unreachable: the reports asked for say why nothing ran
/// (the run exits 3 all the same).
fn nothing_ran(args: &RunArgs, mut info: RunInfo, e: &Error) {
    if let Error::Unreachable(list) = e {
        info.unreachable = list
            .iter()
            .map(|(product, reason)| Unreachable {
                product: product.clone(),
                reason: reason.clone(),
            })
            .collect();
    }
    for p in write_reports(args, &[], &info) {
        err(&format!("fortiprobe: {p}\n"));
    }
}

/// The run's options from its flags.
fn options(args: &RunArgs) -> Result<RunOptions, Error> {
    Ok(RunOptions {
        rate: args.rate,
        retry: crate::client::http::Retry {
            on_transport: args.retries,
            max_wait: Duration::from_secs(args.max_wait),
            ..Default::default()
        },
        baseline: baseline(args)?,
        allow_destructive: args.allow_destructive,
        framework: args.framework || args.strict,
        deny_deviations: args.deny_deviations || args.strict,
        timeout: Duration::from_secs(args.timeout),
        connect_timeout: Duration::from_secs(args.connect_timeout),
        exhaustive: args.exhaustive,
        max_pages: args.max_pages,
        jobs: args.jobs,
        max_failures: if args.fail_fast {
            Some(MaxFailures {
                count: 1,
                fail_fast: true,
            })
        } else {
            args.max_failures.map(|count| MaxFailures {
                count,
                fail_fast: false,
            })
        },
        // A baseline compares the same pages on every run: one fixed seed.
        seed: args.walk_seed.unwrap_or_else(|| {
            if args.baseline.is_some() {
                0
            } else {
                rand::random()
            }
        }),
        ..RunOptions::default()
    })
}

/// The listeners of a run's events: the collector the reports are
/// written from, and the progress line when there is one.
struct Listeners {
    collector: Arc<Collector>,
    line: Option<Arc<progress::Line>>,
}

impl Listeners {
    fn new(libtest: &libtest_mimic::Arguments) -> Listeners {
        let line = progress::wanted(progress::Terminal::detect(), libtest)
            .then(|| Arc::new(progress::Line::new(Box::new(std::io::stderr()))));
        Listeners {
            collector: Arc::new(Collector::default()),
            line,
        }
    }

    /// Every listener, as one.
    fn all(&self) -> Arc<dyn Listener> {
        let mut all: Vec<Arc<dyn Listener>> = vec![self.collector.clone()];
        if let Some(l) = &self.line {
            all.push(l.clone());
        }
        Arc::new(Fanout(all))
    }
}

/// The trials under libtest, with the progress line when there is one;
/// libtest's conclusion (`None` when its printer stopped: standard output
/// closed).
fn run_trials(
    runner: &Arc<Runner>,
    rt: &tokio::runtime::Runtime,
    args: &RunArgs,
    libtest: &libtest_mimic::Arguments,
    listeners: &Listeners,
) -> Option<libtest_mimic::Conclusion> {
    let line = &listeners.line;
    let trials = crate::trial::trials(runner, rt.handle(), args.verbose > 0);
    let taken = |t: &libtest_mimic::Trial| !libtest.is_filtered_out(t) && !libtest.is_ignored(t);
    if !libtest.list {
        let one_at_a_time = libtest.test_threads == Some(1);
        trials.start(runner, rt.handle(), taken, one_at_a_time);
    }
    let timer = line.as_ref().and_then(|l| {
        let total = trials
            .list
            .iter()
            .filter(|t| !libtest.is_filtered_out(t) && !libtest.is_ignored(t))
            .count();
        l.set_total(total);
        progress::Line::spawn(l)
    });
    super::pipe::install();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        libtest_mimic::run(libtest, trials.list)
    }));
    if let Some(l) = &line {
        l.stop();
    }
    if let Some(t) = timer {
        let _ = t.join();
    }
    run.ok()
}

/// The counts libtest would have given, from the trials' records.
fn conclusion_of(records: &[TrialRecord]) -> libtest_mimic::Conclusion {
    let mut c = libtest_mimic::Conclusion {
        num_filtered_out: 0,
        num_passed: 0,
        num_failed: 0,
        num_ignored: 0,
        num_measured: 0,
    };
    for r in records {
        match r.verdict {
            Verdict::Pass => c.num_passed += 1,
            Verdict::Fail(_) => c.num_failed += 1,
            Verdict::Ignored(_) => c.num_ignored += 1,
        }
    }
    // libtest's printer stopped: whatever else happened, not a pass.
    c.num_failed = c.num_failed.max(1);
    c
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

/// The suite as far as the run needs it (the case files that may hold a
/// selected case, the schemas of the cases it takes compiled now, before
/// any request), and the products of the cases it takes.
fn load(args: &RunArgs) -> Result<(Arc<Suite>, BTreeSet<Product>), Error> {
    let selection = args.trials.selection();
    let suite = args.suite.load_selected(&selection)?;
    let taken: Vec<&Case> = suite
        .cases
        .iter()
        .filter(|c| selection.takes(&crate::escape::terminal(&c.id()), &c.trial_kind()))
        .collect();
    suite
        .schemas
        .compile(taken.iter().flat_map(|c| c.schemas()))?;
    let products = taken.iter().map(|c| c.product).collect();
    Ok((Arc::new(suite), products))
}

/// A first probe of each product the run's cases use: exit 3 before any
/// case when one cannot be reached at all.
async fn reachable(runner: &Runner, products: &BTreeSet<Product>) -> Result<(), Error> {
    let unreachable = runner.probe_only(&|p| products.contains(&p)).await;
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

/// What the reports say about the run besides the trials: from the
/// events (`collector`) and the run's setup.
fn info(
    collector: &Collector,
    runner: &Runner,
    (started_at, started): (chrono::DateTime<chrono::Utc>, std::time::Instant),
) -> RunInfo {
    let duration = started.elapsed();
    let (requests, bytes) = collector.requests();
    let seen = collector.sightings();
    RunInfo {
        targets: runner.targets(),
        started_at,
        duration,
        framework: runner.options.framework,
        deny_deviations: runner.options.deny_deviations,
        allow_destructive: runner.options.allow_destructive,
        deviations: collector
            .deviations()
            .into_iter()
            .map(|(id, cases)| {
                let d = runner.suite.deviations.list.iter().find(|d| d.id == id);
                DeviationMet {
                    summary: d.map_or(String::new(), |d| d.summary.clone()),
                    evidence: d.map_or(String::new(), |d| d.evidence.clone()),
                    seen: seen.get(&id).cloned(),
                    id,
                    cases: cases.into_iter().collect(),
                }
            })
            .collect(),
        unreachable: Vec::new(),
        requests,
        bytes,
        critical_path: None,
    }
}

/// `--junit`, `--json` and `--html`; what could not be written.
fn write_reports(args: &RunArgs, records: &[TrialRecord], info: &RunInfo) -> Vec<String> {
    let mut reports = Vec::new();
    if let Some(path) = &args.junit {
        reports.push(("JUnit", path, crate::report::junit(records, info)));
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&crate::report::json_report(records, info))
            .unwrap_or_default();
        reports.push(("JSON", path, text + "\n"));
    }
    if let Some(path) = &args.html {
        reports.push(("HTML", path, crate::report::html(records, info)));
    }
    if let Some(path) = &args.har {
        let text =
            serde_json::to_string_pretty(&crate::report::har(records, info)).unwrap_or_default();
        reports.push((
            "HAR",
            path,
            text + "
",
        ));
    }
    reports
        .into_iter()
        .filter_map(|(what, path, text)| {
            std::fs::write(path, text)
                .err()
                .map(|e| format!("cannot write the {what} report {}: {e}", path.display()))
        })
        .collect()
}

/// `-vv`: the exchanges of every case that did not fail (a failing case's
/// follow its report in libtest's output); on stderr when stdout is
/// libtest's JSON.
fn every_exchange(libtest: &libtest_mimic::Arguments, records: &[TrialRecord]) {
    let mut text = String::new();
    for r in records {
        if !matches!(r.verdict, Verdict::Fail(_)) {
            text.push_str(&crate::report::verbose(r));
        }
    }
    if text.is_empty() {
        return;
    }
    let text = format!("\nexchanges of the cases that did not fail (-vv):\n{text}");
    if matches!(libtest.format, Some(libtest_mimic::FormatSetting::Json)) {
        err(&text);
    } else {
        out(&text);
    }
}

/// The grouped summary after libtest's own result line (which is not
/// repeated: it is the run's one result line); nothing with `-q`, which
/// prints the failures and libtest's totals only. On stderr when stdout is
/// libtest's JSON.
fn summary(libtest: &libtest_mimic::Arguments, records: &[TrialRecord], info: &RunInfo) {
    if libtest.quiet {
        return;
    }
    let text = crate::report::summary(records, info);
    if matches!(libtest.format, Some(libtest_mimic::FormatSetting::Json)) {
        err(&text);
    } else {
        out(&text);
    }
}
