//! The fleet: one row per principal report, unused principals first, with
//! what each was granted, used, left stale or never used and (with the
//! account's authorization details) the unused Write and Permissions
//! management actions its policies grant. Filter by text, kind and flags;
//! sort by any column; a row (click, Enter or Space) opens that principal's
//! report. The engine sends a window of the rows around those in view.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::fleet::{FleetColumn, FleetFilter, FleetRow, SERVICE_LINKED};
use crate::session::protocol::FleetWindow;

use super::draft::use_draft;
use super::roving::use_roving;
use super::row_window::use_row_window;
use super::sort_header::header_row;
use super::time_text::TimeText;

#[derive(Properties, PartialEq)]
pub struct FleetTableProps {
    pub fleet: Rc<FleetWindow>,
    pub threshold_days: u32,
    /// The report on screen (its row is marked).
    pub selected: String,
    pub onsort: Callback<FleetColumn>,
    pub onfilter: Callback<FleetFilter>,
    /// The rows from this one on are in view (ask the engine for them).
    pub onwindow: Callback<usize>,
    /// Open a report (its id).
    pub onopen: Callback<String>,
    pub onexport: Callback<()>,
}

const COLUMNS: [(FleetColumn, &str); 11] = [
    (FleetColumn::Principal, "Principal"),
    (FleetColumn::Kind, "Kind"),
    (FleetColumn::Account, "Account"),
    (FleetColumn::LastActivity, "Last activity (UTC)"),
    (FleetColumn::Granted, "Services"),
    (FleetColumn::Used, "Used"),
    (FleetColumn::Stale, "Stale"),
    (FleetColumn::Never, "Never"),
    (FleetColumn::UnusedRisky, "Unused write access"),
    (FleetColumn::Analyzer, "Access Analyzer"),
    (FleetColumn::Changes, "Since the earlier report"),
];

