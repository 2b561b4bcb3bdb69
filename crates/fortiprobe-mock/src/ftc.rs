//! FortiToken Cloud: `POST /api/v1/login` (client credentials for a bearer
//! access token that lives one hour on the mock's clock), `POST
//! /api/v1/token/temp` (a temporary token for a cloud user, with the doc's
//! 400/404 branches) and `DELETE /api/v1/token/temp/<user_id>`. Errors are
//! `{"error": message}`. With `MockOptions::rate_limit`, the trial
//! account's limit applies to every route here: 429 with `Retry-After`.

use std::collections::{HashMap, VecDeque};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post};
use axum::Router;
use chrono::{DateTime, Duration, NaiveDateTime, SecondsFormat, Utc};
use rand::rngs::StdRng;
use serde_json::{json, Map, Value};

use super::data::{FtcUser, UserAuth};
use super::faults::Fault;
use super::reply::{self, BodyError, EXTRA_FIELD};
use super::MockState;

/// Lifetime of an access token, in seconds [doc].
pub(crate) const ACCESS_TOKEN_SECONDS: i64 = 3600;

/// The doc's 400 and 404 messages for `POST /api/v1/token/temp`.
pub(crate) mod messages {
    pub(crate) const DISABLED: &str = "You cannot add temporary token for user.";
    pub(crate) const SMS_NOT_ALLOWED: &str =
        "You cannot set temporary token’s auth_method to ‘SMS’.";
    pub(crate) const NOT_TOKEN_USER: &str =
        "User auth method must be FTM/FTK to add a temporary token.";
    pub(crate) const INVALID_MOBILE: &str =
        "Cannot set auth method to SMS due to the user's invalid mobile number.";
    pub(crate) const INVALID_DATE: &str = "Expiration date must be set as a valid date.";
    pub(crate) const NO_USER: &str = "User does not exist.";
}

/// A temporary token held by one user.
#[derive(Debug, Clone)]
struct TempToken {
    sn: String,
}

/// FortiToken Cloud state: users, live access tokens, temporary tokens.
#[derive(Debug)]
pub(crate) struct FtcStore {
    users: Vec<FtcUser>,
    /// Access token -> expiry.
    access: HashMap<String, DateTime<Utc>>,
    /// Lower-cased user id -> temporary token.
    temp: HashMap<String, TempToken>,
    /// When the requests inside the rate-limit window came, oldest first.
    recent: VecDeque<DateTime<Utc>>,
    rng: StdRng,
}

impl FtcStore {
    pub(crate) fn new(users: Vec<FtcUser>) -> FtcStore {
        FtcStore {
            users,
            access: HashMap::new(),
            temp: HashMap::new(),
            recent: VecDeque::new(),
            rng: reply::entropy_rng(),
        }
    }

    /// Counts a request at `now` if fewer than `max` came in the `window`
    /// before it; otherwise how long until one more would be admitted.
    /// Refused requests are not counted.
    fn admit(
        &mut self,
        now: DateTime<Utc>,
        max: u32,
        window: std::time::Duration,
    ) -> Result<(), std::time::Duration> {
        let span = Duration::from_std(window).unwrap_or(Duration::MAX);
        // Everything is inside a window that reaches before chrono's time.
        if let Some(start) = now.checked_sub_signed(span) {
            while self.recent.front().is_some_and(|at| *at <= start) {
                self.recent.pop_front();
            }
        }
        if self.recent.len() < usize::try_from(max).unwrap_or(usize::MAX) {
            self.recent.push_back(now);
            return Ok(());
        }
        let wait = match self.recent.front() {
            Some(oldest) => (*oldest - now)
                .checked_add(&span)
                .and_then(|d| d.to_std().ok())
                .unwrap_or(window),
            None => window,
        };
        Err(wait)
    }

    fn user(&self, id: &str) -> Option<&FtcUser> {
        self.users.iter().find(|u| u.id.eq_ignore_ascii_case(id))
    }
}

pub(crate) fn routes(state: &MockState) -> Router<MockState> {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/token/temp", post(create_temp))
        .route("/api/v1/token/temp/{user_id}", delete(delete_temp))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit,
        ))
}

