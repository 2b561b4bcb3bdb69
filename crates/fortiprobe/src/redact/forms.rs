//! The table of encoders: every form a secret can travel in, made once
//! when the secret is registered. Each row names an encoding and makes its
//! forms; `forms` runs a secret through every row. Base64 forms are
//! marked `widen`: where one is found, the base64 characters right next to
//! it (which carry a few bits of the secret mixed with its neighbours) are
//! masked too.

use base64::Engine as _;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// One form of a secret as it may appear in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub text: String,
    /// A base64 form: mask the base64 characters on either side as well.
    pub widen: bool,
}

/// A row of the table: a name (for docs and tests) and the forms it makes
/// of a secret (`user` is the account a Basic header pairs it with).
pub struct Encoder {
    pub name: &'static str,
    pub make: fn(secret: &str, user: Option<&str>) -> Vec<String>,
    pub widen: bool,
}

/// RFC 3986: unreserved characters (`-._~`) stay.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// JavaScript's encodeURIComponent: also `!'()*` stay.
const URI_COMPONENT: &AsciiSet = &RFC3986
    .remove(b'!')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*');
/// WHATWG path (what a URL parser escapes in a path).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');
/// WHATWG query (what a URL parser escapes in a query).
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'\'');

/// Every row. Matching is ASCII case-insensitive, so `%2f` and `%2F`,
/// `&#x2F;` and `&#X2f;`, `\u00e9` and `\u00E9` are one form each here.
pub const ENCODERS: &[Encoder] = &[
    Encoder {
        name: "plain, upper case, lower case",
        make: |s, _| vec![s.into(), s.to_uppercase(), s.to_lowercase()],
        widen: false,
    },
    Encoder {
        name: "hex of the UTF-8 bytes",
        make: |s, _| vec![hex(s)],
        widen: false,
    },
    Encoder {
        name: "percent-encoding: every byte, all but alphanumerics, RFC 3986 (`-._~` stay), encodeURIComponent, WHATWG path and query",
        make: |s, _| {
            let enc = |set: &'static AsciiSet| {
                percent_encoding::utf8_percent_encode(s, set).to_string()
            };
            vec![
                every_byte(s),
                enc(NON_ALPHANUMERIC),
                enc(RFC3986),
                enc(URI_COMPONENT),
                enc(PATH),
                enc(QUERY),
            ]
        },
        widen: false,
    },
    Encoder {
        name: "form encoding (space as +)",
        make: |s, _| vec![url::form_urlencoded::byte_serialize(s.as_bytes()).collect()],
        widen: false,
    },
    Encoder {
        name: "HTML-escaped text (&<>\"' with each common entity for quotes), named entities, decimal and hex character references",
        make: |s, _| {
            let mut out = Vec::new();
            for (dq, sq) in [
                ("&quot;", "&#39;"),
                ("&quot;", "&#x27;"),
                ("&quot;", "&apos;"),
                ("&#34;", "&#39;"),
                ("\"", "'"),
            ] {
                out.push(html_escape(s, dq, sq));
            }
            out.push(
                s.chars()
                    .map(|c| html_name(c).map_or(c.to_string(), |n| format!("&{n};")))
                    .collect(),
            );
            out.push(s.chars().map(|c| format!("&#{};", c as u32)).collect());
            out.push(s.chars().map(|c| format!("&#x{:x};", c as u32)).collect());
            out
        },
        widen: false,
    },
    Encoder {
        name: "JSON string: escaped as serde does, with `\\/`, ASCII-only (`\\uXXXX` beyond ASCII), and every character as `\\uXXXX`",
        make: |s, _| {
            let json = json_escape(s);
            let ascii: String = json
                .chars()
                .map(|c| if c.is_ascii() { c.to_string() } else { u_escape(c) })
                .collect();
            vec![
                json.replace('/', "\\/"),
                json,
                ascii,
                s.chars().map(u_escape).collect(),
            ]
        },
        widen: false,
    },
    Encoder {
        name: "the secret with its HTML references and JSON escapes decoded (what XML or JSON output would encode back into the secret)",
        make: |s, _| vec![html_decode(s), json_decode(s)],
        widen: false,
    },
    Encoder {
        name: "base64 and base64url, with and without padding",
        make: |s, _| {
            use base64::engine::general_purpose as e;
            vec![
                e::STANDARD.encode(s),
                e::STANDARD_NO_PAD.encode(s),
                e::URL_SAFE.encode(s),
                e::URL_SAFE_NO_PAD.encode(s),
            ]
        },
        widen: true,
    },
    Encoder {
        name: "base64 and base64url of the secret inside a longer base64 text, at each of the three byte offsets",
        make: |s, _| {
            use base64::engine::general_purpose as e;
            let mut out = Vec::new();
            for k in 0..3 {
                out.push(inside(&e::STANDARD, s, k));
                out.push(inside(&e::URL_SAFE, s, k));
            }
            out
        },
        widen: true,
    },
    Encoder {
        name: "base64 of `user:secret` (a Basic header)",
        make: |s, user| {
            use base64::engine::general_purpose as e;
            user.map(|u| {
                let pair = format!("{u}:{s}");
                vec![e::STANDARD.encode(&pair), e::URL_SAFE.encode(&pair)]
            })
            .unwrap_or_default()
        },
        widen: true,
    },
];

