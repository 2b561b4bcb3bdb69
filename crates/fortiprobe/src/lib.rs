//! fortiprobe: a contract-test harness and conformance suite for the
//! FortiAuthenticator, FortiToken Cloud and FortiPortal REST APIs.
//!
//! `suite` loads `schemas/` and `cases/`; `config` reads the target file;
//! `run` executes a case through `client` (the only HTTP) and `probe`
//! (listing walks and property checks), judges it with `check`, and tells
//! what happens as events (`report::event`) to the reporters; `trial` turns
//! cases into libtest-mimic trials; `cli` is the command line. The
//! reference mock, an independent reading of the vendor docs, is the
//! `fortiprobe-mock` crate. ARCHITECTURE.md has the layers and the codemap.

pub mod baseline;
pub mod catalogue;
pub mod catchers;
pub mod check;
pub mod cli;
pub mod client;
pub mod config;
pub mod contact;
pub mod embedded;
pub mod error;
pub mod escape;
pub mod exchange;
pub mod files;
pub mod killmatrix;
pub mod lock;
pub mod openapi;
pub mod probe;
pub mod product;
pub mod redact;
pub mod report;
pub mod run;
pub mod suite;
pub mod trial;
pub mod vars;
pub mod yaml;
