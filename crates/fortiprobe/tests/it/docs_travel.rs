//! The docs travel with the tool: no file of the repository, and nothing
//! the binary prints about its cases, points at a file outside the
//! repository (a `../` path that leaves it, a reading aid of the machine
//! it was written on, a vendor page saved under a seed file name). Every
//! vendor page cited (`[FAC 6.5.5: FortiTokens]`) is a row of
//! docs/vendor-pages.md, every `docs/*.md` named exists, and every case's
//! `source` names a vendor page or a document of the repository.

use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

/// Text files of the repository: everything but build output, version
/// control (`.git`, a folder or a worktree's pointer file) and this file,
/// whose own examples of what is refused would be refused.
fn repository_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == ".git" || path.ends_with("tests/it/docs_travel.rs") {
            continue;
        }
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | ".venv" | "node_modules") {
                repository_files(&path, out);
            }
        } else if std::fs::metadata(&path).is_ok_and(|m| m.len() < 4 << 20) {
            out.push(path);
        }
    }
}

/// What must not be written anywhere: (pattern, what it is).
fn outside_references() -> Vec<(Regex, &'static str)> {
    // Built from pieces so that this file does not name them itself.
    let machine = format!("/{}{}/", "wo", "rk");
    vec![
        (
            Regex::new(&regex::escape(&machine)).unwrap(),
            "a path of the machine the project was written on",
        ),
        (
            Regex::new(r"\bshared/(api-notes|seeds|STYLE|README|hooks)").unwrap(),
            "the reading aids kept outside the repository",
        ),
        (
            Regex::new(r"\b\d{3}_[0-9a-f]{16}\.txt\b").unwrap(),
            "a seed file name",
        ),
        (
            Regex::new(r"(?i)\bseeds? ?\d{3}\b").unwrap(),
            "a seed page by number",
        ),
        (
            Regex::new(r"api-notes(\.md)?\b").unwrap(),
            "the notes: docs/api-notes.md or docs/api-notes-fac.md by name",
        ),
    ]
}

/// The problems of one text, `at` naming it.
fn problems(at: &str, text: &str, cites: &BTreeSet<String>, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (re, what) in outside_references() {
        for m in re.find_iter(text) {
            let after = &text[m.end()..];
            let named_note = m.as_str().starts_with("api-notes")
                && (m.as_str().ends_with(".md") || after.starts_with("-fac.md"));
            if !named_note {
                out.push(format!("{at}: `{}` ({what})", m.as_str()));
            }
        }
    }
    let cite = Regex::new(r"\[(?:FAC|FTC|FIC|FPC) [^\]\n]+\]").unwrap();
    for m in cite.find_iter(text) {
        if !cites.contains(m.as_str()) {
            out.push(format!(
                "{at}: {} is not a row of docs/vendor-pages.md",
                m.as_str()
            ));
        }
    }
    let doc = Regex::new(r"\bdocs/[A-Za-z0-9_.-]+\.(md|json)").unwrap();
    for m in doc.find_iter(text) {
        if !root.join(m.as_str()).is_file() {
            out.push(format!("{at}: {} does not exist", m.as_str()));
        }
    }
    out
}

/// The citations docs/vendor-pages.md defines: the first cell of each row.
fn vendor_pages(root: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root.join("docs/vendor-pages.md")).unwrap();
    let row =
        Regex::new(r"(?m)^\| (\[[^\]]+\]) \| [^|]+ \| [^|]+ \| [^|]+ \| (https://[^ |]+) \|$")
            .unwrap();
    let mut cites = BTreeSet::new();
    for c in row.captures_iter(&text) {
        assert!(
            c[2].starts_with("https://docs.fortinet.com/document/"),
            "{}: a vendor page is cited at docs.fortinet.com",
            &c[1]
        );
        assert!(cites.insert(c[1].to_string()), "{} twice", &c[1]);
    }
    assert!(
        cites.len() >= 20,
        "docs/vendor-pages.md lists {} pages",
        cites.len()
    );
    cites
}

