//! The engine: the [`Session`] and what the page was last sent. It answers
//! each [`Request`] with the replies the page needs: a [`Snapshot`] of what
//! to draw (only when something changed), or a file to download. It runs in
//! the engine Web Worker (`crate::worker`); component tests run it on the
//! page's thread. Tested natively (`tests/engine.rs`).
//!
//! ```
//! use lastaccessed::report::sample;
//! use lastaccessed::session::engine::Engine;
//! use lastaccessed::session::protocol::{Reply, Request};
//! use lastaccessed::session::{Command, Parsed};
//! let mut e = Engine::new(chrono::Utc::now());
//! let (name, bytes) = sample::FILES[0];
//! e.request(Request::Command(Command::Queue { id: 1, name: name.into(), size: bytes.len() }));
//! let parsed = Parsed { id: 1, name: name.into(), result: lastaccessed::report::input::parse_file(name, bytes) };
//! let replies = e.parsed(vec![(1, name.into(), vec![bincode::serialize(&parsed).unwrap()])]);
//! let Some(Reply::Snapshot(s)) = replies.last() else { panic!() };
//! assert!(s.has_data && s.pending.is_empty());
//! // A command that changes nothing draws nothing.
//! assert!(e.request(Request::Command(Command::SetThreshold(90))).is_empty());
//! ```

use std::collections::HashMap;
use std::rc::Rc;

use crate::report::authz::same_principal;
use crate::report::export::{
    actions_csv, file_stem, fleet_csv, matrix_csv, policies_csv, report_json, services_csv,
};
use crate::report::input::Loaded;
use crate::report::matrix::{Matrix, Shown};
use crate::report::plan::{
    apply_script, export_json_with, rollback_script, with_bounds, AccountPolicy, PoliciesFilter,
    PoliciesTally,
};
use crate::report::report::Report;
use crate::report::share::{decode_fragment, encode_data, encode_fragment, redact, Redaction};
use crate::report::staleness::reference_time;
use crate::report::table::entity_view;
use crate::report::{Error, ErrorKind, ReferenceMode};

use super::protocol::{
    ActionLine, ActionsWindow, ErrorView, Export, FleetWindow, Input, NoticeView, PoliciesView,
    PolicyLine, Reply, ReportHead, Request, ShareView, Snapshot, ViewSnapshot, ACTIONS_WINDOW,
    FLEET_WINDOW, POLICIES_SHOWN, POLICY_PRINCIPALS_SHOWN, POLICY_REMOVALS_SHOWN,
};
use super::{entity_groups, in_matrix, open_link, Changed, Command, Parsed, Session};

/// The share panel's data, made once per (data, redaction).
struct ShareCache {
    key: (u64, bool),
    reports: Rc<Vec<Report>>,
    redaction: Option<Redaction>,
    data: String,
}

/// What the account's policies depend on: what plans do (the data and
/// everything that ages a report).
type PlansKey = super::PlanKey;

/// The panel's rows also name principals by their labels, follow the
/// filter, and say whether a new reading comes.
type PanelKey = (
    PlansKey,
    std::collections::BTreeMap<String, String>,
    PoliciesFilter,
    bool,
);

/// The account's policies, and how many principals' plans they were read from.
type AccountPolicies = (Vec<AccountPolicy>, usize);

/// How many principals' plans one idle step reads into the account's
/// policies (about 0.5 ms each natively at 2 000 principals: a step stays
/// short, so a request waits for little).
const POLICIES_STEP: usize = 8;

/// How many principals' evidence one idle step reads before any plan (a
/// policy shared by hundreds of principals needs all of theirs in the
/// step that reads its first holder's plan).
const EVIDENCE_STEP: usize = 64;

/// How much of the account's policies to read now.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// An idle step's part: [`EVIDENCE_STEP`] principals' evidence, then
    /// [`POLICIES_STEP`] plans.
    Step,
    /// All that is left (the panel opened and shows them now).
    AtOnce,
}

/// The account's policies as they are being read, a few principals' plans
/// at a time ([`POLICIES_STEP`]), for the data and ageing `key`.
struct Reading {
    key: PlansKey,
    principals: Vec<String>,
    /// The first principal whose evidence is not read yet.
    evidence: usize,
    /// The first principal whose plan is not read yet.
    next: usize,
    planned: usize,
    tally: PoliciesTally,
}

