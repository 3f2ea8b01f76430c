//! The session: everything the app knows, with no web dependencies. Commands
//! go in ([`Session::apply`], which says whether anything changed); the view
//! of the selected report is derived after each command, its rows kept
//! between commands on an explicit key (report, data version, reference,
//! threshold). The page draws it and sends commands; tests drive it natively
//! with command sequences (`tests/session.rs`).
//!
//! ```
//! use lastaccessed::report::sample;
//! use lastaccessed::session::{Changed, Command, Parsed, Session};
//! let mut s = Session::new(chrono::Utc::now());
//! let (name, bytes) = sample::FILES[0];
//! s.apply(Command::Queue { id: 1, name: name.into(), size: bytes.len() });
//! let result = lastaccessed::report::input::parse_file(name, bytes);
//! s.apply(Command::Parsed(vec![Parsed { id: 1, name: name.into(), result }]));
//! assert_eq!(s.reports.len(), 1);
//! assert_eq!(s.apply(Command::SetThreshold(90)), Changed::Unchanged);
//! ```

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::report::analyzer::{Analyzer, AnalyzerView};
use crate::report::authz::{account_of, identity_center_role, same_principal, Authz, Held};
use crate::report::catalog::catalog;
use crate::report::chart::{buckets_of, Bucket, BucketCount, Coverage};
use crate::report::compare::{compare_rows, Comparison};
use crate::report::error::NoticeKind;
use crate::report::filter::{regions, ActionIndex, Filter};
use crate::report::fleet::{ChangeCounts, Fleet, FleetColumn, FleetFilter, FleetRow};
use crate::report::granted::{
    boundary_reach, policies_of, ActionSet, GrantedView, PolicyRisk, RiskyGrants,
};
use crate::report::input::{Loaded, Sourced};
use crate::report::matrix::{Cell, Matrix, MatrixSort, MAX_COLUMNS};
use crate::report::merge::merge_all;
use crate::report::model::Kind;
use crate::report::plan::{
    cached, plan_principal_cached, plan_principals, PlanCache, PlanView, PrincipalPlan,
};
use crate::report::policy::{
    organizations, own_thresholds_note, suggestions_with, ItsBoundary, OtherAccounts, Suggestions,
};
use crate::report::report::{default_labels, user_label, EntityGroup, JobKey, Report};
use crate::report::rewrite::{unproven, Evidence, Young};
use crate::report::share::{decode_data, decode_fragment, encode_fragment, ViewState};
use crate::report::staleness::Status;
use crate::report::staleness::{
    observed_days, old_report_note, proves_unused, reference_time, service_threshold_days,
    threshold_namespace, DEFAULT_THRESHOLD_DAYS, MAX_THRESHOLD_DAYS,
};
use crate::report::table::{
    action_rows_with, rows_at, service_rows_with, service_statuses, sort_service_order,
    threshold_of, ActionColumn, ActionRanks, ActionRow, Direction, ServiceColumn, ServiceRow, Sort,
    Staleness, Tally,
};
use crate::report::{Error, Notice, ReferenceMode};

pub mod engine;
pub mod protocol;
pub mod trusted;

/// Action rows from which a report's least-privilege suggestions are made
/// after its first view is sent, not before: at 200 000 actions they take
/// 45 ms in the engine worker and are a megabyte to send, for a panel at
/// the bottom of the page.
pub const DEFER_SUGGESTIONS_AT: usize = 20_000;

/// What the engine searches while idle, once a report's rows are made: one
/// letter and two, as a search begins (one word finder each), so that the
/// user's first keystrokes run optimized code (see `Rows::warm_next`); and
/// again with other letters, a step later each: the browser makes the
/// optimized code in the background, and the second round runs it. With
/// one round, the first "d" typed at 200 000 rows had its answer in at
/// 4.9-15 ms (median 13, seven loads); with two, 5.2-15 (median 7.1).
pub const WARM_SEARCHES: [&str; 4] = ["e", "es", "a", "an"];

/// Matrix cells (principals × services) from which a matrix made for new
/// data follows the view, as the suggestions do: it is drawn last, and at
/// 50 principals × 400 services it is 70 % of the first snapshot.
pub const DEFER_MATRIX_AT: usize = 5_000;

/// Whether a command changed the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    Changed,
    Unchanged,
}

/// A parsed file, as the parser answers (also the parse worker's answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    pub id: u64,
    pub name: String,
    pub result: Result<Loaded, Error>,
}

/// Everything the app knows: files, reports, labels, selection, threshold
/// and reference, sorts, filters, messages, pending files, and the view
/// derived from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// Every file loaded so far (shared: adding one copies no data).
    pub files: Rc<Vec<Rc<Loaded>>>,
    /// Files that failed, with why. Loaded data stays when a file fails.
    pub errors: Vec<Error>,
    /// Files being parsed.
    pub pending: Vec<Pending>,
    /// Ids of pending files that are the bundled sample.
    pub sample_pending: BTreeSet<u64>,
    /// Names of loaded files that are the bundled sample: its reports are
    /// marked as the sample everywhere, and dropped when real files arrive.
    pub sample_files: BTreeSet<String>,
    /// Notes of the app itself (not about a file or a report).
    pub app_notices: Vec<Notice>,
    /// Message texts the user dismissed (notices are derived from the data).
    pub dismissed: BTreeSet<String>,
    /// Pastes so far, to name each one ("pasted text 2").
    pub pastes: usize,
    /// Reports merged from `pages`, newest first.
    pub reports: Rc<Vec<Report>>,
    /// The account's authorization details, merged from every file.
    pub authz: Rc<Authz>,
    /// IAM Access Analyzer findings and recommendations, merged.
    pub analyzer: Rc<Analyzer>,
    /// User-edited labels by report id.
    pub labels: BTreeMap<String, String>,
    /// Bumped on every merge and on Clear, never reset: what derived parts
    /// of the data are keyed on.
    pub data_version: u64,
    /// Default labels of `reports`, in order (made once per merge).
    pub default_labels: Rc<Vec<String>>,
    /// Id of the report on screen.
    pub selected_report: Option<String>,
    /// The report on screen was chosen during the load still going on
    /// (it appeared in it, or the user picked it): reports that appear
    /// later in the same load do not take its place. Hundreds of files
    /// bring dozens of reports, and the page would otherwise show (and draw
    /// whole) each new one in turn.
    chosen_in_load: bool,
    pub threshold_days: u32,
    /// Services judged by their own threshold (lower-case namespace → days).
    pub service_thresholds: BTreeMap<String, u32>,
    pub reference: ReferenceMode,
    /// "Now" as last read from the clock by the UI.
    pub now: DateTime<Utc>,
    pub service_sort: Sort<ServiceColumn>,
    pub action_sort: Sort<ActionColumn>,
    /// Namespace whose actions are shown; `None` shows all actions.
    pub selected_service: Option<String>,
    pub filter: Filter,
    pub matrix_sort: MatrixSort,
    /// Every report side by side, when more than one is loaded.
    pub matrix: Option<Rc<Matrix>>,
    /// What `matrix` was built from.
    matrix_key: Option<MatrixKey>,
    /// The matrix still to build when only its columns changed (the fleet
    /// sorted or filtered: the matrix compares its first rows as shown).
    /// Built by [`Session::catch_up`], so that the fleet's answer does not
    /// wait for hundreds of principals' columns; until then `matrix` is the
    /// one before.
    matrix_due: Option<MatrixKey>,
    /// One row per principal report, when more than one is loaded.
    pub fleet: Option<Rc<Fleet>>,
    /// What `fleet` was built from (the matrix's key, its sort aside).
    fleet_key: Option<MatrixKey>,
    /// What plans read (each principal's evidence, each shared policy's),
    /// kept while the data and its ageing stay: each principal's view and
    /// the account's plans read it rather than every holder again.
    plan_cache: CacheCell<PlanKey, Rc<PlanCache>>,
    /// Each principal's [`FleetGrants`], and each managed policy's risky
    /// actions (by ARN), for the data they were read from.
    fleet_grants: CacheCell<u64, Rc<FleetGrantsRead>>,
    pub fleet_sort: Sort<FleetColumn>,
    pub fleet_filter: FleetFilter,
    /// The fleet's rows as shown: filtered and sorted indices.
    pub fleet_order: Rc<Vec<usize>>,
    /// Rows of the selected report, kept between actions.
    pub rows: Option<Rc<Rows>>,
    filtered: Option<Rc<Filtered>>,
    /// The data part of the share link this page was opened from, kept in
    /// the URL so a reload shows the same reports.
    pub shared_data: Option<String>,
    /// Derived from the fields above by `refresh`.
    pub view: Option<Rc<View>>,
}

