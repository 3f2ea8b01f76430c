//! How many services (and actions) were last used in each age bucket, drawn
//! as inline SVG by the app. Bars are stacked by status (a bucket can straddle
//! the threshold); the threshold is marked; clicking a bar filters the tables.

use yew::prelude::*;

use crate::report::chart::{coord, Bucket, BucketCount};
use crate::report::id::Id;

#[derive(Properties, PartialEq)]
pub struct AgeChartProps {
    pub bars: Vec<(Bucket, BucketCount)>,
    pub threshold_days: u32,
    pub selected: Option<Bucket>,
    pub onbucket: Callback<Option<Bucket>>,
}

const W: f64 = 640.0;
const H: f64 = 200.0;
/// `W` × `H`.
const VIEW_BOX: &str = "0 0 640 200";
const PAD_TOP: f64 = 22.0;
const PAD_BOTTOM: f64 = 40.0;
const PAD_LEFT: f64 = 8.0;

/// Where the threshold falls on the bucket axis: inside the bucket holding
/// it, proportionally between the bucket's bounds.
fn threshold_x(threshold: u32, slot: f64) -> Option<f64> {
    let t = i64::from(threshold);
    let mut low = -1i64;
    for (i, b) in Bucket::ALL.iter().enumerate() {
        let high = b.max_days()?;
        if t <= high {
            let frac = (t - low) as f64 / (high - low) as f64;
            return Some(PAD_LEFT + slot * (i as f64 + frac.clamp(0.0, 1.0)));
        }
        low = high;
    }
    None
}

#[function_component(AgeChart)]
pub fn age_chart(props: &AgeChartProps) -> Html {
    let slot = (W - PAD_LEFT * 2.0) / props.bars.len().max(1) as f64;
    let max = props
        .bars
        .iter()
        .map(|(_, c)| c.services.max(c.actions))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot_h = H - PAD_TOP - PAD_BOTTOM;
    let y = |n: usize| plot_h * n as f64 / max;
    let base = H - PAD_BOTTOM;
    html! {
        <figure class="chart" aria-label="age chart">
            <figcaption>{"When services (filled) and tracked actions (outline) were last used"}</figcaption>
            // A group, not an image: the bars inside are buttons a screen reader reaches.
            <svg data-testid="age-chart" viewBox={VIEW_BOX} role="group"
                aria-label="Services and actions per age bucket; press a bar to filter the tables">
                <line x1={coord(PAD_LEFT)} x2={coord(W - PAD_LEFT)} y1={coord(base)} y2={coord(base)} class="axis" />
                { for props.bars.iter().enumerate().map(|(i, (bucket, c))| {
                    let x = PAD_LEFT + slot * i as f64;
                    let bw = slot * 0.36;
                    let sx = x + slot * 0.12;
                    let ax = sx + bw + 4.0;
                    // Stack: never, stale, recent from the bottom.
                    let mut top = base;
                    let mut segs = Vec::new();
                    for (n, class) in [(c.never, "never"), (c.stale, "stale"), (c.recent, "recent")] {
                        if n > 0 {
                            let h = y(n);
                            top -= h;
                            segs.push(html! { <rect class={classes!("seg", class)} x={coord(sx)} y={coord(top)} width={coord(bw)} height={coord(h)} /> });
                        }
                    }
                    let ah = y(c.actions);
                    let bucket = *bucket;
                    let selected = props.selected == Some(bucket);
                    let onclick = props.onbucket.reform(move |_: MouseEvent| Some(bucket));
                    // Only Enter and Space press a bar; Tab, arrows and the rest keep their jobs.
                    let onkeydown = {
                        let onbucket = props.onbucket.clone();
                        Callback::from(move |e: KeyboardEvent| {
                            if matches!(e.key().as_str(), "Enter" | " ") {
                                e.prevent_default();
                                onbucket.emit(Some(bucket));
                            }
                        })
                    };
                    let label = format!("{}: {} service{}, {} tracked action{}", bucket.label(),
                        c.services, if c.services == 1 { "" } else { "s" },
                        c.actions, if c.actions == 1 { "" } else { "s" });
                    let dimmed = props.selected.is_some() && !selected;
                    html! {
                        <g class={classes!("bar", selected.then_some("selected"), dimmed.then_some("dimmed"))} data-bucket={bucket.id()}
                            data-count={c.services.to_string()} data-actions={c.actions.to_string()}
                            tabindex="0" role="button" aria-pressed={selected.to_string()} aria-label={label.clone()}
                            {onclick} {onkeydown}>
                            <title>{ label }</title>
                            <rect class="hit" x={coord(x)} y={coord(PAD_TOP)} width={coord(slot)} height={coord(plot_h + 30.0)} />
                            { for segs }
                            if c.actions > 0 {
                                <rect class="actions" x={coord(ax)} y={coord(base - ah)} width={coord(bw)} height={coord(ah)} />
                            }
                            // The label first, then the count after a space (not
                            // drawn): the bar's name (`label`) starts with the
                            // text it shows, read in this order ("≤ 7 d 6").
                            <text class="label" x={coord(x + slot / 2.0)} y={coord(base + 16.0)} text-anchor="middle">{ bucket.label() }</text>
                            <text class="count" x={coord(sx + bw / 2.0)} y={coord(top - 4.0)} text-anchor="middle">{ format!(" {}", c.services) }</text>
                        </g>
                    }
                }) }
                if let Some(tx) = threshold_x(props.threshold_days, slot) {
                    <g class="threshold" data-testid="chart-threshold">
                        // The label sits under the bucket names, where no bar's count can be.
                        <line x1={coord(tx)} x2={coord(tx)} y1={coord(PAD_TOP - 8.0)} y2={coord(base + 22.0)} />
                        <text x={coord(tx)} y={coord(base + 33.0)} text-anchor="middle">
                            { format!("stale after {} d", props.threshold_days) }
                        </text>
                    </g>
                }
            </svg>
            <p class="legend">
                <span class="key recent"></span>{"recent "}
                <span class="key stale"></span>{"stale "}
                <span class="key never"></span>{"never "}
                <span class="key actions"></span>{"tracked actions"}
            </p>
        </figure>
    }
}
