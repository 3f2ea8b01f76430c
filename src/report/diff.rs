//! A line diff of two texts (a policy before and after its rewrite, or
//! against IAM Access Analyzer's recommendation), as the panels show it. The
//! engine makes it once per plan; the page only draws the lines.
//!
//! The lines are matched by [`similar`]'s Myers diff (linear memory, bounded
//! work on hard inputs). Then each run of removed (or added) lines is slid to
//! where it reads as a block: of the places it can equally sit, the one
//! whose first and last lines are least indented, as git's indent heuristic
//! does for code. A statement taken out of a policy shows as `{` … `},`, not
//! as `"Sid": …` … `{`.
//!
//! ```
//! use lastaccessed::report::diff::{diff, Mark};
//! let before = "[\n  \"a\",\n  \"b\",\n  \"c\"\n]";
//! let after = "[\n  \"a\",\n  \"b\"\n]";
//! let d = diff(before, after);
//! // Only "c" goes: "b" lost its comma, and is the same line.
//! let changed: Vec<_> = d.iter().filter(|l| l.mark != Mark::Same).collect();
//! assert_eq!(changed.len(), 1);
//! assert_eq!((changed[0].mark, changed[0].text.as_str()), (Mark::Removed, "  \"c\""));
//! assert!(d.iter().any(|l| l.mark == Mark::Same && l.text == "  \"b\""));
//! ```

use serde::{Deserialize, Serialize};
use similar::algorithms::{myers, DiffHook};

/// What a line of a diff is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Same,
    Removed,
    Added,
}

impl Mark {
    /// The sign printed before the line.
    pub fn sign(self) -> char {
        match self {
            Mark::Same => ' ',
            Mark::Removed => '-',
            Mark::Added => '+',
        }
    }

    /// The CSS class the panels draw it with.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Same => "same",
            Mark::Removed => "del",
            Mark::Added => "add",
        }
    }
}

/// One line of a diff: unchanged lines are shown as they are after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub mark: Mark,
    pub text: String,
}

/// A line of the diff by its place: in both texts, only before, only after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// The line diff of `before` and `after`. Lines that differ only by a
/// trailing comma (the last item of a list that lost its successor) are the
/// same line, shown as it is after.
pub fn diff(before: &str, after: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    fn key<'a>(l: &&'a str) -> &'a str {
        l.strip_suffix(',').unwrap_or(l)
    }
    let ka: Vec<&str> = a.iter().map(key).collect();
    let kb: Vec<&str> = b.iter().map(key).collect();
    let mut lines = Lines(Vec::with_capacity(a.len().max(b.len())));
    // The hook never fails.
    let _ = myers::diff(&mut lines, &ka, 0..ka.len(), &kb, 0..kb.len());
    let mut items = lines.0;
    // In each changed place, what goes before what comes.
    for run in items.split_mut(|it| matches!(it, Item::Same(..))) {
        run.sort_by_key(|it| matches!(it, Item::Added(_)));
    }
    slide_runs(&mut items, &a, &b, &ka, &kb);
    items
        .into_iter()
        .map(|it| match it {
            Item::Same(_, j) => DiffLine {
                mark: Mark::Same,
                text: b[j].to_string(),
            },
            Item::Removed(i) => DiffLine {
                mark: Mark::Removed,
                text: a[i].to_string(),
            },
            Item::Added(j) => DiffLine {
                mark: Mark::Added,
                text: b[j].to_string(),
            },
        })
        .collect()
}

/// Myers' answer, line by line.
struct Lines(Vec<Item>);

