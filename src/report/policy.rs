//! Least-privilege suggestions from the current threshold, each a complete
//! IAM policy document that says where it goes:
//!
//! - [`Shape::DenyOnPrincipal`]: a Deny of the services not used within the
//!   threshold, attached to the principal itself (an explicit Deny overrides
//!   every Allow of its policies);
//! - [`Shape::Boundary`]: the same Deny with an `Allow *` beside it, set as the
//!   principal's permissions boundary (a boundary with no Allow would take
//!   every permission away);
//! - [`Shape::Scp`]: the same Deny as a service control policy, scoped to the
//!   principal with `aws:PrincipalArn` (without it, an SCP denies those
//!   services to every principal of the account);
//! - [`Shape::AllowUsed`]: what was used within the threshold as an Allow
//!   document (whole services as `svc:*` where no tracked action says more,
//!   tracked actions where they do), to use as a permissions boundary that
//!   caps the principal to what it used.
//!
//! An Organizations access report gets SCPs for the root, OU or account it
//! is about instead ([`organizations`]).
//!
//! A service used within the threshold is never denied, nor is `iam:PassRole`
//! (never recorded: [`IAM_BUT_PASS_ROLE`]). Each shape is checked
//! against [`super::iam`]'s model of policy evaluation in the tests. Review
//! before applying: see [`CAVEATS`].
//!
//! ```
//! use lastaccessed::report::{input::parse_file, merge::merge, policy, sample, table};
//! use lastaccessed::report::staleness::{reference_time, ReferenceMode};
//! let pages: Vec<_> = sample::FILES.iter().flat_map(|(n, b)| parse_file(n, b).unwrap().pages).collect();
//! let report = merge(&pages).remove(0);
//! let st = table::Staleness { reference: reference_time(&report, ReferenceMode::ReportDate, chrono::Utc::now()), threshold_days: 90 };
//! let (services, actions) = (table::service_rows(&report, st), table::action_rows(&report, st));
//! let all = policy::suggestions(&services, &actions, 90, report.principal.as_deref());
//! let boundary = all.iter().find(|s| s.shape == policy::Shape::Boundary).unwrap();
//! let doc: serde_json::Value = serde_json::from_str(boundary.document.as_ref().unwrap()).unwrap();
//! assert_eq!(doc["Statement"][0]["Effect"], "Allow");
//! assert_eq!(doc["Statement"][1]["Effect"], "Deny");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::authz::{identity_center_role, service_linked_note, service_linked_role};
use super::id::Id;
use super::report::OrgTarget;
use super::rewrite::Young;
use super::staleness::Status;
use super::table::{ActionRow, ServiceRow};

/// What last-accessed data cannot tell, said next to every suggestion, and
/// (by index, see [`CHART_CAVEATS`] and [`ACTION_CAVEATS`]) next to the chart
/// and the actions table: each caveat is written here once.
pub const CAVEATS: [&str; 6] = [
    "Service data covers about the last 400 days; actions used less often than that look unused.",
    "The data lags by about 4 hours: the most recent use may not be in the report yet.",
    "Failed attempts count as access: a service that was only denied still looks used.",
    "Only management actions are tracked: data actions (S3 object actions such as s3:GetObject) and some others (iam:PassRole) never appear in the data.",
    "Action-level tracking started on 2020-04-12 for S3 and 2021-04-07 for EC2, IAM and Lambda, later for other services.",
    "Last-accessed data ignores SCPs, permissions boundaries, resource-based policies and session policies: it only applies the principal's permissions policies.",
];

/// The caveats said beside the charts: window, lag, failed attempts, what is not considered.
pub const CHART_CAVEATS: [usize; 4] = [0, 1, 2, 5];
/// The caveats said beside the tracked actions: untracked actions, when tracking started.
pub const ACTION_CAVEATS: [usize; 2] = [3, 4];

/// What an Organizations access report's data is, in place of the caveats
/// about tracked actions and permissions policies (it has no tracked
/// actions, and it reads the SCPs).
pub const ORG_CAVEAT: &str = "An Organizations report lists the services the SCPs that apply to its entity allow, each with the last access by any principal of the accounts under it.";

/// The caveats said beside the suggestions (`chart`: beside the chart) of
/// a principal's report, or of an Organizations report (`org`).
///
/// ```
/// use lastaccessed::report::policy::{caveats, CAVEATS, ORG_CAVEAT};
/// assert_eq!(caveats(false, false), CAVEATS);
/// assert_eq!(caveats(false, true), [CAVEATS[0], CAVEATS[1], CAVEATS[2], CAVEATS[5]]);
/// assert_eq!(caveats(true, true), caveats(true, false));
/// assert_eq!(caveats(true, false).last(), Some(&ORG_CAVEAT));
/// ```
pub fn caveats(org: bool, chart: bool) -> Vec<&'static str> {
    match (org, chart) {
        (true, _) => vec![CAVEATS[0], CAVEATS[1], CAVEATS[2], ORG_CAVEAT],
        (false, true) => CHART_CAVEATS.iter().map(|&i| CAVEATS[i]).collect(),
        (false, false) => CAVEATS.to_vec(),
    }
}

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

/// What kind of IAM entity a report is about, from its ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    Role,
    User,
    Group,
    /// A managed policy (the report says what its permissions were used for).
    Policy,
    /// The report does not say (nothing was used, or no ARN in the data).
    Unknown,
}

impl PrincipalKind {
    pub fn of(arn: Option<&str>) -> Self {
        let resource = arn
            .and_then(|a| a.splitn(6, ':').nth(5))
            .unwrap_or_default();
        match resource.split('/').next() {
            Some("role") => PrincipalKind::Role,
            Some("user") => PrincipalKind::User,
            Some("group") => PrincipalKind::Group,
            Some("policy") => PrincipalKind::Policy,
            _ => PrincipalKind::Unknown,
        }
    }
}

