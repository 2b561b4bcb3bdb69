//! One tastypie-like engine that serves every declared FortiAuthenticator
//! resource (`crate::fac` declares them in `declare.rs`'s words, with the
//! hooks of `declaration.rs`): a store with indexes (`table.rs`,
//! `db.rs`), the list query and its lookups (`query.rs`), which rows a
//! page shows (`select.rs`), pagination (`page.rs`), writes checked field
//! by field and across fields (`change.rs`, `write.rs`, `formats.rs`), JSON
//! and XML as tastypie renders them (`render.rs`, `xml.rs`), `schema/` and
//! the index (`schema.rs`), HTTP Basic (`auth.rs`), and the dispatch of a
//! request (`serve.rs`, `request.rs`, `collection.rs`, `listing.rs`). Wherever it decides a documented rule it
//! asks `MockState::broken(resource, kind, field)`, so a rule fault of any
//! kind works on every resource that declares the rule.

mod auth;
pub(crate) mod cell;
pub(crate) mod change;
mod collection;
mod db;
pub(crate) mod declaration;
pub(crate) mod declare;
mod formats;
mod listing;
mod page;
pub(crate) mod query;
mod render;
mod request;
mod schema;
mod select;
mod serve;
pub(crate) mod table;
mod write;
mod xml;

pub(crate) use db::Db;
pub(crate) use declaration::{row, rows, seeded, Declaration, Hooks, Rows, Seeds};
pub(crate) use render::answer;
pub(crate) use serve::serve;
pub(crate) use table::Row;
