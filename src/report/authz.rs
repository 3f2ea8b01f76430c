//! The account's policies: `aws iam get-account-authorization-details` in
//! every form people save it (AWS CLI JSON with documents as objects; boto3
//! `json.dump(resp, default=str)`; the raw API form where each document is a
//! URL-encoded JSON string; several pages, `IsTruncated`/`Marker`), and the
//! single documents of `get-role-policy` / `get-user-policy` /
//! `get-group-policy` / `get-policy-version`.
//!
//! Policy documents are kept as JSON values (what the rewrite must keep
//! unchanged is whatever the user's document says); [`statements`] reads
//! the parts the analysis needs.
//!
//! ```
//! use lastaccessed::report::authz::{parse_authz, Effect};
//! let text = br#"{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::1:role/r",
//!   "RolePolicyList": [{"PolicyName": "p", "PolicyDocument":
//!   "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D"}]}],
//!   "UserDetailList": [], "GroupDetailList": [], "Policies": [], "IsTruncated": false}"#;
//! let page = parse_authz(text).unwrap().unwrap();
//! let doc = &page.roles[0].role_policy_list[0].policy_document;
//! let st = lastaccessed::report::authz::statements(&doc.0);
//! assert_eq!(st[0].effect, Effect::Allow);
//! assert_eq!(st[0].action.as_deref(), Some(&["s3:*".to_string()][..]));
//! ```

use chrono::{DateTime, Utc};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::time;

/// A policy document, decoded from whichever form it came in. Between the
/// workers (bincode, which cannot carry a JSON value) it travels as JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document(pub Value);

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            self.0.serialize(s)
        } else {
            s.serialize_str(&self.0.to_string())
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            let text = String::deserialize(d)?;
            return serde_json::from_str(&text)
                .map(Document)
                .map_err(serde::de::Error::custom);
        }
        let v = Value::deserialize(d)?;
        match v {
            Value::String(s) => decode_document(&s)
                .map(Document)
                .map_err(serde::de::Error::custom),
            Value::Object(_) => Ok(Document(v)),
            other => Err(serde::de::Error::custom(format!(
                "a policy document is a JSON object or a string, not {other}"
            ))),
        }
    }
}