/// The shapes of suggestion, each for one place in IAM or Organizations.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Shape {
    DenyOnPrincipal,
    Boundary,
    Scp,
    AllowUsed,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::DenyOnPrincipal,
        Shape::Boundary,
        Shape::Scp,
        Shape::AllowUsed,
    ];
}

/// The id used in `data-shape` and test hooks.
impl Id for Shape {
    const ALL: &'static [Self] = &Shape::ALL;
    fn id(self) -> &'static str {
        match self {
            Shape::DenyOnPrincipal => "deny-on-principal",
            Shape::Boundary => "boundary",
            Shape::Scp => "scp",
            Shape::AllowUsed => "allow-used",
        }
    }
}

/// One proposed document, with where it goes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suggestion {
    pub shape: Shape,
    pub title: String,
    /// Where the document goes, and what it does there.
    pub placement: String,
    /// Pretty-printed JSON; `None` when this shape does not apply (see `notes`).
    pub document: Option<String>,
    /// What to know before applying it, or why there is no document.
    pub notes: Vec<String>,
}

/// What the loaded authorization details say of a user's or role's
/// permissions boundary: setting a boundary replaces the one it has, so
/// the boundary suggestions are made with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ItsBoundary {
    /// The details are not loaded, or do not hold the principal.
    #[default]
    Unknown,
    /// It has none.
    None,
    /// The managed policy `arn`, and its document when the details hold it.
    Policy {
        arn: String,
        document: Option<serde_json::Value>,
    },
}

/// Every suggestion for one report: what all of them say (an old report, a
/// principal too young to tell, a service-linked role), once, then each
/// shape with what it alone says.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suggestions {
    pub notes: Vec<String>,
    /// One per [`Shape`], in [`Shape::ALL`]'s order.
    pub shapes: Vec<Suggestion>,
}

impl Suggestions {
    pub fn iter(&self) -> std::slice::Iter<'_, Suggestion> {
        self.shapes.iter()
    }

    /// The suggestion of `shape`.
    pub fn shape(&self, shape: Shape) -> Option<&Suggestion> {
        self.shapes.iter().find(|s| s.shape == shape)
    }

    /// What the suggestion of `shape` says: every suggestion's notes, then its own.
    pub fn notes_of(&self, shape: Shape) -> impl Iterator<Item = &String> {
        self.notes
            .iter()
            .chain(self.shape(shape).into_iter().flat_map(|s| &s.notes))
    }
}

impl<'a> IntoIterator for &'a Suggestions {
    type Item = &'a Suggestion;
    type IntoIter = std::slice::Iter<'a, Suggestion>;
    fn into_iter(self) -> Self::IntoIter {
        self.shapes.iter()
    }
}

/// A placeholder for the principal's ARN when the report does not name it.
pub const ARN_PLACEHOLDER: &str = "arn:aws:iam::ACCOUNT_ID:role/REPLACE_WITH_PRINCIPAL";

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
    action: Action,
    resource: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<BTreeMap<&'static str, BTreeMap<&'static str, serde_json::Value>>>,
}

