//! What a walk keeps of one listed object: its identity and the few fields
//! a check needs, never the whole object.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::suite::property::Condition;

/// What a property check keeps of one listed object: its identity and the
/// fields it filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The first identity field the object has (`resource_uri`, unique per
    /// object, then `serial`, unless the case names others), else the
    /// object's JSON.
    pub key: Box<str>,
    /// Field values as strings (non-string scalars as their JSON text); a
    /// field that is absent or null is left out.
    pub fields: Fields,
}

/// A few named values, kept small: a walk of 100,000 objects keeps one of
/// these per object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields(Vec<(Box<str>, Box<str>)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| &**k == name).map(|(_, v)| &**v)
    }

    pub fn insert(&mut self, name: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| &**k == name) {
            Some((_, v)) => *v = value.into(),
            None => self.0.push((name.into(), value.into())),
        }
    }
}

impl FromIterator<(String, String)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut f = Fields::default();
        for (k, v) in iter {
            f.insert(&k, &v);
        }
        f.0.shrink_to_fit();
        f
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }
}

impl Record {
    /// What to keep of `obj`: its identity (the first of `identity` it has)
    /// and `fields`.
    pub fn from_object(obj: &Value, identity: &[String], fields: &BTreeSet<String>) -> Record {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        let key = identity
            .iter()
            .find_map(|k| obj.get(k).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| obj.to_string());
        let fields = fields
            .iter()
            .filter_map(|f| obj.get(f).and_then(text).map(|v| (f.clone(), v)))
            .collect();
        Record {
            key: key.into(),
            fields,
        }
    }

    /// How the object is named in messages.
    pub fn name(&self) -> String {
        match self.fields.get("serial") {
            Some(s) => format!("serial {s:?} ({})", self.key),
            None => self.key.to_string(),
        }
    }
}

/// The fields a check needs kept from each object.
pub fn needed_fields(conditions: &[Condition]) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = conditions.iter().map(|c| c.field.clone()).collect();
    out.insert("serial".into());
    out
}
