//! Job status and completeness, said plainly above the tables.

use yew::prelude::*;

use crate::report::model::JobStatus;
use crate::session::protocol::ReportHead;

#[derive(Properties, PartialEq)]
pub struct StatusBannerProps {
    pub report: ReportHead,
}

#[function_component(StatusBanner)]
pub fn status_banner(props: &StatusBannerProps) -> Html {
    let r = &props.report;
    match r.status {
        JobStatus::InProgress => html! {
            <div class="banner warning" data-testid="job-status" data-status="IN_PROGRESS">
                <strong>{"The report job is still running (IN_PROGRESS)."}</strong>
                {" Fetch it again later with the same --job-id; the services appear when JobStatus is COMPLETED."}
            </div>
        },
        JobStatus::Failed => {
            let (code, message) = r
                .error
                .as_ref()
                .map(|e| (e.code.clone(), e.message.clone()))
                .unwrap_or_else(|| ("(no code)".into(), "(no message)".into()));
            html! {
                <div class="banner error" role="alert" data-testid="job-status" data-status="FAILED">
                    <strong>{"The report job failed."}</strong>
                    // AWS's message usually ends with its own period.
                    {format!(" Error {code}: {}. Generate the report again.", message.trim_end().trim_end_matches('.'))}
                </div>
            }
        }
        JobStatus::Completed if !r.complete => html! {
            <div class="banner warning" data-testid="job-status" data-status="INCOMPLETE">
                <strong>{"Incomplete report: more pages exist."}</strong>
                if let Some(m) = &r.next_marker {
                    {" Fetch the next page with "}
                    <code class="marker">{ format!("--marker {m}") }</code>
                    {" and add it here."}
                } else {
                    {" The last page has no Marker; fetch the report again."}
                }
            </div>
        },
        JobStatus::Completed if r.services == 0 => html! {
            <div class="banner info" data-testid="job-status" data-status="EMPTY">
                {"This report lists no services: the principal has no permissions policies granting access to any service."}
            </div>
        },
        JobStatus::Completed => html! {},
    }
}
