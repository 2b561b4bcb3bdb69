//! The failure text of a case: its summary, each step's request line with
//! its findings (the first dozen), and where the case comes from.

use std::fmt::Write as _;

use super::step::StepLog;
use crate::suite::case::Basis;
use crate::suite::Case;

/// Findings shown per step before "and N more".
const SHOWN: usize = 12;

pub(super) fn report(case: &Case, logs: &[StepLog]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", case.spec.summary);
    for log in logs {
        let _ = writeln!(out, "  {}: {}", log.label, log.line);
        for f in log.findings.iter().take(SHOWN) {
            let _ = writeln!(out, "    {f}");
        }
        if log.findings.len() > SHOWN {
            let _ = writeln!(
                out,
                "    … and {} more findings",
                log.findings.len() - SHOWN
            );
        }
    }
    let basis = match case.spec.basis {
        Basis::Doc => "doc",
        Basis::Framework => "framework",
    };
    let _ = write!(out, "  case {} (basis: {basis}", case.origin);
    if let Some(s) = &case.spec.source {
        let _ = write!(out, "; source: {s}");
    }
    out.push(')');
    out
}
