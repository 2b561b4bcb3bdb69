//! YAML with line numbers: parses a YAML document into a `serde_json::Value`
//! plus a map from JSON pointer to source line, and deserialises parts of it
//! into typed structs with errors that name the line of the offending key.
//!
//! Case files and target files both go through here, so that every error a
//! user sees says `file:line: what is wrong`.

use std::collections::HashMap;
use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

/// A problem in a YAML file, located at a line (1-based; 0 = whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// A parsed YAML document: its value as JSON and the line of every node.
#[derive(Debug, Clone)]
pub struct Located {
    pub file: String,
    pub value: Value,
    lines: HashMap<String, usize>,
}

impl Located {
    /// A document made in code (a case file derived from a resource
    /// description): `lines` gives the line, in `file`, of the nodes it
    /// names; every other node takes its closest ancestor's.
    pub fn derived(file: &str, value: Value, lines: HashMap<String, usize>) -> Located {
        Located {
            file: file.to_string(),
            value,
            lines,
        }
    }

    /// Line of the node at `pointer`, or of its closest ancestor that has one.
    pub fn line(&self, pointer: &str) -> usize {
        let mut p = pointer.to_string();
        loop {
            if let Some(l) = self.lines.get(&p) {
                return *l;
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return 0,
            }
        }
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> LoadError {
        LoadError {
            file: self.file.clone(),
            line: self.line(pointer),
            message: message.into(),
        }
    }

    /// Deserialises the node at `pointer` into `T`. An error names the line
    /// of the offending key and, for a misspelled key, the closest valid
    /// one; every unknown key of a mapping is reported, not only the first.
    pub fn extract<T: DeserializeOwned>(&self, pointer: &str) -> Result<T, Vec<LoadError>> {
        let mut node = self.value.pointer(pointer).cloned().unwrap_or(Value::Null);
        let mut errors = Vec::new();
        // Fields that a misspelt key taken out stood for: (mapping, field).
        let mut suggested: Vec<(String, String)> = Vec::new();
        // Each round takes at least one unknown key out of `node`.
        loop {
            let (rel, shown, message) = match attempt::<T>(&node) {
                Ok(v) if errors.is_empty() => return Ok(v),
                Ok(_) => return Err(errors),
                Err(e) => e,
            };
            let missing = message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next());
            if missing.is_some_and(|f| suggested.iter().any(|(r, g)| *r == rel && g == f)) {
                // Its misspelling is reported already.
                return Err(errors);
            }
            let at = format!("{pointer}{rel}");
            let Some((first, expected)) = unknown_field(&message) else {
                errors.push(self.error(&at, located(&shown, &humanize(&message))));
                return Err(errors);
            };
            let parent = rel.rsplit_once('/').map_or("", |(p, _)| p);
            let Some(map) = node.pointer_mut(parent).and_then(Value::as_object_mut) else {
                errors.push(self.error(&at, located(&shown, &humanize(&message))));
                return Err(errors);
            };
            let unknown: Vec<String> = map
                .keys()
                .filter(|k| !expected.contains(k))
                .cloned()
                .collect();
            if unknown.is_empty() {
                errors.push(self.error(&at, located(&shown, &humanize(&message))));
                return Err(errors);
            }
            let shown_parent = shown.strip_suffix(first.as_str()).unwrap_or(&shown);
            let options: Vec<&str> = expected.iter().map(String::as_str).collect();
            for key in unknown {
                if let Some(f) = closest(&key, &options) {
                    suggested.push((parent.to_string(), f.to_string()));
                }
                map.remove(&key);
                let msg = message.replacen(&format!("`{first}`"), &format!("`{key}`"), 1);
                errors.push(self.error(
                    &format!("{pointer}{parent}/{}", escape_pointer(&key)),
                    located(&format!("{shown_parent}{key}"), &humanize(&msg)),
                ));
            }
        }
    }
}

/// One try at deserialising: the error's pointer (below the node), its
/// path as serde shows it, and serde's message.
fn attempt<T: DeserializeOwned>(node: &Value) -> Result<T, (String, String, String)> {
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(node.clone(), &mut track);
    T::deserialize(de).map_err(|e| {
        let path = track.path();
        let mut sub = String::new();
        for seg in path.iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => {
                    sub.push('/');
                    sub.push_str(&index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    sub.push('/');
                    sub.push_str(&escape_pointer(key));
                }
                _ => {}
            }
        }
        (sub, path.to_string(), e.to_string())
    })
}

/// "unknown field `x`, expected one of `a`, `b`": `x` and the fields.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((name.to_string(), expected))
}

