//! A hostile corpus, made here rather than downloaded: broken, encrypted, explosive and
//! pathological files mixed with the sample papers. Indexing must finish, index every good
//! file, and list every bad one with a one-line reason.
//!
//! The 200 MB file without line breaks is written only when `QUORUM_HOSTILE_BIG=1` (it costs
//! a few seconds and 200 MB of disk); without it the same file is 20 MB.

mod util;

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;
use util::scan::stream;
use util::{describe, pdf, quorum};

/// Catalog, pages, one page with the given content object (4) and a font (5).
fn one_page(content: Vec<u8>) -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]
}

fn text_content(text: &str) -> Vec<u8> {
    stream(
        "",
        format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").as_bytes(),
    )
}

fn bomb_content(inflated_bytes: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..inflated_bytes >> 20 {
        encoder.write_all(&zeros).expect("compress");
    }
    let compressed = encoder.finish().expect("compress");
    stream("/Filter /FlateDecode", &compressed)
}

/// A PDF of `pages` pages, each drawing the same grey image over the whole page.
fn scanned_pages(pages: usize, width: usize, height: usize, filter: &str, data: &[u8]) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} /MediaBox [0 0 612 792] \
             /Resources << /XObject << /Im0 4 0 R >> >> >>",
            kids.join(" ")
        )
        .into_bytes(),
        stream("", b"q 612 0 0 792 0 0 cm /Im0 Do Q"),
        stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {width} /Height {height} \
                 /ColorSpace /DeviceGray /BitsPerComponent 8 {filter}"
            ),
            data,
        ),
    ];
    objects.extend((0..pages).map(|_| b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>".to_vec()));
    pdf(&objects, "")
}

/// Every hostile file, by name.
fn write_hostile_files(dir: &Path) {
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    let valid = pdf(&one_page(text_content("Hostile corpus control paper")), "");
    write("valid.pdf", &valid);
    write("truncated.pdf", &valid[..valid.len() / 2]);
    let mut noise = 0x2545_F491_4F6C_DD1Du64;
    let random: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            noise ^= noise << 13;
            noise ^= noise >> 7;
            noise ^= noise << 17;
            noise as u8
        })
        .collect();
    write("random.pdf", &[b"%PDF-1.4\n".as_slice(), &random].concat());
    write("random-bytes.txt", &random);
    let mut encrypted = one_page(text_content("secret"));
    encrypted.push(
        format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <{0}> /U <{0}> >>",
            "00".repeat(32)
        )
        .into_bytes(),
    );
    write(
        "encrypted.pdf",
        &pdf(&encrypted, "/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"),
    );
    write("bomb.pdf", &pdf(&one_page(bomb_content(1 << 30)), ""));
    let mut cycle = one_page(text_content("cycle"));
    cycle[1] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec();
    write("cycle.pdf", &pdf(&cycle, ""));
    let mut deep = one_page(text_content("deep"));
    deep.push(format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes());
    deep[0] = b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>".to_vec();
    write("deep.pdf", &pdf(&deep, ""));
    let mut scan = one_page(Vec::new());
    scan[2] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec();
    scan[3] = b"<< >>".to_vec();
    write("scan.pdf", &pdf(&scan, ""));
    // Scan bombs: thousands of scanned pages (OCR stops at its page limit), and one page whose
    // image states ten billion pixels (refused before anything is decoded).
    write(
        "scan-bomb-pages.pdf",
        &scanned_pages(3_000, 200, 60, "/Filter /FlateDecode", &{
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&[255u8; 200 * 60]).expect("compress");
            encoder.finish().expect("compress")
        }),
    );
    write(
        "scan-bomb-image.pdf",
        &scanned_pages(
            1,
            100_000,
            100_000,
            "/Filter /DCTDecode",
            &[0xFF, 0xD8, 0xFF, 0xD9],
        ),
    );
    write("empty.txt", b"");
    write("empty.pdf", b"");
    write(
        "invalid-utf8.txt",
        b"Minutes of the meeting \xff\xfe\xc3\x28 held on 1 May 2019\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Minutes of a meeting of the Cabinet held on 3 June 2020"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write("utf16.txt", &utf16);
    write(
        "deep.html",
        format!(
            "<!doctype html><html><body>{}deep text{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        )
        .as_bytes(),
    );
    let big_mb = if std::env::var("QUORUM_HOSTILE_BIG").is_ok_and(|v| v == "1") {
        200
    } else {
        20
    };
    let line = "caseload ".repeat(1 << 17);
    let mut big = std::fs::File::create(dir.join("no-line-breaks.txt")).expect("create");
    for _ in 0..(big_mb << 20) / line.len() {
        big.write_all(line.as_bytes()).expect("write");
    }
    std::os::unix::fs::symlink(dir.join("loop-b"), dir.join("loop-a")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("loop-a"), dir.join("loop-b")).expect("symlink");
    std::os::unix::fs::symlink("/etc/passwd", dir.join("outside.txt")).expect("symlink");
}

#[test]
fn a_hostile_corpus_indexes_the_good_files_and_explains_the_bad_ones() {
    let corpus = util::corpus_copy();
    write_hostile_files(corpus.path());
    let index = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let out = quorum([
        "index".as_ref(),
        corpus.path().as_os_str(),
        "--index".as_ref(),
        index.path().as_os_str(),
        "--json".as_ref(),
        "--file-timeout".as_ref(),
        "20".as_ref(),
    ]);
    let seconds = started.elapsed().as_secs_f64();
    assert!(out.status.success(), "{}", describe(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("summary JSON");

    let mut reported = std::collections::BTreeMap::new();
    for entry in summary["failed"].as_array().into_iter().flatten() {
        let reason = format!(
            "{}: {}",
            entry["kind"].as_str().unwrap_or("?"),
            entry["reason"].as_str().unwrap_or("?")
        );
        reported.insert(entry["path"].as_str().unwrap_or("").to_string(), reason);
    }
    for entry in summary["skipped"].as_array().into_iter().flatten() {
        reported.insert(
            entry["path"].as_str().unwrap_or("").to_string(),
            format!("skipped: {}", entry["reason"].as_str().unwrap_or("?")),
        );
    }
    eprintln!("indexed in {seconds:.1}s; reported:");
    for (path, reason) in &reported {
        eprintln!("  {path}: {reason}");
    }
    for must_fail in [
        "truncated.pdf",
        "random.pdf",
        "encrypted.pdf",
        "scan.pdf",
        "scan-bomb-pages.pdf",
        "scan-bomb-image.pdf",
        "empty.txt",
        "empty.pdf",
        "loop-a",
        "loop-b",
        "outside.txt",
    ] {
        let reason = reported
            .get(must_fail)
            .unwrap_or_else(|| panic!("{must_fail} not reported"));
        assert!(
            !reason.trim().is_empty() && !reason.contains('\n'),
            "one-line reason: {reason}"
        );
    }
    // Each reason is a single line a person can act on.
    assert!(reported.values().all(|r| !r.contains('\n')));
    // The scan bombs are cut off by OCR's limits (or, without Tesseract, not read at all).
    for (bomb, limit) in [
        ("scan-bomb-pages.pdf", "past the OCR limit of 300 pages"),
        ("scan-bomb-image.pdf", "over a limit"),
    ] {
        let reason = &reported[bomb];
        assert!(
            reason.starts_with("scanned: ")
                && (reason.contains(limit) || reason.contains("install tesseract-ocr")),
            "{bomb}: {reason}"
        );
    }

    // Every seed paper is searchable. (Not by "caseloads" alone: when no-line-breaks.txt
    // indexes within its time limit, its thousands of passages of nothing but "caseload" fill
    // the first page of that word, as BM25 ranks them.)
    for (query, file) in [
        ("\"newly qualified\" caseloads", "000_"),
        ("ILACS judgement", "001_"),
        ("young carers", "002_"),
        ("Bromley", "003_"),
        ("fostering", "004_"),
    ] {
        let (_, response) = util::search_json(index.path(), query, &["--limit", "20"]);
        let found = util::hits(&response).iter().any(|h| {
            h["document"]["path"]
                .as_str()
                .is_some_and(|p| p.starts_with(file))
        });
        assert!(found, "{query} finds {file}");
    }
    // Nothing from outside the corpus was read.
    let (code, _) = util::search_json(index.path(), "nologin", &[]);
    assert_eq!(
        code, 1,
        "/etc/passwd was not indexed through a symbolic link"
    );
}
