//! The invariants of ARCHITECTURE.md that a test can hold: the layers
//! point one way (no module uses one above it, so there is no import
//! circle) and `check` does no I/O.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` with its layer: a module may use only
/// modules of lower layers (and itself). `mock` stands apart (see
/// suite_files.rs: it uses nothing of the crate).
const LAYERS: &[(&str, u8)] = &[
    // data and its plain helpers
    ("files", 0),
    ("product", 0),
    ("exchange", 0),
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
    let src = support::project().join("src");
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if matches!(module.as_str(), "main" | "lib" | "mock") {
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
                None if used == "mock" => {}
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
    let src = support::project().join("src/check");
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
