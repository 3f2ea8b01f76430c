//! Text the report view uses, laid out once, out of sight, soon after the
//! page starts: the browser then finds the fonts for its sizes, weights and
//! symbols (≤, ▲, ⚠…) while the page is idle, not in the first report's
//! first layout, the longest task of a file's load.
//!
//! The first time a page lays out a font at a new size or weight, the
//! browser looks it up: on Linux a call to the browser process per size
//! (`GetWebFontRenderStyleForStrike` in a trace) and, for a symbol its main
//! font lacks, a search of the system's fonts. Traced, that was 20–170 ms
//! of the first report's first layout. Each font here is laid out in a task
//! of its own, so the warm-up is no long task either. An end-to-end test
//! (`tests/e2e/guide.test.mjs`) checks that every font the report view
//! uses is one of these, or was laid out before.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Every symbol outside ASCII that the app writes.
pub const SYMBOLS: &str = "≤ · — – … → ─ × ▶ ▸ ▲ ▼ ↕ ⚠ ✓ é";

/// Where a font's family comes from: the page's text, `code` (and ARNs),
/// or `pre` (the browser's own monospace).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Text,
    Code,
    Pre,
}

/// The report view's fonts the empty page does not lay out: face, size in
/// CSS pixels (as computed from `styles/app.css`), weight, tabular figures.
pub const FONTS: &[(Face, &str, u16, bool)] = &[
    (Face::Text, "13.5px", 400, false),
    (Face::Text, "13.5px", 400, true),
    (Face::Text, "13.5px", 600, false),
    (Face::Text, "13.5px", 600, true),
    (Face::Text, "13.5px", 700, false),
    (Face::Text, "13.5px", 700, true),
    (Face::Text, "18px", 700, false),
    (Face::Text, "16.5px", 700, false),
    (Face::Text, "20.25px", 650, false),
    (Face::Text, "11.475px", 400, false),
    (Face::Text, "11.475px", 600, false),
    (Face::Text, "12.75px", 600, false),
    (Face::Text, "12px", 600, false),
    (Face::Text, "12px", 700, false),
    (Face::Text, "11.4px", 600, false),
    (Face::Text, "11px", 400, false),
    (Face::Text, "11px", 600, false),
    (Face::Text, "10.8px", 600, false),
    (Face::Text, "10px", 700, false),
    (Face::Text, "9.12px", 600, false),
    (Face::Code, "12.3px", 400, false),
    (Face::Code, "12.15px", 400, false),
    (Face::Code, "12.15px", 600, false),
    (Face::Pre, "12.75px", 400, false),
];

#[derive(Properties, PartialEq)]
pub struct FontWarmupProps {}

#[function_component(FontWarmup)]
pub fn font_warmup(_: &FontWarmupProps) -> Html {
    // How many fonts are laid out: none at the first paint (the page shows
    // before any is looked up), then one more per task.
    let shown = use_state(|| 0usize);
    let host = use_node_ref();
    {
        let (shown, host) = (shown.clone(), host.clone());
        use_effect_with(*shown, move |n| {
            // Each font's size, weight and figures through the CSSOM (the
            // page's CSP allows no style attribute), for every element shown.
            if let Some(el) = host.cast::<web_sys::Element>() {
                let children = el.children();
                for (i, (_, size, weight, tabular)) in FONTS.iter().enumerate().take(*n) {
                    if let Some(s) = children
                        .item(i as u32 + 1)
                        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let style = s.style();
                        let _ = style.set_property("font-size", size);
                        let _ = style.set_property("font-weight", &weight.to_string());
                        let figures = if *tabular { "tabular-nums" } else { "normal" };
                        let _ = style.set_property("font-variant-numeric", figures);
                    }
                }
            }
            let n = *n;
            let next = (n <= FONTS.len()).then(|| Timeout::new(0, move || shown.set(n + 1)));
            move || drop(next)
        });
    }
    if *shown == 0 {
        return html! {};
    }
    let text = format!("Ag 09 {SYMBOLS}");
    html! {
        <div class="visually-hidden" aria-hidden="true" data-testid="font-warmup" ref={host}
            data-done={(*shown > FONTS.len()).then_some("true")}>
            <span>{ SYMBOLS }<b>{ SYMBOLS }</b><code>{ SYMBOLS }</code><code><b>{ SYMBOLS }</b></code></span>
            // (Every element's font is set again after each render: styled
            // only once, when it was added, the earlier ones lost theirs.)
            { for FONTS.iter().enumerate().take(*shown - 1).map(|(i, (face, ..))| match face {
                Face::Text => html! { <span key={i}>{ text.clone() }</span> },
                Face::Code => html! { <code key={i}>{ text.clone() }</code> },
                Face::Pre => html! { <pre key={i}>{ text.clone() }</pre> },
            }) }
        </div>
    }
}
