//! The app: one `use_reducer` holding [`State`]; every change is an [`Action`]
//! whose arm calls core functions. The view (rows, tallies) is derived in
//! [`State::refresh`] after each action, never edited by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::report::chart::{buckets, Bucket, BucketCount, Coverage};
use crate::report::filter::{regions, Filter};
use crate::report::input::{Loaded, Sourced};
use crate::report::matrix::{Cell, Matrix, MatrixSort};
use crate::report::merge::{default_labels, merge_all, EntityGroup, Report};
use crate::report::model::Kind;
use crate::report::policy::{suggestions, Suggestion};
use crate::report::share::{decode_data, decode_fragment, encode_fragment, ViewState};
use crate::report::staleness::Status;
use crate::report::staleness::{reference_time, DEFAULT_THRESHOLD_DAYS};
use crate::report::table::{
    action_rows, service_rows, sort_action_order, sort_services, ActionColumn, ActionRow,
    Direction, ServiceColumn, ServiceRow, Sort, Staleness, Tally,
};
use crate::report::{sample, Error, ErrorKind, Notice, ReferenceMode};
use crate::worker::{ParseRequest, ParseResponse};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;

use super::actions_table::ActionsTable;
use super::age_chart::AgeChart;
use super::controls::Controls;
use super::drop_zone::DropZone;
use super::entities_table::EntitiesTable;
use super::exports::Exports;
use super::files::{self, FileRead};
use super::filter_bar::FilterBar;
use super::footer::Footer;
use super::format::{Clock, Zone};
use super::help_panel::HelpPanel;
use super::input_panel::InputPanel;
use super::loader::Loader;
use super::matrix_view::MatrixView;
use super::messages::Messages;
use super::pending::PendingList;
use super::policy_panel::PolicyPanel;
use super::report_switcher::ReportSwitcher;
use super::services_table::ServicesTable;
use super::share_panel::SharePanel;
use super::skip_links::SkipLinks;
use super::status_banner::StatusBanner;
use super::summary::Summary;
use super::theme_toggle::ThemeToggle;
use super::timeline::Timeline;
use super::zone_switch::ZoneSwitch;

/// Everything the app knows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
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
    /// User-edited labels by report id.
    pub labels: BTreeMap<String, String>,
    /// Default labels of `reports`, in order (made once per merge).
    pub default_labels: Rc<Vec<String>>,
    /// Id of the report on screen.
    pub selected_report: Option<String>,
    pub threshold_days: u32,
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
    /// Rows of the selected report, kept between actions.
    pub rows: Option<Rc<Rows>>,
    /// The data part of the share link this page was opened from, kept in
    /// the URL so a reload shows the same reports.
    pub shared_data: Option<String>,
    /// Times in UTC or local time (a viewer's preference: kept by Clear,
    /// not in share links).
    pub zone: Zone,
    /// "How to get a report" opened over a loaded report.
    pub help_open: bool,
    /// Derived from the fields above by `refresh`.
    pub view: Option<Rc<View>>,
}

/// What the rows of a report depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowsKey {
    report: String,
    /// Files loaded: the same report can grow when pages are added.
    files: usize,
    reference: DateTime<Utc>,
    threshold_days: u32,
}

/// Every row of the selected report, and what derives from the rows alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Rows {
    key: RowsKey,
    report: Rc<Report>,
    services: Rc<Vec<ServiceRow>>,
    actions: Rc<Vec<ActionRow>>,
    service_tally: Tally,
    action_tally: Tally,
    coverage: Coverage,
    regions: Vec<String>,
    suggestions: Rc<Vec<Suggestion>>,
}

impl Rows {
    fn build(key: RowsKey, report: &Report, st: Staleness) -> Self {
        let services = service_rows(report, st);
        let actions = action_rows(report, st);
        Rows {
            key,
            report: Rc::new(report.clone()),
            service_tally: Tally::of(services.iter().map(|r| r.status)),
            action_tally: Tally::of(actions.iter().map(|r| r.status)),
            coverage: Coverage::of(&services, st.threshold_days),
            regions: regions(&services, &actions).into_keys().collect(),
            suggestions: Rc::new(suggestions(
                &services,
                &actions,
                st.threshold_days,
                report.principal.as_deref(),
            )),
            services: Rc::new(services),
            actions: Rc::new(actions),
        }
    }
}

