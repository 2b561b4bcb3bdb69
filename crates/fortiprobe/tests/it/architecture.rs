//! The invariants of ARCHITECTURE.md that a test can hold: the layers
//! point one way (no module uses one above it, so there is no import
//! circle between top-level modules), no circle between the files of one
//! folder either (in both crates), `check` does no I/O, and files and
//! functions stay small (in both crates).

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` with its layer: a module may use only
/// modules of lower layers (and itself). The mock is a crate of its own
/// (`crates/fortiprobe-mock`), below all of them: Cargo keeps it from
/// using anything of this crate.
const LAYERS: &[(&str, u8)] = &[
    // data and its plain helpers
    ("files", 0),
    ("product", 0),
    ("exchange", 0),
    ("lock", 0),
    ("escape", 0),
    ("contact", 0),
    ("yaml", 1),
    ("vars", 1),
    ("redact", 1),
    ("error", 2),
    ("baseline", 2),
    // the suite: schemas, cases, deviations, check specs
    ("suite", 3),
    ("config", 4),
    ("openapi", 4),
    ("catalogue", 4),
    // pure judgements
    ("check", 4),
    // the only HTTP: sessions and the one listing walker
    ("client", 5),
    // property checks, through a trait the runner implements
    ("probe", 6),
    ("report", 6),
    // a case: steps, captures, cleanup, verdict
    ("run", 7),
    ("embedded", 8),
    ("trial", 8),
    ("killmatrix", 9),
    ("catchers", 8),
    ("cli", 10),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_string())
}

/// The code of a file without comments and without its `#[cfg(test)]` tail.
fn code(text: &str) -> String {
    let body = text.split("#[cfg(test)]").next().unwrap_or_default();
    body.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn layers_point_one_way() {
    let src = support::crate_dir().join("src");
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if matches!(module.as_str(), "main" | "lib") {
            continue;
        }
        let Some(&own) = layers.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer in tests/architecture.rs",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read");
        let code = code(&text);
        for (i, _) in code.match_indices("crate::") {
            let used: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if used == module || used.is_empty() {
                continue;
            }
            match layers.get(used.as_str()) {
                Some(&l) if l < own => {}
                Some(&l) => wrong.push(format!(
                    "{}: `{module}` (layer {own}) uses `{used}` (layer {l})",
                    file.display()
                )),
                None => wrong.push(format!("{}: uses unknown `{used}`", file.display())),
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "layers broken:\n{}", wrong.join("\n"));
}

/// A file's module path inside its crate: `src/report/curl.rs` is
/// `[report, curl]`, `src/report/mod.rs` is `[report]`, `src/lib.rs` is `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        let root = parts.is_empty() && matches!(stem, "lib" | "main");
        if stem != "mod" && !root {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// Every path a file's code names from `crate::`, `super::` or `self::`,
/// `use` groups expanded (`use super::{a, b::C}` names `super::a` and
/// `super::b::C`), as segments.
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || "_:".contains(chars[i - 1]));
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        if word_start
            && (rest.starts_with("crate::")
                || rest.starts_with("super::")
                || rest.starts_with("self::"))
        {
            let (paths, end) = path_tree(&chars, i);
            out.extend(paths);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The paths of the use tree (or plain path) at `i`, and where it ends.
fn path_tree(chars: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '{' {
            // A group: each member is a tree of its own under `prefix`.
            let mut paths = Vec::new();
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    break;
                }
                let (inner, end) = path_tree(chars, i);
                for p in inner {
                    let mut full = prefix.clone();
                    full.extend(p.into_iter().filter(|s| s != "self"));
                    paths.push(full);
                }
                // Skip `as name` and anything else up to the next member.
                i = end;
                while i < chars.len() && !matches!(chars[i], ',' | '}') {
                    i += 1;
                }
            }
            return (paths, i + 1);
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        if i == start {
            return (vec![prefix], i);
        }
        prefix.push(chars[start..i].iter().collect());
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// A named path made absolute from the module `from`.
fn resolve(from: &[String], path: &[String]) -> Vec<String> {
    let mut at: Vec<String> = Vec::new();
    let mut segments = path.iter().peekable();
    match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
        }
        Some("self") => {
            segments.next();
            at = from.to_vec();
        }
        _ => at = from.to_vec(),
    }
    for s in segments {
        match s.as_str() {
            "super" => {
                at.pop();
            }
            "self" => {}
            _ => at.push(s.clone()),
        }
    }
    at
}