/// What plans' evidence depends on: the data and everything that ages a
/// report (reference, now, threshold, each service's own).
type PlanKey = (
    u64,
    ReferenceMode,
    DateTime<Utc>,
    u32,
    BTreeMap<String, u32>,
);

/// A value made for a key, kept until the key changes. A cache, not state:
/// two sessions are equal whatever theirs hold, and a copy of a session
/// starts without one.
struct CacheCell<K, V>(RefCell<Option<(K, V)>>);

impl<K: PartialEq, V: Clone> CacheCell<K, V> {
    /// The value for `key`: the one kept, or a new one from `make`.
    fn get(&self, key: K, make: impl FnOnce() -> V) -> V {
        let mut cell = self.0.borrow_mut();
        match &*cell {
            Some((k, v)) if *k == key => v.clone(),
            _ => {
                let v = make();
                *cell = Some((key, v.clone()));
                v
            }
        }
    }
}

impl<K, V> Default for CacheCell<K, V> {
    fn default() -> Self {
        CacheCell(RefCell::new(None))
    }
}

impl<K, V> Clone for CacheCell<K, V> {
    fn clone(&self) -> Self {
        CacheCell::default()
    }
}

impl<K, V> PartialEq for CacheCell<K, V> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<K, V> std::fmt::Debug for CacheCell<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheCell")
    }
}

/// What a principal's policies grant that the fleet shows, for any ageing:
/// its Write and Permissions management actions per service, capped by its
/// permissions boundary where the details hold the boundary's document
/// (`None`: the authorization details do not hold the principal), when its
/// role was last used, when it was created, and its permissions boundary's
/// ARN with whether the first is counted within it.
type FleetGrants = (
    Option<RiskyGrants>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<(String, bool)>,
);
/// What the fleet read from the authorization details for one version of
/// the data: each principal's [`FleetGrants`], each managed policy's risky
/// actions by ARN (its document is the same for every holder).
#[derive(Default)]
struct FleetGrantsRead {
    principals: RefCell<HashMap<String, Rc<FleetGrants>>>,
    managed: RefCell<HashMap<String, Rc<PolicyRisk>>>,
    /// Each permissions boundary's [`boundary_reach`], by ARN.
    boundaries: RefCell<HashMap<String, Rc<ActionSet>>>,
}

/// What the matrix depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct MatrixKey {
    data: u64,
    labels: BTreeMap<String, String>,
    sample: BTreeSet<String>,
    reference: ReferenceMode,
    now: DateTime<Utc>,
    threshold_days: u32,
    overrides: BTreeMap<String, u32>,
    sort: MatrixSort,
    /// Report ids of the columns, when fewer than all (see `MAX_COLUMNS`).
    columns: Vec<String>,
}

/// What the rows of a report depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowsKey {
    report: String,
    /// The data version: a report can grow when pages are added (or lose
    /// the sample's), whatever the number of files.
    data: u64,
    reference: DateTime<Utc>,
    threshold_days: u32,
    overrides: BTreeMap<String, u32>,
    /// Now: what a report old by then says ([`old_report_note`]).
    now: DateTime<Utc>,
}

/// Every row of the selected report, and what derives from the rows alone.
#[derive(Clone, Debug)]
pub struct Rows {
    key: RowsKey,
    report: Rc<Report>,
    services: Rc<Vec<ServiceRow>>,
    actions: Rc<Vec<ActionRow>>,
    service_tally: Tally,
    action_tally: Tally,
    coverage: Coverage,
    regions: Vec<String>,
    /// Made with the rows, or for a large report once its first view is
    /// sent ([`Session::catch_up`]).
    suggestions: std::cell::OnceCell<Rc<Suggestions>>,
    /// For a role IAM Identity Center provisions: what its permission set's
    /// roles in the other loaded accounts used (the suggestions read it).
    others: Option<OtherAccounts>,
    /// Its principal is younger than some services' thresholds: those are
    /// not proven unused (neither denied nor taken out of its policies).
    young: Option<Young>,
    /// Its report is old ([`old_report_note`]): said by the plan and each
    /// suggestion.
    old: Option<String>,
    /// Its principal as the authorization details name it (with its IAM
    /// path, where its files named it without), for the suggestions.
    principal: Option<String>,
    /// Its permissions boundary, by the authorization details: the boundary
    /// suggestions replace it.
    boundary: ItsBoundary,
    granted: Option<Rc<GrantedView>>,
    plan: Option<Rc<PlanView>>,
    /// Each action column's order, made on its first sort.
    ranks: [std::cell::OnceCell<ActionRanks>; 6],
    /// What the filter reads of each action row, made on the first search.
    index: std::cell::OnceCell<ActionIndex>,
    /// Searches run while idle (see `warm_next`).
    searched: std::cell::Cell<usize>,
    /// The chart's bars with nothing filtered (made once: a cleared search
    /// then reads no row again).
    all_bars: std::cell::OnceCell<Vec<(Bucket, BucketCount)>>,
}

/// What the filter and the selected service leave of a report's rows
/// (kept while only a sort changes).
#[derive(Clone, Debug)]
struct Filtered {
    key: (RowsKey, Filter, Option<String>),
    /// Indices of the services shown, in row order.
    services: Vec<u32>,
    /// The action rows shown, in row order.
    actions: Vec<u32>,
    /// Actions matching the filter, before narrowing to a selected service.
    shown_actions: usize,
    bars: Vec<(Bucket, BucketCount)>,
}

/// Rows are made from their key alone (the session reuses them while the
/// key is the same), so rows with one key are equal: every row, and the
/// orders and index made so far (which change nothing shown), are not
/// compared again after every command (1.8 ms at 200 000 rows natively).
impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || self.key == other.key
    }
}

/// Made from its key alone, as [`Rows`] are.
impl PartialEq for Filtered {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || self.key == other.key
    }
}

/// Whether `report`'s principal is younger than some of its services'
/// thresholds, by the authorization details, and did not use something
/// of them (see [`Young`]).
fn young(
    authz: &Authz,
    report: &Report,
    (services, actions): (&[ServiceRow], &[ActionRow]),
    threshold_days: u32,
    overrides: &BTreeMap<String, u32>,
) -> Option<Young> {
    let days = observed_days(authz.created(report.principal.as_deref()?), report)?;
    Young::of(days, services, actions, &|ns| {
        threshold_of(overrides, ns, threshold_days)
    })
}

/// What the authorization details say of a principal's permissions
/// boundary (`held`: what they hold of it).
fn its_boundary(authz: &Authz, held: Option<Held>) -> ItsBoundary {
    let Some(held) = held else {
        return ItsBoundary::Unknown;
    };
    match held.boundary {
        Some(arn) => ItsBoundary::Policy {
            arn: arn.to_string(),
            document: authz
                .policy(arn)
                .and_then(|m| m.document())
                .map(|d| d.0.clone()),
        },
        None => ItsBoundary::None,
    }
}

/// What a report's rows prove, without what its principal is too young
/// for, and saying so when the report is old ([`old_report_note`]).
fn evidence_from(
    (services, actions): (&[ServiceRow], &[ActionRow]),
    (threshold_days, overrides): (u32, &BTreeMap<String, u32>),
    young: Option<&Young>,
    old: Option<&String>,
) -> Evidence {
    let mut evidence =
        Evidence::from_rows(services, actions, threshold_days).with_service_thresholds(overrides);
    if let Some(y) = young {
        evidence = evidence.young(y);
    }
    evidence.notes.extend(old.cloned());
    evidence
}

