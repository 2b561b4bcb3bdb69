//! `/api/v1/localusers/`, as "Local users (/localusers/)" of the REST API
//! Solution Guide declares it (6.0.0 to 6.3.3, the versions whose page
//! opens far enough): every field with its restriction, `reason` (6.3.0),
//! `user_groups` read-only ("See usergroups or localgroup-memberships to
//! make relations", 6.2.1 on), and the rules across fields: `token_auth`
//! true needs a `token_type`; `token_type` (and `ftm_act_method`) `email`
//! needs an e-mail, `sms` a mobile number, `dual` both. A FortiToken named
//! by `token_serial` must be available, unlocked and of `token_type`; with
//! `ftk`/`ftm` and no serial "the next available token will be assigned";
//! an assigned token shows `assigned`, and `available` again when taken
//! away or its user deleted (one reading of an undocumented rule).
//! Methods: GET, POST, PATCH (Resource Summary) and DELETE (the summary's
//! "deletion", [seen] on 8.0). The page is cut before its filters table:
//! the filters are the mock's reading (docs/api-notes-fac.md §7).

use serde_json::{Map, Value};

use super::fortitokens;
use super::seed;
use crate::data::TokenStatus;
use crate::engine::cell::Cell;
use crate::engine::change::Change;
use crate::engine::declare::{
    filter, Field, Format, Initial, Lookup, Method, Pattern, Resource, Rule, ThroughWrite,
};
use crate::engine::{Db, Row, Seeds};
use crate::engine::{Declaration, Hooks};
use crate::faults::kind::RuleKind;
use crate::MockState;

pub(crate) const NAME: &str = "localusers";

const TEXT: &[Lookup] = &[
    Lookup::Exact,
    Lookup::Iexact,
    Lookup::Contains,
    Lookup::Icontains,
    Lookup::In,
];

