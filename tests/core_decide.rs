//! From tables to decisions: filters, chart buckets, CSV, JSON export, policy
//! suggestions, the principal matrix.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use common::pages;
use lastaccessed::report::chart::{buckets, Bucket, Coverage};
use lastaccessed::report::export::{actions_csv, report_json, services_csv};
use lastaccessed::report::filter::Filter;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::matrix::{Cell, Matrix, MatrixSort};
use lastaccessed::report::merge::{merge, Report};
use lastaccessed::report::policy::{deny_unused, unused_namespaces, used_actions};
use lastaccessed::report::staleness::{reference_time, ReferenceMode, Status};
use lastaccessed::report::table::*;
use proptest::prelude::*;

fn alice() -> Report {
    merge(&pages(&["cli-v1/page-1.json", "cli-v1/page-2.json"])).remove(0)
}

fn rows(r: &Report, days: u32) -> (Vec<ServiceRow>, Vec<ActionRow>) {
    let st = Staleness {
        reference: reference_time(r, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days: days,
    };
    (service_rows(r, st), action_rows(r, st))
}

fn ns<'a>(rows: impl IntoIterator<Item = &'a ServiceRow>) -> Vec<&'a str> {
    rows.into_iter().map(|r| r.namespace.as_str()).collect()
}

#[test]
fn text_search_reaches_services_through_their_actions() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let f = Filter {
        text: "createaccesskey".into(),
        ..Filter::default()
    };
    assert_eq!(ns(f.services(&s, &a)), ["iam"]);
    assert_eq!(f.actions(&a).len(), 1);
    let f = Filter {
        text: "eu-central".into(),
        ..Filter::default()
    };
    assert_eq!(ns(f.services(&s, &a)), ["ec2", "lambda", "s3"]);
    let f = Filter {
        text: "simple storage".into(),
        ..Filter::default()
    };
    assert_eq!(ns(f.services(&s, &a)), ["s3"]);
    assert!(f.actions(&a).iter().all(|x| x.namespace() == "s3"));
}

#[test]
fn status_bucket_region_and_actions_only_filters() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let stale = Filter {
        statuses: BTreeSet::from([Status::Stale]),
        ..Filter::default()
    };
    assert_eq!(ns(stale.services(&s, &a)), ["lambda", "sqs"]);
    let never_or_stale = Filter {
        statuses: BTreeSet::from([Status::Stale, Status::Never]),
        ..Filter::default()
    };
    assert_eq!(
        ns(never_or_stale.services(&s, &a)),
        ["kms", "lambda", "sqs"]
    );
    let week = Filter {
        bucket: Some(Bucket::Week),
        ..Filter::default()
    };
    assert_eq!(ns(week.services(&s, &a)), ["ec2", "s3"]);
    let region = Filter {
        region: Some("us-west-2".into()),
        ..Filter::default()
    };
    assert_eq!(ns(region.services(&s, &a)), ["sqs"]);
    let with_actions = Filter {
        only_with_actions: true,
        ..Filter::default()
    };
    assert_eq!(
        ns(with_actions.services(&s, &a)),
        ["ec2", "iam", "lambda", "s3"]
    );
    assert!(Filter::default().is_empty() && !with_actions.is_empty());
}

#[test]
fn chart_buckets_count_every_row_once() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let sr: Vec<_> = s.iter().collect();
    let ar: Vec<_> = a.iter().collect();
    let bars = buckets(&sr, &ar);
    assert_eq!(
        bars.iter().map(|(b, _)| *b).collect::<Vec<_>>(),
        Bucket::ALL
    );
    assert_eq!(bars.iter().map(|(_, c)| c.services).sum::<usize>(), s.len());
    assert_eq!(bars.iter().map(|(_, c)| c.actions).sum::<usize>(), a.len());
    let count = |b: Bucket| bars.iter().find(|(x, _)| *x == b).unwrap().1;
    // ages: s3 0, ec2 3, iam 14, lambda 136, sqs 257, kms never
    assert_eq!(count(Bucket::Week).services, 2);
    assert_eq!(count(Bucket::Month).services, 1);
    assert_eq!(count(Bucket::HalfYear).services, 1);
    assert_eq!(count(Bucket::Tracking).services, 1);
    assert_eq!(count(Bucket::Never).services, 1);
    assert_eq!(
        (count(Bucket::HalfYear).stale, count(Bucket::Week).recent),
        (1, 2)
    );
    assert_eq!(
        Coverage::of(&s, 90).sentence(),
        "3 of 6 services used in the last 90 days (50 %)"
    );
}

#[test]
fn csv_round_trips_through_a_csv_reader() {
    let r = alice();
    let (mut s, a) = rows(&r, 90);
    // A name that needs quoting.
    s[0].name = "Amazon \"EC2\", the, one\nwith a newline".into();
    let text = services_csv(s.iter()).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "service");
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), s.len());
    for (rec, row) in records.iter().zip(&s) {
        assert_eq!(&rec[0], row.name);
        assert_eq!(&rec[1], row.namespace);
        assert_eq!(&rec[4], row.status.as_str());
        assert_eq!(rec[3].parse::<i64>().ok(), row.age_days);
        if let Some(t) = row.last {
            assert_eq!(
                rec[2]
                    .parse::<chrono::DateTime<chrono::Utc>>()
                    .unwrap()
                    .timestamp(),
                t.timestamp()
            );
            assert!(rec[2].ends_with('Z'));
        } else {
            assert_eq!(&rec[2], "");
        }
    }
    let text = actions_csv(a.iter()).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let n = rdr
        .records()
        .map(Result::unwrap)
        .filter(|r| r[2].contains(':'))
        .count();
    assert_eq!(n, a.len());
}

