//! What people paste instead of a report, recognised and explained: AWS CLI
//! error text, boto3 tracebacks, AWS error bodies (JSON or the IAM Query
//! API's XML), local CLI errors (no credentials, a missing argument), and the
//! generate call's `{"JobId": …}` output.
//!
//! Recognition runs only after a file failed to parse as a report, so it
//! costs nothing on the fast path.
//!
//! ```
//! use lastaccessed::report::aws_error::{recognize, Via};
//! let text = "\nAn error occurred (NoSuchEntity) when calling the \
//!     GetServiceLastAccessedDetails operation: Job not found\n";
//! let f = recognize(text).unwrap();
//! assert_eq!((f.code.as_str(), f.via), ("NoSuchEntity", Via::Cli));
//! assert_eq!(f.operation.as_deref(), Some("GetServiceLastAccessedDetails"));
//! assert!(f.advice().todo.contains("generate-service-last-accessed-details"));
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::guide;

/// Where the error text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    /// `aws iam …` printed it.
    Cli,
    /// A Python traceback from boto3/botocore.
    Boto3,
    /// An error response body as JSON (boto3's `e.response`, or the JSON protocol).
    Json,
    /// The IAM Query API's `<ErrorResponse>` XML.
    Xml,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Cli => "AWS CLI error",
            Via::Boto3 => "boto3 error",
            Via::Json => "AWS error response (JSON)",
            Via::Xml => "AWS error response (XML)",
        }
    }
}

/// An AWS failure found in pasted text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The error code (`NoSuchEntity`), or a local condition
    /// (`NoCredentials`, `CliUsage`, `ParamValidation`, `EndpointConnection`).
    pub code: String,
    /// The API operation, when the text names it.
    pub operation: Option<String>,
    /// AWS's own message, trimmed.
    pub message: String,
    pub via: Via,
}

/// What happened and what to do, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub meaning: String,
    pub todo: String,
}

/// The longest message kept from pasted text (tracebacks can be long).
const MAX_MESSAGE: usize = 400;

/// Recognise an AWS error in text that is not a report.
pub fn recognize(text: &str) -> Option<Failure> {
    let text = text.trim_start_matches('\u{feff}');
    if let Some(f) = from_error_occurred(text) {
        return Some(f);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        return from_xml(trimmed);
    }
    // Error bodies are small; never re-read a large broken report as JSON.
    if trimmed.starts_with('{') && trimmed.len() < 1 << 20 {
        let mut stream = serde_json::Deserializer::from_str(trimmed).into_iter::<Value>();
        if let Some(Ok(v)) = stream.next() {
            return from_json(&v);
        }
    }
    local_failure(text)
}

/// `An error occurred (Code) when calling the Op operation[ (reached max retries: 4)]: message`,
/// printed by the AWS CLI and inside botocore's `ClientError`.
fn from_error_occurred(text: &str) -> Option<Failure> {
    const MARK: &str = "An error occurred (";
    let start = text.find(MARK)? + MARK.len();
    let rest = &text[start..];
    let close = rest.find(')')?;
    let code = rest[..close].trim();
    if code.is_empty() || code.len() > 100 || code.contains(char::is_whitespace) {
        return None;
    }
    let rest = &rest[close + 1..];
    let (operation, rest) = match rest.strip_prefix(" when calling the ") {
        Some(r) => match r.find(" operation") {
            Some(i) => (
                Some(r[..i].trim().to_string()),
                &r[i + " operation".len()..],
            ),
            None => (None, r),
        },
        None => (None, rest),
    };
    // Skip " (reached max retries: N)" and the colon.
    let rest = match rest.trim_start().strip_prefix('(') {
        Some(r) => r.find(')').map_or(r, |i| &r[i + 1..]),
        None => rest,
    };
    let rest = match rest.find(':') {
        Some(i) if i < 40 => &rest[i + 1..],
        _ => rest,
    };
    let message = rest.lines().next().unwrap_or("").trim();
    let boto = text.contains("Traceback (most recent call last)")
        || text.contains("botocore.")
        || text.contains("ClientError");
    Some(Failure {
        code: code.to_string(),
        operation: operation.filter(|o| !o.is_empty()),
        message: clip(message),
        via: if boto { Via::Boto3 } else { Via::Cli },
    })
}

/// `{"Error": {"Code": …, "Message": …}, "ResponseMetadata": …}` (boto3's
/// `e.response`), `{"__type": "…#NoSuchEntityException", "message": …}`, or
/// `{"Code": …, "Message": …}`.
pub fn from_json(v: &Value) -> Option<Failure> {
    let obj = v.as_object()?;
    let text = |o: &serde_json::Map<String, Value>, keys: &[&str]| {
        keys.iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str))
            .map(str::to_string)
    };
    let (code, message) = if let Some(Value::Object(err)) = obj.get("Error") {
        (
            text(err, &["Code", "code"])?,
            text(err, &["Message", "message"]).unwrap_or_default(),
        )
    } else if let Some(t) = obj.get("__type").and_then(Value::as_str) {
        let code = t.rsplit('#').next().unwrap_or(t);
        let code = code.strip_suffix("Exception").unwrap_or(code);
        (
            code.to_string(),
            text(obj, &["message", "Message"]).unwrap_or_default(),
        )
    } else if obj.contains_key("Code")
        && obj.contains_key("Message")
        && !obj.contains_key("JobStatus")
    {
        (
            text(obj, &["Code"])?,
            text(obj, &["Message"]).unwrap_or_default(),
        )
    } else {
        return None;
    };
    Some(Failure {
        code,
        operation: None,
        message: clip(&message),
        via: Via::Json,
    })
}

