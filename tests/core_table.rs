//! Staleness and sorting over a real fixture report.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::pages;
use lastaccessed::report::id::Id;
use lastaccessed::report::merge::{merge, Report};
use lastaccessed::report::staleness::{reference_time, ReferenceMode, Status};
use lastaccessed::report::table::*;
use proptest::prelude::*;

fn report() -> Report {
    merge(&pages(&["cli-v1/page-1.json", "cli-v1/page-2.json"])).remove(0)
}

fn st(r: &Report, days: u32) -> Staleness {
    Staleness {
        reference: reference_time(r, ReferenceMode::ReportDate, Utc::now()),
        threshold_days: days,
    }
}

#[test]
fn reference_is_the_completion_date_by_default() {
    let r = report();
    let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(
        reference_time(&r, ReferenceMode::ReportDate, now).to_rfc3339(),
        "2026-09-14T08:30:19.902+00:00"
    );
    assert_eq!(reference_time(&r, ReferenceMode::Now, now), now);
}

#[test]
fn statuses_follow_the_threshold() {
    let r = report();
    let rows = service_rows(&r, st(&r, 90));
    let status: Vec<(&str, Status)> = rows
        .iter()
        .map(|r| (r.namespace.as_str(), r.status))
        .collect();
    assert_eq!(
        status,
        [
            ("ec2", Status::Recent),
            ("iam", Status::Recent),
            ("kms", Status::Never),
            ("lambda", Status::Stale),
            ("s3", Status::Recent),
            ("sqs", Status::Stale),
        ]
    );
    let all_recent = Tally::of(service_rows(&r, st(&r, 10_000)).iter().map(|r| r.status));
    assert_eq!(
        (all_recent.recent, all_recent.stale, all_recent.never),
        (5, 0, 1)
    );
    let strict = Tally::of(service_rows(&r, st(&r, 0)).iter().map(|r| r.status));
    // Only S3 was used on the report's own day.
    assert_eq!((strict.recent, strict.stale, strict.never), (1, 4, 1));
}

#[test]
fn against_now_everything_ages() {
    let r = report();
    let later = Utc.with_ymd_and_hms(2027, 9, 14, 0, 0, 0).unwrap();
    let s = Staleness {
        reference: reference_time(&r, ReferenceMode::Now, later),
        threshold_days: 90,
    };
    let t = Tally::of(service_rows(&r, s).iter().map(|r| r.status));
    assert_eq!((t.recent, t.stale, t.never), (0, 5, 1));
}

#[test]
fn action_rows_and_counts() {
    let r = report();
    let actions = action_rows(&r, st(&r, 90));
    assert_eq!(actions.len(), 11);
    let ec2 = service_rows(&r, st(&r, 90))
        .into_iter()
        .find(|s| s.namespace == "ec2")
        .unwrap();
    assert_eq!((ec2.actions_used, ec2.actions_total), (2, 3));
    let t = Tally::of(actions.iter().map(|a| a.status));
    assert_eq!((t.never, t.stale, t.recent), (4, 4, 3));
}

#[test]
fn last_accessed_sort_puts_never_first_and_reverses() {
    let r = report();
    let mut rows = service_rows(&r, st(&r, 90));
    sort_services(&mut rows, Sort::ascending(ServiceColumn::LastAccessed));
    assert_eq!(rows[0].namespace, "kms");
    assert_eq!(rows.last().unwrap().namespace, "s3");
    sort_services(
        &mut rows,
        Sort::ascending(ServiceColumn::LastAccessed).toggled(ServiceColumn::LastAccessed),
    );
    assert_eq!(rows[0].namespace, "s3");
    assert_eq!(rows.last().unwrap().namespace, "kms");
}

#[test]
fn text_sorts_ignore_case() {
    let r = report();
    let mut rows2 = service_rows(&r, st(&r, 90));
    sort_services(&mut rows2, Sort::ascending(ServiceColumn::Name));
    let names: Vec<_> = rows2.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Amazon EC2",
            "Amazon Simple Queue Service",
            "Amazon Simple Storage Service",
            "AWS Identity and Access Management",
            "AWS Key Management Service",
            "AWS Lambda",
        ]
    );
}

/// Rows in the order `sort_action_order` gives, as the app shows them.
fn sorted(rows: Vec<ActionRow>, sort: Sort<ActionColumn>) -> Vec<ActionRow> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    sort_action_order(&rows, &mut order, sort);
    order
        .into_iter()
        .map(|i| rows[i as usize].clone())
        .collect()
}

