//! Granted vs used, per principal: which of its policies (inline, customer
//! managed, AWS managed, and for a user its groups' inline and managed
//! ones), which Allow statement, grants which service, at which access
//! levels, and what the report says of that service.
//!
//! A service the report does not list is **no data**, never "unused": the
//! report only covers services its policies granted when it was made, and
//! a policy may have changed since. Unused Write and Permissions management
//! access is what a reviewer looks at first ([`GrantedRow::risky`]).
//!
//! Actions are expanded against the IAM action catalog
//! ([`super::catalog`]); a `NotAction` Allow grants every catalog action the
//! patterns do not match.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::authz::{
    account_of, principal_of, same_principal, statements, string_list, AttachedPolicy, Authz,
    Effect, InlinePolicy,
};
use super::catalog::{by_service, ActionRef, Catalog, Level};
use super::iam::{reaches_service, statement_values};
use super::id::Id;
use super::rewrite::Young;
use super::staleness::{never_recorded, Status};
use super::table::ServiceRow;

/// Where a policy reaches the principal from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PolicyKind {
    Inline,
    Managed,
    AwsManaged,
    GroupInline,
    GroupManaged,
}

/// As the rewrite export names it.
impl Id for PolicyKind {
    const ALL: &'static [Self] = &[
        PolicyKind::Inline,
        PolicyKind::Managed,
        PolicyKind::AwsManaged,
        PolicyKind::GroupInline,
        PolicyKind::GroupManaged,
    ];

    fn id(self) -> &'static str {
        match self {
            PolicyKind::Inline => "inline",
            PolicyKind::Managed => "managed",
            PolicyKind::AwsManaged => "aws-managed",
            PolicyKind::GroupInline => "group-inline",
            PolicyKind::GroupManaged => "group-managed",
        }
    }
}

impl PolicyKind {
    /// As the page names it.
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Inline => "inline",
            PolicyKind::Managed => "customer managed",
            PolicyKind::AwsManaged => "AWS managed",
            PolicyKind::GroupInline => "group inline",
            PolicyKind::GroupManaged => "group managed",
        }
    }
}

/// A policy that reaches a principal.
#[derive(Clone, Debug, PartialEq)]
pub struct Granting {
    pub kind: PolicyKind,
    pub name: String,
    /// Managed policies' ARN.
    pub arn: Option<String>,
    /// The group it comes through (group kinds).
    pub group: Option<String>,
    pub document: Value,
    /// When a managed policy last changed (the report cannot speak for what
    /// was added after it was made).
    pub update_date: Option<DateTime<Utc>>,
}

