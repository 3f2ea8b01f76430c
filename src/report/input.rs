//! Input detection: the bytes of one file (or pasted text) → typed pages.
//!
//! Accepted shapes, with no format picker:
//! - one response object (`aws iam get-service-last-accessed-details ... > page.json`);
//! - a JSON array of responses;
//! - several responses concatenated (`cat page-1.json page-2.json`), with or
//!   without white space between them, and any mix of the above.
//!
//! Parsing goes straight from bytes to the typed model (no `Value` detour).
//! Only when that fails is the document parsed again, slowly, to explain what
//! is wrong: a syntax error with line and column, a field with its JSON path,
//! or, for JSON that is not this API's response, what it looks like instead.
//!
//! ```
//! use lastaccessed::report::input::parse_file;
//! let two = br#"{"JobStatus":"IN_PROGRESS","JobCreationDate":"2020-01-01T00:00:00Z"}{"JobStatus":"IN_PROGRESS","JobCreationDate":"2020-01-02T00:00:00Z"}"#;
//! assert_eq!(parse_file("cat.json", two).unwrap().len(), 2);
//!
//! let err = parse_file("users.json", br#"{"Users": []}"#).unwrap_err();
//! assert!(err.to_string().contains("list-users"));
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{Error, ErrorKind, Notice, NoticeKind};
use super::model::{Document, EntitiesPage, JobStatus, JobType, Page, ServiceLastAccessed};
use super::{aws_error, repr, xml};

/// A parsed document with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sourced<T> {
    /// File name (or "pasted text").
    pub file: String,
    /// 1-based position of this document within its file.
    pub index: usize,
    pub page: T,
}

/// A services page (service last accessed or organizations) with its source.
pub type SourcedPage = Sourced<Page>;
/// A `…WithEntities` page with its source.
pub type SourcedEntities = Sourced<EntitiesPage>;

/// Everything read from one or more files. Serialisable, so a Web Worker can
/// parse and hand the result back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub pages: Vec<SourcedPage>,
    pub entities: Vec<SourcedEntities>,
    /// Pages of the account's authorization details.
    #[serde(default)]
    pub authz: Vec<Sourced<super::authz::AuthzPage>>,
    /// IAM Access Analyzer findings and recommendations.
    #[serde(default)]
    pub analyzer: Vec<Sourced<super::analyzer::AnalyzerDoc>>,
    /// Things to know about how files were read.
    pub notices: Vec<Notice>,
    /// Files of an archive that could not be read (the others are above).
    #[serde(default)]
    pub errors: Vec<Error>,
}