/// `../` paths that leave the repository from the file they are in.
fn escaping_paths(file: &Path, text: &str, root: &Path) -> Vec<String> {
    let up = Regex::new(r"(?:\.\./)+[A-Za-z0-9_.-]*").unwrap();
    let root = root.canonicalize().unwrap();
    let mut out = Vec::new();
    for m in up.find_iter(text) {
        let mut at = file.parent().unwrap().canonicalize().unwrap();
        for part in m.as_str().split('/') {
            match part {
                ".." => {
                    at.pop();
                }
                "" => {}
                p => at.push(p),
            }
        }
        if !at.starts_with(&root) {
            out.push(format!(
                "{}: `{}` leaves the repository",
                file.strip_prefix(&root).unwrap_or(file).display(),
                m.as_str()
            ));
        }
    }
    out
}

#[test]
fn no_file_of_the_repository_points_outside_it() {
    let root = support::project();
    let cites = vendor_pages(root);
    let mut files = Vec::new();
    repository_files(root, &mut files);
    let mut wrong = Vec::new();
    let mut read = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        read += 1;
        let at = f.strip_prefix(root).unwrap().display().to_string();
        wrong.extend(problems(&at, &text, &cites, root));
        wrong.extend(escaping_paths(f, &text, root));
    }
    assert!(
        read > 100,
        "only {read} files read under {}",
        root.display()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_case_cites_a_vendor_page_or_a_document_of_the_repository() {
    let root = support::project();
    let cites = vendor_pages(root);
    let doc = Regex::new(r"\bdocs/[A-Za-z0-9_.-]+\.md\b").unwrap();
    let mut wrong = Vec::new();
    for c in &support::suite().cases {
        let source = c.spec.source.as_deref().unwrap_or("");
        let pages = cites.iter().filter(|p| source.contains(p.as_str())).count();
        if pages == 0 && !doc.is_match(source) {
            wrong.push(format!("{}: source {source:?}", c.id()));
        }
    }
    assert!(wrong.is_empty(), "cases whose source names neither a page of docs/vendor-pages.md nor a document of docs/:\n{}", wrong.join("\n"));
}

#[test]
fn what_the_binary_prints_about_its_cases_points_at_nothing_outside() {
    let root = support::project();
    let cites = vendor_pages(root);
    let mut wrong = Vec::new();
    for args in [
        vec!["--help"],
        vec!["run", "--help"],
        vec!["cases"],
        vec!["cases", "--markdown"],
        vec!["faults"],
        vec!["man"],
        vec![
            "explain",
            "fortiauthenticator/fortitokens_filters/filter_serial_exact",
        ],
        vec!["explain", "fortiportal/tokens/token_lifecycle"],
        vec!["explain", "fac-locked-string"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
            .args(&args)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{args:?}: {o:?}");
        let text = String::from_utf8_lossy(&o.stdout);
        wrong.extend(problems(&args.join(" "), &text, &cites, root));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let root = support::project();
    let cites = vendor_pages(root);
    let machine = format!("see /{}{}/shared/api-notes.md", "wo", "rk");
    for bad in [
        machine.as_str(),
        "source: seed 001, Allowed filters",
        "the page saved as 001_dc2d2b927409d568.txt",
        "see ../shared/api-notes.md",
        "api-notes: Pagination",
        "[FAC 9.9.9: Nowhere]",
        "docs/missing-notes.md",
    ] {
        assert!(
            !problems("x", bad, &cites, root).is_empty(),
            "{bad:?} passes the checks"
        );
    }
    for good in [
        "[FAC 6.5.5: FortiTokens] Allowed filters",
        "docs/api-notes.md §4 and docs/api-notes-fac.md §3",
        "see [api-notes.md](api-notes.md)",
        "--mock-seed N, a seed of 7",
    ] {
        assert_eq!(
            problems("x", good, &cites, root),
            Vec::<String>::new(),
            "{good:?}"
        );
    }
    let file = root.join("crates/fortiprobe/src/killmatrix.rs");
    assert!(escaping_paths(&file, "include_str!(\"../../../catchers.yaml\")", root).is_empty());
    assert!(!escaping_paths(&file, "../../../../shared/x", root).is_empty());
}
