//! UTC / local time switch. Times are UTC by default, as IAM reports them.

use chrono::Utc;
use yew::prelude::*;

use super::format::{local_offset, Zone};

#[derive(Properties, PartialEq)]
pub struct ZoneSwitchProps {
    pub zone: Zone,
    pub onchange: Callback<Zone>,
}

#[function_component(ZoneSwitch)]
pub fn zone_switch(props: &ZoneSwitchProps) -> Html {
    let offset = local_offset(&Utc::now()).to_string();
    let local_label = format!("Local ({offset})");
    let button = |zone: Zone, label: String, testid: &'static str| {
        let pressed = props.zone == zone;
        let onclick = props.onchange.reform(move |_: MouseEvent| zone);
        html! {
            <button type="button" class={classes!("seg", pressed.then_some("on"))}
                aria-pressed={pressed.to_string()} data-testid={testid} {onclick}>{ label }</button>
        }
    };
    html! {
        <div class="zone-switch segmented" role="group" aria-label="Show times in">
            <span class="seg-label">{"Times"}</span>
            { button(Zone::Utc, "UTC".into(), "zone-utc") }
            { button(Zone::Local, local_label, "zone-local") }
        </div>
    }
}
