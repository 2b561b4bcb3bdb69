//! A property test of the reference mock: arbitrary requests to every route
//! (the provisioning resources and the index included; paths, query strings with huge numbers, percent-encodings, repeated keys,
//! `__` lookups and unicode, headers, bodies of arbitrary bytes or JSON)
//! driven straight into its router with `tower::ServiceExt::oneshot`, on one
//! state shared by all cases so earlier requests shape later ones.
//!
//! Every request must get an answer (a handler panic fails the test, a hang
//! trips a timeout), never a 500, always a status the docs (or the web
//! framework, where they are silent) allow for that route and method, and a
//! body that is JSON whenever it says so.
//!
//! The cases are the same on every run (a fixed seed); `PROPTEST_RNG_SEED=N`
//! explores others and `PROPTEST_CASES=N` runs more of them.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, Uri};
use axum::Router;
use base64::Engine as _;
use fortiprobe_mock::{app, Credentials, MockOptions, MockState};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Value};
use tower::ServiceExt;

/// Cases when `PROPTEST_CASES` does not say otherwise.
const CASES: u32 = 256;

/// Seed when `PROPTEST_RNG_SEED` does not say otherwise.
const SEED: u64 = 0x666f_7274_6970;

/// Where a request goes.
#[derive(Debug, Clone)]
enum Route {
    FacList {
        slash: bool,
    },
    FacToken {
        id: String,
        slash: bool,
    },
    FtcLogin,
    FtcTemp,
    FtcTempUser(String),
    FpcLogin,
    FpcLogout,
    /// `GET /api/v1/`, the resource index.
    FacIndex,
    /// A provisioning resource's list (`id` none) or one of its objects.
    Prov {
        res: Res,
        id: Option<String>,
        slash: bool,
    },
    /// Segments that may or may not spell a route.
    Any(Vec<String>),
}

/// The provisioning resources (issue 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Res {
    Users,
    Groups,
    Memberships,
}

impl Res {
    fn name(self) -> &'static str {
        match self {
            Res::Users => "localusers",
            Res::Groups => "usergroups",
            Res::Memberships => "localgroup-memberships",
        }
    }
}

impl Route {
    fn path(&self) -> String {
        let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
        let slash = |s: bool| if s { "/" } else { "" };
        match self {
            Route::FacList { slash: s } => format!("/api/v1/fortitokens{}", slash(*s)),
            Route::FacToken { id, slash: s } => {
                format!("/api/v1/fortitokens/{}{}", enc(id), slash(*s))
            }
            Route::FtcLogin => "/api/v1/login".to_string(),
            Route::FtcTemp => "/api/v1/token/temp".to_string(),
            Route::FtcTempUser(user) => format!("/api/v1/token/temp/{}", enc(user)),
            Route::FpcLogin => "/fpc/api/auth/tokenlogin/".to_string(),
            Route::FpcLogout => "/fpc/api/auth/tokenlogout/".to_string(),
            Route::FacIndex => "/api/v1/".to_string(),
            Route::Prov { res, id: None, .. } => format!("/api/v1/{}/", res.name()),
            Route::Prov {
                res,
                id: Some(id),
                slash: s,
            } => format!("/api/v1/{}/{}{}", res.name(), enc(id), slash(*s)),
            Route::Any(segments) => format!("/{}", segments.join("/")),
        }
    }

    /// The statuses `method` may get here: the docs' codes, and the
    /// framework's 404/405 for what is not routed. Request bodies stay far
    /// under the 1 MiB limit, so 413 is not among them.
    fn allowed(&self, method: &Method) -> &'static [u16] {
        let get = method == Method::GET || method == Method::HEAD;
        let post = method == Method::POST;
        let delete = method == Method::DELETE;
        let patch = method == Method::PATCH;
        let put = method == Method::PUT;
        // tastypie's `method_check` answers OPTIONS with the allowed methods.
        if method == Method::OPTIONS
            && !matches!(
                self,
                Route::Any(_)
                    | Route::FtcLogin
                    | Route::FtcTemp
                    | Route::FtcTempUser(_)
                    | Route::FpcLogin
                    | Route::FpcLogout
                    | Route::FacIndex
            )
        {
            return &[200];
        }
        match self {
            // The index asks for no credentials (tastypie's `top_level`).
            Route::FacIndex if get => &[200, 400],
            Route::Prov { id: None, .. } if get => &[200, 400, 401],
            Route::Prov { id: None, .. } if post => &[201, 400, 401],
            Route::Prov { id: Some(_), .. } if get => &[200, 400, 401, 404],
            Route::Prov { id: Some(_), .. } if delete => &[204, 401, 404],
            Route::Prov {
                res: Res::Users | Res::Groups,
                id: Some(_),
                ..
            } if patch => &[202, 400, 401, 404],
            // User groups: "PUT Replaces all of the resources for the group" (6.4.4).
            Route::Prov {
                res: Res::Groups,
                id: Some(_),
                ..
            } if put => &[204, 400, 401, 404],
            Route::FacList { .. } if get => &[200, 400, 401],
            Route::FacToken { .. } if get => &[200, 400, 401, 404],
            Route::FacToken { .. } if delete => &[204, 401, 404],
            Route::FtcLogin if post => &[201, 400, 401, 404],
            Route::FtcTemp if post => &[201, 400, 401, 404],
            Route::FtcTempUser(_) if delete => &[204, 401, 404],
            Route::FpcLogin if post => &[200, 400, 403],
            Route::FpcLogout if post => &[204, 401],
            // Other methods, or no route at all (`/api/v1/token/temp/`).
            Route::FacToken { .. } => &[404, 405],
            Route::FtcTempUser(_) => &[404, 405],
            Route::Any(_) => &[200, 201, 202, 204, 400, 401, 403, 404, 405],
            _ => &[405],
        }
    }
}

