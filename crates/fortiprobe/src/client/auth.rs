//! Credentials on the wire, as each product's description says
//! (`product::AuthScheme`): HTTP Basic, a bearer token from a login
//! exchange made once per run, or none (the cases send their own token).
//! Wrong credentials for the refusal cases are made here too: a wrong key
//! for the configured user (one attempt per run, see the lockout rule), a
//! user name that does not exist, a token that was never issued.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::http::Outgoing;
use super::link::join_link;
use super::observe::Part;
use super::Session;
use crate::product::AuthScheme;
use crate::suite::case::Auth;

impl Session {
    /// The `Authorization` header (if any) for a request of `part` (made
    /// with its credentials); a login it needs is sent for `part`.
    pub async fn auth_headers(&self, part: &Part<'_>) -> Result<Vec<(String, String)>, String> {
        let auth = part.auth;
        let d = self.product.describe();
        let cred = |k: &str| self.target.credential(k).unwrap_or_default().to_string();
        let basic = |user: &str, secret: &str| {
            let b64 = base64::engine::general_purpose::STANDARD;
            format!("Basic {}", b64.encode(format!("{user}:{secret}")))
        };
        let value = match (d.auth, auth) {
            (_, Auth::None) => None,
            (AuthScheme::Basic, Auth::Default) => Some(basic(&cred(d.user), &cred(d.secret))),
            (AuthScheme::Basic, Auth::WrongKey) => Some(basic(
                &cred(d.user),
                &format!("fortiprobe-wrong-key-{}", nonce()),
            )),
            (AuthScheme::Basic, Auth::UnknownUser) => Some(basic(
                &format!("fortiprobe-no-such-user-{}", nonce()),
                "fortiprobe-wrong-key",
            )),
            (AuthScheme::BearerLogin(_), Auth::Default) => Some(format!(
                "Bearer {}",
                self.bearer(part)
                    .await
                    .map_err(|e| format!("bearer token: {e}"))?
            )),
            (AuthScheme::BearerLogin(_), _) => {
                Some(format!("Bearer fortiprobe-never-issued-{}", nonce()))
            }
            (AuthScheme::CaseToken { .. }, Auth::Default) => None,
            (AuthScheme::CaseToken { scheme }, _) => {
                Some(format!("{scheme} {}{}", "0".repeat(48), &nonce()[..16]))
            }
        };
        Ok(value
            .map(|v| ("Authorization".to_string(), v))
            .into_iter()
            .collect())
    }

    /// The bearer token of a product that logs in (FortiToken Cloud):
    /// one login per run, its token registered as a secret.
    async fn bearer(&self, part: &Part<'_>) -> Result<String, String> {
        self.bearer.get_or_init(|| self.login(part)).await.clone()
    }

    async fn login(&self, part: &Part<'_>) -> Result<String, String> {
        let d = self.product.describe();
        let AuthScheme::BearerLogin(l) = d.auth else {
            return Err(format!("{} has no login exchange", d.title));
        };
        let mut body = Map::new();
        for (field, cred) in [(l.id_field, d.user), (l.secret_field, d.secret)] {
            let value = self.target.credential(cred).unwrap_or_default();
            body.insert(field.to_string(), Value::from(value));
        }
        let url = join_link(&self.target.url, l.path)?;
        let ex = self
            .send_login(
                Outgoing {
                    method: "POST",
                    url,
                    headers: vec![("Content-Type".into(), "application/json".into())],
                    body: serde_json::to_vec(&body).ok(),
                },
                part,
            )
            .await
            .map_err(|e| format!("login to {} failed: {e}", d.title))?;
        if let Ok(doc) = ex.json_ref() {
            self.redactor.add_fields(doc);
        }
        let token = ex
            .json_ref()
            .ok()
            .and_then(|v| v.get(l.token_field))
            .and_then(Value::as_str)
            .map(str::to_string);
        match (ex.status, token) {
            (s, Some(t)) if s == l.status => {
                self.redactor.add(&t, None);
                Ok(t)
            }
            (s, _) => Err(format!(
                "login to {} (POST {}) answered {s} without an {}, {}",
                d.title,
                l.path,
                l.token_field,
                crate::check::describe_body(&ex.body, &*self.redactor)
            )),
        }
    }
}

fn nonce() -> String {
    let n: u64 = rand::random();
    format!("{n:016x}")
}
