//! Pure checks: an `Exchange` and an expectation in, `Finding`s out. No I/O
//! happens here; a failed expectation is a value, never an error.
//!
//! Listing judgements are split by what they judge: `record` (what is kept
//! of an object), `pick` (filter values from the target's own listing),
//! `page` (one page: echoes and links), `coverage` (a walk's objects
//! together), `removed` (a listing before and after one object went),
//! `same` (two answers that must agree), `link` (what a link may be),
//! `deviation` (which findings a known deviation explains), `xml` (an XML
//! answer read back into its JSON document).

pub mod bound;
pub mod coverage;
pub mod deviation;
pub mod excerpt;
pub mod fields;
pub mod link;
pub mod page;
pub mod pick;
pub mod record;
pub mod removed;
pub mod same;
pub mod schema;
#[cfg(test)]
pub(crate) mod testdata;
pub mod window;
pub mod xml;

pub use excerpt::{NoSecrets, Scrub};

use serde_json::Value;

use crate::exchange::Exchange;
use crate::suite::case::{BodyKind, Expect, StatusSpec};
use crate::suite::Schemas;
use crate::vars::Scope;

/// One way an answer departs from what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where: `status`, `header content-type`, `body`, or a JSON pointer.
    pub at: String,
    pub expected: String,
    pub actual: String,
    /// The page of a listing walk it was seen on, when a walk gave it.
    pub page: Option<OnPage>,
    /// The exchange it was judged on: its number among its case's
    /// exchanges (0 for the first), when they are recorded.
    pub exchange: Option<usize>,
}

/// A page of a listing walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnPage {
    /// 1 for the listing's first page (by the offset asked for).
    pub number: usize,
    /// The page's request: its path and query as sent, or how it was asked.
    pub request: String,
}

