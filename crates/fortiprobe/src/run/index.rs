//! The resources a target has, as its resource index lists them: a case
//! that names the resources it needs (`resource: {index, names}`) is
//! ignored, with the reason, on a target whose index answers without one
//! of them (an older firmware); one that names fields a later firmware
//! added (`fields`) is ignored where the resource's `schema/` document,
//! whose path the index gives, does not list them. Each document is
//! fetched once per run and shared; one that cannot be read decides
//! nothing, and the case runs and judges for itself.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::context::Context;
use crate::client::link::join_link;
use crate::lock::Lock;
use crate::suite::case::{Auth, Resource};
use crate::suite::Product;

/// One document (an index, a schema), fetched by the first case that
/// needs it: `None` when it could not be read (no answer, not 200, not a
/// JSON object).
type DocCell = Arc<tokio::sync::OnceCell<Option<Arc<Value>>>>;

/// The documents of a run, by product and path.
#[derive(Default)]
pub(super) struct Indexes(Lock<BTreeMap<(Product, String), DocCell>>);

impl Context<'_> {
    /// Why the case does not apply to this target: a resource it needs is
    /// missing from the target's index, or a field from its schema.
    pub(super) async fn index_reason(&self) -> Option<String> {
        let need = self.case.spec.resource.as_ref()?;
        let index = self.target_document(&need.index).await?;
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
        self.fields_reason(need, listed).await
    }

    /// The first resource of `need` whose schema document does not list
    /// one of the fields the case needs.
    async fn fields_reason(
        &self,
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
                .target_document(path)
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

    /// The JSON object at `path` of the case's product, fetched once per
    /// run (by the first case that needs it, as a part of it: `resource
    /// index`).
    async fn target_document(&self, path: &str) -> Option<Arc<Value>> {
        let (product, run) = (self.case.product, self.run);
        let cell = Arc::clone(
            self.runner
                .indexes
                .0
                .lock()
                .entry((product, path.to_string()))
                .or_default(),
        );
        cell.get_or_init(|| async {
            let url = join_link(&run.session.target.url, path).ok()?;
            let accept = [("Accept".to_string(), "application/json".to_string())];
            let part = self.part("resource index", Auth::Default);
            let ex = run.session.get(url, &accept, &part).await.ok()?;
            if ex.status != 200 {
                return None;
            }
            object(ex.json_ref().ok()?)
        })
        .await
        .clone()
    }
}

/// A document the index reads: a JSON object (an index keyed by resource
/// name, a schema with its `fields`).
fn object(doc: &Value) -> Option<Arc<Value>> {
    doc.is_object().then(|| Arc::new(doc.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_index_is_an_object_keyed_by_resource_name() {
        let doc = json!({"localusers": {"list_endpoint": "/api/v1/localusers/"}});
        assert_eq!(object(&doc).as_deref(), Some(&doc));
        assert_eq!(object(&json!(["localusers"])), None);
        assert_eq!(object(&Value::Null), None);
    }
}
