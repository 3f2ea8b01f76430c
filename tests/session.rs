//! The session, driven natively by command sequences: what the page would
//! send, and what it would then draw.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::sample;
use lastaccessed::report::share::{decode_fragment, encode_fragment};
use lastaccessed::report::table::ServiceColumn;
use lastaccessed::report::{Notice, NoticeKind, Status};
use lastaccessed::session::{open_link, Changed, Command, Parsed, Session};

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-30T00:00:00Z".parse().unwrap()
}

/// Queue and deliver files as the page does: ids from `first`, one batch.
fn load(s: &mut Session, first: u64, files: &[(&str, Vec<u8>)]) {
    let mut batch = Vec::new();
    for (i, (name, b)) in files.iter().enumerate() {
        let id = first + i as u64;
        s.apply(Command::Queue {
            id,
            name: name.to_string(),
            size: b.len(),
        });
        batch.push(Parsed {
            id,
            name: name.to_string(),
            result: parse_file(name, b),
        });
    }
    s.apply(Command::Parsed(batch));
}

/// Both pages of user alice's report (ids `first` and `first + 1`).
fn load_alice(s: &mut Session, first: u64) {
    load(
        s,
        first,
        &[fixture("cli-v1/page-1.json"), fixture("cli-v1/page-2.json")],
    );
}

/// The account 444455556666: its authorization details (two CLI pages) and
/// three principals' reports (data-pipeline at action level, bob, nightly-etl).
fn load_account(s: &mut Session) {
    load(
        s,
        1,
        &[
            fixture("authz/cli-v2-page-1.json"),
            fixture("authz/cli-v2-page-2.json"),
            fixture("xml/report.xml"),
            fixture("authz/444455556666/users/bob/page-1.json"),
            fixture("authz/444455556666/roles/nightly-etl/page-1.json"),
        ],
    );
}

/// The fleet's row of the principal `name`.
fn fleet_row(s: &Session, name: &str) -> lastaccessed::report::fleet::FleetRow {
    let fleet = s.fleet.as_ref().expect("a fleet");
    fleet.rows.iter().find(|r| r.name == name).unwrap().clone()
}

/// A session with two principals' reports: alice, and a group report.
fn two_principals() -> Session {
    let mut s = Session::new(now());
    load_alice(&mut s, 1);
    load(&mut s, 3, &[fixture("boto3/group-report.json")]);
    s
}

fn fixture(rel: &str) -> (&str, Vec<u8>) {
    (rel, bytes(rel))
}

#[test]
fn pages_in_any_order_make_the_same_report() {
    let mut a = Session::new(now());
    load_alice(&mut a, 1);
    let mut b = Session::new(now());
    load(&mut b, 1, &[fixture("cli-v1/page-2.json")]);
    assert!(!b.reports[0].complete || b.reports[0].pages == 1);
    load(&mut b, 2, &[fixture("cli-v1/page-1.json")]);
    assert_eq!(a.reports.len(), 1);
    assert_eq!(a.reports[0].services, b.reports[0].services);
    assert!(b.reports[0].complete);
    let (va, vb) = (a.view.clone().unwrap(), b.view.clone().unwrap());
    assert_eq!(va.service_tally, vb.service_tally);
    assert_eq!(va.label, vb.label);
    assert!(a.pending.is_empty() && b.pending.is_empty());
}

#[test]
fn a_command_that_changes_nothing_says_so() {
    let mut s = Session::new(now());
    load_alice(&mut s, 1);
    let t = s.threshold_days;
    for c in [
        Command::SetThreshold(t),
        Command::SelectService(None),
        Command::ClearFilters,
        Command::SetSearch(String::new()),
        Command::SetRegion(None),
        Command::SetOnlyWithActions(false),
        Command::DismissError(7),
        Command::Cancel(12345),
        Command::SelectReport(s.selected_report.clone().unwrap()),
        Command::Parsed(vec![]),
    ] {
        let before = s.clone();
        assert_eq!(s.apply(c.clone()), Changed::Unchanged, "{c:?}");
        assert_eq!(s, before, "{c:?}");
    }
    assert_eq!(s.apply(Command::SetThreshold(t + 1)), Changed::Changed);
    assert_eq!(
        s.apply(Command::SortServices(ServiceColumn::Name)),
        Changed::Changed
    );
}

