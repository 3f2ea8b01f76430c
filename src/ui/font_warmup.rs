//! Text the report view uses, laid out once, out of sight, soon after the
//! page starts: the browser then finds the fonts for its symbols (≤, ▲, ⚠…)
//! and styles while the page is idle. The first time a page lays out a
//! symbol its main font lacks, the browser searches the system's fonts for
//! it: on Linux that made the first report's first layout take 87 ms (22 ms
//! once these were found), the longest task of a file's load.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// Every symbol outside ASCII that the app writes.
pub const SYMBOLS: &str = "≤ · — – … → ─ × ▶ ▸ ▲ ▼ ↕ ⚠ ✓ é";

#[derive(Properties, PartialEq)]
pub struct FontWarmupProps {}

#[function_component(FontWarmup)]
pub fn font_warmup(_: &FontWarmupProps) -> Html {
    // After the first paint: the page shows before the fonts are looked up.
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            let t = Timeout::new(0, move || ready.set(true));
            move || drop(t)
        });
    }
    if !*ready {
        return html! {};
    }
    html! {
        <div class="visually-hidden" aria-hidden="true" data-testid="font-warmup">
            { SYMBOLS }<b>{ SYMBOLS }</b><code>{ SYMBOLS }</code><code><b>{ SYMBOLS }</b></code>
        </div>
    }
}
