//! Baselines for firmware-upgrade gating: each case's exchanges become a
//! stable document (ordered, named normalisation rules, `normalise.rs`),
//! written as one insta-format snapshot per case, compared later with the
//! changes folded by pattern and a unified diff; two recorded baselines
//! are diffed as one report (`diff.rs`: the data; `text.rs` and `html.rs`:
//! text, Markdown and HTML). Pure apart from reading and writing snapshot
//! files.

pub mod change;
pub mod diff;
pub mod fold;
mod html;
mod normalise;
mod text;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

pub use change::{changes, Change, What};
pub use diff::{diff_dirs, DirDiff};
pub use fold::{fold, CaseDiff, Fold, Site};
pub use normalise::{normalise_body, render, sorted};

/// A case's own normalisation, in YAML: `baseline: {redact: [...], ignore: [...]}`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaseRules {
    /// Pointers (with `*`) in step bodies whose values become `[redacted]`.
    #[serde(default)]
    pub redact: Vec<String>,
    /// Pointers (with `*`) in step bodies left out of the document.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Fields that identify a listed object, first present wins: the order
    /// `objects` arrays are sorted in. Set from the case file's `identity`;
    /// `None`: the default (resource_uri, then serial).
    #[serde(skip)]
    pub identity: Option<Vec<String>>,
}

/// The rules, in the order they apply. Append only: a baseline records the
/// list it was made with, and a comparison says when the lists differ.
pub const RULES: &[(&str, &str)] = &[
    ("secret-fields", "values of token, access_token, sn, client_secret, password, api_key become [redacted]"),
    ("case-rules", "the case's own `baseline: {redact, ignore}` pointers"),
    ("datetimes", "ISO-8601 date-times become their shape, digits as #"),
    ("unordered-listings", "`objects` arrays are sorted by the endpoint's identity (the case file's `identity`; resource_uri, then serial, by default)"),
    ("link-parameters", "the parameters of meta.next and meta.previous are sorted"),
    ("registered-secrets", "every configured or captured secret, in every form, becomes [redacted] (applied to the text)"),
];

const SECRET_FIELDS: [&str; 6] = [
    "token",
    "access_token",
    "sn",
    "client_secret",
    "password",
    "api_key",
];

pub const MASK: &str = "[redacted]";

/// The file a trial's snapshot lives in, under `dir`.
pub fn snapshot_path(dir: &Path, trial: &str) -> PathBuf {
    dir.join(format!("{}.snap", trial.replace('/', "__")))
}

fn rule_names() -> String {
    RULES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// An insta-format snapshot: a small YAML header, then the content.
pub fn snapshot_text(trial: &str, content: &str) -> String {
    format!(
        "---\nsource: fortiprobe {}\nexpression: \"{trial} (normalised by: {})\"\n---\n{content}",
        env!("CARGO_PKG_VERSION"),
        rule_names()
    )
}

/// A snapshot file's content and the rules it names.
pub struct Snapshot {
    pub content: String,
    pub rules: Option<String>,
}

/// Reads an insta snapshot: the content after the header.
pub fn parse_snapshot(text: &str) -> Snapshot {
    let rules = text
        .lines()
        .find_map(|l| l.strip_prefix("expression: "))
        .and_then(|e| e.split_once("(normalised by: "))
        .map(|(_, r)| r.trim_end_matches(")\"").to_string());
    let content = match text.strip_prefix("---\n") {
        Some(rest) => match rest.find("\n---\n") {
            Some(i) => rest[i + 5..].to_string(),
            None => text.to_string(),
        },
        None => text.to_string(),
    };
    Snapshot { content, rules }
}

pub fn write_snapshot(dir: &Path, trial: &str, content: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = snapshot_path(dir, trial);
    let tmp = path.with_extension("snap.tmp");
    std::fs::write(&tmp, snapshot_text(trial, content))?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

/// Compares this run's document with the recorded one: `None` when equal,
/// else the report (structural changes, then a unified diff).
pub fn compare(dir: &Path, trial: &str, content: &str) -> Option<String> {
    let path = snapshot_path(dir, trial);
    let text = match crate::files::read_text(&path) {
        Ok(t) => t,
        Err(e) => {
            return Some(format!(
                "no baseline for this case at {} ({e}); record one with --record",
                path.display()
            ))
        }
    };
    let snap = parse_snapshot(&text);
    if snap.content == content {
        return None;
    }
    let mut out = format!("differs from the baseline {}\n", path.display());
    if snap.rules.as_deref() != Some(rule_names().as_str()) {
        let _ = writeln!(
            out,
            "  note: the baseline was normalised by [{}], this run by [{}]",
            snap.rules.as_deref().unwrap_or("unknown rules"),
            rule_names()
        );
    }
    out.push_str(&report(
        trial,
        &snap.content,
        content,
        "baseline",
        "this run",
    ));
    Some(out)
}

/// Structural changes folded by pattern (when both sides are JSON), then
/// a unified diff.
pub fn report(trial: &str, before: &str, after: &str, a: &str, b: &str) -> String {
    let mut out = String::new();
    if let (Ok(x), Ok(y)) = (
        serde_json::from_str::<Value>(before),
        serde_json::from_str::<Value>(after),
    ) {
        let case = CaseDiff {
            trial: trial.to_string(),
            changes: changes(&x, &y),
            before: x,
            after: y,
        };
        let folds = fold(std::slice::from_ref(&case));
        let _ = writeln!(
            out,
            "  what changed ({} change{}, folded by pattern):",
            case.changes.len(),
            if case.changes.len() == 1 { "" } else { "s" }
        );
        for f in folds.iter().take(40) {
            let _ = writeln!(out, "    {}", text::printable(&one_case_line(f)));
        }
        if folds.len() > 40 {
            let _ = writeln!(out, "    … and {} more", folds.len() - 40);
        }
    }
    let diff = similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(a, b)
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    for l in lines.iter().take(120) {
        let _ = writeln!(out, "  {}", text::printable(l));
    }
    if lines.len() > 120 {
        let _ = writeln!(out, "  … {} more diff lines", lines.len() - 120);
    }
    out
}

/// A fold of one case's changes: the change itself when it happened once,
/// else the pattern, the counts and the first one.
fn one_case_line(f: &Fold) -> String {
    let ch = &f.example.1;
    if f.times == 1 {
        return ch.to_string();
    }
    format!(
        "{} {}: {}; e.g. {ch}",
        f.site.subject(),
        f.signature,
        f.counts(false)
    )
}

/// The snapshots in a folder, by trial name (`product/endpoint/case`).
pub fn read_dir(dir: &Path) -> Result<BTreeMap<String, Snapshot>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut out = BTreeMap::new();
    for e in entries.flatten() {
        let path = e.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".snap") else {
            continue;
        };
        let text =
            crate::files::read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        out.insert(stem.replace("__", "/"), parse_snapshot(&text));
    }
    if out.is_empty() {
        return Err(format!("{} holds no .snap files", dir.display()));
    }
    Ok(out)
}

