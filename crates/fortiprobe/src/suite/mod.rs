//! The suite: the schemas and cases, loaded from the copies embedded in the
//! binary or from folders, and validated as a whole before any request is
//! sent. Every problem found is reported at once, each with its file and line.

mod against;
pub mod case;
pub mod description;
pub mod deviations;
mod lockout;
pub mod own;
pub mod pick;
pub mod property;
pub mod schemas;
pub mod select;
pub mod touch;
mod validate;

use std::path::Path;

pub use case::*;
pub use schemas::Schemas;

use crate::yaml::{self, LoadError};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// A case ready to run: its spec plus where it came from.
#[derive(Debug, Clone)]
pub struct Case {
    pub product: Product,
    pub endpoint: String,
    pub spec: CaseSpec,
    /// `file:line` of the case, for messages.
    pub origin: String,
    /// The check kind, when the case is a property check.
    pub property: Option<property::Property>,
}

impl Case {
    /// `product/endpoint/case`, the trial name.
    pub fn id(&self) -> String {
        format!(
            "{}/{}/{}",
            self.product.key(),
            self.endpoint,
            self.spec.name
        )
    }

    /// What kind of check the trial is, as shown by `--list`.
    pub fn kind(&self) -> &'static str {
        match &self.property {
            Some(p) => p.kind(),
            None if self.spec.steps.len() + self.spec.cleanup.len() > 1 => "sequence",
            None => "exchange",
        }
    }

    /// Changes state on the target that other cases of the product could see
    /// (tokens created or deleted, the FortiPortal one-token rule): runs alone
    /// among its product's cases.
    pub fn exclusive(&self) -> bool {
        self.spec.destructive
            || !self.spec.cleanup.is_empty()
            || self.product.describe().one_session_per_user
    }
}

#[derive(Debug)]
pub struct Suite {
    pub schemas: Schemas,
    pub cases: Vec<Case>,
    /// Known deviations of real appliances (`deviations.yaml`).
    pub deviations: deviations::Deviations,
    /// The resource descriptions under `schemas/` (their cases are among
    /// `cases`, their schemas among `schemas`).
    pub descriptions: Vec<description::ResourceDescription>,
    /// The documented rule each derived case checks.
    pub rule_checks: Vec<description::derive::RuleCheck>,
    /// Trial names of the built-in cases a selection left unread
    /// (`Suite::load_selected`): none of them can be taken.
    pub left_out: Vec<String>,
}

/// The schema files built into the binary: (path under `schemas/`, text).
pub fn embedded_schemas() -> &'static [(&'static str, &'static str)] {
    embedded::SCHEMAS
}

/// The case files built into the binary: (path under `cases/`, text).
pub fn embedded_cases() -> &'static [(&'static str, &'static str)] {
    embedded::CASES
}

/// The text of the `deviations.yaml` built into the binary.
pub fn embedded_deviations() -> &'static str {
    embedded::DEVIATIONS
}

/// Where the suite comes from.
#[derive(Debug, Clone)]
pub enum Source<'a> {
    /// The copies of `schemas/` and `cases/` compiled into the binary.
    Embedded,
    /// A project folder holding `schemas/` and `cases/`.
    Dir(&'a Path),
}

