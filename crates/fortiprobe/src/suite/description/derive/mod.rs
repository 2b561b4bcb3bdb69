//! Cases derived from resource descriptions: one generated case file per
//! resource, in the shape of a hand-written one (so the suite loads,
//! validates and runs it like any other), each case at the line of the
//! fact it checks. What each kind of case does is in its module: `read`
//! (envelope, one object, pagination, XML, credentials), `filter` (each
//! lookup in each documented syntax), `write` (the round trip), `invalid`
//! (each restriction and rule broken alone, related URIs that name
//! nothing, methods the guide does not list).

mod filter;
pub(super) mod invalid;
mod make;
mod read;
mod write;

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::model::{Derive, Kind, Sources};
use super::ResourceDescription;
use crate::suite::case::Basis;
use crate::yaml::Located;

/// Every rule a derived case may record (`lookup:`, `uri:` and `unlisted:`
/// take what follows; `answer:` is a field's list or type in the answers).
pub const RULES: [&str; 28] = [
    "required",
    "unique",
    "maxLength",
    "minLength",
    "pattern",
    "enum",
    "format",
    "$ref",
    "minimum",
    "maximum",
    "rule",
    "either",
    "either:both",
    "related",
    "readonly",
    "filter",
    "lookup:",
    "in:repeated",
    "in:comma",
    "boolean",
    "listed",
    "reflected",
    "deleted",
    "uri:",
    "unlisted:",
    "parameter",
    "answer:enum",
    "answer:boolean",
];

/// A documented rule a derived case checks: the case fails on a target
/// that breaks it. The kill matrix names such cases as the catchers of the
/// mock's faults of that rule (`catchers.yaml`, `rules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCheck {
    /// The case, `product/endpoint/name`.
    pub case: String,
    /// The resource, as the index names it.
    pub resource: String,
    /// The rule, in the suite's words: a restriction keyword (`maxLength`,
    /// `pattern`, `enum`, `format`, `$ref`, `minimum`, `maximum`), or
    /// `required`, `rule`, `related`, `filter`, `lookup:<lookup>`,
    /// `in:repeated`, `in:comma`, `boolean`, `listed`, `reflected`,
    /// `deleted`, `uri:<method>-<list|detail>[-unslashed]`,
    /// `unlisted:<method>-detail`, `parameter`.
    pub rule: String,
    /// The field (or rule field, related field, parameter) it is about.
    pub detail: Option<String>,
}

/// The generated case file of every description `wanted` that derives
/// cases, and the rules its cases check.
pub fn case_files(
    all: &[ResourceDescription],
    wanted: impl Fn(&ResourceDescription) -> bool,
) -> Vec<(Located, Vec<RuleCheck>)> {
    all.iter()
        .filter(|d| wanted(d))
        .filter_map(|d| {
            let mut g = Gen::new(d, all);
            if d.derives(Derive::Reads) {
                read::cases(&mut g);
            }
            if d.derives(Derive::Filters) {
                filter::cases(&mut g);
            }
            if d.derives(Derive::Writes) && d.head.kind == Kind::Collection {
                write::cases(&mut g);
                invalid::cases(&mut g);
            }
            if d.derives(Derive::Writes) && d.head.kind == Kind::Action {
                invalid::action_cases(&mut g);
            }
            g.finish()
        })
        .collect()
}

pub use super::model::made_by;

/// A case file being generated.
pub(super) struct Gen<'a> {
    pub d: &'a ResourceDescription,
    pub all: &'a [ResourceDescription],
    cases: Vec<Value>,
    /// The description's line of each case's fact.
    lines: Vec<usize>,
    checks: Vec<RuleCheck>,
}