/// Every policy that reaches `principal` (a user, group or role ARN), or
/// `None` when the authorization details do not hold it. A managed policy
/// whose document is not in the details is left out (and named in the
/// second list).
pub fn policies_of(authz: &Authz, principal: &str) -> Option<(Vec<Granting>, Vec<String>)> {
    // A managed policy's default document, or what to say when it is not there.
    let managed = |group: Option<&str>, a: &AttachedPolicy| -> Result<Granting, String> {
        let p = authz
            .policy(&a.policy_arn)
            .ok_or_else(|| format!("{} ({})", a.policy_name, a.policy_arn))?;
        let doc = p
            .document()
            .ok_or_else(|| format!("{} (no default version)", a.policy_arn))?;
        Ok(Granting {
            kind: match (group.is_some(), p.is_aws_managed()) {
                (true, _) => PolicyKind::GroupManaged,
                (false, true) => PolicyKind::AwsManaged,
                (false, false) => PolicyKind::Managed,
            },
            name: p.policy_name.clone(),
            arn: Some(p.arn.clone()),
            group: group.map(str::to_string),
            document: doc.0.clone(),
            update_date: p.update_date,
        })
    };
    let inline = |kind, group: Option<&str>, p: &InlinePolicy| Granting {
        kind,
        name: p.policy_name.clone(),
        arn: None,
        group: group.map(str::to_string),
        document: p.policy_document.0.clone(),
        update_date: None,
    };
    // (group, inline policies, attached policies) in the order IAM lists them.
    let mut sources: Vec<(Option<&str>, &[InlinePolicy], &[AttachedPolicy])> = Vec::new();
    let mut missing = Vec::new();
    if let Some(r) = authz
        .roles
        .iter()
        .find(|r| same_principal(&r.arn, principal))
    {
        sources.push((None, &r.role_policy_list, &r.attached_managed_policies));
    } else if let Some(g) = authz
        .groups
        .iter()
        .find(|g| same_principal(&g.arn, principal))
    {
        sources.push((None, &g.group_policy_list, &g.attached_managed_policies));
    } else if let Some(u) = authz
        .users
        .iter()
        .find(|u| same_principal(&u.arn, principal))
    {
        sources.push((None, &u.user_policy_list, &u.attached_managed_policies));
        for name in &u.group_list {
            match authz.group(name, account_of(&u.arn)) {
                Some(g) => sources.push((
                    Some(name),
                    &g.group_policy_list,
                    &g.attached_managed_policies,
                )),
                None => missing.push(format!("group {name}")),
            }
        }
    } else {
        // Single policies (get-role-policy …) name their principal only.
        let (kind, name) = principal_of(principal)?;
        let none: &[AttachedPolicy] = &[];
        match kind {
            "role" => sources.extend(
                authz
                    .roles
                    .iter()
                    .filter(|r| r.arn.is_empty() && r.role_name == name)
                    .map(|r| (None, &r.role_policy_list[..], none)),
            ),
            "user" => sources.extend(
                authz
                    .users
                    .iter()
                    .filter(|u| u.arn.is_empty() && u.user_name == name)
                    .map(|u| (None, &u.user_policy_list[..], none)),
            ),
            _ => sources.extend(
                authz
                    .groups
                    .iter()
                    .filter(|g| g.arn.is_empty() && g.group_name == name)
                    .map(|g| (None, &g.group_policy_list[..], none)),
            ),
        }
        if sources.is_empty() {
            return None;
        }
    }
    let mut out = Vec::new();
    for (group, inlines, attached) in sources {
        let kind = if group.is_some() {
            PolicyKind::GroupInline
        } else {
            PolicyKind::Inline
        };
        out.extend(inlines.iter().map(|p| inline(kind, group, p)));
        for a in attached {
            match managed(group, a) {
                Ok(g) => out.push(g),
                Err(m) => missing.push(m),
            }
        }
    }
    Some((out, missing))
}

/// One (policy, statement, service) the principal is granted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedRow {
    pub kind: PolicyKind,
    pub policy: String,
    pub group: Option<String>,
    /// Position of the statement in its policy (from 0), and its Sid.
    pub statement: usize,
    pub sid: Option<String>,
    pub namespace: String,
    /// Catalog actions of the service the statement grants, and their levels
    /// (none for a service the catalog does not know yet).
    pub actions: usize,
    pub levels: BTreeSet<Level>,
    /// What the report says of the service; `None`: no data (the report does
    /// not list it).
    pub status: Option<Status>,
    #[serde(with = "crate::report::time::wire_opt")]
    pub last: Option<DateTime<Utc>>,
    pub age_days: Option<i64>,
    /// Its principal is younger than the service's threshold: not using it
    /// proves nothing yet ([`crate::report::rewrite::Young`]).
    #[serde(default)]
    pub unproven: bool,
    /// It grants a Write or Permissions management action that last-accessed
    /// data can show unused (any but `iam:PassRole`: [`never_recorded`]),
    /// that no policy of the principal denies everywhere ([`risky_denied`])
    /// and that its permissions boundary, when the details hold it, may let
    /// through ([`boundary_reach`]): as the fleet counts unused write access.
    #[serde(default)]
    pub writes: bool,
}

impl GrantedRow {
    /// Unused Write or Permissions management access: the risk.
    pub fn risky(&self) -> bool {
        matches!(self.status, Some(Status::Stale | Status::Never)) && !self.unproven && self.writes
    }
}

/// Whether last-accessed data can show this action used (all but
/// [`never_recorded`] ones).
fn recorded(a: &ActionRef) -> bool {
    !never_recorded(a.service, a.action)
}

