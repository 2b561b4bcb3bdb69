//! Text that came from a target is data: before it goes to a medium that
//! could read it as code, it is escaped for that medium here, by one
//! function per medium, each proven on arbitrary input (the tests below,
//! and `tests/it/hostile.rs` through a real shell and a real terminal).
//!
//! - `shell`: one word of a command line for bash, zsh or another POSIX
//!   shell with `$'…'` (ksh, dash from 0.5.12), built from literal text and
//!   environment variables, with no marker inside the text: the word, read
//!   by the shell, is exactly the text (a NUL, which no argument can hold,
//!   makes it `None`). Every control or invisible character is written as a
//!   `$'\xHH'` escape, so the word is one line, and safe to show.
//! - `terminal`: text for a terminal (stdout, stderr, libtest's lines),
//!   every control or invisible character shown as `\x1b`, `\u009b`,
//!   `\u202e`, so no escape sequence reaches the terminal; only line feeds
//!   and tabs, the layout of fortiprobe's own output, are kept.
//!
//! - `html`: text for HTML content or a quoted attribute (the HTML report
//!   and the baseline diff's page): `& < > " '` escaped, every control or
//!   invisible character but tab and line feed shown as U+FFFD.
//!
//! The XML (JUnit) and JSON reports escape through their own writers.

use std::borrow::Cow;