fn times(rows: &[ActionRow]) -> Vec<Option<DateTime<Utc>>> {
    rows.iter().map(|r| r.last).collect()
}

#[test]
fn action_sort_is_stable_within_equal_keys() {
    let r = report();
    let mut rows = action_rows(&r, st(&r, 90));
    let original: Vec<_> = rows
        .iter()
        .map(|a| (a.namespace().to_string(), a.action().to_string()))
        .collect();
    rows = sorted(rows, Sort::ascending(ActionColumn::Status));
    // Within each status, the original (namespace) order is kept.
    for status in [Status::Never, Status::Stale, Status::Recent] {
        let got: Vec<_> = rows
            .iter()
            .filter(|a| a.status == status)
            .map(|a| (a.namespace().to_string(), a.action().to_string()))
            .collect();
        let want: Vec<_> = original
            .iter()
            .filter(|k| got.contains(k))
            .cloned()
            .collect();
        assert_eq!(got, want);
    }
    let by_time = sorted(
        action_rows(&r, st(&r, 90)),
        Sort::ascending(ActionColumn::LastAccessed),
    );
    let t = times(&by_time);
    assert!(t.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(t[0], None);
}

/// A service-linked role is a role, but nobody can change its policies: the
/// fleet's kind filter sets it apart from the other roles, "only with unused
/// write access" leaves it out (no policy change can take that away), and the
/// CSV says which rows are service-linked.
#[test]
fn the_fleet_sets_service_linked_roles_apart() {
    use lastaccessed::report::export::fleet_csv;
    use lastaccessed::report::fleet::{Fleet, FleetColumn, FleetFilter, FleetRow, SERVICE_LINKED};
    let row = |arn: &str, risky: usize| FleetRow {
        unused_risky: Some(risky),
        ..FleetRow::new(
            arn.into(),
            arn.into(),
            Some(arn.into()),
            [(None, Status::Never)],
        )
    };
    let slr = "arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport";
    let fleet = Fleet {
        rows: vec![
            row(slr, 7),
            row("arn:aws:iam::111122223333:role/app", 3),
            row("arn:aws:iam::111122223333:role/quiet", 0),
            row("arn:aws:iam::111122223333:user/alice", 2),
        ],
    };
    assert_eq!(fleet.service_linked_count(), 1);
    let sort = Sort {
        column: FleetColumn::Principal,
        direction: Direction::Ascending,
    };
    let names = |filter: FleetFilter| -> Vec<String> {
        fleet
            .order(&filter, sort)
            .iter()
            .map(|&i| fleet.rows[i].name.clone())
            .collect()
    };
    let kind = |k: &str| FleetFilter {
        kind: Some(k.into()),
        ..FleetFilter::default()
    };
    assert_eq!(names(kind(SERVICE_LINKED)), ["AWSServiceRoleForSupport"]);
    assert_eq!(names(kind("role")), ["app", "quiet"]);
    assert_eq!(names(kind("user")), ["alice"]);
    assert_eq!(names(FleetFilter::default()).len(), 4);
    // The role with the most unused write access is not one anybody can fix.
    let risky = FleetFilter {
        only_risky: true,
        ..FleetFilter::default()
    };
    assert_eq!(names(risky), ["alice", "app"]);
    // Unused principals still count it: an unused service-linked role can be deleted.
    assert_eq!(fleet.unused_count(), 4);
    let csv = fleet_csv(&fleet, &fleet.order(&FleetFilter::default(), sort)).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(
        ",service_linked,identity_center_permission_set,created_days_before_report_under_threshold,permissions_boundary,unused_write_counted_within_boundary"
    ));
    let flags: Vec<&str> = lines.map(|l| l.rsplit(',').nth(4).unwrap()).collect();
    // Sorted by name: alice, app, AWSServiceRoleForSupport (lower-cased), quiet.
    assert_eq!(flags, ["false", "false", "true", "false"]);
}

