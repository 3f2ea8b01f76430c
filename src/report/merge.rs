//! Pages → reports: one report per job (same `JobCreationDate` + `JobType`).
//!
//! - Pages are put in a canonical order (by first service namespace, as the
//!   API pages through services sorted by namespace), so the result does not
//!   depend on the order the files were loaded in.
//! - An identical page loaded twice counts once, with a notice.
//! - A service namespace present in two different pages keeps one row (the
//!   one with the most recent access), with a notice.
//! - A report whose last page has `IsTruncated: true` is incomplete and
//!   carries the `Marker` to pass as `--marker` for the next page.
//! - COMPLETED pages win over IN_PROGRESS pages of the same job (fetched
//!   earlier); a FAILED job keeps its `Error`.
//!
//! ```
//! use lastaccessed::report::{input::parse_file, merge::merge};
//! let p1 = br#"{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2020-01-01T00:00:00Z",
//!   "ServicesLastAccessed":[{"ServiceName":"IAM","ServiceNamespace":"iam"}],"IsTruncated":true,"Marker":"m1"}"#;
//! let p2 = br#"{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2020-01-01T00:00:00Z",
//!   "ServicesLastAccessed":[{"ServiceName":"S3","ServiceNamespace":"s3"}],"IsTruncated":false}"#;
//! let mut pages = parse_file("p2.json", p2).unwrap().pages;
//! pages.extend(parse_file("p1.json", p1).unwrap().pages);
//! let reports = merge(&pages);
//! assert_eq!(reports.len(), 1);
//! assert!(reports[0].complete);
//! assert_eq!(reports[0].services.len(), 2);
//! ```

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::{DateTime, Utc};

use super::authz::is_account_id;
use super::error::{Notice, NoticeKind};
use super::input::{Loaded, SourcedEntities, SourcedPage};
use super::model::{EntityDetails, JobStatus, Kind, Page, ServiceLastAccessed};
use super::time::format_utc;

pub use super::report::{
    default_labels, path_label, short_arn, EntityGroup, JobKey, OrgTarget, Report,
};

fn where_(p: &SourcedPage) -> String {
    format!("page {} of {}", p.index, p.file)
}

/// Order pages as the API returned them: by first namespace, empty pages last.
fn page_order(a: &SourcedPage, b: &SourcedPage) -> Ordering {
    let first = |p: &Page| {
        p.services_last_accessed
            .first()
            .map(|s| s.service_namespace.to_ascii_lowercase())
    };
    let key = |p: &SourcedPage| {
        let f = first(&p.page);
        (
            f.is_none(),
            f,
            p.page.services_last_accessed.len(),
            p.page.is_truncated,
            p.page.marker.clone(),
        )
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| a.file.cmp(&b.file))
        .then_with(|| a.index.cmp(&b.index))
}

/// Of two rows for one namespace, which to keep: the most recent access, then
/// the one with most tracked-action data, then a fixed textual order.
fn better(a: &ServiceLastAccessed, b: &ServiceLastAccessed) -> bool {
    let used = |s: &ServiceLastAccessed| {
        s.tracked_actions_last_accessed.as_ref().map_or(0, |v| {
            v.iter().filter(|x| x.last_accessed_time.is_some()).count()
        })
    };
    let k = |s: &ServiceLastAccessed| {
        (
            s.last_authenticated,
            used(s),
            s.total_authenticated_entities,
        )
    };
    match k(a).cmp(&k(b)) {
        Ordering::Equal => {
            serde_json::to_string(a).unwrap_or_default()
                > serde_json::to_string(b).unwrap_or_default()
        }
        o => o == Ordering::Greater,
    }
}

/// Merge pages into reports, newest report first.
pub fn merge(pages: &[SourcedPage]) -> Vec<Report> {
    merge_parts(pages.iter(), Vec::new())
}

/// Merge everything loaded (one [`Loaded`] per file): services pages into
/// reports, and entity pages into the drill-downs of their job's report (or a
/// report of their own).
pub fn merge_all<'a>(files: impl IntoIterator<Item = &'a Loaded>) -> Vec<Report> {
    let mut pages: Vec<&SourcedPage> = Vec::new();
    let mut entities: Vec<&SourcedEntities> = Vec::new();
    for loaded in files {
        pages.extend(&loaded.pages);
        entities.extend(&loaded.entities);
    }
    merge_parts(pages.into_iter(), entities)
}

