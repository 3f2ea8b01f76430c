//! What the page and the engine say to each other: requests in, replies out.
//! These are the engine's own types: the API models stay API models, and
//! the page receives only what it draws (a window of the action rows, never
//! all of them; the matrix only when it changed).
//!
//! On the wire (see `crate::worker`) each is [postcard](https://docs.rs/postcard)
//! ([`encode`], [`decode`]): compact, and its errors carry no text, so the
//! page links neither error messages nor float formatting for them. Parsed
//! files reach the engine as the parse workers' bytes (bincode of a
//! [`Parsed`](super::Parsed)), forwarded untouched.
//!
//! ```
//! use lastaccessed::session::protocol::{Reply, Request};
//! use lastaccessed::session::{engine::Engine, Command};
//! let mut engine = Engine::new(chrono::Utc::now());
//! let replies = engine.request(Request::Command(Command::SetThreshold(30)));
//! let Some(Reply::Snapshot(s)) = replies.first() else { panic!() };
//! assert_eq!(s.threshold_days, 30);
//! assert!(s.view.is_none());
//! ```

use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::report::analyzer::AnalyzerView;
use crate::report::chart::{Bucket, BucketCount, Coverage};
use crate::report::compare::Comparison;
use crate::report::filter::Filter;
use crate::report::fleet::{FleetColumn, FleetFilter, FleetRow};
use crate::report::granted::GrantedView;
use crate::report::matrix::{Matrix, MatrixSort};
use crate::report::model::{ErrorDetails, JobStatus, JobType, Kind};
use crate::report::plan::PlanView;
use crate::report::policy::Suggestions;
use crate::report::report::{OrgTarget, Report};
use crate::report::share::Redaction;
use crate::report::staleness::{Status, DEFAULT_THRESHOLD_DAYS};
use crate::report::table::{
    ActionColumn, ActionRow, Direction, EntityView, ServiceColumn, ServiceRow, Sort, Staleness,
    Tally,
};
use crate::report::{Error, ErrorKind, Level, Notice, ReferenceMode};

use super::{Command, Pending};

/// A request or the replies as they cross between the page and the engine.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Writing to a growing buffer fails only for types postcard cannot
    // write (none here: `tests/engine.rs` sends every request and reply).
    postcard::to_allocvec(value).unwrap_or_default()
}

/// A request or the replies read back from [`encode`]'s bytes.
///
/// ```
/// use lastaccessed::session::protocol::{decode, encode, Request};
/// let asked = Request::Scripts;
/// let read: Request = decode(&encode(&asked)).unwrap();
/// assert_eq!(format!("{read:?}"), format!("{asked:?}"));
/// assert!(decode::<Request>(&[0xff, 0xff]).is_err());
/// ```
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, postcard::Error> {
    postcard::from_bytes(bytes)
}

/// Action rows sent per window: the page asks again when the rows it
/// shows leave the window.
pub const ACTIONS_WINDOW: usize = 300;
/// Fleet rows sent per window, the same way.
pub const FLEET_WINDOW: usize = 300;

/// From the page to the engine.
// Each is made once and moved once: boxing the command would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// A change to the session.
    Command(Command),
    /// The guide's account collection scripts ([`Reply::Scripts`]).
    Scripts,
    /// Load the bundled sample as these files (one id per file of
    /// [`crate::report::sample::FILES`]): the engine holds and reads it.
    LoadSample(Vec<u64>),
    /// A pending file's parser was lost (it died or never answered).
    Lost { id: u64, error: Error },
    /// The page was opened with this fragment (a share link, or a view).
    OpenLink(String),
    /// The fragment changed (typed, or back/forward).
    HashChanged(String),
    /// The action rows from this one on are in view.
    ActionsAt(usize),
    /// The fleet rows from this one on are in view.
    FleetAt(usize),
    /// The share panel: `Some(redacted)` open, `None` closed.
    Share(Option<bool>),
    /// Make a file for the user to download.
    Export(Export),
    /// The account's policies panel opened (`true`) or closed.
    Policies(bool),
    /// What narrows the panel's policies.
    PoliciesFilter(crate::report::plan::PoliciesFilter),
}

