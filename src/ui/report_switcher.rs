//! Which report is on screen, and its editable label. The switcher appears
//! when files from more than one report job are loaded.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::report::report::MAX_LABEL_CHARS;

/// Past this many reports the switcher is the fleet table, not a select.
pub const MAX_SELECT: usize = 200;

#[derive(Properties, PartialEq)]
pub struct ReportSwitcherProps {
    /// Every report's id and label, in order.
    pub options: Vec<(String, String)>,
    /// Id of the selected report.
    pub selected: String,
    pub onselect: Callback<String>,
    /// (report id, new label); an empty label restores the default.
    pub onrename: Callback<(String, String)>,
}

#[function_component(ReportSwitcher)]
pub fn report_switcher(props: &ReportSwitcherProps) -> Html {
    let current = props
        .options
        .iter()
        .find(|(id, _)| *id == props.selected)
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    // The sample's mark is not part of the editable label.
    let editable = current
        .strip_prefix("Sample: ")
        .unwrap_or(&current)
        .to_string();

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
            if props.options.len() > MAX_SELECT {
                // Thousands of <option>s cost the page a long layout; the
                // fleet (sortable, filterable, windowed) is the picker then.
                <p class="muted" data-testid="report-count">{ format!("{} reports loaded: open one from the Fleet table.", props.options.len()) }</p>
            } else if props.options.len() > 1 {
                <label>
                    <span>{ format!("Report ({} loaded)", props.options.len()) }</span>
                    <select data-testid="report-select" {onchange}>
                        { for props.options.iter().map(|(id, label)| html! {
                            <option value={id.clone()} selected={*id == props.selected}
                                data-sample={label.starts_with("Sample: ").to_string()}>{ label.clone() }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="report-label">
                <span>{"Label"}</span>
                <input type="text" data-testid="report-label" value={editable} maxlength={MAX_LABEL_CHARS.to_string()}
                    onchange={onrename} aria-label="report label (editable)" />
            </label>
        </div>
    }
}
