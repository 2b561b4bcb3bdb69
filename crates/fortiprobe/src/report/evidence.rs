//! One case of the HTML report (`html`): what it found and the exchanges
//! behind it. Each finding is shown once, step by step, folded as `fold`
//! folds it (repeats on one line, the pages a wrong link led to under that
//! link's finding), and links to the exchange it was judged on; that
//! exchange is marked (a red edge, how many findings name it, a link back)
//! and the first marked one is open. Bodies are pretty-printed
//! (`pretty`), long ones folded after `BODY_LINES` lines. Every text is
//! escaped; every text was scrubbed of secrets before it came here.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::fold::{self, Line};
use super::{Answer, ExchangeRecord, Failure, ShownBody, TrialRecord, Verdict};

/// Lines of a body shown before the rest is folded away.
pub const BODY_LINES: usize = 30;

/// Text for HTML content or a quoted attribute (`escape::html`).
pub(crate) use crate::escape::html as escape;

/// An `id` made of the name's letters and digits.
pub(crate) fn anchor(prefix: &str, name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{slug}")
}

/// The `id` of exchange `number` of `case` (shown counted from 1).
fn exchange_id(case: &str, number: usize) -> String {
    anchor("x", &format!("{case}-{}", number + 1))
}

/// A failed case's findings, step by step; an ignored case's reason.
pub(crate) fn verdict(out: &mut String, r: &TrialRecord) {
    match &r.verdict {
        Verdict::Pass => {}
        Verdict::Fail(f) => failure(out, r, f),
        Verdict::Ignored(reason) => {
            let _ = writeln!(out, "<p><b>Ignored:</b> {}</p>", escape(reason));
        }
    }
}

fn failure(out: &mut String, r: &TrialRecord, f: &Failure) {
    if let Some(p) = &f.panic {
        let _ = writeln!(
            out,
            "<p><b>fortiprobe itself failed while running this case</b> (a bug in fortiprobe, please report it): <code>{}</code></p>",
            escape(p)
        );
    }
    let kept: Vec<usize> = r.exchanges.iter().map(|x| x.number).collect();
    let found: Vec<_> = f.steps.iter().filter(|s| s.found()).collect();
    if !found.is_empty() {
        let _ = writeln!(
            out,
            "<h4 id=\"{}\">Findings</h4>",
            anchor("findings", r.name())
        );
    }
    for step in found {
        let _ = writeln!(
            out,
            "<div class=\"step\"><b>{}</b>: <code>{}</code>\n<ul class=\"findings\">",
            escape(&step.label),
            escape(&step.line)
        );
        for line in fold::lines(step) {
            finding(out, r.name(), &line, &kept);
            if !line.following.is_empty() {
                let n: usize = line.following.iter().map(Line::count).sum();
                let _ = writeln!(
                    out,
                    "<li class=\"note\">then, on the pages the walk reached through that link ({n} findings):\n<ul class=\"following\">"
                );
                for g in &line.following {
                    finding(out, r.name(), g, &kept);
                }
                out.push_str("</ul></li>\n");
            }
        }
        if step.left_out > 0 {
            let _ = writeln!(
                out,
                "<li>… and {} more findings, not kept</li>",
                step.left_out
            );
        }
        out.push_str("</ul></div>\n");
    }
}

/// One line of findings with links to the exchanges it was judged on.
fn finding(out: &mut String, case: &str, line: &Line<'_>, kept: &[usize]) {
    let link = |n: usize, text: String| {
        if kept.contains(&n) {
            format!(
                "<a class=\"x\" href=\"#{}\">{text}</a>",
                exchange_id(case, n)
            )
        } else {
            format!("<span class=\"x note\">{text} (not kept)</span>")
        }
    };
    let numbers = line.exchanges();
    let links: Vec<String> = match numbers.as_slice() {
        [] => Vec::new(),
        [first, .., last] if numbers.len() > 3 => vec![format!(
            "<span class=\"x\">exchanges {} to {} ({})</span>",
            link(*first, (first + 1).to_string()),
            link(*last, (last + 1).to_string()),
            numbers.len()
        )],
        _ => numbers
            .iter()
            .map(|n| link(*n, format!("exchange {}", n + 1)))
            .collect(),
    };
    let links = if links.is_empty() {
        String::new()
    } else {
        format!(" {}", links.join(" "))
    };
    let _ = writeln!(out, "<li><code>{}</code>{links}</li>", escape(&line.text()));
}

/// The case's exchanges, the ones a finding names marked.
pub(crate) fn exchanges(out: &mut String, r: &TrialRecord) {
    let log = &r.exchanges;
    if log.is_empty() {
        return;
    }
    let flagged = r.flagged();
    let _ = writeln!(out, "<h4>Exchanges ({})</h4>", log.total());
    let first_flagged = log
        .iter()
        .map(|x| x.number)
        .find(|n| flagged.contains_key(n));
    for x in log.first() {
        exchange(out, r.name(), x, &flagged, first_flagged);
    }
    if log.left_out() > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">… {} exchanges not kept …</p>",
            log.left_out()
        );
    }
    for x in log.last() {
        exchange(out, r.name(), x, &flagged, first_flagged);
    }
}

