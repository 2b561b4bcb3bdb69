//! Fortinet SSO objects, as the guide's pages declare them: "SSO/Remote
//! groups (/ssogroup/)" (6.2.1, 6.3.4: name unique, at most 50; GET, POST,
//! DELETE of one or of all; name with exact and in) and "FortiGate group
//! filter (/fgtgroupfilter/)" (6.4.4, 6.5.3: shortname and nasname, both
//! unique; GET and PUT only, so the filters are seeded as if FortiGates had
//! been configured; shortname with exact, iexact, contains, icontains and
//! in). The filters' nested SSO filtering objects
//! (`/fgtgroupfilter/[id]/ssofilterobjects/`) are not served: the engine
//! serves no nested resource.

use crate::engine::cell::Cell;
use crate::engine::declare::{filter, Field, Lookup, Method, Resource};
use crate::engine::Seeds;
use crate::engine::{Declaration, Hooks};

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

pub(crate) const SSOGROUP: Declaration = Declaration {
    resource: SSOGROUP_MODEL,
    hooks: Hooks {
        seed: seed_groups,
        ..Hooks::NONE
    },
};

fn seed_groups(_: &Seeds) -> Vec<Vec<Cell>> {
    ["CN=VPN Users,OU=Groups,DC=example,DC=com", "Domain Admins"]
        .into_iter()
        .map(|name| crate::engine::row(&SSOGROUP_MODEL, vec![("name", Cell::Static(name))]))
        .collect()
}

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

pub(crate) const FGTGROUPFILTER: Declaration = Declaration {
    resource: FGTGROUPFILTER_MODEL,
    hooks: Hooks {
        seed: seed_filters,
        ..Hooks::NONE
    },
};

fn seed_filters(_: &Seeds) -> Vec<Vec<Cell>> {
    [
        ("FGT-HQ", "10.0.0.1"),
        ("FGT-Branch", "fgt-branch.example.com"),
    ]
    .into_iter()
    .map(|(short, nas)| {
        crate::engine::row(
            &FGTGROUPFILTER_MODEL,
            vec![
                ("shortname", Cell::Static(short)),
                ("nasname", Cell::Static(nas)),
            ],
        )
    })
    .collect()
}
