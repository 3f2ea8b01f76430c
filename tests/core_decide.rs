//! From tables to decisions: filters, chart buckets, CSV, JSON export, policy
//! suggestions, the principal matrix.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use common::pages;
use lastaccessed::report::catalog::catalog;
use lastaccessed::report::chart::{buckets, Bucket, Coverage};
use lastaccessed::report::export::{actions_csv, report_json, services_csv};
use lastaccessed::report::filter::Filter;
use lastaccessed::report::iam::{allowed, allowed_through, Request};
use lastaccessed::report::input::parse_file;
use lastaccessed::report::matrix::{Cell, Matrix, MatrixSort};
use lastaccessed::report::merge::{merge, Report};
use lastaccessed::report::policy::{
    deny_unused, organizations, suggestions, suggestions_with, unused_namespaces, used_actions,
    ItsBoundary, OtherAccounts, PrincipalKind, Shape, Suggestions, ARN_PLACEHOLDER,
};
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
fn search_matches_arns_on_their_resource_part_not_their_fixed_prefix() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    assert!(s
        .iter()
        .filter_map(|x| x.entity.as_deref())
        .all(|e| e.contains(":iam:")));
    // `iam` finds the IAM service (and services with iam: actions), not every
    // row whose entity ARN contains ":iam:".
    let f = Filter {
        text: "iam".into(),
        ..Filter::default()
    };
    assert_eq!(ns(f.services(&s, &a)), ["iam"]);
    assert!(f.actions(&a).iter().all(|x| x.namespace() == "iam"));
    // The resource part and the account still match.
    let arn = s.iter().find_map(|x| x.entity.clone()).unwrap();
    let resource = arn.rsplit(':').next().unwrap().to_string();
    let account = arn.split(':').nth(4).unwrap().to_string();
    for text in [resource, account] {
        let f = Filter {
            text,
            ..Filter::default()
        };
        let with_entity = s
            .iter()
            .filter(|x| x.entity.as_deref() == Some(arn.as_str()))
            .count();
        assert!(f.services(&s, &a).len() >= with_entity && with_entity > 0);
    }
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

/// The requests a principal makes: one per service and per tracked action
/// (`iam:PassRole`, never recorded: `a_deny_of_iam_leaves_iam_pass_role_alone`).
fn requests(s: &[ServiceRow], a: &[ActionRow]) -> Vec<(String, Status)> {
    s.iter()
        .map(|r| (format!("{}:SomeUntrackedCall", r.namespace), r.status))
        .chain(
            a.iter()
                .map(|x| (format!("{}:{}", x.namespace(), x.action()), x.status)),
        )
        .collect()
}

fn shape(all: &Suggestions, shape: Shape) -> serde_json::Value {
    let s = all.iter().find(|s| s.shape == shape).unwrap();
    serde_json::from_str(s.document.as_ref().expect("a document")).unwrap()
}

#[test]
fn a_service_linked_role_gets_no_document_and_is_told_why() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    for arn in [
        "arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
        "arn:aws:iam::111122223333:role/AWSServiceRoleForSupport",
    ] {
        let all = suggestions(&s, &a, 90, Some(arn));
        assert_eq!(
            all.iter().map(|s| s.shape).collect::<Vec<_>>(),
            Shape::ALL.to_vec()
        );
        for sug in &all {
            assert_eq!(sug.document, None, "{:?}", sug.shape);
            assert!(sug.placement.starts_with("Nowhere"), "{}", sug.placement);
        }
        // Said once, for every shape.
        assert_eq!(all.notes.len(), 1, "{:?}", all.notes);
        assert!(all.notes[0]
            .contains("aws iam delete-service-linked-role --role-name AWSServiceRoleForSupport"));
        assert!(all.iter().all(|s| s.notes.is_empty()));
    }
    // A role that only looks like one elsewhere in its ARN still gets documents.
    let all = suggestions(
        &s,
        &a,
        90,
        Some("arn:aws:iam::111122223333:role/ops/aws-service-role-reader"),
    );
    assert!(all.iter().any(|s| s.document.is_some()));
}

/// A role IAM Identity Center provisions keeps its documents (they are what
/// the permission set should get), but none goes on the role: each says
/// where in IAM Identity Center, and that the permission set spans accounts.
#[test]
fn an_identity_center_role_is_told_to_change_its_permission_set() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admins_0123456789abcdef";
    let all = suggestions(&s, &a, 90, Some(arn));
    let plain = suggestions(&s, &a, 90, Some("arn:aws:iam::111122223333:role/admins"));
    for (sug, other) in all.iter().zip(&plain) {
        assert_eq!(sug.shape, other.shape);
        // The same documents as any role's (the SCP's names this role).
        assert_eq!(
            sug.document.is_some(),
            other.document.is_some(),
            "{:?}",
            sug.shape
        );
        match sug.shape {
            Shape::Scp => {
                assert_eq!(
                    sug.placement,
                    other
                        .placement
                        .replace("arn:aws:iam::111122223333:role/admins", arn)
                );
                assert!(sug.document.as_ref().unwrap().contains(arn));
                assert!(
                    sug.notes.iter().any(|n| n.contains("new name suffix")),
                    "{:?}",
                    sug.notes
                );
            }
            _ => {
                assert!(
                    sug.placement.starts_with("Not on the role"),
                    "{}",
                    sug.placement
                );
                assert!(
                    sug.placement.contains("permission set Admins"),
                    "{}",
                    sug.placement
                );
                assert!(
                    sug.notes
                        .iter()
                        .any(|n| n.contains("every account it is assigned to")),
                    "{:?}",
                    sug.notes
                );
            }
        }
    }
}

