//! The kill matrix: cases against the reference mock with one fault on,
//! and which of them failed. A fault is *caught* when every case named to
//! catch it fails; which cases must catch a fault is data, `catchers.yaml`
//! (the mock knows its faults but names no case).
//!
//! Each (fault, case) pair runs on its own: a fresh mock with the fault on,
//! a fresh runner, the case. Only cases that send nothing but GETs share a
//! fault's mock (none of them changes what another sees). So a cell's
//! outcome depends on nothing else that ran: pairs run in any order and in
//! parallel, and any part of the matrix gives the cells the whole gives.
//! Which cases run for a fault is the plan's `Scope`: every case (the whole
//! matrix, `fortiprobe kill-matrix`, KILL-MATRIX.md), the cases that can
//! see the fault (they send a request its catchers send, see `reach`), or
//! its catchers alone; either of the last two with a sample of the other
//! cases drawn from a seed. A fault costs one mock for its readers and one
//! per case that writes.

mod reach;
mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::run::{RunOptions, Runner, Verdict};
use crate::suite::Suite;
use fortiprobe_mock::catalogue::required;
use fortiprobe_mock::faults::{FaultInfo, FAULTS};
use fortiprobe_mock::{self as mock, MockOptions};

pub use reach::{can_see, reach};
pub use render::{render, Committed};

/// Mocks in flight at once (a fault's readers, or one case that writes):
/// mostly CPU (the mock and the checks share the process), with room for
/// transport faults' timeouts.
const MOCKS_AT_ONCE: usize = 8;
/// Cases of one mock's group in flight at once.
const CASES_AT_ONCE: usize = 8;

/// Which cases run for each fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every case of the suite: the whole matrix (KILL-MATRIX.md).
    All,
    /// The cases that send a request the fault's catchers send (`reach`),
    /// and the catchers.
    Reach,
    /// The catchers alone.
    Catchers,
}

/// What a kill-matrix run runs.
#[derive(Debug, Clone)]
pub struct Plan {
    pub scope: Scope,
    /// Cases outside the scope also run for each fault, this many, drawn
    /// from `seed` and the fault's name (none for transport faults, whose
    /// other victims depend on timing).
    pub sample: usize,
    pub seed: u64,
    /// The mock holds at least this many FortiTokens.
    pub tokens: usize,
    /// Only these faults (all when empty).
    pub only: Vec<String>,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            scope: Scope::All,
            sample: 0,
            seed: 0,
            tokens: 0,
            only: Vec::new(),
        }
    }
}

/// One fault's run.
#[derive(Debug, Clone)]
pub struct FaultRun {
    pub info: &'static FaultInfo,
    /// Cases that ran, and those drawn as the sample.
    pub ran: BTreeSet<String>,
    pub sampled: BTreeSet<String>,
    /// Cases that failed.
    pub failed: BTreeSet<String>,
    /// The cases `catchers.yaml` names for this fault.
    pub catchers: Vec<String>,
    /// Named catchers that did not fail.
    pub missed: Vec<String>,
    /// Named catchers that are not cases of the suite at all.
    pub unknown: Vec<String>,
    /// The pairs' time added up (they run in parallel).
    pub elapsed: Duration,
    /// A case could not run (the mock did not start): the first reason.
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
        // The group's gate bounds the cases at once, not the product's slots.
        jobs: Some(CASES_AT_ONCE),
        ..RunOptions::default()
    }
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

/// The case at `index` alone against a fresh mock with `opts`: its verdict.
pub async fn run_alone(
    suite: Arc<Suite>,
    index: usize,
    opts: MockOptions,
    options: RunOptions,
) -> Result<Verdict, String> {
    let mut out = run_group(suite, vec![index], opts, options).await?;
    out.pop()
        .map(|(_, v)| v)
        .ok_or_else(|| "the case did not run".to_string())
}

/// The cases at `indexes` against one fresh mock with `opts` and one
/// runner, several at once: each case's verdict. Only cases that send
/// nothing but GETs share a mock (`reads_only`): none of them changes what
/// another sees, so each verdict is the one it would have alone.
async fn run_group(
    suite: Arc<Suite>,
    indexes: Vec<usize>,
    opts: MockOptions,
    options: RunOptions,
) -> Result<Vec<(usize, Verdict)>, String> {
    let m = mock::spawn(opts, 0)
        .await
        .map_err(|e| format!("the mock does not start: {e}"))?;
    let products: BTreeSet<_> = indexes.iter().map(|&i| suite.cases[i].product).collect();
    let mut target = crate::embedded::mock_target(&m.url(), m.credentials());
    target.products.retain(|p, _| products.contains(p));
    let runner = Arc::new(Runner::new(suite, &target, options).map_err(|e| e.to_string())?);
    let gate = Arc::new(Semaphore::new(CASES_AT_ONCE));
    let mut tasks = Vec::new();
    for i in indexes {
        let (runner, gate) = (Arc::clone(&runner), Arc::clone(&gate));
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            (i, runner.run_case(&runner.suite.cases[i]).await)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.map_err(|e| format!("a case panicked: {e}"))?);
    }
    // The mock may hold hanging answers: stop it without waiting for them.
    drop(m);
    Ok(out)
}