impl Suite {
    /// The case whose id (`product/endpoint/name`) is `id`.
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id() == id)
    }

    /// The cases in the order a run takes them, with their place in
    /// `cases`: sorted by name, except that destructive cases come last.
    /// Every case that reads a listing they change runs first, against the
    /// one reference listing fetched for the run, and none has to fetch it
    /// again after them (ARCHITECTURE.md, *Listings at scale*).
    pub fn in_run_order(&self) -> impl Iterator<Item = (usize, &Case)> {
        let reads = self
            .cases
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.spec.destructive);
        let changes = self
            .cases
            .iter()
            .enumerate()
            .filter(|(_, c)| c.spec.destructive);
        reads.chain(changes)
    }

    /// The whole suite, every schema compiled: every error at once.
    pub fn load(source: Source<'_>, extra_cases: &[&Path]) -> Result<Suite, Vec<LoadError>> {
        Suite::load_with(source, extra_cases, &select::Selection::all(), true)
    }

    /// The suite as far as a run of `selection` needs it: the built-in
    /// case files that may hold a selected case are parsed (the others'
    /// cases are named in `left_out`), every file of a folder is; schemas
    /// are read, and compiled when first used (`Schemas::compile` compiles
    /// those of the cases that run, before the first request).
    pub fn load_selected(
        source: Source<'_>,
        extra_cases: &[&Path],
        selection: &select::Selection,
    ) -> Result<Suite, Vec<LoadError>> {
        Suite::load_with(source, extra_cases, selection, false)
    }

    /// `load_selected`; with `whole`, every schema is checked and compiled
    /// before the cases are read (their errors alone, as `check` shows them).
    fn load_with(
        source: Source<'_>,
        extra_cases: &[&Path],
        selection: &select::Selection,
        whole: bool,
    ) -> Result<Suite, Vec<LoadError>> {
        let embedded = matches!(source, Source::Embedded);
        let (schema_files, case_files, prefix, deviations) = read_source(source)?;
        let deviations = deviations
            .map_err(|e| vec![e])
            .and_then(|doc| deviations::Deviations::parse(&doc))?;
        let (case_files, mut left_out) = if embedded {
            leave_out(case_files, selection)
        } else {
            (case_files, Vec::new())
        };
        let plan = (embedded && !whole)
            .then(|| select::derived_plan(selection))
            .flatten();
        let mut schema_sets = vec![(format!("{prefix}schemas/"), schema_files)];
        let mut sets: Vec<(String, Vec<(String, String)>)> =
            vec![(format!("{prefix}cases/"), case_files)];
        for dir in extra_cases {
            let (cases, schemas) = read_cases_dir(dir)?;
            sets.push((format!("{}/", dir.display()), cases));
            if let Some(schemas) = schemas {
                schema_sets.push((format!("{}/schemas/", dir.display()), schemas));
            }
        }
        let descriptions = if needs_descriptions(plan.as_ref(), &sets, &schema_sets[1..]) {
            description::load_sets(&mut schema_sets)?
        } else {
            Vec::new()
        };
        let mut schemas = Schemas::read_sets(&schema_sets)?;
        if embedded {
            schemas.mark_built_in(&schema_sets[0].0);
        }
        if whole {
            schemas.check_all()?;
        }
        if let Some(p) = &plan {
            left_out.extend(p.left_out.iter().cloned());
        }
        let (mut cases, mut errors) = load_case_sets(&sets, &schemas, !left_out.is_empty());
        // The built-in descriptions are verified against their schemas by
        // `cargo test` and `fortiprobe check`, as their schemas are against
        // the meta-schema, not again by every run.
        if whole || !embedded {
            errors.extend(description::verify(&descriptions, &schemas));
        }
        let wanted = |d: &description::ResourceDescription| {
            plan.as_ref().is_none_or(|p| {
                d.rel
                    .strip_prefix("schemas/")
                    .is_some_and(|rel| p.wanted.contains(rel))
            })
        };
        let rule_checks =
            description::derived(&descriptions, wanted, &schemas, &mut cases, &mut errors);
        cases.sort_by_key(Case::id);
        errors.extend(cases_defined_twice(&cases));
        errors.extend(lockout::risks(&cases));
        if errors.is_empty() {
            Ok(Suite {
                schemas,
                cases,
                deviations,
                descriptions,
                rule_checks,
                left_out,
            })
        } else {
            Err(errors)
        }
    }
}

/// Whether the resource descriptions are read: always, but for a run of a
/// few built-in cases (`plan`, by the index of their cases), where they
/// are read only when one of theirs may be taken or a case file read (or
/// a schema a `--cases` folder brings) may name a schema they give.
fn needs_descriptions(
    plan: Option<&select::DerivedPlan>,
    case_sets: &[(String, Vec<(String, String)>)],
    extra_schemas: &[(String, Vec<(String, String)>)],
) -> bool {
    plan.is_none_or(|p| {
        !p.wanted.is_empty()
            || case_sets
                .iter()
                .chain(extra_schemas)
                .flat_map(|(_, files)| files)
                .any(|(_, text)| text.contains(description::FOLDER))
    })
}

