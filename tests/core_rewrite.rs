//! The rewrite: only what the report proves unused goes; checked on the
//! fixtures of one account and, as properties, over generated policies and
//! reports against the IAM evaluation model (`report::iam`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::authz::{parse_authz, Authz};
use lastaccessed::report::catalog::{catalog, ActionRef};
use lastaccessed::report::granted::policies_of;
use lastaccessed::report::iam::{allowed, Request};
use lastaccessed::report::rewrite::{rewrite_document, rewrite_document_with, Evidence};
use lastaccessed::report::staleness::Status;
use proptest::prelude::*;
use serde_json::{json, Value};

const ROLE: &str = "arn:aws:iam::444455556666:role/data-pipeline";

/// What xml/report.xml says (action level): athena never, glue stale (172
/// days before the report), s3 recent with its tracked bucket actions
/// GetBucketLocation used and PutBucketPolicy never (its object actions,
/// GetObject and PutObject, are not tracked: the report cannot list them).
fn pipeline_evidence() -> Evidence {
    Evidence::new(
        &[
            ("athena", Status::Never),
            ("glue", Status::Stale),
            ("s3", Status::Recent),
        ],
        &[
            ("s3", "GetBucketLocation", Status::Recent),
            ("s3", "PutBucketPolicy", Status::Never),
        ],
        90,
    )
}

fn policy(name: &str) -> Value {
    let authz = Authz::merge([&parse_authz(&bytes("authz/boto3.json")).unwrap().unwrap()]);
    let (policies, _) = policies_of(&authz, ROLE).unwrap();
    policies
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .document
}

#[test]
fn the_pipeline_roles_policies() {
    let ev = pipeline_evidence();
    // Inline: PutBucketPolicy (tracked, never used) and athena:* (never) go;
    // the object actions (untracked, in a used service), the Deny and the
    // NOREPO statement stay exactly as they were.
    let before = policy("pipeline-inline");
    let r = rewrite_document(catalog(), &before, &ev);
    assert!(r.changed);
    let after = r.document.unwrap();
    let st = after["Statement"].as_array().unwrap();
    assert_eq!(st.len(), 4, "{after:#}");
    assert_eq!(st[0], before["Statement"][0], "the object actions");
    assert_eq!(st[1]["Action"], json!(["s3:GetBucketLocation"]));
    assert_eq!(st[1]["Resource"], before["Statement"][1]["Resource"]);
    assert_eq!(st[1]["Sid"], "Bucket");
    assert_eq!(st[2], before["Statement"][3], "the Deny");
    assert_eq!(st[3], before["Statement"][4], "NOREPO");
    assert_eq!(r.removed, ["s3:PutBucketPolicy", "athena:*"]);
    assert!(
        r.reasons
            .iter()
            .any(|x| x == "athena never used in the tracking period"),
        "{:?}",
        r.reasons
    );
    assert!(r
        .reasons
        .iter()
        .any(|x| x.starts_with("s3:PutBucketPolicy tracked, never used")));
    // Customer managed: glue:* (stale) goes, s3:List* (used service, untracked actions) stays.
    let r = rewrite_document(catalog(), &policy("GlueAccess"), &ev);
    assert_eq!(
        r.document.unwrap()["Statement"]["Action"],
        json!(["s3:List*"])
    );
    assert!(r
        .reasons
        .iter()
        .any(|x| x == "glue not used in the last 90 days"));
    // AWS managed S3 read-only: nothing it grants is proven unused.
    let r = rewrite_document(catalog(), &policy("AmazonS3ReadOnlyAccess"), &ev);
    assert!(!r.changed);
}

