//! How to get a report: the AWS CLI commands and the boto3 script for the
//! whole flow (generate, wait, fetch every page by following `Marker`, the
//! entity drill-down, the Organizations report), with the principal's ARN
//! filled in once.
//!
//! The command text is checked in `tests/core_guide.rs` against the options
//! the AWS CLI itself accepts (`tests/fixtures/aws-cli-options.json`, written
//! by `scripts/aws_cli_options.py`), and the shell loop and the Python script
//! are run there against stand-ins for `aws` and `boto3`.
//!
//! ```
//! use lastaccessed::report::guide::{check_arn, Guide};
//! let g = Guide::new("arn:aws:iam::123456789012:role/Deploy", true);
//! assert!(g.cli()[0].text.starts_with("ARN='arn:aws:iam::123456789012:role/Deploy'"));
//! assert!(g.boto3().contains("Granularity=\"ACTION_LEVEL\""));
//! assert_eq!(check_arn("arn:aws:iam::123456789012:role/Deploy").unwrap().kind, "role");
//! ```

use super::authz::is_account_id;

/// The AWS CLI commands the guide uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CliCommand {
    Generate,
    Get,
    GetWithEntities,
    GenerateOrganizations,
    GetOrganizations,
    GetAuthorizationDetails,
}

impl CliCommand {
    pub fn name(self) -> &'static str {
        match self {
            CliCommand::Generate => "generate-service-last-accessed-details",
            CliCommand::Get => "get-service-last-accessed-details",
            CliCommand::GetWithEntities => "get-service-last-accessed-details-with-entities",
            CliCommand::GenerateOrganizations => "generate-organizations-access-report",
            CliCommand::GetOrganizations => "get-organizations-access-report",
            CliCommand::GetAuthorizationDetails => "get-account-authorization-details",
        }
    }
}

/// A placeholder shown until a valid ARN is typed.
pub const ARN_PLACEHOLDER: &str = "arn:aws:iam::123456789012:role/YourRole";

/// One copyable block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub title: &'static str,
    pub text: String,
}

/// What an ARN names, once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnInfo {
    pub partition: String,
    /// 12 digits, or `aws` for an AWS managed policy.
    pub account: String,
    /// `user`, `group`, `role` or `policy`.
    pub kind: String,
    /// The name after the path.
    pub name: String,
}

/// Check that `arn` is one `generate-service-last-accessed-details` accepts:
/// an IAM user, group, role or policy ARN. The error says what is wrong and,
/// for an STS assumed-role ARN, which role ARN to use instead.
pub fn check_arn(arn: &str) -> Result<ArnInfo, String> {
    let arn = arn.trim();
    if arn.is_empty() {
        return Err("type the ARN of a user, group, role or policy".into());
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" {
        return Err("an ARN looks like arn:aws:iam::123456789012:role/Name".into());
    }
    let (partition, service, region, account, resource) =
        (parts[1], parts[2], parts[3], parts[4], parts[5]);
    if !partition.starts_with("aws") {
        return Err(format!(
            "unknown partition \"{partition}\" (aws, aws-cn, aws-us-gov…)"
        ));
    }
    if service == "sts" {
        if let Some(rest) = resource.strip_prefix("assumed-role/") {
            let role = rest.split('/').next().unwrap_or("");
            return Err(format!(
                "this is a role session (STS); use the role's ARN: \
                 arn:{partition}:iam::{account}:role/{role} (add the role's path if it has one)"
            ));
        }
        return Err("an STS ARN; use the IAM ARN of the user or role".into());
    }
    if service != "iam" {
        return Err(format!(
            "a {service} ARN; the report needs an IAM ARN (arn:aws:iam::…)"
        ));
    }
    if !region.is_empty() {
        return Err("IAM ARNs have no Region: arn:aws:iam::123456789012:…".into());
    }
    let (kind, path_name) = resource
        .split_once('/')
        .ok_or("the part after the account must be user/…, group/…, role/… or policy/…")?;
    if !matches!(kind, "user" | "group" | "role" | "policy") {
        return Err(format!(
            "a {kind} ARN; the report is for a user, group, role or policy"
        ));
    }
    let managed = account == "aws" && kind == "policy";
    if !managed && !is_account_id(account) {
        return Err(format!("the account \"{account}\" must be 12 digits"));
    }
    let name = path_name.rsplit('/').next().unwrap_or("");
    let name_ok = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if name.is_empty() || !name.chars().all(name_ok) {
        return Err(format!(
            "\"{name}\" is not a valid {kind} name (letters, digits and +=,.@_-)"
        ));
    }
    if !path_name.chars().all(|c| c.is_ascii_graphic()) {
        return Err("the path may hold printable ASCII only, no spaces".into());
    }
    Ok(ArnInfo {
        partition: partition.into(),
        account: account.into(),
        kind: kind.into(),
        name: name.into(),
    })
}

