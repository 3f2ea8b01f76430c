//! A sortable column header: a `<th>` with `aria-sort` and a button inside,
//! so it works by mouse and keyboard.

use yew::prelude::*;

use crate::report::table::{ColumnKey, Sort};

#[derive(Properties, PartialEq)]
pub struct SortHeaderProps<C: PartialEq + Copy + 'static> {
    pub label: AttrValue,
    pub column: C,
    pub sort: Sort<C>,
    pub onsort: Callback<C>,
    /// Column key for tests (`data-column`).
    pub key_name: AttrValue,
}

#[function_component(SortHeader)]
pub fn sort_header<C: PartialEq + Copy + 'static>(props: &SortHeaderProps<C>) -> Html {
    let active = props.sort.column == props.column;
    let aria = if active {
        props.sort.direction.aria()
    } else {
        "none"
    };
    let arrow = match (active, aria) {
        (false, _) => "↕",
        (true, "ascending") => "▲",
        _ => "▼",
    };
    let column = props.column;
    let onclick = props.onsort.reform(move |_: MouseEvent| column);
    html! {
        <th scope="col" aria-sort={aria} data-column={props.key_name.clone()}>
            <button type="button" class="sort" {onclick}>
                { props.label.clone() }
                <span class="arrow" aria-hidden="true">{ arrow }</span>
            </button>
        </th>
    }
}

/// A table's header row of sortable columns: (column, label).
pub fn header_row<C: PartialEq + ColumnKey + 'static>(
    columns: &[(C, &'static str)],
    sort: Sort<C>,
    onsort: &Callback<C>,
) -> Html {
    html! {
        <thead><tr>
            { for columns.iter().map(|(c, label)| html! {
                <SortHeader<C> label={*label} column={*c} {sort} onsort={onsort.clone()} key_name={c.key()} />
            }) }
        </tr></thead>
    }
}

/// Rows rendered at first; more on request, so a 200 000-row report does not
/// put 200 000 rows in the page.
pub const ROWS_PER_PAGE: usize = 500;

/// "Showing 500 of 12 000 rows [Show 500 more] [Show all]" under a long table.
pub fn show_more(total: usize, shown: &UseStateHandle<usize>) -> Html {
    if total <= **shown {
        return html! {};
    }
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + ROWS_PER_PAGE))
    };
    let all = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(total))
    };
    html! {
        <div class="more" data-testid="show-more">
            <span>{ format!("Showing {} of {total} rows", **shown) }</span>
            <button type="button" onclick={more}>{ format!("Show {} more", ROWS_PER_PAGE.min(total - **shown)) }</button>
            <button type="button" onclick={all}>{"Show all"}</button>
        </div>
    }
}
