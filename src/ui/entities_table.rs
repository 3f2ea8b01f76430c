//! Which entities used a service (a `…WithEntities` drill-down), with
//! staleness per entity.

use yew::prelude::*;

use crate::report::table::EntityView;
use crate::report::ReferenceMode;

use super::format::{arn_html, opt, status_cell, time_header, use_zone};
use super::time_text::time_cell;

#[derive(Properties, PartialEq)]
pub struct EntitiesTableProps {
    /// The drill-down and its rows (made by the engine).
    pub group: EntityView,
    pub reference: ReferenceMode,
    /// Take focus when it opens (it opened because a service was chosen).
    #[prop_or_default]
    pub focus: bool,
}

#[function_component(EntitiesTable)]
pub fn entities_table(props: &EntitiesTableProps) -> Html {
    let g = &props.group;
    let rows = &g.rows;
    let zone = use_zone();
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let focus = props.focus;
        use_effect_with(g.namespace.clone(), move |_| {
            if focus {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    let title = match &g.namespace {
        Some(ns) => format!("Entities that used {ns}"),
        None => "Entities (service not identified)".to_string(),
    };
    html! {
        <section class="table-section" data-namespace={g.namespace.clone().unwrap_or_default()}>
            <h2 tabindex="-1" ref={heading} data-testid="entities-heading">{ title }<span class="source">{ format!("from {}", g.files.join(", ")) }</span></h2>
            if !g.complete {
                <p class="banner warning">
                    { format!("More entities exist: fetch the next page with --marker {}", g.next_marker.clone().unwrap_or_default()) }
                </p>
            }
            <div class="table-wrap">
                <table data-testid="entities-table" class="data">
                    <caption class="visually-hidden">{"Entities that used the service, with last access and status."}</caption>
                    <thead><tr>
                        <th scope="col">{"Name"}</th>
                        <th scope="col">{"Type"}</th>
                        <th scope="col">{ time_header("Last authenticated", zone) }</th>
                        <th scope="col">{"ARN"}</th>
                        <th scope="col">{"Path"}</th>
                        <th scope="col">{"Status"}</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr key={r.arn.clone()} data-arn={r.arn.clone()} data-status={r.status.as_str()}
                                class={classes!("row", format!("status-{}", r.status.as_str()))}>
                                <td data-label="Name">{ r.name.clone() }</td>
                                <td data-label="Type">{ r.kind.clone() }</td>
                                { time_cell(r.last, r.age_days, props.reference) }
                                <td data-label="ARN">{ arn_html(&Some(r.arn.clone())) }</td>
                                <td data-label="Path">{ opt(&r.path) }</td>
                                { status_cell(r.status) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if rows.is_empty() {
                <p class="empty-table">{"No entity used this service in the tracking period."}</p>
            }
        </section>
    }
}
