//! The mock's catalogue of switchable faults. Each breaks exactly one
//! documented behaviour (or one framework default, marked so), so that the
//! suite can be shown to catch it: `catchers` names the cases meant to
//! fail when the fault is on. Handlers ask `MockState::has(Fault::X)`.

/// One switchable fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    // FortiAuthenticator: answers and fields
    FacListStatus201,
    FacListNoTotalCount,
    FacTotalCountString,
    FacStatusCapitalised,
    FacTypeOutOfEnum,
    FacSerialMissing,
    FacLockedString,
    FacLastUsedAtBadFormat,
    FacResourceUriNoSlash,
    FacListTextHtml,
    // FortiAuthenticator: pagination
    FacLimitIgnored,
    FacLimitNotEchoed,
    FacLimitNotCapped,
    FacDefaultLimit50,
    FacOffsetIgnored,
    FacOffsetNotEchoed,
    FacTotalCountOffByOne,
    FacTotalCountIsPageSize,
    FacNextNull,
    FacNextOnLastPage,
    FacNextLosesFilters,
    FacNextLosesFormat,
    FacNextAbsolute,
    FacNextOverlaps,
    FacNextSkips,
    FacPagesOverlap,
    FacPreviousOnFirstPage,
    FacPreviousForward,
    FacPreviousNull,
    FacNextOtherHost,
    FacBadLimitAccepted,
    FacNegativeOffsetAccepted,
    // FortiAuthenticator: filters
    FacSerialFilterIgnored,
    FacTypeFilterIgnored,
    FacStatusFilterIgnored,
    FacLicenseFilterIgnored,
    FacIexactCaseSensitive,
    FacExactIsPrefix,
    FacExactIgnoresCase,
    FacFiltersOred,
    FacUnknownTypeListsAll,
    FacAcceptIgnoresLimit,
    FacAcceptGivesXml,
    // FortiAuthenticator: authentication and delete
    FacNoAuthAccepted,
    FacWrongKeyAccepted,
    FacAnyUserAccepted,
    FacDeleteKeeps,
    FacDelete200Body,
    FacDeleteMissing204,
    FacDeleteCountUnchanged,
    // FortiAuthenticator: provisioning (local users, groups, memberships, index)
    FacUsersUsernameAlphabetUnchecked,
    FacUsersMobileUnchecked,
    FacUsersCountryUnchecked,
    FacUsersMaxLengthUnchecked,
    FacUsersPost200,
    FacUsersPatchEmpty,
    FacUsersDeleteKeeps,
    FacUsersDetail404,
    FacUsersResourceUriNoSlash,
    FacUsersUsernameFilterIgnored,
    FacUsersTokenNotRecorded,
    FacUsersTokenStaysAvailable,
    FacGroupsNameFilterIgnored,
    FacGroupsNameTooLongAccepted,
    FacGroupsReturnMembersRefused,
    FacMembershipsGroupFilterIgnored,
    FacMembershipsUsernameFilterIgnored,
    FacMembershipsMissingUserAccepted,
    FacIndexLacksMemberships,
    // FortiToken Cloud
    FtcLogin200,
    FtcLoginNoExpiresIn,
    FtcWrongSecretAccepted,
    FtcUnknownClient401,
    FtcNoBearerAccepted,
    FtcAnyBearerAccepted,
    FtcTemp200,
    FtcTempUserIdWrong,
    FtcTempAuthMethodWrong,
    FtcTempExpiredAtShifted,
    FtcTempExpiredAtBadFormat,
    FtcTempNoSn,
    FtcDisabledUserAllowed,
    FtcSmsDisallowedAllowed,
    FtcUnknownUser400,
    FtcBadExpiredAtAccepted,
    FtcErrorsNotJson,
    // FortiPortal
    FpcOneTokenRuleOff,
    FpcTtlDaysUnlimited,
    FpcTtlHoursUnlimited,
    FpcTtlMinutesUnlimited,
    FpcTtlMaxRefused,
    FpcLogoutKeepsToken,
    FpcLogout200,
    FpcExpiryIgnoresTtl,
    FpcExpiryWithoutTtl,
    FpcToken40Hex,
    FpcWrongPasswordAccepted,
    FpcMissingPasswordAccepted,
    FpcLogoutUnknown204,
    // Transport
    FacListHangs,
    FacListTrickles,
    FacListClosesMidAnswer,
    FacListNotJson,
    FacListTruncatedJson,
    FacListHtmlError,
    FacListHuge,
    FtcLoginHangs,
    FpcLoginHtml,
}

