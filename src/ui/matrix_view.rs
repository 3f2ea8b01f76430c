//! Several principals side by side: services × reports, cells show the age
//! with the status colour; services unused by every principal stand out.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::matrix::{Matrix, MatrixSort};

use super::row_window::use_row_window;

#[derive(Properties, PartialEq)]
pub struct MatrixViewProps {
    pub matrix: Rc<Matrix>,
    pub sort: MatrixSort,
    /// Sort by service (`None`) or by a report column.
    pub onsort: Callback<Option<usize>>,
}

#[function_component(MatrixView)]
pub fn matrix_view(props: &MatrixViewProps) -> Html {
    let m = &props.matrix;
    let header = |col: Option<usize>, label: String| {
        let active = props.sort.column == col;
        let aria = if active {
            props.sort.direction.aria()
        } else {
            "none"
        };
        let onclick = props.onsort.reform(move |_: MouseEvent| col);
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="sort" {onclick}>{ label }</button>
            </th>
        }
    };
    let unused = m.rows.iter().filter(|r| r.unused_by_all).count();
    // Windowed like the other tables: 50 reports × 400 services stay a few dozen rows.
    let total = m.rows.len();
    let w = use_row_window(total);
    let columns = m.columns.len() + 1;
    html! {
        <section class="table-section matrix" aria-labelledby="matrix-title">
            <h2 id="matrix-title">{ format!("Compare {} reports", m.columns.len()) }
                <span class="source">{ format!("{unused} service{} unused by every principal that has {}", if unused == 1 { "" } else { "s" }, if unused == 1 { "it" } else { "them" }) }</span></h2>
            <div class={classes!("table-wrap", w.windowed.then_some("virtual"))} onscroll={w.onscroll.clone()}
                data-testid="matrix-scroll">
                <table data-testid="matrix-table" class="data" aria-rowcount={(total + 1).to_string()}>
                    <thead><tr aria-rowindex="1">
                        { header(None, "Service".into()) }
                        { for m.columns.iter().enumerate().map(|(i, c)| header(Some(i), c.clone())) }
                    </tr></thead>
                    <tbody>
                        { w.spacer(true, columns) }
                        { for m.rows[w.first..w.first + w.count].iter().enumerate().map(|(i, r)| html! {
                            <tr key={r.namespace.clone()} data-namespace={r.namespace.clone()}
                                aria-rowindex={(w.first + i + 2).to_string()}
                                class={classes!("row", r.unused_by_all.then_some("unused-by-all"))}
                                data-unused-by-all={r.unused_by_all.to_string()}>
                                <td data-label="Service"><span class="clamp">{ r.name.clone() }</span> <code>{ r.namespace.clone() }</code></td>
                                { for r.cells.iter().enumerate().map(|(i, c)| {
                                    let label = m.columns.get(i).cloned().unwrap_or_default();
                                    match c {
                                        None => html! { <td data-label={label} data-status="none" class="cell none">{"not granted"}</td> },
                                        Some(cell) => html! {
                                            <td data-label={label} data-status={cell.status.as_str()} class={classes!("cell", cell.status.as_str())}>
                                                <span class={classes!("status", "age", cell.status.as_str())}>
                                                    { match cell.age_days { Some(d) => format!("{d} d"), None => "never".into() } }
                                                </span>
                                            </td>
                                        },
                                    }
                                }) }
                            </tr>
                        }) }
                        { w.spacer(false, columns) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
