//! The final summary printed after libtest's output: counts per product
//! and endpoint, the failed cases, the ignored cases with their reasons,
//! the requests sent and bytes received, the known deviations met.

use std::fmt::Write as _;

use super::outcome::Verdict;
use super::{counts, groups, RunInfo, TrialRecord};

/// The final summary: per product and endpoint, the ignored cases with
/// their reasons, the known deviations met.
pub fn summary(records: &[TrialRecord], info: &RunInfo) -> String {
    let groups = groups(records);
    let mut out = String::from("\nsummary by product and endpoint:\n");
    for u in &info.unreachable {
        let _ = writeln!(
            out,
            "  nothing ran: {} is unreachable: {}",
            u.product, u.reason
        );
    }
    let width = groups.keys().map(String::len).max().unwrap_or(0);
    for (g, rs) in &groups {
        let c = counts(rs.iter().copied());
        let _ = writeln!(
            out,
            "  {g:<width$}  {:>3} passed, {:>2} failed, {:>2} ignored",
            c.tests - c.failures - c.skipped,
            c.failures,
            c.skipped
        );
    }
    let failed: Vec<&TrialRecord> = records
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Fail(_)))
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "failed:");
        for r in failed {
            let _ = writeln!(out, "  {}", r.name());
        }
    }
    let ignored: Vec<(&str, &str)> = records
        .iter()
        .filter_map(|r| match &r.verdict {
            Verdict::Ignored(why) => Some((r.name(), why.as_str())),
            _ => None,
        })
        .collect();
    if !ignored.is_empty() {
        let _ = writeln!(out, "ignored:");
        // The cases a stopped run never began share one reason: said once,
        // with their number (their names are in libtest's lines and the
        // reports).
        let (stopped, others): (Vec<_>, Vec<_>) = ignored
            .into_iter()
            .partition(|(_, why)| why.starts_with(super::outcome::NOT_RUN));
        for (n, why) in others {
            let _ = writeln!(out, "  {n}: {why}");
        }
        if let Some((_, why)) = stopped.first() {
            let _ = writeln!(out, "  {} case(s) {why}", stopped.len());
        }
    }
    let _ = writeln!(out, "{}", switches(info));
    let outside = info.requests_outside_cases(records);
    let _ = writeln!(
        out,
        "requests: {} sent ({} by the cases, {outside} outside them), {} received",
        info.requests,
        info.requests - outside,
        super::bytes(info.bytes)
    );
    if let Some(path) = &info.critical_path {
        let _ = writeln!(out, "{}", critical_path(path, info.duration));
    }
    if !info.deviations.is_empty() {
        let verdict = if info.deny_deviations {
            "failed: --deny-deviations is on"
        } else {
            "accepted; --deny-deviations fails them"
        };
        let _ = writeln!(out, "known deviations met ({verdict}):");
        for d in &info.deviations {
            let _ = writeln!(out, "  {}: {} ({} case(s))", d.id, d.summary, d.cases.len());
            if let Some((case, s)) = &d.seen {
                let _ = writeln!(out, "    seen: {s} of {case}");
            }
        }
    }
    out
}

/// Which of the two choices `--strict` makes together are on.
pub(crate) fn switches(info: &RunInfo) -> String {
    format!(
        "options: --framework {} (cases of framework behaviour the docs do not promise {}), --deny-deviations {} (known deviations {})",
        if info.framework { "on" } else { "off" },
        if info.framework { "ran" } else { "were ignored" },
        if info.deny_deviations { "on" } else { "off" },
        if info.deny_deviations { "fail their cases" } else { "are accepted and listed" },
    )
}

/// The run's critical path against its wall time: what more cases at
/// once could still win.
fn critical_path(path: &super::CriticalPath, took: std::time::Duration) -> String {
    let (first, last) = (
        path.cases.first().map_or("", String::as_str),
        path.cases.last().map_or("", String::as_str),
    );
    let ends = if path.cases.len() > 1 {
        format!("{first} … {last}")
    } else {
        first.to_string()
    };
    let ratio = if path.duration.is_zero() {
        String::new()
    } else {
        format!(
            ", {:.2}× it",
            took.as_secs_f64() / path.duration.as_secs_f64()
        )
    };
    format!(
        "critical path: {:.2} s, {} requests in {} case(s) that had to follow one another ({ends}); the run took {:.2} s{ratio}",
        path.duration.as_secs_f64(),
        path.requests,
        path.cases.len(),
        took.as_secs_f64(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::{fixtures, DeviationMet};
    use super::summary;

    #[test]
    fn deviations_read_as_accepted_or_failed_as_the_run_was_strict() {
        let mut info = fixtures::info();
        info.deviations = vec![DeviationMet {
            id: "fac_last_used_at_without_zone".into(),
            summary: "no zone".into(),
            evidence: "a recording".into(),
            cases: vec!["fortiauthenticator/fortitokens/list_format_json".into()],
            seen: Some((
                "fortiauthenticator/fortitokens/list_format_json".into(),
                crate::report::Sighting {
                    at: "/objects/3/last_used_at".into(),
                    value: "\"2024-10-09T10:32:24\"".into(),
                    request: "GET /api/v1/fortitokens/?format=json".into(),
                    exchange: Some(0),
                },
            )),
        }];
        let lenient = summary(&[], &info);
        assert!(
            lenient.contains("(accepted; --deny-deviations fails them)"),
            "{lenient}"
        );
        assert!(lenient.contains("options: --framework off"), "{lenient}");
        assert!(
            lenient.contains("    seen: \"2024-10-09T10:32:24\" at /objects/3/last_used_at in exchange 1 (GET /api/v1/fortitokens/?format=json) of fortiauthenticator/fortitokens/list_format_json\n"),
            "the value the target sent, where: {lenient}"
        );
        info.deny_deviations = true;
        let strict = summary(&[], &info);
        assert!(
            strict.contains("known deviations met (failed: --deny-deviations is on)"),
            "{strict}"
        );
        assert!(!strict.contains("accepted"), "{strict}");
    }
}
