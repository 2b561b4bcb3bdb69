//! The command line's shape: clap types for every subcommand and their
//! flags, turned into the library's options (`MockData::options`). No
//! behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::help::{AFTER_HELP, LONG_ABOUT, RUN_ABOUT};
use crate::suite::{Source, Suite};
use fortiprobe_mock::{self as mock, MockOptions};

#[derive(Debug, Parser)]
#[command(
    name = "fortiprobe",
    version,
    propagate_version = true,
    about = "Contract tests for the FortiAuthenticator, FortiToken Cloud and FortiPortal REST APIs",
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the conformance suite: against the target file given with --config,
    /// or, without it, against the reference mock started in-process.
    #[command(after_help = AFTER_HELP, long_about = RUN_ABOUT)]
    Run(Box<RunArgs>),
    /// Serve the reference mock until stopped; prints its URL and a target file for it.
    #[command(
        long_about = "The reference mock is fortiprobe's own reading of the vendor docs, \
        served on 127.0.0.1 for clients under development or for a second fortiprobe. It prints \
        its URL and a target file holding its credentials; the --mock-* flags give it other data \
        or answers the docs also allow, and --fault breaks one documented behaviour."
    )]
    Mock(MockArgs),
    /// List every case with what it checks, its kind and basis (no target needed).
    #[command(
        long_about = "One entry per case of the suite, grouped by product and endpoint: \
        its name, kind (exchange, sequence, pagination, filter, same answer; destructive or not), \
        basis (doc, or framework: run with --framework) and what it checks; with --markdown the \
        tables of CASES.md, with each case's source."
    )]
    Cases(CasesArgs),
    /// List the reference mock's faults, one line each.
    #[command(
        long_about = "Each fault of the reference mock breaks one documented behaviour of \
        one product; `--fault NAME` switches it on for `mock` and for the embedded run, and \
        `explain NAME` says which cases must catch it and why."
    )]
    Faults,
    /// Explain a case or a fault: what it checks (or breaks), the rule, its
    /// basis, and the vendor pages it comes from (title, version, address).
    #[command(
        long_about = "Everything the binary knows of one case or fault, offline: what the \
        case checks (or the fault breaks), the rule in the project's words and where it comes \
        from, whether the vendor docs state it or it is framework behaviour, the notes of docs/ \
        it rests on and the vendor pages behind them with their firmware version and address, \
        and the faults a case must catch. A name it does not know gets the closest valid ones."
    )]
    Explain(ExplainArgs),
    /// What changed between two recorded baselines (`run --baseline DIR --record`),
    /// grouped by product and endpoint. Exit 0 when nothing did, 1 when something did.
    #[command(
        long_about = "Compares two baseline folders, for example before and after a \
        firmware upgrade: a summary by product and endpoint (field patterns added, removed and \
        retyped, statuses changed, cases newly failing or passing), then one line per change \
        folded over objects, steps and cases (a JSON-pointer pattern, how often, one example), \
        then the cases; as text, Markdown (--markdown) or one HTML page (--html). Exits 1 when \
        something changed, 0 when nothing did."
    )]
    Diff(DiffArgs),
    /// Run the suite against the mock once per fault and print which cases
    /// fail for which fault (exit 0 only when every fault is caught).
    #[command(
        long_about = "The suite's own test: for each fault of the reference mock, the \
        cases catchers.yaml names must fail when it is on. Prints the matrix (KILL-MATRIX.md \
        with --markdown) and exits 0 only when every fault is caught."
    )]
    KillMatrix(KillMatrixArgs),
    /// Validate schemas/ and cases/ (and any --cases folders) without a target:
    /// every error with its file and line, or a one-line summary.
    #[command(after_help = CHECK_EXIT_CODES, long_about = "Loads the suite as a run would, \
        sends nothing, and reports every problem of the schemas and case files at once, each \
        with its file and line: unknown keys, broken references, invalid requests.")]
    Check(CheckArgs),
    /// Print an OpenAPI 3.1 document of the three APIs, built from schemas/ and cases/.
    #[command(
        long_about = "Describes what the cases exercise as OpenAPI 3.1: templated paths, \
        methods, query parameters the cases expect accepted, request bodies, answers by status \
        and the three authentication schemes, with every schema of schemas/ as a component; \
        for Schemathesis, API clients and gateways."
    )]
    Openapi(OpenapiArgs),
    /// Print a completion script for a shell (see the README for where to put it).
    #[command(
        long_about = "The script completes subcommands, flags and their values, the \
        fault names of --fault among them, for bash, zsh, fish, PowerShell or elvish."
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per subcommand to a folder.
    #[command(
        long_about = "Prints fortiprobe(1) in roff for `man -l -`, or with --dir writes it \
        and one page per subcommand (fortiprobe-run(1), ...) to a folder of the manual path."
    )]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A case (`product/endpoint/case`, or its end when only one case ends
    /// so) or a fault (`fortiprobe faults` lists them).
    #[arg(value_name = "CASE|FAULT")]
    pub name: String,
    #[command(flatten)]
    pub suite: SuiteArgs,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write fortiprobe.1 and a page per subcommand (fortiprobe-run.1, ...)
    /// to this folder instead of printing fortiprobe.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

const CHECK_EXIT_CODES: &str = "Exit codes:
  0    the schemas and cases are valid
  2    bad usage, or a schema or case file is broken (each error with its file and line)";

/// Where the schemas and cases come from: `--suite` and `--cases`.
#[derive(Debug, Args, Clone, Default)]
pub struct SuiteArgs {
    /// Read schemas/ and cases/ from this folder instead of the copies built into the binary.
    #[arg(long, value_name = "DIR", help_heading = SELECTION)]
    pub suite: Option<PathBuf>,
    /// A folder of extra case files (*.yaml, searched recursively), loaded
    /// with the suite's own cases; repeatable.
    #[arg(long = "cases", value_name = "DIR", help_heading = SELECTION)]
    pub cases: Vec<PathBuf>,
}

impl SuiteArgs {
    /// Loads the suite these flags name; every error at once.
    pub fn load(&self) -> Result<Suite, Vec<crate::yaml::LoadError>> {
        let extra: Vec<&std::path::Path> = self.cases.iter().map(PathBuf::as_path).collect();
        Suite::load(self.source(), &extra)
    }

    /// Loads what a run of `selection` needs (`Suite::load_selected`).
    pub fn load_selected(
        &self,
        selection: &crate::suite::select::Selection,
    ) -> Result<Suite, Vec<crate::yaml::LoadError>> {
        let extra: Vec<&std::path::Path> = self.cases.iter().map(PathBuf::as_path).collect();
        Suite::load_selected(self.source(), &extra, selection)
    }

    fn source(&self) -> Source<'_> {
        match &self.suite {
            Some(dir) => Source::Dir(dir),
            None => Source::Embedded,
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
    /// Markdown, for a change review (the per-case details collapsed).
    #[arg(long, conflicts_with = "html")]
    pub markdown: bool,
    /// One self-contained HTML page (no script, no external asset), every
    /// changed case collapsed with its changes and a unified diff.
    #[arg(long)]
    pub html: bool,
}

impl DiffArgs {
    /// The rendering these flags ask for.
    pub fn format(&self) -> crate::baseline::Format {
        use crate::baseline::Format;
        match (self.markdown, self.html) {
            (true, _) => Format::Markdown,
            (_, true) => Format::Html,
            _ => Format::Text,
        }
    }
}

#[derive(Debug, Args)]
pub struct KillMatrixArgs {
    /// Markdown (the committed copy is KILL-MATRIX.md).
    #[arg(long)]
    pub markdown: bool,
    /// Only these faults (repeatable).
    #[arg(long = "fault", value_name = "NAME", value_parser = FaultName, hide_possible_values = true)]
    pub faults: Vec<String>,
    /// The mock holds at least this many FortiTokens in every fault's run
    /// (the default budget of walks must catch every fault at 5,000 too).
    #[arg(long = "mock-tokens", value_name = "N", default_value_t = 0)]
    pub tokens: usize,
    /// Which cases run for each fault: all (the whole matrix, what
    /// KILL-MATRIX.md holds), reach (the cases that send a request the
    /// fault's catchers send) or catchers (its named catchers only).
    #[arg(long, value_name = "SCOPE", default_value = "all", value_parser = ["all", "reach", "catchers"])]
    pub scope: String,
    /// With --scope reach or catchers: also run this many other cases per
    /// fault, drawn from --seed and the fault's name.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub sample: usize,
    /// Seed of the sample (printed; the same seed draws the same cases).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct CasesArgs {
    /// Markdown tables (the committed copy is CASES.md).
    #[arg(long)]
    pub markdown: bool,
    #[command(flatten)]
    pub suite: SuiteArgs,
}

/// `run`'s options, under five headings in `--help`: the target, which
/// cases run and what fails them, safety on real appliances, the output,
/// and the reference mock (without --config).
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Target file (YAML); `${VAR}` values are read from the environment.
    /// Without it, the reference mock is started on 127.0.0.1 and every case
    /// runs but those of framework behaviour (--framework).
    #[arg(long, value_name = "FILE", help_heading = TARGET)]
    pub config: Option<PathBuf>,
    /// Seconds a request may take, answer included.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600), help_heading = TARGET)]
    pub timeout: u64,
    /// Seconds a connection (TCP and TLS handshake) may take to open; a
    /// target that cannot be reached within it ends the run with exit 3.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600), help_heading = TARGET)]
    pub connect_timeout: u64,
    /// Also run the cases of framework behaviour the vendor docs do not
    /// promise (`basis: framework` in `fortiprobe cases`); without it they
    /// are ignored with that reason.
    #[arg(long, help_heading = SELECTION)]
    pub framework: bool,
    /// Fail a case that meets a known deviation of real appliances
    /// (deviations.yaml); without it the deviation is accepted and listed.
    #[arg(long, help_heading = SELECTION)]
    pub deny_deviations: bool,
    /// Both: --framework and --deny-deviations.
    #[arg(long, help_heading = SELECTION)]
    pub strict: bool,
    #[command(flatten)]
    pub suite: SuiteArgs,
    /// Walk every page at every limit. By default a walk at a small limit
    /// checks a sample of pages (the first 5, 3 runs of 3 spread over the
    /// listing and placed by --seed, the last 5) and a filtered walk at the
    /// largest limit 8 pages, while the full listing is walked once at the
    /// largest limit.
    #[arg(long, help_heading = SELECTION)]
    pub exhaustive: bool,
    /// Where sampled walks put their middle windows (a run draws one and prints it; the
    /// same seed fetches the same pages; over seeds every page is seen: ARCHITECTURE.md).
    #[arg(long = "seed", value_name = "N", help_heading = SELECTION)]
    pub walk_seed: Option<u64>,
    /// The most pages one walk may fetch before it stops with a finding
    /// (a listing that never ends).
    #[arg(long, value_name = "N", default_value_t = crate::probe::walker::DEFAULT_MAX_PAGES, value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1..=1_000_000), |n| n as usize), help_heading = SELECTION)]
    pub max_pages: usize,
    /// Stop after the first failed case, as --max-failures 1 (README: Speed).
    #[arg(long, conflicts_with = "max_failures", help_heading = SELECTION)]
    pub fail_fast: bool,
    /// Stop after N failed cases: the rest end ignored, running ones finish and clean up.
    #[arg(long, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1..=100_000), |n| n as usize), help_heading = SELECTION)]
    pub max_failures: Option<usize>,
    /// Also run cases that make lasting changes (deleting a FortiToken,
    /// temporary tokens without expiry). Implied for the embedded mock.
    #[arg(long, help_heading = SAFETY)]
    pub allow_destructive: bool,
    /// At most N requests a second over the whole run (FortiToken Cloud trial
    /// accounts allow 60 requests in 5 minutes: --rate 0.2).
    #[arg(long, value_name = "N", value_parser = positive_rate, help_heading = SAFETY)]
    pub rate: Option<f64>,
    /// Requests in flight to each product (its cases at once); default 6, 1 with --rate.
    #[arg(long, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1..=256), |n| n as usize), help_heading = SAFETY)]
    pub jobs: Option<usize>,
    /// Seconds one request may spend waiting on `429 Too Many Requests`
    /// (honouring `Retry-After`) before the 429 is its answer.
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(0..=3600), help_heading = SAFETY)]
    pub max_wait: u64,
    /// Times a request is tried again after a connection that could not be made
    /// (or, for a GET, broke); a 429 is always honoured up to 3 times.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10), help_heading = SAFETY)]
    pub retries: u32,
    /// Write a JUnit XML report (Jenkins, GitLab) of the trials that ran.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub junit: Option<PathBuf>,
    /// Write a JSON report: each case's outcome, timing, findings, requests
    /// and exchanges, the known deviations met, the version and target URLs
    /// (never a secret). Format: docs/json-report.schema.json.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub json: Option<PathBuf>,
    /// Write the run as one self-contained HTML page (no external assets):
    /// summary by product and endpoint, every case with its findings and
    /// exchanges (redacted), curl lines that reproduce them.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub html: Option<PathBuf>,
    /// Write the exchanges as HAR 1.2 (browsers' developer tools import it),
    /// one page per case, secrets redacted, bodies cut after 4096 bytes.
    #[arg(long, value_name = "FILE", help_heading = OUTPUT)]
    pub har: Option<PathBuf>,
    /// Show the exchanges of each failing case after its report (request and
    /// answer with headers and bodies, redacted and cut, and a curl line);
    /// twice (-vv) for every case.
    #[arg(short, long, action = clap::ArgAction::Count, help_heading = OUTPUT)]
    pub verbose: u8,
    /// Compare each case's normalised exchanges with the snapshots in DIR
    /// (a case that differs fails with what changed); runs one case at a time.
    #[arg(long, value_name = "DIR", help_heading = OUTPUT)]
    pub baseline: Option<PathBuf>,
    /// With --baseline: write the snapshots instead of comparing.
    #[arg(long, requires = "baseline", help_heading = OUTPUT)]
    pub record: bool,
    #[command(flatten)]
    pub trials: TrialArgs,
    #[command(flatten)]
    pub mock: MockData,
}