/// Words the routes are made of, and some that are not.
const WORDS: &[&str] = &[
    "api",
    "v1",
    "fortitokens",
    "token",
    "temp",
    "login",
    "fpc",
    "auth",
    "tokenlogin",
    "tokenlogout",
    "localusers",
    "usergroups",
    "localgroup-memberships",
    "schema",
    "",
    ".",
    "..",
    "%2F",
    "%00",
    "%zz",
    "1",
    "0",
    "-1",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_-]{0,12}",
        any::<String>(),
        Just("18446744073709551616".to_string()),
        Just("99999999999999999999999999999999".to_string()),
        Just("0001".to_string()),
        Just("1e3".to_string()),
        Just("\u{0}".to_string()),
        Just("ＦＴＫ１２３".to_string()),
        Just("FTKMOB%".to_string()),
    ]
}

/// A provisioning route: mostly objects with ids the mock may hold.
fn prov() -> impl Strategy<Value = Route> {
    (
        prop::sample::select(vec![Res::Users, Res::Groups, Res::Memberships]),
        prop::option::weighted(
            0.7,
            prop_oneof![
                3 => (1u64..40).prop_map(|n| n.to_string()),
                1 => any::<u64>().prop_map(|n| n.to_string()),
                1 => text().prop_filter("an id", |t| !t.is_empty())
            ],
        ),
        any::<bool>(),
    )
        .prop_map(|(res, id, slash)| Route::Prov { res, id, slash })
}

fn route() -> impl Strategy<Value = Route> {
    prop_oneof![
        any::<bool>().prop_map(|slash| Route::FacList { slash }),
        (
            prop_oneof![
                (1u64..80).prop_map(|n| n.to_string()),
                any::<u64>().prop_map(|n| n.to_string()),
                // An empty id would spell the list's path.
                text().prop_filter("an id", |t| !t.is_empty())
            ],
            any::<bool>()
        )
            .prop_map(|(id, slash)| Route::FacToken { id, slash }),
        Just(Route::FtcLogin),
        Just(Route::FtcTemp),
        text().prop_map(Route::FtcTempUser),
        Just(Route::FpcLogin),
        Just(Route::FpcLogout),
        Just(Route::FacIndex),
        // Three resources, each with a list and objects: more often.
        prov(),
        prov(),
        prov(),
        prov(),
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(WORDS).prop_map(str::to_string),
                text().prop_map(|t| utf8_percent_encode(&t, NON_ALPHANUMERIC).to_string()),
            ],
            0..6
        )
        .prop_map(Route::Any),
    ]
}

fn method() -> impl Strategy<Value = Option<Method>> {
    // `None`: the route's own method.
    prop_oneof![
        4 => Just(None),
        1 => prop::sample::select(vec![
            Method::GET,
            Method::POST,
            Method::DELETE,
            Method::PUT,
            Method::PATCH,
            Method::HEAD,
            Method::OPTIONS,
        ])
        .prop_map(Some),
    ]
}

/// Query keys: the documented ones, Django lookups that exist and do not,
/// and anything.
const KEYS: &[&str] = &[
    "limit",
    "offset",
    "format",
    "serial",
    "serial__exact",
    "serial__iexact",
    "serial__startswith",
    "serial__in",
    "serial__iexact__exact",
    "type",
    "type__exact",
    "status",
    "status__iexact",
    "license",
    "license__exact",
    "locked",
    "order_by",
    "username",
    "username__icontains",
    "group",
    "group__in",
    "group_name__in",
    "active",
    "name__exact",
    "return_members",
    "__",
    "serial__",
    "__serial",
    "LIMIT",
    "li%6dit",
    "",
];

