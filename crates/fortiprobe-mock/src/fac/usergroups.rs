//! `/api/v1/usergroups/`, as "User groups (/usergroups/)" of the REST API
//! Solution Guide declares it (6.0.0, 6.4.4): `name` (required, at most 50
//! characters), `users` (local user URIs, shown through the memberships),
//! `password_policy` ("Default is set if not specified", 6.4.4) and the
//! query parameter `return_members` ("Boolean to disable return of
//! members": `false` leaves `users` out); `name` filtered with exact only.
//! Methods (6.4.4): GET, POST, PUT ("Replaces all of the resources for the
//! group": the members given become the members), PATCH ("Add users to a
//! user group"), DELETE; the table gives no URIs, so GET and POST are the
//! list's, the others the detail's, as tastypie routes them. Names are
//! unique (the mock's reading: the guide says nothing).

use crate::engine::cell::Cell;
use crate::engine::declare::{
    filter, Field, Initial, Kind, Lookup, Method, Param, Resource, ThroughWrite,
};
use crate::engine::Declaration;
use crate::engine::Seeds;

use super::seed;

pub(crate) const NAME: &str = "usergroups";

const MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required().unique().max(50),
        Field::text("password_policy").initial(Initial::Text("default")),
        Field::through(
            "users",
            "localusers",
            "localgroup-memberships",
            "group",
            "user",
            ThroughWrite::Add,
        ),
    ],
    filtering: &[filter("name", &[Lookup::Exact])],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Put, Method::Patch, Method::Delete],
    params: &[Param {
        name: "return_members",
        kind: Kind::Boolean,
        hides: Some("users"),
    }],
    ..Resource::new(NAME, "User groups (/usergroups/), 6.0.0 and 6.4.4")
};

pub(crate) const RESOURCE: Declaration = Declaration::seeded(MODEL, seed);

fn seed(seeds: &Seeds) -> Vec<Vec<Cell>> {
    seed::generate(seeds.opts.seed, seeds.tokens)
        .groups
        .iter()
        .map(|g| {
            crate::engine::row(
                &MODEL,
                vec![
                    ("name", Cell::text(&g.name)),
                    ("password_policy", Cell::text(&g.password_policy)),
                ],
            )
        })
        .collect()
}
