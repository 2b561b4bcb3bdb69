//! The kill matrix: the whole suite against the reference mock once per
//! fault (all in one process, several at a time), and which cases failed.
//! A fault is *caught* when the run fails and every case named to catch it
//! failed; the matrix shows which check guards which behaviour. Which
//! cases must catch a fault is data, `catchers.yaml`: the mock knows its
//! faults but names no case.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::run::{RunOptions, Runner, Verdict};
use crate::suite::Suite;
use fortiprobe_mock::faults::{FaultInfo, FAULTS};
use fortiprobe_mock::{self as mock, MockOptions};

/// Faults run at once.
const FAULTS_AT_ONCE: usize = 8;
/// Cases of one fault's run in flight at once: one, in the order of their
/// names, so that a fault's failing cases are the same on every run (a
/// delete happens before the same later cases each time). Transport faults
/// fail every request they touch whatever the order, so their cases run
/// several at a time to bound the time spent waiting for timeouts.
const CASES_AT_ONCE: usize = 1;
const TRANSPORT_CASES_AT_ONCE: usize = 8;

/// One fault's run.
#[derive(Debug, Clone)]
pub struct FaultRun {
    pub info: &'static FaultInfo,
    /// Trials that failed.
    pub failed: BTreeSet<String>,
    /// The cases `catchers.yaml` names for this fault.
    pub catchers: Vec<String>,
    /// Named catchers that did not fail.
    pub missed: Vec<String>,
    /// Named catchers that are not cases of the suite at all.
    pub unknown: Vec<String>,
    pub elapsed: Duration,
    /// The run could not happen (the mock did not start).
    pub error: Option<String>,
}

impl FaultRun {
    pub fn caught(&self) -> bool {
        self.error.is_none()
            && !self.failed.is_empty()
            && self.missed.is_empty()
            && self.unknown.is_empty()
    }
}

/// The options of a run against the mock: everything allowed and strict;
/// transport faults with a short timeout so that a hang costs little.
pub fn run_options(transport: bool) -> RunOptions {
    RunOptions {
        baseline: None,
        allow_destructive: true,
        framework: true,
        deny_deviations: true,
        timeout: if transport {
            Duration::from_millis(500)
        } else {
            Duration::from_secs(10)
        },
        connect_timeout: Duration::from_secs(5),
        max_body: 4 * 1024 * 1024,
        rate: None,
        retry: crate::client::http::Retry::default(),
        ..RunOptions::default()
    }
}

