//! One module per command: its arguments and a short `run` that builds the
//! configuration and calls the library.

pub mod kwic;
pub mod lexicon;
pub mod report;
pub mod terms;

use crate::cli::{Cli, Command};

/// Run the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Report(args) => report::run(args),
        Command::Terms(args) => terms::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Lexicon(args) => lexicon::run(args),
    }
}
