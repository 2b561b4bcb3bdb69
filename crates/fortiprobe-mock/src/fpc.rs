//! FortiPortal `tokenlogin`/`tokenlogout`: one admin, at most one unexpired
//! token at a time (a second login while holding one is 403), optional TTLs
//! with the doc's maxima, and logout by `Authorization: Token <token>`.
//! Bodies follow Django REST framework's shapes ([framework]).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rand::rngs::StdRng;
use serde_json::{json, Map, Value};

use super::faults::Fault;
use super::reply::{self, BodyError, EXTRA_FIELD};
use super::MockState;

/// One issued API token.
#[derive(Debug, Clone)]
struct ApiToken {
    key: String,
    /// `None`: lives until logout.
    expiry: Option<DateTime<Utc>>,
}

impl ApiToken {
    fn live(&self, now: DateTime<Utc>) -> bool {
        self.expiry.is_none_or(|expiry| expiry > now)
    }
}

/// FortiPortal state: the admin's tokens.
#[derive(Debug)]
pub(crate) struct FpcStore {
    tokens: Vec<ApiToken>,
    rng: StdRng,
}

impl FpcStore {
    pub(crate) fn new() -> FpcStore {
        FpcStore {
            tokens: Vec::new(),
            rng: reply::entropy_rng(),
        }
    }
}

pub(crate) fn routes() -> Router<MockState> {
    Router::new()
        .route("/fpc/api/auth/tokenlogin/", post(login))
        .route("/fpc/api/auth/tokenlogout/", post(logout))
}

/// The TTL fields and their documented maxima.
const TTLS: [(&str, i64); 3] = [("ttl_days", 30), ("ttl_hours", 23), ("ttl_minutes", 59)];

/// A validated login request.
struct Login {
    username: String,
    password: String,
    /// Days, hours, minutes; absent ones are 0.
    ttl: [i64; 3],
}

fn body_error(err: &BodyError) -> Response {
    let detail = match err {
        BodyError::Malformed(detail) => format!("JSON parse error - {detail}"),
        other => other.to_string(),
    };
    reply::json(err.status(), &json!({ "detail": detail }))
}

/// Validates every field at once; the error map is DRF's `{field: [msg]}`.
fn validate(state: &MockState, map: &Map<String, Value>) -> Result<Login, Map<String, Value>> {
    let mut errors = Map::new();
    let mut text = |field: &str| -> String {
        let problem = match map.get(field) {
            None => "This field is required.",
            Some(Value::Null) => "This field may not be null.",
            Some(Value::String(s)) if s.is_empty() => "This field may not be blank.",
            Some(Value::String(s)) => return s.clone(),
            Some(_) => "Not a valid string.",
        };
        errors.insert(field.to_string(), json!([problem]));
        String::new()
    };
    let username = text("username");
    // The fault: a login without a password is taken as the admin's.
    let no_password = state.has(Fault::FpcMissingPasswordAccepted) && map.get("password").is_none();
    let (username, password) = if no_password {
        (
            state.creds().fpc_username.clone(),
            state.creds().fpc_password.clone(),
        )
    } else {
        (username, text("password"))
    };
    let mut ttl = [0i64; 3];
    let unlimited = [
        Fault::FpcTtlDaysUnlimited,
        Fault::FpcTtlHoursUnlimited,
        Fault::FpcTtlMinutesUnlimited,
    ];
    for (i, (slot, (field, max))) in ttl.iter_mut().zip(TTLS).enumerate() {
        let max = if state.has(unlimited[i]) {
            i64::from(u16::MAX)
        } else if i == 0 && state.has(Fault::FpcTtlMaxRefused) {
            max - 1
        } else {
            max
        };
        match ttl_value(map.get(field), max) {
            Ok(value) => *slot = value,
            Err(problem) => {
                errors.insert(field.to_string(), json!([problem]));
            }
        }
    }
    if errors.is_empty() {
        Ok(Login {
            username,
            password,
            ttl,
        })
    } else {
        Err(errors)
    }
}

/// One TTL: absent or null is 0; otherwise an integer in `0..=max`.
fn ttl_value(value: Option<&Value>, max: i64) -> Result<i64, String> {
    let n = match value {
        None | Some(Value::Null) => return Ok(0),
        Some(Value::Number(n)) => n.as_i64(),
        Some(_) => None,
    };
    match n {
        None => Err("A valid integer is required.".to_string()),
        Some(n) if n < 0 => Err("Ensure this value is greater than or equal to 0.".to_string()),
        Some(n) if n > max => Err(format!("Ensure this value is less than or equal to {max}.")),
        Some(n) => Ok(n),
    }
}

