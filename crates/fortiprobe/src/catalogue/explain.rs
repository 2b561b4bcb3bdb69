//! `fortiprobe explain NAME`: a case or a fault of the reference mock (a
//! named one, or one derived from a declaration's rule,
//! `fac-<resource>-<kind>[-<field>]`), explained from what the binary
//! holds: what it checks (or breaks), the rule in the project's words (the
//! case's `source`), its basis, the sections of `docs/` it rests on, and
//! the vendor pages behind it (title, firmware version, address). A name
//! that is neither gets the closest valid ones.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::pages::{self, Page, Section};
use crate::suite::case::Basis;
use crate::suite::{Case, Suite};
use fortiprobe_mock::catalogue;
use fortiprobe_mock::faults::{Fault, FaultInfo};

/// What a name names.
#[derive(Debug)]
pub enum Subject<'a> {
    Case(&'a Case),
    Fault(&'static FaultInfo),
}

/// The case or fault `name` names: a trial name (`product/endpoint/case`),
/// its end (`endpoint/case` or `case`) when only one case ends so, or a
/// fault; else what went wrong, with the closest valid names.
pub fn find<'a>(suite: &'a Suite, name: &str) -> Result<Subject<'a>, String> {
    let name = name.trim().trim_matches('/');
    if let Some(f) = catalogue::all().find(|f| f.name == name) {
        return Ok(Subject::Fault(f));
    }
    let ending: Vec<&Case> = suite
        .cases
        .iter()
        .filter(|c| {
            let id = c.id();
            id == name || id.ends_with(&format!("/{name}"))
        })
        .collect();
    match ending.as_slice() {
        [one] => Ok(Subject::Case(one)),
        [] => Err(unknown(suite, name)),
        many => Err(format!(
            "`{name}` names {} cases; say which: {}",
            many.len(),
            many.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The names among `names` closest to `name`, nearest first, at most
/// five: by edit distance to the whole name or its last `/` part, a name
/// holding `name` counting as near.
pub fn closest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ranked: Vec<(usize, &str)> = names
        .map(|n| {
            let last = n.rsplit('/').next().unwrap_or(n);
            let d = crate::yaml::edit_distance(name, n).min(crate::yaml::edit_distance(name, last));
            (if n.contains(name) { d.min(1) } else { d }, n)
        })
        .filter(|(d, _)| *d <= 3.max(name.chars().count() / 3))
        .collect();
    ranked.sort();
    ranked.into_iter().take(5).map(|(_, n)| n).collect()
}

/// `no case or fault named X; the closest: ...`.
fn unknown(suite: &Suite, name: &str) -> String {
    let ids: Vec<String> = suite.cases.iter().map(|c| c.id()).collect();
    let names = ids
        .iter()
        .map(String::as_str)
        .chain(catalogue::all().map(|f| f.name));
    let near = closest(name, names);
    if near.is_empty() {
        format!(
            "no case or fault named `{name}`; `fortiprobe cases` and `fortiprobe faults` list them"
        )
    } else {
        format!(
            "no case or fault named `{name}`; the closest: {}",
            near.join(", ")
        )
    }
}

fn basis(b: Basis) -> &'static str {
    match b {
        Basis::Doc => "doc: the vendor pages below state it; the case always runs",
        Basis::Framework => {
            "framework: what the API's framework does by default, which the vendor docs do not \
             promise; the case runs with --framework (or --strict)"
        }
    }
}

/// The pages a text rests on: those it cites, then those its sections cite.
fn pages_of(text: &str, sections: &[Section]) -> Vec<(Page, String)> {
    let mut out: Vec<(Page, String)> = pages::cited(text)
        .into_iter()
        .map(|p| (p, "cited".to_string()))
        .collect();
    for s in sections {
        for p in pages::cited(s.text) {
            if !out.iter().any(|(q, _)| q.cite == p.cite) {
                out.push((p, format!("through {}", s.name)));
            }
        }
    }
    out
}

fn write_pages(out: &mut String, pages: &[(Page, String)]) {
    if pages.is_empty() {
        let _ = writeln!(
            out,
            "  none: the rule rests on no vendor page (see its basis)"
        );
    }
    for (p, how) in pages {
        let _ = writeln!(
            out,
            "  {} ({}), {} {}; {how}\n    {}",
            p.title, p.cite, p.guide, p.version, p.url
        );
    }
}

fn write_sections(out: &mut String, sections: &[Section]) {
    if sections.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nNotes of this repository it rests on:");
    for s in sections {
        let _ = writeln!(out, "  {}: {}", s.name, s.heading);
    }
}

/// A case explained; `catchers` is `catchers.yaml`'s table, for the faults
/// the case must catch.
pub fn case(c: &Case, catchers: &BTreeMap<String, Vec<String>>) -> String {
    let id = c.id();
    let source = c.spec.source.clone().unwrap_or_default();
    let sections = pages::sections(&source);
    let mut out = format!(
        "{id}\n  a case: {}{}, defined at {}\n\nWhat it checks:\n  {}\n",
        c.kind(),
        if c.spec.destructive {
            ", destructive (runs with --allow-destructive)"
        } else {
            ""
        },
        c.origin,
        c.spec.summary
    );
    if let Some(p) = &c.property {
        let _ = writeln!(out, "  [{}]", p.describe());
    }
    let _ = writeln!(
        out,
        "\nThe rule, and where it comes from:\n  {}\n\nBasis:\n  {}",
        if source.is_empty() {
            "(the case names no source)"
        } else {
            &source
        },
        basis(c.spec.basis)
    );
    let _ = writeln!(out, "\nVendor pages:");
    write_pages(&mut out, &pages_of(&source, &sections));
    write_sections(&mut out, &sections);
    let caught: Vec<&str> = catchers
        .iter()
        .filter(|(_, cases)| cases.contains(&id))
        .map(|(f, _)| f.as_str())
        .collect();
    if !caught.is_empty() {
        let _ = writeln!(
            out,
            "\nFaults of the reference mock it must catch (catchers.yaml):\n  {}",
            caught.join(", ")
        );
    }
    out
}

/// A fault explained: what it breaks, the cases that must catch it, and
/// the rules and pages of those cases.
pub fn fault(f: &FaultInfo, suite: &Suite, catchers: &BTreeMap<String, Vec<String>>) -> String {
    let derived = matches!(f.fault, Fault::Rule(_))
        && !fortiprobe_mock::faults::FAULTS
            .iter()
            .any(|n| n.name == f.name);
    let required = catalogue::required().iter().any(|r| r.name == f.name);
    let mut out = format!(
        "{}\n  a fault of the reference mock (`--fault {}`){}{}\n\nWhat it breaks:\n  {}\n",
        f.name,
        f.name,
        if f.transport {
            ", on the transport"
        } else {
            ""
        },
        match (derived, required) {
            (false, _) => "",
            (true, true) => ", derived from a rule of a declared resource; the kill matrix requires it caught",
            (true, false) => ", derived from a rule of a declared resource; pending: not in the kill matrix (KILL-MATRIX.md lists the pending faults with why)",
        },
        f.about
    );
    if f.needs_tokens > 0 {
        let _ = writeln!(
            out,
            "  (it shows only with more than {} tokens: --mock-tokens)",
            f.needs_tokens
        );
    }
    let catching: Vec<&Case> = catchers
        .get(f.name)
        .into_iter()
        .flatten()
        .filter_map(|id| suite.cases.iter().find(|c| &c.id() == id))
        .collect();
    let _ = writeln!(
        out,
        "\nCases that must catch it (catchers.yaml), with the rule each holds:"
    );
    let mut text = String::new();
    let mut sections = Vec::new();
    for c in &catching {
        let source = c.spec.source.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "  {} (basis {}): {}\n    rule: {}",
            c.id(),
            match c.spec.basis {
                Basis::Doc => "doc",
                Basis::Framework => "framework",
            },
            c.spec.summary,
            source
        );
        text.push_str(source);
        text.push('\n');
        for s in pages::sections(source) {
            if !sections.iter().any(|t: &Section| t.name == s.name) {
                sections.push(s);
            }
        }
    }
    if catching.is_empty() {
        let _ = writeln!(out, "  none named");
    }
    let _ = writeln!(out, "\nVendor pages:");
    write_pages(&mut out, &pages_of(&text, &sections));
    write_sections(&mut out, &sections);
    out
}

