//! Staleness controls: threshold in days and what age is measured from.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::draft::use_draft;

use crate::report::staleness::MAX_THRESHOLD_DAYS;
use crate::report::ReferenceMode;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub threshold_days: u32,
    pub reference: ReferenceMode,
    pub onthreshold: Callback<u32>,
    pub onreference: Callback<ReferenceMode>,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let days = use_draft(&props.threshold_days.to_string());
    let oninput = {
        let onthreshold = props.onthreshold.clone();
        let days = days.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // Ignore transient states such as an empty field while typing.
            let sent = input
                .value()
                .trim()
                .parse::<u32>()
                .ok()
                .map(|d| d.min(MAX_THRESHOLD_DAYS));
            days.edit(input.value(), sent.map(|d| d.to_string()));
            if let Some(d) = sent {
                onthreshold.emit(d);
            }
        })
    };
    let onchange = props.onreference.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        if sel.value() == "now" {
            ReferenceMode::Now
        } else {
            ReferenceMode::ReportDate
        }
    });
    let is_now = props.reference == ReferenceMode::Now;
    html! {
        <div class="controls">
            <label>
                <span>{"Stale after"}</span>
                <input type="number" min="0" max={MAX_THRESHOLD_DAYS.to_string()} step="1"
                    data-testid="threshold-days" value={days.value.clone()} {oninput} />
                <span>{"days"}</span>
            </label>
            <label>
                <span>{"Age measured from"}</span>
                <select data-testid="reference" {onchange}>
                    <option value="report" selected={!is_now}>{"the report date"}</option>
                    <option value="now" selected={is_now}>{"now"}</option>
                </select>
            </label>
        </div>
    }
}
