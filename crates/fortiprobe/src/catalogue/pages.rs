//! The documents of `docs/`, built into the binary: the vendor pages of
//! `docs/vendor-pages.md` (what a citation such as `[FAC 6.5.5: FortiTokens]`
//! names: title, version, address) and the numbered sections of the notes
//! (`docs/api-notes.md §5`), so that `fortiprobe explain` answers offline.

use std::collections::BTreeSet;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/docs.rs"));
}

/// One vendor page, a row of `docs/vendor-pages.md`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Page {
    /// How the repository cites it: `[FAC 6.5.5: FortiTokens]`.
    pub cite: String,
    pub guide: String,
    pub title: String,
    pub version: String,
    pub url: String,
}

/// A document of `docs/` by file name (`api-notes.md`).
pub fn document(name: &str) -> Option<&'static str> {
    embedded::DOCS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Every vendor page of `docs/vendor-pages.md`, in its order.
pub fn pages() -> Vec<Page> {
    let Some(text) = document("vendor-pages.md") else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(str::trim)
                .collect();
            match cells.as_slice() {
                [cite, guide, title, version, url]
                    if cite.starts_with('[') && url.starts_with("https://") =>
                {
                    Some(Page {
                        cite: cite.to_string(),
                        guide: guide.to_string(),
                        title: title.to_string(),
                        version: version.to_string(),
                        url: url.to_string(),
                    })
                }
                _ => None,
            }
        })
        .collect()
}

/// The pages `text` cites, in the order of `pages()`.
pub fn cited(text: &str) -> Vec<Page> {
    pages()
        .into_iter()
        .filter(|p| text.contains(&p.cite))
        .collect()
}

/// A section of a document: `docs/api-notes.md §5`, its heading and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `docs/api-notes.md §5`, or `docs/xml-mapping.md` for a whole document.
    pub name: String,
    pub heading: String,
    pub text: &'static str,
}

/// The section `§n` of the document `file`, or the whole document for `None`.
fn section(file: &str, n: Option<u32>) -> Option<Section> {
    let text = document(file)?;
    let Some(n) = n else {
        let heading = text
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or(file);
        return Some(Section {
            name: format!("docs/{file}"),
            heading: heading.to_string(),
            text,
        });
    };
    let marker = format!("## §{n} ");
    let start = text.find(&marker)?;
    let body = &text[start..];
    let end = body[marker.len()..]
        .find("\n## ")
        .map_or(body.len(), |i| i + marker.len() + 1);
    let body = &body[..end];
    Some(Section {
        name: format!("docs/{file} §{n}"),
        heading: body
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches(&marker)
            .to_string(),
        text: body,
    })
}

/// The sections of `docs/` a text refers to: `docs/api-notes.md §3 to §5`
/// is three sections, `docs/api-notes-fac.md §3 (...); §2 (...)` two of the
/// same document, `docs/xml-mapping.md` the whole document.
pub fn sections(text: &str) -> Vec<Section> {
    let mut out: Vec<(String, Option<u32>)> = Vec::new();
    let mut file: Option<&str> = None;
    let mut range_from: Option<u32> = None;
    let mut words = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':' | '\''))
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(w) = words.next() {
        let w = w.trim_end_matches('.');
        if let Some(name) = w.strip_prefix("docs/").filter(|n| n.ends_with(".md")) {
            file = Some(name);
            let next_is_section = words.peek().is_some_and(|n| n.starts_with('§'));
            if !next_is_section {
                out.push((name.to_string(), None));
            }
            continue;
        }
        let Some(f) = file else { continue };
        if let Some(n) = w.strip_prefix('§').and_then(|n| n.parse::<u32>().ok()) {
            match range_from.take() {
                Some(from) => out.extend((from + 1..=n).map(|i| (f.to_string(), Some(i)))),
                None => out.push((f.to_string(), Some(n))),
            }
            if words.peek() == Some(&"to") {
                words.next();
                range_from = Some(n);
            }
        }
    }
    let mut seen = BTreeSet::new();
    out.into_iter()
        .filter(|k| seen.insert(k.clone()))
        .filter_map(|(f, n)| section(&f, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendor_pages_are_read_from_their_table() {
        let pages = pages();
        assert!(pages.len() >= 20, "{pages:?}");
        let t = pages
            .iter()
            .find(|p| p.cite == "[FAC 6.5.5: FortiTokens]")
            .expect("the FortiTokens page");
        assert_eq!(t.title, "FortiTokens (/fortitokens/)");
        assert_eq!(t.version, "6.5.5");
        assert!(t
            .url
            .starts_with("https://docs.fortinet.com/document/fortiauthenticator/6.5.5/"));
        let cites: BTreeSet<&str> = pages.iter().map(|p| p.cite.as_str()).collect();
        assert_eq!(cites.len(), pages.len(), "each page once");
    }

    #[test]
    fn section_references_are_read_as_a_reader_would() {
        let names = |t: &str| -> Vec<String> { sections(t).into_iter().map(|s| s.name).collect() };
        assert_eq!(names("docs/api-notes.md §4"), ["docs/api-notes.md §4"]);
        assert_eq!(
            names("docs/api-notes.md §3 to §5 [doc]"),
            [
                "docs/api-notes.md §3",
                "docs/api-notes.md §4",
                "docs/api-notes.md §5"
            ]
        );
        assert_eq!(
            names("docs/api-notes-fac.md §3 (field table); §2 (POST 201)"),
            ["docs/api-notes-fac.md §3", "docs/api-notes-fac.md §2"]
        );
        assert_eq!(
            names("docs/api-notes.md §4 (limit) and §6 (fields)"),
            ["docs/api-notes.md §4", "docs/api-notes.md §6"]
        );
        assert_eq!(names("see docs/xml-mapping.md."), ["docs/xml-mapping.md"]);
        assert_eq!(names(&format!("docs/{}.md §1", "no-such-note")).len(), 0);
        let s = &sections("docs/api-notes.md §5")[0];
        assert_eq!(s.heading, "FortiAuthenticator: filters");
        assert!(s.text.contains("Advanced filtering"), "{}", s.text);
        assert!(!s.text.contains("## §6"), "{}", s.text);
    }
}
