//! "How to get a report": the commands for the whole flow with the
//! principal's ARN typed in once, for the AWS CLI, boto3 and the
//! Organizations report, each with a copy button. The text comes from
//! [`crate::report::guide`], where it is tested against the CLI's options;
//! the account tab's collection scripts come from the engine when it opens.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use std::rc::Rc;

use crate::report::guide::{check_arn, Guide, Scripts, Snippet, NOTES};

use super::copy_button::{snippet, CopyButton};

#[derive(Properties, PartialEq)]
pub struct HelpPanelProps {
    /// The ARN to start with (the principal of the report on screen, if any).
    #[prop_or_default]
    pub arn: Option<String>,
    /// Shown as a close button when the panel was opened over a report.
    #[prop_or_default]
    pub onclose: Option<Callback<()>>,
    /// The account collection scripts, once the engine sent them.
    #[prop_or_default]
    pub scripts: Option<Rc<Scripts>>,
    /// Ask the engine for them (the account tab is open without them).
    #[prop_or_default]
    pub onscripts: Callback<()>,
    /// The engine stopped (or never started): the scripts will not come.
    #[prop_or_default]
    pub scripts_failed: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Cli,
    Boto3,
    Organizations,
    Account,
}

#[function_component(HelpPanel)]
pub fn help_panel(props: &HelpPanelProps) -> Html {
    let arn = use_state(|| props.arn.clone().unwrap_or_default());
    let action_level = use_state(|| true);
    let tab = use_state(|| Tab::Cli);
    // The account tab shows the engine's scripts: asked for when it opens.
    {
        let wanted = *tab == Tab::Account && props.scripts.is_none();
        let onscripts = props.onscripts.clone();
        use_effect_with(wanted, move |wanted| {
            if *wanted {
                onscripts.emit(());
            }
        });
    }
    let oninput = {
        let arn = arn.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                arn.set(input.value());
            }
        })
    };
    let ongranularity = {
        let action_level = action_level.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                action_level.set(input.checked());
            }
        })
    };
    let check = (!arn.trim().is_empty()).then(|| check_arn(&arn));
    // Only a valid ARN goes into the commands: a wrong one would fail in AWS.
    let guide = Guide::new(
        if matches!(check, Some(Ok(_))) {
            &arn
        } else {
            ""
        },
        *action_level,
    );
    let tab_button = |t: Tab, label: &'static str, id: &'static str| {
        let selected = *tab == t;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(t))
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{id}")} aria-selected={selected.to_string()}
                aria-controls={format!("panel-{id}")} class={classes!("tab", selected.then_some("on"))}
                data-testid={format!("help-tab-{id}")} {onclick}>{ label }</button>
        }
    };
    let snippet = |s: &Snippet| snippet(s.title, &s.text);
    let cli = guide.cli();
    let all_steps: String = cli[..3]
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    html! {
        <section class="help-panel" id="how-to" data-testid="help-panel" aria-labelledby="how-to-title">
            <div class="help-head">
                <h2 id="how-to-title">{"How to get a report"}</h2>
                if let Some(onclose) = &props.onclose {
                    <button type="button" class="close" data-testid="help-close"
                        onclick={onclose.reform(|_: MouseEvent| ())}>{"Close"}</button>
                }
            </div>
            <p>{"IAM builds the report in two calls: one starts a job, the other reads its result in pages. \
                 Run the commands below in a terminal with AWS credentials (or in AWS CloudShell, then use its \
                 Actions ▸ Download file), and load the files they save here."}</p>
            <div class="help-form">
                <label for="help-arn">{"ARN of the user, group, role or policy to review"}</label>
                <input id="help-arn" type="text" spellcheck="false" autocomplete="off" data-testid="help-arn"
                    placeholder={crate::report::guide::ARN_PLACEHOLDER} value={(*arn).clone()} {oninput}
                    aria-invalid={matches!(check, Some(Err(_))).to_string()} aria-describedby="help-arn-check" />
                <p id="help-arn-check" class={classes!("arn-check", matches!(check, Some(Err(_))).then_some("bad"))}
                    data-testid="help-arn-check" aria-live="polite">
                    { match &check {
                        None => "The commands use a placeholder until you type an ARN.".to_string(),
                        Some(Ok(info)) => format!("A {} ARN in account {}: filled into every command.", info.kind, info.account),
                        Some(Err(e)) => format!("Check the ARN: {e}. The commands keep the placeholder until it is valid."),
                    } }
                </p>
                <label class="check">
                    <input type="checkbox" checked={*action_level} onchange={ongranularity} data-testid="help-action-level" />
                    {" Action level (which tracked actions were used, not only services)"}
                </label>
            </div>
            <div class="tabs" role="tablist" aria-label="Tool">
                { tab_button(Tab::Cli, "AWS CLI", "cli") }
                { tab_button(Tab::Boto3, "boto3 (Python)", "boto3") }
                { tab_button(Tab::Organizations, "Organizations report", "org") }
                { tab_button(Tab::Account, "Whole account", "account") }
            </div>
            { match *tab {
                Tab::Cli => html! {
                    <div role="tabpanel" id="panel-cli" aria-labelledby="tab-cli" data-testid="help-cli">
                        <p class="muted">{"bash or zsh (Linux, macOS, WSL, CloudShell). Run the steps in one shell: each uses the variables of the one before."}
                            {" "}<CopyButton text={all_steps} label="Copy steps 1 to 3" /></p>
                        { for cli.iter().map(snippet) }
                    </div>
                },
                Tab::Boto3 => html! {
                    <div role="tabpanel" id="panel-boto3" aria-labelledby="tab-boto3" data-testid="help-boto3">
                        <p class="muted">{"Save as fetch_report.py and run python3 fetch_report.py (needs pip install boto3)."}</p>
                        { snippet(&Snippet { title: "fetch_report.py", text: guide.boto3() }) }
                    </div>
                },
                Tab::Organizations => html! {
                    <div role="tabpanel" id="panel-org" aria-labelledby="tab-org" data-testid="help-org">
                        <p class="muted">{"Which services the accounts of an organization, OU or account used, as seen from \
                            AWS Organizations (for reviewing SCPs). Run in the management account. This page shows these \
                            reports too, with an SCP for the entity: the pages are named after its path, so that it \
                            knows which."}</p>
                        { for guide.organizations().iter().map(snippet) }
                    </div>
                },
                Tab::Account => html! {
                    <div role="tabpanel" id="panel-account" aria-labelledby="tab-account" data-testid="help-account">
                        <p class="muted">{"Every role, user and group of the account, and its policies, in one run: \
                            a job per principal (action level unless --service-level), every Marker followed, \
                            throttling retried with backoff, failures listed in errors.txt while the rest go on, and \
                            a second run resumes. It saves <account-id>/<roles|users|groups>/<name>/page-N.json: \
                            choose that folder here (or drop a zip of it). Options: --only roles,users,groups, \
                            --path-prefix /team/, --name REGEX, --no-policies, --out DIR."}</p>
                        if let Some(s) = &props.scripts {
                            <div class="long-snippet">{ snippet(&Snippet { title: "lastaccessed-collect.sh (AWS CLI, bash)", text: s.sh.clone() }) }</div>
                            <div class="long-snippet">{ snippet(&Snippet { title: "lastaccessed_collect.py (boto3)", text: s.py.clone() }) }</div>
                        } else if props.scripts_failed {
                            <p class="muted" data-testid="help-scripts-failed">{"The scripts come from this page's engine, which stopped: reload the page to see them."}</p>
                        } else {
                            <p class="muted" data-testid="help-scripts-loading">{"Loading the scripts…"}</p>
                        }
                        <p class="muted">{"With an IAM Access Analyzer unused-access analyzer in the account, its findings load here too: \
                            each principal's findings beside its report (disagreements said: the analyzer's window is its own), \
                            a column in the fleet, and its recommended policies beside the rewrite."}</p>
                        { for guide.analyzer().iter().map(snippet) }
                    </div>
                },
            } }
            <h3>{"Good to know"}</h3>
            <ul class="notes">
                { for NOTES.iter().map(|n| html! { <li>{ *n }</li> }) }
            </ul>
        </section>
    }
}
