//! End to end: a generated archive of about 2,000 passages is indexed by quorum's real
//! indexing pipeline and its generated words are found by searches.

use std::path::Path;

use quorum::index::{update_index, IndexOptions};
use quorum::search::{Engine, SearchRequest};
use quorum::synth::{self, render::Style, GenOptions};

#[test]
fn a_generated_archive_indexes_and_its_words_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("archive");
    let options = GenOptions {
        vocabulary: Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        jsonl: Some(dir.path().join("passages.jsonl")),
        threads: 2,
        ..GenOptions::new(2_000, &out)
    };
    let summary = synth::generate(&options).unwrap();
    assert_eq!(summary.passages, 2_000);
    assert!(summary.files >= 10, "{summary:?}");

    let index = dir.path().join("index");
    let indexed = update_index(&out, &index, &IndexOptions::default()).unwrap();
    // Every generated file is a document of the index (indexed, or recorded as a failure when
    // this build cannot read its format yet).
    assert_eq!(indexed.added, summary.files, "{indexed:?}");
    assert!(indexed.skipped.is_empty(), "{:?}", indexed.skipped);
    let readable: usize = summary
        .files_by_format
        .iter()
        .filter(|(ext, _)| ext.as_str() != Style::Pdf.extension())
        .map(|(_, n)| n)
        .sum();
    assert!(
        indexed.added - indexed.failed.len() >= readable,
        "{indexed:?}"
    );
    assert!(indexed.passages > 0);

    let engine = Engine::open(&index).unwrap();
    let vocab = synth::vocab::Vocabulary::from_dir(&options.vocabulary).unwrap();
    let queries = synth::queries::queries(&vocab, 1, 40);
    let mut found = 0;
    for q in queries.iter().filter(|q| q.kind == "term") {
        let response = engine.search(&SearchRequest::new(q.q.clone())).unwrap();
        if response.total > 0 {
            found += 1;
        }
    }
    assert!(found > 0, "no generated word was found");
    // A frequent word of the corpus is in almost every passage.
    let response = engine.search(&SearchRequest::new("services")).unwrap();
    assert!(response.total > 100, "{}", response.total);
    assert!(
        !response
            .facets
            .get(quorum::search::Dimension::Committee)
            .is_empty()
            || response.total > 0
    );
}
