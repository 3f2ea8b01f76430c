//! A line diff of two texts (a policy before and after its rewrite, or
//! against IAM Access Analyzer's recommendation), as the panels show it. The
//! engine makes it once per plan; the page only draws the lines.
//!
//! The lines are matched by [`similar`]'s Myers diff (linear memory; time
//! grows with the number of changed lines, so two unrelated documents are
//! its slow case, never a rewrite's). Then each run of removed (or added) lines is slid to
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
    /// Unchanged lines left out (see [`fold`]): how many.
    Folded(u32),
}

impl Mark {
    /// The CSS class the panels draw it with.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Same => "same",
            Mark::Removed => "del",
            Mark::Added => "add",
            Mark::Folded(_) => "fold",
        }
    }
}

/// One line of a diff: unchanged lines are shown as they are after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub mark: Mark,
    pub text: String,
}

impl DiffLine {
    /// The line as the panels print it: its sign, then its text.
    pub fn display(&self) -> String {
        match self.mark {
            Mark::Same => format!("  {}\n", self.text),
            Mark::Removed => format!("- {}\n", self.text),
            Mark::Added => format!("+ {}\n", self.text),
            Mark::Folded(1) => "  … 1 unchanged line\n".to_string(),
            Mark::Folded(n) => format!("  … {n} unchanged lines\n"),
        }
    }
}

/// Unchanged lines kept on each side of a change when the rest are folded.
pub const CONTEXT: usize = 4;

/// The diff as the panels show it: each run of unchanged lines cut to
/// [`CONTEXT`] lines beside the changes, the rest folded into one line
/// that says how many (when that leaves out three or more). A large AWS
/// managed policy is thousands of lines, and the few that change are what
/// a reviewer reads.
///
/// ```
/// use lastaccessed::report::diff::{diff, fold, Mark};
/// let before: String = (0..20).map(|i| format!("line {i}\n")).collect();
/// let after = before.replace("line 10\n", "");
/// let d = fold(diff(&before, &after), 4);
/// let marks: Vec<Mark> = d.iter().map(|l| l.mark).collect();
/// assert_eq!(marks[0], Mark::Folded(6));
/// assert_eq!(marks[5], Mark::Removed);
/// assert_eq!(*marks.last().unwrap(), Mark::Folded(5));
/// assert_eq!(d.len(), 1 + 4 + 1 + 4 + 1);
/// ```
pub fn fold(lines: Vec<DiffLine>, context: usize) -> Vec<DiffLine> {
    const AT_LEAST: usize = 3;
    let n = lines.len();
    let same: Vec<bool> = lines.iter().map(|l| l.mark == Mark::Same).collect();
    let mut out = Vec::with_capacity(n.min(64));
    let mut lines = lines.into_iter();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && same[j] {
            j += 1;
        }
        if j == i {
            out.extend(lines.next());
            i += 1;
            continue;
        }
        // A run of unchanged lines [i, j): keep its ends next to changes.
        let head = if i == 0 { 0 } else { context };
        let tail = if j == n { 0 } else { context };
        let hidden = (j - i).saturating_sub(head + tail);
        if hidden >= AT_LEAST {
            out.extend(lines.by_ref().take(head));
            lines.by_ref().take(hidden).for_each(drop);
            out.push(DiffLine {
                mark: Mark::Folded(u32::try_from(hidden).unwrap_or(u32::MAX)),
                text: String::new(),
            });
            out.extend(lines.by_ref().take(tail));
        } else {
            out.extend(lines.by_ref().take(j - i));
        }
        i = j;
    }
    out
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
    let changed = |it: &Item| !matches!(it, Item::Same(..));
    let mut s = 0;
    while s < items.len() {
        if !changed(&items[s]) {
            s += 1;
            continue;
        }
        let kind = std::mem::discriminant(&items[s]);
        let mut e = s + 1;
        while e < items.len() && std::mem::discriminant(&items[e]) == kind {
            e += 1;
        }
        // A run next to a run of the other kind is a replacement: left as is.
        let pure = (s == 0 || !changed(&items[s - 1])) && (e == items.len() || !changed(&items[e]));
        s = if !pure {
            e
        } else if matches!(items[s], Item::Removed(_)) {
            best_place(items, s, e, a, ka).1
        } else {
            best_place(items, s, e, b, kb).1
        };
    }
}

/// One side of the diff (the old text for a run of removed lines, the new
/// one for added lines), and the moves of a run on it.
struct Side<'t> {
    removed: bool,
    text: &'t [&'t str],
    keys: &'t [&'t str],
}

