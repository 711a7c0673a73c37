//! Images drawn on a PDF page, made ready for OCR.
//!
//! In: an image XObject (its dictionary and its encoded bytes) from a scanned page.
//! Out: an [`OcrImage`], bytes in a format Tesseract's image library reads, with the image's
//! size in pixels: JPEG and JPEG 2000 data as stored, CCITT fax data wrapped in a TIFF header,
//! and everything else (Flate, LZW, run-length or raw samples in grey, RGB, CMYK or an indexed
//! palette) decoded to 8-bit greyscale PGM. Or an [`ImageError`] saying why it cannot be read.
//!
//! Nothing is decoded before the image's stated size is checked against
//! [`MAX_OCR_IMAGE_PIXELS`], and every stream inflates under [`MAX_PDF_STREAM_BYTES`].

use lopdf::{Dictionary, Document, Object, Stream};

use crate::limits::{MAX_OCR_IMAGE_PIXELS, MAX_PDF_STREAM_BYTES};

/// An image ready for Tesseract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrImage {
    /// The encoded image (JPEG, JPEG 2000, TIFF or PGM).
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Why an image cannot be read by OCR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// An encoding or colour space quorum does not decode.
    #[error("its image is encoded as {0}, which quorum does not read")]
    Unsupported(String),
    /// Larger than [`MAX_OCR_IMAGE_PIXELS`], or inflating past [`MAX_PDF_STREAM_BYTES`].
    #[error("its image is over a limit: {0}")]
    Limit(String),
    /// The stream does not hold what its dictionary says.
    #[error("its image is malformed: {0}")]
    Malformed(String),
}

/// Filters that are an image codec rather than a general compression.
const CODECS: [&[u8]; 4] = [
    b"DCTDecode",
    b"JPXDecode",
    b"CCITTFaxDecode",
    b"JBIG2Decode",
];

/// Make the image XObject `stream` ready for OCR.
pub fn prepare(document: &Document, stream: &Stream) -> Result<OcrImage, ImageError> {
    let dict = &stream.dict;
    let dimension = |key: &[u8]| {
        integer(document, dict, key)
            .filter(|v| *v > 0 && *v <= i64::from(u32::MAX))
            .map(|v| v as u32)
            .ok_or_else(|| ImageError::Malformed(format!("no {}", String::from_utf8_lossy(key))))
    };
    let (width, height) = (dimension(b"Width")?, dimension(b"Height")?);
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_OCR_IMAGE_PIXELS {
        return Err(ImageError::Limit(format!(
            "{width}×{height} pixels, more than {} million",
            MAX_OCR_IMAGE_PIXELS / 1_000_000
        )));
    }
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    let codec = filters
        .last()
        .filter(|f| CODECS.contains(&f.as_slice()))
        .cloned();
    let Some(codec) = codec else {
        let samples = stream
            .get_plain_content_with_limit(MAX_PDF_STREAM_BYTES)
            .map_err(inflate_error)?;
        let grey = to_grey(document, dict, &samples, width, height)?;
        return Ok(OcrImage {
            bytes: pgm(&grey, width, height),
            width,
            height,
        });
    };
    let data = before_codec(stream, filters.len() - 1)?;
    let bytes = match codec.as_slice() {
        b"DCTDecode" | b"JPXDecode" => data,
        b"CCITTFaxDecode" => {
            let params = codec_params(document, dict, filters.len() - 1);
            ccitt_tiff(&data, height, params, decode_inverted(document, dict))
        }
        other => {
            return Err(ImageError::Unsupported(
                String::from_utf8_lossy(other).into_owned(),
            ))
        }
    };
    Ok(OcrImage {
        bytes,
        width,
        height,
    })
}

fn inflate_error(error: lopdf::Error) -> ImageError {
    match error {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            ImageError::Limit(format!("it inflates past {limit} bytes"))
        }
        other => ImageError::Malformed(other.to_string()),
    }
}

fn integer(document: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get_deref(key, document).ok()?.as_i64().ok()
}

/// The stream's bytes with every filter before the codec (the `count` first) undone.
fn before_codec(stream: &Stream, count: usize) -> Result<Vec<u8>, ImageError> {
    if count == 0 {
        if stream.content.len() > MAX_PDF_STREAM_BYTES {
            return Err(ImageError::Limit(format!(
                "it holds more than {MAX_PDF_STREAM_BYTES} bytes"
            )));
        }
        return Ok(stream.content.clone());
    }
    let mut outer = Stream::new(Dictionary::new(), stream.content.clone());
    let names = stream.filters().unwrap_or_default();
    outer.dict.set(
        "Filter",
        Object::Array(
            names
                .iter()
                .take(count)
                .map(|n| Object::Name(n.to_vec()))
                .collect(),
        ),
    );
    if let Ok(Object::Array(params)) = stream.dict.get(b"DecodeParms") {
        outer.dict.set(
            "DecodeParms",
            Object::Array(params.iter().take(count).cloned().collect()),
        );
    }
    outer
        .get_plain_content_with_limit(MAX_PDF_STREAM_BYTES)
        .map_err(inflate_error)
}