/// A case that sends nothing but GETs (its own requests: a FortiToken
/// Cloud login made for it changes nothing another case sees).
fn reads_only(case: &crate::suite::Case) -> bool {
    !case.exclusive() && case.touches().iter().all(|t| !t.writes())
}

/// The table of `catchers.yaml`, compiled in: fault name -> the trials
/// (`product/endpoint/case`) that must fail when the fault is on.
pub const CATCHERS: &str = include_str!("../../../../catchers.yaml");

/// `catchers.yaml` parsed and checked against the fault catalogue: every
/// fault has at least one catcher and every entry names a fault.
pub fn catchers() -> Result<BTreeMap<String, Vec<String>>, Vec<String>> {
    // The rule faults' catchers are the derived cases that check their rule
    // (`crate::catchers`): the suite is read for them.
    let suite = Suite::load(crate::suite::Source::Embedded, &[])
        .map_err(|e| e.iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
    // The faults that must be caught: the named ones and the derived ones
    // cases are known to catch (`required()`); the other derived faults
    // (`catalogue::pending()`) stay out of the matrix.
    let names: Vec<&str> = required().iter().map(|f| f.name).collect();
    crate::catchers::table(&suite, &names, &[])
}

/// `catchers()`, and for the pending derived faults the derived cases that
/// check their rule, where any does (for `fortiprobe explain`).
pub fn every_catcher() -> Result<BTreeMap<String, Vec<String>>, Vec<String>> {
    let suite = Suite::load(crate::suite::Source::Embedded, &[])
        .map_err(|e| e.iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
    let names: Vec<&str> = required().iter().map(|f| f.name).collect();
    let pending: Vec<&str> = fortiprobe_mock::catalogue::pending()
        .iter()
        .map(|f| f.name)
        .collect();
    crate::catchers::table(&suite, &names, &pending)
}

/// The cases (indexes into `suite.cases`) a fault's run takes, and which
/// of them were drawn as the sample.
pub fn selection(
    suite: &Suite,
    info: &FaultInfo,
    catchers: &[String],
    plan: &Plan,
) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let named: BTreeSet<usize> = suite
        .cases
        .iter()
        .enumerate()
        .filter(|(_, c)| catchers.contains(&c.id()))
        .map(|(i, _)| i)
        .collect();
    let scoped: BTreeSet<usize> = match plan.scope {
        Scope::All => (0..suite.cases.len()).collect(),
        Scope::Catchers => named.clone(),
        Scope::Reach => {
            let within = reach(named.iter().map(|&i| &suite.cases[i]));
            let mut s: BTreeSet<usize> = suite
                .cases
                .iter()
                .enumerate()
                .filter(|(_, c)| can_see(c, &within))
                .map(|(i, _)| i)
                .collect();
            s.extend(&named);
            s
        }
    };
    let rest: Vec<usize> = (0..suite.cases.len())
        .filter(|i| !scoped.contains(i))
        .collect();
    let n = if info.transport { 0 } else { plan.sample };
    let drawn: BTreeSet<usize> = draw(
        &rest,
        n,
        plan.seed ^ crate::probe::walker::fingerprint(info.name),
    )
    .into_iter()
    .collect();
    (scoped.union(&drawn).copied().collect(), drawn)
}

/// `n` of `from`, drawn without repeats by a splitmix64 sequence from
/// `seed` (the same on every platform and release).
fn draw(from: &[usize], n: usize, seed: u64) -> Vec<usize> {
    let mut pool = from.to_vec();
    let mut state = seed;
    let mut out = Vec::new();
    while out.len() < n && !pool.is_empty() {
        let at = (crate::probe::walker::splitmix64(&mut state) % pool.len() as u64) as usize;
        out.push(pool.swap_remove(at));
    }
    out
}

/// Every fault of the catalogue (or those `plan.only` names), its cases as
/// the plan says, every pair alone and several at once; each fault with
/// its catchers from `table` (see [`catchers`]).
pub async fn run_faults(
    suite: Arc<Suite>,
    table: &BTreeMap<String, Vec<String>>,
    plan: &Plan,
) -> Vec<FaultRun> {
    let gate = Arc::new(Semaphore::new(MOCKS_AT_ONCE));
    let faults: Vec<&'static FaultInfo> = required()
        .iter()
        .filter(|i| plan.only.is_empty() || plan.only.iter().any(|o| o == i.name))
        .collect();
    let mut runs = Vec::new();
    let mut tasks = Vec::new();
    for (k, info) in faults.into_iter().enumerate() {
        let named = table.get(info.name).cloned().unwrap_or_default();
        let (cases, drawn) = selection(&suite, info, &named, plan);
        runs.push(new_run(&suite, info, named, &cases, &drawn));
        let (readers, writers): (Vec<usize>, Vec<usize>) = cases
            .into_iter()
            .partition(|&i| reads_only(&suite.cases[i]));
        let groups = std::iter::once(readers)
            .filter(|g| !g.is_empty())
            .chain(writers.into_iter().map(|i| vec![i]));
        for group in groups {
            let (suite, gate) = (Arc::clone(&suite), Arc::clone(&gate));
            let opts = data_for(info, plan.tokens);
            tasks.push((
                k,
                tokio::spawn(async move {
                    let _permit = gate.acquire_owned().await;
                    let started = Instant::now();
                    let out = run_group(suite, group, opts, run_options(info.transport)).await;
                    (out, started.elapsed())
                }),
            ));
        }
    }
    for (k, task) in tasks {
        let (out, took) = task
            .await
            .unwrap_or_else(|e| (Err(format!("a case panicked: {e}")), Duration::ZERO));
        let Some(run) = runs.get_mut(k) else {
            continue;
        };
        run.elapsed += took;
        match out {
            Ok(verdicts) => {
                for (i, v) in verdicts {
                    if matches!(v, Verdict::Fail(_)) {
                        run.failed.insert(suite.cases[i].id());
                    }
                }
            }
            Err(e) => {
                run.error.get_or_insert(e);
            }
        }
    }
    for run in &mut runs {
        judge(run, &suite);
    }
    runs
}

fn new_run(
    suite: &Suite,
    info: &'static FaultInfo,
    catchers: Vec<String>,
    cases: &BTreeSet<usize>,
    drawn: &BTreeSet<usize>,
) -> FaultRun {
    FaultRun {
        info,
        ran: cases.iter().map(|&i| suite.cases[i].id()).collect(),
        sampled: drawn.iter().map(|&i| suite.cases[i].id()).collect(),
        failed: BTreeSet::new(),
        catchers,
        missed: Vec::new(),
        unknown: Vec::new(),
        elapsed: Duration::ZERO,
        error: None,
    }
}

/// Which named catchers did not fail, and which are no case at all.
fn judge(run: &mut FaultRun, suite: &Suite) {
    let known: BTreeSet<String> = suite.cases.iter().map(|c| c.id()).collect();
    for c in &run.catchers {
        if !known.contains(c) {
            run.unknown.push(c.clone());
        } else if !run.failed.contains(c) {
            run.missed.push(c.clone());
        }
    }
}

/// One line per fault, for `fortiprobe faults`: the named faults, then
/// those derived from the mock's declarations (`[derived]`).
pub fn list() -> String {
    let mut out = String::new();
    for i in fortiprobe_mock::catalogue::all() {
        let derived = !FAULTS.iter().any(|n| n.fault == i.fault);
        let _ = writeln!(
            out,
            "{:<34} {}{}{}",
            i.name,
            i.about,
            if i.transport { " [transport]" } else { "" },
            if derived { " [derived]" } else { "" }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_drawn_without_repeats_and_the_same_for_the_same_seed() {
        let from: Vec<usize> = (0..50).collect();
        let a = draw(&from, 5, 7);
        assert_eq!(a, draw(&from, 5, 7));
        assert_eq!(a.iter().collect::<BTreeSet<_>>().len(), 5);
        assert_ne!(a, draw(&from, 5, 8));
        assert_eq!(draw(&from[..3], 5, 7).len(), 3);
        assert!(draw(&from, 0, 7).is_empty());
    }

    #[test]
    fn a_catchers_plan_runs_the_catchers_and_its_sample_only() {
        let suite = crate::suite::Suite::load(crate::suite::Source::Embedded, &[]).expect("suite");
        let table = catchers().expect("catchers.yaml");
        let info = &FAULTS[0];
        let named = table[info.name].clone();
        let plan = Plan {
            scope: Scope::Catchers,
            sample: 2,
            ..Plan::default()
        };
        let (cases, drawn) = selection(&suite, info, &named, &plan);
        assert_eq!(drawn.len(), 2);
        assert_eq!(cases.len(), named.len() + 2);
        for c in &named {
            assert!(cases.iter().any(|&i| &suite.cases[i].id() == c), "{c}");
        }
        let all = selection(&suite, info, &named, &Plan::default()).0;
        assert_eq!(all.len(), suite.cases.len());
    }
}
