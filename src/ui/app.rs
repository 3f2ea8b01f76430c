//! The app: one `use_reducer` holding the [`Session`] (everything the app
//! knows, no web dependencies); every change is a [`Command`] applied to it,
//! and a command that changes nothing keeps what is drawn. The page keeps
//! only display preferences of its own (time zone, the help panel).

use std::rc::Rc;

use chrono::Utc;
use yew::prelude::*;

use crate::report::model::Kind;
use crate::report::policy::{CAVEATS, CHART_CAVEATS};
use crate::report::share::{decode_fragment, ViewState};
use crate::report::staleness::reference_time;
use crate::report::{sample, Error, ErrorKind, Notice, ReferenceMode};
use crate::session::{entity_groups, open_link, Changed, Command, Session};
use crate::worker::ParseRequest;
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
use super::loader::{buffer_of, Loader, Parser};
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

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// The page's reducer: a command that changes nothing keeps the same `Rc`,
/// so nothing is drawn again.
impl Reducible for Session {
    type Action = Command;

    fn reduce(self: Rc<Self>, command: Command) -> Rc<Self> {
        let mut next = (*self).clone();
        match next.apply(command) {
            Changed::Changed => Rc::new(next),
            Changed::Unchanged => self,
        }
    }
}

/// A callback that turns its value into a command and dispatches it.
fn sender<T: 'static>(
    state: &UseReducerHandle<Session>,
    to_action: impl Fn(T) -> Command + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |v| state.dispatch(to_action(v)))
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// How files are parsed: the workers (the app); a same-thread function
    /// in component tests, which cannot start workers.
    #[prop_or(Parser::Workers)]
    pub parser: Parser,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| Session::new(Utc::now()));
    // Display preferences of this page (kept by Clear, never in links).
    let zone = use_state(|| Zone::Utc);
    let help_open = use_state(|| false);
    let loader = {
        let ondone = sender(&state, Command::Parsed);
        let parser = props.parser.clone();
        use_memo((), move |_| Loader::new(parser, ondone))
    };
    // Every file and paste goes the same way: queued, parsed, added.
    let parse = {
        let state = state.clone();
        let loader = loader.clone();
        move |id: u64, name: String, bytes: js_sys::ArrayBuffer| {
            state.dispatch(Command::Queue {
                id,
                name: name.clone(),
                size: bytes.byte_length() as usize,
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
            Err(e) => state.dispatch(Command::ReadFailed(e)),
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
            state.dispatch(Command::Pasted);
            parse(loader.next_id(), name, buffer_of(text.as_bytes()))
        })
    };
    let onsearch = sender(&state, Command::SetSearch);
    let ontogglestatus = sender(&state, Command::ToggleStatus);
    let onregion = sender(&state, Command::SetRegion);
    let ononlyactions = sender(&state, Command::SetOnlyWithActions);
    let onbucket = sender(&state, Command::SetBucket);
    let onclearfilters = sender(&state, |()| Command::ClearFilters);
    let onsortmatrix = sender(&state, Command::SortMatrix);
    let onopenat = sender(&state, |(id, namespace)| Command::OpenAt { id, namespace });
    let onexporterror = sender(&state, |message| {
        Command::ReadFailed(Error::new(ErrorKind::InvalidField { message }))
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
                    state.dispatch(Command::ApplyView(view));
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
            state.dispatch(Command::Cancel(id));
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
            state.dispatch(Command::QueueSample(ids.clone()));
            for (id, (name, bytes)) in ids.into_iter().zip(sample::FILES) {
                parse(id, name.to_string(), buffer_of(bytes));
            }
        })
    };
    let onclear = sender(&state, |()| Command::Clear);
    let ondismiss = sender(&state, Command::DismissError);
    let onthreshold = sender(&state, Command::SetThreshold);
    let onreference = sender(&state, |mode| Command::SetReference {
        mode,
        now: Utc::now(),
    });
    let onselectreport = sender(&state, Command::SelectReport);
    let onrename = sender(&state, |(id, label)| Command::RenameReport { id, label });
    let onzone = {
        let zone = zone.clone();
        Callback::from(move |z: Zone| zone.set(z))
    };
    let onhelp = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(true))
    };
    let onclosehelp = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(false))
    };
    let onsortservices = sender(&state, Command::SortServices);
    let onsortactions = sender(&state, Command::SortActions);
    let onselectservice = sender(&state, Command::SelectService);

    // Notes: the app's and the files', then the report on screen's (under its
    // label), the other reports' behind a count; dismissed ones left out.
    let shown = |n: &Notice| !state.dismissed.contains(&n.text());
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
    // Every report's id and label, made once per render (switcher, notes, share).
    let options = state.report_options();
    let other_notices: Vec<(String, Notice)> = state
        .reports
        .iter()
        .zip(&options)
        .filter(|(r, _)| r.key.id() != selected)
        .flat_map(|(r, (_, label))| {
            let label = label.clone();
            r.notices
                .iter()
                .filter(|n| shown(n))
                .map(move |n| (label.clone(), n.clone()))
        })
        .collect();
    let subject = state.view.as_ref().map(|v| v.label.clone());
    let ondismissnotice = sender(&state, Command::DismissNotice);
    let ondismissall = {
        let all: Vec<String> = notices
            .iter()
            .map(|n| n.text())
            .chain(other_notices.iter().map(|(_, n)| n.text()))
            .collect();
        sender(&state, move |()| Command::DismissAll(all.clone()))
    };
    let has_data = !state.files.is_empty();
    let clock = Clock {
        zone: *zone,
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
            <InputPanel {onfiles} {onpaste} {onsample} {onclear} {has_data} />
            <PendingList pending={state.pending.clone()} {oncancel} />
            <Messages errors={state.errors.clone()} {notices} {subject} others={other_notices}
                {ondismiss} {ondismissnotice} {ondismissall} onhelp={onhelp.clone()} />
            if has_data && *help_open {
                <HelpPanel arn={principal.clone()} onclose={onclosehelp} />
            }
            if let Some(view) = state.view.clone() {
                <section class="report" aria-label="report">
                    if !view.report.services.is_empty() {
                        <SkipLinks targets={skip_targets(state.matrix.is_some(), view.report.kind() == Kind::ServiceLastAccessed)} />
                    }
                    <ReportSwitcher
                        options={options.clone()}
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
                            { CHART_CAVEATS.iter().map(|&i| CAVEATS[i]).collect::<Vec<_>>().join(" ") }
                        </p>
                        <SharePanel reports={state.reports.clone()}
                            labels={options.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>()}
                            view={ViewState { data: None, ..state.view_state() }} />
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
