//! "Skip to" links at the top of a report: each moves focus straight to a
//! table's tab stop (or a section's heading), so a keyboard user does not
//! tab through everything before it. They are buttons, not `#anchors`: the
//! URL fragment holds the view.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SkipLinksProps {
    /// (label, CSS selector of the element to focus), in page order; those
    /// whose target is not on the page are left out when pressed.
    pub targets: Vec<(&'static str, &'static str)>,
}

#[function_component(SkipLinks)]
pub fn skip_links(props: &SkipLinksProps) -> Html {
    html! {
        <nav class="skip-links" aria-label="skip to">
            <span class="skip-title">{"Skip to:"}</span>
            { for props.targets.iter().map(|(label, selector)| {
                let selector = *selector;
                let onclick = Callback::from(move |_: MouseEvent| {
                    let el = gloo::utils::document().query_selector(selector).ok().flatten();
                    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.focus();
                    }
                });
                html! {
                    <button type="button" class="link skip-link" data-testid="skip-link" {onclick}>{ *label }</button>
                }
            }) }
        </nav>
    }
}
