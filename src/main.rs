// mimalloc: the run and the mock allocate many small JSON values per
// request; glibc's allocator made that the largest cost (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The one place an outcome becomes an exit code: what ended the command is
/// printed once, then its documented code is returned.
fn main() -> std::process::ExitCode {
    no_huge_pages();
    match fortiprobe::cli::main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            for line in e.report() {
                eprintln!("{line}");
            }
            std::process::ExitCode::from(e.exit_code())
        }
    }
}

/// Transparent huge pages off for this process: with THP set to `always`
/// (a common default), each region the allocator touches grows resident
/// memory by 2 MiB at a time, which added about 35 MB to the peak of a
/// walk of 100,000 tokens (BENCHMARKS.md). Nothing here needs huge pages.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // sets a flag of the calling process; its result is ignored (an older
    // kernel without it leaves THP as it was).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