impl Loaded {
    /// Number of documents.
    pub fn len(&self) -> usize {
        self.pages.len() + self.entities.len() + self.authz.len() + self.analyzer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add the document at `index` (1-based) of `file`, with the notice
    /// an analyzer output or the account's policies come with.
    pub(crate) fn add(&mut self, file: &str, index: usize, doc: Document) {
        let file = file.to_string();
        match doc {
            Document::Page(page) => self.pages.push(Sourced { file, index, page }),
            Document::Entities(page) => self.entities.push(Sourced { file, index, page }),
            Document::Analyzer(doc) => {
                use super::analyzer::AnalyzerDoc;
                let (findings, recommendation) = match &*doc {
                    AnalyzerDoc::List(l) => (l.len(), false),
                    AnalyzerDoc::Finding(_) => (1, false),
                    AnalyzerDoc::Recommendation(_) => (0, true),
                };
                self.notices.push(Notice::new(NoticeKind::AnalyzerOutput {
                    file: file.clone(),
                    findings,
                    recommendation,
                }));
                self.analyzer.push(Sourced {
                    file,
                    index,
                    page: *doc,
                })
            }
            Document::Authz(page) => {
                self.notices
                    .push(Notice::new(NoticeKind::AuthorizationDetails {
                        file: file.clone(),
                        users: page.users.len(),
                        groups: page.groups.len(),
                        roles: page.roles.len(),
                        policies: page.policies.len(),
                    }));
                self.authz.push(Sourced {
                    file,
                    index,
                    page: *page,
                })
            }
        }
    }

    /// Add what another file brought.
    pub fn extend(&mut self, other: Loaded) {
        self.pages.extend(other.pages);
        self.entities.extend(other.entities);
        self.authz.extend(other.authz);
        self.analyzer.extend(other.analyzer);
        self.notices.extend(other.notices);
        self.errors.extend(other.errors);
    }
}

/// The largest input accepted, after decompression: 160 MB (decimal, as the
/// message and the README say it; a 200 MB file is refused with a clear
/// message rather than risking the tab's memory).
pub const MAX_INPUT_BYTES: usize = 160_000_000;

/// Parse every response in one file. Either all of the file loads or none of
/// it does, so a half-read file never looks like a truncated report.
pub fn parse_file(file: &str, bytes: &[u8]) -> Result<Loaded, Error> {
    if super::archive::is_zip(bytes) {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(Error::new(ErrorKind::TooLarge {
                bytes: bytes.len(),
                limit: MAX_INPUT_BYTES,
            })
            .in_file(file));
        }
        return super::archive::read_zip(file, bytes);
    }
    if let Some(loaded) = collection_errors(file, bytes) {
        return Ok(loaded);
    }
    super::model::intern::reset();
    let parsed = parse_any(bytes);
    super::model::intern::reset();
    parsed
        .map_err(|e| match e.kind {
            // Pasted AWS output: its position in the file says nothing.
            ErrorKind::Aws(_) | ErrorKind::JobIdOutput { .. } => {
                e.without_position().without_page().in_file(file)
            }
            _ => e.in_file(file),
        })
        .map(
            |(
                docs,
                Read {
                    local_time,
                    skipped_lines,
                },
            )| {
                let mut loaded = Loaded::default();
                if skipped_lines > 0 {
                    loaded.notices.push(Notice::new(NoticeKind::SkippedLines {
                        file: file.to_string(),
                        lines: skipped_lines,
                    }));
                }
                if local_time {
                    loaded.notices.push(Notice::new(NoticeKind::LocalTimes {
                        file: file.to_string(),
                    }));
                }
                for (i, doc) in docs.into_iter().enumerate() {
                    loaded.add(file, i + 1, doc);
                }
                loaded
            },
        )
}

/// How a file was read, beside its documents.
#[derive(Default)]
struct Read {
    /// From Python output with `tzinfo=tzlocal()` times.
    local_time: bool,
    /// Terminal lines (the command and its prompt) before the JSON.
    skipped_lines: usize,
}

/// Where the JSON starts in text copied from a terminal with the command
/// line above it (`$ aws iam get-service-last-accessed-details …`): the byte
/// offset of the first line starting with `{` or `[`, and how many lines
/// come before it. `None` unless those lines look like a command.
fn after_command_lines(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    let mut before: Vec<&str> = Vec::new();
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            let first = before.iter().map(|l| l.trim()).find(|l| !l.is_empty())?;
            let prompt = ["$", "%", ">", "#", "PS ", "aws ", "python"]
                .iter()
                .any(|p| first.starts_with(p))
                || first.contains("aws iam ");
            return prompt.then_some((offset, before.len()));
        }
        if before.len() == 10 {
            return None;
        }
        before.push(line);
        offset += line.len();
    }
    None
}

/// `text` without a last line that is a shell prompt (`$ `, `% `, `PS …>`),
/// as a terminal copy often ends.
fn without_trailing_prompt(text: &str) -> &str {
    let body = text.trim_end();
    match body.rfind('\n') {
        Some(i) => {
            let last = body[i + 1..].trim();
            let prompt = matches!(last, "$" | "%" | ">" | "#")
                || ["$ ", "% ", "PS "].iter().any(|p| last.starts_with(p));
            if prompt {
                &body[..i]
            } else {
                text
            }
        }
        None => text,
    }
}

