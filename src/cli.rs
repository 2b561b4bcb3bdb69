//! The command line: parses flags into validated options, calls the
//! library, and maps the outcome to a documented exit code. Errors are
//! printed once, here, at the edge.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::config::{ProductTarget, Target};
use crate::mock::{self, Credentials, MockOptions};
use crate::run::{RunOptions, Runner};
use crate::suite::{Product, Source, Suite};

/// Exit codes, as documented in `--help` and the README.
pub mod exit {
    /// Every trial passed or was ignored.
    pub const OK: u8 = 0;
    /// Bad usage, target file or case file; reported before any request.
    pub const USAGE: u8 = 2;
    /// A configured target could not be reached at all (connection or TLS failure).
    pub const UNREACHABLE: u8 = 3;
    /// A trial failed (libtest's code).
    pub const FAILED: u8 = 101;
    /// `fortiprobe diff`: the two baselines differ.
    pub const CHANGED: u8 = 1;
}

const EXIT_CODES: &str = "Environment:
  a target file's ${VAR} values are read from the environment (a missing one is
  named, its value never shown); nothing else is read from the environment.

Exit codes:
  0    every trial passed or was ignored
  2    bad usage, target file or case file (reported before any request),
       or a --junit/--json report could not be written
  3    a configured target could not be reached at all (connection or TLS failure)
  101  a trial failed
  130  interrupted (Ctrl-C); what the running cases created was cleaned up first
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
    /// Delay every answer of the mock by this many milliseconds.
    #[arg(long = "mock-latency", value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// How the mock's error answers (4xx) carry their message: native,
    /// empty, text or html.
    #[arg(
        long = "mock-error-bodies",
        value_name = "STYLE",
        default_value = "native"
    )]
    pub error_bodies: String,
    /// FortiPortal tokens of 40 letters and digits instead of 64 hex.
    #[arg(long = "mock-fpc-token-40")]
    pub fpc_token_40: bool,
    /// FortiPortal's tokenlogin answers 201 instead of 200.
    #[arg(long = "mock-fpc-login-201")]
    pub fpc_login_201: bool,
    /// FortiAuthenticator paths without their trailing slash answer 301 to
    /// the slashed path (Django's APPEND_SLASH).
    #[arg(long = "mock-unslashed-redirect")]
    pub unslashed_redirect: bool,
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
            latency: std::time::Duration::from_millis(self.latency_ms),
            error_bodies: match self.error_bodies.as_str() {
                "native" => mock::ErrorBodies::Native,
                "empty" => mock::ErrorBodies::Empty,
                "text" => mock::ErrorBodies::Text,
                "html" => mock::ErrorBodies::Html,
                other => {
                    return Err(format!(
                        "--mock-error-bodies {other:?}: expected native, empty, text or html"
                    ))
                }
            },
            fpc_token_40: self.fpc_token_40,
            fpc_login_201: self.fpc_login_201,
            fac_unslashed_redirect: self.unslashed_redirect,
        })
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fortiprobe: cannot start the async runtime: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    match cli.command {
        Command::Run(args) => ExitCode::from(run(*args, &rt)),
        // One thread serves the mock fastest: a load generator on the same
        // machine takes the other core, and no request waits for another
        // thread's wake-up (BENCHMARKS.md).
        Command::Mock(args) => match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(one) => ExitCode::from(serve_mock(args, &one)),
            Err(_) => ExitCode::from(serve_mock(args, &rt)),
        },
        Command::Cases(args) => ExitCode::from(cases(args)),
        Command::Faults => {
            out(&crate::killmatrix::list());
            ExitCode::from(exit::OK)
        }
        Command::KillMatrix(args) => ExitCode::from(kill_matrix(args, &rt)),
        Command::Diff(args) => ExitCode::from(diff(args)),
        Command::Check(args) => ExitCode::from(check(args)),
        Command::Openapi(args) => ExitCode::from(openapi(args)),
    }
}

