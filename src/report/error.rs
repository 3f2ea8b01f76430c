//! The one error type of the core, and the warnings it reports beside data.
//!
//! Every error carries as much context as is known: the file name, the
//! document ("page") within the file, the line and column in the file, and
//! the JSON path of the offending value. `Display` renders all of it so the
//! UI can show the message as is.
//!
//! ```
//! use lastaccessed::report::{Error, ErrorKind};
//! let e = Error::new(ErrorKind::Empty).in_file("page-1.json");
//! assert_eq!(e.to_string(), "page-1.json: the file is empty");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// No bytes at all.
    Empty,
    /// Only white space.
    WhitespaceOnly,
    /// The bytes are not UTF-8 text (binary, image, other encoding).
    NotText,
    /// The text is not valid JSON; `message` is the parser's reason.
    InvalidJson { message: String },
    /// Valid JSON, but not a `GetServiceLastAccessedDetails` response.
    /// `looks_like` describes what it seems to be instead.
    NotAReport { looks_like: String },
    /// Looks like the right response, but a field has the wrong type or value.
    InvalidField { message: String },
    /// Larger than the app accepts (after decompression).
    TooLarge { bytes: usize, limit: usize },
    /// Python repr (boto3 `print(response)`) that could not be read.
    InvalidRepr { message: String },
    /// XML that could not be read.
    InvalidXml { message: String },
    /// YAML (the AWS CLI's `--output yaml`) that could not be read.
    InvalidYaml { message: String },
    /// The AWS CLI's `--output text` or `--output table`: lines that do
    /// not say which value is which.
    CliOutput { format: CliFormat },
    /// An AWS error (CLI text, boto3 traceback, error body) instead of a report.
    Aws(crate::report::aws_error::Failure),
    /// The generate call's output, `{"JobId": …}`, instead of a report.
    JobIdOutput { job_id: String },
    /// The file was not read at all; `reason` says why (the page could not
    /// start its parser, or the parser died on this file).
    NotRead { reason: String },
    /// A zip archive (or an entry of one) refused: damaged, encrypted, or
    /// past a bound that keeps a zip bomb out.
    Archive { reason: String },
}

/// The AWS CLI's output formats that lose the report's structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CliFormat {
    Text,
    Table,
}

/// An error with its context. Clone + PartialEq so it can live in UI state.
/// Boxed so `Result<_, Error>` stays small; fields read through `Deref`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error(Box<Context>);

/// The fields of an [`Error`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    pub kind: ErrorKind,
    /// The file (or "pasted text") the input came from.
    pub file: Option<String>,
    /// 1-based index of the JSON document within the file (several responses
    /// can be concatenated or wrapped in an array).
    pub page: Option<usize>,
    /// 1-based line and column within the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// JSON path of the offending value, e.g. `ServicesLastAccessed[2].LastAuthenticated`.
    pub path: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(Context {
            kind,
            file: None,
            page: None,
            line: None,
            column: None,
            path: None,
        }))
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.0.file = Some(file.into());
        self
    }

    pub fn at_page(mut self, page: usize) -> Self {
        self.0.page = Some(page);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.0.line = Some(line);
        self.0.column = Some(column);
        self
    }

    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        if !p.is_empty() && p != "." {
            self.0.path = Some(p);
        }
        self
    }

    /// Drop the document number.
    pub fn without_page(mut self) -> Self {
        self.0.page = None;
        self
    }

    /// Drop line and column (they would point into converted text, not the file).
    pub fn without_position(mut self) -> Self {
        self.0.line = None;
        self.0.column = None;
        self
    }

    /// The location part of the message: "file, document 2, line 3, column 7, at X".
    pub fn location(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.file {
            parts.push(f.clone());
        }
        if let Some(p) = self.page {
            parts.push(format!("document {p}"));
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            parts.push(format!("line {l}, column {c}"));
        }
        if let Some(p) = &self.path {
            parts.push(format!("at {p}"));
        }
        parts.join(", ")
    }
}

