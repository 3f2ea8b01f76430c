//! The account's policies: which policy grants what no loaded principal it
//! reaches used, most first, across every loaded report (with the account's
//! authorization details). A policy shared by several principals is judged
//! with all their reports: it keeps what any of them used. Each principal
//! opens its report (and its rewrite panel, which says where each document
//! goes). Made by the engine on request: every loaded principal's plan is
//! read when the panel opens.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::granted::PolicyKind;
use crate::report::id::Id;
use crate::report::plan::PoliciesFilter;
use crate::session::protocol::{PoliciesView, PolicyLine};

#[derive(Properties, PartialEq)]
pub struct AccountPoliciesProps {
    /// The policies, when the panel is open.
    pub view: Option<Rc<PoliciesView>>,
    /// Open (`true`) or close the panel.
    pub ontoggle: Callback<bool>,
    /// Open a report (its id).
    pub onopen: Callback<String>,
    /// Download every policy as CSV.
    pub onexport: Callback<()>,
    /// Narrow the policies on screen.
    pub onfilter: Callback<PoliciesFilter>,
}

/// The first of `count` principals, as (label, report id): a button opens
/// a loaded one's report (`testid`), one without a report is its ARN.
fn principals(
    list: &[(String, String)],
    count: usize,
    testid: &'static str,
    onopen: &Callback<String>,
) -> Html {
    let more = count.saturating_sub(list.len());
    let each = list.iter().map(|(label, id)| {
        if id.is_empty() {
            return html! { <span class="arn">{ label.clone() }</span> };
        }
        let id = id.clone();
        let onclick = onopen.reform(move |_: MouseEvent| id.clone());
        html! {
            <button type="button" class="link" data-testid={testid} {onclick}>{ label.clone() }</button>
        }
    });
    html! {
        <>
            { for each }
            if more > 0 {
                <span class="muted">{ format!(" and {more} more") }</span>
            }
        </>
    }
}

fn line(p: &PolicyLine, onopen: &Callback<String>) -> Html {
    let removed_more = p.removed_count.saturating_sub(p.removed.len());
    html! {
        <tr data-testid="policy-row" data-policy={p.name.clone()} data-removed={p.removed_count.to_string()}>
            // One child each: on a narrow screen a cell is a grid of its
            // label and its value.
            <td data-label="Policy"><div>
                <strong title={p.arn.clone()}>{ p.name.clone() }</strong>
                // A group or permission set (a principal's own is in Reaches).
                if !p.held_by.is_empty() && !p.held_by.starts_with("arn:") {
                    <div class="muted">{ p.held_by.clone() }</div>
                }
            </div></td>
            <td data-label="Kind">{ p.kind.label() }</td>
            <td data-label="Reaches" class="policy-principals"><div>
                { principals(&p.principals, p.principal_count, "policy-principal", onopen) }
                // Users and roles it is the permissions boundary of.
                if p.bound_count > 0 {
                    <div class="policy-bounds" data-testid="policy-bounds">
                        <span class="muted">{"permissions boundary of "}</span>
                        { principals(&p.bounds, p.bound_count, "policy-bound", onopen) }
                    </div>
                }
            </div></td>
            <td data-label="Rewrite"><div>
                { for p.actions.iter().map(|a| html! { <span class={classes!("action-badge", a.id())}>{ a.id() }</span> }) }
            </div></td>
            <td data-label="Removed or narrowed"><div>
                if p.removed_count == 0 {
                    <span class="muted">{"nothing"}</span>
                } else {
                    <strong>{ p.removed_count }</strong>{": "}
                    <code>{ p.removed.join(", ") }</code>
                    if removed_more > 0 {
                        { format!(" and {removed_more} more") }
                    }
                }
                if p.over_limit {
                    <div class="flag warn">{"⚠ a rewritten document is over IAM's size quota"}</div>
                }
            </div></td>
        </tr>
    }
}