/// A form shorter than this is not kept: it would mask ordinary text and
/// says next to nothing of the secret.
pub const SHORTEST_FORM: usize = 4;

/// A piece of a secret this long or longer is masked wherever it appears
/// (`pieces`): a target that echoes all but one character of a secret,
/// or the secret reversed, shows none of it.
pub const PIECE: usize = 8;

/// Every `PIECE` consecutive characters of `secret`, and of `secret`
/// reversed, as plain text in each case and as it reads inside a JSON
/// string: any longer piece holds one of them, so masking these masks
/// every piece of `PIECE` characters or more. Empty for a secret shorter
/// than `PIECE` (its forms cover it whole); a secret of exactly `PIECE`
/// characters is its own one piece, and reversed the other.
pub fn pieces(secret: &str) -> Vec<Form> {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < PIECE {
        return Vec::new();
    }
    let reversed: Vec<char> = chars.iter().rev().copied().collect();
    let mut out: Vec<Form> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for run in [&chars, &reversed] {
        for w in run.windows(PIECE) {
            let piece: String = w.iter().collect();
            for text in [
                piece.to_lowercase(),
                piece.to_uppercase(),
                json_escape(&piece),
                piece,
            ] {
                if seen.insert(text.to_ascii_lowercase()) {
                    out.push(Form { text, widen: false });
                }
            }
        }
    }
    out
}

/// Every form of `secret`, each once (ASCII case aside), and each again as it reads inside a
/// JSON string (an answer that quotes a form in a JSON value, which
/// fortiprobe then prints as JSON, escapes it twice).
pub fn forms(secret: &str, user: Option<&str>) -> Vec<Form> {
    let mut out: Vec<Form> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |text: String, widen: bool| {
        // Matching ignores ASCII case: forms that differ only in it are one.
        if text.chars().count() >= SHORTEST_FORM && seen.insert(text.to_ascii_lowercase()) {
            out.push(Form { text, widen });
        }
    };
    for e in ENCODERS {
        for text in (e.make)(secret, user) {
            let quoted = json_escape(&text);
            push(text, e.widen);
            push(quoted.clone(), e.widen);
            push(json_escape(&quoted), e.widen);
        }
    }
    out
}

/// The inside of a JSON string holding `s`.
fn json_escape(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or_default()
        .to_string()
}

/// `&amp; &lt; &gt; &quot; &apos; &#N; &#xH;` decoded; anything else kept.
fn html_decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').and_then(|end| {
            let c = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                e => e
                    .strip_prefix("#x")
                    .or_else(|| e.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The secret read as the inside of a JSON string, where it is one.
fn json_decode(s: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap_or_else(|_| s.to_string())
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn every_byte(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn u_escape(c: char) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| format!("\\u{u:04x}"))
        .collect()
}

fn html_escape(s: &str, dq: &str, sq: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str(dq),
            '\'' => out.push_str(sq),
            c => out.push(c),
        }
    }
    out
}

/// The HTML5 name of an ASCII punctuation character, where it has one.
fn html_name(c: char) -> Option<&'static str> {
    Some(match c {
        '!' => "excl",
        '"' => "quot",
        '#' => "num",
        '$' => "dollar",
        '%' => "percnt",
        '&' => "amp",
        '\'' => "apos",
        '(' => "lpar",
        ')' => "rpar",
        '*' => "ast",
        '+' => "plus",
        ',' => "comma",
        '.' => "period",
        '/' => "sol",
        ':' => "colon",
        ';' => "semi",
        '<' => "lt",
        '=' => "equals",
        '>' => "gt",
        '?' => "quest",
        '@' => "commat",
        '[' => "lsqb",
        '\\' => "bsol",
        ']' => "rsqb",
        '^' => "Hat",
        '_' => "lowbar",
        '`' => "grave",
        '{' => "lcub",
        '|' => "verbar",
        '}' => "rcub",
        _ => return None,
    })
}