/// The documents, and how the file was read.
fn parse_any(bytes: &[u8]) -> Result<(Vec<Document>, Read), Error> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(Error::new(if text.is_empty() {
            ErrorKind::Empty
        } else {
            ErrorKind::WhitespaceOnly
        }));
    }
    // (memchr's search is several times faster than `str::contains` on a
    // 40 MB file: it reads 16 bytes at a time.)
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err(Error::new(ErrorKind::NotText));
    }
    let mut read = Read::default();
    let aws = |text: &str| aws_error::recognize(text).map(|f| Error::new(ErrorKind::Aws(f)));
    let docs = if text.trim_start().starts_with('<') {
        if text.contains("<ErrorResponse") {
            if let Some(e) = aws(&text) {
                return Err(e);
            }
        }
        let json = xml::to_json(&text)?;
        parse_json(&json).map_err(Error::without_position)?
    } else {
        match parse_json(&text) {
            Ok(docs) => docs,
            Err(json_err) => match after_command_lines(&text).and_then(|(at, lines)| {
                parse_json(without_trailing_prompt(&text[at..]))
                    .ok()
                    .map(|d| (d, lines))
            }) {
                Some((docs, lines)) => {
                    read.skipped_lines = lines;
                    docs
                }
                None => match repr::to_json(&text) {
                    None => {
                        if let Some(e) = aws(&text) {
                            return Err(e);
                        }
                        if let Some(format) = super::yaml::cli_format(&text) {
                            return Err(Error::new(ErrorKind::CliOutput { format }));
                        }
                        match super::yaml::to_json(&text) {
                            None => return Err(json_err),
                            Some(converted) => {
                                parse_json(&converted?).map_err(Error::without_position)?
                            }
                        }
                    }
                    Some(Err(repr_err)) => return Err(aws(&text).unwrap_or(repr_err)),
                    Some(Ok(converted)) => {
                        read.local_time = text.contains("tzlocal()");
                        parse_json(&converted).map_err(Error::without_position)?
                    }
                },
            },
        }
    };
    if docs.is_empty() {
        // Only `[]` documents: valid JSON with no report in it.
        return Err(Error::new(ErrorKind::NotAReport {
            looks_like: "an empty JSON array, with no report pages in it".into(),
        }));
    }
    Ok((docs, read))
}

/// The collection script's `errors.txt` (`kind/name<TAB>arn<TAB>why` per
/// line; empty when nothing failed): a notice naming each principal it
/// could not collect, or nothing. `None` for any other file.
fn collection_errors(file: &str, bytes: &[u8]) -> Option<Loaded> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if name != "errors.txt" {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut failed = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut fields = line.splitn(3, '\t');
        let (Some(who), Some(_arn), Some(why)) = (fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        let why: String = why.chars().take(300).collect();
        failed.push(format!("{who} ({why})"));
    }
    let mut loaded = Loaded::default();
    if !failed.is_empty() {
        loaded
            .notices
            .push(Notice::new(NoticeKind::CollectionFailed {
                file: file.to_string(),
                failed,
            }));
    }
    Some(loaded)
}

/// Bytes → text: gzip (by magic bytes), UTF-8 with or without BOM, UTF-16
/// LE/BE with BOM.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Error> {
    use std::borrow::Cow;
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::new(ErrorKind::TooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        }));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let plain = gunzip(bytes)?;
        if plain.starts_with(&[0x1f, 0x8b]) {
            return Err(Error::new(ErrorKind::NotText));
        }
        return decode(&plain).map(|t| Cow::Owned(t.into_owned()));
    }
    let utf16 = |be: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units)
            .map(Cow::Owned)
            .map_err(|_| Error::new(ErrorKind::NotText))
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            simdutf8::basic::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|_| Error::new(ErrorKind::NotText))
        }
    }
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut out = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::new(ErrorKind::InvalidField {
                message: format!("the gzip data is damaged: {e}"),
            })
        })?;
    if out.len() > MAX_INPUT_BYTES {
        return Err(Error::new(ErrorKind::TooLarge {
            bytes: out.len(),
            limit: MAX_INPUT_BYTES,
        }));
    }
    Ok(out)
}

/// Every JSON document in `text`: objects, arrays of objects, concatenated.
fn parse_json(text: &str) -> Result<Vec<Document>, Error> {
    let mut docs = Vec::new();
    let mut offset = 0;
    let mut document = 0;
    loop {
        offset += leading_ws(&text[offset..]);
        if offset >= text.len() {
            break;
        }
        document += 1;
        let rest = &text[offset..];
        let fast = match rest.as_bytes()[0] {
            b'{' => next_one::<Page>(rest).map(|(p, n)| (vec![p], n)),
            b'[' => next_one::<Vec<Page>>(rest),
            _ => None,
        };
        let result = match fast {
            Some((pages, n)) => Ok((pages.into_iter().map(Page::into_document).collect(), n)),
            None => slow_path(rest),
        };
        match result {
            Ok((more, n)) => {
                docs.extend(more);
                offset += n;
            }
            Err(err) => return Err(absolute(err.at_page(document), text, offset)),
        }
    }
    Ok(docs)
}

fn leading_ws(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\n', '\r']).len()
}

