//! Export buttons: the tables as CSV (as shown, or in full) and the merged
//! report as one JSON document in the API's shape. The engine writes the
//! files; the page offers them for download.

use yew::prelude::*;

use crate::session::protocol::Export;

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    /// Whether the report has tracked actions (their buttons are shown).
    pub has_actions: bool,
    pub onexport: Callback<Export>,
}

#[function_component(Exports)]
pub fn exports(props: &ExportsProps) -> Html {
    let button = |testid: &str, label: &str, what: Export| {
        let onclick = props.onexport.reform(move |_: MouseEvent| what.clone());
        html! { <button type="button" data-testid={testid.to_string()} {onclick}>{ label.to_string() }</button> }
    };
    html! {
        <div class="exports" role="group" aria-label="export">
            <span class="exports-label">{"Export"}</span>
            { button("export-services-csv", "Services CSV (as shown)", Export::Services { all: false }) }
            { button("export-services-csv-all", "Services CSV (all)", Export::Services { all: true }) }
            if props.has_actions {
                { button("export-actions-csv", "Actions CSV (as shown)", Export::Actions { all: false }) }
                { button("export-actions-csv-all", "Actions CSV (all)", Export::Actions { all: true }) }
            }
            { button("export-json", "Merged report JSON", Export::ReportJson) }
        </div>
    }
}
