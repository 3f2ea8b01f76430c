//! The tracked actions table, for every service or for the selected one.
//! The engine sends a window of the rows around those in view; when the
//! rows in view leave it the table asks for another ([`ActionsTableProps::onwindow`])
//! and keeps what it has on screen until the next arrives.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::policy::{ACTION_CAVEATS, CAVEATS};
use crate::report::table::{ActionColumn, Sort};
use crate::report::ReferenceMode;
use crate::session::protocol::{ActionLine, ActionsWindow};

use super::format::{entity_region_cells, opt, status_cell, use_zone, zoned_columns};
use super::roving::use_roving;
use super::row_window::{use_kept_rows, use_row_window, VIRTUAL_FROM};
use super::sort_header::header_row;
use super::time_text::time_cell;

#[derive(Properties, PartialEq)]
pub struct ActionsTableProps {
    /// The rows shown (filtered, narrowed to the selected service,
    /// sorted): their number, and a window of them.
    pub rows: Rc<ActionsWindow>,
    /// The rows from this one on are in view (ask the engine for them).
    pub onwindow: Callback<usize>,
    pub sort: Sort<ActionColumn>,
    pub selected: Option<String>,
    pub reference: ReferenceMode,
    /// Tracked actions in the whole report.
    pub total: usize,
    pub onsort: Callback<ActionColumn>,
    pub onshowall: Callback<()>,
    /// Actions in scope (the selected service, or all) before filtering;
    /// read only when no row is shown.
    pub in_scope: usize,
    pub onclearfilters: Callback<()>,
    /// Show the Entity column (off when every entity is the report's principal).
    #[prop_or(true)]
    pub show_entity: bool,
}

const COLUMNS: [(ActionColumn, &str); 6] = [
    (ActionColumn::Service, "Service"),
    (ActionColumn::Action, "Action"),
    (ActionColumn::LastAccessed, "Last accessed (UTC)"),
    (ActionColumn::Entity, "Entity"),
    (ActionColumn::Region, "Region"),
    (ActionColumn::Status, "Status"),
];

struct RowCtx<'a> {
    reference: ReferenceMode,
    show_entity: bool,
    stop: usize,
    onfocus: &'a Callback<usize>,
}

fn row(r: &ActionLine, index: usize, cx: &RowCtx) -> Html {
    let status = r.status.as_str();
    let onfocus = cx.onfocus.reform(move |_: FocusEvent| index);
    let region = &r.region;
    html! {
        // Keyed by place, not content: a search or a sort then rewrites
        // the rows in view rather than making new ones, and a focused row
        // keeps its place (the roving tab stop is a place too).
        <tr key={format!("#{index}")} aria-rowindex={(index + 2).to_string()}
            data-namespace={r.namespace.clone()} data-action={r.action.clone()}
            data-status={status} class={classes!("row", format!("status-{status}"))}
            data-pos={index.to_string()} tabindex={if index == cx.stop { "0" } else { "-1" }} {onfocus}>
            <td data-label="Service"><span class="clamp" title={r.service.clone()}>{ r.service.clone() }</span></td>
            <td data-label="Action"><code class="clamp">{ format!("{}:{}", r.namespace, r.action) }</code></td>
            { time_cell(r.last, r.age_days, cx.reference) }
            if cx.show_entity {
                { entity_region_cells(&r.entity, region) }
            } else {
                <td data-label="Region"><span class="clamp" title={opt(region)}>{ opt(region) }</span></td>
            }
            { status_cell(r.status) }
        </tr>
    }
}

/// A row in view not received yet (it takes the row's place and height).
fn placeholder(index: usize, span: usize) -> Html {
    html! {
        <tr key={format!("#{index}")} class="row pending-row" aria-rowindex={(index + 2).to_string()} aria-busy="true">
            <td colspan={span.to_string()}></td>
        </tr>
    }
}

#[function_component(ActionsTable)]
pub fn actions_table(props: &ActionsTableProps) -> Html {
    let onshowall = props.onshowall.reform(|_: MouseEvent| ());
    let shown = COLUMNS
        .into_iter()
        .filter(|(c, _)| props.show_entity || *c != ActionColumn::Entity);
    let columns = zoned_columns(shown, ActionColumn::LastAccessed, use_zone());
    let span = columns.len();
    let total = props.rows.total;
    let w = use_row_window(total, props.total);
    // Rows in view the window lacks: ask for them (once per position).
    {
        let missing = !props.rows.covers(w.first, w.count);
        let onwindow = props.onwindow.clone();
        use_effect_with((w.first, missing), move |(first, missing)| {
            if *missing {
                onwindow.emit(*first);
            }
        });
    }
    let roving = use_roving(total, w.windowed);
    let cx = RowCtx {
        reference: props.reference,
        show_entity: props.show_entity,
        stop: roving
            .active
            .clamp(w.first, (w.first + w.count).saturating_sub(1).max(w.first)),
        onfocus: &roving.onfocus,
    };
    let body = use_kept_rows(
        w.around(
            span,
            (w.first..w.first + w.count).map(|i| match props.rows.get(i) {
                Some(r) => row(r, i, &cx),
                None => placeholder(i, span),
            }),
        ),
        total == 0,
    );
    html! {
        <section class="table-section">
            <h2>
                {"Tracked actions"}
                if let Some(ns) = &props.selected {
                    <span class="filter-chip" data-testid="actions-filter">
                        { format!("service: {ns}") }
                    </span>
                    <button type="button" data-testid="show-all-actions" onclick={onshowall}>{"Show all actions"}</button>
                }
            </h2>
            <p class="caveat-note">{ ACTION_CAVEATS.iter().map(|&i| CAVEATS[i]).collect::<Vec<_>>().join(" ") }</p>
            <div class={classes!("table-wrap", w.windowed.then_some("virtual"))} onscroll={w.onscroll.clone()}
                data-testid="actions-scroll" ref={roving.scroll.clone()}>
                <table data-testid="actions-table" class="data" aria-rowcount={(total + 1).to_string()}>
                    <caption class="visually-hidden">{"Tracked actions with last access and status."}</caption>
                    { header_row(&columns, props.sort, &props.onsort) }
                    <tbody onkeydown={roving.onkeydown.clone()} hidden={total == 0}>{ body }</tbody>
                </table>
            </div>
            if total > VIRTUAL_FROM {
                <p class="muted" data-testid="actions-count">{ format!("{total} tracked actions; scroll the table to see them all") }</p>
            }
            if total == 0 && props.in_scope > 0 {
                <p class="empty-table" data-testid="actions-empty">
                    { format!("No tracked actions match the filters; {} are hidden. ", props.in_scope) }
                    <button type="button" class="link" onclick={props.onclearfilters.reform(|_: MouseEvent| ())}>{"Clear filters"}</button>
                </p>
            } else if total == 0 {
                <p class="empty-table" data-testid="actions-empty">{
                    if props.total == 0 {
                        "No tracked actions: this is a service-level report, or the services have no tracked actions. Generate the report with --granularity ACTION_LEVEL to see actions."
                    } else {
                        "This service has no tracked actions in the report."
                    }
                }</p>
            }
        </section>
    }
}
