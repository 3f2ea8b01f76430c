//! Timestamps in every form real tools print, parsed by chrono into UTC.
//!
//! | tool | example |
//! |---|---|
//! | wire / AWS CLI v1 | `2018-10-24T19:47:35.241Z`, `2018-10-24T19:11:00Z` |
//! | AWS CLI v2 | `2018-10-24T19:47:35.241000+00:00` |
//! | boto3 `json.dumps(default=str)` | `2018-10-24 19:47:35.241000+00:00` |
//! | any offset | `2018-10-24T21:47:35+02:00` (converted to UTC) |
//! | no offset (some exporters) | `2018-10-24T19:47:35` (taken as UTC) |
//! | epoch seconds or milliseconds, numbers or numeric strings (collectors) | `1540410455`, `1540410455241`, `"1540410455"` |
//!
//! Epoch values from 10^11 up are milliseconds (10^11 seconds would be
//! the year 5138); `0` means "never" (Netflix Aardvark stores it so).
//!
//! ```
//! use lastaccessed::report::time::parse_timestamp;
//! let a = parse_timestamp("2018-10-24 19:47:35.241000+00:00").unwrap();
//! let b = parse_timestamp("2018-10-24T21:47:35.241+02:00").unwrap();
//! assert_eq!(a, b);
//! assert_eq!(a.to_rfc3339(), "2018-10-24T19:47:35.241+00:00");
//! ```

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Utc};
use serde::Deserializer;

/// Parse one timestamp string. `Err` carries a human-readable reason.
pub fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, String> {
    let t = s.trim();
    // RFC 3339 in chrono accepts 'T', 't' or ' ' between date and time,
    // 'Z' or any numeric offset, and any number of fractional digits.
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    // RFC 2822, as HTTP headers and Aardvark's lastUpdated print it.
    if let Ok(dt) = DateTime::parse_from_rfc2822(t) {
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

/// `t` to the second at a UTC offset (`None`: UTC, printed with `Z`).
///
/// ```
/// use chrono::FixedOffset;
/// use lastaccessed::report::time::{format_at, parse_timestamp};
/// let t = parse_timestamp("2026-10-30T17:02:11.5Z").unwrap();
/// assert_eq!(format_at(&t, None), "2026-10-30T17:02:11Z");
/// let ny = FixedOffset::west_opt(4 * 3600).unwrap();
/// assert_eq!(format_at(&t, Some(ny)), "2026-10-30T13:02:11-04:00");
/// ```
pub fn format_at(t: &DateTime<Utc>, offset: Option<FixedOffset>) -> String {
    match offset {
        None => format_utc(t),
        Some(o) => t
            .with_timezone(&o)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
    }
}

/// Every digit the report gave, for hovering: `2026-10-30T17:02:11.123Z`.
pub fn format_full(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Whole days from `t` to `now` (negative when `t` is later).
pub fn days_between(t: &DateTime<Utc>, now: &DateTime<Utc>) -> i64 {
    (*now - *t).num_days()
}

/// Epoch seconds or milliseconds → UTC; 0 means none.
pub fn from_epoch(n: f64) -> Result<Option<DateTime<Utc>>, String> {
    if n == 0.0 {
        return Ok(None);
    }
    let ms = if n.abs() >= 1e11 { n } else { n * 1000.0 };
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return Err(format!("epoch timestamp {n} is out of range"));
    }
    DateTime::from_timestamp_millis(ms.round() as i64)
        .map(Some)
        .ok_or_else(|| format!("epoch timestamp {n} is out of range"))
}

/// A string timestamp: ISO 8601, or a numeric string taken as epoch time.
fn from_text(s: &str) -> Result<Option<DateTime<Utc>>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let numeric = t
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    if numeric && t.bytes().any(|b| b.is_ascii_digit()) && !t[1..].contains('-') {
        if let Ok(n) = t.parse::<f64>() {
            return from_epoch(n);
        }
    }
    parse_timestamp(t).map(Some)
}

struct OptTimestamp;

impl<'de> serde::de::Visitor<'de> for OptTimestamp {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a timestamp (ISO 8601 text or epoch seconds/milliseconds) or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptTimestamp)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        from_text(s).map_err(E::custom)
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
        from_epoch(n as f64).map_err(E::custom)
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
        from_epoch(n as f64).map_err(E::custom)
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
        from_epoch(n).map_err(E::custom)
    }
}

