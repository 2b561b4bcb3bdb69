//! The resources a target has, as its resource index lists them: a case
//! that names the resources it needs (`resource: {index, names}`) is
//! ignored, with the reason, on a target whose index answers without one
//! of them (an older firmware); one that names fields a later firmware
//! added (`fields`) is ignored where the resource's `schema/` document,
//! whose path the index gives, does not list them. Each document is
//! fetched once per run and shared; one that cannot be read decides
//! nothing, and the case runs and judges for itself.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::Runner;
use crate::client::link::join_link;
use crate::suite::case::{Auth, Resource};
use crate::suite::{Case, Product};

/// One document (an index, a schema), fetched by the first case that
/// needs it: `None` when it could not be read (no answer, not 200, not a
/// JSON object).
type DocCell = Arc<tokio::sync::OnceCell<Option<Arc<Value>>>>;

/// The documents of a run, by product and path.
#[derive(Default)]
pub(super) struct Indexes(Mutex<BTreeMap<(Product, String), DocCell>>);

impl Runner {
    /// Why the case does not apply to this target: a resource it needs is
    /// missing from the target's index, or a field from its schema.
    pub(super) async fn index_reason(&self, case: &Case) -> Option<String> {
        let need = case.spec.resource.as_ref()?;
        let index = self.target_document(case.product, &need.index).await?;
        let listed = index.as_object()?;
        let missing: Vec<String> = need
            .names
            .iter()
            .filter(|n| !listed.contains_key(*n))
            .map(|n| format!("`{n}`"))
            .collect();
        if !missing.is_empty() {
            return Some(format!(
                "the target's resource index (GET {}) does not list {}: a firmware without {}, so the case does not apply here",
                need.index,
                missing.join(", "),
                if missing.len() == 1 { "this resource" } else { "these resources" },
            ));
        }
        self.fields_reason(case.product, need, listed).await
    }

    /// The first resource of `need` whose schema document does not list
    /// one of the fields the case needs.
    async fn fields_reason(
        &self,
        product: Product,
        need: &Resource,
        index: &serde_json::Map<String, Value>,
    ) -> Option<String> {
        if need.fields.is_empty() {
            return None;
        }
        for name in &need.names {
            let Some(path) = index
                .get(name)
                .and_then(|e| e.get("schema"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let Some(fields) = self
                .target_document(product, path)
                .await
                .and_then(|d| d.get("fields").and_then(Value::as_object).cloned())
            else {
                continue;
            };
            let missing: Vec<String> = need
                .fields
                .iter()
                .filter(|f| !fields.contains_key(*f))
                .map(|f| format!("`{f}`"))
                .collect();
            if !missing.is_empty() {
                return Some(format!(
                    "the target's schema of {name} (GET {path}) does not list {}: a firmware without {}, so the case does not apply here",
                    missing.join(", "),
                    if missing.len() == 1 { "this field" } else { "these fields" },
                ));
            }
        }
        None
    }

    /// The JSON object at `path` of the product, fetched once per run.
    async fn target_document(&self, product: Product, path: &str) -> Option<Arc<Value>> {
        let run = self.products.get(&product)?;
        let cell = match self.indexes.0.lock() {
            Ok(mut m) => Arc::clone(m.entry((product, path.to_string())).or_default()),
            Err(_) => DocCell::default(),
        };
        cell.get_or_init(|| async {
            let url = join_link(&run.session.target.url, path).ok()?;
            let accept = [("Accept".to_string(), "application/json".to_string())];
            let ex = run.session.get(url, Auth::Default, &accept).await.ok()?;
            if ex.status != 200 {
                return None;
            }
            let doc = ex.json_ref().ok()?;
            doc.is_object().then(|| Arc::new(doc.clone()))
        })
        .await
        .clone()
    }
}