/// The SCP condition that names one user or role. An ARN with no IAM path
/// may be one whose path is not known (a report named by its files or
/// folders, as the guide and the collection scripts save them): it is
/// matched with any path too, which names the same principal (a name is
/// unique in its account and kind). An ARN with a path is matched exactly.
///
/// ```
/// # use lastaccessed::report::policy::principal_condition;
/// let (op, v) = principal_condition("arn:aws:iam::123456789012:role/ci");
/// assert_eq!((op, v), ("ArnLike", serde_json::json!(["arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:role/*/ci"])));
/// let (op, v) = principal_condition("arn:aws:iam::123456789012:role/team/ci");
/// assert_eq!((op, v), ("ArnEquals", serde_json::json!("arn:aws:iam::123456789012:role/team/ci")));
/// ```
pub fn principal_condition(arn: &str) -> (&'static str, serde_json::Value) {
    match arn.rsplit_once(':').and_then(|(head, resource)| {
        let (kind, name) = resource.split_once('/')?;
        (!name.contains('/')).then(|| format!("{head}:{kind}/*/{name}"))
    }) {
        Some(any_path) => ("ArnLike", serde_json::json!([arn, any_path])),
        None => ("ArnEquals", serde_json::json!(arn)),
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Action {
    One(&'static str),
    Many(Vec<String>),
}

fn document(statement: Vec<Statement>) -> String {
    serde_json::to_string_pretty(&PolicyDocument {
        version: "2012-10-17",
        statement,
    })
    .unwrap_or_default()
}

/// `doc` (a policy document) with `statement` added to its own, pretty
/// printed; `None` when it is not a policy document. IAM wants each `Sid`
/// of a policy unique: the added one is numbered when `doc` has it (a
/// boundary this app's suggestion made before).
fn with_statement(doc: &serde_json::Value, statement: Statement) -> Option<String> {
    use serde_json::Value;
    let mut doc = doc.clone();
    // (Through the text `document` makes: no second serializer.)
    let mut added = serde_json::from_str::<Value>(&document(vec![statement]))
        .ok()?
        .get_mut("Statement")?
        .get_mut(0)?
        .take();
    let list = match doc.get_mut("Statement")? {
        Value::Array(list) => list,
        one @ Value::Object(_) => {
            *one = Value::Array(vec![one.take()]);
            one.as_array_mut()?
        }
        _ => return None,
    };
    let taken = |sid: &str| {
        list.iter()
            .any(|st| st.get("Sid").and_then(Value::as_str) == Some(sid))
    };
    let base = added
        .get("Sid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let sid = (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}{n}"),
        })
        .find(|sid| !taken(sid))?;
    added["Sid"] = Value::String(sid);
    list.push(added);
    serde_json::to_string_pretty(&doc).ok()
}

fn allow_statement(sid: String, action: Action) -> Statement {
    Statement {
        sid,
        effect: "Allow",
        action,
        resource: "*",
        condition: None,
    }
}

/// IAM's actions but `iam:PassRole`, as a Deny names them: PassRole is the
/// permission to give a role to another service, checked inside that
/// service's call and never recorded in last-accessed data, so "IAM not
/// used" says nothing of it (the rewrite keeps it for the same reason).
/// Every first letter of an action name but P, and `Pu` (the `Put…`
/// actions): PassRole is IAM's only other action that starts with P
/// (`tests/core_decide.rs` checks the catalog's).
pub const IAM_BUT_PASS_ROLE: [&str; 26] = [
    "iam:A*", "iam:B*", "iam:C*", "iam:D*", "iam:E*", "iam:F*", "iam:G*", "iam:H*", "iam:I*",
    "iam:J*", "iam:K*", "iam:L*", "iam:M*", "iam:N*", "iam:O*", "iam:Pu*", "iam:Q*", "iam:R*",
    "iam:S*", "iam:T*", "iam:U*", "iam:V*", "iam:W*", "iam:X*", "iam:Y*", "iam:Z*",
];

fn deny_statement(unused: &[String], threshold_days: u32) -> Statement {
    let mut action = Vec::new();
    for n in unused {
        if n == "iam" {
            action.extend(IAM_BUT_PASS_ROLE.iter().map(|a| a.to_string()));
        } else {
            action.push(format!("{n}:*"));
        }
    }
    Statement {
        sid: format!("DenyServicesUnusedFor{threshold_days}Days"),
        effect: "Deny",
        action: Action::Many(action),
        resource: "*",
        condition: None,
    }
}

/// What every suggestion for a report says when some of its services have
/// thresholds of their own (`own`, by namespace, any case): the titles and
/// `Sid`s name `threshold_days`, these services were judged by theirs.
/// `None` when none of `services` has one.
///
/// ```
/// use lastaccessed::report::policy::own_thresholds_note;
/// let own = [("bedrock".to_string(), 60), ("kms".to_string(), 365)].into_iter().collect();
/// let note = own_thresholds_note(&own, 90, ["s3", "Bedrock"]).unwrap();
/// assert_eq!(note, "Judged by a threshold of their own, not the 90 days the titles and Sids name: bedrock 60 days.");
/// assert_eq!(own_thresholds_note(&own, 90, ["s3"]), None);
/// ```
pub fn own_thresholds_note<'a>(
    own: &BTreeMap<String, u32>,
    threshold_days: u32,
    services: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let present: BTreeSet<String> = services.into_iter().map(str::to_ascii_lowercase).collect();
    let list: Vec<String> = own
        .iter()
        .filter(|(ns, _)| present.contains(&ns.to_ascii_lowercase()))
        .map(|(ns, d)| format!("{} {d} days", ns.to_ascii_lowercase()))
        .collect();
    (!list.is_empty()).then(|| {
        format!(
            "Judged by a threshold of their own, not the {threshold_days} days the titles and Sids name: {}.",
            list.join(", ")
        )
    })
}

/// IAM's quota for a managed policy and Organizations' for an SCP, in
/// characters (IAM does not count white space; Organizations counts it in a
/// policy sent through its API or CLI, its console removes it).
pub const MANAGED_POLICY_QUOTA: usize = 6_144;
pub const SCP_QUOTA: usize = 5_120;

/// What a suggested document says when it is over the quota of where it
/// goes (an account with hundreds of unused services makes a long Deny).
fn size_note(shape: Shape, doc: &str, kind: PrincipalKind) -> Option<String> {
    let compact = doc.chars().filter(|c| !c.is_whitespace()).count();
    // The Deny can also go in as an inline policy, whose quota is the
    // principal's inline policies together.
    let inline = match kind {
        PrincipalKind::User => Some((2_048, "user")),
        PrincipalKind::Group => Some((5_120, "group")),
        PrincipalKind::Role => Some((10_240, "role")),
        _ => None,
    };
    match shape {
        Shape::Scp if compact > SCP_QUOTA => Some(format!(
            "At {compact} characters it is over the {SCP_QUOTA} an SCP may hold: split its Action list over two SCPs (an account or OU takes five)."
        )),
        Shape::Scp if doc.chars().count() > SCP_QUOTA => Some(format!(
            "Organizations counts white space in an SCP sent through its API or CLI: {} characters as shown, {compact} without it (its quota is {SCP_QUOTA}). Paste it in the console, which removes it, or compact it first (jq -c).",
            doc.chars().count()
        )),
        Shape::Scp => None,
        _ if compact > MANAGED_POLICY_QUOTA => Some(format!(
            "At {compact} characters (white space not counted) it is over the {MANAGED_POLICY_QUOTA} IAM takes in a managed policy: split its Action list over two policies."
        )),
        Shape::DenyOnPrincipal => inline.filter(|(quota, _)| compact > *quota).map(|(quota, who)| format!(
            "At {compact} characters (white space not counted) it is over the {quota} a {who}'s inline policies take together: attach it as a customer managed policy."
        )),
        _ => None,
    }
}

/// Said beside a document that denies IAM.
const PASS_ROLE_NOTE: &str = "IAM is denied by the first letters of its actions (iam:A* … iam:Z*, with iam:Pu* for P) so that iam:PassRole stays: it is the permission to give a role to another service (an EC2 instance, a Lambda function), checked inside that service's call and never recorded in last-accessed data, so IAM showing unused says nothing of it.";

/// A pretty-printed IAM policy denying every service not used in
/// `threshold_days`, to attach to the principal itself. With nothing to
/// deny, a policy with no statements.
pub fn deny_unused(rows: &[ServiceRow], threshold_days: u32) -> String {
    let unused = unused_namespaces(rows);
    document(if unused.is_empty() {
        Vec::new()
    } else {
        vec![deny_statement(&unused, threshold_days)]
    })
}

