//! The fleet: one row per loaded principal report (role, user, group, or a
//! report whose principal the data does not name), with what it was
//! granted, used, left stale or never used, and — with the account's
//! authorization details — how much unused Write and Permissions
//! management access its policies still grant.
//!
//! A principal is **unused** when nothing it was granted was used within
//! the threshold (every listed service `stale` or `never`): the first thing
//! to look at in an account review, and what IAM Access Analyzer calls an
//! unused role.
//!
//! ```
//! use lastaccessed::report::fleet::{FleetColumn, FleetFilter, FleetRow, Fleet};
//! use lastaccessed::report::table::{Direction, Sort};
//! let row = |name: &str, used: usize| FleetRow { name: name.into(), kind: "role".into(), granted: 3, used,
//!     never: 3 - used, ..FleetRow::default() };
//! let fleet = Fleet { rows: vec![row("app", 2), row("idle", 0)] };
//! let sort = Sort { column: FleetColumn::Used, direction: Direction::Ascending };
//! let order = fleet.order(&FleetFilter::default(), sort);
//! assert_eq!(fleet.rows[order[0]].name, "idle");
//! assert!(fleet.rows[order[0]].unused());
//! let only = FleetFilter { only_unused: true, ..FleetFilter::default() };
//! assert_eq!(fleet.order(&only, sort).len(), 1);
//! ```

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::staleness::Status;
use super::table::{Direction, Sort};

/// One principal's report, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetRow {
    /// The report's id (opens it).
    pub id: String,
    pub label: String,
    /// The principal's ARN, when known.
    pub principal: Option<String>,
    /// `role`, `user`, `group`, or `report` (the data names no principal).
    pub kind: String,
    pub name: String,
    pub account: Option<String>,
    /// The most recent access to any service.
    #[serde(with = "crate::report::time::wire_opt")]
    pub last_activity: Option<DateTime<Utc>>,
    /// Services the report lists (what the principal's policies granted).
    pub granted: usize,
    /// Used within the threshold.
    pub used: usize,
    pub stale: usize,
    pub never: usize,
    /// With authorization details: distinct unused Write and Permissions
    /// management actions its policies grant (`None`: no details for it).
    pub unused_risky: Option<usize>,
    /// With IAM Access Analyzer findings loaded: its active unused-access
    /// findings about the principal.
    pub analyzer: Option<usize>,
    /// Roles: `RoleLastUsed` from the authorization details.
    #[serde(with = "crate::report::time::wire_opt")]
    pub role_last_used: Option<DateTime<Utc>>,
    /// A service-linked role: nobody can change its permissions (see
    /// [`service_linked_role`](super::authz::service_linked_role)).
    pub service_linked: bool,
    /// With authorization details: its permissions boundary's ARN (what its
    /// policies grant is capped by it: some unused write access may be out
    /// of its reach already).
    pub boundary: Option<String>,
    /// Its unused write access is counted within its boundary (the details
    /// hold the boundary's document: [`boundary_reach`](super::granted::boundary_reach)).
    #[serde(default)]
    pub boundary_counted: bool,
    /// A role IAM Identity Center provisions: its permission set (see
    /// [`identity_center_role`](super::authz::identity_center_role)).
    pub permission_set: Option<String>,
    /// With authorization details: the days it existed before its report,
    /// when less than the threshold (what it did not use is not proven
    /// unused: see [`proves_unused`](super::staleness::proves_unused)).
    pub young: Option<i64>,
    /// The report's last page says more pages exist.
    pub incomplete: bool,
    /// Reports loaded for this principal (the newest is the row).
    pub snapshots: usize,
    /// Against the principal's report before the newest, when loaded.
    pub changes: Option<ChangeCounts>,
    /// When that earlier report was made.
    #[serde(with = "crate::report::time::wire_opt")]
    pub earlier: Option<DateTime<Utc>>,
}

/// How many services changed each way between two reports of a principal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCounts {
    pub newly_used: usize,
    pub newly_stale: usize,
    pub newly_never: usize,
    pub added: usize,
    pub removed: usize,
}