/// How `fortiprobe diff` renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl DirDiff {
    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => text::text(self),
            Format::Markdown => text::markdown(self),
            Format::Html => html::html(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_make_volatile_values_stable() {
        let mut a = json!({"meta": {"next": "/x/?offset=2&limit=2&format=json", "previous": null},
            "objects": [{"serial": "B", "resource_uri": "/t/2/", "last_used_at": "2025-05-06T09:06:00Z"},
                        {"serial": "A", "resource_uri": "/t/1/", "last_used_at": null}],
            "token": "abc", "expiry": "2026-11-22T18:00:00.123456+00:00"});
        let mut b = json!({"meta": {"next": "/x/?limit=2&format=json&offset=2", "previous": null},
            "objects": [{"resource_uri": "/t/1/", "serial": "A", "last_used_at": null},
                        {"resource_uri": "/t/2/", "serial": "B", "last_used_at": "2025-06-01T10:00:59Z"}],
            "token": "def", "expiry": "2026-11-23T07:12:13.654321+00:00"});
        normalise_body(&mut a, &CaseRules::default());
        normalise_body(&mut b, &CaseRules::default());
        assert_eq!(render(&a), render(&b));
        assert_eq!(a["token"], json!(MASK));
        assert_eq!(
            a["objects"][1]["last_used_at"],
            json!("<datetime ####-##-##T##:##:##Z>")
        );
    }

    #[test]
    fn a_changed_date_format_shows() {
        let mut a = json!({"at": "2025-05-06T09:06:00Z"});
        let mut b = json!({"at": "2025-05-06T09:06:00"});
        normalise_body(&mut a, &CaseRules::default());
        normalise_body(&mut b, &CaseRules::default());
        assert_ne!(a, b);
    }

    #[test]
    fn case_rules_redact_and_ignore() {
        let mut a = json!({"objects": [{"serial": "A", "x": 1, "y": 2}]});
        let rules = CaseRules {
            redact: vec!["/objects/*/x".into()],
            ignore: vec!["/objects/*/y".into()],
            identity: None,
        };
        normalise_body(&mut a, &rules);
        assert_eq!(a, json!({"objects": [{"serial": "A", "x": MASK}]}));
    }

    #[test]
    fn listings_are_sorted_by_the_endpoints_identity() {
        let listed = json!({"objects": [
            {"id": 2, "username": "a", "resource_uri": "/u/9/"},
            {"id": 1, "username": "b", "resource_uri": "/u/10/"}]});
        let mut by_default = listed.clone();
        normalise_body(&mut by_default, &CaseRules::default());
        assert_eq!(by_default["objects"][0]["resource_uri"], "/u/10/");
        let mut by_name = listed.clone();
        let rules = CaseRules {
            identity: Some(vec!["username".into()]),
            ..CaseRules::default()
        };
        normalise_body(&mut by_name, &rules);
        assert_eq!(by_name["objects"][0]["username"], "a");
    }

    #[test]
    fn changes_name_added_removed_retyped_and_values() {
        let a = json!({"status": 200, "body": {"a": 1, "b": "x", "c": true}});
        let b = json!({"status": 201, "body": {"a": "1", "c": true, "d": null}});
        let c: Vec<String> = changes(&a, &b).iter().map(|c| c.to_string()).collect();
        assert!(c.contains(&"/status: 200 → 201".to_string()), "{c:?}");
        assert!(
            c.iter()
                .any(|l| l.starts_with("/body/a: retyped number → string")),
            "{c:?}"
        );
        assert!(c.iter().any(|l| l.starts_with("/body/b: removed")), "{c:?}");
        assert!(
            c.iter().any(|l| l.starts_with("/body/d: added null")),
            "{c:?}"
        );
        assert_eq!(c.len(), 4, "{c:?}");
    }

    #[test]
    fn snapshots_round_trip_in_insta_format() {
        let t = snapshot_text(
            "fortiauthenticator/fortitokens/list_format_json",
            "{\n  \"a\": 1\n}\n",
        );
        assert!(t.starts_with("---\nsource: fortiprobe"));
        let s = parse_snapshot(&t);
        assert_eq!(s.content, "{\n  \"a\": 1\n}\n");
        assert_eq!(s.rules.as_deref(), Some(rule_names().as_str()));
    }
}
