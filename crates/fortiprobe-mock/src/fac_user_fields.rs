//! The fields of a FortiAuthenticator local user, checked against their
//! documented restrictions (docs/api-notes-fac.md §3: max lengths, the
//! username alphabet, the `+[country_code]-[number]` mobile format,
//! ISO-3166 country codes, e-mail) and the second factor: a FortiToken given
//! by `token_serial` must be available, unlocked and of the given
//! `token_type`; it becomes `assigned`, and `available` again when taken
//! away (one reading of an undocumented rule, §6-7).

use serde_json::{Map, Value};

use super::data::{TokenKind, TokenStatus};
use super::data_prov::{self, LocalUser};
use super::fac_prov::{id_in, ProvStore, GROUPS_PATH};
use super::fac_store::FacStore;
use super::faults::Fault;
use super::MockState;

/// ISO 3166-1 alpha-2 codes (the mock's own copy of the list).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE \
DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW \
KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW \
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO \
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM \
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Max lengths of the text fields [doc, Local users 6.0.5].
const MAX_LENGTHS: [(&str, usize); 12] = [
    ("username", 253),
    ("address", 80),
    ("city", 40),
    ("custom1", 255),
    ("custom2", 255),
    ("custom3", 255),
    ("first_name", 30),
    ("last_name", 30),
    ("mobile_number", 25),
    ("phone_number", 25),
    ("state", 40),
    ("email", 254),
];

/// Applies the writable fields of `given` to `user`, checking each; the
/// second factor last. Answers the group ids of `user_groups` (if given).
pub(crate) fn apply(
    state: &MockState,
    store: &mut ProvStore,
    fac: &mut FacStore,
    user: &mut LocalUser,
    given: &Map<String, Value>,
) -> Result<Vec<u64>, String> {
    for name in data_prov::TEXT_FIELDS {
        let Some(value) = given.get(name) else {
            continue;
        };
        let Some(text) = value.as_str() else {
            return Err(format!("{name}: a string is required"));
        };
        check_text(state, name, text)?;
        user.fields.insert(name.into(), Value::from(text));
    }
    let username = user
        .fields
        .get("username")
        .and_then(Value::as_str)
        .unwrap_or("");
    if store.username_taken(username, Some(user.id)) {
        return Err(format!(
            "username: a user named {username:?} already exists"
        ));
    }
    for name in ["active", "token_auth"] {
        match given.get(name) {
            None => {}
            Some(Value::Bool(b)) => {
                user.fields.insert(name.into(), Value::from(*b));
            }
            Some(_) => return Err(format!("{name}: a boolean is required")),
        }
    }
    let mut groups = Vec::new();
    if let Some(list) = given.get("user_groups") {
        let uris = list
            .as_array()
            .ok_or("user_groups: a list of user group URIs is required")?;
        for uri in uris {
            let id = uri
                .as_str()
                .and_then(|u| id_in(u, GROUPS_PATH))
                .filter(|id| store.groups.contains_key(id))
                .ok_or_else(|| format!("user_groups: {uri} is not a user group URI"))?;
            groups.push(id);
        }
    }
    second_factor(state, fac, user, given)?;
    Ok(groups)
}

/// One text field against its documented restriction.
fn check_text(state: &MockState, name: &str, text: &str) -> Result<(), String> {
    let max = MAX_LENGTHS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| *m);
    if max.is_some_and(|m| text.chars().count() > m)
        && !state.has(Fault::FacUsersMaxLengthUnchecked)
    {
        return Err(format!("{name}: at most {} characters", max.unwrap_or(0)));
    }
    let ok = match name {
        "username" => {
            state.has(Fault::FacUsersUsernameAlphabetUnchecked)
                || text
                    .chars()
                    .all(|c| c.is_alphanumeric() || "@.+-_".contains(c))
        }
        "mobile_number" => {
            text.is_empty() || state.has(Fault::FacUsersMobileUnchecked) || mobile(text)
        }
        "country" => {
            text.is_empty()
                || state.has(Fault::FacUsersCountryUnchecked)
                || COUNTRIES.split_whitespace().any(|c| c == text)
        }
        "email" => text.is_empty() || state.has(Fault::FacUsersEmailUnchecked) || email(text),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{name}: {text:?} is not valid"))
    }
}

/// `+[country_code]-[number]`: `+`, one to three digits, `-`, digits.
fn mobile(text: &str) -> bool {
    let Some((code, number)) = text.strip_prefix('+').and_then(|t| t.split_once('-')) else {
        return false;
    };
    (1..=3).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// A plain reading of "a valid e-mail address": local@domain.tld, no spaces.
fn email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !text.contains(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// `token_auth`, `token_type`, `token_serial`: assigns or frees a FortiToken.
fn second_factor(
    state: &MockState,
    fac: &mut FacStore,
    user: &mut LocalUser,
    given: &Map<String, Value>,
) -> Result<(), String> {
    let field = |name: &str| {
        user.fields
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let old = field("token_serial").unwrap_or_default();
    let on = user
        .fields
        .get("token_auth")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let kind = match given.get("token_type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Null) => None,
        None => field("token_type"),
        Some(_) => return Err("token_type: a string is required".into()),
    };
    let serial = match given.get("token_serial") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) => String::new(),
        None => old.clone(),
        Some(_) => return Err("token_serial: a string is required".into()),
    };
    let (kind, serial) = if !on {
        (None, String::new())
    } else {
        match kind.as_deref() {
            None => return Err("token_type: required when token_auth is true".into()),
            Some("email" | "sms") => (kind, String::new()),
            Some(t @ ("ftk" | "ftm")) if serial.is_empty() => {
                return Err(format!("token_serial: required for token_type {t}"))
            }
            Some("ftk" | "ftm") => (kind, serial),
            Some(other) => {
                return Err(format!(
                    "token_type: {other:?} is not one of ftk, ftm, email, sms"
                ))
            }
        }
    };
    if !serial.is_empty() && serial != old {
        let wanted = if kind.as_deref() == Some("ftk") {
            TokenKind::Ftk
        } else {
            TokenKind::Ftm
        };
        let token = fac
            .token(&serial)
            .ok_or_else(|| format!("token_serial: no FortiToken {serial:?}"))?;
        if token.status != TokenStatus::Available || token.locked || token.kind != wanted {
            return Err("This serial number is not available for use.".into());
        }
        if !state.has(Fault::FacUsersTokenStaysAvailable) {
            fac.set_status(&serial, TokenStatus::Assigned);
        }
    }
    if serial != old {
        release(fac, &old);
    }
    user.fields.insert("token_auth".into(), Value::from(on));
    user.fields
        .insert("token_type".into(), kind.map_or(Value::Null, Value::from));
    user.fields
        .insert("token_serial".into(), Value::from(serial));
    Ok(())
}

/// The token with `serial` goes back to `available` (if it was assigned).
pub(crate) fn release(fac: &mut FacStore, serial: &str) {
    if serial.is_empty() {
        return;
    }
    if fac
        .token(serial)
        .is_some_and(|t| t.status == TokenStatus::Assigned)
    {
        fac.set_status(serial, TokenStatus::Available);
    }
}
