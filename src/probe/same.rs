//! `?format=json` and `Accept: application/json` ask for the same page.

use std::collections::BTreeSet;

use serde_json::Value;

use super::listing::listing_url;
use super::{Driver, Outcome};
use crate::check::{same, Finding};
use crate::client::walker::{self, at_page, Keep};
use crate::suite::property::Listing;

pub(super) async fn run<D: Driver>(
    driver: &D,
    listing: &Listing,
    limit: u64,
    ignore: &[String],
) -> Outcome {
    let by_format = listing_url(
        driver,
        listing,
        &[
            ("format".into(), "json".into()),
            ("limit".into(), limit.to_string()),
        ],
    );
    let by_accept = listing_url(driver, listing, &[("limit".into(), limit.to_string())]);
    let (Ok(a_url), Ok(b_url)) = (by_format, by_accept) else {
        return Outcome::Checked {
            line: String::new(),
            findings: vec![Finding::new(
                "path",
                "a path on the target",
                listing.path.clone(),
            )],
        };
    };
    let line = format!(
        "GET {}?{} against GET {}?{} with Accept: application/json",
        a_url.path(),
        a_url.query().unwrap_or_default(),
        b_url.path(),
        b_url.query().unwrap_or_default()
    );
    let pages = super::listing_pages(driver, listing);
    let fields = BTreeSet::new();
    let keep = Keep {
        identity: &listing.identity,
        fields: &fields,
        rules: listing.rules,
    };
    let body = |r: Result<
        (crate::check::page::Page, crate::client::http::Exchange),
        Vec<Finding>,
    >| { r.map(|(_, ex)| ex.json_ref().cloned().unwrap_or(Value::Null)) };
    let a = body(walker::fetch_page(&pages, a_url, &[], &keep).await);
    let accept = [("Accept".to_string(), "application/json".to_string())];
    let b = body(walker::fetch_page(&pages, b_url, &accept, &keep).await);
    let findings = match (a, b) {
        (Ok(a), Ok(b)) => same::same_answer(&a, &b, ignore, driver.scrub()),
        (a, b) => {
            let mut f = Vec::new();
            if let Err(e) = a {
                f.extend(at_page(1, "with ?format=json", e));
            }
            if let Err(e) = b {
                f.extend(at_page(1, "with Accept: application/json", e));
            }
            f
        }
    };
    Outcome::Checked { line, findings }
}
