//! count (to be written).
