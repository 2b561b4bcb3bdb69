// mimalloc: the run and the mock allocate many small JSON values per
// request; glibc's allocator made that the largest cost (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    fortiprobe::cli::main()
}
