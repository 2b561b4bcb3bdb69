//! Fortinet SSO objects, as the guide's pages declare them: "SSO/Remote
//! groups (/ssogroup/)" (6.2.1, 6.3.4: name unique, at most 50; GET, POST,
//! DELETE of one or of all; name with exact and in) and "FortiGate group
//! filter (/fgtgroupfilter/)" (6.4.4, 6.5.3: shortname and nasname, both
//! unique; GET and PUT only, so the filters are seeded as if FortiGates had
//! been configured; shortname with exact, iexact, contains, icontains and
//! in). The filters' nested SSO filtering objects
//! (`/fgtgroupfilter/[id]/ssofilterobjects/`) are not served: the engine
//! serves no nested resource.

use crate::engine::cell::Cell::Static;
use crate::engine::declare::{filter, Field, Lookup, Method, Resource};
use crate::engine::{rows, Declaration, Rows};

const SSOGROUP_MODEL: Resource = Resource {
    fields: &[Field::text("name").required().unique().max(50)],
    filtering: &[filter("name", &[Lookup::Exact, Lookup::In])],
    list_methods: &[Method::Get, Method::Post, Method::Delete],
    detail_methods: &[Method::Get, Method::Delete],
    ..Resource::new(
        "ssogroup",
        "SSO/Remote groups (/ssogroup/), 6.2.1 and 6.3.4",
    )
};

pub(crate) const SSOGROUP: Declaration =
    Declaration::seeded(SSOGROUP_MODEL, |_| rows(&SSOGROUP_MODEL, SSO_GROUPS));

/// Names as FSSO reports them: a distinguished name, and plain names.
const SSO_GROUPS: Rows = &[
    &[("name", Static("CN=VPN Users,OU=Groups,DC=example,DC=com"))],
    &[("name", Static("Domain Admins"))],
    &[("name", Static("Helpdesk"))],
    &[("name", Static("Finance"))],
];

const FGTGROUPFILTER_MODEL: Resource = Resource {
    fields: &[
        Field::text("shortname").required().unique().max(32),
        Field::text("nasname").required().unique().max(128),
    ],
    filtering: &[filter(
        "shortname",
        &[
            Lookup::Exact,
            Lookup::Iexact,
            Lookup::Contains,
            Lookup::Icontains,
            Lookup::In,
        ],
    )],
    list_methods: &[Method::Get],
    detail_methods: &[Method::Get, Method::Put],
    ..Resource::new(
        "fgtgroupfilter",
        "FortiGate group filter (/fgtgroupfilter/), 6.4.4 and 6.5.3",
    )
};

pub(crate) const FGTGROUPFILTER: Declaration = Declaration::seeded(FGTGROUPFILTER_MODEL, |_| {
    rows(&FGTGROUPFILTER_MODEL, FILTERS)
});

const FILTERS: Rows = &[
    &[
        ("shortname", Static("FGT-HQ")),
        ("nasname", Static("10.0.0.1")),
    ],
    &[
        ("shortname", Static("FGT-Branch")),
        ("nasname", Static("fgt-branch.example.com")),
    ],
    &[
        ("shortname", Static("FGT-DC")),
        ("nasname", Static("10.0.0.3")),
    ],
];
