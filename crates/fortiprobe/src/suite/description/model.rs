//! A resource description as written in YAML (`schemas/<product>/resources/
//! <resource>.yaml`): the facts of one resource's page in the vendor's
//! guide, each with the source it was transcribed from. Typed data and its
//! parsing only; what is checked across facts is `check.rs`, the schemas
//! it gives are `schema.rs`, the cases `derive/`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::suite::case::{Basis, Method};

/// What kind of endpoint a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A tastypie list of objects (`{meta, objects}`), each with a
    /// `resource_uri`.
    Collection,
    /// One document answered at the resource's path (system information).
    Single,
    /// An endpoint that only takes requests (authentication).
    Action,
}

/// The top of a description, every key but those read one by one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// The resource's name in the index (`localgroup-memberships`).
    pub resource: String,
    /// The endpoint of the derived cases (trial names); the resource's name
    /// with `-` as `_` when not given.
    #[serde(default)]
    pub endpoint: Option<String>,
    pub title: String,
    pub kind: Kind,
    /// The list (or only) URI, `/api/v1/<resource>/`.
    pub path: String,
    /// What the description covers and leaves out, for readers.
    #[serde(default)]
    pub about: Option<String>,
    /// The firmware version whose guide first documents the resource.
    pub introduced: Introduced,
    /// Which kinds of cases are derived (all when not given).
    #[serde(default)]
    pub derive: Option<Vec<Derive>>,
    /// Why some kinds are not derived, for readers (with `derive`).
    #[serde(default)]
    pub derive_note: Option<String>,
}

/// The kinds of cases a description can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derive {
    /// Reads: the list envelope, one object, pagination, XML, credentials.
    Reads,
    /// Each filter with each lookup in each documented syntax.
    Filters,
    /// Writes: the round trip, each restriction and rule broken alone,
    /// related URIs that name nothing, methods not documented.
    Writes,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Introduced {
    pub version: String,
    pub source: Sources,
    #[serde(default)]
    pub note: Option<String>,
}

/// A page of the vendor's guide a fact comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The guide's version (`6.5.6`).
    pub guide: String,
    /// The page's title as the guide gives it.
    pub title: String,
    pub url: String,
    /// Part of the page that could not be read, or anything else to know.
    #[serde(default)]
    pub note: Option<String>,
}

impl Page {
    /// How the repository cites the page (a row of docs/vendor-pages.md):
    /// `[FAC 6.4.4: User groups]` for 'User groups (/usergroups/)' of the
    /// 6.4.4 guide (the format string is split so that it is not read as a
    /// citation itself).
    pub fn cite(&self) -> String {
        let title = match self.title.rfind(" (/") {
            Some(i) if self.title.ends_with(')') => &self.title[..i],
            _ => self.title.as_str(),
        };
        format!("[{} {}: {}]", "FAC", self.guide, title)
    }
}

/// One source key or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Sources {
    One(String),
    Many(Vec<String>),
}

impl Sources {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Sources::One(s) => vec![s.as_str()],
            Sources::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// A field's type as the guide's tables write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    String,
    Boolean,
    Integer,
    /// The URI of an object of the resource named by `of`.
    Uri,
    /// A list of such URIs.
    Uris,
    /// The id of an object (of the resource named by `of`, when it is
    /// described), as the guide types it "Integer/String": a number or its
    /// digits ("Must be IAM account ID"). An example's `{create: r, as:
    /// id}` is the id of an object the case makes through `r`.
    Id,
    /// A JSON object (details whose shape the guide does not give).
    Object,
    /// A value whose type the guide gives in words only ('details (total,
    /// used) in KB' typed as an integer): not type-checked.
    Any,
}

/// One row of a *Supported fields* table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// The related resource, for `uri` and `uris`.
    #[serde(default)]
    pub of: Option<String>,
    /// A create request must carry it ("Required: Yes").
    #[serde(default)]
    pub required: bool,
    /// Answers show it; requests cannot set it.
    #[serde(default)]
    pub readonly: bool,
    /// No two objects may share its value (the guide's 'unique').
    #[serde(default)]
    pub unique: bool,
    /// Answers may show `null` for it.
    #[serde(default)]
    pub nullable: bool,
    /// A secret (a RADIUS client's shared secret): masked in every output,
    /// never compared in a finding.
    #[serde(default)]
    pub secret: bool,
    /// An answer need not show it (the guide's own example leaves it out).
    #[serde(default)]
    pub optional_in_answer: bool,
    /// The firmware version that added it, when later than the resource.
    #[serde(default)]
    pub introduced: Option<String>,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
    #[serde(default)]
    pub note: Option<String>,
    /// Restrictions, as JSON Schema keywords.
    #[serde(default, rename = "maxLength")]
    pub max_length: Option<u64>,
    #[serde(default, rename = "minLength")]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default, rename = "enum")]
    pub enumeration: Option<Vec<Value>>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub minimum: Option<i64>,
    #[serde(default)]
    pub maximum: Option<i64>,
    /// A schema of `schemas/` the value must meet (a list of codes).
    #[serde(default, rename = "$ref")]
    pub reference: Option<String>,
    /// Values that break one restriction each, where one cannot be made
    /// from the restriction itself (a pattern, a format, a list).
    #[serde(default)]
    pub invalid: Vec<Invalid>,
}

