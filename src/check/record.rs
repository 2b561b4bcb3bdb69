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
    /// Field values with their JSON kind; a field that is absent or null
    /// is left out.
    pub fields: Fields,
}

/// One kept value, with the JSON kind it had: a filter compares a boolean
/// or a number as the framework reads the filter's text, not as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    Text(Box<str>),
    Bool(bool),
    /// A number, as its JSON text.
    Number(Box<str>),
    /// An array or object, as its JSON text.
    Json(Box<str>),
}

impl Scalar {
    /// The value as text: a string as it is, anything else as its JSON.
    pub fn text(&self) -> &str {
        match self {
            Scalar::Text(s) | Scalar::Number(s) | Scalar::Json(s) => s,
            Scalar::Bool(true) => "true",
            Scalar::Bool(false) => "false",
        }
    }

    /// `None` for null.
    pub fn from_json(v: &Value) -> Option<Scalar> {
        Some(match v {
            Value::Null => return None,
            Value::String(s) => Scalar::Text(s.as_str().into()),
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => Scalar::Number(n.to_string().into()),
            other => Scalar::Json(other.to_string().into()),
        })
    }
}

/// A few named values, kept small: a walk of 100,000 objects keeps one of
/// these per object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields(Vec<(Box<str>, Scalar)>);

impl Fields {
    /// The value as text (see [`Scalar::text`]).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.value(name).map(Scalar::text)
    }

    /// The value with its kind.
    pub fn value(&self, name: &str) -> Option<&Scalar> {
        self.0.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
    }

    /// Sets a text value.
    pub fn insert(&mut self, name: &str, value: &str) {
        self.set(name, Scalar::Text(value.into()));
    }

    pub fn set(&mut self, name: &str, value: Scalar) {
        match self.0.iter_mut().find(|(k, _)| &**k == name) {
            Some((_, v)) => *v = value,
            None => self.0.push((name.into(), value)),
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
        let key = identity
            .iter()
            .find_map(|k| obj.get(k).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| obj.to_string());
        let mut kept = Fields::default();
        for f in fields {
            if let Some(v) = obj.get(f).and_then(Scalar::from_json) {
                kept.set(f, v);
            }
        }
        kept.0.shrink_to_fit();
        Record {
            key: key.into(),
            fields: kept,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_each_value_with_its_json_kind() {
        let fields: BTreeSet<String> = ["active", "id", "name", "groups", "gone"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let r = Record::from_object(
            &json!({"resource_uri": "/u/1/", "active": true, "id": 5, "name": "a",
                    "groups": ["/g/1/"], "gone": null}),
            &["resource_uri".to_string()],
            &fields,
        );
        assert_eq!(&*r.key, "/u/1/");
        assert_eq!(r.fields.value("active"), Some(&Scalar::Bool(true)));
        assert_eq!(r.fields.get("active"), Some("true"));
        assert_eq!(r.fields.value("id"), Some(&Scalar::Number("5".into())));
        assert_eq!(r.fields.value("name"), Some(&Scalar::Text("a".into())));
        assert_eq!(r.fields.get("groups"), Some(r#"["/g/1/"]"#));
        assert_eq!(r.fields.get("gone"), None);
    }
}
