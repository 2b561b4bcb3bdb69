//! RADIUS and TACACS+ service objects, as the guide's pages declare them:
//! "RADIUS clients (/radiusclients/)" (6.6.1), "RADIUS policies
//! (/radiuspolicies/)" (6.6.2, listed only), "RADIUS Policy/ Client
//! Associations (/radiuspolicyclient/)" (6.4.6, 6.5.4), "TACACS+ clients
//! (/tacplusclients/)" (6.4.3), "TACACS+ policies (/tacpluspolicies/)"
//! (6.5.1) and "TACACS+ policy client association (/tacpluspolicyclient/)"
//! (6.4.9). A client's `address` is "IP address or subnet" (its display
//! name; the restriction column says only the length): read as that form.
//! A RADIUS association names its policy and client by URI or by name
//! ("One of policy or policy_name fields must be specified"); the filters
//! table's `policy_client` is read as `client_name`. Policies are
//! configured elsewhere (the GUI): seeded, with a few clients and
//! associations so that a listing has values to filter on.

use serde_json::Value;

use crate::engine::cell::Cell;
use crate::engine::cell::Cell::{Link, Static};
use crate::engine::change::Change;
use crate::engine::declare::{
    filter, one_of, Either, Field, Filtering, Format, Lookup, Method, Resource,
};
use crate::engine::{rows, Declaration, Hooks, Rows};

/// The filter of clients and policies: `name`, exact.
const BY_NAME: &[Filtering] = &[filter("name", &[Lookup::Exact])];

/// The filters of associations: both names, exact.
const BY_NAMES: &[Filtering] = &[
    filter("policy_name", &[Lookup::Exact]),
    filter("client_name", &[Lookup::Exact]),
];

/// A RADIUS or TACACS+ client, of `fields` (`name`, `address`, `secret`,
/// and any the page adds): filtered by name; GET and POST on the list,
/// GET, PUT and DELETE on an object.
const fn client(name: &'static str, page: &'static str, fields: &'static [Field]) -> Resource {
    Resource {
        fields,
        filtering: BY_NAME,
        list_methods: &[Method::Get, Method::Post],
        detail_methods: &[Method::Get, Method::Put, Method::Delete],
        ..Resource::new(name, page)
    }
}

/// A client's `address`, at most `max` characters.
const fn address(max: usize) -> Field {
    Field::text("address")
        .required()
        .max(max)
        .format(Format::IpOrSubnet)
}

/// A policy (read-only through the API, configured in the GUI).
const fn policy(name: &'static str, page: &'static str, fields: &'static [Field]) -> Resource {
    Resource {
        fields,
        filtering: BY_NAME,
        ..Resource::new(name, page)
    }
}

/// A policy/client association: `fields` (the links and the names they
/// follow), filtered by both names, GET and POST on the list, GET and
/// DELETE on an object, one association per pair.
const fn association(
    name: &'static str,
    page: &'static str,
    fields: &'static [Field],
    either: &'static [Either],
) -> Resource {
    Resource {
        fields,
        filtering: BY_NAMES,
        list_methods: &[Method::Get, Method::Post],
        detail_methods: &[Method::Get, Method::Delete],
        unique_together: Some(("policy", "client")),
        either,
        ..Resource::new(name, page)
    }
}

const RADIUSCLIENTS_MODEL: Resource = client(
    "radiusclients",
    "RADIUS clients (/radiusclients/), 6.6.1",
    &[
        Field::text("name").required().max(32),
        address(128),
        Field::text("secret").required().max(63),
        Field::boolean("accounting_usage"),
        Field::boolean("disconnect"),
    ],
);

pub(crate) const RADIUSCLIENTS: Declaration = Declaration::seeded(RADIUSCLIENTS_MODEL, |_| {
    rows(&RADIUSCLIENTS_MODEL, RADIUS_CLIENTS)
});

const RADIUS_CLIENTS: Rows = &[
    &[
        ("name", Static("fgt-branch")),
        ("address", Static("10.10.0.1")),
        ("secret", Static("Mock-Radius-Secret-1")),
    ],
    &[
        ("name", Static("wlc-campus")),
        ("address", Static("10.20.0.0/24")),
        ("secret", Static("Mock-Radius-Secret-1")),
    ],
];

pub(super) const POLICY_NAMES: &[&str] = &["default-policy", "vpn-users", "wifi-8021x"];

fn policies(res: &'static Resource) -> Vec<Vec<Cell>> {
    POLICY_NAMES
        .iter()
        .map(|name| crate::engine::row(res, vec![("name", Cell::Static(name))]))
        .collect()
}

const RADIUSPOLICIES_MODEL: Resource = policy(
    "radiuspolicies",
    "RADIUS policies (/radiuspolicies/), 6.6.2",
    &[Field::text("name").required().readonly()],
);

pub(crate) const RADIUSPOLICIES: Declaration =
    Declaration::seeded(RADIUSPOLICIES_MODEL, |_| policies(&RADIUSPOLICIES_MODEL));

