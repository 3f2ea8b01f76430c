//! Serde types mirroring the `GetServiceLastAccessedDetails` response.
//!
//! Field names are the API's (PascalCase). Unknown keys such as
//! `ResponseMetadata` are ignored. Optional fields treat "absent" and `null`
//! alike, as real responses omit fields that have no value.
//!
//! ```
//! use lastaccessed::report::model::{Page, JobStatus};
//! let page: Page = serde_json::from_str(r#"{
//!     "JobStatus": "COMPLETED",
//!     "JobCreationDate": "2018-10-24T19:47:31.466Z",
//!     "ServicesLastAccessed": [{"ServiceName": "Amazon S3", "ServiceNamespace": "s3"}],
//!     "IsTruncated": false,
//!     "ResponseMetadata": {"RequestId": "x"}
//! }"#).unwrap();
//! assert_eq!(page.job_status, JobStatus::Completed);
//! assert_eq!(page.services_last_accessed[0].last_authenticated, None);
//! ```

use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::time;

/// Strings that repeat across a report (entities, Regions, action names),
/// stored once.
///
/// A table per thread, emptied by [`intern::reset`] at the start of each
/// file, so it never outlives a parse by more than one file; it stops
/// growing at [`intern::MAX`] distinct strings.
pub mod intern {
    use std::cell::RefCell;
    use std::rc::Rc;

    use foldhash::HashSet;
    use serde::de::{Deserializer, Visitor};

    /// Room for every action name AWS tracks, the principals' ARNs and the
    /// Regions of an account's reports in one file (the table itself is a
    /// pointer and a hash slot per string; it goes with the file).
    pub const MAX: usize = 1 << 16;

    #[derive(Default)]
    struct Table {
        all: HashSet<Rc<str>>,
        /// The last few strings asked for: rows repeat them (an entity, a
        /// few Regions), found by comparing, not hashing.
        recent: [Option<Rc<str>>; 4],
    }

    thread_local! {
        static TABLE: RefCell<Table> = RefCell::new(Table::default());
    }

    /// Forget every string (call before reading a new file).
    pub fn reset() {
        TABLE.with(|t| *t.borrow_mut() = Table::default());
    }

    /// The shared copy of `s`.
    pub fn get(s: &str) -> Rc<str> {
        TABLE.with(|t| {
            let mut t = t.borrow_mut();
            if let Some(k) = t.recent.iter().flatten().find(|k| ***k == *s) {
                return k.clone();
            }
            let k = match t.all.get(s) {
                Some(k) => k.clone(),
                None => {
                    let k: Rc<str> = s.into();
                    if t.all.len() < MAX {
                        t.all.insert(k.clone());
                    }
                    k
                }
            };
            t.recent.rotate_right(1);
            t.recent[0] = Some(k.clone());
            k
        })
    }

    struct OptStr;

    impl<'de> Visitor<'de> for OptStr {
        type Value = Option<Rc<str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or null")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Some(get(s)))
        }
    }

    /// Serde helper: an optional string, interned.
    pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rc<str>>, D::Error> {
        d.deserialize_option(OptStr)
    }

    /// Serde helper: a string, interned (`null` reads as the empty string;
    /// binary formats carry the plain string, as `Serialize` writes it).
    pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Rc<str>, D::Error> {
        let text = if d.is_human_readable() {
            opt(d)?
        } else {
            d.deserialize_str(OptStr)?
        };
        Ok(text.unwrap_or_default())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    InProgress,
    Completed,
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobType {
    ServiceLevel,
    ActionLevel,
}

impl JobType {
    pub fn label(self) -> &'static str {
        match self {
            JobType::ServiceLevel => "service level",
            JobType::ActionLevel => "action level",
        }
    }
}

impl JobStatus {
    pub fn label(self) -> &'static str {
        match self {
            JobStatus::InProgress => "IN_PROGRESS",
            JobStatus::Completed => "COMPLETED",
            JobStatus::Failed => "FAILED",
        }
    }
}

/// Which API a page comes from.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Kind {
    /// `GetServiceLastAccessedDetails`.
    #[default]
    ServiceLastAccessed,
    /// `GetOrganizationsAccessReport`, its `AccessDetails` read as services.
    Organizations,
}

