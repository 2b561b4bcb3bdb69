//! Which cases a run may take, known before the case files are parsed, so
//! that a run of a few cases parses only the files that may hold them
//! (`Suite::load_selected`). A `Selection` is the trial filter as libtest
//! applies it (`--exact`, or a substring of `[kind] name`), tried against
//! every kind a case could have. An `Outline` is a built-in case file's
//! product, endpoint and case names read from its lines without parsing
//! it; a test checks the outline of every built-in file against its parse.
//! A file that does not read as expected is parsed whole. The cases the
//! resource descriptions derive are named by an index made when they change
//! (`description/derived-names.txt`, built in when current): a run expands
//! only the descriptions that may hold a case it selects; a test checks the
//! index against the expansion.

/// Every kind a trial can have (`Case::kind`), with and without the
/// `destructive` mark.
pub const KINDS: [&str; 6] = [
    "exchange",
    "sequence",
    "pagination",
    "filter",
    "same answer",
    "removed",
];

/// The trial filter of a run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// libtest's FILTER; none: every case.
    pub filter: Option<String>,
    /// FILTER (and each SKIP) must match a whole trial name (or `[kind] name`).
    pub exact: bool,
    /// libtest's `--skip` filters.
    pub skip: Vec<String>,
}

impl Selection {
    /// Every case.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// Whether libtest runs the trial `id` of `kind` (as its
    /// `Arguments::is_filtered_out` decides).
    pub fn takes(&self, id: &str, kind: &str) -> bool {
        let named = if kind.is_empty() {
            id.to_string()
        } else {
            format!("[{kind}] {id}")
        };
        let hit = |f: &String| {
            if self.exact {
                f == id || f == &named
            } else {
                named.contains(f.as_str())
            }
        };
        self.filter.as_ref().is_none_or(hit) && !self.skip.iter().any(hit)
    }

    /// Whether the trial `id` could pass the filter, whatever its kind.
    pub fn may_take(&self, id: &str) -> bool {
        self.chooser().may_take(id)
    }

    /// `may_take` made ready for many names: what the filter asks of a
    /// name, worked out once from the kinds.
    pub fn chooser(&self) -> Chooser {
        let Some(filter) = &self.filter else {
            return Chooser::Any;
        };
        let prefixes: Vec<String> = KINDS
            .iter()
            .flat_map(|k| [format!("[{k}] "), format!("[{k} destructive] ")])
            .collect();
        if self.exact {
            let mut ids = vec![filter.clone()];
            ids.extend(
                prefixes
                    .iter()
                    .filter_map(|p| filter.strip_prefix(p.as_str()).map(str::to_string)),
            );
            return Chooser::Exact(ids);
        }
        // The filter within `[kind] id`: in the id, in the kind's part
        // alone (every name), or across both (the id starts with its rest).
        let mut starts = Vec::new();
        for p in &prefixes {
            for (at, _) in p.char_indices() {
                let tail = &p[at..];
                if tail.contains(filter.as_str()) {
                    return Chooser::Any;
                }
                if let Some(rest) = filter.strip_prefix(tail) {
                    starts.push(rest.to_string());
                }
            }
        }
        Chooser::Within {
            filter: filter.clone(),
            starts,
        }
    }
}

/// Which trial names a selection may take (`Selection::chooser`).
#[derive(Debug, Clone)]
pub enum Chooser {
    /// Every name.
    Any,
    /// Exactly these names.
    Exact(Vec<String>),
    /// A name holding `filter`, or starting with one of `starts`.
    Within { filter: String, starts: Vec<String> },
}

impl Chooser {
    /// Whether the trial `id` could pass the filter, whatever its kind.
    pub fn may_take(&self, id: &str) -> bool {
        match self {
            Chooser::Any => true,
            Chooser::Exact(ids) => ids.iter().any(|x| x == id),
            Chooser::Within { filter, starts } => {
                id.contains(filter.as_str()) || starts.iter().any(|s| id.starts_with(s.as_str()))
            }
        }
    }
}

