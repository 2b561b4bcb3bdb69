//! FortiPortal faults: `tokenlogin` (password, the one-token rule, TTL
//! parts and their limits, expiry) and `tokenlogout`.

use super::info::{f, FaultInfo};
use super::kind::Fault::*;

/// tokenlogin and tokenlogout.
pub(super) const FPC: &[FaultInfo] = &[
    f(
        FpcOneTokenRuleOff,
        "fpc-one-token-rule-off",
        "a second login while holding a live token issues another token",
    ),
    f(
        FpcTtlDaysUnlimited,
        "fpc-ttl-days-unlimited",
        "ttl_days above 30 is accepted",
    ),
    f(
        FpcTtlHoursUnlimited,
        "fpc-ttl-hours-unlimited",
        "ttl_hours above 23 is accepted",
    ),
    f(
        FpcTtlMinutesUnlimited,
        "fpc-ttl-minutes-unlimited",
        "ttl_minutes above 59 is accepted",
    ),
    f(
        FpcTtlMaxRefused,
        "fpc-ttl-max-refused",
        "ttl_days 30, the documented maximum, is refused (exclusive bound)",
    ),
    f(
        FpcLogoutKeepsToken,
        "fpc-logout-keeps-token",
        "logout answers 204 but the token stays valid",
    ),
    f(
        FpcLogout200,
        "fpc-logout-200",
        "logout answers 200 with a body instead of 204",
    ),
    f(
        FpcExpiryIgnoresTtl,
        "fpc-expiry-ignores-ttl",
        "expiry is a day ahead whatever the TTL",
    ),
    f(
        FpcExpiryWithoutTtl,
        "fpc-expiry-without-ttl",
        "a login without TTL gets an expiry instead of null",
    ),
    f(
        FpcTokenEmpty,
        "fpc-token-empty",
        "tokenlogin answers an empty token",
    ),
    f(
        FpcTtlNotSummed,
        "fpc-ttl-not-summed",
        "with several TTLs, the expiry counts only the largest unit given",
    ),
    f(
        FpcWrongPasswordAccepted,
        "fpc-wrong-password-accepted",
        "login with a wrong password succeeds",
    ),
    f(
        FpcMissingPasswordAccepted,
        "fpc-missing-password-accepted",
        "login without a password succeeds",
    ),
    f(
        FpcLogoutUnknown204,
        "fpc-logout-unknown-204",
        "logout with a token never issued answers 204",
    ),
];
