//! What a default run costs as the listing grows: the requests it sends,
//! and its wall time against a mock that answers every request after a
//! fixed latency (an appliance's answer time, not fortiprobe's CPU, sets
//! the run's time). `cargo bench --bench scale [-- TOKENS[@MS] ...]`;
//! defaults: 60, 1000, 5000, 100000 tokens without latency, and 5000 at 20 ms.
//! Prints one line per run (and, with FORTIPROBE_BENCH_CASES set, the 15
//! cases that sent the most requests); FORTIPROBE_BENCH_ONLY=p1,p2 runs only
//! the cases whose names start so. Not part of `cargo test`.
//!
//! The run is the default one (`fortiprobe run` without flags against the
//! embedded mock): every case, destructive ones included, in the run's
//! order (destructive last), two at a time as libtest runs them on two
//! cores, the walks budgeted.

// Tests and benches unwrap freely: a failure there should be loud.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use fortiprobe::run::{RunOptions, Runner, Verdict};
use fortiprobe::suite::{Source, Suite};
use fortiprobe_mock::{self as mock, MockOptions};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Cases in flight at once: libtest's default on this 2-core machine.
const AT_ONCE: usize = 2;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let plans: Vec<(usize, u64)> = if args.is_empty() {
        vec![(60, 0), (1000, 0), (5000, 0), (100_000, 0), (5000, 20)]
    } else {
        args.iter()
            .filter_map(|a| {
                let (t, ms) = a.split_once('@').unwrap_or((a, "0"));
                Some((t.parse().ok()?, ms.parse().ok()?))
            })
            .collect()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let suite = Arc::new(Suite::load(Source::Embedded, &[]).expect("suite"));
    println!("tokens  latency  requests  passed  failed  ignored  wall");
    for (tokens, ms) in plans {
        rt.block_on(one(Arc::clone(&suite), tokens, ms));
    }
}

async fn one(suite: Arc<Suite>, tokens: usize, ms: u64) {
    let opts = MockOptions {
        tokens,
        latency: Duration::from_millis(ms),
        ..MockOptions::default()
    };
    let m = mock::spawn(opts, 0).await.expect("mock");
    let target = fortiprobe::embedded::mock_target(&m.url(), m.credentials());
    let options = RunOptions {
        allow_destructive: true,
        ..RunOptions::default()
    };
    let runner = Arc::new(Runner::new(suite, &target, options).expect("runner"));
    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
    let mut tasks = Vec::new();
    let only: Vec<String> = std::env::var("FORTIPROBE_BENCH_ONLY")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let order: Vec<usize> = runner.suite.in_run_order().map(|(i, _)| i).collect();
    for i in order {
        let id = runner.suite.cases[i].id();
        if !only.is_empty() && !only.iter().any(|p| id.starts_with(p.as_str())) {
            continue;
        }
        let r = Arc::clone(&runner);
        let permit = Arc::clone(&gate).acquire_owned().await;
        tasks.push(tokio::spawn(async move {
            let _permit = permit;
            let case = &r.suite.cases[i];
            (case.id(), r.run_case_report(case).await)
        }));
    }
    let (mut passed, mut failed, mut ignored) = (0, 0, 0);
    let mut costs = Vec::new();
    for t in tasks {
        let Ok((id, report)) = t.await else {
            failed += 1;
            continue;
        };
        match report.verdict {
            Verdict::Pass => passed += 1,
            Verdict::Ignored(_) => ignored += 1,
            Verdict::Fail(_) => failed += 1,
        }
        costs.push((report.requests, id));
    }
    let wall = started.elapsed();
    println!(
        "{tokens:>6}  {ms:>4} ms  {:>8}  {passed:>6}  {failed:>6}  {ignored:>7}  {:.2} s",
        m.requests(),
        wall.as_secs_f64()
    );
    if std::env::var_os("FORTIPROBE_BENCH_CASES").is_some() {
        costs.sort();
        costs.reverse();
        for (n, id) in costs.iter().take(15) {
            println!("        {n:>6}  {id}");
        }
    }
    m.shutdown().await;
}
