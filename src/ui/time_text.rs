//! One time on screen: absolute (UTC or local, as chosen), its age in words
//! beside it, and every digit on hover. Reads the app's [`Clock`] context.

use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::report::time::days_between;

use super::format::{days_ago, full_title, when_in, Clock, Zone};

#[derive(Properties, PartialEq)]
pub struct TimeTextProps {
    pub at: Option<DateTime<Utc>>,
    /// The age in words; by default "N days ago", counted from now.
    #[prop_or_default]
    pub rel: Option<String>,
}

#[function_component(TimeText)]
pub fn time_text(props: &TimeTextProps) -> Html {
    let clock = use_context::<Clock>().unwrap_or(Clock {
        zone: Zone::Utc,
        now: Utc::now(),
    });
    let Some(t) = props.at else {
        return html! {
            <span class="time">
                <span class="abs">{"—"}</span>
                if let Some(rel) = &props.rel { <span class="rel">{ rel.clone() }</span> }
            </span>
        };
    };
    let rel = props
        .rel
        .clone()
        .unwrap_or_else(|| days_ago(days_between(&t, &clock.now)));
    html! {
        <span class="time">
            <time class="abs" datetime={crate::report::time::format_full(&t)} title={full_title(&t)}>
                { when_in(&t, clock.zone) }
            </time>
            <span class="rel">{ rel }</span>
        </span>
    }
}

/// The last-access cell: absolute time above its age in words.
pub fn time_cell(
    last: Option<chrono::DateTime<chrono::Utc>>,
    age_days: Option<i64>,
    mode: crate::report::ReferenceMode,
) -> Html {
    html! {
        <td data-label="Last accessed">
            <TimeText at={last} rel={super::format::age(age_days, mode)} />
        </td>
    }
}
