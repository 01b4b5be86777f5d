//! lexicon (to be written).