/// `s` as one single-quoted shell word.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `s` as a Python string literal (JSON string syntax is valid Python).
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The guide for one principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guide {
    pub arn: String,
    pub action_level: bool,
    /// The service namespace for the entity drill-down example.
    pub service: String,
}

impl Guide {
    /// A guide for `arn` (the placeholder if it is empty).
    pub fn new(arn: &str, action_level: bool) -> Self {
        let arn = arn.trim();
        Guide {
            arn: if arn.is_empty() {
                ARN_PLACEHOLDER.into()
            } else {
                arn.into()
            },
            action_level,
            service: "s3".into(),
        }
    }

    /// What the saved pages' names start with: `page-`, or for a user, role
    /// or group `<account>_<kind>_<name>_page-`, so that its report is named
    /// even when its data names nobody (a principal that used nothing;
    /// [`crate::report::merge::principal_by_path`]).
    ///
    /// ```
    /// use lastaccessed::report::guide::Guide;
    /// assert_eq!(Guide::new("arn:aws:iam::123456789012:role/team/ci", true).page_prefix(), "123456789012_role_ci_page-");
    /// assert_eq!(Guide::new("arn:aws:iam::123456789012:policy/p", true).page_prefix(), "page-");
    /// assert_eq!(Guide::new("", true).page_prefix(), "page-");
    /// ```
    pub fn page_prefix(&self) -> String {
        if self.arn == ARN_PLACEHOLDER {
            // The user will type another: names of the placeholder would lie.
            return "page-".into();
        }
        match check_arn(&self.arn) {
            Ok(a) if matches!(a.kind.as_str(), "user" | "role" | "group") => {
                format!("{}_{}_{}_page-", a.account, a.kind, a.name)
            }
            _ => "page-".into(),
        }
    }

