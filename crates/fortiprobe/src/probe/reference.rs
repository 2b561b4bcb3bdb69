//! The reference listing: the whole unfiltered listing walked at the
//! largest page size, every page judged. Filters and walks are compared
//! with it. It must be complete and consistent in itself (every object
//! once, as many as `total_count`) to serve; findings on its pages' `meta`
//! (echoes, links) do not keep it from serving, they belong to the case
//! whose check is that very walk. `References` are the run's: each
//! listing's reference fetched once, by the first case that needs it, and
//! shared until a destructive case that writes it (its footprint holds the
//! listing, or the whole product) makes the run forget it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use super::walker::{self, Budget, Pages, Plan, Walk};
use crate::check::coverage;
use crate::check::record::{self, Record};
use crate::check::Finding;
use crate::client::link::join_link;
use crate::lock::Lock;
use crate::suite::property::Listing;
use crate::suite::touch::{Access, Footprint, Touch};
use crate::suite::{Product, Suite};

/// A listing's reference, fetched by the first check that needs it.
type Cell = Arc<tokio::sync::OnceCell<Arc<Reference>>>;

/// Which reference: the product, the listing's path and the identity its
/// objects are keyed by (checks that identify them differently need
/// references of their own).
type Key = (Product, String, Vec<String>);

/// The reference listings of a run.
pub struct References {
    cells: Lock<BTreeMap<Key, Cell>>,
    /// Fields each listing's reference keeps: what every property check
    /// of the suite on that listing needs, and its identity fields (walk
    /// steps answered from the reference check them).
    fields: BTreeMap<(Product, String), BTreeSet<String>>,
}

impl References {
    /// No reference yet; each will keep the fields `suite`'s checks need.
    pub fn new(suite: &Suite) -> References {
        let mut fields: BTreeMap<(Product, String), BTreeSet<String>> = BTreeMap::new();
        for case in &suite.cases {
            let Some(p) = &case.property else {
                continue;
            };
            let kept = fields
                .entry((case.product, p.listing().path.clone()))
                .or_default();
            kept.extend(record::needed_fields(p.filters()));
            kept.extend(p.listing().identity.iter().cloned());
        }
        References {
            cells: Lock::default(),
            fields,
        }
    }

    /// The reference of `product`'s `listing`, walked through `pages` by
    /// the first caller (at most `max_pages` pages), shared by the others.
    pub async fn get<P: Pages>(
        &self,
        product: Product,
        listing: &Listing,
        pages: &P,
        max_pages: usize,
    ) -> Arc<Reference> {
        let key = (product, listing.path.clone(), listing.identity.clone());
        let cell = Arc::clone(self.cells.lock().entry(key).or_default());
        let empty = BTreeSet::new();
        let fields = self
            .fields
            .get(&(product, listing.path.clone()))
            .unwrap_or(&empty);
        cell.get_or_init(|| async {
            Arc::new(Reference::fetch(pages, listing, fields, true, max_pages).await)
        })
        .await
        .clone()
    }

    /// Forgets the references of the listings a case wrote (`written`:
    /// its footprint; the whole product's, or those listings).
    pub fn forget(&self, written: &Footprint) {
        let gone = |path: &str| {
            let listing = Touch {
                product: written.product,
                method: "GET",
                path: path.to_string(),
            }
            .collection();
            written.whole == Some(Access::Write)
                || listing
                    .is_none_or(|l| written.listings.get(&l).is_some_and(|a| *a != Access::Read))
        };
        self.cells
            .lock()
            .retain(|(p, path, _), _| *p != written.product || !gone(path));
    }
}

/// The reference of one listing.
#[derive(Debug)]
pub struct Reference {
    /// The walk at the largest page size, `format=json`, no filter.
    pub walk: Walk,
    /// The request of the first page (path and query).
    pub start: String,
    /// Why the walk cannot serve as the reference, if it cannot.
    pub unusable: Option<Vec<Finding>>,
}

impl Reference {
    /// The query of the reference's first page.
    pub fn params(listing: &Listing) -> Vec<(String, String)> {
        vec![
            ("format".to_string(), "json".to_string()),
            ("limit".to_string(), listing.rules.max_limit.to_string()),
        ]
    }

    /// Walks the listing at the largest page size, keeping `fields`.
    pub async fn fetch<P: Pages>(
        pages: &P,
        listing: &Listing,
        fields: &BTreeSet<String>,
        judge_meta: bool,
        max_pages: usize,
    ) -> Reference {
        let label = |mut f: Vec<Finding>| {
            for x in &mut f {
                x.at = format!("full listing (limit {}): {}", listing.rules.max_limit, x.at);
            }
            f
        };
        let mut url = match join_link(pages.base(), &listing.path) {
            Ok(u) => u,
            Err(e) => {
                return Reference {
                    walk: Walk::default(),
                    start: listing.path.clone(),
                    unusable: Some(vec![Finding::new("path", "a path on the target", e)]),
                }
            }
        };
        url.query_pairs_mut()
            .extend_pairs(Reference::params(listing));
        let start = crate::client::link::target_of(&url);
        let expect = walker::listing_page(&listing.schema);
        let plan = Plan {
            start: url,
            expect: &expect,
            headers: &[],
            identity: &listing.identity,
            fields,
            rules: listing.rules,
            judge_meta,
            previous_required: false,
            budget: Budget::Full,
            max_pages,
            keep: true,
        };
        let walk = walker::walk(pages, &plan, None, None).await;
        let unusable = if walk.stopped || !walk.complete {
            Some(label(walk.findings.clone()))
        } else {
            let f = consistency(&walk);
            (!f.is_empty()).then(|| label(f))
        };
        Reference {
            walk,
            start,
            unusable,
        }
    }

    /// Every object of the listing, once (meaningful when usable).
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.walk.records().map(|(_, r)| r)
    }
}

/// Every object once, as many as `total_count`.
fn consistency(walk: &Walk) -> Vec<Finding> {
    // A full walk is one window.
    let records = walk.windows.first().map_or(&[][..], |w| &w.records[..]);
    let mut seen = HashSet::new();
    let unique: Vec<&Record> = records
        .iter()
        .map(|(_, r)| r)
        .filter(|r| seen.insert(&*r.key))
        .collect();
    coverage::exactly_once(records, &unique, walk.total.unwrap_or_default())
}
