//! IAM Access Analyzer's unused-access findings, read beside the
//! last-accessed data: `list-findings-v2` (summaries), `get-finding-v2`
//! (a finding with its details, in pages by `nextToken`) and
//! `get-finding-recommendation` (the policies it recommends), as the AWS
//! CLI prints them or as boto3 returns them (`json.dump(…, default=str)`).
//!
//! Finding types read: `UnusedIAMRole`, `UnusedIAMUserAccessKey`,
//! `UnusedIAMUserPassword`, `UnusedPermission` (per service, with the unused
//! actions). External and internal access findings are another question and
//! are named, not read.
//!
//! The analyzer judges over its own window (the analyzer's
//! `unusedAccessAge`), not this app's threshold, and at its own time: where
//! it and a report disagree, the app says so rather than pick one.
//!
//! ```
//! use lastaccessed::report::analyzer::{is_analyzer, from_value, AnalyzerDoc};
//! let v = serde_json::json!({"id": "f1", "resource": "arn:aws:iam::1:role/x", "findingType": "UnusedIAMRole",
//!     "status": "ACTIVE", "findingDetails": [{"unusedIamRoleDetails": {"lastAccessed": "2025-06-30T12:00:00Z"}}]});
//! assert!(is_analyzer(&v));
//! let AnalyzerDoc::Finding(f) = from_value(v).unwrap() else { panic!() };
//! assert_eq!(f.finding_type, "UnusedIAMRole");
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::diff::{diff, fold, DiffLine, CONTEXT};
use super::time;

/// One document of Access Analyzer output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnalyzerDoc {
    /// `list-findings-v2`: summaries only.
    List(Vec<Finding>),
    /// `get-finding-v2`: one finding (a page of its details).
    Finding(Finding),
    /// `get-finding-recommendation`.
    Recommendation(Recommendation),
}

/// A finding (a summary, or with its details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub id: String,
    /// The principal's ARN.
    pub resource: String,
    #[serde(default)]
    pub resource_type: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub finding_type: String,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub analyzed_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub finding_details: Vec<Detail>,
    /// More details to fetch (`get-finding-v2 --next-token`).
    #[serde(default)]
    pub next_token: Option<String>,
}

/// One finding detail: only the unused-access kinds are read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    #[serde(default)]
    pub unused_permission_details: Option<UnusedPermission>,
    #[serde(default)]
    pub unused_iam_role_details: Option<LastAccessed>,
    #[serde(default)]
    pub unused_iam_user_password_details: Option<LastAccessed>,
    #[serde(default)]
    pub unused_iam_user_access_key_details: Option<AccessKey>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnusedPermission {
    pub service_namespace: String,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub last_accessed: Option<DateTime<Utc>>,
    #[serde(default)]
    pub actions: Vec<UnusedAction>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnusedAction {
    pub action: String,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub last_accessed: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastAccessed {
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub last_accessed: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKey {
    #[serde(default)]
    pub access_key_id: Option<String>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub last_accessed: Option<DateTime<Utc>>,
}

/// `get-finding-recommendation` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub resource_arn: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub completed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub recommended_steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    #[serde(default)]
    pub unused_permissions_recommended_step: Option<PermissionsStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsStep {
    /// `CREATE_POLICY` or `DETACH_POLICY`.
    pub recommended_action: String,
    /// The recommended policy document, as a JSON string.
    #[serde(default)]
    pub recommended_policy: Option<String>,
    /// The policy it replaces: a managed policy's ARN, or an inline
    /// policy's name.
    #[serde(default)]
    pub existing_policy_id: Option<String>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub policy_updated_at: Option<DateTime<Utc>>,
}

/// Whether a JSON value is Access Analyzer output this module reads.
pub fn is_analyzer(v: &Value) -> bool {
    let Some(o) = v.as_object() else { return false };
    let finding = |f: &Value| f.get("findingType").is_some() && f.get("resource").is_some();
    (o.get("findings")
        .and_then(Value::as_array)
        .is_some_and(|a| a.first().is_none_or(finding)))
        || (finding(v) && o.contains_key("id"))
        || (o.contains_key("recommendedSteps") && o.contains_key("resourceArn"))
}

/// Read a value [`is_analyzer`] accepts.
pub fn from_value(mut v: Value) -> Result<AnalyzerDoc, String> {
    let err = |e: serde_path_to_error::Error<serde_json::Error>| {
        format!("{} (at {})", e.inner(), e.path())
    };
    if let Some(list) = v.get_mut("findings").map(Value::take) {
        return serde_path_to_error::deserialize(list)
            .map(AnalyzerDoc::List)
            .map_err(err);
    }
    if v.get("recommendedSteps").is_some() {
        return serde_path_to_error::deserialize(v)
            .map(AnalyzerDoc::Recommendation)
            .map_err(err);
    }
    serde_path_to_error::deserialize(v)
        .map(AnalyzerDoc::Finding)
        .map_err(err)
}

/// Every finding and recommendation loaded, merged: a finding's pages of
/// details (and its summary from a list) are one finding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analyzer {
    /// By finding id.
    pub findings: BTreeMap<String, Finding>,
    /// By principal ARN.
    pub recommendations: BTreeMap<String, Recommendation>,
    pub documents: usize,
}

impl Analyzer {
    pub fn merge<'a>(docs: impl IntoIterator<Item = &'a AnalyzerDoc>) -> Analyzer {
        let mut a = Analyzer::default();
        let add = |a: &mut Analyzer, f: &Finding| {
            let e = a.findings.entry(f.id.clone()).or_insert_with(|| Finding {
                finding_details: Vec::new(),
                next_token: None,
                ..f.clone()
            });
            for d in &f.finding_details {
                if !e.finding_details.contains(d) {
                    e.finding_details.push(d.clone());
                }
            }
            if e.updated_at < f.updated_at {
                e.updated_at = f.updated_at;
                e.status = f.status.clone();
            }
        };
        for d in docs {
            a.documents += 1;
            match d {
                AnalyzerDoc::List(l) => l.iter().for_each(|f| add(&mut a, f)),
                AnalyzerDoc::Finding(f) => add(&mut a, f),
                AnalyzerDoc::Recommendation(r) => {
                    a.recommendations.insert(r.resource_arn.clone(), r.clone());
                }
            }
        }
        a
    }

    /// The findings about one principal.
    pub fn of<'a>(&'a self, principal: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .values()
            .filter(move |f| super::authz::same_principal(&f.resource, principal))
    }

    /// The analyzer's recommendation for one principal, if loaded.
    pub fn recommendation_for(&self, principal: &str) -> Option<&Recommendation> {
        self.recommendations
            .iter()
            .find(|(arn, _)| super::authz::same_principal(arn, principal))
            .map(|(_, r)| r)
    }

    /// The active unused-access findings about one principal.
    pub fn active(&self, principal: &str) -> usize {
        self.of(principal)
            .filter(|f| f.status.as_deref().is_none_or(|s| s == "ACTIVE"))
            .count()
    }
}

