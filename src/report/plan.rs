//! What to do with each policy of a principal, and the scripts that do it.
//!
//! Per policy ([`Action`]): **keep** (nothing proven unused), **edit**
//! (write the rewritten document), **delete** (an inline policy left with
//! no statement), **detach** (a managed policy left with none), **replace**
//! (an AWS managed policy: never edited; detach it and attach a new customer
//! managed policy with what is kept), **skip** (a policy that also reaches
//! principals without a loaded report: editing it could take away what they
//! use). A policy reaching several principals is rewritten with all their
//! reports together: an action goes only when none of them used it.
//!
//! IAM's size quotas are checked (white space not counted): over one, the
//! plan says so rather than producing a policy IAM would refuse.
//!
//! [`export_json`] is `lastaccessed-rewrite.json`; [`apply_script`] and
//! [`rollback_script`] are AWS CLI scripts (checked against the CLI's own
//! option tables and run against a stand-in `aws` in `tests/core_plan.rs`).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use super::authz::principal_of;
use super::authz::{
    account_of, aws_managed_arn, identity_center_note, identity_center_role, in_group_account,
    same_principal, service_linked_note, service_linked_role, Authz, ManagedPolicy,
};
use super::catalog::Catalog;
use super::diff::{diff, fold, DiffLine, CONTEXT};
use super::granted::{policies_of, Granting, PolicyKind};
use super::id::Id;
use super::rewrite::{
    policy_size, rewrite_document_with, Evidence, Rewritten, GROUP_INLINE_LIMIT, MANAGED_LIMIT,
    ROLE_INLINE_LIMIT, USER_INLINE_LIMIT,
};

/// What to do with one policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Keep,
    Edit,
    Delete,
    Detach,
    Replace,
    Skip,
    /// A role IAM Identity Center provisions: nothing runs on the role; the
    /// document is what its permission set's inline policy should become
    /// (`after`: `None` when it should have none).
    PermissionSet,
}

impl Action {
    pub fn id(self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Detach => "detach",
            Action::Replace => "replace",
            Action::Skip => "skip",
            Action::PermissionSet => "permission-set",
        }
    }
}

/// One policy's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPlan {
    pub kind: PolicyKind,
    pub name: String,
    pub arn: Option<String>,
    pub group: Option<String>,
    pub action: Action,
    pub reason: String,
    /// Pretty-printed documents (`after`: `None` when the policy goes).
    pub before: String,
    pub after: Option<String>,
    pub removed: Vec<String>,
    /// Why each removal: one line per unused service or action.
    pub reasons: Vec<String>,
    /// The rewritten document is over IAM's size quota.
    pub over_limit: bool,
    /// For a managed edit: the version to delete first (5 versions exist),
    /// and the default version today (the rollback sets it back).
    pub delete_version: Option<String>,
    pub default_version: Option<String>,
}

/// A principal's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrincipalPlan {
    pub arn: String,
    pub policies: Vec<PolicyPlan>,
    /// What its evidence says of the whole plan (a principal too young for
    /// its report to prove some services unused:
    /// [`crate::report::rewrite::Young`]); in the export as `notes`.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One of the account's policies, across every loaded principal it reaches
/// ([`account_policies`]): a managed policy by its ARN, an inline policy by
/// the principal or group that holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPolicy {
    pub name: String,
    /// Inline or group inline; a managed policy customer or AWS managed,
    /// whether it reaches a principal directly or through a group.
    pub kind: PolicyKind,
    pub arn: Option<String>,
    /// Who holds an inline policy: `group/<name> (<account>)` (two
    /// accounts' groups of one name are two groups), `permission-set/<name>`
    /// for the roles IAM Identity Center provisions (one policy in every
    /// account), or the principal's ARN; empty for a managed policy.
    pub held_by: String,
    /// The loaded principals it reaches, in the order met.
    pub principals: Vec<String>,
    /// What the rewrite does with it, each once, in the order met (an AWS
    /// managed policy is replaced for one principal and kept for another).
    pub actions: Vec<Action>,
    /// The action patterns it would remove or narrow (as written): every
    /// principal's together, sorted.
    pub removed: Vec<String>,
    /// A rewritten document is over IAM's size quota.
    pub over_limit: bool,
    /// A managed policy: the users and roles the authorization details say
    /// it is the permissions boundary of ([`with_bounds`]), whose use its
    /// rewrite keeps too.
    #[serde(default)]
    pub bounds: Vec<String>,
}

/// The account's policies ([`account_policies`]), each managed one with
/// the users and roles `authz` says it is the permissions boundary of.
///
/// ```
/// use lastaccessed::report::authz::{parse_authz, Authz};
/// use lastaccessed::report::granted::PolicyKind;
/// use lastaccessed::report::plan::{with_bounds, AccountPolicy};
/// let page = parse_authz(br#"{"RoleDetailList": [{"RoleName": "batch", "Path": "/",
///     "Arn": "arn:aws:iam::1:role/batch", "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
///     "PermissionsBoundaryArn": "arn:aws:iam::1:policy/Team"}}]}"#).unwrap().unwrap();
/// let team = AccountPolicy { name: "Team".into(), kind: PolicyKind::Managed,
///     arn: Some("arn:aws:iam::1:policy/Team".into()), held_by: String::new(),
///     principals: vec!["arn:aws:iam::1:role/app".into()], actions: vec![], removed: vec![],
///     over_limit: false, bounds: vec![] };
/// let rows = with_bounds(vec![team], &Authz::merge([&page]));
/// assert_eq!(rows[0].bounds, ["arn:aws:iam::1:role/batch"]);
/// ```
pub fn with_bounds(mut rows: Vec<AccountPolicy>, authz: &Authz) -> Vec<AccountPolicy> {
    // One pass over the details, not one per policy.
    let mut bounds: HashMap<&str, Vec<String>> = HashMap::new();
    for (boundary, principal) in authz.boundaries() {
        bounds
            .entry(boundary)
            .or_default()
            .push(principal.to_string());
    }
    for row in &mut rows {
        if let (Some(arn), true) = (&row.arn, row.held_by.is_empty()) {
            row.bounds = bounds.remove(arn.as_str()).unwrap_or_default();
        }
    }
    rows
}

/// What narrows the account's policies on screen (the CSV has every one).
///
/// ```
/// use lastaccessed::report::granted::PolicyKind;
/// use lastaccessed::report::plan::{AccountPolicy, PoliciesFilter};
///
/// let p = AccountPolicy {
///     name: "GlueAccess".into(),
///     kind: PolicyKind::Managed,
///     arn: Some("arn:aws:iam::1:policy/GlueAccess".into()),
///     held_by: String::new(),
///     principals: vec!["arn:aws:iam::1:role/etl".into()],
///     actions: vec![],
///     removed: vec!["glue:DeleteTable".into()],
///     over_limit: false,
///     bounds: vec!["arn:aws:iam::1:role/batch".into()],
/// };
/// let find = |text: &str| PoliciesFilter { text: text.into(), ..Default::default() };
/// assert!(find(" glueaccess ").keeps(&p) && find("ROLE/ETL").keeps(&p) && find("batch").keeps(&p));
/// assert!(!find("athena").keeps(&p));
/// let kind = |k| PoliciesFilter { kind: Some(k), ..Default::default() };
/// assert!(kind(PolicyKind::Managed).keeps(&p) && !kind(PolicyKind::AwsManaged).keeps(&p));
/// let changed = PoliciesFilter { only_changed: true, ..Default::default() };
/// assert!(changed.keeps(&p));
/// assert!(!changed.keeps(&AccountPolicy { removed: vec![], ..p }));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliciesFilter {
    /// Matched (case-insensitive) against the policy's name, ARN and holder
    /// and the ARNs of the principals it reaches or is the permissions
    /// boundary of.
    pub text: String,
    /// One kind only; `None`: every kind.
    pub kind: Option<PolicyKind>,
    /// Only the policies the rewrite takes something out of.
    pub only_changed: bool,
}

