//! The AWS CLI's other output formats. `--output yaml` (CLI v2; also the
//! default for anyone with `output = yaml` in `~/.aws/config`) and
//! `--output yaml-stream` (a list of the pages) are read with serde-saphyr
//! into JSON values and handed to the JSON reader, as XML and Python output
//! are. `--output text` and `--output table` flatten the report into lines
//! that do not say which value is which, so they are recognised and
//! explained ([`ErrorKind::CliOutput`]) rather than guessed at.
//!
//! ```
//! use lastaccessed::report::yaml;
//! let text = "JobStatus: COMPLETED\nServicesLastAccessed:\n- ServiceName: Amazon S3\n  ServiceNamespace: s3\n";
//! let json = yaml::to_json(text).unwrap().unwrap();
//! assert_eq!(json, r#"{"JobStatus":"COMPLETED","ServicesLastAccessed":[{"ServiceName":"Amazon S3","ServiceNamespace":"s3"}]}"#);
//! // JSON is not YAML here (it is read as JSON first).
//! assert!(yaml::to_json("{\"JobStatus\": \"COMPLETED\"}").is_none());
//! ```

use serde_json::Value;

use super::error::{CliFormat, Error, ErrorKind};

/// `None` when the text does not look like YAML output (a `Key:` line
/// first); otherwise the equivalent JSON text (one line per document), or
/// why it could not be read, with its line and column.
pub fn to_json(text: &str) -> Option<Result<String, Error>> {
    if !looks_like_yaml(text) {
        return None;
    }
    let options = serde_saphyr::options! { with_snippet: false };
    let read = serde_saphyr::from_multiple_with_options::<Value>(text, options);
    Some(match read {
        Ok(docs) => Ok(docs
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
        Err(e) => {
            let message = e.to_string();
            // The first line says what (its position is the error's own).
            let message = message.lines().next().unwrap_or_default().trim();
            let located = e.location().filter(|at| at.line() > 0);
            let message = match (located, message.find(" at line ")) {
                (Some(_), Some(cut)) => &message[..cut],
                _ => message,
            };
            let error = Error::new(ErrorKind::InvalidYaml {
                message: message.chars().take(300).collect(),
            });
            Err(match located {
                Some(at) => error.at(at.line() as usize, at.column() as usize),
                None => error,
            })
        }
    })
}

/// The first line that is not blank, a comment or a document marker.
fn first_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.starts_with('#') && *l != "---")
}

/// YAML output starts with a key (`JobStatus: COMPLETED`), or with a list
/// item holding one (`- JobStatus: …`, yaml-stream). (Text here is decoded:
/// its byte order mark is gone, see `input::parse_file`.)
fn looks_like_yaml(text: &str) -> bool {
    let Some(line) = first_line(text) else {
        return false;
    };
    let line = line.strip_prefix("- ").unwrap_or(line);
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with(' '))
}

/// The AWS CLI's `--output text` or `--output table`, if that is what the
/// text is.
pub fn cli_format(text: &str) -> Option<CliFormat> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next()?.trim();
    // A table: a rule of dashes, then `|  Title  |` rows.
    if first.len() >= 8 && first.chars().all(|c| c == '-') {
        let next = lines.next()?.trim();
        return (next.starts_with('|') && next.ends_with('|')).then_some(CliFormat::Table);
    }
    // Text: tab-separated values; lists as rows named in capitals
    // (`SERVICESLASTACCESSED`, `TRACKEDACTIONSLASTACCESSED`, …), the
    // response's own values on a first row with no name.
    const STATUSES: [&str; 3] = ["COMPLETED", "IN_PROGRESS", "FAILED"];
    let named = |l: &str| {
        l.split_once('\t')
            .is_some_and(|(name, _)| name.len() > 3 && name.chars().all(|c| c.is_ascii_uppercase()))
    };
    let fields = |l: &str| l.split('\t').any(|f| STATUSES.contains(&f.trim()));
    (first.contains('\t') && (named(first) || fields(first))).then_some(CliFormat::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_key_line_first_reads_as_yaml() {
        for yes in [
            "JobStatus: COMPLETED\n",
            "---\nJobStatus: COMPLETED\n",
            "# saved\n\nIsTruncated: false\n",
            "- JobStatus: COMPLETED\n",
            "ServicesLastAccessed:\n- ServiceName: x\n",
        ] {
            assert!(looks_like_yaml(yes), "{yes:?}");
        }
        for no in [
            "{\"JobStatus\": 1}",
            "[1, 2]",
            "An error occurred (NoSuchEntity) when calling the GetServiceLastAccessedDetails operation: x",
            "arn:aws:iam::123456789012:role/x",
            "http://example.com",
            "",
            "Traceback (most recent call last):",
        ] {
            assert!(!looks_like_yaml(no), "{no:?}");
        }
    }

    #[test]
    fn a_yaml_error_names_its_line() {
        let e = to_json("JobStatus: COMPLETED\nServicesLastAccessed:\n- ServiceName: [x\n")
            .unwrap()
            .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::InvalidYaml { .. }), "{e:?}");
        assert!(e.line.is_some_and(|l| l >= 3), "{e:?}");
    }

    #[test]
    fn text_and_table_output_are_told_apart_from_other_text() {
        assert_eq!(
            cli_format("True\t2026-09-14T08:30:19+00:00\tCOMPLETED\tACTION_LEVEL\n"),
            Some(CliFormat::Text)
        );
        assert_eq!(
            cli_format("SERVICESLASTACCESSED\t2026-09-10\tarn\teu-central-1\n"),
            Some(CliFormat::Text)
        );
        assert_eq!(
            cli_format("-----------\n|  GetServiceLastAccessedDetails  |\n+----+\n"),
            Some(CliFormat::Table)
        );
        for no in ["name\tvalue\n", "a,b,c\n", "---\nJobStatus: x\n", "{}"] {
            assert_eq!(cli_format(no), None, "{no:?}");
        }
    }
}
