//! MAC authentication objects, as the guide's pages declare them: "MAC
//! devices (/macdevices/)" (6.4.5: name, address in the forms the page
//! lists, vendor wildcards included, description; GET, POST, PATCH,
//! DELETE; name and address filtered with exact, iexact, contains,
//! icontains, startswith, istartswith), "MAC groups (/macgroups/)" (6.3.2,
//! 6.5.2: name, the devices read-only; GET, POST, DELETE; name exact) and
//! "MAC device group associations (/macgroup-memberships/)" (6.3.2, 6.5.2:
//! the group and device URIs required, their names shown; GET, POST,
//! DELETE; group_name and device_name exact). A group shows its devices
//! through the associations; an association goes with its device or group.
//! Seeded with a few devices, groups and associations, so that a listing
//! has values to filter on.

use crate::engine::cell::Cell::{Link, Static};
use crate::engine::declare::{filter, Field, Format, Lookup, Method, Resource, ThroughWrite};
use crate::engine::{rows, Declaration, Rows};

const SEARCH: &[Lookup] = &[
    Lookup::Exact,
    Lookup::Iexact,
    Lookup::Contains,
    Lookup::Icontains,
    Lookup::Startswith,
    Lookup::Istartswith,
];

const MACDEVICES_MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required().max(50),
        Field::text("address")
            .required()
            .max(25)
            .format(Format::Mac),
        Field::text("description").max(255),
    ],
    filtering: &[filter("name", SEARCH), filter("address", SEARCH)],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Patch, Method::Delete],
    ..Resource::new("macdevices", "MAC devices (/macdevices/), 6.4.5")
};

pub(crate) const MACDEVICES: Declaration =
    Declaration::seeded(MACDEVICES_MODEL, |_| rows(&MACDEVICES_MODEL, DEVICES));

const DEVICES: Rows = &[
    &[
        ("name", Static("printer-lobby")),
        ("address", Static("00:09:0f:aa:bb:01")),
        ("description", Static("Lobby printer")),
    ],
    &[
        ("name", Static("printer-floor2")),
        ("address", Static("00:09:0f:aa:bb:02")),
    ],
    &[
        ("name", Static("camera-gate")),
        ("address", Static("3c:22:fb:10:20:30")),
    ],
    &[
        ("name", Static("Badge-Reader-1")),
        ("address", Static("a4:83:e7:0c:11:22")),
    ],
    // A second interface of one device: one name, two addresses (names
    // are not unique), so that AND-ed filters differ from OR-ed ones.
    &[
        ("name", Static("camera-gate")),
        ("address", Static("3c:22:fb:10:20:31")),
    ],
];

const MACGROUPS_MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required().max(50),
        Field::through(
            "devices",
            "macdevices",
            "macgroup-memberships",
            "group",
            "device",
            ThroughWrite::No,
        ),
    ],
    filtering: &[filter("name", &[Lookup::Exact])],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Delete],
    ..Resource::new("macgroups", "MAC groups (/macgroups/), 6.3.2 and 6.5.2")
};

pub(crate) const MACGROUPS: Declaration =
    Declaration::seeded(MACGROUPS_MODEL, |_| rows(&MACGROUPS_MODEL, GROUPS));

const GROUPS: Rows = &[
    &[("name", Static("printers"))],
    &[("name", Static("cameras"))],
    &[("name", Static("door-access"))],
];

const MACGROUP_MEMBERSHIPS_MODEL: Resource = Resource {
    fields: &[
        Field::link("group", "macgroups")
            .required()
            .help("MAC device group URI."),
        Field::link("device", "macdevices")
            .required()
            .help("MAC device URI."),
        Field::follow("group_name", "group", "name"),
        Field::follow("device_name", "device", "name"),
    ],
    filtering: &[
        filter("group_name", &[Lookup::Exact]),
        filter("device_name", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Delete],
    unique_together: Some(("group", "device")),
    ..Resource::new(
        "macgroup-memberships",
        "MAC device group associations (/macgroup-memberships/), 6.3.2 and 6.5.2",
    )
};

pub(crate) const MACGROUP_MEMBERSHIPS: Declaration =
    Declaration::seeded(MACGROUP_MEMBERSHIPS_MODEL, |_| {
        rows(&MACGROUP_MEMBERSHIPS_MODEL, MEMBERSHIPS)
    });

/// (group, device), by their places in `GROUPS` and `DEVICES`.
const MEMBERSHIPS: Rows = &[
    &[("group", Link(1)), ("device", Link(1))],
    &[("group", Link(1)), ("device", Link(2))],
    &[("group", Link(2)), ("device", Link(3))],
    &[("group", Link(3)), ("device", Link(4))],
];
