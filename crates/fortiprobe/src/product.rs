//! Each product described once: its name in the target file, how it
//! authenticates (and its login exchange), which credentials and fixtures
//! it knows, the page-size limits of its list endpoints, how listed objects
//! are identified, and what the OpenAPI export says of it. Everything else
//! (the runner's auth headers, the target file, the lockout rule, the case
//! catalogue, the OpenAPI document) reads this table instead of matching
//! on `Product` itself.

use serde::Deserialize;

/// The three products, named as in the target file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    Fortiauthenticator,
    FortitokenCloud,
    Fortiportal,
}

/// How a product's requests authenticate.
#[derive(Debug, Clone, Copy)]
pub enum AuthScheme {
    /// `Authorization: Basic base64(user:secret)` on every request
    /// (docs/api-notes.md §1: FortiAuthenticator, HTTP Basic `admin_name:api_key` [doc]).
    Basic,
    /// A login exchange gives a bearer token, sent as
    /// `Authorization: Bearer <token>` (FortiToken Cloud [doc]).
    BearerLogin(Login),
    /// No credentials by default: the cases log in themselves and send
    /// `Authorization: <scheme> <token>` (FortiPortal's `Token` [doc]).
    CaseToken { scheme: &'static str },
}

/// A login exchange: POST `path` with `{id_field: user, secret_field:
/// secret}`, answered by `status` with the token at `token_field`.
#[derive(Debug, Clone, Copy)]
pub struct Login {
    pub path: &'static str,
    pub status: u16,
    pub id_field: &'static str,
    pub secret_field: &'static str,
    pub token_field: &'static str,
}

/// Page sizes of a product's tastypie list endpoints (docs/api-notes.md
/// §4: `limit` defaults to 20 [doc]; the largest page is 1000 [framework]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRules {
    pub default_limit: u64,
    pub max_limit: u64,
}

/// A fixture a product's cases may need from the target file.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    pub name: &'static str,
    pub about: &'static str,
    /// A secret (a password): strong enough, and masked in every output.
    pub secret: bool,
    /// Names an account that must not be the configured user (the admin
    /// whose key the suite uses): refused at load when it is.
    pub not_the_user: bool,
}

impl Fixture {
    const fn plain(name: &'static str, about: &'static str) -> Fixture {
        Fixture {
            name,
            about,
            secret: false,
            not_the_user: false,
        }
    }
}

/// What the OpenAPI export says of a product.
#[derive(Debug, Clone, Copy)]
pub struct OpenApi {
    /// Name of the security scheme under `components/securitySchemes`.
    pub scheme_name: &'static str,
    pub scheme_description: &'static str,
    /// Example host (and port) of the server entry, and what it is.
    pub host: &'static str,
    pub host_what: &'static str,
    /// The tag's description.
    pub tag: &'static str,
}

/// Everything fortiprobe knows of one product that is not a case or a schema.
#[derive(Debug, Clone, Copy)]
pub struct Description {
    pub product: Product,
    /// The section name in the target file and the first part of trial names.
    pub key: &'static str,
    pub title: &'static str,
    /// The credential that names the account (`${username}`, `${client_id}`).
    pub user: &'static str,
    /// The credential that is a secret (`${api_key}`, `${client_secret}`, `${password}`).
    pub secret: &'static str,
    pub auth: AuthScheme,
    /// Fixtures the built-in cases know about (a target file may set others
    /// for cases of its own).
    pub fixtures: &'static [Fixture],
    /// Every case may change what the product's other cases see (FortiPortal:
    /// one live token per admin), so each runs alone among them.
    pub one_session_per_user: bool,
    /// Limits of the product's list endpoints, if it has any.
    pub list: Option<ListRules>,
    pub openapi: OpenApi,
}

/// The page sizes of a tastypie list endpoint, as FortiAuthenticator
/// documents them (docs/api-notes.md §4 [doc]).
pub const TASTYPIE_LIST: ListRules = ListRules {
    default_limit: 20,
    max_limit: 1000,
};

/// Fields that identify a listed object when a case names none: the
/// object's `resource_uri` (unique per object in tastypie), else its
/// `serial` (docs/api-notes.md §2: FortiAuthenticator objects have no `id`).
pub const DEFAULT_IDENTITY: &[&str] = &["resource_uri", "serial"];

