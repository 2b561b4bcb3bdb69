//! Seeded generation of the mock's data: the FortiAuthenticator token list
//! and the small FortiToken Cloud user table, plus the fixtures a client
//! needs (which token may be deleted, which user hits which branch). The
//! same seed and options always give the same data; nothing here depends on
//! the clock. The other FortiAuthenticator objects are seeded by their
//! declarations (`fac/seed.rs`), from streams of their own.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::MockOptions;

/// `type` of a FortiToken: hardware (`ftk`) or mobile (`ftm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Ftk,
    Ftm,
}

impl TokenKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TokenKind::Ftk => "ftk",
            TokenKind::Ftm => "ftm",
        }
    }
}

/// `status` of a FortiToken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenStatus {
    New,
    Available,
    Pending,
    Assigned,
}

impl TokenStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TokenStatus::New => "new",
            TokenStatus::Available => "available",
            TokenStatus::Pending => "pending",
            TokenStatus::Assigned => "assigned",
        }
    }
}

/// One FortiAuthenticator token as generated (the fortitokens declaration
/// turns it into a row).
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) serial: String,
    pub(crate) kind: TokenKind,
    pub(crate) status: TokenStatus,
    pub(crate) locked: bool,
    pub(crate) license: String,
    pub(crate) last_used_at: Option<DateTime<Utc>>,
}

/// How a FortiToken Cloud user authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserAuth {
    Ftm,
    Ftk,
    Email,
    Sms,
}

/// One FortiToken Cloud user.
#[derive(Debug, Clone)]
pub(crate) struct FtcUser {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) realm_id: String,
    pub(crate) realm_name: String,
    pub(crate) auth: UserAuth,
    pub(crate) mobile_valid: bool,
    pub(crate) temp_allowed: bool,
    pub(crate) sms_allowed: bool,
}

/// Everything generated from one seed.
#[derive(Debug, Clone)]
pub(crate) struct Dataset {
    /// Tokens in creation order: `tokens[i].id == i + 1`.
    pub(crate) tokens: Vec<Token>,
    pub(crate) users: Vec<FtcUser>,
    /// Serial of a token that exists and may be deleted ("" when there are no tokens).
    pub(crate) deletable_serial: String,
    /// Serial of an unlocked `available` token, not the deletable one, that
    /// may be given to a user ("" when there is none).
    pub(crate) assignable_serial: String,
}

/// The trial license every FortiAuthenticator ships with.
pub(crate) const TRIAL_LICENSE: &str = "FTMTRIALNOREGIST";

/// Builds the dataset for `opts`.
pub(crate) fn generate(opts: &MockOptions) -> Dataset {
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let users = generate_users(&mut rng);
    let mut tokens = generate_tokens(&mut rng, opts.tokens, opts.mixed_case_serials);
    if opts.seen_shapes {
        // A real appliance stores no license for hardware tokens [seen].
        for token in tokens.iter_mut().filter(|t| t.kind == TokenKind::Ftk) {
            token.license.clear();
        }
    }
    let deletable_serial = pick_deletable(&tokens);
    let assignable_serial = pick_assignable(&tokens, &deletable_serial);
    Dataset {
        tokens,
        users,
        deletable_serial,
        assignable_serial,
    }
}

/// The last unlocked `new`/`available` token, else the last token.
fn pick_deletable(tokens: &[Token]) -> String {
    tokens
        .iter()
        .rev()
        .find(|t| !t.locked && matches!(t.status, TokenStatus::New | TokenStatus::Available))
        .or_else(|| tokens.last())
        .map(|t| t.serial.clone())
        .unwrap_or_default()
}

/// The first unlocked `available` token other than `deletable`, a
/// hardware one (no activation message on a real appliance) if any.
fn pick_assignable(tokens: &[Token], deletable: &str) -> String {
    let free =
        |t: &&Token| !t.locked && t.status == TokenStatus::Available && t.serial != deletable;
    tokens
        .iter()
        .filter(free)
        .find(|t| t.kind == TokenKind::Ftk)
        .or_else(|| tokens.iter().find(free))
        .map(|t| t.serial.clone())
        .unwrap_or_default()
}

/// The first eight tokens follow a fixed pattern so that small lists still
/// show both types, all four statuses and a locked `available` token.
const HEAD_PATTERN: [(TokenKind, TokenStatus, bool); 8] = [
    (TokenKind::Ftm, TokenStatus::Available, false),
    (TokenKind::Ftm, TokenStatus::Available, false),
    (TokenKind::Ftk, TokenStatus::Assigned, false),
    (TokenKind::Ftm, TokenStatus::New, false),
    (TokenKind::Ftm, TokenStatus::Pending, false),
    (TokenKind::Ftm, TokenStatus::Available, true),
    (TokenKind::Ftm, TokenStatus::Assigned, false),
    (TokenKind::Ftk, TokenStatus::Available, true),
];

