//! Lines of a document with their byte offsets, and the plain reading of a line that every
//! rule in [`crate::understand`] matches against.
//!
//! In: the extracted text. Out: [`Line`]s (byte ranges into the text, never copies) and
//! [`plain`], which reads a line the way a person does: residual Markdown emphasis, heading
//! hashes, `<sup>` tags and list bullets that an extractor left behind are ignored. Extraction
//! is meant to remove them already; matching on the plain reading keeps the rules right when
//! it has not (a `.txt` that was not recognised as Markdown, say).

use std::borrow::Cow;
use std::ops::Range;

/// The plain reading of a line ([`plain`]): borrowed from the text when the line needs no
/// reading, which is most lines.
pub type Plain<'t> = Cow<'t, str>;

/// One line of the text: its byte range, without the line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'t> {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character (before `\n`).
    pub end: usize,
    /// The line as it stands in the text.
    pub raw: &'t str,
}

impl Line<'_> {
    /// The byte range of the line.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True for a line with nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }
}

/// Every line of `text`, in order, with byte offsets.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let body = body.strip_suffix('\r').unwrap_or(body);
        out.push(Line {
            start: offset,
            end: offset + body.len(),
            raw: body,
        });
        offset += piece.len();
    }
    out
}

/// The plain reading of one line: markup and bullets removed, white space collapsed.
///
/// `## **5. TITLE**` reads `5. TITLE`; `- (1) That ...**` reads `(1) That ...`;
/// `15<sup>th</sup>` reads `15th`; `[a@b.gov.uk](mailto:a@b.gov.uk)` reads `a@b.gov.uk`.
pub fn plain(line: &str) -> Plain<'_> {
    // Most lines hold no markup and single spaces: read them as they are.
    let trimmed = line.trim();
    if !needs_reading(trimmed) {
        return Cow::Borrowed(trimmed);
    }
    let mut s = line.replace("<sup>", "").replace("</sup>", "");
    s = s.replace("**", "").replace("__", "");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.trim();
    // Heading hashes and block quotes.
    rest = rest.trim_start_matches(['#', '>']).trim_start();
    out.push_str(rest);
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    let mut joined = collapsed.join(" ");
    // Markdown links: keep the visible text.
    while let Some(open) = joined.find("](") {
        let Some(close_rel) = joined.get(open..).and_then(|t| t.find(')')) else {
            break;
        };
        let Some(text_start) = joined.get(..open).and_then(|t| t.rfind('[')) else {
            break;
        };
        let visible = joined.get(text_start + 1..open).unwrap_or("").to_string();
        let tail = joined.get(open + close_rel + 1..).unwrap_or("").to_string();
        let head = joined.get(..text_start).unwrap_or("").to_string();
        joined = format!("{head}{visible}{tail}");
    }
    // Stray emphasis stars and underscores at the edges.
    Cow::Owned(joined.trim_matches(['*', '_', ' ']).to_string())
}

/// What [`needs_reading`] makes of each byte.
const PLAIN: u8 = 0;
const MARKUP: u8 = 1;
const SPACE: u8 = 2;
const NON_ASCII: u8 = 3;

/// Each byte's class for [`needs_reading`]: markup and white space other than a space need
/// reading, a space does after a space, bytes past ASCII are looked at as characters.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let markup = b"*_<#>[\t\r\n\x0b\x0c";
    let mut i = 0;
    while i < markup.len() {
        table[markup[i] as usize] = MARKUP;
        i += 1;
    }
    table[b' ' as usize] = SPACE;
    let mut b = 0x80;
    while b < 256 {
        table[b] = NON_ASCII;
        b += 1;
    }
    table
};

/// True when a trimmed line holds markup, a run of spaces or white space other than a space:
/// one pass over its bytes, a character decoded only where one past ASCII starts.
fn needs_reading(trimmed: &str) -> bool {
    let bytes = trimmed.as_bytes();
    let mut previous_space = false;
    for (at, &b) in bytes.iter().enumerate() {
        match BYTE_CLASS[b as usize] {
            PLAIN => previous_space = false,
            SPACE if previous_space => return true,
            SPACE => previous_space = true,
            NON_ASCII => {
                previous_space = false;
                // A lead byte (continuation bytes are 0b10xx_xxxx) starts a character.
                let starts = b >= 0xC0;
                if starts
                    && trimmed
                        .get(at..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_whitespace)
                {
                    return true;
                }
            }
            _ => return true,
        }
    }
    false
}