/// Tracked actions used within the threshold, per service namespace, as
/// `service:Action` names.
pub fn used_actions(actions: &[ActionRow]) -> BTreeMap<String, Vec<String>> {
    // Keyed by the rows' own namespaces (one key made per service, not per
    // row): a report can have 200 000 action rows.
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in actions.iter().filter(|a| a.status == Status::Recent) {
        let (ns, action) = (a.namespace(), a.action());
        let mut name = String::with_capacity(ns.len() + 1 + action.len());
        name.push_str(ns);
        name.push(':');
        name.push_str(action);
        by.entry(ns).or_default().push(name);
    }
    by.into_iter()
        .map(|(ns, mut v)| {
            v.sort_unstable();
            v.dedup();
            (ns.to_string(), v)
        })
        .collect()
}

/// What was used within the threshold: whole services (`svc:*`) where no
/// tracked action of the service was used within it, and the tracked actions
/// used where some were.
pub fn used_permissions(
    services: &[ServiceRow],
    actions: &[ActionRow],
) -> (Vec<String>, Vec<String>) {
    let by_action = used_actions(actions);
    let mut whole: Vec<String> = services
        .iter()
        .filter(|r| r.status == Status::Recent && is_namespace(&r.namespace))
        .filter(|r| !by_action.contains_key(&r.namespace))
        .map(|r| format!("{}:*", r.namespace))
        .collect();
    whole.sort();
    whole.dedup();
    let listed = by_action.into_values().flatten().collect();
    (whole, listed)
}

/// A shape's title.
fn title(shape: Shape, threshold_days: u32) -> String {
    match shape {
        Shape::DenyOnPrincipal => "Deny the unused services on the principal".into(),
        Shape::Boundary => "Permissions boundary without the unused services".into(),
        Shape::Scp => "Service control policy scoped to this principal".into(),
        Shape::AllowUsed => {
            format!("What was used in the last {threshold_days} days (Allow policy)")
        }
    }
}

/// Every suggestion for one report's rows. `principal` is the report's ARN,
/// when known: it names the target and scopes the SCP.
pub fn suggestions(
    services: &[ServiceRow],
    actions: &[ActionRow],
    threshold_days: u32,
    principal: Option<&str>,
) -> Suggestions {
    suggestions_with(
        services,
        actions,
        threshold_days,
        principal,
        None,
        None,
        &ItsBoundary::Unknown,
    )
}

/// What the roles of one IAM Identity Center permission set used in other
/// accounts (their loaded reports). A document that goes in the permission
/// set applies in every account it is assigned to, so it is read with them:
/// a service is denied only if none of them used it, and what any of them
/// used is allowed. (The SCP, scoped to one role, reads its own report.)
#[derive(Clone, Debug, Default)]
pub struct OtherAccounts {
    /// Their accounts.
    accounts: BTreeSet<String>,
    /// Their service rows, one report's after another's.
    services: Vec<ServiceRow>,
    /// What they used, each report's by [`used_permissions`].
    whole: Vec<String>,
    listed: Vec<String>,
    /// Accounts where the loaded authorization details hold one of its
    /// roles, but no report of it is loaded.
    without: BTreeSet<String>,
}

impl OtherAccounts {
    /// Add the report of the permission set's role in `account`.
    pub fn add(&mut self, account: &str, services: &[ServiceRow], actions: &[ActionRow]) {
        self.accounts.insert(account.to_string());
        self.services.extend_from_slice(services);
        let (whole, listed) = used_permissions(services, actions);
        self.whole.extend(whole);
        self.listed.extend(listed);
    }

    /// The permission set has a role in `account` whose report is not loaded.
    pub fn without_report(&mut self, account: &str) {
        self.without.insert(account.to_string());
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.without.is_empty()
    }
}

/// [`suggestions`], for a role IAM Identity Center provisions read with its
/// permission set's roles in `others` (see [`OtherAccounts`]), and for a
/// principal too young for its report to prove some services unused
/// (`young`, by the authorization details): those are not denied, and
/// every document says so.
pub fn suggestions_with(
    services: &[ServiceRow],
    actions: &[ActionRow],
    threshold_days: u32,
    principal: Option<&str>,
    others: Option<&OtherAccounts>,
    young: Option<&Young>,
    boundary: &ItsBoundary,
) -> Suggestions {
    // A service-linked role: no document can go anywhere.
    if let Some(name) = principal.and_then(service_linked_role) {
        return Suggestions {
            notes: vec![service_linked_note(name)],
            shapes: Shape::ALL
                .iter()
                .map(|&shape| Suggestion {
                    shape,
                    title: title(shape, threshold_days),
                    placement:
                        "Nowhere: IAM does not let anyone change a service-linked role's permissions."
                            .into(),
                    document: None,
                    notes: Vec::new(),
                })
                .collect(),
        };
    }
    // A service it did not use yet is not denied, here or through the
    // permission set's other accounts (nor was it used).
    let held_back = young.map_or(&[][..], |y| y.unused.as_slice());
    Suggestions {
        notes: young.map(Young::note).into_iter().collect(),
        shapes: suggestions_of(
            services,
            actions,
            threshold_days,
            principal,
            others,
            held_back,
            boundary,
        ),
    }
}