const RADIUSPOLICYCLIENT_MODEL: Resource = association(
    "radiuspolicyclient",
    "RADIUS Policy/ Client Associations (/radiuspolicyclient/), 6.4.6 and 6.5.4",
    &[
        Field::link("policy", "radiuspolicies").help("RADIUS policy URI"),
        Field::link("client", "radiusclients").help("RADIUS client URI"),
        Field::follow("policy_name", "policy", "name"),
        Field::follow("client_name", "client", "name"),
    ],
    // "One of policy or policy_name fields must be specified. One of
    // client or client_name fields must be specified."
    &[
        one_of(&["policy", "policy_name"]),
        one_of(&["client", "client_name"]),
    ],
);

pub(crate) const RADIUSPOLICYCLIENT: Declaration = Declaration {
    resource: RADIUSPOLICYCLIENT_MODEL,
    hooks: Hooks {
        seed: |_| rows(&RADIUSPOLICYCLIENT_MODEL, RADIUS_ASSOCIATIONS),
        prepare: Some(by_name),
        ..Hooks::NONE
    },
};

/// (policy, client), by their places in `POLICY_NAMES` and `RADIUS_CLIENTS`.
const RADIUS_ASSOCIATIONS: Rows = &[
    &[("policy", Link(1)), ("client", Link(1))],
    &[("policy", Link(2)), ("client", Link(2))],
    &[("policy", Link(3)), ("client", Link(1))],
];

/// `policy_name` and `client_name` given for a link not given: the link to
/// the object of that name.
fn by_name(change: &mut Change) -> Result<(), String> {
    for (link, to) in [("policy", "radiuspolicies"), ("client", "radiusclients")] {
        let name = format!("{link}_name");
        let Some(wanted) = change.given.get(&name).and_then(Value::as_str) else {
            continue;
        };
        if change.given.contains_key(link) {
            continue;
        }
        let table = change.db.named(to).ok_or("no such resource")?;
        let name_at = table.res.field("name").map_or(usize::MAX, |(at, _)| at);
        let found = table
            .live()
            .find(|r| r.cell(name_at).as_str() == Some(wanted));
        match found {
            Some(row) => {
                let id = row.id;
                change.set(link, Cell::Link(id));
            }
            None => return Err(format!("{name}: no {to} object named '{wanted}'")),
        }
    }
    Ok(())
}

const TACPLUSCLIENTS_MODEL: Resource = client(
    "tacplusclients",
    "TACACS+ clients (/tacplusclients/), 6.4.3",
    &[
        Field::text("name").required().max(32),
        address(47),
        Field::text("secret").required().max(63),
    ],
);

pub(crate) const TACPLUSCLIENTS: Declaration = Declaration::seeded(TACPLUSCLIENTS_MODEL, |_| {
    rows(&TACPLUSCLIENTS_MODEL, TACPLUS_CLIENTS)
});

const TACPLUS_CLIENTS: Rows = &[
    &[
        ("name", Static("core-sw-1")),
        ("address", Static("10.30.0.1")),
        ("secret", Static("Mock-Tacacs-Secret-1")),
    ],
    &[
        ("name", Static("core-sw-2")),
        ("address", Static("10.30.0.2")),
        ("secret", Static("Mock-Tacacs-Secret-1")),
    ],
    &[
        ("name", Static("dmz-fw")),
        ("address", Static("192.0.2.0/28")),
        ("secret", Static("Mock-Tacacs-Secret-1")),
    ],
];

const TACPLUSPOLICIES_MODEL: Resource = policy(
    "tacpluspolicies",
    "TACACS+ policies (/tacpluspolicies/), 6.5.1",
    &[Field::text("name").readonly()],
);

pub(crate) const TACPLUSPOLICIES: Declaration =
    Declaration::seeded(TACPLUSPOLICIES_MODEL, |_| policies(&TACPLUSPOLICIES_MODEL));

const TACPLUSPOLICYCLIENT_MODEL: Resource = association(
    "tacpluspolicyclient",
    "TACACS+ policy client association (/tacpluspolicyclient/), 6.4.9",
    &[
        Field::link("policy", "tacpluspolicies")
            .required()
            .help("TACACS+ policy URI"),
        Field::link("client", "tacplusclients")
            .required()
            .help("TACACS+ client URI"),
        Field::follow("policy_name", "policy", "name"),
        Field::follow("client_name", "client", "name"),
    ],
    &[],
);

pub(crate) const TACPLUSPOLICYCLIENT: Declaration =
    Declaration::seeded(TACPLUSPOLICYCLIENT_MODEL, |_| {
        rows(&TACPLUSPOLICYCLIENT_MODEL, TACPLUS_ASSOCIATIONS)
    });

/// (policy, client), by their places in `POLICY_NAMES` and `TACPLUS_CLIENTS`.
const TACPLUS_ASSOCIATIONS: Rows = &[
    &[("policy", Link(1)), ("client", Link(1))],
    &[("policy", Link(2)), ("client", Link(2))],
    &[("policy", Link(1)), ("client", Link(3))],
    &[("policy", Link(3)), ("client", Link(2))],
];
