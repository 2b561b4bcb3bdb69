//! Tests of the mock.
