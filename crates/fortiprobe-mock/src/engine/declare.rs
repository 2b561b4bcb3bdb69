//! The words a FortiAuthenticator resource is declared in, as tastypie's
//! `Resource` declares one (`fields`, `Meta.filtering`,
//! `list_allowed_methods`, `detail_allowed_methods`, related fields): a
//! `Resource` is plain data, built in `const` with the builder methods
//! below; `declaration.rs` adds the functions for what no table states (a
//! FortiToken's status following its assignment, `/auth/`). The engine
//! serves any declared resource; `crate::fac` holds the declarations.

use serde_json::{Map, Value};

/// An HTTP method a resource may allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub(crate) const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    pub(crate) fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn lower(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

/// A Django lookup a filter may allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Lookup {
    Exact,
    Iexact,
    Contains,
    Icontains,
    In,
    Startswith,
    Istartswith,
    Endswith,
    Iendswith,
}

impl Lookup {
    pub(crate) const ALL: [Lookup; 9] = [
        Lookup::Exact,
        Lookup::Iexact,
        Lookup::Contains,
        Lookup::Icontains,
        Lookup::In,
        Lookup::Startswith,
        Lookup::Istartswith,
        Lookup::Endswith,
        Lookup::Iendswith,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Lookup::Exact => "exact",
            Lookup::Iexact => "iexact",
            Lookup::Contains => "contains",
            Lookup::Icontains => "icontains",
            Lookup::In => "in",
            Lookup::Startswith => "startswith",
            Lookup::Istartswith => "istartswith",
            Lookup::Endswith => "endswith",
            Lookup::Iendswith => "iendswith",
        }
    }

    /// Django's name, or `None` for one Django does not know for text
    /// fields (tastypie then reads it as a relation: 400).
    pub(crate) fn parse(name: &str) -> Option<Lookup> {
        Lookup::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Integer,
    Boolean,
    /// ISO-8601, in UTC.
    DateTime,
    /// The URI of one object of the named resource (tastypie's ToOneField);
    /// filtered by the object's id ("e.g. group=15").
    Link(&'static str),
    /// URIs of objects of the named resource (tastypie's ToManyField).
    Links(&'static str),
    /// The id of one object of the named resource, given as a number or as
    /// its digits and shown as a number (the guide's "Integer/String",
    /// "Must be IAM account ID"); filtered by that id.
    Id(&'static str),
    /// Any JSON (a read-only dict or list).
    Json,
}

impl Kind {
    /// The type tastypie's schema gives the field.
    pub(crate) fn schema_type(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::DateTime => "datetime",
            Kind::Link(_) => "related",
            Kind::Links(_) => "related",
            Kind::Id(_) => "integer",
            Kind::Json => "dict",
        }
    }
}

/// A restriction on a text's form (the guide's "Other restrictions").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// "Must be a valid e-mail address".
    Email,
    /// "+[country_code]-[number]".
    Mobile,
    /// "a country code from ISO-3166 list".
    Country,
    /// An IPv4 or IPv6 address, optionally with a prefix or a mask.
    IpOrSubnet,
    /// A MAC address, `xx:xx:xx:xx:xx:xx`.
    Mac,
}

/// A restriction on the characters of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// "contains only letters, numbers and @/./+/-/_ characters".
    Username,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Kept in the object's row.
    Stored,
    /// The URIs `there` of every object of resource `via` whose link
    /// `here` names this object: a relation kept by a membership resource
    /// and shown on both sides (a user's `user_groups`, a group's `users`).
    Through {
        via: &'static str,
        here: &'static str,
        there: &'static str,
        write: ThroughWrite,
    },
    /// The field `field` of the object the link field `link` names (a
    /// membership's `username`).
    Follow {
        link: &'static str,
        field: &'static str,
    },
}

/// What writing a `Through` field does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThroughWrite {
    /// Nothing: read-only.
    No,
    /// A PATCH adds the memberships given (a group's "Add users"); a
    /// create or a PUT makes them exactly the ones given.
    Add,
}

/// A field's value when a create does not give it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Initial {
    /// `""` for text, `null` otherwise (tastypie's `NOT_PROVIDED` on a
    /// nullable field; FortiAuthenticator shows unset text as `""`).
    Blank,
    Null,
    Bool(bool),
    Int(i64),
    Text(&'static str),
}

/// One field of a resource.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    pub(crate) readonly: bool,
    pub(crate) nullable: bool,
    pub(crate) unique: bool,
    /// Not shown in answers (a password).
    pub(crate) write_only: bool,
    /// The mock's own state, no field of the guide: never shown, written,
    /// filtered or described (a local user's password).
    pub(crate) internal: bool,
    pub(crate) max_length: Option<usize>,
    /// Smallest and largest integer.
    pub(crate) range: Option<(i64, i64)>,
    pub(crate) choices: &'static [&'static str],
    pub(crate) format: Option<Format>,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) initial: Initial,
    pub(crate) help: &'static str,
    pub(crate) source: Source,
}