/// Values already encoded as they would appear in a query string.
const RAW_VALUES: &[&str] = &[
    "0",
    "1",
    "20",
    "1000",
    "1001",
    "-1",
    "-0",
    "+5",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "1e3",
    "0x10",
    "1.5",
    "%31",
    "%00",
    "%ff",
    "%E2%82%AC",
    "%zz",
    "%",
    "json",
    "xml",
    "JSON",
    "ftk",
    "ftm",
    "FTK",
    "available",
    "assigned",
    "new",
    "pending",
    "True",
    "true",
    "1,2",
    "abc",
    "",
    "%20",
    "+",
    "a%26b=c",
];

fn query() -> impl Strategy<Value = Option<String>> {
    let key = prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => text().prop_map(|t| utf8_percent_encode(&t, NON_ALPHANUMERIC).to_string()),
    ];
    let value = prop_oneof![
        3 => prop::sample::select(RAW_VALUES).prop_map(str::to_string),
        2 => text().prop_map(|t| utf8_percent_encode(&t, NON_ALPHANUMERIC).to_string()),
        1 => any::<i128>().prop_map(|n| n.to_string()),
    ];
    let pair = prop_oneof![
        8 => (key.clone(), value).prop_map(|(k, v)| format!("{k}={v}")),
        1 => key,
        1 => Just(String::new()),
        1 => Just("==".to_string()),
    ];
    prop::option::weighted(
        0.8,
        prop::collection::vec(pair, 0..8).prop_map(|p| p.join("&")),
    )
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Fields the POST routes read.
const FIELDS: &[&str] = &[
    "client_id",
    "client_secret",
    "user_id",
    "auth_method",
    "expired_at",
    "username",
    "password",
    "ttl_days",
    "ttl_hours",
    "ttl_minutes",
    "name",
    "email",
    "mobile_number",
    "country",
    "users",
    "user",
    "group",
    "active",
    "token_auth",
    "token_type",
    "token_serial",
];

/// Fields the POST routes read, with values that are sometimes right.
fn known_field(c: &Credentials) -> impl Strategy<Value = (String, Value)> {
    let near = vec![
        json!(c.ftc_client_id),
        json!(c.ftc_client_secret),
        json!(c.ftc_temp_token_user),
        json!(c.ftc_non_token_user),
        json!(c.ftc_invalid_mobile_user),
        json!(c.ftc_disabled_user),
        json!(c.ftc_sms_disallowed_user),
        json!(c.ftc_temp_token_user.to_uppercase()),
        json!(c.fpc_username),
        json!(c.fpc_password),
        json!("Email"),
        json!("SMS"),
        json!("sms"),
        json!("/api/v1/localusers/1/"),
        json!("/api/v1/usergroups/1/"),
        json!(["/api/v1/localusers/2/"]),
        json!("+46-701234567"),
        json!("SE"),
        json!("a@b.example"),
        json!("ftm"),
        json!(true),
        json!("2030-01-01T00:00:00Z"),
        json!("2030-01-01 00:00:00"),
        json!("9999-12-31T23:59:59+14:00"),
        json!("-262144-01-01T00:00:00Z"),
        json!("2030-02-30T00:00:00Z"),
        json!(0),
        json!(30),
        json!(31),
        json!(59),
        json!(-1),
        json!(1.5),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(1e300),
        json!(""),
        Value::Null,
    ];
    (
        prop::sample::select(FIELDS).prop_map(str::to_string),
        prop_oneof![3 => prop::sample::select(near), 1 => json_value()],
    )
}

/// A request body.
#[derive(Debug, Clone)]
enum Payload {
    Bytes(Vec<u8>),
    /// The body the route's docs ask for, with these fields set over it
    /// (none: exactly the right body).
    Fitting(Vec<(String, Value)>),
}

fn payload(c: &Credentials) -> impl Strategy<Value = Payload> {
    let bytes = prop_oneof![
        1 => Just(Vec::new()),
        2 => prop::collection::vec(any::<u8>(), 0..256),
        2 => json_value().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        3 => prop::collection::vec(known_field(c), 0..6).prop_map(|fields| {
            let map: serde_json::Map<String, Value> = fields.into_iter().collect();
            serde_json::to_vec(&Value::Object(map)).unwrap_or_default()
        }),
    ];
    prop_oneof![
        8 => bytes.prop_map(Payload::Bytes),
        6 => prop::collection::vec(known_field(c), 0..3).prop_map(Payload::Fitting),
    ]
}

