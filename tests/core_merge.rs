//! Merging pages into reports: order, duplicates, truncation, jobs, status.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{bytes, pages};
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::{merge, Report};
use lastaccessed::report::model::{JobStatus, JobType};
use lastaccessed::report::{ErrorKind, Level, NoticeKind};
use proptest::prelude::*;

fn namespaces(r: &Report) -> Vec<&str> {
    r.services
        .iter()
        .map(|s| s.service_namespace.as_str())
        .collect()
}

#[test]
fn two_pages_make_one_complete_report() {
    let reports = merge(&pages(&["cli-v1/page-2.json", "cli-v1/page-1.json"]));
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert!(r.complete);
    assert_eq!(r.pages, 2);
    assert_eq!(r.files, ["cli-v1/page-1.json", "cli-v1/page-2.json"]);
    assert_eq!(namespaces(r), ["ec2", "iam", "kms", "lambda", "s3", "sqs"]);
    assert_eq!(r.key.job_type, Some(JobType::ActionLevel));
    assert_eq!(
        r.principal.as_deref(),
        Some("arn:aws:iam::111122223333:user/alice")
    );
    assert_eq!(r.default_label(), "user/alice (111122223333)");
    assert!(r.notices.is_empty(), "{:?}", r.notices);
}

#[test]
fn cli_v1_and_v2_pages_of_one_job_merge() {
    let reports = merge(&pages(&["cli-v1/page-1.json", "cli-v2/page-2.json"]));
    assert_eq!(reports.len(), 1);
    assert!(reports[0].complete);
}

#[test]
fn truncated_last_page_is_incomplete_with_marker() {
    let reports = merge(&pages(&["cli-v1/page-1.json"]));
    let r = &reports[0];
    assert!(!r.complete);
    let marker = r.next_marker.as_deref().unwrap();
    assert_eq!(marker, "AAAAAgAAAAEAAAAAAAAAAwAAAAphbGljZS1tYXJrZXI=");
    let incomplete = r
        .notices
        .iter()
        .find(|n| {
            n.kind
                == NoticeKind::Incomplete {
                    marker: Some(marker.into()),
                }
        })
        .expect("an incomplete notice with the marker");
    assert_eq!(incomplete.level(), Level::Warning);
    assert!(incomplete.text().contains(&format!("--marker {marker}")));
}

#[test]
fn identical_page_counts_once_and_says_so() {
    let reports = merge(&pages(&[
        "cli-v1/page-1.json",
        "cli-v2/page-1.json",
        "cli-v1/page-2.json",
    ]));
    let r = &reports[0];
    assert_eq!(r.pages, 2);
    assert_eq!(r.services.len(), 6);
    let dup: Vec<_> = r
        .notices
        .iter()
        .filter(|n| matches!(n.kind, NoticeKind::IdenticalPages { .. }))
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", r.notices);
    let NoticeKind::IdenticalPages { page, first } = &dup[0].kind else {
        unreachable!()
    };
    let mut both = [page.as_str(), first.as_str()];
    both.sort();
    assert_eq!(
        both,
        [
            "page 1 of cli-v1/page-1.json",
            "page 1 of cli-v2/page-1.json"
        ]
    );
}

#[test]
fn same_namespace_in_two_pages_keeps_one_row() {
    // Page 2 again, with one service changed: it is a different page that
    // repeats namespaces, so one row per namespace is kept, the newest.
    let original = String::from_utf8(bytes("cli-v1/page-2.json")).unwrap();
    let changed = original.replace("2025-12-31T23:00:00.000Z", "2026-09-01T00:00:00.000Z");
    assert_ne!(original, changed);
    let mut all = pages(&["cli-v1/page-1.json", "cli-v1/page-2.json"]);
    all.extend(
        parse_file("refetched.json", changed.as_bytes())
            .unwrap()
            .pages,
    );
    let r = &merge(&all)[0];
    assert_eq!(r.services.len(), 6);
    let sqs = r
        .services
        .iter()
        .find(|s| s.service_namespace == "sqs")
        .unwrap();
    assert_eq!(
        sqs.last_authenticated.map(|t| t.to_rfc3339()),
        Some("2026-09-01T00:00:00+00:00".into())
    );
    let twice = |ns: &str, diff: bool| {
        r.notices.iter().any(|n| {
            matches!(&n.kind, NoticeKind::ServiceInTwoPages { namespace, different, .. }
                if namespace == ns && *different == diff)
        })
    };
    assert!(twice("sqs", true), "{:?}", r.notices);
    assert!(r.notices.iter().any(|n| {
        matches!(&n.kind, NoticeKind::ServiceInTwoPages { namespace, .. } if namespace == "lambda")
    }));
}

