//! SNMP, as the guide's pages declare it: "SNMP general setting
//! (/snmpgeneral/)" (6.6.0: the contact, description and location, and the
//! trap thresholds, users, groups, RADIUS and TACACS+ clients, CPU, memory
//! and disk as percentages (0-100), the authentication event and failure
//! rates as plain integers; none required; GET and PATCH on the one URI).
//! One document of settings, seeded as a new appliance might hold them.

use crate::engine::cell::Cell;
use crate::engine::declare::{Field, Method, Resource, Shape};
use crate::engine::{Declaration, Hooks, Seeds};

const SNMPGENERAL_MODEL: Resource = Resource {
    shape: Shape::Single,
    fields: &[
        Field::text("contact").help("SNMP contact"),
        Field::text("description").help("SNMP description"),
        Field::text("location").help("SNMP location"),
        Field::integer("users").range(0, 100),
        Field::integer("groups").range(0, 100),
        Field::integer("radius_clients").range(0, 100),
        Field::integer("tacplus_clients").range(0, 100),
        Field::integer("auth_events"),
        Field::integer("auth_failures"),
        Field::integer("cpu").range(0, 100),
        Field::integer("memory").range(0, 100),
        Field::integer("disk").range(0, 100),
    ],
    list_methods: &[Method::Get, Method::Patch],
    ..Resource::new("snmpgeneral", "SNMP general setting (/snmpgeneral/), 6.6.0")
};

pub(crate) const SNMPGENERAL: Declaration = Declaration {
    resource: SNMPGENERAL_MODEL,
    hooks: Hooks {
        seed: seed_general,
        ..Hooks::NONE
    },
};

fn seed_general(_: &Seeds) -> Vec<Vec<Cell>> {
    vec![crate::engine::row(
        &SNMPGENERAL_MODEL,
        vec![
            ("contact", Cell::Static("noc@example.com")),
            ("description", Cell::Static("FortiAuthenticator")),
            ("location", Cell::Static("Rack 4, DC1")),
            ("users", Cell::Int(90)),
            ("groups", Cell::Int(90)),
            ("radius_clients", Cell::Int(90)),
            ("tacplus_clients", Cell::Int(90)),
            ("auth_events", Cell::Int(500)),
            ("auth_failures", Cell::Int(100)),
            ("cpu", Cell::Int(80)),
            ("memory", Cell::Int(80)),
            ("disk", Cell::Int(90)),
        ],
    )]
}
