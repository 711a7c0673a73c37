//! PDF.
//!
//! In: the bytes of a PDF.
//! Out: normalised text, page by page, with the offset where each page starts; the document
//! information title, if any. Or an error: [`ExtractError::Encrypted`] when the file needs a
//! password (files "encrypted" with an empty user password are read: lopdf tries it),
//! [`ExtractError::Limit`] when a stream inflates past [`MAX_PDF_STREAM_BYTES`], and
//! [`ExtractError::Parse`] for anything lopdf cannot read, including a panic inside it.
//!
//! lopdf parses the file and decodes fonts; its own `extract_text` ignores where text is placed,
//! so words on consecutive lines run together and kerning becomes spaces. Instead this module
//! interprets each page's content stream (text matrices, font widths, form XObjects) to place
//! every glyph, then lays the glyphs out in content order: a glyph starts a new line when its
//! baseline moves, and a new word when it stands more than a tenth of the font size from the
//! previous glyph (the rule `pdftotext` uses).
//!
//! A page with almost no text that is mostly covered by images is a scan: its images go to
//! [`super::ocr`] (through [`super::image`]) and what OCR reads becomes the page's text. Which
//! pages were read that way, with what confidence, and which scanned pages stayed unread, is
//! reported in [`Extracted::scanned`].

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};

use super::image::{self, OcrImage};
use super::ocr::{FileOcr, OcrSettings};
use super::{normalize::normalize, ExtractError, Extracted};
use crate::limits::{
    MAX_OCR_IMAGES_PER_PAGE, MAX_PDF_FORM_DEPTH, MAX_PDF_GRAPHICS_STATES, MAX_PDF_PAGES,
    MAX_PDF_PAGE_CHARS, MAX_PDF_STREAM_BYTES,
};
use crate::model::{OcrPage, Scanned};

/// Extract the text of a PDF held in memory, reading no scanned page.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let off = OcrSettings::off();
    extract_with(bytes, &mut FileOcr::new(&off, &|| {}))
}

/// Extract the text of a PDF held in memory, reading scanned pages with `ocr`.
///
/// A panic inside lopdf becomes [`ExtractError::Parse`]. A stack overflow cannot be caught this
/// way (it aborts the process); indexing reads files in worker processes for that.
pub fn extract_with(bytes: &[u8], ocr: &mut FileOcr<'_>) -> Result<Extracted, ExtractError> {
    let ocr = std::panic::AssertUnwindSafe(ocr);
    match std::panic::catch_unwind(move || {
        let ocr = ocr;
        extract_unguarded(bytes, ocr.0)
    }) {
        Ok(result) => result,
        Err(payload) => Err(parse_error(format!(
            "the PDF reader failed: {}",
            panic_message(payload.as_ref())
        ))),
    }
}

fn extract_unguarded(bytes: &[u8], ocr: &mut FileOcr<'_>) -> Result<Extracted, ExtractError> {
    let document = load(bytes)?;
    let mut text = String::new();
    let mut page_starts = Vec::new();
    let mut scanned = Scanned::default();
    for (index, page_id) in document
        .get_pages()
        .into_values()
        .take(MAX_PDF_PAGES)
        .enumerate()
    {
        let number = index as u32 + 1;
        let page = read_page(&document, page_id)?;
        let mut page_text = normalize(&page.text);
        let area = page_box(&document, page_id);
        if is_scan(&page_text, &page.images, area) {
            match read_scan(&document, &page.images, area, ocr) {
                Ok(read) if read.words > 0 => {
                    let layer = std::mem::take(&mut page_text);
                    page_text = normalize(&read.text);
                    if !layer.is_empty() {
                        page_text.push_str("\n\n");
                        page_text.push_str(&layer);
                    }
                    scanned.read.push(OcrPage {
                        page: number,
                        confidence: read.confidence,
                    });
                }
                Ok(_) => {}
                Err(reason) => {
                    scanned.unread.push(number);
                    scanned.reason.get_or_insert(reason);
                }
            }
        }
        if !text.is_empty() && !page_text.is_empty() {
            text.push_str("\n\n");
        }
        page_starts.push(text.len());
        text.push_str(&page_text);
    }
    Ok(Extracted {
        text,
        page_starts,
        title: info_title(&document),
        scanned,
    })
}

/// Fewer letters and digits than this on a page that images mostly cover, and the page is a
/// scan (a stamped page number or a typed heading over a scanned sheet is not a text layer).
const SCAN_MAX_TEXT_CHARS: usize = 40;
/// Share of the page that images must cover for it to be a scan.
const SCAN_MIN_COVER: f64 = 0.25;
/// An image covering less of the page than this (a logo, a signature) is not read.
const SCAN_MIN_IMAGE_COVER: f64 = 0.02;

