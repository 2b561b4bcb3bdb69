//! The JSON Schemas of `schemas/`: loaded, checked against the 2020-12
//! meta-schema, cross-referenced through a local registry (never the
//! network), and each compiled once, when first needed. `load_sets`
//! checks and compiles every schema (every error at once: `fortiprobe
//! check`, a suite loaded whole); `read_sets` only reads them, and a run
//! compiles those its cases use (`compile`) before its first request.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jsonschema::{Registry, Validator};
use serde_json::Value;

use crate::yaml::LoadError;

/// Every schema's `$id` is this base followed by its path under `schemas/`.
pub const ID_BASE: &str = "https://fortiprobe.invalid/schemas/";

pub struct Schemas {
    documents: BTreeMap<String, Value>,
    /// The folder (as named in errors) each document came from.
    origins: BTreeMap<String, String>,
    /// The first folder, for errors of the whole registry.
    first: String,
    /// The folder (as named in errors) of the schemas built into the binary.
    built_in: Option<String>,
    /// Every document under its `$id`, built when a first schema is compiled.
    registry: OnceLock<Result<Registry<'static>, Vec<LoadError>>>,
    /// Each document's validator, compiled when first needed.
    validators: BTreeMap<String, OnceLock<Result<Validator, LoadError>>>,
}

impl std::fmt::Debug for Schemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schemas")
            .field("files", &self.documents.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One way a JSON document breaks a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the document.
    pub at: String,
    pub message: String,
}

impl Schemas {
    /// Loads `(relative path, text)` pairs; `origin` prefixes file names in errors.
    pub fn load(origin: &str, files: &[(String, String)]) -> Result<Schemas, Vec<LoadError>> {
        Schemas::load_sets(&[(origin.to_string(), files.to_vec())])
    }

    /// Loads several folders of schemas into one registry (the suite's and
    /// those a `--cases` folder brings), each `(origin, files)`; a path
    /// under `schemas/` may be given once only, so a folder adds schemas
    /// and never silently replaces one. Every schema is checked and
    /// compiled: every error at once.
    pub fn load_sets(sets: &[(String, Vec<(String, String)>)]) -> Result<Schemas, Vec<LoadError>> {
        let (schemas, mut errors) = Schemas::read_all(sets);
        if !errors.is_empty() {
            let all: Vec<&str> = schemas.documents.keys().map(String::as_str).collect();
            errors.extend(schemas.meta_errors(&all));
            return Err(errors);
        }
        schemas.check_all()?;
        Ok(schemas)
    }

    /// Checks every schema against the meta-schema (the built-in ones
    /// too) and compiles every one: every error at once.
    pub fn check_all(&self) -> Result<(), Vec<LoadError>> {
        let all: Vec<&str> = self.documents.keys().map(String::as_str).collect();
        let errors = self.meta_errors(&all);
        if !errors.is_empty() {
            return Err(errors);
        }
        self.compile_errors(&all)
    }

    /// Reads the folders as `load_sets` does (JSON, `$id`, `$schema`, no
    /// path given twice) without compiling anything.
    pub fn read_sets(sets: &[(String, Vec<(String, String)>)]) -> Result<Schemas, Vec<LoadError>> {
        let (schemas, errors) = Schemas::read_all(sets);
        if errors.is_empty() {
            Ok(schemas)
        } else {
            Err(errors)
        }
    }

    /// The documents of every set that could be read, and what was wrong.
    fn read_all(sets: &[(String, Vec<(String, String)>)]) -> (Schemas, Vec<LoadError>) {
        let first = sets.first().map_or("", |(o, _)| o.as_str()).to_string();
        let (documents, origins, mut errors) = read_documents(sets);
        if documents.is_empty() && errors.is_empty() {
            errors.push(LoadError {
                file: first.clone(),
                line: 0,
                message: "no schema found (*.json)".into(),
            });
        }
        let validators = documents
            .keys()
            .map(|k| (k.clone(), OnceLock::new()))
            .collect();
        let schemas = Schemas {
            documents,
            origins,
            first,
            built_in: None,
            registry: OnceLock::new(),
            validators,
        };
        (schemas, errors)
    }

