//! Display helpers and the table cells shared by the services and actions tables.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use yew::prelude::*;

use crate::report::time::{format_at, format_full};
use crate::report::{ReferenceMode, Status};

use super::copy_button::CopyButton;

/// How times are shown: UTC (the default, as the report has them) or the
/// browser's local time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    #[default]
    Utc,
    Local,
}

/// What every time on screen needs, provided once by the app as a context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub zone: Zone,
    /// "Now" as the app last read it ("N days ago" counts from here).
    pub now: DateTime<Utc>,
}

/// The browser's UTC offset at instant `t` (daylight saving included).
pub fn local_offset(t: &DateTime<Utc>) -> FixedOffset {
    chrono::Local.offset_from_utc_datetime(&t.naive_utc()).fix()
}

/// A time column's header, naming the zone its times are in.
pub fn time_header(what: &str, zone: Zone) -> String {
    match zone {
        Zone::Utc => format!("{what} (UTC)"),
        Zone::Local => format!("{what} (local)"),
    }
}

/// A sortable table's columns with the "Last accessed" label of `time`
/// naming the zone its times are in.
pub fn zoned_columns<C: PartialEq + Copy>(
    columns: impl IntoIterator<Item = (C, &'static str)>,
    time: C,
    zone: Zone,
) -> Vec<(C, &'static str)> {
    let mut columns: Vec<_> = columns.into_iter().collect();
    let label = match zone {
        Zone::Utc => "Last accessed (UTC)",
        Zone::Local => "Last accessed (local)",
    };
    for c in columns.iter_mut().filter(|c| c.0 == time) {
        c.1 = label;
    }
    columns
}

/// The zone in effect for a component (UTC outside the app's context).
#[hook]
pub fn use_zone() -> Zone {
    use_context::<Clock>().map_or(Zone::Utc, |c| c.zone)
}

/// `t` in `zone`, to the second.
pub fn when_in(t: &DateTime<Utc>, zone: Zone) -> String {
    match zone {
        Zone::Utc => format_at(t, None),
        Zone::Local => format_at(t, Some(local_offset(t))),
    }
}

/// The hover text: every digit, in UTC and in local time.
pub fn full_title(t: &DateTime<Utc>) -> String {
    let local = t.with_timezone(&local_offset(t));
    format!(
        "{} (UTC) · {} local",
        format_full(t),
        local.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
    )
}

/// "today", "3 days ago", "in 2 days".
pub fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "1 day ago".into(),
        -1 => "in 1 day".into(),
        d if d < 0 => format!("in {} days", -d),
        d => format!("{d} days ago"),
    }
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

/// An ARN (or any identifier) with a copy button.
pub fn arn_html(arn: &Option<String>) -> Html {
    arn_with_copy(arn, true)
}

/// An ARN in a table row: its copy button is not a tab stop of its own.
pub fn arn_in_row(arn: &Option<String>) -> Html {
    arn_with_copy(arn, false)
}

fn arn_with_copy(arn: &Option<String>, tabbable: bool) -> Html {
    match arn {
        Some(a) => html! {
            <span class="arn-wrap">
                <span class="arn clamp" title={a.clone()}>{ a.clone() }</span>
                <CopyButton text={a.clone()} label={format!("Copy ARN {a}")} compact=true {tabbable} />
            </span>
        },
        None => html! { <span class="arn">{"—"}</span> },
    }
}

/// Entity (ARN) and Region cells.
pub fn entity_region_cells(entity: &Option<String>, region: &Option<String>) -> Html {
    html! {
        <>
            <td data-label="Entity">{ arn_in_row(entity) }</td>
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