/// Which `Authorization` header goes with the request.
#[derive(Debug, Clone)]
enum Auth {
    /// The credentials the route's docs ask for.
    Fitting,
    None,
    FacRight,
    FacWrong,
    FtcBearer,
    Token(String),
    Raw(String),
}

fn auth() -> impl Strategy<Value = Auth> {
    prop_oneof![
        6 => Just(Auth::Fitting),
        1 => Just(Auth::None),
        3 => Just(Auth::FacRight),
        1 => Just(Auth::FacWrong),
        3 => Just(Auth::FtcBearer),
        1 => "[0-9a-f]{0,64}".prop_map(Auth::Token),
        1 => "[ -~]{0,40}".prop_map(Auth::Raw),
    ]
}

fn accept() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(prop::sample::select(vec![
        "application/json",
        "application/xml",
        "text/html",
        "*/*",
        "application/json;q=0, application/xml",
        "",
    ]))
}

#[derive(Debug, Clone)]
struct Attempt {
    route: Route,
    method: Option<Method>,
    query: Option<String>,
    auth: Auth,
    accept: Option<&'static str>,
    body: Payload,
}

fn attempt(c: &Credentials) -> impl Strategy<Value = Attempt> {
    (route(), method(), query(), auth(), accept(), payload(c)).prop_map(
        |(route, method, query, auth, accept, body)| Attempt {
            route,
            method,
            query,
            auth,
            accept,
            body,
        },
    )
}

/// The route's own method.
fn own_method(route: &Route, pick: u8) -> Method {
    match route {
        Route::FacList { .. } => Method::GET,
        Route::FacToken { .. } if pick % 2 == 0 => Method::GET,
        Route::FacToken { .. } | Route::FtcTempUser(_) => Method::DELETE,
        Route::FtcLogin | Route::FtcTemp | Route::FpcLogin | Route::FpcLogout => Method::POST,
        Route::FacIndex => Method::GET,
        Route::Prov { id: None, .. } => [Method::GET, Method::POST][usize::from(pick % 2)].clone(),
        Route::Prov { .. } => {
            [Method::GET, Method::PATCH, Method::DELETE][usize::from(pick % 3)].clone()
        }
        Route::Any(_) => [Method::GET, Method::POST, Method::DELETE][usize::from(pick % 3)].clone(),
    }
}

struct Target {
    router: Router,
    rt: tokio::runtime::Runtime,
    creds: Credentials,
    bearer: String,
    /// How often each status came back.
    seen: std::sync::Mutex<std::collections::BTreeMap<u16, usize>>,
}

