//! OpenAPI `links`: which answer feeds which later request, so that a tool
//! such as Schemathesis' stateful mode can follow the flows. Two sources:
//!
//! - the cases: a step whose request uses `${x}` (a path segment or a
//!   header) after an earlier step of the same case that answered with a
//!   2xx and captured `x` (`$response.body#<pointer>`) or sent `x` as a
//!   top-level body field (`$request.body#/<field>`); e.g. FortiPortal's
//!   tokenlogin to tokenlogout, FortiToken Cloud's token/temp to its DELETE;
//! - the products' token logins (`product::token_source`): the login's
//!   success links to every operation secured by the scheme its token
//!   serves, with the `Authorization` header made from the token.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::paths::{names_by_product, status_keys, template, Use};
use super::product;
use crate::suite::case::CaptureFrom;
use crate::suite::Suite;
use crate::vars;

/// A link from an answer (operation id, status) to an operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Link {
    source: String,
    status: String,
    target: String,
    /// `path.user_id` or `header.Authorization` -> runtime expression.
    parameters: BTreeMap<String, String>,
}

/// A link and the cases behind it (none for a token login's link).
type Cases = (Link, BTreeSet<String>);

/// A step of a case placed in the document: its operation and request.
pub(crate) struct Placed<'a> {
    pub(crate) operation_id: String,
    pub(crate) use_: &'a Use<'a>,
}

/// Where an earlier step of the case gives the value of `x`, as a runtime
/// expression.
fn source_of(x: &str, earlier: &Use<'_>) -> Option<String> {
    if let Some(c) = earlier.step.capture.get(x) {
        let spec = c.spec();
        if !spec.where_.is_empty() {
            // An element picked by its fields: no runtime expression says that.
            return None;
        }
        return Some(match spec.from {
            CaptureFrom::Body(at) => format!("$response.body#{at}"),
            CaptureFrom::Header(h) => format!("$response.header.{h}"),
        });
    }
    let Some(Value::Object(body)) = &earlier.step.request.json else {
        return None;
    };
    body.iter()
        .find(|(_, v)| v.as_str() == Some(&format!("${{{x}}}")))
        .map(|(field, _)| format!("$request.body#/{field}"))
}

/// `text` with each `${x}` replaced by its expression (embedded in braces
/// unless the whole text is one reference); `None` if one has none.
fn expression(text: &str, earlier: &Use<'_>) -> Option<String> {
    let refs = vars::references(text);
    if refs.is_empty() {
        return None;
    }
    if let [one] = refs.as_slice() {
        if text == format!("${{{one}}}") {
            return source_of(one, earlier);
        }
    }
    let mut out = text.to_string();
    for x in refs {
        out = out.replace(
            &format!("${{{x}}}"),
            &format!("{{{}}}", source_of(x, earlier)?),
        );
    }
    Some(out)
}

/// The parameters of `later` that an answer to `earlier` gives.
fn parameters(
    earlier: &Use<'_>,
    later: &Use<'_>,
    names: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let r = &later.step.request;
    // A whole captured path (`${uri}`) is no parameter of its template.
    if !r.path.starts_with("${") {
        for p in template(&r.path, names).1 {
            for v in &p.values {
                if let Some(e) = expression(v, earlier) {
                    out.insert(format!("path.{}", p.name), e);
                }
            }
        }
    }
    for (name, value) in &r.headers {
        if let Some(e) = expression(value, earlier) {
            out.insert(format!("header.{name}"), e);
        }
    }
    out
}

