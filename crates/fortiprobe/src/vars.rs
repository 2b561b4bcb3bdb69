//! `${name}` references in case files: finding them, checking that they can
//! resolve, and substituting values. Names resolve, in order, to values
//! captured by earlier steps, fixtures and credentials of the product's
//! target section, and built-ins (`uuid`, `now`, `time:+1h`); `id:<name>`
//! is the id a captured detail URI ends with.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Built-in names: a fresh random UUID per case, the time the case started,
/// and a time relative to it (`time:+1h`, `time:-30m`, `time:+1d2h`).
pub fn is_builtin(name: &str) -> bool {
    name == "uuid"
        || name == "now"
        || name
            .strip_prefix("time:")
            .is_some_and(|d| parse_offset(d).is_some())
}

/// Every `${name}` in `text`, in order.
pub fn references(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// Every reference in every string of a JSON value.
pub fn references_in_value(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.extend(references(s).into_iter().map(str::to_string)),
        Value::Array(a) => a.iter().for_each(|x| references_in_value(x, out)),
        Value::Object(m) => m.values().for_each(|x| references_in_value(x, out)),
        _ => {}
    }
}

/// The values a case can reference while it runs.
/// Values every case of a product starts with (its target section's
/// credentials and fixtures), made once and shared by the cases' scopes.
pub type Known = Arc<HashMap<String, Value>>;

#[derive(Debug, Clone)]
pub struct Scope {
    values: HashMap<String, Value>,
    /// What the scope starts with, under `values` (a value set in the case
    /// hides the one of the same name here).
    known: Known,
    /// Why a value an optional capture was to give is not there, in plain
    /// terms (`GET /x/ listed no object`), for the case it leaves ignored.
    missing: HashMap<String, String>,
    started: DateTime<Utc>,
    /// Drawn on first use: most cases never ask for one.
    uuid: OnceLock<String>,
}

impl Scope {
    pub fn new(started: DateTime<Utc>) -> Scope {
        Scope::over(&Known::default(), started)
    }

    /// A scope that starts with `known`.
    pub fn over(known: &Known, started: DateTime<Utc>) -> Scope {
        Scope {
            values: HashMap::new(),
            known: Arc::clone(known),
            missing: HashMap::new(),
            started,
            uuid: OnceLock::new(),
        }
    }

    fn value(&self, name: &str) -> Option<&Value> {
        self.values.get(name).or_else(|| self.known.get(name))
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_string(), value);
    }

    /// `name` was to be captured and was not: `why`, in plain terms.
    pub fn miss(&mut self, name: &str, why: String) {
        self.missing.insert(name.to_string(), why);
    }

    /// Why the case cannot go on without `name`: what was missing where,
    /// as `miss` recorded it, or that no answer gave it.
    pub fn why_missing(&self, name: &str) -> String {
        match self.missing.get(name) {
            Some(why) => format!("no `{name}` to go on with: {why}"),
            None => format!("no `{name}` to go on with: no answer of this case gave one"),
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.value(name) {
            return Some(v.clone());
        }
        if let Some(var) = name.strip_prefix("id:") {
            let (var, text) = match var.strip_suffix(":text") {
                Some(v) => (v, true),
                None => (var, false),
            };
            let id = uri_id(self.values.get(var)?.as_str()?)?;
            return Some(if text {
                Value::String(id.to_string())
            } else {
                Value::from(id)
            });
        }
        if let Some((base, delta)) = arithmetic(name) {
            let n = self.value(base)?.as_i64()?;
            return Some(Value::from(n.checked_add(delta)?));
        }
        match name {
            "uuid" => Some(Value::String(self.uuid.get_or_init(random_uuid).clone())),
            "now" => Some(Value::String(rfc3339(self.started))),
            _ => {
                let off = parse_offset(name.strip_prefix("time:")?)?;
                Some(Value::String(rfc3339(
                    self.started.checked_add_signed(off)?,
                )))
            }
        }
    }

    /// Substitutes every reference in `text`; the first unresolved name is the error.
    pub fn substitute(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Ok(out);
            };
            let name = &after[..end];
            let value = self.get(name).ok_or_else(|| name.to_string())?;
            match value {
                Value::String(s) => out.push_str(&s),
                other => out.push_str(&other.to_string()),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Substitutes in every string of a JSON value; a string that is exactly
    /// one reference takes the referenced value with its type.
    pub fn substitute_value(&self, v: &Value) -> Result<Value, String> {
        Ok(match v {
            Value::String(s) => {
                let refs = references(s);
                if refs.len() == 1 && *s == format!("${{{}}}", refs[0]) {
                    self.get(refs[0]).ok_or_else(|| refs[0].to_string())?
                } else {
                    Value::String(self.substitute(s)?)
                }
            }
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| self.substitute_value(x))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| Ok((k.clone(), self.substitute_value(x)?)))
                    .collect::<Result<_, String>>()?,
            ),
            other => other.clone(),
        })
    }
}

