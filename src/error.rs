//! The library's top-level error: one variant per stage, each wrapping that stage's own error.
//!
//! Each stage defines its errors next to its code ([`crate::extract::ExtractError`],
//! [`crate::index::IndexError`], [`crate::search::SearchError`]). This type only gathers them so
//! that the CLI and the server can turn any of them into a message or a JSON body in one place,
//! and can tell the user's fault ([`Error::is_user_error`]) from ours.

/// Any error quorum's engine reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be turned into text.
    #[error(transparent)]
    Extract(#[from] crate::extract::ExtractError),
    /// The index could not be opened, read or written.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// A search could not run (often a bad query: see [`Error::is_user_error`]).
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
}

impl Error {
    /// True when the input was at fault (a malformed query, a bad filter), not quorum.
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Extract(_) => true,
            Error::Index(_) => false,
            Error::Search(e) => e.is_user_error(),
        }
    }
}
