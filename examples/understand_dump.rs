//! Print what quorum understands of one file: `cargo run --example understand_dump -- FILE`.
//!
//! A narrated look at the understanding stage: extraction picks the format from the file's
//! content, then [`quorum::understand::understand`] reads its meeting, items and passages.

use std::path::Path;

use quorum::discover::sniff_format;
use quorum::extract::extract;
use quorum::understand::{understand, Source};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: understand_dump FILE"))?;
    let bytes = std::fs::read(&path)?;
    let ext = Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let format =
        sniff_format(ext.as_deref(), &bytes).ok_or_else(|| anyhow::anyhow!("unsupported file"))?;
    let extracted = extract(&bytes, format)?;
    let doc = understand(
        &extracted,
        Source {
            rel: &path,
            hash: "",
            metadata: None,
        },
    );
    println!("type: {}  title: {}", doc.doc_type, doc.title);
    println!("meeting: {:?}", doc.meeting);
    for item in &doc.items {
        println!("item {:>6}  {}", item.number, item.title);
        for r in &item.reports {
            println!(
                "          report {:?} {:?} by {:?} contact {:?}",
                r.letter, r.title, r.author, r.contact
            );
        }
    }
    let verbose = std::env::args().nth(2).is_some();
    for p in &doc.passages {
        let item = p
            .item
            .as_ref()
            .map_or(String::from("-"), |i| i.number.clone());
        let head: String = p
            .text
            .chars()
            .take(if verbose { 2000 } else { 70 })
            .collect();
        println!(
            "[{:>5}] {:<8} {:<14} {:<30} t={} {:?}",
            item,
            p.doc_type.as_str(),
            p.role.as_str(),
            p.section
                .clone()
                .unwrap_or_default()
                .chars()
                .take(30)
                .collect::<String>(),
            p.truncated,
            head.replace('\n', " ")
        );
    }
    Ok(())
}