/// The `/DecodeParms` of the filter at `index`.
fn codec_params<'a>(document: &'a Document, dict: &'a Dictionary, index: usize) -> CcittParams {
    let params = match dict.get_deref(b"DecodeParms", document) {
        Ok(Object::Dictionary(d)) => Some(d),
        Ok(Object::Array(list)) => list
            .get(index)
            .and_then(|o| document.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok()),
        _ => None,
    };
    let get = |key: &[u8]| params.and_then(|p| integer(document, p, key));
    CcittParams {
        k: get(b"K").unwrap_or(0),
        columns: get(b"Columns")
            .filter(|c| *c > 0)
            .map(|c| c as u32)
            .unwrap_or(1728),
        rows: get(b"Rows").filter(|r| *r > 0).map(|r| r as u32),
        black_is_1: params
            .and_then(|p| p.get(b"BlackIs1").ok())
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false),
    }
}

/// What a CCITT fax stream says of itself.
#[derive(Debug, Clone, Copy)]
struct CcittParams {
    k: i64,
    columns: u32,
    rows: Option<u32>,
    black_is_1: bool,
}

/// CCITT fax data as a one-strip TIFF, which Tesseract reads directly. The codes carry white
/// and black runs themselves; `/BlackIs1` and an inverting `/Decode` each swap how a viewer
/// shows them, and the TIFF's photometric interpretation does the same.
fn ccitt_tiff(data: &[u8], height: u32, params: CcittParams, inverted: bool) -> Vec<u8> {
    let rows = params.rows.unwrap_or(height);
    // TIFF compression 4 is Group 4 (K < 0), 3 is Group 3, 2-D when K > 0.
    let compression = if params.k < 0 { 4 } else { 3 };
    let mut entries: Vec<(u16, u16, u32)> = vec![
        (256, 4, params.columns), // ImageWidth
        (257, 4, rows),           // ImageLength
        (258, 3, 1),              // BitsPerSample
        (259, 3, compression),    // Compression
        // PhotometricInterpretation: 0 shows black runs black, 1 shows them white.
        (262, 3, u32::from(params.black_is_1 != inverted)),
        (273, 4, 0), // StripOffsets, filled in below
        (277, 3, 1), // SamplesPerPixel
        (278, 4, rows),
        (279, 4, data.len() as u32), // StripByteCounts
    ];
    if params.k > 0 {
        entries.push((292, 4, 1)); // T4Options: 2-D coding
    }
    let ifd_len = 2 + entries.len() * 12 + 4;
    let data_offset = (8 + ifd_len) as u32;
    if let Some(entry) = entries.iter_mut().find(|e| e.0 == 273) {
        entry.2 = data_offset;
    }
    let mut out = Vec::with_capacity(data_offset as usize + data.len());
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&value.to_le_bytes());
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A colour space, as far as greyscale conversion needs it.
enum Colours {
    Grey,
    Rgb,
    Cmyk,
    /// One ink (Separation, DeviceN with one colourant): 1 is full ink, so dark.
    Ink,
    /// A palette of `base` colours, `components` bytes each.
    Indexed {
        base: Box<Colours>,
        palette: Vec<u8>,
    },
}

impl Colours {
    fn components(&self) -> usize {
        match self {
            Colours::Grey | Colours::Ink | Colours::Indexed { .. } => 1,
            Colours::Rgb => 3,
            Colours::Cmyk => 4,
        }
    }

    /// Grey level (0 black, 255 white) of one pixel's components, each scaled to 0..=255.
    fn grey(&self, c: &[u8]) -> u8 {
        match self {
            Colours::Grey => c[0],
            Colours::Ink => 255 - c[0],
            Colours::Rgb => luminance(c[0], c[1], c[2]),
            Colours::Cmyk => {
                let ink = |v: u8| 255 - v.saturating_add(c[3]);
                luminance(ink(c[0]), ink(c[1]), ink(c[2]))
            }
            Colours::Indexed { base, palette } => {
                let n = base.components();
                let at = usize::from(c[0]) * n;
                match palette.get(at..at + n) {
                    Some(entry) => base.grey(entry),
                    None => 255,
                }
            }
        }
    }
}