impl Field {
    /// The restriction keywords the field carries.
    pub fn keywords(&self) -> Vec<&'static str> {
        [
            (self.max_length.is_some(), "maxLength"),
            (self.min_length.is_some(), "minLength"),
            (self.pattern.is_some(), "pattern"),
            (self.enumeration.is_some(), "enum"),
            (self.format.is_some(), "format"),
            (self.minimum.is_some(), "minimum"),
            (self.maximum.is_some(), "maximum"),
            (self.reference.is_some(), "$ref"),
        ]
        .into_iter()
        .filter_map(|(carried, keyword)| carried.then_some(keyword))
        .collect()
    }
}

/// Whether an example's value stands for the id of the object it makes
/// (`{create: r, as: id}`) rather than its URI.
pub fn as_id(v: &Value) -> bool {
    v.get("as").and_then(Value::as_str) == Some("id")
}

/// The resources a value of an example create stands for: `{create: r}`
/// or a list of them.
pub fn made_by(v: &Value) -> Vec<&str> {
    match v {
        Value::Object(m) => m
            .get("create")
            .and_then(Value::as_str)
            .into_iter()
            .collect(),
        Value::Array(a) => a.iter().flat_map(made_by).collect(),
        _ => Vec::new(),
    }
}

/// A value that breaks exactly one restriction of its field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invalid {
    /// Names the derived case: `invalid_<name>_is_400`.
    pub name: String,
    pub value: Value,
    /// The keyword it breaks (`pattern`, `format`, `enum`, `$ref`).
    pub breaks: String,
    /// Other values the request needs so that only this value is wrong
    /// (a token type is read only with `token_auth: true`).
    #[serde(default)]
    pub with: Map<String, Value>,
}

/// A cross-field rule, of one of two kinds: when the fields of `when` have
/// those values, the fields of `require` must be given; or an either-or,
/// one of the fields of `one_of` must be given ("One of policy or
/// policy_name fields must be specified"), and with `exclusive` no more
/// than one ("must be null if ldapuser is set"). A field is given when a
/// request carries it with a value other than `null`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Names the derived case: `<name>_is_400`.
    pub name: String,
    #[serde(default)]
    pub when: Map<String, Value>,
    /// Other values the request needs so that only this rule is broken.
    #[serde(default)]
    pub with: Map<String, Value>,
    #[serde(default)]
    pub require: Vec<String>,
    /// The fields of an either-or (instead of `when` and `require`).
    #[serde(default)]
    pub one_of: Vec<String>,
    /// With `one_of`: exactly one of them, not several.
    #[serde(default)]
    pub exclusive: bool,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
    #[serde(default)]
    pub note: Option<String>,
}

/// One row of an *Allowed methods* table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodFact {
    pub method: Method,
    /// The URI as the guide writes it: the resource's path, or it with
    /// `[id]` and a slash or none (`/api/v1/x/[id]`).
    pub uri: String,
    /// The success status (*General API response codes*).
    pub status: u16,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
    #[serde(default)]
    pub note: Option<String>,
}

/// How a filter reads its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterValue {
    /// The field's value as listed.
    #[default]
    AsListed,
    /// The id a listed URI ends with ("Accepts group ID (e.g. group=15)").
    Id,
}

/// One row of an *Allowed filters* table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterFact {
    pub lookups: Vec<String>,
    #[serde(default)]
    pub value: FilterValue,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
    #[serde(default)]
    pub note: Option<String>,
}

/// A documented query parameter other than the filters (`return_members`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    #[serde(rename = "type")]
    pub kind: FieldType,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
    #[serde(default)]
    pub introduced: Option<String>,
    /// The field of each object the parameter leaves out when `false`.
    #[serde(default)]
    pub hides: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Valid requests, for the writes: what a create sends (a `{create:
/// <resource>}` value stands for an object the case makes through that
/// resource's own example), what a PATCH and a PUT change.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub create: Map<String, Value>,
    #[serde(default)]
    pub patch: Option<Map<String, Value>>,
    #[serde(default)]
    pub put: Option<Map<String, Value>>,
    /// The field that names a created object (unique): leftovers are found
    /// by it. `{unique}` in its value is the case's own token.
    #[serde(default)]
    pub naming: Option<String>,
}

/// Where a created object shows on a related object: the object `via`
/// names (a URI field of this resource) holds, in its field `on`, the URI
/// of `holds` (`self`: the created object; else a URI field of it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    pub via: String,
    pub on: String,
    pub holds: String,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
    #[serde(default)]
    pub note: Option<String>,
}

/// A read-only field that repeats a field of a related object
/// (`group_name` is the name of the group `group` names).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mirror {
    pub field: String,
    pub via: String,
    pub of: String,
    pub source: Sources,
    #[serde(default)]
    pub basis: Basis,
}

/// Everything else a description holds, by key.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub sources: BTreeMap<String, Page>,
    pub fields: Vec<(String, Field)>,
    pub rules: Vec<Rule>,
    pub methods: Vec<MethodFact>,
    pub filters: Vec<(String, FilterFact)>,
    pub parameters: Vec<(String, Parameter)>,
    pub example: Option<Example>,
    pub reflections: Vec<Reflection>,
    pub mirrors: Vec<Mirror>,
}

/// The keys of a description's top mapping.
pub const KEYS: [&str; 18] = [
    "resource",
    "endpoint",
    "title",
    "kind",
    "path",
    "about",
    "introduced",
    "derive",
    "derive_note",
    "sources",
    "fields",
    "rules",
    "methods",
    "filters",
    "parameters",
    "example",
    "reflections",
    "mirrors",
];

/// The lookups Django defines that the guide's filter tables name.
pub const LOOKUPS: [&str; 7] = [
    "exact",
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "in",
];
