//! The mock's integration tests, one binary: the router fuzzed in process
//! (`fuzz`) and the served mock under concurrent and malformed requests
//! (`stress`).

// Tests and benches unwrap freely: a failure there should be loud.
#![allow(clippy::unwrap_used)]

mod fuzz;
mod modules;
mod stress;