#[test]
fn cancel_drops_a_late_answer_and_clear_keeps_what_is_pending() {
    let mut s = Session::new(now());
    let (name, b) = fixture("cli-v1/page-1.json");
    s.apply(Command::Queue {
        id: 1,
        name: name.into(),
        size: b.len(),
    });
    s.apply(Command::Cancel(1));
    s.apply(Command::Parsed(vec![Parsed {
        id: 1,
        name: name.into(),
        result: parse_file(name, &b),
    }]));
    assert!(s.reports.is_empty(), "a cancelled file's answer is dropped");
    load(&mut s, 2, &[fixture("cli-v1/page-2.json")]);
    s.apply(Command::Queue {
        id: 9,
        name: "big.json".into(),
        size: 1,
    });
    s.apply(Command::SetThreshold(30));
    assert_eq!(s.apply(Command::Clear), Changed::Changed);
    assert!(s.reports.is_empty() && s.files.is_empty());
    assert_eq!(s.threshold_days, 90, "back to the defaults");
    assert_eq!(s.pending.len(), 1, "a file being read is still coming");
}

#[test]
fn chosen_files_are_pending_from_their_choice_until_parsed_or_unreadable() {
    use lastaccessed::report::{Error, ErrorKind};
    let mut s = Session::new(now());
    let (name, b) = fixture("cli-v1/page-1.json");
    let chosen = vec![
        (1, name.to_string(), 0),
        (2, "gone.json".to_string(), 0),
        (3, "later.json".to_string(), 0),
    ];
    assert_eq!(s.apply(Command::Reading(chosen)), Changed::Changed);
    let names: Vec<_> = s
        .pending
        .iter()
        .map(|p| (p.id, p.name.as_str(), p.size))
        .collect();
    assert_eq!(
        names,
        [(1, name, 0), (2, "gone.json", 0), (3, "later.json", 0)],
        "every chosen file is pending before any is read, its size not yet known"
    );
    // Read: its size is known, still one entry.
    s.apply(Command::Queue {
        id: 1,
        name: name.into(),
        size: b.len(),
    });
    assert_eq!(s.pending.len(), 3);
    assert_eq!(s.pending[0].size, b.len());
    // The browser could not read one: it leaves the pending list for the messages.
    let error = Error::new(ErrorKind::InvalidField {
        message: "the browser could not read the file: gone".into(),
    })
    .in_file("gone.json");
    s.apply(Command::Unreadable { id: 2, error });
    assert_eq!(s.pending.iter().map(|p| p.id).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(s.errors.len(), 1);
    assert!(s.errors[0].to_string().contains("gone.json"));
    // Parsed: out of the list and loaded; the one still being read stays.
    s.apply(Command::Parsed(vec![Parsed {
        id: 1,
        name: name.into(),
        result: parse_file(name, &b),
    }]));
    assert_eq!(s.reports.len(), 1);
    assert_eq!(s.pending.iter().map(|p| p.id).collect::<Vec<_>>(), [3]);
    s.apply(Command::Cancel(3));
    assert!(s.pending.is_empty());
}

#[test]
fn every_file_ends_loaded_or_named_in_an_error() {
    let mut s = Session::new(now());
    let mut files: Vec<(&str, Vec<u8>)> = vec![fixture("cli-v1/page-1.json")];
    for _ in 0..50 {
        files.push(("bad.json", b"{\"JobStatus\": ".to_vec()));
    }
    files.push(fixture("cli-v1/page-2.json"));
    load(&mut s, 1, &files);
    assert!(s.pending.is_empty());
    assert_eq!(s.errors.len(), 50);
    assert!(s
        .errors
        .iter()
        .all(|e| e.to_string().starts_with("bad.json")));
    assert_eq!(s.reports.len(), 1);
    assert!(s.reports[0].complete);
}

#[test]
fn labels_one_function_the_users_own_and_the_view_link_round_trip() {
    let mut s = two_principals();
    assert_eq!(s.reports.len(), 2);
    let options = s.report_options();
    assert_eq!(options.len(), 2);
    assert!(
        options.iter().any(|(_, l)| l == "boto3/group-report"),
        "{options:?}"
    );
    let id = options[0].0.clone();
    s.apply(Command::RenameReport {
        id: id.clone(),
        label: "  ci deployer & co  ".into(),
    });
    assert_eq!(s.report_options()[0].1, "ci deployer & co");
    s.apply(Command::SetThreshold(30));
    s.apply(Command::ToggleStatus(Status::Stale));
    s.apply(Command::SelectService(Some("s3".into())));
    // The view as a link, opened over the same data in a fresh session.
    let fragment = encode_fragment(&s.view_state());
    let mut t = two_principals();
    let Some(Command::OpenShared { view, .. }) = open_link(&format!("#{fragment}")) else {
        panic!("{fragment}");
    };
    assert_eq!(view, decode_fragment(&fragment).unwrap());
    t.apply(Command::ApplyView(view));
    assert_eq!(t.view_state(), s.view_state());
    assert_eq!(t.report_options(), s.report_options());
    // An empty label gives the default back.
    s.apply(Command::RenameReport {
        id,
        label: " ".into(),
    });
    assert_ne!(s.report_options()[0].1, "ci deployer & co");
}

#[test]
fn the_sample_is_marked_and_gives_way_to_real_files() {
    let mut s = Session::new(now());
    let ids: Vec<u64> = (1..=sample::FILES.len() as u64).collect();
    s.apply(Command::QueueSample(ids.clone()));
    let files: Vec<(&str, Vec<u8>)> = sample::FILES
        .iter()
        .map(|(n, b)| (*n, b.to_vec()))
        .collect();
    load(&mut s, 1, &files);
    assert!(s.report_options()[0].1.starts_with("Sample: "));
    assert!(s.view.as_ref().unwrap().label.starts_with("Sample: "));
    load_alice(&mut s, 10);
    assert_eq!(s.reports.len(), 1, "the sample went");
    assert!(!s.report_options()[0].1.starts_with("Sample"));
    assert_eq!(s.app_notices, [Notice::new(NoticeKind::SampleRemoved)]);
    // Asked for again beside real data, it stays, marked.
    let ids: Vec<u64> = (20..20 + sample::FILES.len() as u64).collect();
    s.apply(Command::QueueSample(ids));
    load(&mut s, 20, &files);
    let options = s.report_options();
    assert_eq!(options.len(), 2);
    assert_eq!(
        options
            .iter()
            .filter(|(_, l)| l.starts_with("Sample: "))
            .count(),
        1
    );
    // The matrix marks it too.
    let m = s.matrix.clone().unwrap();
    assert_eq!(
        m.columns
            .iter()
            .filter(|c| c.starts_with("Sample: "))
            .count(),
        1
    );
}

#[test]
fn rows_are_rebuilt_only_when_their_key_changes() {
    let mut s = Session::new(now());
    load(&mut s, 1, &[fixture("cli-v1/page-1.json")]);
    let rows = s.rows.clone().unwrap();
    s.apply(Command::SetSearch("s3".into()));
    s.apply(Command::SortServices(ServiceColumn::Name));
    assert!(
        std::rc::Rc::ptr_eq(&rows, s.rows.as_ref().unwrap()),
        "sort and search keep the rows"
    );
    // New pages of the same report: a new data version, new rows.
    load(&mut s, 2, &[fixture("cli-v1/page-2.json")]);
    assert!(!std::rc::Rc::ptr_eq(&rows, s.rows.as_ref().unwrap()));
    let rows = s.rows.clone().unwrap();
    s.apply(Command::SetThreshold(10));
    assert!(!std::rc::Rc::ptr_eq(&rows, s.rows.as_ref().unwrap()));
}

#[test]
fn the_matrix_is_kept_while_typing_and_rebuilt_when_it_changes() {
    let mut s = two_principals();
    let m = s.matrix.clone().expect("two principals: a matrix");
    for text in ["s", "s3", "s3 "] {
        s.apply(Command::SetSearch(text.into()));
        assert!(
            std::rc::Rc::ptr_eq(&m, s.matrix.as_ref().unwrap()),
            "rebuilt on a keystroke"
        );
    }
    s.apply(Command::SortMatrix(Some(0)));
    let sorted = s.matrix.clone().unwrap();
    assert!(!std::rc::Rc::ptr_eq(&m, &sorted));
    let id = s.reports[0].key.id();
    s.apply(Command::RenameReport {
        id,
        label: "renamed".into(),
    });
    assert!(s
        .matrix
        .as_ref()
        .unwrap()
        .columns
        .contains(&"renamed".to_string()));
}

#[test]
fn while_files_arrive_the_matrix_waits_for_the_last() {
    let mut s = two_principals();
    let m = s.matrix.clone().unwrap();
    // One more file coming, another report arriving meanwhile.
    s.apply(Command::Queue {
        id: 10,
        name: "later.json".into(),
        size: 1,
    });
    load(
        &mut s,
        11,
        &[
            fixture("org/org-report.json"),
            fixture("cli-v2/page-1.json"),
        ],
    );
    assert!(
        std::rc::Rc::ptr_eq(&m, s.matrix.as_ref().unwrap()),
        "kept while loading"
    );
    s.apply(Command::Cancel(10));
    assert!(
        !std::rc::Rc::ptr_eq(&m, s.matrix.as_ref().unwrap()),
        "rebuilt once all are in"
    );
}

#[test]
fn clear_while_the_sample_is_read_drops_the_rest_of_the_sample() {
    let mut s = Session::new(now());
    let ids: Vec<u64> = (1..=sample::FILES.len() as u64).collect();
    s.apply(Command::QueueSample(ids.clone()));
    for (id, (name, b)) in ids.iter().zip(sample::FILES) {
        s.apply(Command::Queue {
            id: *id,
            name: name.to_string(),
            size: b.len(),
        });
    }
    // All but the last file arrive; a bad paste; then Clear.
    let (last, rest) = ids.split_last().unwrap();
    let batch = rest
        .iter()
        .zip(sample::FILES)
        .map(|(id, (name, b))| Parsed {
            id: *id,
            name: name.to_string(),
            result: parse_file(name, b),
        })
        .collect();
    s.apply(Command::Parsed(batch));
    assert!(!s.reports.is_empty());
    assert_eq!(s.apply(Command::Clear), Changed::Changed);
    assert!(
        s.pending.is_empty(),
        "the sample's files still read are dropped"
    );
    // The last file's answer comes after the Clear: it is not loaded.
    let (name, b) = sample::FILES[sample::FILES.len() - 1];
    s.apply(Command::Parsed(vec![Parsed {
        id: *last,
        name: name.to_string(),
        result: parse_file(name, b),
    }]));
    assert!(
        s.reports.is_empty() && s.files.is_empty(),
        "{:?}",
        s.files.len()
    );
    assert!(s.errors.is_empty() && s.app_notices.is_empty());
    assert!(
        s.authz.pages == 0,
        "the sample's policies are not loaded either"
    );
}

#[test]
fn an_account_three_principals_and_their_policies() {
    let mut s = Session::new(now());
    load_account(&mut s);
    // Each principal's report is matched to its policies by ARN.
    let plans = s.plans();
    let mut got: Vec<(String, String, String, Vec<String>)> = plans
        .iter()
        .flat_map(|p| {
            let who = p.arn.rsplit(':').next().unwrap_or_default().to_string();
            p.policies.iter().map(move |x| {
                (
                    who.clone(),
                    x.name.clone(),
                    x.action.id().to_string(),
                    x.removed.clone(),
                )
            })
        })
        .collect();
    got.sort();
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let row = |who: &str, name: &str, action: &str, removed: &[&str]| {
        (
            who.to_string(),
            name.to_string(),
            action.to_string(),
            v(removed),
        )
    };
    assert_eq!(
        got,
        vec![
            // GlueAccess reaches the role and group devs (bob): both reports are
            // loaded, glue is stale for one and never for the other.
            row("role/data-pipeline", "AmazonS3ReadOnlyAccess", "keep", &[]),
            row("role/data-pipeline", "GlueAccess", "edit", &["glue:*"]),
            row(
                "role/data-pipeline",
                "pipeline-inline",
                "edit",
                &["s3:PutBucketPolicy", "athena:*"]
            ),
            // The AWS managed policy is replaced for each principal alone.
            row(
                "role/nightly-etl",
                "AmazonS3ReadOnlyAccess",
                "replace",
                &["s3-object-lambda:Get*", "s3-object-lambda:List*"]
            ),
            row(
                "role/nightly-etl",
                "etl-inline",
                "edit",
                &["sqs:SendMessage"]
            ),
            row(
                "user/bob",
                "AmazonS3ReadOnlyAccess",
                "replace",
                &["s3-object-lambda:Get*", "s3-object-lambda:List*"]
            ),
            row("user/bob", "GlueAccess", "edit", &["glue:*"]),
            // NotAction too long to list for a user (2 048 characters): it
            // excludes the unused services instead.
            row(
                "user/bob",
                "bob-everything-but-iam",
                "edit",
                &["dynamodb:*", "ec2:*", "glue:*", "s3-object-lambda:*"]
            ),
            row("user/bob", "devs-metrics", "keep", &[]),
        ]
    );
    // GlueAccess is reached through two principals: one new version, undone once.
    let apply = lastaccessed::report::plan::apply_script(&plans);
    assert_eq!(apply.matches("create-policy-version").count(), 1, "{apply}");
    let rollback = lastaccessed::report::plan::rollback_script(&plans);
    assert_eq!(
        rollback.matches("set-default-policy-version").count(),
        1,
        "{rollback}"
    );
}

#[test]
fn the_fleet_sums_up_each_principal_with_its_unused_write_access() {
    use lastaccessed::report::fleet::{FleetColumn, FleetFilter};
    let mut s = Session::new(now());
    load_account(&mut s);
    let fleet = s.fleet.clone().expect("three principals make a fleet");
    let row = |name: &str| fleet.rows.iter().find(|r| r.name == name).unwrap();
    let bob = row("bob");
    assert_eq!(
        (bob.kind.as_str(), bob.account.as_deref()),
        ("user", Some("444455556666"))
    );
    // bob: cloudwatch and s3 used; dynamodb stale; ec2, glue, s3-object-lambda never.
    assert_eq!((bob.granted, bob.used, bob.stale, bob.never), (6, 2, 1, 3));
    assert!(!bob.unused());
    // His NotAction policy grants every Write action of ec2, glue, dynamodb
    // and s3-object-lambda: hundreds of unused write actions.
    assert!(bob.unused_risky.unwrap() > 300, "{:?}", bob.unused_risky);
    let pipeline = row("data-pipeline");
    assert_eq!(
        pipeline.role_last_used.map(|t| t.to_rfc3339()),
        Some("2026-08-19T22:10:00+00:00".into())
    );
    // nightly-etl: sqs:SendMessage is Write, sqs never used; s3-object-lambda's
    // grant is read-only.
    assert_eq!(row("nightly-etl").unused_risky, Some(1));
    // Sorted by unused write access, most first; filtered to roles.
    s.apply(Command::SortFleet(FleetColumn::UnusedRisky));
    s.apply(Command::SortFleet(FleetColumn::UnusedRisky));
    let names: Vec<_> = s
        .fleet_order
        .iter()
        .map(|&i| fleet.rows[i].name.clone())
        .collect();
    assert_eq!(names[0], "bob");
    s.apply(Command::SetFleetFilter(FleetFilter {
        kind: Some("role".into()),
        ..FleetFilter::default()
    }));
    assert_eq!(s.fleet_order.len(), 2);
    // A threshold of a year: bob's dynamodb is recent again.
    s.apply(Command::SetThreshold(365));
    let bob = fleet_row(&s, "bob");
    assert_eq!((bob.used, bob.stale), (3, 0));
    // His unused write access follows (dynamodb's no longer counts): what a
    // session that read everything at a year's threshold says.
    let was = row("bob").unused_risky.unwrap();
    let mut fresh = Session::new(now());
    fresh.apply(Command::SetThreshold(365));
    load_account(&mut fresh);
    let fresh_bob = fleet_row(&fresh, "bob");
    assert!(
        bob.unused_risky.unwrap() < was,
        "{:?} against {was}",
        bob.unused_risky
    );
    assert_eq!(bob.unused_risky, fresh_bob.unused_risky);
}

#[test]
fn the_fleets_unused_write_access_follows_the_authorization_details_as_they_come() {
    let mut s = Session::new(now());
    load(
        &mut s,
        1,
        &[
            fixture("xml/report.xml"),
            fixture("authz/444455556666/users/bob/page-1.json"),
            fixture("authz/444455556666/roles/nightly-etl/page-1.json"),
            // The details' first page only: some principals and policies.
            fixture("authz/cli-v2-page-1.json"),
        ],
    );
    let risky = |s: &Session| -> Vec<Option<usize>> {
        s.fleet
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| r.unused_risky)
            .collect()
    };
    let first = risky(&s);
    load(&mut s, 4, &[fixture("authz/cli-v2-page-2.json")]);
    let mut all_at_once = Session::new(now());
    load_account(&mut all_at_once);
    let by_name = |s: &Session| {
        let mut v: Vec<_> = s
            .fleet
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| (r.name.clone(), r.unused_risky))
            .collect();
        v.sort();
        v
    };
    assert_ne!(risky(&s), first, "the second page changes what is known");
    assert!(risky(&s).iter().all(Option::is_some), "{:?}", risky(&s));
    assert_eq!(by_name(&s), by_name(&all_at_once));
}