impl Finding {
    pub fn new(
        at: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Finding {
        Finding {
            at: at.into(),
            expected: expected.into(),
            actual: actual.into(),
            page: None,
            exchange: None,
        }
    }

    /// The finding, seen on page `number` of a walk (asked by `request`).
    pub fn on_page(mut self, number: usize, request: impl Into<String>) -> Finding {
        self.page = Some(OnPage {
            number,
            request: request.into(),
        });
        self
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at ")?;
        if let Some(p) = &self.page {
            write!(f, "page {} ({}) ", p.number, p.request)?;
        }
        write!(
            f,
            "{}: expected {}, got {}",
            self.at, self.expected, self.actual
        )
    }
}

/// Everything `expect` says about one exchange; excerpts of the answer are
/// scrubbed by `scrub` before they are shortened.
pub fn exchange(
    ex: &Exchange,
    expect: &Expect,
    schemas: &Schemas,
    scope: &Scope,
    scrub: &dyn Scrub,
) -> Vec<Finding> {
    exchange_explained(ex, expect, schemas, scope, scrub, bound::NONE)
}

/// `exchange`, leaving out the departures of the body (schema, fields)
/// that a known deviation explains (`explained`, which records them):
/// judged before the findings are bounded, so none hides in a count.
pub fn exchange_explained(
    ex: &Exchange,
    expect: &Expect,
    schemas: &Schemas,
    scope: &Scope,
    scrub: &dyn Scrub,
    explained: bound::Explained<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(s) = &expect.status {
        if let Some(f) = status(ex.status, s) {
            out.push(f);
        }
    }
    if let Some(want) = &expect.content_type {
        let got = ex.header("content-type");
        let media = got.map(|g| {
            g.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        if media.as_deref() != Some(want.to_ascii_lowercase().as_str()) {
            out.push(Finding::new(
                "header content-type",
                format!("`{want}`"),
                got.map_or("no Content-Type header".to_string(), |g| format!("`{g}`")),
            ));
        }
    }
    // A field assertion that holds on any body that is not JSON (`absent:
    // true`) does not make the body need to be JSON.
    let needs_json = expect.schema.is_some()
        || expect.body == Some(BodyKind::Json)
        || !expect.fields.iter().all(fields::holds_without_json);
    match expect.body {
        Some(BodyKind::Empty) if !ex.body.is_empty() => {
            out.push(Finding::new(
                "body",
                "no body",
                describe_body(&ex.body, scrub),
            ));
        }
        _ => {}
    }
    if needs_json || !expect.fields.is_empty() {
        match ex.json_ref() {
            Err(_) if !needs_json => {}
            Err(e) => out.push(Finding::new(
                "body",
                "JSON",
                format!("{} ({e})", describe_body(&ex.body, scrub)),
            )),
            Ok(Value::Null) if expect.body == Some(BodyKind::Json) && ex.body.is_empty() => {
                out.push(Finding::new("body", "a JSON body", "an empty body"));
            }
            Ok(doc) => {
                let mut found = Vec::new();
                if let Some(rel) = &expect.schema {
                    found.extend(schema::findings(schemas, rel, doc, scrub, explained));
                }
                for f in &expect.fields {
                    found.extend(fields::check_explained(
                        doc, f, scope, ex.sent_at, scrub, explained,
                    ));
                }
                // Nothing at all came where something was due (a schema
                // that takes an empty body as null may allow it): one
                // finding says so, not "null is not of type object" and
                // every field "absent".
                if !found.is_empty() && ex.body.trim_ascii().is_empty() {
                    let expected = match &expect.schema {
                        Some(rel) => format!("a JSON body ({rel})"),
                        None => "a JSON body".to_string(),
                    };
                    found = vec![Finding::new("body", expected, "an empty body")];
                }
                out.extend(found);
            }
        }
    }
    out
}

/// The status line against `200`, `[400, 404]` or `4xx`. A 429 (rate
/// limited, what the client could not wait out) is never the refusal a
/// `4xx` expects: only a case that names 429 itself accepts it.
pub fn status(got: u16, want: &StatusSpec) -> Option<Finding> {
    if got == 429 && matches!(want, StatusSpec::Class(_)) {
        return Some(Finding::new(
            "status",
            "the refusal the case expects, not a rate limit",
            "429 Too Many Requests (rate limited: slow the run down with --rate)",
        ));
    }
    let ok = match want {
        StatusSpec::One(c) => got == *c,
        StatusSpec::Set(list) => list.contains(&got),
        StatusSpec::Class(c) => c
            .as_bytes()
            .first()
            .is_some_and(|d| (got / 100) as u8 == d - b'0'),
    };
    (!ok).then(|| {
        let expected = match want {
            StatusSpec::One(c) => c.to_string(),
            StatusSpec::Set(list) => format!("one of {list:?}"),
            StatusSpec::Class(c) => c.clone(),
        };
        Finding::new("status", expected, got.to_string())
    })
}

/// A short, printable description of a body that is not what was expected:
/// its kind, its size and its first 120 characters, secrets masked first.
pub fn describe_body(body: &[u8], scrub: &dyn Scrub) -> String {
    if body.is_empty() {
        return "an empty body".into();
    }
    let text = String::from_utf8_lossy(body);
    let lower = text.trim_start().to_ascii_lowercase();
    let kind = if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        "an HTML page"
    } else if std::str::from_utf8(body).is_err() {
        "bytes that are not UTF-8"
    } else {
        "text"
    };
    let (excerpt, cut) = excerpt::cut(&text, 120, scrub);
    let excerpt = excerpt.replace(['\n', '\r'], " ");
    let more = if cut { "…" } else { "" };
    format!("{kind} of {} bytes: {excerpt:?}{more}", body.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::case::FieldCheck;

    pub(crate) fn exchange_with(status: u16, ctype: Option<&str>, body: &str) -> Exchange {
        Exchange {
            method: "GET",
            target: "/x".into(),
            status,
            headers: ctype
                .map(|c| vec![("content-type".to_string(), c.to_string())])
                .unwrap_or_default(),
            body: body.as_bytes().to_vec(),
            sent_at: chrono::Utc::now(),
            elapsed: std::time::Duration::ZERO,
            parsed: std::sync::OnceLock::new(),
            large: None,
            recorded: None,
        }
    }

    fn schemas() -> Schemas {
        let list = [(
            "p/s.json".to_string(),
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://fortiprobe.invalid/schemas/p/s.json","type":"object","required":["a"]}"#
                .to_string(),
        )];
        Schemas::load("schemas/", &list).unwrap()
    }

    fn expect(status: Option<StatusSpec>) -> Expect {
        Expect {
            status,
            ..Default::default()
        }
    }

    #[test]
    fn status_one_set_and_class() {
        assert!(status(200, &StatusSpec::One(200)).is_none());
        assert_eq!(status(201, &StatusSpec::One(200)).unwrap().actual, "201");
        assert!(status(404, &StatusSpec::Set(vec![400, 404])).is_none());
        assert!(status(500, &StatusSpec::Set(vec![400, 404])).is_some());
        assert!(status(403, &StatusSpec::Class("4xx".into())).is_none());
        assert!(status(500, &StatusSpec::Class("4xx".into())).is_some());
        assert!(status(429, &StatusSpec::Class("4xx".into())).is_some());
        assert!(status(429, &StatusSpec::Set(vec![400, 429])).is_none());
    }

    #[test]
    fn content_type_compares_media_type_only() {
        let mut e = expect(None);
        e.content_type = Some("application/json".into());
        let s = schemas();
        let scope = Scope::new(chrono::Utc::now());
        assert!(exchange(
            &exchange_with(200, Some("application/json; charset=utf-8"), "{}"),
            &e,
            &s,
            &scope,
            &NoSecrets
        )
        .is_empty());
        let f = exchange(
            &exchange_with(200, Some("text/html"), "{}"),
            &e,
            &s,
            &scope,
            &NoSecrets,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].at, "header content-type");
        assert_eq!(
            exchange(&exchange_with(200, None, "{}"), &e, &s, &scope, &NoSecrets).len(),
            1
        );
    }

    #[test]
    fn schema_violations_and_garbage_bodies_are_findings() {
        let mut e = expect(None);
        e.schema = Some("p/s.json".into());
        let s = schemas();
        let scope = Scope::new(chrono::Utc::now());
        assert!(exchange(
            &exchange_with(200, None, r#"{"a":1}"#),
            &e,
            &s,
            &scope,
            &NoSecrets
        )
        .is_empty());
        let f = exchange(
            &exchange_with(200, None, r#"{"b":1}"#),
            &e,
            &s,
            &scope,
            &NoSecrets,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let f = exchange(
            &exchange_with(200, None, "<html><body>error</body></html>"),
            &e,
            &s,
            &scope,
            &NoSecrets,
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].actual.contains("an HTML page"), "{}", f[0]);
        let f = exchange(
            &exchange_with(200, None, r#"{"a":"#),
            &e,
            &s,
            &scope,
            &NoSecrets,
        );
        assert!(f[0].actual.contains("EOF"), "{}", f[0]);
        // Nothing at all: said as such, once, not as a schema's `null`.
        let f = exchange(&exchange_with(202, None, ""), &e, &s, &scope, &NoSecrets);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].to_string(),
            "at body: expected a JSON body (p/s.json), got an empty body"
        );
    }

    #[test]
    fn empty_body_expectation() {
        let mut e = expect(Some(StatusSpec::One(204)));
        e.body = Some(BodyKind::Empty);
        let s = schemas();
        let scope = Scope::new(chrono::Utc::now());
        assert!(exchange(&exchange_with(204, None, ""), &e, &s, &scope, &NoSecrets).is_empty());
        let f = exchange(&exchange_with(204, None, "{}"), &e, &s, &scope, &NoSecrets);
        assert_eq!(f[0].at, "body");
    }

    #[test]
    fn json_body_expectation_rejects_empty_and_garbage() {
        let mut e = expect(None);
        e.body = Some(BodyKind::Json);
        let s = schemas();
        let scope = Scope::new(chrono::Utc::now());
        assert!(exchange(
            &exchange_with(400, None, r#"{"error":"x"}"#),
            &e,
            &s,
            &scope,
            &NoSecrets
        )
        .is_empty());
        assert_eq!(
            exchange(&exchange_with(400, None, ""), &e, &s, &scope, &NoSecrets).len(),
            1
        );
        assert_eq!(
            exchange(
                &exchange_with(400, None, "Bad Request"),
                &e,
                &s,
                &scope,
                &NoSecrets
            )
            .len(),
            1
        );
    }

    #[test]
    fn absent_fields_hold_on_bodies_that_are_not_json() {
        let mut e = expect(None);
        e.fields = vec![serde_json::from_str(r#"{"at":"/sn","absent":true}"#).unwrap()];
        let s = schemas();
        let scope = Scope::new(chrono::Utc::now());
        for body in [
            "",
            "User does not exist.",
            "<!DOCTYPE html><html></html>",
            r#"{"error":"x"}"#,
        ] {
            assert!(
                exchange(&exchange_with(404, None, body), &e, &s, &scope, &NoSecrets).is_empty(),
                "{body:?}"
            );
        }
        assert_eq!(
            exchange(
                &exchange_with(404, None, r#"{"sn":"TMP1"}"#),
                &e,
                &s,
                &scope,
                &NoSecrets
            )
            .len(),
            1,
            "a JSON body with the field still fails"
        );
        e.fields
            .push(serde_json::from_str(r#"{"at":"/error","absent":false}"#).unwrap());
        let f = exchange(
            &exchange_with(404, None, "User does not exist."),
            &e,
            &s,
            &scope,
            &NoSecrets,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].at, "body");
    }

    #[test]
    fn field_checks_run_on_the_body() {
        let mut e = expect(None);
        e.fields = vec![FieldCheck {
            at: "/a".into(),
            equals: Some(Value::from(2)),
            ..serde_json::from_str(r#"{"at":"/a"}"#).unwrap()
        }];
        let s = schemas();
        let scope = Scope::new(chrono::Utc::now());
        assert_eq!(
            exchange(
                &exchange_with(200, None, r#"{"a":1}"#),
                &e,
                &s,
                &scope,
                &NoSecrets
            )
            .len(),
            1
        );
        assert!(exchange(
            &exchange_with(200, None, r#"{"a":2}"#),
            &e,
            &s,
            &scope,
            &NoSecrets
        )
        .is_empty());
    }
}
