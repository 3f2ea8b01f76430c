//! Windowed ("virtual") table bodies: above [`VIRTUAL_FROM`] rows only the
//! rows in view, plus a buffer, are in the page; spacer rows keep the scroll
//! height right. Rows have a fixed height in windowed tables (see the
//! stylesheet), so the rows in view follow from the scroll position.
//!
//! Whether a table is windowed follows from its rows before any filter
//! ([`windowed`]), not from those a search leaves: typing never switches a
//! table between the two layouts (fixed columns and 52 px rows, or sized to
//! their text), which made the browser lay the whole table out again at the
//! keystroke that crossed the threshold (50-110 ms to the screen at 200 000
//! actions, BENCHMARKS.md, eighteenth session), and moved its columns.

use yew::prelude::*;

use crate::report::table::visible_window;

/// Above this many rows a table is windowed.
pub const VIRTUAL_FROM: usize = 200;

/// Whether a table that holds `rows` rows before filtering is windowed.
pub fn windowed(rows: usize) -> bool {
    rows > VIRTUAL_FROM
}

/// Row height of a windowed table, in CSS pixels (fixed by the stylesheet).
pub const ROW_PX: f64 = 52.0;
/// Rows rendered above and below the visible ones.
const BUFFER: usize = 10;

/// Where to scroll so that `[start, start + size)` is in a view `view`
/// pixels long now scrolled to `scroll` (with `margin` more beyond it when
/// scrolling forward); `None` when it is in view already. Keys that move
/// focus in a windowed table scroll first, so the target gets rendered.
pub fn reveal(start: f64, size: f64, margin: f64, scroll: f64, view: f64) -> Option<f64> {
    if start < scroll {
        Some(start)
    } else if start + size > scroll + view {
        Some((start + size + margin - view).max(0.0))
    } else {
        None
    }
}

/// Focus the element `selector` finds inside `within`; false when it is not
/// rendered (yet).
pub fn focus_within(within: &web_sys::Element, selector: &str) -> bool {
    html_within(within, selector).is_some_and(|el| el.focus().is_ok())
}

/// The element `selector` finds inside `within`, if rendered.
fn html_within(within: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    within
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Whether the focused element is `el` or inside it.
fn focus_is_within(el: &web_sys::Element) -> bool {
    gloo::utils::document()
        .active_element()
        .is_some_and(|a| el.contains(Some(&a)))
}

/// Focus the tab stop in `wrap`'s table body when focus was lost (it is on
/// the page's body, or nowhere), without scrolling; false when focus is
/// lost and the body has no tab stop (yet).
fn refocus_if_lost(wrap: &web_sys::Element) -> bool {
    let doc = gloo::utils::document();
    let lost = match (doc.active_element(), doc.body()) {
        (None, _) => true,
        (Some(a), Some(body)) => a == *body.as_ref(),
        (Some(_), None) => false,
    };
    if !lost {
        return true;
    }
    match html_within(wrap, "tbody [tabindex=\"0\"]") {
        Some(stop) => {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            stop.focus_with_options(&options).is_ok()
        }
        None => false,
    }
}

/// What a table body renders, and the hooks to wire into the page.
pub struct RowWindow {
    pub windowed: bool,
    pub first: usize,
    pub count: usize,
    pub onscroll: Callback<Event>,
    /// Rows not in the page, above and below those that are.
    above: usize,
    below: usize,
}

impl RowWindow {
    /// The body's rows between the spacer rows that keep the scroll height
    /// right (when windowed), as one keyed list (`rows` are keyed too): a
    /// table that starts being windowed, as a load adds rows to its report,
    /// keeps its rows instead of making them again.
    pub fn around(&self, columns: usize, rows: impl Iterator<Item = Html>) -> Html {
        // The spacers' heights are the cells' `height` attributes: the CSP
        // allows no style attributes, and an attribute is set in the same
        // render as the rows (an effect setting it through the CSSOM ran
        // after the paint when Yew yielded to the browser, for a frame with
        // the rows at the last render's offsets).
        let spacer = |above: bool| {
            self.windowed.then(|| {
                let (key, rows) = if above {
                    ("spacer-above", self.above)
                } else {
                    ("spacer-below", self.below)
                };
                let height = crate::report::chart::coord(rows as f64 * ROW_PX);
                html! { <tr key={key} class="spacer" aria-hidden="true"><td colspan={columns.to_string()} {height}></td></tr> }
            })
        };
        spacer(true)
            .into_iter()
            .chain(rows)
            .chain(spacer(false))
            .collect::<Html>()
    }
}

/// The window of `total` rows shown in view, of a table that holds
/// `unfiltered` rows before filtering (which decide whether it is windowed:
/// [`windowed`]).
#[hook]
pub fn use_row_window(total: usize, unfiltered: usize) -> RowWindow {
    let scroll = use_state(|| (0.0f64, 700.0f64));
    let windowed = windowed(unfiltered.max(total));
    let (first, count) = if windowed {
        visible_window(total, scroll.0, scroll.1, ROW_PX, BUFFER)
    } else {
        (0, total)
    };
    // A scroll (wheel, scrollbar, a script) can take the focused row out
    // of the window, and out of the page with this render: focus would fall
    // to the page's body, and the keys would scroll the page instead of
    // moving in the table. Focus then goes to the table's tab stop, a row
    // that stays rendered, without scrolling to it.
    let scrolled_with_focus = use_mut_ref(|| None::<web_sys::Element>);
    {
        let scrolled_with_focus = scrolled_with_focus.clone();
        use_effect(move || {
            let mut pending = scrolled_with_focus.borrow_mut();
            // Rows the engine has not sent yet have no tab stop: tried
            // again at the next render, the one that draws them.
            if let Some(wrap) = pending.take() {
                if !refocus_if_lost(&wrap) {
                    *pending = Some(wrap);
                }
            }
        });
    }
    let onscroll = Callback::from(move |e: Event| {
        let el: web_sys::Element = e.target_unchecked_into();
        if focus_is_within(&el) {
            *scrolled_with_focus.borrow_mut() = Some(el.clone());
        }
        scroll.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
    });
    RowWindow {
        windowed,
        first,
        count,
        onscroll,
        above: first,
        below: total - first - count,
    }
}

/// A table body's rows, kept (the caller hides the body) while a filter
/// shows none: clearing a search that matched nothing then rewrites the
/// rows in place (they are keyed by place) instead of making every row and
/// cell again, which took longer than a frame at 200 000 actions.
#[hook]
pub fn use_kept_rows(rows: Html, empty: bool) -> Html {
    let kept = use_mut_ref(Html::default);
    if empty {
        return kept.borrow().clone();
    }
    *kept.borrow_mut() = rows.clone();
    rows
}
