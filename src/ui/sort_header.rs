//! A sortable column header: a `<th>` with `aria-sort` and a button inside,
//! so it works by mouse and keyboard. Every sortable table uses it, the
//! principal matrix too (whose column headers sit in its grid of cells).

use yew::prelude::*;

use crate::report::id::Id;
use crate::report::table::Sort;

/// A header's place in its table's sort: the one sorted by, or not.
///
/// The header itself is not generic over the table's column type (each
/// instantiation of a component costs the page its whole lifecycle, about
/// 3 KB): the caller says whether it is the sorted column and what a click
/// sorts by ([`header`]).
#[derive(Properties, PartialEq)]
pub struct SortHeaderProps {
    pub label: AttrValue,
    /// `aria-sort`: "ascending", "descending", or "none" when the table is
    /// sorted by another column.
    pub aria: &'static str,
    /// Sort by this column (the caller's column, captured).
    pub onsort: Callback<()>,
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
pub fn sort_header(props: &SortHeaderProps) -> Html {
    let arrow = match props.aria {
        "none" => "↕",
        "ascending" => "▲",
        _ => "▼",
    };
    let onclick = props.onsort.reform(|_: MouseEvent| ());
    html! {
        <th scope="col" aria-sort={props.aria} data-column={props.key_name.clone()} class={props.class.clone()}
            title={props.title.clone()} data-pos={props.pos.map(|p| p.to_string())}>
            <button type="button" class="sort" {onclick} tabindex={(!props.tabbable).then_some("-1")}>
                <span class="label">{ props.label.clone() }</span>
                <span class="arrow" aria-hidden="true">{ arrow }</span>
            </button>
        </th>
    }
}

/// `aria-sort` of `column` in a table sorted by `sort`.
pub fn aria<C: PartialEq + Copy>(sort: Sort<C>, column: C) -> &'static str {
    if sort.column == column {
        sort.direction.aria()
    } else {
        "none"
    }
}

/// The click handler of `column`'s header: `onsort` with that column.
pub fn sort_by<C: Copy + 'static>(onsort: &Callback<C>, column: C) -> Callback<()> {
    onsort.reform(move |()| column)
}

/// A table's header row of sortable columns: (column, label).
pub fn header_row<C: PartialEq + Id + 'static>(
    columns: &[(C, &'static str)],
    sort: Sort<C>,
    onsort: &Callback<C>,
) -> Html {
    html! {
        <thead><tr>
            { for columns.iter().map(|&(c, label)| html! {
                <SortHeader label={label} aria={aria(sort, c)} onsort={sort_by(onsort, c)} key_name={c.id()} />
            }) }
        </tr></thead>
    }
}
