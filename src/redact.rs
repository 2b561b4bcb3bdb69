//! Secrets never reach output: every secret the run knows (configured keys,
//! passwords, client secrets, tokens captured from answers) is registered
//! here in each form it can travel in (plain, Basic-header base64, URL- and
//! JSON-encoded), and every text the run prints passes through `scrub`.

use std::sync::RwLock;

use base64::Engine as _;

pub const MASK: &str = "[redacted]";

#[derive(Debug, Default)]
pub struct Redactor {
    forms: RwLock<Vec<String>>,
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Registers a secret; `user` is the account name it pairs with in a
    /// Basic header, when there is one.
    pub fn add(&self, secret: &str, user: Option<&str>) {
        if secret.len() < 4 {
            // Too short to mask without mangling ordinary text; such a secret is weak anyway.
            return;
        }
        let mut forms = vec![secret.to_string()];
        let url = percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        forms.push(url);
        let form = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>();
        forms.push(form);
        if let Ok(json) = serde_json::to_string(secret) {
            forms.push(json.trim_matches('"').to_string());
        }
        let b64 = base64::engine::general_purpose::STANDARD;
        forms.push(b64.encode(secret));
        if let Some(u) = user {
            forms.push(b64.encode(format!("{u}:{secret}")));
        }
        let Ok(mut list) = self.forms.write() else {
            return;
        };
        for f in forms {
            if !list.contains(&f) {
                list.push(f);
            }
        }
        // Longest first, so a form that contains another is masked whole.
        list.sort_by_key(|f| std::cmp::Reverse(f.len()));
    }

    pub fn scrub(&self, text: &str) -> String {
        let Ok(list) = self.forms.read() else {
            return "[output withheld: secret list unavailable]".into();
        };
        let mut out = text.to_string();
        for f in list.iter() {
            if out.contains(f.as_str()) {
                out = out.replace(f.as_str(), MASK);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_form() {
        let r = Redactor::new();
        r.add("p@ss w/rd+1", Some("admin"));
        let b64 = base64::engine::general_purpose::STANDARD.encode("admin:p@ss w/rd+1");
        let text = format!(
            "plain p@ss w/rd+1, url p%40ss%20w%2Frd%2B1, form p%40ss+w%2Frd%2B1, basic {b64}"
        );
        let out = r.scrub(&text);
        assert!(!out.contains("p@ss"), "{out}");
        assert!(!out.contains("p%40ss"), "{out}");
        assert!(!out.contains(&b64), "{out}");
        assert_eq!(out.matches(MASK).count(), 4, "{out}");
    }
}