/// [`suggestions_with`], leaving out of what is denied the services
/// `held_back` names (their non-use proves nothing).
fn suggestions_of(
    services: &[ServiceRow],
    actions: &[ActionRow],
    threshold_days: u32,
    principal: Option<&str>,
    others: Option<&OtherAccounts>,
    held_back: &[String],
    boundary: &ItsBoundary,
) -> Vec<Suggestion> {
    let set = principal.and_then(identity_center_role);
    let others = others.filter(|o| set.is_some() && !o.is_empty());
    let mut own_unused = unused_namespaces(services);
    let (mut whole, mut listed) = used_permissions(services, actions);
    let mut unused = match others {
        Some(o) => {
            let mut all = services.to_vec();
            all.extend_from_slice(&o.services);
            whole.extend_from_slice(&o.whole);
            listed.extend_from_slice(&o.listed);
            whole.sort_unstable();
            whole.dedup();
            // A service used whole somewhere is allowed whole.
            listed.retain(|a| {
                let ns = a.split(':').next().unwrap_or_default();
                whole.binary_search(&format!("{ns}:*")).is_err()
            });
            listed.sort_unstable();
            listed.dedup();
            unused_namespaces(&all)
        }
        None => own_unused.clone(),
    };
    let proven = |ns: &String| !held_back.iter().any(|h| h.eq_ignore_ascii_case(ns));
    own_unused.retain(proven);
    unused.retain(proven);
    let read = Read {
        unused,
        own_unused,
        whole,
        listed,
        held_back: !held_back.is_empty(),
    };
    let mut out = suggestions_for(&read, threshold_days, principal, boundary);
    if let Some(set) = set {
        identity_center(&mut out, set, others);
    }
    out
}

/// What the suggestions say no and yes to.
struct Read {
    /// Services to deny: unused in the report (and in `others`).
    unused: Vec<String>,
    /// Services unused in the report itself (the SCP is about this role only).
    own_unused: Vec<String>,
    /// What was used: whole services and tracked actions.
    whole: Vec<String>,
    listed: Vec<String>,
    /// Some services not used are left out of `unused`: an empty Deny is
    /// not "every service was used".
    held_back: bool,
}

/// A role IAM Identity Center provisions cannot be changed in IAM: what
/// would go on the role goes in its permission set, in IAM Identity Center
/// (and so in every account it is assigned to); an SCP still applies.
fn identity_center(out: &mut [Suggestion], set: &str, others: Option<&OtherAccounts>) {
    let not_the_role =
        "Not on the role: IAM refuses changes to a role IAM Identity Center provisions.";
    let list = |s: &BTreeSet<String>| s.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
    let mut every_account = match others.filter(|o| !o.accounts.is_empty()) {
        None => format!("The permission set {set} is the same in every account it is assigned to: the services this account's report shows unused may be used in another; read their reports first (load them with this one: the documents are then read with them)."),
        Some(o) => format!("The permission set {set} is the same in every account it is assigned to: read with the reports of its roles in {} other account{} ({}), a service is denied only if none of them used it, and what any of them used is allowed. An account whose report is not loaded is not read.",
            o.accounts.len(), if o.accounts.len() == 1 { "" } else { "s" }, list(&o.accounts)),
    };
    if let Some(o) = others.filter(|o| !o.without.is_empty()) {
        let (s, has, them, they_use) = match o.without.len() {
            1 => ("", "has", "it", "it uses"),
            _ => ("s", "have", "them", "they use"),
        };
        every_account.push_str(&format!(
            " Its role{s} in {} {has} no loaded report: load {them}, or what {they_use} may be denied.",
            list(&o.without)
        ));
    }
    for s in out.iter_mut() {
        match s.shape {
            Shape::DenyOnPrincipal => {
                s.placement = format!("{not_the_role} In IAM Identity Center, add its statement to the inline policy of the permission set {set} (aws sso-admin put-inline-policy-to-permission-set, which replaces the inline policy: keep what it has), then provision it (aws sso-admin provision-permission-set).");
                s.notes.push(every_account.clone());
            }
            Shape::Boundary | Shape::AllowUsed => {
                s.placement = format!("{not_the_role} In IAM Identity Center, set it as the permissions boundary of the permission set {set}: create it as a customer managed policy of the same name and path in each account the permission set is assigned to, then aws sso-admin put-permissions-boundary-to-permission-set and aws sso-admin provision-permission-set.");
                s.notes.push(every_account.clone());
            }
            Shape::Scp => s.notes.push("IAM Identity Center gives the role a new name suffix when the permission set is unassigned from the account and assigned again: the condition would then match nothing.".into()),
        }
    }
}

