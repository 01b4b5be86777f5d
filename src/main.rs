//! The `framelens` binary: parse the command line, run the command, map
//! errors to exit codes (0 success, 1 bad input or usage, 2 internal error;
//! a closed output pipe is success; 130 when interrupted). All the work is in
//! the library.

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: documents and their fields are allocated and freed by the
/// thousand per batch, on several threads; it is measurably faster than the
/// system allocator there (README, "Speed").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM, SIGHUP: delete the report being written (it would
    // never be renamed into place), then exit as a shell expects (128 + 2).
    let _ = ctrlc::set_handler(|| {
        if framelens::report::folder::remove_partial_folders() > 0 {
            eprintln!("framelens: interrupted; the unfinished report was deleted");
        }
        std::process::exit(130);
    });
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("framelens: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// 2 for internal errors, 1 for everything else the library reports.
fn exit_code(err: &anyhow::Error) -> u8 {
    match err.downcast_ref::<framelens::error::Error>() {
        Some(e) => e.exit_code() as u8,
        None => 1,
    }
}

/// True when any error in the chain is a closed pipe (`framelens terms | head`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<framelens::error::Error>()
            .is_some_and(|e| e.is_broken_pipe())
            || e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
