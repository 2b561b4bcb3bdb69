//! The vocabulary of faults, with no catalogue: `Fault` (a switch the mock
//! asks about), `RuleFault` (one documented rule of one FortiAuthenticator
//! resource broken: the resource, the rule's kind, the field) and
//! `RuleKind`. The engine (`crate::engine`) asks `MockState::broken` with a
//! resource, a kind and a field wherever it decides a rule, so a fault of a
//! kind works for every declared resource; the catalogue (`faults/mod.rs`)
//! names them. Older FortiAuthenticator faults keep their names as
//! associated constants (`Fault::FacLimitIgnored` is the rule
//! `limit-ignored` of `fortitokens`).

/// One switchable fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// One rule of one FortiAuthenticator resource broken (the engine's).
    Rule(RuleFault),
    // FortiAuthenticator, every resource: authentication and the redirect
    FacNoAuthAccepted,
    FacWrongKeyAccepted,
    FacAnyUserAccepted,
    FacUnslashedRedirectOtherHost,
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
    FtcLoginHangs,
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
    FpcLoginHtml,
}

/// One documented rule of one resource, broken. `field` names the field
/// (or, for the kinds about URIs and methods, the method and URI form,
/// `delete-detail-unslashed`, `put-detail`; for cross-field rules, the
/// rule); `None` breaks the rule for every field of the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleFault {
    pub resource: &'static str,
    pub kind: RuleKind,
    pub field: Option<&'static str>,
}

impl RuleFault {
    pub const fn new(resource: &'static str, kind: RuleKind, field: Option<&'static str>) -> Self {
        RuleFault {
            resource,
            kind,
            field,
        }
    }
}

/// What a rule fault breaks, by kind. `name()` is the kind's part of a
/// fault name (`fac-<resource>-<kind>[-<field>]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    // A write: field restrictions and rules across fields
    RequiredUnchecked,
    MaxLengthUnchecked,
    PatternUnchecked,
    FormatUnchecked,
    ChoicesUnchecked,
    RangeUnchecked,
    TypeUnchecked,
    UniqueUnchecked,
    ReadonlyWritten,
    CrossFieldUnchecked,
    /// An either-or: a create that gives none of its fields is taken.
    EitherUnchecked,
    /// An exclusive either-or: a write that gives more than one is taken.
    EitherBothAccepted,
    RelatedUriUnchecked,
    // Filters and lookups
    FilterIgnored,
    IexactAsExact,
    ContainsAsExact,
    IcontainsAsExact,
    IcontainsCaseSensitive,
    StartswithAsExact,
    IstartswithAsExact,
    EndswithAsExact,
    IendswithAsExact,
    InCommaIgnored,
    InRepeatIgnored,
    BooleanLiteral,
    ExactAsStartswith,
    ExactIgnoresCase,
    FiltersOred,
    UnknownValueListsAll,
    ParamRefused,
    // The collection: creating, relations, deleting, URIs, methods
    CreateNotListed,
    Create200,
    CreateNoLocation,
    UpdateEmpty,
    UpdateNotStored,
    RelationNotReflected,
    DeleteKeeps,
    Delete200Body,
    DeleteMissing204,
    DeleteCountUnchanged,
    DeleteTakesNeighbour,
    DetailRefused,
    UriRefused,
    MethodAccepted,
    NotInIndex,
    ResourceUriUnslashed,
    // Answers: statuses, envelope, values
    ListStatus201,
    ListTextHtml,
    NoTotalCount,
    TotalCountString,
    ValueCapitalised,
    OutOfEnum,
    OutOfEnumDeep,
    FieldMissing,
    BooleanAsString,
    DatetimeBadFormat,
    DatetimeOtherZone,
    // Pagination
    LimitIgnored,
    LimitNotEchoed,
    LimitNotCapped,
    DefaultLimit50,
    OffsetIgnored,
    OffsetNotEchoed,
    TotalCountOffByOne,
    TotalCountIsPageSize,
    TotalCountChanges,
    NextNull,
    NextOnLastPage,
    NextLosesFilters,
    NextLosesFiltersPage5,
    NextLosesFormat,
    NextAbsolute,
    NextOtherHost,
    NextOverlaps,
    NextSkips,
    NextSkipsDeep,
    PagesOverlap,
    PagesOverlapDeep,
    PreviousOnFirstPage,
    PreviousForward,
    PreviousNull,
    BadLimitAccepted,
    NegativeOffsetAccepted,
    // Formats
    XmlGivesJson,
    XmlUntyped,
    AcceptXmlGivesJson,
    AcceptGivesXml,
    AcceptWinsOverFormat,
    AcceptIgnoresLimit,
    // The schema document
    SchemaLacksField,
    SchemaLookupsNarrowed,
    SchemaMethodMissing,
    // Authentication (`/auth/`, `/realmauth/`): a behaviour of the API broken
    CredentialsMissingAccepted,
    WrongPasswordAccepted,
    WrongTokenAccepted,
    UnknownUserAccepted,
    UnknownUserWrongStatus,
    TokenWithoutTwoFactorAccepted,
    PasswordOfTokenOnlyAccepted,
    DisabledUserAccepted,
    LockoutIgnored,
    RealmUnchecked,
    // The wire (transport faults)
    ListHangs,
    ListTrickles,
    ListClosesMidAnswer,
    ListNotJson,
    ListTruncatedJson,
    ListHtmlError,
    ListHuge,
}

