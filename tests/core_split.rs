//! A large JSON array of pages read in parts (`report::split`): the parts
//! joined are exactly the file read whole, and anything the parts cannot
//! be sure of falls back to reading it whole.

mod common;

use lastaccessed::report::input::parse_file;
use lastaccessed::report::split::{chained, parse_part, ranges, try_parts};
use serde_json::Value;

/// Every page of the fixtures (services, entities, organizations), as values.
fn fixture_pages() -> Vec<Value> {
    [
        "cli-v2/page-1.json",
        "cli-v2/page-2.json",
        "entities/entities-s3.json",
        "org/org-report.json",
    ]
    .iter()
    .map(|rel| serde_json::from_slice(&common::bytes(rel)).unwrap())
    .collect()
}

/// `n` pages cycling through the fixtures, as one array, indented as the
/// CLI prints it or compact.
fn array(n: usize, pretty: bool) -> Vec<u8> {
    let pages = fixture_pages();
    let items: Vec<Value> = (0..n).map(|i| pages[i % pages.len()].clone()).collect();
    let value = Value::Array(items);
    if pretty {
        serde_json::to_vec_pretty(&value).unwrap()
    } else {
        serde_json::to_vec(&value).unwrap()
    }
}

#[test]
fn parts_joined_are_the_file_read_whole() {
    for pretty in [true, false] {
        for pages in [2, 3, 7, 24] {
            let bytes = array(pages, pretty);
            let whole = parse_file("a.json", &bytes).unwrap();
            for parts in 2..=6 {
                let joined = try_parts("a.json", &bytes, parts);
                // Parts with no page of their own fall back (few pages, many parts).
                if parts <= pages / 2 {
                    assert!(
                        joined.is_some(),
                        "{pages} pages in {parts} parts, pretty {pretty}"
                    );
                }
                if let Some(joined) = joined {
                    assert_eq!(joined, whole, "{pages} pages in {parts} parts");
                }
            }
        }
    }
}

#[test]
fn a_bom_and_windows_line_ends_still_split() {
    let text = String::from_utf8(array(8, true))
        .unwrap()
        .replace('\n', "\r\n");
    let bytes = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let joined = try_parts("a.json", &bytes, 3).expect("split");
    assert_eq!(joined, parse_file("a.json", &bytes).unwrap());
}

#[test]
fn only_a_json_array_is_cut() {
    let page = common::bytes("cli-v2/page-1.json");
    assert!(ranges(&page, page.len(), 2).is_none(), "one object");
    let bytes = array(4, true);
    assert!(ranges(&bytes, bytes.len(), 1).is_none(), "one part");
    assert_eq!(ranges(&bytes, 1280, 2), Some(vec![(0, 630), (630, 1280)]));
}

/// Inputs the parts cannot be sure of: each falls back (`None`), or, if
/// the parts do agree, reads exactly as the whole file does.
#[test]
fn what_the_parts_cannot_read_is_read_whole() {
    let good = String::from_utf8(array(8, true)).unwrap();
    let marker = "\"JobStatus\": \"COMPLETED\"";
    let cases: Vec<(&str, String)> = vec![
        ("trailing comma", good.replacen("\n]", ",\n]", 1)),
        ("text after the array", format!("{good}\n{{\"a\": 1}}")),
        ("two arrays", format!("{good}\n{good}")),
        ("truncated", good[..good.len() * 3 / 4].to_string()),
        ("a bad page late", {
            let at = good.rfind(marker).unwrap();
            format!(
                "{}\"JobStatus\": 7{}",
                &good[..at],
                &good[at + marker.len()..]
            )
        }),
        (
            "a bad page early",
            good.replacen(marker, "\"JobStatus\": 7", 1),
        ),
        (
            "not a page inside",
            good.replacen("[\n  {", "[\n  1,\n  {", 1),
        ),
        (
            "a page's text in a string",
            good.replace(
                "\"ServiceName\": \"",
                "\"ServiceName\": \"x, {\\\"JobStatus\\\": \\\"COMPLETED\\\"}, {",
            ),
        ),
        ("empty array", "[ ]".into()),
        ("array of arrays", format!("[{good}, {good}]")),
    ];
    for (what, text) in &cases {
        let whole = parse_file("a.json", text.as_bytes());
        for parts in 2..=5 {
            if let Some(joined) = try_parts("a.json", text.as_bytes(), parts) {
                assert_eq!(Ok(joined), whole.clone(), "{what} in {parts} parts");
            }
        }
    }
    // The first seven are not one array of pages: never read in parts.
    for (what, text) in &cases[..7] {
        assert!(try_parts("a.json", text.as_bytes(), 3).is_none(), "{what}");
    }
}

#[test]
fn parts_that_do_not_meet_are_not_chained() {
    assert!(chained(&[(0, 10), (10, 20)], 20));
    assert!(!chained(&[(0, 10), (11, 20)], 20), "a gap");
    assert!(!chained(&[(0, 10), (9, 20)], 20), "an overlap");
    assert!(!chained(&[(0, 10), (10, 19)], 20), "short of the end");
    assert!(!chained(&[(1, 10), (10, 20)], 20), "not from the start");
    assert!(
        !chained(&[(0, 10), (10, 10), (10, 20)], 20),
        "an empty part"
    );
    assert!(!chained(&[], 0));
}

#[test]
fn a_window_that_ends_inside_a_page_is_not_read() {
    let bytes = array(8, true);
    let r = ranges(&bytes, bytes.len(), 2).unwrap();
    let (from, to) = r[1];
    // The second part's window cut short of the file's end.
    let short = &bytes[from..bytes.len() - 10];
    assert!(parse_part("a.json", short, false, to - from, false).is_none());
    // The first part reads on past its range to finish its last page.
    let first = parse_part("a.json", &bytes, true, r[0].1, false).unwrap();
    assert!(first.next >= r[0].1 && bytes[first.next] == b'{');
}
/// Every cut of a small file in two: a cut anywhere from just after `[` to the last page's start chains, and reads what the whole
/// file reads; any other cut falls back.
#[test]
fn a_cut_at_any_byte_reads_the_same() {
    let pages: Vec<String> = fixture_pages()
        .iter()
        .map(|p| {
            serde_json::to_string(p)
                .unwrap()
                .replace("\"ServiceName\":\"", "\"ServiceName\":\"Ünïcødé ✓ ")
        })
        .collect();
    let text = format!("[{}]", pages.join(","));
    let bytes = text.as_bytes();
    let whole = parse_file("a.json", bytes).unwrap();
    let last_page_starts = text.len() - 1 - pages.last().unwrap().len();
    let mut chained_cuts = Vec::new();
    for cut in 1..bytes.len() {
        let a = parse_part("a.json", bytes, true, cut, false);
        let b = parse_part("a.json", &bytes[cut..], false, bytes.len() - cut, true);
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        if chained(
            &[(a.start, a.next), (cut + b.start, cut + b.next)],
            bytes.len(),
        ) {
            chained_cuts.push(cut);
            let joined = lastaccessed::report::split::join(vec![a.loaded, b.loaded]);
            assert_eq!(joined, whole, "cut at {cut}");
        }
    }
    // (A cut just after `[` leaves the first part only the `[`: still whole.)
    let expected: Vec<usize> = (1..=last_page_starts).collect();
    assert!(
        chained_cuts == expected,
        "{} cuts chained, {} expected; first {:?}, last {:?}",
        chained_cuts.len(),
        expected.len(),
        chained_cuts.first(),
        chained_cuts.last()
    );
}
