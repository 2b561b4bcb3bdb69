//! Resource descriptions: the tables of the vendor's guide for one
//! resource, transcribed as data (`schemas/<product>/resources/*.yaml`,
//! the format is `docs/resource-descriptions.md`), each fact with its
//! source. From them come JSON Schemas of the resource's answers and
//! requests (`schema.rs`) and its cases (`derive/`), which the suite then
//! loads like any other: the tables are read once, here.

mod check;
pub mod derive;
pub mod model;
mod schema;
mod verify;

use serde_json::Value;

pub use model::{Body, Head, Kind};
pub use verify::verify;

use crate::yaml::{LoadError, Located};

/// Where descriptions live under `schemas/`: `<product>/resources/`.
pub const FOLDER: &str = "/resources/";

/// One resource's description, parsed and checked on its own.
#[derive(Debug, Clone)]
pub struct ResourceDescription {
    /// The file as errors name it (`schemas/fortiauthenticator/resources/x.yaml`).
    pub file: String,
    /// Its path in the project, whatever folder it was read from
    /// (`schemas/fortiauthenticator/resources/x.yaml`), for generated text.
    pub rel: String,
    /// The folder under `schemas/` of its product (`fortiauthenticator`).
    pub product_dir: String,
    pub head: Head,
    pub body: Body,
    /// The document, for the line of each fact.
    pub doc: Located,
}

impl ResourceDescription {
    /// The endpoint its derived cases take.
    pub fn endpoint(&self) -> String {
        self.head
            .endpoint
            .clone()
            .unwrap_or_else(|| self.head.resource.replace('-', "_"))
    }

    /// `file:line` of the node at `pointer`.
    pub fn origin(&self, pointer: &str) -> String {
        format!("{}:{}", self.file, self.doc.line(pointer))
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&model::Field> {
        self.body
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f)
    }

    /// Whether the guide documents `method` at a URI of this resource
    /// (`detail`: a URI with `[id]`).
    pub fn allows(&self, method: crate::suite::case::Method, detail: bool) -> bool {
        self.methods(method)
            .any(|m| m.uri.contains("[id]") == detail)
    }

    /// The documented rows of `method`.
    pub fn methods(
        &self,
        method: crate::suite::case::Method,
    ) -> impl Iterator<Item = &model::MethodFact> {
        self.body.methods.iter().filter(move |m| m.method == method)
    }

    /// Whether cases of `kind` are derived.
    pub fn derives(&self, kind: model::Derive) -> bool {
        self.head.derive.as_ref().is_none_or(|d| d.contains(&kind))
    }

    /// The schema files the description gives: (path under `schemas/`,
    /// text).
    pub fn schema_files(&self, all: &[ResourceDescription]) -> Vec<(String, String)> {
        schema::files(self, all)
    }

    /// The path under `schemas/` of the generated schema `part`
    /// (`object`, `list`, `create`, `patch`).
    pub fn schema_path(&self, part: &str) -> String {
        schema::path(self, part)
    }
}

/// Whether a file under `schemas/` (its path relative to that folder) is
/// a resource description.
pub fn is_description(rel: &str) -> bool {
    rel.ends_with(".yaml") && rel.contains(FOLDER)
}

