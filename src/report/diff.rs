//! A line diff of two texts (a policy before and after its rewrite), as the
//! rewrite panel shows it.
//!
//! ```
//! use lastaccessed::report::diff::diff;
//! let before = "[\n  \"a\",\n  \"b\",\n  \"c\"\n]";
//! let after = "[\n  \"a\",\n  \"b\"\n]";
//! let d = diff(before, after);
//! // Only "c" goes: "b" lost its comma, and is the same line.
//! assert_eq!(d.iter().filter(|(m, _)| *m != ' ').collect::<Vec<_>>(), [&('-', "  \"c\"".to_string())]);
//! assert!(d.contains(&(' ', "  \"b\"".to_string())));
//! ```

/// A line diff (longest common subsequence): `-` removed, `+` added. Lines
/// that differ only by a trailing comma (the last item of a list that lost
/// its successor) are the same line, shown as it is after.
pub fn diff(before: &str, after: &str) -> Vec<(char, String)> {
    let key = |l: &str| l.strip_suffix(',').unwrap_or(l).to_string();
    let a: Vec<String> = before.lines().map(key).collect();
    let b: Vec<String> = after.lines().map(key).collect();
    let (before_lines, after_lines): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    let (n, m) = (a.len(), b.len());
    let mut l = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if a[i] == b[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((' ', after_lines[j].to_string()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || l[i][j + 1] >= l[i + 1][j]) {
            out.push(('+', after_lines[j].to_string()));
            j += 1;
        } else {
            out.push(('-', before_lines[i].to_string()));
            i += 1;
        }
    }
    out
}