/// The rows a window of `size` sends when row `at` is the first in view of
/// `total`: a third of it before, the rest after, within the rows.
fn window(at: usize, total: usize, size: usize) -> (usize, std::ops::Range<usize>) {
    let offset = at.saturating_sub(size / 3).min(total.saturating_sub(size));
    (offset, offset..(offset + size).min(total))
}

/// The session, and what the page has.
pub struct Engine {
    session: Session,
    /// First action row in view on the page.
    actions_at: usize,
    /// The first fleet row in view on the page.
    fleet_at: usize,
    /// The share panel: `Some(redacted)` when open.
    share: Option<bool>,
    share_cache: Option<ShareCache>,
    /// The account's policies panel is open.
    policies: bool,
    /// What narrows its policies.
    policies_filter: PoliciesFilter,
    /// Every loaded principal's plan read into the account's policies
    /// (made again when the data or its ageing change), and the panel's
    /// rows (made again when a label changes too).
    policies_read: Option<(PlansKey, Rc<AccountPolicies>)>,
    /// The next reading, made in the engine's idle steps (ahead of the
    /// panel's opening, or while it shows the last reading).
    reading: Option<Reading>,
    policies_cache: Option<(PanelKey, Rc<PoliciesView>)>,
    /// The matrix the page has (sent again only when it changes).
    sent_matrix: Option<Option<Rc<Matrix>>>,
    /// The last snapshot sent (a request that changes none of it sends none).
    sent: Option<Snapshot>,
    /// Snapshots wait for [`Engine::flush`] (see [`Engine::input_later`]).
    deferring: bool,
    /// A snapshot waits.
    dirty: bool,
    /// Parts of files read in parts, read ahead of their file's answer
    /// ([`Input::Part`]), by file id and place.
    ahead: HashMap<(u64, usize), PartRead>,
}

/// A part as read: its pages (or the parser's error), or why its answer
/// could not be read.
type PartRead = Result<Result<Loaded, Error>, String>;

impl Engine {
    pub fn new(now: chrono::DateTime<chrono::Utc>) -> Self {
        Engine {
            session: Session::new(now),
            actions_at: 0,
            fleet_at: 0,
            share: None,
            share_cache: None,
            policies: false,
            policies_filter: PoliciesFilter::default(),
            policies_read: None,
            reading: None,
            policies_cache: None,
            sent_matrix: None,
            sent: None,
            deferring: false,
            dirty: false,
            ahead: HashMap::new(),
        }
    }

    /// The session (for tests and the benchmark).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The last snapshot sent, whole: what the page draws once it took
    /// back the parts left out ([`Snapshot::restore`]); for tests.
    pub fn sent(&self) -> Option<&Snapshot> {
        self.sent.as_ref()
    }

    /// Build everything left for later ([`Session::settle`]): for a caller
    /// that reads the session rather than drawing snapshots (the command line).
    pub fn settle(&mut self) {
        self.session.settle();
    }

    /// One step of work between the page's requests: what a command left
    /// for later ([`Session::catch_up`]), with the snapshot that shows it,
    /// then work ahead ([`Session::idle`]), which sends nothing. `None` when
    /// there is none left.
    pub fn idle(&mut self) -> Option<Vec<Reply>> {
        if self.session.catch_up() {
            return Some(self.snapshot());
        }
        // The open panel's next reading, a few plans a step; the last
        // step shows it.
        if self.policies_due() {
            return Some(match self.read_some(Pace::Step) {
                Some(_) => self.snapshot(),
                None => Vec::new(),
            });
        }
        if self.session.idle() {
            return Some(Vec::new());
        }
        // The closed panel's reading, made ahead: opened, it is there.
        if self.policies_ahead() {
            self.read_some(Pace::Step);
            return Some(Vec::new());
        }
        None
    }

    /// Answer what reached the engine (with what waited, if anything did:
    /// see [`Engine::input_later`]).
    pub fn input(&mut self, input: Input) -> Vec<Reply> {
        let mut replies = self.take(input);
        replies.extend(self.flush());
        replies
    }

    fn take(&mut self, input: Input) -> Vec<Reply> {
        match input {
            Input::Request(r) => self.request(r),
            Input::Parsed(answers) => self.parsed(answers),
            Input::Part { id, index, bytes } => {
                let read = read_part(id, &bytes);
                self.ahead.insert((id, index), read);
                Vec::new()
            }
        }
    }

