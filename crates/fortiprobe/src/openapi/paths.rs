//! The paths and operations of the document, gathered from the cases'
//! requests: a path segment that is a number, a UUID or a `${reference}`
//! becomes a path parameter, a path that is one captured value (`${uri}`,
//! a token's `resource_uri`) is templated from the documented example of
//! the captured field, and each request joins the operation of its method
//! and template. A path that is an instance of another's template (a case's
//! literal id where another case sends `${user}`) joins that template, so
//! the document holds templated paths only. Property checks read their
//! listing with GET.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::suite::case::{CaptureFrom, Method, Request, StatusSpec, Step};
use crate::suite::description::model::Kind;
use crate::suite::description::ResourceDescription;
use crate::suite::{Case, Product, Suite};
use crate::vars;

/// One path parameter of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParam {
    pub name: String,
    /// What the cases put there, as Markdown (`` `987654321` ``, `` `${temp_token_user}` ``).
    pub seen: BTreeSet<String>,
    /// The same, as sent (`987654321`, `${temp_token_user}`): for examples.
    pub values: BTreeSet<String>,
}

/// The OpenAPI path template of a request path: numeric segments and
/// `${reference}` segments become parameters. `names` maps a reference to
/// the parameter name (see [`reference_names`]); others are `id`.
pub fn template(path: &str, names: &BTreeMap<String, String>) -> (String, Vec<PathParam>) {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut params: Vec<PathParam> = Vec::new();
    let mut out = Vec::new();
    for seg in path.split('/') {
        let refs = vars::references(seg);
        let is_param = !refs.is_empty()
            || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()))
            || is_uuid(seg);
        if !is_param {
            out.push(seg.to_string());
            continue;
        }
        let base = match refs.as_slice() {
            [one] if seg == format!("${{{one}}}") => {
                names.get(*one).cloned().unwrap_or_else(|| "id".into())
            }
            _ => "id".into(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while params.iter().any(|p| p.name == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        out.push(format!("{{{name}}}"));
        params.push(PathParam {
            name,
            seen: BTreeSet::from([format!("`{seg}`")]),
            values: BTreeSet::from([seg.to_string()]),
        });
    }
    (out.join("/"), params)
}

/// A UUID as text (`5f0c9a8e-2b7d-4c1e-9f3a-6d2e8b4c7a10`): an id, never a
/// name of the API's.
fn is_uuid(seg: &str) -> bool {
    let groups: Vec<&str> = seg.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `{name}` of a template segment, if it is a parameter.
fn param_name(seg: &str) -> Option<&str> {
    seg.strip_prefix('{')?.strip_suffix('}')
}

/// Whether the template `a` is the template `b` with other parameter
/// names (`/token/temp/{id}` from a literal UUID, `/token/temp/{user_id}`
/// from `${temp_token_user}`): as many segments, each equal to `b`'s or a
/// parameter where `b` has one. A literal segment never joins a parameter
/// (`/fortitokens/schema/` is not `/fortitokens/{id}/`).
fn instance_of(a: &str, b: &str) -> bool {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    a != b
        && x.len() == y.len()
        && x.iter()
            .zip(&y)
            .all(|(s, t)| s == t || (param_name(s).is_some() && param_name(t).is_some()))
}

/// Each template that is another with other parameter names joins it:
/// its operations, and its parameters' values as the other's.
fn fold_instances(paths: &mut BTreeMap<String, PathItem<'_>>) {
    let keys: Vec<String> = paths.keys().cloned().collect();
    for a in &keys {
        let Some(b) = keys
            .iter()
            .find(|b| paths.contains_key(*b) && instance_of(a, b))
        else {
            continue;
        };
        let Some(item) = paths.remove(a) else {
            continue;
        };
        let Some(target) = paths.get_mut(b) else {
            continue;
        };
        for (s, t) in a.split('/').zip(b.split('/')) {
            let (Some(from), Some(name)) = (param_name(s), param_name(t)) else {
                continue;
            };
            if let Some(p) = item.params.iter().find(|p| p.name == from) {
                let mut p = p.clone();
                p.name = name.to_string();
                merge_params(&mut target.params, vec![p]);
            }
        }
        for (m, op) in item.ops {
            let into = target.ops.entry(m).or_default();
            into.products.extend(op.products);
            into.uses.extend(op.uses);
            into.listing_cases.extend(op.listing_cases);
            into.listing_schemas.extend(op.listing_schemas);
            into.query_schemas.extend(op.query_schemas);
            into.facts.extend(op.facts);
        }
    }
}

/// For each `${name}` that some request of `product` sends as the whole
/// value of a top-level body field, that field's name (`temp_token_user`
/// -> `user_id`): the parameter a path segment `${name}` stands for. When
/// several fields carry it, the first in name order wins.
pub fn reference_names(cases: &[&Case]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for case in cases {
        for step in steps(case) {
            let Some(Value::Object(body)) = &step.request.json else {
                continue;
            };
            for (field, v) in body {
                let Some(s) = v.as_str() else { continue };
                if let [one] = vars::references(s).as_slice() {
                    if s == format!("${{{one}}}") && !field.is_empty() {
                        let e = out.entry(one.to_string()).or_insert_with(|| field.clone());
                        if field < e {
                            *e = field.clone();
                        }
                    }
                }
            }
        }
    }
    out
}

pub(crate) fn steps(case: &Case) -> impl Iterator<Item = &Step> {
    case.spec.steps.iter().chain(case.spec.cleanup.iter())
}

/// The path a request goes to, with a path that is one captured value
/// replaced by the documented example of the field it was captured from:
/// `${uri}` captured at `/objects/0/resource_uri` of an answer checked
/// against `fortitokens-list.json` is that schema's example value there,
/// `/api/v1/fortitokens/1/`, with a note of where the value comes from.
/// `None` when no example shows it.
fn concrete_path(
    suite: &Suite,
    case: &Case,
    request: &Request,
) -> Option<(String, Option<String>)> {
    let refs = vars::references(&request.path);
    let whole = match refs.as_slice() {
        [one] if request.path == format!("${{{one}}}") => *one,
        _ => return Some((request.path.clone(), None)),
    };
    for step in steps(case) {
        let Some(capture) = step.capture.get(whole) else {
            continue;
        };
        let spec = capture.spec();
        let at = match &spec.from {
            CaptureFrom::Body(at) => at.clone(),
            CaptureFrom::Header(h) => {
                // A `Location` names the object the request created in the
                // collection it was sent to: that collection's `{id}/`.
                if !vars::references(&step.request.path).is_empty() {
                    continue;
                }
                let base = step.request.path.trim_end_matches('/');
                let note = format!(
                    "`{}` (the `{h}` header of {} {})",
                    request.path,
                    step.request.method.as_str(),
                    step.request.path
                );
                return Some((format!("{base}/1/"), Some(note)));
            }
        };
        // A step that allows a refusal too (a cleanup's lookup) checks no
        // schema: the answer schema other cases give the same request.
        let Some(schema) = step
            .expect
            .schema
            .as_deref()
            .or_else(|| answer_schema(suite, &step.request))
            .and_then(|s| suite.schemas.document(s))
        else {
            continue;
        };
        // A capture of "the first element whose fields match" (`/*/`)
        // reads the example's first element.
        let first = at
            .split('/')
            .map(|s| if s == "*" { "0" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let examples = schema.get("examples").and_then(Value::as_array);
        for example in examples.into_iter().flatten() {
            if let Some(p) = example.pointer(&first).and_then(Value::as_str) {
                if p.starts_with('/') {
                    let note = format!("`{}` (captured at `{at}`, e.g. `{p}`)", request.path);
                    return Some((p.to_string(), Some(note)));
                }
            }
        }
    }
    None
}

/// The schema some case checks the answer to a request of this method and
/// path against.
fn answer_schema<'s>(suite: &'s Suite, request: &Request) -> Option<&'s str> {
    suite
        .cases
        .iter()
        .flat_map(steps)
        .filter(|s| !s.request.walk)
        .filter(|s| s.request.method == request.method && s.request.path == request.path)
        .find_map(|s| s.expect.schema.as_deref())
}

/// One request of one case, on its way into an operation.
pub(crate) struct Use<'a> {
    pub(crate) case: &'a Case,
    pub(crate) step: &'a Step,
    /// The step's place among the case's steps and cleanup steps.
    pub(crate) index: usize,
}

/// What the guide says of an operation no case uses (`documented`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    pub(crate) status: u16,
    /// The derived request schema of its body (POST: the create schema,
    /// PUT and PATCH: the patch schema).
    pub(crate) body: Option<String>,
    /// The schema of its answer (GET: the list, the object, a `schema/`).
    pub(crate) answer: Option<String>,
}