/// [`suggestions`] for any principal but a service-linked role.
fn suggestions_for(
    read: &Read,
    threshold_days: u32,
    principal: Option<&str>,
    boundary: &ItsBoundary,
) -> Vec<Suggestion> {
    let kind = PrincipalKind::of(principal);
    // A boundary and an SCP are about a user or role (or one the report does
    // not name), never a group or a policy.
    let user_or_role = matches!(
        kind,
        PrincipalKind::Role | PrincipalKind::User | PrincipalKind::Unknown
    );
    let unused = &read.unused;
    let target = principal.unwrap_or("the principal this report is about");
    // Nothing to deny: everything was used, or what was not is not proven
    // unused (the principal is too young to tell: said above them all).
    let nothing_unused = if read.held_back {
        "Nothing to deny: what was not used is not proven unused yet (above).".to_string()
    } else {
        format!("Nothing to deny: every service in the report was used in the last {threshold_days} days.")
    };
    let deny_doc =
        (!unused.is_empty()).then(|| document(vec![deny_statement(unused, threshold_days)]));
    let mut out = Vec::new();

    // 1. A Deny attached to the principal itself.
    let placement = match kind {
        PrincipalKind::Group => format!("Attach to the group {target} (an inline policy, or a customer managed policy attached to it). It applies to every member of the group, and its Deny overrides what they are granted by any policy, not only the group's."),
        PrincipalKind::Policy => format!("This report is about the managed policy {target}, not a principal. Remove these services from that policy's Allow statements instead: a Deny added to it would also deny them to every principal it is attached to, whatever their other policies grant."),
        _ => format!("Attach to {target} itself, as an inline policy or a customer managed policy attached only to it. Its explicit Deny overrides every Allow of the principal's policies{}.",
            if kind == PrincipalKind::User { " and of its groups" } else { "" }),
    };
    let policy_report = kind == PrincipalKind::Policy;
    let mut notes = Vec::new();
    if deny_doc.is_none() {
        notes.push(nothing_unused.clone());
    }
    out.push(Suggestion {
        shape: Shape::DenyOnPrincipal,
        title: title(Shape::DenyOnPrincipal, threshold_days),
        placement,
        document: if policy_report {
            None
        } else {
            deny_doc.clone()
        },
        notes,
    });

    // 2. A permissions boundary: Allow * and the Deny.
    let mut notes = Vec::new();
    if !user_or_role {
        notes.push(match kind {
            PrincipalKind::Group => {
                "Groups cannot have a permissions boundary: set one on each member user instead."
                    .into()
            }
            _ => "A permissions boundary is set on a user or role, not on a policy.".into(),
        });
    } else if deny_doc.is_none() {
        notes.push(nothing_unused.clone());
    } else if *boundary == ItsBoundary::Unknown {
        notes.push("If the principal already has a permissions boundary, add the Deny statement to it instead of replacing it: setting a boundary replaces the one it has.".into());
    }
    let boundary_cmd = match kind {
        PrincipalKind::User => "aws iam put-user-permissions-boundary",
        _ => "aws iam put-role-permissions-boundary",
    };
    let deny = || deny_statement(unused, threshold_days);
    // Its boundary's document with the Deny added (`None` when it holds no
    // `Statement` to add to: then said as for one not known).
    let combined = match boundary {
        ItsBoundary::Policy {
            document: Some(doc),
            ..
        } => with_statement(doc, deny()),
        _ => None,
    };
    let (placement, boundary_doc) = match boundary {
        // It has one: what it allows stays the cap, the Deny is added.
        ItsBoundary::Policy { arn, .. } if combined.is_some() => (
            format!(
                "{target} has a permissions boundary, {arn}: this is its document with the Deny added. Create it as a new customer managed policy and set it as the boundary in place of that one ({boundary_cmd}): the principal keeps what both its policies and that boundary allow, less the unused services. {}",
                if crate::report::authz::aws_managed_arn(arn) {
                    "(An AWS managed policy cannot be edited.)".to_string()
                } else {
                    format!("(Editing {arn} itself would change every principal it bounds or is attached to.)")
                }
            ),
            combined,
        ),
        ItsBoundary::Policy { arn, .. } => (
            format!(
                "{target} has a permissions boundary, {arn}, whose document the loaded authorization details do not hold (or hold without statements): add this Deny statement to a copy of it, and set that copy as the boundary in place of it ({boundary_cmd}). Do not set a boundary of this statement alone: a boundary that allows nothing takes every permission away."
            ),
            Some(document(vec![deny()])),
        ),
        _ => (
            format!(
                "Create it as a customer managed policy and set it as the permissions boundary of {target} ({boundary_cmd}). \
                 The Allow * statement keeps everything the principal's own policies grant (a boundary with no Allow would take every permission away); the Deny takes the unused services out."
            ),
            Some(document(vec![
                allow_statement(
                    "AllowWhatThePrincipalsPoliciesGrant".into(),
                    Action::One("*"),
                ),
                deny(),
            ])),
        ),
    };
    out.push(Suggestion {
        shape: Shape::Boundary,
        title: title(Shape::Boundary, threshold_days),
        placement,
        document: boundary_doc.filter(|_| user_or_role && !unused.is_empty()),
        notes,
    });

    // 3. An SCP scoped to the principal.
    let unused = &read.own_unused;
    let mut notes = Vec::new();
    if !user_or_role {
        notes.push(match kind {
            PrincipalKind::Group => "An SCP cannot name a group (aws:PrincipalArn is the user or role making the request): use the Deny on the group.".into(),
            _ => "An SCP is about principals; this report is about a policy.".into(),
        });
    } else if unused.is_empty() {
        notes.push(nothing_unused.clone());
    } else {
        if kind == PrincipalKind::Unknown {
            notes.push(format!("The report does not name its principal: replace {ARN_PLACEHOLDER} with its ARN before attaching (as it is, the condition matches nobody)."));
        }
        notes.push("SCPs do not apply to the organization's management account nor to service-linked roles.".into());
    }
    let scp_arn = match kind {
        PrincipalKind::Role | PrincipalKind::User => principal.unwrap_or(ARN_PLACEHOLDER),
        _ => ARN_PLACEHOLDER,
    };
    out.push(Suggestion {
        shape: Shape::Scp,
        title: title(Shape::Scp, threshold_days),
        placement: format!(
            "Attach in AWS Organizations to the account (or an OU above it) that holds {target}. The aws:PrincipalArn condition limits the Deny to this principal (whatever its IAM path, when its ARN shows none: a name is unique in its account): without it, the SCP would deny these services to every principal of the account."
        ),
        document: (user_or_role && !unused.is_empty()).then(|| {
            let mut st = deny_statement(unused, threshold_days);
            st.sid = format!("DenyServicesUnusedFor{threshold_days}DaysByThisPrincipal");
            let (op, arns) = if scp_arn == ARN_PLACEHOLDER {
                ("ArnEquals", serde_json::json!(scp_arn))
            } else {
                principal_condition(scp_arn)
            };
            st.condition = Some(BTreeMap::from([(
                op,
                BTreeMap::from([("aws:PrincipalArn", arns)]),
            )]));
            document(vec![st])
        }),
        notes,
    });

    // 4. What was used, as an Allow document.
    let mut statement = Vec::new();
    if !read.whole.is_empty() {
        statement.push(allow_statement(
            format!("UsedServicesInTheLast{threshold_days}Days"),
            Action::Many(read.whole.clone()),
        ));
    }
    if !read.listed.is_empty() {
        statement.push(allow_statement(
            format!("UsedTrackedActionsInTheLast{threshold_days}Days"),
            Action::Many(read.listed.clone()),
        ));
    }
    let mut notes = vec![
        "Untracked actions are never in last-accessed data (iam:PassRole, S3 object actions such as s3:GetObject, and others): where a service is listed by its tracked actions, add the untracked ones the principal needs by hand.".to_string(),
        format!(
            "Resource is * here: as a replacement permissions policy it could grant more than today's policies where they limit resources or conditions.{}",
            match boundary {
                // Not offered as its boundary (it has one).
                ItsBoundary::Policy { .. } => "",
                _ => " As a boundary it cannot: a boundary only caps what the policies grant.",
            }
        ),
    ];
    if statement.is_empty() {
        notes.insert(0, format!("Nothing was used in the last {threshold_days} days: there is nothing to allow. If the principal is not needed, consider removing it."));
    }
    out.push(Suggestion {
        shape: Shape::AllowUsed,
        title: title(Shape::AllowUsed, threshold_days),
        placement: match kind {
            PrincipalKind::Role | PrincipalKind::User | PrincipalKind::Unknown => match boundary {
                ItsBoundary::Policy { arn, .. } => format!(
                    "Start a replacement permissions policy for {target} from it, after narrowing Resource. Not as its permissions boundary: it has one, {arn}, and this would replace it, allowing what that one denies and this allows."
                ),
                ItsBoundary::None => format!(
                    "Set as the permissions boundary of {target} ({boundary_cmd}; it has none): the principal keeps only what its policies grant and this allows. Or start a replacement permissions policy from it, after narrowing Resource."
                ),
                ItsBoundary::Unknown => format!(
                    "Set as the permissions boundary of {target} ({boundary_cmd}): the principal keeps only what its policies grant and this allows. If it already has a permissions boundary, this replaces it, allowing what that one denies and this allows: then start a replacement permissions policy from it instead, after narrowing Resource."
                ),
            },
            PrincipalKind::Group => format!("Start a replacement for the permissions policies of the group {target} from it, after narrowing Resource (groups cannot have a boundary)."),
            PrincipalKind::Policy => format!("Start a replacement for the managed policy {target} from it, after narrowing Resource."),
        },
        document: (!statement.is_empty()).then(|| document(statement)),
        notes,
    });
    // A document over the size IAM or Organizations takes where it goes.
    for s in out.iter_mut() {
        s.notes.extend(
            s.document
                .as_deref()
                .and_then(|d| size_note(s.shape, d, kind)),
        );
    }
    // Where a document denies IAM, why it lists IAM's actions by letter.
    for s in out.iter_mut() {
        let denied = match s.shape {
            Shape::DenyOnPrincipal | Shape::Boundary => &read.unused,
            Shape::Scp => &read.own_unused,
            Shape::AllowUsed => continue,
        };
        if s.document.is_some() && denied.iter().any(|n| n == "iam") {
            s.notes.push(PASS_ROLE_NOTE.into());
        }
    }
    out
}