fn luminance(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
}

fn colour_space(document: &Document, object: &Object, depth: usize) -> Result<Colours, ImageError> {
    let object = document
        .dereference(object)
        .map(|(_, o)| o)
        .unwrap_or(object);
    let unsupported = |name: &[u8]| {
        Err(ImageError::Unsupported(format!(
            "colour space {}",
            String::from_utf8_lossy(name)
        )))
    };
    match object {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(Colours::Grey),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(Colours::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(Colours::Cmyk),
            other => unsupported(other),
        },
        Object::Array(parts) if depth < 4 => {
            let family = parts.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
            match family {
                b"ICCBased" => {
                    let n = parts
                        .get(1)
                        .and_then(|o| document.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| integer(document, &s.dict, b"N"))
                        .unwrap_or(3);
                    Ok(match n {
                        1 => Colours::Grey,
                        4 => Colours::Cmyk,
                        _ => Colours::Rgb,
                    })
                }
                b"CalGray" => Ok(Colours::Grey),
                b"CalRGB" => Ok(Colours::Rgb),
                b"Separation" => Ok(Colours::Ink),
                b"DeviceN"
                    if parts
                        .get(1)
                        .and_then(|o| o.as_array().ok())
                        .is_some_and(|names| names.len() == 1) =>
                {
                    Ok(Colours::Ink)
                }
                b"Indexed" | b"I" => {
                    let base = parts
                        .get(1)
                        .ok_or_else(|| ImageError::Malformed("indexed without a base".into()))?;
                    let base = colour_space(document, base, depth + 1)?;
                    let lookup = parts
                        .get(3)
                        .map(|o| document.dereference(o).map(|(_, o)| o).unwrap_or(o));
                    let palette = match lookup {
                        Some(Object::String(bytes, _)) => bytes.clone(),
                        Some(Object::Stream(s)) => s
                            .get_plain_content_with_limit(MAX_PDF_STREAM_BYTES)
                            .map_err(inflate_error)?,
                        _ => return Err(ImageError::Malformed("indexed without a palette".into())),
                    };
                    Ok(Colours::Indexed {
                        base: Box::new(base),
                        palette,
                    })
                }
                other => unsupported(other),
            }
        }
        _ => unsupported(b"of an unknown form"),
    }
}