fn positive_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "{text:?} is not a positive number of requests per second"
        )),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn out(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn usage_error(lines: &[String]) -> u8 {
    for l in lines {
        eprintln!("fortiprobe: {l}");
    }
    exit::USAGE
}

/// `fortiprobe diff`: two baselines compared.
fn diff(args: DiffArgs) -> u8 {
    match crate::baseline::diff_dirs(&args.before, &args.after, args.markdown) {
        Err(e) => usage_error(&[e]),
        Ok(None) => {
            out(&format!(
                "no change between {} and {}\n",
                args.before.display(),
                args.after.display()
            ));
            exit::OK
        }
        Ok(Some(report)) => {
            out(&report);
            exit::CHANGED
        }
    }
}

/// `fortiprobe kill-matrix`: every fault against the suite.
fn kill_matrix(args: KillMatrixArgs, rt: &tokio::runtime::Runtime) -> u8 {
    for name in &args.faults {
        if let Err(e) = mock::faults::Fault::from_name(name) {
            return usage_error(&[format!("--fault: {e}")]);
        }
    }
    let suite = match Suite::load(Source::Embedded, &[]) {
        Ok(s) => Arc::new(s),
        Err(errors) => {
            return usage_error(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>())
        }
    };
    let table = match crate::killmatrix::catchers() {
        Ok(t) => t,
        Err(errors) => return usage_error(&errors),
    };
    let only: Vec<&str> = args.faults.iter().map(String::as_str).collect();
    let runs = rt.block_on(crate::killmatrix::run_faults(
        Arc::clone(&suite),
        &table,
        &only,
    ));
    let cases: Vec<String> = suite.cases.iter().map(|c| c.id()).collect();
    out(&crate::killmatrix::render(&runs, &cases, args.markdown));
    if runs.iter().all(|r| r.caught()) {
        exit::OK
    } else {
        exit::FAILED
    }
}

/// `fortiprobe cases`: the catalogue of cases.
fn cases(args: CasesArgs) -> u8 {
    match args.suite.load() {
        Ok(s) => {
            out(&crate::catalogue::render(&s, args.markdown));
            exit::OK
        }
        Err(errors) => usage_error(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
    }
}

/// `fortiprobe check`: the suite's files validated, no target needed.
fn check(args: CheckArgs) -> u8 {
    match args.suite.load() {
        Ok(s) => {
            println!("{}", check_summary(&s));
            exit::OK
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "fortiprobe check: {} error{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            exit::USAGE
        }
    }
}

/// `ok: 15 schemas, 73 cases in 7 case files`.
pub fn check_summary(suite: &Suite) -> String {
    let files: std::collections::BTreeSet<&str> = suite
        .cases
        .iter()
        .map(|c| {
            c.origin
                .rsplit_once(':')
                .map_or(c.origin.as_str(), |(f, _)| f)
        })
        .collect();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "ok: {}, {} in {}",
        plural(suite.schemas.names().count(), "schema"),
        plural(suite.cases.len(), "case"),
        plural(files.len(), "case file")
    )
}

/// `fortiprobe openapi`: the OpenAPI 3.1 document of the suite.
fn openapi(args: OpenapiArgs) -> u8 {
    let suite = match args.suite.load() {
        Ok(s) => s,
        Err(errors) => {
            return usage_error(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>())
        }
    };
    let text = crate::openapi::render(&suite);
    match &args.output {
        None => {
            print!("{text}");
            exit::OK
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => exit::OK,
            Err(e) => usage_error(&[format!("cannot write {}: {e}", path.display())]),
        },
    }
}

/// `fortiprobe run`: the whole suite, with libtest's output and exit code.
pub fn run(args: RunArgs, rt: &tokio::runtime::Runtime) -> u8 {
    let suite = match args.suite.load() {
        Ok(s) => Arc::new(s),
        Err(errors) => {
            return usage_error(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>())
        }
    };
    let baseline = match &args.baseline {
        None => None,
        Some(dir) => {
            let dir = match std::path::absolute(dir) {
                Ok(d) => d,
                Err(e) => return usage_error(&[format!("--baseline {}: {e}", dir.display())]),
            };
            if !args.record && !dir.is_dir() {
                return usage_error(&[format!(
                    "--baseline {}: no such folder; record one first with --record",
                    dir.display()
                )]);
            }
            Some(crate::run::Baseline {
                dir,
                record: args.record,
            })
        }
    };
    let mut libtest = args.libtest.clone();
    if baseline.is_some() {
        // One case at a time, in order: the same documents on every run.
        libtest.test_threads = Some(1);
    }
    let mut options = RunOptions {
        rate: args.rate,
        retry: crate::http::Retry {
            on_transport: args.retries,
            ..Default::default()
        },
        baseline,
        allow_destructive: args.allow_destructive,
        strict: args.strict,
        timeout: Duration::from_secs(args.timeout),
        ..RunOptions::default()
    };
    let mut mock = None;
    // Holds the mock's certificate for as long as the run needs it.
    let mut _ca_dir = None;
    let target = match &args.config {
        Some(path) => match Target::read(path, &|name| std::env::var(name).ok()) {
            Ok(t) => t,
            Err(errors) => {
                return usage_error(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>())
            }
        },
        None => {
            let opts = match args.mock.options() {
                Ok(o) => o,
                Err(e) => return usage_error(&[e]),
            };
            let started = match rt.block_on(mock::spawn(opts, 0)) {
                Ok(m) => m,
                Err(e) => {
                    return usage_error(&[format!(
                        "cannot start the reference mock on 127.0.0.1: {e}"
                    )])
                }
            };
            // The mock's state is fresh and its own: everything may run.
            options.allow_destructive = true;
            let mut t = mock_target(&started.url(), started.credentials());
            if let Some(pem) = started.ca_cert_pem() {
                let (dir, path) = match write_ca_cert(&pem) {
                    Ok(written) => written,
                    Err(e) => {
                        return usage_error(&[format!(
                            "cannot write the reference mock's certificate: {e}"
                        )])
                    }
                };
                for product in t.products.values_mut() {
                    product.ca_cert = Some(path.clone());
                }
                _ca_dir = Some(dir);
            }
            mock = Some(started);
            t
        }
    };
    let runner = match Runner::new(suite, &target, options) {
        Ok(r) => Arc::new(r),
        Err(e) => return usage_error(&[e.to_string()]),
    };
    if !libtest.list {
        let unreachable = rt.block_on(runner.probe());
        if !unreachable.is_empty() {
            for (p, e) in unreachable {
                eprintln!(
                    "fortiprobe: {} is unreachable: {}",
                    p.key(),
                    runner.redactor.scrub(&e.to_string())
                );
            }
            return exit::UNREACHABLE;
        }
    }
    // Ctrl-C: undo what the cases in flight created, say what is left, exit 130.
    let on_interrupt = {
        let runner = Arc::clone(&runner);
        rt.spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\nfortiprobe: interrupted; cleaning up what the running cases created");
                for line in runner.interrupt().await {
                    eprintln!("fortiprobe: {line}");
                }
                std::process::exit(130);
            }
        })
    };
    let records = Arc::new(std::sync::Mutex::new(Vec::new()));
    let trials = crate::trial::trials(&runner, rt.handle(), &records);
    let started_at = chrono::Utc::now();
    let started = std::time::Instant::now();
    let conclusion = libtest_mimic::run(&libtest, trials);
    if runner.interrupted() {
        // The handler cleans up and exits 130; let it finish.
        let _ = rt.block_on(on_interrupt);
    }
    for line in rt.block_on(runner.leftovers()) {
        eprintln!("fortiprobe: after a case that stopped short: {line}");
    }
    let mut records = records.lock().map(|r| r.clone()).unwrap_or_default();
    records.sort_by(|a, b| a.name.cmp(&b.name));
    let info = crate::report::RunInfo {
        targets: runner.targets(),
        started_at,
        duration: started.elapsed(),
        strict: args.strict,
        allow_destructive: runner.options.allow_destructive,
        deviations: runner
            .deviations_met()
            .into_iter()
            .map(|(id, cases)| {
                let d = runner.suite.deviations.list.iter().find(|d| d.id == id);
                crate::report::DeviationMet {
                    summary: d.map_or(String::new(), |d| d.summary.clone()),
                    evidence: d.map_or(String::new(), |d| d.evidence.clone()),
                    id,
                    cases: cases.into_iter().collect(),
                }
            })
            .collect(),
    };
    let mut write_failed = false;
    if let Some(path) = &args.junit {
        if let Err(e) = std::fs::write(path, crate::report::junit(&records, &info)) {
            eprintln!(
                "fortiprobe: cannot write the JUnit report {}: {e}",
                path.display()
            );
            write_failed = true;
        }
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&crate::report::json_report(&records, &info))
            .unwrap_or_default();
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!(
                "fortiprobe: cannot write the JSON report {}: {e}",
                path.display()
            );
            write_failed = true;
        }
    }
    if !libtest.list {
        let summary = format!(
            "{}\ntest result: {}. {} passed; {} failed; {} ignored; {} measured; {} filtered out; finished in {:.2}s\n",
            crate::report::summary(&records, &info),
            if conclusion.has_failed() { "FAILED" } else { "ok" },
            conclusion.num_passed,
            conclusion.num_failed,
            conclusion.num_ignored,
            conclusion.num_measured,
            conclusion.num_filtered_out,
            info.duration.as_secs_f64()
        );
        // With `--format json`, stdout is libtest's JSON alone.
        if matches!(libtest.format, Some(libtest_mimic::FormatSetting::Json)) {
            eprint!("{summary}");
        } else {
            out(&summary);
        }
    }
    if let Some(m) = mock {
        rt.block_on(m.shutdown());
    }
    if conclusion.has_failed() {
        exit::FAILED
    } else if write_failed {
        exit::USAGE
    } else {
        exit::OK
    }
}