/// A report whose rows are built, and its evidence from them.
type Built<'a> = Option<(&'a JobKey, &'a dyn Fn() -> Evidence)>;

impl Rows {
    fn build(
        key: RowsKey,
        report: &Report,
        st: Staleness,
        // The authorization details, and what its principal's permissions
        // boundary lets through ([`Session::boundary_cap`]).
        (authz, cap): (&Authz, Option<&ActionSet>),
        evidence_of: &dyn Fn(&str, Built) -> Option<Evidence>,
        // The loaded principals, and what plans read (the session's).
        (loaded, plans): (&[&str], &PlanCache),
        others: Option<OtherAccounts>,
    ) -> Self {
        let services = service_rows_with(report, st, &key.overrides);
        let actions = action_rows_with(report, st, &key.overrides);
        let young = young(
            authz,
            report,
            (&services, &actions),
            st.threshold_days,
            &key.overrides,
        );
        let old = old_report_note(report.ended(), key.now);
        // This report's evidence, from the rows just built (not built again).
        let own = || {
            evidence_from(
                (&services, &actions),
                (st.threshold_days, &key.overrides),
                young.as_ref(),
                old.as_ref(),
            )
        };
        let (granted, plan) = match (&report.principal, authz.pages) {
            (Some(p), 1..) => (
                Some(Rc::new({
                    let view =
                        GrantedView::of(catalog(), authz, p, cap, report.completed, &services);
                    match &young {
                        Some(y) => view.young(y),
                        None => view,
                    }
                })),
                plan_principal_cached(
                    catalog(),
                    authz,
                    loaded,
                    p,
                    &|arn| evidence_of(arn, Some((&report.key, &own))),
                    plans,
                )
                .map(|plan| Rc::new(PlanView::of(plan))),
            ),
            _ => (None, None),
        };
        let held = report.principal.as_deref().and_then(|p| authz.held(p));
        let principal = held
            .map(|h| h.arn.to_string())
            .or_else(|| report.principal.clone());
        let boundary = its_boundary(authz, held);
        let rows = Rows {
            key,
            granted,
            plan,
            principal,
            boundary,
            report: Rc::new(report.clone()),
            service_tally: Tally::of(services.iter().map(|r| r.status)),
            action_tally: Tally::of(actions.iter().map(|r| r.status)),
            coverage: Coverage::of(&services, st.threshold_days),
            regions: regions(&services, &actions).into_keys().collect(),
            suggestions: Default::default(),
            others,
            young,
            old,
            services: Rc::new(services),
            actions: Rc::new(actions),
            ranks: Default::default(),
            index: Default::default(),
            searched: Default::default(),
            all_bars: Default::default(),
        };
        if rows.actions.len() < DEFER_SUGGESTIONS_AT {
            rows.suggestions();
        }
        rows
    }

    /// The report these rows are of (its [`JobKey::id`]).
    pub fn report_id(&self) -> &str {
        &self.key.report
    }

    /// The principal these rows are of, as the authorization details name
    /// it when they hold it (with its IAM path).
    pub fn principal(&self) -> Option<&str> {
        self.principal.as_deref()
    }

    /// The least-privilege suggestions, made on first use.
    pub fn suggestions(&self) -> Rc<Suggestions> {
        self.suggestions
            .get_or_init(|| {
                let mut all = match self.report.kind() {
                    Kind::Organizations => organizations(
                        &self.services,
                        self.key.threshold_days,
                        self.report.org_target.as_ref(),
                    ),
                    Kind::ServiceLastAccessed => suggestions_with(
                        &self.services,
                        &self.actions,
                        self.key.threshold_days,
                        self.principal.as_deref(),
                        self.others.as_ref(),
                        self.young.as_ref(),
                        &self.boundary,
                    ),
                };
                let own = own_thresholds_note(
                    &self.key.overrides,
                    self.key.threshold_days,
                    self.services.iter().map(|r| r.namespace.as_str()),
                );
                all.notes.extend(self.old.clone());
                all.notes.extend(own);
                Rc::new(all)
            })
            .clone()
    }

    /// Make one action column's order not made yet (each costs a sort of
    /// every row; the user's first click on that column then does not);
    /// false when all are made.
    fn warm_next(&self) -> bool {
        if self.index.get().is_none() {
            self.index();
            return true;
        }
        let cols = <ActionColumn as crate::report::id::Id>::ALL;
        match cols
            .iter()
            .zip(&self.ranks)
            .find(|(_, r)| r.get().is_none())
        {
            Some((c, r)) => {
                r.get_or_init(|| ActionRanks::of(&self.actions, *c));
                true
            }
            // A search as the user's first keystrokes make: a browser
            // optimizes WebAssembly only once it has run a while (a function
            // in the middle of a call finishes in the unoptimized code), so
            // the code a keystroke runs is run first here, its matches and
            // both ways of sorting them included. Traced, the first "d" of
            // a search took 14-24 ms in the engine and the next 5-8 ms.
            None if self.searched.get() < WARM_SEARCHES.len() => {
                let at = self.searched.replace(self.searched.get() + 1);
                let f = Filter {
                    text: WARM_SEARCHES[at].into(),
                    ..Filter::default()
                };
                let mut many = self.filter(&f, None).actions;
                // Most of the rows (picked out of the column's order) and a
                // few (their ranks sorted).
                let mut few: Vec<u32> = many.iter().step_by(16).copied().collect();
                let sort = Sort {
                    column: ActionColumn::LastAccessed,
                    direction: Direction::Descending,
                };
                self.sort_actions(&mut many, sort);
                self.sort_actions(&mut few, sort);
                std::hint::black_box((many, few));
                true
            }
            None => false,
        }
    }

    fn index(&self) -> &ActionIndex {
        self.index.get_or_init(|| ActionIndex::of(&self.actions))
    }

    /// `shown` action rows sorted as the table asks.
    fn sort_actions(&self, shown: &mut [u32], sort: Sort<ActionColumn>) {
        let at = <ActionColumn as crate::report::id::Id>::ALL
            .iter()
            .position(|c| *c == sort.column)
            .unwrap_or(0);
        self.ranks[at]
            .get_or_init(|| ActionRanks::of(&self.actions, sort.column))
            .sort(shown, sort.direction);
    }

    fn filter(&self, f: &Filter, selected_service: Option<&str>) -> Filtered {
        // Actions stay in the shared rows; what is shown is an order of indices.
        // No filter (a report just shown): every row, without the search
        // index, which is made while idle (`warm_next`) for the first search.
        let (services, mut order, bars) = if f.is_empty() {
            let services: Vec<u32> = (0..self.services.len() as u32).collect();
            let bars = self
                .all_bars
                .get_or_init(|| {
                    buckets_of(
                        &self.services_at(&services),
                        self.actions.iter().map(|a| Bucket::of(a.age_days)),
                    )
                })
                .clone();
            (services, (0..self.actions.len() as u32).collect(), bars)
        } else {
            self.filtered_by(f)
        };
        let shown_actions = order.len();
        if let Some(ns) = selected_service {
            order.retain(|&i| self.actions[i as usize].namespace() == ns);
        }
        Filtered {
            key: (
                self.key.clone(),
                f.clone(),
                selected_service.map(str::to_string),
            ),
            services,
            actions: order,
            shown_actions,
            bars,
        }
    }

    fn services_at(&self, places: &[u32]) -> Vec<&ServiceRow> {
        rows_at(&self.services, places).collect()
    }

