// mimalloc: the run and the mock allocate many small JSON values per
// request; glibc's allocator made that the largest cost (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The one place an outcome becomes an exit code: what ended the command is
/// printed once, then its documented code is returned.
fn main() -> std::process::ExitCode {
    no_huge_pages();
    purge_soon();
    match fortiprobe::cli::main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            for line in e.report() {
                eprintln!("{}", fortiprobe::escape::terminal(&line));
            }
            std::process::ExitCode::from(e.exit_code())
        }
    }
}

/// Transparent huge pages off for this process: with THP set to `always`
/// (a common default), each region the allocator touches grows resident
/// memory by 2 MiB at a time, which added about 35 MB to the peak of a
/// walk of 100,000 tokens (BENCHMARKS.md). Nothing here needs huge pages.
#[allow(unsafe_code)] // the workspace denies unsafe code; these three calls and cli::signals::stdout_gone are the only exceptions
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // sets a flag of the calling process; its result is ignored (an older
    // kernel without it leaves THP as it was).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_t` (its place in
/// `include/mimalloc.h` of libmimalloc-sys 0.1.49, the version Cargo.lock
/// pins; the test below notices if it moves).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// mimalloc gives freed memory back to the system after 10 ms instead of
/// its default second, unless the environment says otherwise: with the default, the pages freed after each
/// listing page was parsed stayed resident while the next ones were read,
/// and a whole run against 100,000 tokens peaked at about 90 MB instead of
/// 65 (BENCHMARKS.md). `cargo bench --bench per_request` shows no cost per
/// request; at 0 ms the embedded 100,000-token run took a quarter longer.
/// A purge delay the user set in the environment (mimalloc's own variable
/// or its older name) is kept.
#[allow(unsafe_code)]
fn purge_soon() {
    if user_purge_delay() {
        return;
    }
    // SAFETY: mimalloc's documented option setter, called before any
    // thread is started; it takes plain integers.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10) }
}

/// `MIMALLOC_PURGE_DELAY` or `MIMALLOC_RESET_DELAY` is set.
fn user_purge_delay() -> bool {
    ["MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_option_is_where_we_set_it() {
        if user_purge_delay() {
            return; // the environment set the option: its default is not there to see
        }
        // mimalloc's documented default purge delay is 1000 ms; another
        // option at this place would have another default.
        // SAFETY: a read of one option by its number.
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
    }
}