/// Every case of `suite` against a fresh mock with `opts`, as (trial, verdict).
pub async fn run_suite(
    suite: Arc<Suite>,
    opts: MockOptions,
    options: RunOptions,
    at_once: usize,
) -> Result<Vec<(String, Verdict)>, String> {
    let m = mock::spawn(opts, 0)
        .await
        .map_err(|e| format!("the mock does not start: {e}"))?;
    let target = crate::embedded::mock_target(&m.url(), m.credentials());
    let runner = Arc::new(Runner::new(suite, &target, options).map_err(|e| e.to_string())?);
    let gate = Arc::new(Semaphore::new(at_once.max(1)));
    let order: Vec<usize> = runner.suite.in_run_order().map(|(i, _)| i).collect();
    let mut tasks = Vec::new();
    for i in order {
        let r = Arc::clone(&runner);
        // Taken here, in order: cases start in the order a run takes them
        // (by name, destructive cases last).
        let permit = Arc::clone(&gate).acquire_owned().await;
        tasks.push(tokio::spawn(async move {
            let _permit = permit;
            let case = &r.suite.cases[i];
            (case.id(), r.run_case(case).await)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        match t.await {
            Ok(x) => out.push(x),
            Err(e) => return Err(format!("a case task failed: {e}")),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    // The mock may hold hanging answers: stop it without waiting for them.
    drop(m);
    Ok(out)
}

/// The mock's data for a fault's run: the default (or `tokens` tokens, if
/// more), with enough tokens for the fault to show.
pub fn data_for(info: &FaultInfo, tokens: usize) -> MockOptions {
    let mut opts = MockOptions::default();
    opts.tokens = opts.tokens.max(tokens);
    if info.needs_tokens >= opts.tokens {
        opts.tokens = info.needs_tokens + 100;
    }
    opts.faults.insert(info.fault);
    opts
}

/// The table of `catchers.yaml`, compiled in: fault name -> the trials
/// (`product/endpoint/case`) that must fail when the fault is on.
pub const CATCHERS: &str = include_str!("../../../catchers.yaml");

/// `catchers.yaml` parsed and checked against the fault catalogue: every
/// fault has at least one catcher and every entry names a fault.
pub fn catchers() -> Result<BTreeMap<String, Vec<String>>, Vec<String>> {
    let doc = crate::yaml::parse("catchers.yaml", CATCHERS).map_err(|e| vec![e.to_string()])?;
    let table: BTreeMap<String, Vec<String>> = doc
        .extract("")
        .map_err(|e| e.iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
    let mut errors = Vec::new();
    for name in table.keys() {
        if let Err(e) = fortiprobe_mock::faults::Fault::from_name(name) {
            errors.push(format!(
                "catchers.yaml:{}: {e}",
                doc.line(&format!("/{name}"))
            ));
        }
    }
    for info in FAULTS {
        if table.get(info.name).is_none_or(Vec::is_empty) {
            errors.push(format!(
                "catchers.yaml: fault `{}` names no case that must catch it",
                info.name
            ));
        }
    }
    if errors.is_empty() {
        Ok(table)
    } else {
        Err(errors)
    }
}

async fn one(
    suite: Arc<Suite>,
    info: &'static FaultInfo,
    catchers: Vec<String>,
    tokens: usize,
) -> FaultRun {
    let started = Instant::now();
    let at_once = if info.transport {
        TRANSPORT_CASES_AT_ONCE
    } else {
        CASES_AT_ONCE
    };
    let result = run_suite(
        Arc::clone(&suite),
        data_for(info, tokens),
        run_options(info.transport),
        at_once,
    )
    .await;
    let mut run = FaultRun {
        info,
        catchers,
        failed: BTreeSet::new(),
        missed: Vec::new(),
        unknown: Vec::new(),
        elapsed: Duration::ZERO,
        error: None,
    };
    match result {
        Err(e) => run.error = Some(e),
        Ok(results) => {
            run.failed = results
                .iter()
                .filter(|(_, v)| matches!(v, Verdict::Fail(_)))
                .map(|(n, _)| n.clone())
                .collect();
            let known: BTreeSet<String> = suite.cases.iter().map(|c| c.id()).collect();
            for c in &run.catchers {
                if !known.contains(c) {
                    run.unknown.push(c.clone());
                } else if !run.failed.contains(c) {
                    run.missed.push(c.clone());
                }
            }
        }
    }
    run.elapsed = started.elapsed();
    run
}

/// Every fault of the catalogue (or those `only` names), several at a
/// time, each with its catchers from `table` (see [`catchers`]).
pub async fn run_faults(
    suite: Arc<Suite>,
    table: &BTreeMap<String, Vec<String>>,
    only: &[&str],
    tokens: usize,
) -> Vec<FaultRun> {
    let gate = Arc::new(Semaphore::new(FAULTS_AT_ONCE));
    let mut tasks = Vec::new();
    for info in FAULTS
        .iter()
        .filter(|i| only.is_empty() || only.contains(&i.name))
    {
        let suite = Arc::clone(&suite);
        let gate = Arc::clone(&gate);
        let named = table.get(info.name).cloned().unwrap_or_default();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            one(suite, info, named, tokens).await
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        if let Ok(r) = t.await {
            out.push(r);
        }
    }
    out
}

fn short(id: &str) -> &str {
    id.split_once('/').map_or(id, |(_, rest)| rest)
}

/// The matrix: each fault with the cases that failed (named catchers
/// marked), then each case with the faults it catches. For a transport
/// fault only its named catchers are listed: which other cases run into
/// its timeouts depends on timing, and the committed copy must not.
pub fn render(runs: &[FaultRun], cases: &[String], markdown: bool) -> String {
    let mut out = header(runs, markdown);
    for r in runs {
        out.push_str(&fault_row(r, markdown));
    }
    out.push_str(&per_case(runs, cases, markdown));
    out
}

fn header(runs: &[FaultRun], markdown: bool) -> String {
    let caught = runs.iter().filter(|r| r.caught()).count();
    if markdown {
        format!(
            "# Kill matrix\n\nGenerated by `fortiprobe kill-matrix --markdown`: the whole suite against the reference mock \
             once per fault (`fortiprobe faults` lists them; each breaks one documented behaviour). \
             A fault is caught when the run fails and every case named to catch it (in bold) fails. \
             Transport faults list only their named catchers (which other cases time out depends on timing). \
             `cargo test` runs the same matrix and fails when a fault is not caught or this file is out of date.\n\n\
             {caught} of {} faults caught.\n\n| fault | what it breaks | failing cases |\n|---|---|---|\n",
            runs.len()
        )
    } else {
        format!("{caught} of {} faults caught\n\n", runs.len())
    }
}

/// The failed cases the matrix shows for a fault.
fn shown(r: &FaultRun) -> impl Iterator<Item = &String> {
    r.failed
        .iter()
        .filter(|c| !r.info.transport || r.catchers.contains(c))
}

fn fault_row(r: &FaultRun, markdown: bool) -> String {
    let named: BTreeSet<&str> = r.catchers.iter().map(String::as_str).collect();
    let mut cells: Vec<String> = shown(r)
        .map(|c| match (named.contains(c.as_str()), markdown) {
            (true, true) => format!("**{}**", short(c)),
            (true, false) => format!("{}*", short(c)),
            (false, _) => short(c).to_string(),
        })
        .collect();
    if r.info.transport && r.failed.len() > cells.len() {
        cells.push("and other cases that touch it".into());
    }
    for m in r.missed.iter().chain(&r.unknown) {
        cells.push(format!("NOT FAILED: {}", short(m)));
    }
    if let Some(e) = &r.error {
        cells.push(format!("NOT RUN: {e}"));
    }
    let list = |none: &str| {
        if cells.is_empty() {
            none.to_string()
        } else {
            cells.join(", ")
        }
    };
    if markdown {
        format!(
            "| `{}` | {} | {} |\n",
            r.info.name,
            r.info.about.replace('|', "\\|"),
            list("none: NOT CAUGHT")
        )
    } else {
        format!(
            "{} {}  ({}; {:.1} s)\n    {}\n",
            if r.caught() { "caught " } else { "MISSED " },
            r.info.name,
            r.info.about,
            r.elapsed.as_secs_f64(),
            list("no case failed")
        )
    }
}

fn per_case(runs: &[FaultRun], cases: &[String], markdown: bool) -> String {
    let mut per_case: Vec<(&str, Vec<&str>)> = cases
        .iter()
        .map(|c| {
            let faults = runs
                .iter()
                .filter(|r| shown(r).any(|x| x == c))
                .map(|r| r.info.name)
                .collect();
            (c.as_str(), faults)
        })
        .collect();
    per_case.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    if markdown {
        out.push_str("\n## Cases and the faults they catch\n\nA case that catches no fault guards a behaviour no fault breaks yet.\n\n| case | faults caught |\n|---|---|\n");
        for (c, faults) in &per_case {
            let list = if faults.is_empty() {
                "none yet".to_string()
            } else {
                let f: Vec<String> = faults.iter().map(|f| format!("`{f}`")).collect();
                f.join(", ")
            };
            let _ = writeln!(out, "| `{c}` | {list} |");
        }
    } else {
        let idle: Vec<&str> = per_case
            .iter()
            .filter(|(_, f)| f.is_empty())
            .map(|(c, _)| *c)
            .collect();
        let _ = writeln!(
            out,
            "\ncases that catch no fault yet ({}): {}",
            idle.len(),
            idle.join(", ")
        );
    }
    out
}

/// One line per fault, for `fortiprobe faults`.
pub fn list() -> String {
    let mut out = String::new();
    for i in FAULTS {
        let _ = writeln!(
            out,
            "{:<34} {}{}",
            i.name,
            i.about,
            if i.transport { " [transport]" } else { "" }
        );
    }
    out
}