#[test]
fn two_reports_of_one_principal_compare_over_time() {
    use lastaccessed::report::compare::Change;
    let mut s = Session::new(now());
    load(
        &mut s,
        1,
        &[
            fixture("authz/444455556666/users/bob/page-1.json"),
            fixture("authz/earlier/444455556666/users/bob/page-1.json"),
        ],
    );
    // The later report is on screen (the last one to appear is shown: pick it).
    let later = s
        .reports
        .iter()
        .find(|r| r.created.unwrap().to_rfc3339().starts_with("2026-08"))
        .unwrap()
        .key
        .id();
    s.apply(Command::SelectReport(later));
    let c = s
        .view
        .as_ref()
        .unwrap()
        .compare
        .clone()
        .expect("bob's two reports compare");
    assert!(c.shown_is_later);
    let change = |ns: &str| c.rows.iter().find(|r| r.namespace == ns).map(|r| r.change);
    assert_eq!(change("s3"), Some(Change::NewlyUsed));
    assert_eq!(change("dynamodb"), Some(Change::NewlyStale));
    assert_eq!(change("ec2"), Some(Change::NewlyNever));
    assert_eq!(change("glue"), Some(Change::Added));
    assert_eq!(change("sqs"), Some(Change::Removed));
    assert_eq!(change("cloudwatch"), Some(Change::Same));
    assert_eq!(change("s3-object-lambda"), Some(Change::Same));
    // From the earlier one, the same comparison (the other way round).
    s.apply(Command::SelectReport(c.other_id.clone()));
    let back = s.view.as_ref().unwrap().compare.clone().unwrap();
    assert!(!back.shown_is_later);
    assert_eq!(back.rows, c.rows);
    // One report alone compares with nothing.
    let mut one = Session::new(now());
    load(
        &mut one,
        1,
        &[fixture("authz/444455556666/users/bob/page-1.json")],
    );
    assert!(one.view.as_ref().unwrap().compare.is_none());
}

