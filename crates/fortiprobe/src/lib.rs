//! fortiprobe: a contract-test harness and conformance suite for the
//! FortiAuthenticator, FortiToken Cloud and FortiPortal REST APIs.
//!
//! `suite` loads `schemas/` and `cases/`; `config` reads the target file;
//! `run` executes a case through `http` and judges it with `check`; `trial`
//! turns cases into libtest-mimic trials; `cli` is the command line; `mock`
//! is the reference mock, an independent reading of the vendor docs.

pub mod baseline;
pub mod catalogue;
pub mod catchers;
pub mod check;
pub mod cli;
pub mod client;
pub mod config;
pub mod embedded;
pub mod error;
pub mod escape;
pub mod exchange;
pub mod files;
pub mod killmatrix;
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