    /// Whether `input` only tells how a load goes (a file queued, parsed,
    /// lost or unreadable): its snapshot can wait for the next ones. A
    /// thousand files chosen at once are a thousand such inputs; drawn one
    /// by one they kept the page's thread busy for seconds.
    pub fn is_progress(input: &Input) -> bool {
        matches!(
            input,
            Input::Parsed(_)
                | Input::Part { .. }
                | Input::Request(
                    Request::Lost { .. }
                        | Request::Command(
                            Command::Queue { .. }
                                | Command::Reading(_)
                                | Command::Unreadable { .. }
                                | Command::ReadFailed(_)
                        )
                )
        )
    }

    /// Take `input` in, its snapshot left for [`Engine::flush`] (or for the
    /// next [`Engine::input`], which sends it with its own): only the
    /// downloads it makes come back now.
    pub fn input_later(&mut self, input: Input) -> Vec<Reply> {
        self.deferring = true;
        let replies = self.take(input);
        self.deferring = false;
        replies
    }

    /// Whether files are still being read (a load's progress can wait
    /// then; its end cannot).
    pub fn is_loading(&self) -> bool {
        !self.session.pending.is_empty()
    }

    /// The snapshot that waits, if one does and it shows anything new.
    pub fn flush(&mut self) -> Vec<Reply> {
        if std::mem::take(&mut self.dirty) {
            self.snapshot()
        } else {
            Vec::new()
        }
    }

    /// Answer one request from the page.
    pub fn request(&mut self, request: Request) -> Vec<Reply> {
        match request {
            Request::Command(c) => {
                if let Command::Cancel(id) = c {
                    self.forget_parts(id);
                }
                self.apply(c)
            }
            Request::Scripts => vec![Reply::Scripts(crate::report::guide::Scripts::shipped())],
            Request::LoadSample(ids) => {
                // Marked as the sample and pending, then read as any file is.
                let files = ids.iter().copied().zip(crate::report::sample::FILES);
                let mut batch = Vec::new();
                self.session.apply(Command::QueueSample(ids.clone()));
                for (id, (name, bytes)) in files {
                    self.session.apply(Command::Queue {
                        id,
                        name: name.to_string(),
                        size: bytes.len(),
                    });
                    batch.push(Parsed {
                        id,
                        name: name.to_string(),
                        result: crate::report::input::parse_file(name, bytes),
                    });
                }
                self.apply(Command::Parsed(batch))
            }
            Request::Lost { id, error } => {
                self.forget_parts(id);
                let name = self.pending_name(id);
                self.apply(Command::Parsed(vec![Parsed {
                    id,
                    name,
                    result: Err(error),
                }]))
            }
            Request::OpenLink(hash) => match open_link(&hash) {
                Some(c) => self.apply(c),
                None => self.snapshot(),
            },
            Request::HashChanged(hash) => {
                let own = self.session.fragment();
                if hash.trim_start_matches('#') == own {
                    return Vec::new();
                }
                match decode_fragment(&hash) {
                    Ok(view) => self.apply(Command::ApplyView(view)),
                    Err(_) => Vec::new(),
                }
            }
            Request::ActionsAt(first) => {
                self.actions_at = first;
                self.snapshot()
            }
            Request::FleetAt(first) => {
                self.fleet_at = first;
                self.snapshot()
            }
            Request::Share(open) => {
                self.share = open;
                self.snapshot()
            }
            Request::Policies(open) => {
                // Opened: a reading older than the data is read again now
                // (asked for, not an update of what is on screen).
                if open && !self.policies {
                    let key = self.session.plan_key();
                    if self.policies_read.as_ref().is_some_and(|(k, _)| *k != key) {
                        self.policies_read = None;
                    }
                }
                self.policies = open;
                // Each opening starts with every policy (the page's inputs too).
                self.policies_filter = PoliciesFilter::default();
                self.snapshot()
            }
            Request::PoliciesFilter(filter) => {
                self.policies_filter = filter;
                self.snapshot()
            }
            Request::Export(Export::Html { redacted }) => match self.embedded(redacted) {
                Some((name, fragment)) => vec![Reply::Html { name, fragment }],
                None => Vec::new(),
            },
            Request::Export(what) => match self.export(&what) {
                Ok(files) => files
                    .into_iter()
                    .map(|(name, mime, text)| Reply::Download {
                        name,
                        mime: mime.into(),
                        text,
                    })
                    .collect(),
                Err(message) => {
                    self.apply(Command::ReadFailed(Error::new(ErrorKind::InvalidField {
                        message: format!("Export failed: {message}"),
                    })))
                }
            },
        }
    }

