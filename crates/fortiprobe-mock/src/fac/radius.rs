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
use crate::engine::declare::{filter, Field, Format, Lookup, Method, Resource, Rule};
use crate::engine::{rows, Declaration, Hooks, Rows};

const CLIENT_METHODS: (&[Method], &[Method]) = (
    &[Method::Get, Method::Post],
    &[Method::Get, Method::Put, Method::Delete],
);

const RADIUSCLIENTS_MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required().max(32),
        Field::text("address")
            .required()
            .max(128)
            .format(Format::IpOrSubnet),
        Field::text("secret").required().max(63),
        Field::boolean("accounting_usage"),
        Field::boolean("disconnect"),
    ],
    filtering: &[filter("name", &[Lookup::Exact])],
    list_methods: CLIENT_METHODS.0,
    detail_methods: CLIENT_METHODS.1,
    ..Resource::new("radiusclients", "RADIUS clients (/radiusclients/), 6.6.1")
};

pub(crate) const RADIUSCLIENTS: Declaration = Declaration {
    resource: RADIUSCLIENTS_MODEL,
    hooks: Hooks {
        seed: |_| rows(&RADIUSCLIENTS_MODEL, RADIUS_CLIENTS),
        ..Hooks::NONE
    },
};

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

const RADIUSPOLICIES_MODEL: Resource = Resource {
    fields: &[Field::text("name").required().readonly()],
    filtering: &[filter("name", &[Lookup::Exact])],
    ..Resource::new(
        "radiuspolicies",
        "RADIUS policies (/radiuspolicies/), 6.6.2",
    )
};

pub(crate) const RADIUSPOLICIES: Declaration = Declaration {
    resource: RADIUSPOLICIES_MODEL,
    hooks: Hooks {
        seed: |_| policies(&RADIUSPOLICIES_MODEL),
        ..Hooks::NONE
    },
};

const RADIUSPOLICYCLIENT_MODEL: Resource = Resource {
    fields: &[
        Field::link("policy", "radiuspolicies").help("RADIUS policy URI"),
        Field::link("client", "radiusclients").help("RADIUS client URI"),
        Field::follow("policy_name", "policy", "name"),
        Field::follow("client_name", "client", "name"),
    ],
    filtering: &[
        filter("policy_name", &[Lookup::Exact]),
        filter("client_name", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Delete],
    unique_together: Some(("policy", "client")),
    rules: &[
        Rule {
            name: "policy",
            check: |o| named(o, "policy"),
        },
        Rule {
            name: "client",
            check: |o| named(o, "client"),
        },
    ],
    ..Resource::new(
        "radiuspolicyclient",
        "RADIUS Policy/ Client Associations (/radiuspolicyclient/), 6.4.6 and 6.5.4",
    )
};

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

/// "One of policy or policy_name fields must be specified."
fn named(object: &serde_json::Map<String, Value>, link: &str) -> Result<(), String> {
    match object.get(link) {
        Some(Value::String(_)) => Ok(()),
        _ => Err(format!(
            "One of {link} or {link}_name fields must be specified."
        )),
    }
}

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

const TACPLUSCLIENTS_MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required().max(32),
        Field::text("address")
            .required()
            .max(47)
            .format(Format::IpOrSubnet),
        Field::text("secret").required().max(63),
    ],
    filtering: &[filter("name", &[Lookup::Exact])],
    list_methods: CLIENT_METHODS.0,
    detail_methods: CLIENT_METHODS.1,
    ..Resource::new(
        "tacplusclients",
        "TACACS+ clients (/tacplusclients/), 6.4.3",
    )
};

pub(crate) const TACPLUSCLIENTS: Declaration = Declaration {
    resource: TACPLUSCLIENTS_MODEL,
    hooks: Hooks {
        seed: |_| rows(&TACPLUSCLIENTS_MODEL, TACPLUS_CLIENTS),
        ..Hooks::NONE
    },
};

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

const TACPLUSPOLICIES_MODEL: Resource = Resource {
    fields: &[Field::text("name").readonly()],
    filtering: &[filter("name", &[Lookup::Exact])],
    ..Resource::new(
        "tacpluspolicies",
        "TACACS+ policies (/tacpluspolicies/), 6.5.1",
    )
};

pub(crate) const TACPLUSPOLICIES: Declaration = Declaration {
    resource: TACPLUSPOLICIES_MODEL,
    hooks: Hooks {
        seed: |_| policies(&TACPLUSPOLICIES_MODEL),
        ..Hooks::NONE
    },
};

const TACPLUSPOLICYCLIENT_MODEL: Resource = Resource {
    fields: &[
        Field::link("policy", "tacpluspolicies")
            .required()
            .help("TACACS+ policy URI"),
        Field::link("client", "tacplusclients")
            .required()
            .help("TACACS+ client URI"),
        Field::follow("policy_name", "policy", "name"),
        Field::follow("client_name", "client", "name"),
    ],
    filtering: &[
        filter("policy_name", &[Lookup::Exact]),
        filter("client_name", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Delete],
    unique_together: Some(("policy", "client")),
    ..Resource::new(
        "tacpluspolicyclient",
        "TACACS+ policy client association (/tacpluspolicyclient/), 6.4.9",
    )
};

pub(crate) const TACPLUSPOLICYCLIENT: Declaration = Declaration {
    resource: TACPLUSPOLICYCLIENT_MODEL,
    hooks: Hooks {
        seed: |_| rows(&TACPLUSPOLICYCLIENT_MODEL, TACPLUS_ASSOCIATIONS),
        ..Hooks::NONE
    },
};

/// (policy, client), by their places in `POLICY_NAMES` and `TACPLUS_CLIENTS`.
const TACPLUS_ASSOCIATIONS: Rows = &[
    &[("policy", Link(1)), ("client", Link(1))],
    &[("policy", Link(2)), ("client", Link(2))],
    &[("policy", Link(1)), ("client", Link(3))],
    &[("policy", Link(3)), ("client", Link(2))],
];