fn merge_parts<'a>(
    pages: impl Iterator<Item = &'a SourcedPage>,
    entities: Vec<&SourcedEntities>,
) -> Vec<Report> {
    let mut groups: BTreeMap<JobKey, Vec<&SourcedPage>> = BTreeMap::new();
    for p in pages {
        groups.entry(JobKey::of(&p.page)).or_default().push(p);
    }
    let mut reports: Vec<Report> = groups
        .into_iter()
        .map(|(key, group)| merge_job(key, group))
        .collect();
    attach_entities(&mut reports, &entities);
    note_mixed_job_types(&mut reports);
    reports.sort_by(|a, b| b.key.cmp(&a.key));
    reports
}

/// Pages with one creation date but different JobTypes cannot be one job.
/// (Reports of different principals are different jobs whatever their
/// dates: a collection makes many jobs a second.)
fn note_mixed_job_types(reports: &mut [Report]) {
    // Reports of one creation date, kind and principal: more than one means
    // more than one JobType (the job key tells them apart by nothing else).
    let mut jobs: BTreeMap<(DateTime<Utc>, Kind, Option<&str>), usize> = BTreeMap::new();
    for r in reports.iter() {
        if let Some(created) = r.created {
            *jobs
                .entry((created, r.key.kind, r.key.principal.as_deref()))
                .or_default() += 1;
        }
    }
    let mixed: Vec<bool> = reports
        .iter()
        .map(|r| {
            r.created.is_some_and(|c| {
                jobs.get(&(c, r.key.kind, r.key.principal.as_deref()))
                    .is_some_and(|&n| n > 1)
            })
        })
        .collect();
    for (r, mixed) in reports.iter_mut().zip(mixed) {
        if mixed {
            r.notices.push(Notice::new(NoticeKind::MixedJobTypes {
                created: r.created.map(|c| format_utc(&c)).unwrap_or_default(),
            }));
        }
    }
}

fn attach_entities(reports: &mut Vec<Report>, entities: &[&SourcedEntities]) {
    let mut by_job: BTreeMap<Option<DateTime<Utc>>, Vec<&SourcedEntities>> = BTreeMap::new();
    for e in entities {
        by_job.entry(e.page.job_creation_date).or_default().push(e);
    }
    for (created, pages) in by_job {
        let host = reports
            .iter()
            .position(|r| r.created == created && r.key.kind == Kind::ServiceLastAccessed);
        let i = host.unwrap_or_else(|| {
            reports.push(entities_only_report(created, &pages));
            reports.len() - 1
        });
        let report = &mut reports[i];
        // One group per file: each `…WithEntities` call names one service.
        let mut by_file: BTreeMap<&str, Vec<&SourcedEntities>> = BTreeMap::new();
        for p in &pages {
            by_file.entry(p.file.as_str()).or_default().push(p);
        }
        for (file, mut pages) in by_file {
            pages.sort_by_key(|p| p.index);
            let mut list: Vec<EntityDetails> = Vec::new();
            for p in &pages {
                for e in &p.page.entity_details_list {
                    if !list.contains(e) {
                        list.push(e.clone());
                    }
                }
            }
            let last = pages.last();
            let complete = last.is_some_and(|p| !p.page.is_truncated);
            let namespace = guess_namespace(file, &list, &report.services);
            if namespace.is_none() && !report.services.is_empty() {
                report
                    .notices
                    .push(Notice::new(NoticeKind::EntitiesServiceUnknown {
                        file: file.to_string(),
                    }));
            }
            report.entity_groups.push(EntityGroup {
                namespace,
                entities: list,
                files: vec![file.to_string()],
                complete,
                next_marker: last
                    .filter(|_| !complete)
                    .and_then(|p| p.page.marker.clone()),
            });
        }
    }
}

