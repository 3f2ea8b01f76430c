//! Share links: the view state, and optionally the data, in the URL fragment
//! (which browsers never send to any server).
//!
//! Fragment: `v1&t=90&ref=now&ss=last-accessed.asc&q=lambda&st=stale.never&svc=s3&l0=ci&d=…`
//! (`l<i>`: the label the user gave report `i`).
//! The `v1` prefix versions the encoding, so later versions can still open
//! old links. `d` carries a compact projection of the reports (only the fields
//! the views need; times to the second), as JSON, deflated (raw DEFLATE) and
//! base64url-encoded.
//!
//! ```
//! use lastaccessed::report::share::{decode_fragment, encode_fragment, ViewState};
//! let v = ViewState { threshold_days: Some(30), service: Some("s3".into()), ..ViewState::default() };
//! let f = encode_fragment(&v);
//! assert_eq!(f, "v1&t=30&svc=s3");
//! assert_eq!(decode_fragment(&f).unwrap(), v);
//! assert!(decode_fragment("v9&t=1").unwrap_err().to_string().contains("newer version"));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use super::authz::is_account_id;
use super::chart::Bucket;
use super::error::{Error, ErrorKind};
use super::filter::Filter;
use super::id::Id;
use super::model::{
    JobStatus, JobType, Kind, Page, ServiceLastAccessed, TrackedActionLastAccessed,
};
use super::report::{user_label, Report};
use super::staleness::{
    service_threshold_days, threshold_namespace, ReferenceMode, Status, MAX_THRESHOLD_DAYS,
};
use super::table::{ActionColumn, Direction, ServiceColumn, Sort};

pub const VERSION: &str = "v1";

/// Above this many characters a link with data is risky to paste around.
pub const LINK_WARN_CHARS: usize = 32_000;

/// Everything about the view that a link restores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewState {
    /// Index of the selected report (reports are ordered newest first).
    pub report: Option<usize>,
    pub threshold_days: Option<u32>,
    pub reference: Option<ReferenceMode>,
    pub service_sort: Option<Sort<ServiceColumn>>,
    pub action_sort: Option<Sort<ActionColumn>>,
    pub filter: Filter,
    /// Selected service namespace.
    pub service: Option<String>,
    /// Labels the user gave, by report index: `l3=ci-deployer`.
    pub labels: BTreeMap<usize, String>,
    /// Services judged by their own threshold: `ts=bedrock:60.s3:30`.
    pub service_thresholds: BTreeMap<String, u32>,
    /// Encoded reports (see [`encode_data`]), kept as is.
    pub data: Option<String>,
}

const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn bad(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidField {
        message: message.into(),
    })
    .in_file("share link")
}

fn sort_key<C: Id>(s: Sort<C>) -> String {
    format!("{}.{}", s.column.id(), s.direction.id())
}

fn parse_sort<C: Id>(v: &str) -> Option<Sort<C>> {
    let (col, dir) = v.rsplit_once('.')?;
    Some(Sort {
        column: C::from_id(col)?,
        direction: Direction::from_id(dir)?,
    })
}

/// The fragment (without `#`) for a view.
pub fn encode_fragment(v: &ViewState) -> String {
    let mut parts = vec![VERSION.to_string()];
    let mut put = |k: &str, val: &str| {
        parts.push(format!("{k}={}", utf8_percent_encode(val, VALUE)));
    };
    if let Some(r) = v.report {
        put("rep", &r.to_string());
    }
    if let Some(t) = v.threshold_days {
        put("t", &t.to_string());
    }
    if let Some(r) = v.reference {
        put("ref", r.id());
    }
    if let Some(s) = v.service_sort {
        put("ss", &sort_key(s));
    }
    if let Some(s) = v.action_sort {
        put("as", &sort_key(s));
    }
    let f = &v.filter;
    if !f.text.is_empty() {
        put("q", &f.text);
    }
    if !f.statuses.is_empty() {
        let s: Vec<&str> = f.statuses.iter().map(|s| s.as_str()).collect();
        put("st", &s.join("."));
    }
    if let Some(b) = f.bucket {
        put("b", b.id());
    }
    if let Some(r) = &f.region {
        put("rg", r);
    }
    if f.only_with_actions {
        put("wa", "1");
    }
    if let Some(s) = &v.service {
        put("svc", s);
    }
    for (i, l) in &v.labels {
        put(&format!("l{i}"), l);
    }
    if !v.service_thresholds.is_empty() {
        let t: Vec<String> = v
            .service_thresholds
            .iter()
            .map(|(ns, d)| format!("{ns}:{d}"))
            .collect();
        put("ts", &t.join("."));
    }
    if let Some(d) = &v.data {
        put("d", d);
    }
    parts.join("&")
}

