//! FortiAuthenticator `/api/v1/fortitokens/` faults: the list answer and its
//! fields, the resource index and schema, pagination (also deep in a large
//! listing), filters, authentication, delete, the XML format and the
//! documented unslashed DELETE URI. Each breaks one documented rule.

use super::info::{f, many, FaultInfo};
use super::kind::Fault;

/// The FortiToken listing, its pagination, filters, auth, delete and formats.
pub(super) const FAC_TOKENS: &[FaultInfo] = &[
    f(
        Fault::FacListStatus201,
        "fac-list-status-201",
        "the token list answers 201 instead of 200",
    ),
    f(
        Fault::FacListNoTotalCount,
        "fac-list-no-total-count",
        "meta.total_count is missing from the list envelope",
    ),
    f(
        Fault::FacTotalCountString,
        "fac-total-count-string",
        "meta.total_count is a string (\"60\")",
    ),
    f(
        Fault::FacStatusCapitalised,
        "fac-status-capitalised",
        "token status is capitalised (\"Available\"), outside its enum",
    ),
    f(
        Fault::FacTypeOutOfEnum,
        "fac-type-out-of-enum",
        "token type is \"mobile\"/\"hardware\" instead of ftm/ftk",
    ),
    f(
        Fault::FacSerialMissing,
        "fac-serial-missing",
        "token objects lack `serial`",
    ),
    f(
        Fault::FacLockedString,
        "fac-locked-string",
        "`locked` is the string \"false\"/\"true\" instead of a boolean",
    ),
    f(
        Fault::FacLastUsedAtBadFormat,
        "fac-last-used-at-bad-format",
        "`last_used_at` is \"06/05/2025 09:06\", not ISO-8601",
    ),
    f(
        Fault::FacResourceUriNoSlash,
        "fac-resource-uri-no-slash",
        "`resource_uri` lacks its trailing slash",
    ),
    f(
        Fault::FacListTextHtml,
        "fac-list-text-html",
        "JSON list answers carry Content-Type: text/html",
    ),
    f(
        Fault::FacLastUsedAtOtherZone,
        "fac-last-used-at-other-zone",
        "`last_used_at` carries the zone +02:00 instead of UTC",
    ),
    f(
        Fault::FacIndexLacksFortitokens,
        "fac-index-lacks-fortitokens",
        "GET /api/v1/ does not list fortitokens",
    ),
    f(
        Fault::FacSchemaLacksSerial,
        "fac-schema-lacks-serial",
        "the fortitokens schema lists no `serial` field",
    ),
    f(
        Fault::FacSchemaSerialExactOnly,
        "fac-schema-serial-exact-only",
        "the fortitokens schema allows only `exact` on serial (no iexact)",
    ),
    f(
        Fault::FacSchemaListNoGet,
        "fac-schema-list-no-get",
        "the fortitokens schema does not allow GET on the list",
    ),
    f(
        Fault::FacSchemaDetailNoDelete,
        "fac-schema-detail-no-delete",
        "the fortitokens schema does not allow DELETE on the detail",
    ),
    f(
        Fault::FacLimitIgnored,
        "fac-limit-ignored",
        "pages hold 20 objects whatever `limit` says (meta.limit still echoes it)",
    ),
    f(
        Fault::FacLimitNotEchoed,
        "fac-limit-not-echoed",
        "meta.limit says 20 whatever limit was asked",
    ),
    many(
        f(
            Fault::FacLimitNotCapped,
            "fac-limit-not-capped",
            "a limit above 1000 is honoured (pages of up to 5000 objects)",
        ),
        1000,
    ),
    f(
        Fault::FacDefaultLimit50,
        "fac-default-limit-50",
        "without `limit`, pages hold 50 objects",
    ),
    f(
        Fault::FacOffsetIgnored,
        "fac-offset-ignored",
        "every page starts at offset 0 (meta.offset still echoes it)",
    ),
    f(
        Fault::FacOffsetNotEchoed,
        "fac-offset-not-echoed",
        "meta.offset is always 0",
    ),
    f(
        Fault::FacTotalCountOffByOne,
        "fac-total-count-off-by-one",
        "meta.total_count is one more than the objects listed",
    ),
    f(
        Fault::FacTotalCountIsPageSize,
        "fac-total-count-is-page-size",
        "meta.total_count is the number of objects on the page",
    ),
    f(
        Fault::FacNextNull,
        "fac-next-null",
        "meta.next is null on every page",
    ),
    f(
        Fault::FacNextOnLastPage,
        "fac-next-on-last-page",
        "the last page still links a next page (past the end)",
    ),
    f(
        Fault::FacNextLosesFilters,
        "fac-next-loses-filters",
        "meta.next drops the filter parameters",
    ),
    f(
        Fault::FacNextLosesFormat,
        "fac-next-loses-format",
        "meta.next drops `format`",
    ),
    f(
        Fault::FacNextAbsolute,
        "fac-next-absolute",
        "meta.next is an absolute URL with scheme and host",
    ),
    f(
        Fault::FacNextOverlaps,
        "fac-next-overlaps",
        "meta.next starts one object before the page ends (pages overlap)",
    ),
    f(
        Fault::FacNextSkips,
        "fac-next-skips",
        "meta.next starts one object after the page ends (objects skipped)",
    ),
    f(
        Fault::FacPagesOverlap,
        "fac-pages-overlap",
        "a page past the first starts one object early, its links right",
    ),
    f(
        Fault::FacPreviousOnFirstPage,
        "fac-previous-on-first-page",
        "the first page links a previous page",
    ),
    f(
        Fault::FacPreviousForward,
        "fac-previous-forward",
        "meta.previous links the next page instead",
    ),
    f(
        Fault::FacPreviousNull,
        "fac-previous-null",
        "meta.previous is null on every page (framework: tastypie links it once offset >= limit)",
    ),
    f(
        Fault::FacNextOtherHost,
        "fac-next-other-host",
        "meta.next leads to another host (`//fac.invalid/...`)",
    ),
    f(
        Fault::FacBadLimitAccepted,
        "fac-bad-limit-accepted",
        "a non-integer limit is taken as the default instead of a 400 (framework)",
    ),
    f(
        Fault::FacNegativeOffsetAccepted,
        "fac-negative-offset-accepted",
        "a negative offset is taken as 0 instead of a 400 (framework)",
    ),
    many(
        f(
            Fault::FacPagesOverlapDeep,
            "fac-pages-overlap-deep",
            "a page starting past offset 3000 starts one object early, its links right",
        ),
        3000,
    ),
    many(
        f(
            Fault::FacNextLosesFiltersPage5,
            "fac-next-loses-filters-page-5",
            "meta.next drops the filter parameters on the fifth page only",
        ),
        200,
    ),
    f(
        Fault::FacTotalCountChanges,
        "fac-total-count-changes",
        "meta.total_count is one more on every page after the first",
    ),
    many(
        f(
            Fault::FacNextSkipsDeep,
            "fac-next-skips-deep",
            "past offset 2000, meta.next starts one object after the page ends",
        ),
        2000,
    ),
    many(
        f(
            Fault::FacTypeOutOfEnumDeep,
            "fac-type-out-of-enum-deep",
            "the token at listing position 1500 has type \"FTM\", outside its enum",
        ),
        1500,
    ),
    f(
        Fault::FacSerialFilterIgnored,
        "fac-serial-filter-ignored",
        "the serial filter (every lookup) is ignored",
    ),
    f(
        Fault::FacTypeFilterIgnored,
        "fac-type-filter-ignored",
        "the type filter is ignored",
    ),
    f(
        Fault::FacStatusFilterIgnored,
        "fac-status-filter-ignored",
        "the status filter is ignored",
    ),
    f(
        Fault::FacLicenseFilterIgnored,
        "fac-license-filter-ignored",
        "the license filter is ignored",
    ),
    f(
        Fault::FacIexactCaseSensitive,
        "fac-iexact-case-sensitive",
        "serial__iexact compares case-sensitively",
    ),
    f(
        Fault::FacExactIsPrefix,
        "fac-exact-is-prefix",
        "serial and serial__exact match prefixes (startswith)",
    ),
    f(
        Fault::FacExactIgnoresCase,
        "fac-exact-ignores-case",
        "serial__exact ignores case (framework: Django's exact is case-sensitive)",
    ),
    f(
        Fault::FacFiltersOred,
        "fac-filters-ored",
        "several filters combine with OR instead of AND",
    ),
    f(
        Fault::FacUnknownTypeListsAll,
        "fac-unknown-type-lists-all",
        "a type value that is not a type lists every token (framework)",
    ),
    f(
        Fault::FacAcceptIgnoresLimit,
        "fac-accept-ignores-limit",
        "without `format` (JSON by Accept), `limit` is ignored",
    ),
    f(
        Fault::FacAcceptGivesXml,
        "fac-accept-gives-xml",
        "Accept: application/json without `format` answers XML",
    ),
    f(
        Fault::FacNoAuthAccepted,
        "fac-no-auth-accepted",
        "a request without credentials is answered",
    ),
    f(
        Fault::FacWrongKeyAccepted,
        "fac-wrong-key-accepted",
        "the admin name with any API key is accepted",
    ),
    f(
        Fault::FacAnyUserAccepted,
        "fac-any-user-accepted",
        "any Basic credentials are accepted",
    ),
    f(
        Fault::FacDeleteKeeps,
        "fac-delete-keeps",
        "DELETE answers 204 but the token stays",
    ),
    f(
        Fault::FacDelete200Body,
        "fac-delete-200-body",
        "DELETE answers 200 with the deleted object",
    ),
    f(
        Fault::FacDeleteMissing204,
        "fac-delete-missing-204",
        "DELETE of a token that does not exist answers 204",
    ),
    f(
        Fault::FacDeleteCountUnchanged,
        "fac-delete-count-unchanged",
        "after a DELETE, total_count still counts the token",
    ),
    f(
        Fault::FacXmlGivesJson,
        "fac-xml-gives-json",
        "?format=xml answers JSON",
    ),
    f(
        Fault::FacAcceptXmlGivesJson,
        "fac-accept-xml-gives-json",
        "Accept: application/xml without `format` answers JSON",
    ),
    f(
        Fault::FacAcceptWinsOverFormat,
        "fac-accept-wins-over-format",
        "?format=json with Accept: application/xml answers XML (Accept wins)",
    ),
    f(
        Fault::FacXmlUntyped,
        "fac-xml-untyped",
        "XML answers carry no `type` attributes (integers, booleans and null read as text)",
    ),
    f(
        Fault::FacUnslashedDelete404,
        "fac-unslashed-delete-404",
        "DELETE /api/v1/fortitokens/<id> (the documented URI, no trailing slash) answers 404",
    ),
    f(
        Fault::FacUnslashedRedirectOtherHost,
        "fac-unslashed-redirect-other-host",
        "the unslashed DELETE answers 301 to the slashed path on another host",
    ),
    f(
        Fault::FacDeleteTakesNeighbour,
        "fac-delete-takes-neighbour",
        "DELETE removes the token and its neighbour in the listing (the next one, or the one before the last)",
    ),
];
