//! `fortiprobe diff --html`: the same summary and folds as the Markdown, on
//! one self-contained page (inline CSS, no script, no external asset), then
//! every changed case collapsed, with its changes one by one and a unified
//! diff of its two documents. Every text is escaped for HTML.

use std::fmt::Write as _;

use super::diff::DirDiff;
use super::fold::{CaseDiff, Fold};

/// Changes and diff lines shown per case before the rest is counted.
const CHANGES_SHOWN: usize = 200;
const DIFF_LINES_SHOWN: usize = 400;

const STYLE: &str = r#"
:root { --fg: #1d2330; --dim: #5b6475; --line: #d9dde5; --add: #e6f4ea; --del: #fde8e8; --head: #f3f5f8; }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: var(--head); padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid var(--line); padding: .25rem .55rem; }
th { background: var(--head); text-align: left; } td.n { text-align: right; }
ol.folds li { margin: .35rem 0; } details.case { border: 1px solid var(--line); margin: .4rem 0; padding: .3rem .6rem; }
details.case > summary { cursor: pointer; } .note { color: var(--dim); }
span.add { background: var(--add); display: block; } span.del { background: var(--del); display: block; }
"#;

/// Text for HTML content or a quoted attribute (`escape::html`).
pub(crate) use crate::escape::html as escape;

/// The diff as one HTML page.
pub fn html(d: &DirDiff) -> String {
    let title = format!(
        "API changes: {} → {}",
        d.before.display(),
        d.after.display()
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{}</p>\n",
        escape(&d.headline()),
        t = escape(&title),
    );
    summary(&mut out, d);
    out.push_str("<h2>What changed</h2>\n<p class=\"note\">Each line folds one change repeated over objects, steps and cases: a JSON pointer into the answers' bodies (<code>*</code> for any position) or a field of the exchanges, what happened, how often, and one example.</p>\n<ol class=\"folds\">\n");
    for f in &d.folds {
        let _ = writeln!(out, "<li>{}</li>", fold_item(f));
    }
    out.push_str("</ol>\n<h2>Cases</h2>\n");
    for c in &d.cases {
        case(&mut out, d, c);
    }
    for (dir, list) in [(&d.before, &d.only_before), (&d.after, &d.only_after)] {
        if !list.is_empty() {
            let _ = writeln!(
                out,
                "<p>Only in <code>{}</code>: {}</p>",
                escape(&dir.display().to_string()),
                list.iter()
                    .map(|t| format!("<code>{}</code>", escape(t)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, d: &DirDiff) {
    out.push_str(
        "<table>\n<tr><th>product / endpoint</th><th>cases changed</th><th>fields added</th>\
         <th>fields removed</th><th>fields retyped</th><th>statuses changed</th>\
         <th>newly failing</th><th>newly passing</th><th>only before / after</th></tr>\n",
    );
    for r in d.rows() {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} / {}</td></tr>",
            escape(&r.group),
            r.changed,
            r.added,
            r.removed,
            r.retyped,
            r.statuses,
            r.failing,
            r.passing,
            r.only_before,
            r.only_after
        );
    }
    out.push_str("</table>\n");
}

/// A fold's line: the pattern, what happened, the counts, and the example
/// (target text, escaped).
fn fold_item(f: &Fold) -> String {
    let code = |s: &str| format!("<code>{}</code>", escape(s));
    let (trial, ch) = &f.example;
    let step = ch
        .step
        .as_deref()
        .map(|s| format!(", step {}", code(s)))
        .unwrap_or_default();
    format!(
        "{} {} {}: {}<br><span class=\"note\">e.g. {}{step}: {} {}</span>",
        escape(&f.product),
        code(&f.site.subject()),
        escape(&f.signature),
        escape(&f.counts(true)),
        code(trial),
        code(&ch.pointer),
        code(&ch.what.values())
    )
}

fn case(out: &mut String, d: &DirDiff, c: &CaseDiff) {
    let _ = writeln!(
        out,
        "<details class=\"case\"><summary><code>{}</code>: {} change{}</summary>\n<pre>",
        escape(&c.trial),
        c.changes.len(),
        if c.changes.len() == 1 { "" } else { "s" }
    );
    for ch in c.changes.iter().take(CHANGES_SHOWN) {
        let _ = writeln!(out, "{}", escape(&ch.to_string()));
    }
    if c.changes.len() > CHANGES_SHOWN {
        let _ = writeln!(
            out,
            "… and {} more (every one is folded above)",
            c.changes.len() - CHANGES_SHOWN
        );
    }
    out.push_str("</pre>\n");
    if let Some((a, b)) = d.texts.get(&c.trial) {
        let diff = similar::TextDiff::from_lines(a, b)
            .unified_diff()
            .context_radius(2)
            .header(
                &d.before.display().to_string(),
                &d.after.display().to_string(),
            )
            .to_string();
        out.push_str("<pre>");
        let lines: Vec<&str> = diff.lines().collect();
        for l in lines.iter().take(DIFF_LINES_SHOWN) {
            let class = match l.as_bytes().first() {
                Some(b'+') if !l.starts_with("+++") => " class=\"add\"",
                Some(b'-') if !l.starts_with("---") => " class=\"del\"",
                _ => "",
            };
            let _ = write!(out, "<span{class}>{}</span>", escape(l));
            if class.is_empty() {
                out.push('\n');
            }
        }
        if lines.len() > DIFF_LINES_SHOWN {
            let _ = writeln!(out, "… {} more diff lines", lines.len() - DIFF_LINES_SHOWN);
        }
        out.push_str("</pre>\n");
    }
    out.push_str("</details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::change::changes;
    use crate::baseline::fold::fold;
    use serde_json::json;

    #[test]
    fn target_text_is_escaped_and_the_page_has_no_script() {
        let before = json!({"outcome": "passed", "exchanges": [{"step": "request",
            "body": {"<b>name</b>": "x"}}]});
        let after = json!({"outcome": "passed", "exchanges": [{"step": "request",
            "body": {"<b>name</b>": "<script>alert(1)</script>\u{1b}[2J"}}]});
        let case = CaseDiff {
            trial: "fac/x/y".into(),
            changes: changes(&before, &after),
            before: before.clone(),
            after: after.clone(),
        };
        let d = DirDiff {
            before: "a".into(),
            after: "b<i>".into(),
            folds: fold(std::slice::from_ref(&case)),
            texts: [(
                "fac/x/y".to_string(),
                (before.to_string(), after.to_string()),
            )]
            .into(),
            cases: vec![case],
            only_before: vec![],
            only_after: vec!["fac/x/<z>".into()],
        };
        let page = html(&d);
        assert!(!page.to_lowercase().contains("<script"), "{page}");
        assert!(!page.contains("<b>") && !page.contains("<i>") && !page.contains("<z>"));
        assert!(!page.contains('\u{1b}'));
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(page.contains("<details class=\"case\">"));
    }
}
