//! `/api/v1/auth/` and `/api/v1/realmauth/`, as "Authentication (/auth/)"
//! (6.0.0 to 6.5.5) and "Realm authentication (/realmauth/)" (6.1.1 to
//! 6.5.5) describe them: a POST of `username` (and `realm`), `password`
//! and/or `token_code`, answered by status, following the pages' "Behavior
//! of the API": either credential needs to be given (400 otherwise); both
//! are validated, password first; for `/auth/` the password with the token
//! code appended and an empty `token_code` counts as both; a user without
//! two-factor authentication fails with any token code; a user with
//! FortiToken authentication only (here: no password set) fails with any
//! password. Failures count towards the lockout policy
//! (`/userlockoutpolicy/`): after `failed_login_lockout_max_attempts` in a
//! row the account is disabled (`reason` 2, "too many failed attempts"),
//! for `failed_login_lockout_period` seconds of the mock's clock unless the
//! lockout is permanent. 200 on success; 401 for a wrong credential, an
//! unknown user (the pages' "User authentication failed"), a disabled
//! account; 400 for an unknown realm ("One of the existing realm").
//! The guide documents no way to set a local user's password (the 6.0 to
//! 6.3.3 fields tables list none; `/localapiadmin/` sets an API admin's),
//! so the mock holds one local user with a known password, named in
//! `Credentials`. A FortiToken's code is the mock's own (six digits of the
//! token's serial and the mock clock's 30-second step); email and SMS
//! codes are never sent, so they never match.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::localusers;
use crate::engine::declare::{Behaviour, Field, Method, Resource, Shape};
use crate::engine::Db;
use crate::engine::{Declaration, Hooks};
use crate::faults::kind::RuleKind;
use crate::MockState;

/// The realms the mock knows ("One of the existing realm configured in
/// FAC"): the local users' realm.
pub(crate) const REALMS: &[&str] = &["local"];

const BEHAVIOURS: &[Behaviour] = &[
    Behaviour {
        kind: RuleKind::CredentialsMissingAccepted,
        about: "neither password nor token_code (\"Either password or token_code needs to be specified\") is not a 400",
    },
    Behaviour {
        kind: RuleKind::WrongPasswordAccepted,
        about: "passwords are not compared: any password authenticates (a user's wrong one, or one for a user that has none)",
    },
    Behaviour {
        kind: RuleKind::WrongTokenAccepted,
        about: "token codes are not compared: any code authenticates (a two-factor user's wrong one, or one for a user without two-factor)",
    },
    Behaviour {
        kind: RuleKind::UnknownUserAccepted,
        about: "a username that names no user authenticates",
    },
    Behaviour {
        kind: RuleKind::UnknownUserWrongStatus,
        about: "a username that names no user is answered 404 (\"no such user\"), not the documented 401",
    },
    Behaviour {
        kind: RuleKind::TokenWithoutTwoFactorAccepted,
        about: "a token code for a user without two-factor authentication does not fail",
    },
    Behaviour {
        kind: RuleKind::PasswordOfTokenOnlyAccepted,
        about: "a password for a user with FortiToken authentication only does not fail",
    },
    Behaviour {
        kind: RuleKind::DisabledUserAccepted,
        about: "a disabled (or locked-out) account authenticates",
    },
    Behaviour {
        kind: RuleKind::LockoutIgnored,
        about: "failed attempts past the lockout policy's maximum do not lock the account",
    },
];

const FIELDS_AUTH: &[Field] = &[
    Field::text("username").required(),
    Field::text("password").write_only(),
    Field::text("token_code").write_only(),
];

const AUTH_MODEL: Resource = Resource {
    shape: Shape::Action,
    fields: FIELDS_AUTH,
    list_methods: &[Method::Post],
    behaviours: BEHAVIOURS,
    ..Resource::new("auth", "Authentication (/auth/), 6.0.0 to 6.5.5")
};

pub(crate) const AUTH: Declaration = Declaration {
    resource: AUTH_MODEL,
    hooks: Hooks {
        action: Some(auth),
        ..Hooks::NONE
    },
};

const REALMAUTH_MODEL: Resource = Resource {
    shape: Shape::Action,
    fields: &[
        Field::text("username").required(),
        Field::text("realm").required(),
        Field::text("password").write_only(),
        Field::text("token_code").write_only(),
    ],
    list_methods: &[Method::Post],
    behaviours: &[
        BEHAVIOURS[0],
        BEHAVIOURS[1],
        BEHAVIOURS[2],
        BEHAVIOURS[3],
        BEHAVIOURS[4],
        BEHAVIOURS[5],
        BEHAVIOURS[6],
        BEHAVIOURS[7],
        BEHAVIOURS[8],
        Behaviour {
            kind: RuleKind::RealmUnchecked,
            about: "a realm that is not configured is not a 400",
        },
    ],
    ..Resource::new(
        "realmauth",
        "Realm authentication (/realmauth/), 6.1.1 to 6.5.5",
    )
};

pub(crate) const REALMAUTH: Declaration = Declaration {
    resource: REALMAUTH_MODEL,
    hooks: Hooks {
        action: Some(realmauth),
        ..Hooks::NONE
    },
};