#[test]
fn what_the_data_cannot_prove_stays() {
    let ev = Evidence::new(
        &[
            ("iam", Status::Never),
            ("s3", Status::Recent),
            ("ec2", Status::Stale),
        ],
        &[],
        90,
    );
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:*", "s3:GetObject", "lambda:*", "s3:SomeFutureAction"], "Resource": "*"}]});
    let r = rewrite_document(catalog(), &doc, &ev);
    let actions = r.document.unwrap()["Statement"][0]["Action"].clone();
    // iam:PassRole is never recorded: kept (in the place of iam:*) when the
    // rest of iam goes; no data (lambda) and unknown actions stay.
    assert_eq!(
        actions,
        json!([
            "iam:PassRole",
            "s3:GetObject",
            "lambda:*",
            "s3:SomeFutureAction"
        ])
    );
    // NotAction and "*" become explicit lists without the unused services.
    for doc in [
        json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}),
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    ] {
        let r = rewrite_document(catalog(), &doc, &ev);
        let after = r.document.unwrap();
        let st = if after["Statement"].is_array() {
            after["Statement"][0].clone()
        } else {
            after["Statement"].clone()
        };
        assert!(st.get("NotAction").is_none());
        let list: Vec<&str> = st["Action"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            list.contains(&"s3:*") && list.contains(&"lambda:*"),
            "{list:?}"
        );
        assert!(!list.iter().any(|a| a.starts_with("ec2:")), "ec2 is stale");
    }
    // A statement left with nothing goes; a document left with none is None.
    let doc = json!({"Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]});
    assert_eq!(rewrite_document(catalog(), &doc, &ev).document, None);
}

#[test]
fn what_the_report_knows_and_the_catalog_does_not_yet_is_judged_too() {
    // A report made after the catalog was pinned: a tracked S3 action and a
    // whole service the catalog does not know, one used and one not.
    let ev = Evidence::new(
        &[
            ("s3", Status::Recent),
            ("newsvc", Status::Recent),
            ("oldsvc", Status::Never),
        ],
        &[
            ("s3", "PutBucketPolicy", Status::Never),
            ("s3", "NewAction", Status::Recent),
            ("s3", "NewUnused", Status::Stale),
        ],
        90,
    );
    let list = |doc: &Value| -> Vec<String> {
        let st = &doc["Statement"][0];
        let v = st.get("Action").or(st.get("NotAction")).unwrap();
        v.as_array()
            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_else(|| vec![v.as_str().unwrap().to_string()])
    };
    // s3:* narrowed: the used new action stays by name, the unused ones go.
    let doc = json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]});
    let r = rewrite_document(catalog(), &doc, &ev);
    let after = list(r.document.as_ref().unwrap());
    assert!(after.contains(&"s3:NewAction".to_string()), "{after:?}");
    assert!(after.contains(&"s3:GetObject".to_string()));
    assert!(!after
        .iter()
        .any(|a| a == "s3:*" || a == "s3:PutBucketPolicy"));
    assert!(r
        .reasons
        .contains(&"s3:NewUnused tracked, not used in the last 90 days".to_string()));
    // "*" as a list: the used new service stays whole, the unused one goes.
    let star = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let r = rewrite_document(catalog(), &star, &ev);
    let after = list(r.document.as_ref().unwrap());
    assert!(after.contains(&"newsvc:*".to_string()));
    assert!(after.contains(&"s3:NewAction".to_string()));
    assert!(!after.iter().any(|a| a.starts_with("oldsvc:")));
    assert!(r
        .reasons
        .contains(&"oldsvc never used in the tracking period".to_string()));
    // Kept as NotAction (too long to list): the unused ones are excluded too.
    let r = rewrite_document_with(catalog(), &star, &ev, false);
    let not = list(r.document.as_ref().unwrap());
    for p in ["oldsvc:*", "s3:NewUnused", "s3:PutBucketPolicy"] {
        assert!(not.contains(&p.to_string()), "{p} in {not:?}");
    }
    assert!(!not
        .iter()
        .any(|a| a.starts_with("newsvc") || a == "s3:NewAction"));
    // A pattern that names only what the report proves unused goes; one
    // the report cannot judge stays.
    let doc = json!({"Statement": [{"Effect": "Allow",
        "Action": ["oldsvc:*", "s3:NewUnused", "newsvc:Get*", "unknownsvc:*"], "Resource": "*"}]});
    let r = rewrite_document(catalog(), &doc, &ev);
    assert_eq!(r.removed, ["oldsvc:*", "s3:NewUnused"]);
    assert_eq!(
        list(r.document.as_ref().unwrap()),
        ["newsvc:Get*", "unknownsvc:*"]
    );
    for narrow in [true, false] {
        let again = rewrite_document_with(catalog(), r.document.as_ref().unwrap(), &ev, narrow);
        assert!(!again.changed);
    }
}

// ---- properties over generated policies and reports -------------------------

