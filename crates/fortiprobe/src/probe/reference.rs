//! The reference listing: the whole unfiltered listing walked at the
//! largest page size, every page judged. Filters and walks are compared
//! with it. It must be complete and consistent in itself (every object
//! once, as many as `total_count`) to serve; findings on its pages' `meta`
//! (echoes, links) do not keep it from serving, they belong to the case
//! whose check is that very walk.

use std::collections::{BTreeSet, HashSet};

use crate::check::coverage;
use crate::check::record::Record;
use crate::check::Finding;
use crate::client::link::join_link;
use crate::client::walker::{self, Budget, Pages, Plan, Walk};
use crate::suite::property::Listing;

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
    pub async fn fetch<P: Pages + Sync>(
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
        let plan = Plan {
            start: url,
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