#[derive(Default)]
pub(crate) struct Operation<'a> {
    pub(crate) products: BTreeSet<Product>,
    pub(crate) uses: Vec<Use<'a>>,
    /// Property checks reading this listing (GET): their case ids and the
    /// schemas of the pages.
    pub(crate) listing_cases: BTreeSet<String>,
    pub(crate) listing_schemas: BTreeSet<String>,
    /// The derived query schemas of a described collection's listing.
    pub(crate) query_schemas: BTreeSet<String>,
    /// What the guide says of an operation no case uses.
    pub(crate) facts: Vec<Fact>,
}

#[derive(Default)]
pub(crate) struct PathItem<'a> {
    pub(crate) params: Vec<PathParam>,
    /// Method order as in [`METHODS`].
    pub(crate) ops: BTreeMap<usize, Operation<'a>>,
}

pub(crate) const METHODS: [Method; 5] = [
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Patch,
    Method::Delete,
];

pub(crate) fn merge_params(into: &mut Vec<PathParam>, from: Vec<PathParam>) {
    for p in from {
        match into.iter_mut().find(|q| q.name == p.name) {
            Some(q) => {
                q.seen.extend(p.seen);
                q.values.extend(p.values);
            }
            None => into.push(p),
        }
    }
}

/// A path parameter, with the values the cases put there as examples
/// (their references filled by `values`, when it knows them).
pub(crate) fn path_param(p: &PathParam, values: super::fill::Lookup<'_>) -> Value {
    let seen: Vec<&str> = p.seen.iter().map(String::as_str).collect();
    let mut v = json!({
        "name": p.name,
        "in": "path",
        "required": true,
        "description": format!("In the cases: {}.", seen.join(", ")),
        "schema": {"type": "string"}
    });
    let examples: serde_json::Map<String, Value> = p
        .values
        .iter()
        .filter_map(|raw| {
            let value = super::fill::fill(raw, values)?;
            let key: String = raw
                .trim_start_matches("${")
                .trim_end_matches('}')
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            Some((key, json!({ "value": value })))
        })
        .collect();
    if !examples.is_empty() {
        v["examples"] = Value::Object(examples);
    }
    v
}