/// A document sent as a string: JSON, or JSON URL-encoded (as IAM sends it).
pub fn decode_document(s: &str) -> Result<Value, String> {
    if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(s) {
        return Ok(v);
    }
    let decoded = percent_decode_str(s)
        .decode_utf8()
        .map_err(|_| "the policy document is not URL-encoded UTF-8".to_string())?;
    match serde_json::from_str::<Value>(&decoded) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err("the policy document is not a JSON object".into()),
        Err(e) => Err(format!("the policy document is not JSON: {e}")),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: Document,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

/// A user's or role's permissions boundary (`PermissionsBoundary`): the
/// managed policy that caps what its policies grant.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Boundary {
    /// (Empty when missing: read as no boundary, the rest of the details kept.)
    #[serde(default)]
    pub permissions_boundary_arn: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDetail {
    pub user_name: String,
    pub arn: String,
    #[serde(default)]
    pub user_policy_list: Vec<InlinePolicy>,
    #[serde(default)]
    pub group_list: Vec<String>,
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(default)]
    pub permissions_boundary: Option<Boundary>,
    /// When it was created (`CreateDate`): how long its report can have
    /// seen it use anything.
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub create_date: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDetail {
    pub group_name: String,
    pub arn: String,
    #[serde(default)]
    pub group_policy_list: Vec<InlinePolicy>,
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    /// When it was created (`CreateDate`): how long its report can have
    /// seen it use anything.
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub create_date: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleDetail {
    pub role_name: String,
    pub arn: String,
    #[serde(default)]
    pub role_policy_list: Vec<InlinePolicy>,
    #[serde(default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(default)]
    pub permissions_boundary: Option<Boundary>,
    /// When the role was last assumed (IAM's own record, kept 400 days).
    #[serde(default)]
    pub role_last_used: Option<RoleLastUsed>,
    /// When it was created (`CreateDate`): how long its report can have
    /// seen it use anything.
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub create_date: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleLastUsed {
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub last_used_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersion {
    pub document: Document,
    #[serde(default)]
    pub version_id: Option<String>,
    #[serde(default)]
    pub is_default_version: bool,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub create_date: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    pub policy_name: String,
    pub arn: String,
    #[serde(default)]
    pub default_version_id: Option<String>,
    /// The users, groups and roles it is attached to, in its account.
    #[serde(default)]
    pub attachment_count: Option<u64>,
    /// The users and roles whose permissions boundary it is.
    #[serde(default)]
    pub permissions_boundary_usage_count: Option<u64>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::wire_opt::serialize"
    )]
    pub update_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub policy_version_list: Vec<PolicyVersion>,
}

impl ManagedPolicy {
    /// The default version's document.
    pub fn document(&self) -> Option<&Document> {
        self.policy_version_list
            .iter()
            .find(|v| v.is_default_version)
            .or_else(|| {
                self.policy_version_list
                    .iter()
                    .find(|v| v.version_id.is_some() && v.version_id == self.default_version_id)
            })
            .map(|v| &v.document)
    }

    /// AWS managed (never edited; replaced by a customer managed copy).
    pub fn is_aws_managed(&self) -> bool {
        aws_managed_arn(&self.arn)
    }
}

/// Whether a managed policy's ARN is an AWS managed policy's (in any
/// partition: `arn:aws-us-gov:iam::aws:policy/…` too).
pub fn aws_managed_arn(arn: &str) -> bool {
    arn.contains(":iam::aws:policy/")
}

/// One page of `get-account-authorization-details`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthzPage {
    #[serde(default, rename = "UserDetailList")]
    pub users: Vec<UserDetail>,
    #[serde(default, rename = "GroupDetailList")]
    pub groups: Vec<GroupDetail>,
    #[serde(default, rename = "RoleDetailList")]
    pub roles: Vec<RoleDetail>,
    #[serde(default)]
    pub policies: Vec<ManagedPolicy>,
    #[serde(default)]
    pub is_truncated: bool,
    #[serde(default)]
    pub marker: Option<String>,
}

/// A principal ARN's kind and name (`role`, `data-pipeline`).
pub fn principal_of(arn: &str) -> Option<(&str, &str)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let (kind, rest) = resource.split_once('/')?;
    let name = rest.rsplit('/').next()?;
    matches!(kind, "role" | "user" | "group").then_some((kind, name))
}

/// The name of a service-linked role, when `arn` is one: its path starts
/// with `/aws-service-role/`, or (a role named by its folder, no path) its
/// name with `AWSServiceRoleFor`, as every service-linked role's does.
/// Its permissions are the owning service's: IAM refuses to change them.
///
/// ```
/// use lastaccessed::report::authz::service_linked_role;
/// let slr = "arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport";
/// assert_eq!(service_linked_role(slr), Some("AWSServiceRoleForSupport"));
/// assert_eq!(service_linked_role("arn:aws:iam::111122223333:role/AWSServiceRoleForSupport"), Some("AWSServiceRoleForSupport"));
/// assert_eq!(service_linked_role("arn:aws:iam::111122223333:role/ci-deployer"), None);
/// assert_eq!(service_linked_role("arn:aws:iam::111122223333:user/AWSServiceRoleForX"), None);
/// // Another path says it is not one, whatever its name.
/// assert_eq!(service_linked_role("arn:aws:iam::111122223333:role/team/AWSServiceRoleForX"), None);
/// ```
pub fn service_linked_role(arn: &str) -> Option<&str> {
    let (path, name) = role_path_and_name(arn)?;
    (path.starts_with("/aws-service-role/")
        || (path == "/" && name.starts_with("AWSServiceRoleFor")))
    .then_some(name)
}

/// A role ARN's IAM path (`/` when it has none, as a role named by its
/// folder) and name; `None` for any other ARN.
fn role_path_and_name(arn: &str) -> Option<(&str, &str)> {
    let (kind, name) = principal_of(arn)?;
    let resource = arn.splitn(6, ':').nth(5)?;
    let path = resource.strip_prefix("role")?.strip_suffix(name)?;
    (kind == "role").then_some((path, name))
}

