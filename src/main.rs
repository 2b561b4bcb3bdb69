// mimalloc: the run and the mock allocate many small JSON values per
// request; glibc's allocator made that the largest cost (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The one place an outcome becomes an exit code: what ended the command is
/// printed once, then its documented code is returned.
fn main() -> std::process::ExitCode {
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
