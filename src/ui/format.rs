//! Display helpers and the table cells shared by the services and actions tables.

use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::report::time::format_utc;
use crate::report::{ReferenceMode, Status};

/// "2026-10-30T17:02:11Z" or "—".
pub fn when(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| format_utc(&t)).unwrap_or_else(|| "—".into())
}

/// "today", "3 days ago" / "3 days before the report", or "never used".
pub fn age(days: Option<i64>, mode: ReferenceMode) -> String {
    let Some(d) = days else {
        return "not accessed in the tracking period".into();
    };
    let unit = if d == 1 { "day" } else { "days" };
    match (d, mode) {
        (0, ReferenceMode::Now) => "today".into(),
        (0, ReferenceMode::ReportDate) => "same day as the report".into(),
        (_, ReferenceMode::Now) => format!("{d} {unit} ago"),
        (_, ReferenceMode::ReportDate) => format!("{d} {unit} before the report"),
    }
}

/// An optional text cell.
pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}

/// The last-access cell: absolute UTC time above its age in words.
pub fn time_cell(last: Option<DateTime<Utc>>, age_days: Option<i64>, mode: ReferenceMode) -> Html {
    html! {
        <td data-label="Last accessed">
            <div class="time">
                <span class="abs">{ when(last) }</span>
                <span class="rel">{ age(age_days, mode) }</span>
            </div>
        </td>
    }
}

/// Entity (ARN) and Region cells.
pub fn entity_region_cells(entity: &Option<String>, region: &Option<String>) -> Html {
    html! {
        <>
            <td data-label="Entity"><span class="arn clamp" title={opt(entity)}>{ opt(entity) }</span></td>
            <td data-label="Region"><span class="clamp" title={opt(region)}>{ opt(region) }</span></td>
        </>
    }
}

/// The status cell: colour and the word, never colour alone.
pub fn status_cell(status: Status) -> Html {
    let status = status.as_str();
    html! {
        <td data-label="Status"><span class={classes!("status", status)}>{ status }</span></td>
    }
}