impl Target {
    fn new() -> Target {
        let state = MockState::new(&MockOptions::default());
        let creds = state.credentials();
        let router = app(state);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let login =
            json!({"client_id": creds.ftc_client_id, "client_secret": creds.ftc_client_secret});
        let request = Request::post("/api/v1/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(login.to_string()))
            .expect("request");
        let (status, body) = rt
            .block_on(async {
                let response = router.clone().oneshot(request).await?;
                let status = response.status().as_u16();
                let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await;
                Ok::<_, std::convert::Infallible>((status, bytes))
            })
            .expect("infallible");
        assert_eq!(status, 201);
        let body: Value = serde_json::from_slice(&body.expect("body")).expect("JSON");
        let bearer = body["access_token"].as_str().expect("token").to_string();
        Target {
            router,
            rt,
            creds,
            bearer,
            seen: Default::default(),
        }
    }

    /// The bytes of `payload` for `route`.
    fn body(&self, route: &Route, payload: &Payload) -> Vec<u8> {
        let fields = match payload {
            Payload::Bytes(bytes) => return bytes.clone(),
            Payload::Fitting(fields) => fields,
        };
        let c = &self.creds;
        let mut body = match route {
            Route::FtcLogin => {
                json!({"client_id": c.ftc_client_id, "client_secret": c.ftc_client_secret})
            }
            Route::FtcTemp => json!({"user_id": c.ftc_temp_token_user}),
            Route::FpcLogin => json!({"username": c.fpc_username, "password": c.fpc_password}),
            Route::Prov { res, id, .. } => match (res, id.is_some()) {
                (Res::Users, false) => json!({"username": "fuzz-user"}),
                (Res::Users, true) => json!({"first_name": "Fuzz"}),
                (Res::Groups, false) => json!({"name": "fuzz-group"}),
                (Res::Groups, true) => json!({"users": ["/api/v1/localusers/1/"]}),
                (Res::Memberships, _) => {
                    json!({"user": "/api/v1/localusers/1/", "group": "/api/v1/usergroups/1/"})
                }
            },
            _ => json!({}),
        };
        if let Value::Object(map) = &mut body {
            map.extend(fields.iter().cloned());
        }
        serde_json::to_vec(&body).unwrap_or_default()
    }

    fn check(&self, a: &Attempt, pick: u8) -> Result<(), TestCaseError> {
        let method = a
            .method
            .clone()
            .unwrap_or_else(|| own_method(&a.route, pick));
        let mut uri = a.route.path();
        if let Some(q) = &a.query {
            uri.push('?');
            uri.push_str(q);
        }
        // Only what a client could send: some raw query bytes make no URI.
        let Ok(uri) = uri.parse::<Uri>() else {
            return Err(TestCaseError::reject("not a URI"));
        };
        let mut request = Request::builder().method(method.clone()).uri(uri.clone());
        let basic = |user: &str, key: &str| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{key}"))
            )
        };
        let auth = match (&a.auth, &a.route) {
            (
                Auth::Fitting,
                Route::FacList { .. }
                | Route::FacToken { .. }
                | Route::FacIndex
                | Route::Prov { .. },
            ) => &Auth::FacRight,
            (Auth::Fitting, Route::FtcTemp | Route::FtcTempUser(_)) => &Auth::FtcBearer,
            (Auth::Fitting, _) => &Auth::None,
            (other, _) => other,
        };
        let authorization = match auth {
            Auth::Fitting | Auth::None => None,
            Auth::FacRight => Some(basic(&self.creds.fac_username, &self.creds.fac_api_key)),
            Auth::FacWrong => Some(basic(&self.creds.fac_username, "wrong")),
            Auth::FtcBearer => Some(format!("Bearer {}", self.bearer)),
            Auth::Token(t) => Some(format!("Token {t}")),
            Auth::Raw(r) => Some(r.clone()),
        };
        if let Some(value) = authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        if let Some(accept) = a.accept {
            request = request.header(header::ACCEPT, accept);
        }
        let request = request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(self.body(&a.route, &a.body)))
            .map_err(|e| TestCaseError::reject(e.to_string()))?;
        let answered = self.rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(10), async {
                let response = self.router.clone().oneshot(request).await?;
                let (parts, body) = response.into_parts();
                let bytes = axum::body::to_bytes(body, 64 << 20).await;
                Ok::<_, std::convert::Infallible>((parts, bytes))
            })
            .await
        });
        let Ok(Ok((parts, bytes))) = answered else {
            return Err(TestCaseError::fail(format!(
                "{method} {uri}: no answer in 10 s"
            )));
        };
        let bytes =
            bytes.map_err(|e| TestCaseError::fail(format!("{method} {uri}: body broke: {e}")))?;
        let status = parts.status.as_u16();
        if let Ok(mut seen) = self.seen.lock() {
            *seen.entry(status).or_default() += 1;
        }
        let allowed = a.route.allowed(&method);
        prop_assert!(
            allowed.contains(&status),
            "{} {}: {} not in {:?}; body {:?}",
            method,
            uri,
            status,
            allowed,
            String::from_utf8_lossy(&bytes)
        );
        let json_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if json_type && method != Method::HEAD {
            prop_assert!(
                serde_json::from_slice::<Value>(&bytes).is_ok(),
                "{} {}: {} says JSON but is {:?}",
                method,
                uri,
                status,
                String::from_utf8_lossy(&bytes)
            );
        }
        Ok(())
    }
}

#[test]
fn arbitrary_requests_get_documented_statuses_and_never_a_500() {
    let target = Target::new();
    let defaults = Config::default();
    let seeded = std::env::var_os("PROPTEST_RNG_SEED").is_some();
    let config = Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            defaults.cases
        } else {
            CASES
        },
        rng_seed: if seeded {
            defaults.rng_seed
        } else {
            RngSeed::Fixed(SEED)
        },
        failure_persistence: None,
        max_global_rejects: 4 * CASES,
        ..defaults
    };
    let mut runner = TestRunner::new(config);
    let strategy = (attempt(&target.creds), any::<u8>());
    let result = runner.run(&strategy, |(a, pick)| target.check(&a, pick));
    if let Err(e) = result {
        panic!("{e}");
    }
    // The cases reach the routes' insides, not only their refusals.
    let seen = target.seen.lock().map(|s| s.clone()).unwrap_or_default();
    eprintln!("statuses: {seen:?}");
    for status in [200, 201, 202, 204, 400, 401, 404, 405] {
        assert!(seen.contains_key(&status), "no {status} among {seen:?}");
    }
}
