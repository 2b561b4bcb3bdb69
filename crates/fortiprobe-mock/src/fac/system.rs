//! The appliance's settings and state: `/systeminfo/` ("System Information
//! (/systeminfo/)", 6.4.1 to 6.4.7: read-only, GET), `/userlockoutpolicy/`
//! ("User lockout policy (/userlockoutpolicy/)", 6.5.1 and 6.5.5: "query
//! and edit"; the page is cut before its methods, so GET, and PUT and PATCH
//! as the general table edits), `/syslogservers/` ("Syslog servers
//! (/syslogservers/)", 6.0.5 and 6.4.1) and `/fortitokenmobilelicenses/`
//! ("FTM licenses (/fortitokenmobilelicenses/)", 6.2.1: GET the counts;
//! its POST activates a license with FortiGuard, an external server, and
//! is not served). The counts the state resources show come from the
//! other tables.

use serde_json::{json, Map, Value};

use super::fortitokens;
use super::localusers::Lockout;
use crate::engine::cell::Cell;
use crate::engine::declare::{Field, Initial, Method, Resource, Shape};
use crate::engine::{Db, Row, Seeds};
use crate::engine::{Declaration, Hooks};
use crate::MockState;

const SYSTEMINFO_MODEL: Resource = Resource {
    shape: Shape::Single,
    fields: &[
        Field::text("sn").readonly().help("Serial number"),
        Field::text("firmware")
            .readonly()
            .help("Current firmware version"),
        Field::integer("cpu").readonly().range(0, 100),
        Field::integer("memory").readonly().range(0, 100),
        Field::json("memory_usage_detail"),
        Field::integer("disk").readonly().range(0, 100),
        Field::json("disk_usage_detail"),
        Field::json("users_usage_detail"),
        Field::json("groups_usage_detail"),
    ],
    ..Resource::new(
        "systeminfo",
        "System Information (/systeminfo/), 6.4.1 to 6.4.7",
    )
};

pub(crate) const SYSTEMINFO: Declaration = Declaration {
    resource: SYSTEMINFO_MODEL,
    hooks: Hooks {
        seed: seed_info,
        shape: Some(usage),
        ..Hooks::NONE
    },
};

fn seed_info(_: &Seeds) -> Vec<Vec<Cell>> {
    vec![crate::engine::row(
        &SYSTEMINFO_MODEL,
        vec![
            ("sn", Cell::Static("FAC-VM0000000001")),
            ("firmware", Cell::Static("FACVM v6.6.2-build1635 (GA)")),
            ("cpu", Cell::Int(3)),
            ("memory", Cell::Int(41)),
            ("disk", Cell::Int(12)),
        ],
    )]
}

/// The usage details, from what the appliance holds now.
fn usage(_: &MockState, db: &Db, _: &Row, object: &mut Map<String, Value>) {
    let count = |name: &str| db.named(name).map_or(0, |t| t.len());
    object.insert(
        "memory_usage_detail".into(),
        json!({"total": 8_167_704, "used": 3_348_758}),
    );
    object.insert(
        "disk_usage_detail".into(),
        json!({"total": 62_914_560, "used": 7_549_747}),
    );
    object.insert(
        "users_usage_detail".into(),
        json!({"max": 5000, "used": count("localusers")}),
    );
    object.insert(
        "groups_usage_detail".into(),
        json!({"max": 1500, "used": count("usergroups")}),
    );
}

const USERLOCKOUTPOLICY_MODEL: Resource = Resource {
    shape: Shape::Single,
    fields: &[
        Field::boolean("failed_login_lockout").required(),
        Field::integer("failed_login_lockout_max_attempts")
            .range(1, 20)
            .initial(Initial::Int(3)),
        Field::boolean("failed_login_lockout_permanent"),
        Field::integer("failed_login_lockout_period")
            .range(60, 86400)
            .initial(Initial::Int(60)),
        Field::boolean("inactivity_lockout"),
        Field::integer("inactivity_lockout_period")
            .range(1, 1825)
            .initial(Initial::Int(90)),
    ],
    list_methods: &[Method::Get, Method::Put, Method::Patch],
    ..Resource::new(
        "userlockoutpolicy",
        "User lockout policy (/userlockoutpolicy/), 6.5.1 and 6.5.5",
    )
};

pub(crate) const USERLOCKOUTPOLICY: Declaration =
    Declaration::seeded(USERLOCKOUTPOLICY_MODEL, seed_policy);

