//! Baselines for firmware-upgrade gating: each case's exchanges become a
//! stable document (ordered, named normalisation rules), written as one
//! insta-format snapshot per case, compared later with a structural change
//! list and a unified diff, and two recorded baselines can be diffed as one
//! report. Pure apart from reading and writing snapshot files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

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

/// Applies the value rules to one step's JSON body.
pub fn normalise_body(body: &mut Value, rules: &CaseRules) {
    secret_fields(body);
    for p in &rules.redact {
        at_pointer(body, p, &mut |v| *v = Value::from(MASK));
    }
    for p in &rules.ignore {
        remove_pointer(body, p);
    }
    datetimes(body);
    let default: Vec<String> = crate::product::DEFAULT_IDENTITY
        .iter()
        .map(|s| s.to_string())
        .collect();
    unordered_listings(body, rules.identity.as_deref().unwrap_or(&default));
    link_parameters(body);
}

fn secret_fields(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if SECRET_FIELDS.contains(&k.as_str())
                    && matches!(x, Value::String(s) if !s.is_empty())
                {
                    *x = Value::from(MASK);
                } else {
                    secret_fields(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(secret_fields),
        _ => {}
    }
}

/// Calls `f` on every value at `pointer`, where a `*` segment means every
/// element or member.
fn at_pointer(v: &mut Value, pointer: &str, f: &mut dyn FnMut(&mut Value)) {
    let segs: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    fn walk(v: &mut Value, segs: &[String], f: &mut dyn FnMut(&mut Value)) {
        let Some((head, rest)) = segs.split_first() else {
            f(v);
            return;
        };
        match v {
            Value::Object(m) if head == "*" => m.values_mut().for_each(|x| walk(x, rest, f)),
            Value::Object(m) => {
                if let Some(x) = m.get_mut(head) {
                    walk(x, rest, f)
                }
            }
            Value::Array(a) if head == "*" => a.iter_mut().for_each(|x| walk(x, rest, f)),
            Value::Array(a) => {
                if let Some(x) = head.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                    walk(x, rest, f)
                }
            }
            _ => {}
        }
    }
    walk(v, &segs, f);
}

fn remove_pointer(v: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    at_pointer(v, parent, &mut |p| match p {
        Value::Object(m) if last == "*" => m.clear(),
        Value::Object(m) => {
            m.shift_remove(&last);
        }
        Value::Array(a) if last == "*" => a.clear(),
        _ => {}
    });
}

fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 16
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b[10] == b'T' || b[10] == b' ')
        && b[11..13].iter().all(u8::is_ascii_digit)
        && b[13] == b':'
}

fn datetimes(v: &mut Value) {
    match v {
        Value::String(s) if is_datetime(s) => {
            let shape: String = s
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            *v = Value::from(format!("<datetime {shape}>"));
        }
        Value::Object(m) => m.values_mut().for_each(datetimes),
        Value::Array(a) => a.iter_mut().for_each(datetimes),
        _ => {}
    }
}

fn sort_key(v: &Value, identity: &[String]) -> String {
    identity
        .iter()
        .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| v.to_string())
}

fn unordered_listings(v: &mut Value, identity: &[String]) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "objects" {
                    if let Value::Array(a) = x {
                        a.sort_by_cached_key(|o| sort_key(o, identity));
                    }
                }
                unordered_listings(x, identity);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| unordered_listings(x, identity)),
        _ => {}
    }
}

fn sorted_link(link: &str) -> String {
    match link.split_once('?') {
        None => link.to_string(),
        Some((path, query)) => {
            let mut parts: Vec<&str> = query.split('&').collect();
            parts.sort_unstable();
            format!("{path}?{}", parts.join("&"))
        }
    }
}

fn link_parameters(v: &mut Value) {
    if let Some(meta) = v.get_mut("meta").and_then(Value::as_object_mut) {
        for k in ["next", "previous"] {
            if let Some(Value::String(s)) = meta.get_mut(k) {
                *s = sorted_link(s);
            }
        }
    }
}

/// Keys sorted at every level, so that key order never shows as a change.
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let b: BTreeMap<&String, Value> = m.iter().map(|(k, x)| (k, sorted(x))).collect();
            Value::Object(
                b.into_iter()
                    .map(|(k, x)| (k.clone(), x))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The document as text: pretty JSON with sorted keys.
pub fn render(doc: &Value) -> String {
    let mut s = serde_json::to_string_pretty(&sorted(doc)).unwrap_or_default();
    s.push('\n');
    s
}

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
    out.push_str(&report(&snap.content, content, "baseline", "this run"));
    Some(out)
}

