//! A report: one job's pages merged, with what the app knows about it (its
//! job key, principal or organization entity, completeness, drill-downs,
//! notices), and how it is labelled.
//!
//! ```
//! use lastaccessed::report::report::short_arn;
//! assert_eq!(short_arn("arn:aws:iam::123456789012:role/path/Admin"), "role/Admin (123456789012)");
//! ```

use std::rc::Rc;

use chrono::{DateTime, Utc};

use super::error::Notice;
use super::model::{
    EntityDetails, ErrorDetails, JobStatus, JobType, Kind, Page, ServiceLastAccessed,
};
use super::time::format_utc;

/// The organization entity an Organizations access report is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OrgTarget {
    /// The entity path its job was generated for, named by its files (the
    /// guide saves the pages as `org_<the path, / as _>_page-N.json`) and
    /// agreeing with its data.
    Named(String),
    /// The path every account that used a service shares: the job's entity
    /// path is this one or one above it.
    Shared(String),
}

impl OrgTarget {
    /// The entity path, `o-…/r-…[/ou-…]*[/account]`.
    pub fn path(&self) -> &str {
        match self {
            OrgTarget::Named(p) | OrgTarget::Shared(p) => p,
        }
    }

    /// The entity's own ID, its path's last part (`r-…`, `ou-…` or an
    /// account): what `aws organizations attach-policy --target-id` takes.
    pub fn id(&self) -> &str {
        let p = self.path();
        p.rsplit('/').next().unwrap_or(p)
    }

    /// Where an SCP for its report goes, said in a sentence's middle.
    ///
    /// ```
    /// use lastaccessed::report::report::OrgTarget;
    /// let named = OrgTarget::Named("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111".into());
    /// assert_eq!(OrgTarget::place(Some(&named)), "ou-f6g7-11111111 (o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111), the entity the report was generated for as its files name it");
    /// let shared = OrgTarget::Shared("o-a1b2c3d4e5/r-f6g7".into());
    /// assert!(OrgTarget::place(Some(&shared)).contains("o-a1b2c3d4e5/r-f6g7 or a path above it"));
    /// ```
    pub fn place(target: Option<&OrgTarget>) -> String {
        match target {
            Some(t @ OrgTarget::Named(p)) => format!(
                "{} ({p}), the entity the report was generated for as its files name it",
                t.id()
            ),
            Some(OrgTarget::Shared(t)) => format!("the root, OU or account the report was generated for (its job's entity path: {t} or a path above it, as every account that used a service is under {t})"),
            None => "the root, OU or account the report was generated for (its job's entity path; the report does not hold it, and no account used a service to show it)".to_string(),
        }
    }
}

/// Identifies one report job.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobKey {
    pub created: Option<DateTime<Utc>>,
    pub job_type: Option<JobType>,
    pub kind: Kind,
    /// Set only where the input names the principal outside the response (Aardvark).
    pub principal: Option<String>,
}

impl JobKey {
    pub(crate) fn of(p: &Page) -> Self {
        JobKey {
            created: p.job_creation_date,
            job_type: p.job_type,
            kind: p.kind,
            principal: p.principal.clone(),
        }
    }

    /// A stable string id, used by the UI to remember labels and selection.
    pub fn id(&self) -> String {
        format!(
            "{}|{}|{:?}|{}",
            self.created.map(|c| format_utc(&c)).unwrap_or_default(),
            self.job_type.map(JobType::label).unwrap_or("unknown"),
            self.kind,
            self.principal.as_deref().unwrap_or_default()
        )
    }
}

/// The entities that used one service (`…WithEntities` pages of one job).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityGroup {
    /// The service, when it could be told: from the file name
    /// (`entities-s3.json`), or as the only service whose last access and
    /// entity count match the entities'.
    pub namespace: Option<String>,
    pub entities: Vec<EntityDetails>,
    pub files: Vec<String>,
    pub complete: bool,
    pub next_marker: Option<String>,
}

/// One report job with all its loaded pages concatenated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub key: JobKey,
    pub status: JobStatus,
    pub created: Option<DateTime<Utc>>,
    pub completed: Option<DateTime<Utc>>,
    /// Services, one per namespace, in namespace order.
    pub services: Vec<Rc<ServiceLastAccessed>>,
    /// Distinct pages that went into the report.
    pub pages: usize,
    /// Distinct file names the pages came from, sorted.
    pub files: Vec<String>,
    /// False when the last page says `IsTruncated: true`.
    pub complete: bool,
    /// The `Marker` to pass as `--marker` to fetch the next page.
    pub next_marker: Option<String>,
    pub error: Option<ErrorDetails>,
    /// The principal (user or role ARN) when every recorded access names the same one.
    pub principal: Option<String>,
    /// Organizations report: (services accessible, services not accessed).
    pub org_counts: Option<(Option<u64>, Option<u64>)>,
    /// Organizations report: the organization entity it is about, as far as
    /// its files and data tell (the response itself does not repeat the
    /// request's entity path).
    pub org_target: Option<OrgTarget>,
    /// Entity drill-downs loaded for this job.
    pub entity_groups: Vec<EntityGroup>,
    pub notices: Vec<Notice>,
}

impl Report {
    /// When the report's data ends: its job's completion, else its creation
    /// (what it is aged from, and how old it is).
    pub fn ended(&self) -> Option<DateTime<Utc>> {
        self.completed.or(self.created)
    }

    pub fn kind(&self) -> Kind {
        self.key.kind
    }

    /// The entity drill-down for a service, if loaded.
    pub fn entities_of(&self, namespace: &str) -> Option<&EntityGroup> {
        self.entity_groups
            .iter()
            .find(|g| g.namespace.as_deref() == Some(namespace))
    }