/// A case file's product, endpoint and case names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub product: String,
    pub endpoint: String,
    pub names: Vec<String>,
    /// The lines (0-based, end excluded) of each case's entry, as `names`.
    pub entries: Vec<(usize, usize)>,
}

impl Outline {
    /// The trial names of the file's cases.
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.names
            .iter()
            .map(|n| format!("{}/{}/{n}", self.product, self.endpoint))
    }

    /// `text` (the file outlined) with the lines of every case whose trial
    /// name `keep` refuses made blank: the cases kept parse as they would
    /// in the whole file, at the same lines.
    pub fn keep_only(&self, text: &str, keep: impl Fn(&str) -> bool) -> String {
        let mut blank = vec![false; text.lines().count()];
        for (id, (start, end)) in self.ids().zip(&self.entries) {
            if !keep(&id) {
                for b in blank.iter_mut().take(*end).skip(*start) {
                    *b = true;
                }
            }
        }
        let mut out = String::with_capacity(text.len());
        for (line, blank) in text.lines().zip(blank) {
            if !blank {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }
}

/// The outline of a case file written as the built-in ones are (block
/// style: `product:`, `endpoint:` and `cases:` at the left margin, each case
/// a `- ` entry of the `cases` list with a plain `name:`); `None` for
/// anything else.
pub fn outline(text: &str) -> Option<Outline> {
    let mut product = None;
    let mut endpoint = None;
    let mut names = Vec::new();
    let mut in_cases = false;
    // The indentation of the `- ` that opens each case, and whether the
    // case being read has its name yet.
    let mut entry: Option<usize> = None;
    let mut named = true;
    let mut entries: Vec<(usize, usize)> = Vec::new();
    let lines = text.lines().count();
    for (number, line) in text.lines().enumerate() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        // The list of cases may sit at the left margin too (`- name: ...`).
        if indent == 0 && !(in_cases && body.starts_with("- ")) {
            if in_cases {
                if let Some(last) = entries.last_mut() {
                    last.1 = number;
                }
            }
            in_cases = false;
            if let Some(v) = body.strip_prefix("product:") {
                product = Some(plain(v)?);
            } else if let Some(v) = body.strip_prefix("endpoint:") {
                endpoint = Some(plain(v)?);
            } else if body.trim_end() == "cases:" {
                in_cases = true;
            } else if body.starts_with("cases:") {
                return None; // a flow-style list
            }
            continue;
        }
        if !in_cases {
            continue;
        }
        let at = *entry.get_or_insert(indent);
        if indent < at {
            return None;
        }
        let key = if indent == at {
            let rest = body.strip_prefix("- ")?;
            if !named {
                return None;
            }
            named = false;
            if let Some(last) = entries.last_mut() {
                last.1 = number;
            }
            entries.push((number, lines));
            rest
        } else if indent == at + 2 {
            body
        } else {
            continue;
        };
        if key.starts_with('{') {
            return None;
        }
        if let Some(v) = key.strip_prefix("name:") {
            names.push(plain(v)?);
            named = true;
        }
    }
    if !named || names.is_empty() || names.len() != entries.len() {
        return None;
    }
    Some(Outline {
        product: product?,
        endpoint: endpoint?,
        names,
        entries,
    })
}

/// What a run of a selection takes of the derived cases, by the index of
/// the built-in descriptions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DerivedPlan {
    /// The descriptions (path under `schemas/`) that may derive a case the
    /// selection takes: these are expanded.
    pub wanted: std::collections::BTreeSet<String>,
    /// The trial names the other descriptions derive: none can be taken.
    pub left_out: Vec<String>,
}

/// The plan for `selection` from the built-in index of derived cases;
/// `None` when every description must be expanded (no filter, or no index
/// made from today's descriptions and code).
pub fn derived_plan(selection: &Selection) -> Option<DerivedPlan> {
    selection.filter.as_ref()?;
    plan_from(super::embedded::DERIVED_NAMES?, selection)
}

