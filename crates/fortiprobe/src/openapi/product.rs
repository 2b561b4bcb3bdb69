//! What the document says about each product that the suite's files do
//! not: its authentication scheme, its server, its tag's text, the
//! one-line summary of each operation, and the status a product answers
//! to credentials it refuses. The only product knowledge of `openapi`
//! (to move into one product module with the rest of it).

use serde_json::{json, Value};

use crate::suite::case::Method;
use crate::suite::Product;

pub(crate) fn scheme_name(p: Product) -> &'static str {
    match p {
        Product::Fortiauthenticator => "fortiauthenticator_basic",
        Product::FortitokenCloud => "fortitoken_cloud_bearer",
        Product::Fortiportal => "fortiportal_token",
    }
}

pub(crate) fn security_schemes() -> Value {
    json!({
        scheme_name(Product::Fortiauthenticator): {
            "type": "http",
            "scheme": "basic",
            "description": "HTTP Basic: an administrator's user name and their web service API key."
        },
        scheme_name(Product::FortitokenCloud): {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer <access_token>`, the `access_token` from POST /api/v1/login."
        },
        scheme_name(Product::Fortiportal): {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token <key>`: the word `Token`, a space, and the token from POST /fpc/api/auth/tokenlogin/."
        }
    })
}

pub(crate) fn server(p: Product) -> Value {
    let (host, what) = match p {
        Product::Fortiauthenticator => ("fac.example.net", "the FortiAuthenticator"),
        Product::FortitokenCloud => ("ftc.example.net:9696", "the FortiToken Cloud API"),
        Product::Fortiportal => ("fpc.example.net", "the FortiPortal"),
    };
    json!({
        "url": "https://{host}",
        "description": p.title(),
        "variables": {
            "host": {"default": host, "description": format!("Host name (and port) of {what}")}
        }
    })
}

pub(crate) fn tag_description(p: Product) -> &'static str {
    match p {
        Product::Fortiauthenticator => "FortiTokens: listing with filters and tastypie-style pagination, deleting a token (HTTP Basic with an admin's API key).",
        Product::FortitokenCloud => "Temporary tokens (Bearer token from POST /api/v1/login).",
        Product::Fortiportal => "API tokens with TTL limits and one live token per admin.",
    }
}

/// The summary of an operation: the product's name for it, or its
/// method and path for one this list does not know.
pub(crate) fn summary(method: Method, template: &str) -> String {
    let known = match (method, template) {
        (Method::Get, "/api/v1/fortitokens/") => "List FortiTokens (filters, pagination)",
        (Method::Delete, "/api/v1/fortitokens/{id}/") => "Delete a FortiToken",
        (Method::Post, "/api/v1/login") => "Log in as an API client: a bearer token",
        (Method::Post, "/api/v1/token/temp") => "Create a temporary token for a user",
        (Method::Delete, "/api/v1/token/temp/{user_id}") => "Delete a user's temporary token",
        (Method::Post, "/fpc/api/auth/tokenlogin/") => "Log in: an API token",
        (Method::Post, "/fpc/api/auth/tokenlogout/") => "Log out: the API token is deleted",
        _ => "",
    };
    if known.is_empty() {
        derived(method, template)
    } else {
        known.to_string()
    }
}

/// A summary from tastypie's conventions: a list URL is listed and created
/// on, a detail URL (`.../{id}/`) read, changed and deleted.
fn derived(method: Method, template: &str) -> String {
    let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let detail = segments.last().is_some_and(|s| s.starts_with('{'));
    let noun = segments
        .iter()
        .rev()
        .find(|s| !s.starts_with('{') && !matches!(**s, "api" | "v1"))
        .map_or("the API's resources", |s| s);
    let verb = match (method, detail) {
        (Method::Get, false) if noun == "the API's resources" => {
            return "List the API's resources".into()
        }
        (Method::Get, false) => "List",
        (Method::Get, true) => "Read one of",
        (Method::Post, _) => "Create in",
        (Method::Put, _) => "Replace one of",
        (Method::Patch, _) => "Change one of",
        (Method::Delete, _) => "Delete one of",
    };
    format!("{verb} {noun}")
}

/// The status with which `p` refuses missing or wrong credentials on an
/// operation that needs them, when its docs say: 401 for
/// FortiAuthenticator and FortiToken Cloud (docs/api-notes.md §1, §2 [doc]);
/// FortiPortal documents none (its cases list what they accept).
pub(crate) fn refused(p: Product) -> Option<&'static str> {
    match p {
        Product::Fortiauthenticator | Product::FortitokenCloud => Some("401"),
        Product::Fortiportal => None,
    }
}

/// The errors a product documents for every operation, whatever the
/// cases exercise: FortiAuthenticator's general table has 400 ("the
/// request does not validate") [doc]; on a detail URL an id it does not
/// hold is a 404 (tastypie's answer [framework]; not in the table).
pub(crate) fn general_errors(p: Product, detail: bool) -> Vec<(&'static str, &'static str)> {
    match p {
        Product::Fortiauthenticator if detail => vec![
            ("400", "Bad Request: the request does not validate"),
            ("404", "Not Found: no object with this id [framework]"),
        ],
        Product::Fortiauthenticator => vec![("400", "Bad Request: the request does not validate")],
        _ => Vec::new(),
    }
}

/// The schema of a query parameter as the product defines it, whichever
/// case or query schema names it: FortiAuthenticator's `format` takes
/// `json` or `xml` (docs/api-notes.md §2 [doc]; anything else is a 400), and an empty
/// one counts as absent (django-tastypie reads `GET.get('format')`, which
/// is then falsy: [framework]).
pub(crate) fn query_schema(products: &[Product], name: &str) -> Option<Value> {
    (name == "format" && products.contains(&Product::Fortiauthenticator)).then(|| {
        json!({
            "type": "string",
            "enum": ["json", "xml", ""],
            "description": "`json` or `xml` [doc]; empty: as if absent [framework]",
        })
    })
}

/// The media type of an answer asked for with `?format=<value>`
/// (FortiAuthenticator's `format` parameter, docs/api-notes.md §2 [doc]).
pub(crate) fn format_media_type(value: &str) -> Option<&'static str> {
    match value {
        "json" => Some("application/json"),
        "xml" => Some("application/xml"),
        _ => None,
    }
}

/// Where a product's token comes from: the operation that gives it, the
/// pointer of the token in its answer, and what goes before the token in
/// the `Authorization` header (docs/api-notes.md §1 [doc]).
pub(crate) struct TokenSource {
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    pub(crate) pointer: &'static str,
    pub(crate) prefix: &'static str,
}

pub(crate) fn token_source(p: Product) -> Option<TokenSource> {
    match p {
        Product::Fortiauthenticator => None,
        Product::FortitokenCloud => Some(TokenSource {
            method: Method::Post,
            template: "/api/v1/login",
            pointer: "/access_token",
            prefix: "Bearer ",
        }),
        Product::Fortiportal => Some(TokenSource {
            method: Method::Post,
            template: "/fpc/api/auth/tokenlogin/",
            pointer: "/token",
            prefix: "Token ",
        }),
    }
}
