//! FortiAuthenticator: its resources, each declared in the words of the
//! engine (`crate::engine::declare`) from the REST API Solution Guide's
//! page for it, and served by the engine under `/api/v1/`. `RESOURCES` is
//! the list the index, the router and the rule faults (`catalogue/rules.rs`)
//! read; RESOURCES.md (beside this crate's Cargo.toml) lists the guide's
//! resources, served or not and why.

mod auth;
mod certs;
mod fortitokens;
mod iam;
mod localusers;
mod logs;
mod mac;
mod memberships;
mod radius;
pub(crate) mod seed;
mod snmp;
mod sso;
mod system;
mod usergroups;

use crate::engine::Declaration;

/// Every served FortiAuthenticator resource.
pub(crate) const RESOURCES: &[Declaration] = &[
    fortitokens::RESOURCE,
    localusers::RESOURCE,
    usergroups::RESOURCE,
    memberships::RESOURCE,
    auth::AUTH,
    auth::REALMAUTH,
    system::USERLOCKOUTPOLICY,
    system::SYSTEMINFO,
    system::SYSLOGSERVERS,
    system::FTM_LICENSES,
    radius::RADIUSCLIENTS,
    radius::RADIUSPOLICIES,
    radius::RADIUSPOLICYCLIENT,
    radius::TACPLUSCLIENTS,
    radius::TACPLUSPOLICIES,
    radius::TACPLUSPOLICYCLIENT,
    mac::MACDEVICES,
    mac::MACGROUPS,
    mac::MACGROUP_MEMBERSHIPS,
    sso::SSOGROUP,
    sso::FGTGROUPFILTER,
    iam::IAMACCOUNTS,
    iam::IAMUSERS,
    certs::SCEPREQS,
    snmp::SNMPGENERAL,
    logs::LOGSETTINGS,
    logs::SCHEDULEDBACKUPSETTINGS,
];

/// The seeded RADIUS and TACACS+ policy the target file names for the
/// policy-client writes (`Credentials::fac_radius_policy`).
pub(crate) const POLICY_FIXTURE: &str = radius::POLICY_NAMES[1];

/// The local user `/auth/` can authenticate, with its password and realm
/// (for `Credentials`): from the seeded data of `seed`.
pub(crate) fn auth_fixture(seed: u64, tokens: &[crate::data::Token]) -> (String, String, String) {
    let data = seed::generate(seed, tokens);
    let username = seed::auth_user(&data)
        .and_then(|u| u.fields.get("username"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    (
        username,
        seed::AUTH_PASSWORD.to_string(),
        auth::REALMS[0].to_string(),
    )
}
