//! Share links: view state and data round trips, size budget, redaction.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::pages;
use lastaccessed::report::chart::Bucket;
use lastaccessed::report::filter::Filter;
use lastaccessed::report::id::Id;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::{merge, Report};
use lastaccessed::report::model::{
    JobStatus, JobType, Page, ServiceLastAccessed, TrackedActionLastAccessed,
};
use lastaccessed::report::sample;
use lastaccessed::report::share::*;
use lastaccessed::report::staleness::{ReferenceMode, Status};
use lastaccessed::report::table::{ActionColumn, Direction, ServiceColumn, Sort};
use proptest::prelude::*;

fn sample_reports() -> Vec<Report> {
    let p: Vec<_> = sample::FILES
        .iter()
        .flat_map(|(n, b)| parse_file(n, b).unwrap().pages)
        .collect();
    merge(&p)
}

/// Times to the second, as the link keeps them.
fn seconds(mut reports: Vec<Report>) -> Vec<Vec<std::rc::Rc<ServiceLastAccessed>>> {
    let trunc = |t: &mut Option<DateTime<Utc>>| {
        *t = t.map(|t| DateTime::from_timestamp(t.timestamp(), 0).unwrap())
    };
    for r in &mut reports {
        for s in &mut r.services {
            let s = std::rc::Rc::make_mut(s);
            trunc(&mut s.last_authenticated);
            for a in s.tracked_actions_last_accessed.iter_mut().flatten() {
                trunc(&mut a.last_accessed_time);
            }
        }
    }
    reports.into_iter().map(|r| r.services).collect()
}

fn roundtrip(reports: &[Report]) -> Vec<Report> {
    merge(
        &decode_data(&encode_data(reports))
            .unwrap()
            .into_iter()
            .map(|page| lastaccessed::report::input::Sourced {
                file: "link".into(),
                index: 1,
                page,
            })
            .collect::<Vec<_>>(),
    )
}

#[test]
fn data_round_trips_to_the_second() {
    for reports in [
        sample_reports(),
        merge(&pages(&[
            "cli-v1/page-1.json",
            "cli-v1/page-2.json",
            "boto3/group-report.json",
            "org/org-report.json",
        ])),
        merge(&pages(&["cli-v1/page-1.json"])),
    ] {
        let back = roundtrip(&reports);
        assert_eq!(seconds(back.clone()), seconds(reports.clone()));
        for (a, b) in back.iter().zip(&reports) {
            assert_eq!(
                (
                    a.key.job_type,
                    a.key.kind,
                    a.complete,
                    &a.next_marker,
                    &a.principal
                ),
                (
                    b.key.job_type,
                    b.key.kind,
                    b.complete,
                    &b.next_marker,
                    &b.principal
                )
            );
            assert_eq!(a.org_counts, b.org_counts);
            assert_eq!(
                a.completed.map(|t| t.timestamp()),
                b.completed.map(|t| t.timestamp())
            );
        }
    }
}

/// A realistic 400-service action-level report for one role: as in real
/// reports most granted services are never used; 60 were used, 30 of those
/// with 8 tracked actions each.
fn big_report() -> Report {
    let reference = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
    let role = "arn:aws:iam::123456789012:role/platform/deployer";
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
    let services = (0..400)
        .map(|i| {
            let used = i % 20 < 3;
            let actions = (used && i % 2 == 0).then(|| {
                (0..8)
                    .map(|a| TrackedActionLastAccessed {
                        action_name: format!(
                            "{}Resource{a}",
                            ["Get", "List", "Put", "Delete"][a % 4]
                        )
                        .into(),
                        last_accessed_entity: (a % 2 == 0).then(|| role.into()),
                        last_accessed_time: (a % 2 == 0)
                            .then(|| reference - Duration::seconds(i * 7919 + a as i64 * 86_400)),
                        last_accessed_region: (a % 2 == 0).then(|| regions[a % 3].into()),
                    })
                    .collect()
            });
            ServiceLastAccessed {
                service_name: format!("AWS Service Number {i}"),
                last_authenticated: used
                    .then(|| reference - Duration::seconds(i * 86_400 + i * 37)),
                service_namespace: format!("svc{i}"),
                last_authenticated_entity: used.then(|| role.to_string()),
                last_authenticated_region: used.then(|| regions[i as usize % 3].to_string()),
                total_authenticated_entities: Some(u64::from(used)),
                tracked_actions_last_accessed: actions,
            }
        })
        .map(std::rc::Rc::new)
        .collect();
    let page = Page {
        job_type: Some(JobType::ActionLevel),
        job_creation_date: Some(reference - Duration::seconds(5)),
        services_last_accessed: services,
        job_completion_date: Some(reference),
        ..Page::new(JobStatus::Completed)
    };
    merge(&[lastaccessed::report::input::Sourced {
        file: "big".into(),
        index: 1,
        page,
    }])
    .remove(0)
}

#[test]
fn size_budget() {
    let sample = encode_data(&sample_reports());
    println!("sample report link data: {} characters", sample.len());
    assert!(sample.len() < 2_000, "{}", sample.len());
    let big = big_report();
    assert_eq!(big.services.len(), 400);
    let d = encode_data(std::slice::from_ref(&big));
    println!(
        "400-service action-level report link data: {} characters",
        d.len()
    );
    assert!(d.len() < 8_000, "{}", d.len());
    assert_eq!(
        seconds(roundtrip(std::slice::from_ref(&big))),
        seconds(vec![big])
    );
}