/// The first `bytes` of `text`, cut at a character boundary: what a whole-paper check reads
/// of a long paper.
pub fn opening(text: &str, bytes: usize) -> &str {
    let mut cut = bytes.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.get(..cut).unwrap_or(text)
}

/// [`plain`], then without a leading list bullet (`-`, `*`, `•`, `·`).
pub fn plain_unbulleted(line: &str) -> String {
    let p = plain(line);
    strip_bullet(&p).to_string()
}

/// `s` without a leading list bullet, if it has one.
pub fn strip_bullet(s: &str) -> &str {
    for bullet in ["- ", "* ", "• ", "· ", "– "] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    for bullet in ['•', '·', '\u{f0b7}'] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    s
}

/// True when `s` starts with a list bullet.
pub fn has_bullet(s: &str) -> bool {
    strip_bullet(s).len() != s.len()
}

/// Share of the letters in `s` that are upper case (1.0 for a line without letters).
pub fn upper_ratio(s: &str) -> f32 {
    let (mut upper, mut letters) = (0u32, 0u32);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    if letters == 0 {
        1.0
    } else {
        upper as f32 / letters as f32
    }
}

/// True when `s` is written in capitals (at least four letters, nearly all upper case).
pub fn is_capitals(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 4 && upper_ratio(s) >= 0.8
}

/// Title case for a name printed in capitals: `CARE SERVICES AND SCRUTINY COMMITTEE` becomes
/// `Care Services and Scrutiny Committee`. Text not in capitals is returned as it is.
pub fn title_case(s: &str) -> String {
    if !is_capitals(s) {
        return s.to_string();
    }
    const SMALL: [&str; 9] = ["and", "of", "the", "for", "on", "in", "to", "a", "at"];
    let mut out = Vec::new();
    for (i, word) in s.split_whitespace().enumerate() {
        let lower = word.to_lowercase();
        if i > 0 && SMALL.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        let mut chars = lower.chars();
        let mut w = String::new();
        if let Some(first) = chars.next() {
            w.extend(first.to_uppercase());
            w.push_str(chars.as_str());
        }
        out.push(w);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_carry_offsets_into_the_text() {
        let text = "one\r\ntwo\n\nthree";
        let ls = lines(text);
        assert_eq!(ls.len(), 4);
        assert_eq!(&text[ls[1].range()], "two");
        assert!(ls[2].is_blank());
        assert_eq!(&text[ls[3].range()], "three");
    }

    #[test]
    fn plain_reads_past_residual_markup() {
        assert_eq!(plain("## **5. TITLE**"), "5. TITLE");
        assert_eq!(plain("**53 APOLOGIES**"), "53 APOLOGIES");
        assert_eq!(plain("15<sup>th</sup> to 17<sup>th</sup>"), "15th to 17th");
        assert_eq!(
            plain("E-mail: [a@b.gov.uk](mailto:a@b.gov.uk)"),
            "E-mail: a@b.gov.uk"
        );
        assert_eq!(
            plain_unbulleted("- (1) That it be noted.**"),
            "(1) That it be noted."
        );
        assert_eq!(plain("   "), "");
    }

    #[test]
    fn lines_without_markup_read_as_they_are() {
        for line in [
            "Plain words, one space.",
            "£5 **bold**",
            "a\u{a0} b",
            "two  spaces",
            "ÉTÉ _x_",
            "café\u{2003}bar £5",
            "£5 x\u{3000}y",
            "ÉTÉ\u{a0}",
        ] {
            let slow: Vec<&str> = line.split_whitespace().collect();
            let expected = slow
                .join(" ")
                .replace("**", "")
                .trim_matches(['*', '_'])
                .to_string();
            assert_eq!(plain(line), expected, "{line:?}");
        }
        assert_eq!(opening("née", 2), "n");
    }

    #[test]
    fn capitals_and_title_case() {
        assert!(is_capitals("CARE SERVICES COMMITTEE"));
        assert!(!is_capitals("Apologies"));
        assert_eq!(
            title_case("CARE SERVICES POLICY DEVELOPMENT AND SCRUTINY COMMITTEE"),
            "Care Services Policy Development and Scrutiny Committee"
        );
        assert_eq!(title_case("Cabinet"), "Cabinet");
    }
}
