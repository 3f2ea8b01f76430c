//! Helpers shared by the native core tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use lastaccessed::report::input::{parse_file, SourcedPage};

pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// Parse fixtures (panics on error: fixtures are known-good).
pub fn pages(rels: &[&str]) -> Vec<SourcedPage> {
    rels.iter()
        .flat_map(|r| {
            parse_file(r, &bytes(r))
                .unwrap_or_else(|e| panic!("{e}"))
                .pages
        })
        .collect()
}