/// Whether a page is a scan: images cover most of it and it has next to no text of its own.
fn is_scan(text: &str, images: &[PlacedImage<'_>], page: [f64; 4]) -> bool {
    if images.is_empty() {
        return false;
    }
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    let covered: f64 = images.iter().map(|i| i.cover(page)).sum();
    letters < SCAN_MAX_TEXT_CHARS && covered >= SCAN_MIN_COVER
}

/// Read a scanned page's images (those large enough to hold text) by OCR.
fn read_scan(
    document: &Document,
    images: &[PlacedImage<'_>],
    page: [f64; 4],
    ocr: &mut FileOcr<'_>,
) -> Result<super::ocr::OcrText, String> {
    let mut prepared: Vec<(OcrImage, u32)> = Vec::new();
    let mut first_error = None;
    for placed in images
        .iter()
        .filter(|i| i.cover(page) >= SCAN_MIN_IMAGE_COVER)
        .take(MAX_OCR_IMAGES_PER_PAGE)
    {
        match image::prepare(document, placed.stream) {
            Ok(image) => {
                let dpi = placed.dpi(image.width);
                prepared.push((image, dpi));
            }
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    if prepared.is_empty() {
        return Err(first_error.unwrap_or_else(|| "its images are too small to read".into()));
    }
    ocr.read_page(&prepared)
}

/// An image XObject drawn on a page, and the matrix that drew it (the unit square to page
/// space).
struct PlacedImage<'a> {
    stream: &'a lopdf::Stream,
    matrix: Matrix,
}

impl PlacedImage<'_> {
    /// The share of the page's area the image covers.
    fn cover(&self, page: [f64; 4]) -> f64 {
        let [a, b, c, d, _, _] = self.matrix;
        let area = (page[2] - page[0]) * (page[3] - page[1]);
        if area <= 0.0 {
            return 0.0;
        }
        ((a * d - b * c).abs() / area).min(1.0)
    }

    /// The resolution it is shown at: pixels across per inch across, kept within what
    /// Tesseract handles well.
    fn dpi(&self, width_pixels: u32) -> u32 {
        let inches = self.matrix[0].hypot(self.matrix[1]) / 72.0;
        if inches <= 0.0 || !inches.is_finite() {
            return 300;
        }
        (f64::from(width_pixels) / inches)
            .clamp(70.0, 1200.0)
            .round() as u32
    }
}

/// The page's visible area: its `/CropBox`, else its `/MediaBox` (either may be inherited),
/// else US Letter.
fn page_box(document: &Document, page_id: ObjectId) -> [f64; 4] {
    let mut node = document.get_dictionary(page_id).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        for key in [b"CropBox".as_slice(), b"MediaBox"] {
            if let Some(rect) = dict
                .get_deref(key, document)
                .ok()
                .and_then(|o| rectangle(document, o))
            {
                return rect;
            }
        }
        node = dict
            .get_deref(b"Parent", document)
            .and_then(Object::as_dict)
            .ok();
    }
    [0.0, 0.0, 612.0, 792.0]
}

/// Load with every limit on; lopdf tries the empty user password itself.
fn load(bytes: &[u8]) -> Result<Document, ExtractError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_PDF_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(from_lopdf)?;
    // Still encrypted after loading: the empty password did not open it.
    if document.is_encrypted() {
        return Err(ExtractError::Encrypted);
    }
    Ok(document)
}

fn from_lopdf(error: lopdf::Error) -> ExtractError {
    match error {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::UnsupportedSecurityHandler(_) => ExtractError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            ExtractError::Limit(format!("a PDF stream inflates past {limit} bytes"))
        }
        other => parse_error(other.to_string()),
    }
}

fn parse_error(message: String) -> ExtractError {
    ExtractError::Parse {
        format: "pdf",
        message,
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// The `/Title` of the document information dictionary, when it says something.
fn info_title(document: &Document) -> Option<String> {
    let info = document.trailer.get_deref(b"Info", document).ok()?;
    let title = info.as_dict().ok()?.get_deref(b"Title", document).ok()?;
    let title = lopdf::decode_text_string(title).ok()?;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// What one page draws: its raw (not yet normalised) text, and its images.
struct PageContent<'a> {
    text: String,
    images: Vec<PlacedImage<'a>>,
}

/// Read one page. A page whose content cannot be parsed gives no text, as in a viewer; a page
/// over a limit fails the file.
fn read_page(document: &Document, page_id: ObjectId) -> Result<PageContent<'_>, ExtractError> {
    let empty = || PageContent {
        text: String::new(),
        images: Vec::new(),
    };
    let content = match document.get_page_content_with_limit(page_id, MAX_PDF_STREAM_BYTES) {
        Ok(content) => content,
        Err(error @ lopdf::Error::Decompress(_)) => return Err(from_lopdf(error)),
        Err(_) => return Ok(empty()),
    };
    let Ok(content) = Content::decode(&content) else {
        return Ok(empty());
    };
    let resources = page_resources(document, page_id);
    let mut reader = PageReader::new(document);
    reader.run(&content.operations, &resources, IDENTITY, 0)?;
    reader.draw_annotations(page_id, &resources)?;
    Ok(PageContent {
        text: lay_out(&reader.glyphs, &reader.glyph_text),
        images: reader.images,
    })
}

// ---------------------------------------------------------------------------------------------
// Resources

/// The resource dictionaries in force, nearest first.
type Resources<'a> = Vec<&'a Dictionary>;

fn page_resources(document: &Document, page_id: ObjectId) -> Resources<'_> {
    let Ok((direct, ids)) = document.get_page_resources(page_id) else {
        return Vec::new();
    };
    direct
        .into_iter()
        .chain(
            ids.into_iter()
                .filter_map(|id| document.get_dictionary(id).ok()),
        )
        .collect()
}

/// Look `name` up in the `category` (`/Font`, `/XObject`) of the resources in force: the object
/// and its id when it was a reference.
fn lookup<'a>(
    document: &'a Document,
    resources: &Resources<'a>,
    category: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'a Object)> {
    resources.iter().find_map(|dict| {
        let entries = dict.get_deref(category, document).ok()?.as_dict().ok()?;
        let entry = entries.get(name).ok()?;
        document.dereference(entry).ok()
    })
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// What text extraction needs of a font: how to split strings into codes, what each code
/// means, and how far each code advances.
struct PdfFont<'a> {
    /// Bytes per character code: 2 for composite (Type0) fonts, 1 otherwise.
    code_bytes: usize,
    /// The `/ToUnicode` map, preferred over the encoding as `pdftotext` does.
    to_unicode: Option<Encoding<'a>>,
    /// The simple font's encoding, when there is no `/ToUnicode` entry for a code.
    encoding: Option<Encoding<'a>>,
    widths: Widths,
    /// Glyph space to text space: 1/1000 except for Type3 fonts, which state it.
    glyph_scale: f64,
}

