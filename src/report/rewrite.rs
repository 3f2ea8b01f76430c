//! The rewrite: what a principal's policy should become, removing only
//! what the report proves unused.
//!
//! - Deny statements, and statements whose `Sid` starts with `NOREPO` (any
//!   case), are left exactly as they are.
//! - An Allow action (or the part of a wildcard) goes only when the data
//!   proves it unused within the threshold: its service is `stale` or
//!   `never` in the report; or, in an action-level report, it is a tracked
//!   action of its service with no access within the threshold. An action
//!   of a used service that is not tracked (S3 object actions) stays;
//!   `iam:PassRole` (a permission checked inside other calls, never
//!   recorded) always stays; a service the report does not list stays (no
//!   data is not "unused"); so does a service whose threshold is longer
//!   than the principal existed before its report ([`unproven`]: unseen,
//!   not unused). A pattern naming no catalog action stays unless the report
//!   proves unused all it names (a service, or a tracked action, that AWS
//!   added after the catalog was pinned).
//! - A wildcard that also covers unused actions becomes the explicit list
//!   of what remains; a service kept whole stays `svc:*`. `NotAction` Allow
//!   statements and `"Action": "*"` become explicit `Action` lists without
//!   the unused services (or, where such a list would exceed IAM's size
//!   quota, a `NotAction` that also excludes them). A list names the
//!   catalog's actions and what the report lists beyond them that was used
//!   (a newer service as `svc:*` where it was granted whole, a newer
//!   tracked action by name): an action neither knows (added since the
//!   catalog, and not tracked) cannot be named, so a list leaves it out.
//! - Every other key of a kept statement (Effect, Resource, NotResource,
//!   Condition, Principal, Sid) is unchanged; a statement left with no
//!   action goes.
//!
//! The result never grants more than before (every action it allows, the
//! original allowed), keeps every action the catalog or the report names
//! that is not proven unused, and a second rewrite changes nothing
//! (`tests/core_rewrite.rs` checks the three over generated policies).
//!
//! ```
//! use lastaccessed::report::catalog::catalog;
//! use lastaccessed::report::rewrite::{rewrite_document, Evidence};
//! use lastaccessed::report::staleness::Status;
//! let doc = serde_json::json!({"Version": "2012-10-17", "Statement": [
//!     {"Effect": "Allow", "Action": ["s3:GetObject", "athena:*"], "Resource": "*"}]});
//! let evidence = Evidence::new(&[("s3", Status::Recent), ("athena", Status::Never)], &[], 90);
//! let r = rewrite_document(catalog(), &doc, &evidence);
//! assert_eq!(r.document.unwrap()["Statement"][0]["Action"], serde_json::json!(["s3:GetObject"]));
//! assert_eq!(r.removed, ["athena:*"]);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::authz::string_list;
use super::catalog::{by_service, ActionRef, Catalog};
use super::iam::{reaches_service, wildcard_match};
use super::staleness::{never_recorded, proves_unused, Status};
use super::table::{ActionRow, ServiceRow};

/// What the report says: each service's status, each tracked action's
/// status (action-level reports), and the threshold they were judged by.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// By lower-case namespace.
    services: BTreeMap<String, Status>,
    /// By lower-case `namespace:action`: its status, and its name as the
    /// report spells it (`s3:GetObject`), for a list that names it.
    actions: BTreeMap<String, Tracked>,
    pub threshold_days: u32,
    /// A service's own threshold where it has one (by lower-case
    /// namespace; [`Evidence::with_service_thresholds`]).
    service_days: BTreeMap<String, u32>,
    /// What a plan made from it says of itself ([`Evidence::young`]).
    pub notes: Vec<String>,
}