/// The import graph between the modules of each folder of `src` (the
/// crate root counts as a folder): `folder -> (module -> modules it uses)`.
/// A file deep in a sub-folder counts as that sub-folder's module; a
/// module's use of its own parent or children is not an edge.
fn folder_graphs(src: &Path) -> BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let is_module = |folder: &[String], name: &str| {
        let dir = folder.iter().fold(src.to_path_buf(), |d, s| d.join(s));
        dir.join(format!("{name}.rs")).is_file() || dir.join(name).join("mod.rs").is_file()
    };
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let from = module_path(src, file);
        let code = code(&std::fs::read_to_string(file).expect("read"));
        for named in named_paths(&code) {
            let to = resolve(&from, &named);
            let k = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            let (Some(a), Some(b)) = (from.get(k), to.get(k)) else {
                continue;
            };
            if is_module(&from[..k], b) {
                graphs
                    .entry(from[..k].to_vec())
                    .or_default()
                    .entry(a.clone())
                    .or_default()
                    .insert(b.clone());
            }
        }
    }
    graphs
}

/// Each circle of `graph` once, as the modules on it from its smallest.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        out: &mut BTreeSet<Vec<String>>,
    ) {
        let Some(last) = path.last().cloned() else {
            return;
        };
        for next in graph.get(&last).into_iter().flatten() {
            if let Some(i) = path.iter().position(|p| p == next) {
                let mut circle = path[i..].to_vec();
                let smallest = (0..circle.len()).min_by_key(|&j| &circle[j]).unwrap_or(0);
                circle.rotate_left(smallest);
                out.insert(circle);
            } else if path.len() < 12 {
                path.push(next.clone());
                visit(graph, path, out);
                path.pop();
            }
        }
    }
    let mut out = BTreeSet::new();
    for start in graph.keys() {
        visit(graph, &mut vec![start.clone()], &mut out);
    }
    out
}

/// The circles of a crate's `src`, one line each: `report: curl -> exchange -> curl`.
fn crate_circles(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (folder, graph) in folder_graphs(src) {
        let place = if folder.is_empty() {
            "(crate root)".to_string()
        } else {
            folder.join("/")
        };
        for c in circles(&graph) {
            out.push(format!("{place}: {} -> {}", c.join(" -> "), c[0]));
        }
    }
    out
}

/// Circles that are known and being removed: each must still exist, so
/// that its entry goes when it does. No other circle is allowed. (The
/// mock's two, data/data_prov and fac/fac_unslashed, went with its
/// resource engine, issue 21.)
const KNOWN_MOCK_CIRCLES: &[&str] = &[];

/// No two files of one folder use each other, directly or around a
/// circle, in either crate: what a folder holds can be read from its
/// lowest file up. The layers above already keep the top-level modules
/// of this crate from forming one.
#[test]
fn no_folder_has_an_import_circle() {
    let mut found = Vec::new();
    for krate in ["crates/fortiprobe/src", "crates/fortiprobe-mock/src"] {
        for c in crate_circles(&support::project().join(krate)) {
            found.push(format!("{krate}: {c}"));
        }
    }
    let gone: Vec<&&str> = KNOWN_MOCK_CIRCLES
        .iter()
        .filter(|k| !found.iter().any(|f| f == **k))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer circles: take them out of KNOWN_MOCK_CIRCLES: {gone:?}"
    );
    found.retain(|f| !KNOWN_MOCK_CIRCLES.contains(&f.as_str()));
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

/// The circle finder reads `use` groups, `super::` and `crate::` paths,
/// and tells a sibling module from an item of the parent.
#[test]
fn the_circle_finder_sees_circles_through_groups_and_paths() {
    let named = named_paths("use super::{a, b::{C, self}, d as e};\nfn f() { crate::x::y::z(); }");
    assert_eq!(
        named,
        [
            vec!["super", "a"],
            vec!["super", "b", "C"],
            vec!["super", "b"],
            vec!["super", "d"],
            vec!["crate", "x", "y", "z"],
        ]
    );
    let from = vec!["report".to_string(), "curl".to_string()];
    let sent: Vec<String> = ["super", "exchange", "Sent"].map(String::from).to_vec();
    assert_eq!(resolve(&from, &sent), ["report", "exchange", "Sent"]);
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    let found: Vec<Vec<String>> = circles(&graph).into_iter().collect();
    assert_eq!(found, [vec!["a", "b", "c"]]);
}