pub(crate) fn unique_id(
    taken: &mut BTreeSet<String>,
    products: &BTreeSet<Product>,
    method: Method,
    tmpl: &str,
) -> String {
    let product = products.iter().next().map_or("api", |p| p.key());
    let mut slug = String::new();
    for c in tmpl.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let base = format!(
        "{product}_{}_{}",
        method.as_str().to_ascii_lowercase(),
        slug.trim_matches('_')
    );
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// [`reference_names`] of each product's cases.
pub(crate) fn names_by_product(suite: &Suite) -> BTreeMap<Product, BTreeMap<String, String>> {
    Product::ALL
        .iter()
        .map(|p| {
            let cases: Vec<&Case> = suite.cases.iter().filter(|c| c.product == *p).collect();
            (*p, reference_names(&cases))
        })
        .collect()
}

/// Whether a step allows refusals only (no 2xx, no `default`): a case
/// checking that something is refused.
fn refused_only(step: &Step) -> bool {
    !status_keys(step.expect.status.as_ref())
        .iter()
        .any(|k| k.starts_with('2') || k == "default")
}

/// Whether a URI of a resource description (`/api/v1/localusers/[id]/`)
/// has the shape of a template (`/api/v1/localusers/{id}/`): as many
/// segments, each equal or a parameter in both.
pub(crate) fn shaped(uri: &str, tmpl: &str) -> bool {
    let (x, y): (Vec<&str>, Vec<&str>) = (uri.split('/').collect(), tmpl.split('/').collect());
    x.len() == y.len()
        && x.iter()
            .zip(&y)
            .all(|(u, t)| u == t || (*u == "[id]" && param_name(t).is_some()))
}

/// The resource description of `product` one of whose list or object
/// URIs (with or without its trailing slash) `tmpl` is.
fn described<'s>(
    suite: &'s Suite,
    product: Product,
    tmpl: &str,
) -> Option<&'s ResourceDescription> {
    suite.descriptions.iter().find(|d| {
        let list = d.head.path.trim_end_matches('/');
        d.product_dir == product.key()
            && [
                list.to_string(),
                format!("{list}/"),
                format!("{list}/[id]"),
                format!("{list}/[id]/"),
            ]
            .iter()
            .any(|u| shaped(u, tmpl))
    })
}

