//! Hand-made records and pages for the unit tests of the listing checks.

use serde_json::{json, Value};

use super::page::Page;
use super::record::Record;
use crate::product::ListRules;
use crate::suite::property::{Condition, Source};

pub const RULES: ListRules = ListRules {
    default_limit: 20,
    max_limit: 1000,
};

pub fn rec(uri: u32, serial: &str, status: &str) -> Record {
    Record {
        key: format!("/api/v1/fortitokens/{uri}/").into(),
        fields: [
            ("serial".to_string(), serial.to_string()),
            ("status".to_string(), status.to_string()),
            ("type".to_string(), "ftm".to_string()),
        ]
        .into_iter()
        .collect(),
    }
}

pub fn listing() -> Vec<Record> {
    vec![
        rec(1, "FTKMOB0001", "available"),
        rec(2, "FTKMOB0002", "assigned"),
        rec(3, "FTKMOB0003", "available"),
        rec(4, "FTK2000001", "new"),
    ]
}

pub fn page(query: &str, meta: Value, records: Vec<Record>) -> Page {
    Page {
        target: format!("/api/v1/fortitokens/?{query}"),
        path: "/api/v1/fortitokens/".into(),
        query: url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        meta,
        records,
        rules: RULES,
    }
}

pub fn cond(param: &str, source: Source) -> Condition {
    Condition::new(param, source).unwrap()
}

pub fn good_meta(limit: u64, offset: u64, total: u64, next: Value, previous: Value) -> Value {
    json!({"limit": limit, "offset": offset, "total_count": total, "next": next, "previous": previous})
}
