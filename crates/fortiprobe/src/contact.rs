//! What a request may make an appliance send to a person. Users the suite
//! creates on a FortiAuthenticator carry contact data that can reach
//! nobody, and a FortiToken is given to one only when the target file
//! names the token (`assignable_token_serial`): an appliance may e-mail or
//! text a user it holds (a FortiToken Mobile activation, a one-time code).
//!
//! The rules hold for every request the suite sends, whoever wrote the
//! case (by hand, or derived from a resource description): `at_load`
//! refuses a case file that breaks them (`suite::validate`), and `at_send`
//! refuses a request whose values, resolved, break them (`run::step`), so
//! no case can forget them.
//!
//! Unreachable contact data:
//! - e-mail: a domain reserved so that it reaches nobody: `.invalid`,
//!   `.example`, `.test` and `example.com`, `example.net`, `example.org`
//!   (RFC 2606, "Reserved Top Level DNS Names"; RFC 6761);
//! - telephone numbers: Ofcom's range for TV and radio drama (UK mobile
//!   07700 900000 to 07700 900999, +44 7700 900xxx; Ofcom, "Telephone
//!   numbers for use in TV and radio drama programmes"), the North American
//!   Numbering Plan's 555-0100 to 555-0199 (set aside for fictional use,
//!   NANPA), or more than 15 digits, which no number has (ITU-T E.164).

use serde_json::Value;

/// The fixture that names the FortiToken a case may give to a user it
/// creates (its serial; described with the others in `product`).
pub const ASSIGNABLE_TOKEN: &str = "assignable_token_serial";

/// Fields holding an e-mail address.
const EMAIL_FIELDS: [&str; 1] = ["email"];

/// Fields holding a telephone number.
const PHONE_FIELDS: [&str; 2] = ["mobile_number", "phone_number"];

/// Domains reserved so that mail to them reaches nobody (RFC 2606).
const RESERVED_DOMAINS: [&str; 3] = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS: [&str; 3] = ["invalid", "example", "test"];

/// Why a case's request body (as written, `${refs}` unresolved) breaks
/// the rules, if it does: contact data not written literally or not
/// reserved; a FortiToken given without `token_serial:
/// ${assignable_token_serial}`, or by a case that does not need that
/// fixture (`fixtures`).
pub fn at_load(body: &Value, fixtures: &[String]) -> Option<String> {
    objects(body).into_iter().find_map(|m| {
        contact(m, true).or_else(|| {
            let named = format!("${{{ASSIGNABLE_TOKEN}}}");
            let serial = m.get("token_serial").and_then(Value::as_str);
            if !assigns(m) || serial == Some(named.as_str()) && fixtures.iter().any(|f| f == ASSIGNABLE_TOKEN) {
                return None;
            }
            Some(format!(
                "a request that gives a FortiToken to a user gives the one the target file names: `token_serial: {named}`, with `fixtures: [{ASSIGNABLE_TOKEN}]` (a FortiToken of the appliance's own pool is a customer's licence, and giving it may send an activation message)"
            ))
        })
    })
}

/// Why a request body (its values resolved) must not be sent, if so:
/// contact data that could reach someone, or a FortiToken given that is
/// not `assignable` (the fixture's value, when the target file sets it).
pub fn at_send(body: &Value, assignable: Option<&str>) -> Option<String> {
    objects(body).into_iter().find_map(|m| {
        contact(m, false).or_else(|| {
            let serial = m.get("token_serial").and_then(Value::as_str);
            (assigns(m) && (assignable.is_none() || serial != assignable)).then(|| {
                format!(
                    "fortiprobe gives a user no FortiToken but the one `{ASSIGNABLE_TOKEN}` names in the target file, and this request gives {}",
                    serial.map_or("the appliance's choice".to_string(), |s| format!("`{s}`"))
                )
            })
        })
    })
}

