//! Seeded FortiAuthenticator provisioning data: local users, user groups
//! and the memberships between them. Drawn from its own random stream (the
//! seed mixed with a constant), so adding it left the token data of every
//! seed unchanged. Users hold the tokens the token list shows `assigned`.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value};

use crate::data::{Token, TokenStatus};

/// One local user: its id and its stored fields (everything but `id`,
/// `resource_uri` and `user_groups`, which are derived when rendered).
#[derive(Debug, Clone)]
pub(crate) struct LocalUser {
    pub(crate) id: u64,
    pub(crate) fields: Map<String, Value>,
}

/// One user group.
#[derive(Debug, Clone)]
pub(crate) struct UserGroup {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) password_policy: String,
}

/// One membership of a user in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Membership {
    pub(crate) id: u64,
    pub(crate) user: u64,
    pub(crate) group: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Provisioning {
    pub(crate) users: Vec<LocalUser>,
    pub(crate) groups: Vec<UserGroup>,
    pub(crate) memberships: Vec<Membership>,
}

/// The writable text fields of a local user with their value when unset.
pub(crate) const TEXT_FIELDS: [&str; 13] = [
    "username",
    "address",
    "city",
    "country",
    "custom1",
    "custom2",
    "custom3",
    "email",
    "first_name",
    "last_name",
    "mobile_number",
    "phone_number",
    "state",
];

/// A user with every field at its default.
pub(crate) fn blank_user(id: u64, username: &str) -> LocalUser {
    let mut fields = Map::new();
    for name in TEXT_FIELDS {
        fields.insert(name.to_string(), Value::from(""));
    }
    fields.insert("username".into(), Value::from(username));
    fields.insert("active".into(), Value::from(true));
    fields.insert("token_auth".into(), Value::from(false));
    fields.insert("token_type".into(), Value::Null);
    fields.insert("token_serial".into(), Value::from(""));
    LocalUser { id, fields }
}

const FIRST: [&str; 12] = [
    "Anna", "Bertil", "Cecilia", "David", "Eva", "Fredrik", "Greta", "Hugo", "Ines", "Jonas",
    "Karin", "Lars",
];
const LAST: [&str; 8] = [
    "Andersson",
    "Berg",
    "Lind",
    "Nilsson",
    "Olsen",
    "Strand",
    "Virtanen",
    "Holm",
];
const COUNTRIES: [&str; 6] = ["SE", "NO", "FI", "DK", "DE", ""];
const GROUPS: [&str; 6] = [
    "vpn-users",
    "VPN-Admins",
    "radius_staff",
    "wifi.guests",
    "Contractors",
    "helpdesk",
];

/// Users, groups and memberships for `seed`; users hold the assigned tokens.
pub(crate) fn generate(seed: u64, tokens: &[Token]) -> Provisioning {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0f0a_c0de_5eed_0017);
    let count = 30 + rng.random_range(0..20u64);
    let mut users = Vec::new();
    for id in 1..=count {
        users.push(user(&mut rng, id));
    }
    let assigned = tokens.iter().filter(|t| t.status == TokenStatus::Assigned);
    for (user, token) in users.iter_mut().zip(assigned) {
        let f = &mut user.fields;
        f.insert("token_auth".into(), Value::from(true));
        f.insert("token_type".into(), Value::from(token.kind.as_str()));
        f.insert("token_serial".into(), Value::from(token.serial.as_str()));
    }
    let groups: Vec<UserGroup> = GROUPS
        .iter()
        .zip(1u64..)
        .map(|(name, id)| UserGroup {
            id,
            name: name.to_string(),
            password_policy: "default".into(),
        })
        .collect();
    let mut memberships = Vec::new();
    for user in &users {
        for group in &groups {
            // The last group stays empty.
            if group.id < groups.len() as u64 && rng.random_bool(0.3) {
                memberships.push(Membership {
                    id: memberships.len() as u64 + 1,
                    user: user.id,
                    group: group.id,
                });
            }
        }
    }
    Provisioning {
        users,
        groups,
        memberships,
    }
}

fn user(rng: &mut StdRng, id: u64) -> LocalUser {
    let first = FIRST[rng.random_range(0..FIRST.len())];
    let last = LAST[rng.random_range(0..LAST.len())];
    let username = match id % 4 {
        0 => format!("{}.{}{id}", first.to_lowercase(), last.to_lowercase()),
        1 => format!("{first}_{last}{id}"),
        2 => format!(
            "{}{}{id}@example.com",
            &first[..1].to_lowercase(),
            last.to_lowercase()
        ),
        _ => format!("{}+vpn{id}", first.to_lowercase()),
    };
    let mut u = blank_user(id, &username);
    let f = &mut u.fields;
    f.insert("first_name".into(), Value::from(first));
    f.insert("last_name".into(), Value::from(last));
    f.insert(
        "email".into(),
        Value::from(format!(
            "{}.{}{id}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        )),
    );
    let country = COUNTRIES[rng.random_range(0..COUNTRIES.len())];
    f.insert("country".into(), Value::from(country));
    if rng.random_bool(0.7) {
        let number: u64 = rng.random_range(700_000_000..799_999_999);
        f.insert("mobile_number".into(), Value::from(format!("+46-{number}")));
    }
    f.insert("active".into(), Value::from(rng.random_bool(0.85)));
    f.insert(
        "custom1".into(),
        Value::from(format!("C{:04}", id * 7 % 10_000)),
    );
    u
}

/// The password of the local user `/auth/` can authenticate (the guide
/// documents no way to set one through the API).
pub(crate) const AUTH_PASSWORD: &str = "Mock-Local-Pass-2024";

/// That user: the first active one without a second factor.
pub(crate) fn auth_user(data: &Provisioning) -> Option<&LocalUser> {
    data.users.iter().find(|u| {
        u.fields.get("active").and_then(Value::as_bool) == Some(true)
            && u.fields.get("token_auth").and_then(Value::as_bool) == Some(false)
    })
}
