//! Drives property checks: sends the requests a property needs (walks of
//! the full listing and of filtered listings, pairs of equivalent requests,
//! the listing after a removal)
//! through the one walker, and hands what it kept to the pure checks in
//! `check`. It talks to the runner only through the `Driver` trait, so it
//! knows nothing of cases' steps, captures or cleanup.

mod listing;
pub mod reference;
mod removed;
mod same;

use std::future::Future;
use std::sync::Arc;

use crate::check::{Finding, Scrub};
use crate::client::http::Exchange;
use crate::client::walker::{Budget, Pages};
use crate::suite::property::{self as prop, Listing, Property, Source};
use crate::vars::Scope;

pub use reference::Reference;

/// What a property check came to.
pub enum Outcome {
    /// What was done (one line for the report) and what was wrong.
    Checked {
        line: String,
        findings: Vec<Finding>,
    },
    /// The target's data does not allow the check (the reason).
    Ignored(String),
}

/// What a property check needs from the runner.
pub trait Driver: Sync {
    /// The product's base URL.
    fn base(&self) -> &url::Url;
    /// GET `url` with the product's credentials and `headers`.
    fn get(
        &self,
        url: url::Url,
        headers: &[(String, String)],
    ) -> impl Future<Output = Result<Exchange, String>> + Send;
    /// What is wrong with a page of a listing: not 200, not JSON, not
    /// `schema` (known deviations applied).
    fn judge_page(&self, ex: &Exchange, schema: &str) -> Vec<Finding>;
    /// The listing's reference: every object of the unfiltered listing,
    /// walked once at the largest page size.
    fn reference(&self, listing: &Listing) -> impl Future<Output = Arc<Reference>> + Send;
    /// How many pages a walk at `limit` may sample (`Budget::Full` with
    /// `--exhaustive`).
    fn budget(&self, limit: u64, listing: &Listing) -> Budget;
    /// Masks the run's secrets in excerpts of answers (before they are cut).
    fn scrub(&self) -> &dyn Scrub;
}

pub async fn run<D: Driver>(driver: &D, p: &Property, scope: &Scope) -> Outcome {
    match p {
        Property::Pagination(w) => match resolve(&w.filters, scope) {
            Ok(resolved) => {
                let check = listing::Check {
                    listing: &w.listing,
                    limit: w.limit,
                    filters: &w.filters,
                    resolved: &resolved,
                    follow_previous: true,
                    previous_required: w.previous_required,
                };
                listing::run(driver, &check).await
            }
            Err(o) => o,
        },
        Property::Filter(f) => match resolve(&f.filters, scope) {
            Ok(resolved) => {
                let check = listing::Check {
                    listing: &f.listing,
                    limit: Some(f.listing.rules.max_limit),
                    filters: &f.filters,
                    resolved: &resolved,
                    follow_previous: false,
                    previous_required: false,
                };
                listing::run(driver, &check).await
            }
            Err(o) => o,
        },
        Property::SameAnswer(s) => same::run(driver, s).await,
        Property::Removed(r) => removed::run(driver, r, scope).await,
    }
}

/// Pages of a listing as the walker sees them: fetched and judged by the driver.
pub struct ListingPages<'a, D> {
    pub driver: &'a D,
    pub schema: &'a str,
}

impl<D: Driver> Pages for ListingPages<'_, D> {
    fn base(&self) -> &url::Url {
        self.driver.base()
    }

    fn get(
        &self,
        url: url::Url,
        headers: &[(String, String)],
    ) -> impl Future<Output = Result<Exchange, String>> + Send {
        self.driver.get(url, headers)
    }

    fn judge(&self, ex: &Exchange) -> Vec<Finding> {
        self.driver.judge_page(ex, self.schema)
    }

    fn scrub(&self) -> &dyn Scrub {
        self.driver.scrub()
    }
}

/// The listing's pages, driven by `driver`.
pub fn listing_pages<'a, D: Driver>(driver: &'a D, listing: &'a Listing) -> ListingPages<'a, D> {
    ListingPages {
        driver,
        schema: &listing.schema,
    }
}

/// The values given in the case, substituted.
fn resolve(conds: &[prop::Condition], scope: &Scope) -> Result<Vec<Option<String>>, Outcome> {
    conds
        .iter()
        .map(|c| match &c.source {
            Source::Value(v) => scope.substitute(v).map(Some).map_err(|name| {
                Outcome::Ignored(format!(
                    "the target gave no `{name}` to filter on (an earlier answer lacked it)"
                ))
            }),
            Source::Pick(_) => Ok(None),
        })
        .collect()
}
