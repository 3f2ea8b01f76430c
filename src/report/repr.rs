//! boto3 `print(response)`: a Python repr, read by a real tokenizer and a
//! recursive-descent parser into JSON.
//!
//! Handles single- and double-quoted strings (with Python escapes, adjacent
//! literals joined), `True`/`False`/`None`, ints, floats, `Decimal('…')`,
//! tuples, trailing commas, and `datetime(…)` / `datetime.datetime(…)` with
//! `tzinfo=tzutc()`, `tzoffset(None, 3600)`, `tzlocal()` or
//! `datetime.timezone.utc`. The 9-argument form in AWS's own documentation,
//! `datetime(2018, 10, 24, 19, 47, 35, 2, 297, 0)`, is a time tuple: its
//! last three numbers (weekday, day of year, DST) are ignored.
//!
//! ```
//! use lastaccessed::report::repr::to_json;
//! let json = to_json("{'JobStatus': 'COMPLETED', 'IsTruncated': False, \
//!     'JobCreationDate': datetime.datetime(2018, 10, 24, 19, 47, 31, 466000, tzinfo=tzutc()),}")
//!     .unwrap().unwrap();
//! assert_eq!(json, r#"{"JobStatus":"COMPLETED","IsTruncated":false,"JobCreationDate":"2018-10-24T19:47:31.466000+00:00"}"#);
//! ```

use chrono::{FixedOffset, NaiveDate, TimeZone};
use serde_json::{Map, Number, Value};

use super::error::{Error, ErrorKind};

/// Deepest nesting accepted (as serde_json's own limit).
const MAX_DEPTH: usize = 128;

/// `None` when the text does not look like Python output at all; otherwise
/// the equivalent JSON text, or why it could not be read.
pub fn to_json(text: &str) -> Option<Result<String, Error>> {
    if !looks_like_python(text) {
        return None;
    }
    let mut p = Parser {
        src: text,
        pos: 0,
        depth: 0,
    };
    Some(p.all().map(|values| {
        values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }))
}

/// Python's repr puts single quotes around keys, and prints True/False/None.
fn looks_like_python(text: &str) -> bool {
    let t = text.trim_start();
    let mut end = t.len().min(4096);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let head = &t[..end];
    (t.starts_with('{') || t.starts_with('['))
        && (head.contains("{'")
            || head.contains("datetime(")
            || head.contains(": True")
            || head.contains(": False")
            || head.contains(": None"))
}

