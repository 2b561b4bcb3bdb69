//! Embeds `schemas/`, `cases/`, `deviations.yaml` and `docs/*.md` (at the
//! repository's root, two folders up) into the binary, so that an installed fortiprobe
//! runs its suite from anywhere, with no source tree. Also the index of the
//! cases the resource descriptions derive (`src/suite/description/derived-names.txt`),
//! when it was made from today's descriptions and derivation code: the
//! fingerprint of those inputs is computed here and compared with the one the
//! index records (a stale index is left out, and every description is then
//! expanded at load, as without one).

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
    derived_names(&root, &mut code);
    std::fs::write(out, code).expect("write embedded.rs");
    docs(&root);
}

/// `DERIVED_INPUTS`, the fingerprint of what the derived cases' names
/// depend on (every resource description, the code under
/// `src/suite/description/`), and `DERIVED_NAMES`, the index's text when it
/// records that fingerprint.
fn derived_names(root: &Path, code: &mut String) {
    let mut inputs = Vec::new();
    let schemas = root.join("schemas");
    let mut files = Vec::new();
    collect(&schemas, &mut files);
    files.retain(|f| {
        f.extension().is_some_and(|e| e == "yaml")
            && f.parent()
                .and_then(Path::file_name)
                .is_some_and(|p| p == "resources")
    });
    for file in files {
        inputs.push((
            file.strip_prefix(&schemas)
                .expect("under schemas")
                .to_path_buf(),
            file,
        ));
    }
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let code_dir = manifest.join("src/suite/description");
    println!("cargo:rerun-if-changed={}", code_dir.display());
    let mut sources = Vec::new();
    collect(&code_dir, &mut sources);
    sources.retain(|f| f.extension().is_some_and(|e| e == "rs"));
    for file in sources {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = Path::new("code").join(file.strip_prefix(&code_dir).expect("under the folder"));
        inputs.push((rel, file));
    }
    inputs.sort();
    // FNV-1a over each input's name and text (line ends as \n), in order.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (rel, file) in &inputs {
        let text = std::fs::read(file).expect("read a derivation input");
        let text: Vec<u8> = text.into_iter().filter(|b| *b != b'\r').collect();
        eat(rel.to_string_lossy().replace('\\', "/").as_bytes());
        eat(&[0]);
        eat(&text);
        eat(&[0]);
    }
    let fingerprint = format!("{hash:016x}");
    let _ = writeln!(
        code,
        "pub(crate) const DERIVED_INPUTS: &str = {fingerprint:?};"
    );
    let index = code_dir.join("derived-names.txt");
    println!("cargo:rerun-if-changed={}", index.display());
    let current = std::fs::read_to_string(&index).is_ok_and(|text| {
        text.lines()
            .find_map(|l| l.strip_prefix("inputs "))
            .is_some_and(|f| f.trim() == fingerprint)
    });
    if current {
        let _ = writeln!(
            code,
            "pub(crate) const DERIVED_NAMES: Option<&str> = Some(include_str!({:?}));",
            index.display().to_string()
        );
    } else {
        code.push_str("pub(crate) const DERIVED_NAMES: Option<&str> = None;\n");
    }
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
