//! The services table: one row per service, sortable by every column.
//! Clicking a row (or Enter on it) shows that service's actions.

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::report::table::{ServiceColumn, ServiceRow, Sort};
use crate::report::ReferenceMode;

use super::format::{arn_in_row, opt, status_cell, use_zone, zoned_columns};
use super::roving::use_roving;
use super::row_window::{use_kept_rows, use_row_window};
use super::sort_header::header_row;
use super::time_text::time_cell;

#[derive(Properties, PartialEq)]
pub struct ServicesTableProps {
    /// Every service of the report.
    pub all: Rc<Vec<ServiceRow>>,
    /// Those shown, in their order (places in `all`).
    pub shown: Rc<Vec<u32>>,
    pub sort: Sort<ServiceColumn>,
    /// Namespace whose actions are shown.
    pub selected: Option<String>,
    pub reference: ReferenceMode,
    /// An organizations access report: entity paths, not entities.
    #[prop_or_default]
    pub org: bool,
    /// Show the Entity column (off when every entity is the report's principal).
    #[prop_or(true)]
    pub show_entity: bool,
    pub onsort: Callback<ServiceColumn>,
    /// Services in the report before filtering (to tell "none" from "all hidden").
    pub total: usize,
    pub onclearfilters: Callback<()>,
    /// Select a service (or `None` to show all actions again).
    pub onselect: Callback<Option<String>>,
}

/// The columns shown: an organizations report names its columns its own
/// way and has no tracked actions; a report that names its principal leaves
/// out the Entity column (every row would repeat the principal's ARN, which
/// the summary shows once).
fn columns(props: &ServicesTableProps) -> Vec<(ServiceColumn, &'static str)> {
    let mut c = vec![
        (ServiceColumn::Name, "Service"),
        (ServiceColumn::Namespace, "Namespace"),
        (ServiceColumn::LastAccessed, "Last accessed (UTC)"),
    ];
    if props.org {
        c.push((ServiceColumn::Entity, "Entity path"));
    } else if props.show_entity {
        c.push((ServiceColumn::Entity, "Entity"));
    }
    c.push((ServiceColumn::Region, "Region"));
    if props.org {
        c.push((ServiceColumn::Entities, "Accounts"));
    } else {
        c.push((ServiceColumn::Entities, "Entities"));
        c.push((
            ServiceColumn::Actions,
            "Tracked actions: recent · ever / all",
        ));
    }
    c.push((ServiceColumn::Status, "Status"));
    c
}

#[function_component(ServicesTable)]
pub fn services_table(props: &ServicesTableProps) -> Html {
    let total = props.shown.len();
    let columns = zoned_columns(columns(props), ServiceColumn::LastAccessed, use_zone());
    let span = columns.len();
    let w = use_row_window(total, props.all.len());
    let roving = use_roving(total, w.windowed);
    // The tab stop stays a rendered row when the window moves away from it.
    let stop = roving
        .active
        .clamp(w.first, (w.first + w.count).saturating_sub(1).max(w.first));
    let body = use_kept_rows(
        w.around(
            span,
            props.shown[w.first..w.first + w.count]
                .iter()
                .enumerate()
                .filter_map(|(i, &at)| {
                    let pos = w.first + i;
                    let r = props.all.get(at as usize)?;
                    Some(row(r, pos, props, &columns, pos == stop, &roving.onfocus))
                }),
        ),
        total == 0,
    );
    html! {
        <section class="table-section">
            <h2>{ if props.org { "Services across the organization" } else { "Services" } }</h2>
            <div class={classes!("table-wrap", w.windowed.then_some("virtual"))} onscroll={w.onscroll.clone()}
                data-testid="services-scroll" ref={roving.scroll.clone()}>
                <table data-testid={if props.org { "org-table" } else { "services-table" }} class="data"
                    aria-rowcount={(total + 1).to_string()}>
                    <caption class="visually-hidden">{"Services the principal can access, with last access and status. Select a row to see its actions."}</caption>
                    { header_row(&columns, props.sort, &props.onsort) }
                    <tbody onkeydown={roving.onkeydown.clone()} hidden={total == 0}>{ body }</tbody>
                </table>
            </div>
            if props.shown.is_empty() && props.total == 0 {
                <p class="empty-table" data-testid="services-empty">{"No services in this report."}</p>
            } else if props.shown.is_empty() {
                <p class="empty-table" data-testid="services-empty">
                    { format!("No services match the filters; all {} are hidden. ", props.total) }
                    <button type="button" class="link" data-testid="empty-clear-filters"
                        onclick={props.onclearfilters.reform(|_: MouseEvent| ())}>{"Clear filters"}</button>
                </p>
            }
        </section>
    }
}