/// `name=value` arguments of a call.
type KwArgs = Vec<(String, Value)>;

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> Error {
        let before = &self.src[..self.pos];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        Error::new(ErrorKind::InvalidRepr {
            message: message.into(),
        })
        .at(line, column)
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) {
        let rest = &self.src[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), Error> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.err(format!("expected `{c}`")))
        }
    }

    /// Every top-level value (several prints may be pasted together).
    fn all(&mut self) -> Result<Vec<Value>, Error> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            if self.pos >= self.src.len() {
                return Ok(out);
            }
            out.push(self.value()?);
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.skip_ws();
        let Some(c) = self.peek() else {
            return Err(self.err("unexpected end of text (truncated?)"));
        };
        match c {
            '{' | '[' | '(' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.err("nested too deeply"));
                }
                let v = if c == '{' { self.dict() } else { self.list(c) };
                self.depth -= 1;
                v
            }
            '\'' | '"' => self.strings().map(Value::String),
            '-' | '+' | '0'..='9' | '.' => self.number(),
            c if c.is_ascii_alphabetic() || c == '_' => self.word(),
            other => Err(self.err(format!("unexpected `{other}`"))),
        }
    }

    fn dict(&mut self) -> Result<Value, Error> {
        self.expect('{')?;
        let mut map = Map::new();
        loop {
            if self.eat('}') {
                return Ok(Value::Object(map));
            }
            let key = match self.value()? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            self.expect(':')?;
            let v = self.value()?;
            map.insert(key, v);
            if !self.eat(',') {
                self.expect('}')?;
                return Ok(Value::Object(map));
            }
        }
    }

    fn list(&mut self, open: char) -> Result<Value, Error> {
        let close = if open == '[' { ']' } else { ')' };
        self.expect(open)?;
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            if !self.eat(',') {
                self.expect(close)?;
                return Ok(Value::Array(items));
            }
        }
    }

    /// One or more adjacent string literals, joined as Python does.
    fn strings(&mut self) -> Result<String, Error> {
        let mut s = self.string()?;
        loop {
            self.skip_ws();
            let rest = &self.src[self.pos..];
            if rest.starts_with('\'') || rest.starts_with('"') {
                s.push_str(&self.string()?);
            } else {
                return Ok(s);
            }
        }
    }

    fn string(&mut self) -> Result<String, Error> {
        let rest = &self.src[self.pos..];
        let quote = if rest.starts_with("'''") {
            "'''"
        } else if rest.starts_with("\"\"\"") {
            "\"\"\""
        } else if rest.starts_with('\'') {
            "'"
        } else {
            "\""
        };
        let start = self.pos;
        self.pos += quote.len();
        let mut out = String::new();
        loop {
            let rest = &self.src[self.pos..];
            if rest.starts_with(quote) {
                self.pos += quote.len();
                return Ok(out);
            }
            let Some(c) = rest.chars().next() else {
                self.pos = start;
                return Err(self.err("string never closed"));
            };
            self.pos += c.len_utf8();
            match c {
                '\\' => out.push(self.escape()?),
                '\n' if quote.len() == 1 => {
                    self.pos = start;
                    return Err(self.err("line break inside a string"));
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, Error> {
        let Some(c) = self.peek() else {
            return Err(self.err("unfinished escape"));
        };
        self.pos += c.len_utf8();
        let hex = |p: &mut Self, n: usize| -> Result<char, Error> {
            let digits = p.src.get(p.pos..p.pos + n).unwrap_or("");
            let code = u32::from_str_radix(digits, 16).map_err(|_| p.err("bad \\x/\\u escape"))?;
            p.pos += n;
            char::from_u32(code).ok_or_else(|| p.err("escape is not a valid character"))
        };
        Ok(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'U' => hex(self, 8)?,
            other => other, // \\ \' \" and anything else stands for itself
        })
    }

    fn number(&mut self) -> Result<Value, Error> {
        let rest = &self.src[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E' | '_')))
            .unwrap_or(rest.len());
        let text: String = rest[..len].chars().filter(|&c| c != '_').collect();
        let value = if let Ok(i) = text.parse::<i64>() {
            Value::Number(i.into())
        } else if let Ok(u) = text.parse::<u64>() {
            Value::Number(u.into())
        } else {
            match text.parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Value::Number(n),
                None => return Err(self.err(format!("bad number `{text}`"))),
            }
        };
        self.pos += len;
        Ok(value)
    }

    fn name(&mut self) -> String {
        let rest = &self.src[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        self.pos += len;
        rest[..len].to_string()
    }

    /// `True`, `False`, `None`, or a call such as `datetime(…)`.
    fn word(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        let name = self.name();
        match name.as_str() {
            "True" => return Ok(Value::Bool(true)),
            "False" => return Ok(Value::Bool(false)),
            "None" => return Ok(Value::Null),
            // `tzinfo=datetime.timezone.utc` (Python 3's own UTC): offset 0.
            n if n.ends_with("timezone.utc") => return Ok(Value::from(0)),
            _ => {}
        }
        if !self.eat('(') {
            self.pos = start;
            return Err(self.err(format!("unexpected name `{name}`")));
        }
        let (args, kwargs) = self.args()?;
        match name.rsplit('.').next().unwrap_or("") {
            "datetime" => self.datetime(&args, &kwargs, start),
            "Decimal" => match args.first() {
                Some(Value::String(s)) => s
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| self.err(format!("bad Decimal `{s}`"))),
                Some(n @ Value::Number(_)) => Ok(n.clone()),
                _ => Err(self.err("bad Decimal")),
            },
            // Time zones become an offset in seconds (local time is taken as UTC).
            "tzutc" | "tzlocal" | "UTC" => Ok(Value::from(0)),
            "tzoffset" => Ok(args.get(1).cloned().unwrap_or(Value::from(0))),
            _ => {
                self.pos = start;
                Err(self.err(format!("unexpected call `{name}(…)`")))
            }
        }
    }

    /// Call arguments: positional values and `name=value` pairs.
    fn args(&mut self) -> Result<(Vec<Value>, KwArgs), Error> {
        let (mut args, mut kwargs) = (Vec::new(), Vec::new());
        loop {
            if self.eat(')') {
                return Ok((args, kwargs));
            }
            self.skip_ws();
            let save = self.pos;
            let name = self.name();
            if !name.is_empty() && !name.contains('.') && self.eat('=') {
                let v = self.value()?;
                kwargs.push((name, v));
            } else {
                self.pos = save;
                args.push(self.value()?);
            }
            if !self.eat(',') {
                self.expect(')')?;
                return Ok((args, kwargs));
            }
        }
    }

    fn datetime(
        &mut self,
        args: &[Value],
        kwargs: &[(String, Value)],
        start: usize,
    ) -> Result<Value, Error> {
        let num = |i: usize, default: i64| -> Option<i64> {
            match args.get(i) {
                None => Some(default),
                Some(v) => v.as_i64(),
            }
        };
        // 9 arguments: AWS's documentation prints a time tuple.
        let micro = if args.len() == 9 { Some(0) } else { num(6, 0) };
        let parts = (
            num(0, -1),
            num(1, -1),
            num(2, -1),
            num(3, 0),
            num(4, 0),
            num(5, 0),
            micro,
        );
        let offset = kwargs
            .iter()
            .find(|(k, _)| k == "tzinfo")
            .and_then(|(_, v)| v.as_i64())
            .or_else(|| {
                args.get(7)
                    .filter(|_| args.len() == 8)
                    .and_then(Value::as_i64)
            })
            .unwrap_or(0);
        let built = match parts {
            (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s), Some(us)) => {
                NaiveDate::from_ymd_opt(y as i32, mo as u32, d as u32)
                    .and_then(|date| {
                        date.and_hms_micro_opt(h as u32, mi as u32, s as u32, us as u32)
                    })
                    .zip(FixedOffset::east_opt(offset as i32))
                    .and_then(|(naive, tz)| tz.from_local_datetime(&naive).single())
            }
            _ => None,
        };
        match built {
            Some(dt) => Ok(Value::String(
                dt.to_rfc3339_opts(chrono::SecondsFormat::Micros, false),
            )),
            None => {
                self.pos = start;
                Err(self.err("datetime(…) with an impossible date or time"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> String {
        to_json(s).expect("looks like Python").expect("parses")
    }

    #[test]
    fn aws_documentation_example() {
        let text = "{\n    'IsTruncated': False,\n    'JobCompletionDate': datetime(2018, 10, 24, 19, 47, 35, 2, 297, 0),\n    'JobStatus': 'COMPLETED',\n    'ServicesLastAccessed': [\n        {\n            'ServiceName': 'Amazon Simple Storage Service',\n            'TotalAuthenticatedEntities': 0,\n        },\n    ],\n    'ResponseMetadata': {\n        '...': '...',\n    },\n}";
        let v: Value = serde_json::from_str(&json(text)).unwrap();
        assert_eq!(v["JobCompletionDate"], "2018-10-24T19:47:35.000000+00:00");
        assert_eq!(v["IsTruncated"], false);
        assert_eq!(
            v["ServicesLastAccessed"][0]["TotalAuthenticatedEntities"],
            0
        );
    }

    #[test]
    fn tz_forms_and_escapes() {
        let v: Value = serde_json::from_str(&json(
            r#"{'a': datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=tzoffset(None, 3600)), 'b': datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone.utc), "c": 'it\'s "x"\n', 'd': None, 'e': (1, 2.5), 'f': 'a' 'b'}"#,
        ))
        .unwrap();
        assert_eq!(v["a"], "2020-01-02T03:04:05.000000+01:00");
        assert_eq!(v["b"], "2020-01-02T00:00:00.000000+00:00");
        assert_eq!(v["c"], "it's \"x\"\n");
        assert_eq!(v["d"], Value::Null);
        assert_eq!(v["e"], serde_json::json!([1, 2.5]));
        assert_eq!(v["f"], "ab");
    }

    #[test]
    fn json_is_not_taken_for_python() {
        assert!(to_json(r#"{"JobStatus": "COMPLETED"}"#).is_none());
        assert!(to_json("hello").is_none());
    }

    #[test]
    fn errors_have_a_position() {
        let e = to_json("{'a': 1,\n 'b': datetime(2020, 13, 1)}")
            .unwrap()
            .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(7)), "{e}");
        let e = to_json("{'a': 'open").unwrap().unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
        let deep = format!("{{'a': {}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(to_json(&(deep + "}")).unwrap().is_err());
    }
}
