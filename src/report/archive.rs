//! Zip archives: a collected account (`<account>/<roles|users|groups>/<name>/page-N.json`
//! and its authorization details) zipped, or any bundle of files the app
//! reads. Every entry is read as if it were a file of its own, named
//! `archive.zip/path/in/zip`; an entry that cannot be read is an error naming
//! it, and the others still load.
//!
//! Archives are bounded before anything is inflated: at most
//! [`MAX_ENTRIES`] entries and [`MAX_TOTAL`] bytes once inflated, each entry
//! at most [`MAX_INPUT_BYTES`] and at most [`MAX_RATIO`] times its
//! compressed size (past 1 MB). Sizes the archive declares are not trusted:
//! reading stops at the limit.
//!
//! ```
//! use std::io::Write;
//! use lastaccessed::report::archive::{is_zip, read_zip};
//! let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
//! let opts = zip::write::SimpleFileOptions::default();
//! zip.start_file("123456789012/roles/app/page-1.json", opts).unwrap();
//! zip.write_all(br#"{"JobStatus": "COMPLETED", "ServicesLastAccessed": [], "IsTruncated": false}"#).unwrap();
//! zip.start_file("notes.md", opts).unwrap();
//! zip.write_all(b"# not a report").unwrap();
//! let bytes = zip.finish().unwrap().into_inner();
//! assert!(is_zip(&bytes));
//! let loaded = read_zip("account.zip", &bytes).unwrap();
//! assert_eq!(loaded.pages[0].file, "account.zip/123456789012/roles/app/page-1.json");
//! assert_eq!(loaded.errors.len(), 1);
//! assert_eq!(loaded.errors[0].file.as_deref(), Some("account.zip/notes.md"));
//! ```

use std::io::Read;

use super::error::{Error, ErrorKind};
use super::input::{parse_file, Loaded, MAX_INPUT_BYTES};

/// Most entries an archive may have.
pub const MAX_ENTRIES: usize = 50_000;
/// Most bytes all entries may inflate to together.
pub const MAX_TOTAL: u64 = 2_000_000_000;
/// Most an entry past 1 MB may inflate, as a multiple of its compressed size
/// (indented JSON compresses 10–30×; a zip bomb, thousands).
pub const MAX_RATIO: u64 = 1_000;

/// Whether `bytes` are a zip archive (a local file header, or an empty
/// archive's end record).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// An entry that is not data: folders, hidden files and folders (`.DS_Store`,
/// the collection script's `.complete`), macOS resource forks.
fn skipped(name: &str) -> bool {
    name.ends_with('/')
        || name
            .split(['/', '\\'])
            .any(|s| s.starts_with('.') || s == "__MACOSX")
}

fn refused(reason: String) -> Error {
    Error::new(ErrorKind::Archive { reason })
}

/// Every entry of the archive `file`, read as a file of its own.
pub fn read_zip(file: &str, bytes: &[u8]) -> Result<Loaded, Error> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| refused(format!("the zip archive is damaged: {e}")).in_file(file))?;
    if archive.len() > MAX_ENTRIES {
        return Err(refused(format!(
            "{} entries; at most {MAX_ENTRIES} are read (zip the folders to review in parts)",
            archive.len()
        ))
        .in_file(file));
    }
    let mut loaded = Loaded::default();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                loaded
                    .errors
                    .push(refused(format!("entry {} cannot be read: {e}", i + 1)).in_file(file));
                continue;
            }
        };
        let name = match entry.name() {
            Ok(n) => n.to_string(),
            Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
        };
        if entry.is_dir() || skipped(&name) {
            continue;
        }
        let path = format!("{file}/{name}");
        if entry.encrypted() {
            loaded
                .errors
                .push(refused("encrypted; zip it without a password".into()).in_file(path));
            continue;
        }
        // Read at most what is still allowed, plus one byte to notice more.
        let room = (MAX_TOTAL - total).min(MAX_INPUT_BYTES as u64);
        let ratio_cap = entry
            .compressed_size()
            .max(1)
            .saturating_mul(MAX_RATIO)
            .max(1_000_000);
        let cap = room.min(ratio_cap);
        let mut data = Vec::new();
        if let Err(e) = (&mut entry).take(cap + 1).read_to_end(&mut data) {
            loaded
                .errors
                .push(refused(format!("cannot be inflated: {e}")).in_file(path));
            continue;
        }
        let n = data.len() as u64;
        if n > cap {
            // Past the archive's total, nothing more is read.
            let stops = cap == room && room < MAX_INPUT_BYTES as u64;
            let error = if cap == ratio_cap {
                refused(format!(
                    "inflates to over {MAX_RATIO} times its compressed size ({} bytes): not read, as a zip bomb would",
                    entry.compressed_size()
                ))
            } else if stops {
                refused(format!(
                    "the archive inflates to over {} MB: this entry and the rest are not read",
                    MAX_TOTAL / 1_000_000
                ))
            } else {
                Error::new(ErrorKind::TooLarge {
                    bytes: n as usize,
                    limit: MAX_INPUT_BYTES,
                })
            };
            loaded.errors.push(error.in_file(path));
            if stops {
                break;
            }
            continue;
        }
        total += n;
        if is_zip(&data) {
            loaded.errors.push(
                refused("a zip inside the zip is not opened; unzip it first".into()).in_file(path),
            );
            continue;
        }
        match parse_file(&path, &data) {
            Ok(l) => loaded.extend(l),
            Err(e) => loaded.errors.push(e),
        }
    }
    Ok(loaded)
}