/// What a fault is, what it breaks, and which cases must catch it.
#[derive(Debug, Clone, Copy)]
pub struct FaultInfo {
    pub fault: Fault,
    pub name: &'static str,
    pub about: &'static str,
    /// Trial names (`product/endpoint/case`) meant to fail with this fault on.
    pub catchers: &'static [&'static str],
    /// The fault only shows with more tokens than this (0: any data).
    pub needs_tokens: usize,
    /// A transport fault: runs need a short request timeout.
    pub transport: bool,
}

const fn f(
    fault: Fault,
    name: &'static str,
    about: &'static str,
    catchers: &'static [&'static str],
) -> FaultInfo {
    FaultInfo {
        fault,
        name,
        about,
        catchers,
        needs_tokens: 0,
        transport: false,
    }
}

const fn many(mut i: FaultInfo, tokens: usize) -> FaultInfo {
    i.needs_tokens = tokens;
    i
}

const fn wire(mut i: FaultInfo) -> FaultInfo {
    i.transport = true;
    i
}

const LIST: &str = "fortiauthenticator/fortitokens/list_format_json";
const ACCEPT: &str = "fortiauthenticator/fortitokens/list_accept_json";
const SAME: &str = "fortiauthenticator/fortitokens/format_and_accept_give_the_same_answer";
const DEFAULT20: &str = "fortiauthenticator/fortitokens/list_default_limit_is_20";
const LIMIT1: &str = "fortiauthenticator/fortitokens/list_limit_1";
const PAST_END: &str = "fortiauthenticator/fortitokens/list_offset_past_end";
const NO_CREDS: &str = "fortiauthenticator/fortitokens/no_credentials_is_401";
const WRONG_KEY: &str = "fortiauthenticator/fortitokens/wrong_api_key_is_401";
const UNKNOWN_USER: &str = "fortiauthenticator/fortitokens/unknown_user_is_401";
const W1: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_1";
const W2: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_2";
const W7: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_7";
const WDEF: &str = "fortiauthenticator/fortitokens_pagination/walk_default_limit";
const W1000: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_1000";
const W2F: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_2_status_filter";
const W3F: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_3_type_and_status_filter";
const WPREV: &str = "fortiauthenticator/fortitokens_pagination/walk_limit_2_previous_links";
const ABOVE_MAX: &str =
    "fortiauthenticator/fortitokens_pagination/limit_above_1000_gives_at_most_1000";
const LIMIT_NAN: &str = "fortiauthenticator/fortitokens_pagination/limit_not_integer_is_400";
const OFFSET_NEG: &str = "fortiauthenticator/fortitokens_pagination/offset_negative_is_400";
const F_SERIAL: &str = "fortiauthenticator/fortitokens_filters/filter_serial";
const F_SERIAL_EXACT: &str = "fortiauthenticator/fortitokens_filters/filter_serial_exact";
const F_IEXACT: &str = "fortiauthenticator/fortitokens_filters/filter_serial_iexact_case_changed";
const F_EXACT_CASE: &str =
    "fortiauthenticator/fortitokens_filters/filter_serial_exact_case_changed";
