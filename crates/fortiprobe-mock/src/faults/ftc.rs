//! FortiToken Cloud faults: the OAuth login, the bearer check, and
//! `POST /api/v1/token/temp` (its answer fields, methods, user rules and
//! the DELETE of a temporary token).

use super::info::{f, FaultInfo};
use super::kind::Fault::*;

/// The login, the bearer check and temporary tokens.
pub(super) const FTC: &[FaultInfo] = &[
    f(
        FtcLogin200,
        "ftc-login-200",
        "login answers 200 instead of 201",
    ),
    f(
        FtcLoginNoExpiresIn,
        "ftc-login-no-expires-in",
        "the login answer lacks expires_in",
    ),
    f(
        FtcWrongSecretAccepted,
        "ftc-wrong-secret-accepted",
        "login with a wrong client secret succeeds",
    ),
    f(
        FtcUnknownClient401,
        "ftc-unknown-client-401",
        "login with an unknown client id is 401 instead of 404",
    ),
    f(
        FtcNoBearerAccepted,
        "ftc-no-bearer-accepted",
        "token/temp without Authorization is answered",
    ),
    f(
        FtcAnyBearerAccepted,
        "ftc-any-bearer-accepted",
        "token/temp accepts any bearer token",
    ),
    f(
        FtcTemp200,
        "ftc-temp-200",
        "token/temp answers 200 instead of 201",
    ),
    f(
        FtcTempUserIdWrong,
        "ftc-temp-user-id-wrong",
        "token/temp echoes another user_id",
    ),
    f(
        FtcTempAuthMethodWrong,
        "ftc-temp-auth-method-wrong",
        "token/temp echoes auth_method SMS for Email and Email for SMS",
    ),
    f(
        FtcTempExpiredAtShifted,
        "ftc-temp-expired-at-shifted",
        "token/temp echoes expired_at one hour later",
    ),
    f(
        FtcTempExpiredAtBadFormat,
        "ftc-temp-expired-at-bad-format",
        "token/temp echoes expired_at as \"2025/05/06 10:00\"",
    ),
    f(
        FtcTempNoSn,
        "ftc-temp-no-sn",
        "the token/temp answer lacks sn",
    ),
    f(
        FtcTempSnEmpty,
        "ftc-temp-sn-empty",
        "token/temp answers an empty sn",
    ),
    f(
        FtcTempDefaultMethodNull,
        "ftc-temp-default-method-null",
        "token/temp without auth_method answers auth_method null",
    ),
    f(
        FtcTempAnyMethodAccepted,
        "ftc-temp-any-method-accepted",
        "token/temp accepts an auth_method outside Email/SMS and echoes it",
    ),
    f(
        FtcTempDeleteUnknown204,
        "ftc-temp-delete-unknown-204",
        "DELETE token/temp/<id> of a user that does not exist answers 204",
    ),
    f(
        FtcTempDeleteNoBearerAccepted,
        "ftc-temp-delete-no-bearer-accepted",
        "DELETE token/temp/<id> without Authorization is answered",
    ),
    f(
        FtcTempDelete200,
        "ftc-temp-delete-200",
        "DELETE token/temp/<id> answers 200 with a body instead of 204",
    ),
    f(
        FtcDisabledUserAllowed,
        "ftc-disabled-user-allowed",
        "a user who may not get a temporary token gets one",
    ),
    f(
        FtcSmsDisallowedAllowed,
        "ftc-sms-disallowed-allowed",
        "an SMS temporary token is issued where SMS is not allowed",
    ),
    f(
        FtcUnknownUser400,
        "ftc-unknown-user-400",
        "an unknown user_id is 400 instead of 404",
    ),
    f(
        FtcBadExpiredAtAccepted,
        "ftc-bad-expired-at-accepted",
        "an expired_at that is not a date is accepted",
    ),
];
