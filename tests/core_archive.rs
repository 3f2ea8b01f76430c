//! Zip archives of a collected account: every entry read as a file of its
//! own, principals from the reports (and, for groups, the folder), an entry
//! that cannot be read named while the rest loads, and zip bombs bounded.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;

use common::bytes;
use lastaccessed::report::archive::{MAX_ENTRIES, MAX_RATIO};
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use lastaccessed::report::{ErrorKind, NoticeKind};
use lastaccessed::session::{Command, Parsed, Session};

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        if name.ends_with('/') {
            zip.add_directory(*name, opts).unwrap();
        } else {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

/// The account as the collection script saves it, zipped with the things
/// zips also hold (folders, hidden files, macOS forks), one damaged page and
/// the script's errors.txt.
fn account_zip() -> Vec<u8> {
    let a = "444455556666";
    zip_of(&[
        (&format!("{a}/"), vec![]),
        (&format!("{a}/authorization-details.json"), bytes("authz/boto3.json")),
        (&format!("{a}/roles/data-pipeline/page-1.json"), bytes("cli-v2/page-1.json")),
        (&format!("{a}/roles/data-pipeline/.complete"), vec![]),
        (&format!("{a}/users/bob/page-1.json"), bytes("authz/444455556666/users/bob/page-1.json")),
        (&format!("{a}/roles/nightly-etl/page-1.json"), bytes("authz/444455556666/roles/nightly-etl/page-1.json")),
        (&format!("{a}/roles/broken-copy/page-1.json"), b"{\"JobStatus\": \"COMPLETED\",\n oops".to_vec()),
        (&format!("{a}/errors.txt"), b"roles/broken\tarn:aws:iam::444455556666:role/broken\tgenerate-service-last-accessed-details: An error occurred (NoSuchEntity)\n".to_vec()),
        ("__MACOSX/444455556666/._errors.txt", vec![0, 5, 22, 7]),
        (".DS_Store", vec![0, 0, 0, 1]),
    ])
}

#[test]
fn a_zipped_account_loads_entry_by_entry() {
    let loaded = parse_file("account.zip", &account_zip()).unwrap();
    // Three reports (alice's first page, bob, nightly-etl), the details.
    let reports = merge_all([&loaded]);
    let mut principals: Vec<_> = reports
        .iter()
        .map(|r| r.principal.clone().unwrap())
        .collect();
    principals.sort();
    assert_eq!(
        principals,
        [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::444455556666:role/nightly-etl",
            "arn:aws:iam::444455556666:user/bob",
        ]
    );
    assert!(reports
        .iter()
        .all(|r| r.files[0].starts_with("account.zip/444455556666/")));
    assert_eq!(loaded.authz.len(), 1);
    // The damaged page is named, with its place; nothing else is an error.
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    let e = &loaded.errors[0];
    assert_eq!(
        e.file.as_deref(),
        Some("account.zip/444455556666/roles/broken-copy/page-1.json")
    );
    assert!(matches!(e.kind, ErrorKind::InvalidJson { .. }));
    assert_eq!(e.line, Some(2));
    // The script's errors.txt is read as what it is.
    let failed: Vec<_> = loaded
        .notices
        .iter()
        .filter_map(|n| match &n.kind {
            NoticeKind::CollectionFailed { failed, .. } => Some(failed.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0][0].starts_with("roles/broken (generate-service"),
        "{failed:?}"
    );
}

#[test]
fn in_the_session_an_archive_is_one_file_whose_bad_entries_are_named() {
    let mut s = Session::new("2026-11-30T00:00:00Z".parse().unwrap());
    let zip = account_zip();
    s.apply(Command::Queue {
        id: 1,
        name: "account.zip".into(),
        size: zip.len(),
    });
    s.apply(Command::Parsed(vec![Parsed {
        id: 1,
        name: "account.zip".into(),
        result: parse_file("account.zip", &zip),
    }]));
    assert_eq!(s.reports.len(), 3);
    assert_eq!(s.errors.len(), 1);
    assert!(
        s.errors[0].to_string().contains("broken-copy/page-1.json"),
        "{}",
        s.errors[0]
    );
    assert_eq!(s.authz.roles.len(), 2);
}

#[test]
fn zip_bombs_and_absurd_archives_are_refused_with_a_reason() {
    // One entry inflating 1 000-fold (20 MB of zeros): refused, the page beside it loads.
    let bomb = zip_of(&[
        ("zeros.json", vec![b' '; 20_000_000]),
        ("page-1.json", bytes("cli-v2/page-1.json")),
    ]);
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    let loaded = parse_file("bomb.zip", &bomb).unwrap();
    assert_eq!(loaded.pages.len(), 1);
    assert_eq!(loaded.errors.len(), 1);
    let text = loaded.errors[0].to_string();
    assert!(
        text.contains("bomb.zip/zeros.json") && text.contains(&format!("over {MAX_RATIO} times")),
        "{text}"
    );

    // Too many entries: refused before any is read.
    let many: Vec<(String, Vec<u8>)> = (0..=MAX_ENTRIES)
        .map(|i| (format!("f{i}.json"), vec![]))
        .collect();
    let many: Vec<(&str, Vec<u8>)> = many.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    let e = parse_file("many.zip", &zip_of(&many)).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Archive { .. }));
    assert!(
        e.to_string().contains(&format!("at most {MAX_ENTRIES}")),
        "{e}"
    );

    // Damaged: a clear error naming the file.
    let mut cut = account_zip();
    cut.truncate(cut.len() / 2);
    let e = parse_file("cut.zip", &cut).unwrap_err();
    assert_eq!(e.file.as_deref(), Some("cut.zip"));
    assert!(e.to_string().contains("damaged"), "{e}");

    // A zip in a zip is not opened; an empty archive loads nothing, quietly.
    let inner = zip_of(&[("page-1.json", bytes("cli-v2/page-1.json"))]);
    let outer = parse_file("outer.zip", &zip_of(&[("inner.zip", inner)])).unwrap();
    assert!(outer.pages.is_empty());
    assert!(outer.errors[0].to_string().contains("zip inside the zip"));
    let empty = parse_file("empty.zip", &zip_of(&[])).unwrap();
    assert!(empty.is_empty() && empty.errors.is_empty());
}