proptest! {
    /// The fleet's light reading of each service (its last access and
    /// status) is the services table's, at any threshold, with any
    /// services judged by their own.
    #[test]
    fn service_statuses_are_the_rows_own(
        days in 0u32..2_000,
        own in proptest::collection::btree_map("[a-z0-9-]{1,12}", 0u32..2_000, 0..6),
        pick in proptest::collection::vec(any::<proptest::sample::Index>(), 0..6),
        pick_days in proptest::collection::vec(0u32..2_000, 6),
    ) {
        let r = report();
        // Some overrides name the report's own namespaces, some do not.
        let mut overrides = own;
        for (ix, d) in pick.iter().zip(pick_days) {
            let ns = &r.services[ix.index(r.services.len())].service_namespace;
            overrides.insert(ns.to_ascii_lowercase(), d);
        }
        let rows: Vec<_> = service_rows_with(&r, st(&r, days), &overrides)
            .into_iter()
            .map(|row| (row.last, row.status))
            .collect();
        let light: Vec<_> = service_statuses(&r, st(&r, days), &overrides).collect();
        prop_assert_eq!(light, rows);
    }
}

proptest! {
    /// For every column: sorting is idempotent, and ascending → descending →
    /// ascending gives back the ascending order (the sort is stable, so ties
    /// keep their relative order throughout).
    #[test]
    fn sort_properties(col in 0usize..8) {
        let r = report();
        let column = ServiceColumn::ALL[col];
        let asc_sort = Sort::ascending(column);
        let mut asc = service_rows(&r, st(&r, 90));
        sort_services(&mut asc, asc_sort);
        let mut again = asc.clone();
        sort_services(&mut again, asc_sort);
        prop_assert_eq!(&again, &asc);
        let mut round = asc.clone();
        sort_services(&mut round, asc_sort.toggled(column));
        sort_services(&mut round, asc_sort);
        prop_assert_eq!(&round, &asc);
    }
}

proptest! {
    /// A search shows exactly the action rows whose texts (service, own,
    /// entity, Region) hold every word: the index (each shared text
    /// searched once, each service's action texts at once) against a plain
    /// substring check of every row.
    #[test]
    fn a_search_shows_the_rows_whose_texts_hold_every_word(
        words in proptest::collection::vec("[a-eiA-S3:/*-]{1,3}", 1..4),
    ) {
        use lastaccessed::report::filter::Filter;
        let r = report();
        let rows = action_rows(&r, st(&r, 90));
        let text = words.join(" ");
        let want: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| {
                let texts = rows[i as usize].search_texts();
                words
                    .iter()
                    .all(|w| texts.iter().any(|t| t.contains(&w.to_lowercase())))
            })
            .collect();
        let f = Filter { text: text.clone(), ..Filter::default() };
        prop_assert_eq!(f.action_order(&rows), want, "search {:?}", text);
    }

    /// A column's ranks, made once, sort any part of the action rows, in
    /// row order or not, either way, exactly as `sort_action_order` does.
    #[test]
    fn ranks_sort_as_the_comparison_sort_does(
        col in 0usize..6,
        descending in any::<bool>(),
        keep in proptest::collection::vec(any::<bool>(), 0..400),
        shuffle in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let r = report();
        let rows = action_rows(&r, st(&r, 90));
        prop_assume!(!rows.is_empty());
        let column = ActionColumn::ALL[col];
        let sort = Sort {
            column,
            direction: if descending { Direction::Descending } else { Direction::Ascending },
        };
        let mut shown: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| keep.get(i as usize).copied().unwrap_or(true))
            .collect();
        if shuffle {
            // A fixed permutation from the seed (no rand dependency).
            let n = shown.len();
            let mut x = seed | 1;
            for i in (1..n).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                shown.swap(i, (x % (i as u64 + 1)) as usize);
            }
        }
        let mut want = shown.clone();
        sort_action_order(&rows, &mut want, sort);
        ActionRanks::of(&rows, column).sort(&mut shown, sort.direction);
        prop_assert_eq!(shown, want);
    }
}

#[test]
fn regions_count_every_row_that_names_one() {
    use lastaccessed::report::filter::regions;
    use std::collections::BTreeMap;
    let r = report();
    let (services, actions) = (service_rows(&r, st(&r, 90)), action_rows(&r, st(&r, 90)));
    // Runs of one Region and changes between them, in any order.
    let mut shuffled: Vec<ActionRow> = actions.iter().rev().cloned().collect();
    shuffled.extend(actions.iter().cloned());
    for rows in [&actions, &shuffled] {
        let mut want: BTreeMap<String, usize> = BTreeMap::new();
        let named = services
            .iter()
            .map(|s| s.region.as_deref())
            .chain(rows.iter().map(ActionRow::region));
        for region in named.flatten() {
            *want.entry(region.to_string()).or_default() += 1;
        }
        assert!(want.len() > 1, "the fixture names several Regions");
        assert_eq!(regions(&services, rows), want);
    }
}

