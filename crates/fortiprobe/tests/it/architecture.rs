//! The invariants of ARCHITECTURE.md that a test can hold: the layers
//! point one way (no module uses one above it, so there is no import
//! circle), `check` does no I/O, and files and functions stay small (in
//! both crates).

use crate::support;

use std::collections::BTreeMap;
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
    ("escape", 0),
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
