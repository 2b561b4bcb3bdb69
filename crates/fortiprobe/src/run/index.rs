//! The resources a target has, as its resource index lists them: a case
//! that names the resources it needs (`resource: {index, names}`) is
//! ignored, with the reason, on a target whose index answers without one
//! of them (an older firmware). Each index is fetched once per run and
//! shared; an index that cannot be read decides nothing, and the case runs
//! and judges for itself.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value;

use super::context::Context;
use crate::client::link::join_link;
use crate::lock::Lock;
use crate::suite::case::{Auth, Resource};
use crate::suite::Product;

/// What one index lists: the resource names, or `None` when it could not
/// be read (no answer, not 200, not a JSON object).
type Listed = Option<BTreeSet<String>>;

/// One index, fetched by the first case that needs it.
type IndexCell = Arc<tokio::sync::OnceCell<Listed>>;

/// The indexes of a run, by product and path.
#[derive(Default)]
pub(super) struct Indexes(Lock<BTreeMap<(Product, String), IndexCell>>);

impl Context<'_> {
    /// Why the case does not apply to this target: a resource it needs is
    /// missing from the target's index.
    pub(super) async fn index_reason(&self) -> Option<String> {
        let need = self.case.spec.resource.as_ref()?;
        let listed = self.listed(need).await?;
        let missing: Vec<String> = need
            .names
            .iter()
            .filter(|n| !listed.contains(*n))
            .map(|n| format!("`{n}`"))
            .collect();
        (!missing.is_empty()).then(|| {
            format!(
                "the target's resource index (GET {}) does not list {}: a firmware without {}, so the case does not apply here",
                need.index,
                missing.join(", "),
                if missing.len() == 1 { "this resource" } else { "these resources" },
            )
        })
    }

    /// The names the index of `need` lists, fetched once per run (by the
    /// first case that needs it, as a part of it: `resource index`).
    async fn listed(&self, need: &Resource) -> Listed {
        let (product, run) = (self.case.product, self.run);
        let cell = Arc::clone(
            self.runner
                .indexes
                .0
                .lock()
                .entry((product, need.index.clone()))
                .or_default(),
        );
        cell.get_or_init(|| async {
            let url = join_link(&run.session.target.url, &need.index).ok()?;
            let accept = [("Accept".to_string(), "application/json".to_string())];
            let part = self.part("resource index", Auth::Default);
            let ex = run.session.get(url, &accept, &part).await.ok()?;
            if ex.status != 200 {
                return None;
            }
            names(ex.json_ref().ok()?)
        })
        .await
        .clone()
    }
}

/// The keys of an index document (a JSON object keyed by resource name).
fn names(doc: &Value) -> Listed {
    Some(doc.as_object()?.keys().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_index_is_an_object_keyed_by_resource_name() {
        let listed = names(&json!({"localusers": {"list_endpoint": "/api/v1/localusers/"}}));
        assert_eq!(listed, Some(BTreeSet::from(["localusers".to_string()])));
        assert_eq!(names(&json!(["localusers"])), None);
        assert_eq!(names(&Value::Null), None);
    }
}