/// The trial account's limit [doc]: over it, 429 with `Retry-After` in
/// whole seconds (at least 1) and `{"error": message}`.
async fn rate_limit(State(state): State<MockState>, request: Request, next: Next) -> Response {
    let Some((max, window)) = state.options().rate_limit else {
        return next.run(request).await;
    };
    let now = state.clock().now();
    let admitted = state.ftc().admit(now, max, window);
    let wait = match admitted {
        Ok(()) => return next.run(request).await,
        Err(wait) => wait,
    };
    let seconds = wait
        .as_secs()
        .saturating_add(u64::from(wait.subsec_nanos() > 0))
        .max(1);
    let message = format!("Request was throttled. Expected available in {seconds} seconds.");
    let mut response = FtcError::new(StatusCode::TOO_MANY_REQUESTS, message).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// A refused request: answered with `status` and `{"error": message}`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct FtcError {
    status: StatusCode,
    message: String,
}

impl FtcError {
    fn new(status: StatusCode, message: impl Into<String>) -> FtcError {
        FtcError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> FtcError {
        FtcError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<BodyError> for FtcError {
    fn from(err: BodyError) -> FtcError {
        let message = match &err {
            BodyError::Malformed(detail) => format!("Malformed JSON body: {detail}"),
            other => other.to_string(),
        };
        FtcError::new(err.status(), message)
    }
}

impl FtcError {}

impl IntoResponse for FtcError {
    fn into_response(self) -> Response {
        let response = reply::json(self.status, &json!({ "error": self.message }));
        if self.status == StatusCode::UNAUTHORIZED {
            reply::with_header(response, header::WWW_AUTHENTICATE, "Bearer")
        } else {
            response
        }
    }
}

/// The body as a JSON object.
fn object_body(body: Result<Bytes, BytesRejection>) -> Result<Map<String, Value>, FtcError> {
    match reply::read_json(body)? {
        Value::Object(map) => Ok(map),
        _ => Err(FtcError::bad_request("Request body must be a JSON object.")),
    }
}

async fn login(State(state): State<MockState>, body: Result<Bytes, BytesRejection>) -> Response {
    match login_inner(&state, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn login_inner(
    state: &MockState,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, FtcError> {
    let map = object_body(body)?;
    let (Some(client_id), Some(secret)) = (
        map.get("client_id").and_then(Value::as_str),
        map.get("client_secret").and_then(Value::as_str),
    ) else {
        return Err(FtcError::bad_request(
            "client_id and client_secret are required strings.",
        ));
    };
    if state.has(Fault::FtcLoginHangs) {
        super::wire_faults::hang().await;
    }
    let creds = state.creds();
    if client_id != creds.ftc_client_id {
        let status = if state.has(Fault::FtcUnknownClient401) {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::NOT_FOUND
        };
        return Err(FtcError::new(status, "Client does not exist."));
    }
    if secret != creds.ftc_client_secret && !state.has(Fault::FtcWrongSecretAccepted) {
        return Err(FtcError::new(
            StatusCode::UNAUTHORIZED,
            "Invalid client secret.",
        ));
    }
    let now = state.clock().now();
    let token = {
        let mut store = state.ftc();
        store.access.retain(|_, expiry| *expiry > now);
        let token = reply::random_string(&mut store.rng, ALNUM, 30);
        store
            .access
            .insert(token.clone(), now + Duration::seconds(ACCESS_TOKEN_SECONDS));
        token
    };
    let mut answer = json!({ "access_token": token, "expires_in": ACCESS_TOKEN_SECONDS });
    if state.has(Fault::FtcLoginNoExpiresIn) {
        if let Some(m) = answer.as_object_mut() {
            m.remove("expires_in");
        }
    }
    add_extra(state, &mut answer);
    let status = if state.has(Fault::FtcLogin200) {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(reply::json(status, &answer))
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn add_extra(state: &MockState, answer: &mut Value) {
    if state.options().extra_field {
        if let Value::Object(map) = answer {
            map.insert(EXTRA_FIELD.0.to_string(), Value::from(EXTRA_FIELD.1));
        }
    }
}

/// Accepts a live bearer access token.
fn check_bearer(state: &MockState, headers: &HeaderMap) -> Result<(), FtcError> {
    let token = match reply::authorization(headers) {
        Some((scheme, token)) if scheme == "bearer" && !token.is_empty() => token,
        None if state.has(Fault::FtcNoBearerAccepted) => return Ok(()),
        _ => {
            return Err(FtcError::new(
                StatusCode::UNAUTHORIZED,
                "Authentication credentials were not provided.",
            ))
        }
    };
    let now = state.clock().now();
    let live = state
        .ftc()
        .access
        .get(&token)
        .is_some_and(|expiry| *expiry > now);
    if live || state.has(Fault::FtcAnyBearerAccepted) {
        Ok(())
    } else {
        Err(FtcError::new(
            StatusCode::UNAUTHORIZED,
            "Invalid or expired access token.",
        ))
    }
}

/// `auth_method` of a temporary token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TempMethod {
    Email,
    Sms,
}

impl TempMethod {
    fn as_str(self) -> &'static str {
        match self {
            TempMethod::Email => "Email",
            TempMethod::Sms => "SMS",
        }
    }
}

/// A syntactically valid temporary-token request.
struct TempRequest {
    user_id: String,
    method: TempMethod,
    /// Whether the request named its `auth_method`.
    method_given: bool,
    /// An `auth_method` outside Email/SMS, kept (fault `FtcTempAnyMethodAccepted`).
    other_method: Option<String>,
    expired_at: Option<DateTime<Utc>>,
}

/// Faults that bend how a request is read.
struct Leniency {
    dates: bool,
    methods: bool,
}

fn parse_temp_request(
    map: &Map<String, Value>,
    lenient: &Leniency,
) -> Result<TempRequest, FtcError> {
    let user_id = match map.get("user_id") {
        None | Some(Value::Null) => return Err(FtcError::bad_request("user_id is required.")),
        Some(Value::String(id)) => id.clone(),
        Some(_) => return Err(FtcError::bad_request("user_id must be a string.")),
    };
    // Without auth_method the token is sent by Email: the docs do not say
    // which method a request without one gets, only that it is Email or SMS.
    let mut other_method = None;
    let method = match map.get("auth_method") {
        None | Some(Value::Null) => TempMethod::Email,
        Some(Value::String(m)) if m == "Email" => TempMethod::Email,
        Some(Value::String(m)) if m == "SMS" => TempMethod::Sms,
        Some(Value::String(m)) if lenient.methods => {
            other_method = Some(m.clone());
            TempMethod::Email
        }
        Some(_) => {
            return Err(FtcError::bad_request(
                "auth_method must be 'Email' or 'SMS'.",
            ))
        }
    };
    let method_given = !matches!(map.get("auth_method"), None | Some(Value::Null));
    let expired_at = match map.get("expired_at") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if lenient.dates => parse_expiry(text),
        Some(Value::String(text)) => {
            Some(parse_expiry(text).ok_or_else(|| FtcError::bad_request(messages::INVALID_DATE))?)
        }
        Some(_) => return Err(FtcError::bad_request(messages::INVALID_DATE)),
    };
    Ok(TempRequest {
        user_id,
        method,
        method_given,
        other_method,
        expired_at,
    })
}

/// RFC 3339 (any offset), or `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` taken as UTC.
pub(crate) fn parse_expiry(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

/// The doc's refusals for an existing user, in the order they are checked.
fn refusal(user: &FtcUser, method: TempMethod) -> Option<&'static str> {
    if !user.temp_allowed {
        return Some(messages::DISABLED);
    }
    if !matches!(user.auth, UserAuth::Ftm | UserAuth::Ftk) {
        return Some(messages::NOT_TOKEN_USER);
    }
    if method == TempMethod::Sms && !user.sms_allowed {
        return Some(messages::SMS_NOT_ALLOWED);
    }
    if method == TempMethod::Sms && !user.mobile_valid {
        return Some(messages::INVALID_MOBILE);
    }
    None
}

async fn create_temp(
    State(state): State<MockState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match create_temp_inner(&state, headers, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn create_temp_inner(
    state: &MockState,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, FtcError> {
    check_bearer(state, &headers)?;
    let lenient = Leniency {
        dates: state.has(Fault::FtcBadExpiredAtAccepted),
        methods: state.has(Fault::FtcTempAnyMethodAccepted),
    };
    let request = parse_temp_request(&object_body(body)?, &lenient)?;
    let (user, sn) = issue_temp(state, &request)?;
    let mut answer = temp_answer(state, &request, &user, sn);
    if state.has(Fault::FtcTempNoSn) {
        if let Some(m) = answer.as_object_mut() {
            m.remove("sn");
        }
    }
    add_extra(state, &mut answer);
    let status = if state.has(Fault::FtcTemp200) {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(reply::json(status, &answer))
}

/// The user's new temporary token (replacing any earlier one): its user
/// must exist and may use the method asked for.
fn issue_temp(state: &MockState, request: &TempRequest) -> Result<(FtcUser, String), FtcError> {
    let mut store = state.ftc();
    let user = store.user(&request.user_id).cloned().ok_or_else(|| {
        let status = if state.has(Fault::FtcUnknownUser400) {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::NOT_FOUND
        };
        FtcError::new(status, messages::NO_USER)
    })?;
    match refusal(&user, request.method) {
        Some(messages::DISABLED) if state.has(Fault::FtcDisabledUserAllowed) => {}
        Some(messages::SMS_NOT_ALLOWED) if state.has(Fault::FtcSmsDisallowedAllowed) => {}
        Some(message) => return Err(FtcError::bad_request(message)),
        None => {}
    }
    let sn = loop {
        let sn = format!(
            "TMP{}",
            reply::random_string(&mut store.rng, UPPER_ALNUM, 13)
        );
        if !store.temp.values().any(|t| t.sn == sn) {
            break sn;
        }
    };
    store
        .temp
        .insert(user.id.to_ascii_lowercase(), TempToken { sn: sn.clone() });
    Ok((user, sn))
}

/// The documented answer to `POST /api/v1/token/temp`.
fn temp_answer(state: &MockState, request: &TempRequest, user: &FtcUser, sn: String) -> Value {
    let expired_at = request.expired_at.map(|at| {
        if state.has(Fault::FtcTempExpiredAtShifted) {
            (at + Duration::hours(1)).to_rfc3339_opts(SecondsFormat::AutoSi, true)
        } else if state.has(Fault::FtcTempExpiredAtBadFormat) {
            at.format("%Y/%m/%d %H:%M").to_string()
        } else {
            at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        }
    });
    let method = match (request.method, state.has(Fault::FtcTempAuthMethodWrong)) {
        (m, false) => m,
        (TempMethod::Email, true) => TempMethod::Sms,
        (TempMethod::Sms, true) => TempMethod::Email,
    };
    let user_id = if state.has(Fault::FtcTempUserIdWrong) {
        let mut id = user.id.clone();
        let last = if id.ends_with('0') { '1' } else { '0' };
        id.pop();
        id.push(last);
        id
    } else {
        user.id.clone()
    };
    let auth_method = match &request.other_method {
        Some(other) => Value::from(other.as_str()),
        None if !request.method_given && state.has(Fault::FtcTempDefaultMethodNull) => Value::Null,
        None => Value::from(method.as_str()),
    };
    let sn = if state.has(Fault::FtcTempSnEmpty) {
        String::new()
    } else {
        sn
    };
    json!({
        "sn": sn,
        "expired_at": expired_at,
        "auth_method": auth_method,
        "user_id": user_id,
        "username": user.username,
        "realm_id": user.realm_id,
        "realm_name": user.realm_name,
    })
}

async fn delete_temp(
    State(state): State<MockState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    match delete_temp_inner(&state, headers, path).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn delete_temp_inner(
    state: &MockState,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FtcError> {
    let unauthenticated = reply::authorization(&headers).is_none();
    if !(unauthenticated && state.has(Fault::FtcTempDeleteNoBearerAccepted)) {
        check_bearer(state, &headers)?;
    }
    let no_user = || FtcError::new(StatusCode::NOT_FOUND, messages::NO_USER);
    let Path(user_id) = path.map_err(|_| no_user())?;
    let mut store = state.ftc();
    if store.user(&user_id).is_none() {
        if state.has(Fault::FtcTempDeleteUnknown204) {
            return Ok(reply::empty(StatusCode::NO_CONTENT));
        }
        return Err(no_user());
    }
    // A user who exists but holds no temporary token: the docs name 204
    // (deleted) and 404 (no such user) only; the mock says 404 too.
    match store.temp.remove(&user_id.to_ascii_lowercase()) {
        Some(_) if state.has(Fault::FtcTempDelete200) => Ok(reply::json(
            StatusCode::OK,
            &json!({ "detail": "The temporary token has been deleted." }),
        )),
        Some(_) => Ok(reply::empty(StatusCode::NO_CONTENT)),
        None => Err(FtcError::new(
            StatusCode::NOT_FOUND,
            "User has no temporary token.",
        )),
    }
}