/// What reaches the engine: a request, or parsed files as the parse
/// workers answered (`(id, name, parts)`: each part the bincode bytes of a
/// [`super::Parsed`]; one part for a file read whole, several in file
/// order for one read in parts, see [`crate::report::split`]). An empty
/// part is one sent ahead as [`Input::Part`].
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Input {
    Request(Request),
    Parsed(Vec<(u64, String, Vec<Vec<u8>>)>),
    /// One part of a file read in parts, as soon as its parser answered:
    /// the engine reads it while the other parts are parsed, and keeps it
    /// for the file's answer (which names it by an empty part), or until
    /// the file is read whole, cancelled or lost.
    Part {
        id: u64,
        index: usize,
        bytes: Vec<u8>,
    },
}

/// What can be downloaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Export {
    /// The services table as CSV: as shown (`false`) or all of it.
    Services {
        all: bool,
    },
    /// The tracked actions as CSV: as shown or all.
    Actions {
        all: bool,
    },
    /// The merged report in the API's shape.
    ReportJson,
    /// The matrix as CSV, these rows and columns (the page's matrix filter).
    Matrix {
        rows: Vec<usize>,
        columns: Vec<usize>,
    },
    /// Every report as a JSON file (the share panel's, for long links).
    SharedReports {
        redacted: bool,
    },
    /// The fleet as CSV, as shown.
    Fleet,
    /// The rewrite of every loaded principal's policies (`lastaccessed-rewrite.json`).
    Rewrite,
    /// The account's policies as CSV, one row per policy
    /// (`lastaccessed-policies.csv`, see [`crate::report::export::policies_csv`]).
    Policies,
    /// Its AWS CLI scripts.
    ApplyScript,
    RollbackScript,
    /// The single-file app with the reports and this view in it (the page
    /// has the app's file; the engine gives what goes in).
    Html {
        redacted: bool,
    },
}

/// From the engine to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// What to draw now.
    Snapshot(Box<Snapshot>),
    /// A file to offer for download.
    Download {
        name: String,
        mime: String,
        text: String,
    },
    /// Save the app as one HTML file with this share fragment in it.
    Html { name: String, fragment: String },
    /// The guide's account collection scripts, as asked.
    Scripts(crate::report::guide::Scripts),
}

/// Everything the page draws, as of one moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Whether any file is loaded.
    pub has_data: bool,
    /// Pastes so far (the page names the next one).
    pub pastes: usize,
    #[serde(with = "crate::report::time::wire")]
    pub now: DateTime<Utc>,
    pub pending: Vec<Pending>,
    /// The errors, as drawn (the session keeps their kinds).
    pub errors: Vec<ErrorView>,
    /// The app's and the files' notes, then the report on screen's (each
    /// of those `about` it).
    pub notices: Vec<NoticeView>,
    /// The other reports' notes, each `about` its report.
    pub others: Vec<NoticeView>,
    /// Every report's id and label, in order.
    pub options: Vec<(String, String)>,
    pub selected_report: String,
    pub threshold_days: u32,
    /// Services judged by their own threshold.
    pub service_thresholds: std::collections::BTreeMap<String, u32>,
    pub reference: ReferenceMode,
    pub service_sort: Sort<ServiceColumn>,
    pub action_sort: Sort<ActionColumn>,
    pub matrix_sort: MatrixSort,
    pub selected_service: Option<String>,
    pub filter: Filter,
    /// The URL fragment for this view (empty when nothing is loaded).
    pub fragment: String,
    pub view: Option<Rc<ViewSnapshot>>,
    /// The matrix, when it changed since the last snapshot (`None`: keep
    /// the one drawn; `Some(None)`: there is none).
    pub matrix: Option<Option<Rc<Matrix>>>,
    /// The fleet (when more than one principal report is loaded): a window
    /// of its rows as shown.
    pub fleet: Option<Rc<FleetWindow>>,
    /// The fleet window is the one the page has: sent as `None`, taken
    /// back by [`Snapshot::restore`] (a keystroke in a report does not
    /// change it; at 2 000 principals it is 300 rows).
    pub fleet_kept: bool,
    /// The share panel's link and what redaction replaced, when open.
    pub share: Option<ShareView>,
    /// The account's policies, when their panel is open.
    pub policies: Option<Rc<PoliciesView>>,
}

