//! The mock's catalogue of switchable faults. Each breaks exactly one
//! documented behaviour (or one framework default, marked so), so that the
//! suite can be shown to catch it. Handlers ask `MockState::has(Fault::X)`.
//! The mock names no case: which cases must catch a fault is the suite's
//! side of the kill matrix (`catchers.yaml`). This file holds the `Fault`
//! enum, `FaultInfo` and the lookups; the catalogue's entries live by product
//! in fac.rs, fac_provisioning.rs, ftc.rs, fpc.rs and transport.rs.

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

mod fac;
mod fac_provisioning;
mod fpc;
mod ftc;
mod transport;

/// The catalogue's parts, by product, in the order `FAULTS` lists them.
const PARTS: &[&[FaultInfo]] = &[
    fac::FAC_TOKENS,
    fac_provisioning::FAC_PROVISIONING,
    ftc::FTC,
    fpc::FPC,
    transport::TRANSPORT,
];

const fn count(parts: &[&[FaultInfo]]) -> usize {
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        n += parts[p].len();
        p += 1;
    }
    n
}

/// The parts one after the other (a const fn: `FAULTS` stays a constant).
const fn joined<const N: usize>(parts: &[&[FaultInfo]]) -> [FaultInfo; N] {
    let mut out = [parts[0][0]; N];
    let mut k = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[k] = parts[p][i];
            k += 1;
            i += 1;
        }
        p += 1;
    }
    out
}

const ALL: [FaultInfo; count(PARTS)] = joined(PARTS);

/// Every fault, in a stable order.
pub const FAULTS: &[FaultInfo] = &ALL;

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
