//! `fortiprobe diff` as text and as Markdown: the summary by product and
//! endpoint first, then one numbered line per fold (a change repeated over
//! objects, steps and cases, with its counts and one example), then the
//! changed cases grouped by the folds they show (collapsed in Markdown).
//! Text from the target (pointers, values) is shown with control
//! characters replaced, and in Markdown inside code spans.

use std::fmt::Write as _;

use super::diff::{DirDiff, Row};
use super::fold::Fold;

/// Text from a target on one line of a report: every control or invisible
/// character shown by its code (`escape::terminal`), a line feed as `\n`,
/// so nothing a target sent can move the cursor, recolour a terminal or
/// break the report's lines.
pub(crate) fn printable(text: &str) -> String {
    crate::escape::terminal(text).replace('\n', "\\n")
}

/// `text` as a Markdown code span: one line, fenced by more backticks than
/// it holds in a row.
pub(crate) fn code(text: &str) -> String {
    let text = printable(&text.replace(['\n', '\r'], " "));
    let mut run = 0;
    let mut longest = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// The example of a fold: where it was seen and its values.
fn example(f: &Fold, markdown: bool) -> String {
    let (trial, ch) = &f.example;
    let step = ch.step.as_deref().map(|s| {
        if markdown {
            format!(", step {}", code(s))
        } else {
            format!(", step {}", printable(s))
        }
    });
    let values = ch.what.values();
    if markdown {
        format!(
            "e.g. {}{}: {} {}",
            code(trial),
            step.unwrap_or_default(),
            code(&ch.pointer),
            code(&values)
        )
    } else {
        format!(
            "e.g. {trial}{}: {} {}",
            step.unwrap_or_default(),
            printable(&ch.pointer),
            printable(&values)
        )
    }
}

/// One fold as a line (without its number).
pub(crate) fn fold_line(f: &Fold, markdown: bool) -> String {
    if markdown {
        format!(
            "{} {} {}: {}; {}",
            f.product,
            code(&f.site.subject()),
            f.signature,
            f.counts(true),
            example(f, true)
        )
    } else {
        format!(
            "{} {} {}: {}\n     {}",
            f.product,
            printable(&f.site.subject()),
            printable(&f.signature),
            f.counts(true),
            example(f, false)
        )
    }
}

const COLUMNS: [&str; 8] = [
    "cases changed",
    "fields added",
    "fields removed",
    "fields retyped",
    "statuses changed",
    "newly failing",
    "newly passing",
    "only before / after",
];

fn cells(r: &Row) -> [String; 8] {
    [
        r.changed.to_string(),
        r.added.to_string(),
        r.removed.to_string(),
        r.retyped.to_string(),
        r.statuses.to_string(),
        r.failing.to_string(),
        r.passing.to_string(),
        format!("{} / {}", r.only_before, r.only_after),
    ]
}

const FOLDS_NOTE: &str = "Each line folds one change repeated over objects, steps and cases: a \
JSON pointer into the answers' bodies (`*` for any position) or a field of the exchanges, \
what happened, how often, and one example.";

/// The diff as Markdown.
pub fn markdown(d: &DirDiff) -> String {
    let mut out = format!(
        "# API changes: {} → {}\n\n{}.\n\n| product / endpoint | {} |\n|---|{}\n",
        code(&d.before.display().to_string()),
        code(&d.after.display().to_string()),
        d.headline(),
        COLUMNS.join(" | "),
        "--:|".repeat(COLUMNS.len())
    );
    for r in d.rows() {
        let _ = writeln!(out, "| {} | {} |", code(&r.group), cells(&r).join(" | "));
    }
    let _ = writeln!(out, "\n## What changed\n\n{FOLDS_NOTE}\n");
    for (i, f) in d.folds.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, fold_line(f, true));
    }
    let _ = writeln!(
        out,
        "\n## Cases\n\n<details><summary>{} changed cases, by the changes above they show</summary>\n",
        d.cases.len()
    );
    for (folds, trials) in d.case_groups() {
        let names: Vec<String> = trials.iter().map(|t| code(t)).collect();
        let _ = writeln!(out, "- {}: {}", numbers(&folds), names.join(", "));
    }
    for (label, dir, list) in [
        ("only in", &d.before, &d.only_before),
        ("only in", &d.after, &d.only_after),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list.iter().map(|t| code(t)).collect();
            let _ = writeln!(
                out,
                "- {label} {}: {}",
                code(&dir.display().to_string()),
                names.join(", ")
            );
        }
    }
    out.push_str("\n</details>\n");
    out
}