/// What the app says instead of a rewrite or a suggestion for a
/// service-linked role (`name`).
pub fn service_linked_note(name: &str) -> String {
    format!(
        "{name} is a service-linked role: its permissions are set by the AWS service that owns it, and IAM refuses to change them (its policies cannot be edited, attached or detached, nor a permissions boundary set: UnmodifiableEntity); SCPs do not apply to it either. If the service no longer needs it, delete the role: aws iam delete-service-linked-role --role-name {name}"
    )
}

/// The permission set (its name) of a role IAM Identity Center provisions
/// in an account (`AWSReservedSSO_<permission set>_<suffix>`, under the path
/// `/aws-reserved/sso.amazonaws.com/`, or named so without a path). IAM
/// refuses changes to it (a protected role): its permissions are changed in
/// the permission set, in IAM Identity Center.
///
/// ```
/// use lastaccessed::report::authz::identity_center_role;
/// let arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Data_Admin_0123456789abcdef";
/// assert_eq!(identity_center_role(arn), Some("Data_Admin"));
/// assert_eq!(identity_center_role("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210"), Some("ReadOnly"));
/// assert_eq!(identity_center_role("arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly_fedcba9876543210"), Some("ReadOnly"));
/// // Another path, another kind, or no suffix: not one.
/// assert_eq!(identity_center_role("arn:aws:iam::111122223333:role/team/AWSReservedSSO_ReadOnly_fedcba9876543210"), None);
/// assert_eq!(identity_center_role("arn:aws:iam::111122223333:user/AWSReservedSSO_ReadOnly_fedcba9876543210"), None);
/// assert_eq!(identity_center_role("arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly"), None);
/// ```
pub fn identity_center_role(arn: &str) -> Option<&str> {
    let (path, name) = role_path_and_name(arn)?;
    if !(path == "/" || path.starts_with("/aws-reserved/sso.amazonaws.com/")) {
        return None;
    }
    let (set, suffix) = name.strip_prefix("AWSReservedSSO_")?.rsplit_once('_')?;
    (!set.is_empty() && !suffix.is_empty()).then_some(set)
}

/// What the app says instead of a rewrite of a role IAM Identity Center
/// provisions from the permission set `set`.
pub fn identity_center_note(set: &str) -> String {
    format!(
        "This role is provisioned by IAM Identity Center from the permission set {set}: IAM refuses changes to it (\"Cannot perform the operation on the protected role\"). Change the permission set instead, in IAM Identity Center (its inline policy: aws sso-admin put-inline-policy-to-permission-set; its managed policies: aws sso-admin detach-managed-policy-from-permission-set), then provision it again (aws sso-admin provision-permission-set). The permission set is the same in every account it is assigned to: what this account's report proves unused may be used in another, so read their reports too."
    )
}

/// Whether two ARNs name the same role, user or group: same account, kind
/// and name, whatever the IAM path (names are unique per account and kind;
/// a principal named by its folder has no path).
///
/// ```
/// use lastaccessed::report::authz::same_principal;
/// assert!(same_principal("arn:aws:iam::111122223333:group/devs", "arn:aws:iam::111122223333:group/eng/devs"));
/// assert!(!same_principal("arn:aws:iam::111122223333:group/devs", "arn:aws:iam::999999999999:group/devs"));
/// assert!(!same_principal("arn:aws:iam::111122223333:role/devs", "arn:aws:iam::111122223333:group/devs"));
/// ```
pub fn same_principal(a: &str, b: &str) -> bool {
    // Different names are different principals: the common case, decided
    // without reading the rest (an account's plans compare thousands of
    // ARNs with thousands).
    a == b
        || (a.rsplit('/').next() == b.rsplit('/').next()
            && principal_parts(a).is_some_and(|k| principal_parts(b) == Some(k)))
}

/// The account of an ARN (its fifth field).
///
/// ```
/// use lastaccessed::report::authz::account_of;
/// assert_eq!(account_of("arn:aws:iam::111122223333:role/r"), Some("111122223333"));
/// assert_eq!(account_of("not an arn"), None);
/// ```
pub fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4)
}