/// What `product`'s resource descriptions say of `method` on `tmpl`:
/// `None` when the template is no URI of a described resource, else
/// whether the description lists that method on that URI. A case that
/// checks an unlisted method is refused describes no operation of the API.
fn documents(suite: &Suite, product: Product, method: Method, tmpl: &str) -> Option<bool> {
    let d = described(suite, product, tmpl)?;
    Some(
        d.body
            .methods
            .iter()
            .any(|m| m.method == method && shaped(&m.uri, tmpl)),
    )
}

/// The derived query schema of a GET of a described collection's list
/// URI (its filters, pagination and documented parameters).
fn list_query(suite: &Suite, product: Product, method: Method, tmpl: &str) -> Option<String> {
    let d = described(suite, product, tmpl)?;
    (method == Method::Get && d.head.kind == Kind::Collection && shaped(d.head.path.as_str(), tmpl))
        .then(|| d.schema_path("query"))
}

/// Every operation the cases use, by path template, and the requests
/// whose path could not be templated (a captured path with no example).
pub(crate) fn collect(suite: &Suite) -> (BTreeMap<String, PathItem<'_>>, BTreeSet<String>) {
    let names_by_product = names_by_product(suite);
    let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
    let mut unmapped: BTreeSet<String> = BTreeSet::new();
    let mut listings: Vec<(&Case, String, String)> = Vec::new();
    for case in &suite.cases {
        let names = &names_by_product[&case.product];
        for (index, step) in steps(case).enumerate() {
            let Some((concrete, note)) = concrete_path(suite, case, &step.request) else {
                unmapped.insert(format!(
                    "{} {} ({})",
                    step.request.method.as_str(),
                    step.request.path,
                    case.id()
                ));
                continue;
            };
            // Shaped as the request sends it (`trailing_slash: false`).
            let concrete = step.request.shape_path(concrete);
            let (tmpl, mut params) = template(&concrete, names);
            if let Some(note) = note {
                for p in &mut params {
                    p.seen = BTreeSet::from([note.clone()]);
                }
            }
            if refused_only(step)
                && documents(suite, case.product, step.request.method, &tmpl) == Some(false)
            {
                continue;
            }
            let tmpl_key = tmpl.clone();
            let item = paths.entry(tmpl).or_default();
            merge_params(&mut item.params, params);
            let m = METHODS
                .iter()
                .position(|m| *m == step.request.method)
                .unwrap_or(0);
            let op = item.ops.entry(m).or_default();
            op.products.insert(case.product);
            op.query_schemas.extend(list_query(
                suite,
                case.product,
                step.request.method,
                &tmpl_key,
            ));
            op.uses.push(Use { case, step, index });
        }
        if let Some(p) = &case.property {
            let l = p.listing();
            listings.push((case, l.path.clone(), l.schema.clone()));
        }
    }
    // Property checks read a listing with GET: 200 and the listing's schema.
    for (case, path, schema) in &listings {
        let (tmpl, params) = template(path, &names_by_product[&case.product]);
        let item = paths.entry(tmpl).or_default();
        merge_params(&mut item.params, params);
        let op = item.ops.entry(0).or_default();
        op.products.insert(case.product);
        op.listing_cases.insert(case.id());
        op.listing_schemas.insert(schema.clone());
    }
    fold_instances(&mut paths);
    (paths, unmapped)
}