    /// What a filter that is not empty shows (services, actions, in row
    /// order), and the chart's bars.
    fn filtered_by(&self, f: &Filter) -> (Vec<u32>, Vec<u32>, Vec<(Bucket, BucketCount)>) {
        let index = self.index();
        let (services, order) = f.apply_indexed(index, &self.services, &self.actions);
        // The chart keeps its overview under a bucket filter: its bars count
        // what the other filters show, and the chosen bar is marked.
        let bars = if f.bucket.is_some() {
            let overview = Filter {
                bucket: None,
                ..f.clone()
            };
            let (s, o) = overview.apply_indexed(index, &self.services, &self.actions);
            buckets_of(&self.services_at(&s), index.buckets(&o))
        } else {
            buckets_of(&self.services_at(&services), index.buckets(&order))
        };
        (services, order, bars)
    }
}

/// A file being parsed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub id: u64,
    pub name: String,
    /// Its size in bytes; 0 while the page has not read it yet.
    pub size: usize,
}

/// What the screen shows for the selected report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    pub report: Rc<Report>,
    pub label: String,
    pub reference: DateTime<Utc>,
    pub staleness: Staleness,
    /// Services used within the threshold, of all granted.
    pub coverage: Coverage,
    /// Regions present, for the Region filter.
    pub regions: Vec<String>,
    /// The least-privilege suggestions, one per shape; `None` while they
    /// are made (a large report's, after its first view: see
    /// [`Session::catch_up`]).
    pub suggestions: Option<Rc<Suggestions>>,
    /// The principal's policies against its report (with authorization details).
    pub granted: Option<Rc<GrantedView>>,
    /// What each of its policies should become.
    pub plan: Option<Rc<PlanView>>,
    /// Against another report of the same principal, when one is loaded.
    pub compare: Option<Rc<Comparison>>,
    /// IAM Access Analyzer's findings about the principal.
    pub analyzer: Option<Rc<AnalyzerView>>,
    /// Every service row, unfiltered (for "export all").
    pub all_services: Rc<Vec<ServiceRow>>,
    /// Every action row, unfiltered; the table shows `action_order` of them.
    pub actions_all: Rc<Vec<ActionRow>>,
    /// The actions shown, as indices into `actions_all`: filtered, narrowed
    /// to the selected service, sorted.
    pub action_order: Rc<Vec<u32>>,
    /// Actions matching the filter (before narrowing to a selected service).
    pub shown_actions: usize,
    /// Age chart bars for what the filter shows.
    pub bars: Vec<(Bucket, BucketCount)>,
    /// The services shown, as indices into `all_services`: filtered, sorted.
    pub service_order: Rc<Vec<u32>>,
    pub service_tally: Tally,
    pub action_tally: Tally,
}

impl View {
    /// The services shown, in their order.
    pub fn services(&self) -> impl Iterator<Item = &ServiceRow> {
        rows_at(&self.all_services, &self.service_order)
    }
}

/// What can happen to a session. The page sends these (serialised); the
/// ones carrying parsed data are the engine's own and never cross.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Command {
    /// A file (or pasted text) is being parsed (a file of [`Command::Reading`]:
    /// its size is now known).
    Queue {
        id: u64,
        name: String,
        size: usize,
    },
    /// Files chosen (id, name, size: 0 when not asked yet): pending from now
    /// on, while the page reads them (each then comes as a `Queue`, or as
    /// `Unreadable`), so that no file is out of sight between its choice and
    /// its parse.
    Reading(Vec<(u64, String, usize)>),
    /// A file of [`Command::Reading`] could not be read, or was refused unread.
    Unreadable {
        id: u64,
        error: Error,
    },
    /// Stop waiting for a file.
    Cancel(u64),
    /// These pending files are the bundled sample.
    QueueSample(Vec<u64>),
    /// Dismiss every error and these notices.
    DismissAll(Vec<String>),
    /// Dismiss one notice (by its text).
    DismissNotice(String),
    /// Text was pasted (counts pastes, to name them).
    Pasted,
    /// A file could not be read, or was refused unread.
    ReadFailed(Error),
    Clear,
    SetThreshold(u32),
    SetReference {
        mode: ReferenceMode,
        #[serde(with = "crate::report::time::wire")]
        now: DateTime<Utc>,
    },
    SortServices(ServiceColumn),
    SortActions(ActionColumn),
    SelectService(Option<String>),
    SelectReport(String),
    /// Open a report at a service (a matrix cell).
    OpenAt {
        id: String,
        namespace: String,
    },
    RenameReport {
        id: String,
        label: String,
    },
    SetSearch(String),
    ToggleStatus(Status),
    SetBucket(Option<Bucket>),
    SetRegion(Option<String>),
    SetOnlyWithActions(bool),
    ClearFilters,
    SortMatrix(Option<usize>),
    SortFleet(FleetColumn),
    SetFleetFilter(FleetFilter),
    /// A service's own threshold (`None`: back to the report's).
    SetServiceThreshold {
        namespace: String,
        days: Option<u32>,
    },
    DismissError(usize),
    // The engine's own (never sent by the page): last, so the page's
    // variants keep the same index on both sides of the wire.
    /// Files were parsed (each ignored when its loading was cancelled).
    #[serde(skip)]
    Parsed(Vec<Parsed>),
    /// Open a share link: its reports (if any) and its view.
    #[serde(skip)]
    OpenShared {
        loaded: Option<Loaded>,
        view: ViewState,
    },
    /// The fragment changed (typed, or back/forward): show that view.
    #[serde(skip)]
    ApplyView(ViewState),
}

impl Session {
    pub fn new(now: DateTime<Utc>) -> Self {
        Session {
            files: Rc::default(),
            errors: Vec::new(),
            pending: Vec::new(),
            sample_pending: BTreeSet::new(),
            sample_files: BTreeSet::new(),
            app_notices: Vec::new(),
            dismissed: BTreeSet::new(),
            pastes: 0,
            reports: Rc::default(),
            authz: Rc::default(),
            analyzer: Rc::default(),
            labels: BTreeMap::new(),
            default_labels: Rc::default(),
            data_version: 0,
            selected_report: None,
            chosen_in_load: false,
            threshold_days: DEFAULT_THRESHOLD_DAYS,
            service_thresholds: BTreeMap::new(),
            reference: ReferenceMode::ReportDate,
            now,
            service_sort: Sort {
                column: ServiceColumn::LastAccessed,
                direction: Direction::Ascending,
            },
            action_sort: Sort {
                column: ActionColumn::LastAccessed,
                direction: Direction::Ascending,
            },
            selected_service: None,
            filter: Filter::default(),
            matrix_sort: MatrixSort {
                column: None,
                direction: Direction::Ascending,
            },
            matrix: None,
            matrix_key: None,
            matrix_due: None,
            fleet: None,
            fleet_key: None,
            plan_cache: CacheCell::default(),
            fleet_grants: CacheCell::default(),
            // Unused principals first: the fewest services used.
            fleet_sort: Sort {
                column: FleetColumn::Used,
                direction: Direction::Ascending,
            },
            fleet_filter: FleetFilter::default(),
            fleet_order: Rc::default(),
            shared_data: None,
            rows: None,
            filtered: None,
            view: None,
        }
    }

    /// The view as a share link records it: only what differs from the defaults.
    pub fn view_state(&self) -> ViewState {
        let defaults = Session::new(self.now);
        let report = self
            .selected_report
            .as_ref()
            .and_then(|id| self.reports.iter().position(|r| &r.key.id() == id))
            .filter(|i| *i > 0);
        ViewState {
            report,
            threshold_days: (self.threshold_days != defaults.threshold_days)
                .then_some(self.threshold_days),
            reference: (self.reference != defaults.reference).then_some(self.reference),
            service_sort: (self.service_sort != defaults.service_sort).then_some(self.service_sort),
            action_sort: (self.action_sort != defaults.action_sort).then_some(self.action_sort),
            filter: self.filter.clone(),
            service: self.selected_service.clone(),
            labels: self
                .reports
                .iter()
                .enumerate()
                .filter_map(|(i, r)| self.labels.get(&r.key.id()).map(|l| (i, l.clone())))
                .collect(),
            service_thresholds: self.service_thresholds.clone(),
            data: self.shared_data.clone(),
        }
    }