/// What the analyzer says of a principal beside its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerView {
    pub findings: Vec<FindingLine>,
    /// Unused permissions, per service, against the report.
    pub services: Vec<ServiceLine>,
    pub recommendation: Option<RecommendationView>,
}

/// The analyzer's recommendation, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub status: String,
    #[serde(with = "time::wire_opt")]
    pub completed_at: Option<DateTime<Utc>>,
    pub steps: Vec<StepView>,
}

/// One recommended step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    /// `CREATE_POLICY` or `DETACH_POLICY`.
    pub action: String,
    /// The policy it is about (managed ARN or inline name).
    pub target: Option<String>,
    /// The recommended document, pretty-printed.
    pub document: Option<String>,
    /// The recommended document against the existing one (for a detach,
    /// every line of it removed), when the authorization details hold it.
    pub diff: Option<Vec<DiffLine>>,
}

/// One finding, in a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLine {
    pub id: String,
    pub finding_type: String,
    pub status: String,
    #[serde(with = "time::wire_opt")]
    pub updated_at: Option<DateTime<Utc>>,
    /// What it says: "unused role, last used …", "access key AKIA… never used".
    pub text: String,
}

/// A service the analyzer calls unused, and what the report says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    pub namespace: String,
    /// The analyzer's last access for the service (`None`: never).
    #[serde(with = "time::wire_opt")]
    pub analyzer_last: Option<DateTime<Utc>>,
    /// Unused actions it names (without the service prefix).
    pub actions: Vec<String>,
    /// The report's status of the service (`None`: the report does not list it).
    pub report: Option<super::staleness::Status>,
    #[serde(with = "time::wire_opt")]
    pub report_last: Option<DateTime<Utc>>,
    /// Both say unused (the report: stale or never).
    pub agrees: bool,
    /// Tracked actions the analyzer calls unused that the report shows used
    /// within the threshold.
    pub used_actions: Vec<String>,
}

fn date(t: &Option<DateTime<Utc>>) -> String {
    t.map(|t| time::format_utc(&t))
        .unwrap_or_else(|| "never".into())
}

