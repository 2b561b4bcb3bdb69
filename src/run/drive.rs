//! The runner's side of property checks: `probe` talks to it through the
//! `probe::Driver` trait, implemented here for one case (its product's
//! session, its pages judged with known deviations applied, the reference
//! listings of the run).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{ProductRun, Runner};
use crate::check::record;
use crate::check::Finding;
use crate::client::http::Exchange;
use crate::client::walker::Budget;
use crate::probe::{Driver, Reference};
use crate::suite::case::Auth;
use crate::suite::property::{Listing, Property};
use crate::suite::{Case, Product, Suite};

/// One case's property check, driven by the runner.
pub(super) struct CaseDriver<'a> {
    pub runner: &'a Runner,
    pub case: &'a Case,
    pub run: &'a ProductRun,
}

impl Driver for CaseDriver<'_> {
    fn base(&self) -> &url::Url {
        &self.run.session.target.url
    }

    async fn get(&self, url: url::Url, headers: &[(String, String)]) -> Result<Exchange, String> {
        self.run.session.get(url, Auth::Default, headers).await
    }

    fn judge_page(&self, ex: &Exchange, schema: &str) -> Vec<Finding> {
        self.runner.judge_page(self.case, ex, schema)
    }

    async fn reference(&self, listing: &Listing) -> Arc<Reference> {
        let key = (self.case.product, listing.path.clone());
        let empty = BTreeSet::new();
        let fields = self.runner.reference_fields.get(&key).unwrap_or(&empty);
        let pages = crate::probe::listing_pages(self, listing);
        let max_pages = self.runner.options.max_pages;
        Arc::new(Reference::fetch(&pages, listing, fields, false, max_pages).await)
    }

    fn budget(&self, _limit: u64, _listing: &Listing) -> Budget {
        Budget::Full
    }
}

/// The fields each listing's reference keeps: the union of what every
/// property check of the suite on that listing needs.
pub(super) fn reference_fields(suite: &Suite) -> BTreeMap<(Product, String), BTreeSet<String>> {
    let mut out: BTreeMap<(Product, String), BTreeSet<String>> = BTreeMap::new();
    for case in &suite.cases {
        let Some(p) = &case.property else {
            continue;
        };
        let filters = match p {
            Property::Pagination(w) => &w.filters[..],
            Property::Filter(f) => &f.filters[..],
            Property::SameAnswer(_) => &[],
        };
        out.entry((case.product, p.listing().path.clone()))
            .or_default()
            .extend(record::needed_fields(filters));
    }
    out
}