    fn granularity(&self) -> &'static str {
        if self.action_level {
            "ACTION_LEVEL"
        } else {
            "SERVICE_LEVEL"
        }
    }

    /// The AWS CLI steps, to run in one shell (bash or zsh: Linux, macOS, WSL,
    /// AWS CloudShell). Each step uses the variables of the one before.
    pub fn cli(&self) -> Vec<Snippet> {
        let prefix = self.page_prefix();
        let gen = CliCommand::Generate.name();
        let get = CliCommand::Get.name();
        let ent = CliCommand::GetWithEntities.name();
        vec![
            Snippet {
                title: "1. Start the report job",
                text: format!(
                    "ARN={arn}\n\
                     JOB_ID=$(aws iam {gen} --arn \"$ARN\" --granularity {g} --query JobId --output text)\n\
                     echo \"JobId: $JOB_ID\"\n",
                    arn = sh_quote(&self.arn),
                    g = self.granularity(),
                ),
            },
            Snippet {
                title: "2. Wait until the job is no longer IN_PROGRESS",
                text: wait_loop(get),
            },
            Snippet {
                title: "3. Save every page (…page-1.json, …page-2.json, …)",
                text: format!(
                    "# No paginator exists for this call: follow Marker until IsTruncated is false.\n\
                     {}\
                     echo \"Saved $n page(s): load {prefix}*.json here\"\n",
                    page_loop(get, &prefix)
                ),
            },
            Snippet {
                title: "Optional: who used one service (entity drill-down)",
                text: format!(
                    "SERVICE={svc}\n\
                     aws iam {ent} --job-id \"$JOB_ID\" --service-namespace \"$SERVICE\" --output json > \"entities-$SERVICE.json\"\n",
                    svc = sh_quote(&self.service),
                ),
            },
            Snippet {
                title: "Optional: the account's policies (what each grants against what was used, and the rewrite)",
                text: format!(
                    "# Needs iam:GetAccountAuthorizationDetails. The AWS CLI follows every page itself.\n\
                     aws iam {} --output json > authorization-details.json\n",
                    CliCommand::GetAuthorizationDetails.name()
                ),
            },
        ]
    }

    /// The Organizations access report (run in the management account).
    pub fn organizations(&self) -> Vec<Snippet> {
        let gen = CliCommand::GenerateOrganizations.name();
        let get = CliCommand::GetOrganizations.name();
        vec![
            Snippet {
                title: "1. Start the job for the whole organization (or an OU or account path)",
                text: format!(
                    "ORG_ID=$(aws organizations describe-organization --query Organization.Id --output text)\n\
                     ROOT_ID=$(aws organizations list-roots --query 'Roots[0].Id' --output text)\n\
                     ENTITY_PATH=\"$ORG_ID/$ROOT_ID\"   # or o-…/r-…/ou-…/123456789012\n\
                     JOB_ID=$(aws iam {gen} --entity-path \"$ENTITY_PATH\" --query JobId --output text)\n"
                ),
            },
            Snippet {
                title: "2. Wait, then save every page",
                // Named by the entity path (its / as _): the app reads from
                // the names which entity the report is about, where its
                // SCPs go (`merge::org_target`).
                text: format!(
                    "{}{}echo \"Saved $n page(s): load {ORG_PAGE_PREFIX}*.json here\"\n",
                    wait_loop(get),
                    page_loop(get, ORG_PAGE_PREFIX)
                ),
            },
        ]
    }

    /// IAM Access Analyzer's unused-access findings for the account (an
    /// unused-access analyzer must exist; it is a paid feature): every
    /// active finding with its details, and the recommendations for unused
    /// permissions. The AWS CLI follows `nextToken` itself.
    pub fn analyzer(&self) -> Vec<Snippet> {
        vec![
            Snippet {
                title: "IAM Access Analyzer: unused-access findings",
                text: r#"# Needs access-analyzer:ListAnalyzers, ListFindingsV2, GetFindingV2.
ANALYZER=$(aws accessanalyzer list-analyzers --type ACCOUNT_UNUSED_ACCESS --query 'analyzers[0].arn' --output text)
ACTIVE='{"status": {"eq": ["ACTIVE"]}}'
aws accessanalyzer list-findings-v2 --analyzer-arn "$ANALYZER" --filter "$ACTIVE" --output json > analyzer-findings.json
for ID in $(aws accessanalyzer list-findings-v2 --analyzer-arn "$ANALYZER" --filter "$ACTIVE" --query 'findings[].id' --output text); do
  aws accessanalyzer get-finding-v2 --analyzer-arn "$ANALYZER" --id "$ID" --output json > "finding-$ID.json"
done
"#
                .into(),
            },
            Snippet {
                title: "Optional: its recommended policies, per unused-permissions finding",
                text: r#"# Needs access-analyzer:GenerateFindingRecommendation and GetFindingRecommendation.
UNUSED='{"status": {"eq": ["ACTIVE"]}, "findingType": {"eq": ["UnusedPermission"]}}'
for ID in $(aws accessanalyzer list-findings-v2 --analyzer-arn "$ANALYZER" --filter "$UNUSED" --query 'findings[].id' --output text); do
  aws accessanalyzer generate-finding-recommendation --analyzer-arn "$ANALYZER" --id "$ID"
  while [ "$(aws accessanalyzer get-finding-recommendation --analyzer-arn "$ANALYZER" --id "$ID" --query status --output text)" = IN_PROGRESS ]; do sleep 2; done
  aws accessanalyzer get-finding-recommendation --analyzer-arn "$ANALYZER" --id "$ID" --output json > "recommendation-$ID.json"
done
"#
                .into(),
            },
        ]
    }

    /// The same flow as a boto3 script writing `…page-N.json`
    /// ([`Guide::page_prefix`]).
    pub fn boto3(&self) -> String {
        format!(
            r#"import json
import time

import boto3

ARN = {arn}
iam = boto3.client("iam")

job_id = iam.generate_service_last_accessed_details(Arn=ARN, Granularity="{g}")["JobId"]
print("JobId:", job_id)

while iam.get_service_last_accessed_details(JobId=job_id, MaxItems=1)["JobStatus"] == "IN_PROGRESS":
    time.sleep(5)

# No paginator exists for this call: follow Marker until IsTruncated is false.
n, more = 0, {{}}
while True:
    page = iam.get_service_last_accessed_details(JobId=job_id, **more)
    n += 1
    with open(f"{prefix}{{n}}.json", "w") as f:
        json.dump(page, f, default=str, indent=2)
    if not page.get("IsTruncated"):
        break
    more = {{"Marker": page["Marker"]}}
print(f"Saved {{n}} page(s): load {prefix}*.json here")
"#,
            prefix = self.page_prefix(),
            arn = py_str(&self.arn),
            g = self.granularity(),
        )
    }
}

/// Poll `aws iam GET` until the job in `$JOB_ID` is no longer IN_PROGRESS.
fn wait_loop(get: &str) -> String {
    format!(
        "while [ \"$(aws iam {get} --job-id \"$JOB_ID\" --max-items 1 --query JobStatus --output text)\" = IN_PROGRESS ]; do\n  \
           sleep 5\n\
         done\n"
    )
}

/// How the Organizations steps name their pages: by the entity path, its
/// `/` as `_` (bash and zsh).
const ORG_PAGE_PREFIX: &str = "org_${ENTITY_PATH//\\//_}_page-";