impl std::ops::Deref for Error {
    type Target = Context;
    fn deref(&self) -> &Context {
        &self.0
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Empty => write!(f, "the file is empty"),
            ErrorKind::WhitespaceOnly => write!(f, "the file holds only white space"),
            ErrorKind::NotText => write!(
                f,
                "this is not UTF-8 text (a binary file or an image?); expected the JSON output of get-service-last-accessed-details"
            ),
            ErrorKind::InvalidJson { message } => write!(f, "invalid JSON: {message}"),
            ErrorKind::NotAReport { looks_like } => write!(
                f,
                "not a GetServiceLastAccessedDetails response: this looks like {looks_like}"
            ),
            ErrorKind::InvalidField { message } => write!(f, "{message}"),
            ErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "too large: {} MB (the limit is {} MB); split the report into its pages and load those",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            ErrorKind::InvalidRepr { message } => {
                write!(f, "looks like Python output (boto3 print) but could not be read: {message}")
            }
            ErrorKind::InvalidXml { message } => write!(f, "invalid XML: {message}"),
            ErrorKind::InvalidYaml { message } => {
                write!(f, "looks like YAML (the AWS CLI's --output yaml) but could not be read: {message}")
            }
            ErrorKind::CliOutput { format } => {
                let name = match format {
                    CliFormat::Text => "text",
                    CliFormat::Table => "table",
                };
                write!(
                    f,
                    "this is the AWS CLI's {name} output (--output {name}), which does not keep \
                     the report's structure: save each page again with --output json (or --output yaml)"
                )
            }
            ErrorKind::Aws(failure) => {
                let advice = failure.advice();
                write!(f, "{}. {} {}", failure.headline().trim_end_matches('.'), advice.meaning, advice.todo)
            }
            ErrorKind::NotRead { reason } => write!(f, "not read: {reason}"),
            ErrorKind::Archive { reason } => write!(f, "{reason}"),
            ErrorKind::JobIdOutput { job_id } => write!(
                f,
                "this is the output of generate-service-last-accessed-details, not the report: \
                 its JobId is {job_id}. Fetch the report with aws iam get-service-last-accessed-details \
                 --job-id {job_id} (the commands shown here save every page), then load the pages."
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location();
        if loc.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{loc}: {}", self.kind)
        }
    }
}

impl std::error::Error for Error {}

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    Info,
    Warning,
}

/// Something the user should know that did not stop loading: what it is
/// about, as data. Its level and its text are rendered from the kind, so
/// tests and the UI match kinds, not prose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// Lines before the JSON were skipped (a terminal copy with its prompt).
    SkippedLines { file: String, lines: usize },
    /// Python repr times printed with `tzinfo=tzlocal()`: read as UTC.
    LocalTimes { file: String },
    /// Pages created at one time with different JobTypes: kept apart.
    MixedJobTypes { created: String },
    /// A `…WithEntities` file whose service could not be told.
    EntitiesServiceUnknown { file: String },
    /// Entity details loaded without their service report.
    EntitiesWithoutReport,
    /// Pages fetched before the job finished (`page n of file (STATUS)`), ignored.
    EarlyPagesIgnored { pages: Vec<String> },
    /// The same page of the same file loaded twice.
    LoadedTwice { page: String },
    /// A page identical to one already loaded from elsewhere.
    IdenticalPages { page: String, first: String },
    /// One namespace in two pages: one row kept.
    ServiceInTwoPages {
        namespace: String,
        first: String,
        second: String,
        different: bool,
    },
    /// The last page says `IsTruncated: true`; the marker fetches the next.
    Incomplete { marker: Option<String> },
    /// Services without a `ServiceNamespace` (their names).
    NoNamespace { names: Vec<String> },
    /// Last-access times older than the tracking window before the report.
    OlderThanTracking { count: usize, services: String },
    /// Last-access times later than the report's completion date.
    LaterThanCompletion {
        count: usize,
        services: String,
        completed: String,
    },
    /// The bundled sample made way for the user's files.
    SampleRemoved,
    /// A page of the account's authorization details was read.
    AuthorizationDetails {
        file: String,
        users: usize,
        groups: usize,
        roles: usize,
        policies: usize,
    },
    /// The collection script's `errors.txt`: principals it could not
    /// collect (`kind/name: why`).
    CollectionFailed { file: String, failed: Vec<String> },
    /// IAM Access Analyzer output was read.
    AnalyzerOutput {
        file: String,
        findings: usize,
        recommendation: bool,
    },
}

/// A notice: its kind (see [`NoticeKind`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
}

impl Notice {
    pub fn new(kind: NoticeKind) -> Self {
        Notice { kind }
    }

    pub fn level(&self) -> Level {
        use NoticeKind::*;
        match self.kind {
            SkippedLines { .. }
            | EntitiesWithoutReport
            | LoadedTwice { .. }
            | IdenticalPages { .. }
            | ServiceInTwoPages { .. }
            | SampleRemoved
            | AuthorizationDetails { .. }
            | AnalyzerOutput { .. } => Level::Info,
            LocalTimes { .. }
            | MixedJobTypes { .. }
            | EntitiesServiceUnknown { .. }
            | EarlyPagesIgnored { .. }
            | Incomplete { .. }
            | NoNamespace { .. }
            | OlderThanTracking { .. }
            | LaterThanCompletion { .. }
            | CollectionFailed { .. } => Level::Warning,
        }
    }

    /// The sentence shown for it.
    pub fn text(&self) -> String {
        self.kind.to_string()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        many.to_string()
    }
}

