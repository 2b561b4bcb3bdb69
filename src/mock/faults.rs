//! The mock's catalogue of switchable faults. Each breaks exactly one
//! documented behaviour (or one framework default, marked so), so that the
//! suite can be shown to catch it. Handlers ask `MockState::has(Fault::X)`.
//! The mock names no case: which cases must catch a fault is the suite's
//! side of the kill matrix (`catchers.yaml`).

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
    FacLastUsedAtOtherZone,
    // FortiAuthenticator: the resource index and schema
    FacIndexLacksFortitokens,
    FacSchemaLacksSerial,
    FacSchemaSerialExactOnly,
    FacSchemaListNoGet,
    FacSchemaDetailNoDelete,
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
    // FortiAuthenticator: deep in the listing
    FacPagesOverlapDeep,
    FacNextLosesFiltersPage5,
    FacTotalCountChanges,
    FacNextSkipsDeep,
    FacTypeOutOfEnumDeep,
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
    FacMembershipsUsernameFilterIgnored,
    FacMembershipsMissingUserAccepted,
    FacIndexLacksMemberships,
    FacMembershipsContainsIsExact,
    FacMembershipsIcontainsCaseSensitive,
    FacMembershipsInFirstValueOnly,
    FacMembershipsGroupFilterIgnored,
    FacMembershipsUserFilterIgnored,
    FacUsersActiveFilterLiteral,
    FacUsersPostNoLocation,
    FacUsersEmailUnchecked,
    FacUsersUsernameRequiredUnchecked,
    FacGroupsNameRequiredUnchecked,
    FacGroupsDeleteKeeps,
    FacMembershipsGroupNameFilterIgnored,
    FacMembershipsMissingGroupAccepted,
    FacMembershipsDeleteKeeps,
    // FortiAuthenticator: formats and the documented DELETE URI
    FacXmlGivesJson,
    FacAcceptXmlGivesJson,
    FacAcceptWinsOverFormat,
    FacXmlUntyped,
    FacUnslashedDelete404,
    FacUnslashedRedirectOtherHost,
    FacDeleteTakesNeighbour,
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
    FtcTempSnEmpty,
    FtcTempDefaultMethodNull,
    FtcTempAnyMethodAccepted,
    FtcTempDeleteUnknown204,
    FtcTempDeleteNoBearerAccepted,
    FtcTempDelete200,
    FtcDisabledUserAllowed,
    FtcSmsDisallowedAllowed,
    FtcUnknownUser400,
    FtcBadExpiredAtAccepted,
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
    FpcTokenEmpty,
    FpcTtlNotSummed,
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

/// What a fault is and what it breaks.
#[derive(Debug, Clone, Copy)]
pub struct FaultInfo {
    pub fault: Fault,
    pub name: &'static str,
    pub about: &'static str,
    /// The fault only shows with more tokens than this (0: any data).
    pub needs_tokens: usize,
    /// A transport fault: runs need a short request timeout.
    pub transport: bool,
}