/// The built-in case files that may hold a case of `selection`, each with
/// only those cases, and the trial names of the cases left out. A file
/// without an outline is kept whole.
fn leave_out(
    files: Vec<(String, String)>,
    selection: &select::Selection,
) -> (Vec<(String, String)>, Vec<String>) {
    if selection.filter.is_none() {
        return (files, Vec::new());
    }
    let mut kept = Vec::new();
    let mut left = Vec::new();
    let chooser = selection.chooser();
    for (rel, text) in files {
        let Some(o) = select::outline(&text) else {
            kept.push((rel, text));
            continue;
        };
        let (taken, other): (Vec<String>, Vec<String>) =
            o.ids().partition(|id| chooser.may_take(id));
        if taken.is_empty() {
            left.extend(other);
        } else if other.is_empty() {
            kept.push((rel, text));
        } else {
            // Only the cases that may be taken are parsed.
            let text = o.keep_only(&text, |id| taken.iter().any(|t| t == id));
            kept.push((rel, text));
            left.extend(other);
        }
    }
    (kept, left)
}

/// A source's schema files, case files, the prefix its file names take in
/// errors, and its deviations.yaml (the embedded one when a folder has none).
fn read_source(source: Source<'_>) -> Result<SourceFiles, Vec<LoadError>> {
    Ok(match source {
        Source::Embedded => (
            owned(embedded::SCHEMAS),
            owned(embedded::CASES),
            String::new(),
            yaml::parse("deviations.yaml", embedded::DEVIATIONS),
        ),
        Source::Dir(dir) => {
            let s = read_tree(&dir.join("schemas"))?;
            let c = read_tree(&dir.join("cases"))?;
            let d = dir.join("deviations.yaml");
            // Anything there is read (and a FIFO refused), not skipped.
            let d = if d.symlink_metadata().is_ok() {
                yaml::read(&d)
            } else {
                yaml::parse("deviations.yaml", embedded::DEVIATIONS)
            };
            (s, c, format!("{}/", dir.display()), d)
        }
    })
}

/// Schema files, case files, error prefix, deviations.yaml.
type SourceFiles = (
    Vec<(String, String)>,
    Vec<(String, String)>,
    String,
    Result<yaml::Located, LoadError>,
);

/// Every case of every `(origin, files)` set; a set without a case (while
/// nothing else is wrong, and unless a selection left the first set's
/// files out) is an error.
fn load_case_sets(
    sets: &[(String, Vec<(String, String)>)],
    schemas: &Schemas,
    some_left_out: bool,
) -> (Vec<Case>, Vec<LoadError>) {
    let mut errors = Vec::new();
    let mut cases = Vec::new();
    for (origin, files) in sets {
        let before = cases.len();
        for (rel, text) in files {
            if !(rel.ends_with(".yaml") || rel.ends_with(".yml")) {
                continue;
            }
            let file = format!("{origin}{rel}");
            match load_case_file(&file, text, schemas) {
                Ok(mut c) => cases.append(&mut c),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if cases.len() == before && errors.is_empty() && !(some_left_out && before == 0) {
            errors.push(LoadError {
                file: origin.clone(),
                line: 0,
                message:
                    "no case found: a cases folder must hold at least one case in a *.yaml file"
                        .into(),
            });
        }
    }
    (cases, errors)
}

/// Cases (sorted by id) whose id an earlier one has.
fn cases_defined_twice(cases: &[Case]) -> Vec<LoadError> {
    cases
        .windows(2)
        .filter(|pair| pair[0].id() == pair[1].id())
        .map(|pair| LoadError {
            file: pair[1].origin.clone(),
            line: 0,
            message: format!(
                "case {} is defined twice (also at {})",
                pair[1].id(),
                pair[0].origin
            ),
        })
        .collect()
}

fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// A `--cases` folder: its case files (every file outside `schemas/`) and,
/// when it has a `schemas/` folder, the schemas it brings (paths relative
/// to that folder, as the suite's are to `schemas/`).
fn read_cases_dir(dir: &Path) -> Result<CasesDir, Vec<LoadError>> {
    let all = read_tree(dir)?;
    let schemas = dir.join("schemas");
    if !schemas.is_dir() {
        return Ok((all, None));
    }
    let cases = all
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("schemas/"))
        .collect();
    Ok((cases, Some(read_tree(&schemas)?)))
}

/// A `--cases` folder's case files and, if it has them, its schemas.
type CasesDir = (Vec<(String, String)>, Option<Vec<(String, String)>>);

/// Every file under `dir`, as (path relative to `dir`, text), sorted.
fn read_tree(dir: &Path) -> Result<Vec<(String, String)>, Vec<LoadError>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), LoadError> {
        let err = |e: std::io::Error| LoadError {
            file: dir.display().to_string(),
            line: 0,
            message: format!("cannot read: {e}"),
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let text = crate::files::read_text(&path).map_err(|message| LoadError {
                    file: path.display().to_string(),
                    line: 0,
                    message,
                })?;
                let rel = path
                    .strip_prefix(base)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out).map_err(|e| vec![e])?;
    Ok(out)
}

