//! Excerpts of what a target answered, for findings. The whole text is
//! scrubbed of secrets first and only then shortened, so a secret that
//! straddles the cut is never printed in part. `check` stays pure: the
//! scrubber is handed in (the run's `Redactor`, or `NoSecrets`).

pub use crate::redact::{NoSecrets, Scrub};

/// `text` scrubbed whole, then cut to `max` characters; `true` when cut.
pub fn cut(text: &str, max: usize, scrub: &dyn Scrub) -> (String, bool) {
    let clean = scrub.scrub(text);
    match clean.char_indices().nth(max) {
        Some((at, _)) => (clean[..at].to_string(), true),
        None => (clean, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Mask(&'static str);
    impl Scrub for Mask {
        fn scrub(&self, text: &str) -> String {
            text.replace(self.0, "[redacted]")
        }
    }

    #[test]
    fn a_secret_across_the_cut_is_masked_whole() {
        let secret = "0123456789abcdefSECRET";
        let text = format!("{}{secret} after", ".".repeat(110));
        let (out, more) = cut(&text, 120, &Mask(secret));
        assert!(more);
        assert!(out.ends_with("[redacted]"), "{out}");
        for w in secret.as_bytes().windows(8) {
            assert!(!out.contains(std::str::from_utf8(w).unwrap()), "{out}");
        }
        // Cut after scrubbing: the same text without a scrubber shows the head.
        let (raw, _) = cut(&text, 120, &NoSecrets);
        assert!(raw.ends_with("0123456789"), "{raw}");
    }

    #[test]
    fn cuts_on_characters_not_bytes() {
        assert_eq!(cut("ééé", 2, &NoSecrets), ("éé".to_string(), true));
        assert_eq!(cut("éé", 2, &NoSecrets), ("éé".to_string(), false));
    }
}