const F_PREFIX: &str = "fortiauthenticator/fortitokens_filters/filter_serial_exact_prefix";
const F_PLAIN_PREFIX: &str = "fortiauthenticator/fortitokens_filters/filter_serial_prefix";
const F_FTK: &str = "fortiauthenticator/fortitokens_filters/filter_type_ftk";
const F_FTM: &str = "fortiauthenticator/fortitokens_filters/filter_type_ftm";
const F_AVAILABLE: &str = "fortiauthenticator/fortitokens_filters/filter_status_available";
const F_ASSIGNED: &str = "fortiauthenticator/fortitokens_filters/filter_status_assigned";
const F_LICENSE: &str = "fortiauthenticator/fortitokens_filters/filter_license";
const F_TS: &str = "fortiauthenticator/fortitokens_filters/filter_type_and_status";
const F_TS_PICKED: &str = "fortiauthenticator/fortitokens_filters/filter_type_and_status_picked";
const F_SS_PICKED: &str = "fortiauthenticator/fortitokens_filters/filter_serial_and_status_picked";
const F_UNKNOWN: &str = "fortiauthenticator/fortitokens_filters/filter_unknown_type_value_is_empty";
const DELETE: &str = "fortiauthenticator/fortitokens_delete/delete_token";
const DELETE_UNKNOWN: &str = "fortiauthenticator/fortitokens_delete/delete_unknown_id_is_rejected";
const LOGIN: &str = "fortitoken_cloud/login/login";
const LOGIN_WRONG: &str = "fortitoken_cloud/login/login_wrong_secret_is_401";
const LOGIN_UNKNOWN: &str = "fortitoken_cloud/login/login_unknown_client_is_404";
const LOGIN_MALFORMED: &str = "fortitoken_cloud/login/login_malformed_is_400";
const T_EMAIL: &str = "fortitoken_cloud/token_temp/email_with_expiry";
const T_SMS: &str = "fortitoken_cloud/token_temp/sms_with_expiry";
const T_NO_EXPIRY: &str = "fortitoken_cloud/token_temp/email_without_expiry";
const T_DISABLED: &str = "fortitoken_cloud/token_temp/disabled_user_is_400";
const T_SMS_NO: &str = "fortitoken_cloud/token_temp/sms_disallowed_is_400";
const T_NON_TOKEN: &str = "fortitoken_cloud/token_temp/non_token_user_is_400";
const T_UNKNOWN: &str = "fortitoken_cloud/token_temp/unknown_user_is_404";
const T_BAD_DATE: &str = "fortitoken_cloud/token_temp/invalid_expired_at_is_400";
const T_NO_BEARER: &str = "fortitoken_cloud/token_temp/no_bearer_is_401";
const T_BAD_BEARER: &str = "fortitoken_cloud/token_temp/invalid_bearer_is_401";
const P_TTL: &str = "fortiportal/tokens/login_logout_with_ttl";
const P_NO_TTL: &str = "fortiportal/tokens/login_without_ttl_expiry_is_null";
const P_SECOND: &str = "fortiportal/tokens/second_login_is_403";
const P_LIFE: &str = "fortiportal/tokens/token_lifecycle";
const P_WRONG: &str = "fortiportal/tokens/wrong_password_is_rejected";
const P_MISSING: &str = "fortiportal/tokens/missing_password_is_rejected";
const P_LOGOUT_UNKNOWN: &str = "fortiportal/tokens/logout_unknown_token_is_rejected";
const P_DAYS_MAX: &str = "fortiportal/tokens/ttl_days_max_accepted";
const P_DAYS_OVER: &str = "fortiportal/tokens/ttl_days_above_max_rejected";
const P_HOURS_OVER: &str = "fortiportal/tokens/ttl_hours_above_max_rejected";
const P_MINUTES_OVER: &str = "fortiportal/tokens/ttl_minutes_above_max_rejected";

use Fault::*;