/// The suggestions for an Organizations access report
/// (`GetOrganizationsAccessReport`): it is about every principal of a
/// root, OU or account (`target`, the path every account that used a
/// service shares, when one did: the report does not hold the path it was
/// generated for, which is at or above it), so the documents are SCPs
/// attached there, without a principal condition. The Deny and the
/// boundary on one principal do not apply.
///
/// - [`Shape::Scp`] denies the services no principal below the target used
///   within the threshold (IAM but `iam:PassRole`, see [`IAM_BUT_PASS_ROLE`]);
/// - [`Shape::AllowUsed`] allows only the services used (an allow list, in
///   place of `FullAWSAccess` at the target: every level from the root to an
///   account must allow an action), and `iam:PassRole` where IAM went unused.
///
/// ```
/// use lastaccessed::report::{input::parse_file, merge::merge, policy, table};
/// let page = r#"{"JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-01T00:00:00Z",
///   "AccessDetails": [{"ServiceName": "Amazon EC2", "ServiceNamespace": "ec2",
///     "EntityPath": "o-a1b2c3d4e5/r-f6g7/111111111111/role/ops",
///     "LastAuthenticatedTime": "2026-10-28T09:00:00Z", "TotalAuthenticatedEntities": 1},
///   {"ServiceName": "Amazon SageMaker", "ServiceNamespace": "sagemaker"}]}"#;
/// let report = merge(&parse_file("org.json", page.as_bytes()).unwrap().pages).remove(0);
/// let st = table::Staleness { reference: report.ended().unwrap(), threshold_days: 90 };
/// let all = policy::organizations(&table::service_rows(&report, st), 90, report.org_target.as_ref());
/// let scp = all.iter().find(|s| s.shape == policy::Shape::Scp).unwrap();
/// let doc: serde_json::Value = serde_json::from_str(scp.document.as_ref().unwrap()).unwrap();
/// assert_eq!(doc["Statement"][0]["Action"], serde_json::json!(["sagemaker:*"]));
/// assert!(doc["Statement"][0].get("Condition").is_none());
/// assert!(scp.placement.contains("o-a1b2c3d4e5/r-f6g7/111111111111"));
/// ```
pub fn organizations(
    services: &[ServiceRow],
    threshold_days: u32,
    target: Option<&OrgTarget>,
) -> Suggestions {
    let unused = unused_namespaces(services);
    let (mut used, _) = used_permissions(services, &[]);
    let at = OrgTarget::place(target);
    let not_one = "An Organizations access report is about every principal of a root, OU or account, not one principal: the SCPs below go there. For a document on one principal, load its own report (GenerateServiceLastAccessedDetails).";
    let none = |shape: Shape, title: &str| Suggestion {
        shape,
        title: title.to_string(),
        placement: "Not for this report.".to_string(),
        document: None,
        notes: vec![not_one.to_string()],
    };
    let mut out = vec![
        none(Shape::DenyOnPrincipal, "Deny on a principal"),
        none(Shape::Boundary, "Permissions boundary"),
    ];
    let scps_only =
        "SCPs do not apply to the organization's management account nor to service-linked roles."
            .to_string();
    let one_scp = "If the report was generated for one SCP (--organizations-policy-id), its services are those that SCP allows: taking the unused ones out of that SCP's Allow does the same, if no other SCP attached beside it allows them.".to_string();

    // The Deny list: every principal below the target.
    let mut notes = vec![scps_only.clone()];
    let deny = (!unused.is_empty()).then(|| {
        let mut st = deny_statement(&unused, threshold_days);
        st.sid = format!("DenyServicesUnusedFor{threshold_days}DaysBelowThisEntity");
        document(vec![st])
    });
    match &deny {
        None => notes.insert(0, format!("Nothing to deny: every service in the report was used in the last {threshold_days} days.")),
        Some(_) => {
            notes.push(one_scp);
            notes.push("A root, OU or account holds at most five SCPs: if five are attached, add this statement to one of them.".into());
            if unused.iter().any(|n| n == "iam") {
                notes.push(PASS_ROLE_NOTE.into());
            }
        }
    }
    out.push(Suggestion {
        shape: Shape::Scp,
        title: format!("SCP denying the services unused in the last {threshold_days} days"),
        placement: format!("Attach in AWS Organizations to {at}. It denies these services to every principal of every account below it: none of them used them in the last {threshold_days} days."),
        document: deny,
        notes,
    });

    // The allow list: what was used, and iam:PassRole where IAM was not.
    let pass_role = unused.iter().any(|n| n == "iam");
    if pass_role && !used.is_empty() {
        used.push("iam:PassRole".into());
        used.sort_unstable();
    }
    let mut notes = vec![
        format!("An allow list refuses what it does not name: a service not used in the last {threshold_days} days, and every service AWS adds later, until it is added here. The Deny above changes less."),
        "Every root, OU and account must keep an SCP attached: attach this one before detaching FullAWSAccess.".to_string(),
        scps_only,
    ];
    if used.is_empty() {
        notes.insert(0, format!("Nothing was used in the last {threshold_days} days below this entity: an allow list would allow nothing. If its accounts are not needed, consider closing them."));
    } else if pass_role {
        notes.push("iam:PassRole is allowed although IAM was not used: it is the permission to give a role to another service (an EC2 instance, a Lambda function), checked inside that service's call and never recorded in last-accessed data.".into());
    }
    out.push(Suggestion {
        shape: Shape::AllowUsed,
        title: format!("SCP allowing only the services used in the last {threshold_days} days (allow list)"),
        placement: format!("Attach in AWS Organizations to {at}, then detach FullAWSAccess from it. An action is allowed only where an SCP at every level from the root to the account allows it, so every account below keeps only these services."),
        document: (!used.is_empty()).then(|| document(vec![allow_statement(
            format!("AllowServicesUsedInTheLast{threshold_days}Days"),
            Action::Many(used),
        )])),
        notes,
    });
    // Both go in as SCPs: Organizations' quota.
    for s in out.iter_mut() {
        s.notes.extend(
            s.document
                .as_deref()
                .and_then(|d| size_note(Shape::Scp, d, PrincipalKind::Unknown)),
        );
    }
    // The entity known: the commands that put them there.
    if let Some(t @ OrgTarget::Named(_)) = target {
        for s in out.iter_mut().filter(|s| s.document.is_some()) {
            s.notes.push(scp_commands(s.shape, t.id(), threshold_days));
        }
    }
    Suggestions {
        notes: Vec::new(),
        shapes: out,
    }
}