#[test]
fn different_jobs_stay_separate_newest_first() {
    let reports = merge(&pages(&[
        "cli-v1/page-1.json",
        "cli-v1/page-2.json",
        "boto3/group-report.json",
    ]));
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].key.job_type, Some(JobType::ServiceLevel));
    // Several users accessed services through the group: no single principal.
    assert_eq!(reports[0].principal, None);
    // Labelled by the file it came from, the data naming no principal.
    assert_eq!(reports[0].default_label(), "boto3/group-report");
    let mut unnamed = reports[0].clone();
    unnamed.files = vec!["pasted text".into()];
    assert_eq!(
        unnamed.default_label(),
        "report created 2026-10-02T13:05:00Z"
    );
    assert_eq!(reports[1].services.len(), 6);
    assert_ne!(reports[0].key.id(), reports[1].key.id());
}

#[test]
fn in_progress_and_failed_jobs() {
    let r = &merge(&pages(&["status/in-progress.json"]))[0];
    assert_eq!(r.status, JobStatus::InProgress);
    assert!(r.services.is_empty());
    let r = &merge(&pages(&["status/failed.json"]))[0];
    assert_eq!(r.status, JobStatus::Failed);
    assert_eq!(r.error.as_ref().unwrap().code, "EntityNotFound");
}

#[test]
fn in_progress_page_of_a_finished_job_is_ignored_with_a_warning() {
    let done = String::from_utf8(bytes("cli-v1/page-2.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&done).unwrap();
    let running = serde_json::json!({
        "JobStatus": "IN_PROGRESS",
        "JobType": v["JobType"],
        "JobCreationDate": v["JobCreationDate"],
        "IsTruncated": false
    })
    .to_string();
    let mut all = pages(&["cli-v1/page-1.json", "cli-v1/page-2.json"]);
    all.extend(parse_file("early.json", running.as_bytes()).unwrap().pages);
    let r = &merge(&all)[0];
    assert_eq!(r.status, JobStatus::Completed);
    assert_eq!(r.pages, 2);
    assert!(r.notices.iter().any(|n| n.kind
        == NoticeKind::EarlyPagesIgnored {
            pages: vec!["page 1 of early.json (IN_PROGRESS)".into()]
        }));
}

#[test]
fn empty_array_is_not_a_report() {
    let e = parse_file("empty-array.json", b" [ ] ").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NotAReport { .. }), "{e}");
}

/// The same data, however the pages are ordered and repeated, is the same report.
fn without_notices(mut rs: Vec<Report>) -> Vec<Report> {
    for r in &mut rs {
        r.notices.clear();
    }
    rs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merge_is_order_independent(perm in Just(vec![0usize, 1, 2, 3, 4, 5]).prop_shuffle()) {
        let all = pages(&[
            "cli-v1/page-1.json", "cli-v1/page-2.json", "cli-v2/page-1.json",
            "boto3/group-report.json", "status/in-progress.json", "status/failed.json",
        ]);
        let reference = merge(&all);
        let shuffled: Vec<_> = perm.iter().map(|&i| all[i].clone()).collect();
        // Notices included: their text must not depend on load order either.
        prop_assert_eq!(merge(&shuffled), reference);
    }

    #[test]
    fn merge_is_idempotent(repeats in proptest::collection::vec(0usize..3, 1..8)) {
        let all = pages(&["cli-v1/page-1.json", "cli-v1/page-2.json", "boto3/group-report.json"]);
        let once = without_notices(merge(&all));
        let mut twice = all.clone();
        twice.extend(repeats.iter().map(|&i| all[i].clone()));
        prop_assert_eq!(without_notices(merge(&twice)), once);
    }
}

#[test]
fn labels_of_two_jobs_of_one_principal_are_told_apart() {
    let mut all = pages(&["cli-v1/page-1.json", "cli-v1/page-2.json"]);
    let later = String::from_utf8(bytes("cli-v1/page-2.json"))
        .unwrap()
        .replace("2026-09-14T08:30:12.417Z", "2026-11-20T10:00:00.000Z");
    all.extend(parse_file("later.json", later.as_bytes()).unwrap().pages);
    let reports = merge(&all);
    assert_eq!(reports.len(), 2);
    let labels = lastaccessed::report::merge::default_labels(&reports);
    assert_eq!(
        labels,
        [
            "user/alice (111122223333) · created 2026-11-20T10:00:00Z",
            "user/alice (111122223333) · created 2026-09-14T08:30:12Z",
        ]
    );
    // A lone report keeps the short label.
    assert_eq!(
        lastaccessed::report::merge::default_labels(&reports[1..]),
        ["user/alice (111122223333)"]
    );
}