impl PoliciesFilter {
    pub fn keeps(&self, p: &AccountPolicy) -> bool {
        let text = self.text.trim().to_lowercase();
        let found = |f: &str| f.to_lowercase().contains(&text);
        (text.is_empty()
            || found(&p.name)
            || p.arn.as_deref().is_some_and(found)
            || found(&p.held_by)
            || p.principals.iter().chain(&p.bounds).any(|a| found(a)))
            && self.kind.is_none_or(|k| k == p.kind)
            && (!self.only_changed || !p.removed.is_empty())
    }
}

/// The account's policies from every loaded principal's plan (`plans`, as
/// the rewrite export has them), most removals first (then by name and
/// holder: the order is the same for the same plans). The documents,
/// reasons and where each goes are in the plans.
///
/// ```
/// use lastaccessed::report::granted::PolicyKind;
/// use lastaccessed::report::plan::{account_policies, Action, PolicyPlan, PrincipalPlan};
/// let policy = |name: &str, arn: Option<&str>, removed: &[&str]| PolicyPlan {
///     kind: if arn.is_some() { PolicyKind::Managed } else { PolicyKind::Inline },
///     name: name.into(), arn: arn.map(Into::into), group: None, action: Action::Edit,
///     reason: String::new(), before: String::new(), after: None,
///     removed: removed.iter().map(|s| s.to_string()).collect(), reasons: vec![],
///     over_limit: false, delete_version: None, default_version: None };
/// let ci = Some("arn:aws:iam::1:policy/ci");
/// let plans = [
///     PrincipalPlan { arn: "arn:aws:iam::1:role/a".into(),
///         policies: vec![policy("ci", ci, &["s3:*"]), policy("own", None, &[])], notes: vec![] },
///     PrincipalPlan { arn: "arn:aws:iam::1:role/b".into(),
///         policies: vec![policy("ci", ci, &["athena:*", "s3:*"]), policy("own", None, &[])], notes: vec![] },
/// ];
/// let all = account_policies(&plans);
/// assert_eq!(all.len(), 3); // the managed policy once, each role's inline policy
/// assert_eq!(all[0].principals.len(), 2);
/// assert_eq!(all[0].removed, ["athena:*", "s3:*"]);
/// assert_eq!(all[1].held_by, "arn:aws:iam::1:role/a");
/// ```
pub fn account_policies(plans: &[PrincipalPlan]) -> Vec<AccountPolicy> {
    let mut tally = PoliciesTally::default();
    for pp in plans {
        tally.add(pp);
    }
    tally.finish()
}

/// [`account_policies`] read a principal's plan at a time, so that an
/// account's thousands of plans need not be held, nor made, at once (the
/// engine reads a few between the page's requests). Plans added in the
/// same order give what [`account_policies`] gives.
#[derive(Debug, Default)]
pub struct PoliciesTally {
    rows: Vec<AccountPolicy>,
    removed: Vec<BTreeSet<String>>,
    at: HashMap<(String, String), usize>,
}

impl PoliciesTally {
    /// Count one principal's plan in.
    pub fn add(&mut self, pp: &PrincipalPlan) {
        for p in &pp.policies {
            let managed = matches!(
                p.kind,
                PolicyKind::Managed | PolicyKind::AwsManaged | PolicyKind::GroupManaged
            );
            // A role IAM Identity Center provisions holds its permission
            // set's inline policy: one policy in every account.
            let held_by = match (&p.group, managed, identity_center_role(&pp.arn)) {
                (_, true, _) => String::new(),
                (Some(g), false, _) => {
                    format!("group/{g} ({})", account_of(&pp.arn).unwrap_or_default())
                }
                (None, false, Some(set)) => format!("permission-set/{set}"),
                (None, false, None) => pp.arn.clone(),
            };
            // A managed policy is one policy however it reaches each
            // principal (directly or through a group): keyed by its ARN,
            // its kind is whose it is.
            let (key, kind) = match (&p.arn, managed) {
                (Some(arn), true) => (
                    (arn.clone(), String::new()),
                    if aws_managed_arn(arn) {
                        PolicyKind::AwsManaged
                    } else {
                        PolicyKind::Managed
                    },
                ),
                _ => ((held_by.clone(), p.name.clone()), p.kind),
            };
            let rows = &mut self.rows;
            let removed = &mut self.removed;
            let i = *self.at.entry(key).or_insert_with(|| {
                rows.push(AccountPolicy {
                    name: p.name.clone(),
                    kind,
                    arn: p.arn.clone(),
                    held_by,
                    principals: Vec::new(),
                    actions: Vec::new(),
                    removed: Vec::new(),
                    over_limit: false,
                    bounds: Vec::new(),
                });
                removed.push(BTreeSet::new());
                rows.len() - 1
            });
            let row = &mut self.rows[i];
            if !row.principals.contains(&pp.arn) {
                row.principals.push(pp.arn.clone());
            }
            if !row.actions.contains(&p.action) {
                row.actions.push(p.action);
            }
            for r in &p.removed {
                if !self.removed[i].contains(r) {
                    self.removed[i].insert(r.clone());
                }
            }
            row.over_limit |= p.over_limit;
        }
    }

    /// The account's policies, most removals first (then by name and holder).
    pub fn finish(self) -> Vec<AccountPolicy> {
        let mut rows = self.rows;
        for (row, removed) in rows.iter_mut().zip(self.removed) {
            row.removed = removed.into_iter().collect();
        }
        rows.sort_by(|a, b| {
            b.removed
                .len()
                .cmp(&a.removed.len())
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.held_by.cmp(&b.held_by))
        });
        rows
    }
}

/// A principal's plan as the rewrite panel draws it: each policy's
/// before/after diff made once, in the engine (a large AWS managed policy
/// is thousands of lines).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    /// The plan, each policy's `before` left empty: the page draws the
    /// diff, never the whole document as it is today, so it does not cross
    /// to the page with every view. (The exports and scripts make their own
    /// plans, documents and all.)
    pub plan: PrincipalPlan,
    /// One per policy, in order: empty when it is kept or skipped.
    pub diffs: Vec<Vec<DiffLine>>,
    /// One per policy, in order: where it goes, in words ([`placement`]).
    pub placements: Vec<String>,
}

impl PlanView {
    /// ```
    /// use lastaccessed::report::granted::PolicyKind;
    /// use lastaccessed::report::plan::{Action, PlanView, PolicyPlan, PrincipalPlan};
    /// let before = "{\n  \"Statement\": []\n}".to_string();
    /// let policy = PolicyPlan { kind: PolicyKind::Inline, name: "p".into(), arn: None, group: None,
    ///     action: Action::Delete, reason: String::new(), before, after: None, removed: vec![],
    ///     reasons: vec![], over_limit: false, delete_version: None, default_version: None };
    /// let view = PlanView::of(PrincipalPlan { arn: "arn:aws:iam::1:role/r".into(), policies: vec![policy], notes: vec![] });
    /// assert_eq!(view.diffs[0].len(), 3); // every line removed
    /// assert!(view.plan.policies[0].before.is_empty());
    /// assert_eq!(view.placements[0], "Delete the inline policy p of role r.");
    /// ```
    pub fn of(mut plan: PrincipalPlan) -> Self {
        let diffs = plan.policies.iter().map(policy_diff).collect();
        let placements = plan
            .policies
            .iter()
            .map(|p| placement(p, &plan.arn))
            .collect();
        for p in &mut plan.policies {
            p.before = String::new();
        }
        PlanView {
            plan,
            diffs,
            placements,
        }
    }
}

