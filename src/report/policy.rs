//! Least-privilege suggestions from the current threshold:
//! (1) an IAM policy that denies the services not used in T days, for a
//! permissions boundary or an SCP; (2) for action-level reports, the tracked
//! actions used per service. A service used within the threshold is never
//! denied. Review before applying: see [`CAVEATS`].
//!
//! ```
//! use lastaccessed::report::{input::parse_file, merge::merge, policy, sample, table};
//! use lastaccessed::report::staleness::{reference_time, ReferenceMode};
//! let pages: Vec<_> = sample::FILES.iter().flat_map(|(n, b)| parse_file(n, b).unwrap().pages).collect();
//! let report = merge(&pages).remove(0);
//! let st = table::Staleness { reference: reference_time(&report, ReferenceMode::ReportDate, chrono::Utc::now()), threshold_days: 90 };
//! let rows = table::service_rows(&report, st);
//! let doc: serde_json::Value = serde_json::from_str(&policy::deny_unused(&rows, 90)).unwrap();
//! assert_eq!(doc["Statement"][0]["Effect"], "Deny");
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use super::staleness::Status;
use super::table::{ActionRow, ServiceRow};

/// What last-accessed data cannot tell, said next to every suggestion.
pub const CAVEATS: [&str; 6] = [
    "Service data covers about the last 400 days; actions used less often than that look unused.",
    "The data lags by about 4 hours: the most recent use may not be in the report yet.",
    "Failed attempts count as access: a service that was only denied still looks used.",
    "Some actions are never tracked (for example iam:PassRole and S3 data events such as s3:GetObject on most buckets).",
    "Action-level tracking started on 2020-04-12 for S3 and 2021-04-07 for EC2, IAM and Lambda, later for other services.",
    "Last-accessed data ignores SCPs, permissions boundaries, resource-based policies and session policies: it only applies the principal's permissions policies.",
];

/// Namespaces the suggestion would deny: not used within the threshold.
pub fn unused_namespaces(rows: &[ServiceRow]) -> Vec<String> {
    let mut ns: Vec<String> = rows
        .iter()
        .filter(|r| r.status != Status::Recent && is_namespace(&r.namespace))
        .map(|r| r.namespace.clone())
        .collect();
    ns.sort();
    ns.dedup();
    // A namespace that is recent in any row (pages merged from several
    // sources) is never denied.
    ns.retain(|n| {
        !rows
            .iter()
            .any(|r| &r.namespace == n && r.status == Status::Recent)
    });
    ns
}

/// IAM service prefixes are lower-case letters, digits and dashes.
fn is_namespace(ns: &str) -> bool {
    !ns.is_empty()
        && ns
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An IAM policy document, with fields in the order people write them.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyDocument {
    version: &'static str,
    statement: Vec<Statement>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: String,
    effect: &'static str,
    action: Vec<String>,
    resource: &'static str,
}

/// A pretty-printed IAM policy denying every service not used in
/// `threshold_days`. With nothing to deny, a policy with no statements.
pub fn deny_unused(rows: &[ServiceRow], threshold_days: u32) -> String {
    let unused = unused_namespaces(rows);
    let statement = if unused.is_empty() {
        Vec::new()
    } else {
        vec![Statement {
            sid: format!("DenyServicesUnusedFor{threshold_days}Days"),
            effect: "Deny",
            action: unused.iter().map(|n| format!("{n}:*")).collect(),
            resource: "*",
        }]
    };
    serde_json::to_string_pretty(&PolicyDocument {
        version: "2012-10-17",
        statement,
    })
    .unwrap_or_default()
}

/// Tracked actions used within the threshold, per service namespace, as
/// `service:Action` names: what an action-level policy would need to allow.
pub fn used_actions(actions: &[ActionRow]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in actions.iter().filter(|a| a.status == Status::Recent) {
        out.entry(a.namespace().to_string())
            .or_default()
            .push(format!("{}:{}", a.namespace(), a.action()));
    }
    for v in out.values_mut() {
        v.sort();
        v.dedup();
    }
    out
}

/// [`used_actions`] as pretty JSON.
pub fn used_actions_json(actions: &[ActionRow]) -> String {
    serde_json::to_string_pretty(&used_actions(actions)).unwrap_or_default()
}
