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