/// Read a fragment (with or without `#`). Unknown keys are ignored; a
/// damaged or foreign fragment is an error that says so.
pub fn decode_fragment(fragment: &str) -> Result<ViewState, Error> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut parts = f.split('&');
    match parts.next() {
        Some(VERSION) => {}
        Some(v) if v.len() <= 4 && v.starts_with('v') && v[1..].parse::<u32>().is_ok() => {
            return Err(bad(format!(
                "this link was made by a newer version of lastaccessed ({v}); open it there"
            )))
        }
        _ => {
            return Err(bad(
                "this link's fragment is not a lastaccessed view (it should start with #v1)",
            ))
        }
    }
    let mut v = ViewState::default();
    for part in parts.filter(|p| !p.is_empty()) {
        let (k, raw) = part.split_once('=').unwrap_or((part, ""));
        let val = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| bad(format!("the value of `{k}` is damaged")))?
            .into_owned();
        let num = |what: &str| {
            val.parse::<u32>()
                .map_err(|_| bad(format!("`{k}` should be {what}, not {val:?}")))
        };
        match k {
            "rep" => v.report = Some(num("a report number")? as usize),
            "t" => v.threshold_days = Some(num("a number of days")?.min(MAX_THRESHOLD_DAYS)),
            // Anything but "now" is the report date, as links have always read.
            "ref" => {
                v.reference =
                    Some(ReferenceMode::from_id(&val).unwrap_or(ReferenceMode::ReportDate))
            }
            "ss" => v.service_sort = parse_sort::<ServiceColumn>(&val),
            "as" => v.action_sort = parse_sort::<ActionColumn>(&val),
            "q" => v.filter.text = val,
            "st" => v.filter.statuses = val.split('.').filter_map(Status::from_id).collect(),
            "b" => v.filter.bucket = Bucket::from_id(&val),
            "rg" => v.filter.region = Some(val),
            "wa" => v.filter.only_with_actions = val == "1",
            "svc" => v.service = Some(val),
            "d" => v.data = Some(val),
            "ts" => {
                v.service_thresholds = val
                    .split('.')
                    .filter_map(|p| {
                        let (ns, d) = p.split_once(':')?;
                        let days = service_threshold_days(d.parse::<u32>().ok()?);
                        Some((threshold_namespace(ns)?, days))
                    })
                    .take(500)
                    .collect()
            }
            k if k.len() > 1
                && k.starts_with('l')
                && k[1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                let i = k[1..]
                    .parse::<usize>()
                    .map_err(|_| bad(format!("`{k}` names no report")))?;
                if let Some(label) = user_label(&val).filter(|_| i < 10_000) {
                    v.labels.insert(i, label);
                }
            }
            _ => {}
        }
    }
    Ok(v)
}

// ---- data ------------------------------------------------------------------

#[derive(Serialize, Deserialize, Default)]
struct Compact {
    /// String table.
    s: Vec<String>,
    r: Vec<CReport>,
}

#[derive(Serialize, Deserialize)]
struct CReport {
    /// Created, epoch seconds.
    c: Option<i64>,
    /// Completed, epoch seconds; times below are seconds before it.
    d: Option<i64>,
    /// Status: 0 in progress, 1 completed, 2 failed.
    j: u8,
    /// Job type: 0 unknown, 1 service level, 2 action level.
    t: u8,
    /// 1 for an organizations report.
    k: u8,
    p: Option<u32>,
    m: Option<u32>,
    o: Option<(Option<u64>, Option<u64>)>,
    v: Vec<CService>,
}