/// The name of the captured value a reference reads: `made1` for `made1`,
/// `made1-1`, `id:made1` and `id:made1:text`.
pub fn captured(name: &str) -> &str {
    if let Some(var) = name.strip_prefix("id:") {
        return var.strip_suffix(":text").unwrap_or(var);
    }
    arithmetic(name).map_or(name, |(b, _)| b)
}

/// The id a detail URI ends with (`/api/v1/iamaccounts/5/`, or the URL of
/// one, with or without the slash): `${id:made1}` is it as a number,
/// `${id:made1:text}` as its digits.
pub fn uri_id(uri: &str) -> Option<u64> {
    let path = uri.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if last.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    last.parse().ok()
}

/// `total-1`, `count+2`: a captured integer plus or minus a constant.
pub fn arithmetic(name: &str) -> Option<(&str, i64)> {
    let at = name.rfind(['+', '-'])?;
    let (base, num) = name.split_at(at);
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let n: i64 = num[1..].parse().ok()?;
    Some((base, if num.starts_with('-') { -n } else { n }))
}

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The longest duration or offset a case may give: 100 years. Anything
/// longer is a mistake, and would overflow the arithmetic on instants.
pub const MAX_DAYS: i64 = 36_525;

/// `+1h`, `-30m`, `1d2h3m`, `45s` as a signed duration.
pub fn parse_offset(text: &str) -> Option<chrono::Duration> {
    offset(text).ok()
}

/// `+1h`, `-30m`, `1d2h3m`, `45s` as a signed duration, or why it is none.
pub fn offset(text: &str) -> Result<chrono::Duration, String> {
    match text.as_bytes().first() {
        Some(b'+') => duration(&text[1..]),
        Some(b'-') => duration(&text[1..]).map(|d| -d),
        _ => duration(text),
    }
}

/// `30d`, `23h`, `59m`, `10s`, or combinations like `1d2h3m`.
pub fn parse_duration(text: &str) -> Option<chrono::Duration> {
    duration(text).ok()
}

/// `30d`, `23h`, `59m`, `10s`, or combinations like `1d2h3m`, at most
/// `MAX_DAYS` in all; or why the text is none.
pub fn duration(text: &str) -> Result<chrono::Duration, String> {
    if text.is_empty() {
        return Err("an empty duration".into());
    }
    let too_long = || format!("longer than {MAX_DAYS} days (100 years)");
    let mut total = chrono::Duration::zero();
    let mut num = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        if num.is_empty() {
            return Err(format!("`{c}` without a number before it"));
        }
        let n: i64 = num.parse().map_err(|_| too_long())?;
        num.clear();
        let part = match c {
            'd' => chrono::Duration::try_days(n),
            'h' => chrono::Duration::try_hours(n),
            'm' => chrono::Duration::try_minutes(n),
            's' => chrono::Duration::try_seconds(n),
            _ => return Err(format!("`{c}` is not a unit (d, h, m or s)")),
        };
        total = part
            .and_then(|p| total.checked_add(&p))
            .ok_or_else(too_long)?;
    }
    if !num.is_empty() {
        return Err(format!("`{num}` without a unit (d, h, m or s)"));
    }
    if total > chrono::Duration::days(MAX_DAYS) {
        return Err(too_long());
    }
    Ok(total)
}

