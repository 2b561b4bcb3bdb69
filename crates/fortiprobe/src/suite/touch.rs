//! What a case requests and needs, as data: the method and path pattern
//! of every step, cleanup step and property walk, and the schemas it
//! names, read from the case file without running it. A path that is a captured value (`${uri}`) is traced to the
//! step that captured it: an object of the collection that step asked. The
//! kill matrix reads this to find the cases that can see a fault; the
//! runner to lock only the listings a case reads or changes.

use std::collections::BTreeSet;

use super::{Case, Product};
use crate::product::AuthScheme;

/// One kind of request a case sends: product, method and path pattern
/// (each segment that names one object, `${ref}` or an id, is `*`; a path
/// nothing in the case explains is `*` alone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Touch {
    pub product: Product,
    pub method: &'static str,
    pub path: String,
}

/// The path that stands for any path of the product: a captured value the
/// case does not say where it came from.
pub const ANY_PATH: &str = "*";

impl Touch {
    /// The listing the request reads or changes: its pattern up to the
    /// first `*` segment, without a trailing slash (`/api/v1/localusers`
    /// for both `/api/v1/localusers/` and `/api/v1/localusers/*/`); `None`
    /// when the path could be anything of the product.
    pub fn collection(&self) -> Option<String> {
        if self.path == ANY_PATH {
            return None;
        }
        let mut out = String::new();
        for seg in self.path.split('/').filter(|s| !s.is_empty()) {
            if seg == "*" {
                break;
            }
            out.push('/');
            out.push_str(seg);
        }
        Some(if out.is_empty() { "/".into() } else { out })
    }

    /// Whether the request may change what the target holds.
    pub fn writes(&self) -> bool {
        self.method != "GET"
    }
}

impl Case {
    /// The requests the case itself sends: its steps, its cleanup and the
    /// walks of its property check.
    pub fn touches(&self) -> BTreeSet<Touch> {
        let steps: Vec<&super::Step> = self.spec.steps.iter().chain(&self.spec.cleanup).collect();
        let mut out = BTreeSet::new();
        for (i, step) in steps.iter().enumerate() {
            let path = pattern(&step.request.path, step.request.trailing_slash, |name| {
                captured_in(&steps[..i], name)
            });
            out.insert(self.touch(step.request.method.as_str(), path));
        }
        if let Some(p) = &self.property {
            out.insert(self.touch("GET", pattern(&p.listing().path, true, |_| None)));
        }
        out
    }

    /// Requests the run sends on the case's behalf: the product's login
    /// (FortiToken Cloud's bearer token) and the resource index the case
    /// names.
    pub fn ambient(&self) -> BTreeSet<Touch> {
        let mut out = BTreeSet::new();
        if let AuthScheme::BearerLogin(login) = self.product.describe().auth {
            out.insert(self.touch("POST", login.path.to_string()));
        }
        if let Some(r) = &self.spec.resource {
            out.insert(self.touch("GET", pattern(&r.index, true, |_| None)));
        }
        out
    }

    /// The schemas the case names: its requests', its answers' and its
    /// check's (what a run compiles before its first request).
    pub fn schemas(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        for step in self.spec.steps.iter().chain(&self.spec.cleanup) {
            out.extend(step.request.schema.as_deref());
            out.extend(step.expect.schema.as_deref());
        }
        if let Some(p) = &self.property {
            out.insert(p.schema());
        }
        out
    }

    /// The kind a trial shows (`--list`, libtest's filter): the case's kind,
    /// marked `destructive` where it is.
    pub fn trial_kind(&self) -> String {
        if self.spec.destructive {
            format!("{} destructive", self.kind())
        } else {
            self.kind().to_string()
        }
    }

    fn touch(&self, method: &'static str, path: String) -> Touch {
        Touch {
            product: self.product,
            method,
            path,
        }
    }
}

/// The pattern of the object a `${name}` path holds, when one of `earlier`
/// captured `name`: an object of the collection that step asked.
fn captured_in(earlier: &[&super::Step], name: &str) -> Option<String> {
    let at = earlier.iter().rposition(|s| s.capture.contains_key(name))?;
    let step = earlier[at];
    let asked = pattern(&step.request.path, true, |n| captured_in(&earlier[..at], n));
    if asked == ANY_PATH || asked.trim_end_matches('/').ends_with('*') {
        Some(asked)
    } else {
        Some(format!("{}/*/", asked.trim_end_matches('/')))
    }
}

