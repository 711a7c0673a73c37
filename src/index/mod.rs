//! Stage 4: index.
/// Index errors.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {}
