//! Which report is on screen, and its editable label. The switcher appears
//! when files from more than one report job are loaded.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::report::merge::default_labels;
use crate::report::Report;

#[derive(Properties, PartialEq)]
pub struct ReportSwitcherProps {
    pub reports: Rc<Vec<Report>>,
    pub labels: BTreeMap<String, String>,
    /// Id of the selected report.
    pub selected: String,
    pub onselect: Callback<String>,
    /// (report id, new label); an empty label restores the default.
    pub onrename: Callback<(String, String)>,
}

#[function_component(ReportSwitcher)]
pub fn report_switcher(props: &ReportSwitcherProps) -> Html {
    let defaults = default_labels(&props.reports);
    let label_of = |i: usize, r: &Report| {
        props
            .labels
            .get(&r.key.id())
            .cloned()
            .unwrap_or_else(|| defaults[i].clone())
    };
    let current = props
        .reports
        .iter()
        .enumerate()
        .find(|(_, r)| r.key.id() == props.selected)
        .map(|(i, r)| label_of(i, r))
        .unwrap_or_default();

    let onchange = props.onselect.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        sel.value()
    });
    let onrename = {
        let id = props.selected.clone();
        props.onrename.reform(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            (id.clone(), input.value())
        })
    };

    html! {
        <div class="report-switcher">
            if props.reports.len() > 1 {
                <label>
                    <span>{ format!("Report ({} loaded)", props.reports.len()) }</span>
                    <select data-testid="report-select" {onchange}>
                        { for props.reports.iter().enumerate().map(|(i, r)| {
                            let id = r.key.id();
                            html! {
                                <option value={id.clone()} selected={id == props.selected}>{ label_of(i, r) }</option>
                            }
                        }) }
                    </select>
                </label>
            }
            <label class="report-label">
                <span>{"Label"}</span>
                <input type="text" data-testid="report-label" value={current}
                    onchange={onrename} aria-label="report label (editable)" />
            </label>
        </div>
    }
}
