//! A large JSON array of pages read in parts, one per parse worker.
//!
//! The AWS CLI's output gathered into one file is a JSON array of pages:
//! `[{page}, {page}, …]`. Such a file of tens of MB is cut into byte ranges
//! ([`ranges`]); each part ([`parse_part`]) starts at the first page that
//! begins in its range and reads whole pages until the next one would begin
//! past the range's end. Parts are then checked against each other
//! ([`chained`]): each must start exactly where the one before it
//! expects its next page, the first at the file's start, the last at the
//! closing `]` with nothing but whitespace after it. Only then is every
//! byte read once, by a parser that knew where it stood: the first part
//! starts at the true start, so by induction each later one does too.
//!
//! Finding a page's start in the middle of a file is a guess (a `{` after a
//! `,` that reads as a whole page, followed by `,` or `]`): a service object
//! lacks `JobStatus` and fails, but text inside a string could fool it. A
//! wrong guess cannot pass [`chained`], and anything that does not fit
//! (another format, an error in the file, a part with no page of its own)
//! makes the caller read the file whole with
//! [`parse_file`](super::input::parse_file), which gives the same result,
//! or the error with its line and column.
//!
//! ```
//! use lastaccessed::report::{input::parse_file, split};
//! let page = r#"{"JobStatus":"COMPLETED","JobCreationDate":"2026-01-01T00:00:00Z","ServicesLastAccessed":[{"ServiceName":"S","ServiceNamespace":"s","TotalAuthenticatedEntities":0}]}"#;
//! let text = format!("[{}]", vec![page; 6].join(",\n"));
//! let bytes = text.as_bytes();
//! let ranges = split::ranges(bytes, bytes.len(), 3).unwrap();
//! let parts: Vec<_> = ranges
//!     .iter()
//!     .map(|&(from, to)| {
//!         let window = &bytes[from..];
//!         split::parse_part("f.json", window, from == 0, to - from, true).unwrap()
//!     })
//!     .collect();
//! let heads: Vec<_> = parts.iter().zip(&ranges).map(|(p, r)| (r.0 + p.start, r.0 + p.next)).collect();
//! assert!(split::chained(&heads, bytes.len()));
//! let joined = split::join(parts.into_iter().map(|p| p.loaded).collect());
//! assert_eq!(joined, parse_file("f.json", bytes).unwrap());
//! ```

use super::input::Loaded;
use super::model::{Document, Page};

/// What a part read: where it started and where the next part must start
/// (offsets in its window), and its pages, numbered from 1 within the part.
#[derive(Debug)]
pub struct Part {
    pub start: usize,
    pub next: usize,
    pub loaded: Loaded,
}

fn ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && ws(bytes[at]) {
        at += 1;
    }
    at
}

/// Where the array's first item may start: after an optional UTF-8 BOM,
/// whitespace and `[`. `None` unless the text starts that way.
fn array_body(bytes: &[u8]) -> Option<usize> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let at = skip_ws(bytes, bom);
    (bytes.get(at) == Some(&b'[')).then_some(at + 1)
}

/// `parts` byte ranges covering a file of `len` bytes whose first bytes are
/// `head` (only its start is looked at), when it starts as a JSON array.
/// `None` for anything else, or for fewer than two parts.
///
/// Each cut is a little (1/64 of a part) before the even one: pages are
/// mostly of one size (100 services each), so that an even cut falls on a
/// page's start about as often as not, and the page would go to the part
/// before, leaving the next one short. (A cut may fall inside a character:
/// parts only ever start reading at a `{`.)
pub fn ranges(head: &[u8], len: usize, parts: usize) -> Option<Vec<(usize, usize)>> {
    array_body(head)?;
    if parts < 2 || len < parts * 64 {
        return None;
    }
    let early = len / parts / 64;
    let cuts: Vec<usize> = (0..=parts)
        .map(|k| match k {
            0 => 0,
            k if k == parts => len,
            k => len * k / parts - early,
        })
        .collect();
    Some(cuts.windows(2).map(|w| (w[0], w[1])).collect())
}

/// One page at `at`, and the offset just past it.
fn page_at(window: &[u8], at: usize) -> Option<(Page, usize)> {
    let mut stream = serde_json::Deserializer::from_slice(&window[at..]).into_iter::<Page>();
    match stream.next() {
        Some(Ok(page)) => Some((page, at + stream.byte_offset())),
        _ => None,
    }
}

/// After a page ending at `end`: the next page's start (after `,`), or the
/// window's length when the array closes there with only whitespace after
/// it (`closes`: allowed only to the file's last part).
fn after(window: &[u8], end: usize, closes: bool) -> Option<usize> {
    let at = skip_ws(window, end);
    match window.get(at)? {
        b',' => {
            let next = skip_ws(window, at + 1);
            (window.get(next) == Some(&b'{')).then_some(next)
        }
        b']' if closes && skip_ws(window, at + 1) == window.len() => Some(window.len()),
        _ => None,
    }
}