impl RuleKind {
    /// The kind's part of a fault name.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("unnamed", |(_, name)| name)
    }
}

/// Each kind's name.
const NAMES: &[(RuleKind, &str)] = &[
    (RuleKind::RequiredUnchecked, "required-unchecked"),
    (RuleKind::MaxLengthUnchecked, "max-length-unchecked"),
    (RuleKind::PatternUnchecked, "pattern-unchecked"),
    (RuleKind::FormatUnchecked, "format-unchecked"),
    (RuleKind::ChoicesUnchecked, "choices-unchecked"),
    (RuleKind::RangeUnchecked, "range-unchecked"),
    (RuleKind::TypeUnchecked, "type-unchecked"),
    (RuleKind::UniqueUnchecked, "unique-unchecked"),
    (RuleKind::ReadonlyWritten, "readonly-written"),
    (RuleKind::CrossFieldUnchecked, "cross-field-unchecked"),
    (RuleKind::EitherUnchecked, "either-unchecked"),
    (RuleKind::EitherBothAccepted, "either-both-accepted"),
    (RuleKind::RelatedUriUnchecked, "related-uri-unchecked"),
    (RuleKind::FilterIgnored, "filter-ignored"),
    (RuleKind::IexactAsExact, "iexact-as-exact"),
    (RuleKind::ContainsAsExact, "contains-as-exact"),
    (RuleKind::IcontainsAsExact, "icontains-as-exact"),
    (RuleKind::IcontainsCaseSensitive, "icontains-case-sensitive"),
    (RuleKind::StartswithAsExact, "startswith-as-exact"),
    (RuleKind::IstartswithAsExact, "istartswith-as-exact"),
    (RuleKind::EndswithAsExact, "endswith-as-exact"),
    (RuleKind::IendswithAsExact, "iendswith-as-exact"),
    (RuleKind::InCommaIgnored, "in-comma-ignored"),
    (RuleKind::InRepeatIgnored, "in-repeat-ignored"),
    (RuleKind::BooleanLiteral, "boolean-literal"),
    (RuleKind::ExactAsStartswith, "exact-as-startswith"),
    (RuleKind::ExactIgnoresCase, "exact-ignores-case"),
    (RuleKind::FiltersOred, "filters-ored"),
    (RuleKind::UnknownValueListsAll, "unknown-value-lists-all"),
    (RuleKind::ParamRefused, "param-refused"),
    (RuleKind::CreateNotListed, "create-not-listed"),
    (RuleKind::Create200, "create-200"),
    (RuleKind::CreateNoLocation, "create-no-location"),
    (RuleKind::UpdateEmpty, "update-empty"),
    (RuleKind::UpdateNotStored, "update-not-stored"),
    (RuleKind::RelationNotReflected, "relation-not-reflected"),
    (RuleKind::DeleteKeeps, "delete-keeps"),
    (RuleKind::Delete200Body, "delete-200-body"),
    (RuleKind::DeleteMissing204, "delete-missing-204"),
    (RuleKind::DeleteCountUnchanged, "delete-count-unchanged"),
    (RuleKind::DeleteTakesNeighbour, "delete-takes-neighbour"),
    (RuleKind::DetailRefused, "detail-refused"),
    (RuleKind::UriRefused, "uri-refused"),
    (RuleKind::MethodAccepted, "method-accepted"),
    (RuleKind::NotInIndex, "not-in-index"),
    (RuleKind::ResourceUriUnslashed, "resource-uri-unslashed"),
    (RuleKind::ListStatus201, "list-status-201"),
    (RuleKind::ListTextHtml, "list-text-html"),
    (RuleKind::NoTotalCount, "no-total-count"),
    (RuleKind::TotalCountString, "total-count-string"),
    (RuleKind::ValueCapitalised, "value-capitalised"),
    (RuleKind::OutOfEnum, "out-of-enum"),
    (RuleKind::OutOfEnumDeep, "out-of-enum-deep"),
    (RuleKind::FieldMissing, "field-missing"),
    (RuleKind::BooleanAsString, "boolean-as-string"),
    (RuleKind::DatetimeBadFormat, "datetime-bad-format"),
    (RuleKind::DatetimeOtherZone, "datetime-other-zone"),
    (RuleKind::LimitIgnored, "limit-ignored"),
    (RuleKind::LimitNotEchoed, "limit-not-echoed"),
    (RuleKind::LimitNotCapped, "limit-not-capped"),
    (RuleKind::DefaultLimit50, "default-limit-50"),
    (RuleKind::OffsetIgnored, "offset-ignored"),
    (RuleKind::OffsetNotEchoed, "offset-not-echoed"),
    (RuleKind::TotalCountOffByOne, "total-count-off-by-one"),
    (RuleKind::TotalCountIsPageSize, "total-count-is-page-size"),
    (RuleKind::TotalCountChanges, "total-count-changes"),
    (RuleKind::NextNull, "next-null"),
    (RuleKind::NextOnLastPage, "next-on-last-page"),
    (RuleKind::NextLosesFilters, "next-loses-filters"),
    (RuleKind::NextLosesFiltersPage5, "next-loses-filters-page-5"),
    (RuleKind::NextLosesFormat, "next-loses-format"),
    (RuleKind::NextAbsolute, "next-absolute"),
    (RuleKind::NextOtherHost, "next-other-host"),
    (RuleKind::NextOverlaps, "next-overlaps"),
    (RuleKind::NextSkips, "next-skips"),
    (RuleKind::NextSkipsDeep, "next-skips-deep"),
    (RuleKind::PagesOverlap, "pages-overlap"),
    (RuleKind::PagesOverlapDeep, "pages-overlap-deep"),
    (RuleKind::PreviousOnFirstPage, "previous-on-first-page"),
    (RuleKind::PreviousForward, "previous-forward"),
    (RuleKind::PreviousNull, "previous-null"),
    (RuleKind::BadLimitAccepted, "bad-limit-accepted"),
    (RuleKind::NegativeOffsetAccepted, "negative-offset-accepted"),
    (RuleKind::XmlGivesJson, "xml-gives-json"),
    (RuleKind::XmlUntyped, "xml-untyped"),
    (RuleKind::AcceptXmlGivesJson, "accept-xml-gives-json"),
    (RuleKind::AcceptGivesXml, "accept-gives-xml"),
    (RuleKind::AcceptWinsOverFormat, "accept-wins-over-format"),
    (RuleKind::AcceptIgnoresLimit, "accept-ignores-limit"),
    (RuleKind::SchemaLacksField, "schema-lacks-field"),
    (RuleKind::SchemaLookupsNarrowed, "schema-lookups-narrowed"),
    (RuleKind::SchemaMethodMissing, "schema-method-missing"),
    (
        RuleKind::CredentialsMissingAccepted,
        "credentials-missing-accepted",
    ),
    (RuleKind::WrongPasswordAccepted, "wrong-password-accepted"),
    (RuleKind::WrongTokenAccepted, "wrong-token-accepted"),
    (RuleKind::UnknownUserAccepted, "unknown-user-accepted"),
    (
        RuleKind::UnknownUserWrongStatus,
        "unknown-user-wrong-status",
    ),
    (
        RuleKind::TokenWithoutTwoFactorAccepted,
        "token-without-two-factor-accepted",
    ),
    (
        RuleKind::PasswordOfTokenOnlyAccepted,
        "password-of-token-only-accepted",
    ),
    (RuleKind::DisabledUserAccepted, "disabled-user-accepted"),
    (RuleKind::LockoutIgnored, "lockout-ignored"),
    (RuleKind::RealmUnchecked, "realm-unchecked"),
    (RuleKind::ListHangs, "list-hangs"),
    (RuleKind::ListTrickles, "list-trickles"),
    (RuleKind::ListClosesMidAnswer, "list-closes-mid-answer"),
    (RuleKind::ListNotJson, "list-not-json"),
    (RuleKind::ListTruncatedJson, "list-truncated-json"),
    (RuleKind::ListHtmlError, "list-html-error"),
    (RuleKind::ListHuge, "list-huge"),
];