fn case_links(suite: &Suite, placed: &[Placed<'_>]) -> BTreeMap<Link, BTreeSet<String>> {
    let names = names_by_product(suite);
    let mut by_case: BTreeMap<String, Vec<&Placed<'_>>> = BTreeMap::new();
    for p in placed {
        by_case.entry(p.use_.case.id()).or_default().push(p);
    }
    let mut out: BTreeMap<Link, BTreeSet<String>> = BTreeMap::new();
    for (case, mut list) in by_case {
        list.sort_by_key(|p| p.use_.index);
        for (i, a) in list.iter().enumerate() {
            let ok: Vec<String> = status_keys(a.use_.step.expect.status.as_ref())
                .into_iter()
                .filter(|k| k.starts_with('2'))
                .collect();
            for b in &list[i + 1..] {
                let params = parameters(a.use_, b.use_, &names[&b.use_.case.product]);
                if params.is_empty() {
                    continue;
                }
                for status in &ok {
                    let link = Link {
                        source: a.operation_id.clone(),
                        status: status.clone(),
                        target: b.operation_id.clone(),
                        parameters: params.clone(),
                    };
                    out.entry(link).or_default().insert(case.clone());
                }
            }
        }
    }
    out
}

/// Links from each product's token login to the operations its token serves.
fn token_links(paths: &Map<String, Value>) -> BTreeMap<Link, BTreeSet<String>> {
    let ops: Vec<(&str, &str, &Value)> = paths
        .iter()
        .flat_map(|(t, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter(|(_, op)| op.get("operationId").is_some())
                .map(move |(m, op)| (t.as_str(), m.as_str(), op))
        })
        .collect();
    let mut out = BTreeMap::new();
    for p in crate::suite::Product::ALL {
        let Some(src) = product::token_source(p) else {
            continue;
        };
        let method = src.method.as_str().to_ascii_lowercase();
        let Some((_, _, login)) = ops
            .iter()
            .find(|(t, m, _)| *t == src.template && *m == method)
        else {
            continue;
        };
        let scheme = product::scheme_name(p);
        for (_, _, op) in &ops {
            let secured = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x.get(scheme).is_some()));
            if !secured || op["operationId"] == login["operationId"] {
                continue;
            }
            let statuses = login["responses"].as_object().into_iter().flatten();
            for (status, _) in statuses.filter(|(k, _)| k.starts_with('2')) {
                let link = Link {
                    source: login["operationId"].as_str().unwrap_or("").to_string(),
                    status: status.clone(),
                    target: op["operationId"].as_str().unwrap_or("").to_string(),
                    parameters: BTreeMap::from([(
                        "header.Authorization".to_string(),
                        format!("{}{{$response.body#{}}}", src.prefix, src.pointer),
                    )]),
                };
                out.insert(link, BTreeSet::new());
            }
        }
    }
    out
}

/// Adds the links to the answers of `paths` (the document's `paths`).
pub(crate) fn add(suite: &Suite, placed: &[Placed<'_>], paths: &mut Map<String, Value>) {
    let mut all = token_links(paths);
    for (link, cases) in case_links(suite, placed) {
        all.entry(link).or_default().extend(cases);
    }
    let mut by_answer: BTreeMap<(String, String), Vec<Cases>> = BTreeMap::new();
    for (link, cases) in all {
        by_answer
            .entry((link.source.clone(), link.status.clone()))
            .or_default()
            .push((link, cases));
    }
    for item in paths.values_mut() {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let Some(id) = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                let Some(list) = by_answer.get(&(id.clone(), status.clone())) else {
                    continue;
                };
                let mut links = Map::new();
                for (link, cases) in list {
                    let mut name = link.target.clone();
                    let mut n = 2;
                    while links.contains_key(&name) {
                        name = format!("{}_{n}", link.target);
                        n += 1;
                    }
                    links.insert(name, link_object(link, cases));
                }
                response["links"] = Value::Object(links);
            }
        }
    }
}

fn link_object(link: &Link, cases: &BTreeSet<String>) -> Value {
    let description = if cases.is_empty() {
        "The token this answer gives authenticates the request.".to_string()
    } else {
        format!(
            "As the cases do: {}.",
            cases.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    };
    json!({
        "operationId": link.target,
        "parameters": link.parameters,
        "description": description,
    })
}
