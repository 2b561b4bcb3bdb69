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
use crate::client::walker::{Budget, Sample};
use crate::probe::{Driver, Reference};
use crate::suite::case::Auth;
use crate::suite::property::Listing;
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
        // Objects are keyed by the listing's identity: checks that identify
        // them differently need references of their own.
        let cell = self
            .runner
            .reference_cell(&(key.0, key.1.clone(), listing.identity.clone()));
        let empty = BTreeSet::new();
        let fields = self.runner.reference_fields.get(&key).unwrap_or(&empty);
        let pages = crate::probe::listing_pages(self, listing);
        let max_pages = self.runner.options.max_pages;
        cell.get_or_init(|| async {
            Arc::new(Reference::fetch(&pages, listing, fields, true, max_pages).await)
        })
        .await
        .clone()
    }

    fn scrub(&self) -> &dyn crate::check::Scrub {
        &*self.runner.redactor
    }

    fn budget(&self, limit: u64, listing: &Listing) -> Budget {
        if self.runner.options.exhaustive {
            Budget::Full
        } else {
            let sample = if limit >= listing.rules.max_limit {
                Sample::LARGE_PAGES
            } else {
                Sample::SMALL_PAGES
            };
            // Each walk of the run its own windows, the same for the same seed.
            use crate::client::walker::{fingerprint, splitmix64};
            let mut state =
                self.runner.options.seed ^ fingerprint(&listing.path) ^ limit.rotate_left(32);
            Budget::Sampled(sample.seeded(splitmix64(&mut state)))
        }
    }
}

/// A listing's reference, fetched by the first check that needs it.
pub(super) type ReferenceCell = Arc<tokio::sync::OnceCell<Arc<Reference>>>;

/// Which reference: the product, the listing's path and the identity its
/// objects are keyed by.
pub(super) type ReferenceKey = (Product, String, Vec<String>);

impl Runner {
    /// The reference of `key`'s listing, shared by the run.
    fn reference_cell(&self, key: &ReferenceKey) -> ReferenceCell {
        match self.references.lock() {
            Ok(mut m) => Arc::clone(m.entry(key.clone()).or_default()),
            Err(_) => ReferenceCell::default(),
        }
    }

    /// Forgets the product's references (after a case that changed its listings).
    pub(super) fn forget_references(&self, product: Product) {
        if let Ok(mut m) = self.references.lock() {
            m.retain(|(p, _, _), _| *p != product);
        }
    }
}

/// The fields each listing's reference keeps: the union of what every
/// property check of the suite on that listing needs, and its identity
/// fields (walk steps answered from the reference check them).
pub(super) fn reference_fields(suite: &Suite) -> BTreeMap<(Product, String), BTreeSet<String>> {
    let mut out: BTreeMap<(Product, String), BTreeSet<String>> = BTreeMap::new();
    for case in &suite.cases {
        let Some(p) = &case.property else {
            continue;
        };
        let fields = out
            .entry((case.product, p.listing().path.clone()))
            .or_default();
        fields.extend(record::needed_fields(p.filters()));
        fields.extend(p.listing().identity.iter().cloned());
    }
    out
}
