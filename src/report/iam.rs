//! A small model of IAM policy evaluation, enough to check what the app
//! proposes against what it claims: explicit Deny wins; otherwise an action
//! needs an Allow in the identity policies, in the permissions boundary (when
//! there is one) and in the SCPs (when there are any).
//!
//! Actions match as IAM matches them: case-insensitively, with `*` and `?`
//! wildcards; `NotAction` and the condition operators the app writes
//! (`ArnEquals`, `ArnLike`, `StringEquals`, `StringLike` on one context key)
//! are understood. A statement with any other condition operator is treated
//! as not applying, which errs towards "not allowed" for Allow and "not
//! denied" for Deny: tests that use this model must not rely on others.
//!
//! ```
//! use lastaccessed::report::iam::{allowed, Request};
//! let allow_all: serde_json::Value = serde_json::json!({"Version": "2012-10-17",
//!     "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
//! let deny_s3 = serde_json::json!({"Version": "2012-10-17",
//!     "Statement": [{"Effect": "Deny", "Action": ["s3:*"], "Resource": "*"}]});
//! let req = Request { action: "s3:GetObject", principal_arn: "arn:aws:iam::1:role/r" };
//! assert!(allowed(&[&allow_all], None, &[], &req));
//! assert!(!allowed(&[&allow_all, &deny_s3], None, &[], &req));
//! assert!(!allowed(&[&allow_all], Some(&deny_s3), &[], &req));
//! ```

use serde_json::Value;

/// What is being asked, by whom.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `service:Action`.
    pub action: &'a str,
    /// The value of `aws:PrincipalArn`.
    pub principal_arn: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

/// IAM's wildcard match: `*` any run, `?` one character, case-insensitive.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // The common case (every IAM action name), without allocating.
        return glob(pattern.as_bytes(), text.as_bytes(), |a, b| {
            a.eq_ignore_ascii_case(b)
        });
    }
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    glob(&p, &t, |a, b| a == b)
}

/// `*` and `?` matching over any symbols, with `eq` comparing two of them.
fn glob<T: Copy + PartialEq + From<u8>>(p: &[T], t: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    let (star_sym, any_sym) = (T::from(b'*'), T::from(b'?'));
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == any_sym || (p[pi] != star_sym && eq(&p[pi], &t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star_sym {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star_sym)
}

/// A string or a list of strings, as IAM allows in most places.
fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A policy document's statements as written (`Statement` an object or an
/// array).
pub fn statement_values(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => Vec::new(),
    }
}

/// Whether an Allow statement of these `Action` patterns, or else these
/// `NotAction` ones, grants some action of the service `ns` (any case).
///
/// ```
/// use lastaccessed::report::iam::reaches_service;
/// let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
/// assert!(reaches_service(Some(&p(&["s3:Get*"])), None, "S3"));
/// assert!(reaches_service(Some(&p(&["*"])), None, "newsvc"));
/// assert!(!reaches_service(Some(&p(&["s3:*"])), None, "ec2"));
/// // A NotAction reaches a service it excludes only in part.
/// assert!(reaches_service(None, Some(&p(&["s3:Delete*"])), "s3"));
/// assert!(!reaches_service(None, Some(&p(&["s3:*"])), "s3"));
/// ```
pub fn reaches_service(action: Option<&[String]>, not_action: Option<&[String]>, ns: &str) -> bool {
    match (action, not_action) {
        (Some(patterns), _) => patterns.iter().any(|p| match p.split_once(':') {
            Some((s, _)) => wildcard_match(s, ns),
            None => p.trim() == "*",
        }),
        (None, Some(except)) => !except.iter().any(|e| wildcard_match(e, &format!("{ns}:*"))),
        (None, None) => false,
    }
}

fn action_applies(st: &Value, action: &str) -> bool {
    if let Some(a) = st.get("Action") {
        strings(a).iter().any(|p| wildcard_match(p, action))
    } else if let Some(na) = st.get("NotAction") {
        !strings(na).iter().any(|p| wildcard_match(p, action))
    } else {
        false
    }
}

fn condition_applies(st: &Value, req: &Request) -> bool {
    let Some(Value::Object(ops)) = st.get("Condition") else {
        return true;
    };
    ops.iter().all(|(op, keys)| {
        let Value::Object(keys) = keys else {
            return false;
        };
        keys.iter().all(|(key, values)| {
            let actual = if key.eq_ignore_ascii_case("aws:PrincipalArn") {
                req.principal_arn
            } else {
                return false;
            };
            let values = strings(values);
            match op.as_str() {
                "ArnEquals" | "StringEquals" => values.contains(&actual),
                "ArnLike" | "StringLike" => values.iter().any(|v| wildcard_match(v, actual)),
                _ => false,
            }
        })
    })
}

fn matching(docs: &[&Value], req: &Request, effect: Effect) -> bool {
    docs.iter().flat_map(|d| statement_values(d)).any(|st| {
        let e = match st.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            _ => return false,
        };
        e == effect && action_applies(st, req.action) && condition_applies(st, req)
    })
}