/// The keys of a case file's top mapping.
const CASE_FILE_KEYS: [&str; 6] = [
    "product", "endpoint", "about", "identity", "resource", "cases",
];

/// Parses and validates one case file; all of its problems at once.
pub fn load_case_file(
    file: &str,
    text: &str,
    schemas: &Schemas,
) -> Result<Vec<Case>, Vec<LoadError>> {
    let doc = yaml::parse(file, text).map_err(|e| vec![e])?;
    load_case_doc(&doc, schemas)
}

/// The cases of a case file already parsed (or derived from a resource
/// description); all of its problems at once.
pub fn load_case_doc(doc: &yaml::Located, schemas: &Schemas) -> Result<Vec<Case>, Vec<LoadError>> {
    let file = doc.file.clone();
    let file = file.as_str();
    let Some(top) = doc.value.as_object() else {
        return Err(vec![doc.error(
            "",
            "a case file is a mapping with `product`, `endpoint` and `cases`",
        )]);
    };
    let mut errors = unknown_keys(doc, top);
    let head = match read_head(doc, top) {
        Ok(h) => h,
        Err(e) => {
            errors.extend(e);
            return Err(errors);
        }
    };
    errors.extend(head_errors(doc, &head));
    let Some(list) = top.get("cases").and_then(|c| c.as_array()) else {
        errors.push(doc.error("/cases", "`cases` must be a list of cases"));
        return Err(errors);
    };
    if list.is_empty() {
        errors.push(doc.error(
            "/cases",
            "`cases` is empty: a case file holds at least one case",
        ));
    }
    let mut cases = Vec::new();
    for i in 0..list.len() {
        match read_case(doc, file, &format!("/cases/{i}"), &head, schemas) {
            Ok(case) => cases.push(case),
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.extend(names_used_twice(file, &cases));
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(errors)
    }
}

/// A top-level key that is not one of `CASE_FILE_KEYS`, with the closest.
fn unknown_keys(
    doc: &yaml::Located,
    top: &serde_json::Map<String, serde_json::Value>,
) -> Vec<LoadError> {
    let mut errors = Vec::new();
    for key in top.keys() {
        if !CASE_FILE_KEYS.contains(&key.as_str()) {
            let hint = yaml::closest(key, &CASE_FILE_KEYS)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            errors.push(doc.error(
                &format!("/{key}"),
                format!(
                    "unknown key `{key}`, expected one of {}{hint}",
                    CASE_FILE_KEYS.map(|k| format!("`{k}`")).join(", ")
                ),
            ));
        }
    }
    errors
}

/// The file's head: every top-level key but `cases`.
fn read_head(
    doc: &yaml::Located,
    top: &serde_json::Map<String, serde_json::Value>,
) -> Result<CaseFileHead, Vec<LoadError>> {
    let mut h = serde_json::Map::new();
    for k in CASE_FILE_KEYS.iter().filter(|k| **k != "cases") {
        if let Some(v) = top.get(*k) {
            h.insert(k.to_string(), v.clone());
        }
    }
    let mut d = doc.clone();
    d.value = serde_json::Value::Object(h);
    d.extract::<CaseFileHead>("")
}

/// The case at `pointer`, validated, with what it inherits from the head.
fn read_case(
    doc: &yaml::Located,
    file: &str,
    pointer: &str,
    head: &CaseFileHead,
    schemas: &Schemas,
) -> Result<Case, Vec<LoadError>> {
    let spec = doc.extract::<CaseSpec>(pointer)?;
    let origin = format!("{file}:{}", doc.line(pointer));
    let mut case = Case {
        product: head.product,
        endpoint: head.endpoint.clone(),
        spec,
        origin,
        property: None,
    };
    let mut found = validate::case(doc, pointer, &mut case, schemas);
    if let Some(r) = &case.spec.resource {
        found.extend(resource_errors(doc, &format!("{pointer}/resource"), r));
    }
    if !found.is_empty() {
        return Err(found);
    }
    inherit(&mut case, head);
    Ok(case)
}

/// Two cases of one file with the same name.
fn names_used_twice(file: &str, cases: &[Case]) -> Vec<LoadError> {
    let mut names: Vec<(&str, &str)> = cases
        .iter()
        .map(|c| (c.spec.name.as_str(), c.origin.as_str()))
        .collect();
    names.sort();
    names
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| LoadError {
            file: file.to_string(),
            line: 0,
            message: format!(
                "two cases are named `{}` (at {} and {})",
                pair[0].0, pair[0].1, pair[1].1
            ),
        })
        .collect()
}

