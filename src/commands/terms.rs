//! `framelens terms`: terms.csv on standard output.

use crate::cli::{run_config, InputArgs, RunArgs, TextArgs};

/// Write per-group term counts (terms.csv) to standard output.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  framelens terms news.csv --by source | head")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    text: TextArgs,
    #[command(flatten)]
    run: RunArgs,
}

/// Run `framelens terms`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let config = run_config(&args.input, &args.text, &args.run);
    let stdout = std::io::stdout().lock();
    framelens::run::terms(&config, std::io::BufWriter::new(stdout))?;
    Ok(())
}
