//! The integration tests of fortiprobe, one binary: each file is a module
//! (`cargo test --test it cli::` runs the tests of `cli.rs`).

// Tests and benches unwrap freely: a failure there should be loud.
#![allow(clippy::unwrap_used)]

mod support;

mod address_pattern;
mod architecture;
mod attacks;
mod baseline;
mod bounds;
mod cli;
mod cli_conventions;
mod docs_travel;
mod edges;
mod events;
mod generated_secrets;
mod har;
mod html_report;
mod kill_matrix;
mod leftovers;
mod openapi;
mod provisioning_engine;
mod reports;
mod robust;
mod run_reports;
mod sampled_walks;
mod schedule;
mod schemathesis;
mod secrets;
mod shared_walk;
mod suite_files;
mod suite_vs_mock;