async fn login(State(state): State<MockState>, body: Result<Bytes, BytesRejection>) -> Response {
    if state.has(Fault::FpcLoginHtml) {
        return reply::bytes_with_type(
            StatusCode::OK,
            b"<!DOCTYPE html><html><body>FortiPortal: please log in</body></html>".to_vec(),
            "text/html; charset=utf-8",
        );
    }
    let map = match reply::read_json(body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            return reply::json(
                StatusCode::BAD_REQUEST,
                &json!({ "non_field_errors": ["Invalid data. Expected a dictionary."] }),
            )
        }
        Err(err) => return body_error(&err),
    };
    let request = match validate(&state, &map) {
        Ok(request) => request,
        Err(errors) => return reply::json(StatusCode::BAD_REQUEST, &Value::Object(errors)),
    };
    let creds = state.creds();
    let password_ok =
        request.password == creds.fpc_password || state.has(Fault::FpcWrongPasswordAccepted);
    if request.username != creds.fpc_username || !password_ok {
        return reply::json(
            StatusCode::BAD_REQUEST,
            &json!({ "non_field_errors": ["Unable to log in with provided credentials."] }),
        );
    }
    let now = state.clock().now();
    let mut expiry = ttl_expiry(&state, now, request.ttl);
    if state.has(Fault::FpcExpiryIgnoresTtl) && expiry.is_some() {
        expiry = Some(now + Duration::days(1));
    }
    if state.has(Fault::FpcExpiryWithoutTtl) && expiry.is_none() {
        expiry = Some(now + Duration::days(1));
    }
    let key = {
        let mut store = state.fpc();
        // The one-token rule: an unexpired token blocks a new one [doc].
        store.tokens.retain(|t| t.live(now));
        if !store.tokens.is_empty() && !state.has(Fault::FpcOneTokenRuleOff) {
            return reply::json(
                StatusCode::FORBIDDEN,
                &json!({ "error": "Maximum amount of tokens allowed per user exceeded." }),
            );
        }
        let key = if state.has(Fault::FpcTokenEmpty) {
            String::new()
        } else if state.options().fpc_token_40 {
            reply::random_string(&mut store.rng, LETTERS_AND_DIGITS, 40)
        } else {
            reply::random_string(&mut store.rng, b"0123456789abcdef", 64)
        };
        store.tokens.push(ApiToken {
            key: key.clone(),
            expiry,
        });
        key
    };
    let mut answer = json!({
        "expiry": expiry.map(|at| at.to_rfc3339_opts(SecondsFormat::Micros, false)),
        "token": key,
    });
    if state.options().extra_field {
        if let Value::Object(map) = &mut answer {
            map.insert(EXTRA_FIELD.0.to_string(), Value::from(EXTRA_FIELD.1));
        }
    }
    // The status of a login is not documented: any 2xx passes.
    let status = if state.options().fpc_login_201 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    reply::json(status, &answer)
}

const LETTERS_AND_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The expiry for TTLs of `[days, hours, minutes]`: `now` plus their sum;
/// `None` when none is given (the token lives until logout) [doc].
fn ttl_expiry(state: &MockState, now: DateTime<Utc>, ttl: [i64; 3]) -> Option<DateTime<Utc>> {
    let [days, hours, minutes] = ttl;
    if ttl == [0; 3] {
        return None;
    }
    let parts = [
        Duration::days(days),
        Duration::hours(hours),
        Duration::minutes(minutes),
    ];
    if state.has(Fault::FpcTtlNotSummed) {
        // Only the largest unit given counts.
        let largest = ttl.iter().position(|&n| n > 0).unwrap_or(0);
        return Some(now + parts[largest]);
    }
    Some(now + parts[0] + parts[1] + parts[2])
}

fn unauthorized(detail: &str) -> Response {
    reply::with_header(
        reply::json(StatusCode::UNAUTHORIZED, &json!({ "detail": detail })),
        header::WWW_AUTHENTICATE,
        "Token",
    )
}

async fn logout(State(state): State<MockState>, headers: HeaderMap) -> Response {
    let key = match reply::authorization(&headers) {
        Some((scheme, key)) if scheme == "token" => key,
        _ => return unauthorized("Authentication credentials were not provided."),
    };
    if key.is_empty() {
        return unauthorized("Invalid token header. No credentials provided.");
    }
    let now = state.clock().now();
    let mut store = state.fpc();
    // An expired token is gone whether or not anyone noticed before.
    store.tokens.retain(|t| t.live(now));
    let before = store.tokens.len();
    if state.has(Fault::FpcLogoutKeepsToken) && store.tokens.iter().any(|t| t.key == key) {
        return reply::empty(StatusCode::NO_CONTENT);
    }
    store.tokens.retain(|t| t.key != key);
    if store.tokens.len() < before {
        if state.has(Fault::FpcLogout200) {
            return reply::json(StatusCode::OK, &json!({ "detail": "Logged out." }));
        }
        reply::empty(StatusCode::NO_CONTENT)
    } else if state.has(Fault::FpcLogoutUnknown204) {
        reply::empty(StatusCode::NO_CONTENT)
    } else {
        unauthorized("Invalid token.")
    }
}
