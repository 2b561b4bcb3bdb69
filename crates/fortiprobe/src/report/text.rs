//! A failure as text, for libtest's output, the JUnit failure and the
//! HTML report: the case's summary, each step's request line with its
//! findings (the first `SHOWN` of each; a terminal needs no more), what a
//! baseline comparison found, and where the case comes from. One renderer
//! of `outcome` among the others; nothing reads it back.

use std::fmt::Write as _;

use super::fold;
use super::outcome::{CaseInfo, Failure};

/// Findings shown per step before "and N more".
pub const SHOWN: usize = 12;

/// The text of `failure` of `case`.
pub fn failure(case: &CaseInfo, failure: &Failure) -> String {
    if let Some(p) = &failure.panic {
        return format!(
            "fortiprobe panicked while running this case (a bug in fortiprobe, please report it): {p}"
        );
    }
    let mut out = String::new();
    let _ = write!(out, "{}", case.summary);
    if !failure.steps.is_empty() {
        out.push('\n');
        steps(&mut out, failure);
        let _ = write!(out, "  case {} (basis: {}", case.origin, case.basis);
        if let Some(s) = &case.source {
            let _ = write!(out, "; source: {s}");
        }
        out.push(')');
    }
    if let Some(b) = &failure.baseline {
        let _ = write!(out, "\n{b}");
    }
    out
}

/// Each step's label and request line, with its findings: repeats folded
/// and the findings of pages reached through a wrong link under it
/// (`fold`), each naming the exchange it was judged on.
fn steps(out: &mut String, failure: &Failure) {
    for step in &failure.steps {
        let _ = writeln!(out, "  {}: {}", step.label, step.line);
        let lines = fold::lines(step);
        for l in lines.iter().take(SHOWN) {
            let _ = writeln!(out, "    {}{}", l.text(), exchanges(l));
            if l.following.is_empty() {
                continue;
            }
            let n: usize = l.following.iter().map(fold::Line::count).sum();
            let _ = writeln!(
                out,
                "      then, on the pages the walk reached through that link ({n} findings):"
            );
            for g in l.following.iter().take(SHOWN) {
                let _ = writeln!(out, "        {}{}", g.text(), exchanges(g));
            }
            let more: usize = l.following.iter().skip(SHOWN).map(fold::Line::count).sum();
            if more > 0 {
                let _ = writeln!(out, "        … and {more} more findings");
            }
        }
        let more = lines
            .iter()
            .skip(SHOWN)
            .map(fold::Line::count)
            .sum::<usize>()
            + step.left_out;
        if more > 0 {
            let _ = writeln!(out, "    … and {more} more findings");
        }
    }
}

/// ` [exchange 2]`, ` [exchanges 3-13]`: the exchanges (counted from 1, as
/// every report shows them) a line was judged on; empty when none was
/// recorded.
pub fn exchanges(line: &fold::Line<'_>) -> String {
    let n: Vec<usize> = line.exchanges().iter().map(|n| n + 1).collect();
    match n.len() {
        0 => String::new(),
        1 => format!(" [exchange {}]", n[0]),
        _ => format!(" [exchanges {}]", fold::ranges(&n)),
    }
}

/// The first finding of a failure as one line (or, without one, its
/// first line of text): what a JUnit `message` or a list of failed cases
/// shows.
pub fn headline(case: &CaseInfo, f: &Failure) -> String {
    match f.findings().next() {
        Some(first) => first.to_string(),
        None => failure(case, f)
            .lines()
            .next()
            .unwrap_or("failed")
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Finding;
    use crate::report::outcome::StepReport;

    fn case() -> CaseInfo {
        CaseInfo {
            name: "fortiportal/tokens/login_logout".into(),
            kind: "sequence".into(),
            basis: "doc",
            destructive: false,
            summary: "a token can be logged out".into(),
            origin: "cases/fortiportal/tokens.yaml:10".into(),
            source: Some("FortiPortal 7.4 REST API guide".into()),
        }
    }

    #[test]
    fn a_failure_reads_step_by_step_with_where_the_case_comes_from() {
        let mut step = StepReport::new(
            "step 2 of 3",
            "POST /fpc/api/auth/tokenlogout/ → 500 in 4 ms",
        );
        step.add(Finding::new("status", "200", "500"));
        step.add(Finding::new("/objects", "an array", "null").on_page(3, "/x?offset=4"));
        for i in 0..SHOWN {
            step.add(Finding::new(format!("/{i}"), "1", "2"));
        }
        step.left_out = 5;
        let mut f = Failure::default();
        f.push(step);
        f.baseline = Some("  what changed: /status".into());
        let text = failure(&case(), &f);
        assert!(text.starts_with("a token can be logged out\n  step 2 of 3: POST /fpc/api/auth/tokenlogout/ → 500 in 4 ms\n    at status: expected 200, got 500\n    at page 3 (/x?offset=4) /objects: expected an array, got null\n"), "{text}");
        assert!(text.contains("    … and 7 more findings\n"), "{text}");
        assert!(text.contains("  case cases/fortiportal/tokens.yaml:10 (basis: doc; source: FortiPortal 7.4 REST API guide)\n  what changed: /status"), "{text}");
        assert_eq!(headline(&case(), &f), "at status: expected 200, got 500");
        let changed_only = Failure::baseline("  differs".into());
        assert_eq!(
            failure(&case(), &changed_only),
            "a token can be logged out\n  differs"
        );
        assert_eq!(
            headline(&case(), &changed_only),
            "a token can be logged out"
        );
        let panicked = Failure {
            panic: Some("boom".into()),
            ..Failure::default()
        };
        assert!(failure(&case(), &panicked).contains("panicked"));
    }
}