    /// Checks `names` against the meta-schema and compiles them (with the
    /// schemas they refer to), now: every error at once. A name that is
    /// no schema is left to the case that names it. The schemas built into
    /// the binary are not checked against the meta-schema again (`cargo
    /// test` and `fortiprobe check` do).
    pub fn compile<'a>(&self, names: impl Iterator<Item = &'a str>) -> Result<(), Vec<LoadError>> {
        let names: Vec<&str> = names.filter(|n| self.documents.contains_key(*n)).collect();
        let unchecked: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !self.built_in(n))
            .collect();
        let errors = self.meta_errors(&unchecked);
        if !errors.is_empty() {
            return Err(errors);
        }
        self.compile_errors(&names)
    }

    /// Whether `rel` is the copy built into the binary.
    fn built_in(&self, rel: &str) -> bool {
        self.built_in
            .as_ref()
            .is_some_and(|b| self.origins.get(rel) == Some(b))
    }

    /// The schemas of set `origin` are the ones built into the binary.
    pub fn mark_built_in(&mut self, origin: &str) {
        self.built_in = Some(origin.to_string());
    }

    /// How each of `names` breaks the meta-schema.
    fn meta_errors(&self, names: &[&str]) -> Vec<LoadError> {
        names
            .iter()
            .filter_map(|rel| meta_error(&self.file(rel), self.documents.get(*rel)?))
            .collect()
    }

    /// Compiles each of `names`: the registry's errors, else each one's.
    fn compile_errors(&self, names: &[&str]) -> Result<(), Vec<LoadError>> {
        let errors: Vec<LoadError> = names
            .iter()
            .filter_map(|rel| match self.validator(rel) {
                Some(Err(e)) => Some(e.clone()),
                _ => None,
            })
            .collect();
        if let Some(Err(e)) = self.registry.get() {
            return Err(e.clone());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.documents.contains_key(rel)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.documents.keys().map(String::as_str)
    }

    pub fn document(&self, rel: &str) -> Option<&Value> {
        self.documents.get(rel)
    }

    /// Whether `instance` conforms to schema `rel` (false when there is no
    /// usable schema `rel`): the cheap question, which collects nothing.
    pub fn conforms(&self, rel: &str, instance: &Value) -> bool {
        self.usable(rel).is_ok_and(|v| v.is_valid(instance))
    }

    /// The first way `instance` breaks schema `rel`, found without
    /// collecting the others (memory in proportion to one error).
    pub fn first_violation(&self, rel: &str, instance: &Value) -> Option<Violation> {
        let v = match self.usable(rel) {
            Ok(v) => v,
            Err(unusable) => return Some(unusable),
        };
        v.validate(instance).err().map(|e| Violation {
            at: e.instance_path().as_str().to_string(),
            message: e.to_string(),
        })
    }

    /// Every way `instance` breaks schema `rel` (empty when it conforms);
    /// all are collected at once, so for an answer use
    /// `check::schema::violations`, which bounds them.
    pub fn violations(&self, rel: &str, instance: &Value) -> Vec<Violation> {
        let v = match self.usable(rel) {
            Ok(v) => v,
            Err(unusable) => return vec![unusable],
        };
        // The fast path: most answers conform, and `is_valid` stops early.
        if v.is_valid(instance) {
            return Vec::new();
        }
        v.iter_errors(instance)
            .map(|e| Violation {
                at: e.instance_path().as_str().to_string(),
                message: e.to_string(),
            })
            .collect()
    }

    /// Schema `rel`'s validator, or why there is none to judge with.
    fn usable(&self, rel: &str) -> Result<&Validator, Violation> {
        match self.validator(rel) {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(Violation {
                at: String::new(),
                message: format!("schema {rel} cannot be used: {}", e.message),
            }),
            None => Err(Violation {
                at: String::new(),
                message: format!("no schema {rel}"),
            }),
        }
    }

    /// The file a document came from, as errors name it.
    fn file(&self, rel: &str) -> String {
        let origin = self.origins.get(rel).unwrap_or(&self.first);
        format!("{origin}{rel}")
    }

    /// Schema `rel`'s validator, compiled on first use; `None` when there
    /// is no such schema.
    fn validator(&self, rel: &str) -> Option<&Result<Validator, LoadError>> {
        let cell = self.validators.get(rel)?;
        Some(cell.get_or_init(|| {
            let registry = match self.registry.get_or_init(|| self.build_registry()) {
                Ok(r) => r,
                Err(e) => {
                    return Err(e.first().cloned().unwrap_or_else(|| LoadError {
                        file: self.file(rel),
                        line: 0,
                        message: "schemas do not resolve".into(),
                    }))
                }
            };
            let doc = self.documents.get(rel).unwrap_or(&Value::Null);
            compile_one(doc, registry).map_err(|message| LoadError {
                file: self.file(rel),
                line: 0,
                message,
            })
        }))
    }

    fn build_registry(&self) -> Result<Registry<'static>, Vec<LoadError>> {
        let origin = |rel: &str| -> String {
            self.origins
                .get(rel)
                .cloned()
                .unwrap_or_else(|| self.first.clone())
        };
        registry(&self.documents, &origin, &self.first)
    }
}