#[test]
fn each_action_row_searches_its_lower_cased_texts() {
    let r = report();
    let rows = action_rows(&r, st(&r, 90));
    assert!(rows.len() > 10);
    for a in &rows {
        let service = r
            .services
            .iter()
            .find(|s| s.service_namespace == a.namespace())
            .unwrap();
        let [svc, own, entity, region] = a.search_texts();
        assert_eq!(
            svc,
            format!("{}\n{}", service.service_name, service.service_namespace).to_lowercase()
        );
        assert_eq!(
            own,
            format!("{0}\n{1}:{0}", a.action(), a.namespace()).to_lowercase()
        );
        assert_eq!(
            entity,
            a.entity()
                .map_or(String::new(), |e| arn_search_part(e).to_lowercase())
        );
        assert_eq!(region, a.region().unwrap_or("").to_lowercase());
    }
}

/// The last-access ranks go by integer nanoseconds where every time fits
/// one, and by the times themselves where one does not (year 1500, 9000):
/// the same order as the plain sort either way, never-used first.
#[test]
fn last_access_ranks_hold_for_times_out_of_nanosecond_range() {
    let base = report();
    let at = |y: i32| Utc.with_ymd_and_hms(y, 6, 1, 0, 0, 0).unwrap();
    for (far, near) in [(None, None), (Some(at(9000)), Some(at(1500)))] {
        let mut r = base.clone();
        let mut set = 0;
        for s in &mut r.services {
            let s = std::rc::Rc::make_mut(s);
            for a in s.tracked_actions_last_accessed.iter_mut().flatten() {
                match (set, a.last_accessed_time.is_some()) {
                    (0, true) if far.is_some() => a.last_accessed_time = far,
                    (1, true) if near.is_some() => a.last_accessed_time = near,
                    _ => continue,
                }
                set += 1;
            }
        }
        let rows = action_rows(&r, st(&r, 90));
        assert!(
            rows.iter().any(|r| r.last.is_none()),
            "the fixture has never-used actions"
        );
        for direction in [Direction::Ascending, Direction::Descending] {
            let sort = Sort {
                column: ActionColumn::LastAccessed,
                direction,
            };
            let mut want: Vec<u32> = (0..rows.len() as u32).collect();
            sort_action_order(&rows, &mut want, sort);
            let mut got: Vec<u32> = (0..rows.len() as u32).collect();
            ActionRanks::of(&rows, ActionColumn::LastAccessed).sort(&mut got, direction);
            assert_eq!(got, want, "{direction:?}, far times: {far:?}");
        }
        if far.is_some() {
            let ranks = ActionRanks::of(&rows, ActionColumn::LastAccessed);
            let mut order: Vec<u32> = (0..rows.len() as u32).collect();
            ranks.sort(&mut order, Direction::Descending);
            assert_eq!(rows[order[0] as usize].last, far);
        }
    }
}

proptest! {
    /// Ages worked out from the reference's seconds are chrono's whole
    /// days, for times centuries apart, either side of the reference,
    /// with nanoseconds and leap seconds.
    #[test]
    fn ages_from_a_reference_are_whole_days(
        r in -10_000_000_000i64..10_000_000_000,
        days in prop_oneof![-3_000i64..3_000, -200_000i64..200_000],
        off in prop_oneof![-2i64..=2, -86_400i64..86_400],
        rn in prop_oneof![0u32..1_000_000_000, Just(0u32), 1_000_000_000u32..2_000_000_000],
        ln in prop_oneof![0u32..1_000_000_000, Just(0u32), 1_000_000_000u32..2_000_000_000],
        leap_r in any::<bool>(),
        leap_l in any::<bool>(),
    ) {
        use lastaccessed::report::staleness::{age_days, Ages};
        // A leap second's nanoseconds are only valid in a minute's last second.
        let at = |s: i64, n: u32, leap: bool| {
            let s = if leap { s - s.rem_euclid(60) + 59 } else { s };
            DateTime::from_timestamp(s, n)
        };
        // Often a whole number of days apart, give or take a second or two.
        let d = days * 86_400 + off;
        let (Some(reference), Some(last)) = (at(r, rn, leap_r), at(r - d, ln, leap_l)) else {
            return Ok(());
        };
        prop_assert_eq!(Ages::from(reference).of(last), age_days(last, reference));
    }
}