    /// Parsed files, as the parse workers answered: `(id, name, parts)`,
    /// each part the bincode bytes of a [`Parsed`] (several for a file read
    /// in parts, joined in order). Bytes that cannot be read fail their file.
    pub fn parsed(&mut self, answers: Vec<(u64, String, Vec<Vec<u8>>)>) -> Vec<Reply> {
        let batch = answers
            .into_iter()
            .map(|(id, name, parts)| {
                let mut results = Vec::with_capacity(parts.len());
                for (index, bytes) in parts.iter().enumerate() {
                    let read = if bytes.is_empty() {
                        self.ahead
                            .remove(&(id, index))
                            .unwrap_or_else(|| Err("its parser gave no answer".into()))
                    } else {
                        read_part(id, bytes)
                    };
                    match read {
                        Ok(result) => results.push(result),
                        Err(reason) => {
                            self.forget_parts(id);
                            return failed(id, &name, &reason);
                        }
                    }
                }
                // Parts read ahead for a file read whole after all.
                self.forget_parts(id);
                let result = match results.len() {
                    0 => return failed(id, &name, "its parser gave no answer"),
                    1 => results.pop().unwrap_or_else(|| Ok(Default::default())),
                    _ => results
                        .into_iter()
                        .collect::<Result<Vec<_>, _>>()
                        .map(crate::report::split::join),
                };
                Parsed { id, name, result }
            })
            .collect();
        self.apply(Command::Parsed(batch))
    }

    /// Drop what was read ahead of file `id`'s answer.
    fn forget_parts(&mut self, id: u64) {
        if !self.ahead.is_empty() {
            self.ahead.retain(|(file, _), _| *file != id);
        }
    }

