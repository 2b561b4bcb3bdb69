//! Embeds `schemas/`, `cases/`, `deviations.yaml` and `docs/*.md` (at the
//! repository's root, two folders up) into the binary, so that an installed fortiprobe
//! runs its suite from anywhere, with no source tree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("../..");
    let mut code = String::new();
    for folder in ["schemas", "cases"] {
        let base = root.join(folder);
        println!("cargo:rerun-if-changed={}", base.display());
        let mut files = Vec::new();
        collect(&base, &mut files);
        files.sort();
        let _ = writeln!(
            code,
            "pub(crate) const {}: &[(&str, &str)] = &[",
            folder.to_uppercase()
        );
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file.strip_prefix(&base).expect("collected under base");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let _ = writeln!(
                code,
                "    ({rel:?}, include_str!({:?})),",
                file.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    let deviations = root.join("deviations.yaml");
    println!("cargo:rerun-if-changed={}", deviations.display());
    let _ = writeln!(
        code,
        "pub(crate) const DEVIATIONS: &str = include_str!({:?});",
        deviations.display().to_string()
    );
    std::fs::write(out, code).expect("write embedded.rs");
    docs(&root);
}

/// `docs/*.md` as `DOCS: &[(name, text)]` in `docs.rs`: the notes and the
/// vendor pages `fortiprobe explain` reads.
fn docs(root: &Path) {
    let base = root.join("docs");
    println!("cargo:rerun-if-changed={}", base.display());
    let mut files = Vec::new();
    collect(&base, &mut files);
    files.retain(|f| f.extension().is_some_and(|e| e == "md"));
    files.sort();
    let mut code = String::from("pub(crate) const DOCS: &[(&str, &str)] = &[\n");
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .to_string();
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("docs.rs");
    std::fs::write(out, code).expect("write docs.rs");
}
