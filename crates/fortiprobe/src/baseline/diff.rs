//! Two recorded baselines compared (`fortiprobe diff`), as data: the
//! changed cases with their changes, the cases recorded on one side only,
//! the folds, and the summary by product and endpoint that every rendering
//! (`render.rs`, `html.rs`) starts with.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::change::{changes, What};
use super::fold::{fold, CaseDiff, Fold, Site};
use super::{read_dir, Snapshot};

/// What changed between two baseline folders.
#[derive(Debug, Clone)]
pub struct DirDiff {
    pub before: PathBuf,
    pub after: PathBuf,
    /// The cases whose documents differ, in trial order.
    pub cases: Vec<CaseDiff>,
    /// The snapshots' texts of each changed case (before, after), for the
    /// unified diffs of the HTML rendering.
    pub texts: BTreeMap<String, (String, String)>,
    pub only_before: Vec<String>,
    pub only_after: Vec<String>,
    pub folds: Vec<Fold>,
}

/// One line of the summary: a product and endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub group: String,
    pub changed: usize,
    pub only_before: usize,
    pub only_after: usize,
    /// Distinct body patterns added, removed, retyped.
    pub added: usize,
    pub removed: usize,
    pub retyped: usize,
    /// Exchanges whose status changed.
    pub statuses: usize,
    /// Cases passed before and failed after, and the other way.
    pub failing: usize,
    pub passing: usize,
}

/// A snapshot's content as JSON; a text that is not JSON as a string.
fn document(s: &Snapshot) -> Value {
    serde_json::from_str(&s.content).unwrap_or_else(|_| Value::from(s.content.clone()))
}

/// What changed between the baselines in `a` and `b`; `None` when nothing did.
pub fn diff_dirs(a: &Path, b: &Path) -> Result<Option<DirDiff>, String> {
    let (x, y) = (read_dir(a)?, read_dir(b)?);
    let names: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    let mut out = DirDiff {
        before: a.to_path_buf(),
        after: b.to_path_buf(),
        cases: Vec::new(),
        texts: BTreeMap::new(),
        only_before: Vec::new(),
        only_after: Vec::new(),
        folds: Vec::new(),
    };
    for n in names {
        match (x.get(n), y.get(n)) {
            (Some(s), Some(t)) if s.content == t.content => {}
            (Some(s), Some(t)) => {
                let (before, after) = (document(s), document(t));
                out.cases.push(CaseDiff {
                    trial: n.clone(),
                    changes: changes(&before, &after),
                    before,
                    after,
                });
                out.texts
                    .insert(n.clone(), (s.content.clone(), t.content.clone()));
            }
            (Some(_), None) => out.only_before.push(n.clone()),
            (None, Some(_)) => out.only_after.push(n.clone()),
            (None, None) => {}
        }
    }
    if out.cases.is_empty() && out.only_before.is_empty() && out.only_after.is_empty() {
        return Ok(None);
    }
    out.folds = fold(&out.cases);
    Ok(Some(out))
}

fn group_of(trial: &str) -> &str {
    trial.rsplit_once('/').map_or("", |(g, _)| g)
}

impl DirDiff {
    /// The summary, one row per product and endpoint, in name order.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
        let mut patterns: BTreeMap<(&str, &'static str), BTreeSet<&str>> = BTreeMap::new();
        for t in &self.only_before {
            let g = group_of(t);
            entry(&mut rows, g).only_before += 1;
        }
        for t in &self.only_after {
            let g = group_of(t);
            entry(&mut rows, g).only_after += 1;
        }
        for c in &self.cases {
            let g = group_of(&c.trial);
            let r = entry(&mut rows, g);
            r.changed += 1;
            for ch in &c.changes {
                match (Site::of(&ch.pattern), &ch.what) {
                    (Site::Outcome, What::Changed(a, b)) => match (a.as_str(), b.as_str()) {
                        (Some("passed"), Some("failed")) => r.failing += 1,
                        (Some("failed"), Some("passed")) => r.passing += 1,
                        _ => {}
                    },
                    (Site::Field(f), _) if f == "status" => r.statuses += 1,
                    (Site::Body(_), w) => {
                        let verb = match w {
                            What::Added(_) => "added",
                            What::Removed(_) => "removed",
                            What::Retyped(..) => "retyped",
                            What::Changed(..) => continue,
                        };
                        patterns
                            .entry((g, verb))
                            .or_default()
                            .insert(body_pattern(&ch.pattern));
                    }
                    _ => {}
                }
            }
        }
        for ((g, verb), set) in patterns {
            let r = entry(&mut rows, g);
            match verb {
                "added" => r.added = set.len(),
                "removed" => r.removed = set.len(),
                _ => r.retyped = set.len(),
            }
        }
        rows.into_values().collect()
    }

    /// The changed cases grouped by the folds that cover their changes:
    /// (fold numbers from 1, trials), the largest group first.
    pub fn case_groups(&self) -> Vec<(Vec<usize>, Vec<&str>)> {
        let mut groups: BTreeMap<Vec<usize>, Vec<&str>> = BTreeMap::new();
        for c in &self.cases {
            let mut folds = BTreeSet::new();
            for ch in &c.changes {
                if let Some(i) = self.folds.iter().position(|f| f.covers(&c.trial, ch)) {
                    folds.insert(i + 1);
                }
            }
            groups
                .entry(folds.into_iter().collect())
                .or_default()
                .push(&c.trial);
        }
        let mut out: Vec<(Vec<usize>, Vec<&str>)> = groups.into_iter().collect();
        out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// The headline: `38 cases changed, 0 only in A, 0 only in B`.
    pub fn headline(&self) -> String {
        format!(
            "{} case{} changed, {} only in {}, {} only in {}",
            self.cases.len(),
            if self.cases.len() == 1 { "" } else { "s" },
            self.only_before.len(),
            self.before.display(),
            self.only_after.len(),
            self.after.display()
        )
    }
}

fn entry<'a, 'g>(rows: &'a mut BTreeMap<&'g str, Row>, g: &'g str) -> &'a mut Row {
    rows.entry(g).or_insert_with(|| Row {
        group: g.to_string(),
        ..Row::default()
    })
}

fn body_pattern(pattern: &str) -> &str {
    pattern.strip_prefix("/exchanges/*/body").unwrap_or(pattern)
}