/// Decode raw samples to one grey byte per pixel.
fn to_grey(
    document: &Document,
    dict: &Dictionary,
    samples: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ImageError> {
    let mask = dict
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let colours = if mask {
        Colours::Grey
    } else {
        match dict.get(b"ColorSpace") {
            Ok(space) => colour_space(document, space, 0)?,
            Err(_) => Colours::Grey,
        }
    };
    let bits = if mask {
        1
    } else {
        integer(document, dict, b"BitsPerComponent").unwrap_or(8)
    };
    let bits = match bits {
        1 | 2 | 4 | 8 | 16 => bits as usize,
        other => return Err(ImageError::Malformed(format!("{other} bits per component"))),
    };
    let inverted = decode_inverted(document, dict);
    let components = colours.components();
    let (width, height) = (width as usize, height as usize);
    let stride = (width * components * bits).div_ceil(8);
    let indexed = matches!(colours, Colours::Indexed { .. });
    let max = (1u32 << bits.min(8)) - 1;
    let mut grey = Vec::with_capacity(width * height);
    let mut pixel = [0u8; 4];
    for row in 0..height {
        // Viewers draw missing rows blank; so does OCR.
        let Some(line) = samples.get(row * stride..(row + 1) * stride) else {
            grey.resize(width * height, 255);
            break;
        };
        for x in 0..width {
            for (c, value) in pixel.iter_mut().enumerate().take(components) {
                let index = x * components + c;
                let raw = match bits {
                    16 => u32::from(line[index * 2]),
                    8 => u32::from(line[index]),
                    _ => {
                        let bit = index * bits;
                        u32::from(line[bit / 8] >> (8 - bits - bit % 8)) & max
                    }
                };
                *value = if indexed || bits >= 8 {
                    raw as u8
                } else {
                    (raw * 255 / max) as u8
                };
            }
            let level = colours.grey(&pixel[..components]);
            grey.push(if inverted && components == 1 && !indexed {
                255 - level
            } else {
                level
            });
        }
    }
    Ok(grey)
}

/// Whether `/Decode [1 0]` inverts a one-component image (a mask's 1 then paints).
fn decode_inverted(document: &Document, dict: &Dictionary) -> bool {
    dict.get_deref(b"Decode", document)
        .and_then(Object::as_array)
        .ok()
        .and_then(|d| d.first())
        .and_then(|o| {
            o.as_float()
                .ok()
                .or_else(|| o.as_i64().ok().map(|v| v as f32))
        })
        .is_some_and(|first| first >= 0.5)
}

/// A binary PGM (`P5`) of `grey`.
fn pgm(grey: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = format!("P5\n{width} {height}\n255\n").into_bytes();
    out.extend_from_slice(grey);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn image(dict: Dictionary, content: Vec<u8>) -> Stream {
        Stream::new(dict, content)
    }

    #[test]
    fn one_bit_grey_is_decoded_to_pgm_with_zero_black() {
        let document = Document::with_version("1.5");
        // 10 pixels wide, 2 rows: the first row black then white, the second all white.
        let stream = image(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 10, "Height" => 2,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1,
            },
            vec![0b0000_0111, 0b1100_0000, 0xFF, 0xFF],
        );
        let prepared = prepare(&document, &stream).expect("decoded");
        let header = b"P5\n10 2\n255\n";
        assert_eq!(&prepared.bytes[..header.len()], header);
        let pixels = &prepared.bytes[header.len()..];
        assert_eq!(
            pixels[..10],
            [0, 0, 0, 0, 0, 255, 255, 255, 255, 255],
            "first row"
        );
        assert!(pixels[10..].iter().all(|p| *p == 255));
    }

    #[test]
    fn rgb_indexed_and_masks_become_grey() {
        let document = Document::with_version("1.5");
        let rgb = image(
            dictionary! { "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceRGB",
            "BitsPerComponent" => 8 },
            vec![255, 255, 255, 0, 0, 0],
        );
        assert!(prepare(&document, &rgb).unwrap().bytes.ends_with(&[255, 0]));
        let indexed = image(
            dictionary! {
                "Width" => 2, "Height" => 1, "BitsPerComponent" => 8,
                "ColorSpace" => vec![Object::Name(b"Indexed".to_vec()),
                    Object::Name(b"DeviceGray".to_vec()), Object::Integer(1),
                    Object::String(vec![200, 10], lopdf::StringFormat::Hexadecimal)],
            },
            vec![1, 0],
        );
        assert!(prepare(&document, &indexed)
            .unwrap()
            .bytes
            .ends_with(&[10, 200]));
        let mask = image(
            dictionary! { "Width" => 8, "Height" => 1, "ImageMask" => true,
            "Decode" => vec![Object::Integer(1), Object::Integer(0)] },
            vec![0b1000_0000],
        );
        let bytes = prepare(&document, &mask).unwrap().bytes;
        assert!(bytes.ends_with(&[0, 255, 255, 255, 255, 255, 255, 255]));
    }

    #[test]
    fn jpeg_is_passed_through_and_fax_data_wrapped_in_tiff() {
        let document = Document::with_version("1.5");
        let jpeg = image(
            dictionary! { "Width" => 4, "Height" => 4, "Filter" => "DCTDecode" },
            vec![0xFF, 0xD8, 0xFF, 0xD9],
        );
        assert_eq!(
            prepare(&document, &jpeg).unwrap().bytes,
            [0xFF, 0xD8, 0xFF, 0xD9]
        );
        let fax = image(
            dictionary! { "Width" => 1728, "Height" => 100, "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => 1728 } },
            vec![1, 2, 3],
        );
        let tiff = prepare(&document, &fax).unwrap().bytes;
        assert!(tiff.starts_with(b"II*\0"));
        assert!(tiff.ends_with(&[1, 2, 3]));
        // Compression 4 (Group 4) is the fourth entry.
        let entry = 8 + 2 + 3 * 12;
        assert_eq!(&tiff[entry..entry + 2], &259u16.to_le_bytes());
        assert_eq!(tiff[entry + 8], 4);
    }

    #[test]
    fn huge_and_unsupported_images_are_refused_before_decoding() {
        let document = Document::with_version("1.5");
        let huge = image(
            dictionary! { "Width" => 100_000, "Height" => 100_000, "Filter" => "DCTDecode" },
            vec![0xFF, 0xD8],
        );
        assert!(matches!(
            prepare(&document, &huge),
            Err(ImageError::Limit(_))
        ));
        let jbig2 = image(
            dictionary! { "Width" => 10, "Height" => 10, "Filter" => "JBIG2Decode" },
            vec![0],
        );
        assert!(matches!(
            prepare(&document, &jbig2),
            Err(ImageError::Unsupported(_))
        ));
        let no_size = image(dictionary! { "Filter" => "DCTDecode" }, vec![]);
        assert!(matches!(
            prepare(&document, &no_size),
            Err(ImageError::Malformed(_))
        ));
    }
}