impl Snapshot {
    /// What the page draws before the engine's first snapshot: a session
    /// with nothing loaded (`tests/engine.rs` checks it is the engine's own).
    pub fn empty(now: DateTime<Utc>) -> Self {
        Snapshot {
            has_data: false,
            pastes: 0,
            now,
            pending: Vec::new(),
            errors: Vec::new(),
            notices: Vec::new(),
            others: Vec::new(),
            options: Vec::new(),
            selected_report: String::new(),
            threshold_days: DEFAULT_THRESHOLD_DAYS,
            service_thresholds: Default::default(),
            reference: ReferenceMode::ReportDate,
            service_sort: Sort {
                column: ServiceColumn::LastAccessed,
                direction: Direction::Ascending,
            },
            action_sort: Sort {
                column: ActionColumn::LastAccessed,
                direction: Direction::Ascending,
            },
            matrix_sort: MatrixSort {
                column: None,
                direction: Direction::Ascending,
            },
            selected_service: None,
            filter: Filter::default(),
            fragment: String::new(),
            view: None,
            matrix: Some(None),
            fleet: None,
            fleet_kept: false,
            share: None,
            policies: None,
        }
    }
}

/// The selected report, as drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewSnapshot {
    pub report: ReportHead,
    pub label: String,
    /// What ages are measured from, and the report's own date.
    #[serde(with = "crate::report::time::wire")]
    pub reference: DateTime<Utc>,
    #[serde(with = "crate::report::time::wire")]
    pub report_date: DateTime<Utc>,
    pub staleness: Staleness,
    pub coverage: Coverage,
    /// Regions present, for the Region filter.
    pub regions: Vec<String>,
    /// `None` while the engine makes them (a large report's come in the
    /// snapshot after its first).
    pub suggestions: Option<Rc<Suggestions>>,
    /// The principal's policies against its report (with authorization details).
    pub granted: Option<Rc<GrantedView>>,
    /// What each of its policies should become.
    pub plan: Option<Rc<PlanView>>,
    /// Against another report of the same principal.
    pub compare: Option<Rc<Comparison>>,
    /// IAM Access Analyzer's findings about the principal.
    pub analyzer: Option<Rc<AnalyzerView>>,
    pub bars: Vec<(Bucket, BucketCount)>,
    /// The services shown (filtered, sorted), as indices into
    /// `all_services`: a keystroke sends a few bytes per service, not rows.
    pub services: Rc<Vec<u32>>,
    /// Every service of the report, in its order (the timeline, the
    /// per-service threshold's suggestions): the same on every keystroke.
    pub all_services: Rc<Vec<ServiceRow>>,
    pub service_tally: Tally,
    pub action_tally: Tally,
    /// Actions matching the filter (before narrowing to a selected service).
    pub shown_actions: usize,
    /// Actions in scope (the selected service's, or all) before filtering.
    pub actions_in_scope: usize,
    /// The window of the action rows shown.
    pub actions: Rc<ActionsWindow>,
    /// The entity drill-downs to show, with their rows.
    pub entity_groups: Vec<EntityView>,
    /// The parts sent empty because the page has them (see [`Kept`]).
    pub kept: Kept,
}

/// Parts of a view the page already has: the engine sends them empty and
/// the page takes them from the view it drew last. A sort or a keystroke
/// changes none of the policy parts, and at 200 000 actions the policy
/// suggestions alone are a megabyte to encode, copy and decode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept(u16);

