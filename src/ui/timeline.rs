//! Last-access dates per service on a time axis from the start of IAM's
//! tracking window (400 days before the report, whatever the reference) to
//! the reference time; never-used services stand apart as one marker with
//! their count.
//!
//! Every service of the report has its dot; those the filter hides are
//! drawn faint, so a search shows where its services sit among the rest.
//! While a filter is on, the chart says so with one class and the dots it
//! shows carry `match`: a keystroke changes those dots' class, not every
//! dot's, and no dot moves.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::report::chart::{coord, position, tracking_start};
use crate::report::table::ServiceRow;
use crate::report::time::days_between;

use super::format::{days_ago, when_in, Clock, Zone};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Every service of the report, and those shown (filtered: places in `rows`).
    pub rows: Rc<Vec<ServiceRow>>,
    pub shown: Rc<Vec<u32>>,
    pub reference: DateTime<Utc>,
    /// When the report was made: its tracking window ends there.
    pub report_date: DateTime<Utc>,
    pub threshold_days: u32,
}

/// Width and height 640 × 112.
const VIEW_BOX: &str = "0 0 640 112";
const LEFT: f64 = 10.0;
const RIGHT: f64 = 560.0;
const NEVER_X: f64 = 605.0;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let clock = use_context::<Clock>().unwrap_or(Clock {
        zone: Zone::Utc,
        now: props.reference,
    });
    let day = |t: &DateTime<Utc>| when_in(t, clock.zone)[..10].to_string();
    // The window is the report's, even when ages are measured from now.
    let start = tracking_start(props.report_date);
    let end = props.reference.max(props.report_date);
    let x = |t: DateTime<Utc>| x_at(t, start, end);
    // Which rows are shown, by place.
    let mut shown = vec![false; props.rows.len()];
    for &i in props.shown.iter() {
        if let Some(s) = shown.get_mut(i as usize) {
            *s = true;
        }
    }
    // While a filter hides some services, the dots it shows are marked and
    // the rest drawn faint (CSS): a search changes the dots it shows, not
    // every dot it hides.
    let filtering = props.shown.len() < props.rows.len();
    let never = props
        .rows
        .iter()
        .zip(&shown)
        .filter(|(r, &s)| s && r.last.is_none())
        .count();
    let report_marked = props.reference > props.report_date + chrono::Duration::days(1);
    let threshold = props.reference - chrono::Duration::days(i64::from(props.threshold_days));
    let axis_y = 70.0;
    // The dots change with the data, the window and the clock, not with a
    // search or a sort.
    let dots = use_memo(
        (props.rows.clone(), start, end, clock.zone, clock.now),
        |(rows, start, end, zone, now)| {
            rows.iter()
                .enumerate()
                .filter_map(|(at, r)| {
                    let last = r.last?;
                    // Spread dots vertically so close dates stay visible; by
                    // name, not position, so that a dot stays put.
                    let cy = 22.0 + lane(&r.namespace) as f64 * 10.0;
                    Some(Rc::new(Dot {
                        at,
                        namespace: r.namespace.clone().into(),
                        cx: coord(x_at(last, *start, *end)).into(),
                        cy: coord(cy).into(),
                        status: r.status.as_str(),
                        title: format!(
                            "{} — {} ({})",
                            r.namespace,
                            when_in(&last, *zone),
                            days_ago(days_between(&last, now))
                        )
                        .into(),
                    }))
                })
                .collect::<Vec<_>>()
        },
    );
    html! {
        // Focusable: on a narrow screen it scrolls sideways.
        <figure class={classes!("chart", "timeline", filtering.then_some("filtering"))} aria-label="timeline" tabindex="0">
            <figcaption>
                {"Last access per service, across IAM's 400-day tracking window"}
                if filtering {
                    <span class="muted">{" (faint: hidden by the filter)"}</span>
                }
            </figcaption>
            <svg data-testid="timeline" viewBox={VIEW_BOX} role="img"
                aria-label="Each dot is a service's last access; the window starts 400 days before the reference time">
                <line class="axis" x1={coord(LEFT)} x2={coord(RIGHT)} y1={coord(axis_y)} y2={coord(axis_y)} />
                <g class="window-start">
                    <line x1={coord(LEFT)} x2={coord(LEFT)} y1="14" y2={coord(axis_y + 6.0)} />
                    <text x={coord(LEFT)} y="96">{ format!("tracking starts {}", day(&start)) }</text>
                </g>
                <g class="threshold">
                    <line x1={coord(x(threshold))} x2={coord(x(threshold))} y1="14" y2={coord(axis_y + 6.0)} />
                    <text x={coord(x(threshold))} y="10" text-anchor="middle">{ format!("{} d", props.threshold_days) }</text>
                </g>
                <text x={coord(RIGHT)} y="96" text-anchor="end">{ day(&end) }</text>
                if report_marked {
                    <g class="report-date" data-testid="timeline-report-date">
                        <line x1={coord(x(props.report_date))} x2={coord(x(props.report_date))} y1="14" y2={coord(axis_y + 6.0)} />
                        <text x={coord(x(props.report_date))} y="108" text-anchor="middle">{ format!("report {}", day(&props.report_date)) }</text>
                    </g>
                }
                <text x={coord(NEVER_X)} y="96" text-anchor="middle">{"never"}</text>
                if never > 0 {
                    // One marker with the count: dozens of dots would only pile up.
                    <g class="never-count" data-testid="timeline-never" data-count={never.to_string()}>
                        <title>{ format!("{never} service{} not used in the tracking period", if never == 1 { "" } else { "s" }) }</title>
                        <circle class="dot never" cx={coord(NEVER_X)} cy="42" r="9" />
                        <text x={coord(NEVER_X)} y="46" text-anchor="middle" class="count">{ never }</text>
                    </g>
                }
                { for dots.iter().map(|d| {
                    let matched = filtering && shown.get(d.at).copied().unwrap_or(false);
                    html! { <TimelineDot key={&*d.namespace} dot={d.clone()} {matched} /> }
                }) }
            </svg>
        </figure>
    }
}

/// Where a time sits on the axis of the window `start..end`.
fn x_at(t: DateTime<Utc>, start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    LEFT + (RIGHT - LEFT) * position(t, start, end)
}

/// A service's dot, made once per data and window.
#[derive(PartialEq)]
struct Dot {
    /// The service's place in the report's rows.
    at: usize,
    namespace: AttrValue,
    cx: AttrValue,
    cy: AttrValue,
    status: &'static str,
    title: AttrValue,
}

#[derive(Properties, PartialEq)]
struct TimelineDotProps {
    dot: Rc<Dot>,
    /// Shown by a filter that hides others (those are drawn faint).
    matched: bool,
}

#[function_component(TimelineDot)]
fn timeline_dot(props: &TimelineDotProps) -> Html {
    let d = &props.dot;
    html! {
        <circle class={classes!("dot", d.status, props.matched.then_some("match"))} cx={&d.cx} cy={&d.cy} r="4"
            data-namespace={&d.namespace} data-status={d.status}>
            <title>{ &d.title }</title>
        </circle>
    }
}

/// One of five rows of dots for a service, the same whatever else is shown.
fn lane(namespace: &str) -> u32 {
    // FNV-1a: spreads similar names (ec2, ec2messages) apart.
    let h = namespace.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    h % 5
}
