//! FortiAuthenticator provisioning faults: local users, user groups and
//! group memberships (field checks, filters, lookups, creation, delete) and
//! the memberships entry of the resource index.

use super::Fault::*;
use super::{f, FaultInfo};

/// Local users, groups and memberships.
pub(super) const FAC_PROVISIONING: &[FaultInfo] = &[
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
];
