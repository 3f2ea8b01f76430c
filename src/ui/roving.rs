//! One tab stop per table (a "roving tabindex"): only the active row is in
//! the tab order; ArrowUp/ArrowDown, Home/End and PageUp/PageDown move it.
//! Rows carry `data-pos` (their position in what the table shows); in a
//! windowed table the target row may not be rendered yet, so the wrapper is
//! scrolled to it first and the row is focused once it is in the page.

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::row_window::{focus_within, reveal, ROW_PX, VIRTUAL_FROM};

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

#[hook]
pub fn use_roving(total: usize) -> Roving {
    let active = use_state(|| 0usize);
    let refocus = use_mut_ref(|| None::<usize>);
    let scroll = use_node_ref();
    let current = (*active).min(total.saturating_sub(1));
    {
        let refocus = refocus.clone();
        let scroll = scroll.clone();
        use_effect(move || {
            let target = *refocus.borrow();
            if let (Some(pos), Some(wrap)) = (target, scroll.cast::<web_sys::Element>()) {
                if focus_within(&wrap, &format!("tbody tr[data-pos=\"{pos}\"]")) {
                    *refocus.borrow_mut() = None;
                }
            }
        });
    }
    let onkeydown = {
        let active = active.clone();
        let scroll = scroll.clone();
        Callback::from(move |e: KeyboardEvent| {
            let from = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("tr[data-pos]").ok().flatten())
                .and_then(|tr| tr.get_attribute("data-pos"))
                .and_then(|p| p.parse::<usize>().ok());
            let Some(from) = from else { return };
            let Some(to) = next_row(&e.key(), from, total) else {
                return;
            };
            e.prevent_default();
            *refocus.borrow_mut() = Some(to);
            // A windowed table renders the row once it is scrolled into view.
            if total > VIRTUAL_FROM {
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
    let onfocus = {
        let active = active.clone();
        Callback::from(move |pos: usize| {
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

#[cfg(test)]
mod tests {
    use super::next_row;

    #[test]
    fn keys_move_within_the_rows() {
        assert_eq!(next_row("ArrowDown", 0, 3), Some(1));
        assert_eq!(next_row("ArrowDown", 2, 3), Some(2));
        assert_eq!(next_row("ArrowUp", 0, 3), Some(0));
        assert_eq!(next_row("End", 0, 300), Some(299));
        assert_eq!(next_row("PageDown", 295, 300), Some(299));
        assert_eq!(next_row("PageUp", 5, 300), Some(0));
        assert_eq!(next_row("Tab", 1, 3), None);
        assert_eq!(next_row("ArrowDown", 0, 0), None);
    }
}