fn seed_policy(_: &Seeds) -> Vec<Vec<Cell>> {
    vec![crate::engine::row(
        &USERLOCKOUTPOLICY_MODEL,
        vec![("failed_login_lockout", Cell::Bool(true))],
    )]
}

/// The lockout a failed authentication counts towards, if lockouts are on.
pub(crate) fn lockout(db: &Db) -> Option<Lockout> {
    let row = db.named("userlockoutpolicy")?.get(1)?;
    let cell = |name: &str| {
        USERLOCKOUTPOLICY_MODEL
            .field(name)
            .map_or(&Cell::Null, |(at, _)| row.cell(at))
    };
    let int = |name: &str| match cell(name) {
        Cell::Int(n) => Some(*n),
        _ => None,
    };
    if cell("failed_login_lockout").as_bool() != Some(true) {
        return None;
    }
    let permanent = cell("failed_login_lockout_permanent").as_bool() == Some(true);
    Some(Lockout {
        max_attempts: int("failed_login_lockout_max_attempts").unwrap_or(3),
        period: (!permanent).then(|| int("failed_login_lockout_period").unwrap_or(60)),
    })
}

const LEVELS: &[&str] = &[
    "emergency",
    "alert",
    "critical",
    "error",
    "warning",
    "notice",
    "information",
    "debug",
];

const FACILITIES: &[&str] = &[
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
    "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
];

const SYSLOGSERVERS_MODEL: Resource = Resource {
    fields: &[
        Field::text("name").required(),
        Field::text("address").required(),
        // "Required: Yes" and "Default is set to 514 if not specified":
        // read as optional with that default.
        Field::integer("port").initial(Initial::Int(514)),
        Field::text("level")
            .choices(LEVELS)
            .initial(Initial::Text("information")),
        Field::text("facility")
            .choices(FACILITIES)
            .initial(Initial::Text("user")),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Patch, Method::Delete],
    ..Resource::new(
        "syslogservers",
        "Syslog servers (/syslogservers/), 6.0.5 and 6.4.1",
    )
};

pub(crate) const SYSLOGSERVERS: Declaration = Declaration::seeded(SYSLOGSERVERS_MODEL, |_| {
    crate::engine::rows(&SYSLOGSERVERS_MODEL, SYSLOG_SERVERS)
});

const SYSLOG_SERVERS: crate::engine::Rows = &[
    &[
        ("name", Cell::Static("central-log")),
        ("address", Cell::Static("10.40.0.10")),
    ],
    &[
        ("name", Cell::Static("siem")),
        ("address", Cell::Static("siem.example.com")),
        ("port", Cell::Int(6514)),
        ("level", Cell::Static("warning")),
        ("facility", Cell::Static("local0")),
    ],
];

const FTM_LICENSES_MODEL: Resource = Resource {
    shape: Shape::Single,
    fields: &[
        Field::text("license").write_only(),
        Field::integer("total_ftm").readonly(),
        Field::integer("used_ftm").readonly(),
        Field::integer("available_ftm").readonly(),
    ],
    ..Resource::new(
        "fortitokenmobilelicenses",
        "FTM licenses (/fortitokenmobilelicenses/), 6.2.1",
    )
};

pub(crate) const FTM_LICENSES: Declaration = Declaration {
    resource: FTM_LICENSES_MODEL,
    hooks: Hooks {
        seed: one_row,
        shape: Some(ftm_counts),
        ..Hooks::NONE
    },
};

fn one_row(_: &Seeds) -> Vec<Vec<Cell>> {
    vec![crate::engine::row(&FTM_LICENSES_MODEL, Vec::new())]
}

/// The FortiToken Mobile counts of the token list.
fn ftm_counts(_: &MockState, db: &Db, _: &Row, object: &mut Map<String, Value>) {
    let (mut total, mut used, mut available) = (0u64, 0u64, 0u64);
    if let Some(tokens) = db.named(fortitokens::NAME) {
        let (kind, status) = (fortitokens::at("type"), fortitokens::at("status"));
        for row in tokens
            .live()
            .filter(|r| r.cell(kind).as_str() == Some("ftm"))
        {
            total += 1;
            match row.cell(status).as_str() {
                Some("assigned") => used += 1,
                Some("available") => available += 1,
                _ => {}
            }
        }
    }
    object.insert("total_ftm".into(), Value::from(total));
    object.insert("used_ftm".into(), Value::from(used));
    object.insert("available_ftm".into(), Value::from(available));
}
