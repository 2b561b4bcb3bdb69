//! Drives property checks: sends the requests a property needs (walks,
//! filtered listings) and hands the answers to the pure checks in
//! `check::property`.

use crate::check::property::Property;
use crate::check::Finding;
use crate::run::Runner;
use crate::suite::Case;
use crate::vars::Scope;

/// The product connection a property check talks to.
pub struct Target<'a> {
    pub base: &'a url::Url,
    pub client: &'a crate::http::Client,
}

pub async fn run(
    _runner: &Runner,
    _target: Target<'_>,
    _case: &Case,
    p: &Property,
    _scope: &Scope,
) -> Vec<Finding> {
    match *p {}
}
