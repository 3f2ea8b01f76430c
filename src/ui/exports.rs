//! Export buttons: the tables as CSV (as shown, or in full) and the merged
//! report as one JSON document in the API's shape.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::export::{actions_csv, file_stem, report_json, services_csv};
use crate::report::table::{ActionRow, ServiceRow};
use crate::report::Report;

use super::download::save;

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub report: Rc<Report>,
    pub label: String,
    /// As shown: filtered and sorted.
    pub services: Rc<Vec<ServiceRow>>,
    /// The actions shown, as indices into `all_actions`.
    pub action_order: Rc<Vec<u32>>,
    /// Everything.
    pub all_services: Rc<Vec<ServiceRow>>,
    pub all_actions: Rc<Vec<ActionRow>>,
    /// Where to report a failure.
    pub onerror: Callback<String>,
}

#[function_component(Exports)]
pub fn exports(props: &ExportsProps) -> Html {
    let stem = file_stem(&props.label);
    let button = |testid: &str,
                  label: &str,
                  file: String,
                  mime: &'static str,
                  make: Rc<dyn Fn() -> Result<String, String>>| {
        let onerror = props.onerror.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Err(e) = make().and_then(|text| save(&file, mime, &text)) {
                onerror.emit(format!("Export failed: {e}"));
            }
        });
        html! { <button type="button" data-testid={testid.to_string()} {onclick}>{ label.to_string() }</button> }
    };
    let (s, order, sa, aa) = (
        props.services.clone(),
        props.action_order.clone(),
        props.all_services.clone(),
        props.all_actions.clone(),
    );
    let a = aa.clone();
    let report = props.report.clone();
    let has_actions = !props.all_actions.is_empty();
    html! {
        <div class="exports" role="group" aria-label="export">
            <span class="exports-label">{"Export"}</span>
            { button("export-services-csv", "Services CSV (as shown)", format!("{stem}-services.csv"), "text/csv",
                Rc::new(move || services_csv(s.iter()))) }
            { button("export-services-csv-all", "Services CSV (all)", format!("{stem}-services-all.csv"), "text/csv",
                Rc::new(move || services_csv(sa.iter()))) }
            if has_actions {
                { button("export-actions-csv", "Actions CSV (as shown)", format!("{stem}-actions.csv"), "text/csv",
                    Rc::new(move || actions_csv(order.iter().map(|&i| &a[i as usize])))) }
                { button("export-actions-csv-all", "Actions CSV (all)", format!("{stem}-actions-all.csv"), "text/csv",
                    Rc::new(move || actions_csv(aa.iter()))) }
            }
            { button("export-json", "Merged report JSON", format!("{stem}.json"), "application/json",
                Rc::new(move || Ok(report_json(&report)))) }
        </div>
    }
}
