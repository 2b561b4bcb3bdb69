//! The case model: what one YAML case file says, as typed data.
//!
//! A case file holds the cases of one product endpoint or flow. A case is a
//! list of steps (request, expectation, captures) plus cleanup steps that run
//! whatever happened, or a property check (see `suite::property`) with its
//! parameters. Nothing here knows about HTTP clients or libtest.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

pub use crate::product::Product;

/// Where a case's expectation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The vendor documentation says so: always checked.
    #[default]
    Doc,
    /// What the underlying framework does where the docs are silent: checked with `--strict`.
    Framework,
}

/// The top of a case file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFileHead {
    pub product: Product,
    pub endpoint: String,
    /// What this file covers, for readers.
    #[serde(default)]
    pub about: Option<String>,
    /// Fields that identify a listed object of this endpoint, the first
    /// present one wins: walks (unless a check names its own) and baselines
    /// use them. `resource_uri`, then `serial`, when not given.
    #[serde(default)]
    pub identity: Option<Vec<String>>,
    /// The resources the file's cases need, as the target's resource index
    /// lists them (each case may name its own instead).
    #[serde(default)]
    pub resource: Option<Resource>,
}

/// Resources a case needs, and the index that lists what a target has:
/// a `GET` of `index` answering a JSON object keyed by resource name
/// (tastypie's top level). When the index answers and lacks one of
/// `names` (older firmware), the case is ignored with that reason; when
/// the index cannot be read, the case runs and judges for itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Path of the index, e.g. `/api/v1/`.
    pub index: String,
    /// Keys the index must hold, e.g. `[localgroup-memberships]`.
    pub names: Vec<String>,
    /// Fields the case needs that later firmware added: the `schema` the
    /// index gives for each of `names` must list them under `fields`
    /// (tastypie's schema document), or the case is ignored. A schema that
    /// cannot be read decides nothing.
    #[serde(default)]
    pub fields: Vec<String>,
}

/// One case as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    pub name: String,
    /// One line: what the case checks.
    pub summary: String,
    #[serde(default)]
    pub basis: Basis,
    /// Where the expectation comes from: a vendor page (cited as in docs/vendor-pages.md) or a document of docs/.
    #[serde(default)]
    pub source: Option<String>,
    /// Makes a lasting change on the target: runs only with `--allow-destructive`.
    #[serde(default)]
    pub destructive: bool,
    /// Fixtures (from the target file) the case needs; without them it is ignored.
    #[serde(default)]
    pub fixtures: Vec<String>,
    /// The resources the case needs (else the file's `resource`); a target
    /// whose index lacks one ignores the case.
    #[serde(default)]
    pub resource: Option<Resource>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Steps run after the others whatever happened, as far as their
    /// references resolve: log out, delete what the case created.
    #[serde(default)]
    pub cleanup: Vec<Step>,
    /// A property check instead of (or after) steps.
    #[serde(default)]
    pub check: Option<Value>,
    /// The case's own normalisation for baselines (fields to redact or ignore).
    #[serde(default)]
    pub baseline: crate::baseline::CaseRules,
}

/// A request, what to expect of its answer, and what to keep from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Run the step only when this capture holds a value (cleanup of
    /// something a broken target may have created).
    #[serde(default)]
    pub if_captured: Option<String>,
    /// Run the step only when this capture holds no value (a cleanup
    /// step that looks for what the case could not name: not needed when
    /// it has the object's URI and deleted it by that).
    #[serde(default)]
    pub unless_captured: Option<String>,
    /// A cleanup step skipped when every step of the case passed: it
    /// looks for what a case that went wrong may have left (a refused
    /// create a target accepted), which a passing case has shown is not
    /// there. An interrupted case runs it.
    #[serde(default)]
    pub unless_passed: bool,
    pub request: Request,
    #[serde(default)]
    pub expect: Expect,
    /// Values to keep for later steps: `name: /json/pointer` or the long form.
    #[serde(default)]
    pub capture: BTreeMap<String, Capture>,
    /// For a cleanup step: what stays on the target if it cannot run, and
    /// how to find and remove it by hand (`${refs}` allowed; secrets are
    /// redacted). Printed with `LEFT BEHIND`.
    #[serde(default)]
    pub left_behind: Option<String>,
}