/// The target that points every product at a running reference mock.
pub fn mock_target(url: &str, c: &Credentials) -> Target {
    let Ok(url) = url::Url::parse(url) else {
        return Target::default();
    };
    let product = |creds: &[(&str, &str)], fixtures: &[(&str, &str)]| ProductTarget {
        url: url.clone(),
        credentials: creds
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        // An empty value means the mock has no such fixture (no tokens at all).
        fixtures: fixtures
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        insecure_tls: false,
        ca_cert: None,
        client_cert: None,
        client_key: None,
    };
    let mut t = Target::default();
    t.products.insert(
        Product::Fortiauthenticator,
        product(
            &[("username", &c.fac_username), ("api_key", &c.fac_api_key)],
            &[("deletable_token_serial", &c.fac_deletable_token_serial)],
        ),
    );
    t.products.insert(
        Product::FortitokenCloud,
        product(
            &[
                ("client_id", &c.ftc_client_id),
                ("client_secret", &c.ftc_client_secret),
            ],
            &[
                ("temp_token_user", &c.ftc_temp_token_user),
                ("non_token_user", &c.ftc_non_token_user),
                ("invalid_mobile_user", &c.ftc_invalid_mobile_user),
                ("disabled_user", &c.ftc_disabled_user),
                ("sms_disallowed_user", &c.ftc_sms_disallowed_user),
            ],
        ),
    );
    t.products.insert(
        Product::Fortiportal,
        product(
            &[("username", &c.fpc_username), ("password", &c.fpc_password)],
            &[],
        ),
    );
    t
}

