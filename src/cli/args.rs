//! The command line's shape: clap types for every subcommand and their
//! flags, turned into the library's options (`MockData::options`). No
//! behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::mock::{self, MockOptions};
use crate::suite::{Source, Suite};

const EXIT_CODES: &str = "Environment:
  a target file's ${VAR} values are read from the environment (a missing one is
  named, its value never shown); nothing else is read from the environment.

Exit codes:
  0    every trial passed or was ignored
  2    bad usage, target file or case file (reported before any request),
       or a --junit/--json report could not be written
  3    a configured target could not be reached at all (connection or TLS failure)
  101  a trial failed
  130  interrupted by Ctrl-C (SIGINT); 143 for SIGTERM, 129 for SIGHUP: what the
       running cases created was cleaned up first, and the run says what is left
  1    (diff only) the two baselines differ";

#[derive(Debug, Parser)]
#[command(
    name = "fortiprobe",
    version,
    about = "Contract tests for the FortiAuthenticator, FortiToken Cloud and FortiPortal REST APIs",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the conformance suite: against the target file given with --config,
    /// or, without it, against the reference mock started in-process.
    #[command(after_help = EXIT_CODES)]
    Run(Box<RunArgs>),
    /// Serve the reference mock until stopped; prints its URL and a target file for it.
    Mock(MockArgs),
    /// List every case with what it checks, its kind and basis (no target needed).
    Cases(CasesArgs),
    /// List the reference mock's faults, one line each.
    Faults,
    /// What changed between two recorded baselines (`run --baseline DIR --record`),
    /// grouped by product and endpoint. Exit 0 when nothing did, 1 when something did.
    Diff(DiffArgs),
    /// Run the suite against the mock once per fault and print which cases
    /// fail for which fault (exit 0 only when every fault is caught).
    KillMatrix(KillMatrixArgs),
    /// Validate schemas/ and cases/ (and any --cases folders) without a target:
    /// every error with its file and line, or a one-line summary.
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// Print an OpenAPI 3.1 document of the three APIs, built from schemas/ and cases/.
    Openapi(OpenapiArgs),
}

const CHECK_EXIT_CODES: &str = "Exit codes:
  0    the schemas and cases are valid
  2    bad usage, or a schema or case file is broken (each error with its file and line)";

/// Where the schemas and cases come from: `--suite` and `--cases`.
#[derive(Debug, Args, Clone, Default)]
pub struct SuiteArgs {
    /// Read schemas/ and cases/ from this folder instead of the copies built into the binary.
    #[arg(long, value_name = "DIR")]
    pub suite: Option<PathBuf>,
    /// A folder of extra case files (*.yaml, searched recursively), loaded
    /// with the suite's own cases; repeatable.
    #[arg(long = "cases", value_name = "DIR")]
    pub cases: Vec<PathBuf>,
}

