//! Signals during a run: SIGINT (Ctrl-C), SIGTERM (how CI systems cancel a
//! job) and SIGHUP (a closed terminal) all stop the run the same way: no new
//! step starts, the steps on the wire are waited for, and the cleanup of
//! every case that had created something runs, each saying `cleaned up …`
//! or `LEFT BEHIND …`. A second signal during that cleanup ends the process
//! at once, saying that what was not cleaned up yet may be left behind.
//! A closed standard output (`pipe`) stops the run the same way.

use std::sync::Arc;

use super::err;
use crate::error::{exit, Error};
use crate::run::Runner;

/// The watch over a run's signals.
pub(super) struct Signals {
    task: tokio::task::JoinHandle<Option<Error>>,
}

/// Watches for the signals while `runner` runs.
pub(super) fn watch(runner: &Arc<Runner>, rt: &tokio::runtime::Runtime) -> Signals {
    let runner = Arc::clone(runner);
    let task = rt.spawn(async move {
        let (name, number) = first_signal(true).await?;
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
            Some((again, n)) = first_signal(false) => {
                err(&format!(
                    "fortiprobe: {again} again: stopping now; what was not cleaned up yet may be LEFT BEHIND (see `fortiprobe run --help`)\n"
                ));
                std::process::exit(i32::from(exit::SIGNALLED.saturating_add(n)));
            }
        }
        Some(Error::Interrupted { name, number })
    });
    Signals { task }
}

impl Signals {
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

/// The first of SIGINT, SIGTERM and SIGHUP (and, with `pipe`, a closed
/// standard output) to come: its name and number.
async fn first_signal(pipe: bool) -> Option<(&'static str, u8)> {
    let closed = async {
        if pipe {
            super::pipe::wait_closed().await
        } else {
            std::future::pending().await
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).ok()?;
        let mut hup = signal(SignalKind::hangup()).ok()?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.ok().map(|_| ("SIGINT", 2)),
            _ = term.recv() => Some(("SIGTERM", 15)),
            _ = hup.recv() => Some(("SIGHUP", 1)),
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