impl Side<'_> {
    /// The line an item stands for on this side.
    fn line(&self, it: Item) -> usize {
        match it {
            Item::Same(i, j) => {
                if self.removed {
                    i
                } else {
                    j
                }
            }
            Item::Removed(i) | Item::Added(i) => i,
        }
    }

    /// An unchanged line's place on the other side.
    fn other(&self, it: Item) -> usize {
        match it {
            Item::Same(i, j) => {
                if self.removed {
                    j
                } else {
                    i
                }
            }
            Item::Removed(_) | Item::Added(_) => 0,
        }
    }

    fn changed(&self, line: usize) -> Item {
        if self.removed {
            Item::Removed(line)
        } else {
            Item::Added(line)
        }
    }

    fn same(&self, line: usize, other: usize) -> Item {
        if self.removed {
            Item::Same(line, other)
        } else {
            Item::Same(other, line)
        }
    }

    /// Whether unchanged item `u` reads as the run's line `r` (so the two
    /// can trade places).
    fn trades(&self, u: Item, r: Item) -> bool {
        matches!(u, Item::Same(..)) && self.keys[self.line(u)] == self.keys[self.line(r)]
    }

    /// Moves the run `items[s..e]` one line up: the unchanged line before it
    /// becomes its first, its last becomes unchanged; the lines between
    /// keep their places.
    fn up(&self, items: &mut [Item], s: usize, e: usize) {
        let (before, last) = (items[s - 1], items[e - 1]);
        items[s - 1] = self.changed(self.line(before));
        items[e - 1] = self.same(self.line(last), self.other(before));
    }

    /// Moves the run `items[s..e]` one line down.
    fn down(&self, items: &mut [Item], s: usize, e: usize) {
        let (first, after) = (items[s], items[e]);
        items[s] = self.same(self.line(first), self.other(after));
        items[e] = self.changed(self.line(after));
    }

    /// How well the run reads where it is: the indents of its first and
    /// last lines (lower is better).
    fn score(&self, items: &[Item], s: usize, e: usize) -> usize {
        indent(self.text[self.line(items[s])]) + indent(self.text[self.line(items[e - 1])])
    }
}

/// Moves the run `items[s..e]` to its best place; returns where it is.
fn best_place(
    items: &mut [Item],
    mut s: usize,
    mut e: usize,
    text: &[&str],
    keys: &[&str],
) -> (usize, usize) {
    let side = Side {
        removed: matches!(items[s], Item::Removed(_)),
        text,
        keys,
    };
    // Up as far as it goes, then down one line at a time, scoring each place.
    while s > 0 && side.trades(items[s - 1], items[e - 1]) {
        side.up(items, s, e);
        (s, e) = (s - 1, e - 1);
    }
    let (mut best, mut best_at, mut moved) = (side.score(items, s, e), 0, 0);
    while e < items.len() && side.trades(items[e], items[s]) {
        side.down(items, s, e);
        (s, e, moved) = (s + 1, e + 1, moved + 1);
        let score = side.score(items, s, e);
        if score <= best {
            (best, best_at) = (score, moved);
        }
    }
    // Back up to the best place.
    for _ in best_at..moved {
        side.up(items, s, e);
        (s, e) = (s - 1, e - 1);
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signs(d: &[DiffLine]) -> String {
        d.iter().map(DiffLine::display).collect()
    }

    /// The lines marked so, trimmed.
    fn marked(d: &[DiffLine], mark: Mark) -> Vec<&str> {
        d.iter()
            .filter(|l| l.mark == mark)
            .map(|l| l.text.trim())
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
        let gone = marked(&d, Mark::Removed);
        assert_eq!(gone, ["{", "\"Sid\": \"B\"", "},"], "{}", signs(&d));
    }

    #[test]
    fn the_last_statement_taken_out() {
        let before = "[\n  {\n    \"Sid\": \"A\"\n  },\n  {\n    \"Sid\": \"B\"\n  }\n]";
        let after = "[\n  {\n    \"Sid\": \"A\"\n  }\n]";
        let d = check(before, after);
        let gone = marked(&d, Mark::Removed);
        assert_eq!(gone, ["{", "\"Sid\": \"B\"", "}"], "{}", signs(&d));
    }

    #[test]
    fn added_lines_slide_too_and_replacements_stay() {
        let before = "[\n  {\n    \"Sid\": \"A\"\n  }\n]";
        let after = "[\n  {\n    \"Sid\": \"A\"\n  },\n  {\n    \"Sid\": \"B\"\n  }\n]";
        let d = check(before, after);
        let new = marked(&d, Mark::Added);
        assert_eq!(new, ["{", "\"Sid\": \"B\"", "}"], "{}", signs(&d));
        let d = check("a\nb\nc", "a\nx\nc");
        assert_eq!(signs(&d), "  a\n- b\n+ x\n  c\n");
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

    #[test]
    fn folding_keeps_the_changes_and_their_context() {
        let before: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let after = before
            .replace("line 3\n", "")
            .replace("line 30\n", "line 30 changed\n");
        let d = fold(diff(&before, &after), CONTEXT);
        let shown: Vec<String> = d.iter().map(DiffLine::display).collect();
        // Lines 0-2 before the first change: fewer than three would go.
        assert_eq!(
            shown[..4],
            ["  line 0\n", "  line 1\n", "  line 2\n", "- line 3\n"]
        );
        // Between the changes: 4 + folded 18 + 4; after the last: 4 + folded 5.
        assert_eq!(shown[8], "  … 18 unchanged lines\n");
        assert_eq!(shown.last().unwrap(), "  … 5 unchanged lines\n");
        assert!(shown.contains(&"- line 30\n".to_string()));
        assert!(shown.contains(&"+ line 30 changed\n".to_string()));
        // Every change is there, and the counts add up to every line.
        let count = |m: fn(&Mark) -> bool| d.iter().filter(|l| m(&l.mark)).count();
        assert_eq!(count(|m| *m == Mark::Removed), 2);
        assert_eq!(count(|m| *m == Mark::Added), 1);
        let folded: u32 = d
            .iter()
            .map(|l| match l.mark {
                Mark::Folded(n) => n,
                _ => 0,
            })
            .sum();
        assert_eq!(folded as usize + count(|m| *m == Mark::Same), 38);
        // Nothing changed: one line says so.
        let d = fold(diff(&before, &before), CONTEXT);
        assert_eq!(
            d.iter().map(DiffLine::display).collect::<String>(),
            "  … 40 unchanged lines\n"
        );
        // Short texts are not folded.
        assert_eq!(fold(diff("a\nb", "a"), CONTEXT).len(), 2);
    }
}
