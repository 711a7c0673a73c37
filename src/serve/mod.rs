//! Stage 6: serve.