enum Widths {
    /// `/FirstChar` and `/Widths` of a simple font, with the width of codes outside them.
    Simple {
        first_code: u32,
        widths: Vec<f64>,
        missing: f64,
    },
    /// `/W` and `/DW` of a CID font.
    Cid {
        widths: HashMap<u32, f64>,
        default: f64,
    },
}

impl Widths {
    fn of(&self, code: u32) -> f64 {
        match self {
            Widths::Simple {
                first_code,
                widths,
                missing,
            } => code
                .checked_sub(*first_code)
                .and_then(|index| widths.get(index as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Cid { widths, default } => widths.get(&code).copied().unwrap_or(*default),
        }
    }
}

impl<'a> PdfFont<'a> {
    fn load(document: &'a Document, font: &'a Dictionary) -> Result<Self, ExtractError> {
        let composite = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let type3 = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type3");
        let to_unicode = to_unicode_map(document, font)?;
        let encoding = if composite {
            None
        } else {
            match font.get_font_encoding_with_limit(document, MAX_PDF_STREAM_BYTES) {
                Ok(encoding) => Some(encoding),
                Err(error @ lopdf::Error::Decompress(_)) => return Err(from_lopdf(error)),
                Err(_) => None,
            }
        };
        let widths = if composite {
            cid_widths(document, font)
        } else {
            simple_widths(document, font)
        };
        let glyph_scale = if type3 {
            font.get_deref(b"FontMatrix", document)
                .and_then(Object::as_array)
                .ok()
                .and_then(|matrix| matrix.first())
                .and_then(number)
                .filter(|scale| scale.is_finite() && *scale != 0.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        Ok(PdfFont {
            code_bytes: if composite { 2 } else { 1 },
            to_unicode,
            encoding,
            widths,
            glyph_scale,
        })
    }

    /// Split a string operand into character codes.
    fn codes<'s>(&self, bytes: &'s [u8]) -> impl Iterator<Item = u32> + 's {
        bytes
            .chunks(self.code_bytes)
            .map(|chunk| chunk.iter().fold(0u32, |code, &b| code << 8 | u32::from(b)))
    }

    /// Append the Unicode text of one code; nothing when the font does not say.
    fn decode(&self, code: u32, out: &mut String) {
        if let Some(Encoding::UnicodeMapEncoding(map)) = &self.to_unicode {
            // Code lengths are 1 or 2 bytes (see `codes`), so the cast cannot truncate.
            if let Some(units) = map.get(code, self.code_bytes as u8) {
                out.extend(
                    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
                );
                return;
            }
        }
        let Some(encoding) = &self.encoding else {
            return;
        };
        let Ok(byte) = u8::try_from(code) else {
            return;
        };
        if encoding.write_to_string(&[byte], out).is_err() && byte.is_ascii_graphic() {
            // An encoding lopdf does not know: most such fonts are ASCII-compatible.
            out.push(char::from(byte));
        }
    }

    /// Advance of a code in text space units per unit of font size.
    fn advance(&self, code: u32) -> f64 {
        self.widths.of(code) * self.glyph_scale
    }
}

/// The font's `/ToUnicode` map decoded by lopdf. lopdf prefers `/Encoding` when a font has
/// both, so it is asked about a stand-in dictionary holding only the map.
fn to_unicode_map<'a>(
    document: &'a Document,
    font: &Dictionary,
) -> Result<Option<Encoding<'a>>, ExtractError> {
    let Ok(map) = font.get(b"ToUnicode") else {
        return Ok(None);
    };
    let mut stand_in = Dictionary::new();
    stand_in.set("Type", Object::Name(b"Font".to_vec()));
    stand_in.set("ToUnicode", map.clone());
    match stand_in.get_font_encoding_with_limit(document, MAX_PDF_STREAM_BYTES) {
        Ok(Encoding::UnicodeMapEncoding(map)) => Ok(Some(Encoding::UnicodeMapEncoding(map))),
        Ok(_) => Ok(None),
        Err(error @ lopdf::Error::Decompress(_)) => Err(from_lopdf(error)),
        Err(_) => Ok(None),
    }
}