/// One page of the response, exactly as one API call returns it. The same
/// type reads the two related responses in the same single typed pass:
/// `…WithEntities` (its `EntityDetailsList`) and `GetOrganizationsAccessReport`
/// (its `AccessDetails` and counts, `ErrorDetails`); [`Page::into_document`]
/// tells them apart.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Page {
    #[serde(alias = "jobStatus")]
    pub job_status: JobStatus,
    #[serde(default, alias = "jobType")]
    pub job_type: Option<JobType>,
    #[serde(
        default,
        alias = "jobCreationDate",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub job_creation_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        alias = "servicesLastAccessed",
        deserialize_with = "null_as_default"
    )]
    pub services_last_accessed: Vec<Rc<ServiceLastAccessed>>,
    #[serde(
        default,
        alias = "jobCompletionDate",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub job_completion_date: Option<DateTime<Utc>>,
    #[serde(default, alias = "isTruncated", deserialize_with = "null_as_default")]
    pub is_truncated: bool,
    #[serde(default, alias = "marker")]
    pub marker: Option<String>,
    #[serde(default, alias = "error", alias = "ErrorDetails")]
    pub error: Option<ErrorDetails>,
    /// Organizations report only.
    #[serde(default, alias = "numberOfServicesAccessible")]
    pub number_of_services_accessible: Option<u64>,
    /// Organizations report only.
    #[serde(default, alias = "numberOfServicesNotAccessed")]
    pub number_of_services_not_accessed: Option<u64>,
    /// `GetServiceLastAccessedDetailsWithEntities` only; moved out by
    /// [`Page::into_document`].
    #[serde(default, alias = "entityDetailsList")]
    pub entity_details_list: Option<Vec<EntityDetails>>,
    /// `GetOrganizationsAccessReport` only; moved into `services_last_accessed`
    /// by [`Page::into_document`].
    #[serde(default, alias = "accessDetails")]
    pub access_details: Option<Vec<AccessDetail>>,
    /// Not an API field: set by the input layer (serialised under a name
    /// the API never uses, so pages survive the trip to and from the worker).
    #[serde(default, rename = "x-lastaccessed-kind")]
    pub kind: Kind,
    /// The principal the report is about, when known from outside the
    /// response (Aardvark keys its data by ARN). Part of the job identity.
    #[serde(default, rename = "x-lastaccessed-principal")]
    pub principal: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorDetails {
    #[serde(default, alias = "message", deserialize_with = "null_as_default")]
    pub message: String,
    #[serde(default, alias = "code", deserialize_with = "null_as_default")]
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceLastAccessed {
    #[serde(default, alias = "serviceName", deserialize_with = "null_as_default")]
    pub service_name: String,
    #[serde(
        default,
        alias = "lastAuthenticated",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub last_authenticated: Option<DateTime<Utc>>,
    #[serde(
        default,
        alias = "serviceNamespace",
        deserialize_with = "null_as_default"
    )]
    pub service_namespace: String,
    #[serde(default, alias = "lastAuthenticatedEntity")]
    pub last_authenticated_entity: Option<String>,
    #[serde(default, alias = "lastAuthenticatedRegion")]
    pub last_authenticated_region: Option<String>,
    #[serde(default, alias = "totalAuthenticatedEntities")]
    pub total_authenticated_entities: Option<u64>,
    #[serde(default, alias = "trackedActionsLastAccessed", with = "tracked_wire")]
    pub tracked_actions_last_accessed: Option<Vec<TrackedActionLastAccessed>>,
}

/// A service's tracked actions between the workers: in binary formats each
/// entity and Region the list names is written once and each action
/// points at it (a 40 MB report repeats one role's ARN on 100 000 actions),
/// and times are [`time::wire`]; text formats keep the API's own shape.
///
/// ```
/// use lastaccessed::report::model::ServiceLastAccessed;
/// let json = r#"{"ServiceName":"Amazon S3","ServiceNamespace":"s3","TrackedActionsLastAccessed":[
///     {"ActionName":"GetBucketPolicy","LastAccessedEntity":"arn:aws:iam::123456789012:role/app","LastAccessedTime":"2026-10-01T00:00:00Z","LastAccessedRegion":"us-east-1"},
///     {"ActionName":"PutBucketPolicy","LastAccessedEntity":"arn:aws:iam::123456789012:role/app","LastAccessedTime":"2026-10-02T00:00:00Z","LastAccessedRegion":"us-east-1"},
///     {"ActionName":"DeleteBucketPolicy"}]}"#;
/// let s: ServiceLastAccessed = serde_json::from_str(json).unwrap();
/// let bytes = bincode::serialize(&s).unwrap();
/// assert_eq!(bincode::deserialize::<ServiceLastAccessed>(&bytes).unwrap(), s);
/// // The ARN and the Region once each, not once per action.
/// let arn = b"arn:aws:iam::123456789012:role/app";
/// assert_eq!(bytes.windows(arn.len()).filter(|w| w == arn).count(), 1);
/// ```
pub mod tracked_wire {
    use std::rc::Rc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{intern, TrackedActionLastAccessed};
    use crate::report::time::wire::{from_parts, parts};

