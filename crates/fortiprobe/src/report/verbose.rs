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
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  exchanges of {} ({} in all):",
        record.name(),
        log.total()
    );
    // The log left out `left_out` between its ends (only once it holds
    // more than this shows): one gap in the middle says how many in all.
    if all.len() > 2 * SHOWN_EACH_END {
        let hidden = log.left_out() + all.len() - 2 * SHOWN_EACH_END;
        for x in &all[..SHOWN_EACH_END] {
            exchange(&mut out, x);
        }
        let _ = writeln!(out, "  … {hidden} exchanges not shown");
        for x in &all[all.len() - SHOWN_EACH_END..] {
            exchange(&mut out, x);
        }
    } else {
        for x in &all {
            exchange(&mut out, x);
        }
    }
    out
}

fn exchange(out: &mut String, x: &ExchangeRecord) {
    let outcome = match &x.answer {
        Answer::Received { status, .. } => format!("{status}"),
        Answer::NoAnswer(why) => format!("no answer: {why}"),
    };
    let _ = writeln!(
        out,
        "  --- {}: {} {} → {} in {} ms",
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

    #[test]
    fn a_failing_case_shows_its_exchanges_bounded() {
        let mut r = rec("p/e/c", failed(&[("/x", "1", "2")]));
        assert_eq!(verbose(&r), "");
        let big = format!("{{\"a\": \"{}\"}}\u{1b}[2J", "x".repeat(3000));
        for i in 0..30 {
            r.exchanges
                .push(exchange_record(&format!("page {i}"), &big));
        }
        let text = verbose(&r);
        assert!(
            text.starts_with("  exchanges of p/e/c (30 in all):\n"),
            "{text}"
        );
        assert!(text.contains("--- page 0: GET /api/v1/fortitokens/?limit=2 → 200 in 3 ms"));
        assert!(text.contains("--- page 29:"));
        assert!(!text.contains("--- page 4:"), "{text}");
        assert!(text.contains("… 22 exchanges not shown"), "{text}");
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