impl DiffHook for Lines {
    type Error = std::convert::Infallible;

    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        self.0
            .extend((0..len).map(|k| Item::Same(old + k, new + k)));
        Ok(())
    }

    fn delete(&mut self, old: usize, len: usize, _new: usize) -> Result<(), Self::Error> {
        self.0.extend((old..old + len).map(Item::Removed));
        Ok(())
    }

    fn insert(&mut self, _old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        self.0.extend((new..new + len).map(Item::Added));
        Ok(())
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Slides each run of only removed (or only added) lines between unchanged
/// ones to the place, of those it can sit in, whose first and last lines
/// are least indented (ties: the lowest place).
fn slide_runs(items: &mut [Item], a: &[&str], b: &[&str], ka: &[&str], kb: &[&str]) {
    let removed = |it: &Item| matches!(it, Item::Removed(_));
    let added = |it: &Item| matches!(it, Item::Added(_));
    let mut s = 0;
    while s < items.len() {
        let kind: &dyn Fn(&Item) -> bool = match items[s] {
            Item::Same(..) => {
                s += 1;
                continue;
            }
            Item::Removed(_) => &removed,
            Item::Added(_) => &added,
        };
        let mut e = s;
        while e < items.len() && kind(&items[e]) {
            e += 1;
        }
        // A run next to a run of the other kind is a replacement: left as is.
        let pure = (s == 0 || !matches!(items[s - 1], Item::Removed(_) | Item::Added(_)))
            && (e == items.len() || matches!(items[e], Item::Same(..)));
        if pure {
            let (text, keys) = if matches!(items[s], Item::Removed(_)) {
                (a, ka)
            } else {
                (b, kb)
            };
            let (s2, e2) = best_place(items, s, e, text, keys);
            s = e2.max(s2);
        } else {
            s = e;
        }
    }
}

/// The line of `text` an item of the run stands for.
fn line_of(it: Item) -> usize {
    match it {
        Item::Removed(i) | Item::Added(i) => i,
        Item::Same(i, _) => i,
    }
}

/// Moves the run `items[s..e]` to its best place; returns where it is.
/// Moving a run by one line turns the unchanged line beside it into a
/// changed one and its own far end into the unchanged one: the lines
/// between keep their places.
fn best_place(
    items: &mut [Item],
    mut s: usize,
    mut e: usize,
    text: &[&str],
    keys: &[&str],
) -> (usize, usize) {
    let removed = matches!(items[s], Item::Removed(_));
    // The line an unchanged item stands for on this run's side.
    let side = |it: Item| match it {
        Item::Same(i, j) => Some(if removed { i } else { j }),
        _ => None,
    };
    let other = |it: Item| match it {
        Item::Same(i, j) => {
            if removed {
                j
            } else {
                i
            }
        }
        _ => 0,
    };
    let make = |line: usize| {
        if removed {
            Item::Removed(line)
        } else {
            Item::Added(line)
        }
    };
    let same = |line: usize, o: usize| {
        if removed {
            Item::Same(line, o)
        } else {
            Item::Same(o, line)
        }
    };
    // Up as far as it goes: the line before the run equals its last line.
    while s > 0 {
        let Some(before) = side(items[s - 1]) else {
            break;
        };
        let last = line_of(items[e - 1]);
        if keys[before] != keys[last] {
            break;
        }
        let o = other(items[s - 1]);
        items[s - 1] = make(before);
        items[e - 1] = same(last, o);
        s -= 1;
        e -= 1;
    }
    // Then down, one line at a time, scoring each place.
    let score = |items: &[Item], s: usize, e: usize| {
        indent(text[line_of(items[s])]) + indent(text[line_of(items[e - 1])])
    };
    let (mut best, mut best_at) = (score(items, s, e), 0);
    let mut moved = 0;
    while e < items.len() {
        let Some(after) = side(items[e]) else {
            break;
        };
        let first = line_of(items[s]);
        if keys[after] != keys[first] {
            break;
        }
        let o = other(items[e]);
        items[s] = same(first, o);
        items[e] = make(after);
        s += 1;
        e += 1;
        moved += 1;
        let sc = score(items, s, e);
        if sc <= best {
            (best, best_at) = (sc, moved);
        }
    }
    // Back up to the best place.
    while moved > best_at {
        let last = line_of(items[e - 1]);
        let before = side(items[s - 1]).unwrap_or(0);
        let o = other(items[s - 1]);
        items[s - 1] = make(before);
        items[e - 1] = same(last, o);
        s -= 1;
        e -= 1;
        moved -= 1;
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signs(d: &[DiffLine]) -> String {
        d.iter()
            .map(|l| format!("{}{}\n", l.mark.sign(), l.text))
            .collect()
    }

    /// Applying the diff gives back both texts (up to the trailing commas
    /// that make two lines the same).
    fn check(before: &str, after: &str) -> Vec<DiffLine> {
        let d = diff(before, after);
        let old: Vec<&str> = d
            .iter()
            .filter(|l| l.mark != Mark::Added)
            .map(|l| l.text.trim_end_matches(','))
            .collect();
        let new: Vec<&str> = d
            .iter()
            .filter(|l| l.mark != Mark::Removed)
            .map(|l| l.text.as_str())
            .collect();
        let strip = |t: &str| -> Vec<String> {
            t.lines()
                .map(|l| l.trim_end_matches(',').to_string())
                .collect()
        };
        assert_eq!(old, strip(before), "{}", signs(&d));
        assert_eq!(new, after.lines().collect::<Vec<_>>(), "{}", signs(&d));
        d
    }

    #[test]
    fn a_statement_taken_out_reads_as_a_block() {
        let before = "{\n  \"Statement\": [\n    {\n      \"Sid\": \"A\"\n    },\n    {\n      \"Sid\": \"B\"\n    },\n    {\n      \"Sid\": \"C\"\n    }\n  ]\n}";
        let after = "{\n  \"Statement\": [\n    {\n      \"Sid\": \"A\"\n    },\n    {\n      \"Sid\": \"C\"\n    }\n  ]\n}";
        let d = check(before, after);
        let gone: Vec<&str> = d
            .iter()
            .filter(|l| l.mark == Mark::Removed)
            .map(|l| l.text.trim())
            .collect();
        assert_eq!(gone, ["{", "\"Sid\": \"B\"", "},"], "{}", signs(&d));
    }

    #[test]
    fn the_last_statement_taken_out() {
        let before = "[\n  {\n    \"Sid\": \"A\"\n  },\n  {\n    \"Sid\": \"B\"\n  }\n]";
        let after = "[\n  {\n    \"Sid\": \"A\"\n  }\n]";
        let d = check(before, after);
        let gone: Vec<&str> = d
            .iter()
            .filter(|l| l.mark == Mark::Removed)
            .map(|l| l.text.trim())
            .collect();
        assert_eq!(gone, ["{", "\"Sid\": \"B\"", "}"], "{}", signs(&d));
    }

    #[test]
    fn added_lines_slide_too_and_replacements_stay() {
        let before = "[\n  {\n    \"Sid\": \"A\"\n  }\n]";
        let after = "[\n  {\n    \"Sid\": \"A\"\n  },\n  {\n    \"Sid\": \"B\"\n  }\n]";
        let d = check(before, after);
        let new: Vec<&str> = d
            .iter()
            .filter(|l| l.mark == Mark::Added)
            .map(|l| l.text.trim())
            .collect();
        assert_eq!(new, ["{", "\"Sid\": \"B\"", "}"], "{}", signs(&d));
        let d = check("a\nb\nc", "a\nx\nc");
        assert_eq!(signs(&d), " a\n-b\n+x\n c\n");
    }

    #[test]
    fn empty_and_equal_texts() {
        assert!(check("", "").is_empty());
        assert!(check("a\nb", "a\nb").iter().all(|l| l.mark == Mark::Same));
        assert!(check("a\nb", "").iter().all(|l| l.mark == Mark::Removed));
        assert!(check("", "a\nb").iter().all(|l| l.mark == Mark::Added));
    }

    #[test]
    fn repeated_lines_anywhere_give_back_both_texts() {
        // Every pair of short texts over a two-line alphabet, with and
        // without trailing commas: sliding never loses or reorders a line.
        let lines = ["{", "},", "}", "  x"];
        let texts: Vec<String> = (0..4usize.pow(4))
            .flat_map(|n| {
                (1..=4).map(move |len| {
                    (0..len)
                        .map(|k| lines[(n / 4usize.pow(k)) % 4])
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            })
            .collect();
        for x in texts.iter().step_by(7) {
            for y in texts.iter().step_by(5) {
                check(x, y);
            }
        }
    }
}