fn row(
    r: &FleetRow,
    index: usize,
    tab_stop: bool,
    props: &FleetTableProps,
    onfocus: &Callback<usize>,
) -> Html {
    let id = r.id.clone();
    let onclick = props.onopen.reform({
        let id = id.clone();
        move |_: MouseEvent| id.clone()
    });
    let onopen = props.onopen.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if matches!(e.key().as_str(), "Enter" | " ") {
            e.prevent_default();
            onopen.emit(id.clone());
        }
    });
    let onfocus = onfocus.reform(move |_: FocusEvent| index);
    let unused = r.unused();
    let selected = r.id == props.selected;
    let share = r
        .used_share()
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    let risky = match r.unused_risky {
        Some(0) => html! { "0" },
        // Not a finding: nobody can take it away.
        Some(n) if r.service_linked => html! {
            <span class="muted" title="A service-linked role's policies belong to its service: IAM lets nobody change them">{ n }</span>
        },
        Some(n) => html! { <strong class="risky">{ format!("⚠ {n}") }</strong> },
        None => html! { "—" },
    };
    html! {
        <tr key={r.id.clone()} aria-rowindex={(index + 2).to_string()}
            class={classes!("row", unused.then_some("unused-principal"), selected.then_some("selected"))}
            aria-selected={selected.to_string()}
            data-principal={r.principal.clone().unwrap_or_else(|| r.label.clone())}
            data-kind={r.kind.clone()} data-unused={unused.to_string()}
            data-used={r.used.to_string()} data-granted={r.granted.to_string()}
            data-pos={index.to_string()} tabindex={if tab_stop { "0" } else { "-1" }}
            {onclick} {onkeydown} {onfocus}>
            <td data-label="Principal">
                <span class="clamp" title={r.principal.clone().unwrap_or_else(|| r.label.clone())}>{ r.name.clone() }</span>
                // Their own line under the name: in a windowed table (rows of
                // a fixed height) each shrinks, so none is hidden by another.
                if unused || r.young.is_some() || r.incomplete || r.permission_set.is_some() || r.service_linked || r.boundary.is_some() {
                    <span class="flags">
                        if unused {
                            <span class="flag" title="Nothing it was granted was used within the threshold">{"unused"}</span>
                        }
                        if let Some(days) = r.young {
                            <span class="flag note" data-testid="fleet-new"
                                title={if days < 0 { "Created after its report: the report is about an earlier principal of the same name".to_string() }
                                    else { format!("Created {days} days before its report, less than the threshold: what it did not use is not proven unused") }}>{"new"}</span>
                        }
                        if r.incomplete {
                            <span class="flag warn" title="The report's last page says more pages exist">{"incomplete"}</span>
                        }
                        if let Some(set) = &r.permission_set {
                            <span class="flag note" data-testid="identity-center"
                                title={format!("Provisioned by IAM Identity Center from the permission set {set}: IAM lets nobody change the role itself; change the permission set")}>{"Identity Center"}</span>
                        }
                        if r.service_linked {
                            <span class="flag note" data-testid="service-linked" title="A service-linked role: IAM lets nobody change its permissions; delete it if its service no longer needs it">{"service-linked"}</span>
                        }
                        if let Some(b) = &r.boundary {
                            <span class="flag note" data-testid="fleet-boundary"
                                title={format!("Its permissions boundary, {b}, caps what its policies grant{}", if r.boundary_counted {
                                    ": its unused write access is counted within it"
                                } else {
                                    " (its document is not in the loaded details): some of its unused write access may be out of its reach already"
                                })}>{"boundary"}</span>
                        }
                    </span>
                }
            </td>
            <td data-label="Kind">{ r.kind.clone() }</td>
            <td data-label="Account">{ r.account.clone().unwrap_or_else(|| "—".into()) }</td>
            <td data-label="Last activity">
                <TimeText at={r.last_activity} rel={
                    match r.role_last_used {
                        Some(t) => Some(format!("role last used {}", crate::report::time::format_utc(&t))),
                        None if r.last_activity.is_none() => Some("no recorded activity".to_string()),
                        None => None,
                    }
                } />
            </td>
            <td data-label="Services" class="num">{ r.granted }</td>
            <td data-label="Used" class="num">{ format!("{}{share}", r.used) }</td>
            <td data-label="Stale" class="num">{ r.stale }</td>
            <td data-label="Never" class="num">{ r.never }</td>
            if props.fleet.with_authz {
                <td data-label="Unused write access" class="num">{ risky }</td>
            }
            if props.fleet.with_analyzer {
                <td data-label="Access Analyzer" class="num" data-analyzer={r.analyzer.unwrap_or(0).to_string()}>{
                    match r.analyzer {
                        Some(0) | None => "—".to_string(),
                        Some(n) => format!("{n} finding{}", if n == 1 { "" } else { "s" }),
                    }
                }</td>
            }
            if props.fleet.with_changes {
                <td data-label="Since the earlier report" data-changes={r.changes.map(|c| c.total()).unwrap_or(0).to_string()}>{
                    match r.changes {
                        None => "—".to_string(),
                        Some(c) if c.total() == 0 => "no change".to_string(),
                        Some(c) => [
                            (c.newly_used, "newly used"),
                            (c.newly_stale, "went stale"),
                            (c.newly_never, "no longer used"),
                            (c.added, "newly granted"),
                            (c.removed, "no longer granted"),
                        ]
                        .iter()
                        .filter(|(n, _)| *n > 0)
                        .map(|(n, l)| format!("{n} {l}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    }
                }</td>
            }
        </tr>
    }
}

#[function_component(FleetTable)]
pub fn fleet_table(props: &FleetTableProps) -> Html {
    let f = &props.fleet;
    let total = f.total;
    let w = use_row_window(total, f.all);
    {
        let missing = !f.covers(w.first, w.count);
        let onwindow = props.onwindow.clone();
        use_effect_with((w.first, missing), move |(first, missing)| {
            if *missing {
                onwindow.emit(*first);
            }
        });
    }
    let roving = use_roving(total, w.windowed);
    let stop = roving
        .active
        .clamp(w.first, (w.first + w.count).saturating_sub(1).max(w.first));
    // The filters as the user last set them: an edit made before the
    // engine answers the one before builds on it, not on the old filters.
    let draft = use_draft(&f.filter);
    let set = {
        let (onfilter, draft) = (props.onfilter.clone(), draft.clone());
        move |change: &dyn Fn(&mut FleetFilter)| {
            let mut next = draft.latest();
            change(&mut next);
            draft.edit(next.clone(), Some(next.clone()));
            onfilter.emit(next);
        }
    };
    let oninput = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = el.value();
            set(&|f: &mut FleetFilter| f.text = text.clone());
        })
    };
    let onkind = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let v = el.value();
            set(&|f: &mut FleetFilter| f.kind = (!v.is_empty()).then(|| v.clone()));
        })
    };
    let toggle = |unused: bool| {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let on = el.checked();
            set(&|f: &mut FleetFilter| {
                if unused {
                    f.only_unused = on;
                } else {
                    f.only_risky = on;
                }
            });
        })
    };
    let columns: Vec<(FleetColumn, &str)> = COLUMNS
        .into_iter()
        .filter(|(c, _)| f.with_authz || *c != FleetColumn::UnusedRisky)
        .filter(|(c, _)| f.with_analyzer || *c != FleetColumn::Analyzer)
        .filter(|(c, _)| f.with_changes || *c != FleetColumn::Changes)
        .collect();
    let span = columns.len();
    let shown = &draft.value;
    let kind = shown.kind.clone().unwrap_or_default();
    // Service-linked roles get a choice of their own when there are some
    // (or it is the one chosen).
    let slr_choice = f.service_linked > 0 || kind == SERVICE_LINKED;
    html! {
        <section class="table-section fleet" data-testid="fleet" aria-labelledby="fleet-title">
            <h2 id="fleet-title" tabindex="-1">{"Fleet"}</h2>
            <p data-testid="fleet-summary">
                { format!("{} principal{}; ", f.all, if f.all == 1 { "" } else { "s" }) }
                <strong>{ format!("{} used nothing in the last {} days", f.unused, props.threshold_days) }</strong>
                if f.service_linked > 0 {
                    <span data-testid="fleet-service-linked">{ format!(
                        "; {} service-linked role{}, whose permissions IAM lets nobody change",
                        f.service_linked,
                        if f.service_linked == 1 { "" } else { "s" },
                    ) }</span>
                }
                { if f.with_authz { ". Unused write access: Write and Permissions management actions their policies grant in services they did not use (within its permissions boundary, for a principal with one)." } else { ". Load the account's authorization details to see the unused write access their policies grant." } }
            </p>
            <div class="fleet-filters">
                <label>{"Find "}
                    <input type="search" data-testid="fleet-search" value={shown.text.clone()} {oninput}
                        placeholder="name, ARN or account" aria-label="find principals" />
                </label>
                <label>{"Kind "}
                    <select data-testid="fleet-kind" onchange={onkind}>
                        { for [
                            ("", "all"),
                            ("role", if slr_choice { "roles (not service-linked)" } else { "roles" }),
                            (SERVICE_LINKED, "service-linked roles"),
                            ("user", "users"),
                            ("group", "groups"),
                            ("report", "other reports"),
                        ].into_iter().filter(|(v, _)| slr_choice || *v != SERVICE_LINKED).map(|(v, l)| html! {
                            <option value={v} selected={kind == v}>{ l }</option>
                        }) }
                    </select>
                </label>
                <label class="check"><input type="checkbox" data-testid="fleet-only-unused"
                    checked={shown.only_unused} onchange={toggle(true)} />{" only unused principals"}</label>
                if f.with_authz {
                    <label class="check" title="Service-linked roles are left out: nobody can change their policies"><input type="checkbox" data-testid="fleet-only-risky"
                        checked={shown.only_risky} onchange={toggle(false)} />{" only with unused write access"}</label>
                }
                <button type="button" data-testid="export-fleet" onclick={props.onexport.reform(|_: MouseEvent| ())}>{"Fleet (CSV)"}</button>
            </div>
            <div class={classes!("table-wrap", "fleet-scroll", w.windowed.then_some("virtual"))} onscroll={w.onscroll.clone()}
                data-testid="fleet-scroll" ref={roving.scroll.clone()}>
                <table data-testid="fleet-table" class="data" aria-rowcount={(total + 1).to_string()}>
                    <caption class="visually-hidden">{"One row per principal report; Enter opens it."}</caption>
                    { header_row(&columns, sort_of(f), &props.onsort) }
                    <tbody onkeydown={roving.onkeydown.clone()}>
                        { w.around(span, (w.first..w.first + w.count).map(|i| match f.get(i) {
                            Some(r) => row(r, i, i == stop, props, &roving.onfocus),
                            None => html! {
                                <tr key={format!("#{i}")} class="row pending-row" aria-busy="true"><td colspan={span.to_string()}></td></tr>
                            },
                        })) }
                    </tbody>
                </table>
            </div>
            if total == 0 {
                <p class="empty-table" data-testid="fleet-empty">{ format!("No principal matches; all {} are hidden.", f.all) }</p>
            } else if total != f.all {
                <p class="muted" data-testid="fleet-count">{ format!("{total} of {} shown", f.all) }</p>
            }
        </section>
    }
}

fn sort_of(f: &FleetWindow) -> crate::report::table::Sort<FleetColumn> {
    f.sort
}