/// Whether the request is allowed by the principal's identity policies,
/// capped by its permissions boundary (if any) and the SCPs (if any).
pub fn allowed(
    identity: &[&Value],
    boundary: Option<&Value>,
    scps: &[&Value],
    req: &Request,
) -> bool {
    let all: Vec<&Value> = identity
        .iter()
        .copied()
        .chain(boundary)
        .chain(scps.iter().copied())
        .collect();
    if matching(&all, req, Effect::Deny) {
        return false;
    }
    matching(identity, req, Effect::Allow)
        && boundary.is_none_or(|b| matching(&[b], req, Effect::Allow))
        && (scps.is_empty() || matching(scps, req, Effect::Allow))
}

/// Whether the request is allowed in an organization whose SCPs are
/// attached at `levels` (the root's, then each OU's down to the account's):
/// an SCP at every level must allow it, and no Deny anywhere may deny it.
/// (`allowed` reads its SCPs as one level.)
pub fn allowed_through(identity: &[&Value], levels: &[&[&Value]], req: &Request) -> bool {
    let scps: Vec<&Value> = levels.iter().flat_map(|l| l.iter().copied()).collect();
    allowed(identity, None, &scps, req) && levels.iter().all(|l| matching(l, req, Effect::Allow))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_as_iam_matches_them() {
        assert!(wildcard_match("s3:Get*", "s3:GetObject"));
        assert!(wildcard_match("S3:GET*", "s3:getobject"));
        assert!(wildcard_match("s3:*Object*", "s3:PutObjectAcl"));
        assert!(wildcard_match("*", "iam:PassRole"));
        assert!(wildcard_match("ec2:?escribe*", "ec2:DescribeInstances"));
        assert!(!wildcard_match("s3:Get*", "s3:PutObject"));
        assert!(!wildcard_match("s3:*", "s3control:GetJob"));
        assert!(wildcard_match(
            "arn:aws:iam::*:role/x",
            "arn:aws:iam::1:role/x"
        ));
    }

    #[test]
    fn deny_wins_and_every_layer_must_allow() {
        let id = json!({"Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]});
        let boundary_no_allow =
            json!({"Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]});
        let r = |a| Request {
            action: a,
            principal_arn: "arn:aws:iam::1:role/a",
        };
        assert!(allowed(&[&id], None, &[], &r("s3:GetObject")));
        assert!(!allowed(&[&id], None, &[], &r("kms:Decrypt")));
        // A boundary with no Allow grants nothing at all.
        assert!(!allowed(
            &[&id],
            Some(&boundary_no_allow),
            &[],
            &r("s3:GetObject")
        ));
        let scp = json!({"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
            "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::1:role/a"}}}]});
        let full = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        assert!(!allowed(&[&id], None, &[&full, &scp], &r("s3:GetObject")));
        let other = Request {
            action: "s3:GetObject",
            principal_arn: "arn:aws:iam::1:role/b",
        };
        assert!(allowed(&[&id], None, &[&full, &scp], &other));
        let not_action =
            json!({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]});
        assert!(allowed(&[&not_action], None, &[], &r("s3:GetObject")));
        assert!(!allowed(&[&not_action], None, &[], &r("iam:PassRole")));
    }
}