    /// The URL fragment for the current view (empty when nothing is loaded).
    pub fn fragment(&self) -> String {
        if self.files.is_empty() {
            String::new()
        } else {
            encode_fragment(&self.view_state())
        }
    }

    fn apply_view(&mut self, v: ViewState) {
        let defaults = Session::new(self.now);
        self.threshold_days = v.threshold_days.unwrap_or(defaults.threshold_days);
        self.service_thresholds = v.service_thresholds;
        self.reference = v.reference.unwrap_or(defaults.reference);
        self.service_sort = v.service_sort.unwrap_or(defaults.service_sort);
        self.action_sort = v.action_sort.unwrap_or(defaults.action_sort);
        self.filter = v.filter;
        if let Some(r) = self.reports.get(v.report.unwrap_or(0)) {
            self.selected_report = Some(r.key.id());
        }
        // Labels apply to the reports loaded; a view opened before its data
        // keeps the ones it has.
        if !self.reports.is_empty() {
            self.labels = v
                .labels
                .iter()
                .filter_map(|(i, l)| self.reports.get(*i).map(|r| (r.key.id(), l.clone())))
                .collect();
        }
        self.selected_service = v.service;
    }

    /// Keep a parsed file (the caller merges), or its error. Whether a file was added.
    fn add(&mut self, parsed: Result<Loaded, Error>) -> bool {
        match parsed {
            Ok(mut new) => {
                // An archive's entries that could not be read are said
                // like files; the rest loads.
                self.errors.append(&mut new.errors);
                Rc::make_mut(&mut self.files).push(Rc::new(new));
                true
            }
            Err(e) => {
                self.errors.push(e);
                false
            }
        }
    }

    /// Merge all pages again. A report that just appeared is shown (the user
    /// just loaded it), unless one was already shown or chosen during the
    /// same load; otherwise the selection stays where it was.
    fn remerge(&mut self) {
        let reports = merge_all(self.files.iter().map(|f| &**f));
        let known = |id: &String| self.reports.iter().any(|r| &r.key.id() == id);
        let new_report = reports
            .iter()
            .map(|r| r.key.id())
            .find(|id| !known(id))
            .filter(|_| !self.chosen_in_load);
        let still_there = self
            .selected_report
            .as_ref()
            .is_some_and(|id| reports.iter().any(|r| &r.key.id() == id));
        let select = new_report.or_else(|| {
            if still_there {
                None
            } else {
                reports.first().map(|r| r.key.id())
            }
        });
        if let Some(id) = select {
            self.show(id, None);
        }
        self.default_labels = Rc::new(default_labels(&reports));
        self.authz = Rc::new(Authz::merge(
            self.files
                .iter()
                .flat_map(|f| f.authz.iter().map(|s| &s.page)),
        ));
        self.analyzer = Rc::new(Analyzer::merge(
            self.files
                .iter()
                .flat_map(|f| f.analyzer.iter().map(|s| &s.page)),
        ));
        self.data_version += 1;
        self.reports = Rc::new(reports);
    }

    /// Whether a report is (all) the bundled sample.
    pub fn is_sample(&self, report: &Report) -> bool {
        !report.files.is_empty() && report.files.iter().all(|f| self.sample_files.contains(f))
    }

    /// The one place labels are made: the user's label for a report, else
    /// its (disambiguated) default label; the sample is marked as such.
    pub fn label_of(&self, report: &Report) -> String {
        let id = report.key.id();
        let at = self.reports.iter().position(|r| r.key.id() == id);
        self.label_at(at, report)
    }

    /// The label of `report`, the `at`-th of `reports` (when it is one):
    /// callers going through the reports in order need no search.
    fn label_at(&self, at: Option<usize>, report: &Report) -> String {
        let label = self
            .labels
            .get(&report.key.id())
            .cloned()
            .unwrap_or_else(|| {
                at.and_then(|i| self.default_labels.get(i).cloned())
                    .unwrap_or_else(|| report.default_label())
            });
        if self.is_sample(report) {
            format!("Sample: {label}")
        } else {
            label
        }
    }