impl<'a> Gen<'a> {
    fn new(d: &'a ResourceDescription, all: &'a [ResourceDescription]) -> Gen<'a> {
        Gen {
            d,
            all,
            cases: Vec::new(),
            lines: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// Records that case `name` (of this resource) checks `rule` about
    /// `detail`.
    pub fn tag(&mut self, name: &str, rule: &str, detail: Option<&str>) {
        let resource = self.d.head.resource.clone();
        self.tag_for(&resource, name, rule, detail);
    }

    /// Records that case `name` checks `rule` of another resource too (a
    /// relation shown on the related object's own field).
    pub fn tag_for(&mut self, resource: &str, name: &str, rule: &str, detail: Option<&str>) {
        self.checks.push(RuleCheck {
            case: format!("{}/{}/{name}", self.d.product_dir, self.d.endpoint()),
            resource: resource.to_string(),
            rule: rule.to_string(),
            detail: detail.map(str::to_string),
        });
    }

    /// Adds a case derived from the fact at `pointer` of the description.
    pub fn add(&mut self, pointer: &str, mut case: Value) {
        // A fixture of the target file an example names (`${radius_policy}`)
        // is one the case needs: without it, the case is ignored.
        let text = case.to_string();
        let used: Vec<&str> = crate::product::Product::from_key(&self.d.product_dir)
            .map(|p| p.describe().fixtures)
            .unwrap_or_default()
            .iter()
            .map(|f| f.name)
            .filter(|n| text.contains(&format!("${{{n}}}")))
            .collect();
        if !used.is_empty() {
            case["fixtures"] = json!(used);
        }
        self.lines.push(self.d.doc.line(pointer));
        self.cases.push(case);
    }

    /// `case` made to need `fields` where later firmware added them: a
    /// target whose schema of the resource lacks one ignores the case.
    pub fn later_fields<'f>(
        &self,
        mut case: Value,
        fields: impl IntoIterator<Item = &'f str>,
    ) -> Value {
        let later: Vec<&str> = fields
            .into_iter()
            .filter(|f| self.d.field(f).is_some_and(|x| x.introduced.is_some()))
            .collect();
        if !later.is_empty() {
            case["resource"] = json!({"index": parent(&self.d.head.path),
                "names": [self.d.head.resource], "fields": later});
        }
        case
    }

    /// The description of resource `name`.
    pub fn described(&self, name: &str) -> Option<&'a ResourceDescription> {
        self.all.iter().find(|d| d.head.resource == name)
    }

    fn finish(self) -> Option<(Located, Vec<RuleCheck>)> {
        if self.cases.is_empty() {
            return None;
        }
        let d = self.d;
        let index = parent(&d.head.path);
        let mut lines = HashMap::new();
        lines.insert(String::new(), d.doc.line(""));
        for (i, l) in self.lines.iter().enumerate() {
            lines.insert(format!("/cases/{i}"), *l);
        }
        let value = json!({
            "product": d.product_dir,
            "endpoint": d.endpoint(),
            "about": format!(
                "Derived from the resource description {} ({}): every case is at the line of the fact it checks.",
                d.rel, d.head.title
            ),
            "identity": ["resource_uri"],
            "resource": {"index": index, "names": [d.head.resource]},
            "cases": self.cases,
        });
        Some((Located::derived(&d.file, value, lines), self.checks))
    }
}

/// `uri:<method>-<list|detail>[-unslashed]`: the rule that the documented
/// URI form of a method works.
pub(super) fn uri_rule(m: &super::model::MethodFact) -> String {
    let detail = m.uri.contains("[id]");
    format!(
        "uri:{}-{}{}",
        m.method.as_str().to_lowercase(),
        if detail { "detail" } else { "list" },
        if detail && !m.uri.ends_with('/') {
            "-unslashed"
        } else {
            ""
        }
    )
}

/// `/api/v1/` for `/api/v1/localusers/`.
fn parent(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(i) => trimmed[..=i].to_string(),
        None => "/".into(),
    }
}

/// The pages `sources` names, for a case's `source`.
pub(super) fn cite(d: &ResourceDescription, sources: &Sources) -> String {
    sources
        .keys()
        .iter()
        .filter_map(|k| d.body.sources.get(*k))
        .map(|p| p.cite())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The guide's general pages every derived case may rest on, cited as
/// rows of docs/vendor-pages.md.
pub(super) mod general {
    /// 'Filtering query results' (6.6.0): `limit` defaults to 20, 'can be
    /// set up to a maximum of 1000'; `?format=json|xml`; Field filters: `exact`
    /// (`name__exact=John Doe`) and `in` written once per value
    /// (`?name__in=John&name__in=Bill`).
    pub const FILTERING: &str = "[FAC 6.6.0: Filtering query results]";
    /// 'General API response codes' (6.6.2): 200, 201 (the body does not
    /// hold the new resource), 202 (the body holds the updated one), 204,
    /// 400 (does not validate), 401 (the credential is incorrect), 403, 500.
    pub const CODES: &str = "[FAC 6.6.2: General API response codes]";
    /// 'Supported API methods' (6.5.5): `/[resource]/` and
    /// `/[resource]/[id]/`; not all methods are supported by all endpoints
    /// (see each endpoint's list of allowed methods).
    pub const METHODS: &str = "[FAC 6.5.5: Supported API methods]";
    /// 'General filters' (6.6.0): limit, offset, order_by; the list
    /// envelope with `meta` and `objects`.
    pub const GENERAL_FILTERS: &str = "[FAC 6.6.0: General filters]";
}

/// The pages of every `Sources` given, each once, for a case's `source`.
pub(super) fn cite_all<'s>(
    d: &ResourceDescription,
    all: impl IntoIterator<Item = &'s Sources>,
) -> String {
    let mut keys: Vec<String> = Vec::new();
    for s in all {
        for k in s.keys() {
            if !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
    }
    cite(d, &Sources::Many(keys))
}

/// `framework` when any fact a case rests on is, else `doc`.
pub(super) fn basis(facts: &[Basis]) -> &'static str {
    if facts.contains(&Basis::Framework) {
        "framework"
    } else {
        "doc"
    }
}