impl Field {
    const fn new(name: &'static str, kind: Kind) -> Field {
        Field {
            name,
            kind,
            required: false,
            readonly: false,
            nullable: false,
            unique: false,
            write_only: false,
            internal: false,
            max_length: None,
            range: None,
            choices: &[],
            format: None,
            pattern: None,
            initial: Initial::Blank,
            help: "",
            source: Source::Stored,
        }
    }

    pub(crate) const fn text(name: &'static str) -> Field {
        Field::new(name, Kind::Text)
    }

    pub(crate) const fn integer(name: &'static str) -> Field {
        Field::new(name, Kind::Integer).initial(Initial::Int(0))
    }

    pub(crate) const fn boolean(name: &'static str) -> Field {
        Field::new(name, Kind::Boolean).initial(Initial::Bool(false))
    }

    pub(crate) const fn datetime(name: &'static str) -> Field {
        Field::new(name, Kind::DateTime)
            .nullable()
            .initial(Initial::Null)
    }

    pub(crate) const fn link(name: &'static str, to: &'static str) -> Field {
        Field::new(name, Kind::Link(to)).initial(Initial::Null)
    }

    /// The id of an object of `to` (see `Kind::Id`).
    pub(crate) const fn id(name: &'static str, to: &'static str) -> Field {
        Field::new(name, Kind::Id(to)).initial(Initial::Null)
    }

    pub(crate) const fn json(name: &'static str) -> Field {
        Field::new(name, Kind::Json)
            .readonly()
            .initial(Initial::Null)
    }

    /// URIs of `to` kept by the rows of `via` (see `Source::Through`).
    pub(crate) const fn through(
        name: &'static str,
        to: &'static str,
        via: &'static str,
        here: &'static str,
        there: &'static str,
        write: ThroughWrite,
    ) -> Field {
        let mut f = Field::new(name, Kind::Links(to));
        f.source = Source::Through {
            via,
            here,
            there,
            write,
        };
        f.readonly = matches!(write, ThroughWrite::No);
        f
    }

    /// The field `field` of the object the link field `link` names.
    pub(crate) const fn follow(
        name: &'static str,
        link: &'static str,
        field: &'static str,
    ) -> Field {
        let mut f = Field::new(name, Kind::Text).readonly();
        f.source = Source::Follow { link, field };
        f
    }

    pub(crate) const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub(crate) const fn readonly(mut self) -> Field {
        self.readonly = true;
        self
    }

    pub(crate) const fn nullable(mut self) -> Field {
        self.nullable = true;
        self
    }

    pub(crate) const fn unique(mut self) -> Field {
        self.unique = true;
        self
    }

    /// The mock's own state (see `internal`).
    pub(crate) const fn internal(mut self) -> Field {
        self.internal = true;
        self.readonly = true;
        self.write_only = true;
        self
    }

    pub(crate) const fn write_only(mut self) -> Field {
        self.write_only = true;
        self
    }

    pub(crate) const fn max(mut self, n: usize) -> Field {
        self.max_length = Some(n);
        self
    }

    pub(crate) const fn range(mut self, low: i64, high: i64) -> Field {
        self.range = Some((low, high));
        self
    }

    pub(crate) const fn choices(mut self, choices: &'static [&'static str]) -> Field {
        self.choices = choices;
        self
    }

    pub(crate) const fn format(mut self, format: Format) -> Field {
        self.format = Some(format);
        self
    }

    pub(crate) const fn pattern(mut self, pattern: Pattern) -> Field {
        self.pattern = Some(pattern);
        self
    }

    pub(crate) const fn initial(mut self, initial: Initial) -> Field {
        self.initial = initial;
        self
    }

    pub(crate) const fn help(mut self, help: &'static str) -> Field {
        self.help = help;
        self
    }

    pub(crate) fn stored(&self) -> bool {
        matches!(self.source, Source::Stored)
    }
}

/// A filterable field and its lookups (tastypie's `Meta.filtering`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Filtering {
    pub(crate) field: &'static str,
    pub(crate) lookups: &'static [Lookup],
}

/// `field` filters with `lookups`.
pub(crate) const fn filter(field: &'static str, lookups: &'static [Lookup]) -> Filtering {
    Filtering { field, lookups }
}

