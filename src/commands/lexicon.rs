//! `framelens lexicon check`: validate lexicons and show each pattern as
//! normalised.

use crate::cli::{run_config, InputArgs, RunArgs, TextArgs};
use clap::Subcommand;

/// Work with lexicons.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: LexiconCommand,
}

/// Lexicon subcommands.
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Validate lexicon files (CSV, .dic, .dicx) and print each pattern as normalised, as CSV.
    #[command(after_help = "Example:\n  framelens lexicon check lexicons/south-caucasus.csv")]
    Check {
        /// Lexicon files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        #[command(flatten)]
        text: TextArgs,
    },
}

/// Run `framelens lexicon …`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        LexiconCommand::Check { files, text } => {
            let input = InputArgs::none();
            let run = RunArgs::quiet();
            let config = run_config(&input, &text, &run);
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            for note in framelens::run::inspect::lexicon_check(&config, &files, stdout)? {
                eprintln!("framelens: {note}");
            }
            Ok(())
        }
    }
}
