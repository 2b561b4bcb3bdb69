//! JUnit XML (`--junit`) as Jenkins and GitLab read it, valid against the
//! Jenkins/Surefire junit-10.xsd (tests/it/reports.rs checks it with an
//! independent validator).

use std::fmt::Write as _;

use super::outcome::Verdict;
use super::{counts, groups, secs, text, RunInfo, TrialRecord};

/// JUnit XML as Jenkins and GitLab read it: one `testsuite` per product
/// and endpoint, one `testcase` per trial (classname `product.endpoint`),
/// a failure carrying the report, a skipped case its reason, timings.
/// When a product was unreachable (nothing ran), a `reachability` suite
/// holds one `error` per such product, saying why.
pub fn junit(records: &[TrialRecord], info: &RunInfo) -> String {
    let groups = groups(records);
    let all = counts(records.iter());
    let errors = info.unreachable.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"fortiprobe\" tests=\"{}\" failures=\"{}\" errors=\"{errors}\" time=\"{}\">",
        all.tests + errors,
        all.failures,
        secs(info.duration)
    );
    let timestamp = info.started_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    reachability(&mut out, info, &timestamp);
    for (group, rs) in &groups {
        let c = counts(rs.iter().copied());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\" timestamp=\"{timestamp}\">",
            xml_escape(group),
            c.tests,
            c.failures,
            c.skipped,
            secs(c.time)
        );
        let product = group.split('/').next().unwrap_or("");
        if let Some(url) = info.targets.get(product) {
            let _ = writeln!(
                out,
                "    <properties>\n      <property name=\"target\" value=\"{}\"/>\n    </properties>",
                xml_escape(url)
            );
        }
        for r in rs {
            let (_, _, case) = r.parts();
            let classname = group.replace('/', ".");
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
                xml_escape(case),
                xml_escape(&classname),
                secs(r.duration)
            );
            match &r.verdict {
                Verdict::Pass => {
                    let _ = writeln!(out, "{open}/>");
                }
                Verdict::Fail(f) => {
                    let _ = writeln!(
                        out,
                        "{open}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>{}\n    </testcase>",
                        xml_escape(&r.case.kind),
                        xml_escape(&text::headline(&r.case, f)),
                        xml_escape(&text::failure(&r.case, f)),
                        system_out(r)
                    );
                }
                Verdict::Ignored(reason) => {
                    let _ = writeln!(
                        out,
                        "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                        xml_escape(reason)
                    );
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Exchanges a failed case's `system-out` shows at most.
pub const EXCHANGES_SHOWN: usize = 4;

/// A failed case's `system-out`, which GitLab and Jenkins show beside the
/// failure: the first exchanges its findings were judged on (or, when no
/// finding names one, its last exchange), each with the curl line that
/// sends it again; empty when it recorded none. Scrubbed as every record.
fn system_out(r: &TrialRecord) -> String {
    let flagged = r.flagged();
    let mut picked: Vec<&super::ExchangeRecord> = r
        .exchanges
        .iter()
        .filter(|x| flagged.contains_key(&x.number))
        .take(EXCHANGES_SHOWN)
        .collect();
    if picked.is_empty() {
        picked.extend(r.exchanges.iter().last());
    }
    if picked.is_empty() {
        return String::new();
    }
    let mut text = format!(
        "the exchanges behind the findings ({} of {} shown; the --html and --json reports keep more):\n",
        picked.len(),
        r.exchanges.total()
    );
    for x in picked {
        super::verbose::exchange(&mut text, x, flagged.get(&x.number).copied().unwrap_or(0));
    }
    format!("\n      <system-out>{}</system-out>", xml_escape(&text))
}

/// The `reachability` suite: one `error` per product that could not be
/// reached (nothing ran); nothing when every product was.
fn reachability(out: &mut String, info: &RunInfo, timestamp: &str) {
    let errors = info.unreachable.len();
    if errors == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "  <testsuite name=\"reachability\" tests=\"{errors}\" failures=\"0\" errors=\"{errors}\" skipped=\"0\" time=\"{}\" timestamp=\"{timestamp}\">",
        secs(info.duration)
    );
    for u in &info.unreachable {
        let message = format!("{} is unreachable: {}", u.product, u.reason);
        let _ = writeln!(
            out,
            "    <testcase name=\"{}\" classname=\"reachability\" time=\"0.000\">\n      <error type=\"unreachable\" message=\"{}\">{} (nothing ran: exit 3)</error>\n    </testcase>",
            xml_escape(&u.product),
            xml_escape(&message),
            xml_escape(&message)
        );
    }
    let _ = writeln!(out, "  </testsuite>");
}

/// Text for XML content or a double-quoted attribute. An apostrophe needs
/// no escape in either and is left as it is: `&apos;` beside the `&quot;`
/// of a shell-quoted curl line would read as a piece of an HTML-escaped
/// secret to anyone (or any scanner) looking for one.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{failed, info, rec};

    #[test]
    fn junit_carries_failures_reasons_and_escapes() {
        let x = junit(
            &[
                rec("fortiauthenticator/fortitokens/a", Verdict::Pass),
                rec(
                    "fortiauthenticator/fortitokens/b",
                    failed(&[("/x", "<1>", "\"2\" & \u{1}")]),
                ),
                rec(
                    "fortiportal/tokens/c",
                    Verdict::Ignored("not configured".into()),
                ),
            ],
            &info(),
        );
        assert!(
            x.contains(
                "<testsuite name=\"fortiauthenticator/fortitokens\" tests=\"2\" failures=\"1\""
            ),
            "{x}"
        );
        assert!(
            x.contains("message=\"at /x: expected &lt;1&gt;, got &quot;2&quot; &amp; \\u{1}\""),
            "{x}"
        );
        assert!(x.contains("<skipped message=\"not configured\"/>"), "{x}");
        assert!(
            x.contains("classname=\"fortiauthenticator.fortitokens\""),
            "{x}"
        );
        assert!(x.contains("time=\"0.012\""), "{x}");
        assert!(
            !x.contains("system-out"),
            "no exchange recorded, none shown: {x}"
        );
    }

    #[test]
    fn a_failed_case_shows_the_exchanges_behind_its_findings_with_curl() {
        use crate::report::fixtures::{exchange_record, SECRET};
        let mut r = rec("p/e/c", failed(&[("/x", "1", "2")]));
        if let Verdict::Fail(f) = &mut r.verdict {
            f.steps[0].findings[0].exchange = Some(1);
        }
        for i in 0..3 {
            let mut x =
                exchange_record(&format!("step {i}"), &format!("{{\"key\": \"{SECRET}\"}}"));
            x.number = i;
            r.exchanges.push(x);
        }
        let x = junit(&[r], &info());
        let out = &x[x.find("<system-out>").expect("system-out")..];
        assert!(
            out.contains("--- exchange 2 (1 finding), step 1: GET"),
            "{out}"
        );
        assert!(!out.contains("step 0") && !out.contains("step 2"), "{out}");
        assert!(out.contains("curl -sS -i"), "{out}");
        assert!(!x.contains(SECRET), "{x}");
    }

    #[test]
    fn an_unreachable_product_is_an_error_saying_why() {
        let mut i = info();
        i.unreachable.push(crate::report::Unreachable {
            product: "fortiportal".into(),
            reason: "connection refused <127.0.0.1:9>".into(),
        });
        let x = junit(&[], &i);
        assert!(x.contains("tests=\"1\" failures=\"0\" errors=\"1\""), "{x}");
        assert!(
            x.contains("<error type=\"unreachable\" message=\"fortiportal is unreachable: connection refused &lt;127.0.0.1:9&gt;\">"),
            "{x}"
        );
    }
}
