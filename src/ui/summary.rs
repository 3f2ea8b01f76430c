//! Counts, dates and completeness of the report on screen. The counts are
//! also attributes (`data-services`, …) for tests and scripts.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::model::Kind;
use crate::report::report::OrgTarget;
use crate::report::ReferenceMode;
use crate::session::protocol::ViewSnapshot;

use super::format::arn_html;
use super::time_text::TimeText;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub view: Rc<ViewSnapshot>,
    /// How many reports are loaded in all.
    pub reports: usize,
    pub threshold_days: u32,
    pub reference_mode: ReferenceMode,
}

#[function_component(Summary)]
pub fn summary(props: &SummaryProps) -> Html {
    let v = &props.view;
    let r = &v.report;
    let (s, a) = (v.service_tally, v.action_tally);
    let org = r.kind == Kind::Organizations;
    let job_type = if org {
        "Organizations access report"
    } else {
        r.job_type.map(|t| t.label()).unwrap_or("unknown")
    };
    let reference = match props.reference_mode {
        ReferenceMode::ReportDate => "the report date, ",
        ReferenceMode::Now => "now, ",
    };
    let stat = |n: usize, label: &str, class: &str| {
        html! {
            <div class={classes!("stat", class.to_string())}>
                <span class="stat-value">{ n }</span>
                <span class="stat-label">{ label.to_string() }</span>
            </div>
        }
    };
    html! {
        <section class="summary" data-testid="summary" aria-label="summary"
            data-services={s.total.to_string()}
            data-actions={a.total.to_string()}
            data-never={s.never.to_string()}
            data-stale={s.stale.to_string()}
            data-recent={s.recent.to_string()}
            data-actions-never={a.never.to_string()}
            data-actions-stale={a.stale.to_string()}
            data-actions-recent={a.recent.to_string()}
            data-pages={r.pages.to_string()}
            data-reports={props.reports.to_string()}
            data-complete={r.complete.to_string()}
            data-shown-services={v.services.len().to_string()}
            data-shown-actions={v.shown_actions.to_string()}>
            <h2 class="report-title">{ v.label.clone() }</h2>
            if r.services > 0 {
                <p class="coverage" data-testid="coverage">{ v.coverage.sentence() }</p>
            }
            if v.services.len() != s.total || v.shown_actions != a.total {
                <p class="shown" data-testid="shown-count">
                    { format!("Showing {} of {} service{}", v.services.len(), s.total, plural(s.total)) }
                    if a.total > 0 { { format!(" and {} of {} tracked actions", v.shown_actions, a.total) } }
                    {" (filters applied)"}
                </p>
            }
            <div class="stats">
                { stat(s.total, if s.total == 1 { "service" } else { "services" }, "total") }
                { stat(s.recent, "recent", "recent") }
                { stat(s.stale, "stale", "stale") }
                { stat(s.never, "never used", "never") }
            </div>
            if a.total > 0 {
                <div class="stats actions-stats">
                    { stat(a.total, if a.total == 1 { "tracked action" } else { "tracked actions" }, "total") }
                    { stat(a.recent, "recent", "recent") }
                    { stat(a.stale, "stale", "stale") }
                    { stat(a.never, "never used", "never") }
                </div>
            }
            <dl class="facts">
                <dt>{"Job"}</dt>
                <dd>{ format!("{job_type}, {}", r.status.label()) }</dd>
                <dt>{"Created"}</dt><dd data-testid="created"><TimeText at={r.created} /></dd>
                <dt>{"Completed"}</dt><dd data-testid="completed"><TimeText at={r.completed} /></dd>
                <dt>{"Loaded"}</dt>
                <dd>{ format!("{} page{} from {} file{}", r.pages, plural(r.pages), r.files.len(), plural(r.files.len())) }
                    <span class="files" data-testid="loaded-files" title={r.files.join("\n")}>{ format!(" ({})", file_list(&r.files)) }</span>
                    { format!(" · {} report{} in all", props.reports, plural(props.reports)) }</dd>
                <dt>{"Complete"}</dt>
                <dd>{ if r.complete { "yes, the last page is not truncated" } else { "no, more pages exist" } }</dd>
                <dt>{"Stale"}</dt>
                <dd>{ format!("not used for more than {} days, measured from {reference}", props.threshold_days) }
                    <TimeText at={Some(v.reference)} /></dd>
                if org {
                    <dt>{"About"}</dt>
                    <dd data-testid="org-target">{ match &r.org_target {
                        Some(OrgTarget::Named(t)) => format!("the organization entity {t} (as its files name it)"),
                        Some(OrgTarget::Shared(t)) => format!("the organization entity {t} or one above it (the path every account that accessed a service shares; the report does not repeat the entity it was generated for)"),
                        None => "an organization entity (root, OU or account); no account accessed a service, so the data does not say which".to_string(),
                    } }</dd>
                }
                if let Some((accessible, not_accessed)) = r.org_counts {
                    <dt>{"Services"}</dt>
                    <dd data-testid="org-counts" data-accessible={accessible.map(|n| n.to_string())} data-not-accessed={not_accessed.map(|n| n.to_string())}>
                        { format!("{} accessible (NumberOfServicesAccessible), {} not accessed (NumberOfServicesNotAccessed)",
                        accessible.map_or("?".into(), |n| n.to_string()),
                        not_accessed.map_or("?".into(), |n| n.to_string())) }</dd>
                }
                if org {
                    <dt>{"Accounts"}</dt>
                    <dd>{"The Accounts column is TotalAuthenticatedEntities: in an organizations report it counts the accounts that accessed the service, not principals."}</dd>
                }
                if !r.entity_groups.is_empty() {
                    <dt>{"Entity details"}</dt>
                    <dd>{ r.entity_groups.iter().map(|ns| ns.clone().unwrap_or_else(|| "(unknown service)".into())).collect::<Vec<_>>().join(", ") }
                        { " — select the service to see who used it" }</dd>
                }
                if let Some(p) = &r.principal {
                    <dt>{"Principal"}</dt><dd data-testid="principal">{ arn_html(&Some(p.clone())) }</dd>
                }
            </dl>
        </section>
    }
}

/// The first few file names, and how many more.
fn file_list(files: &[String]) -> String {
    const SHOWN: usize = 4;
    let mut s = files
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        s.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