/// Text for HTML content or a double- or single-quoted attribute.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if is_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A piece of a shell word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Bytes taken literally (text, or bytes that are not UTF-8).
    Text(&'a [u8]),
    /// The value of an environment variable (a name of ASCII letters,
    /// digits and `_`, not starting with a digit).
    Var(&'a str),
}

impl<'a> Part<'a> {
    pub fn text(text: &'a str) -> Part<'a> {
        Part::Text(text.as_bytes())
    }
}

/// Whether `c` must never reach a terminal or a command line as itself: the
/// C0 and C1 controls and DEL (Unicode `Cc`), and the invisible characters
/// that reorder or hide text (bidi controls and isolates, zero-width
/// characters, line and paragraph separators, the byte-order mark,
/// interlinear annotations, tag characters).
pub fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// Characters a word may hold unquoted: no shell gives them a meaning
/// (a word does not start with `=`, which zsh would expand).
fn plain(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes[0] != b'='
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(b))
}

fn variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One shell word that reads as the concatenation of `parts`. Text of
/// plain characters only is written as it is (`GET`), or with variables in
/// double quotes (`"$FAC_USER:$FAC_API_KEY"`); any other text in single
/// quotes (`\'` for a quote), control and invisible characters and bytes
/// that are not UTF-8 as `$'\xHH'`, variables then as `"$NAME"`. `None`
/// when a text holds a NUL (no argument can) or a variable's name is not
/// one.
pub fn shell(parts: &[Part<'_>]) -> Option<String> {
    if let [Part::Text(t)] = parts {
        if plain(t) {
            return Some(String::from_utf8_lossy(t).into_owned());
        }
    }
    if parts
        .iter()
        .any(|p| matches!(p, Part::Var(n) if !variable_name(n)))
    {
        return None;
    }
    let simple = |t: &[u8]| {
        t.iter()
            .all(|b| *b == b' ' || plain(std::slice::from_ref(b)))
    };
    if parts.iter().any(|p| matches!(p, Part::Var(_)))
        && parts.iter().all(|p| match p {
            Part::Text(t) => simple(t),
            Part::Var(_) => true,
        })
    {
        return Some(double_quoted(parts));
    }
    let mut word = Word::default();
    for part in parts {
        match *part {
            Part::Text(bytes) => {
                if bytes.contains(&0) {
                    return None;
                }
                for chunk in bytes.utf8_chunks() {
                    for c in chunk.valid().chars() {
                        word.char(c);
                    }
                    for &b in chunk.invalid() {
                        word.byte(b);
                    }
                }
            }
            Part::Var(name) => {
                word.close();
                word.out.push_str("\"$");
                word.out.push_str(name);
                word.out.push('"');
            }
        }
    }
    word.close();
    if word.out.is_empty() {
        word.out.push_str("''");
    }
    Some(word.out)
}

/// `"…"` around plain text and `$NAME`s (`${NAME}` where a name
/// character follows), none of which double quotes give a meaning.
fn double_quoted(parts: &[Part<'_>]) -> String {
    let mut out = String::from("\"");
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Text(t) => out.push_str(&String::from_utf8_lossy(t)),
            Part::Var(name) => {
                let glued = match parts.get(i + 1) {
                    Some(Part::Text(t)) => t
                        .first()
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_'),
                    _ => false,
                };
                if glued {
                    out.push_str(&format!("${{{name}}}"));
                } else {
                    out.push_str(&format!("${name}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// A shell word being written: which quoting is open at its end.
#[derive(Default)]
struct Word {
    out: String,
    open: Open,
}

#[derive(Default, PartialEq, Eq)]
enum Open {
    #[default]
    None,
    /// `'…`: every character but `'` is literal.
    Single,
    /// `$'…`: only `\xHH` escapes are written in it.
    Escapes,
}

impl Word {
    fn close(&mut self) {
        if self.open != Open::None {
            self.out.push('\'');
            self.open = Open::None;
        }
    }

    fn char(&mut self, c: char) {
        if c == '\'' {
            self.close();
            self.out.push_str("\\'");
        } else if is_control(c) {
            let mut utf8 = [0u8; 4];
            for &b in c.encode_utf8(&mut utf8).as_bytes() {
                self.byte(b);
            }
        } else {
            if self.open != Open::Single {
                self.close();
                self.out.push('\'');
                self.open = Open::Single;
            }
            self.out.push(c);
        }
    }

    fn byte(&mut self, b: u8) {
        if self.open != Open::Escapes {
            self.close();
            self.out.push_str("$'");
            self.open = Open::Escapes;
        }
        self.out.push_str(&format!("\\x{b:02x}"));
    }
}

/// `text` as it may be written to a terminal: every control or invisible
/// character (`is_control`) but line feed and tab shown as an escape
/// (`\x1b`, `\x7f`, `\u009b`, `\u202e`, `\U000e0041`).
pub fn terminal(text: &str) -> Cow<'_, str> {
    let shown = |c: char| c == '\n' || c == '\t' || !is_control(c);
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else if (c as u32) <= 0xffff {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_cannot_open_a_tag_an_attribute_or_reorder_the_page() {
        assert_eq!(
            html("<a href='x' \"y\">&\u{1b}[2J\u{202e}\u{200b}\tz\n"),
            "&lt;a href=&#39;x&#39; &quot;y&quot;&gt;&amp;\u{fffd}[2J\u{fffd}\u{fffd}\tz\n"
        );
    }
    use proptest::prelude::*;

    /// Runs `words` as the arguments of a `curl` stand-in in bash, with
    /// the variables set: the arguments it received, NUL-separated.
    pub(crate) fn bash_args(words: &[String], vars: &[(&str, &[u8])]) -> Vec<Vec<u8>> {
        use std::os::unix::ffi::OsStrExt as _;
        let script = format!(
            "curl() {{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }}\ncurl {}\n",
            words.join(" ")
        );
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["--norc", "--noprofile", "-c", &script]);
        cmd.env_clear().env("PATH", "/usr/bin:/bin");
        for (k, v) in vars {
            cmd.env(k, std::ffi::OsStr::from_bytes(v));
        }
        let out = cmd.output().expect("bash runs");
        assert!(
            out.status.success(),
            "{script:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut args: Vec<Vec<u8>> = out.stdout.split(|b| *b == 0).map(<[u8]>::to_vec).collect();
        assert_eq!(args.pop(), Some(Vec::new()), "{script:?}");
        args
    }

    #[test]
    fn words_read_back_as_their_text() {
        for (text, word) in [
            ("GET", "GET"),
            (
                "https://fac.example:8443/api/v1/x/?a=1&b=2",
                "'https://fac.example:8443/api/v1/x/?a=1&b=2'",
            ),
            ("it's", r"'it'\''s'"),
            ("", "''"),
            ("=cmd", "'=cmd'"),
            ("a\u{1b}]0;x\u{7}b", r"'a'$'\x1b'']0;x'$'\x07''b'"),
            ("\u{202e}", r"$'\xe2\x80\xae'"),
        ] {
            let got = shell(&[Part::text(text)]).unwrap();
            assert_eq!(got, word, "{text:?}");
            assert_eq!(bash_args(&[got], &[]), vec![text.as_bytes().to_vec()]);
        }
        assert_eq!(shell(&[Part::text("a\0b")]), None);
        assert_eq!(shell(&[Part::Var("1X")]), None);
        assert_eq!(shell(&[Part::Var("X Y")]), None);
        let w = shell(&[
            Part::text("{\"k\":\""),
            Part::Var("FPC_PASSWORD"),
            Part::text("\"}"),
        ])
        .unwrap();
        assert_eq!(w, r#"'{"k":"'"$FPC_PASSWORD"'"}'"#);
        let w = shell(&[
            Part::Var("FAC_USER"),
            Part::text(":"),
            Part::Var("FAC_API_KEY"),
        ])
        .unwrap();
        assert_eq!(w, r#""$FAC_USER:$FAC_API_KEY""#);
        let w = shell(&[
            Part::text("Authorization: Token "),
            Part::Var("T"),
            Part::text("x"),
        ])
        .unwrap();
        assert_eq!(w, r#""Authorization: Token ${T}x""#);
        let got = bash_args(&[w], &[("T", b"v"), ("Tx", b"wrong")]);
        assert_eq!(got, vec![b"Authorization: Token vx".to_vec()]);
    }

    #[test]
    fn the_marker_attack_runs_nothing() {
        // What broke the old builder: a private-use marker and quotes.
        let dir = tempfile::tempdir().unwrap();
        let flag = dir.path().join("ran");
        let f = flag.display();
        let texts = [
            format!("/api/v1/usergroups/7\u{e000}'\"$(touch {f})\"'\u{e000}"),
            format!("'$(touch {f})'"),
            format!("\"$(touch {f})\""),
            format!("`touch {f}`"),
            format!("x'; touch {f}; echo '"),
            format!("x\ntouch {f}\n"),
            format!("$'\\x27'; touch {f}"),
            "\u{e000}FAC_API_KEY\u{e000}".to_string(),
            format!("!!; touch {f}"),
        ];
        for t in &texts {
            let w = shell(&[Part::text(t), Part::Var("X"), Part::text(t)]).unwrap();
            let mut want = t.as_bytes().to_vec();
            want.extend_from_slice(b"v");
            want.extend_from_slice(t.as_bytes());
            assert_eq!(bash_args(&[w], &[("X", b"v")]), vec![want]);
        }
        assert!(!flag.exists(), "a command ran");
    }

    fn interesting() -> impl Strategy<Value = Vec<u8>> {
        let chars = prop::sample::select(vec![
            "'",
            "\"",
            "$",
            "`",
            "\\",
            "!",
            "\n",
            "\r",
            "\t",
            "\u{1b}",
            "\u{7f}",
            "\u{9b}",
            "\u{85}",
            "\u{202e}",
            "\u{2066}",
            "\u{200b}",
            "\u{feff}",
            "\u{e000}",
            "\u{e0041}",
            "é",
            "😀",
            "\u{301}",
            "*",
            "?",
            "[",
            "~",
            "#",
            ";",
            "&",
            "|",
            "(",
            ")",
            "<",
            ">",
            "{",
            "}",
            "=",
            "%",
            " ",
            "a",
            "Z",
            "0",
            "-",
            "$(",
            "${",
            "\\x27",
            "\u{ffff}",
        ]);
        prop::collection::vec(chars, 0..12).prop_map(|v| v.concat().into_bytes())
    }

    fn text() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..24),
            any::<String>().prop_map(String::into_bytes),
            interesting(),
        ]
    }

    proptest! {
        // The same cases on every run, and no file of failures written.
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x0073_6865_6c6c),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Any bytes, any variables: bash reads exactly the parts back, or
        /// the word is refused because a text holds a NUL.
        #[test]
        fn any_word_reads_back_exactly(
            words in prop::collection::vec(
                prop::collection::vec(
                    prop_oneof![
                        4 => text().prop_map(Err),
                        1 => prop::sample::select(vec!["A", "B_2"]).prop_map(Ok),
                    ],
                    0..5,
                ),
                1..4,
            ),
            a in prop::collection::vec(1u8..=255, 0..16),
            b in any::<String>().prop_map(|s| s.replace('\0', "")),
        ) {
            let vars: [(&str, &[u8]); 2] = [("A", &a), ("B_2", b.as_bytes())];
            let mut shown = Vec::new();
            let mut want = Vec::new();
            for w in &words {
                let parts: Vec<Part> = w
                    .iter()
                    .map(|p| match p {
                        Ok(name) => Part::Var(name),
                        Err(bytes) => Part::Text(bytes),
                    })
                    .collect();
                let has_nul = w.iter().any(|p| p.as_ref().is_err_and(|t| t.contains(&0)));
                match shell(&parts) {
                    None => prop_assert!(has_nul),
                    Some(word) => {
                        prop_assert!(!has_nul);
                        prop_assert!(word.chars().all(|c| !is_control(c)), "{word:?}");
                        let mut bytes = Vec::new();
                        for p in w {
                            match p {
                                Ok(name) => bytes.extend_from_slice(vars.iter().find(|v| v.0 == *name).unwrap().1),
                                Err(t) => bytes.extend_from_slice(t),
                            }
                        }
                        shown.push(word);
                        want.push(bytes);
                    }
                }
            }
            prop_assert_eq!(bash_args(&shown, &vars), want);
        }

        /// Whatever the text, nothing reaches the terminal that it would
        /// read as a control, and text without controls is kept as it is.
        #[test]
        fn terminal_text_holds_no_control(t in prop_oneof![
            any::<String>(),
            interesting().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ]) {
            let out = terminal(&t);
            prop_assert!(out.chars().all(|c| c == '\n' || c == '\t' || !is_control(c)), "{out:?}");
            if t.chars().all(|c| c == '\n' || c == '\t' || !is_control(c)) {
                prop_assert_eq!(out.as_ref(), t.as_str());
            }
        }
    }

    #[test]
    fn controls_are_shown_by_their_code() {
        assert_eq!(
            terminal("a\u{1b}]0;owned\u{7}\u{9b}\u{202e}\u{7f}\r\n\tz\u{e0041}"),
            "a\\x1b]0;owned\\x07\\u009b\\u202e\\x7f\\x0d\n\tz\\U000e0041"
        );
        assert!(matches!(terminal("plain é 😀"), Cow::Borrowed(_)));
    }
}