/// Each part that can be kept, with its bit in [`Kept`].
macro_rules! keepable {
    ($each:ident) => {
        $each!(0, suggestions);
        $each!(1, granted);
        $each!(2, plan);
        $each!(3, compare);
        $each!(4, analyzer);
        $each!(5, services);
        $each!(6, actions);
        $each!(7, entity_groups);
        $each!(8, regions);
        $each!(9, bars);
        $each!(10, all_services);
    };
}

impl Snapshot {
    /// Leave out what the page has from `sent`, the snapshot it drew last.
    pub fn strip_sent(&mut self, sent: &Snapshot) {
        if let (Some(view), Some(had)) = (self.view.as_mut(), sent.view.as_ref()) {
            Rc::make_mut(view).strip_sent(had);
        }
        if self.fleet.is_some() && self.fleet == sent.fleet {
            self.fleet = None;
            self.fleet_kept = true;
        }
    }

    /// Take back what was left out from `previous`, the snapshot drawn last.
    pub fn restore(&mut self, previous: &Snapshot) {
        if let (Some(view), Some(had)) = (self.view.as_mut(), previous.view.as_ref()) {
            Rc::make_mut(view).restore(had);
        }
        if std::mem::take(&mut self.fleet_kept) {
            self.fleet = previous.fleet.clone();
        }
    }
}

impl ViewSnapshot {
    /// The services shown, in their order.
    pub fn shown_services(&self) -> impl Iterator<Item = &ServiceRow> {
        crate::report::table::rows_at(&self.all_services, &self.services)
    }

    /// Empty every part equal to the one in `sent` (the view the page has),
    /// marking it kept: `restore` from that same view gives back the whole
    /// view (`tests/engine.rs`, `what_the_page_has_is_not_sent_again`).
    pub fn strip_sent(&mut self, sent: &ViewSnapshot) {
        let mut kept = 0u16;
        macro_rules! strip {
            ($bit:expr, $f:ident) => {
                if self.$f == sent.$f {
                    kept |= 1 << $bit;
                    self.$f = Default::default();
                }
            };
        }
        keepable!(strip);
        self.kept = Kept(kept);
    }

    /// Take the kept parts from `previous`, the view the page drew last.
    pub fn restore(&mut self, previous: &ViewSnapshot) {
        let kept = self.kept.0;
        macro_rules! take {
            ($bit:expr, $f:ident) => {
                if kept & (1 << $bit) != 0 {
                    self.$f = previous.$f.clone();
                }
            };
        }
        keepable!(take);
        self.kept = Kept::default();
    }
}

/// Part of the action rows shown: `rows` are rows `offset..` of `total`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionsWindow {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<ActionLine>,
}

impl ActionsWindow {
    /// Row `i` of all shown, when in this window.
    pub fn get(&self, i: usize) -> Option<&ActionLine> {
        i.checked_sub(self.offset).and_then(|j| self.rows.get(j))
    }

    /// Whether rows `first..first + count` are all in this window.
    pub fn covers(&self, first: usize, count: usize) -> bool {
        let end = (first + count).min(self.total);
        first >= self.offset && end <= self.offset + self.rows.len()
    }
}

/// The fleet as drawn: how many rows are shown, and a window of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetWindow {
    /// Rows shown (after the filter).
    pub total: usize,
    /// Rows in the fleet, how many of them used nothing, and how many are
    /// service-linked roles.
    pub all: usize,
    pub unused: usize,
    pub service_linked: usize,
    /// Authorization details are loaded (the unused-access column has data).
    pub with_authz: bool,
    /// Access Analyzer findings are loaded (the analyzer column has data).
    pub with_analyzer: bool,
    /// Some principal has an earlier report (the changes column has data).
    pub with_changes: bool,
    pub offset: usize,
    pub rows: Vec<FleetRow>,
    pub sort: Sort<FleetColumn>,
    pub filter: FleetFilter,
}

