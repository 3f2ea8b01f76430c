//! The app: a thin view of the engine ([`crate::session::engine::Engine`],
//! in its own Web Worker). It draws the engine's latest [`Snapshot`] and
//! sends [`Request`]s; files go to the parse workers, whose answers are
//! forwarded to the engine untouched. The page keeps only display
//! preferences of its own (time zone, the help panel).

use std::rc::Rc;

use chrono::Utc;
use yew::prelude::*;

use crate::report::guide::Scripts;
use crate::report::matrix::Matrix;
use crate::report::model::Kind;
use crate::report::policy::caveats;
use crate::report::{sample, Error, ErrorKind};
use crate::session::protocol::{ErrorView, Export, Reply, Request, Snapshot};
use crate::session::Command;
use crate::worker::{ParseRequest, Source};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;

use super::account_policies::AccountPolicies;
use super::actions_table::ActionsTable;
use super::age_chart::AgeChart;
use super::analyzer_panel::AnalyzerPanel;
use super::compare_table::CompareTable;
use super::controls::Controls;
use super::download::save;
use super::drop_zone::DropZone;
use super::engine::{EngineHandle, EngineKind};
use super::entities_table::EntitiesTable;
use super::exports::Exports;
use super::files::{self, FileRead};
use super::filter_bar::FilterBar;
use super::fleet_table::FleetTable;
use super::footer::Footer;
use super::format::{Clock, Zone};
use super::granted_table::GrantedTable;
use super::help_panel::HelpPanel;
use super::input_panel::InputPanel;
use super::loader::{buffer_of, Delivered, Loader, Parser};
use super::matrix_view::MatrixView;
use super::messages::Messages;
use super::pending::PendingList;
use super::policy_panel::PolicyPanel;
use super::report_switcher::ReportSwitcher;
use super::rewrite_panel::RewritePanel;
use super::service_thresholds::ServiceThresholds;
use super::services_table::ServicesTable;
use super::share_panel::SharePanel;
use super::skip_links::SkipLinks;
use super::stages::{first_stage, services_stage, use_a_task_later, use_stage, Stage};
use super::status_banner::StatusBanner;
use super::summary::Summary;
use super::theme_toggle::ThemeToggle;
use super::timeline::Timeline;
use super::zone_switch::ZoneSwitch;

/// Where the skip links go: each table's tab stop, the suggestion's heading.
/// What the report shows, for the skip links.
struct Shown {
    fleet: bool,
    compare: bool,
    analyzer: bool,
    matrix: bool,
    principal: bool,
    granted: bool,
    rewrite: bool,
}

fn skip_targets(s: Shown) -> Vec<(&'static str, &'static str)> {
    let Shown {
        fleet,
        compare,
        analyzer,
        matrix,
        principal,
        granted,
        rewrite,
    } = s;
    let mut t = Vec::new();
    if fleet {
        t.push((
            "Fleet",
            "[data-testid=fleet-table] tbody tr[tabindex=\"0\"]",
        ));
    }
    t.push((
        "Services",
        "[data-testid=services-table] tbody tr[tabindex=\"0\"], [data-testid=org-table] tbody tr[tabindex=\"0\"]",
    ));
    if principal {
        t.push((
            "Tracked actions",
            "[data-testid=actions-table] tbody tr[tabindex=\"0\"]",
        ));
    }
    if matrix {
        t.push(("Compare", "[data-testid=matrix-table] td[tabindex=\"0\"]"));
    }
    if compare {
        t.push(("Over time", "#compare-title"));
    }
    if analyzer {
        t.push(("Access Analyzer", "#analyzer-title"));
    }
    if granted {
        t.push(("Granted vs used", "#granted-title"));
    }
    if rewrite {
        t.push(("Rewritten policies", "#rewrite-title"));
    }
    if principal {
        t.push(("Least-privilege suggestion", "#policy-title"));
    }
    t
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// What to open at start: the address's fragment, else the data a saved
/// page carries.
fn start_link() -> String {
    let hash = current_hash();
    if hash.trim_start_matches('#').is_empty() {
        if let Some(f) = super::download::embedded_fragment() {
            return f;
        }
    }
    hash
}

/// What the page draws: the engine's latest snapshot, the matrix it last
/// sent, and why the engine stopped, if it did.
#[derive(Clone, PartialEq)]
pub struct Drawn {
    snap: Rc<Snapshot>,
    matrix: Option<Rc<Matrix>>,
    failed: Option<String>,
    /// The guide's account scripts, once the engine sent them.
    scripts: Option<Rc<Scripts>>,
}

pub enum Drawing {
    Snapshot(Box<Snapshot>),
    Failed(String),
    Scripts(Scripts),
}

impl Reducible for Drawn {
    type Action = Drawing;

    fn reduce(self: Rc<Self>, action: Drawing) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Drawing::Snapshot(mut s) => {
                if let Some(m) = s.matrix.take() {
                    next.matrix = m;
                }
                // The parts the engine did not send again.
                s.restore(&self.snap);
                next.snap = Rc::new(*s);
            }
            Drawing::Failed(why) => next.failed = Some(why),
            Drawing::Scripts(s) => next.scripts = Some(Rc::new(s)),
        }
        Rc::new(next)
    }
}