/// Every `*.json` of every set, read and checked on its own; `origins` says
/// which set gave each path (the first that did: a later one is an error).
fn read_documents(
    sets: &[(String, Vec<(String, String)>)],
) -> (
    BTreeMap<String, Value>,
    BTreeMap<String, String>,
    Vec<LoadError>,
) {
    let mut errors = Vec::new();
    let mut documents = BTreeMap::new();
    let mut origins: BTreeMap<String, String> = BTreeMap::new();
    for (origin, rel, text) in sets
        .iter()
        .flat_map(|(o, files)| files.iter().map(move |(r, t)| (o, r, t)))
    {
        if !rel.ends_with(".json") {
            continue;
        }
        let file = format!("{origin}{rel}");
        if let Some(earlier) = origins.get(rel) {
            errors.push(LoadError {
                file,
                line: 0,
                message: format!(
                    "schema `{rel}` is already defined by {earlier}{rel}: a cases folder may add schemas under its own names, not replace the suite's"
                ),
            });
            continue;
        }
        origins.insert(rel.clone(), origin.clone());
        if let Some(doc) = read_document(&file, rel, text, &mut errors) {
            documents.insert(rel.clone(), doc);
        }
    }
    (documents, origins, errors)
}

/// One schema file: JSON, with the `$id` its path gives, 2020-12 (the
/// meta-schema is checked when it is compiled). `None` when it is not JSON.
fn read_document(file: &str, rel: &str, text: &str, errors: &mut Vec<LoadError>) -> Option<Value> {
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(LoadError {
                file: file.to_string(),
                line: e.line(),
                message: format!("not valid JSON: {e}"),
            });
            return None;
        }
    };
    let want_id = format!("{ID_BASE}{rel}");
    match doc.get("$id").and_then(Value::as_str) {
        Some(id) if id == want_id => {}
        Some(id) => errors.push(LoadError {
            file: file.to_string(),
            line: 0,
            message: format!("`$id` is {id:?}; it must be {want_id:?} (base + path)"),
        }),
        None => errors.push(LoadError {
            file: file.to_string(),
            line: 0,
            message: format!("no `$id`; add \"$id\": {want_id:?}"),
        }),
    }
    if doc.get("$schema").and_then(Value::as_str)
        != Some("https://json-schema.org/draft/2020-12/schema")
    {
        errors.push(LoadError {
            file: file.to_string(),
            line: 0,
            message: "`$schema` must be \"https://json-schema.org/draft/2020-12/schema\"".into(),
        });
    }
    Some(doc)
}

/// How `doc` breaks the 2020-12 meta-schema, if it does.
fn meta_error(file: &str, doc: &Value) -> Option<LoadError> {
    let e = jsonschema::draft202012::meta::validate(doc).err()?;
    Some(LoadError {
        file: file.to_string(),
        line: 0,
        message: format!(
            "breaks the 2020-12 meta-schema at {}: {e}",
            pointer_or_root(e.instance_path().as_str())
        ),
    })
}

