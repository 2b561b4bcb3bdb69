//! `--html FILE`: the run as one self-contained HTML page, for people. The
//! CSS is inline, there are no scripts and no external assets, so the file
//! reads the same offline, attached to a CI job or mailed. It holds the
//! summary by product and endpoint, the failed cases, the known deviations
//! met, what a baseline comparison found changed, every case with its
//! outcome, findings and exchanges (collapsible `<details>`, failed cases
//! open), each exchange with the curl line that sends it again, and the
//! ignored cases with their reasons. Every text is escaped.

use std::fmt::Write as _;

use super::{
    counts, groups, text, Answer, DeviationMet, ExchangeRecord, RunInfo, ShownBody, TrialRecord,
    Verdict,
};

const STYLE: &str = r#"
:root { --ok: #1a7f37; --bad: #cf222e; --skip: #9a6700; --line: #d0d7de; --soft: #f6f8fa; --dim: #656d76; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1f2328; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 78rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; } h4 { font-size: .95rem; margin: .9rem 0 .3rem; } h5 { font-size: .85rem; margin: .6rem 0 .2rem; color: var(--dim); }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: .2rem 0 .6rem; }
.verdict { font-size: 1.15rem; font-weight: 600; padding: .6rem 1rem; border-radius: 6px; margin: .8rem 0; color: #fff; }
.verdict.passed { background: var(--ok); } .verdict.failed, .verdict.unreachable { background: var(--bad); }
.totals { display: flex; gap: 1rem; margin: .8rem 0; flex-wrap: wrap; }
.totals div { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1.2rem; min-width: 8rem; }
.totals b { display: block; font-size: 1.7rem; }
.totals .passed b { color: var(--ok); } .totals .failed b { color: var(--bad); } .totals .ignored b { color: var(--skip); }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; color: var(--dim); }
dl.run dt { font-weight: 600; } dl.run dd { margin: 0; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .7rem; text-align: left; vertical-align: top; }
th { background: var(--soft); } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n.zero { color: #afb8c1; } td.n.failed:not(.zero) { color: var(--bad); font-weight: 700; } td.n.passed:not(.zero) { color: var(--ok); } td.n.ignored:not(.zero) { color: var(--skip); }
tfoot td { font-weight: 700; }
.badge { display: inline-block; min-width: 4.6rem; text-align: center; border-radius: 1rem; padding: 0 .5rem; font-size: .8rem; font-weight: 600; color: #fff; }
.badge.passed { background: var(--ok); } .badge.failed { background: var(--bad); } .badge.ignored { background: var(--skip); }
details.case { border: 1px solid var(--line); border-radius: 6px; margin: .35rem 0; padding: .3rem .8rem; }
details.case.failed { border-left: 4px solid var(--bad); } details.case.passed { border-left: 4px solid var(--ok); } details.case.ignored { border-left: 4px solid var(--skip); }
details > summary { cursor: pointer; }
details.case > summary { display: flex; gap: .7rem; align-items: baseline; flex-wrap: wrap; }
summary .kind, summary .time, .meta { color: var(--dim); font-size: .85rem; }
details.exchange { border-top: 1px dashed var(--line); padding: .3rem 0; }
details.exchange > summary code { font-size: 12.5px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; } @media (max-width: 60rem) { .pair { grid-template-columns: 1fr; } }
.note { color: var(--dim); font-size: .85rem; }
ul.findings { margin: .2rem 0; padding-left: 1.3rem; } ul.findings li { margin: .15rem 0; }
footer { margin-top: 3rem; color: var(--dim); font-size: .85rem; }
"#;

/// Text for HTML content or a quoted attribute: `& < > " '` escaped,
/// control characters (but tab and newline) shown as U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An `id` made of the name's letters and digits.
fn anchor(prefix: &str, name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{slug}")
}

fn outcome_class(v: &Verdict) -> &'static str {
    v.word()
}

fn millis(d: std::time::Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// The report as one HTML document.
pub fn html(records: &[TrialRecord], info: &RunInfo) -> String {
    let mut out = String::new();
    let all = counts(records.iter());
    let passed = all.tests - all.failures - all.skipped;
    let title = if info.unreachable.is_empty() {
        format!(
            "fortiprobe: {passed} passed, {} failed, {} ignored",
            all.failures, all.skipped
        )
    } else {
        "fortiprobe: nothing ran (a product was unreachable)".to_string()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"fortiprobe {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    header(&mut out, records, info);
    summary_table(&mut out, records);
    failed_list(&mut out, records);
    deviations(&mut out, &info.deviations);
    changes(&mut out, records);
    cases(&mut out, records, info);
    ignored(&mut out, records);
    let _ = write!(
        out,
        "<footer>Written by fortiprobe {}. Secrets (keys, passwords, client secrets, tokens) are redacted \
in every form; an <code>Authorization</code> header shows only its scheme, and the curl lines take \
credentials from environment variables. Bodies are cut after 4096 bytes.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn header(out: &mut String, records: &[TrialRecord], info: &RunInfo) {
    let all = counts(records.iter());
    let passed = all.tests - all.failures - all.skipped;
    out.push_str("<header>\n<h1>fortiprobe report</h1>\n");
    if !info.unreachable.is_empty() {
        out.push_str(
            "<p class=\"verdict unreachable\">Nothing ran: a configured product could not be reached (exit 3)</p>\n<ul class=\"findings\">\n",
        );
        for u in &info.unreachable {
            let _ = writeln!(
                out,
                "<li><b>{}</b> is unreachable: {}</li>",
                escape(&u.product),
                escape(&u.reason)
            );
        }
        out.push_str("</ul>\n");
    } else if all.failures > 0 {
        let _ = writeln!(
            out,
            "<p class=\"verdict failed\">FAILED: {} of {} cases failed</p>",
            all.failures, all.tests
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"verdict passed\">Passed: no case failed ({} ran)</p>",
            all.tests
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"totals\"><div class=\"passed\"><b>{passed}</b>passed</div>\
<div class=\"failed\"><b>{}</b>failed</div><div class=\"ignored\"><b>{}</b>ignored</div>\
<div><b>{}</b>known deviations met</div></div>",
        all.failures,
        all.skipped,
        info.deviations.len()
    );
    out.push_str("<dl class=\"run\">\n");
    let _ = writeln!(
        out,
        "<dt>started</dt><dd>{}</dd><dt>took</dt><dd>{:.2} s</dd>",
        escape(
            &info
                .started_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ),
        info.duration.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "<dt>requests</dt><dd>{} sent ({} outside the cases), {} received</dd>",
        info.requests,
        info.requests_outside_cases(records),
        escape(&super::bytes(info.bytes))
    );
    let _ = writeln!(
        out,
        "<dt>options</dt><dd>--framework {}, --deny-deviations {}, --allow-destructive {}</dd>",
        if info.framework { "on" } else { "off" },
        if info.deny_deviations { "on" } else { "off" },
        if info.allow_destructive { "on" } else { "off" }
    );
    for (product, url) in &info.targets {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd><code>{}</code></dd>",
            escape(product),
            escape(url)
        );
    }
    out.push_str("</dl>\n</header>\n");
}

fn count_cell(n: usize, class: &str) -> String {
    let zero = if n == 0 { " zero" } else { "" };
    format!("<td class=\"n {class}{zero}\">{n}</td>")
}

fn summary_table(out: &mut String, records: &[TrialRecord]) {
    out.push_str("<section id=\"summary\">\n<h2>Summary by product and endpoint</h2>\n");
    if records.is_empty() {
        out.push_str("<p class=\"note\">No case ran.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"summary\">\n<thead><tr><th>product</th><th>endpoint</th><th>passed</th><th>failed</th><th>ignored</th><th>requests</th><th>time</th></tr></thead>\n<tbody>\n",
    );
    for (group, rs) in groups(records) {
        let c = counts(rs.iter().copied());
        let (product, endpoint) = group.split_once('/').unwrap_or((group.as_str(), ""));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td>{}{}{}<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(product),
            anchor("group", &group),
            escape(endpoint),
            count_cell(c.tests - c.failures - c.skipped, "passed"),
            count_cell(c.failures, "failed"),
            count_cell(c.skipped, "ignored"),
            rs.iter().map(|r| r.requests).sum::<u64>(),
            millis(c.time)
        );
    }
    let c = counts(records.iter());
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><td colspan=\"2\">all {} cases</td>{}{}{}<td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tfoot>\n</table>\n</section>",
        c.tests,
        count_cell(c.tests - c.failures - c.skipped, "passed"),
        count_cell(c.failures, "failed"),
        count_cell(c.skipped, "ignored"),
        records.iter().map(|r| r.requests).sum::<u64>(),
        millis(c.time)
    );
}

fn failed_list(out: &mut String, records: &[TrialRecord]) {
    let failed: Vec<&TrialRecord> = records
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Fail(_)))
        .collect();
    if failed.is_empty() {
        return;
    }
    out.push_str("<section id=\"failed\">\n<h2>Failed</h2>\n<ul class=\"findings\">\n");
    for r in failed {
        let first = match &r.verdict {
            Verdict::Fail(f) => text::headline(&r.case, f),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\"><code>{}</code></a>: {}</li>",
            anchor("case", r.name()),
            escape(r.name()),
            escape(&first)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn deviations(out: &mut String, met: &[DeviationMet]) {
    if met.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"deviations\">\n<h2>Known deviations met</h2>\n<p class=\"note\">Departures from the docs seen on real appliances (deviations.yaml): accepted; <code>--deny-deviations</code> fails them.</p>\n<table>\n<thead><tr><th>deviation</th><th>what</th><th>evidence</th><th>cases</th></tr></thead>\n<tbody>\n",
    );
    for d in met {
        let cases: Vec<String> = d
            .cases
            .iter()
            .map(|c| {
                format!(
                    "<a href=\"#{}\"><code>{}</code></a>",
                    anchor("case", c),
                    escape(c)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&d.id),
            escape(&d.summary),
            escape(&d.evidence),
            cases.join("<br>")
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn changes(out: &mut String, records: &[TrialRecord]) {
    let changed: Vec<(&TrialRecord, &String)> = records
        .iter()
        .filter_map(|r| r.changes.as_ref().map(|c| (r, c)))
        .collect();
    if changed.is_empty() {
        return;
    }
    out.push_str("<section id=\"changes\">\n<h2>Changes against the baseline</h2>\n");
    for (r, text) in changed {
        let _ = writeln!(
            out,
            "<h4><a href=\"#{}\"><code>{}</code></a></h4>\n<pre>{}</pre>",
            anchor("case", r.name()),
            escape(r.name()),
            escape(text)
        );
    }
    out.push_str("</section>\n");
}

fn cases(out: &mut String, records: &[TrialRecord], info: &RunInfo) {
    if records.is_empty() {
        return;
    }
    out.push_str("<section id=\"cases\">\n<h2>Cases</h2>\n<p class=\"note\">Failed cases are open; click a case or an exchange to open it.</p>\n");
    for (group, rs) in groups(records) {
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{}</h3>",
            anchor("group", &group),
            escape(&group)
        );
        for r in rs {
            case(out, r, info);
        }
    }
    out.push_str("</section>\n");
}

fn case(out: &mut String, r: &TrialRecord, info: &RunInfo) {
    let class = outcome_class(&r.verdict);
    let (_, _, name) = r.parts();
    let _ = writeln!(
        out,
        "<details class=\"case {class}\" id=\"{}\"{}>\n<summary><span class=\"badge {class}\">{class}</span> <code>{}</code> <span class=\"kind\">{}</span> <span class=\"time\">{}</span></summary>",
        anchor("case", r.name()),
        if class == "failed" { " open" } else { "" },
        escape(name),
        escape(&r.case.kind),
        millis(r.duration)
    );
    if !r.case.summary.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&r.case.summary));
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · basis: {}{} · <span class=\"requests\">{} requests</span>, {} received</p>",
        escape(r.name()),
        escape(r.case.basis),
        if r.case.destructive { " · destructive" } else { "" },
        r.requests,
        escape(&super::bytes(r.bytes))
    );
    verdict(out, r);
    let met: Vec<&DeviationMet> = info
        .deviations
        .iter()
        .filter(|d| d.cases.iter().any(|c| c == r.name()))
        .collect();
    for d in met {
        let _ = writeln!(
            out,
            "<p class=\"note\">Known deviation met (accepted): <code>{}</code>: {}</p>",
            escape(&d.id),
            escape(&d.summary)
        );
    }
    if let Some(c) = &r.changes {
        let _ = writeln!(
            out,
            "<h4>Changes against the baseline</h4>\n<pre>{}</pre>",
            escape(c)
        );
    }
    let log = &r.exchanges;
    if !log.is_empty() {
        let _ = writeln!(out, "<h4>Exchanges ({})</h4>", log.total());
        for x in log.first() {
            exchange(out, x);
        }
        if log.left_out() > 0 {
            let _ = writeln!(
                out,
                "<p class=\"note\">… {} exchanges not kept …</p>",
                log.left_out()
            );
        }
        for x in log.last() {
            exchange(out, x);
        }
    }
    out.push_str("</details>\n");
}

/// A failed case's findings and report, an ignored case's reason.
fn verdict(out: &mut String, r: &TrialRecord) {
    match &r.verdict {
        Verdict::Pass => {}
        Verdict::Fail(f) => {
            if f.findings().next().is_some() {
                out.push_str("<h4>Findings</h4>\n<ul class=\"findings\">\n");
                for x in f.findings() {
                    let _ = writeln!(out, "<li><code>{}</code></li>", escape(&x.to_string()));
                }
                if f.left_out() > 0 {
                    let _ = writeln!(
                        out,
                        "<li>… and {} more findings, not kept</li>",
                        f.left_out()
                    );
                }
                out.push_str("</ul>\n");
            }
            let report = text::failure(&r.case, f);
            let _ = writeln!(out, "<h4>Report</h4>\n<pre>{}</pre>", escape(&report));
        }
        Verdict::Ignored(reason) => {
            let _ = writeln!(out, "<p><b>Ignored:</b> {}</p>", escape(reason));
        }
    }
}

fn body_text(b: &ShownBody) -> String {
    match b.cut_from {
        None => escape(&b.text),
        Some(n) => format!(
            "{}\n<span class=\"note\">… cut: {} of {n} bytes shown</span>",
            escape(&b.text),
            b.text.len()
        ),
    }
}

fn exchange(out: &mut String, x: &ExchangeRecord) {
    let answer = match &x.answer {
        Answer::Received { status, .. } => status.to_string(),
        Answer::NoAnswer(_) => "no answer".to_string(),
    };
    let _ = writeln!(
        out,
        "<details class=\"exchange\">\n<summary>{}: <code>{} {}</code> → <b>{}</b> <span class=\"time\">{}</span></summary>\n<div class=\"pair\">",
        escape(&x.label),
        escape(&x.method),
        escape(&x.target),
        escape(&answer),
        millis(x.elapsed)
    );
    let mut request = format!("{} {}\n", escape(&x.method), escape(&x.target));
    for (k, v) in &x.request_headers {
        let _ = writeln!(request, "{}: {}", escape(k), escape(v));
    }
    if let Some(b) = &x.request_body {
        let _ = write!(request, "\n{}", body_text(b));
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
            body,
        } => {
            let mut text = format!("{status}\n");
            for (k, v) in headers {
                let _ = writeln!(text, "{}: {}", escape(k), escape(v));
            }
            if !body.text.is_empty() {
                let _ = write!(text, "\n{}", body_text(body));
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

fn ignored(out: &mut String, records: &[TrialRecord]) {
    let ignored: Vec<(&TrialRecord, &String)> = records
        .iter()
        .filter_map(|r| match &r.verdict {
            Verdict::Ignored(why) => Some((r, why)),
            _ => None,
        })
        .collect();
    if ignored.is_empty() {
        return;
    }
    out.push_str("<section id=\"ignored\">\n<h2>Ignored cases</h2>\n<table>\n<thead><tr><th>case</th><th>why it did not run</th></tr></thead>\n<tbody>\n");
    for (r, why) in ignored {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{}\"><code>{}</code></a></td><td>{}</td></tr>",
            anchor("case", r.name()),
            escape(r.name()),
            escape(why)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<script>alert('x' & \"y\")</script>\u{1}\n"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;\u{fffd}\n"
        );
        assert_eq!(anchor("case", "p/e/c_1"), "case-p-e-c-1");
    }
}