const MODEL: Resource = Resource {
    fields: &[
        Field::text("username")
            .required()
            .unique()
            .max(253)
            .pattern(Pattern::Username),
        Field::text("address").max(80),
        Field::text("city").max(40),
        Field::text("country").format(Format::Country),
        Field::text("custom1").max(255),
        Field::text("custom2").max(255),
        Field::text("custom3").max(255),
        Field::text("email").format(Format::Email),
        Field::text("first_name").max(30),
        Field::text("last_name").max(30),
        Field::boolean("active").initial(Initial::Bool(true)),
        Field::integer("reason").range(0, 8),
        Field::text("mobile_number").max(25).format(Format::Mobile),
        Field::text("phone_number").max(25),
        Field::text("state").max(40),
        Field::through(
            "user_groups",
            "usergroups",
            "localgroup-memberships",
            "user",
            "group",
            ThroughWrite::No,
        ),
        Field::boolean("token_auth"),
        Field::text("token_type")
            .nullable()
            .initial(Initial::Null)
            .choices(&["ftk", "ftm", "ftc", "email", "sms", "dual"]),
        Field::text("token_serial"),
        Field::text("ftm_act_method").choices(&["email", "sms"]),
        // The mock's own state for `/auth/`: no field of the guide.
        Field::text("password")
            .nullable()
            .initial(Initial::Null)
            .internal(),
        Field::integer("failed_logins").internal(),
        Field::datetime("locked_until").internal(),
    ],
    filtering: &[
        filter("username", TEXT),
        filter("email", &[Lookup::Exact, Lookup::Iexact]),
        filter("active", &[Lookup::Exact]),
        filter("token_serial", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get, Method::Post],
    detail_methods: &[Method::Get, Method::Patch, Method::Delete],
    rules: &[
        Rule {
            name: "token_auth",
            check: token_auth,
        },
        Rule {
            name: "token_type",
            check: token_type,
        },
        Rule {
            name: "ftm_act_method",
            check: ftm_act_method,
        },
    ],
    ..Resource::new(NAME, "Local users (/localusers/), 6.0.0 to 6.3.3")
};

pub(crate) const RESOURCE: Declaration = Declaration {
    resource: MODEL,
    hooks: Hooks {
        seed,
        write: Some(second_factor),
        delete: Some(release_on_delete),
        ..Hooks::NONE
    },
};

fn seed(seeds: &Seeds) -> Vec<Vec<Cell>> {
    let data = seed::generate(seeds.opts.seed, seeds.tokens);
    let fixture = seed::auth_user(&data).map(|u| u.id);
    data.users
        .iter()
        .map(|user| {
            let mut values: Vec<(&str, Cell)> = user
                .fields
                .iter()
                .filter_map(|(name, value)| {
                    let (_, field) = MODEL.field(name)?;
                    Some((field.name, Cell::from_json(field, value)))
                })
                .collect();
            if Some(user.id) == fixture {
                values.push(("password", Cell::Static(seed::AUTH_PASSWORD)));
            }
            crate::engine::row(&MODEL, values)
        })
        .collect()
}

fn at(name: &str) -> usize {
    MODEL.field(name).map_or(usize::MAX, |(at, _)| at)
}

/// The id of the local user named `username` (exactly).
pub(crate) fn find(db: &Db, username: &str) -> Option<u64> {
    let table = db.named(NAME)?;
    let rank = *table.indexed(at("username"), username, false)?.first()?;
    table.row_at(rank).map(|r| r.id)
}

/// What authenticating a local user needs of it.
pub(crate) struct Credentials {
    pub(crate) active: bool,
    /// `None`: password-based authentication is off (FortiToken only).
    pub(crate) password: Option<String>,
    /// The FortiToken serial, when the second factor is a FortiToken.
    token: Option<String>,
}

impl Credentials {
    /// The token code the user's FortiToken shows at `now`, if it has one.
    pub(crate) fn token_code(&self, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
        self.token.as_deref().map(|serial| code(serial, now))
    }
}

pub(crate) fn credentials(db: &Db, id: u64) -> Credentials {
    let row = db.named(NAME).and_then(|t| t.get(id));
    let cell = |name| row.map_or(&Cell::Null, |r| r.cell(at(name)));
    let text = |name| {
        cell(name)
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let two_factor = cell("token_auth").as_bool() == Some(true)
        && matches!(cell("token_type").as_str(), Some("ftk" | "ftm"));
    Credentials {
        active: cell("active").as_bool() == Some(true),
        password: text("password"),
        token: text("token_serial").filter(|_| two_factor),
    }
}

/// Changes cells of user `id`.
fn change(db: &mut Db, id: u64, cells: &[(&str, Cell)]) {
    let Some(table) = db.named_mut(NAME) else {
        return;
    };
    let Some(row) = table.get(id) else {
        return;
    };
    let mut new = row.cells.to_vec();
    for (name, cell) in cells {
        new[at(name)] = cell.clone();
    }
    table.replace(id, new);
    db.forget();
}

/// A lockout whose period is over ends: the account is enabled again.
pub(crate) fn unlock_if_due(db: &mut Db, id: u64, now: chrono::DateTime<chrono::Utc>) {
    let due = db
        .named(NAME)
        .and_then(|t| t.get(id))
        .is_some_and(|r| matches!(r.cell(at("locked_until")), Cell::Time(t) if *t <= now));
    if due {
        let cells = [
            ("active", Cell::Bool(true)),
            ("reason", Cell::Int(0)),
            ("failed_logins", Cell::Int(0)),
            ("locked_until", Cell::Null),
        ];
        change(db, id, &cells);
    }
}

/// Counts an authentication of user `id`: `None` a success (the count
/// starts again), else a failure at a time under a lockout policy (none:
/// lockouts are off), which disables the account once it reaches the
/// policy's maximum (`reason` 2: "too many failed attempts").
pub(crate) fn count_failure(
    db: &mut Db,
    id: u64,
    failure: Option<(chrono::DateTime<chrono::Utc>, Option<Lockout>)>,
) {
    let Some((now, lockout)) = failure else {
        change(db, id, &[("failed_logins", Cell::Int(0))]);
        return;
    };
    let failed = db
        .named(NAME)
        .and_then(|t| t.get(id))
        .and_then(|r| match r.cell(at("failed_logins")) {
            Cell::Int(n) => Some(*n),
            _ => None,
        })
        .unwrap_or(0)
        + 1;
    let mut cells = vec![("failed_logins", Cell::Int(failed))];
    if let Some(lockout) = lockout.filter(|l| failed >= l.max_attempts) {
        cells.push(("active", Cell::Bool(false)));
        cells.push(("reason", Cell::Int(2)));
        let until = lockout.period.map_or(Cell::Null, |p| until(now, p));
        cells.push(("locked_until", until));
    }
    change(db, id, &cells);
}

fn text<'m>(object: &'m Map<String, Value>, name: &str) -> &'m str {
    object.get(name).and_then(Value::as_str).unwrap_or("")
}

/// "If 'true', token_type is required."
fn token_auth(object: &Map<String, Value>) -> Result<(), String> {
    let on = object.get("token_auth").and_then(Value::as_bool) == Some(true);
    if on && text(object, "token_type").is_empty() {
        return Err("token_type: required when token_auth is true".into());
    }
    Ok(())
}

/// What a delivery method needs: `email` an e-mail address, `sms` a mobile
/// number, `dual` both.
fn needs(object: &Map<String, Value>, field: &str) -> Result<(), String> {
    let method = text(object, field);
    let email = matches!(method, "email" | "dual") && text(object, "email").is_empty();
    let mobile = matches!(method, "sms" | "dual") && text(object, "mobile_number").is_empty();
    match (email, mobile) {
        (true, _) => Err(format!("email: required when {field} is {method}")),
        (_, true) => Err(format!("mobile_number: required when {field} is {method}")),
        _ => Ok(()),
    }
}

fn token_type(object: &Map<String, Value>) -> Result<(), String> {
    needs(object, "token_type")
}