/// A policy's before/after diff, folded around its changes (none when it
/// is kept or skipped; every line removed when it goes).
pub fn policy_diff(p: &PolicyPlan) -> Vec<DiffLine> {
    match (&p.after, p.action) {
        (_, Action::Keep | Action::Skip) => Vec::new(),
        (_, Action::Delete | Action::Detach) | (None, _) => diff(&p.before, ""),
        // (A permission set's document to be is folded like an edit.)
        (Some(after), _) => fold(diff(&p.before, after), CONTEXT),
    }
}

/// An ARN's account, or a placeholder the user must fill in.
fn account_or_placeholder(arn: &str) -> &str {
    account_of(arn).unwrap_or("ACCOUNT_ID")
}

/// Every principal a managed policy reaches: roles and users it is attached
/// to, and groups (a group's report speaks for its members).
fn reached_by_managed(authz: &Authz, arn: &str) -> Vec<String> {
    let attached = |list: &[super::authz::AttachedPolicy]| list.iter().any(|a| a.policy_arn == arn);
    authz
        .roles
        .iter()
        .filter(|r| attached(&r.attached_managed_policies))
        .map(|r| r.arn.clone())
        .chain(
            authz
                .users
                .iter()
                .filter(|u| attached(&u.attached_managed_policies))
                .map(|u| u.arn.clone()),
        )
        .chain(
            authz
                .groups
                .iter()
                .filter(|g| attached(&g.attached_managed_policies))
                .map(|g| g.arn.clone()),
        )
        .collect()
}

/// The evidence for a group: its own report, or all of its members'.
fn group_evidence(
    authz: &Authz,
    group_arn: &str,
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
) -> Result<Evidence, Vec<String>> {
    if let Some(e) = evidence_of(group_arn) {
        return Ok(e);
    }
    let name = authz
        .groups
        .iter()
        .find(|g| super::authz::same_principal(&g.arn, group_arn))
        .map(|g| g.group_name.clone())
        .unwrap_or_default();
    let members: Vec<&str> = authz
        .users
        .iter()
        .filter(|u| u.group_list.contains(&name) && in_group_account(group_arn, &u.arn))
        .map(|u| u.arn.as_str())
        .collect();
    let (found, missing): (Vec<&str>, Vec<&str>) =
        members.iter().partition(|m| evidence_of(m).is_some());
    if members.is_empty() || !missing.is_empty() {
        let mut m: Vec<String> = missing.into_iter().map(str::to_string).collect();
        if m.is_empty() {
            m.push(group_arn.to_string());
        }
        return Err(m);
    }
    Ok(Evidence::combine(
        &found
            .iter()
            .filter_map(|m| evidence_of(m))
            .collect::<Vec<_>>(),
    ))
}

/// What a principal's own reports say: its evidence, and for a role IAM
/// Identity Center provisions, its permission set's: read with the reports
/// of its roles in every loaded account, and what that reading says (made
/// once per principal, for each of the permission set's policies).
struct OwnEvidence {
    principal: Evidence,
    permission_set: Option<(Evidence, String)>,
}

/// The evidence of the permission set `set`, whose role `principal` has the
/// evidence `own`: with that of its roles in the other accounts (those the
/// authorization details hold, and `loaded`: principals with a loaded
/// report, whose account's details may not be loaded) that have a report,
/// and a note naming them and those without.
fn permission_set_evidence(
    authz: &Authz,
    loaded: &[&str],
    principal: &str,
    set: &str,
    own: &Evidence,
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
) -> (Evidence, String) {
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut seen: Vec<&str> = vec![principal];
    for arn in authz
        .roles
        .iter()
        .map(|r| r.arn.as_str())
        .chain(loaded.iter().copied())
    {
        if identity_center_role(arn) != Some(set) || seen.iter().any(|s| same_principal(s, arn)) {
            continue;
        }
        seen.push(arn);
        match evidence_of(arn) {
            Some(e) => with.push((arn, e)),
            None => without.push(arn),
        }
    }
    let mut note = String::new();
    let evidence = if with.is_empty() {
        own.clone()
    } else {
        let mut all: Vec<Evidence> = with.iter().map(|(_, e)| e.clone()).collect();
        all.push(own.clone());
        let mut read: Vec<&str> = with.iter().map(|(a, _)| *a).collect();
        read.push(principal);
        let ids = accounts(&read);
        note = format!(
            " Read with the reports of its roles in {} accounts ({}): an action goes only if none of them used it.",
            ids.len(),
            ids.join(", ")
        );
        Evidence::combine(&all)
    };
    if !without.is_empty() {
        note.push_str(&format!(
            " Its roles in {} have no loaded report: load them, or what they use may go.",
            accounts(&without).join(", ")
        ));
    }
    (evidence, note)
}

/// Roles' accounts, each once, in order.
fn accounts<'a>(roles: &[&'a str]) -> Vec<&'a str> {
    let mut ids: Vec<&str> = roles.iter().map(|r| account_or_placeholder(r)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// What plans read, kept for plans made later with the same data and
/// ageing (the caller keeps it, and a new one when either changes): each
/// principal's evidence, and a shared policy's (every principal it reaches
/// together) and its rewrite once per set of principals. Without it, an
/// account's plans read each holder of a policy attached to hundreds of
/// principals once for each of them, and each principal's view all of them.
#[derive(Default)]
pub struct PlanCache {
    principals: RefCell<HashMap<String, Option<Evidence>>>,
    reached: RefCell<HashMap<Vec<String>, Together>>,
    rewrites: RefCell<HashMap<SharedKey, (Rewritten, Option<usize>)>>,
}

impl PlanCache {
    /// A principal's evidence, read (`of`) once: the plans read it here,
    /// and a caller can read it ahead of the plans that need it (a policy
    /// shared by hundreds of principals needs all of theirs at once).
    pub fn evidence(
        &self,
        principal: &str,
        of: &dyn Fn(&str) -> Option<Evidence>,
    ) -> Option<Evidence> {
        cached(&self.principals, principal, || of(principal))
    }
}

/// The evidence of principals together, or those without a report.
type Together = Result<Evidence, Vec<String>>;

/// A shared policy as rewritten for the principals it reaches: (ARN, group,
/// name, the principals, whether lists are narrowed).
type SharedKey = (Option<String>, Option<String>, String, Vec<String>, bool);

/// A [`PlanCache`] and where the evidence it lacks comes from.
struct Memo<'a> {
    of: &'a dyn Fn(&str) -> Option<Evidence>,
    cache: &'a PlanCache,
}

/// What `map` holds for `key`, or what `make` makes (kept there): `make`
/// runs with the map unborrowed, as it may read the others. (The session's
/// fleet keeps what it reads of each principal's grants the same way.)
pub(crate) fn cached<K, Q, V>(map: &RefCell<HashMap<K, V>>, key: &Q, make: impl FnOnce() -> V) -> V
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + ?Sized,
    V: Clone,
{
    if let Some(v) = map.borrow().get(key) {
        return v.clone();
    }
    let v = make();
    map.borrow_mut().insert(key.to_owned(), v.clone());
    v
}

impl Memo<'_> {
    fn rewritten(
        &self,
        key: &SharedKey,
        rewrite: impl FnOnce() -> (Rewritten, Option<usize>),
    ) -> (Rewritten, Option<usize>) {
        cached(&self.cache.rewrites, key, rewrite)
    }

    fn evidence(&self, arn: &str) -> Option<Evidence> {
        self.cache.evidence(arn, self.of)
    }

    fn reached(&self, authz: &Authz, reached: &[String]) -> Result<Evidence, Vec<String>> {
        cached(&self.cache.reached, reached, || {
            evidence_for(authz, reached, &|arn| self.evidence(arn))
        })
    }
}