fn numbers(folds: &[usize]) -> String {
    if folds.is_empty() {
        return "no change a fold shows".into();
    }
    let list: Vec<String> = folds.iter().map(usize::to_string).collect();
    format!(
        "change{} {}",
        if folds.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

/// The summary's columns in text, with the legend below the table.
const TEXT_COLUMNS: [&str; 8] = [
    "changed",
    "added",
    "removed",
    "retyped",
    "statuses",
    "failing",
    "passing",
    "only a / b",
];
const TEXT_LEGEND: &str = "changed: cases whose documents differ; added, removed, retyped: \
field patterns in the answers' bodies; statuses: answers whose status changed; failing, \
passing: cases newly failing or newly passing; only a / b: cases recorded in one folder only";

/// `items` joined by commas, wrapped at 100 columns, each line indented.
fn wrapped(items: &[&str], indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let item = printable(item);
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item
        };
        if !line.is_empty() && line.chars().count() + piece.chars().count() > 100 {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// The diff as text.
pub fn text(d: &DirDiff) -> String {
    let mut out = format!(
        "API changes: {} → {}\n{}\n\n",
        d.before.display(),
        d.after.display(),
        d.headline()
    );
    let rows = d.rows();
    let width = rows
        .iter()
        .map(|r| r.group.chars().count())
        .max()
        .unwrap_or(0)
        .max("product / endpoint".len());
    let _ = write!(out, "{:<width$}", "product / endpoint");
    for c in TEXT_COLUMNS {
        let _ = write!(out, "  {c}");
    }
    out.push('\n');
    for r in &rows {
        let _ = write!(out, "{:<width$}", printable(&r.group));
        for (c, v) in TEXT_COLUMNS.iter().zip(cells(r)) {
            let _ = write!(out, "  {v:>w$}", w = c.chars().count());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "({TEXT_LEGEND})");
    let _ = writeln!(
        out,
        "\nWhat changed, each line one change repeated over objects, steps and cases \
         (a pointer into the answers' bodies, * for any position, or a field of the exchanges):"
    );
    for (i, f) in d.folds.iter().enumerate() {
        let _ = writeln!(out, "  {:>2}. {}", i + 1, fold_line(f, false));
    }
    let _ = writeln!(out, "\nCases, by the changes above they show:");
    for (folds, trials) in d.case_groups() {
        let _ = writeln!(out, "  {} ({}):", numbers(&folds), trials.len());
        out.push_str(&wrapped(&trials, "    "));
    }
    for (dir, list) in [(&d.before, &d.only_before), (&d.after, &d.only_after)] {
        if !list.is_empty() {
            let _ = writeln!(
                out,
                "  only in {} ({}):",
                printable(&dir.display().to_string()),
                list.len()
            );
            let names: Vec<&str> = list.iter().map(String::as_str).collect();
            out.push_str(&wrapped(&names, "    "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_text_on_one_line() {
        assert_eq!(code("/objects/*/locked"), "`/objects/*/locked`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a\nb|c"), "`a b|c`");
        assert_eq!(code("\u{1b}[31m"), "`\\x1b[31m`");
    }

    #[test]
    fn printable_replaces_control_characters() {
        assert_eq!(
            printable("a\u{1b}]0;x\u{7}\u{9b}b\tc\nd"),
            "a\\x1b]0;x\\x07\\u009bb\tc\\nd"
        );
    }
}
