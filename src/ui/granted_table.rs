//! Granted vs used: which policy and statement grants which service, at
//! which access levels, and what the report says of it. Unused Write and
//! Permissions management access comes first and is marked; services the
//! report does not list are "no data" (never "unused"), counted per
//! statement below the table.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::report::granted::{GrantedRow, GrantedView, PolicyKind};
use crate::report::{ReferenceMode, Status};

use super::time_text::time_cell;

#[derive(Properties, PartialEq)]
pub struct GrantedTableProps {
    pub view: Rc<GrantedView>,
    pub reference: ReferenceMode,
}

fn policy_cell(r: &GrantedRow) -> Html {
    let via = r
        .group
        .as_ref()
        .map(|g| format!(" via group {g}"))
        .unwrap_or_default();
    html! {
        // One child: on a narrow screen the cell is a grid of label and value.
        <td data-label="Policy"><span><span class="clamp" title={r.policy.clone()}>{ r.policy.clone() }</span>
            <span class="muted">{ format!(" ({}{via})", PolicyKind::label(r.kind)) }</span></span></td>
    }
}

fn statement_label(r: &GrantedRow) -> String {
    match &r.sid {
        Some(s) if !s.is_empty() => s.clone(),
        _ => format!("#{}", r.statement + 1),
    }
}

#[function_component(GrantedTable)]
pub fn granted_table(props: &GrantedTableProps) -> Html {
    let v = &props.view;
    if !v.found {
        return html! {
            <section class="granted" aria-labelledby="granted-title" data-testid="granted-panel">
                <h2 id="granted-title" tabindex="-1">{"Granted vs used"}</h2>
                <p class="muted" data-testid="granted-not-found">{ format!(
                    "The loaded authorization details do not hold {}: load those of its account to see what its policies grant.",
                    v.principal) }</p>
            </section>
        };
    }
    // Unused write and permissions management first, then by policy order
    // (a stable partition, no sort).
    let (mut with_data, rest): (Vec<&GrantedRow>, Vec<&GrantedRow>) = v
        .rows
        .iter()
        .filter(|r| r.status.is_some())
        .partition(|r| r.risky());
    with_data.extend(rest);
    let mut no_data: BTreeMap<(String, usize, String), Vec<String>> = BTreeMap::new();
    for r in v.rows.iter().filter(|r| r.status.is_none()) {
        no_data
            .entry((r.policy.clone(), r.statement, statement_label(r)))
            .or_default()
            .push(r.namespace.clone());
    }
    let risky = with_data.iter().filter(|r| r.risky()).count();
    html! {
        <section class="granted" aria-labelledby="granted-title" data-testid="granted-panel">
            <h2 id="granted-title" tabindex="-1">{"Granted vs used"}</h2>
            <p data-testid="granted-summary">
                { format!("{} grant{} of services the report covers; ", with_data.len(), if with_data.len() == 1 { "" } else { "s" }) }
                <strong>{ format!("{risky} unused with Write or Permissions management access") }</strong>
                { "." }
            </p>
            { for v.notes.iter().map(|n| html! { <p class="note" data-testid="granted-note">{ n.clone() }</p> }) }
            if !v.newer.is_empty() {
                <p class="banner warning" data-testid="granted-newer">{ format!(
                    "Changed after the report was made: {}. The report cannot speak for what they grant since; generate a new one.",
                    v.newer.join(", ")) }</p>
            }
            if !v.missing.is_empty() {
                <p class="banner warning" data-testid="granted-missing">{ format!(
                    "Not in the loaded authorization details: {}. Load every page of get-account-authorization-details.",
                    v.missing.join(", ")) }</p>
            }
            <div class="table-wrap" tabindex="0">
                <table class="data" data-testid="granted-table">
                    <caption class="visually-hidden">{"Each policy statement's services, their access levels and last access."}</caption>
                    <thead><tr>
                        <th scope="col">{"Policy"}</th>
                        <th scope="col">{"Statement"}</th>
                        <th scope="col">{"Service"}</th>
                        <th scope="col">{"Access granted"}</th>
                        <th scope="col">{"Last accessed"}</th>
                        <th scope="col">{"Status"}</th>
                    </tr></thead>
                    <tbody>
                        { for with_data.iter().map(|r| {
                            let status = r.status.map(|s| s.as_str()).unwrap_or("no-data");
                            html! {
                                <tr class={classes!("row", format!("status-{status}"), r.risky().then_some("risky"))}
                                    data-namespace={r.namespace.clone()} data-status={status}
                                    data-policy={r.policy.clone()} data-risky={r.risky().to_string()}>
                                    { policy_cell(r) }
                                    <td class="ident" data-label="Statement"><code>{ statement_label(r) }</code></td>
                                    <td class="ident" data-label="Service"><code>{ r.namespace.clone() }</code></td>
                                    <td data-label="Access granted">{ if r.levels.is_empty() {
                                        "newer than the action catalog".to_string()
                                    } else {
                                        format!("{} ({} action{})",
                                            r.levels.iter().map(|l| l.label()).collect::<Vec<_>>().join(", "),
                                            r.actions, if r.actions == 1 { "" } else { "s" })
                                    } }</td>
                                    { time_cell(r.last, r.age_days, props.reference) }
                                    <td data-label="Status"><span>
                                        <span class={classes!("status", status.to_string())}>{ status.replace('-', " ") }</span>
                                        if r.risky() { <span class="risk" title="unused Write or Permissions management access">{" ⚠ unused write"}</span> }
                                        if r.unproven && r.status != Some(Status::Recent) {
                                            <span class="muted" data-testid="granted-unproven" title="The principal is younger than the threshold: not using it proves nothing yet">{" (too new to tell)"}</span>
                                        }
                                    </span></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if !no_data.is_empty() {
                <details class="no-data" data-testid="granted-no-data">
                    <summary>{ format!("{} more grants of services the report does not list (no data: not necessarily unused)",
                        no_data.values().map(Vec::len).sum::<usize>()) }</summary>
                    <ul>
                        { for no_data.iter().map(|((policy, _, st), list)| html! {
                            <li><strong>{ format!("{policy} {st}: ") }</strong>{ list.join(", ") }</li>
                        }) }
                    </ul>
                </details>
            }
            <p class="muted caveat-note" data-testid="granted-catalog">{ format!(
                "Actions and access levels: {}.", v.catalog) }</p>
        </section>
    }
}
