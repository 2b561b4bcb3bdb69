//! Known deviations: [seen] behaviour of real appliances that departs from
//! the docs, listed with evidence in `deviations.yaml`, parsed. Which
//! findings a deviation explains is judged in `check::deviation`.

use serde::Deserialize;
use serde_json::Value;

use crate::product::Product;
use crate::yaml::{LoadError, Located};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    product: Product,
    summary: String,
    evidence: String,
    at: String,
    value: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    body: Option<EmptyBody>,
}

/// `body: empty`, the only body condition a deviation can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyBody {
    Empty,
}

#[derive(Debug, Clone)]
pub struct Deviation {
    pub id: String,
    pub product: Product,
    pub summary: String,
    pub evidence: String,
    pub at: String,
    pub value: regex::Regex,
    /// The answers the evidence shows, beyond the location and value: the
    /// request's method (upper case), the status, an empty body. A
    /// deviation explains a finding only in an answer that meets them all.
    pub method: Option<String>,
    pub status: Option<u16>,
    pub empty_body: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Deviations {
    pub list: Vec<Deviation>,
}

impl Deviations {
    pub fn parse(doc: &Located) -> Result<Deviations, Vec<LoadError>> {
        let mut errors = Vec::new();
        let mut list = Vec::new();
        let Some(items) = doc.value.get("deviations").and_then(Value::as_array) else {
            return Err(vec![doc.error(
                "",
                "expected `deviations:` with a list of known deviations",
            )]);
        };
        for i in 0..items.len() {
            let at = format!("/deviations/{i}");
            match doc.extract::<Entry>(&at) {
                Ok(e) => match regex::Regex::new(&format!("^(?:{})$", e.value)) {
                    Ok(value) if e.at.starts_with('/') || e.at.starts_with("header ") => {
                        list.push(Deviation {
                            id: e.id,
                            product: e.product,
                            summary: e.summary,
                            evidence: e.evidence,
                            at: e.at,
                            value,
                            method: e.method.map(|m| m.to_ascii_uppercase()),
                            status: e.status,
                            empty_body: e.body.is_some(),
                        })
                    }
                    Ok(_) => errors.push(doc.error(
                        &format!("{at}/at"),
                        "`at` is a JSON pointer or `header <name>`",
                    )),
                    Err(err) => errors.push(doc.error(
                        &format!("{at}/value"),
                        format!("not a regular expression: {err}"),
                    )),
                },
                Err(e) => errors.extend(e),
            }
        }
        if errors.is_empty() {
            Ok(Deviations { list })
        } else {
            Err(errors)
        }
    }
}
