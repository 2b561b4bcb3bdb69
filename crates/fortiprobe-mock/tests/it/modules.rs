//! The mock's modules import in one direction: no circle between two
//! modules, not even inside a folder (a child that reaches back into its
//! parent while the parent uses it). Every `crate::`, `super::` and
//! `self::` path of `src/` (its tests left out) is resolved to the deepest
//! module it names; the crate root, which ties the modules together, is no
//! node of the picture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `src/` files and their module paths (`engine::db`).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(src).expect("under src").to_path_buf();
            if rel.starts_with("tests") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let mut parts: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The text of a file without its comments (a `//` at a line's start or
/// after a space; `://` in a URL stays).
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|line| {
            let cut = line
                .match_indices("//")
                .find(|(i, _)| *i == 0 || line[..*i].ends_with(char::is_whitespace))
                .map_or(line.len(), |(i, _)| i);
            &line[..cut]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a file names, braces of `use` items expanded.
fn paths(text: &str) -> Vec<String> {
    let code = code(text);
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .find(|p| rest.starts_with(**p));
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        match starts {
            Some(_) if boundary => {
                let (path, end) = read_path(&bytes, i);
                out.extend(expand(&path));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// The path starting at `i`, braces included, and where it ends.
fn read_path(chars: &[char], start: usize) -> (String, usize) {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if depth > 0 || c.is_alphanumeric() || c == '_' || c == ':' => {}
            _ if depth > 0 => {}
            _ => break,
        }
        if depth == 0 && c == '}' {
            i += 1;
            break;
        }
        i += 1;
    }
    (chars[start..i].iter().collect(), i)
}

/// `a::{b, c::{d}}` as `a::b`, `a::c::d`.
fn expand(path: &str) -> Vec<String> {
    let compact: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = compact.find('{') else {
        return vec![compact.trim_end_matches("::").to_string()];
    };
    let prefix = &compact[..open];
    let inner = compact[open + 1..].trim_end_matches('}');
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// The module a path names, from module `here` (deepest known prefix).
fn resolve(here: &str, path: &str, known: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = here.split("::").filter(|s| !s.is_empty()).collect();
    match segments.first().copied() {
        Some("crate") => base.clear(),
        Some("self") => {}
        Some("super") => {
            base.pop();
        }
        _ => return None,
    }
    segments.remove(0);
    while segments.first() == Some(&"super") {
        segments.remove(0);
        base.pop();
    }
    let mut full: Vec<&str> = base;
    full.extend(segments);
    (0..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| known.contains_key(m))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &known {
        let text = std::fs::read_to_string(file).expect("readable");
        for path in paths(&text) {
            if let Some(to) = resolve(module, &path, &known) {
                if !to.is_empty() && !module.is_empty() && &to != module {
                    edges.entry(module.clone()).or_default().insert(to);
                }
            }
        }
    }
    // Every circle, found by a depth-first walk from each module.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    circles.push(trail.join(" -> ") + " -> " + start);
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "module circles:\n{}",
        circles.join("\n")
    );
    // Not vacuous: the picture has the engine's edges.
    assert!(
        edges["engine::collection"].contains("engine::request"),
        "{edges:?}"
    );
    assert!(
        edges["fac::localusers"].contains("fac::fortitokens"),
        "{edges:?}"
    );
}