const fn f(fault: Fault, name: &'static str, about: &'static str) -> FaultInfo {
    FaultInfo {
        fault,
        name,
        about,
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

use Fault::*;

/// Every fault, in a stable order.
pub const FAULTS: &[FaultInfo] = &[
    f(
        FacListStatus201,
        "fac-list-status-201",
        "the token list answers 201 instead of 200",
    ),
    f(
        FacListNoTotalCount,
        "fac-list-no-total-count",
        "meta.total_count is missing from the list envelope",
    ),
    f(
        FacTotalCountString,
        "fac-total-count-string",
        "meta.total_count is a string (\"60\")",
    ),
    f(
        FacStatusCapitalised,
        "fac-status-capitalised",
        "token status is capitalised (\"Available\"), outside its enum",
    ),
    f(
        FacTypeOutOfEnum,
        "fac-type-out-of-enum",
        "token type is \"mobile\"/\"hardware\" instead of ftm/ftk",
    ),
    f(
        FacSerialMissing,
        "fac-serial-missing",
        "token objects lack `serial`",
    ),
    f(
        FacLockedString,
        "fac-locked-string",
        "`locked` is the string \"false\"/\"true\" instead of a boolean",
    ),
    f(
        FacLastUsedAtBadFormat,
        "fac-last-used-at-bad-format",
        "`last_used_at` is \"06/05/2025 09:06\", not ISO-8601",
    ),
    f(
        FacResourceUriNoSlash,
        "fac-resource-uri-no-slash",
        "`resource_uri` lacks its trailing slash",
    ),
    f(
        FacListTextHtml,
        "fac-list-text-html",
        "JSON list answers carry Content-Type: text/html",
    ),
    f(
        FacLastUsedAtOtherZone,
        "fac-last-used-at-other-zone",
        "`last_used_at` carries the zone +02:00 instead of UTC",
    ),
    f(
        FacIndexLacksFortitokens,
        "fac-index-lacks-fortitokens",
        "GET /api/v1/ does not list fortitokens",
    ),
    f(
        FacSchemaLacksSerial,
        "fac-schema-lacks-serial",
        "the fortitokens schema lists no `serial` field",
    ),
    f(
        FacSchemaSerialExactOnly,
        "fac-schema-serial-exact-only",
        "the fortitokens schema allows only `exact` on serial (no iexact)",
    ),
    f(
        FacSchemaListNoGet,
        "fac-schema-list-no-get",
        "the fortitokens schema does not allow GET on the list",
    ),
    f(
        FacSchemaDetailNoDelete,
        "fac-schema-detail-no-delete",
        "the fortitokens schema does not allow DELETE on the detail",
    ),
    f(
        FacLimitIgnored,
        "fac-limit-ignored",
        "pages hold 20 objects whatever `limit` says (meta.limit still echoes it)",
    ),
    f(
        FacLimitNotEchoed,
        "fac-limit-not-echoed",
        "meta.limit says 20 whatever limit was asked",
    ),
    many(
        f(
            FacLimitNotCapped,
            "fac-limit-not-capped",
            "a limit above 1000 is honoured (pages of up to 5000 objects)",
        ),
        1000,
    ),
    f(
        FacDefaultLimit50,
        "fac-default-limit-50",
        "without `limit`, pages hold 50 objects",
    ),
    f(
        FacOffsetIgnored,
        "fac-offset-ignored",
        "every page starts at offset 0 (meta.offset still echoes it)",
    ),
    f(
        FacOffsetNotEchoed,
        "fac-offset-not-echoed",
        "meta.offset is always 0",
    ),
    f(
        FacTotalCountOffByOne,
        "fac-total-count-off-by-one",
        "meta.total_count is one more than the objects listed",
    ),
    f(
        FacTotalCountIsPageSize,
        "fac-total-count-is-page-size",
        "meta.total_count is the number of objects on the page",
    ),
    f(
        FacNextNull,
        "fac-next-null",
        "meta.next is null on every page",
    ),
    f(
        FacNextOnLastPage,
        "fac-next-on-last-page",
        "the last page still links a next page (past the end)",
    ),
    f(
        FacNextLosesFilters,
        "fac-next-loses-filters",
        "meta.next drops the filter parameters",
    ),
    f(
        FacNextLosesFormat,
        "fac-next-loses-format",
        "meta.next drops `format`",
    ),
    f(
        FacNextAbsolute,
        "fac-next-absolute",
        "meta.next is an absolute URL with scheme and host",
    ),
    f(
        FacNextOverlaps,
        "fac-next-overlaps",
        "meta.next starts one object before the page ends (pages overlap)",
    ),
    f(
        FacNextSkips,
        "fac-next-skips",
        "meta.next starts one object after the page ends (objects skipped)",
    ),
    f(
        FacPagesOverlap,
        "fac-pages-overlap",
        "a page past the first starts one object early, its links right",
    ),
    f(
        FacPreviousOnFirstPage,
        "fac-previous-on-first-page",
        "the first page links a previous page",
    ),
    f(
        FacPreviousForward,
        "fac-previous-forward",
        "meta.previous links the next page instead",
    ),
    f(
        FacPreviousNull,
        "fac-previous-null",
        "meta.previous is null on every page (framework: tastypie links it once offset >= limit)",
    ),
    f(
        FacNextOtherHost,
        "fac-next-other-host",
        "meta.next leads to another host (`//fac.invalid/...`)",
    ),
    f(
        FacBadLimitAccepted,
        "fac-bad-limit-accepted",
        "a non-integer limit is taken as the default instead of a 400 (framework)",
    ),
    f(
        FacNegativeOffsetAccepted,
        "fac-negative-offset-accepted",
        "a negative offset is taken as 0 instead of a 400 (framework)",
    ),
    many(
        f(
            FacPagesOverlapDeep,
            "fac-pages-overlap-deep",
            "a page starting past offset 3000 starts one object early, its links right",
        ),
        3000,
    ),
    many(
        f(
            FacNextLosesFiltersPage5,
            "fac-next-loses-filters-page-5",
            "meta.next drops the filter parameters on the fifth page only",
        ),
        200,
    ),
    f(
        FacTotalCountChanges,
        "fac-total-count-changes",
        "meta.total_count is one more on every page after the first",
    ),
    many(
        f(
            FacNextSkipsDeep,
            "fac-next-skips-deep",
            "past offset 2000, meta.next starts one object after the page ends",
        ),
        2000,
    ),
    many(
        f(
            FacTypeOutOfEnumDeep,
            "fac-type-out-of-enum-deep",
            "the token at listing position 1500 has type \"FTM\", outside its enum",
        ),
        1500,
    ),
    f(
        FacSerialFilterIgnored,
        "fac-serial-filter-ignored",
        "the serial filter (every lookup) is ignored",
    ),
    f(
        FacTypeFilterIgnored,
        "fac-type-filter-ignored",
        "the type filter is ignored",
    ),
    f(
        FacStatusFilterIgnored,
        "fac-status-filter-ignored",
        "the status filter is ignored",
    ),
    f(
        FacLicenseFilterIgnored,
        "fac-license-filter-ignored",
        "the license filter is ignored",
    ),
    f(
        FacIexactCaseSensitive,
        "fac-iexact-case-sensitive",
        "serial__iexact compares case-sensitively",
    ),
    f(
        FacExactIsPrefix,
        "fac-exact-is-prefix",
        "serial and serial__exact match prefixes (startswith)",
    ),
    f(
        FacExactIgnoresCase,
        "fac-exact-ignores-case",
        "serial__exact ignores case (framework: Django's exact is case-sensitive)",
    ),
    f(
        FacFiltersOred,
        "fac-filters-ored",
        "several filters combine with OR instead of AND",
    ),
    f(
        FacUnknownTypeListsAll,
        "fac-unknown-type-lists-all",
        "a type value that is not a type lists every token (framework)",
    ),
    f(
        FacAcceptIgnoresLimit,
        "fac-accept-ignores-limit",
        "without `format` (JSON by Accept), `limit` is ignored",
    ),
    f(
        FacAcceptGivesXml,
        "fac-accept-gives-xml",
        "Accept: application/json without `format` answers XML",
    ),
    f(
        FacNoAuthAccepted,
        "fac-no-auth-accepted",
        "a request without credentials is answered",
    ),
    f(
        FacWrongKeyAccepted,
        "fac-wrong-key-accepted",
        "the admin name with any API key is accepted",
    ),
    f(
        FacAnyUserAccepted,
        "fac-any-user-accepted",
        "any Basic credentials are accepted",
    ),
    f(
        FacDeleteKeeps,
        "fac-delete-keeps",
        "DELETE answers 204 but the token stays",
    ),
    f(
        FacDelete200Body,
        "fac-delete-200-body",
        "DELETE answers 200 with the deleted object",
    ),
    f(
        FacDeleteMissing204,
        "fac-delete-missing-204",
        "DELETE of a token that does not exist answers 204",
    ),
    f(
        FacDeleteCountUnchanged,
        "fac-delete-count-unchanged",
        "after a DELETE, total_count still counts the token",
    ),
    f(
        FacXmlGivesJson,
        "fac-xml-gives-json",
        "?format=xml answers JSON",
    ),
    f(
        FacAcceptXmlGivesJson,
        "fac-accept-xml-gives-json",
        "Accept: application/xml without `format` answers JSON",
    ),
    f(
        FacAcceptWinsOverFormat,
        "fac-accept-wins-over-format",
        "?format=json with Accept: application/xml answers XML (Accept wins)",
    ),
    f(
        FacXmlUntyped,
        "fac-xml-untyped",
        "XML answers carry no `type` attributes (integers, booleans and null read as text)",
    ),
    f(
        FacUnslashedDelete404,
        "fac-unslashed-delete-404",
        "DELETE /api/v1/fortitokens/<id> (the documented URI, no trailing slash) answers 404",
    ),
    f(
        FacUnslashedRedirectOtherHost,
        "fac-unslashed-redirect-other-host",
        "the unslashed DELETE answers 301 to the slashed path on another host",
    ),
    f(
        FacDeleteTakesNeighbour,
        "fac-delete-takes-neighbour",
        "DELETE removes the token and its neighbour in the listing (the next one, or the one before the last)",
    ),
    f(
        FacUsersUsernameAlphabetUnchecked,
        "fac-users-username-alphabet-unchecked",
        "POST /localusers/ accepts a username outside letters, numbers and @/./+/-/_",
    ),
    f(
        FacUsersMobileUnchecked,
        "fac-users-mobile-unchecked",
        "POST /localusers/ accepts a mobile_number not in the +[country_code]-[number] format",
    ),
    f(
        FacUsersCountryUnchecked,
        "fac-users-country-unchecked",
        "POST /localusers/ accepts a country that is not an ISO 3166 code",
    ),
    f(
        FacUsersMaxLengthUnchecked,
        "fac-users-max-length-unchecked",
        "POST /localusers/ accepts text fields longer than their documented max length",
    ),
    f(
        FacUsersPost200,
        "fac-users-post-200",
        "POST /localusers/ answers 200 instead of 201",
    ),
    f(
        FacUsersPatchEmpty,
        "fac-users-patch-empty",
        "PATCH of a local user answers 202 with no body (the docs promise the updated resource)",
    ),
    f(
        FacUsersDeleteKeeps,
        "fac-users-delete-keeps",
        "DELETE of a local user answers 204 but the user stays",
    ),
    f(
        FacUsersDetail404,
        "fac-users-detail-404",
        "GET of a local user's resource_uri answers 404",
    ),
    f(
        FacUsersResourceUriNoSlash,
        "fac-users-resource-uri-no-slash",
        "listed local users have a resource_uri without its trailing slash",
    ),
    f(
        FacUsersUsernameFilterIgnored,
        "fac-users-username-filter-ignored",
        "the localusers username filter is ignored",
    ),
    f(
        FacUsersTokenNotRecorded,
        "fac-users-token-not-recorded",
        "PATCH with a FortiToken answers 202 but the user keeps its old token fields",
    ),
    f(
        FacUsersTokenStaysAvailable,
        "fac-users-token-stays-available",
        "a FortiToken assigned to a user stays available",
    ),
    f(
        FacGroupsNameFilterIgnored,
        "fac-groups-name-filter-ignored",
        "the usergroups name filter is ignored",
    ),
    f(
        FacGroupsNameTooLongAccepted,
        "fac-groups-name-too-long-accepted",
        "POST /usergroups/ accepts a name longer than 50 characters",
    ),
    f(
        FacGroupsReturnMembersRefused,
        "fac-groups-return-members-refused",
        "GET /usergroups/?return_members=false answers 400",
    ),
    f(
        FacMembershipsUsernameFilterIgnored,
        "fac-memberships-username-filter-ignored",
        "the memberships username filter is ignored",
    ),
    f(
        FacMembershipsMissingUserAccepted,
        "fac-memberships-missing-user-accepted",
        "POST /localgroup-memberships/ without a user creates a membership",
    ),
    f(
        FacIndexLacksMemberships,
        "fac-index-lacks-memberships",
        "the resource index does not list localgroup-memberships",
    ),
    f(
        FacMembershipsContainsIsExact,
        "fac-memberships-contains-is-exact",
        "the memberships `__contains` filters match only the whole value",
    ),
    f(
        FacMembershipsIcontainsCaseSensitive,
        "fac-memberships-icontains-case-sensitive",
        "the memberships `__icontains` filters keep case (as `__contains`)",
    ),
    f(
        FacMembershipsInFirstValueOnly,
        "fac-memberships-in-first-value-only",
        "the memberships `__in` filters read only the first of the comma-separated values",
    ),
    f(
        FacMembershipsGroupFilterIgnored,
        "fac-memberships-group-filter-ignored",
        "the memberships `group` (id) filter is ignored",
    ),
    f(
        FacMembershipsUserFilterIgnored,
        "fac-memberships-user-filter-ignored",
        "the memberships `user` (id) filter is ignored",
    ),
    f(
        FacUsersActiveFilterLiteral,
        "fac-users-active-filter-literal",
        "the localusers `active` filter compares text: only `true` and `false` match, not `True` or `1`",
    ),
    f(
        FacUsersPostNoLocation,
        "fac-users-post-no-location",
        "POST /localusers/ answers 201 without a Location header",
    ),
    f(
        FacUsersEmailUnchecked,
        "fac-users-email-unchecked",
        "POST /localusers/ accepts an `email` that is not an e-mail address",
    ),
    f(
        FacUsersUsernameRequiredUnchecked,
        "fac-users-username-required-unchecked",
        "POST /localusers/ without `username` (required) creates a user",
    ),
    f(
        FacGroupsNameRequiredUnchecked,
        "fac-groups-name-required-unchecked",
        "POST /usergroups/ without `name` (required) creates a group",
    ),
    f(
        FacGroupsDeleteKeeps,
        "fac-groups-delete-keeps",
        "DELETE of a user group answers 204 but the group stays",
    ),
    f(
        FacMembershipsGroupNameFilterIgnored,
        "fac-memberships-group-name-filter-ignored",
        "the memberships `group_name` filters (every lookup) are ignored",
    ),
    f(
        FacMembershipsMissingGroupAccepted,
        "fac-memberships-missing-group-accepted",
        "POST /localgroup-memberships/ without `group` (required) puts the user in some group",
    ),
    f(
        FacMembershipsDeleteKeeps,
        "fac-memberships-delete-keeps",
        "DELETE of a membership answers 204 but the membership stays",
    ),
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
    wire(f(
        FacListHangs,
        "fac-list-hangs",
        "the token list never answers",
    )),
    wire(f(
        FacListTrickles,
        "fac-list-trickles",
        "the token list body trickles in, a byte every 200 ms",
    )),
    wire(f(
        FacListClosesMidAnswer,
        "fac-list-closes-mid-answer",
        "the connection closes after part of the token list body",
    )),
    wire(f(
        FacListNotJson,
        "fac-list-not-json",
        "the token list answers bytes that are not JSON under application/json",
    )),
    wire(f(
        FacListTruncatedJson,
        "fac-list-truncated-json",
        "the token list answers JSON cut in half",
    )),
    wire(f(
        FacListHtmlError,
        "fac-list-html-error",
        "the token list answers 500 with an HTML error page",
    )),
    wire(f(
        FacListHuge,
        "fac-list-huge",
        "the token list answers a 300 MB body",
    )),
    wire(f(
        FtcLoginHangs,
        "ftc-login-hangs",
        "FortiToken Cloud login never answers",
    )),
    wire(f(
        FpcLoginHtml,
        "fpc-login-html",
        "FortiPortal tokenlogin answers 200 with an HTML page",
    )),
];

/// Faults whose catching cases need a feature of the engine that does not
/// exist yet. They work in the mock (`--fault` takes them) but stay out of
/// `FAULTS`, and so out of the kill matrix, until their cases exist; then
/// they move to `FAULTS` and `catchers.yaml`. None wait now.
pub const PENDING: &[FaultInfo] = &[];

impl Fault {
    pub fn info(self) -> &'static FaultInfo {
        FAULTS
            .iter()
            .chain(PENDING)
            .find(|i| i.fault == self)
            .unwrap_or(&FAULTS[0])
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The fault called `name`, or a message listing the near names.
    pub fn from_name(name: &str) -> Result<Fault, String> {
        if let Some(i) = FAULTS.iter().chain(PENDING).find(|i| i.name == name) {
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
