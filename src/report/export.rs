//! Exports: CSV of the services and actions tables (with the `csv` crate's
//! quoting), and the merged report as one normalized JSON document in the
//! API's own shape.
//!
//! Timestamps are ISO 8601 UTC; ages are whole days from the reference time.
//!
//! ```
//! use lastaccessed::report::{export, input::parse_file, merge::merge, sample, table};
//! use lastaccessed::report::staleness::{reference_time, ReferenceMode};
//! let pages: Vec<_> = sample::FILES.iter().flat_map(|(n, b)| parse_file(n, b).unwrap().pages).collect();
//! let report = merge(&pages).remove(0);
//! let st = table::Staleness { reference: reference_time(&report, ReferenceMode::ReportDate, chrono::Utc::now()), threshold_days: 90 };
//! let rows = table::service_rows(&report, st);
//! let csv = export::services_csv(rows.iter()).unwrap();
//! assert!(csv.starts_with("service,namespace,last_accessed_utc,age_days,status,"));
//! ```

use serde_json::Value;

use super::id::Id;
use super::matrix::{Matrix, Shown};
use super::model::{JobStatus, Kind, Page};
use super::report::Report;
use super::table::{ActionRow, ServiceRow};
use super::time::format_utc;

fn utc(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| format_utc(&t)).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP's CSV
/// injection guidance says; every other cell is written as it is.
///
/// ```
/// use lastaccessed::report::export::safe_cell;
/// assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(safe_cell("Amazon S3"), "Amazon S3");
/// ```
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Write one record, every cell made safe by [`safe_cell`].
fn record<I, S>(w: &mut csv::Writer<Vec<u8>>, cells: I) -> Result<(), String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    w.write_record(
        cells
            .into_iter()
            .map(|c| safe_cell(c.as_ref()).into_owned()),
    )
    .map_err(|e| e.to_string())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, String> {
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The services table as CSV.
pub fn services_csv<'a>(rows: impl Iterator<Item = &'a ServiceRow>) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "service",
        "namespace",
        "last_accessed_utc",
        "age_days",
        "status",
        "entity",
        "region",
        "total_authenticated_entities",
        "tracked_actions_used",
        "tracked_actions_total",
        "tracked_actions_recent",
    ])
    .map_err(|e| e.to_string())?;
    for r in rows {
        record(
            &mut w,
            [
                r.name.clone(),
                r.namespace.clone(),
                utc(&r.last),
                r.age_days.map(|d| d.to_string()).unwrap_or_default(),
                r.status.as_str().to_string(),
                r.entity.clone().unwrap_or_default(),
                r.region.clone().unwrap_or_default(),
                r.entities.map(|n| n.to_string()).unwrap_or_default(),
                r.actions_used.to_string(),
                r.actions_total.to_string(),
                r.actions_recent.to_string(),
            ],
        )?;
    }
    finish(w)
}

/// The actions table as CSV.
pub fn actions_csv<'a>(rows: impl Iterator<Item = &'a ActionRow>) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "service",
        "namespace",
        "action",
        "last_accessed_utc",
        "age_days",
        "status",
        "entity",
        "region",
    ])
    .map_err(|e| e.to_string())?;
    for a in rows {
        record(
            &mut w,
            [
                a.service().to_string(),
                a.namespace().to_string(),
                format!("{}:{}", a.namespace(), a.action()),
                utc(&a.last),
                a.age_days.map(|d| d.to_string()).unwrap_or_default(),
                a.status.as_str().to_string(),
                a.entity().unwrap_or_default().to_string(),
                a.region().unwrap_or_default().to_string(),
            ],
        )?;
    }
    finish(w)
}

