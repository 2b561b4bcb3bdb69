fn main() -> std::process::ExitCode {
    fortiprobe::cli::main()
}
