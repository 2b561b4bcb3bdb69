//! The embedded default: the reference mock as the target. A target that
//! points every product at a running mock (with its own demo credentials
//! and fixtures), the target file `fortiprobe mock` prints, and the mock's
//! self-signed certificate written where a target can trust it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{ProductTarget, Target};
use crate::suite::Product;
use fortiprobe_mock::Credentials;

/// The target that points every product at a running reference mock.
pub fn mock_target(url: &str, c: &Credentials) -> Target {
    let Ok(url) = url::Url::parse(url) else {
        return Target::default();
    };
    let product = |creds: &[(&str, &str)], fixtures: &[(&str, &str)]| ProductTarget {
        url: url.clone(),
        credentials: creds
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        // An empty value means the mock has no such fixture (no tokens at all).
        fixtures: fixtures
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        insecure_tls: false,
        ca_cert: None,
        client_cert: None,
        client_key: None,
    };
    let mut t = Target::default();
    t.products.insert(
        Product::Fortiauthenticator,
        product(
            &[("username", &c.fac_username), ("api_key", &c.fac_api_key)],
            &[
                ("deletable_token_serial", &c.fac_deletable_token_serial),
                ("assignable_token_serial", &c.fac_assignable_token_serial),
                ("auth_username", &c.fac_auth_username),
                ("auth_password", &c.fac_auth_password),
                ("auth_realm", &c.fac_auth_realm),
                ("radius_policy", &c.fac_radius_policy),
                ("tacplus_policy", &c.fac_tacplus_policy),
            ],
        ),
    );
    t.products.insert(
        Product::FortitokenCloud,
        product(
            &[
                ("client_id", &c.ftc_client_id),
                ("client_secret", &c.ftc_client_secret),
            ],
            &[
                ("temp_token_user", &c.ftc_temp_token_user),
                ("non_token_user", &c.ftc_non_token_user),
                ("invalid_mobile_user", &c.ftc_invalid_mobile_user),
                ("disabled_user", &c.ftc_disabled_user),
                ("sms_disallowed_user", &c.ftc_sms_disallowed_user),
            ],
        ),
    );
    t.products.insert(
        Product::Fortiportal,
        product(
            &[("username", &c.fpc_username), ("password", &c.fpc_password)],
            &[],
        ),
    );
    t
}

/// Writes a served mock's certificate to `ca.pem` in a fresh temporary
/// folder, removed when the returned handle is dropped.
pub fn write_ca_cert(pem: &str) -> std::io::Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("fortiprobe-mock-")
        .tempdir()?;
    let path = dir.path().join("ca.pem");
    std::fs::write(&path, pem)?;
    Ok((dir, path))
}

/// A target file for a mock at `url`, as `fortiprobe mock` prints it;
/// with `ca_cert`, every product trusts that certificate.
pub fn mock_target_yaml(url: &str, c: &Credentials, ca_cert: Option<&Path>) -> String {
    let yaml = format!(
        "# target file for the fortiprobe reference mock (its own demo credentials)\n\
fortiauthenticator:\n  url: {url}\n  username: {}\n  api_key: {}\n  fixtures:\n    deletable_token_serial: {}\n    assignable_token_serial: {}\n    auth_username: {}\n    auth_password: {}\n    auth_realm: {}\n    radius_policy: {}\n    tacplus_policy: {}\n\
fortitoken_cloud:\n  url: {url}\n  client_id: {}\n  client_secret: {}\n  fixtures:\n    temp_token_user: {}\n    non_token_user: {}\n    invalid_mobile_user: {}\n    disabled_user: {}\n    sms_disallowed_user: {}\n\
fortiportal:\n  url: {url}\n  username: {}\n  password: {}\n",
        c.fac_username,
        c.fac_api_key,
        c.fac_deletable_token_serial,
        c.fac_assignable_token_serial,
        c.fac_auth_username,
        c.fac_auth_password,
        c.fac_auth_realm,
        c.fac_radius_policy,
        c.fac_tacplus_policy,
        c.ftc_client_id,
        c.ftc_client_secret,
        c.ftc_temp_token_user,
        c.ftc_non_token_user,
        c.ftc_invalid_mobile_user,
        c.ftc_disabled_user,
        c.ftc_sms_disallowed_user,
        c.fpc_username,
        c.fpc_password,
    );
    let Some(ca_cert) = ca_cert else {
        return yaml;
    };
    // A JSON string is a YAML double-quoted scalar, whatever the path holds.
    let quoted = serde_json::to_string(&ca_cert.to_string_lossy()).unwrap_or_default();
    yaml.lines()
        .flat_map(|line| {
            let ca = line
                .starts_with("  url: ")
                .then(|| format!("  ca_cert: {quoted}"));
            std::iter::once(line.to_string()).chain(ca)
        })
        .map(|line| line + "\n")
        .collect()
}
