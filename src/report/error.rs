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
    /// An AWS error (CLI text, boto3 traceback, error body) instead of a report.
    Aws(crate::report::aws_error::Failure),
    /// The generate call's output, `{"JobId": …}`, instead of a report.
    JobIdOutput { job_id: String },
    /// The file was not read at all; `reason` says why (the page could not
    /// start its parser, or the parser died on this file).
    NotRead { reason: String },
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
            ErrorKind::Aws(failure) => {
                let advice = failure.advice();
                write!(f, "{}. {} {}", failure.headline().trim_end_matches('.'), advice.meaning, advice.todo)
            }
            ErrorKind::NotRead { reason } => write!(f, "not read: {reason}"),
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

/// Something the user should know that did not stop loading: a duplicate page,
/// a truncated report, a job still in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Info,
            text: text.into(),
        }
    }
    pub fn warning(text: impl Into<String>) -> Self {
        Notice {
            level: Level::Warning,
            text: text.into(),
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