impl AnalyzerView {
    /// The analyzer's findings about `principal` beside its report's rows.
    pub fn of(
        analyzer: &Analyzer,
        principal: &str,
        services: &[super::table::ServiceRow],
        actions: &[super::table::ActionRow],
        authz: &super::authz::Authz,
    ) -> Option<AnalyzerView> {
        use super::staleness::Status;
        let findings: Vec<&Finding> = analyzer.of(principal).collect();
        let pretty = |v: &Value| serde_json::to_string_pretty(v).ok();
        let existing = |id: &str| -> Option<String> {
            let (policies, _) = super::granted::policies_of(authz, principal)?;
            policies
                .iter()
                .find(|p| p.arn.as_deref() == Some(id) || (p.arn.is_none() && p.name == id))
                .and_then(|p| pretty(&p.document))
        };
        let recommendation = analyzer
            .recommendation_for(principal)
            .map(|r| RecommendationView {
                status: r.status.clone().unwrap_or_default(),
                completed_at: r.completed_at,
                steps: r
                    .recommended_steps
                    .iter()
                    .filter_map(|s| s.unused_permissions_recommended_step.as_ref())
                    .map(|s| {
                        let document = s.recommended_policy.as_deref().map(|p| {
                            serde_json::from_str::<Value>(p)
                                .ok()
                                .and_then(|v| pretty(&v))
                                .unwrap_or_else(|| p.to_string())
                        });
                        let before = s.existing_policy_id.as_deref().and_then(existing);
                        StepView {
                            action: s.recommended_action.clone(),
                            target: s.existing_policy_id.clone(),
                            // A detached policy: every line of it goes.
                            diff: before.map(|b| {
                                fold(diff(&b, document.as_deref().unwrap_or("")), CONTEXT)
                            }),
                            document,
                        }
                    })
                    .collect(),
            });
        if findings.is_empty() && recommendation.is_none() {
            return None;
        }
        let mut lines = Vec::new();
        let mut by_ns: BTreeMap<String, ServiceLine> = BTreeMap::new();
        for f in &findings {
            let mut text = Vec::new();
            for d in &f.finding_details {
                if let Some(r) = &d.unused_iam_role_details {
                    text.push(format!(
                        "the role is unused, last used {}",
                        date(&r.last_accessed)
                    ));
                }
                if let Some(p) = &d.unused_iam_user_password_details {
                    text.push(format!(
                        "the console password is unused, last used {}",
                        date(&p.last_accessed)
                    ));
                }
                if let Some(k) = &d.unused_iam_user_access_key_details {
                    text.push(format!(
                        "access key {} is unused, last used {}",
                        k.access_key_id.as_deref().unwrap_or("?"),
                        date(&k.last_accessed)
                    ));
                }
                if let Some(p) = &d.unused_permission_details {
                    let ns = p.service_namespace.to_ascii_lowercase();
                    let row = services
                        .iter()
                        .find(|s| s.namespace.eq_ignore_ascii_case(&ns));
                    let e = by_ns.entry(ns.clone()).or_insert_with(|| ServiceLine {
                        namespace: ns.clone(),
                        analyzer_last: p.last_accessed,
                        actions: Vec::new(),
                        report: row.map(|r| r.status),
                        report_last: row.and_then(|r| r.last),
                        agrees: row.is_some_and(|r| r.status != Status::Recent),
                        used_actions: Vec::new(),
                    });
                    for a in &p.actions {
                        let name = a.action.rsplit(':').next().unwrap_or(&a.action).to_string();
                        let used = actions.iter().any(|x| {
                            x.namespace().eq_ignore_ascii_case(&ns)
                                && x.action().eq_ignore_ascii_case(&name)
                                && x.status == Status::Recent
                        });
                        if used && !e.used_actions.contains(&name) {
                            e.used_actions.push(name.clone());
                        }
                        if !e.actions.contains(&name) {
                            e.actions.push(name);
                        }
                    }
                }
            }
            if f.finding_type == "UnusedPermission" {
                text.push("unused permissions (per service below)".into());
            }
            if text.is_empty() {
                text.push(match f.finding_type.as_str() {
                    "ExternalAccess" | "InternalAccess" => {
                        "an access finding, not about unused access: not read here".into()
                    }
                    _ => "no details loaded: load its get-finding-v2 output".into(),
                });
            }
            lines.push(FindingLine {
                id: f.id.clone(),
                finding_type: f.finding_type.clone(),
                status: f.status.clone().unwrap_or_default(),
                updated_at: f.updated_at,
                text: text.join("; "),
            });
        }
        Some(AnalyzerView {
            findings: lines,
            services: by_ns.into_values().collect(),
            recommendation,
        })
    }

    /// Services the analyzer calls unused that the report shows used
    /// within the threshold (or does not list).
    pub fn disagreements(&self) -> usize {
        self.services
            .iter()
            .filter(|s| !s.agrees || !s.used_actions.is_empty())
            .count()
    }
}