    fn pending_name(&self, id: u64) -> String {
        self.session
            .pending
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    fn apply(&mut self, c: Command) -> Vec<Reply> {
        if matches!(c, Command::Clear) {
            self.share = None;
            self.actions_at = 0;
            self.fleet_at = 0;
        }
        match self.session.apply(c) {
            Changed::Changed => self.snapshot(),
            Changed::Unchanged => Vec::new(),
        }
    }

    /// A snapshot of what to draw, unless the page has it already (the
    /// engine's first answer: what to draw with nothing loaded).
    pub fn snapshot(&mut self) -> Vec<Reply> {
        if self.deferring {
            self.dirty = true;
            return Vec::new();
        }
        self.dirty = false;
        let mut snap = self.make_snapshot();
        let matrix = self.session.matrix.clone();
        let same_matrix = match (&self.sent_matrix, &matrix) {
            (Some(Some(a)), Some(b)) => Rc::ptr_eq(a, b) || a == b,
            (Some(None), None) => true,
            _ => false,
        };
        if self.sent.as_ref() == Some(&snap) && same_matrix {
            return Vec::new();
        }
        // What the page has already is not sent again.
        if let Some(sent) = self.sent.replace(snap.clone()) {
            snap.strip_sent(&sent);
        }
        if !same_matrix {
            snap.matrix = Some(matrix.clone());
            self.sent_matrix = Some(matrix);
        }
        vec![Reply::Snapshot(Box::new(snap))]
    }

    fn make_snapshot(&mut self) -> Snapshot {
        let share = self.share_view();
        let policies = self.policies_view();
        let s = &self.session;
        let options = s.report_options();
        let (notices, others) = notices(s, &options);
        let view = s.view.as_ref().map(|v| {
            let order = &v.action_order;
            let total = order.len();
            let (offset, range) = window(self.actions_at, total, ACTIONS_WINDOW);
            let rows = order[range]
                .iter()
                .map(|&i| ActionLine::from(&v.actions_all[i as usize]))
                .collect();
            let in_scope = match s.selected_service.as_deref() {
                Some(ns) if order.is_empty() => {
                    v.actions_all.iter().filter(|a| a.namespace() == ns).count()
                }
                Some(_) => total,
                None => v.actions_all.len(),
            };
            Rc::new(ViewSnapshot {
                report: ReportHead::of(&v.report),
                label: v.label.clone(),
                reference: v.reference,
                report_date: reference_time(&v.report, ReferenceMode::ReportDate, s.now),
                staleness: v.staleness,
                coverage: v.coverage,
                regions: v.regions.clone(),
                suggestions: v.suggestions.clone(),
                granted: v.granted.clone(),
                plan: v.plan.clone(),
                compare: v.compare.clone(),
                analyzer: v.analyzer.clone(),
                bars: v.bars.clone(),
                services: v.service_order.clone(),
                all_services: v.all_services.clone(),
                service_tally: v.service_tally,
                action_tally: v.action_tally,
                shown_actions: v.shown_actions,
                actions_in_scope: in_scope,
                actions: Rc::new(ActionsWindow {
                    total,
                    offset,
                    rows,
                }),
                entity_groups: entity_groups(&v.report, s.selected_service.as_deref())
                    .iter()
                    .map(|g| entity_view(g, v.staleness))
                    .collect(),
                kept: Default::default(),
            })
        });
        Snapshot {
            has_data: !s.files.is_empty(),
            pastes: s.pastes,
            now: s.now,
            pending: s.pending.clone(),
            errors: s.errors.iter().map(ErrorView::of).collect(),
            notices,
            others,
            options,
            selected_report: s.selected_report.clone().unwrap_or_default(),
            threshold_days: s.threshold_days,
            service_thresholds: s.service_thresholds.clone(),
            reference: s.reference,
            service_sort: s.service_sort,
            action_sort: s.action_sort,
            matrix_sort: s.matrix_sort,
            selected_service: s.selected_service.clone(),
            filter: s.filter.clone(),
            fragment: s.fragment(),
            view,
            matrix: None,
            fleet: self.fleet_window(),
            fleet_kept: false,
            share,
            policies,
        }
    }

    /// The fleet's rows as shown, a window around the first in view.
    fn fleet_window(&self) -> Option<Rc<FleetWindow>> {
        let s = &self.session;
        let fleet = s.fleet.as_ref()?;
        let order = &s.fleet_order;
        let total = order.len();
        let (offset, range) = window(self.fleet_at, total, FLEET_WINDOW);
        let rows = order[range]
            .iter()
            .filter_map(|&i| fleet.rows.get(i).cloned())
            .collect();
        Some(Rc::new(FleetWindow {
            total,
            all: fleet.rows.len(),
            unused: fleet.unused_count(),
            service_linked: fleet.service_linked_count(),
            with_authz: s.authz.pages > 0,
            with_analyzer: !s.analyzer.findings.is_empty(),
            with_changes: fleet.rows.iter().any(|r| r.changes.is_some()),
            offset,
            rows,
            sort: s.fleet_sort,
            filter: s.fleet_filter.clone(),
        }))
    }

    /// The reports as the share link carries them (redacted or not), made
    /// once per (data, redaction).
    fn shared(&mut self, redacted: bool) -> &ShareCache {
        let key = (self.session.data_version, redacted);
        if self.share_cache.as_ref().map(|c| c.key) != Some(key) {
            self.share_cache = None;
        }
        let reports = &self.session.reports;
        self.share_cache.get_or_insert_with(|| {
            let (reports, redaction) = if redacted {
                let (r, what) = redact(reports);
                (r, Some(what))
            } else {
                (reports.to_vec(), None)
            };
            ShareCache {
                key,
                data: encode_data(&reports),
                reports: Rc::new(reports),
                redaction,
            }
        })
    }

    /// What a saved page carries: its file name and the share fragment
    /// with every report (redacted or not) and the view.
    fn embedded(&mut self, redacted: bool) -> Option<(String, String)> {
        if self.session.reports.is_empty() {
            return None;
        }
        let mut view = self.session.view_state();
        view.data = Some(self.shared(redacted).data.clone());
        if redacted {
            view.labels.clear();
        }
        let label = match (&self.session.view, redacted) {
            (Some(v), false) => v.label.clone(),
            _ => "report".to_string(),
        };
        Some((
            format!("lastaccessed-{}.html", file_stem(&label)),
            encode_fragment(&view),
        ))
    }

    fn share_view(&mut self) -> Option<ShareView> {
        let redacted = self.share?;
        if self.session.reports.is_empty() {
            return None;
        }
        let mut view = self.session.view_state();
        let cache = self.shared(redacted);
        view.data = Some(cache.data.clone());
        let redaction = cache.redaction.clone();
        // Labels are the user's own words and may name what redaction hides.
        let labels_dropped = redacted && !view.labels.is_empty();
        if redacted {
            view.labels.clear();
        }
        Some(ShareView {
            redacted,
            fragment: encode_fragment(&view),
            redaction,
            labels_dropped,
        })
    }

    /// The open panel's reading is older than the data or their ageing, and
    /// no file is coming: it is read again in the engine's idle steps (a
    /// threshold typed key by key reads every plan once, after the last key,
    /// not once a key; a load of many files, once they are all in).
    fn policies_due(&self) -> bool {
        self.policies && self.policies_read_old().is_some_and(|old| old)
    }

    /// The closed panel has no reading for the data as they are, and no
    /// file is coming: it is read ahead in the engine's idle steps, after
    /// the rest of its work ahead.
    fn policies_ahead(&self) -> bool {
        !self.policies && self.policies_read_old().unwrap_or(true)
    }

    /// Whether the last reading is older than the data or their ageing
    /// (`None`: there is none); `Some(false)` too when there is nothing to
    /// read (no authorization details) or a file is coming.
    fn policies_read_old(&self) -> Option<bool> {
        let s = &self.session;
        if s.authz.pages == 0 || !s.pending.is_empty() {
            return Some(false);
        }
        self.policies_read.as_ref().map(|(k, _)| *k != s.plan_key())
    }

    /// Every loaded principal's plan, read into the account's policies for
    /// the data and their ageing as they are now: what the reading ahead
    /// has not read yet, at once.
    fn read_policies(&mut self) -> Rc<AccountPolicies> {
        self.read_some(Pace::AtOnce).unwrap_or_default()
    }

    /// How far the account's policies are read for the data as they are:
    /// (plans read, principals to read); `None` when there is nothing to
    /// read (no authorization details) or they are read.
    pub fn policies_progress(&self) -> Option<(usize, usize)> {
        let key = self.session.plan_key();
        if self.session.authz.pages == 0
            || self.policies_read.as_ref().is_some_and(|(k, _)| *k == key)
        {
            return None;
        }
        let r = self.reading.as_ref().filter(|r| r.key == key);
        let total = r.map_or_else(
            || self.session.planned_principals().len(),
            |r| r.principals.len(),
        );
        Some((r.map_or(0, |r| r.next), total))
    }

    /// Read on into the reading for the data and their ageing as they are
    /// now (a new one when they changed): an idle step's part of it, or the
    /// rest at once; the account's policies once every plan is read.
    fn read_some(&mut self, pace: Pace) -> Option<Rc<AccountPolicies>> {
        let s = &self.session;
        let key = s.plan_key();
        let reading = match &mut self.reading {
            Some(r) if r.key == key => r,
            other => other.insert(Reading {
                key,
                principals: s.planned_principals(),
                evidence: 0,
                next: 0,
                planned: 0,
                tally: PoliciesTally::default(),
            }),
        };
        // Steps of a few plans read every principal's evidence first.
        if pace == Pace::Step && reading.evidence < reading.principals.len() {
            let end = (reading.evidence + EVIDENCE_STEP).min(reading.principals.len());
            let names: Vec<&str> = reading.principals[reading.evidence..end]
                .iter()
                .map(String::as_str)
                .collect();
            s.read_evidence(&names);
            reading.evidence = end;
            return None;
        }
        let step = match pace {
            Pace::Step => POLICIES_STEP,
            Pace::AtOnce => usize::MAX,
        };
        let end = reading
            .next
            .saturating_add(step)
            .min(reading.principals.len());
        let names: Vec<&str> = reading.principals[reading.next..end]
            .iter()
            .map(String::as_str)
            .collect();
        for plan in s.plans_of(&names) {
            reading.planned += 1;
            reading.tally.add(&plan);
        }
        reading.next = end;
        if end < reading.principals.len() {
            return None;
        }
        let done = self.reading.take()?;
        let rows = with_bounds(done.tally.finish(), &self.session.authz);
        let read = Rc::new((rows, done.planned));
        self.policies_read = Some((done.key, read.clone()));
        Some(read)
    }

    /// The account's policies panel, when open: every loaded principal's
    /// plan read once per [`PlansKey`], the first rows sent.
    fn policies_view(&mut self) -> Option<Rc<PoliciesView>> {
        if !self.policies || self.session.authz.pages == 0 {
            return None;
        }
        // A reading made before the data or their ageing changed stays on
        // screen, marked while one is due ([`Engine::policies_due`]; every
        // plan is a second for thousands of principals).
        let (read_key, read) = match &self.policies_read {
            Some((k, read)) => (k.clone(), read.clone()),
            None => (self.session.plan_key(), self.read_policies()),
        };
        let due = self.policies_due();
        let s = &self.session;
        let full = (
            read_key,
            s.labels.clone(),
            self.policies_filter.clone(),
            due,
        );
        if let Some((k, view)) = &self.policies_cache {
            if *k == full {
                return Some(view.clone());
            }
        }
        let (all, principals) = &*read;
        // Each principal as the report switcher names it, and opens it.
        let report_of = |arn: &str| {
            s.reports
                .iter()
                .filter(|r| in_matrix(r))
                .find(|r| {
                    r.principal
                        .as_deref()
                        .is_some_and(|p| same_principal(p, arn))
                })
                .map(|r| (s.label_of(r), r.key.id()))
                .unwrap_or_else(|| (arn.to_string(), String::new()))
        };
        let filter = &self.policies_filter;
        let matching: Vec<_> = all.iter().filter(|p| filter.keeps(p)).collect();
        let mut kinds = std::collections::BTreeMap::new();
        for p in all {
            *kinds.entry(p.kind).or_insert(0) += 1;
        }
        let rows = matching
            .iter()
            .take(POLICIES_SHOWN)
            .map(|p| PolicyLine {
                name: p.name.clone(),
                kind: p.kind,
                arn: p.arn.clone(),
                held_by: p.held_by.clone(),
                principals: p
                    .principals
                    .iter()
                    .take(POLICY_PRINCIPALS_SHOWN)
                    .map(|a| report_of(a))
                    .collect(),
                principal_count: p.principals.len(),
                bounds: p
                    .bounds
                    .iter()
                    .take(POLICY_PRINCIPALS_SHOWN)
                    .map(|a| report_of(a))
                    .collect(),
                bound_count: p.bounds.len(),
                actions: p.actions.clone(),
                removed: p
                    .removed
                    .iter()
                    .take(POLICY_REMOVALS_SHOWN)
                    .cloned()
                    .collect(),
                removed_count: p.removed.len(),
                over_limit: p.over_limit,
            })
            .collect();
        let view = Rc::new(PoliciesView {
            stale: due,
            total: all.len(),
            matching: matching.len(),
            kinds: kinds.into_iter().collect(),
            principals: *principals,
            changed: all.iter().filter(|p| !p.removed.is_empty()).count(),
            rows,
        });
        self.policies_cache = Some((full, view.clone()));
        Some(view)
    }

    /// The files an export makes: (name, MIME type, text).
    fn export(&mut self, what: &Export) -> Result<Vec<(String, &'static str, String)>, String> {
        // What follows the view (a large matrix) is exported as it will be.
        self.session.settle();
        if let Export::SharedReports { redacted } = *what {
            let labels = if redacted {
                Vec::new()
            } else {
                self.session.report_options()
            };
            let cache = self.shared(redacted);
            return Ok(cache
                .reports
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    // The user's labels name the files, unless redacted.
                    let label = labels
                        .get(i)
                        .map(|(_, l)| l.clone())
                        .unwrap_or_else(|| r.default_label());
                    (
                        format!("{}.json", file_stem(&label)),
                        "application/json",
                        report_json(r),
                    )
                })
                .collect());
        }
        match what {
            Export::Rewrite | Export::Policies | Export::ApplyScript | Export::RollbackScript => {
                let plans = self.session.plans();
                if plans.is_empty() {
                    return Err(
                        "no loaded report's principal is in the loaded authorization details"
                            .into(),
                    );
                }
                let reference = match self.session.reference {
                    ReferenceMode::ReportDate => "report date",
                    ReferenceMode::Now => "now",
                };
                return Ok(vec![match what {
                    Export::Rewrite => (
                        "lastaccessed-rewrite.json".into(),
                        "application/json",
                        export_json_with(
                            &plans,
                            self.session.threshold_days,
                            reference,
                            Some(&self.session.analyzer),
                        ),
                    ),
                    Export::Policies => (
                        "lastaccessed-policies.csv".into(),
                        "text/csv",
                        policies_csv(&plans, &self.session.authz)?,
                    ),
                    Export::ApplyScript => (
                        "lastaccessed-apply.sh".into(),
                        "text/x-shellscript",
                        apply_script(&plans),
                    ),
                    _ => (
                        "lastaccessed-rollback.sh".into(),
                        "text/x-shellscript",
                        rollback_script(&plans),
                    ),
                }]);
            }
            _ => {}
        }
        if let Export::Fleet = what {
            let f = self.session.fleet.as_ref().ok_or("there is no fleet")?;
            let text = fleet_csv(f, &self.session.fleet_order)?;
            return Ok(vec![("lastaccessed-fleet.csv".into(), "text/csv", text)]);
        }
        if let Export::Matrix { rows, columns } = what {
            let m = self.session.matrix.as_ref().ok_or("there is no matrix")?;
            let shown = Shown {
                rows: rows.clone(),
                columns: columns.clone(),
            };
            let text = matrix_csv(m, &shown)?;
            return Ok(vec![("lastaccessed-matrix.csv".into(), "text/csv", text)]);
        }
        let v = self.session.view.as_ref().ok_or("no report is shown")?;
        let stem = file_stem(&v.label);
        let csv = "text/csv";
        Ok(vec![match what {
            Export::Services { all: false } => (
                format!("{stem}-services.csv"),
                csv,
                services_csv(v.services())?,
            ),
            Export::Services { all: true } => (
                format!("{stem}-services-all.csv"),
                csv,
                services_csv(v.all_services.iter())?,
            ),
            Export::Actions { all: false } => (
                format!("{stem}-actions.csv"),
                csv,
                actions_csv(v.action_order.iter().map(|&i| &v.actions_all[i as usize]))?,
            ),
            Export::Actions { all: true } => (
                format!("{stem}-actions-all.csv"),
                csv,
                actions_csv(v.actions_all.iter())?,
            ),
            _ => (
                format!("{stem}.json"),
                "application/json",
                report_json(&v.report),
            ),
        }])
    }
}

