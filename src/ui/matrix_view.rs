//! Several principals side by side: services × reports, cells show the age
//! with the status colour; services unused by every principal stand out.
//!
//! Built for dozens of principals: the header row and the service column
//! stay in place (sticky), columns have fixed readable widths, only the
//! columns and rows in view are in the page (both ways windowed), services
//! and principals can be filtered, a cell opens that principal at that
//! service, and the matrix as shown exports to CSV. The table is one tab
//! stop: arrow keys, Home/End and PageUp/PageDown move between cells, Enter
//! opens one.

use std::rc::Rc;

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::report::chart::coord;
use crate::report::matrix::{Matrix, MatrixSort};
use crate::report::table::Sort;

use super::roving::Pending;
use super::row_window::{focus_within, reveal, use_row_window, ROW_PX};
use super::sort_header::{aria, sort_by, SortHeader};

#[derive(Properties, PartialEq)]
pub struct MatrixViewProps {
    pub matrix: Rc<Matrix>,
    pub sort: MatrixSort,
    /// Sort by service (`None`) or by a report column.
    pub onsort: Callback<Option<usize>>,
    /// Open a report (by id) at a service (namespace).
    pub onopen: Callback<(String, String)>,
    /// Export these rows and columns (what the filters show) as CSV.
    pub onexport: Callback<(Vec<usize>, Vec<usize>)>,
}

/// Width of a principal column and of the service column, in CSS pixels
/// (the stylesheet sets the same).
const COL_PX: f64 = 128.0;
const SERVICE_PX: f64 = 260.0;
/// Above this many principals, only the columns in view are in the page.
const WINDOW_COLUMNS_FROM: usize = 16;
const COL_BUFFER: usize = 3;

