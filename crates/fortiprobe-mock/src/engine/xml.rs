//! FortiAuthenticator's XML answers, rendered the way django-tastypie's
//! `Serializer.to_xml`/`to_etree` does (tastypie/serializers.py): an
//! `<?xml version='1.0' encoding='utf-8'?>` declaration; a dict at the top
//! is `<response>`, one object (a tastypie Bundle) is `<object>`; a nested
//! dict is `<key type="hash">`, a list `<key type="list">` whose items are
//! `<object>` (the listing's bundles), `<object type="hash">` (a dict),
//! `<objects>` (a list) or `<value>` (a scalar); scalars carry
//! `type="integer"|"float"|"boolean"|"null"` (none for strings), booleans
//! read `True`/`False` and null has no text. Children are sorted by tag,
//! as `to_etree` re-sorts them after each append. docs/xml-mapping.md
//! describes the same mapping from the reader's side.

use serde_json::Value;

/// What the top of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Root {
    /// A dict (a listing, the resource index, a schema): `<response>`.
    /// The items of its `objects` list are bundles.
    Response,
    /// One token (a bundle): `<object>`.
    Object,
}

/// The XML document for `value`.
pub(crate) fn document(value: &Value, root: Root) -> String {
    let mut out = String::from("<?xml version='1.0' encoding='utf-8'?>\n");
    let name = match root {
        Root::Response => "response",
        Root::Object => "object",
    };
    match value {
        Value::Object(map) => {
            open(&mut out, name, None);
            for (key, child) in sorted(map) {
                let bundles = root == Root::Response && key == "objects";
                element(&mut out, key, child, bundles);
            }
            close(&mut out, name);
        }
        other => element(&mut out, name, other, false),
    }
    out
}

/// The entries of a dict sorted by key (tastypie sorts children by tag).
fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// One named element; `bundles`: the items of this list are bundles.
fn element(out: &mut String, name: &str, value: &Value, bundles: bool) {
    match value {
        Value::Array(items) => {
            open(out, name, Some("list"));
            let mut children: Vec<(&str, &Value)> =
                items.iter().map(|item| (item_tag(item), item)).collect();
            // Stable, so items with one tag keep their order.
            children.sort_by(|a, b| a.0.cmp(b.0));
            for (tag, item) in children {
                item_element(out, tag, item, bundles);
            }
            close(out, name);
        }
        Value::Object(map) => {
            open(out, name, Some("hash"));
            for (key, child) in sorted(map) {
                element(out, key, child, false);
            }
            close(out, name);
        }
        scalar => scalar_element(out, name, scalar),
    }
}

/// The tag of an unnamed list item.
fn item_tag(item: &Value) -> &'static str {
    match item {
        Value::Object(_) => "object",
        Value::Array(_) => "objects",
        _ => "value",
    }
}

fn item_element(out: &mut String, tag: &str, item: &Value, bundles: bool) {
    match item {
        // A bundle: `<object>` without a type.
        Value::Object(map) if bundles => {
            open(out, tag, None);
            for (key, child) in sorted(map) {
                element(out, key, child, false);
            }
            close(out, tag);
        }
        // An unnamed list: `<objects>` without a type.
        Value::Array(items) => {
            open(out, tag, None);
            for inner in items {
                item_element(out, item_tag(inner), inner, false);
            }
            close(out, tag);
        }
        other => element(out, tag, other, false),
    }
}

fn scalar_element(out: &mut String, name: &str, value: &Value) {
    let (kind, text) = match value {
        Value::Null => (Some("null"), None),
        Value::Bool(b) => (
            Some("boolean"),
            Some(if *b { "True" } else { "False" }.to_string()),
        ),
        Value::Number(n) if n.is_f64() => (Some("float"), Some(n.to_string())),
        Value::Number(n) => (Some("integer"), Some(n.to_string())),
        Value::String(s) => (None, Some(escape(s))),
        // Containers are handled by `element`.
        Value::Array(_) | Value::Object(_) => (None, None),
    };
    let name = xml_name(name);
    match text {
        None => {
            out.push('<');
            out.push_str(&name);
            if let Some(kind) = kind {
                out.push_str(&format!(" type=\"{kind}\""));
            }
            out.push_str("/>");
        }
        Some(text) => {
            open(out, &name, kind);
            out.push_str(&text);
            close(out, &name);
        }
    }
}

fn open(out: &mut String, name: &str, kind: Option<&str>) {
    out.push('<');
    out.push_str(&xml_name(name));
    if let Some(kind) = kind {
        out.push_str(&format!(" type=\"{kind}\""));
    }
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(&xml_name(name));
    out.push('>');
}

/// Keys are the mock's own and already valid names; keep only safe
/// characters anyway (lxml would refuse the others).
fn xml_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    if cleaned.is_empty() {
        String::from("value")
    } else {
        cleaned
    }
}

/// Text content escaped as lxml escapes it (`&`, `<`, `>`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
