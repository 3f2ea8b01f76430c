//! The page lays out every symbol it writes once, soon after it starts
//! (`src/ui/font_warmup.rs`): a symbol missing from that list would send the
//! browser looking for a font in the middle of the first report's layout.

use std::collections::BTreeSet;
use std::fs;

fn symbols_in(text: &str) -> BTreeSet<char> {
    text.chars().filter(|c| !c.is_ascii()).collect()
}

#[test]
fn every_symbol_the_page_writes_is_warmed_up() {
    let warmup = fs::read_to_string("src/ui/font_warmup.rs").unwrap();
    let list = warmup
        .lines()
        .find_map(|l| l.strip_prefix("pub const SYMBOLS: &str = \""))
        .and_then(|l| l.strip_suffix("\";"))
        .expect("SYMBOLS in src/ui/font_warmup.rs");
    let warmed = symbols_in(list);
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
    assert!(missing.is_empty(), "add to SYMBOLS: {missing:?}");
}