/// What a case takes from its file's head: the resources it needs (unless
/// it names its own) and the endpoint's identity, for its walks (unless
/// its check names one) and its baseline.
fn inherit(case: &mut Case, head: &CaseFileHead) {
    if case.spec.resource.is_none() {
        case.spec.resource = head.resource.clone();
    }
    let Some(identity) = &head.identity else {
        return;
    };
    case.spec.baseline.identity = Some(identity.clone());
    let own = case
        .spec
        .check
        .as_ref()
        .is_some_and(|c| c.get("identity").is_some());
    if let (Some(p), false) = (&mut case.property, own) {
        p.listing_mut().identity = identity.clone();
    }
}

/// The head's `identity` and `resource`, checked.
fn head_errors(doc: &yaml::Located, head: &CaseFileHead) -> Vec<LoadError> {
    let mut errors = Vec::new();
    if let Some(identity) = &head.identity {
        if identity.is_empty() || identity.iter().any(|f| !property::is_field_name(f)) {
            errors.push(doc.error(
                "/identity",
                "`identity` lists the field names that identify an object of the endpoint, first present wins (like [resource_uri])",
            ));
        }
    }
    if let Some(r) = &head.resource {
        errors.extend(resource_errors(doc, "/resource", r));
    }
    errors
}

fn resource_errors(doc: &yaml::Located, at: &str, r: &Resource) -> Vec<LoadError> {
    let mut errors = Vec::new();
    if !r.index.starts_with('/') || r.index.contains(['?', '#']) || r.index.contains("${") {
        errors.push(doc.error(
            &format!("{at}/index"),
            format!(
                "`index` {:?} is the path of the resource index (like /api/v1/), without query",
                r.index
            ),
        ));
    }
    if r.fields.iter().any(|f| !property::is_field_name(f)) {
        errors.push(doc.error(
            &format!("{at}/fields"),
            "`fields` lists field names of the resources (like [reason])",
        ));
    }
    if r.names.is_empty() || r.names.iter().any(|n| n.trim().is_empty()) {
        errors.push(doc.error(
            &format!("{at}/names"),
            "`names` lists the resources the index must hold (like [localusers])",
        ));
    }
    errors
}