/// Widths of a simple font. Without `/Widths` (the standard 14 fonts), an average width.
fn simple_widths(document: &Document, font: &Dictionary) -> Widths {
    let first_code = font
        .get_deref(b"FirstChar", document)
        .ok()
        .and_then(number)
        .map_or(0, |first| first.max(0.0) as u32);
    let widths: Vec<f64> = font
        .get_deref(b"Widths", document)
        .and_then(Object::as_array)
        .map(|widths| {
            widths
                .iter()
                .map(|w| document.dereference(w).ok().and_then(|(_, w)| number(w)))
                .map(|w| w.unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let descriptor_missing = font
        .get_deref(b"FontDescriptor", document)
        .and_then(Object::as_dict)
        .and_then(|d| d.get_deref(b"MissingWidth", document))
        .ok()
        .and_then(number)
        .filter(|w| *w > 0.0);
    let missing = descriptor_missing.unwrap_or_else(|| standard_font_width(font));
    Widths::Simple {
        first_code,
        widths,
        missing,
    }
}

/// An average glyph width for fonts that give none: Courier is fixed at 600, the proportional
/// standard fonts average about 500.
fn standard_font_width(font: &Dictionary) -> f64 {
    let base = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .unwrap_or_default();
    if base.windows(7).any(|w| w == b"Courier") {
        600.0
    } else {
        500.0
    }
}

/// Widths of a CID font from its descendant's `/W` array (`c [w1 w2 ...]` or `first last w`).
fn cid_widths(document: &Document, font: &Dictionary) -> Widths {
    let descendant = font
        .get_deref(b"DescendantFonts", document)
        .and_then(Object::as_array)
        .ok()
        .and_then(|fonts| fonts.first())
        .and_then(|f| document.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok());
    let Some(descendant) = descendant else {
        return Widths::Cid {
            widths: HashMap::new(),
            default: 1000.0,
        };
    };
    let default = descendant
        .get_deref(b"DW", document)
        .ok()
        .and_then(number)
        .unwrap_or(1000.0);
    let mut widths = HashMap::new();
    let entries = descendant
        .get_deref(b"W", document)
        .and_then(Object::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut index = 0;
    while let Some(first) = entries
        .get(index)
        .and_then(|o| resolve(document, o))
        .and_then(number)
    {
        let first = first.max(0.0) as u32;
        match entries.get(index + 1).and_then(|o| resolve(document, o)) {
            Some(Object::Array(list)) => {
                for (offset, width) in list.iter().enumerate() {
                    if let Some(width) = resolve(document, width).and_then(number) {
                        widths.insert(first.saturating_add(offset as u32), width);
                    }
                }
                index += 2;
            }
            Some(last) => {
                let last = number(last).map_or(first, |l| l.max(0.0) as u32);
                let width = entries
                    .get(index + 2)
                    .and_then(|o| resolve(document, o))
                    .and_then(number);
                // A range is bounded by the file's own numbers: cap it so a crafted
                // `0 4294967295 500` cannot fill memory.
                let last = last.min(first.saturating_add(65_535));
                if let Some(width) = width {
                    for code in first..=last {
                        widths.insert(code, width);
                    }
                }
                index += 3;
            }
            None => break,
        }
    }
    Widths::Cid { widths, default }
}

/// Follow a reference (the file's own objects are returned as they are).
fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    document.dereference(object).ok().map(|(_, o)| o)
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Geometry

/// An affine matrix `[a b c d e f]`, as PDF writes them (row vectors: `p' = p × M`).
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n`: apply `m` first, then `n`.
fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *m;
    let [na, nb, nc, nd, ne, nf] = *n;
    [
        a * na + b * nc,
        a * nb + b * nd,
        c * na + d * nc,
        c * nb + d * nd,
        e * na + f * nc + ne,
        e * nb + f * nd + nf,
    ]
}

fn translation(x: f64, y: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

fn matrix_operands(operands: &[Object]) -> Option<Matrix> {
    let values: Vec<f64> = operands.iter().filter_map(number).collect();
    let matrix: Matrix = values.try_into().ok()?;
    matrix.iter().all(|v| v.is_finite()).then_some(matrix)
}

// ---------------------------------------------------------------------------------------------
// Content stream interpretation

/// One glyph as placed on the page, in coordinates along and across its writing direction.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    /// Its text is `glyph_text[text_start..text_end]`.
    text_start: usize,
    text_end: usize,
    /// Start and end along the writing direction (end includes character and word spacing).
    start: f64,
    end: f64,
    /// Baseline position across the writing direction (larger is higher on the page).
    baseline: f64,
    /// Font size on the page.
    size: f64,
    /// The writing direction, a unit vector.
    direction: (f64, f64),
}

/// The parts of the graphics state that place text (saved by `q`, restored by `Q`).
#[derive(Clone)]
struct TextState<'a> {
    ctm: Matrix,
    font: Option<Rc<PdfFont<'a>>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
}

impl TextState<'_> {
    fn new(ctm: Matrix) -> Self {
        TextState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

struct PageReader<'a> {
    document: &'a Document,
    /// Fonts already loaded, by object id.
    fonts: HashMap<ObjectId, Rc<PdfFont<'a>>>,
    glyphs: Vec<Glyph>,
    /// The text of all glyphs, end to end.
    glyph_text: String,
    /// Characters taken so far; stops at [`MAX_PDF_PAGE_CHARS`].
    chars: usize,
    /// Images drawn, in drawing order (at most [`MAX_DRAWN_IMAGES`]).
    images: Vec<PlacedImage<'a>>,
}

/// Most images remembered per page: a page that draws thousands is a mosaic, not a scan.
const MAX_DRAWN_IMAGES: usize = 256;

impl<'a> PageReader<'a> {
    fn new(document: &'a Document) -> Self {
        PageReader {
            document,
            fonts: HashMap::new(),
            glyphs: Vec::new(),
            glyph_text: String::new(),
            chars: 0,
            images: Vec::new(),
        }
    }

    /// Interpret one content stream (a page's, or a form's at nesting `depth`).
    fn run(
        &mut self,
        operations: &[Operation],
        resources: &Resources<'a>,
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let mut state = TextState::new(ctm);
        let mut saved: Vec<TextState<'a>> = Vec::new();
        let mut text_matrix = IDENTITY;
        let mut line_matrix = IDENTITY;
        for operation in operations {
            if self.chars >= MAX_PDF_PAGE_CHARS {
                break;
            }
            let operands = operation.operands.as_slice();
            let num = |index: usize| operands.get(index).and_then(number);
            match operation.operator.as_str() {
                "q" if saved.len() < MAX_PDF_GRAPHICS_STATES => saved.push(state.clone()),
                "Q" => {
                    if let Some(previous) = saved.pop() {
                        state = previous;
                    }
                }
                "cm" => {
                    if let Some(matrix) = matrix_operands(operands) {
                        state.ctm = multiply(&matrix, &state.ctm);
                    }
                }
                "BT" => {
                    text_matrix = IDENTITY;
                    line_matrix = IDENTITY;
                }
                "Tc" => state.char_spacing = num(0).unwrap_or(0.0),
                "Tw" => state.word_spacing = num(0).unwrap_or(0.0),
                "Tz" => state.horizontal_scale = num(0).unwrap_or(100.0) / 100.0,
                "TL" => state.leading = num(0).unwrap_or(0.0),
                "Ts" => state.rise = num(0).unwrap_or(0.0),
                "Tf" => {
                    state.font_size = num(1).unwrap_or(0.0);
                    let name = operands.first().and_then(|o| o.as_name().ok());
                    state.font = match name {
                        Some(name) => self.font(resources, name)?,
                        None => None,
                    };
                }
                "Td" | "TD" => {
                    let (x, y) = (num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
                    if operation.operator == "TD" {
                        state.leading = -y;
                    }
                    line_matrix = multiply(&translation(x, y), &line_matrix);
                    text_matrix = line_matrix;
                }
                "Tm" => {
                    if let Some(matrix) = matrix_operands(operands) {
                        line_matrix = matrix;
                        text_matrix = matrix;
                    }
                }
                "T*" => {
                    line_matrix = multiply(&translation(0.0, -state.leading), &line_matrix);
                    text_matrix = line_matrix;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if operation.operator != "Tj" && operation.operator != "TJ" {
                        if operation.operator == "\"" {
                            state.word_spacing = num(0).unwrap_or(state.word_spacing);
                            state.char_spacing = num(1).unwrap_or(state.char_spacing);
                        }
                        line_matrix = multiply(&translation(0.0, -state.leading), &line_matrix);
                        text_matrix = line_matrix;
                    }
                    let shown = match operation.operator.as_str() {
                        "\"" => operands.get(2..).unwrap_or_default(),
                        _ => operands,
                    };
                    self.show(&state, &mut text_matrix, shown);
                }
                "Do" if depth < MAX_PDF_FORM_DEPTH => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.draw_xobject(resources, name, state.ctm, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The font a `Tf` names, loaded once per object.
    fn font(
        &mut self,
        resources: &Resources<'a>,
        name: &[u8],
    ) -> Result<Option<Rc<PdfFont<'a>>>, ExtractError> {
        let Some((id, object)) = lookup(self.document, resources, b"Font", name) else {
            return Ok(None);
        };
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok(Some(Rc::clone(font)));
        }
        let Ok(dict) = object.as_dict() else {
            return Ok(None);
        };
        let font = Rc::new(PdfFont::load(self.document, dict)?);
        if let Some(id) = id {
            self.fonts.insert(id, Rc::clone(&font));
        }
        Ok(Some(font))
    }

    /// Draw an XObject: a form's content, in its own coordinates and resources; an image is
    /// remembered with where it was drawn.
    fn draw_xobject(
        &mut self,
        resources: &Resources<'a>,
        name: &[u8],
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let Some((_, object)) = lookup(self.document, resources, b"XObject", name) else {
            return Ok(());
        };
        let Ok(stream) = object.as_stream() else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name).ok() {
            Some(b"Form") => self.run_form(stream, resources, ctm, depth),
            Some(b"Image") => {
                if self.images.len() < MAX_DRAWN_IMAGES {
                    self.images.push(PlacedImage {
                        stream,
                        matrix: ctm,
                    });
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Interpret a form's content in its own coordinates and resources (its parent's when
    /// it has none).
    fn run_form(
        &mut self,
        stream: &'a lopdf::Stream,
        resources: &Resources<'a>,
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let content = match stream.get_plain_content_with_limit(MAX_PDF_STREAM_BYTES) {
            Ok(content) => content,
            Err(error @ lopdf::Error::Decompress(_)) => return Err(from_lopdf(error)),
            Err(_) => return Ok(()),
        };
        let Ok(content) = Content::decode(&content) else {
            return Ok(());
        };
        let form_matrix = stream
            .dict
            .get_deref(b"Matrix", self.document)
            .and_then(Object::as_array)
            .ok()
            .and_then(|m| matrix_operands(m))
            .unwrap_or(IDENTITY);
        let form_resources = match stream
            .dict
            .get_deref(b"Resources", self.document)
            .and_then(Object::as_dict)
        {
            Ok(own) => vec![own],
            Err(_) => resources.clone(),
        };
        let ctm = multiply(&form_matrix, &ctm);
        self.run(&content.operations, &form_resources, ctm, depth + 1)
    }

    /// Draw the appearance of each visible annotation, as viewers and `pdftotext` do: filled-in
    /// form fields and stamps hold text that is on no content stream.
    fn draw_annotations(
        &mut self,
        page_id: ObjectId,
        resources: &Resources<'a>,
    ) -> Result<(), ExtractError> {
        let Ok(annotations) = self.document.get_page_annotations(page_id) else {
            return Ok(());
        };
        for annotation in annotations {
            if self.chars >= MAX_PDF_PAGE_CHARS {
                break;
            }
            if let Some((appearance, placement)) = annotation_appearance(self.document, annotation)
            {
                self.run_form(appearance, resources, placement, 1)?;
            }
        }
        Ok(())
    }

    /// Place the glyphs of a `Tj`/`TJ` operand list, advancing the text matrix.
    fn show(&mut self, state: &TextState<'a>, text_matrix: &mut Matrix, operands: &[Object]) {
        let Some(font) = state.font.clone() else {
            return;
        };
        for operand in operands {
            match operand {
                Object::String(bytes, _) => self.show_string(state, &font, text_matrix, bytes),
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                self.show_string(state, &font, text_matrix, bytes)
                            }
                            other => {
                                // A number in a TJ array moves the next glyph back by
                                // thousandths of the font size.
                                let adjust = number(other).unwrap_or(0.0);
                                let shift =
                                    -adjust / 1000.0 * state.font_size * state.horizontal_scale;
                                *text_matrix = multiply(&translation(shift, 0.0), text_matrix);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn show_string(
        &mut self,
        state: &TextState<'a>,
        font: &PdfFont<'a>,
        text_matrix: &mut Matrix,
        bytes: &[u8],
    ) {
        for code in font.codes(bytes) {
            if self.chars >= MAX_PDF_PAGE_CHARS {
                return;
            }
            let text_start = self.glyph_text.len();
            font.decode(code, &mut self.glyph_text);
            let is_single_byte_space = font.code_bytes == 1 && code == 32;
            let advance = (font.advance(code) * state.font_size
                + state.char_spacing
                + if is_single_byte_space {
                    state.word_spacing
                } else {
                    0.0
                })
                * state.horizontal_scale;
            let rendering = multiply(
                &[
                    state.font_size * state.horizontal_scale,
                    0.0,
                    0.0,
                    state.font_size,
                    0.0,
                    state.rise,
                ],
                &multiply(text_matrix, &state.ctm),
            );
            let end_matrix = multiply(
                &translation(advance, 0.0),
                &multiply(text_matrix, &state.ctm),
            );
            let text_end = self.glyph_text.len();
            self.chars += self
                .glyph_text
                .get(text_start..text_end)
                .map_or(0, |t| t.chars().count());
            if let Some(glyph) =
                place_glyph(&rendering, &end_matrix, state.rise, text_start, text_end)
            {
                self.glyphs.push(glyph);
            }
            *text_matrix = multiply(&translation(advance, 0.0), text_matrix);
        }
    }
}

/// An annotation's normal appearance stream and the matrix that places it on the page (before
/// the stream's own `/Matrix`): its bounding box is fitted to the annotation's `/Rect`.
fn annotation_appearance<'a>(
    document: &'a Document,
    annotation: &'a Dictionary,
) -> Option<(&'a lopdf::Stream, Matrix)> {
    const HIDDEN: i64 = 1 << 1;
    let flags = annotation.get(b"F").and_then(Object::as_i64).unwrap_or(0);
    if flags & HIDDEN != 0 {
        return None;
    }
    let normal = annotation
        .get_deref(b"AP", document)
        .and_then(Object::as_dict)
        .and_then(|ap| ap.get_deref(b"N", document))
        .ok()?;
    let stream = match normal {
        Object::Stream(stream) => stream,
        Object::Dictionary(states) => {
            let state = annotation.get(b"AS").and_then(Object::as_name).ok()?;
            states
                .get_deref(state, document)
                .and_then(Object::as_stream)
                .ok()?
        }
        _ => return None,
    };
    let rect = rectangle(document, annotation.get_deref(b"Rect", document).ok()?)?;
    let bbox = stream
        .dict
        .get_deref(b"BBox", document)
        .ok()
        .and_then(|b| rectangle(document, b))
        .unwrap_or(rect);
    let form_matrix = stream
        .dict
        .get_deref(b"Matrix", document)
        .and_then(Object::as_array)
        .ok()
        .and_then(|m| matrix_operands(m))
        .unwrap_or(IDENTITY);
    let box_on_page = transform_rectangle(&bbox, &form_matrix);
    Some((stream, fit_rectangle(&box_on_page, &rect)))
}

/// `[x0 y0 x1 y1]`, normalised so that x0 <= x1 and y0 <= y1.
fn rectangle(document: &Document, object: &Object) -> Option<[f64; 4]> {
    let values: Vec<f64> = object
        .as_array()
        .ok()?
        .iter()
        .filter_map(|v| resolve(document, v).and_then(number))
        .collect();
    let [x0, y0, x1, y1]: [f64; 4] = values.try_into().ok()?;
    Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
}

/// The bounding box of a rectangle's corners after `matrix`.
fn transform_rectangle(rect: &[f64; 4], matrix: &Matrix) -> [f64; 4] {
    let [x0, y0, x1, y1] = *rect;
    let [a, b, c, d, e, f] = *matrix;
    let corners = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
        .map(|(x, y)| (x * a + y * c + e, x * b + y * d + f));
    let xs = corners.map(|p| p.0);
    let ys = corners.map(|p| p.1);
    let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
    let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
    [min(xs), min(ys), max(xs), max(ys)]
}

/// The matrix mapping rectangle `from` onto rectangle `to` by scaling and translating.
fn fit_rectangle(from: &[f64; 4], to: &[f64; 4]) -> Matrix {
    let scale = |from_len: f64, to_len: f64| {
        if from_len.abs() > f64::EPSILON {
            to_len / from_len
        } else {
            1.0
        }
    };
    let sx = scale(from[2] - from[0], to[2] - to[0]);
    let sy = scale(from[3] - from[1], to[3] - to[1]);
    [sx, 0.0, 0.0, sy, to[0] - from[0] * sx, to[1] - from[1] * sy]
}

/// A glyph's place from its rendering matrix and the matrix after its advance.
fn place_glyph(
    rendering: &Matrix,
    end_matrix: &Matrix,
    rise: f64,
    text_start: usize,
    text_end: usize,
) -> Option<Glyph> {
    let [a, b, c, d, x, y] = *rendering;
    let scale = a.hypot(b);
    let size = c.hypot(d);
    if !(scale.is_finite() && size.is_finite() && x.is_finite() && y.is_finite()) || scale == 0.0 {
        return None;
    }
    let direction = (a / scale, b / scale);
    let along = |px: f64, py: f64| px * direction.0 + py * direction.1;
    let across = |px: f64, py: f64| py * direction.0 - px * direction.1;
    // The advance ends on the unrisen baseline: apply the rise to the end point too.
    let [_, _, ec, ed, ex, ey] = *end_matrix;
    let (end_x, end_y) = (ex + rise * ec, ey + rise * ed);
    Some(Glyph {
        text_start,
        text_end,
        start: along(x, y),
        end: along(end_x, end_y).max(along(x, y)),
        baseline: across(x, y),
        size: size.max(0.01),
        direction,
    })
}

// ---------------------------------------------------------------------------------------------
// Layout

/// A word break: a gap wider than this fraction of the font size (`pdftotext`'s rule).
const WORD_GAP: f64 = 0.1;
/// Baselines closer than this fraction of the font size are the same line (superscripts move
/// the baseline by about a third).
const SAME_LINE: f64 = 0.5;
/// A glyph this many font sizes behind the previous one starts a new line even on the same
/// baseline (text drawn out of order, a new column).
const BACKWARD_JUMP: f64 = 2.0;
/// Baselines further apart than this many font sizes are separate paragraphs: more than a
/// line's spacing, which is rarely over 1.5.
const PARAGRAPH_GAP: f64 = 1.75;
/// A glyph repeated within this fraction of the font size of the same glyph is a fake-bold
/// overprint, dropped as `pdftotext` drops it.
const DUPLICATE_DISTANCE: f64 = 0.2;

/// Lay glyphs out as lines of words, in content order.
fn lay_out(glyphs: &[Glyph], glyph_text: &str) -> String {
    let mut out = String::with_capacity(glyph_text.len() + glyphs.len() / 4);
    // Glyphs of the current line, for the overprint check.
    let mut line: Vec<Glyph> = Vec::new();
    let mut previous: Option<Glyph> = None;
    for glyph in glyphs {
        let text = glyph_text
            .get(glyph.text_start..glyph.text_end)
            .unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let is_space = text.chars().all(char::is_whitespace);
        match previous {
            Some(prev) if continues_line(&prev, glyph) => {
                let gap = glyph.start - prev.end;
                let size = prev.size.max(glyph.size);
                if gap < -DUPLICATE_DISTANCE * size && overprints(&line, glyph, glyph_text) {
                    continue;
                }
                if (is_space || gap > WORD_GAP * size)
                    && !out.is_empty()
                    && !out.ends_with([' ', '\n'])
                {
                    out.push(' ');
                }
            }
            Some(prev) => {
                out.push('\n');
                if (prev.baseline - glyph.baseline).abs()
                    > PARAGRAPH_GAP * prev.size.max(glyph.size)
                {
                    out.push('\n');
                }
                line.clear();
            }
            None => {}
        }
        if !is_space {
            out.push_str(text);
            line.push(*glyph);
        }
        previous = Some(*glyph);
    }
    out
}

/// Whether `next` goes on the same line as `prev`: same direction, same baseline, not far back.
fn continues_line(prev: &Glyph, next: &Glyph) -> bool {
    let same_direction =
        prev.direction.0 * next.direction.0 + prev.direction.1 * next.direction.1 > 0.95;
    let size = prev.size.max(next.size);
    same_direction
        && (prev.baseline - next.baseline).abs() < SAME_LINE * size
        && next.start > prev.end - BACKWARD_JUMP * size
}

/// Whether the line already holds the same text at (nearly) the same place.
fn overprints(line: &[Glyph], glyph: &Glyph, glyph_text: &str) -> bool {
    let text = glyph_text.get(glyph.text_start..glyph.text_end);
    let near = DUPLICATE_DISTANCE * glyph.size;
    line.iter().rev().take(256).any(|earlier| {
        (earlier.start - glyph.start).abs() < near
            && (earlier.baseline - glyph.baseline).abs() < near
            && glyph_text.get(earlier.text_start..earlier.text_end) == text
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A PDF with one page per content stream, all in Helvetica (a standard font: no widths).
    fn pdf_with_pages(contents: &[&str]) -> Document {
        let mut document = Document::with_version("1.5");
        let pages_id = document.new_object_id();
        let font_id = document.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let resources_id = document.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut kids = Vec::new();
        for content in contents {
            let stream = lopdf::Stream::new(dictionary! {}, content.as_bytes().to_vec());
            let content_id = document.add_object(stream);
            let page_id = document.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            });
            kids.push(Object::from(page_id));
        }
        let count = kids.len() as i64;
        document.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources_id,
            }),
        );
        let catalog_id = document.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        document.trailer.set("Root", catalog_id);
        let info_id = document.add_object(dictionary! {
            "Title" => Object::string_literal("Cabinet  minutes"),
        });
        document.trailer.set("Info", info_id);
        document.trailer.set(
            "ID",
            vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"0123456789abcdef".to_vec()),
            ],
        );
        document
    }

    fn save(document: &mut Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).unwrap_or_default();
        bytes
    }

    const PAGE_ONE: &str = "BT /F1 12 Tf 72 760 Td (Agenda alpha) Tj 0 -14 Td (recruit-) Tj \
                            0 -14 Td (ment of staff) Tj ET";
    const PAGE_TWO: &str = "BT /F1 12 Tf 72 760 Td [(Com) 20 (mittee) -400 (bravo)] TJ ET";
    const PAGE_THREE: &str = "BT /F1 12 Tf 1 0 0 1 72 760 Tm (charlie) Tj 0 -40 Td (delta) Tj ET";

    fn three_page_pdf() -> Vec<u8> {
        save(&mut pdf_with_pages(&[PAGE_ONE, PAGE_TWO, PAGE_THREE]))
    }

    #[test]
    fn pages_land_where_they_belong() {
        let extracted = extract(&three_page_pdf());
        let Ok(extracted) = extracted else {
            panic!("extraction failed: {extracted:?}");
        };
        assert_eq!(extracted.page_starts.len(), 3);
        assert_eq!(extracted.page_starts.first(), Some(&0));
        let page_of = |word: &str| {
            extracted
                .text
                .find(word)
                .and_then(|at| extracted.page_at(at))
        };
        assert_eq!(page_of("alpha"), Some(1));
        assert_eq!(page_of("recruitment"), Some(1));
        assert_eq!(page_of("bravo"), Some(2));
        assert_eq!(page_of("charlie"), Some(3));
        assert_eq!(page_of("delta"), Some(3));
        assert_eq!(extracted.title.as_deref(), Some("Cabinet minutes"));
    }

    #[test]
    fn lines_words_and_kerning_are_laid_out() {
        let Ok(extracted) = extract(&three_page_pdf()) else {
            panic!("extraction failed");
        };
        assert_eq!(
            extracted.text,
            "Agenda alpha\nrecruitment of staff\n\nCommittee bravo\n\ncharlie\n\ndelta"
        );
    }

    #[test]
    fn a_page_without_text_gives_no_text() {
        let bytes = save(&mut pdf_with_pages(&["0 0 m 100 100 l S"]));
        let extracted = extract(&bytes);
        assert!(matches!(&extracted, Ok(e) if e.text.is_empty() && e.page_starts == [0]));
        assert!(matches!(
            super::super::extract(&bytes, super::super::Format::Pdf),
            Err(ExtractError::NoText)
        ));
    }

    /// Pages drawing a 20 × 20 white image with the given contents.
    fn pdf_with_image(contents: &[&str]) -> Vec<u8> {
        let mut document = pdf_with_pages(contents);
        let image = document.add_object(lopdf::Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 20, "Height" => 20,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![255; 400],
        ));
        for object in document.objects.values_mut() {
            if let Object::Dictionary(dict) = object {
                if dict.has(b"Font") {
                    dict.set("XObject", dictionary! { "Im0" => image });
                }
            }
        }
        save(&mut document)
    }

    fn read_with(bytes: &[u8], settings: &OcrSettings) -> Result<Extracted, ExtractError> {
        extract_with(bytes, &mut FileOcr::new(settings, &|| {}))
    }

    #[test]
    fn a_page_that_an_image_covers_without_text_is_a_scan() {
        let full_page = "q 595 0 0 842 0 0 cm /Im0 Do Q";
        let bytes = pdf_with_image(&[full_page, PAGE_ONE]);
        let Ok(extracted) = read_with(&bytes, &OcrSettings::off()) else {
            panic!("extraction failed");
        };
        assert_eq!(extracted.scanned.unread, [1]);
        assert!(extracted.scanned.read.is_empty());
        assert_eq!(
            extracted.scanned.reason.as_deref(),
            Some("OCR is off (--no-ocr)")
        );
        assert_eq!(
            extracted.page_at(extracted.text.find("alpha").unwrap_or(0)),
            Some(2)
        );

        // Without Tesseract, a file of scans alone is `scanned`, saying what to install.
        let missing = OcrSettings {
            tesseract: "/nonexistent/quorum-unit/tesseract".into(),
            ..OcrSettings::default()
        };
        let only_scans = pdf_with_image(&[full_page]);
        let mut ocr = FileOcr::new(&missing, &|| {});
        let result = super::super::extract_with(&only_scans, super::super::Format::Pdf, &mut ocr);
        assert!(
            matches!(&result, Err(ExtractError::Scanned(r)) if r == "install tesseract-ocr to read it"),
            "{result:?}"
        );
    }

    #[test]
    fn text_over_an_image_and_a_small_image_are_not_scans() {
        let full_page_with_text =
            format!("q 595 0 0 842 0 0 cm /Im0 Do Q {PAGE_ONE} {PAGE_TWO} {PAGE_THREE}");
        let logo = "q 40 0 0 40 500 780 cm /Im0 Do Q";
        let bytes = pdf_with_image(&[&full_page_with_text, logo]);
        let Ok(extracted) = read_with(&bytes, &OcrSettings::off()) else {
            panic!("extraction failed");
        };
        assert!(extracted.scanned.is_empty(), "{:?}", extracted.scanned);
        assert!(extracted.text.contains("recruitment of staff"));
    }

    #[test]
    fn garbage_and_truncated_files_are_errors_not_panics() {
        assert!(matches!(
            extract(b"not a pdf at all"),
            Err(ExtractError::Parse { .. })
        ));
        assert!(extract(b"%PDF-1.7\n%garbage\n1 0 obj << /Type").is_err());
        let whole = three_page_pdf();
        for cut in [whole.len() / 3, whole.len() / 2, whole.len() - 40] {
            let truncated = whole.get(..cut).unwrap_or_default();
            // Lenient loading may recover some pages; it must never panic.
            let _ = extract(truncated);
        }
        assert!(extract(whole.get(..20).unwrap_or_default()).is_err());
    }

    fn encrypted_pdf(user_password: &str) -> Vec<u8> {
        let mut document = pdf_with_pages(&[PAGE_ONE]);
        let version = lopdf::EncryptionVersion::V2 {
            document: &document,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        };
        let Ok(state) = lopdf::EncryptionState::try_from(version) else {
            panic!("encryption state");
        };
        assert!(document.encrypt(&state).is_ok());
        save(&mut document)
    }

    #[test]
    fn password_protected_pdf_is_reported_as_encrypted() {
        let result = extract(&encrypted_pdf("secret"));
        assert!(matches!(result, Err(ExtractError::Encrypted)), "{result:?}");
    }

    #[test]
    fn empty_user_password_pdf_is_read() {
        let result = extract(&encrypted_pdf(""));
        assert!(
            matches!(&result, Ok(e) if e.text.contains("Agenda alpha")),
            "{result:?}"
        );
    }

    #[test]
    fn ligatures_and_spacing_fall_back_sensibly() {
        assert_eq!(normalize("o\u{fb03}ce"), "office");
        let glyph =
            |start: f64, end: f64, baseline: f64, text_start: usize, text_end: usize| Glyph {
                text_start,
                text_end,
                start,
                end,
                baseline,
                size: 10.0,
                direction: (1.0, 0.0),
            };
        // "ab" then an overprinted "b" (fake bold), a word gap, "c", then a new line "d".
        let text = "abbcd";
        let glyphs = [
            glyph(0.0, 5.0, 100.0, 0, 1),
            glyph(5.0, 10.0, 100.0, 1, 2),
            glyph(5.3, 10.3, 100.0, 2, 3),
            glyph(14.0, 19.0, 100.0, 3, 4),
            glyph(0.0, 5.0, 88.0, 4, 5),
        ];
        assert_eq!(lay_out(&glyphs, text), "ab c\nd");
    }
}
