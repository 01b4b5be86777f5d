//! text (to be written).