/// `name` explained, or why it cannot be.
pub fn explain(
    suite: &Suite,
    name: &str,
    catchers: &BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    Ok(match find(suite, name)? {
        Subject::Case(c) => case(c, catchers),
        Subject::Fault(f) => fault(f, suite, catchers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::Source;

    fn suite() -> Suite {
        Suite::load(Source::Embedded, &[]).expect("the embedded suite loads")
    }

    fn catchers() -> BTreeMap<String, Vec<String>> {
        let mut t = BTreeMap::new();
        t.insert(
            "fac-locked-string".to_string(),
            vec!["fortiauthenticator/fortitokens/list_format_json".to_string()],
        );
        t
    }

    #[test]
    fn every_doc_case_names_a_vendor_page_with_its_version_and_address() {
        let suite = suite();
        let mut without = Vec::new();
        for c in &suite.cases {
            let source = c.spec.source.clone().unwrap_or_default();
            let pages = pages_of(&source, &pages::sections(&source));
            if c.spec.basis == Basis::Doc && pages.is_empty() {
                without.push(c.id());
            }
            let text = case(c, &catchers());
            assert!(text.contains(&c.spec.summary), "{text}");
            for (p, _) in &pages {
                assert!(text.contains(&p.url) && text.contains(&p.version), "{text}");
            }
        }
        assert!(
            without.is_empty(),
            "doc cases without a vendor page: {without:?}"
        );
    }

    #[test]
    fn a_case_is_found_by_its_name_or_its_end() {
        let suite = suite();
        for name in [
            "fortiauthenticator/fortitokens_filters/filter_serial_exact",
            "fortitokens_filters/filter_serial_exact",
            "filter_serial_exact",
        ] {
            match find(&suite, name) {
                Ok(Subject::Case(c)) => {
                    assert_eq!(
                        c.id(),
                        "fortiauthenticator/fortitokens_filters/filter_serial_exact"
                    )
                }
                other => panic!("{name}: {other:?}"),
            }
        }
        let e = find(&suite, "list_format_json").unwrap_err();
        assert!(
            e.contains("names 4 cases") || e.contains("cases; say which"),
            "{e}"
        );
        assert!(
            e.contains("fortiauthenticator/usergroups/list_format_json"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_name_gets_the_closest_valid_ones() {
        let suite = suite();
        let e = find(&suite, "filter_serial_exat").unwrap_err();
        assert!(
            e.starts_with("no case or fault named `filter_serial_exat`; the closest: fortiauthenticator/fortitokens_filters/filter_serial_exact"),
            "{e}"
        );
        let e = find(&suite, "fac-lock-string").unwrap_err();
        assert!(e.ends_with("the closest: fac-locked-string"), "{e}");
        let e = find(&suite, "qqqqqqqqqqqqqqqqqqqq").unwrap_err();
        assert!(
            e.contains("`fortiprobe cases` and `fortiprobe faults`"),
            "{e}"
        );
    }

    #[test]
    fn a_derived_fault_is_found_by_its_name_required_or_pending() {
        let suite = suite();
        let required = catalogue::required()
            .iter()
            .find(|f| f.name == "fac-radiusclients-max-length-unchecked-name")
            .expect("a promoted derived fault");
        let pending = catalogue::pending()
            .iter()
            .find(|f| f.name == "fac-localusers-method-accepted-delete-list")
            .expect("a pending derived fault");
        for (f, what) in [(required, "requires it caught"), (pending, "pending")] {
            match find(&suite, f.name) {
                Ok(Subject::Fault(found)) => assert_eq!(found.name, f.name),
                other => panic!("{}: {other:?}", f.name),
            }
            let text = explain(&suite, f.name, &catchers()).unwrap();
            assert!(text.contains(f.about), "{text}");
            assert!(text.contains(what), "{text}");
        }
        // Every fault the mock knows is found by its name.
        for f in catalogue::all() {
            assert!(
                matches!(find(&suite, f.name), Ok(Subject::Fault(_))),
                "{}",
                f.name
            );
        }
        let e = find(&suite, "fac-radiusclients-max-length-unchecked-nam").unwrap_err();
        assert!(
            e.contains("the closest: fac-radiusclients-max-length-unchecked-name"),
            "{e}"
        );
    }

    #[test]
    fn a_fault_is_explained_by_what_it_breaks_and_the_rules_that_catch_it() {
        let suite = suite();
        let text = explain(&suite, "fac-locked-string", &catchers()).unwrap();
        assert!(text.contains("`locked` is the string"), "{text}");
        assert!(
            text.contains("fortiauthenticator/fortitokens/list_format_json (basis doc)"),
            "{text}"
        );
        assert!(
            text.contains("https://docs.fortinet.com/document/fortiauthenticator/6.5.5/rest-api-solution-guide/875895"),
            "{text}"
        );
    }
}
