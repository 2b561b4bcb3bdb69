//! `/api/v1/localgroup-memberships/`, as "Local user group memberships
//! (/localgroup-memberships/)" of the REST API Solution Guide declares it
//! (6.5.6): `group` and `user` (required URIs), `group_name` and
//! `username` (read-only, the linked objects' names); GET on the list and
//! on `[id]/`, POST, and DELETE on `/api/v1/localgroup-memberships/[id]`
//! (written without its trailing slash); `group` and `user` filtered by
//! id with exact and in ("e.g. group=15"), `group_name` and `username`
//! with exact, iexact, contains, icontains and in. A pair that exists is
//! refused (the mock's reading); a membership goes with its user or group
//! (Django's cascade).

use crate::engine::cell::Cell;
use crate::engine::declare::{filter, Field, Lookup, Method, Resource};
use crate::engine::Declaration;
use crate::engine::Seeds;

use super::seed;

pub(crate) const NAME: &str = "localgroup-memberships";

const TEXT: &[Lookup] = &[
    Lookup::Exact,
    Lookup::Iexact,
    Lookup::Contains,
    Lookup::Icontains,
    Lookup::In,
];

const MODEL: Resource = Resource {
    fields: &[
        Field::link("group", "usergroups")
            .required()
            .help("Local user group URI"),
        Field::link("user", "localusers")
            .required()
            .help("Local user URI"),
        Field::follow("group_name", "group", "name").help("Member of the group"),
        Field::follow("username", "user", "username").help("Member username"),
    ],
    filtering: &[
        filter("group", &[Lookup::Exact, Lookup::In]),
        filter("user", &[Lookup::Exact, Lookup::In]),
        filter("group_name", TEXT),
        filter("username", TEXT),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Delete],
    unslashed: &[Method::Delete],
    unique_together: Some(("user", "group")),
    ..Resource::new(
        NAME,
        "Local user group memberships (/localgroup-memberships/), 6.5.6",
    )
};

pub(crate) const RESOURCE: Declaration = Declaration::seeded(MODEL, seed);

fn seed(seeds: &Seeds) -> Vec<Vec<Cell>> {
    seed::generate(seeds.opts.seed, seeds.tokens)
        .memberships
        .iter()
        .map(|m| {
            crate::engine::row(
                &MODEL,
                vec![("group", Cell::Link(m.group)), ("user", Cell::Link(m.user))],
            )
        })
        .collect()
}
