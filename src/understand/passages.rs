//! Split a document's text into passages: roughly 40-250 words, cut on paragraph and then
//! sentence boundaries, never across a segment (an item, a report section).
//!
//! In: the text and its [`Segment`]s. Out: [`Passage`]s in reading order, with character
//! offsets, pages and stable ids. Each passage takes its segment's role.

use std::ops::Range;

use crate::extract::Extracted;
use crate::limits::{PASSAGE_MAX_WORDS, PASSAGE_MIN_WORDS};
use crate::model::{short_id, DocType, ItemRef, Meeting, Passage, Role};

/// A stretch of text that shares one item, section and type. Passages never cross segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The item it belongs to.
    pub item: Option<ItemRef>,
    /// The report section heading, if any.
    pub section: Option<String>,
    /// The kind of text.
    pub doc_type: DocType,
    /// What the text does in the meeting's business (see [`super::roles`]).
    pub role: Role,
    /// For reprinted minutes, the meeting they record ([`super::reprints`]).
    pub reprint_of: Option<Meeting>,
}

/// Cut every segment of `text` into passages.
pub fn split(text: &str, segments: &[Segment], extracted: &Extracted, rel: &str) -> Vec<Passage> {
    let chars = CharOffsets::new(text);
    let mut passages = Vec::new();
    let boundaries = extracted.ocr_boundaries();
    for segment in segments {
        let ranges = passage_ranges(text, segment.range.clone())
            .into_iter()
            .flat_map(|range| cut_at(text, range, &boundaries));
        for range in ranges {
            let body = &text[range.clone()];
            let ordinal = passages.len();
            let ocr_confidence = extracted.ocr_confidence_in(range.clone());
            passages.push(Passage {
                id: passage_id(rel, ordinal, body),
                doc_type: segment.doc_type,
                role: segment.role,
                item: segment.item.clone(),
                section: segment.section.clone(),
                page: extracted.page_at(range.start),
                ocr: ocr_confidence.is_some(),
                ocr_confidence,
                start: chars.at(range.start),
                end: chars.at(range.end),
                truncated: false,
                reprint_of: segment.reprint_of.clone(),
                text: body.to_string(),
                references: Vec::new(),
                speakers: Vec::new(),
            });
        }
    }
    passages
}

/// `range` cut at each of `boundaries` inside it, each piece trimmed of white space; empty
/// pieces are dropped.
fn cut_at(text: &str, range: Range<usize>, boundaries: &[usize]) -> Vec<Range<usize>> {
    let inside = boundaries
        .iter()
        .copied()
        .filter(|b| range.start < *b && *b < range.end);
    let mut edges = vec![range.start];
    edges.extend(inside);
    edges.push(range.end);
    edges
        .windows(2)
        .filter_map(|w| {
            let piece = &text[w[0]..w[1]];
            let start = w[0] + (piece.len() - piece.trim_start().len());
            let end = w[0] + piece.trim_end().len();
            (start < end).then_some(start..end)
        })
        .collect()
}

/// The id of the `ordinal`th passage of the document at `rel`, whose text is `body`.
pub fn passage_id(rel: &str, ordinal: usize, body: &str) -> String {
    short_id(&format!("{rel}\u{1f}{ordinal}\u{1f}{body}"))
}

/// Byte ranges of the passages inside `segment`, trimmed of surrounding white space.
pub fn passage_ranges(text: &str, segment: Range<usize>) -> Vec<Range<usize>> {
    // Each unit's words are counted once, and carried with it.
    let mut units: Vec<(Range<usize>, usize)> = Vec::new();
    for paragraph in paragraphs(text, segment) {
        let words = word_count(&text[paragraph.clone()]);
        if words > PASSAGE_MAX_WORDS {
            units.extend(
                sentences(text, paragraph)
                    .into_iter()
                    .map(|r| (r.clone(), word_count(&text[r]))),
            );
        } else {
            units.push((paragraph, words));
        }
    }
    let mut out: Vec<(Range<usize>, usize)> = Vec::new();
    let mut current: Option<(Range<usize>, usize)> = None;
    for (unit, words) in units {
        current = match current {
            None => Some((unit, words)),
            Some((range, count))
                if count < PASSAGE_MIN_WORDS || count + words <= PASSAGE_MAX_WORDS / 2 =>
            {
                if count + words <= PASSAGE_MAX_WORDS {
                    Some((range.start..unit.end, count + words))
                } else {
                    out.push((range, count));
                    Some((unit, words))
                }
            }
            Some(done) => {
                out.push(done);
                Some((unit, words))
            }
        };
    }
    if let Some((range, count)) = current {
        match out.last_mut() {
            // A short tail joins the passage before it when the two still fit.
            Some((last, last_count))
                if count < PASSAGE_MIN_WORDS && *last_count + count <= PASSAGE_MAX_WORDS =>
            {
                last.end = range.end
            }
            _ => out.push((range, count)),
        }
    }
    out.into_iter().map(|(range, _)| range).collect()
}