/// Fast path: one typed value from the front of `s`, and how many bytes it took.
fn next_one<'a, T: Deserialize<'a>>(s: &'a str) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<T>();
    match stream.next() {
        Some(Ok(v)) => Some((v, stream.byte_offset())),
        _ => None,
    }
}

/// Slow path, when the typed parse failed: formats read through a `Value`
/// (Aardvark), or an error explaining why the document is not a report.
/// Line and column are relative to `s`; `absolute` fixes them up.
fn slow_path(s: &str) -> Result<(Vec<Document>, usize), Error> {
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<Value>();
    let value = match stream.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Err(json_error(&e)),
        None => return Err(Error::new(ErrorKind::Empty)),
    };
    let consumed = stream.byte_offset();
    let doc = &s[..consumed];
    let is_page = |v: &Value| matches!(v, Value::Object(m) if m.contains_key("JobStatus") || m.contains_key("jobStatus"));
    if !is_page(&value) && super::analyzer::is_analyzer(&value) {
        return match super::analyzer::from_value(value) {
            Ok(doc) => Ok((vec![Document::Analyzer(Box::new(doc))], consumed)),
            Err(e) => Err(Error::new(ErrorKind::InvalidField {
                message: format!("IAM Access Analyzer output that could not be read: {e}"),
            })),
        };
    }
    // The account's policies: the value is read as it is (it can be many MB).
    if !is_page(&value) && super::authz::is_authz(&value) {
        return match super::authz::from_value(value) {
            Ok(page) => Ok((vec![Document::Authz(Box::new(page))], consumed)),
            Err(_) => Err(typed_error::<super::authz::AuthzPage>(doc)),
        };
    }
    match &value {
        v if is_page(v) => Err(typed_error::<Page>(doc)),
        Value::Object(map) if is_aardvark(map) => Ok((aardvark(map)?, consumed)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if !is_page(item) {
                    return Err(Error::new(ErrorKind::NotAReport {
                        looks_like: format!("an array whose item {i} is {}", describe(item)),
                    })
                    .at_path(format!("[{i}]")));
                }
            }
            Err(typed_error::<Vec<Page>>(doc))
        }
        other => {
            if let Some(failure) = aws_error::from_json(other) {
                return Err(Error::new(ErrorKind::Aws(failure)));
            }
            if let Some(job_id) = aws_error::job_id_output(other) {
                return Err(Error::new(ErrorKind::JobIdOutput { job_id }));
            }
            Err(Error::new(ErrorKind::NotAReport {
                looks_like: describe(other),
            }))
        }
    }
}

/// Netflix Aardvark's API: `{"arn:aws:iam::…:role/x": [services in camelCase], "count": …}`.
fn is_aardvark(map: &serde_json::Map<String, Value>) -> bool {
    let mut arns = map.iter().filter(|(k, _)| k.starts_with("arn:"));
    arns.clone().next().is_some() && arns.all(|(_, v)| v.is_array())
}

/// One service-level report per ARN; its date is the newest `lastUpdated`.
fn aardvark(map: &serde_json::Map<String, Value>) -> Result<Vec<Document>, Error> {
    let mut docs = Vec::new();
    for (arn, services) in map.iter().filter(|(k, _)| k.starts_with("arn:")) {
        let parsed: Vec<ServiceLastAccessed> =
            serde_path_to_error::deserialize(services).map_err(|e| {
                let path = format!("{arn}{}", e.path());
                Error::new(ErrorKind::InvalidField {
                    message: strip_position(&e.into_inner().to_string()),
                })
                .at_path(path)
            })?;
        let updated = services
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("lastUpdated").and_then(Value::as_str))
            .filter_map(|t| super::time::parse_timestamp(t).ok())
            .max();
        docs.push(Document::Page(Page {
            job_type: Some(JobType::ServiceLevel),
            job_creation_date: updated,
            services_last_accessed: parsed.into_iter().map(std::rc::Rc::new).collect(),
            job_completion_date: updated,
            principal: Some(arn.clone()),
            ..Page::new(JobStatus::Completed)
        }));
    }
    Ok(docs)
}

/// Re-parse a document that is valid JSON, tracking the path to the bad field.
fn typed_error<'a, T: Deserialize<'a>>(doc: &'a str) -> Error {
    let mut de = serde_json::Deserializer::from_str(doc);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => Error::new(ErrorKind::InvalidField {
            message: "this document could not be read as a report".into(),
        }),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let message = strip_position(&inner.to_string());
            Error::new(ErrorKind::InvalidField { message })
                .at(inner.line(), inner.column())
                .at_path(path)
        }
    }
}