/// Writes a served mock's certificate to `ca.pem` in a fresh temporary
/// folder, removed when the returned handle is dropped.
fn write_ca_cert(pem: &str) -> std::io::Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("fortiprobe-mock-")
        .tempdir()?;
    let path = dir.path().join("ca.pem");
    std::fs::write(&path, pem)?;
    Ok((dir, path))
}

/// A target file for a mock at `url`, as `fortiprobe mock` prints it;
/// with `ca_cert`, every product trusts that certificate.
pub fn mock_target_yaml(url: &str, c: &Credentials, ca_cert: Option<&Path>) -> String {
    let yaml = format!(
        "# target file for the fortiprobe reference mock (its own demo credentials)\n\
fortiauthenticator:\n  url: {url}\n  username: {}\n  api_key: {}\n  fixtures:\n    deletable_token_serial: {}\n\
fortitoken_cloud:\n  url: {url}\n  client_id: {}\n  client_secret: {}\n  fixtures:\n    temp_token_user: {}\n    non_token_user: {}\n    invalid_mobile_user: {}\n    disabled_user: {}\n    sms_disallowed_user: {}\n\
fortiportal:\n  url: {url}\n  username: {}\n  password: {}\n",
        c.fac_username,
        c.fac_api_key,
        c.fac_deletable_token_serial,
        c.ftc_client_id,
        c.ftc_client_secret,
        c.ftc_temp_token_user,
        c.ftc_non_token_user,
        c.ftc_invalid_mobile_user,
        c.ftc_disabled_user,
        c.ftc_sms_disallowed_user,
        c.fpc_username,
        c.fpc_password,
    );
    let Some(ca_cert) = ca_cert else {
        return yaml;
    };
    // A JSON string is a YAML double-quoted scalar, whatever the path holds.
    let quoted = serde_json::to_string(&ca_cert.to_string_lossy()).unwrap_or_default();
    yaml.lines()
        .flat_map(|line| {
            let ca = line
                .starts_with("  url: ")
                .then(|| format!("  ca_cert: {quoted}"));
            std::iter::once(line.to_string()).chain(ca)
        })
        .map(|line| line + "\n")
        .collect()
}

fn serve_mock(args: MockArgs, rt: &tokio::runtime::Runtime) -> u8 {
    let opts = match args.data.options() {
        Ok(o) => o,
        Err(e) => return usage_error(&[e]),
    };
    rt.block_on(async {
        let m = match mock::spawn(opts, args.port).await {
            Ok(m) => m,
            Err(e) => {
                return usage_error(&[format!(
                    "cannot serve the reference mock on 127.0.0.1:{}: {e}",
                    args.port
                )])
            }
        };
        let ca = match m.ca_cert_pem().map(|pem| write_ca_cert(&pem)).transpose() {
            Ok(ca) => ca,
            Err(e) => {
                m.shutdown().await;
                return usage_error(&[format!(
                    "cannot write the reference mock's certificate: {e}"
                )]);
            }
        };
        let ca_path = ca.as_ref().map(|(_, path)| path.as_path());
        let mut text = format!("fortiprobe reference mock listening on {}\n", m.url());
        if let Some(path) = ca_path {
            text.push_str(&format!(
                "its certificate (self-signed): {}\n",
                path.display()
            ));
        }
        text.push_str(&format!(
            "press Ctrl-C to stop; a target file for it:\n\n{}\n",
            mock_target_yaml(&m.url(), m.credentials(), ca_path)
        ));
        out(&text);
        let _ = tokio::signal::ctrl_c().await;
        m.shutdown().await;
        exit::OK
    })
}
