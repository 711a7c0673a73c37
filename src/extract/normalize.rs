//! Text normalisation shared by every format.
//!
//! In: text as a format extractor produced it (any line endings, stray control characters,
//! exotic spaces, words hyphenated across line breaks).
//! Out: the text every later stage relies on: Unicode NFC, `\n` line endings, no control
//! characters but `\n` and `\t`, plain spaces, no trailing white space on a line, hyphenated
//! line breaks joined, at most one blank line in a row, no blank lines at either end.
//! Curly quotes and dashes are kept as they are: they are for display, and the indexer's
//! tokenizer folds them.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalise extracted text: see the module documentation for what holds afterwards.
pub fn normalize(text: &str) -> String {
    let cleaned = clean_characters(text);
    let lines = trimmed_lines(&cleaned);
    let joined = join_hyphenated_lines(lines);
    compose(collapse_blank_lines(&joined))
}

/// `text` in NFC. Cleaning can bring a combining mark next to a letter it was kept from (a
/// dropped zero-width or control character between them), so composition is checked again at
/// the end (found by fuzzing: `n`, U+FEFF, U+0300 came out as `n` + U+0300).
fn compose(text: String) -> String {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// NFC, line endings, ligatures, spaces and control characters, one character at a time.
fn clean_characters(text: &str) -> String {
    // Nearly all extracted text is NFC already, and the quick check costs a fraction of
    // composing (composition was a fifth of indexing time in the profile in
    // docs/PERFORMANCE.md).
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        clean_chars(text.chars(), text.len())
    } else {
        clean_chars(text.nfc(), text.len())
    }
}

/// See [`clean_characters`]; `chars` are already NFC.
fn clean_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut previous_was_cr = false;
    for c in chars {
        let was_cr = previous_was_cr;
        previous_was_cr = c == '\r';
        match c {
            '\r' => out.push('\n'),
            // The `\n` of a `\r\n` pair: the `\r` already ended the line.
            '\n' if was_cr => {}
            '\n' | '\t' => out.push(c),
            // Line and paragraph separators end lines like `\n` does.
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            // A soft hyphen is invisible unless a line breaks there; at a line end it marks a
            // word broken across lines, so keep it as `-` for the hyphen join to see, and drop
            // it elsewhere (see `join_hyphenated_lines`).
            '\u{00AD}' => out.push(SOFT_HYPHEN_MARK),
            // The mark's own character in the input (a vendor glyph with no meaning outside
            // its font) is dropped, so every mark below is one of ours.
            SOFT_HYPHEN_MARK => {}
            c if is_unicode_space(c) => out.push(' '),
            c if is_invisible(c) || c.is_control() => {}
            c if is_latin_ligature(c) => out.extend(std::iter::once(c).nfkc()),
            c => out.push(c),
        }
    }
    out
}

/// Stands in for a soft hyphen until lines are joined: a private-use character that no
/// extractor produces, removed before the text leaves this module.
const SOFT_HYPHEN_MARK: char = '\u{F8FF}';

/// Spaces other than the plain one (no-break, en, em, thin, ideographic ...).
fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Zero-width characters that would otherwise split or glue words invisibly.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// The Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) that PDFs emit for "ff", "fi" ...: NFKC splits them,
/// but NFKC on the whole text would also fold characters worth keeping (², ½, ™).
fn is_latin_ligature(c: char) -> bool {
    ('\u{FB00}'..='\u{FB06}').contains(&c)
}

/// Lines with trailing white space removed.
fn trimmed_lines(text: &str) -> Vec<&str> {
    text.split('\n').map(str::trim_end).collect()
}

/// Join `recruit-` + `ment` into `recruitment`.
///
/// Only when a letter precedes the hyphen and a lowercase letter starts the next line: a
/// capital (`Vice-` + `Chairman`) means a compound whose hyphen belongs to it, a digit
/// (`2024-` + `25`) a range, and a hyphen after a space a dash or a list bullet.
fn join_hyphenated_lines(lines: Vec<&str>) -> String {
    let mut out = String::new();
    // The hyphen taken off the end of the previous line, if it may break a word.
    let mut pending_hyphen: Option<char> = None;
    for (index, line) in lines.into_iter().enumerate() {
        let joins = pending_hyphen.is_some() && starts_with_lowercase(line.trim_start());
        let line = if joins { line.trim_start() } else { line };
        if index > 0 && !joins {
            push_visible_hyphen(&mut out, pending_hyphen);
            out.push('\n');
        }
        pending_hyphen = broken_word_hyphen(line);
        let line_body = match pending_hyphen {
            Some(hyphen) => line.strip_suffix(hyphen).unwrap_or(line),
            None => line,
        };
        out.push_str(line_body);
    }
    push_visible_hyphen(&mut out, pending_hyphen);
    if !out.contains(SOFT_HYPHEN_MARK) {
        return out;
    }
    // A soft hyphen that did not break a word vanishes; after a space ("word \u{AD}") that
    // would leave the space at the end of its line, so lines are trimmed again.
    let without_marks = out.replace(SOFT_HYPHEN_MARK, "");
    trimmed_lines(&without_marks).join("\n")
}

