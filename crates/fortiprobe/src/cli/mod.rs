//! The command line: parses flags (`args`), runs the subcommand (`run`,
//! `commands`), and returns what ended it as one `Error`, which `main`
//! prints once and turns into the documented exit code.

mod args;
mod commands;
mod pipe;
mod progress;
mod run;
mod signals;

use clap::Parser;

pub use args::{Cli, Command, MockData, RunArgs, SuiteArgs, TrialArgs};
pub use commands::check_summary;

use crate::error::Error;

/// Parses the command line and runs it.
pub fn main() -> Result<(), Error> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints its own help, version and usage errors.
            let _ = e.print();
            return if e.use_stderr() {
                Err(Error::Usage(Vec::new()))
            } else {
                Ok(())
            };
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(vec![format!("cannot start the async runtime: {e}")]))?;
    match cli.command {
        Command::Run(args) => run::run(*args, &rt),
        // One thread serves the mock fastest: a load generator on the same
        // machine takes the other core, and no request waits for another
        // thread's wake-up (BENCHMARKS.md).
        Command::Mock(args) => match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(one) => commands::serve_mock(args, &one),
            Err(_) => commands::serve_mock(args, &rt),
        },
        Command::Cases(args) => commands::cases(args),
        Command::Faults => {
            out(&crate::killmatrix::list());
            Ok(())
        }
        Command::KillMatrix(args) => commands::kill_matrix(args, &rt),
        Command::Explain(args) => commands::explain(args),
        Command::Diff(args) => commands::diff(args),
        Command::Check(args) => commands::check(args),
        Command::Openapi(args) => commands::openapi(args),
        Command::Completions(args) => {
            commands::completions(args);
            Ok(())
        }
        Command::Man(args) => commands::man(args),
    }
}

/// Writes to stdout, every control character shown by its code
/// (`escape::terminal`); a closed pipe (`| head`) is not an error.
fn out(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::escape::terminal(text).as_bytes());
}

/// Writes to stderr, every control character shown by its code.
fn err(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr()
        .lock()
        .write_all(crate::escape::terminal(text).as_bytes());
}
