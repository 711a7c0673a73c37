//! Make a scanned copy of a typed PDF: every page rendered by `pdftoppm` and wrapped back into
//! a PDF page with no text layer (what an archive's older papers look like). For the OCR
//! benchmark (`benches/ocr.sh`); the same code makes the scans of `tests/ocr.rs`.
//!
//! ```sh
//! cargo run --release --example scan_pdf -- TYPED.pdf SCANNED.pdf [grey|jpeg|mono|mixed]
//! ```
//! `mixed` (the default) stores the pages in turn as 8-bit grey, JPEG and 1-bit images.

#[path = "../tests/util/scan.rs"]
mod scan;

use scan::{assemble, scanned_page, Page, Scan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        return Err("usage: scan_pdf TYPED.pdf SCANNED.pdf [grey|jpeg|mono|mixed]".into());
    };
    let modes = match args.get(2).map(String::as_str).unwrap_or("mixed") {
        "grey" => vec![Scan::Grey],
        "jpeg" => vec![Scan::Jpeg],
        "mono" => vec![Scan::Mono],
        "mixed" => vec![Scan::Grey, Scan::Jpeg, Scan::Mono],
        other => return Err(format!("unknown mode {other:?}").into()),
    };
    let pages = lopdf::Document::load(input)?.get_pages().len();
    let work = tempfile::tempdir()?;
    let scanned: Vec<Page> = (1..=pages)
        .map(|page| {
            let mode = modes[(page - 1) % modes.len()];
            Page::Image(scanned_page(input.as_ref(), page, mode, work.path()))
        })
        .collect();
    std::fs::write(output, assemble(scanned))?;
    println!("{output}: {pages} scanned pages");
    Ok(())
}
