//! Secrets never reach output: every secret the run knows (configured keys,
//! passwords, client secrets, tokens captured from answers) is registered
//! here, run through the table of encoders in `forms` (plain, upper and
//! lower case, hex, every common percent-encoding, HTML entities and
//! escaped text, JSON escapes, base64 at each byte offset, Basic headers),
//! and every text the run prints passes through `scrub`, which masks every
//! form it finds, overlapping ones included, ignoring ASCII case. Every
//! piece of 8 characters or more of a secret, forwards or reversed, is
//! masked too (`forms::pieces`).
//!
//! Ignoring ASCII case is done by lowering ASCII letters, in the forms once
//! and in each text scrubbed, and matching exactly: an automaton that folds
//! case itself costs about six times as much to build (one per secret).
//! Only ASCII letters are lowered, byte for byte, so every offset found in
//! the lowered text is the same offset in the original one, whatever
//! non-ASCII text surrounds a secret (Unicode lowering would not keep them:
//! `İ` becomes three bytes, `ẞ` two). Forms are kept when a secret is
//! registered and built into a matcher only when a text is next scrubbed,
//! together with every other secret registered since: a run that prints
//! nothing builds none, and the secrets a run registers at its start are
//! one build.
//!
//! Values of fields named `sn`, `token` and `access_token` in any answer are
//! registered the moment the answer arrives (`add_fields`), before any
//! excerpt of it is made.

pub mod forms;
#[cfg(test)]
mod proof;

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use aho_corasick::AhoCorasick;
use serde_json::Value;

pub const MASK: &str = "[redacted]";

/// Takes every known secret, in every form, out of a text (the run's
/// `Redactor`, or `NoSecrets`); `check` is handed one to redact excerpts
/// before it cuts them.
pub trait Scrub: Send + Sync {
    fn scrub(&self, text: &str) -> String;

    /// The start of `text` as `scrub` would show it, cut to at most `limit`
    /// bytes at a character boundary (redacted first, then cut); and
    /// whether anything was cut. The run's `Redactor` reads only as much
    /// of `text` as the cut needs.
    fn scrub_start(&self, text: &str, limit: usize) -> (String, bool) {
        cut(self.scrub(text), limit)
    }
}

/// A function from text to its scrubbed text (a test's, or a closure over
/// the run's redactor) scrubs as it says.
impl<F: Fn(&str) -> String + Send + Sync> Scrub for F {
    fn scrub(&self, text: &str) -> String {
        self(text)
    }
}

/// `text` cut to at most `limit` bytes at a character boundary; whether
/// anything was cut.
pub fn cut(mut text: String, limit: usize) -> (String, bool) {
    if text.len() <= limit {
        return (text, false);
    }
    text.truncate(floor(&text, limit));
    (text, true)
}

/// For checks made where no secret is known (tests, tools without a target).
pub struct NoSecrets;

impl Scrub for NoSecrets {
    fn scrub(&self, text: &str) -> String {
        text.to_string()
    }
}

/// A secret shorter than this is not registered: masking it would mask
/// ordinary text. Configured secrets are refused under 8 characters at
/// load (see `config`); this only concerns values a target hands out.
pub const SHORTEST_SECRET: usize = 4;

/// Fields whose values are secrets wherever they appear in an answer (or
/// in a request the suite sends): the FortiPortal API token, the FortiToken
/// Cloud access token, the serial number of a temporary token, and a
/// FortiAuthenticator RADIUS client's shared secret.
pub const SECRET_FIELDS: [&str; 4] = ["sn", "token", "access_token", "secret"];

#[derive(Debug, Default)]
pub struct Redactor {
    state: RwLock<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Secrets registered so far, with their Basic user (re-registering is free).
    known: std::collections::HashSet<(String, Option<String>)>,
    /// The forms of secrets registered since the last scrub, not yet in a
    /// matcher (`flush` builds them into one before any text is scrubbed).
    pending: Vec<forms::Form>,
    /// One matcher per batch of registered secrets, so that a new token
    /// costs one small build, not a rebuild of all.
    groups: Vec<Group>,
    /// The longest form registered, in bytes.
    longest: usize,
}

