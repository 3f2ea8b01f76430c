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

/// A fresh scratch folder for one test, with an empty `bin/` for stand-in
/// commands (put first on a command's PATH).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lastaccessed-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    dir
}

/// Write an executable script (a stand-in command).
pub fn write_exec(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