/// Give back a hyphen that turned out not to break a word (a soft hyphen stays invisible).
fn push_visible_hyphen(out: &mut String, hyphen: Option<char>) {
    if let Some(hyphen) = hyphen.filter(|&h| h != SOFT_HYPHEN_MARK) {
        out.push(hyphen);
    }
}

/// The hyphen ending a line right after a letter (a hyphen or a soft hyphen), if any.
fn broken_word_hyphen(line: &str) -> Option<char> {
    let mut chars = line.chars().rev();
    let hyphen = chars.next()?;
    let before = chars.next()?;
    let is_hyphen = matches!(hyphen, '-' | '\u{2010}' | SOFT_HYPHEN_MARK);
    (is_hyphen && before.is_alphabetic()).then_some(hyphen)
}

fn starts_with_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// At most one blank line in a row, none at the start or end.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_become_newlines() {
        assert_eq!(normalize("a\r\nb\rc\nd"), "a\nb\nc\nd");
    }

    #[test]
    fn control_characters_go_but_tabs_stay() {
        assert_eq!(normalize("a\u{0}b\u{7}c\td\u{c}"), "abc\td");
    }

    #[test]
    fn unicode_spaces_become_plain_spaces() {
        assert_eq!(normalize("10\u{a0}March\u{2009}2021"), "10 March 2021");
        assert_eq!(normalize("zero\u{200b}width"), "zerowidth");
    }

    /// Found by fuzzing: a combining mark whose letter was separated from it by a character
    /// that cleaning drops must still compose with that letter.
    #[test]
    fn a_mark_freed_by_cleaning_composes() {
        assert_eq!(normalize("Min\u{FEFF}\u{300}utes"), "Mi\u{1F9}utes");
        assert_eq!(normalize("n\u{00AD}\u{300}"), "\u{1F9}");
    }

    /// Found by fuzzing: removing a soft hyphen (or a literal U+F8FF, the character that marks
    /// one internally) must not leave white space at the end of a line.
    #[test]
    fn soft_hyphens_that_break_no_word_leave_no_trailing_space() {
        assert_eq!(normalize("a word \u{00AD}\nnext"), "a word\nnext");
        assert_eq!(normalize("icon \u{F8FF}\nnext"), "icon\nnext");
        assert_eq!(normalize("caring \u{F8FF}-\nfor"), "caring -\nfor");
        assert_eq!(normalize("recruit\u{00AD}\nment"), "recruitment");
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(normalize("Cafe\u{301}"), "Caf\u{e9}");
    }

    #[test]
    fn ligatures_split_but_other_compatibility_characters_stay() {
        assert_eq!(normalize("\u{fb01}nance o\u{fb03}ce"), "finance office");
        assert_eq!(normalize("m\u{b2} \u{bd}"), "m\u{b2} \u{bd}");
    }

    #[test]
    fn curly_quotes_are_kept() {
        assert_eq!(
            normalize("\u{201c}Council\u{2019}s\u{201d}"),
            "\u{201c}Council\u{2019}s\u{201d}"
        );
    }

    #[test]
    fn trailing_space_trimmed_and_blank_runs_collapsed() {
        assert_eq!(
            normalize("\n\n  title  \n\n\n\nbody \t\n \n"),
            "  title\n\nbody"
        );
    }

    #[test]
    fn hyphenated_line_breaks_join_before_lowercase_only() {
        assert_eq!(normalize("recruit-\nment plan"), "recruitment plan");
        assert_eq!(normalize("recruit-  \n   ment"), "recruitment");
        assert_eq!(normalize("the Vice-\nChairman"), "the Vice-\nChairman");
        assert_eq!(normalize("in 2024-\n25"), "in 2024-\n25");
        assert_eq!(normalize("items -\nnext"), "items -\nnext");
        assert_eq!(normalize("- one\n- two"), "- one\n- two");
        assert_eq!(normalize("ends-"), "ends-");
    }

    #[test]
    fn soft_hyphens_join_at_line_ends_and_vanish_elsewhere() {
        assert_eq!(normalize("commit\u{ad}\nments"), "commitments");
        assert_eq!(normalize("com\u{ad}mitment"), "commitment");
        assert_eq!(normalize("Vice\u{ad}\nChair"), "Vice\nChair");
    }
}
