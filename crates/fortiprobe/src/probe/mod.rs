//! Drives property checks: sends the requests a property needs (walks of
//! the full listing and of filtered listings, pairs of equivalent requests,
//! the listing after a removal) through the one listing walker (`walker`,
//! here beside them), and hands what it kept to the pure checks in `check`.
//! Pages come through one trait, `page::Pages`, which the runner
//! implements for a case; the run's reference listings are a value of
//! their own (`reference::References`). It knows nothing of cases' steps,
//! captures or cleanup.

mod listing;
pub mod page;
pub mod reference;
mod removed;
mod same;
pub mod walker;

use std::sync::Arc;

use crate::check::Finding;
use crate::suite::property::{self as prop, Listing, Property, Source};
use crate::suite::Product;
use crate::vars::Scope;

pub use reference::{Reference, References};
pub use walker::{Budget, Pages, Sample};

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

/// How far walks go: sampled at their budgets, or every page
/// (`--exhaustive`); and the most pages any walk may fetch (`--max-pages`).
#[derive(Debug, Clone, Copy)]
pub struct Walks {
    pub exhaustive: bool,
    pub max_pages: usize,
    /// The run's seed, which turns the middle windows of sampled walks
    /// (`check::window`).
    pub seed: u64,
}

impl Walks {
    /// How many pages a walk at `limit` may sample.
    pub fn budget(&self, limit: u64, listing: &Listing) -> Budget {
        if self.exhaustive {
            return Budget::Full;
        }
        let sample = if limit >= listing.rules.max_limit {
            Sample::LARGE_PAGES
        } else {
            Sample::SMALL_PAGES
        };
        // Each walk of the run its own windows, the same for the same seed.
        let mut state = self.seed ^ walker::fingerprint(&listing.path) ^ limit.rotate_left(32);
        Budget::Sampled(sample.seeded(walker::splitmix64(&mut state)))
    }
}

/// What a property check works with: the pages of one product, fetched
/// and judged for one case, the run's reference listings, the walks' bounds.
pub struct Probe<'a, P> {
    pub pages: &'a P,
    pub product: Product,
    pub references: &'a References,
    pub walks: Walks,
}

impl<P: Pages> Probe<'_, P> {
    /// The listing's reference: every object of the unfiltered listing,
    /// walked once at the largest page size, shared by the run.
    pub async fn reference(&self, listing: &Listing) -> Arc<Reference> {
        self.references
            .get(self.product, listing, self.pages, self.walks.max_pages)
            .await
    }
}

pub async fn run<P: Pages>(probe: &Probe<'_, P>, p: &Property, scope: &Scope) -> Outcome {
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
                listing::run(probe, &check).await
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
                listing::run(probe, &check).await
            }
            Err(o) => o,
        },
        Property::SameAnswer(s) => same::run(probe, s).await,
        Property::Removed(r) => removed::run(probe, r, scope).await,
    }
}

/// The values given in the case, substituted.
fn resolve(conds: &[prop::Condition], scope: &Scope) -> Result<Vec<Option<String>>, Outcome> {
    conds
        .iter()
        .map(|c| match &c.source {
            Source::Value(v) => scope
                .substitute(v)
                .map(Some)
                .map_err(|name| Outcome::Ignored(scope.why_missing(&name))),
            Source::Pick(_) => Ok(None),
        })
        .collect()
}