fn entities_only_report(created: Option<DateTime<Utc>>, pages: &[&SourcedEntities]) -> Report {
    let status = if pages
        .iter()
        .any(|p| p.page.job_status == JobStatus::Completed)
    {
        JobStatus::Completed
    } else {
        pages
            .first()
            .map_or(JobStatus::InProgress, |p| p.page.job_status)
    };
    let mut files: Vec<String> = pages.iter().map(|p| p.file.clone()).collect();
    files.sort();
    files.dedup();
    Report {
        key: JobKey {
            created,
            job_type: None,
            kind: Kind::ServiceLastAccessed,
            principal: None,
        },
        status,
        created,
        completed: pages
            .iter()
            .filter_map(|p| p.page.job_completion_date)
            .max(),
        services: Vec::new(),
        pages: pages.len(),
        files,
        complete: true,
        next_marker: None,
        error: pages.iter().find_map(|p| p.page.error.clone()),
        principal: None,
        org_counts: None,
        org_target: None,
        entity_groups: Vec::new(),
        notices: vec![Notice::new(NoticeKind::EntitiesWithoutReport)],
    }
}

/// Which service a `…WithEntities` file is about.
fn guess_namespace(
    file: &str,
    entities: &[EntityDetails],
    services: &[Rc<ServiceLastAccessed>],
) -> Option<String> {
    let lower = file.to_ascii_lowercase();
    let stem = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    let tokens: Vec<&str> = stem
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .flat_map(|t| std::iter::once(t).chain(t.split('-')))
        .collect();
    let mut by_name: Vec<&str> = services
        .iter()
        .map(|s| s.service_namespace.as_str())
        .filter(|ns| !ns.is_empty() && tokens.contains(&ns.to_ascii_lowercase().as_str()))
        .collect();
    by_name.sort_by_key(|ns| std::cmp::Reverse(ns.len()));
    if let Some(ns) = by_name.first() {
        return Some(ns.to_string());
    }
    let newest = entities.iter().filter_map(|e| e.last_authenticated).max()?;
    let used = entities
        .iter()
        .filter(|e| e.last_authenticated.is_some())
        .count() as u64;
    let mut candidates = services.iter().filter(|s| {
        s.last_authenticated == Some(newest)
            && s.total_authenticated_entities.is_none_or(|n| n == used)
    });
    match (candidates.next(), candidates.next()) {
        (Some(only), None) => Some(only.service_namespace.clone()),
        _ => None,
    }
}