/// Serde helper: an optional timestamp where absent and `null` both mean none.
/// Binary formats (the workers' bincode) carry the [`wire`] form.
pub fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    if d.is_human_readable() {
        d.deserialize_option(OptTimestamp)
    } else {
        wire_opt::deserialize(d)
    }
}

/// Serde helper for serialising back to the API's shape (binary formats:
/// the [`wire`] form).
pub fn ser_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) if s.is_human_readable() => {
            s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }
        _ => wire_opt::serialize(t, s),
    }
}

/// A timestamp between the workers (`#[serde(with = "time::wire")]`): in
/// binary formats seconds and nanoseconds since the epoch, not chrono's RFC
/// 3339 text, which is written out and parsed back (a 40 MB report carries
/// 200 000 of them across, twice); text formats keep chrono's own form.
///
/// ```
/// use chrono::{DateTime, Utc};
/// #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
/// struct Row {
///     #[serde(with = "lastaccessed::report::time::wire")]
///     at: DateTime<Utc>,
/// }
/// let row = Row { at: "2026-11-01T10:00:00.241Z".parse().unwrap() };
/// let bytes = bincode::serialize(&row).unwrap();
/// assert_eq!(bytes.len(), 12);
/// assert_eq!(bincode::deserialize::<Row>(&bytes).unwrap(), row);
/// assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"at":"2026-11-01T10:00:00.241Z"}"#);
/// ```
pub mod wire {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn parts(t: &DateTime<Utc>) -> (i64, u32) {
        (t.timestamp(), t.timestamp_subsec_nanos())
    }

    pub(crate) fn from_parts<E: serde::de::Error>((s, n): (i64, u32)) -> Result<DateTime<Utc>, E> {
        DateTime::from_timestamp(s, n).ok_or_else(|| E::custom("a timestamp out of range"))
    }

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            parts(t).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        if d.is_human_readable() {
            DateTime::deserialize(d)
        } else {
            from_parts(<(i64, u32)>::deserialize(d)?)
        }
    }
}

/// [`wire`] for an optional timestamp (`#[serde(with = "time::wire_opt")]`).
pub mod wire_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            t.as_ref().map(super::wire::parts).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        if d.is_human_readable() {
            Option::deserialize(d)
        } else {
            Option::<(i64, u32)>::deserialize(d)?
                .map(super::wire::from_parts)
                .transpose()
        }
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

    fn epoch(v: serde_json::Value) -> Result<Option<String>, String> {
        de_opt(v)
            .map(|t| t.map(|t| t.to_rfc3339()))
            .map_err(|e: serde_json::Error| e.to_string())
    }

    #[test]
    fn epoch_seconds_milliseconds_and_numeric_strings() {
        let want = Ok(Some("2018-10-24T19:47:35+00:00".to_string()));
        assert_eq!(epoch(serde_json::json!(1540410455)), want);
        assert_eq!(epoch(serde_json::json!(1540410455000u64)), want);
        assert_eq!(epoch(serde_json::json!("1540410455")), want);
        assert_eq!(epoch(serde_json::json!("1540410455000")), want);
        assert_eq!(epoch(serde_json::json!(1540410455.0)), want);
        assert_eq!(epoch(serde_json::json!(0)), Ok(None));
        assert_eq!(epoch(serde_json::json!(null)), Ok(None));
        assert_eq!(epoch(serde_json::json!("")), Ok(None));
        assert!(epoch(serde_json::json!(1e300)).is_err());
        assert!(epoch(serde_json::json!(true)).is_err());
        assert_eq!(epoch(serde_json::json!("2018-10-24T19:47:35Z")), want);
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