/// The evidence of every principal in `reached` together, or who has no report.
fn evidence_for(
    authz: &Authz,
    reached: &[String],
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
) -> Result<Evidence, Vec<String>> {
    let mut all = Vec::new();
    let mut missing = Vec::new();
    for p in reached {
        let e = if principal_of(p).is_some_and(|(k, _)| k == "group") {
            group_evidence(authz, p, evidence_of)
        } else {
            evidence_of(p).ok_or_else(|| vec![p.clone()])
        };
        match e {
            Ok(e) => all.push(e),
            Err(m) => missing.extend(m),
        }
    }
    if missing.is_empty() {
        Ok(Evidence::combine(&all))
    } else {
        Err(missing)
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The plan for one principal, or `None` when the authorization details do
/// not hold it. `evidence_of` gives a principal's evidence when its report
/// is loaded.
pub fn plan_principal(
    catalog: &Catalog,
    authz: &Authz,
    principal: &str,
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
) -> Option<PrincipalPlan> {
    plan_principal_with(catalog, authz, &[], principal, evidence_of)
}

/// [`plan_principal`], where `loaded` names the principals with a loaded
/// report: a permission set's roles among them are read with it even when
/// their account's authorization details are not loaded.
pub fn plan_principal_with(
    catalog: &Catalog,
    authz: &Authz,
    loaded: &[&str],
    principal: &str,
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
) -> Option<PrincipalPlan> {
    plan_principal_cached(
        catalog,
        authz,
        loaded,
        principal,
        evidence_of,
        &PlanCache::default(),
    )
}

/// [`plan_principal_with`], reading what `cache` holds (and keeping there
/// what it reads): `cache` must be for this data and ageing.
pub fn plan_principal_cached(
    catalog: &Catalog,
    authz: &Authz,
    loaded: &[&str],
    principal: &str,
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
    cache: &PlanCache,
) -> Option<PrincipalPlan> {
    let memo = &Memo {
        of: evidence_of,
        cache,
    };
    let evidence_of = &|arn: &str| memo.evidence(arn);
    let (policies, _) = policies_of(authz, principal)?;
    let principal_evidence = evidence_of(principal)?;
    let notes = principal_evidence.notes.clone();
    let permission_set = identity_center_role(principal);
    let own = OwnEvidence {
        permission_set: permission_set.map(|set| {
            permission_set_evidence(
                authz,
                loaded,
                principal,
                set,
                &principal_evidence,
                evidence_of,
            )
        }),
        principal: principal_evidence,
    };
    let mut plans: Vec<PolicyPlan> = policies
        .iter()
        .map(|p| plan_policy(catalog, authz, principal, p, &own, memo, true))
        .collect();
    // The principal's inline policies together have one quota.
    let limit = match principal_of(principal).map(|(k, _)| k) {
        Some("user") => USER_INLINE_LIMIT,
        Some("group") => GROUP_INLINE_LIMIT,
        _ => ROLE_INLINE_LIMIT,
    };
    let inline_total = |plans: &[PolicyPlan]| -> usize {
        plans
            .iter()
            .filter(|p| p.kind == PolicyKind::Inline)
            .map(after_size)
            .sum()
    };
    // A permission set's inline policy becomes the role's in every account:
    // IAM Identity Center holds it to the same 10 240 characters.
    let (whose, quota, split) = match permission_set {
        Some(_) => (
            "the permission set's inline policy",
            "IAM Identity Center's",
            "move part of it into customer managed policies the permission set attaches",
        ),
        None => (
            "the inline policies together",
            "IAM's",
            "split them into managed policies",
        ),
    };
    // An inline policy the plan rewrites: on the principal, or its permission set.
    let rewritten = |plan: &PolicyPlan| {
        plan.kind == PolicyKind::Inline
            && matches!(plan.action, Action::Edit | Action::PermissionSet)
    };
    if inline_total(&plans) > limit {
        // Keep wildcards as written rather than list what remains.
        let narrowed = inline_total(&plans);
        for (plan, p) in plans.iter_mut().zip(&policies) {
            if rewritten(plan) {
                *plan = plan_policy(catalog, authz, principal, p, &own, memo, false);
                plan.reason.push_str(&format!(
                    " Listing what remains would make {whose} {narrowed} characters, over {quota} {limit}: wildcards that also cover used actions are kept as written, and a NotAction statement (or \"*\") excludes what is unused instead."
                ));
            }
        }
    }
    let inline_total = inline_total(&plans);
    if inline_total > limit {
        for p in plans.iter_mut().filter(|p| rewritten(p)) {
            p.over_limit = true;
            p.reason.push_str(&format!(
                " Over the quota: {whose} would be {inline_total} characters (white space not counted), over {quota} {limit}; {split}."
            ));
        }
    }
    // An AWS managed policy a permission set attaches, replaced there by
    // what was used: beside the permission set's inline policy, the two
    // together have that policy's quota.
    if permission_set.is_some() {
        for p in plans.iter_mut().filter(|p| {
            p.kind == PolicyKind::AwsManaged
                && p.action == Action::PermissionSet
                && p.after.is_some()
        }) {
            let together = inline_total + after_size(p);
            if together > limit {
                p.reason.push_str(&format!(
                    " Beside the permission set's inline policy it would make {together} characters, over IAM Identity Center's {limit}: give it to the permission set as a customer managed policy instead."
                ));
            }
        }
    }
    Some(PrincipalPlan {
        arn: principal.to_string(),
        policies: plans,
        notes,
    })
}

/// [`plan_principal_cached`] for each of `principals` (each once): an
/// account's plans.
pub fn plan_principals(
    catalog: &Catalog,
    authz: &Authz,
    loaded: &[&str],
    principals: &[&str],
    evidence_of: &dyn Fn(&str) -> Option<Evidence>,
    cache: &PlanCache,
) -> Vec<PrincipalPlan> {
    let mut seen = BTreeSet::new();
    principals
        .iter()
        .filter(|p| seen.insert(**p))
        .filter_map(|p| plan_principal_cached(catalog, authz, loaded, p, evidence_of, cache))
        .collect()
}

/// A plan's new document's size as IAM counts it (white space not
/// counted); 0 when the policy goes.
fn after_size(plan: &PolicyPlan) -> usize {
    plan.after
        .as_deref()
        .map(|a| a.chars().filter(|c| !c.is_whitespace()).count())
        .unwrap_or(0)
}

fn plan_policy(
    catalog: &Catalog,
    authz: &Authz,
    principal: &str,
    p: &Granting,
    own: &OwnEvidence,
    memo: &Memo,
    narrow: bool,
) -> PolicyPlan {
    let managed: Option<&ManagedPolicy> = p.arn.as_deref().and_then(|a| authz.policy(a));
    // Who else the change reaches: a group's members, a customer managed
    // policy's attachments. An AWS managed policy is never edited but
    // replaced where it is attached (this principal, or its group), which
    // changes nothing for the others it is attached to.
    let group = || -> Vec<String> {
        authz
            .groups
            .iter()
            // The principal's account's (a group name is unique in its
            // account only).
            .filter(|g| {
                Some(&g.group_name) == p.group.as_ref() && in_group_account(&g.arn, principal)
            })
            .map(|g| g.arn.clone())
            .collect()
    };
    let aws_managed = managed.is_some_and(ManagedPolicy::is_aws_managed);
    let reached: Vec<String> = match (p.kind, &p.arn) {
        (PolicyKind::GroupInline, _) => group(),
        (PolicyKind::GroupManaged, _) if aws_managed => group(),
        (PolicyKind::AwsManaged, _) => vec![principal.to_string()],
        (_, Some(arn)) => reached_by_managed(authz, arn),
        _ => vec![principal.to_string()],
    };
    // A customer managed policy that is some user's or role's permissions
    // boundary caps what they use: a new version of it must keep that too.
    let bounded: Vec<String> = match (p.kind, &p.arn) {
        (PolicyKind::Managed | PolicyKind::GroupManaged, Some(arn)) if !aws_managed => authz
            .bounded_by(arn)
            .into_iter()
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    let attached = reached.len();
    let mut reached = reached;
    for b in &bounded {
        if !reached.contains(b) {
            reached.push(b.clone());
        }
    }
    let shared = reached.iter().any(|r| r != principal);
    let mut plan = PolicyPlan {
        kind: p.kind,
        name: p.name.clone(),
        arn: p.arn.clone(),
        group: p.group.clone(),
        action: Action::Keep,
        reason: String::new(),
        before: pretty(&p.document),
        after: Some(pretty(&p.document)),
        removed: Vec::new(),
        reasons: Vec::new(),
        over_limit: false,
        delete_version: None,
        default_version: managed.and_then(|m| m.default_version_id.clone()),
    };
    if let Some(name) = service_linked_role(principal) {
        // IAM refuses any change to its policies: left as it is, unrewritten.
        plan.action = Action::Skip;
        plan.reason = service_linked_note(name);
        return plan;
    }
    // IAM's own counts say it is attached, or bounds, more principals than
    // the loaded details hold (details read with --filter, or a page
    // missing): whatever they use is unknown.
    if let Some(m) = managed.filter(|_| !aws_managed) {
        let over = |count: Option<u64>, seen: usize| count.is_some_and(|n| n > seen as u64);
        if over(m.attachment_count, attached)
            || over(m.permissions_boundary_usage_count, bounded.len())
        {
            plan.action = Action::Skip;
            plan.reason = format!(
                "IAM counts {} principal{} it is attached to and {} whose permissions boundary it is; the loaded authorization details hold {attached} and {}: load the whole account's (aws iam get-account-authorization-details, without --filter) to rewrite it for all of them.",
                m.attachment_count.unwrap_or(attached as u64),
                if m.attachment_count == Some(1) { "" } else { "s" },
                m.permissions_boundary_usage_count.unwrap_or(bounded.len() as u64),
                bounded.len(),
            );
            return plan;
        }
    }
    // A role IAM Identity Center provisions is protected: its inline policy
    // and attachments are the permission set's (rewritten below as what the
    // permission set should have, never put on the role). A customer
    // managed policy attached to it is this account's own, which IAM lets
    // anyone edit.
    let identity_center = identity_center_role(principal);
    // A permission set's documents apply in every account it is assigned
    // to: what its roles in the other loaded accounts used stays too.
    // (`together`: the evidence of every principal it reaches.)
    let (evidence, accounts_note, together) = match (&own.permission_set, p.kind) {
        (Some((e, note)), PolicyKind::Inline | PolicyKind::AwsManaged) => {
            (e.clone(), note.as_str(), false)
        }
        _ if shared => match memo.reached(authz, &reached) {
            Ok(e) => (e, "", true),
            Err(missing) => {
                let (bounds, reaches): (Vec<String>, Vec<String>) = missing
                    .into_iter()
                    .partition(|m| bounded.contains(m) && !reached[..attached].contains(m));
                let mut why = Vec::new();
                if !reaches.is_empty() {
                    why.push(format!(
                        "It also reaches {} without a loaded report",
                        reaches.join(", ")
                    ));
                }
                if !bounds.is_empty() {
                    why.push(format!(
                        "{} the permissions boundary of {} without a loaded report (a new version would cap what {} can use)",
                        if why.is_empty() { "It is" } else { "and it is" },
                        bounds.join(", "),
                        if bounds.len() == 1 { "it" } else { "they" },
                    ));
                }
                plan.action = Action::Skip;
                plan.reason = format!(
                    "{}: load their reports to rewrite it for all of them.",
                    why.join(", ")
                );
                return plan;
            }
        },
        _ => (own.principal.clone(), "", false),
    };
    let rewrite = || {
        let mut r = rewrite_document_with(catalog, &p.document, &evidence, narrow);
        // A managed policy whose explicit lists would be over the quota
        // keeps its wildcards as written (only wholly unused patterns go).
        let mut kept_wildcards = None;
        if let (Some(doc), true, true) = (&r.document, narrow, p.arn.is_some()) {
            let size = policy_size(doc);
            if size > MANAGED_LIMIT {
                r = rewrite_document_with(catalog, &p.document, &evidence, false);
                kept_wildcards = Some(size);
            }
        }
        (r, kept_wildcards)
    };
    // A policy shared by principals read together is rewritten the same
    // way for each of them: once.
    let (r, kept_wildcards) = if together {
        memo.rewritten(
            &(
                p.arn.clone(),
                p.group.clone(),
                p.name.clone(),
                reached.clone(),
                narrow,
            ),
            rewrite,
        )
    } else {
        rewrite()
    };
    plan.removed = r.removed;
    plan.reasons = r.reasons;
    if !r.changed {
        plan.reason = match kept_wildcards {
            Some(size) => format!(
                "Kept as written: listing what remains of its wildcards would make it {size} characters, over IAM's {MANAGED_LIMIT}."
            ),
            // (Kept because another account used it: said which.)
            None => format!("Nothing it grants is proven unused.{accounts_note}"),
        };
        return plan;
    }
    let with = if shared {
        format!(
            " (with the reports of all {} principals it reaches{})",
            reached.len(),
            if bounded.is_empty() { "" } else { " or bounds" }
        )
    } else {
        String::new()
    };
    let kept_note = kept_wildcards
        .map(|size| format!(" Wildcards that also cover used actions are kept as written: listing what remains would make it {size} characters, over IAM's {MANAGED_LIMIT}."))
        .unwrap_or_default();
    plan.after = r.document.as_ref().map(pretty);
    plan.action = match (&r.document, p.kind) {
        (None, PolicyKind::Inline | PolicyKind::GroupInline) => Action::Delete,
        (None, _) => Action::Detach,
        (Some(_), PolicyKind::AwsManaged) => Action::Replace,
        // A group's AWS managed policy: AWS refuses a new version of it too.
        (Some(_), _) if aws_managed || p.arn.as_deref().is_some_and(aws_managed_arn) => {
            Action::Replace
        }
        (Some(_), _) => Action::Edit,
    };
    plan.reason = match plan.action {
        Action::Delete => format!("Nothing it grants was used{with}: delete it."),
        Action::Detach => format!("Nothing it grants was used{with}: detach it."),
        Action::Replace => format!(
            "AWS managed policies cannot be edited: detach it and attach a customer managed policy with what was used{with}."
        ),
        _ => format!("Remove what was not used{with}."),
    };
    match (identity_center, p.kind) {
        (Some(set), PolicyKind::Inline | PolicyKind::AwsManaged) => {
            // Nothing runs in IAM; the document is the permission set's to be.
            let goes = match plan.action {
                Action::Delete => format!("Nothing it grants was used{with}: the permission set {set} needs no inline policy (aws sso-admin delete-inline-policy-from-permission-set)."),
                Action::Detach => format!("Nothing it grants was used{with}: take it out of the permission set {set} (aws sso-admin detach-managed-policy-from-permission-set)."),
                Action::Replace => format!("AWS managed policies cannot be edited, and the permission set {set} attaches this one: take it out of the permission set (aws sso-admin detach-managed-policy-from-permission-set) and give the permission set the document below, what was used{with}, instead: in its inline policy, beside what that keeps, or as a customer managed policy it references by name (aws sso-admin attach-customer-managed-policy-reference-to-permission-set: a policy of that name must exist in every account it is assigned to)."),
                _ => format!("Remove what was not used{with}: the document below is what the inline policy of the permission set {set} would become."),
            };
            plan.action = Action::PermissionSet;
            plan.reason = format!("{goes}{accounts_note} {}", identity_center_note(set));
        }
        // This account's customer managed policy: detaching it is a change
        // to the protected role.
        (Some(set), _) if plan.action == Action::Detach => {
            plan.action = Action::Skip;
            plan.after = Some(plan.before.clone());
            plan.removed.clear();
            plan.reasons.clear();
            plan.reason = format!(
                "Nothing it grants was used{with}, but IAM refuses to detach it from this role: take it out of the permission set {set} instead. {}",
                identity_center_note(set)
            );
            return plan;
        }
        (Some(set), _) => plan.reason.push_str(&format!(
            " The permission set {set} attaches a policy of this name in every account it is assigned to: this edits this account's copy only."
        )),
        (None, _) => {}
    }
    plan.reason.push_str(&kept_note);
    if p.arn.is_some() || p.kind == PolicyKind::AwsManaged {
        plan.over_limit = managed_over_limit(&mut plan.reason, &r.document);
    }
    if plan.action == Action::Edit {
        if let Some(m) = managed {
            if m.policy_version_list.len() >= 5 {
                plan.delete_version = m
                    .policy_version_list
                    .iter()
                    .filter(|v| !v.is_default_version)
                    .min_by_key(|v| v.create_date)
                    .and_then(|v| v.version_id.clone());
            }
        }
    }
    plan
}

/// Whether a managed policy's new document is over IAM's quota for one,
/// said in `reason` when it is.
fn managed_over_limit(reason: &mut String, document: &Option<Value>) -> bool {
    let Some(size) = document.as_ref().map(policy_size) else {
        return false;
    };
    if size <= MANAGED_LIMIT {
        return false;
    }
    reason.push_str(&format!(
        " Over the quota: {size} characters (white space not counted), over IAM's {MANAGED_LIMIT} for a managed policy."
    ));
    true
}

/// Where the rewritten document goes, in words (every document the app
/// proposes says where it goes).
pub fn placement(p: &PolicyPlan, principal: &str) -> String {
    let (kind, name) = principal_of(principal).unwrap_or(("principal", principal));
    let holder = match &p.group {
        Some(g) => format!("group {g} (through which {kind} {name} has it)"),
        None => format!("{kind} {name}"),
    };
    let arn = p.arn.as_deref().unwrap_or("");
    match p.action {
        Action::Keep => format!("Unchanged: {} stays as it is.", p.name),
        Action::Skip if service_linked_role(principal).is_some() => format!("Unchanged: {} belongs to a service-linked role, which IAM does not let anyone change.", p.name),
        Action::PermissionSet if p.kind == PolicyKind::AwsManaged => {
            let set = identity_center_role(principal).unwrap_or("of this role");
            match p.after {
                Some(_) => format!("Not on the role, which IAM does not let anyone change: in IAM Identity Center, in place of {arn} in the permission set {set} (aws sso-admin detach-managed-policy-from-permission-set; the document in the permission set's inline policy, or as a customer managed policy of the same name in every account it is assigned to, referenced with attach-customer-managed-policy-reference-to-permission-set; then aws sso-admin provision-permission-set). It applies in every account the permission set is assigned to."),
                None => format!("Not on the role, which IAM does not let anyone change: in IAM Identity Center, take {arn} out of the permission set {set} (aws sso-admin detach-managed-policy-from-permission-set, then provision-permission-set). It applies in every account the permission set is assigned to."),
            }
        }
        Action::PermissionSet => format!("Not on the role, which IAM does not let anyone change: in IAM Identity Center, as the inline policy of the permission set {} (aws sso-admin put-inline-policy-to-permission-set, or delete-inline-policy-from-permission-set when nothing is left; then aws sso-admin provision-permission-set). It applies in every account the permission set is assigned to.",
            identity_center_role(principal).unwrap_or("of this role")
        ),
        Action::Skip => match identity_center_role(principal) {
            Some(set) => format!("Unchanged here: {} belongs to a role IAM Identity Center provisions from the permission set {set}, which IAM does not let anyone change; change the permission set instead.", p.name),
            None => format!("Unchanged for now: {} reaches principals without a loaded report.", p.name),
        },
        Action::Edit if p.arn.is_none() => format!("Replaces the inline policy {} of {holder}.", p.name),
        Action::Edit => format!("A new default version of the managed policy {arn} (every principal it is attached to gets it)."),
        Action::Delete => format!("Delete the inline policy {} of {holder}.", p.name),
        Action::Detach => format!("Detach {arn} from {holder}."),
        Action::Replace => format!(
            "A new customer managed policy, attached to {holder} in place of the AWS managed {arn} (which stays for others)."
        ),
    }
}

/// `lastaccessed-rewrite.json`.
pub fn export_json(plans: &[PrincipalPlan], threshold_days: u32, reference: &str) -> String {
    export_json_with(plans, threshold_days, reference, None)
}

/// [`export_json`], with IAM Access Analyzer's recommendations for the same
/// principals beside the rewrite (entries with `"source": "access-analyzer"`;
/// the rewrite's own have `"source": "last-accessed"`).
pub fn export_json_with(
    plans: &[PrincipalPlan],
    threshold_days: u32,
    reference: &str,
    analyzer: Option<&super::analyzer::Analyzer>,
) -> String {
    // The plan keeps documents as the page shows them (pretty-printed text).
    let doc = |s: Option<&str>| {
        s.and_then(|t| serde_json::from_str::<Value>(t).ok())
            .unwrap_or(Value::Null)
    };
    let principals: Vec<Value> = plans
        .iter()
        .map(|pp| {
            let policies: Vec<Value> = pp
                .policies
                .iter()
                .map(|p| {
                    let mut o = json!({
                        "source": "last-accessed",
                        "kind": p.kind.id(),
                        "name": p.name,
                        "action": p.action.id(),
                        "reason": p.reason,
                        "before": doc(Some(&p.before)),
                        "after": if matches!(p.action, Action::Delete | Action::Detach) { Value::Null } else { doc(p.after.as_deref()) },
                        "removed": p.removed,
                    });
                    if let Some(a) = &p.arn {
                        o["arn"] = json!(a);
                    }
                    if let Some(g) = &p.group {
                        o["group"] = json!(g);
                    }
                    o
                })
                .chain(analyzer_entries(pp, analyzer))
                .collect();
            let mut o = json!({"arn": pp.arn, "policies": policies});
            if !pp.notes.is_empty() {
                o["notes"] = json!(pp.notes);
            }
            o
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "thresholdDays": threshold_days,
        "reference": reference,
        "principals": principals,
    }))
    .unwrap_or_default()
}

/// The analyzer's recommended steps for a principal, as export entries.
fn analyzer_entries(
    pp: &PrincipalPlan,
    analyzer: Option<&super::analyzer::Analyzer>,
) -> Vec<Value> {
    let Some(rec) = analyzer.and_then(|a| a.recommendation_for(&pp.arn)) else {
        return Vec::new();
    };
    rec.recommended_steps
        .iter()
        .filter_map(|s| s.unused_permissions_recommended_step.as_ref())
        .map(|s| {
            let id = s.existing_policy_id.clone().unwrap_or_default();
            // The policy it is about, as the rewrite knows it.
            let known = pp
                .policies
                .iter()
                .find(|p| p.arn.as_deref() == Some(id.as_str()) || (p.arn.is_none() && p.name == id));
            let after = s
                .recommended_policy
                .as_deref()
                .and_then(|p| serde_json::from_str::<Value>(p).ok())
                .unwrap_or(Value::Null);
            let mut o = json!({
                "source": "access-analyzer",
                "kind": known.map(|p| p.kind.id()).unwrap_or(if id.starts_with("arn:") { "managed" } else { "inline" }),
                "name": known.map(|p| p.name.clone()).unwrap_or_else(|| id.rsplit('/').next().unwrap_or(&id).to_string()),
                "action": match s.recommended_action.as_str() {
                    "DETACH_POLICY" => "detach",
                    _ => "edit",
                },
                "reason": format!(
                    "IAM Access Analyzer recommendation ({}): {}",
                    rec.status.as_deref().unwrap_or("unknown status").to_lowercase(),
                    s.recommended_action
                ),
                "before": known.and_then(|p| serde_json::from_str::<Value>(&p.before).ok()).unwrap_or(Value::Null),
                "after": after,
                "removed": [],
            });
            if id.starts_with("arn:") {
                o["arn"] = json!(id);
            }
            o
        })
        .collect()
}

/// One comment line of a script, whatever `text` holds: a line break in a
/// name read from a file (IAM allows none, a crafted file can hold one)
/// would otherwise end the comment and run the rest as a command.
fn comment(text: &str) -> String {
    format!("# {}\n", text.replace(['\n', '\r'], " "))
}

/// A word safe in a POSIX shell: single-quoted.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn compact(doc: &str) -> String {
    serde_json::from_str::<Value>(doc)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| doc.to_string())
}