/// What the page shows of a principal's policies against its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedView {
    pub principal: String,
    /// The principal is in the loaded authorization details.
    pub found: bool,
    pub rows: Vec<GrantedRow>,
    /// Attached policies (or groups) the details do not hold.
    pub missing: Vec<String>,
    /// Managed policies changed after the report was made: the report
    /// cannot speak for what they grant since.
    pub newer: Vec<String>,
    /// The IAM action catalog's dataset and version.
    pub catalog: String,
    /// What the page says above the rows (a principal too young for its
    /// report to prove some services unused).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl GrantedView {
    /// Granted vs used for `principal`, whose report was completed at
    /// `completed`, with these service rows. `cap`: what its permissions
    /// boundary lets through ([`boundary_reach`] of its document), when the
    /// details hold the boundary's document (the caller reads it once per
    /// boundary).
    pub fn of(
        catalog: &Catalog,
        authz: &Authz,
        principal: &str,
        cap: Option<&ActionSet>,
        completed: Option<DateTime<Utc>>,
        services: &[ServiceRow],
    ) -> GrantedView {
        let boundary = authz.boundary_of(principal);
        let (rows, missing, newer, found) = match policies_of(authz, principal) {
            Some((policies, missing)) => {
                let newer = policies
                    .iter()
                    .filter(|p| matches!((p.update_date, completed), (Some(u), Some(c)) if u > c))
                    .map(|p| p.name.clone())
                    .collect();
                let rows = granted(catalog, &policies, services, cap);
                (rows, missing, newer, true)
            }
            None => (Vec::new(), Vec::new(), Vec::new(), false),
        };
        GrantedView {
            principal: principal.to_string(),
            found,
            rows,
            missing,
            newer,
            catalog: catalog.source().to_string(),
            notes: boundary
                .map(|b| format!("It has a permissions boundary, {b}: it can use only what that also allows, so some of what these policies grant may already be out of its reach. The rows are what its policies grant; the rewrite takes out of them what went unused all the same. {}", if cap.is_some() {
                    "Unused write access is marked only where the boundary may let it through."
                } else {
                    "The loaded details do not hold the boundary's document: unused write access is marked from the policies alone."
                }))
                .into_iter()
                .collect(),
        }
    }

    /// For a principal too young for its report to prove `young.services`
    /// unused: their rows marked [`GrantedRow::unproven`] (not unused write
    /// access), and saying so.
    pub fn young(mut self, young: &Young) -> Self {
        for r in &mut self.rows {
            r.unproven = young.services.contains(&r.namespace.to_ascii_lowercase());
        }
        self.notes.push(young.note());
        self
    }
}

/// The catalog actions (by service) an Allow statement grants.
pub fn granted_actions(
    catalog: &Catalog,
    action: Option<&[String]>,
    not_action: Option<&[String]>,
) -> BTreeMap<&'static str, Vec<ActionRef>> {
    match (action, not_action) {
        (Some(patterns), _) => by_service(patterns.iter().flat_map(|p| catalog.expand(p))),
        (None, Some(except)) => by_service(catalog.all_except(except)),
        (None, None) => BTreeMap::new(),
    }
}

/// Every (policy, Allow statement, service) row for a principal's
/// policies, joined with its report's service rows. `cap`: what its
/// permissions boundary may let through ([`boundary_reach`]), when it has
/// one whose document is known; a row's [`GrantedRow::writes`] counts only
/// actions within it.
pub fn granted(
    catalog: &Catalog,
    policies: &[Granting],
    services: &[ServiceRow],
    cap: Option<&ActionSet>,
) -> Vec<GrantedRow> {
    // What some policy denies everywhere: no statement grants it.
    let denied: ActionSet = policies
        .iter()
        .flat_map(|p| risky_denied(catalog, &p.document))
        .collect();
    let mut rows = Vec::new();
    for p in policies {
        for (i, st) in statements(&p.document).into_iter().enumerate() {
            if st.effect != Effect::Allow {
                continue;
            }
            // One row: the catalog actions it grants of the service `ns`,
            // and what the report says of it.
            let row = |ns: String, actions: &[ActionRef], report: Option<&ServiceRow>| GrantedRow {
                kind: p.kind,
                policy: p.name.clone(),
                group: p.group.clone(),
                statement: i,
                sid: st.sid.clone(),
                namespace: ns,
                actions: actions.len(),
                levels: actions.iter().map(|a| a.level).collect(),
                status: report.map(|r| r.status),
                last: report.and_then(|r| r.last),
                age_days: report.and_then(|r| r.age_days),
                unproven: false,
                writes: actions.iter().any(|a| {
                    let key = (a.service, a.action);
                    a.level.is_risky()
                        && recorded(a)
                        && !denied.contains(&key)
                        && cap.is_none_or(|c| c.contains(&key))
                }),
            };
            let by = granted_actions(catalog, st.action.as_deref(), st.not_action.as_deref());
            for (ns, actions) in by {
                let report = services
                    .iter()
                    .find(|s| s.namespace.eq_ignore_ascii_case(ns));
                rows.push(row(ns.to_string(), &actions, report));
            }
            // A service the report lists that the catalog does not know (AWS
            // added it after the catalog was pinned): a row of its own, with
            // no actions or levels to count, so what grants it still shows.
            for s in services.iter().filter(|s| {
                catalog.service(&s.namespace).is_none()
                    && reaches_service(st.action.as_deref(), st.not_action.as_deref(), &s.namespace)
            }) {
                rows.push(row(s.namespace.clone(), &[], Some(s)));
            }
        }
    }
    rows
}

