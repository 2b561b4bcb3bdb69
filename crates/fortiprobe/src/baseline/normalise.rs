//! The normalisation rules applied to a step's JSON body before it is
//! written or compared (`RULES` in `mod.rs` names them in order), and the
//! document as stable text: sorted keys, pretty JSON.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{CaseRules, MASK, SECRET_FIELDS};

/// Applies the value rules to one step's JSON body.
pub fn normalise_body(body: &mut Value, rules: &CaseRules) {
    secret_fields(body);
    for p in &rules.redact {
        at_pointer(body, p, &mut |v| *v = Value::from(MASK));
    }
    for p in &rules.ignore {
        remove_pointer(body, p);
    }
    datetimes(body);
    let default: Vec<String> = crate::product::DEFAULT_IDENTITY
        .iter()
        .map(|s| s.to_string())
        .collect();
    unordered_listings(body, rules.identity.as_deref().unwrap_or(&default));
    link_parameters(body);
}

fn secret_fields(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if SECRET_FIELDS.contains(&k.as_str())
                    && matches!(x, Value::String(s) if !s.is_empty())
                {
                    *x = Value::from(MASK);
                } else {
                    secret_fields(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(secret_fields),
        _ => {}
    }
}

/// Calls `f` on every value at `pointer`, where a `*` segment means every
/// element or member.
fn at_pointer(v: &mut Value, pointer: &str, f: &mut dyn FnMut(&mut Value)) {
    let segs: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    fn walk(v: &mut Value, segs: &[String], f: &mut dyn FnMut(&mut Value)) {
        let Some((head, rest)) = segs.split_first() else {
            f(v);
            return;
        };
        match v {
            Value::Object(m) if head == "*" => m.values_mut().for_each(|x| walk(x, rest, f)),
            Value::Object(m) => {
                if let Some(x) = m.get_mut(head) {
                    walk(x, rest, f)
                }
            }
            Value::Array(a) if head == "*" => a.iter_mut().for_each(|x| walk(x, rest, f)),
            Value::Array(a) => {
                if let Some(x) = head.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                    walk(x, rest, f)
                }
            }
            _ => {}
        }
    }
    walk(v, &segs, f);
}

fn remove_pointer(v: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    at_pointer(v, parent, &mut |p| match p {
        Value::Object(m) if last == "*" => m.clear(),
        Value::Object(m) => {
            m.shift_remove(&last);
        }
        Value::Array(a) if last == "*" => a.clear(),
        _ => {}
    });
}

fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 16
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b[10] == b'T' || b[10] == b' ')
        && b[11..13].iter().all(u8::is_ascii_digit)
        && b[13] == b':'
}

fn datetimes(v: &mut Value) {
    match v {
        Value::String(s) if is_datetime(s) => {
            let shape: String = s
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            *v = Value::from(format!("<datetime {shape}>"));
        }
        Value::Object(m) => m.values_mut().for_each(datetimes),
        Value::Array(a) => a.iter_mut().for_each(datetimes),
        _ => {}
    }
}

fn sort_key(v: &Value, identity: &[String]) -> String {
    identity
        .iter()
        .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| v.to_string())
}

fn unordered_listings(v: &mut Value, identity: &[String]) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "objects" {
                    if let Value::Array(a) = x {
                        a.sort_by_cached_key(|o| sort_key(o, identity));
                    }
                }
                unordered_listings(x, identity);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| unordered_listings(x, identity)),
        _ => {}
    }
}

fn sorted_link(link: &str) -> String {
    match link.split_once('?') {
        None => link.to_string(),
        Some((path, query)) => {
            let mut parts: Vec<&str> = query.split('&').collect();
            parts.sort_unstable();
            format!("{path}?{}", parts.join("&"))
        }
    }
}

fn link_parameters(v: &mut Value) {
    if let Some(meta) = v.get_mut("meta").and_then(Value::as_object_mut) {
        for k in ["next", "previous"] {
            if let Some(Value::String(s)) = meta.get_mut(k) {
                *s = sorted_link(s);
            }
        }
    }
}

/// Keys sorted at every level, so that key order never shows as a change.
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let b: BTreeMap<&String, Value> = m.iter().map(|(k, x)| (k, sorted(x))).collect();
            Value::Object(
                b.into_iter()
                    .map(|(k, x)| (k.clone(), x))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The document as text: pretty JSON with sorted keys.
pub fn render(doc: &Value) -> String {
    let mut s = serde_json::to_string_pretty(&sorted(doc)).unwrap_or_default();
    s.push('\n');
    s
}
