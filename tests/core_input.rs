//! Input detection over every real serialization and every bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{TimeZone, Utc};
use common::{bytes, fixture_path, pages};
use lastaccessed::report::input::parse_file;
use lastaccessed::report::model::{JobStatus, JobType};
use lastaccessed::report::ErrorKind;

#[test]
fn cli_v1_and_v2_read_the_same() {
    for n in ["page-1.json", "page-2.json"] {
        let v1 = pages(&[&format!("cli-v1/{n}")]);
        let v2 = pages(&[&format!("cli-v2/{n}")]);
        assert_eq!(v1.len(), 1);
        assert_eq!(
            v1[0].page, v2[0].page,
            "{n}: CLI v1 and v2 serialisations differ"
        );
    }
    let p = &pages(&["cli-v1/page-1.json"])[0].page;
    assert_eq!(p.job_type, Some(JobType::ActionLevel));
    assert!(p.is_truncated);
    assert_eq!(
        p.job_creation_date,
        Some(
            Utc.with_ymd_and_hms(2026, 9, 14, 8, 30, 12).unwrap()
                + chrono::Duration::milliseconds(417)
        )
    );
}

#[test]
fn boto3_json_dumps_default_str() {
    let p = &pages(&["boto3/group-report.json"])[0].page;
    assert_eq!(p.job_status, JobStatus::Completed);
    assert_eq!(p.services_last_accessed.len(), 4);
    let dynamo = &p.services_last_accessed[1];
    assert_eq!(
        dynamo.last_authenticated,
        Some(
            Utc.with_ymd_and_hms(2026, 4, 2, 12, 0, 0).unwrap()
                + chrono::Duration::milliseconds(250)
        )
    );
    assert_eq!(p.services_last_accessed[2].last_authenticated, None);
}

#[test]
fn concatenated_without_separator_and_arrays() {
    let a = bytes("cli-v1/page-1.json");
    let b = bytes("cli-v2/page-2.json");
    let mut glued = a.clone();
    // `cat` of files without a trailing newline
    while glued.last() == Some(&b'\n') {
        glued.pop();
    }
    glued.extend_from_slice(&b);
    let got = parse_file("glued.json", &glued).unwrap();
    assert_eq!(got.len(), 2);
    let mut arr = b"[".to_vec();
    arr.extend_from_slice(&a);
    arr.extend_from_slice(b",\n");
    arr.extend_from_slice(&b);
    arr.extend_from_slice(b"]");
    let got2 = parse_file("array.json", &arr).unwrap();
    assert_eq!(
        got.pages.iter().map(|p| &p.page).collect::<Vec<_>>(),
        got2.pages.iter().map(|p| &p.page).collect::<Vec<_>>()
    );
}

#[test]
fn status_fixtures_parse() {
    assert_eq!(
        pages(&["status/in-progress.json"])[0].page.job_status,
        JobStatus::InProgress
    );
    let f = &pages(&["status/failed.json"])[0].page;
    assert_eq!(f.job_status, JobStatus::Failed);
    assert_eq!(
        f.error.as_ref().map(|e| e.code.as_str()),
        Some("EntityNotFound")
    );
}

fn bad(rel: &str) -> lastaccessed::report::Error {
    match parse_file(rel, &bytes(rel)) {
        Ok(p) => panic!("{rel} loaded {} pages", p.len()),
        Err(e) => {
            assert_eq!(e.file.as_deref(), Some(rel), "error must name the file");
            e
        }
    }
}

#[test]
fn bad_inputs_get_clear_errors() {
    assert_eq!(bad("bad/empty.json").kind, ErrorKind::Empty);
    assert_eq!(bad("bad/whitespace.json").kind, ErrorKind::WhitespaceOnly);
    assert_eq!(bad("bad/image.png").kind, ErrorKind::NotText);

    let e = bad("bad/invalid.json");
    assert!(matches!(e.kind, ErrorKind::InvalidJson { .. }), "{e}");
    assert_eq!((e.line, e.column), (Some(4), Some(5)), "{e}");

    let e = bad("bad/truncated.json");
    assert!(e.to_string().contains("truncated"), "{e}");

    let e = bad("bad/list-users.json");
    assert!(e.to_string().contains("list-users"), "{e}");

    let e = bad("bad/job-id.json");
    assert!(
        e.to_string()
            .contains("get-service-last-accessed-details --job-id"),
        "{e}"
    );

    let e = bad("bad/bad-timestamp.json");
    assert_eq!(
        e.path.as_deref(),
        Some("ServicesLastAccessed[0].LastAuthenticated")
    );
    assert!(e.line.is_some());
    assert!(e.to_string().contains("last Tuesday"), "{e}");
}

/// nst/JSONTestSuite: nothing panics; valid JSON is never reported as a
/// syntax error; invalid JSON never loads.
#[test]
fn json_test_suite() {
    let dir = fixture_path("jsontestsuite");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") {
            continue;
        }
        seen += 1;
        let data = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| parse_file(&name, &data));
        let result = result.unwrap_or_else(|_| panic!("{name} panicked"));
        match (&name[..2], result) {
            (_, Ok(p)) => panic!("{name} loaded as a report: {p:?}"),
            ("y_", Err(e)) => assert!(
                !matches!(e.kind, ErrorKind::InvalidJson { .. }),
                "{name} is valid JSON but was called invalid: {e}"
            ),
            (_, Err(e)) => assert!(e.to_string().starts_with(&name), "{e}"),
        }
    }
    assert_eq!(seen, 318);
}
