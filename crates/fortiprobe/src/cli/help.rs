//! What `--help` and the manual pages say beyond the options: what
//! fortiprobe is, what `run` does, the environment it reads and the exit
//! codes. Text only; `args` puts it on the commands.

/// What `--help` says after the options: the environment fortiprobe reads
/// and the exit codes.
pub(super) const AFTER_HELP: &str = "Environment:
  ${VAR} in a target file  read from the environment (a missing one is named,
                           its value never shown)
  HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY (or lower case)
                           the proxy for requests to a target (reqwest's rules)
  NO_COLOR                 set and not empty: no colour (libtest's lines, the help)
  CLICOLOR_FORCE           set and not empty: colour even when not on a terminal
  CLICOLOR=0               no colour; --color overrides all three
  TERM                     `dumb`: no colour and no progress line
  CI                       colour on a terminal even when TERM does not say so

Exit codes:
  0    every trial passed or was ignored
  2    bad usage, target file or case file (reported before any request)
  3    a configured target could not be reached at all (connection or TLS
       failure); the reports asked for are written, saying why nothing ran
  4    every trial passed or was ignored, but a --junit/--json/--html/--har report
       could not be written (each such report is named, with why)
  101  a trial failed (a report that could not be written is named as well)
  130  interrupted by Ctrl-C (SIGINT); 143 for SIGTERM, 129 for SIGHUP: what the
       running cases created was cleaned up first, and the run says what is left
  141  standard output was closed (`fortiprobe run | head`): stopped and
       cleaned up as on a signal
  1    (diff only) the two baselines differ";

/// What the manual page and `fortiprobe --help` say fortiprobe is, beyond
/// its one-line name.
pub(super) const LONG_ABOUT: &str = "fortiprobe fires the cases of a conformance suite at a \
FortiAuthenticator (/api/v1/, tastypie-style listings), FortiToken Cloud (temporary tokens) \
or FortiPortal (token login and logout) and judges every answer against the vendor's \
documentation: status codes, JSON Schemas of every documented message, field shapes, filters and \
pagination walked over the target's own data. Without a target file it runs against its own \
reference mock, started in-process. It records baselines of what an appliance answers and \
compares an upgraded firmware with them (`run --baseline`, `diff`), explains each case and the \
vendor page it comes from (`explain`), exports an OpenAPI document (`openapi`), and checks \
that its own suite catches every fault of the mock (`kill-matrix`). Nothing that makes a \
lasting change runs without --allow-destructive, and no secret is ever printed.";

/// What `run --help` and its manual page say beyond the one line.
pub(super) const RUN_ABOUT: &str = "Each case becomes a trial (libtest's runner: filters, --list, \
--format). Cases that make lasting changes need --allow-destructive, framework-behaviour \
cases need --framework, and a case whose product or fixture the target file lacks is ignored \
with the reason; every case cleans up what it created, also when interrupted. Known \
deviations of real appliances are accepted and listed unless --deny-deviations. Reports: \
--junit, --json, --html, --har, -v for the exchanges with curl lines; --baseline records or compares \
what the target answers.";
