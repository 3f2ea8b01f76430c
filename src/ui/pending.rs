//! Files being parsed, each with a Cancel button. The page stays usable
//! meanwhile: parsing runs in a Web Worker.

use yew::prelude::*;

use super::app::Pending;

#[derive(Properties, PartialEq)]
pub struct PendingListProps {
    pub pending: Vec<Pending>,
    pub oncancel: Callback<u64>,
}

/// "12.3 MB", "850 KB", "120 bytes".
pub fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => format!("{b} bytes"),
    }
}

#[function_component(PendingList)]
pub fn pending_list(props: &PendingListProps) -> Html {
    if props.pending.is_empty() {
        return html! {};
    }
    html! {
        <section class="pending" data-testid="pending" role="status" aria-live="polite" aria-busy="true">
            { for props.pending.iter().map(|p| {
                let id = p.id;
                let oncancel = props.oncancel.reform(move |_: MouseEvent| id);
                html! {
                    <div class="pending-item" data-name={p.name.clone()}>
                        <span class="spinner" aria-hidden="true"></span>
                        <span>{ format!("Reading {} ({})…", p.name, size(p.size)) }</span>
                        <button type="button" data-testid="cancel-load" onclick={oncancel}>{"Cancel"}</button>
                    </div>
                }
            }) }
        </section>
    }
}