#[test]
fn a_document_over_the_quota_of_where_it_goes_says_so() {
    // alice's report with n services of her own, never used.
    let report_of = |n: usize| {
        let r = alice();
        let mut report = r.clone();
        report.services = (0..n)
            .map(|i| {
                let mut s = (*r.services[0]).clone();
                s.service_namespace = format!("service-number-{i}");
                s.last_authenticated = None;
                s.tracked_actions_last_accessed = None;
                std::rc::Rc::new(s)
            })
            .collect();
        report
    };
    let notes = |n: usize| -> Vec<(Shape, Vec<String>)> {
        let r = report_of(n);
        let (s, a) = rows(&r, 90);
        suggestions(&s, &a, 90, r.principal.as_deref())
            .shapes
            .into_iter()
            .map(|x| (x.shape, x.notes))
            .collect()
    };
    let said = |all: &[(Shape, Vec<String>)], shape: Shape, what: &str| {
        all.iter()
            .find(|(s, _)| *s == shape)
            .unwrap()
            .1
            .iter()
            .any(|n| n.contains(what))
    };
    // 10 services: nothing to say.
    let few = notes(10);
    assert!(few
        .iter()
        .all(|(_, n)| !n.iter().any(|n| n.contains("characters"))));
    // 200: the SCP fits without its white space, not with it; the Deny
    // fits a managed policy, not alice's (a user's) inline policies.
    let some = notes(200);
    assert!(said(&some, Shape::Scp, "counts white space"), "{some:?}");
    assert!(said(
        &some,
        Shape::DenyOnPrincipal,
        "over the 2048 a user's inline policies take together"
    ));
    assert!(!said(&some, Shape::DenyOnPrincipal, "IAM takes"));
    // 400: over both quotas.
    let many = notes(400);
    assert!(said(&many, Shape::Scp, "over the 5120 an SCP may hold"));
    assert!(said(
        &many,
        Shape::DenyOnPrincipal,
        "over the 6144 IAM takes"
    ));
    assert!(said(&many, Shape::Boundary, "over the 6144 IAM takes"));
}

/// The Deny on the principal, the boundary and the SCP, each beside
/// `today` (the principal's policies, and an SCP that allows everything):
/// `req` is allowed exactly when `want`.
fn assert_denied_shapes(
    today: &serde_json::Value,
    [deny, boundary, scp]: [&serde_json::Value; 3],
    req: &Request,
    want: bool,
) {
    let action = req.action;
    assert_eq!(
        allowed(&[today, deny], None, &[], req),
        want,
        "deny: {action}"
    );
    assert_eq!(
        allowed(&[today], Some(boundary), &[], req),
        want,
        "boundary: {action}"
    );
    assert_eq!(
        allowed(&[today], None, &[today, scp], req),
        want,
        "scp: {action}"
    );
}

