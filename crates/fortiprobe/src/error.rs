//! The one error type for what ends a command early or makes it fail. Each
//! variant says what happened; `main` prints it once, at the edge, and exits
//! with `Error::exit_code` — the only place exit codes are decided.

use crate::yaml::LoadError;

/// Exit codes, as documented in `--help` and the README.
pub mod exit {
    /// Every trial passed or was ignored.
    pub const OK: u8 = 0;
    /// `fortiprobe diff`: the two baselines differ.
    pub const CHANGED: u8 = 1;
    /// Bad usage, target file or case file; reported before any request.
    pub const USAGE: u8 = 2;
    /// A configured target could not be reached at all (connection or TLS failure).
    pub const UNREACHABLE: u8 = 3;
    /// Every trial passed or was ignored, but a report could not be written.
    pub const REPORT: u8 = 4;
    /// A trial failed (libtest's code).
    pub const FAILED: u8 = 101;
    /// Interrupted: 128 plus the signal's number (SIGINT 130, SIGTERM 143, SIGHUP 129).
    pub const SIGNALLED: u8 = 128;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags, a folder or file that cannot be used; before any request.
    #[error("{}", .0.join("\n"))]
    Usage(Vec<String>),
    /// A target, case, schema or deviations file that does not load: every
    /// problem at once, each with its file and line.
    #[error("{}", lines(.0))]
    Load(Vec<LoadError>),
    /// A configured product cannot be reached at all: (product, why).
    #[error("{}", .0.iter().map(|(p, why)| format!("{p} is unreachable: {why}")).collect::<Vec<_>>().join("\n"))]
    Unreachable(Vec<(String, String)>),
    /// The run passed, but a `--junit`, `--json` or `--html` report could
    /// not be written: one line each, saying which and why.
    #[error("{}", .0.join("\n"))]
    Report(Vec<String>),
    /// Stopped by a signal; the cleanups have run and said what is left.
    #[error("interrupted by {name}")]
    Interrupted { name: &'static str, number: u8 },
    /// `fortiprobe diff`: the baselines differ (the report says how).
    #[error("the baselines differ")]
    Changed,
    /// Trials failed (libtest reported them); `also` are problems met on
    /// the way, such as a report that could not be written.
    #[error("{}", .also.join("\n"))]
    Failed { trials: u64, also: Vec<String> },
}

fn lines(errors: &[LoadError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// The documented exit code of this outcome.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Load(_) => exit::USAGE,
            Error::Unreachable(_) => exit::UNREACHABLE,
            Error::Report(_) => exit::REPORT,
            Error::Interrupted { number, .. } => exit::SIGNALLED.saturating_add(*number),
            Error::Changed => exit::CHANGED,
            Error::Failed { .. } => exit::FAILED,
        }
    }

    /// The lines to print on stderr (each prefixed `fortiprobe: `); none
    /// for outcomes the run has reported itself.
    pub fn report(&self) -> Vec<String> {
        match self {
            Error::Changed | Error::Interrupted { .. } => Vec::new(),
            other => {
                let text = other.to_string();
                text.lines()
                    .filter(|l| !l.is_empty())
                    .map(|l| format!("fortiprobe: {l}"))
                    .collect()
            }
        }
    }
}

impl From<Vec<LoadError>> for Error {
    fn from(e: Vec<LoadError>) -> Error {
        Error::Load(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_has_its_documented_code() {
        assert_eq!(Error::Usage(vec!["x".into()]).exit_code(), 2);
        assert_eq!(Error::Load(vec![]).exit_code(), 2);
        assert_eq!(Error::Unreachable(vec![]).exit_code(), 3);
        let unwritten = Error::Report(vec!["cannot write the JSON report r.json: denied".into()]);
        assert_eq!(unwritten.exit_code(), 4);
        assert_eq!(
            unwritten.report(),
            ["fortiprobe: cannot write the JSON report r.json: denied"]
        );
        assert_eq!(Error::Changed.exit_code(), 1);
        let failed = Error::Failed {
            trials: 1,
            also: vec![],
        };
        assert_eq!(failed.exit_code(), 101);
        assert!(failed.report().is_empty());
        let int = |name, number| Error::Interrupted { name, number };
        assert_eq!(int("SIGINT", 2).exit_code(), 130);
        assert_eq!(int("SIGTERM", 15).exit_code(), 143);
        assert_eq!(int("SIGHUP", 1).exit_code(), 129);
        assert_eq!(
            Error::Usage(vec!["a".into(), "b".into()]).report(),
            vec!["fortiprobe: a", "fortiprobe: b"]
        );
    }
}
