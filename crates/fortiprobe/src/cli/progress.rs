//! The live progress line of a long run, on stderr when it is a terminal:
//! cases done of the total, requests sent so far, elapsed time, the case
//! (or cases) in progress.
//!
//! libtest prints each trial's line on stdout itself, often on the same
//! terminal, so the line never moves the cursor up and never stands where
//! libtest writes: it is drawn as `\r ESC[K status` (one short line, under
//! `WIDTH` columns) only once no trial has finished for `QUIET`, and each
//! trial clears it (`\r ESC[K`) just before returning to libtest, which then
//! prints its line from the start of a clean line. A timer thread redraws
//! it; one lock orders drawing and clearing. There is no line when stderr is
//! not a terminal, with `--quiet` or `--format terse|json`, with `TERM=dumb`,
//! or when trials run one at a time with stdout on a terminal (libtest's
//! own `test name ... ` then stands on the line being drawn).

use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, PoisonError};
use std::time::{Duration, Instant};

use crate::lock::Lock;
use crate::report::event::{CaseKey, Event, Listener};

/// The most columns the line takes.
pub(super) const WIDTH: usize = 68;

/// How long no trial must have finished before the line is drawn.
const QUIET: Duration = Duration::from_millis(300);

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(200);

/// What decides whether there is a progress line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Terminal {
    pub stderr_tty: bool,
    pub stdout_tty: bool,
    /// `TERM=dumb`: no escape sequences.
    pub dumb: bool,
}

impl Terminal {
    /// This process's stdout, stderr and `TERM`.
    pub(super) fn detect() -> Terminal {
        use std::io::IsTerminal as _;
        Terminal {
            stderr_tty: std::io::stderr().is_terminal(),
            stdout_tty: std::io::stdout().is_terminal(),
            dumb: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        }
    }
}

/// Whether a run with these libtest options on this terminal gets the line.
pub(super) fn wanted(t: Terminal, args: &libtest_mimic::Arguments) -> bool {
    let pretty = !args.quiet
        && matches!(
            args.format,
            None | Some(libtest_mimic::FormatSetting::Pretty)
        );
    let threads = args
        .test_threads
        .or_else(|| std::thread::available_parallelism().ok().map(Into::into))
        .unwrap_or(1);
    t.stderr_tty && pretty && !args.list && !t.dumb && !(threads == 1 && t.stdout_tty)
}

/// The status text, at most `width` characters: elapsed time, cases done
/// of the total, requests so far, the case in progress (its name cut from
/// the left) and how many more are.
pub(super) fn status(
    done: usize,
    total: usize,
    requests: u64,
    running: &[String],
    elapsed: Duration,
    width: usize,
) -> String {
    let secs = elapsed.as_secs();
    let clock = if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    };
    let mut text = format!("{clock} {done}/{total} cases, {requests} requests");
    let Some(first) = running.first() else {
        return cut_right(&text, width);
    };
    let more = if running.len() > 1 {
        format!(" +{}", running.len() - 1)
    } else {
        String::new()
    };
    text.push_str(": ");
    let room = width.saturating_sub(text.chars().count() + more.chars().count());
    if room < 12 {
        return cut_right(&text, width);
    }
    text.push_str(&cut_left(first, room));
    text.push_str(&more);
    text
}

fn cut_left(text: &str, room: usize) -> String {
    let n = text.chars().count();
    if n <= room {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n - room + 1).collect();
    format!("…{tail}")
}

fn cut_right(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}

/// The line's state, shared by the trials and the timer.
struct State {
    out: Box<dyn Write + Send>,
    done: usize,
    /// The cases in progress, in the order they started.
    running: Vec<(CaseKey, String)>,
    /// Not drawn before this (a trial has just finished).
    quiet_until: Instant,
    drawn: bool,
    stopped: bool,
}

/// The progress line of one run: a listener of the run's events (cases
/// started and finished, requests sent) and nothing else.
pub(super) struct Line {
    /// Trials that will run (set once libtest's filters are known).
    total: AtomicUsize,
    started: Instant,
    /// Requests sent so far (every attempt).
    requests: AtomicU64,
    state: Lock<State>,
    wake: Condvar,
}

impl Line {
    pub(super) fn new(out: Box<dyn Write + Send>) -> Line {
        let now = Instant::now();
        Line {
            total: AtomicUsize::new(0),
            started: now,
            requests: AtomicU64::new(0),
            state: Lock::new(State {
                out,
                done: 0,
                running: Vec::new(),
                quiet_until: now + QUIET,
                drawn: false,
                stopped: false,
            }),
            wake: Condvar::new(),
        }
    }

