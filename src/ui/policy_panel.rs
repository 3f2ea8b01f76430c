//! Least-privilege suggestions, each shape labelled with where it goes, with
//! the caveats of last-accessed data beside them.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::id::Id;
use crate::report::policy::{caveats, Shape, Suggestions};

use super::copy_button::CopyButton;
use super::download::save;

#[derive(Properties, PartialEq)]
pub struct PolicyPanelProps {
    /// `None` while the engine makes them (a large report's follow its
    /// first view).
    pub suggestions: Option<Rc<Suggestions>>,
    /// An Organizations report's: its own caveats.
    pub org: bool,
    pub threshold_days: u32,
}

/// Lines of a document drawn in the page; the rest is copied, not drawn.
/// A report of 200 000 actions makes a used-actions document of a
/// megabyte, which would slow every later change of the page (the browser
/// lays it out again) and is far over IAM's policy size quotas anyway.
const PREVIEW_LINES: usize = 400;

fn document(shape: Shape, doc: &str) -> Html {
    let testid = match shape {
        Shape::DenyOnPrincipal => "policy-output",
        Shape::AllowUsed => "policy-actions",
        _ => "policy-document",
    };
    let cut = doc
        .match_indices('\n')
        .nth(PREVIEW_LINES - 1)
        .map(|(at, _)| at);
    match cut {
        None => html! { <pre data-testid={testid} tabindex="0">{ doc.to_string() }</pre> },
        Some(at) => {
            let lines = doc.lines().count();
            let whole = doc.to_string();
            let name = format!("lastaccessed-{}.json", shape.id());
            // Selecting by hand (when the browser refuses to copy) would
            // take only the preview: the document can be saved whole.
            let ondownload = Callback::from(move |_: MouseEvent| {
                let _ = save(&name, "application/json", &whole);
            });
            html! { <>
                <pre data-testid={testid} data-preview="true" tabindex="0">{ format!("{}\n…", &doc[..at]) }</pre>
                <p class="muted" data-testid="policy-preview-note">
                    { format!("The first {PREVIEW_LINES} of {lines} lines ({} kB) are shown; Copy and Download take the whole document. ", doc.len() / 1000) }
                    <button type="button" data-testid="policy-download" onclick={ondownload}>{"Download"}</button>
                </p>
            </> }
        }
    }
}

#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyPanelProps) -> Html {
    // What every document says (an old report, a young principal): once,
    // above them all.
    let common = props.suggestions.as_ref().map_or(&[][..], |s| &s.notes);
    html! {
        <section class="policy" aria-labelledby="policy-title" data-testid="policy-panel"
            aria-busy={props.suggestions.is_none().then_some("true")}>
            <h2 id="policy-title" tabindex="-1">{"Least-privilege suggestion"}</h2>
            <p class="review"><strong>{"Review before applying."}</strong>
                { format!(" Each document below removes the services not used in the last {} days in a different place; \
                   use one, and test it first: last-accessed data has blind spots (below).", props.threshold_days) }</p>
            if !common.is_empty() {
                <ul class="policy-notes" data-testid="policy-notes">
                    { for common.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
            if props.suggestions.is_none() {
                <p class="muted" data-testid="policy-pending">{"Writing the documents for this report…"}</p>
            }
            { for props.suggestions.iter().flat_map(|all| all.iter()).map(|s| html! {
                <div class="code-block policy-shape" data-testid="policy-shape" data-shape={s.shape.id()}>
                    <div class="code-head">
                        <span class="shape-title">{ s.title.clone() }</span>
                        if let Some(doc) = &s.document {
                            <CopyButton text={doc.clone()} label={format!("Copy the policy: {}", s.title)} />
                        }
                    </div>
                    <p class="placement" data-testid="policy-placement"><strong>{"Where it goes: "}</strong>{ s.placement.clone() }</p>
                    if let Some(doc) = &s.document {
                        { document(s.shape, doc) }
                    }
                    if !s.notes.is_empty() {
                        <ul class="shape-notes">
                            { for s.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                        </ul>
                    }
                </div>
            }) }
            <ul class="caveats" data-testid="caveats">
                { for caveats(props.org, false).into_iter().map(|c| html! { <li>{ c }</li> }) }
            </ul>
        </section>
    }
}
