//! The report on screen against another report of the same principal from
//! a different date: per service, what became used, went stale, left the
//! tracking period, is newly granted or no longer granted. Unchanged
//! services are counted, and listed on request.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::compare::{Change, CompareRow, Comparison};
use crate::report::time::format_utc;

#[derive(Properties, PartialEq)]
pub struct CompareTableProps {
    pub compare: Rc<Comparison>,
    /// Open the other report (its id).
    pub onopen: Callback<String>,
}

const CHANGES: [Change; 5] = [
    Change::NewlyUsed,
    Change::NewlyStale,
    Change::NewlyNever,
    Change::Added,
    Change::Removed,
];

fn status(s: Option<crate::report::Status>) -> Html {
    match s {
        Some(s) => html! { <span class={classes!("status", s.as_str())}>{ s.as_str() }</span> },
        None => html! { <span class="muted">{"not granted"}</span> },
    }
}

fn row(r: &CompareRow) -> Html {
    html! {
        <tr key={r.namespace.clone()} data-namespace={r.namespace.clone()} data-change={r.change.id()}
            class={classes!("row", format!("change-{}", r.change.id()))}>
            <td data-label="Service"><code>{ r.namespace.clone() }</code></td>
            <td data-label="Before">{ status(r.before) }</td>
            <td data-label="After">{ status(r.after) }</td>
            <td data-label="Change">{ r.change.label() }</td>
        </tr>
    }
}

#[function_component(CompareTable)]
pub fn compare_table(props: &CompareTableProps) -> Html {
    let c = &props.compare;
    let show_same = use_state(|| false);
    let date = |d: &Option<chrono::DateTime<chrono::Utc>>| {
        d.map(|d| format_utc(&d))
            .unwrap_or_else(|| "an unknown date".into())
    };
    let summary: Vec<String> = CHANGES
        .iter()
        .filter(|ch| c.count(**ch) > 0)
        .map(|ch| format!("{} {}", c.count(*ch), ch.label()))
        .collect();
    let same = c.count(Change::Same);
    let other = c.other_id.clone();
    let onopen = props.onopen.reform(move |_: MouseEvent| other.clone());
    let ontoggle = {
        let show_same = show_same.clone();
        Callback::from(move |_: MouseEvent| show_same.set(!*show_same))
    };
    let shown: Vec<&CompareRow> = c
        .rows
        .iter()
        .filter(|r| *show_same || r.change != Change::Same)
        .collect();
    html! {
        <section class="table-section compare" data-testid="compare" aria-labelledby="compare-title">
            <h2 id="compare-title" tabindex="-1">{"Over time"}</h2>
            <p data-testid="compare-summary">
                { format!("From {} to {} ({} is {}): ", date(&c.earlier), date(&c.later),
                    "the report on screen", if c.shown_is_later { "the later" } else { "the earlier" }) }
                <strong>{ if summary.is_empty() { "no service changed".to_string() } else { summary.join(", ") } }</strong>
                { format!("; {same} unchanged. Each report is aged from its own date. ") }
                <button type="button" class="link" data-testid="compare-open-other" onclick={onopen}>
                    { format!("Open {}", c.other_label) }
                </button>
            </p>
            if !shown.is_empty() {
                <div class="table-wrap">
                    <table data-testid="compare-table" class="data">
                        <caption class="visually-hidden">{"Each service's status in the earlier and the later report, and how it changed."}</caption>
                        <thead><tr>
                            <th scope="col">{"Service"}</th>
                            <th scope="col">{ format!("Before ({})", date(&c.earlier)) }</th>
                            <th scope="col">{ format!("After ({})", date(&c.later)) }</th>
                            <th scope="col">{"Change"}</th>
                        </tr></thead>
                        <tbody>{ for shown.into_iter().map(row) }</tbody>
                    </table>
                </div>
            }
            if same > 0 {
                <button type="button" class="link" data-testid="compare-show-same" onclick={ontoggle}
                    aria-pressed={(*show_same).to_string()}>
                    { if *show_same { "Hide unchanged services".to_string() } else { format!("Show the {same} unchanged services") } }
                </button>
            }
        </section>
    }
}
