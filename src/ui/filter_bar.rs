//! Search and filters: free text, status chips with counts, Region,
//! "only services with tracked actions", and the active filters as removable
//! chips. `/` anywhere on the page focuses the search box.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::draft::use_draft;

use crate::report::chart::Bucket;
use crate::report::filter::Filter;
use crate::report::table::Tally;
use crate::report::Status;

#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    pub filter: Filter,
    /// Service counts per status, unfiltered (the chips' numbers).
    pub tally: Tally,
    pub regions: Vec<String>,
    pub search_ref: NodeRef,
    pub onsearch: Callback<String>,
    pub ontogglestatus: Callback<Status>,
    pub onregion: Callback<Option<String>>,
    pub ononlyactions: Callback<bool>,
    pub onbucket: Callback<Option<Bucket>>,
    pub onclear: Callback<()>,
}

#[function_component(FilterBar)]
pub fn filter_bar(props: &FilterBarProps) -> Html {
    let f = &props.filter;
    let search = use_draft(&props.filter.text);
    let oninput = {
        let search = search.clone();
        let onsearch = props.onsearch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            search.edit(text.clone(), Some(text.clone()));
            onsearch.emit(text);
        })
    };
    let onregion = props.onregion.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        Some(sel.value()).filter(|v| !v.is_empty())
    });
    let ononlyactions = props.ononlyactions.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let chip = |status: Status, count: usize| {
        let pressed = f.statuses.contains(&status);
        let onclick = props.ontogglestatus.reform(move |_: MouseEvent| status);
        html! {
            <button type="button" class={classes!("chip", status.as_str(), pressed.then_some("on"))}
                data-testid={format!("status-filter-{}", status.as_str())}
                aria-pressed={pressed.to_string()} {onclick}
                aria-label={format!("{} {count}: show only these", status.as_str())}>
                { format!("{} {count}", status.as_str()) }
            </button>
        }
    };
    // Active filters, each removable.
    let mut active: Vec<(String, Callback<MouseEvent>)> = Vec::new();
    if !f.text.trim().is_empty() {
        active.push((
            format!("text: {}", f.text.trim()),
            props.onsearch.reform(|_| String::new()),
        ));
    }
    for st in &f.statuses {
        let st = *st;
        active.push((
            format!("status: {}", st.as_str()),
            props.ontogglestatus.reform(move |_| st),
        ));
    }
    if let Some(b) = f.bucket {
        active.push((
            format!("age: {}", b.label()),
            props.onbucket.reform(|_| None),
        ));
    }
    if let Some(r) = &f.region {
        active.push((format!("Region: {r}"), props.onregion.reform(|_| None)));
    }
    if f.only_with_actions {
        active.push((
            "with tracked actions".into(),
            props.ononlyactions.reform(|_| false),
        ));
    }
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <section class="filter-bar" aria-label="search and filters">
            <div class="filter-row">
                <label class="search">
                    <span class="visually-hidden">{"Search services, actions, entities and Regions"}</span>
                    <input type="search" data-testid="search" ref={props.search_ref.clone()}
                        placeholder="Search (press /)" value={search.value.clone()} {oninput}
                        aria-keyshortcuts="/" />
                </label>
                <div class="chips" role="group" aria-label="filter by status">
                    { chip(Status::Recent, props.tally.recent) }
                    { chip(Status::Stale, props.tally.stale) }
                    { chip(Status::Never, props.tally.never) }
                </div>
                if !props.regions.is_empty() {
                    <label>
                        <span class="visually-hidden">{"Region"}</span>
                        <select data-testid="region-filter" onchange={onregion} aria-label="filter by Region">
                            <option value="" selected={f.region.is_none()}>{"All Regions"}</option>
                            { for props.regions.iter().map(|r| html! {
                                <option value={r.clone()} selected={f.region.as_ref() == Some(r)}>{ r.clone() }</option>
                            }) }
                        </select>
                    </label>
                }
                <label class="check">
                    <input type="checkbox" data-testid="only-actions" checked={f.only_with_actions} onchange={ononlyactions} />
                    {"only services with tracked actions"}
                </label>
            </div>
            if !active.is_empty() {
                <div class="active-filters" aria-label="active filters">
                    { for active.into_iter().map(|(text, onclick)| html! {
                        <button type="button" class="filter-chip removable" data-testid="active-filter" {onclick}
                            aria-label={format!("remove filter {text}")}>
                            { text }<span aria-hidden="true">{" ×"}</span>
                        </button>
                    }) }
                    <button type="button" class="link" onclick={onclear}>{"Clear filters"}</button>
                </div>
            }
        </section>
    }
}
