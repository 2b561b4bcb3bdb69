//! IAM objects, as the guide's pages declare them: "IAM accounts
//! (/iamaccounts/)" (6.5.0: a name and an alias, each required and
//! unique; GET, POST, PATCH, DELETE; filtered on `id` with exact and in,
//! and on `name` and `alias` with exact) and "IAM users (/iamusers/)"
//! (6.4.9: a username, unique within its account; the account, the local
//! user and the LDAP user by id, "Interger/String"; `is_admin`; a local
//! user "must be null if ldapuser is set" and the other way round, and the
//! table marks both required: exactly one of them; GET, POST, PATCH,
//! DELETE; filtered on `id` with exact and in, the rest with exact). The
//! engine filters on declared fields only, so the `id` filter the pages
//! list is not served (a query on `id` is refused as tastypie refuses a
//! field it may not filter). The mock serves no LDAP users (they are
//! imported from a remote server): an IAM user's `ldapuser` is a number it
//! does not look up. Seeded with a few accounts and users, so that a
//! listing has values to filter on.

use crate::engine::cell::Cell::{Int, Link, Static};
use crate::engine::declare::{exactly_one_of, filter, Field, Initial, Lookup, Method, Resource};
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

const IAMUSERS_MODEL: Resource = Resource {
    fields: &[
        Field::text("username").required().help("username"),
        Field::id("account", "iamaccounts")
            .required()
            .help("account"),
        Field::boolean("is_admin").help("is_admin"),
        Field::id("localuser", "localusers")
            .nullable()
            .help("localuser"),
        Field::integer("ldapuser")
            .nullable()
            .initial(Initial::Null)
            .help("ldapuser"),
    ],
    either: &[exactly_one_of(&["localuser", "ldapuser"])],
    unique_together: Some(("account", "username")),
    filtering: &[
        filter("username", &[Lookup::Exact]),
        filter("account", &[Lookup::Exact]),
        filter("localuser", &[Lookup::Exact]),
        filter("ldapuser", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Patch, Method::Delete],
    ..Resource::new("iamusers", "IAM users (/iamusers/), 6.4.9")
};

pub(crate) const IAMUSERS: Declaration = Declaration {
    resource: IAMUSERS_MODEL,
    hooks: Hooks {
        seed: |_| rows(&IAMUSERS_MODEL, USERS),
        ..Hooks::NONE
    },
};

/// Accounts by their places in `ACCOUNTS`, local users by id (every data
/// variant seeds thirty or more), LDAP users by a number.
const USERS: Rows = &[
    &[
        ("username", Static("alice")),
        ("account", Link(1)),
        ("localuser", Link(3)),
    ],
    &[
        ("username", Static("bob")),
        ("account", Link(1)),
        ("ldapuser", Int(7)),
    ],
    &[
        ("username", Static("alice")),
        ("account", Link(2)),
        ("localuser", Link(5)),
        ("is_admin", crate::engine::cell::Cell::Bool(true)),
    ],
    &[
        ("username", Static("carol")),
        ("account", Link(3)),
        ("ldapuser", Int(12)),
    ],
];