/// The base64 characters that depend on the secret alone when `k` bytes
/// come before it: character i covers bits 6i..6i+6, the secret bits
/// 8k..8(k+n).
fn inside(engine: &base64::engine::GeneralPurpose, s: &str, k: usize) -> String {
    let mut bytes = vec![0u8; k];
    bytes.extend_from_slice(s.as_bytes());
    let text = engine.encode(&bytes);
    let first = (8 * k).div_ceil(6);
    let last = (8 * (k + s.len())) / 6;
    text.get(first..last).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_found_inside_longer_base64() {
        let b64 = base64::engine::general_purpose::STANDARD;
        let secret = "s3cr3t-value!";
        let all = forms(secret, None);
        for k in 0..3 {
            for tail in 0..3 {
                let mut bytes = b"\x01\x02\x03"[..k].to_vec();
                bytes.extend_from_slice(secret.as_bytes());
                bytes.extend_from_slice(&b"\xfd\xfe\xff"[..tail]);
                let text = b64.encode(&bytes);
                assert!(
                    all.iter().any(|f| f.widen && text.contains(&f.text)),
                    "offset {k}, {tail} bytes after: {text}"
                );
            }
        }
    }

    #[test]
    fn every_row_gives_something_and_forms_are_unique() {
        for e in ENCODERS {
            assert!(!(e.make)("a~b c/é\"'&", Some("u")).is_empty(), "{}", e.name);
        }
        let all = forms("a~b c/é\"'&", Some("u"));
        for (i, f) in all.iter().enumerate() {
            assert!(
                all[i + 1..]
                    .iter()
                    .all(|g| !g.text.eq_ignore_ascii_case(&f.text)),
                "{f:?}"
            );
        }
        let texts: Vec<&str> = all.iter().map(|f| f.text.as_str()).collect();
        for want in [
            "a~b c/é\"'&",
            "A~B C/É\"'&",
            "617e6220632fc3a9222726",
            "a%7Eb%20c%2F%C3%A9%22%27%26",
            "a~b%20c%2F%C3%A9%22%27%26",
            "a%7Eb+c%2F%C3%A9%22%27%26",
            "a~b c/é&quot;&#39;&amp;",
            "a~b c/é&quot;&apos;&amp;",
            "a~b c&sol;é&quot;&apos;&amp;",
            "&#97;&#126;&#98;&#32;&#99;&#47;&#233;&#34;&#39;&#38;",
            "a~b c/é\\\"'&",
            "a~b c\\/é\\\"'&",
            "a~b c/\\u00e9\\\"'&",
        ] {
            assert!(texts.contains(&want), "{want} missing from {texts:?}");
        }
    }

    #[test]
    fn decoded_forms_cover_what_output_escaping_would_rebuild() {
        let texts: Vec<String> = forms("a&amp;b&#x3c;\\\"c", None)
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert!(texts.contains(&"a&b<\\\"c".to_string()), "{texts:?}");
        assert!(
            texts.contains(&"a&amp;b&#x3c;\\\"c".to_string()),
            "{texts:?}"
        );
        let texts: Vec<String> = forms("x\\u0041\\\"yz", None)
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert!(texts.contains(&"xA\"yz".to_string()), "{texts:?}");
    }

    #[test]
    fn every_piece_of_eight_is_a_form_forwards_and_backwards() {
        let p: Vec<String> = pieces("0123456789ab\"")
            .into_iter()
            .map(|f| f.text)
            .collect();
        for want in [
            "01234567",
            "56789ab\\\"",
            "\"ba98765",
            "ba987654",
            "3456789a",
        ] {
            assert!(p.contains(&want.to_string()), "{want} missing from {p:?}");
        }
        assert!(pieces("0123456").is_empty());
        let eight: Vec<String> = pieces("01234567").into_iter().map(|f| f.text).collect();
        assert_eq!(eight, ["01234567", "76543210"]);
        assert!(p.iter().all(|t| t.chars().count() >= PIECE), "{p:?}");
    }

    #[test]
    fn short_forms_are_dropped() {
        assert!(forms("abcd", None)
            .iter()
            .all(|f| f.text.chars().count() >= 4));
    }
}