impl ChangeCounts {
    pub fn of(rows: &[super::compare::CompareRow]) -> Self {
        use super::compare::Change;
        let n = |c: Change| rows.iter().filter(|r| r.change == c).count();
        ChangeCounts {
            newly_used: n(Change::NewlyUsed),
            newly_stale: n(Change::NewlyStale),
            newly_never: n(Change::NewlyNever),
            added: n(Change::Added),
            removed: n(Change::Removed),
        }
    }

    pub fn total(&self) -> usize {
        self.newly_used + self.newly_stale + self.newly_never + self.added + self.removed
    }
}

impl FleetRow {
    /// From each of a report's services, its last access and status (aged
    /// as the view ages them: [`service_statuses`](super::table::service_statuses)).
    ///
    /// ```
    /// use lastaccessed::report::fleet::FleetRow;
    /// let row = |arn: &str| FleetRow::new("1".into(), "x".into(), Some(arn.into()), []);
    /// assert!(row("arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport").service_linked);
    /// assert!(!row("arn:aws:iam::111122223333:role/app").service_linked);
    /// let sso = row("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admins_0123456789abcdef");
    /// assert_eq!(sso.permission_set.as_deref(), Some("Admins"));
    /// ```
    pub fn new(
        id: String,
        label: String,
        principal: Option<String>,
        services: impl IntoIterator<Item = (Option<DateTime<Utc>>, Status)>,
    ) -> Self {
        let (kind, name, account) = match principal.as_deref().and_then(parts) {
            Some((k, n, a)) => (k.to_string(), n.to_string(), Some(a.to_string())),
            None => ("report".to_string(), label.clone(), None),
        };
        let service_linked = principal
            .as_deref()
            .is_some_and(|p| super::authz::service_linked_role(p).is_some());
        let permission_set = principal
            .as_deref()
            .and_then(super::authz::identity_center_role)
            .map(str::to_string);
        let mut row = FleetRow {
            id,
            label,
            principal,
            kind,
            name,
            account,
            service_linked,
            permission_set,
            snapshots: 1,
            ..FleetRow::default()
        };
        for (last, status) in services {
            row.granted += 1;
            row.last_activity = row.last_activity.max(last);
            match status {
                Status::Recent => row.used += 1,
                Status::Stale => row.stale += 1,
                Status::Never => row.never += 1,
            }
        }
        row
    }

    /// Nothing used within the threshold (and something to use), by a
    /// principal that existed for at least the threshold: a younger one is
    /// too new to tell.
    ///
    /// ```
    /// use lastaccessed::report::fleet::FleetRow;
    /// use lastaccessed::report::staleness::Status;
    /// let mut row = FleetRow::new("1".into(), "x".into(), None, [(None, Status::Never)]);
    /// assert!(row.unused());
    /// row.young = Some(20);
    /// assert!(!row.unused());
    /// ```
    pub fn unused(&self) -> bool {
        self.granted > 0 && self.used == 0 && self.young.is_none()
    }

    /// Used services as a share of those granted, in percent.
    pub fn used_share(&self) -> Option<u32> {
        (self.granted > 0).then(|| (self.used * 100 / self.granted) as u32)
    }
}

/// (kind, name, account) of a role, user or group ARN.
fn parts(arn: &str) -> Option<(&str, &str, &str)> {
    let account = super::authz::account_of(arn)?;
    let (kind, name) = super::authz::principal_of(arn)?;
    Some((kind, name, account))
}

/// The fleet's columns (sortable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FleetColumn {
    Principal,
    Kind,
    Account,
    LastActivity,
    Granted,
    Used,
    Stale,
    Never,
    UsedShare,
    UnusedRisky,
    Analyzer,
    Changes,
}

impl Id for FleetColumn {
    const ALL: &'static [Self] = &[
        FleetColumn::Principal,
        FleetColumn::Kind,
        FleetColumn::Account,
        FleetColumn::LastActivity,
        FleetColumn::Granted,
        FleetColumn::Used,
        FleetColumn::Stale,
        FleetColumn::Never,
        FleetColumn::UsedShare,
        FleetColumn::UnusedRisky,
        FleetColumn::Analyzer,
        FleetColumn::Changes,
    ];
    fn id(self) -> &'static str {
        match self {
            FleetColumn::Principal => "principal",
            FleetColumn::Kind => "kind",
            FleetColumn::Account => "account",
            FleetColumn::LastActivity => "last-activity",
            FleetColumn::Granted => "granted",
            FleetColumn::Used => "used",
            FleetColumn::Stale => "stale",
            FleetColumn::Never => "never",
            FleetColumn::UsedShare => "used-share",
            FleetColumn::UnusedRisky => "unused-risky",
            FleetColumn::Analyzer => "analyzer",
            FleetColumn::Changes => "changes",
        }
    }
}