/// A file being parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub id: u64,
    pub name: String,
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
    /// The least-privilege suggestions, one per shape.
    pub suggestions: Rc<Vec<Suggestion>>,
    /// Every service row, unfiltered (for "export all").
    pub services_csv_all: Rc<Vec<ServiceRow>>,
    /// Every action row, unfiltered; the table shows `action_order` of them.
    pub actions_all: Rc<Vec<ActionRow>>,
    /// The actions shown, as indices into `actions_all`: filtered, narrowed
    /// to the selected service, sorted.
    pub action_order: Rc<Vec<u32>>,
    /// Actions matching the filter (before narrowing to a selected service).
    pub shown_actions: usize,
    /// Age chart bars for what the filter shows.
    pub bars: Vec<(Bucket, BucketCount)>,
    pub services: Rc<Vec<ServiceRow>>,
    pub service_tally: Tally,
    pub action_tally: Tally,
}

pub enum Action {
    /// A file (or pasted text) is being parsed.
    Queue {
        id: u64,
        name: String,
        size: usize,
    },
    /// Files were parsed (each ignored when its loading was cancelled).
    Parsed(Vec<ParseResponse>),
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
    /// Open a share link: its reports (if any) and its view.
    OpenShared {
        loaded: Option<Loaded>,
        view: ViewState,
    },
    /// The fragment changed (typed, or back/forward): show that view.
    ApplyView(ViewState),
    DismissError(usize),
    SetZone(Zone),
    ShowHelp(bool),
}

impl State {
    pub fn new(now: DateTime<Utc>) -> Self {
        State {
            files: Rc::default(),
            errors: Vec::new(),
            pending: Vec::new(),
            sample_pending: BTreeSet::new(),
            sample_files: BTreeSet::new(),
            app_notices: Vec::new(),
            dismissed: BTreeSet::new(),
            pastes: 0,
            reports: Rc::default(),
            labels: BTreeMap::new(),
            default_labels: Rc::default(),
            selected_report: None,
            threshold_days: DEFAULT_THRESHOLD_DAYS,
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
            shared_data: None,
            rows: None,
            zone: Zone::Utc,
            help_open: false,
            view: None,
        }
    }