/// `path` as a pattern: `${ref}` and id segments as `*`; a path that is one
/// captured value as what `captured` says it holds, else `*`.
fn pattern(path: &str, trailing_slash: bool, captured: impl Fn(&str) -> Option<String>) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if let Some(name) = path
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .filter(|n| !n.contains('}'))
    {
        let found = captured(name).unwrap_or_else(|| ANY_PATH.to_string());
        return shape(found, trailing_slash);
    }
    let segments: Vec<&str> = path
        .split('/')
        .map(|seg| if names_one(seg) { "*" } else { seg })
        .collect();
    shape(segments.join("/"), trailing_slash)
}

fn shape(path: String, trailing_slash: bool) -> String {
    match path.strip_suffix('/') {
        Some(p) if !trailing_slash && !p.is_empty() => p.to_string(),
        _ => path,
    }
}

/// A segment that names one object: a reference, a number, or a long
/// hexadecimal identifier (a UUID, a serial).
fn names_one(seg: &str) -> bool {
    if seg.is_empty() {
        return false;
    }
    seg.contains("${")
        || seg.bytes().all(|b| b.is_ascii_digit())
        || (seg.len() >= 16 && seg.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Source, Suite};

    fn case<'a>(suite: &'a Suite, id: &str) -> &'a Case {
        suite
            .cases
            .iter()
            .find(|c| c.id() == id)
            .unwrap_or_else(|| panic!("no case {id}"))
    }

    fn paths(set: &BTreeSet<Touch>) -> Vec<String> {
        set.iter()
            .map(|t| format!("{} {}", t.method, t.path))
            .collect()
    }

    #[test]
    fn patterns_name_objects_by_star_and_keep_the_route() {
        let none = |_: &str| None;
        assert_eq!(
            pattern("/api/v1/fortitokens/", true, none),
            "/api/v1/fortitokens/"
        );
        assert_eq!(
            pattern("/api/v1/fortitokens/987654321", true, none),
            "/api/v1/fortitokens/*"
        );
        assert_eq!(
            pattern("/api/v1/token/temp/${user}", true, none),
            "/api/v1/token/temp/*"
        );
        assert_eq!(
            pattern(
                "/api/v1/token/temp/5f0c9a8e-2b7d-4c1e-9f3a-6d2e8b4c7a10",
                true,
                none
            ),
            "/api/v1/token/temp/*"
        );
        assert_eq!(pattern("${uri}", true, none), "*");
        assert_eq!(
            pattern("${uri}", false, |_| Some("/api/v1/fortitokens/*/".into())),
            "/api/v1/fortitokens/*"
        );
    }

    #[test]
    fn a_captured_path_is_an_object_of_the_collection_that_gave_it() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let c = case(
            &suite,
            "fortiauthenticator/localusers/create_read_update_delete",
        );
        let got = paths(&c.touches());
        assert!(
            got.contains(&"POST /api/v1/localusers/".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"PATCH /api/v1/localusers/*/".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"DELETE /api/v1/localusers/*/".to_string()),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|p| p.ends_with(" *")),
            "every path traced: {got:?}"
        );
        let walk = case(
            &suite,
            "fortiauthenticator/fortitokens_pagination/walk_limit_7",
        );
        assert_eq!(paths(&walk.touches()), ["GET /api/v1/fortitokens/"]);
        let ftc = case(&suite, "fortitoken_cloud/login/login");
        assert!(paths(&ftc.ambient()).contains(&"POST /api/v1/login".to_string()));
    }

    #[test]
    fn collections_are_the_pattern_before_its_first_object() {
        let t = |path: &str| Touch {
            product: Product::Fortiauthenticator,
            method: "GET",
            path: path.into(),
        };
        assert_eq!(
            t("/api/v1/localusers/*/").collection().as_deref(),
            Some("/api/v1/localusers")
        );
        assert_eq!(
            t("/api/v1/localusers/").collection().as_deref(),
            Some("/api/v1/localusers")
        );
        assert_eq!(
            t("/api/v1/fortitokens/*").collection().as_deref(),
            Some("/api/v1/fortitokens")
        );
        assert_eq!(t("/api/v1/").collection().as_deref(), Some("/api/v1"));
        assert_eq!(t("*").collection(), None);
    }
}