#[test]
fn a_deny_of_iam_leaves_iam_pass_role_alone() {
    // alice with IAM never used: every IAM action is denied but
    // iam:PassRole, which last-accessed data never records.
    let r = alice();
    let (mut s, a) = rows(&r, 90);
    for row in s.iter_mut().filter(|r| r.namespace == "iam") {
        row.status = Status::Never;
    }
    let a: Vec<ActionRow> = a.into_iter().filter(|x| x.namespace() != "iam").collect();
    let arn = r.principal.clone().unwrap();
    let all = suggestions(&s, &a, 90, Some(&arn));
    let today = serde_json::json!({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let (deny, boundary, scp) = (
        shape(&all, Shape::DenyOnPrincipal),
        shape(&all, Shape::Boundary),
        shape(&all, Shape::Scp),
    );
    let iam = catalog().expand("iam:*");
    assert!(iam.len() > 100);
    for action in iam.iter().map(|x| format!("iam:{}", x.action)) {
        let req = Request {
            action: &action,
            principal_arn: &arn,
        };
        let keep = action == "iam:PassRole";
        assert_denied_shapes(&today, [&deny, &boundary, &scp], &req, keep);
    }
    // Each of them says why, and the other services are denied whole.
    for sh in [Shape::DenyOnPrincipal, Shape::Boundary, Shape::Scp] {
        let sug = all.iter().find(|x| x.shape == sh).unwrap();
        assert!(
            sug.notes.iter().any(|n| n.contains("iam:PassRole stays")),
            "{sh:?}"
        );
    }
    assert!(deny["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("kms:*")));
    // Without IAM to deny, no such note.
    let (s, a) = rows(&r, 90);
    let all = suggestions(&s, &a, 90, Some(&arn));
    assert!(all
        .iter()
        .all(|x| !x.notes.iter().any(|n| n.contains("iam:PassRole stays"))));
}

#[test]
fn each_policy_shape_does_what_its_placement_says() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let arn = r.principal.clone().unwrap();
    assert_eq!(PrincipalKind::of(Some(&arn)), PrincipalKind::User);
    let all = suggestions(&s, &a, 90, Some(&arn));
    assert_eq!(
        all.iter().map(|s| s.shape).collect::<Vec<_>>(),
        Shape::ALL.to_vec()
    );
    for sug in &all {
        assert!(
            !sug.placement.is_empty(),
            "{:?} says where it goes",
            sug.shape
        );
    }
    // What the principal has today: everything.
    let today = serde_json::json!({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let full_scp = today.clone();
    let deny = shape(&all, Shape::DenyOnPrincipal);
    let boundary = shape(&all, Shape::Boundary);
    let scp = shape(&all, Shape::Scp);
    let allow_used = shape(&all, Shape::AllowUsed);
    fn me<'a>(action: &'a str, arn: &'a str) -> Request<'a> {
        Request {
            action,
            principal_arn: arn,
        }
    }
    let unused = unused_namespaces(&s);
    for (action, status) in requests(&s, &a) {
        let ns = action.split(':').next().unwrap();
        let service_recent = s
            .iter()
            .any(|r| r.namespace == ns && r.status == Status::Recent);
        let req = me(&action, &arn);
        // Deny on the principal, boundary and SCP: exactly the unused services go.
        let kept = !unused.iter().any(|u| u == ns);
        assert_eq!(kept, service_recent, "{action}");
        assert_denied_shapes(&today, [&deny, &boundary, &scp], &req, kept);
        // The SCP leaves every other principal of the account alone.
        let other = Request {
            action: &action,
            principal_arn: "arn:aws:iam::123456789012:role/someone-else",
        };
        assert!(
            allowed(&[&today], None, &[&full_scp, &scp], &other),
            "scp hits others: {action}"
        );
        // Allow-used as a boundary: everything used within the threshold stays
        // allowed, nothing unused is, and it never grants what today does not.
        let by_action = a
            .iter()
            .any(|x| x.namespace() == ns && x.status == Status::Recent);
        if action.ends_with(":SomeUntrackedCall") {
            // An untracked call stays allowed only where the whole service is
            // (the note says to add untracked actions of the others by hand).
            let want = service_recent && !by_action;
            assert_eq!(
                allowed(&[&today], Some(&allow_used), &[], &req),
                want,
                "allow-used: {action}"
            );
        } else if status == Status::Recent {
            assert!(
                allowed(&[&today], Some(&allow_used), &[], &req),
                "allow-used drops {action}"
            );
        }
        if !service_recent {
            assert!(
                !allowed(&[&today], Some(&allow_used), &[], &req),
                "allow-used keeps {action}"
            );
        }
        let nothing = serde_json::json!({"Statement": []});
        assert!(!allowed(&[&nothing], Some(&allow_used), &[], &req));
    }
    // A boundary holding only the Deny (the old advice) would take everything away.
    let deny_only_boundary = deny.clone();
    let used = s.iter().find(|r| r.status == Status::Recent).unwrap();
    let req_ns = format!("{}:Anything", used.namespace);
    assert!(!allowed(
        &[&today],
        Some(&deny_only_boundary),
        &[],
        &me(&req_ns, &arn)
    ));
    assert!(allowed(&[&today], Some(&boundary), &[], &me(&req_ns, &arn)));
    // The SCP names the principal: alice, whatever her IAM path (her ARN
    // shows none, and a report named by its files cannot tell it), and no
    // one else.
    assert_eq!(
        scp["Statement"][0]["Condition"]["ArnLike"]["aws:PrincipalArn"][0],
        arn.as_str()
    );
    let unused_call = format!("{}:Anything", unused[0]);
    for (who, hit) in [
        (arn.clone(), true),
        (arn.replace(":user/", ":user/team/"), true),
        (arn.replace(":user/", ":user/a/b/"), true),
        (format!("{arn}2"), false),
        (arn.replace(":user/", ":user/team/x"), false),
        (arn.replace(":user/", ":role/"), false),
        (arn.replace("111122223333", "444455556666"), false),
    ] {
        let req = me(&unused_call, &who);
        assert_eq!(
            !allowed(&[&today], None, &[&full_scp, &scp], &req),
            hit,
            "{who}"
        );
    }
    // An ARN with a path is matched exactly.
    let with_path = "arn:aws:iam::111122223333:user/team/alice";
    let all = suggestions(&s, &a, 90, Some(with_path));
    assert_eq!(
        shape(&all, Shape::Scp)["Statement"][0]["Condition"]["ArnEquals"]["aws:PrincipalArn"],
        with_path
    );
    // Tracked actions used are listed by action, other used services by service.
    let listed: Vec<String> = allow_used["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|st| {
            st["Action"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
        })
        .collect();
    assert!(
        listed.contains(&"s3:ListAllMyBuckets".to_string()),
        "{listed:?}"
    );
    assert!(!listed.contains(&"s3:*".to_string()), "{listed:?}");
    let note = &all
        .iter()
        .find(|x| x.shape == Shape::AllowUsed)
        .unwrap()
        .notes;
    assert!(note.iter().any(|n| n.contains("iam:PassRole")));
}

#[test]
fn shapes_follow_the_kind_of_principal() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    // A group: no boundary, no SCP (neither can name a group), each says why.
    let group = suggestions(&s, &a, 90, Some("arn:aws:iam::123456789012:group/devs"));
    for sh in [Shape::Boundary, Shape::Scp] {
        let g = group.iter().find(|x| x.shape == sh).unwrap();
        assert!(g.document.is_none());
        assert!(
            g.notes.iter().any(|n| n.to_lowercase().contains("group")),
            "{:?}",
            g.notes
        );
    }
    assert!(group.shapes[0].placement.contains("every member"));
    // A policy report: no Deny to add to the policy.
    let policy = suggestions(&s, &a, 90, Some("arn:aws:iam::123456789012:policy/p"));
    assert!(policy.shapes[0].document.is_none());
    assert!(policy.shapes[0].placement.contains("Remove these services"));
    // Unknown principal (it used nothing that names it): the SCP carries a
    // placeholder that matches nobody, and says so.
    let unknown = suggestions(&s, &a, 90, None);
    let scp = unknown.iter().find(|x| x.shape == Shape::Scp).unwrap();
    assert!(scp.document.as_ref().unwrap().contains(ARN_PLACEHOLDER));
    assert!(scp.notes.iter().any(|n| n.contains(ARN_PLACEHOLDER)));
    // Nothing unused: no document, a sentence instead.
    let (all, _) = rows(&r, 100_000);
    let recent: Vec<ServiceRow> = all
        .into_iter()
        .filter(|x| x.status == Status::Recent)
        .collect();
    let none = suggestions(&recent, &a, 100_000, r.principal.as_deref());
    assert!(none.shapes[0].document.is_none());
    assert!(none.shapes[0].notes[0].starts_with("Nothing to deny"));
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    // Every lead character OWASP lists, in every text column of both tables.
    let leads = ["=", "+", "-", "@", "\t", "\r"];
    let services: Vec<serde_json::Value> = leads
        .iter()
        .enumerate()
        .map(|(i, c)| {
            serde_json::json!({
                "ServiceName": format!("{c}HYPERLINK(\"http://x\")"),
                "ServiceNamespace": format!("{c}svc{i}"),
                "LastAuthenticated": "2026-10-01T00:00:00Z",
                "LastAuthenticatedEntity": format!("{c}cmd|' /C calc'!A0"),
                "LastAuthenticatedRegion": format!("{c}SUM(1+1)"),
                "TotalAuthenticatedEntities": 1,
                "TrackedActionsLastAccessed": [{
                    "ActionName": format!("{c}Act"),
                    "LastAccessedTime": "2026-10-01T00:00:00Z",
                    "LastAccessedEntity": format!("{c}ent"),
                    "LastAccessedRegion": format!("{c}reg"),
                }],
            })
        })
        .collect();
    let page = serde_json::json!({
        "JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
        "JobCreationDate": "2026-11-01T00:00:00Z", "JobCompletionDate": "2026-11-01T00:00:05Z",
        "ServicesLastAccessed": services, "IsTruncated": false,
    });
    let loaded = parse_file("hostile.json", page.to_string().as_bytes()).unwrap();
    let r = merge(&loaded.pages).remove(0);
    let (s, a) = rows(&r, 90);
    assert_eq!(s.len(), leads.len());
    for text in [
        services_csv(s.iter()).unwrap(),
        actions_csv(a.iter()).unwrap(),
    ] {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let mut cells = 0;
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?} would run as a formula"
                );
            }
        }
        assert!(cells > 0);
        // The text itself is kept, after the quote.
        for c in leads {
            assert!(text.contains(&format!("'{c}")), "{c:?}");
        }
    }
}