fn random_uuid() -> String {
    let b: [u8; 16] = rand::random();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        u16::from_be_bytes([b[4], b[5]]),
        u16::from_be_bytes([b[6], b[7]]) & 0x0fff,
        (u16::from_be_bytes([b[8], b[9]]) & 0x3fff) | 0x8000,
        u64::from_be_bytes([0, 0, b[10], b[11], b[12], b[13], b[14], b[15]])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_starts_with_what_is_known_and_a_case_value_hides_it() {
        let known: Known = Arc::new(HashMap::from([
            ("user".to_string(), Value::from("alice")),
            ("before".to_string(), Value::from(4)),
        ]));
        let mut s = Scope::over(&known, Utc::now());
        assert_eq!(s.substitute("${user}").unwrap(), "alice");
        assert_eq!(s.get("before+1"), Some(Value::from(5)));
        s.set("user", Value::from("bob"));
        assert_eq!(s.substitute("${user}").unwrap(), "bob");
        let other = Scope::over(&known, Utc::now());
        assert_eq!(other.substitute("${user}").unwrap(), "alice");
    }

    #[test]
    fn finds_and_substitutes() {
        let mut s = Scope::new(Utc::now());
        s.set("token", Value::String("abc".into()));
        s.set("n", Value::from(7));
        assert_eq!(references("Token ${token} and ${n}"), vec!["token", "n"]);
        assert_eq!(s.substitute("Token ${token}").unwrap(), "Token abc");
        assert_eq!(
            s.substitute_value(&Value::String("${n}".into())).unwrap(),
            Value::from(7)
        );
        assert_eq!(s.substitute("${missing}").unwrap_err(), "missing");
        assert_eq!(
            s.substitute_value(&Value::String("${n-1}".into())).unwrap(),
            Value::from(6)
        );
        assert_eq!(s.substitute("${n+10}").unwrap(), "17");
        s.set(
            "made1",
            Value::String("https://fac.example/api/v1/iamaccounts/42/".into()),
        );
        assert_eq!(
            s.substitute_value(&Value::String("${id:made1}".into()))
                .unwrap(),
            Value::from(42)
        );
        assert_eq!(s.substitute("${id:made1:text}").unwrap(), "42");
        assert_eq!(captured("id:made1:text"), "made1");
        assert_eq!(captured("n-1"), "n");
        assert_eq!(uri_id("/api/v1/x/7"), Some(7));
        assert_eq!(uri_id("/api/v1/x/"), None);
        assert!(
            s.substitute("${token-1}").is_err(),
            "arithmetic needs an integer"
        );
    }

    #[test]
    fn durations_and_builtins() {
        assert_eq!(
            parse_duration("1d2h3m"),
            Some(chrono::Duration::minutes(24 * 60 + 123))
        );
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("5"), None);
        // Overflow is an error, never a panic.
        for huge in [
            "99999999999999999999d",
            "9223372036854775807d",
            "106751991167300d",
            "36526d",
            "36525d1s",
            "9223372036854775807s9223372036854775807s",
        ] {
            assert!(
                duration(huge).unwrap_err().contains("longer than"),
                "{huge}"
            );
            assert!(!is_builtin(&format!("time:+{huge}")), "{huge}");
            assert!(!is_builtin(&format!("time:-{huge}")), "{huge}");
        }
        assert_eq!(
            parse_duration("36525d"),
            Some(chrono::Duration::days(36_525))
        );
        assert!(is_builtin("time:+1h") && is_builtin("uuid") && !is_builtin("time:soon"));
        let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let s = Scope::new(t);
        assert_eq!(s.substitute("${time:+1h}").unwrap(), "2026-01-01T01:00:00Z");
        let u = s.substitute("${uuid}").unwrap();
        assert_eq!(u.len(), 36);
        assert_eq!(u, s.substitute("${uuid}").unwrap(), "one uuid per case");
    }
}