/// A case with its name, summary, basis and source; `rest` adds the
/// steps, check, cleanup and flags.
pub(super) fn case(name: &str, summary: String, basis: &str, source: String, rest: Value) -> Value {
    let mut c = json!({
        "name": name,
        "summary": summary,
        "basis": basis,
        "source": source,
    });
    if let (Value::Object(c), Value::Object(rest)) = (&mut c, rest) {
        c.extend(rest);
    }
    c
}

/// A GET of `path` with `query` (`format=json` first).
pub(super) fn get(path: &str, query: &[(&str, String)]) -> Value {
    let mut q = vec![json!({"format": "json"})];
    q.extend(query.iter().map(|(k, v)| json!({ *k: v })));
    json!({"path": path, "query": q})
}

/// A step: `request` and what to expect.
pub(super) fn step(request: Value, expect: Value) -> Value {
    json!({"request": request, "expect": expect})
}

/// A case's own token: 8 hex digits of its resource and name, so that what
/// it creates is named apart from every other case's and from one run to
/// the next the same.
pub(super) fn token(resource: &str, case: &str) -> u64 {
    // FNV-1a, fixed: the same case names the same objects in every run.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in resource.bytes().chain([b'/']).chain(case.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The token of the `n`th object a case makes: `token` and `n` mixed
/// (SplitMix64), so that every hex digit differs from the case's own.
pub(super) fn mix(token: u64, n: u64) -> u64 {
    let mut z = token.wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `v` with its placeholders filled from `token`: `{unique}` (8 hex
/// digits), `{hex:N}` (N hex digits), `{octet}` (1 to 254).
pub(super) fn fill(v: &Value, token: u64) -> Value {
    match v {
        Value::String(s) => Value::String(fill_text(s, token)),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, token)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), fill(x, token)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

fn fill_text(s: &str, token: u64) -> String {
    let hex = format!("{token:016x}");
    let mut out = s.replace("{unique}", &hex[..8]);
    out = out.replace("{octet}", &(1 + token % 254).to_string());
    while let Some(start) = out.find("{hex:") {
        let Some(len) = out[start..].find('}') else {
            break;
        };
        let n: usize = out[start + 5..start + len].parse().unwrap_or(0).min(16);
        out.replace_range(start..=start + len, &hex[16 - n..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_from_the_case_token() {
        let t = token("macdevices", "create_read_update_delete");
        assert_eq!(t, token("macdevices", "create_read_update_delete"));
        assert_ne!(t, token("macdevices", "other"));
        let v = fill(
            &json!({"a": "fortiprobe-{unique}", "b": ["02{hex:10}"], "c": "192.0.2.{octet}"}),
            t,
        );
        assert_eq!(v["a"].as_str().unwrap().len(), "fortiprobe-".len() + 8);
        assert_eq!(v["b"][0].as_str().unwrap().len(), 12);
        let octet: u64 = v["c"].as_str().unwrap()["192.0.2.".len()..]
            .parse()
            .unwrap();
        assert!((1..=254).contains(&octet));
        assert_eq!(parent("/api/v1/localusers/"), "/api/v1/");
    }

    #[test]
    fn a_value_made_too_long_is_exactly_one_too_long_with_no_placeholder_left() {
        let suite = crate::suite::Suite::load(crate::suite::Source::Embedded, &[]).expect("suite");
        let mut seen = 0;
        for d in &suite.descriptions {
            for (name, f) in &d.body.fields {
                for (case, _, change, rule) in invalid::breakings(d, name, f) {
                    if rule != "maxLength" {
                        continue;
                    }
                    let v = change[name].as_str().expect("a string");
                    let max = f.max_length.expect("a maxLength") as usize;
                    assert_eq!(v.chars().count(), max + 1, "{case}: {v}");
                    assert!(!v.contains('{'), "{case}: {v}");
                    seen += 1;
                }
            }
        }
        assert!(seen > 10, "{seen}");
    }
}