/// The target of a policy command: the principal's kind, its name option.
fn target(principal: &str) -> Option<(&'static str, String)> {
    let (kind, name) = principal_of(principal)?;
    Some(match kind {
        "role" => ("role", format!("--role-name {}", sh(name))),
        "user" => ("user", format!("--user-name {}", sh(name))),
        _ => ("group", format!("--group-name {}", sh(name))),
    })
}

/// The name and ARN of the customer managed policy that replaces an AWS
/// managed one.
fn replacement(p: &PolicyPlan, principal: &str) -> (String, String) {
    // Named by who holds it: the group, for a group's policy.
    let who = match &p.group {
        Some(g) => g.as_str(),
        None => principal_of(principal)
            .map(|(_, n)| n)
            .unwrap_or("principal"),
    };
    let mut s = format!("lastaccessed-{}-{}", p.name, who);
    s.retain(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c));
    let name: String = s.chars().take(128).collect();
    let arn = format!(
        "arn:aws:iam::{}:policy/{name}",
        account_or_placeholder(principal)
    );
    (name, arn)
}

/// Who holds a planned policy, as a command target: the principal, or the
/// group it has the policy through.
fn holder(pp: &PrincipalPlan, p: &PolicyPlan) -> Option<(&'static str, String)> {
    let arn = p
        .group
        .as_ref()
        .map(|g| format!("arn:aws:iam::{}:group/{g}", account_or_placeholder(&pp.arn)))
        .unwrap_or_else(|| pp.arn.clone());
    target(&arn)
}