    /// Every report's id and label, in order (the switcher's options).
    pub fn report_options(&self) -> Vec<(String, String)> {
        self.reports
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.id(), self.label_at(Some(i), r)))
            .collect()
    }

    /// A file arrived: the sample's files are remembered as such; the first
    /// real file replaces the sample (with a note).
    fn arrived(&mut self, id: u64, name: &str, ok: bool) {
        if self.sample_pending.remove(&id) {
            self.sample_files.insert(name.to_string());
            return;
        }
        if ok && !self.sample_files.is_empty() {
            let sample = std::mem::take(&mut self.sample_files);
            // One file per `Loaded`: its documents all carry its name.
            let name = |f: &Loaded| {
                let pages = f.pages.iter().map(|p| &p.file);
                pages
                    .chain(f.entities.iter().map(|e| &e.file))
                    .next()
                    .cloned()
            };
            Rc::make_mut(&mut self.files).retain(|f| !name(f).is_some_and(|n| sample.contains(&n)));
            self.app_notices
                .push(Notice::new(NoticeKind::SampleRemoved));
        }
    }

    /// Show report `id` (at one service's actions, or all); a report shown
    /// while files are pending stays for the rest of that load.
    fn show(&mut self, id: String, service: Option<String>) {
        self.selected_report = Some(id);
        self.selected_service = service;
        self.chosen_in_load = !self.pending.is_empty();
    }

    /// Recompute the view from the state.
    fn refresh(&mut self) {
        let Some(report) = self
            .selected_report
            .as_ref()
            .and_then(|id| self.reports.iter().find(|r| &r.key.id() == id))
        else {
            self.view = None;
            return;
        };
        let st = Staleness {
            reference: reference_time(report, self.reference, self.now),
            threshold_days: self.threshold_days,
        };
        // Rows and what derives from them alone are rebuilt only when the data,
        // the report, the reference time or the threshold change — not on
        // every sort, filter or selection.
        let key = RowsKey {
            report: report.key.id(),
            data: self.data_version,
            reference: st.reference,
            threshold_days: st.threshold_days,
            overrides: self.service_thresholds.clone(),
            now: self.now,
        };
        let rows = match &self.rows {
            Some(r) if r.key == key => r.clone(),
            _ => Rc::new(Rows::build(
                key,
                report,
                st,
                (
                    &self.authz,
                    (report.principal.as_deref())
                        .and_then(|p| self.boundary_cap(p))
                        .as_deref(),
                ),
                &|arn, built| self.evidence_with(arn, built),
                (&self.loaded_principals(), &self.plan_cache()),
                self.other_accounts(report),
            )),
        };
        self.rows = Some(rows.clone());
        // What the filter leaves is kept while only a sort changes.
        let fkey = (
            rows.key.clone(),
            self.filter.clone(),
            self.selected_service.clone(),
        );
        let filtered = match &self.filtered {
            Some(f) if f.key == fkey => f.clone(),
            _ => Rc::new(rows.filter(&self.filter, self.selected_service.as_deref())),
        };
        self.filtered = Some(filtered.clone());
        let mut service_order = filtered.services.clone();
        sort_service_order(&rows.services, &mut service_order, self.service_sort);
        let mut order = filtered.actions.clone();
        rows.sort_actions(&mut order, self.action_sort);
        let shown_action_count = filtered.shown_actions;
        let bars = filtered.bars.clone();
        let compare = self.comparison(report, &rows.services).map(Rc::new);
        let analyzer = report
            .principal
            .as_deref()
            .and_then(|p| {
                AnalyzerView::of(
                    &self.analyzer,
                    p,
                    &rows.services,
                    &rows.actions,
                    &self.authz,
                )
            })
            .map(Rc::new);
        self.view = Some(Rc::new(View {
            compare,
            analyzer,
            label: self.label_of(report),
            report: rows.report.clone(),
            reference: st.reference,
            staleness: st,
            coverage: rows.coverage,
            regions: rows.regions.clone(),
            suggestions: rows.suggestions.get().cloned(),
            granted: rows.granted.clone(),
            plan: rows.plan.clone(),
            all_services: rows.services.clone(),
            actions_all: rows.actions.clone(),
            shown_actions: shown_action_count,
            service_order: Rc::new(service_order),
            action_order: Rc::new(order),
            bars,
            service_tally: rows.service_tally,
            action_tally: rows.action_tally,
        }));
        // The matrix depends on the data, labels, staleness and its sort, not
        // on the search or the selection: kept until one of those changes.
        let key = MatrixKey {
            data: self.data_version,
            labels: self.labels.clone(),
            sample: self.sample_files.clone(),
            reference: self.reference,
            now: self.now,
            threshold_days: self.threshold_days,
            overrides: self.service_thresholds.clone(),
            sort: self.matrix_sort,
            columns: Vec::new(),
        };
        // While files are still arriving the matrix waits (it is rebuilt once
        // they are all in): a thousand files would otherwise rebuild it per batch.
        let loading = !self.pending.is_empty() && self.matrix.is_some();
        let fleet_key = MatrixKey {
            sort: MatrixSort {
                column: None,
                direction: Direction::Ascending,
            },
            columns: Vec::new(),
            ..key.clone()
        };
        let fleet_loading = !self.pending.is_empty() && self.fleet.is_some();
        if self.fleet_key.as_ref() != Some(&fleet_key) && !fleet_loading {
            self.fleet = (self.reports.iter().filter(|r| in_matrix(r)).count() > 1)
                .then(|| Rc::new(self.build_fleet()));
            self.fleet_key = Some(fleet_key);
        }
        let order = self
            .fleet
            .as_ref()
            .map(|f| f.order(&self.fleet_filter, self.fleet_sort))
            .unwrap_or_default();
        if *self.fleet_order != order {
            self.fleet_order = Rc::new(order);
        }
        // The matrix compares the fleet's rows as shown, at most MAX_COLUMNS
        // (every principal report while there are few).
        let columns: Vec<String> = match &self.fleet {
            Some(f) if f.rows.len() > MAX_COLUMNS => self
                .fleet_order
                .iter()
                .take(MAX_COLUMNS)
                .map(|&i| f.rows[i].id.clone())
                .collect(),
            _ => Vec::new(),
        };
        let key = MatrixKey { columns, ..key };
        if self.matrix_key.as_ref() == Some(&key) {
            self.matrix_due = None;
        } else if !loading {
            let only_columns = self.matrix.is_some()
                && self.matrix_key.as_ref().is_some_and(|k| {
                    MatrixKey {
                        columns: key.columns.clone(),
                        ..k.clone()
                    } == key
                });
            if only_columns || self.matrix_cells() >= DEFER_MATRIX_AT {
                self.matrix_due = Some(key);
            } else {
                self.build_matrix_for(key);
            }
        }
    }

    fn build_matrix_for(&mut self, key: MatrixKey) {
        self.matrix = (self.reports.iter().filter(|r| in_matrix(r)).count() > 1)
            .then(|| Rc::new(self.build_matrix(&key.columns)));
        self.matrix_key = Some(key);
        self.matrix_due = None;
    }

    /// The fleet: a row per principal report, with its policies' unused
    /// Write and Permissions management access when the details hold it.
    /// The fleet of every principal report loaded (as the app builds it,
    /// whatever their number; the command line's checks read it).
    pub fn build_fleet(&self) -> Fleet {
        // One row per principal: its newest report, and how it changed since
        // the one before (reports that name no principal stay one each).
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for (i, r) in self
            .reports
            .iter()
            .enumerate()
            .filter(|(_, r)| in_matrix(r))
        {
            let key = match &r.principal {
                Some(p) => crate::report::authz::principal_key(p).unwrap_or_else(|| p.clone()),
                None => format!("report:{}", r.key.id()),
            };
            let g = groups.entry(key.clone()).or_default();
            if g.is_empty() {
                order.push(key);
            }
            g.push(i);
        }
        let staleness = |r: &Report| Staleness {
            reference: reference_time(r, self.reference, self.now),
            threshold_days: self.threshold_days,
        };
        let rows = order
            .iter()
            .map(|key| {
                let mut g = groups[key].clone();
                // Newest first.
                g.sort_by_key(|&i| std::cmp::Reverse(self.reports[i].ended()));
                let (i, r) = (g[0], &self.reports[g[0]]);
                let mut row = FleetRow::new(
                    r.key.id(),
                    self.label_at(Some(i), r),
                    r.principal.clone(),
                    service_statuses(r, staleness(r), &self.service_thresholds),
                );
                row.incomplete = !r.complete;
                row.snapshots = g.len();
                // Whole rows only where a comparison or the policies need
                // them (most of an account's principals: neither).
                let rows = std::cell::OnceCell::new();
                let services = || {
                    rows.get_or_init(|| {
                        service_rows_with(r, staleness(r), &self.service_thresholds)
                    })
                };
                if let Some(&j) = g.get(1) {
                    let before = &self.reports[j];
                    let earlier =
                        service_rows_with(before, staleness(before), &self.service_thresholds);
                    row.changes = Some(ChangeCounts::of(&compare_rows(&earlier, services())));
                    row.earlier = before.ended();
                }
                if let (Some(p), false) = (&r.principal, self.analyzer.findings.is_empty()) {
                    row.analyzer = Some(self.analyzer.active(p));
                }
                if let (Some(p), true) = (&r.principal, self.authz.pages > 0) {
                    let (risky, last_used, created, boundary) = &*self.fleet_grants(p);
                    if let Some((arn, counted)) = boundary {
                        row.boundary = Some(arn.clone());
                        row.boundary_counted = *counted;
                    }
                    let days = observed_days(*created, r);
                    row.young = days.filter(|_| !proves_unused(days, self.threshold_days));
                    // Unused write access only in what its age can prove unused.
                    row.unused_risky = risky.as_ref().map(|g| {
                        let not_proven = unproven(
                            services().iter().map(|s| s.namespace.as_str()),
                            days,
                            &|ns| threshold_of(&self.service_thresholds, ns, self.threshold_days),
                        );
                        if not_proven.is_empty() {
                            return g.unused(services());
                        }
                        let proven: Vec<ServiceRow> = (services().iter())
                            .filter(|s| !not_proven.contains(&s.namespace.to_ascii_lowercase()))
                            .cloned()
                            .collect();
                        g.unused(&proven)
                    });
                    row.role_last_used = *last_used;
                }
                row
            })
            .collect();
        Fleet { rows }
    }

    /// The report on screen against the other loaded report of its
    /// principal closest in time (each aged from its own date).
    fn comparison(&self, report: &Report, services: &[ServiceRow]) -> Option<Comparison> {
        let p = report.principal.as_deref()?;
        let (i, other) = self
            .reports
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.key != report.key
                    && in_matrix(r)
                    && r.ended() != report.ended()
                    && r.principal.as_deref().is_some_and(|q| same_principal(p, q))
            })
            .min_by_key(|(_, r)| match (r.ended(), report.ended()) {
                (Some(a), Some(b)) => (a - b).num_seconds().abs(),
                _ => i64::MAX,
            })?;
        let st = Staleness {
            reference: reference_time(other, self.reference, self.now),
            threshold_days: self.threshold_days,
        };
        let theirs = service_rows_with(other, st, &self.service_thresholds);
        let shown_is_later = report.ended() > other.ended();
        let (earlier, later) = if shown_is_later {
            (&theirs[..], services)
        } else {
            (services, &theirs[..])
        };
        Some(Comparison {
            other_id: other.key.id(),
            other_label: self.label_at(Some(i), other),
            earlier: if shown_is_later {
                other.ended()
            } else {
                report.ended()
            },
            later: if shown_is_later {
                report.ended()
            } else {
                other.ended()
            },
            shown_is_later,
            rows: compare_rows(earlier, later),
        })
    }

    /// What a principal's newest loaded report says, aged as the view is
    /// (for rewriting the policies it shares with others).
    pub fn evidence_of(&self, arn: &str) -> Option<Evidence> {
        self.evidence_with(arn, None)
    }

    /// [`Session::evidence_of`], taking it from `built` (a report whose rows
    /// are at hand) when that is the report it would read.
    fn evidence_with(&self, arn: &str, built: Built) -> Option<Evidence> {
        let r = self.reports.iter().find(|r| {
            in_matrix(r)
                && r.principal
                    .as_deref()
                    .is_some_and(|p| same_principal(p, arn))
        })?;
        if let Some((_, own)) = built.filter(|(key, _)| **key == r.key) {
            return Some(own());
        }
        let st = Staleness {
            reference: reference_time(r, self.reference, self.now),
            threshold_days: self.threshold_days,
        };
        let services = service_rows_with(r, st, &self.service_thresholds);
        let actions = action_rows_with(r, st, &self.service_thresholds);
        let young = young(
            &self.authz,
            r,
            (&services, &actions),
            self.threshold_days,
            &self.service_thresholds,
        );
        Some(evidence_from(
            (&services, &actions),
            (self.threshold_days, &self.service_thresholds),
            young.as_ref(),
            old_report_note(r.ended(), self.now).as_ref(),
        ))
    }

    /// For a report on a role IAM Identity Center provisions: the loaded
    /// reports of its permission set's roles in other accounts, each aged
    /// as the view is, and the accounts where the loaded authorization
    /// details hold such a role without a report (`None` for any other
    /// report, or with neither).
    fn other_accounts(&self, report: &Report) -> Option<OtherAccounts> {
        let me = report.principal.as_deref()?;
        let set = identity_center_role(me)?;
        let account = |arn: &str| account_of(arn).unwrap_or_default().to_string();
        // The first report of each other account, as `evidence_of` reads.
        let mut seen = BTreeSet::new();
        let mut others = OtherAccounts::default();
        for r in self.reports.iter().filter(|r| in_matrix(r)) {
            let Some(p) = r.principal.as_deref() else {
                continue;
            };
            if identity_center_role(p) != Some(set)
                || same_principal(p, me)
                || account(p) == account(me)
                || !seen.insert(account(p))
            {
                continue;
            }
            let st = Staleness {
                reference: reference_time(r, self.reference, self.now),
                threshold_days: self.threshold_days,
            };
            others.add(
                &account(p),
                &service_rows_with(r, st, &self.service_thresholds),
                &action_rows_with(r, st, &self.service_thresholds),
            );
        }
        // Its roles the authorization details hold in accounts with no report.
        for role in &self.authz.roles {
            let a = account(&role.arn);
            if identity_center_role(&role.arn) == Some(set)
                && a != account(me)
                && !seen.contains(&a)
            {
                others.without_report(&a);
            }
        }
        (!others.is_empty()).then_some(others)
    }

    /// The plan of every loaded principal the authorization details hold
    /// (for the rewrite export and its scripts).
    pub fn plans(&self) -> Vec<PrincipalPlan> {
        self.plans_of(&self.loaded_principals())
    }

    /// The principals whose plans [`Session::plans`] reads, each once, in
    /// its order.
    pub fn planned_principals(&self) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
        self.loaded_principals()
            .into_iter()
            .filter(|p| seen.insert(*p))
            .map(str::to_string)
            .collect()
    }

    /// The plans of `principals` (some of [`Session::planned_principals`]),
    /// as [`Session::plans`] makes them.
    pub fn plans_of(&self, principals: &[&str]) -> Vec<PrincipalPlan> {
        plan_principals(
            catalog(),
            &self.authz,
            &self.loaded_principals(),
            principals,
            &|arn| self.evidence_of(arn),
            &self.plan_cache(),
        )
    }

    /// Read the evidence of `principals` (some of
    /// [`Session::planned_principals`]) for the plans made later with the
    /// data and ageing as they are now.
    pub fn read_evidence(&self, principals: &[&str]) {
        let cache = self.plan_cache();
        for p in principals {
            cache.evidence(p, &|arn| self.evidence_of(arn));
        }
    }

    /// What plans depend on, as it is now.
    fn plan_key(&self) -> PlanKey {
        (
            self.data_version,
            self.reference,
            self.now,
            self.threshold_days,
            self.service_thresholds.clone(),
        )
    }

    /// The plans' cache for the data and ageing as they are now (a new one
    /// when either changed).
    fn plan_cache(&self) -> Rc<PlanCache> {
        self.plan_cache.get(self.plan_key(), Rc::default)
    }

    /// What `principal`'s permissions boundary lets through
    /// ([`boundary_reach`]), when the details hold the boundary's document:
    /// read once per boundary for the data as it is (the fleet's count and
    /// granted vs used both cap unused write access by it).
    fn boundary_cap(&self, principal: &str) -> Option<Rc<ActionSet>> {
        let arn = self.authz.boundary_of(principal)?;
        let doc = self.authz.policy(arn)?.document()?;
        let read = self.fleet_grants.get(self.data_version, Rc::default);
        Some(cached(&read.boundaries, arn, || {
            Rc::new(boundary_reach(catalog(), &doc.0))
        }))
    }

    /// A principal's [`FleetGrants`]: read from the authorization details
    /// once for the data as it is (a new threshold reads none again).
    fn fleet_grants(&self, principal: &str) -> Rc<FleetGrants> {
        let read = self.fleet_grants.get(self.data_version, Rc::default);
        cached(&read.principals, principal, || {
            let held = self.authz.held(principal);
            let cap = self.boundary_cap(principal);
            let risky = policies_of(&self.authz, principal).map(|(policies, _)| {
                let sets: Vec<Rc<PolicyRisk>> = policies
                    .iter()
                    .map(|p| {
                        let read_one = || Rc::new(PolicyRisk::of(catalog(), p));
                        match &p.arn {
                            // A managed policy's document is the same for
                            // every principal that holds it.
                            Some(arn) => cached(&read.managed, arn.as_str(), read_one),
                            None => read_one(),
                        }
                    })
                    .collect();
                RiskyGrants::of_policies(&sets, cap.as_deref())
            });
            Rc::new((
                risky,
                held.and_then(|h| h.last_used),
                held.and_then(|h| h.created),
                held.and_then(|h| h.boundary)
                    .map(|b| (b.to_string(), cap.is_some())),
            ))
        })
    }

    /// The principals of the loaded reports (one entry per report).
    fn loaded_principals(&self) -> Vec<&str> {
        self.reports
            .iter()
            .filter(|r| in_matrix(r))
            .filter_map(|r| r.principal.as_deref())
            .collect()
    }

    /// Every report side by side, each aged by its own reference time.
    fn build_matrix(&self, only: &[String]) -> Matrix {
        let all = self.reports.iter().filter(|r| in_matrix(r)).count();
        let keep = |r: &Report| in_matrix(r) && (only.is_empty() || only.contains(&r.key.id()));
        let columns = self
            .reports
            .iter()
            .enumerate()
            .filter(|(_, r)| keep(r))
            .map(|(i, r)| {
                let st = Staleness {
                    reference: reference_time(r, self.reference, self.now),
                    threshold_days: self.threshold_days,
                };
                let cells = service_rows_with(r, st, &self.service_thresholds)
                    .into_iter()
                    .map(|x| {
                        let cell = Cell {
                            age_days: x.age_days,
                            status: x.status,
                        };
                        (x.namespace, x.name, cell)
                    })
                    .collect();
                (self.label_at(Some(i), r), cells)
            })
            .collect();
        let mut m = Matrix::from_columns(columns);
        m.ids = self
            .reports
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.key.id())
            .collect();
        m.omitted = all - m.ids.len();
        m.sort(self.matrix_sort);
        m
    }
}

