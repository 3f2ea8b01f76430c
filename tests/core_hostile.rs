//! The bad-input catalog: every hostile input gets a clear message naming the
//! file and place, or loads with a warning; nothing panics.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::input::{parse_file, Loaded};
use lastaccessed::report::merge::merge_all;
use lastaccessed::report::{Error, ErrorKind, Level, NoticeKind, Report};

fn fails(rel: &str) -> Error {
    let e = parse_file(rel, &bytes(rel)).expect_err(rel);
    assert_eq!(e.file.as_deref(), Some(rel));
    assert!(e.to_string().starts_with(rel), "{e}");
    e
}

fn loads(rels: &[&str]) -> Vec<Report> {
    let mut all = Loaded::default();
    for r in rels {
        all.extend(parse_file(r, &bytes(r)).unwrap_or_else(|e| panic!("{e}")));
    }
    merge_all([&all])
}

fn warned(r: &Report, kind: impl Fn(&NoticeKind) -> bool) -> bool {
    r.notices
        .iter()
        .any(|n| n.level() == Level::Warning && kind(&n.kind))
}

#[test]
fn binary_and_images() {
    assert_eq!(fails("hostile/binary.bin").kind, ErrorKind::NotText);
    assert_eq!(fails("bad/image.png").kind, ErrorKind::NotText);
}

#[test]
fn array_of_unrelated_objects() {
    let e = fails("hostile/array-of-unrelated.json");
    assert_eq!(e.path.as_deref(), Some("[0]"));
    assert!(e.to_string().contains("keys Path, RoleName"), "{e}");
}

#[test]
fn deep_nesting() {
    let e = fails("hostile/deep-nesting.json");
    assert!(e.to_string().contains("recursion limit"), "{e}");
    assert_eq!(e.line, Some(1));
}

#[test]
fn huge_and_negative_numbers_name_the_field() {
    for f in ["hostile/huge-number.json", "hostile/negative-count.json"] {
        let e = fails(f);
        assert_eq!(
            e.path.as_deref(),
            Some("ServicesLastAccessed[0].TotalAuthenticatedEntities"),
            "{e}"
        );
        assert!(e.line.is_some() && e.column.is_some(), "{e}");
    }
    assert!(fails("hostile/negative-count.json")
        .to_string()
        .contains("-3"));
}

#[test]
fn dates_year_0_9999_and_beyond() {
    let r = &loads(&["hostile/year-0.json"])[0];
    assert!(
        warned(r, |k| matches!(
            k,
            NoticeKind::OlderThanTracking { count: 1, .. }
        )),
        "{:?}",
        r.notices
    );
    let r = &loads(&["hostile/year-9999.json"])[0];
    assert!(
        warned(r, |k| matches!(
            k,
            NoticeKind::LaterThanCompletion { count: 1, .. }
        )),
        "{:?}",
        r.notices
    );
    let e = fails("hostile/year-out-of-range.json");
    assert_eq!(
        e.path.as_deref(),
        Some("ServicesLastAccessed[0].LastAuthenticated")
    );
    let e = fails("hostile/unknown-date-format.json");
    assert!(e.to_string().contains("\"24/10/2018 19:47\""), "{e}");
    assert_eq!(
        e.path.as_deref(),
        Some("ServicesLastAccessed[0].LastAuthenticated")
    );
}

#[test]
fn duplicate_keys() {
    let e = fails("hostile/duplicate-keys.json");
    assert!(e.to_string().contains("duplicate field `JobStatus`"), "{e}");
    assert_eq!(e.line, Some(3));
}

#[test]
fn service_without_namespace_loads_with_a_warning() {
    let r = &loads(&["hostile/no-namespace.json"])[0];
    assert!(
        warned(
            r,
            |k| matches!(k, NoticeKind::NoNamespace { names } if names.len() == 1)
        ),
        "{:?}",
        r.notices
    );
    assert!(r.services.iter().any(|s| s.service_namespace.is_empty()));
}

#[test]
fn page_of_another_job_type_is_kept_apart_and_said() {
    let reports = loads(&["cli-v1/page-1.json", "hostile/other-job-type.json"]);
    assert_eq!(reports.len(), 2);
    assert!(reports
        .iter()
        .all(|r| warned(r, |k| matches!(k, NoticeKind::MixedJobTypes { .. }))));
}