#[derive(Serialize, Deserialize)]
struct CService(
    u32,
    u32,
    Option<i64>,
    Option<u32>,
    Option<u32>,
    Option<u64>,
    Option<Vec<CAction>>,
);

#[derive(Serialize, Deserialize)]
struct CAction(u32, Option<i64>, Option<u32>, Option<u32>);

#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = self.list.len() as u32;
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
    fn opt(&mut self, s: Option<&str>) -> Option<u32> {
        s.map(|s| self.id(s))
    }
}

/// Reports → the `d` value of a link.
pub fn encode_data(reports: &[Report]) -> String {
    let mut strings = Strings::default();
    let mut r = Vec::new();
    for rep in reports {
        let base = rep.ended().map(|t| t.timestamp());
        let rel = |t: &Option<DateTime<Utc>>| t.map(|t| base.unwrap_or(0) - t.timestamp());
        let v = rep
            .services
            .iter()
            .map(|s| {
                let actions = s.tracked_actions_last_accessed.as_ref().map(|list| {
                    list.iter()
                        .map(|a| {
                            CAction(
                                strings.id(&a.action_name),
                                rel(&a.last_accessed_time),
                                strings.opt(a.last_accessed_entity.as_deref()),
                                strings.opt(a.last_accessed_region.as_deref()),
                            )
                        })
                        .collect()
                });
                CService(
                    strings.id(&s.service_namespace),
                    strings.id(&s.service_name),
                    rel(&s.last_authenticated),
                    strings.opt(s.last_authenticated_entity.as_deref()),
                    strings.opt(s.last_authenticated_region.as_deref()),
                    s.total_authenticated_entities,
                    actions,
                )
            })
            .collect();
        r.push(CReport {
            c: rep.created.map(|t| t.timestamp()),
            d: rep.completed.map(|t| t.timestamp()),
            j: match rep.status {
                JobStatus::InProgress => 0,
                JobStatus::Completed => 1,
                JobStatus::Failed => 2,
            },
            t: match rep.key.job_type {
                None => 0,
                Some(JobType::ServiceLevel) => 1,
                Some(JobType::ActionLevel) => 2,
            },
            k: u8::from(rep.key.kind == Kind::Organizations),
            p: strings.opt(rep.principal.as_deref()),
            m: strings.opt(rep.next_marker.as_deref()),
            o: rep.org_counts,
            v,
        });
    }
    let json = serde_json::to_vec(&Compact { s: strings.list, r }).unwrap_or_default();
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&json);
    URL_SAFE_NO_PAD.encode(z.finish().unwrap_or_default())
}

/// The `d` value of a link → pages, one per report.
pub fn decode_data(d: &str) -> Result<Vec<Page>, Error> {
    let packed = URL_SAFE_NO_PAD.decode(d.trim()).map_err(|_| {
        bad("the report data in this link is damaged (not base64url); was the link cut short?")
    })?;
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(packed.as_slice())
        .take(super::input::MAX_INPUT_BYTES as u64)
        .read_to_end(&mut json)
        .map_err(|_| bad("the report data in this link is damaged; was the link cut short?"))?;
    let c: Compact = serde_json::from_slice(&json)
        .map_err(|e| bad(format!("the report data in this link is not readable: {e}")))?;
    let s = |i: u32| -> Result<String, Error> {
        c.s.get(i as usize)
            .cloned()
            .ok_or_else(|| bad("the report data in this link refers to a missing string"))
    };
    let so = |i: Option<u32>| i.map(s).transpose();
    let mut pages = Vec::new();
    for r in &c.r {
        let time = |t: Option<i64>| t.and_then(|t| DateTime::from_timestamp(t, 0));
        let base = r.d.or(r.c).unwrap_or(0);
        let at = |rel: Option<i64>| {
            rel.and_then(|x| base.checked_sub(x))
                .and_then(|t| DateTime::from_timestamp(t, 0))
        };
        let mut services = Vec::new();
        for v in &r.v {
            let actions = match &v.6 {
                None => None,
                Some(list) => Some(
                    list.iter()
                        .map(|a| {
                            Ok(TrackedActionLastAccessed {
                                action_name: s(a.0)?.into(),
                                last_accessed_entity: so(a.2)?.map(Into::into),
                                last_accessed_time: at(a.1),
                                last_accessed_region: so(a.3)?.map(Into::into),
                            })
                        })
                        .collect::<Result<Vec<_>, Error>>()?,
                ),
            };
            services.push(ServiceLastAccessed {
                service_name: s(v.1)?,
                last_authenticated: at(v.2),
                service_namespace: s(v.0)?,
                last_authenticated_entity: so(v.3)?,
                last_authenticated_region: so(v.4)?,
                total_authenticated_entities: v.5,
                tracked_actions_last_accessed: actions,
            });
        }
        let marker = so(r.m)?;
        let status = match r.j {
            0 => JobStatus::InProgress,
            2 => JobStatus::Failed,
            _ => JobStatus::Completed,
        };
        pages.push(Page {
            job_type: match r.t {
                1 => Some(JobType::ServiceLevel),
                2 => Some(JobType::ActionLevel),
                _ => None,
            },
            job_creation_date: time(r.c),
            services_last_accessed: services.into_iter().map(std::rc::Rc::new).collect(),
            job_completion_date: time(r.d),
            is_truncated: marker.is_some(),
            marker,
            number_of_services_accessible: r.o.and_then(|o| o.0),
            number_of_services_not_accessed: r.o.and_then(|o| o.1),
            kind: if r.k == 1 {
                Kind::Organizations
            } else {
                Kind::ServiceLastAccessed
            },
            principal: so(r.p)?,
            ..Page::new(status)
        });
    }
    Ok(pages)
}