/// A page's keys, as `Page` reads them (lower-cased). Only an object whose
/// first key is one of them is tried as a page: a service, an action or an
/// entity is passed over at once, not read to its end first. (A page whose
/// first key is another one is not found, and the file is read whole.)
const PAGE_KEYS: &[&str] = &[
    "jobstatus",
    "jobtype",
    "jobcreationdate",
    "serviceslastaccessed",
    "jobcompletiondate",
    "istruncated",
    "marker",
    "error",
    "errordetails",
    "numberofservicesaccessible",
    "numberofservicesnotaccessed",
    "entitydetailslist",
    "accessdetails",
    "x-lastaccessed-kind",
    "x-lastaccessed-principal",
];

/// Whether `object` (from its `{`) starts with one of a page's keys.
fn opens_a_page(object: &[u8]) -> bool {
    let at = skip_ws(object, 1);
    if object.get(at) != Some(&b'"') {
        return false;
    }
    let key = &object[at + 1..];
    let Some(end) = key.iter().take(32).position(|b| *b == b'"') else {
        return false;
    };
    PAGE_KEYS
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(&key[..end]))
}

/// The first page that starts before `stop`: a `{` after a `,` (or after
/// only whitespace in the window) that reads as a whole page followed by
/// `,` or `]`. Its start, the page, and the offset just past it.
fn first_page(window: &[u8], stop: usize) -> Option<(usize, Page, usize)> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'{', &window[from..stop.min(window.len())]) {
        let at = from + i;
        // (The `,` may lie before the window: the part before checks it.)
        let before = window[..at].iter().rposition(|b| !ws(*b));
        if before.is_none_or(|b| window[b] == b',') && opens_a_page(&window[at..]) {
            if let Some((page, end)) = page_at(window, at) {
                if matches!(window.get(skip_ws(window, end)), Some(b',' | b']')) {
                    return Some((at, page, end));
                }
            }
        }
        from = at + 1;
    }
    None
}

/// The pages of a part: where it starts, where the next part must start,
/// and its documents (see [`parse_part`]).
fn read_pages(
    window: &[u8],
    first: bool,
    stop: usize,
    to_end: bool,
) -> Option<(usize, usize, Vec<Document>)> {
    let (start, mut found) = if first {
        let at = skip_ws(window, array_body(window)?);
        (window.get(at) == Some(&b'{')).then_some((at, None))?
    } else {
        let (at, page, end) = first_page(window, stop)?;
        (at, Some((page, end)))
    };
    let mut docs = Vec::new();
    let mut at = start;
    loop {
        if found.is_none() && at >= stop {
            return Some((start, at, docs));
        }
        let (page, end) = match found.take() {
            Some(read) => read,
            None => page_at(window, at)?,
        };
        docs.push(page.into_document());
        at = after(window, end, to_end)?;
        if at == window.len() {
            return Some((start, at, docs));
        }
    }
}

/// Read one part of a file that is a JSON array of pages.
///
/// `window`: the file's bytes from the part's range start (to the file's
/// end, or some way past the range); `first`: the range starts the file;
/// `stop`: the range's length (pages that begin at or past it are the next
/// part's); `to_end`: the window reaches the file's end, so the part may
/// close the array. `None` when the part does not read as whole pages.
pub fn parse_part(
    file: &str,
    window: &[u8],
    first: bool,
    stop: usize,
    to_end: bool,
) -> Option<Part> {
    super::model::intern::reset();
    let read = read_pages(window, first, stop, to_end);
    super::model::intern::reset();
    let (start, next, docs) = read?;
    let mut loaded = Loaded::default();
    for (i, doc) in docs.into_iter().enumerate() {
        loaded.add(file, i + 1, doc);
    }
    Some(Part {
        start: if first { 0 } else { start },
        next,
        loaded,
    })
}

/// Whether parts, as `(start, next)` in file offsets and in file order,
/// read a file of `len` bytes once and whole: the first from the start,
/// each where the one before it stopped, the last to the end.
pub fn chained(parts: &[(usize, usize)], len: usize) -> bool {
    let mut at = 0;
    for &(start, next) in parts {
        if start != at || next <= start {
            return false;
        }
        at = next;
    }
    at == len && !parts.is_empty()
}

/// The parts' pages as one file's: numbered on from part to part.
pub fn join(parts: Vec<Loaded>) -> Loaded {
    let mut whole = Loaded::default();
    let mut before = 0;
    for mut part in parts {
        let n = part.len();
        for p in &mut part.pages {
            p.index += before;
        }
        for p in &mut part.entities {
            p.index += before;
        }
        before += n;
        whole.extend(part);
    }
    whole
}

/// The file read in `parts` parts one after the other, as the parse
/// workers read it side by side; `None` where they would fall back to
/// reading it whole. (The reference for tests and the benchmark.)
pub fn try_parts(file: &str, bytes: &[u8], parts: usize) -> Option<Loaded> {
    let ranges = ranges(bytes, bytes.len(), parts)?;
    let mut heads = Vec::new();
    let mut loaded = Vec::new();
    for &(from, to) in &ranges {
        let part = parse_part(file, &bytes[from..], from == 0, to - from, true)?;
        heads.push((from + part.start, from + part.next));
        loaded.push(part.loaded);
    }
    chained(&heads, bytes.len()).then(|| join(loaded))
}