/// Every fault, in a stable order.
pub const FAULTS: &[FaultInfo] = &[
    f(
        FacListStatus201,
        "fac-list-status-201",
        "the token list answers 201 instead of 200",
        &[LIST, ACCEPT, W7],
    ),
    f(
        FacListNoTotalCount,
        "fac-list-no-total-count",
        "meta.total_count is missing from the list envelope",
        &[LIST, W7],
    ),
    f(
        FacTotalCountString,
        "fac-total-count-string",
        "meta.total_count is a string (\"60\")",
        &[LIST, W7],
    ),
    f(
        FacStatusCapitalised,
        "fac-status-capitalised",
        "token status is capitalised (\"Available\"), outside its enum",
        &[LIST, W1000],
    ),
    f(
        FacTypeOutOfEnum,
        "fac-type-out-of-enum",
        "token type is \"mobile\"/\"hardware\" instead of ftm/ftk",
        &[LIST, W1000],
    ),
    f(
        FacSerialMissing,
        "fac-serial-missing",
        "token objects lack `serial`",
        &[LIST, W1000],
    ),
    f(
        FacLockedString,
        "fac-locked-string",
        "`locked` is the string \"false\"/\"true\" instead of a boolean",
        &[LIST, W1000],
    ),
    f(
        FacLastUsedAtBadFormat,
        "fac-last-used-at-bad-format",
        "`last_used_at` is \"06/05/2025 09:06\", not ISO-8601",
        &[LIST, W1000],
    ),
    f(
        FacResourceUriNoSlash,
        "fac-resource-uri-no-slash",
        "`resource_uri` lacks its trailing slash",
        &[LIST, W1000],
    ),
    f(
        FacListTextHtml,
        "fac-list-text-html",
        "JSON list answers carry Content-Type: text/html",
        &[LIST, ACCEPT, W7],
    ),
    f(
        FacLimitIgnored,
        "fac-limit-ignored",
        "pages hold 20 objects whatever `limit` says (meta.limit still echoes it)",
        &[W1, W2, W7],
    ),
    f(
        FacLimitNotEchoed,
        "fac-limit-not-echoed",
        "meta.limit says 20 whatever limit was asked",
        &[LIMIT1, W1, W2, W7],
    ),
    many(
        f(
            FacLimitNotCapped,
            "fac-limit-not-capped",
            "a limit above 1000 is honoured (pages of up to 5000 objects)",
            &[ABOVE_MAX],
        ),
        1000,
    ),
    f(
        FacDefaultLimit50,
        "fac-default-limit-50",
        "without `limit`, pages hold 50 objects",
        &[DEFAULT20, WDEF],
    ),
    f(
        FacOffsetIgnored,
        "fac-offset-ignored",
        "every page starts at offset 0 (meta.offset still echoes it)",
        &[W1, W2, W7, WDEF, PAST_END],
    ),
    f(
        FacOffsetNotEchoed,
        "fac-offset-not-echoed",
        "meta.offset is always 0",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacTotalCountOffByOne,
        "fac-total-count-off-by-one",
        "meta.total_count is one more than the objects listed",
        &[W1, W7, W1000, F_FTM],
    ),
    f(
        FacTotalCountIsPageSize,
        "fac-total-count-is-page-size",
        "meta.total_count is the number of objects on the page",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacNextNull,
        "fac-next-null",
        "meta.next is null on every page",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacNextOnLastPage,
        "fac-next-on-last-page",
        "the last page still links a next page (past the end)",
        &[W1, W2, W7, WDEF, W1000],
    ),
    f(
        FacNextLosesFilters,
        "fac-next-loses-filters",
        "meta.next drops the filter parameters",
        &[W2F, W3F],
    ),
    f(
        FacNextLosesFormat,
        "fac-next-loses-format",
        "meta.next drops `format`",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacNextAbsolute,
        "fac-next-absolute",
        "meta.next is an absolute URL with scheme and host",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacNextOverlaps,
        "fac-next-overlaps",
        "meta.next starts one object before the page ends (pages overlap)",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacNextSkips,
        "fac-next-skips",
        "meta.next starts one object after the page ends (objects skipped)",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacPagesOverlap,
        "fac-pages-overlap",
        "a page past the first starts one object early, its links right",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacPreviousOnFirstPage,
        "fac-previous-on-first-page",
        "the first page links a previous page",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacPreviousForward,
        "fac-previous-forward",
        "meta.previous links the next page instead",
        &[W1, W2, W7],
    ),
    f(
        FacPreviousNull,
        "fac-previous-null",
        "meta.previous is null on every page (framework: tastypie links it once offset >= limit)",
        &[WPREV],
    ),
    f(
        FacNextOtherHost,
        "fac-next-other-host",
        "meta.next leads to another host (`//fac.invalid/...`)",
        &[W1, W2, W7, WDEF],
    ),
    f(
        FacBadLimitAccepted,
        "fac-bad-limit-accepted",
        "a non-integer limit is taken as the default instead of a 400 (framework)",
        &[LIMIT_NAN],
    ),
    f(
        FacNegativeOffsetAccepted,
        "fac-negative-offset-accepted",
        "a negative offset is taken as 0 instead of a 400 (framework)",
        &[OFFSET_NEG],
    ),
    f(
        FacSerialFilterIgnored,
        "fac-serial-filter-ignored",
        "the serial filter (every lookup) is ignored",
        &[F_SERIAL, F_SERIAL_EXACT, F_IEXACT, F_PREFIX, F_SS_PICKED],
    ),
    f(
        FacTypeFilterIgnored,
        "fac-type-filter-ignored",
        "the type filter is ignored",
        &[F_FTK, F_FTM, F_TS, F_TS_PICKED, F_UNKNOWN],
    ),
    f(
        FacStatusFilterIgnored,
        "fac-status-filter-ignored",
        "the status filter is ignored",
        &[F_AVAILABLE, F_ASSIGNED, F_TS, W2F],
    ),
    f(
        FacLicenseFilterIgnored,
        "fac-license-filter-ignored",
        "the license filter is ignored",
        &[F_LICENSE],
    ),
    f(
        FacIexactCaseSensitive,
        "fac-iexact-case-sensitive",
        "serial__iexact compares case-sensitively",
        &[F_IEXACT],
    ),
    f(
        FacExactIsPrefix,
        "fac-exact-is-prefix",
        "serial and serial__exact match prefixes (startswith)",
        &[F_PREFIX, F_PLAIN_PREFIX],
    ),
    f(
        FacExactIgnoresCase,
        "fac-exact-ignores-case",
        "serial__exact ignores case (framework: Django's exact is case-sensitive)",
        &[F_EXACT_CASE],
    ),
    f(
        FacFiltersOred,
        "fac-filters-ored",
        "several filters combine with OR instead of AND",
        &[F_TS, F_TS_PICKED, F_SS_PICKED, W3F],
    ),
    f(
        FacUnknownTypeListsAll,
        "fac-unknown-type-lists-all",
        "a type value that is not a type lists every token (framework)",
        &[F_UNKNOWN],
    ),
    f(
        FacAcceptIgnoresLimit,
        "fac-accept-ignores-limit",
        "without `format` (JSON by Accept), `limit` is ignored",
        &[SAME],
    ),
    f(
        FacAcceptGivesXml,
        "fac-accept-gives-xml",
        "Accept: application/json without `format` answers XML",
        &[ACCEPT, SAME],
    ),
    f(
        FacNoAuthAccepted,
        "fac-no-auth-accepted",
        "a request without credentials is answered",
        &[NO_CREDS],
    ),
    f(
        FacWrongKeyAccepted,
        "fac-wrong-key-accepted",
        "the admin name with any API key is accepted",
        &[WRONG_KEY],
    ),
    f(
        FacAnyUserAccepted,
        "fac-any-user-accepted",
        "any Basic credentials are accepted",
        &[WRONG_KEY, UNKNOWN_USER],
    ),
    f(
        FacDeleteKeeps,
        "fac-delete-keeps",
        "DELETE answers 204 but the token stays",
        &[DELETE],
    ),
    f(
        FacDelete200Body,
        "fac-delete-200-body",
        "DELETE answers 200 with the deleted object",
        &[DELETE],
    ),
    f(
        FacDeleteMissing204,
        "fac-delete-missing-204",
        "DELETE of a token that does not exist answers 204",
        &[DELETE, DELETE_UNKNOWN],
    ),
    f(
        FacDeleteCountUnchanged,
        "fac-delete-count-unchanged",
        "after a DELETE, total_count still counts the token",
        &[DELETE],
    ),
    f(
        FtcLogin200,
        "ftc-login-200",
        "login answers 200 instead of 201",
        &[LOGIN],
    ),
    f(
        FtcLoginNoExpiresIn,
        "ftc-login-no-expires-in",
        "the login answer lacks expires_in",
        &[LOGIN],
    ),
    f(
        FtcWrongSecretAccepted,
        "ftc-wrong-secret-accepted",
        "login with a wrong client secret succeeds",
        &[LOGIN_WRONG],
    ),
    f(
        FtcUnknownClient401,
        "ftc-unknown-client-401",
        "login with an unknown client id is 401 instead of 404",
        &[LOGIN_UNKNOWN],
    ),
    f(
        FtcNoBearerAccepted,
        "ftc-no-bearer-accepted",
        "token/temp without Authorization is answered",
        &[T_NO_BEARER],
    ),
    f(
        FtcAnyBearerAccepted,
        "ftc-any-bearer-accepted",
        "token/temp accepts any bearer token",
        &[T_BAD_BEARER],
    ),
    f(
        FtcTemp200,
        "ftc-temp-200",
        "token/temp answers 200 instead of 201",
        &[T_EMAIL, T_SMS, T_NO_EXPIRY],
    ),
    f(
        FtcTempUserIdWrong,
        "ftc-temp-user-id-wrong",
        "token/temp echoes another user_id",
        &[T_EMAIL, T_SMS, T_NO_EXPIRY],
    ),
    f(
        FtcTempAuthMethodWrong,
        "ftc-temp-auth-method-wrong",
        "token/temp echoes auth_method SMS for Email and Email for SMS",
        &[T_EMAIL, T_SMS],
    ),
    f(
        FtcTempExpiredAtShifted,
        "ftc-temp-expired-at-shifted",
        "token/temp echoes expired_at one hour later",
        &[T_EMAIL, T_SMS],
    ),
    f(
        FtcTempExpiredAtBadFormat,
        "ftc-temp-expired-at-bad-format",
        "token/temp echoes expired_at as \"2025/05/06 10:00\"",
        &[T_EMAIL, T_SMS],
    ),
    f(
        FtcTempNoSn,
        "ftc-temp-no-sn",
        "the token/temp answer lacks sn",
        &[T_EMAIL, T_SMS, T_NO_EXPIRY],
    ),
    f(
        FtcDisabledUserAllowed,
        "ftc-disabled-user-allowed",
        "a user who may not get a temporary token gets one",
        &[T_DISABLED],
    ),
    f(
        FtcSmsDisallowedAllowed,
        "ftc-sms-disallowed-allowed",
        "an SMS temporary token is issued where SMS is not allowed",
        &[T_SMS_NO],
    ),
    f(
        FtcUnknownUser400,
        "ftc-unknown-user-400",
        "an unknown user_id is 400 instead of 404",
        &[T_UNKNOWN],
    ),
    f(
        FtcBadExpiredAtAccepted,
        "ftc-bad-expired-at-accepted",
        "an expired_at that is not a date is accepted",
        &[T_BAD_DATE],
    ),
    f(
        FtcErrorsNotJson,
        "ftc-errors-not-json",
        "FortiToken Cloud error answers are plain text",
        &[
            LOGIN_WRONG,
            LOGIN_UNKNOWN,
            LOGIN_MALFORMED,
            T_DISABLED,
            T_UNKNOWN,
            T_NON_TOKEN,
        ],
    ),
    f(
        FpcOneTokenRuleOff,
        "fpc-one-token-rule-off",
        "a second login while holding a live token issues another token",
        &[P_SECOND, P_LIFE],
    ),
    f(
        FpcTtlDaysUnlimited,
        "fpc-ttl-days-unlimited",
        "ttl_days above 30 is accepted",
        &[P_DAYS_OVER],
    ),
    f(
        FpcTtlHoursUnlimited,
        "fpc-ttl-hours-unlimited",
        "ttl_hours above 23 is accepted",
        &[P_HOURS_OVER],
    ),
    f(
        FpcTtlMinutesUnlimited,
        "fpc-ttl-minutes-unlimited",
        "ttl_minutes above 59 is accepted",
        &[P_MINUTES_OVER],
    ),
    f(
        FpcTtlMaxRefused,
        "fpc-ttl-max-refused",
        "ttl_days 30, the documented maximum, is refused (exclusive bound)",
        &[P_DAYS_MAX],
    ),
    f(
        FpcLogoutKeepsToken,
        "fpc-logout-keeps-token",
        "logout answers 204 but the token stays valid",
        &[P_LIFE],
    ),
    f(
        FpcLogout200,
        "fpc-logout-200",
        "logout answers 200 with a body instead of 204",
        &[P_TTL, P_LIFE],
    ),
    f(
        FpcExpiryIgnoresTtl,
        "fpc-expiry-ignores-ttl",
        "expiry is a day ahead whatever the TTL",
        &[P_TTL, P_LIFE],
    ),
    f(
        FpcExpiryWithoutTtl,
        "fpc-expiry-without-ttl",
        "a login without TTL gets an expiry instead of null",
        &[P_NO_TTL, P_LIFE],
    ),
    f(
        FpcToken40Hex,
        "fpc-token-40-hex",
        "tokens are 40 hex digits instead of 64",
        &[P_TTL, P_LIFE],
    ),
    f(
        FpcWrongPasswordAccepted,
        "fpc-wrong-password-accepted",
        "login with a wrong password succeeds",
        &[P_WRONG],
    ),
    f(
        FpcMissingPasswordAccepted,
        "fpc-missing-password-accepted",
        "login without a password succeeds",
        &[P_MISSING],
    ),
    f(
        FpcLogoutUnknown204,
        "fpc-logout-unknown-204",
        "logout with a token never issued answers 204",
        &[P_LOGOUT_UNKNOWN, P_LIFE],
    ),
    wire(f(
        FacListHangs,
        "fac-list-hangs",
        "the token list never answers",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FacListTrickles,
        "fac-list-trickles",
        "the token list body trickles in, a byte every 200 ms",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FacListClosesMidAnswer,
        "fac-list-closes-mid-answer",
        "the connection closes after part of the token list body",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FacListNotJson,
        "fac-list-not-json",
        "the token list answers bytes that are not JSON under application/json",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FacListTruncatedJson,
        "fac-list-truncated-json",
        "the token list answers JSON cut in half",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FacListHtmlError,
        "fac-list-html-error",
        "the token list answers 500 with an HTML error page",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FacListHuge,
        "fac-list-huge",
        "the token list answers a 300 MB body",
        &[LIST, W7, F_FTM],
    )),
    wire(f(
        FtcLoginHangs,
        "ftc-login-hangs",
        "FortiToken Cloud login never answers",
        &[LOGIN, T_EMAIL, T_SMS],
    )),
    wire(f(
        FpcLoginHtml,
        "fpc-login-html",
        "FortiPortal tokenlogin answers 200 with an HTML page",
        &[P_TTL, P_LIFE, P_SECOND],
    )),
];

impl Fault {
    pub fn info(self) -> &'static FaultInfo {
        FAULTS
            .iter()
            .find(|i| i.fault == self)
            .unwrap_or(&FAULTS[0])
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The fault called `name`, or a message listing the near names.
    pub fn from_name(name: &str) -> Result<Fault, String> {
        if let Some(i) = FAULTS.iter().find(|i| i.name == name) {
            return Ok(i.fault);
        }
        let near: Vec<&str> = FAULTS
            .iter()
            .map(|i| i.name)
            .filter(|n| {
                let prefix = name.split('-').take(2).collect::<Vec<_>>().join("-");
                n.starts_with(&prefix)
            })
            .collect();
        Err(if near.is_empty() {
            format!("no fault `{name}`; `fortiprobe faults` lists them")
        } else {
            format!("no fault `{name}`; near: {}", near.join(", "))
        })
    }
}