/// Whether the group `group_arn` can hold the principal `arn`: they are of
/// one account, or the group's is not known (a group named alone, by a
/// single `get-group-policy`). A group name is unique in its account only.
///
/// ```
/// use lastaccessed::report::authz::in_group_account;
/// let devs = "arn:aws:iam::111122223333:group/devs";
/// assert!(in_group_account(devs, "arn:aws:iam::111122223333:user/ana"));
/// assert!(!in_group_account(devs, "arn:aws:iam::444455556666:user/bo"));
/// assert!(in_group_account("", "arn:aws:iam::444455556666:user/bo"));
/// ```
pub fn in_group_account(group_arn: &str, arn: &str) -> bool {
    account_of(group_arn).is_none_or(|a| account_of(arn) == Some(a))
}

/// Whether `s` is an AWS account ID: 12 digits.
///
/// ```
/// use lastaccessed::report::authz::is_account_id;
/// assert!(is_account_id("111122223333"));
/// assert!(!is_account_id("11112222333") && !is_account_id("aws") && !is_account_id("1111222233334"));
/// ```
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// (account, kind, name) of a role, user or group ARN, borrowed.
fn principal_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let account = account_of(arn)?;
    let (kind, name) = principal_of(arn)?;
    Some((account, kind, name))
}

/// What names a role, user or group whatever its IAM path:
/// `account:kind/name` (`None` for any other ARN). Two ARNs are
/// [`same_principal`] when their keys are equal.
///
/// ```
/// use lastaccessed::report::authz::principal_key;
/// assert_eq!(principal_key("arn:aws:iam::111122223333:group/eng/devs").as_deref(), Some("111122223333:group/devs"));
/// assert_eq!(principal_key("arn:aws:iam::aws:policy/ReadOnlyAccess"), None);
/// ```
pub fn principal_key(arn: &str) -> Option<String> {
    principal_parts(arn).map(|(account, kind, name)| format!("{account}:{kind}/{name}"))
}

/// Whether a JSON object is a page of authorization details, or one inline
/// policy as `get-role-policy` / `get-user-policy` / `get-group-policy`
/// print it.
pub fn is_authz(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        ["UserDetailList", "GroupDetailList", "RoleDetailList"]
            .iter()
            .any(|k| o.get(*k).is_some_and(Value::is_array))
            || (o.contains_key("PolicyName")
                && o.contains_key("PolicyDocument")
                && ["RoleName", "UserName", "GroupName"]
                    .iter()
                    .any(|k| o.get(*k).is_some_and(Value::is_string)))
    })
}

/// `get-role-policy` / `get-user-policy` / `get-group-policy` output.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SinglePolicy {
    role_name: Option<String>,
    user_name: Option<String>,
    group_name: Option<String>,
    policy_name: String,
    policy_document: Document,
}

/// Read a value [`is_authz`] accepted. A single inline policy becomes a page
/// holding its principal by name alone (the output has no ARN): it is
/// matched to a report's principal by kind and name.
pub fn from_value(v: Value) -> Result<AuthzPage, String> {
    let single = v.get("PolicyDocument").is_some();
    if !single {
        return serde_path_to_error::deserialize(v)
            .map_err(|e| format!("{} (at {})", e.inner(), e.path()));
    }
    let s: SinglePolicy = serde_path_to_error::deserialize(v)
        .map_err(|e| format!("{} (at {})", e.inner(), e.path()))?;
    let policy = vec![InlinePolicy {
        policy_name: s.policy_name,
        policy_document: s.policy_document,
    }];
    let mut page = AuthzPage {
        users: Vec::new(),
        groups: Vec::new(),
        roles: Vec::new(),
        policies: Vec::new(),
        is_truncated: false,
        marker: None,
    };
    match (s.role_name, s.user_name, s.group_name) {
        (Some(role_name), _, _) => page.roles.push(RoleDetail {
            role_name,
            arn: String::new(),
            role_policy_list: policy,
            attached_managed_policies: Vec::new(),
            permissions_boundary: None,
            role_last_used: None,
            create_date: None,
        }),
        (_, Some(user_name), _) => page.users.push(UserDetail {
            user_name,
            arn: String::new(),
            user_policy_list: policy,
            group_list: Vec::new(),
            attached_managed_policies: Vec::new(),
            permissions_boundary: None,
            create_date: None,
        }),
        (_, _, Some(group_name)) => page.groups.push(GroupDetail {
            group_name,
            arn: String::new(),
            group_policy_list: policy,
            attached_managed_policies: Vec::new(),
            create_date: None,
        }),
        _ => return Err("the policy names no role, user or group".into()),
    }
    Ok(page)
}

