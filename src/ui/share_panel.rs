//! "Share link": the view, and the loaded reports compressed into the URL
//! fragment (never sent to any server), optionally redacted. Shows what
//! redaction replaces and warns when a link gets too long to paste around.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::export::{file_stem, report_json};
use crate::report::share::{encode_data, encode_fragment, redact, ViewState, LINK_WARN_CHARS};
use crate::report::Report;

use super::copy_button::CopyButton;
use super::download::save;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub reports: Rc<Vec<Report>>,
    /// Each report's label (the session's: the user's own where given).
    #[prop_or_default]
    pub labels: Vec<String>,
    /// The current view (without data).
    pub view: ViewState,
}

/// The page's address without its fragment.
fn base_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let open = use_state(|| false);
    let redacted = use_state(|| true);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // The data part of the link is made once per (reports, redaction), not
    // on every render of the open panel (typing in the search box).
    let encoded = use_memo(
        (props.reports.clone(), *redacted, *open),
        |(reports, redacted, open)| {
            if !*open {
                return None;
            }
            let (reports, redaction) = if *redacted {
                let (r, what) = redact(reports);
                (r, Some(what))
            } else {
                (reports.to_vec(), None)
            };
            let data = encode_data(&reports);
            Some((reports, redaction, data))
        },
    );
    let Some((reports, redaction, data)) = &*encoded else {
        return html! {
            <div class="share">
                <button type="button" data-testid="share" onclick={ontoggle}>{"Share link…"}</button>
            </div>
        };
    };
    let mut view = props.view.clone();
    view.data = Some(data.clone());
    // Labels are the user's own words and may name what redaction hides.
    let labels_dropped = *redacted && !view.labels.is_empty();
    if *redacted {
        view.labels.clear();
    }
    let link = format!("{}#{}", base_url(), encode_fragment(&view));
    let onredact = {
        let redacted = redacted.clone();
        Callback::from(move |_: Event| redacted.set(!*redacted))
    };
    let ondownload = {
        let reports = reports.clone();
        // The user's labels name the files, unless redacted (labels may name
        // what redaction hides).
        let labels: Vec<String> = if *redacted {
            Vec::new()
        } else {
            props.labels.clone()
        };
        Callback::from(move |_: MouseEvent| {
            for (i, r) in reports.iter().enumerate() {
                let label = labels.get(i).cloned().unwrap_or_else(|| r.default_label());
                let _ = save(
                    &format!("{}.json", file_stem(&label)),
                    "application/json",
                    &report_json(r),
                );
            }
        })
    };
    html! {
        <section class="share open" aria-label="share link">
            <div class="share-head">
                <h2>{"Share link"}</h2>
                <button type="button" data-testid="share" onclick={ontoggle}>{"Close"}</button>
            </div>
            <p>{"The link holds this view and the loaded reports, compressed into the part after # — browsers never send that part to any server. \
                Whoever opens it sees the same report without any file."}</p>
            <label class="check">
                <input type="checkbox" data-testid="share-redact" checked={*redacted} onchange={onredact} />
                {"Redact account IDs and principal names"}
            </label>
            if let Some(what) = &redaction {
                <ul class="redactions" data-testid="share-redactions">
                    { for what.accounts.iter().map(|(a, p)| html! { <li><code>{ a.clone() }</code>{" → "}<code>{ p.clone() }</code></li> }) }
                    { for what.names.iter().map(|(a, p)| html! { <li><code>{ a.clone() }</code>{" → "}<code>{ p.clone() }</code></li> }) }
                    if what.accounts.is_empty() && what.names.is_empty() {
                        <li>{"Nothing to redact."}</li>
                    }
                </ul>
            }
            if labels_dropped {
                <p class="muted" data-testid="share-labels-dropped">{"The labels you gave reports are left out of a redacted link (they may name what redaction hides)."}</p>
            }
            <textarea data-testid="share-link" readonly=true rows="3" value={link.clone()} aria-label="share link" />
            <div class="share-actions">
                <CopyButton text={link.clone()} label="Copy the share link" text_idle="Copy link" testid="copy-share-link" />
                <span class="muted" data-testid="share-length">{ format!("{} characters", link.len()) }</span>
            </div>
            if link.len() > LINK_WARN_CHARS {
                <p class="banner warning" data-testid="share-too-long">
                    { format!("This link is {} characters long: some mail and chat tools cut links over {LINK_WARN_CHARS}. \
                       Send the report as a file instead (it opens in the single-file lastaccessed.html, too).", link.len()) }
                    <button type="button" data-testid="share-download" onclick={ondownload}>{ if *redacted { "Download the redacted report JSON" } else { "Download the report JSON" } }</button>
                </p>
            }
        </section>
    }
}