    pub(super) fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Draws the line if it is time to (see the module's doc).
    fn tick(&self, now: Instant) {
        let mut s = self.state.lock();
        let total = self.total.load(Ordering::Relaxed);
        if s.stopped || now < s.quiet_until || s.done >= total {
            return;
        }
        let running: Vec<String> = s.running.iter().map(|(_, n)| n.clone()).collect();
        let text = status(
            s.done,
            total,
            self.requests.load(Ordering::Relaxed),
            &running,
            now.saturating_duration_since(self.started),
            WIDTH,
        );
        let _ = write!(s.out, "\r\x1b[K{text}");
        let _ = s.out.flush();
        s.drawn = true;
    }

    /// Clears the line if it is drawn.
    fn clear(s: &mut State) {
        if s.drawn {
            let _ = write!(s.out, "\r\x1b[K");
            let _ = s.out.flush();
            s.drawn = false;
        }
    }

    /// Stops drawing for good and clears the line.
    pub(super) fn stop(&self) {
        let mut s = self.state.lock();
        s.stopped = true;
        Self::clear(&mut s);
        drop(s);
        self.wake.notify_all();
    }

    /// Redraws the line every `TICK` until `stop`.
    pub(super) fn spawn(line: &Arc<Line>) -> Option<std::thread::JoinHandle<()>> {
        let line = Arc::clone(line);
        std::thread::Builder::new()
            .name("fortiprobe-progress".into())
            .spawn(move || loop {
                let s = line.state.lock();
                let (s, _) = line
                    .wake
                    .wait_timeout(s, TICK)
                    .unwrap_or_else(PoisonError::into_inner);
                if s.stopped {
                    return;
                }
                drop(s);
                line.tick(Instant::now());
            })
            .ok()
    }
}

impl Listener for Line {
    /// A case that finishes clears the line: the trial returns to libtest
    /// right after, which prints its line from the start of a clean line.
    fn event(&self, event: &Event) {
        match event {
            Event::RequestSent { .. } => {
                self.requests.fetch_add(1, Ordering::Relaxed);
            }
            Event::CaseStarted { key, case } => {
                let name = crate::escape::terminal(&case.name).into_owned();
                self.state.lock().running.push((*key, name));
            }
            Event::CaseFinished { key, .. } => {
                let mut s = self.state.lock();
                Self::clear(&mut s);
                s.done += 1;
                s.running.retain(|(k, _)| k != key);
                s.quiet_until = Instant::now() + QUIET;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_fits_and_names_the_running_case() {
        let running = vec![
            "fortiauthenticator/fortitokens_list/walk_limit_1".to_string(),
            "fortiportal/tokens/login_logout".to_string(),
        ];
        let s = status(12, 73, 1234, &running, Duration::from_secs(83), WIDTH);
        assert!(s.starts_with("1:23 12/73 cases, 1234 requests: "), "{s}");
        assert!(s.ends_with("fortitokens_list/walk_limit_1 +1"), "{s}");
        assert!(s.chars().count() <= WIDTH, "{s}");
        let s = status(0, 5, 0, &[], Duration::from_secs(3725), WIDTH);
        assert_eq!(s, "1:02:05 0/5 cases, 0 requests");
        let narrow = status(1, 2, 3, &running, Duration::ZERO, 30);
        assert!(narrow.chars().count() <= 30, "{narrow}");
    }

    #[test]
    fn the_line_is_wanted_only_on_a_terminal_in_pretty_format() {
        let tty = Terminal {
            stderr_tty: true,
            stdout_tty: false,
            dumb: false,
        };
        let args = libtest_mimic::Arguments::default();
        assert!(wanted(tty, &args));
        let piped = Terminal {
            stderr_tty: false,
            ..tty
        };
        assert!(!wanted(piped, &args));
        let quiet = libtest_mimic::Arguments {
            quiet: true,
            ..Default::default()
        };
        assert!(!wanted(tty, &quiet));
        let json = libtest_mimic::Arguments {
            format: Some(libtest_mimic::FormatSetting::Json),
            ..Default::default()
        };
        assert!(!wanted(tty, &json));
        let dumb = Terminal { dumb: true, ..tty };
        assert!(!wanted(dumb, &args));
        let one = libtest_mimic::Arguments {
            test_threads: Some(1),
            ..Default::default()
        };
        assert!(
            wanted(tty, &one),
            "stdout elsewhere: no libtest line to spoil"
        );
        let same = Terminal {
            stdout_tty: true,
            ..tty
        };
        assert!(!wanted(same, &one));
    }

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Screen(Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Screen {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("screen").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_line_waits_for_a_quiet_moment_and_is_cleared_before_a_trial_returns() {
        let screen = Screen::default();
        let line = Line::new(Box::new(screen.clone()));
        line.set_total(2);
        let shown = || String::from_utf8_lossy(&screen.0.lock().expect("s")).into_owned();
        let key = CaseKey(3);
        let case = crate::report::CaseInfo {
            name: "p/e/a".into(),
            ..Default::default()
        };
        line.event(&Event::CaseStarted { key, case });
        for _ in 0..7 {
            line.event(&Event::RequestSent { case: Some(key) });
        }
        line.tick(line.started);
        assert_eq!(shown(), "", "not before a quiet moment");
        line.tick(line.started + QUIET);
        assert_eq!(shown(), "\r\x1b[K0:00 0/2 cases, 7 requests: p/e/a");
        line.event(&Event::CaseFinished {
            key,
            verdict: crate::report::Verdict::Pass,
            duration: Duration::ZERO,
            changes: None,
        });
        assert!(shown().ends_with("p/e/a\r\x1b[K"), "cleared: {:?}", shown());
        let before = shown().len();
        line.tick(Instant::now());
        assert_eq!(shown().len(), before, "a trial has just finished");
        line.stop();
        line.tick(Instant::now() + QUIET * 2);
        assert_eq!(shown().len(), before, "nothing after stop");
    }
}