impl State {
    /// Builds the pending forms into one group; merges the groups into one
    /// past `MAX_GROUPS`. A group whose automaton cannot be built (past
    /// the crate's size limits) scans for its forms one by one instead, so
    /// no registered secret is ever left unmasked; a merge that cannot be
    /// built keeps the groups it would have replaced.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.groups
            .push(Group::new(std::mem::take(&mut self.pending)));
        if self.groups.len() > MAX_GROUPS {
            let all: Vec<forms::Form> = self.groups.iter().flat_map(|g| g.forms.clone()).collect();
            let merged = Group::new(all);
            if matches!(merged.finder, Finder::Automaton(_)) {
                self.groups = vec![merged];
            }
        }
    }
}

#[derive(Debug)]
struct Group {
    forms: Vec<forms::Form>,
    finder: Finder,
}

/// How a group finds its forms in ASCII-lowered text.
#[derive(Debug)]
enum Finder {
    Automaton(AhoCorasick),
    /// Each ASCII-lowered form looked for on its own, every occurrence
    /// (overlapping ones too): slower, for a group whose automaton could
    /// not be built.
    Scan(Vec<String>),
}

impl Group {
    fn new(forms: Vec<forms::Form>) -> Group {
        // An NFA: built in a fraction of a DFA's time (a group is built per
        // batch of tokens handed out), and fast enough for the texts
        // scrubbed. Case-sensitive, on ASCII-lowered forms (`scrub` lowers
        // the text likewise).
        let lowered = forms.iter().map(|f| f.text.to_ascii_lowercase());
        let finder = match AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(lowered.clone())
        {
            Ok(matcher) => Finder::Automaton(matcher),
            Err(_) => Finder::Scan(lowered.collect()),
        };
        Group { forms, finder }
    }