impl Session {
    /// Work done ahead while nothing else is asked (the engine worker calls
    /// it between messages): one step; false when there is none left.
    /// It changes nothing the page sees, only how soon it sees it.
    pub fn idle(&mut self) -> bool {
        self.rows.as_ref().is_some_and(|r| r.warm_next())
    }

    /// About how many cells the matrix has: its principals (at most
    /// [`MAX_COLUMNS`]) times the most services one of them lists.
    fn matrix_cells(&self) -> usize {
        let principals = self.reports.iter().filter(|r| in_matrix(r));
        let services = principals
            .clone()
            .map(|r| r.services.len())
            .max()
            .unwrap_or(0);
        principals.count().min(MAX_COLUMNS) * services
    }

    /// Build everything left for later (what a caller that draws nothing
    /// needs: an export, the command line).
    pub fn settle(&mut self) {
        while self.catch_up() {}
    }

    /// Build what a command left for later (the matrix that follows the
    /// fleet's order, or a large report's; a large report's suggestions);
    /// false when nothing was due. Unlike [`Session::idle`]
    /// it changes what the page sees.
    pub fn catch_up(&mut self) -> bool {
        if let Some(key) = self.matrix_due.take() {
            self.build_matrix_for(key);
            return true;
        }
        match (&self.rows, &mut self.view) {
            (Some(rows), Some(view)) if view.suggestions.is_none() => {
                Rc::make_mut(view).suggestions = Some(rows.suggestions());
                true
            }
            _ => false,
        }
    }