#[test]
fn json_export_is_one_response_that_loads_back_the_same() {
    let r = alice();
    let json = report_json(&r);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["IsTruncated"], false);
    assert!(v.get("Marker").is_none());
    assert!(!json.contains("x-lastaccessed"));
    assert!(!json.contains("null"));
    let back = merge(&parse_file("export.json", json.as_bytes()).unwrap().pages).remove(0);
    assert_eq!(back.services, r.services);
    assert_eq!(
        (back.created, back.completed, back.key.job_type),
        (r.created, r.completed, r.key.job_type)
    );
    assert!(back.complete);
}

#[test]
fn organizations_export_keeps_its_own_shape() {
    let r = merge(&pages(&["org/org-report.json"])).remove(0);
    let json = report_json(&r);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["AccessDetails"][0]["EntityPath"],
        r.services[0].last_authenticated_entity.clone().unwrap()
    );
    assert_eq!(v["NumberOfServicesAccessible"], 3);
    let back = merge(&parse_file("org.json", json.as_bytes()).unwrap().pages).remove(0);
    assert_eq!(back.services, r.services);
}

#[test]
fn policy_denies_exactly_the_unused_services() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    assert_eq!(unused_namespaces(&s), ["kms", "lambda", "sqs"]);
    let doc: serde_json::Value = serde_json::from_str(&deny_unused(&s, 90)).unwrap();
    assert_eq!(doc["Version"], "2012-10-17");
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!(["kms:*", "lambda:*", "sqs:*"])
    );
    assert_eq!(doc["Statement"][0]["Resource"], "*");
    let used = used_actions(&a);
    assert_eq!(used["s3"], ["s3:ListAllMyBuckets"]);
    assert_eq!(used["iam"], ["iam:GetUser"]);
    // Nothing unused: an empty statement list, still valid JSON.
    let (all_recent, _) = rows(&r, 10_000);
    let none: Vec<_> = all_recent
        .into_iter()
        .filter(|s| s.status == Status::Recent)
        .collect();
    let doc: serde_json::Value = serde_json::from_str(&deny_unused(&none, 10_000)).unwrap();
    assert_eq!(doc["Statement"], serde_json::json!([]));
}

proptest! {
    /// Whatever the threshold and data, the policy parses and never denies a
    /// service used within the threshold.
    #[test]
    fn policy_never_denies_a_recent_service(
        threshold in 0u32..500,
        ages in prop::collection::vec(prop::option::of(0i64..600), 1..40),
    ) {
        let reference = chrono::Utc::now();
        let r = alice();
        let mut report = r.clone();
        report.services = ages.iter().enumerate().map(|(i, age)| {
            let mut s = (*r.services[i % r.services.len()]).clone();
            s.service_namespace = format!("svc{}", i % 25);
            s.last_authenticated = age.map(|d| reference - chrono::Duration::days(d));
            std::rc::Rc::new(s)
        }).collect();
        let st = Staleness { reference, threshold_days: threshold };
        let rows = service_rows(&report, st);
        let doc: serde_json::Value = serde_json::from_str(&deny_unused(&rows, threshold)).unwrap();
        let denied: Vec<String> = doc["Statement"].as_array().unwrap().iter()
            .flat_map(|s| s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().trim_end_matches(":*").to_string()))
            .collect();
        for row in &rows {
            if row.status == Status::Recent {
                prop_assert!(!denied.contains(&row.namespace), "{} is recent but denied", row.namespace);
            }
        }
        for d in &denied {
            prop_assert!(rows.iter().any(|r| &r.namespace == d && r.status != Status::Recent));
        }
    }
}

#[test]
fn matrix_of_two_principals() {
    let alice = alice();
    let group = merge(&pages(&["boto3/group-report.json"])).remove(0);
    let col = |r: &Report| {
        let (s, _) = rows(r, 90);
        (
            r.default_label(),
            s.iter()
                .map(|x| {
                    (
                        x.namespace.clone(),
                        x.name.clone(),
                        Cell {
                            age_days: x.age_days,
                            status: x.status,
                        },
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    let mut m = Matrix::from_columns(vec![col(&alice), col(&group)]);
    assert_eq!(m.columns.len(), 2);
    let names: BTreeSet<&str> = alice
        .services
        .iter()
        .chain(&group.services)
        .map(|s| s.service_namespace.as_str())
        .collect();
    assert_eq!(m.rows.len(), names.len());
    let s3 = m.rows.iter().find(|r| r.namespace == "s3").unwrap();
    assert!(s3.cells.iter().all(Option::is_some));
    let glue = m.rows.iter().find(|r| r.namespace == "glue").unwrap();
    assert_eq!(glue.cells[0], None, "alice is not granted glue");
    assert!(glue.unused_by_all);
    assert!(!s3.unused_by_all);
    m.sort(MatrixSort {
        column: Some(0),
        direction: Direction::Ascending,
    });
    // never used first, then oldest; not granted last
    assert_eq!(m.rows[0].namespace, "kms");
    assert!(m.rows.last().unwrap().cells[0].is_none());
}
