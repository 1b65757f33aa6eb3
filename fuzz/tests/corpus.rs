//! Replays the committed fuzz corpus (fuzz/corpus/<target>/*) through the same target functions the libFuzzer
//! binaries run, so `cargo test` keeps every input the coverage-guided fuzzer found interesting panic-free.

use std::path::Path;

#[test]
fn every_committed_corpus_input_passes_its_target() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (name, target) in candor_fuzz::TARGETS {
        let dir = corpus.join(name);
        let mut inputs = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} panicked", path.display());
            inputs += 1;
        }
        assert!(
            inputs > 0,
            "{name}: no committed input in {}",
            dir.display()
        );
    }
}

#[test]
fn the_committed_corpus_stays_under_one_megabyte() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut bytes = 0;
    for (name, _) in candor_fuzz::TARGETS {
        for entry in std::fs::read_dir(corpus.join(name)).unwrap() {
            bytes += entry.unwrap().metadata().unwrap().len();
        }
    }
    assert!(bytes <= 1_000_000, "the corpus has {bytes} bytes");
}
