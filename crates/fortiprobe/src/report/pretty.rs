//! A body as people read it in the HTML report: JSON indented two spaces a
//! level, one member a line, also when the body was cut in the middle (the
//! reports keep the first `BODY_LIMIT` bytes, which is seldom whole JSON),
//! so it is re-indented token by token rather than parsed. Anything that is
//! not JSON is shown as it came. Nothing is added or dropped but
//! whitespace outside strings.

/// `text` indented, when it looks like JSON (an object or an array).
pub fn json(text: &str) -> Option<String> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut chars = t.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push(c);
                string(&mut chars, &mut out);
            }
            '{' | '[' => {
                out.push(c);
                skip_space(&mut chars);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Copies a string's rest, up to and with its closing quote (or to the
/// end of a cut body), escapes kept as they are.
fn string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    let mut escaped = false;
    for c in chars.by_ref() {
        out.push(c);
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return,
            _ => {}
        }
    }
}

fn skip_space(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_indented_and_keeps_every_character_of_strings() {
        let body = r#"{"meta": {"limit": 2, "next": null}, "objects": [{"a": "x, y: {z}", "b": "q\"}"}, []], "e": {}}"#;
        assert_eq!(
            json(body).as_deref(),
            Some(
                "{\n  \"meta\": {\n    \"limit\": 2,\n    \"next\": null\n  },\n  \"objects\": [\n    {\n      \"a\": \"x, y: {z}\",\n      \"b\": \"q\\\"}\"\n    },\n    []\n  ],\n  \"e\": {}\n}"
            )
        );
        let whole: serde_json::Value = serde_json::from_str(body).expect("json");
        let again: serde_json::Value =
            serde_json::from_str(&json(body).expect("pretty")).expect("still json");
        assert_eq!(whole, again);
    }

    #[test]
    fn a_cut_body_is_indented_as_far_as_it_goes_and_text_is_left_alone() {
        let cut = r#"{"objects": [{"serial": "FTK1", "last": "2024-"#;
        assert_eq!(
            json(cut).as_deref(),
            Some(
                "{\n  \"objects\": [\n    {\n      \"serial\": \"FTK1\",\n      \"last\": \"2024-"
            )
        );
        assert_eq!(json("<html>oops</html>"), None);
        assert_eq!(json(""), None);
    }
}