#[test]
fn a_service_can_have_its_own_threshold_kept_in_the_link() {
    let mut s = Session::new(now());
    load_alice(&mut s, 1);
    fn s_rows(s: &Session) -> Vec<(String, Status)> {
        s.view
            .as_ref()
            .unwrap()
            .services()
            .map(|r| (r.namespace.clone(), r.status))
            .collect()
    }
    let before = s_rows(&s);
    let (stale, _) = before
        .iter()
        .find(|(_, st)| *st == Status::Stale)
        .cloned()
        .expect("a stale service");
    let recent = before
        .iter()
        .filter(|(_, st)| *st == Status::Recent)
        .count();
    s.apply(Command::SetServiceThreshold {
        namespace: stale.to_uppercase(),
        days: Some(10_000),
    });
    let after = s_rows(&s);
    assert_eq!(
        after.iter().find(|(n, _)| *n == stale).unwrap().1,
        Status::Recent
    );
    assert_eq!(
        after.iter().filter(|(_, st)| *st == Status::Recent).count(),
        recent + 1,
        "only that one"
    );
    // In the link, and back.
    let fragment = s.fragment();
    assert!(
        fragment.contains(&format!("ts={stale}%3A10000")),
        "{fragment}"
    );
    let mut other = Session::new(now());
    load_alice(&mut other, 1);
    other.apply(open_link(&fragment).unwrap());
    assert_eq!(other.service_thresholds, s.service_thresholds);
    assert_eq!(s_rows(&other), after);
    // Removed: the report's threshold again.
    s.apply(Command::SetServiceThreshold {
        namespace: stale.clone(),
        days: None,
    });
    assert_eq!(s_rows(&s), before);
}