impl FleetWindow {
    /// Row `i` of all shown, when in this window.
    pub fn get(&self, i: usize) -> Option<&FleetRow> {
        i.checked_sub(self.offset).and_then(|j| self.rows.get(j))
    }

    /// Whether rows `first..first + count` are all in this window.
    pub fn covers(&self, first: usize, count: usize) -> bool {
        let end = (first + count).min(self.total);
        first >= self.offset && end <= self.offset + self.rows.len()
    }
}

/// One tracked action as drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLine {
    pub namespace: String,
    pub service: String,
    pub action: String,
    pub entity: Option<String>,
    pub region: Option<String>,
    #[serde(with = "crate::report::time::wire_opt")]
    pub last: Option<DateTime<Utc>>,
    pub age_days: Option<i64>,
    pub status: Status,
}

impl From<&ActionRow> for ActionLine {
    fn from(r: &ActionRow) -> Self {
        ActionLine {
            namespace: r.namespace().to_string(),
            service: r.service().to_string(),
            action: r.action().to_string(),
            entity: r.entity().map(str::to_string),
            region: r.region().map(str::to_string),
            last: r.last,
            age_days: r.age_days,
            status: r.status,
        }
    }
}

/// What the page says about a report: everything but its rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportHead {
    pub kind: Kind,
    pub job_type: Option<JobType>,
    pub status: JobStatus,
    #[serde(with = "crate::report::time::wire_opt")]
    pub created: Option<DateTime<Utc>>,
    #[serde(with = "crate::report::time::wire_opt")]
    pub completed: Option<DateTime<Utc>>,
    /// Services in the report.
    pub services: usize,
    /// The services with entity drill-downs in the report.
    pub entity_groups: Vec<Option<String>>,
    pub pages: usize,
    pub files: Vec<String>,
    pub complete: bool,
    pub next_marker: Option<String>,
    pub error: Option<ErrorDetails>,
    pub principal: Option<String>,
    pub org_counts: Option<(Option<u64>, Option<u64>)>,
    pub org_target: Option<OrgTarget>,
}

impl ReportHead {
    pub fn of(r: &Report) -> Self {
        ReportHead {
            kind: r.kind(),
            job_type: r.job_type(),
            status: r.status,
            created: r.created,
            completed: r.completed,
            services: r.services.len(),
            entity_groups: r
                .entity_groups
                .iter()
                .map(|g| g.namespace.clone())
                .collect(),
            pages: r.pages,
            files: r.files.clone(),
            complete: r.complete,
            next_marker: r.next_marker.clone(),
            error: r.error.clone(),
            principal: r.principal.clone(),
            org_counts: r.org_counts,
            org_target: r.org_target.clone(),
        }
    }

    /// A principal's report with services (the tables, the suggestion).
    pub fn is_principal(&self) -> bool {
        self.kind == Kind::ServiceLastAccessed && self.services > 0
    }
}

/// Policies the account's policies panel lists (the rest are in the CSV).
pub const POLICIES_SHOWN: usize = 100;
/// Principals and removals named in each of its rows.
pub const POLICY_PRINCIPALS_SHOWN: usize = 3;
pub const POLICY_REMOVALS_SHOWN: usize = 6;

/// The account's policies panel: which policies grant what no loaded
/// principal they reach used, most first ([`crate::report::plan::account_policies`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoliciesView {
    /// Read before the data or their ageing last changed: a new reading
    /// comes.
    pub stale: bool,
    /// Policies in all.
    pub total: usize,
    /// Of them, those the filter keeps (the first [`POLICIES_SHOWN`] are
    /// in `rows`).
    pub matching: usize,
    /// Each kind there is, and its policies in all.
    pub kinds: Vec<(crate::report::granted::PolicyKind, usize)>,
    /// Principals whose policies were read: a loaded report, and its
    /// policies in the authorization details.
    pub principals: usize,
    /// Of the policies in all, those the rewrite changes.
    pub changed: usize,
    pub rows: Vec<PolicyLine>,
}

