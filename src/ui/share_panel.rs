//! "Share link": the view, and the loaded reports compressed into the URL
//! fragment (never sent to any server), optionally redacted. Shows what
//! redaction replaces and warns when a link gets too long to paste around.

use yew::prelude::*;

use crate::report::share::LINK_WARN_CHARS;
use crate::session::protocol::ShareView;

use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The link's content, made by the engine while the panel is open.
    pub share: Option<ShareView>,
    /// Open (`Some(redacted)`) or close the panel.
    pub onshare: Callback<Option<bool>>,
    /// Download every report as JSON (redacted or not).
    pub ondownload: Callback<bool>,
    /// Save the app as one HTML file with the reports and this view
    /// (redacted or not).
    pub onsavehtml: Callback<bool>,
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
    // Redacted by default; the choice is kept while the panel is closed.
    let redacted_choice = use_state(|| true);
    let Some(share) = &props.share else {
        let onshare = props.onshare.clone();
        let redacted = *redacted_choice;
        let onsave = props.onsavehtml.reform(move |_: MouseEvent| redacted);
        return html! {
            <div class="share">
                <button type="button" data-testid="share" onclick={move |_: MouseEvent| onshare.emit(Some(redacted))}>{"Share link…"}</button>
                <button type="button" data-testid="save-html" onclick={onsave}
                    title="One HTML file with the app, these reports (redacted unless you unticked it in Share link) and this view: it opens offline, anywhere">{"Save as HTML"}</button>
            </div>
        };
    };
    let redacted = share.redacted;
    let redaction = &share.redaction;
    let labels_dropped = share.labels_dropped;
    let link = format!("{}#{}", base_url(), share.fragment);
    let ontoggle = props.onshare.reform(|_: MouseEvent| None);
    let onredact = {
        let onshare = props.onshare.clone();
        let choice = redacted_choice.clone();
        Callback::from(move |_: Event| {
            choice.set(!redacted);
            onshare.emit(Some(!redacted));
        })
    };
    let ondownload = props.ondownload.reform(move |_: MouseEvent| redacted);
    html! {
        <section class="share open" aria-label="share link">
            <div class="share-head">
                <h2>{"Share link"}</h2>
                <button type="button" data-testid="share" onclick={ontoggle}>{"Close"}</button>
            </div>
            <p>{"The link holds this view and the loaded reports, compressed into the part after # — browsers never send that part to any server. \
                Whoever opens it sees the same report without any file."}</p>
            <label class="check">
                <input type="checkbox" data-testid="share-redact" checked={*redacted_choice} onchange={onredact} />
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
            <textarea data-testid="share-link" readonly=true rows="3" value={link.clone()} aria-label="share link"
                data-redacted={redacted.to_string()} aria-busy={(redacted != *redacted_choice).to_string()} />
            <div class="share-actions">
                <CopyButton text={link.clone()} label="Copy link to this view" text_idle="Copy link" testid="copy-share-link" />
                <span class="muted" data-testid="share-length">{ format!("{} characters", link.len()) }</span>
                <button type="button" data-testid="save-html" onclick={props.onsavehtml.reform(move |_: MouseEvent| redacted)}>
                    { if redacted { "Save as HTML (redacted)" } else { "Save as HTML" } }</button>
            </div>
            if link.len() > LINK_WARN_CHARS {
                <p class="banner warning" data-testid="share-too-long">
                    { format!("This link is {} characters long: some mail and chat tools cut links over {LINK_WARN_CHARS}. \
                       Send the report as a file instead (it opens in the single-file lastaccessed.html, too).", link.len()) }
                    <button type="button" data-testid="share-download" onclick={ondownload}>{ if redacted { "Download the redacted report JSON" } else { "Download the report JSON" } }</button>
                </p>
            }
        </section>
    }
}