/// `aws iam attach-role-policy --role-name … --policy-arn …` and its twins.
fn attachment(verb: &str, kind: &str, who: &str, arn: &str) -> String {
    format!(
        "aws iam {verb}-{kind}-policy {who} --policy-arn {}\n",
        sh(arn)
    )
}

/// `aws iam put-role-policy …` and its twins.
fn put_inline(kind: &str, who: &str, name: &str, doc: &str) -> String {
    format!(
        "aws iam put-{kind}-policy {who} --policy-name {} --policy-document {}\n",
        sh(name),
        sh(doc)
    )
}

/// What one change touches, to run it once: a customer managed policy's
/// new version is the policy's (whoever it reaches); a permission set's
/// change is the permission set's (its roles in every account are one);
/// any other change is the holder's (a group's policy reached through two
/// members is one).
fn change_key(account: &str, kind: &str, who: &str, p: &PolicyPlan) -> (String, String, String) {
    match (&p.arn, p.action) {
        // A policy's ARN names its account.
        (Some(arn), Action::Edit) => ("policy".into(), arn.clone(), String::new()),
        // A permission set is one for every account it is assigned to.
        (_, Action::PermissionSet) => (
            "permission-set".into(),
            principal_of(who).map(|(_, n)| n).unwrap_or(who).into(),
            p.name.clone(),
        ),
        // A principal's or group's name is its account's.
        _ => (format!("{account} {kind}"), who.into(), p.name.clone()),
    }
}