/// One row of [`PoliciesView`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyLine {
    pub name: String,
    pub kind: crate::report::granted::PolicyKind,
    pub arn: Option<String>,
    /// Who holds an inline policy (empty for a managed one).
    pub held_by: String,
    /// The first principals it reaches, as (label, report id).
    pub principals: Vec<(String, String)>,
    pub principal_count: usize,
    /// The first users and roles whose permissions boundary it is, as
    /// (label, report id; empty when no report of theirs is loaded): the
    /// rewrite keeps what they used too, or skips it without their reports.
    pub bounds: Vec<(String, String)>,
    pub bound_count: usize,
    /// What the rewrite does with it, each once.
    pub actions: Vec<crate::report::plan::Action>,
    /// The first of the action patterns it would remove or narrow.
    pub removed: Vec<String>,
    pub removed_count: usize,
    pub over_limit: bool,
}

/// The share panel's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    pub redacted: bool,
    /// The fragment with the view and the reports' data.
    pub fragment: String,
    /// What redaction replaced (when redacted).
    pub redaction: Option<Redaction>,
    /// The user's labels were left out (redacted links carry none).
    pub labels_dropped: bool,
}

/// An error as the page draws it, its words made by the engine from its
/// kind (the page holds no message text of its own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorView {
    /// The file, document, line and column, and JSON path (empty: none).
    pub location: String,
    pub body: ErrorBody,
}

/// What an error says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorBody {
    /// An AWS error pasted or saved instead of a report: what it means and
    /// what to do.
    Aws {
        code: String,
        headline: String,
        meaning: String,
        todo: String,
    },
    /// The output of generate-service-last-accessed-details (a JobId), and
    /// the commands that fetch its report.
    JobId { job_id: String, commands: String },
    /// One line naming the place.
    Text(String),
}

impl ErrorView {
    /// ```
    /// use lastaccessed::report::{Error, ErrorKind};
    /// use lastaccessed::session::protocol::{ErrorBody, ErrorView};
    /// let e = Error::new(ErrorKind::Empty).in_file("a.json");
    /// let v = ErrorView::of(&e);
    /// assert_eq!(v.location, "a.json");
    /// assert_eq!(v.body, ErrorBody::Text(e.to_string()));
    /// ```
    pub fn of(e: &Error) -> Self {
        let body = match &e.kind {
            ErrorKind::Aws(f) => {
                let advice = f.advice();
                ErrorBody::Aws {
                    code: f.code.clone(),
                    headline: f.headline(),
                    meaning: advice.meaning,
                    todo: advice.todo,
                }
            }
            ErrorKind::JobIdOutput { job_id } => ErrorBody::JobId {
                job_id: job_id.clone(),
                commands: crate::report::guide::fetch_job(job_id),
            },
            _ => ErrorBody::Text(e.to_string()),
        };
        ErrorView {
            location: e.location(),
            body,
        }
    }

    /// An error of the page itself (its engine stopped), said as the
    /// engine says the others.
    pub fn text(location: &str, text: String) -> Self {
        ErrorView {
            location: location.to_string(),
            body: ErrorBody::Text(format!("{location}: {text}")),
        }
    }
}

/// A note as the page draws it: its level and its words (rendered from its
/// kind by the engine; dismissing it names it by those words), and the
/// label of the report it is about (`None`: about the app or a file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub level: Level,
    pub text: String,
    pub about: Option<String>,
}

impl NoticeView {
    pub fn of(n: &Notice) -> Self {
        NoticeView {
            level: n.level(),
            text: n.text(),
            about: None,
        }
    }

    /// The note, said of the report labelled `label`.
    pub fn about(self, label: &str) -> Self {
        NoticeView {
            about: Some(label.to_string()),
            ..self
        }
    }
}
