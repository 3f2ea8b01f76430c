//! Several principals side by side: rows are services, columns are reports,
//! cells are the age and status of that service in that report (`None` when
//! the report does not list the service at all).
//!
//! ```
//! use lastaccessed::report::matrix::{Cell, Matrix};
//! use lastaccessed::report::Status;
//! let m = Matrix::from_columns(vec![
//!     ("alice".into(), vec![("s3".into(), "S3".into(), Cell { age_days: Some(3), status: Status::Recent })]),
//!     ("bob".into(), vec![("s3".into(), "S3".into(), Cell { age_days: None, status: Status::Never })]),
//! ]);
//! assert_eq!(m.rows[0].cells.len(), 2);
//! assert!(!m.rows[0].unused_by_all);
//! ```

use std::collections::BTreeMap;

use super::staleness::Status;
use super::table::Direction;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cell {
    pub age_days: Option<i64>,
    pub status: Status,
}

/// A report's label and its (namespace, service name, cell) entries.
pub type Column = (String, Vec<(String, String, Cell)>);

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MatrixRow {
    pub namespace: String,
    pub name: String,
    /// One per column; `None`: the report does not grant the service.
    pub cells: Vec<Option<Cell>>,
    /// Not used within the threshold by any report that grants it.
    pub unused_by_all: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Matrix {
    /// Column labels (one per report).
    pub columns: Vec<String>,
    /// Report ids, one per column (empty when the caller has none).
    pub ids: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// Principal reports left out (past [`MAX_COLUMNS`]).
    #[serde(default)]
    pub omitted: usize,
}

/// Most principals side by side: past it, the fleet is the overview and
/// the matrix compares the first of the fleet's rows as shown.
pub const MAX_COLUMNS: usize = 200;

/// What a filtered matrix shows: indices of rows and columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub rows: Vec<usize>,
    pub columns: Vec<usize>,
}

/// Sort by service name (`None`) or by a column's age (never-used oldest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MatrixSort {
    pub column: Option<usize>,
    pub direction: Direction,
}

impl Matrix {
    /// Build from one [`Column`] per report.
    pub fn from_columns(columns: Vec<Column>) -> Self {
        let n = columns.len();
        let mut rows: BTreeMap<String, MatrixRow> = BTreeMap::new();
        for (i, (_, cells)) in columns.iter().enumerate() {
            for (ns, name, cell) in cells {
                let row = rows.entry(ns.clone()).or_insert_with(|| MatrixRow {
                    namespace: ns.clone(),
                    name: name.clone(),
                    cells: vec![None; n],
                    unused_by_all: false,
                });
                row.cells[i] = Some(*cell);
            }
        }
        let mut rows: Vec<MatrixRow> = rows.into_values().collect();
        for r in &mut rows {
            r.unused_by_all = r.cells.iter().flatten().all(|c| c.status != Status::Recent);
        }
        Matrix {
            columns: columns.into_iter().map(|(l, _)| l).collect(),
            ids: Vec::new(),
            rows,
            omitted: 0,
        }
    }

    /// The rows whose service name or namespace holds every word of
    /// `services`, and the columns whose label holds every word of
    /// `principals` (case-insensitive; empty shows all).
    ///
    /// ```
    /// use lastaccessed::report::matrix::{Cell, Matrix};
    /// use lastaccessed::report::Status;
    /// let c = Cell { age_days: Some(3), status: Status::Recent };
    /// let m = Matrix::from_columns(vec![
    ///     ("role/ci (1)".into(), vec![("s3".into(), "Amazon S3".into(), c), ("iam".into(), "IAM".into(), c)]),
    ///     ("\u{c9}quipe bob (1)".into(), vec![("s3".into(), "Amazon S3".into(), c)]),
    /// ]);
    /// // A label and a query with an accented capital (escaped: this source is
    /// // scanned for the symbols the page writes, tests/font_warmup.rs).
    /// let shown = m.shown("amazon", "\u{c9}QUIPE BOB");
    /// assert_eq!((shown.rows.len(), shown.columns), (1, vec![1]));
    /// ```
    pub fn shown(&self, services: &str, principals: &str) -> Shown {
        self.shown_folded(services, principals, &str::to_lowercase)
    }

    /// [`Matrix::shown`], with the caller's lower-casing: the page passes the
    /// browser's (Unicode, as `str::to_lowercase`), which spares the page's
    /// wasm Rust's Unicode case tables (13 KB) for this filter alone.
    pub fn shown_folded(
        &self,
        services: &str,
        principals: &str,
        fold: &dyn Fn(&str) -> String,
    ) -> Shown {
        let words = |q: &str| -> Vec<String> { q.split_whitespace().map(fold).collect() };
        let (sw, pw) = (words(services), words(principals));
        // Every word in `hay` (folded only when there are words to find).
        let holds = |w: &[String], hay: &str| w.iter().all(|x| hay.contains(x.as_str()));
        Shown {
            rows: (0..self.rows.len())
                .filter(|&i| {
                    let r = &self.rows[i];
                    sw.is_empty() || holds(&sw, &fold(&format!("{}\n{}", r.name, r.namespace)))
                })
                .collect(),
            columns: (0..self.columns.len())
                .filter(|&i| pw.is_empty() || holds(&pw, &fold(&self.columns[i])))
                .collect(),
        }
    }

    /// Stable sort of the rows.
    pub fn sort(&mut self, sort: MatrixSort) {
        // Never used is oldest; not granted sorts after everything.
        let key = |r: &MatrixRow, i: usize| match r.cells.get(i).copied().flatten() {
            None => (2, 0),
            Some(Cell { age_days: None, .. }) => (0, 0),
            Some(Cell {
                age_days: Some(d), ..
            }) => (1, -d),
        };
        self.rows.sort_by(|a, b| {
            let o = match sort.column {
                None => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                Some(i) => key(a, i).cmp(&key(b, i)),
            };
            match sort.direction {
                Direction::Ascending => o,
                Direction::Descending => o.reverse(),
            }
        });
    }
}
