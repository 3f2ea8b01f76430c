//! Timestamps in every form real tools print, parsed by chrono into UTC.
//!
//! | tool | example |
//! |---|---|
//! | wire / AWS CLI v1 | `2018-10-24T19:47:35.241Z`, `2018-10-24T19:11:00Z` |
//! | AWS CLI v2 | `2018-10-24T19:47:35.241000+00:00` |
//! | boto3 `json.dumps(default=str)` | `2018-10-24 19:47:35.241000+00:00` |
//! | any offset | `2018-10-24T21:47:35+02:00` (converted to UTC) |
//! | no offset (some exporters) | `2018-10-24T19:47:35` (taken as UTC) |
//!
//! ```
//! use lastaccessed::report::time::parse_timestamp;
//! let a = parse_timestamp("2018-10-24 19:47:35.241000+00:00").unwrap();
//! let b = parse_timestamp("2018-10-24T21:47:35.241+02:00").unwrap();
//! assert_eq!(a, b);
//! assert_eq!(a.to_rfc3339(), "2018-10-24T19:47:35.241+00:00");
//! ```

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer};

/// Parse one timestamp string. `Err` carries a human-readable reason.
pub fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, String> {
    let t = s.trim();
    // RFC 3339 in chrono accepts 'T', 't' or ' ' between date and time,
    // 'Z' or any numeric offset, and any number of fractional digits.
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(naive.and_utc());
        }
    }
    Err(format!(
        "unrecognised timestamp {s:?} (expected ISO 8601, e.g. 2018-10-24T19:47:35Z)"
    ))
}

/// Format as ISO 8601 UTC with seconds, the way the tables show it.
pub fn format_utc(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Serde helper: an optional timestamp where absent and `null` both mean none.
pub fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let s: Option<std::borrow::Cow<'de, str>> = Option::deserialize(d)?;
    match s {
        None => Ok(None),
        Some(s) => parse_timestamp(&s)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// Serde helper for serialising back to the API's shape.
pub fn ser_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_timestamp(s)
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn every_real_serialisation() {
        assert_eq!(iso("2018-10-24T19:11:00Z"), "2018-10-24T19:11:00+00:00");
        assert_eq!(
            iso("2018-10-24T19:47:35.241Z"),
            "2018-10-24T19:47:35.241+00:00"
        );
        assert_eq!(
            iso("2018-10-24T19:47:35.241000+00:00"),
            "2018-10-24T19:47:35.241+00:00"
        );
        assert_eq!(
            iso("2018-10-24 19:47:35.241000+00:00"),
            "2018-10-24T19:47:35.241+00:00"
        );
        assert_eq!(
            iso("2018-10-24 19:47:35+00:00"),
            "2018-10-24T19:47:35+00:00"
        );
    }

    #[test]
    fn offsets_convert_to_utc() {
        assert_eq!(
            iso("2018-10-25T01:17:35+05:30"),
            "2018-10-24T19:47:35+00:00"
        );
        assert_eq!(
            iso("2018-10-24T14:47:35-05:00"),
            "2018-10-24T19:47:35+00:00"
        );
    }

    #[test]
    fn naive_is_utc() {
        assert_eq!(iso("2018-10-24T19:47:35"), "2018-10-24T19:47:35+00:00");
        assert_eq!(
            iso("2018-10-24 19:47:35.5"),
            "2018-10-24T19:47:35.500+00:00"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in [
            "",
            "yesterday",
            "2018-13-01T00:00:00Z",
            "2018-10-24",
            "9999999-01-01T00:00:00Z",
        ] {
            let r = parse_timestamp(bad);
            assert!(r.is_err(), "{bad:?} parsed as {r:?}");
        }
        assert!(parse_timestamp("soon").unwrap_err().contains("\"soon\""));
    }
}
