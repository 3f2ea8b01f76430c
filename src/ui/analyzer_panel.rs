//! What IAM Access Analyzer says of the principal on screen, beside its
//! report: its unused-access findings, the services it calls unused with
//! what the report says of each (agreeing or not: the analyzer judges over
//! its own window, its `unusedAccessAge`, at its own time), and its
//! recommended policies.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::analyzer::{AnalyzerView, ServiceLine};
use crate::report::time::format_utc;

use super::copy_button::snippet;
use super::diff_block::diff_block;

#[derive(Properties, PartialEq)]
pub struct AnalyzerPanelProps {
    pub view: Rc<AnalyzerView>,
    pub threshold_days: u32,
}

fn when(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| format_utc(&t)).unwrap_or_else(|| "never".into())
}

fn service(s: &ServiceLine, threshold: u32) -> Html {
    let report = match (s.report, s.agrees) {
        (None, _) => "not in this report (no data)".to_string(),
        (Some(crate::report::Status::Never), _) => "never used here either".to_string(),
        (Some(st), true) => format!(
            "{} here too (last used {})",
            st.as_str(),
            when(&s.report_last)
        ),
        (Some(st), false) => format!(
            "{} here: used {}, within this page's {threshold}-day threshold",
            st.as_str(),
            when(&s.report_last)
        ),
    };
    let actions = if s.actions.is_empty() {
        "the whole service".to_string()
    } else {
        s.actions.join(", ")
    };
    let agrees = s.agrees && s.used_actions.is_empty();
    html! {
        <tr data-namespace={s.namespace.clone()} data-agrees={agrees.to_string()}>
            <td data-label="Service"><code>{ s.namespace.clone() }</code></td>
            <td data-label="Analyzer">{ format!("unused ({actions}); last access {}", when(&s.analyzer_last)) }</td>
            <td data-label="This report">
                { report }
                if !s.used_actions.is_empty() {
                    <div class="warn">{ format!("Tracked actions it calls unused that this report shows used within the threshold: {}", s.used_actions.join(", ")) }</div>
                }
            </td>
            <td data-label="Agree">{ if agrees { "yes" } else { "no" } }</td>
        </tr>
    }
}

#[function_component(AnalyzerPanel)]
pub fn analyzer_panel(props: &AnalyzerPanelProps) -> Html {
    let v = &props.view;
    let disagree = v.disagreements();
    html! {
        <section class="table-section analyzer" data-testid="analyzer-panel" aria-labelledby="analyzer-title">
            <h2 id="analyzer-title" tabindex="-1">{"IAM Access Analyzer"}</h2>
            <ul class="findings" data-testid="analyzer-findings">
                { for v.findings.iter().map(|f| html! {
                    <li data-finding-type={f.finding_type.clone()} data-status={f.status.clone()}>
                        <strong>{ f.finding_type.clone() }</strong>
                        { format!(" ({}, updated {}): {}", f.status.to_ascii_lowercase(), when(&f.updated_at), f.text) }
                    </li>
                }) }
            </ul>
            if !v.services.is_empty() {
                <p data-testid="analyzer-agreement">
                    if disagree == 0 {
                        { format!("The analyzer and this report agree on all {} services it calls unused.", v.services.len()) }
                    } else {
                        <strong>{ format!("They disagree on {disagree} of {} services. ", v.services.len()) }</strong>
                        { format!("The analyzer judges over its own window (the analyzer's unusedAccessAge) as of its last analysis; this page uses a {}-day threshold from the report's date. Neither is wrong: check the dates before removing anything.", props.threshold_days) }
                    }
                </p>
                <div class="table-wrap">
                    <table class="data" data-testid="analyzer-table">
                        <caption class="visually-hidden">{"Services the analyzer calls unused, and what this report says."}</caption>
                        <thead><tr>
                            <th scope="col">{"Service"}</th><th scope="col">{"Access Analyzer"}</th>
                            <th scope="col">{"This report"}</th><th scope="col">{"Agree"}</th>
                        </tr></thead>
                        <tbody>{ for v.services.iter().map(|s| service(s, props.threshold_days)) }</tbody>
                    </table>
                </div>
            }
            if let Some(r) = &v.recommendation {
                <div data-testid="analyzer-recommendation">
                    <h3>{ format!("Its recommendation ({}, {})", r.status.to_ascii_lowercase(), when(&r.completed_at)) }</h3>
                    { for r.steps.iter().map(|s| {
                        let target = s.target.clone().unwrap_or_else(|| "a new policy".into());
                        let title = match s.action.as_str() {
                            "DETACH_POLICY" => format!("Detach {target}"),
                            "CREATE_POLICY" => format!("Replace {target} with this policy"),
                            other => format!("{other}: {target}"),
                        };
                        html! {
                            <div class="analyzer-step" data-action={s.action.clone()}>
                                if let Some(doc) = &s.document {
                                    { snippet(&title, doc) }
                                } else {
                                    <p><strong>{ title }</strong></p>
                                }
                                if let Some(lines) = &s.diff {
                                    <details data-testid="analyzer-diff">
                                        <summary>{ if s.document.is_some() { format!("Against {target} as loaded") } else { format!("What {target} grants today") } }</summary>
                                        { diff_block(lines, None) }
                                    </details>
                                }
                            </div>
                        }
                    }) }
                    <p class="muted">{"In the rewrite export as \"source\": \"access-analyzer\", beside the rewrite from the last-accessed data."}</p>
                </div>
            }
        </section>
    }
}
