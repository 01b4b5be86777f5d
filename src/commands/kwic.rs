//! `framelens kwic`: a concordance of a word or phrase.

use crate::cli::{run_config, InputArgs, RunArgs, TextArgs};

/// Show every match of a pattern in context.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Patterns use the lexicon syntax: a word, a phrase (punctuation inside is ignored, so \"one nation, two states\" also finds \"one nation — two states\"), or a prefix with a trailing *.\n\nExamples:\n  framelens kwic examples/south-caucasus-demo --pattern \"one nation, two states\"\n  framelens kwic news.csv --pattern 'occup*' --csv > occupation.csv"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Word, phrase or prefix* to look for (repeatable).
    #[arg(long, short, value_name = "PATTERN", required = true)]
    pattern: Vec<String>,
    /// Characters of context on each side.
    #[arg(long, value_name = "N", default_value_t = 50)]
    width: usize,
    /// Write CSV (doc_id, group, left, matched, right, quoted) instead of aligned text.
    #[arg(long)]
    csv: bool,
    #[command(flatten)]
    text: TextArgs,
    #[command(flatten)]
    run: RunArgs,
}

/// Run `framelens kwic`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let config = run_config(&args.input, &args.text, &args.run);
    let stdout = std::io::BufWriter::new(std::io::stdout());
    let n = framelens::run::inspect::kwic(&config, &args.pattern, args.width, args.csv, stdout)?;
    if n == 0 {
        eprintln!("framelens: no match for {}", args.pattern.join(", "));
    }
    Ok(())
}
