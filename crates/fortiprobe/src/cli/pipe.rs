//! A closed standard output (`fortiprobe run | head -1`): libtest's
//! printer panics when a write fails. The panic hook installed here keeps
//! that panic quiet (no message, no backtrace) and tells the signal watch,
//! which stops the run as an interruption would: no new step starts and
//! every cleanup owed runs. The run then ends with 141 (128 + SIGPIPE), as
//! a pipeline expects of a writer whose reader has gone. Every other panic
//! is printed by the hook that was there before.

use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Once};

use tokio::sync::Notify;

static CLOSED: AtomicBool = AtomicBool::new(false);
static NOTICE: LazyLock<Notify> = LazyLock::new(Notify::new);
static HOOK: Once = Once::new();

/// The signal number a closed pipe stands for.
pub(super) const SIGPIPE: u8 = 13;

/// Installs the hook (once per process).
pub(super) fn install() {
    HOOK.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if is_broken_pipe(info.payload()) {
                CLOSED.store(true, Ordering::SeqCst);
                NOTICE.notify_one();
                return;
            }
            before(info);
        }));
    });
}

/// Whether standard output was found closed.
pub(super) fn closed() -> bool {
    CLOSED.load(Ordering::SeqCst)
}

/// Resolves once standard output is found closed.
pub(super) async fn wait_closed() {
    if !closed() {
        NOTICE.notified().await;
    }
}

/// What `println!` and libtest's printer panic with on a closed pipe.
pub(super) fn is_broken_pipe(payload: &(dyn Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    text.contains("Broken pipe") || text.contains("os error 32")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_broken_pipe_is_kept_quiet() {
        let pipe: Box<dyn Any + Send> =
            Box::new("failed printing to stdout: Broken pipe (os error 32)".to_string());
        assert!(is_broken_pipe(&*pipe));
        let other: Box<dyn Any + Send> = Box::new("index out of bounds");
        assert!(!is_broken_pipe(&*other));
    }
}
