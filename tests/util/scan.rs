//! Scanned PDFs made from typed ones, for the OCR tests and the OCR benchmark: each page is
//! rendered by `pdftoppm` (poppler-utils) and the image wrapped back into a PDF page with no
//! text layer, stored as 8-bit grey (Flate), JPEG, or 1 bit per pixel as a fax-mode scanner
//! stores it. Shared by `tests/ocr.rs` and `examples/scan_pdf.rs`.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// A PDF from raw objects (object `i + 1` is `objects[i]`), with a correct cross-reference
/// table.
pub fn pdf(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A typed PDF of `pages`, in Helvetica 12 pt on A4.
pub fn typed_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 3 0 R >> >> >>",
            kids.join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let mut content = String::from("BT /F1 12 Tf 16 TL 60 780 Td\n");
        for line in *lines {
            content.push_str(&format!("({line}) Tj T*\n"));
        }
        content.push_str("ET");
        objects.push(stream("", content.as_bytes()));
    }
    pdf(&objects, "")
}

/// How a page image is stored in the scanned PDF.
#[derive(Clone, Copy)]
pub enum Scan {
    /// 8-bit grey, Flate-compressed.
    Grey,
    /// JPEG.
    Jpeg,
    /// 1 bit per pixel, as a fax-mode scanner stores it.
    Mono,
}

/// The resolution pages are scanned at.
pub const DPI: u32 = 200;

/// A scanned page: its image XObject, and the page's size in points.
#[derive(Clone)]
pub struct Scanned {
    /// The image XObject.
    pub xobject: Vec<u8>,
    /// Page width.
    pub width_pt: f64,
    /// Page height.
    pub height_pt: f64,
}

/// Render page `page` of `typed` with pdftoppm and return it as an image XObject.
pub fn scanned_page(typed: &Path, page: usize, scan: Scan, work: &Path) -> Scanned {
    let prefix = work.join(format!("page{page}"));
    let mut command = Command::new("pdftoppm");
    command
        .args([
            "-r",
            &DPI.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
        ])
        .args(match scan {
            Scan::Grey => vec!["-gray"],
            Scan::Jpeg => vec!["-jpeg", "-jpegopt", "quality=85"],
            Scan::Mono => vec!["-mono"],
        })
        .arg(typed)
        .arg(&prefix);
    let out = command.output().expect("pdftoppm runs");
    assert!(
        out.status.success(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let extension = match scan {
        Scan::Grey => "pgm",
        Scan::Jpeg => "jpg",
        Scan::Mono => "pbm",
    };
    let bytes = std::fs::read(prefix.with_extension(extension)).expect("rendered page");
    let _ = std::fs::remove_file(prefix.with_extension(extension));
    let (width, height) = match scan {
        Scan::Jpeg => jpeg_size(&bytes),
        Scan::Grey | Scan::Mono => {
            let (w, h, _) = netpbm(&bytes);
            (w, h)
        }
    };
    let xobject = match scan {
        Scan::Jpeg => stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {width} /Height {height} \
                     /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"
            ),
            &bytes,
        ),
        Scan::Grey | Scan::Mono => {
            let (_, _, pixels) = netpbm(&bytes);
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(pixels).expect("compress");
            let data = encoder.finish().expect("compress");
            let (bits, decode) = match scan {
                // PBM's 1 is black; DeviceGray's 1 is white, so the scan says /Decode [1 0].
                Scan::Mono => (1, "/Decode [1 0]"),
                _ => (8, ""),
            };
            stream(
                &format!(
                    "/Type /XObject /Subtype /Image /Width {width} /Height {height} \
                     /ColorSpace /DeviceGray /BitsPerComponent {bits} {decode} /Filter /FlateDecode"
                ),
                &data,
            )
        }
    };
    Scanned {
        xobject,
        width_pt: width as f64 * 72.0 / f64::from(DPI),
        height_pt: height as f64 * 72.0 / f64::from(DPI),
    }
}

/// Width, height and pixel bytes of a binary PGM (P5) or PBM (P4).
fn netpbm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    let wanted = if bytes.starts_with(b"P4") { 3 } else { 4 };
    while fields.len() < wanted {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes[at] == b'#' {
            while bytes[at] != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    let width = fields[1].parse().expect("width");
    let height = fields[2].parse().expect("height");
    (width, height, &bytes[at + 1..])
}

/// Width and height from a JPEG's start-of-frame marker.
fn jpeg_size(bytes: &[u8]) -> (usize, usize) {
    let mut at = 2;
    while at + 9 < bytes.len() {
        let marker = bytes[at + 1];
        let length = usize::from(bytes[at + 2]) << 8 | usize::from(bytes[at + 3]);
        if (0xC0..=0xC3).contains(&marker) {
            let height = usize::from(bytes[at + 5]) << 8 | usize::from(bytes[at + 6]);
            let width = usize::from(bytes[at + 7]) << 8 | usize::from(bytes[at + 8]);
            return (width, height);
        }
        at += 2 + length;
    }
    panic!("no JPEG frame header");
}

/// A PDF of the given pages: a scanned page's image drawn over the whole page, or typed lines.
pub enum Page {
    /// A scanned page.
    Image(Scanned),
    /// Typed lines on an A4 page.
    Typed(&'static [&'static str]),
}

pub fn assemble(pages: Vec<Page>) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 3 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    for (i, page) in pages.into_iter().enumerate() {
        let (content_id, image_id) = (5 + 3 * i, 6 + 3 * i);
        let (width, height) = match &page {
            Page::Image(scan) => (scan.width_pt, scan.height_pt),
            Page::Typed(_) => (595.0, 842.0),
        };
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2} {height:.2}] \
                 /Contents {content_id} 0 R /Resources \
                 << /Font << /F1 3 0 R >> /XObject << /Im0 {image_id} 0 R >> >> >>"
            )
            .into_bytes(),
        );
        match page {
            Page::Image(scan) => {
                let draw = format!("q {width:.2} 0 0 {height:.2} 0 0 cm /Im0 Do Q");
                objects.push(stream("", draw.as_bytes()));
                objects.push(scan.xobject);
            }
            Page::Typed(lines) => {
                let mut content = String::from("BT /F1 12 Tf 16 TL 60 780 Td\n");
                for line in lines {
                    content.push_str(&format!("({line}) Tj T*\n"));
                }
                content.push_str("ET");
                objects.push(stream("", content.as_bytes()));
                // An unused placeholder keeps the numbering regular.
                objects.push(b"null".to_vec());
            }
        }
    }
    pdf(&objects, "")
}