impl fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use NoticeKind::*;
        match self {
            AnalyzerOutput {
                file,
                findings,
                recommendation,
            } => {
                if *recommendation {
                    write!(f, "{file}: an IAM Access Analyzer recommendation, shown with its principal's policies.")
                } else {
                    write!(
                        f,
                        "{file}: IAM Access Analyzer: {findings} unused-access {}, shown beside each principal's report.",
                        plural(*findings, "finding", "findings")
                    )
                }
            }
            CollectionFailed { file, failed } => write!(
                f,
                "{file}: the collection script could not collect {} {}: {}. Their reports are missing; run the script again to retry them.",
                failed.len(),
                plural(failed.len(), "principal", "principals"),
                failed.join("; ")
            ),
            AuthorizationDetails {
                file,
                users,
                groups,
                roles,
                policies,
            } => write!(
                f,
                "{file}: the account's authorization details ({users} {}, {groups} {}, {roles} {}, {policies} managed {}): \
                 each report's principal shows what its policies grant against what it used.",
                plural(*users, "user", "users"),
                plural(*groups, "group", "groups"),
                plural(*roles, "role", "roles"),
                plural(*policies, "policy", "policies")
            ),
            SkippedLines { file, lines } => write!(
                f,
                "{file}: skipped {lines} {} before the JSON (a terminal's command line?).",
                plural(*lines, "line", "lines")
            ),
            LocalTimes { file } => write!(
                f,
                "{file}: times printed with tzinfo=tzlocal() are local to the machine that printed them; \
                 they are read as UTC and may be off by that machine's UTC offset."
            ),
            MixedJobTypes { created } => write!(
                f,
                "Pages created at {created} have different JobTypes; they are kept as separate reports. \
                 Were pages of two report jobs mixed up?"
            ),
            EntitiesServiceUnknown { file } => write!(
                f,
                "{file}: could not tell which service these entities used (the response does not say). \
                 Name the file after the service, e.g. entities-s3.json."
            ),
            EntitiesWithoutReport => write!(
                f,
                "Entity details without their service report: load the report's pages \
                 (same job) to see them beside its services."
            ),
            EarlyPagesIgnored { pages } => write!(
                f,
                "Ignored {} fetched before the job finished: {}.",
                plural(pages.len(), "a page", "pages"),
                pages.join(", ")
            ),
            LoadedTwice { page } => write!(f, "{page} was loaded twice; counted once."),
            IdenticalPages { page, first } => {
                write!(f, "{page} is identical to {first}; counted once.")
            }
            ServiceInTwoPages {
                namespace,
                first,
                second,
                different,
            } => write!(
                f,
                "Service {namespace} appears in {first} and {second}{}; kept one row.",
                if *different { " with different data" } else { "" }
            ),
            Incomplete { marker: Some(m) } => write!(
                f,
                "The report is incomplete: the last loaded page says IsTruncated: true. \
                 Fetch the next page with --marker {m}"
            ),
            Incomplete { marker: None } => write!(
                f,
                "The report is incomplete: the last loaded page says IsTruncated: true, \
                 but has no Marker."
            ),
            NoNamespace { names } => write!(
                f,
                "{} {} no ServiceNamespace: {}.",
                names.len(),
                plural(names.len(), "service has", "services have"),
                names.join(", ")
            ),
            OlderThanTracking { count, services } => write!(
                f,
                "{count} last-access {} in {services} {} older than IAM's {}-day tracking period \
                 before the report; the data may have been edited.",
                plural(*count, "time", "times"),
                plural(*count, "is", "are"),
                crate::report::staleness::TRACKING_DAYS
            ),
            LaterThanCompletion {
                count,
                services,
                completed,
            } => write!(
                f,
                "{count} last-access {} in {services} {} later than the report's completion date ({completed}); \
                 the data may have been edited.",
                plural(*count, "time", "times"),
                plural(*count, "is", "are"),
            ),
            SampleRemoved => write!(
                f,
                "The bundled sample was removed now that your files are loaded \
                 (Load sample report brings it back beside them)."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_every_known_place() {
        let e = Error::new(ErrorKind::InvalidJson {
            message: "expected `,`".into(),
        })
        .in_file("a.json")
        .at_page(2)
        .at(3, 14)
        .at_path("ServicesLastAccessed[0]");
        assert_eq!(
            e.to_string(),
            "a.json, document 2, line 3, column 14, at ServicesLastAccessed[0]: invalid JSON: expected `,`"
        );
    }

    #[test]
    fn root_path_is_not_shown() {
        let e = Error::new(ErrorKind::Empty).at_path(".");
        assert_eq!(e.path, None);
        assert_eq!(e.to_string(), "the file is empty");
    }
}