fn json_error(e: &serde_json::Error) -> Error {
    let mut message = strip_position(&e.to_string());
    if e.is_eof() {
        message.push_str(" (the file looks truncated)");
    }
    Error::new(ErrorKind::InvalidJson { message }).at(e.line(), e.column().max(1))
}

/// serde_json appends " at line L column C"; we report position separately.
/// The value a message quotes (`` `…` ``) is cut to its first 60 characters:
/// a 10 MB string where a status belongs made a 10 MB message.
fn strip_position(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    msg.split('`')
        .enumerate()
        .map(|(i, part)| match part.char_indices().nth(60) {
            Some((cut, _)) if i % 2 == 1 => format!("{}…", &part[..cut]),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Turn a line/column relative to `text[offset..]` into one relative to `text`.
fn absolute(mut err: Error, text: &str, offset: usize) -> Error {
    let before = &text[..offset];
    let base_line = before.matches('\n').count() + 1;
    let base_col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    if let (Some(l), Some(c)) = (err.line, err.column) {
        let col = if l == 1 {
            base_col + c.saturating_sub(1)
        } else {
            c
        };
        err = err.at(base_line + l - 1, col);
    } else {
        err = err.at(base_line, base_col);
    }
    err
}

/// What a JSON value that is not a report looks like, in words.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "a JSON null".into(),
        Value::Bool(_) => "a JSON boolean".into(),
        Value::Number(_) => "a JSON number".into(),
        Value::String(_) => "a JSON string".into(),
        Value::Array(a) if a.is_empty() => "an empty JSON array".into(),
        Value::Array(a) => format!("a JSON array of {} items", a.len()),
        Value::Object(m) => {
            let has = |k: &str| m.contains_key(k);
            let known = [
                ("Users", "a list-users response (Users)"),
                ("Roles", "a list-roles response (Roles)"),
                ("Groups", "a list-groups response (Groups)"),
                ("Policies", "a list-policies response (Policies)"),
                (
                    "EntityDetailsList",
                    "a get-service-last-accessed-details-with-entities response",
                ),
                (
                    "AccessDetails",
                    "a get-organizations-access-report response",
                ),
                ("Credentials", "an sts assume-role response"),
                (
                    "PolicyVersion",
                    "a get-policy-version response (one version of a managed policy, which it does not name); \
                     load the output of aws iam get-account-authorization-details instead: it holds every policy and its default version",
                ),
            ];
            if let Some((_, what)) = known.iter().find(|(k, _)| has(k)) {
                return (*what).to_string();
            }
            if has("JobId") && m.len() <= 2 {
                return "the output of generate-service-last-accessed-details (a JobId); \
                        fetch the report with aws iam get-service-last-accessed-details --job-id <JobId>"
                    .into();
            }
            if has("Account") && has("Arn") && has("UserId") {
                return "an sts get-caller-identity response".into();
            }
            if has("Error") || has("__type") {
                return "an AWS error response".into();
            }
            if m.is_empty() {
                return "an empty JSON object".into();
            }
            let mut keys: Vec<&str> = m.keys().map(String::as_str).take(5).collect();
            if m.len() > 5 {
                keys.push("…");
            }
            format!(
                "a JSON object with keys {} (a report has JobStatus and ServicesLastAccessed)",
                keys.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"{"JobStatus":"COMPLETED","JobType":"SERVICE_LEVEL","JobCreationDate":"2020-01-01T00:00:00Z","JobCompletionDate":"2020-01-01T00:00:05Z","ServicesLastAccessed":[{"ServiceName":"Amazon S3","ServiceNamespace":"s3"}],"IsTruncated":false}"#;

    #[test]
    fn one_object_array_and_concatenation() {
        assert_eq!(parse_file("a", PAGE.as_bytes()).unwrap().len(), 1);
        let arr = format!("[{PAGE},{PAGE}]");
        assert_eq!(parse_file("a", arr.as_bytes()).unwrap().len(), 2);
        let glued = format!("{PAGE}{PAGE}\n\n{PAGE}\r\n[{PAGE}]");
        let pages = parse_file("a", glued.as_bytes()).unwrap();
        assert_eq!(pages.len(), 4);
        assert_eq!(
            pages.pages.iter().map(|p| p.index).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
    }

    #[test]
    fn bom_is_skipped() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(PAGE.as_bytes());
        assert_eq!(parse_file("a", &b).unwrap().len(), 1);
    }

    #[test]
    fn syntax_error_in_second_document_has_absolute_position() {
        let text = format!("{PAGE}\n{{\"JobStatus\": \"COMPLETED\",,}}");
        let e = parse_file("f.json", text.as_bytes()).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("f.json"));
        assert_eq!(e.page, Some(2));
        assert_eq!(e.line, Some(2));
        assert_eq!(e.column, Some(27));
        assert!(matches!(e.kind, ErrorKind::InvalidJson { .. }), "{e}");
    }

    #[test]
    fn bad_field_names_its_path() {
        let text = PAGE.replace(
            r#""ServiceNamespace":"s3"}"#,
            r#""ServiceNamespace":"s3","LastAuthenticated":"last tuesday"}"#,
        );
        let e = parse_file("f.json", text.as_bytes()).unwrap_err();
        assert_eq!(
            e.path.as_deref(),
            Some("ServicesLastAccessed[0].LastAuthenticated")
        );
        assert!(e.to_string().contains("last tuesday"), "{e}");
    }

    #[test]
    fn truncated_file_says_so() {
        let e = parse_file("t.json", &PAGE.as_bytes()[..PAGE.len() - 20]).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
    }

    #[test]
    fn empty_whitespace_binary() {
        assert_eq!(parse_file("e", b"").unwrap_err().kind, ErrorKind::Empty);
        assert_eq!(
            parse_file("e", b" \n\t ").unwrap_err().kind,
            ErrorKind::WhitespaceOnly
        );
        assert_eq!(
            parse_file("e", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
                .unwrap_err()
                .kind,
            ErrorKind::NotText
        );
        // Past the first blocks the checks read at once: a NUL in valid
        // UTF-8, a byte that is not UTF-8, and text that is.
        let long = format!(
            r#"{{"Note": "{}", "JobStatus": "COMPLETED"}}"#,
            "é".repeat(500)
        );
        let at = long.len() / 2;
        let mut nul = long.clone().into_bytes();
        nul[at] = 0;
        let mut invalid = long.clone().into_bytes();
        invalid[at] = 0xff;
        for bytes in [nul, invalid] {
            assert_eq!(
                parse_file("e", &bytes).unwrap_err().kind,
                ErrorKind::NotText
            );
        }
        assert!(!parse_file("e", long.as_bytes()).is_err_and(|e| e.kind == ErrorKind::NotText));
    }

    #[test]
    fn job_id_output_is_explained() {
        for input in [
            r#"{"JobId":"examplef-1305-c245-eba4-71fe298bcda7"}"#,
            "{'JobId': 'examplef-1305-c245-eba4-71fe298bcda7', 'ResponseMetadata': {'RequestId': 'r', 'HTTPStatusCode': 200}}",
        ] {
            let e = parse_file("x", input.as_bytes()).unwrap_err();
            assert_eq!(
                e.kind,
                ErrorKind::JobIdOutput {
                    job_id: "examplef-1305-c245-eba4-71fe298bcda7".into()
                },
                "{input}: {e}"
            );
            assert_eq!((e.line, e.column), (None, None));
        }
    }

    #[test]
    fn other_apis_are_named() {
        let cases = [
            (r#"{"Users":[{"UserName":"a"}]}"#, "list-users"),
            (r#"{"Foo":1,"Bar":2}"#, "keys Foo, Bar"),
            (r#"[{"JobStatus":"COMPLETED"},{"x":1}]"#, "item 1"),
            ("42", "number"),
        ];
        for (input, needle) in cases {
            let e = parse_file("x", input.as_bytes()).unwrap_err();
            assert!(
                matches!(e.kind, ErrorKind::NotAReport { .. }),
                "{input}: {e}"
            );
            assert!(e.to_string().contains(needle), "{input}: {e}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_file("d", deep.as_bytes()).is_err());
        let deep_obj = format!(
            r#"{{"JobStatus":"COMPLETED","X":{}1{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        // Unknown keys are skipped without recursion, however deep.
        assert_eq!(parse_file("d", deep_obj.as_bytes()).map(|p| p.len()), Ok(1));
    }
}