#[test]
fn counts_read_in_the_singular_when_one() {
    let one = Coverage {
        used: 1,
        granted: 1,
        threshold_days: 90,
    };
    assert_eq!(
        one.sentence(),
        "1 of 1 service used in the last 90 days (100 %)"
    );
    let r = alice();
    let (s, _) = rows(&r, 90);
    assert!(Coverage::of(&s, 90).sentence().contains(" services used"));
}

/// A page of generated services and actions sharing a few entities and
/// Regions (Regions differ in case too), for the filter's property test.
/// A generated service: its namespace, and each action's (name, entity,
/// Region, days since last use) as indices into the lists below.
type GenService = (usize, Vec<(usize, usize, usize, Option<u32>)>);

fn generated_page(services: &[GenService]) -> String {
    const NS: [(&str, &str); 5] = [
        ("s3", "Amazon S3"),
        ("ec2", "Amazon EC2"),
        ("iam", "AWS Identity and Access Management"),
        ("dynamodb", "Amazon DynamoDB"),
        ("kms", "AWS Key Management Service"),
    ];
    const ACTIONS: [&str; 6] = [
        "GetObject",
        "DescribeInstances",
        "PutItem",
        "ListRoles",
        "Decrypt",
        "GetRole",
    ];
    const ENTITIES: [Option<&str>; 3] = [
        None,
        Some("arn:aws:iam::111122223333:role/ci-deploy"),
        Some("arn:aws:iam::111122223333:user/alice"),
    ];
    const REGIONS: [Option<&str>; 4] = [
        None,
        Some("us-east-1"),
        Some("eu-west-1"),
        Some("US-EAST-1"),
    ];
    let mut seen = BTreeSet::new();
    let services: Vec<serde_json::Value> = services
        .iter()
        .filter(|(ns, _)| seen.insert(*ns))
        .map(|(ns, actions)| {
            let (namespace, name) = NS[*ns % NS.len()];
            let tracked: Vec<serde_json::Value> = actions
                .iter()
                .map(|(a, e, r, days)| {
                    let mut v = serde_json::json!({ "ActionName": ACTIONS[*a % ACTIONS.len()] });
                    if let Some(d) = days {
                        let t = chrono::DateTime::parse_from_rfc3339("2026-09-14T08:30:19Z")
                            .unwrap()
                            - chrono::Duration::days(*d as i64);
                        v["LastAccessedTime"] = t.to_rfc3339().into();
                        if let Some(e) = ENTITIES[*e % ENTITIES.len()] {
                            v["LastAccessedEntity"] = e.into();
                        }
                        if let Some(r) = REGIONS[*r % REGIONS.len()] {
                            v["LastAccessedRegion"] = r.into();
                        }
                    }
                    v
                })
                .collect();
            serde_json::json!({
                "ServiceName": name,
                "ServiceNamespace": namespace,
                "TotalAuthenticatedEntities": 0,
                "TrackedActionsLastAccessed": tracked,
            })
        })
        .collect();
    serde_json::json!({
        "JobStatus": "COMPLETED",
        "JobType": "ACTION_LEVEL",
        "JobCreationDate": "2026-09-14T08:30:00Z",
        "JobCompletionDate": "2026-09-14T08:30:19Z",
        "ServicesLastAccessed": services,
        "IsTruncated": false,
    })
    .to_string()
}

proptest! {
    /// The filter's index (ids of the shared texts, searched once each)
    /// shows exactly the action rows a plain reading of each row does:
    /// every word in one of its texts, and its status, age bucket and
    /// Region among those asked for.
    #[test]
    fn the_indexed_filter_shows_what_each_row_says(
        services in proptest::collection::vec(
            (0usize..5, proptest::collection::vec((0usize..6, 0usize..3, 0usize..4, proptest::option::of(0u32..500)), 0..8)),
            1..6,
        ),
        words in proptest::collection::vec(
            proptest::sample::select(vec!["s3", "get", "ec2:", "role", "east", "amazon", "GET", "x", "3333", "de", "\u{130}"]),
            0..3,
        ),
        statuses in proptest::collection::btree_set(
            proptest::sample::select(vec![Status::Recent, Status::Stale, Status::Never]),
            0..3,
        ),
        bucket in proptest::option::of(proptest::sample::select(Bucket::ALL.to_vec())),
        region in proptest::option::of(proptest::sample::select(vec!["us-east-1", "US-EAST-1", "eu-west-1"])),
        only_with_actions in any::<bool>(),
    ) {
        let json = generated_page(&services);
        let r = merge(&parse_file("gen.json", json.as_bytes()).unwrap().pages).remove(0);
        let (s, a) = rows(&r, 90);
        let f = Filter {
            text: words.join(" "),
            statuses,
            bucket,
            region: region.map(str::to_string),
            only_with_actions,
        };
        let (shown, order) = f.apply_indices(&s, &a);
        let words_in = |texts: &[&str]| {
            f.text
                .split_whitespace()
                .all(|w| texts.iter().any(|t| t.contains(&w.to_lowercase())))
        };
        let want: Vec<u32> = (0..a.len() as u32)
            .filter(|&i| {
                let row = &a[i as usize];
                words_in(&row.search_texts())
                    && (f.statuses.is_empty() || f.statuses.contains(&row.status))
                    && f.bucket.is_none_or(|b| Bucket::of(row.age_days) == b)
                    && f.region.as_deref().is_none_or(|x| row.region() == Some(x))
            })
            .collect();
        prop_assert_eq!(order, want);
        // A service shows when its own text or one of its actions' holds
        // every word, and it passes the other filters itself.
        let want: Vec<u32> = (0..s.len() as u32)
            .filter(|&i| {
                let row = &s[i as usize];
                (words_in(&[row.search_text()])
                    || (!f.text.trim().is_empty()
                        && a.iter().any(|x| x.namespace() == row.namespace && words_in(&x.search_texts()))))
                    && (f.statuses.is_empty() || f.statuses.contains(&row.status))
                    && f.bucket.is_none_or(|b| Bucket::of(row.age_days) == b)
                    && f.region.as_deref().is_none_or(|x| row.region.as_deref() == Some(x))
                    && (!f.only_with_actions || row.actions_total > 0)
            })
            .collect();
        prop_assert_eq!(shown, want);
    }
}