#[test]
fn the_fleet_has_one_row_per_principal_with_what_changed_since_its_earlier_report() {
    let mut s = Session::new(now());
    load(
        &mut s,
        1,
        &[
            fixture("authz/444455556666/users/bob/page-1.json"),
            fixture("authz/earlier/444455556666/users/bob/page-1.json"),
            fixture("authz/444455556666/roles/nightly-etl/page-1.json"),
        ],
    );
    let fleet = s.fleet.clone().unwrap();
    assert_eq!(fleet.rows.len(), 2, "bob once, with his newest report");
    let bob = fleet.rows.iter().find(|r| r.name == "bob").unwrap();
    assert_eq!(bob.snapshots, 2);
    assert!(bob
        .last_activity
        .unwrap()
        .to_rfc3339()
        .starts_with("2026-08"));
    let c = bob.changes.unwrap();
    assert_eq!(
        (
            c.newly_used,
            c.newly_stale,
            c.newly_never,
            c.added,
            c.removed
        ),
        (1, 1, 1, 1, 1)
    );
    assert!(bob.earlier.unwrap().to_rfc3339().starts_with("2026-05-20"));
    let etl = fleet.rows.iter().find(|r| r.name == "nightly-etl").unwrap();
    assert_eq!((etl.snapshots, etl.changes), (1, None));
}