fn ftm_act_method(object: &Map<String, Value>) -> Result<(), String> {
    needs(object, "ftm_act_method")
}

/// `token_auth`, `token_type`, `token_serial`: assigns, keeps or frees a
/// FortiToken, last of the checks of a write.
fn second_factor(change: &mut Change) -> Result<(), String> {
    let on = change.get("token_auth").as_bool() == Some(true);
    let kind = change.get("token_type").as_str().map(str::to_string);
    let old = change
        .was("token_serial")
        .as_str()
        .unwrap_or("")
        .to_string();
    let mut serial = change
        .get("token_serial")
        .as_str()
        .unwrap_or("")
        .to_string();
    let wanted = kind.as_deref().and_then(fortitokens::kind_of);
    if !on {
        change.set("token_type", Cell::Null);
        serial.clear();
    } else if let Some(wanted) = wanted {
        let tokens = change.db.named("fortitokens").ok_or("no FortiTokens")?;
        if serial.is_empty() {
            serial = next_available(tokens, wanted).ok_or_else(|| {
                format!(
                    "token_serial: no FortiToken of type {} is available",
                    wanted.as_str()
                )
            })?;
        } else if serial != old {
            let row = token(tokens, &serial)
                .ok_or_else(|| format!("token_serial: no FortiToken '{serial}'"))?;
            if !usable(row, wanted) {
                return Err("This serial number is not available for use.".into());
            }
        }
    } else {
        serial.clear();
    }
    if serial != old {
        if !serial.is_empty() && !change.broken(RuleKind::RelationNotReflected, "token_serial") {
            set_status(change.db, &serial, TokenStatus::Assigned);
        }
        release(change.db, &old);
    }
    change.set("token_serial", Cell::text(&serial));
    if change.id.is_some() && change.broken(RuleKind::UpdateNotStored, "token_serial") {
        for name in ["token_auth", "token_type"] {
            let was = change.was(name).clone();
            change.set(name, was);
        }
    }
    Ok(())
}

/// The live token with `serial`.
fn token<'t>(tokens: &'t crate::engine::table::Table, serial: &str) -> Option<&'t Row> {
    let rank = *tokens
        .indexed(fortitokens::at("serial"), serial, false)?
        .first()?;
    tokens.row_at(rank)
}

/// Whether a token may be given to a user asking for `kind`.
fn usable(row: &Row, kind: crate::data::TokenKind) -> bool {
    row.cell(fortitokens::at("status")).as_str() == Some(TokenStatus::Available.as_str())
        && row.cell(fortitokens::at("locked")).as_bool() != Some(true)
        && row.cell(fortitokens::at("type")).as_str() == Some(kind.as_str())
}

/// The serial of the first token, in listing order, that may be given.
fn next_available(
    tokens: &crate::engine::table::Table,
    kind: crate::data::TokenKind,
) -> Option<String> {
    tokens.live().find(|r| usable(r, kind)).and_then(|r| {
        r.cell(fortitokens::at("serial"))
            .as_str()
            .map(str::to_string)
    })
}

fn set_status(db: &mut Db, serial: &str, status: TokenStatus) {
    let Some(tokens) = db.named_mut("fortitokens") else {
        return;
    };
    let Some(row) = token(tokens, serial) else {
        return;
    };
    let (id, mut cells) = (row.id, row.cells.to_vec());
    cells[fortitokens::at("status")] = Cell::Static(status.as_str());
    tokens.replace(id, cells);
}

/// The token with `serial` goes back to `available` (if it was assigned).
fn release(db: &mut Db, serial: &str) {
    if serial.is_empty() {
        return;
    }
    let assigned = db
        .named("fortitokens")
        .and_then(|t| token(t, serial))
        .is_some_and(|r| r.cell(fortitokens::at("status")).as_str() == Some("assigned"));
    if assigned {
        set_status(db, serial, TokenStatus::Available);
    }
}

/// Deleting a user frees its token.
fn release_on_delete(_: &MockState, db: &mut Db, row: &Row) {
    let at = MODEL.field("token_serial").map_or(usize::MAX, |(at, _)| at);
    if let Some(serial) = row.cell(at).as_str() {
        let serial = serial.to_string();
        release(db, &serial);
    }
}

/// The lockout policy's cells a failure needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lockout {
    pub(crate) max_attempts: i64,
    /// `None`: permanent.
    pub(crate) period: Option<i64>,
}

/// The code of a FortiToken at `now`: six digits of its serial and the
/// 30-second step (the mock's own; a real token's code is TOTP).
pub(crate) fn code(serial: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    use std::hash::{Hash, Hasher};
    let step = now.timestamp().div_euclid(30);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (serial, step).hash(&mut hasher);
    format!("{:06}", hasher.finish() % 1_000_000)
}

/// A cell for a time `seconds` after `now` (a lockout's end).
pub(crate) fn until(now: chrono::DateTime<chrono::Utc>, seconds: i64) -> Cell {
    Cell::Time(now + chrono::Duration::seconds(seconds))
}
