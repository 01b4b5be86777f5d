//! `framelens report`: the main job.

use crate::cli::{run_config, InputArgs, LexiconArgs, RunArgs, StatsArgs, TextArgs};
use std::path::PathBuf;

/// Write every table into one report folder.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  framelens report examples/south-caucasus-demo --lexicon lexicons/south-caucasus.csv\n  framelens report news.csv.gz --by source,year --out reports/by-year --force\n\nThe report folder is written under a temporary name and renamed when complete. Column meanings: reports/README.md."
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    text: TextArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    #[command(flatten)]
    stats: StatsArgs,
    /// Report folder [default: reports/<corpus name>].
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace the report folder if it exists.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    run: RunArgs,
}

/// Run `framelens report`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut config = run_config(&args.input, &args.text, &args.run);
    if let Some(out) = args.out {
        config.out = out;
    }
    config.force = args.force;
    config.stats = args.stats.config();
    config.lexicons = args.lexicon.lexicon;
    config.overlap = args.lexicon.overlap;
    config.hits = !args.lexicon.no_hits;
    config.context_chars = args.lexicon.context;
    let outcome = framelens::run::report(&config, std::env::args().collect())?;
    for w in &outcome.warnings {
        eprintln!("framelens: warning: {w}");
    }
    if args.run.quiet {
        return Ok(());
    }
    eprintln!(
        "framelens: {} documents in {} groups → {} ({})",
        outcome.docs,
        outcome.groups,
        outcome.folder.display(),
        outcome.files.join(", ")
    );
    Ok(())
}