/// A callback that turns its value into a request to the engine.
fn request<T: 'static>(engine: &EngineHandle, to_request: fn(T) -> Request) -> Callback<T> {
    let engine = engine.clone();
    Callback::from(move |v| engine.request(to_request(v)))
}

/// A callback that turns its value into a command for the engine.
fn sender<T: 'static>(engine: &EngineHandle, to_command: fn(T) -> Command) -> Callback<T> {
    let engine = engine.clone();
    Callback::from(move |v| engine.request(Request::Command(to_command(v))))
}

/// Every file and paste goes the same way: queued, parsed, added.
fn parse(engine: &EngineHandle, loader: &Loader, id: u64, name: String, source: Source) {
    super::mark("la:read");
    let engine = engine.clone();
    let queue = Command::Queue {
        id,
        name: name.clone(),
        size: source.len(),
    };
    loader.parse(ParseRequest::new(id, name, source), move || {
        engine.request(Request::Command(queue))
    });
}

/// The app's callbacks that never change, made at the first render and
/// kept: what they capture lives as long as the app (the engine, the
/// loader, state setters). A callback made anew on every render is a
/// changed prop for every component it is passed to, and draws them all
/// again on every snapshot. Made together by one hook: a hook of its own
/// for each cost the page about half a KB of code apiece.
#[derive(Clone)]
struct Handlers {
    onfiles: Callback<Vec<files::Picked>>,
    oncancel: Callback<u64>,
    onsample: Callback<()>,
    onsearch: Callback<String>,
    ontogglestatus: Callback<crate::report::Status>,
    onregion: Callback<Option<String>>,
    ononlyactions: Callback<bool>,
    onbucket: Callback<Option<crate::report::chart::Bucket>>,
    onclearfilters: Callback<()>,
    onsortmatrix: Callback<Option<usize>>,
    onopenat: Callback<(String, String)>,
    onexport: Callback<Export>,
    onexportmatrix: Callback<(Vec<usize>, Vec<usize>)>,
    onshare: Callback<Option<bool>>,
    ondownloadshared: Callback<bool>,
    onsavehtml: Callback<bool>,
    onactionswindow: Callback<usize>,
    onclear: Callback<()>,
    onscripts: Callback<()>,
    ondismiss: Callback<usize>,
    onthreshold: Callback<u32>,
    onreference: Callback<crate::report::ReferenceMode>,
    onselectreport: Callback<String>,
    onrename: Callback<(String, String)>,
    onzone: Callback<Zone>,
    onhelp: Callback<()>,
    onclosehelp: Callback<()>,
    onservicethreshold: Callback<(String, Option<u32>)>,
    onsortfleet: Callback<crate::report::fleet::FleetColumn>,
    onfleetfilter: Callback<crate::report::fleet::FleetFilter>,
    onfleetwindow: Callback<usize>,
    onexportfleet: Callback<()>,
    onpolicies: Callback<bool>,
    onexportpolicies: Callback<()>,
    onpoliciesfilter: Callback<crate::report::plan::PoliciesFilter>,
    onsortservices: Callback<crate::report::table::ServiceColumn>,
    onsortactions: Callback<crate::report::table::ActionColumn>,
    onselectservice: Callback<Option<String>>,
    onshowall: Callback<()>,
    ondismissnotice: Callback<String>,
}