/// Paragraphs: runs of non-blank lines, trimmed.
fn paragraphs(text: &str, segment: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = segment.start;
    let mut offset = segment.start;
    for line in text[segment.clone()].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            start.get_or_insert(line_start + lead);
            end = line_start + line.trim_end().len();
        }
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Sentences of an over-long paragraph, cut after `.`, `?` or `!` followed by white space,
/// and as a last resort every [`PASSAGE_MAX_WORDS`] words.
fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let body = &text[paragraph.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends_sentence = matches!(b, b'.' | b'?' | b'!')
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace());
        if ends_sentence {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < body.len() {
        out.push(start..body.len());
    }
    let mut ranges = Vec::new();
    for r in out {
        let s = &body[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let r = r.start + lead..r.start + s.trim_end().len();
        if r.is_empty() {
            continue;
        }
        ranges.extend(
            word_windows(&body[r.clone()], PASSAGE_MAX_WORDS)
                .into_iter()
                .map(|w| paragraph.start + r.start + w.start..paragraph.start + r.start + w.end),
        );
    }
    ranges
}

/// Cut `s` into windows of at most `max` words (a sentence without full stops).
fn word_windows(s: &str, max: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut words = 0;
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == max {
                    out.push(start..i);
                    start = i;
                    words = 0;
                }
            }
            in_word = false;
        } else {
            if !in_word && words == 0 {
                start = i;
            }
            in_word = true;
        }
    }
    if in_word || words > 0 {
        out.push(start..s.len());
    }
    out
}

/// Words as a reader counts them: runs of non-white-space.
pub fn word_count(s: &str) -> usize {
    // Runs of ASCII are counted without branches; a character past ASCII is decoded where it
    // stands, so the count is exactly `split_whitespace`'s.
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        let rest = bytes.get(at..).unwrap_or_default();
        let ascii = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        for &b in rest.get(..ascii).unwrap_or_default() {
            // char::is_whitespace over ASCII: space, \t, \n, \x0B, \x0C, \r.
            let space = matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
            words += usize::from(!space & !in_word);
            in_word = !space;
        }
        at += ascii;
        let Some(c) = s.get(at..).and_then(|r| r.chars().next()) else {
            break;
        };
        let space = c.is_whitespace();
        words += usize::from(!space & !in_word);
        in_word = !space;
        at += c.len_utf8();
    }
    words
}

/// Byte offset to character offset, in O(log n) per look-up.
struct CharOffsets<'t> {
    text: &'t str,
    /// Byte offset of every [`Self::STEP`]th character.
    checkpoints: Vec<usize>,
}

impl<'t> CharOffsets<'t> {
    const STEP: usize = 64;

    fn new(text: &'t str) -> Self {
        let checkpoints = text
            .char_indices()
            .step_by(Self::STEP)
            .map(|(b, _)| b)
            .collect();
        CharOffsets { text, checkpoints }
    }

    fn at(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let block = self.checkpoints.partition_point(|&b| b <= byte).max(1) - 1;
        let base = self.checkpoints.get(block).copied().unwrap_or(0);
        block * Self::STEP + self.text.get(base..byte).map_or(0, |s| s.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, word: &str) -> String {
        vec![word; n].join(" ")
    }

    #[test]
    fn word_count_is_split_whitespaces() {
        for s in [
            "",
            " ",
            "one",
            " two  words ",
            "tab\tand\x0bvertical\x0cfeed\r\nend",
            "caf\u{e9} cr\u{e8}me",
            "no\u{a0}break\u{2003}em space",
            "\u{85}next line",
            "é",
            "é ",
            " é",
            "mixed é\u{2003}and ascii  runs, £5 \u{3000}end é",
        ] {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn short_paragraphs_are_gathered_long_ones_cut() {
        let text = format!(
            "{}\n\n{}\n\n{}.",
            words(30, "alpha"),
            words(30, "beta"),
            words(600, "gamma")
        );
        let ranges = passage_ranges(&text, 0..text.len());
        let counts: Vec<usize> = ranges
            .iter()
            .map(|r| word_count(&text[r.clone()]))
            .collect();
        assert!(counts.iter().all(|&c| c <= PASSAGE_MAX_WORDS), "{counts:?}");
        assert_eq!(counts[0], 60, "the two short paragraphs form one passage");
        assert_eq!(counts.iter().sum::<usize>(), 660, "no word is lost");
    }

    #[test]
    fn passages_never_cross_segments_and_offsets_point_into_the_text() {
        let text = "Première partie.\n\nSecond part here.";
        let split_at = text.find("Second").unwrap();
        let segments = [
            Segment {
                range: 0..split_at,
                item: None,
                section: None,
                doc_type: DocType::Minutes,
                role: Role::Narrative,
                reprint_of: None,
            },
            Segment {
                range: split_at..text.len(),
                item: None,
                section: None,
                doc_type: DocType::Minutes,
                role: Role::Narrative,
                reprint_of: None,
            },
        ];
        let passages = split(text, &segments, &Extracted::default(), "a.txt");
        assert_eq!(passages.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        for p in &passages {
            let s: String = chars[p.start..p.end].iter().collect();
            assert_eq!(s, p.text);
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let text = "One.\n\nTwo.";
        let seg = [Segment {
            range: 0..text.len(),
            item: None,
            section: None,
            doc_type: DocType::Other,
            role: Role::Narrative,
            reprint_of: None,
        }];
        let a = split(text, &seg, &Extracted::default(), "a.txt");
        let b = split(text, &seg, &Extracted::default(), "a.txt");
        assert_eq!(a, b);
        let c = split(text, &seg, &Extracted::default(), "b.txt");
        assert_ne!(a[0].id, c[0].id);
    }
}