fn generate_tokens(rng: &mut StdRng, count: usize, mixed_case: bool) -> Vec<Token> {
    let mobile_licenses: Vec<String> = (0..3).map(|_| format!("EFTM{}", digits(rng, 12))).collect();
    let hardware_licenses: Vec<String> = (0..2)
        .map(|_| format!("FTKHWLIC{}", digits(rng, 8)))
        .collect();
    // 2025-06-01T00:00:00Z: usage times fall in the year before it.
    let base = Utc
        .timestamp_opt(1_748_736_000, 0)
        .single()
        .unwrap_or_default();
    let mut seen: HashSet<String> = HashSet::with_capacity(count);
    let mut trial_left = 2;
    let mut tokens = Vec::with_capacity(count);
    for i in 0..count {
        let (kind, status, locked) = match HEAD_PATTERN.get(i) {
            Some(&head) => head,
            None => random_shape(rng),
        };
        let serial = unique_serial(rng, kind, mixed_case, &mut seen);
        let license = match kind {
            TokenKind::Ftm if trial_left > 0 => {
                trial_left -= 1;
                TRIAL_LICENSE.to_string()
            }
            TokenKind::Ftm => pick(rng, &mobile_licenses),
            TokenKind::Ftk => pick(rng, &hardware_licenses),
        };
        let used = match status {
            TokenStatus::New | TokenStatus::Pending => false,
            TokenStatus::Available => locked || rng.random_bool(0.4),
            TokenStatus::Assigned => rng.random_bool(0.9),
        };
        let last_used_at =
            used.then(|| base - Duration::seconds(rng.random_range(60..365 * 24 * 3600)));
        tokens.push(Token {
            serial,
            kind,
            status,
            locked,
            license,
            last_used_at,
        });
    }
    tokens
}

fn random_shape(rng: &mut StdRng) -> (TokenKind, TokenStatus, bool) {
    let kind = if rng.random_bool(0.75) {
        TokenKind::Ftm
    } else {
        TokenKind::Ftk
    };
    let status = match rng.random_range(0..100) {
        0..40 => TokenStatus::Available,
        40..75 => TokenStatus::Assigned,
        75..85 => TokenStatus::New,
        _ => TokenStatus::Pending,
    };
    (kind, status, rng.random_bool(0.1))
}

/// A 16-character serial, unique among `seen` ignoring case.
fn unique_serial(
    rng: &mut StdRng,
    kind: TokenKind,
    mixed_case: bool,
    seen: &mut HashSet<String>,
) -> String {
    loop {
        let serial = match kind {
            TokenKind::Ftm => format!("FTKMOB{}", upper_hex(rng, 10)),
            TokenKind::Ftk => format!("FTK200{}", digits(rng, 10)),
        };
        if seen.insert(serial.clone()) {
            return if mixed_case {
                lower_some(rng, &serial)
            } else {
                serial
            };
        }
    }
}

/// Lower-cases about a third of the letters (serials are stored upper-case
/// in `seen`, so case-insensitive uniqueness is kept).
fn lower_some(rng: &mut StdRng, serial: &str) -> String {
    serial
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() && rng.random_bool(0.35) {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .collect()
}

fn pick(rng: &mut StdRng, from: &[String]) -> String {
    if from.is_empty() {
        return String::new();
    }
    from[rng.random_range(0..from.len())].clone()
}

fn digits(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

fn upper_hex(rng: &mut StdRng, n: usize) -> String {
    const HEX: &[u8] = b"0123456789ABCDEF";
    (0..n)
        .map(|_| char::from(HEX[rng.random_range(0..HEX.len())]))
        .collect()
}

/// A version-4 UUID in lower case.
fn uuid(rng: &mut StdRng) -> String {
    let a: u128 = rng.random();
    let a = (a & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{a:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Usernames of the fixture users, in table order (see `generate_users`).
pub(crate) const TEMP_TOKEN_USER: &str = "alice";
pub(crate) const NON_TOKEN_USER: &str = "bob";
pub(crate) const INVALID_MOBILE_USER: &str = "carol";
pub(crate) const DISABLED_USER: &str = "dave";
pub(crate) const SMS_DISALLOWED_USER: &str = "erin";

fn generate_users(rng: &mut StdRng) -> Vec<FtcUser> {
    let realms: Vec<(String, &str)> = [
        "FG101ETK18001260-root",
        "FG100FTK19004321-root",
        "FGVM02TM21000777-vdom1",
    ]
    .into_iter()
    .map(|name| (uuid(rng), name))
    .collect();
    // (username, realm, auth, mobile valid, temp allowed, sms allowed)
    let table: [(&str, usize, UserAuth, bool, bool, bool); 9] = [
        (TEMP_TOKEN_USER, 0, UserAuth::Ftm, true, true, true),
        (NON_TOKEN_USER, 0, UserAuth::Email, true, true, true),
        (INVALID_MOBILE_USER, 1, UserAuth::Ftm, false, true, true),
        (DISABLED_USER, 1, UserAuth::Ftk, true, false, true),
        (SMS_DISALLOWED_USER, 2, UserAuth::Ftm, true, true, false),
        ("frank", 0, UserAuth::Ftk, true, true, true),
        ("grace", 2, UserAuth::Sms, true, true, true),
        ("heidi", 1, UserAuth::Ftm, true, true, true),
        ("ivan", 2, UserAuth::Ftk, false, true, true),
    ];
    table
        .iter()
        .map(
            |&(username, realm, auth, mobile_valid, temp_allowed, sms_allowed)| {
                let (realm_id, realm_name) = &realms[realm];
                FtcUser {
                    id: uuid(rng),
                    username: username.to_string(),
                    realm_id: realm_id.clone(),
                    realm_name: realm_name.to_string(),
                    auth,
                    mobile_valid,
                    temp_allowed,
                    sms_allowed,
                }
            },
        )
        .collect()
}