    /// An action: its name, time, and entity and Region as 1 + their place
    /// in `texts` (0: none).
    type Row<S> = (S, Option<(i64, u32)>, u32, u32);

    #[derive(Serialize)]
    struct Out<'a> {
        texts: Vec<&'a str>,
        rows: Vec<Row<&'a str>>,
    }

    /// Read from the wire's bytes in place: each text is interned, not
    /// copied first.
    #[derive(Deserialize)]
    struct In<'a> {
        #[serde(borrow)]
        texts: Vec<&'a str>,
        #[serde(borrow)]
        rows: Vec<Row<&'a str>>,
    }

    pub fn serialize<S: Serializer>(
        v: &Option<Vec<TrackedActionLastAccessed>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let Some(actions) = v.as_ref().filter(|_| !s.is_human_readable()) else {
            return v.serialize(s);
        };
        let mut texts = Texts::default();
        let rows = actions
            .iter()
            .map(|a| {
                (
                    &*a.action_name,
                    a.last_accessed_time.as_ref().map(parts),
                    texts.place(0, a.last_accessed_entity.as_deref()),
                    texts.place(1, a.last_accessed_region.as_deref()),
                )
            })
            .collect();
        Some(Out {
            texts: texts.all,
            rows,
        })
        .serialize(s)
    }

    /// The distinct texts of a list, each with its place.
    #[derive(Default)]
    struct Texts<'a> {
        all: Vec<&'a str>,
        places: std::collections::HashMap<&'a str, u32>,
        /// The last text placed in each column (entity, Region): actions
        /// in a row share them, found with no lookup.
        last: [Option<(&'a str, u32)>; 2],
    }

    impl<'a> Texts<'a> {
        /// 1 + the place of `t` (0: none), from column `col`.
        fn place(&mut self, col: usize, t: Option<&'a str>) -> u32 {
            let Some(t) = t else { return 0 };
            if let Some((last, k)) = self.last[col] {
                if std::ptr::eq(last, t) || last == t {
                    return k;
                }
            }
            // A handful (a list's Regions) are compared, more are hashed.
            let found = if self.all.len() <= 8 {
                self.all
                    .iter()
                    .position(|x| std::ptr::eq(*x, t) || *x == t)
                    .map(|at| at as u32 + 1)
            } else {
                self.places.get(t).copied()
            };
            let k = found.unwrap_or_else(|| {
                self.all.push(t);
                let k = self.all.len() as u32;
                self.places.insert(t, k);
                k
            });
            self.last[col] = Some((t, k));
            k
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<TrackedActionLastAccessed>>, D::Error> {
        if d.is_human_readable() {
            return Option::deserialize(d);
        }
        let Some(In { texts, rows }) = Option::<In>::deserialize(d)? else {
            return Ok(None);
        };
        let texts: Vec<Rc<str>> = texts.into_iter().map(intern::get).collect();
        let text = |k: u32| -> Result<Option<Rc<str>>, D::Error> {
            match k {
                0 => Ok(None),
                k => texts
                    .get(k as usize - 1)
                    .cloned()
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom("a text out of range")),
            }
        };
        rows.into_iter()
            .map(|(name, time, entity, region)| {
                Ok(TrackedActionLastAccessed {
                    action_name: intern::get(name),
                    last_accessed_entity: text(entity)?,
                    last_accessed_time: time.map(from_parts).transpose()?,
                    last_accessed_region: text(region)?,
                })
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrackedActionLastAccessed {
    /// Interned: an account's reports name the same actions again and again.
    #[serde(default, alias = "actionName", deserialize_with = "intern::text")]
    pub action_name: Rc<str>,
    /// Interned: the same entity repeats on most actions of a report.
    #[serde(
        default,
        alias = "lastAccessedEntity",
        deserialize_with = "intern::opt"
    )]
    pub last_accessed_entity: Option<Rc<str>>,
    #[serde(
        default,
        alias = "lastAccessedTime",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub last_accessed_time: Option<DateTime<Utc>>,
    /// Interned, like the entity.
    #[serde(
        default,
        alias = "lastAccessedRegion",
        deserialize_with = "intern::opt"
    )]
    pub last_accessed_region: Option<Rc<str>>,
}

/// One page of `GetServiceLastAccessedDetailsWithEntities`: which entities
/// used one service of a report job (the service is not named in the response).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntitiesPage {
    #[serde(alias = "jobStatus")]
    pub job_status: JobStatus,
    #[serde(
        default,
        alias = "jobCreationDate",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub job_creation_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        alias = "jobCompletionDate",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub job_completion_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        alias = "entityDetailsList",
        deserialize_with = "null_as_default"
    )]
    pub entity_details_list: Vec<EntityDetails>,
    #[serde(default, alias = "isTruncated", deserialize_with = "null_as_default")]
    pub is_truncated: bool,
    #[serde(default, alias = "marker")]
    pub marker: Option<String>,
    #[serde(default, alias = "error")]
    pub error: Option<ErrorDetails>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntityDetails {
    #[serde(alias = "entityInfo")]
    pub entity_info: EntityInfo,
    #[serde(
        default,
        alias = "lastAuthenticated",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub last_authenticated: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntityInfo {
    #[serde(default, alias = "arn", deserialize_with = "null_as_default")]
    pub arn: String,
    #[serde(default, alias = "name", deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default, alias = "type", deserialize_with = "null_as_default")]
    pub r#type: String,
    #[serde(default, alias = "id", deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(default, alias = "path")]
    pub path: Option<String>,
}

/// One `AccessDetails` item of `GetOrganizationsAccessReport`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessDetail {
    #[serde(default, alias = "serviceName", deserialize_with = "null_as_default")]
    pub service_name: String,
    #[serde(
        default,
        alias = "serviceNamespace",
        deserialize_with = "null_as_default"
    )]
    pub service_namespace: String,
    #[serde(default, alias = "region")]
    pub region: Option<String>,
    #[serde(default, alias = "entityPath")]
    pub entity_path: Option<String>,
    #[serde(
        default,
        alias = "lastAuthenticatedTime",
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub last_authenticated_time: Option<DateTime<Utc>>,
    #[serde(default, alias = "totalAuthenticatedEntities")]
    pub total_authenticated_entities: Option<u64>,
}