/// `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>…`
fn from_xml(text: &str) -> Option<Failure> {
    if !text.contains("<ErrorResponse") && !text.contains("<Error>") {
        return None;
    }
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let s = text.find(&open)? + open.len();
        let e = text[s..].find(&close)? + s;
        Some(unescape_xml(text[s..e].trim()))
    };
    Some(Failure {
        code: tag("Code")?,
        operation: None,
        message: clip(&tag("Message").unwrap_or_default()),
        via: Via::Xml,
    })
}

/// The text of an element: XML's five entities and character references
/// (`&#39;`, `&#x27;`) resolved; text that is not valid XML stays as it is.
fn unescape_xml(s: &str) -> String {
    quick_xml::escape::unescape(s).map_or_else(|_| s.to_string(), |t| t.into_owned())
}

/// Errors the CLI or botocore raise before any request reaches AWS.
fn local_failure(text: &str) -> Option<Failure> {
    let boto = text.contains("Traceback (most recent call last)") || text.contains("botocore.");
    let via = if boto { Via::Boto3 } else { Via::Cli };
    let line_with = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .map(|l| clip(l.trim()))
    };
    let found = |code: &str, message: String| {
        Some(Failure {
            code: code.to_string(),
            operation: None,
            message,
            via,
        })
    };
    if let Some(m) = line_with("Unable to locate credentials") {
        return found("NoCredentials", m);
    }
    if let Some(m) = line_with("Parameter validation failed") {
        let detail = text
            .lines()
            .skip_while(|l| !l.contains("Parameter validation failed"))
            .nth(1)
            .map(|l| format!("{m} {}", l.trim()))
            .unwrap_or(m);
        return found("ParamValidation", clip(&detail));
    }
    if let Some(m) = line_with("Could not connect to the endpoint URL") {
        return found("EndpointConnection", m);
    }
    if let Some(m) = line_with("aws: error:") {
        return found("CliUsage", m);
    }
    if let Some(m) = line_with("Token has expired and refresh failed")
        .or_else(|| line_with("Error when retrieving token from sso"))
    {
        return found("ExpiredToken", m);
    }
    None
}

