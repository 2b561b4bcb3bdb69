//! `--html FILE`: the run as one self-contained HTML page, for people. The
//! CSS is inline, there are no scripts and no external assets, so the file
//! reads the same offline, attached to a CI job or mailed. It holds the
//! summary by product and endpoint, the failed cases, the known deviations
//! met, what a baseline comparison found changed, every case with its
//! outcome, findings and exchanges (collapsible `<details>`, failed cases
//! open), each exchange with the curl line that sends it again, and the
//! ignored cases with their reasons. A case's findings and exchanges are
//! `evidence`'s: each finding once, linked to the exchange it was judged
//! on. Every text is escaped.

use std::fmt::Write as _;

use super::evidence::{self, anchor, escape};
use super::{counts, groups, DeviationMet, RunInfo, TrialRecord, Verdict};

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
th { background: var(--soft); } td { overflow-wrap: anywhere; }
#deviations table { width: 100%; table-layout: fixed; } #deviations th:nth-child(1), #deviations th:nth-child(2) { width: 16%; } #deviations th:nth-child(3) { width: 30%; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
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
details.exchange.flagged { border-left: 4px solid var(--bad); padding-left: .6rem; background: #fff8f8; }
details.exchange:target, li:target { outline: 2px solid #0969da; outline-offset: 2px; }
.flag { color: var(--bad); font-weight: 700; font-size: .85rem; }
a.x { font-size: .8rem; white-space: nowrap; }
ul.following { margin: .2rem 0 .3rem; padding-left: 1.2rem; border-left: 2px solid var(--line); }
.step { margin: .5rem 0; } .step > code { color: var(--dim); }
details.more > summary { color: #0969da; font-size: .85rem; margin: -.3rem 0 .4rem; }
footer { margin-top: 3rem; color: var(--dim); font-size: .85rem; }
"#;

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
        let what = match &r.verdict {
            Verdict::Fail(f) => found(f),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\"><code>{}</code></a>: {}</li>",
            anchor("case", r.name()),
            escape(r.name()),
            escape(&what)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// `23 findings in check pagination`: what a failure holds, without
/// repeating its findings (they are shown once, in the case).
fn found(f: &super::Failure) -> String {
    let n = f.findings().count() + f.left_out();
    let steps: Vec<&str> = f
        .steps
        .iter()
        .filter(|s| s.found())
        .map(|s| s.label.as_str())
        .collect();
    match (n, f.baseline.is_some(), f.panic.is_some()) {
        (_, _, true) => "fortiprobe itself failed (a bug)".to_string(),
        (0, true, _) => "changed against the baseline".to_string(),
        (1, _, _) => format!("1 finding in {}", steps.join(", ")),
        (n, _, _) => format!("{n} findings in {}", steps.join(", ")),
    }
}

fn deviations(out: &mut String, met: &[DeviationMet]) {
    if met.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"deviations\">\n<h2>Known deviations met</h2>\n<p class=\"note\">Departures from the docs seen on real appliances (deviations.yaml): accepted; <code>--deny-deviations</code> fails them.</p>\n<table>\n<thead><tr><th>deviation</th><th>what</th><th>seen in this run</th><th>evidence (deviations.yaml)</th><th>cases</th></tr></thead>\n<tbody>\n",
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
        let seen = match &d.seen {
            Some((case, s)) => {
                let place = match s.exchange {
                    Some(n) => format!(
                        "<a href=\"#{}\">exchange {}</a> of <code>{}</code>",
                        anchor("x", &format!("{case}-{}", n + 1)),
                        n + 1,
                        escape(case)
                    ),
                    None => format!("<code>{}</code>", escape(case)),
                };
                format!(
                    "<code>{}</code> at <code>{}</code> in {place}",
                    escape(&s.value),
                    escape(&s.at)
                )
            }
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{seen}</td><td>{}</td><td>{}</td></tr>",
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
        "<p class=\"meta\">{} · <code>{}</code> · basis: {}{}{} · <span class=\"requests\">{} requests</span>, {} received</p>",
        escape(r.name()),
        escape(&r.case.origin),
        escape(r.case.basis),
        r.case
            .source
            .as_ref()
            .map(|s| format!(" · source: {}", escape(s)))
            .unwrap_or_default(),
        if r.case.destructive { " · destructive" } else { "" },
        r.requests,
        escape(&super::bytes(r.bytes))
    );
    evidence::verdict(out, r);
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
    evidence::exchanges(out, r);
    out.push_str("</details>\n");
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