/// A page of authorization details, or `None` when the JSON is something else.
pub fn parse_authz(bytes: &[u8]) -> Result<Option<AuthzPage>, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if !is_authz(&v) {
        return Ok(None);
    }
    from_value(v).map(Some)
}

/// Every page of one account, merged: the same principal or policy in two
/// pages is kept once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Authz {
    pub users: Vec<UserDetail>,
    pub groups: Vec<GroupDetail>,
    pub roles: Vec<RoleDetail>,
    pub policies: Vec<ManagedPolicy>,
    pub pages: usize,
    /// A page said more exist and none came after it.
    pub truncated: bool,
}

/// A permissions boundary's policy ARN (`None` without one, or without its
/// ARN).
fn boundary_arn(b: &Option<Boundary>) -> Option<&str> {
    b.as_ref()
        .map(|b| b.permissions_boundary_arn.as_str())
        .filter(|arn| !arn.is_empty())
}

/// What authorization details hold of one principal ([`Authz::held`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held<'a> {
    /// Its ARN as they give it.
    pub arn: &'a str,
    /// When it was created (`CreateDate`).
    pub created: Option<DateTime<Utc>>,
    /// Its permissions boundary's ARN.
    pub boundary: Option<&'a str>,
    /// A role's `RoleLastUsed` date.
    pub last_used: Option<DateTime<Utc>>,
}

