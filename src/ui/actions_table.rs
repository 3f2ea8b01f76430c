//! The tracked actions table, for every service or for the selected one.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::policy::{ACTION_CAVEATS, CAVEATS};
use crate::report::table::{ActionColumn, ActionRow, Sort};
use crate::report::ReferenceMode;

use super::format::{entity_region_cells, opt, status_cell, use_zone, zoned_columns};
use super::roving::use_roving;
use super::row_window::use_row_window;
use super::sort_header::header_row;
use super::time_text::time_cell;

#[derive(Properties, PartialEq)]
pub struct ActionsTableProps {
    /// Every action row of the report.
    pub rows: Rc<Vec<ActionRow>>,
    /// The rows to show, in order (filtered, narrowed to the selected service, sorted).
    pub order: Rc<Vec<u32>>,
    pub sort: Sort<ActionColumn>,
    pub selected: Option<String>,
    pub reference: ReferenceMode,
    /// Tracked actions in the whole report.
    pub total: usize,
    pub onsort: Callback<ActionColumn>,
    pub onshowall: Callback<()>,
    /// Actions in scope (the selected service, or all) before filtering;
    /// read only when `order` is empty.
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

fn row(r: &ActionRow, index: usize, cx: &RowCtx) -> Html {
    let status = r.status.as_str();
    let onfocus = cx.onfocus.reform(move |_: FocusEvent| index);
    let region = r.region().map(str::to_string);
    html! {
        <tr key={format!("{}:{}", r.namespace(), r.action())} aria-rowindex={(index + 2).to_string()}
            data-namespace={r.namespace().to_string()} data-action={r.action().to_string()}
            data-status={status} class={classes!("row", format!("status-{status}"))}
            data-pos={index.to_string()} tabindex={if index == cx.stop { "0" } else { "-1" }} {onfocus}>
            <td data-label="Service"><span class="clamp" title={r.service().to_string()}>{ r.service().to_string() }</span></td>
            <td data-label="Action"><code class="clamp">{ format!("{}:{}", r.namespace(), r.action()) }</code></td>
            { time_cell(r.last, r.age_days, cx.reference) }
            if cx.show_entity {
                { entity_region_cells(&r.entity().map(str::to_string), &region) }
            } else {
                <td data-label="Region"><span class="clamp" title={opt(&region)}>{ opt(&region) }</span></td>
            }
            { status_cell(r.status) }
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
    let total = props.order.len();
    let w = use_row_window(total);
    let roving = use_roving(total);
    let cx = RowCtx {
        reference: props.reference,
        show_entity: props.show_entity,
        stop: roving
            .active
            .clamp(w.first, (w.first + w.count).saturating_sub(1).max(w.first)),
        onfocus: &roving.onfocus,
    };
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
                    <tbody onkeydown={roving.onkeydown.clone()}>
                        { w.spacer(true, span) }
                        { for props.order[w.first..w.first + w.count].iter().enumerate().map(|(i, &r)| row(&props.rows[r as usize], w.first + i, &cx)) }
                        { w.spacer(false, span) }
                    </tbody>
                </table>
            </div>
            if w.windowed {
                <p class="muted" data-testid="actions-count">{ format!("{total} tracked actions; scroll the table to see them all") }</p>
            }
            if props.order.is_empty() && props.in_scope > 0 {
                <p class="empty-table" data-testid="actions-empty">
                    { format!("No tracked actions match the filters; {} are hidden. ", props.in_scope) }
                    <button type="button" class="link" onclick={props.onclearfilters.reform(|_: MouseEvent| ())}>{"Clear filters"}</button>
                </p>
            } else if props.order.is_empty() {
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