#[test]
fn not_action_too_long_to_list_excludes_the_unused_instead() {
    // bob's inline policy: everything but iam and organizations. Listing what
    // remains is thousands of characters; kept as NotAction, it excludes the
    // services proven unused (whole) and an unused tracked action of a used one.
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Sid": "All", "Effect": "Allow",
        "NotAction": ["iam:*", "organizations:*"], "Resource": "*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]});
    let ev = Evidence::new(
        &[
            ("ec2", Status::Never),
            ("glue", Status::Stale),
            ("s3", Status::Recent),
        ],
        &[
            ("s3", "PutBucketPolicy", Status::Never),
            ("s3", "GetBucketLocation", Status::Recent),
        ],
        90,
    );
    let r = rewrite_document_with(catalog(), &doc, &ev, false);
    assert_eq!(r.removed, ["ec2:*", "glue:*", "s3:PutBucketPolicy"]);
    let st = &r.document.as_ref().unwrap()["Statement"][0];
    assert_eq!(
        st["NotAction"],
        json!([
            "iam:*",
            "organizations:*",
            "ec2:*",
            "glue:*",
            "s3:PutBucketPolicy"
        ])
    );
    assert!(st.get("Action").is_none());
    assert_eq!(st["Condition"], doc["Statement"][0]["Condition"]);
    assert_eq!(st["Sid"], "All");
    // "*" becomes a NotAction of what is unused.
    let star = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}});
    let r = rewrite_document_with(catalog(), &star, &ev, false);
    assert_eq!(
        r.document.as_ref().unwrap()["Statement"]["NotAction"],
        json!(["ec2:*", "glue:*", "s3:PutBucketPolicy"])
    );
    // Already excluded: nothing more to do.
    let again = rewrite_document_with(catalog(), r.document.as_ref().unwrap(), &ev, false);
    assert!(!again.changed);
}

const PATTERNS: &[&str] = &[
    "s3:*",
    "s3:Get*",
    "s3:GetObject",
    "s3:PutObject",
    "s3:PutBucketPolicy",
    "s3:*Bucket*",
    "s3:*Object*",
    "athena:*",
    "glue:Get*",
    "iam:*",
    "iam:PassRole",
    "iam:List*",
    "ec2:Describe*",
    "ec2:RunInstances",
    "*",
    "s*:List*",
    "kms:Decrypt",
    // A service and an action newer than the catalog (reports list them).
    "newsvc:*",
    "newsvc:Do*",
    "s3:NewAction",
    "s3:New*",
    "n*:*",
];
const SERVICES: &[&str] = &["s3", "athena", "glue", "iam", "ec2", "kms", "newsvc"];
const TRACKED: &[(&str, &str)] = &[
    ("s3", "GetBucketLocation"),
    ("s3", "PutBucketPolicy"),
    ("ec2", "RunInstances"),
    ("iam", "CreateRole"),
    ("s3", "NewAction"),
    ("newsvc", "DoThing"),
];

fn status() -> impl Strategy<Value = Option<Status>> {
    prop_oneof![
        Just(None),
        Just(Some(Status::Recent)),
        Just(Some(Status::Stale)),
        Just(Some(Status::Never))
    ]
}

fn statement() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(prop::sample::select(PATTERNS), 1..4),
        0..10u8,
        any::<bool>(),
    )
        .prop_map(|(actions, kind, cond)| {
            let mut st = json!({"Effect": "Allow", "Action": actions, "Resource": ["arn:aws:s3:::b/*", "*"]});
            match kind {
                0 => st["Effect"] = json!("Deny"),
                1 => st["Sid"] = json!("norepoKeep"),
                2 => {
                    let a = st["Action"].take();
                    st.as_object_mut().unwrap().remove("Action");
                    st["NotAction"] = a;
                }
                _ => st["Sid"] = json!(format!("S{kind}")),
            }
            if cond {
                st["Condition"] = json!({"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::1:role/r"}});
            }
            st
        })
}

/// Evidence, and the tracked actions it lists.
fn evidence() -> impl Strategy<Value = (Evidence, Vec<(&'static str, &'static str)>)> {
    (
        prop::collection::vec(status(), SERVICES.len()),
        prop::collection::vec(status(), TRACKED.len()),
    )
        .prop_map(|(s, t)| {
            let services: Vec<(&str, Status)> = SERVICES
                .iter()
                .zip(s)
                .filter_map(|(ns, st)| st.map(|st| (*ns, st)))
                .collect();
            let actions: Vec<(&str, &str, Status)> = TRACKED
                .iter()
                .zip(t)
                .filter_map(|((ns, a), st)| st.map(|st| (*ns, *a, st)))
                .collect();
            let tracks = actions.iter().map(|(ns, a, _)| (*ns, *a)).collect();
            (Evidence::new(&services, &actions, 90), tracks)
        })
}