#[function_component(MatrixView)]
pub fn matrix_view(props: &MatrixViewProps) -> Html {
    let m = &props.matrix;
    let service_filter = use_state(String::new);
    let principal_filter = use_state(String::new);
    let shown = {
        let (s, p) = ((*service_filter).clone(), (*principal_filter).clone());
        use_memo((m.clone(), s, p), |(m, s, p)| {
            m.shown_folded(s, p, &browser_lowercase)
        })
    };
    let rows = &shown.rows;
    let cols = &shown.columns;
    // The active cell (row and column positions in what is shown).
    let active = use_state(|| (0usize, 0usize));
    // Where keys moved focus to, to focus once it is rendered: a cell, or
    // the header of a column (`None` row); a key pressed before then moves
    // on from there (`Pending`).
    let refocus = use_mut_ref(|| None::<Pending<(Option<usize>, usize)>>);
    let w = use_row_window(rows.len(), m.rows.len());
    let horizontal = use_state(|| (0.0f64, 1200.0f64));
    let windowed_cols = cols.len() > WINDOW_COLUMNS_FROM;
    let (first_col, col_count) = if windowed_cols {
        let first = ((horizontal.0 / COL_PX) as usize).saturating_sub(COL_BUFFER);
        let count =
            ((horizontal.1 - SERVICE_PX).max(COL_PX) / COL_PX).ceil() as usize + 2 * COL_BUFFER;
        let first = first.min(cols.len());
        (first, count.min(cols.len() - first))
    } else {
        (0, cols.len())
    };
    // The tab stop is always a rendered cell: an active cell scrolled out of
    // the windows gives way to the nearest one in view.
    // Rows are windowed only above a few hundred services: an active row
    // scrolled out gives way to the nearest one in view. The active column is
    // always rendered, so the tab stop never leaves the page.
    let ar = active
        .0
        .clamp(w.first, (w.first + w.count).saturating_sub(1).max(w.first))
        .min(rows.len().saturating_sub(1));
    let ac = active.1.min(cols.len().saturating_sub(1));
    // While focus has not followed the keys yet, the cell it sits on stays
    // in the page: scrolled out and removed, it would drop focus (and the
    // next key) on the page's body.
    let origin = refocus.borrow().map(|p| p.from.1);
    let segments = segments(first_col, col_count, &[Some(ac), origin], cols.len());
    let scroll_ref = use_node_ref();
    // After a key moved the active cell, focus it (once it is rendered).
    {
        let refocus = refocus.clone();
        let scroll_ref = scroll_ref.clone();
        // The cell the keys moved to, which may only be rendered once the
        // scroll it caused has moved the windows.
        use_effect(move || {
            let target = *refocus.borrow();
            if let (Some(Pending { to: (row, c), .. }), Some(wrap)) =
                (target, scroll_ref.cast::<web_sys::Element>())
            {
                let sel = match row {
                    Some(r) => format!("[data-cell=\"{r}:{c}\"]"),
                    None => format!("th[data-pos=\"{c}\"] button"),
                };
                if focus_within(&wrap, &sel) {
                    *refocus.borrow_mut() = None;
                }
            }
        });
    }
    let onscroll = {
        let vertical = w.onscroll.clone();
        let horizontal = horizontal.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let now = (f64::from(el.scroll_left()), f64::from(el.client_width()));
            if now != *horizontal {
                horizontal.set(now);
            }
            vertical.emit(e);
        })
    };
    // The Service header is a tab stop; the principals' headers are reached
    // with ArrowUp from the cells (and Left/Right among themselves).
    // The shared sort header, over the matrix's sort (a column, or the service).
    let sort = Sort {
        column: props.sort.column,
        direction: props.sort.direction,
    };
    let header = |col: Option<usize>, pos: Option<usize>, label: String| {
        html! {
            <SortHeader key={col.map(|c| format!("h{c}")).unwrap_or_else(|| "service".into())}
                label={label.clone()} aria={aria(sort, col)} onsort={sort_by(&props.onsort, col)}
                key_name={col.map(|c| c.to_string()).unwrap_or_else(|| "service".into())}
                class={classes!(col.is_none().then_some("svc"))} title={label} {pos}
                tabbable={col.is_none()} />
        }
    };
    // Keys move the active cell; Enter/Space open it.
    let onkeydown = {
        let active = active.clone();
        let refocus = refocus.clone();
        let scroll_ref = scroll_ref.clone();
        let open = {
            let m = m.clone();
            let rows = rows.clone();
            let cols = cols.clone();
            let onopen = props.onopen.clone();
            move |r: usize, c: usize| {
                if let (Some(&ri), Some(&ci)) = (rows.get(r), cols.get(c)) {
                    if let (Some(row), Some(id)) = (m.rows.get(ri), m.ids.get(ci)) {
                        onopen.emit((id.clone(), row.namespace.clone()));
                    }
                }
            }
        };
        let sort = {
            let cols = cols.clone();
            let onsort = props.onsort.clone();
            move |c: usize| {
                if let Some(&ci) = cols.get(c) {
                    onsort.emit(Some(ci));
                }
            }
        };
        let (nr, nc) = (rows.len(), cols.len());
        Callback::from(move |e: KeyboardEvent| {
            if nr == 0 || nc == 0 {
                return;
            }
            // From the focused cell, or the principal header it sits in.
            let target = e.target_dyn_into::<web_sys::Element>();
            let in_cell = target
                .as_ref()
                .and_then(|el| el.get_attribute("data-cell"))
                .and_then(|d| {
                    let (r, c) = d.split_once(':')?;
                    Some((Some(r.parse::<usize>().ok()?), c.parse::<usize>().ok()?))
                });
            let in_header = target
                .as_ref()
                .and_then(|el| el.closest("th[data-pos]").ok().flatten())
                .and_then(|th| th.get_attribute("data-pos"))
                .and_then(|p| p.parse::<usize>().ok())
                .map(|c| (None, c));
            let Some(at) = in_cell.or(in_header) else {
                return;
            };
            let (row, c) = Pending::start(*refocus.borrow(), at);
            let key = e.key();
            let page = 10;
            let next_c = match key.as_str() {
                "ArrowRight" => (c + 1).min(nc - 1),
                "ArrowLeft" => c.saturating_sub(1),
                "Home" => 0,
                "End" => nc - 1,
                _ => c,
            };
            // `None`: the header row, above row 0.
            let next: Option<usize> = match (row, key.as_str()) {
                (None, "ArrowDown") => Some(0),
                (None, "PageDown") => Some(page.min(nr - 1)),
                (None, _) => None,
                (Some(0), "ArrowUp") => None,
                (Some(r), "ArrowDown") => Some((r + 1).min(nr - 1)),
                (Some(r), "ArrowUp") => Some(r.saturating_sub(1)),
                (Some(r), "PageDown") => Some((r + page).min(nr - 1)),
                (Some(r), "PageUp") => Some(r.saturating_sub(page)),
                (r, _) => r,
            };
            match key.as_str() {
                "Enter" | " " if row.is_some() => {
                    e.prevent_default();
                    open(row.unwrap_or(0), c);
                }
                // Keys moved to a column's header before focus got there:
                // that header's own Enter, its sort (where focus already is,
                // the header's button does it).
                "Enter" | " " if (row, c) != at => {
                    e.prevent_default();
                    sort(c);
                }
                "ArrowDown" | "ArrowUp" | "PageDown" | "PageUp" | "ArrowRight" | "ArrowLeft"
                | "Home" | "End" => {
                    e.prevent_default();
                    *refocus.borrow_mut() = Some(Pending {
                        from: at,
                        to: (next, next_c),
                    });
                    // Bring the cell into the windows before it is focused.
                    if let Some(wrap) = scroll_ref.cast::<web_sys::Element>() {
                        let (left, width) = (
                            f64::from(wrap.scroll_left()),
                            f64::from(wrap.client_width()) - SERVICE_PX,
                        );
                        if let Some(x) = reveal(next_c as f64 * COL_PX, COL_PX, 0.0, left, width) {
                            wrap.set_scroll_left(x as i32);
                        }
                        let (top, height) = (
                            f64::from(wrap.scroll_top()),
                            f64::from(wrap.client_height()) - 60.0,
                        );
                        let y = next.unwrap_or(0) as f64 * ROW_PX;
                        if let Some(y) = reveal(y, ROW_PX, 0.0, top, height) {
                            wrap.set_scroll_top(y as i32);
                        }
                    }
                    active.set((next.unwrap_or(active.0), next_c));
                }
                _ => {}
            }
        })
    };
    // Focus landing anywhere in the table (the keys' move, a click) ends a
    // pending move.
    let onfocusin = {
        let refocus = refocus.clone();
        Callback::from(move |_: FocusEvent| *refocus.borrow_mut() = None)
    };
    let onexport = {
        let shown = shown.clone();
        props
            .onexport
            .reform(move |_: MouseEvent| (shown.rows.clone(), shown.columns.clone()))
    };
    let filter_input =
        |state: &UseStateHandle<String>, testid: &'static str, label: &'static str| {
            let state = state.clone();
            let value = (*state).clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                state.set(input.value());
            });
            html! {
                <label class="matrix-filter">
                    <span>{ label }</span>
                    <input type="search" data-testid={testid} {value} {oninput} />
                </label>
            }
        };
    let unused = rows.iter().filter(|&&i| m.rows[i].unused_by_all).count();
    let span = segments.len() + 1;
    html! {
        <section class="table-section matrix" aria-labelledby="matrix-title" id="matrix">
            <h2 id="matrix-title">{ format!("Compare {} reports", m.columns.len()) }
                <span class="source">{ format!("{unused} service{} unused by every principal that has {}",
                    if unused == 1 { "" } else { "s" }, if unused == 1 { "it" } else { "them" }) }</span></h2>
            <div class="matrix-tools">
                { filter_input(&service_filter, "matrix-filter-services", "Services") }
                { filter_input(&principal_filter, "matrix-filter-principals", "Principals") }
                <span class="muted" data-testid="matrix-shown">
                    { format!("{} of {} services × {} of {} principals", rows.len(), m.rows.len(), cols.len(), m.columns.len()) }
                </span>
                <button type="button" data-testid="export-matrix-csv" onclick={onexport}>{"Matrix CSV"}</button>
            </div>
            if m.omitted > 0 {
                <p class="muted" data-testid="matrix-omitted">{ format!(
                    "The first {} principals of the fleet as it is filtered and sorted; {} more are left out. Filter or sort the fleet to compare others.",
                    m.columns.len(), m.omitted) }</p>
            }
            <div class={classes!("table-wrap", "matrix-wrap", w.windowed.then_some("virtual"))} {onscroll}
                data-testid="matrix-scroll" ref={scroll_ref}>
                <table data-testid="matrix-table" class="data" aria-rowcount={(rows.len() + 1).to_string()}
                    aria-colcount={(cols.len() + 1).to_string()} {onkeydown} {onfocusin}>
                    <caption class="visually-hidden">{"Services by principal: age and status of each service's last use. Arrow keys move between cells; Enter opens that principal at that service."}</caption>
                    <thead><tr aria-rowindex="1">
                        { header(None, None, "Service".into()) }
                        // Keyed, so a focused header survives the window moving under it.
                        { for segments.iter().enumerate().map(|(i, seg)| match *seg {
                            // The columns not in the page, as wide as they would be: the
                            // cell's width attribute, in the same render (the CSP allows
                            // no style attributes).
                            Segment::Gap(n) => html! { <th key={format!("g{i}")} class="col-spacer" aria-hidden="true" width={coord(n as f64 * COL_PX)}></th> },
                            Segment::Column(pos) => header(Some(cols[pos]), Some(pos), m.columns[cols[pos]].clone()),
                        }) }
                    </tr></thead>
                    <tbody>
                        { w.around(span, rows[w.first..w.first + w.count].iter().enumerate().map(|(k, &ri)| {
                            let r = &m.rows[ri];
                            let rpos = w.first + k;
                            html! {
                                <tr key={r.namespace.clone()} data-namespace={r.namespace.clone()}
                                    aria-rowindex={(rpos + 2).to_string()}
                                    class={classes!("row", r.unused_by_all.then_some("unused-by-all"))}
                                    data-unused-by-all={r.unused_by_all.to_string()}>
                                    <th key="service" scope="row" class="svc" data-label="Service" title={format!("{} ({})", r.name, r.namespace)}>
                                        <span class="clamp">{ r.name.clone() }</span> <code>{ r.namespace.clone() }</code>
                                    </th>
                                    { for segments.iter().enumerate().map(|(i, seg)| {
                                        let cpos = match *seg {
                                            Segment::Gap(_) => return html! { <td key={format!("g{i}")} class="col-spacer" aria-hidden="true"></td> },
                                            Segment::Column(pos) => pos,
                                        };
                                        let ci = cols[cpos];
                                        let label = m.columns[ci].clone();
                                        let is_active = rpos == ar && cpos == ac;
                                        let onclick = {
                                            let onopen = props.onopen.clone();
                                            let id = m.ids.get(ci).cloned();
                                            let ns = r.namespace.clone();
                                            let active = active.clone();
                                            Callback::from(move |_: MouseEvent| {
                                                active.set((rpos, cpos));
                                                if let Some(id) = &id {
                                                    onopen.emit((id.clone(), ns.clone()));
                                                }
                                            })
                                        };
                                        // The cell that has focus is the tab stop to come back to.
                                        let onfocus = {
                                            let active = active.clone();
                                            Callback::from(move |_: FocusEvent| {
                                                if *active != (rpos, cpos) {
                                                    active.set((rpos, cpos));
                                                }
                                            })
                                        };
                                        let (status, text) = match r.cells[ci] {
                                            None => ("none", "not granted".to_string()),
                                            Some(cell) => (cell.status.as_str(), match cell.age_days { Some(d) => format!("{d} d"), None => "never".into() }),
                                        };
                                        html! {
                                            <td key={format!("c{ci}")} data-label={label.clone()} data-status={status} data-cell={format!("{rpos}:{cpos}")}
                                                aria-colindex={(cpos + 2).to_string()}
                                                class={classes!("cell", status)} tabindex={if is_active { "0" } else { "-1" }}
                                                aria-label={format!("{label}, {}: {text}; Enter opens it", r.name)} {onclick} {onfocus}>
                                                if status == "none" { { text } } else {
                                                    <span class={classes!("status", "age", status)}>{ text }</span>
                                                }
                                            </td>
                                        }
                                    }) }
                                </tr>
                            }
                        })) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A run of principal columns left out of the page, or one rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Segment {
    Gap(usize),
    Column(usize),
}

/// The columns in view (`first`, `count` of `total`), plus `also` (the
/// active one, the one focus is on) wherever they are, with gaps between.
fn segments(first: usize, count: usize, also: &[Option<usize>], total: usize) -> Vec<Segment> {
    let mut shown: Vec<usize> = (first..first + count).collect();
    for &c in also.iter().flatten() {
        // The columns in view are consecutive: it goes before or after them.
        if c < total && !shown.contains(&c) {
            let at = shown.partition_point(|&s| s < c);
            shown.insert(at, c);
        }
    }
    let mut out = Vec::new();
    let mut next = 0;
    for c in shown {
        if c > next {
            out.push(Segment::Gap(c - next));
        }
        out.push(Segment::Column(c));
        next = c + 1;
    }
    if total > next {
        out.push(Segment::Gap(total - next));
    }
    out
}

/// Lower-case as the browser does (`String.prototype.toLowerCase`: Unicode,
/// like `str::to_lowercase`), without Rust's case tables in the page.
fn browser_lowercase(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}
