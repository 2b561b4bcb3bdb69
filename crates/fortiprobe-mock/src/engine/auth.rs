//! FortiAuthenticator's API authentication: HTTP Basic with an
//! administrator's name and API key [doc], on every resource but the index
//! (tastypie's `Api.top_level` asks for none), bent by the three
//! authentication faults.

use axum::http::HeaderMap;
use base64::Engine;

use crate::faults::kind::Fault;
use crate::{reply, MockState};

/// Whether the request carries the right `username:api_key`.
pub(crate) fn authorized(state: &MockState, headers: &HeaderMap) -> bool {
    let Some((scheme, encoded)) = reply::authorization(headers) else {
        return state.has(Fault::FacNoAuthAccepted);
    };
    if scheme != "basic" {
        return false;
    }
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.as_bytes()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    let creds = state.creds();
    match text.split_once(':') {
        Some(_) if state.has(Fault::FacAnyUserAccepted) => true,
        Some((user, _)) if state.has(Fault::FacWrongKeyAccepted) => user == creds.fac_username,
        Some((user, key)) => user == creds.fac_username && key == creds.fac_api_key,
        None => false,
    }
}