/// The actions the properties are checked on (service, action): every
/// catalog action of the services in play, one of a service no report
/// mentions, the tracked actions the catalog does not know, and two actions
/// neither the catalog nor a report names.
fn probe_actions() -> Vec<(String, String)> {
    let refs: Vec<ActionRef> = SERVICES
        .iter()
        .flat_map(|s| catalog().expand(&format!("{s}:*")))
        .chain(catalog().expand("lambda:InvokeFunction"))
        .collect();
    let mut v: Vec<(String, String)> = refs
        .iter()
        .map(|a| (a.service.to_string(), a.action.to_string()))
        .collect();
    for (s, a) in TRACKED
        .iter()
        .copied()
        .chain([("newsvc", "Other"), ("s3", "FutureUntracked")])
    {
        if catalog().level(s, a).is_none() {
            v.push((s.to_string(), a.to_string()));
        }
    }
    v
}

/// Whether the catalog or the report names this action: an explicit list
/// can only name what one of them knows.
fn known(ev_tracks: &[(&str, &str)], service: &str, action: &str) -> bool {
    catalog().level(service, action).is_some()
        || ev_tracks
            .iter()
            .any(|(s, a)| s.eq_ignore_ascii_case(service) && a.eq_ignore_ascii_case(action))
}

fn allows(doc: Option<&Value>, action: &str) -> bool {
    doc.is_some_and(|d| {
        allowed(
            &[d],
            None,
            &[],
            &Request {
                action,
                principal_arn: "arn:aws:iam::1:role/r",
            },
        )
    })
}

fn kept_as_is(st: &Value) -> bool {
    st["Effect"] == "Deny"
        || st
            .get("Sid")
            .and_then(Value::as_str)
            .is_some_and(|s| s.to_ascii_uppercase().starts_with("NOREPO"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn a_rewrite_never_grants_more_keeps_what_is_used_and_is_idempotent(
        statements in prop::collection::vec(statement(), 1..4),
        (ev, tracks) in evidence(),
    ) {
        let before = json!({"Version": "2012-10-17", "Statement": statements});
        // Both ways: narrowing wildcards to lists, and keeping them as written.
        for narrow in [true, false] {
        let r = rewrite_document_with(catalog(), &before, &ev, narrow);
        let after = r.document.as_ref();
        for (service, action) in probe_actions() {
            let name = format!("{service}:{action}");
            let (b, n) = (allows(Some(&before), &name), allows(after, &name));
            // Never more.
            prop_assert!(!n || b, "{name} allowed only after: {after:?}");
            // Everything not proven unused that was allowed still is (of
            // what an explicit list can name: the catalog's, the report's).
            if b && ev.unused_of(&service, &action).is_none() && known(&tracks, &service, &action) {
                prop_assert!(n, "{name} was allowed and is not proven unused; after: {after:?}");
            }
        }
        let before_st = before["Statement"].as_array().unwrap();
        if let Some(after) = after {
            let after_st: Vec<Value> = match &after["Statement"] {
                Value::Array(a) => a.clone(),
                v => vec![v.clone()],
            };
            // Deny and NOREPO statements identical, in the same order.
            let keep = |v: &[Value]| v.iter().filter(|s| kept_as_is(s)).cloned().collect::<Vec<_>>();
            prop_assert_eq!(keep(before_st), keep(&after_st));
            // Every other key of every statement is one of the original's.
            for st in &after_st {
                let strip = |s: &Value| {
                    let mut m = s.as_object().unwrap().clone();
                    m.remove("Action");
                    m.remove("NotAction");
                    m
                };
                prop_assert!(before_st.iter().any(|b| strip(b) == strip(st)), "{st} has keys no original had");
            }
            // A second rewrite changes nothing.
            let again = rewrite_document_with(catalog(), after, &ev, narrow);
            prop_assert!(!again.changed, "second rewrite changed {after} into {:?}", again.document);
        } else {
            // Nothing left: every statement was an Allow.
            prop_assert!(!before_st.iter().any(kept_as_is));
        }
        }
    }
}