fn row(
    r: &ServiceRow,
    index: usize,
    props: &ServicesTableProps,
    columns: &[(ServiceColumn, &'static str)],
    tab_stop: bool,
    onfocus: &Callback<usize>,
) -> Html {
    let selected = props.selected.as_deref() == Some(r.namespace.as_str());
    let ns = r.namespace.clone();
    let toggle = move || if selected { None } else { Some(ns.clone()) };
    let onclick = {
        let toggle = toggle.clone();
        props.onselect.reform(move |_: MouseEvent| toggle())
    };
    let onselect = props.onselect.clone();
    // Enter or Space on the row (not on a button in it) selects it; the
    // arrows are the table's (see roving).
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        let on_row = e
            .target_dyn_into::<web_sys::Element>()
            .is_some_and(|t| t.tag_name() == "TR");
        if on_row && matches!(e.key().as_str(), "Enter" | " ") {
            e.prevent_default();
            onselect.emit(toggle());
        }
    });
    let onfocus = onfocus.reform(move |_: FocusEvent| index);
    let status = r.status.as_str();
    let actions = if r.actions_total == 0 {
        "—".to_string()
    } else {
        format!(
            "{} · {} / {}",
            r.actions_recent, r.actions_used, r.actions_total
        )
    };
    let actions_title = format!(
        "{} tracked action{} used within the threshold, {} ever used, of {}",
        r.actions_recent,
        if r.actions_recent == 1 { "" } else { "s" },
        r.actions_used,
        r.actions_total
    );
    let cell = |c: ServiceColumn| -> Html {
        match c {
            ServiceColumn::Name => {
                html! { <td class="name" data-label="Service"><span class="clamp" title={r.name.clone()}>{ r.name.clone() }</span></td> }
            }
            ServiceColumn::Namespace => {
                html! { <td data-label="Namespace"><code class="clamp" title={r.namespace.clone()}>{ r.namespace.clone() }</code></td> }
            }
            ServiceColumn::LastAccessed => time_cell(r.last, r.age_days, props.reference),
            ServiceColumn::Entity => {
                html! { <td data-label={if props.org { "Entity path" } else { "Entity" }}>{ arn_in_row(&r.entity) }</td> }
            }
            ServiceColumn::Region => {
                html! { <td data-label="Region"><span class="clamp" title={opt(&r.region)}>{ opt(&r.region) }</span></td> }
            }
            ServiceColumn::Entities => {
                html! { <td class="num" data-label={if props.org { "Accounts" } else { "Entities" }}>{ r.entities.map(|n| n.to_string()).unwrap_or_else(|| "—".into()) }</td> }
            }
            ServiceColumn::Actions => {
                html! { <td class="num" data-label="Tracked actions" title={actions_title.clone()}>{ actions.clone() }</td> }
            }
            ServiceColumn::Status => status_cell(r.status),
        }
    };
    html! {
        // Keyed by place (as the actions table's rows).
        <tr key={format!("#{index}")} aria-rowindex={(index + 2).to_string()}
            data-namespace={r.namespace.clone()} data-status={status}
            class={classes!("row", format!("status-{status}"), selected.then_some("selected"))}
            data-pos={index.to_string()} tabindex={if tab_stop { "0" } else { "-1" }}
            aria-selected={selected.to_string()} {onclick} {onkeydown} {onfocus}>
            { for columns.iter().map(|(c, _)| cell(*c)) }
        </tr>
    }
}