fn located(shown: &str, message: &str) -> String {
    if shown != "." && !shown.is_empty() {
        format!("at `{shown}`: {message}")
    } else {
        message.to_string()
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// serde's messages, with a did-you-mean for unknown fields and variants.
fn humanize(msg: &str) -> String {
    // "unknown field `x`, expected one of `a`, `b`" / "unknown variant `x`, expected ..."
    for what in ["field", "variant"] {
        let head = format!("unknown {what} `");
        if let Some(rest) = msg.strip_prefix(&head) {
            if let Some(end) = rest.find('`') {
                let bad = &rest[..end];
                let options: Vec<&str> = rest[end..].split('`').skip(2).step_by(2).collect();
                if let Some(best) = closest(bad, &options) {
                    return format!("{msg}; did you mean `{best}`?");
                }
            }
        }
    }
    msg.to_string()
}

/// The option closest to `word` by edit distance, if it is close enough.
pub fn closest<'a>(word: &str, options: &[&'a str]) -> Option<&'a str> {
    options
        .iter()
        .map(|o| (edit_distance(word, o), *o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Parses one YAML document. `file` is only used in messages.
pub fn parse(file: &str, text: &str) -> Result<Located, LoadError> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| LoadError {
        file: file.to_string(),
        line: e.marker().line(),
        message: format!("not valid YAML: {}", e.info()),
    })?;
    let mut lines = HashMap::new();
    let value = match docs.len() {
        0 => Value::Null,
        1 => convert(file, &docs[0], String::new(), &mut lines)?,
        _ => {
            return Err(LoadError {
                file: file.to_string(),
                line: docs[1].span.start.line(),
                message: "more than one YAML document; put everything in one".into(),
            })
        }
    };
    Ok(Located {
        file: file.to_string(),
        value,
        lines,
    })
}

/// Reads and parses a YAML file.
pub fn read(path: &Path) -> Result<Located, LoadError> {
    let name = path.display().to_string();
    let text = crate::files::read_text(path).map_err(|message| LoadError {
        file: name.clone(),
        line: 0,
        message,
    })?;
    parse(&name, &text)
}

fn convert(
    file: &str,
    node: &MarkedYaml<'_>,
    pointer: String,
    lines: &mut HashMap<String, usize>,
) -> Result<Value, LoadError> {
    let line = node.span.start.line();
    lines.insert(pointer.clone(), line);
    let err = |message: String| LoadError {
        file: file.to_string(),
        line,
        message,
    };
    Ok(match &node.data {
        YamlData::Value(s) => scalar(s),
        YamlData::Representation(raw, _, _) => Value::String(raw.to_string()),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(convert(file, item, format!("{pointer}/{i}"), lines)?);
            }
            Value::Array(out)
        }
        YamlData::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map.iter() {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(s) => match scalar(s) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    },
                    _ => return Err(err("a mapping key must be a plain scalar".into())),
                };
                let child = format!("{pointer}/{}", escape_pointer(&key));
                // A key's own line is where the user looks for it.
                lines.insert(child.clone(), k.span.start.line());
                let value = convert(file, v, child.clone(), lines)?;
                lines.insert(child, k.span.start.line());
                out.insert(key, value);
            }
            Value::Object(out)
        }
        YamlData::Tagged(_, inner) => convert(file, inner, pointer, lines)?,
        YamlData::Alias(_) => return Err(err("YAML aliases are not supported here".into())),
        YamlData::BadValue => return Err(err("a value that cannot be read".into())),
    })
}

fn scalar(s: &Scalar<'_>) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => Number::from_f64(f.into_inner())
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        #[serde(default)]
        count: u32,
    }

    #[test]
    fn lines_point_at_keys() {
        let doc = parse(
            "f.yaml",
            "a: 1\nlist:\n  - name: x\n  - name: y\n    count: 2\n",
        )
        .unwrap();
        assert_eq!(doc.line("/a"), 1);
        assert_eq!(doc.line("/list/1/count"), 5);
        assert_eq!(doc.line("/list/1/nothing"), 4);
    }

    #[test]
    fn unknown_key_names_line_and_suggestion() {
        let doc = parse("f.yaml", "list:\n  - name: x\n    cuont: 2\n").unwrap();
        let errs = doc.extract::<Item>("/list/0").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        let err = &errs[0];
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("did you mean `count`"), "{err}");
        assert!(err.to_string().starts_with("f.yaml:3: "), "{err}");
    }

    #[test]
    fn wrong_type_names_line() {
        let doc = parse("f.yaml", "name: x\ncount: many\n").unwrap();
        let err = doc.extract::<Item>("").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, 2, "{err:?}");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        item: Item,
        #[serde(default)]
        flag: bool,
    }

    #[test]
    fn every_unknown_key_of_every_mapping_is_reported() {
        let doc = parse(
            "f.yaml",
            "item:\n  name: x\n  cuont: 2\n  colour: red\n  size: 3\nflg: true\n",
        )
        .unwrap();
        let errs = doc.extract::<Outer>("").unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 4, "{text:?}");
        for (line, key) in [(3, "cuont"), (4, "colour"), (5, "size"), (6, "flg")] {
            assert!(
                text.iter()
                    .any(|t| t.starts_with(&format!("f.yaml:{line}: "))
                        && t.contains(&format!("unknown field `{key}`"))),
                "{key}: {text:?}"
            );
        }
        assert!(
            text.iter().any(|t| t.contains("did you mean `count`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("did you mean `flag`")),
            "{text:?}"
        );
        // A type error after the unknown keys is reported too.
        let doc = parse("f.yaml", "item:\n  name: x\n  extra: 1\n  count: many\n").unwrap();
        let errs = doc.extract::<Outer>("").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
    }

    #[test]
    fn syntax_error_has_line() {
        let err = parse("f.yaml", "a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.line >= 2, "{err}");
        assert!(err.message.contains("not valid YAML"));
    }
}