/// Structural changes (when both sides are JSON), then a unified diff.
pub fn report(before: &str, after: &str, a: &str, b: &str) -> String {
    let mut out = String::new();
    if let (Ok(x), Ok(y)) = (
        serde_json::from_str::<Value>(before),
        serde_json::from_str::<Value>(after),
    ) {
        let ch = changes(&x, &y);
        let _ = writeln!(out, "  what changed:");
        for c in ch.iter().take(40) {
            let _ = writeln!(out, "    {c}");
        }
        if ch.len() > 40 {
            let _ = writeln!(out, "    … and {} more", ch.len() - 40);
        }
    }
    let diff = similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(a, b)
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    for l in lines.iter().take(120) {
        let _ = writeln!(out, "  {l}");
    }
    if lines.len() > 120 {
        let _ = writeln!(out, "  … {} more diff lines", lines.len() - 120);
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

/// What changed between two documents, one line per pointer: added,
/// removed, retyped or a new value.
pub fn changes(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(at: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                for k in keys {
                    let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    match (x.get(k), y.get(k)) {
                        (Some(u), Some(v)) => walk(&p, u, v, out),
                        (Some(u), None) => out.push(format!("{p}: removed (was {})", short(u))),
                        (None, Some(v)) => out.push(format!("{p}: added {}", short(v))),
                        (None, None) => {}
                    }
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                for i in 0..x.len().max(y.len()) {
                    let p = format!("{at}/{i}");
                    match (x.get(i), y.get(i)) {
                        (Some(u), Some(v)) => walk(&p, u, v, out),
                        (Some(u), None) => out.push(format!("{p}: removed (was {})", short(u))),
                        (None, Some(v)) => out.push(format!("{p}: added {}", short(v))),
                        (None, None) => {}
                    }
                }
            }
            _ if a == b => {}
            _ if kind(a) != kind(b) => out.push(format!(
                "{}: retyped {} → {} ({} → {})",
                if at.is_empty() { "/" } else { at },
                kind(a),
                kind(b),
                short(a),
                short(b)
            )),
            _ => out.push(format!(
                "{}: {} → {}",
                if at.is_empty() { "/" } else { at },
                short(a),
                short(b)
            )),
        }
    }
    walk("", a, b, &mut out);
    out
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

/// What changed between two recorded baselines, grouped by product and
/// endpoint: text, or Markdown for a review meeting. `None` when nothing did.
pub fn diff_dirs(a: &Path, b: &Path, markdown: bool) -> Result<Option<String>, String> {
    let (x, y) = (read_dir(a)?, read_dir(b)?);
    let names: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut counts = (0, 0, 0);
    for n in names {
        let group = n.rsplit_once('/').map_or("", |(g, _)| g).to_string();
        let case = n.rsplit_once('/').map_or(n.as_str(), |(_, c)| c);
        let entry = match (x.get(n), y.get(n)) {
            (Some(s), Some(t)) if s.content == t.content => continue,
            (Some(s), Some(t)) => {
                counts.0 += 1;
                changed_entry(case, s, t, (a, b), markdown)
            }
            (Some(_), None) => {
                counts.1 += 1;
                only_in_entry(case, a, markdown)
            }
            (None, Some(_)) => {
                counts.2 += 1;
                only_in_entry(case, b, markdown)
            }
            (None, None) => continue,
        };
        groups.entry(group).or_default().push(entry);
    }
    if groups.is_empty() {
        return Ok(None);
    }
    Ok(Some(render_diff(&groups, counts, (a, b), markdown)))
}

/// A case whose snapshot differs between the two folders `dirs`.
fn changed_entry(
    case: &str,
    s: &Snapshot,
    t: &Snapshot,
    dirs: (&Path, &Path),
    markdown: bool,
) -> String {
    let r = report(
        &s.content,
        &t.content,
        &dirs.0.display().to_string(),
        &dirs.1.display().to_string(),
    );
    if markdown {
        let (what, diff) = r.split_once("  --- ").unwrap_or((&r, ""));
        format!(
            "### `{case}` changed\n\n{}\n<details><summary>diff</summary>\n\n```diff\n--- {}\n```\n</details>\n",
            what.lines()
                .filter(|l| l.starts_with("    "))
                .map(|l| format!("- `{}`", l.trim()))
                .collect::<Vec<_>>()
                .join("\n"),
            diff.lines()
                .map(|l| l.strip_prefix("  ").unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n")
        )
    } else {
        format!("  {case}: changed\n{}", indent(&r))
    }
}

/// A case recorded only in `dir`.
fn only_in_entry(case: &str, dir: &Path, markdown: bool) -> String {
    if markdown {
        format!("### `{case}` only in {}\n", dir.display())
    } else {
        format!("  {case}: only in {}\n", dir.display())
    }
}

/// The summary line (`counts`: changed, only in the first, only in the
/// second), then each group's entries.
fn render_diff(
    groups: &BTreeMap<String, Vec<String>>,
    counts: (usize, usize, usize),
    (a, b): (&Path, &Path),
    markdown: bool,
) -> String {
    let mut out = String::new();
    let summary = format!(
        "{} case(s) changed, {} only in {}, {} only in {}",
        counts.0,
        counts.1,
        a.display(),
        counts.2,
        b.display()
    );
    if markdown {
        let _ = writeln!(
            out,
            "# API changes: {} → {}\n\n{summary}\n",
            a.display(),
            b.display()
        );
    } else {
        let _ = writeln!(out, "{summary}");
    }
    for (g, entries) in groups {
        if markdown {
            let _ = writeln!(out, "## {g}\n");
        } else {
            let _ = writeln!(out, "\n{g}");
        }
        for e in entries {
            let _ = writeln!(out, "{e}");
        }
    }
    out
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
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
        let c = changes(&a, &b);
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