// ---- redaction -----------------------------------------------------------------

/// What redaction replaced, in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Redaction {
    /// (account ID, placeholder)
    pub accounts: Vec<(String, String)>,
    /// (`kind/name`, placeholder)
    pub names: Vec<(String, String)>,
}

#[derive(Default)]
struct Redactor {
    accounts: BTreeMap<String, String>,
    names: BTreeMap<String, String>,
    seen: Redaction,
    /// Every real account ID in the data: no placeholder may equal one.
    reserved: std::collections::BTreeSet<String>,
}

const KINDS: [&str; 4] = ["user", "role", "group", "assumed-role"];

impl Redactor {
    fn account(&mut self, id: &str) -> String {
        if let Some(p) = self.accounts.get(id) {
            return p.clone();
        }
        let taken =
            |p: &String| self.reserved.contains(p) || self.accounts.values().any(|v| v == p);
        let p = (1..)
            .map(|n: u64| {
                if n <= 9 {
                    n.to_string().repeat(12)
                } else {
                    format!("{n:012}")
                }
            })
            .find(|p| !taken(p))
            .unwrap_or_default();
        self.accounts.insert(id.to_string(), p.clone());
        self.seen.accounts.push((id.to_string(), p.clone()));
        p
    }

    fn name(&mut self, kind: &str, name: &str) -> String {
        let key = format!("{kind}/{name}");
        if let Some(p) = self.names.get(&key) {
            return p.clone();
        }
        let p = format!("{kind}/redacted-{}", self.names.len() + 1);
        self.names.insert(key.clone(), p.clone());
        self.seen.names.push((key, p.clone()));
        p
    }

    /// A path of `/`-separated parts: accounts and principal names replaced.
    fn path(&mut self, s: &str) -> String {
        let parts: Vec<&str> = s.split('/').collect();
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            let p = parts[i];
            if is_account_id(p) {
                out.push(self.account(p));
            } else if KINDS.contains(&p) && i + 1 < parts.len() {
                // kind/[path/…/]name: the path goes, the name is replaced.
                let name = parts[parts.len() - 1];
                out.push(self.name(p, name));
                break;
            } else {
                out.push(p.to_string());
            }
            i += 1;
        }
        out.join("/")
    }

    fn text(&mut self, s: &str) -> String {
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        if parts.len() == 6 && parts[0] == "arn" {
            let account = if parts[4].is_empty() {
                String::new()
            } else {
                self.account(parts[4])
            };
            let resource = self.path(parts[5]);
            return format!(
                "arn:{}:{}:{}:{account}:{resource}",
                parts[1], parts[2], parts[3]
            );
        }
        self.path(s)
    }

    fn opt(&mut self, s: Option<&str>) -> Option<String> {
        s.map(|s| self.text(s))
    }
}

