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
/// system allocator there (which took 12% more CPU time on the benchmark:
/// bench/HISTORY.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (libmimalloc-sys
/// does not export the constant; a test pins it by its default).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep freed memory for reuse instead of returning it to the kernel during
/// the run. Each batch of documents is freed shortly before the next one of
/// the same size is allocated; by default mimalloc hands such memory back
/// (`madvise`) and the kernel must zero fresh pages for the next batch. Not
/// doing so made runs 4–12% faster (bench/HISTORY.md); peak memory
/// is what the run needs anyway. `MIMALLOC_PURGE_DELAY` in the environment
/// still wins.
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option; no other thread exists yet.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_option_is_the_one_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads and sets one integer option.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(before, 1000, "mimalloc's default purge delay (ms)");
        keep_freed_memory();
        let after = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(after, -1);
    }
}