const FAC: Description = Description {
    product: Product::Fortiauthenticator,
    key: "fortiauthenticator",
    title: "FortiAuthenticator",
    user: "username",
    secret: "api_key",
    auth: AuthScheme::Basic,
    fixtures: &[
        Fixture::plain(
            "deletable_token_serial",
            "a FortiToken the destructive cases may delete",
        ),
        Fixture::plain(
            "assignable_token_serial",
            "a FortiToken (unlocked, available; a hardware FTK sends no activation message) the destructive cases may give to a user they create, then take back",
        ),
        Fixture {
            name: "auth_username",
            about: "a local user, not an administrator, the /auth/ and /realmauth/ cases authenticate as (never with a wrong password)",
            secret: false,
            not_the_user: true,
        },
        Fixture {
            name: "auth_password",
            about: "that user's password (a secret)",
            secret: true,
            not_the_user: false,
        },
        Fixture::plain(
            "auth_realm",
            "a realm whose users are the local users, for /realmauth/",
        ),
        Fixture::plain(
            "radius_policy",
            "the name of a RADIUS policy the suite may attach its own test client to, for a moment (/radiuspolicyclient/)",
        ),
        Fixture::plain(
            "tacplus_policy",
            "the name of a TACACS+ policy the suite may attach its own test client to, for a moment (/tacpluspolicyclient/)",
        ),
    ],
    one_session_per_user: false,
    list: Some(TASTYPIE_LIST),
    openapi: OpenApi {
        scheme_name: "fortiauthenticator_basic",
        scheme_description:
            "HTTP Basic: an administrator's user name and their web service API key.",
        host: "fac.example.net",
        host_what: "the FortiAuthenticator",
        tag: "FortiTokens: listing with filters and tastypie-style pagination, deleting a token (HTTP Basic with an admin's API key).",
    },
};

const FTC: Description = Description {
    product: Product::FortitokenCloud,
    key: "fortitoken_cloud",
    title: "FortiToken Cloud",
    user: "client_id",
    secret: "client_secret",
    auth: AuthScheme::BearerLogin(Login {
        path: "/api/v1/login",
        status: 201,
        id_field: "client_id",
        secret_field: "client_secret",
        token_field: "access_token",
    }),
    fixtures: &[
        Fixture::plain(
            "temp_token_user",
            "active FTM/FTK user with a valid mobile number",
        ),
        Fixture::plain("non_token_user", "user whose auth method is not FTM/FTK"),
        Fixture::plain(
            "invalid_mobile_user",
            "FTM/FTK user whose mobile number is invalid",
        ),
        Fixture::plain("disabled_user", "user who may not get a temporary token"),
        Fixture::plain(
            "sms_disallowed_user",
            "user whose temporary token may not use SMS",
        ),
    ],
    one_session_per_user: false,
    list: None,
    openapi: OpenApi {
        scheme_name: "fortitoken_cloud_bearer",
        scheme_description:
            "`Authorization: Bearer <access_token>`, the `access_token` from POST /api/v1/login.",
        host: "ftc.example.net:9696",
        host_what: "the FortiToken Cloud API",
        tag: "Temporary tokens (Bearer token from POST /api/v1/login).",
    },
};

const FPC: Description = Description {
    product: Product::Fortiportal,
    key: "fortiportal",
    title: "FortiPortal",
    user: "username",
    secret: "password",
    auth: AuthScheme::CaseToken { scheme: "Token" },
    fixtures: &[],
    one_session_per_user: true,
    list: None,
    openapi: OpenApi {
        scheme_name: "fortiportal_token",
        scheme_description: "`Authorization: Token <key>`: the word `Token`, a space, and the token from POST /fpc/api/auth/tokenlogin/.",
        host: "fpc.example.net",
        host_what: "the FortiPortal",
        tag: "API tokens with TTL limits and one live token per admin.",
    },
};

impl Product {
    pub const ALL: [Product; 3] = [
        Product::Fortiauthenticator,
        Product::FortitokenCloud,
        Product::Fortiportal,
    ];

    /// The product's description.
    pub fn describe(self) -> &'static Description {
        match self {
            Product::Fortiauthenticator => &FAC,
            Product::FortitokenCloud => &FTC,
            Product::Fortiportal => &FPC,
        }
    }

    pub fn key(self) -> &'static str {
        self.describe().key
    }

    pub fn title(self) -> &'static str {
        self.describe().title
    }

    /// Credential names a case may reference as `${name}`: the secret, then the user.
    pub fn credentials(self) -> [&'static str; 2] {
        let d = self.describe();
        [d.secret, d.user]
    }

    /// The product named `key` in a target file.
    pub fn from_key(key: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_product_describes_itself_and_keys_round_trip() {
        for p in Product::ALL {
            assert_eq!(p.describe().product, p);
            assert_eq!(Product::from_key(p.key()), Some(p));
            assert_ne!(p.describe().user, p.describe().secret);
        }
        assert_eq!(Product::from_key("fortigate"), None);
    }
}