impl Evidence {
    pub fn new(
        services: &[(&str, Status)],
        actions: &[(&str, &str, Status)],
        threshold_days: u32,
    ) -> Self {
        Evidence {
            services: services
                .iter()
                .map(|(ns, s)| (ns.to_ascii_lowercase(), *s))
                .collect(),
            actions: actions
                .iter()
                .map(|(ns, a, s)| Tracked::entry(format!("{ns}:{a}"), *s))
                .collect(),
            threshold_days,
            service_days: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// What a report's rows say (services, and tracked actions when the
    /// report is action level).
    pub fn from_rows(services: &[ServiceRow], actions: &[ActionRow], threshold_days: u32) -> Self {
        Evidence {
            services: services
                .iter()
                .map(|s| (s.namespace.to_ascii_lowercase(), s.status))
                .collect(),
            actions: actions
                .iter()
                .map(|a| Tracked::entry(format!("{}:{}", a.namespace(), a.action()), a.status))
                .collect(),
            threshold_days,
            service_days: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// Several principals' evidence together (a policy they share): a
    /// service or action counts as unused only where every one of them says
    /// so; one that any of them does not list is no data.
    pub fn combine(all: &[Evidence]) -> Evidence {
        fn rank(s: Status) -> u8 {
            match s {
                Status::Never => 0,
                Status::Stale => 1,
                Status::Recent => 2,
            }
        }
        /// Each key every map holds, with its most recent status.
        fn merge<T: Clone>(
            maps: Vec<&BTreeMap<String, T>>,
            status: impl Fn(&T) -> Status,
        ) -> BTreeMap<String, T> {
            let Some((first, rest)) = maps.split_first() else {
                return BTreeMap::new();
            };
            first
                .iter()
                .filter_map(|(k, s)| {
                    let mut best = s;
                    for m in rest {
                        let o = m.get(k)?;
                        if rank(status(o)) > rank(status(best)) {
                            best = o;
                        }
                    }
                    Some((k.clone(), best.clone()))
                })
                .collect()
        }
        Evidence {
            services: merge(all.iter().map(|e| &e.services).collect(), |s| *s),
            actions: merge(all.iter().map(|e| &e.actions).collect(), |t| t.status),
            threshold_days: all.first().map_or(0, |e| e.threshold_days),
            service_days: all
                .first()
                .map(|e| e.service_days.clone())
                .unwrap_or_default(),
            notes: Vec::new(),
        }
    }

    /// With the services' own thresholds (by namespace, any case) the rows
    /// were judged by: what says why a service or action is unused names
    /// its own number of days.
    ///
    /// ```
    /// use lastaccessed::report::rewrite::Evidence;
    /// use lastaccessed::report::staleness::Status;
    /// let own = [("Bedrock".to_string(), 60)].into_iter().collect();
    /// let ev = Evidence::new(&[("bedrock", Status::Stale), ("s3", Status::Stale)], &[], 90)
    ///     .with_service_thresholds(&own);
    /// assert_eq!(ev.unused_of("bedrock", "InvokeModel").unwrap(), "bedrock not used in the last 60 days");
    /// assert_eq!(ev.unused_of("s3", "GetObject").unwrap(), "s3 not used in the last 90 days");
    /// ```
    pub fn with_service_thresholds(mut self, own: &BTreeMap<String, u32>) -> Self {
        self.service_days = own
            .iter()
            .map(|(ns, d)| (ns.to_ascii_lowercase(), *d))
            .collect();
        self
    }

    /// For a principal too young for its report to prove `young.services`
    /// unused: without what is said of them (no data, so nothing of them is
    /// proven unused), and saying so.
    pub fn young(mut self, young: &Young) -> Self {
        self.notes.push(young.note());
        self.without(&young.services)
    }

    /// Without what is said of `namespaces` (their services and tracked
    /// actions): no data, so nothing of them is proven unused.
    fn without(mut self, namespaces: &[String]) -> Self {
        for ns in namespaces {
            let ns = ns.to_ascii_lowercase();
            self.services.remove(&ns);
            let prefix = format!("{ns}:");
            self.actions.retain(|k, _| !k.starts_with(&prefix));
        }
        self
    }

    /// Why this action is proven unused, if it is.
    pub fn unused(&self, a: &ActionRef) -> Option<String> {
        self.unused_of(a.service, a.action)
    }

    /// Why `service:action` (any case; the catalog need not know it) is
    /// proven unused, if it is: its service is, or it is a tracked action
    /// not used within the threshold.
    ///
    /// ```
    /// use lastaccessed::report::rewrite::Evidence;
    /// use lastaccessed::report::staleness::Status;
    /// // A service and an action newer than the catalog, as a report lists them.
    /// let ev = Evidence::new(&[("s3", Status::Recent), ("newsvc", Status::Never)],
    ///     &[("s3", "NewAction", Status::Stale)], 90);
    /// assert!(ev.unused_of("newsvc", "Anything").is_some());
    /// assert!(ev.unused_of("S3", "newaction").is_some());
    /// assert!(ev.unused_of("s3", "GetObject").is_none());
    /// ```
    pub fn unused_of(&self, service: &str, action: &str) -> Option<String> {
        if never_recorded(service, action) {
            return None;
        }
        if let Some(why) = self.service_unused(service) {
            return Some(why);
        }
        let key = format!("{service}:{action}").to_ascii_lowercase();
        match self.actions.get(&key)?.status {
            Status::Recent => None,
            Status::Never => Some(format!(
                "{service}:{action} tracked, never used in the tracking period"
            )),
            Status::Stale => Some(format!(
                "{service}:{action} tracked, not used in the last {} days",
                self.days_of(service)
            )),
        }
    }

    /// Why the service `service` (any case) is proven unused, if it is:
    /// every action of it then is (but [`never_recorded`] ones).
    fn service_unused(&self, service: &str) -> Option<String> {
        match self.services.get(&service.to_ascii_lowercase())? {
            Status::Recent => None,
            Status::Never => Some(format!("{service} never used in the tracking period")),
            Status::Stale => Some(format!(
                "{service} not used in the last {} days",
                self.days_of(service)
            )),
        }
    }

    /// The threshold `service` was judged by: its own, else the report's.
    fn days_of(&self, service: &str) -> u32 {
        self.service_days
            .get(&service.to_ascii_lowercase())
            .copied()
            .unwrap_or(self.threshold_days)
    }

    /// What the report lists that `catalog` does not know (a service or a
    /// tracked action AWS added after the catalog was pinned) and an
    /// original statement grants: `reaches` a lower-case namespace (some
    /// action of it), `whole` (`svc:*`), `grants` a lower-case
    /// `svc:action`. An explicit list made from the catalog alone would
    /// leave out what of it was used.
    fn beyond_catalog(
        &self,
        catalog: &Catalog,
        reaches: &dyn Fn(&str) -> bool,
        whole: &dyn Fn(&str) -> bool,
        grants: &dyn Fn(&str) -> bool,
    ) -> Beyond {
        let mut out = Beyond::default();
        let mut kept_whole = BTreeSet::new();
        // The statement's own tests first: they are cheap, and most
        // statements reach a few services.
        for ns in self.services.keys() {
            if !reaches(ns) || catalog.service(ns).is_some() {
                continue;
            }
            match self.service_unused(ns) {
                Some(why) => out.unused.push((format!("{ns}:*"), why)),
                None if whole(ns) => {
                    out.keep.push(format!("{ns}:*"));
                    kept_whole.insert(ns.as_str());
                }
                None => {}
            }
        }
        for (key, tracked) in &self.actions {
            let Some((ns, action)) = tracked.name.split_once(':') else {
                continue;
            };
            if !grants(key)
                || catalog.level(ns, action).is_some()
                || kept_whole.contains(ns.to_ascii_lowercase().as_str())
                || self.service_unused(ns).is_some()
            {
                continue;
            }
            match self.unused_of(ns, action) {
                Some(why) => out.unused.push((tracked.name.to_string(), why)),
                None => out.keep.push(tracked.name.to_string()),
            }
        }
        out
    }
}

/// What a report knows beyond the catalog, for one statement
/// ([`Evidence::beyond_catalog`]).
#[derive(Default)]
struct Beyond {
    /// To keep in an explicit list: `svc:*` for a used service granted
    /// whole, else each used tracked action by name.
    keep: Vec<String>,
    /// Proven unused: the pattern that names it, and why.
    unused: Vec<(String, String)>,
}

impl Beyond {
    /// Whether something of `svc` is proven unused here: then `svc:*`
    /// cannot stand for what is kept of it.
    fn unused_in(&self, svc: &str) -> bool {
        self.unused.iter().any(|(p, _)| {
            p.split_once(':')
                .is_some_and(|(s, _)| s.eq_ignore_ascii_case(svc))
        })
    }

    /// Append what to keep to `list` (what a `svc:*` there covers aside),
    /// and the reasons to `reasons`.
    fn into_list(self, list: &mut Vec<String>, reasons: &mut BTreeSet<String>) {
        reasons.extend(self.unused.into_iter().map(|(_, why)| why));
        for k in self.keep {
            if !list
                .iter()
                .any(|l| l.ends_with(":*") && wildcard_match(l, &k))
            {
                list.push(k);
            }
        }
    }
}

/// A tracked action of a report: its status and its name as written.
#[derive(Clone, Debug)]
struct Tracked {
    status: Status,
    /// Shared by the evidence combined from this one.
    name: std::rc::Rc<str>,
}

impl Tracked {
    /// Keyed by its lower-case name.
    fn entry(name: String, status: Status) -> (String, Tracked) {
        let key = name.to_ascii_lowercase();
        (
            key,
            Tracked {
                status,
                name: name.into(),
            },
        )
    }
}

/// The services of a report whose non-use proves nothing: those whose
/// threshold (`threshold_of` a namespace) is longer than its principal
/// existed before the report ended (`observed_days`,
/// [`crate::report::staleness::observed_days`]). Neither such a service
/// nor a tracked action of it that was not used is proven unused. The
/// lower-case namespaces of `namespaces` that are.
///
/// ```
/// use lastaccessed::report::rewrite::unproven;
/// // Created 20 days before the report: athena and s3 (90 days) are too
/// // long to tell, kms (7) is not.
/// let threshold = |ns: &str| if ns == "kms" { 7 } else { 90 };
/// assert_eq!(unproven(["s3", "athena", "kms"], Some(20), &threshold), ["s3", "athena"]);
/// assert!(unproven(["s3", "athena"], Some(400), &threshold).is_empty());
/// assert!(unproven(["s3", "athena"], None, &threshold).is_empty());
/// ```
pub fn unproven<'a>(
    namespaces: impl IntoIterator<Item = &'a str>,
    observed_days: Option<i64>,
    threshold_of: &dyn Fn(&str) -> u32,
) -> Vec<String> {
    namespaces
        .into_iter()
        .filter(|ns| !proves_unused(observed_days, threshold_of(ns)))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A principal younger than some of its report's thresholds (by the
/// authorization details' `CreateDate`), with something it did not use in
/// them: how many days it existed before its report ended, the services
/// whose non-use proves nothing ([`unproven`]), and those of them it did not
/// use at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Young {
    pub days: i64,
    pub services: Vec<String>,
    pub unused: Vec<String>,
}

impl Young {
    /// Whether a principal that existed for `days` before its report ended
    /// is younger than some of its services' thresholds (`threshold_of` a
    /// namespace) and did not use something of them: a service, or a
    /// tracked action (its report's rows).
    pub fn of(
        days: i64,
        services: &[ServiceRow],
        actions: &[ActionRow],
        threshold_of: &dyn Fn(&str) -> u32,
    ) -> Option<Young> {
        let young = unproven(
            services.iter().map(|r| r.namespace.as_str()),
            Some(days),
            threshold_of,
        );
        let of_them = |ns: &str| young.contains(&ns.to_ascii_lowercase());
        let unused: Vec<String> = services
            .iter()
            .filter(|r| r.status != Status::Recent && of_them(&r.namespace))
            .map(|r| r.namespace.to_ascii_lowercase())
            .collect();
        let unseen = || {
            actions
                .iter()
                .any(|a| a.status != Status::Recent && of_them(a.namespace()))
        };
        (!unused.is_empty() || unseen()).then_some(Young {
            days,
            services: young,
            unused,
        })
    }

    /// What a suggestion or a rewrite for it says.
    ///
    /// ```
    /// use lastaccessed::report::rewrite::Young;
    /// let y = Young { days: 20, services: vec!["athena".into(), "s3".into()], unused: vec!["athena".into()] };
    /// assert!(y.note().starts_with("Created 20 days before this report"));
    /// assert!(y.note().contains("athena, s3"));
    /// let later = Young { days: -3, ..y };
    /// assert!(later.note().starts_with("Created after this report"));
    /// ```
    pub fn note(&self) -> String {
        if self.days < 0 {
            return "Created after this report (its CreateDate in the authorization details): \
                    the report is about an earlier principal of the same name, so what it shows \
                    unused proves nothing of this one, and nothing is taken away. Load a report \
                    made since."
                .into();
        }
        let unused = match self.unused.as_slice() {
            [] => String::new(),
            list => format!(" It did not use {} at all.", list.join(", ")),
        };
        format!(
            "Created {} day{} before this report (its CreateDate in the authorization details): \
             less than the threshold, so what it did not use of {} in that time is kept, not \
             proven unused (a service or action used once a month would look unused).{unused} \
             A report made once it is older than the threshold can tell.",
            self.days,
            if self.days == 1 { "" } else { "s" },
            self.services.join(", ")
        )
    }
}

/// A rewritten document: `None` when no statement is left.
#[derive(Clone, Debug, PartialEq)]
pub struct Rewritten {
    pub document: Option<Value>,
    /// Action patterns removed (or narrowed), as they were written.
    pub removed: Vec<String>,
    /// Why, one line per unused service or action.
    pub reasons: Vec<String>,
    /// Whether anything changed.
    pub changed: bool,
}

fn is_norepo(st: &Map<String, Value>) -> bool {
    st.get("Sid")
        .and_then(Value::as_str)
        .is_some_and(|s| s.to_ascii_uppercase().starts_with("NOREPO"))
}

/// Each action with why it is proven unused (`None`: it stays), judged once.
type Judged = (ActionRef, Option<String>);

/// Judge `actions` against the evidence, grouped by service.
fn judge(actions: Vec<ActionRef>, evidence: &Evidence) -> BTreeMap<&'static str, Vec<Judged>> {
    by_service(actions)
        .into_iter()
        .map(|(svc, list)| {
            let judged = list.into_iter().map(|a| (a, evidence.unused(&a))).collect();
            (svc, judged)
        })
        .collect()
}

fn any_unused(judged: &BTreeMap<&'static str, Vec<Judged>>) -> bool {
    judged.values().flatten().any(|(_, why)| why.is_some())
}

/// The new Action list for what a statement grants (judged, by service),
/// leaving out what the evidence proves unused. A service with nothing
/// unused, granted whole, stays `svc:*` — only where `star_ok(svc)` says the
/// original granted `svc:*` too (actions the catalog does not know yet
/// included), so the list never grants more.
fn kept_actions(
    catalog: &Catalog,
    judged: &BTreeMap<&'static str, Vec<Judged>>,
    reasons: &mut BTreeSet<String>,
    star_ok: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for (svc, actions) in judged {
        reasons.extend(actions.iter().filter_map(|(_, why)| why.clone()));
        let none_unused = actions.iter().all(|(_, why)| why.is_none());
        let whole =
            star_ok(svc) && catalog.service(svc).map(|s| s.actions.len()) == Some(actions.len());
        if none_unused && whole {
            out.push(format!("{svc}:*"));
        } else {
            out.extend(
                actions
                    .iter()
                    .filter(|(_, why)| why.is_none())
                    .map(|(a, _)| format!("{}:{}", a.service, a.action)),
            );
        }
    }
    out
}

/// What a rewritten Allow statement grants: an explicit `Action` list
/// (empty: the statement goes), or a `NotAction` list that excludes more.
enum Kept {
    Action(Vec<String>),
    NotAction(Vec<String>),
}

/// Rewrite one Allow statement's actions; `None` when nothing changes.
/// Returns what it grants now and what was removed.
fn rewrite_statement(
    catalog: &Catalog,
    st: &Map<String, Value>,
    evidence: &Evidence,
    reasons: &mut BTreeSet<String>,
    narrow: bool,
) -> Option<(Kept, Vec<String>)> {
    if let Some(patterns) = string_list(st.get("Action")) {
        let everything = patterns.iter().any(|p| p.trim() == "*");
        if everything && !narrow {
            // "*" is NotAction []: it excludes what is proven unused.
            return exclude_unused(catalog, &[], evidence, reasons)
                .map(|(not, gone)| (Kept::NotAction(not), gone));
        }
        if everything {
            // "*": every catalog action; rewritten like NotAction [].
            return rewrite_not_action(catalog, &[], evidence, reasons)
                .map(|kept| (Kept::Action(kept), vec!["*".to_string()]));
        }
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        let mut changed = false;
        for p in &patterns {
            let judged = judge(catalog.expand(p), evidence);
            let expanded = judged.values().map(Vec::len).sum::<usize>();
            let unused = judged
                .values()
                .flatten()
                .filter(|(_, why)| why.is_some())
                .count();
            if expanded == 0 {
                // Naming no catalog action: it goes only when the report
                // proves unused all it names (a service of its own, or a
                // tracked action, newer than the catalog).
                let proven = match p.split_once(':') {
                    Some((s, a)) if !s.contains(['*', '?']) => evidence.unused_of(s, a),
                    _ => None,
                };
                match proven {
                    Some(why) => {
                        changed = true;
                        removed.push(p.clone());
                        reasons.insert(why);
                    }
                    None => kept.push(p.clone()),
                }
                continue;
            }
            let beyond = evidence.beyond_catalog(
                catalog,
                &|ns| reaches_service(Some(std::slice::from_ref(p)), None, ns),
                &|ns| wildcard_match(p, &format!("{ns}:*")),
                &|key| wildcard_match(p, key),
            );
            if unused == 0 && beyond.unused.is_empty() {
                kept.push(p.clone());
                continue;
            }
            // Not narrowing: a pattern goes whole or stays as written.
            if !narrow && (unused < expanded || !beyond.keep.is_empty()) {
                kept.push(p.clone());
                continue;
            }
            changed = true;
            removed.push(p.clone());
            let star_ok =
                |svc: &str| wildcard_match(p, &format!("{svc}:*")) && !beyond.unused_in(svc);
            let mut list = kept_actions(catalog, &judged, reasons, &star_ok);
            beyond.into_list(&mut list, reasons);
            kept.extend(list);
        }
        if !changed {
            return None;
        }
        let mut seen = BTreeSet::new();
        kept.retain(|a| seen.insert(a.to_ascii_lowercase()));
        return Some((Kept::Action(kept), removed));
    }
    let except = string_list(st.get("NotAction"))?;
    if !narrow {
        return exclude_unused(catalog, &except, evidence, reasons)
            .map(|(not, gone)| (Kept::NotAction(not), gone));
    }
    rewrite_not_action(catalog, &except, evidence, reasons).map(|kept| {
        let removed = vec![format!("NotAction {}", except.join(", "))];
        (Kept::Action(kept), removed)
    })
}

/// A `NotAction` Allow (or `*`) kept as a `NotAction` that also excludes
/// what is proven unused, when an explicit list would be too long: a
/// service wholly unused as `svc:*`, else its unused actions one by one.
/// Returns the new `NotAction` list and the patterns added to it.
fn exclude_unused(
    catalog: &Catalog,
    except: &[String],
    evidence: &Evidence,
    reasons: &mut BTreeSet<String>,
) -> Option<(Vec<String>, Vec<String>)> {
    let (judged, beyond) = not_action_judged(catalog, except, evidence)?;
    let mut added = Vec::new();
    for (svc, actions) in &judged {
        reasons.extend(actions.iter().filter_map(|(_, why)| why.clone()));
        if actions.iter().all(|(_, why)| why.is_some()) {
            added.push(format!("{svc}:*"));
        } else {
            added.extend(
                actions
                    .iter()
                    .filter(|(_, why)| why.is_some())
                    .map(|(a, _)| format!("{}:{}", a.service, a.action)),
            );
        }
    }
    for (pattern, why) in beyond.unused {
        reasons.insert(why);
        added.push(pattern);
    }
    let mut not = except.to_vec();
    not.extend(added.iter().cloned());
    Some((not, added))
}

/// A `NotAction` Allow (or `*`) as an explicit list, when it grants
/// anything proven unused.
fn rewrite_not_action(
    catalog: &Catalog,
    except: &[String],
    evidence: &Evidence,
    reasons: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    let (judged, beyond) = not_action_judged(catalog, except, evidence)?;
    let mut kept = kept_actions(catalog, &judged, reasons, &|svc| {
        granted_whole(except, svc) && !beyond.unused_in(svc)
    });
    beyond.into_list(&mut kept, reasons);
    Some(kept)
}

/// Whether a `NotAction` Allow of `except` grants `svc:*`: no excluded
/// pattern can reach the service.
fn granted_whole(except: &[String], svc: &str) -> bool {
    !except.iter().any(|p| match p.split_once(':') {
        Some((s, _)) => wildcard_match(s, svc),
        None => true,
    })
}

/// What a `NotAction` Allow of `except` (`[]`: `"*"`) grants, judged: the
/// catalog's actions, and what the report knows beyond the catalog;
/// `None` when nothing of it is proven unused.
fn not_action_judged(
    catalog: &Catalog,
    except: &[String],
    evidence: &Evidence,
) -> Option<(BTreeMap<&'static str, Vec<Judged>>, Beyond)> {
    let judged = judge(catalog.all_except(except), evidence);
    let beyond = evidence.beyond_catalog(
        catalog,
        &|ns| reaches_service(None, Some(except), ns),
        &|ns| granted_whole(except, ns),
        &|key| !except.iter().any(|p| wildcard_match(p, key)),
    );
    (any_unused(&judged) || !beyond.unused.is_empty()).then_some((judged, beyond))
}

/// Rewrite a policy document against the evidence.
pub fn rewrite_document(catalog: &Catalog, doc: &Value, evidence: &Evidence) -> Rewritten {
    rewrite_document_with(catalog, doc, evidence, true)
}

/// The rewrite; with `narrow` false (for a policy whose explicit lists
/// would exceed IAM's size quota), a wildcard that also covers used actions
/// stays as written and only patterns wholly unused go, and a `NotAction`
/// Allow (or `*`) stays a `NotAction` that also excludes what is proven
/// unused.
pub fn rewrite_document_with(
    catalog: &Catalog,
    doc: &Value,
    evidence: &Evidence,
    narrow: bool,
) -> Rewritten {
    let single = matches!(doc.get("Statement"), Some(Value::Object(_)));
    let statements: Vec<Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(v @ Value::Object(_)) => vec![v.clone()],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    let mut removed = Vec::new();
    let mut reasons = BTreeSet::new();
    let mut changed = false;
    for st in statements {
        let Some(map) = st.as_object() else {
            out.push(st);
            continue;
        };
        let allow = map
            .get("Effect")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("Allow"));
        if !allow || is_norepo(map) {
            out.push(st);
            continue;
        }
        match rewrite_statement(catalog, map, evidence, &mut reasons, narrow) {
            None => out.push(st),
            Some((kept, gone)) => {
                changed = true;
                removed.extend(gone);
                let list =
                    |v: Vec<String>| Value::Array(v.into_iter().map(Value::String).collect());
                let (key, value) = match kept {
                    Kept::Action(kept) if kept.is_empty() => continue,
                    Kept::Action(kept) => ("Action", list(kept)),
                    Kept::NotAction(not) => ("NotAction", list(not)),
                };
                out.push(Value::Object(with_actions(map, key, value)));
            }
        }
    }
    let document = if out.is_empty() {
        None
    } else {
        let mut d = doc.clone();
        if let Some(m) = d.as_object_mut() {
            let statement = if single && out.len() == 1 {
                out.remove(0)
            } else {
                Value::Array(out)
            };
            m.insert("Statement".into(), statement);
        }
        Some(d)
    };
    Rewritten {
        document: if changed { document } else { Some(doc.clone()) },
        removed,
        reasons: reasons.into_iter().collect(),
        changed,
    }
}

/// The statement with its `Action`/`NotAction` replaced by `key: value`,
/// where the old one was (the other keys in their order).
fn with_actions(st: &Map<String, Value>, key: &str, value: Value) -> Map<String, Value> {
    let mut out = Map::new();
    let mut value = Some(value);
    for (k, v) in st {
        if k == "Action" || k == "NotAction" {
            if let Some(v) = value.take() {
                out.insert(key.to_string(), v);
            }
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// A document's size as IAM counts it against its quotas: JSON without
/// white space.
pub fn policy_size(doc: &Value) -> usize {
    doc.to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// IAM's size quotas (white space not counted): a managed policy, and all
/// inline policies of a role, user or group together.
pub const MANAGED_LIMIT: usize = 6_144;
pub const ROLE_INLINE_LIMIT: usize = 10_240;
pub const USER_INLINE_LIMIT: usize = 2_048;
pub const GROUP_INLINE_LIMIT: usize = 5_120;