fn clip(s: &str) -> String {
    if s.len() <= MAX_MESSAGE {
        return s.to_string();
    }
    let mut end = MAX_MESSAGE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

impl Failure {
    /// Is this about fetching a report by JobId (rather than generating one)?
    fn about_job(&self) -> bool {
        match &self.operation {
            Some(op) => op.starts_with("Get"),
            None => {
                let m = self.message.to_ascii_lowercase();
                m.contains("job") || !m.contains("arn")
            }
        }
    }

    /// What the error means for someone fetching a last-accessed report, and what to do.
    pub fn advice(&self) -> Advice {
        let gen = guide::CliCommand::Generate.name();
        let code = self.code.strip_suffix("Exception").unwrap_or(&self.code);
        let (meaning, todo) = match code {
            "NoSuchEntity" if self.about_job() => (
                "IAM does not know this JobId. Either it is mistyped, or the job has expired, \
                 or it was generated by another principal: a JobId can only be read by the same \
                 user, or the same role within the same session, that generated it."
                    .to_string(),
                format!(
                    "Run {gen} again and fetch the report with the new JobId from the same \
                     session (the commands under \"How to get a report\" do both in one go)."
                ),
            ),
            "NoSuchEntity" => (
                "The ARN names no existing user, group, role or policy.".to_string(),
                "Check the ARN, including its path (arn:aws:iam::123456789012:role/path/name): \
                 aws iam get-role --role-name NAME --query Role.Arn prints it."
                    .to_string(),
            ),
            "InvalidInput" => (
                "IAM rejected the request as malformed: for example a JobId that is not one \
                 (an ARN or a file name passed to --job-id), an ARN that is not a user, group, \
                 role or policy ARN, a Marker from another job, or a MaxItems outside 1–1000."
                    .to_string(),
                format!(
                    "Pass --job-id the JobId printed by {gen} (a UUID like \
                     examplef-1305-c245-eba4-71fe298bcda7), --arn a full IAM ARN, and --marker \
                     only the Marker of the previous page of the same job."
                ),
            ),
            "AccessDenied" => (
                "The credentials in use may not call this operation.".to_string(),
                "Use a principal allowed iam:GenerateServiceLastAccessedDetails and \
                 iam:GetServiceLastAccessedDetails (and …WithEntities for the entity drill-down)."
                    .to_string(),
            ),
            "ExpiredToken" | "RequestExpired" => (
                "The session's credentials have expired.".to_string(),
                "Sign in again (for example aws sso login), then generate the report again: \
                 a JobId from the old session may not be readable from the new one."
                    .to_string(),
            ),
            "InvalidClientTokenId" | "UnrecognizedClient" | "SignatureDoesNotMatch" => (
                "AWS did not accept the credentials (a wrong or deleted access key, or a \
                 mistyped secret)."
                    .to_string(),
                "Check aws sts get-caller-identity works, then run the commands again.".to_string(),
            ),
            "Throttling" | "ThrottlingException" | "LimitExceeded" => (
                "IAM throttled the requests.".to_string(),
                "Wait a little and run the command again; poll the job less often.".to_string(),
            ),
            "ServiceFailure" => (
                "IAM failed internally.".to_string(),
                "Run the command again in a moment.".to_string(),
            ),
            "NoCredentials" => (
                "The AWS CLI or boto3 found no credentials, so nothing was sent to AWS."
                    .to_string(),
                "Configure credentials (aws configure, aws sso login, or run the commands in \
                 AWS CloudShell), then run them again."
                    .to_string(),
            ),
            "ParamValidation" => (
                "The command's parameters were rejected before anything was sent to AWS."
                    .to_string(),
                "Compare the command with the ones under \"How to get a report\".".to_string(),
            ),
            "CliUsage" => (
                "The AWS CLI did not understand the command line (a missing or misspelt option)."
                    .to_string(),
                "Copy the commands under \"How to get a report\"; they are checked against the \
                 options the AWS CLI accepts."
                    .to_string(),
            ),
            "EndpointConnection" => (
                "The AWS CLI could not reach AWS (no network, a proxy, or a wrong --endpoint-url)."
                    .to_string(),
                "Run the commands where AWS is reachable, for example in AWS CloudShell, and \
                 load the files here."
                    .to_string(),
            ),
            _ => (
                "AWS returned an error instead of a report.".to_string(),
                "Fix the cause AWS names in its message and run the commands again.".to_string(),
            ),
        };
        Advice { meaning, todo }
    }

    /// One line: "AWS CLI error NoSuchEntity (GetServiceLastAccessedDetails): message".
    pub fn headline(&self) -> String {
        let mut s = format!("{} {}", self.via.as_str(), self.code);
        if let Some(op) = &self.operation {
            s.push_str(&format!(" ({op})"));
        }
        if !self.message.is_empty() {
            s.push_str(": ");
            s.push_str(&self.message);
        }
        s
    }
}

/// The JobId in the generate call's output (`{"JobId": "…"}`, maybe with
/// ResponseMetadata from boto3), if that is what `v` is.
pub fn job_id_output(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    let id = obj.get("JobId")?.as_str()?;
    let only_known = obj.keys().all(|k| k == "JobId" || k == "ResponseMetadata");
    (only_known && !id.is_empty() && id.len() <= 128).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_error_with_retries() {
        let f = recognize(
            "An error occurred (Throttling) when calling the GetServiceLastAccessedDetails \
             operation (reached max retries: 4): Rate exceeded",
        )
        .unwrap();
        assert_eq!(f.code, "Throttling");
        assert_eq!(f.message, "Rate exceeded");
        assert_eq!(f.via, Via::Cli);
    }

    #[test]
    fn not_an_error() {
        assert_eq!(recognize("hello world"), None);
        assert_eq!(recognize("{\"a\": 1}"), None);
        assert_eq!(
            recognize("An error occurred (this is prose) somewhere"),
            None
        );
    }

    #[test]
    fn generate_vs_get() {
        let gen = Failure {
            code: "NoSuchEntity".into(),
            operation: Some("GenerateServiceLastAccessedDetails".into()),
            message: "The role with name x cannot be found.".into(),
            via: Via::Cli,
        };
        assert!(gen.advice().meaning.contains("ARN names no existing"));
        let get = Failure {
            operation: Some("GetServiceLastAccessedDetails".into()),
            ..gen
        };
        assert!(get.advice().meaning.contains("JobId"));
    }

    #[test]
    fn an_xml_error_body_with_entities_and_character_references() {
        let body = |message: &str| {
            format!(
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>\
                 <Type>Sender</Type><Code>NoSuchEntity</Code><Message>{message}</Message>\
                 </Error></ErrorResponse>"
            )
        };
        let f = recognize(&body(
            "The role &#39;x&#x27; &amp; &lt;y&gt; cannot be found.",
        ))
        .unwrap();
        assert_eq!((f.code.as_str(), f.via), ("NoSuchEntity", Via::Xml));
        assert_eq!(f.message, "The role 'x' & <y> cannot be found.");
        // Not XML (a stray "&"): the text as it is, nothing half resolved.
        let f = recognize(&body("a &amp; b & c")).unwrap();
        assert_eq!(f.message, "a &amp; b & c");
    }

    #[test]
    fn long_messages_are_clipped_on_a_char_boundary() {
        let text = format!(
            "An error occurred (InvalidInput) when calling the X operation: {}",
            "é".repeat(1000)
        );
        let f = recognize(&text).unwrap();
        assert!(f.message.len() <= MAX_MESSAGE + 3);
        assert!(f.message.ends_with('…'));
    }
}