impl From<AccessDetail> for ServiceLastAccessed {
    fn from(a: AccessDetail) -> Self {
        ServiceLastAccessed {
            service_name: a.service_name,
            last_authenticated: a.last_authenticated_time,
            service_namespace: a.service_namespace,
            last_authenticated_entity: a.entity_path,
            last_authenticated_region: a.region,
            total_authenticated_entities: a.total_authenticated_entities,
            tracked_actions_last_accessed: None,
        }
    }
}

/// One parsed response document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    /// A services page (service last accessed, or organizations).
    Page(Page),
    Entities(EntitiesPage),
    /// A page of the account's authorization details.
    Authz(Box<super::authz::AuthzPage>),
    /// IAM Access Analyzer output (findings, a recommendation).
    Analyzer(Box<super::analyzer::AnalyzerDoc>),
}

impl Page {
    /// A page with this status and nothing else: build others from it with
    /// `Page { field: …, ..Page::new(status) }`.
    pub fn new(job_status: JobStatus) -> Self {
        Page {
            job_status,
            job_type: None,
            job_creation_date: None,
            services_last_accessed: Vec::new(),
            job_completion_date: None,
            is_truncated: false,
            marker: None,
            error: None,
            number_of_services_accessible: None,
            number_of_services_not_accessed: None,
            entity_details_list: None,
            access_details: None,
            kind: Kind::default(),
            principal: None,
        }
    }

    /// Tell the three related responses apart by the list each carries.
    pub fn into_document(mut self) -> Document {
        let entity_details_list = self.entity_details_list.take();
        let access_details = self.access_details.take();
        let mut page = self;
        if let Some(entities) = entity_details_list {
            return Document::Entities(EntitiesPage {
                job_status: page.job_status,
                job_creation_date: page.job_creation_date,
                job_completion_date: page.job_completion_date,
                entity_details_list: entities,
                is_truncated: page.is_truncated,
                marker: page.marker,
                error: page.error,
            });
        }
        let is_org = access_details.is_some()
            || page.number_of_services_accessible.is_some()
            || page.number_of_services_not_accessed.is_some();
        if is_org {
            page.kind = Kind::Organizations;
            page.services_last_accessed = access_details
                .unwrap_or_default()
                .into_iter()
                .map(|d| Rc::new(ServiceLastAccessed::from(d)))
                .collect();
        }
        Document::Page(page)
    }
}