/// The Write and Permissions management actions a principal's policies
/// grant, counted per service (each action once, whichever statements
/// grant it). [`RiskyGrants::unused`] adds them up for the services a
/// report calls unused (`stale` or `never`): the fleet's "unused write
/// access". They do not depend on the report's ageing, so a new threshold
/// reads no policy again.
///
/// ```
/// use lastaccessed::report::catalog::catalog;
/// use lastaccessed::report::granted::{Granting, PolicyKind, PolicyRisk, RiskyGrants};
///
/// let policy = |doc| Granting { kind: PolicyKind::Inline, name: "p".into(), arn: None, group: None,
///     document: doc, update_date: None };
/// let p = policy(serde_json::json!({"Statement": [
///     {"Effect": "Allow", "Action": ["s3:PutObject", "s3:Put*", "s3:GetObject", "iam:*"], "Resource": "*"},
///     {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
/// ]}));
/// // Another of its policies denies IAM everywhere.
/// let guard = policy(serde_json::json!({"Statement": [
///     {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}));
/// let risky = RiskyGrants::of_policies(&[PolicyRisk::of(catalog(), &p), PolicyRisk::of(catalog(), &guard)], None);
/// // s3:PutObject once though two patterns grant it; GetObject is a read.
/// assert!(risky.in_service("s3") > 1 && risky.in_service("s3") < 40);
/// assert_eq!(risky.in_service("sqs"), 1);
/// assert_eq!(risky.in_service("iam"), 0, "denied everywhere: granted by none");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RiskyGrants(BTreeMap<&'static str, usize>);

/// Catalog actions as (service, action).
pub type ActionSet = HashSet<(&'static str, &'static str)>;

/// The Write and Permissions management actions one policy's Allow
/// statements grant.
pub fn risky_actions(catalog: &Catalog, policy: &Granting) -> ActionSet {
    risky_allowed(catalog, &policy.document)
}

/// The Write and Permissions management actions `document`'s Allow
/// statements grant.
fn risky_allowed(catalog: &Catalog, document: &Value) -> ActionSet {
    risky_of(catalog, document, |st, _| st.effect == Effect::Allow)
}

/// What one policy grants of the Write and Permissions management actions
/// ([`risky_actions`]) and what it denies of them everywhere
/// ([`risky_denied`]): read once for a managed policy, whoever holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyRisk {
    pub granted: ActionSet,
    pub denied: ActionSet,
}

impl PolicyRisk {
    pub fn of(catalog: &Catalog, policy: &Granting) -> Self {
        PolicyRisk {
            granted: risky_actions(catalog, policy),
            denied: risky_denied(catalog, &policy.document),
        }
    }
}

