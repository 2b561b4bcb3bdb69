//! IAM objects, as the guide's pages declare them: "IAM accounts
//! (/iamaccounts/)" (6.5.0: a name and an alias, each required and
//! unique; GET, POST, PATCH, DELETE; filtered on `id` with exact and in,
//! and on `name` and `alias` with exact). The engine filters on declared
//! fields only, so the `id` filter the page lists is not served (a query
//! on `id` is refused as tastypie refuses a field it may not filter).
//! Seeded with a few accounts, so that a listing has values to filter on.

use crate::engine::cell::Cell::Static;
use crate::engine::declare::{filter, Field, Lookup, Method, Resource};
use crate::engine::{rows, Declaration, Hooks, Rows};

const IAMACCOUNTS_MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required().unique().help("name"),
        Field::text("alias").required().unique().help("alias"),
    ],
    filtering: &[
        filter("name", &[Lookup::Exact]),
        filter("alias", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Patch, Method::Delete],
    ..Resource::new("iamaccounts", "IAM accounts (/iamaccounts/), 6.5.0")
};

pub(crate) const IAMACCOUNTS: Declaration = Declaration {
    resource: IAMACCOUNTS_MODEL,
    hooks: Hooks {
        seed: |_| rows(&IAMACCOUNTS_MODEL, ACCOUNTS),
        ..Hooks::NONE
    },
};

const ACCOUNTS: Rows = &[
    &[("name", Static("engineering")), ("alias", Static("eng"))],
    &[("name", Static("operations")), ("alias", Static("ops"))],
    &[("name", Static("Contractors")), ("alias", Static("ext"))],
];
