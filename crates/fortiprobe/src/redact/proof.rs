//! The proof that matching on ASCII-lowered text masks what the
//! case-folding automaton masked: `Before` is the redactor as it was
//! (one ASCII-case-insensitive automaton per secret, run over the text
//! itself), and generated secrets, shown in every form and piece, in mixed
//! case, among text whose Unicode lowering changes byte lengths, must come
//! out of both exactly alike, with no piece of a secret left.

use aho_corasick::AhoCorasick;
use base64::Engine as _;
use proptest::prelude::*;

use super::{forms, Redactor, MASK, SHORTEST_SECRET};

/// The redactor of f6b202d, kept as the reference.
struct Before {
    groups: Vec<(Vec<forms::Form>, AhoCorasick)>,
}

impl Before {
    fn new() -> Before {
        Before { groups: Vec::new() }
    }

    fn add(&mut self, secret: &str, user: Option<&str>) {
        if secret.chars().count() < SHORTEST_SECRET {
            return;
        }
        let mut all = forms::forms(secret, user);
        all.extend(forms::pieces(secret));
        let matcher = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .ascii_case_insensitive(true)
            .build(all.iter().map(|f| f.text.as_str()))
            .expect("the reference automaton builds");
        self.groups.push((all, matcher));
    }

    fn scrub(&self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (forms, matcher) in &self.groups {
            for m in matcher.find_overlapping_iter(text) {
                let (mut start, mut end) = (m.start(), m.end());
                if forms[m.pattern().as_usize()].widen {
                    if start > 0 && super::is_b64(bytes[start - 1]) {
                        start -= 1;
                    }
                    if end < bytes.len() && super::is_b64(bytes[end]) {
                        end += 1;
                    }
                    while end < bytes.len() && bytes[end] == b'=' {
                        end += 1;
                    }
                }
                spans.push((start, end));
            }
        }
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (start, end) in spans {
            let (start, end) = (super::floor(text, start), super::ceil(text, end));
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let mut out = String::new();
        let mut at = 0;
        for (start, end) in merged {
            out.push_str(&text[at..start]);
            out.push_str(MASK);
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Characters secrets and the text around them are made of: ASCII of
/// every class, and non-ASCII whose case mapping changes byte length
/// (`İ` lowers to three bytes, `ẞ` to two, the Kelvin sign to one ASCII
/// `k`, `ß` uppers to `SS`, `ı` uppers to ASCII `I`).
const ALPHABET: &[char] = &[
    'a', 'b', 'k', 'q', 's', 'z', 'A', 'K', 'S', 'Z', '0', '7', '9', '-', '_', '+', '/', '=', '@',
    '!', '~', ' ', '%', '&', '"', '\'', '<', '>', '\\', ':', '.', 'é', 'É', 'İ', 'ẞ', 'ß', 'ı',
    '\u{212a}', '€', '😀',
];

fn text_of(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), len).prop_map(|v| v.into_iter().collect())
}

/// How the secret is shown in the text.
#[derive(Debug, Clone)]
enum Shown {
    /// One of its registered forms (every encoding), by index.
    Form(usize),
    /// Whole, upper-cased, lower-cased, reversed (Unicode case mapping).
    Whole(u8),
    /// A piece of `len` characters from `at`, plain, reversed, upper or lower.
    Piece { at: usize, len: usize, how: u8 },
    /// Base64 of the secret between `k` bytes before and `tail` after.
    Inside { k: usize, tail: usize, url: bool },
}

fn shown() -> impl Strategy<Value = Shown> {
    prop_oneof![
        (0usize..400).prop_map(Shown::Form),
        (0u8..4).prop_map(Shown::Whole),
        (0usize..40, 8usize..20, 0u8..4).prop_map(|(at, len, how)| Shown::Piece { at, len, how }),
        (0usize..3, 0usize..3, any::<bool>()).prop_map(|(k, tail, url)| Shown::Inside {
            k,
            tail,
            url
        }),
    ]
}

fn recase(s: &str, how: u8) -> String {
    match how {
        0 => s.to_string(),
        1 => s.to_uppercase(),
        2 => s.to_lowercase(),
        _ => s.chars().rev().collect(),
    }
}

/// The text `shown` makes of `secret`.
fn show(secret: &str, user: Option<&str>, shown: &Shown) -> String {
    match *shown {
        Shown::Form(i) => {
            let all = forms::forms(secret, user);
            all[i % all.len()].text.clone()
        }
        Shown::Whole(how) => recase(secret, how),
        Shown::Piece { at, len, how } => {
            let chars: Vec<char> = secret.chars().collect();
            let len = len.min(chars.len());
            let at = at % (chars.len() - len + 1);
            recase(&chars[at..at + len].iter().collect::<String>(), how)
        }
        Shown::Inside { k, tail, url } => {
            let mut bytes = b"\xfa\xfb\xfc"[..k].to_vec();
            bytes.extend_from_slice(secret.as_bytes());
            bytes.extend_from_slice(&b"\xfd\xfe\xff"[..tail]);
            let e = if url {
                base64::engine::general_purpose::URL_SAFE
            } else {
                base64::engine::general_purpose::STANDARD
            };
            e.encode(bytes)
        }
    }
}

/// Every piece of `PIECE` characters of `secret` (the whole of a shorter
/// one), as is and in each Unicode case; reversed too when it has
/// `PIECE` characters or more (`forms::pieces`).
fn pieces_of(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    let reversed: Vec<char> = chars.iter().rev().copied().collect();
    let runs = if chars.len() >= forms::PIECE {
        vec![&chars, &reversed]
    } else {
        vec![&chars]
    };
    let mut out = Vec::new();
    for run in runs {
        for w in run.windows(forms::PIECE.min(run.len())) {
            let w: String = w.iter().collect();
            out.extend([w.to_lowercase(), w.to_uppercase(), w]);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 160,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7265_6461_6374),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn lowered_matching_masks_what_case_folding_masked_and_no_piece_is_left(
        secrets in prop::collection::vec((text_of(4..=28), prop::option::of("[a-z]{3,8}")), 1..=3),
        which in any::<prop::sample::Index>(),
        how in shown(),
        flips in prop::collection::vec(any::<bool>(), 0..120),
        before in text_of(0..=6),
        after in text_of(0..=6),
    ) {
        let (new, mut old) = (Redactor::new(), Before::new());
        for (s, u) in &secrets {
            new.add(s, u.as_deref());
            old.add(s, u.as_deref());
        }
        let (secret, user) = which.get(&secrets);
        let mut flips = flips.into_iter().cycle();
        // Mixed case: ASCII letters flipped one by one.
        let shown: String = show(secret, user.as_deref(), &how)
            .chars()
            .map(|c| match flips.next() {
                Some(true) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
                Some(true) if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
                _ => c,
            })
            .collect();
        let text = format!("İẞ{before}{shown}{after}ẞİ");
        let out = new.scrub(&text);
        prop_assert_eq!(&out, &old.scrub(&text), "text {:?}", text);
        // A second scrub (the matcher built now) says the same.
        prop_assert_eq!(&new.scrub(&text), &out);
        let seen = out.replace(MASK, "\u{0}").to_ascii_lowercase();
        if secret.chars().count() >= SHORTEST_SECRET {
            for piece in pieces_of(secret) {
                prop_assert!(
                    !seen.contains(&piece.to_ascii_lowercase()),
                    "{:?} of {:?} left in {:?} (text {:?})", piece, secret, out, text
                );
            }
            // Whole in any form; reversed, when a piece long or longer.
            let reversed_short = matches!(how, Shown::Whole(3)) && secret.chars().count() < forms::PIECE;
            if matches!(how, Shown::Form(_) | Shown::Whole(_)) && !reversed_short {
                prop_assert!(
                    !seen.contains(&shown.to_ascii_lowercase()),
                    "{:?} left in {:?}", shown, out
                );
            }
        }
    }
}

#[test]
fn offsets_are_exact_around_text_whose_lowering_changes_length() {
    let r = Redactor::new();
    r.add("Kx9-İẞß-secret", None);
    for around in ["İ", "ẞ", "\u{212a}", "İİẞẞ", "ßSS", "😀"] {
        for shown in [
            "Kx9-İẞß-secret",
            "kX9-İẞß-SECRET",
            "KX9-İẞSS-SECRET",
            "kx9-i\u{307}ßß-secret",
        ] {
            let text = format!("{around}a {shown} b{around}");
            assert_eq!(
                r.scrub(&text),
                format!("{around}a {MASK} b{around}"),
                "{text}"
            );
        }
    }
}

#[test]
fn a_secret_registered_after_a_scrub_is_masked_and_groups_merge() {
    let r = Redactor::new();
    let secret = |i: usize| format!("tok-{i:03}-qwerty");
    for i in 0..3 * super::MAX_GROUPS {
        r.add(&secret(i), None);
        // Every one registered so far, the newest included.
        for j in [0, i / 2, i] {
            assert_eq!(r.scrub(&secret(j)), MASK, "{i}, {j}");
        }
    }
    assert!(r.read().groups.len() <= super::MAX_GROUPS + 1);
    assert!(r.read().pending.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6375_7420_6669_7273),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Reading only the start of a long text (`scrub_start`) shows exactly
    /// what scrubbing the whole text and cutting it would: secrets in any
    /// form at any distance from the cut, runs of them that merge past the
    /// window, padding after base64, text whose lowering changes length.
    #[test]
    fn the_start_of_a_text_is_what_the_whole_text_scrubbed_and_cut_shows(
        secrets in prop::collection::vec((text_of(4..=28), prop::option::of("[a-z]{3,8}")), 1..=3),
        parts in prop::collection::vec(
            (any::<prop::sample::Index>(), shown(), text_of(0..=40), 0usize..3),
            0..=40,
        ),
        limit in 0usize..300,
    ) {
        let r = Redactor::new();
        for (s, u) in &secrets {
            r.add(s, u.as_deref());
        }
        let mut text = String::from("İ");
        for (which, how, between, padding) in &parts {
            let (secret, user) = which.get(&secrets);
            text.push_str(&show(secret, user.as_deref(), how));
            text.push_str(&"=".repeat(*padding));
            text.push_str(between);
        }
        let whole = super::cut(r.scrub(&text), limit);
        prop_assert_eq!(super::Scrub::scrub_start(&r, &text, limit), whole, "text {:?}", text);
    }
}

#[test]
fn the_start_of_a_long_text_is_read_without_the_rest() {
    // A body of a few megabytes shown to 4 KiB: the same text as the whole
    // scrubbed and cut, with a secret across the cut masked whole.
    let r = Redactor::new();
    r.add("Pw7-Lq2+Zx9!Kv", Some("ops"));
    let mut text = "x".repeat(4090);
    text.push_str("Pw7-Lq2+Zx9!Kv");
    text.push_str(&"y".repeat(3_000_000));
    let (start, cut) = super::Scrub::scrub_start(&r, &text, 4096);
    assert!(cut);
    assert_eq!(start, format!("{}{MASK}", "x".repeat(4090))[..4096]);
    assert_eq!((start, cut), super::cut(r.scrub(&text), 4096));
}
