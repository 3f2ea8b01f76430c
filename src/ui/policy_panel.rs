//! Least-privilege suggestions, each shape labelled with where it goes, with
//! the caveats of last-accessed data beside them.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::id::Id;
use crate::report::policy::{Shape, Suggestion, CAVEATS};

use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct PolicyPanelProps {
    pub suggestions: Rc<Vec<Suggestion>>,
    pub threshold_days: u32,
}

#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyPanelProps) -> Html {
    html! {
        <section class="policy" aria-labelledby="policy-title" data-testid="policy-panel">
            <h2 id="policy-title" tabindex="-1">{"Least-privilege suggestion"}</h2>
            <p class="review"><strong>{"Review before applying."}</strong>
                { format!(" Each document below removes the services not used in the last {} days in a different place; \
                   use one, and test it first: last-accessed data has blind spots (below).", props.threshold_days) }</p>
            { for props.suggestions.iter().map(|s| html! {
                <div class="code-block policy-shape" data-testid="policy-shape" data-shape={s.shape.id()}>
                    <div class="code-head">
                        <span class="shape-title">{ s.title.clone() }</span>
                        if let Some(doc) = &s.document {
                            <CopyButton text={doc.clone()} label={format!("Copy the policy: {}", s.title)} />
                        }
                    </div>
                    <p class="placement" data-testid="policy-placement"><strong>{"Where it goes: "}</strong>{ s.placement.clone() }</p>
                    if let Some(doc) = &s.document {
                        <pre data-testid={if s.shape == Shape::DenyOnPrincipal { "policy-output" } else if s.shape == Shape::AllowUsed { "policy-actions" } else { "policy-document" }}>{ doc.clone() }</pre>
                    }
                    if !s.notes.is_empty() {
                        <ul class="shape-notes">
                            { for s.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                        </ul>
                    }
                </div>
            }) }
            <ul class="caveats" data-testid="caveats">
                { for CAVEATS.iter().map(|c| html! { <li>{ *c }</li> }) }
            </ul>
        </section>
    }
}
