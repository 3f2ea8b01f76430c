//! A sortable column header: a `<th>` with `aria-sort` and a button inside,
//! so it works by mouse and keyboard. Every sortable table uses it, the
//! principal matrix too (whose column headers sit in its grid of cells).

use yew::prelude::*;

use crate::report::id::Id;
use crate::report::table::Sort;

#[derive(Properties, PartialEq)]
pub struct SortHeaderProps<C: PartialEq + Copy + 'static> {
    pub label: AttrValue,
    pub column: C,
    pub sort: Sort<C>,
    pub onsort: Callback<C>,
    /// Column key for tests (`data-column`).
    pub key_name: AttrValue,
    /// Extra classes of the `<th>`.
    #[prop_or_default]
    pub class: Classes,
    /// The full label on hover (for labels clamped to a few lines).
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// Position in a grid of cells (`data-pos`), for keys that move to it.
    #[prop_or_default]
    pub pos: Option<usize>,
    /// A tab stop of its own (off where arrow keys reach it instead).
    #[prop_or(true)]
    pub tabbable: bool,
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
        <th scope="col" aria-sort={aria} data-column={props.key_name.clone()} class={props.class.clone()}
            title={props.title.clone()} data-pos={props.pos.map(|p| p.to_string())}>
            <button type="button" class="sort" {onclick} tabindex={(!props.tabbable).then_some("-1")}>
                <span class="label">{ props.label.clone() }</span>
                <span class="arrow" aria-hidden="true">{ arrow }</span>
            </button>
        </th>
    }
}

/// A table's header row of sortable columns: (column, label).
pub fn header_row<C: PartialEq + Id + 'static>(
    columns: &[(C, &'static str)],
    sort: Sort<C>,
    onsort: &Callback<C>,
) -> Html {
    html! {
        <thead><tr>
            { for columns.iter().map(|(c, label)| html! {
                <SortHeader<C> label={*label} column={*c} {sort} onsort={onsort.clone()} key_name={c.id()} />
            }) }
        </tr></thead>
    }
}