/// The local registry of every document under its `$id`; when it does not
/// resolve, the dangling `$ref`s (or the registry's own error).
fn registry(
    documents: &BTreeMap<String, Value>,
    origin: &dyn Fn(&str) -> String,
    first: &str,
) -> Result<Registry<'static>, Vec<LoadError>> {
    let registry = Registry::new()
        .extend(
            documents
                .iter()
                .map(|(rel, doc)| (format!("{ID_BASE}{rel}"), doc.clone())),
        )
        .and_then(|b| b.prepare());
    registry.map_err(|e| {
        let dangling = dangling_refs(origin, documents);
        if !dangling.is_empty() {
            return dangling;
        }
        vec![LoadError {
            file: first.to_string(),
            line: 0,
            message: format!("schemas do not resolve: {e}"),
        }]
    })
}

/// The validator of one document, offline, formats checked.
fn compile_one(doc: &Value, registry: &Registry<'_>) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(registry)
        .offline()
        .should_validate_formats(true)
        // The `regex` crate: linear time, and faster than fancy-regex
        // for the plain patterns the schemas use.
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(doc)
        .map_err(|e| format!("cannot compile: {e}"))
}

/// Every `$ref` that names a document none of the schema files is: the
/// file that holds it, where, and what it resolves to.
fn dangling_refs(
    origin: &dyn Fn(&str) -> String,
    documents: &BTreeMap<String, Value>,
) -> Vec<LoadError> {
    fn refs<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    match (k.as_str(), x) {
                        ("$ref", Value::String(r)) => out.push((here, r)),
                        _ => refs(x, here, out),
                    }
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    refs(x, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut errors = Vec::new();
    for (rel, doc) in documents {
        let Ok(base) = url::Url::parse(&format!("{ID_BASE}{rel}")) else {
            continue;
        };
        let mut found = Vec::new();
        refs(doc, String::new(), &mut found);
        for (at, r) in found {
            let target = base.join(r).map(|mut u| {
                u.set_fragment(None);
                u.to_string()
            });
            let known = match &target {
                Ok(t) => {
                    t.starts_with("https://json-schema.org/")
                        || t.strip_prefix(ID_BASE)
                            .is_some_and(|p| documents.contains_key(p))
                }
                Err(_) => false,
            };
            if !known {
                errors.push(LoadError {
                    file: format!("{}{rel}", origin(rel)),
                    line: 0,
                    message: format!(
                        "`$ref` {r:?} at {at} names {}, which is none of the schema files (a $ref is resolved against the file's $id, offline)",
                        target.unwrap_or_else(|e| format!("nothing ({e})"))
                    ),
                });
            }
        }
    }
    errors
}

fn pointer_or_root(p: &str) -> String {
    if p.is_empty() {
        "the root".into()
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const ITEM: &str = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
        "$id":"https://fortiprobe.invalid/schemas/p/item.json",
        "type":"object","required":["when"],
        "properties":{"when":{"type":"string","format":"date-time"}}}"#;
    const LIST: &str = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
        "$id":"https://fortiprobe.invalid/schemas/p/list.json",
        "type":"array","items":{"$ref":"item.json"}}"#;

    #[test]
    fn relative_refs_resolve_locally_and_formats_are_checked() {
        let s = Schemas::load(
            "schemas/",
            &files(&[("p/item.json", ITEM), ("p/list.json", LIST)]),
        )
        .unwrap();
        let good = serde_json::json!([{"when": "2026-01-01T00:00:00Z"}]);
        assert!(s.violations("p/list.json", &good).is_empty());
        let bad = serde_json::json!([{"when": "N/A"}]);
        let v = s.violations("p/list.json", &bad);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].at, "/0/when");
    }

    #[test]
    fn wrong_id_and_bad_meta_are_reported_together() {
        let wrong_id = ITEM.replace("p/item.json", "q/other.json");
        let bad_meta = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
            "$id":"https://fortiprobe.invalid/schemas/p/bad.json","type":"strnig"}"#;
        let errs = Schemas::load(
            "schemas/",
            &files(&[("p/item.json", &wrong_id), ("p/bad.json", bad_meta)]),
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().any(|e| e.message.contains("`$id`")));
        assert!(errs.iter().any(|e| e.message.contains("meta-schema")));
    }

    #[test]
    fn read_schemas_compile_when_first_needed_and_only_what_is_asked() {
        let bad_meta = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
            "$id":"https://fortiprobe.invalid/schemas/p/bad.json","type":"strnig"}"#;
        let set = vec![(
            "schemas/".to_string(),
            files(&[
                ("p/item.json", ITEM),
                ("p/list.json", LIST),
                ("p/bad.json", bad_meta),
            ]),
        )];
        assert!(
            Schemas::load_sets(&set).is_err(),
            "a whole load checks every schema"
        );
        let s = Schemas::read_sets(&set).expect("read");
        assert!(
            s.validators.values().all(|v| v.get().is_none()),
            "nothing compiled yet"
        );
        s.compile(["p/list.json"].into_iter())
            .expect("list and the item it refers to");
        assert!(s.validators["p/bad.json"].get().is_none());
        let errs = s.compile(["p/bad.json"].into_iter()).unwrap_err();
        assert!(errs[0].message.contains("meta-schema"), "{errs:?}");
        assert!(s.check_all().is_err());
        let bad = serde_json::json!([{"when": "N/A"}]);
        assert_eq!(s.violations("p/list.json", &bad).len(), 1);
    }

    #[test]
    fn unresolvable_ref_is_an_error_not_a_fetch() {
        let remote = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
            "$id":"https://fortiprobe.invalid/schemas/p/r.json","$ref":"https://example.com/x.json"}"#;
        assert!(Schemas::load("schemas/", &files(&[("p/r.json", remote)])).is_err());
    }

    #[test]
    fn an_unresolvable_ref_names_the_file_that_holds_it() {
        let dangling = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
            "$id":"https://fortiprobe.invalid/schemas/p/d.json",
            "properties":{"x":{"$ref":"missing.json"}}}"#;
        let errs = Schemas::load(
            "schemas/",
            &files(&[
                ("p/item.json", ITEM),
                ("p/list.json", LIST),
                ("p/d.json", dangling),
            ]),
        )
        .unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].file, "schemas/p/d.json");
        assert!(
            errs[0].message.contains("/properties/x/$ref"),
            "{}",
            errs[0]
        );
        assert!(errs[0].message.contains("p/missing.json"), "{}", errs[0]);
    }

    #[test]
    fn a_second_folder_adds_schemas_that_refer_to_the_first() {
        let mine = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema",
            "$id":"https://fortiprobe.invalid/schemas/q/mine.json","$ref":"../p/item.json"}"#;
        let s = Schemas::load_sets(&[
            ("schemas/".into(), files(&[("p/item.json", ITEM)])),
            ("extra/schemas/".into(), files(&[("q/mine.json", mine)])),
        ])
        .unwrap();
        assert!(s.contains("q/mine.json"));
        assert_eq!(
            s.violations("q/mine.json", &serde_json::json!({"when": "N/A"}))
                .len(),
            1
        );
        let errs = Schemas::load_sets(&[
            ("schemas/".into(), files(&[("p/item.json", ITEM)])),
            ("extra/schemas/".into(), files(&[("p/item.json", ITEM)])),
        ])
        .unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].file, "extra/schemas/p/item.json");
        assert!(
            errs[0].message.contains("schemas/p/item.json"),
            "{}",
            errs[0]
        );
        let dangling = mine.replace("../p/item.json", "../p/none.json");
        let errs = Schemas::load_sets(&[
            ("schemas/".into(), files(&[("p/item.json", ITEM)])),
            (
                "extra/schemas/".into(),
                files(&[("q/mine.json", &dangling)]),
            ),
        ])
        .unwrap_err();
        assert_eq!(errs[0].file, "extra/schemas/q/mine.json", "{errs:?}");
    }
}