/// What narrows the fleet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetFilter {
    /// Matched (case-insensitive) against name, label, ARN and account.
    pub text: String,
    /// `role` (roles other than service-linked ones), [`SERVICE_LINKED`],
    /// `user`, `group` or `report`; `None`: all.
    pub kind: Option<String>,
    /// Only principals that used nothing within the threshold.
    pub only_unused: bool,
    /// Only principals whose policies grant unused Write or Permissions
    /// management access that can be taken away: a service-linked role's
    /// cannot (IAM lets nobody change its policies), so it is left out.
    pub only_risky: bool,
}

/// The kind filter's value for service-linked roles (whose
/// [`FleetRow::kind`] is `role`): the roles the `role` filter leaves out.
pub const SERVICE_LINKED: &str = "service-linked";

impl FleetFilter {
    pub fn keeps(&self, r: &FleetRow) -> bool {
        let text = self.text.trim().to_lowercase();
        (text.is_empty()
            || [
                Some(&r.name),
                Some(&r.label),
                r.principal.as_ref(),
                r.account.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|f| f.to_lowercase().contains(&text)))
            && match self.kind.as_deref() {
                None => true,
                Some(SERVICE_LINKED) => r.service_linked,
                Some(kind) => kind == r.kind && !r.service_linked,
            }
            && (!self.only_unused || r.unused())
            && (!self.only_risky || (!r.service_linked && r.unused_risky.is_some_and(|n| n > 0)))
    }
}

/// Every principal's row, in the order the reports were loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fleet {
    pub rows: Vec<FleetRow>,
}

impl Fleet {
    /// Indices of the rows `filter` keeps, sorted by `sort` (ties by name,
    /// then label: a stable order for equal rows).
    pub fn order(&self, filter: &FleetFilter, sort: Sort<FleetColumn>) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.rows.len())
            .filter(|&i| filter.keeps(&self.rows[i]))
            .collect();
        let key = |r: &FleetRow, c: FleetColumn| -> (Option<i64>, String) {
            let n = |v: usize| (Some(v as i64), String::new());
            match c {
                FleetColumn::Principal => (None, r.name.to_lowercase()),
                FleetColumn::Kind => (None, r.kind.clone()),
                FleetColumn::Account => (None, r.account.clone().unwrap_or_default()),
                // Never active sorts first ascending (the oldest activity).
                FleetColumn::LastActivity => (
                    Some(r.last_activity.map_or(i64::MIN, |t| t.timestamp())),
                    String::new(),
                ),
                FleetColumn::Granted => n(r.granted),
                FleetColumn::Used => n(r.used),
                FleetColumn::Stale => n(r.stale),
                FleetColumn::Never => n(r.never),
                FleetColumn::UsedShare => (r.used_share().map(i64::from), String::new()),
                FleetColumn::UnusedRisky => (r.unused_risky.map(|v| v as i64), String::new()),
                FleetColumn::Analyzer => (r.analyzer.map(|v| v as i64), String::new()),
                FleetColumn::Changes => (r.changes.map(|c| c.total() as i64), String::new()),
            }
        };
        idx.sort_by(|&a, &b| {
            let (ra, rb) = (&self.rows[a], &self.rows[b]);
            let o = key(ra, sort.column).cmp(&key(rb, sort.column));
            let o = match sort.direction {
                Direction::Ascending => o,
                Direction::Descending => o.reverse(),
            };
            o.then_with(|| ra.name.cmp(&rb.name))
                .then_with(|| ra.label.cmp(&rb.label))
                .then(Ordering::Equal)
        });
        idx
    }

    /// Principals that used nothing within the threshold.
    pub fn unused_count(&self) -> usize {
        self.rows.iter().filter(|r| r.unused()).count()
    }

    /// Service-linked roles (their permissions cannot be changed).
    pub fn service_linked_count(&self) -> usize {
        self.rows.iter().filter(|r| r.service_linked).count()
    }
}
