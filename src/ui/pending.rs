//! Files being parsed, each with a Cancel button. The page stays usable
//! meanwhile: parsing runs in a Web Worker.

use yew::prelude::*;

use crate::session::Pending;

#[derive(Properties, PartialEq)]
pub struct PendingListProps {
    pub pending: Vec<Pending>,
    pub oncancel: Callback<u64>,
}

/// "12.3 MB", "850 KB", "120 bytes".
pub fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => {
            // Tenths of a megabyte, rounded (integers: no float formatting).
            let tenths = (b + 50_000) / 100_000;
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => format!("{b} bytes"),
    }
}

/// Files listed one by one; the rest are counted (a thousand spinners help
/// nobody, and would cost a render each time a batch arrives).
const LISTED: usize = 8;

#[function_component(PendingList)]
pub fn pending_list(props: &PendingListProps) -> Html {
    if props.pending.is_empty() {
        return html! {};
    }
    let more = props.pending.len().saturating_sub(LISTED);
    let rest_ids: Vec<u64> = props.pending.iter().skip(LISTED).map(|p| p.id).collect();
    let oncancelrest = {
        let oncancel = props.oncancel.clone();
        Callback::from(move |_: MouseEvent| rest_ids.iter().for_each(|id| oncancel.emit(*id)))
    };
    html! {
        <section class="pending" data-testid="pending" role="status" aria-live="polite" aria-busy="true"
            data-count={props.pending.len().to_string()}>
            { for props.pending.iter().take(LISTED).map(|p| {
                let id = p.id;
                let oncancel = props.oncancel.reform(move |_: MouseEvent| id);
                html! {
                    <div class="pending-item" data-name={p.name.clone()}>
                        <span class="spinner" aria-hidden="true"></span>
                        <span>{ if p.size > 0 {
                            format!("Reading {} ({})…", p.name, size(p.size))
                        } else {
                            format!("Reading {}…", p.name)
                        } }</span>
                        <button type="button" data-testid="cancel-load" onclick={oncancel}>{"Cancel"}</button>
                    </div>
                }
            }) }
            if more > 0 {
                <div class="pending-item" data-testid="pending-more">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{ format!("and {more} more file{} waiting…", if more == 1 { "" } else { "s" }) }</span>
                    <button type="button" data-testid="cancel-rest" onclick={oncancelrest}>{"Cancel these"}</button>
                </div>
            }
        </section>
    }
}