fn merge_job(key: JobKey, mut group: Vec<&SourcedPage>) -> Report {
    let mut notices = Vec::new();
    let status = if group
        .iter()
        .any(|p| p.page.job_status == JobStatus::Completed)
    {
        JobStatus::Completed
    } else if group.iter().any(|p| p.page.job_status == JobStatus::Failed) {
        JobStatus::Failed
    } else {
        JobStatus::InProgress
    };
    if status != JobStatus::InProgress {
        let stale: Vec<String> = group
            .iter()
            .filter(|p| p.page.job_status != status)
            .map(|p| format!("{} ({})", where_(p), p.page.job_status.label()))
            .collect();
        if !stale.is_empty() {
            notices.push(Notice::new(NoticeKind::EarlyPagesIgnored { pages: stale }));
        }
        group.retain(|p| p.page.job_status == status);
    }

    group.sort_by(|a, b| page_order(a, b));
    let mut kept: Vec<&SourcedPage> = Vec::new();
    for p in group {
        match kept.iter().find(|k| k.page == p.page) {
            Some(first) if first.file == p.file && first.index == p.index => {
                notices.push(Notice::new(NoticeKind::LoadedTwice { page: where_(p) }))
            }
            Some(first) => notices.push(Notice::new(NoticeKind::IdenticalPages {
                page: where_(p),
                first: where_(first),
            })),
            None => kept.push(p),
        }
    }

    let mut by_ns: BTreeMap<String, (Rc<ServiceLastAccessed>, &SourcedPage)> = BTreeMap::new();
    for p in &kept {
        for s in &p.page.services_last_accessed {
            match by_ns.get_mut(&s.service_namespace) {
                None => {
                    by_ns.insert(s.service_namespace.clone(), (s.clone(), p));
                }
                Some((existing, from)) => {
                    let same = existing == s;
                    let replace = !same && better(s, existing);
                    notices.push(Notice::new(NoticeKind::ServiceInTwoPages {
                        namespace: display_ns(&s.service_namespace),
                        first: where_(from),
                        second: where_(p),
                        different: !same,
                    }));
                    if replace {
                        *existing = s.clone();
                        *from = p;
                    }
                }
            }
        }
    }

    let last = kept.last();
    let complete = last.is_some_and(|p| !p.page.is_truncated);
    let next_marker = if complete {
        None
    } else {
        last.and_then(|p| p.page.marker.clone())
    };
    if status == JobStatus::Completed && !complete {
        notices.push(Notice::new(NoticeKind::Incomplete {
            marker: next_marker.clone(),
        }));
    }

    let services: Vec<Rc<ServiceLastAccessed>> = by_ns.into_values().map(|(s, _)| s).collect();
    let mut files: Vec<String> = kept.iter().map(|p| p.file.clone()).collect();
    files.sort();
    files.dedup();
    let completed = kept.iter().filter_map(|p| p.page.job_completion_date).max();
    let error = kept.iter().find_map(|p| p.page.error.clone());
    notices.extend(sanity_notices(&services, completed));
    Report {
        status,
        created: key.created,
        completed,
        // An organizations report is about an organization entity: the paths
        // in it are of the accounts that used a service, not a principal.
        principal: if key.kind == Kind::Organizations {
            None
        } else {
            key.principal
                .clone()
                .or_else(|| principal_by_path(&files, infer_principal(&services)))
        },
        org_target: (key.kind == Kind::Organizations)
            .then(|| org_target(&files, &services))
            .flatten(),
        org_counts: (key.kind == Kind::Organizations).then(|| {
            let first = kept.first().map(|p| &p.page);
            (
                first.and_then(|p| p.number_of_services_accessible),
                first.and_then(|p| p.number_of_services_not_accessed),
            )
        }),
        entity_groups: Vec::new(),
        key,
        services,
        pages: kept.len(),
        files,
        complete,
        next_marker,
        error,
        notices,
    }
}

pub use super::staleness::TRACKING_DAYS;

/// Data that is readable but suspicious: said, not hidden.
fn sanity_notices(
    services: &[Rc<ServiceLastAccessed>],
    completed: Option<DateTime<Utc>>,
) -> Vec<Notice> {
    let mut notices = Vec::new();
    let nameless: Vec<&str> = services
        .iter()
        .filter(|s| s.service_namespace.is_empty())
        .map(|s| s.service_name.as_str())
        .collect();
    if !nameless.is_empty() {
        notices.push(Notice::new(NoticeKind::NoNamespace {
            names: nameless
                .iter()
                .map(|n| if n.is_empty() { "(no name)" } else { n }.to_string())
                .collect(),
        }));
    }
    if let Some(done) = completed {
        let slack = chrono::Duration::days(1);
        // The bounds once, not once per time (chrono's date arithmetic
        // costs more than the comparison).
        let (oldest, latest) = (
            done - chrono::Duration::days(TRACKING_DAYS + 1),
            done + slack,
        );
        // One pass over every last access, services' and actions': how
        // many fall out of bounds, and the namespaces they are in (each
        // service's times are consecutive, so a namespace is listed once).
        #[derive(Default)]
        struct Out<'a> {
            count: usize,
            names: Vec<&'a str>,
        }
        impl<'a> Out<'a> {
            fn add(&mut self, ns: &'a str) {
                self.count += 1;
                if self.names.last() != Some(&ns) {
                    self.names.push(ns);
                }
            }
            fn list(&self) -> String {
                let shown: Vec<String> = self.names.iter().take(6).map(|n| display_ns(n)).collect();
                match self.names.len().saturating_sub(6) {
                    0 => shown.join(", "),
                    more => format!("{} and {more} more", shown.join(", ")),
                }
            }
        }
        let (mut before, mut after) = (Out::default(), Out::default());
        for s in services {
            let ns = s.service_namespace.as_str();
            let actions = s.tracked_actions_last_accessed.iter().flatten();
            for t in std::iter::once(s.last_authenticated)
                .chain(actions.map(|a| a.last_accessed_time))
                .flatten()
            {
                if t < oldest {
                    before.add(ns);
                } else if t > latest {
                    after.add(ns);
                }
            }
        }
        let (ancient, in_services) = (before.count, before.list());
        let (future, future_services) = (after.count, after.list());
        if ancient > 0 {
            notices.push(Notice::new(NoticeKind::OlderThanTracking {
                count: ancient,
                services: in_services,
            }));
        }
        if future > 0 {
            notices.push(Notice::new(NoticeKind::LaterThanCompletion {
                count: future,
                services: future_services,
                completed: format_utc(&done),
            }));
        }
    }
    notices
}