fn auth(state: &MockState, db: &mut Db, given: &Map<String, Value>) -> Response {
    match Attempt::read(state, "auth", given, true) {
        Ok(attempt) => attempt.decide(state, db),
        Err(message) => fail(StatusCode::BAD_REQUEST, message),
    }
}

fn realmauth(state: &MockState, db: &mut Db, given: &Map<String, Value>) -> Response {
    let realm = text(given, "realm");
    let broken = |kind| state.broken("realmauth", kind, "");
    // Required: without the fault, a missing realm is a 400; with it, the
    // request falls back to the first realm, as an appliance that defaults
    // the field would.
    let realm = match realm {
        "" if state.broken("realmauth", RuleKind::RequiredUnchecked, "realm") => REALMS[0],
        "" => return fail(StatusCode::BAD_REQUEST, "realm: This field is required."),
        given => given,
    };
    if !REALMS.contains(&realm) && !broken(RuleKind::RealmUnchecked) {
        return fail(
            StatusCode::BAD_REQUEST,
            &format!("realm: no realm '{realm}' is configured"),
        );
    }
    match Attempt::read(state, "realmauth", given, false) {
        Ok(attempt) => attempt.decide(state, db),
        Err(message) => fail(StatusCode::BAD_REQUEST, message),
    }
}

fn text<'m>(given: &'m Map<String, Value>, name: &str) -> &'m str {
    given.get(name).and_then(Value::as_str).unwrap_or("")
}

fn fail(status: StatusCode, message: &str) -> Response {
    crate::engine::answer(status, &json!({ "error": message }))
}

/// One authentication request, read.
struct Attempt<'g> {
    resource: &'static str,
    username: &'g str,
    password: Option<&'g str>,
    token: Option<&'g str>,
    /// The password may carry the token code at its end (`/auth/`).
    concatenated: bool,
}

impl<'g> Attempt<'g> {
    fn read(
        state: &MockState,
        resource: &'static str,
        given: &'g Map<String, Value>,
        concatenated: bool,
    ) -> Result<Attempt<'g>, &'static str> {
        let username = text(given, "username");
        if username.is_empty() && !state.broken(resource, RuleKind::RequiredUnchecked, "username") {
            return Err("username: This field is required.");
        }
        let some = |name| Some(text(given, name)).filter(|t| !t.is_empty());
        let (password, token) = (some("password"), some("token_code"));
        if password.is_none()
            && token.is_none()
            && !state.broken(resource, RuleKind::CredentialsMissingAccepted, "")
        {
            return Err("Either password or token_code needs to be specified.");
        }
        Ok(Attempt {
            resource,
            username,
            password,
            token,
            concatenated,
        })
    }

    fn broken(&self, state: &MockState, kind: RuleKind) -> bool {
        state.broken(self.resource, kind, "")
    }

    /// The answer, with the lockout counted.
    fn decide(&self, state: &MockState, db: &mut Db) -> Response {
        let Some(id) = localusers::find(db, self.username) else {
            if self.broken(state, RuleKind::UnknownUserAccepted) {
                return ok();
            }
            if self.broken(state, RuleKind::UnknownUserWrongStatus) {
                return fail(StatusCode::NOT_FOUND, "No such user");
            }
            return fail(StatusCode::UNAUTHORIZED, "User authentication failed");
        };
        let now = state.clock().now();
        localusers::unlock_if_due(db, id, now);
        let user = localusers::credentials(db, id);
        if !user.active && !self.broken(state, RuleKind::DisabledUserAccepted) {
            return fail(StatusCode::UNAUTHORIZED, "Account is disabled");
        }
        if self.valid(state, &user, now) {
            localusers::count_failure(db, id, None);
            return ok();
        }
        let lockout = (!self.broken(state, RuleKind::LockoutIgnored))
            .then(|| super::system::lockout(db))
            .flatten();
        localusers::count_failure(db, id, Some((now, lockout)));
        fail(StatusCode::UNAUTHORIZED, "User authentication failed")
    }

    /// Whether the credentials given are right for `user`.
    fn valid(
        &self,
        state: &MockState,
        user: &localusers::Credentials,
        now: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        let code = user.token_code(now);
        let (password, token) = match (self.password, self.token, &code) {
            // "concatenate both the user's password and token code in as the
            // password value and provide an empty string as the token_code".
            (Some(p), None, Some(code)) if self.concatenated && p.ends_with(code.as_str()) => {
                (Some(&p[..p.len() - code.len()]), Some(code.as_str()))
            }
            (p, t, _) => (p, t),
        };
        let password_ok = password.is_none_or(|p| match &user.password {
            Some(right) => p == right || self.broken(state, RuleKind::WrongPasswordAccepted),
            None => {
                self.broken(state, RuleKind::PasswordOfTokenOnlyAccepted)
                    || self.broken(state, RuleKind::WrongPasswordAccepted)
            }
        });
        let token_ok = token.is_none_or(|t| match &code {
            Some(right) => t == right || self.broken(state, RuleKind::WrongTokenAccepted),
            None => {
                self.broken(state, RuleKind::TokenWithoutTwoFactorAccepted)
                    || self.broken(state, RuleKind::WrongTokenAccepted)
            }
        });
        password_ok && token_ok
    }
}

fn ok() -> Response {
    crate::reply::empty(StatusCode::OK)
}
