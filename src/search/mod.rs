//! Stage 5: search.
/// Search errors.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {}
impl SearchError {
    /// User fault?
    pub fn is_user_error(&self) -> bool {
        true
    }
}