    /// Apply a command. `Unchanged` when it changed nothing (the caller can
    /// keep what it drew).
    pub fn apply(&mut self, command: Command) -> Changed {
        let before = self.clone();
        let s = self;
        match command {
            Command::Queue { id, name, size } => match s.pending.iter_mut().find(|p| p.id == id) {
                Some(p) => p.size = size,
                None => s.pending.push(Pending { id, name, size }),
            },
            Command::Reading(files) => {
                s.pending
                    .extend(
                        files
                            .into_iter()
                            .map(|(id, name, size)| Pending { id, name, size }),
                    )
            }
            Command::Unreadable { id, error } => {
                s.pending.retain(|p| p.id != id);
                s.errors.push(error);
            }
            Command::Parsed(batch) => {
                let mut added = false;
                for resp in batch {
                    if let Some(i) = s.pending.iter().position(|p| p.id == resp.id) {
                        let p = s.pending.remove(i);
                        s.arrived(p.id, &p.name, resp.result.is_ok());
                        added |= s.add(resp.result);
                    }
                }
                // One merge for the whole batch.
                if added {
                    s.remerge();
                }
            }
            Command::QueueSample(ids) => s.sample_pending.extend(ids),
            Command::DismissAll(texts) => {
                s.errors.clear();
                s.app_notices.clear();
                s.dismissed.extend(texts);
            }
            Command::DismissNotice(text) => {
                s.app_notices.retain(|n| n.text() != text);
                s.dismissed.insert(text);
            }
            Command::Cancel(id) => s.pending.retain(|p| p.id != id),
            Command::Pasted => s.pastes += 1,
            Command::ReadFailed(e) => s.errors.push(e),
            Command::Clear => {
                // Files the user chose and still being read keep coming;
                // the rest of the sample does not (it was cleared with it).
                let mut pending = std::mem::take(&mut s.pending);
                pending.retain(|p| !s.sample_pending.contains(&p.id));
                // The data version goes on counting: what the engine keeps
                // for a version (the share link's reports, the account's
                // plans) must never be taken for data loaded after this.
                let version = s.data_version + 1;
                *s = Session::new(s.now);
                s.pending = pending;
                s.data_version = version;
            }
            Command::SetThreshold(days) => s.threshold_days = days.min(MAX_THRESHOLD_DAYS),
            Command::SetReference { mode, now } => {
                s.reference = mode;
                s.now = now;
            }
            Command::SortServices(c) => s.service_sort = s.service_sort.toggled(c),
            Command::SortFleet(c) => s.fleet_sort = s.fleet_sort.toggled(c),
            Command::SetServiceThreshold { namespace, days } => {
                // What cannot be a namespace would match no service (and
                // a link could not carry it).
                if let Some(ns) = threshold_namespace(&namespace) {
                    match days {
                        Some(d) => {
                            s.service_thresholds.insert(ns, service_threshold_days(d));
                        }
                        None => {
                            s.service_thresholds.remove(&ns);
                        }
                    }
                }
            }
            Command::SetFleetFilter(f) => s.fleet_filter = f,
            Command::SortActions(c) => s.action_sort = s.action_sort.toggled(c),
            Command::SelectService(ns) => s.selected_service = ns,
            Command::SetSearch(text) => s.filter.text = text,
            Command::ToggleStatus(st) => {
                if !s.filter.statuses.remove(&st) {
                    s.filter.statuses.insert(st);
                }
            }
            Command::SetBucket(b) => {
                s.filter.bucket = if s.filter.bucket == b { None } else { b };
            }
            Command::SetRegion(r) => s.filter.region = r,
            Command::SetOnlyWithActions(on) => s.filter.only_with_actions = on,
            Command::ClearFilters => s.filter = Filter::default(),
            Command::OpenShared { loaded, view } => {
                if let Some(loaded) = loaded {
                    if s.add(Ok(loaded)) {
                        s.remerge();
                    }
                    s.shared_data = view.data.clone();
                }
                s.apply_view(view);
            }
            Command::ApplyView(view) => s.apply_view(view),
            Command::SortMatrix(column) => {
                s.matrix_sort = if s.matrix_sort.column == column {
                    MatrixSort {
                        column,
                        direction: match s.matrix_sort.direction {
                            Direction::Ascending => Direction::Descending,
                            Direction::Descending => Direction::Ascending,
                        },
                    }
                } else {
                    MatrixSort {
                        column,
                        direction: Direction::Ascending,
                    }
                };
            }
            Command::OpenAt { id, namespace } => {
                if s.reports.iter().any(|r| r.key.id() == id) {
                    s.show(id, Some(namespace));
                }
            }
            Command::SelectReport(id) => {
                if s.selected_report.as_ref() != Some(&id) {
                    s.show(id, None);
                }
            }
            Command::RenameReport { id, label } => match user_label(&label) {
                Some(label) => {
                    s.labels.insert(id, label);
                }
                None => {
                    s.labels.remove(&id);
                }
            },
            Command::DismissError(i) => {
                if i < s.errors.len() {
                    s.errors.remove(i);
                }
            }
        }
        // A load is over when no file is pending, whatever ended it: the
        // next report to appear is shown again.
        if s.pending.is_empty() {
            s.chosen_in_load = false;
        }
        s.refresh();
        if *s == before {
            Changed::Unchanged
        } else {
            Changed::Changed
        }
    }
}

/// The principal matrix holds principals' reports: not organizations
/// reports (about an organization entity) nor entity-only ones.
pub fn in_matrix(r: &Report) -> bool {
    r.kind() == Kind::ServiceLastAccessed && !r.services.is_empty()
}

/// The entity drill-downs to show: the selected service's, or all of them
/// when the report has entities but no services.
pub fn entity_groups(report: &Report, selected: Option<&str>) -> Vec<EntityGroup> {
    if report.services.is_empty() {
        return report.entity_groups.clone();
    }
    selected
        .and_then(|ns| report.entities_of(ns))
        .cloned()
        .into_iter()
        .collect()
}

/// What opening the page with this fragment means: a view, a shared report,
/// or a clear message for a damaged or foreign link.
pub fn open_link(hash: &str) -> Option<Command> {
    if hash.trim_start_matches('#').is_empty() {
        return None;
    }
    let view = match decode_fragment(hash) {
        Ok(v) => v,
        Err(e) => return Some(Command::ReadFailed(e)),
    };
    let loaded = match view.data.as_deref().map(decode_data) {
        None => None,
        Some(Err(e)) => return Some(Command::ReadFailed(e)),
        Some(Ok(pages)) => Some(Loaded {
            pages: pages
                .into_iter()
                .enumerate()
                .map(|(i, page)| Sourced {
                    file: "shared link".into(),
                    index: i + 1,
                    page,
                })
                .collect(),
            ..Loaded::default()
        }),
    };
    Some(Command::OpenShared { loaded, view })
}
