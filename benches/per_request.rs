//! fortiprobe's own cost per request against a bare reqwest keep-alive
//! loop of the same request to the same reference mock (in-process, on
//! loopback). `cargo bench --bench per_request`; prints microseconds per
//! request for both and their ratio. Not part of `cargo test`.
//!
//! The request: GET /api/v1/fortitokens/?format=json (a page of 20 tokens)
//! with HTTP Basic credentials. fortiprobe runs the case
//! `fortiauthenticator/fortitokens/list_format_json`, which builds the
//! request, checks it against its request schema, sends it, and judges
//! status, content type, the list schema and two fields.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use fortiprobe::mock::{self, MockOptions};
use fortiprobe::run::{RunOptions, Runner, Verdict};
use fortiprobe::suite::{Source, Suite};

// The allocator the fortiprobe binary uses (src/main.rs), for both loops.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const N: usize = 5000;
const ROUNDS: usize = 5;

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

        let mut bare_best = Duration::MAX;
        let mut probe_best = Duration::MAX;
        for _ in 0..ROUNDS {
            let t = Instant::now();
            for _ in 0..N {
                let r = bare
                    .get(&url)
                    .header("Authorization", &auth)
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                let body = r.bytes().await.unwrap();
                assert!(status == 200 && !body.is_empty());
            }
            bare_best = bare_best.min(t.elapsed());
            let t = Instant::now();
            for _ in 0..N {
                assert_eq!(runner.run_case(case).await, Verdict::Pass);
            }
            probe_best = probe_best.min(t.elapsed());
        }
        let per = |d: Duration| d.as_secs_f64() * 1e6 / N as f64;
        println!("requests per round: {N}, best of {ROUNDS} rounds");
        println!(
            "bare reqwest keep-alive loop: {:>8.1} µs/request",
            per(bare_best)
        );
        println!(
            "fortiprobe (send + checks):   {:>8.1} µs/request",
            per(probe_best)
        );
        println!(
            "ratio: {:.2}",
            probe_best.as_secs_f64() / bare_best.as_secs_f64()
        );
        m.shutdown().await;
    });
}