/// The IAM Identity Center commands of a permission set's change (or, with
/// `undo`, of going back), as comments: IAM refuses them on the role, and
/// they need the permission set's ARNs, which IAM's data does not hold.
/// Each permission set is provisioned once, after all its changes
/// ([`provision_steps`]).
fn permission_set_steps(p: &PolicyPlan, principal: &str, undo: bool) -> String {
    let set = identity_center_role(principal).unwrap_or("of this role");
    let arn = sh(p.arn.as_deref().unwrap_or_default());
    let managed = |command: &str| {
        format!("aws sso-admin {command} {PERMISSION_SET} --managed-policy-arn {arn}")
    };
    let put = |doc: &str| {
        format!(
            "aws sso-admin put-inline-policy-to-permission-set {PERMISSION_SET} --inline-policy {}",
            sh(&compact(doc))
        )
    };
    let steps = match (p.kind, &p.after, undo) {
        (PolicyKind::AwsManaged, _, true) => vec![managed("attach-managed-policy-to-permission-set")],
        // What was used first: no moment without the kept permissions.
        (PolicyKind::AwsManaged, Some(after), false) => vec![
            format!("first, what was used: in the permission set's inline policy (put-inline-policy-to-permission-set replaces it: merge this with what it keeps), or as a customer managed policy of one name in every account it is assigned to, referenced with attach-customer-managed-policy-reference-to-permission-set: {}", compact(after)),
            managed("detach-managed-policy-from-permission-set"),
        ],
        (PolicyKind::AwsManaged, None, false) => vec![managed("detach-managed-policy-from-permission-set")],
        (_, _, true) => vec![put(&p.before)],
        (_, Some(after), false) => vec![put(after)],
        (_, None, false) => vec![format!(
            "aws sso-admin delete-inline-policy-from-permission-set {PERMISSION_SET}"
        )],
    };
    let mut out = comment(&format!(
        "not run: IAM refuses changes to this role. In IAM Identity Center (the management account, or its delegated administrator), with INSTANCE_ARN and PERMISSION_SET_ARN those of the permission set {set}:"
    ));
    for step in steps {
        out.push_str(&comment(&format!("  {step}")));
    }
    out
}

/// The options naming a permission set in `aws sso-admin` commands, from
/// the variables the scripts' comments ask the user to set.
const PERMISSION_SET: &str =
    "--instance-arn \"$INSTANCE_ARN\" --permission-set-arn \"$PERMISSION_SET_ARN\"";

/// The permission sets changed, each provisioned once after its changes
/// (a provisioning still running refuses the next one), as comments.
fn provision_steps(sets: &BTreeSet<String>) -> String {
    let mut out = String::new();
    for set in sets {
        out.push('\n');
        out.push_str(&comment(&format!(
            "IAM Identity Center, after the changes above: provision the permission set {set} in every account it is assigned to (with its INSTANCE_ARN and PERMISSION_SET_ARN):"
        )));
        out.push_str(&comment(&format!(
            "  aws sso-admin provision-permission-set {PERMISSION_SET} --target-type ALL_PROVISIONED_ACCOUNTS"
        )));
    }
    out
}

/// The plans by their principals' account, in the order met (a principal
/// with no account in its ARN under the placeholder).
fn by_account(plans: &[PrincipalPlan]) -> Vec<(String, Vec<&PrincipalPlan>)> {
    let mut out: Vec<(String, Vec<&PrincipalPlan>)> = Vec::new();
    for pp in plans {
        let account = account_or_placeholder(&pp.arn);
        match out.iter_mut().find(|(a, _)| a == account) {
            Some((_, list)) => list.push(pp),
            None => out.push((account.to_string(), vec![pp])),
        }
    }
    out
}

