//! `/api/v1/fortitokens/`, as "FortiTokens (/fortitokens/)" of the REST API
//! Solution Guide declares it (6.0 to 6.6.x; `last_used_at` since 6.4.1):
//! the six fields, GET on the list, DELETE on `/api/v1/fortitokens/[id]`
//! (written without its trailing slash), `serial` filtered with exact and
//! iexact, `type`, `status` and `license` with exact. GET of one token is
//! tastypie's `get_detail` (the guide lists no detail GET; the index and
//! every `resource_uri` name detail URIs). Objects carry no `id`.
//! With the [seen] shapes: listed by serial, keys in alphabetical order,
//! `last_used_at` without a zone or `"N/A"`, DELETE's 204 as text/html.

use serde_json::{Map, Value};

use crate::data::TokenKind;
use crate::engine::cell::Cell;
use crate::engine::declare::{filter, Field, Lookup, Method, Resource};
use crate::engine::{Declaration, Hooks};
use crate::engine::{Row, Seeds};
use crate::faults::kind::RuleKind;
use crate::MockState;

pub(crate) const NAME: &str = "fortitokens";

const TYPES: &[&str] = &["ftk", "ftm"];
const STATUSES: &[&str] = &["new", "available", "pending", "assigned"];

const MODEL: Resource = Resource {
    fields: &[
        Field::text("serial").unique().help("Serial number"),
        Field::text("type").choices(TYPES).help("Either ftk or ftm"),
        Field::text("status")
            .choices(STATUSES)
            .help("One of new, available, pending, assigned"),
        Field::boolean("locked").help("true or false"),
        Field::text("license").help("The license under which the FortiToken was activated"),
        Field::datetime("last_used_at")
            .readonly()
            .help("ISO-8601 formatted time in UTC."),
    ],
    filtering: &[
        filter("serial", &[Lookup::Exact, Lookup::Iexact]),
        filter("type", &[Lookup::Exact]),
        filter("status", &[Lookup::Exact]),
        filter("license", &[Lookup::Exact]),
    ],
    list_methods: &[Method::Get],
    detail_methods: &[Method::Get, Method::Delete],
    unslashed: &[Method::Delete],
    shows_id: false,
    seen_order: Some("serial"),
    seen_delete_html: true,
    ..Resource::new(NAME, "FortiTokens (/fortitokens/), 6.4.1 to 6.6.x")
};

pub(crate) const RESOURCE: Declaration = Declaration {
    resource: MODEL,
    hooks: Hooks {
        seed,
        shape: Some(shape),
        ..Hooks::NONE
    },
};

/// The place of a field in the declaration (for the hooks of others).
pub(crate) fn at(name: &str) -> usize {
    MODEL.field(name).map_or(usize::MAX, |(at, _)| at)
}

fn seed(seeds: &Seeds) -> Vec<Vec<Cell>> {
    seeds
        .tokens
        .iter()
        .map(|t| {
            vec![
                Cell::text(&t.serial),
                Cell::Static(t.kind.as_str()),
                Cell::Static(t.status.as_str()),
                Cell::Bool(t.locked),
                Cell::text(&t.license),
                t.last_used_at.map_or(Cell::Null, Cell::Time),
            ]
        })
        .collect()
}

/// The token that fault `out-of-enum-deep` breaks: listing position 1500
/// (by id; ids follow the listing order but with the [seen] shapes).
const DEEP_BAD_TOKEN: u64 = 1500;

/// The [seen] shapes, and the one token a deep fault breaks.
fn shape(state: &MockState, _: &crate::engine::Db, row: &Row, object: &mut Map<String, Value>) {
    if row.id == DEEP_BAD_TOKEN && state.broken(NAME, RuleKind::OutOfEnumDeep, "type") {
        object.insert("type".into(), Value::from("FTM"));
    }
    if !state.options().seen_shapes {
        return;
    }
    let last_used_at = match row.cell(at("last_used_at")) {
        Cell::Time(t) => Value::from(t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        _ => Value::from("N/A"),
    };
    object.insert("last_used_at".into(), last_used_at);
    let mut entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    object.extend(entries);
}

/// The type a `token_type` of a local user asks for.
pub(crate) fn kind_of(token_type: &str) -> Option<TokenKind> {
    match token_type {
        "ftk" => Some(TokenKind::Ftk),
        "ftm" => Some(TokenKind::Ftm),
        _ => None,
    }
}
