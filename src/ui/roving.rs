//! One tab stop per table (a "roving tabindex"): only the active row is in
//! the tab order; ArrowUp/ArrowDown, Home/End and PageUp/PageDown move it.
//! Rows carry `data-pos` (their position in what the table shows); in a
//! windowed table the target row may not be rendered yet, so the wrapper is
//! scrolled to it first and the row is focused once it is in the page.
//!
//! The page renders after a key's handler returns, and focus follows only
//! then: a key pressed before that (a held arrow key, a busy machine) still
//! arrives at the row focus left. [`Pending`] remembers the move not yet
//! followed, so that key moves on from where the last one went.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::row_window::{focus_within, reveal, ROW_PX};

/// Rows a PageUp/PageDown moves.
const PAGE: usize = 10;

pub struct Roving {
    /// The row position that is the table's tab stop.
    pub active: usize,
    /// For the `<tbody>`: moves between rows.
    pub onkeydown: Callback<KeyboardEvent>,
    /// For each row: the row that gets focus becomes the tab stop.
    pub onfocus: Callback<usize>,
    /// The scrolling wrapper (`ref` it).
    pub scroll: NodeRef,
}

impl Roving {
    /// `tabindex` of the row at `pos`.
    pub fn tabindex(&self, pos: usize) -> &'static str {
        if pos == self.active {
            "0"
        } else {
            "-1"
        }
    }
}

/// A move the keys made that focus has not followed yet: from the element
/// that had focus when it started, to where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending<T> {
    pub from: T,
    pub to: T,
}

impl<T: Copy + PartialEq> Pending<T> {
    /// Where a key pressed at `at` starts: the pending move's target while
    /// focus still sits where that move began, else `at` itself (focus has
    /// moved since, by the keys or the mouse). Either way the key's own
    /// move begins at `at`, where focus is.
    pub fn start(pending: Option<Self>, at: T) -> T {
        match pending {
            Some(p) if p.from == at => p.to,
            _ => at,
        }
    }
}

/// The key's target row: `total` rows, from `pos`.
pub fn next_row(key: &str, pos: usize, total: usize) -> Option<usize> {
    if total == 0 {
        return None;
    }
    let last = total - 1;
    Some(match key {
        "ArrowDown" => (pos + 1).min(last),
        "ArrowUp" => pos.saturating_sub(1),
        "PageDown" => (pos + PAGE).min(last),
        "PageUp" => pos.saturating_sub(PAGE),
        "Home" => 0,
        "End" => last,
        _ => return None,
    })
}

/// `total` rows shown; `windowed`: only those in view are in the page.
#[hook]
pub fn use_roving(total: usize, windowed: bool) -> Roving {
    let active = use_state(|| 0usize);
    let refocus = use_mut_ref(|| None::<Pending<usize>>);
    let scroll = use_node_ref();
    let current = (*active).min(total.saturating_sub(1));
    {
        let refocus = refocus.clone();
        let scroll = scroll.clone();
        use_effect(move || {
            let target = *refocus.borrow();
            if let (Some(Pending { to, .. }), Some(wrap)) =
                (target, scroll.cast::<web_sys::Element>())
            {
                if focus_within(&wrap, &format!("tbody tr[data-pos=\"{to}\"]")) {
                    *refocus.borrow_mut() = None;
                }
            }
        });
    }
    // A key's move from the row at `at` (from the pending move's target
    // while focus has not followed it).
    let step = {
        let active = active.clone();
        let scroll = scroll.clone();
        let refocus = refocus.clone();
        Callback::from(move |(e, at): (KeyboardEvent, usize)| {
            let from = Pending::start(*refocus.borrow(), at);
            let Some(to) = next_row(&e.key(), from, total) else {
                return;
            };
            e.prevent_default();
            *refocus.borrow_mut() = Some(Pending { from: at, to });
            // A windowed table renders the row once it is scrolled into view.
            if windowed {
                if let Some(wrap) = scroll.cast::<web_sys::Element>() {
                    let top = f64::from(wrap.scroll_top());
                    let view = f64::from(wrap.client_height()) - 2.0 * ROW_PX;
                    if let Some(y) = reveal(to as f64 * ROW_PX, ROW_PX, ROW_PX, top, view) {
                        wrap.set_scroll_top(y as i32);
                    }
                }
            }
            active.set(to);
        })
    };
    // A long jump in a windowed table can render the focused row out of
    // the page before focus reaches the target: focus falls to the body,
    // where a key would do nothing. While a move is pending, a key pressed
    // on the body moves on from it. (`latest`: this render's `step`, which
    // knows the row count.)
    let latest = use_mut_ref(|| step.clone());
    *latest.borrow_mut() = step.clone();
    {
        let refocus = refocus.clone();
        use_effect_with((), move |_| {
            let options = EventListenerOptions::enable_prevent_default();
            let document = gloo::utils::document();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |e| {
                    let document = gloo::utils::document();
                    let body: Option<web_sys::Element> = document.body().map(Into::into);
                    let on_body = document.active_element().is_none_or(|a| Some(a) == body);
                    let pending = *refocus.borrow();
                    if let (true, Some(p), Some(e)) =
                        (on_body, pending, e.dyn_ref::<KeyboardEvent>())
                    {
                        latest.borrow().emit((e.clone(), p.from));
                    }
                });
            move || drop(listener)
        });
    }
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        let at = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|t| t.closest("tr[data-pos]").ok().flatten())
            .and_then(|tr| tr.get_attribute("data-pos"))
            .and_then(|p| p.parse::<usize>().ok());
        if let Some(at) = at {
            step.emit((e, at));
        }
    });
    // A row focused (by the keys' move, or a click) ends any pending move.
    let onfocus = {
        let active = active.clone();
        Callback::from(move |pos: usize| {
            *refocus.borrow_mut() = None;
            if *active != pos {
                active.set(pos);
            }
        })
    };
    Roving {
        active: current,
        onkeydown,
        onfocus,
        scroll,
    }
}