fn display_ns(ns: &str) -> String {
    if ns.is_empty() {
        "(no namespace)".into()
    } else {
        ns.to_string()
    }
}

/// The organization entity an Organizations report is about: the entity
/// path its files name (the guide saves its pages as
/// `org_<entity path, / as _>_page-N.json`), when every file names the same
/// one and every account in its data is under it; else the path those
/// accounts share.
///
/// ```
/// use lastaccessed::report::merge::{org_target, OrgTarget};
/// use lastaccessed::report::model::ServiceLastAccessed;
/// use std::rc::Rc;
/// let used = |path: &str| Rc::new(ServiceLastAccessed {
///     service_name: "Amazon EC2".into(),
///     service_namespace: "ec2".into(),
///     last_authenticated: None,
///     last_authenticated_entity: Some(path.to_string()),
///     last_authenticated_region: None,
///     total_authenticated_entities: Some(1),
///     tracked_actions_last_accessed: None,
/// });
/// let data = [used("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/333333333333/role/ops"),
///             used("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/444444444444/user/etl")];
/// let files = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
/// let named = files(&["org_o-a1b2c3d4e5_r-f6g7_page-1.json", "dl/org_o-a1b2c3d4e5_r-f6g7_page-2.json"]);
/// assert_eq!(org_target(&named, &data), Some(OrgTarget::Named("o-a1b2c3d4e5/r-f6g7".into())));
/// // Other names, names that disagree, or data outside the named path: what the data shows.
/// let shared = Some(OrgTarget::Shared("o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111".into()));
/// assert_eq!(org_target(&files(&["org-page-1.json"]), &data), shared);
/// assert_eq!(org_target(&files(&["org_o-a1b2c3d4e5_r-f6g7_page-1.json", "org_o-a1b2c3d4e5_r-zzzz_page-2.json"]), &data), shared);
/// assert_eq!(org_target(&files(&["org_o-a1b2c3d4e5_r-f6g7_ou-f6g7-22222222_page-1.json"]), &data), shared);
/// assert_eq!(org_target(&files(&["org_o-a1b2c3d4e5_r-f6g7_ou-f6g7-1111_page-1.json"]), &data), shared);
/// assert_eq!(org_target(&files(&["org_o-a1b2c3d4e5_x_page-1.json"]), &[]), None);
/// ```
pub fn org_target(files: &[String], services: &[Rc<ServiceLastAccessed>]) -> Option<OrgTarget> {
    let named = |f: &String| -> Option<String> {
        let file = f.rsplit(['/', '\\']).next()?;
        let (rest, page) = file.strip_suffix(".json")?.rsplit_once("_page-")?;
        let path = rest.strip_prefix("org_")?.replace('_', "/");
        let segs: Vec<&str> = path.split('/').collect();
        let id = |s: &str, prefix: &str| {
            s.strip_prefix(prefix).is_some_and(|r| {
                !r.is_empty()
                    && r.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
        };
        let n = segs.len();
        let ok = !page.is_empty()
            && page.bytes().all(|b| b.is_ascii_digit())
            && n >= 2
            && id(segs[0], "o-")
            && id(segs[1], "r-")
            && segs[2..]
                .iter()
                .enumerate()
                .all(|(i, s)| id(s, "ou-") || (i + 2 == n - 1 && is_account_id(s)));
        ok.then_some(path)
    };
    let mut names = files.iter().map(named);
    let first = names.next().flatten();
    let under = |p: &str, path: &str| path == p || path.starts_with(&format!("{p}/"));
    if let Some(p) = first.filter(|p| {
        names.all(|n| n.as_ref() == Some(p))
            && services
                .iter()
                .filter_map(|s| s.last_authenticated_entity.as_deref())
                .all(|path| under(p, path))
    }) {
        return Some(OrgTarget::Named(p));
    }
    common_org_path(services).map(OrgTarget::Shared)
}

/// The organization path every accessing account shares, cut to whole
/// organization entities (`o-…`, `r-…`, `ou-…`, a 12-digit account):
/// `o-a/r-b/ou-b-1/3333…/role/ops` and `o-a/r-b/ou-b-2/4444…/user/etl` → `o-a/r-b`.
fn common_org_path(services: &[Rc<ServiceLastAccessed>]) -> Option<String> {
    let mut common: Option<Vec<&str>> = None;
    for path in services
        .iter()
        .filter_map(|s| s.last_authenticated_entity.as_deref())
    {
        let parts: Vec<&str> = path
            .split('/')
            .take_while(|p| {
                p.starts_with("o-")
                    || p.starts_with("r-")
                    || p.starts_with("ou-")
                    || is_account_id(p)
            })
            .collect();
        common = Some(match common {
            None => parts,
            Some(c) => c
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.filter(|c| !c.is_empty()).map(|c| c.join("/"))
}

/// The principal of a report saved where the collection scripts put it
/// (`…/<account-id>/<roles|users|groups>/<name>/page-N.json`) or named as
/// the guide's commands name its pages (`<account-id>_<role|user|group>_<name>_page-N.json`,
/// [`crate::report::guide::Guide::page_prefix`]), beside what its data
/// names (`inferred`). The data wins for roles and users; a group's report
/// names the member who used each service (the path says it is the
/// group's); a principal that used nothing is named by its path alone.
///
/// ```
/// use lastaccessed::report::merge::principal_by_path;
/// let f = |files: &[&str], inferred: Option<&str>| principal_by_path(
///     &files.iter().map(|s| s.to_string()).collect::<Vec<_>>(), inferred.map(str::to_string));
/// let bob = Some("arn:aws:iam::444455556666:user/bob");
/// assert_eq!(f(&["444455556666/groups/devs/page-1.json"], bob).as_deref(), Some("arn:aws:iam::444455556666:group/devs"));
/// assert_eq!(f(&["out/444455556666/roles/idle/page-1.json"], None).as_deref(), Some("arn:aws:iam::444455556666:role/idle"));
/// assert_eq!(f(&["444455556666/users/bob/page-1.json"], bob).as_deref(), bob);
/// // Not that layout, or a folder that disagrees with the data: the data.
/// assert_eq!(f(&["reports/page-1.json"], bob).as_deref(), bob);
/// assert_eq!(f(&["444455556666/users/alice/page-1.json"], bob).as_deref(), bob);
/// assert_eq!(f(&["groups/devs/page-1.json"], None), None);
/// // The guide's names: a role that used nothing, in any folder.
/// assert_eq!(f(&["Downloads/123456789012_role_ci_deploy_page-1.json", "123456789012_role_ci_deploy_page-2.json"], None).as_deref(),
///     Some("arn:aws:iam::123456789012:role/ci_deploy"));
/// assert_eq!(f(&["123456789012_role_page-1.json"], None), None);
/// ```
pub fn principal_by_path(files: &[String], inferred: Option<String>) -> Option<String> {
    let folder = |f: &String| -> Option<(String, String, String)> {
        let segs: Vec<&str> = f.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
        let n = segs.len();
        // The guide's file name: <account>_<kind>_<name>_page-<n>.json.
        let named = segs.last().and_then(|file| {
            let stem = file.strip_suffix(".json")?;
            let (rest, page) = stem.rsplit_once("_page-")?;
            let (account, rest) = rest.split_once('_')?;
            let (kind, name) = rest.split_once('_')?;
            let ok =
                page.bytes().all(|b| b.is_ascii_digit()) && !page.is_empty() && !name.is_empty();
            (ok && is_account_id(account) && matches!(kind, "role" | "user" | "group"))
                .then(|| (account.to_string(), kind.to_string(), name.to_string()))
        });
        if named.is_some() || n < 4 {
            return named;
        }
        let (account, kind, name) = (segs[n - 4], segs[n - 3], segs[n - 2]);
        let kind = match kind {
            "roles" => "role",
            "users" => "user",
            "groups" => "group",
            _ => return None,
        };
        is_account_id(account).then(|| (account.to_string(), kind.to_string(), name.to_string()))
    };
    let mut found = files.iter().map(folder);
    let Some(Some(first)) = found.next() else {
        return inferred;
    };
    if !found.all(|f| f.as_ref() == Some(&first)) {
        return inferred;
    }
    let (account, kind, name) = first;
    let by_path = format!("arn:aws:iam::{account}:{kind}/{name}");
    let same_account = |arn: &str| super::authz::account_of(arn) == Some(account.as_str());
    match inferred {
        None => Some(by_path),
        Some(arn) => {
            let agrees = super::authz::principal_of(&arn) == Some((kind.as_str(), name.as_str()));
            let member_of_group = kind == "group" && same_account(&arn) && arn.contains(":user/");
            match (agrees, member_of_group) {
                (true, _) => Some(arn),
                (false, true) => Some(by_path),
                (false, false) => Some(arn),
            }
        }
    }
}

/// For a user or role report every access names the same principal.
fn infer_principal(services: &[Rc<ServiceLastAccessed>]) -> Option<String> {
    let mut found: Option<&str> = None;
    let entities = services.iter().flat_map(|s| {
        s.last_authenticated_entity.as_deref().into_iter().chain(
            s.tracked_actions_last_accessed
                .iter()
                .flatten()
                .filter_map(|a| a.last_accessed_entity.as_deref()),
        )
    });
    // Entities are shared strings (one per distinct ARN in each parsed
    // part): the last one seen equal is compared by address first.
    let mut same_as: Option<&str> = None;
    for e in entities {
        match found {
            None => found = Some(e),
            Some(_) if same_as.is_some_and(|s| std::ptr::eq(s, e)) => {}
            Some(f) if f == e => same_as = Some(e),
            Some(_) => return None,
        }
    }
    found.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times out of IAM's tracking window or past the report's completion:
    /// counted one by one, their services named once each, six at most.
    #[test]
    fn out_of_bounds_times_are_counted_and_their_services_named_once() {
        let service = |ns: &str, times: &[&str]| {
            let actions: Vec<String> = times
                .iter()
                .map(|t| format!(r#"{{"ActionName":"A","LastAccessedTime":"{t}"}}"#))
                .collect();
            format!(
                r#"{{"ServiceName":"S","ServiceNamespace":"{ns}","LastAuthenticated":"2024-01-01T00:00:00Z","TrackedActionsLastAccessed":[{}]}}"#,
                actions.join(",")
            )
        };
        let old = "2010-01-01T00:00:00Z";
        let later = "2030-01-01T00:00:00Z";
        let mut list: Vec<String> = ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .map(|ns| service(ns, &[old, old, "2024-05-01T00:00:00Z"]))
            .collect();
        list.push(service("z", &[later]));
        let services: Vec<Rc<ServiceLastAccessed>> = list
            .iter()
            .map(|s| Rc::new(serde_json::from_str(s).unwrap()))
            .collect();
        let done = "2024-06-01T00:00:00Z".parse().ok();
        let kinds: Vec<NoticeKind> = sanity_notices(&services, done)
            .into_iter()
            .map(|n| n.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                NoticeKind::OlderThanTracking {
                    count: 16,
                    services: "a, b, c, d, e, f and 2 more".into()
                },
                NoticeKind::LaterThanCompletion {
                    count: 1,
                    services: "z".into(),
                    completed: "2024-06-01T00:00:00Z".into()
                },
            ]
        );
    }

    #[test]
    fn short_arn_forms() {
        assert_eq!(
            short_arn("arn:aws:iam::123456789012:role/service-role/Admin"),
            "role/Admin (123456789012)"
        );
        assert_eq!(
            short_arn("arn:aws:iam::123456789012:user/alice"),
            "user/alice (123456789012)"
        );
        assert_eq!(
            short_arn("arn:aws:iam::123456789012:root"),
            "root (123456789012)"
        );
        assert_eq!(short_arn("not an arn"), "not an arn");
    }
}