#[test]
fn a_search_of_more_than_64_words_checks_every_word() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let many = |last: &str| Filter {
        text: format!("{} {last}", ["s3"; 64].join(" ")),
        ..Filter::default()
    };
    let one = Filter {
        text: "s3".into(),
        ..Filter::default()
    };
    assert!(!one.apply_indices(&s, &a).1.is_empty());
    assert_eq!(many("s3").apply_indices(&s, &a), one.apply_indices(&s, &a));
    assert!(many("no-such-word").apply_indices(&s, &a).1.is_empty());
}

/// A role IAM Identity Center provisions, read with its permission set's
/// roles in other accounts: the documents that go in the permission set
/// (and so apply in every account) deny only what none of them used and
/// allow what any of them used; the SCP, scoped to this role, reads its own.
#[test]
fn a_permission_sets_documents_are_read_with_its_other_accounts() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let role = |account: &str, suffix: &str| {
        format!("arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admins_{suffix}")
    };
    let (here, there) = (
        role("111122223333", "0123456789abcdef"),
        role("444455556666", "fedcba9876543210"),
    );
    // In the other account: a service unused here was used (no tracked
    // action of it: allowed whole), a tracked action unused here was used,
    // and a service used here by tracked actions was used there by none
    // of them (so whole).
    let (mut s_b, mut a_b) = (s.clone(), a.clone());
    let unused_here = unused_namespaces(&s);
    let only_there = unused_here
        .iter()
        .find(|n| !a.iter().any(|x| x.namespace() == n.as_str()))
        .expect("a service unused here without tracked actions")
        .clone();
    for r in s_b.iter_mut().filter(|r| r.namespace == only_there) {
        r.status = Status::Recent;
    }
    let action_there = a_b
        .iter_mut()
        .find(|x| {
            x.status != Status::Recent
                && s.iter()
                    .any(|r| r.namespace == x.namespace() && r.status == Status::Recent)
        })
        .expect("a tracked action unused here of a used service");
    action_there.status = Status::Recent;
    let action_there = format!("{}:{}", action_there.namespace(), action_there.action());
    let whole_there = a
        .iter()
        .find(|x| {
            x.status == Status::Recent && !action_there.starts_with(&format!("{}:", x.namespace()))
        })
        .expect("a tracked action used here")
        .namespace()
        .to_string();
    for x in a_b.iter_mut().filter(|x| x.namespace() == whole_there) {
        x.status = Status::Never;
    }
    let mut others = OtherAccounts::default();
    others.add("444455556666", &s_b, &a_b);
    others.without_report("777788889999");
    let all = suggestions_with(
        &s,
        &a,
        90,
        Some(&here),
        Some(&others),
        None,
        &ItsBoundary::Unknown,
    );
    let alone = suggestions(&s, &a, 90, Some(&here));
    let today = serde_json::json!({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let (deny, boundary, scp, allow_used) = (
        shape(&all, Shape::DenyOnPrincipal),
        shape(&all, Shape::Boundary),
        shape(&all, Shape::Scp),
        shape(&all, Shape::AllowUsed),
    );
    let recent_in = |rows: &[ServiceRow], ns: &str| {
        rows.iter()
            .any(|r| r.namespace == ns && r.status == Status::Recent)
    };
    let mut checked = 0;
    for (action, _) in requests(&s, &a).into_iter().chain(requests(&s_b, &a_b)) {
        let ns = action.split(':').next().unwrap();
        let used_somewhere = recent_in(&s, ns) || recent_in(&s_b, ns);
        for arn in [&here, &there] {
            let req = Request {
                action: &action,
                principal_arn: arn,
            };
            // The permission set's Deny and boundary: what any account used stays.
            assert_eq!(
                allowed(&[&today, &deny], None, &[], &req),
                used_somewhere,
                "deny: {action}"
            );
            assert_eq!(
                allowed(&[&today], Some(&boundary), &[], &req),
                used_somewhere,
                "boundary: {action}"
            );
            // Allow-used never grants what no account used.
            if !used_somewhere {
                assert!(
                    !allowed(&[&today], Some(&allow_used), &[], &req),
                    "allow-used: {action}"
                );
            }
        }
        // The SCP names this role: what this account used stays, nothing more.
        let req = Request {
            action: &action,
            principal_arn: &here,
        };
        assert_eq!(
            allowed(&[&today], None, &[&today, &scp], &req),
            recent_in(&s, ns),
            "scp: {action}"
        );
        checked += 1;
    }
    assert!(checked > 10);
    // What either account used is allowed by the permission set's boundary:
    // the service used only there whole, the action used only there, and
    // the service used there without any tracked action whole (its untracked calls too).
    for action in [
        format!("{only_there}:SomeUntrackedCall"),
        action_there.clone(),
        format!("{whole_there}:SomeUntrackedCall"),
    ] {
        for arn in [&here, &there] {
            let req = Request {
                action: &action,
                principal_arn: arn,
            };
            assert!(
                allowed(&[&today], Some(&allow_used), &[], &req),
                "allow-used drops {action}"
            );
        }
    }
    // A service used whole somewhere is allowed whole, not also by action.
    let actions = allow_used.to_string();
    assert!(
        actions.contains(&format!("\"{whole_there}:*\"")),
        "{actions}"
    );
    assert!(
        !actions.contains(&format!("\"{whole_there}:"))
            || actions.matches(&format!("\"{whole_there}:")).count() == 1,
        "{actions}"
    );
    // Alone, this account's report would have denied the service used there.
    let alone_deny = shape(&alone, Shape::DenyOnPrincipal);
    let req = Request {
        action: &format!("{only_there}:SomeUntrackedCall"),
        principal_arn: &there,
    };
    assert!(!allowed(&[&today, &alone_deny], None, &[], &req));
    // Each permission set document says which accounts it was read with.
    for sug in all.iter().filter(|x| x.shape != Shape::Scp) {
        assert!(
            sug.notes
                .iter()
                .any(|n| n.contains("1 other account (444455556666)")
                    && n.contains("Its role in 777788889999 has no loaded report")),
            "{:?}",
            sug.notes
        );
    }
    // Any other role (not from a permission set) ignores other accounts.
    let plain = "arn:aws:iam::111122223333:role/admins";
    assert_eq!(
        suggestions_with(
            &s,
            &a,
            90,
            Some(plain),
            Some(&others),
            None,
            &ItsBoundary::Unknown
        ),
        suggestions(&s, &a, 90, Some(plain))
    );
}

#[test]
fn a_principal_too_young_to_tell_is_not_denied_what_it_did_not_use_yet() {
    use lastaccessed::report::rewrite::Young;
    let r = alice();
    let (s, a) = rows(&r, 90);
    let arn = r.principal.clone().unwrap();
    let unused = unused_namespaces(&s);
    assert!(unused.len() >= 2, "{unused:?}");
    // Too young for the first unused service (its threshold longer than the
    // principal's age), old enough for the others.
    let young = Young {
        days: 20,
        services: vec![unused[0].to_ascii_lowercase()],
        unused: vec![unused[0].to_ascii_lowercase()],
    };
    let all = young_suggestions(&s, &a, &arn, &young);
    let today = serde_json::json!({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let deny = shape(&all, Shape::DenyOnPrincipal);
    let boundary = shape(&all, Shape::Boundary);
    let scp = shape(&all, Shape::Scp);
    for (action, _) in requests(&s, &a) {
        let ns = action.split(':').next().unwrap();
        let denied = unused.iter().skip(1).any(|u| u == ns);
        let req = Request {
            action: &action,
            principal_arn: &arn,
        };
        assert_eq!(
            allowed(&[&today, &deny], None, &[], &req),
            !denied,
            "deny: {action}"
        );
        assert_eq!(
            allowed(&[&today], Some(&boundary), &[], &req),
            !denied,
            "boundary: {action}"
        );
        assert_eq!(
            allowed(&[&today], None, &[&today, &scp], &req),
            !denied,
            "scp: {action}"
        );
    }
    // A role IAM Identity Center provisions, whose permission set's role in
    // another account did not use that service either: still not denied
    // (the permission set's documents apply here too).
    let sso = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admins_0123456789abcdef";
    let mut others = OtherAccounts::default();
    others.add("444455556666", &s, &a);
    let with_others = suggestions_with(
        &s,
        &a,
        90,
        Some(sso),
        Some(&others),
        Some(&young),
        &ItsBoundary::Unknown,
    );
    let doc = with_others
        .iter()
        .find(|x| x.shape == Shape::DenyOnPrincipal)
        .and_then(|x| x.document.clone())
        .unwrap();
    assert!(!doc.contains(&format!("\"{}:*\"", unused[0])), "{doc}");
    assert!(doc.contains(&format!("\"{}:*\"", unused[1])), "{doc}");
    // Every document says why: once, for all of them.
    let why = |n: &String| n.starts_with("Created 20 days before this report");
    for sug in &all {
        assert_eq!(all.notes_of(sug.shape).filter(|n| why(n)).count(), 1);
        assert!(!sug.notes.iter().any(why), "{:?}", sug.shape);
    }
    // Too young for every unused service: nothing to deny, said to be
    // because it is not proven unused, not because everything was used.
    let young = Young {
        days: 20,
        services: unused.iter().map(|u| u.to_ascii_lowercase()).collect(),
        unused: unused.iter().map(|u| u.to_ascii_lowercase()).collect(),
    };
    let all = young_suggestions(&s, &a, &arn, &young);
    let deny = all
        .iter()
        .find(|x| x.shape == Shape::DenyOnPrincipal)
        .unwrap();
    assert!(deny.document.is_none());
    assert_eq!(
        deny.notes,
        ["Nothing to deny: what was not used is not proven unused yet (above)."]
    );
}

/// An Organizations access report is about every principal of a root, OU or
/// account: its documents are SCPs for that entity, without a principal
/// condition, checked level by level (the root keeps FullAWSAccess, the
/// target gets the Deny beside FullAWSAccess, or the allow list in its
/// place). The Deny and the boundary on a principal do not apply.
#[test]
fn an_organizations_report_gets_scps_for_its_entity_not_a_principal() {
    let r = merge(&pages(&["org/org-report.json"])).remove(0);
    let target = r.org_target.clone().expect("the accounts' common path");
    let (mut s, _) = rows(&r, 90);
    // ec2 used 2026-10-28; glue 2026-02-14 and sagemaker never: unused.
    assert_eq!(unused_namespaces(&s), ["glue", "sagemaker"]);
    let full = serde_json::json!({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let principals = [
        "arn:aws:iam::333333333333:role/ops",
        "arn:aws:iam::444444444444:user/etl",
        "arn:aws:iam::555555555555:role/anyone",
    ];
    let check = |s: &[ServiceRow], iam_unused: bool| {
        let all = organizations(s, 90, Some(&target));
        assert_eq!(
            all.iter().map(|x| x.shape).collect::<Vec<_>>(),
            Shape::ALL.to_vec()
        );
        for sh in [Shape::DenyOnPrincipal, Shape::Boundary] {
            let x = all.iter().find(|x| x.shape == sh).unwrap();
            assert_eq!(x.document, None, "{sh:?}");
            assert!(x.notes[0].contains("not one principal"), "{:?}", x.notes);
        }
        let deny = shape(&all, Shape::Scp);
        let allow = shape(&all, Shape::AllowUsed);
        for doc in [&deny, &allow] {
            assert!(doc["Statement"][0].get("Condition").is_none(), "{doc}");
        }
        for sh in [Shape::Scp, Shape::AllowUsed] {
            let x = all.iter().find(|x| x.shape == sh).unwrap();
            assert!(x.placement.contains(target.path()), "{}", x.placement);
        }
        let mut actions: Vec<String> = s
            .iter()
            .map(|r| format!("{}:SomeCall", r.namespace))
            .collect();
        actions.extend(
            catalog()
                .expand("iam:*")
                .iter()
                .map(|x| format!("iam:{}", x.action)),
        );
        for action in &actions {
            let ns = action.split(':').next().unwrap();
            let used = s
                .iter()
                .any(|r| r.namespace == ns && r.status == Status::Recent);
            let in_report = s.iter().any(|r| r.namespace == ns);
            // IAM unused: every action of it goes but iam:PassRole.
            let kept = used || (iam_unused && action == "iam:PassRole");
            for arn in principals {
                let req = Request {
                    action,
                    principal_arn: arn,
                };
                if in_report {
                    assert_eq!(
                        allowed_through(&[&full], &[&[&full], &[&full, &deny]], &req),
                        kept,
                        "deny list: {action} by {arn}"
                    );
                }
                // The allow list in place of FullAWSAccess at the target: what
                // the report does not list stays refused, as the SCPs refuse it today.
                assert_eq!(
                    allowed_through(&[&full], &[&[&full], &[&allow]], &req),
                    kept,
                    "allow list: {action} by {arn}"
                );
            }
        }
        all
    };
    let all = check(&s, false);
    assert!(all
        .iter()
        .all(|x| !x.notes.iter().any(|n| n.contains("iam:PassRole"))));
    // IAM in the report and unused.
    let mut iam = s[0].clone();
    iam.namespace = "iam".into();
    iam.name = "AWS Identity and Access Management".into();
    iam.status = Status::Never;
    iam.last = None;
    s.push(iam);
    let all = check(&s, true);
    for sh in [Shape::Scp, Shape::AllowUsed] {
        let x = all.iter().find(|x| x.shape == sh).unwrap();
        assert!(
            x.notes.iter().any(|n| n.contains("iam:PassRole")),
            "{sh:?}: {:?}",
            x.notes
        );
    }
    // Nothing used: no allow list; nothing unused: no Deny; each says why.
    let all_of = |status: Status| -> Vec<ServiceRow> {
        s.iter()
            .cloned()
            .map(|mut r| {
                r.status = status;
                r
            })
            .collect()
    };
    let all = organizations(&all_of(Status::Never), 90, None);
    let allow = all.iter().find(|x| x.shape == Shape::AllowUsed).unwrap();
    assert_eq!(allow.document, None);
    assert!(
        allow.notes[0].starts_with("Nothing was used"),
        "{:?}",
        allow.notes
    );
    assert!(allow.placement.contains("no account used a service"));
    let all = organizations(&all_of(Status::Recent), 90, Some(&target));
    let deny = all.iter().find(|x| x.shape == Shape::Scp).unwrap();
    assert_eq!(deny.document, None);
    assert!(
        deny.notes[0].starts_with("Nothing to deny"),
        "{:?}",
        deny.notes
    );
}

proptest! {
    /// Whatever an Organizations report holds and whatever the threshold,
    /// its two SCPs, checked level by level for any principal: the Deny list
    /// takes away exactly the services not used (IAM but iam:PassRole), the
    /// allow list keeps exactly those used (and iam:PassRole where IAM went
    /// unused) and nothing the report does not list.
    #[test]
    fn an_organizations_reports_scps_take_away_exactly_what_went_unused(
        threshold in 1u32..500,
        ages in prop::collection::vec(prop::option::of(0i64..600), 1..12),
        principal in 0usize..3,
    ) {
        const POOL: [&str; 12] = ["iam", "s3", "ec2", "glue", "sagemaker", "kms", "lambda", "sts", "sqs", "sns", "dynamodb", "athena"];
        let reference = chrono::Utc::now();
        let org = merge(&pages(&["org/org-report.json"])).remove(0);
        let mut report = org.clone();
        report.services = ages.iter().enumerate().map(|(i, age)| {
            let mut s = (*org.services[0]).clone();
            s.service_namespace = POOL[i].to_string();
            s.last_authenticated = age.map(|d| reference - chrono::Duration::days(d));
            std::rc::Rc::new(s)
        }).collect();
        let st = Staleness { reference, threshold_days: threshold };
        let rows = service_rows(&report, st);
        let all = organizations(&rows, threshold, None);
        let doc = |sh: Shape| all.shape(sh).unwrap().document.as_ref()
            .map(|d| serde_json::from_str::<serde_json::Value>(d).unwrap());
        let full = serde_json::json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let (deny, allow) = (doc(Shape::Scp), doc(Shape::AllowUsed));
        let used = |ns: &str| rows.iter().any(|r| r.namespace == ns && r.status == Status::Recent);
        let iam_unused = rows.iter().any(|r| r.namespace == "iam") && !used("iam");
        prop_assert_eq!(deny.is_some(), rows.iter().any(|r| r.status != Status::Recent));
        prop_assert_eq!(allow.is_some(), rows.iter().any(|r| r.status == Status::Recent));
        let arn = ["arn:aws:iam::333333333333:role/ops", "arn:aws:iam::444444444444:user/etl", "arn:aws:iam::555555555555:role/x"][principal];
        let mut actions: Vec<String> = rows.iter().map(|r| format!("{}:SomeCall", r.namespace)).collect();
        actions.extend(["iam:PassRole", "iam:CreateUser", "notlisted:Call"].map(String::from));
        for action in &actions {
            let ns = action.split(':').next().unwrap();
            let listed = rows.iter().any(|r| r.namespace == ns);
            let req = Request { action, principal_arn: arn };
            let pass_role = action == "iam:PassRole";
            if let Some(deny) = &deny {
                // Beside FullAWSAccess: what the report does not list stays as it is.
                let want = !listed || used(ns) || pass_role;
                prop_assert_eq!(allowed_through(&[&full], &[&[&full], &[&full, deny]], &req), want, "deny list: {}", action);
            }
            if let Some(allow) = &allow {
                let want = used(ns) || (pass_role && iam_unused);
                prop_assert_eq!(allowed_through(&[&full], &[&[&full], &[allow]], &req), want, "allow list: {}", action);
            }
        }
    }
}

/// The suggestions for `arn`, too young to tell some services unused.
fn young_suggestions(
    s: &[ServiceRow],
    a: &[ActionRow],
    arn: &str,
    young: &lastaccessed::report::rewrite::Young,
) -> Suggestions {
    suggestions_with(
        s,
        a,
        90,
        Some(arn),
        None,
        Some(young),
        &ItsBoundary::Unknown,
    )
}

/// Setting a permissions boundary replaces the one a principal has. With
/// the authorization details: the boundary suggested is the one it has with
/// the Deny added (it never allows more than that one did, and the unused
/// services are out), the Allow of what was used is not offered as its
/// boundary, and a principal known to have none is not told to check.
#[test]
fn a_principals_own_permissions_boundary_stays_its_cap() {
    let r = alice();
    let (s, a) = rows(&r, 90);
    let arn = "arn:aws:iam::111122223333:user/alice";
    let cap = "arn:aws:iam::111122223333:policy/Cap";
    let unused = unused_namespaces(&s);
    let used: Vec<&str> = s
        .iter()
        .map(|r| r.namespace.as_str())
        .filter(|n| !unused.iter().any(|u| u == n))
        .collect();
    assert!(!unused.is_empty() && !used.is_empty());
    // Its boundary allows one used and one unused service (a statement
    // written as an object, with the Sid this app's Deny has).
    let own = serde_json::json!({"Version": "2012-10-17", "Statement": {
        "Sid": "DenyServicesUnusedFor90Days", "Effect": "Allow",
        "Action": [format!("{}:*", used[0]), format!("{}:*", unused[0])], "Resource": "*"}});
    let with = |b: ItsBoundary| suggestions_with(&s, &a, 90, Some(arn), None, None, &b);
    let all = with(ItsBoundary::Policy {
        arn: cap.into(),
        document: Some(own.clone()),
    });
    let sug = all.shape(Shape::Boundary).unwrap();
    assert!(
        sug.placement
            .contains(&format!("has a permissions boundary, {cap}")),
        "{}",
        sug.placement
    );
    assert!(sug.notes.is_empty(), "{:?}", sug.notes);
    assert!(
        sug.placement.contains(&format!(
            "(Editing {cap} itself would change every principal it bounds"
        )),
        "{}",
        sug.placement
    );
    let power = "arn:aws:iam::aws:policy/PowerUserAccess";
    let aws = with(ItsBoundary::Policy {
        arn: power.into(),
        document: Some(own.clone()),
    });
    assert!(aws
        .shape(Shape::Boundary)
        .unwrap()
        .placement
        .ends_with("(An AWS managed policy cannot be edited.)"));
    let doc = shape(&all, Shape::Boundary);
    let list = doc["Statement"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0], own["Statement"]);
    assert_eq!(list[1]["Effect"], "Deny");
    assert_eq!(
        list[1]["Sid"], "DenyServicesUnusedFor90Days2",
        "Sids stay unique"
    );
    // Checked against the model, with policies that grant everything.
    let everything = serde_json::json!({"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    for ns in s.iter().map(|r| r.namespace.as_str()).chain(["ec2"]) {
        for x in catalog().expand(&format!("{ns}:*")) {
            let action = format!("{}:{}", x.service, x.action);
            let req = Request {
                action: &action,
                principal_arn: arn,
            };
            let after = allowed(&[&everything], Some(&doc), &[], &req);
            let before = allowed(&[&everything], Some(&own), &[], &req);
            assert!(!after || before, "{action} allowed beyond its boundary");
            if unused.iter().any(|u| u == ns) {
                assert!(!after, "{action} is unused");
            } else if ns == used[0] {
                assert!(after, "{action} was used and its boundary allows it");
            }
        }
    }
    let allow = all.shape(Shape::AllowUsed).unwrap();
    assert!(
        allow.placement.contains(&format!(
            "Not as its permissions boundary: it has one, {cap}"
        )),
        "{}",
        allow.placement
    );
    // Its document not in the details, or one without statements: the
    // statement to add, said so.
    for document in [None, Some(serde_json::json!({"Version": "2012-10-17"}))] {
        let all = with(ItsBoundary::Policy {
            arn: cap.into(),
            document,
        });
        let doc = shape(&all, Shape::Boundary);
        assert_eq!(doc["Statement"].as_array().unwrap().len(), 1);
        assert_eq!(doc["Statement"][0]["Effect"], "Deny");
        let sug = all.shape(Shape::Boundary).unwrap();
        assert!(
            sug.placement
                .contains("add this Deny statement to a copy of it"),
            "{}",
            sug.placement
        );
    }
    // Known to have none: nothing to check; not known: told to.
    let all = with(ItsBoundary::None);
    assert!(all.shape(Shape::Boundary).unwrap().notes.is_empty());
    assert!(all
        .shape(Shape::AllowUsed)
        .unwrap()
        .placement
        .contains("it has none"));
    assert_eq!(shape(&all, Shape::Boundary)["Statement"][0]["Action"], "*");
    let all = with(ItsBoundary::Unknown);
    assert!(all.shape(Shape::Boundary).unwrap().notes[0]
        .contains("If the principal already has a permissions boundary"));
    assert!(all
        .shape(Shape::AllowUsed)
        .unwrap()
        .placement
        .contains("If it already has a permissions boundary, this replaces it"));
}
