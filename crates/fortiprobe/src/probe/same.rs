//! One page asked for two ways must be the same answer: `?format=json`
//! against another way of asking (`Against`: `Accept: application/json`,
//! `?format=xml`, `Accept: application/xml`, or `?format=json` with
//! `Accept: application/xml`), in the format that way asks for. An XML
//! answer is read back into its JSON document (`check::xml`) and judged as
//! the JSON answer is (status, the listing's schema, known deviations).

use std::collections::BTreeSet;

use serde_json::Value;

use super::listing::listing_url;
use super::walker::{self, at_page, Keep, Pages};
use super::{Outcome, Probe};
use crate::check::{same, xml, Finding};
use crate::suite::property::{Against, SameAnswer};

pub(super) async fn run<P: Pages>(probe: &Probe<'_, P>, s: &SameAnswer) -> Outcome {
    let (pages, listing) = (probe.pages, &s.listing);
    let limit = ("limit".to_string(), s.limit.to_string());
    let by_format = listing_url(
        pages,
        listing,
        &[("format".into(), "json".into()), limit.clone()],
    );
    let mut other_params = Vec::new();
    if let Some(f) = s.against.format() {
        other_params.push(("format".to_string(), f.to_string()));
    }
    other_params.push(limit);
    let other = listing_url(pages, listing, &other_params);
    let (Ok(a_url), Ok(b_url)) = (by_format, other) else {
        return Outcome::Checked {
            line: String::new(),
            findings: vec![Finding::new(
                "path",
                "a path on the target",
                listing.path.clone(),
            )],
        };
    };
    let accept: Vec<(String, String)> = s
        .against
        .accept()
        .map(|a| ("Accept".to_string(), a.to_string()))
        .into_iter()
        .collect();
    let how = match s.against.accept() {
        Some(a) => format!("with Accept: {a}"),
        None => "as asked".to_string(),
    };
    let line = format!(
        "GET {}?{} against GET {}?{} {how}{}",
        a_url.path(),
        a_url.query().unwrap_or_default(),
        b_url.path(),
        b_url.query().unwrap_or_default(),
        if s.against.answers_xml() {
            ", XML read by docs/xml-mapping.md"
        } else {
            ""
        }
    );
    let fields = BTreeSet::new();
    let keep = Keep {
        identity: &listing.identity,
        fields: &fields,
        rules: listing.rules,
    };
    let expect = walker::listing_page(&listing.schema);
    let a = walker::fetch_page(pages, (a_url, &[]), &keep, &expect)
        .await
        .map(|(_, ex)| ex.json_ref().cloned().unwrap_or(Value::Null));
    let b = if s.against.answers_xml() {
        xml_answer(pages, &listing.schema, b_url, &accept).await
    } else {
        walker::fetch_page(pages, (b_url, &accept), &keep, &expect)
            .await
            .map(|(_, ex)| ex.json_ref().cloned().unwrap_or(Value::Null))
    };
    let label = describe(s.against);
    let findings = match (a, b) {
        (Ok(a), Ok(b)) => same::same_answer(&a, &b, &label, &s.ignore, pages.scrub()),
        (a, b) => {
            let mut f = Vec::new();
            if let Err(e) = a {
                f.extend(at_page(1, "with ?format=json", e));
            }
            if let Err(e) = b {
                f.extend(at_page(1, &label, e));
            }
            f
        }
    };
    Outcome::Checked { line, findings }
}

/// "with Accept: application/json", "with ?format=xml", ...
fn describe(against: Against) -> String {
    format!("with {}", against.describe())
}

/// The answer that must be XML: 200, `application/xml`, a document that
/// reads by the mapping, and that document judged as a page of the listing.
async fn xml_answer<P: Pages>(
    pages: &P,
    schema: &str,
    url: url::Url,
    headers: &[(String, String)],
) -> Result<Value, Vec<Finding>> {
    let ex = pages
        .get(url, headers)
        .await
        .map_err(|e| vec![walker::fetch_failed(&e)])?;
    let doc = xml::answer(&ex, pages.scrub()).map_err(|f| walker::judged_on(f, ex.recorded))?;
    let judged = pages.judge(
        &xml::as_json(&ex, doc.clone()),
        &walker::listing_page(schema),
    );
    if judged.is_empty() {
        Ok(doc)
    } else {
        Err(judged
            .into_iter()
            .map(|mut f| {
                f.at = format!("XML read as JSON {}", f.at);
                f
            })
            .collect())
    }
}
