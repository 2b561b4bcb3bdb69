//! fortiprobe's own cost per request against a bare reqwest keep-alive
//! loop of the same request to the same reference mock (in-process, on
//! loopback). `cargo bench --bench per_request`; prints microseconds per
//! request for both and their ratio, as medians of interleaved rounds
//! (a batch of each per round, in alternating order). Not part of `cargo test`.
//!
//! `PER_REQUEST_SIDE=bare|probe PER_REQUEST_N=n` runs one side alone for
//! `n` requests after the warm-up, for counting instructions under
//! valgrind (`--tool=callgrind`): two runs of different `n` give that
//! side's instructions per request, whatever the machine's load.
//!
//! The request: GET /api/v1/fortitokens/?format=json (a page of 20 tokens)
//! with HTTP Basic credentials. fortiprobe runs the case
//! `fortiauthenticator/fortitokens/list_format_json`, which builds the
//! request, checks it against its request schema, sends it, and judges
//! status, content type, the list schema and two fields.

// Tests and benches unwrap freely: a failure there should be loud.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use fortiprobe::run::{RunOptions, Runner, Verdict};
use fortiprobe::suite::{Source, Suite};
use fortiprobe_mock::{self as mock, MockOptions};

// The allocator the fortiprobe binary uses (src/main.rs), for both loops.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BATCH: usize = 500;
const ROUNDS: usize = 41;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let m = mock::spawn(MockOptions::default(), 0).await.expect("mock");
        let c = m.credentials().clone();
        let url = format!("{}/api/v1/fortitokens/?format=json", m.url());
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", c.fac_username, c.fac_api_key))
        );
        let bare = reqwest::Client::builder().build().expect("client");

        let suite = Arc::new(Suite::load(Source::Embedded, &[]).expect("suite"));
        let target = fortiprobe::embedded::mock_target(&m.url(), &c);
        let runner =
            Runner::new(Arc::clone(&suite), &target, RunOptions::default()).expect("runner");
        let case = suite
            .cases
            .iter()
            .find(|c| c.id() == "fortiauthenticator/fortitokens/list_format_json")
            .expect("case");

        // Warm up both paths (connections, caches, compiled validators).
        for _ in 0..200 {
            let r = bare
                .get(&url)
                .header("Authorization", &auth)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let _ = r.bytes().await.unwrap();
            assert_eq!(runner.run_case(case).await, Verdict::Pass);
        }

        // One side alone, for instruction counts under valgrind: the
        // difference between two runs of different lengths is that side's
        // cost of `n` requests, start-up and warm-up cancelled.
        if let Ok(side) = std::env::var("PER_REQUEST_SIDE") {
            let n: usize = std::env::var("PER_REQUEST_N")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(BATCH);
            for _ in 0..n {
                if side == "bare" {
                    bare_batch_of(&bare, &url, &auth, 1).await;
                } else {
                    assert_eq!(runner.run_case(case).await, Verdict::Pass);
                }
            }
            m.shutdown().await;
            return;
        }

        // Interleaved pairs: each round times a batch of each, in
        // alternating order, so a busy moment of the machine falls on both
        // sides; the medians of the rounds and of their ratios are kept.
        let mut bare_times = Vec::with_capacity(ROUNDS);
        let mut probe_times = Vec::with_capacity(ROUNDS);
        let mut ratios = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS {
            let (b, p) = if round % 2 == 0 {
                let b = bare_batch(&bare, &url, &auth).await;
                (b, probe_batch(&runner, case).await)
            } else {
                let p = probe_batch(&runner, case).await;
                (bare_batch(&bare, &url, &auth).await, p)
            };
            ratios.push(p.as_secs_f64() / b.as_secs_f64());
            bare_times.push(b);
            probe_times.push(p);
        }
        let per = |d: Duration| d.as_secs_f64() * 1e6 / BATCH as f64;
        let (bare_med, probe_med) = (median(&mut bare_times), median(&mut probe_times));
        ratios.sort_by(f64::total_cmp);
        println!("{ROUNDS} interleaved rounds of {BATCH} requests each side; medians");
        println!(
            "bare reqwest keep-alive loop: {:>8.1} µs/request",
            per(bare_med)
        );
        println!(
            "fortiprobe (send + checks):   {:>8.1} µs/request",
            per(probe_med)
        );
        println!(
            "ratio: median {:.2} (quartiles {:.2} to {:.2})",
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[ROUNDS * 3 / 4]
        );
        m.shutdown().await;
    });
}

async fn bare_batch(bare: &reqwest::Client, url: &str, auth: &str) -> Duration {
    bare_batch_of(bare, url, auth, BATCH).await
}

async fn bare_batch_of(bare: &reqwest::Client, url: &str, auth: &str, n: usize) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        let r = bare
            .get(url)
            .header("Authorization", auth)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let body = r.bytes().await.unwrap();
        assert!(status == 200 && !body.is_empty());
    }
    t.elapsed()
}

async fn probe_batch(runner: &Runner, case: &fortiprobe::suite::Case) -> Duration {
    let t = Instant::now();
    for _ in 0..BATCH {
        assert_eq!(runner.run_case(case).await, Verdict::Pass);
    }
    t.elapsed()
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}
