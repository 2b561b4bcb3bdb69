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
/// Borrowed from the record that keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar<'a> {
    Text(&'a str),
    Bool(bool),
    /// A number, as its JSON text.
    Number(&'a str),
    /// An array or object, as its JSON text.
    Json(&'a str),
}

impl<'a> Scalar<'a> {
    /// The value as text: a string as it is, anything else as its JSON.
    pub fn text(&self) -> &'a str {
        match *self {
            Scalar::Text(s) | Scalar::Number(s) | Scalar::Json(s) => s,
            Scalar::Bool(true) => "true",
            Scalar::Bool(false) => "false",
        }
    }

    fn kind(&self) -> u8 {
        match self {
            Scalar::Text(_) => TEXT,
            Scalar::Bool(false) => FALSE,
            Scalar::Bool(true) => TRUE,
            Scalar::Number(_) => NUMBER,
            Scalar::Json(_) => JSON,
        }
    }

    fn of_kind(kind: u8, text: &'a str) -> Scalar<'a> {
        match kind {
            FALSE => Scalar::Bool(false),
            TRUE => Scalar::Bool(true),
            NUMBER => Scalar::Number(text),
            JSON => Scalar::Json(text),
            _ => Scalar::Text(text),
        }
    }
}

const TEXT: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const JSON: u8 = 4;

/// A few named values packed into one allocation: a reference listing of
/// 100,000 objects keeps one of these per object (BENCHMARKS.md). Each
/// entry is the name's length (u16, little-endian), the name, the value's
/// kind (u8), the value's length (u32) and the value's text.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Fields(Box<[u8]>);

impl Fields {
    /// The value as text (see [`Scalar::text`]).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.value(name).map(|v| v.text())
    }

    /// The value with its kind.
    pub fn value(&self, name: &str) -> Option<Scalar<'_>> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Every name and value, in the order they were set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Scalar<'_>)> {
        let mut rest: &[u8] = &self.0;
        std::iter::from_fn(move || {
            let (name, after) = take(rest, 2)?;
            let (kind, after) = after.split_first()?;
            let (value, after) = take(after, 4)?;
            rest = after;
            Some((name, Scalar::of_kind(*kind, value)))
        })
    }

    /// Sets a text value.
    pub fn insert(&mut self, name: &str, value: &str) {
        self.set(name, Scalar::Text(value));
    }

    /// Sets `name` to `value`, in place of any value it had.
    pub fn set(&mut self, name: &str, value: Scalar<'_>) {
        let mut out = Vec::with_capacity(self.0.len() + name.len() + value.text().len() + 7);
        let mut replaced = false;
        for (k, v) in self.iter() {
            if k == name {
                put(&mut out, k, value);
                replaced = true;
            } else {
                put(&mut out, k, v);
            }
        }
        if !replaced {
            put(&mut out, name, value);
        }
        self.0 = out.into_boxed_slice();
    }
}

/// A value to keep, borrowed from the object or written out.
enum Kept<'a> {
    Scalar(Scalar<'a>),
    Number(String),
    Json(String),
}

impl Kept<'_> {
    fn scalar(&self) -> Scalar<'_> {
        match self {
            Kept::Scalar(s) => *s,
            Kept::Number(n) => Scalar::Number(n),
            Kept::Json(j) => Scalar::Json(j),
        }
    }
}

/// The bytes [`put`] writes for one entry.
fn size(name: &str, value: Scalar<'_>) -> usize {
    let text = match value {
        Scalar::Bool(_) => 0,
        other => cut(other.text(), u32::MAX as usize).len(),
    };
    2 + cut(name, u16::MAX as usize).len() + 1 + 4 + text
}

/// Appends one entry. Names and values longer than their length fields
/// allow are cut (a field name is short; a value is at most a body's 32 MiB).
fn put(out: &mut Vec<u8>, name: &str, value: Scalar<'_>) {
    let name = cut(name, u16::MAX as usize);
    let text = match value {
        Scalar::Bool(_) => "",
        other => cut(other.text(), u32::MAX as usize),
    };
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.push(value.kind());
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// `text` cut to at most `max` bytes, on a character boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A length-prefixed text (`width` bytes of little-endian length) and what
/// follows it.
fn take(bytes: &[u8], width: usize) -> Option<(&str, &[u8])> {
    if bytes.len() < width {
        return None;
    }
    let (len, rest) = bytes.split_at(width);
    let mut n = [0u8; 8];
    n[..width].copy_from_slice(len);
    let n = usize::try_from(u64::from_le_bytes(n)).ok()?;
    if rest.len() < n {
        return None;
    }
    let (text, rest) = rest.split_at(n);
    Some((std::str::from_utf8(text).ok()?, rest))
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl FromIterator<(String, String)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut f = Fields::default();
        for (k, v) in iter {
            f.insert(&k, &v);
        }
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
        let key: Box<str> = identity
            .iter()
            .find_map(|k| obj.get(k).and_then(Value::as_str).map(Box::from))
            .unwrap_or_else(|| obj.to_string().into_boxed_str());
        let kept: Vec<(&str, Kept<'_>)> = fields
            .iter()
            .filter_map(|f| {
                let v = match obj.get(f)? {
                    Value::Null => return None,
                    Value::String(s) => Kept::Scalar(Scalar::Text(s)),
                    Value::Bool(b) => Kept::Scalar(Scalar::Bool(*b)),
                    Value::Number(n) => Kept::Number(n.to_string()),
                    other => Kept::Json(other.to_string()),
                };
                Some((f.as_str(), v))
            })
            .collect();
        // Measured, then written once: one allocation of the exact size per
        // object. A growing vector left freed pieces between the objects a
        // reference keeps (BENCHMARKS.md, peak memory).
        let mut packed = Vec::with_capacity(kept.iter().map(|(k, v)| size(k, v.scalar())).sum());
        for (k, v) in &kept {
            put(&mut packed, k, v.scalar());
        }
        debug_assert_eq!(packed.len(), packed.capacity(), "measured as written");
        Record {
            key,
            fields: Fields(packed.into_boxed_slice()),
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
        assert_eq!(r.fields.value("active"), Some(Scalar::Bool(true)));
        assert_eq!(r.fields.get("active"), Some("true"));
        assert_eq!(r.fields.value("id"), Some(Scalar::Number("5")));
        assert_eq!(r.fields.value("name"), Some(Scalar::Text("a")));
        assert_eq!(r.fields.get("groups"), Some(r#"["/g/1/"]"#));
        assert_eq!(r.fields.get("gone"), None);
    }

    #[test]
    fn packed_fields_set_replace_and_read_back_every_kind() {
        let mut f = Fields::default();
        f.insert("serial", "FTKMOB1");
        f.set("active", Scalar::Bool(false));
        f.set("id", Scalar::Number("12"));
        f.set("groups", Scalar::Json("[1]"));
        f.insert("serial", "ünïcode");
        assert_eq!(f.get("serial"), Some("ünïcode"));
        assert_eq!(f.value("active"), Some(Scalar::Bool(false)));
        assert_eq!(f.value("id"), Some(Scalar::Number("12")));
        assert_eq!(f.value("groups"), Some(Scalar::Json("[1]")));
        assert_eq!(f.get("missing"), None);
        let names: Vec<&str> = f.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["serial", "active", "id", "groups"]);
        assert_eq!(&f["missing"], "");
        assert_eq!(cut("aé", 2), "a");
    }
}
