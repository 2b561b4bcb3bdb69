//! The command line follows the conventions: `run --help` names the
//! program and lists only options that do something, `--version` works on
//! every subcommand, completions and a manual page are generated, bad
//! values are refused with exit 2, and on a terminal the progress line
//! never spoils libtest's lines.

use std::process::{Command, Output};

fn fortiprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fortiprobe"))
        .args(args)
        .output()
        .expect("fortiprobe runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn run_help_names_the_program_and_only_working_options() {
    let o = fortiprobe(&["run", "--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    assert!(
        help.contains("Usage: fortiprobe run [OPTIONS] [FILTER]"),
        "{help}"
    );
    assert!(
        !help.contains("USAGE: [OPTIONS]"),
        "libtest's usage line:\n{help}"
    );
    for gone in [
        "--bench",
        "--nocapture",
        "--show-output",
        "-Z",
        "--logfile",
        "--test ",
        "--ignored",
        "--include-ignored",
    ] {
        let listed = help.lines().any(|l| l.trim_start().starts_with(gone));
        assert!(!listed, "--help still lists {gone}:\n{help}");
    }
    for kept in [
        "--exact",
        "--skip",
        "--list",
        "--test-threads",
        "--format",
        "--quiet",
        "--color",
        "--html",
        "--verbose",
        "NO_COLOR",
        "HTTPS_PROXY",
        "-Z unstable-options",
    ] {
        assert!(help.contains(kept), "--help lacks {kept}:\n{help}");
    }
    // Not hidden either: libtest's no-op flags are refused.
    for flag in [
        &["--bench"][..],
        &["--nocapture"],
        &["--show-output"],
        &["-Z", "unstable-options"],
        &["--logfile", "x.log"],
    ] {
        let mut args = vec!["run", "--list"];
        args.extend_from_slice(flag);
        let o = fortiprobe(&args);
        assert_eq!(o.status.code(), Some(2), "{flag:?} accepted");
    }
}

#[test]
fn every_subcommand_answers_version() {
    let version = env!("CARGO_PKG_VERSION");
    for sub in [
        vec!["--version"],
        vec!["run", "--version"],
        vec!["mock", "--version"],
        vec!["cases", "--version"],
        vec!["check", "--version"],
        vec!["diff", "--version"],
        vec!["kill-matrix", "--version"],
        vec!["openapi", "--version"],
        vec!["completions", "--version"],
        vec!["man", "--version"],
    ] {
        let o = fortiprobe(&sub);
        assert!(o.status.success(), "{sub:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.starts_with("fortiprobe") && out.trim_end().ends_with(version),
            "{sub:?}: {out}"
        );
    }
}

#[test]
fn completions_and_manual_pages_are_generated() {
    for (shell, mark) in [
        ("bash", "_fortiprobe()"),
        ("zsh", "#compdef fortiprobe"),
        ("fish", "complete -c fortiprobe"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = fortiprobe(&["completions", shell]);
        let text = stdout(&o);
        assert!(o.status.success() && text.contains(mark), "{shell}: {text}");
        assert!(text.contains("test-threads") && text.contains("kill-matrix"));
    }
    let o = fortiprobe(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = fortiprobe(&["man"]);
    let page = stdout(&o);
    assert!(
        o.status.success() && page.starts_with(".ie \\n(.g .ds Aq"),
        "{page}"
    );
    assert!(page.contains(".TH fortiprobe 1") && page.contains("completions"));
    let dir = std::env::temp_dir().join(format!("fortiprobe-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let o = fortiprobe(&["man", "--dir", dir.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = std::fs::read_to_string(dir.join("fortiprobe-run.1")).expect("run's page");
    assert!(
        run.contains("\\-\\-html") && run.contains("NO_COLOR"),
        "{run}"
    );
}

#[test]
fn zero_test_threads_is_refused_not_a_hang() {
    let o = fortiprobe(&["run", "--test-threads", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--test-threads"), "{}", stderr(&o));
}

#[test]
fn libtest_json_needs_no_unstable_flag_and_keeps_stdout_json() {
    let o = fortiprobe(&["run", "--format", "json", "fortiportal", "-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let events: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect();
    assert!(events.len() > 13, "{out}");
    assert!(stderr(&o).contains("summary by product and endpoint"));
}

/// What a terminal shows of `raw`: `\r` goes back to the line's start,
/// `ESC[K` erases to its end, other text overwrites.
fn screen(raw: &str) -> Vec<String> {
    raw.split('\n')
        .map(|line| {
            let (mut cells, mut at) = (Vec::<char>::new(), 0);
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => at = 0,
                    '\u{1b}' if chars.peek() == Some(&'[') => {
                        chars.next();
                        if chars.next() == Some('K') {
                            cells.truncate(at);
                        }
                    }
                    c => {
                        if at < cells.len() {
                            cells[at] = c;
                        } else {
                            cells.push(c);
                        }
                        at += 1;
                    }
                }
            }
            cells.into_iter().collect()
        })
        .collect()
}

/// On a terminal (util-linux `script` gives the run one), a slow run shows
/// the progress line, and every libtest line still reads whole.
#[test]
fn the_progress_line_on_a_terminal_leaves_libtest_lines_whole() {
    let log = std::env::temp_dir().join(format!("fortiprobe-tty-{}", std::process::id()));
    let cmd = format!(
        "{} run --rate 8 --color never --test-threads 2 fortiportal",
        env!("CARGO_BIN_EXE_fortiprobe")
    );
    let o = Command::new("script")
        .args(["-qec", &cmd, log.to_str().unwrap_or_default()])
        .output();
    let Ok(o) = o else {
        eprintln!("SKIPPED: util-linux `script` is not available to give the run a terminal");
        return;
    };
    assert!(o.status.success(), "{}", stderr(&o));
    let raw = std::fs::read_to_string(&log).expect("typescript");
    assert!(
        raw.contains("\r\u{1b}[K"),
        "no progress line drawn:\n{raw:?}"
    );
    let lines = screen(&raw);
    let running: usize = lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("running ")?
                .trim_end()
                .strip_suffix(" tests")?
                .parse()
                .ok()
        })
        .expect("libtest's running line");
    assert!(running > 5, "{running}");
    assert!(raw.contains(&format!("/{running} cases, ")), "{raw:?}");
    let tests: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("fortiportal/tokens/") && !l.starts_with("critical path: "))
        .collect();
    assert_eq!(tests.len(), running, "{lines:#?}");
    for l in tests {
        assert!(
            l.starts_with("test [") && l.trim_end().ends_with(" ... ok"),
            "spoilt: {l:?}"
        );
    }
}

/// `run --help` groups its options under five headings, in this order, with
/// every `--mock-*` flag (and `--fault`) under the mock's own.
#[test]
fn run_help_has_headings_and_the_mock_flags_under_their_own() {
    let help = stdout(&fortiprobe(&["run", "--help"]));
    let headings = [
        "\nTarget:\n",
        "\nSelection",
        "\nSafety",
        "\nOutput:\n",
        "\nMock",
    ];
    let at: Vec<usize> = headings
        .iter()
        .map(|h| {
            help.find(h)
                .unwrap_or_else(|| panic!("no heading {h:?}:\n{help}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "headings out of order:\n{help}"
    );
    let mock = &help[at[4]..];
    let before_mock = &help[..at[4]];
    let flags: Vec<&str> = help
        .split_whitespace()
        .filter(|w| w.starts_with("--mock-"))
        .collect();
    assert!(flags.len() >= 12, "{flags:?}");
    for f in flags.iter().chain(&["--fault"]) {
        assert!(
            mock.contains(f),
            "{f} is not under the mock heading:\n{help}"
        );
        assert!(
            !before_mock.contains(f),
            "{f} is listed before the mock heading:\n{help}"
        );
    }
    for (heading, flag) in [
        (0, "--config"),
        (1, "--framework"),
        (1, "--deny-deviations"),
        (2, "--allow-destructive"),
        (2, "--rate"),
        (3, "--junit"),
        (3, "--baseline"),
    ] {
        let section = &help[at[heading]..at[heading + 1]];
        assert!(
            section.contains(flag),
            "{flag} not under {:?}:\n{help}",
            headings[heading]
        );
    }
}

/// Every exit code fortiprobe ends with is in the help, 141 included.
#[test]
fn the_help_lists_every_exit_code() {
    let help = stdout(&fortiprobe(&["run", "--help"]));
    let codes = help
        .split("Exit codes:")
        .nth(1)
        .expect("an exit code section");
    for code in ["0 ", "1 ", "2 ", "3 ", "101", "129", "130", "141", "143"] {
        assert!(codes.contains(code), "exit code {code} missing:\n{codes}");
    }
    assert!(codes.contains("standard output was closed"), "{codes}");
}

/// `--fault <TAB>` completes fault names (bash's completion function asked
/// as bash asks it), and an unknown fault is refused with the closest.
#[test]
fn fault_names_are_completed_and_checked() {
    let script = stdout(&fortiprobe(&["completions", "bash"]));
    let dir = std::env::temp_dir().join(format!("fortiprobe-compl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fortiprobe.bash");
    std::fs::write(&file, script).unwrap();
    let ask = format!(
        "source {}; COMP_WORDS=(fortiprobe run --fault fac-lock); COMP_CWORD=3; \
         _fortiprobe fortiprobe fac-lock --fault; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let o = std::process::Command::new("bash")
        .args(["-c", &ask])
        .output()
        .expect("bash runs");
    let offered = stdout(&o);
    assert!(
        offered.lines().any(|l| l == "fac-locked-string"),
        "bash offers {offered:?} ({})",
        stderr(&o)
    );
    let fish = stdout(&fortiprobe(&["completions", "fish"]));
    assert!(
        fish.contains("fac-locked-string"),
        "fish does not complete fault names"
    );
    let o = fortiprobe(&["run", "--fault", "fac-lockd-string"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no fault `fac-lockd-string`; the closest: fac-locked-string"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Each manual page describes its command in its DESCRIPTION instead of
/// repeating its NAME line.
#[test]
fn manual_pages_describe_more_than_their_name_line() {
    let dir = std::env::temp_dir().join(format!("fortiprobe-man-desc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let o = fortiprobe(&["man", "--dir", dir.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let page = std::fs::read_to_string(&path).unwrap();
        let after = |mark: &str| {
            page.split(mark)
                .nth(1)
                .and_then(|s| s.lines().nth(1))
                .unwrap_or_default()
                .to_string()
        };
        let name = after(".SH NAME");
        let description = after(".SH DESCRIPTION");
        let name_text = name.split(" \\- ").nth(1).unwrap_or_default();
        assert!(
            !description.is_empty(),
            "{}: no description",
            path.display()
        );
        assert!(
            !description.starts_with(name_text),
            "{}: the description repeats the name line: {description}",
            path.display()
        );
        pages += 1;
    }
    assert!(pages >= 11, "{pages} pages");
    let _ = std::fs::remove_dir_all(&dir);
}