/// The plan read from an index's text (`derived_index_text`'s form);
/// `None` for a line it cannot read.
fn plan_from(index: &str, selection: &Selection) -> Option<DerivedPlan> {
    let mut by_file: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for line in index.lines() {
        if line.is_empty() || line.starts_with('#') || line.starts_with("inputs ") {
            continue;
        }
        let (file, id) = line.split_once(' ')?;
        by_file.entry(file).or_default().push(id);
    }
    let mut plan = DerivedPlan::default();
    let chooser = selection.chooser();
    for (file, ids) in by_file {
        if ids.iter().any(|id| chooser.may_take(id)) {
            plan.wanted.insert(file.to_string());
        } else {
            plan.left_out.extend(ids.iter().map(|id| id.to_string()));
        }
    }
    Some(plan)
}

/// The index of the derived cases of `suite` (loaded whole): a line per
/// case, the description's path under `schemas/` and the trial name,
/// after a header naming the fingerprint of the inputs it was made from.
pub fn derived_index_text(suite: &super::Suite) -> String {
    let mut lines: Vec<String> = suite
        .cases
        .iter()
        .filter_map(|c| {
            let file = c.origin.rsplit_once(':')?.0.strip_prefix("schemas/")?;
            super::description::is_description(file).then(|| format!("{file} {}", c.id()))
        })
        .collect();
    lines.sort();
    format!(
        "# The cases the resource descriptions derive, by description (path under schemas/, trial name):\n\
         # the index a run of a few cases reads instead of expanding every description (suite/select.rs).\n\
         # Generated; when it is stale, `cargo test` fails and a run expands every description. Remake it with\n\
         # FORTIPROBE_UPDATE_DERIVED=1 cargo test -p fortiprobe --lib derived_names\n\
         inputs {}\n{}\n",
        super::embedded::DERIVED_INPUTS,
        lines.join("\n")
    )
}

