//! Certificate management, as the guide's pages declare it: "SCEP
//! Enrollment Requests Management (/scepregs/)" (6.4.3; its URL is
//! `/api/v1/scepreqs/`, the name served: a request's status (Approved,
//! Pending or Rejected), type (Wildcard or Regular), subject and issuer,
//! none of them writable, as the API makes no request; GET of the list and
//! of one, DELETE of one; `subject` filtered with exact, iexact, contains
//! and icontains). Seeded with a few requests, as devices would have sent.

use crate::engine::cell::Cell::Static;
use crate::engine::declare::{filter, Field, Lookup, Method, Resource};
use crate::engine::{rows, Declaration, Hooks, Rows};

const SCEPREQS_MODEL: Resource = Resource {
    fields: &[
        Field::text("status")
            .readonly()
            .choices(&["Approved", "Pending", "Rejected"]),
        Field::text("type")
            .readonly()
            .choices(&["Wildcard", "Regular"]),
        Field::text("subject").readonly(),
        Field::text("issuer").readonly(),
    ],
    filtering: &[filter(
        "subject",
        &[
            Lookup::Exact,
            Lookup::Iexact,
            Lookup::Contains,
            Lookup::Icontains,
        ],
    )],
    list_methods: &[Method::Get],
    detail_methods: &[Method::Get, Method::Delete],
    ..Resource::new(
        "scepreqs",
        "SCEP Enrollment Requests Management (/scepregs/), 6.4.3",
    )
};

pub(crate) const SCEPREQS: Declaration = Declaration {
    resource: SCEPREQS_MODEL,
    hooks: Hooks {
        seed: |_| rows(&SCEPREQS_MODEL, REQUESTS),
        ..Hooks::NONE
    },
};

const CA: &str = "CN=Example Issuing CA,O=Example,C=CA";

const REQUESTS: Rows = &[
    &[
        ("status", Static("Approved")),
        ("type", Static("Regular")),
        ("subject", Static("CN=laptop-0142,O=Example,C=CA")),
        ("issuer", Static(CA)),
    ],
    &[
        ("status", Static("Pending")),
        ("type", Static("Regular")),
        ("subject", Static("CN=Laptop-0177,O=Example,C=CA")),
        ("issuer", Static(CA)),
    ],
    &[
        ("status", Static("Approved")),
        ("type", Static("Wildcard")),
        ("subject", Static("CN=*.devices.example.com,O=Example,C=CA")),
        ("issuer", Static(CA)),
    ],
    &[
        ("status", Static("Rejected")),
        ("type", Static("Regular")),
        ("subject", Static("CN=printer-lobby,O=Example,C=CA")),
        ("issuer", Static(CA)),
    ],
];