#[test]
fn damaged_or_foreign_fragments_say_so() {
    for (f, needle) in [
        ("#hello", "not a lastaccessed view"),
        ("", "not a lastaccessed view"),
        ("#v2&t=3", "newer version"),
        ("#v1&t=abc", "number of days"),
        ("#v1&q=%FF%FE", "damaged"),
    ] {
        let e = decode_fragment(f).unwrap_err();
        assert!(e.to_string().contains(needle), "{f}: {e}");
        assert!(e.to_string().starts_with("share link"), "{e}");
    }
    let full = encode_data(&sample_reports());
    for cut in [&full[..full.len() / 2], "!!!", "AAAA"] {
        let e = decode_data(cut).unwrap_err();
        assert!(
            e.to_string().contains("damaged") || e.to_string().contains("not readable"),
            "{e}"
        );
    }
}

#[test]
fn redaction_is_consistent_and_complete() {
    let reports = merge(&pages(&[
        "cli-v1/page-1.json",
        "cli-v1/page-2.json",
        "boto3/group-report.json",
        "org/org-report.json",
    ]));
    let (red, what) = redact(&reports);
    let data = encode_data(&red);
    let json = format!("{red:?}");
    for (account, placeholder) in &what.accounts {
        assert!(!json.contains(account.as_str()), "{account} still present");
        assert_eq!(placeholder.len(), 12);
        assert!(
            what.accounts.iter().all(|(a, _)| a != placeholder),
            "placeholder {placeholder} is a real account"
        );
    }
    assert!(what.accounts.iter().any(|(a, _)| a == "111122223333"));
    assert!(
        what.accounts.iter().any(|(a, _)| a == "333333333333"),
        "accounts inside org entity paths too: {what:?}"
    );
    assert!(what
        .names
        .iter()
        .any(|(n, p)| n == "user/alice" && p.starts_with("user/redacted-")));
    // Consistent: alice is the same placeholder everywhere.
    let alice = &what
        .names
        .iter()
        .find(|(n, _)| n == "user/alice")
        .unwrap()
        .1;
    let alice_report = red
        .iter()
        .find(|r| r.services.iter().any(|s| s.service_namespace == "kms"))
        .unwrap();
    let entities: BTreeSet<_> = alice_report
        .services
        .iter()
        .filter_map(|s| s.last_authenticated_entity.clone())
        .collect();
    assert_eq!(entities.len(), 1);
    let account = &what
        .accounts
        .iter()
        .find(|(a, _)| a == "111122223333")
        .unwrap()
        .1;
    assert!(
        entities
            .iter()
            .all(|e| e.ends_with(alice.as_str()) && e.contains(&format!(":{account}:"))),
        "{entities:?}"
    );
    assert_eq!(
        alice_report.principal.as_deref(),
        entities.iter().next().map(String::as_str)
    );
    // The link carries no original account ID or name.
    let decoded = format!("{:?}", decode_data(&data).unwrap());
    assert!(!decoded.contains("111122223333") && !decoded.contains("alice"));
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Recent),
        Just(Status::Stale),
        Just(Status::Never)
    ]
}

fn view() -> impl Strategy<Value = ViewState> {
    (
        (
            prop::option::of(0usize..9),
            prop::option::of(0u32..10_000),
            prop::option::of(any::<bool>()),
        ),
        (
            prop::option::of((0usize..8, any::<bool>())),
            prop::option::of((0usize..6, any::<bool>())),
        ),
        (
            ".{0,20}",
            prop::collection::btree_set(status(), 0..3),
            prop::option::of(0usize..7),
            prop::option::of("[a-z0-9&=# %-]{1,12}"),
            any::<bool>(),
        ),
        prop::option::of("[a-z0-9-]{1,20}"),
        prop::collection::btree_map(0usize..50, "[A-Za-zé0-9&=#/ %-]{0,6}[a-z]", 0..4),
        prop::collection::btree_map("[a-z][a-z0-9-]{0,10}", 1u32..10_000, 0..4),
    )
        .prop_map(
            |((report, t, r), (ss, as_), (text, statuses, b, region, wa), svc, labels, ts)| {
                let dir = |d: bool| {
                    if d {
                        Direction::Descending
                    } else {
                        Direction::Ascending
                    }
                };
                ViewState {
                    report,
                    threshold_days: t,
                    reference: r.map(|now| {
                        if now {
                            ReferenceMode::Now
                        } else {
                            ReferenceMode::ReportDate
                        }
                    }),
                    service_sort: ss.map(|(c, d)| Sort {
                        column: ServiceColumn::ALL[c],
                        direction: dir(d),
                    }),
                    action_sort: as_.map(|(c, d)| Sort {
                        column: ActionColumn::ALL[c],
                        direction: dir(d),
                    }),
                    filter: Filter {
                        text,
                        statuses,
                        bucket: b.map(|i| Bucket::ALL[i]),
                        region,
                        only_with_actions: wa,
                    },
                    service: svc,
                    labels: labels
                        .into_iter()
                        .map(|(i, l)| (i, l.trim().to_string()))
                        .filter(|(_, l)| !l.is_empty())
                        .collect(),
                    service_thresholds: ts,
                    data: None,
                }
            },
        )
}

proptest! {
    #[test]
    fn fragment_round_trips(v in view()) {
        let f = encode_fragment(&v);
        prop_assert!(f.starts_with("v1"));
        prop_assert!(!f.contains('#') && !f.contains(' '));
        prop_assert_eq!(decode_fragment(&f).unwrap(), v);
    }
}
