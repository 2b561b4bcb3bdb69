//! FortiAuthenticator `/api/v1/fortitokens/` faults: the list answer and its
//! fields, the resource index and schema, pagination (also deep in a large
//! listing), filters, authentication, delete, the XML format and the
//! documented unslashed DELETE URI. Each breaks one documented rule.

use super::Fault::*;
use super::{f, many, FaultInfo};

/// The FortiToken listing, its pagination, filters, auth, delete and formats.
pub(super) const FAC_TOKENS: &[FaultInfo] = &[
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
];
