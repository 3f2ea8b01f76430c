//! Per-service thresholds: some services judged by their own number of days
//! (say `bedrock` at 60 beside the default 90). Kept in the view (links,
//! reloads); every table, chart, the fleet and the rewrite use them.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::report::staleness::MAX_THRESHOLD_DAYS;
use crate::report::table::ServiceRow;

#[derive(Properties, PartialEq)]
pub struct ServiceThresholdsProps {
    pub thresholds: BTreeMap<String, u32>,
    /// The services of the report on screen (suggested while typing).
    pub services: Rc<Vec<ServiceRow>>,
    pub threshold_days: u32,
    /// Set (`Some(days)`) or remove a service's threshold.
    pub onset: Callback<(String, Option<u32>)>,
}

#[function_component(ServiceThresholds)]
pub fn service_thresholds(props: &ServiceThresholdsProps) -> Html {
    let ns_ref = use_node_ref();
    let days_ref = use_node_ref();
    let onsubmit = {
        let (ns_ref, days_ref, onset) = (ns_ref.clone(), days_ref.clone(), props.onset.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(ns), Some(days)) = (
                ns_ref.cast::<HtmlInputElement>(),
                days_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            // The form's pattern already refused what cannot be a
            // namespace; the engine trims and lower-cases it.
            if let Ok(d) = days.value().trim().parse::<u32>() {
                onset.emit((ns.value(), Some(d)));
                ns.set_value("");
            }
        })
    };
    html! {
        <form class="service-thresholds" data-testid="service-thresholds" {onsubmit} aria-label="per-service thresholds">
            <span>{"Per service:"}</span>
            { for props.thresholds.iter().map(|(ns, d)| {
                let onremove = props.onset.reform({ let ns = ns.clone(); move |_: MouseEvent| (ns.clone(), None) });
                html! {
                    <span class="filter-chip" data-testid="service-threshold" data-namespace={ns.clone()} data-days={d.to_string()}>
                        <code>{ ns.clone() }</code>{ format!(" stale after {d} days ") }
                        <button type="button" class="link" onclick={onremove} aria-label={format!("use the {}-day threshold for {ns}", props.threshold_days)}>{"×"}</button>
                    </span>
                }
            }) }
            <input type="text" list="service-threshold-namespaces" placeholder="service, e.g. bedrock" size="22"
                data-testid="service-threshold-ns" ref={ns_ref} aria-label="service namespace" spellcheck="false"
                required=true pattern={r"\s*[A-Za-z0-9\-]+\s*"} title="A service namespace: letters, digits and -, as s3 or bedrock-agent" />
            <datalist id="service-threshold-namespaces">
                { for props.services.iter().map(|s| html! { <option value={s.namespace.clone()} /> }) }
            </datalist>
            <input type="number" min="1" max={MAX_THRESHOLD_DAYS.to_string()} value="60" size="5" data-testid="service-threshold-days"
                ref={days_ref} aria-label="days for that service" />
            <span>{"days"}</span>
            <button type="submit" data-testid="service-threshold-add">{"Set"}</button>
        </form>
    }
}