#[test]
fn no_filter_shows_what_a_filter_passing_everything_shows() {
    // With no filter the session skips the search index (a report just
    // shown); a filter that lets every row through goes through it.
    let mut plain = Session::new(now());
    load_alice(&mut plain, 1);
    let mut all = plain.clone();
    for st in [Status::Never, Status::Stale, Status::Recent] {
        all.apply(Command::ToggleStatus(st));
    }
    assert!(!all.filter.is_empty());
    let (p, a) = (plain.view.clone().unwrap(), all.view.clone().unwrap());
    assert!(!p.action_order.is_empty());
    assert_eq!(p.service_order, a.service_order);
    assert_eq!(p.action_order, a.action_order);
    assert_eq!(p.shown_actions, a.shown_actions);
    assert_eq!(p.bars, a.bars);
    // Also narrowed to one service.
    for s in [&mut plain, &mut all] {
        s.apply(Command::SelectService(Some("s3".into())));
    }
    let (p, a) = (plain.view.clone().unwrap(), all.view.clone().unwrap());
    assert!(!p.action_order.is_empty());
    assert_eq!(
        (&p.action_order, p.shown_actions, &p.bars),
        (&a.action_order, a.shown_actions, &a.bars)
    );
}

/// Deliver one already-queued file.
fn deliver(s: &mut Session, id: u64, (name, b): (&str, Vec<u8>)) {
    s.apply(Command::Parsed(vec![Parsed {
        id,
        name: name.to_string(),
        result: parse_file(name, &b),
    }]));
}