impl Step {
    /// Whether the step is skipped, its condition unmet (`has`: whether a
    /// capture holds a value).
    pub fn skipped(&self, has: impl Fn(&str) -> bool) -> bool {
        self.if_captured.as_deref().is_some_and(|n| !has(n))
            || self.unless_captured.as_deref().is_some_and(&has)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Capture {
    Pointer(String),
    Full(CaptureFields),
}

/// The long form of a capture, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptureFields {
    /// JSON pointer into the answer's body.
    #[serde(default)]
    pub at: Option<String>,
    /// A response header instead (`Location` after a POST).
    #[serde(default)]
    pub header: Option<String>,
    /// The value is a secret (a token): it is redacted from every output.
    #[serde(default)]
    pub secret: bool,
    /// Missing is not a finding; a later step that needs it is skipped
    /// (cleanup) or makes the case ignored (main steps).
    #[serde(default)]
    pub optional: bool,
    /// With an `at` that goes through an array by one `*`
    /// (`/objects/*/serial`): the first element whose fields equal these
    /// values (`{locked: false}`; `${refs}` allowed).
    #[serde(default, rename = "where")]
    pub where_: BTreeMap<String, Value>,
}

/// Where a captured value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureFrom {
    /// A JSON pointer into the body.
    Body(String),
    /// A response header, by name (case-insensitive).
    Header(String),
}

/// A capture, resolved.
#[derive(Debug, Clone)]
pub struct CaptureSpec {
    pub from: CaptureFrom,
    pub secret: bool,
    pub optional: bool,
    pub where_: BTreeMap<String, Value>,
}

impl CaptureSpec {
    /// The body pointer, if the value comes from the body.
    pub fn pointer(&self) -> Option<&str> {
        match &self.from {
            CaptureFrom::Body(p) => Some(p),
            CaptureFrom::Header(_) => None,
        }
    }
}

impl Capture {
    /// The capture as written; a field named `sn`, `token` or
    /// `access_token` is a secret whatever the case says. (A capture
    /// with both or neither of `at` and `header` is reported by the
    /// suite's validation; here it reads as `at`.)
    pub fn spec(&self) -> CaptureSpec {
        let mut spec = match self {
            Capture::Pointer(p) => CaptureSpec {
                from: CaptureFrom::Body(p.clone()),
                secret: false,
                optional: false,
                where_: BTreeMap::new(),
            },
            Capture::Full(f) => CaptureSpec {
                from: match (&f.at, &f.header) {
                    (None, Some(h)) => CaptureFrom::Header(h.clone()),
                    (at, _) => CaptureFrom::Body(at.clone().unwrap_or_default()),
                },
                secret: f.secret,
                optional: f.optional,
                where_: f.where_.clone(),
            },
        };
        if let CaptureFrom::Body(at) = &spec.from {
            let field = at.rsplit('/').next().unwrap_or_default();
            spec.secret |= crate::redact::SECRET_FIELDS.contains(&field);
        }
        spec
    }