impl SuiteArgs {
    /// Loads the suite these flags name; every error at once.
    pub fn load(&self) -> Result<Suite, Vec<crate::yaml::LoadError>> {
        let extra: Vec<&std::path::Path> = self.cases.iter().map(PathBuf::as_path).collect();
        match &self.suite {
            Some(dir) => Suite::load(Source::Dir(dir), &extra),
            None => Suite::load(Source::Embedded, &extra),
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub suite: SuiteArgs,
}

#[derive(Debug, Args)]
pub struct OpenapiArgs {
    /// Write the document to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub suite: SuiteArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The baseline before (e.g. today's firmware).
    pub before: PathBuf,
    /// The baseline after (e.g. the upgraded firmware).
    pub after: PathBuf,
    /// Markdown, for a change review.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct KillMatrixArgs {
    /// Markdown (the committed copy is KILL-MATRIX.md).
    #[arg(long)]
    pub markdown: bool,
    /// Only these faults (repeatable).
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CasesArgs {
    /// Markdown tables (the committed copy is CASES.md).
    #[arg(long)]
    pub markdown: bool,
    #[command(flatten)]
    pub suite: SuiteArgs,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Target file (YAML); `${VAR}` values are read from the environment.
    /// Without it, the reference mock is started on 127.0.0.1 and everything runs.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also run cases that make lasting changes (deleting a FortiToken,
    /// temporary tokens without expiry). Implied for the embedded mock.
    #[arg(long)]
    pub allow_destructive: bool,
    /// Also check framework behaviour the vendor docs do not promise.
    #[arg(long)]
    pub strict: bool,
    /// Seconds a request may take, answer included.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    #[command(flatten)]
    pub suite: SuiteArgs,
    /// At most N requests a second over the whole run (FortiToken Cloud trial
    /// accounts allow 60 requests in 5 minutes: --rate 0.2).
    #[arg(long, value_name = "N", value_parser = positive_rate)]
    pub rate: Option<f64>,
    /// Times a request is tried again after a connection that could not be made
    /// (or, for a GET, broke); a 429 is always honoured up to 3 times.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// Walk every page at every limit. By default a walk at a small limit
    /// checks a sample of pages (the first 4, 3 runs of 3 spread over the
    /// listing, the last 4) and a filtered walk at the largest limit 8 pages,
    /// while the full listing is walked once at the largest limit.
    #[arg(long)]
    pub exhaustive: bool,
    /// The most pages one walk may fetch before it stops with a finding
    /// (a listing that never ends).
    #[arg(long, value_name = "N", default_value_t = crate::client::walker::DEFAULT_MAX_PAGES, value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1..=1_000_000), |n| n as usize))]
    pub max_pages: usize,
    /// Compare each case's normalised exchanges with the snapshots in DIR
    /// (a case that differs fails with what changed); runs one case at a time.
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
    /// Write a JUnit XML report (Jenkins, GitLab) of the trials that ran.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write a JSON report: each case's outcome, timing and findings, the
    /// known deviations met, the version and target URLs (never a secret).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// With --baseline: write the snapshots instead of comparing.
    #[arg(long, requires = "baseline")]
    pub record: bool,
    #[command(flatten)]
    pub mock: MockData,
    #[command(flatten)]
    pub libtest: libtest_mimic::Arguments,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    #[command(flatten)]
    pub data: MockData,
}

/// The reference mock's data (for `mock`, and for `run` without --config).
#[derive(Debug, Args, Clone)]
pub struct MockData {
    /// Seed of the mock's generated data.
    #[arg(long = "mock-seed", value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Number of FortiTokens the mock holds.
    #[arg(long = "mock-tokens", value_name = "N", default_value_t = 60)]
    pub tokens: usize,
    /// Order of keys in token objects: documented, alphabetical or reversed.
    #[arg(
        long = "mock-key-order",
        value_name = "ORDER",
        default_value = "documented"
    )]
    pub key_order: String,
    /// Add an undocumented field to every object (as newer firmware does).
    #[arg(long = "mock-extra-field")]
    pub extra_field: bool,
    /// Serials with lower-case letters mixed in.
    #[arg(long = "mock-mixed-case")]
    pub mixed_case: bool,
    /// The shapes seen on real appliances (see api-notes.md, [seen]).
    #[arg(long = "mock-seen-shapes")]
    pub seen_shapes: bool,
    /// Switch on a fault in the mock (repeatable); `fortiprobe faults` lists them.
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Serve HTTPS with a self-signed certificate made at start (the target
    /// trusts it through `ca_cert`).
    #[arg(long = "mock-tls")]
    pub tls: bool,
}

impl MockData {
    pub fn options(&self) -> Result<MockOptions, String> {
        let key_order = match self.key_order.as_str() {
            "documented" => mock::KeyOrder::Documented,
            "alphabetical" => mock::KeyOrder::Alphabetical,
            "reversed" => mock::KeyOrder::Reversed,
            other => {
                return Err(format!(
                    "--mock-key-order {other:?}: expected documented, alphabetical or reversed"
                ))
            }
        };
        let faults = self
            .faults
            .iter()
            .map(|n| mock::faults::Fault::from_name(n).map_err(|e| format!("--fault: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(MockOptions {
            faults,
            seed: self.seed,
            tokens: self.tokens,
            key_order,
            extra_field: self.extra_field,
            mixed_case_serials: self.mixed_case,
            seen_shapes: self.seen_shapes,
            tls: self.tls,
            rate_limit: None,
        })
    }
}

pub(super) fn positive_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "{text:?} is not a positive number of requests per second"
        )),
    }
}