/// A script's first step: the caller's account, and a stop when the script
/// has nothing for it. IAM's commands name a role, user or group by name,
/// so run in another account they would change its principals of the same
/// names; each account's commands run only with that account's
/// credentials ([`account_block`]).
fn account_guard(accounts: &[(String, Vec<&PrincipalPlan>)]) -> String {
    let ids: Vec<&str> = accounts.iter().map(|(a, _)| a.as_str()).collect();
    format!(
        "ACCOUNT=$(aws sts get-caller-identity --query Account --output text)\n\
         case \"$ACCOUNT\" in\n  {}) ;;\n  *) echo \"lastaccessed: these changes are for account {}, not $ACCOUNT: run this with that account's credentials\" >&2; exit 1 ;;\nesac\n",
        if ids.is_empty() { "''".to_string() } else { ids.iter().map(|a| sh(a)).collect::<Vec<_>>().join("|") },
        ids.join(", ")
    )
}

/// The start of one account's commands: they run only in that account.
fn account_block(account: &str) -> String {
    format!(
        "\n# Account {account}\nif [ \"$ACCOUNT\" = {} ]; then\n",
        sh(account)
    )
}

/// One change of a script: a policy of a principal's plan, and who holds
/// it as a command target ([`holder`]).
struct Change<'a> {
    plan: &'a PrincipalPlan,
    policy: &'a PolicyPlan,
    kind: &'static str,
    who: String,
}

/// A script's body: the account check ([`account_guard`]), then each
/// account's block ([`account_block`]) with `each` written for every
/// policy of its principals' plans, a change reached through several
/// principals once (with `changes_only`, none for a policy the plan leaves
/// as it is); then, outside every account's block, the permission sets'
/// changes, made in IAM Identity Center once for all their accounts.
fn per_account(
    out: &mut String,
    plans: &[PrincipalPlan],
    changes_only: bool,
    mut each: impl FnMut(&mut String, Change),
) {
    let accounts = by_account(plans);
    out.push_str(&account_guard(&accounts));
    let mut seen = BTreeSet::new();
    let mut sets = Vec::new();
    for (account, plans) in &accounts {
        out.push_str(&account_block(account));
        for pp in plans {
            for p in &pp.policies {
                let Some((kind, who)) = holder(pp, p) else {
                    continue;
                };
                let unchanged = matches!(p.action, Action::Keep | Action::Skip) || p.over_limit;
                if (changes_only && unchanged) || !seen.insert(change_key(account, kind, &who, p)) {
                    continue;
                }
                let change = Change {
                    plan: pp,
                    policy: p,
                    kind,
                    who,
                };
                match p.action {
                    Action::PermissionSet => sets.push(change),
                    _ => each(out, change),
                }
            }
        }
        out.push_str("fi\n");
    }
    if !sets.is_empty() {
        out.push_str("\n# IAM Identity Center: the permission sets' changes, each once for every account it is assigned to (none of it runs here)\n");
    }
    for change in sets {
        each(out, change);
    }
}

/// What applies the plan: AWS CLI commands, one block per policy, with the
/// reason as a comment. Group policies are changed on the group; a change
/// reached through several principals is made once.
pub fn apply_script(plans: &[PrincipalPlan]) -> String {
    let mut out = String::from(
        "#!/bin/sh\n# Apply lastaccessed's rewrite. Review every command, and keep the rollback script.\n",
    );
    // What a principal's evidence says of its whole plan (a report too old,
    // a principal too young), before any command.
    for pp in plans {
        for n in &pp.notes {
            out.push_str(&comment(&format!("{}: {n}", pp.arn)));
        }
    }
    out.push_str("set -eu\n");
    let mut sets = BTreeSet::new();
    per_account(&mut out, plans, false, |out, c| {
        let (pp, p, kind, who) = (c.plan, c.policy, c.kind, c.who.as_str());
        if let (Action::PermissionSet, false, Some(set)) =
            (p.action, p.over_limit, identity_center_role(&pp.arn))
        {
            sets.insert(set.to_string());
        }
        out.push('\n');
        out.push_str(&comment(&format!(
            "{} {} ({}): {}",
            p.action.id(),
            p.name,
            p.kind.id(),
            p.reason
        )));
        let after = p.after.as_deref().map(compact).unwrap_or_default();
        let arn = p.arn.clone().unwrap_or_default();
        match p.action {
            Action::Keep | Action::Skip => out.push_str("# nothing to run\n"),
            _ if p.over_limit => {
                out.push_str("# not run: over IAM's size quota (see the reason)\n")
            }
            Action::PermissionSet => out.push_str(&permission_set_steps(p, &pp.arn, false)),
            Action::Edit if p.arn.is_none() => {
                out.push_str(&put_inline(kind, who, &p.name, &after))
            }
            Action::Edit => {
                if let Some(v) = &p.delete_version {
                    out.push_str(&format!(
                        "aws iam delete-policy-version --policy-arn {} --version-id {}\n",
                        sh(&arn),
                        sh(v)
                    ));
                }
                out.push_str(&format!(
                    "aws iam create-policy-version --policy-arn {} --policy-document {} --set-as-default\n",
                    sh(&arn),
                    sh(&after)
                ));
            }
            Action::Delete => out.push_str(&format!(
                "aws iam delete-{kind}-policy {who} --policy-name {}\n",
                sh(&p.name)
            )),
            Action::Detach => out.push_str(&attachment("detach", kind, who, &arn)),
            Action::Replace => {
                let (name, new_arn) = replacement(p, &pp.arn);
                out.push_str(&format!(
                    "aws iam create-policy --policy-name {} --policy-document {}\n",
                    sh(&name),
                    sh(&after)
                ));
                // The new one first: no moment without the kept permissions.
                out.push_str(&attachment("attach", kind, who, &new_arn));
                out.push_str(&attachment("detach", kind, who, &arn));
            }
        }
    });
    out.push_str(&provision_steps(&sets));
    out
}

/// What undoes the apply script, policy by policy.
pub fn rollback_script(plans: &[PrincipalPlan]) -> String {
    let mut out = String::from(
        "#!/bin/sh\n# Undo lastaccessed's rewrite (run after the apply script).\nset -eu\n",
    );
    let mut sets = BTreeSet::new();
    per_account(&mut out, plans, true, |out, c| {
        let (pp, p, kind, who) = (c.plan, c.policy, c.kind, c.who.as_str());
        out.push('\n');
        out.push_str(&comment(&format!("undo: {} {}", p.action.id(), p.name)));
        let arn = p.arn.clone().unwrap_or_default();
        match p.action {
            Action::PermissionSet => {
                out.push_str(&permission_set_steps(p, &pp.arn, true));
                sets.extend(identity_center_role(&pp.arn).map(str::to_string));
            }
            Action::Edit | Action::Delete if p.arn.is_none() => {
                out.push_str(&put_inline(kind, who, &p.name, &compact(&p.before)))
            }
            Action::Edit => out.push_str(&format!(
                "aws iam set-default-policy-version --policy-arn {} --version-id {}\n",
                sh(&arn),
                sh(p.default_version.as_deref().unwrap_or("v1"))
            )),
            Action::Detach => out.push_str(&attachment("attach", kind, who, &arn)),
            Action::Replace => {
                let (_, new_arn) = replacement(p, &pp.arn);
                out.push_str(&attachment("attach", kind, who, &arn));
                out.push_str(&attachment("detach", kind, who, &new_arn));
                out.push_str(&format!(
                    "aws iam delete-policy --policy-arn {}\n",
                    sh(&new_arn)
                ));
            }
            _ => {}
        }
    });
    out.push_str(&provision_steps(&sets));
    out
}