/// The Write and Permissions management actions a Deny statement of
/// `document` denies on every resource without a condition: granted by no
/// policy of whoever has it, whatever the others allow.
///
/// ```
/// use lastaccessed::report::catalog::catalog;
/// use lastaccessed::report::granted::risky_denied;
/// let doc = serde_json::json!({"Statement": [
///     {"Effect": "Deny", "Action": "ec2:*", "Resource": "*"},
///     {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
///      "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
///     {"Effect": "Deny", "Action": "sqs:*", "Resource": "arn:aws:sqs:*:*:prod-*"},
///     {"Effect": "Allow", "Action": "lambda:*", "Resource": "*"},
/// ]});
/// let denied = risky_denied(catalog(), &doc);
/// assert!(denied.contains(&("ec2", "RunInstances")));
/// assert!(!denied.contains(&("s3", "PutObject")), "on a condition only");
/// assert!(!denied.contains(&("sqs", "SendMessage")), "on some resources only");
/// assert!(!denied.contains(&("lambda", "CreateFunction")));
/// ```
pub fn risky_denied(catalog: &Catalog, document: &Value) -> ActionSet {
    let everywhere =
        |v: &Value| string_list(v.get("Resource")).is_some_and(|rs| rs.iter().any(|r| r == "*"));
    risky_of(catalog, document, |_, v| {
        v.get("Effect").and_then(Value::as_str) == Some("Deny")
            && v.get("Condition").is_none()
            && everywhere(v)
    })
}

/// The Write and Permissions management actions of the statements of
/// `document` that `take` (each parsed, and as written).
fn risky_of(
    catalog: &Catalog,
    document: &Value,
    take: impl Fn(&super::authz::Statement, &Value) -> bool,
) -> ActionSet {
    let mut set = ActionSet::new();
    for (st, v) in statements(document).iter().zip(statement_values(document)) {
        if !take(st, v) {
            continue;
        }
        for (_, actions) in granted_actions(catalog, st.action.as_deref(), st.not_action.as_deref())
        {
            set.extend(
                actions
                    .iter()
                    .filter(|a| a.level.is_risky() && recorded(a))
                    .map(|a| (a.service, a.action)),
            );
        }
    }
    set
}

/// The Write and Permissions management actions a permissions boundary
/// may let through: those some Allow statement of it names (whatever its
/// resources and conditions: it may allow them), less those it denies
/// ([`risky_denied`]). A principal's policies grant nothing outside it.
///
/// ```
/// use lastaccessed::report::catalog::catalog;
/// use lastaccessed::report::granted::boundary_reach;
/// // PowerUserAccess's first statement, and a Deny of EC2 on every resource.
/// let doc = serde_json::json!({"Statement": [
///     {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
///     {"Effect": "Deny", "Action": "ec2:*", "Resource": "*"},
/// ]});
/// let reach = boundary_reach(catalog(), &doc);
/// assert!(reach.contains(&("s3", "PutObject")));
/// assert!(!reach.contains(&("iam", "CreateUser")));
/// assert!(!reach.contains(&("ec2", "RunInstances")));
/// assert!(!reach.contains(&("s3", "GetObject")), "a read");
/// ```
pub fn boundary_reach(catalog: &Catalog, document: &Value) -> ActionSet {
    let denied = risky_denied(catalog, document);
    let mut set = risky_allowed(catalog, document);
    set.retain(|a| !denied.contains(a));
    set
}

impl RiskyGrants {
    /// From each of a principal's policies' [`PolicyRisk`]: what some
    /// grants and none denies everywhere, capped by what its permissions
    /// boundary lets through ([`boundary_reach`]), when `cap` is one.
    pub fn of_policies<P: std::borrow::Borrow<PolicyRisk>>(
        policies: &[P],
        cap: Option<&ActionSet>,
    ) -> Self {
        let denied = |a: &(&'static str, &'static str)| {
            policies.iter().any(|p| p.borrow().denied.contains(a))
        };
        let mut seen: HashSet<&(&'static str, &'static str)> = HashSet::new();
        for p in policies {
            seen.extend(
                (p.borrow().granted.iter())
                    .filter(|a| cap.is_none_or(|c| c.contains(*a)) && !denied(a)),
            );
        }
        let mut by = BTreeMap::new();
        for (service, _) in seen {
            *by.entry(*service).or_insert(0) += 1;
        }
        RiskyGrants(by)
    }

    /// Those granted in `service` (its namespace, as the catalog has it).
    pub fn in_service(&self, service: &str) -> usize {
        self.0.get(service).copied().unwrap_or(0)
    }

    /// Those granted in the services `services` calls unused (`stale` or
    /// `never`; each service once).
    pub fn unused(&self, services: &[ServiceRow]) -> usize {
        services
            .iter()
            .filter(|s| matches!(s.status, Status::Stale | Status::Never))
            .map(|s| s.namespace.to_ascii_lowercase())
            .collect::<BTreeSet<_>>()
            .iter()
            .map(|ns| self.in_service(ns))
            .sum()
    }
}