/// `null` deserialises to the type's default (empty string, empty list, false).
/// Binary formats (the worker's bincode) carry the plain value.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    if d.is_human_readable() {
        Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
    } else {
        T::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_absent_are_the_same() {
        let a: ServiceLastAccessed = serde_json::from_str(
            r#"{"ServiceName":"S3","ServiceNamespace":"s3","LastAuthenticated":null,
                "LastAuthenticatedEntity":null,"TotalAuthenticatedEntities":null,
                "TrackedActionsLastAccessed":null}"#,
        )
        .unwrap();
        let b: ServiceLastAccessed =
            serde_json::from_str(r#"{"ServiceName":"S3","ServiceNamespace":"s3"}"#).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn unknown_job_status_is_an_error_naming_the_value() {
        let r: Result<Page, _> = serde_json::from_str(
            r#"{"JobStatus":"DONE","JobCreationDate":"2020-01-01T00:00:00Z"}"#,
        );
        let msg = r.unwrap_err().to_string();
        assert!(msg.contains("DONE"), "{msg}");
    }

    /// An action named in two places of one file is one string in memory,
    /// read from the JSON and again from the workers' wire.
    #[test]
    fn action_names_are_shared_within_a_file() {
        let json = r#"[{"ServiceName":"A","ServiceNamespace":"a","TrackedActionsLastAccessed":[
                {"ActionName":"ListThings"},{"ActionName":"GetThing"}]},
            {"ServiceName":"B","ServiceNamespace":"b","TrackedActionsLastAccessed":[
                {"ActionName":"GetThing"},{"ActionName":null}]}]"#;
        intern::reset();
        let services: Vec<ServiceLastAccessed> = serde_json::from_str(json).unwrap();
        let name = |s: &ServiceLastAccessed, i: usize| {
            s.tracked_actions_last_accessed.as_ref().unwrap()[i]
                .action_name
                .clone()
        };
        assert!(Rc::ptr_eq(&name(&services[0], 1), &name(&services[1], 0)));
        assert_eq!(&*name(&services[1], 1), "");
        let bytes = bincode::serialize(&services).unwrap();
        intern::reset();
        let back: Vec<ServiceLastAccessed> = bincode::deserialize(&bytes).unwrap();
        intern::reset();
        assert_eq!(back, services);
        assert!(Rc::ptr_eq(&name(&back[0], 1), &name(&back[1], 0)));
        assert!(!Rc::ptr_eq(&name(&back[0], 0), &name(&back[0], 1)));
        // An action on its own (outside a service's list) round-trips too.
        let one = services[0].tracked_actions_last_accessed.as_ref().unwrap()[0].clone();
        let bytes = bincode::serialize(&one).unwrap();
        let back: TrackedActionLastAccessed = bincode::deserialize(&bytes).unwrap();
        intern::reset();
        assert_eq!(back, one);
    }

    /// Past a few thousand distinct names (an account's reports in one
    /// file), a name is still one string wherever it appears.
    #[test]
    fn thousands_of_distinct_names_are_still_shared() {
        let actions: Vec<String> = (0..9000)
            .map(|i| format!(r#"{{"ActionName":"Action{i}"}}"#))
            .collect();
        let service = |ns: &str| {
            format!(
                r#"{{"ServiceName":"S","ServiceNamespace":"{ns}","TrackedActionsLastAccessed":[{}]}}"#,
                actions.join(",")
            )
        };
        let json = format!("[{},{}]", service("a"), service("b"));
        intern::reset();
        let services: Vec<ServiceLastAccessed> = serde_json::from_str(&json).unwrap();
        intern::reset();
        let last = |s: &ServiceLastAccessed| {
            s.tracked_actions_last_accessed.as_ref().unwrap()[8999]
                .action_name
                .clone()
        };
        assert_eq!(&*last(&services[1]), "Action8999");
        assert!(Rc::ptr_eq(&last(&services[0]), &last(&services[1])));
    }

    #[test]
    fn negative_entity_count_is_rejected() {
        let r: Result<ServiceLastAccessed, _> =
            serde_json::from_str(r#"{"ServiceNamespace":"s3","TotalAuthenticatedEntities":-1}"#);
        assert!(r.is_err());
    }
}