/// Replace account IDs and principal names consistently across every report.
pub fn redact(reports: &[Report]) -> (Vec<Report>, Redaction) {
    let mut r = Redactor::default();
    let mut note = |s: Option<&str>| {
        for part in s.iter().flat_map(|s| s.split([':', '/'])) {
            if is_account_id(part) {
                r.reserved.insert(part.to_string());
            }
        }
    };
    for rep in reports {
        note(rep.principal.as_deref());
        for s in &rep.services {
            note(s.last_authenticated_entity.as_deref());
            for a in s.tracked_actions_last_accessed.iter().flatten() {
                note(a.last_accessed_entity.as_deref());
            }
        }
        for e in rep.entity_groups.iter().flat_map(|g| &g.entities) {
            note(Some(&e.entity_info.arn));
        }
    }
    let out = reports
        .iter()
        .map(|rep| {
            let mut rep = rep.clone();
            rep.principal = r.opt(rep.principal.as_deref());
            rep.key.principal = r.opt(rep.key.principal.as_deref());
            for s in &mut rep.services {
                let s = std::rc::Rc::make_mut(s);
                s.last_authenticated_entity = r.opt(s.last_authenticated_entity.as_deref());
                for a in s.tracked_actions_last_accessed.iter_mut().flatten() {
                    a.last_accessed_entity =
                        r.opt(a.last_accessed_entity.as_deref()).map(Into::into);
                }
            }
            for g in &mut rep.entity_groups {
                for e in &mut g.entities {
                    e.entity_info.arn = r.text(&e.entity_info.arn);
                    e.entity_info.name = "redacted".into();
                    e.entity_info.id = "redacted".into();
                }
            }
            rep
        })
        .collect();
    (out, r.seen)
}

/// The id of the element a saved page carries its data in.
pub const EMBED_ID: &str = "lastaccessed-embedded";

/// The single-file app `template` with a share fragment embedded (the
/// reports and the view): "Save as HTML". Any fragment embedded before is
/// replaced. The fragment sits in a JSON data block (never run), escaped so
/// it cannot end the element.
///
/// ```
/// use lastaccessed::report::share::{embed_in_html, embedded_fragment};
/// let t = "<html><head><title>x</title></head><body></body></html>";
/// let once = embed_in_html(t, "v=1&d=abc</script>");
/// assert_eq!(embedded_fragment(&once).as_deref(), Some("v=1&d=abc</script>"));
/// let twice = embed_in_html(&once, "v=1&d=new");
/// assert_eq!(embedded_fragment(&twice).as_deref(), Some("v=1&d=new"));
/// assert_eq!(twice.matches("lastaccessed-embedded").count(), 1);
/// assert_eq!(embedded_fragment(t), None);
/// ```
pub fn embed_in_html(template: &str, fragment: &str) -> String {
    let open = format!("<script type=\"application/json\" id=\"{EMBED_ID}\">");
    let mut html = template.to_string();
    if let Some(start) = html.find(&open) {
        if let Some(len) = html[start..].find("</script>") {
            html.replace_range(start..start + len + "</script>".len(), "");
        }
    }
    // A JSON string, by hand (the page carries no JSON writer).
    let mut value = String::from("\"");
    for c in fragment.chars() {
        match c {
            '"' => value.push_str("\\\""),
            '\\' => value.push_str("\\\\"),
            '/' => value.push_str("\\/"),
            c if (c as u32) < 0x20 => value.push_str(&format!("\\u{:04x}", c as u32)),
            c => value.push(c),
        }
    }
    value.push('"');
    let block = format!("{open}{value}</script>\n");
    match html.find("</head>") {
        Some(i) => html.insert_str(i, &block),
        None => html.insert_str(0, &block),
    }
    html
}

/// The fragment a saved page carries ([`embed_in_html`]), if any.
pub fn embedded_fragment(html: &str) -> Option<String> {
    let open = format!("<script type=\"application/json\" id=\"{EMBED_ID}\">");
    let start = html.find(&open)? + open.len();
    let len = html[start..].find("</script>")?;
    serde_json::from_str(&html[start..start + len]).ok()
}
