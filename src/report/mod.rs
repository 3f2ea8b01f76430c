//! The pure core of lastaccessed: no browser APIs, tested natively.
//!
//! Data flows one way:
//!
//! ```text
//! bytes ──input::parse_file──▶ SourcedPage* ──merge::merge──▶ Report*
//!       ──table::service_rows / action_rows (reference time, threshold)──▶ rows with Status
//!       ──table::sort_services / sort_actions──▶ what the tables show
//! ```
//!
//! | module | job |
//! |---|---|
//! | [`aws_error`] | AWS errors and the JobId output pasted instead of a report, explained |
//! | [`guide`] | the AWS CLI commands and boto3 script that produce a report |
//! | [`error`] | the one error type (file, document, line/column, JSON path) and notices |
//! | [`time`] | lenient timestamps → UTC via chrono |
//! | [`model`] | serde types of the API response |
//! | [`input`] | bytes → pages: one object, an array, concatenated documents |
//! | [`mod@merge`] | pages → one report per job; duplicates, truncation, principal |
//! | [`report`] | the report type, its job key and labels (principal, organization entity, file path) |
//! | [`staleness`] | never / stale / recent against a reference time |
//! | [`table`] | rows, sort keys, sorting, tallies |
//! | [`filter`] | text search, status, age bucket, Region filters |
//! | [`chart`] | age buckets, coverage, timeline positions |
//! | [`export`] | CSV of the tables, the merged report as JSON |
//! | [`policy`] | least-privilege suggestions (where each goes) and their caveats |
//! | [`id`] | one trait for the small enums' string ids (sorts, buckets, statuses, reference, shapes) |
//! | [`iam`] | a small model of IAM policy evaluation the suggestions are checked against |
//! | [`matrix`] | several principals side by side |
//! | [`share`] | share links (view state and data in the fragment), redaction |
//! | [`split`] | a large JSON array of pages read in parts, checked to chain, joined |
//! | [`sample`] | the bundled sample report |
//!
//! ```
//! use lastaccessed::report::{input::parse_file, merge::merge, sample};
//! let pages: Vec<_> = sample::FILES
//!     .iter()
//!     .flat_map(|(name, bytes)| parse_file(name, bytes).unwrap().pages)
//!     .collect();
//! let reports = merge(&pages);
//! assert_eq!(reports.len(), 1);
//! assert!(reports[0].complete);
//! ```

pub mod analyzer;
pub mod archive;
pub mod authz;
pub mod aws_error;
pub mod catalog;
pub mod chart;
pub mod compare;
pub mod diff;
pub mod error;
pub mod export;
pub mod filter;
pub mod fleet;
pub mod granted;
pub mod guide;
pub mod iam;
pub mod id;
pub mod input;
pub mod matrix;
pub mod merge;
pub mod model;
pub mod plan;
pub mod policy;
#[allow(clippy::module_inception)]
pub mod report;
pub mod repr;
pub mod rewrite;
pub mod sample;
pub mod share;
pub mod split;
pub mod staleness;
pub mod table;
pub mod time;
pub mod xml;
pub mod yaml;

pub use error::{Error, ErrorKind, Level, Notice, NoticeKind};
pub use merge::merge;
pub use report::Report;
pub use staleness::{ReferenceMode, Status};
