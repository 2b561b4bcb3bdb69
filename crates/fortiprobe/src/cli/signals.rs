//! Signals during a run: SIGINT (Ctrl-C), SIGTERM (how CI systems cancel a
//! job) and SIGHUP (a closed terminal) all stop the run the same way: no new
//! step starts, the steps on the wire are waited for, and the cleanup of
//! every case that had created something runs, each saying `cleaned up …`
//! or `LEFT BEHIND …`. A second signal during that cleanup ends the process
//! at once, saying that what was not cleaned up yet may be left behind.
//! A closed standard output stops the run the same way, seen the moment
//! its reader goes (`stdout_gone`), or at the first write that fails
//! (`pipe`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::err;
use crate::error::{exit, Error};
use crate::run::Runner;

/// The watch over a run's signals, from before its first request.
pub(super) struct Signals {
    task: tokio::task::JoinHandle<Option<Error>>,
    /// Set when the cases start: before, there is nothing to clean up.
    cases: Arc<AtomicBool>,
}

/// Watches for the signals while `runner` runs. The handlers are in
/// place when this returns (before the first probe), so a signal at any
/// time after ends the run the documented way, never by the default
/// action.
pub(super) fn watch(runner: &Arc<Runner>, rt: &tokio::runtime::Runtime) -> Signals {
    let runner = Arc::clone(runner);
    let mut handlers = {
        let _inside = rt.enter();
        Handlers::install()
    };
    let cases = Arc::new(AtomicBool::new(false));
    let started = Arc::clone(&cases);
    let task = rt.spawn(async move {
        let (name, number) = handlers.first(true).await?;
        if !started.load(Ordering::SeqCst) {
            let what = if number == super::pipe::SIGPIPE {
                "standard output was closed".to_string()
            } else {
                format!("interrupted ({name})")
            };
            err(&format!(
                "\nfortiprobe: {what} before any case: nothing was created, nothing to clean up\n"
            ));
            return Some(Error::Interrupted { name, number });
        }
        if number == super::pipe::SIGPIPE {
            err("fortiprobe: standard output was closed; stopping and cleaning up what the running cases created\n");
        } else {
            err(&format!(
                "\nfortiprobe: interrupted ({name}); cleaning up what the running cases created\n"
            ));
        }
        let cleanup = runner.interrupt();
        tokio::pin!(cleanup);
        tokio::select! {
            lines = &mut cleanup => {
                for line in lines {
                    err(&format!("fortiprobe: {line}\n"));
                }
            }
            Some((again, n)) = handlers.first(false) => {
                err(&format!(
                    "fortiprobe: {again} again: stopping now; what was not cleaned up yet may be LEFT BEHIND (see `fortiprobe run --help`)\n"
                ));
                std::process::exit(i32::from(exit::SIGNALLED.saturating_add(n)));
            }
        }
        Some(Error::Interrupted { name, number })
    });
    Signals { task, cases }
}

impl Signals {
    /// Runs `before` (the first probes of the targets) unless a signal or
    /// a closed standard output comes first: then the interruption.
    pub(super) fn before_cases<T>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        before: impl std::future::Future<Output = T>,
    ) -> Result<T, Error> {
        rt.block_on(async {
            tokio::select! {
                done = before => Ok(done),
                ended = &mut self.task => Err(ended.ok().flatten().unwrap_or(Error::Interrupted {
                    name: "SIGINT",
                    number: 2,
                })),
            }
        })
    }

    /// The cases start: an interruption from now on cleans up after them.
    pub(super) fn cases_start(&self) {
        self.cases.store(true, Ordering::SeqCst);
    }

    /// After the trials: the interruption, if there was one (waiting for
    /// its cleanup to end), else nothing.
    pub(super) fn finish(self, runner: &Runner, rt: &tokio::runtime::Runtime) -> Option<Error> {
        if runner.interrupted() || self.task.is_finished() || super::pipe::closed() {
            return rt.block_on(self.task).ok().flatten();
        }
        self.task.abort();
        None
    }
}

/// Resolves the moment standard output's reader goes away (a pipe or
/// socket whose other end closed: the kernel reports an error on fd 1),
/// not at the next write, which may come long after: a case may run for
/// seconds between two lines. Never resolves for a file or a terminal (a
/// closed terminal is SIGHUP), or where fd 1 cannot be watched.
#[allow(unsafe_code)] // the one exception outside main.rs, for the one watch tokio has no safe call for
async fn stdout_gone() {
    #[cfg(unix)]
    {
        use tokio::io::{unix::AsyncFd, Interest};
        // SAFETY: `Stdout` always returns fd 1, which the process keeps
        // open until it exits (nothing in fortiprobe closes it); the
        // registration only waits for its readiness and does no I/O.
        let registered =
            unsafe { AsyncFd::register_with_interest(std::io::stdout(), Interest::ERROR) };
        if let Ok(fd) = registered {
            if let Ok(guard) = fd.ready(Interest::ERROR).await {
                if guard.ready().is_error() {
                    return;
                }
            }
        }
    }
    std::future::pending::<()>().await
}

/// The signal handlers, installed at once (tokio's are installed when
/// made, not when first awaited).
struct Handlers {
    #[cfg(unix)]
    unix: Option<[(tokio::signal::unix::Signal, &'static str, u8); 3]>,
}

impl Handlers {
    fn install() -> Handlers {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let unix = (|| {
                Some([
                    (signal(SignalKind::interrupt()).ok()?, "SIGINT", 2),
                    (signal(SignalKind::terminate()).ok()?, "SIGTERM", 15),
                    (signal(SignalKind::hangup()).ok()?, "SIGHUP", 1),
                ])
            })();
            Handlers { unix }
        }
        #[cfg(not(unix))]
        Handlers {}
    }

    /// The first of SIGINT, SIGTERM and SIGHUP (and, with `pipe`, a
    /// closed standard output) to come: its name and number.
    async fn first(&mut self, pipe: bool) -> Option<(&'static str, u8)> {
        let closed = async {
            if pipe {
                tokio::select! {
                    _ = super::pipe::wait_closed() => {}
                    _ = stdout_gone() => {}
                }
            } else {
                std::future::pending().await
            }
        };
        #[cfg(unix)]
        {
            let [(int, i, ni), (term, t, nt), (hup, h, nh)] = self.unix.as_mut()?;
            tokio::select! {
                _ = int.recv() => Some((*i, *ni)),
                _ = term.recv() => Some((*t, *nt)),
                _ = hup.recv() => Some((*h, *nh)),
                _ = closed => Some(("SIGPIPE", super::pipe::SIGPIPE)),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::select! {
                r = tokio::signal::ctrl_c() => r.ok().map(|_| ("SIGINT", 2)),
                _ = closed => Some(("SIGPIPE", super::pipe::SIGPIPE)),
            }
        }
    }
}