#[function_component(AccountPolicies)]
pub fn account_policies(props: &AccountPoliciesProps) -> Html {
    let open = props.view.is_some();
    // Asked for and not here yet: every principal's plan is being read (a
    // second or two for thousands of principals).
    let asked = use_state(|| false);
    let reading = *asked && !open;
    let ontoggle = {
        let (ontoggle, asked) = (props.ontoggle.clone(), asked.clone());
        Callback::from(move |_: MouseEvent| {
            asked.set(!open);
            ontoggle.emit(!open);
        })
    };
    // Gone from the page (Clear, or the details no longer loaded): the
    // engine closes the panel too, so it comes back closed and unfiltered
    // as its inputs do, and no plan is read for it meanwhile.
    {
        let ontoggle = props.ontoggle.clone();
        use_effect_with((), move |()| move || ontoggle.emit(false));
    }
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    // The filter as the user set it: the inputs keep what was typed (the
    // engine's answer to an earlier keystroke never overwrites a later
    // one); the engine starts from none each time the panel opens.
    let filter = use_mut_ref(PoliciesFilter::default);
    if !open {
        *filter.borrow_mut() = PoliciesFilter::default();
    }
    let set = {
        let (onfilter, filter) = (props.onfilter.clone(), filter.clone());
        move |change: &dyn Fn(&mut PoliciesFilter)| {
            let mut f = filter.borrow_mut();
            change(&mut f);
            onfilter.emit(f.clone());
        }
    };
    let oninput = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            set(&|f: &mut PoliciesFilter| f.text = el.value());
        })
    };
    let onkind = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            set(&|f: &mut PoliciesFilter| f.kind = PolicyKind::from_id(&el.value()));
        })
    };
    let onchanged = Callback::from(move |e: Event| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        set(&|f: &mut PoliciesFilter| f.only_changed = el.checked());
    });
    html! {
        <section class="table-section account-policies" data-testid="account-policies" aria-labelledby="account-policies-title"
            aria-busy={props.view.as_ref().is_some_and(|v| v.stale).then_some("true")}>
            <h2 id="account-policies-title" tabindex="-1">{"The account's policies"}</h2>
            <p>{"Which policy grants what no loaded principal it reaches used, most first. \
                A policy several principals hold is judged with all their reports: it keeps what any of them used. \
                Open a principal for its rewrite, which says where each document goes. "}
                <button type="button" data-testid="policies-toggle" aria-expanded={open.to_string()}
                    aria-busy={reading.then_some("true")} onclick={ontoggle}>
                    { match (open, reading) {
                        (true, _) => "Hide the policies",
                        (false, true) => "Reading every principal's policies…",
                        (false, false) => "Show the policies",
                    } }
                </button>
            </p>
            if let Some(v) = &props.view {
                <p data-testid="policies-count" data-total={v.total.to_string()} data-principals={v.principals.to_string()}>
                    { format!("{} polic{} reach the {} principal{} read; the rewrite takes something out of {}.",
                        v.total, if v.total == 1 { "y" } else { "ies" },
                        v.principals, if v.principals == 1 { "" } else { "s" }, v.changed) }
                    if v.matching < v.total {
                        <strong>{ format!(" {} match{}.", v.matching, if v.matching == 1 { "es" } else { "" }) }</strong>
                    }
                    if v.matching > v.rows.len() {
                        { format!(" The {} with the most are below; the CSV has every one.", v.rows.len()) }
                    }
                    if v.stale {
                        <span class="muted" data-testid="policies-stale">{" Reading them again for the data as they are now…"}</span>
                    }
                </p>
                <div class="fleet-filters">
                    <label>{"Find "}
                        <input type="search" data-testid="policies-search" {oninput}
                            placeholder="policy, ARN or principal" aria-label="find policies" />
                    </label>
                    <label>{"Kind "}
                        <select data-testid="policies-kind" onchange={onkind}>
                            // (Set: Yew adds the options last first, and a
                            // select without one shows the first added.)
                            <option value="" selected=true>{"all"}</option>
                            { for v.kinds.iter().map(|(k, n)| html! {
                                <option value={k.id()}>{ format!("{} ({n})", k.label()) }</option>
                            }) }
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" data-testid="policies-only-changed"
                        onchange={onchanged} />{" only those the rewrite changes"}</label>
                    <button type="button" data-testid="policies-csv" onclick={onexport}>{"Policies (CSV)"}</button>
                </div>
                if v.rows.is_empty() {
                    if v.total > 0 {
                        <p class="muted" data-testid="policies-none">{"No policy matches."}</p>
                    }
                } else {
                    <div class="table-wrap">
                        <table class="data policies-table" data-testid="policies-table">
                            <thead><tr>
                                <th scope="col">{"Policy"}</th>
                                <th scope="col">{"Kind"}</th>
                                <th scope="col">{"Reaches"}</th>
                                <th scope="col">{"Rewrite"}</th>
                                <th scope="col" title="The action patterns the rewrite takes out or narrows, as they were written (iam:* narrowed keeps iam:PassRole; s3:* narrowed keeps the s3 actions used)">{"Removed or narrowed"}</th>
                            </tr></thead>
                            <tbody>
                                { for v.rows.iter().map(|p| line(p, &props.onopen)) }
                            </tbody>
                        </table>
                    </div>
                }
            }
        </section>
    }
}
