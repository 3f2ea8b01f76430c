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

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::time;

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

/// One page of the response, exactly as one API call returns it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Page {
    pub job_status: JobStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<JobType>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt"
    )]
    pub job_creation_date: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub services_last_accessed: Vec<ServiceLastAccessed>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_completion_date: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetails>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorDetails {
    #[serde(default, deserialize_with = "null_as_default")]
    pub message: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceLastAccessed {
    #[serde(default, deserialize_with = "null_as_default")]
    pub service_name: String,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub service_namespace: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_authenticated_entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_authenticated_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_authenticated_entities: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracked_actions_last_accessed: Option<Vec<TrackedActionLastAccessed>>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrackedActionLastAccessed {
    #[serde(default, deserialize_with = "null_as_default")]
    pub action_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_accessed_entity: Option<String>,
    #[serde(
        default,
        deserialize_with = "time::de_opt",
        serialize_with = "time::ser_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_accessed_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_accessed_region: Option<String>,
}

/// `null` deserialises to the type's default (empty string, empty list, false).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
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

    #[test]
    fn negative_entity_count_is_rejected() {
        let r: Result<ServiceLastAccessed, _> =
            serde_json::from_str(r#"{"ServiceNamespace":"s3","TotalAuthenticatedEntities":-1}"#);
        assert!(r.is_err());
    }
}