    /// The view as a share link records it: only what differs from the defaults.
    pub fn view_state(&self) -> ViewState {
        let defaults = State::new(self.now);
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
        let defaults = State::new(self.now);
        self.threshold_days = v.threshold_days.unwrap_or(defaults.threshold_days);
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
            Ok(new) => {
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
    /// just loaded it); otherwise the selection stays where it was.
    fn remerge(&mut self) {
        let reports = merge_all(self.files.iter().map(|f| &**f));
        let known = |id: &String| self.reports.iter().any(|r| &r.key.id() == id);
        let new_report = reports.iter().map(|r| r.key.id()).find(|id| !known(id));
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
            self.selected_report = Some(id);
            self.selected_service = None;
        }
        self.default_labels = Rc::new(default_labels(&reports));
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
        let label = self.labels.get(&id).cloned().unwrap_or_else(|| {
            self.reports
                .iter()
                .position(|r| r.key.id() == id)
                .and_then(|i| self.default_labels.get(i).cloned())
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
            .map(|r| (r.key.id(), self.label_of(r)))
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
            self.app_notices.push(Notice::info(
                "The bundled sample was removed now that your files are loaded (Load sample report brings it back beside them).",
            ));
        }
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
            files: self.files.len(),
            reference: st.reference,
            threshold_days: st.threshold_days,
        };
        let rows = match &self.rows {
            Some(r) if r.key == key => r.clone(),
            _ => Rc::new(Rows::build(key, report, st)),
        };
        self.rows = Some(rows.clone());
        let f = &self.filter;
        // Actions stay in the shared rows; what is shown is an order of indices.
        let (shown_services, mut order) = f.apply(&rows.services, &rows.actions);
        let shown_action_count = order.len();
        let shown_actions: Vec<&ActionRow> =
            order.iter().map(|&i| &rows.actions[i as usize]).collect();
        // The chart keeps its overview under a bucket filter: its bars count
        // what the other filters show, and the chosen bar is marked.
        let bars = if f.bucket.is_some() {
            let overview = Filter {
                bucket: None,
                ..f.clone()
            };
            let (s, o) = overview.apply(&rows.services, &rows.actions);
            let a: Vec<&ActionRow> = o.iter().map(|&i| &rows.actions[i as usize]).collect();
            buckets(&s, &a)
        } else {
            buckets(&shown_services, &shown_actions)
        };
        let mut services: Vec<ServiceRow> = shown_services.into_iter().cloned().collect();
        if let Some(ns) = &self.selected_service {
            order.retain(|&i| rows.actions[i as usize].namespace() == ns);
        }
        sort_services(&mut services, self.service_sort);
        sort_action_order(&rows.actions, &mut order, self.action_sort);
        self.view = Some(Rc::new(View {
            label: self.label_of(report),
            report: rows.report.clone(),
            reference: st.reference,
            staleness: st,
            coverage: rows.coverage,
            regions: rows.regions.clone(),
            suggestions: rows.suggestions.clone(),
            services_csv_all: rows.services.clone(),
            actions_all: rows.actions.clone(),
            shown_actions: shown_action_count,
            services: Rc::new(services),
            action_order: Rc::new(order),
            bars,
            service_tally: rows.service_tally,
            action_tally: rows.action_tally,
        }));
        self.matrix = (self.reports.iter().filter(|r| in_matrix(r)).count() > 1)
            .then(|| Rc::new(self.build_matrix()));
    }

    /// Every report side by side, each aged by its own reference time.
    fn build_matrix(&self) -> Matrix {
        let columns = self
            .reports
            .iter()
            .filter(|r| in_matrix(r))
            .map(|r| {
                let st = Staleness {
                    reference: reference_time(r, self.reference, self.now),
                    threshold_days: self.threshold_days,
                };
                let cells = service_rows(r, st)
                    .into_iter()
                    .map(|x| {
                        let cell = Cell {
                            age_days: x.age_days,
                            status: x.status,
                        };
                        (x.namespace, x.name, cell)
                    })
                    .collect();
                (self.label_of(r), cells)
            })
            .collect();
        let mut m = Matrix::from_columns(columns);
        m.ids = self
            .reports
            .iter()
            .filter(|r| in_matrix(r))
            .map(|r| r.key.id())
            .collect();
        m.sort(self.matrix_sort);
        m
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        // Display-only changes: the rows and the view stay as they are.
        match action {
            Action::SetZone(zone) => {
                s.zone = zone;
                return Rc::new(s);
            }
            Action::ShowHelp(open) => {
                s.help_open = open;
                return Rc::new(s);
            }
            _ => {}
        }
        match action {
            Action::Queue { id, name, size } => s.pending.push(Pending { id, name, size }),
            Action::Parsed(batch) => {
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
            Action::QueueSample(ids) => s.sample_pending.extend(ids),
            Action::DismissAll(texts) => {
                s.errors.clear();
                s.app_notices.clear();
                s.dismissed.extend(texts);
            }
            Action::DismissNotice(text) => {
                s.app_notices.retain(|n| n.text != text);
                s.dismissed.insert(text);
            }
            Action::Cancel(id) => s.pending.retain(|p| p.id != id),
            Action::Pasted => s.pastes += 1,
            Action::ReadFailed(e) => s.errors.push(e),
            Action::Clear => {
                let pending = std::mem::take(&mut s.pending);
                let zone = s.zone;
                s = State::new(s.now);
                s.pending = pending;
                s.zone = zone;
            }
            Action::SetThreshold(days) => s.threshold_days = days,
            Action::SetReference { mode, now } => {
                s.reference = mode;
                s.now = now;
            }
            Action::SortServices(c) => s.service_sort = s.service_sort.toggled(c),
            Action::SortActions(c) => s.action_sort = s.action_sort.toggled(c),
            Action::SelectService(ns) => s.selected_service = ns,
            Action::SetSearch(text) => s.filter.text = text,
            Action::ToggleStatus(st) => {
                if !s.filter.statuses.remove(&st) {
                    s.filter.statuses.insert(st);
                }
            }
            Action::SetBucket(b) => {
                s.filter.bucket = if s.filter.bucket == b { None } else { b };
            }
            Action::SetRegion(r) => s.filter.region = r,
            Action::SetOnlyWithActions(on) => s.filter.only_with_actions = on,
            Action::ClearFilters => s.filter = Filter::default(),
            Action::OpenShared { loaded, view } => {
                if let Some(loaded) = loaded {
                    if s.add(Ok(loaded)) {
                        s.remerge();
                    }
                    s.shared_data = view.data.clone();
                }
                s.apply_view(view);
            }
            Action::ApplyView(view) => s.apply_view(view),
            Action::SortMatrix(column) => {
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
            Action::OpenAt { id, namespace } => {
                if s.reports.iter().any(|r| r.key.id() == id) {
                    s.selected_report = Some(id);
                    s.selected_service = Some(namespace);
                }
            }
            Action::SelectReport(id) => {
                if s.selected_report.as_ref() != Some(&id) {
                    s.selected_report = Some(id);
                    s.selected_service = None;
                }
            }
            Action::RenameReport { id, label } => {
                let label = label.trim().to_string();
                if label.is_empty() {
                    s.labels.remove(&id);
                } else {
                    s.labels.insert(id, label);
                }
            }
            Action::DismissError(i) => {
                if i < s.errors.len() {
                    s.errors.remove(i);
                }
            }
            Action::SetZone(_) | Action::ShowHelp(_) => {}
        }
        s.refresh();
        Rc::new(s)
    }
}

/// Where the skip links go: each table's tab stop, the suggestion's heading.
fn skip_targets(matrix: bool, principal: bool) -> Vec<(&'static str, &'static str)> {
    let mut t = vec![(
        "Services",
        "[data-testid=services-table] tbody tr[tabindex=\"0\"], [data-testid=org-table] tbody tr[tabindex=\"0\"]",
    )];
    if principal {
        t.push((
            "Tracked actions",
            "[data-testid=actions-table] tbody tr[tabindex=\"0\"]",
        ));
    }
    if matrix {
        t.push(("Compare", "[data-testid=matrix-table] td[tabindex=\"0\"]"));
    }
    if principal {
        t.push(("Least-privilege suggestion", "#policy-title"));
    }
    t
}

/// The principal matrix holds principals' reports: not organizations
/// reports (about an organization entity) nor entity-only ones.
fn in_matrix(r: &Report) -> bool {
    r.kind() == Kind::ServiceLastAccessed && !r.services.is_empty()
}

/// The entity drill-downs to show: the selected service's, or all of them
/// when the report has entities but no services.
fn entity_groups(report: &Report, selected: Option<&str>) -> Vec<EntityGroup> {
    if report.services.is_empty() {
        return report.entity_groups.clone();
    }
    selected
        .and_then(|ns| report.entities_of(ns))
        .cloned()
        .into_iter()
        .collect()
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// What opening the page with this fragment means: a view, a shared report,
/// or a clear message for a damaged or foreign link.
fn open_link(hash: &str) -> Option<Action> {
    if hash.trim_start_matches('#').is_empty() {
        return None;
    }
    let view = match decode_fragment(hash) {
        Ok(v) => v,
        Err(e) => return Some(Action::ReadFailed(e)),
    };
    let loaded = match view.data.as_deref().map(decode_data) {
        None => None,
        Some(Err(e)) => return Some(Action::ReadFailed(e)),
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
            entities: Vec::new(),
            notices: Vec::new(),
        }),
    };
    Some(Action::OpenShared { loaded, view })
}

/// A callback that turns its value into an action and dispatches it.
fn sender<T: 'static>(
    state: &UseReducerHandle<State>,
    to_action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |v| state.dispatch(to_action(v)))
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Parse files in a Web Worker (off by default only in component tests,
    /// whose page has no worker script).
    #[prop_or(true)]
    pub use_worker: bool,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(Utc::now()));
    let loader = {
        let ondone = sender(&state, Action::Parsed);
        let use_worker = props.use_worker;
        use_memo((), move |_| Loader::new(use_worker, ondone))
    };
    // Every file and paste goes the same way: queued, parsed, added.
    let parse = {
        let state = state.clone();
        let loader = loader.clone();
        move |id: u64, name: String, bytes: Vec<u8>| {
            state.dispatch(Action::Queue {
                id,
                name: name.clone(),
                size: bytes.len(),
            });
            loader.parse(ParseRequest { id, name, bytes });
        }
    };
    let onread: Callback<FileRead> = {
        let state = state.clone();
        let parse = parse.clone();
        let loader = loader.clone();
        Callback::from(move |(name, read): FileRead| match read {
            Ok(bytes) => parse(loader.next_id(), name, bytes),
            Err(e) => state.dispatch(Action::ReadFailed(e)),
        })
    };
    let onfiles = Callback::from(move |list: Vec<files::Picked>| {
        files::read_all(list, onread.clone());
    });
    let onpaste = {
        let parse = parse.clone();
        let loader = loader.clone();
        let state = state.clone();
        Callback::from(move |text: String| {
            // Each paste is named, so a message says which one it is about.
            let n = state.pastes + 1;
            let name = if n == 1 {
                "pasted text".to_string()
            } else {
                format!("pasted text {n}")
            };
            state.dispatch(Action::Pasted);
            parse(loader.next_id(), name, text.into_bytes())
        })
    };
    let onsearch = sender(&state, Action::SetSearch);
    let ontogglestatus = sender(&state, Action::ToggleStatus);
    let onregion = sender(&state, Action::SetRegion);
    let ononlyactions = sender(&state, Action::SetOnlyWithActions);
    let onbucket = sender(&state, Action::SetBucket);
    let onclearfilters = sender(&state, |()| Action::ClearFilters);
    let onsortmatrix = sender(&state, Action::SortMatrix);
    let onopenat = sender(&state, |(id, namespace)| Action::OpenAt { id, namespace });
    let onexporterror = sender(&state, |message| {
        Action::ReadFailed(Error::new(ErrorKind::InvalidField { message }))
    });
    // A share link: read once, at start.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if let Some(action) = open_link(&current_hash()) {
                state.dispatch(action);
            }
        });
    }
    // The fragment follows the view (replaceState: no history spam); a
    // fragment changed by hand or by back/forward is applied.
    let fragment = state.fragment();
    use_effect_with(fragment.clone(), move |f| {
        let target = if f.is_empty() {
            String::new()
        } else {
            format!("#{f}")
        };
        if current_hash() != target {
            let window = gloo::utils::window();
            let base = window.location().href().unwrap_or_default();
            let base = base.split('#').next().unwrap_or_default().to_string();
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&format!("{base}{target}")),
                );
            }
        }
    });
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if let Ok(view) = decode_fragment(&current_hash()) {
                    state.dispatch(Action::ApplyView(view));
                }
            });
            move || drop(listener)
        });
    }
    // `/` focuses the search box from anywhere but a text field.
    let search_ref = use_node_ref();
    {
        let search_ref = search_ref.clone();
        use_effect_with((), move |_| {
            let options = EventListenerOptions::enable_prevent_default();
            let doc = gloo::utils::document();
            let listener = EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let typing = gloo::utils::document().active_element().is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
                if e.key() == "/" && !typing {
                    if let Some(input) = search_ref.cast::<web_sys::HtmlInputElement>() {
                        e.prevent_default();
                        let _ = input.focus();
                    }
                }
            });
            move || drop(listener)
        });
    }
    let oncancel = {
        let state = state.clone();
        let loader = loader.clone();
        Callback::from(move |id| {
            loader.cancel(id);
            state.dispatch(Action::Cancel(id));
        })
    };
    // The sample goes the way of any file (the page holds no parser).
    let onsample = {
        let parse = parse.clone();
        let state = state.clone();
        let loader = loader.clone();
        Callback::from(move |()| {
            let ids: Vec<u64> = sample::FILES.iter().map(|_| loader.next_id()).collect();
            // Marked as the sample before any of it can arrive.
            state.dispatch(Action::QueueSample(ids.clone()));
            for (id, (name, bytes)) in ids.into_iter().zip(sample::FILES) {
                parse(id, name.to_string(), bytes.to_vec());
            }
        })
    };
    let onclear = sender(&state, |()| Action::Clear);
    let ondismiss = sender(&state, Action::DismissError);
    let onthreshold = sender(&state, Action::SetThreshold);
    let onreference = sender(&state, |mode| Action::SetReference {
        mode,
        now: Utc::now(),
    });
    let onselectreport = sender(&state, Action::SelectReport);
    let onrename = sender(&state, |(id, label)| Action::RenameReport { id, label });
    let onzone = sender(&state, Action::SetZone);
    let onhelp = sender(&state, |()| Action::ShowHelp(true));
    let onclosehelp = sender(&state, |()| Action::ShowHelp(false));
    let onsortservices = sender(&state, Action::SortServices);
    let onsortactions = sender(&state, Action::SortActions);
    let onselectservice = sender(&state, Action::SelectService);

    // Notes: the app's and the files', then the report on screen's (under its
    // label), the other reports' behind a count; dismissed ones left out.
    let shown = |n: &Notice| !state.dismissed.contains(&n.text);
    let selected = state.selected_report.clone().unwrap_or_default();
    let notices: Vec<Notice> = state
        .app_notices
        .iter()
        .chain(state.files.iter().flat_map(|f| f.notices.iter()))
        .chain(
            state
                .reports
                .iter()
                .filter(|r| r.key.id() == selected)
                .flat_map(|r| r.notices.iter()),
        )
        .filter(|n| shown(n))
        .cloned()
        .collect();
    let other_notices: Vec<(String, Notice)> = state
        .reports
        .iter()
        .filter(|r| r.key.id() != selected)
        .flat_map(|r| {
            let label = state.label_of(r);
            r.notices
                .iter()
                .filter(|n| shown(n))
                .map(move |n| (label.clone(), n.clone()))
        })
        .collect();
    let subject = state.view.as_ref().map(|v| v.label.clone());
    let ondismissnotice = sender(&state, Action::DismissNotice);
    let ondismissall = {
        let all: Vec<String> = notices
            .iter()
            .map(|n| n.text.clone())
            .chain(other_notices.iter().map(|(_, n)| n.text.clone()))
            .collect();
        sender(&state, move |()| Action::DismissAll(all.clone()))
    };
    let has_data = !state.files.is_empty();
    let clock = Clock {
        zone: state.zone,
        now: state.now,
    };
    let principal = state.view.as_ref().and_then(|v| v.report.principal.clone());

    html! {
        <ContextProvider<Clock> context={clock}>
        <DropZone onfiles={onfiles.clone()}>
            <header class="app-header">
                <div class="title-row">
                    <h1>{"lastaccessed"}</h1>
                    <div class="header-tools">
                        if has_data {
                            <button type="button" class="link" data-testid="open-help"
                                aria-expanded={state.help_open.to_string()} aria-controls="how-to"
                                onclick={onhelp.reform(|_: MouseEvent| ())}>{"How to get a report"}</button>
                        }
                        <ZoneSwitch zone={state.zone} onchange={onzone} />
                        <ThemeToggle />
                    </div>
                </div>
                <p class="tagline">
                    {"Review AWS IAM service last accessed reports. Everything stays in this page: nothing is uploaded or stored."}
                </p>
            </header>
            <InputPanel {onfiles} {onpaste} {onsample} {onclear} {has_data} />
            <PendingList pending={state.pending.clone()} {oncancel} />
            <Messages errors={state.errors.clone()} {notices} {subject} others={other_notices}
                {ondismiss} {ondismissnotice} {ondismissall} onhelp={onhelp.clone()} />
            if has_data && state.help_open {
                <HelpPanel arn={principal.clone()} onclose={onclosehelp} />
            }
            if let Some(view) = state.view.clone() {
                <section class="report" aria-label="report">
                    if !view.report.services.is_empty() {
                        <SkipLinks targets={skip_targets(state.matrix.is_some(), view.report.kind() == Kind::ServiceLastAccessed)} />
                    }
                    <ReportSwitcher
                        options={state.report_options()}
                        selected={state.selected_report.clone().unwrap_or_default()}
                        onselect={onselectreport}
                        {onrename}
                    />
                    <Controls
                        threshold_days={state.threshold_days}
                        reference={state.reference}
                        {onthreshold}
                        {onreference}
                    />
                    <Summary view={view.clone()} reports={state.reports.len()} threshold_days={state.threshold_days} reference_mode={state.reference} />
                    <StatusBanner report={view.report.clone()} />
                    if !view.report.services.is_empty() {
                        <FilterBar filter={state.filter.clone()} tally={view.service_tally} regions={view.regions.clone()}
                            search_ref={search_ref.clone()} {onsearch} {ontogglestatus} {onregion} {ononlyactions}
                            onbucket={onbucket.clone()} onclear={onclearfilters.clone()} />
                        <div class="charts">
                            <AgeChart bars={view.bars.clone()} threshold_days={state.threshold_days}
                                selected={state.filter.bucket} {onbucket} />
                            <Timeline rows={view.services.clone()} reference={view.reference}
                                report_date={reference_time(&view.report, ReferenceMode::ReportDate, state.now)}
                                threshold_days={state.threshold_days} />
                        </div>
                        <p class="caveat-note" data-testid="chart-caveat">
                            {"Data covers about the last 400 days and lags about 4 hours; failed attempts also count as access; \
                              SCPs, boundaries and resource policies are not considered."}
                        </p>
                        <SharePanel reports={state.reports.clone()} view={ViewState { data: None, ..state.view_state() }} />
                        <Exports report={view.report.clone()} label={view.label.clone()}
                            services={view.services.clone()} action_order={view.action_order.clone()}
                            all_services={view.services_csv_all.clone()} all_actions={view.actions_all.clone()}
                            onerror={onexporterror.clone()} />
                    }
                    if !view.report.services.is_empty() || view.report.entity_groups.is_empty() {
                        <ServicesTable
                            rows={view.services.clone()}
                            sort={state.service_sort}
                            selected={state.selected_service.clone()}
                            reference={state.reference}
                            org={view.report.kind() == Kind::Organizations}
                            show_entity={view.report.principal.is_none()}
                            total={view.service_tally.total}
                            onclearfilters={onclearfilters.clone()}
                            onsort={onsortservices}
                            onselect={onselectservice.clone()}
                        />
                    }
                    { for entity_groups(&view.report, state.selected_service.as_deref()).into_iter().map(|group| html! {
                        <EntitiesTable {group} staleness={view.staleness} reference={state.reference}
                            focus={!view.report.services.is_empty()} />
                    }) }
                    if view.report.kind() == Kind::ServiceLastAccessed && !view.report.services.is_empty() {
                        <ActionsTable
                            rows={view.actions_all.clone()}
                            order={view.action_order.clone()}
                            sort={state.action_sort}
                            selected={state.selected_service.clone()}
                            reference={state.reference}
                            total={view.action_tally.total}
                            in_scope={match state.selected_service.as_deref() {
                                // Counted only when nothing is shown (the only time it is read),
                                // not over every action on every render.
                                Some(ns) if view.action_order.is_empty() =>
                                    view.actions_all.iter().filter(|a| a.namespace() == ns).count(),
                                Some(_) => view.action_order.len(),
                                None => view.actions_all.len(),
                            }}
                            onclearfilters={onclearfilters.clone()}
                            onsort={onsortactions}
                            show_entity={view.report.principal.is_none()}
                            onshowall={onselectservice.reform(|_| None)}
                        />
                    }
                    if let Some(matrix) = state.matrix.clone() {
                        <MatrixView {matrix} sort={state.matrix_sort} onsort={onsortmatrix}
                            onopen={onopenat} onerror={onexporterror.clone()} />
                    }
                    if view.report.kind() == Kind::ServiceLastAccessed && !view.report.services.is_empty() {
                        <PolicyPanel suggestions={view.suggestions.clone()}
                            threshold_days={state.threshold_days} />
                    }
                </section>
            } else if !has_data && state.pending.is_empty() {
                <section class="empty-state" data-testid="empty-state">
                    <h2>{"No report loaded yet"}</h2>
                    <p>{"Drop one or more files saved from "}<code>{"aws iam get-service-last-accessed-details"}</code>
                    {" (or boto3) anywhere on this page, choose them, or paste the JSON above. Pages of the same report are joined automatically."}</p>
                    <p>{"No file yet? The commands below produce one. Want to look around first? Use "}<strong>{"Load sample report"}</strong>{"."}</p>
                </section>
            }
            // Outside the branch above, so the typed ARN survives a file being read.
            if !has_data {
                <HelpPanel />
            }
            <Footer />
        </DropZone>
        </ContextProvider<Clock>>
    }
}
