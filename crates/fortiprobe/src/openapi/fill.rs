//! `${references}` in a case's request filled with example values: the
//! caller's (a target's fixtures and credentials), else fixed ones for
//! the built-ins (a fixed UUID, instants in 2099), so the document stays
//! the same on every render. Used by request examples and by the examples
//! of path parameters.

use crate::suite::Product;
use crate::vars;

/// The value of a `${name}` reference in a request of a product's case
/// (a fixture or credential of that product's target), when the caller
/// knows it.
pub type Values<'a> = &'a dyn Fn(Product, &str) -> Option<String>;

/// `Values` for one product.
pub(crate) type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The fixed base of `now` and `time:±…` in examples.
const EXAMPLE_NOW: &str = "2099-01-01T00:00:00Z";

/// The value of `${name}` in an example: the caller's, or a built-in's.
fn reference(name: &str, values: Lookup<'_>) -> Option<String> {
    if let Some(v) = values(name) {
        return Some(v);
    }
    let base = chrono::DateTime::parse_from_rfc3339(EXAMPLE_NOW)
        .ok()?
        .with_timezone(&chrono::Utc);
    match name {
        "uuid" => Some("00000000-0000-4000-8000-000000000000".into()),
        "now" => Some(vars::rfc3339(base)),
        _ => {
            let offset = vars::parse_offset(name.strip_prefix("time:")?)?;
            Some(vars::rfc3339(base + offset))
        }
    }
}

/// `text` with every reference filled; `None` when one cannot be.
pub(crate) fn fill(text: &str, values: Lookup<'_>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let end = rest[start..].find('}')? + start;
        out.push_str(&rest[..start]);
        out.push_str(&reference(&rest[start + 2..end], values)?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}
