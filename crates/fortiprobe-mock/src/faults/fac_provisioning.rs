//! FortiAuthenticator provisioning faults: local users, user groups and
//! group memberships (field checks, filters, lookups, creation, delete) and
//! the memberships entry of the resource index.

use super::info::{f, FaultInfo};
use super::kind::Fault;

/// Local users, groups and memberships.
pub(super) const FAC_PROVISIONING: &[FaultInfo] = &[
    f(
        Fault::FacUsersUsernameAlphabetUnchecked,
        "fac-users-username-alphabet-unchecked",
        "POST /localusers/ accepts a username outside letters, numbers and @/./+/-/_",
    ),
    f(
        Fault::FacUsersMobileUnchecked,
        "fac-users-mobile-unchecked",
        "POST /localusers/ accepts a mobile_number not in the +[country_code]-[number] format",
    ),
    f(
        Fault::FacUsersCountryUnchecked,
        "fac-users-country-unchecked",
        "POST /localusers/ accepts a country that is not an ISO 3166 code",
    ),
    f(
        Fault::FacUsersMaxLengthUnchecked,
        "fac-users-max-length-unchecked",
        "POST /localusers/ accepts text fields longer than their documented max length",
    ),
    f(
        Fault::FacUsersPost200,
        "fac-users-post-200",
        "POST /localusers/ answers 200 instead of 201",
    ),
    f(
        Fault::FacUsersPatchEmpty,
        "fac-users-patch-empty",
        "PATCH of a local user answers 202 with no body (the docs promise the updated resource)",
    ),
    f(
        Fault::FacUsersDeleteKeeps,
        "fac-users-delete-keeps",
        "DELETE of a local user answers 204 but the user stays",
    ),
    f(
        Fault::FacUsersDetail404,
        "fac-users-detail-404",
        "GET of a local user's resource_uri answers 404",
    ),
    f(
        Fault::FacUsersResourceUriNoSlash,
        "fac-users-resource-uri-no-slash",
        "local users (listed or one) have a resource_uri without its trailing slash",
    ),
    f(
        Fault::FacUsersUsernameFilterIgnored,
        "fac-users-username-filter-ignored",
        "the localusers username filter is ignored",
    ),
    f(
        Fault::FacUsersTokenNotRecorded,
        "fac-users-token-not-recorded",
        "PATCH with a FortiToken answers 202 but the user keeps its old token fields",
    ),
    f(
        Fault::FacUsersTokenStaysAvailable,
        "fac-users-token-stays-available",
        "a FortiToken assigned to a user stays available",
    ),
    f(
        Fault::FacGroupsNameFilterIgnored,
        "fac-groups-name-filter-ignored",
        "the usergroups name filter is ignored",
    ),
    f(
        Fault::FacGroupsNameTooLongAccepted,
        "fac-groups-name-too-long-accepted",
        "POST /usergroups/ accepts a name longer than 50 characters",
    ),
    f(
        Fault::FacGroupsReturnMembersRefused,
        "fac-groups-return-members-refused",
        "GET /usergroups/?return_members=false answers 400",
    ),
    f(
        Fault::FacMembershipsUsernameFilterIgnored,
        "fac-memberships-username-filter-ignored",
        "the memberships username filter is ignored",
    ),
    f(
        Fault::FacMembershipsMissingUserAccepted,
        "fac-memberships-missing-user-accepted",
        "POST /localgroup-memberships/ without a user creates a membership",
    ),
    f(
        Fault::FacIndexLacksMemberships,
        "fac-index-lacks-memberships",
        "the resource index does not list localgroup-memberships",
    ),
    f(
        Fault::FacMembershipsContainsIsExact,
        "fac-memberships-contains-is-exact",
        "the memberships `__contains` filters match only the whole value",
    ),
    f(
        Fault::FacMembershipsIcontainsCaseSensitive,
        "fac-memberships-icontains-case-sensitive",
        "the memberships `__icontains` filters keep case (as `__contains`)",
    ),
    f(
        Fault::FacMembershipsInFirstValueOnly,
        "fac-memberships-in-first-value-only",
        "the memberships `__in` filters read only the first of the comma-separated values",
    ),
    f(
        Fault::FacMembershipsGroupFilterIgnored,
        "fac-memberships-group-filter-ignored",
        "the memberships `group` (id) filter is ignored",
    ),
    f(
        Fault::FacMembershipsUserFilterIgnored,
        "fac-memberships-user-filter-ignored",
        "the memberships `user` (id) filter is ignored",
    ),
    f(
        Fault::FacUsersActiveFilterLiteral,
        "fac-users-active-filter-literal",
        "the localusers `active` filter compares text: only `true` and `false` match, not `True` or `1`",
    ),
    f(
        Fault::FacUsersPostNoLocation,
        "fac-users-post-no-location",
        "POST /localusers/ answers 201 without a Location header",
    ),
    f(
        Fault::FacUsersEmailUnchecked,
        "fac-users-email-unchecked",
        "POST /localusers/ accepts an `email` that is not an e-mail address",
    ),
    f(
        Fault::FacUsersUsernameRequiredUnchecked,
        "fac-users-username-required-unchecked",
        "POST /localusers/ without `username` (required) creates a user",
    ),
    f(
        Fault::FacGroupsNameRequiredUnchecked,
        "fac-groups-name-required-unchecked",
        "POST /usergroups/ without `name` (required) creates a group",
    ),
    f(
        Fault::FacGroupsDeleteKeeps,
        "fac-groups-delete-keeps",
        "DELETE of a user group answers 204 but the group stays",
    ),
    f(
        Fault::FacMembershipsGroupNameFilterIgnored,
        "fac-memberships-group-name-filter-ignored",
        "the memberships `group_name` filters (every lookup) are ignored",
    ),
    f(
        Fault::FacMembershipsMissingGroupAccepted,
        "fac-memberships-missing-group-accepted",
        "POST /localgroup-memberships/ without `group` (required) puts the user in some group",
    ),
    f(
        Fault::FacMembershipsDeleteKeeps,
        "fac-memberships-delete-keeps",
        "DELETE of a membership answers 204 but the membership stays",
    ),
];
