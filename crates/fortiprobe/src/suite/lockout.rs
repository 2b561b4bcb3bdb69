//! The lockout rule: a run tries the configured user name of a product
//! with a wrong credential at most once (a failed login may count towards
//! locking the account), every other wrong-credential case using a user
//! name that does not exist or one the case creates.

use super::{Auth, Case, Product, Request};
use crate::yaml::LoadError;

/// Whether a request tries the configured user name with a credential that
/// is not the configured one (a failed login that may count towards a
/// lockout): the product's Basic auth with a wrong key, or a JSON body that
/// names `${user}` without `${secret}` (a login exchange). Or a body naming
/// an account fixture (the auth cases' user) with anything but the
/// fixtures' own values: a wrong password, a token code, another realm.
fn risks_lockout(product: Product, r: &Request) -> Option<&'static str> {
    let d = product.describe();
    if matches!(d.auth, crate::product::AuthScheme::Basic) && r.auth == Auth::WrongKey {
        return Some(d.user);
    }
    let body = r.json.as_ref().and_then(serde_json::Value::as_object)?;
    let user = format!("${{{}}}", d.user);
    let secret = format!("${{{}}}", d.secret);
    let names = |v: &str| body.values().any(|x| x.as_str() == Some(v));
    if names(&user) && !names(&secret) {
        return Some(d.user);
    }
    let fixture_ref = |v: &serde_json::Value| {
        v.as_str()
            .is_some_and(|s| d.fixtures.iter().any(|f| s == format!("${{{}}}", f.name)))
    };
    d.fixtures
        .iter()
        .filter(|f| f.not_the_user)
        .find(|account| names(&format!("${{{}}}", account.name)) && !body.values().all(fixture_ref))
        .map(|account| account.name)
}

/// At most one case per product may try the configured user name with a
/// wrong credential, so that a run never risks locking the admin out;
/// every other wrong-credential case must use a user name that does not exist.
pub(super) fn risks(cases: &[Case]) -> Vec<LoadError> {
    let mut first: std::collections::BTreeMap<(Product, &str), &Case> = Default::default();
    let mut errors = Vec::new();
    for c in cases {
        let mut risky: std::collections::BTreeMap<&str, usize> = Default::default();
        for account in c
            .spec
            .steps
            .iter()
            .chain(&c.spec.cleanup)
            .filter_map(|s| risks_lockout(c.product, &s.request))
        {
            *risky.entry(account).or_default() += 1;
        }
        for (account, n) in risky {
            let earlier = first.get(&(c.product, account)).copied();
            if n > 1 || earlier.is_some() {
                errors.push(LoadError {
                    file: c.origin.clone(),
                    line: 0,
                    message: format!(
                        "case {} tries the {} account `${{{account}}}` with a wrong credential{}: at most one failed attempt per run may use it (lockout risk); use a user name that does not exist, or a user the case creates",
                        c.id(),
                        c.product.title(),
                        earlier.map_or(" more than once".to_string(), |e| format!(", as {} already does", e.id()))
                    ),
                });
            } else {
                first.insert((c.product, account), c);
            }
        }
    }
    errors
}