/// The headings of `run --help`.
const TARGET: &str = "Target";
const SELECTION: &str = "Selection (which cases run, what fails them)";
const SAFETY: &str = "Safety (real appliances)";
const OUTPUT: &str = "Output";
const MOCK: &str = "Mock (the reference mock: `fortiprobe mock`, or `run` without --config)";

/// Which trials run and how libtest shows them: the libtest options that
/// fortiprobe honours (its others, such as --bench or --nocapture, would
/// do nothing here and are not accepted).
#[derive(Debug, Args, Clone, Default)]
pub struct TrialArgs {
    /// Run only the trials whose name (`product/endpoint/case`, or
    /// `[kind] name` as --list shows it) contains FILTER.
    #[arg(value_name = "FILTER", help_heading = SELECTION)]
    pub filter: Option<String>,
    /// FILTER must match a whole trial name.
    #[arg(long, help_heading = SELECTION)]
    pub exact: bool,
    /// Skip the trials whose name contains FILTER (repeatable).
    #[arg(long, value_name = "FILTER", help_heading = SELECTION)]
    pub skip: Vec<String>,
    /// List the trials with their kinds instead of running them (no request is sent).
    #[arg(long, help_heading = SELECTION)]
    pub list: bool,
    /// Cases run at once in all products (default: each one's --jobs; 1: one by one).
    #[arg(long, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u64).range(1..=1024), |n| n as usize), help_heading = SELECTION)]
    pub test_threads: Option<usize>,
    /// pretty: a line per trial (default); terse: a character per trial;
    /// json: libtest's JSON events on stdout, one per line (works without
    /// -Z unstable-options; fortiprobe's summary then goes to stderr; the
    /// format is libtest's, not a stable one: for a report to keep, use --json FILE).
    #[arg(long, value_name = "FORMAT", value_parser = ["pretty", "terse", "json"], help_heading = OUTPUT)]
    pub format: Option<String>,
    /// A character per trial (as --format terse), and no progress line.
    #[arg(short, long, conflicts_with = "format", help_heading = OUTPUT)]
    pub quiet: bool,
    /// Colour in libtest's lines: auto (on a terminal; see NO_COLOR below), always or never.
    #[arg(long, value_name = "WHEN", value_parser = ["auto", "always", "never"], help_heading = OUTPUT)]
    pub color: Option<String>,
}