/// The objects of a body: itself, or the elements of an array.
fn objects(body: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match body {
        Value::Object(m) => vec![m],
        Value::Array(a) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

/// Whether the object gives its user a FortiToken: a `token_serial` that
/// is not empty, or `token_auth: true` with a FortiToken type (`ftm`,
/// `ftk`) or none, for which the appliance takes the next available one.
fn assigns(m: &serde_json::Map<String, Value>) -> bool {
    let serial = m
        .get("token_serial")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let on = m.get("token_auth") == Some(&Value::Bool(true));
    let token_type = m.get("token_type").and_then(Value::as_str);
    !serial.is_empty() || on && matches!(token_type, None | Some("ftm" | "ftk"))
}

/// Contact data of the object that could reach someone; `literal`: a
/// `${ref}` in it is refused too (it is checked when the case loads).
fn contact(m: &serde_json::Map<String, Value>, literal: bool) -> Option<String> {
    for (field, v) in m {
        let Some(text) = v.as_str() else { continue };
        let email = EMAIL_FIELDS.contains(&field.as_str());
        let phone = PHONE_FIELDS.contains(&field.as_str());
        if !(email || phone) || text.is_empty() {
            continue;
        }
        if literal && text.contains("${") {
            return Some(format!(
                "`{field}` is written as it is sent, not from a `${{ref}}`, so that it can be seen to reach nobody"
            ));
        }
        if email && !reserved_email(text) {
            return Some(format!(
                "`{field}` `{text}` could reach someone: an address the suite writes is at a domain reserved for it (RFC 2606), e.g. fortiprobe@example.invalid"
            ));
        }
        if phone && !reserved_number(text) {
            return Some(format!(
                "`{field}` `{text}` could reach someone: a number the suite writes is one set aside for fiction (Ofcom: +44 7700 900000 to 900999; NANP: 555-0100 to 555-0199) or longer than 15 digits, e.g. +44-7700900123"
            ));
        }
    }
    None
}

/// Text without an `@` is no address; else its domain is reserved.
fn reserved_email(text: &str) -> bool {
    let Some((_, domain)) = text.rsplit_once('@') else {
        return true;
    };
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let tld = domain.rsplit('.').next().unwrap_or_default();
    RESERVED_TLDS.contains(&tld)
        || RESERVED_DOMAINS
            .iter()
            .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
}

/// A number no one answers: its digits in Ofcom's drama range (with the
/// country code or the national 0), NANP's fictional 555-01xx, or more
/// than E.164's 15 digits; text of no digit at all is no number.
fn reserved_number(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let nanp = digits.len() == 11 && digits.starts_with('1') && digits.get(4..9) == Some("55501");
    digits.is_empty()
        || digits.len() > 15
        || digits.len() == 12 && digits.starts_with("447700900")
        || digits.len() == 11 && digits.starts_with("07700900")
        || nanp
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn contact_data_must_reach_nobody() {
        for ok in [
            json!({"email": "fortiprobe@example.invalid", "mobile_number": "+44-7700900123"}),
            json!({"email": "a@b.example.com", "mobile_number": "+1-2025550123"}),
            json!({"email": "not-an-address", "phone_number": "11111111111111111111111111"}),
            json!({"mobile_number": "07700-900123", "email": ""}),
            json!([{"email": "x@test"}]),
        ] {
            assert_eq!(at_send(&ok, None), None, "{ok}");
            assert_eq!(at_load(&ok, &[]), None, "{ok}");
        }
        for bad in [
            json!({"email": "fortiprobe@example.co"}),
            json!({"email": "someone@fortinet.com"}),
            json!({"mobile_number": "+46-701234567"}),
            json!({"mobile_number": "+1-5551234"}),
            json!({"phone_number": "+44-7700901000"}),
        ] {
            assert!(at_send(&bad, None).is_some(), "{bad}");
            assert!(at_load(&bad, &[]).is_some(), "{bad}");
        }
        let e = at_load(&json!({"email": "${address}"}), &[]).unwrap();
        assert!(e.contains("not from a `${ref}`"), "{e}");
    }

    #[test]
    fn a_fortitoken_is_given_only_when_the_target_file_names_it() {
        let fixture = vec![ASSIGNABLE_TOKEN.to_string()];
        let named = json!({"token_auth": true, "token_type": "ftk", "token_serial": "${assignable_token_serial}"});
        assert_eq!(at_load(&named, &fixture), None);
        assert!(
            at_load(&named, &[]).is_some(),
            "the case must need the fixture"
        );
        for bad in [
            json!({"token_auth": true, "token_type": "ftm", "token_serial": "${serial}"}),
            json!({"token_auth": true, "token_type": "ftm"}),
            json!({"token_auth": true}),
            json!({"token_serial": "FTK000123"}),
        ] {
            assert!(at_load(&bad, &fixture).is_some(), "{bad}");
        }
        for fine in [
            json!({"token_auth": false, "token_serial": ""}),
            json!({"token_auth": true, "token_type": "email", "email": "a@example.invalid"}),
            json!({"username": "u"}),
        ] {
            assert_eq!(at_load(&fine, &[]), None, "{fine}");
            assert_eq!(at_send(&fine, None), None, "{fine}");
        }
        let sent = json!({"token_auth": true, "token_type": "ftk", "token_serial": "FTK0001"});
        assert_eq!(at_send(&sent, Some("FTK0001")), None);
        assert!(at_send(&sent, Some("FTK0002"))
            .unwrap()
            .contains("`FTK0001`"));
        assert!(at_send(&sent, None).is_some());
        let e = at_send(
            &json!({"token_auth": true, "token_type": "ftm"}),
            Some("FTK0001"),
        )
        .unwrap();
        assert!(e.contains("the appliance's choice"), "{e}");
    }
}