/// The notes to show: the app's and the files', then the report on
/// screen's; the other reports' under their labels; dismissed ones left out.
/// `options`: every report's id and label, in order (made once per snapshot).
fn notices(s: &Session, options: &[(String, String)]) -> (Vec<NoticeView>, Vec<NoticeView>) {
    // Each note's words are made once: they are what is drawn and what a
    // dismissal names.
    let shown = |v: &NoticeView| !s.dismissed.contains(&v.text);
    let selected = s.selected_report.as_deref().unwrap_or_default();
    let (mut mine, mut others) = (Vec::new(), Vec::new());
    mine.extend(
        s.app_notices
            .iter()
            .chain(s.files.iter().flat_map(|f| f.notices.iter()))
            .map(NoticeView::of)
            .filter(shown),
    );
    for (r, (id, label)) in s.reports.iter().zip(options) {
        let to = if id == selected {
            &mut mine
        } else {
            &mut others
        };
        to.extend(
            r.notices
                .iter()
                .map(NoticeView::of)
                .filter(shown)
                .map(|v| v.about(label)),
        );
    }
    (mine, others)
}

/// One part of a parser's answer for file `id` (the bincode bytes of a
/// [`Parsed`]), or why it cannot be used.
fn read_part(id: u64, bytes: &[u8]) -> PartRead {
    let decoded = bincode::deserialize::<Parsed>(bytes);
    // Decoding interned its repeated strings; not needed past one part.
    crate::report::model::intern::reset();
    match decoded {
        Ok(p) if p.id == id => Ok(p.result),
        Ok(_) => Err("its parser answered for another file".into()),
        Err(e) => Err(format!("the parser's answer could not be read: {e}")),
    }
}

/// A file whose parser's answer could not be used.
fn failed(id: u64, name: &str, reason: &str) -> Parsed {
    Parsed {
        id,
        name: name.to_string(),
        result: Err(Error::new(ErrorKind::NotRead {
            reason: reason.to_string(),
        })
        .in_file(name)),
    }
}