/// The fleet as CSV, rows as shown (`order`: indices into `fleet.rows`).
pub fn fleet_csv(fleet: &super::fleet::Fleet, order: &[usize]) -> Result<String, String> {
    let count = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "principal",
        "kind",
        "name",
        "account",
        "label",
        "last_activity_utc",
        "granted",
        "used",
        "stale",
        "never",
        "used_percent",
        "unused",
        "unused_write_or_permissions_actions",
        "role_last_used_utc",
        "complete",
        "access_analyzer_findings",
        "reports",
        "earlier_report_utc",
        "newly_used",
        "newly_stale",
        "newly_never",
        "newly_granted",
        "no_longer_granted",
        "service_linked",
        "identity_center_permission_set",
        "created_days_before_report_under_threshold",
        "permissions_boundary",
        "unused_write_counted_within_boundary",
    ])
    .map_err(|e| e.to_string())?;
    for r in order.iter().filter_map(|&i| fleet.rows.get(i)) {
        record(
            &mut w,
            [
                r.principal.clone().unwrap_or_default(),
                r.kind.clone(),
                r.name.clone(),
                r.account.clone().unwrap_or_default(),
                r.label.clone(),
                utc(&r.last_activity),
                r.granted.to_string(),
                r.used.to_string(),
                r.stale.to_string(),
                r.never.to_string(),
                r.used_share().map(|p| p.to_string()).unwrap_or_default(),
                r.unused().to_string(),
                r.unused_risky.map(|n| n.to_string()).unwrap_or_default(),
                utc(&r.role_last_used),
                (!r.incomplete).to_string(),
                r.analyzer.map(|n| n.to_string()).unwrap_or_default(),
                r.snapshots.to_string(),
                utc(&r.earlier),
                count(r.changes.map(|c| c.newly_used)),
                count(r.changes.map(|c| c.newly_stale)),
                count(r.changes.map(|c| c.newly_never)),
                count(r.changes.map(|c| c.added)),
                count(r.changes.map(|c| c.removed)),
                r.service_linked.to_string(),
                r.permission_set.clone().unwrap_or_default(),
                r.young.map(|d| d.to_string()).unwrap_or_default(),
                r.boundary.clone().unwrap_or_default(),
                match r.boundary {
                    Some(_) => r.boundary_counted.to_string(),
                    None => String::new(),
                },
            ],
        )?;
    }
    finish(w)
}

/// The principal matrix as CSV, as shown (`shown` rows and columns): a row
/// per service; per principal its age in days (empty when never used or not
/// granted) and its status (`recent`, `stale`, `never`, or `not granted`).
pub fn matrix_csv(m: &Matrix, shown: &Shown) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![
        "service".to_string(),
        "namespace".to_string(),
        "unused_by_all".to_string(),
    ];
    for &c in &shown.columns {
        let label = m.columns.get(c).cloned().unwrap_or_default();
        head.push(format!("{label} age_days"));
        head.push(format!("{label} status"));
    }
    record(&mut w, head)?;
    for &r in &shown.rows {
        let Some(row) = m.rows.get(r) else { continue };
        let mut cells = vec![
            row.name.clone(),
            row.namespace.clone(),
            row.unused_by_all.to_string(),
        ];
        for &c in &shown.columns {
            match row.cells.get(c).copied().flatten() {
                Some(cell) => {
                    cells.push(cell.age_days.map(|d| d.to_string()).unwrap_or_default());
                    cells.push(cell.status.as_str().to_string());
                }
                None => {
                    cells.push(String::new());
                    cells.push("not granted".into());
                }
            }
        }
        record(&mut w, cells)?;
    }
    finish(w)
}

/// The merged report as one response in the API's shape: every page's
/// services concatenated, `IsTruncated: false`, no Marker. Absent values are
/// left out, as the API does.
pub fn report_json(report: &Report) -> String {
    let page = Page {
        job_type: report.key.job_type,
        job_creation_date: report.created,
        services_last_accessed: report.services.clone(),
        job_completion_date: report.completed,
        error: if report.status == JobStatus::Failed {
            report.error.clone()
        } else {
            None
        },
        kind: report.key.kind,
        ..Page::new(report.status)
    };
    let mut v = serde_json::to_value(&page).unwrap_or(Value::Null);
    prune(&mut v);
    if report.key.kind == Kind::Organizations {
        to_org_shape(&mut v, report.org_counts);
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// `GetOrganizationsAccessReport`'s own names for the same data.
fn to_org_shape(v: &mut Value, counts: Option<(Option<u64>, Option<u64>)>) {
    let Value::Object(m) = v else { return };
    m.shift_remove("JobType");
    if let Some(Value::Array(services)) = m.shift_remove("ServicesLastAccessed") {
        let renamed: Vec<Value> = services
            .into_iter()
            .map(|mut s| {
                if let Value::Object(o) = &mut s {
                    for (from, to) in [
                        ("LastAuthenticated", "LastAuthenticatedTime"),
                        ("LastAuthenticatedEntity", "EntityPath"),
                        ("LastAuthenticatedRegion", "Region"),
                    ] {
                        if let Some(x) = o.shift_remove(from) {
                            o.insert(to.into(), x);
                        }
                    }
                }
                s
            })
            .collect();
        m.insert("AccessDetails".into(), Value::Array(renamed));
    }
    if let Some((accessible, not_accessed)) = counts {
        if let Some(n) = accessible {
            m.insert("NumberOfServicesAccessible".into(), n.into());
        }
        if let Some(n) = not_accessed {
            m.insert("NumberOfServicesNotAccessed".into(), n.into());
        }
    }
}

/// Drop nulls and the app's own (`x-lastaccessed-…`) keys, recursively.
fn prune(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, v| !v.is_null() && !k.starts_with("x-lastaccessed"));
            m.values_mut().for_each(prune);
        }
        Value::Array(a) => a.iter_mut().for_each(prune),
        _ => {}
    }
}

