//! Write an uncompressed copy of each PDF given, for use as a fuzzing seed:
//! `cargo run --example inflate_pdfs -- OUT_DIR FILE.pdf...` (`seed-corpus.sh` runs it).
//!
//! A real PDF's content streams are deflated, so a byte mutation mostly yields a decompression
//! error; with the streams stored plain, mutations reach the content-stream interpreter.
//! lopdf loads each file (object streams expanded), decompresses every stream and saves it
//! with a plain cross-reference table. Files lopdf cannot load are skipped with a note.

use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: inflate_pdfs OUT_DIR FILE.pdf...");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&out).expect("create the output folder");
    for path in args.map(PathBuf::from) {
        match inflate(&path) {
            Ok(bytes) => {
                let name = path.file_name().expect("a file name");
                let mut target = out.join(name);
                target.set_extension("inflated.pdf");
                std::fs::write(&target, bytes).expect("write the inflated copy");
            }
            Err(e) => eprintln!("skipped {}: {e}", path.display()),
        }
    }
}

fn inflate(path: &Path) -> Result<Vec<u8>, lopdf::Error> {
    let mut document = lopdf::Document::load(path)?;
    document.decompress();
    let mut bytes = Vec::new();
    document.save_to(&mut bytes)?;
    Ok(bytes)
}