    /// Every occurrence in `lowered` of one of the group's forms, overlapping
    /// ones included: (form, start, end).
    fn find(&self, lowered: &str, found: &mut impl FnMut(usize, usize, usize)) {
        match &self.finder {
            Finder::Automaton(matcher) => {
                for m in matcher.find_overlapping_iter(lowered) {
                    found(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            Finder::Scan(forms) => {
                for (i, form) in forms.iter().enumerate() {
                    let form = form.as_bytes();
                    if form.is_empty() {
                        continue;
                    }
                    for (start, window) in lowered.as_bytes().windows(form.len()).enumerate() {
                        if window == form {
                            found(i, start, start + form.len());
                        }
                    }
                }
            }
        }
    }
}

/// Past this many groups, they are merged into one (amortised rebuilds).
const MAX_GROUPS: usize = 16;

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// The secrets so far; a panic elsewhere while they were being added
    /// does not lose them (a poisoned lock is taken over, never ignored:
    /// every secret registered before is still masked).
    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a secret; `user` is the account name it pairs with in a
    /// Basic header, when there is one.
    pub fn add(&self, secret: &str, user: Option<&str>) {
        if secret.chars().count() < SHORTEST_SECRET {
            return;
        }
        let key = (secret.to_string(), user.map(str::to_string));
        if self.read().known.contains(&key) {
            return;
        }
        let mut all = forms::forms(secret, user);
        all.extend(forms::pieces(secret));
        let mut state = self.write();
        if state.known.insert(key) {
            let longest = all.iter().map(|f| f.text.len()).max().unwrap_or(0);
            state.longest = state.longest.max(longest);
            state.pending.extend(all);
        }
    }

    /// Registers the string value of every `sn`, `token` and
    /// `access_token` field, at any depth of `doc`.
    pub fn add_fields(&self, doc: &Value) {
        match doc {
            Value::Object(m) => {
                for (k, v) in m {
                    match v {
                        Value::String(s) if SECRET_FIELDS.contains(&k.as_str()) => {
                            self.add(s, None)
                        }
                        other => self.add_fields(other),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| self.add_fields(x)),
            _ => {}
        }
    }

    pub fn scrub(&self, text: &str) -> String {
        self.masked(|state| mask(state, text))
    }

    /// `f` of the state with every secret registered so far built into a
    /// matcher.
    fn masked<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        let state = self.read();
        if state.pending.is_empty() {
            return f(&state);
        }
        drop(state);
        let mut state = self.write();
        state.flush();
        f(&state)
    }
}

/// `text` with every form `state`'s groups find masked.
fn mask(state: &State, text: &str) -> String {
    if state.groups.is_empty() {
        return text.to_string();
    }
    render(text, &spans(state, text), text.len(), usize::MAX)
}

/// What `mask` then `cut` give, reading only the start of `text`: a window
/// of it is masked, and only what comes before its last `margin` bytes is
/// kept (a form that starts there lies whole in the window, widened
/// included), so the kept text is exactly the start of the whole text's
/// masking; the window doubles until that start reaches `limit` bytes.
fn mask_start(state: &State, text: &str, limit: usize) -> (String, bool) {
    if state.groups.is_empty() {
        return (text[..floor(text, limit)].to_string(), text.len() > limit);
    }
    // A form, the base64 character widened on each side, and room for
    // the padding and a character boundary.
    let margin = state.longest + 8;
    let mut window = limit.saturating_add(2 * margin);
    while window < text.len() {
        let head = &text[..floor(text, window)];
        let sure = floor(text, head.len() - margin);
        let out = render(head, &spans(state, head), sure, limit);
        if out.len() > limit {
            return (cut(out, limit).0, true);
        }
        window = window.saturating_mul(2);
    }
    cut(mask(state, text), limit)
}

/// `text[..upto]` with `spans` masked (a span that starts before `upto`
/// is masked whole, wherever it ends), stopping once the result is past
/// `limit` bytes.
fn render(text: &str, spans: &[(usize, usize)], upto: usize, limit: usize) -> String {
    let mut out = String::with_capacity(upto.min(limit.saturating_add(MASK.len())));
    let mut at = 0;
    for &(start, end) in spans {
        if start >= upto || out.len() > limit {
            break;
        }
        out.push_str(&text[at..start]);
        out.push_str(MASK);
        at = end;
    }
    if at < upto && out.len() <= limit {
        out.push_str(&text[at..upto]);
    }
    out
}

/// Where `state`'s forms are in `text`: byte ranges on character
/// boundaries, sorted, overlapping ones merged.
fn spans(state: &State, text: &str) -> Vec<(usize, usize)> {
    // Same length, same offsets: only ASCII letters change.
    let lowered = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for g in &state.groups {
        g.find(&lowered, &mut |form, mut start, mut end| {
            if g.forms.get(form).is_some_and(|f| f.widen) {
                // The base64 characters next to the form carry a few
                // bits of the secret mixed with its neighbours; so
                // does padding.
                if start > 0 && is_b64(bytes[start - 1]) {
                    start -= 1;
                }
                if end < bytes.len() && is_b64(bytes[end]) {
                    end += 1;
                }
                while end < bytes.len() && bytes[end] == b'=' {
                    end += 1;
                }
            }
            spans.push((start, end));
        });
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        let (start, end) = (floor(text, start), ceil(text, end));
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

impl Scrub for Redactor {
    fn scrub(&self, text: &str) -> String {
        Redactor::scrub(self, text)
    }

    fn scrub_start(&self, text: &str, limit: usize) -> (String, bool) {
        self.masked(|state| mask_start(state, text, limit))
    }
}

fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn masks_every_form() {
        let r = Redactor::new();
        r.add("p@ss w/rd+1", Some("admin"));
        let b64 = base64::engine::general_purpose::STANDARD.encode("admin:p@ss w/rd+1");
        let text = format!(
            "plain p@ss w/rd+1, url p%40ss%20w%2Frd%2B1, form p%40ss+w%2Frd%2B1, basic {b64}, upper P@SS W/RD+1, lower hex p%40ss%20w%2frd%2b1"
        );
        let out = r.scrub(&text);
        assert!(!out.contains("p@ss"), "{out}");
        assert!(!out.to_lowercase().contains("p%40ss"), "{out}");
        assert!(!out.contains(&b64), "{out}");
        assert_eq!(out.matches(MASK).count(), 6, "{out}");
    }

    #[test]
    fn overlapping_secrets_are_masked_together() {
        let r = Redactor::new();
        r.add("xxxxyyyy", None);
        r.add("yyyyzzzz", None);
        assert_eq!(r.scrub("a xxxxyyyyzzzz b"), "a [redacted] b");
    }

    #[test]
    fn base64_inside_a_longer_text_is_masked_with_its_edges() {
        let r = Redactor::new();
        r.add("0123456789-secret", None);
        let b64 = base64::engine::general_purpose::STANDARD;
        for k in 0..3 {
            let mut bytes = b"\xff\xfe"[..k].to_vec();
            bytes.extend_from_slice(b"0123456789-secret\xfd");
            let text = format!("<{}>", b64.encode(&bytes));
            let out = r.scrub(&text);
            // Only characters that depend on the bytes around it remain:
            // at most k before (the prefix), at most 3 after (one byte and padding).
            let (before, after) = out.split_once(MASK).expect(&out);
            assert!(before.len() <= 1 + k, "{k}: {out}");
            assert!(after.len() <= 1 + 3, "{k}: {out}");
        }
    }

    #[test]
    fn secret_fields_are_registered_at_any_depth() {
        let r = Redactor::new();
        r.add_fields(&serde_json::json!({"a": [{"sn": "SN-0001-xyz"}], "token": "tok-abcdef", "access_token": 5, "other": "plainvalue"}));
        assert_eq!(
            r.scrub("SN-0001-xyz tok-abcdef plainvalue"),
            "[redacted] [redacted] plainvalue"
        );
    }

    #[test]
    fn a_secret_masks_its_pieces_so_a_word_it_shares_them_with_goes_too() {
        // Why the target file refuses a secret that shares 8 characters
        // with a field name (`config::checks::secret`): the name would go.
        let r = Redactor::new();
        r.add("password1", Some("admin"));
        assert_eq!(
            r.scrub(r#"{"password": "password1", "username": "admin"}"#),
            r#"{"[redacted]": "[redacted]", "username": "admin"}"#
        );
    }

    #[test]
    fn every_piece_of_eight_or_more_is_masked_in_any_case_and_reversed() {
        let r = Redactor::new();
        let secret = "Qx7-bN2k+Lm9PzR4vT";
        r.add(secret, None);
        let reversed: String = secret.chars().rev().collect();
        for shown in [
            &secret[1..],
            &secret[..17],
            &secret[5..13],
            &secret.to_lowercase()[2..12],
            &reversed,
            &reversed.to_uppercase()[3..11],
        ] {
            let out = r.scrub(&format!("echo: {shown} end"));
            assert_eq!(out, "echo: [redacted] end", "{shown}");
        }
        // Seven characters are not a piece.
        assert_eq!(r.scrub("x Qx7-bN2 x"), "x Qx7-bN2 x");
        // A secret of exactly eight, reversed, is a piece reversed.
        r.add("Zy8-wV3u", None);
        assert_eq!(r.scrub("echo: u3Vw-8yZ end"), "echo: [redacted] end");
    }

    #[test]
    fn a_group_without_an_automaton_masks_what_one_with_it_masks() {
        // A group whose automaton cannot be built scans instead: the same
        // spans, so a secret is never dropped for want of an automaton.
        let secret = "Kq4-Vw9+zX:2 mP";
        let mut all = forms::forms(secret, Some("ops-admin"));
        all.extend(forms::pieces(secret));
        let lowered = all.iter().map(|f| f.text.to_ascii_lowercase()).collect();
        let scan = Group {
            forms: all.clone(),
            finder: Finder::Scan(lowered),
        };
        let automaton = Group::new(all);
        assert!(matches!(automaton.finder, Finder::Automaton(_)));
        let with = State {
            groups: vec![automaton],
            ..State::default()
        };
        let without = State {
            groups: vec![scan],
            ..State::default()
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode("ops-admin:Kq4-Vw9+zX:2 mP");
        for text in [
            "x Kq4-Vw9+zX:2 mP y".to_string(),
            format!("Authorization: Basic {b64}=="),
            "kq4%2dvw9%2bzx%3a2%20mp and PM 2:XZ+9WV-4QK".to_string(),
            "ééKQ4-VW9+ZX:2 MPKq4-Vw9+zX:2 mP İ".to_string(),
            "nothing here".to_string(),
        ] {
            let masked = mask(&without, &text);
            assert_eq!(masked, mask(&with, &text), "{text}");
            assert!(!masked.to_ascii_lowercase().contains("vw9"), "{masked}");
        }
    }

    #[test]
    fn short_values_are_not_registered() {
        let r = Redactor::new();
        r.add("abc", None);
        assert_eq!(r.scrub("abc abcd"), "abc abcd");
    }
}
