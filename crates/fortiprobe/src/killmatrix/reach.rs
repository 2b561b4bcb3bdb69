//! Which cases can see a fault, from what the cases request (`Touch`):
//! the mock does not say where a fault acts, but its catchers show it. A
//! fault's reach is the requests all of its catchers send (or, when they
//! share none, any of them); a case can see the fault when it sends one of
//! those requests itself or has the run send it for it (FortiToken Cloud's
//! login, a resource index). A fault that breaks a request no catcher
//! sends is out of reach: the whole matrix still runs it, and the check
//! against KILL-MATRIX.md (`tests/it/kill_matrix.rs`) says so.

use std::collections::BTreeSet;

use crate::suite::touch::{Touch, ANY_PATH};
use crate::suite::Case;

/// The requests every one of `catchers` sends itself (or, when they share
/// none, also on their behalf); when they have none in common, those any
/// of them sends.
pub fn reach<'a>(catchers: impl Iterator<Item = &'a Case>) -> BTreeSet<Touch> {
    let catchers: Vec<&Case> = catchers.collect();
    let own: Vec<BTreeSet<Touch>> = catchers.iter().map(|c| c.touches()).collect();
    let all: Vec<BTreeSet<Touch>> = catchers.iter().map(|c| all_of(c)).collect();
    let common = common_of(&own);
    if !common.is_empty() {
        return common;
    }
    let common = common_of(&all);
    if common.is_empty() {
        all.into_iter().flatten().collect()
    } else {
        common
    }
}

/// The requests every set holds.
fn common_of(sets: &[BTreeSet<Touch>]) -> BTreeSet<Touch> {
    let mut common = sets.first().cloned().unwrap_or_default();
    for s in sets.iter().skip(1) {
        common.retain(|t| s.iter().any(|x| same(t, x)));
    }
    common
}

/// Whether `case` sends (or has sent for it) a request of `reach`.
pub fn can_see(case: &Case, reach: &BTreeSet<Touch>) -> bool {
    all_of(case)
        .iter()
        .any(|t| reach.iter().any(|r| same(t, r)))
}

fn all_of(case: &Case) -> BTreeSet<Touch> {
    let mut s = case.touches();
    s.extend(case.ambient());
    s
}

/// Requests a fault acting on one could act on the other: the same
/// product, both reading or both writing, and paths that meet (see
/// [`meet`]). Writes are one class because a rule of a collection's writes
/// (credentials, validation) is usually kept by all of them.
fn same(a: &Touch, b: &Touch) -> bool {
    a.product == b.product && a.writes() == b.writes() && meet(&a.path, &b.path)
}

/// Paths that name the same collection or objects of it: equal segments up
/// to a `*` on either side, or one a collection and the other its objects
/// (`/api/v1/localusers/` and `/api/v1/localusers/*/`); a path that could
/// be anything meets every path.
fn meet(a: &str, b: &str) -> bool {
    if a == ANY_PATH || b == ANY_PATH {
        return true;
    }
    let mut a = a.split('/').filter(|s| !s.is_empty());
    let mut b = b.split('/').filter(|s| !s.is_empty());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == "*" || y == "*" => return true,
            (Some(x), Some(y)) if x != y => return false,
            (Some(_), Some(_)) => {}
            (Some(rest), None) | (None, Some(rest)) => return rest == "*",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Source, Suite};

    fn cases<'a>(suite: &'a Suite, ids: &[&str]) -> Vec<&'a Case> {
        ids.iter()
            .map(|id| suite.case(id).unwrap_or_else(|| panic!("no case {id}")))
            .collect()
    }

    #[test]
    fn a_listing_fault_reaches_every_reader_of_the_listing_and_nothing_else() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let within = reach(
            cases(
                &suite,
                &[
                    "fortiauthenticator/fortitokens/list_format_json",
                    "fortiauthenticator/fortitokens_pagination/walk_limit_7",
                ],
            )
            .into_iter(),
        );
        let paths: Vec<String> = within
            .iter()
            .map(|t| format!("{} {}", t.method, t.path))
            .collect();
        assert_eq!(paths, ["GET /api/v1/fortitokens/"]);
        let sees = |id: &str| can_see(cases(&suite, &[id])[0], &within);
        assert!(sees(
            "fortiauthenticator/fortitokens_filters/filter_type_ftm"
        ));
        assert!(!sees("fortiportal/tokens/token_lifecycle"));
        assert!(!sees(
            "fortiauthenticator/usergroups/create_read_update_delete"
        ));
    }

    #[test]
    fn paths_meet_in_their_collection() {
        assert!(meet("/api/v1/localusers/", "/api/v1/localusers/*/"));
        assert!(meet("/api/v1/*/", "/api/v1/localusers/"));
        assert!(meet("/api/v1/token/temp", "/api/v1/token/temp/*"));
        assert!(meet("*", "/fpc/api/auth/tokenlogin/"));
        assert!(!meet("/api/v1/", "/api/v1/localusers/"));
        assert!(!meet("/api/v1/fortitokens/", "/api/v1/localusers/"));
        assert!(!meet("/api/v1/fortitokens/", "/api/v1/fortitokens/schema/"));
    }

    #[test]
    fn a_login_fault_reaches_every_case_of_its_product() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let within = reach(cases(&suite, &["fortitoken_cloud/login/login"]).into_iter());
        for c in suite
            .cases
            .iter()
            .filter(|c| c.id().starts_with("fortitoken_cloud/"))
        {
            assert!(can_see(c, &within), "{}", c.id());
        }
    }
}
