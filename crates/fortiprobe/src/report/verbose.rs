//! `--verbose`: a case's exchanges for the terminal, after its report. Each
//! exchange shows the request line, headers and body (`>`), the answer
//! (`<`), its time, and the curl line that sends it again. Bounded for a
//! terminal: at most `SHOWN_EACH_END` exchanges from each end of the case
//! and `BODY_SHOWN` bytes of each body; the HTML and JSON reports keep more.

use std::fmt::Write as _;

use super::{Answer, ExchangeRecord, ShownBody, TrialRecord};

/// Exchanges shown from each end of a case.
pub const SHOWN_EACH_END: usize = 4;

/// Bytes of a body shown in the terminal.
pub const BODY_SHOWN: usize = 1024;

/// The exchanges of `record`, indented under its report; empty when it
/// recorded none.
pub fn verbose(record: &TrialRecord) -> String {
    let log = &record.exchanges;
    if log.is_empty() {
        return String::new();
    }
    let all: Vec<&ExchangeRecord> = log.iter().collect();
    let flagged = record.flagged();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  exchanges of {} ({} in all):",
        record.name(),
        log.total()
    );
    // Both ends, and the first exchanges a finding names wherever they
    // are; a gap says how many are not shown (the log's own gap too).
    let mut named = 0;
    let mut hidden = 0;
    for (i, x) in all.iter().enumerate() {
        let end = i < SHOWN_EACH_END || i + SHOWN_EACH_END >= all.len();
        let finds = flagged.get(&x.number).copied().unwrap_or(0);
        let shown = end || (finds > 0 && named < SHOWN_EACH_END);
        if finds > 0 && !end && shown {
            named += 1;
        }
        if i == log.first().len() && log.left_out() > 0 {
            hidden += log.left_out();
        }
        if !shown {
            hidden += 1;
            continue;
        }
        if hidden > 0 {
            let _ = writeln!(out, "  … {hidden} exchanges not shown");
            hidden = 0;
        }
        exchange(&mut out, x, finds);
    }
    out
}

/// One exchange as text: its number, label, request and answer (bodies
/// cut at `BODY_SHOWN`), and the curl line that sends it again.
pub(crate) fn exchange(out: &mut String, x: &ExchangeRecord, findings: usize) {
    let outcome = match &x.answer {
        Answer::Received { status, .. } => format!("{status}"),
        Answer::NoAnswer(why) => format!("no answer: {why}"),
    };
    let _ = writeln!(
        out,
        "  --- exchange {}{}, {}: {} {} → {} in {} ms",
        x.number + 1,
        match findings {
            0 => String::new(),
            1 => " (1 finding)".to_string(),
            n => format!(" ({n} findings)"),
        },
        x.label,
        x.method,
        x.target,
        outcome,
        x.elapsed.as_millis()
    );
    let _ = writeln!(out, "  > {} {}", x.method, x.target);
    for (k, v) in &x.request_headers {
        let _ = writeln!(out, "  > {k}: {v}");
    }
    if let Some(b) = &x.request_body {
        body(out, "  > ", b);
    }
    if let Answer::Received {
        status,
        headers,
        body: b,
    } = &x.answer
    {
        let _ = writeln!(out, "  < {status}");
        for (k, v) in headers {
            let _ = writeln!(out, "  < {k}: {v}");
        }
        body(out, "  < ", b);
    }
    let _ = writeln!(out, "  reproduce with:");
    for line in x.curl.lines() {
        let _ = writeln!(out, "    {line}");
    }
}

fn body(out: &mut String, prefix: &str, b: &ShownBody) {
    if b.text.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", prefix.trim_end());
    let mut end = b.text.len().min(BODY_SHOWN);
    while !b.text.is_char_boundary(end) {
        end -= 1;
    }
    for line in b.text[..end].lines() {
        // Control characters would drive the terminal: shown by their code.
        let _ = writeln!(out, "{prefix}{}", crate::escape::terminal(line));
    }
    let whole = b.cut_from.unwrap_or(b.text.len());
    if end < whole {
        let _ = writeln!(out, "{prefix}… cut: {end} of {whole} bytes shown");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{exchange_record, failed, rec};
    use crate::report::Verdict;

    #[test]
    fn a_failing_case_shows_its_exchanges_bounded() {
        let mut r = rec("p/e/c", failed(&[("/x", "1", "2")]));
        if let Verdict::Fail(f) = &mut r.verdict {
            f.steps[0].findings[0].exchange = Some(10);
        }
        assert_eq!(verbose(&r), "");
        let big = format!("{{\"a\": \"{}\"}}\u{1b}[2J", "x".repeat(3000));
        for i in 0..30 {
            let mut x = exchange_record(&format!("page {i}"), &big);
            x.number = i;
            r.exchanges.push(x);
        }
        let text = verbose(&r);
        assert!(
            text.starts_with("  exchanges of p/e/c (30 in all):\n"),
            "{text}"
        );
        assert!(
            text.contains("--- exchange 1, page 0: GET /api/v1/fortitokens/?limit=2 → 200 in 3 ms")
        );
        assert!(text.contains("--- exchange 30, page 29:"));
        assert!(!text.contains(", page 4:"), "{text}");
        assert!(text.contains("… 6 exchanges not shown"), "{text}");
        assert!(text.contains("… 15 exchanges not shown"), "{text}");
        assert!(
            text.contains("--- exchange 11 (1 finding), page 10:"),
            "{text}"
        );
        assert!(
            text.contains("  < … cut: 1024 of 3013 bytes shown"),
            "{text}"
        );
        assert!(
            text.contains("  > Authorization: Basic [redacted]"),
            "{text}"
        );
        assert!(text.contains("    curl -sS -i"), "{text}");
        assert!(
            !text.contains('\u{1b}'),
            "no escape sequence reaches the terminal"
        );
        assert!(text.len() < 20_000, "{}", text.len());
    }
}