    /// What is wrong with the capture as written, if anything.
    pub fn problem(&self) -> Option<String> {
        let (at, header, where_) = match self {
            Capture::Pointer(p) => (Some(p), None, None),
            Capture::Full(f) => (f.at.as_ref(), f.header.as_ref(), Some(&f.where_)),
        };
        match (at, header) {
            (Some(_), Some(_)) | (None, None) => {
                return Some(
                    "a capture takes its value from `at` (a JSON pointer into the body) or `header` (a response header), one of the two".into(),
                )
            }
            (None, Some(h)) if h.is_empty() || !h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
                return Some(format!("`{h}` is not a header name (like Location)"))
            }
            (None, Some(_)) if where_.is_some_and(|w| !w.is_empty()) => {
                return Some("`where` picks an element of an array in the body: it goes with `at`".into())
            }
            _ => {}
        }
        let at = at?;
        if !at.is_empty() && !at.starts_with('/') {
            return Some(format!(
                "`{at}` is not a JSON pointer (like /objects/0/serial)"
            ));
        }
        let stars = at.split('/').filter(|s| *s == "*").count();
        let has_where = where_.is_some_and(|w| !w.is_empty());
        match (stars, has_where) {
            (0, false) | (1, true) => None,
            (0, true) => Some(format!(
                "`where` picks an element of an array: `{at}` needs one `*` for it (like /objects/*/serial)"
            )),
            (1, false) => Some(format!(
                "`{at}` goes through an array by `*`: say which element with `where` (or give its index)"
            )),
            _ => Some(format!("`{at}` may go through one array by `*`, not more")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// The product's own: Basic for FortiAuthenticator, the run's bearer token
    /// for FortiToken Cloud, nothing for FortiPortal (cases add `Token` headers).
    #[default]
    Default,
    /// No credentials at all.
    None,
    /// The configured user name with a wrong key, or a bearer token that was never issued.
    WrongKey,
    /// A user name that does not exist (so no real account is ever locked out).
    UnknownUser,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub method: Method,
    /// Path from the product's base URL, starting with `/`.
    pub path: String,
    /// Query parameters, in order; values may reference `${...}`.
    #[serde(default)]
    pub query: Vec<QueryParam>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub auth: Auth,
    /// JSON body; strings may reference `${...}` (a string that is exactly one
    /// reference to a non-string value is replaced by that value).
    #[serde(default)]
    pub json: Option<Value>,
    /// A raw body sent as is with `Content-Type: application/json` (for malformed-body cases).
    #[serde(default)]
    pub raw_body: Option<String>,
    /// Schema (under `schemas/`) the request body (or, without body, its query
    /// as an object of strings) must satisfy before it is sent.
    #[serde(default)]
    pub schema: Option<String>,
    /// The request breaks its schema on purpose; says why.
    #[serde(default)]
    pub invalid: Option<String>,
    /// Follow `meta.next` to the end; the answer checked is then
    /// `{"objects": [every object], "pages": n, "total_count": first page's}`.
    #[serde(default)]
    pub walk: bool,
    /// `false`: the path is sent without the trailing slash it has once its
    /// references are resolved (FortiAuthenticator's documented DELETE URI
    /// `/api/v1/fortitokens/[id]` from a `resource_uri`).
    #[serde(default = "yes")]
    pub trailing_slash: bool,
    /// `follow_once`: a 301 or 308 answer is followed by hand, once, to the
    /// same origin only (`client::redirect`); without it a redirect is the
    /// answer.
    #[serde(default)]
    pub redirect: Option<Redirect>,
}

fn yes() -> bool {
    true
}

/// What a request does with a redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Redirect {
    /// Send the request once more to the `Location` of a 301 or 308 on the
    /// same origin.
    FollowOnce,
}

impl Request {
    /// The path to send, its references resolved (`resolved`), shaped as
    /// the request asks (`trailing_slash`).
    pub fn shape_path(&self, resolved: String) -> String {
        match resolved.strip_suffix('/') {
            Some(p) if !self.trailing_slash && !p.is_empty() => p.to_string(),
            _ => resolved,
        }
    }
}

/// `- name: value` in a list keeps the order of the query string.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "BTreeMap<String, Value>")]
pub struct QueryParam {
    pub name: String,
    pub value: String,
}

impl TryFrom<BTreeMap<String, Value>> for QueryParam {
    type Error = String;
    fn try_from(map: BTreeMap<String, Value>) -> Result<Self, String> {
        if map.len() != 1 {
            return Err("each query item is one `name: value` pair".into());
        }
        let (name, value) = map.into_iter().next().ok_or("empty query item")?;
        let value = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(format!(
                    "query value of `{name}` must be a scalar, not {other}"
                ))
            }
        };
        Ok(QueryParam { name, value })
    }
}