impl Handlers {
    fn new(
        engine: &EngineHandle,
        loader: &Rc<Loader>,
        zone: UseStateSetter<Zone>,
        help: UseStateSetter<bool>,
    ) -> Self {
        let onread: Callback<FileRead> = {
            let (engine, loader) = (engine.clone(), loader.clone());
            Callback::from(move |(id, name, read): FileRead| {
                // Nothing more of a file cancelled while it was read.
                if loader.take_cancelled(id) {
                    return;
                }
                match read {
                    Ok(bytes) => parse(&engine, &loader, id, name, bytes),
                    Err(error) => {
                        engine.request(Request::Command(Command::Unreadable { id, error }))
                    }
                }
            })
        };
        let onfiles = {
            let (engine, loader) = (engine.clone(), loader.clone());
            Callback::from(move |list: Vec<files::Picked>| {
                // Every file pending at once, each then read and parsed.
                let files = files::named(list, || loader.next_id());
                if files.is_empty() {
                    return;
                }
                let names = files.iter().map(|f| (f.id, f.name.clone(), f.size));
                engine.request(Request::Command(Command::Reading(names.collect())));
                files::read_all(files, onread.clone());
            })
        };
        let oncancel = {
            let (engine, loader) = (engine.clone(), loader.clone());
            Callback::from(move |id| {
                loader.cancel(id);
                engine.request(Request::Command(Command::Cancel(id)));
            })
        };
        // The engine holds the sample and reads it; its files take ids from
        // the loader's count, as every file does.
        let onsample = {
            let (engine, loader) = (engine.clone(), loader.clone());
            Callback::from(move |()| {
                let ids = (0..sample::COUNT).map(|_| loader.next_id()).collect();
                engine.request(Request::LoadSample(ids));
            })
        };
        let onexport = request(engine, Request::Export);
        let onselectservice = sender(engine, Command::SelectService);
        Handlers {
            onfiles,
            oncancel,
            onsample,
            onsearch: sender(engine, Command::SetSearch),
            ontogglestatus: sender(engine, Command::ToggleStatus),
            onregion: sender(engine, Command::SetRegion),
            ononlyactions: sender(engine, Command::SetOnlyWithActions),
            onbucket: sender(engine, Command::SetBucket),
            onclearfilters: sender(engine, |()| Command::ClearFilters),
            onsortmatrix: sender(engine, Command::SortMatrix),
            onopenat: sender(engine, |(id, namespace)| Command::OpenAt { id, namespace }),
            onexportmatrix: onexport.reform(|(rows, columns)| Export::Matrix { rows, columns }),
            onshare: request(engine, Request::Share),
            ondownloadshared: onexport.reform(|redacted| Export::SharedReports { redacted }),
            onsavehtml: onexport.reform(|redacted| Export::Html { redacted }),
            onexport,
            onactionswindow: request(engine, Request::ActionsAt),
            onclear: sender(engine, |()| Command::Clear),
            onscripts: request(engine, |()| Request::Scripts),
            ondismiss: sender(engine, Command::DismissError),
            onthreshold: sender(engine, Command::SetThreshold),
            onreference: sender(engine, |mode| Command::SetReference {
                mode,
                now: Utc::now(),
            }),
            onselectreport: sender(engine, Command::SelectReport),
            onrename: sender(engine, |(id, label)| Command::RenameReport { id, label }),
            onzone: zone.into(),
            onhelp: {
                let help = help.clone();
                Callback::from(move |()| help.set(true))
            },
            onclosehelp: Callback::from(move |()| help.set(false)),
            onservicethreshold: sender(engine, |(namespace, days)| Command::SetServiceThreshold {
                namespace,
                days,
            }),
            onsortfleet: sender(engine, Command::SortFleet),
            onfleetfilter: sender(engine, Command::SetFleetFilter),
            onfleetwindow: request(engine, Request::FleetAt),
            onexportfleet: request(engine, |()| Request::Export(Export::Fleet)),
            onpolicies: request(engine, Request::Policies),
            onexportpolicies: request(engine, |()| Request::Export(Export::Policies)),
            onpoliciesfilter: request(engine, Request::PoliciesFilter),
            onsortservices: sender(engine, Command::SortServices),
            onsortactions: sender(engine, Command::SortActions),
            onshowall: onselectservice.reform(|()| None),
            onselectservice,
            ondismissnotice: sender(engine, Command::DismissNotice),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// How files are parsed: the workers (the app); a same-thread function
    /// in component tests, which cannot start workers.
    #[prop_or(Parser::Workers)]
    pub parser: Parser,
    /// Where the engine runs: its worker (the app); the page's thread in
    /// component tests.
    #[prop_or(EngineKind::Worker)]
    pub engine: EngineKind,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let drawn = use_reducer(|| Drawn {
        snap: Rc::new(Snapshot::empty(Utc::now())),
        matrix: None,
        failed: None,
        scripts: None,
    });
    let state = drawn.snap.clone();
    // Display preferences of this page (kept by Clear, never in links).
    let zone = use_state(|| Zone::Utc);
    let help_open = use_state(|| false);
    let engine = {
        let kind = props.engine.clone();
        let dispatch = drawn.dispatcher();
        let fail = drawn.dispatcher();
        use_memo((), move |_| {
            // The handle, for what the replies lead to (a file that cannot
            // be saved is an error like any other, kept by the engine).
            let handle: Rc<std::cell::OnceCell<EngineHandle>> = Rc::default();
            let me = handle.clone();
            let onreply = Callback::from(move |replies: Vec<Reply>| {
                for r in replies {
                    match r {
                        Reply::Snapshot(s) => {
                            if s.view.is_some() {
                                super::mark("la:snapshot");
                            }
                            dispatch.dispatch(Drawing::Snapshot(s))
                        }
                        Reply::Scripts(s) => dispatch.dispatch(Drawing::Scripts(s)),
                        Reply::Html { name, fragment } => {
                            let me = me.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                if let (Err(e), Some(engine)) =
                                    (super::download::save_html(&name, &fragment).await, me.get())
                                {
                                    engine.request(Request::Command(Command::ReadFailed(
                                        Error::new(ErrorKind::InvalidField {
                                            message: format!("Save as HTML failed: {e}"),
                                        }),
                                    )));
                                }
                            });
                        }
                        Reply::Download { name, mime, text } => {
                            if let (Err(e), Some(engine)) = (save(&name, &mime, &text), me.get()) {
                                engine.request(Request::Command(Command::ReadFailed(Error::new(
                                    ErrorKind::InvalidField {
                                        message: format!(
                                            "Export failed: {name} could not be saved: {e}"
                                        ),
                                    },
                                ))));
                            }
                        }
                    }
                }
            });
            let onfail = Callback::from(move |why: String| fail.dispatch(Drawing::Failed(why)));
            handle
                .get_or_init(|| EngineHandle::new(kind, onreply, onfail))
                .clone()
        })
    };
    let send = {
        let engine = engine.clone();
        move |c: Command| engine.request(Request::Command(c))
    };
    let loader = {
        let engine = engine.clone();
        let ondone = Callback::from(move |batch: Vec<Delivered>| {
            let mut answers = Vec::new();
            for d in batch {
                match d {
                    Delivered::Answer(a) => answers.push(a),
                    Delivered::Lost { id, error } => engine.request(Request::Lost { id, error }),
                    Delivered::Part { id, index, bytes } => engine.part(id, index, bytes),
                }
            }
            if !answers.is_empty() {
                engine.parsed(answers);
            }
        });
        let parser = props.parser.clone();
        use_memo((), move |_| Loader::new(parser, ondone))
    };
    let handlers = {
        let (engine, loader) = (engine.clone(), loader.clone());
        let (zone, help) = (zone.setter(), help_open.setter());
        use_memo((), move |_| Handlers::new(&engine, &loader, zone, help))
    };
    let Handlers {
        onfiles,
        oncancel,
        onsample,
        onsearch,
        ontogglestatus,
        onregion,
        ononlyactions,
        onbucket,
        onclearfilters,
        onsortmatrix,
        onopenat,
        onexport,
        onexportmatrix,
        onshare,
        ondownloadshared,
        onsavehtml,
        onactionswindow,
        onclear,
        onscripts,
        ondismiss,
        onthreshold,
        onreference,
        onselectreport,
        onrename,
        onzone,
        onhelp,
        onclosehelp,
        onservicethreshold,
        onsortfleet,
        onfleetfilter,
        onfleetwindow,
        onexportfleet,
        onpolicies,
        onexportpolicies,
        onpoliciesfilter,
        onsortservices,
        onsortactions,
        onselectservice,
        onshowall,
        ondismissnotice,
    } = (*handlers).clone();
    let onopenreport = onselectreport.clone();
    let onpaste = {
        let (engine, loader) = (engine.clone(), loader.clone());
        // Made again when the count of pastes changes (it names the next).
        (*use_memo(state.pastes, move |&pastes| {
            Callback::from(move |text: String| {
                // Each paste is named, so a message says which one it is about.
                let n = pastes + 1;
                let name = if n == 1 {
                    "pasted text".to_string()
                } else {
                    format!("pasted text {n}")
                };
                engine.request(Request::Command(Command::Pasted));
                parse(
                    &engine,
                    &loader,
                    loader.next_id(),
                    name,
                    buffer_of(text.as_bytes()),
                )
            })
        }))
        .clone()
    };
    // A share link: read once, at start.
    {
        let engine = engine.clone();
        use_effect_with((), move |_| {
            engine.request(Request::OpenLink(start_link()));
        });
    }
    // The fragment follows the view (replaceState: no history spam), once
    // the view has stayed the same for a moment: replaceState costs
    // milliseconds a call, and Chromium ignores a page that calls it
    // hundreds of times in a few seconds (a held key). A fragment changed
    // by hand or by back/forward is applied.
    // The view drawn before the engine has answered is not the page's: the
    // address keeps the link being opened until the view changes.
    let fragment = state.fragment.clone();
    let latest = use_mut_ref(String::new);
    let follow = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let first = use_mut_ref(|| true);
    use_effect_with(fragment.clone(), move |f| {
        *latest.borrow_mut() = f.clone();
        if std::mem::replace(&mut *first.borrow_mut(), false) {
            return;
        }
        // Replacing the timer cancels the one before.
        *follow.borrow_mut() = Some(gloo::timers::callback::Timeout::new(
            FRAGMENT_DELAY_MS,
            move || set_fragment(&latest.borrow()),
        ));
    });
    {
        let engine = engine.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                engine.request(Request::HashChanged(current_hash()));
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

    let notices = state.notices.clone();
    let other_notices = state.others.clone();
    let ondismissall = {
        let all: Vec<String> = notices
            .iter()
            .map(|n| n.text.clone())
            .chain(other_notices.iter().map(|n| n.text.clone()))
            .collect();
        let send = send.clone();
        (*use_memo(all, move |all| {
            let all = all.clone();
            Callback::from(move |()| send(Command::DismissAll(all.clone())))
        }))
        .clone()
    };
    // The engine stopped: said with the files' messages (after them, so
    // their positions stay the engine's).
    let mut errors = state.errors.clone();
    if let Some(why) = &drawn.failed {
        errors.push(ErrorView::text(
            "this page",
            format!("not read: {why}; reload the page to go on"),
        ));
    }
    let has_data = state.has_data;
    let clock = Clock {
        zone: *zone,
        now: state.now,
    };
    let principal = state.view.as_ref().and_then(|v| v.report.principal.clone());
    let matrix = drawn.matrix.clone();
    let options = state.options.clone();
    // A report just shown is drawn in stages, a task each: the fleet, the
    // summary, each table, the charts, the panels and policies, the matrix
    // (a 40 MB load's first render would otherwise be one long main-thread
    // task).
    let stage = use_stage(
        state.view.as_ref().map(|_| state.selected_report.clone()),
        first_stage(
            state.fleet.is_some(),
            state
                .view
                .as_ref()
                .map(|v| (v.report.services, v.action_tally.total)),
        ),
    );
    let charts = stage >= Stage::Charts;
    let full = stage >= Stage::Panels;
    let fleet_drawn = use_a_task_later(state.fleet.is_some());
    // The benchmark's "window on screen": every render committed to the DOM
    // (a mark in `make bench`'s build only).
    use_effect(|| super::mark("la:drawn"));

    html! {
        <ContextProvider<Clock> context={clock}>
        <DropZone onfiles={onfiles.clone()}>
            <header class="app-header">
                <div class="title-row">
                    <h1>{"lastaccessed"}</h1>
                    <div class="header-tools">
                        if has_data {
                            <button type="button" class="link" data-testid="open-help"
                                aria-expanded={(*help_open).to_string()} aria-controls="how-to"
                                onclick={onhelp.reform(|_: MouseEvent| ())}>{"How to get a report"}</button>
                        }
                        <ZoneSwitch zone={*zone} onchange={onzone} />
                        <ThemeToggle />
                    </div>
                </div>
                <p class="tagline">
                    {"Review AWS IAM service last accessed reports. Everything stays in this page: nothing is uploaded or stored."}
                </p>
            </header>
            <main id="main">
                <InputPanel {onfiles} {onpaste} {onsample} {onclear} {has_data} />
                <PendingList pending={state.pending.clone()} {oncancel} />
                <Messages {errors} {notices} others={other_notices}
                    {ondismiss} {ondismissnotice} {ondismissall} onhelp={onhelp.clone()} />
                if has_data && *help_open {
                    <HelpPanel arn={principal.clone()} onclose={onclosehelp} scripts={drawn.scripts.clone()} onscripts={onscripts.clone()}
                        scripts_failed={drawn.failed.is_some()} />
                }
                if let Some(view) = state.view.clone() {
                    <section class="report" aria-label="report">
                        if view.report.services > 0 {
                            <SkipLinks targets={skip_targets(Shown {
                                fleet: state.fleet.is_some(),
                                compare: view.compare.is_some(),
                                analyzer: view.analyzer.is_some(),
                                matrix: matrix.is_some(),
                                principal: view.report.kind == Kind::ServiceLastAccessed,
                                granted: view.granted.is_some(),
                                rewrite: view.plan.is_some(),
                            })} />
                        }
                        <ReportSwitcher
                            options={options.clone()}
                            selected={state.selected_report.clone()}
                            onselect={onselectreport.clone()}
                            {onrename}
                        />
                        <Controls
                            threshold_days={state.threshold_days}
                            reference={state.reference}
                            {onthreshold}
                            {onreference}
                        />
                        // Its datalist, an option per service, comes with the panels.
                        if view.report.services > 0 {
                            <ServiceThresholds thresholds={state.service_thresholds.clone()}
                                services={if full { view.all_services.clone() } else { Rc::default() }}
                                threshold_days={state.threshold_days} onset={onservicethreshold} />
                        }
                        if let (true, Some(fleet)) = (fleet_drawn, state.fleet.clone()) {
                            <FleetTable {fleet} threshold_days={state.threshold_days}
                                selected={state.selected_report.clone()} onsort={onsortfleet}
                                onfilter={onfleetfilter} onwindow={onfleetwindow}
                                onopen={onopenreport.clone()} onexport={onexportfleet} />
                            if state.fleet.as_ref().is_some_and(|f| f.with_authz) {
                                <AccountPolicies view={state.policies.clone()} ontoggle={onpolicies}
                                    onopen={onopenreport} onexport={onexportpolicies} onfilter={onpoliciesfilter} />
                            }
                        }
                        if stage >= Stage::Summary {
                            <Summary view={view.clone()} reports={options.len()} threshold_days={state.threshold_days} reference_mode={state.reference} />
                            <StatusBanner report={view.report.clone()} />
                        }
                        if stage >= Stage::Summary && view.report.services > 0 {
                            <FilterBar filter={state.filter.clone()} tally={view.service_tally} regions={view.regions.clone()}
                                search_ref={search_ref.clone()} {onsearch} {ontogglestatus} {onregion} {ononlyactions}
                                onbucket={onbucket.clone()} onclear={onclearfilters.clone()} />
                        }
                        if view.report.services > 0 && charts {
                            <div class="charts">
                                <AgeChart bars={view.bars.clone()} threshold_days={state.threshold_days}
                                    selected={state.filter.bucket} {onbucket} />
                                <Timeline rows={view.all_services.clone()} shown={view.services.clone()} reference={view.reference}
                                    report_date={view.report_date}
                                    threshold_days={state.threshold_days} />
                            </div>
                            <p class="caveat-note" data-testid="chart-caveat">
                                { caveats(view.report.kind == Kind::Organizations, true).join(" ") }
                            </p>
                            <SharePanel share={state.share.clone()} {onshare} ondownload={ondownloadshared} {onsavehtml} />
                            <Exports has_actions={view.action_tally.total > 0} onexport={onexport.clone()} />
                        }
                        if stage >= services_stage(view.report.services) && (view.report.services > 0 || view.report.entity_groups.is_empty()) {
                            <ServicesTable
                                all={view.all_services.clone()}
                                shown={view.services.clone()}
                                sort={state.service_sort}
                                selected={state.selected_service.clone()}
                                reference={state.reference}
                                org={view.report.kind == Kind::Organizations}
                                show_entity={view.report.principal.is_none()}
                                total={view.service_tally.total}
                                onclearfilters={onclearfilters.clone()}
                                onsort={onsortservices}
                                onselect={onselectservice.clone()}
                            />
                        }
                        if stage >= Stage::Services {
                        { for view.entity_groups.iter().cloned().map(|group| html! {
                            <EntitiesTable {group} reference={state.reference}
                                focus={view.report.services > 0} />
                        }) }
                        }
                        if stage >= Stage::Actions && view.report.is_principal() {
                            <ActionsTable
                                rows={view.actions.clone()}
                                onwindow={onactionswindow}
                                sort={state.action_sort}
                                selected={state.selected_service.clone()}
                                reference={state.reference}
                                total={view.action_tally.total}
                                in_scope={view.actions_in_scope}
                                onclearfilters={onclearfilters.clone()}
                                onsort={onsortactions}
                                show_entity={view.report.principal.is_none()}
                                onshowall={onshowall}
                            />
                        }
                        if !full {
                            <p class="muted" data-testid="more-coming" aria-busy="true">{"…"}</p>
                        } else if let (true, Some(matrix)) = (stage >= Stage::Matrix, matrix.clone()) {
                            <MatrixView {matrix} sort={state.matrix_sort} onsort={onsortmatrix}
                                onopen={onopenat} onexport={onexportmatrix} />
                        }
                        if let (true, Some(compare)) = (full, view.compare.clone()) {
                            <CompareTable {compare} onopen={onselectreport.clone()} />
                        }
                        if let (true, Some(analyzer)) = (full, view.analyzer.clone()) {
                            <AnalyzerPanel view={analyzer} threshold_days={state.threshold_days} />
                        }
                        if let (true, Some(granted)) = (full, view.granted.clone()) {
                            <GrantedTable view={granted} reference={state.reference} />
                        }
                        if let (true, Some(plan)) = (full, view.plan.clone()) {
                            <RewritePanel {plan} threshold_days={state.threshold_days} onexport={onexport.clone()} />
                        }
                        // A principal's documents, or an Organizations
                        // report's SCPs.
                        if full && view.report.services > 0 {
                            <PolicyPanel suggestions={view.suggestions.clone()}
                                org={view.report.kind == Kind::Organizations}
                                threshold_days={state.threshold_days} />
                        }
                    </section>
                } else if !has_data && state.pending.is_empty() {
                    <section class="empty-state" data-testid="empty-state">
                        <h2>{"No report loaded yet"}</h2>
                        <p>{"Drop one or more files saved from "}<code>{"aws iam get-service-last-accessed-details"}</code>
                        {" (or boto3) anywhere on this page, choose them, or paste one above. Pages of the same report are joined automatically."}</p>
                        <p>{"No file yet? The commands below produce one. Want to look around first? Use "}<strong>{"Load sample report"}</strong>{"."}</p>
                    </section>
                }
                // Outside the branch above, so the typed ARN survives a file being read.
                if !has_data {
                    <HelpPanel scripts={drawn.scripts.clone()} {onscripts} scripts_failed={drawn.failed.is_some()} />
                }
            </main>
            <Footer />
        </DropZone>
        </ContextProvider<Clock>>
    }
}

/// How long the view stays the same before the fragment follows it.
const FRAGMENT_DELAY_MS: u32 = 250;

/// Put `f` after the `#` of the page's address, without a history entry.
fn set_fragment(f: &str) {
    let target = if f.is_empty() {
        String::new()
    } else {
        format!("#{f}")
    };
    if current_hash() == target {
        return;
    }
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