/// Jobs of different principals started in the same second (a collection
/// starts many a second), one action level and one service level: two
/// reports, and no word of mixed-up pages. The same two pages without
/// their principals are the mixed-up case.
#[test]
fn jobs_of_two_principals_made_in_one_second_are_not_mixed_up() {
    let page = |job_type: &str, principal: Option<&str>| {
        let principal = principal
            .map(|p| format!(r#","x-lastaccessed-principal":"{p}""#))
            .unwrap_or_default();
        format!(
            r#"{{"JobStatus":"COMPLETED","JobType":"{job_type}","JobCreationDate":"2026-11-01T00:00:00Z","JobCompletionDate":"2026-11-01T00:01:00Z","IsTruncated":false{principal},"ServicesLastAccessed":[{{"ServiceName":"AWS Glue","ServiceNamespace":"glue","TotalAuthenticatedEntities":0}}]}}"#
        )
    };
    let merged = |a: Option<&str>, b: Option<&str>| {
        let mut all = Loaded::default();
        all.extend(parse_file("a.json", page("ACTION_LEVEL", a).as_bytes()).unwrap());
        all.extend(parse_file("b.json", page("SERVICE_LEVEL", b).as_bytes()).unwrap());
        merge_all([&all])
    };
    let mixed = |k: &NoticeKind| matches!(k, NoticeKind::MixedJobTypes { .. });
    let two = merged(
        Some("arn:aws:iam::111122223333:role/a"),
        Some("arn:aws:iam::111122223333:role/b"),
    );
    assert_eq!(two.len(), 2);
    assert!(
        two.iter().all(|r| !warned(r, mixed)),
        "{:?}",
        two[0].notices
    );
    let unnamed = merged(None, None);
    assert_eq!(unnamed.len(), 2);
    assert!(unnamed.iter().all(|r| warned(r, mixed)));
}

#[test]
fn in_progress_page_among_completed_ones() {
    let reports = loads(&[
        "cli-v1/page-1.json",
        "cli-v1/page-2.json",
        "hostile/in-progress-page.json",
    ]);
    assert_eq!(reports.len(), 1);
    assert!(warned(&reports[0], |k| matches!(k,
        NoticeKind::EarlyPagesIgnored { pages } if pages == &["page 1 of hostile/in-progress-page.json (IN_PROGRESS)"])));
    assert!(reports[0].complete);
}

#[test]
fn marker_chain_with_a_gap_is_incomplete_with_the_next_marker() {
    let r = &loads(&["hostile/marker-gap.json"])[0];
    assert!(!r.complete);
    assert_eq!(r.next_marker.as_deref(), Some("bWFya2VyLTM="));
}

#[test]
fn html_payloads_and_long_names_are_plain_data() {
    let r = &loads(&["hostile/html-payloads.json"])[0];
    assert!(r.services[0].service_name.contains("<script>"));
    let r = &loads(&["hostile/long-name.json"])[0];
    assert!(r.services.iter().any(|s| s.service_name.len() > 10_000));
}

#[test]
fn too_large_is_refused_before_parsing() {
    let big = vec![b' '; lastaccessed::report::input::MAX_INPUT_BYTES + 1];
    let e = parse_file("huge.json", &big).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("too large"));
}

#[test]
fn gzip_bomb_is_capped() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..(lastaccessed::report::input::MAX_INPUT_BYTES >> 20) + 2 {
        enc.write_all(&zeros).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1 << 20);
    let e = parse_file("bomb.json.gz", &bomb).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooLarge { .. }), "{e}");
}

/// Inputs the coverage-guided fuzzer once crashed on, kept so they never do again.
#[test]
fn fuzz_regressions() {
    let dir = common::fixture_path("fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Ok(loaded) = parse_file("regression", &data) {
            merge_all([&loaded]);
        }
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn the_size_limit_is_one_number_in_code_message_and_readme() {
    use lastaccessed::report::input::MAX_INPUT_BYTES;
    let mb = MAX_INPUT_BYTES / 1_000_000;
    assert_eq!(MAX_INPUT_BYTES % 1_000_000, 0, "a whole number of MB");
    let e = Error::new(ErrorKind::TooLarge {
        bytes: 200_000_000,
        limit: MAX_INPUT_BYTES,
    });
    assert!(
        e.to_string().contains(&format!("the limit is {mb} MB")),
        "{e}"
    );
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("Files over {mb} MB")),
        "README states the same limit"
    );
}

#[test]
fn a_huge_value_where_a_status_belongs_makes_a_short_message() {
    let big = "x".repeat(1_000_000);
    for (name, text) in [
        ("big.json", format!("{{\"JobStatus\": \"{big}\"}}")),
        ("big.yaml", format!("JobStatus: {big}\n")),
    ] {
        let e = parse_file(name, text.as_bytes()).expect_err(name);
        assert_eq!(e.path.as_deref(), Some("JobStatus"), "{name}");
        let message = e.to_string();
        assert!(
            message.len() < 400,
            "{name}: a {} byte message",
            message.len()
        );
        assert!(message.contains("xxxx…"), "{message}");
    }
}

#[test]
fn yaml_bombs_are_refused_with_their_line() {
    // A billion laughs: aliases that expand ninefold, ten times over.
    let mut laughs = String::from("JobStatus: COMPLETED\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9u8 {
        let (this, before) = ((b'b' + i) as char, (b'a' + i) as char);
        let refs = vec![format!("*{before}"); 9].join(", ");
        laughs.push_str(&format!("{this}: &{this} [{refs}]\n"));
    }
    // Deep nesting, in flow and in block style.
    let flow = format!("JobStatus: {}\n", "[".repeat(100_000));
    let block: String = std::iter::once("JobStatus:\n".to_string())
        .chain((0..5_000).map(|i| format!("{}- \n", "  ".repeat(i))))
        .collect();
    for (name, text) in [
        ("laughs.yaml", laughs),
        ("flow.yaml", flow),
        ("block.yaml", block),
    ] {
        let e = parse_file(name, text.as_bytes()).expect_err(name);
        assert!(
            matches!(e.kind, ErrorKind::InvalidYaml { .. }),
            "{name}: {e}"
        );
        assert!(e.line.is_some(), "{name}: {e}");
        assert!(e.to_string().len() < 400, "{name}: {e}");
    }
}
