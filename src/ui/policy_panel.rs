//! Least-privilege suggestions with their caveats beside them.

use yew::prelude::*;

use crate::report::policy::CAVEATS;

use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct PolicyPanelProps {
    pub policy: String,
    /// Tracked actions used per service (action-level reports only).
    pub used_actions: Option<String>,
    pub threshold_days: u32,
}

#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyPanelProps) -> Html {
    html! {
        <section class="policy" aria-labelledby="policy-title">
            <h2 id="policy-title">{"Least-privilege suggestion"}</h2>
            <p class="review"><strong>{"Review before applying."}</strong>
                { format!(" This denies every service not used in the last {} days. Use it as a permissions boundary or an SCP, \
                   and test it: last-accessed data has blind spots (below).", props.threshold_days) }</p>
            <div class="code-block">
                <div class="code-head"><span>{"Deny unused services (IAM policy JSON)"}</span><CopyButton text={props.policy.clone()} label="Copy the policy" /></div>
                <pre data-testid="policy-output">{ props.policy.clone() }</pre>
            </div>
            if let Some(used) = &props.used_actions {
                <div class="code-block">
                    <div class="code-head"><span>{ format!("Tracked actions used in the last {} days, per service", props.threshold_days) }</span><CopyButton text={used.clone()} label="Copy the tracked actions used" /></div>
                    <pre data-testid="policy-actions">{ used.clone() }</pre>
                </div>
            }
            <ul class="caveats" data-testid="caveats">
                { for CAVEATS.iter().map(|c| html! { <li>{ *c }</li> }) }
            </ul>
        </section>
    }
}