    /// "role/Admin (123456789012)" when the principal is known, an
    /// organizations report by its target, else
    /// "report created 2026-11-02T10:00:00Z".
    pub fn default_label(&self) -> String {
        if let Some(p) = &self.principal {
            return short_arn(p);
        }
        if let Some(t) = &self.org_target {
            return format!("organizations report: {}", t.path());
        }
        let entities_only = self.services.is_empty() && !self.entity_groups.is_empty();
        if let Some(l) = path_label(&self.files).filter(|_| !entities_only) {
            return l;
        }
        let what = match self.key.kind {
            Kind::Organizations => "organizations report",
            Kind::ServiceLastAccessed
                if self.services.is_empty() && !self.entity_groups.is_empty() =>
            {
                "entities report"
            }
            Kind::ServiceLastAccessed => "report",
        };
        match self.created {
            Some(c) => format!("{what} created {}", format_utc(&c)),
            None => format!("{what} (no creation date)"),
        }
    }

    pub fn job_type(&self) -> Option<JobType> {
        self.key.job_type
    }
}

/// The most characters a label the user gives a report keeps (the label
/// field, the session and share links hold to it).
pub const MAX_LABEL_CHARS: usize = 200;

/// A label as the user typed it, as kept: trimmed, at most
/// [`MAX_LABEL_CHARS`]; `None` when nothing is left (the default label
/// comes back).
///
/// ```
/// use lastaccessed::report::report::{user_label, MAX_LABEL_CHARS};
/// assert_eq!(user_label("  ops  ").as_deref(), Some("ops"));
/// assert_eq!(user_label(" "), None);
/// assert_eq!(user_label(&"é".repeat(300)).unwrap().chars().count(), MAX_LABEL_CHARS);
/// ```
pub fn user_label(typed: &str) -> Option<String> {
    let label: String = typed.trim().chars().take(MAX_LABEL_CHARS).collect();
    let label = label.trim_end();
    (!label.is_empty()).then(|| label.to_string())
}

/// Default labels for a list of reports; where two would read the same, each
/// gets its creation date appended so the switcher can tell them apart.
pub fn default_labels(reports: &[Report]) -> Vec<String> {
    let plain: Vec<String> = reports.iter().map(Report::default_label).collect();
    plain
        .iter()
        .zip(reports)
        .map(|(label, r)| {
            let clash = plain.iter().filter(|l| *l == label).count() > 1;
            match (clash, r.created) {
                (true, Some(c)) if r.principal.is_some() => {
                    format!("{label} · created {}", format_utc(&c))
                }
                _ => label.clone(),
            }
        })
        .collect()
}

/// A label from where a report's files came from, for a report whose data
/// does not name its principal (a role that used nothing): the folder its
/// pages share (`roles/ci-deployer/page-1.json` → `roles/ci-deployer`), else
/// the name of its one file without extension (after its folder), unless
/// that name says nothing (`page-1.json`, `pasted text`).
///
/// ```
/// use lastaccessed::report::merge::path_label;
/// let f = |v: &[&str]| path_label(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
/// assert_eq!(f(&["roles/ci-deployer/page-1.json", "roles/ci-deployer/page-2.json"]).as_deref(), Some("roles/ci-deployer"));
/// assert_eq!(f(&["ci-deployer.json.gz"]).as_deref(), Some("ci-deployer"));
/// assert_eq!(f(&["roles/ci-deployer/page-1.json"]).as_deref(), Some("roles/ci-deployer"));
/// assert_eq!(f(&["users/alice/report.json", "users/bob/report.json"]).as_deref(), Some("users"));
/// assert_eq!(f(&["page-1.json", "page-2.json"]), None);
/// assert_eq!(f(&["pasted text"]), None);
/// ```
pub fn path_label(files: &[String]) -> Option<String> {
    let split = |f: &str| -> Vec<String> {
        f.split(['/', '\\'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    // The longest folder every file is in (whole path segments).
    let mut common: Option<Vec<String>> = None;
    for f in files {
        let mut segs = split(f);
        segs.pop();
        common = Some(match common {
            None => segs,
            Some(c) => c
                .into_iter()
                .zip(segs)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let mut label = common.unwrap_or_default();
    // One file with a telling name: its name says more than its folder.
    if let [only] = files {
        if let Some(stem) = split(only).pop().and_then(|n| telling_stem(&n)) {
            label.push(stem);
        }
    }
    (!label.is_empty()).then(|| label.join("/"))
}

/// A file name without its extensions, unless it says nothing about what
/// is in it (`page-1.json`, `output.json`, `pasted text`).
fn telling_stem(name: &str) -> Option<String> {
    let mut stem = name;
    for ext in [".gz", ".json", ".xml", ".txt"] {
        if let Some(s) = stem.strip_suffix(ext) {
            stem = s;
        }
    }
    let lower = stem.to_ascii_lowercase();
    let base = lower.trim_end_matches(|c: char| c.is_ascii_digit() || "-_ ".contains(c));
    let generic = [
        "",
        "page",
        "report",
        "output",
        "response",
        "pasted text",
        "shared link",
    ]
    .contains(&base);
    (!generic).then(|| stem.to_string())
}

/// `arn:aws:iam::123456789012:role/path/Admin` → `role/Admin (123456789012)`.
pub fn short_arn(arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() == 6 && parts[0] == "arn" {
        let resource = parts[5];
        let kind_and_name = match (resource.split('/').next(), resource.rsplit('/').next()) {
            (Some(kind), Some(name)) if kind != name => format!("{kind}/{name}"),
            _ => resource.to_string(),
        };
        if parts[4].is_empty() {
            kind_and_name
        } else {
            format!("{kind_and_name} ({})", parts[4])
        }
    } else {
        arn.to_string()
    }
}