#[test]
fn check_does_no_io() {
    let src = support::crate_dir().join("src/check");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() >= 5);
    for file in files {
        let code = code(&std::fs::read_to_string(&file).expect("read"));
        for io in [
            "tokio",
            "reqwest",
            "std::fs",
            "std::net",
            "std::io",
            "crate::client",
        ] {
            assert!(!code.contains(io), "{}: uses {io}", file.display());
        }
    }
}

/// Longest file allowed, in lines up to its first `#[cfg(test)]`.
const MAX_FILE_LINES: usize = 650;
/// Longest function allowed, in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Files that are tests only: the module is declared under `#[cfg(test)]`
/// (`#[cfg(test)] mod tests;` makes `tests.rs` and all of `tests/` such).
fn test_only(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut marked = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let dir = match stem.as_ref() {
            "mod" | "lib" | "main" => file.parent().expect("parent").to_path_buf(),
            _ => file.with_extension(""),
        };
        for pair in lines.windows(2) {
            if pair[0].trim() != "#[cfg(test)]" {
                continue;
            }
            let decl = pair[1].trim();
            let decl = decl.strip_prefix("pub(crate) ").unwrap_or(decl);
            let decl = decl.strip_prefix("pub ").unwrap_or(decl);
            if let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) {
                marked.push(dir.join(format!("{name}.rs")));
                marked.push(dir.join(name));
            }
        }
    }
    files
        .iter()
        .filter(|f| marked.iter().any(|m| f.starts_with(m)))
        .cloned()
        .collect()
}

/// The lines of a file before its first `#[cfg(test)]` at column 0.
fn before_tests(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .collect()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Each function as (name, first line, length in lines): from the `fn` line
/// to the first `}` at the same indentation. A body's nested functions count
/// as part of it; one-line functions and declarations ending in `;` are short.
fn functions(lines: &[&str]) -> Vec<(String, usize, usize)> {
    let header = regex::Regex::new(
        r"^(\s*)(?:pub(?:\([^)]*\))? )?(?:const )?(?:async )?(?:unsafe )?fn (\w+)",
    )
    .expect("regex");
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(m) = header.captures(lines[i]) else {
            i += 1;
            continue;
        };
        let ind = m[1].len();
        let first = lines[i].trim_end();
        let mut end = i;
        if !(first.ends_with('}') || first.ends_with(';')) {
            end = i + 1;
            while end < lines.len() {
                let l = lines[end];
                if indent(l) == ind
                    && (l.trim_start().starts_with('}') || l.trim_end().ends_with(';'))
                {
                    break;
                }
                end += 1;
            }
        }
        out.push((m[2].to_string(), i + 1, end.min(lines.len() - 1) - i + 1));
        i = end + 1;
    }
    out
}

#[test]
fn files_and_functions_are_small() {
    let mut files = Vec::new();
    for krate in ["crates/fortiprobe/src", "crates/fortiprobe-mock/src"] {
        rust_files(&support::project().join(krate), &mut files);
    }
    let tests = test_only(&files);
    assert!(
        tests
            .iter()
            .any(|f| f.ends_with("fortiprobe-mock/src/tests/mod.rs")),
        "the scan should see the mock's src/tests/ as tests: {tests:?}"
    );
    let mut long = Vec::new();
    for file in files.iter().filter(|f| !tests.contains(f)) {
        let text = std::fs::read_to_string(file).expect("read");
        let lines = before_tests(&text);
        let shown = file
            .strip_prefix(support::project())
            .unwrap_or(file)
            .display();
        if lines.len() > MAX_FILE_LINES {
            long.push(format!(
                "{shown}: {} lines before its tests (at most {MAX_FILE_LINES}): split it by concept",
                lines.len()
            ));
        }
        for (name, line, n) in functions(&lines) {
            if n > MAX_FN_LINES {
                long.push(format!(
                    "{shown}:{line}: fn {name} is {n} lines (at most {MAX_FN_LINES}): split it into steps"
                ));
            }
        }
    }
    long.sort();
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}
