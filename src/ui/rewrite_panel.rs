//! What each of the principal's policies should become: the action (keep,
//! edit, delete, detach, replace, skip), why, where it goes, what goes and
//! for what reason, a before/after diff, and the downloads (the rewrite as
//! JSON, the apply and rollback scripts). The engine makes all of it.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::diff::DiffLine;
use crate::report::id::Id;
use crate::report::plan::{Action, PlanView, PolicyPlan};
use crate::report::policy::CAVEATS;
use crate::session::protocol::Export;

use super::copy_button::CopyButton;
use super::diff_block::diff_block;

#[derive(Properties, PartialEq)]
pub struct RewritePanelProps {
    pub plan: Rc<PlanView>,
    pub threshold_days: u32,
    pub onexport: Callback<Export>,
}

fn policy(p: &PolicyPlan, placement: &str, lines: &[DiffLine]) -> Html {
    let kind = p.kind.id();
    html! {
        <div class={classes!("code-block", "rewrite-policy", format!("action-{}", p.action.id()))}
            data-testid="rewrite-policy" data-policy={p.name.clone()} data-action={p.action.id()} data-kind={kind}>
            <div class="code-head">
                <span class="shape-title">{ p.name.clone() }<span class="muted">{ format!(" ({kind})") }</span></span>
                <span class={classes!("action-badge", p.action.id())}>{ p.action.id() }</span>
                if let (Some(after), Action::Edit | Action::Replace | Action::PermissionSet) = (&p.after, p.action) {
                    <CopyButton text={after.clone()} label={format!("Copy the new document of {}", p.name)} text_idle="Copy the new document" />
                }
            </div>
            <p class="placement" data-testid="rewrite-placement"><strong>{"Where it goes: "}</strong>{ placement.to_string() }</p>
            <p data-testid="rewrite-reason">{ p.reason.clone() }</p>
            if !p.reasons.is_empty() {
                <ul class="rewrite-reasons" data-testid="rewrite-reasons">
                    { for p.reasons.iter().map(|r| html! { <li>{ r.clone() }</li> }) }
                </ul>
            }
            if !lines.is_empty() {
                { diff_block(lines, Some("rewrite-diff")) }
            }
        </div>
    }
}

#[function_component(RewritePanel)]
pub fn rewrite_panel(props: &RewritePanelProps) -> Html {
    let PlanView {
        plan: p,
        diffs,
        placements,
    } = &*props.plan;
    let button = |testid: &'static str, label: &'static str, what: Export| {
        let onclick = props.onexport.reform(move |_: MouseEvent| what.clone());
        html! { <button type="button" data-testid={testid} {onclick}>{ label }</button> }
    };
    let changes = p
        .policies
        .iter()
        .filter(|x| !matches!(x.action, Action::Keep | Action::Skip))
        .count();
    html! {
        <section class="rewrite" aria-labelledby="rewrite-title" data-testid="rewrite-panel">
            <h2 id="rewrite-title" tabindex="-1">{"Rewritten policies"}</h2>
            <p class="review"><strong>{"Review before applying."}</strong>
                { format!(" Only what the report proves unused in the last {} days goes: Deny statements, statements whose Sid starts with NOREPO, \
                   iam:PassRole, actions the report does not track and services it does not list stay. {changes} of {} policies change.",
                   props.threshold_days, p.policies.len()) }</p>
            { for p.notes.iter().map(|n| html! { <p class="note" data-testid="rewrite-note">{ n.clone() }</p> }) }
            <div class="exports" role="group" aria-label="rewrite downloads">
                { button("export-rewrite", "Rewrite (JSON)", Export::Rewrite) }
                { button("export-policies", "Policies (CSV)", Export::Policies) }
                { button("rewrite-script", "Apply script (AWS CLI)", Export::ApplyScript) }
                { button("rollback-script", "Rollback script", Export::RollbackScript) }
            </div>
            { for p.policies.iter().zip(diffs).zip(placements).map(|((x, lines), at)| policy(x, at, lines)) }
            <ul class="caveats">
                { for CAVEATS.iter().map(|c| html! { <li>{ *c }</li> }) }
            </ul>
        </section>
    }
}