/// Save every page of the job in `$JOB_ID` as `PREFIX1.json`, `PREFIX2.json`,
/// …, following Marker until IsTruncated is false (no jq needed: the CLI's
/// indented JSON puts each key on its own line).
fn page_loop(get: &str, prefix: &str) -> String {
    format!(
        "n=1\n\
         aws iam {get} --job-id \"$JOB_ID\" --output json > {prefix}1.json\n\
         while grep -q '\"IsTruncated\": true' \"{prefix}$n.json\"; do\n  \
           marker=$(sed -n 's/^ *\"Marker\": \"\\(.*\\)\",*$/\\1/p' \"{prefix}$n.json\")\n  \
           n=$((n + 1))\n  \
           aws iam {get} --job-id \"$JOB_ID\" --marker \"$marker\" --output json > \"{prefix}$n.json\"\n\
         done\n"
    )
}

/// The commands to fetch a report whose JobId is known (for a pasted
/// `{"JobId": …}`): the wait and page loop of [`Guide::cli`] with the id set.
pub fn fetch_job(job_id: &str) -> String {
    let g = Guide::new("", true);
    let cli = g.cli();
    format!(
        "JOB_ID={}\n{}{}",
        sh_quote(job_id),
        cli[1].text,
        cli[2].text
    )
}

/// The collection script for a whole account (AWS CLI, bash), as shipped in
/// `scripts/collect/` and tested against a stand-in account in
/// `tests/collect.rs`.
pub const COLLECT_SH: &str = include_str!("../../scripts/collect/lastaccessed-collect.sh");
/// The same with boto3.
pub const COLLECT_PY: &str = include_str!("../../scripts/collect/lastaccessed_collect.py");

/// Both collection scripts, as the guide shows them. The engine holds them
/// and sends them when the guide's account tab first opens: 14 KB of text
/// the page's own wasm need not carry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scripts {
    pub sh: String,
    pub py: String,
}

impl Scripts {
    /// The scripts shipped in `scripts/collect/`.
    pub fn shipped() -> Self {
        Scripts {
            sh: COLLECT_SH.to_string(),
            py: COLLECT_PY.to_string(),
        }
    }
}

/// Notes from the API reference that save a newcomer a failed attempt.
pub const NOTES: &[&str] = &[
    "Read the JobId as the same principal that generated it: the same user, or the same role within the same session. Another principal, or an expired session, gets NoSuchEntity.",
    "Each page holds at most MaxItems services (100 unless set). IAM may return fewer and still set IsTruncated: keep following Marker until IsTruncated is false, then load every page here together.",
    "Action-level data (ACTION_LEVEL) covers the actions IAM tracks, for some services only; service-level data covers every service.",
    "The generate call needs iam:GenerateServiceLastAccessedDetails, the get calls iam:GetServiceLastAccessedDetails (and …WithEntities).",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns() {
        for ok in [
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:role/service-role/My+Role@x",
            "arn:aws-us-gov:iam::123456789012:group/admins",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "  arn:aws:iam::123456789012:policy/team/Policy  ",
        ] {
            assert!(check_arn(ok).is_ok(), "{ok}: {:?}", check_arn(ok));
        }
        let err = |s: &str| check_arn(s).unwrap_err();
        assert!(err("arn:aws:sts::123456789012:assumed-role/Admin/bob")
            .contains("arn:aws:iam::123456789012:role/Admin"));
        assert!(err("arn:aws:iam::12345:role/x").contains("12 digits"));
        assert!(err("arn:aws:iam::123456789012:instance-profile/x").contains("instance-profile"));
        assert!(err("arn:aws:s3:::bucket").contains("s3"));
        assert!(err("role/x").contains("looks like"));
        assert!(err("arn:aws:iam::123456789012:role/bad name").contains("not a valid"));
        assert!(err("arn:aws:iam::123456789012:role/x'y").contains("not a valid"));
        assert!(err("").contains("type"));
    }

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("a'b"), r"'a'\''b'");
        let g = Guide::new("x'; rm -rf / #", false);
        assert!(g.cli()[0].text.starts_with(r"ARN='x'\''; rm -rf / #'"));
        assert!(g.boto3().contains(r#"ARN = "x'; rm -rf / #""#));
    }

    #[test]
    fn granularity_follows_the_choice() {
        assert!(Guide::new("", false).cli()[0]
            .text
            .contains("SERVICE_LEVEL"));
        assert!(Guide::new("", true).cli()[0].text.contains("ACTION_LEVEL"));
        assert!(Guide::new("", true).cli()[0].text.contains(ARN_PLACEHOLDER));
    }
}