/// What the answer must look like.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub status: Option<StatusSpec>,
    /// Schema (under `schemas/`) the JSON body must satisfy.
    #[serde(default)]
    pub schema: Option<String>,
    /// The media type of `Content-Type` (parameters ignored).
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub body: Option<BodyKind>,
    #[serde(default)]
    pub fields: Vec<FieldCheck>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// No bytes at all.
    Empty,
    /// Parses as JSON.
    Json,
}

/// `200`, `[400, 404]`, `"4xx"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StatusSpec {
    One(u16),
    Set(Vec<u16>),
    Class(String),
}

/// One assertion on the JSON body at a pointer. `*` in the pointer stands
/// for every element of an array; the assertion must hold for each match.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCheck {
    pub at: String,
    #[serde(default)]
    pub equals: Option<Value>,
    #[serde(default)]
    pub not_equals: Option<Value>,
    #[serde(default)]
    pub one_of: Option<Vec<Value>>,
    /// The field is missing (or the body is not a JSON object at all).
    #[serde(default)]
    pub absent: Option<bool>,
    #[serde(default)]
    pub is_null: Option<bool>,
    /// The value is an array holding this element (compared as `equals`
    /// compares, numbers by value).
    #[serde(default)]
    pub contains: Option<Value>,
    /// Regular expression the string value must match.
    #[serde(default)]
    pub matches: Option<String>,
    /// The string value is a date-time denoting the same instant as this one.
    #[serde(default)]
    pub same_instant: Option<String>,
    /// The string value is a date-time about this long after the request was
    /// sent (`30d`, `23h`, `59m`, `1d2h3m`), within `tolerance`.
    #[serde(default)]
    pub after_request: Option<String>,
    #[serde(default)]
    pub tolerance: Option<String>,
    /// Number of elements of the array.
    #[serde(default)]
    pub length: Option<usize>,
    #[serde(default)]
    pub max_length: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_or_serial_capture_is_always_secret() {
        let spec = |yaml: &str| {
            serde_json::from_str::<Capture>(yaml)
                .map(|c| c.spec())
                .unwrap()
        };
        assert!(spec(r#"{"at": "/sn", "optional": true}"#).secret);
        assert!(spec(r#""/token""#).secret);
        assert!(spec(r#""/data/access_token""#).secret);
        assert!(!spec(r#""/serial""#).secret);
        assert!(spec(r#"{"at": "/other", "secret": true}"#).secret);
        assert!(!spec(r#"{"header": "Location"}"#).secret);
    }

    #[test]
    fn a_capture_takes_its_value_from_one_place() {
        let capture = |json: &str| serde_json::from_str::<Capture>(json).unwrap();
        let c = capture(r#"{"header": "Location", "optional": true}"#);
        assert_eq!(c.spec().from, CaptureFrom::Header("Location".into()));
        assert!(c.problem().is_none());
        let c = capture(r#"{"at": "/objects/*/serial", "where": {"locked": false}}"#);
        assert_eq!(c.spec().pointer(), Some("/objects/*/serial"));
        assert!(c.problem().is_none());
        for (bad, says) in [
            (r#"{"at": "/x", "header": "Location"}"#, "one of the two"),
            (r#"{"optional": true}"#, "one of the two"),
            (r#"{"header": "Loc ation"}"#, "header name"),
            (r#"{"at": "/objects/*/serial"}"#, "where"),
            (
                r#"{"at": "/objects/0/serial", "where": {"a": 1}}"#,
                "needs one `*`",
            ),
            (r#"{"at": "/a/*/b/*/c", "where": {"a": 1}}"#, "not more"),
            (r#"{"at": "objects"}"#, "JSON pointer"),
        ] {
            let e = capture(bad).problem().expect(bad);
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