/// The statuses a step's `expect` allows, as response keys.
pub(crate) fn status_keys(status: Option<&StatusSpec>) -> Vec<String> {
    match status {
        Some(StatusSpec::One(c)) => vec![c.to_string()],
        Some(StatusSpec::Set(cs)) => cs.iter().map(u16::to_string).collect(),
        Some(StatusSpec::Class(c)) => vec![c.to_ascii_uppercase()],
        None => vec!["default".to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_reference_segments_become_parameters() {
        let names = BTreeMap::from([("u".to_string(), "user_id".to_string())]);
        let (t, p) = template("/api/v1/fortitokens/987654321/", &names);
        assert_eq!(t, "/api/v1/fortitokens/{id}/");
        assert_eq!(p[0].name, "id");
        let (t, p) = template("/api/v1/token/temp/${u}", &names);
        assert_eq!(t, "/api/v1/token/temp/{user_id}");
        assert_eq!(p[0].seen, BTreeSet::from(["`${u}`".to_string()]));
        let (t, p) = template("/a/${x}/b/${y}", &BTreeMap::new());
        assert_eq!(t, "/a/{id}/b/{id_2}");
        assert_eq!(p.len(), 2);
        assert_eq!(
            template("/fpc/api/auth/tokenlogin/", &names).0,
            "/fpc/api/auth/tokenlogin/"
        );
        assert_eq!(template("/x/?a=1", &names).0, "/x/");
        let (t, p) = template(
            "/api/v1/token/temp/5f0c9a8e-2b7d-4c1e-9f3a-6d2e8b4c7a10",
            &names,
        );
        assert_eq!(t, "/api/v1/token/temp/{id}");
        assert_eq!(
            p[0].values,
            BTreeSet::from(["5f0c9a8e-2b7d-4c1e-9f3a-6d2e8b4c7a10".to_string()])
        );
        assert_eq!(template("/api/v1/5f0c9a8e/", &names).0, "/api/v1/5f0c9a8e/");
    }

    #[test]
    fn a_description_uri_has_the_shape_of_its_template_only() {
        assert!(shaped(
            "/api/v1/localusers/[id]/",
            "/api/v1/localusers/{id}/"
        ));
        assert!(shaped("/api/v1/localusers/", "/api/v1/localusers/"));
        assert!(!shaped(
            "/api/v1/localusers/[id]",
            "/api/v1/localusers/{id}/"
        ));
        assert!(!shaped(
            "/api/v1/localusers/[id]/",
            "/api/v1/localusers/schema/"
        ));
        assert!(!shaped("/api/v1/localusers/", "/api/v1/localusers/{id}/"));
        assert!(!shaped(
            "/api/v1/usergroups/[id]/",
            "/api/v1/localusers/{id}/"
        ));
    }

    #[test]
    fn a_path_that_is_an_instance_of_a_template_joins_it() {
        assert!(instance_of("/t/temp/{id}", "/t/temp/{user_id}"));
        assert!(!instance_of("/t/temp/abc", "/t/temp/{user_id}"));
        assert!(!instance_of("/t/schema/", "/t/{id}/"));
        assert!(!instance_of("/t/temp/{user_id}", "/t/temp/{user_id}"));
        assert!(!instance_of("/t/other/abc", "/t/temp/{user_id}"));
        assert!(!instance_of("/t/temp/abc/", "/t/temp/{user_id}"));
        let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
        paths.insert(
            "/t/temp/{id}".into(),
            PathItem {
                params: vec![PathParam {
                    name: "id".into(),
                    seen: BTreeSet::from(["`5f0c`".to_string()]),
                    values: BTreeSet::from(["5f0c".to_string()]),
                }],
                ops: BTreeMap::from([(4, Operation::default())]),
            },
        );
        paths.insert(
            "/t/temp/{user_id}".into(),
            PathItem {
                params: vec![PathParam {
                    name: "user_id".into(),
                    seen: BTreeSet::from(["`${u}`".to_string()]),
                    values: BTreeSet::from(["${u}".to_string()]),
                }],
                ops: BTreeMap::from([(4, Operation::default())]),
            },
        );
        fold_instances(&mut paths);
        assert_eq!(paths.keys().collect::<Vec<_>>(), ["/t/temp/{user_id}"]);
        let p = &paths["/t/temp/{user_id}"].params;
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].values.len(), 2, "{:?}", p[0].values);
    }
}