/// The AWS CLI commands (run in the management account) that create an
/// Organizations report's SCP of `shape` from its document, saved as
/// `lastaccessed-<shape>.json`, and attach it to the entity `id` (`r-…`,
/// `ou-…` or an account ID, checked by [`super::merge::org_target`]); the
/// allow list then takes `FullAWSAccess` (`p-FullAWSAccess`) off it.
fn scp_commands(shape: Shape, id: &str, threshold_days: u32) -> String {
    let (name, what) = match shape {
        Shape::AllowUsed => ("allow-used", "Only the services used"),
        _ => ("deny-unused", "The services unused"),
    };
    let mut text = format!(
        "With the AWS CLI in the management account, the document saved as lastaccessed-{file}.json: \
         POLICY_ID=$(aws organizations create-policy --type SERVICE_CONTROL_POLICY --name lastaccessed-{name}-{threshold_days}d \
         --description '{what} in the last {threshold_days} days below {id}' --content file://lastaccessed-{file}.json \
         --query Policy.PolicySummary.Id --output text) && aws organizations attach-policy --policy-id \"$POLICY_ID\" --target-id {id}",
        file = shape.id(),
    );
    if shape == Shape::AllowUsed {
        text.push_str(&format!(
            " && aws organizations detach-policy --policy-id p-FullAWSAccess --target-id {id}"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_kinds() {
        assert_eq!(
            PrincipalKind::of(Some("arn:aws:iam::1:role/a/b")),
            PrincipalKind::Role
        );
        assert_eq!(
            PrincipalKind::of(Some("arn:aws:iam::1:user/u")),
            PrincipalKind::User
        );
        assert_eq!(
            PrincipalKind::of(Some("arn:aws:iam::1:group/g")),
            PrincipalKind::Group
        );
        assert_eq!(
            PrincipalKind::of(Some("arn:aws:iam::1:policy/p")),
            PrincipalKind::Policy
        );
        assert_eq!(PrincipalKind::of(None), PrincipalKind::Unknown);
        assert_eq!(PrincipalKind::of(Some("garbage")), PrincipalKind::Unknown);
    }
}