impl TrialArgs {
    /// The trials these options select.
    pub fn selection(&self) -> crate::suite::select::Selection {
        crate::suite::select::Selection {
            filter: self.filter.clone(),
            exact: self.exact,
            skip: self.skip.clone(),
        }
    }

    /// libtest-mimic's arguments for these.
    pub fn libtest(&self) -> libtest_mimic::Arguments {
        use libtest_mimic::{ColorSetting, FormatSetting};
        libtest_mimic::Arguments {
            filter: self.filter.clone(),
            exact: self.exact,
            skip: self.skip.clone(),
            list: self.list,
            test_threads: self.test_threads,
            quiet: self.quiet,
            format: match self.format.as_deref() {
                Some("terse") => Some(FormatSetting::Terse),
                Some("json") => Some(FormatSetting::Json),
                Some(_) => Some(FormatSetting::Pretty),
                None => None,
            },
            color: match self.color.as_deref() {
                Some("always") => Some(ColorSetting::Always),
                Some("never") => Some(ColorSetting::Never),
                Some(_) => Some(ColorSetting::Auto),
                None => None,
            },
            ..libtest_mimic::Arguments::default()
        }
    }
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
#[command(next_help_heading = MOCK)]
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
    /// The shapes seen on real appliances (docs/api-notes.md §6, [seen]).
    #[arg(long = "mock-seen-shapes")]
    pub seen_shapes: bool,
    /// Switch on a fault in the mock (repeatable); `fortiprobe faults` lists them.
    #[arg(long = "fault", value_name = "NAME", value_parser = FaultName, hide_possible_values = true)]
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

pub(super) fn positive_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "{text:?} is not a positive number of requests per second"
        )),
    }
}

/// A fault's name: checked against the mock's catalogue when parsed (the
/// error names the closest), and offered to the shell completions, which
/// read the possible values (`--fault <TAB>` completes fault names).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FaultName;

impl clap::builder::TypedValueParser for FaultName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let name = value.to_string_lossy();
        if mock::faults::Fault::from_name(&name).is_ok() {
            return Ok(name.to_string());
        }
        let near =
            crate::catalogue::explain::closest(&name, mock::catalogue::all().map(|f| f.name));
        let hint = if near.is_empty() {
            "`fortiprobe faults` lists them".to_string()
        } else {
            format!("the closest: {}", near.join(", "))
        };
        Err(clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            format!("--fault: no fault `{name}`; {hint}\n"),
        ))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        // The help is the fault's line of `fortiprobe faults`, with double
        // quotes made single: zsh's completion reads a description in them.
        Some(Box::new(mock::faults::FAULTS.iter().map(|f| {
            clap::builder::PossibleValue::new(f.name).help(f.about.replace('"', "'"))
        })))
    }
}
