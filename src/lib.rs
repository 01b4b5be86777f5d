//! framelens: compare how news outlets word the same story.
#![deny(missing_docs)]

pub mod config;
pub mod corpus;
pub mod count;
pub mod error;
pub mod lexicon;
pub mod report;
pub mod run;
pub mod stats;
pub mod text;