/// A rule across fields, checked on the object as it would be stored:
/// `Err` is the 400's message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// Its name in fault names (`fac-<resource>-cross-field-unchecked-<name>`).
    pub(crate) name: &'static str,
    pub(crate) check: fn(&Map<String, Value>) -> Result<(), String>,
}

/// An either-or across fields ("One of policy or policy_name fields must
/// be specified"): a create must give one of `fields` with a value other
/// than `null`; with `exclusive` ("must be null if ldapuser is set") no
/// write may leave more than one of them set. Its faults are named by the
/// first field (`fac-<resource>-either-unchecked-<field>`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Either {
    pub(crate) fields: &'static [&'static str],
    pub(crate) exclusive: bool,
}

/// One of `fields` is required.
pub(crate) const fn one_of(fields: &'static [&'static str]) -> Either {
    Either {
        fields,
        exclusive: false,
    }
}

/// Exactly one of `fields` is required.
pub(crate) const fn exactly_one_of(fields: &'static [&'static str]) -> Either {
    Either {
        fields,
        exclusive: true,
    }
}

impl Either {
    /// The field that names its faults.
    pub(crate) fn first(&self) -> &'static str {
        self.fields.first().copied().unwrap_or("")
    }
}

/// A documented query parameter that is no filter (`return_members`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    /// The field a `false` value leaves out of each object.
    pub(crate) hides: Option<&'static str>,
}

/// A documented behaviour a declaration's hook decides (`/auth/`'s
/// "Behavior of the API"), so that the catalogue names a fault for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Behaviour {
    pub(crate) kind: crate::faults::kind::RuleKind,
    /// What the fault breaks.
    pub(crate) about: &'static str,
}

/// How a resource is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A list of objects with details (the usual tastypie resource).
    Collection,
    /// One object of settings: `GET` answers it, `PUT`/`PATCH` change it.
    Single,
    /// A `POST` that answers by status (`/auth/`): `Hooks::action` decides.
    Action,
}

/// One FortiAuthenticator resource, as the guide's page for it describes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resource {
    /// The path segment and the name in `GET /api/v1/` (`localusers`).
    pub(crate) name: &'static str,
    /// The guide's page (title, version) the declaration is read from.
    pub(crate) page: &'static str,
    pub(crate) shape: Shape,
    pub(crate) fields: &'static [Field],
    pub(crate) filtering: &'static [Filtering],
    pub(crate) list_methods: &'static [Method],
    pub(crate) detail_methods: &'static [Method],
    /// Detail methods the guide writes without the trailing slash
    /// (`DELETE /api/v1/fortitokens/[id]`).
    pub(crate) unslashed: &'static [Method],
    pub(crate) rules: &'static [Rule],
    /// Either-or rules across fields, checked by the engine.
    pub(crate) either: &'static [Either],
    /// Two fields no two objects may share as a pair (a membership's user
    /// and group).
    pub(crate) unique_together: Option<(&'static str, &'static str)>,
    pub(crate) params: &'static [Param],
    /// Objects carry `id` (fortitokens do not).
    pub(crate) shows_id: bool,
    /// The field a real appliance lists by, with the [seen] shapes
    /// (`MockOptions::seen_shapes`); by id otherwise.
    pub(crate) seen_order: Option<&'static str>,
    /// With the [seen] shapes, a DELETE's 204 carries
    /// `Content-Type: text/html; charset=utf-8`.
    pub(crate) seen_delete_html: bool,
    /// The behaviours its hooks decide (`declaration.rs`).
    pub(crate) behaviours: &'static [Behaviour],
}

impl Resource {
    pub(crate) const fn new(name: &'static str, page: &'static str) -> Resource {
        Resource {
            name,
            page,
            shape: Shape::Collection,
            fields: &[],
            filtering: &[],
            list_methods: &[Method::Get],
            detail_methods: &[Method::Get],
            unslashed: &[],
            rules: &[],
            either: &[],
            unique_together: None,
            params: &[],
            shows_id: true,
            seen_order: None,
            seen_delete_html: false,
            behaviours: &[],
        }
    }

    pub(crate) fn field(&self, name: &str) -> Option<(usize, &'static Field)> {
        self.fields.iter().enumerate().find(|(_, f)| f.name == name)
    }

    pub(crate) fn filtering(&self, name: &str) -> Option<&'static Filtering> {
        self.filtering.iter().find(|f| f.field == name)
    }

    /// The path of its list (`/api/v1/localusers/`).
    pub(crate) fn list_path(&self) -> String {
        format!("/api/v1/{}/", self.name)
    }

    /// The `resource_uri` of its object `id`.
    pub(crate) fn uri(&self, id: u64) -> String {
        format!("/api/v1/{}/{id}/", self.name)
    }
}