/// Parses every description among `files` (path under `schemas/`, text);
/// `origin` prefixes the file names in errors. Every problem at once.
pub fn load(
    origin: &str,
    files: &[(String, String)],
) -> Result<Vec<ResourceDescription>, Vec<LoadError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (rel, text) in files.iter().filter(|(rel, _)| is_description(rel)) {
        let file = format!("{origin}{rel}");
        let product_dir = rel.split('/').next().unwrap_or_default().to_string();
        match parse(&file, rel, &product_dir, text) {
            Ok(d) => out.push(d),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        errors.extend(check::across(&out));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One description: its head, then each part of its body entry by entry,
/// so that every error names the line of its entry.
fn parse(
    file: &str,
    rel: &str,
    product_dir: &str,
    text: &str,
) -> Result<ResourceDescription, Vec<LoadError>> {
    let doc = crate::yaml::parse(file, text).map_err(|e| vec![e])?;
    let Some(top) = doc.value.as_object() else {
        return Err(vec![doc.error(
            "",
            "a resource description is a mapping with `resource`, `title`, `kind`, `path`, `introduced`, `sources`, ...",
        )]);
    };
    let mut errors = unknown_keys(&doc, top);
    let mut head_doc = doc.clone();
    head_doc.value = Value::Object(
        top.iter()
            .filter(|(k, _)| {
                [
                    "resource",
                    "endpoint",
                    "title",
                    "kind",
                    "path",
                    "about",
                    "introduced",
                    "derive",
                    "derive_note",
                ]
                .contains(&k.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    );
    let head = head_doc.extract::<Head>("");
    let body = read_body(&doc);
    match (head, body) {
        (Ok(head), Ok(body)) => {
            let d = ResourceDescription {
                file: file.to_string(),
                rel: format!("schemas/{rel}"),
                product_dir: product_dir.to_string(),
                head,
                body,
                doc,
            };
            errors.extend(check::one(&d));
            if errors.is_empty() {
                Ok(d)
            } else {
                Err(errors)
            }
        }
        (head, body) => {
            errors.extend(head.err().unwrap_or_default());
            errors.extend(body.err().unwrap_or_default());
            Err(errors)
        }
    }
}

fn unknown_keys(doc: &Located, top: &serde_json::Map<String, Value>) -> Vec<LoadError> {
    top.keys()
        .filter(|k| !model::KEYS.contains(&k.as_str()))
        .map(|k| {
            let hint = crate::yaml::closest(k, &model::KEYS)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            doc.error(
                &format!("/{k}"),
                format!("unknown key `{k}` in a resource description{hint}"),
            )
        })
        .collect()
}

/// The entries of the mapping at `key`, each as `T`, in the file's order.
fn entries<T: serde::de::DeserializeOwned>(
    doc: &Located,
    key: &str,
    errors: &mut Vec<LoadError>,
) -> Vec<(String, T)> {
    let Some(v) = doc.value.get(key) else {
        return Vec::new();
    };
    let Some(map) = v.as_object() else {
        errors.push(doc.error(
            &format!("/{key}"),
            format!("`{key}` is a mapping from names to entries"),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in map.keys() {
        let at = format!("/{key}/{}", name.replace('~', "~0").replace('/', "~1"));
        match doc.extract::<T>(&at) {
            Ok(t) => out.push((name.clone(), t)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    out
}

/// The items of the list at `key`, each as `T`.
fn items<T: serde::de::DeserializeOwned>(
    doc: &Located,
    key: &str,
    errors: &mut Vec<LoadError>,
) -> Vec<T> {
    let Some(v) = doc.value.get(key) else {
        return Vec::new();
    };
    let Some(list) = v.as_array() else {
        errors.push(doc.error(&format!("/{key}"), format!("`{key}` is a list")));
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..list.len() {
        match doc.extract::<T>(&format!("/{key}/{i}")) {
            Ok(t) => out.push(t),
            Err(mut e) => errors.append(&mut e),
        }
    }
    out
}

fn read_body(doc: &Located) -> Result<Body, Vec<LoadError>> {
    let mut errors = Vec::new();
    let body = Body {
        sources: entries(doc, "sources", &mut errors).into_iter().collect(),
        fields: entries(doc, "fields", &mut errors),
        rules: items(doc, "rules", &mut errors),
        methods: items(doc, "methods", &mut errors),
        filters: entries(doc, "filters", &mut errors),
        parameters: entries(doc, "parameters", &mut errors),
        example: match doc.value.get("example") {
            None => None,
            Some(_) => match doc.extract("/example") {
                Ok(e) => Some(e),
                Err(mut e) => {
                    errors.append(&mut e);
                    None
                }
            },
        },
        reflections: items(doc, "reflections", &mut errors),
        mirrors: items(doc, "mirrors", &mut errors),
    };
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}

/// The resource descriptions of every schema set, each described resource
/// adding the schemas it gives as a set of its own (named by its file).
pub(super) fn load_sets(
    schema_sets: &mut Vec<(String, Vec<(String, String)>)>,
) -> Result<Vec<ResourceDescription>, Vec<LoadError>> {
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for (origin, files) in schema_sets.iter() {
        match load(origin, files) {
            Ok(mut d) => all.append(&mut d),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for d in &all {
        schema_sets.push((format!("{} gives ", d.file), d.schema_files(&all)));
    }
    Ok(all)
}

/// The cases the descriptions `wanted` derive (each made with all of
/// `all` in view, for their relations), loaded into `cases` (their errors
/// into `errors`), and the rule each checks. A run of a few cases wants
/// only the descriptions the index says may hold one (`select::derived_plan`).
pub(super) fn derived(
    all: &[ResourceDescription],
    wanted: impl Fn(&ResourceDescription) -> bool,
    schemas: &super::Schemas,
    cases: &mut Vec<super::Case>,
    errors: &mut Vec<LoadError>,
) -> Vec<derive::RuleCheck> {
    let mut rule_checks = Vec::new();
    for (doc, mut checks) in derive::case_files(all, wanted) {
        rule_checks.append(&mut checks);
        match super::load_case_doc(&doc, schemas) {
            Ok(mut c) => cases.append(&mut c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    rule_checks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let files = vec![("p/resources/x.yaml".to_string(), text.to_string())];
        match load("schemas/", &files) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(|x| x.to_string()).collect(),
        }
    }

    const GOOD: &str = "resource: things\ntitle: Things\nkind: collection\npath: /api/v1/things/\n\
introduced: {version: \"6.4.1\", source: p}\nsources:\n  p: {guide: \"6.4.1\", title: Things, url: \"https://docs.fortinet.com/document/x\"}\n\
fields:\n  name: {type: string, required: true, maxLength: 5, source: p}\n\
methods:\n  - {method: GET, uri: /api/v1/things/, status: 200, source: p}\n";

    #[test]
    fn a_good_description_loads() {
        assert_eq!(errors(GOOD), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_named_at_its_line() {
        let bad = GOOD
            .replace("source: p}\nmethods", "source: q}\nmethods")
            .replace("uri: /api/v1/things/,", "uri: /api/v1/other/,")
            .replace("maxLength: 5", "maxLength: 5, minimum: 3")
            .replace("title: Things\n", "title: Things\ntitel: x\n");
        let e = errors(&bad);
        let has = |line: usize, text: &str| {
            e.iter().any(|x| {
                x.starts_with(&format!("schemas/p/resources/x.yaml:{line}:")) && x.contains(text)
            })
        };
        assert!(has(3, "did you mean `title`"), "{e:#?}");
        assert!(
            e.iter().any(|x| x.contains("source `q` is not one")),
            "{e:#?}"
        );
        assert!(
            e.iter().any(|x| x.contains("`minimum` does not apply")),
            "{e:#?}"
        );
        assert!(
            e.iter()
                .any(|x| x.contains("is not one of this resource's URIs")),
            "{e:#?}"
        );
    }

    #[test]
    fn relations_name_described_resources() {
        let bad = GOOD.replace(
            "fields:\n",
            "fields:\n  other: {type: uri, of: nothing, source: p}\n",
        );
        let e = errors(&bad);
        assert!(
            e.iter()
                .any(|x| x.contains("`nothing` is not a described resource")),
            "{e:#?}"
        );
    }
}