impl Authz {
    pub fn merge<'a>(pages: impl IntoIterator<Item = &'a AuthzPage>) -> Authz {
        // Principals by ARN; those known by name alone (single policies) by
        // name, their inline policies gathered.
        fn add<T: Clone>(to: &mut Vec<T>, from: &[T], key: impl Fn(&T) -> String) {
            for x in from {
                if !to.iter().any(|y| key(y) == key(x)) {
                    to.push(x.clone());
                }
            }
        }
        let mut a = Authz::default();
        let mut truncated = 0;
        for p in pages {
            let by = |arn: &str, name: &str, policy: Option<&str>| match arn {
                "" => format!("name:{name}:{}", policy.unwrap_or("")),
                arn => arn.to_string(),
            };
            add(&mut a.users, &p.users, |u| {
                by(
                    &u.arn,
                    &u.user_name,
                    u.user_policy_list.first().map(|x| x.policy_name.as_str()),
                )
            });
            add(&mut a.groups, &p.groups, |g| {
                by(
                    &g.arn,
                    &g.group_name,
                    g.group_policy_list.first().map(|x| x.policy_name.as_str()),
                )
            });
            add(&mut a.roles, &p.roles, |r| {
                by(
                    &r.arn,
                    &r.role_name,
                    r.role_policy_list.first().map(|x| x.policy_name.as_str()),
                )
            });
            add(&mut a.policies, &p.policies, |m| m.arn.clone());
            a.pages += 1;
            if p.is_truncated {
                truncated += 1;
            }
        }
        // Each truncated page has a next page: pages - 1 of them can be.
        a.truncated = truncated >= a.pages;
        a
    }

    pub fn policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.policies.iter().find(|p| p.arn == arn)
    }

    /// What these details hold of `principal` (a role, user or group ARN,
    /// whatever its path), read in one pass: its ARN as they give it is
    /// with its IAM path, where `principal` was named by its files and
    /// shows none.
    ///
    /// ```
    /// use lastaccessed::report::authz::{parse_authz, Authz};
    /// let page = parse_authz(br#"{"RoleDetailList": [{"RoleName": "ci", "Path": "/team/",
    ///     "Arn": "arn:aws:iam::111122223333:role/team/ci"}]}"#).unwrap().unwrap();
    /// let authz = Authz::merge([&page]);
    /// let arn_of = |p| authz.held(p).map(|h| h.arn);
    /// assert_eq!(arn_of("arn:aws:iam::111122223333:role/ci"), Some("arn:aws:iam::111122223333:role/team/ci"));
    /// assert_eq!(arn_of("arn:aws:iam::111122223333:role/other"), None);
    /// ```
    pub fn held(&self, principal: &str) -> Option<Held<'_>> {
        let me = |arn: &str| !arn.is_empty() && same_principal(arn, principal);
        let role = self.roles.iter().find(|r| me(&r.arn)).map(|r| Held {
            arn: &r.arn,
            created: r.create_date,
            boundary: boundary_arn(&r.permissions_boundary),
            last_used: r.role_last_used.as_ref().and_then(|u| u.last_used_date),
        });
        let user = || {
            self.users.iter().find(|u| me(&u.arn)).map(|u| Held {
                arn: &u.arn,
                created: u.create_date,
                boundary: boundary_arn(&u.permissions_boundary),
                last_used: None,
            })
        };
        let group = || {
            self.groups.iter().find(|g| me(&g.arn)).map(|g| Held {
                arn: &g.arn,
                created: g.create_date,
                boundary: None,
                last_used: None,
            })
        };
        role.or_else(user).or_else(group)
    }

    /// When `principal` (a role, user or group ARN) was created, if these
    /// details hold it with its `CreateDate`.
    pub fn created(&self, principal: &str) -> Option<DateTime<Utc>> {
        self.held(principal).and_then(|h| h.created)
    }

    /// The managed policy that is `principal`'s permissions boundary (a user
    /// or role), when these details hold it with one.
    pub fn boundary_of(&self, principal: &str) -> Option<&str> {
        self.held(principal).and_then(|h| h.boundary)
    }

    /// The users and roles whose permissions boundary is the managed policy
    /// `arn`.
    pub fn bounded_by(&self, arn: &str) -> Vec<&str> {
        self.boundaries()
            .filter(|(b, _)| *b == arn)
            .map(|(_, p)| p)
            .collect()
    }

    /// Every (permissions boundary, user or role it bounds), roles first.
    pub fn boundaries(&self) -> impl Iterator<Item = (&str, &str)> {
        let roles = (self.roles.iter()).map(|r| (&r.permissions_boundary, r.arn.as_str()));
        let users = (self.users.iter()).map(|u| (&u.permissions_boundary, u.arn.as_str()));
        roles
            .chain(users)
            .filter_map(|(b, arn)| Some((boundary_arn(b)?, arn)))
    }

    /// The group `name` of `account` (a name is unique in its account
    /// only: details of several accounts can hold one each), else one of
    /// that name known without its ARN (a single `get-group-policy`).
    pub fn group(&self, name: &str, account: Option<&str>) -> Option<&GroupDetail> {
        let named = || self.groups.iter().filter(|g| g.group_name == name);
        named()
            .find(|g| account.is_some() && account_of(&g.arn) == account)
            .or_else(|| named().find(|g| g.arn.is_empty()))
    }
}

/// Allow or Deny.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// What the analysis reads of a statement; the statement itself stays in
/// the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
}

/// A string, or an array of strings, of a statement (`Action`, `NotAction`).
pub fn string_list(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

/// The statements of a document (`Statement` an object or an array).
pub fn statements(doc: &Value) -> Vec<Statement> {
    super::iam::statement_values(doc)
        .into_iter()
        .map(|s| Statement {
            sid: s.get("Sid").and_then(Value::as_str).map(str::to_string),
            effect: match s.get("Effect").and_then(Value::as_str) {
                Some(e) if e.eq_ignore_ascii_case("Allow") => Effect::Allow,
                _ => Effect::Deny,
            },
            action: string_list(s.get("Action")),
            not_action: string_list(s.get("NotAction")),
        })
        .collect()
}