/// A body, pretty-printed when it is JSON, its lines past `BODY_LINES`
/// in a folded `<details>`.
fn body(b: &ShownBody) -> String {
    let text = super::pretty::json(&b.text).unwrap_or_else(|| b.text.clone());
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = if lines.len() > BODY_LINES + 5 {
        format!(
            "{}</pre>\n<details class=\"more\"><summary>{} more lines</summary><pre>{}",
            escape(&lines[..BODY_LINES].join("\n")),
            lines.len() - BODY_LINES,
            escape(&lines[BODY_LINES..].join("\n"))
        )
    } else {
        escape(&text)
    };
    if let Some(n) = b.cut_from {
        let _ = write!(
            shown,
            "\n<span class=\"note\">… cut: {} bytes kept (redacted) of the {n} received</span>",
            b.text.len()
        );
    }
    if lines.len() > BODY_LINES + 5 {
        shown.push_str("</pre></details><pre hidden>");
    }
    shown
}

fn exchange(
    out: &mut String,
    case: &str,
    x: &ExchangeRecord,
    flagged: &BTreeMap<usize, usize>,
    first_flagged: Option<usize>,
) {
    let answer = match &x.answer {
        Answer::Received { status, .. } => status.to_string(),
        Answer::NoAnswer(_) => "no answer".to_string(),
    };
    let finds = flagged.get(&x.number).copied().unwrap_or(0);
    let flag = match finds {
        0 => String::new(),
        n => format!(
            " <a class=\"flag\" href=\"#{}\">{n} finding{} here</a>",
            anchor("findings", case),
            if n == 1 { "" } else { "s" }
        ),
    };
    let _ = writeln!(
        out,
        "<details class=\"exchange{}\" id=\"{}\"{}>\n<summary>exchange {} · {}: <code>{} {}</code> → <b>{}</b> <span class=\"time\">{} ms</span>{flag}</summary>\n<div class=\"pair\">",
        if finds > 0 { " flagged" } else { "" },
        exchange_id(case, x.number),
        if Some(x.number) == first_flagged { " open" } else { "" },
        x.number + 1,
        escape(&x.label),
        escape(&x.method),
        escape(&x.target),
        escape(&answer),
        x.elapsed.as_millis()
    );
    let mut request = format!("{} {}\n", escape(&x.method), escape(&x.target));
    for (k, v) in &x.request_headers {
        let _ = writeln!(request, "{}: {}", escape(k), escape(v));
    }
    if let Some(b) = &x.request_body {
        let _ = write!(request, "\n{}", body(b));
    }
    let _ = writeln!(
        out,
        "<div><h5>Request</h5>\n<pre class=\"request\">{}</pre></div>",
        request.trim_end()
    );
    let response = match &x.answer {
        Answer::Received {
            status,
            headers,
            body: b,
        } => {
            let mut text = format!("{status}\n");
            for (k, v) in headers {
                let _ = writeln!(text, "{}: {}", escape(k), escape(v));
            }
            if b.text.is_empty() {
                text.push_str("\n(an empty body)");
            } else {
                let _ = write!(text, "\n{}", body(b));
            }
            text
        }
        Answer::NoAnswer(why) => format!("no answer: {}", escape(why)),
    };
    let _ = writeln!(
        out,
        "<div><h5>Response</h5>\n<pre class=\"response\">{}</pre></div>\n</div>",
        response.trim_end()
    );
    let _ = writeln!(
        out,
        "<h5>Reproduce with curl</h5>\n<pre class=\"curl\">{}</pre>\n</details>",
        escape(&x.curl)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{exchange_record, failed, rec};

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<script>alert('x' & \"y\")</script>\u{1}\n"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;\u{fffd}\n"
        );
        assert_eq!(anchor("case", "p/e/c_1"), "case-p-e-c-1");
    }

    #[test]
    fn each_finding_links_its_exchange_which_is_marked_and_open() {
        let mut r = rec("p/e/c", failed(&[("/x", "1", "2"), ("/y", "3", "4")]));
        if let Verdict::Fail(f) = &mut r.verdict {
            f.steps[0].findings[0].exchange = Some(1);
            f.steps[0].findings[1].exchange = Some(7);
        }
        let long = format!("[{}]", vec!["{\"a\": 1}"; 40].join(", "));
        for i in 0..3 {
            let mut x = exchange_record(&format!("step {i}"), &long);
            x.number = i;
            r.exchanges.push(x);
        }
        let mut out = String::new();
        verdict(&mut out, &r);
        exchanges(&mut out, &r);
        assert!(out.contains("<code>at /x: expected 1, got 2</code> <a class=\"x\" href=\"#x-p-e-c-2\">exchange 2</a>"), "{out}");
        assert!(out.contains("exchange 8 (not kept)"), "{out}");
        assert!(
            out.contains("<details class=\"exchange flagged\" id=\"x-p-e-c-2\" open>"),
            "{out}"
        );
        assert!(
            out.contains("<details class=\"exchange\" id=\"x-p-e-c-1\">"),
            "{out}"
        );
        assert!(out.contains("1 finding here"), "{out}");
        assert!(
            out.contains("\n  {\n    &quot;a&quot;: 1\n  },"),
            "pretty-printed: {out}"
        );
        assert!(
            out.contains("more lines</summary>"),
            "long bodies fold: {out}"
        );
        assert_eq!(
            out.matches("expected 1, got 2").count(),
            1,
            "a finding once"
        );
    }
}