const fn rule(resource: &'static str, kind: RuleKind, field: Option<&'static str>) -> Fault {
    Fault::Rule(RuleFault::new(resource, kind, field))
}

const TOKENS: &str = "fortitokens";
const USERS: &str = "localusers";
const GROUPS: &str = "usergroups";
const MEMBERSHIPS: &str = "localgroup-memberships";

/// The FortiAuthenticator faults of the first catalogue, by their old
/// names: each is a rule fault of one resource.
#[allow(non_upper_case_globals)]
impl Fault {
    pub const FacListStatus201: Fault = rule(TOKENS, RuleKind::ListStatus201, None);
    pub const FacListNoTotalCount: Fault = rule(TOKENS, RuleKind::NoTotalCount, None);
    pub const FacTotalCountString: Fault = rule(TOKENS, RuleKind::TotalCountString, None);
    pub const FacStatusCapitalised: Fault =
        rule(TOKENS, RuleKind::ValueCapitalised, Some("status"));
    pub const FacTypeOutOfEnum: Fault = rule(TOKENS, RuleKind::OutOfEnum, Some("type"));
    pub const FacSerialMissing: Fault = rule(TOKENS, RuleKind::FieldMissing, Some("serial"));
    pub const FacLockedString: Fault = rule(TOKENS, RuleKind::BooleanAsString, Some("locked"));
    pub const FacLastUsedAtBadFormat: Fault =
        rule(TOKENS, RuleKind::DatetimeBadFormat, Some("last_used_at"));
    pub const FacResourceUriNoSlash: Fault = rule(TOKENS, RuleKind::ResourceUriUnslashed, None);
    pub const FacListTextHtml: Fault = rule(TOKENS, RuleKind::ListTextHtml, None);
    pub const FacLastUsedAtOtherZone: Fault =
        rule(TOKENS, RuleKind::DatetimeOtherZone, Some("last_used_at"));
    pub const FacIndexLacksFortitokens: Fault = rule(TOKENS, RuleKind::NotInIndex, None);
    pub const FacSchemaLacksSerial: Fault =
        rule(TOKENS, RuleKind::SchemaLacksField, Some("serial"));
    pub const FacSchemaSerialExactOnly: Fault =
        rule(TOKENS, RuleKind::SchemaLookupsNarrowed, Some("serial"));
    pub const FacSchemaListNoGet: Fault =
        rule(TOKENS, RuleKind::SchemaMethodMissing, Some("get-list"));
    pub const FacSchemaDetailNoDelete: Fault =
        rule(TOKENS, RuleKind::SchemaMethodMissing, Some("delete-detail"));
    pub const FacLimitIgnored: Fault = rule(TOKENS, RuleKind::LimitIgnored, None);
    pub const FacLimitNotEchoed: Fault = rule(TOKENS, RuleKind::LimitNotEchoed, None);
    pub const FacLimitNotCapped: Fault = rule(TOKENS, RuleKind::LimitNotCapped, None);
    pub const FacDefaultLimit50: Fault = rule(TOKENS, RuleKind::DefaultLimit50, None);
    pub const FacOffsetIgnored: Fault = rule(TOKENS, RuleKind::OffsetIgnored, None);
    pub const FacOffsetNotEchoed: Fault = rule(TOKENS, RuleKind::OffsetNotEchoed, None);
    pub const FacTotalCountOffByOne: Fault = rule(TOKENS, RuleKind::TotalCountOffByOne, None);
    pub const FacTotalCountIsPageSize: Fault = rule(TOKENS, RuleKind::TotalCountIsPageSize, None);
    pub const FacNextNull: Fault = rule(TOKENS, RuleKind::NextNull, None);
    pub const FacNextOnLastPage: Fault = rule(TOKENS, RuleKind::NextOnLastPage, None);
    pub const FacNextLosesFilters: Fault = rule(TOKENS, RuleKind::NextLosesFilters, None);
    pub const FacNextLosesFormat: Fault = rule(TOKENS, RuleKind::NextLosesFormat, None);
    pub const FacNextAbsolute: Fault = rule(TOKENS, RuleKind::NextAbsolute, None);
    pub const FacNextOverlaps: Fault = rule(TOKENS, RuleKind::NextOverlaps, None);
    pub const FacNextSkips: Fault = rule(TOKENS, RuleKind::NextSkips, None);
    pub const FacPagesOverlap: Fault = rule(TOKENS, RuleKind::PagesOverlap, None);
    pub const FacPreviousOnFirstPage: Fault = rule(TOKENS, RuleKind::PreviousOnFirstPage, None);
    pub const FacPreviousForward: Fault = rule(TOKENS, RuleKind::PreviousForward, None);
    pub const FacPreviousNull: Fault = rule(TOKENS, RuleKind::PreviousNull, None);
    pub const FacNextOtherHost: Fault = rule(TOKENS, RuleKind::NextOtherHost, None);
    pub const FacBadLimitAccepted: Fault = rule(TOKENS, RuleKind::BadLimitAccepted, None);
    pub const FacNegativeOffsetAccepted: Fault =
        rule(TOKENS, RuleKind::NegativeOffsetAccepted, None);
    pub const FacPagesOverlapDeep: Fault = rule(TOKENS, RuleKind::PagesOverlapDeep, None);
    pub const FacNextLosesFiltersPage5: Fault = rule(TOKENS, RuleKind::NextLosesFiltersPage5, None);
    pub const FacTotalCountChanges: Fault = rule(TOKENS, RuleKind::TotalCountChanges, None);
    pub const FacNextSkipsDeep: Fault = rule(TOKENS, RuleKind::NextSkipsDeep, None);
    pub const FacTypeOutOfEnumDeep: Fault = rule(TOKENS, RuleKind::OutOfEnumDeep, Some("type"));
    pub const FacSerialFilterIgnored: Fault = rule(TOKENS, RuleKind::FilterIgnored, Some("serial"));
    pub const FacTypeFilterIgnored: Fault = rule(TOKENS, RuleKind::FilterIgnored, Some("type"));
    pub const FacStatusFilterIgnored: Fault = rule(TOKENS, RuleKind::FilterIgnored, Some("status"));
    pub const FacLicenseFilterIgnored: Fault =
        rule(TOKENS, RuleKind::FilterIgnored, Some("license"));
    pub const FacIexactCaseSensitive: Fault = rule(TOKENS, RuleKind::IexactAsExact, Some("serial"));
    pub const FacExactIsPrefix: Fault = rule(TOKENS, RuleKind::ExactAsStartswith, Some("serial"));
    pub const FacExactIgnoresCase: Fault = rule(TOKENS, RuleKind::ExactIgnoresCase, Some("serial"));
    pub const FacFiltersOred: Fault = rule(TOKENS, RuleKind::FiltersOred, None);
    pub const FacUnknownTypeListsAll: Fault =
        rule(TOKENS, RuleKind::UnknownValueListsAll, Some("type"));
    pub const FacAcceptIgnoresLimit: Fault = rule(TOKENS, RuleKind::AcceptIgnoresLimit, None);
    pub const FacAcceptGivesXml: Fault = rule(TOKENS, RuleKind::AcceptGivesXml, None);
    pub const FacDeleteKeeps: Fault = rule(TOKENS, RuleKind::DeleteKeeps, None);
    pub const FacDelete200Body: Fault = rule(TOKENS, RuleKind::Delete200Body, None);
    pub const FacDeleteMissing204: Fault = rule(TOKENS, RuleKind::DeleteMissing204, None);
    pub const FacDeleteCountUnchanged: Fault = rule(TOKENS, RuleKind::DeleteCountUnchanged, None);
    pub const FacXmlGivesJson: Fault = rule(TOKENS, RuleKind::XmlGivesJson, None);
    pub const FacAcceptXmlGivesJson: Fault = rule(TOKENS, RuleKind::AcceptXmlGivesJson, None);
    pub const FacAcceptWinsOverFormat: Fault = rule(TOKENS, RuleKind::AcceptWinsOverFormat, None);
    pub const FacXmlUntyped: Fault = rule(TOKENS, RuleKind::XmlUntyped, None);
    pub const FacUnslashedDelete404: Fault = rule(
        TOKENS,
        RuleKind::UriRefused,
        Some("delete-detail-unslashed"),
    );
    pub const FacDeleteTakesNeighbour: Fault = rule(TOKENS, RuleKind::DeleteTakesNeighbour, None);
    pub const FacListHangs: Fault = rule(TOKENS, RuleKind::ListHangs, None);
    pub const FacListTrickles: Fault = rule(TOKENS, RuleKind::ListTrickles, None);
    pub const FacListClosesMidAnswer: Fault = rule(TOKENS, RuleKind::ListClosesMidAnswer, None);
    pub const FacListNotJson: Fault = rule(TOKENS, RuleKind::ListNotJson, None);
    pub const FacListTruncatedJson: Fault = rule(TOKENS, RuleKind::ListTruncatedJson, None);
    pub const FacListHtmlError: Fault = rule(TOKENS, RuleKind::ListHtmlError, None);
    pub const FacListHuge: Fault = rule(TOKENS, RuleKind::ListHuge, None);
    // Local users, user groups, memberships
    pub const FacUsersUsernameAlphabetUnchecked: Fault =
        rule(USERS, RuleKind::PatternUnchecked, Some("username"));
    pub const FacUsersMobileUnchecked: Fault =
        rule(USERS, RuleKind::FormatUnchecked, Some("mobile_number"));
    pub const FacUsersCountryUnchecked: Fault =
        rule(USERS, RuleKind::FormatUnchecked, Some("country"));
    pub const FacUsersMaxLengthUnchecked: Fault = rule(USERS, RuleKind::MaxLengthUnchecked, None);
    pub const FacUsersPost200: Fault = rule(USERS, RuleKind::Create200, None);
    pub const FacUsersPatchEmpty: Fault = rule(USERS, RuleKind::UpdateEmpty, None);
    pub const FacUsersDeleteKeeps: Fault = rule(USERS, RuleKind::DeleteKeeps, None);
    pub const FacUsersDetail404: Fault = rule(USERS, RuleKind::DetailRefused, None);
    pub const FacUsersResourceUriNoSlash: Fault = rule(USERS, RuleKind::ResourceUriUnslashed, None);
    pub const FacUsersUsernameFilterIgnored: Fault =
        rule(USERS, RuleKind::FilterIgnored, Some("username"));
    pub const FacUsersTokenNotRecorded: Fault =
        rule(USERS, RuleKind::UpdateNotStored, Some("token_serial"));
    pub const FacUsersTokenStaysAvailable: Fault =
        rule(USERS, RuleKind::RelationNotReflected, Some("token_serial"));
    pub const FacGroupsNameFilterIgnored: Fault =
        rule(GROUPS, RuleKind::FilterIgnored, Some("name"));
    pub const FacGroupsNameTooLongAccepted: Fault =
        rule(GROUPS, RuleKind::MaxLengthUnchecked, Some("name"));
    pub const FacGroupsReturnMembersRefused: Fault =
        rule(GROUPS, RuleKind::ParamRefused, Some("return_members"));
    pub const FacMembershipsUsernameFilterIgnored: Fault =
        rule(MEMBERSHIPS, RuleKind::FilterIgnored, Some("username"));
    pub const FacMembershipsMissingUserAccepted: Fault =
        rule(MEMBERSHIPS, RuleKind::RequiredUnchecked, Some("user"));
    pub const FacIndexLacksMemberships: Fault = rule(MEMBERSHIPS, RuleKind::NotInIndex, None);
    pub const FacMembershipsContainsIsExact: Fault =
        rule(MEMBERSHIPS, RuleKind::ContainsAsExact, None);
    pub const FacMembershipsIcontainsCaseSensitive: Fault =
        rule(MEMBERSHIPS, RuleKind::IcontainsCaseSensitive, None);
    pub const FacMembershipsInFirstValueOnly: Fault =
        rule(MEMBERSHIPS, RuleKind::InCommaIgnored, None);
    pub const FacMembershipsGroupFilterIgnored: Fault =
        rule(MEMBERSHIPS, RuleKind::FilterIgnored, Some("group"));
    pub const FacMembershipsUserFilterIgnored: Fault =
        rule(MEMBERSHIPS, RuleKind::FilterIgnored, Some("user"));
    pub const FacUsersActiveFilterLiteral: Fault =
        rule(USERS, RuleKind::BooleanLiteral, Some("active"));
    pub const FacUsersPostNoLocation: Fault = rule(USERS, RuleKind::CreateNoLocation, None);
    pub const FacUsersEmailUnchecked: Fault = rule(USERS, RuleKind::FormatUnchecked, Some("email"));
    pub const FacUsersUsernameRequiredUnchecked: Fault =
        rule(USERS, RuleKind::RequiredUnchecked, Some("username"));
    pub const FacGroupsNameRequiredUnchecked: Fault =
        rule(GROUPS, RuleKind::RequiredUnchecked, Some("name"));
    pub const FacGroupsDeleteKeeps: Fault = rule(GROUPS, RuleKind::DeleteKeeps, None);
    pub const FacMembershipsGroupNameFilterIgnored: Fault =
        rule(MEMBERSHIPS, RuleKind::FilterIgnored, Some("group_name"));
    pub const FacMembershipsMissingGroupAccepted: Fault =
        rule(MEMBERSHIPS, RuleKind::RequiredUnchecked, Some("group"));
    pub const FacMembershipsDeleteKeeps: Fault = rule(MEMBERSHIPS, RuleKind::DeleteKeeps, None);
}