/// A plain or quoted one-line scalar: its text; `None` for anything a
/// line cannot hold alone (a block, an anchor, a flow collection).
fn plain(v: &str) -> Option<String> {
    let v = v.trim();
    let v = match v.split_once(" #") {
        Some((before, _)) if !v.starts_with(['"', '\'']) => before.trim_end(),
        _ => v,
    };
    let unquoted = match (v.chars().next(), v.chars().last()) {
        (Some('"'), Some('"')) | (Some('\''), Some('\'')) if v.len() >= 2 => &v[1..v.len() - 1],
        _ => v,
    };
    let plain = !unquoted.is_empty()
        && unquoted
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then(|| unquoted.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Source, Suite};

    #[test]
    fn the_outline_of_every_built_in_case_file_is_its_parse() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let mut outlined = Vec::new();
        for (rel, text) in crate::suite::embedded_cases() {
            let o = outline(text).unwrap_or_else(|| panic!("{rel} has no outline"));
            outlined.extend(o.ids());
        }
        outlined.sort();
        // The cases a resource description derives come from no case file.
        let parsed: Vec<String> = suite
            .cases
            .iter()
            .filter(|c| c.origin.starts_with("cases/"))
            .map(|c| c.id())
            .collect();
        assert_eq!(outlined, parsed);
    }

    /// The built-in index of derived cases is the expansion of today's
    /// descriptions (made from the same inputs, naming the same cases);
    /// `FORTIPROBE_UPDATE_DERIVED=1` writes it anew.
    #[test]
    fn derived_names_are_the_expansion() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let text = derived_index_text(&suite);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/suite/description/derived-names.txt");
        if std::env::var_os("FORTIPROBE_UPDATE_DERIVED").is_some() {
            std::fs::write(&path, &text).expect("write the index");
            return;
        }
        let remake = "remake it with `FORTIPROBE_UPDATE_DERIVED=1 cargo test -p fortiprobe --lib derived_names`";
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale (the descriptions or their code changed): {remake}",
            path.display()
        );
        assert!(
            crate::suite::embedded::DERIVED_NAMES.is_some(),
            "the index was not built in: {remake}, then build again"
        );
        let expanded: usize = suite
            .cases
            .iter()
            .filter(|c| c.origin.starts_with("schemas/"))
            .count();
        let all = plan_from(
            &text,
            &Selection {
                filter: Some("/".into()),
                ..Selection::default()
            },
        )
        .expect("the index reads");
        assert_eq!(all.left_out, Vec::<String>::new());
        let none = plan_from(
            &text,
            &Selection {
                filter: Some("no such case".into()),
                ..Selection::default()
            },
        )
        .expect("the index reads");
        assert!(none.wanted.is_empty());
        assert_eq!(none.left_out.len(), expanded);
        assert!(expanded > 100, "{expanded}");
    }

    /// A run of any selection loads every case libtest would take, and
    /// names every other case of the suite exactly once, read or left out.
    #[test]
    fn a_selective_load_takes_what_libtest_takes_and_names_the_rest() {
        let whole = Suite::load(Source::Embedded, &[]).expect("suite");
        let mut all: Vec<String> = whole.cases.iter().map(|c| c.id()).collect();
        all.sort();
        let derived = whole
            .cases
            .iter()
            .find(|c| c.origin.starts_with("schemas/") && c.spec.destructive)
            .expect("a derived destructive case");
        let hand = whole
            .cases
            .iter()
            .find(|c| c.origin.starts_with("cases/fortiportal/"))
            .expect("a FortiPortal case");
        let filters = [
            (derived.id(), true),
            (format!("[{}] {}", derived.trial_kind(), derived.id()), true),
            (hand.id(), true),
            (derived.spec.name.clone(), false),
            (format!("{}/", derived.endpoint), false),
            ("fortitokens/list_default_limit_is_20".to_string(), false),
            ("fortiportal/".to_string(), false),
            ("destructive]".to_string(), false),
            ("no such case".to_string(), false),
        ];
        for (filter, exact) in filters {
            let selection = Selection {
                filter: Some(filter.clone()),
                exact,
                skip: Vec::new(),
            };
            let some = Suite::load_selected(Source::Embedded, &[], &selection).expect("suite");
            let mut named: Vec<String> = some.cases.iter().map(|c| c.id()).collect();
            named.extend(some.left_out.iter().cloned());
            named.sort();
            assert_eq!(named, all, "{filter}");
            if filter == hand.id() {
                // Lazy: no description is read for a case none derives.
                assert!(some.descriptions.is_empty(), "{filter}");
                assert!(some.cases.iter().all(|c| c.origin.starts_with("cases/")));
            }
            for c in &whole.cases {
                if selection.takes(&c.id(), &c.trial_kind()) {
                    assert!(
                        some.cases.iter().any(|x| x.id() == c.id()),
                        "{filter}: {}",
                        c.id()
                    );
                }
            }
        }
    }

    /// A built-in file with all its cases but one made blank holds that
    /// case exactly as the whole file does, at the same line.
    #[test]
    fn a_case_kept_alone_parses_as_in_its_whole_file() {
        let schemas = Suite::load(Source::Embedded, &[]).expect("suite").schemas;
        for (rel, text) in crate::suite::embedded_cases() {
            let file = format!("cases/{rel}");
            let whole = crate::suite::load_case_file(&file, text, &schemas).expect("parses");
            let o = outline(text).expect("an outline");
            for id in o.ids() {
                let alone = o.keep_only(text, |x| x == id);
                let cases = crate::suite::load_case_file(&file, &alone, &schemas)
                    .unwrap_or_else(|e| panic!("{id}: {e:?}"));
                assert_eq!(cases.len(), 1, "{id}");
                let original = whole.iter().find(|c| c.id() == id).expect("in the file");
                assert_eq!(format!("{:?}", cases[0]), format!("{original:?}"), "{id}");
            }
        }
    }

    #[test]
    fn files_not_written_as_the_built_in_ones_have_no_outline() {
        let block = "product: fortiportal\nendpoint: tokens\ncases:\n  - name: a\n    steps: []\n  - summary: x\n    name: b\n";
        let o = outline(block).expect("outline");
        assert_eq!(o.names, ["a", "b"]);
        assert!(outline("product: p\nendpoint: e\ncases: [{name: a}]\n").is_none());
        assert!(outline("product: p\nendpoint: e\ncases:\n  - {name: a}\n").is_none());
        assert!(
            outline("product: p\nendpoint: e\ncases:\n  - summary: x\n  - name: b\n").is_none()
        );
        assert!(outline("product: p\ncases:\n  - name: a\n").is_none());
        let margin =
            outline("product: p\nendpoint: e\ncases:\n- name: a\n  steps: []\n- name: b\n")
                .expect("outline");
        assert_eq!(margin.names, ["a", "b"]);
        assert!(outline("product: p\nendpoint: e\ncases:\n  - name: *anchor\n").is_none());
    }

    #[test]
    fn a_selection_takes_what_libtest_would_run_under_any_kind() {
        let s = |f: &str, exact: bool| Selection {
            filter: Some(f.into()),
            exact,
            skip: Vec::new(),
        };
        assert!(Selection::all().may_take("p/e/c"));
        assert!(s("p/e/c", true).may_take("p/e/c"));
        assert!(s("[sequence destructive] p/e/c", true).may_take("p/e/c"));
        assert!(!s("p/e/c", true).may_take("p/e/cd"));
        assert!(s("e/c", false).may_take("p/e/cd"));
        assert!(s("destructive]", false).may_take("p/e/c"));
        assert!(s("pagination] p/", false).may_take("p/e/c"));
        assert!(!s("fortiportal/", false).may_take("fortiauthenticator/e/c"));
    }

    /// The chooser takes a name exactly when `[kind] name` passes the
    /// filter for some kind, as libtest would try it.
    #[test]
    fn the_chooser_is_the_filter_tried_under_every_kind() {
        let ids = [
            "p/e/c",
            "fortiportal/tokens/token_lifecycle",
            "q/x/ab",
            "e/c",
        ];
        let filters = [
            "p/e/c",
            "e/c",
            "c",
            "[exchange] p/e/c",
            "] p/",
            "e] q",
            "destructive] f",
            "ve] fortiportal/t",
            "[same answer] e/c",
            "answer",
            "[",
            " ",
            "] ",
            "x/ab",
            "[sequence destructive] p/e/c",
            "zz",
        ];
        for exact in [false, true] {
            for f in filters {
                let sel = Selection {
                    filter: Some(f.into()),
                    exact,
                    skip: Vec::new(),
                };
                let chooser = sel.chooser();
                for id in ids {
                    let tried = KINDS
                        .iter()
                        .flat_map(|k| [k.to_string(), format!("{k} destructive")])
                        .any(|kind| {
                            let named = format!("[{kind}] {id}");
                            if exact {
                                named == f || id == f
                            } else {
                                named.contains(f)
                            }
                        });
                    assert_eq!(chooser.may_take(id), tried, "{f:?} exact {exact} {id}");
                }
            }
        }
    }

    /// `takes` decides as libtest-mimic does, for every filter form.
    #[test]
    fn a_selection_takes_exactly_what_libtest_runs() {
        let trial =
            |name: &str, kind: &str| libtest_mimic::Trial::test(name, || Ok(())).with_kind(kind);
        let trials = [
            trial("p/e/a", "sequence destructive"),
            trial("p/e/ab", "exchange"),
            trial("q/f/a", "pagination"),
        ];
        for (filter, exact, skip) in [
            (None, false, vec![]),
            (Some("e/a"), false, vec![]),
            (Some("p/e/a"), true, vec![]),
            (Some("[exchange] p/e/ab"), true, vec![]),
            (Some("destructive"), false, vec![]),
            (Some("a"), false, vec!["q/".to_string()]),
            (None, true, vec!["p/e/a".to_string()]),
        ] {
            let args = libtest_mimic::Arguments {
                filter: filter.map(String::from),
                exact,
                skip: skip.clone(),
                ..Default::default()
            };
            let sel = Selection {
                filter: filter.map(String::from),
                exact,
                skip,
            };
            for t in &trials {
                let ours = sel.takes(t.name(), t.kind());
                assert_eq!(
                    ours,
                    !args.is_filtered_out(t),
                    "{filter:?} {exact} {}",
                    t.name()
                );
                assert!(!ours || sel.may_take(t.name()), "{filter:?} {}", t.name());
            }
        }
    }
}