#[test]
fn a_load_shows_its_first_new_report_and_keeps_it_while_the_rest_arrives() {
    let files = [
        fixture("cli-v1/page-1.json"),
        fixture("boto3/group-report.json"),
        fixture("cli-v1/page-2.json"),
        fixture("org/org-report.json"),
    ];
    let mut s = Session::new(now());
    for (i, (name, b)) in files.iter().enumerate() {
        s.apply(Command::Queue {
            id: i as u64,
            name: name.to_string(),
            size: b.len(),
        });
    }
    deliver(&mut s, 0, files[0].clone());
    let first = s
        .selected_report
        .clone()
        .expect("the first report is shown");
    // Two more reports and a page of the first arrive: it stays on screen.
    deliver(&mut s, 1, files[1].clone());
    assert_eq!(s.selected_report, Some(first.clone()));
    deliver(&mut s, 2, files[2].clone());
    assert_eq!(s.selected_report, Some(first.clone()));
    deliver(&mut s, 3, files[3].clone());
    assert_eq!(s.reports.len(), 3);
    assert_eq!(s.selected_report, Some(first.clone()));
    // The load is over: the next file's new report is shown.
    load(
        &mut s,
        10,
        &[fixture("authz/444455556666/users/bob/page-1.json")],
    );
    let bob = s.selected_report.clone().unwrap();
    assert_ne!(bob, first);
    assert!(s.reports.iter().any(|r| r.key.id() == bob));

    // A report the user picks during a load stays picked too.
    let mut s = Session::new(now());
    for id in 0..3 {
        s.apply(Command::Queue {
            id,
            name: files[id as usize].0.to_string(),
            size: 1,
        });
    }
    deliver(&mut s, 0, files[0].clone());
    deliver(&mut s, 1, files[1].clone());
    let group = s
        .reports
        .iter()
        .map(|r| r.key.id())
        .find(|id| Some(id) != s.selected_report.as_ref())
        .unwrap();
    s.apply(Command::SelectReport(group.clone()));
    s.apply(Command::Cancel(2));
    // Cancelling the last pending file ends the load: a new report shows.
    assert_eq!(s.selected_report, Some(group.clone()));
    load(&mut s, 20, &[fixture("org/org-report.json")]);
    assert_ne!(s.selected_report, Some(group));
}