/// A file-name-safe version of a label: `role/ci-deployer (1234)` → `role-ci-deployer-1234`.
pub fn file_stem(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "report".into()
    } else {
        trimmed.chars().take(80).collect()
    }
}

/// The account's policies as CSV, one row per policy (a managed policy by
/// its ARN, an inline policy by the principal or group that holds it),
/// from every loaded principal's plan (`plans`, as the rewrite export has
/// them): who it reaches among them, what the rewrite does with it (each
/// action once, in the order met: an AWS managed policy is replaced for one
/// principal and kept for another), and what it would no longer grant
/// (every principal's removals together). Most removals first. The inline
/// policy of roles IAM Identity Center provisions is their permission set's:
/// one row for the permission set (`permission-set/<name>`), all its
/// loaded roles together. A managed policy names the users and roles
/// `authz` says it is the permissions boundary of. The documents, reasons
/// and where each goes are in the rewrite export.
///
/// ```
/// use lastaccessed::report::authz::Authz;
/// use lastaccessed::report::export::policies_csv;
/// use lastaccessed::report::granted::PolicyKind;
/// use lastaccessed::report::plan::{Action, PolicyPlan, PrincipalPlan};
/// let shared = |removed: &[&str]| PolicyPlan { kind: PolicyKind::Managed, name: "ci".into(),
///     arn: Some("arn:aws:iam::1:policy/ci".into()), group: None, action: Action::Edit, reason: String::new(),
///     before: String::new(), after: None, removed: removed.iter().map(|s| s.to_string()).collect(),
///     reasons: vec![], over_limit: false, delete_version: None, default_version: None };
/// let plans = [
///     PrincipalPlan { arn: "arn:aws:iam::1:role/a".into(), policies: vec![shared(&["athena:*"])], notes: vec![] },
///     PrincipalPlan { arn: "arn:aws:iam::1:role/b".into(), policies: vec![shared(&["athena:*"])], notes: vec![] },
/// ];
/// let csv = policies_csv(&plans, &Authz::default()).unwrap();
/// assert_eq!(csv.lines().count(), 2);
/// assert!(csv.contains("arn:aws:iam::1:role/a;arn:aws:iam::1:role/b,2,edit,athena:*,1"));
/// ```
pub fn policies_csv(
    plans: &[super::plan::PrincipalPlan],
    authz: &super::authz::Authz,
) -> Result<String, String> {
    let rows = super::plan::with_bounds(super::plan::account_policies(plans), authz);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "policy",
        "kind",
        "arn",
        "held_by",
        "principals",
        "principal_count",
        "actions",
        "removed",
        "removed_count",
        "over_quota",
        "permissions_boundary_of",
    ])
    .map_err(|e| e.to_string())?;
    for r in &rows {
        record(
            &mut w,
            [
                r.name.clone(),
                r.kind.id().to_string(),
                r.arn.clone().unwrap_or_default(),
                r.held_by.clone(),
                r.principals.join(";"),
                r.principals.len().to_string(),
                r.actions
                    .iter()
                    .map(|a| a.id())
                    .collect::<Vec<_>>()
                    .join(";"),
                r.removed.join(";"),
                r.removed.len().to_string(),
                r.over_limit.to_string(),
                r.bounds.join(";"),
            ],
        )?;
    }
    finish(w)
}
