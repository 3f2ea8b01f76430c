//! The page lays out every symbol it writes once, with `index.html` itself
//! (its font warm-up): a symbol missing from that list would send the
//! browser looking for a font in the middle of a file's load.

use std::collections::BTreeSet;
use std::fs;

fn symbols_in(text: &str) -> BTreeSet<char> {
    text.chars().filter(|c| !c.is_ascii()).collect()
}

#[test]
fn every_symbol_the_page_writes_is_warmed_up() {
    let page = fs::read_to_string("index.html").unwrap();
    let list = page
        .lines()
        .find(|l| l.contains("<span data-symbols>"))
        .expect("the font warm-up's symbols in index.html");
    let warmed = symbols_in(list);
    // Each size and weight lays out every symbol too (a symbol's font is
    // looked up again at each size).
    for line in page.lines().filter(|l| l.contains("Ag 09")) {
        assert_eq!(symbols_in(line), warmed, "{line}");
    }
    let mut used = BTreeSet::new();
    for dir in ["src/ui", "src/report", "src/session"] {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                used.extend(symbols_in(&fs::read_to_string(&path).unwrap()));
            }
        }
    }
    used.extend(symbols_in(&fs::read_to_string("styles/app.css").unwrap()));
    let missing: Vec<char> = used.difference(&warmed).copied().collect();
    assert!(
        missing.is_empty(),
        "add to the font warm-up in index.html (each of its lines): {missing:?}"
    );
}
